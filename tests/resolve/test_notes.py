"""Notes and Sources entries in every citation style, against golden files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.model import Evidence, Inline, Note, PartialDate, Source, Text
from briefgen.resolve.notes import STYLES, corroboration, format_note, format_source, short_title

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
        entry = _show(format_source(src, style=style))
        note = _show(format_note(Note(1, "x", "c", (Evidence(src.id, "q"),), ()), SOURCES, style=style))
        assert entry.count(src.title) == 1
        assert note.count(short_title(src.title)) == 1
        for stray in ("edition", "Edition", "n.d.", "preprint", "Anonymous"):
            assert stray not in entry + note


@pytest.mark.parametrize("style", sorted(STYLES))
def test_the_note_holds_the_quote_short_title_date_attribution_and_corroboration(style):
    note = NOTES["fact with two independent sources"]
    body = _show(format_note(Note(note.number, note.fact_id, note.claim, note.evidence, (),
                                  attributed_to="Mira Holt", source_count=2), SOURCES, style=style))
    assert "\u201cwill close for twelve weeks\u201d" in body
    assert "\u201cthe pier needs \u2018urgent repairs\u2019\u201d" in body  # a further source's quote too
    assert ("Mira Holt" if style == "apa" else "Ferry link to Skarra") in body
    assert OUTLET.title in body and "2024" in body
    assert body.startswith("According to Mira Holt: \u201c")
    assert "Also reported" in body
    for old in ("Attributed to", "Reported by two", "independent sources", " said:"):
        assert old not in body


@pytest.mark.parametrize("style", sorted(STYLES))
def test_a_note_gives_the_short_form_and_no_url_outlet_or_full_title(style):
    body = _show(format_note(NOTES["article with author, publisher and url"], SOURCES, style=style))
    assert FULL.url not in body and "http" not in body and "<" not in body
    assert "Coastline Wire" not in body and FULL.title not in body
    assert "Mira Holt" in body and ("Ferry link" not in body if style == "apa" else "Ferry link to Skarra" in body)
    # ... which the Sources entry carries in full
    entry = _show(format_source(FULL, style=style))
    assert FULL.url in entry and "Coastline Wire" in entry and FULL.title in entry


@pytest.mark.parametrize("style", sorted(STYLES))
def test_a_further_source_with_the_same_quote_is_named_without_repeating_the_quote(style):
    body = _show(format_note(NOTES["fact with a republished source"], SOURCES, style=style))
    assert body.count("will close for twelve weeks") == 1
    assert "Also reported by" in body and "Both carry the same original report." in body


@pytest.mark.parametrize("style", sorted(STYLES))
def test_a_source_quoted_twice_around_another_is_named_once_with_both_quotes(style):
    note = Note(1, "x", "c", (Evidence("dated", "first"), Evidence("undated", "other"), Evidence("dated", "second")), (),
                source_count=2)
    body = _plain(format_note(note, SOURCES, style=style))
    assert body.count("West Africa") == 1 and body.count("Niger-Russia") == 1
    assert "\u201cfirst\u201d; \u201csecond\u201d" in body and body.count("\u201cother\u201d") == 1


@pytest.mark.parametrize("style", sorted(STYLES))
def test_a_note_without_evidence_is_formatted_without_failing(style):
    # a fact without evidence is reported as an input error; formatting its note must not crash
    assert format_note(Note(1, "x", "c", (), ()), SOURCES, style=style) == ()


@pytest.mark.parametrize("title,short", [
    ("West Africa: Russia sends military trainers to Niger", "West Africa"),
    ("Niger-Russia: the military partnership that displeases the West", "Niger-Russia"),
    ("Ferry link to Skarra Island to close for repairs", "Ferry link to Skarra"),
    ("Is the pier safe?", "Is the pier safe?"),
    ("Report on the state of the art", "Report on the state"),
    ("Notes for the people of Skarra", "Notes for the people"),
    ("  Two\n  lines of  text here again", "Two lines of text"),
    (": leading colon only here now", ": leading colon only"),
])
def test_a_short_title_is_the_start_of_the_main_title_in_at_most_four_words(title, short):
    assert short_title(title) == short


def test_two_sources_whose_short_titles_would_clash_print_their_full_titles():
    a = Source("a", "Sahel: one story", PartialDate(2024, 4, 12))
    b = Source("b", "Sahel: another story", PartialDate(2024, 4, 12))
    sources = {"a": a, "b": b}
    for style in STYLES:
        body = _plain(format_note(Note(1, "x", "c", (Evidence("a", "q"),), ()), sources, style=style))
        assert a.title in body


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


def _plain(inlines: tuple[Inline, ...]) -> str:
    return "".join(x.text for x in inlines if isinstance(x, Text))


def test_markup_in_titles_stays_literal_text():
    src = Source("m", "Sahel <b>bold</b> & \"quoted\" \ue000title\ue001", PartialDate(2021), author="Ruiz Jr.")
    for style in STYLES:
        text = _plain(format_source(src, style=style))
        assert "<b>bold</b> &" in text


@pytest.mark.parametrize("style", sorted(STYLES))
def test_characters_briefgen_uses_as_template_marks_print_as_written(style):
    # the formatter's own private-use marks and placeholders, in a source's values
    marks = "".join(map(chr, range(0xE000, 0xE018)))
    src = Source("m", f"Title {marks}", PartialDate(2021, 5, 4), publisher=f"Outlet {marks}", author=f"Ana {marks}",
                 url=f"https://example.org/{marks}")
    text = _plain(format_source(src, style=style))
    for value in (src.title, src.publisher, src.author, src.url):
        assert value in text
    note = _plain(format_note(Note(1, "x", "c", (Evidence("m", "q"),), ()), {"m": src}, style=style))
    assert src.author in note and (style == "apa" or short_title(src.title) in note)


# The defect of issue 13: the template's stand-in date (1987, October, 23) was swapped for the
# source's own after the title had been put in, so these words of the title changed too.
REPORTED = Source("storm", "Octavia recalls the October 1987 storm: 23 boats lost", PartialDate(2022, 3, 3))


@pytest.mark.parametrize("style", sorted(STYLES))
def test_a_title_holding_the_template_date_prints_as_written(style):
    note = format_note(Note(1, "x", "c", (Evidence("storm", "q"),), ()), {"storm": REPORTED}, style=style)
    entry, note_text = _plain(format_source(REPORTED, style=style)), _plain(note)
    assert REPORTED.title in entry and "Octavia recalls the October" in note_text
    assert "Maravia" not in entry + note_text
    assert ("3 March 2022" if style == "chicago" else "(2022, March 3)") in entry
    assert ("3 March 2022" if style == "chicago" else " 2022)") in note_text


def test_the_reported_example_reads_in_full():
    assert _show(format_source(REPORTED, style="chicago")) == \
        "\u201cOctavia recalls the October 1987 storm: 23 boats lost,\u201d 3 March 2022."
    assert _show(format_source(REPORTED, style="apa")) == \
        "Octavia recalls the October 1987 storm: 23 boats lost. (2022, March 3)."


@pytest.mark.parametrize("style", sorted(STYLES))
def test_every_field_may_hold_dates_and_month_names(style):
    src = Source("d", "May 2024 in 1987: 12 October", PartialDate(2024, 5, 12), publisher="October 23 Press",
                 author="June 1987", url="https://example.org/1987/10/23/october")
    text = _plain(format_source(src, style=style))
    for value in (src.title, src.publisher, src.author, src.url):
        assert value in text


@pytest.mark.parametrize("date,chicago,apa", [
    (PartialDate(2024), "2024.", "(2024)."),
    (PartialDate(2024, 7), "July 2024.", "(2024, July)."),
    (PartialDate(2024, 7, 9), "9 July 2024.", "(2024, July 9)."),
    (PartialDate(5, 3), "March 0005.", "(0005, March)."),
    (PartialDate(5), "0005.", "(0005)."),
    (PartialDate(0, 1, 2), "2 January 0000.", "(0000, January 2)."),
])
def test_a_date_prints_at_its_precision_with_the_year_in_four_digits(date, chicago, apa):
    src = Source("d", "A title", date)
    assert _plain(format_source(src, style="chicago")).endswith(chicago)
    assert _plain(format_source(src, style="apa")).endswith(apa)


def test_punctuation_inside_a_title_is_kept_and_only_the_styles_own_is_dropped():
    src = Source("p", "Why?, he asked. Jr.. and U.S.", PartialDate(2024), author="Ruiz Jr.")
    chicago = _plain(format_source(src, style="chicago"))
    assert chicago == "Ruiz Jr. \u201cWhy?, he asked. Jr.. and U.S.,\u201d 2024."  # an abbreviation takes the comma
    assert _plain(format_source(src, style="apa")) == "Ruiz Jr. (2024). Why?, he asked. Jr.. and U.S."


def test_only_the_url_field_is_a_link_to_the_url():
    url = "https://wire.example.org/a"
    src = Source("u", f"About {url}", PartialDate(2024), publisher=url, url=url)
    for style in STYLES:
        entry = format_source(src, style=style)
        assert [x.text for x in entry if isinstance(x, Text) and x.href == url] == [url]
        assert src.title in _plain(entry)


def test_in_a_note_the_short_title_and_only_it_links_to_the_sources_entry():
    src = Source("t", "A *title* [@id] {x}", PartialDate(2024), author="A. B.", publisher="Outlet")
    for style in STYLES:
        note = format_note(Note(1, "x", "c", (Evidence("t", "q"),), ()), {"t": src}, style=style)
        linked = [x.text for x in note if isinstance(x, Text) and x.href == "#source-t"]
        # APA cites an article with an author by its author (Holt, 2024)
        assert linked == ([src.author] if style == "apa" else [src.title])


def test_spacing_and_line_breaks_in_a_field_print_as_one_space_but_other_spaces_stay():
    src = Source("s", "  Two\n  lines\u00a0and\u2009thin  ", PartialDate(2024), author="Ana\tRuiz")
    text = _plain(format_source(src, style="chicago"))
    assert text == "Ana Ruiz. \u201cTwo lines\u00a0and\u2009thin,\u201d 2024."


def test_a_title_ending_in_a_question_mark_takes_no_extra_comma():
    body = _show(format_note(Note(1, "x", "c", (Evidence("outlet", "q"),), ()), SOURCES, style="chicago"))
    assert "\u201cIs the pier safe?\u201d May 2024." in body
    assert "\u201cIs the pier safe?\u201d May 2024." in _show(format_source(OUTLET, style="chicago"))


def test_an_unknown_style_is_refused():
    with pytest.raises(ValueError, match="unknown citation style `mla`"):
        format_source(DATED, style="mla")


@pytest.mark.parametrize("sources,independent,expected", [
    (1, 1, ""), (2, 2, ""), (2, 1, "Both carry the same original report."),
    (3, 2, "The three go back to two independent original reports."), (3, 1, "All three carry the same original report."),
])
def test_corroboration_counts_independent_sources(sources, independent, expected):
    assert corroboration(sources, independent) == expected


def test_importing_the_notes_module_does_not_import_citeproc():
    code = "import sys, briefgen.resolve.notes; print('citeproc' in sys.modules, 'lxml' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
