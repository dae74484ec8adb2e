"""`briefgen watch`: build, then rebuild whenever an input changes, in one warm process.

Every attempt is an ordinary all-or-nothing build, so input with errors leaves the last good
files in place. Renderers run in this process (`jobs=1`): their libraries, fonts and templates
are loaded by the first build and reused by every later one. File events come from watchfiles
(a maintained, native file watcher); the set of files to watch is taken from each attempt, so
a fact library or theme the outline starts to use is watched from then on.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

if TYPE_CHECKING:
    from .load.project import Options
    from .pipeline import Report


def inputs_of(report: "Report", outlines: Iterable[Path]) -> tuple[set[Path], set[Path]]:
    """Return the files and the folders (themes: everything inside counts) a build read."""
    files = {p.resolve() for p in outlines}
    folders: set[Path] = set()
    for c in report.checked:
        library = c.project.library
        files |= {f.span.file.resolve() for f in library.facts.values()}
        files |= {d.path.resolve() for d in library.sources.values()}
        files |= {d.span.file.resolve() for d in library.sources.values()}
        if c.profile is not None and c.profile.path is not None:
            files.add(c.profile.path.resolve())
        if c.theme:
            folders.add(Path(c.theme).resolve())
    # a file with an error is an input too: the fix arrives there
    files |= {d.span.file.resolve() for d in report.diagnostics if d.span is not None and d.span.file.name}
    return files, folders


def _roots(files: set[Path], folders: set[Path]) -> list[Path]:
    """Return the fewest existing folders whose trees hold every input."""
    candidates = sorted({p.parent for p in files} | folders, key=lambda p: len(p.parts))
    roots: list[Path] = []
    for c in candidates:
        if c.is_dir() and not any(c.is_relative_to(r) for r in roots):
            roots.append(c)
    return roots


def watch(outlines: Sequence[Path], *, options: "Options", out_dir: Path, formats: Sequence[str], strict: bool,
          on_report: "Callable[[Report], None]", on_watch: Callable[[int], None] = lambda n: None,
          stop_event: object | None = None, debounce_ms: int = 10) -> None:
    """Build `outlines` now and after every change to an input, until interrupted or `stop_event` is set.

    `on_report` receives each attempt's report; `on_watch` the number of files then watched.
    Raises |KeyboardInterrupt| on Ctrl-C (between attempts, never in the middle of writing).
    """
    import watchfiles

    from . import pipeline

    out = out_dir.resolve()
    outline_dirs = {o.resolve().parent for o in outlines}

    def attempt(known: tuple[set[Path], set[Path]]) -> tuple[set[Path], set[Path], dict[Path, tuple[int, int]]]:
        before = _stamps(*known) if known[0] else {}
        report = pipeline.build(outlines, options=options, out_dir=out_dir, formats=formats, strict=strict, jobs=1)
        on_report(report)
        files, folders = inputs_of(report, outlines)
        if not report.checked:
            files, folders = files | known[0], folders | known[1]
        # stamps from before this build's reads: a change made while it ran triggers the next one
        stamps = {**_stamps(files, folders), **before}
        return files, folders, stamps

    files, folders, stamps = attempt((set(), set()))

    def wanted(_change: object, raw: str) -> bool:
        path = Path(raw)
        if path.is_relative_to(out) or path.name.startswith(".briefgen-"):
            return False
        return path in files or any(path.is_relative_to(f) for f in folders) or \
            (path.suffix in (".yaml", ".yml") and path.parent in outline_dirs)

    while True:
        roots = _roots(files, folders)
        ready = False
        restart = False
        for changes in watchfiles.watch(*roots, watch_filter=wanted, debounce=debounce_ms, step=5,
                                        stop_event=stop_event, raise_interrupt=True,  # type: ignore[arg-type]
                                        yield_on_timeout=True, rust_timeout=250):
            if not changes:  # a quiet interval: the watcher is running
                if not ready:
                    ready = True
                    on_watch(len(files) + len(folders))
                # what changed between the last build's reads and the watcher's start
                if _stamps(files, folders) == stamps:
                    continue
            files, folders, stamps = attempt((files, folders))
            if _roots(files, folders) != roots:
                restart = True  # an input in a new folder: watch that too
                break
        if not restart:
            return


def _stamps(files: set[Path], folders: set[Path]) -> dict[Path, tuple[int, int]]:
    """Return each input file's modification time and size (-1 for a missing file)."""
    out: dict[Path, tuple[int, int]] = {}
    for path in sorted(files | {p for f in folders if f.is_dir() for p in f.rglob("*") if p.is_file()}):
        try:
            st = path.stat()
            out[path] = (st.st_mtime_ns, st.st_size)
        except OSError:
            out[path] = (-1, -1)
    return out
