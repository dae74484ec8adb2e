"""What the loader reads of a figure: plain records that keep their YAML positions for resolve."""

from __future__ import annotations

from dataclasses import dataclass

from ..diagnostics import Span
from ..load.yamlpos import Scalar
from ..model import ImageData
from ..text.ids import cited_ids


@dataclass(frozen=True, slots=True)
class PlaceSpec:
    """A place to mark on a map: a dot and its name at (`lon`, `lat`) in degrees."""

    name: str
    lon: float
    lat: float
    span: Span


@dataclass(frozen=True, slots=True)
class MapSpec:
    """A locator map as written: ISO alpha-3 codes to highlight (checked), what to frame, a legend.

    `bbox` is the frame (west, south, east, north) in degrees when `region:` gave one; `frame`
    holds the codes `region:` named instead; with neither, the highlighted countries are framed.
    """

    highlight: tuple[str, ...]
    span: Span
    bbox: tuple[float, float, float, float] | None = None
    frame: tuple[str, ...] = ()
    legend: str = ""
    places: tuple[PlaceSpec, ...] = ()


@dataclass(frozen=True, slots=True)
class PointSpec:
    """One chart data point as written; `value` is None when it was reported not a number."""

    label: str
    value: float | None
    written: str          # the value as the outline writes it: "100", "41.2"
    fact: str
    span: Span            # the point's `value:` (where a value the quote lacks is reported)
    fact_span: Span


@dataclass(frozen=True, slots=True)
class ChartSpec:
    kind: str
    title: str
    unit: str
    points: tuple[PointSpec, ...]
    span: Span
    title_node: Scalar | None = None


@dataclass(frozen=True, slots=True)
class FigureRec:
    """A section's figure: exactly one of `image`, `map` or `chart`, and its common keys.

    `image` is None for an image whose file was reported wrong (the figure is then dropped by
    resolve, the error already recorded). `caption` is the caption scalar, bound like any text.
    """

    kind: str                     # "image" | "map" | "chart"
    span: Span
    alt: Scalar | None = None
    caption: Scalar | None = None
    credit: str | None = None
    decorative: bool = False
    image: ImageData | None = None
    map: MapSpec | None = None
    chart: ChartSpec | None = None


def author_texts(figures: tuple[FigureRec, ...]) -> list[tuple[Scalar, tuple[str, ...], str]]:
    """Return the text an author wrote in `figures` that the outline-number check reads like any
    other text: each caption, alt text and chart title, with the facts that back it (those its
    own citations name, and a chart's point facts) and what it is, for the message.

    A Markdown image's caption is part of its `body` and is checked there already.
    """
    out: list[tuple[Scalar, tuple[str, ...], str]] = []
    for fig in figures:
        points = tuple(p.fact for p in fig.chart.points) if fig.chart is not None else ()
        own = cited_ids(fig.caption.value) if fig.caption else ()
        ids = tuple(dict.fromkeys(own + points))
        for node, what in ((fig.caption, "caption"), (fig.alt, "alt text"),
                           (fig.chart.title_node if fig.chart is not None else None, "chart title")):
            if node is not None:
                out.append((node, ids, what))
    return out
