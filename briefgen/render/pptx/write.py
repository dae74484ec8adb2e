"""Write a planned deck into the theme's slides.pptx with python-pptx, reproducibly."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...model import Brief
from .. import Rendered, TemplateError as _TemplateError
from ..ooxml_zip import normalize_package
from .measure import Metrics
from .plan import (
    CELL_PAD_H, CELL_PAD_V, EMU_PER_IN, Box, DeckPlan, Frame, Geometry, ListStyle, Para, Settings, SlidePlan,
    TablePlan, TimelinePlan, plan_deck,
)

if TYPE_CHECKING:
    from ...theme import Theme

REQUIRED_LAYOUTS = ("Title Slide", "Title and Content", "Section Header", "Title Only", "Two Content")
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
NS = {"a": A[1:-1], "p": P[1:-1]}
# Placeholder types on a layout and the master placeholder they inherit from.
_MASTER_TYPE = {"ctrTitle": "title", "title": "title", "subTitle": "body", "obj": "body", "body": "body",
                "dt": "dt", "ftr": "ftr", "sldNum": "sldNum"}
_DEFAULT_INSETS = (91440, 45720, 91440, 45720)


class TemplateError(_TemplateError):
    """The theme's slide template is missing or lacks a layout the deck needs."""


# ---------------------------------------------------------------- reading the template


def _ph(sp: Any) -> Any:
    return sp.find("p:nvSpPr/p:nvPr/p:ph", NS)


def _find_ph(tree: Any, *, idx: str | None = None, ph_type: str | None = None) -> Any:
    """Return the first `p:sp` placeholder in `tree` with this idx (or, failing that, this type)."""
    for sp in tree.iter(P + "sp"):
        ph = _ph(sp)
        if ph is None:
            continue
        if idx is not None and ph.get("idx", "0") == idx:
            return sp
        if ph_type is not None and _MASTER_TYPE.get(ph.get("type", "obj"), "body") == ph_type:
            return sp
    return None


def _xfrm(sp: Any) -> tuple[int, int, int, int] | None:
    if sp is None:
        return None
    off = sp.find("p:spPr/a:xfrm/a:off", NS)
    ext = sp.find("p:spPr/a:xfrm/a:ext", NS)
    if off is None or ext is None:
        return None
    return int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy"))


def _insets(chain: list[Any]) -> tuple[int, int, int, int]:
    out = []
    for key, default in zip(("lIns", "tIns", "rIns", "bIns"), _DEFAULT_INSETS):
        value = default
        for sp in chain:
            body = sp.find("p:txBody/a:bodyPr", NS) if sp is not None else None
            if body is not None and body.get(key) is not None:
                value = int(body.get(key))
                break
        out.append(value)
    return out[0], out[1], out[2], out[3]


def _chain(layout: Any, sp: Any) -> list[Any]:
    """Return `sp` (on a slide or layout) followed by the placeholders it inherits from."""
    chain = [sp]
    ph = _ph(sp)
    idx, ph_type = ph.get("idx", "0"), _MASTER_TYPE.get(ph.get("type", "obj"), "body")
    layout_tree = layout._element
    on_layout = sp.getroottree().getroot() is layout_tree
    layout_sp = None if on_layout else _find_ph(layout_tree, idx=idx)
    if layout_sp is not None:
        chain.append(layout_sp)
    master_sp = _find_ph(layout.slide_master._element, ph_type=ph_type)
    if master_sp is not None:
        chain.append(master_sp)
    return chain


def resolve_box(layout: Any, sp: Any) -> Box:
    """Return the frame of placeholder element `sp` (on a slide or on `layout`) with its insets.

    Position and size come from the first of slide → layout (same idx) → master (same type)
    that sets them; insets likewise, defaulting to 0.1 in / 0.05 in. Raises |TemplateError|
    when no level positions the placeholder.
    """
    chain = _chain(layout, sp)
    for level in chain:
        xfrm = _xfrm(level)
        if xfrm is not None:
            return Box(*xfrm, *_insets(chain))
    raise TemplateError(f"placeholder `{sp.find('p:nvSpPr/p:cNvPr', NS).get('name')}` has no position")


