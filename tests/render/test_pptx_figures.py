"""Figures in the deck (issue 17): a slide each, a picture, an editable map or a native chart, with alt text."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import zipfile

import pptx
import pytest
from builders import cite, line
from deck_figure_builders import (
    DATA,
    chart_figure,
    figures_brief,
    image,
    image_figure,
    map_figure,
    sahel_map,
)
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu

from briefgen.model import Figure, MapData, MapLabel
from briefgen.render.pptx.figures import clip_ring, place_labels
from briefgen.render.pptx.plan import Box
from briefgen.render.pptx.write import render

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"
SVG_BLIP = "{http://schemas.microsoft.com/office/drawing/2016/SVG/main}svgBlip"
R_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
ACCENT = "C55038"


def every_figure() -> tuple[Figure, ...]:
    return (
        image_figure(1, caption=line("Arrival of the instructors ", cite(3)), credit="Photo: A. Person (CC BY 4.0)"),
        map_figure(2),
        chart_figure(3, "column", caption=line("Personnel reported ", cite(1))),
        chart_figure(4, "bar"),
        chart_figure(5, "line"),
        image_figure(6, "tall.jpg"),
        image_figure(7, "diagram.svg", alt="Three columns rising to a red one, beside a grey disc"),
    )


@pytest.fixture(scope="module")
def brief():
    return figures_brief(*every_figure())


@pytest.fixture(scope="module")
def data(brief, theme):
    return render(brief, theme=theme).data


@pytest.fixture(scope="module")
def deck(data):
    return pptx.Presentation(io.BytesIO(data))


def figure_slide(deck, number: int):
    """Return the slide holding figure `number` and that figure's shape."""
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.name.startswith(f"Figure {number} "):
                return slide, shape
    raise AssertionError(f"no slide shows figure {number}")


def texts(slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame]


def free_area(deck, slide):
    """Return (top, bottom) of the area between a slide's title and its foot line."""
    title = slide.shapes.title
    return title.top + title.height, deck.slide_height - Emu(int(0.55 * 914400))


# ---------------------------------------------------------------- a slide of its own


def test_each_figure_has_a_slide_of_its_own_titled_by_its_caption(deck):
    titles = [s.shapes.title.text for s in deck.slides]
    start = titles.index("Pictures of the realignment")
    assert titles[start:start + 8] == [
        "Pictures of the realignment",                           # the text around the figures, whole
        "Arrival of the instructors",
        "The three AES states",
        "Personnel reported",
        "Russian military personnel reported, by country",       # no caption: the chart's title
        "Russian military personnel reported, by country (2)",   # slide titles stay unique
        "Figure 6",                                              # no caption, no title: its number
        "Figure 7",
    ]
    assert titles[start + 8] == "Sources"
    for number in range(1, 8):
        slide, _ = figure_slide(deck, number)
        shown = [s for s in slide.shapes if s.name.startswith("Figure ") and s.name != "Figure Credit"]
        assert len(shown) == 1, [s.name for s in slide.shapes]
        assert slide.slide_layout.name == "Title Only"


def test_the_text_around_a_figure_stays_on_one_slide_before_it(deck):
    slide = next(s for s in deck.slides if s.shapes.title.text == "Pictures of the realignment")
    body = next(s for s in slide.shapes if s.is_placeholder and s.placeholder_format.idx == 1)
    assert [p.text for p in body.text_frame.paragraphs] == ["Russia sent trainers to Niger2.",
                                                           "Instructors arrived in Niamey3."]


def test_a_section_of_figures_alone_opens_on_its_heading(theme):
    brief = figures_brief()
    only = dataclasses.replace(brief.sections[-1], heading="Maps", blocks=(map_figure(1),))
    deck = pptx.Presentation(io.BytesIO(render(dataclasses.replace(
        brief, sections=brief.sections[:-1] + (only,)), theme=theme).data))
    titles = [s.shapes.title.text for s in deck.slides]
    start = titles.index("Maps")
    assert deck.slides[start].slide_layout.name == "Section Header"
    assert titles[start + 1] == "The three AES states"


