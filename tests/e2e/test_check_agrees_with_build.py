"""`check` ok means `build` ok (issue 13): on every example, every test project and every bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.cli import main

REPO = Path(__file__).resolve().parents[2]
OUTLINES = sorted([*(REPO / "briefs").glob("*.yaml"), *(REPO / "tests" / "projects").glob("*/briefs/*.yaml")])
BAD = REPO / "tests" / "data" / "bad"
BAD_CASES = sorted([*BAD.glob("*.yaml"), *(p / "outline.yaml" for p in BAD.iterdir() if (p / "outline.yaml").is_file())])


@pytest.mark.slow
@pytest.mark.parametrize("outline", OUTLINES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_an_outline_that_checks_builds(outline, tmp_path, capsys):
    root = REPO if outline.is_relative_to(REPO / "briefs") else outline.parent.parent
    checked = main(["check", str(outline), "--root", str(root)])
    built = main(["build", str(outline), "--root", str(root), "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert checked == 0, err
    assert built == 0, err
    assert sorted(p.suffix for p in (tmp_path / "out").iterdir()) == [".docx", ".json", ".pdf", ".pptx"]


@pytest.mark.parametrize("outline", BAD_CASES, ids=lambda p: p.parent.name if p.name == "outline.yaml" else p.stem)
def test_a_bad_input_fails_build_as_check_and_writes_nothing(outline, tmp_path, capsys):
    checked = main(["check", str(outline), "--root", str(BAD)])
    built = main(["build", str(outline), "--root", str(BAD), "-o", str(tmp_path / "out"), "-j", "1"])
    err = capsys.readouterr().err
    assert checked == built == 1, err
    assert "internal error" not in err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
