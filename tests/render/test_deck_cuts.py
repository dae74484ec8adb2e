"""Text cut for a slide reads as cut on purpose, in the brief's language: it never ends on a
function word ("… au sein de…", "… and has also…") nor between a day and its month ("le 10…"),
and a takeaway short enough to show whole is never cut to save a slide."""

from __future__ import annotations

import re

import pytest
from example_build import STEMS
from pptx import Presentation

from briefgen.i18n import labels_for
from briefgen.model import Text, plain
from briefgen.render.pptx.edit import Wording, cut_words
from briefgen.text.dates import month_number

ELLIPSIS = "\u2026"


def _function_words(language: str) -> frozenset[str]:
    return frozenset(dict(labels_for(language))["function_words"].split())


def _cut(text: str, limit: int, language: str) -> str:
    return plain(cut_words((Text(text),), limit, wording=Wording(_function_words(language))))


@pytest.mark.parametrize("text, limit, expected", [
    ("Le Mali, le Burkina Faso et le Niger se sont unis au sein de l'Alliance des États du Sahel.", 14,
     "Le Mali, le Burkina Faso et le Niger se sont unis au sein…"),
    ("Le Niger est dirigé par son armée depuis le coup d'État du 26 juillet 2023.", 12,
     "Le Niger est dirigé par son armée depuis le coup d'État…"),
    ("Des instructeurs russes sont arrivés à Niamey le 10 avril 2024, à bord d'un avion.", 8,
     "Des instructeurs russes sont arrivés à Niamey…"),
])
def test_a_french_cut_ends_on_a_word_that_carries_meaning(text, limit, expected):
    assert _cut(text, limit, "fr") == expected


def test_an_english_cut_keeps_its_rules_and_a_language_keeps_its_own_words():
    text = "The junta ended its cooperation with the United States and has also ended its partnership with France."
    assert _cut(text, 12, "en") == "The junta ended its cooperation with the United States…"
    # "de" is no English word to avoid, "the" no French one: each language trims its own
    assert _cut("Elections were held in the town of Ciudad de Panama last year.", 8, "en").endswith("of Ciudad…")
    assert _cut("Il a parlé avec the Guardian de la visite.", 5, "fr") == "Il a parlé avec the…"


def _visible_paragraphs(path):
    for number, slide in enumerate(Presentation(str(path)).slides, start=1):
        for shape in slide.shapes:
            if shape.has_text_frame:
                for paragraph in shape.text_frame.paragraphs:
                    yield number, paragraph.text


@pytest.mark.parametrize("stem", STEMS)
def test_no_cut_on_an_example_slide_ends_on_a_function_word_or_a_day(example_build, stem):
    brief = example_build.briefs[stem]
    avoid = _function_words(brief.language)
    bad = []
    for number, text in _visible_paragraphs(example_build.path(stem, ".pptx")):
        if ELLIPSIS not in text:
            continue
        head = text.split(ELLIPSIS)[0].split()
        last = re.sub(r"[^\w]", "", head[-1]).lower() if head else ""
        after = text.split(ELLIPSIS)[0][len(" ".join(head)):]
        if last in avoid or (last.isdigit() and month_number(after.split()[0]) if after.split() else False):
            bad.append((number, text))
    assert not bad


@pytest.mark.parametrize("stem", ["public", "public-fr"])
def test_every_takeaway_of_the_public_decks_shows_whole(example_build, stem):
    # Each of the four takeaways is one sentence of at most 22 words: none is cut to fit them on
    # fewer slides (the French deck once showed "Ses voisins, le Mali et le Burkina Faso…").
    brief = example_build.briefs[stem]
    [section] = [s for s in brief.sections if s.role == "takeaways"]
    takeaways = [plain(item).strip() for block in section.blocks for item in getattr(block, "items", ())]
    assert len(takeaways) == 4
    shown = [re.sub(r"[\d,\u2060]+$", "", text).strip() for _, text in _visible_paragraphs(example_build.path(stem, ".pptx"))]
    for takeaway in takeaways:
        words = re.sub(r"\s+", " ", takeaway)
        assert any(s.replace("\u2019", "'") == words.replace("\u2019", "'") for s in shown), words


def _pointing_words(language: str) -> frozenset[str]:
    return frozenset(dict(labels_for(language))["pointing_words"].split())


@pytest.mark.parametrize("language, sentence, points", [
    ("fr", "Son avenir reste incertain.", True), ("fr", "« Leur mission » est claire.", True),
    ("fr", "En septembre 2023, les trois pays ont fondé l'AES.", False),
    ("en", "Its future is unclear.", True), ("en", "Son avenir reste incertain.", False),
])
def test_a_sentence_points_back_by_its_languages_words(language, sentence, points):
    assert Wording(pointing_words=_pointing_words(language)).points_back(sentence) is points


@pytest.mark.parametrize("stem, alone", [("public", "Its future is still unclear"),
                                         ("public-fr", "Son avenir reste incertain")])
def test_a_sentence_pointing_back_is_not_a_bullet_without_the_one_before(example_build, stem, alone):
    # "Son avenir" is the German air base's, of the uncited sentence before it
    assert any(alone in plain(b.inlines) for s in example_build.briefs[stem].sections for b in s.blocks
               if hasattr(b, "inlines"))
    assert not [t for _, t in _visible_paragraphs(example_build.path(stem, ".pptx")) if alone in t]


def test_a_table_cell_of_one_enormous_word_is_cut_by_its_letters_not_forever(tmp_path):
    # A 20,000-letter glossary term: the cell was cut by words, kept its one word, and the deck
    # planned forever (found by tests/campaign.py). A subprocess, so that a regression fails.
    import subprocess
    import sys

    from helpers_project import copy_mini, edit

    root = copy_mini(tmp_path)
    edit(root / "briefs/council.yaml", "  - term: Lighthouse", "  - term: " + "x" * 20_000)
    done = subprocess.run([sys.executable, "-m", "briefgen.cli", "build", "briefs/council.yaml", "-o", "out",
                           "--format", "pptx", "-j", "1"], cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    cells = [cell.text for slide in Presentation(str(root / "out/council.pptx")).slides for shape in slide.shapes
             if shape.has_table for row in shape.table.rows for cell in row.cells]
    glossary = [t for t in cells if t.startswith("xxxx")]
    assert glossary and all(t.endswith(ELLIPSIS) and len(t) < 20_000 for t in glossary)
