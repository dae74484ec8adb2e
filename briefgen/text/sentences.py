"""Where sentences end and what counts as a word: one splitter for the checks, the suggestions and the deck."""

from __future__ import annotations

import re

_ABBREVIATIONS = frozenset("""
mr mrs ms dr prof sr jr st mt gen col lt sgt capt maj cmdr adm gov sen rep pres rev hon
vs etc e.g i.e cf al approx est dept univ inc ltd co corp no nos vol fig figs p pp ch sec art para
jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
""".split())
_END = re.compile(r"[.!?…]+")
OPEN_QUOTES = "\u201c\u00ab\u201e"
CLOSE_QUOTES = "\u201d\u00bb"
_CLOSERS = "\"'”’»)]*_"
_OPENERS = "\"'“‘«([*_"
_WORD = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return the [start, end) offsets of the sentences of `text`, whitespace trimmed.

    A full stop ends a sentence only before a capital letter, digit or opening quote, not inside
    a quotation (“We are ready. We will act,” he said: one sentence), and not after an
    abbreviation (`Dr.`, `e.g.`), an initial (`J.`) or a dotted acronym (`U.S.`); a citation
    written after the full stop (`… here. [@x]`) stays with its sentence.
    """
    out: list[tuple[int, int]] = []
    depths = quote_depths(text)
    start = 0
    n = len(text)
    for m in _END.finditer(text):
        if m.start() < start:
            continue
        j = m.end()
        while j < n and (text[j] in _CLOSERS or (text[j] in " \u00a0\u202f" and text[j + 1:j + 2] == "\u00bb")):
            j += 1  # closing quotes and brackets, and French's space before its closing guillemet
        k = j
        while k < n and text[k].isspace():
            k += 1
        if j < n and k == j:
            continue  # no space after it: 2.5, U.S.A, example.org
        if depths[j] > 0:
            continue  # inside a quotation: the sentence around it goes on
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


def quote_depths(text: str) -> list[int]:
    """Return, for each position 0..len(text), how many quotations are open before it.

    Curly and guillemet quotes open and close; a straight double quote opens at the start of a
    word and closes otherwise. Single quotes are apostrophes more often than not, so they are
    not counted.
    """
    depth, out = 0, [0]
    for i, ch in enumerate(text):
        if ch in OPEN_QUOTES:
            depth += 1
        elif ch in CLOSE_QUOTES:
            depth = max(0, depth - 1)
        elif ch == '"':
            opening = i == 0 or text[i - 1].isspace() or text[i - 1] in "([{\u2014\u2013-/"
            depth = depth + 1 if opening and depth == 0 else max(0, depth - 1)
        out.append(depth)
    return out


def balanced(text: str) -> bool:
    """Return whether every quotation opened in `text` is closed in it, and none closes unopened."""
    depth = 0
    for ch in text:
        if ch in OPEN_QUOTES:
            depth += 1
        elif ch in CLOSE_QUOTES:
            if depth == 0:
                return False
            depth -= 1
    return depth == 0 and text.count('"') % 2 == 0
