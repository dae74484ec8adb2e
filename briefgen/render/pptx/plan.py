"""Plan a deck from a Brief: which slides, on which layouts, with what text at what size — measured to fit.

Pure: it reads the Brief, the theme's `pptx:` settings, the template's geometry (plain numbers,
read once by `write.py`) and font metrics, and returns frozen data. Nothing here imports
python-pptx; `write.py` turns the plan into a file.

Lengths are EMU (914400 per inch, 12700 per point) for positions and points for type sizes.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Iterable, Mapping, Sequence

from ...model import (
    Brief, BulletList, Cite, Inlines, Paragraph, Section, Subheading, Table, Text, Timeline,
    TimelineEntry, cited_numbers, plain,
)
from ...record import record
from ..ooxml.text import XML_ILLEGAL, clean, one_line
from .measure import Block, Metrics, Span, fits, frame_height, wrap

EMU_PER_PT = 12700
EMU_PER_IN = 914400
ELLIPSIS = "\u2026"

_SPACES = re.compile(r"\s+")
_SAFE_LINK = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)
# A sentence ends at . ! or ? (plus closing quotes/brackets) followed by white space.
_SENTENCE_END = re.compile("[.!?][\"'\u201d\u2019)\\]]*(?=\\s)")
_ABBREVIATIONS = {"e.g", "i.e", "etc", "vs", "no", "mr", "mrs", "ms", "dr", "st", "jan", "feb", "mar",
                  "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "cf", "al"}


# ---------------------------------------------------------------- settings and geometry


@record
class Settings:
    """The theme's `pptx:` section with its defaults (sizes in points)."""

    template: str = "slides.pptx"
    body_pt: float = 24
    min_body_pt: float = 18
    title_pt: float = 32
    min_title_pt: float = 24
    cover_title_pt: float = 40
    divider_title_pt: float = 36
    table_pt: float = 20
    min_table_pt: float = 14
    timeline_pt: float = 18
    min_timeline_pt: float = 12
    timeline_per_slide: int = 6
    foot_pt: float = 11
    cover_meta_color: str = "B4C3D6"
    bullet_max_chars: int = 240

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> "Settings":
        """Return settings from a theme's `pptx:` mapping; unknown keys are ignored."""
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in data.items() if k in known}
        out = cls(**values)
        if out.min_body_pt > out.body_pt or out.min_title_pt > out.title_pt:
            raise ValueError("pptx minimum sizes must not exceed the sizes")
        return out


@record
class Box:
    """A text frame: outer position and size, and its insets (EMU)."""

    left: int
    top: int
    width: int
    height: int
    inset_left: int = 91440
    inset_top: int = 45720
    inset_right: int = 91440
    inset_bottom: int = 45720

    @property
    def inner_width(self) -> float:
        """Return the width text can use, in points."""
        return (self.width - self.inset_left - self.inset_right) / EMU_PER_PT

    @property
    def inner_height(self) -> float:
        """Return the height text can use, in points."""
        return (self.height - self.inset_top - self.inset_bottom) / EMU_PER_PT


@record
class ListStyle:
    """The first list level of a body placeholder: bullet margin, hanging indent (EMU), spacing."""

    margin: int = 320040
    indent: int = -320040
    space_before: float = 10.0  # points
    line: float = 1.0           # line-spacing factor


@record
class Geometry:
    """Where things go, read from the template (see `write.read_geometry`)."""

    slide_width: int
    slide_height: int
    title: Box          # "Title and Content" title (also Title Only and Two Content)
    title_line: float   # title line-spacing factor
    body: Box           # "Title and Content" body
    body_style: ListStyle
    columns: tuple[Box, Box]  # "Two Content" bodies
    cover_title: Box
    cover_subtitle: Box
    divider_title: Box
    foot: Box           # the source line


# ---------------------------------------------------------------- the plan


@record
class Run:
    """A run of slide text; `sup` is a superscript citation, `muted` a quiet aside."""

    text: str
    bold: bool = False
    italic: bool = False
    sup: bool = False
    href: str | None = None
    muted: bool = False


@record
class Para:
    """A paragraph: `kind` is "bullet", "number" (with `number`), "heading" or "plain"."""

    runs: tuple[Run, ...]
    kind: str = "bullet"
    number: int = 0

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@record
class Frame:
    """Paragraphs for one text frame, all at `size` points; `margin` and `space_before` as measured."""

    paras: tuple[Para, ...]
    size: float
    margin: int = 0          # EMU marL of bullets/numbers (headings and plain use 0)
    indent: int = 0          # EMU hanging indent of bullets/numbers
    space_before: float = 0  # points before every paragraph
    line: float = 1.0


@record
class TablePlan:
    header: tuple[tuple[Run, ...], ...]
    rows: tuple[tuple[tuple[Run, ...], ...], ...]
    align: tuple[str, ...]
    left: int
    top: int
    col_widths: tuple[int, ...]
    row_heights: tuple[int, ...]
    size: float
    caption: str = ""


