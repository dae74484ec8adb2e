"""The tagged PDF: every PDF passes page-validation's PDF/UA-1 profile, and its structure tree
holds every piece of content, in the brief's order, with the brief's own text.

The structure checks read the file back with pikepdf: the content streams (which marked
content each painting operator sits in, and the text of each MCID through the fonts' ToUnicode
maps) and the structure tree (which MCIDs and annotations each element owns).
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from pathlib import Path
from typing import Any

import pytest
from builders import cite, line, sample_brief
from example_build import STEMS as EXAMPLES

from briefgen.i18n import word
from briefgen.model import Brief, BulletList, Cite, Figure, Paragraph, Section, Subheading, Table, Text, Timeline
from briefgen.theme import load_theme

pikepdf = pytest.importorskip("pikepdf")
page_validation = pytest.importorskip("page", reason="page-validation (the PDF/UA-1 checker) is not installed")

PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "INLINE IMAGE"}
SHOW = {"Tj", "TJ", "'", '"'}
BLOCKS = {"H1", "H2", "H3", "P", "Lbl", "Caption", "TH", "TD", "Note"}


def _every_block_brief() -> Brief:
    """The sample brief (takeaways, paragraphs, lists, a table, a timeline, Cyrillic and Greek
    names, hostile text), with an analysis section and a table long enough to repeat its header."""
    brief = sample_brief(sections=2)
    rows = tuple((line(f"Row {i}"), line(f"Value {i} of a table that runs over a page break")) for i in range(70))
    long_table = Table(header=(line("Name"), line("Value")), rows=rows, align=("left", "right"))
    sections = list(brief.sections)
    sections[-1] = dataclasses.replace(sections[-1], analysis=True, blocks=sections[-1].blocks + (long_table,))
    return dataclasses.replace(brief, sections=tuple(sections))


def _edge_briefs() -> dict[str, Brief]:
    """Briefs whose layout takes the renderer's rarer paths."""
    b = sample_brief()

    def one(*blocks: Any) -> Brief:
        return dataclasses.replace(b, sections=(Section("s", "Section", blocks),))

    long_cell = "A cell taller than a page, which has to be cut inside its row. " * 120
    links = Paragraph((Text("word " * 60), Text("a link whose text runs over lines and pages " * 8,
                                                    href="https://example.org/x"), Text(" end "), cite(1, 2)) * 10)
    return {
        # a title too long for the band: the masthead flows as plain paragraphs
        "long-title": dataclasses.replace(b, title="A very long title " * 40, subtitle="", author=""),
        "no-sections": dataclasses.replace(b, sections=(), notes=(), sources=()),
        "tall-row": one(Table(header=(line("A"), line("B")), rows=((line("x", cite(1)), line(long_cell, cite(2))),),
                              align=("left", "left"))),
        "wide-table": one(Table(header=tuple(line(f"Column header {i}") for i in range(14)),
                                rows=tuple(tuple(line(f"v{i}{j}") for i in range(14)) for j in range(3)), align=())),
        "links-over-pages": one(links),
        "empty-cells": one(Table(header=(line("A"), ()), rows=(((), line("b")),), align=())),
    }


@pytest.fixture(scope="module")
def built(example_build, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Brief, Path]]:
    """The examples' PDFs as the build wrote them, and the PDFs of the briefs above."""
    from briefgen.render.pdf import render

    theme = load_theme("default")
    paths = {stem: (brief, example_build.path(stem, ".pdf")) for stem, brief in example_build.briefs.items()}
    out = tmp_path_factory.mktemp("tagged")
    for stem, brief in {"every-block": _every_block_brief(), **_edge_briefs()}.items():
        path = out / f"{stem}.pdf"
        path.write_bytes(render(brief, theme=theme).data)
        paths[stem] = (brief, path)
    return paths


STEMS = [*EXAMPLES, "every-block", *_edge_briefs()]


# ---------------------------------------------------------------- reading the file back


def _cmap(font: Any) -> dict[int, str]:
    data = font.ToUnicode.read_bytes()
    out: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.DOTALL):
        for code, uni in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[int(code, 16)] = bytes.fromhex(uni.decode()).decode("utf-16-be")
    return out


