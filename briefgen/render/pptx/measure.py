"""Text measurement for the deck: greedy word wrapping with real TrueType advance widths.

PowerPoint only shrinks text when a user edits a slide, so the renderer must know before it
writes whether text fits. Widths come from the theme's TTF files (Carlito is metric-compatible
with Calibri); line heights from the font's own vertical metrics. Everything is in points.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

from ...cache import cached_by_file

# Office breaks lines between words and, inside a word too long for a line, between characters.
# Kerning, hinting and justification differ a little between PowerPoint and LibreOffice, so the
# width we fill is a little less than the box.
WIDTH_SLACK = 0.97
# LibreOffice sets Carlito at about 1.27 × the size per line (measured from the PDFs it makes:
# 22.8 pt lines at 18 pt), more than the font's own 1.22 that PowerPoint follows; we use the
# larger so a slide fits in both. For the same reason line spacing under 100 % is not trusted
# to save space: LibreOffice tightens titles at 90 % by only about half that.
OFFICE_LINE_FACTOR = 1.27


@dataclass(frozen=True, slots=True)
class StyledText:
    """A piece of text in one style; `sup` marks a superscript citation."""

    text: str
    bold: bool = False
    italic: bool = False
    sup: bool = False


@dataclass(frozen=True, slots=True)
class MeasuredParagraph:
    """One paragraph as the measurer sees it: spans, size, indent and spacing in points.

    `margin` is the left margin of every line's text (DrawingML `marL`; the bullet hangs in it),
    `space_before` the gap above the paragraph, `line` the line-spacing factor (1.0 = single).
    """

    spans: tuple[StyledText, ...]
    size: float
    margin: float = 0.0
    space_before: float = 0.0
    line: float = 1.0


def _line_factor(path: Path) -> float:
    """Return the font's single line height per point of size (hhea or OS/2 win metrics)."""
    data = path.read_bytes()
    num_tables = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for i in range(num_tables):
        tag, _, offset, length = struct.unpack(">4sIII", data[12 + 16 * i: 28 + 16 * i])
        tables[tag] = offset
    upm = struct.unpack(">H", data[tables[b"head"] + 18: tables[b"head"] + 20])[0]
    hhea = tables[b"hhea"]
    asc, desc, gap = struct.unpack(">hhh", data[hhea + 4: hhea + 10])
    factor = (asc - desc + gap) / upm
    if b"OS/2" in tables:
        os2 = tables[b"OS/2"]
        win_asc, win_desc = struct.unpack(">HH", data[os2 + 74: os2 + 78])
        factor = max(factor, (win_asc + win_desc) / upm)
    return factor


class _Advances:
    """The advance width of every character a TrueType font maps, in units of the font size.

    Read straight from the font's `cmap`, `hmtx`, `hhea` and `head` tables: the deck only needs
    widths, and this costs a few milliseconds where importing and parsing with ReportLab cost tens.
    A character the font lacks measures as its missing glyph, as in ReportLab.
    """

    def __init__(self, path: Path) -> None:
        data = path.read_bytes()
        tables = {}
        for i in range(struct.unpack(">H", data[4:6])[0]):
            tag, _, offset, _length = struct.unpack(">4sIII", data[12 + 16 * i: 28 + 16 * i])
            tables[tag] = offset
        upm = struct.unpack(">H", data[tables[b"head"] + 18: tables[b"head"] + 20])[0]
        n_metrics = struct.unpack(">H", data[tables[b"hhea"] + 34: tables[b"hhea"] + 36])[0]
        hmtx = tables[b"hmtx"]
        # hmtx holds (advance, left side bearing) pairs; glyphs past the last pair share its advance
        advances = struct.unpack(f">{2 * n_metrics}H", data[hmtx: hmtx + 4 * n_metrics])[0::2]
        self.missing = advances[0] / upm
        self.widths: dict[int, float] = {}
        for code, glyph in _cmap(data, tables[b"cmap"]):
            self.widths[code] = advances[min(glyph, n_metrics - 1)] / upm

    def of(self, text: str) -> float:
        get, missing = self.widths.get, self.missing
        return sum(get(ord(ch), missing) for ch in text)


