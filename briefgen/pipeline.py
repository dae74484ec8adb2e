"""The one orchestrator: load → validate → resolve → render → write (atomically).

`check` loads, verifies and resolves every outline (`_resolve_all`), then reviews the outlines
that resolved (`_Stage.review`: the lock file, the editorial checks, the characters the PDF
prints, unused facts). A build sends the resolved outlines to the render workers first and runs
the review while they render; it writes nothing until the review is done.
"""

from __future__ import annotations

import errno
import os
import tempfile
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from . import __version__
from .diagnostics import BriefgenError, Diagnostic, Span, error
from .fileio import discard, stage, write_set
from .load.project import Library, Options, Project, load_project
from .load.yamlpos import MAX_BYTES, read_text_file
from .render import RenderInputError

if TYPE_CHECKING:
    from .checks.audience import Profile
    from .render import Rendered
    from .workers import Workers
from .model import Brief

FORMATS = ("pdf", "docx", "pptx")


@dataclass(frozen=True, slots=True)
class Checked:
    """One outline that loaded and resolved: its Brief and the warnings found."""

    path: Path
    brief: Brief
    theme: str
    project: Project
    warnings: tuple[Diagnostic, ...] = ()
    profile: "Profile | None" = None


@dataclass(frozen=True, slots=True)
class Written:
    """One file a build wrote, of which outline."""

    path: Path
    format: str
    pages: int
    messages: tuple[str, ...] = ()
    outline: Path | None = None


@dataclass
class Report:
    """What a run did: per outline, its brief, the files written, and every diagnostic."""

    checked: list[Checked] = field(default_factory=list)
    written: list[Written] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


def check(paths: Sequence[Path], *, options: Options, formats: Sequence[str] = FORMATS) -> Report:
    """Return a Report of loading, verifying and resolving every outline in `paths`.

    Errors in one outline do not stop the others; every problem ends up in the report. Checks
    that concern one format only (the PDF fonts' characters) run when `formats` holds it.
    """
    report, stage = _resolve_all(paths, options=options)
    stage.review(report, formats)
    return report


@dataclass(slots=True)
class _Stage:
    """What `_resolve_all` leaves for the review: the outlines that resolved without errors (with
    the warnings found so far; the review adds its own) and what the run has seen."""

    paths: list[Path]
    resolved: list[Checked]
    cache: dict[Path, Library]
    seen: "_Seen"

    def review(self, report: Report, formats: Sequence[str]) -> None:
        """Review every resolved outline (lock file, editorial checks, the PDF fonts' characters),
        put those without errors in `report.checked`, then look for facts no outline cites."""
        for r in self.resolved:
            found, checked = _review_one(r, formats=formats, seen=self.seen)
            report.diagnostics.extend(found)
            if checked is not None:
                report.checked.append(checked)
        if report.ok and report.checked:
            report.diagnostics.extend(_unused(report.checked, self.cache, self.paths))


def _resolve_all(paths: Sequence[Path], *, options: Options) -> tuple[Report, _Stage]:
    """Load, verify and resolve every outline: the first stage of `check`, which a build follows
    with the review while its workers already render (see `_build`)."""
    report = Report()
    stage = _Stage(_distinct(paths), [], {}, _Seen())
    for path in stage.paths:
        found, resolved = _resolve_one(path, options=options, cache=stage.cache, seen=stage.seen)
        report.diagnostics.extend(found)
        if resolved is not None:
            stage.resolved.append(resolved)
    return report, stage


@dataclass(slots=True)
class _Seen:
    """What one `check` run has done once for all its outlines."""

    locks: set[Path] = field(default_factory=set)   # lock files compared with their sources
    claims: set[Path] = field(default_factory=set)  # fact libraries whose claims were held to their quotes