def test_a_figure_keeps_its_place_before_a_later_table(theme):
    brief = figures_brief(map_figure(1))
    section = brief.sections[-1]
    table = next(b for s in brief.sections for b in s.blocks if type(b).__name__ == "Table")
    moved = dataclasses.replace(section, blocks=section.blocks[:2] + (table,) + section.blocks[2:])
    deck = pptx.Presentation(io.BytesIO(render(dataclasses.replace(
        brief, sections=brief.sections[:-1] + (moved,)), theme=theme).data))
    titles = [s.shapes.title.text for s in deck.slides]
    start = titles.index("Pictures of the realignment")
    assert titles[start:start + 4] == ["Pictures of the realignment", "The three AES states",
                                       "Pictures of the realignment (cont.)", "Pictures of the realignment (cont. 2)"]
    assert any(s.has_table for s in deck.slides[start + 2].shapes)


def test_an_analysis_figure_slide_keeps_to_three_text_sizes(theme):
    brief = figures_brief(map_figure(1), image_figure(2, credit="Photo: A. Person"))
    brief = dataclasses.replace(brief, sections=brief.sections[:-1] + (
        dataclasses.replace(brief.sections[-1], analysis=True),))
    deck = pptx.Presentation(io.BytesIO(render(brief, theme=theme).data))
    for number in (1, 2):
        slide, _ = figure_slide(deck, number)
        assert "Analysis" in texts(slide)
        sizes = {int(m) for m in re.findall(r'<a:rPr[^>]* sz="(\d+)"', slide.part.blob.decode("utf-8"))}
        assert len(sizes) == 3, sorted(sizes)


def test_the_title_is_first_in_reading_order_on_a_figure_slide(deck):
    for number in range(1, 8):
        slide, _ = figure_slide(deck, number)
        first = slide.shapes[0]
        assert first.is_placeholder and first.placeholder_format.type in (1, 3), slide.slide_id  # TITLE


def test_the_figure_number_and_credit_print_under_it(deck):
    slide, shape = figure_slide(deck, 1)
    credit = next(s for s in slide.shapes if s.name == "Figure Credit")
    assert credit.text_frame.text == "Figure 1  \u00b7  Photo: A. Person (CC BY 4.0)"
    assert credit.top >= shape.top + shape.height
    assert credit.text_frame.paragraphs[0].runs[0].font.size.pt <= 12
    slide, _ = figure_slide(deck, 2)
    assert "Figure 2  \u00b7  Map data: Natural Earth" in texts(slide)


def test_the_figure_label_comes_from_the_brief(theme):
    brief = figures_brief(image_figure(4, "wide.png"), labels=(("figure", "Abbildung"),))
    deck = pptx.Presentation(io.BytesIO(render(brief, theme=theme).data))
    slide, _ = figure_slide(deck, 4)
    assert slide.shapes.title.text == "Abbildung 4"
    assert any(t.startswith("Abbildung 4") for t in texts(slide))


def test_a_figure_slide_foot_line_is_in_the_brief_language(theme):
    # The figure slide built its foot line without the brief's words: "Sources: 2" in French decks.
    brief = figures_brief(image_figure(4, "wide.png", caption=line("Arrival ", cite(2))),
                          labels=(("slide_sources", "Sources : {notes}"),))
    deck = pptx.Presentation(io.BytesIO(render(brief, theme=theme).data))
    slide, _ = figure_slide(deck, 4)
    foot = next(s.text_frame.text for s in slide.shapes if s.name == "Source Line")
    assert foot.startswith("Sources : ")


def test_the_foot_line_lists_the_caption_and_chart_notes(deck):
    feet = {}
    for number in (1, 2, 3, 4, 6):
        slide, _ = figure_slide(deck, number)
        feet[number] = next((s.text_frame.text for s in slide.shapes if s.name == "Source Line"), "")
    assert feet == {1: "Sources: 3", 2: "Sources: 2", 3: "Sources: 1\u20133", 4: "Sources: 2, 3", 6: ""}


