from pathlib import Path

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


def test_text_fields_keep_yaml_11_words_as_written(tmp_path):
    root = copy_mini(tmp_path)
    edit(root / "briefs/council.yaml", "subtitle: What the council decided", "subtitle: NO")
    report = _check(root)
    assert report.ok and report.checked[0].brief.subtitle == "NO"