def _lvl1(layout: Any, sp: Any, style_name: str) -> list[Any]:
    """Return the lvl1pPr elements that style `sp`'s first level, most specific first."""
    out = []
    for level in _chain(layout, sp):
        el = level.find("p:txBody/a:lstStyle/a:lvl1pPr", NS)
        if el is not None:
            out.append(el)
    master_style = layout.slide_master._element.find(f"p:txStyles/p:{style_name}/a:lvl1pPr", NS)
    if master_style is not None:
        out.append(master_style)
    return out


def _first_attr(levels: list[Any], name: str, default: int) -> int:
    for el in levels:
        if el.get(name) is not None:
            return int(el.get(name))
    return default


def _line(levels: list[Any]) -> float:
    for el in levels:
        pct = el.find("a:lnSpc/a:spcPct", NS)
        if pct is not None:
            return int(pct.get("val")) / 100000
    return 1.0


def _space_before(levels: list[Any], size: float, line_factor: float) -> float:
    for el in levels:
        pts = el.find("a:spcBef/a:spcPts", NS)
        if pts is not None:
            return int(pts.get("val")) / 100
        pct = el.find("a:spcBef/a:spcPct", NS)
        if pct is not None:
            return int(pct.get("val")) / 100000 * size * line_factor
    return 0.0


def _layouts(prs: Any, path: Path) -> dict[str, Any]:
    found = {layout.name: layout for layout in prs.slide_layouts}
    for name in REQUIRED_LAYOUTS:
        if name not in found:
            raise TemplateError(f"slide template `{path}` has no layout named `{name}`")
    return found


def _layout_ph(layout: Any, *, idx: str | None = None, ph_type: str | None = None) -> Any:
    sp = _find_ph(layout._element, idx=idx, ph_type=ph_type)
    if sp is None:
        what = f"idx {idx}" if idx is not None else ph_type
        raise TemplateError(f"layout `{layout.name}` has no {what} placeholder")
    return sp


def read_geometry(layouts: dict[str, Any], *, settings: Settings, metrics: Metrics) -> Geometry:
    """Return the geometry the planner needs, resolved through layout → master inheritance.

    Raises |TemplateError| when a layout lacks a placeholder the deck uses.
    """
    content = layouts["Title and Content"]
    title_sp = _layout_ph(content, ph_type="title")
    body_sp = _layout_ph(content, idx="1")
    levels = _lvl1(content, body_sp, "bodyStyle")
    body_style = ListStyle(
        margin=_first_attr(levels, "marL", 342900),
        indent=_first_attr(levels, "indent", -342900),
        space_before=_space_before(levels, settings.body_pt, metrics.line_factor),
        line=_line(levels),
    )
    body = resolve_box(content, body_sp)
    two = layouts["Two Content"]
    cover = layouts["Title Slide"]
    divider = layouts["Section Header"]
    try:
        num = resolve_box(content, _layout_ph(content, ph_type="sldNum"))
        foot_top, foot_h, foot_right = num.top, num.height, num.left - int(0.2 * EMU_PER_IN)
    except TemplateError:
        foot_top = body.top + body.height
        foot_h = int(0.35 * EMU_PER_IN)
        foot_right = body.left + body.width
    return Geometry(
        slide_width=int(content.part.package.presentation_part.presentation.slide_width),
        slide_height=int(content.part.package.presentation_part.presentation.slide_height),
        title=resolve_box(content, title_sp),
        title_line=_line(_lvl1(content, title_sp, "titleStyle")),
        body=body,
        body_style=body_style,
        columns=(resolve_box(two, _layout_ph(two, idx="1")), resolve_box(two, _layout_ph(two, idx="2"))),
        cover_title=resolve_box(cover, _layout_ph(cover, ph_type="title")),
        cover_subtitle=resolve_box(cover, _layout_ph(cover, idx="1")),
        divider_title=resolve_box(divider, _layout_ph(divider, ph_type="title")),
        foot=Box(body.left, foot_top, max(foot_right - body.left, EMU_PER_IN), foot_h),
    )


# ---------------------------------------------------------------- writing text


def _rgb(hexstr: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hexstr)


