"""Figures in the PDF: each picture, map and chart on its page (image XObjects or vector paths),
never distorted, kept with its numbered caption, whose note markers link like body citations;
tagged as a Figure with Alt and a Caption, a decorative picture as an artifact; the file still
passes the PDF/UA-1 profile and rebuilds byte-identical."""

from __future__ import annotations

import dataclasses
import io
from typing import Any

import pytest
from builders import cite, line, para
from figure_builders import chart, figure_brief, image, map_figure, sahel_map

from briefgen.model import Figure, Section
from briefgen.render.pdf import render

pypdf = pytest.importorskip("pypdf")
pikepdf = pytest.importorskip("pikepdf")

PAINT = {"f", "F", "f*", "B", "B*", "b", "b*", "S", "s"}


@pytest.fixture(scope="module")
def brief():
    return figure_brief()


@pytest.fixture(scope="module")
def data(brief, theme) -> bytes:
    return render(brief, theme=theme).data


def _figures(brief) -> list[Figure]:
    return [b for s in brief.sections for b in s.blocks if isinstance(b, Figure)]


# ---------------------------------------------------------------- reading the file back


class _Marked:
    """Per page, what each marked-content sequence paints: its operators, the images it places
    (with the matrix they are placed with) and the colours it fills with; and the structure
    elements with their MCIDs."""

    def __init__(self, data: bytes) -> None:
        self.pdf = pikepdf.open(io.BytesIO(data))
        pages = {pg.obj.objgen: i for i, pg in enumerate(self.pdf.pages)}
        self.ops: dict[tuple[int, int], list[str]] = {}
        self.images: dict[tuple[int, int], list[tuple[float, ...]]] = {}
        self.fills: dict[tuple[int, int], set[tuple[float, ...]]] = {}
        self.artifact_images: list[int] = []  # pages with an image placed inside an artifact
        self.order: list[tuple[int, int]] = []  # MCIDs in content order
        self.nested: list[tuple[int, int]] = []  # MCIDs opened inside another
        for pi, pg in enumerate(self.pdf.pages):
            stack: list[Any] = []
            ctm: list[tuple[float, ...]] = [(1, 0, 0, 1, 0, 0)]
            for operands, op in pikepdf.parse_content_stream(pg):
                op = str(op)
                if op in ("BDC", "BMC"):
                    props = operands[1] if op == "BDC" else None
                    if str(operands[0]) == "/Artifact":
                        stack.append("artifact")
                    elif isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                        if any(isinstance(k, tuple) for k in stack):
                            self.nested.append((pi, int(props.MCID)))
                        stack.append((pi, int(props.MCID)))
                        self.order.append(stack[-1])
                    else:
                        stack.append("other")
                    continue
                if op == "EMC":
                    stack.pop()
                    continue
                if op == "q":
                    ctm.append(ctm[-1])
                elif op == "Q":
                    ctm.pop()
                elif op == "cm":
                    a, b, c, d, e, f = (float(v) for v in operands)
                    A, B, C, D, E, F = ctm[-1]
                    ctm[-1] = (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
                               e * A + f * C + E, e * B + f * D + F)
                owner = next((s for s in reversed(stack) if s != "other"), None)
                if owner == "artifact":
                    if op == "Do" and pg.Resources.XObject[str(operands[0])].Subtype == "/Image":
                        self.artifact_images.append(pi)
                    continue
                if not isinstance(owner, tuple):
                    continue
                self.ops.setdefault(owner, []).append(op)
                if op == "Do":
                    self.images.setdefault(owner, []).append(ctm[-1])
                if op == "rg":
                    self.fills.setdefault(owner, set()).add(tuple(round(float(v), 3) for v in operands))
        root = self.pdf.Root.StructTreeRoot
        self.elems: list[tuple[str, Any, list[tuple[int, int]]]] = []

        def walk(obj: Any) -> list[tuple[int, int]]:
            pg = pages.get(obj.Pg.objgen) if "/Pg" in obj else None
            own: list[tuple[int, int]] = []
            entry = (str(obj.S)[1:], obj, own)
            self.elems.append(entry)
            k = obj.get("/K", pikepdf.Array())
            for kid in (k if isinstance(k, pikepdf.Array) else [k]):
                if isinstance(kid, int):
                    own.append((pg, int(kid)))
                elif kid.get("/Type") == "/MCR":
                    own.append((pages[kid.Pg.objgen], int(kid.MCID)))
                elif kid.get("/Type") == "/OBJR":
                    continue
                else:
                    own.extend(walk(kid))
            return own

        (doc,) = root.K if isinstance(root.K, pikepdf.Array) else [root.K]
        walk(doc)

    def role(self, role: str) -> list[tuple[Any, list[tuple[int, int]]]]:
        return [(obj, mcids) for r, obj, mcids in self.elems if r == role]