@record
class TimelineItem:
    """One entry: marker at `x` on the line; its text box `box` above or below the line."""

    date: str
    label: tuple[Run, ...]
    x: int
    box: Box
    above: bool
    size: float


@record
class TimelinePlan:
    caption: str
    caption_box: Box
    line_y: int
    line_left: int
    line_right: int
    items: tuple[TimelineItem, ...]


@record
class SlidePlan:
    """One slide. `kind`: title, bullets, takeaways, table, timeline, divider or sources."""

    kind: str
    layout: str
    title: str
    title_size: float
    body: Frame | None = None
    body2: Frame | None = None    # right column of "Two Content"
    panel: Box | None = None      # the takeaways text box
    table: TablePlan | None = None
    timeline: TimelinePlan | None = None
    foot: str = ""
    notes: str = ""
    section: str = ""


@record
class DeckPlan:
    slides: tuple[SlidePlan, ...]
    messages: tuple[str, ...] = ()


# ---------------------------------------------------------------- inline text


def safe_href(href: str | None) -> str | None:
    """Return `href` when it is a web or mail link; other schemes (javascript:, file:) are dropped."""
    if href and _SAFE_LINK.match(href.strip()) and not XML_ILLEGAL.search(href):
        return href.strip()
    return None


def runs_of(inlines: Inlines) -> tuple[Run, ...]:
    """Return slide runs for `inlines`: citations become superscript "2,3" tight to the word before."""
    out: list[Run] = []
    items = list(inlines)
    for i, item in enumerate(items):
        if isinstance(item, Text):
            text = _SPACES.sub(" ", clean(item.text))
            if i + 1 < len(items) and isinstance(items[i + 1], Cite):
                text = text.rstrip()
            if text:
                out.append(Run(text, bold=item.bold, italic=item.italic, href=safe_href(item.href)))
        elif item.refs:
            out.append(Run(",".join(str(n) for n in item.numbers), sup=True))
    return _trim(out)


def _trim(runs: list[Run]) -> tuple[Run, ...]:
    if runs and not runs[0].sup:
        runs[0] = replace(runs[0], text=runs[0].text.lstrip())
    if runs and not runs[-1].sup:
        runs[-1] = replace(runs[-1], text=runs[-1].text.rstrip())
    return tuple(r for r in runs if r.text)


def spans_of(runs: Sequence[Run]) -> tuple[Span, ...]:
    return tuple(Span(r.text, r.bold, r.italic, r.sup) for r in runs)


def prose(inlines: Inlines) -> str:
    """Return the text of `inlines` for speaker notes, citations as [3]."""
    return one_line(plain(inlines, with_numbers=True))


def _sentence_cuts(text: str) -> list[int]:
    cuts = []
    for m in _SENTENCE_END.finditer(text):
        word = re.findall(r"[\w.]+$", text[: m.start()])
        stem = word[0].lower() if word else ""
        if len(stem) == 1 or stem in _ABBREVIATIONS or re.fullmatch(r"(\w\.)+\w", stem):
            continue  # "U.S.", "e.g." and month abbreviations do not end sentences
        cuts.append(m.end())
    return cuts


def cut_inlines(inlines: Inlines, cut: int) -> Inlines:
    """Return `inlines` up to character `cut` of their text; citations at or before the cut stay."""
    out: list[Text | Cite] = []
    pos = 0
    for item in inlines:
        if isinstance(item, Text):
            if pos >= cut:
                break
            take = item.text[: cut - pos]
            out.append(Text(take, item.bold, item.italic, item.href))
            pos += len(item.text)
        else:
            if pos <= cut:
                out.append(item)
            else:
                break
    return tuple(out)


def condense(inlines: Inlines, *, max_chars: int) -> tuple[Inlines, bool]:
    """Return the first sentence(s) of a paragraph (never new words) and whether text was left out.

    A very short first sentence takes the next one too. A first sentence longer than `max_chars`
    is cut at a word boundary and ends with an ellipsis.
    """
    text = "".join(i.text for i in inlines if isinstance(i, Text))
    total = len(text.rstrip())
    cuts = _sentence_cuts(text)
    end = total
    if cuts:
        end = cuts[0]
        for nxt in cuts[1:]:
            if end >= 80 or nxt > max_chars:
                break
            end = nxt
        if end < total and end < 80 and total <= max_chars:
            end = total
    if end > max_chars:
        space = text.rfind(" ", 0, max_chars)
        end = space if space > max_chars // 2 else max_chars
        kept = cut_inlines(inlines, end)
        return kept + (Text(ELLIPSIS),), True
    if end >= total:
        return inlines, False
    return cut_inlines(inlines, end), True


# ---------------------------------------------------------------- fitting text


