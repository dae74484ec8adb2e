"""French prose is scored on the Kandel–Moles reading ease, against the profile's range on that scale."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_project import copy_mini, edit

from briefgen.checks.audience import Profile, load_profile
from briefgen.checks.lint import reading_level
from briefgen.checks.readability import measure, scale_for, syllables_fr
from briefgen.load.project import Options
from briefgen.pipeline import check

PROSE = ("Le conseil municipal a voté la restauration du phare. Les travaux commencent au printemps. "
         "Le maire a parlé du phare avec chaleur, et les habitants sont venus nombreux pour l'écouter. "
         "Ils espèrent que le phare guidera encore longtemps les bateaux qui rentrent au port le soir.")


@pytest.mark.parametrize("word,count", [("gouvernement", 4), ("Niger", 2), ("l\u2019armée", 2), ("idée", 2),
                                        ("pays", 1), ("instructeurs", 3), ("coopération", 4)])
def test_french_syllables_are_counted_by_french_rules(word, count):
    assert syllables_fr(word) == count


def test_the_kandel_moles_ease_follows_its_formula():
    reading = measure([PROSE], language="fr")
    assert reading.sentences == 4
    want = 207 - 1.015 * reading.words / reading.sentences - 73.6 * reading.syllables / reading.words
    assert reading.kandel_moles == pytest.approx(want)
    assert 40 < reading.kandel_moles < 100  # plain prose reads easily


def test_each_language_has_its_scale_or_none():
    assert scale_for("en-GB").key == "grade"
    assert scale_for("fr-CA").key == "kandel_moles"
    assert scale_for("de") is None


def test_every_shipped_profile_has_a_french_range():
    for name in ("policymakers", "students", "public"):
        assert load_profile(name).scale_range("kandel_moles") is not None


def _french_project(tmp_path: Path, language: str = "fr"):
    root = copy_mini(tmp_path)
    edit(root / "briefs/council.yaml", "theme: default\n", f"theme: default\nlanguage: {language}\n")
    edit(root / "briefs/council.yaml", "  - heading: The decision\n    body: |\n",
         "  - heading: The decision\n    body: |\n      " + PROSE + "\n\n")
    report = check([root / "briefs/council.yaml"], options=Options(root=root))
    assert report.ok, [d.message for d in report.diagnostics if d.is_error]
    return report.checked[0]


def _profile(*scales: tuple[str, float, float]) -> Profile:
    return Profile("p", "Test readers", 0, 25, 99, 99, scales=scales)


def test_french_prose_outside_the_profiles_kandel_moles_range_is_a_warning_at_its_section(tmp_path):
    checked = _french_project(tmp_path)
    [d] = reading_level(checked.project, checked.brief, profile=_profile(("kandel_moles", 99, 100)))
    assert d.message.startswith("section `The decision` scores ")
    assert "on the Kandel–Moles reading ease, harder than the Test readers range 99–100" in d.message
    assert reading_level(checked.project, checked.brief, profile=_profile(("kandel_moles", 0, 120))) == []


def test_a_profile_without_a_range_for_the_language_skips_the_check_and_says_so(tmp_path):
    checked = _french_project(tmp_path)
    [d] = reading_level(checked.project, checked.brief, profile=_profile())
    assert "gives no Kandel–Moles reading ease range" in d.message and "kandel_moles: [low, high]" in (d.help or "")


def test_a_language_without_a_formula_skips_the_check_and_says_so(tmp_path):
    checked = _french_project(tmp_path, "de")
    [d] = reading_level(checked.project, checked.brief, profile=_profile(("kandel_moles", 0, 1)))
    assert "no readability formula for `de`" in d.message
