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


# ---------------------------------------------------------------- the logo


def png(width: int, height: int, rgb: tuple[int, int, int] = (240, 180, 40)) -> bytes:
    """Return a PNG of `width` x `height` pixels: `rgb` with a white band across the middle."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + (bytes((255, 255, 255)) if height // 3 <= y < 2 * height // 3 else bytes(rgb)) * width
                    for y in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


ALT = "Harbour Trust logo"


@pytest.fixture(scope="module")
def logo(tmp_path_factory):
    root = _project(tmp_path_factory.mktemp("logo"))
    (root / "templates" / "brand" / "logo.png").write_bytes(png(300, 100))
    theme = root / "templates" / "brand" / "theme.yaml"
    theme.write_text(theme.read_text(encoding="utf-8") + f'logo: {{file: logo.png, alt: "{ALT}", height_mm: 14}}\n',
                     encoding="utf-8")
    return root, _build(root, tmp_path_factory.mktemp("out"))


def test_the_logo_is_on_the_pdf_masthead_as_a_figure_with_alt_text(logo):
    import pikepdf

    _, files = logo
    with pikepdf.open(files["pdf"]) as pdf:
        first = pdf.pages[0]
        images = [k for k, v in first.Resources.XObject.items() if v.Subtype == "/Image"]
        assert len(images) == 1
        figures = [el for el in pdf.objects if isinstance(el, pikepdf.Dictionary) and el.get("/S") == "/Figure"]
        assert [str(f.Alt) for f in figures] == [ALT]
        drawn = [f"{images[0]} Do".encode() in page.Contents.read_bytes() for page in pdf.pages]
        assert drawn == [True] + [False] * (len(drawn) - 1)  # page 1 only


def test_the_logo_heads_the_docx_title_block_with_alt_text(logo):
    import docx

    _, files = logo
    document = docx.Document(str(files["docx"]))
    first = document.paragraphs[0]._p
    doc_pr = first.find(".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
    assert doc_pr is not None and doc_pr.get("descr") == ALT
    assert document.paragraphs[1].style.name == "Title"
    shape = document.inline_shapes[0]
    assert abs(shape.height - 14 * 36000) < 100 and abs(shape.width - 3 * shape.height) < 100
    assert document.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed in document.part.rels
    with zipfile.ZipFile(files["docx"]) as z:
        assert z.read("word/media/logo.png") == png(300, 100)


def test_the_logo_is_on_the_deck_cover_only_with_alt_text(logo):
    import pptx

    _, files = logo
    deck = pptx.Presentation(str(files["pptx"]))
    pictures = [(k, sh) for k, slide in enumerate(deck.slides) for sh in slide.shapes if sh.shape_type == 13]
    assert [k for k, _ in pictures] == [0]
    descr = pictures[0][1]._element.find(".//{http://schemas.openxmlformats.org/presentationml/2006/main}cNvPr")
    assert descr.get("descr") == ALT
    shapes = list(deck.slides[0].shapes)
    assert shapes[0].is_placeholder and shapes[0].placeholder_format.type in (1, 3)  # the title first


def test_a_logo_rebuild_is_byte_identical_and_the_check_passes(logo, tmp_path, capsys):
    from briefgen.checks.accessibility import check_file

    root, files = logo
    again = _build(root, tmp_path / "again")
    for fmt, path in files.items():
        assert again[fmt].read_bytes() == path.read_bytes(), fmt
        report = check_file(fmt, path.name, path.read_bytes(), language="en")
        assert not report.failed, report.failed


@pytest.mark.parametrize(("value", "message"), [
    ("{file: nothing.png, alt: Logo}", "logo file `nothing.png` is missing"),
    ("{file: theme.yaml, alt: Logo}", "logo file `theme.yaml` is not a PNG or JPEG picture"),
    ("{file: logo.svg, alt: Logo}", "SVG logos are not supported yet"),
    ("{file: logo.png}", "`logo` is missing `alt`"),
    ('{file: logo.png, alt: "  "}', "`logo.alt` is empty"),
    ("{file: logo.png, alt: Logo, size: 3}", "unknown key `size` in `logo`"),
    ("{file: ../../README.md, alt: Logo}", "is outside the theme folder"),
    ("{file: broken.png, alt: Logo}", "logo file `broken.png` is a broken or oversized PNG"),
    ("logo.png", "`logo` must be a mapping"),
])
def test_a_bad_logo_is_a_located_error_from_check(tmp_path, capsys, value, message):
    root = _project(tmp_path)
    folder = root / "templates" / "brand"
    (folder / "logo.png").write_bytes(png(30, 10))
    (folder / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"/>', encoding="utf-8")
    (folder / "broken.png").write_bytes(png(30, 10)[:16])
    theme = folder / "theme.yaml"
    lines = theme.read_text(encoding="utf-8").count("\n")
    theme.write_text(theme.read_text(encoding="utf-8") + f"logo: {value}\n", encoding="utf-8")
    assert main(["check", str(root / "briefs" / "council.yaml"), "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert f"theme.yaml:{lines + 1}:" in err and message in err, err


def test_a_logo_edited_on_its_own_is_read_again(tmp_path):
    from briefgen.theme import load_theme

    root = _project(tmp_path)
    folder = root / "templates" / "brand"
    (folder / "logo.png").write_bytes(png(30, 10))
    theme_file = folder / "theme.yaml"
    theme_file.write_text(theme_file.read_text(encoding="utf-8") + "logo: {file: logo.png, alt: Logo}\n", encoding="utf-8")
    assert load_theme(folder).logo.width == 30
    (folder / "logo.png").write_bytes(png(60, 10))  # theme.yaml unchanged
    assert load_theme(folder).logo.width == 60
