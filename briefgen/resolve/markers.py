"""Where a note marker sits in the text, so that it never reads as part of a number: pure rules on inlines.

A superscript note number straight after a digit reads as a power ("4¹⁷", "2024²"). Chicago
(14.26) puts a note reference after the punctuation that follows the word it marks, which
already settles most cases ("in March 2024.²"); a marker that still follows a digit (a table
cell that ends in a number) is set apart, with a thin space and brackets ("4 [17]"), by the
renderer that draws it, as |follows_digit| tells it.

Every renderer prints the same inlines, so the resolver applies these rules once to the model
(|settle_blocks|): markers after their punctuation, `Cite.apart` on a marker that still follows a
digit, no table column of markers alone; for an audience that reads one marker per paragraph
(the public explainer), |gather_markers| first collects a paragraph's notes into one marker at
its end.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Block, BulletList, Cite, Inline, Inlines, Paragraph, Ref, Section, Table, Text

# Punctuation a note marker goes after (Chicago 14.26); never a dash, which the marker precedes.
_AFTER = frozenset(".,;:!?")


def place_markers(inlines: Inlines) -> Inlines:
    """Return `inlines` with every run of citations moved after the punctuation that directly
    follows it (`security[@a].` reads `security.[@a]`). Text, formatting and links are kept;
    the result is unchanged by a second pass."""
    items: list[Inline] = list(inlines)
    out: list[Inline] = []
    i = 0
    while i < len(items):
        if not isinstance(items[i], Cite):
            out.append(items[i])
            i += 1
            continue
        j = i
        while j < len(items) and isinstance(items[j], Cite):
            j += 1
        cites = items[i:j]
        after = items[j] if j < len(items) else None
        if isinstance(after, Text):
            k = 0
            while k < len(after.text) and after.text[k] in _AFTER:
                k += 1
            if k:
                out.append(Text(after.text[:k], after.bold, after.italic, after.href))
                out.extend(cites)
                rest = after.text[k:]
                if rest:
                    items[j] = Text(rest, after.bold, after.italic, after.href)
                    i = j
                else:
                    i = j + 1
                continue
        out.extend(cites)
        i = j
    return tuple(out)


def follows_digit(inlines: Inlines, index: int) -> bool:
    """Return whether the citation at `inlines[index]` directly follows a digit, so that its
    superscript number would read as a power; the renderer then sets it apart ("4 [17]").

    Raises |IndexError| for an index outside `inlines`.
    """
    for item in reversed(inlines[:index]):
        if isinstance(item, Text):
            if item.text:
                return item.text[-1].isdigit()
            continue
        return False  # another marker in between: that one is set apart instead
    return False


def _citations_only(cell: Inlines) -> bool:
    return any(isinstance(i, Cite) for i in cell) and all(
        isinstance(i, Cite) or not i.text.strip() for i in cell)


def fold_citation_columns(table: Table) -> Table:
    """Return `table` without the columns that hold nothing but citations (a "Citation" column):
    each of their markers goes on the end of the text to its left in the same row (or, in the
    first column, the start of the text to its right). A column that holds any text stays.
    """
    rows = table.rows
    width = max([len(table.header)] + [len(r) for r in rows]) if rows or table.header else 0
    drop = [c for c in range(width)
            if rows and all(c >= len(r) or not r[c] or _citations_only(r[c]) for r in rows)
            and any(c < len(r) and r[c] for r in rows) and width > 1]
    if not drop or len(drop) == width:
        return table
    keep = [c for c in range(width) if c not in drop]
    new_rows = []
    for row in rows:
        cells = [list(row[c]) if c < len(row) else [] for c in range(width)]
        for c in drop:
            cites = [i for i in cells[c] if isinstance(i, Cite)]
            left = [k for k in keep if k < c]
            right = [k for k in keep if k > c]
            if left:
                cells[left[-1]].extend(cites)
            elif right:
                cells[right[0]][:0] = cites
        new_rows.append(tuple(place_markers(_trim_before_cites(tuple(cells[c]))) for c in keep))
    header = tuple(table.header[c] for c in keep if c < len(table.header))
    align = tuple(table.align[c] for c in keep if c < len(table.align))
    return Table(header, tuple(new_rows), align)


def _trim_before_cites(cell: Inlines) -> Inlines:
    """Return a cell whose trailing spaces before its final markers are gone ("text [@a]" reads "text¹")."""
    items = list(cell)
    end = len(items)
    while end and isinstance(items[end - 1], Cite):
        end -= 1
    if 0 < end < len(items) and isinstance(items[end - 1], Text):
        last = items[end - 1]
        assert isinstance(last, Text)
        stripped = last.text.rstrip()
        items[end - 1] = Text(stripped, last.bold, last.italic, last.href)
        if not stripped:
            del items[end - 1]
    return tuple(items)


def gather_markers(inlines: Inlines) -> Inlines:
    """Return `inlines` with all its citations gathered into one marker at its end, listing
    every note once, in the order first cited (a note's first use keeps its `first` flag)."""
    refs: dict[int, Ref] = {}
    out: list[Inline] = []
    removed = False
    for item in inlines:
        if isinstance(item, Cite):
            for ref in item.refs:
                if ref.number not in refs or (ref.first and not refs[ref.number].first):
                    refs[ref.number] = ref
            removed = True
            continue
        prev = out[-1] if out else None
        if removed and isinstance(prev, Text) and prev.text[-1:].isspace() and item.text[:1] in _AFTER | {" "}:
            # where a marker stood between a space and a space or punctuation ("a [@x]. b")
            out[-1] = Text(prev.text.rstrip(), prev.bold, prev.italic, prev.href)
        out.append(item)
        removed = False
    if not refs:
        return inlines
    out = list(_trim_before_cites(tuple(out) + (Cite(()),)))[:-1]
    while out and isinstance(out[-1], Text) and not out[-1].text.strip():
        out.pop()
    if out and isinstance(out[-1], Text):
        last = out[-1]
        out[-1] = Text(last.text.rstrip(), last.bold, last.italic, last.href)
    return tuple(out) + (Cite(tuple(refs.values())),)


def settle_markers(inlines: Inlines) -> Inlines:
    """Return `inlines` with each marker after its punctuation (|place_markers|) and `apart` set
    on each that still directly follows a digit (|follows_digit|)."""
    placed = place_markers(inlines)
    return tuple(replace(item, apart=True) if isinstance(item, Cite) and follows_digit(placed, i) else item
                 for i, item in enumerate(placed))


def settle_blocks(sections: tuple[Section, ...], *, per_paragraph: bool = False) -> tuple[Section, ...]:
    """Return `sections` with the marker rules applied to every paragraph, list item and table
    cell, and, `per_paragraph`, one marker per paragraph and list item (|gather_markers|), each
    keeping its marker-per-claim form in `claims` for the deck."""
    def text(inlines: Inlines) -> Inlines:
        return settle_markers(gather_markers(inlines) if per_paragraph else inlines)

    def block(b: Block) -> Block:
        if isinstance(b, Paragraph):
            return Paragraph(text(b.inlines), settle_markers(b.inlines) if per_paragraph else ())
        if isinstance(b, BulletList):
            return BulletList(tuple(text(i) for i in b.items), b.ordered,
                              tuple(settle_markers(i) for i in b.items) if per_paragraph else ())
        if isinstance(b, Table):
            t = fold_citation_columns(b)
            return Table(tuple(settle_markers(c) for c in t.header),
                         tuple(tuple(settle_markers(c) for c in row) for row in t.rows), t.align)
        return b

    out = []
    for sec in sections:
        slide = sec.slide
        if slide is not None:
            slide = replace(slide, bullets=tuple(settle_markers(i) for i in slide.bullets))
        out.append(replace(sec, blocks=tuple(block(b) for b in sec.blocks), slide=slide))
    return tuple(out)
