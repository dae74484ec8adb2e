from dataclasses import replace
from pathlib import Path

from helpers_project import copy_mini, edit

from briefgen.checks.audience import load_profile
from briefgen.checks.lint import (
    MIN_WORDS,
    cited_ids,
    length_budget,
    lint_outline,
    missing_blocks,
    reading_level,
    uncited_sentences,
    unsupported_numbers,
    unused_facts,
)
from briefgen.load.project import Options, load_project
from briefgen.resolve.bind import resolve

REPO = Path(__file__).resolve().parents[2]


def _load(root: Path, outline: str = "briefs/council.yaml"):
    project, found = load_project(root / outline, options=Options(root=root))
    assert project is not None and not [d for d in found if d.is_error], found
    brief, _ = resolve(project)
    return project, brief


def _mini_with(tmp_path, old, new):
    root = copy_mini(tmp_path)
    edit(root / "briefs/council.yaml", old, new)
    return _load(root)


# ---------------------------------------------------------------- uncited sentences


def test_an_uncited_sentence_with_a_number_is_flagged_at_its_place_in_the_yaml(tmp_path):
    project, _ = _mini_with(tmp_path, "      The mayor spoke warmly", "      The harbour hired 12 divers. The mayor spoke warmly")
    [d] = uncited_sentences(project)
    assert not d.is_error and d.message == "this sentence states a fact but cites none"
    assert (d.span.file.name, d.span.line, d.span.column, d.span.length) == ("council.yaml", 16, 7, len("The harbour hired 12 divers."))
    assert "`12`" in d.notes[0]


def test_an_uncited_bullet_naming_someone_is_flagged_with_the_closest_fact_suggested(tmp_path):
    project, _ = _mini_with(tmp_path, "      - It will cost", "      - The council of Port Elin voted to restore its lighthouse.\n      - It will cost")
    [d] = uncited_sentences(project)
    assert d.span.line == 12 and d.span.column == 9
    assert "names `Port Elin`" in d.notes[0]
    assert "`[@council-vote]`" in d.help


def test_a_reporting_verb_alone_makes_a_sentence_look_factual(tmp_path):
    project, _ = _mini_with(tmp_path, "      The mayor spoke warmly", "      The mayor said more. The mayor spoke warmly")
    [d] = uncited_sentences(project)
    assert "reports (`said`)" in d.notes[0]


def test_questions_instructions_plain_statements_and_cited_sentences_are_not_flagged(tmp_path):
    project, _ = _mini_with(tmp_path, "      The mayor spoke warmly", "      Why did Port Elin vote in 2022? Compare it with Lisbon in 1998. "
                            "The town is small. The mayor spoke warmly")
    assert uncited_sentences(project) == []


def test_analysis_sections_and_tables_are_not_checked(tmp_path):
    project, _ = _mini_with(tmp_path, "  - heading: Timeline", "  - heading: Our view\n    analysis: true\n"
                            "    body: Port Elin will need 3 more years.\n  - heading: Timeline")
    assert uncited_sentences(project) == []  # the mini table's "May 2022" row is not a sentence either


def test_a_sentence_whose_names_and_numbers_are_in_a_fact_cited_next_to_it_counts_as_cited(tmp_path):
    project, _ = _mini_with(tmp_path, "      The mayor spoke warmly", "      The council of Port Elin voted in February 2022. "
                            "It did so unanimously [@council-vote]. The mayor spoke warmly")
    assert uncited_sentences(project) == []
    project, _ = _mini_with(tmp_path / "b", "      The mayor spoke warmly", "      The council of Port Elin voted in February 2021. "
                            "It did so unanimously [@council-vote]. The mayor spoke warmly")
    [d] = uncited_sentences(project)  # 2021 is not what the fact says
    assert "`February`" in d.notes[0] or "`2021`" in d.notes[0]


def test_the_example_outlines_have_no_uncited_claims():
    for name in ("policymakers", "students", "public"):
        project, _ = _load(REPO, f"briefs/{name}.yaml")
        assert uncited_sentences(project) == [], name


# ---------------------------------------------------------------- reading level


