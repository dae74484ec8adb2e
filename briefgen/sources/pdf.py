"""The text of a PDF, page by page, in reading order, from PDFium's characters and their boxes.

This module runs in a child process (`python -m briefgen.sources.pdf FILE MAX_PAGES`), so that a
PDF that crashes or hangs PDFium costs a located error, not briefgen itself: see
|briefgen.sources.read|, which starts it with a time limit and reads one JSON answer from its
standard output.

PDFium gives each character with its box, in content-stream order. Its own text output follows
that order and joins a line that ends in a hyphen to the next, and it runs the lines of two
columns together when a PDF draws them row by row. So the layout is rebuilt here:

1. characters become *runs*: characters on one baseline, left to right, with no gap wider than
   a character's height (so a column gutter always ends a run);
2. the runs of a page are ordered by an XY cut: a node first splits at vertical gutters that no
   run crosses (columns, left to right), otherwise at its widest horizontal gaps (blocks, top to
   bottom), and so on down; a leaf reads its lines top to bottom, each line's runs left to right.
   Splitting at gutters first keeps two columns apart even where their blank lines line up;
3. a hyphen PDFium marks as a line-end hyphen is written back as `-` and the line break kept,
   and a ligature glyph becomes its letters (NFKC), those letters flagged.
"""

from __future__ import annotations

import ctypes
import json
import re
import sys
import unicodedata
from typing import Any

# 2: PDFium's own mark for a hyphen it found at a line end; U+00AD is the soft hyphen.
_HYPHEN_MARKS = (0x02, 0xAD)
_LINE_END_HYPHEN = re.compile(r"(?<=[^\W_])-[ \t]*\n\s*(?=[^\W_])")
LAYOUT_VERSION = 2
RUN_GAP = 1.0      # a gap wider than this many character heights ends a run
GUTTER = 1.0       # a vertical gap at least this many heights wide, crossed by no run, splits columns
BLOCK_GAP = 0.5    # a horizontal gap at least this many heights tall may split blocks


class _Run:
    """Characters on one baseline, left to right: their text and which of them are ligature letters."""

    __slots__ = ("x0", "x1", "bottom", "top", "chars", "ligature")

    def __init__(self, x0: float, x1: float, bottom: float, top: float) -> None:
        self.x0, self.x1, self.bottom, self.top = x0, x1, bottom, top
        self.chars: list[str] = []
        self.ligature: list[bool] = []

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 1.0)


def _chars(textpage: Any, raw: Any) -> list[tuple[str, float, float, float, float, bool]]:
    """Return the page's characters as (text, left, right, bottom, top, ligature), content order.

    Generated line breaks are dropped (the layout makes its own); a generated space becomes a
    space without a box of its own.
    """
    n = raw.FPDFText_CountChars(textpage)
    rect = raw.FS_RECTF()
    get_unicode, is_generated, get_box = raw.FPDFText_GetUnicode, raw.FPDFText_IsGenerated, raw.FPDFText_GetLooseCharBox
    ref = ctypes.byref(rect)
    out: list[tuple[str, float, float, float, float, bool]] = []
    last_box: tuple[float, float, float, float] | None = None
    for i in range(n):
        u = get_unicode(textpage, i)
        if is_generated(textpage, i):
            if u == 0x20 and out:
                _, _, right, bottom, top, _ = out[-1]
                out.append((" ", right, right, bottom, top, False))
            last_box = None
            continue
        if u in (0x0D, 0x0A, 0x00, 0xFFFE, 0xFFFF):
            continue
        get_box(textpage, i, ref)
        box = (rect.left, rect.right, rect.bottom, rect.top)
        if u in _HYPHEN_MARKS:
            text = "\u00ad"
        elif u == 0x09:
            text = " "
        else:
            text = chr(u)
        ligature = False
        if 0xFB00 <= u <= 0xFB06:  # a ligature PDFium left as one character: spell it out
            text = unicodedata.normalize("NFKC", text)
            ligature = True
        elif box == last_box and not text.isspace() and out and not out[-1][0].isspace():
            # two characters from one glyph: PDFium already spelt out a ligature
            prev = out[-1]
            out[-1] = (prev[0], prev[1], prev[2], prev[3], prev[4], True)
            ligature = True
        for c in text:
            out.append((c, box[0], box[1], box[2], box[3], ligature))
        last_box = box
    return out


