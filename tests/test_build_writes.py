"""A build writes all of its files or none, and says exactly what it did (issue 13, defects 5, 6, 13)."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from helpers_project import copy_mini, edit

from briefgen import fileio, pipeline
from briefgen.cli import main

OUTLINE = "briefs/council.yaml"


def _build(root: Path, *outlines: str, extra: tuple[str, ...] = ("-j", "1")) -> int:
    paths = [str(root / o) for o in (outlines or (OUTLINE,))]
    return main(["build", *paths, "--root", str(root), "-o", str(root / "out"), *extra])


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()} if folder.is_dir() else {}


def _second_outline(root: Path, name: str = "second.yaml") -> str:
    shutil.copy(root / OUTLINE, root / "briefs" / name)
    return f"briefs/{name}"


def test_a_render_failure_of_the_second_outline_writes_nothing_at_all(tmp_path, capsys, monkeypatch):
    root = copy_mini(tmp_path)
    second = _second_outline(root)
    from briefgen.render import jobs

    real = jobs.render_one
    calls = []

    def failing(brief, theme, fmt):
        calls.append(fmt)
        if len(calls) > 3:  # every format of the first outline succeeds, the second's fail
            from briefgen.render import RenderInputError

            return RenderInputError("slide template `slides.pptx` has no layout `Two Content`")
        return real(brief, theme, fmt)

    monkeypatch.setattr(jobs, "render_one", failing)
    assert _build(root, OUTLINE, second) == 1
    err = capsys.readouterr().err
    assert "no layout `Two Content`" in err and "nothing was written" in err
    assert _files(root / "out") == {}


def test_strict_budget_warnings_are_known_before_anything_is_written(tmp_path, capsys, monkeypatch):
    root = copy_mini(tmp_path)
    from briefgen.checks import lint
    from briefgen.diagnostics import warning

    monkeypatch.setattr(lint, "length_budget",
                        lambda profile, *, span, pages=None, slides=None: [warning("the brief is 9 pages, over 2", span)])
    assert _build(root, extra=("-j", "1", "--strict")) == 1
    assert "nothing was written" in capsys.readouterr().err
    assert _files(root / "out") == {}


def test_outlines_with_the_same_name_in_two_folders_are_an_error_before_anything_is_written(tmp_path, capsys):
    root = copy_mini(tmp_path)
    (root / "other").mkdir()
    shutil.copy(root / OUTLINE, root / "other" / "council.yaml")
    edit(root / "other" / "council.yaml", "../seeds/facts.yaml", "../seeds/facts.yaml")
    assert _build(root, OUTLINE, "other/council.yaml") == 1
    err = capsys.readouterr().err
    assert "would both be written to" in err and "council.yaml:" in err
    assert _files(root / "out") == {}


def test_one_outline_named_twice_is_built_once(tmp_path, capsys):
    root = copy_mini(tmp_path)
    assert main(["build", str(root / OUTLINE), str(root / "briefs" / ".." / OUTLINE), "--root", str(root),
                 "-o", str(root / "out"), "-j", "1"]) == 0
    assert sorted(_files(root / "out")) == ["council.docx", "council.evidence.json", "council.pdf", "council.pptx"]


def test_similar_outline_names_are_not_confused_in_the_summary(tmp_path, capsys):
    root = copy_mini(tmp_path)
    shutil.copy(root / OUTLINE, root / "briefs" / "council.b.yaml")
    assert _build(root, OUTLINE, "briefs/council.b.yaml") == 0
    table = capsys.readouterr().out.split("\n\n")[-1]
    rows = {line.split()[0]: line.split()[1] for line in table.splitlines()[2:] if line.strip()}
    assert {Path(k).name: v for k, v in rows.items()} == {"council.yaml": "4", "council.b.yaml": "4"}


def test_a_folder_named_like_an_output_is_an_error_and_nothing_is_written(tmp_path, capsys):
    root = copy_mini(tmp_path)
    assert _build(root) == 0
    before = _files(root / "out")
    edit(root / OUTLINE, "What the council decided", "What the council decided at last")
    (root / "out" / "council.pptx").unlink()
    (root / "out" / "council.pptx").mkdir()
    assert _build(root) == 1
    err = capsys.readouterr().err
    assert "is a folder" in err and "Traceback" not in err
    after = {k: v for k, v in _files(root / "out").items() if k != "council.pptx"}
    assert after == {k: v for k, v in before.items() if k != "council.pptx"}


def test_a_long_outline_name_builds_and_one_too_long_for_its_outputs_is_an_error(tmp_path, capsys):
    root = copy_mini(tmp_path)
    assert _build(root, _second_outline(root, "x" * 230 + ".yaml")) == 0  # temporary names stay short
    shutil.rmtree(root / "out")
    long = _second_outline(root, "y" * 250 + ".yaml")  # `.evidence.json` makes 264 bytes
    assert _build(root, long) == 1
    err = capsys.readouterr().err
    assert "over this file system's limit" in err
    assert _files(root / "out") == {}


@pytest.mark.parametrize(("where", "jobs"), [("_temp_beside", "1"), ("fill", "1"), ("fill", "2")])
def test_a_full_disk_while_writing_keeps_the_previous_set_and_leaves_no_temporary_file(tmp_path, capsys, monkeypatch,
                                                                                         where, jobs):
    # `fill` writes a rendered format into its staged file (in a worker, or here in-process);
    # `_temp_beside` writes the evidence report, which the build itself makes.
    root = copy_mini(tmp_path)
    assert _build(root) == 0
    before = _files(root / "out")
    edit(root / OUTLINE, "What the council decided", "What the council decided at last")
    real = getattr(fileio, where)
    count = [0]

    def full(target, data):
        count[0] += 1
        if count[0] == (2 if where == "fill" else 1):
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        return real(target, data)

    monkeypatch.setattr(fileio, where, full)  # forked workers (`jobs` 2) inherit the patch
    assert _build(root, extra=("-j", jobs)) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and "the disk is full" in err and "Traceback" not in err
    assert _files(root / "out") == before


def test_a_temporary_file_that_cannot_be_made_is_a_write_error_and_leaves_nothing(tmp_path, capsys, monkeypatch):
    from briefgen import pipeline

    root = copy_mini(tmp_path)
    assert _build(root) == 0
    before = _files(root / "out")
    edit(root / OUTLINE, "What the council decided", "What the council decided at last")
    real, count = fileio.stage, [0]

    def full(target):
        count[0] += 1
        if count[0] == 2:  # the first format's temporary file exists already: it must go too
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        return real(target)

    monkeypatch.setattr(pipeline, "stage", full)
    assert _build(root) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and "no file was changed" in err and "Traceback" not in err
    assert _files(root / "out") == before  # and no temporary file: _files lists every file


def test_a_staged_file_already_discarded_is_not_made_again(tmp_path):
    # A worker that finishes after its build was interrupted (and removed its temporary
    # files) must not leave a new temporary file behind.
    staged = fileio.stage(tmp_path / "brief.pdf")
    fileio.fill(staged, b"%PDF")
    assert staged.read_bytes() == b"%PDF"
    fileio.discard([staged])
    with pytest.raises(FileNotFoundError):
        fileio.fill(staged, b"%PDF")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_rename_puts_back_the_files_already_replaced(tmp_path, monkeypatch):
    targets = [tmp_path / f"f{i}" for i in range(3)]
    for t in targets:
        t.write_bytes(b"old " + t.name.encode())
    real = os.replace
    seen = []

    def replace(src, dst):
        if Path(dst) in targets:
            seen.append(dst)
            if len(seen) == 3:
                raise OSError(errno.EIO, "I/O error", str(dst))
        return real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OSError):
        fileio.write_set([(t, b"new") for t in targets])
    assert [t.read_bytes() for t in targets] == [b"old f0", b"old f1", b"old f2"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f0", "f1", "f2"]


def test_a_signal_while_swapping_a_set_in_arrives_after_every_file_is_replaced(tmp_path, monkeypatch):
    targets = [tmp_path / f"f{i}" for i in range(3)]
    real = os.replace

    def replace(src, dst):
        if Path(dst) == targets[0]:
            os.kill(os.getpid(), signal.SIGINT)  # held back until the set is in place
        return real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        fileio.write_set([(t, b"new") for t in targets])
    assert [t.read_bytes() for t in targets] == [b"new"] * 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f0", "f1", "f2"]


@pytest.mark.slow
def test_sigterm_during_a_build_leaves_the_old_set_or_the_new_one_never_a_mix(tmp_path):
    root = copy_mini(tmp_path)
    assert _build(root) == 0
    old = _files(root / "out")
    edit(root / OUTLINE, "What the council decided", "What the council decided at last")
    for delay in (0.3, 0.6, 0.9, 1.2):
        proc = subprocess.Popen([sys.executable, "-m", "briefgen.cli", "build", str(root / OUTLINE), "--root",
                                 str(root), "-o", str(root / "out")], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, cwd=root)
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
        # (once a traceback: the SIGTERM reached the build inside a fork's logging hook)
        assert b"Traceback" not in err and b"Exception ignored" not in err and b"internal error" not in err, err
        now = _files(root / "out")
        assert sorted(now) == sorted(old)  # no temporary file, nothing missing
        changed = {name for name in now if now[name] != old[name]}
        assert changed in (set(), set(now) - {"council.evidence.json"}, set(now)), changed
        old = now


def test_lock_into_a_folder_it_cannot_write_is_an_input_error(tmp_path, capsys, monkeypatch):
    root = copy_mini(tmp_path)
    import briefgen.fileio

    def denied(target, data):
        raise PermissionError(errno.EACCES, "Permission denied", str(target))

    monkeypatch.setattr(briefgen.fileio, "write_atomic", denied)
    import briefgen.authoring.lock as lock

    monkeypatch.setattr(lock, "write_atomic", denied)
    code = main(["lock", str(root / OUTLINE), "--root", str(root)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "permission denied" in err.lower() and "internal error" not in err


def test_an_internal_error_still_prints_json_diagnostics(tmp_path, capsys, monkeypatch):
    root = copy_mini(tmp_path)

    def bug(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "check", bug)
    assert main(["check", str(root / OUTLINE), "--root", str(root), "--diagnostics", "json"]) == 3
    items = json.loads(capsys.readouterr().err)
    assert items[0]["severity"] == "error" and "boom" in items[0]["message"]


def test_a_closed_standard_output_is_not_an_internal_error(tmp_path):
    root = copy_mini(tmp_path)
    read, write = os.pipe()
    os.close(read)
    proc = subprocess.run([sys.executable, "-m", "briefgen.cli", "facts", "--library", "seeds/facts.yaml"],
                          cwd=root, stdout=write, stderr=subprocess.PIPE, timeout=60)
    os.close(write)
    assert proc.returncode != 3
    assert b"Traceback" not in proc.stderr and b"internal error" not in proc.stderr, proc.stderr


def test_a_problem_the_review_finds_while_the_workers_render_writes_nothing(tmp_path, capsys):
    # With workers, an outline goes to them as soon as it resolves, and its review (the PDF
    # fonts' characters, the editorial checks) runs meanwhile: an error found there still
    # means nothing is written, and --keep-going still writes exactly the other outlines.
    root = copy_mini(tmp_path)
    assert _build(root, extra=("-j", "2")) == 0
    before = _files(root / "out")
    broken = _second_outline(root, "broken.yaml")
    edit(root / broken, "What the council decided", "What the council decided 漢")
    edit(root / OUTLINE, "What the council decided", "What the council decided at last")
    assert _build(root, OUTLINE, broken, extra=("-j", "2")) == 1
    err = capsys.readouterr().err
    assert "has no glyph for" in err and "nothing was written" in err
    assert _files(root / "out") == before
    assert _build(root, OUTLINE, broken, extra=("-j", "2", "--keep-going")) == 1
    after = _files(root / "out")
    assert sorted(after) == sorted(before) and after["council.pdf"] != before["council.pdf"]
    assert not [p for p in (root / "out").iterdir() if p.name.startswith((".", "broken"))]


def test_strict_writes_nothing_for_a_warning_the_review_finds_while_the_workers_render(tmp_path, capsys):
    root = copy_mini(tmp_path)
    edit(root / OUTLINE, "The mayor spoke warmly of the light [@mayor-quote].",
         "The mayor spoke warmly of the light, 9 times [@mayor-quote].")
    assert _build(root, extra=("-j", "2", "--strict")) == 1
    err = capsys.readouterr().err
    assert "the number `9`" in err and "nothing was written" in err
    assert _files(root / "out") == {}
    assert _build(root, extra=("-j", "2")) == 0  # without --strict, a warning is written
    assert sorted(_files(root / "out")) == ["council.docx", "council.evidence.json", "council.pdf", "council.pptx"]
