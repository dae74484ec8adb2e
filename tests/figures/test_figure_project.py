"""A new topic with its own images, map and chart, written from the README (tests/projects/harvest)."""

from __future__ import annotations

from pathlib import Path

from briefgen.cli import main
from briefgen.figures import maps
from briefgen.figures.spec import MapSpec
from briefgen.load.project import Options, load_project
from briefgen.model import Figure, cited_numbers, plain
from briefgen.resolve.bind import resolve

HARVEST = Path(__file__).resolve().parents[1] / "projects" / "harvest"


def _figures() -> list[Figure]:
    outline = HARVEST / "briefs" / "harvest.yaml"
    project, diags = load_project(outline, options=Options(HARVEST))
    assert project is not None and not [d for d in diags if d.is_error]
    brief, _ = resolve(project)
    return [b for s in brief.sections for b in s.blocks if isinstance(b, Figure)]


def test_the_harvest_topic_checks_without_a_warning(capsys):
    assert main(["check", str(HARVEST / "briefs" / "harvest.yaml"), "--root", str(HARVEST), "--strict"]) == 0
    assert "warning" not in capsys.readouterr().err


def test_its_figures_are_a_markdown_image_a_map_a_chart_an_svg_and_a_decorative_rule():
    figs = _figures()
    assert [(f.number, f.kind, f.image.kind if f.image else "") for f in figs] == [
        (1, "image", "png"), (2, "map", ""), (3, "chart", ""), (4, "image", "svg"), (0, "image", "png")]
    png, peru, chart, svg, rule = figs
    assert plain(png.caption) == "Terraces like those the members farm" and png.alt.startswith("Green terraces")
    assert peru.credit == "Map data: Natural Earth" and peru.alt == (
        "Locator map highlighting Peru (Where the cooperative farms), marking Cusco.")
    assert chart.chart is not None and [p.value for p in chart.chart.points] == [1200, 1450]
    assert cited_numbers(chart.caption) == (1, 5)  # the points' notes, in ascending order
    assert svg.credit == "Drawing: briefgen test (CC0)" and svg.image is not None and svg.image.width == 200
    assert rule.decorative and rule.number == 0


def test_the_map_of_peru_frames_peru_and_bolivia_with_cusco_inside():
    spec = MapSpec(("PER",), peru_span(), frame=("PER", "BOL"))
    m = maps.locator(spec)
    assert {"PER", "BOL", "BRA", "CHL"} <= {s.code for s in m.shapes}
    f = maps.frame_of(spec, maps.world())
    assert f.contains(-71.97, -13.53) and f.west < -81 and f.east > -58


def peru_span():
    from briefgen.diagnostics import Span

    return Span(HARVEST / "briefs" / "harvest.yaml")


def test_a_pdf_with_maps_charts_and_pictures_embeds_only_the_themes_fonts(tmp_path, capsys):
    import pypdf

    out = tmp_path / "out"
    assert main(["build", str(HARVEST / "briefs" / "harvest.yaml"), "--root", str(HARVEST), "-o", str(out),
                 "--format", "pdf", "-j", "1"]) == 0, capsys.readouterr().err
    reader = pypdf.PdfReader(out / "harvest.pdf")
    fonts = {}
    for page in reader.pages:
        for _, ref in (page["/Resources"].get("/Font") or {}).items():
            font = ref.get_object()
            fonts[str(font["/BaseFont"])] = font
    assert fonts and all("Carlito" in name for name in fonts), sorted(fonts)  # no unembedded Helvetica


def test_a_figure_caption_the_fonts_cannot_print_fails_check_at_its_line(tmp_path, capsys):
    import shutil

    project = tmp_path / "harvest"
    shutil.copytree(HARVEST, project)
    outline = project / "briefs" / "harvest.yaml"
    text = outline.read_text(encoding="utf-8")
    assert "caption: The cooperative's emblem\n" in text
    outline.write_text(text.replace("caption: The cooperative's emblem\n", "caption: The cooperative's emblem \u6771\n"),
                       encoding="utf-8")
    line = next(i for i, ln in enumerate(outline.read_text(encoding="utf-8").splitlines(), 1) if "\u6771" in ln)
    assert main(["check", str(outline), "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert f"harvest.yaml:{line}:" in err and "\u6771" in err
