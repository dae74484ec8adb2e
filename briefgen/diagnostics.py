"""Diagnostics: located errors and warnings, the one error type, and their printers."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Iterable, Sequence


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Span:
    """A place in a file: 1-based line and column, and how many characters it covers."""

    file: Path
    line: int = 0
    column: int = 0
    length: int = 1

    def shifted(self, *, columns: int, length: int | None = None) -> "Span":
        """Return this span moved `columns` to the right, optionally with a new length."""
        return Span(self.file, self.line, self.column + columns, self.length if length is None else length)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem: where, what (lower case, no full stop), and the fix in `help`."""

    severity: Severity
    message: str
    span: Span | None = None
    help: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def error(message: str, span: Span | None = None, *, help: str | None = None,
          notes: Sequence[str] = ()) -> Diagnostic:
    return Diagnostic(Severity.ERROR, message, span, help, tuple(notes))


def warning(message: str, span: Span | None = None, *, help: str | None = None,
            notes: Sequence[str] = ()) -> Diagnostic:
    return Diagnostic(Severity.WARNING, message, span, help, tuple(notes))


class BriefgenError(Exception):
    """The one exception root: carries the diagnostics that stopped a stage."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = tuple(diagnostics)
        super().__init__("; ".join(d.message for d in self.diagnostics))


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """Return `did you mean `x`?` for the closest of `choices`, or None when nothing is close."""
    close = closest(word, choices)
    return f"did you mean `{close}`?" if close else None


def closest(word: str, choices: Iterable[str]) -> str | None:
    """Return the one of `choices` that `word` most likely misspells, or None when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def missing_file_help(path: Path, otherwise: str) -> str:
    """Return the help for a file `path` that does not exist: the name of the file beside it that
    it most likely misspells (`fact.yaml` for `facts.yaml`), else `otherwise`."""
    try:
        names = [p.name for p in path.parent.iterdir() if p.is_file()]
    except OSError:  # the folder is missing too, or unreadable
        names = []
    close = closest(path.name, names)
    return f"did you mean `{close}`, in the same folder?" if close else otherwise


@dataclass
class Collector:
    """Gathers diagnostics across a stage so that every problem is reported in one run."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        self.items.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.items.extend(diagnostics)

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.items)

    def raise_if_errors(self) -> None:
        """Raise |BriefgenError| with everything collected when any of it is an error."""
        if self.has_errors:
            raise BriefgenError(self.items)


# ---------------------------------------------------------------- printers


def _display_path(path: Path, cwd: Path | None) -> str:
    try:
        return str(path.resolve().relative_to((cwd or Path.cwd()).resolve()))
    except (ValueError, OSError, RuntimeError):  # outside the folder; or a symlink loop (RuntimeError)
        return str(path)


def in_reading_order(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Return `diagnostics` in the order an author fixes them: file by file (in the order the files
    first come up), each file's from top to bottom, then those about the whole file (no line:
    "12 more places …" follows the places it sums up). Those without a file keep their place
    among the files; problems at one place keep the order they were found in."""
    items = list(diagnostics)
    rank: dict[Path | None, int] = {}
    for d in items:
        rank.setdefault(d.span.file if d.span is not None else None, len(rank))

    def key(d: Diagnostic) -> tuple[int, bool, int, int]:
        if d.span is None:
            return (rank[None], False, 0, 0)
        return (rank[d.span.file], d.span.line == 0, d.span.line, d.span.column)

    return sorted(items, key=key)


def format_human(d: Diagnostic, *, cwd: Path | None = None, color: bool = False,
                 source_lines: "dict[Path, list[str]] | None" = None) -> str:
    """Return `d` as rustc-style text: `file:line:col: error: message`, the line, a caret, help."""
    red, yellow, blue, bold, reset = ("\033[31m", "\033[33m", "\033[34m", "\033[1m", "\033[0m") if color else ("",) * 5
    sev = (red if d.is_error else yellow) + d.severity.value + reset
    head = f"{bold}{d.message}{reset}"
    if d.span is None:
        lines = [f"briefgen: {sev}: {head}"]
    else:
        where = _display_path(d.span.file, cwd)
        if d.span.line:
            where += f":{d.span.line}:{d.span.column}"
        lines = [f"{where}: {sev}: {head}"]
        text = _line_of(d.span, source_lines)
        if text is not None:
            num = str(d.span.line)
            pad = " " * len(num)
            shown = text.replace("\t", " ")
            caret = " " * max(d.span.column - 1, 0) + "^" * max(1, min(d.span.length, max(1, len(shown) - d.span.column + 1)))
            lines += [f"{blue}{pad} |{reset}", f"{blue}{num} |{reset} {shown}", f"{blue}{pad} |{reset} {red if d.is_error else yellow}{caret}{reset}"]
    for n in d.notes:
        lines.append(f"   = note: {n}")
    if d.help:
        lines.append(f"   = help: {d.help}")
    return "\n".join(lines)


def _line_of(span: Span, cache: "dict[Path, list[str]] | None") -> str | None:
    if not span.line:
        return None
    lines = cache.get(span.file) if cache is not None else None
    if lines is None:
        try:
            lines = span.file.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return None
        if lines:  # columns are counted without a byte-order mark, as the loader counts them
            lines[0] = lines[0].removeprefix("\ufeff")
        if cache is not None:
            cache[span.file] = lines
    if 0 < span.line <= len(lines):
        return lines[span.line - 1]
    return None


def format_json(diagnostics: Sequence[Diagnostic], *, cwd: Path | None = None) -> str:
    """Return the diagnostics as a JSON array, one object each, for editors and CI."""
    out = []
    for d in diagnostics:
        item: dict[str, object] = {"severity": d.severity.value, "message": d.message}
        if d.span is not None:
            item.update(file=_display_path(d.span.file, cwd), line=d.span.line,
                        column=d.span.column, length=d.span.length)
        if d.help:
            item["help"] = d.help
        if d.notes:
            item["notes"] = list(d.notes)
        out.append(item)
    return json.dumps(out, indent=2, ensure_ascii=False)
