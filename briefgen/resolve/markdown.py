"""The Markdown that outlines allow, parsed into blocks whose citations are still fact ids.

Supported: paragraphs, `-`/`*` and `1.` lists, `###` subheadings, GitHub pipe tables, images
on a line of their own (`![alt](path "caption")`, a figure in place), `*em*`,
`**strong**`, `[text](url)`, `<url>`, backslash escapes, and Pandoc citations `[@a]`, `[@a; @b]`
(anywhere but in a subheading, which is plain text: a citation there is a problem).
Everything else is text, printed as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

from ..figures.images import IMAGE_LINE, caption_of
from ..model import Text
from ..text.ids import SLUG

_CITE_ITEM = re.compile(r"^\s*@([A-Za-z0-9_.:-]*)\s*$")
_LIST = re.compile(r"^\s{0,3}([-*+]|\d{1,3}[.)])\s+(.*)$")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_TABLE_DELIM = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_AUTOLINK = re.compile(r"<(https?://[^\s<>]+)>")
_ESCAPABLE = set("\\`*_{}[]()#+-.!|<>@~\"'")


@dataclass(frozen=True, slots=True)
class Key:
    """A fact id inside a citation, with its offset in the text it came from."""

    id: str
    offset: int


@dataclass(frozen=True, slots=True)
class PendingCite:
    keys: tuple[Key, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    """A Markdown problem at `offset` (characters into the text) spanning `length`."""

    message: str
    offset: int
    length: int
    help: str | None = None


RawInline = Union[Text, PendingCite]


@dataclass(frozen=True, slots=True)
class RawParagraph:
    inlines: tuple[RawInline, ...]


@dataclass(frozen=True, slots=True)
class RawSubheading:
    text: str


@dataclass(frozen=True, slots=True)
class RawList:
    items: tuple[tuple[RawInline, ...], ...]
    ordered: bool


@dataclass(frozen=True, slots=True)
class RawTable:
    header: tuple[tuple[RawInline, ...], ...]
    rows: tuple[tuple[tuple[RawInline, ...], ...], ...]
    align: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RawImage:
    """A Markdown image on a line of its own, `![alt](path "caption")`: a figure in place.

    `offset` is where its line starts in the body (the loader keys the picture it read by it).
    """

    alt: str
    path: str
    caption: tuple[RawInline, ...]
    offset: int


RawBlock = Union[RawParagraph, RawSubheading, RawList, RawTable, RawImage]


def parse_inlines(text: str, problems: list[Problem], *, offset: int = 0) -> tuple[RawInline, ...]:
    """Return the inline runs of `text`; problems are recorded with offsets plus `offset`."""
    out: list[RawInline] = []
    _inlines(text, 0, len(text), False, False, out, problems, offset)
    return _merge(out)


def _merge(items: list[RawInline]) -> tuple[RawInline, ...]:
    merged: list[RawInline] = []
    for item in items:
        prev = merged[-1] if merged else None
        if (isinstance(item, Text) and isinstance(prev, Text) and prev.bold == item.bold
                and prev.italic == item.italic and prev.href == item.href):
            merged[-1] = Text(prev.text + item.text, prev.bold, prev.italic, prev.href)
        elif not (isinstance(item, Text) and not item.text):
            merged.append(item)
    return tuple(merged)


def _inlines(s: str, i: int, end: int, bold: bool, italic: bool, out: list[RawInline],
             problems: list[Problem], base: int) -> None:
    """Append the inline runs of `s[i:end]` to `out`, in `bold` and `italic` (from the emphasis
    around them); problems are recorded with offsets plus `base`."""
    buf: list[str] = []  # plain text not yet written to `out`
    while i < end:
        c = s[i]
        if c == "\\" and i + 1 < end and s[i + 1] in _ESCAPABLE:
            buf.append(s[i + 1])
            i += 2
            continue
        if c == "!":
            after = _image_in_text(s, i, end, problems, base)
        elif c == "[":
            after = _bracket(s, i, end, bold, italic, buf, out, problems, base)
        elif c == "<":
            after = _autolink(s, i, end, bold, italic, buf, out)
        elif c in "*_":
            after = _emphasis(s, i, end, bold, italic, buf, out, problems, base)
        else:
            after = -1
        if after < 0:  # not markup: the character is text
            buf.append(c)
            after = i + 1
        i = after
    _flush(buf, out, bold, italic)


# Each reader of markup at `s[i]` below returns the index after what it read, or -1 when `s[i]`
# does not start it (then it is text). Before writing to `out`, it writes the text before.


def _flush(buf: list[str], out: list[RawInline], bold: bool, italic: bool) -> None:
    """Write the pending text `buf` to `out` as one run, and empty it."""
    if buf:
        out.append(Text("".join(buf), bold, italic))
        buf.clear()


def _image_in_text(s: str, i: int, end: int, problems: list[Problem], base: int) -> int:
    """Read an image `![alt](path)` inside text: a problem (a figure stands on a line of its own)."""
    if not (i + 1 < end and s[i + 1] == "["):
        return -1
    close = _closing_bracket(s, i + 1, end)
    if close > 0 and close + 1 < end and s[close + 1] == "(" and s.find(")", close + 2, end) > 0:
        paren = s.find(")", close + 2, end)
        problems.append(Problem("an image inside text", base + i, paren + 1 - i,
                                help="put the image `![alt](path)` on a line of its own, with blank "
                                     "lines around it: it becomes a figure there"))
        return paren + 1
    return -1


def _bracket(s: str, i: int, end: int, bold: bool, italic: bool, buf: list[str], out: list[RawInline],
             problems: list[Problem], base: int) -> int:
    """Read a citation `[@a; @b]` (an unclosed one is a problem and stays as text) or a link
    `[text](url)`, whose text may hold emphasis."""
    close = _closing_bracket(s, i, end)
    inner = s[i + 1:close] if close > 0 else s[i + 1:end]
    if inner.lstrip().startswith("@"):
        if close < 0:
            problems.append(Problem("unclosed citation", base + i, min(end - i, len(inner) + 1),
                                    help="close the citation with `]`, e.g. `[@fact-id]`"))
            buf.append(s[i:end])
            return end
        cite = _citation(inner, base + i + 1, problems)
        if cite is not None:
            _flush(buf, out, bold, italic)
            out.append(cite)
        return close + 1
    if close > 0 and close + 1 < end and s[close + 1] == "(":
        paren = s.find(")", close + 2, end)
        url = s[close + 2:paren].strip() if paren > 0 else ""
        if paren > 0 and url and " " not in url:
            _flush(buf, out, bold, italic)
            link: list[RawInline] = []
            _inlines(s, i + 1, close, bold, italic, link, problems, base)
            for item in link:
                out.append(Text(item.text, item.bold, item.italic, url) if isinstance(item, Text) else item)
            return paren + 1
    return -1


def _autolink(s: str, i: int, end: int, bold: bool, italic: bool, buf: list[str], out: list[RawInline]) -> int:
    """Read a web address in angle brackets, `<https://…>`: a link that shows its address."""
    m = _AUTOLINK.match(s, i, end)
    if not m:
        return -1
    _flush(buf, out, bold, italic)
    out.append(Text(m.group(1), bold, italic, m.group(1)))
    return m.end()


def _emphasis(s: str, i: int, end: int, bold: bool, italic: bool, buf: list[str], out: list[RawInline],
              problems: list[Problem], base: int) -> int:
    """Read `*em*`/`_em_` or `**strong**`/`__strong__`: an opener followed by a non-space (an
    underscore not inside a word) with its closer; the text between may hold more markup."""
    c = s[i]
    run = 2 if s.startswith(c * 2, i) else 1
    opener_ok = i + run < end and not s[i + run].isspace()
    if c == "_" and i > 0 and s[i - 1].isalnum():
        opener_ok = False
    if not opener_ok:
        return -1
    close = _closing_emphasis(s, i + run, end, c * run)
    if close <= 0:
        return -1
    _flush(buf, out, bold, italic)
    _inlines(s, i + run, close, bold or run == 2, italic or run == 1, out, problems, base)
    return close + run


def _closing_bracket(s: str, i: int, end: int) -> int:
    depth = 0
    j = i
    while j < end:
        if s[j] == "\\":
            j += 2
            continue
        if s[j] == "[":
            depth += 1
        elif s[j] == "]":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    return -1


def _closing_emphasis(s: str, i: int, end: int, marker: str) -> int:
    j = i
    while True:
        j = s.find(marker, j, end)
        if j < 0:
            return -1
        if s[j - 1] == "\\":
            j += 1
            continue
        if not s[j - 1].isspace() and (len(marker) == 2 or not s.startswith(marker * 2, j) or s.startswith(marker * 3, j)):
            after = j + len(marker)
            if marker[0] == "_" and after < end and s[after].isalnum():
                j += 1
                continue
            return j
        j += len(marker)


def _citation(inner: str, base: int, problems: list[Problem]) -> PendingCite | None:
    keys: list[Key] = []
    pos = 0
    for part in inner.split(";"):
        m = _CITE_ITEM.match(part)
        ident = m.group(1) if m else ""
        at = base + pos + (part.find("@") if "@" in part else 0)
        if not m or not ident or not SLUG.match(ident):
            shown = part.strip() or "(empty)"
            problems.append(Problem(f"malformed citation `{shown}`", at, max(1, len(part.strip())),
                                    help="write citations as `[@fact-id]` or `[@fact-a; @fact-b]`; "
                                         "ids use lowercase letters, digits and hyphens"))
        else:
            keys.append(Key(ident, at + 1))
        pos += len(part) + 1
    return PendingCite(tuple(keys)) if keys else None


def parse_blocks(text: str, problems: list[Problem]) -> tuple[RawBlock, ...]:
    """Return the blocks of a Markdown `body`."""
    lines = text.split("\n")
    starts = []
    pos = 0
    for ln in lines:
        starts.append(pos)
        pos += len(ln) + 1
    blocks: list[RawBlock] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        im = IMAGE_LINE.match(line)
        if im:
            cap = caption_of(im)
            caption = parse_inlines(cap[0], problems, offset=starts[i] + cap[1]) if cap is not None else ()
            path = im.group("path")
            blocks.append(RawImage(im.group("alt"), path[1:-1] if path.startswith("<") else path, caption, starts[i]))
            i += 1
            continue
        h = _HEADING.match(line)
        if h:
            blocks.append(RawSubheading(_heading_text(h.group(2), problems, starts[i] + line.find(h.group(2)))))
            i += 1
            continue
        if "|" in line and i + 1 < len(lines) and _TABLE_DELIM.match(lines[i + 1]):
            i = _table(lines, starts, i, blocks, problems)
            continue
        lm = _LIST.match(line)
        if lm:
            i = _list(lines, starts, i, blocks, problems)
            continue
        j = i
        parts: list[tuple[str, int]] = []
        while j < len(lines) and lines[j].strip() and not (j > i and (_LIST.match(lines[j]) or _HEADING.match(lines[j])
                                                                      or IMAGE_LINE.match(lines[j]))):
            if "|" in lines[j] and j + 1 < len(lines) and _TABLE_DELIM.match(lines[j + 1]) and j > i:
                break
            parts.append((lines[j], starts[j]))
            j += 1
        blocks.append(RawParagraph(_joined(parts, problems)))
        i = j
    return tuple(blocks)


def _joined(parts: list[tuple[str, int]], problems: list[Problem]) -> tuple[RawInline, ...]:
    """Parse consecutive lines as one run of inlines, keeping each line's own offsets."""
    # Joining with a space keeps emphasis spanning a line break; offsets are mapped back per line.
    text = " ".join(p.strip() for p, _ in parts)
    local: list[Problem] = []
    inl = parse_inlines(text, local)
    # map offsets in `text` back to the body
    bounds = []
    pos = 0
    for p, start in parts:
        stripped = p.strip()
        bounds.append((pos, start + (len(p) - len(p.lstrip()))))
        pos += len(stripped) + 1

    def back(off: int) -> int:
        base_pos, base_start = bounds[0]
        for bp, bs in bounds:
            if bp <= off:
                base_pos, base_start = bp, bs
        return base_start + (off - base_pos)

    problems.extend(Problem(p.message, back(p.offset), p.length, p.help) for p in local)
    return tuple(PendingCite(tuple(Key(k.id, back(k.offset)) for k in x.keys)) if isinstance(x, PendingCite) else x
                 for x in inl)