def _runs(chars: list[tuple[str, float, float, float, float, bool]]) -> list[_Run]:
    runs: list[_Run] = []
    cur: _Run | None = None
    last: tuple[float, float, float, float] | None = None
    for ch, left, right, bottom, top, lig in chars:
        height = max(top - bottom, 1.0)
        box = (left, right, bottom, top)
        glyph_continues = box == last  # the second letter of a ligature has the first's box
        last = box
        if cur is not None and not glyph_continues:
            h = min(height, cur.height)
            same = (abs(bottom - cur.bottom) < 0.5 * h and left >= cur.x1 - 0.5 * h
                    and left - cur.x1 <= RUN_GAP * h)
            if not same and not ch.isspace():
                runs.append(cur)
                cur = None
        if ch.isspace():
            if cur is not None and cur.chars and cur.chars[-1] != " ":
                cur.chars.append(" ")
                cur.ligature.append(False)
                cur.x1 = max(cur.x1, right)
            continue
        if cur is None:
            cur = _Run(left, right, bottom, top)
        cur.chars.append(ch)
        cur.ligature.append(lig)
        cur.x1 = max(cur.x1, right)
        cur.top = max(cur.top, top)
    if cur is not None:
        runs.append(cur)
    for r in runs:
        while r.chars and r.chars[-1] == " ":
            r.chars.pop()
            r.ligature.pop()
    return [r for r in runs if r.chars]


