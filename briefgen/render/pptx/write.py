"""Write a planned deck into the theme's slides.pptx, reproducibly.

python-pptx opens and prepares the template once per process (`ooxml.template.load_template`):
the template's own slides dropped, layouts found by name, a notes master ready, and the parts of
its package, which every render shares. Each render then writes slide XML as text into those
parts and `ooxml` zips them. The XML is what python-pptx would write for the same calls (same
element order, ids, names and relationship ids; `tests/render/test_ooxml_round_trip.py` holds it
to that), without its per-call overhead and its scans of the whole package on every new slide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...cache import cached_by_file
from ...i18n import describe_table
from ...model import Brief
from .. import Rendered
from .. import TemplateError as _TemplateError
from ..ooxml.core import core_properties
from ..ooxml.logo import extent, media_part, slide_pic
from ..ooxml.names import (
    CT_PML_NOTES_SLIDE,
    CT_PML_SLIDE,
    DECORATIVE_EXT,
    RT_IMAGE,
    RT_NOTES_MASTER,
    RT_NOTES_SLIDE,
    RT_SLIDE,
    RT_SLIDE_LAYOUT,
)
from ..ooxml.names import A as _NS_A
from ..ooxml.names import P as _NS_P
from ..ooxml.names import R as _NS_R
from ..ooxml.package import Part, Rel, Rels, part_of, snapshot, write_package
from ..ooxml.template import find_template, load_template
from ..ooxml.text import XML_DECLARATION, attr, esc, one_line
from .measure import Metrics
from .plan import (
    CELL_PAD_H,
    CELL_PAD_V,
    EMU_PER_IN,
    Box,
    DeckPlan,
    Frame,
    Geometry,
    ListStyle,
    Run,
    Settings,
    SlidePlan,
    TablePlan,
    TimelinePlan,
    plan_deck,
)

if TYPE_CHECKING:
    from ...theme import Theme
    from .figures import FigureParts

REQUIRED_LAYOUTS = ("Title Slide", "Title and Content", "Section Header", "Title Only", "Two Content")
A = f"{{{_NS_A}}}"
P = f"{{{_NS_P}}}"
NS = {"a": _NS_A, "p": _NS_P}
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


def read_geometry(layouts: dict[str, Any], *, settings: Settings, metrics: Metrics,
                  slide_size: tuple[int, int] | None = None) -> Geometry:
    """Return the geometry the planner needs, resolved through layout → master inheritance.

    `layouts` are python-pptx slide layouts or anything with their `name`, `_element` and
    `slide_master._element`; `slide_size` (width, height) defaults to the layouts' presentation's.
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
    if slide_size is None:
        presentation = content.part.package.presentation_part.presentation
        slide_size = (int(presentation.slide_width), int(presentation.slide_height))
    return Geometry(
        slide_width=slide_size[0],
        slide_height=slide_size[1],
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


# ---------------------------------------------------------------- the template, read once per process

_NOTES_MARK = "BRIEFGEN-NOTES-MARK"
# python-pptx's base names for placeholders it clones onto a slide, by `p:ph/@type`.
_PH_BASENAME = {
    "clipArt": "ClipArt Placeholder", "body": "Text Placeholder", "ctrTitle": "Title", "chart": "Chart Placeholder",
    "dt": "Date Placeholder", "ftr": "Footer Placeholder", "hdr": "Header Placeholder", "media": "Media Placeholder",
    "obj": "Content Placeholder", "dgm": "SmartArt Placeholder", "pic": "Picture Placeholder",
    "sldNum": "Slide Number Placeholder", "subTitle": "Subtitle", "tbl": "Table Placeholder", "title": "Title",
}
_TEXT_PH_TYPES = ("title", "ctrTitle", "subTitle", "body", "obj")


@dataclass(frozen=True, slots=True)
class _Placeholder:
    """A layout placeholder as python-pptx clones it: its idx, `p:ph` attributes and base name."""

    idx: int
    ph_type: str
    ph_attrs: str
    basename: str
    text: bool


@dataclass(frozen=True, slots=True)
class _SlideLayout:
    partname: str
    placeholders: tuple[_Placeholder, ...]  # cloned onto every new slide, in z-order
    slide_number: _Placeholder | None


@dataclass(frozen=True, slots=True)
class _DeckTemplate:
    """Everything a render needs from one slides.pptx, as python-pptx prepared it; immutable,
    shared between renders."""

    path: Path
    layouts: dict[str, _SlideLayout]
    package_rels: tuple[Rel, ...]
    parts: dict[str, Part]                 # every part the deck keeps, the template's slides dropped
    default_types: frozenset               # python-pptx's (extension, content type) `Default`s
    presentation: str                      # part names: presentation.xml (with an empty slide list)
    core: str                              # and core.xml (before the brief's properties)
    notes_master: str
    new_notes_parts: tuple[Part, ...]      # the notes master (and its theme) when the template has none
    notes_head: str
    notes_tail: str
    slide_layouts: dict[str, Any]          # python-pptx's layouts by name, only read (by read_geometry)
    logo: Any = None                       # the theme's Logo, on the cover
    logo_part: Part | None = None


def _ph_attrs(ph: Any) -> tuple[str, str]:
    """Return (type, attribute string) of a clone of layout placeholder `ph` (defaults omitted)."""
    ph_type = ph.get("type", "obj")
    attrs = ""
    if ph_type != "obj":
        attrs += f' type="{ph_type}"'
    idx = int(ph.get("idx", "0"))
    if idx != 0:
        attrs += f' idx="{idx}"'
    if ph.get("orient", "horz") != "horz":
        attrs += f' orient="{ph.get("orient")}"'
    if ph.get("sz", "full") != "full":
        attrs += f' sz="{ph.get("sz")}"'
    return ph_type, attrs


def _placeholder(sp: Any) -> _Placeholder:
    ph = _ph(sp)
    ph_type, attrs = _ph_attrs(ph)
    basename = _PH_BASENAME.get(ph_type, "Placeholder")
    if ph.get("orient") == "vert":
        basename = "Vertical " + basename
    return _Placeholder(int(ph.get("idx", "0")), ph_type, attrs, basename, ph_type in _TEXT_PH_TYPES)


def _read_layout(element: Any, partname: str) -> _SlideLayout:
    cloned = []
    for sp in element.iter(P + "sp"):
        ph = _ph(sp)
        if ph is None or ph.get("type") in ("dt", "ftr", "sldNum"):
            continue
        cloned.append(_placeholder(sp))
    num = _find_ph(element, ph_type="sldNum")
    return _SlideLayout(partname, tuple(cloned), _placeholder(num) if num is not None else None)


def _load_template(path: Path, theme: "Theme | None" = None) -> _DeckTemplate:
    """Open the template with python-pptx and prepare it: theme.yaml's colours and font applied
    (`ooxml.theming`), its own slides dropped, the layouts the deck uses found, and the notes
    slide python-pptx makes for it. Raises |TemplateError| when a layout is missing."""
    from pptx import Presentation
    from pptx.opc.spec import default_content_types

    prs = Presentation(str(path))
    layouts = _layouts(prs, path)
    if theme is not None:
        _apply_theme(prs, theme)
    _remove_slides(prs)
    package = prs.part.package
    core = package.core_properties  # its part; python-pptx adds a default one when the template has none
    # python-pptx keeps the package's own relationships in `_rels` (python-docx: `rels`)
    package_rels, parts = snapshot(package, package._rels)
    # Notes: a slide added now (after the snapshot) shows the notes slide python-pptx makes for
    # this template, and the notes master it adds when the template has none.
    had_master = any(rel.reltype == RT_NOTES_MASTER for rel in prs.part.rels.values())
    notes = prs.slides.add_slide(layouts["Title Only"]).notes_slide
    notes.notes_text_frame.text = _NOTES_MARK
    notes_xml = notes.part.blob.decode("utf-8")
    mark = f"<a:p><a:r><a:t>{_NOTES_MARK}</a:t></a:r></a:p>"
    if mark not in notes_xml:
        raise TemplateError(f"slide template `{path}` has a notes master python-pptx cannot use")
    head, tail = notes_xml.split(mark)
    master = prs.part.part_related_by(RT_NOTES_MASTER)
    new_notes: list[Part] = []
    if not had_master:
        new_notes.append(part_of(master))
        new_notes += [part_of(rel.target_part) for rel in master.rels.values()
                      if not rel.is_external and str(rel.target_part.partname) not in parts]
    return _DeckTemplate(
        path=path,
        layouts={name: _read_layout(layout._element, str(layout.part.partname)) for name, layout in layouts.items()},
        package_rels=package_rels,
        parts=parts,
        default_types=frozenset(default_content_types),
        presentation=str(prs.part.partname),
        core=str(core.partname),
        notes_master=str(master.partname),
        new_notes_parts=tuple(new_notes),
        notes_head=head.split("\n", 1)[1] if head.startswith("<?xml") else head,
        notes_tail=tail,
        slide_layouts=layouts,
        logo=theme.logo if theme is not None else None,
        logo_part=media_part(theme.logo, "/ppt/media") if theme is not None and theme.logo is not None else None,
    )


def _apply_theme(prs: Any, theme: "Theme") -> None:
    """Set each slide master's theme part to theme.yaml's colours and font, and carry its
    masters and layouts along (see `ooxml.theming`)."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    from ..ooxml.theming import apply_to_elements, apply_to_theme_part

    for master in prs.slide_masters:
        try:
            part = master.part.part_related_by(RT.THEME)
        except KeyError:
            continue
        blob, retheme = apply_to_theme_part(part.blob, theme)
        part._blob = blob  # python-pptx keeps a theme as a plain part: its bytes are the part
        apply_to_elements(retheme, [master._element, *(layout._element for layout in master.slide_layouts)])


def _template(theme: "Theme", settings: Settings) -> _DeckTemplate:
    """Return the theme's template, read on first use. Raises |TemplateError| when the file is
    missing, is not a readable PowerPoint presentation, or lacks a required layout."""
    from pptx.exc import PythonPptxError

    path = find_template(theme, settings.template, what="slide template", error=TemplateError)
    from ..ooxml.theming import theme_colors

    return load_template(path, _load_template, theme, what="slide template", kind="PowerPoint presentation",
                         library_error=PythonPptxError, error=TemplateError,
                         key=(tuple(theme_colors(theme).items()), theme.font.office_name, theme.logo))


def _read_geometry(path: Path, tpl: _DeckTemplate, settings: Settings, metrics: Metrics) -> Geometry:
    return read_geometry(tpl.slide_layouts, settings=settings, metrics=metrics)


def _geometry(tpl: _DeckTemplate, settings: Settings, metrics: Metrics) -> Geometry:
    return cached_by_file(tpl.path, _read_geometry, tpl, settings, metrics,
                          key=(settings.body_pt, metrics.line_factor))


def prepare(theme: "Theme") -> None:
    """Read the theme's slide template and fonts ahead of a render (caches only; output unchanged)."""
    try:
        settings = Settings.from_mapping(theme.pptx)
        tpl = _template(theme, settings)
        metrics = Metrics.for_family(theme.font)
        _geometry(tpl, settings, metrics)
    except Exception:  # noqa: BLE001 - render() reports the same problem properly
        return


# ---------------------------------------------------------------- slide XML

_CTRL = re.compile(r"[\x00-\x08\x0B-\x1F]")
_WORD_JOINER = "\u2060"  # no break here, and no width
# Characters after which Unicode's line breaking (UAX #14) allows a break before a number, as
# LibreOffice and Office apply it: an ellipsis, a dash, "!", "?", a closing brace, a bar. After a
# letter, a digit, a full stop, a bracket or a quotation mark it never breaks there.
_BREAK_BEFORE_NUMBER = frozenset("\u2026\u2025\u2014\u2013!?}|")


def _breaks_before_number(ch: str) -> bool:
    return ch in _BREAK_BEFORE_NUMBER


def _esc(text: str) -> str:
    """Return element text as python-pptx stores run text (control characters as _xHHHH_) and lxml writes it."""
    if _CTRL.search(text):
        text = _CTRL.sub(lambda m: "_x%04X_" % ord(m.group(0)), text)
    return esc(text)


def _rgb(hexstr: str) -> str:
    """Return `RRGGBB` as python-pptx writes an RGB colour (upper case; raises ValueError if malformed)."""
    hexstr = hexstr.strip()
    if len(hexstr) != 6:
        raise ValueError(f"not an RGB colour: {hexstr!r}")
    return "%02X%02X%02X" % (int(hexstr[0:2], 16), int(hexstr[2:4], 16), int(hexstr[4:6], 16))


def _sz(size: float) -> int:
    """Return a point size in centipoints as python-pptx's `Pt` and `font.size` store it."""
    return int(size * 12700) // 127


def _fill(color: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{color}"/></a:solidFill>'


class _Slide:
    """One slide being written: shape ids and names, relationships, shapes in tree order."""

    def __init__(self, layout: _SlideLayout, *, lang: str = "en") -> None:
        self.layout = layout
        self.lang = lang  # the brief's language, on every run (screen readers pick their voice by it)
        # (kind, id, xml); kind "title", "deco" (a decoration, written last) or "sp" (content)
        self.shapes: list[tuple[str, int, str]] = []
        self.rels = Rels([Rel("rId1", RT_SLIDE_LAYOUT, layout.partname)])
        self.names: set[str] = set()

    def next_id(self) -> int:
        return max([1] + [sid for _, sid, _ in self.shapes]) + 1

    def add(self, kind: str, sid: int, xml: str) -> None:
        self.shapes.append((kind, sid, xml))

    def link(self, url: str) -> str:
        return self.rels.link(url)


def _run(slide: _Slide, text: str, size: float, *, bold: bool = False, italic: bool = False, sup: bool = False,
         color: str | None = None, href: str | None = None) -> str:
    attrs = f' lang="{attr(slide.lang)}" sz="{_sz(size)}"'
    if bold:
        attrs += ' b="1"'
    if italic:
        attrs += ' i="1"'
    if sup:
        attrs += ' baseline="30000"'
    inner = _fill(color) if color else ""
    if href:
        inner += f'<a:hlinkClick r:id="{slide.link(href)}"/>'
    rpr = f"<a:rPr{attrs}>{inner}</a:rPr>" if inner else f"<a:rPr{attrs}/>"
    return f"<a:r>{rpr}<a:t>{_esc(text)}</a:t></a:r>"


def _runs(slide: _Slide, runs: tuple[Run, ...], *, size: float, colors: dict[str, str], color: str | None = None,
          bold: bool = False, muted: str | None = None) -> str:
    out = []
    for i, r in enumerate(runs):
        c = (muted or colors["muted"]) if r.muted else color
        text = r.text
        if not r.sup and text and i + 1 < len(runs) and runs[i + 1].sup and _breaks_before_number(text[-1]):
            # A marker stays on its word's line, as the measurer counts it: Office and LibreOffice
            # would otherwise break between an ellipsis and a number, leaving the marker alone
            # on a line of its own.
            text += _WORD_JOINER
        out.append(_run(slide, text, size, bold=r.bold or bold, italic=r.italic, sup=r.sup, color=c, href=r.href))
    return "".join(out)


def _ppr(*, margin: Any, indent: Any, space_before: float, line: float, algn: str = "", extra: str = "") -> str:
    a = f' algn="{algn}"' if algn else ""
    return (f'<a:pPr marL="{margin}" indent="{indent}"{a}><a:lnSpc><a:spcPct val="{int(round(line * 100000))}"/>'
            f'</a:lnSpc><a:spcBef><a:spcPts val="{int(round(space_before * 100))}"/></a:spcBef>{extra}</a:pPr>')


def _frame_paras(slide: _Slide, frame: Frame, *, colors: dict[str, str], numbers_accent: bool = False,
                 color: str | None = None, muted: str | None = None) -> str:
    """Return the paragraphs of `frame`: explicit sizes, indents and spacing (see `write_frame`)."""
    out = []
    prev_number = 0
    for para in frame.paras:
        bulleted = para.kind in ("bullet", "number")
        extra = ""
        if para.kind == "number":
            restart = para.number != prev_number + 1
            start = f' startAt="{para.number}"' if restart and para.number != 1 else ""
            clr = f'<a:buClr><a:srgbClr val="{colors["accent"]}"/></a:buClr>' if numbers_accent else ""
            extra = f'{clr}<a:buFont typeface="+mj-lt"/><a:buAutoNum type="arabicPeriod"{start}/>'
            prev_number = para.number
        else:
            prev_number = 0
        if para.kind in ("heading", "plain"):
            extra = "<a:buNone/>"
        ppr = _ppr(margin=frame.margin if bulleted else 0, indent=frame.indent if bulleted else 0,
                   space_before=frame.space_before + (6 if para.kind == "heading" else 0), line=frame.line, extra=extra)
        runs = _runs(slide, para.runs, size=frame.size, colors=colors, muted=muted,
                     color=colors["primary"] if para.kind == "heading" else color)
        out.append(f"<a:p>{ppr}{runs}</a:p>")
    return "".join(out) or "<a:p/>"


def _ph_sp(sid: int, name: str, ph: _Placeholder, body: str | None, box: Box | None = None) -> str:
    sppr = "<p:spPr/>" if box is None else (
        f'<p:spPr><a:xfrm><a:off x="{box.left}" y="{box.top}"/><a:ext cx="{box.width}" cy="{box.height}"/>'
        '</a:xfrm></p:spPr>')
    xml = (f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="{attr(name)}"/><p:cNvSpPr><a:spLocks noGrp="1"/>'
           f'</p:cNvSpPr><p:nvPr><p:ph{ph.ph_attrs}/></p:nvPr></p:nvSpPr>{sppr}')
    if body is not None:
        xml += body
    return xml + "</p:sp>"


def _measured_body(paras: str) -> str:
    return f'<p:txBody><a:bodyPr wrap="square"><a:noAutofit/></a:bodyPr><a:lstStyle/>{paras}</p:txBody>'


def _ph_name(names: set[str], basename: str, sid: int) -> str:
    """Return python-pptx's name for a placeholder clone with id `sid` (unique among `names`)."""
    n = sid - 1
    while f"{basename} {n}" in names:
        n += 1
    return f"{basename} {n}"


def _textbox(slide: _Slide, name: str, box: Box, paras: str, *, anchor: str = "t", measured: bool = False,
             fill: str | None = None) -> None:
    sid = slide.next_id()
    ins = ""
    for key, value, default in (("lIns", box.inset_left, 91440), ("tIns", box.inset_top, 45720),
                                ("rIns", box.inset_right, 91440), ("bIns", box.inset_bottom, 45720)):
        if value != default:
            ins += f' {key}="{value}"'
    fit = "<a:noAutofit/>" if measured else "<a:spAutoFit/>"
    slide.add("sp", sid, (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="{name}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{box.left}" y="{box.top}"/><a:ext cx="{box.width}" cy="{box.height}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{_fill(fill) if fill else "<a:noFill/>"}</p:spPr><p:txBody>'
        f'<a:bodyPr wrap="square"{ins} anchor="{anchor}">{fit}</a:bodyPr><a:lstStyle/>{paras}</p:txBody></p:sp>'))


_SHAPE_STYLE = ('<p:style><a:lnRef idx="1"><a:schemeClr val="accent1"/></a:lnRef><a:fillRef idx="3">'
                '<a:schemeClr val="accent1"/></a:fillRef><a:effectRef idx="2"><a:schemeClr val="accent1"/>'
                '</a:effectRef><a:fontRef idx="minor"><a:schemeClr val="lt1"/></a:fontRef></p:style>'
                '<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/><a:p><a:pPr algn="ctr"/></a:p></p:txBody>')
_LINE_STYLE = ('<p:style><a:lnRef idx="2"><a:schemeClr val="accent1"/></a:lnRef><a:fillRef idx="0">'
               '<a:schemeClr val="accent1"/></a:fillRef><a:effectRef idx="1"><a:schemeClr val="accent1"/>'
               '</a:effectRef><a:fontRef idx="minor"><a:schemeClr val="tx1"/></a:fontRef></p:style>')


# Office's mark for a shape that carries no meaning (a panel, a rule, a timeline tick).
_DECORATIVE = DECORATIVE_EXT


def _plain_shape(slide: _Slide, name: str, prst: str, left: int, top: int, width: int, height: int, *,
                 fill: str | None, line: str | None = None, line_pt: float = 0) -> None:
    sid = slide.next_id()
    fill_xml = _fill(fill) if fill else "<a:noFill/>"
    ln = f'<a:ln w="{int(line_pt * 12700)}">{_fill(line)}</a:ln>' if line else "<a:ln><a:noFill/></a:ln>"
    slide.add("deco", sid, (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="{name}">{_DECORATIVE}</p:cNvPr><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm>'
        f'<a:off x="{left}" y="{top}"/><a:ext cx="{width}" cy="{height}"/></a:xfrm><a:prstGeom prst="{prst}">'
        f'<a:avLst/></a:prstGeom>{fill_xml}{ln}<a:effectLst/></p:spPr>{_SHAPE_STYLE}</p:sp>'))


def _connector(slide: _Slide, name: str, bx: int, by: int, ex: int, ey: int, *, color: str, line_pt: float) -> None:
    sid = slide.next_id()
    flip = (' flipH="1"' if bx > ex else "") + (' flipV="1"' if by > ey else "")
    slide.add("deco", sid, (
        f'<p:cxnSp><p:nvCxnSpPr><p:cNvPr id="{sid}" name="{name}">{_DECORATIVE}</p:cNvPr><p:cNvCxnSpPr/><p:nvPr/></p:nvCxnSpPr>'
        f'<p:spPr><a:xfrm{flip}><a:off x="{min(bx, ex)}" y="{min(by, ey)}"/><a:ext cx="{abs(ex - bx)}" '
        f'cy="{abs(ey - by)}"/></a:xfrm><a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
        f'<a:ln w="{int(line_pt * 12700)}">{_fill(color)}</a:ln></p:spPr>{_LINE_STYLE}</p:cxnSp>'))


_ALIGN = {"right": "r", "center": "ctr"}


def table_alt_text(plan: TablePlan, *, title: str, settings: Settings) -> str:
    """Return a table's alt text in the brief's words: what it is, its size, and its column
    headings (a screen reader announces it before the cells)."""
    heads = [one_line("".join(r.text for r in cell if not r.sup)) for cell in plan.header]
    return describe_table(one_line(plan.caption or title), rows=len(plan.rows), columns=len(plan.col_widths),
                          heads=heads, labels=settings.labels, language=settings.language)


def _write_table(slide: _Slide, plan: TablePlan, *, colors: dict[str, str], settings: Settings, title: str = "") -> None:
    sid = slide.next_id()
    ncols = len(plan.col_widths)
    grid = "".join(f'<a:gridCol w="{w}"/>' for w in plan.col_widths)
    rows = []
    cell_pr = (f'<a:tcPr marL="{CELL_PAD_H}" marR="{CELL_PAD_H}" marT="{CELL_PAD_V}" marB="{CELL_PAD_V}" '
               'anchor="ctr"/>')
    for r, row in enumerate((plan.header,) + plan.rows):
        cells = []
        for c in range(ncols):
            runs = row[c] if c < len(row) else ()
            algn = _ALIGN.get(plan.align[c], "l")
            text = _runs(slide, runs, size=plan.size, colors=colors, bold=(r == 0))
            ppr = f'<a:pPr algn="{algn}"/>' if row[c] else f'<a:pPr algn="{algn}"><a:defRPr sz="{_sz(plan.size)}"/></a:pPr>'
            cells.append(f'<a:tc><a:txBody><a:bodyPr wrap="square"><a:noAutofit/></a:bodyPr><a:lstStyle/>'
                         f'<a:p>{ppr}{text}</a:p></a:txBody>{cell_pr}</a:tc>')
        rows.append(f'<a:tr h="{plan.row_heights[r]}">{"".join(cells)}</a:tr>')
    slide.add("sp", sid, (
        f'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="{sid}" name="Table" descr="{attr(table_alt_text(plan, title=title, settings=settings))}"/><p:cNvGraphicFramePr>'
        f'<a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr><p:xfrm>'
        f'<a:off x="{plan.left}" y="{plan.top}"/><a:ext cx="{sum(plan.col_widths)}" cy="{sum(plan.row_heights)}"/>'
        f'</p:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl>'
        f'<a:tblPr firstRow="1" bandRow="1"><a:tableStyleId>{{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}}</a:tableStyleId>'
        f'</a:tblPr><a:tblGrid>{grid}</a:tblGrid>{"".join(rows)}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>'))


def _write_timeline(slide: _Slide, plan: TimelinePlan, *, colors: dict[str, str], settings: Settings) -> None:
    # The caption shares the entries' size: a slide keeps to three text sizes (title, entries, foot).
    size = plan.items[0].size if plan.items else settings.timeline_pt
    if plan.caption:  # no empty text box: a screen reader would announce it
        caption = _run(slide, plan.caption, size, bold=True, color=colors["primary"])
        _textbox(slide, "Timeline Caption", plan.caption_box, f"<a:p>{caption}</a:p>")
    _connector(slide, "Timeline Line", plan.line_left, plan.line_y, plan.line_right, plan.line_y,
               color=colors["primary"], line_pt=2.5)
    marker = int(0.24 * EMU_PER_IN)
    for k, item in enumerate(plan.items, start=1):
        edge = item.box.top + item.box.height if item.above else item.box.top
        _connector(slide, f"Timeline Tick {k}", item.x, plan.line_y, item.x, edge, color=colors["muted"], line_pt=1)
        _plain_shape(slide, f"Timeline Marker {k}", "ellipse", item.x - marker // 2, plan.line_y - marker // 2,
                     marker, marker, fill=colors["accent"], line="FFFFFF", line_pt=2)
        date = _run(slide, item.date, item.size, bold=True, color=colors["accent"])
        p1 = f'<a:p>{_ppr(margin=0, indent=0, space_before=0, line=1.0, algn="ctr")}{date}</a:p>'
        label = _runs(slide, item.label, size=item.size, colors=colors)
        p2 = f'<a:p>{_ppr(margin=0, indent=0, space_before=2, line=1.0, algn="ctr")}{label}</a:p>'
        _textbox(slide, f"Timeline Entry {k}", item.box, p1 + p2, anchor="b" if item.above else "t")


def _write_takeaways(slide: _Slide, plan: SlidePlan, *, colors: dict[str, str]) -> None:
    assert plan.panel is not None and plan.body is not None
    box = plan.panel
    # The text box is its own light panel, so the accent bar, a decoration written after the
    # content (reading order), can overlap its left inset without covering any text.
    paras = _frame_paras(slide, plan.body, colors=colors, numbers_accent=True, color=colors["text"])
    _textbox(slide, "Takeaways", box, paras, measured=True, fill=colors["light"])
    _plain_shape(slide, "Takeaways Bar", "rect", box.left, box.top, int(0.12 * EMU_PER_IN), box.height,
                 fill=colors["accent"])


def _write_logo(slide: _Slide, tpl: _DeckTemplate, geometry: Geometry) -> None:
    """The theme's logo on the cover: top left, above the title, with its alt text."""
    assert tpl.logo_part is not None
    cx, cy = extent(tpl.logo, max_width=geometry.cover_title.width // 2)
    sid = slide.next_id()
    r_id = slide.rels.add(RT_IMAGE, tpl.logo_part.name)
    slide.add("sp", sid, slide_pic(tpl.logo, sid=sid, r_id=r_id, left=geometry.cover_title.left + geometry.cover_title.inset_left,
                                   top=int(0.5 * EMU_PER_IN), cx=cx, cy=cy))


def _notes_xml(tpl: _DeckTemplate, notes: str) -> bytes:
    paras = []
    for line in notes.split("\n"):
        paras.append(f"<a:p><a:r><a:t>{_esc(line)}</a:t></a:r></a:p>" if line else "<a:p/>")
    return (XML_DECLARATION + tpl.notes_head + "".join(paras) + tpl.notes_tail).encode("utf-8")


def write_slide(tpl: _DeckTemplate, plan: SlidePlan, *, geometry: Geometry, settings: Settings,
                colors: dict[str, str], lang: str = "en", parts: "FigureParts | None" = None) -> _Slide:
    """Return one planned slide: its shapes, in the order python-pptx would have written them.

    A figure's pictures and chart go into `parts` (the deck's, see `figures.FigureParts`).
    """
    layout = tpl.layouts[plan.layout]
    slide = _Slide(layout, lang=lang)
    _write_placeholders(slide, layout, plan, settings=settings, colors=colors)
    if plan.kind == "title" and tpl.logo is not None and tpl.logo_part is not None:
        _write_logo(slide, tpl, geometry)
    if plan.label and plan.label_box is not None:
        # Bottom-aligned like the title, in the accent colour: "this slide is the author's analysis".
        label = _run(slide, plan.label, plan.label_size, bold=True, color=colors["accent"])
        _textbox(slide, "Slide Label", plan.label_box,
                 f'<a:p>{_ppr(margin=0, indent=0, space_before=0, line=1.0, algn="r")}{label}</a:p>',
                 anchor="b", measured=True)
    if plan.kind == "takeaways":
        _write_takeaways(slide, plan, colors=colors)
    elif plan.kind == "table" and plan.table is not None:
        _write_table(slide, plan.table, colors=colors, settings=settings, title=plan.title)
    elif plan.kind == "timeline" and plan.timeline is not None:
        _write_timeline(slide, plan.timeline, colors=colors, settings=settings)
    elif plan.kind == "figure" and plan.figure is not None:
        from .figures import FigureParts, write_figure

        write_figure(slide, plan.figure, parts=parts if parts is not None else FigureParts(tpl.parts), colors=colors)
    if plan.kind != "title":
        _write_foot(slide, layout, plan, geometry=geometry, settings=settings, colors=colors)
    return slide


def _write_placeholders(slide: _Slide, layout: _SlideLayout, plan: SlidePlan, *, settings: Settings,
                        colors: dict[str, str]) -> None:
    """Add the layout's placeholders that the slide fills (the title, the body or the two columns),
    with their layout's names and ids; an empty placeholder is dropped (its id stays unused).
    Raises |TemplateError| when the layout has no title placeholder."""
    cloned = []
    names: set[str] = set()
    for k, ph in enumerate(layout.placeholders):
        sid = k + 2
        name = _ph_name(names, ph.basename, sid)
        names.add(name)
        cloned.append((ph, sid, name))
    title = next((c for c in cloned if c[0].idx == 0), None)
    if title is None:
        raise TemplateError(f"layout `{plan.layout}` has no title placeholder")
    bodies = {0: _measured_body(f"<a:p>{_run(slide, plan.title, plan.title_size)}</a:p>")}
    by_idx: dict[int, tuple[_Placeholder, int, str]] = {}
    for c in cloned:
        by_idx.setdefault(c[0].idx, c)
    if plan.kind == "title" and plan.body is not None:
        if 1 in by_idx:
            # On the navy cover the grey "muted" colour would vanish; use a soft blue-grey.
            bodies[1] = _measured_body(_frame_paras(slide, plan.body, colors=colors,
                                                    muted=_rgb(settings.cover_meta_color)))
    elif plan.kind in ("bullets", "sources", "agenda"):
        if 1 in by_idx and plan.body is not None:
            bodies[1] = _measured_body(_frame_paras(slide, plan.body, colors=colors))
        if 2 in by_idx and plan.body2 is not None and plan.body2.paras:
            bodies[2] = _measured_body(_frame_paras(slide, plan.body2, colors=colors))
    title_sid = title[1]
    for ph, sid, name in cloned:
        if ph.idx not in bodies:
            continue
        slide.names.add(name)
        body = bodies[ph.idx] if by_idx[ph.idx][1] == sid else (
            "<p:txBody><a:bodyPr/><a:lstStyle/><a:p/></p:txBody>" if ph.text else None)
        slide.add("title" if sid == title_sid else "sp", sid,
                  _ph_sp(sid, name, ph, body, plan.title_box if sid == title_sid else None))


def _write_foot(slide: _Slide, layout: _SlideLayout, plan: SlidePlan, *, geometry: Geometry, settings: Settings,
                colors: dict[str, str]) -> None:
    """Add the slide's source line (when it cites notes or is analysis) and the layout's slide number."""
    if plan.foot:
        foot = _run(slide, plan.foot, settings.foot_pt, color=colors["muted"])
        _textbox(slide, "Source Line", geometry.foot, f"<a:p>{foot}</a:p>", anchor="ctr")
    num = layout.slide_number
    if num is not None:
        sid = slide.next_id()
        slide.add("sp", sid, _ph_sp(sid, _ph_name(slide.names, num.basename, sid), num, (
            '<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:fld id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}" '
            f'type="slidenum"><a:rPr lang="{attr(slide.lang)}"/><a:t>\u2039#\u203a</a:t></a:fld></a:p></p:txBody>')))


def _slide_xml(slide: _Slide) -> bytes:
    """Return the slide part. The shape tree is both the drawing order and the order screen
    readers read a slide in: the title first, then the content as written, then the decorations
    (marked decorative, so skipped anyway), which must therefore never sit under text."""
    titles = [xml for kind, _, xml in slide.shapes if kind == "title"]
    decorations = [xml for kind, _, xml in slide.shapes if kind == "deco"]
    content = [xml for kind, _, xml in slide.shapes if kind not in ("title", "deco")]
    body = "".join(titles) + "".join(content) + "".join(decorations)
    return (f'{XML_DECLARATION}<p:sld xmlns:a="{_NS_A}" xmlns:p="{_NS_P}" xmlns:r="{_NS_R}"><p:cSld><p:spTree>'
            f'<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>{body}'
            f'</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>').encode("utf-8")


# ---------------------------------------------------------------- package housekeeping


def _remove_slides(prs: Any) -> None:
    """Drop the template's own slides (their parts become unreachable and are not saved)."""
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        prs.part.drop_rel(sld_id.rId)
        id_list.remove(sld_id)


def _presentation_xml(blob: bytes, slide_rids: list[str], path: Path) -> bytes:
    """Return presentation.xml (`blob`, its slide list empty) listing the slides `slide_rids`."""
    from lxml import etree

    root = etree.fromstring(blob)
    lst = root.find(f"{P}sldIdLst")
    if lst is None:  # python-pptx always leaves one (empty) after dropping the template's slides
        raise TemplateError(f"slide template `{path}` has no slide list")
    for k, rid in enumerate(slide_rids):
        el = etree.SubElement(lst, P + "sldId")
        el.set("id", str(256 + k))
        el.set(f"{{{_NS_R}}}id", rid)
    return etree.tostring(root, encoding="UTF-8", standalone=True)  # type: ignore[no-any-return]


def _package(tpl: _DeckTemplate, slides: list[tuple[bytes, tuple[Rel, ...], str]], brief: Brief,
             extra: dict[str, Part] | None = None) -> bytes:
    """Return the deck's bytes: the template's kept parts plus the slides and their notes (and
    the `extra` parts the slides relate to: figures' pictures, charts and workbooks)."""
    parts = dict(tpl.parts)
    parts.update(extra or {})
    if tpl.logo_part is not None:  # written only when a slide shows it
        parts[tpl.logo_part.name] = tpl.logo_part
    pres = Rels(parts[tpl.presentation].rels)
    slide_rids = []
    notes_n = 0
    master_ready = not tpl.new_notes_parts
    for k, (slide_xml, slide_rels, notes) in enumerate(slides, start=1):
        name = f"/ppt/slides/slide{k}.xml"
        slide_rids.append(pres.add(RT_SLIDE, name))
        rels = Rels(slide_rels)
        if notes:
            if not master_ready:
                pres.add(RT_NOTES_MASTER, tpl.notes_master)
                parts.update((part.name, part) for part in tpl.new_notes_parts)
                master_ready = True
            notes_n += 1
            while f"/ppt/notesSlides/notesSlide{notes_n}.xml" in tpl.parts:
                notes_n += 1
            notes_name = f"/ppt/notesSlides/notesSlide{notes_n}.xml"
            parts[notes_name] = Part(notes_name, CT_PML_NOTES_SLIDE, _notes_xml(tpl, notes),
                                     (Rel("rId1", RT_NOTES_MASTER, tpl.notes_master), Rel("rId2", RT_SLIDE, name)))
            rels.add(RT_NOTES_SLIDE, notes_name)
        parts[name] = Part(name, CT_PML_SLIDE, slide_xml, tuple(rels.items))
    presentation = parts[tpl.presentation]
    parts[tpl.presentation] = Part(presentation.name, presentation.content_type,
                                   _presentation_xml(presentation.blob, slide_rids, tpl.path), tuple(pres.items))
    core = parts[tpl.core]
    parts[tpl.core] = Part(core.name, core.content_type, core_properties(core.blob, brief), core.rels)
    return write_package(tpl.package_rels, parts, default_types=tpl.default_types, in_id_order=True)


# ---------------------------------------------------------------- entry point


def render(brief: Brief, *, theme: "Theme") -> Rendered:
    """Return the deck for `brief` as PPTX bytes, its slide count, and messages on split slides.

    Raises |TemplateError| when the theme's slides.pptx is missing or lacks a required layout.
    """
    settings = replace(Settings.from_mapping(theme.pptx), language=brief.language, labels=brief.labels)
    metrics = Metrics.for_family(theme.font)
    tpl = _template(theme, settings)
    geometry = _geometry(tpl, settings, metrics)
    deck: DeckPlan = plan_deck(brief, settings=settings, geometry=geometry, metrics=metrics)
    colors = {key: _rgb(theme.color(key)) for key in ("muted", "primary", "accent", "light", "text")}
    from .figures import FigureParts

    figure_parts = FigureParts(tpl.parts)
    slides = []
    for plan in deck.slides:  # each slide is serialised at once: its fragments are not kept
        slide = write_slide(tpl, plan, geometry=geometry, settings=settings, colors=colors, lang=brief.language,
                            parts=figure_parts)
        slides.append((_slide_xml(slide), tuple(slide.rels.items), plan.notes))
    data = _package(tpl, slides, brief, figure_parts.parts)
    return Rendered(data=data, pages=len(deck.slides), messages=deck.messages)
