"""End to end: the example policy brief's three files read back as a reader's software would, and
built again byte for byte. (That every example writes its three files and an evidence report, and
no warning, is in test_examples.py.)"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from briefgen.load.project import Options
from briefgen.pipeline import build

REPO = Path(__file__).resolve().parents[2]


def _squash(text: str) -> str:
    text = text.replace("\u00ad", "").replace("\u2011", "-")
    text = re.sub("[\u201c\u201d\u2018\u2019\"']", "'", text)  # notes turn inner quotes single
    return re.sub(r"\s+", " ", re.sub(r"-\s*\n\s*", "-", text)).strip()


@pytest.fixture(scope="module")
def built(example_build):
    return example_build.briefs["policymakers"], example_build.out


def _headings(brief) -> list[str]:
    return [s.heading for s in brief.sections]


def test_pdf_has_the_headings_in_order_and_every_quote_in_its_notes(built):
    import pypdf

    brief, out = built
    reader = pypdf.PdfReader(out / "policymakers.pdf")
    text = _squash("\n".join(page.extract_text() for page in reader.pages))
    pos = 0
    for heading in _headings(brief) + ["Notes", "Sources"]:
        found = text.find(_squash(heading), pos)
        assert found >= 0, f"heading {heading!r} missing or out of order"
        pos = found
    notes_at = text.rfind("Notes", 0, text.rfind("Sources"))
    notes = text[notes_at:]
    for note in brief.notes:
        for ev in note.evidence:
            assert _squash(ev.quote)[:60] in notes, (note.number, ev.quote)


def test_docx_headings_use_word_styles_and_endnotes_carry_the_same_numbers(built):
    import docx

    brief, out = built
    document = docx.Document(out / "policymakers.docx")
    h1 = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert h1 == _headings(brief) + ["Sources"]  # the notes are Word endnotes, never a second list
    assert document.paragraphs[0].style.name == "Title"
    xml = zipfile.ZipFile(out / "policymakers.docx").read("word/endnotes.xml").decode("utf-8")
    bodies = re.findall(r'<w:endnote w:id="(\d+)"[^>]*>(.*?)</w:endnote>', xml, re.S)
    real = [(int(i), re.sub(r"<[^>]+>", "", b)) for i, b in bodies if int(i) > 0]
    body_notes = [n for n in brief.notes if n.number <= len(real)]
    assert [i for i, _ in real] == [n.number for n in body_notes]
    for (_, text), note in zip(real, body_notes):
        assert _squash(note.evidence[0].quote)[:50] in _squash(text.replace("&amp;", "&").replace("&quot;", '"').replace("&apos;", "'"))


def test_pptx_titles_follow_the_headings_and_notes_carry_the_evidence(built):
    import pptx

    brief, out = built
    deck = pptx.Presentation(out / "policymakers.pptx")
    titles = [s.shapes.title.text for s in deck.slides]
    assert len(set(titles)) == len(titles)
    from briefgen.model import Figure, plain

    figures = {plain(b.caption) for s in brief.sections for b in s.blocks if isinstance(b, Figure)}
    base = [re.sub(r" \(cont\.(?: \d+)?\)$", "", t) for t in titles]
    base = [t for t in base if t not in figures]  # a figure's slide is titled by its caption
    order = [t for i, t in enumerate(base) if i == 0 or t != base[i - 1]]
    assert order == [brief.title, "Agenda"] + _headings(brief) + ["What to decide", "Sources"]
    notes = _squash(" ".join(s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide))
    for note in brief.notes:
        assert f"[{note.number}]" in notes
        assert _squash(note.evidence[0].quote)[:50] in notes, note.number


def test_the_same_number_means_the_same_fact_in_all_three(built):
    """The PDF's note N, the DOCX's footnote N and the deck's [N] all quote fact N's evidence."""
    import pptx
    import pypdf

    brief, out = built
    pdf = _squash(" ".join(p.extract_text() for p in pypdf.PdfReader(out / "policymakers.pdf").pages))
    notes_part = pdf[pdf.rfind("Notes", 0, pdf.rfind("Sources")):]
    deck = _squash(" ".join(s.notes_slide.notes_text_frame.text for s in pptx.Presentation(out / "policymakers.pptx").slides
                            if s.has_notes_slide))
    for note in brief.notes[:12]:
        q = _squash(note.evidence[0].quote)[:40]
        # an attributed note opens "According to …: “quote”"
        assert re.search(rf"(^|\s){note.number}\.?\s*(According to [^:]*:\s*)?\S?{re.escape(q[:15])}", notes_part), \
            note.number
        assert re.search(rf"\[{note.number}\][^\[]*{re.escape(q[:25])}", deck), note.number


def test_builds_are_byte_identical(built, tmp_path):
    _, out = built
    again = tmp_path / "again"
    report = build([REPO / "briefs/policymakers.yaml"], options=Options(root=REPO), out_dir=again)
    assert report.ok
    for name in ("policymakers.pdf", "policymakers.docx", "policymakers.pptx", "policymakers.evidence.json"):
        assert (out / name).read_bytes() == (again / name).read_bytes(), name


@pytest.mark.slow  # every example again, in one process; the quick run rebuilds the policy brief above
def test_every_example_built_again_in_one_process_is_byte_identical(example_build, tmp_path):
    from example_build import OUTLINES, SUFFIXES

    report = build(list(OUTLINES), options=Options(root=REPO), out_dir=tmp_path, jobs=1)
    assert report.ok
    for stem in example_build.checked:
        for suffix in SUFFIXES:
            name = f"{stem}{suffix}"
            assert example_build.path(stem, suffix).read_bytes() == (tmp_path / name).read_bytes(), name


def test_a_broken_quote_makes_check_fail_with_file_and_line(tmp_path, capsys):
    import shutil

    from briefgen.cli import main

    for d in ("seeds", "briefs"):
        shutil.copytree(REPO / d, tmp_path / d)
    facts = tmp_path / "seeds/facts.yaml"
    text = facts.read_text(encoding="utf-8")
    original = "Russia has sent an anti-aircraft system and 100 military trainers to Niger"
    assert original in text
    line = text[:text.index(original)].count("\n") + 1
    facts.write_text(text.replace(original, original.replace("100", "200"), 1), encoding="utf-8")
    assert main(["check", str(tmp_path / "briefs/policymakers.yaml"), "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert re.search(rf"facts\.yaml:{line}:\d+: error: quote of fact `[a-z0-9-]+` is not in source", err), err
    assert "numbers differ" in err


def test_each_note_links_its_source_title_to_the_sources_list(built):
    import pypdf

    _, out = built
    docx_zip = zipfile.ZipFile(out / "policymakers.docx")
    anchors = set(re.findall(r'w:anchor="(_Source_[^"]+)"', docx_zip.read("word/endnotes.xml").decode()))
    bookmarks = set(re.findall(r'w:bookmarkStart [^>]*w:name="(_Source_[^"]+)"', docx_zip.read("word/document.xml").decode()))
    assert anchors and anchors <= bookmarks
    reader = pypdf.PdfReader(out / "policymakers.pdf")
    texts = [p.extract_text() for p in reader.pages]
    sources_page = max(i for i, t in enumerate(texts) if "Sources" in t)
    pages = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    targets = [pages[a.get_object()["/Dest"][0].idnum] for p in reader.pages for a in (p.get("/Annots") or [])
               if "/Dest" in a.get_object()]
    assert targets.count(sources_page) >= len(reader.pages) // 2
