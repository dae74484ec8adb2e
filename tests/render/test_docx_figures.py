"""Figures in the DOCX: inline pictures that python-docx reads back, with their alt text (`descr`)
or Office's decorative mark, image parts of the right type, captions numbered by a SEQ field
like the PDF's figures, linked notes in captions, and byte-identical rebuilds."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import zipfile

import docx
import pytest
from builders import line
from figure_builders import DATA, figure_brief, map_figure
from lxml import etree

from briefgen.model import Figure
from briefgen.render.docx import render

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "adec": "http://schemas.microsoft.com/office/drawing/2017/decorative",
    "asvg": "http://schemas.microsoft.com/office/drawing/2016/SVG/main",
}


@pytest.fixture(scope="module")
def brief():
    return figure_brief()


@pytest.fixture(scope="module")
def data(brief, theme) -> bytes:
    return render(brief, theme=theme).data


def _figures(brief) -> list[Figure]:
    return [b for s in brief.sections for b in s.blocks if isinstance(b, Figure)]


def _document(data: bytes):
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))


def _targets(data: bytes) -> dict[str, str]:
    rels = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/_rels/document.xml.rels"))
    return {r.get("Id"): "word/" + r.get("Target") for r in rels}


def _member(data: bytes, name: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(name)


def test_python_docx_reads_back_one_inline_picture_per_figure(brief, data):
    shapes = docx.Document(io.BytesIO(data)).inline_shapes
    assert len(shapes) == len(_figures(brief))


def test_each_picture_is_described_by_its_alt_text_or_marked_decorative(brief, data):
    doc_prs = _document(data).findall(".//wp:docPr", NS)
    for fig, pr in zip(_figures(brief), doc_prs):
        decorative = pr.find(".//adec:decorative", NS)
        if fig.decorative:
            assert decorative is not None and decorative.get("val") == "1"
            assert pr.get("descr") is None
        else:
            assert decorative is None
            assert pr.get("descr").split("\n")[0] == fig.alt
    assert len({pr.get("id") for pr in doc_prs}) == len(doc_prs)  # unique drawing ids


def test_a_chart_picture_carries_its_data_in_its_alt_text(brief, data):
    (chart,) = [f for f in _figures(brief) if f.chart is not None]
    pr = _document(data).findall(".//wp:docPr", NS)[_figures(brief).index(chart)]
    assert pr.get("descr").split("\n")[1:] == [
        "Russian military personnel reported, by country (personnel):",
        "Niger: 100 (note 2)",
        "Burkina Faso: 100 (note 3)",
    ]


def test_a_chart_pictures_data_is_described_in_the_briefs_words(brief):
    from briefgen.i18n import labels_for
    from briefgen.render.docx_figures import alt_text

    (chart,) = [f for f in _figures(brief) if f.chart is not None]
    lines = alt_text(chart, labels=labels_for("fr"), language="fr").split("\n")
    assert lines[1:] == ["Russian military personnel reported, by country (personnel)\u00a0:",
                         "Niger\u00a0: 100 (note 2)", "Burkina Faso\u00a0: 100 (note 3)"]


def test_pictures_embed_image_parts_of_the_right_type(brief, data):
    targets = _targets(data)
    types = etree.fromstring(_member(data, "[Content_Types].xml"))
    defaults = {t.get("Extension"): t.get("ContentType") for t in types if t.get("Extension")}
    overrides = {t.get("PartName"): t.get("ContentType") for t in types if t.get("PartName")}
    blips = _document(data).findall(".//a:blip", NS)
    assert len(blips) == len(_figures(brief))
    for fig, blip in zip(_figures(brief), blips):
        name = targets[blip.get(f"{{{NS['r']}}}embed")]
        blob = _member(data, name)
        ext = name.rsplit(".", 1)[1]
        ctype = overrides.get("/" + name, defaults.get(ext))
        if fig.image is not None and fig.image.kind == "jpeg":
            assert ctype == "image/jpeg" and blob == (DATA / "scene.jpg").read_bytes()
        else:
            assert ctype == "image/png" and blob.startswith(b"\x89PNG\r\n\x1a\n")
        if fig.image is not None and fig.image.kind == "svg":
            svg = blip.find(".//asvg:svgBlip", NS)
            svg_name = targets[svg.get(f"{{{NS['r']}}}embed")]
            assert _member(data, svg_name) == (DATA / "shapes.svg").read_bytes()
            assert overrides.get("/" + svg_name, defaults.get("svg")) == "image/svg+xml"


def test_the_same_picture_twice_is_embedded_once(brief, data):
    names = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("word/media/")]
    # six figures; diagram.png is both figure 3 and the decorative picture; the SVG figure
    # embeds its PNG and the SVG itself
    assert len(names) == 6


def test_pictures_fill_the_text_width_keeping_their_aspect(brief, data):
    from PIL import Image

    extents = _document(data).findall(".//wp:extent", NS)
    widths = {int(e.get("cx")) for e in extents}
    section = docx.Document(io.BytesIO(data)).sections[-1]
    text_width = section.page_width - section.left_margin - section.right_margin
    assert max(widths) <= text_width
    for fig, extent in zip(_figures(brief), extents):
        cx, cy = int(extent.get("cx")), int(extent.get("cy"))
        if fig.image is not None and fig.image.kind != "svg":
            assert cx / cy == pytest.approx(fig.image.width / fig.image.height, rel=1e-3)
        if fig.map is not None:
            assert cx / cy == pytest.approx(fig.map.width / fig.map.height, rel=1e-3)
    # a rasterized map holds about 200 pixels to the inch, in its drawing's proportions
    blip = _document(data).findall(".//a:blip", NS)[0]
    png = Image.open(io.BytesIO(_member(data, _targets(data)[blip.get(f"{{{NS['r']}}}embed")])))
    cx = int(extents[0].get("cx"))
    assert png.width == pytest.approx(cx / 914400 * 200, rel=0.02)


def test_rasterized_pictures_carry_no_metadata(data):
    for name in zipfile.ZipFile(io.BytesIO(data)).namelist():
        if name.endswith(".png"):
            blob, pos, chunks = _member(data, name), 8, []
            while pos < len(blob):
                size = int.from_bytes(blob[pos:pos + 4], "big")
                chunks.append(blob[pos + 4:pos + 8].decode("ascii"))
                pos += size + 12
            assert set(chunks) <= {"IHDR", "PLTE", "IDAT", "IEND", "tRNS", "pHYs"}, (name, chunks)
            assert "tIME" not in chunks and "tEXt" not in chunks


def _captions(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    return [p.text for p in document.paragraphs if p.style.name == "Caption" and p.text.startswith("Figure")]


def test_captions_are_numbered_in_the_caption_style_like_the_pdf(brief, data, theme):
    pypdf = pytest.importorskip("pypdf")
    from briefgen.render.pdf import render as render_pdf

    numbered = [f.number for f in _figures(brief) if f.number]
    got = [int(re.match(r"Figure (\d+)\.", c).group(1)) for c in _captions(data)]
    assert got == numbered
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(render_pdf(brief, theme=theme).data)).pages)
    assert [int(n) for n in re.findall(r"Figure (\d+)\.", text)] == got


def test_the_figure_number_is_a_seq_field_whose_cached_result_is_the_number(brief, data):
    body = _document(data)
    fields = [p for p in body.iter(f"{{{W}}}p")
              if any("SEQ Figure" in (t.text or "") for t in p.iter(f"{{{W}}}instrText"))]
    assert len(fields) == len([f for f in _figures(brief) if f.number])
    for n, p in enumerate(fields, 1):
        texts = [t.text for t in p.iter(f"{{{W}}}t")]
        assert texts[:3] == ["Figure ", str(n), ". "]
        instr = next(p.iter(f"{{{W}}}instrText")).text.strip()
        assert instr == "SEQ Figure \\* ARABIC"


def test_a_caption_citation_is_a_word_note_and_the_credit_follows(data):
    body = _document(data)
    paras = list(body.iter(f"{{{W}}}p"))
    first = next(p for p in paras if "The three AES states" in "".join(p.itertext()))
    assert first.find(".//w:endnoteReference", NS) is not None
    credit = paras[paras.index(first) + 1]
    assert "".join(credit.itertext()) == "Map data: Natural Earth"
    # in a style of its own, quieter than the caption's (not bold like "Figure 1.")
    assert credit.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val") == "FigureCredit"
    # the picture keeps with its caption, the caption with its credit
    picture = paras[paras.index(first) - 1]
    assert picture.find(".//w:drawing", NS) is not None
    assert picture.find("w:pPr/w:keepNext", NS) is not None and first.find("w:pPr/w:keepNext", NS) is not None


def test_the_figure_word_comes_from_the_brief_labels(theme):
    brief = dataclasses.replace(figure_brief(map_figure(1, caption=line("Carte"))), labels=(("figure", "Abbildung"),))
    data = render(brief, theme=theme).data
    assert _captions(data) == []
    document = docx.Document(io.BytesIO(data))
    assert [p.text for p in document.paragraphs if p.style.name == "Caption"][0] == "Abbildung 1. Carte"


def test_a_brief_with_figures_rebuilds_byte_identical(brief, theme, data):
    assert render(brief, theme=theme).data == data


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_lays_out_the_pictures(data, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    src = tmp_path / "figures.docx"
    src.write_bytes(data)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(src)], check=True, capture_output=True, timeout=180)
    reader = pypdf.PdfReader(tmp_path / "figures.pdf")
    images = sum(len(page.images) for page in reader.pages)
    assert images >= 5
    assert "Figure 5. Vector shapes" in " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def test_caption_note_numbers_are_the_notes_the_pdf_prints(brief, data):
    from briefgen.model import cited_numbers

    body = _document(data)
    captions = [p for p in body.iter(f"{{{W}}}p")
                if any("SEQ Figure" in (t.text or "") for t in p.iter(f"{{{W}}}instrText"))]
    numbered = [f for f in _figures(brief) if f.number]
    for fig, p in zip(numbered, captions):
        got: list[int] = []
        runs = list(p.iter(f"{{{W}}}r"))
        for i, r in enumerate(runs):
            ref = r.find("w:endnoteReference", NS)
            if ref is not None:
                got.append(int(ref.get(f"{{{W}}}id")))
            instr = r.find("w:instrText", NS)
            if instr is not None and instr.text.strip().startswith("NOTEREF"):
                # begin, instruction, separate, then the cached result
                assert runs[i + 1].find("w:fldChar", NS).get(f"{{{W}}}fldCharType") == "separate"
                got.append(int(runs[i + 2].find("w:t", NS).text))
        assert got == list(cited_numbers(fig.caption)), fig.id