def _resolve_one(path: Path, *, options: Options, cache: dict[Path, Library], seen: _Seen
                 ) -> tuple[list[Diagnostic], Checked | None]:
    """Return the problems of loading and resolving outline `path`, and the outline when it has no
    error (not yet reviewed: see `_review_one`)."""
    from .checks.audience import load_profile
    from .resolve.bind import resolve

    project, found = load_project(path, options=options, cache=cache)
    # Claims are held to their quotes once per fact library, in the first outline that loads
    # it, so that this outline is not reported ok with claim errors.
    if project is not None:
        from .load.claims import check_new_libraries

        found = found + check_new_libraries(project.library, cache=cache, seen=seen.claims)
    if project is None:
        return found, None
    # The theme is checked whatever else is wrong, so that one run reports every problem.
    theme, theme_problems = _check_theme(project.outline.theme, project.outline.theme_span or Span(path),
                                         search=[path.parent, options.root], options=options)
    found = found + theme_problems
    if any(d.is_error for d in found) and not project.library.facts:
        return found, None
    profile = None
    if project.outline.audience:
        try:
            profile = load_profile(project.outline.audience, span=project.outline.audience_span)
        except BriefgenError as exc:
            found = found + list(exc.diagnostics)
    try:
        brief, more = resolve(project, generator=f"briefgen {__version__}",
                              how_we_know=bool(profile and profile.how_we_know),
                              audience_label=profile.label if profile else "",
                              kicker=profile.kicker if profile else "",
                              markers=profile.markers if profile else "inline",
                              contents=bool(profile and profile.contents))
    except BriefgenError as exc:
        return found + list(exc.diagnostics), None
    found = found + more
    if any(d.is_error for d in found) or theme_problems:
        return found, None
    return found, Checked(path, brief, theme, project, tuple(found), profile)


def _review_one(r: Checked, *, formats: Sequence[str], seen: _Seen) -> tuple[list[Diagnostic], Checked | None]:
    """Return the problems the review of a resolved outline finds, and the outline with them when
    none is an error: its lock file, the editorial checks, and the characters the PDF prints."""
    from .checks.lint import lint_outline
    from .glyphs import uncovered

    found = _lock_problems(r.project, seen.locks) + lint_outline(r.project, r.brief, profile=r.profile)
    # Glyphs: every character the PDF prints must be in the theme's fonts (read without ReportLab).
    if "pdf" in formats:  # the DOCX and the deck print every script their viewers' fonts have
        found = found + uncovered(r.project, r.brief, r.theme)
    if any(d.is_error for d in found):
        return found, None
    return found, replace(r, warnings=r.warnings + tuple(found))


def _unused(checked: list[Checked], cache: dict[Path, Library], paths: Sequence[Path]) -> list[Diagnostic]:
    """Return the warnings for facts that no outline cites.

    Only a run in which every outline resolved can tell which facts none of them cites; the
    outlines beside them that use the same library count too, so checking one outline does not
    call the facts of its siblings unused.
    """
    from .checks.lint import cited_ids, unused_facts

    out: list[Diagnostic] = []
    for facts_path, library in sorted(cache.items()):
        users = [c for c in checked if facts_path in {f.span.file for f in c.project.library.facts.values()}]
        if users:
            cited = cited_ids(c.brief for c in users) | _cited_by_siblings([c.path for c in users], facts_path)
            out.extend(unused_facts(library, cited, outlines=paths))
    return out


def _distinct(paths: Sequence[Path]) -> list[Path]:
    """Return `paths` without repeats (`a.yaml ./a.yaml` names one outline), in their order."""
    seen: set[Path] = set()
    out = []
    from .load.project import resolved

    for p in paths:
        key = resolved(p)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _cited_by_siblings(outlines: list[Path], facts_path: Path) -> set[str]:
    """Return the fact ids that other outlines in the same folders, naming `facts_path`, cite.

    Each sibling is read as YAML (not loaded: a sibling with errors still counts what it cites);
    an id counts when a text cites it (`[@id]`), a `timeline:` lists it or a chart point names it
    (`fact:`).
    """
    from .load.project import resolved
    from .load.yamlpos import Mapping as YMap
    from .load.yamlpos import Node, Scalar, parse
    from .load.yamlpos import Sequence as YSeq
    from .text.ids import mentioned_ids

    checked = {resolved(p) for p in outlines}
    ids: set[str] = set()

    def walk(node: Node, key: str = "") -> None:
        if isinstance(node, Scalar):
            ids.update(mentioned_ids(node.value))
            if key in ("timeline", "fact"):  # timeline entries, and a chart point's `fact:`
                ids.add(node.value.strip())
        elif isinstance(node, YSeq):
            for item in node.items:
                walk(item, key)
        elif isinstance(node, YMap):
            for k, v in node.items:
                walk(v, k.value)

    for folder in {resolved(p).parent for p in outlines}:
        for other in sorted(folder.glob("*.y*ml")):
            if resolved(other) in checked:
                continue
            try:
                # only regular files of an outline's size: never block on a FIFO or read a device
                if not other.is_file() or other.stat().st_size > MAX_BYTES:
                    continue
                root = parse(read_text_file(other, what="outline"), other)
            except (OSError, UnicodeDecodeError, BriefgenError):
                continue
            named = root.get("facts") if isinstance(root, YMap) else None
            paths = [named] if isinstance(named, Scalar) else list(named.items) if isinstance(named, YSeq) else []
            if not any(isinstance(n, Scalar) and resolved(other.parent / n.value) == facts_path for n in paths):
                continue
            walk(root)
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
    from .authoring.lock import write_lock

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
            try:
                written.append(write_lock(project.library, facts_path))
            except BriefgenError as exc:  # an unwritable folder, a full disk
                problems.extend(exc.diagnostics)
    return written, problems


