"""Where sentences end and what counts as a word: one splitter for the checks, the suggestions and the deck."""

from __future__ import annotations

import re

_ABBREVIATIONS = frozenset("""
mr mrs ms dr prof sr jr st mt gen col lt sgt capt maj cmdr adm gov sen rep pres rev hon
vs etc e.g i.e cf al approx est dept univ inc ltd co corp no nos vol fig figs p pp ch sec art para
jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
""".split())
_END = re.compile(r"[.!?…]+")
_CLOSERS = "\"'”’»)]*_"
_OPENERS = "\"'“‘«([*_"
_WORD = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return the [start, end) offsets of the sentences of `text`, whitespace trimmed.

    A full stop ends a sentence only before a capital letter, digit or opening quote, and not
    after an abbreviation (`Dr.`, `e.g.`), an initial (`J.`) or a dotted acronym (`U.S.`); a
    citation written after the full stop (`… here. [@x]`) stays with its sentence.
    """
    out: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    for m in _END.finditer(text):
        if m.start() < start:
            continue
        j = m.end()
        while j < n and text[j] in _CLOSERS:
            j += 1
        k = j
        while k < n and text[k].isspace():
            k += 1
        if j < n and k == j:
            continue  # no space after it: 2.5, U.S.A, example.org
        if k < n and text.startswith("[@", k):
            close = text.find("]", k)
            if close < 0:
                continue
            j = close + 1
            k = j
            while k < n and text[k].isspace():
                k += 1
        elif k < n and not (text[k].isupper() or text[k].isdigit() or text[k] in _OPENERS):
            continue
        if m.group() == "." and _is_abbreviation(text, m.start(), k < n and text[k].isdigit()):
            continue
        out.append((start, j))
        start = k
    if start < n:
        out.append((start, n))
    return [(a + len(text[a:b]) - len(text[a:b].lstrip()), b - (len(text[a:b]) - len(text[a:b].rstrip())))
            for a, b in out if text[a:b].strip()]


def _is_abbreviation(text: str, dot: int, before_digit: bool) -> bool:
    i = dot
    while i > 0 and not text[i - 1].isspace() and text[i - 1] not in _OPENERS:
        i -= 1
    token = text[i:dot]
    if not token:
        return False
    if len(token) == 1 and token.isalpha() and token.isupper():
        return True  # an initial: J. R. Smith
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", token):
        return True  # U.S, e.g, i.e
    low = token.lower()
    if low in ("no", "nos", "p", "pp", "art", "fig", "vol", "sec", "ch", "para"):
        return before_digit  # "No. 5" but not "said no."
    return low in _ABBREVIATIONS


def strip_citations(text: str) -> str:
    """Return `text` without `[@…]` citations (and the space before them)."""
    return re.sub(r"\s*\[@[^\]]*\]", "", text)


def words(text: str) -> list[str]:
    """Return the words of `text`: runs of letters and digits, with inner hyphens and apostrophes."""
    return _WORD.findall(text)
