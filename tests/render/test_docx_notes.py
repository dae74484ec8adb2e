"""The Word brief reads as an edited document: note markers that never read as powers, a key-takeaways
box that is paragraphs (not a layout table), a running header, citation-only columns folded into
the text, and the footnote setting; with the marker rules of `briefgen.resolve.markers`."""

from __future__ import annotations

import dataclasses
import io
import zipfile

import docx
import pytest
from builders import cite, line, para, sample_brief
from lxml import etree

from briefgen.model import Cite, Ref, Section, Table, Text
from briefgen.render.docx import render
from briefgen.resolve.markers import fold_citation_columns, follows_digit, place_markers, settle_blocks

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R}


def _xml(data: bytes, name: str):
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(name))


def _text(el) -> str:
    return "".join(el.itertext())


def _with_docx(theme, **settings):
    return dataclasses.replace(theme, docx={**dict(theme.docx), **settings})


def _one_section(*blocks):
    """The sample brief with one section of `blocks`, its markers settled as the resolver settles them."""
    return dataclasses.replace(sample_brief(), sections=settle_blocks((Section("s", "Only section", tuple(blocks)),)))


# ---------------------------------------------------------------- the marker rules


def test_a_marker_goes_after_the_punctuation_that_follows_it():
    out = place_markers(line("in March 2024", cite(2), ". Then", cite(3), ", and more"))
    assert out == (Text("in March 2024"), Text("."), Cite((Ref(2),)), Text(" Then"), Text(","), Cite((Ref(3),)),
                   Text(" and more"))
    assert place_markers(out) == out  # a second pass changes nothing


def test_a_marker_stays_before_a_dash_and_at_the_end():
    items = line("the base", cite(1), " \u2014 and the rest", cite(2))
    assert place_markers(items) == items


def test_several_markers_move_together_and_formatting_is_kept():
    out = place_markers((Text("x"), cite(1), cite(2), Text(";", bold=True), Text(" y")))
    assert out == (Text("x"), Text(";", bold=True), cite(1), cite(2), Text(" y"))


@pytest.mark.parametrize("items,index,expected", [
    (line("Niger 4", cite(17)), 1, True),
    (line("in 2024.", cite(2)), 1, False),
    (line("Russia", cite(2)), 1, False),
    ((cite(1),), 0, False),
    ((Text("4"), cite(1), cite(2)), 2, False),  # the first marker is set apart, and the second follows it
])
def test_a_marker_directly_after_a_digit_is_flagged(items, index, expected):
    assert follows_digit(items, index) is expected


def test_a_citation_only_column_moves_its_markers_onto_the_text_to_its_left():
    table = Table(header=(line("Country"), line("What"), line("Citation")),
                  rows=((line("Niger"), line("100 trainers in 2024 "), line(cite(1), cite(2))),
                        (line("Mali"), line("Wagner"), line(cite(3)))),
                  align=("left", "left", "center"))
    folded = fold_citation_columns(table)
    assert folded.header == (line("Country"), line("What"))
    assert folded.align == ("left", "left")
    assert folded.rows[0][1] == (Text("100 trainers in 2024"), cite(1), cite(2))
    assert folded.rows[1][1] == (Text("Wagner"), cite(3))


def test_a_column_with_any_text_is_kept():
    table = Table(header=(line("A"), line("B")), rows=((line("x"), line(cite(1))), (line("y"), line("text"))))
    assert fold_citation_columns(table) == table


# ---------------------------------------------------------------- in the DOCX


def _cell_runs(data: bytes):
    body = _xml(data, "word/document.xml").find("w:body", NS)
    return [c for c in body.iter(f"{{{W}}}tc")]


def test_a_marker_after_a_number_is_set_apart_in_brackets_after_a_thin_space(theme):
    table = Table(header=(line("Item"), line("Count")), rows=((line("Trainers"), line("100", cite(1))),))
    data = render(_one_section(table), theme=theme).data
    cell = _cell_runs(data)[3]
    texts = [t.text for t in cell.iter(f"{{{W}}}t")]
    assert texts[:3] == ["100", "\u2009", "["] and texts[-1] == "]"
    assert cell.find(".//w:endnoteReference", NS) is not None


