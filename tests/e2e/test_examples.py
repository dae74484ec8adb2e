"""Every example outline builds, and real clients accept the files: qpdf and pdffonts for the PDF,
LibreOffice for the DOCX and PPTX. The students' brief shows its teaching blocks in all three."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from example_build import STEMS

TEACHING = ["Learning objectives", "Glossary", "Who\u2019s who", "How we know", "Discussion questions"]


@pytest.fixture(scope="module")
def built(example_build):
    return example_build.briefs, example_build.out


def test_every_example_builds_without_a_warning_into_three_files_and_an_evidence_report(example_build):
    report = example_build.report
    assert report.ok and not report.diagnostics, [d.message for d in report.diagnostics]
    assert sorted(p.name for p in example_build.out.iterdir()) == sorted(
        f"{stem}{suffix}" for stem in STEMS for suffix in (".pdf", ".docx", ".pptx", ".evidence.json"))


def _need(tool: str, package: str) -> str:
    exe = shutil.which(tool)
    if exe is None:
        pytest.skip(f"{tool} is not installed (Debian package: {package})")
    return exe


@pytest.mark.parametrize("stem", STEMS)
def test_pdf_passes_qpdf_with_every_font_embedded(built, stem):
    _, out = built
    pdf = out / f"{stem}.pdf"
    check = subprocess.run([_need("qpdf", "qpdf"), "--check", str(pdf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    fonts = subprocess.run([_need("pdffonts", "poppler-utils"), str(pdf)], capture_output=True, text=True, check=True)
    rows = [line.split() for line in fonts.stdout.splitlines()[2:] if line.strip()]
    assert rows and all(row[-5] == "yes" for row in rows), fonts.stdout


@pytest.mark.slow
@pytest.mark.parametrize("stem", STEMS)
def test_libreoffice_opens_the_docx_and_the_pptx(built, stem, tmp_path):
    _, out = built
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (Debian packages: libreoffice-writer-nogui, libreoffice-impress-nogui)")
    import pypdf

    for ext in ("docx", "pptx"):
        dest = tmp_path / ext
        subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                        "--outdir", str(dest), str(out / f"{stem}.{ext}")], capture_output=True, timeout=240, check=True)
        pages = len(pypdf.PdfReader(dest / f"{stem}.pdf").pages)
        if ext == "pptx":
            import pptx

            assert pages == len(pptx.Presentation(out / f"{stem}.pptx").slides)
        else:
            assert pages >= 2


def test_the_students_brief_shows_its_teaching_blocks_in_all_three_formats(built):
    import docx
    import pptx
    import pypdf

    briefs, out = built
    headings = [s.heading for s in briefs["students"].sections]
    assert [h for h in headings if h in TEACHING] == TEACHING
    pdf = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pypdf.PdfReader(out / "students.pdf").pages))
    h1 = [p.text for p in docx.Document(out / "students.docx").paragraphs if p.style.name == "Heading 1"]
    titles = [s.shapes.title.text for s in pptx.Presentation(out / "students.pptx").slides]
    for block in TEACHING:
        assert block in pdf and block in h1, block
        assert any(t.startswith(block) for t in titles), block
    assert headings.index("Learning objectives") == 0 and headings[-1] == "Discussion questions"


def test_the_three_audiences_get_three_different_briefs(built):
    briefs, _ = built
    briefs = {k: b for k, b in briefs.items() if b.language == "en"}  # (public-fr is public, in French)
    titles = {b.title for b in briefs.values()}
    assert len(titles) == 3
    heads = [tuple(s.heading for s in b.sections) for b in briefs.values()]
    assert len(set(heads)) == 3
