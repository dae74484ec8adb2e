"""The PDF renderer: a valid, embedded-font, linked and outlined PDF that prints any text literally,
read back as a reader's software would (qpdf, poppler, pypdf)."""

from __future__ import annotations

import dataclasses
import html
import io
import re
import shutil
import subprocess
from pathlib import Path
from types import MappingProxyType

import pytest
from builders import para, sample_brief

from briefgen.model import Cite, Paragraph, Ref, Section, Text
from briefgen.render import Rendered
from briefgen.theme import ThemeError, load_theme

pypdf = pytest.importorskip("pypdf")

STANDARD_14 = {
    "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "Helvetica", "Helvetica-Bold",
    "Helvetica-Oblique", "Helvetica-BoldOblique", "Times-Roman", "Times-Bold", "Times-Italic",
    "Times-BoldItalic", "Symbol", "ZapfDingbats",
}


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"`{tool}` is not installed (poppler-utils / qpdf)")
    return path


def _render(brief=None, theme=None) -> Rendered:
    from briefgen.render.pdf import render

    return render(brief or sample_brief(), theme=theme or load_theme("default"))


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Rendered, Path]:
    rendered = _render()
    path = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    path.write_bytes(rendered.data)
    return rendered, path


def _text(path: Path, page: int | None = None) -> str:
    cmd = [_need("pdftotext"), "-enc", "UTF-8"]
    if page is not None:
        cmd += ["-f", str(page), "-l", str(page)]
    return subprocess.run(cmd + [str(path), "-"], check=True, capture_output=True, text=True).stdout


