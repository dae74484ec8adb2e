"""Build templates/default/slides.pptx from python-pptx's default template, themed from theme.yaml.

Run `python templates/default/make_slides_pptx.py`; the output is byte-identical for the same
python-pptx template and theme.yaml, so the committed file can always be rebuilt and compared.

What it changes: 16:9 slide size; theme colours from theme.yaml and Calibri as the theme fonts;
a left-aligned navy title with a short accent rule under it on the master; a hairline above the
foot of the slide; bullets in the accent colour; slide numbers bottom right; a navy full-bleed
"Title Slide" and "Section Header". Every other layout is only widened to 16:9.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
A = "{%s}" % NS["a"]
P = "{%s}" % NS["p"]
IN = 914400
WIDTH, HEIGHT = 12192000, 6858000
OLD_WIDTH = 9144000
MARGIN = int(0.6 * IN)
CONTENT_W = WIDTH - 2 * MARGIN
FOOT_Y = int(6.58 * IN)
FOOT_H = int(0.36 * IN)


def emu(inches: float) -> int:
    return int(round(inches * IN))


def x(xml: str) -> etree._Element:
    """Parse an XML fragment written with the a:/p: prefixes."""
    wrapped = f'<root xmlns:a="{NS["a"]}" xmlns:p="{NS["p"]}" xmlns:r="{NS["r"]}">{xml}</root>'
    return etree.fromstring(wrapped)[0]


def set_xfrm(sp: etree._Element, left: int, top: int, width: int, height: int) -> None:
    sppr = sp.find("p:spPr", NS)
    xfrm = sppr.find("a:xfrm", NS)
    if xfrm is None:
        xfrm = etree.SubElement(sppr, A + "xfrm")
        sppr.insert(0, xfrm)
    for child in list(xfrm):
        xfrm.remove(child)
    etree.SubElement(xfrm, A + "off", x=str(left), y=str(top))
    etree.SubElement(xfrm, A + "ext", cx=str(width), cy=str(height))


def drop_xfrm(sp: etree._Element) -> None:
    """Let the placeholder inherit its position from the master."""
    xfrm = sp.find("p:spPr/a:xfrm", NS)
    if xfrm is not None:
        xfrm.getparent().remove(xfrm)


def widen(root: etree._Element) -> None:
    """Scale horizontal positions from 4:3 to 16:9 so untouched layouts still fill the slide."""
    for off in root.iter(A + "off"):
        off.set("x", str(round(int(off.get("x")) * WIDTH / OLD_WIDTH)))
    for ext in root.iter(A + "ext"):
        if ext.get("cx") is not None:
            ext.set("cx", str(round(int(ext.get("cx")) * WIDTH / OLD_WIDTH)))


def placeholder(tree: etree._Element, ph_type: str | None, idx: str | None = None) -> etree._Element | None:
    for sp in tree.iter(P + "sp"):
        ph = sp.find("p:nvSpPr/p:nvPr/p:ph", NS)
        if ph is None:
            continue
        if ph_type is not None and ph.get("type", "obj") != ph_type:
            continue
        if idx is not None and ph.get("idx", "0") != idx:
            continue
        return sp
    return None


def body_props(sp: etree._Element, **attrs: str) -> etree._Element:
    """Replace the placeholder's bodyPr with one that never auto-fits (the renderer measures)."""
    tx = sp.find("p:txBody", NS)
    old = tx.find("a:bodyPr", NS)
    new = etree.Element(A + "bodyPr", **attrs)
    etree.SubElement(new, A + "noAutofit")
    tx.replace(old, new)
    return new


def set_lststyle(sp: etree._Element, xml: str) -> None:
    tx = sp.find("p:txBody", NS)
    old = tx.find("a:lstStyle", NS)
    tx.replace(old, x(xml))


def rect(shape_id: int, name: str, left: int, top: int, width: int, height: int, color: str) -> etree._Element:
    return x(
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{left}" y="{top}"/><a:ext cx="{width}" cy="{height}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="{color}"/></a:solidFill>'
        f'<a:ln><a:noFill/></a:ln></p:spPr>'
        f'<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody></p:sp>'
    )


def background(color: str) -> etree._Element:
    return x(f'<p:bg><p:bgPr><a:solidFill><a:srgbClr val="{color}"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>')