def test_the_speaker_notes_give_the_caption_data_and_evidence(deck):
    slide, _ = figure_slide(deck, 3)
    notes = slide.notes_slide.notes_text_frame.text.split("\n")
    assert notes[0] == "Figure 3: Personnel reported [1]"
    assert "Column chart of Russian personnel: Niger 100, Burkina Faso 20" in notes
    assert "Niger: 100 personnel [2]" in notes and "Burkina Faso: 20 personnel [3]" in notes
    assert [n[:3] for n in notes if re.match(r"\[\d\]", n)] == ["[1]", "[2]", "[3]"]


def test_a_french_decks_speaker_notes_give_the_data_in_french(theme):
    from briefgen.i18n import labels_for

    brief = figures_brief(chart_figure(1, caption=line("Personnel ", cite(1))), language="fr", labels=labels_for("fr"))
    deck = pptx.Presentation(io.BytesIO(render(brief, theme=theme).data))
    slide, _ = figure_slide(deck, 1)
    notes = slide.notes_slide.notes_text_frame.text.split("\n")
    assert notes[0] == "Figure 1\u00a0: Personnel [1]"
    assert "Niger\u00a0: 100 personnel [2]" in notes and "Burkina Faso\u00a0: 20 personnel [3]" in notes


def test_a_decorative_picture_has_no_slide(theme):
    plain = figures_brief()
    decorated = figures_brief(Figure(0, "figure-0", "", decorative=True, image=image("wide.png")))
    a = pptx.Presentation(io.BytesIO(render(plain, theme=theme).data))
    b = pptx.Presentation(io.BytesIO(render(decorated, theme=theme).data))
    assert [s.shapes.title.text for s in b.slides] == [s.shapes.title.text for s in a.slides]


def test_every_figure_shape_has_alt_text_or_the_decorative_mark(deck, brief):
    alts = {f.number: f.alt for s in brief.sections for f in s.blocks if isinstance(f, Figure)}
    for number, alt in alts.items():
        _, shape = figure_slide(deck, number)
        assert shape._element.find(f".//{P}cNvPr").get("descr") == alt
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            for child in shape.shapes:
                if child.has_text_frame and child.text_frame.text.strip():
                    continue
                marks = child._element.find(f".//{P}cNvPr").findall(f".//{DECORATIVE}")
                assert [m.get("val") for m in marks] == ["1"], child.name


def test_every_picture_in_the_deck_file_has_alt_text_or_the_decorative_mark(data):
    # Read from the file's side: every picture on every slide, whether or not a figure put it there
    # (test_pptx.py once asserted that the sample deck has no picture, which said nothing about alt text).
    from lxml import etree

    pictures = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if re.fullmatch(r"ppt/slides/slide\d+\.xml", name):
                pictures += etree.fromstring(z.read(name)).iter(f"{P}pic")
    assert len(pictures) >= 3  # the PNG, the JPEG and the SVG figures
    for pic in pictures:
        pr = pic.find(f"{P}nvPicPr/{P}cNvPr")
        assert (pr.get("descr") or "").strip() or [m.get("val") for m in pr.iter(DECORATIVE)] == ["1"], pr.get("name")


# ---------------------------------------------------------------- pictures


def test_a_picture_is_the_file_itself_with_its_aspect_kept_inside_the_free_area(deck):
    for number, name, ratio in ((1, "wide.png", 320 / 200), (6, "tall.jpg", 240 / 320)):
        slide, pic = figure_slide(deck, number)
        assert pic.shape_type == MSO_SHAPE_TYPE.PICTURE
        assert pic.image.blob == (DATA / name).read_bytes()
        assert pic.width / pic.height == pytest.approx(ratio, rel=0.002)
        top, bottom = free_area(deck, slide)
        assert pic.top >= top and pic.top + pic.height <= bottom
        assert pic.left >= 0 and pic.left + pic.width <= deck.slide_width
    # Neither is enlarged past its own size, a pixel as a CSS pixel (1/96 in), as in the PDF and
    # the DOCX: 320 x 200 pixels print 3 1/3 x 2 1/12 inches, however much room the slide has.
    _, wide = figure_slide(deck, 1)
    _, tall = figure_slide(deck, 6)
    assert wide.width == pytest.approx(320 * 9525, abs=2) and tall.height == pytest.approx(320 * 9525, abs=2)
    # an SVG (400 x 200 units) is drawn: it takes the room a large picture would
    _, svg = figure_slide(deck, 7)
    assert svg.width > 2 * 400 * 9525


