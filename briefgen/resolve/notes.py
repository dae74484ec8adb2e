"""How a note and a Sources entry read: one formatting, shared by every renderer."""

from __future__ import annotations

import re

from ..model import Inline, Note, Source, Text

# a quotation inside the quoted evidence takes single marks, as in print
_INNER = str.maketrans({"\u201c": "\u2018", "\u201d": "\u2019"})
_OPENING_STRAIGHT = re.compile(r'(^|[\s(\[])"')


def _inner_quotes(quote: str) -> str:
    return _OPENING_STRAIGHT.sub("\\1\u2018", quote).replace('"', "\u2019").translate(_INNER)

_NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}


def _date(source: Source) -> str:
    return source.published.long() if source.published else "undated"


def format_note(note: Note, sources: dict[str, Source]) -> tuple[Inline, ...]:
    """Return the note's text: each quote in quotation marks with its source title and date,
    then the attribution, then (only when true) how many sources report it.

    Nothing that the source registry does not state is printed: no publisher or author is
    invented, and an undated source says so.
    """
    out: list[Inline] = []
    for i, ev in enumerate(note.evidence):
        src = sources[ev.source_id]
        if i:
            out.append(Text(" Also: "))
        out.append(Text("\u201c" + _inner_quotes(ev.quote.rstrip()) + "\u201d ("))
        out.append(Text(src.title, italic=True))
        tail = f", {_date(src)})."
        if src.publisher:
            tail = f", {src.publisher}{tail}"
        out.append(Text(tail))
    if note.attributed_to:
        out.append(Text(f" Attributed to {note.attributed_to}."))
    if note.source_count > 1:
        out.append(Text(f" Reported by {_NUMBER_WORDS.get(note.source_count, str(note.source_count))} sources."))
    return tuple(out)


def format_source(source: Source) -> tuple[Inline, ...]:
    """Return the Sources-list entry: title, then what is known of author, publisher, date, URL."""
    out: list[Inline] = []
    if source.author:
        out.append(Text(source.author + ". "))
    out.append(Text(source.title, italic=True))
    out.append(Text(". "))
    if source.publisher:
        out.append(Text(source.publisher + ". "))
    out.append(Text((source.published.long() if source.published else "Undated") + "."))
    if source.url:
        out.append(Text(" "))
        out.append(Text(source.url, href=source.url))
    return tuple(out)
