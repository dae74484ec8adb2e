"""The DOCX renderer, read back with python-docx, LibreOffice and pandoc."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import zipfile

import docx
import pytest

from builders import sample_brief
from briefgen.render.docx import TemplateError, render

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def data(theme) -> bytes:
    return render(sample_brief(), theme=theme).data


def _part(data: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode("utf-8")


def test_headings_use_words_own_styles_in_document_order(data):
    document = docx.Document(io.BytesIO(data))
    styled = [(p.style.name, p.text) for p in document.paragraphs if p.style.name in ("Title", "Heading 1", "Heading 2")]
    assert styled[0] == ("Title", "Sahel Security Realignment <b>&amp;</b>")
    assert [t for s, t in styled if s == "Heading 1"] == ["Key takeaways", "Background", "New partners", "Notes", "Sources"]
    assert ("Heading 2", "A subheading") in styled


def test_lists_use_list_styles(data):
    document = docx.Document(io.BytesIO(data))
    paragraphs = list(document.paragraphs) + [p for t in document.tables for row in t.rows for c in row.cells
                                              for p in c.paragraphs]
    assert {"List Bullet", "List Number"} <= {p.style.name for p in paragraphs}


def test_citations_are_real_footnotes_numbered_like_the_brief(data):
    brief = sample_brief()
    xml = _part(data, "word/footnotes.xml")
    notes = re.findall(r'<w:footnote w:id="(\d+)"[^>]*>(.*?)</w:footnote>', xml, re.S)
    real = [(int(i), re.sub(r"<[^>]+>", "", body)) for i, body in notes if int(i) > 0]
    assert [i for i, _ in real] == [n.number for n in brief.notes]
    for (_, text), note in zip(real, brief.notes):
        assert note.evidence[0].quote[:40] in text
    body = _part(data, "word/document.xml")
    assert body.count("<w:footnoteReference") == len(brief.notes)
    # later uses of a note point at its footnote instead of adding another
    assert "NOTEREF" in body


def test_the_contents_field_is_filled_before_fields_are_updated(data):
    body = _part(data, "word/document.xml")
    assert re.search(r'TOC \\o "1-2"', body)
    document = docx.Document(io.BytesIO(data))
    entries = [p.text for p in document.paragraphs if p.style.name.lower().startswith("toc ")]
    assert any("Background" in e for e in entries) and any("A subheading" in e for e in entries)
    assert "updateFields" in _part(data, "word/settings.xml")


def test_external_links_are_hyperlinks_and_tables_repeat_their_header(data):
    body = _part(data, "word/document.xml")
    rels = _part(data, "word/_rels/document.xml.rels")
    assert "https://example.org/a?b=1&amp;c=2" in rels
    assert "<w:hyperlink" in body and "<w:tblHeader" in body


def test_core_properties_come_from_the_brief(data):
    props = docx.Document(io.BytesIO(data)).core_properties
    assert props.title == "Sahel Security Realignment <b>&amp;</b>"
    assert props.author == "briefgen example"
    assert props.keywords == "niger, russia"
    assert props.created.date().isoformat() == "2024-05-01"
    assert props.language == "en"


def test_two_renders_are_byte_identical(theme, data):
    assert render(sample_brief(), theme=theme).data == data


def test_a_reference_document_without_a_needed_style_is_a_clear_error(theme, tmp_path):
    folder = tmp_path / "corp"
    shutil.copytree(theme.folder, folder)
    document = docx.Document(str(folder / "reference.docx"))
    style = document.styles["List Bullet"].element
    style.getparent().remove(style)
    document.save(str(folder / "reference.docx"))
    corp = dataclasses.replace(theme, folder=folder)
    with pytest.raises(TemplateError, match="List Bullet"):
        render(sample_brief(), theme=corp)


def _soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.skip("LibreOffice is not installed (Debian package: libreoffice-writer-nogui)")
    return exe


def test_libreoffice_opens_it_and_makes_a_sensible_pdf(data, tmp_path):
    soffice = _soffice()
    src = tmp_path / "brief.docx"
    src.write_bytes(data)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(src)], capture_output=True, timeout=180, check=True)
    pdf = tmp_path / "brief.pdf"
    assert pdf.exists()
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (Debian package: poppler-utils)")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "New partners" in text and "anti-aircraft" in text
    import pypdf

    assert 2 <= len(pypdf.PdfReader(pdf).pages) <= 12


def test_pandoc_reads_the_same_headings(data, tmp_path):
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        pytest.skip("pandoc is not installed (Debian package: pandoc)")
    src = tmp_path / "brief.docx"
    src.write_bytes(data)
    out = subprocess.run([pandoc, "-f", "docx", "-t", "markdown", str(src)], capture_output=True, text=True, check=True).stdout
    heads = [re.sub(r"\s*\{.*\}$", "", line.lstrip("# ").strip()) for line in out.splitlines() if re.match(r"^# ", line)]
    assert [h for h in heads if h in ("Key takeaways", "Background", "New partners", "Notes", "Sources")] == [
        "Key takeaways", "Background", "New partners", "Notes", "Sources"]
