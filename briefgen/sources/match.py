"""Finding a quote in an extracted source: today's matching, plus only what extraction introduced.

|find| first tries |briefgen.load.quotes.find| unchanged (verbatim, then normalised). Only when
that fails does it allow what the PDF's layout put there: at a flagged line-end hyphen
("recom-\\nmendation"), the line break may go, and between two letters the hyphen may go too.
Digits never merge, so a quote whose numbers differ is still never found. A match says which of
these it needed (`via`), so that `briefgen facts` and the evidence report can show it.
"""

from __future__ import annotations

import re

from ..load import quotes
from ..record import record
from .extracted import HYPHENATION, Extracted

_JOIN = "\ue002"  # stands for a flagged line-end hyphen whose hyphen may go or stay


@record
class SourceMatch:
    """A quote's place in an extracted text, whether it was verbatim, and what it needed."""

    start: int
    end: int
    verbatim: bool
    line: int
    column: int
    via: tuple[str, ...] = ()  # "hyphenation", "ligature": what the match owes to the extraction
    locator: str | None = None  # "p. 3", "pp. 3–4", or the HTML heading


def find(quote: str, extracted: Extracted, normalized: quotes.Normalized | None = None) -> SourceMatch | None:
    """Return where `quote` is in `extracted.text`, or None (see the module's docstring)."""
    text = extracted.text
    m = quotes.find(quote, text, normalized)
    if m is not None:
        return _result(extracted, m.start, m.end, m.verbatim, ())
    hyphens = [f for f in extracted.flags if f.kind == HYPHENATION]
    if not hyphens:
        return None
    view, origin = _joined_view(text, hyphens)
    nv = quotes.normalize(view)
    nq = quotes.normalize(quote).text
    if not nq:
        return None
    pattern = (_JOIN + "?").join("[-" + _JOIN + "]" if c == "-" else re.escape(c) for c in nq)
    hit = re.search(pattern, nv.text)
    if hit is None:  # (a hit here always needed a join: the plain search above found nothing)
        return None
    a, b = nv.span(hit.start(), hit.end())
    start = origin[a]
    end = origin[b - 1] + 1 if b > a else start
    if view[b - 1] == _JOIN:  # the match ends on a join: keep the whole hyphen and break
        end = _flag_end(hyphens, origin[b - 1])
    return _result(extracted, start, end, False, (HYPHENATION,))


def _joined_view(text: str, hyphens: list) -> tuple[str, list[int]]:  # type: ignore[type-arg]
    """Return `text` with each flagged hyphen-and-break as one character, and each character's offset.

    Between two letters it becomes |_JOIN| (the hyphen may or may not be in the quote); next to
    a digit it becomes `-` (only the line break goes).
    """
    parts: list[str] = []
    origin: list[int] = []
    pos = 0
    for f in hyphens:
        parts.append(text[pos:f.start])
        origin.extend(range(pos, f.start))
        before = text[f.start - 1] if f.start else ""
        after = text[f.end] if f.end < len(text) else ""
        parts.append(_JOIN if before.isalpha() and after.isalpha() else "-")
        origin.append(f.start)
        pos = f.end
    parts.append(text[pos:])
    origin.extend(range(pos, len(text)))
    return "".join(parts), origin


def _flag_end(hyphens: list, start: int) -> int:  # type: ignore[type-arg]
    return next(f.end for f in hyphens if f.start == start)


def _result(extracted: Extracted, start: int, end: int, verbatim: bool, via: tuple[str, ...]) -> SourceMatch:
    text = extracted.text
    kinds = set(via) | extracted.flags_in(start, end)
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return SourceMatch(start, end, verbatim, line, column, tuple(sorted(kinds)), extracted.locator(start, end))
