"""The one orchestrator: load → validate → resolve → render → write (atomically)."""

from __future__ import annotations

import os
import tempfile
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from . import __version__
from .fileio import write_atomic
from .diagnostics import BriefgenError, Diagnostic, Span, did_you_mean, error
from .load.project import Library, Options, Project, load_project
from .record import record

if TYPE_CHECKING:
    from .audience import Profile
    from .render import Rendered
    from .workers import Workers
from .model import Brief

FORMATS = ("pdf", "docx", "pptx")


@record
class Checked:
    """One outline that loaded and resolved: its Brief and the warnings found."""

    path: Path
    brief: Brief
    theme: str
    project: Project
    warnings: tuple[Diagnostic, ...] = ()
    profile: "Profile | None" = None


@record
class Written:
    path: Path
    format: str
    pages: int
    messages: tuple[str, ...] = ()


@dataclass
class Report:
    """What a run did: per outline, its brief, the files written, and every diagnostic."""

    checked: list[Checked] = field(default_factory=list)
    written: list[Written] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


def check(paths: Sequence[Path], *, options: Options) -> Report:
    """Return a Report of loading, verifying and resolving every outline in `paths`.

    Errors in one outline do not stop the others; every problem ends up in the report.
    """
    from .audience import load_profile
    from .lint import cited_ids, lint_outline, unused_facts
    from .resolve.bind import resolve

    report = Report()
    cache: dict[Path, Library] = {}
    locks_seen: set[Path] = set()
    for path in paths:
        project, found = load_project(path, options=options, cache=cache)
        if project is None or any(d.is_error for d in found) and not project.library.facts:
            report.diagnostics.extend(found)
            continue
        profile = None
        if project.outline.audience:
            try:
                profile = load_profile(project.outline.audience, span=project.outline.audience_span)
            except BriefgenError as exc:
                found = found + list(exc.diagnostics)
        try:
            brief, more = resolve(project, generator=f"briefgen {__version__}",
                                  how_we_know=bool(profile and profile.how_we_know))
        except BriefgenError as exc:
            report.diagnostics.extend(found + list(exc.diagnostics))
            continue
        if any(d.is_error for d in found):
            report.diagnostics.extend(found + more)
            continue
        theme_problem = _check_theme(project.outline.theme, project.outline.theme_span or Span(path))
        if theme_problem is not None:
            report.diagnostics.append(theme_problem)
            continue
        found = found + more + _lock_problems(project, locks_seen) + lint_outline(project, brief, profile=profile)
        report.diagnostics.extend(found)
        if any(d.is_error for d in found):
            continue
        report.checked.append(Checked(path, brief, project.outline.theme, project, tuple(found), profile))
    if report.ok and report.checked:
        # Only a run in which every outline resolved can tell which facts none of them cites; the
        # outlines beside them that use the same library count too, so checking one outline
        # does not call the facts of its siblings unused.
        for facts_path, library in sorted(cache.items()):
            users = [c for c in report.checked if facts_path in {f.span.file for f in c.project.library.facts.values()}]
            if users:
                cited = cited_ids(c.brief for c in users) | _cited_by_siblings([c.path for c in users], facts_path)
                report.diagnostics.extend(unused_facts(library, cited, outlines=paths))
    return report


def _cited_by_siblings(outlines: list[Path], facts_path: Path) -> set[str]:
    """Return the fact ids that other outlines in the same folders, naming `facts_path`, mention."""
    import re

    checked = {p.resolve() for p in outlines}
    ids: set[str] = set()
    for folder in {p.resolve().parent for p in outlines}:
        for other in sorted(folder.glob("*.y*ml")):
            if other.resolve() in checked:
                continue
            try:
                text = other.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if facts_path.name not in text:
                continue
            ids.update(re.findall(r"@([a-z0-9]+(?:-[a-z0-9]+)*)", text))
            ids.update(re.findall(r"^\s*-\s*([a-z0-9]+(?:-[a-z0-9]+)*)\s*$", text, re.M))
            ids.update(re.findall(r"timeline:\s*\[([^\]]*)\]", text) and
                       [i.strip() for m in re.findall(r"timeline:\s*\[([^\]]*)\]", text) for i in m.split(",")])
    return ids


def _lock_problems(project: Project, seen: set[Path]) -> list[Diagnostic]:
    """Return what changed in the sources since each fact library's lock file was written."""
    from .load.lock import check_lock, lock_path, read_lock

    out: list[Diagnostic] = []
    for facts_path in sorted({f.span.file for f in project.library.facts.values()}):
        if facts_path in seen:
            continue
        seen.add(facts_path)
        try:
            lock = read_lock(lock_path(facts_path))
        except BriefgenError as exc:
            out.extend(exc.diagnostics)
            continue
        if lock is not None:
            out.extend(check_lock(project.library, lock, facts_path=facts_path))
    return out


