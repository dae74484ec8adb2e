"""The DOCX renderer's Word structure: styles, Contents field, footnotes and cross-references, tables,
properties, reproducibility, and what LibreOffice and pandoc make of the file."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from builders import cite, line, para, sample_brief
from lxml import etree

from briefgen.model import BulletList, Cite, Section, Text
from briefgen.render.docx import TemplateError, render

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R}
SECTION_HEADINGS = ["Key takeaways", "Background", "New partners", "Extra section 1", "Extra section 2"]
ALL_HEADINGS = SECTION_HEADINGS + ["Sources"]  # the notes are Word's own: no "Notes" heading


@pytest.fixture(scope="module")
def brief():
    return sample_brief(sections=3)


@pytest.fixture(scope="module")
def data(brief, theme) -> bytes:
    return render(brief, theme=theme).data


def _with_docx(theme, **settings):
    return dataclasses.replace(theme, docx={**dict(theme.docx), **settings})


@pytest.fixture(scope="module")
def footnote_data(brief, theme) -> bytes:
    """The brief of a theme that asks for footnotes (`docx: notes: footnotes`)."""
    return render(brief, theme=_with_docx(theme, notes="footnotes")).data


@pytest.fixture(scope="module", params=["endnote", "footnote"])
def notes_case(request, brief, theme):
    """(kind, DOCX bytes) for each kind of Word note a theme can ask for."""
    return request.param, render(brief, theme=_with_docx(theme, notes=request.param + "s")).data


def _xml(data: bytes, name: str):
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(name))


def _text(el) -> str:
    return "".join(el.itertext())


def _cites_in_document_order(brief) -> list[int]:
    """Every cited note number, in the order the DOCX writes them (sections, blocks, cells)."""
    out: list[int] = []

    def inl(items):
        for item in items:
            if isinstance(item, Cite):
                out.extend(item.numbers)

    for section in brief.sections:
        for block in section.blocks:
            kind = type(block).__name__
            if kind == "Paragraph":
                inl(block.inlines)
            elif kind == "BulletList":
                for item in block.items:
                    inl(item)
            elif kind == "Table":
                for row in (block.header, *block.rows):
                    for cell in row:
                        inl(cell)
            elif kind == "Timeline":
                out.extend(e.ref.number for e in block.entries)
    return out


# ---------------------------------------------------------------- styles and structure


def test_headings_read_back_in_order_with_word_heading_styles(data):
    document = docx.Document(io.BytesIO(data))
    h1 = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    h2 = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert h1 == ALL_HEADINGS
    assert h2 == ["A subheading"]


def test_title_block_uses_title_subtitle_and_meta_styles(data):
    first = docx.Document(io.BytesIO(data)).paragraphs[:3]
    assert [(p.style.name, p.text) for p in first] == [
        ("Title", "Sahel Security Realignment <b>&amp;</b>"),
        ("Subtitle", "Niger turns from the West to Russia"),
        # a hand-built brief has no labels: the English catalogue's kicker, as a built English brief prints
        ("Brief Meta", "Policy brief  \u00b7  For policymakers  \u00b7  1 May 2024  \u00b7  briefgen example"),
    ]


def test_body_text_has_no_direct_paragraph_formatting(data):
    body = _xml(data, "word/document.xml").find("w:body", NS)
    for p in body.iter(f"{{{W}}}p"):
        ppr = p.find("w:pPr", NS)
        if ppr is None:
            continue
        # a style, and at most the writer's own column alignment and keep-with-next in table
        # cells, and the section break before the Sources
        assert {etree.QName(c).localname for c in ppr} <= {"pStyle", "jc", "keepNext", "sectPr"}, etree.tostring(ppr)


def test_lists_takeaways_box_and_analysis_label_are_styles(brief, theme):
    analysed = dataclasses.replace(brief, sections=tuple(
        dataclasses.replace(s, analysis=True) if s.id == "partners" else s for s in brief.sections))
    document = docx.Document(io.BytesIO(render(analysed, theme=theme).data))
    names = [(p.style.name, p.text) for p in document.paragraphs]
    assert [n for n, _ in names[names.index(("Heading 1", "Key takeaways")) + 1:][:2]] == ["Key Takeaways Bullet"] * 2
    assert ("List Number", "First point") in names
    label = names.index(("Analysis Label", "Analysis"))
    assert names[label - 1] == ("Heading 1", "New partners")


def test_every_style_used_is_defined_in_the_document(data):
    styles = _xml(data, "word/styles.xml")
    defined = {s.get(f"{{{W}}}styleId") for s in styles.iter(f"{{{W}}}style")}
    used = set()
    for part in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml"):
        root = _xml(data, part)
        for tag in ("pStyle", "rStyle", "tblStyle"):
            used |= {e.get(f"{{{W}}}val") for e in root.iter(f"{{{W}}}{tag}")}
    assert used <= defined, used - defined


# ---------------------------------------------------------------- footnotes and cross-references


def test_first_citations_are_real_word_notes_numbered_like_the_notes(brief, notes_case):
    kind, data = notes_case
    root = _xml(data, f"word/{kind}s.xml")
    notes = root.findall(f"w:{kind}", NS)
    assert [n.get(f"{{{W}}}type") for n in notes[:2]] == ["separator", "continuationSeparator"]
    real = [n for n in notes if n.get(f"{{{W}}}type") is None]
    cited = list(dict.fromkeys(_cites_in_document_order(brief)))
    assert [int(n.get(f"{{{W}}}id")) for n in real] == cited == [1, 2, 3]
    for element, number in zip(real, cited):
        body = "".join(t.text for t in brief.note(number).body)
        assert _text(element).strip() == body.strip()
    # Word numbers footnotes by position; the references appear in note order with no custom
    # marks, so Word's automatic numbers are briefgen's numbers.
    refs = list(_xml(data, "word/document.xml").iter(f"{{{W}}}{kind}Reference"))
    assert [int(r.get(f"{{{W}}}id")) for r in refs] == cited
    assert all(r.get(f"{{{W}}}customMarkFollows") is None for r in refs)
    other = "footnote" if kind == "endnote" else "endnote"
    assert not list(_xml(data, "word/document.xml").iter(f"{{{W}}}{other}Reference"))
    assert [n.get(f"{{{W}}}type") for n in _xml(data, f"word/{other}s.xml")] == ["separator", "continuationSeparator"]


def test_footnotes_and_endnotes_parts_are_registered_with_their_styles(data):
    package = zipfile.ZipFile(io.BytesIO(data))
    types = package.read("[Content_Types].xml").decode()
    rels = package.read("word/_rels/document.xml.rels").decode()
    settings = _xml(data, "word/settings.xml")
    styles = {s.get(f"{{{W}}}styleId") for s in _xml(data, "word/styles.xml").iter(f"{{{W}}}style")}
    for kind, Kind in (("footnote", "Footnote"), ("endnote", "Endnote")):
        assert f'PartName="/word/{kind}s.xml"' in types and f"{kind}s+xml" in types
        assert f"relationships/{kind}s" in rels
        assert [f.get(f"{{{W}}}id") for f in settings.findall(f"w:{kind}Pr/w:{kind}", NS)] == ["-1", "0"]
        assert {f"{Kind}Text", f"{Kind}Reference"} <= styles


def test_endnotes_are_numbered_1_2_3_not_i_ii_iii(data):
    settings = _xml(data, "word/settings.xml")
    assert settings.find("w:endnotePr/w:numFmt", NS).get(f"{{{W}}}val") == "decimal"
    for sect in _xml(data, "word/document.xml").iter(f"{{{W}}}sectPr"):  # LibreOffice reads these
        assert sect.find("w:endnotePr/w:numFmt", NS).get(f"{{{W}}}val") == "decimal"


def test_endnotes_print_at_the_end_of_the_body_before_the_sources(data):
    body = _xml(data, "word/document.xml").find("w:body", NS)
    assert _xml(data, "word/settings.xml").find("w:endnotePr/w:pos", NS).get(f"{{{W}}}val") == "sectEnd"
    paragraphs = body.findall("w:p", NS)
    breaks = [i for i, p in enumerate(paragraphs) if p.find("w:pPr/w:sectPr", NS) is not None]
    sources = max(i for i, p in enumerate(paragraphs) if _text(p) == "Sources")  # the heading, not a Contents entry
    assert breaks == [sources - 1]
    # the body keeps the title page's rule (no running header on page 1); the Sources run on
    assert paragraphs[breaks[0]].find("w:pPr/w:sectPr/w:titlePg", NS) is not None
    final = body.find("w:sectPr", NS)
    assert final.find("w:type", NS).get(f"{{{W}}}val") == "continuous"


def test_footnotes_have_no_section_break_and_the_notes_are_not_listed_again(footnote_data, brief):
    body = _xml(footnote_data, "word/document.xml").find("w:body", NS)
    assert not [p for p in body.findall("w:p", NS) if p.find("w:pPr/w:sectPr", NS) is not None]
    text = _text(body)
    for note in brief.notes:
        assert note.evidence[0].quote not in text


def test_repeated_citations_are_noteref_fields_to_the_first_note(brief, notes_case):
    kind, data = notes_case
    root = _xml(data, "word/document.xml")
    cites = _cites_in_document_order(brief)
    repeats = len(cites) - len(set(cites))
    instr = [t.text.strip() for t in root.iter(f"{{{W}}}instrText")]
    noterefs = [i for i in instr if i.startswith("NOTEREF")]
    assert len(noterefs) == repeats > 0
    assert set(noterefs) == {f"NOTEREF _RefNote{n} \\f \\h" for n in set(cites) if cites.count(n) > 1}
    # each target bookmark wraps the footnote reference of the note's first citation
    for start in root.iter(f"{{{W}}}bookmarkStart"):
        name = start.get(f"{{{W}}}name")
        if name.startswith("_RefNote"):
            run = start.getnext()
            ref = run.find(f"w:{kind}Reference", NS)
            assert ref is not None and ref.get(f"{{{W}}}id") == name[len("_RefNote"):]
    # the cached result is the note number, styled as a footnote reference (superscript)
    paragraphs = [p for p in root.iter(f"{{{W}}}p") if "NOTEREF _RefNote1" in _text(p) or any(
        "NOTEREF _RefNote1" in (t.text or "") for t in p.iter(f"{{{W}}}instrText"))]
    runs = paragraphs[0].findall("w:r", NS)
    i = next(k for k, r in enumerate(runs) if "NOTEREF _RefNote1" in "".join(r.itertext()))
    assert runs[i + 1].find("w:fldChar", NS).get(f"{{{W}}}fldCharType") == "separate"
    assert runs[i + 2].findtext("w:t", namespaces=NS) == "1"
    assert runs[i + 2].find("w:rPr/w:rStyle", NS).get(f"{{{W}}}val") == f"{kind.title()}Reference"


def test_several_notes_in_one_citation_are_separated_by_a_superscript_comma(data):
    root = _xml(data, "word/document.xml")
    second = next(p for p in root.iter(f"{{{W}}}p") if _text(p).startswith("Second point"))
    commas = [r for r in second.findall("w:r", NS) if r.findtext("w:t", namespaces=NS) == ","]
    assert len(commas) == 1
    assert commas[0].find("w:rPr/w:rStyle", NS).get(f"{{{W}}}val") == "EndnoteReference"


@pytest.mark.parametrize("kind", ["endnote", "footnote"])
def test_a_note_first_used_off_the_page_keeps_its_number_as_a_custom_mark(theme, kind):
    # Note 2 is never cited in the body (say, only on a slide), so the body's second footnote is
    # note 3: Word would number it 2, so it carries "3" as a custom mark instead.
    brief = sample_brief()
    gap = dataclasses.replace(brief, sections=(
        Section("s", "Only section", (para("One ", cite(1, first=True), ", three ", cite(3, first=True), "."),)),
    ))
    root = _xml(render(gap, theme=_with_docx(theme, notes=kind + "s")).data, "word/document.xml")
    refs = list(root.iter(f"{{{W}}}{kind}Reference"))
    assert [r.get(f"{{{W}}}customMarkFollows") for r in refs] == [None, "1"]
    assert refs[1].getparent().findtext("w:t", namespaces=NS) == "3"


# ---------------------------------------------------------------- contents, links and tables


def test_contents_is_a_toc_field_prepopulated_with_links_to_heading_bookmarks(theme, brief):
    data = render(brief, theme=_with_docx(theme, toc=True)).data
    root = _xml(data, "word/document.xml")
    body = root.find("w:body", NS)
    instr = [t.text.strip() for t in root.iter(f"{{{W}}}instrText")]
    assert instr[0] == 'TOC \\o "1-2" \\h \\z \\u'
    kinds = [f.get(f"{{{W}}}fldCharType") for f in body.iter(f"{{{W}}}fldChar")]
    assert kinds[:2] == ["begin", "separate"]
    entries = [p for p in body.findall("w:p", NS)
               if p.find("w:pPr/w:pStyle", NS) is not None
               and p.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val") in ("TOC1", "TOC2")]
    assert [_text(p.find("w:hyperlink", NS)) for p in entries] == [
        "Key takeaways", "Background", "A subheading", "New partners", "Extra section 1", "Extra section 2",
        "Sources"]
    # every entry links to a bookmark that sits on its heading
    marks = {s.get(f"{{{W}}}name"): _text(s.getparent()) for s in body.iter(f"{{{W}}}bookmarkStart")}
    for p in entries:
        link = p.find("w:hyperlink", NS)
        assert marks[link.get(f"{{{W}}}anchor")] == _text(link)
    assert {a for a in marks if a.startswith("_Toc_")} >= {"_Toc_background", "_Toc_key_takeaways"}
    assert entries[-1].findall("w:r/w:fldChar", NS)[-1].get(f"{{{W}}}fldCharType") == "end"


def test_word_asks_no_question_on_opening(data, theme, brief):
    for docx_bytes in (data, render(brief, theme=_with_docx(theme, toc=True)).data):
        assert _xml(docx_bytes, "word/settings.xml").find("w:updateFields", NS) is None


def test_without_the_theme_asking_there_is_no_contents_list(theme, brief):
    plain = dataclasses.replace(theme, docx={k: v for k, v in theme.docx.items() if k != "toc"})
    root = _xml(render(brief, theme=plain).data, "word/document.xml")
    assert not [t for t in root.iter(f"{{{W}}}instrText") if t.text.strip().startswith("TOC")]
    assert "Contents" not in [_text(p) for p in root.iter(f"{{{W}}}p")]


def test_links_are_hyperlinks_with_the_hyperlink_style(data):
    root = _xml(data, "word/document.xml")
    rels = _xml(data, "word/_rels/document.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in rels if r.get("TargetMode") == "External"}
    external = [h for h in root.iter(f"{{{W}}}hyperlink") if h.get(f"{{{R}}}id")]
    assert [targets[h.get(f"{{{R}}}id")] for h in external] == ["https://example.org/a?b=1&c=2"]
    assert _text(external[0]) == "link"
    assert external[0].find("w:r/w:rPr/w:rStyle", NS).get(f"{{{W}}}val") == "Hyperlink"


def test_tables_are_word_tables_with_a_style_and_a_repeating_header(data):
    document = docx.Document(io.BytesIO(data))
    assert len(document.tables) == 2  # the takeaways box is no table
    table, timeline = document.tables[0], document.tables[1]
    for t in (table, timeline):
        assert t.style.name == "Brief Table"
        assert t.rows[0]._tr.find("w:trPr/w:tblHeader", NS) is not None
        # no row splits across pages, and the header row keeps with the first body row
        assert all(r._tr.find("w:trPr/w:cantSplit", NS) is not None for r in t.rows)
        assert all(p._p.find("w:pPr/w:keepNext", NS) is not None for c in t.rows[0].cells for p in c.paragraphs)
    assert [c.text for c in table.rows[0].cells] == ["Country", "Partner"]
    assert table.cell(1, 1).text == "Russia 2"
    assert [c.text for c in timeline.rows[1].cells] == ["2021", "Wagner Group arrives in Mali3"]  # mark "3" superscript
    assert len(timeline.rows) == 7


def test_table_columns_get_room_by_how_much_text_they_hold():
    from briefgen.render.docx import column_widths

    def row(*cells):
        return tuple((Text(c),) for c in cells)

    widths = column_widths((row("Actor", "Type", "What the sources say"),
                            row("Abdourahamane Tiani", "person", "Leader of the junta; " * 8)), 3, 9000)
    assert sum(widths) == 9000
    assert widths[2] > widths[0] > widths[1] >= 6 * 105  # "person" still fits on one line
    assert sum(column_widths((row(*["x" * 40] * 9),), 9, 9000)) == 9000  # floors never overflow


def test_the_timeline_caption_is_unnumbered_as_in_the_pdf(data):
    # Markdown tables have no caption, so a number on the timeline alone would call the
    # brief's second table "Table 1"
    document = docx.Document(io.BytesIO(data))
    captions = [p for p in document.paragraphs if p.style.name == "Caption"]
    assert ["".join(t.text for t in p._p.iter(f"{{{W}}}t")) for p in captions] == ["Timeline of the realignment"]
    assert not [t for t in _xml(data, "word/document.xml").iter(f"{{{W}}}instrText") if "SEQ" in t.text]


def test_back_matter_is_the_endnotes_once_each_and_the_sources(brief, data):
    document = docx.Document(io.BytesIO(data))
    assert "Notes" not in [p.text for p in document.paragraphs]
    assert not [p for p in document.paragraphs if p.style.name == "Note Text"]
    endnotes = [n for n in _xml(data, "word/endnotes.xml").findall("w:endnote", NS) if n.get(f"{{{W}}}type") is None]
    assert [int(n.get(f"{{{W}}}id")) for n in endnotes] == [n.number for n in brief.notes]
    everything = _text(_xml(data, "word/document.xml")) + _text(_xml(data, "word/endnotes.xml")) \
        + _text(_xml(data, "word/footnotes.xml"))
    for note in brief.notes:  # each note's text is printed once
        assert everything.count(note.evidence[0].quote) == 1
    sources = [p.text for p in document.paragraphs if p.style.name == "Bibliography"]
    assert sources == ["".join(t.text for t in s.entry) for s in brief.sources]


# ---------------------------------------------------------------- package


def test_core_properties_describe_the_brief(data):
    props = docx.Document(io.BytesIO(data)).core_properties
    assert props.title == "Sahel Security Realignment <b>&amp;</b>"
    assert props.subject == "Niger turns from the West to Russia"
    assert props.author == props.last_modified_by == "briefgen example"
    assert props.keywords == "niger, russia"
    assert props.language == "en"
    assert props.created.isoformat() == props.modified.isoformat() == "2024-05-01T00:00:00+00:00"
    assert props.revision == 1
    app = zipfile.ZipFile(io.BytesIO(data)).read("docProps/app.xml").decode()
    assert "<Application>briefgen 0.1.0</Application>" in app
    lang = _xml(data, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(f"{{{W}}}val") == "en"


def test_the_package_carries_no_template_leftovers(data):
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert names[0] == "[Content_Types].xml"
    assert not [n for n in names if "thumbnail" in n or "customXml" in n or "stylesWithEffects" in n]
    compat = _xml(data, "word/settings.xml").find("w:compat", NS)
    mode = [s.get(f"{{{W}}}val") for s in compat if s.get(f"{{{W}}}name") == "compatibilityMode"]
    assert mode == ["15"]  # not opened in Compatibility Mode


def test_the_same_brief_gives_identical_bytes(brief, theme, data):
    assert render(brief, theme=theme).data == data


def test_the_reference_document_is_reproducible(tmp_path):
    script = Path(__file__).resolve().parents[2] / "templates" / "default" / "make_reference_docx.py"
    namespace: dict[str, object] = {"__name__": "make_reference", "__file__": str(script)}
    exec(compile(script.read_text(encoding="utf-8"), str(script), "exec"), namespace)
    assert namespace["build"]() == (script.parent / "reference.docx").read_bytes()


def test_a_reference_without_list_bullet_raises_template_error_naming_it(theme, tmp_path):
    folder = tmp_path / "corporate"
    shutil.copytree(theme.folder, folder)
    reference = docx.Document(str(folder / "reference.docx"))
    element = reference.styles["List Bullet"].element
    element.getparent().remove(element)
    reference.save(str(folder / "reference.docx"))
    with pytest.raises(TemplateError, match=r"`List Bullet`") as caught:
        render(sample_brief(), theme=dataclasses.replace(theme, folder=folder))
    assert str(folder / "reference.docx") in str(caught.value)


@pytest.mark.parametrize("content", [b"not a zip", b"PK\x03\x04broken"])
def test_an_unreadable_reference_is_a_template_error(theme, tmp_path, content):
    (tmp_path / "reference.docx").write_bytes(content)
    with pytest.raises(TemplateError, match="not a readable Word document"):
        render(sample_brief(), theme=dataclasses.replace(theme, folder=tmp_path))


def test_without_a_reference_the_python_docx_template_is_used(theme, tmp_path):
    bare = dataclasses.replace(theme, folder=tmp_path)  # no reference.docx there
    document = docx.Document(io.BytesIO(render(sample_brief(), theme=bare).data))
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"][:2] == ["Key takeaways", "Background"]
    assert document.styles["Brief Meta"] is not None


def test_hostile_text_prints_literally_and_control_characters_are_dropped(theme):
    brief = sample_brief()
    nasty = "A\x00B\x07C\x1bD <w:t>&amp; ]]> \ufffe\ud800 \u202eRTL"
    odd = dataclasses.replace(brief, title="T\x01itle", author="x\x0b", keywords=("k\x02",), sections=(
        Section("-- ??", nasty, (BulletList((line(nasty, cite(1, first=True)),)),
                                 para(Text("link", href="https://e.org/\x00<x>")))),
        *brief.sections[1:]))
    data = render(odd, theme=theme).data
    document = docx.Document(io.BytesIO(data))
    heads = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert heads[0] == "ABCD <w:t>&amp; ]]>  \u202eRTL"
    assert document.core_properties.title == "Title"
    assert any("<w:t>&amp;" in p.text for p in document.paragraphs if p.style.name == "List Bullet")


# ---------------------------------------------------------------- other readers


def _convert_with_libreoffice(data: bytes, tmp: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    src = tmp / "brief.docx"
    src.write_bytes(data)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/lo-profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp), str(src)],
                   capture_output=True, timeout=180, check=True)
    return tmp / "brief.pdf"


@pytest.mark.slow
def test_libreoffice_lays_it_out_with_headings_and_endnotes(data, brief, tmp_path):
    pdf = _convert_with_libreoffice(data, tmp_path)
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils (pdftotext, pdfinfo) is not installed")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 2 <= pages <= 5
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    positions = [flat.find(h) for h in ALL_HEADINGS]
    assert all(p >= 0 for p in positions)
    for note in brief.notes:  # each note's text once, as an endnote
        quote = " ".join(note.evidence[0].quote.split()[:6])
        assert flat.count(quote) == 1, quote
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "Carlito" in fonts and "DejaVu" not in fonts  # Calibri styles resolved to Carlito


def test_pandoc_reads_the_same_headings(data, tmp_path):
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        pytest.skip("pandoc is not installed")
    src = tmp_path / "brief.docx"
    src.write_bytes(data)
    import json

    ast = json.loads(subprocess.run([pandoc, "-f", "docx", "-t", "json", str(src)],
                                    capture_output=True, text=True, check=True).stdout)

    def words(inlines):
        return "".join(i["c"] if i["t"] == "Str" else " " if i["t"] in ("Space", "SoftBreak") else ""
                       for i in inlines)

    heads = [(b["c"][0], words(b["c"][2])) for b in ast["blocks"] if b["t"] == "Header"]
    assert heads == [(1, h) for h in SECTION_HEADINGS[:2]] + [(2, "A subheading")] + \
        [(1, h) for h in ALL_HEADINGS[2:]]
    plain = subprocess.run([pandoc, "-f", "docx", "-t", "plain", str(src)],
                           capture_output=True, text=True, check=True).stdout
    lines = [ln.strip() for ln in plain.splitlines()]
    start = lines.index("Sources") + 1 if lines.index("Sources") < lines.index("Key takeaways") else 0  # a Contents list
    after_contents = lines[lines.index("Key takeaways", start):]
    found = [ln for ln in after_contents if ln in ALL_HEADINGS]
    assert found == ALL_HEADINGS