def _blocks(paras: Sequence[Para], size: float, style: ListStyle, *, space_before: float | None = None) -> list[Block]:
    sb = style.space_before if space_before is None else space_before
    out = []
    for p in paras:
        margin = style.margin / EMU_PER_PT if p.kind in ("bullet", "number") else 0.0
        before = sb + (6 if p.kind == "heading" else 0)
        out.append(Block(spans_of(p.runs), size, margin, before, style.line))
    return out


def _fits(paras: Sequence[Para], size: float, box: Box, style: ListStyle, metrics: Metrics) -> bool:
    return fits(_blocks(paras, size, style), width=box.inner_width, height=box.inner_height, metrics=metrics)


def _sizes(top: float, bottom: float) -> list[float]:
    out, s = [], float(top)
    while s > bottom:
        out.append(s)
        s -= 1
    out.append(float(bottom))
    return out


def truncate_para(para: Para, *, size: float, box: Box, style: ListStyle, metrics: Metrics) -> Para:
    """Return `para` cut at a word boundary, ending in an ellipsis, so it fits `box` alone at `size`."""
    words: list[tuple[int, int]] = []  # (run index, char offset) after each word
    for ri, r in enumerate(para.runs):
        for m in re.finditer(r"\S+", r.text):
            words.append((ri, m.end()))

    def cut(n: int) -> Para:
        if n <= 0:
            return replace(para, runs=(Run(ELLIPSIS),))
        ri, off = words[n - 1]
        runs = list(para.runs[:ri]) + [replace(para.runs[ri], text=para.runs[ri].text[:off])]
        return replace(para, runs=tuple(runs) + (Run(ELLIPSIS),))

    lo, hi = 0, len(words)
    while lo < hi:  # largest word count that fits
        mid = (lo + hi + 1) // 2
        if _fits([cut(mid)], size, box, style, metrics):
            lo = mid
        else:
            hi = mid - 1
    best = cut(lo)
    if lo == 0 or not _fits([best], size, box, style, metrics):
        # One unbreakable token: cut it by characters instead.
        text = para.text
        lo, hi = 0, len(text)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if _fits([replace(para, runs=(Run(text[:mid] + ELLIPSIS),))], size, box, style, metrics):
                lo = mid
            else:
                hi = mid - 1
        best = replace(para, runs=(Run(text[:lo] + ELLIPSIS),))
    return best


@record
class _Item:
    """A paragraph on its way to a slide, with the prose it stands for and the notes it cites."""

    para: Para
    prose: str = ""
    cites: tuple[int, ...] = ()
    full: str = ""  # set when the paragraph had to be shortened to fit


def fit_items(items: Sequence[_Item], *, box: Box, style: ListStyle, top: float, bottom: float,
              metrics: Metrics) -> tuple[list[tuple[list[_Item], float]], int]:
    """Return `items` packed into slides with one size each, and how many were shortened.

    The largest size from `top` down to `bottom` that fits everything on one slide wins; if none
    does, items are packed at `bottom` and split at paragraph boundaries (a heading never ends a
    slide), then every chunk gets the largest size all chunks can share. A paragraph too tall to
    fit a slide alone at `bottom` is shortened, its full text kept for the speaker notes.
    """
    paras = [i.para for i in items]
    for size in _sizes(top, bottom):
        if _fits(paras, size, box, style, metrics):
            return [(list(items), size)], 0
    fixed: list[_Item] = []
    shortened = 0
    for it in items:
        if _fits([it.para], bottom, box, style, metrics):
            fixed.append(it)
        else:
            short = truncate_para(it.para, size=bottom, box=box, style=style, metrics=metrics)
            fixed.append(replace(it, para=short, full=prose_of_para(it.para)))
            shortened += 1
    chunks: list[list[_Item]] = []
    current: list[_Item] = []
    for it in fixed:
        if current and not _fits([c.para for c in current] + [it.para], bottom, box, style, metrics):
            carry: list[_Item] = []
            while current and current[-1].para.kind == "heading" and len(current) > 1:
                carry.insert(0, current.pop())
            chunks.append(current)
            current = carry
        current.append(it)
    if current:
        chunks.append(current)
    shared = bottom
    for size in _sizes(top, bottom):
        if all(_fits([c.para for c in chunk], size, box, style, metrics) for chunk in chunks):
            shared = size
            break
    return [(chunk, shared) for chunk in chunks], shortened


def prose_of_para(para: Para) -> str:
    out = []
    for r in para.runs:
        out.append(f"[{r.text.replace(',', ', ')}]" if r.sup else r.text)
    return "".join(out)


