"""The accessibility gate for the Word brief and the deck (issue 18): the three examples read back
with python-docx and python-pptx, and `briefgen check --accessibility` on them."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path

import docx
import pptx
import pytest
from builders import sample_brief
from lxml import etree

from briefgen.checks.accessibility import check_docx, check_pptx
from briefgen.cli import main
from briefgen.model import Section
from briefgen.render.docx import render as render_docx
from briefgen.render.pptx.write import render as render_pptx

REPO = Path(__file__).resolve().parents[2]
STEMS = ("policymakers", "public", "students")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"


@pytest.fixture(scope="module")
def built(example_build):
    return {stem: (brief, example_build.out) for stem, brief in example_build.briefs.items()}


def _described(c_nv_pr) -> bool:
    return bool((c_nv_pr.get("descr") or "").strip()) or any(
        m.get("val") == "1" for m in c_nv_pr.iter(DECORATIVE))


# ---------------------------------------------------------------- the Word brief


@pytest.mark.parametrize("stem", STEMS)
def test_docx_tables_are_data_tables_with_header_rows_and_descriptions(built, stem):
    _, out = built[stem]
    document = docx.Document(str(out / f"{stem}.docx"))
    assert document.tables, "the examples have tables"
    for table in document.tables:
        tbl = table._tbl
        first = tbl.tr_lst[0]
        assert first.find(f"{W}trPr/{W}tblHeader") is not None  # Word repeats it; readers announce it
        assert len(table.columns) > 1 and len(table.rows) > 1  # a 1x1 "box" would be a layout table
        caption = tbl.tblPr.find(f"{W}tblCaption")
        description = tbl.tblPr.find(f"{W}tblDescription")
        assert caption is not None and caption.get(f"{W}val").strip()
        assert description.get(f"{W}val").startswith("Table: ")
        assert f"{len(table.rows) - 1} rows" in description.get(f"{W}val")


@pytest.mark.parametrize("stem", STEMS)
def test_docx_every_run_is_in_the_brief_language(built, stem):
    brief, out = built[stem]
    path = out / f"{stem}.docx"
    document = docx.Document(str(path))
    default = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert default.get(f"{W}val") == brief.language
    # No style and no run sets another language, so every run's effective language is the default.
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                root = etree.fromstring(z.read(name))
                langs = [el for el in root.iter(f"{W}lang") if el.getparent().getparent().tag != f"{W}rPrDefault"]
                assert not [el.get(f"{W}val") for el in langs if el.get(f"{W}val")], name


def test_docx_language_follows_the_brief_not_the_template(theme):
    data = render_docx(dataclasses.replace(sample_brief(), language="fr"), theme=theme).data
    assert [c.passed for c in check_docx(data, language="fr")] == [True] * 5
    assert not check_docx(data, language="en")[0].passed


@pytest.mark.parametrize("stem", STEMS)
def test_docx_every_picture_has_alt_text_or_a_decorative_mark(built, stem):
    # (This used to pass on a document without any picture.) Each example has its figures: each
    # drawing is described by its figure's alt text, in the brief's order, or marked decorative.
    from briefgen.model import Figure

    brief, out = built[stem]
    with zipfile.ZipFile(out / f"{stem}.docx") as z:
        root = etree.fromstring(z.read("word/document.xml"))
    drawings = list(root.iter(f"{WP}docPr"))
    figures = [b for s in brief.sections for b in s.blocks if isinstance(b, Figure)]
    assert figures and len(drawings) == len(figures)
    assert all(_described(pr) for pr in drawings)
    described = [" ".join((pr.get("descr") or "").split("\n")[0].split()) for pr in drawings]
    assert described == [" ".join(f.alt.split()) if not f.decorative else "" for f in figures]


# ---------------------------------------------------------------- the deck


def _shapes(slide):
    return [el for el in slide.shapes._spTree if el.tag in (f"{P}sp", f"{P}pic", f"{P}graphicFrame", f"{P}cxnSp")]


@pytest.mark.parametrize("stem", STEMS)
def test_deck_slide_titles_are_unique(built, stem):
    _, out = built[stem]
    deck = pptx.Presentation(str(out / f"{stem}.pptx"))
    titles = [" ".join(s.shapes.title.text.split()).casefold() for s in deck.slides]
    assert len(set(titles)) == len(titles), sorted(t for t in titles if titles.count(t) > 1)


@pytest.mark.parametrize("stem", STEMS)
def test_deck_reading_order_is_title_then_content_then_decorations(built, stem):
    _, out = built[stem]
    deck = pptx.Presentation(str(out / f"{stem}.pptx"))
    decorated = 0
    for k, slide in enumerate(deck.slides, start=1):
        shapes = _shapes(slide)
        ph = shapes[0].find(f"{P}nvSpPr/{P}nvPr/{P}ph")
        assert ph is not None and ph.get("type") in ("title", "ctrTitle"), k
        kinds = [any(m.get("val") == "1" for m in sh.iter(DECORATIVE)) for sh in shapes]
        assert kinds == sorted(kinds), f"slide {k}: a decoration before content"
        decorated += any(kinds)
    assert decorated  # the takeaways bar, the timelines


@pytest.mark.parametrize("stem", STEMS)
def test_deck_every_non_text_shape_and_table_has_alt_text_or_is_decorative(built, stem):
    _, out = built[stem]
    deck = pptx.Presentation(str(out / f"{stem}.pptx"))
    tables = 0
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.is_placeholder or shape.has_text_frame and shape.text_frame.text.strip():
                continue
            c_nv_pr = shape._element.find(f"./*/{P}cNvPr")
            assert _described(c_nv_pr), (slide.shapes.title.text, shape.name)
            if getattr(shape, "has_table", False) and shape.has_table:
                tables += 1
                descr = c_nv_pr.get("descr")
                assert descr.startswith("Table: ") and f"{len(shape.table.rows) - 1} rows" in descr
                assert shape._element.find(".//{*}tblPr").get("firstRow") == "1"
    assert tables or stem == "public"


def test_titles_that_differ_only_in_case_or_spacing_are_numbered(theme):
    brief = sample_brief()
    extra = Section("again", "new  PARTNERS", brief.sections[2].blocks[:1])
    data = render_pptx(dataclasses.replace(brief, sections=brief.sections + (extra,)), theme=theme).data
    titles = [s.shapes.title.text for s in pptx.Presentation(io.BytesIO(data)).slides]
    assert "new PARTNERS (2)" in titles  # the heading, its spaces collapsed, numbered
    assert next(c for c in check_pptx(data, language="en") if c.rule == "slide titles are unique").passed


def test_the_deck_check_fails_a_decoration_before_the_content(theme):
    data = render_pptx(sample_brief(), theme=theme).data
    src = io.BytesIO(data)
    out = io.BytesIO()
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(out, "w") as w:
        for item in z.infolist():
            blob = z.read(item)
            if item.filename.startswith("ppt/slides/slide") and b"Takeaways Bar" in blob:
                root = etree.fromstring(blob)
                tree = root.find(f"{P}cSld/{P}spTree")
                bar = next(sh for sh in tree if b"Takeaways Bar" in etree.tostring(sh))
                tree.remove(bar)
                tree.insert(2, bar)  # after the group properties: before the title
                blob = etree.tostring(root)
            w.writestr(item, blob)
    failed = {c.rule for c in check_pptx(out.getvalue(), language="en") if not c.passed}
    assert failed == {"the title is first in each slide's reading order",
                      "decorations come after the content in reading order"}


# ---------------------------------------------------------------- briefgen check --accessibility


def test_check_accessibility_reports_each_file_and_what_a_person_must_judge(capsys, monkeypatch):
    monkeypatch.chdir(REPO)
    assert main(["check", "--accessibility", "briefs/public.yaml"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("accessibility of briefs/public.yaml\n")
    for name in ("public.pdf", "public.docx", "public.pptx"):
        assert f"\n  {name}\n" in out
    assert "FAIL" not in out and out.count("for a person to judge:") == 3
    assert "ok    slide titles are unique" in out and "every link has a description (/Contents)" in out
    assert "alt text of every figure says what a sighted reader learns from it" in out