def test_a_section_above_the_audience_range_is_flagged_at_its_heading(tmp_path):
    root = copy_mini(tmp_path)
    dense = ("The municipality's extraordinarily comprehensive restoration programme, administered "
             "collaboratively by multidisciplinary conservation authorities, necessitates considerable "
             "institutional coordination and substantial intergovernmental financial commitments [@restoration-cost].")
    edit(root / "briefs/council.yaml", "  - heading: Timeline", f"  - heading: Costs\n    body: |\n      {dense}\n      {dense}\n  - heading: Timeline")
    project, brief = _load(root)
    [d] = reading_level(project, brief, profile=load_profile("public"))
    assert d.message.startswith("section `Costs` reads at grade ") and d.message.endswith("above the General public range 6–10")
    assert d.span.line == 28 and "words per sentence" in d.notes[0]


def test_a_section_below_the_range_is_flagged_and_short_sections_are_skipped(tmp_path):
    root = copy_mini(tmp_path)
    easy = " ".join(["The town is glad. It has a light. The light is old."] * 3)
    edit(root / "briefs/council.yaml", "  - heading: Timeline", f"  - heading: Easy\n    body: {easy}\n  - heading: Timeline")
    project, brief = _load(root)
    diags = reading_level(project, brief, profile=load_profile("policymakers"))
    assert [d.message.split(",")[1].strip() for d in diags] == ["below the Policymakers range 9–16"]
    assert len(easy.split()) >= MIN_WORDS  # and the mini's own short sections were not measured


# ---------------------------------------------------------------- unused facts, blocks, budget


def test_facts_no_outline_cites_are_warned_at_their_id(tmp_path):
    project, brief = _mini_with(tmp_path, " [@advisers]", "")
    [d] = unused_facts(project.library, cited_ids([brief]), outlines=[project.outline.path])
    assert d.message == "fact `advisers` is not cited by any outline"
    assert d.span.file.name == "facts.yaml" and d.span.line == 30 and d.notes == ("checked together: council.yaml",)


def test_every_fact_of_the_example_library_is_cited_by_the_three_outlines():
    briefs, library = [], None
    for name in ("policymakers", "students", "public"):
        project, brief = _load(REPO, f"briefs/{name}.yaml")
        briefs.append(brief)
        library = project.library
    assert [d.message for d in unused_facts(library, cited_ids(briefs))] == []
    assert [d.message for d in unused_facts(library, cited_ids(briefs[2:]))]  # public alone cites fewer


def test_teaching_blocks_the_audience_expects_are_warned_at_the_audience_line(tmp_path):
    root = copy_mini(tmp_path)
    project, _ = _load(root)
    # the mini outline has a glossary and nothing else
    diags = missing_blocks(project.outline, profile=load_profile("students"))
    assert [d.message.rsplit("`", 2)[1] for d in diags] == ["objectives", "questions", "actors"]
    diags = missing_blocks(project.outline, profile=load_profile("students"), present=set())
    assert [d.message.rsplit("`", 2)[1] for d in diags] == ["objectives", "glossary", "questions", "actors"]
    assert all(d.span.line == 3 and d.span.column == 11 for d in diags)
    assert "term:" in diags[1].help
    assert missing_blocks(project.outline, profile=load_profile("students"),
                          present={"objectives", "glossary", "questions", "actors"}) == []


def test_the_length_budget_warns_only_when_exceeded(tmp_path):
    prof = load_profile("public")
    span = copy_mini(tmp_path) / "briefs/council.yaml"
    from briefgen.diagnostics import Span
    assert length_budget(prof, span=Span(span), pages=prof.max_pages, slides=prof.max_slides) == []
    [p, s] = length_budget(prof, span=Span(span), pages=prof.max_pages + 1, slides=prof.max_slides + 2)
    assert "pages" in p.message and "slides" in s.message


def test_lint_outline_runs_every_outline_check_and_only_warns(tmp_path):
    root = copy_mini(tmp_path)
    project, brief = _load(root)
    diags = lint_outline(project, brief, profile=load_profile("students"))
    assert diags and not any(d.is_error for d in diags)
    assert lint_outline(project, brief, profile=None) == []
    other = replace(project.outline, sections=())
    assert lint_outline(replace(project, outline=other), brief, profile=None) == []


# ---------------------------------------------------------------- numbers held to the facts cited

CLAIMS = REPO / "tests" / "data" / "claims"


def _claims_project(tmp_path, old=None, new=None):
    import shutil

    root = tmp_path / "claims"
    shutil.copytree(CLAIMS, root)
    if old is not None:
        edit(root / "outline.yaml", old, new)
    project, found = load_project(root / "outline.yaml", options=Options(root=root))
    assert project is not None and not [d for d in found if d.is_error], found
    return root, project