def test_a_large_picture_fills_the_height_the_free_area_leaves(theme):
    # the same files, said to be 3200 x 2000 and 2400 x 3200 pixels: on a 16:9 slide both
    # fill the height the area leaves (the caption line under them)
    figures = [dataclasses.replace(image_figure(1, "wide.png"), image=dataclasses.replace(image("wide.png"), width=3200,
                                                                                         height=2000)),
               dataclasses.replace(image_figure(2, "tall.jpg"), image=dataclasses.replace(image("tall.jpg"), width=2400,
                                                                                         height=3200))]
    deck = pptx.Presentation(io.BytesIO(render(figures_brief(*figures), theme=theme).data))
    (_, wide), (_, tall) = figure_slide(deck, 1), figure_slide(deck, 2)
    assert wide.width / wide.height == pytest.approx(3200 / 2000, rel=0.002)
    assert tall.height == pytest.approx(wide.height, abs=2) and tall.height > 0.55 * deck.slide_height


def test_an_svg_is_embedded_as_svg_with_a_png_fallback(deck):
    slide, pic = figure_slide(deck, 7)
    blip = pic._element.find(f".//{A}blip")
    svg = blip.find(f".//{SVG_BLIP}")
    assert svg is not None
    assert slide.part.related_part(svg.get(R_EMBED)).blob == (DATA / "diagram.svg").read_bytes()
    fallback = slide.part.related_part(blip.get(R_EMBED))
    assert fallback.content_type == "image/png"
    from PIL import Image

    png = Image.open(io.BytesIO(fallback.blob))
    assert png.size[0] / png.size[1] == pytest.approx(2.0, rel=0.01)
    assert pic.width / pic.height == pytest.approx(2.0, rel=0.002)


def test_the_same_picture_twice_is_one_part(theme):
    brief = figures_brief(image_figure(1), image_figure(2))
    with zipfile.ZipFile(io.BytesIO(render(brief, theme=theme).data)) as z:
        assert [n for n in z.namelist() if n.startswith("ppt/media/")] == ["ppt/media/image1.png"]


# ---------------------------------------------------------------- maps


def test_a_map_is_a_group_of_editable_country_shapes(deck):
    slide, group = figure_slide(deck, 2)
    assert group.shape_type == MSO_SHAPE_TYPE.GROUP
    shapes = list(group.shapes)
    countries = [s for s in shapes if s._element.find(f"{P}spPr/{A}custGeom") is not None]
    assert sorted(s.name for s in countries) == ["Algeria", "Burkina Faso", "Mali", "Niger", "Nigeria"]
    fills = {s.name: str(s.fill.fore_color.rgb) for s in countries}
    assert {n for n, c in fills.items() if c == ACCENT} == {"Mali", "Niger", "Burkina Faso"}
    assert len({c for n, c in fills.items() if c != ACCENT}) == 1  # the others in one light grey
    nigeria = next(s for s in countries if s.name == "Nigeria")
    assert len(nigeria._element.findall(f".//{A}path/{A}moveTo")) == 2  # the mainland and its island
    labels = [s.text_frame.text for s in shapes if s.has_text_frame and s.text_frame.text]
    assert labels == ["Mali", "Niger", "Algeria", "Niamey", "Alliance of Sahel States"]
    top, bottom = free_area(deck, slide)
    assert group.top >= top and group.top + group.height <= bottom


def test_a_map_keeps_its_aspect_and_clips_what_lies_outside_it(deck):
    _, group = figure_slide(deck, 2)
    data = sahel_map()
    legend_row = next(s for s in group.shapes if s.name == "Legend").height
    map_height = next(s for s in group.shapes if s.name == "Sea").height
    assert group.width / map_height == pytest.approx(data.width / data.height, rel=0.002)
    assert legend_row > 0
    for child in group.shapes:  # Algeria reaches above the map's box and is cut at its edge
        assert group.left <= child.left and child.left + child.width <= group.left + group.width
        assert group.top <= child.top and child.top + child.height <= group.top + group.height