def fit_title(title: str, *, box: Box, size: float, minimum: float, line: float, metrics: Metrics) -> tuple[float, bool]:
    """Return the size at which `title` fits `box` (one line if possible, else wrapped) and whether it fit.

    Steps down from `size` to `minimum` looking for one line, then allows wrapping at the
    largest size that fits the box; below `minimum` only as a last resort (reported).
    """
    spans = (Span(title, bold=True),)
    width, height = box.inner_width, box.inner_height
    for s in _sizes(size, minimum):
        if len(wrap(spans, width=width, size=s, metrics=metrics)) == 1 and metrics.line_height(s, line) <= height:
            return s, True
    for s in _sizes(size, minimum):
        n = len(wrap(spans, width=width, size=s, metrics=metrics))
        if n * metrics.line_height(s, line) <= height:
            return s, True
    for s in _sizes(minimum - 1, 10):
        n = len(wrap(spans, width=width, size=s, metrics=metrics))
        if n * metrics.line_height(s, line) <= height:
            return s, False
    return 10.0, False


# ---------------------------------------------------------------- notes and foot lines


def ranges(numbers: Iterable[int]) -> str:
    """Return "1–3, 5" for 1, 2, 3, 5."""
    nums = sorted(set(numbers))
    out: list[str] = []
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        if j - i >= 2:
            out.append(f"{nums[i]}\u2013{nums[j]}")
        else:
            out.extend(str(n) for n in nums[i: j + 1])
        i = j + 1
    return ", ".join(out)


def foot_line(cites: Iterable[int], *, analysis: bool) -> str:
    nums = ranges(cites)
    parts = []
    if analysis:
        parts.append("Analysis")
    if nums:
        parts.append("Sources: " + nums)
    return "  \u00b7  ".join(parts)


# "[N] note text" lines of the brief being planned, by id(brief) and note number (see plan_deck);
# a brief cites the same notes on many slides, and each line is worked out once per plan.
_EVIDENCE_LINES: dict[int, dict[int, str]] = {}


def evidence(brief: Brief, numbers: Iterable[int]) -> list[str]:
    """Return "[N] note text" lines for the notes `numbers` (unknown numbers are skipped)."""
    memo = _EVIDENCE_LINES.get(id(brief))
    out = []
    for n in sorted(set(numbers)):
        line = memo.get(n) if memo is not None else None
        if line is None:
            try:
                note = brief.note(n)
            except KeyError:
                continue
            line = f"[{n}] " + prose(note.body)
            if memo is not None:
                memo[n] = line
        out.append(line)
    return out


def speaker_notes(parts: Sequence[str], brief: Brief, cites: Iterable[int]) -> str:
    lines = [p for p in parts if p]
    ev = evidence(brief, cites)
    if ev:
        lines.append("Evidence:")
        lines.extend(ev)
    return "\n".join(clean(line) for line in lines)


# ---------------------------------------------------------------- per-section content


def _block_items(section: Section, *, settings: Settings) -> list[tuple[str, Any]]:
    """Return the section as groups: ("text", [_Item]), ("table", Table) or ("timeline", Timeline)."""
    groups: list[tuple[str, Any]] = []
    text: list[_Item] = []

    def flush() -> None:
        nonlocal text
        if text:
            groups.append(("text", text))
            text = []

    override = section.slide is not None and bool(section.slide.bullets)
    if override:
        assert section.slide is not None
        for bullet in section.slide.bullets:
            text.append(_Item(Para(runs_of(bullet)), "", cited_numbers(bullet)))
    for block in section.blocks:
        if isinstance(block, Paragraph):
            if not override:
                short, _ = condense(block.inlines, max_chars=settings.bullet_max_chars)
                runs = runs_of(short)
                if runs:
                    text.append(_Item(Para(runs), prose(block.inlines), cited_numbers(block.inlines)))
        elif isinstance(block, Subheading):
            if not override and one_line(block.text):
                text.append(_Item(Para((Run(one_line(block.text), bold=True),), "heading"), one_line(block.text)))
        elif isinstance(block, BulletList):
            if not override:
                for k, item in enumerate(block.items, start=1):
                    runs = runs_of(item)
                    if runs:
                        kind = "number" if block.ordered else "bullet"
                        mark = f"{k}. " if block.ordered else "\u2022 "
                        text.append(_Item(Para(runs, kind, k), mark + prose(item), cited_numbers(item)))
        elif isinstance(block, Table):
            flush()
            groups.append(("table", block))
        elif isinstance(block, Timeline):
            flush()
            groups.append(("timeline", block))
    flush()
    return groups


def _section_prose(section: Section) -> list[str]:
    out = []
    for block in section.blocks:
        if isinstance(block, Paragraph):
            out.append(prose(block.inlines))
        elif isinstance(block, Subheading):
            out.append(one_line(block.text))
        elif isinstance(block, BulletList):
            out.extend(("\u2022 " if not block.ordered else f"{k}. ") + prose(item)
                       for k, item in enumerate(block.items, start=1))
    return [p for p in out if p]


