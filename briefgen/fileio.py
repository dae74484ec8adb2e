"""Writing output files so that readers never see a half-written file or a mix of two builds.

`write_atomic` replaces one file; `write_set` replaces a whole set of files (every output of a
build) so that afterwards either all of them are new or all are as they were. A file may be
written ahead into a temporary file beside its target (`stage`, then `fill`, possibly in a render
worker, so that its bytes never travel back to the build), which `write_set` then swaps in and
the caller `discard`s if the set is not written.
"""

from __future__ import annotations

import os
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator, Sequence

# The signals that ask a process to stop (Ctrl-C, `kill`, a closed terminal): held back while a set
# is swapped in, and while the render workers start (`workers`), so that none lands in between.
STOP_SIGNALS = tuple(s for s in (getattr(signal, n, None) for n in ("SIGINT", "SIGTERM", "SIGHUP")) if s is not None)


def stage(target: Path) -> Path:
    """Create an empty temporary file in `target`'s folder for its new content; return its path.

    Raises |OSError| when the folder cannot hold it. The caller fills it (`fill`), hands it to
    `write_set`, and discards it (`discard`) whatever happens: a file already swapped in is gone
    from the temporary name, so discarding it then does nothing.
    """
    # The temporary name stays short so that a long target name still gets a temporary file.
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".briefgen-", suffix=".tmp")
    os.close(fd)
    try:
        os.chmod(tmp, 0o644)
    except BaseException:
        _unlink(Path(tmp))
        raise
    return Path(tmp)


def fill(staged: Path, data: bytes) -> None:
    """Write `data` into the temporary file `staged` (made by `stage`). Raises |OSError|.

    The file must still exist: a worker finishing after its build was interrupted and had
    discarded the file gets FileNotFoundError rather than leaving a new temporary file behind.
    """
    # (no fsync: the rename makes the swap atomic for every reader; a build that a power cut
    # interrupts is rebuilt, byte for byte, and fsync cost a watch rebuild about 5 ms a file)
    fd = os.open(staged, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def discard(staged: Iterable[Path]) -> None:
    """Remove the temporary files `staged` that are still there."""
    for path in staged:
        _unlink(path)


def _temp_beside(target: Path, data: bytes) -> Path:
    """Write `data` to a new temporary file in `target`'s folder; return its path."""
    tmp = stage(target)
    try:
        fill(tmp, data)
    except BaseException:
        _unlink(tmp)
        raise
    return tmp


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def write_atomic(target: Path, data: bytes) -> None:
    """Write `data` to `target` through a temporary file in the same folder and a rename.

    Raises |OSError| (the target is untouched, and no temporary file is left) when it cannot.
    """
    tmp = _temp_beside(target, data)
    try:
        os.replace(tmp, target)
    except BaseException:
        _unlink(tmp)
        raise


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP until the block ends: delivered then, not lost.

    Python runs signal handlers in the main thread whichever thread the signal reached, so a
    handler that only notes the signal holds it even while worker threads run (a mask set with
    `pthread_sigmask` would cover this thread alone). Elsewhere than the main thread nothing can
    be held, and the block runs as it is.
    """
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []

    def note(signum: int, _frame: object) -> None:
        pending.append(signum)

    old = {s: signal.signal(s, note) for s in STOP_SIGNALS}
    try:
        yield
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)
        for s in dict.fromkeys(pending):
            signal.raise_signal(s)  # now, to the handler that was there before


def write_set(files: Sequence[tuple[Path, bytes | Path]]) -> None:
    """Replace every `(target, data)` of `files`, all or none.

    `data` is the new content, or a temporary file beside the target already holding it
    (`stage`). Every file is first written in full to a temporary file beside its target; only
    then are they renamed into place, with SIGINT and SIGTERM held back. When a rename fails, the
    files already replaced get their earlier content back (or are removed, if there was none).
    Raises |OSError| after cleaning up; no temporary file is ever left behind.
    """
    temps: list[tuple[Path, Path]] = []
    try:
        for target, data in files:
            temps.append((target, data if isinstance(data, Path) else _temp_beside(target, data)))
    except BaseException:
        for _, tmp in temps:
            _unlink(tmp)
        raise
    backups: list[tuple[Path, Path | None]] = []  # (target, its earlier content kept aside)
    with _signals_held():
        try:
            for target, tmp in temps:
                backup = None
                if os.path.lexists(target):
                    if target.is_dir() and not target.is_symlink():
                        raise IsADirectoryError(21, "a folder has this name", str(target))
                    backup = target.with_name(tmp.name + ".old")
                    os.link(target, backup, follow_symlinks=False)
                backups.append((target, backup))
                os.replace(tmp, target)
        except BaseException:
            for target, backup in reversed(backups):
                if backup is not None:
                    os.replace(backup, target)
                    # a rename onto another link of the same file does nothing: drop the link
                    _unlink(backup)
                else:
                    _unlink(target)
            for _, tmp in temps:
                _unlink(tmp)
            raise
        for _, backup in backups:
            if backup is not None:
                _unlink(backup)


def relative(path: Path, base: Path) -> str:
    """Return `path` relative to `base` in POSIX form (`../seeds/a.txt`), or absolute when on another drive."""
    try:
        return Path(os.path.relpath(path.resolve(), base.resolve())).as_posix()
    except ValueError:
        return path.resolve().as_posix()