class _Content:
    """What a file's content streams paint: each MCID's text, in stream order, and any painting
    outside marked content (or inside an MCID inside another)."""

    def __init__(self, pdf: Any) -> None:
        self.order: list[tuple[int, int]] = []  # (page, mcid) in stream order
        self.text: dict[tuple[int, int], str] = {}
        self.untagged: list[str] = []
        self.nested: list[tuple[int, int]] = []
        self.artifact_text: dict[int, str] = {}
        for pi, pg in enumerate(pdf.pages):
            fonts = {str(k): _cmap(f) for k, f in pg.Resources.get("/Font", {}).items()}
            stack: list[Any] = []  # "artifact", (page, mcid) or "other"
            font: dict[int, str] = {}
            for operands, op in pikepdf.parse_content_stream(pg):
                op = str(op)
                if op in ("BDC", "BMC"):
                    tag = str(operands[0])
                    props = operands[1] if op == "BDC" else None
                    if tag == "/Artifact":
                        stack.append("artifact")
                    elif isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                        key = (pi, int(props.MCID))
                        if any(isinstance(s, tuple) for s in stack):
                            self.nested.append(key)
                        stack.append(key)
                        self.order.append(key)
                        self.text.setdefault(key, "")
                    else:
                        stack.append("other")
                elif op == "EMC":
                    stack.pop()
                elif op == "Tf":
                    font = fonts.get(str(operands[0]), {})
                elif op in SHOW or op in PAINT:
                    if not any(s == "artifact" or isinstance(s, tuple) for s in stack):
                        self.untagged.append(f"page {pi + 1}: `{op}` outside marked content")
                    if op in SHOW:
                        strings = operands[0] if op == "TJ" else [operands[-1]]
                        text = "".join(font.get(b, "\ufffd") for s in strings if isinstance(s, pikepdf.String)
                                       for b in bytes(s))
                        owner = next((s for s in reversed(stack) if s != "other"), None)
                        if isinstance(owner, tuple):
                            self.text[owner] += text
                        elif owner == "artifact":
                            self.artifact_text[pi] = self.artifact_text.get(pi, "") + text + " "


class _Elem:
    """A structure element read back: its role, attributes, kids (elements, (page, mcid) and annotations)."""

    def __init__(self, obj: Any, pages: dict[tuple[int, int], int]) -> None:
        self.obj = obj
        self.role = str(obj.S)[1:]
        self.kids: list[Any] = []
        pg = pages.get(obj.Pg.objgen) if "/Pg" in obj else None
        k = obj.get("/K", pikepdf.Array())
        for kid in (k if isinstance(k, pikepdf.Array) else [k]):
            if isinstance(kid, int):
                self.kids.append((pg, int(kid)))
            elif kid.get("/Type") == "/MCR":
                self.kids.append((pages[kid.Pg.objgen], int(kid.MCID)))
            elif kid.get("/Type") == "/OBJR":
                self.kids.append(kid)
            else:
                self.kids.append(_Elem(kid, pages))

    def walk(self) -> Any:
        yield self
        for kid in self.kids:
            if isinstance(kid, _Elem):
                yield from kid.walk()

    def mcids(self) -> list[tuple[int, int]]:
        out = []
        for kid in self.kids:
            out += kid.mcids() if isinstance(kid, _Elem) else [kid] if isinstance(kid, tuple) else []
        return out

    def text(self, content: _Content) -> str:
        return " ".join("".join(content.text.get(m, "") for m in self.mcids()).split())


def _read(path: Path) -> tuple[Any, _Elem, _Content]:
    pdf = pikepdf.open(path)
    pages = {pg.obj.objgen: i for i, pg in enumerate(pdf.pages)}
    root = pdf.Root.StructTreeRoot
    (doc,) = root.K if isinstance(root.K, pikepdf.Array) else [root.K]
    return pdf, _Elem(doc, pages), _Content(pdf)


@pytest.fixture(scope="module")
def read_back(built):
    """`read_back(stem)`: the PDF of `built[stem]` read back, once for all of this module's tests."""
    cache: dict[str, tuple[Any, _Elem, _Content]] = {}

    def read(stem: str) -> tuple[Any, _Elem, _Content]:
        if stem not in cache:
            cache[stem] = _read(built[stem][1])
        return cache[stem]

    yield read
    for pdf, _, _ in cache.values():
        pdf.close()


# ---------------------------------------------------------------- the gate


@pytest.mark.parametrize("stem", STEMS)
def test_the_pdf_passes_every_rule_of_the_pdf_ua_1_profile(built, stem):
    _, path = built[stem]
    report = page_validation.validate_pdf(str(path), profile=page_validation.ValidationProfile.PDF_UA_1)
    assert report.is_compliant, [f"{f.rule_id}: {f.message}" for f in report.failures]