def test_a_label_on_a_highlighted_country_is_white_and_elsewhere_dark(deck):
    _, group = figure_slide(deck, 2)
    color = {s.text_frame.text: str(s.text_frame.paragraphs[0].runs[0].font.color.rgb)
             for s in group.shapes if s.has_text_frame and s.text_frame.text}
    assert color["Mali"] == color["Niger"] == "FFFFFF"
    assert color["Algeria"] == color["Niamey"] == "222222"


def test_a_place_name_moves_off_the_names_and_dots_placed_before_it():
    # "Capital" right of its dot would cover "Country"; left of it, it meets nothing.
    data = MapData(100, 100, (), (MapLabel("Country", 60, 50), MapLabel("Capital", 45, 50, place=True)))
    area = Box(0, 0, 1_000_000, 1_000_000)
    (country, c_box, c_dot, c_bold), (capital, p_box, dot, p_bold) = place_labels(
        data, area=area, scale=10_000, widths=(200_000, 200_000), line_h=50_000, pad=0)
    assert (country, c_dot, c_bold, capital, p_bold) == ("Country", None, True, "Capital", False)
    assert dot is not None and p_box.left + p_box.width <= dot.left  # left of its dot
    for a, b in ((p_box, c_box), (p_box, dot), (c_box, dot)):
        assert a.left + a.width <= b.left or b.left + b.width <= a.left or \
            a.top + a.height <= b.top or b.top + b.height <= a.top
    for box in (c_box, p_box):
        assert 0 <= box.left and box.left + box.width <= area.width


def test_clipping_a_ring_cuts_it_at_the_box():
    big = ((-10, -10), (10, -10), (10, 10), (-10, 10))
    assert sorted(set(clip_ring(big, 5, 5))) == [(0, 0), (0, 5), (5, 0), (5, 5)]
    assert clip_ring(((20, 20), (30, 20), (30, 30)), 10, 10) == []
    inside = ((1, 1), (4, 1), (4, 4))
    assert clip_ring(inside, 5, 5) == list(inside)


# ---------------------------------------------------------------- charts


@pytest.mark.parametrize("number, chart_type", [(3, XL_CHART_TYPE.COLUMN_CLUSTERED), (4, XL_CHART_TYPE.BAR_CLUSTERED),
                                                (5, XL_CHART_TYPE.LINE_MARKERS)])
def test_a_chart_is_native_with_the_points_values(deck, number, chart_type):
    slide, frame = figure_slide(deck, number)
    assert frame.has_chart
    chart = frame.chart
    assert chart.chart_type == chart_type
    plot = chart.plots[0]
    assert list(plot.categories) == ["Niger", "Burkina Faso"]
    assert [list(s.values) for s in plot.series] == [[100.0, 20.0]]
    assert plot.has_data_labels and plot.data_labels.show_value
    assert chart.value_axis.axis_title.text_frame.text == "personnel"
    top, bottom = free_area(deck, slide)
    assert frame.top >= top and frame.top + frame.height <= bottom


def test_a_chart_shows_its_own_title_only_when_the_slide_shows_the_caption(deck):
    assert figure_slide(deck, 3)[1].chart.chart_title.text_frame.text == \
        "Russian military personnel reported, by country"
    assert not figure_slide(deck, 4)[1].chart.has_title


def test_a_chart_embeds_its_workbook_created_on_the_briefs_date(deck, brief):
    _, frame = figure_slide(deck, 3)
    workbook = frame.chart.part.chart_workbook.xlsx_part
    assert workbook is not None
    with zipfile.ZipFile(io.BytesIO(workbook.blob)) as z:
        assert "Burkina Faso" in z.read("xl/sharedStrings.xml").decode("utf-8")
        core = z.read("docProps/core.xml").decode("utf-8")
    assert f"<dcterms:created xsi:type=\"dcterms:W3CDTF\">{brief.date.iso()}T00:00:00Z" in core