def theme_xml(data: bytes, colors: dict[str, str]) -> bytes:
    root = etree.fromstring(data)
    root.set("name", "briefgen")
    scheme = root.find("a:themeElements/a:clrScheme", NS)
    scheme.set("name", "briefgen")
    wanted = {
        "dk1": colors["text"], "lt1": "FFFFFF", "dk2": colors["primary"], "lt2": colors["light"],
        "accent1": colors["primary"], "accent2": colors["accent"], "accent3": colors["muted"],
        "accent4": "4E7FA8", "accent5": "8AA9C8", "accent6": "D9A441",
        "hlink": colors["primary"], "folHlink": colors["muted"],
    }
    for key, value in wanted.items():
        slot = scheme.find("a:" + key, NS)
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, A + "srgbClr", val=value)
    fonts = root.find("a:themeElements/a:fontScheme", NS)
    fonts.set("name", "briefgen")
    for which in ("a:majorFont", "a:minorFont"):
        fonts.find(which + "/a:latin", NS).set("typeface", "Calibri")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def master_xml(data: bytes, colors: dict[str, str]) -> bytes:
    root = etree.fromstring(data)
    widen(root)
    tree = root.find("p:cSld/p:spTree", NS)
    title = placeholder(tree, "title")
    set_xfrm(title, MARGIN, emu(0.3), CONTENT_W, emu(0.95))
    body_props(title, vert="horz", lIns="91440", tIns="45720", rIns="91440", bIns="45720", rtlCol="0", anchor="b")
    body = placeholder(tree, "body")
    set_xfrm(body, MARGIN, emu(1.55), CONTENT_W, emu(4.85))
    body_props(body, vert="horz", lIns="91440", tIns="45720", rIns="91440", bIns="45720", rtlCol="0")
    for ph_type in ("dt", "ftr"):
        sp = placeholder(tree, ph_type)
        set_xfrm(sp, MARGIN, FOOT_Y, emu(2.5), FOOT_H)
    num = placeholder(tree, "sldNum")
    set_xfrm(num, WIDTH - MARGIN - emu(1.2), FOOT_Y, emu(1.2), FOOT_H)
    set_lststyle(num, f'<a:lstStyle><a:lvl1pPr algn="r"><a:defRPr sz="1100"><a:solidFill><a:srgbClr val="{colors["muted"]}"/></a:solidFill></a:defRPr></a:lvl1pPr></a:lstStyle>')
    # Decoration: the accent rule under the title and a hairline above the foot line. They sit
    # after the placeholders so the title stays first in reading order.
    tree.append(rect(7, "Accent Rule", MARGIN + emu(0.1), emu(1.3), emu(0.9), emu(0.055), colors["accent"]))
    tree.append(rect(8, "Foot Rule", MARGIN, FOOT_Y - emu(0.06), CONTENT_W, 9525, "D9DEE5"))

    styles = root.find("p:txStyles", NS)
    styles.replace(styles.find("p:titleStyle", NS), x(
        '<p:titleStyle><a:lvl1pPr algn="l" defTabSz="457200" rtl="0" eaLnBrk="1" latinLnBrk="0" hangingPunct="1">'
        '<a:lnSpc><a:spcPct val="90000"/></a:lnSpc><a:spcBef><a:spcPct val="0"/></a:spcBef><a:buNone/>'
        f'<a:defRPr sz="3200" b="1" kern="1200"><a:solidFill><a:srgbClr val="{colors["primary"]}"/></a:solidFill>'
        '<a:latin typeface="+mj-lt"/><a:ea typeface="+mj-ea"/><a:cs typeface="+mj-cs"/></a:defRPr></a:lvl1pPr></p:titleStyle>'
    ))
    levels = []
    for lvl in range(1, 10):
        marl = 320040 + (lvl - 1) * 365760
        indent = -320040 if lvl == 1 else -274320
        size = {1: 2400, 2: 2000}.get(lvl, 1800)
        char = "\u2013" if lvl % 2 == 0 else "\u2022"
        levels.append(
            f'<a:lvl{lvl}pPr marL="{marl}" indent="{indent}" algn="l" defTabSz="457200" rtl="0" eaLnBrk="1" latinLnBrk="0" hangingPunct="1">'
            '<a:lnSpc><a:spcPct val="100000"/></a:lnSpc><a:spcBef><a:spcPts val="1000"/></a:spcBef>'
            f'<a:buClr><a:srgbClr val="{colors["accent"]}"/></a:buClr><a:buFont typeface="Arial"/><a:buChar char="{char}"/>'
            f'<a:defRPr sz="{size}" kern="1200"><a:solidFill><a:schemeClr val="tx1"/></a:solidFill>'
            '<a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/></a:defRPr></a:lvl' + str(lvl) + 'pPr>'
        )
    styles.replace(styles.find("p:bodyStyle", NS), x("<p:bodyStyle>" + "".join(levels) + "</p:bodyStyle>"))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def cover_layout(root: etree._Element, colors: dict[str, str], *, title_type: str, body_idx: str, title_sz: int) -> None:
    """Restyle a layout as a navy full-bleed cover: white title bottom-left over an accent rule."""
    csld = root.find("p:cSld", NS)
    csld.insert(0, background(colors["primary"]))
    root.set("showMasterSp", "0")
    tree = csld.find("p:spTree", NS)
    title = placeholder(tree, title_type)
    set_xfrm(title, emu(0.9), emu(1.7), WIDTH - emu(1.8), emu(2.4))
    body_props(title, anchor="b")
    set_lststyle(title, f'<a:lstStyle><a:lvl1pPr algn="l"><a:defRPr sz="{title_sz}" b="1"><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill></a:defRPr></a:lvl1pPr></a:lstStyle>')
    body = placeholder(tree, None, body_idx)
    set_xfrm(body, emu(0.9), emu(4.5), WIDTH - emu(1.8), emu(1.7))
    body_props(body, anchor="t")
    set_lststyle(body, f'<a:lstStyle><a:lvl1pPr marL="0" indent="0" algn="l"><a:spcBef><a:spcPts val="600"/></a:spcBef><a:buNone/><a:defRPr sz="2000"><a:solidFill><a:srgbClr val="{colors["light"]}"/></a:solidFill></a:defRPr></a:lvl1pPr></a:lstStyle>')
    tree.append(rect(20, "Accent Rule", emu(1.0), emu(4.25), emu(1.2), emu(0.07), colors["accent"]))
    num = placeholder(tree, "sldNum")
    if num is not None:
        drop_xfrm(num)
        set_lststyle(num, f'<a:lstStyle><a:lvl1pPr algn="r"><a:defRPr sz="1100"><a:solidFill><a:srgbClr val="{colors["light"]}"/></a:solidFill></a:defRPr></a:lvl1pPr></a:lstStyle>')
    for ph_type in ("dt", "ftr"):
        sp = placeholder(tree, ph_type)
        if sp is not None:
            drop_xfrm(sp)