@pytest.mark.parametrize("stem", STEMS)
def test_every_mcid_is_in_the_tree_and_all_painting_is_content_or_artifact(read_back, stem):
    pdf, doc, content = read_back(stem)
    assert content.untagged == []
    assert content.nested == []
    in_tree = doc.mcids()
    assert sorted(in_tree) == sorted(content.order), "MCIDs in the content and in the tree differ"
    assert len(set(in_tree)) == len(in_tree), "an MCID belongs to two elements"
    # The ParentTree maps each MCID back to the element that owns it.
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for elem in doc.walk():
        for kid in elem.kids:
            if isinstance(kid, tuple):
                page, mcid = kid
                assert tree[int(pdf.pages[page].obj.StructParents)][mcid].objgen == elem.obj.objgen


@pytest.mark.parametrize("stem", STEMS)
def test_the_structure_tree_is_in_reading_order(read_back, stem):
    _, doc, content = read_back(stem)
    position = {key: i for i, key in enumerate(content.order)}
    assert [position[m] for m in doc.mcids()] == sorted(position[m] for m in doc.mcids())


@pytest.mark.parametrize("stem", STEMS)
def test_the_title_is_the_one_h1_and_headings_never_skip_a_level(built, read_back, stem):
    brief = built[stem][0]
    _, doc, content = read_back(stem)
    headings = [e for e in doc.walk() if re.fullmatch(r"H\d", e.role)]
    assert headings[0].role == "H1" and [h.role for h in headings].count("H1") == 1
    assert headings[0].text(content) == " ".join(brief.title.split())
    levels = [int(h.role[1:]) for h in headings]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    assert all(str(h.obj.get("/T", "")) == h.text(content) for h in headings)


@pytest.mark.parametrize("stem", STEMS)
def test_every_link_annotation_is_owned_by_a_link_element_and_described(read_back, stem):
    pdf, doc, _ = read_back(stem)
    owned = {kid.Obj.objgen: e for e in doc.walk() for kid in e.kids if isinstance(kid, pikepdf.Dictionary)}
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    count = 0
    for pg in pdf.pages:
        assert pg.obj.Tabs == pikepdf.Name.S
        for annot in pg.obj.get("/Annots", []):
            count += 1
            assert owned[annot.objgen].role == "Link"
            assert tree[int(annot.StructParent)].objgen == owned[annot.objgen].obj.objgen
            assert str(annot.Contents).strip()
    assert count == len(owned)
    assert int(pdf.Root.StructTreeRoot.ParentTreeNextKey) == max(tree) + 1


def test_notes_are_note_elements_with_unique_ids_in_the_id_tree(built, read_back):
    brief = built["every-block"][0]
    pdf, doc, _ = read_back("every-block")
    notes = [e for e in doc.walk() if e.role == "Note"]
    assert [str(n.obj.ID) for n in notes] == [f"note-{n.number}" for n in brief.notes]
    names = pdf.Root.StructTreeRoot.IDTree.Names
    assert [str(names[i]) for i in range(0, len(names), 2)] == sorted(f"note-{n.number}" for n in brief.notes)


def test_table_headers_have_column_scope_and_a_repeated_header_row_is_an_artifact(read_back):
    _, doc, content = read_back("every-block")
    tables = [e for e in doc.walk() if e.role == "Table"]
    long = tables[-1]
    rows = [k for k in long.kids if isinstance(k, _Elem)]
    assert [c.role for c in rows[0].kids] == ["TH", "TH"]
    assert all(str(c.obj.A.Scope) == "/Column" for c in rows[0].kids)
    assert all(c.role == "TD" for r in rows[1:] for c in r.kids)
    assert len(rows) == 71
    pages = {m[0] for m in long.mcids()}
    assert len(pages) > 1, "the long table should run over a page break"
    # The header row drawn again on the next page is there, but only as an artifact.
    assert "Name Value" in " ".join(content.artifact_text[max(pages)].split())


def _text(inlines: Any) -> str:
    return "".join(i.text if isinstance(i, Text) else (" [" if i.apart else "") + ",".join(str(n) for n in i.numbers)
                   + ("]" if i.apart else "") for i in inlines)


