"""Write a planned deck into the theme's slides.pptx, reproducibly.

python-pptx reads the template once per process (cached by path, size and modification time):
layouts, geometry, the serialized parts the deck keeps, and the notes-slide skeleton. Each
render then writes slide XML as text and zips the package itself. The XML is what python-pptx
would write for the same calls (same element order, ids, names and relationship ids), without
its per-call overhead and its scans of the whole package on every new slide.
"""

from __future__ import annotations

import posixpath
import re
import threading
import zipfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...model import Brief
from ...record import record
from .. import Rendered, TemplateError as _TemplateError
from ..ooxml_zip import write_package
from .measure import Metrics
from .plan import (
    CELL_PAD_H, CELL_PAD_V, EMU_PER_IN, Box, DeckPlan, Frame, Geometry, ListStyle, Run, Settings,
    SlidePlan, TablePlan, TimelinePlan, plan_deck,
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

_NS_A = NS["a"]
_NS_P = NS["p"]
_NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_RT_SLIDE = _RT + "slide"
_RT_LAYOUT = _RT + "slideLayout"
_RT_NOTES_SLIDE = _RT + "notesSlide"
_RT_NOTES_MASTER = _RT + "notesMaster"
_RT_HYPERLINK = _RT + "hyperlink"
_CT_SLIDE = "application/vnd.openxmlformats-officedocument.presentationml.slide+xml"
_CT_NOTES_SLIDE = "application/vnd.openxmlformats-officedocument.presentationml.notesSlide+xml"
_XML_HEAD = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_RELS_OPEN = _XML_HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
_NOTES_MARK = "BRIEFGEN-NOTES-MARK"
# python-pptx's base names for placeholders it clones onto a slide, by `p:ph/@type`.
_PH_BASENAME = {
    "clipArt": "ClipArt Placeholder", "body": "Text Placeholder", "ctrTitle": "Title", "chart": "Chart Placeholder",
    "dt": "Date Placeholder", "ftr": "Footer Placeholder", "hdr": "Header Placeholder", "media": "Media Placeholder",
    "obj": "Content Placeholder", "dgm": "SmartArt Placeholder", "pic": "Picture Placeholder",
    "sldNum": "Slide Number Placeholder", "subTitle": "Subtitle", "tbl": "Table Placeholder", "title": "Title",
}
_TEXT_PH_TYPES = ("title", "ctrTitle", "subTitle", "body", "obj")


@record
class _Placeholder:
    """A layout placeholder as python-pptx clones it: its idx, `p:ph` attributes and base name."""

    idx: int
    ph_type: str
    ph_attrs: str
    basename: str
    text: bool


@record
class _Layout:
    partname: str
    placeholders: tuple[_Placeholder, ...]  # cloned onto every new slide, in z-order
    slide_number: _Placeholder | None


@record
class _Part:
    partname: str
    content_type: str
    blob: bytes
    rels: tuple[tuple[str, str, str, str, bool], ...]  # (rId, type, target_ref, target partname or URL, external)
    rels_xml: bytes


@record
class _Template:
    """Everything a render needs from one slides.pptx; immutable, shared between renders."""

    path: Path
    layouts: dict[str, _Layout]
    parts: dict[str, _Part]               # every part the deck keeps, bar the presentation and core parts
    pkg_rels: tuple[tuple[str, str, str, str, bool], ...]
    pkg_rels_xml: bytes
    pres: _Part                            # blob holds presentation.xml with an empty slide list
    core: _Part                            # blob is core.xml before the brief's properties
    defaults_xml: str                      # the `Default` elements of [Content_Types].xml
    overrides: dict[str, str]              # partname -> content type of the kept parts
    notes_master: str                      # partname of the notes master
    new_notes_parts: tuple[_Part, ...]     # the notes master (and its theme) when the template has none
    notes_head: str
    notes_tail: str
    geometry_source: Any                   # (layouts, slide size or None), read (never changed) by read_geometry
    geometries: dict                       # (body_pt, line_factor) -> Geometry, filled under _LOCK


_TEMPLATES: dict[tuple[str, int, int], _Template] = {}
_LOCK = threading.Lock()


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


def _read_layout(element: Any, partname: str) -> _Layout:
    cloned = []
    for sp in element.iter(P + "sp"):
        ph = _ph(sp)
        if ph is None or ph.get("type") in ("dt", "ftr", "sldNum"):
            continue
        cloned.append(_placeholder(sp))
    num = _find_ph(element, ph_type="sldNum")
    return _Layout(partname, tuple(cloned), _placeholder(num) if num is not None else None)


def _part_rels(part: Any) -> tuple[tuple[str, str, str, str, bool], ...]:
    out = []
    for rel in (part.rels if hasattr(part, "rels") else part._rels).values():
        target = rel.target_ref if rel.is_external else str(rel.target_part.partname)
        out.append((rel.rId, rel.reltype, rel.target_ref, target, rel.is_external))
    return tuple(out)


def _snapshot(part: Any) -> _Part:
    rels = _part_rels(part)
    return _Part(str(part.partname), part.content_type, part.blob, rels, part.rels.xml if rels else b"")


def _load_template(path: Path) -> _Template:
    """Read the template with zipfile and lxml; fall back to python-pptx for what that reader
    does not understand (python-pptx then accepts it exactly as before, or raises its error)."""
    try:
        return _read_template(path)
    except TemplateError:
        raise
    except Exception:  # noqa: BLE001 - an unusual template: let python-pptx read (or reject) it
        return _load_template_pptx(path)


def _load_template_pptx(path: Path) -> _Template:
    """Read the template with python-pptx (the reference for `_read_template`)."""
    from pptx import Presentation
    from pptx.opc.serialized import _ContentTypesItem

    prs = Presentation(str(path))
    layouts = _layouts(prs, path)
    _remove_slides(prs)
    prs.core_properties  # python-pptx adds a default core part when the template has none
    package = prs.part.package
    pres_part, core_part = prs.part, package.core_properties
    parts: dict[str, _Part] = {}
    kept = list(package.iter_parts())
    for part in kept:
        if part is pres_part or part is core_part:
            continue
        parts[str(part.partname)] = _snapshot(part)
    pkg_rels = _part_rels(package)
    # Notes: probe a copy of the template for the notes slide python-pptx makes (and its master).
    probe = Presentation(str(path))
    _remove_slides(probe)
    had_master = any(rel.reltype == _RT_NOTES_MASTER for rel in probe.part.rels.values())
    slide = probe.slides.add_slide(_layouts(probe, path)["Title Only"])
    notes = slide.notes_slide
    notes.notes_text_frame.text = _NOTES_MARK
    notes_xml = notes.part.blob.decode("utf-8")
    mark = f"<a:p><a:r><a:t>{_NOTES_MARK}</a:t></a:r></a:p>"
    if mark not in notes_xml:
        raise TemplateError(f"slide template `{path}` has a notes master python-pptx cannot use")
    head, tail = notes_xml.split(mark)
    master_part = probe.part.part_related_by(_RT_NOTES_MASTER)
    new_notes: list[_Part] = []
    if not had_master:
        new_notes.append(_snapshot(master_part))
        for rel in master_part.rels.values():
            if not rel.is_external and str(rel.target_part.partname) not in parts:
                new_notes.append(_snapshot(rel.target_part))
    defaults, overrides = _ContentTypesItem(kept)._defaults_and_overrides
    defaults_xml = "".join(f'<Default Extension="{ext}" ContentType="{ct}"/>' for ext, ct in sorted(defaults.items()))
    return _Template(
        path=path,
        layouts={name: _read_layout(layout._element, str(layout.part.partname)) for name, layout in layouts.items()},
        parts=parts,
        pkg_rels=pkg_rels,
        pkg_rels_xml=package._rels.xml,
        pres=_Part(str(pres_part.partname), pres_part.content_type, pres_part.blob, _part_rels(pres_part), b""),
        core=_Part(str(core_part.partname), core_part.content_type, core_part.blob, (), b""),
        defaults_xml=defaults_xml,
        overrides={str(k): v for k, v in overrides.items()},
        notes_master=str(master_part.partname),
        new_notes_parts=tuple(new_notes),
        notes_head=head.split("\n", 1)[1] if head.startswith("<?xml") else head,
        notes_tail=tail,
        geometry_source=(layouts, None),
        geometries={},
    )



# ---------------------------------------------------------------- reading the template without python-pptx
#
# `_read_template` reads slides.pptx with zipfile and lxml and returns exactly what
# `_load_template_pptx` returns (python-pptx's view of the package: its part graph, its
# re-serialized XML parts, its default core and notes parts, its content types), without
# importing python-pptx (about 50 ms). Whatever it does not understand raises, and
# `_load_template` then lets python-pptx read (or reject) the template as before.

_NS_PR = "http://schemas.openxmlformats.org/package/2006/relationships"
_NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_CT_PML = "application/vnd.openxmlformats-officedocument.presentationml."
_CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
_CT_LAYOUT = _CT_PML + "slideLayout+xml"
_CT_MASTER = _CT_PML + "slideMaster+xml"
_CT_NOTES_MASTER = _CT_PML + "notesMaster+xml"
_CT_THEME = "application/vnd.openxmlformats-officedocument.theme+xml"
# Main-part content types python-pptx's Presentation() accepts, and the types it parses as XML.
_CT_MAIN = (_CT_PML + "presentation.main+xml", "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml")
_CT_XML_PARTS = frozenset(_CT_MAIN + (
    _CT_PML + "template.main+xml", _CT_PML + "slideshow.main+xml", _CT_CORE, _CT_NOTES_MASTER, _CT_NOTES_SLIDE,
    _CT_SLIDE, _CT_LAYOUT, _CT_MASTER, "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"))
# python-pptx's `opc.spec.default_content_types`: (extension, type) pairs written as `Default`.
_CT_DEFAULTS = frozenset([
    ("bin", _CT_PML + "printerSettings"),
    ("bin", "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings"),
    ("bin", "application/vnd.openxmlformats-officedocument.wordprocessingml.printerSettings"),
    ("bmp", "image/bmp"), ("emf", "image/x-emf"), ("fntdata", "application/x-fontdata"), ("gif", "image/gif"),
    ("jpe", "image/jpeg"), ("jpeg", "image/jpeg"), ("jpg", "image/jpeg"), ("mov", "video/quicktime"),
    ("mp4", "video/mp4"), ("mpg", "video/mpeg"), ("png", "image/png"),
    ("rels", "application/vnd.openxmlformats-package.relationships+xml"), ("tif", "image/tiff"),
    ("tiff", "image/tiff"), ("vid", "video/unknown"), ("wdp", "image/vnd.ms-photo"), ("wmf", "image/x-wmf"),
    ("wmv", "video/x-ms-wmv"), ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("xml", "application/xml"),
])
_RT_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_RT_OFFICE_DOCUMENT = _RT + "officeDocument"
_RT_SLIDE_MASTER = _RT + "slideMaster"
_RT_THEME = _RT + "theme"
_PH_TYPES = frozenset(("body", "chart", "clipArt", "ctrTitle", "dgm", "dt", "ftr", "hdr", "media", "obj", "pic",
                       "sldImg", "sldNum", "subTitle", "tbl", "title"))
_SHAPE_TAGS = (P + "sp", P + "grpSp", P + "graphicFrame", P + "cxnSp", P + "pic")
# python-pptx's templates/notes.xml (a new notes slide, before the master's placeholders are cloned).
_NOTES_XML = (
    f'<p:notes xmlns:a="{_NS_A}" xmlns:p="{_NS_P}" xmlns:r="{_NS_R}"><p:cSld><p:spTree><p:nvGrpSpPr>'
    '<p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="0"/>'
    '<a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr></p:spTree>'
    '</p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>')
_NOTES_BASENAME = {"sldImg": "Slide Image Placeholder", "body": "Notes Placeholder", "sldNum": "Slide Number Placeholder"}
_CORE_NS = {"cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/"}
_XSI = "{http://www.w3.org/2001/XMLSchema-instance}"

_Rel = tuple[str, str, str, str, bool]  # (rId, type, target_ref, target partname or URL, external)


class _Unsupported(Exception):
    """The template is valid for python-pptx in a way `_read_template` does not reproduce."""


def _xml_parser() -> Any:
    """Return a parser like python-pptx's (no blank text, no entities); lxml parsers are per thread."""
    from lxml import etree

    return etree.XMLParser(remove_blank_text=True, resolve_entities=False)


def _serialize(root: Any) -> bytes:
    from lxml import etree

    return etree.tostring(root, encoding="UTF-8", standalone=True)


def _target_ref(partname: str, base: str) -> str:
    return partname[1:] if base == "/" else posixpath.relpath(partname, base)


def _rels_path(partname: str) -> str:
    base, name = posixpath.split(partname)
    return posixpath.join(base, "_rels", name + ".rels")


def _next_rid(rels: dict[str, _Rel]) -> str:
    for n in range(len(rels) + 1, 0, -1):
        if f"rId{n}" not in rels:
            return f"rId{n}"
    raise _Unsupported("no free relationship id")


def _only(rels: dict[str, _Rel], rtype: str) -> _Rel | None:
    found = [rel for rel in rels.values() if rel[1] == rtype]
    if len(found) > 1:
        raise _Unsupported(f"several relationships of type {rtype}")
    return found[0] if found else None


class _SrcPart:
    """One part as python-pptx loads it: XML parts parsed (and later re-serialized), others raw."""

    __slots__ = ("partname", "content_type", "raw", "root", "rels")

    def __init__(self, partname: str, content_type: str, raw: bytes, root: Any) -> None:
        self.partname = partname
        self.content_type = content_type
        self.raw = raw
        self.root = root
        self.rels: dict[str, _Rel] = {}

    @property
    def blob(self) -> bytes:
        return self.raw if self.root is None else _serialize(self.root)


class _Master:
    __slots__ = ("_element",)

    def __init__(self, element: Any) -> None:
        self._element = element


class _LayoutView:
    """What `read_geometry` reads of a python-pptx slide layout: name, element, slide master element."""

    __slots__ = ("name", "_element", "slide_master")

    def __init__(self, name: str, element: Any, master: Any) -> None:
        self.name = name
        self._element = element
        self.slide_master = _Master(master)


def _core_child(root: Any, prefix: str, name: str) -> Any:
    """Return the first `prefix:name` child of core properties `root`, appended if missing (as python-pptx)."""
    from lxml import etree

    tag = f"{{{_CORE_NS[prefix]}}}{name}"
    el = root.find(tag)
    if el is None:
        el = etree.Element(tag, nsmap={prefix: _CORE_NS[prefix]})
        root.append(el)
    return el


def _core_date(root: Any, name: str, stamp: datetime) -> None:
    el = _core_child(root, "dcterms", name)
    el.text = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    # python-pptx's way of declaring xsi on the root element rather than on each child.
    root.set(_XSI + "foo", "bar")
    el.set(_XSI + "type", "dcterms:W3CDTF")
    del root.attrib[_XSI + "foo"]


def _default_core(parser: Any) -> Any:
    """Return python-pptx's default core properties (`CorePropertiesPart.default`); the date is replaced later."""
    from lxml import etree

    decls = " ".join(f'xmlns:{k}="{v}"' for k, v in _CORE_NS.items())
    root = etree.fromstring(f"<cp:coreProperties {decls}/>\n", parser)
    _core_child(root, "dc", "title").text = "PowerPoint Presentation"
    _core_child(root, "cp", "lastModifiedBy").text = "python-pptx"
    _core_child(root, "cp", "revision").text = "1"
    _core_date(root, "modified", datetime(2000, 1, 1))
    return root


def _pptx_template_file(name: str) -> bytes:
    """Return one of python-pptx's own template files (without importing python-pptx)."""
    import importlib.util

    spec = importlib.util.find_spec("pptx")
    if spec is None or not spec.submodule_search_locations:
        raise _Unsupported("python-pptx is not installed")
    return (Path(list(spec.submodule_search_locations)[0]) / "templates" / name).read_bytes()


def _notes_skeleton(master: Any, parser: Any) -> tuple[str, str]:
    """Return the notes slide python-pptx makes from notes master `master`, split where the notes go."""
    from lxml import etree

    notes = etree.fromstring(_NOTES_XML, parser)
    tree = notes.find(f"{P}cSld/{P}spTree")
    master_tree = master.find(f"{P}cSld/{P}spTree")
    if master_tree is None:
        raise _Unsupported("notes master without a shape tree")
    body = None
    for shape in master_tree.iterchildren():
        if shape.tag == P + "contentPart":
            raise _Unsupported("content part on the notes master")
        if shape.tag not in _SHAPE_TAGS:
            continue
        found = shape.xpath("./*[1]/p:nvPr/p:ph", namespaces=NS)
        if not found:
            continue
        ph = found[0]
        ph_type = ph.get("type", "obj")
        orient, sz, idx = ph.get("orient", "horz"), ph.get("sz", "full"), int(ph.get("idx", "0"))
        if ph_type not in _PH_TYPES or orient not in ("horz", "vert") or sz not in ("full", "half", "quarter") \
                or not 0 <= idx <= 4294967295:
            raise _Unsupported("unknown placeholder on the notes master")
        if ph_type not in _NOTES_BASENAME:
            continue
        ids = [int(v) for v in notes.xpath("//@id") if v.isdigit()]
        sid = (max(ids) if ids else 0) + 1
        basename = ("Vertical " if orient == "vert" else "") + _NOTES_BASENAME[ph_type]
        names = notes.xpath("//p:cNvPr/@name", namespaces=NS)
        n = sid - 1
        while f"{basename} {n}" in names:
            n += 1
        sp = etree.fromstring(
            f'<p:sp xmlns:a="{_NS_A}" xmlns:p="{_NS_P}"><p:nvSpPr><p:cNvPr id="{sid}" name="{basename} {n}"/>'
            '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr/></p:nvSpPr><p:spPr/></p:sp>', parser)
        new_ph = etree.SubElement(sp.find(f"{P}nvSpPr/{P}nvPr"), P + "ph")
        if ph_type != "obj":
            new_ph.set("type", ph_type)
        if idx != 0:
            new_ph.set("idx", str(idx))
        if orient != "horz":
            new_ph.set("orient", orient)
        if sz != "full":
            new_ph.set("sz", sz)
        if ph_type == "body":
            sp.append(etree.fromstring(
                f'<p:txBody xmlns:a="{_NS_A}" xmlns:p="{_NS_P}"><a:bodyPr/><a:lstStyle/><a:p/></p:txBody>', parser))
        tree.append(sp)
        if ph_type == "body" and body is None:
            body = sp.find(P + "txBody")
    if body is None:
        raise _Unsupported("notes master without a body placeholder")
    for p in body.findall(A + "p"):
        body.remove(p)
    etree.SubElement(etree.SubElement(etree.SubElement(body, A + "p"), A + "r"), A + "t").text = _NOTES_MARK
    notes_xml = _serialize(notes).decode("utf-8")
    head, tail = notes_xml.split(f"<a:p><a:r><a:t>{_NOTES_MARK}</a:t></a:r></a:p>")
    return (head.split("\n", 1)[1] if head.startswith("<?xml") else head), tail


def _read_template(path: Path) -> _Template:
    """Read slides.pptx as python-pptx would (see `_load_template_pptx`), with zipfile and lxml only."""
    from lxml import etree

    parser = _xml_parser()
    with zipfile.ZipFile(path) as z:
        blobs = {"/" + name: z.read(name) for name in z.namelist()}
    types = etree.fromstring(blobs["/[Content_Types].xml"], parser)
    overrides = {el.attrib["PartName"].lower(): el.attrib["ContentType"] for el in types.iterchildren(f"{{{_NS_CT}}}Override")}
    defaults = {el.attrib["Extension"].lower(): el.attrib["ContentType"] for el in types.iterchildren(f"{{{_NS_CT}}}Default")}

    def xml_rels(partname: str) -> list[tuple[str, str, str, bool]]:
        blob = blobs.get(_rels_path(partname))
        if blob is None:
            return []
        out = []
        for el in etree.fromstring(blob, parser).iterchildren(f"{{{_NS_PR}}}Relationship"):
            mode = el.get("TargetMode", "Internal")
            if mode not in ("Internal", "External"):
                raise _Unsupported("unknown target mode")
            out.append((el.attrib["Id"], el.attrib["Type"], el.attrib["Target"], mode == "External"))
        return out

    # The part graph python-pptx loads: every part reachable from the package's relationships.
    graph: dict[str, list[tuple[str, str, str, bool]]] = {}

    def walk(source: str) -> None:
        rels = graph[source] = xml_rels(source)
        base = posixpath.split(source)[0]
        for _, _, ref, external in rels:
            if not external:
                target = posixpath.abspath(posixpath.join(base, ref))
                if target not in graph:
                    walk(target)

    walk("/")
    parts: dict[str, _SrcPart] = {}
    for partname in graph:
        if partname == "/" or partname not in blobs:
            continue
        ext = posixpath.splitext(partname)[1]
        ext = ext[1:] if ext.startswith(".") else ext
        if partname.lower() in overrides:
            content_type = overrides[partname.lower()]
        elif ext.lower() in defaults:
            content_type = defaults[ext.lower()]
        else:
            raise _Unsupported(f"no content type for {partname}")
        raw = blobs[partname]
        root = etree.fromstring(raw, parser) if content_type in _CT_XML_PARTS else None
        parts[partname] = _SrcPart(partname, content_type, raw, root)

    def valid_rels(source: str) -> dict[str, _Rel]:
        base = posixpath.split(source)[0]
        out: dict[str, _Rel] = {}
        for rid, rtype, ref, external in graph[source]:
            if external:
                out[rid] = (rid, rtype, ref, ref, True)
                continue
            target = posixpath.abspath(posixpath.join(base, ref))
            if target in parts:
                out[rid] = (rid, rtype, _target_ref(target, base), target, False)
        return out

    for part in parts.values():
        part.rels = valid_rels(part.partname)
    pkg_rels = valid_rels("/")

    def related(source: dict[str, _Rel], rid: str | None, content_type: str | None = None) -> _SrcPart:
        rel = source[rid] if rid is not None else None
        if rel is None or rel[4] or (content_type is not None and parts[rel[3]].content_type != content_type):
            raise _Unsupported("unexpected relationship target")
        return parts[rel[3]]

    main = _only(pkg_rels, _RT_OFFICE_DOCUMENT)
    if main is None or main[4] or parts[main[3]].content_type not in _CT_MAIN:
        raise _Unsupported("no PowerPoint main part")
    pres = parts[main[3]]
    rid_attr = f"{{{_NS_R}}}id"

    # Layouts by name, as `prs.slide_layouts` (the first slide master's) lists them.
    masters = pres.root.find(P + "sldMasterIdLst")
    first = masters.findall(P + "sldMasterId")[0] if masters is not None else None
    if first is None:
        raise _Unsupported("no slide master")
    master = related(pres.rels, first.get(rid_attr), _CT_MASTER)
    found: dict[str, _SrcPart] = {}
    layout_list = master.root.find(P + "sldLayoutIdLst")
    for layout_id in (layout_list.findall(P + "sldLayoutId") if layout_list is not None else ()):
        layout = related(master.rels, layout_id.get(rid_attr), _CT_LAYOUT)
        csld = layout.root.find(P + "cSld")
        if csld is None:
            raise _Unsupported("layout without cSld")
        found[csld.get("name", "")] = layout
    for name in REQUIRED_LAYOUTS:
        if name not in found:
            raise TemplateError(f"slide template `{path}` has no layout named `{name}`")

    # Drop the template's own slides (`_remove_slides`).
    slide_list = pres.root.find(P + "sldIdLst")
    if slide_list is None:  # python-pptx adds one, before `p:sldSz` or `p:notesSz`
        slide_list = etree.Element(P + "sldIdLst", nsmap={"p": _NS_P})
        successor = next((el for el in (pres.root.find(P + "sldSz"), pres.root.find(P + "notesSz"))
                          if el is not None), None)
        if successor is not None:
            successor.addprevious(slide_list)
        else:
            pres.root.append(slide_list)
    renamed = set()
    for sld_id in list(slide_list):
        if sld_id.tag != P + "sldId":
            raise _Unsupported("unexpected element in the slide list")
        rid = sld_id.get(rid_attr)
        renamed.add(related(pres.rels, rid).partname)
        if pres.root.xpath("//@r:id", namespaces={"r": _NS_R}).count(rid) >= 2:
            raise _Unsupported("slide referenced twice")
        del pres.rels[rid]
        slide_list.remove(sld_id)

    # The core properties part, python-pptx's default one when the template has none.
    core_rel = _only(pkg_rels, _RT_CORE)
    if core_rel is None:
        if "/docProps/core.xml" in parts:
            raise _Unsupported("core part without relationship")
        core = _SrcPart("/docProps/core.xml", _CT_CORE, b"", _default_core(parser))
        rid = _next_rid(pkg_rels)
        pkg_rels[rid] = (rid, _RT_CORE, "docProps/core.xml", core.partname, False)
        parts[core.partname] = core
    else:
        core = related(pkg_rels, core_rel[0])

    # The parts python-pptx keeps, in its order (a depth-first walk of the relationships).
    kept: list[_SrcPart] = []
    seen: set[str] = set()

    def keep(rels: dict[str, _Rel]) -> None:
        for rel in rels.values():
            if rel[4] or rel[3] in seen:
                continue
            seen.add(rel[3])
            kept.append(parts[rel[3]])
            keep(parts[rel[3]].rels)

    keep(pkg_rels)
    if renamed & seen:
        raise _Unsupported("a slide stays in the package")

    def snapshot(part: _SrcPart) -> _Part:
        rels = tuple(part.rels.values())
        return _Part(part.partname, part.content_type, part.blob, rels, _rels_xml(list(rels)) if rels else b"")

    kept_parts = {p.partname: snapshot(p) for p in kept if p is not pres and p is not core}
    ct_defaults = {"rels": "application/vnd.openxmlformats-package.relationships+xml", "xml": "application/xml"}
    ct_overrides: dict[str, str] = {}
    for part in kept:
        ext = posixpath.splitext(part.partname)[1]
        ext = ext[1:] if ext.startswith(".") else ext
        if (ext.lower(), part.content_type) in _CT_DEFAULTS:
            ct_defaults[ext.lower()] = part.content_type
        else:
            ct_overrides[part.partname] = part.content_type

    # Notes: the notes master (python-pptx's default one, with its theme, if the template has none).
    master_rel = _only(pres.rels, _RT_NOTES_MASTER)
    new_notes: list[_Part] = []
    if master_rel is not None:
        notes_master = related(pres.rels, master_rel[0], _CT_NOTES_MASTER)
        notes_root = notes_master.root
        notes_master_name = notes_master.partname
    else:
        notes_root = etree.fromstring(_pptx_template_file("notesMaster.xml"), parser)
        notes_master_name = "/ppt/notesMasters/notesMaster1.xml"
        themes = {p.partname for p in kept if p.partname.startswith("/ppt/theme/theme")}
        theme = next(f"/ppt/theme/theme{n}.xml" for n in range(len(themes) + 1, 0, -1)
                     if f"/ppt/theme/theme{n}.xml" not in themes)
        rels = (("rId1", _RT_THEME, _target_ref(theme, posixpath.split(notes_master_name)[0]), theme, False),)
        new_notes.append(_Part(notes_master_name, _CT_NOTES_MASTER, _serialize(notes_root), rels, _rels_xml(list(rels))))
        theme_root = etree.fromstring(_pptx_template_file("theme.xml"), parser)
        new_notes.append(_Part(theme, _CT_THEME, _serialize(theme_root), (), b""))
    notes_head, notes_tail = _notes_skeleton(notes_root, parser)

    # Geometry: the layouts and their own slide masters, and the slide size.
    views = {}
    for name, layout in found.items():
        rel = _only(layout.rels, _RT_SLIDE_MASTER)
        if rel is None:
            raise _Unsupported("layout without slide master")
        views[name] = _LayoutView(name, layout.root, related(layout.rels, rel[0], _CT_MASTER).root)
    size = pres.root.find(P + "sldSz")
    if size is None:
        raise _Unsupported("no slide size")
    slide_size = (int(size.attrib["cx"]), int(size.attrib["cy"]))

    pkg = tuple(pkg_rels.values())
    return _Template(
        path=path,
        layouts={name: _read_layout(layout.root, layout.partname) for name, layout in found.items()},
        parts=kept_parts,
        pkg_rels=pkg,
        pkg_rels_xml=_rels_xml(list(pkg)),
        pres=_Part(pres.partname, pres.content_type, pres.blob, tuple(pres.rels.values()), b""),
        core=_Part(core.partname, core.content_type, core.blob, (), b""),
        defaults_xml="".join(f'<Default Extension="{ext}" ContentType="{ct}"/>' for ext, ct in sorted(ct_defaults.items())),
        overrides=ct_overrides,
        notes_master=notes_master_name,
        new_notes_parts=tuple(new_notes),
        notes_head=notes_head,
        notes_tail=notes_tail,
        geometry_source=(views, slide_size),
        geometries={},
    )


def _template(theme: "Theme", settings: Settings) -> _Template:
    """Return the theme's template, read on first use (raises |TemplateError| as `open_template`)."""
    path = theme.folder / settings.template
    try:
        st = path.stat()
    except OSError:
        st = None
    if st is None or not path.is_file():
        raise TemplateError(f"slide template `{path}` is missing")
    key = (str(path), st.st_mtime_ns, st.st_size)
    with _LOCK:
        found = _TEMPLATES.get(key)
        if found is None:
            found = _TEMPLATES[key] = _load_template(path)
    return found


def _geometry(tpl: _Template, settings: Settings, metrics: Metrics) -> Geometry:
    key = (settings.body_pt, metrics.line_factor)
    with _LOCK:
        geometry = tpl.geometries.get(key)
        if geometry is None:
            geometry = tpl.geometries[key] = read_geometry(tpl.geometry_source[0], settings=settings, metrics=metrics,
                                                              slide_size=tpl.geometry_source[1])
    return geometry


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


def _esc(text: str) -> str:
    """Return element text as python-pptx stores run text (control characters as _xHHHH_) and lxml writes it."""
    if _CTRL.search(text):
        text = _CTRL.sub(lambda m: "_x%04X_" % ord(m.group(0)), text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _esc_attr(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            .replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;"))


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

    def __init__(self, layout: _Layout) -> None:
        self.layout = layout
        self.shapes: list[tuple[str, int, str]] = []  # (kind, id, xml); kind "sp", "cxn" or "title"
        self.rels: list[tuple[str, str, str, str, bool]] = [("rId1", _RT_LAYOUT, "", layout.partname, False)]
        self.names: set[str] = set()

    def next_id(self) -> int:
        return max([1] + [sid for _, sid, _ in self.shapes]) + 1

    def add(self, kind: str, sid: int, xml: str) -> None:
        self.shapes.append((kind, sid, xml))

    def link(self, url: str) -> str:
        for rid, rtype, _, target, external in self.rels:
            if external and rtype == _RT_HYPERLINK and target == url:
                return rid
        rid = f"rId{len(self.rels) + 1}"
        self.rels.append((rid, _RT_HYPERLINK, url, url, True))
        return rid


def _run(slide: _Slide, text: str, size: float, *, bold: bool = False, italic: bool = False, sup: bool = False,
         color: str | None = None, href: str | None = None) -> str:
    attrs = f' sz="{_sz(size)}"'
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
    for r in runs:
        c = (muted or colors["muted"]) if r.muted else color
        out.append(_run(slide, r.text, size, bold=r.bold or bold, italic=r.italic, sup=r.sup, color=c, href=r.href))
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


def _ph_sp(sid: int, name: str, ph: _Placeholder, body: str | None) -> str:
    xml = (f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="{_esc_attr(name)}"/><p:cNvSpPr><a:spLocks noGrp="1"/>'
           f'</p:cNvSpPr><p:nvPr><p:ph{ph.ph_attrs}/></p:nvPr></p:nvSpPr><p:spPr/>')
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


def _textbox(slide: _Slide, name: str, box: Box, paras: str, *, anchor: str = "t", measured: bool = False) -> None:
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
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr><p:txBody>'
        f'<a:bodyPr wrap="square"{ins} anchor="{anchor}">{fit}</a:bodyPr><a:lstStyle/>{paras}</p:txBody></p:sp>'))


_SHAPE_STYLE = ('<p:style><a:lnRef idx="1"><a:schemeClr val="accent1"/></a:lnRef><a:fillRef idx="3">'
                '<a:schemeClr val="accent1"/></a:fillRef><a:effectRef idx="2"><a:schemeClr val="accent1"/>'
                '</a:effectRef><a:fontRef idx="minor"><a:schemeClr val="lt1"/></a:fontRef></p:style>'
                '<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/><a:p><a:pPr algn="ctr"/></a:p></p:txBody>')
_LINE_STYLE = ('<p:style><a:lnRef idx="2"><a:schemeClr val="accent1"/></a:lnRef><a:fillRef idx="0">'
               '<a:schemeClr val="accent1"/></a:fillRef><a:effectRef idx="1"><a:schemeClr val="accent1"/>'
               '</a:effectRef><a:fontRef idx="minor"><a:schemeClr val="tx1"/></a:fontRef></p:style>')


def _plain_shape(slide: _Slide, name: str, prst: str, left: int, top: int, width: int, height: int, *,
                 fill: str | None, line: str | None = None, line_pt: float = 0) -> None:
    sid = slide.next_id()
    fill_xml = _fill(fill) if fill else "<a:noFill/>"
    ln = f'<a:ln w="{int(line_pt * 12700)}">{_fill(line)}</a:ln>' if line else "<a:ln><a:noFill/></a:ln>"
    slide.add("sp", sid, (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="{name}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm>'
        f'<a:off x="{left}" y="{top}"/><a:ext cx="{width}" cy="{height}"/></a:xfrm><a:prstGeom prst="{prst}">'
        f'<a:avLst/></a:prstGeom>{fill_xml}{ln}<a:effectLst/></p:spPr>{_SHAPE_STYLE}</p:sp>'))


def _connector(slide: _Slide, name: str, bx: int, by: int, ex: int, ey: int, *, color: str, line_pt: float) -> None:
    sid = slide.next_id()
    flip = (' flipH="1"' if bx > ex else "") + (' flipV="1"' if by > ey else "")
    slide.add("cxn", sid, (
        f'<p:cxnSp><p:nvCxnSpPr><p:cNvPr id="{sid}" name="{name}"/><p:cNvCxnSpPr/><p:nvPr/></p:nvCxnSpPr>'
        f'<p:spPr><a:xfrm{flip}><a:off x="{min(bx, ex)}" y="{min(by, ey)}"/><a:ext cx="{abs(ex - bx)}" '
        f'cy="{abs(ey - by)}"/></a:xfrm><a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
        f'<a:ln w="{int(line_pt * 12700)}">{_fill(color)}</a:ln></p:spPr>{_LINE_STYLE}</p:cxnSp>'))


_ALIGN = {"right": "r", "center": "ctr"}


def _write_table(slide: _Slide, plan: TablePlan, *, colors: dict[str, str]) -> None:
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
        f'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="{sid}" name="Table"/><p:cNvGraphicFramePr>'
        f'<a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr><p:xfrm>'
        f'<a:off x="{plan.left}" y="{plan.top}"/><a:ext cx="{sum(plan.col_widths)}" cy="{sum(plan.row_heights)}"/>'
        f'</p:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl>'
        f'<a:tblPr firstRow="1" bandRow="1"><a:tableStyleId>{{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}}</a:tableStyleId>'
        f'</a:tblPr><a:tblGrid>{grid}</a:tblGrid>{"".join(rows)}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>'))


