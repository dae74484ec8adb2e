"""Where a note marker sits in the text, so that it never reads as part of a number: pure rules on inlines.

A superscript note number straight after a digit reads as a power ("4¹⁷", "2024²"). Chicago
(14.26) puts a note reference after the punctuation that follows the word it marks, which
already settles most cases ("in March 2024.²"); a marker that still follows a digit (a table
cell that ends in a number) is set apart, with a thin space and brackets ("4 [17]"), by the
renderer that draws it, as |follows_digit| tells it.

Every renderer prints the same inlines, so these rules belong in the resolver, applied once to
the model. Today only the DOCX writer applies them (|place_markers|, |follows_digit|,
|fold_citation_columns|); the PDF and the deck still draw "4,800²" in a table cell (issue 16).
"""

from __future__ import annotations

from ..model import Cite, Inline, Inlines, Table, Text

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