def layout_xml(data: bytes, colors: dict[str, str]) -> bytes:
    root = etree.fromstring(data)
    name = root.find("p:cSld", NS).get("name")
    widen(root)
    tree = root.find("p:cSld/p:spTree", NS)
    if name == "Title Slide":
        cover_layout(root, colors, title_type="ctrTitle", body_idx="1", title_sz=4000)
    elif name == "Section Header":
        cover_layout(root, colors, title_type="title", body_idx="1", title_sz=3600)
    elif name in ("Title and Content", "Title Only", "Two Content", "Blank"):
        # These inherit every position from the master (the renderer resolves the chain).
        for sp in tree.iter(P + "sp"):
            if sp.find("p:nvSpPr/p:nvPr/p:ph", NS) is not None:
                drop_xfrm(sp)
        if name == "Two Content":
            gap = emu(0.35)
            half = (CONTENT_W - gap) // 2
            set_xfrm(placeholder(tree, None, "1"), MARGIN, emu(1.55), half, emu(4.85))
            set_xfrm(placeholder(tree, None, "2"), MARGIN + half + gap, emu(1.55), half, emu(4.85))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def presentation_xml(data: bytes) -> bytes:
    root = etree.fromstring(data)
    size = root.find("p:sldSz", NS)
    size.set("cx", str(WIDTH))
    size.set("cy", str(HEIGHT))
    size.attrib.pop("type", None)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    '<dc:title>briefgen slides</dc:title><cp:revision>1</cp:revision>'
    '<dcterms:created xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:modified>'
    '</cp:coreProperties>'
)
APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    '<Application>briefgen</Application><PresentationFormat>Widescreen</PresentationFormat></Properties>'
)


def build(colors: dict[str, str]) -> bytes:
    """Return the bytes of the themed template."""
    import pptx

    from briefgen.render.ooxml.zip import write_zip

    src_path = Path(pptx.__file__).parent / "templates" / "default.pptx"
    src = zipfile.ZipFile(src_path)
    entries = []
    for name in src.namelist():
        data = src.read(name)
        if name == "docProps/thumbnail.jpeg":
            continue  # the stock thumbnail shows someone else's slide
        if name == "_rels/.rels":
            root = etree.fromstring(data)
            for rel in list(root):
                if rel.get("Target", "").endswith("thumbnail.jpeg"):
                    root.remove(rel)
            data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        elif name == "[Content_Types].xml":
            root = etree.fromstring(data)
            for item in list(root):
                if item.get("Extension") == "jpeg":
                    root.remove(item)
            data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        elif name == "ppt/theme/theme1.xml":
            data = theme_xml(data, colors)
        elif name == "ppt/slideMasters/slideMaster1.xml":
            data = master_xml(data, colors)
        elif name.startswith("ppt/slideLayouts/slideLayout") and name.endswith(".xml"):
            data = layout_xml(data, colors)
        elif name == "ppt/presentation.xml":
            data = presentation_xml(data)
        elif name == "docProps/core.xml":
            data = CORE.encode()
        elif name == "docProps/app.xml":
            data = APP.encode()
        entries.append((name, data))
    return write_zip(entries)


def main() -> int:
    sys.path.insert(0, str(HERE.parent.parent))
    from briefgen.theme import load_theme

    theme = load_theme(HERE.name, root=HERE.parent)
    colors = {k: theme.color(k) for k in ("primary", "accent", "text", "muted", "light")}
    target = HERE / "slides.pptx"
    target.write_bytes(build(colors))
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