def _heading_text(text: str, problems: list[Problem], offset: int) -> str:
    """Return the text of a `###` subheading; a citation in it is an error, never dropped.

    A subheading is plain text in the model (a PDF bookmark, a Word heading, a slide title):
    it has nowhere to carry a note, so a citation there would vanish without a word.
    """
    out: list[str] = []
    for x in parse_inlines(text, problems, offset=offset):
        if isinstance(x, Text):
            out.append(x.text)
            continue
        for key in x.keys:
            problems.append(Problem(f"citation `@{key.id}` in a subheading", key.offset - 1, len(key.id) + 1,
                                    help="a subheading cannot carry a note: cite the fact in the text below it"))
    return "".join(out).strip()


def _list(lines: list[str], starts: list[int], i: int, blocks: list[RawBlock], problems: list[Problem]) -> int:
    first = _LIST.match(lines[i])
    assert first
    ordered = first.group(1)[0].isdigit()
    items: list[tuple[RawInline, ...]] = []
    while i < len(lines):
        m = _LIST.match(lines[i])
        if not m or m.group(1)[0].isdigit() != ordered:
            break
        parts = [(m.group(2), starts[i] + m.start(2))]
        i += 1
        while i < len(lines) and lines[i].strip() and not _LIST.match(lines[i]) and lines[i].startswith((" ", "\t")):
            parts.append((lines[i], starts[i]))
            i += 1
        items.append(_joined(parts, problems))
        if i < len(lines) and not lines[i].strip() and i + 1 < len(lines) and _LIST.match(lines[i + 1]):
            i += 1
    blocks.append(RawList(tuple(items), ordered))
    return i


