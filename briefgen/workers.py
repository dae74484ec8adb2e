"""Render workers: process pools whose processes import one group of formats' libraries early.

A build starts its workers before it reads any input, so that importing ReportLab, python-docx
and python-pptx (most of a small build's time) overlaps with loading and verifying the inputs.
Each group of formats (PDF; the Office formats) gets its own `ProcessPoolExecutor`, whose
`initializer` imports only that group's modules and prepares the theme before the brief is
known; a task goes to a worker of its format's group, or to an idle one when another group has
a backlog. The brief, which several formats share, is pickled once per run and unpickled once
per worker.

Workers start with the `fork` method on Linux, where they inherit the parent's imports and
start at once, and `spawn` elsewhere (macOS, Windows; `spawn` also works on Linux). The second
and later pools fork while the first pool's manager and queue threads run, which CPython warns
about in general (from Python 3.12 a DeprecationWarning, shown only when warnings are enabled and
never raised): a thread holding a lock the child needs would deadlock it. Here the child needs
none of theirs: it uses only its own pool's queues, made before the fork, `multiprocessing`
resets the other queues it inherits, and a forked worker leaves through `os._exit`, never
touching the earlier pools' locks. A single pool cannot replace them: its
workers take tasks in any order, and a render on a worker warmed for another format would pay
for importing that format's library (about 100 ms for ReportLab) on the build's critical path.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sys
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Container, NoReturn, Sequence

from .fileio import STOP_SIGNALS

# POSIX lets a process hold signals back while it starts workers; Windows has no signal masks.
_CAN_MASK = hasattr(signal, "pthread_sigmask")
# What a worker leaves to the build that started it: Ctrl-C and a polite request to stop.
_PARENTS = tuple(s for s in (getattr(signal, n, None) for n in ("SIGINT", "SIGTERM")) if s is not None)


class WorkerError(RuntimeError):
    """A worker failed in a way that is briefgen's bug, not the user's input: it died or raised."""


def start_method(method: str | None = None) -> str:
    """Return `method`, or the default start method: `fork` on Linux, `spawn` elsewhere."""
    if method is not None:
        return method
    return "fork" if sys.platform.startswith("linux") else "spawn"


class Workers:
    """Process pools, one per group of formats, each of whose workers warms up for its group.

    `warm(group)` runs in each worker as it starts (its exceptions are ignored: warming only
    fills caches); `work(first, *rest)` renders one task there. Both must be module-level
    functions, since a worker started by `spawn` receives them pickled. Use as a context manager:
    leaving it normally waits for the workers to end; on an error or Ctrl-C it kills them.
    """

    def __init__(self, groups: Sequence[tuple[str, ...]], *, warm: Callable[[tuple[str, ...]], None],
                 work: Callable[..., Any], method: str | None = None) -> None:
        sizes: dict[tuple[str, ...], int] = {}
        for group in groups:
            sizes[tuple(group)] = sizes.get(tuple(group), 0) + 1
        self._sizes = sizes
        self._work = work
        self._pickled = 0  # first items pickled by this object's runs: each one's number
        self._pools: dict[tuple[str, ...], ProcessPoolExecutor] = {}
        self._processes: set[multiprocessing.process.BaseProcess] = set()
        self._known = set(multiprocessing.active_children())
        self.method = start_method(method)
        context = multiprocessing.get_context(self.method)
        try:
            # Ctrl-C, SIGTERM and SIGHUP are held back while the workers start: a forked worker
            # must not run the parent's handlers (it sets its own first thing), and this process
            # must not run its own in the middle of a fork (in CPython's at-fork hooks).
            if _CAN_MASK:
                signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
            try:
                for group, size in sizes.items():
                    pool = ProcessPoolExecutor(size, mp_context=context, initializer=_initialize,
                                               initargs=(warm, group))
                    self._pools[group] = pool
                    # A pool starts its processes on the first task: start them all now.
                    for _ in range(size):
                        pool.submit(_ready)
                    self._track()
            finally:
                if _CAN_MASK:
                    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
        except BaseException:
            self.close(kill=True)
            raise

    @property
    def size(self) -> int:
        """The number of worker processes."""
        return sum(self._sizes.values())

    def _track(self) -> None:
        # Our pools' processes are the children started since this object was made (the
        # pools keep theirs private); remembered so that `close(kill=True)` can end them.
        self._processes |= set(multiprocessing.active_children()) - self._known

    def run(self, tasks: Sequence[tuple[Any, ...]], *, fmt_of: Callable[[tuple[Any, ...]], str],
            order: Callable[[int], Any] | None = None,
            meanwhile: Callable[[], Container[int]] | None = None) -> list[Any]:
        """Run every task on a worker serving its format; return the results in task order.

        A task's first item (the brief, which several formats share) is pickled once per run;
        `order(k)` sorts the queue (slowest first, so that no core idles at the end).
        `meanwhile()` runs in this process once the first tasks are on their way and a core is
        free of them (a worker has nothing left to take, or the machine has more cores than
        workers), and returns the tasks still wanted: those not yet started are dropped, and
        their result is None. Raises |WorkerError| when `work` raises or a worker dies (workers
        leave Ctrl-C and SIGTERM to this process, so a dead worker is always a failure: killed,
        out of memory or crashed).
        """
        queues: dict[tuple[str, ...], deque[int]] = {group: deque() for group in self._pools}
        for index in sorted(range(len(tasks)), key=order or (lambda k: k)):
            group = next(g for g in self._pools if fmt_of(tasks[index]) in g)
            queues[group].append(index)
        pickled: dict[int, tuple[int, bytes]] = {}  # id of a first item -> its number and bytes
        idle = dict(self._sizes)
        running: dict[Future[Any], tuple[tuple[str, ...], int]] = {}
        results: list[Any] = [None] * len(tasks)
        # `meanwhile` runs on a core no worker uses: at once when the machine has more cores than
        # workers, else once a worker has nothing left to take (or nothing runs any more).
        spare_core = (os.cpu_count() or 1) > self.size
        while any(queues.values()) or running or meanwhile is not None:
            for group, pool in self._pools.items():
                while idle[group]:
                    k = _next_task(group, queues)
                    if k is None:
                        break
                    first, *rest = tasks[k]
                    if id(first) not in pickled:
                        self._pickled += 1
                        pickled[id(first)] = (self._pickled, pickle.dumps(first, protocol=pickle.HIGHEST_PROTOCOL))
                    number, data = pickled[id(first)]
                    try:
                        future = pool.submit(_call, self._work, number, [data], *rest)
                    except BrokenProcessPool:  # a worker of this pool died before this task
                        self._broken(group)
                    running[future] = (group, k)
                    idle[group] -= 1
                    self._track()
            if meanwhile is not None and (spare_core or any(idle.values()) or not running):
                wanted, meanwhile = meanwhile(), None
                for queue in queues.values():
                    kept = [k for k in queue if k in wanted]
                    queue.clear()
                    queue.extend(kept)
                continue  # a worker may have finished meanwhile: give it the next task first
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                group, k = running.pop(future)
                idle[group] += 1
                results[k] = self._result(future, group)
        return results

    def _result(self, future: Future[Any], group: tuple[str, ...]) -> Any:
        try:
            return future.result()
        except BrokenProcessPool:
            self._broken(group)
        except Exception as exc:
            # concurrent.futures gives the worker's traceback as the exception's cause
            raise WorkerError(f"the render worker for {', '.join(group)} failed:\n"
                              f"{exc.__cause__ or ''}{type(exc).__name__}: {exc}") from exc

    def _broken(self, group: tuple[str, ...]) -> NoReturn:
        raise WorkerError(f"the render worker for {', '.join(group)} ended unexpectedly")

    def close(self, *, kill: bool = False) -> None:
        """End every worker: let them finish and exit, or kill them; then wait for them.

        Each pool is shut down with `wait=True`, which also ends its manager thread: a thread
        still closing its pipes when the interpreter exits races `concurrent.futures`' exit hook,
        which then prints an `OSError: Bad file descriptor` traceback (CPython 3.11).
        """
        self._track()  # a pool may have started a worker since the last look (they start on demand)
        if kill:
            for process in self._processes:
                process.kill()
        for pool in self._pools.values():
            pool.shutdown(wait=True, cancel_futures=True)
        for process in self._processes:
            process.join()
        self._pools = {}
        self._processes = set()

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        # On an error or an interrupt, a worker may be rendering: don't wait for it.
        self.close(kill=exc_type is not None)


def _next_task(group: tuple[str, ...], queues: dict[tuple[str, ...], deque[int]]) -> int | None:
    """Return the next task for an idle worker of `group`: its own group's first, else the last of
    the longest backlog (it imports that group's libraries the first time: many outlines keep every
    core busy), or None when no group has a backlog of two."""
    if queues[group]:
        return queues[group].popleft()
    backlog = max(queues.values(), key=len)
    return backlog.pop() if len(backlog) >= 2 else None


def _initialize(warm: Callable[[tuple[str, ...]], None], group: tuple[str, ...]) -> None:
    """A worker's start: leave Ctrl-C and SIGTERM to the build, then warm up for `group`."""
    global _parent
    _parent = os.getppid()
    # Ctrl-C reaches the whole process group, and a service manager sends SIGTERM to every
    # process of the build. The build decides: it reports the interrupt and kills its workers,
    # or carries on when it ignores the signal itself (a background job ignores Ctrl-C). A worker
    # that died first would turn an interrupt into a "worker ended unexpectedly" failure.
    for signum in _PARENTS:
        signal.signal(signum, _leave_to_parent)
    if _CAN_MASK:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    try:
        warm(group)
    except Exception:  # noqa: BLE001 - warming is an optimisation; the render reports problems
        pass


_parent = 0  # in a worker, the process that started it


def _leave_to_parent(signum: int, _frame: object) -> None:
    """A worker's handler for Ctrl-C and SIGTERM: ignore it, unless the build is gone."""
    if os.getppid() != _parent:  # orphaned (the build was killed): nobody else will end us
        os._exit(128 + signum)


def _ready() -> None:
    """The task that makes a pool start its processes."""


# In a worker, the first item it unpickled last, under its number in the run: the same brief in
# another format comes to the same worker, and is unpickled once.
_last: dict[int, Any] = {}


def _call(work: Callable[..., Any], number: int, box: list[bytes], *rest: Any) -> Any:
    # `box` holds the pickled first item; taking it out lets its bytes (3 MB for a 700-page
    # brief) go while the task runs, where the task's arguments would keep them to the end.
    data = box.pop()
    if number not in _last:
        _last.clear()
        _last[number] = pickle.loads(data)
    del data
    return work(_last[number], *rest)
