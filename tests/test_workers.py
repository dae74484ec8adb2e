"""The render workers: results in order, bugs reported with their traceback, no orphans.

Work and warm-up functions live at module level: a worker started by `spawn` receives them
pickled, by name.
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import time

import pytest
from helpers_project import copy_mini

from briefgen.workers import WorkerError, Workers

OUTLINE = "briefs/council.yaml"

needs_proc = pytest.mark.skipif(not os.path.isdir("/proc") or not hasattr(os, "killpg"),
                                reason="the orphan check reads /proc and signals a process group")
METHODS = ["fork", "spawn"] if hasattr(os, "fork") else ["spawn"]

_WARMED: list[tuple[str, ...]] = []  # in a worker: the groups it warmed up for


def _warm(group):
    _WARMED.append(group)


def _double(x, tag):
    return (tag, x * 2, os.getpid(), tuple(_WARMED))


def _fails(x, tag):
    if tag == "bad":
        raise ValueError(f"broken task {x}")
    return x


def _dies(x, tag):
    os._exit(7)


def _slow_a(x, tag):
    time.sleep(0.1 if tag == "a" else 0)
    return os.getpid()


def _broken_warm(group):
    raise ImportError("no such library")


class Counted:
    """A brief stand-in that counts how often it is pickled (in this process) and unpickled."""

    pickled = 0
    unpickled = 0

    def __init__(self, size: int) -> None:
        self.sections = list(range(size))

    def __getstate__(self):
        type(self).pickled += 1
        return self.sections

    def __setstate__(self, state):
        type(self).unpickled += 1
        self.sections = state


def _count(brief, tag):
    return (len(brief.sections), type(brief).unpickled)


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


@pytest.mark.parametrize("method", METHODS)
def test_tasks_run_on_workers_warmed_for_their_group_and_come_back_in_order(method):
    with Workers([("a",), ("b", "c")], warm=_warm, work=_double, method=method) as pool:
        assert pool.size == 2 and pool.method == method
        tasks = [(i, "abc"[i % 3]) for i in range(9)]
        results = pool.run(tasks, fmt_of=lambda t: t[1], order=lambda k: -k)
    assert [(tag, x) for tag, x, _pid, _warmed in results] == [(t, i * 2) for i, t in tasks]
    by_tag = {tag: (pid, warmed) for tag, _x, pid, warmed in results}
    assert by_tag["a"][1] == (("a",),) and by_tag["b"][1] == by_tag["c"][1] == (("b", "c"),)
    assert by_tag["a"][0] != by_tag["b"][0] == by_tag["c"][0]
    assert _WARMED == []  # warm runs in the workers, never in the parent
    assert not any(_alive(pid) for pid, _warmed in by_tag.values())


def test_a_shared_first_item_is_pickled_once_and_unpickled_once_per_worker():
    brief = Counted(1000)
    Counted.pickled = 0
    with Workers([("x",)], warm=_warm, work=_count) as pool:
        results = pool.run([(brief, "x"), (brief, "x"), (brief, "x")], fmt_of=lambda t: t[1])
    assert results == [(1000, 1)] * 3
    assert Counted.pickled == 1


def test_an_exception_in_a_worker_is_a_worker_error_with_its_traceback():
    with pytest.raises(WorkerError, match=r"(?s)failed:.*_fails.*ValueError: broken task 2"):
        with Workers([("ok", "bad")], warm=_warm, work=_fails) as pool:
            pool.run([(1, "ok"), (2, "bad")], fmt_of=lambda t: t[1])


def test_a_worker_that_dies_is_reported_and_every_worker_is_ended():
    with pytest.raises(WorkerError, match="ended unexpectedly"):
        with Workers([("a",), ("b",)], warm=_warm, work=_dies) as pool:
            pids = [p.pid for p in pool._processes]
            pool.run([(1, "a")], fmt_of=lambda t: t[1])
    assert len(pids) == 2
    assert not any(_alive(p) for p in pids)


def test_a_failing_warm_up_does_not_stop_the_work():
    with Workers([("a",)], warm=_broken_warm, work=_double) as pool:
        assert pool.run([(3, "a")], fmt_of=lambda t: t[1])[0][:2] == ("a", 6)


def test_an_idle_worker_takes_work_from_a_group_with_a_backlog():
    with Workers([("a",), ("b",)], warm=_warm, work=_slow_a) as pool:
        results = pool.run([(i, "a") for i in range(8)] + [(0, "b")], fmt_of=lambda t: t[1])
    assert len(set(results[:8])) == 2  # the "b" worker helped with the "a" backlog
    assert results[-1] in set(results[:8])


def _sleep_tag(x, tag):
    time.sleep(x)
    return tag


def test_meanwhile_waits_for_a_free_worker_and_drops_the_queued_tasks_not_wanted():
    # Two workers busy with "a" and "b", a second "b" queued: `meanwhile` (the build's review)
    # runs in this process once a core is free of the workers (on two cores, once a worker has
    # nothing left to take: after every task here has started), exactly once.
    calls: list[int] = []

    def meanwhile():
        calls.append(os.getpid())
        return {0, 2}

    with Workers([("a",), ("b",)], warm=_warm, work=_sleep_tag) as pool:
        results = pool.run([(0.3, "a"), (0.0, "b"), (0.0, "b")], fmt_of=lambda t: t[1], meanwhile=meanwhile)
    assert calls == [os.getpid()] and results == ["a", "b", "b"]  # nothing was left to drop

    # "b"'s worker is free from the start, so `meanwhile` runs at once; the second "a", still
    # queued behind the first (one task is no backlog to take), is not wanted: never run.
    with Workers([("a",), ("b",)], warm=_warm, work=_sleep_tag) as pool:
        results = pool.run([(0.3, "a"), (0.0, "a")], fmt_of=lambda t: t[1], meanwhile=lambda: {0})
    assert results == ["a", None]


def test_meanwhile_runs_as_soon_as_a_core_is_free_and_always_once(monkeypatch):
    seen: list[bool] = []

    with Workers([("a",), ("b",)], warm=_warm, work=_sleep_tag) as pool:
        start = time.monotonic()

        def meanwhile():
            seen.append(time.monotonic() - start < 0.5)  # long before the 1 s task ends
            return {0}

        assert pool.run([(1.0, "a")], fmt_of=lambda t: t[1], meanwhile=meanwhile) == ["a"]
    assert seen == [True]

    # One core, one worker, one task: no core is free until the task is done; `meanwhile` still
    # runs then, once, and the task's result is kept.
    ended: list[float] = []
    with Workers([("a",)], warm=_warm, work=_sleep_tag) as pool:
        monkeypatch.setattr(os, "cpu_count", lambda: 1)
        start = time.monotonic()
        assert pool.run([(0.3, "a")], fmt_of=lambda t: t[1],
                        meanwhile=lambda: ended.append(time.monotonic() - start) or {0}) == ["a"]
    assert len(ended) == 1 and ended[0] >= 0.3


def _interrupted_builds(tmp_path, *, sigint, send, delays=(0.15, 0.3, 0.5)):
    """Start a `-j 3` build of the mini project with SIGINT set to `sigint` (as its shell left
    it), `send` it a signal after each delay, and yield (exit status, stderr, output folder)."""
    root = copy_mini(tmp_path)
    out = root / "out"
    code = (f"import signal; signal.signal(signal.SIGINT, signal.{sigint}); "
            "import sys; from briefgen.cli import main; "
            f"sys.exit(main(['build', {str(root / OUTLINE)!r}, '--root', {str(root)!r}, '-o', {str(out)!r}, '-j', '3']))")
    for delay in delays:
        proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)
        time.sleep(delay)
        send(proc.pid)
        _, err = proc.communicate(timeout=60)
        assert b"Traceback" not in err and b"Exception ignored" not in err, err
        assert b"internal error" not in err, err
        assert _group_members(proc.pid) == []  # no worker outlives the build
        if out.exists():
            assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
        yield proc.returncode, err, out


@pytest.mark.slow
@needs_proc
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_signal_to_the_whole_build_ends_the_workers_and_leaves_no_temporary_file(tmp_path, signum):
    # As a terminal does with Ctrl-C, and a service manager or `kill -TERM -PGID` with SIGTERM:
    # the whole process group, the build's workers included. 130 is briefgen's own
    # "interrupted"; -signum if the signal came before Python's handler or after briefgen's.
    for code, err, _out in _interrupted_builds(tmp_path, sigint="default_int_handler",
                                               send=lambda pid: os.killpg(pid, signum)):
        assert code in (0, 130, -signum), (code, err)


@pytest.mark.slow
@needs_proc
def test_a_build_that_ignores_ctrl_c_is_not_stopped_by_its_workers(tmp_path):
    # A background job (`briefgen build ... &` in a script, nohup) ignores Ctrl-C. Its workers
    # once died of it, and the build failed with "internal error: worker ended unexpectedly".
    for code, err, out in _interrupted_builds(tmp_path, sigint="SIG_IGN",
                                              send=lambda pid: os.killpg(pid, signal.SIGINT)):
        assert code == 0, err
        assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".json", ".pdf", ".pptx"]


def _running(pid: int) -> bool:
    """Whether `pid` runs (a zombie no longer does; a container's init may never reap it)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            stat = fh.read()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2:].split()[0] not in ("Z", "X")


@needs_proc
def test_a_worker_leaves_sigterm_to_its_build_but_ends_on_it_once_orphaned():
    code = ("import sys, time\n"
            "from briefgen.workers import Workers\n"
            "sys.path.insert(0, %r)\n"
            "import test_workers as t\n"
            "pool = Workers([('a',), ('b',)], warm=t._warm, work=t._double)\n"
            "pool.run([(1, 'a'), (2, 'b')], fmt_of=lambda t: t[1])\n"
            "print(*[p.pid for p in pool._processes], flush=True)\n"
            "time.sleep(60)\n") % os.path.dirname(__file__)
    build = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        pids = [int(p) for p in build.stdout.readline().split()]
        assert len(pids) == 2
        for pid in pids:
            os.kill(pid, signal.SIGTERM)  # the build decides: it is alive, so the workers stay
        time.sleep(0.3)
        assert all(_running(pid) for pid in pids)
    finally:
        build.kill()  # SIGKILL: no cleanup, the workers are orphaned
        build.wait()
        build.stdout.close()
    for pid in pids:
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_running(pid) for pid in pids)


