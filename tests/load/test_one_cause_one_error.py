"""One mistake is reported once, where it is made: not again at every place it has consequences."""

from __future__ import annotations

from helpers_project import copy_mini, edit

from briefgen.load.project import Options
from briefgen.pipeline import check

OUTLINE = "briefs/council.yaml"
FACTS = "seeds/facts.yaml"


def _problems(root):
    report = check([root / OUTLINE], options=Options(root=root))
    return [(d.span.file.name if d.span else "", d.span.line if d.span else 0, d.message, d.help or "")
            for d in report.diagnostics]


def test_a_misspelt_required_key_is_one_error_at_the_misspelling(tmp_path):
    root = copy_mini(tmp_path)
    edit(root / OUTLINE, "\nsections:", "\nsectons:")
    [(file, line, message, help_text)] = _problems(root)
    assert (file, message, help_text) == ("council.yaml", "unknown key `sectons` in the outline",
                                          "did you mean `sections`?")
    # not "the outline is missing `sections`" beside it; a key that is really missing still is
    edit(root / OUTLINE, "\nsectons:", "\nsections:")
    edit(root / OUTLINE, 'title: "The Port Elin Lighthouse"\n', "")
    assert [m for _, _, m, _ in _problems(root)] == ["the outline is missing `title`"]


def test_a_fact_left_out_for_its_own_error_is_not_an_unknown_fact_where_it_is_cited(tmp_path):
    root = copy_mini(tmp_path)
    # `council-vote` is cited in a bullet, in the body and on the timeline
    edit(root / FACTS, "    claim: The council of Port Elin voted", "    cliam: The council of Port Elin voted")
    assert [(f, m) for f, _, m, _ in _problems(root)] == [("facts.yaml", "unknown key `cliam` in a fact")]
    edit(root / FACTS, "    cliam: The council", "    claim: The council")
    edit(root / FACTS, "  - id: council-vote", "  - id: Council-Vote")
    [(file, _, message, help_text)] = _problems(root)
    assert (file, message) == ("facts.yaml", "`Council-Vote` is not a valid id") and "`council-vote`" in help_text
    # a citation of a fact no library defines is still an error
    edit(root / FACTS, "  - id: Council-Vote", "  - id: council-vote")
    edit(root / OUTLINE, "[@mayor-quote]", "[@mayor-qoute]")
    assert [m for _, _, m, _ in _problems(root)] == ["unknown fact `mayor-qoute`"]


def test_a_language_that_is_no_tag_is_one_error_not_a_warning_per_untranslated_fact(tmp_path):
    root = copy_mini(tmp_path)
    edit(root / OUTLINE, "theme: default\n", "theme: default\nlanguage: french\n")
    assert [m for _, _, m, _ in _problems(root)] == ["`french` is not a language tag"]
    edit(root / OUTLINE, "language: french\n", "language: de\n")  # a tag without a catalogue: warnings go on
    messages = [m for _, _, m, _ in _problems(root)]
    assert "briefgen has no catalogue for `de`: the words it adds will be in English" in messages
    assert any("has no `de` translation" in m for m in messages)


def test_a_missing_file_names_the_file_beside_it_that_the_path_misspells(tmp_path):
    root = copy_mini(tmp_path)
    edit(root / OUTLINE, "facts: ../seeds/facts.yaml", "facts: ../seeds/fact.yaml")
    [(_, _, message, help_text)] = _problems(root)
    assert message.startswith("fact library") and message.endswith("does not exist")
    assert help_text == "did you mean `facts.yaml`, in the same folder?"
    edit(root / OUTLINE, "facts: ../seeds/fact.yaml", "facts: ../seeds/facts.yaml")
    edit(root / "seeds/sources.yaml", "file: lighthouse.txt", "file: lighthose.txt")
    helps = [h for _, _, m, h in _problems(root) if "does not exist" in m]
    assert helps == ["did you mean `lighthouse.txt`, in the same folder?"]
    edit(root / "seeds/sources.yaml", "file: lighthose.txt", "file: elsewhere/lighthouse.txt")
    helps = [h for _, _, m, h in _problems(root) if "does not exist" in m]
    assert helps == ["check the path; relative paths start at the file that names them"]  # no such folder