def _write_timeline(slide: _Slide, plan: TimelinePlan, *, colors: dict[str, str], settings: Settings) -> None:
    caption = _run(slide, plan.caption, settings.min_body_pt, bold=True, color=colors["primary"])
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
    _plain_shape(slide, "Takeaways Panel", "rect", box.left, box.top, box.width, box.height, fill=colors["light"])
    _plain_shape(slide, "Takeaways Bar", "rect", box.left, box.top, int(0.12 * EMU_PER_IN), box.height,
                 fill=colors["accent"])
    paras = _frame_paras(slide, plan.body, colors=colors, numbers_accent=True, color=colors["text"])
    _textbox(slide, "Takeaways", box, paras, measured=True)


def _notes_xml(tpl: _Template, notes: str) -> bytes:
    paras = []
    for line in notes.split("\n"):
        paras.append(f"<a:p><a:r><a:t>{_esc(line)}</a:t></a:r></a:p>" if line else "<a:p/>")
    return (_XML_HEAD + tpl.notes_head + "".join(paras) + tpl.notes_tail).encode("utf-8")


def write_slide(tpl: _Template, plan: SlidePlan, *, geometry: Geometry, settings: Settings,
                colors: dict[str, str]) -> _Slide:
    """Return one planned slide: its shapes, in the order python-pptx would have written them."""
    layout = tpl.layouts[plan.layout]
    slide = _Slide(layout)
    cloned = []
    names: set[str] = set()
    for k, ph in enumerate(layout.placeholders):
        sid = k + 2
        name = _ph_name(names, ph.basename, sid)
        names.add(name)
        cloned.append((ph, sid, name))
    bodies: dict[int, str] = {}
    title_size = plan.title_size
    title = next((c for c in cloned if c[0].idx == 0), None)
    if title is None:
        raise TemplateError(f"layout `{plan.layout}` has no title placeholder")
    bodies[0] = _measured_body(f"<a:p>{_run(slide, plan.title, title_size)}</a:p>")
    by_idx = {}
    for c in cloned:
        by_idx.setdefault(c[0].idx, c)
    if plan.kind == "title" and plan.body is not None:
        if 1 in by_idx:
            # On the navy cover the grey "muted" colour would vanish; use a soft blue-grey.
            bodies[1] = _measured_body(_frame_paras(slide, plan.body, colors=colors,
                                                    muted=_rgb(settings.cover_meta_color)))
    elif plan.kind in ("bullets", "sources"):
        if 1 in by_idx and plan.body is not None:
            bodies[1] = _measured_body(_frame_paras(slide, plan.body, colors=colors))
        if 2 in by_idx and plan.body2 is not None and plan.body2.paras:
            bodies[2] = _measured_body(_frame_paras(slide, plan.body2, colors=colors))
    title_sid = title[1]
    for ph, sid, name in cloned:
        if ph.idx not in bodies:
            continue  # an empty placeholder is dropped (its id stays unused)
        slide.names.add(name)
        body = bodies[ph.idx] if by_idx[ph.idx][1] == sid else (
            "<p:txBody><a:bodyPr/><a:lstStyle/><a:p/></p:txBody>" if ph.text else None)
        slide.add("title" if sid == title_sid else "sp", sid, _ph_sp(sid, name, ph, body))
    if plan.kind == "takeaways":
        _write_takeaways(slide, plan, colors=colors)
    elif plan.kind == "table" and plan.table is not None:
        _write_table(slide, plan.table, colors=colors)
    elif plan.kind == "timeline" and plan.timeline is not None:
        _write_timeline(slide, plan.timeline, colors=colors, settings=settings)
    if plan.kind != "title":
        if plan.foot:
            foot = _run(slide, plan.foot, settings.foot_pt, color=colors["muted"])
            _textbox(slide, "Source Line", geometry.foot, f"<a:p>{foot}</a:p>", anchor="ctr")
        num = layout.slide_number
        if num is not None:
            sid = slide.next_id()
            slide.add("sp", sid, _ph_sp(sid, _ph_name(slide.names, num.basename, sid), num, (
                '<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:fld id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}" '
                'type="slidenum"><a:rPr lang="en-US"/><a:t>\u2039#\u203a</a:t></a:fld></a:p></p:txBody>')))
    return slide