def _table_text(table: Table) -> list[str]:
    lines = [" | ".join(prose(c) for c in table.header)]
    lines += [" | ".join(prose(c) for c in row) for row in table.rows]
    return lines


CELL_PAD_H = 91440   # table cell margins (EMU), written on every cell by write.py
CELL_PAD_V = 73152


def _cell_height(runs: tuple[Run, ...], width_emu: int, size: float, metrics: Metrics, *, bold: bool = False) -> float:
    spans = tuple(Span(r.text, r.bold or bold, r.italic, r.sup) for r in runs) or (Span(""),)
    inner = (width_emu - 2 * CELL_PAD_H) / EMU_PER_PT
    n = len(wrap(spans, width=inner, size=size, metrics=metrics))
    return n * metrics.line_height(size) + 2 * CELL_PAD_V / EMU_PER_PT


def plan_table(table: Table, *, area: Box, settings: Settings, metrics: Metrics) -> tuple[list[TablePlan], int]:
    """Return the table as one or more table plans (header repeated) that fit `area`, and cells cut."""
    ncols = max([len(table.header)] + [len(r) for r in table.rows] + [1])
    header = tuple(runs_of(c) for c in table.header) + ((),) * (ncols - len(table.header))
    rows = [tuple(runs_of(c) for c in r) + ((),) * (ncols - len(r)) for r in table.rows]
    align = tuple(table.align) + ("left",) * (ncols - len(table.align))
    avail_h = area.height / EMU_PER_PT
    shortened = 0

    def widths(size: float) -> tuple[int, ...]:
        natural = []
        for c in range(ncols):
            w = max([sum(metrics.width(x.text, size=size, bold=True, italic=x.italic) for x in header[c])]
                    + [sum(metrics.width(x.text, size=size, bold=x.bold, italic=x.italic) for x in r[c]) for r in rows])
            natural.append(min(w, 400) + 16)
        total = sum(natural) or 1
        floor = area.width * 0.12
        raw = [max(floor, area.width * n / total) for n in natural]
        scale = area.width / sum(raw)
        out = [int(r * scale) for r in raw]
        out[-1] += area.width - sum(out)
        return tuple(out)

    def heights(size: float, cols: tuple[int, ...], body: Sequence[tuple[tuple[Run, ...], ...]]) -> list[float]:
        hs = [max(_cell_height(header[c], cols[c], size, metrics, bold=True) for c in range(ncols))]
        hs += [max(_cell_height(r[c], cols[c], size, metrics) for c in range(ncols)) for r in body]
        return hs

    chosen = settings.min_table_pt
    for size in _sizes(settings.table_pt, settings.min_table_pt):
        if sum(heights(size, widths(size), rows)) <= avail_h:
            chosen = size
            break
    size = chosen
    cols = widths(size)
    head_h = heights(size, cols, [])[0]
    # Shorten any row that cannot fit under the header alone.
    fixed_rows = []
    for r in rows:
        cells = list(r)
        for c in range(ncols):
            limit = avail_h - head_h
            while _cell_height(cells[c], cols[c], size, metrics) > limit and cells[c]:
                text = "".join(x.text for x in cells[c])
                words = text.split(" ")
                cut = " ".join(words[: max(1, len(words) * 3 // 4)]) if len(words) > 1 else text[: len(text) * 3 // 4]
                cells[c] = (Run(cut.rstrip() + ELLIPSIS),)
                shortened += 1
        fixed_rows.append(tuple(cells))
    plans: list[TablePlan] = []
    current: list[tuple[tuple[Run, ...], ...]] = []
    for r in fixed_rows + [None]:  # type: ignore[list-item]
        if r is not None and sum(heights(size, cols, current + [r])) <= avail_h:
            current.append(r)
            continue
        if current or r is None:
            hs = heights(size, cols, current)
            plans.append(TablePlan(header, tuple(current), align, area.left, area.top, cols,
                                   tuple(int(h * EMU_PER_PT) for h in hs), size))
        current = [r] if r is not None else []
    return plans, shortened


def plan_timeline(timeline: Timeline, *, area: Box, settings: Settings,
                  metrics: Metrics) -> tuple[list[tuple[TimelinePlan, list[TimelineEntry]]], int]:
    """Return the timeline drawn across one or more slides, each with the entries it shows, and labels cut.

    At most `timeline_per_slide` entries go on a slide, spaced evenly (not by date, so close
    dates never collide); labels alternate above and below the line.
    """
    entries = list(timeline.entries)
    per = max(1, int(settings.timeline_per_slide))
    nslides = max(1, -(-len(entries) // per))
    # Spread entries evenly over the slides rather than leaving one straggler on the last.
    chunks = [entries[i * len(entries) // nslides:(i + 1) * len(entries) // nslides] for i in range(nslides)]
    caption_h = int(0.5 * EMU_PER_IN)
    caption_box = Box(area.left, area.top, area.width, caption_h, 45720, 0, 45720, 0)
    caption = one_line(timeline.caption)
    cap_span = (Span(caption, bold=True),)
    while caption and len(wrap(cap_span, width=caption_box.inner_width, size=settings.min_body_pt, metrics=metrics)) > 1:
        caption = caption.rsplit(" ", 1)[0] + ELLIPSIS if " " in caption else caption[:-2] + ELLIPSIS
        cap_span = (Span(caption, bold=True),)
    line_y = area.top + caption_h + (area.height - caption_h) // 2
    gap = int(0.28 * EMU_PER_IN)
    box_h = (area.height - caption_h) // 2 - gap - int(0.05 * EMU_PER_IN)
    plans = []
    shortened = 0
    for chunk in chunks:
        n = max(1, len(chunk))
        slot = area.width // n
        # Labels alternate above and below the line, so a label may use up to two slots.
        box_w = min(int(2 * slot - 0.2 * EMU_PER_IN), int(3.2 * EMU_PER_IN)) if n > 1 else int(4 * EMU_PER_IN)
        items = []
        for i, entry in enumerate(chunk):
            x = area.left + slot * i + slot // 2
            above = i % 2 == 0
            # Centred on its marker, never past the edges of the area.
            w = min(box_w, 2 * (x - area.left), 2 * (area.left + area.width - x))
            top = line_y - gap - box_h if above else line_y + gap
            box = Box(x - w // 2, top, w, box_h, 45720, 0, 45720, 0)
            label, size, cut = _timeline_label(entry, box=box, settings=settings, metrics=metrics)
            shortened += cut
            items.append(TimelineItem(one_line(entry.date.short()), label, x, box, above, size))
        plans.append((TimelinePlan(caption, caption_box, line_y, area.left, area.left + area.width, tuple(items)), chunk))
    return plans, shortened


def timeline_blocks(date: str, label: Sequence[Run], size: float) -> list[Block]:
    """Return the two paragraphs of a timeline entry (date, then label) as measured."""
    return [Block((Span(date, bold=True),), size), Block(spans_of(label), size, 0.0, 2.0)]


def _timeline_label(entry: TimelineEntry, *, box: Box, settings: Settings, metrics: Metrics) -> tuple[tuple[Run, ...], float, int]:
    label = (Run(one_line(entry.label)), Run(str(entry.ref.number), sup=True))
    date = one_line(entry.date.short())
    for size in _sizes(settings.timeline_pt, settings.min_timeline_pt):
        if fits(timeline_blocks(date, label, size), width=box.inner_width, height=box.inner_height, metrics=metrics):
            return label, size, 0
    size = settings.min_timeline_pt
    words = one_line(entry.label).split(" ")
    while words:
        words.pop()
        short = (Run(" ".join(words) + ELLIPSIS), label[1])
        if fits(timeline_blocks(date, short, size), width=box.inner_width, height=box.inner_height, metrics=metrics):
            return short, size, 1
    return (Run(ELLIPSIS), label[1]), size, 1


# ---------------------------------------------------------------- the deck


def plan_deck(brief: Brief, *, settings: Settings, geometry: Geometry, metrics: Metrics) -> DeckPlan:
    """Return the slide plan for `brief`: title slide, section slides, then "Sources" slides."""
    key = id(brief)
    fresh = key not in _EVIDENCE_LINES
    if fresh:
        _EVIDENCE_LINES[key] = {}
    try:
        return _plan_deck(brief, settings=settings, geometry=geometry, metrics=metrics)
    finally:
        if fresh:
            _EVIDENCE_LINES.pop(key, None)


def _plan_deck(brief: Brief, *, settings: Settings, geometry: Geometry, metrics: Metrics) -> DeckPlan:
    g = geometry
    slides: list[SlidePlan] = []
    messages: list[str] = []
    style = g.body_style

    # Title slide.
    meta = "  \u00b7  ".join(one_line(p) for p in (brief.audience, brief.date.long(), brief.author) if one_line(p))
    sub_paras = []
    if one_line(brief.subtitle):
        sub_paras.append(Para((Run(one_line(brief.subtitle)),), "plain"))
    if meta:
        sub_paras.append(Para((Run(meta, muted=True),), "plain"))
    title = one_line(brief.title) or "Untitled brief"
    tsize, ok = fit_title(title, box=g.cover_title, size=settings.cover_title_pt, minimum=settings.min_title_pt,
                          line=g.title_line, metrics=metrics)
    cover_style = ListStyle(0, 0, 6.0, 1.0)
    sub_size = 20.0
    for s in _sizes(20, 12):
        if _fits(sub_paras, s, g.cover_subtitle, cover_style, metrics):
            sub_size = s
            break
    else:
        sub_paras = [truncate_para(p, size=12, box=g.cover_subtitle, style=cover_style, metrics=metrics) for p in sub_paras[:1]]
        sub_size = 12
    slides.append(SlidePlan("title", "Title Slide", title, tsize,
                            body=Frame(tuple(sub_paras), sub_size, 0, 0, 6.0, 1.0),
                            notes=clean(one_line(brief.subtitle))))
    used_titles = {title}

    panel = Box(g.body.left, g.body.top + int(0.1 * EMU_PER_IN), g.body.width, g.body.height - int(0.1 * EMU_PER_IN),
                int(0.55 * EMU_PER_IN), int(0.3 * EMU_PER_IN), int(0.4 * EMU_PER_IN), int(0.3 * EMU_PER_IN))
    takeaway_style = ListStyle(int(0.5 * EMU_PER_IN), -int(0.5 * EMU_PER_IN), 14.0, 1.0)
    visual_area = Box(g.body.left + g.body.inset_left, g.body.top + g.body.inset_top,
                      g.body.width - g.body.inset_left - g.body.inset_right,
                      g.body.height - g.body.inset_top - g.body.inset_bottom)

    for section in brief.sections:
        heading = one_line(section.heading) or "Untitled section"
        groups = _block_items(section, settings=settings)
        section_slides: list[SlidePlan] = []
        all_prose = _section_prose(section)
        override_notes = one_line(section.slide.notes) if section.slide else ""
        override = section.slide is not None and bool(section.slide.bullets)
        first_notes_done = False

        def visual(kind: str, lines: list[str], cites: list[int], **shape: Any) -> SlidePlan:
            """A table or timeline slide; the first slide of a section also carries its prose notes."""
            nonlocal first_notes_done
            parts = ([] if first_notes_done or not override else all_prose) + lines
            if not first_notes_done and override_notes:
                parts.append(override_notes)
            first_notes_done = True
            return SlidePlan(kind, "Title Only", heading, 0, foot=foot_line(cites, analysis=section.analysis),
                             notes=speaker_notes(parts, brief, cites), section=heading, **shape)

        for kind, payload in groups:
            if kind == "text":
                takeaways = section.role == "takeaways"
                if takeaways:
                    items = [replace(it, para=replace(it.para, kind="number", number=k))
                             for k, it in enumerate(payload, start=1)]
                    box, st = panel, takeaway_style
                else:
                    items, box, st = payload, g.body, style
                chunks, cut = fit_items(items, box=box, style=st, top=settings.body_pt,
                                        bottom=settings.min_body_pt, metrics=metrics)
                for chunk, size in chunks:
                    cites = [n for it in chunk for n in it.cites]
                    parts: list[str] = []
                    if override and not first_notes_done:
                        parts += all_prose
                    else:
                        parts += [it.prose for it in chunk if it.prose]
                    if not first_notes_done and override_notes:
                        parts.append(override_notes)
                    parts += [f"Shortened on the slide; full text: {it.full}" for it in chunk if it.full]
                    if override and not first_notes_done:
                        cites += [n for b in section.blocks if isinstance(b, Paragraph) for n in cited_numbers(b.inlines)]
                    first_notes_done = True
                    frame = Frame(tuple(it.para for it in chunk), size, st.margin, st.indent, st.space_before, st.line)
                    if takeaways:
                        # The panel hugs its text (never taller than the body area).
                        used = frame_height(frame_blocks(frame), width=box.inner_width, metrics=metrics)
                        need = int((used + 4) * EMU_PER_PT) + box.inset_top + box.inset_bottom
                        box = replace(box, height=max(min(box.height, need), int(1.5 * EMU_PER_IN)))
                    section_slides.append(SlidePlan(
                        "takeaways" if takeaways else "bullets", "Title Only" if takeaways else "Title and Content",
                        heading, 0, body=frame, panel=box if takeaways else None,
                        foot=foot_line(cites, analysis=section.analysis),
                        notes=speaker_notes(parts, brief, cites), section=heading))
                if cut:
                    messages.append(f"section `{heading}`: {cut} bullet(s) shortened to fit; full text in the speaker notes")
            elif kind == "table":
                tables, cut = plan_table(payload, area=visual_area, settings=settings, metrics=metrics)
                lines = _table_text(payload)
                cites = [n for row in (payload.header,) + payload.rows for c in row for n in cited_numbers(c)]
                for tp in tables:
                    section_slides.append(visual("table", ["Table:"] + lines, cites, table=tp))
                if cut:
                    messages.append(f"section `{heading}`: {cut} table cell(s) shortened to fit; full text in the speaker notes")
            else:
                tls, cut = plan_timeline(payload, area=visual_area, settings=settings, metrics=metrics)
                for tl, shown in tls:
                    lines = [f"{one_line(e.date.short())}: {one_line(e.label)} [{e.ref.number}]" for e in shown]
                    section_slides.append(visual("timeline", [tl.caption + ":"] + lines,
                                                 [e.ref.number for e in shown], timeline=tl))
                if cut:
                    messages.append(f"section `{heading}`: {cut} timeline label(s) shortened to fit; full text in the speaker notes")
        if not section_slides:
            section_slides.append(SlidePlan("divider", "Section Header", heading, 0,
                                            notes=speaker_notes([override_notes], brief, ()), section=heading))
        first_number = len(slides) + 1
        for k, sp in enumerate(section_slides):
            t = heading if k == 0 else f"{heading} (cont.)" if k == 1 else f"{heading} (cont. {k})"
            t = _unique(t, used_titles)
            box = g.divider_title if sp.kind == "divider" else g.title
            top = settings.divider_title_pt if sp.kind == "divider" else settings.title_pt
            size, ok = fit_title(t, box=box, size=top, minimum=settings.min_title_pt, line=g.title_line, metrics=metrics)
            if not ok:
                messages.append(f"slide {len(slides) + 1}: title `{t}` is very long; set at {size:g} pt")
            slides.append(replace(sp, title=t, title_size=size))
        if len(section_slides) > 1:
            messages.append(f"slide {first_number} `{heading}` continued on {len(section_slides)} slides")

    slides.extend(_sources_slides(brief, geometry=g, settings=settings, metrics=metrics,
                                  used_titles=used_titles, first=len(slides) + 1, messages=messages))
    return DeckPlan(tuple(slides), tuple(messages))


def _unique(title: str, used: set[str]) -> str:
    out, k = title, 2
    while out in used:
        out = f"{title} ({k})"
        k += 1
    used.add(out)
    return out


def _sources_slides(brief: Brief, *, geometry: Geometry, settings: Settings, metrics: Metrics,
                    used_titles: set[str], first: int, messages: list[str]) -> list[SlidePlan]:
    """Return "Sources" slides: the Sources list in two columns, each entry with the notes citing it."""
    by_source: dict[str, list[int]] = {}
    for note in brief.notes:
        for ev in note.evidence:
            by_source.setdefault(ev.source_id, []).append(note.number)
    style = ListStyle(0, 0, 8.0, geometry.body_style.line)
    items: list[_Item] = []
    for src in brief.sources:
        runs = list(runs_of(src.entry)) or [Run(one_line(src.title))]
        nums = sorted(set(by_source.get(src.id, [])))
        if nums:
            runs.append(Run("  Notes " + ranges(nums), muted=True))
        items.append(_Item(Para(tuple(runs), "plain"), cites=tuple(nums)))
    if not items:
        items.append(_Item(Para((Run("No sources cited."),), "plain")))
    left, right = geometry.columns
    size = settings.min_body_pt
    # Sources read as a reference list: set at the body minimum and fill left, right, next slide.
    fixed = []
    for it in items:
        if _fits([it.para], size, left, style, metrics):
            fixed.append(it)
        else:
            fixed.append(replace(it, para=truncate_para(it.para, size=size, box=left, style=style, metrics=metrics),
                                 full=prose_of_para(it.para)))
    columns: list[list[_Item]] = [[]]
    for it in fixed:
        if columns[-1] and not _fits([c.para for c in columns[-1]] + [it.para], size, left, style, metrics):
            columns.append([])
        columns[-1].append(it)
    out = []
    for k in range(0, len(columns), 2):
        col_l = columns[k]
        col_r = columns[k + 1] if k + 1 < len(columns) else []
        n = k // 2
        t = _unique("Sources" if n == 0 else "Sources (cont.)" if n == 1 else f"Sources (cont. {n})", used_titles)
        tsize, _ = fit_title(t, box=geometry.title, size=settings.title_pt, minimum=settings.min_title_pt,
                             line=geometry.title_line, metrics=metrics)
        cites = [c for it in col_l + col_r for c in it.cites]
        parts = [f"Shortened on the slide; full text: {it.full}" for it in col_l + col_r if it.full]
        out.append(SlidePlan("sources", "Two Content", t, tsize,
                             body=Frame(tuple(it.para for it in col_l), size, 0, 0, style.space_before, style.line),
                             body2=Frame(tuple(it.para for it in col_r), size, 0, 0, style.space_before, style.line),
                             notes=speaker_notes(parts, brief, cites), section="Sources"))
    if len(out) > 1:
        messages.append(f"slide {first} `Sources` continued on {len(out)} slides")
    return out


def frame_blocks(frame: Frame) -> list[Block]:
    """Return a planned frame's paragraphs as the measurer sees them (used by tests as well)."""
    style = ListStyle(frame.margin, frame.indent, frame.space_before, frame.line)
    return _blocks(frame.paras, frame.size, style)


__all__ = [
    "Box", "DeckPlan", "Frame", "Geometry", "ListStyle", "Para", "Run", "Settings", "SlidePlan",
    "TablePlan", "TimelineItem", "TimelinePlan", "plan_deck", "clean", "condense",
]
