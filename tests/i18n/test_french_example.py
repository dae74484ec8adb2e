"""briefs/public-fr.yaml builds into a French PDF, DOCX and deck: no English word of briefgen's own,
French dates, and every format tagged `fr`."""

from __future__ import annotations

import functools
import re
import zipfile
from pathlib import Path

import pytest

from briefgen import i18n

_ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                   "October", "November", "December")


@pytest.fixture(scope="module")
def built(example_build):
    checked = example_build.checked["public-fr"]
    assert not checked.warnings, [d.message for d in checked.warnings]
    return checked.brief, example_build.out


def test_the_french_outline_checked_alone_gives_no_warning():
    # (the session builds it with its siblings; a warning that only shows alone would show here)
    from example_build import REPO

    from briefgen.load.project import Options
    from briefgen.pipeline import check

    report = check([REPO / "briefs" / "public-fr.yaml"], options=Options(root=REPO))
    assert report.ok and not report.diagnostics, [d.message for d in report.diagnostics]


def _xml_text(data: bytes, tag: str) -> str:
    return " ".join(re.findall(rf"<{tag}(?: [^>]*)?>([^<]*)</{tag}>", data.decode("utf-8")))


@functools.cache  # `out` is the shared example build, which no test changes
def _texts(out: Path) -> dict[str, str]:
    from pypdf import PdfReader

    pdf = " ".join(page.extract_text() or "" for page in PdfReader(out / "public-fr.pdf").pages)
    with zipfile.ZipFile(out / "public-fr.docx") as z:
        docx = " ".join(_xml_text(z.read(n), "w:t") for n in z.namelist() if n.startswith("word/") and n.endswith(".xml"))
    with zipfile.ZipFile(out / "public-fr.pptx") as z:
        pptx = " ".join(_xml_text(z.read(n), "a:t") for n in z.namelist()
                        if re.match(r"ppt/(slides|notesSlides)/\w+\.xml$", n))
    return {"pdf": pdf, "docx": docx, "pptx": pptx}


def _fold(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def _english_words(brief) -> set[str]:
    """The English catalogue's words that French says otherwise, but for those that the sources'
    own words (quotes, titles, outlets, names: printed verbatim) contain."""
    english, french = i18n.load_catalogue("en").labels, i18n.load_catalogue("fr").labels
    verbatim = _fold(" ".join([e.quote for n in brief.notes for e in n.evidence] +
                              [f"{s.title} {s.publisher or ''} {s.author or ''}" for s in brief.sources])).lower()
    out = set()
    for key, value in english.items():
        if french[key] == value:
            continue
        for fragment in re.split(r"\{[a-z_]+\}", value):
            fragment = _fold(fragment).strip(" :;,.()")
            pattern = rf"(?<!\w){re.escape(fragment.lower())}(?!\w)"
            if len(fragment) >= 4 and not re.search(pattern, verbatim) and not re.search(pattern, _fold(french[key]).lower()):
                out.add(fragment)
    return out


def test_no_english_word_of_briefgen_is_left_in_any_format(built):
    brief, out = built
    words = _english_words(brief)
    assert {"Contents", "Learning objectives", "Also reported by", "undated", "Glossary"} <= words
    for fmt, text in _texts(out).items():
        text = _fold(text)
        left = sorted(w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text))
        assert not left, f"{fmt}: {left}"


def _alternatives(out: Path) -> dict[str, str]:
    """What a screen reader says of the pictures and tables that has no text on the page: the
    PDF's /Alt entries, the DOCX's picture descriptions and table descriptions, the deck's."""
    import html

    import pikepdf

    with pikepdf.open(out / "public-fr.pdf") as pdf:
        alts = [str(o.Alt) for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and "/Alt" in o]
    found = {"pdf": alts}
    for fmt, pattern in (("docx", r"word/document\.xml$"), ("pptx", r"ppt/slides/slide\d+\.xml$")):
        with zipfile.ZipFile(out / f"public-fr.{fmt}") as z:
            found[fmt] = [html.unescape(v) for n in z.namelist() if re.match(pattern, n)
                          for v in re.findall(r'(?:descr|tblDescription w:val)="([^"]*)"', z.read(n).decode())]
    assert all(found.values()), found  # every format has some to check
    return {fmt: "\n".join(texts) for fmt, texts in found.items()}


