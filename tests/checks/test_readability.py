import pytest

from briefgen.checks.readability import Reading, grade, measure, syllables
from briefgen.text.sentences import split_sentences, strip_citations

# Syllable counts as a pronouncing dictionary gives them; none of these is in the counter's
# exception table, so the list measures the rules themselves.
KNOWN = {
    "military": 4, "government": 3, "equipment": 3, "cooperation": 5, "terrorism": 4, "president": 3,
    "minister": 3, "interior": 4, "security": 4, "alliance": 3, "independence": 4, "withdrawal": 3,
    "demonstrations": 4, "population": 4, "strategically": 5, "agreement": 3, "partnership": 3,
    "announced": 2, "reported": 3, "seized": 1, "landed": 2, "wanted": 2, "makes": 1, "boxes": 2,
    "table": 2, "simple": 2, "readable": 3, "beautiful": 3, "quickly": 2, "lately": 2, "movement": 2,
    "going": 2, "piano": 3, "period": 3, "medium": 3, "actual": 3, "client": 2, "year": 1, "yellow": 2,
    "happy": 2, "spreading": 2, "changes": 2, "states": 1, "education": 4, "violence": 3,
    "training": 2, "soldiers": 2, "arrived": 2, "continue": 3, "handled": 2,
}


def _sentences(text):
    return [text[a:b] for a, b in split_sentences(text)]


def test_the_syllable_counter_gets_at_least_85_percent_of_known_words_exactly():
    wrong = {w: (n, syllables(w)) for w, n in KNOWN.items() if syllables(w) != n}
    assert len(KNOWN) >= 40
    assert 1 - len(wrong) / len(KNOWN) >= 0.85, wrong


@pytest.mark.parametrize("word, count", [
    ("make", 1), ("people", 2), ("Niger's", 2), ("anti-aircraft", 4), ("the", 1), ("a", 1),
    ("2024", 3), ("7", 1), ("Олена", 3), ("Γιώργος", 2),
])
def test_syllables_follow_spelling_rules_hyphens_possessives_numbers_and_other_scripts(word, count):
    assert syllables(word) == count


def test_odd_words_never_crash_and_any_word_has_a_syllable():
    for w in ("", "'", "-", "xyz", "rhythm", "🙂", "ÆØÅ", "don't", "U.S"):
        assert syllables(w) >= 0
    assert syllables("rhythm") >= 1 and syllables("nth") >= 1


def test_abbreviations_initials_acronyms_and_decimals_do_not_end_a_sentence():
    text = "Dr. Smith met J. R. Jones in the U.S. on Monday. Growth was 2.5 percent, e.g. in Mali. No. 5 won."
    assert _sentences(text) == ["Dr. Smith met J. R. Jones in the U.S. on Monday.",
                                "Growth was 2.5 percent, e.g. in Mali.", "No. 5 won."]


def test_quotes_questions_and_citations_stay_with_their_sentence():
    text = '"Is it true?" she asked. Yes! See the report [@x]. Then this. [@y] And a bullet'
    assert _sentences(text) == ['"Is it true?" she asked.', "Yes!", "See the report [@x].", "Then this. [@y]",
                                "And a bullet"]


def test_a_full_stop_before_a_lower_case_word_is_not_a_sentence_end():
    assert _sentences("He left at 5 p.m. and came back.") == ["He left at 5 p.m. and came back."]


def test_citations_are_removed_before_counting():
    assert strip_citations("Russia sent trainers [@a; @b-c]. More [@d].") == "Russia sent trainers. More."
    assert measure(["Russia sent trainers [@russia-sends-trainers-and-air-defence]."]).words == 3


def test_flesch_kincaid_grade_uses_the_standard_formula():
    r = measure(["The cat sat on the mat."])
    assert (r.words, r.sentences, r.syllables) == (6, 1, 6)
    assert r.grade == pytest.approx(0.39 * 6 + 11.8 * 1 - 15.59)


def test_each_bullet_counts_as_a_sentence_even_without_a_full_stop():
    assert measure(["Niger ended its pact", "Russia sent trainers"]).sentences == 2


def test_long_words_and_long_sentences_read_at_a_higher_grade():
    easy = "The town has a new farm. It makes power for homes. People own it."
    hard = ("The municipality's inauguration of a cooperatively administered photovoltaic installation "
            "constitutes an unprecedented demonstration of decentralised infrastructural governance.")
    assert grade(easy) < 4 < 14 < grade(hard)


def test_empty_text_has_grade_zero():
    assert Reading(0, 0, 0).grade == 0.0
    assert measure([]).grade == 0.0 and grade("   ") == 0.0


def test_a_full_stop_inside_a_quotation_does_not_end_the_sentence_around_it():
    text = "\u201cWe are ready. We will act,\u201d Toumba said [@x]. \u00ab Nous verrons. \u00bb Then this."
    assert _sentences(text) == ["\u201cWe are ready. We will act,\u201d Toumba said [@x].",
                                "\u00ab Nous verrons. \u00bb", "Then this."]


@pytest.mark.parametrize("text", [
    "Dr. Smith met J. R. Jones in the U.S. on Monday. Growth was 2.5 percent, e.g. in Mali. No. 5 won.",
    "He left at 5 p.m. and came back. \u201cWe are ready. We will act,\u201d he said. Fine\u2026 Then more.",
    "\u00ab Nous sommes prêts. \u00bb Le ministre l\u2019a dit en mars. Voilà\u202f! Et ensuite ?",
])
def test_the_deck_ends_sentences_where_the_checks_do(text):
    # One splitter: a slide's sentences are the ones the editorial checks and suggestions read.
    from briefgen.model import Text, plain
    from briefgen.render.pptx.edit import sentences

    assert [plain(s).strip() for s in sentences((Text(text),))] == _sentences(text)


def test_a_cited_quotation_of_two_sentences_is_not_an_uncited_sentence(tmp_path):
    from helpers_project import copy_mini, edit

    from briefgen.checks.lint import uncited_sentences
    from briefgen.load.project import Options, load_project

    root = copy_mini(tmp_path)
    edit(root / "briefs/council.yaml", "      The mayor spoke warmly of the light [@mayor-quote].",
         "      \u201cCaptain Mora kept it lit for decades. It guided every boat home,\u201d the mayor said "
         "[@mayor-quote].")
    project, found = load_project(root / "briefs/council.yaml", options=Options(root=root), cache={})
    assert project is not None and not [d for d in found if d.is_error]
    assert [d.message for d in uncited_sentences(project)] == []