def _at(root, needle):
    for n, line in enumerate((root / "outline.yaml").read_text(encoding="utf-8").split("\n"), start=1):
        if needle in line:
            return n, line.index(needle) + 1
    raise AssertionError(needle)


def test_the_fixture_outline_states_only_numbers_its_cited_facts_state(tmp_path):
    _, project = _claims_project(tmp_path)
    assert unsupported_numbers(project) == []


def test_an_unsupported_number_in_a_bullet_is_a_warning_at_its_column(tmp_path):
    root, project = _claims_project(tmp_path, "The storm left 7 dead", "The storm left 9 dead")
    [d] = unsupported_numbers(project)
    assert not d.is_error
    assert d.message == "the number `9` in this sentence is in none of the facts it cites"
    assert (d.span.file.name, d.span.line, d.span.column) == ("outline.yaml", *_at(root, "9 dead"))
    assert any(n.startswith("`storm-deaths`: In total, 7 people died") for n in d.notes)


def test_an_unsupported_date_in_body_text_is_a_warning_at_its_column(tmp_path):
    root, project = _claims_project(tmp_path, "The storm hit on 9 April 2024", "The storm hit on 8 April 2024")
    [d] = unsupported_numbers(project)
    assert d.message == "the date `8 April 2024` in this sentence is in none of the facts it cites"
    assert (d.span.line, d.span.column) == _at(root, "8 April 2024")


def test_a_date_less_precise_than_the_cited_fact_is_supported(tmp_path):
    _, project = _claims_project(tmp_path, "The storm hit on 9 April 2024", "The storm hit in April")
    assert unsupported_numbers(project) == []


def test_an_unsupported_number_in_a_table_cell_is_a_warning_held_to_its_row(tmp_path):
    root, project = _claims_project(tmp_path, "| €3.5 million, approved", "| €4.5 million, approved")
    [d] = unsupported_numbers(project)
    assert d.message == "the number `€4.5 million` in this table cell is in none of the facts it cites"
    assert (d.span.line, d.span.column) == _at(root, "€4.5 million")


def test_an_unsupported_number_in_a_heading_or_timeline_caption_is_a_warning(tmp_path):
    root, project = _claims_project(tmp_path, "  - heading: Our reading", "  - heading: Storms of 2024\n"
                                    "    timeline: [storm-power]\n  - heading: Our reading")
    assert unsupported_numbers(project) == []  # the timeline's fact is of 2024
    root, project = _claims_project(tmp_path / "b", "  - heading: Our reading", "  - heading: Storms of 2025\n"
                                    "    timeline: [storm-power]\n  - heading: Our reading")
    [d] = unsupported_numbers(project)
    assert d.message == "the number `2025` in this heading is in none of the facts it cites"
    assert d.span.line == _at(root, "Storms of 2025")[0]


def test_an_unsupported_number_in_the_glossary_or_the_actors_is_a_warning(tmp_path):
    root, project = _claims_project(tmp_path, "Kessel's costs €3.5 million", "Kessel's costs €5 million")
    [d] = unsupported_numbers(project)
    assert d.message == "the number `€5 million` in this glossary definition is in none of the facts it cites"
    assert (d.span.line, d.span.column) == _at(root, "€5 million")
    root, project = _claims_project(tmp_path / "b", "who said the town would rebuild", "who said the town would rebuild by 2030")
    [d] = unsupported_numbers(project)
    assert d.message == "the number `2030` in this actor's description is in none of the facts it cites"


def test_analysis_sections_are_held_to_their_cited_facts_too(tmp_path):
    root, project = _claims_project(tmp_path, "Less than 40% of the wall is built", "Less than 50% of the wall is built")
    [d] = unsupported_numbers(project)
    assert "`Less than 50%`" in d.message
    assert (d.span.line, d.span.column) == _at(root, "Less than 50%")


def test_an_uncited_number_in_analysis_is_backed_by_no_fact(tmp_path):
    _, project = _claims_project(tmp_path, "so the town is exposed.", "so the town is exposed.\n\n      It will need 12 more years.")
    [d] = unsupported_numbers(project)
    assert d.message == "the number `12` in this sentence is backed by no cited fact"


def test_an_uncited_sentence_is_held_to_the_facts_its_paragraph_cites(tmp_path):
    _, project = _claims_project(tmp_path, "Water reached 41.2 °F [@harbour-temperature].",
                                 "Water reached 41.2 °F [@harbour-temperature]. It stayed at 41.2 °F.")
    assert unsupported_numbers(project) == []