def _set_ppr(p: Any, *, margin: int, indent: int, space_before: float, line: float) -> Any:
    from lxml import etree

    ppr = p._p.get_or_add_pPr()
    ppr.set("marL", str(margin))
    ppr.set("indent", str(indent))
    for tag in ("lnSpc", "spcBef"):
        old = ppr.find("a:" + tag, NS)
        if old is not None:
            ppr.remove(old)
    # Schema order inside pPr: lnSpc, spcBef, spcAft, bu*.
    ln = etree.Element(A + "lnSpc")
    etree.SubElement(ln, A + "spcPct", val=str(int(round(line * 100000))))
    sb = etree.Element(A + "spcBef")
    etree.SubElement(sb, A + "spcPts", val=str(int(round(space_before * 100))))
    ppr.insert(0, sb)
    ppr.insert(0, ln)
    return ppr


def _bullet(ppr: Any, xml: str) -> None:
    from lxml import etree

    for el in list(ppr):
        if el.tag.split("}")[1].startswith("bu"):
            ppr.remove(el)
    frag = etree.fromstring(f'<x xmlns:a="{NS["a"]}">{xml}</x>')
    for el in frag:
        ppr.append(el)


def _runs(p: Any, para: Para, *, size: float, theme: "Theme", color: str | None = None,
          bold: bool = False, muted: str | None = None) -> None:
    from pptx.util import Pt

    for r in para.runs:
        run = p.add_run()
        run.text = r.text
        font = run.font
        font.size = Pt(size)
        if r.bold or bold:
            font.bold = True
        if r.italic:
            font.italic = True
        if r.sup:
            run._r.get_or_add_rPr().set("baseline", "30000")
        if r.muted:
            font.color.rgb = _rgb(muted or theme.color("muted"))
        elif color:
            font.color.rgb = _rgb(color)
        if r.href:
            run.hyperlink.address = r.href


def write_frame(tf: Any, frame: Frame, *, theme: "Theme", numbers_accent: bool = False,
                color: str | None = None, muted: str | None = None) -> None:
    """Fill text frame `tf` with `frame`: explicit sizes, indents and spacing, and no autofit."""
    from pptx.enum.text import MSO_AUTO_SIZE

    tf.auto_size = MSO_AUTO_SIZE.NONE
    tf.word_wrap = True
    tf.clear()
    first = True
    prev_number = 0
    for para in frame.paras:
        p = tf.paragraphs[0] if first else tf.add_paragraph()
        first = False
        bulleted = para.kind in ("bullet", "number")
        ppr = _set_ppr(p, margin=frame.margin if bulleted else 0, indent=frame.indent if bulleted else 0,
                       space_before=frame.space_before + (6 if para.kind == "heading" else 0), line=frame.line)
        if para.kind == "number":
            restart = para.number != prev_number + 1
            start = f' startAt="{para.number}"' if restart and para.number != 1 else ""
            clr = f'<a:buClr><a:srgbClr val="{theme.color("accent")}"/></a:buClr>' if numbers_accent else ""
            _bullet(ppr, f'{clr}<a:buFont typeface="+mj-lt"/><a:buAutoNum type="arabicPeriod"{start}/>')
            prev_number = para.number
        else:
            prev_number = 0
        if para.kind in ("heading", "plain"):
            _bullet(ppr, "<a:buNone/>")
        _runs(p, para, size=frame.size, theme=theme, muted=muted,
              color=theme.color("primary") if para.kind == "heading" else color)


def _title(slide: Any, plan: SlidePlan) -> Any:
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Pt

    shape = slide.shapes.title
    tf = shape.text_frame
    tf.auto_size = MSO_AUTO_SIZE.NONE
    tf.word_wrap = True
    run = tf.paragraphs[0].add_run()
    run.text = plan.title
    run.font.size = Pt(plan.title_size)
    return shape


def _textbox(slide: Any, box: Box, *, anchor: str = "t") -> Any:
    from pptx.enum.text import MSO_ANCHOR

    shape = slide.shapes.add_textbox(box.left, box.top, box.width, box.height)
    tf = shape.text_frame
    tf.margin_left, tf.margin_top = box.inset_left, box.inset_top
    tf.margin_right, tf.margin_bottom = box.inset_right, box.inset_bottom
    tf.vertical_anchor = {"t": MSO_ANCHOR.TOP, "b": MSO_ANCHOR.BOTTOM, "ctr": MSO_ANCHOR.MIDDLE}[anchor]
    return shape


