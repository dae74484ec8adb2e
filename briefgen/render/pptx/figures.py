"""The deck's figures: each picture, locator map and chart on a slide of its own, planned to fit and
written as PresentationML (a `p:pic`, a group of freeform shapes, a native chart).

Planning (`figure_slide`) is pure and imports no python-pptx: it places the figure in the slide's
free area, its aspect kept, with a small "Figure N · credit" line under it. Writing
(`write_figure`) adds the figure's shapes to a slide and its parts (pictures, chart, workbook) to a
`FigureParts`, which names them in deck order so that a rebuild writes the same bytes. A chart's
XML is what python-pptx writes (`ChartXmlWriter`, then its chart API for labels and fonts); its
workbook is python-pptx's own, with a fixed creation date.
"""

from __future__ import annotations

import hashlib
import io
import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator

from ...i18n import word
from ...model import Brief, ChartData, Figure, ImageData, MapData, cited_numbers, plain
from ..ooxml.names import CT_CHART, CT_JPEG, CT_PNG, CT_SVG, CT_XLSX, RT_CHART, RT_IMAGE, RT_PACKAGE, SVG_BLIP_URI
from ..ooxml.names import SVG as SVG_NS
from ..ooxml.names import A as _A
from ..ooxml.names import C as CHART_NS
from ..ooxml.package import Part, Rel
from ..ooxml.text import attr, one_line
from .measure import Metrics, StyledText, wrap
from .plan import EMU_PER_IN, EMU_PER_PT, Box, Settings

if TYPE_CHECKING:
    from .write import _Slide

CHART_URI = CHART_NS  # a graphicFrame's graphicData uri for a chart is its namespace

OTHER_COUNTRY = "D5D9E0"   # the countries not highlighted: a light grey
BORDER = "FFFFFF"          # country borders
SVG_RASTER_PX = 1600       # the longest side of an SVG's PNG fallback
_GAP = int(0.08 * EMU_PER_IN)
EMU_PER_PX = EMU_PER_IN // 96  # a CSS pixel


# ---------------------------------------------------------------- the plan


@dataclass(frozen=True, slots=True)
class FigurePlan:
    """A figure placed on its slide.

    `box` is where the picture, map (with its legend row) or chart goes, in EMU, the figure's
    aspect kept; `line_box` holds `line`, "Figure 1 · Photo: … (CC BY 4.0)", at `line_size`.
    `text_size` is the size of map labels and chart text; `stamp` the brief's date (y, m, d),
    the creation date written into a chart's workbook.
    """

    figure: Figure
    box: Box
    line: str
    line_box: Box
    line_size: float
    text_size: float
    legend_height: int = 0
    stamp: tuple[int, int, int] = (2000, 1, 1)
    label_widths: tuple[int, ...] = ()  # EMU, one per map label (as measured at `text_size`)


def figure_title(figure: Figure, brief: Brief) -> str:
    """Return a figure slide's title: its caption's text, else a chart's title, else "Figure N"."""
    caption = one_line(plain(figure.caption))
    if caption:
        return caption
    if figure.chart is not None and one_line(figure.chart.title):
        return one_line(figure.chart.title)
    return f"{word(brief.labels, 'figure')} {figure.number}"


def figure_cites(figure: Figure) -> tuple[int, ...]:
    """Return the note numbers a figure cites: its caption's, then its chart points', without repeats."""
    seen = dict.fromkeys(cited_numbers(figure.caption))
    if figure.chart is not None:
        for p in figure.chart.points:
            seen.setdefault(p.ref.number, None)
    return tuple(seen)


