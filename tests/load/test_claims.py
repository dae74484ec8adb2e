"""Claims held to their quotes: numbers, units, dates, numbers in words and names (issue 13)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.diagnostics import Collector
from briefgen.load.claims import check_claims, check_library, dates, numbers
from briefgen.load.project import Library, Options, load_facts
from briefgen.model import PartialDate
from briefgen.pipeline import check

DATA = Path(__file__).resolve().parents[1] / "data" / "claims"
APRIL_12_2024 = PartialDate(2024, 4, 12)


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "claims"
    shutil.copytree(DATA, root)
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _claim_problems(root: Path):
    library = Library()
    diags = Collector()
    load_facts(root / "facts.yaml", options=Options(root=root), diags=diags, library=library)
    assert not diags.items, diags.items
    return check_library(library)


def _where(root: Path, needle: str) -> tuple[int, int]:
    """Return the 1-based line and column of `needle` in the project's facts.yaml."""
    for n, line in enumerate((root / "facts.yaml").read_text(encoding="utf-8").split("\n"), start=1):
        if needle in line:
            return n, line.index(needle) + 1
    raise AssertionError(needle)


def test_the_fixture_library_has_every_claim_supported_by_its_quotes(tmp_path):
    assert _claim_problems(_project(tmp_path)) == []


def test_a_claim_saying_8_died_where_its_quote_says_7_dead_is_an_error_at_the_8(tmp_path):
    root = _project(tmp_path)
    _edit(root / "facts.yaml", "In total, 7 people died", "In total, 8 people died")
    [d] = _claim_problems(root)
    assert d.is_error
    assert d.message == "the claim of fact `storm-deaths` says `8`, which none of its quotes says"
    assert (d.span.file.name, d.span.line, d.span.column) == ("facts.yaml", *_where(root, "8 people died"))
    assert any('"left 7 dead"' in note for note in d.notes)  # the quotes are shown
    assert d.help


def test_a_changed_digit_in_a_grouped_number_is_an_error(tmp_path):
    root = _project(tmp_path)
    _edit(root / "facts.yaml", "left 1200 homes", "left 1300 homes")
    [d] = _claim_problems(root)
    assert d.is_error and "`1300`" in d.message
    assert (d.span.line, d.span.column) == _where(root, "1300 homes")


def test_grouping_does_not_change_a_number_but_a_decimal_point_does(tmp_path):
    assert [n.value for n in numbers("1,200 and 1200 and 1.200 and 41,2")] == ["1200", "1200", "1.200", "41.2"]


def test_digits_grouped_by_a_space_are_one_number_so_a_part_of_it_backs_nothing():
    # French writes "4 800", with a plain space once a page is copied or an outline typed:
    # "800" in a claim was backed by the "4 800" of its quote, read as 4 and 800
    assert [n.value for n in numbers("La centrale compte 4 800 panneaux, soit 4\u202f800.")] == ["4800", "4800"]
    assert [n.value for n in numbers("4 800 et 4,800 et 3 000 000")] == ["4800", "4800", "3000000"]
    # a group is three digits no digit follows: a year and a count stay two numbers
    assert [n.value for n in numbers("In 2023 100 soldiers came; on 1 May 2024 300 more; 12 2024")] == \
        ["2023", "100", "1", "2024", "300", "12", "2024"]


def test_a_claim_stating_part_of_a_space_grouped_number_is_an_error(tmp_path):
    root = _project(tmp_path)
    for name in ("facts.yaml", "harbour.txt"):  # the source and its quote group the digits with a space
        _edit(root / name, "7 dead and 1,200 homes", "7 dead and 1 200 homes")
    _edit(root / "facts.yaml", "left 1200 homes", "left 200 homes")
    [d] = _claim_problems(root)
    assert d.is_error and "`200`" in d.message
    _edit(root / "facts.yaml", "left 200 homes", "left 1 200 homes")
    assert _claim_problems(root) == []


def test_a_changed_unit_is_an_error_naming_both_units(tmp_path):
    root = _project(tmp_path)
    _edit(root / "facts.yaml", "reached 41.2 °F.", "reached 41.2 °C.")
    [d] = _claim_problems(root)
    assert d.is_error
    assert d.message == "the claim of fact `harbour-temperature` says `41.2 °C`, but its quotes say `41.2 °F`"
    assert (d.span.line, d.span.column) == _where(root, "41.2 °C")


