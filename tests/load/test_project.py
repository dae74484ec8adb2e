from pathlib import Path

import pytest
from helpers_project import copy_mini, edit

from briefgen.load.project import Options
from briefgen.pipeline import check


def _check(root: Path, outline: str = "briefs/council.yaml"):
    return check([root / outline], options=Options(root=root))


def _errors(report):
    return [d for d in report.diagnostics if d.is_error]


def test_the_mini_project_checks_clean(tmp_path):
    root = copy_mini(tmp_path)
    report = _check(root)
    assert report.ok and report.checked and not report.diagnostics


def test_a_mistyped_quote_names_the_fact_file_and_line(tmp_path):
    root = copy_mini(tmp_path)
    edit(root / "seeds/facts.yaml", "quote: Work is to start in May 2022", "quote: Work is to begin in May 2022")
    [d] = _errors(_check(root))
    assert d.span.file.name == "facts.yaml" and d.span.line == 29 and d.span.column == 16
    assert "`work-starts`" in d.message
    assert any("Work is to start in May 2022" in n and "similar" in n for n in d.notes)


def test_a_quote_with_other_digits_is_rejected(tmp_path):
    root = copy_mini(tmp_path)
    edit(root / "seeds/facts.yaml", "cost of 240,000", "cost of 240,001")
    [d] = _errors(_check(root))
    assert any("numbers differ" in n for n in d.notes)


def test_every_problem_in_one_run(tmp_path):
    root = copy_mini(tmp_path)
    edit(root / "seeds/facts.yaml", "cost of 240,000", "cost of 250,000")
    edit(root / "briefs/council.yaml", "[@mayor-quote]", "[@mayor-qoute]")
    edit(root / "briefs/council.yaml", "audience: public", "audience: public\nautor: x")
    msgs = sorted(d.message for d in _errors(_check(root)))
    assert len(msgs) == 3
    assert any("unknown fact `mayor-qoute`" in m for m in msgs)
    assert any("unknown key `autor`" in m for m in msgs)


def test_unknown_fact_suggests_the_closest_id(tmp_path):
    root = copy_mini(tmp_path)
    edit(root / "briefs/council.yaml", "[@mayor-quote]", "[@mayor-qoute]")
    [d] = _errors(_check(root))
    assert d.help == "did you mean `mayor-quote`?"
    assert (d.span.line, d.span.column) == (16, 44)


def test_paths_outside_the_project_are_refused(tmp_path):
    root = copy_mini(tmp_path)
    edit(root / "briefs/council.yaml", "facts: ../seeds/facts.yaml", "facts: ../../../../etc/passwd")
    [d] = _errors(_check(root))
    assert "outside the project folder" in d.message


def test_a_missing_source_file_is_located(tmp_path):
    root = copy_mini(tmp_path)
    (root / "seeds/lighthouse.txt").unlink()
    errs = _errors(_check(root))
    assert any("does not exist" in d.message and d.span.file.name == "sources.yaml" for d in errs)


def test_a_source_that_is_not_utf8_names_the_bad_byte(tmp_path):
    root = copy_mini(tmp_path)
    (root / "seeds/lighthouse.txt").write_bytes(b"Title\n\nCaf\xe9 society\n")
    errs = _errors(_check(root))
    assert any("not valid UTF-8" in d.message and "line 3, column 4" in d.message for d in errs)


def test_a_date_that_does_not_exist_is_an_error(tmp_path):
    root = copy_mini(tmp_path)
    edit(root / "seeds/facts.yaml", "date: 2022-02-14", "date: 2022-02-30")
    d = _errors(_check(root))[0]
    assert "not a real date" in d.message and d.span.line == 5
    # says why in the author's terms, not Python's ("day is out of range for month")
    assert d.message == "`2022-02-30` is not a real date: February 2022 has 28 days"
    assert "`2022-02`" in (d.help or "")


def test_a_month_that_does_not_exist_is_an_error_that_gives_the_order(tmp_path):
    root = copy_mini(tmp_path)
    edit(root / "seeds/facts.yaml", "date: 2022-02-14", "date: 2022-14-02")
    d = _errors(_check(root))[0]
    assert d.message == "`2022-14-02` is not a real date: there is no month 14"
    assert "YYYY-MM-DD" in (d.help or "") and d.span.line == 5


def test_text_fields_keep_yaml_11_words_as_written(tmp_path):
    root = copy_mini(tmp_path)
    edit(root / "briefs/council.yaml", "subtitle: What the council decided", "subtitle: NO")
    report = _check(root)
    assert report.ok and report.checked[0].brief.subtitle == "NO"


# ---------------------------------------------------------------- the error contract


@pytest.mark.parametrize("style", ["mla", "Chicago", '""', "5", "[apa]"])
def test_an_unknown_citation_style_is_one_located_error_and_goes_no_further(tmp_path, style):
    root = copy_mini(tmp_path)
    edit(root / "briefs/council.yaml", "theme: default", f"theme: default\ncitation_style: {style}")
    report = _check(root)  # used to crash the resolver (exit 3) after reporting the style
    [d] = _errors(report)
    assert d.span.file.name == "council.yaml" and d.span.line == 8
    assert "citation style" in d.message or "`citation_style`" in d.message