@needs_proc
def test_ctrl_c_to_the_build_alone_kills_its_rendering_workers(tmp_path):
    # SIGINT to the parent only (not its process group, as `kill -INT` does): the workers never
    # see it, so the build must end them itself rather than wait for their renders.
    code = ("import os, signal, sys, threading, time\n"
            "from briefgen.workers import Workers\n"
            "sys.path.insert(0, %r)\n"
            "import test_workers as t\n"
            "pool = Workers([('a',), ('b',)], warm=t._warm, work=t._sleeps)\n"
            "print(*[p.pid for p in pool._processes], flush=True)\n"
            "threading.Timer(0.3, signal.pthread_kill, (threading.main_thread().ident, signal.SIGINT)).start()\n"
            "try:\n"
            "    with pool:\n"
            "        pool.run([(1, 'a'), (2, 'b')], fmt_of=lambda t: t[1])\n"
            "except KeyboardInterrupt:\n"
            "    print('interrupted', flush=True)\n") % os.path.dirname(__file__)
    t0 = time.monotonic()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    pids, verdict = out.stdout.splitlines()
    assert verdict == "interrupted" and time.monotonic() - t0 < 20
    assert not any(_alive(int(p)) for p in pids.split())


def _sleeps(x, tag):
    time.sleep(30)
    return x


