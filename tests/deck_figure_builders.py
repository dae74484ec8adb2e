"""Figures for the deck's tests, built by hand (the loader that makes them from an outline is tested apart)."""

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
    MapData,
    MapLabel,
    MapShape,
    Ref,
    Section,
)

DATA = Path(__file__).parent / "data" / "deck_figures"
# The fixtures' sizes in pixels (the SVG's in its viewBox units).
SIZES = {"wide.png": ("png", 320, 200), "tall.jpg": ("jpeg", 240, 320), "diagram.svg": ("svg", 400, 200)}


def image(name: str) -> ImageData:
    kind, width, height = SIZES[name]
    return ImageData(f"img/{name}", kind, width, height, (DATA / name).read_bytes())


def image_figure(number: int, name: str = "wide.png", *, caption: tuple = (), credit: str = "",
                 alt: str = "A navy band under a grey peak and a red sun") -> Figure:
    return Figure(number, f"figure-{number}", alt, caption=caption, credit=credit, image=image(name))


def square(x: float, y: float, w: float, h: float) -> tuple[tuple[float, float], ...]:
    return ((x, y), (x + w, y), (x + w, y + h), (x, y + h))


def sahel_map() -> MapData:
    """A locator map of hand-made polygons: three highlighted states among two neighbours, one
    neighbour reaching past the map's box (to be clipped), one with an island."""
    shapes = (
        MapShape("DZA", "Algeria", False, (((10, -20), (330, -20), (330, 90), (10, 90)),)),
        MapShape("MLI", "Mali", True, (((10, 90), (160, 90), (170, 200), (60, 230), (10, 180)),)),
        MapShape("NER", "Niger", True, (((160, 90), (330, 90), (340, 210), (170, 200)),)),
        MapShape("BFA", "Burkina Faso", True, (((60, 230), (170, 200), (180, 260), (90, 270)),)),
        MapShape("NGA", "Nigeria", False, (((180, 260), (170, 200), (340, 210), (420, 300), (200, 310)),
                                           square(380, 215, 15, 12))),
    )
    labels = (MapLabel("Mali", 90, 160), MapLabel("Niger", 250, 150), MapLabel("Algeria", 170, 40),
              MapLabel("Niamey", 205, 215, place=True))
    return MapData(400, 300, shapes, labels, legend="Alliance of Sahel States")


def map_figure(number: int) -> Figure:
    return Figure(number, f"figure-{number}", "Map of Mali, Niger and Burkina Faso, the Alliance of Sahel States",
                  caption=line("The three AES states ", cite(2)), credit="Map data: Natural Earth", map=sahel_map())


def chart_figure(number: int, kind: str = "column", *, caption: tuple = ()) -> Figure:
    data = ChartData(kind, "Russian military personnel reported, by country", "personnel", (
        ChartPoint("Niger", 100, "100", Ref(2), "fact-2"),
        ChartPoint("Burkina Faso", 20, "20", Ref(3), "fact-3"),
    ))
    return Figure(number, f"figure-{number}", "Column chart of Russian personnel: Niger 100, Burkina Faso 20",
                  caption=caption, chart=data)


def figures_brief(*figures: Figure, **changes: object) -> Brief:
    """Return the sample brief with a section of `figures` (between two paragraphs) after its others."""
    base = sample_brief()
    section = Section("figures", "Pictures of the realignment", (
        para("Russia sent trainers to Niger ", cite(2), "."),
        *figures,
        para("Instructors arrived in Niamey ", cite(3), "."),
    ))
    return dataclasses.replace(base, sections=base.sections + (section,), **changes)  # type: ignore[arg-type]
