"""One mistake is reported once, where it is made: not again at every place it has consequences."""

from __future__ import annotations

import pytest
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


def test_a_misspelt_content_key_does_not_also_make_its_section_empty(tmp_path):
    root = copy_mini(tmp_path)
    edit(root / OUTLINE, "    bullets:\n      - The council voted", "    bullet:\n      - The council voted")
    assert [(m, h) for _, _, m, h in _problems(root)] == [
        ("unknown key `bullet` in a section", "did you mean `bullets`?")]  # not "section … is empty"


@pytest.mark.parametrize("written, help_text", [
    ("14/02/2022", "write it `2022-02-14` (14 February)"),
    ("02.03.2022", "write it `2022-03-02` (2 March) or `2022-02-03` (3 February), whichever the source means"),
    ("February 2022", "write it `2022-02`"),
    ("next spring", "write the year first: `2024`, `2024-03` or `2024-03-12`"),
])
def test_a_date_not_written_year_first_gets_its_readings_as_help(tmp_path, written, help_text):
    root = copy_mini(tmp_path)
    edit(root / OUTLINE, "date: 2022-04-01", f"date: {written}")
    [(_, _, message, got)] = _problems(root)
    assert message == f"`date` must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not `{written}`"
    assert got == help_text


def test_a_glossary_term_or_an_actor_written_twice_is_an_error_at_the_second(tmp_path):
    root = copy_mini(tmp_path)
    edit(root / OUTLINE, "glossary:\n", "glossary:\n  - term: lighthouse \n    definition: A tall tower.\n")
    [(file, line, message, help_text)] = _problems(root)
    assert (file, line, message) == ("council.yaml", 33, "duplicate glossary term `Lighthouse`")
    edit(root / OUTLINE, "  - term: lighthouse \n    definition: A tall tower.\n", "")
    edit(root / OUTLINE, "glossary:\n", "actors:\n  - name: Ana Ruiz\n    about: The mayor [@mayor-quote].\n"
                                         "  - name: Ana  Ruiz\n    about: Mayor [@mayor-quote].\nglossary:\n")
    assert [m for _, _, m, _ in _problems(root)] == ["duplicate actor `Ana  Ruiz`"]


def test_tags_written_without_brackets_are_an_error_not_one_tag_with_commas(tmp_path):
    root = copy_mini(tmp_path)
    edit(root / FACTS, "    tags: [port-elin, council]", "    tags: port-elin, council")
    [(file, line, message, help_text)] = _problems(root)
    assert (file, line, message) == ("facts.yaml", 6, "`tags` is one text, `port-elin, council`, not a list")
    assert help_text == "write the list in brackets: `tags: [port-elin, council]`"
    edit(root / FACTS, "    tags: port-elin, council", "    tags: port-elin")  # one tag alone is fine
    assert _problems(root) == []
