"""Figures for the PDF: pictures, locator maps and charts as ReportLab flowables and drawings.

The drawings (`drawing`) are built at the size they print, so their labels keep their type size
whatever the frame; the DOCX and the deck rasterize the same drawings (`figure_raster`). In the
structure tree a figure is a `Figure` element whose `/Alt` is the figure's alt text, followed by
its `Caption` ("Figure N. ..." with linked note markers) and its credit as a paragraph; a
decorative picture is an artifact. Picture, caption and credit are kept on one page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from reportlab.graphics.shapes import Circle, Drawing, Group, Polygon, Rect, String
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.validators import isColorOrNone, isNumber
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer

from ..model import ChartData, Figure, ImageData, Inlines, MapData, Text
from ..text.clean import CONTROL
from .pdf_tags import Node, artifact, mark

# How much of a page's frame a picture may take, so that it keeps its caption and credit beside
# it on the same page.
PICTURE_SHARE = 0.62
MIN_SHRINK = 0.6  # a picture drawn smaller to fill a page keeps at least this share of its height
LAND = HexColor("#D5D9DE")  # countries not highlighted: a light grey that white borders still part


@dataclass(frozen=True, slots=True)
class FigureStyle:
    """What a figure's drawing is drawn with: the theme's fonts (registered ReportLab names),
    colours and the type size of its labels, in points."""

    regular: str
    bold: str
    text: Color
    muted: Color
    primary: Color
    accent: Color
    rule: Color
    size: float = 8.0


# ---------------------------------------------------------------- sizes


def fit(width: float, height: float, avail_width: float, avail_height: float) -> tuple[float, float]:
    """Return `width` x `height` scaled to `avail_width`, or less when it would be taller than
    `avail_height`: the same aspect, never distorted."""
    if width <= 0 or height <= 0:
        return avail_width, min(avail_height, avail_width * 0.5)
    scale = min(avail_width / width, avail_height / height)
    return width * scale, height * scale


PT_PER_PX = 0.75  # a picture's pixel (an SVG's user unit) is a CSS pixel, 1/96 in


def picture_fit(image: ImageData, avail_width: float, avail_height: float) -> tuple[float, float]:
    """Return the printed size of a picture: as large as fits, but never enlarged past its own
    size (a pixel as a CSS pixel), so a 200-pixel emblem stays an emblem and a small photo is not
    blown up soft across the page. Maps and charts are drawn to the space instead."""
    return fit(image.width, image.height, min(avail_width, image.width * PT_PER_PX),
               min(avail_height, image.height * PT_PER_PX))


# ---------------------------------------------------------------- drawings


def drawing(fig: Figure, *, width: float, max_height: float, style: FigureStyle) -> Drawing | None:
    """Return the figure's vector drawing at its printed size (at most `width` x `max_height`),
    or None for a PNG or JPEG picture, which is placed as it is."""
    if fig.map is not None:
        return map_drawing(fig.map, width=width, max_height=max_height, style=style)
    if fig.chart is not None:
        return chart_drawing(fig.chart, width=width, max_height=max_height, style=style)
    if fig.image is not None and fig.image.kind == "svg":
        return svg_drawing(fig.image, width=width, max_height=max_height, style=style)
    return None


class _Halo(String):  # type: ignore[misc]
    """A string drawn as its outline only (text render mode 1), in its own stroke colour."""

    _attrMap = AttrMap(BASE=String, strokeColor=AttrMapValue(isColorOrNone), strokeWidth=AttrMapValue(isNumber),
                       strokeLineJoin=AttrMapValue(isNumber))


def _halo_label(group: Group, x: float, y: float, text: str, *, font: str, size: float, color: Color,
                anchor: str = "middle") -> None:
    """Add `text` with a white outline under it, so it reads over any fill."""
    halo = _Halo(x, y, text, fontName=font, fontSize=size, fillColor=white, textAnchor=anchor, textRenderMode=1,
                 strokeColor=white, strokeWidth=size * 0.3, strokeLineJoin=1)
    group.add(halo)
    group.add(String(x, y, text, fontName=font, fontSize=size, fillColor=color, textAnchor=anchor))


def map_drawing(data: MapData, *, width: float, max_height: float, style: FigureStyle) -> Drawing:
    """Return the locator map at its printed size: grey countries with white borders, the
    highlighted ones in the accent colour, labels at `style.size`, and a legend swatch."""
    w, h = fit(data.width, data.height, width, max_height)
    s = w / data.width if data.width else 1.0
    d = Drawing(w, h, initialFontName=style.regular)  # else ReportLab's Helvetica joins the PDF, unembedded
    for highlighted in (False, True):  # highlighted shapes last: their borders stay whole
        for shape in data.shapes:
            if shape.highlighted != highlighted:
                continue
            for ring in shape.rings:
                if len(ring) < 3:
                    continue
                points = [c for x, y in ring for c in (x * s, h - y * s)]
                d.add(Polygon(points, fillColor=style.accent if highlighted else LAND, strokeColor=white,
                              strokeWidth=0.6, strokeLineJoin=1))
    for label in data.labels:
        x, y = label.x * s, h - label.y * s
        if label.place:
            d.add(Circle(x, y, 1.8, fillColor=style.text, strokeColor=white, strokeWidth=0.6))
            _halo_label(d, x + 3.5, y - style.size * 0.35, label.text, font=style.regular, size=style.size,
                        color=style.text, anchor="start")
        else:
            _halo_label(d, x, y - style.size * 0.35, label.text, font=style.bold, size=style.size,
                        color=style.text)
    if data.legend:
        size = style.size
        text_w = stringWidth(data.legend, style.regular, size)
        box_w, box_h = 10 + 5 + text_w + 10, size + 8
        d.add(Rect(4, 4, box_w, box_h, fillColor=white, strokeColor=style.rule, strokeWidth=0.5))
        d.add(Rect(9, 4 + (box_h - 7) / 2, 10, 7, fillColor=style.accent, strokeColor=None))
        d.add(String(24, 4 + (box_h - size) / 2 + size * 0.2, data.legend, fontName=style.regular,
                     fontSize=size, fillColor=style.text))
    d.add(Rect(0, 0, w, h, fillColor=None, strokeColor=style.rule, strokeWidth=0.5))  # the map's frame
    return d


def number(value: float, language: str = "en") -> str:
    """Return `value` as an axis prints it in `language` (CLDR, |format_number|): `100`, `2.5`,
    `12,000`; `12 000` and `2,5` in French."""
    from ..text.dates import format_number

    return format_number(float(value), language=language)


def _nice_max(top: float) -> float:
    """Return a round axis end at or above `top`: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a
    power of ten."""
    if top <= 0:
        return 1.0
    import math

    power = 10 ** math.floor(math.log10(top))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * power >= top:
            return float(step * power)
    return float(10 * power)


def _shorten(text: str, font: str, size: float, width: float) -> str:
    """Return `text`, cut with an ellipsis to `width` points if it is wider."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "\u2026", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "\u2026"