def _expected(brief: Brief) -> list[tuple[str, str]]:
    """The blocks of the brief, as (role, text), in the order a reader should meet them."""
    out = [("P", word(brief.labels, "kicker").upper()), ("H1", brief.title)]
    if brief.subtitle:
        out.append(("P", brief.subtitle))
    for label, value in ((word(brief.labels, "prepared_for").upper(), brief.audience_name),
                         (word(brief.labels, "date").upper(), brief.date_text(brief.date)),
                         (word(brief.labels, "author").upper(), brief.author)):
        if value:
            out.append(("P", f"{label} {value}"))

    def blocks(items: Any) -> None:
        for block in items:
            if isinstance(block, Paragraph):
                out.append(("P", _text(block.inlines)))
            elif isinstance(block, Subheading):
                out.append(("H3", block.text))
            elif isinstance(block, BulletList):
                for i, item in enumerate(block.items):
                    out.extend([("Lbl", f"{i + 1}." if block.ordered else "\u2022"), ("P", _text(item))])
            elif isinstance(block, Table):
                out.extend(("TH", _text(c)) for c in block.header)
                out.extend(("TD", _text(c)) for row in block.rows for c in row)
            elif isinstance(block, Timeline):
                if block.caption:
                    out.append(("Caption", block.caption))
                for e in sorted(block.entries, key=lambda e: e.date.sort_key()):
                    out.extend([("Lbl", brief.date_text(e.date)), ("P", e.label + str(e.ref.number))])
            elif isinstance(block, Figure):  # its caption, then its credit
                if not block.decorative:
                    out.append(("Caption", f"Figure {block.number}. {_text(block.caption)}"))
                if block.credit:
                    out.append(("P", block.credit))

    for sec in brief.sections:
        out.append(("H2", sec.heading))
        if sec.analysis:
            out.append(("P", word(brief.labels, "analysis").upper()))
        blocks(sec.blocks)
    out.append(("H2", word(brief.labels, "notes")))
    for note in brief.notes:
        out.extend([("Lbl", str(note.number)), ("Note", _text(note.body))])
    out.append(("H2", word(brief.labels, "sources")))
    out.extend(("P", _text(s.entry or (Text(s.title),))) for s in brief.sources)
    return [(role, " ".join(text.split())) for role, text in out]


@pytest.mark.parametrize("stem", STEMS)
def test_each_block_reads_as_the_brief_text_in_the_brief_order(built, read_back, stem):
    brief = built[stem][0]
    _, doc, content = read_back(stem)
    got = [(e.role, e.text(content)) for e in doc.walk() if e.role in BLOCKS]
    assert got == _expected(brief)


@pytest.mark.parametrize("text", [
    " ".join(f"word{i}" for i in range(900)),  # wraps, and runs over a page break
    "https://example.org/" + "x" * 400 + " and on",  # a word cut to fit gets no space where it is cut
])
def test_a_wrapped_line_ends_in_a_space_so_words_do_not_run_together(tmp_path, text):
    from briefgen.render.pdf import render

    brief = dataclasses.replace(sample_brief(), sections=(
        dataclasses.replace(sample_brief().sections[1], blocks=(Paragraph((Text(text),)),)),))
    path = tmp_path / "wrapped.pdf"
    path.write_bytes(render(brief, theme=load_theme("default")).data)
    _, doc, content = _read(path)
    assert text in [e.text(content) for e in doc.walk() if e.role == "P"]


# ---------------------------------------------------------------- colour


def test_small_accent_text_has_aa_contrast_on_white(theme):
    from reportlab.lib.colors import HexColor

    from briefgen.render import pdf
    from briefgen.theme import contrast

    st = pdf._styles(pdf._layout(theme.pdf), pdf.register_family(theme.font), pdf._colors(theme))
    label = st.label.textColor
    assert label == HexColor("#" + theme.color("accent"))  # the theme's accent, which `check` holds to 4.5:1
    assert contrast(label.hexval()[2:], "FFFFFF") >= 4.5


def test_coloured_links_are_underlined_and_uncoloured_text_is_not(theme):
    from briefgen.model import Ref
    from briefgen.render import pdf

    st = pdf._styles(pdf._layout(theme.pdf), pdf.register_family(theme.font), pdf._colors(theme))
    marks = pdf._Marks(notes=frozenset({1, 2}), link_color="#1F3A5F")
    para = marks.para((Text("Claim "), Cite((Ref(1, True), Ref(2))), Text("web", href="https://example.org")), st.body)
    texts = [f for f in para.frags if getattr(f, "text", "")]
    underlined = {f.text: f.us_lines for f in texts if getattr(f, "us_lines", None)}
    assert set(underlined) == {"1", "2", "web"}
    # each link its own underline, so that ReportLab draws all three
    assert len({u[0][0] for u in underlined.values()}) == 3
