"""One date style per document in the brief's language; notes in French, with the author's translations."""

from __future__ import annotations

import pytest

from briefgen import i18n
from briefgen.model import Evidence, Note, PartialDate, Source, plain
from briefgen.resolve.notes import format_note, format_source
from briefgen.text.dates import format_date


@pytest.mark.parametrize("date,language,want", [
    (PartialDate(2024, 5, 1), "fr", "1er\u00a0mai 2024"),
    (PartialDate(2024, 5, 2), "fr", "2\u00a0mai 2024"),
    (PartialDate(2023, 7), "fr", "juillet 2023"),
    (PartialDate(2021), "fr", "2021"),
    (PartialDate(2024, 4, 12), "en", "12 April 2024"),
    (PartialDate(2024, 4, 12), "en-GB", "12 April 2024"),
    (PartialDate(2024, 4, 12), "en-US", "April 12, 2024"),
    (PartialDate(2023, 7), "en", "July 2023"),
    (PartialDate(2024, 5, 1), "fr-CA", "1er\u00a0mai 2024"),
    (PartialDate(5, 3), "fr", "mars 0005"),
])
def test_a_date_prints_at_its_precision_in_the_language(date, language, want):
    assert date.text(language) == want


def test_an_unknown_language_dates_in_english():
    assert format_date(2024, 4, 12, language="xx") == "12 April 2024"


SOURCE = Source("a", "West Africa: Russia sends military trainers to Niger", PartialDate(2024, 4, 12),
                publisher="Deutsche Welle", url="https://example.org/a")
UNDATED = Source("b", "Niger-Russia: a partnership", None, publisher="Le Sahel")
FR = dict(i18n.labels_for("fr"))


def _note(*evidence: Evidence, attributed: str | None = None) -> Note:
    return Note(1, "f", "c", evidence, (), attributed_to=attributed, source_count=len({e.source_id for e in evidence}))


@pytest.mark.parametrize("style", ["chicago", "apa"])
def test_a_french_note_reads_in_french_with_the_quote_as_the_source_wrote_it(style):
    note = _note(Evidence("a", "We are here"), Evidence("b", "They came"), attributed="la télévision d'État")
    text = plain(format_note(note, {"a": SOURCE, "b": UNDATED}, style=style, language="fr", labels=FR))
    assert text.startswith("Selon la télévision d\u2019État\u00a0: \u00ab\u00a0We are here\u00a0\u00bb")
    assert "sans date" in text and "undated" not in text
    assert ("12\u00a0avril 2024" if style == "chicago" else "2024") in text
    assert "Également rapporté" in text and "Also reported" not in text


def test_a_french_sources_entry_has_its_date_in_french_and_guillemets():
    entry = plain(format_source(SOURCE, style="chicago", language="fr", labels=FR))
    assert "\u00ab\u00a0West Africa: Russia sends military trainers to Niger\u00a0\u00bb" in entry
    assert "12\u00a0avril 2024" in entry and "April" not in entry
    assert "sans date" in plain(format_source(UNDATED, style="chicago", language="fr", labels=FR))


def test_the_author_translation_follows_the_quote_marked_as_theirs():
    note = _note(Evidence("a", "We are here", translation="Nous sommes là"))
    text = plain(format_note(note, {"a": SOURCE}, language="fr", labels=FR))
    assert "\u00ab\u00a0We are here\u00a0\u00bb [traduction de l\u2019auteur\u00a0: \u00ab\u00a0Nous sommes là\u00a0\u00bb]" in text


def test_an_english_note_has_one_date_style_with_the_text():
    text = plain(format_note(_note(Evidence("a", "q")), {"a": SOURCE}))
    assert "12 April 2024" in text and "April 12" not in text
    assert "12 April 2024" in plain(format_source(SOURCE))


@pytest.mark.parametrize("value,language,decimals,want", [
    (1400, "en", None, "1,400"),
    (1400, "fr", None, "1\u202f400"),
    (10.5, "fr", None, "10,5"),
    (10.5, "en", None, "10.5"),
    (3, "fr", 1, "3,0"),
])
def test_numbers_print_in_the_language(value, language, decimals, want):
    from briefgen.text.dates import format_number

    assert format_number(value, language=language, decimals=decimals) == want


def test_the_pdf_hyphenates_with_the_language_dictionary_when_asked():
    from briefgen.render.pdf import hyphenation_language

    assert hyphenation_language("fr") == "fr"
    assert hyphenation_language("fr-CA").startswith("fr")
    assert hyphenation_language("en-GB") == "en_GB"
    assert hyphenation_language("") == ""
    assert hyphenation_language("xx") == ""


def test_a_quotation_inside_a_quote_takes_the_languages_inner_marks():
    note = _note(Evidence("a", 'the pier needs "urgent repairs"'))
    assert "\u00ab\u00a0the pier needs \u201curgent repairs\u201d\u00a0\u00bb" in plain(
        format_note(note, {"a": SOURCE}, language="fr", labels=FR))
    assert "\u201cthe pier needs \u2018urgent repairs\u2019\u201d" in plain(format_note(note, {"a": SOURCE}))
    # a French source's own guillemets, inside the note's: curly double marks, not « « … » »
    note = _note(Evidence("a", "\u00ab Ce seul champ suffit \u00bb, a déclaré Mara Lind"))
    assert "\u00ab\u00a0\u201cCe seul champ suffit\u201d, a déclaré Mara Lind\u00a0\u00bb" in plain(
        format_note(note, {"a": SOURCE}, language="fr", labels=FR))