def chart_drawing(data: ChartData, *, width: float, max_height: float, style: FigureStyle) -> Drawing:
    """Return the chart at its printed size: its title, the bars (or line) in the primary colour
    with each value printed at its bar (as the quote writes it), and the unit on the value axis."""
    size = style.size
    values = [p.value for p in data.points]
    vmax = _nice_max(max([0.0, *values]) * 1.12)
    axis_label = number(vmax, data.language)  # the value axis's longest label
    h, lift, labels = _chart_height(data, width=width, max_height=max_height, axis_label=axis_label, style=style)
    d = Drawing(width, h, initialFontName=style.regular)
    title_size = size + 1.5
    top = h - 4
    if data.title:
        d.add(String(0, top - title_size, data.title, fontName=style.bold, fontSize=title_size, fillColor=style.text))
        top -= title_size + 8
    # the unit names the value axis: above it for columns and lines, under it for bars
    unit_h = size + 6 if data.unit else 0
    if data.kind != "bar":
        top -= unit_h
    chart = _placed_chart(data.kind, labels, width=width, top=top, unit_h=unit_h, axis_label=axis_label,
                          style=style)
    chart.data = [values]
    chart.categoryAxis.categoryNames = labels
    _style_axes(chart, kind=data.kind, lift=lift, vmin=min([0.0, *values]), vmax=vmax, style=style,
                language=data.language)
    _style_marks(chart, data, style=style)
    d.add(chart)
    if data.unit:
        if data.kind == "bar":
            d.add(String(width - 24, 2, data.unit, fontName=style.regular, fontSize=size, fillColor=style.muted,
                         textAnchor="end"))
        else:
            d.add(String(0, top + 4, data.unit, fontName=style.regular, fontSize=size, fillColor=style.muted))
    return d


