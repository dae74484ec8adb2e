"""The editorial checks read a French outline in French: a sentence that reports ("a déclaré")
needs a citation, and an instruction ("Comparez …") is not a statement."""

from __future__ import annotations

from helpers_project import copy_mini, edit

from briefgen.load.project import Options
from briefgen.pipeline import check

UNCITED = "this sentence states a fact but cites none"


def _uncited(root, sentence: str, *, language: str) -> list[tuple[str, tuple[str, ...]]]:
    outline = root / "briefs/council.yaml"
    if language != "en":
        edit(outline, "theme: default\n", f"theme: default\nlanguage: {language}\n")
    edit(outline, "      The mayor spoke warmly of the light [@mayor-quote].",
         f"      The mayor spoke warmly of the light [@mayor-quote].\n\n      {sentence}")
    report = check([outline], options=Options(root=root))
    return [(d.message, d.notes) for d in report.diagnostics if d.message == UNCITED]


def test_a_french_sentence_that_reports_without_a_citation_is_flagged(tmp_path):
    [(_, notes)] = _uncited(copy_mini(tmp_path), "Le ministre a déclaré que la coopération prendra fin.", language="fr")
    assert "reports (`déclaré`)" in notes[0]


def test_a_french_instruction_is_not_a_statement(tmp_path):
    assert _uncited(copy_mini(tmp_path), "Comparez les deux articles sur Port Elin.", language="fr") == []


def test_each_language_reads_its_own_words(tmp_path):
    # English words do not make a French sentence report, nor French ones an English sentence
    assert _uncited(copy_mini(tmp_path / "a"), "Le ministre said que la coopération prendra fin.", language="fr") == []
    assert _uncited(copy_mini(tmp_path / "b"), "The minister a déclaré that cooperation will end.", language="en") == []
    [(_, notes)] = _uncited(copy_mini(tmp_path / "c"), "The minister said that cooperation will end.", language="en")
    assert "reports (`said`)" in notes[0]