def _cmap(data: bytes, cmap: int) -> "Iterable[tuple[int, int]]":
    """Yield (code point, glyph) from the font's Unicode cmap subtable (format 12, else format 4)."""
    count = struct.unpack(">H", data[cmap + 2: cmap + 4])[0]
    subtables = {}
    for i in range(count):
        platform, encoding, offset = struct.unpack(">HHI", data[cmap + 4 + 8 * i: cmap + 12 + 8 * i])
        subtables[(platform, encoding)] = cmap + offset
    at = subtables.get((3, 10)) or subtables.get((0, 4))
    if at is not None and struct.unpack(">H", data[at: at + 2])[0] == 12:
        groups = struct.unpack(">I", data[at + 12: at + 16])[0]
        for g in range(groups):
            start, end, glyph = struct.unpack(">III", data[at + 16 + 12 * g: at + 28 + 12 * g])
            for code in range(start, end + 1):
                yield code, glyph + code - start
        return
    at = subtables.get((3, 1)) or subtables.get((0, 3))
    if at is None or struct.unpack(">H", data[at: at + 2])[0] != 4:
        return
    segs = struct.unpack(">H", data[at + 6: at + 8])[0] // 2
    ends = struct.unpack(f">{segs}H", data[at + 14: at + 14 + 2 * segs])
    base = at + 16 + 2 * segs
    starts = struct.unpack(f">{segs}H", data[base: base + 2 * segs])
    deltas = struct.unpack(f">{segs}h", data[base + 2 * segs: base + 4 * segs])
    range_at = base + 4 * segs
    offsets = struct.unpack(f">{segs}H", data[range_at: range_at + 2 * segs])
    for i in range(segs):
        for code in range(starts[i], ends[i] + 1):
            if code == 0xFFFF:
                continue
            if offsets[i] == 0:
                glyph = (code + deltas[i]) & 0xFFFF
            else:
                where = range_at + 2 * i + offsets[i] + 2 * (code - starts[i])
                glyph = struct.unpack(">H", data[where: where + 2])[0]
                if glyph:
                    glyph = (glyph + deltas[i]) & 0xFFFF
            if glyph:
                yield code, glyph


def _advances(path: Path) -> "_Advances":
    """Return the parsed advance widths of the font at `path`, read once per process.

    The table is filled when the font is parsed and only read afterwards, so renders share it.
    """
    return cached_by_file(path, _Advances)


# Entries each of a Metrics' result caches holds before it starts again empty. Planning measures
# the same paragraphs over and over while it looks for a section's slide breaks, then moves on:
# a few thousand entries keep every repeat within a section, and a 3,000-slide deck no longer
# keeps every paragraph's words and lines until the end (about 40 MB at the benchmark's size L).
CACHE_ENTRIES = 4096


def _remember(cache: dict[Any, Any], key: Any, value: Any) -> Any:
    """Store `value` under `key` in `cache`, emptying it first when full; return `value`."""
    if len(cache) >= CACHE_ENTRIES:
        cache.clear()
    cache[key] = value
    return value


class Metrics:
    """Advance widths and line height of one font family; widths are cached per instance.

    Build one per render call (it holds caches, and nothing is kept between renders). The
    caches of measured lines and words are bounded (`CACHE_ENTRIES`): only speed depends on them.
    """

    def __init__(self, *, regular: Path, bold: Path, italic: Path, bold_italic: Path) -> None:
        self._paths = {(False, False): regular, (True, False): bold, (False, True): italic, (True, True): bold_italic}
        self._fonts: dict[tuple[bool, bool], _Advances] = {}
        self._cache: dict[tuple[str, bool, bool], float] = {}
        self.lines: dict[tuple[tuple[StyledText, ...], float, float], int] = {}  # count_lines results
        self.wrapped: dict[tuple[tuple[StyledText, ...], float, float], tuple[str, ...]] = {}  # wrap results
        self.words: dict[tuple[StyledText, ...], list[list[tuple[str, bool, bool]]]] = {}  # _words results
        self.line_factor = max(_line_factor(regular), OFFICE_LINE_FACTOR)

    @classmethod
    def for_family(cls, family: object) -> "Metrics":
        """Return metrics for a theme `FontFamily` (anything with the four path attributes)."""
        return cls(regular=family.regular, bold=family.bold, italic=family.italic,  # type: ignore[attr-defined]
                   bold_italic=family.bold_italic)  # type: ignore[attr-defined]

    def width(self, text: str, *, size: float, bold: bool = False, italic: bool = False) -> float:
        """Return the advance width of `text` at `size` points."""
        key = (text, bold, italic)
        unit = self._cache.get(key)
        if unit is None:
            font = self._fonts.get((bold, italic))
            if font is None:
                font = self._fonts[(bold, italic)] = _advances(self._paths[(bold, italic)])
            unit = font.of(text)
            self._cache[key] = unit
        return unit * size

    def line_height(self, size: float, line: float = 1.0) -> float:
        """Return the height of one line of text at `size` with line-spacing factor `line` (at least 1)."""
        return size * self.line_factor * max(line, 1.0)


