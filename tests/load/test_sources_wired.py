"""PDF and HTML sources through the whole pipeline: page numbers in every format, the evidence
report and the lock; a hyphenated quote; a stated page checked; the extraction cache; an oversized
PDF. (A bad source file failing `check` and `build` alike is in tests/test_bad_inputs.py.)"""

from __future__ import annotations

import json
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from briefgen.cli import main
from briefgen.sources import read as extract_module

REPORTS = Path(__file__).resolve().parent.parent / "projects" / "reports"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the reports project. Its sources' extractions come from the session's cache,
    which is keyed by each file's bytes: a test that changes a source gets it extracted again (and
    the cache test below starts from an empty cache of its own)."""
    dest = tmp_path / "reports"
    shutil.copytree(REPORTS, dest, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    monkeypatch.chdir(dest)
    return dest


def _check(project: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = main(["check", "briefs/report.yaml", "--root", str(project), *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_quotes_from_the_pdf_print_their_pages_in_all_three_formats(project: Path, capsys):
    from docx import Document
    from pptx import Presentation
    from pypdf import PdfReader

    assert main(["build", "briefs/report.yaml", "--root", str(project), "-o", "out", "-j", "1"]) == 0, capsys.readouterr().err
    pdf = " ".join(" ".join(p.extract_text().split()) for p in PdfReader("out/report.pdf").pages)
    with zipfile.ZipFile("out/report.docx") as z:
        endnotes = " ".join(z.read("word/endnotes.xml").decode("utf-8").split())
    assert Document("out/report.docx") is not None
    deck = Presentation("out/report.pptx")
    notes = " ".join(s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide)
    slides = " ".join(sh.text_frame.text for s in deck.slides for sh in s.shapes if sh.has_text_frame)
    deck_text = " ".join((notes + " " + slides).split())
    for where in (pdf, endnotes, deck_text):
        assert "March 2025, p. 1." in where  # the recommendation, across a hyphenated line end
        assert "March 2025, p. 2." in where  # the embankment, across two columns
        assert "March 2025, pp. 3\u20134." in where  # the sentence that runs onto page 4
        assert "What residents want section" in where  # the web page's heading


def test_the_evidence_report_gives_each_quote_its_locator_and_what_the_match_needed(project: Path, capsys):
    code, out, err = _check(project, capsys, "--evidence")
    assert code == 0, err
    quotes = {c["fact"]: c["quotes"] for c in json.loads(out)["citations"]}
    (q,) = quotes["single-authority"]
    assert (q["locator"], q["match"], q["via"]) == ("p. 1", "hyphenation", ["hyphenation"])
    assert "recom-\nmendation" in q["verbatim"]
    (q,) = quotes["financing-gap"]
    assert (q["locator"], q["match"]) == ("p. 3", "ligature")
    (q,) = quotes["works-delayed"]
    assert q["locator"] == "pp. 3\u20134" and q["match"] == "normalised" and q["via"] == []
    (q,) = quotes["votes-in-april"]
    assert q["locator"] == "A vote in every council" and q["match"] == "verbatim"


def test_the_fact_table_reports_a_match_across_a_hyphenation(project: Path, capsys):
    assert main(["facts", "--library", "seeds/facts.yaml", "--root", str(project)]) == 0
    out = capsys.readouterr().out
    assert any(line.startswith("single-authority") and " hyphenation " in line for line in out.splitlines())
    assert any(line.startswith("financing-gap") and " ligature " in line for line in out.splitlines())


def test_facts_suggest_gives_page_numbers_for_a_pdf_source(project: Path, capsys):
    assert main(["facts", "suggest", "estuary-review", "--library", "seeds/facts.yaml", "--root", str(project)]) == 0
    out = capsys.readouterr().out
    assert "page: 1" in out and "page: 2" in out


def test_the_lock_records_the_pdf_file_hash_and_each_quote_locator(project: Path, capsys):
    import hashlib

    assert main(["lock", "briefs/report.yaml", "--root", str(project)]) == 0, capsys.readouterr().err
    lock = json.loads((project / "seeds/facts.lock.json").read_text(encoding="utf-8"))
    pdf_hash = hashlib.sha256((project / "seeds/estuary-report.pdf").read_bytes()).hexdigest()
    assert lock["sources"]["estuary-review"]["sha256"] == pdf_hash
    entry = next(e for e in lock["quotes"] if e["fact"] == "single-authority")
    assert (entry["locator"], entry["via"], entry["match"]) == ("p. 1", ["hyphenation"], "hyphenation")
    code, _, err = _check(project, capsys, "--strict")
    assert code == 0, err


def _edit(path: Path, old: str, new: str) -> int:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


def test_a_quote_whose_digit_differs_from_the_pdf_fails_at_its_line(project: Path, capsys):
    line = _edit(project / "seeds/facts.yaml", "embankments is 18 million", "embankments is 19 million")
    code, _, err = _check(project, capsys)
    assert code == 1
    assert f"facts.yaml:{line}:" in err and "quote of fact `financing-gap` is not in source `estuary-review`" in err
    assert "the numbers differ" in err


def test_a_stated_page_that_disagrees_with_the_pdf_fails_at_the_page_line(project: Path, capsys):
    facts = project / "seeds/facts.yaml"
    quote = "        quote: The financing gap for the remaining embankments is 18 million euros.\n"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace(quote, quote + "        page: 2\n", 1), encoding="utf-8")
    line = text[:text.index(quote)].count("\n") + 2
    code, _, err = _check(project, capsys)
    assert code == 1
    assert f"facts.yaml:{line}:15: error: the quote is on page 3 of `estuary-report.pdf`, not page 2" in err


def test_a_stated_page_that_agrees_passes(project: Path, capsys):
    facts = project / "seeds/facts.yaml"
    quote = "        quote: Without new money, the remaining works will not begin before 2027\n"
    _edit(facts, quote, quote + "        page: 4\n")  # the quote runs over pages 3-4: either page is right
    code, _, err = _check(project, capsys)
    assert code == 0, err


def test_the_second_check_comes_from_the_cache_and_a_changed_file_is_extracted_again(project: Path, capsys, monkeypatch):
    monkeypatch.setenv("BRIEFGEN_CACHE", str(project.parent / "cache"))
    calls: list[list[str]] = []
    real = extract_module.run_worker

    def counting(argv, **kw):
        calls.append(argv)
        return real(argv, **kw)

    monkeypatch.setattr(extract_module, "run_worker", counting)
    assert _check(project, capsys)[0] == 0
    assert len(calls) == 1
    start = time.perf_counter()
    assert _check(project, capsys)[0] == 0
    assert len(calls) == 1 and time.perf_counter() - start < 1.0
    pdf = project / "seeds/estuary-report.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"% an incremental save\n")
    assert _check(project, capsys)[0] == 0
    assert len(calls) == 2


def test_an_oversized_pdf_is_a_located_error_naming_the_limit(project: Path, capsys):
    pdf = project / "seeds/estuary-report.pdf"
    with pdf.open("r+b") as fh:
        fh.truncate(50 * 1024 * 1024 + 1)  # sparse: costs no disk
    code, _, err = _check(project, capsys)
    assert code == 1
    assert "sources.yaml:3:" in err and "over the limit of 52,428,800 for a PDF source" in err


def test_sources_add_prints_a_suggested_entry_and_writes_nothing(project: Path, capsys):
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    assert main(["sources", "add", "seeds/courier-flood-authority.html", "--root", str(project)]) == 0
    out = capsys.readouterr().out
    assert "Nothing was written" in out
    assert "  - id: estuary-councils-back-joint-flood-authority\n    file: courier-flood-authority.html\n" in out
    assert "    published: 2025-03-18\n" in out and "    author: Mira Holt\n" in out
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before