def _slide_xml(slide: _Slide) -> bytes:
    """Return the slide part: title first (screen readers' reading order), connectors behind the rest."""
    titles = [xml for kind, _, xml in slide.shapes if kind == "title"]
    cxns = [xml for kind, _, xml in slide.shapes if kind == "cxn"]
    rest = [xml for kind, _, xml in slide.shapes if kind == "sp"]
    body = "".join(titles) + "".join(reversed(cxns)) + "".join(rest)
    return (f'{_XML_HEAD}<p:sld xmlns:a="{_NS_A}" xmlns:p="{_NS_P}" xmlns:r="{_NS_R}"><p:cSld><p:spTree>'
            f'<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>{body}'
            f'</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>').encode("utf-8")


# ---------------------------------------------------------------- package housekeeping


def _remove_slides(prs: Any) -> None:
    """Drop the template's own slides (their parts become unreachable and are not saved)."""
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        prs.part.drop_rel(sld_id.rId)
        id_list.remove(sld_id)


def _rid_num(rid: str) -> int:
    return int(rid[3:]) if rid.startswith("rId") and rid[3:].isdigit() else 0


def _rels_xml(rels: list[tuple[str, str, str, str, bool]]) -> bytes:
    out = [_RELS_OPEN]
    for rid, rtype, ref, _, external in sorted(rels, key=lambda r: (_rid_num(r[0]), r[0])):
        mode = ' TargetMode="External"' if external else ""
        out.append(f'<Relationship Id="{rid}" Type="{rtype}" Target="{_esc_attr(ref)}"{mode}/>')
    out.append("</Relationships>")
    return "".join(out).encode("utf-8")