def lock(paths: Sequence[Path], *, options: Options) -> tuple[list[Path], list[Diagnostic]]:
    """Write the lock file of every fact library the outlines use; return the files and problems.

    A library with errors is not locked: a lock records only verified anchors.
    """
    from .load.lock import write_lock

    written: list[Path] = []
    problems: list[Diagnostic] = []
    done: set[Path] = set()
    cache: dict[Path, Library] = {}
    for path in paths:
        project, found = load_project(path, options=options, cache=cache)
        problems.extend(found)
        if project is None or any(d.is_error for d in found):
            continue
        for facts_path in sorted({f.span.file for f in project.library.facts.values()} - done):
            done.add(facts_path)
            written.append(write_lock(project.library, facts_path))
    return written, problems


def _check_theme(name: str, span: Span) -> Diagnostic | None:
    from .theme import available

    names = available()
    if name in names:
        return None
    return error(f"unknown theme `{name}`", span, help=did_you_mean(name, names) or
                 f"themes are folders in templates/: {', '.join(names)}")


def build(paths: Sequence[Path], *, options: Options, out_dir: Path,
          formats: Sequence[str] = FORMATS, strict: bool = False, jobs: int | None = None,
          progress: "Callable[[str], None] | None" = None, pool: "Workers | None" = None) -> Report:
    """Check every outline, render the requested formats of those without errors, then write.

    Every file of an outline is rendered before any is written, and each is written to a
    temporary file in `out_dir` and renamed into place, so a failed or interrupted build never
    leaves a half-written file or touches earlier outputs. Formats and outlines render in up to
    `jobs` parallel processes (default: one per core), or on `pool`, workers started earlier
    by `render.jobs.start` (which this closes). `progress` receives a line per stage.
    """
    from .render.jobs import start

    with (pool if pool is not None else start(paths, formats, jobs) or nullcontext()) as workers:
        return _build(paths, options=options, out_dir=out_dir, formats=formats, strict=strict, pool=workers,
                      progress=progress or (lambda _line: None))


def _build(paths: Sequence[Path], *, options: Options, out_dir: Path, formats: Sequence[str], strict: bool,
           pool: "Workers | None", progress: "Callable[[str], None]") -> Report:
    progress(f"checking {len(paths)} outline{'s' if len(paths) != 1 else ''} and every quote")
    report = check(paths, options=options)
    if not report.ok or (strict and report.diagnostics):
        # A build is all or nothing: don't write some outlines' files while others have errors.
        return report
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=out_dir, prefix=".briefgen-probe-", delete=True)
        probe.close()
    except OSError as exc:
        report.diagnostics.append(error(f"cannot write to the output folder `{out_dir}`: {exc.strerror}",
                                        help="choose another folder with `-o DIR`, or fix its permissions"))
        return report
    jobs = [(i, fmt) for i in range(len(report.checked)) for fmt in formats]
    tasks = [(report.checked[i].brief, report.checked[i].theme, fmt) for i, fmt in jobs]
    progress(f"rendering {len(tasks)} file{'s' if len(tasks) != 1 else ''} "
             f"({', '.join(formats)}) in {pool.size if pool else 1} process{'es' if pool and pool.size > 1 else ''}")
    if pool is None:
        from .render.jobs import render_one

        results = [render_one(*t) for t in tasks]
    else:
        # The slowest formats go first so that no core idles at the end.
        cost = {"pdf": 0, "pptx": 1, "docx": 2}  # ReportLab's line breaking is the slowest
        results = pool.run(tasks, fmt_of=lambda t: t[2], order=lambda k: cost.get(tasks[k][2], 3))
    for i, item in enumerate(report.checked):
        rendered: dict[str, Rendered] = {}
        failed = False
        for fmt in formats:
            result = results[jobs.index((i, fmt))]
            if isinstance(result, (str, Exception)) and (result := str(result)) is not None:  # a template or theme problem: the user's to fix
                report.diagnostics.append(error(result, item.project.outline.theme_span or Span(item.path)))
                failed = True
            else:
                rendered[fmt] = result
        if failed:
            continue
        from .evidence import evidence_report, to_json

        evidence = to_json(evidence_report(item.project, item.brief, base=options.root)).encode("utf-8")
        if item.profile is not None:
            from .lint import length_budget

            report.diagnostics.extend(length_budget(
                item.profile, span=item.project.outline.audience_span or Span(item.path),
                pages=rendered["pdf"].pages if "pdf" in rendered else None,
                slides=rendered["pptx"].pages if "pptx" in rendered else None))
        for fmt, result in rendered.items():
            target = out_dir / f"{item.path.stem}.{fmt}"
            write_atomic(target, result.data)
            report.written.append(Written(target, fmt, result.pages, result.messages))
        target = out_dir / f"{item.path.stem}.evidence.json"
        write_atomic(target, evidence)
        report.written.append(Written(target, "evidence", 0))
    return report