def _check_theme(ref: str, span: Span, *, search: Sequence[Path], options: Options) -> tuple[str, list[Diagnostic]]:
    """Return the folder of the theme `ref` names and its problems (at `span`, or in its theme.yaml)."""
    from . import theme as themes

    try:
        folder = themes.find_theme(ref, search=search, span=span).resolve()
        if not options.allow_outside and not folder.is_relative_to(options.root) and \
                not folder.is_relative_to(themes.TEMPLATES.resolve()):
            return "", [error(f"the theme `{ref}` is outside the project folder `{options.root}`", span,
                              help="copy the theme into the project's templates/, or pass --allow-outside")]
        themes.load_theme(folder, span=span)
    except BriefgenError as exc:
        return "", list(exc.diagnostics)
    return str(folder), []


def build(paths: Sequence[Path], *, options: Options, out_dir: Path,
          formats: Sequence[str] = FORMATS, strict: bool = False, jobs: int | None = None,
          progress: "Callable[[str], None] | None" = None, pool: "Workers | None" = None,
          keep_going: bool = False) -> Report:
    """Check every outline, render the requested formats of those without errors, then write.

    Every file of an outline is rendered before any is written, and each is written to a
    temporary file in `out_dir` and renamed into place, so a failed or interrupted build never
    leaves a half-written file or touches earlier outputs. Formats and outlines render in up to
    `jobs` parallel processes (default: one per core), or on `pool`, workers started earlier
    by `render.jobs.start` (which this closes). `progress` receives a line per stage. With
    `keep_going`, the outlines without errors are written even when others have errors (still
    all of their files or none).
    """
    from .render.jobs import start

    with (pool if pool is not None else start(paths, formats, jobs) or nullcontext()) as workers:
        return _build(paths, options=options, out_dir=out_dir, formats=formats, strict=strict, pool=workers,
                      progress=progress or (lambda _line: None), keep_going=keep_going)


def _build(paths: Sequence[Path], *, options: Options, out_dir: Path, formats: Sequence[str], strict: bool,
           pool: "Workers | None", progress: "Callable[[str], None]", keep_going: bool = False) -> Report:
    progress(f"checking {len(paths)} outline{'s' if len(paths) != 1 else ''} and every quote")
    report, stage = _resolve_all(paths, options=options)
    # The outlines that resolved go to the workers at once. Their review (the lock file, the
    # editorial checks, the PDF fonts' characters, unused facts) and their evidence reports are
    # made here while the workers render, once a worker has nothing left to do: on a core that
    # would idle while the PDF's worker, the slowest, finishes (a build of a long brief is 6-9 %
    # faster than reviewing first). Nothing is written before the review is done: an outline it
    # fails is rendered for nothing (its problems are reported when the renders end), never written.
    candidates = [r for r in stage.resolved if not (keep_going and strict and r.warnings)]
    if not candidates or (not keep_going and (not report.ok or (strict and report.diagnostics))):
        # A build is all or nothing: don't write some outlines' files while others have errors.
        stage.review(report, formats)  # the report still gives every problem of the run
        return report
    targets = _targets([r.path for r in candidates], out_dir, formats)
    problems = _target_problems(targets, out_dir, [r.path for r in candidates])
    if problems:
        report.diagnostics.extend(problems)
        stage.review(report, formats)
        return report
    chosen: list[tuple[int, Checked]] = []
    evidence: dict[int, bytes] = {}

    def review() -> set[int]:
        """Review the outlines; return the indices of those whose files are to be written."""
        stage.review(report, formats)
        chosen.extend(_chosen(report, candidates, strict=strict, keep_going=keep_going))
        evidence.update(_evidence(chosen, root=options.root))
        return {i for i, _ in chosen}

    staged: dict[tuple[int, str], Path] = {}
    try:
        try:  # each format is rendered straight into a temporary file beside its target
            staged.update(_staged(targets))
            results = _render_all(candidates, formats, pool, progress, staged, review)
            if keep_going:
                report.checked = [c for _, c in chosen]
            files, written = _files_of(report, chosen, results, targets, formats, staged, evidence, strict=strict)
        except _StagingFailed as exc:
            report.diagnostics.append(_write_failure(exc.error, out_dir))
            return report
        if not files or (not keep_going and (not report.ok or (strict and report.diagnostics))):
            return report
        progress(f"writing {len(files)} file{'s' if len(files) != 1 else ''} to {out_dir}")
        try:
            write_set(files)
        except OSError as exc:
            report.diagnostics.append(_write_failure(exc, out_dir))
            return report
    finally:
        discard(staged.values())  # the files not swapped in: after an error or an interruption
    report.written.extend(written)
    return report


