"""The bad-input corpus: every file in tests/data/bad/ fails `check` and `build` alike, with the same
located, clear error, and `build` writes nothing.

Each case states what it expects in its first line: `# expect: FILE:LINE: MESSAGE`, where LINE 0
means the diagnostic may come without a line (a whole-file problem such as an alias bomb).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefgen.cli import main

BAD = Path(__file__).parent / "data" / "bad"
CASES = sorted([p for p in BAD.glob("*.yaml")] + [p / "outline.yaml" for p in BAD.iterdir() if (p / "outline.yaml").is_file()])
EXPECT = re.compile(rb"^# expect: (\S+?):(\d+): (.+)$", re.M)


def _expectation(path: Path) -> tuple[str, int, str]:
    m = EXPECT.search(path.read_bytes())
    assert m, f"{path} has no `# expect:` line"
    return m.group(1).decode(), int(m.group(2)), m.group(3).decode("utf-8").strip()


def test_the_corpus_has_at_least_forty_cases():
    assert len(CASES) >= 40


@pytest.mark.parametrize("outline", CASES, ids=lambda p: p.parent.name if p.name == "outline.yaml" else p.stem)
def test_bad_input_fails_check_and_build_with_the_same_located_error_and_writes_nothing(
        outline: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file, line, message = _expectation(outline)
    checked = main(["check", str(outline), "--root", str(BAD)])
    check_err = capsys.readouterr().err
    out = tmp_path / "out"
    built = main(["build", str(outline), "--root", str(BAD), "-o", str(out), "-j", "1"])
    build_err = capsys.readouterr().err
    for command, code, err in (("check", checked, check_err), ("build", built, build_err)):
        assert code == 1, (command, err)
        assert "Traceback" not in err and "internal error" not in err, (command, err)
        assert message in err, (command, err)
        if line:
            assert re.search(rf"{re.escape(file)}:{line}:\d+: error: ", err), (command, err)
        else:
            assert f"{file}" in err and "error:" in err, (command, err)
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.slow
def test_every_error_has_a_help_or_a_location(capsys: pytest.CaptureFixture[str]) -> None:
    for outline in CASES:
        main(["check", str(outline), "--root", str(BAD), "--diagnostics", "json"])
        import json

        items = json.loads(capsys.readouterr().err)
        for item in items:
            assert item.get("file"), (outline, item)


def test_an_oversized_input_is_refused_before_parsing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("title: x\n" + "# padding\n" * 300_000, encoding="utf-8")
    assert main(["check", str(big), "--root", str(tmp_path)]) == 1
    assert "over the limit" in capsys.readouterr().err


@pytest.mark.parametrize("case, help", [
    ("duplicate-fact-id", "give each fact its own id (outlines cite facts by it), or delete the copy"),
    ("duplicate-source-id", "give each source its own id (facts name their source by it), or delete the copy"),
])
def test_a_copied_block_says_how_to_fix_it(case: str, help: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(BAD / case / "outline.yaml"), "--root", str(BAD)]) == 1
    assert f"= help: {help}" in capsys.readouterr().err