def _plain_shape(slide: Any, kind: Any, left: int, top: int, width: int, height: int, *,
                 fill: str | None, line: str | None = None, line_pt: float = 0) -> Any:
    from pptx.util import Pt

    shape = slide.shapes.add_shape(kind, left, top, width, height)
    shape.shadow.inherit = False
    if fill:
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(fill)
    else:
        shape.fill.background()
    if line:
        shape.line.color.rgb = _rgb(line)
        shape.line.width = Pt(line_pt)
    else:
        shape.line.fill.background()
    return shape


def _foot(slide: Any, text: str, *, geometry: Geometry, settings: Settings, theme: "Theme") -> None:
    from pptx.util import Pt

    if not text:
        return
    shape = _textbox(slide, geometry.foot, anchor="ctr")
    shape.name = "Source Line"
    tf = shape.text_frame
    tf.word_wrap = True
    run = tf.paragraphs[0].add_run()
    run.text = text
    run.font.size = Pt(settings.foot_pt)
    run.font.color.rgb = _rgb(theme.color("muted"))


def _slide_number(slide: Any, layout: Any) -> None:
    """Give the slide its own slide-number placeholder holding a `slidenum` field."""
    from lxml import etree

    src = _find_ph(layout._element, ph_type="sldNum")
    if src is None:
        return
    from pptx.shapes.placeholder import LayoutPlaceholder

    slide.shapes.clone_placeholder(LayoutPlaceholder(src, layout.shapes))
    sp = slide.shapes._spTree[-1]
    tx = sp.find("p:txBody", NS)
    if tx is None:
        tx = etree.SubElement(sp, P + "txBody")
        etree.SubElement(tx, A + "bodyPr")
        etree.SubElement(tx, A + "lstStyle")
    for p in tx.findall("a:p", NS):
        tx.remove(p)
    p = etree.SubElement(tx, A + "p")
    fld = etree.SubElement(p, A + "fld", id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}", type="slidenum")
    etree.SubElement(fld, A + "rPr", lang="en-US")
    etree.SubElement(fld, A + "t").text = "\u2039#\u203a"


def _title_first(slide: Any, title_shape: Any) -> None:
    """Put the title first in the shape tree, which is the reading order of screen readers."""
    tree = slide.shapes._spTree
    sp = title_shape._element
    tree.remove(sp)
    tree.insert(2, sp)  # after nvGrpSpPr and grpSpPr


def _write_table(slide: Any, plan: TablePlan, *, theme: "Theme") -> None:
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
    from pptx.util import Pt

    nrows, ncols = len(plan.rows) + 1, len(plan.col_widths)
    frame = slide.shapes.add_table(nrows, ncols, plan.left, plan.top, sum(plan.col_widths), sum(plan.row_heights))
    frame.name = "Table"
    table = frame.table
    for c, w in enumerate(plan.col_widths):
        table.columns[c].width = w
    for r, h in enumerate(plan.row_heights):
        table.rows[r].height = h
    align = {"right": PP_ALIGN.RIGHT, "center": PP_ALIGN.CENTER}
    for r, row in enumerate((plan.header,) + plan.rows):
        for c in range(ncols):
            cell = table.cell(r, c)
            cell.margin_left = cell.margin_right = CELL_PAD_H
            cell.margin_top = cell.margin_bottom = CELL_PAD_V
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            tf = cell.text_frame
            tf.word_wrap = True
            tf.auto_size = MSO_AUTO_SIZE.NONE
            p = tf.paragraphs[0]
            p.alignment = align.get(plan.align[c], PP_ALIGN.LEFT)
            _runs(p, Para(row[c] if c < len(row) else (), "plain"), size=plan.size, theme=theme, bold=(r == 0))
            if not row[c]:
                p.font.size = Pt(plan.size)