def _ref(source: str, target: str) -> str:
    """Return `target`'s partname relative to the folder of part `source` (as python-pptx's target_ref)."""
    return posixpath.relpath(target, posixpath.dirname(source))


class _RelList:
    """A part's relationships in insertion order, numbered as python-pptx numbers new ones."""

    def __init__(self, rels: tuple[tuple[str, str, str, str, bool], ...]) -> None:
        self.rels = list(rels)
        self.ids = {r[0] for r in rels}

    def add(self, source: str, rtype: str, target: str) -> str:
        for n in range(len(self.rels) + 1, 0, -1):
            rid = f"rId{n}"
            if rid not in self.ids:
                break
        self.rels.append((rid, rtype, _ref(source, target), target, False))
        self.ids.add(rid)
        return rid


def _properties(tpl: _Template, brief: Brief) -> bytes:
    """Return core.xml with the brief's properties, set as python-pptx's CorePropertiesPart sets them."""
    from lxml import etree

    from .plan import one_line

    root = etree.fromstring(tpl.core.blob, _xml_parser())
    stamp = datetime(max(brief.date.year, 1980), brief.date.month or 1, brief.date.day or 1, 12, 0, 0)
    for prefix, name, value in (
        ("dc", "title", one_line(brief.title)[:255]),
        ("dc", "subject", one_line(brief.subtitle)[:255]),
        ("dc", "creator", one_line(brief.author)[:255]),
        ("cp", "keywords", one_line(", ".join(brief.keywords))[:255]),
        ("dc", "language", one_line(brief.language)[:64]),
        ("cp", "lastModifiedBy", one_line(brief.generator)[:255]),
        ("dc", "description", ""),
        ("cp", "category", ""),
    ):
        _core_child(root, prefix, name).text = value
    _core_date(root, "created", stamp)
    _core_date(root, "modified", stamp)
    _core_child(root, "cp", "revision").text = "1"
    return _serialize(root)


