"""Render workers: forked processes that import one format's libraries while the parent checks.

A build forks its workers before it reads any input, so that importing ReportLab, python-docx
and python-pptx (most of a small build's time) overlaps with loading and verifying the inputs.
Each worker imports only its own formats' modules, then asks the renderer to `prepare` the theme
(fonts, templates) before the brief is known. Tasks and results travel as pickles over pipes,
one length-prefixed message each; a brief shared by several formats is pickled once.

This module deliberately imports nothing heavy: `concurrent.futures` and `multiprocessing` cost
more to import than a whole small render, and fork-then-pipe is all a build needs.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import traceback
from collections import deque
from typing import Any, Callable, Sequence

_HEADER = struct.Struct("<Q")


def _write_all(fd: int, data: bytes) -> None:
    """Write one message: its length, then its bytes (small messages in a single write)."""
    header = _HEADER.pack(len(data))
    if len(data) < 1 << 16:
        _write_view(fd, memoryview(header + data))
    else:  # don't copy a large message just to prepend eight bytes
        _write_view(fd, memoryview(header))
        _write_view(fd, memoryview(data))


def _write_view(fd: int, view: memoryview) -> None:
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _read_exact(fd: int, n: int) -> bytes | None:
    """Return exactly `n` bytes from `fd`, or None at end of file before the first byte."""
    chunks: list[bytes] = []
    got = 0
    while got < n:
        chunk = os.read(fd, min(n - got, 1 << 20))
        if not chunk:
            if got == 0:
                return None
            raise EOFError("a render worker's pipe closed in the middle of a message")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _read_message(fd: int) -> bytes | None:
    header = _read_exact(fd, _HEADER.size)
    if header is None:
        return None
    (size,) = _HEADER.unpack(header)
    data = _read_exact(fd, size)
    if data is None:
        raise EOFError("a render worker's pipe closed in the middle of a message")
    return data


class WorkerError(RuntimeError):
    """A worker failed in a way that is briefgen's bug, not the user's input: it died or raised."""


class _Worker:
    __slots__ = ("pid", "group", "send", "recv", "task")

    def __init__(self, pid: int, group: tuple[str, ...], send: int, recv: int) -> None:
        self.pid, self.group, self.send, self.recv = pid, group, send, recv
        self.task: int | None = None


class Workers:
    """Forked worker processes, each serving the formats of its group first.

    `warm(group)` runs in each worker as soon as it starts; `work(*task)` renders one task there,
    of any format: a worker whose own queue is empty takes tasks from a group with a backlog.
    Use as a context manager: leaving it (normally, on an error or on Ctrl-C) ends every worker.
    """

    def __init__(self, groups: Sequence[tuple[str, ...]], *, warm: Callable[[tuple[str, ...]], None],
                 work: Callable[..., Any]) -> None:
        self._workers: list[_Worker] = []
        self._work = work
        try:
            for group in groups:
                self._workers.append(self._fork(tuple(group), warm))
        except BaseException:
            self.close(kill=True)
            raise

    @property
    def size(self) -> int:
        return len(self._workers)

    def _fork(self, group: tuple[str, ...], warm: Callable[[tuple[str, ...]], None]) -> _Worker:
        task_r, task_w = os.pipe()
        result_r, result_w = os.pipe()
        pid = -1
        # Ctrl-C is held back around the fork, so that it can never raise in the new process
        # while that still runs the parent's code.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            pid = os.fork()
            if pid == 0:  # the worker
                status = 0
                try:
                    os.close(task_w)
                    os.close(result_r)
                    for other in self._workers:  # the pipes of earlier workers are not ours
                        os.close(other.send)
                        os.close(other.recv)
                    # Ctrl-C reaches the whole process group; the parent reports it, a worker just ends.
                    signal.signal(signal.SIGINT, signal.SIG_DFL)
                    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
                    _serve(group, task_r, result_w, warm, self._work)
                except BaseException:
                    status = 1
                finally:
                    os._exit(status)
        finally:
            if pid != 0:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        os.close(task_r)
        os.close(result_w)
        return _Worker(pid, group, task_w, result_r)

    def run(self, tasks: Sequence[tuple[Any, ...]], *, fmt_of: Callable[[tuple[Any, ...]], str],
            order: Callable[[int], Any] | None = None) -> list[Any]:
        """Run every task on a worker serving its format; return the results in task order.

        A task's first item (the brief, which several formats share) is pickled once per run;
        `order(k)` sorts the queue (slowest first, so that no core idles at the end).
        """
        queues: dict[tuple[str, ...], deque[int]] = {w.group: deque() for w in self._workers}
        for k in sorted(range(len(tasks)), key=order or (lambda k: k)):
            group = next(w.group for w in self._workers if fmt_of(tasks[k]) in w.group)
            queues[group].append(k)
        pickled: dict[int, bytes] = {}

        def payload(k: int) -> bytes:
            first, *rest = tasks[k]
            if id(first) not in pickled:
                pickled[id(first)] = pickle.dumps(first, protocol=pickle.HIGHEST_PROTOCOL)
            return pickle.dumps((pickled[id(first)], tuple(rest)), protocol=pickle.HIGHEST_PROTOCOL)

        results: list[Any] = [None] * len(tasks)
        done = 0
        while done < len(tasks):
            for w in self._workers:
                if w.task is not None:
                    continue
                if queues[w.group]:
                    w.task = queues[w.group].popleft()
                else:
                    # An idle worker helps another group with a backlog (it imports that group's
                    # libraries the first time): many outlines keep every core busy to the end.
                    backlog = max(queues.values(), key=len)
                    if len(backlog) < 2:
                        continue
                    w.task = backlog.pop()
                _write_all(w.send, payload(w.task))
            busy = {w.recv: w for w in self._workers if w.task is not None}
            if not busy:  # pragma: no cover - every format has a worker
                raise WorkerError("no worker serves a format that was asked for")
            ready, _, _ = select.select(list(busy), [], [])
            for fd in ready:
                w = busy[fd]
                data = _read_message(fd)
                if data is None:
                    _, status = os.waitpid(w.pid, 0)
                    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGINT:
                        raise KeyboardInterrupt  # Ctrl-C reached the worker before this process
                    raise WorkerError(f"the render worker for {', '.join(w.group)} ended unexpectedly")
                status, value = pickle.loads(data)
                if status != "ok":
                    raise WorkerError(f"the render worker for {', '.join(w.group)} failed:\n{value}")
                assert w.task is not None
                results[w.task] = value
                w.task = None
                done += 1
        return results

    def close(self, *, kill: bool = False) -> None:
        """End every worker: close their task pipes (they exit), or kill them, and reap them."""
        for w in self._workers:
            if kill:
                try:
                    os.kill(w.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            for fd in (w.send, w.recv):
                try:
                    os.close(fd)
                except OSError:
                    pass
        for w in self._workers:
            try:
                os.waitpid(w.pid, 0)
            except ChildProcessError:
                pass
        self._workers = []

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        # On an error or an interrupt, a worker may be rendering: don't wait for it.
        self.close(kill=exc_type is not None)


def _serve(group: tuple[str, ...], task_fd: int, result_fd: int,
           warm: Callable[[tuple[str, ...]], None], work: Callable[..., Any]) -> None:
    """The worker's loop: warm up, then render tasks until the parent closes the pipe."""
    try:
        warm(group)
    except Exception:  # noqa: BLE001 - warming is an optimisation; the render reports problems
        pass
    briefs: dict[bytes, Any] = {}
    while True:
        data = _read_message(task_fd)
        if data is None:
            return
        try:
            first_bytes, rest = pickle.loads(data)
            if first_bytes not in briefs:  # the same brief in another format: unpickle it once
                briefs.clear()
                briefs[first_bytes] = pickle.loads(first_bytes)
            task = (briefs[first_bytes], *rest)
            reply = pickle.dumps(("ok", work(*task)), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - reported to the parent as a bug, with its traceback
            reply = pickle.dumps(("bug", traceback.format_exc()), protocol=pickle.HIGHEST_PROTOCOL)
        _write_all(result_fd, reply)