def _write_timeline(slide: Any, plan: TimelinePlan, *, theme: "Theme", settings: Settings) -> None:
    from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Pt

    cap = _textbox(slide, plan.caption_box)
    cap.name = "Timeline Caption"
    run = cap.text_frame.paragraphs[0].add_run()
    run.text = plan.caption
    run.font.size = Pt(settings.min_body_pt)
    run.font.bold = True
    run.font.color.rgb = _rgb(theme.color("primary"))
    cap.text_frame.word_wrap = True

    line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, plan.line_left, plan.line_y, plan.line_right, plan.line_y)
    line.name = "Timeline Line"
    line.line.color.rgb = _rgb(theme.color("primary"))
    line.line.width = Pt(2.5)
    marker = int(0.24 * EMU_PER_IN)
    for k, item in enumerate(plan.items, start=1):
        edge = item.box.top + item.box.height if item.above else item.box.top
        tick = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, item.x, plan.line_y, item.x, edge)
        tick.name = f"Timeline Tick {k}"
        tick.line.color.rgb = _rgb(theme.color("muted"))
        tick.line.width = Pt(1)
        dot = _plain_shape(slide, MSO_SHAPE.OVAL, item.x - marker // 2, plan.line_y - marker // 2, marker, marker,
                           fill=theme.color("accent"), line="FFFFFF", line_pt=2)
        dot.name = f"Timeline Marker {k}"
        box = _textbox(slide, item.box, anchor="b" if item.above else "t")
        box.name = f"Timeline Entry {k}"
        tf = box.text_frame
        tf.word_wrap = True
        p = tf.paragraphs[0]
        _set_ppr(p, margin=0, indent=0, space_before=0, line=1.0)
        p.alignment = PP_ALIGN.CENTER
        r = p.add_run()
        r.text = item.date
        r.font.size = Pt(item.size)
        r.font.bold = True
        r.font.color.rgb = _rgb(theme.color("accent"))
        p2 = tf.add_paragraph()
        _set_ppr(p2, margin=0, indent=0, space_before=2, line=1.0)
        p2.alignment = PP_ALIGN.CENTER
        _runs(p2, Para(item.label, "plain"), size=item.size, theme=theme)
    # Keep the line and ticks under the markers: move every connector to the back.
    tree = slide.shapes._spTree
    for sp in [el for el in tree if el.tag == P + "cxnSp"]:
        tree.remove(sp)
        tree.insert(2, sp)


def _write_takeaways(slide: Any, plan: SlidePlan, *, theme: "Theme") -> None:
    from pptx.enum.shapes import MSO_SHAPE

    assert plan.panel is not None and plan.body is not None
    box = plan.panel
    panel = _plain_shape(slide, MSO_SHAPE.RECTANGLE, box.left, box.top, box.width, box.height, fill=theme.color("light"))
    panel.name = "Takeaways Panel"
    bar = _plain_shape(slide, MSO_SHAPE.RECTANGLE, box.left, box.top, int(0.12 * EMU_PER_IN), box.height,
                       fill=theme.color("accent"))
    bar.name = "Takeaways Bar"
    text = _textbox(slide, box)
    text.name = "Takeaways"
    write_frame(text.text_frame, plan.body, theme=theme, numbers_accent=True, color=theme.color("text"))


def _body_placeholder(slide: Any, idx: int) -> Any:
    for ph in slide.placeholders:
        if ph.placeholder_format.idx == idx:
            return ph
    return None


def _drop_empty_placeholders(slide: Any, keep: set[int]) -> None:
    for ph in list(slide.placeholders):
        if ph.placeholder_format.idx not in keep:
            ph._element.getparent().remove(ph._element)


def write_slide(prs: Any, layouts: dict[str, Any], plan: SlidePlan, *, geometry: Geometry,
                settings: Settings, theme: "Theme") -> Any:
    """Add one planned slide to `prs` and return it."""
    layout = layouts[plan.layout]
    slide = prs.slides.add_slide(layout)
    title = _title(slide, plan)
    keep = {0}
    if plan.kind == "title" and plan.body is not None:
        ph = _body_placeholder(slide, 1)
        if ph is not None:
            # On the navy cover the grey "muted" colour would vanish; use a soft blue-grey.
            write_frame(ph.text_frame, plan.body, theme=theme, muted=settings.cover_meta_color)
            keep.add(1)
    elif plan.kind in ("bullets", "sources"):
        ph = _body_placeholder(slide, 1)
        if ph is not None and plan.body is not None:
            write_frame(ph.text_frame, plan.body, theme=theme)
            keep.add(1)
        ph2 = _body_placeholder(slide, 2)
        if ph2 is not None and plan.body2 is not None and plan.body2.paras:
            write_frame(ph2.text_frame, plan.body2, theme=theme)
            keep.add(2)
    _drop_empty_placeholders(slide, keep)
    if plan.kind == "takeaways":
        _write_takeaways(slide, plan, theme=theme)
    elif plan.kind == "table" and plan.table is not None:
        _write_table(slide, plan.table, theme=theme)
    elif plan.kind == "timeline" and plan.timeline is not None:
        _write_timeline(slide, plan.timeline, theme=theme, settings=settings)
    if plan.kind != "title":
        _foot(slide, plan.foot, geometry=geometry, settings=settings, theme=theme)
        _slide_number(slide, layout)
    _title_first(slide, title)
    if plan.notes:
        slide.notes_slide.notes_text_frame.text = plan.notes
    return slide