def test_a_marker_after_a_year_and_a_full_stop_follows_the_stop(theme):
    data = render(_one_section(para("It ended in March 2024", cite(1, first=True), ".")), theme=theme).data
    p = next(p for p in _xml(data, "word/document.xml").iter(f"{{{W}}}p") if "March 2024" in _text(p))
    runs = p.findall("w:r", NS)
    assert [r.findtext("w:t", namespaces=NS) for r in runs[:2]] == ["It ended in March 2024", "."]
    assert runs[2].find("w:endnoteReference", NS) is not None
    assert "[" not in _text(p)


def test_a_citation_only_column_is_not_a_word_table_column(theme):
    table = Table(header=(line("Country"), line("Report"), line("Citation")),
                  rows=((line("Niger"), line("Trainers"), line(cite(1))), (line("Mali"), line("Wagner"), line(cite(2)))))
    document = docx.Document(io.BytesIO(render(_one_section(table), theme=theme).data))
    (word_table,) = document.tables
    assert [c.text for c in word_table.rows[0].cells] == ["Country", "Report"]
    assert word_table.rows[1]._tr.find(".//w:endnoteReference", NS) is not None


def test_the_takeaways_box_is_shaded_bordered_paragraphs_that_may_break_between_items(theme):
    data = render(sample_brief(), theme=theme).data
    document = docx.Document(io.BytesIO(data))
    assert all(t.style.name != "Key Takeaways" for t in document.tables)
    items = [p for p in document.paragraphs if p.style.name == "Key Takeaways Bullet"]
    assert [p.text.split(" ")[0] for p in items] == ["Niger", "Russia"]
    style = _xml(data, "word/styles.xml").find(".//w:style[@w:styleId='KeyTakeawaysBullet']", NS)
    ppr = style.find("w:pPr", NS)
    assert ppr.find("w:shd", NS).get(f"{{{W}}}fill")
    assert {etree.QName(b).localname for b in ppr.find("w:pBdr", NS)} == {"top", "left", "bottom", "right"}
    assert ppr.find("w:keepLines", NS) is not None  # an item keeps its lines together ...
    assert ppr.find("w:keepNext", NS) is None  # ... but the box may break between items
    # the bullet keeps the list's numbering through its base style
    assert style.find("w:basedOn", NS).get(f"{{{W}}}val") == "ListBullet"


def test_every_heading_keeps_with_its_next_paragraph(theme):
    styles = _xml(render(sample_brief(), theme=theme).data, "word/styles.xml")
    for style_id in ("Heading1", "Heading2", "Caption"):
        style = styles.find(f".//w:style[@w:styleId='{style_id}']", NS)
        assert style.find("w:pPr/w:keepNext", NS) is not None, style_id


def test_pages_after_the_first_carry_the_title_as_a_running_header(theme):
    data = render(sample_brief(), theme=theme).data
    package = zipfile.ZipFile(io.BytesIO(data))
    final = _xml(data, "word/document.xml").find("w:body/w:sectPr", NS)
    rels = etree.fromstring(package.read("word/_rels/document.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    sections = list(_xml(data, "word/document.xml").iter(f"{{{W}}}sectPr"))
    first = sections[0]  # the body's section: page 1 has the title block, no header
    assert first.find("w:titlePg", NS) is not None
    for sect in (first, final):
        (ref,) = sect.findall("w:headerReference", NS)
        assert ref.get(f"{{{W}}}type") == "default"
        header = etree.fromstring(package.read("word/" + targets[ref.get(f"{{{R}}}id")]))
        assert _text(header) == "Sahel Security Realignment <b>&amp;</b>"


def test_a_theme_asking_for_footnotes_gets_footnotes_and_no_endnotes(theme):
    brief = sample_brief()
    data = render(brief, theme=_with_docx(theme, notes="footnotes")).data
    footnotes = [n for n in _xml(data, "word/footnotes.xml") if n.get(f"{{{W}}}type") is None]
    endnotes = [n for n in _xml(data, "word/endnotes.xml") if n.get(f"{{{W}}}type") is None]
    assert len(footnotes) == len(brief.notes) and not endnotes


def test_python_docx_saves_a_footnoted_brief_unchanged(theme):
    from test_ooxml_round_trip import _changes_on_round_trip

    data = render(sample_brief(sections=2), theme=_with_docx(theme, notes="footnotes")).data
    assert _changes_on_round_trip(data, docx.Document) == []