def test_units_are_compared_by_meaning_not_by_spelling():
    def unit(text: str) -> str | None:
        [n] = numbers(text)
        return n.unit

    assert unit("41.2 °C") == unit("41.2 ℃") == unit("41.2 degrees Celsius") == "°C"
    assert unit("€3.5 million") == unit("3.5 million euros") == unit("EUR 3.5 million") == "EUR"
    assert unit("40%") == unit("40 per cent") == unit("40 percent") == "%"
    [n] = numbers("3.5 million")
    assert (n.value, n.scale) == ("3.5", "million")


def test_a_scale_word_is_part_of_the_number(tmp_path):
    root = _project(tmp_path)
    _edit(root / "facts.yaml", "costing €3.5 million;", "costing €3.5 billion;")
    [d] = _claim_problems(root)
    assert d.is_error and "`€3.5 billion`" in d.message and "`€3.5 million`" in d.message


def test_a_comparison_in_the_claim_must_be_the_quotes_comparison(tmp_path):
    root = _project(tmp_path)
    _edit(root / "facts.yaml", "less than 40% of it", "more than 40% of it")
    [d] = _claim_problems(root)
    assert d.is_error and "`more than 40%`" in d.message and "`Less than 40%`" in d.message


def test_a_symbol_comparison_matches_the_same_comparison_in_words(tmp_path):
    root = _project(tmp_path)
    _edit(root / "facts.yaml", "less than 40% of it", "<40% of it")
    assert _claim_problems(root) == []


def test_digits_are_compared_before_unicode_folding_so_a_superscript_is_not_a_digit(tmp_path):
    root = _project(tmp_path)
    _edit(root / "facts.yaml", "claim: On 10 April 2024, surveyors counted 10⁶", "claim: On 10 April 2024, surveyors counted 106")
    [d] = _claim_problems(root)
    assert d.is_error and "`106`" in d.message and "`10⁶`" not in d.message
    assert [n.value for n in numbers("10⁶ and 106")] == ["10^6", "106"]


def test_a_date_no_quote_gives_is_an_error_at_the_date(tmp_path):
    root = _project(tmp_path)
    _edit(root / "facts.yaml", "claim: Three ferry routes were cancelled.", "claim: Three ferry routes were cancelled on 11 April 2024.")
    [d] = _claim_problems(root)
    assert d.is_error
    assert d.message == "the claim of fact `ferry-routes` gives the date `11 April 2024`, which none of its quotes gives"
    assert (d.span.line, d.span.column) == _where(root, "11 April 2024")
    assert any("Three ferry routes were cancelled." in note for note in d.notes)


def test_last_july_in_an_article_of_april_2024_supports_july_2023(tmp_path):
    [ref] = dates("Kessel had not flooded since last July.", published=APRIL_12_2024)
    assert ref.text == "last July"
    assert ref.readings[0].words() == "July 2023"
    root = _project(tmp_path)
    assert _claim_problems(root) == []  # `last-flood` says July 2023
    _edit(root / "facts.yaml", "last flooded in July 2023", "last flooded in July 2024")
    [d] = _claim_problems(root)
    assert d.is_error and "`July 2024`" in d.message
    assert any("`last July` in `harbour` reads as July 2023" in note for note in d.notes)


def test_a_month_without_a_year_is_read_against_the_source_date(tmp_path):
    assert [r.words() for r in dates("In March, the board met.", published=APRIL_12_2024)[0].readings] == ["March 2024", "March"]
    later = [r.words() for r in dates("on July 26", published=APRIL_12_2024)[0].readings]
    assert later[:2] == ["26 July 2023", "26 July 2024"]  # the last one, or one still to come that year
    root = _project(tmp_path)
    _edit(root / "facts.yaml", "In March 2024 the harbour board", "In March 2023 the harbour board")
    [d] = _claim_problems(root)
    assert d.is_error and "`March 2023`" in d.message


@pytest.mark.parametrize(("phrase", "reading"), [
    ("this week", "2024-04-08 to 2024-04-14"), ("last week", "2024-04-01 to 2024-04-07"),
    ("this month", "April 2024"), ("last month", "March 2024"), ("this year", "2024"), ("last year", "2023"),
    ("on Tuesday", "9 April 2024"), ("yesterday", "11 April 2024"), ("a month ago", "March 2024"),
])
def test_relative_dates_are_read_against_the_source_date(phrase, reading):
    [ref] = dates(f"It happened {phrase}.", published=APRIL_12_2024)
    assert [r.words() for r in ref.readings] == [reading]