def figure_notes(figure: Figure, brief: Brief) -> list[str]:
    """Return the speaker-note lines of a figure slide: its number and caption (notes as [3]),
    its description (the alt text), its data and its credit, in the brief's words and
    typography ("Niger : 100 militaires [2]" in French)."""
    from ...i18n import base_language
    from ...text.dates import format_number
    from ...text.typography import apply

    language = base_language(brief.language)
    label = f"{word(brief.labels, 'figure')} {figure.number}"
    caption = one_line(plain(figure.caption, with_numbers=True))
    lines = [apply(f"{label}: {caption}", language) if caption else label]
    if one_line(figure.alt):
        lines.append(one_line(figure.alt))
    if figure.chart is not None:
        unit = one_line(figure.chart.unit)
        for p in figure.chart.points:
            value = (one_line(p.text) or format_number(p.value, language=brief.language)) + (f" {unit}" if unit else "")
            lines.append(apply(word(brief.labels, "chart_alt_value", label=one_line(p.label), value=value), language) + f" [{p.ref.number}]")
    if one_line(figure.credit):
        lines.append(one_line(figure.credit))
    return lines


def _aspect(figure: Figure) -> float | None:
    """Return width / height of a picture or map (None for a chart, which takes the whole area)."""
    if figure.image is not None:
        return max(figure.image.width, 1e-6) / max(figure.image.height, 1e-6)
    if figure.map is not None:
        return max(figure.map.width, 1e-6) / max(figure.map.height, 1e-6)
    return None