def _median_height(runs: list[_Run]) -> float:
    hs = sorted(r.height for r in runs)
    return hs[len(hs) // 2]


def _cut(runs: list[_Run]) -> list[list[_Run]]:
    """Return the runs as leaves in reading order (see the module's docstring).

    Iterative, so that a page of thousands of runs (a dense table) cannot exhaust the stack.
    """
    leaves: list[list[_Run]] = []
    stack = [runs]
    while stack:
        node = stack.pop()
        parts = _split(node)
        if parts is None:
            leaves.append(node)
        else:
            stack.extend(reversed(parts))
    return leaves


def _split(runs: list[_Run]) -> list[list[_Run]] | None:
    """Return `runs` split at its column gutters, else at its widest horizontal gaps; None for a leaf.

    Every horizontal gap as wide as the widest splits at once, so that evenly spaced lines do
    not cost one split each.
    """
    if len(runs) <= 1:
        return None
    h = _median_height(runs)
    by_x = sorted(runs, key=lambda r: (r.x0, -r.top))
    groups: list[list[_Run]] = [[by_x[0]]]
    reach = by_x[0].x1
    for r in by_x[1:]:
        if r.x0 - reach >= GUTTER * h:
            groups.append([r])
        else:
            groups[-1].append(r)
        reach = max(reach, r.x1)
    if len(groups) > 1:
        return groups
    by_y = sorted(runs, key=lambda r: (-r.top, r.x0))
    gaps: list[tuple[int, float]] = []
    low = by_y[0].bottom
    for i, r in enumerate(by_y[1:], start=1):
        gaps.append((i, low - r.top))
        low = min(low, r.bottom)
    best = max(g for _, g in gaps)
    if best < BLOCK_GAP * h:
        return None
    cuts = [i for i, g in gaps if g >= best - 0.01 * h]
    return [by_y[a:b] for a, b in zip([0, *cuts], [*cuts, len(by_y)])]


def _lines(leaf: list[_Run]) -> list[list[_Run]]:
    lines: list[list[_Run]] = []
    for r in sorted(leaf, key=lambda r: (-r.bottom, r.x0)):
        if lines and abs(lines[-1][0].bottom - r.bottom) < 0.5 * min(r.height, lines[-1][0].height):
            lines[-1].append(r)
        else:
            lines.append([r])
    return [sorted(line, key=lambda r: r.x0) for line in lines]


class _Builder:
    """The document's text as it grows, with the offsets of ligature letters."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.ligatures: list[tuple[int, int]] = []

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def add_line(self, line: list[_Run]) -> None:
        chars: list[str] = []
        lig: list[bool] = []
        for r in line:
            if chars:
                chars.append(" ")
                lig.append(False)
            chars.extend(r.chars)
            lig.extend(r.ligature)
        # a soft hyphen (or PDFium's hyphen mark) is a hyphen at a line end and nothing elsewhere
        keep = [i for i, c in enumerate(chars) if c != "\u00ad" or i == len(chars) - 1]
        text = "".join("-" if chars[i] == "\u00ad" else chars[i] for i in keep)
        flags = [lig[i] for i in keep]
        i = 0
        while i < len(flags):
            if flags[i]:
                j = i
                while j < len(flags) and flags[j]:
                    j += 1
                self.ligatures.append((self.length + i, self.length + j))
                i = j
            else:
                i += 1
        self.add(text)


def page_text(textpage: Any, raw: Any, builder: _Builder) -> bool:
    """Append one page's text to `builder`; return whether the page had any text."""
    runs = _runs(_chars(textpage, raw))
    first = True
    for leaf in _cut(runs):
        for line in _lines(leaf):
            if not first:
                builder.add("\n")
            builder.add_line(line)
            first = False
    return bool(runs)


def extract_pdf(path: str, *, max_pages: int) -> dict[str, Any]:
    """Return the extraction of the PDF at `path` as JSON-ready data, or {"error": code, ...}."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        doc = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        code = {4: "password", 5: "security", 3: "format", 2: "file"}.get(getattr(exc, "err_code", None) or 0, "unknown")
        return {"error": code, "detail": str(exc)}
    try:
        count = len(doc)
        if count > max_pages:
            return {"error": "pages", "detail": str(count)}
        builder = _Builder()
        starts: list[int] = []
        empty: list[int] = []
        for index in range(count):
            if index:
                builder.add("\n\n")
            starts.append(builder.length)
            page = doc[index]
            textpage = page.get_textpage()
            try:
                if not page_text(textpage, raw, builder):
                    empty.append(index + 1)
            finally:
                textpage.close()
                page.close()
        meta = doc.get_metadata_dict(skip_empty=True)
    finally:
        doc.close()
    text = "".join(builder.parts)
    flags = [[a, b, "ligature"] for a, b in builder.ligatures]
    flags += [[m.start(), m.end(), "hyphenation"] for m in _LINE_END_HYPHEN.finditer(text)]
    flags.sort()
    return {
        "text": text, "pages": starts, "empty_pages": empty, "flags": flags,
        "metadata": {"title": meta.get("Title"), "author": meta.get("Author"), "date": _pdf_date(meta.get("CreationDate"))},
        "method": f"pypdfium2 {pdfium.PYPDFIUM_INFO} (PDFium {pdfium.PDFIUM_INFO}), briefgen layout {LAYOUT_VERSION}",
    }


def _pdf_date(value: str | None) -> str | None:
    """Return a PDF date (`D:20250301120000+01'00'`) as an ISO date (`2025-03-01`), or None."""
    m = re.match(r"^D:(\d{4})(\d{2})?(\d{2})?", value or "")
    if m is None:
        return None
    return "-".join(p for p in m.groups() if p)


def main(argv: list[str]) -> int:
    path, max_pages = argv[0], int(argv[1])
    data = extract_pdf(path, max_pages=max_pages)
    sys.stdout.write(json.dumps(data, ensure_ascii=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