def test_an_uncited_factual_sentence_is_reported_once_not_also_for_its_number(tmp_path):
    _, project = _claims_project(tmp_path, "  - heading: What happened\n    body: |\n",
                                 "  - heading: What happened\n    body: |\n      The harbour hired 12 divers.\n\n")
    brief, _ = resolve(project)
    found = lint_outline(project, brief, profile=None)
    assert [d.message for d in found] == ["this sentence states a fact but cites none"]


def test_check_strict_fails_on_an_unsupported_number(tmp_path, capsys):
    from briefgen.cli import main

    root, _ = _claims_project(tmp_path, "The storm left 7 dead", "The storm left 9 dead")
    assert main(["check", str(root / "outline.yaml"), "--root", str(root)]) == 0
    assert main(["check", "--strict", str(root / "outline.yaml"), "--root", str(root)]) == 1
    assert "the number `9` in this sentence is in none of the facts it cites" in capsys.readouterr().err


def test_the_example_outlines_state_only_numbers_their_cited_facts_state():
    for name in ("policymakers", "students", "public"):
        project, _ = _load(REPO, f"briefs/{name}.yaml")
        assert unsupported_numbers(project) == [], name


def test_a_sentence_that_repeats_the_claim_it_cites_is_never_flagged(tmp_path):
    from briefgen.diagnostics import Collector
    from briefgen.load.project import Library, load_facts

    library = Library()
    load_facts(CLAIMS / "facts.yaml", options=Options(root=CLAIMS), diags=Collector(), library=library)
    bullets = "".join(f"      - {fact.claim.rstrip('.')} [@{fact.id}].\n" for fact in library.facts.values())
    _, project = _claims_project(tmp_path, "    bullets:\n", "    bullets:\n" + bullets)
    assert unsupported_numbers(project) == []


# ---------------------------------------------------------------- warnings a writer acts on (issue 21)


def test_a_clause_with_a_number_after_the_last_citation_is_flagged(tmp_path):
    project, _ = _mini_with(tmp_path, "The mayor spoke warmly of the light [@mayor-quote].",
                            "The mayor spoke warmly of the light [@mayor-quote], and 40 boats came to hear her.")
    [d] = uncited_sentences(project)
    assert d.span.line == 16 and "after its last citation" in d.notes[0]
    assert d.span.length == len("and 40 boats came to hear her.")


def test_a_citation_at_the_end_of_its_clause_is_not_flagged(tmp_path):
    project, _ = _mini_with(tmp_path, "The mayor spoke warmly of the light [@mayor-quote].",
                            "The mayor spoke warmly of the light for 135 years [@mayor-quote].")
    assert uncited_sentences(project) == []


def test_image_lines_and_glossary_definitions_are_not_statements(tmp_path):
    root = copy_mini(tmp_path / "i")
    from PIL import Image

    Image.new("RGB", (2, 2)).save(root / "briefs" / "light.png")  # a Markdown image is a figure: its file must exist
    edit(root / "briefs/council.yaml", "      The mayor spoke warmly",
         "      ![The lighthouse in 1887](light.png)\n\n      The mayor spoke warmly")
    project, _ = _load(root)
    assert uncited_sentences(project) == []
    root = copy_mini(tmp_path / "g")
    edit(root / "briefs/council.yaml", "Port Elin's dates from 1887 [@council-vote].", "Port Elin's dates from 1887.")
    project, _ = _load(root)
    assert uncited_sentences(project) == []


def test_a_section_can_silence_its_reading_level_and_uncited_checks(tmp_path):
    profile = load_profile("public")
    long_words = "Notwithstanding institutional considerations, administrative reorganisation necessitates " * 12
    project, brief = _mini_with(tmp_path, "      The mayor spoke warmly", f"      {long_words}The harbour hired 12 divers. The mayor spoke warmly")
    assert reading_level(project, brief, profile=profile) and uncited_sentences(project)
    root = copy_mini(tmp_path / "s")
    edit(root / "briefs/council.yaml", "      The mayor spoke warmly", f"      {long_words}The harbour hired 12 divers. The mayor spoke warmly")
    edit(root / "briefs/council.yaml", "  - heading: The decision\n", "  - heading: The decision\n    lint: {readability: false, uncited: false}\n")
    project, brief = _load(root)
    assert reading_level(project, brief, profile=profile) == [] and uncited_sentences(project) == []