def test_render_one_returns_a_template_problem_as_a_render_input_error(monkeypatch):
    import briefgen.render
    from briefgen.render import RenderInputError
    from briefgen.render.jobs import render_one
    from briefgen.render.pptx.write import TemplateError

    class Broken:
        def prepare(self, theme):
            pass

        def render(self, brief, *, theme):
            raise TemplateError("slide template `slides.pptx` has no layout named `Two Content`")

    monkeypatch.setitem(briefgen.render.RENDERERS, "pptx", Broken)
    result = render_one(None, "default", "pptx")
    assert isinstance(result, RenderInputError)
    assert result.message == "slide template `slides.pptx` has no layout named `Two Content`"


def test_render_one_returns_an_unknown_theme_as_a_render_input_error():
    from briefgen.render import RenderInputError
    from briefgen.render.jobs import render_one

    result = render_one(None, "no-such-theme", "pdf")
    assert type(result) is RenderInputError and result.message == "unknown theme `no-such-theme`"


def test_render_one_lets_a_bug_propagate(monkeypatch):
    import briefgen.render
    from briefgen.render.jobs import render_one

    class Buggy:
        def prepare(self, theme):
            pass

        def render(self, brief, *, theme):
            raise KeyError("oops")

    monkeypatch.setitem(briefgen.render.RENDERERS, "docx", Buggy)
    with pytest.raises(KeyError):
        render_one(None, "default", "docx")