def _words(path: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """Return (word, x0, top, x1, bottom) on 1-based `page`, in PDF points with y measured upwards."""
    out = subprocess.run([_need("pdftotext"), "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
                         check=True, capture_output=True, text=True).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', out).group(1))
    words = []
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', out):
        x0, y0, x1, y1 = (float(v) for v in m.groups()[:4])
        words.append((html.unescape(m.group(5)), x0, height - y0, x1, height - y1))
    return words


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_output_passes_qpdf_check(sample: tuple[Rendered, Path]) -> None:
    _, path = sample
    result = subprocess.run([_need("qpdf"), "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


def test_only_embedded_theme_fonts_and_none_of_the_standard_14(sample: tuple[Rendered, Path]) -> None:
    _, path = sample
    out = subprocess.run([_need("pdffonts"), str(path)], check=True, capture_output=True, text=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows, out
    for row in rows:
        name = row[0].split("+")[-1]
        assert name not in STANDARD_14, out
        assert name.startswith("Carlito"), out
        emb = row[-5]
        assert emb == "yes", out


def test_headings_quotes_and_non_latin_text_extract_in_reading_order(sample: tuple[Rendered, Path]) -> None:
    _, path = sample
    text = _flat(_text(path))
    brief = sample_brief()
    expected = [s.heading for s in brief.sections] + ["Notes", "Sources"]
    positions = [text.find(h) for h in expected]
    assert all(p >= 0 for p in positions), list(zip(expected, positions))
    assert positions == sorted(positions)
    # the non-Latin sentence inside its section, between its heading and the next
    assert text.find("Background") < text.find("Cyrillic: Москва, Нигер. Greek: Αθήνα, Σαχέλ.") < text.find("New partners")
    notes_at = text.find("Notes")
    for note in brief.notes:
        quote = note.evidence[0].quote
        assert text.find(quote, notes_at) > notes_at, quote


def test_hostile_markup_prints_literally(sample: tuple[Rendered, Path]) -> None:
    _, path = sample
    text = _flat(_text(path))
    assert ('Markup must print literally: <b>bold</b> <font name=x>f</font> '
            '<a href="javascript:alert(1)">x</a> & &amp; ]]> < >.') in text
    assert "Sahel Security Realignment <b>&amp;</b>" in text


def test_unbreakable_token_wraps_inside_the_text_column(sample: tuple[Rendered, Path]) -> None:
    _, path = sample
    text = _text(path)
    assert "x" * 480 in re.sub(r"\s+", "", text)
    right_edge = 595.28 - 25 * 72 / 25.4
    for page in range(1, sample[0].pages + 1):
        for word, _x0, _top, x1, _bottom in _words(path, page):
            assert x1 <= right_edge + 1.0, (page, word[:20], x1)


def test_metadata_and_language_come_from_the_brief(sample: tuple[Rendered, Path]) -> None:
    _, path = sample
    reader = pypdf.PdfReader(path)
    meta = reader.metadata
    assert meta.title == "Sahel Security Realignment <b>&amp;</b>"
    assert meta.author == "briefgen example"
    assert meta.subject == "Niger turns from the West to Russia"
    assert meta["/Keywords"] == "niger, russia"
    assert meta.creator == "briefgen 0.1.0"
    assert meta["/CreationDate"].startswith("D:20240501")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert root["/PageMode"] == "/UseOutlines"
    info = subprocess.run([_need("pdfinfo"), str(path)], check=True, capture_output=True, text=True).stdout
    assert "A4" in info


def test_every_heading_has_a_bookmark_on_its_own_page(sample: tuple[Rendered, Path]) -> None:
    rendered, path = sample
    reader = pypdf.PdfReader(path)

    def walk(items, depth=0):
        for item in items:
            if isinstance(item, list):
                yield from walk(item, depth + 1)
            else:
                yield item.title, depth, reader.get_destination_page_number(item)

    marks = list(walk(reader.outline))
    brief = sample_brief()
    assert [(t, d) for t, d, _ in marks] == [
        ("Key takeaways", 0), ("Background", 0), ("A subheading", 1), ("New partners", 0),
        ("Notes", 0), ("Sources", 0),
    ]
    assert {t for t, _, _ in marks} >= {s.heading for s in brief.sections}
    for title, _, page in marks:
        assert title in _text(path, page + 1), (title, page)


def test_citations_link_to_their_notes_and_notes_link_back(sample: tuple[Rendered, Path]) -> None:
    rendered, path = sample
    reader = pypdf.PdfReader(path)
    pages = [p.indirect_reference.idnum for p in reader.pages]

    def links(index):
        for annot in reader.pages[index].get("/Annots", []) or []:
            annot = annot.get_object()
            if "/Dest" in annot:
                dest = annot["/Dest"]
                yield pages.index(dest[0].idnum), float(dest[3]), annot["/Rect"]

    notes_page = next(i for i in range(len(pages)) if "Notes" in _text(path, i + 1).split("\n"))
    # the notes' number column: from the Notes heading's left edge to the notes' text, 22 points in
    column = next(w[1] for w in _words(path, notes_page + 1) if w[0] == "Notes") + 22
    # Citation markers in document order: takeaways, body, table, then the timeline by date.
    expected = [1, 2, 1, 3, 2, 3, 2, 3, 1, 2, 1, 2, 2]
    found, back = [], []
    for i in range(len(pages)):
        for dest_page, top, rect in links(i):
            if i == notes_page and float(rect[0]) < column:  # a note number linking back to its first use
                back.append(dest_page)
                continue
            assert dest_page == notes_page
            # The word at the destination, in the number column, is the note's number.
            words = [w for w in _words(path, dest_page + 1) if w[2] <= top + 1 and w[1] < column]
            found.append(int(max(words, key=lambda w: w[2])[0]))
    assert found == expected
    # All three first uses are on page 1 of the sample.
    assert back == [0, 0, 0]


def test_only_web_links_become_uri_actions() -> None:
    brief = sample_brief()
    extra = Section("links", "Links", (Paragraph((
        Text("bad", href="javascript:alert(1)"), Text(" good", href="https://example.org/?q=<x>&y=\"1\""),
        Cite((Ref(1),))),),),)
    rendered = _render(dataclasses.replace(brief, sections=brief.sections + (extra,)))
    reader = pypdf.PdfReader(io.BytesIO(rendered.data))
    uris = [a.get_object()["/A"]["/URI"] for p in reader.pages for a in p.get("/Annots", []) or []
            if "/A" in a.get_object()]
    assert all(a.get_object()["/A"]["/S"] == "/URI" for p in reader.pages for a in p.get("/Annots", []) or []
               if "/A" in a.get_object())
    assert 'https://example.org/?q=<x>&y="1"' in uris
    assert "https://example.org/a?b=1&c=2" in uris  # the sample brief's own link, its query kept whole
    assert not any("javascript" in u for u in uris)


def test_two_renders_are_byte_identical() -> None:
    assert _render().data == _render().data


def test_letter_page_size_from_theme(tmp_path: Path) -> None:
    theme = load_theme("default")
    letter = dataclasses.replace(theme, pdf=MappingProxyType({**theme.pdf, "page_size": "letter"}))
    rendered = _render(theme=letter)
    box = pypdf.PdfReader(io.BytesIO(rendered.data)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_unknown_page_size_is_a_theme_error() -> None:
    theme = load_theme("default")
    with pytest.raises(ThemeError, match="page_size"):
        _render(theme=dataclasses.replace(theme, pdf=MappingProxyType({"page_size": "a5"})))


def test_long_brief_numbers_pages_n_of_m(tmp_path: Path) -> None:
    rendered = _render(sample_brief(sections=30))
    path = tmp_path / "long.pdf"
    path.write_bytes(rendered.data)
    total = len(pypdf.PdfReader(path).pages)
    assert rendered.pages == total > 5
    pages = _text(path).split("\f")[:total]  # pdftotext ends each page with a form feed
    assert len(pages) == total
    assert "Page " not in pages[0]
    for page in range(2, total + 1):
        assert f"Page {page} of {total}" in pages[page - 1]


def test_timeline_prints_dates_at_their_precision_in_date_order(sample: tuple[Rendered, Path]) -> None:
    _, path = sample
    text = _flat(_text(path))
    start = text.find("Timeline of the realignment")
    assert start >= 0
    order = ["2021 Wagner Group arrives in Mali", "26 July 2023 Military seizes power in Niger",
             "September 2023 AES founded", "March 2024 Niger ends US cooperation",
             "10 April 2024 Russian instructors arrive in Niamey", "12 April 2024 RTN reports air-defence delivery"]
    positions = [text.find(entry, start) for entry in order]
    assert all(p > start for p in positions), list(zip(order, positions))
    assert positions == sorted(positions)


def test_odd_text_neither_crashes_nor_leaks(tmp_path: Path) -> None:
    brief = sample_brief()
    odd = Section("odd", "Odd\x00 heading\x07 <i>x</i>", (
        Paragraph((Text("control\x01\x02 chars \ufffe and a title-sized " + "y" * 2000),)),),
    )
    rendered = _render(dataclasses.replace(brief, title="Long title " * 400, sections=brief.sections + (odd,)))
    path = tmp_path / "odd.pdf"
    path.write_bytes(rendered.data)
    assert "Odd heading <i>x</i>" in _flat(_text(path))
    assert subprocess.run([_need("qpdf"), "--check", str(path)], capture_output=True).returncode == 0


def test_an_empty_section_and_a_ten_thousand_character_word_render() -> None:
    brief = sample_brief()
    brief = dataclasses.replace(brief, sections=brief.sections + (
        Section("empty", "Empty", ()), Section("long", "Long", (para("y" * 10_000),))))
    reader = pypdf.PdfReader(io.BytesIO(_render(brief).data))
    text = "".join(p.extract_text() for p in reader.pages)
    assert "Empty" in text
    # the word runs over pages (their header and footer between its pieces), every letter printed once
    assert sum(len(run) for run in re.findall(r"y{20,}", re.sub(r"\s+", "", text))) == 10_000


def test_prepare_leaves_the_bytes_unchanged() -> None:
    from briefgen.render.pdf import prepare

    theme = load_theme("default")
    before = _render(theme=theme).data
    letter = dataclasses.replace(theme, pdf=MappingProxyType({**theme.pdf, "page_size": "letter", "body_size": 11}))
    prepare(letter)
    _render(theme=letter)
    prepare(theme)
    assert _render(theme=theme).data == before


def test_a_heading_longer_than_a_page_splits_and_is_bookmarked_once() -> None:
    brief = sample_brief()
    brief = dataclasses.replace(brief, sections=brief.sections + (
        Section("long", "Heading " * 700, (para("after"),)),))
    reader = pypdf.PdfReader(io.BytesIO(_render(brief).data))
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert sum(t.startswith("Heading Heading") for t in titles) == 1


def test_each_note_number_is_read_before_its_text(sample: tuple[Rendered, Path]) -> None:
    _, path = sample
    text = _flat(_text(path))
    notes = text[text.rfind("Notes"):]
    assert re.match(r"Notes 1 \S+ .* 2 \S+ .* 3 \S+ ", notes)
