"""One theme file drives all three formats at build time (issue 19): a theme in the project folder
restyles the PDF, the DOCX's styles and Office theme, and the deck's theme part, with no script
rerun; its paper size reaches the DOCX."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from helpers_project import copy_mini, edit

from briefgen.cli import main

BRAND = {"primary": "5B2A86", "accent": "B03A2E", "text": "1A1A1A", "muted": "595959", "light": "F3EEF8"}
DEFAULT = {"primary": "1F3A5F", "accent": "C55038", "text": "222222", "muted": "6B7280", "light": "EEF2F7"}
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _project(tmp_path: Path, *, letter: bool = False, font: str = "Georgia") -> Path:
    """Return a copy of the mini project using its own theme `brand` (colours, office font, paper)."""
    root = copy_mini(tmp_path)
    assert main(["theme", "new", "brand", "--root", str(root)]) == 0
    theme = root / "templates" / "brand" / "theme.yaml"
    for key, value in BRAND.items():
        edit(theme, f'  {key}: "{DEFAULT[key]}"', f'  {key}: "{value}"')
    edit(theme, "office_name: Calibri", f"office_name: {font}")
    if letter:
        edit(theme, "page_size: a4", "page_size: letter")
    edit(root / "briefs" / "council.yaml", "theme: default", "theme: brand")
    return root


def _build(root: Path, out: Path) -> dict[str, Path]:
    outline = root / "briefs" / "council.yaml"
    assert main(["build", str(outline), "--root", str(root), "-o", str(out), "-j", "1"]) == 0
    return {fmt: out / f"council.{fmt}" for fmt in ("pdf", "docx", "pptx")}


@pytest.fixture(scope="module")
def brand(tmp_path_factory):
    root = _project(tmp_path_factory.mktemp("brand"), letter=True)
    return root, _build(root, tmp_path_factory.mktemp("out"))


def _read(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(name).decode("utf-8")


def _pdf_colours(path: Path) -> set[str]:
    import pypdf

    out = set()
    for page in pypdf.PdfReader(path).pages:
        data = page.get_contents().get_data().decode("latin-1")
        for r, g, b in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG)\b", data):
            out.add("".join(f"{round(float(c) * 255):02X}" for c in (r, g, b)))
    return out


def test_the_pdf_prints_the_project_theme_colours(brand):
    _, files = brand
    colours = _pdf_colours(files["pdf"])
    assert {BRAND["primary"], BRAND["text"]} <= colours
    assert not {DEFAULT["primary"], DEFAULT["text"]} & colours


def test_the_docx_styles_and_office_theme_take_the_theme_colours_and_font(brand):
    _, files = brand
    styles = _read(files["docx"], "word/styles.xml")
    theme = _read(files["docx"], "word/theme/theme1.xml")
    for role in ("primary", "accent", "text", "muted", "light"):
        assert BRAND[role] in styles or role == "accent" and BRAND[role] in theme, role
        assert DEFAULT[role] not in styles, role
    assert f'<w:color w:val="{BRAND["primary"]}"/>' in styles  # the headings
    assert f'w:fill="{BRAND["light"]}"' in styles  # the key-takeaways box
    for slot, role in (("dk1", "text"), ("dk2", "primary"), ("lt2", "light"), ("accent2", "accent"),
                       ("accent3", "muted")):
        assert re.search(rf'<a:{slot}>\s*<a:srgbClr val="{BRAND[role]}"/>', theme), slot
    assert re.search(r'<a:majorFont>\s*<a:latin typeface="Georgia"', theme)
    assert re.search(r'<a:minorFont>\s*<a:latin typeface="Georgia"', theme)


def test_the_deck_theme_part_and_master_take_the_theme_colours_and_font(brand):
    from lxml import etree

    _, files = brand
    with zipfile.ZipFile(files["pptx"]) as z:
        theme = etree.fromstring(z.read("ppt/theme/theme1.xml"))
        master = z.read("ppt/slideMasters/slideMaster1.xml").decode("utf-8")
        layouts = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("ppt/slideLayouts/s"))
    scheme = theme.find(f"{A}themeElements/{A}clrScheme")
    got = {slot: scheme.find(f"{A}{slot}/{A}srgbClr").get("val") for slot in ("dk1", "dk2", "lt2", "accent1",
                                                                              "accent2", "accent3", "hlink")}
    assert got == {"dk1": BRAND["text"], "dk2": BRAND["primary"], "lt2": BRAND["light"], "accent1": BRAND["primary"],
                   "accent2": BRAND["accent"], "accent3": BRAND["muted"], "hlink": BRAND["primary"]}
    fonts = theme.find(f"{A}themeElements/{A}fontScheme")
    assert [fonts.find(f"{A}{k}/{A}latin").get("typeface") for k in ("majorFont", "minorFont")] == ["Georgia"] * 2
    # the master's title colour and accent rule, the cover's navy band: recoloured by role
    assert BRAND["primary"] in master and BRAND["accent"] in master and BRAND["primary"] in layouts
    assert not {DEFAULT["primary"], DEFAULT["accent"]} & set(re.findall(r'srgbClr val="(\w+)"', master + layouts))


def test_letter_paper_and_the_margins_reach_the_docx(brand):
    _, files = brand
    document = _read(files["docx"], "word/document.xml")
    sizes = re.findall(r"<w:pgSz [^>]*>", document)
    assert sizes and all('w:w="12240"' in s and 'w:h="15840"' in s for s in sizes)
    margins = re.findall(r"<w:pgMar [^>]*>", document)
    assert margins and all('w:left="1417"' in m and 'w:top="1247"' in m for m in margins)  # 25 and 22 mm


def test_a_theme_rebuild_is_byte_identical(brand, tmp_path):
    root, files = brand
    again = _build(root, tmp_path / "again")
    for fmt, path in files.items():
        assert again[fmt].read_bytes() == path.read_bytes(), fmt


def test_the_default_theme_leaves_its_templates_as_they_are():
    """theme.yaml and the shipped templates agree, so applying it changes nothing in them."""
    import docx
    import pptx
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    from briefgen.render.ooxml.theming import apply_to_theme_part
    from briefgen.theme import TEMPLATES, load_theme

    theme = load_theme("default")
    reference = docx.Document(str(TEMPLATES / "default" / "reference.docx"))
    part = reference.part.part_related_by(RT.THEME)
    blob, retheme = apply_to_theme_part(part.blob, theme)
    assert blob is part.blob and not retheme
    deck = pptx.Presentation(str(TEMPLATES / "default" / "slides.pptx"))
    part = deck.slide_master.part.part_related_by(RT.THEME)
    blob, retheme = apply_to_theme_part(part.blob, theme)
    assert blob is part.blob and not retheme


def test_template_colours_that_are_not_theme_colours_stay(tmp_path):
    """A reference restyled by hand keeps its own colours: only the role colours are mapped."""
    from lxml import etree

    from briefgen.render.ooxml.theming import Retheme

    root = etree.fromstring(
        '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:style><w:rPr><w:color w:val="1f3a5f"/></w:rPr></w:style>'
        '<w:style><w:rPr><w:color w:val="123456"/></w:rPr><w:pPr><w:shd w:fill="EEF2F7"/>'
        '<w:pBdr><w:left w:val="single" w:color="C55038"/></w:pBdr></w:pPr></w:style></w:styles>')
    assert Retheme({"1F3A5F": "5B2A86", "EEF2F7": "F3EEF8", "C55038": "B03A2E"}, {}).apply(root)
    xml = etree.tostring(root).decode()
    assert 'w:val="5B2A86"' in xml and 'w:val="123456"' in xml and 'w:fill="F3EEF8"' in xml
    assert 'w:color="B03A2E"' in xml