def figure_slide(figure: Figure, *, brief: Brief, area: Box, settings: Settings, metrics: Metrics
                 ) -> tuple[FigurePlan, str, tuple[int, ...], list[str]]:
    """Return a figure's plan in `area` (the slide's free area), its slide title, the note numbers
    for the slide's foot line, and its speaker-note lines."""
    label = f"{word(brief.labels, 'figure')} {figure.number}"
    line = label + (f"  \u00b7  {one_line(figure.credit)}" if one_line(figure.credit) else "")
    line_size = settings.foot_pt
    text_size = settings.min_table_pt
    insets = 91440 + 91440
    inner = (area.width - insets) / EMU_PER_PT
    n_lines = min(2, len(wrap((StyledText(line),), width=inner, size=line_size, metrics=metrics)))
    line_h = int(n_lines * metrics.line_height(line_size) * EMU_PER_PT) + 2 * 45720
    avail_h = max(area.height - line_h - _GAP, EMU_PER_IN)
    legend_h = 0
    if figure.map is not None and one_line(figure.map.legend):
        legend_h = int(metrics.line_height(text_size) * EMU_PER_PT) + 2 * 45720 + _GAP
    aspect = _aspect(figure)
    if aspect is None:
        width, height = area.width, avail_h
    else:
        # a PNG or JPEG is never enlarged past its own size (a pixel as a CSS pixel), as in the
        # PDF and the DOCX: a small photo is not blown up soft across a projected slide. An SVG
        # is drawn, as maps are: it takes the slide's room at no cost in sharpness.
        image = figure.image
        own = image.width * EMU_PER_PX if image is not None and image.kind != "svg" else area.width
        width = int(min(area.width, (avail_h - legend_h) * aspect, own))
        height = int(width / aspect) + legend_h
    block = height + _GAP + line_h
    top = area.top + max(0, (area.height - block) // 2)
    left = area.left + (area.width - width) // 2
    box = Box(left, top, width, height)
    # The line starts under the figure's left edge, and reaches past it when it needs the room.
    need = int(metrics.width(line, size=line_size) * EMU_PER_PT) + insets + EMU_PER_PT * 4
    line_w = min(area.width, max(width, need))
    line_left = min(left, area.left + area.width - line_w)
    line_box = Box(line_left, top + height + _GAP, line_w, line_h)
    widths: tuple[int, ...] = ()
    if figure.map is not None:
        widths = tuple(int(metrics.width(one_line(lb.text), size=text_size, bold=not lb.place) * EMU_PER_PT)
                       + 4 * EMU_PER_PT for lb in figure.map.labels)
    d = brief.date
    plan = FigurePlan(figure, box, line, line_box, line_size, text_size, legend_h,
                      (d.year, d.month or 1, d.day or 1), widths)
    return plan, figure_title(figure, brief), figure_cites(figure), figure_notes(figure, brief)


# ---------------------------------------------------------------- the parts a deck's figures add


class FigureParts:
    """The pictures, charts and workbooks of one deck, named in the order the slides add them
    (`/ppt/media/image1.png`, `/ppt/charts/chart1.xml`), skipping names the template uses; the same
    picture twice is one part."""

    def __init__(self, taken: Any = ()) -> None:
        self.parts: dict[str, Part] = {}
        self._taken = set(taken)
        self._images: dict[tuple[str, str], str] = {}

    def _name(self, pattern: str) -> str:
        n = 1
        while pattern % n in self._taken or pattern % n in self.parts:
            n += 1
        return pattern % n

    def image(self, data: bytes, ext: str, content_type: str) -> str:
        """Return the part name of picture `data`, adding the part the first time."""
        key = (hashlib.sha1(data).hexdigest(), ext)
        name = self._images.get(key)
        if name is None:
            name = self._images[key] = self._name("/ppt/media/image%d." + ext)
            self.parts[name] = Part(name, content_type, data)
        return name

    def chart(self, xml: bytes, workbook: bytes | None) -> str:
        """Return the part name of a new chart part (with its embedded workbook, when given)."""
        name = self._name("/ppt/charts/chart%d.xml")
        rels: tuple[Rel, ...] = ()
        if workbook is not None:
            book = self._name("/ppt/embeddings/Microsoft_Excel_Sheet%d.xlsx")
            self.parts[book] = Part(book, CT_XLSX, workbook)
            rels = (Rel("rId1", RT_PACKAGE, book),)
        self.parts[name] = Part(name, CT_CHART, xml, rels)
        return name


# ---------------------------------------------------------------- writing


def write_figure(slide: "_Slide", plan: FigurePlan, *, parts: FigureParts, colors: dict[str, str]) -> None:
    """Add a planned figure to `slide`: the picture, map group or chart, then its number and credit."""
    from .write import _ppr, _run, _textbox

    figure = plan.figure
    if figure.image is not None:
        _write_picture(slide, figure, figure.image, plan.box, parts=parts)
    elif figure.map is not None:
        _write_map(slide, figure, figure.map, plan, colors=colors)
    elif figure.chart is not None:
        _write_chart(slide, figure, figure.chart, plan, parts=parts)
    run = _run(slide, plan.line, plan.line_size, color=colors["muted"])
    _textbox(slide, "Figure Credit", plan.line_box,
             f"<a:p>{_ppr(margin=0, indent=0, space_before=0, line=1.0)}{run}</a:p>", measured=True)


def _descr(figure: Figure) -> str:
    return attr(one_line(figure.alt))


def _xfrm(box: Box) -> str:
    return (f'<a:xfrm><a:off x="{box.left}" y="{box.top}"/><a:ext cx="{box.width}" cy="{box.height}"/>'
            '</a:xfrm>')


def _write_picture(slide: "_Slide", figure: Figure, image: ImageData, box: Box, *, parts: FigureParts) -> None:
    if image.kind == "svg":
        # PowerPoint 2016 and later draw the SVG; a viewer without SVG support draws the PNG beside it.
        png = parts.image(svg_png(image.data), "png", CT_PNG)
        svg = parts.image(image.data, "svg", CT_SVG)
        png_rid = slide.rels.add(RT_IMAGE, png)
        svg_rid = slide.rels.add(RT_IMAGE, svg)
        blip = (f'<a:blip r:embed="{png_rid}"><a:extLst><a:ext uri="{SVG_BLIP_URI}">'
                f'<asvg:svgBlip xmlns:asvg="{SVG_NS}" r:embed="{svg_rid}"/></a:ext></a:extLst></a:blip>')
    else:
        ext, ct = ("jpg", CT_JPEG) if image.kind == "jpeg" else ("png", CT_PNG)
        rid = slide.rels.add(RT_IMAGE, parts.image(image.data, ext, ct))
        blip = f'<a:blip r:embed="{rid}"/>'
    sid = slide.next_id()
    slide.add("sp", sid, (
        f'<p:pic><p:nvPicPr><p:cNvPr id="{sid}" name="Figure {figure.number} Picture" descr="{_descr(figure)}"/>'
        '<p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr/></p:nvPicPr>'
        f'<p:blipFill>{blip}<a:stretch><a:fillRect/></a:stretch></p:blipFill>'
        f'<p:spPr>{_xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'))


def svg_png(data: bytes, *, longest: int = SVG_RASTER_PX) -> bytes:
    """Return an SVG drawn as a PNG whose longest side is `longest` px (svglib, then the figures'
    one rasterizer, |figure_raster.png|).

    Raises |ValueError| when svglib cannot read the drawing (the loader checks SVGs before this).
    """
    from svglib.svglib import svg2rlg

    from ..figure_raster import png

    drawing = svg2rlg(io.BytesIO(data), resolve_entities=False)
    if drawing is None or not drawing.width or not drawing.height:
        raise ValueError("svglib could not read the SVG drawing")
    return png(drawing, dpi=round(longest * 72 / max(drawing.width, drawing.height)))


# ---------------------------------------------------------------- maps


def clip_ring(ring: tuple[tuple[float, float], ...], width: float, height: float) -> list[tuple[float, float]]:
    """Return polygon `ring` clipped to the box 0..width × 0..height (Sutherland–Hodgman)."""
    points = list(ring)
    for inside, cut in (
        (lambda p: p[0] >= 0, lambda a, b: (0.0, a[1] + (b[1] - a[1]) * (0 - a[0]) / (b[0] - a[0]))),
        (lambda p: p[0] <= width, lambda a, b: (width, a[1] + (b[1] - a[1]) * (width - a[0]) / (b[0] - a[0]))),
        (lambda p: p[1] >= 0, lambda a, b: (a[0] + (b[0] - a[0]) * (0 - a[1]) / (b[1] - a[1]), 0.0)),
        (lambda p: p[1] <= height, lambda a, b: (a[0] + (b[0] - a[0]) * (height - a[1]) / (b[1] - a[1]), height)),
    ):
        out: list[tuple[float, float]] = []
        for k, cur in enumerate(points):
            prev = points[k - 1]
            if inside(cur):
                if not inside(prev):
                    out.append(cut(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cut(prev, cur))
        points = out
        if not points:
            break
    return points


def _inside(x: float, y: float, rings: Any) -> bool:
    """Return whether (x, y) lies inside `rings` (even-odd, as the shape's fill is drawn)."""
    hit = False
    for ring in rings:
        n = len(ring)
        for k in range(n):
            (x1, y1), (x2, y2) = ring[k - 1], ring[k]
            if (y1 > y) != (y2 > y) and x < x1 + (x2 - x1) * (y - y1) / (y2 - y1):
                hit = not hit
    return hit


def _freeform(sid: int, name: str, rings: list[list[tuple[int, int]]], *, fill: str, line: str,
              line_pt: float) -> str:
    """Return a freeform `p:sp` (one `a:path` of closed subpaths) with the decorative mark."""
    from .write import _DECORATIVE, _fill

    xs = [x for r in rings for x, _ in r]
    ys = [y for r in rings for _, y in r]
    left, top = min(xs), min(ys)
    w, h = max(max(xs) - left, 1), max(max(ys) - top, 1)
    path = []
    for ring in rings:
        (x0, y0), rest = ring[0], ring[1:]
        path.append(f'<a:moveTo><a:pt x="{x0 - left}" y="{y0 - top}"/></a:moveTo>')
        path.extend(f'<a:lnTo><a:pt x="{x - left}" y="{y - top}"/></a:lnTo>' for x, y in rest)
        path.append("<a:close/>")
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="{attr(name)}">{_DECORATIVE}</p:cNvPr><p:cNvSpPr/><p:nvPr/>'
            f'</p:nvSpPr><p:spPr><a:xfrm><a:off x="{left}" y="{top}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
            '<a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/><a:rect l="l" t="t" r="r" b="b"/>'
            f'<a:pathLst><a:path w="{w}" h="{h}">{"".join(path)}</a:path></a:pathLst></a:custGeom>'
            f'{_fill(fill)}<a:ln w="{int(line_pt * EMU_PER_PT)}">{_fill(line)}</a:ln></p:spPr></p:sp>')


def _map_text(slide: "_Slide", sid: int, name: str, box: Box, text: str, *, size: float, color: str, bold: bool,
              algn: str, anchor: str = "ctr", backing: bool = False, pad: int = 0) -> str:
    from .write import _ppr, _run

    run = _run(slide, text, size, bold=bold, color=color)
    fill = '<a:solidFill><a:srgbClr val="FFFFFF"><a:alpha val="85000"/></a:srgbClr></a:solidFill>' if backing \
        else "<a:noFill/>"
    ins = f'lIns="{pad}" tIns="0" rIns="{pad}" bIns="0"'
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="{attr(name)}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
            f'<p:spPr>{_xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{fill}</p:spPr>'
            f'<p:txBody><a:bodyPr wrap="none" {ins} anchor="{anchor}"><a:noAutofit/>'
            f'</a:bodyPr><a:lstStyle/><a:p>{_ppr(margin=0, indent=0, space_before=0, line=1.0, algn=algn)}{run}'
            '</a:p></p:txBody></p:sp>')