def _chart_height(data: ChartData, *, width: float, max_height: float, axis_label: str,
                  style: FigureStyle) -> tuple[float, float, list[str]]:
    """Return the chart's height, how much its category labels are lifted to slant them (0 when
    they are level) and the labels (shortened when slanted).

    Bars take the height their rows need; columns and lines a landscape box, taller by what
    slanted category labels need when they are wider than their column's share.
    """
    size = style.size
    n = max(len(data.points), 1)
    labels = [p.label for p in data.points]
    if data.kind == "bar":
        return min(max_height, 44 + n * size * 3.2), 0.0, labels
    h = min(max_height, max(width * 0.42, 150.0))
    share = (width - stringWidth(axis_label, style.regular, size) - 14) / n
    widest = max((stringWidth(t, style.regular, size) for t in labels), default=0.0)
    if widest <= share - 4:
        return h, 0.0, labels
    lift = min(widest * 0.5, h * 0.3)  # sin 30°
    labels = [_shorten(t, style.regular, size, lift * 2) for t in labels]
    return min(max_height, h + lift), lift, labels


def _placed_chart(kind: str, labels: list[str], *, width: float, top: float, unit_h: float, axis_label: str,
                  style: FigureStyle) -> Any:
    """Return ReportLab's chart of `kind` placed in the drawing below `top`, room left for its
    category labels (at the left of bars, under columns and lines) and value labels."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
    from reportlab.graphics.charts.linecharts import HorizontalLineChart

    size = style.size
    chart: Any
    if kind == "bar":
        left = min(max((stringWidth(t, style.regular, size) for t in labels), default=0) + 8, width * 0.4)
        chart = HorizontalBarChart()
        bottom = size * 2 + 4 + unit_h
        chart.x, chart.y, chart.width, chart.height = left, bottom, width - left - 24, top - bottom
        chart.categoryAxis.reverseDirection = 1  # the first point at the top, as read
        chart.categoryAxis.labels.boxAnchor = "e"
        chart.categoryAxis.labels.dx = -4
    elif kind == "line":
        left = stringWidth(axis_label, style.regular, size) + 10
        chart = HorizontalLineChart()
        chart.x, chart.y, chart.width, chart.height = left, size * 2 + 6, width - left - 10, top - size * 2 - 6
        chart.joinedLines = 1
    else:
        left = stringWidth(axis_label, style.regular, size) + 10
        chart = VerticalBarChart()
        chart.x, chart.y, chart.width, chart.height = left, size * 2 + 6, width - left - 4, top - size * 2 - 6
    return chart


def _style_axes(chart: Any, *, kind: str, lift: float, vmin: float, vmax: float, style: FigureStyle,
                language: str = "en") -> None:
    """Set the chart's axes in the theme's type and rule colour: category labels slanted when
    lifted, the value axis from `vmin` to `vmax` with a grid and no line of its own."""
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = style.regular
        axis.labels.fontSize = style.size
        axis.labels.fillColor = style.text
        axis.strokeColor = style.rule
    if lift:
        chart.categoryAxis.labels.angle = 30
        chart.categoryAxis.labels.boxAnchor = "ne"
        chart.y += lift
        chart.height -= lift
    chart.valueAxis.valueMin = vmin
    chart.valueAxis.valueMax = vmax
    chart.valueAxis.valueSteps = None
    chart.valueAxis.labelTextFormat = lambda value: number(value, language)
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = style.rule
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.valueAxis.strokeWidth = 0
    if kind != "bar":
        chart.categoryAxis.tickDown = 0


def _style_marks(chart: Any, data: ChartData, *, style: FigureStyle) -> None:
    """Draw the line (with dots) or the bars in the primary colour, each value printed in bold
    at its point as the quote writes it (right of a bar, above a column or a dot)."""
    from reportlab.graphics.widgets.markers import makeMarker

    size = style.size
    texts = [p.text or number(p.value, data.language) for p in data.points]
    if data.kind == "line":
        chart.lines[0].strokeColor = style.primary
        chart.lines[0].strokeWidth = 2
        chart.lines[0].symbol = makeMarker("FilledCircle", size=5, fillColor=style.primary, strokeColor=white)
        chart.lineLabelArray = [texts]
        chart.lineLabelFormat = "values"
        chart.lineLabels.fontName = style.bold
        chart.lineLabels.fontSize = size
        chart.lineLabels.fillColor = style.text
        chart.lineLabels.dy = size * 0.9
        return
    chart.bars[0].fillColor = style.primary
    chart.bars[0].strokeColor = None
    chart.barWidth = 10
    chart.groupSpacing = 10 if len(data.points) > 1 else 30
    chart.barLabelArray = [texts]
    chart.barLabelFormat = "values"
    chart.barLabels.fontName = style.bold
    chart.barLabels.fontSize = size
    chart.barLabels.fillColor = style.text
    if data.kind == "bar":
        chart.barLabels.boxAnchor = "w"
        chart.barLabels.dx = 3
    else:
        chart.barLabels.boxAnchor = "s"
        chart.barLabels.dy = 2


def _retype(node: Any, style: FigureStyle) -> None:
    """Set every string under `node` in the theme's fonts, bold where the SVG asked for bold:
    a PDF/UA file embeds every font it uses, which the standard fonts an SVG names are not."""
    for child in getattr(node, "contents", ()):
        _retype(child, style)
    if isinstance(node, String):
        node.fontName = style.bold if "bold" in str(node.fontName).lower() else style.regular


def svg_drawing(image: ImageData, *, width: float, max_height: float, style: FigureStyle) -> Drawing:
    """Return the SVG picture as a vector drawing scaled to its printed size.

    The loader has already refused SVGs that refer to other files, entities or addresses; the
    file is parsed here without resolving entities all the same.
    """
    from svglib.svglib import svg2rlg  # type: ignore[import-untyped]

    source = svg2rlg(io.BytesIO(image.data), resolve_entities=False)
    if source is None:
        raise ValueError(f"`{image.path}` is not an SVG picture")
    _retype(source, style)
    w0, h0 = source.width or image.width, source.height or image.height
    w, h = fit(w0, h0, *picture_fit(image, width, max_height))
    scale = w / w0
    out = Drawing(w, h, initialFontName=style.regular)
    group = Group(*source.contents)
    group.transform = (scale, 0, 0, scale, 0, 0)
    out.add(group)
    return out


# ---------------------------------------------------------------- flowables


class Kept(Flowable):
    """Flowables stacked as one that never splits across pages: a figure's picture, caption and
    credit. It moves to the next page whole; only one taller than a whole page flows apart.

    ReportLab's KeepTogether does the same in a frame but not inside a table cell (the
    takeaways box), which measures its content without a canvas and never asks it to split.
    """

    def __init__(self, parts: list[Flowable]) -> None:
        super().__init__()
        self.parts = parts
        self._laid: list[tuple[Flowable, float, float]] = []  # (part, width, height)

    def getSpaceBefore(self) -> float:
        return float(self.parts[0].getSpaceBefore()) if self.parts else 0.0

    def getSpaceAfter(self) -> float:
        return float(self.parts[-1].getSpaceAfter()) if self.parts else 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._laid, total = [], 0.0
        for i, part in enumerate(self.parts):
            w, h = part.wrap(availWidth, availHeight)
            if i:
                total += self.parts[i - 1].getSpaceAfter() + part.getSpaceBefore()
            self._laid.append((part, w, h))
            total += h
        self.width, self.height = availWidth, total
        return availWidth, total

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        frame = getattr(self, "_frame", None)
        if self.height > availHeight and frame is not None and frame._atTop:
            return list(self.parts)  # taller than a page: nothing else can hold it
        # Rather than leave the rest of the page blank, a picture may be drawn smaller to fit
        # (down to MIN_SHRINK of its height), redrawn at that size so its labels keep their type size.
        pictures = [p for p in self.parts if isinstance(p, Picture) and p.refit is not None]
        if pictures and self.height > availHeight:
            picture = pictures[0]
            target = picture.height - (self.height - availHeight) - 0.5
            if target >= picture.height * MIN_SHRINK and picture.shrink(target):
                self.wrap(availWidth, availHeight)
                if self.height <= availHeight:
                    return [self]
        return []

    def draw(self) -> None:
        y = self.height
        for i, (part, w, h) in enumerate(self._laid):
            if i:
                y -= self.parts[i - 1].getSpaceAfter() + part.getSpaceBefore()
            y -= h
            x = (self.width - w) / 2 if getattr(part, "hAlign", "LEFT") == "CENTER" else 0.0
            part.drawOn(self.canv, x, y)


class Picture(Flowable):
    """A figure's picture: a drawing, or a PNG or JPEG placed from its bytes, `width` x `height`
    points, centred in the frame; painted as the content of the structure node `node`, or as an
    artifact when `node` is None (a decorative picture)."""

    def __init__(self, *, width: float, height: float, node: Node | None, drawn: Drawing | None = None,
                 image: ImageData | None = None,
                 refit: "Callable[[float], tuple[float, float, Drawing | None]] | None" = None) -> None:
        super().__init__()
        self.width, self.height = width, height
        self.node, self.drawn, self.image = node, drawn, image
        self.refit = refit  # (max height) -> (width, height, drawing): the picture made to fit lower
        self.hAlign = "CENTER"

    def shrink(self, height: float) -> bool:
        """Make the picture at most `height` points high (keeping its aspect); return whether it
        got smaller."""
        if self.refit is None or height >= self.height:
            return False
        w, h, drawn = self.refit(height)
        if h >= self.height:
            return False
        self.width, self.height = w, h
        if drawn is not None:
            self.drawn = drawn
        return True

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        with mark(canv, self.node) if self.node is not None else artifact(canv):
            if self.drawn is not None:
                from reportlab.graphics import renderPDF

                renderPDF.draw(self.drawn, canv, 0, 0)
            elif self.image is not None:
                from reportlab.lib.utils import ImageReader

                canv.drawImage(ImageReader(io.BytesIO(self.image.data)), 0, 0, self.width, self.height,
                               mask="auto")
        canv.restoreState()


def caption_inlines(fig: Figure, label: str) -> Inlines:
    """Return the caption as printed: "Figure N. " (bold), then the caption (which, for a chart,
    the resolver has given the notes of its points)."""
    return (Text(f"{label} {fig.number}. ", bold=True), *fig.caption)


Para = Callable[..., Flowable]  # (inlines, style, *, tag) -> a paragraph, as `_Marks.para` makes one


@dataclass(frozen=True, slots=True)
class FigureMaker:
    """Makes the flowables of the PDF's figures for one render: the theme's look and the
    brief's word for "Figure"."""

    style: FigureStyle
    caption: ParagraphStyle
    credit: ParagraphStyle
    label: str
    frame_height: float

    @classmethod
    def for_theme(cls, *, body: ParagraphStyle, fonts: tuple[str, str], colors: Mapping[str, Color],
                  small: float, frame_height: float, label: str) -> "FigureMaker":
        regular, bold = fonts
        style = FigureStyle(regular=regular, bold=bold, text=colors["text"], muted=colors["muted"],
                            primary=colors["primary"], accent=colors["accent"], rule=colors["rule"],
                            size=max(small - 0.5, 7.5))
        caption = ParagraphStyle("figure_caption", parent=body, fontSize=body.fontSize - 1,
                                 leading=(body.fontSize - 1) * 1.35, spaceBefore=5, spaceAfter=2, keepWithNext=0)
        credit = ParagraphStyle("figure_credit", parent=body, fontSize=small, leading=small * 1.3,
                                textColor=colors["muted"], spaceBefore=0, spaceAfter=0)
        return cls(style=style, caption=caption, credit=credit, label=label, frame_height=frame_height)

    def flowables(self, fig: Figure, *, width: float, parent: Node, para: Para) -> list[Flowable]:
        """Return the figure as one flowable that never splits: picture, caption and credit.

        Adds its structure nodes under `parent`: the Figure (with `/Alt`), the Caption and the
        credit's P; a decorative picture adds only its credit, if it has one.
        """
        max_h = self.frame_height * PICTURE_SHARE
        alt = " ".join(CONTROL.sub("", fig.alt).split())
        node = None if fig.decorative else parent.add("Figure", alt=alt or fig.id)
        drawn = drawing(fig, width=width, max_height=max_h, style=self.style)
        if drawn is not None:
            def redraw(height: float) -> tuple[float, float, Drawing | None]:
                d = drawing(fig, width=width, max_height=height, style=self.style)
                assert d is not None
                return float(d.width), float(d.height), d

            picture = Picture(width=drawn.width, height=drawn.height, node=node, drawn=drawn, refit=redraw)
        else:
            assert fig.image is not None
            image = fig.image
            w, h = picture_fit(image, width, max_h)

            def refit(height: float) -> tuple[float, float, Drawing | None]:
                return (*picture_fit(image, width, height), None)

            picture = Picture(width=w, height=h, node=node, image=image, refit=refit)
        parts: list[Flowable] = [Spacer(1, 4), picture]
        if not fig.decorative and fig.number:
            parts.append(para(caption_inlines(fig, self.label), self.caption, tag=parent.add("Caption")))
        if fig.credit:
            parts.append(para((Text(fig.credit),), self.credit, tag=parent.add("P")))
        parts.append(Spacer(1, self.caption.fontSize))
        return [Kept(parts)]
