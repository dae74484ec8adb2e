"""The command line: argv → pipeline call → printed diagnostics → exit code; nothing else."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, Sequence

from . import __version__

if TYPE_CHECKING:
    from collections.abc import Callable

    from . import pipeline
    from .load.project import Options
    from .workers import Workers

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3

DESCRIPTION = """\
Build cited policy briefs (PDF, DOCX) and a matching slide deck (PPTX) from a YAML outline and a
fact library whose every quote is verified against its source."""

EPILOG = """\
exit status: 0 success, 1 the input has errors, 2 wrong usage, 3 a bug in briefgen.
examples:
  briefgen build briefs/policymakers.yaml
  briefgen build briefs/*.yaml -o out --format pdf,pptx
  briefgen watch briefs/students.yaml
  briefgen check briefs/students.yaml --diagnostics json"""


def _folder(text: str) -> Path:
    """Return the output folder `-o` names; an empty one is refused, not read as the current folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError(
            "give a folder; an empty path is not one (did a variable in `-o \"$OUT\"` expand to nothing?)")
    return Path(text)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="briefgen", description=DESCRIPTION, epilog=EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"briefgen {__version__}")
    _global_options(p, defaults=True)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("outlines", nargs="+", type=Path, metavar="OUTLINE", help="outline YAML file(s)")
        _global_options(sp, defaults=False)

    b = sub.add_parser("build", help="check outlines and write PDF, DOCX and PPTX",
                       description="Check each outline (every quote against its source), then write "
                                   "DIR/<outline stem>.pdf, .docx and .pptx. Nothing is written when "
                                   "any outline has errors; each file is written whole or not at all.")
    common(b)
    b.add_argument("-o", "--output", type=_folder, default=Path("build"), metavar="DIR",
                   help="output folder (default: build)")
    b.add_argument("--format", default="pdf,docx,pptx", metavar="LIST",
                   help="comma-separated formats to write: pdf, docx, pptx (default: all three)")
    b.add_argument("--keep-going", action="store_true",
                   help="write the outlines that have no errors and report the others (default: all or nothing)")
    b.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help="render in up to N parallel processes (default: one per core; 1 renders in-process)")
    w = sub.add_parser("watch", help="build, then rebuild whenever an input changes (Ctrl-C stops)",
                       description="Build once, then rebuild whenever an outline, a fact library, a source, "
                                   "an audience profile or the theme changes. Each rebuild is all or nothing: "
                                   "input with errors keeps the last good files. Stays warm: libraries, fonts "
                                   "and templates are loaded once.")
    common(w)
    w.add_argument("-o", "--output", type=_folder, default=Path("build"), metavar="DIR",
                   help="output folder (default: build)")
    w.add_argument("--format", default="pdf,docx,pptx", metavar="LIST",
                   help="comma-separated formats to write: pdf, docx, pptx (default: all three)")
    w.add_argument("--strict", action="store_true", help="treat warnings as errors (nothing is rewritten)")
    c = sub.add_parser("check", help="validate outlines and verify every quote, without rendering",
                       description="Load each outline and its fact library, verify every evidence quote "
                                   "against its source, resolve every citation, and report all problems.")
    common(c)
    c.add_argument("--evidence", action="store_true",
                   help="print the evidence report (JSON): every citation, its quotes, their positions in "
                        "the sources and how they matched, and each source's SHA-256")
    c.add_argument("--accessibility", action="store_true",
                   help="also render the PDF, DOCX and deck in memory (nothing is written) and report, per "
                        "file, which accessibility rules passed and what a person still has to judge")
    lk = sub.add_parser("lock", help="record where every quote sits in its source (facts.lock.json)",
                        description="Write <facts>.lock.json beside each fact library the outlines use: each "
                                    "source's SHA-256 and every quote's offsets, text and context. Commit it; "
                                    "`check` then explains exactly what changed when a source is edited.")
    common(lk)
    for sp in (b, c):
        sp.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 1)")

    f = sub.add_parser("facts", help="list the fact library, or draft facts from a source (`facts suggest ID`)",
                       description="List facts with their claims and evidence status, filtered by tag or "
                                   "source; or, with `suggest SOURCE_ID`, print candidate facts (sentences "
                                   "with dates, numbers or named actors, each with its verbatim quote) as "
                                   "YAML ready to paste under `facts:`.")
    f.add_argument("action", nargs="*", metavar="suggest SOURCE_ID", help="`suggest` and a source id")
    f.add_argument("--library", type=Path, default=Path("seeds/facts.yaml"), metavar="PATH",
                   help="the fact library (default: seeds/facts.yaml)")
    f.add_argument("--tag", help="only facts with this tag")
    f.add_argument("--source", help="only facts quoting this source")
    _global_options(f, defaults=False)

    t = sub.add_parser("theme", help="`theme new NAME`: copy the default theme into the project to edit",
                       description="Copy briefgen's default theme (theme.yaml, fonts, reference.docx, slides.pptx) "
                                   "into templates/NAME/ of the project folder (the current folder, or --root); "
                                   "outlines then use it with `theme: NAME`.")
    t.add_argument("action", choices=("new",), help="`new`")
    t.add_argument("name", metavar="NAME", help="the new theme's name (lowercase letters, digits, hyphens)")
    _global_options(t, defaults=False)

    sc = sub.add_parser("schema", help="print the JSON Schema of an input kind, for editors",
                        description="Print the JSON Schema (draft 2020-12) of outlines, fact libraries, source "
                                    "registries, themes or audience profiles: the same declarations `check` "
                                    "validates with. Point your editor's YAML extension at it with a first line "
                                    "`# yaml-language-server: $schema=PATH`.")
    sc.add_argument("kind", choices=("outline", "facts", "sources", "theme", "audience"), metavar="KIND",
                    help="outline, facts, sources, theme or audience")
    _global_options(sc, defaults=False)

    so = sub.add_parser("sources", help="`sources add FILE`: print a sources.yaml entry drafted from the file",
                        description="Extract FILE (a .txt, .md, .html/.htm or .pdf source) as `check` will, and "
                                    "print a `sources.yaml` entry for it, drafted from the file's own metadata "
                                    "(title, author, publisher, date, URL, language; unknown ones stay null). "
                                    "Nothing is written: check every value against the source, then paste the "
                                    "entry under `sources:` in the registry yourself.")
    so.add_argument("action", choices=("add",), help="`add`")
    so.add_argument("file", type=Path, metavar="FILE", help="the source file (kept as received; never changed)")
    so.add_argument("--registry", type=Path, default=Path("seeds/sources.yaml"), metavar="PATH",
                    help="the registry the entry is for: `file:` is written relative to it and `id:` differs "
                         "from its ids (default: seeds/sources.yaml; it is only read)")
    _global_options(so, defaults=False)

    n = sub.add_parser("new", help="start a new topic: sources, facts and an outline that build at once",
                       description="Write a new project into DIR (which must be new or empty): a sample "
                                   "source, facts quoting it and an outline, ready for `briefgen build`.")
    n.add_argument("folder", type=Path, metavar="DIR")
    n.add_argument("--topic", help="the new brief's title")
    n.add_argument("--language", choices=("en", "fr"), default="en",
                   help="the language the sample source, facts and outline are written in (default: en)")
    _global_options(n, defaults=False)
    return p


def _global_options(p: argparse.ArgumentParser, *, defaults: bool) -> None:
    """Add the options every command takes; they may stand before or after the command.

    The top-level parser holds the defaults; a command's own copies default to nothing, so an
    option given before the command is not reset by the command's parser.
    """
    def d(value: object) -> object:
        return value if defaults else argparse.SUPPRESS

    p.add_argument("--root", type=Path, default=d(None),
                   help="project folder that inputs must stay inside (default: the current folder)")
    p.add_argument("--allow-outside", action="store_true", default=d(False),
                   help="allow outlines, fact libraries and sources outside the project folder")
    p.add_argument("--diagnostics", choices=("human", "json"), default=d("human"),
                   help="how to print errors and warnings (json: one array on stderr, for editors and CI)")
    p.add_argument("--debug", action="store_true", default=d(False),
                   help="show a Python traceback for internal errors")


def main(argv: Sequence[str] | None = None) -> int:
    """Run briefgen with `argv` and return the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and EXIT_USAGE
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        with _terminate_as_interrupt():
            return _run(args, parser)
    except SystemExit as exc:  # `parser.error` for an option value only a command can judge
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        print("briefgen: interrupted; no file was left half-written or mixed with another build's", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader of standard output went away (`briefgen facts | head`): not an error of ours
        _silence_stdout()
        return EXIT_INPUT
    except OSError as exc:  # the machine's problem, not briefgen's: a full disk, a missing permission
        what = f" `{exc.filename}`" if exc.filename else ""
        return _fail(args, f"cannot use{what}: {exc.strerror or exc}",
                     "check that the file or folder exists and is readable and writable, and that the disk has room")
    except MemoryError:
        return _fail(args, "out of memory", "close other programs, or build fewer outlines at once")
    except Exception as exc:  # a traceback is always a bug in briefgen
        if args.debug:
            raise
        return _fail(args, f"internal error: {type(exc).__name__}: {exc}",
                     "this is a bug in briefgen; rerun with --debug and report the traceback", code=EXIT_BUG)


def _fail(args: argparse.Namespace, message: str, help: str, *, code: int = EXIT_INPUT) -> int:
    """Print one error without a place (in the chosen diagnostics format); return `code`."""
    from .diagnostics import error, format_json

    if getattr(args, "diagnostics", "human") == "json":
        print(format_json([error(message, help=help)]), file=sys.stderr)
    else:
        print(f"briefgen: error: {message}\n   = {'note' if code == EXIT_BUG else 'help'}: {help}", file=sys.stderr)
    return code


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


class _terminate_as_interrupt:
    """Turn SIGTERM into KeyboardInterrupt while briefgen runs, so it cleans up as for Ctrl-C.

    An interrupt raised while Python runs a callback (a weakref's, an import lock's, an at-fork
    hook) cannot propagate: Python prints it as "Exception ignored" and carries on as if the
    signal never came. This context catches that case (`sys.unraisablehook`) and sends the
    signal again from another thread, so that it interrupts the code the callback returned to
    (should it land in a callback again, it comes back here and is sent once more).
    """

    def __enter__(self) -> None:
        import signal
        import threading

        self._old: dict[int, Any] = {}  # a signal's handler before ours
        self._hook = sys.unraisablehook
        self._signum = 0
        if threading.current_thread() is not threading.main_thread():
            return
        if hasattr(signal, "SIGTERM"):
            self._old[signal.SIGTERM] = signal.signal(signal.SIGTERM, self._raise)
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not ignored (a background job)
            self._old[signal.SIGINT] = signal.signal(signal.SIGINT, self._raise)
        sys.unraisablehook = self._unraisable

    def _raise(self, signum: int, frame: object) -> None:
        self._signum = signum
        raise KeyboardInterrupt

    def _unraisable(self, unraisable: "sys.UnraisableHookArgs") -> None:
        import signal
        import threading

        if unraisable.exc_type is KeyboardInterrupt and self._signum:
            # Not from here, and a little later: the handler would run inside this hook, and its
            # exception be lost again (even while starting the thread, which waits for it).
            if hasattr(signal, "pthread_kill"):  # to the main thread, which it wakes from a wait
                again = threading.Timer(0.005, signal.pthread_kill,
                                        (threading.main_thread().ident, self._signum))
            else:
                again = threading.Timer(0.005, signal.raise_signal, (self._signum,))
            again.daemon = True  # a build that ends meanwhile ends as it would have
            again.start()
        else:
            self._hook(unraisable)

    def __exit__(self, *exc: object) -> None:
        import signal

        for signum, handler in self._old.items():
            signal.signal(signum, handler)
        sys.unraisablehook = self._hook


def _run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    pool = None
    formats: list[str] = []
    if args.command in ("build", "watch"):
        formats = list(dict.fromkeys(f.strip().lower() for f in args.format.split(",") if f.strip()))
        bad = [f for f in formats if f not in ("pdf", "docx", "pptx")]
        if bad or not formats:
            parser.error(f"unknown format `{', '.join(bad) or args.format}`; choose from pdf, docx, pptx")
    if args.command == "build":
        # Start the render workers first: their imports then overlap with all of the checking.
        from .render.jobs import start

        pool = start(args.outlines, formats, args.jobs)
    try:
        return _dispatch(args, parser, formats, pool)
    except BaseException:
        if pool is not None:  # the build never took them over
            pool.close(kill=True)
        raise


def _dispatch(args: argparse.Namespace, parser: argparse.ArgumentParser, formats: list[str],
              pool: "Workers | None") -> int:
    """Run `args.command` (a build with the render workers `pool`) and return the exit status."""
    if args.command == "schema":
        return _schema(args)
    if args.command == "new":
        return _new(args)
    from .load.project import Options

    options = Options(root=(args.root or Path.cwd()).resolve(), allow_outside=args.allow_outside)
    if args.command == "theme":
        return _theme(args, options)
    if args.command == "facts":
        return _facts(args, parser, options)
    if args.command == "sources":
        return _sources(args, options)
    if args.command == "watch":
        return _watch(args, options, formats)
    if args.command == "build":
        return _build(args, options, formats, pool)
    if args.command == "lock":
        return _lock(args, options)
    return _check(args, options)


def _schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of an input kind (outline, facts, sources, theme or audience), for editors."""
    import json

    from .load.schema import json_schema

    print(json.dumps(json_schema(args.kind), indent=2, ensure_ascii=False))
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    """Write a new project folder and say how to build it."""
    from .authoring.scaffold import scaffold

    def new() -> None:
        for path in scaffold(args.folder, topic=args.topic, language=args.language):
            print(f"wrote {path}")
        print(f"next: cd {args.folder} && briefgen build briefs/brief.yaml")

    return _reported(args, new)


def _theme(args: argparse.Namespace, options: "Options") -> int:
    """Copy the default theme into the project's `templates/` to edit."""
    from .theme import new_theme

    def copy() -> None:
        files = new_theme(args.name, folder=options.root)
        print(f"wrote {options.root / 'templates' / args.name}/ ({_count(len(files), 'file')}); "
              f"use it with `theme: {args.name}` and edit its theme.yaml")

    return _reported(args, copy)


def _sources(args: argparse.Namespace, options: "Options") -> int:
    """Print a sources.yaml entry drafted from a source file."""
    from .sources.registry import entry_text

    return _reported(args, lambda: print(entry_text(args.file, registry=args.registry, options=options), end=""))


def _reported(args: argparse.Namespace, action: "Callable[[], None]") -> int:
    """Run a command's `action`; print the problems it raised (a |BriefgenError|) as every
    command does, and return the exit status."""
    from . import pipeline
    from .diagnostics import BriefgenError

    report = pipeline.Report()
    try:
        action()
    except BriefgenError as exc:
        report.diagnostics.extend(exc.diagnostics)
    return _finish(args, report)


def _build(args: argparse.Namespace, options: "Options", formats: list[str], pool: "Workers | None") -> int:
    """Build the outlines' files in `formats`, rendered by the workers `pool`."""
    from . import pipeline

    report = pipeline.build(args.outlines, options=options, out_dir=args.output, formats=formats,
                            strict=args.strict, jobs=args.jobs, progress=_progress, pool=pool,
                            keep_going=args.keep_going)
    return _finish(args, report)


def _lock(args: argparse.Namespace, options: "Options") -> int:
    """Write the lock file (where every quote sits in its source) of each fact library the outlines use."""
    from . import pipeline

    files, problems = pipeline.lock(args.outlines, options=options)
    report = pipeline.Report(diagnostics=problems)
    for f in files:
        print(f"wrote {f}")
    return _finish(args, report)


def _check(args: argparse.Namespace, options: "Options") -> int:
    """Check the outlines; print their evidence reports (`--evidence`) and accessibility checks
    (`--accessibility`) when asked."""
    from . import pipeline

    report = pipeline.check(args.outlines, options=options)
    if args.evidence:
        from .render.evidence import evidence_report, to_json

        reports = [evidence_report(c.brief, base=options.root) for c in report.checked]
        print(to_json(reports[0] if len(reports) == 1 else reports))  # type: ignore[arg-type]
    if args.accessibility and report.ok:
        _accessibility(report)
    return _finish(args, report)


def _accessibility(report: "pipeline.Report") -> None:
    """Render each checked outline's three files in memory, print what the accessibility checks
    found, and add an error for each failed rule (or each render that failed)."""
    from .checks.accessibility import check_file, format_reports
    from .diagnostics import Span, error
    from .render import RenderInputError
    from .render.jobs import render_one

    for c in report.checked:
        files = []
        for fmt in ("pdf", "docx", "pptx"):
            result = render_one(c.brief, c.theme, fmt)
            if isinstance(result, RenderInputError):
                report.diagnostics.append(error(result.message, c.project.outline.theme_span or Span(c.path)))
                continue
            files.append(check_file(fmt, f"{c.path.stem}.{fmt}", result.data, language=c.brief.language))
        print(format_reports(str(c.path), files))
        for f in files:
            for failed in f.failed:
                report.diagnostics.append(error(
                    f"`{f.name}` fails an accessibility check: {failed.rule}" + (f" ({failed.detail})" if failed.detail else ""),
                    Span(c.path), help="the report above lists what was found; a theme's own reference.docx or "
                                       "slides.pptx can bring in what fails"))


def _watch(args: argparse.Namespace, options: "Options", formats: list[str]) -> int:
    from .watch import watch

    def on_report(report: "pipeline.Report") -> None:
        _finish(args, report)
        sys.stdout.flush()

    def on_watch(count: int) -> None:
        print(f"briefgen: watching {_count(count, 'input')} for changes (Ctrl-C stops)", file=sys.stderr, flush=True)

    try:
        watch(args.outlines, options=options, out_dir=args.output, formats=formats, strict=args.strict,
              on_report=on_report, on_watch=on_watch)
    except KeyboardInterrupt:
        print("briefgen: stopped watching", file=sys.stderr)
    return EXIT_OK


def _progress(line: str) -> None:
    print(f"briefgen: {line}\u2026", file=sys.stderr, flush=True)


def _summary(report: "pipeline.Report") -> str:
    """Return the table printed after a build: per outline, its files, pages, slides, citations, warnings."""
    rows = [("outline", "files", "pages", "slides", "citations", "warnings")]
    for c in report.checked:
        mine = [w for w in report.written if w.outline == c.path]
        if not mine:
            continue
        pages = next((str(w.pages) for w in mine if w.format == "pdf"), "-")
        slides = next((str(w.pages) for w in mine if w.format == "pptx"), "-")
        # every warning printed about this outline or the files it reads (its library, sources)
        files = {c.path} | {f.span.file for f in c.project.library.facts.values()} | \
            {d.path for d in c.project.library.sources.values()} | {d.span.file for d in c.project.library.sources.values()}
        warnings = sum(1 for d in dict.fromkeys((*c.warnings, *report.diagnostics))
                       if not d.is_error and (d in c.warnings or (d.span is not None and d.span.file in files)))
        rows.append((str(c.path), str(len(mine)), pages, slides, str(len(c.brief.notes)), str(warnings)))
    if len(rows) == 1:
        return ""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(r, widths)))
             for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _facts(args: argparse.Namespace, parser: argparse.ArgumentParser, options: "Options") -> int:
    from . import pipeline
    from .authoring.suggest import list_facts, source_named, suggest_facts
    from .diagnostics import BriefgenError, Collector
    from .load.project import Library, load_facts, resolved

    if args.action and (args.action[0] != "suggest" or len(args.action) != 2):
        parser.error("usage: briefgen facts [--tag T] [--source S] | briefgen facts suggest SOURCE_ID")
    report = pipeline.Report()
    diags = Collector()
    library = Library()
    try:
        load_facts(resolved(args.library), options=options, diags=diags, library=library)
        report.diagnostics.extend(diags.items)
        if args.action:
            print(suggest_facts(source_named(library, args.action[1]), existing=library), end="")
        else:
            print(list_facts(library, tag=args.tag, source=args.source), end="")
    except BriefgenError as exc:
        report.diagnostics.extend(diags.items + list(exc.diagnostics))
    return _finish(args, report)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _finish(args: argparse.Namespace, report: "pipeline.Report") -> int:
    """Print the report's diagnostics (each once) and return the exit status."""
    from .diagnostics import format_human, format_json, in_reading_order

    # Outlines sharing a fact library meet its problems once each: print every one once, in the
    # order an author fixes them rather than the order the checks ran in.
    diagnostics = in_reading_order(dict.fromkeys(report.diagnostics))
    if args.diagnostics == "json":
        print(format_json(diagnostics), file=sys.stderr)
    else:
        color = sys.stderr.isatty()
        cache: dict[Path, list[str]] = {}
        for d in diagnostics:
            print(format_human(d, color=color, source_lines=cache), file=sys.stderr)
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    strict = getattr(args, "strict", False) and warnings > 0
    if args.command in ("build", "watch"):
        for w in report.written:
            extra = f" ({_count(w.pages, 'slide' if w.format == 'pptx' else 'page')})" if w.pages else ""
            print(f"wrote {w.path}{extra}")
            for m in w.messages:
                print(f"  {m}")
        table = _summary(report)
        if table:
            print()
            print(table)
        if warnings and not errors and not strict and args.diagnostics == "human":
            print(f"briefgen: {_count(warnings, 'warning')} (printed above)", file=sys.stderr)
    elif args.command == "check" and not args.evidence:
        for c in report.checked:
            print(f"ok {c.path}: {_count(len(c.brief.notes), 'note')}, {_count(len(c.brief.sources), 'source')}, "
                  f"{_count(len(c.warnings), 'warning')}")
    if (errors or strict) and args.diagnostics == "human":
        written = ""
        if args.command in ("build", "watch"):
            outlines = len({w.outline for w in report.written})
            written = (f"; wrote the files of {_count(outlines, 'outline')} without errors (--keep-going)"
                       if report.written else "; nothing was written")
        print(f"briefgen: {_count(errors, 'error')}, {_count(warnings, 'warning')}"
              + (" (--strict: warnings count as errors)" if strict else "") + written, file=sys.stderr)
    return EXIT_INPUT if errors or strict else EXIT_OK


def run() -> NoReturn:
    """The `briefgen` command: run `main`, then end the process without tearing Python down.

    Once the output is flushed, freeing every object and module one by one gains nothing and
    costs 25–30 ms (about a tenth of a `check`; longer for a long brief), so the command ends as
    mypy's does (`--fast-exit`): the exit handlers run (`atexit`: library clean-ups, flushing
    logs), then `os._exit`. When another thread or a child process is still alive, whose end a
    normal exit would wait for, or when flushing the output fails, it exits the normal way.
    """
    import atexit
    import os
    import threading

    status = main()
    mp = sys.modules.get("multiprocessing")
    if threading.active_count() > 1 or (mp is not None and mp.active_children()):
        sys.exit(status)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
        atexit._run_exitfuncs()  # what a normal exit runs before tearing down (typeshed declares it)
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: let the normal exit report it as Python does
        sys.exit(status)
    os._exit(status)


if __name__ == "__main__":  # pragma: no cover
    run()