def _chosen(report: Report, candidates: Sequence[Checked], *, strict: bool, keep_going: bool
            ) -> list[tuple[int, Checked]]:
    """Return the reviewed outlines whose files are to be written, with their index in `candidates`:
    all of them when the run has no error (or, with `strict`, no warning); with `keep_going`, those
    without (their own) errors or warnings."""
    checked = {c.path: c for c in report.checked}
    if keep_going:
        return [(i, checked[r.path]) for i, r in enumerate(candidates)
                if r.path in checked and not (strict and checked[r.path].warnings)]
    if report.ok and not (strict and report.diagnostics):
        return [(i, checked[r.path]) for i, r in enumerate(candidates)]
    return []


def _evidence(chosen: Sequence[tuple[int, Checked]], *, root: Path) -> dict[int, bytes]:
    """Return each chosen outline's evidence report (JSON), by its index."""
    from .render.evidence import evidence_report, to_json

    return {i: to_json(evidence_report(c.brief, base=root)).encode("utf-8") for i, c in chosen}


class _StagingFailed(Exception):
    """A rendered file's temporary file could not be made or written (`error` says why)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.error = error


def _staged(targets: dict[tuple[int, str], Path]) -> dict[tuple[int, str], Path]:
    """Return a new temporary file beside each rendered format's target (not the evidence report's,
    which the build writes itself). Raises |_StagingFailed| after removing those it made."""
    staged: dict[tuple[int, str], Path] = {}
    try:
        for key, target in targets.items():
            if key[1] != "evidence":
                staged[key] = stage(target)
    except OSError as exc:
        discard(staged.values())
        raise _StagingFailed(exc) from exc
    return staged


def _write_failure(exc: OSError, out_dir: Path) -> Diagnostic:
    """Return the error for an output that could not be written (no file was changed)."""
    where = Path(exc.filename) if exc.filename else out_dir
    return error(f"cannot write `{where}`: {exc.strerror or exc}", help=_WRITE_HELP.get(
        exc.errno or 0, "free some space or fix the folder's permissions, or choose another folder with `-o DIR`")
        + "; no file was changed")


def _render_all(candidates: list[Checked], formats: Sequence[str], pool: "Workers | None",
                progress: "Callable[[str], None]", staged: dict[tuple[int, str], Path],
                review: "Callable[[], set[int]]") -> dict[tuple[int, str], "Rendered | RenderInputError | OSError | None"]:
    """Render every format of the outlines into their `staged` files, keyed by (outline index, format).

    `review()` runs while the workers render (before any rendering without workers) and returns
    the outlines still wanted: the formats of the others not yet started are dropped (None).
    """
    jobs = [(i, fmt) for i in range(len(candidates)) for fmt in formats]
    # The renderers never read the provenance (the evidence report, made here, does): leaving it
    # out makes the brief sent to each worker a third smaller and three times faster to unpickle.
    briefs = [replace(c.brief, provenance=None) for c in candidates]
    tasks = [(briefs[i], candidates[i].theme, fmt, str(staged[(i, fmt)])) for i, fmt in jobs]
    progress(f"rendering {len(tasks)} file{'s' if len(tasks) != 1 else ''} "
             f"({', '.join(formats)}) in {pool.size if pool else 1} process{'es' if pool and pool.size > 1 else ''}")

    def wanted_tasks() -> set[int]:
        wanted = review()
        return {k for k, (i, _) in enumerate(jobs) if i in wanted}

    results: list[Rendered | RenderInputError | OSError | None]
    if pool is None:
        from .render.jobs import render_into

        keep = wanted_tasks()
        results = [render_into(*t) if k in keep else None for k, t in enumerate(tasks)]
    else:
        # The slowest formats go first so that no core idles at the end.
        cost = {"pdf": 0, "pptx": 1, "docx": 2}  # ReportLab's line breaking is the slowest
        results = pool.run(tasks, fmt_of=lambda t: t[2], order=lambda k: cost.get(tasks[k][2], 3),
                           meanwhile=wanted_tasks)
    return dict(zip(jobs, results))


def _files_of(report: Report, chosen: list[tuple[int, Checked]],
              results: dict[tuple[int, str], "Rendered | RenderInputError | OSError | None"],
              targets: dict[tuple[int, str], Path], formats: Sequence[str], staged: dict[tuple[int, str], Path],
              evidence: dict[int, bytes], *, strict: bool) -> tuple[list[tuple[Path, bytes | Path]], list[Written]]:
    """Return the files to write (each `chosen` outline's staged formats and evidence report) and what they are.

    Every result and every warning is known before anything is written; an outline whose
    rendering reported an error (or, with `strict`, a warning) contributes no file, and its
    problems go into `report`. Raises |_StagingFailed| for a rendered file that could not be
    written to its temporary file.
    """
    files: list[tuple[Path, bytes | Path]] = []
    written: list[Written] = []
    for i, item in chosen:
        rendered: dict[str, Rendered] = {}
        found: list[Diagnostic] = []
        for fmt in formats:
            result = results[(i, fmt)]
            assert result is not None, "a chosen outline's format was dropped"
            if isinstance(result, OSError):  # the disk filled up while the file was written
                raise _StagingFailed(result)
            if isinstance(result, RenderInputError):  # a template or theme problem: the user's to fix
                found.append(error(result.message, item.project.outline.theme_span or Span(item.path)))
            else:
                rendered[fmt] = result
        if item.profile is not None and not found:
            from .checks.lint import length_budget

            found.extend(length_budget(
                item.profile, span=item.project.outline.audience_span or Span(item.path),
                pages=rendered["pdf"].pages if "pdf" in rendered else None,
                slides=rendered["pptx"].pages if "pptx" in rendered else None))
        report.diagnostics.extend(found)
        if any(d.is_error for d in found) or (strict and found):
            continue
        for fmt, result in rendered.items():
            files.append((targets[(i, fmt)], staged[(i, fmt)]))
            written.append(Written(targets[(i, fmt)], fmt, result.pages, result.messages, item.path))
        files.append((targets[(i, "evidence")], evidence[i]))
        written.append(Written(targets[(i, "evidence")], "evidence", 0, (), item.path))
    return files, written


_WRITE_HELP = {
    errno.ENOSPC: "the disk is full: free some space, or choose another folder with `-o DIR`",
    errno.EDQUOT: "the disk quota is used up: free some space, or choose another folder with `-o DIR`",
    errno.EACCES: "the folder is not writable: fix its permissions, or choose another folder with `-o DIR`",
    errno.EROFS: "the file system is read-only: choose another folder with `-o DIR`",
}


def _targets(outlines: Sequence[Path], out_dir: Path, formats: Sequence[str]) -> dict[tuple[int, str], Path]:
    """Return the file each outline's format (and evidence report) is written to."""
    return {(i, fmt): out_dir / f"{path.stem}.{fmt if fmt != 'evidence' else 'evidence.json'}"
            for i, path in enumerate(outlines) for fmt in (*formats, "evidence")}


def _target_problems(targets: dict[tuple[int, str], Path], out_dir: Path, outlines: Sequence[Path]
                     ) -> list[Diagnostic]:
    """Return why the outputs cannot be written: names that collide, are too long or are folders."""
    problems: list[Diagnostic] = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=out_dir, prefix=".briefgen-probe-", delete=True)
        probe.close()
    except OSError as exc:
        return [error(f"cannot write to the output folder `{out_dir}`: {exc.strerror or exc}",
                      help="choose another folder with `-o DIR`, or fix its permissions")]
    try:
        name_max = os.pathconf(out_dir, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        name_max = 255
    owner: dict[Path, int] = {}
    for (i, fmt), target in targets.items():
        first = owner.setdefault(target, i)
        if first != i:
            if fmt == "evidence":  # one diagnostic per pair of outlines
                problems.append(error(
                    f"`{outlines[i]}` and `{outlines[first]}` would both be written to `{out_dir / outlines[i].stem}.*`",
                    Span(outlines[i]), help="rename one of the outlines, or build them in two runs with different `-o DIR`"))
            continue
        if len(os.fsencode(target.name)) > name_max:
            problems.append(error(f"the output name `{target.name}` is {len(os.fsencode(target.name))} bytes long, "
                                  f"over this file system's limit of {name_max}", help="give the outline a shorter file name"))
        elif target.is_dir() and not target.is_symlink():
            problems.append(error(f"`{target}` is a folder, so the {fmt} output cannot be written there",
                                  help="remove or rename that folder, or choose another output folder with `-o DIR`"))
    return problems