def _cells(line: str, start: int) -> list[tuple[str, int]]:
    body = line.strip()
    lead = len(line) - len(line.lstrip())
    if body.startswith("|"):
        body = body[1:]
        lead += 1
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    cells = []
    pos = 0
    cur = []
    j = 0
    while j < len(body):
        if body[j] == "\\" and j + 1 < len(body) and body[j + 1] == "|":
            cur.append("\\|")
            j += 2
            continue
        if body[j] == "|":
            cells.append(("".join(cur), start + lead + pos))
            pos = j + 1
            cur = []
        else:
            cur.append(body[j])
        j += 1
    cells.append(("".join(cur), start + lead + pos))
    return cells


def _table(lines: list[str], starts: list[int], i: int, blocks: list[RawBlock], problems: list[Problem]) -> int:
    header = _cells(lines[i], starts[i])
    align = []
    for cell, _ in _cells(lines[i + 1], starts[i + 1]):
        c = cell.strip()
        align.append("center" if c.startswith(":") and c.endswith(":") else "right" if c.endswith(":") else "left")
    width = len(header)
    rows = []
    i += 2
    while i < len(lines) and lines[i].strip() and "|" in lines[i]:
        cells = _cells(lines[i], starts[i])
        cells = (cells + [("", starts[i])] * width)[:width]
        rows.append(tuple(_joined([(c, s)], problems) for c, s in cells))
        i += 1
    blocks.append(RawTable(tuple(_joined([(c, s)], problems) for c, s in header), tuple(rows),
                           tuple((align + ["left"] * width)[:width])))
    return i
