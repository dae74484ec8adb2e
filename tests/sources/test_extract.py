"""Extracting sources: PDF pages and reading order, saved web pages, the cache, and bad input."""

from __future__ import annotations

import importlib.util
import shutil
import sys
import time
from pathlib import Path

import pytest

from briefgen.diagnostics import BriefgenError, Span
from briefgen.sources import Extracted, Flag, Limits, cache_dir, extract
from briefgen.sources import read as extract_module
from briefgen.sources.match import Searchable, find

REPORTS = Path(__file__).resolve().parent.parent / "projects" / "reports"
SEEDS = REPORTS / "seeds"
PDF = SEEDS / "estuary-report.pdf"
HTML = SEEDS / "courier-flood-authority.html"
SPAN = Span(Path("seeds/sources.yaml"), 3, 11, 18)


def _maker():
    spec = importlib.util.spec_from_file_location("make_report_pdf", REPORTS / "make_report_pdf.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Extracted:
    """The reports project's PDF, extracted once for the tests that read it (an `Extracted` is frozen)."""
    return extract(PDF, cache=tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Extracted:
    return extract(HTML, cache=tmp_path_factory.mktemp("cache"))


def _error(path: Path, *, cache: Path, **kw: object) -> str:
    with pytest.raises(BriefgenError) as info:
        extract(path, cache=cache, span=SPAN, **kw)  # type: ignore[arg-type]
    (d,) = info.value.diagnostics
    assert d.is_error and d.span == SPAN and d.help
    assert not (cache / "sources").exists() or not any((cache / "sources").iterdir())  # nothing written
    return d.message


# ---------------------------------------------------------------- PDF


def test_the_pdf_text_comes_page_by_page_with_each_passage_on_its_page(report: Extracted):
    assert report.kind == "pdf" and len(report.pages) == 4 and report.pages[0] == 0
    pages = [report.text[a:b].strip() for a, b in zip(report.pages, report.pages[1:] + (len(report.text),))]
    assert pages[0].startswith("Holding the Line\nCoastal Flood Resilience in the Skarra Estuary\n")
    assert pages[1].startswith("1. What the councils built\n")
    assert pages[2].startswith("2. Financing the defences\n")
    assert pages[3].startswith("before 2027, when the next storm season")
    for passage, number in (("31 million euros", 1), ("14 kilometres", 2), ("18 million euros.", 3),
                            ("yearly account of the works", 4)):
        at = report.text.index(passage)
        assert report.page_of(at) == number
        assert report.locator(at, at + len(passage)) == f"p. {number}"


def test_a_quote_across_a_hyphenated_line_end_is_found_and_reported_as_such(report: Extracted):
    assert "recom-\nmendation" in report.text  # the page's own line break is kept
    quote = "We make one central recommendation: the councils should pool their budgets"
    m = find(quote, report)
    assert m is not None and m.via == ("hyphenation",) and not m.verbatim and m.locator == "p. 1"
    assert report.text[m.start:m.end] == "We make one central recom-\nmendation: the councils should pool their budgets"
    assert m.shown == quote  # what a note prints: the word whole again


def test_a_real_hyphen_at_a_line_end_keeps_its_hyphen(report: Extracted):
    m = find("could commit to a long-term plan", report)
    assert m is not None and m.via == ("hyphenation",) and m.shown == "could commit to a long-term plan"
    joined = find("could commit to a longterm plan", report)  # the hyphen may go between letters
    assert joined is not None and joined.shown == "could commit to a longterm plan"
    assert find("could commit to a long term plan", report) is None     # but it never becomes a space


def test_a_quote_that_ends_at_a_hyphenation_keeps_the_hyphen_and_break_in_its_span(report: Extracted):
    m = find("We make one central recom", report)
    assert m is not None and report.text[m.start:m.end] == "We make one central recom"  # no join needed
    searchable = Searchable(report)
    m = find("central recommendation", searchable)
    assert m is not None and report.text[m.start:m.end] == "central recom-\nmendation"
    assert find("central recommendation", searchable) == m  # the prepared source gives the same answer


def test_digits_never_merge_across_a_line_end_hyphen():
    text = "flooded in 2019-\n2024 and in recom-\nmendation"
    joins = [i for i in range(len(text)) if text.startswith("-\n", i)]
    got = Extracted("pdf", text, "0" * 64, "test", pages=(0,), flags=tuple(Flag(i, i + 2, "hyphenation") for i in joins))
    assert find("flooded in 2019-2024", got) is not None
    assert find("flooded in 20192024", got) is None
    assert find("in recommendation", got) is not None


def test_a_changed_digit_is_not_found_even_across_a_hyphenation(report: Extracted):
    assert find("only 40 per cent of the planned embankments were finished", report) is not None
    assert find("only 41 per cent of the planned embankments were finished", report) is None
    assert find("We make one central recommendation", report) is not None
    assert find("We make 1 central recommendation", report) is None


def test_ligature_glyphs_are_spelt_out_and_a_match_through_one_says_so(report: Extracted):
    assert "\ufb01" not in report.text and "\ufb00" not in report.text
    for word in ("financing", "flood funds", "effective"):
        at = report.text.index(word)
        assert "ligature" in report.flags_in(at, at + 2)
    m = find("The financing gap for the remaining embankments is 18 million euros.", report)
    assert m is not None and m.via == ("ligature",) and m.locator == "p. 3"
    plain = find("the whole estuary", report)
    assert plain is not None and plain.via == ()


def test_two_columns_read_down_the_left_column_then_the_right(report: Extracted):
    page_2 = report.text[report.pages[1]:report.pages[2]]
    lines = page_2.strip().split("\n")
    assert lines[1:3] == ["Between 2021 and 2024 the councils raised", "or repaired 14 kilometres of river wall."]
    assert lines[7:9] == ["of funds, and the northern embankment was", "completed in October 2023, six months late."]
    assert lines[-1] == "tide is forecast."
    m = find("the northern embankment was completed in October 2023, six months late", report)
    assert m is not None and m.locator == "p. 2"
    assert m.shown == "the northern embankment was completed in October 2023, six months late"


def test_a_quote_that_runs_onto_the_next_page_is_located_on_both(report: Extracted):
    m = find("Without new money, the remaining works will not begin before 2027", report)
    assert m is not None and m.locator == "pp. 3\u20134"


def test_the_same_pdf_gives_the_same_extraction_every_time(report: Extracted, cache: Path):
    assert extract(PDF, cache=cache, use_cache=False) == report


def test_the_pdf_metadata_is_offered_as_suggestions(report: Extracted):
    assert report.metadata.title == "Holding the Line: Coastal Flood Resilience in the Skarra Estuary"
    assert report.metadata.author == "Harbourside Policy Institute"
    assert report.method.startswith("pypdfium2 ")


def test_every_quote_of_the_reports_project_is_found_with_its_locator(report: Extracted, page: Extracted):
    yaml = pytest.importorskip("yaml")
    sources = {"estuary-review": report, "courier-authority": page}
    facts = yaml.safe_load((SEEDS / "facts.yaml").read_text(encoding="utf-8"))["facts"]
    where = {}
    for fact in facts:
        for ev in fact["evidence"]:
            m = find(ev["quote"], sources[ev["source"]])
            assert m is not None, ev["quote"]
            where.setdefault(fact["id"], []).append(m.locator)
    assert where == {
        "single-authority": ["p. 1"], "long-term-plan": ["p. 1"], "embankment-late": ["p. 2"],
        "financing-gap": ["p. 3"], "works-delayed": ["pp. 3\u20134"],
        "councils-agree": ["Estuary councils back joint flood authority"],
        "votes-in-april": ["A vote in every council"],
        "residents-pumping-station": ["What residents want", "p. 2"],
    }


# ---------------------------------------------------------------- HTML


def test_a_saved_page_keeps_its_article_and_loses_navigation_scripts_banner_and_footer(page: Extracted):
    for boilerplate in ("Home", "Sport", "Weather", "Skip to content", "cookies", "Accept all", "analyticsId",
                        "Subscribe", "Share on social media", "Related stories", "Ferry timetable", "advert",
                        "All rights reserved", "Privacy policy", "position: fixed"):
        assert boilerplate not in page.text, boilerplate
    assert page.text.split("\n")[:2] == ["Estuary councils back joint flood authority", "By Mira Holt, 18 March 2025"]
    assert ("Each council will vote on the plan in April. \"We cannot hold back the river one stretch at a time,\" "
            "said Tomas Berg, leader of the eastern council.") in page.text.split("\n")
    assert "the authority must not become a way" in page.text  # inline markup is only text


def test_headings_of_a_saved_page_are_its_locators(page: Extracted):
    assert [(h.level, h.text) for h in page.headings] == [
        (1, "Estuary councils back joint flood authority"), (2, "A vote in every council"), (2, "What residents want")]
    for h in page.headings:
        assert page.text[h.offset:].startswith(h.text)
    at = page.text.index("about 200 residents")
    assert page.locator(at, at + 10) == "What residents want"
    assert page.locator(0, 5) == "Estuary councils back joint flood authority"


def test_a_saved_page_offers_its_metadata_as_suggestions(page: Extracted):
    meta = page.metadata
    assert (meta.title, meta.author, meta.publisher, meta.date, meta.language) == (
        "Estuary councils back joint flood authority", "Mira Holt", "The Skarra Courier", "2025-03-18", "en-GB")
    assert meta.url == "https://courier.example/news/2025/03/estuary-flood-authority"


def test_a_page_without_article_or_main_goes_to_readability(tmp_path: Path, cache: Path):
    body = " ".join(f"Sentence {i} of the story says something about the river and the councils." for i in range(12))
    path = tmp_path / "old.html"
    path.write_text(f"<html><head><title>Old page</title></head><body><div class='menu'><a href='/'>Home</a></div>"
                    f"<div id='story'><p>{body}</p><p>{body}</p></div><div id='footer'>Contact us</div></body></html>",
                    encoding="utf-8")
    got = extract(path, cache=cache)
    assert got.method.startswith("readability-lxml") and "Sentence 11 of the story" in got.text
    assert "Home" not in got.text


def test_a_page_in_a_declared_legacy_encoding_is_decoded_as_declared(tmp_path: Path, cache: Path):
    path = tmp_path / "latin.html"
    words = "Le conseil a vot\u00e9 le budget de la digue et des travaux pour la ville. " * 3
    path.write_bytes(f"<html><head><meta charset='iso-8859-1'></head><body><main><p>{words}</p></main></body></html>"
                     .encode("iso-8859-1"))
    assert "a vot\u00e9 le budget" in extract(path, cache=cache).text


def test_the_same_page_gives_the_same_text_every_time(tmp_path: Path):
    first = extract(HTML, cache=tmp_path / "a")
    assert extract(HTML, cache=tmp_path / "b") == first


# ---------------------------------------------------------------- text


def test_text_files_pass_through_unchanged(tmp_path: Path, cache: Path):
    path = tmp_path / "a.md"
    text = "# Title\r\n\nSome  text,\twith \u201cquotes\u201d.\n"
    path.write_bytes(text.encode("utf-8"))
    got = extract(path, cache=cache)
    assert (got.kind, got.text, got.pages, got.flags, got.locator(0, 3)) == ("text", text, (), (), None)
    assert not cache.exists()  # nothing to cache


# ---------------------------------------------------------------- the cache


def test_a_second_extraction_comes_from_the_cache_without_running_the_reader(cache: Path, monkeypatch):
    first = extract(PDF, cache=cache)
    entries = list((cache / "sources").iterdir())
    assert [p.name for p in entries] == [f"{first.sha256}.pdf.json"]

    def no_reader(*args: object, **kw: object) -> None:
        raise AssertionError("the PDF was read again")

    monkeypatch.setattr(extract_module, "run_worker", no_reader)
    started = time.perf_counter()
    again = extract(PDF, cache=cache)
    assert time.perf_counter() - started < 0.5
    assert again == first


def test_a_changed_file_is_extracted_again(tmp_path: Path, cache: Path):
    path = tmp_path / "page.html"
    shutil.copy(HTML, path)
    first = extract(path, cache=cache)
    path.write_bytes(HTML.read_bytes().replace(b"about 200 residents", b"about 300 residents"))
    second = extract(path, cache=cache)
    assert second.sha256 != first.sha256 and "about 300 residents" in second.text
    assert len(list((cache / "sources").iterdir())) == 2


def test_a_cached_extraction_from_another_extractor_version_is_not_used(cache: Path, monkeypatch):
    extract(HTML, cache=cache)
    (entry,) = (cache / "sources").iterdir()
    entry.write_text(entry.read_text(encoding="utf-8").replace("about 200 residents", "about 900 residents"),
                     encoding="utf-8")
    assert "about 900 residents" in extract(HTML, cache=cache).text  # same version: the cache is trusted
    monkeypatch.setattr(extract_module, "EXTRACTOR_VERSION", extract_module.EXTRACTOR_VERSION + 1)
    assert "about 200 residents" in extract(HTML, cache=cache).text


def test_a_damaged_cache_entry_is_extracted_again(cache: Path):
    first = extract(HTML, cache=cache)
    (entry,) = (cache / "sources").iterdir()
    entry.write_bytes(entry.read_bytes()[:40])
    assert extract(HTML, cache=cache) == first
    assert extract(HTML, cache=cache, use_cache=False) == first


def test_the_cache_folder_is_briefgen_cache_else_xdg_else_home(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("BRIEFGEN_CACHE", str(tmp_path / "mine"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("BRIEFGEN_CACHE")
    assert cache_dir() == tmp_path / "xdg" / "briefgen"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    if sys.platform != "win32":
        assert cache_dir() == tmp_path / "home" / ".cache" / "briefgen"


def test_an_unwritable_cache_only_costs_the_cache(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert extract(HTML, cache=blocker).kind == "html"


# ---------------------------------------------------------------- bad input


def _canvas_pdf(path: Path, draw, **kw: object) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), invariant=1, **kw)
    draw(c)
    c.showPage()
    c.save()
    return path


def test_an_encrypted_pdf_is_an_error_that_says_so(tmp_path: Path, cache: Path):
    from reportlab.lib.pdfencrypt import StandardEncryption

    path = _canvas_pdf(tmp_path / "locked.pdf", lambda c: c.drawString(72, 700, "Secret text of the report."),
                       encrypt=StandardEncryption("user-password", "owner-password"))
    assert _error(path, cache=cache) == "PDF `locked.pdf` is encrypted: it needs a password to open"


def test_a_pdf_that_only_restricts_permissions_is_read(tmp_path: Path, cache: Path):
    from reportlab.lib.pdfencrypt import StandardEncryption

    path = _canvas_pdf(tmp_path / "restricted.pdf", lambda c: c.drawString(72, 700, "Open text of the report."),
                       encrypt=StandardEncryption("", "owner-password", canCopy=0))
    assert extract(path, cache=cache).text == "Open text of the report."


def test_a_scanned_pdf_without_a_text_layer_is_an_error_that_says_so(tmp_path: Path, cache: Path):
    def draw(c):
        c.setFillGray(0.5)
        c.rect(72, 400, 400, 300, fill=1)  # a picture of a page, no text

    path = _canvas_pdf(tmp_path / "scan.pdf", draw)
    assert _error(path, cache=cache) == "PDF `scan.pdf` has no text layer: it looks like a scan"


@pytest.mark.parametrize("name, content, message", [
    ("report.html", PDF, "source file `report.html` is a PDF, not what its extension `.html` says"),
    ("report.txt", PDF, "source file `report.txt` is a PDF, not what its extension `.txt` says"),
    ("page.pdf", HTML, "source file `page.pdf` is an HTML page, not what its extension `.pdf` says"),
    ("notes.pdf", None, "source file `notes.pdf` is plain text, not what its extension `.pdf` says"),
    ("zipped.html", b"PK\x03\x04\x14\x00\x00\x00", "source file `zipped.html` is a binary file, not what its extension `.html` says"),
])
def test_a_file_whose_content_does_not_match_its_extension_is_an_error(tmp_path: Path, cache: Path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content.read_bytes() if isinstance(content, Path) else content or b"Just some notes.\n")
    assert _error(path, cache=cache) == message


def test_an_unsupported_extension_is_an_error(tmp_path: Path, cache: Path):
    path = tmp_path / "report.docx"
    path.write_bytes(b"PK\x03\x04")
    assert _error(path, cache=cache) == "source file `report.docx` has an extension briefgen cannot read"


def test_an_oversized_pdf_is_an_error_naming_the_limit(cache: Path):
    size = PDF.stat().st_size
    assert _error(PDF, cache=cache, limits=Limits(max_pdf_bytes=1000)) == (
        f"source file `estuary-report.pdf` is {size:,} bytes, over the limit of 1,000 for a PDF source")
    assert Limits().max_pdf_bytes == 50 * 1024 * 1024  # the documented default


def test_a_pdf_with_too_many_pages_is_an_error(cache: Path):
    assert _error(PDF, cache=cache, limits=Limits(max_pages=3)) == (
        "PDF `estuary-report.pdf` has 4 pages, over the limit of 3")


def test_a_truncated_pdf_is_an_error(tmp_path: Path, cache: Path):
    path = tmp_path / "cut.pdf"
    data = PDF.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert _error(path, cache=cache) == "PDF `cut.pdf` is truncated: it does not end with `%%EOF`"


def test_a_corrupt_pdf_is_an_error(tmp_path: Path, cache: Path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8 + b"\n%%EOF\n")
    assert _error(path, cache=cache).startswith("PDF `broken.pdf` cannot be read: it is damaged or not a PDF (")


def test_a_pdf_reader_that_runs_over_its_time_is_stopped(cache: Path):
    assert _error(PDF, cache=cache, limits=Limits(timeout=0.001)) == (
        "PDF `estuary-report.pdf` took longer than 0.001 s to read, so briefgen stopped")


def test_a_pdf_reader_that_crashes_is_an_error_not_a_crash():
    with pytest.raises(BriefgenError) as info:
        extract_module.run_worker([sys.executable, "-c", "import os; os.abort()"], timeout=30, name="x.pdf", span=SPAN)
    assert info.value.diagnostics[0].message.startswith("the PDF reader crashed on `x.pdf` (")
    with pytest.raises(BriefgenError) as info:
        extract_module.run_worker([sys.executable, "-c", "print('not json')"], timeout=30, name="x.pdf", span=SPAN)
    assert info.value.diagnostics[0].message == "the PDF reader gave no answer for `x.pdf`"


def test_a_page_with_no_main_text_is_an_error(tmp_path: Path, cache: Path):
    path = tmp_path / "consent.html"
    path.write_text("<html><head><script>var x = 1;</script></head><body><nav><a href='/'>Home</a></nav>"
                    "<div class='cookie-banner'><p>We use cookies to improve your experience on this site, "
                    "please accept them.</p></div><footer>All rights reserved</footer></body></html>",
                    encoding="utf-8")
    assert _error(path, cache=cache) == (
        "web page `consent.html` has no main text: only 0 words are left once navigation, scripts and banners "
        "are removed")


def test_a_missing_source_file_is_an_error(tmp_path: Path, cache: Path):
    assert _error(tmp_path / "gone.pdf", cache=cache).startswith("source file `")


# ---------------------------------------------------------------- speed


@pytest.mark.slow
def test_a_200_page_report_is_extracted_in_under_10_s_and_read_from_the_cache_in_under_1_s(tmp_path: Path):
    path = tmp_path / "long.pdf"
    _maker().write_long_report(path, pages=200)
    started = time.perf_counter()
    first = extract(path, cache=tmp_path / "cache")
    cold = time.perf_counter() - started
    started = time.perf_counter()
    again = extract(path, cache=tmp_path / "cache")
    warm = time.perf_counter() - started
    print(f"200-page PDF: first extraction {cold:.2f} s, cached {warm:.3f} s")
    assert again == first and len(first.pages) == 200
    assert first.page_of(first.text.index("Page 199 line 44")) == 199
    assert cold < 10 and warm < 1


def test_columns_laid_out_by_platypus_frames_read_in_order(tmp_path: Path, cache: Path):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

    width, height = A4
    half = (width - 144 - 24) / 2
    frames = [Frame(72, 72, half, height - 144, id="left"), Frame(72 + half + 24, 72, half, height - 144, id="right")]
    path = tmp_path / "columns.pdf"
    doc = BaseDocTemplate(str(path), pagesize=A4, pageTemplates=[PageTemplate(frames=frames)], invariant=1)
    style = getSampleStyleSheet()["BodyText"]
    paragraphs = [f"Paragraph {i} begins here and goes on about the river wall, the pumping station and the "
                  f"money for both, long enough to wrap over several lines of its column. End of {i}."
                  for i in range(1, 19)]
    doc.build([Paragraph(p, style) for p in paragraphs])
    got = extract(path, cache=cache)
    found = [find(p, got) for p in paragraphs]
    assert all(m is not None for m in found)
    starts = [m.start for m in found if m is not None]
    assert starts == sorted(starts)  # the left column, then the right one, paragraph by paragraph


def test_a_page_declaring_an_unknown_encoding_is_an_error(tmp_path: Path, cache: Path):
    path = tmp_path / "odd.html"
    path.write_bytes(b"<html><head><meta charset='x-martian'></head><body><main><p>Text.</p></main></body></html>")
    assert _error(path, cache=cache) == (
        "web page `odd.html` cannot be decoded: the page declares the unknown character encoding `x-martian`")


def test_a_registry_entry_is_suggested_from_the_page_metadata_only(page: Extracted, report: Extracted):
    from briefgen.sources.registry import suggested_entry

    assert suggested_entry(page, file="courier-flood-authority.html", taken=frozenset({"estuary-councils-back-joint-flood-authority"})) == {
        "id": "estuary-councils-back-joint-flood-authority-2", "file": "courier-flood-authority.html",
        "title": "Estuary councils back joint flood authority", "published": "2025-03-18",
        "publisher": "The Skarra Courier", "author": "Mira Holt",
        "url": "https://courier.example/news/2025/03/estuary-flood-authority", "language": "en"}
    entry = suggested_entry(report, file="estuary-report.pdf")
    assert entry["publisher"] is None and entry["url"] is None and entry["language"] is None  # never guessed
    assert entry["author"] == "Harbourside Policy Institute"


def test_a_text_file_is_registered_under_its_own_name_with_its_headline_as_title():
    from briefgen.sources.extracted import Extracted, Metadata
    from briefgen.sources.registry import headline, suggested_entry

    def text(body: str) -> Extracted:
        return Extracted("text", body, "0" * 64, "test")

    article = text("\nBrenmoor council sets aside money for a second solar field\n\nThe town council voted.\n")
    entry = suggested_entry(article, file="council-budget.txt")
    assert entry["id"] == "council-budget"  # the author's own name for the file, as in seeds/
    assert entry["title"] == "Brenmoor council sets aside money for a second solar field"
    assert entry["published"] is None and entry["language"] is None  # never guessed
    # a first line that is a sentence of the body, or a paragraph, is no headline: the file's name stays
    assert headline(text("The town council voted on 14 March.\nMore.")) is None
    assert headline(text("word " * 40)) is None
    assert suggested_entry(text("The council voted.\n"), file="notes.txt")["title"] == "notes"
    # an id made from a long title ends with a whole word
    long = Extracted("html", "x", "0" * 64, "test", metadata=Metadata(title="Brenmoor council sets aside money for a second solar field"))
    assert suggested_entry(long, file="page.html")["id"] == "brenmoor-council-sets-aside-money-for-a-second"


def test_a_dense_table_page_keeps_every_cell(tmp_path: Path, cache: Path):
    def draw(c):
        c.setFont("Helvetica", 4)
        for row in range(100):
            for col in range(10):
                c.drawString(40 + col * 52, 800 - row * 7, f"r{row}c{col}")

    got = extract(_canvas_pdf(tmp_path / "table.pdf", draw), cache=cache)
    cells = got.text.split()
    assert sorted(cells) == sorted(f"r{row}c{col}" for row in range(100) for col in range(10))
    assert cells[:3] == ["r0c0", "r1c0", "r2c0"]  # a grid is read column by column, like any columns