# ---------------------------------------------------------------- package housekeeping


def _remove_slides(prs: Any) -> None:
    """Drop the template's own slides (their parts become unreachable and are not saved)."""
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        prs.part.drop_rel(sld_id.rId)
        id_list.remove(sld_id)


def _fast_partnames(package: Any) -> None:
    """Replace `package.next_partname` with a counter for this package only.

    python-pptx scans every part of the package each time it names a new part; a notes slide per
    slide makes rendering quadratic. Parts are only added while we render, so one scan per
    template followed by counting up gives the same names in linear time.
    """
    from pptx.opc.packuri import PackURI

    taken: dict[str, set[str]] = {}
    counters: dict[str, int] = {}

    def next_partname(tmpl: str) -> Any:
        if tmpl not in taken:
            taken[tmpl] = {str(p.partname) for p in package.iter_parts()}
            counters[tmpl] = 0
        n = counters[tmpl] + 1
        while tmpl % n in taken[tmpl]:
            n += 1
        counters[tmpl] = n
        return PackURI(tmpl % n)

    package.next_partname = next_partname


def _properties(prs: Any, brief: Brief) -> None:
    from .plan import one_line

    stamp = datetime(max(brief.date.year, 1980), brief.date.month or 1, brief.date.day or 1, 12, 0, 0)
    cp = prs.core_properties
    cp.title = one_line(brief.title)[:255]
    cp.subject = one_line(brief.subtitle)[:255]
    cp.author = one_line(brief.author)[:255]
    cp.keywords = one_line(", ".join(brief.keywords))[:255]
    cp.language = one_line(brief.language)[:64]
    cp.last_modified_by = one_line(brief.generator)[:255]
    cp.comments = ""
    cp.category = ""
    cp.created = stamp
    cp.modified = stamp
    cp.revision = 1


# ---------------------------------------------------------------- entry point


def open_template(theme: "Theme", settings: Settings) -> tuple[Any, dict[str, Any], Path]:
    """Return the template presentation, its layouts by name, and its path.

    Raises |TemplateError| when the file is missing or a required layout is not in it.
    """
    from pptx import Presentation

    path = theme.folder / settings.template
    if not path.is_file():
        raise TemplateError(f"slide template `{path}` is missing")
    prs = Presentation(str(path))
    return prs, _layouts(prs, path), path


def render(brief: Brief, *, theme: "Theme") -> Rendered:
    """Return the deck for `brief` as PPTX bytes, its slide count, and messages on split slides.

    Raises |TemplateError| when the theme's slides.pptx is missing or lacks a required layout.
    """
    settings = Settings.from_mapping(theme.pptx)
    metrics = Metrics.for_family(theme.font)
    prs, layouts, _ = open_template(theme, settings)
    _remove_slides(prs)
    geometry = read_geometry(layouts, settings=settings, metrics=metrics)
    deck: DeckPlan = plan_deck(brief, settings=settings, geometry=geometry, metrics=metrics)
    _fast_partnames(prs.part.package)
    for plan in deck.slides:
        write_slide(prs, layouts, plan, geometry=geometry, settings=settings, theme=theme)
    _properties(prs, brief)
    out = io.BytesIO()
    prs.save(out)
    data = normalize_package(out.getvalue(), date=brief.date)
    return Rendered(data=data, pages=len(deck.slides), messages=deck.messages)