def test_every_renderers_template_error_is_a_render_input_error_and_survives_pickling():
    from briefgen.render import RenderInputError, docx
    from briefgen.render.pptx import write

    for cls in (docx.TemplateError, write.TemplateError):
        assert issubclass(cls, RenderInputError)
        copy = pickle.loads(pickle.dumps(cls("style `Title` must be a paragraph style")))
        assert type(copy) is cls and copy.message == "style `Title` must be a paragraph style"


def test_the_registry_gives_each_format_a_renderer_with_prepare_and_render():
    from briefgen.render import RENDERERS, renderer

    assert sorted(RENDERERS) == ["docx", "pdf", "pptx"]
    for fmt in RENDERERS:
        r = renderer(fmt)
        assert callable(r.prepare) and callable(r.render), fmt


class _BrokenDeck:
    """A deck renderer whose template lacks a layout."""

    def prepare(self, theme):
        pass

    def render(self, brief, *, theme):
        from briefgen.render.pptx.write import TemplateError

        raise TemplateError("slide template `slides.pptx` has no layout named `Two Content`")


@pytest.mark.skipif("fork" not in METHODS, reason="the patched renderer reaches forked workers only")
def test_a_template_problem_in_a_worker_is_reported_at_the_theme_and_nothing_is_written(tmp_path, monkeypatch):
    import briefgen.render
    from briefgen import pipeline
    from briefgen.load.project import Options
    from briefgen.render.jobs import start

    monkeypatch.setitem(briefgen.render.RENDERERS, "pptx", _BrokenDeck)
    root = copy_mini(tmp_path)
    outline = root / OUTLINE
    report = pipeline.build([outline], options=Options(root=root), out_dir=tmp_path / "out",
                            pool=start([outline], pipeline.FORMATS, 2, method="fork"))
    [diagnostic] = [d for d in report.diagnostics if d.is_error]
    assert diagnostic.message == "slide template `slides.pptx` has no layout named `Two Content`"
    assert diagnostic.span.file == outline and diagnostic.span.line == 7  # the `theme:` line
    assert report.written == []


def test_a_task_lets_its_pickled_first_item_go_and_a_new_number_is_unpickled_anew():
    from briefgen import workers

    box = [pickle.dumps([1, 2])]
    assert workers._call(lambda first, tag: (first, tag), 7, box, "x") == ([1, 2], "x")
    assert box == []  # nothing holds the bytes while the task runs
    same = workers._last[7]
    assert workers._call(lambda first: first, 7, [pickle.dumps([1, 2])]) is same  # unpickled once
    assert workers._call(lambda first: first, 8, [pickle.dumps([3])]) == [3]
    assert list(workers._last) == [8]  # only the last one is kept