def test_on_tuesday_in_an_article_of_friday_12_april_2024_supports_9_april_but_not_10_april(tmp_path):
    root = _project(tmp_path)
    assert _claim_problems(root) == []  # `storm-power` says 9 April 2024
    _edit(root / "facts.yaml", "The storm of 9 April 2024", "The storm of 10 April 2024")
    [d] = _claim_problems(root)
    assert d.is_error and "`10 April 2024`" in d.message


def test_a_quote_from_an_undated_source_gives_no_year(tmp_path):
    root = _project(tmp_path)
    # Without the second quote (from the dated article), nothing says the count was in 2024.
    _edit(root / "facts.yaml", "      - source: harbour\n        quote: Storm floods Kessel harbour\n", "")
    [d] = _claim_problems(root)
    assert d.is_error and "`10 April 2024`" in d.message


def test_a_claim_less_precise_than_its_quote_is_supported():
    [ref] = dates("from April 22 to 25, 2024")[:1]
    assert ref.readings[0].words() == "22 April 2024"
    assert [r.readings[0].words() for r in dates("from 22 to 25 April 2024")] == ["22 April 2024", "25 April 2024"]


def test_a_number_in_words_that_no_quote_has_is_a_warning(tmp_path):
    root = _project(tmp_path)
    _edit(root / "facts.yaml", "claim: Three ferry routes", "claim: Four ferry routes")
    [d] = _claim_problems(root)
    assert not d.is_error and "`Four`" in d.message
    assert (d.span.line, d.span.column) == _where(root, "Four ferry")


def test_a_number_in_words_matches_the_same_number_in_digits(tmp_path):
    root = _project(tmp_path)
    _edit(root / "facts.yaml", "claim: Three ferry routes", "claim: 3 ferry routes")
    _edit(root / "facts.yaml", "In total, 7 people died", "In total, seven people died")
    assert _claim_problems(root) == []


def test_a_name_that_no_quote_has_is_a_warning(tmp_path):
    root = _project(tmp_path)
    _edit(root / "facts.yaml", "claim: Harbour master Ines Okafor said", "claim: Harbour master Ines Okafor and Mayor Tomas Berg said")
    [d] = _claim_problems(root)
    assert not d.is_error and d.message == "the claim of fact `harbour-master` names `Mayor Tomas Berg`, which none of its quotes names"
    assert (d.span.line, d.span.column) == _where(root, "Mayor Tomas Berg")


def test_an_acronym_that_no_quote_has_is_a_warning_but_one_the_quotes_spell_out_is_not(tmp_path):
    root = _project(tmp_path)
    _edit(root / "facts.yaml", "the Coast Guard Authority said.", "the CGA said, and the NHS agreed.")
    [d] = _claim_problems(root)
    assert not d.is_error and "`NHS`" in d.message


def test_sentence_initial_capitals_months_and_common_words_are_not_names():
    from briefgen.load.claims import names

    assert [n.text for n in names("In March 2024 The Board met. On Tuesday, It rained.")] == []
    assert [n.text for n in names("Harbour master Ines Okafor met the CGA.")] == ["Ines Okafor", "CGA"]


def test_the_claim_check_runs_once_per_library_and_blocks_the_outline(tmp_path):
    root = _project(tmp_path)
    _edit(root / "facts.yaml", "In total, 7 people died", "In total, 8 people died")
    shutil.copy(root / "outline.yaml", root / "second.yaml")
    report = check([root / "outline.yaml", root / "second.yaml"], options=Options(root=root))
    claim_errors = [d for d in report.diagnostics if "`8`" in d.message]
    assert len(claim_errors) == 1 and not report.ok
    assert root / "outline.yaml" not in [c.path for c in report.checked]


def test_without_claim_positions_a_problem_is_reported_at_the_fact(tmp_path):
    root = _project(tmp_path)
    _edit(root / "facts.yaml", "In total, 7 people died", "In total, 8 people died")
    library = Library()
    load_facts(root / "facts.yaml", options=Options(root=root), diags=Collector(), library=library)
    [d] = check_claims(library)
    assert d.span == library.facts["storm-deaths"].span