def _presentation_xml(tpl: _Template, slide_rids: list[str]) -> bytes:
    from lxml import etree

    root = etree.fromstring(tpl.pres.blob)
    lst = root.find(f"{P}sldIdLst")
    if lst is None:  # python-pptx always leaves one (empty) after dropping the template's slides
        raise TemplateError(f"slide template `{tpl.path}` has no slide list")
    for k, rid in enumerate(slide_rids):
        el = etree.SubElement(lst, P + "sldId")
        el.set("id", str(256 + k))
        el.set(f"{{{_NS_R}}}id", rid)
    return etree.tostring(root, encoding="UTF-8", standalone=True)


def _package(tpl: _Template, slides: list[tuple[bytes, tuple[Any, ...], str]], brief: Brief) -> bytes:
    """Return the deck's bytes: the template's kept parts plus the slides (XML, relationships)
    and their notes."""
    parts: dict[str, tuple[bytes, bytes]] = {}  # partname -> (blob, rels xml)
    rels_of: dict[str, list[tuple[str, str, str, str, bool]]] = {}
    overrides = dict(tpl.overrides)
    pres = _RelList(tpl.pres.rels)
    slide_rids = []
    taken = set(tpl.parts) | {tpl.pres.partname, tpl.core.partname}
    notes_n = 0
    master_ready = not tpl.new_notes_parts
    for k, (slide_xml, slide_rels, notes) in enumerate(slides, start=1):
        name = f"/ppt/slides/slide{k}.xml"
        slide_rids.append(pres.add(tpl.pres.partname, _RT_SLIDE, name))
        rels = [(rid, rtype, _ref(name, target) if not ext else ref, target, ext)
                for rid, rtype, ref, target, ext in slide_rels]
        if notes:
            if not master_ready:
                pres.add(tpl.pres.partname, _RT_NOTES_MASTER, tpl.notes_master)
                for part in tpl.new_notes_parts:
                    parts[part.partname] = (part.blob, part.rels_xml)
                    rels_of[part.partname] = list(part.rels)
                    overrides[part.partname] = part.content_type
                master_ready = True
            notes_n += 1
            while f"/ppt/notesSlides/notesSlide{notes_n}.xml" in taken:
                notes_n += 1
            notes_name = f"/ppt/notesSlides/notesSlide{notes_n}.xml"
            notes_rels = [("rId1", _RT_NOTES_MASTER, _ref(notes_name, tpl.notes_master), tpl.notes_master, False),
                          ("rId2", _RT_SLIDE, _ref(notes_name, name), name, False)]
            parts[notes_name] = (_notes_xml(tpl, notes), _rels_xml(notes_rels))
            rels_of[notes_name] = notes_rels
            overrides[notes_name] = _CT_NOTES_SLIDE
            rels.append((f"rId{len(rels) + 1}", _RT_NOTES_SLIDE, _ref(name, notes_name), notes_name, False))
        parts[name] = (slide_xml, _rels_xml(rels))
        rels_of[name] = rels
        overrides[name] = _CT_SLIDE
    for part in tpl.parts.values():
        parts[part.partname] = (part.blob, part.rels_xml)
        rels_of[part.partname] = list(part.rels)
    parts[tpl.pres.partname] = (_presentation_xml(tpl, slide_rids), _rels_xml(pres.rels))
    rels_of[tpl.pres.partname] = pres.rels
    parts[tpl.core.partname] = (_properties(tpl, brief), b"")
    rels_of[tpl.core.partname] = []

    types = [_XML_HEAD, '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">',
             tpl.defaults_xml]
    types += [f'<Override PartName="{_esc_attr(n)}" ContentType="{ct}"/>' for n, ct in sorted(overrides.items())]
    types.append("</Types>")
    entries = [("[Content_Types].xml", "".join(types).encode("utf-8")), ("_rels/.rels", tpl.pkg_rels_xml)]
    # Parts in python-pptx's order: a depth-first walk of the relationships from the package's.
    visited: set[str] = set()
    stack = [iter(tpl.pkg_rels)]
    while stack:
        rel = next(stack[-1], None)
        if rel is None:
            stack.pop()
            continue
        if rel[4] or rel[3] in visited or rel[3] not in parts:
            continue
        visited.add(rel[3])
        blob, rels_xml = parts[rel[3]]
        member = rel[3].lstrip("/")
        entries.append((member, blob))
        if rels_of[rel[3]]:
            folder, base = posixpath.split(member)
            entries.append((posixpath.join(folder, "_rels", base + ".rels"), rels_xml))
        stack.append(iter(rels_of[rel[3]]))
    return write_package(entries, date=brief.date)


# ---------------------------------------------------------------- entry point


def open_template(theme: "Theme", settings: Settings) -> tuple[Any, dict[str, Any], Path]:
    """Return the template presentation (python-pptx), its layouts by name, and its path.

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
    tpl = _template(theme, settings)
    geometry = _geometry(tpl, settings, metrics)
    deck: DeckPlan = plan_deck(brief, settings=settings, geometry=geometry, metrics=metrics)
    colors = {key: _rgb(theme.color(key)) for key in ("muted", "primary", "accent", "light", "text")}
    slides = []
    for plan in deck.slides:  # each slide is serialised at once: its fragments are not kept
        slide = write_slide(tpl, plan, geometry=geometry, settings=settings, colors=colors)
        slides.append((_slide_xml(slide), tuple(slide.rels), plan.notes))
    data = _package(tpl, slides, brief)
    return Rendered(data=data, pages=len(deck.slides), messages=deck.messages)
