"""The PPTX renderer, read back with python-pptx and LibreOffice."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess

import pptx
import pytest
from pptx.util import Emu

from builders import line, sample_brief
from briefgen.model import BulletList, Section
from briefgen.render.pptx.measure import Block, Metrics, Span, frame_height
from briefgen.render.pptx.write import TemplateError, render


@pytest.fixture(scope="module")
def deck_bytes(theme) -> bytes:
    return render(sample_brief(), theme=theme).data


def _deck(data: bytes) -> pptx.presentation.Presentation:
    return pptx.Presentation(io.BytesIO(data))


def test_titles_follow_the_headings_in_order_and_are_unique(deck_bytes):
    brief = sample_brief()
    titles = [s.shapes.title.text for s in _deck(deck_bytes).slides]
    assert len(titles) == len(set(titles))
    base = [re.sub(r" \(cont\.(?: \d+)?\)$", "", t) for t in titles]
    order = [t for i, t in enumerate(base) if i == 0 or t != base[i - 1]]
    assert order == [brief.title] + [s.heading for s in brief.sections] + ["Sources"]


def test_the_title_comes_first_in_reading_order(deck_bytes):
    for slide in _deck(deck_bytes).slides:
        assert slide.shapes[0].shape_id == slide.shapes.title.shape_id or slide.shapes[0] == slide.shapes.title


def _frame_fits(shape, metrics: Metrics) -> tuple[float, float]:
    frame = shape.text_frame
    body = frame._txBody.bodyPr
    ins = [getattr(body, k) if getattr(body, k) is not None else d
           for k, d in (("lIns", Emu(91440)), ("rIns", Emu(91440)), ("tIns", Emu(45720)), ("bIns", Emu(45720)))]
    width = (shape.width - ins[0] - ins[1]) / 12700
    height = (shape.height - ins[2] - ins[3]) / 12700
    blocks = []
    for p in frame.paragraphs:
        sizes = [r.font.size.pt for r in p.runs if r.font.size is not None]
        if not p.runs or not sizes:
            continue
        ppr = p._p.pPr
        margin = (int(ppr.get("marL")) / 12700) if ppr is not None and ppr.get("marL") else 0.0
        spans = tuple(Span(r.text, bool(r.font.bold), bool(r.font.italic)) for r in p.runs)
        blocks.append(Block(spans, max(sizes), margin=margin, space_before=0.0, line=1.0))
    return frame_height(blocks, width=width, metrics=metrics), height


def test_every_text_frame_fits_by_the_same_measurement(theme):
    metrics = Metrics.for_family(theme.font)
    deck = _deck(render(sample_brief(sections=12), theme=theme).data)
    checked = 0
    for slide in deck.slides:
        for shape in slide.placeholders:
            if shape.has_text_frame and shape.text_frame.text.strip() and shape != slide.shapes.title:
                needed, available = _frame_fits(shape, metrics)
                assert needed <= available + 1, (slide.shapes.title.text, needed, available)
                checked += 1
    assert checked >= 10


def test_speaker_notes_carry_the_citations_and_their_quotes(deck_bytes):
    brief = sample_brief()
    notes = " ".join(s.notes_slide.notes_text_frame.text for s in _deck(deck_bytes).slides if s.has_notes_slide)
    for note in brief.notes:
        assert f"[{note.number}]" in notes
        assert note.evidence[0].quote[:40] in notes


def test_content_slides_show_a_source_line(deck_bytes):
    lines = []
    for slide in list(_deck(deck_bytes).slides)[1:-1]:
        texts = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
        lines += [t for t in texts if re.search(r"Sources?: \d", t)]
    assert len(lines) >= 3


def test_no_picture_lacks_alt_text(theme):
    deck = _deck(render(sample_brief(sections=3), theme=theme).data)
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.shape_type == 13:  # picture
                assert shape._element.xpath("./p:nvPicPr/p:cNvPr/@descr")[0].strip()


def test_two_renders_are_byte_identical(theme, deck_bytes):
    assert render(sample_brief(), theme=theme).data == deck_bytes


def test_a_template_without_a_needed_layout_is_a_clear_error(theme, tmp_path):
    folder = tmp_path / "corp"
    shutil.copytree(theme.folder, folder)
    prs = pptx.Presentation(str(folder / "slides.pptx"))
    for layout in prs.slide_layouts:
        if layout.name == "Two Content":
            layout.name = "Two Columns"
    prs.save(str(folder / "slides.pptx"))
    with pytest.raises(TemplateError, match="Two Content"):
        render(sample_brief(), theme=dataclasses.replace(theme, folder=folder))


def test_twice_the_content_never_overflows_and_splits_are_reported(theme):
    brief = sample_brief(sections=20)
    long_items = tuple(line("A long bullet that goes on and on about the partnership, the trainers, "
                            f"the equipment and the alliance, point {i}.") for i in range(30))
    brief = dataclasses.replace(brief, sections=brief.sections + (Section("many", "Many points", (BulletList(long_items),)),))
    result = render(brief, theme=theme)
    assert any("Many points" in m for m in result.messages)
    metrics = Metrics.for_family(theme.font)
    for slide in _deck(result.data).slides:
        for shape in slide.placeholders:
            if shape.has_text_frame and shape != slide.shapes.title and shape.text_frame.text.strip():
                needed, available = _frame_fits(shape, metrics)
                assert needed <= available + 1, slide.shapes.title.text


def test_libreoffice_shows_every_bullet_on_its_own_slide(deck_bytes, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (Debian package: libreoffice-impress-nogui)")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (Debian package: poppler-utils)")
    src = tmp_path / "deck.pptx"
    src.write_bytes(deck_bytes)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(src)], capture_output=True, timeout=180, check=True)
    deck = _deck(deck_bytes)
    import pypdf

    reader = pypdf.PdfReader(tmp_path / "deck.pdf")
    assert len(reader.pages) == len(deck.slides)
    for i, slide in enumerate(deck.slides, start=1):
        page = subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), str(tmp_path / "deck.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        page = re.sub(r"\s+", " ", page)
        for shape in slide.placeholders:
            if not shape.has_text_frame or shape == slide.shapes.title:
                continue
            for p in shape.text_frame.paragraphs:
                words = re.sub(r"\s+", " ", p.text).strip()[:25]
                if len(words) > 8 and "x" * 20 not in words:
                    assert words in page, (i, words)