def test_the_example_library_and_the_test_projects_have_every_claim_supported():
    repo = Path(__file__).resolve().parents[2]
    for facts in [repo / "seeds" / "facts.yaml", *sorted((repo / "tests" / "projects").glob("*/seeds/facts.yaml"))]:
        library = Library()
        load_facts(facts, options=Options(root=repo), diags=Collector(), library=library)
        assert check_library(library) == [], facts


def test_the_day_of_a_quoted_date_does_not_support_a_number(tmp_path):
    root = _project(tmp_path)
    _edit(root / "facts.yaml", "claim: On 10 April 2024, surveyors counted", "claim: On 10 April 2024, 10 surveyors counted")
    [d] = _claim_problems(root)
    assert d.is_error and "says `10`" in d.message
    assert (d.span.line, d.span.column) == _where(root, "10 surveyors")


def test_check_strict_fails_where_a_claim_says_8_died_and_its_quote_7_dead(tmp_path, capsys):
    from briefgen.cli import main

    root = _project(tmp_path)
    assert main(["check", "--strict", str(root / "outline.yaml"), "--root", str(root)]) == 0
    _edit(root / "facts.yaml", "In total, 7 people died", "In total, 8 people died")
    assert main(["check", "--strict", str(root / "outline.yaml"), "--root", str(root)]) == 1
    err = capsys.readouterr().err
    line, column = _where(root, "8 people died")
    assert f"facts.yaml:{line}:{column}: error: the claim of fact `storm-deaths` says `8`" in err


_PIECES = ["last", "this", "on", "in", "Tuesday", "July", "March", "May", "mars", "1er", "12th", "1990s", "41.2",
           "°C", "℃", "per cent", "%", "million", "about", "more than", "<", "1,200", "10⁶", "٧", "G7", "COVID-19",
           "US", "USA", "Alliance", "of", "Sahel", "States", "three", "twenty-one", "week", "year", "ago", "-", "–",
           "2024-02-30", "31", "0000", "9999", ".", ",", "\u00a0", "€", "$"]


def _assert_found_inside(text: str, published: PartialDate | None) -> None:
    from briefgen.load.claims import names

    for found in (*numbers(text), *dates(text, published=published), *names(text)):
        assert 0 <= found.start < found.end <= len(text)
        assert text[found.start:found.end] == found.text


def _assert_copy_supported(text: str, published: PartialDate | None) -> None:
    from briefgen.diagnostics import Span
    from briefgen.load.project import EvidenceRec, FactRec, SourceDoc
    from briefgen.load.quotes import Match

    span = Span(Path("facts.yaml"), 1, 1)
    doc = SourceDoc("s", Path("s.txt"), "title", text, span, published)
    found = Match(0, len(text), True, 1, 1)  # the quote is the whole source
    fact = FactRec("f", text, span, (EvidenceRec("s", text, span, found),))
    assert check_claims(Library(facts={"f": fact}, sources={"s": doc})) == []


# A few texts of the pieces above for the quick run; the property tests below try hundreds more.
_QUICK = [" ".join(_PIECES), " ".join(reversed(_PIECES)), "on 1er mars 2024-02-30, 10⁶ ٧ per cent", "31 July 0000",
          "more than 1,200 € in the 1990s, about 41.2 ℃", "twenty-one G7 US States – week ago", "", "\u00a0%"]
_DATES = [None, PartialDate(2024, 4, 12), PartialDate(1, 1, 1), PartialDate(9999, 12, 31), PartialDate(2024),
          PartialDate(2024, 2)]


@pytest.mark.parametrize("text", _QUICK)
def test_reading_numbers_dates_and_names_of_mixed_pieces_stays_inside_the_text(text):
    for published in _DATES:
        _assert_found_inside(text, published)


@pytest.mark.parametrize("text", _QUICK)
def test_a_claim_that_copies_a_quote_of_mixed_pieces_is_supported(text):
    for published in _DATES[:4]:
        _assert_copy_supported(text, published)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=4), max_size=14), st.sampled_from(_DATES))
def test_reading_numbers_dates_and_names_never_fails_and_stays_inside_the_text(pieces, published):
    _assert_found_inside(" ".join(pieces), published)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=4), max_size=14), st.sampled_from(_DATES[:4]))
def test_a_claim_that_copies_its_quote_is_always_supported(pieces, published):
    _assert_copy_supported(" ".join(pieces), published)


