"""Finding an evidence quote in its source text, after a normalisation applied to both sides."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

_QUOTES = dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u2018\u2019\u201a\u201b\u2032\u2039\u203a`\u00b4\"'"), "'")
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d-"), "-")
_FOLD = {**_QUOTES, **_DASHES}
_DIGITS = re.compile(r"\d+")


class Normalized:
    """Normalised text and, for each of its characters, the offset of the original character.

    The offsets of a text that NFKC leaves alone are worked out when first asked for: most
    quotes are found verbatim, and then no offset of the normalised source is ever needed.
    """

    __slots__ = ("text", "source_len", "_origin", "_folded")

    def __init__(self, text: str, origin: tuple[int, ...] | None, source_len: int, *, folded: str | None = None) -> None:
        self.text = text
        self.source_len = source_len
        self._origin = origin
        self._folded = folded  # the source with quote marks and dashes folded, until `origin` is made

    @property
    def origin(self) -> tuple[int, ...]:
        """For each character of `text`, the offset in the source of the character it comes from."""
        if self._origin is None:
            assert self._folded is not None
            self._origin, self._folded = _space_run_origin(self._folded), None
        return self._origin

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Return the original [start, end) offsets for normalised [start, end)."""
        origin = self.origin
        a = origin[start]
        b = origin[end] if end < len(origin) else self.source_len
        return a, b

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Normalized):
            return NotImplemented
        return (self.text, self.source_len, self.origin) == (other.text, other.source_len, other.origin)

    def __hash__(self) -> int:
        return hash((self.text, self.source_len))

    def __repr__(self) -> str:
        return f"Normalized(text={self.text!r}, source_len={self.source_len})"


_SPACE_RUN = re.compile(r"[\s\u00a0\u2007\u202f\u200b]+")


def normalize(text: str) -> Normalized:
    """Return `text` with NFKC applied, quote marks and dashes folded, whitespace runs collapsed.

    NFKC never turns a superscript, subscript or other digit-like sign into a plain digit here
    (see |_fold_char|), so normalising cannot make two different numbers match.
    """
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return _normalize_fast(text)
    return _normalize_per_char(text)


def _normalize_fast(text: str) -> Normalized:
    """|normalize| for text that NFKC leaves alone: a one-to-one fold, then each whitespace run
    made one space (none at either end); the offsets are made when asked for."""
    folded = text.translate(_FOLD)
    out = _SPACE_RUN.sub(" ", folded)
    if out.startswith(" "):
        out = out[1:]
    if out.endswith(" "):
        out = out[:-1]
    return Normalized(out, None, len(text), folded=folded)


def _space_run_origin(folded: str) -> tuple[int, ...]:
    """Return the source offset of each character |_normalize_fast| keeps of `folded`."""
    origin: list[int] = []
    pos = 0
    for m in _SPACE_RUN.finditer(folded):
        a, b = m.span()
        if a > pos:
            origin.extend(range(pos, a))
        if origin and b < len(folded):  # no space at either end
            origin.append(a)
        pos = b
    if pos < len(folded):
        origin.extend(range(pos, len(folded)))
    return tuple(origin)


def _normalize_per_char(text: str) -> Normalized:
    out: list[str] = []
    origin: list[int] = []
    space = False
    for i, ch in enumerate(text):
        if ch.isspace() or ch in "\u00a0\u2007\u202f\u200b":
            if not space and out:
                out.append(" ")
                origin.append(i)
            space = True
            continue
        space = False
        folded = _fold_char(ch) if not ch.isascii() else ch.translate(_FOLD)
        for c in folded:
            if c.isspace():
                continue
            out.append(c)
            origin.append(i)
    if out and out[-1] == " ":
        out.pop()
        origin.pop()
    return Normalized("".join(out), tuple(origin), len(text))


def _fold_char(ch: str) -> str:
    """Return NFKC of one non-ASCII character with quote marks and dashes folded, except that a
    character that is not itself a decimal digit but has digits in its NFKC form (superscript
    `⁶`, subscript `₆`, `½`, `①`) stays as it is: `10⁶` is a million, never the number 106.
    Digits are compared before folding; a full-width `６` is a decimal digit and folds to `6`."""
    folded = unicodedata.normalize("NFKC", ch)
    if unicodedata.decimal(ch, None) is None and any(unicodedata.decimal(c, None) is not None for c in folded):
        folded = ch
    return folded.translate(_FOLD)


@dataclass(frozen=True, slots=True)
class Match:
    """Where a quote was found: offsets into the original source, and whether it was verbatim."""

    start: int
    end: int
    verbatim: bool
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class NearMiss:
    """The source passage most like a quote that was not found."""

    passage: str
    similarity: float
    digits_differ: bool


def find(quote: str, source: str, normalized_source: Normalized | None = None) -> Match | None:
    """Return where `quote` occurs in `source`, or None.

    An exact occurrence is `verbatim`; otherwise both sides are normalised (see |normalize|).
    Digits must always agree, which exact and normalised matching both guarantee.
    """
    at = source.find(quote) if quote else -1
    if at >= 0:
        return _match(source, at, at + len(quote), True)
    ns = normalized_source or normalize(source)
    nq = normalize(quote).text
    if not nq:
        return None
    i = ns.text.find(nq)
    if i < 0:
        return None
    a, b = ns.span(i, i + len(nq))
    return _match(source, a, b, False)


def _match(source: str, a: int, b: int, verbatim: bool) -> Match:
    line = source.count("\n", 0, a) + 1
    column = a - (source.rfind("\n", 0, a) + 1) + 1
    return Match(a, b, verbatim, line, column)


def nearest(quote: str, source: str, normalized_source: Normalized | None = None) -> NearMiss | None:
    """Return the passage of `source` most similar to `quote` (word windows), or None if empty."""
    ns = (normalized_source or normalize(source)).text
    nq = normalize(quote).text
    words = ns.split(" ")
    qn = max(1, len(nq.split(" ")))
    if not words or not ns:
        return None
    best = (-1.0, "")
    lower_q = nq.lower()
    for width in {qn - 1, qn, qn + 1} - {0}:
        for i in range(0, max(1, len(words) - width + 1)):
            cand = " ".join(words[i:i + width])
            sm = difflib.SequenceMatcher(None, lower_q, cand.lower(), autojunk=False)
            if sm.real_quick_ratio() <= best[0] or sm.quick_ratio() <= best[0]:
                continue
            r = sm.ratio()
            if r > best[0]:
                best = (r, cand)
    passage = best[1]
    return NearMiss(passage, best[0], _DIGITS.findall(nq) != _DIGITS.findall(passage))
