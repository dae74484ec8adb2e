"""Finding a quote in an extracted source: today's matching, plus only what extraction introduced.

|find| first tries |briefgen.load.quotes.find| unchanged (verbatim, then normalised). Only when
that fails does it allow what the PDF's layout put there: at a flagged line-end hyphen
("recom-\\nmendation"), the line break may go, and between two letters the hyphen may go too.
Digits never merge, so a quote whose numbers differ is still never found. A match says which of
these it needed (`via`), so that `briefgen facts` and the evidence report can show it.

A source quoted many times is prepared once: |Searchable| keeps its normalised text and its
normalised joined view, each made on first use.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from ..load import quotes
from .extracted import HYPHENATION, Extracted, Flag

_JOIN = "\ue002"  # stands for a flagged line-end hyphen whose hyphen may go or stay


@dataclass(frozen=True, slots=True)
class SourceMatch:
    """A quote's place in an extracted text, whether it was verbatim, and what it needed."""

    start: int
    end: int
    verbatim: bool
    line: int
    column: int
    via: tuple[str, ...] = ()  # "hyphenation", "ligature": what the match owes to the extraction
    locator: str | None = None  # "p. 3", "pp. 3–4", or the HTML heading
    shown: str = ""  # the passage as a note prints it: spaces collapsed, each line-end hyphen as quoted


class Searchable:
    """An extracted source ready to be searched many times (its normalised forms made once)."""

    __slots__ = ("extracted", "_normalized", "_joined")

    def __init__(self, extracted: Extracted, normalized: quotes.Normalized | None = None) -> None:
        self.extracted = extracted
        self._normalized = normalized
        self._joined: tuple[str, tuple[int, ...]] | None = None

    @property
    def normalized(self) -> quotes.Normalized:
        if self._normalized is None:
            self._normalized = quotes.normalize(self.extracted.text)
        return self._normalized

    @property
    def hyphens(self) -> list[Flag]:
        return [f for f in self.extracted.flags if f.kind == HYPHENATION]

    def joined(self) -> tuple[str, tuple[int, ...]]:
        """Return the normalised text with each flagged hyphen and its line break as one character,
        and for each character the offset in the extracted text it comes from.

        Between two letters that character is |_JOIN| (the hyphen may or may not be in the quote);
        next to a digit it is `-` (only the line break goes).
        """
        if self._joined is None:
            ns = self.normalized
            text, origin = ns.text, ns.origin
            parts: list[str] = []
            origins: list[tuple[int, ...]] = []
            pos = 0
            for f in self.hyphens:
                i = bisect.bisect_left(origin, f.start, lo=pos)
                if i >= len(text) or origin[i] != f.start or text[i] != "-":
                    continue
                j = i + 1 + (text[i + 1:i + 2] == " ")  # the line break, now one space
                joins = i > 0 and text[i - 1].isalpha() and text[j:j + 1].isalpha()
                parts += (text[pos:i], _JOIN if joins else "-")
                origins += (origin[pos:i], (f.start,))
                pos = j
            parts.append(text[pos:])
            origins.append(origin[pos:])
            self._joined = ("".join(parts), tuple(itertools.chain.from_iterable(origins)))
        return self._joined


def find(quote: str, source: Extracted | Searchable) -> SourceMatch | None:
    """Return where `quote` is in the extracted text, or None (see the module's docstring).

    Pass a |Searchable| when the same source is searched for several quotes.
    """
    s = source if isinstance(source, Searchable) else Searchable(source)
    extracted = s.extracted
    m = quotes.find(quote, extracted.text, s.normalized)
    if m is not None:
        return _result(extracted, m.start, m.end, m.verbatim, ())
    if not s.hyphens:
        return None
    nq = quotes.normalize(quote).text
    if not nq:
        return None
    view, origin = s.joined()
    pattern = (_JOIN + "?").join("[-" + _JOIN + "]" if c == "-" else re.escape(c) for c in nq)
    hit = re.search(pattern, view)
    if hit is None:  # (a hit here always needed a join: the plain search above found nothing)
        return None
    start = origin[hit.start()]
    end = origin[hit.end()] if hit.end() < len(view) else len(extracted.text)
    return _result(extracted, start, end, False, (HYPHENATION,), _shown(extracted.text, start, end, s.hyphens, nq))


def _shown(text: str, start: int, end: int, hyphens: list[Flag], nq: str) -> str:
    """Return text[start:end] with each flagged hyphen and line break inside it written as the
    quote has it: `recommendation` for a quote that joins the word, `long-term` for one that keeps
    the hyphen (the quote, normalised, is `nq`)."""
    parts: list[str] = []
    pos = start
    for f in hyphens:
        if f.start < start or f.end > end:
            continue
        parts.append(text[pos:f.start])
        done = len(quotes.normalize("".join(parts)).text)
        parts.append("-" if nq[done:done + 1] == "-" else "")
        pos = f.end
    parts.append(text[pos:end])
    return " ".join("".join(parts).split())


def _result(extracted: Extracted, start: int, end: int, verbatim: bool, via: tuple[str, ...],
            shown: str | None = None) -> SourceMatch:
    text = extracted.text
    kinds = set(via) | extracted.flags_in(start, end)
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return SourceMatch(start, end, verbatim, line, column, tuple(sorted(kinds)), extracted.locator(start, end),
                       " ".join(text[start:end].split()) if shown is None else shown)
