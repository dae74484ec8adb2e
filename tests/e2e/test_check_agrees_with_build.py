"""`check` ok means `build` ok (issue 13), on every example and every test project. (Every bad input
failing `check` and `build` alike is in tests/test_bad_inputs.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.cli import main

REPO = Path(__file__).resolve().parents[2]
OUTLINES = sorted([*(REPO / "briefs").glob("*.yaml"), *(REPO / "tests" / "projects").glob("*/briefs/*.yaml")])


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
