"""Source metadata is data, never template text: a title, author, outlet or URL prints as written.

Hypothesis fills every field of a source with what a formatter could mistake for its own: the
template's stand-in date and other digits, month names in English and French, braces, `%`, `$`,
`\\`, `&`, `<`, HTML and ReportLab markup, Markdown and citation syntax, quotation marks and
letters of other scripts. Each field must come out verbatim from `format_note` and
`format_source` in both citation styles, and in the PDF, DOCX and PPTX of a real build.

Runs of spaces and line breaks in a field print as one space (a title folded over two YAML lines
reads on one line); nothing else about a field may change.
"""

from __future__ import annotations

import json
import re
import shutil
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from briefgen.model import Evidence, Inline, Note, PartialDate, Source, Text
from briefgen.resolve.notes import STYLES, format_note, format_source, short_title

MINI = Path(__file__).parent.parent / "projects" / "mini"

MONTHS = ["January", "February", "March", "May", "June", "July", "October", "Oct", "Oct.", "Sept.", "Dec",
          "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]
PIECES = MONTHS + [
    "1987", "23", "2022", "3", "03", "0005", "0000", "12", "1987-10-23", "23 October 1987",
    "{", "}", "{title}", "{0}", "{{x}}", "%", "%s", "%(title)s", "%d", "$", "$1", "${x}", "\\", "\\1", "\\n",
    "&", "&amp;", "&lt;", "&#169;", "<", ">", "<b>", "</b>", "<i>x</i>", "<br/>", '<a href="x">', "<font name=x>",
    "<para>", "]]>", "*x*", "**x**", "_x_", "`x`", "# x", "- x", "[x](https://e.org)", "<https://e.org>",
    "[@id]", "[@a; @b]", "@id", "[-old-]{+new+}", '"', "'", "\u201c", "\u201d", "\u2018", "\u2019", "\u00ab",
    "\u00bb", "\u201e", "\u2014", "\u2013", "Jr.", "U.S.", "?", "!", ".", ",", ";", ":", " ", "  ",
    "\u0391\u03b8\u03ae\u03bd\u03b1", "\u041c\u043e\u0441\u043a\u0432\u0430", "\u00c9lys\u00e9e", "\u0141\u00f3d\u017a",
]
# What the embedded PDF font (Carlito) can print: Latin, Greek and Cyrillic.
PRINTABLE = (string.ascii_letters + string.digits + string.punctuation + " "
             + "".join(chr(c) for c in range(0xC0, 0x180) if chr(c).isalpha())
             + "".join(chr(c) for c in range(0x391, 0x3CA) if chr(c).isalpha())
             + "".join(chr(c) for c in range(0x410, 0x450)) + "\u0401\u0451")
# The formatter has no font: any script, and the characters it uses itself as template marks.
ANY_SCRIPT = ["\u0645\u0631\u062d\u0628\u0627", "\u05e9\u05dc\u05d5\u05dd", "\u5317\u4eac", "\U0001f1f3\U0001f1ea",
              "\u00a0", "\u2009", "\ue000", "\ue001", "\ue002", "\ue010", "\ue013", "\ue014", "\ue016", "\n", "\t"]

URL_CHARS = string.ascii_letters + string.digits + "-._~%$&+,;=:@/!*'()?#"


def _fold(value: str) -> str:
    """Return a field as it prints: runs of spaces and line breaks made one space, ends trimmed."""
    return re.sub(r"[ \t\n\r\f\v\x85\u2028\u2029]+", " ", value).strip(" ")


def _text(pieces: list[str], *, alphabet: str) -> st.SearchStrategy[str]:
    return (st.lists(st.one_of(st.sampled_from(pieces), st.text(alphabet=alphabet, max_size=10)), min_size=1, max_size=6)
            .map("".join).filter(lambda s: bool(_fold(s))))


def _url(alphabet: str = URL_CHARS) -> st.SearchStrategy[str]:
    path = st.lists(st.one_of(st.sampled_from(["1987", "10", "23", "October", "%20", "$", "&", "a=1&b=2", "{x}"]),
                              st.text(alphabet=alphabet, max_size=8)), max_size=5).map("".join)
    return path.map(lambda p: "https://example.org/" + p)


dates = st.one_of(
    st.none(),
    st.integers(1, 9999).map(PartialDate),
    st.tuples(st.integers(1, 9999), st.integers(1, 12)).map(lambda t: PartialDate(*t)),
    st.tuples(st.integers(1, 9999), st.integers(1, 12), st.integers(1, 28)).map(lambda t: PartialDate(*t)),
)


@st.composite
def sources(draw: st.DrawFn, *, alphabet: str, extra: tuple[str, ...] = ()) -> Source:
    text = _text(PIECES + list(extra), alphabet=alphabet)
    return Source("src", draw(text), draw(dates), publisher=draw(st.one_of(st.none(), text)),
                  author=draw(st.one_of(st.none(), text)), url=draw(st.one_of(st.none(), _url())))


def _plain(inlines: tuple[Inline, ...]) -> str:
    return "".join(x.text for x in inlines if isinstance(x, Text))


def _fields(src: Source) -> list[str]:
    return [_fold(v) for v in (src.title, src.publisher, src.author) if v] + ([src.url.strip()] if src.url else [])


def _note(src: Source) -> Note:
    return Note(1, "fact", "claim", (Evidence(src.id, "a quote"),), ())


# ---------------------------------------------------------------- the formatter


@pytest.mark.slow
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(src=sources(alphabet=PRINTABLE, extra=tuple(ANY_SCRIPT)), style=st.sampled_from(sorted(STYLES)))
def test_every_field_prints_verbatim_in_the_sources_entry_and_the_note_gives_its_short_form(src, style):
    note = format_note(_note(src), {src.id: src}, style=style)
    entry = format_source(src, style=style)
    text = _plain(entry)
    for value in _fields(src):
        assert value in text
    if src.url:
        assert [x.text for x in entry if isinstance(x, Text) and x.href == src.url.strip()] == [src.url.strip()]
        assert src.url.strip() not in _plain(note)  # a URL is printed in the Sources list only
    # the note's short form: the author (APA cites by author when there is one) or the short
    # title, which is the title's own start, verbatim, linked to the Sources entry
    linked = [x.text for x in note if isinstance(x, Text) and x.href == f"#source-{src.id}"]
    if style == "apa" and src.author:
        assert linked == [_fold(src.author)]
    else:
        assert linked == [short_title(src.title)] and _fold(src.title).startswith(linked[0])
        if src.author:
            assert _fold(src.author) in _plain(note)


_TOKENS = {"title": "\x00T\x00", "publisher": "\x00P\x00", "author": "\x00A\x00", "url": "https://\x00U\x00"}


@pytest.mark.slow
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(src=sources(alphabet=PRINTABLE, extra=tuple(ANY_SCRIPT)), style=st.sampled_from(sorted(STYLES)))
def test_a_reference_is_its_styles_text_with_each_field_put_in_as_is(src, style):
    # A style drops its own comma or full stop after a field that ends in "?", "!" or ".";
    # for every other source the reference equals the style's text for stand-ins, with the
    # source's fields put in place of the stand-ins: nothing around or inside a field differs.
    values = {"title": _fold(src.title), "publisher": _fold(src.publisher or "") or None,
              "author": _fold(src.author or "") or None, "url": src.url.strip() if src.url else None}
    assume(not any(v and re.search("[.?!]\u201d?$", v) for v in values.values()))
    stand_in = Source(src.id, _TOKENS["title"], src.published, **{
        k: _TOKENS[k] for k in ("publisher", "author", "url") if values[k]})

    def put_in(text: str | None) -> str | None:
        for k, token in _TOKENS.items():
            if text is not None and values[k]:
                text = text.replace(token, values[k])
        return text

    # (a note prints the short title, which a stand-in cannot stand for: the Sources entry only)
    for make in (lambda s: format_source(s, style=style),):
        expected = [(put_in(x.text), x.italic, put_in(x.href)) for x in make(stand_in) if isinstance(x, Text)]
        assert [(x.text, x.italic, x.href) for x in make(src) if isinstance(x, Text)] == expected


# ---------------------------------------------------------------- the three formats


def _write_sources(project: Path, src: Source) -> None:
    def scalar(value: str | None) -> str:
        return "null" if value is None else json.dumps(value, ensure_ascii=False)  # a YAML double-quoted scalar

    published = "null" if src.published is None else src.published.iso()
    (project / "seeds" / "sources.yaml").write_text(
        "sources:\n  - id: lighthouse\n    file: lighthouse.txt\n"
        f"    title: {scalar(src.title)}\n    published: {published}\n    publisher: {scalar(src.publisher)}\n"
        f"    author: {scalar(src.author)}\n    url: {scalar(src.url)}\n    language: en\n", encoding="utf-8")


def _build(tmp: Path, src: Source, style: str, formats: str = "pdf,docx,pptx") -> Path:
    from briefgen.cli import main

    project = tmp / "mini"
    if project.exists():
        shutil.rmtree(project)
    shutil.copytree(MINI, project)
    _write_sources(project, src)
    outline = project / "briefs" / "council.yaml"
    outline.write_text(outline.read_text(encoding="utf-8") + f"citation_style: {style}\n", encoding="utf-8")
    out = project / "out"
    assert main(["build", str(outline), "--root", str(project), "-o", str(out), "-j", "1", "--format", formats]) == 0
    return out


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _docx_text(path: Path) -> str:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    # python-docx has no object for the footnotes part: read its XML
    roots = [document.element] + [parse_xml(part.blob) for part in document.part.package.parts
                                  if str(part.partname) == "/word/footnotes.xml"]
    paragraphs = []
    for root in roots:
        for p in root.iter(qn("w:p")):
            paragraphs.append("".join(t.text or "" for t in p.iter(qn("w:t"))))
    return "\n".join(paragraphs)


def _pptx_text(path: Path) -> str:
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    def shape_texts(shapes):
        for shape in shapes:
            if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
                yield from shape_texts(shape.shapes)
            if shape.has_text_frame:
                yield from (p.text for p in shape.text_frame.paragraphs)
            if getattr(shape, "has_table", False) and shape.has_table:
                yield from (cell.text for row in shape.table.rows for cell in row.cells)

    out = []
    for slide in Presentation(str(path)).slides:
        out.extend(shape_texts(slide.shapes))
        if slide.has_notes_slide:
            out.extend(p.text for p in slide.notes_slide.notes_text_frame.paragraphs)
    return "\n".join(out)


def _no_space(text: str) -> str:
    # PDF text extraction breaks lines (and long words) where the layout did
    return re.sub(r"\s+", "", text)


def _assert_verbatim(src: Source, style: str, out: Path) -> None:
    entry = _fold(_plain(format_source(Source("lighthouse", src.title, src.published, src.publisher, src.author,
                                              src.url), style=style)))
    for name, read, norm in (("pdf", _pdf_text, _no_space), ("docx", _docx_text, _fold),
                             ("pptx", _pptx_text, _fold)):
        text = norm(read(out / f"council.{name}"))
        for value in _fields(src) + [entry]:
            assert norm(value) in text, f"{name}: {value!r}"


@pytest.mark.slow
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(src=sources(alphabet=PRINTABLE), style=st.sampled_from(sorted(STYLES)))
def test_every_field_prints_verbatim_in_the_pdf_docx_and_pptx(tmp_path, src, style):
    _assert_verbatim(src, style, _build(tmp_path, src, style))


# Word and PowerPoint choose a font per script, so there any script must print. Left out: U+E000
# and U+E001, which the YAML reader turns into "[" and "]" (it uses them to protect citation
# brackets), and the Unicode spaces the deck folds (see the test below).
OTHER_SCRIPTS = tuple(x for x in ANY_SCRIPT if x not in ("\ue000", "\ue001", "\u00a0", "\u2009"))


@pytest.mark.slow
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(src=sources(alphabet=PRINTABLE, extra=OTHER_SCRIPTS), style=st.sampled_from(sorted(STYLES)))
def test_every_field_in_any_script_prints_verbatim_in_the_docx_and_pptx(tmp_path, src, style):
    out = _build(tmp_path, src, style, "docx,pptx")  # the PDF's fonts cannot print every script: check says so
    for name, read in (("docx", _docx_text), ("pptx", _pptx_text)):
        text = _fold(read(out / f"council.{name}"))
        for value in _fields(src):
            assert value in text, f"{name}: {value!r}"


@pytest.mark.slow
@pytest.mark.parametrize("name", ["docx", "pptx"])
def test_a_no_break_or_thin_space_in_a_field_prints_as_written(tmp_path, name):
    src = Source("lighthouse", "10\u00a0km of coast, 5\u2009000 homes", PartialDate(2022, 3, 3),
                 publisher="Le\u00a0Monde", author="Ana\u00a0Ruiz")
    read = {"docx": _docx_text, "pptx": _pptx_text}[name]
    text = read(_build(tmp_path, src, "chicago", name) / f"council.{name}")
    for value in _fields(src):
        assert value in text


@pytest.mark.slow
@pytest.mark.parametrize("style", sorted(STYLES))
def test_the_reported_title_prints_as_written_in_every_format(tmp_path, style):
    # issue 13: this title, dated 2022-03-03, printed as "Maravia recalls the March 2022 storm: 3 boats lost"
    src = Source("lighthouse", "Octavia recalls the October 1987 storm: 23 boats lost", PartialDate(2022, 3, 3))
    out = _build(tmp_path, src, style)
    _assert_verbatim(src, style, out)
    for name, read in (("pdf", _pdf_text), ("docx", _docx_text), ("pptx", _pptx_text)):
        assert "Maravia" not in read(out / f"council.{name}")
