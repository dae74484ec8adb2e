"""The PDF renderer, read back as a reader's software would: qpdf, poppler, pypdf."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
from pathlib import Path
from types import MappingProxyType

import pypdf
import pytest
from builders import para, sample_brief

from briefgen.model import Section
from briefgen.render.pdf import render


@pytest.fixture(scope="module")
def pdf(theme, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    path.write_bytes(render(sample_brief(), theme=theme).data)
    return path


def _tool(name: str) -> str:
    exe = shutil.which(name)
    if exe is None:
        pytest.skip(f"{name} is not installed (Debian package: {'qpdf' if name == 'qpdf' else 'poppler-utils'})")
    return exe


def _text(pdf: Path) -> str:
    out = subprocess.run([_tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True)
    return out.stdout


def test_qpdf_finds_no_errors(pdf):
    out = subprocess.run([_tool("qpdf"), "--check", str(pdf)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_every_font_is_embedded_and_none_is_a_standard_14_font(pdf):
    out = subprocess.run([_tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows
    for row in rows:
        assert row[-5] == "yes", row  # the `emb` column
        assert not re.match(r"(Helvetica|Times|Courier|Symbol|ZapfDingbats)", row[0]), row


def test_headings_notes_and_non_latin_text_come_out_in_reading_order(pdf):
    text = re.sub(r"\s+", " ", _text(pdf))
    pos = 0
    for needle in ["Key takeaways", "Background", "Москва, Нигер", "Αθήνα, Σαχέλ", "New partners",
                   "Notes", "Russia has sent an anti-aircraft system", "Sources"]:
        found = text.find(needle, pos)
        assert found >= 0, needle
        pos = found


def test_markup_in_input_prints_literally(pdf):
    text = re.sub(r"\s+", " ", _text(pdf))
    assert '<b>bold</b> <font name=x>f</font> <a href="javascript:alert(1)">x</a> & &amp; ]]> < >.' in text
    assert "Sahel Security Realignment <b>&amp;</b>" in text


def test_an_unbreakable_long_token_wraps_instead_of_failing(pdf):
    text = _text(pdf).replace("\n", "")
    assert "x" * 400 in text


def test_metadata_and_language(pdf):
    reader = pypdf.PdfReader(pdf)
    meta = reader.metadata
    assert meta.title == "Sahel Security Realignment <b>&amp;</b>"
    assert meta.author == "briefgen example"
    assert meta.subject
    assert meta.get("/Keywords") == "niger, russia"
    assert meta.creator == "briefgen 0.1.0"
    assert reader.trailer["/Root"]["/Lang"] == "en"


def _page_of(reader: pypdf.PdfReader, dest) -> int:
    return reader.get_destination_page_number(dest)


def test_bookmarks_cover_every_heading_and_point_at_their_pages(pdf):
    reader = pypdf.PdfReader(pdf)

    def flat(items):
        for item in items:
            if isinstance(item, list):
                yield from flat(item)
            else:
                yield item

    marks = {o.title: _page_of(reader, o) for o in flat(reader.outline)}
    for heading in ["Key takeaways", "Background", "A subheading", "New partners", "Notes", "Sources"]:
        assert heading in marks, heading
        page_text = reader.pages[marks[heading]].extract_text()
        assert heading in page_text, heading


def test_citation_links_point_at_the_page_of_their_note_and_notes_link_back(pdf):
    reader = pypdf.PdfReader(pdf)
    texts = [p.extract_text() for p in reader.pages]
    notes_page = next(i for i, t in enumerate(texts) if "Notes" in t and "anti-aircraft" in t)
    pages = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    forward, back = 0, 0
    for i, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            dest = annot.get("/Dest")
            if dest is None:
                continue
            target = pages[dest[0].idnum]
            if i < notes_page:
                assert target >= notes_page, (i, target)
                forward += 1
            elif target < notes_page:
                back += 1
    assert forward >= 6 and back >= 3


def test_external_links_are_uri_actions(pdf):
    reader = pypdf.PdfReader(pdf)
    uris = [a.get_object()["/A"].get("/URI") for p in reader.pages for a in (p.get("/Annots") or [])
            if "/A" in a.get_object() and a.get_object()["/A"].get("/S") == "/URI"]
    assert "https://example.org/a?b=1&c=2" in uris
    assert not any(str(u).startswith("javascript") for u in uris)


def test_two_renders_are_byte_identical(theme):
    assert render(sample_brief(), theme=theme).data == render(sample_brief(), theme=theme).data


def test_letter_paper_from_the_theme(theme):
    letter = dataclasses.replace(theme, pdf=MappingProxyType({**theme.pdf, "page_size": "letter"}))
    reader = pypdf.PdfReader(io.BytesIO(render(sample_brief(), theme=letter).data))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_page_n_of_m_is_right_on_a_long_brief(theme):
    result = render(sample_brief(sections=30), theme=theme)
    reader = pypdf.PdfReader(io.BytesIO(result.data))
    n = len(reader.pages)
    assert result.pages == n > 5
    assert f"Page {n} of {n}" in reader.pages[-1].extract_text()
    assert f"Page 2 of {n}" in reader.pages[1].extract_text()


def test_an_empty_section_and_a_ten_thousand_character_word_render(theme):
    brief = sample_brief()
    brief = dataclasses.replace(brief, sections=brief.sections + (
        Section("empty", "Empty", ()), Section("long", "Long", (para("y" * 10_000),))))
    reader = pypdf.PdfReader(io.BytesIO(render(brief, theme=theme).data))
    assert "Empty" in "".join(p.extract_text() for p in reader.pages)


def test_prepare_leaves_the_bytes_unchanged(theme):
    from briefgen.render.pdf import prepare

    before = render(sample_brief(), theme=theme).data
    letter = dataclasses.replace(theme, pdf=MappingProxyType({**theme.pdf, "page_size": "letter", "body_size": 11}))
    prepare(letter)
    render(sample_brief(), theme=letter)
    prepare(theme)
    assert render(sample_brief(), theme=theme).data == before


def test_a_heading_longer_than_a_page_splits_and_is_bookmarked_once(theme):
    brief = sample_brief()
    brief = dataclasses.replace(brief, sections=brief.sections + (
        Section("long", "Heading " * 700, (para("after"),)),))
    reader = pypdf.PdfReader(io.BytesIO(render(brief, theme=theme).data))
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert sum(t.startswith("Heading Heading") for t in titles) == 1


def test_each_note_number_is_read_before_its_text(pdf):
    text = re.sub(r"\s+", " ", _text(pdf))
    notes = text[text.rfind("Notes"):]
    assert re.match(r"Notes 1 \S+ .* 2 \S+ .* 3 \S+ ", notes)