@pytest.fixture(scope="module")
def marked(data) -> _Marked:
    return _Marked(data)


def _page_text(data: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [" ".join(p.extract_text().split()) for p in reader.pages]


# ---------------------------------------------------------------- what is on the page


def test_every_figure_with_a_number_is_a_figure_element_with_its_alt_text(brief, marked):
    figures = [f for f in _figures(brief) if not f.decorative]
    elems = marked.role("Figure")
    assert [str(obj.Alt) for obj, _ in elems] == [f.alt for f in figures]
    assert all(mcids for _, mcids in elems)


def test_pictures_are_image_xobjects_and_maps_charts_and_svg_are_vector_paths(brief, marked):
    figures = [f for f in _figures(brief) if not f.decorative]
    for fig, (_, mcids) in zip(figures, marked.role("Figure")):
        ops = [op for m in mcids for op in marked.ops.get(m, [])]
        images = [i for m in mcids for i in marked.images.get(m, [])]
        if fig.image is not None and fig.image.kind in ("png", "jpeg"):
            assert len(images) == 1, fig.id
        else:
            assert images == [], fig.id  # kept as vectors, not rasterized
            assert sum(op in PAINT for op in ops) >= 2, fig.id


def test_a_picture_keeps_its_aspect_ratio(brief, marked):
    figures = [f for f in _figures(brief) if not f.decorative]
    for fig, (_, mcids) in zip(figures, marked.role("Figure")):
        if fig.image is None or fig.image.kind == "svg":
            continue
        ((a, b, c, d, _, _),) = [i for m in mcids for i in marked.images.get(m, [])]
        assert b == c == 0
        assert a / d == pytest.approx(fig.image.width / fig.image.height, rel=1e-3)


def test_the_map_fills_highlighted_countries_with_the_accent_colour(brief, marked, theme):
    (_, mcids), *_ = marked.role("Figure")
    accent = theme.color("accent")
    rgb = tuple(round(int(accent[i:i + 2], 16) / 255, 3) for i in (0, 2, 4))
    fills = set().union(*(marked.fills.get(m, set()) for m in mcids))
    assert any(all(abs(x - y) < 0.005 for x, y in zip(f, rgb)) for f in fills), fills


def test_captions_are_numbered_and_carry_the_note_numbers(brief, data, marked):
    pages = _page_text(data)
    captions = marked.role("Caption")
    numbered = [f for f in _figures(brief) if not f.decorative]
    assert len(captions) == len(numbered)
    for fig, (_, mcids) in zip(numbered, captions):
        page = pages[mcids[0][0]]
        assert f"Figure {fig.number}." in page
    assert "Figure 1. The three AES states 1" in " ".join(pages)
    # the chart's caption cites the notes of its two data points
    assert "Figure 2. Russian personnel reported 2,3" in " ".join(pages)


def test_caption_note_markers_link_to_their_notes(brief, data, marked):
    reader = pypdf.PdfReader(io.BytesIO(data))
    (_, mcids) = marked.role("Caption")[0]
    page = reader.pages[mcids[0][0]]
    links = [a.get_object() for a in page.get("/Annots", []) if a.get_object().get("/Contents") == "Note 1"]
    assert len(links) == 1
    target = reader.get_page_number(links[0]["/Dest"][0].get_object())
    assert "In March, the junta ended" in reader.pages[target].extract_text()


def test_the_chart_prints_its_title_unit_and_values(data):
    text = " ".join(_page_text(data))
    assert "Russian military personnel reported, by country" in text
    assert "personnel" in text
    assert "Niger" in text and "Burkina Faso" in text
    assert "100" in text


def test_the_credit_prints_under_the_caption(data):
    text = " ".join(_page_text(data))
    assert "Figure 1. The three AES states 1 Map data: Natural Earth" in text
    assert "Drawing: briefgen tests (CC0)" in text


def test_a_decorative_picture_is_an_artifact_with_no_figure_element(theme):
    brief = figure_brief(image(0, "diagram.png", "", decorative=True))
    m = _Marked(render(brief, theme=theme).data)
    assert m.role("Figure") == [] and m.role("Caption") == []
    assert len(m.artifact_images) == 1


# ---------------------------------------------------------------- layout


def test_a_figure_is_never_split_from_its_caption(theme):
    # A picture after one more paragraph each time: wherever the page breaks (after 14 of them,
    # the picture alone would still fit on page 1, its caption not), the picture is on the page
    # of its caption and credit.
    from figure_builders import image_data

    picture = dataclasses.replace(image_data("diagram.png"), width=600, height=240)
    fig = Figure(number=1, id="figure-1", alt="A picture", caption=line("Picture ", cite(1, first=True)),
                 credit="Drawing: briefgen tests (CC0)", image=picture)
    for n in range(10, 19):
        blocks = (para("A paragraph of text before the figure."),) * n + (fig,)
        brief = dataclasses.replace(figure_brief(), sections=(Section("s", "Pictures", blocks),))
        m = _Marked(render(brief, theme=theme).data)
        ((_, pic),), ((_, cap),) = m.role("Figure"), m.role("Caption")
        roles = [r for r, _, _ in m.elems]
        credit = m.elems[roles.index("P", roles.index("Caption"))][2]
        assert len({p for p, _ in pic}) == 1
        assert {p for p, _ in pic} == {p for p, _ in cap} == {p for p, _ in credit}, n


def test_a_tall_picture_is_capped_to_fit_a_page_with_its_caption(theme):
    from figure_builders import image_data

    tall = dataclasses.replace(image_data("diagram.png"), width=100, height=2000)
    fig = Figure(number=1, id="figure-1", alt="A very tall picture", caption=line("Tall"), image=tall)
    m = _Marked(render(figure_brief(fig), theme=theme).data)
    ((_, mcids),) = m.role("Figure")
    ((a, _, _, d, _, _),) = [i for k in mcids for i in m.images.get(k, [])]
    assert a / d == pytest.approx(100 / 2000, rel=1e-3)
    page_h = float(m.pdf.pages[mcids[0][0]].MediaBox[3])
    assert d < page_h * 0.7


@pytest.mark.parametrize("kind", ["bar", "column", "line"])
def test_every_chart_kind_draws_within_the_frame(theme, kind):
    from briefgen.render.pdf_figures import FigureStyle, chart_drawing

    style = FigureStyle(regular="Helvetica", bold="Helvetica-Bold", **{k: _black() for k in
                        ("text", "muted", "primary", "accent", "rule")})
    d = chart_drawing(chart(kind), width=450, max_height=400, style=style)
    x0, y0, x1, y1 = d.getBounds()
    assert d.width == 450 and d.height <= 400
    assert x0 >= -1 and y0 >= -1 and x1 <= d.width + 1 and y1 <= d.height + 1


@pytest.mark.parametrize("language,ticks,label", [("en", "30,000", "25,000"), ("fr", "30\u202f000", "25\u202f000")])
def test_the_value_axis_writes_its_numbers_in_the_briefs_language(theme, language, ticks, label):
    from pypdf import PdfReader
    from reportlab.graphics import renderPDF

    from briefgen.render.pdf_figures import FigureStyle, chart_drawing
    from briefgen.render.pdf_fonts import register_family
    from briefgen.text.dates import format_number

    data = dataclasses.replace(chart("column", (("1963", 25000, 1), ("2001", 1350, 2))), language=language)
    data = dataclasses.replace(data, points=tuple(dataclasses.replace(p, text=format_number(p.value, language=language))
                                                  for p in data.points))
    fonts = register_family(theme.font)  # the theme's, which print U+202F (Helvetica has none)
    style = FigureStyle(regular=fonts.regular, bold=fonts.bold, **{k: _black() for k in
                        ("text", "muted", "primary", "accent", "rule")})
    pdf = renderPDF.drawToString(chart_drawing(data, width=450, max_height=400, style=style))
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split("\n")
    assert ticks in text and label in text, text
    assert language == "en" or not any("," in t for t in text if t[:1].isdigit()), text  # no English grouping


def _black() -> Any:
    from reportlab.lib.colors import black

    return black


def test_map_labels_keep_their_print_size_whatever_the_map_scale():
    from reportlab.graphics.shapes import String

    from briefgen.render.pdf_figures import FigureStyle, map_drawing

    style = FigureStyle(regular="Helvetica", bold="Helvetica-Bold", size=8, **{k: _black() for k in
                        ("text", "muted", "primary", "accent", "rule")})
    for width in (200, 450):
        d = map_drawing(sahel_map(), width=width, max_height=1000, style=style)
        assert d.width == pytest.approx(width) and d.height == pytest.approx(width * 250 / 400)
        sizes = {s.fontSize for s in d.getContents() if isinstance(s, String)}
        assert sizes == {8}


# ---------------------------------------------------------------- gates


def test_a_brief_with_figures_passes_the_pdf_ua_1_profile(data, tmp_path):
    page_validation = pytest.importorskip("page", reason="page-validation (the PDF/UA-1 checker) is not installed")
    path = tmp_path / "figures.pdf"
    path.write_bytes(data)
    report = page_validation.validate_pdf(str(path), profile=page_validation.ValidationProfile.PDF_UA_1)
    assert report.is_compliant, [f"{f.rule_id}: {f.message}" for f in report.failures]


def test_nothing_a_figure_paints_is_outside_marked_content(data):
    pdf = pikepdf.open(io.BytesIO(data))
    for pi, pg in enumerate(pdf.pages):
        depth = 0
        for _, op in pikepdf.parse_content_stream(pg):
            op = str(op)
            if op in ("BDC", "BMC"):
                depth += 1
            elif op == "EMC":
                depth -= 1
            elif op in PAINT | {"Do", "Tj", "TJ"}:
                assert depth > 0, f"page {pi + 1}: `{op}` outside marked content"


def test_figure_content_is_in_the_tree_in_reading_order_and_never_nested(marked):
    assert marked.nested == []
    (doc,) = [mcids for role, _, mcids in marked.elems if role == "Document"]
    assert doc == marked.order  # the tree, read in order, meets the content in the page's order


def test_a_brief_with_figures_rebuilds_byte_identical(brief, theme, data):
    assert render(brief, theme=theme).data == data


def test_the_figure_word_comes_from_the_brief_labels(theme):
    brief = dataclasses.replace(figure_brief(map_figure(1, caption=line("Carte"))), labels=(("figure", "Abbildung"),))
    text = " ".join(_page_text(render(brief, theme=theme).data))
    assert "Abbildung 1. Carte" in text


def test_a_section_of_only_figures_renders(theme):
    brief = figure_brief()
    sec = Section("only", "Only figures", tuple(_figures(brief)))
    assert render(dataclasses.replace(brief, sections=(sec,)), theme=theme).pages >= 2


def test_long_category_labels_slant_and_stay_inside_the_drawing():
    from reportlab.graphics.shapes import String

    from briefgen.render.pdf_figures import FigureStyle, chart_drawing

    style = FigureStyle(regular="Helvetica", bold="Helvetica-Bold", **{k: _black() for k in
                        ("text", "muted", "primary", "accent", "rule")})
    names = ("Central African Republic", "Democratic Republic of the Congo", "Burkina Faso", "Niger",
             "Mali", "Chad", "Mauritania", "Guinea-Bissau")
    data = chart("column", tuple((name, 100.0 + i, 1) for i, name in enumerate(names)))
    d = chart_drawing(data, width=450, max_height=400, style=style)
    x0, y0, x1, y1 = d.getBounds()
    assert y0 >= -1 and y1 <= d.height + 1
    assert {s.text for s in d.getContents() if isinstance(s, String)} >= {data.title, data.unit}


def test_alt_text_with_control_characters_and_markup_is_written_literally(theme):
    fig = map_figure(1, caption=line("Map"))
    fig = dataclasses.replace(fig, alt="Map of <b>Niger</b> & \x07Mali")
    m = _Marked(render(figure_brief(fig), theme=theme).data)
    ((obj, _),) = m.role("Figure")
    assert str(obj.Alt) == "Map of <b>Niger</b> & Mali"


def test_a_figure_in_the_takeaways_box_is_tagged_and_drawn(theme):
    brief = figure_brief()
    box = Section("key-takeaways", "Key takeaways", (para("In short."), map_figure(1, caption=line("Where"))),
                  role="takeaways")
    data = render(dataclasses.replace(brief, sections=(box,)), theme=theme).data
    m = _Marked(data)
    ((_, mcids),) = m.role("Figure")
    assert sum(op in PAINT for k in mcids for op in m.ops.get(k, [])) > 10
    assert "Figure 1. Where" in " ".join(_page_text(data))


def test_a_pdf_rendered_after_a_docx_in_the_same_process_maps_no_code_to_u0000(brief, theme):
    # The DOCX rasterizes its maps and charts through ReportLab; it once registered the fonts a
    # second time, as plain TTFonts, and a later PDF in the same worker embedded those, with
    # ToUnicode entries to U+0000 that PDF/UA forbids.
    import io

    from briefgen.render.docx import render as render_docx

    render_docx(brief, theme=theme)
    pdf = pikepdf.open(io.BytesIO(render(brief, theme=theme).data))
    maps = [f.ToUnicode.read_bytes() for page in pdf.pages for f in page.Resources.Font.values() if "/ToUnicode" in f]
    assert maps and not any(b"<0000>" in m for m in maps)


def test_a_small_picture_is_not_enlarged_past_its_own_size(brief, marked):
    # A 240-pixel picture once filled the column, soft; an emblem filled most of a page.
    checked = 0
    for fig, (_, mcids) in zip([f for f in _figures(brief) if not f.decorative], marked.role("Figure")):
        if fig.image is None or fig.image.kind == "svg":
            continue
        ((a, _, _, d, _, _),) = [i for m in mcids for i in marked.images.get(m, [])]
        assert a <= fig.image.width * 0.75 + 0.01 and d <= fig.image.height * 0.75 + 0.01
        checked += 1
    assert checked
