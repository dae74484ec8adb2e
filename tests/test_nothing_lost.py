"""Nothing is ever lost or half-written: failed, interrupted and concurrent builds."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers_project import copy_mini, edit

from briefgen.cli import main
from briefgen.fileio import write_atomic

OUTLINE = "briefs/council.yaml"


def _build(root: Path, *extra: str) -> int:
    return main(["build", str(root / OUTLINE), "--root", str(root), "-o", str(root / "out"), *extra])


def test_a_failed_build_leaves_earlier_outputs_untouched_and_no_temporary_files(tmp_path, capsys):
    root = copy_mini(tmp_path)
    assert _build(root, "-j", "1") == 0
    before = {p.name: p.read_bytes() for p in (root / "out").iterdir()}
    edit(root / OUTLINE, "[@mayor-quote]", "[@mayor-qoute]")
    assert _build(root, "-j", "1") == 1
    assert "nothing was written" in capsys.readouterr().err
    after = {p.name: p.read_bytes() for p in (root / "out").iterdir()}
    assert after == before


def test_an_output_folder_that_cannot_be_written_is_a_clear_error(tmp_path, capsys):
    root = copy_mini(tmp_path)
    blocker = root / "out"
    blocker.write_text("a file, not a folder")
    assert _build(root) == 1
    err = capsys.readouterr().err
    assert "cannot write to the output folder" in err and "-o DIR" in err


def test_atomic_write_replaces_whole_files_and_cleans_up_on_failure(tmp_path):
    target = tmp_path / "x.pdf"
    target.write_bytes(b"old")

    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    with pytest.raises(TypeError):
        write_atomic(target, object())  # type: ignore[arg-type]
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["x.pdf"]


@pytest.mark.slow
def test_an_interrupted_build_leaves_no_half_written_file(tmp_path):
    root = copy_mini(tmp_path)
    out = root / "out"
    code = ("import sys; from briefgen.cli import main; "
            f"sys.exit(main(['build', {str(root / OUTLINE)!r}, '--root', {str(root)!r}, '-o', {str(out)!r}, '-j', '1']))")
    for delay in (0.05, 0.2, 0.4, 0.6):
        proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=60)
        if out.exists():
            for p in out.iterdir():
                assert not p.name.startswith("."), f"temporary file left behind: {p.name}"
                assert p.stat().st_size > 0
    # whatever was written is whole
    if out.exists():
        import pypdf

        for p in out.glob("*.pdf"):
            pypdf.PdfReader(p)


@pytest.mark.slow
def test_two_builds_of_the_same_outline_at_once_leave_valid_files(tmp_path):
    root = copy_mini(tmp_path)
    out = root / "out"
    cmd = [sys.executable, "-m", "briefgen.cli", "build", str(root / OUTLINE), "--root", str(root), "-o", str(out)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    import docx
    import pptx
    import pypdf

    pypdf.PdfReader(out / "council.pdf")
    docx.Document(str(out / "council.docx"))
    pptx.Presentation(str(out / "council.pptx"))
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
