"""Notes and Sources entries in every citation style, against golden files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.model import Evidence, Inline, Note, PartialDate, Source, Text
from briefgen.resolve.notes import STYLES, corroboration, format_note, format_source

GOLDEN = Path(__file__).parent.parent / "golden" / "notes"
UPDATE = os.environ.get("BRIEFGEN_UPDATE_GOLDEN") == "1"

DATED = Source("dated", "West Africa: Russia sends military trainers to Niger", PartialDate(2024, 4, 12))
UNDATED = Source("undated", "Niger-Russia: the military partnership that displeases the West")
FULL = Source("full", "Ferry link to Skarra Island to close for repairs", PartialDate(2024, 5, 13),
              publisher="Coastline Wire", author="Mira Holt", url="https://wire.example.org/2024/05/13/skarra-ferry")
OUTLET = Source("outlet", "Is the pier safe?", PartialDate(2024, 5), publisher="Bay Herald")
COPY = Source("copy", "Ferry link to Skarra Island to close for repairs", PartialDate(2024, 5, 14))
SOURCES = {s.id: s for s in (DATED, UNDATED, FULL, OUTLET, COPY)}

NOTES = {
    "dated article, no author, publisher or url": Note(
        1, "a", "c", (Evidence("dated", "Russia has sent an anti-aircraft system and 100 military trainers to Niger"),), ()),
    "undated article": Note(2, "b", "c", (Evidence("undated", "Russian military instructors arrived in Niamey"),), ()),
    "article with author, publisher and url": Note(
        3, "c", "c", (Evidence("full", "About 1,400 islanders depend on the ferry"),), ()),
    "two quotes from one source": Note(4, "d", "c", (
        Evidence("dated", "Until the military coup last July"),
        Evidence("dated", "since the military seized power on July 26")), ()),
    "fact with two independent sources": Note(5, "e", "c", (
        Evidence("full", "will close for twelve weeks"), Evidence("outlet", "the pier needs \"urgent repairs\"")),
        (), source_count=2),
    "fact with a republished source": Note(6, "f", "c", (
        Evidence("full", "will close for twelve weeks"), Evidence("copy", "will close for twelve weeks")), (), source_count=1),
    "fact with attribution": Note(7, "g", "c", (Evidence("dated", "We are here to train the army of Niger"),), (),
                                  attributed_to="a hooded man in military uniform, shown on Niger's state television"),
}


def _show(inlines: tuple[Inline, ...]) -> str:
    """Return inlines as text with *italic* and <link> marked, for golden files."""
    out = []
    for x in inlines:
        assert isinstance(x, Text)
        t = x.text
        if x.href and not x.href.startswith("#"):
            t = f"<{t}>"
        if x.italic:
            t = f"*{t}*"
        out.append(t)
    return "".join(out)


def _render(style: str) -> str:
    lines = [f"# citation style: {style}", "", "## notes"]
    for name, note in NOTES.items():
        lines += [f"[{name}]", _show(format_note(note, SOURCES, style=style)), ""]
    lines.append("## sources")
    for src in SOURCES.values():
        lines += [f"[{src.id}]", _show(format_source(src, style=style)), ""]
    return "\n".join(lines)


@pytest.mark.parametrize("style", sorted(STYLES))
def test_notes_and_sources_match_the_golden_file(style):
    path = GOLDEN / f"{style}.txt"
    text = _render(style)
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"rerun with BRIEFGEN_UPDATE_GOLDEN=1 and review {path}"


@pytest.mark.parametrize("style", sorted(STYLES))
def test_an_article_without_author_or_publisher_prints_its_title_once_and_no_stray_words(style):
    for src in (DATED, UNDATED, COPY):
        text = _show(format_source(src, style=style)) + _show(
            format_note(Note(1, "x", "c", (Evidence(src.id, "q"),), ()), SOURCES, style=style))
        assert text.count(src.title) == 2  # once in the entry, once in the note
        for stray in ("edition", "Edition", "n.d.", "preprint", "Anonymous"):
            assert stray not in text


@pytest.mark.parametrize("style", sorted(STYLES))
def test_the_note_holds_the_quote_title_date_attribution_and_count(style):
    note = NOTES["fact with two independent sources"]
    body = _show(format_note(Note(note.number, note.fact_id, note.claim, note.evidence, (),
                                  attributed_to="Mira Holt", source_count=2), SOURCES, style=style))
    assert "\u201cwill close for twelve weeks\u201d" in body
    assert "\u201cthe pier needs \u2018urgent repairs\u2019\u201d" in body
    assert FULL.title in body and OUTLET.title in body and "2024" in body
    assert "Attributed to Mira Holt." in body and "Reported by two independent sources." in body


@pytest.mark.parametrize("style", sorted(STYLES))
def test_an_undated_source_says_undated(style):
    assert "undated" in _show(format_source(UNDATED, style=style))
    assert "undated" in _show(format_note(NOTES["undated article"], SOURCES, style=style))


@pytest.mark.parametrize("style", sorted(STYLES))
def test_nothing_unknown_is_invented(style):
    text = _show(format_source(DATED, style=style)) + _show(format_note(NOTES["dated article, no author, publisher or url"],
                                                                        SOURCES, style=style))
    assert "http" not in text and "<" not in text and "*" not in text.replace("*West", "").replace("Niger*", "")


@pytest.mark.parametrize("style", sorted(STYLES))
def test_the_url_is_a_link_and_the_outlet_is_italic(style):
    entry = format_source(FULL, style=style)
    assert any(isinstance(x, Text) and x.href == FULL.url and x.text == FULL.url for x in entry)
    assert any(isinstance(x, Text) and x.italic and x.text == "Coastline Wire" for x in entry)


def test_markup_in_titles_stays_literal_text():
    src = Source("m", "Sahel <b>bold</b> & \"quoted\" \ue000title\ue001", PartialDate(2021), author="Ruiz Jr.")
    for style in STYLES:
        text = "".join(x.text for x in format_source(src, style=style) if isinstance(x, Text))
        assert "<b>bold</b> &" in text and "\ue000" not in text and "\ue001" not in text


def test_a_title_ending_in_a_question_mark_takes_no_extra_comma():
    body = _show(format_note(Note(1, "x", "c", (Evidence("outlet", "q"),), ()), SOURCES, style="chicago"))
    assert "\u201cIs the pier safe?\u201d *Bay Herald*" in body


def test_an_unknown_style_is_refused():
    with pytest.raises(ValueError, match="unknown citation style `mla`"):
        format_source(DATED, style="mla")


@pytest.mark.parametrize("sources,independent,expected", [
    (1, 1, ""), (2, 2, "Reported by two independent sources."), (2, 1, "Both sources carry the same original report."),
    (3, 2, "Reported by three sources, two of them independent."), (3, 1, "All three sources carry the same original report."),
])
def test_corroboration_counts_independent_sources(sources, independent, expected):
    assert corroboration(sources, independent) == expected


def test_importing_the_notes_module_does_not_import_citeproc():
    code = "import sys, briefgen.resolve.notes; print('citeproc' in sys.modules, 'lxml' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