def test_an_unknown_citation_style_gives_json_diagnostics_and_exit_1(tmp_path, capsys, monkeypatch):
    import json

    from briefgen.cli import main

    root = copy_mini(tmp_path)
    edit(root / "briefs/council.yaml", "theme: default", "theme: default\ncitation_style: mla")
    monkeypatch.chdir(root)
    assert main(["check", "briefs/council.yaml", "--diagnostics", "json"]) == 1
    [item] = json.loads(capsys.readouterr().err)
    assert item["message"] == "unknown citation style `mla`" and item["line"] == 8


def test_the_loader_does_not_import_the_resolver():
    import subprocess
    import sys

    code = ("import sys, briefgen.load.project, briefgen.load.lock; "
            "from pathlib import Path; import tempfile; "
            "print(sorted(m for m in sys.modules if m.startswith('briefgen.resolve')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_an_unknown_republished_source_is_not_kept(tmp_path):
    from briefgen.diagnostics import Collector
    from briefgen.load.project import load_sources

    root = copy_mini(tmp_path)
    edit(root / "seeds/sources.yaml", "language: en", "language: en\n    republishes: nowhere")
    diags = Collector()
    sources = load_sources(root / "seeds/sources.yaml", options=Options(root=root), diags=diags)
    assert [d.message for d in diags.items] == ["source `lighthouse` republishes unknown source `nowhere`"]
    assert sources["lighthouse"].republishes is None


# ---------------------------------------------------------------- one id, one source


def _second_library(root: Path, *, same_file: bool = False) -> None:
    """Add a second fact library whose registry uses the id `lighthouse` for another file."""
    other = root / "other"
    other.mkdir()
    (other / "ferry.txt").write_text("Ferry news\n\nThe ferry to Skarra will run twice a day from June.\n",
                                     encoding="utf-8")
    file = "../seeds/lighthouse.txt" if same_file else "ferry.txt"
    (other / "sources.yaml").write_text(
        f"sources:\n  - id: lighthouse\n    file: {file}\n    title: Ferry news\n", encoding="utf-8")
    quote = "The town council of Port Elin voted" if same_file else "The ferry to Skarra will run twice a day"
    (other / "facts.yaml").write_text(
        "sources: sources.yaml\nfacts:\n  - id: ferry\n    claim: The ferry runs twice a day.\n"
        f"    evidence:\n      - source: lighthouse\n        quote: {quote}\n", encoding="utf-8")
    edit(root / "briefs/council.yaml", "facts: ../seeds/facts.yaml", "facts: [../seeds/facts.yaml, ../other/facts.yaml]")
    edit(root / "briefs/council.yaml", "[@mayor-quote]", "[@mayor-quote; @ferry]")


@pytest.mark.parametrize("same_file", [False, True], ids=["other-file", "other-title"])
def test_one_source_id_for_two_different_sources_is_an_error_at_the_second_registry(tmp_path, same_file):
    root = copy_mini(tmp_path)
    _second_library(root, same_file=same_file)
    report = _check(root)  # used to pass, printing the first file's text as the second's quote
    [d] = _errors(report)
    assert d.message == "source id `lighthouse` names two different sources"
    assert d.span.file == root / "other/sources.yaml" and d.span.line == 2
    assert not report.checked


def test_two_libraries_may_share_one_source_registry(tmp_path):
    root = copy_mini(tmp_path)
    (root / "seeds/more.yaml").write_text(
        "sources: sources.yaml\nfacts:\n  - id: ferry\n    claim: The council voted.\n"
        "    evidence:\n      - source: lighthouse\n        quote: The town council of Port Elin voted\n",
        encoding="utf-8")
    edit(root / "briefs/council.yaml", "facts: ../seeds/facts.yaml", "facts: [../seeds/facts.yaml, ../seeds/more.yaml]")
    edit(root / "briefs/council.yaml", "[@mayor-quote]", "[@mayor-quote; @ferry]")
    report = _check(root)
    assert report.ok and report.checked


# ---------------------------------------------------------------- inside the project


def test_an_outline_outside_the_project_is_refused(tmp_path):
    root = copy_mini(tmp_path)
    seeds = root / "seeds"  # the project: the outline's facts and sources are inside, the outline is not
    [d] = check([root / "briefs/council.yaml"], options=Options(root=seeds)).diagnostics
    assert d.message.startswith("outline `") and "outside the project folder" in d.message
    assert d.span.file == root / "briefs/council.yaml"
    assert check([root / "briefs/council.yaml"], options=Options(root=seeds, allow_outside=True)).ok


def test_an_outline_symlinked_from_outside_is_refused(tmp_path):
    root = copy_mini(tmp_path)
    outside = tmp_path / "outside.yaml"
    (root / "briefs/council.yaml").rename(outside)
    (root / "briefs/council.yaml").symlink_to(outside)
    [d] = _check(root).diagnostics
    assert d.message.startswith("outline `") and "outside the project folder" in d.message


def test_a_source_file_symlinked_from_outside_is_refused(tmp_path):
    root = copy_mini(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("x", encoding="utf-8")
    (root / "seeds/lighthouse.txt").unlink()
    (root / "seeds/lighthouse.txt").symlink_to(secret)
    errs = _errors(_check(root))
    assert any("source file" in d.message and "outside the project folder" in d.message for d in errs)


def test_a_fact_library_given_directly_is_held_to_the_project_folder(tmp_path):
    from briefgen.diagnostics import BriefgenError, Collector
    from briefgen.load.project import Library, load_facts

    root = copy_mini(tmp_path)
    elsewhere = tmp_path / "project"
    elsewhere.mkdir()
    with pytest.raises(BriefgenError) as info:
        load_facts(root / "seeds/facts.yaml", options=Options(root=elsewhere), diags=Collector(), library=Library())
    [d] = info.value.diagnostics
    assert "fact library" in d.message and "outside the project folder" in d.message


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="needs named pipes (POSIX)")
def test_a_fifo_as_a_source_file_is_a_located_error(tmp_path):
    import os

    root = copy_mini(tmp_path)
    (root / "seeds/lighthouse.txt").unlink()
    os.mkfifo(root / "seeds/lighthouse.txt")
    errs = _errors(_check(root))
    assert any("named pipe" in d.message and d.span.file.name == "sources.yaml" and d.span.line == 3 for d in errs)


@pytest.mark.parametrize("key,line", [("published: 2022-03-03", 5), ("date: 2022-02-14", 5)])
def test_year_0000_in_a_library_is_a_located_error(tmp_path, key, line):
    root = copy_mini(tmp_path)
    name = "sources.yaml" if key.startswith("published") else "facts.yaml"
    edit(root / "seeds" / name, key, key.split(":")[0] + ": 0000-05")
    [d] = _errors(_check(root))  # a fact whose date was reported is not called undated in the timeline
    assert d.span.file.name == name and d.span.line == line and "no year 0000" in d.message


def test_year_0000_as_the_outline_date_is_a_located_error(tmp_path):
    root = copy_mini(tmp_path)
    edit(root / "briefs/council.yaml", "date: 2022-04-01", "date: 0000-04-01")
    [d] = _errors(_check(root))
    assert d.span.file.name == "council.yaml" and d.span.line == 5 and "no year 0000" in d.message


@pytest.mark.parametrize("entry,message", [
    ("- {term: [a, b], definition: x}", "`term` must be text, not a list"),
    ("- {term: Junta, definition: {a: b}}", "`definition` must be text, not a mapping"),
    ("- {term: Junta, definition: }", "`definition` is empty"),
])
def test_a_glossary_entry_that_is_not_text_is_reported_not_dropped(tmp_path, entry, message):
    root = copy_mini(tmp_path)
    edit(root / "briefs/council.yaml", "glossary:\n", f"glossary:\n  {entry}\n")
    [d] = _errors(_check(root))  # used to be dropped without a word
    assert d.message == message and d.span.line == 31


def test_an_actor_with_an_empty_name_is_reported(tmp_path):
    root = copy_mini(tmp_path)
    edit(root / "briefs/council.yaml", "glossary:\n", "actors:\n  - {name: , about: x}\nglossary:\n")
    [d] = _errors(_check(root))
    assert d.message == "`name` is empty" and d.span.line == 31


@pytest.mark.parametrize("name", ["briefs/council.yaml", "seeds/facts.yaml", "seeds/sources.yaml", "seeds/lighthouse.txt"])
def test_a_symlink_loop_is_a_located_error(tmp_path, capsys, name):
    from briefgen.cli import main

    root = copy_mini(tmp_path)
    (root / name).unlink()
    (root / name).symlink_to((root / name).name)  # points at itself
    assert main(["check", str(root / "briefs/council.yaml"), "--root", str(root)]) == 1  # was exit 3
    err = capsys.readouterr().err
    assert "too many levels of symbolic links" in err and "internal error" not in err


@pytest.mark.parametrize("name", ["seeds/sources.yaml", "seeds/lighthouse.txt"])
def test_an_unreadable_source_is_one_error_not_one_per_quote(tmp_path, name):
    root = copy_mini(tmp_path)
    (root / name).unlink()
    (root / name).mkdir()
    [d] = _errors(_check(root))  # the quotes from it used to add `unknown source` errors
    assert "is a folder" in d.message


def test_the_loader_accepts_exactly_the_styles_the_resolver_formats():
    from briefgen.resolve.notes import STYLES
    from briefgen.styles import CITATION_STYLES, DEFAULT_CITATION_STYLE

    assert set(CITATION_STYLES) == set(STYLES) and DEFAULT_CITATION_STYLE in STYLES