def test_claim_problems_show_in_the_same_run_as_a_broken_quote(tmp_path):
    root = _project(tmp_path)
    _edit(root / "facts.yaml", "In total, 7 people died", "In total, 8 people died")
    _edit(root / "facts.yaml", "quote: Three ferry routes were cancelled.", "quote: Four ferry routes were cancelled.")
    report = check([root / "outline.yaml"], options=Options(root=root))
    messages = [d.message for d in report.diagnostics]
    assert "quote of fact `ferry-routes` is not in source `harbour`" in messages
    assert "the claim of fact `storm-deaths` says `8`, which none of its quotes says" in messages


def test_the_claim_of_a_quote_not_found_in_its_source_is_not_checked_until_the_quote_is_fixed(tmp_path):
    root = _project(tmp_path)
    _edit(root / "facts.yaml", "quote: left 7 dead", "quote: left 9 dead")
    report = check([root / "outline.yaml"], options=Options(root=root))
    assert [d.message for d in report.diagnostics if d.is_error] == ["quote of fact `storm-deaths` is not in source `harbour`"]


def test_one_text_read_at_different_source_dates_gets_each_reading():
    from briefgen.load.claims import DateVal, dates
    from briefgen.model import PartialDate

    text = "Troops left last July, and on 3 May."
    bare = dates(text)
    in_2024 = dates(text, published=PartialDate(2024, 4, 12))
    in_2023 = dates(text, published=PartialDate(2023, 9, 1))
    assert [r for d in bare for r in d.readings] == [DateVal(None, 7), DateVal(None, 5, 3)]
    assert DateVal(2023, 7) in in_2024[0].readings and DateVal(2023, 7) in in_2023[0].readings
    assert DateVal(2023, 5, 3) in in_2024[1].readings and DateVal(2023, 5, 3) in in_2023[1].readings
    assert DateVal(2024, 5, 3) in in_2024[1].readings and DateVal(2024, 5, 3) not in in_2023[1].readings


def test_a_facts_date_that_its_timeline_entry_would_print_is_held_to_its_quotes(tmp_path):
    # `date:` prints on the timeline beside the cited claim: like the claim's own dates, it must
    # be a quote's date ("on Tuesday" reads as 9 April 2024 against the article of 12 April).
    root = _project(tmp_path)
    _edit(root / "facts.yaml", "    date: 2024-04-09\n", "    date: 2024-04-08\n")
    _edit(root / "facts.yaml", "claim: The storm of 9 April 2024 left", "claim: The storm left")
    [d] = _claim_problems(root)
    assert d.is_error and d.message == ("the date of fact `storm-power`, `2024-04-08`, is in none of its quotes, "
                                        "nor is it their source's publication date")
    assert (d.span.line, d.span.column) == (10, 11)  # at the `date:` value
    assert "dates in the quotes: `on Tuesday` in `harbour` reads as 9 April 2024" in d.notes
    assert "published: 2024-04-12" in d.notes
    # the quoted date itself, or the article's own month (news of the day), is supported
    for ok in ("2024-04-09", "2024-04"):
        _edit(root / "facts.yaml", "    date: 2024-04-08\n" if ok == "2024-04-09" else "    date: 2024-04-09\n",
              f"    date: {ok}\n")
        assert _claim_problems(root) == []


def test_a_date_both_the_claim_and_date_give_wrongly_is_one_error(tmp_path):
    root = _project(tmp_path)
    _edit(root / "facts.yaml", "    date: 2024-04-09\n", "    date: 2024-04-08\n")
    _edit(root / "facts.yaml", "claim: The storm of 9 April 2024 left", "claim: The storm of 8 April 2024 left")
    [d] = _claim_problems(root)
    assert "gives the date `8 April 2024`" in d.message


def test_a_facts_year_alone_is_held_to_the_quotes_and_the_publication_year(tmp_path):
    root = _project(tmp_path)
    _edit(root / "facts.yaml", "    claim: In total, 7 people died in the storm.\n",
          "    claim: In total, 7 people died in the storm.\n    date: 2024\n")
    assert _claim_problems(root) == []  # the article's year
    _edit(root / "facts.yaml", "    date: 2024\n", "    date: 2019\n")
    [d] = _claim_problems(root)
    assert d.message.startswith("the date of fact `storm-deaths`, `2019`, is in none of its quotes")
