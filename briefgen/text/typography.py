"""The typography of the author's own text, per language: curly quotes and apostrophes in English,
« guillemets » and the no-break spaces before `; : ! ?` in French.

It is applied once, by the resolver, to what the author wrote (headings, body, bullets, claims,
glossary, captions, the catalogue's labels), so all three formats print the same characters.
Quotes from sources never pass through it: they print as the source wrote them. Web addresses,
`code`, `{placeholders}` and numbers such as 5'6" keep their straight marks.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable

from ..model import Text

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
    rules of their own (other than French) get the English quotes and apostrophes.
    """
    texts = list(runs)
    french = language.split("-")[0].lower() == "fr"
    joined = "".join(texts)
    protected = [False] * len(joined)
    for m in _PROTECTED.finditer(joined):
        for i in range(m.start(), m.end()):
            protected[i] = True
    out: list[list[str]] = [[] for _ in texts]
    owner: list[int] = [k for k, t in enumerate(texts) for _ in t]

    def last() -> str:
        for run in reversed(out):
            for piece in reversed(run):
                if piece:
                    return piece[-1]
        return ""

    def strip_spaces() -> None:
        for run in reversed(out):
            while run and run[-1] in (" ", "\t"):
                run.pop()
            if run:
                return

    skip: set[int] = set()
    quoting = False  # inside a pair of straight double quotes
    for i, c in enumerate(joined):
        if i in skip:
            continue
        k = owner[i]
        nxt = joined[i + 1] if i + 1 < len(joined) else ""
        prev = last()
        if protected[i]:
            out[k].append(c)
            continue
        if c == '"':
            if prev.isdigit() and not quoting:
                out[k].append(c)  # 5'6": inches
            elif prev == "" or prev in _OPENERS:
                quoting = True
                out[k].append("\u00ab" + NBSP if french else "\u201c")
            else:
                quoting = False
                if french:
                    strip_spaces()
                out[k].append(NBSP + "\u00bb" if french else "\u201d")
            continue
        if c == "'":
            if prev.isdigit() and not nxt.isalpha():
                out[k].append(c)  # 5'6": feet
            elif (prev == "" or prev in _OPENERS) and nxt.isalnum():
                out[k].append("\u2018")
            else:
                out[k].append("\u2019")
            continue
        if not french:
            out[k].append(c)
            continue
        if c == "\u00ab":
            out[k].append(c + ("" if nxt in (NBSP, NNBSP) else NBSP))
            if nxt == " ":
                skip.add(i + 1)  # « mot » : the typed space becomes the no-break one
            continue
        if c == "\u00bb":
            if prev not in (NBSP, NNBSP):
                strip_spaces()
                out[k].append(NBSP)
            out[k].append(c)
            continue
        if c in ";:!?" and _wants_space(c, prev, nxt):
            strip_spaces()
            if last() not in (NBSP, NNBSP):
                out[k].append(NBSP if c == ":" else NNBSP)
            out[k].append(c)
            continue
        out[k].append(c)
    return ["".join(run) for run in out]


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