def test_chart_text_carries_the_brief_language(theme):
    brief = figures_brief(chart_figure(1, caption=line("Personnel ", cite(1))), language="fr")
    with zipfile.ZipFile(io.BytesIO(render(brief, theme=theme).data)) as z:
        xml = z.read("ppt/charts/chart1.xml").decode("utf-8")
    runs = re.findall(r"<a:r>(<a:rPr\b[^>]*>)", xml) + re.findall(r"<a:endParaRPr\b[^>]*>", xml)
    assert len(runs) >= 3 and all('lang="fr"' in r for r in runs)


@pytest.mark.parametrize("values,grouped", [((25000.0, 1350.0), True), ((100.0, 20.0), False)])
def test_the_value_axis_groups_thousands_as_the_data_labels_do(theme, values, grouped):
    fig = chart_figure(1, caption=line("Personnel ", cite(1)))
    assert fig.chart is not None
    points = tuple(dataclasses.replace(p, value=v) for p, v in zip(fig.chart.points, values))
    fig = dataclasses.replace(fig, chart=dataclasses.replace(fig.chart, points=points))
    deck = pptx.Presentation(io.BytesIO(render(figures_brief(fig), theme=theme).data))
    (frame,) = [s for slide in deck.slides for s in slide.shapes if getattr(s, "has_chart", False)]
    ticks = frame.chart.value_axis.tick_labels
    assert (ticks.number_format, ticks.number_format_is_linked) == (("#,##0", False) if grouped else ("General", False))


# ---------------------------------------------------------------- the package


def test_a_rebuild_writes_the_same_bytes(brief, theme, data):
    assert render(dataclasses.replace(brief), theme=theme).data == data


def test_figure_parts_are_named_in_deck_order(data):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = [n for n in z.namelist() if n.startswith(("ppt/media/", "ppt/charts/chart", "ppt/embeddings/"))]
        types = z.read("[Content_Types].xml").decode("utf-8")
    assert sorted(names) == sorted([
        "ppt/media/image1.png", "ppt/media/image1.jpg", "ppt/media/image2.png", "ppt/media/image1.svg",
        "ppt/charts/chart1.xml", "ppt/charts/chart2.xml", "ppt/charts/chart3.xml",
        "ppt/embeddings/Microsoft_Excel_Sheet1.xlsx", "ppt/embeddings/Microsoft_Excel_Sheet2.xlsx",
        "ppt/embeddings/Microsoft_Excel_Sheet3.xlsx"])
    assert '<Override PartName="/ppt/media/image1.svg" ContentType="image/svg+xml"/>' in types
    assert '<Override PartName="/ppt/charts/chart1.xml" ' \
           'ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>' in types


@pytest.mark.slow
def test_libreoffice_draws_every_figure_slide(data, deck, tmp_path):
    if not shutil.which("soffice") or not shutil.which("pdftoppm"):
        pytest.skip("soffice or pdftoppm is not installed (Debian: libreoffice-impress-nogui poppler-utils)")
    from PIL import Image

    src = tmp_path / "figures.pptx"
    src.write_bytes(data)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(src)], check=True, capture_output=True, timeout=240)
    pdf = tmp_path / "figures.pdf"
    slides = list(deck.slides)
    for number in (1, 2, 3, 7):
        slide, shape = figure_slide(deck, number)
        page = slides.index(slide) + 1
        subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", str(page), "-l", str(page), str(pdf),
                        str(tmp_path / f"fig{number}")], check=True, timeout=60)
        png = next(tmp_path.glob(f"fig{number}*.png"))
        im = Image.open(png).convert("RGB")
        scale = im.size[0] / deck.slide_width
        box = (int(shape.left * scale), int(shape.top * scale), int((shape.left + shape.width) * scale),
               int((shape.top + shape.height) * scale))
        colours = im.crop(box).getcolors(maxcolors=1 << 16) or []
        assert len(colours) > 3, f"figure {number} drew nothing on page {page}"
        if number == 2:  # the highlighted countries are drawn in the accent colour
            accent = tuple(int(ACCENT[i:i + 2], 16) for i in (0, 2, 4))
            near = sum(n for n, c in colours if all(abs(a - b) < 12 for a, b in zip(c, accent)))
            assert near > 0.1 * (box[2] - box[0]) * (box[3] - box[1])