def test_no_english_word_of_briefgen_is_left_in_any_text_alternative(built):
    brief, out = built
    words = _english_words(brief) | {"rows", "columns"}
    for fmt, text in _alternatives(out).items():
        text = _fold(text)
        assert "Tableau" in text or fmt == "pdf", fmt  # a table's description, in French
        left = sorted(w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text))
        assert not left, f"{fmt}: {left}"


def test_dates_are_french_in_every_format(built):
    brief, out = built
    for fmt, text in _texts(out).items():
        text = _fold(text)
        assert "1er mai 2024" in text, fmt  # the brief's date, in the masthead or cover
        assert "26 juillet 2023" in text, fmt  # a timeline date
        assert "12 avril 2024" in text or fmt == "pptx", fmt  # a note's source date (the deck shows notes as numbers)
    # English month names appear only where a source's verbatim words have them
    quotes = " ".join(e.quote for n in brief.notes for e in n.evidence)
    for fmt, text in _texts(out).items():
        for month in _ENGLISH_MONTHS:
            if month not in quotes:
                assert month not in text, (fmt, month)


def test_every_format_is_tagged_french(built):
    import pikepdf

    _, out = built
    with pikepdf.open(out / "public-fr.pdf") as pdf:
        assert str(pdf.Root.Lang) == "fr"
    with zipfile.ZipFile(out / "public-fr.docx") as z:
        langs = set(re.findall(r'<w:lang [^>]*w:val="([^"]+)"', z.read("word/styles.xml").decode()))
        langs |= set(re.findall(r'<w:lang [^>]*w:val="([^"]+)"', z.read("word/document.xml").decode()))
    assert langs == {"fr"}
    with zipfile.ZipFile(out / "public-fr.pptx") as z:
        slides = [n for n in z.namelist() if re.match(r"ppt/slides/slide\d+\.xml$", n)]
        runs = [lang for n in slides for lang in re.findall(r'<a:(?:rPr|endParaRPr) [^>]*lang="([^"]+)"', z.read(n).decode())]
    assert runs and set(runs) == {"fr"}


def test_french_typography_reaches_every_format(built):
    _, out = built
    for fmt, text in _texts(out).items():
        assert "Instructeurs ou combattants\u202f?" in text or "Instructeurs ou combattants ?" in _fold(text), fmt
        assert "l\u2019Occident" in text, fmt
        assert "l'Occident" not in text, fmt


def test_a_theme_asking_for_hyphenation_hyphenates_french_body_text_but_not_headings(built, tmp_path):
    from dataclasses import replace
    from types import MappingProxyType

    from pypdf import PdfReader

    from briefgen.render import pdf
    from briefgen.theme import load_theme

    brief, out = built
    theme = load_theme("default")
    plain_pdf = PdfReader(out / "public-fr.pdf")
    hyphenated = replace(theme, pdf=MappingProxyType({**theme.pdf, "hyphenate": True}))
    path = tmp_path / "hyphenated.pdf"
    path.write_bytes(pdf.render(brief, theme=hyphenated).data)
    lines = [line.rstrip() for page in PdfReader(path).pages for line in (page.extract_text() or "").splitlines()]
    broken = [line for line in lines if re.search(r"[a-zé]-$", line)]
    assert broken, "French body text is hyphenated"
    assert not any(line.rstrip().endswith("-") for page in plain_pdf.pages
                   for line in (page.extract_text() or "").splitlines() if re.search(r"[a-zé]-$", line.rstrip()))
    headings = [s.heading for s in brief.sections] + [brief.title]
    assert not any(line.endswith("-") and any(line.rstrip("-") in h for h in headings) for line in broken)


def test_the_pdfs_link_descriptions_are_french(built):
    # A screen reader announces a link by its /Contents; the notes' links back to their citations
    # said "Back to citation 3" in the French brief.
    from pypdf import PdfReader

    _, out = built
    said = [str(a.get_object().get("/Contents", "")) for page in PdfReader(out / "public-fr.pdf").pages
            for a in page.get("/Annots") or ()]
    assert any(s.startswith("Retour à l’appel de note ") for s in said)
    assert not [s for s in said if re.match(r"(Back to citation|Link to|Source:) ", s)]
