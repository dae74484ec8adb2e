"""The forked render workers: results in order, bugs reported with their traceback, no orphans."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from briefgen.workers import WorkerError, Workers
from helpers_project import copy_mini

OUTLINE = "briefs/council.yaml"

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or not os.path.isdir("/proc"),
                                reason="workers need os.fork; the orphan check reads /proc")


def _double(x, tag):
    return (tag, x * 2, os.getpid())


def _fails(x, tag):
    if tag == "bad":
        raise ValueError(f"broken task {x}")
    return x


def _dies(x, tag):
    os._exit(7)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _group_members(pgid: int) -> list[int]:
    """Return the live processes of process group `pgid` (read from /proc, as `pgrep -g` does)."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(entry))
    return members


def test_tasks_run_on_their_groups_workers_and_come_back_in_order():
    warmed = []
    with Workers([("a",), ("b", "c")], warm=warmed.append, work=_double) as pool:
        assert pool.size == 2
        pids = [w.pid for w in pool._workers]
        tasks = [(i, "abc"[i % 3]) for i in range(9)]
        results = pool.run(tasks, fmt_of=lambda t: t[1], order=lambda k: -k)
    assert [(tag, x) for tag, x, _pid in results] == [(t, i * 2) for i, t in tasks]
    by_tag = {tag: pid for tag, _x, pid in results}
    assert by_tag["a"] == pids[0] and by_tag["b"] == by_tag["c"] == pids[1]
    assert warmed == []  # warm runs in the workers, never in the parent
    assert not any(_alive(p) for p in pids)


def test_a_shared_first_item_is_sent_once_and_every_task_gets_its_own_copy():
    brief = {"sections": list(range(1000))}
    with Workers([("x",)], warm=lambda g: None, work=lambda b, tag: (len(b["sections"]), tag)) as pool:
        assert pool.run([(brief, "x"), (brief, "x")], fmt_of=lambda t: t[1]) == [(1000, "x"), (1000, "x")]


def test_an_exception_in_a_worker_is_a_worker_error_with_its_traceback():
    with pytest.raises(WorkerError, match=r"(?s)failed:.*ValueError: broken task 2"):
        with Workers([("ok", "bad")], warm=lambda g: None, work=_fails) as pool:
            pool.run([(1, "ok"), (2, "bad")], fmt_of=lambda t: t[1])


def test_a_worker_that_dies_is_reported_and_the_others_are_ended():
    with pytest.raises(WorkerError, match="ended unexpectedly"):
        with Workers([("a",), ("b",)], warm=lambda g: None, work=_dies) as pool:
            pids = [w.pid for w in pool._workers]
            pool.run([(1, "a")], fmt_of=lambda t: t[1])
    assert not any(_alive(p) for p in pids)


def test_a_failing_warm_up_does_not_stop_the_work():
    def warm(group):
        raise ImportError("no such library")

    with Workers([("a",)], warm=warm, work=_double) as pool:
        assert pool.run([(3, "a")], fmt_of=lambda t: t[1])[0][:2] == ("a", 6)


def test_ctrl_c_during_a_parallel_build_ends_the_workers_and_leaves_no_temporary_file(tmp_path):
    root = copy_mini(tmp_path)
    out = root / "out"
    code = ("import sys; from briefgen.cli import main; "
            f"sys.exit(main(['build', {str(root / OUTLINE)!r}, '--root', {str(root)!r}, '-o', {str(out)!r}, '-j', '3']))")
    for delay in (0.15, 0.3, 0.5):
        proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal does: the whole process group
        _, err = proc.communicate(timeout=60)
        # 130 is briefgen's own "interrupted"; -SIGINT if the signal came before Python's handler
        assert proc.returncode in (0, 130, -signal.SIGINT), (proc.returncode, err)
        assert b"Traceback" not in err
        # no worker outlives the build
        assert _group_members(proc.pid) == []
        if out.exists():
            assert not [p.name for p in out.iterdir() if p.name.startswith(".")]


def test_an_idle_worker_takes_work_from_a_group_with_a_backlog():
    def slow(x, tag):
        time.sleep(0.05 if tag == "a" else 0)
        return os.getpid()

    with Workers([("a",), ("b",)], warm=lambda g: None, work=slow) as pool:
        pids = [w.pid for w in pool._workers]
        results = pool.run([(i, "a") for i in range(8)] + [(0, "b")], fmt_of=lambda t: t[1])
    assert results[-1] == pids[1]
    assert set(results[:8]) == set(pids)  # the "b" worker helped with the "a" backlog