_SPACE_SPLIT = re.compile("([ \t\n\v])")


def _words(spans: Sequence[StyledText]) -> list[list[tuple[str, bool, bool]]]:
    """Split spans into words (runs of non-space characters), each a list of (text, bold, italic) pieces.

    A word may continue from one span into the next. A forced break (newline or vertical tab)
    is returned as an empty word.
    """
    words: list[list[tuple[str, bool, bool]]] = []
    current: list[tuple[str, bool, bool]] = []
    for span in spans:
        text = span.text
        if " " not in text and "\t" not in text and "\n" not in text and "\v" not in text:
            if text:
                current.append((text, span.bold, span.italic))
            continue
        for tok in _SPACE_SPLIT.split(text):
            if not tok:
                continue
            if tok == " " or tok == "\t":
                if current:
                    words.append(current)
                    current = []
            elif tok == "\n" or tok == "\v":
                if current:
                    words.append(current)
                    current = []
                words.append([])
            else:
                current.append((tok, span.bold, span.italic))
    if current:
        words.append(current)
    return words


def count_lines(spans: Sequence[StyledText], *, width: float, size: float, metrics: Metrics) -> int:
    """Return how many lines `spans` take when wrapped greedily at `width` points."""
    key = (tuple(spans), width, size)
    n = metrics.lines.get(key)
    if n is None:
        n = _remember(metrics.lines, key, len(wrap(spans, width=width, size=size, metrics=metrics)))
    return n


def wrap(spans: Sequence[StyledText], *, width: float, size: float, metrics: Metrics) -> list[str]:
    """Return the lines of `spans` wrapped greedily at `width` points (a word too long breaks by character)."""
    spans = tuple(spans)
    key = (spans, width, size)
    done = metrics.wrapped.get(key)
    if done is None:
        done = _remember(metrics.wrapped, key, tuple(_wrap(spans, width=width, size=size, metrics=metrics)))
    return list(done)


def _wrap(spans: tuple[StyledText, ...], *, width: float, size: float, metrics: Metrics) -> list[str]:
    avail = width * WIDTH_SLACK
    measure = metrics.width
    space = measure(" ", size=size)
    lines: list[str] = []
    line_text = ""
    line_w = 0.0
    words = metrics.words.get(spans)
    if words is None:
        words = _remember(metrics.words, spans, _words(spans))
    for word in words:
        if not word:  # forced break
            lines.append(line_text)
            line_text, line_w = "", 0.0
            continue
        if len(word) == 1:
            text, bold, italic = word[0]
            w = 0 + measure(text, size=size, bold=bold, italic=italic)
        else:
            w = sum(measure(t, size=size, bold=b, italic=i) for t, b, i in word)
            text = "".join(p[0] for p in word)
        if line_text and line_w + space + w <= avail:
            line_text += " " + text
            line_w += space + w
            continue
        if line_text:
            lines.append(line_text)
            line_text, line_w = "", 0.0
        if w <= avail:
            line_text, line_w = text, w
            continue
        # An unbreakable token wider than the line: break between characters.
        for piece, bold, italic in word:
            for ch in piece:
                cw = measure(ch, size=size, bold=bold, italic=italic)
                if line_text and line_w + cw > avail:
                    lines.append(line_text)
                    line_text, line_w = "", 0.0
                line_text += ch
                line_w += cw
    if line_text or not lines:
        lines.append(line_text)
    return lines


def block_height(block: MeasuredParagraph, *, width: float, metrics: Metrics) -> float:
    """Return the height of one paragraph (space before included) in a frame `width` wide."""
    n = count_lines(block.spans, width=width - block.margin, size=block.size, metrics=metrics)
    return block.space_before + n * metrics.line_height(block.size, block.line)


def frame_height(blocks: Iterable[MeasuredParagraph], *, width: float, metrics: Metrics) -> float:
    """Return the height of paragraphs stacked in a text frame whose inner width is `width`."""
    return sum(block_height(b, width=width, metrics=metrics) for b in blocks)


def fits(blocks: Iterable[MeasuredParagraph], *, width: float, height: float, metrics: Metrics) -> bool:
    """Return whether the paragraphs fit a frame with inner size `width` × `height` points."""
    return frame_height(blocks, width=width, metrics=metrics) <= height + 0.01