def _overlap(a: Box, b: Box) -> int:
    """Return the area two boxes share (0 when they do not meet)."""
    w = min(a.left + a.width, b.left + b.width) - max(a.left, b.left)
    h = min(a.top + a.height, b.top + b.height) - max(a.top, b.top)
    return w * h if w > 0 and h > 0 else 0


def place_labels(data: MapData, *, area: Box, scale: float, widths: tuple[int, ...], line_h: int, pad: int
                 ) -> list[tuple[str, Box, Box | None, bool]]:
    """Return each map label's text, box and dot (places only) in EMU, and whether it is bold.

    Country names are centred on their point, or moved a line up or down off a place's dot or an
    earlier name; a place's name goes right of its dot, else left, above or below it: the first
    position that meets no earlier name or dot, else the one that covers least of them. Country
    names are placed first; every box stays inside `area`.
    """
    dot = int(0.09 * EMU_PER_IN)

    def inside(b: Box) -> Box:
        left = max(area.left, min(b.left, area.left + area.width - b.width))
        top = max(area.top, min(b.top, area.top + area.height - b.height))
        return Box(left, top, b.width, b.height)

    def point(x: float, y: float) -> tuple[int, int]:
        return (area.left + round(min(max(x, 0), data.width) * scale),
                area.top + round(min(max(y, 0), data.height) * scale))

    dots = {k: Box(point(lb.x, lb.y)[0] - dot // 2, point(lb.x, lb.y)[1] - dot // 2, dot, dot)
            for k, lb in enumerate(data.labels) if lb.place and one_line(lb.text)}
    placed: list[Box] = list(dots.values())
    found: dict[int, tuple[str, Box, Box | None, bool]] = {}
    for k in sorted(range(len(data.labels)), key=lambda k: data.labels[k].place):
        label = data.labels[k]
        text = one_line(label.text)
        if not text:
            continue
        width = (widths[k] if k < len(widths) else int(len(text) * 0.6 * line_h)) + 2 * pad
        x, y = point(label.x, label.y)
        own = dots.get(k)
        if own is None:
            step = int(line_h * 0.9)
            candidates = [Box(x - width // 2, y - line_h // 2 + dy, width, line_h) for dy in (0, -step, step)]
        else:
            candidates = [Box(x + dot, y - line_h // 2, width, line_h),
                          Box(x - dot - width, y - line_h // 2, width, line_h),
                          Box(x - width // 2, y - dot // 2 - line_h, width, line_h),
                          Box(x - width // 2, y + dot // 2, width, line_h)]
        others = [o for o in placed if o is not own]
        costs = [(sum(_overlap(c, o) for o in others), n, c) for n, c in enumerate(inside(c) for c in candidates)]
        best = min(costs, key=lambda item: (item[0], item[1]))[2]
        found[k] = (text, best, own, own is None)
        placed.append(best)
    return [found[k] for k in range(len(data.labels)) if k in found]


def _write_map(slide: "_Slide", figure: Figure, data: MapData, plan: FigurePlan, *, colors: dict[str, str]) -> None:
    """Add the map as one group: sea, countries (highlighted ones in the accent colour), place dots,
    labels and the legend; the group carries the figure's alt text, its shapes the decorative mark."""
    box = plan.box
    map_h = box.height - plan.legend_height
    scale = box.width / max(data.width, 1e-6)
    ids = itertools.count(slide.next_id())
    children = [_map_rect(next(ids), "Sea", box.left, box.top, box.width, map_h, colors["light"])]
    clipped: list[tuple[Any, list[list[tuple[float, float]]]]] = []
    for shape in data.shapes:
        rings = [r for r in (clip_ring(ring, data.width, data.height) for ring in shape.rings) if len(r) >= 3]
        if rings:
            clipped.append((shape, rings))
    # Highlighted countries last, so their borders are not drawn over by a neighbour's.
    for shape, rings in sorted(clipped, key=lambda item: item[0].highlighted):
        pts = [[(box.left + round(x * scale), box.top + round(y * scale)) for x, y in r] for r in rings]
        children.append(_freeform(next(ids), shape.name or shape.code, pts,
                                  fill=colors["accent"] if shape.highlighted else OTHER_COUNTRY,
                                  line=BORDER, line_pt=0.75))
    highlighted = [rings for shape, rings in clipped if shape.highlighted]
    children += _map_labels(slide, data, plan, ids=ids, area=Box(box.left, box.top, box.width, map_h), scale=scale,
                            highlighted=highlighted, colors=colors)
    children += _map_legend(slide, data, plan, ids=ids, top=box.top + map_h + _GAP, colors=colors)
    gid = next(ids)  # the group's id follows its shapes', so the slide's next id is past them all
    slide.add("sp", gid, (
        f'<p:grpSp><p:nvGrpSpPr><p:cNvPr id="{gid}" name="Figure {figure.number} Map" descr="{_descr(figure)}"/>'
        f'<p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="{box.left}" y="{box.top}"/>'
        f'<a:ext cx="{box.width}" cy="{box.height}"/><a:chOff x="{box.left}" y="{box.top}"/>'
        f'<a:chExt cx="{box.width}" cy="{box.height}"/></a:xfrm></p:grpSpPr>{"".join(children)}</p:grpSp>'))


def _map_rect(shape_id: int, name: str, left: int, top: int, w: int, h: int, fill: str, prst: str = "rect") -> str:
    """Return a decorative filled shape of the map (the sea, a place's dot, the legend's swatch)."""
    from .write import _DECORATIVE, _fill

    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}">{_DECORATIVE}</p:cNvPr><p:cNvSpPr/>'
            f'<p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="{left}" y="{top}"/><a:ext cx="{w}" cy="{h}"/>'
            f'</a:xfrm><a:prstGeom prst="{prst}"><a:avLst/></a:prstGeom>{_fill(fill)}<a:ln><a:noFill/></a:ln>'
            '</p:spPr></p:sp>')


def _map_labels(slide: "_Slide", data: MapData, plan: FigurePlan, *, ids: Iterator[int], area: Box, scale: float,
                highlighted: list[list[list[tuple[float, float]]]], colors: dict[str, str]) -> list[str]:
    """Return the places' dots and the labels of places and countries, placed in `area` (the map
    at `scale` EMU a map unit), each label's colour read against what lies under it."""
    size = plan.text_size
    line_h = int(size * 1.3 * EMU_PER_PT)
    pad = int(2 * EMU_PER_PT)
    children = []
    for text, label_box, dot, bold in place_labels(data, area=area, scale=scale, widths=plan.label_widths,
                                                   line_h=line_h, pad=pad):
        if dot is not None:
            children.append(_map_rect(next(ids), f"Place {text}", dot.left, dot.top, dot.width, dot.height,
                                      colors["text"], "ellipse"))
        under = _on_accent(label_box, area=area, scale=scale, highlighted=highlighted)
        # White on the accent colour and dark elsewhere (each over 4.5:1); a label across both
        # gets a white backing so that it reads either way.
        color = "FFFFFF" if all(under) else colors["text"]
        backing = any(under) and not all(under)
        children.append(_map_text(slide, next(ids), f"Label {text}", label_box, text, size=size, color=color,
                                  bold=bold, algn="ctr", backing=backing, pad=pad))
    return children


def _on_accent(b: Box, *, area: Box, scale: float, highlighted: list[list[list[tuple[float, float]]]]) -> list[bool]:
    """Return, for the centre and corners of `b`, whether a highlighted country is under it."""
    points = [(b.left + b.width / 2, b.top + b.height / 2), (b.left, b.top), (b.left + b.width, b.top),
              (b.left, b.top + b.height), (b.left + b.width, b.top + b.height)]
    return [any(_inside((px - area.left) / scale, (py - area.top) / scale, rings) for rings in highlighted)
            for px, py in points]


def _map_legend(slide: "_Slide", data: MapData, plan: FigurePlan, *, ids: Iterator[int], top: int,
                colors: dict[str, str]) -> list[str]:
    """Return the legend under the map from `top`: an accent swatch and the legend's text; none
    when the map has no legend or the plan left it no room."""
    legend = one_line(data.legend)
    if not (legend and plan.legend_height):
        return []
    box, size = plan.box, plan.text_size
    swatch = int(size * 0.9 * EMU_PER_PT)
    row = plan.legend_height - _GAP
    text_left = box.left + swatch + int(0.1 * EMU_PER_IN)
    return [
        _map_rect(next(ids), "Legend Swatch", box.left, top + (row - swatch) // 2, swatch, swatch, colors["accent"]),
        _map_text(slide, next(ids), "Legend", Box(text_left, top, box.left + box.width - text_left, row), legend,
                  size=size, color=colors["text"], bold=False, algn="l"),
    ]


# ---------------------------------------------------------------- charts


def _number_format(data: ChartData) -> str:
    decimals = 0
    for p in data.points:
        text = f"{p.value:.6f}".rstrip("0")
        decimals = max(decimals, len(text.split(".")[1]) if "." in text else 0)
    return "#,##0" + ("." + "0" * min(decimals, 6) if decimals else "")


def chart_xml(data: ChartData, *, title: str, size: float, lang: str) -> bytes:
    """Return a chart part's XML as python-pptx writes it for `data`: one series of the points'
    values, data labels, the unit as the value axis title, `title` as the chart's own title ("" for
    none), text at `size` points in the theme's fonts and the language `lang`."""
    from pptx.chart.chart import Chart
    from pptx.chart.xmlwriter import ChartXmlWriter
    from pptx.enum.chart import XL_AXIS_CROSSES, XL_CHART_TYPE, XL_LABEL_POSITION
    from pptx.opc.oxml import serialize_part_xml
    from pptx.oxml import parse_xml
    from pptx.util import Pt

    kind = {"bar": XL_CHART_TYPE.BAR_CLUSTERED, "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
            "line": XL_CHART_TYPE.LINE_MARKERS}[data.kind]
    chart_data = _chart_data(data)
    space = parse_xml(ChartXmlWriter(kind, chart_data).xml.encode("utf-8"))
    chart = Chart(space, None)
    chart.has_legend = False
    chart.font.size = Pt(size)
    if title:
        chart.has_title = True
        chart.chart_title.text_frame.text = title
        chart.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(size + 2)
        chart.chart_title.text_frame.paragraphs[0].runs[0].font.bold = True
    else:
        chart.has_title = False
    plot = chart.plots[0]
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.show_value = True
    labels.number_format = _number_format(data)
    labels.number_format_is_linked = False
    labels.position = XL_LABEL_POSITION.ABOVE if data.kind == "line" else XL_LABEL_POSITION.OUTSIDE_END
    if data.kind == "bar":
        # The first point on top, as the data is read, and the value axis still at the foot.
        chart.category_axis.reverse_order = True
        # (python-pptx's `crosses` is the value axis' own; this is the category axis' one, set
        # with the same element methods)
        value_axis = space.valAx_lst[0]
        value_axis._remove_crosses()
        value_axis._add_crosses(val=XL_AXIS_CROSSES.MAXIMUM)
    unit = one_line(data.unit)
    if unit:
        axis = chart.value_axis
        axis.has_title = True
        axis.axis_title.text_frame.text = unit
    if max(abs(p.value) for p in data.points) >= 1000:
        # the value axis groups its thousands as the data labels do ("30,000", "30 000" in a
        # French PowerPoint): left to General, it printed "30000" beside a label "25,000"
        ticks = chart.value_axis.tick_labels
        ticks.number_format = "#,##0"
        ticks.number_format_is_linked = False
    axis_font = chart.category_axis.tick_labels.font
    axis_font.size = Pt(size)
    space.get_or_add_externalData().rId = "rId1"
    # Every run in the brief's language (screen readers pick their voice by it).
    for run in space.iter(f"{{{_A}}}r"):
        run.get_or_add_rPr()
    for el in space.iter(f"{{{_A}}}rPr", f"{{{_A}}}endParaRPr"):
        el.set("lang", lang)
    return serialize_part_xml(space)  # type: ignore[no-any-return]



def _chart_data(data: ChartData) -> Any:
    from pptx.chart.data import CategoryChartData

    chart_data = CategoryChartData(number_format=_number_format(data))
    chart_data.categories = [one_line(p.label) for p in data.points]
    chart_data.add_series(one_line(data.unit) or one_line(data.title) or "Value", [p.value for p in data.points])
    return chart_data


def chart_workbook(data: ChartData, *, stamp: tuple[int, int, int]) -> bytes:
    """Return the chart's embedded workbook, as python-pptx writes it, created on `stamp` (y, m, d)
    rather than now, so that a rebuild writes the same bytes."""
    import datetime

    # python-pptx's own writer, and the XlsxWriter workbook it uses
    from pptx.chart.xlsx import CategoryWorkbookWriter, Workbook

    created = datetime.datetime(*stamp, tzinfo=datetime.timezone.utc)

    class _Writer(CategoryWorkbookWriter):  # type: ignore[misc]
        def _open_worksheet(self, xlsx_file: Any) -> Any:
            from contextlib import contextmanager

            @contextmanager
            def opened() -> Any:
                workbook = Workbook(xlsx_file, {"in_memory": True})
                workbook.set_properties({"created": created})
                worksheet = workbook.add_worksheet()
                yield workbook, worksheet
                workbook.close()

            return opened()

    return _Writer(_chart_data(data)).xlsx_blob  # type: ignore[no-any-return]


def _write_chart(slide: "_Slide", figure: Figure, data: ChartData, plan: FigurePlan, *, parts: FigureParts) -> None:
    # The chart shows its own title when the slide's title is the caption (not the chart's title).
    caption = one_line(plain(figure.caption))
    title = one_line(data.title) if caption and one_line(data.title) != caption else ""
    xml = chart_xml(data, title=title, size=plan.text_size, lang=slide.lang)
    name = parts.chart(xml, chart_workbook(data, stamp=plan.stamp))
    rid = slide.rels.add(RT_CHART, name)
    sid = slide.next_id()
    box = plan.box
    slide.add("sp", sid, (
        f'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="{sid}" name="Figure {figure.number} Chart" '
        f'descr="{_descr(figure)}"/><p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr>'
        f'<p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="{box.left}" y="{box.top}"/>'
        f'<a:ext cx="{box.width}" cy="{box.height}"/></p:xfrm><a:graphic><a:graphicData uri="{CHART_URI}">'
        f'<c:chart xmlns:c="{CHART_NS}" r:id="{rid}"/></a:graphicData></a:graphic></p:graphicFrame>'))

