"""Builders for figure blocks (images, locator maps, charts) and a brief that holds one of each,
for the renderer tests; the pictures come from tests/data/figures/."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from builders import cite, line, para, sample_brief

from briefgen.model import (
    Brief,
    ChartData,
    ChartPoint,
    Figure,
    ImageData,
    Inlines,
    MapData,
    MapLabel,
    MapShape,
    Ref,
    Section,
)

DATA = Path(__file__).resolve().parent / "data" / "figures"
_KINDS = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".svg": "svg"}


def image_data(name: str) -> ImageData:
    """Return the fixture picture `name` (diagram.png, scene.jpg, shapes.svg) as the loader would."""
    path = DATA / name
    data = path.read_bytes()
    kind = _KINDS[path.suffix]
    if kind == "svg":
        width, height = 300.0, 150.0  # shapes.svg's viewBox
    else:
        from PIL import Image

        with Image.open(path) as im:
            width, height = float(im.width), float(im.height)
    return ImageData(path=f"img/{name}", kind=kind, width=width, height=height, data=data)


def image(number: int, name: str, alt: str, *, caption: Inlines = (), credit: str = "",
          decorative: bool = False) -> Figure:
    return Figure(number=number, id=f"figure-{number}" if number else "", alt=alt, caption=caption,
                  credit=credit, decorative=decorative, image=image_data(name))


def _box(x: float, y: float, w: float, h: float) -> tuple[tuple[float, float], ...]:
    """A rough country: a box with one corner pushed in, so no two look alike."""
    return ((x, y), (x + w, y), (x + w, y + h * 0.7), (x + w * 0.7, y + h), (x, y + h))


def sahel_map() -> MapData:
    """Three highlighted rough 'countries' (Mali, Niger, Burkina Faso) among grey neighbours, in a
    400 x 250 box (y down), with a country label and a place label."""
    shapes = (
        MapShape("DZA", "Algeria", False, (_box(120, 0, 180, 90),)),
        MapShape("MLI", "Mali", True, (_box(40, 60, 110, 120),)),
        MapShape("NER", "Niger", True, (_box(200, 90, 130, 90),)),
        MapShape("BFA", "Burkina Faso", True, (_box(110, 180, 80, 45),)),
        MapShape("NGA", "Nigeria", False, (_box(230, 185, 100, 65), ((345, 200), (380, 205), (360, 230)))),
        MapShape("MRT", "Mauritania", False, (_box(0, 40, 40, 110),)),
    )
    labels = (MapLabel("Mali", 90, 120), MapLabel("Niger", 265, 135), MapLabel("Burkina Faso", 150, 200),
              MapLabel("Niamey", 215, 170, place=True))
    return MapData(width=400, height=250, shapes=shapes, labels=labels, legend="Alliance of Sahel States")


def map_figure(number: int, *, caption: Inlines = ()) -> Figure:
    return Figure(number=number, id=f"figure-{number}", alt="Map of West Africa with Mali, Niger and Burkina "
                  "Faso highlighted", caption=caption, credit="Map data: Natural Earth", map=sahel_map())


def chart(kind: str = "column", values: tuple[tuple[str, float, int], ...] = (("Niger", 100, 2),
                                                                              ("Burkina Faso", 100, 3))) -> ChartData:
    points = tuple(ChartPoint(label, value, f"{value:g}", Ref(n), f"fact-{n}") for label, value, n in values)
    return ChartData(kind=kind, title="Russian military personnel reported, by country", unit="personnel",
                     points=points)


def chart_figure(number: int, kind: str = "column", *, caption: Inlines = ()) -> Figure:
    data = chart(kind)
    alt = f"{kind.capitalize()} chart of Russian personnel reported in Niger (100) and Burkina Faso (100)"
    numbers = tuple(p.ref.number for p in data.points)
    return Figure(number=number, id=f"figure-{number}", alt=alt,
                  caption=caption or line("Russian personnel reported ", cite(*numbers, first=True)), chart=data)


def figure_brief(*figures: Figure) -> Brief:
    """The sample brief with a section of `figures` (by default: a map, a column chart, a PNG,
    a JPEG, an SVG and a decorative PNG) between paragraphs."""
    if not figures:
        figures = (
            map_figure(1, caption=line("The three AES states ", cite(1, first=True))),
            chart_figure(2),
            image(3, "diagram.png", "Two shapes: a dark blue box and an orange disc",
                  caption=line("A diagram ", cite(3)), credit="Drawing: briefgen tests (CC0)"),
            image(4, "scene.jpg", "A grey hill on a sandy plain", caption=line("A scene"),
                  credit="Photo: briefgen tests (CC0)"),
            image(5, "shapes.svg", "Two shapes drawn as vectors", caption=line("Vector shapes")),
            image(0, "diagram.png", "", decorative=True),
        )
    base = sample_brief()
    blocks = []
    for f in figures:
        blocks.append(para("Text before the figure."))
        blocks.append(f)
    blocks.append(para("Text after the figures ", cite(2), "."))
    return dataclasses.replace(base, sections=(Section("figures", "Figures", tuple(blocks)),))
