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
    protected = _protected(joined)
    out: list[list[str]] = [[] for _ in texts]
    owner: list[int] = [k for k, t in enumerate(texts) for _ in t]
    skip_next = False
    quoting = False  # inside a pair of straight double quotes
    for i, c in enumerate(joined):
        if skip_next:
            skip_next = False
            continue
        run = out[owner[i]]
        nxt = joined[i + 1] if i + 1 < len(joined) else ""
        prev = _last(out)
        if protected[i]:
            run.append(c)
        elif c == '"':
            quoting = _double_quote(out, run, prev, quoting=quoting, french=french)
        elif c == "'":
            run.append(_apostrophe(prev, nxt))
        elif french and c in "\u00ab\u00bb;:!?":
            skip_next = _french_mark(out, run, c, prev, nxt)
        else:
            run.append(c)
    return ["".join(run) for run in out]


def _protected(text: str) -> list[bool]:
    """Return, for each character of `text`, whether it is in a stretch never touched (a web
    address, `code`, a `{placeholder}`)."""
    protected = [False] * len(text)
    for m in _PROTECTED.finditer(text):
        for i in range(m.start(), m.end()):
            protected[i] = True
    return protected


def _last(out: list[list[str]]) -> str:
    """Return the last character written so far, in any run; "" at the start."""
    for run in reversed(out):
        for piece in reversed(run):
            if piece:
                return piece[-1]
    return ""


def _strip_spaces(out: list[list[str]]) -> None:
    """Remove the typed spaces and tabs at the end of what is written so far, across runs."""
    for run in reversed(out):
        while run and run[-1] in (" ", "\t"):
            run.pop()
        if run:
            return


def _double_quote(out: list[list[str]], run: list[str], prev: str, *, quoting: bool, french: bool) -> bool:
    """Write to `run` what a straight double quote after `prev` becomes: an opening or closing
    quotation mark of the language, or itself after a number (5'6"). Return whether a quotation
    is open after it."""
    if prev.isdigit() and not quoting:
        run.append('"')  # 5'6": inches
        return False
    if prev == "" or prev in _OPENERS:
        run.append("\u00ab" + NBSP if french else "\u201c")
        return True
    if french:
        _strip_spaces(out)
    run.append(NBSP + "\u00bb" if french else "\u201d")
    return False


def _apostrophe(prev: str, nxt: str) -> str:
    """Return what a straight single quote between `prev` and `nxt` becomes: an opening single
    quotation mark, an apostrophe, or itself after a number (5'6")."""
    if prev.isdigit() and not nxt.isalpha():
        return "'"  # 5'6": feet
    if (prev == "" or prev in _OPENERS) and nxt.isalnum():
        return "\u2018"
    return "\u2019"


def _french_mark(out: list[list[str]], run: list[str], mark: str, prev: str, nxt: str) -> bool:
    """Write a guillemet or one of `; : ! ?` to `run` with the no-break space French sets beside
    it (replacing a typed space before it). Return whether the typed space after it (« mot) is
    consumed by the no-break one."""
    if mark == "\u00ab":
        run.append(mark + ("" if nxt in (NBSP, NNBSP) else NBSP))
        return nxt == " "  # « mot » : the typed space becomes the no-break one
    if mark == "\u00bb":
        if prev not in (NBSP, NNBSP):
            _strip_spaces(out)
            run.append(NBSP)
    elif _wants_space(mark, prev, nxt):
        _strip_spaces(out)
        if _last(out) not in (NBSP, NNBSP):
            run.append(NBSP if mark == ":" else NNBSP)
    run.append(mark)
    return False


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
