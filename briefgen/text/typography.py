"""The typography of the author's own text, per language: curly quotes and apostrophes in English,
« guillemets » and the no-break spaces before `; : ! ?` in French, where digits grouped by a
space ("4 800") and a day and its month ("30 août") do not part at the end of a line either.

It is applied once, by the resolver, to what the author wrote (headings, body, bullets, claims,
glossary, captions, the catalogue's labels), so all three formats print the same characters.
Quotes from sources never pass through it: they print as the source wrote them. Web addresses,
`code`, `{placeholders}` and numbers such as 5'6" keep their straight marks.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from typing import TYPE_CHECKING, Iterable

from ..i18n import base_language
from ..model import Text
from .dates import MONTHS_FR

if TYPE_CHECKING:
    from ..model import Block, Brief, Inlines

NBSP = "\u00a0"          # before a colon and inside guillemets (Imprimerie nationale)
NNBSP = "\u202f"         # narrow no-break space: before ; ! ? and in numbers
_OPENERS = frozenset(" \t\n\u00a0\u202f([{\u2018\u201c\u00ab\u2014\u2013/-")
# stretches never touched: web addresses, code spans, catalogue placeholders
_PROTECTED = re.compile(r"`[^`]*`|https?://\S+|www\.\S+|\{[a-z_]+\}|\S+@\S+\.\w+")


def apply(text: str, language: str) -> str:
    """Return `text` with the typography of `language` (a base language: `en`, `fr`)."""
    return apply_runs([text], language)[0]


def apply_runs(runs: Iterable[str], language: str) -> list[str]:
    """Return each run of one paragraph with the typography of `language`.

    The runs are read as one text (a quotation may open in one run and close in a bold one), and
    each run keeps its own characters. Applying it twice changes nothing. Languages without
    rules of their own (other than French) get the English quotes and apostrophes. Only the
    marks the rules concern are looked at one by one; the text between them is copied as it is.
    """
    texts = list(runs)
    french = base_language(language) == "fr"
    if french:  # digits grouped by a space, and a day and its month, never part at a line's end
        texts = [_FRENCH_UNBREAKABLE.sub(_unbreakable, t) if " " in t else t for t in texts]
    joined = "".join(texts)
    marks = _FRENCH_MARKS if french else _MARKS
    if not marks.search(joined):
        return texts
    protected = [(m.start(), m.end()) for m in _PROTECTED.finditer(joined)]
    out = _Runs(texts)
    quoting = False  # inside a pair of straight double quotes
    done = 0  # joined[:done] is written
    for m in marks.finditer(joined):
        i = m.start()
        if i < done or any(a <= i < b for a, b in protected):
            continue  # a skipped space, or a mark in a web address or code: copied as it is
        out.copy(joined, done, i)
        nxt = joined[i + 1] if i + 1 < len(joined) else ""
        quoting, done = _mark(joined[i], i, nxt, out, quoting=quoting, french=french)
    out.copy(joined, done, len(joined))
    return out.texts()


_MARKS = re.compile("[\"']")
_FRENCH_MARKS = re.compile("[\"'\u00ab\u00bb;:!?]")
# "4 800" (a group is three digits no digit follows) and "30 août", "1er mai": typed with a plain
# space, printed with a narrow no-break space (the grouping CLDR gives French) and a no-break one.
_FRENCH_UNBREAKABLE = re.compile(rf"(?<![\d.,])\d{{1,3}}(?: \d{{3}}(?!\d))+|(?<!\d)(?:1er|\d{{1,2}}) (?=(?:{'|'.join(MONTHS_FR)})\b)")


def _unbreakable(m: re.Match[str]) -> str:
    text = m.group()
    return text.replace(" ", NBSP) if text.endswith(" ") else text.replace(" ", NNBSP)


def _mark(c: str, i: int, nxt: str, out: "_Runs", *, quoting: bool, french: bool) -> tuple[bool, int]:
    """Write the mark `c` found at `i` (followed by `nxt`); return whether a straight double
    quote is open after it, and where the copying of the text goes on."""
    prev = out.last()
    if c == '"':
        if prev.isdigit() and not quoting:
            out.add(i, c)  # 5'6": inches
        elif prev == "" or prev in _OPENERS:
            quoting = True
            out.add(i, "\u00ab" + NBSP if french else "\u201c")
        else:
            quoting = False
            if french:
                out.strip_spaces()
            out.add(i, NBSP + "\u00bb" if french else "\u201d")
    elif c == "'":
        if prev.isdigit() and not nxt.isalpha():
            out.add(i, c)  # 5'6": feet
        elif (prev == "" or prev in _OPENERS) and nxt.isalnum():
            out.add(i, "\u2018")
        else:
            out.add(i, "\u2019")
    elif c == "\u00ab":
        out.add(i, c + ("" if nxt in (NBSP, NNBSP) else NBSP))
        if nxt == " ":
            return quoting, i + 2  # « mot » : the typed space becomes the no-break one
    elif c == "\u00bb":
        if prev not in (NBSP, NNBSP):
            out.strip_spaces()
            out.add(i, NBSP)
        out.add(i, c)
    elif _wants_space(c, prev, nxt):  # ; : ! ?
        out.strip_spaces()
        if out.last() not in (NBSP, NNBSP):
            out.add(i, NBSP if c == ":" else NNBSP)
        out.add(i, c)
    else:
        out.add(i, c)
    return quoting, i + 1


class _Runs:
    """The runs being written, as pieces: copied stretches of the text and the marks' replacements,
    each in the run its position in the joined text belongs to."""

    def __init__(self, texts: list[str]) -> None:
        self.pieces: list[list[str]] = [[] for _ in texts]
        self.ends = list(accumulate(len(t) for t in texts))

    def add(self, i: int, piece: str) -> None:
        self.pieces[bisect_right(self.ends, i)].append(piece)

    def copy(self, joined: str, start: int, end: int) -> None:
        """Write `joined[start:end]` as it is, each part in its own run."""
        k = bisect_right(self.ends, start)
        while start < end:
            stop = min(end, self.ends[k])
            if stop > start:
                self.pieces[k].append(joined[start:stop])
            start, k = stop, k + 1

    def last(self) -> str:
        """Return the last character written, or ""."""
        for run in reversed(self.pieces):
            for piece in reversed(run):
                if piece:
                    return piece[-1]
        return ""

    def strip_spaces(self) -> None:
        """Remove the spaces and tabs written last (a replacement is never only spaces)."""
        for run in reversed(self.pieces):
            while run:
                kept = run[-1].rstrip(" \t")
                if kept == run[-1]:
                    return
                if kept:
                    run[-1] = kept
                    return
                run.pop()

    def texts(self) -> list[str]:
        return ["".join(run) for run in self.pieces]


def _wants_space(mark: str, prev: str, nxt: str) -> bool:
    """Say whether French sets a no-break space before `mark`: after a word, a number or a
    closing quotation mark, and before a space or the end (so 10:30, ?! and URLs stay as they are)."""
    if prev in ("", NBSP, NNBSP) or prev in ";:!?":
        return prev in (NBSP, NNBSP) or prev == " "
    if nxt and not (nxt.isspace() or nxt in ")]\u00bb\u201d\"'.,;:!?"):
        return False
    return prev.isalnum() or prev in ")]}\u00bb\u201d\u2019\"' \u2026*"


# ---------------------------------------------------------------- the brief


def typeset(brief: "Brief") -> "Brief":
    """Return `brief` with the typography of its language in everything its author wrote: title,
    subtitle, headings, paragraphs, lists, tables, timeline labels, figure captions and slide
    overrides. Notes, sources and the evidence appendix (which hold quotes) are left as they are.
    """
    from dataclasses import replace

    from ..model import BulletList, Figure, Paragraph, SlideOverride, Subheading, Table, Timeline

    lang = brief.language

    def inl(items: "Inlines") -> "Inlines":
        texts = [i for i in items if isinstance(i, Text) and not _is_address(i)]
        fixed = iter(apply_runs([t.text for t in texts], lang))
        ids = {id(t) for t in texts}
        return tuple(replace(i, text=next(fixed)) if id(i) in ids and isinstance(i, Text) else i for i in items)

    def block(b: "Block") -> "Block":
        if isinstance(b, Paragraph):
            return Paragraph(inl(b.inlines), inl(b.claims) if b.claims else ())
        if isinstance(b, Subheading):
            return Subheading(apply(b.text, lang))
        if isinstance(b, BulletList):
            return BulletList(tuple(inl(i) for i in b.items), b.ordered, tuple(inl(i) for i in b.claims))
        if isinstance(b, Table):
            return Table(tuple(inl(c) for c in b.header), tuple(tuple(inl(c) for c in r) for r in b.rows), b.align)
        if isinstance(b, Timeline):
            return Timeline(tuple(replace(e, label=apply(e.label, lang)) for e in b.entries), apply(b.caption, lang))
        if isinstance(b, Figure):
            return replace(b, caption=inl(b.caption), alt=apply(b.alt, lang))
        return b

    sections = []
    for s in brief.sections:
        if s.role == "appendix":  # claims beside their verbatim quotes, which stay as written
            sections.append(replace(s, heading=apply(s.heading, lang)))
            continue
        slide = s.slide and SlideOverride(tuple(inl(b) for b in s.slide.bullets), apply(s.slide.notes, lang))
        sections.append(replace(s, heading=apply(s.heading, lang), blocks=tuple(block(b) for b in s.blocks), slide=slide))
    return replace(brief, title=apply(brief.title, lang), subtitle=apply(brief.subtitle, lang), sections=tuple(sections))


def _is_address(run: "Text") -> bool:
    href = run.href or ""
    return bool(href) and run.text.strip() in (href, href.removeprefix("mailto:"))
