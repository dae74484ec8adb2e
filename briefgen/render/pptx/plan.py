"""Plan a deck from a Brief: which slides, on which layouts, with what text at what size — measured to fit.

Pure: it reads the Brief, the theme's `pptx:` settings, the template's geometry (plain numbers,
read once by `write.py`) and font metrics, and returns frozen data. Nothing here imports
python-pptx; `write.py` turns the plan into a file.

Lengths are EMU (914400 per inch, 12700 per point) for positions and points for type sizes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping, Sequence

from ...i18n import word, word_list
from ...model import (
    Brief,
    BulletList,
    Cite,
    Figure,
    Inlines,
    Paragraph,
    Section,
    Subheading,
    Table,
    Text,
    Timeline,
    TimelineEntry,
    cited_numbers,
    plain,
)
from ..ooxml.text import XML_ILLEGAL, clean, one_line
from .edit import Wording, cite_of, cut_words, edit, lead_in, trim_dangling
from .edit import words as word_count
from .measure import MeasuredParagraph, Metrics, StyledText, fits, frame_height, wrap

if TYPE_CHECKING:
    from .figures import FigurePlan

EMU_PER_PT = 12700
EMU_PER_IN = 914400
ELLIPSIS = "\u2026"

_SPACES = re.compile(r"[ \t\n\r\f\v\x85\u2028\u2029]+")  # not no-break or thin spaces: they are meant
_SAFE_LINK = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)


# ---------------------------------------------------------------- settings and geometry


@lru_cache(maxsize=8)
def _wording(labels: tuple[tuple[str, str], ...]) -> Wording:
    return Wording(word_list(labels, "function_words"), word_list(labels, "pointing_words"))


@dataclass(frozen=True, slots=True)
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
    # Editing rules (not yet declared in theme.py's SETTINGS, so read here with their defaults).
    deck_min_body_pt: float = 20       # the one body size of a deck is never below this
    max_items: int = 6                 # items on a bullet slide
    max_words: int = 50                # visible words on a bullet slide (not title, numbers, foot)
    max_visual_words: int = 80         # visible words on a table or timeline slide
    bullet_words: int = 22             # a longer bullet is edited (lead-in, cited sentence or clause)
    timeline_label_words: int = 14     # a longer timeline label is cut (at a comma when it can be)
    min_continued: int = 2             # items or rows on a continuation slide (unless fewer are left)
    agenda_after: int = 10             # decks with more slides get an agenda after the title slide
    # The brief's language and words (its catalogue), set by plan_deck from the brief.
    language: str = "en"
    labels: tuple[tuple[str, str], ...] = ()  # looked up with i18n.word

    @property
    def wording(self) -> Wording:
        """The words editing for a slide looks for: the catalogue's `function_words` and `pointing_words`."""
        return _wording(self.labels)

    def date(self, date: Any) -> str:
        """Return a PartialDate in the brief's one date style."""
        return str(date.text(self.language))

    def continued(self, title: str, k: int) -> str:
        """Return the title of the `k`-th slide of a run: "Title", "Title (cont.)", "Title (cont. 2)"."""
        if k == 0:
            return title
        if k == 1:
            return f"{title} {word(self.labels, 'continued')}"
        return f"{title} {word(self.labels, 'continued_n', n=str(k))}"

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> "Settings":
        """Return settings from a theme's `pptx:` mapping; unknown keys are ignored."""
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in data.items() if k in known}
        out = cls(**values)
        if out.min_body_pt > out.body_pt or out.min_title_pt > out.title_pt:
            raise ValueError("pptx minimum sizes must not exceed the sizes")
        return out


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class ListStyle:
    """The first list level of a body placeholder: bullet margin, hanging indent (EMU), spacing."""

    margin: int = 320040
    indent: int = -320040
    space_before: float = 10.0  # points
    line: float = 1.0           # line-spacing factor


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Run:
    """A run of slide text; `sup` is a superscript citation, `muted` a quiet aside."""

    text: str
    bold: bool = False
    italic: bool = False
    sup: bool = False
    href: str | None = None
    muted: bool = False


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph: `kind` is "bullet", "number" (with `number`), "heading" or "plain"."""

    runs: tuple[Run, ...]
    kind: str = "bullet"
    number: int = 0

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True, slots=True)
class Frame:
    """Paragraphs for one text frame, all at `size` points; `margin` and `space_before` as measured."""

    paras: tuple[Para, ...]
    size: float
    margin: int = 0          # EMU marL of bullets/numbers (headings and plain use 0)
    indent: int = 0          # EMU hanging indent of bullets/numbers
    space_before: float = 0  # points before every paragraph
    line: float = 1.0


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """One entry: marker at `x` on the line; its text box `box` above or below the line."""

    date: str
    label: tuple[Run, ...]
    x: int
    box: Box
    above: bool
    size: float


@dataclass(frozen=True, slots=True)
class TimelinePlan:
    caption: str
    caption_box: Box
    line_y: int
    line_left: int
    line_right: int
    items: tuple[TimelineItem, ...]


@dataclass(frozen=True, slots=True)
class SlidePlan:
    """One slide. `kind`: title, bullets, takeaways, table, timeline, figure, divider or sources."""

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
    label: str = ""               # "Analysis": shown beside the title, at the body size
    title_box: Box | None = None  # the title's frame when a label narrows it
    label_box: Box | None = None
    label_size: float = 0
    figure: "FigurePlan | None" = None  # kind "figure": the picture, map or chart (figures.py)


@dataclass(frozen=True, slots=True)
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
            numbers = ",".join(str(n) for n in item.numbers)
            # after a digit (the resolver's `apart`): "4,800 [17]", never "4,800¹⁷"
            out.append(Run(f"\u00a0[{numbers}]" if item.apart else numbers, sup=True))
    return _trim(out)


def _trim(runs: list[Run]) -> tuple[Run, ...]:
    if runs and not runs[0].sup:
        runs[0] = replace(runs[0], text=runs[0].text.lstrip())
    if runs and not runs[-1].sup:
        runs[-1] = replace(runs[-1], text=runs[-1].text.rstrip())
    return tuple(r for r in runs if r.text)


def spans_of(runs: Sequence[Run]) -> tuple[StyledText, ...]:
    return tuple(StyledText(r.text, r.bold, r.italic, r.sup) for r in runs)


def prose(inlines: Inlines) -> str:
    """Return the text of `inlines` for speaker notes, citations as [3]."""
    return one_line(plain(inlines, with_numbers=True))


# ---------------------------------------------------------------- fitting text


def _blocks(paras: Sequence[Para], size: float, style: ListStyle, *, space_before: float | None = None) -> list[MeasuredParagraph]:
    sb = style.space_before if space_before is None else space_before
    out = []
    for p in paras:
        margin = style.margin / EMU_PER_PT if p.kind in ("bullet", "number") else 0.0
        before = sb + (6 if p.kind == "heading" else 0)
        out.append(MeasuredParagraph(spans_of(p.runs), size, margin, before, style.line))
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


@dataclass(frozen=True, slots=True)
class _Item:
    """A paragraph on its way to a slide, with the prose it stands for and the notes it cites.

    `cites` are the numbers the slide shows (the foot line lists them); `prose` is the item's full
    text for the speaker notes. An item with `hidden` set shows nothing (an uncited sentence, an
    analysis disclaimer): it only carries its prose to the notes of the slide it falls on.
    """

    para: Para
    prose: str = ""
    cites: tuple[int, ...] = ()
    full: str = ""  # set when the paragraph had to be shortened to fit
    hidden: bool = False
    all_cites: tuple[int, ...] = ()  # every number the full text cites (quoted in the notes)
    strict: "_Item | None" = None    # the item edited to `bullet_words` even where it quotes someone

    @property
    def words(self) -> int:
        return 0 if self.hidden else sum(len(r.text.split()) for r in self.para.runs if not r.sup)

    @property
    def counts(self) -> int:
        """Return 1 when the item counts towards a slide's items (headings and hidden ones do not)."""
        return 0 if self.hidden or self.para.kind == "heading" else 1


def balanced_chunks(n: int, *, ok: Callable[[int, int], bool], weight: Callable[[int, int], int],
                    counts: Sequence[int], minimum: int, monotone: bool = False) -> list[tuple[int, int]]:
    """Return the fewest contiguous chunks [i, j) of n items that are all `ok`, sharing `weight` as
    evenly as possible, every chunk after the first holding at least `minimum` counted items.

    Tries `minimum`, then 1; a single item that is not `ok` alone still gets a chunk of its own.
    With `monotone` (a chunk that is not ok stays not ok with more items, as table rows and
    timeline entries that overflow a slide do), the search keeps to the chunks that can fit and
    starts from the fewest chunks possible: about linear in `n`, where trying every chunk is cubic
    (a 1,000-row table took minutes). Bullets are not monotone (a slide may not end on a heading,
    which the next item mends), so they keep the full search; a section has few of them.
    """
    if n == 0:
        return []
    prefix = [0]
    for c in counts:
        prefix.append(prefix[-1] + c)
    memo: dict[tuple[int, int], bool] = {}

    def good(i: int, j: int, least: int) -> bool:
        if i > 0 and prefix[j] - prefix[i] < least:
            return False
        if (i, j) not in memo:
            memo[(i, j)] = ok(i, j)
        return memo[(i, j)] or j - i == 1

    # The fewest chunks any partition can have: greedy, each chunk as long as `ok` allows.
    fewest, i = (0, 0) if monotone else (1, n)
    while i < n:
        j = i + 1
        while j < n and good(i, j + 1, 0):
            j += 1
        fewest, i = fewest + 1, j
    inf = float("inf")
    for least in (minimum, 1):
        for k in range(fewest, n + 1):
            # best[j] = (max weight, spread, chunks) over partitions of items[:j] into the chunks so far
            none: list[tuple[int, int]] = []
            best: list[tuple[float, float, list[tuple[int, int]]]] = [(0.0, 0.0, none)] + [(inf, inf, none)] * n
            for _ in range(k):
                nxt: list[tuple[float, float, list[tuple[int, int]]]] = [(inf, inf, [])] * (n + 1)
                for i in range(n):
                    if best[i][0] == inf:
                        continue
                    for j in range(i + 1, n + 1):
                        if monotone and j - i > 1 and not good(i, j, 0):
                            break  # no longer chunk from i fits either
                        if not good(i, j, least):
                            continue
                        w = weight(i, j)
                        cost = (max(best[i][0], w), best[i][1] + w * w)
                        if cost < nxt[j][:2]:
                            nxt[j] = (cost[0], cost[1], best[i][2] + [(i, j)])
                best = nxt
            if best[n][0] != inf:
                return best[n][2]
    return [(i, i + 1) for i in range(n)]


def chunk_items(items: Sequence[_Item], *, box: Box, style: ListStyle, size: float, metrics: Metrics,
                max_items: int, max_words: int, minimum: int) -> list[list[_Item]]:
    """Return `items` over as few slides as the rules allow, shared evenly: at most `max_items`
    counted items and `max_words` words a slide, fitting `box` at `size`, no slide ending on a
    heading, and no continuation slide with fewer than `minimum` items unless fewer are left."""
    items = list(items)

    def ok(i: int, j: int) -> bool:
        chunk = items[i:j]
        shown = [c for c in chunk if not c.hidden]
        if sum(c.counts for c in chunk) > max_items or sum(c.words for c in chunk) > max_words:
            return False
        if shown and shown[-1].para.kind in ("heading", "plain") and j < len(items):
            return False
        return not shown or _fits([c.para for c in shown], size, box, style, metrics)

    spans = balanced_chunks(len(items), ok=ok, weight=lambda i, j: sum(c.words for c in items[i:j]),
                            counts=[c.counts for c in items], minimum=minimum)
    return [items[i:j] for i, j in spans]


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
    spans = (StyledText(title, bold=True),)
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


def foot_line(cites: Iterable[int], *, analysis: bool, settings: "Settings") -> str:
    """Return a slide's foot line in the brief's words: "Analysis", then "Sources: 1–3, 5"."""
    nums = ranges(cites)
    parts = []
    if analysis:
        parts.append(word(settings.labels, "analysis"))
    if nums:
        parts.append(word(settings.labels, "slide_sources", notes=nums))
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
        lines.append(word(brief.labels, "slide_evidence"))
        lines.extend(ev)
    return "\n".join(clean(line) for line in lines)


# ---------------------------------------------------------------- per-section content


def section_mode(section: Section) -> str:
    """Return how the section's text is edited for a slide (see `edit.MODES`)."""
    if section.analysis:
        return "analysis"
    if section.role == "questions":
        return "questions"
    if section.role == "glossary":
        return "definition"
    if section.role in ("objectives", "how-we-know"):
        return "teaching"
    return "report"


_DECIDE = re.compile(r"\b(consider|recommend|decid|option|what to do|next step|action|propos)", re.IGNORECASE)


def closing_blocks(section: Section) -> tuple[int, int] | None:
    """Return (subheading index, list index) of an analysis section's recommendations: a bullet
    list of bold lead-ins under a subheading such as "Considerations" or "Recommendations"."""
    if not section.analysis:
        return None
    for k, block in enumerate(section.blocks):
        if isinstance(block, Subheading) and _DECIDE.search(block.text):
            for m in range(k + 1, len(section.blocks)):
                nxt = section.blocks[m]
                if isinstance(nxt, Subheading):
                    break
                if isinstance(nxt, BulletList) and all(lead_in(item) for item in nxt.items):
                    return k, m
    return None


def _item(inlines: Inlines, *, settings: Settings, mode: str, kind: str = "bullet", number: int = 0,
          mark: str = "") -> _Item:
    text = mark + prose(inlines)
    every = cited_numbers(inlines)
    out = []
    for hard in (settings.max_words, settings.bullet_words):
        shown, _ = edit(inlines, max_words=settings.bullet_words, mode=mode, hard_max=hard, wording=settings.wording)
        runs = runs_of(shown)
        if not runs:
            out.append(_Item(Para((Run(""),), kind, number), text, (), hidden=True, all_cites=every))
        else:
            out.append(_Item(Para(runs, kind, number), text, cited_numbers(shown), all_cites=every))
    return out[0] if out[0] == out[1] else replace(out[0], strict=out[1])


def _block_items(section: Section, *, settings: Settings, skip: Iterable[int] = ()) -> list[tuple[str, Any]]:
    """Return the section as groups: ("text", [_Item]), ("table", Table), ("timeline", Timeline) or
    ("figure", Figure).

    Paragraphs and list items are edited for the slide (`edit.edit`); an analysis section's
    uncited disclaimer ("This section is the author's analysis") is not a bullet. A figure
    follows the run of text it stands in (so the text is shared over its slides whole, not left
    as a thin continuation) and keeps its place before a later table or timeline. Blocks at the
    indices `skip` are left to another slide (the closing one). A heading with nothing shown
    under it before the next heading (or the end) is hidden.
    """
    pieces = _section_pieces(section, settings=settings, mode=section_mode(section), skip=set(skip))
    return [(kind, _hide_bare_headings(payload) if kind == "text" else payload) for kind, payload in _grouped(pieces)]


def _section_pieces(section: Section, *, settings: Settings, mode: str, skip: set[int]) -> Iterator[tuple[str, Any]]:
    """Yield the section's slide content in order: ("item", _Item) for a paragraph, subheading or
    list item (only the author's own slide bullets when the section has them), ("table", Table),
    ("timeline", Timeline) and ("figure", Figure); a decorative picture says nothing and has none."""
    override = section.slide is not None and bool(section.slide.bullets)
    if override:
        assert section.slide is not None
        for bullet in section.slide.bullets:
            yield "item", _Item(Para(runs_of(bullet)), "", cited_numbers(bullet))
    for k, block in enumerate(section.blocks):
        if k in skip:
            continue
        if isinstance(block, Paragraph):
            if not override:
                yield "item", _paragraph_item(section, k, settings=settings, mode=mode)
        elif isinstance(block, Subheading):
            if not override and one_line(block.text):
                yield "item", _Item(Para((Run(one_line(block.text), bold=True),), "heading"), one_line(block.text))
        elif isinstance(block, BulletList):
            if not override:
                for n, item in enumerate(block.claims or block.items, start=1):
                    kind = "number" if block.ordered else "bullet"
                    mark = f"{n}. " if block.ordered else "\u2022 "
                    yield "item", _item(item, settings=settings, mode=mode, kind=kind, number=n, mark=mark)
        elif isinstance(block, Table):
            yield "table", block
        elif isinstance(block, Timeline):
            yield "timeline", block
        elif isinstance(block, Figure) and not block.decorative:
            yield "figure", block


def _paragraph_item(section: Section, k: int, *, settings: Settings, mode: str) -> _Item:
    """Return the item of the section's paragraph `k`: the sentence a slide shows, with its own
    claims' markers; hidden when it is the analysis section's disclaimer (the slide's label says
    that), plain when it introduces the list after it ("By the end of this brief you can:")."""
    block = section.blocks[k]
    assert isinstance(block, Paragraph)
    disclaimer = section.analysis and not cited_numbers(block.inlines) and (
        k == 0 or re.search(r"\banalysis\b", plain(block.inlines), re.IGNORECASE))
    it = _item(block.claims or block.inlines, settings=settings, mode=mode)
    nxt = section.blocks[k + 1] if k + 1 < len(section.blocks) else None
    if not it.hidden and isinstance(nxt, BulletList) and it.para.text.rstrip().endswith(":"):
        it = replace(it, para=replace(it.para, kind="plain"))
    return replace(it, hidden=True, cites=()) if disclaimer else it


def _grouped(pieces: Iterable[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """Return the pieces as groups: each run of items one "text" group, the figures met in it
    after it, and each table and timeline a group of its own."""
    groups: list[tuple[str, Any]] = []
    text: list[_Item] = []
    figures: list[Figure] = []
    for kind, payload in pieces:
        if kind == "item":
            text.append(payload)
        elif kind == "figure":
            figures.append(payload)
        else:
            groups += _text_run(text, figures)
            text, figures = [], []
            groups.append((kind, payload))
    return groups + _text_run(text, figures)


def _text_run(text: list[_Item], figures: list[Figure]) -> list[tuple[str, Any]]:
    return ([("text", text)] if text else []) + [("figure", f) for f in figures]


def _hide_bare_headings(items: Sequence[_Item]) -> list[_Item]:
    """Return `items` with each heading that has nothing shown under it before the next heading
    (or the end) hidden."""
    kept = []
    for i, it in enumerate(items):
        if it.para.kind == "heading":
            nxt = next((r for r in items[i + 1:] if not r.hidden), None)
            if nxt is None or nxt.para.kind == "heading":
                kept.append(replace(it, hidden=True))
                continue
        kept.append(it)
    return kept


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
    spans = tuple(StyledText(r.text, r.bold or bold, r.italic, r.sup) for r in runs) or (StyledText(""),)
    inner = (width_emu - 2 * CELL_PAD_H) / EMU_PER_PT
    n = len(wrap(spans, width=inner, size=size, metrics=metrics))
    return n * metrics.line_height(size) + 2 * CELL_PAD_V / EMU_PER_PT


def table_rows(table: Table, *, settings: Settings, mode: str, budget: int | None = None
               ) -> tuple[tuple[tuple[Run, ...], ...], list[tuple[tuple[Run, ...], ...]], list[Inlines], int]:
    """Return a table's header runs, its rows' runs (edited where a row is too long), each row's
    shown text (for its note numbers), and how many cells were edited.

    A row may hold `budget` words, by default half a table slide's (so that two rows always fit
    one slide); a longer row has its longest cells edited like bullets until it is short enough.
    """
    ncols = max([len(table.header)] + [len(r) for r in table.rows] + [1])
    header = tuple(runs_of(c) for c in table.header) + ((),) * (ncols - len(table.header))
    head_words = sum(word_count(c) for c in table.header)
    if budget is None:
        budget = max(8, (settings.max_visual_words - head_words) // max(1, settings.min_continued))
    rows: list[tuple[tuple[Run, ...], ...]] = []
    shown_cells: list[Inlines] = []
    edited = 0
    for r in table.rows:
        original = list(r) + [()] * (ncols - len(r))
        cells = list(original)
        limit = max(word_count(c) for c in cells) if cells else 0
        while sum(word_count(c) for c in cells) > budget and limit > 3:
            limit -= 1
            for c, cell in enumerate(original):
                if word_count(cell) > limit:
                    short, cut = edit(cell, max_words=limit, mode=mode, wording=settings.wording)
                    if cut and short:
                        cells[c] = short
        edited += sum(1 for a, b in zip(cells, original) if a != b)
        rows.append(tuple(runs_of(c) for c in cells))
        shown_cells.append(tuple(x for c in cells for x in c))
    return header, rows, shown_cells, edited


def edited_table(table: Table, *, settings: Settings, mode: str, area: Box, metrics: Metrics
                 ) -> tuple[tuple[tuple[Run, ...], ...], list[tuple[tuple[Run, ...], ...]], list[Inlines], int]:
    """Return `table_rows` at the row budget that needs the fewest slides (the largest of equals):
    rows are edited shorter only where that saves a slide."""
    best = None
    for budget in (None, 24, 16, 12):
        rows = table_rows(table, settings=settings, mode=mode, budget=budget)
        chunks = table_chunks(rows[0], rows[1], area=area, size=settings.min_table_pt, settings=settings,
                              metrics=metrics)
        n = len(chunks) if chunks is not None else len(rows[1]) + 1
        if best is None or n < best[0]:
            best = (n, rows)
    assert best is not None
    return best[1]


def _table_widths(header: Sequence[tuple[Run, ...]], rows: Sequence[tuple[tuple[Run, ...], ...]], *, area: Box,
                  size: float, metrics: Metrics) -> tuple[int, ...]:
    ncols = len(header)
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


def _row_heights(header: tuple[tuple[Run, ...], ...], rows: Sequence[tuple[tuple[Run, ...], ...]],
                 cols: tuple[int, ...], size: float, metrics: Metrics) -> list[float]:
    hs = [max(_cell_height(header[c], cols[c], size, metrics, bold=True) for c in range(len(cols)))]
    hs += [max(_cell_height(r[c], cols[c], size, metrics) for c in range(len(cols))) for r in rows]
    return hs


def table_chunks(header: tuple[tuple[Run, ...], ...], rows: list[tuple[tuple[Run, ...], ...]], *, area: Box,
                 size: float, settings: Settings, metrics: Metrics) -> list[tuple[int, int]] | None:
    """Return the rows shared evenly over table slides at `size` (at most `max_visual_words` words
    a slide with the header, every slide fitting `area`), or None when a row cannot fit alone."""
    cols = _table_widths(header, rows, area=area, size=size, metrics=metrics)
    avail = area.height / EMU_PER_PT
    head_words = sum(len(x.text.split()) for c in header for x in c if not x.sup)
    row_words = [sum(len(x.text.split()) for c in r for x in c if not x.sup) for r in rows]
    heights = _row_heights(header, rows, cols, size, metrics)
    if any(heights[0] + h > avail for h in heights[1:]):
        return None

    def ok(i: int, j: int) -> bool:
        return (head_words + sum(row_words[i:j]) <= settings.max_visual_words
                and heights[0] + sum(heights[1 + i:1 + j]) <= avail)

    return balanced_chunks(len(rows), ok=ok, weight=lambda i, j: sum(row_words[i:j]),
                           counts=[1] * len(rows), minimum=settings.min_continued, monotone=True)


def table_size(header: tuple[tuple[Run, ...], ...], rows: list[tuple[tuple[Run, ...], ...]], *, area: Box,
               settings: Settings, metrics: Metrics) -> float:
    """Return the largest table size at which the table needs no more slides than its words do."""
    at_min = table_chunks(header, rows, area=area, size=settings.min_table_pt, settings=settings, metrics=metrics)
    need = len(at_min) if at_min is not None else len(rows)
    for size in _sizes(settings.table_pt, settings.min_table_pt):
        chunks = table_chunks(header, rows, area=area, size=size, settings=settings, metrics=metrics)
        if chunks is not None and len(chunks) <= need:
            return size
    return settings.min_table_pt


def plan_table(header: tuple[tuple[Run, ...], ...], rows: list[tuple[tuple[Run, ...], ...]], align: Sequence[str], *,
               area: Box, size: float, settings: Settings, metrics: Metrics) -> tuple[list[tuple[TablePlan, range]], int]:
    """Return the table as table plans at `size` (header repeated), each with the rows it shows,
    and how many cells had to be cut to fit under the header."""
    ncols = len(header)
    align = tuple(align) + ("left",) * (ncols - len(align))
    cols = _table_widths(header, rows, area=area, size=size, metrics=metrics)
    avail_h = area.height / EMU_PER_PT
    head_h = _row_heights(header, [], cols, size, metrics)[0]
    shortened = 0
    fixed_rows = []
    for r in rows:
        cells = list(r)
        for c in range(ncols):
            while _cell_height(cells[c], cols[c], size, metrics) > avail_h - head_h and cells[c]:
                short = _shorten_runs(cells[c], settings.wording)
                if short == cells[c]:
                    break  # nothing left to cut (an ellipsis alone): the cell stays as it is
                cells[c] = short
                shortened += 1
        fixed_rows.append(tuple(cells))
    spans = table_chunks(header, fixed_rows, area=area, size=size, settings=settings, metrics=metrics) or \
        [(i, i + 1) for i in range(len(fixed_rows))]
    if not spans:
        spans = [(0, 0)]
    plans = []
    for i, j in spans:
        body = fixed_rows[i:j]
        hs = _row_heights(header, body, cols, size, metrics)
        plans.append((TablePlan(header, tuple(body), align, area.left, area.top, cols,
                                tuple(int(h * EMU_PER_PT) for h in hs), size), range(i, j)))
    return plans, shortened


def _shorten_runs(runs: tuple[Run, ...], wording: Wording) -> tuple[Run, ...]:
    """Return `runs` with about a quarter of their words cut (outside quotations), an ellipsis and
    their citation numbers kept."""
    text = "".join(r.text for r in runs if not r.sup)
    sups = tuple(r for r in runs if r.sup)
    cut = _cut_text(text, max(1, len(text.split()) * 3 // 4), wording)
    if len(cut) >= len(text):  # one word too long for the cell (a 20,000-letter "term"): cut its letters
        body = text.rstrip(ELLIPSIS)
        cut = body[:len(body) * 3 // 4] + ELLIPSIS if len(body) > 1 else ELLIPSIS
    return (Run(cut),) + sups


def _cut_text(text: str, n_words: int, wording: Wording) -> str:
    """Return the first `n_words` words of `text`, cut outside quotation marks (not after a word of
    `wording`'s function words), and an ellipsis."""
    from ...text.sentences import quote_depths

    depths = quote_depths(text)
    ends = [m.end() for m in re.finditer(r"\S+", text)][:max(0, n_words)]
    keep = trim_dangling(text, [e for e in ends if depths[e] == 0], wording)
    if keep:
        return text[:keep[-1]].rstrip(" ,;:") + ELLIPSIS
    return ELLIPSIS if text.split() else text


def timeline_chunks(timeline: Timeline, *, settings: Settings) -> list[list[TimelineEntry]]:
    """Return the entries shared evenly over slides: at most `timeline_per_slide` and
    `max_visual_words` words (dates and labels) a slide."""
    entries = list(timeline.entries)
    per = max(1, int(settings.timeline_per_slide))
    cap_words = len(one_line(timeline.caption).split())
    wds = [len(one_line(settings.date(e.date)).split()) + len(timeline_text(e, settings=settings).split()) for e in entries]

    def ok(i: int, j: int) -> bool:
        return j - i <= per and cap_words + sum(wds[i:j]) <= settings.max_visual_words

    spans = balanced_chunks(len(entries), ok=ok, weight=lambda i, j: sum(wds[i:j]), counts=[1] * len(entries),
                            minimum=settings.min_continued, monotone=True)
    return [entries[i:j] for i, j in spans] or [[]]


def _timeline_boxes(n: int, *, area: Box) -> tuple[Box, list[tuple[int, Box, bool]], int]:
    caption_h = int(0.5 * EMU_PER_IN)
    caption_box = Box(area.left, area.top, area.width, caption_h, 45720, 0, 45720, 0)
    line_y = area.top + caption_h + (area.height - caption_h) // 2
    gap = int(0.28 * EMU_PER_IN)
    box_h = (area.height - caption_h) // 2 - gap - int(0.05 * EMU_PER_IN)
    n = max(1, n)
    slot = area.width // n
    # Labels alternate above and below the line, so a label may use up to two slots.
    box_w = min(int(2 * slot - 0.2 * EMU_PER_IN), int(3.2 * EMU_PER_IN)) if n > 1 else int(4 * EMU_PER_IN)
    out = []
    for i in range(n):
        x = area.left + slot * i + slot // 2
        above = i % 2 == 0
        w = min(box_w, 2 * (x - area.left), 2 * (area.left + area.width - x))
        top = line_y - gap - box_h if above else line_y + gap
        out.append((x, Box(x - w // 2, top, w, box_h, 45720, 0, 45720, 0), above))
    return caption_box, out, line_y


def timeline_size(chunks: Sequence[Sequence[TimelineEntry]], *, area: Box, settings: Settings, metrics: Metrics) -> float:
    """Return the largest size at which every label of every chunk fits its box whole."""
    for size in _sizes(settings.timeline_pt, settings.min_timeline_pt):
        good = True
        for chunk in chunks:
            _, boxes, _ = _timeline_boxes(len(chunk), area=area)
            for entry, (_, box, _) in zip(chunk, boxes):
                label = (Run(timeline_text(entry, settings=settings)), Run(str(entry.ref.number), sup=True))
                if not fits(timeline_blocks(one_line(settings.date(entry.date)), label, size),
                            width=box.inner_width, height=box.inner_height, metrics=metrics):
                    good = False
                    break
            if not good:
                break
        if good:
            return size
    return settings.min_timeline_pt


def plan_timeline(timeline: Timeline, chunks: Sequence[Sequence[TimelineEntry]], *, area: Box, size: float,
                  settings: Settings, metrics: Metrics) -> tuple[list[tuple[TimelinePlan, list[TimelineEntry]]], int]:
    """Return the timeline drawn across one slide per chunk at `size`, and how many labels were cut.

    Entries are spaced evenly (not by date, so close dates never collide); labels alternate
    above and below the line. The caption is set at the entries' size.
    """
    caption = one_line(timeline.caption)
    plans = []
    shortened = 0
    for chunk in chunks:
        caption_box, boxes, line_y = _timeline_boxes(len(chunk), area=area)
        cap = caption
        while cap and len(wrap((StyledText(cap, bold=True),), width=caption_box.inner_width, size=size, metrics=metrics)) > 1:
            cap = _cut_text(cap, len(cap.split()) - 1, settings.wording) if " " in cap else cap[:-2] + ELLIPSIS
        items = []
        for entry, (x, box, above) in zip(chunk, boxes):
            label, cut = _timeline_label(entry, box=box, size=size, metrics=metrics, settings=settings)
            shortened += cut
            items.append(TimelineItem(one_line(settings.date(entry.date)), label, x, box, above, size))
        plans.append((TimelinePlan(cap, caption_box, line_y, area.left, area.left + area.width, tuple(items)),
                      list(chunk)))
    return plans, shortened


def timeline_blocks(date: str, label: Sequence[Run], size: float) -> list[MeasuredParagraph]:
    """Return the two paragraphs of a timeline entry (date, then label) as measured."""
    return [MeasuredParagraph((StyledText(date, bold=True),), size), MeasuredParagraph(spans_of(label), size, 0.0, 2.0)]


def timeline_text(entry: TimelineEntry, *, settings: Settings) -> str:
    """Return the label a timeline shows: the fact's claim, cut after `timeline_label_words` words."""
    text = one_line(entry.label)
    if len(text.split()) <= settings.timeline_label_words:
        return text
    return one_line(plain(cut_words((Text(text),), settings.timeline_label_words, wording=settings.wording)))


def _timeline_label(entry: TimelineEntry, *, box: Box, size: float, metrics: Metrics,
                    settings: Settings) -> tuple[tuple[Run, ...], int]:
    text = timeline_text(entry, settings=settings)
    label = (Run(text), Run(str(entry.ref.number), sup=True))
    date = one_line(settings.date(entry.date))
    if fits(timeline_blocks(date, label, size), width=box.inner_width, height=box.inner_height, metrics=metrics):
        return label, 0
    n = len(text.split())
    while n > 0:
        n -= 1
        short = (Run(_cut_text(text, n, settings.wording) if n else ELLIPSIS), label[1])
        if fits(timeline_blocks(date, short, size), width=box.inner_width, height=box.inner_height, metrics=metrics):
            return short, 1
    return (Run(ELLIPSIS), label[1]), 1


# ---------------------------------------------------------------- the deck


def plan_deck(brief: Brief, *, settings: Settings, geometry: Geometry, metrics: Metrics) -> DeckPlan:
    """Return the slide plan for `brief`: title slide, an agenda for a long deck, section slides
    (a policymakers' deck closing on "What to decide"), then "Sources" slides."""
    settings = replace(settings, language=brief.language, labels=brief.labels)
    key = id(brief)
    fresh = key not in _EVIDENCE_LINES
    if fresh:
        _EVIDENCE_LINES[key] = {}
    try:
        return _plan_deck(brief, settings=settings, geometry=geometry, metrics=metrics)
    finally:
        if fresh:
            _EVIDENCE_LINES.pop(key, None)


def _cover(brief: Brief, *, settings: Settings, geometry: Geometry, metrics: Metrics) -> SlidePlan:
    g = geometry
    meta = "  \u00b7  ".join(one_line(p) for p in (brief.audience_name, brief.date_text(brief.date), brief.author) if one_line(p))
    sub_paras = []
    if one_line(brief.subtitle):
        sub_paras.append(Para((Run(one_line(brief.subtitle)),), "plain"))
    if meta:
        sub_paras.append(Para((Run(meta, muted=True),), "plain"))
    title = one_line(brief.title) or word(brief.labels, "untitled_brief")
    tsize, _ = fit_title(title, box=g.cover_title, size=settings.cover_title_pt, minimum=settings.min_title_pt,
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
    return SlidePlan("title", "Title Slide", title, tsize, body=Frame(tuple(sub_paras), sub_size, 0, 0, 6.0, 1.0),
                     notes=clean(one_line(brief.subtitle)))


def deck_sections(brief: Brief) -> list[Section]:
    """Return the sections the deck shows, in the audience's arc: the evidence appendix stays in
    the documents, and a students deck ends on its discussion questions."""
    sections = [s for s in brief.sections if s.role != "appendix"]
    if brief.audience == "students":
        sections = [s for s in sections if s.role != "questions"] + [s for s in sections if s.role == "questions"]
    return sections


@dataclass(frozen=True, slots=True)
class _Group:
    """A run of slide content from one section: text items, a table or a timeline."""

    kind: str
    items: tuple[_Item, ...] = ()
    table: Table | None = None
    timeline: Timeline | None = None
    figure: Figure | None = None


@dataclass(frozen=True, slots=True)
class _Areas:
    """Where a deck's content goes: the body frame and its list style, the takeaways panel and
    its numbered style, and the area tables, timelines and figures fill (the body's inner box)."""

    body: Box
    body_style: ListStyle
    panel: Box
    panel_style: ListStyle
    visual: Box

    def text(self, takeaways: bool) -> tuple[Box, ListStyle]:
        """Return the box and list style of a text group's slides."""
        return (self.panel, self.panel_style) if takeaways else (self.body, self.body_style)


def _areas(geometry: Geometry) -> _Areas:
    body = geometry.body
    panel = Box(body.left, body.top + int(0.1 * EMU_PER_IN), body.width, body.height - int(0.1 * EMU_PER_IN),
                int(0.55 * EMU_PER_IN), int(0.3 * EMU_PER_IN), int(0.4 * EMU_PER_IN), int(0.3 * EMU_PER_IN))
    panel_style = ListStyle(int(0.5 * EMU_PER_IN), -int(0.5 * EMU_PER_IN), 14.0, 1.0)
    visual = Box(body.left + body.inset_left, body.top + body.inset_top,
                 body.width - body.inset_left - body.inset_right,
                 body.height - body.inset_top - body.inset_bottom)
    return _Areas(body, geometry.body_style, panel, panel_style, visual)


@dataclass(frozen=True, slots=True)
class _Deck:
    """What every slide of a deck is planned with: the brief, the rules, the template's areas,
    the font metrics, and the deck's one body, table and timeline size."""

    brief: Brief
    settings: Settings
    geometry: Geometry
    metrics: Metrics
    areas: _Areas
    body_size: float
    table_size: float
    timeline_size: float


# A section's groups, each with its slides' share of it (text items or timeline entries).
_SectionGroups = list[tuple[_Group, list[Any]]]


def _plan_deck(brief: Brief, *, settings: Settings, geometry: Geometry, metrics: Metrics) -> DeckPlan:
    """Plan the deck in three steps: each section's content grouped, edited and shared over
    slides at the smallest body size; the deck's one body, table and timeline size; then the
    slides at those sizes, titled, with the Sources and, for a long deck, an agenda."""
    areas = _areas(geometry)
    floor = max(settings.min_body_pt, settings.deck_min_body_pt)
    cover = _cover(brief, settings=settings, geometry=geometry, metrics=metrics)
    used_titles = {_title_key(cover.title)}
    sections = deck_sections(brief)
    closing = _closing_list(brief, sections)

    # 1. Each section's groups, its text edited and shared over slides at the smallest body size.
    plans = [(section, _section_groups(section, skip=closing[1:] if closing and closing[0] == si else (),
                                       areas=areas, size=floor, settings=settings, metrics=metrics))
             for si, section in enumerate(sections)]
    closing_items = _closing_items(sections[closing[0]], closing[2]) if closing else []
    closing_chunks = chunk_items(closing_items, box=areas.body, style=areas.body_style, size=floor,
                                 metrics=metrics, max_items=settings.max_items, max_words=settings.max_words,
                                 minimum=settings.min_continued) if closing else []

    # 2. One body size for the deck, one table size, one timeline size.
    text_chunks = [(c, *areas.text(group.kind == "takeaways")) for _, groups in plans
                   for group, chunks in groups if group.kind in ("bullets", "takeaways") for c in chunks]
    text_chunks += [(c, areas.body, areas.body_style) for c in closing_chunks]
    body_size = _body_size(text_chunks, top=max(settings.body_pt, floor), floor=floor, metrics=metrics)
    tables, tsize = _edited_tables(plans, area=areas.visual, settings=settings, metrics=metrics)
    all_tl = [c for _, groups in plans for group, chunks in groups if group.kind == "timeline" for c in chunks]
    tlsize = timeline_size(all_tl, area=areas.visual, settings=settings, metrics=metrics) if all_tl \
        else settings.timeline_pt
    deck = _Deck(brief, settings, geometry, metrics, areas, body_size, tsize, tlsize)

    # 3. The slides, titled in order; then the Sources, and the agenda of a long deck.
    messages: list[str] = []
    slides = _titled_slides(plans, closing_chunks, deck=deck, tables=tables, used=used_titles, messages=messages)
    sources = _sources_slides(brief, geometry=geometry, settings=settings, metrics=metrics, size=body_size,
                              used_titles=used_titles, first=len(slides) + 2, messages=messages)
    agenda: list[SlidePlan] = []
    if 1 + len(slides) + len(sources) + 1 > settings.agenda_after:
        agenda = _agenda(slides, settings=settings, geometry=geometry, metrics=metrics, size=body_size,
                         used=used_titles)
    if agenda:
        messages = [_shift_message(m, len(agenda)) for m in messages]
    return DeckPlan(tuple([cover] + agenda + slides + sources), tuple(messages))


def _titled_slides(plans: Sequence[tuple[Section, _SectionGroups]], closing_chunks: Sequence[Sequence[_Item]], *,
                   deck: _Deck, tables: Mapping[int, tuple[Any, ...]], used: set[str],
                   messages: list[str]) -> list[SlidePlan]:
    """Return the sections' slides, each run titled "Heading", "Heading (cont.)"..., then the
    closing "What to decide" slides; titles are made unique against `used`."""
    settings, geometry, metrics = deck.settings, deck.geometry, deck.metrics
    slides: list[SlidePlan] = []
    for section, groups in plans:
        heading = one_line(section.heading) or word(deck.brief.labels, "untitled_section")
        section_slides = _section_slides(section, groups, heading=heading, deck=deck, tables=tables,
                                         messages=messages)
        _title_slides(section_slides, heading, slides=slides, used=used, settings=settings,
                      geometry=geometry, metrics=metrics, messages=messages, label_size=deck.body_size)
    if closing_chunks:
        heading = word(settings.labels, "what_to_decide")
        _title_slides(_closing_slides(closing_chunks, heading=heading, deck=deck), heading, slides=slides,
                      used=used, settings=settings, geometry=geometry, metrics=metrics, messages=messages,
                      label_size=deck.body_size)
    return slides


def _closing_list(brief: Brief, sections: Sequence[Section]) -> tuple[int, int, int] | None:
    """Return (section, subheading, list) indices of the recommendations a policymakers' deck
    ends on, "What to decide": those of the last analysis section that has them (a list of bold
    lead-ins under "Considerations", "Recommendations"...); None for other audiences."""
    if brief.audience != "policymakers":
        return None
    for si in range(len(sections) - 1, -1, -1):
        found = closing_blocks(sections[si])
        if found:
            return (si, *found)
    return None


def _closing_items(section: Section, index: int) -> list[_Item]:
    """Return the closing slides' items: each recommendation's bold lead-in and its citations."""
    block = section.blocks[index]
    assert isinstance(block, BulletList)
    items = []
    for item in block.items:
        shown = lead_in(item) + cite_of(sorted(cited_numbers(item)))
        items.append(_Item(Para(runs_of(shown)), "\u2022 " + prose(item), cited_numbers(item),
                           all_cites=cited_numbers(item)))
    return items


def _section_groups(section: Section, *, skip: Iterable[int], areas: _Areas, size: float,
                    settings: Settings, metrics: Metrics) -> _SectionGroups:
    """Return the section's groups, each text group edited and shared over slides at `size`.

    The same section is also edited tighter: a group whose bullets, shortened further, need
    fewer slides is shown that way (editing before splitting). An author's own slide bullets
    are neither edited nor limited.
    """
    override = section.slide is not None and bool(section.slide.bullets)
    limits = (10 ** 6, 10 ** 6) if override else (settings.max_items, settings.max_words)
    caps = sorted({settings.bullet_words, *(c for c in (16, 12) if c < settings.bullet_words)}, reverse=True)
    variants = [_block_items(section, settings=replace(settings, bullet_words=c), skip=skip) for c in caps]
    groups: _SectionGroups = []
    for gi, (kind, payload) in enumerate(variants[0]):
        if kind == "text":
            if all(it.hidden for it in payload):
                groups.append((_Group("hidden", tuple(payload)), []))
                continue
            takeaways = section.role == "takeaways"
            box, style = areas.text(takeaways)
            # Fewest slides first, then quotations kept whole, then the longest bullets. Takeaways
            # are not edited tighter to save a slide: each is the brief's point in one sentence,
            # and cut to 12 words it loses it ("Ses voisins, le Mali et le Burkina Faso…").
            best: tuple[tuple[int, int], list[_Item], list[list[_Item]]] | None = None
            for variant in (variants if not (override or takeaways) else variants[:1]):
                items, item_chunks, cut_quotes = _share(variant[gi][1], takeaways=takeaways, box=box, style=style,
                                                        size=size, metrics=metrics, limits=limits, settings=settings)
                rank = (len(item_chunks), int(cut_quotes))
                if best is None or rank < best[0]:
                    best = (rank, items, item_chunks)
            assert best is not None
            _, items, item_chunks = best
            groups.append((_Group("takeaways" if takeaways else "bullets", tuple(items)), item_chunks))
        elif kind == "table":
            groups.append((_Group("table", table=payload), []))
        elif kind == "figure":
            groups.append((_Group("figure", figure=payload), []))
        else:
            groups.append((_Group("timeline", timeline=payload), timeline_chunks(payload, settings=settings)))
    return groups


def _body_size(text_chunks: Sequence[tuple[list[_Item], Box, ListStyle]], *, top: float, floor: float,
               metrics: Metrics) -> float:
    """Return the deck's one body size: the largest from `top` down at which every text slide fits."""
    for size in _sizes(top, floor):
        if all(_fits([c.para for c in chunk if not c.hidden], size, box, style, metrics)
               for chunk, box, style in text_chunks):
            return size
    return floor


def _edited_tables(plans: Sequence[tuple[Section, _SectionGroups]], *, area: Box, settings: Settings,
                   metrics: Metrics) -> tuple[dict[int, tuple[Any, ...]], float]:
    """Return every table edited for its slides (by id of its group) and the deck's one table size."""
    tables: dict[int, tuple[Any, ...]] = {}
    size = settings.table_pt
    for section, groups in plans:
        mode = section_mode(section)
        for group, _ in groups:
            if group.kind == "table" and group.table is not None:
                header, rows, cells, edited = edited_table(group.table, settings=settings, mode=mode,
                                                           area=area, metrics=metrics)
                tables[id(group)] = (header, rows, cells, edited)
                size = min(size, table_size(header, rows, area=area, settings=settings, metrics=metrics))
    return tables, size


class _SectionNotes:
    """The speaker notes of one section's slides, made in slide order.

    The author's notes open the first slide's; prose the slides do not show (hidden items, or a
    whole section an author's slide stands in for) joins the next slide's notes, or the last
    one's when it trails; each note's evidence is quoted once in the section.
    """

    __slots__ = ("brief", "author", "quoted", "pending", "pending_cites", "started")

    def __init__(self, brief: Brief, section: Section) -> None:
        self.brief = brief
        self.author = one_line(section.slide.notes) if section.slide else ""
        self.quoted: set[int] = set()
        self.pending: list[str] = []       # prose of hidden text not yet placed on a slide
        self.pending_cites: list[int] = []
        self.started = False               # whether a slide has taken its notes
        if section.slide is not None and bool(section.slide.bullets):
            self.pending = _section_prose(section)
            self.pending_cites = [n for b in section.blocks for n in _block_cites(b)]

    def next(self, lines: list[str], visible: Sequence[int], cited: Sequence[int]) -> str:
        """Return the notes of the section's next slide: `lines`, then the evidence of the notes
        it shows (`visible`) and of those it stands for (`cited`) not quoted before."""
        parts = ([self.author] if not self.started and self.author else []) + self.pending + lines
        numbers = list(dict.fromkeys(list(visible) + [n for n in list(self.pending_cites) + list(cited)
                                                      if n not in self.quoted]))
        self.quoted.update(numbers)
        self.pending, self.pending_cites = [], []
        self.started = True
        return speaker_notes(parts, self.brief, numbers)

    def hold(self, items: Sequence[_Item]) -> None:
        """Keep the prose and citations of items no slide shows for the next slide's notes."""
        self.pending += [it.prose for it in items if it.prose]
        self.pending_cites += [n for it in items for n in it.all_cites]

    def trail(self, notes: str) -> str:
        """Return the last slide's `notes` with the prose held since, and its evidence, joined on."""
        extra = "\n".join(clean(x) for x in self.pending)
        ev = evidence(self.brief, [n for n in self.pending_cites if n not in self.quoted])
        self.quoted.update(self.pending_cites)
        self.pending, self.pending_cites = [], []
        return "\n".join(x for x in (extra, notes, *ev) if x)


def _section_slides(section: Section, groups: _SectionGroups, *, heading: str, deck: _Deck,
                    tables: Mapping[int, tuple[Any, ...]], messages: list[str]) -> list[SlidePlan]:
    """Return one section's slides, not yet titled: each group's slides in order, a divider first
    when only figures show (they are titled by their captions) or when nothing shows, and the
    "Analysis" label on an analysis section's slides. What was shortened goes to `messages`."""
    notes = _SectionNotes(deck.brief, section)
    slides: list[SlidePlan] = []
    if any(g.kind == "figure" for g, _ in groups) and all(g.kind in ("figure", "hidden") for g, _ in groups):
        slides.append(SlidePlan("divider", "Section Header", heading, 0, notes=notes.next([], (), ()),
                                section=heading))
    for group, chunks in groups:
        if group.kind == "hidden":
            notes.hold(group.items)
            if slides:  # a trailing uncited paragraph joins the notes of the last slide
                slides[-1] = replace(slides[-1], notes=notes.trail(slides[-1].notes))
        elif group.kind in ("bullets", "takeaways"):
            slides += _text_slides(group, chunks, section=section, heading=heading, deck=deck, notes=notes,
                                   messages=messages)
        elif group.kind == "table" and group.table is not None:
            slides += _table_slides(group.table, tables[id(group)], section=section, heading=heading, deck=deck,
                                    notes=notes, messages=messages)
        elif group.kind == "timeline" and group.timeline is not None:
            slides += _timeline_slides(group.timeline, chunks, section=section, heading=heading, deck=deck,
                                       notes=notes, messages=messages)
        elif group.kind == "figure" and group.figure is not None:
            slides.append(_figure_slide(group.figure, section=section, heading=heading, deck=deck, notes=notes))
    if not slides:
        slides.append(SlidePlan("divider", "Section Header", heading, 0, notes=notes.next([], (), ()),
                                section=heading))
    if section.analysis:
        # The label takes the size of the slide's own text, so a slide keeps to three sizes.
        sizes = {"table": deck.table_size, "timeline": deck.timeline_size}
        slides = [replace(sp, label=word(deck.settings.labels, "analysis"),
                          label_size=sp.figure.text_size if sp.figure else sizes.get(sp.kind, deck.body_size))
                  if sp.kind != "divider" else sp for sp in slides]
    return slides


def _text_slides(group: _Group, chunks: Sequence[Sequence[_Item]], *, section: Section, heading: str, deck: _Deck,
                 notes: _SectionNotes, messages: list[str]) -> list[SlidePlan]:
    """Return a bullets or takeaways group's slides, one a chunk; a takeaways panel is as tall as
    its text needs (at least 1.5 in)."""
    settings, metrics = deck.settings, deck.metrics
    override = section.slide is not None and bool(section.slide.bullets)
    takeaways = group.kind == "takeaways"
    box, style = deck.areas.text(takeaways)
    slides = []
    for slide_items in chunks:
        on_slide = [item for item in slide_items if not item.hidden]
        visible = [n for item in on_slide for n in item.cites]
        lines = [] if override else [item.prose for item in slide_items if item.prose]
        lines += [_shortened(settings, item.full) for item in slide_items if item.full and override]
        cited = [n for item in slide_items for n in item.all_cites]
        frame = Frame(tuple(item.para for item in on_slide), deck.body_size, style.margin, style.indent,
                      style.space_before, style.line)
        panel_box = None
        if takeaways:
            used = frame_height(frame_blocks(frame), width=box.inner_width, metrics=metrics)
            need = int((used + 4) * EMU_PER_PT) + box.inset_top + box.inset_bottom
            panel_box = replace(box, height=max(min(box.height, need), int(1.5 * EMU_PER_IN)))
        slides.append(SlidePlan(
            group.kind, "Title Only" if takeaways else "Title and Content", heading, 0, body=frame,
            panel=panel_box, foot=foot_line(visible, analysis=section.analysis, settings=settings),
            notes=notes.next(lines, visible, cited), section=heading))
    cut = sum(1 for it in group.items if it.full)
    if cut:
        messages.append(f"section `{heading}`: {cut} bullet(s) shortened to fit; full text in the speaker notes")
    return slides


def _table_slides(table: Table, prepared: tuple[Any, ...], *, section: Section, heading: str, deck: _Deck,
                  notes: _SectionNotes, messages: list[str]) -> list[SlidePlan]:
    """Return a table's slides (`prepared` by `_edited_tables`), its rows shared over them at the
    deck's table size; the notes read the rows in full."""
    settings = deck.settings
    header, rows, cells, edited = prepared
    tps, cut = plan_table(header, rows, table.align, area=deck.areas.visual, size=deck.table_size,
                          settings=settings, metrics=deck.metrics)
    text_rows = _table_text(table)
    slides = []
    for k, (tp, shown_rows) in enumerate(tps):
        visible = [n for r in shown_rows for n in cited_numbers(cells[r])]
        visible = [n for n in cited_numbers(tuple(x for c in table.header for x in c))] + visible
        lines = ([word(settings.labels, "slide_table"), text_rows[0]] if k == 0 else []) + \
            [text_rows[1 + r] for r in shown_rows]
        cited = [n for r in shown_rows for c in table.rows[r] for n in cited_numbers(c)]
        slides.append(SlidePlan("table", "Title Only", heading, 0, table=tp,
                                foot=foot_line(visible, analysis=section.analysis, settings=settings),
                                notes=notes.next(lines, visible, cited), section=heading))
    if cut or edited:
        messages.append(f"section `{heading}`: {cut + edited} table cell(s) shortened to fit; "
                        "full text in the speaker notes")
    return slides


def _timeline_slides(timeline: Timeline, chunks: Sequence[Sequence[TimelineEntry]], *, section: Section,
                     heading: str, deck: _Deck, notes: _SectionNotes, messages: list[str]) -> list[SlidePlan]:
    """Return a timeline's slides, one a chunk of entries at the deck's timeline size; the notes
    read each entry in full."""
    settings = deck.settings
    tls, cut = plan_timeline(timeline, chunks, area=deck.areas.visual, size=deck.timeline_size, settings=settings,
                             metrics=deck.metrics)
    slides = []
    for k, (tl, shown_entries) in enumerate(tls):
        lines = ([one_line(timeline.caption) + ":"] if k == 0 else []) + [
            f"{one_line(settings.date(e.date))}: {one_line(e.label)} [{e.ref.number}]" for e in shown_entries]
        visible = [e.ref.number for e in shown_entries]
        slides.append(SlidePlan("timeline", "Title Only", heading, 0, timeline=tl,
                                foot=foot_line(visible, analysis=section.analysis, settings=settings),
                                notes=notes.next(lines, visible, ()), section=heading))
    if cut:
        messages.append(f"section `{heading}`: {cut} timeline label(s) shortened to fit; "
                        "full text in the speaker notes")
    return slides


def _figure_slide(figure: Figure, *, section: Section, heading: str, deck: _Deck,
                  notes: _SectionNotes) -> SlidePlan:
    """Return a figure's slide, titled by its caption (see `figures.figure_slide`)."""
    from .figures import figure_slide

    fp, title, numbers, lines = figure_slide(figure, brief=deck.brief, area=deck.areas.visual,
                                             settings=deck.settings, metrics=deck.metrics)
    return SlidePlan("figure", "Title Only", title, 0, figure=fp, foot=foot_line(numbers, analysis=section.analysis, settings=deck.settings),
                     notes=notes.next(lines, numbers, ()), section=heading)


def _closing_slides(chunks: Sequence[Sequence[_Item]], *, heading: str, deck: _Deck) -> list[SlidePlan]:
    """Return the "What to decide" slides, one a chunk of recommendations, labelled "Analysis"."""
    settings, style = deck.settings, deck.areas.body_style
    slides = []
    for chunk in chunks:
        visible = [n for it in chunk for n in it.cites]
        frame = Frame(tuple(it.para for it in chunk), deck.body_size, style.margin, style.indent, style.space_before,
                      style.line)
        slides.append(SlidePlan("bullets", "Title and Content", heading, 0, body=frame,
                                foot=foot_line(visible, analysis=True, settings=settings),
                                notes=speaker_notes([it.prose for it in chunk], deck.brief, visible),
                                section=heading, label=word(settings.labels, "analysis")))
    return slides


def _shift_message(message: str, shift: int) -> str:
    return re.sub(r"^slide (\d+)", lambda m: f"slide {int(m.group(1)) + shift}", message)


def _block_cites(block: Any) -> tuple[int, ...]:
    if isinstance(block, Paragraph):
        return cited_numbers(block.inlines)
    if isinstance(block, BulletList):
        return tuple(n for item in block.items for n in cited_numbers(item))
    return ()


def _numbered(items: Sequence[_Item]) -> list[_Item]:
    """Return takeaway items numbered 1, 2, 3 ... in the order shown (headings and hidden ones skipped)."""
    out, k = [], 0
    for it in items:
        if it.hidden or it.para.kind == "heading":
            out.append(it)
            continue
        k += 1
        out.append(replace(it, para=replace(it.para, kind="number", number=k),
                           strict=replace(it.strict, para=replace(it.strict.para, kind="number", number=k))
                           if it.strict else None))
    return out


def _share(payload: Sequence[_Item], *, takeaways: bool, box: Box, style: ListStyle, size: float, metrics: Metrics,
           limits: tuple[int, int], settings: Settings) -> tuple[list[_Item], list[list[_Item]], bool]:
    """Return a text group's items (fitted alone), their slides, and whether a quotation had to be
    cut: where a whole quotation leaves a continuation slide too thin, those items are edited like
    the others and shared again."""
    items = _numbered(payload) if takeaways else list(payload)
    items = [_fit_alone(it, box=box, style=style, size=size, metrics=metrics) for it in items]
    chunks = chunk_items(items, box=box, style=style, size=size, metrics=metrics, max_items=limits[0],
                         max_words=limits[1], minimum=settings.min_continued)
    if any(sum(c.counts for c in chunk) < settings.min_continued for chunk in chunks[1:]) and \
            any(it.strict for it in items):
        items = [_fit_alone(it.strict, box=box, style=style, size=size, metrics=metrics) if it.strict else it
                 for it in items]
        chunks = chunk_items(items, box=box, style=style, size=size, metrics=metrics, max_items=limits[0],
                             max_words=limits[1], minimum=settings.min_continued)
        return items, chunks, True
    return items, chunks, False


def _fit_alone(item: _Item, *, box: Box, style: ListStyle, size: float, metrics: Metrics) -> _Item:
    """Return `item`, cut to fit a slide alone at `size` when it cannot (its full text kept for the notes)."""
    if item.hidden or _fits([item.para], size, box, style, metrics):
        return item
    short = truncate_para(item.para, size=size, box=box, style=style, metrics=metrics)
    return replace(item, para=short, full=prose_of_para(item.para))


def _title_slides(section_slides: list[SlidePlan], heading: str, *, slides: list[SlidePlan], used: set[str],
                  settings: Settings, geometry: Geometry, metrics: Metrics, messages: list[str],
                  label_size: float = 0) -> None:
    """Append a section's slides to `slides`, titled "Heading", "Heading (cont.)", "Heading (cont. 2)".

    A labelled slide ("Analysis") has its title narrowed to leave the label room at its right.
    """
    first_number = len(slides) + 2  # the cover comes first
    k = 0
    for sp in section_slides:
        if sp.kind == "figure":  # a figure's slide keeps its own title (its caption)
            t = _unique(sp.title, used)
        else:
            t = _unique(settings.continued(heading, k), used)
            k += 1
        box = geometry.divider_title if sp.kind == "divider" else geometry.title
        label: dict[str, Any] = {}
        lsize = sp.label_size or label_size
        if sp.label and lsize:
            width = int((metrics.width(sp.label, size=lsize, bold=True) + 8) * EMU_PER_PT) \
                + box.inset_left + box.inset_right
            gap = int(0.2 * EMU_PER_IN)
            narrow = replace(box, width=box.width - width - gap)
            label = {"title_box": narrow, "label_size": lsize,
                     "label_box": Box(box.left + box.width - width, box.top, width, box.height,
                                      box.inset_left, box.inset_top, box.inset_right, box.inset_bottom)}
            box = narrow
        top = settings.divider_title_pt if sp.kind == "divider" else settings.title_pt
        size, ok = fit_title(t, box=box, size=top, minimum=settings.min_title_pt, line=geometry.title_line, metrics=metrics)
        if not ok:
            messages.append(f"slide {len(slides) + 2}: title `{t}` is very long; set at {size:g} pt")
        slides.append(replace(sp, title=t, title_size=size, **label))
    if k > 1:
        messages.append(f"slide {first_number} `{heading}` continued on {k} slides")


def _agenda(slides: Sequence[SlidePlan], *, settings: Settings, geometry: Geometry, metrics: Metrics, size: float,
            used: set[str]) -> list[SlidePlan]:
    """Return the agenda: the sections' titles in order, numbered, two columns of at most
    `max_items` a slide (a very long deck continues its agenda on a second slide)."""
    titles = list(dict.fromkeys(sp.section for sp in slides if sp.section))
    if not titles:
        return []
    per = max(1, settings.max_items)
    paras = [Para((Run(t),), "bullet", k) for k, t in enumerate(titles, start=1)]
    left, right = geometry.columns
    style = geometry.body_style
    pages = [paras[i:i + 2 * per] for i in range(0, len(paras), 2 * per)]
    if len(pages) > 1 and len(pages[-1]) < settings.min_continued:
        pages[-2:] = [pages[-2][:-1], pages[-2][-1:] + pages[-1]]
    out = []
    for n, page in enumerate(pages):
        half = (len(page) + 1) // 2 if len(page) > per else len(page)
        cols = (page[:half], page[half:])
        s = size
        while s > settings.min_body_pt and not (_fits(cols[0], s, left, style, metrics) and _fits(cols[1], s, right, style, metrics)):
            s -= 1
        left_col, right_col = ([truncate_para(p, size=s, box=left, style=style, metrics=metrics)
                                if not _fits([p], s, left, style, metrics) else p for p in col] for col in cols)
        cols = (left_col, right_col)
        t = _unique(settings.continued(word(settings.labels, "agenda"), n), used)
        tsize, _ = fit_title(t, box=geometry.title, size=settings.title_pt, minimum=settings.min_title_pt,
                             line=geometry.title_line, metrics=metrics)
        frames = [Frame(tuple(c), s, style.margin, style.indent, style.space_before, style.line) for c in cols]
        notes = (word(settings.labels, "agenda_notes") + "\n" if n == 0 else "") + "\n".join(f"{p.number}. {p.text}" for p in page)
        out.append(SlidePlan("agenda", "Two Content", t, tsize, body=frames[0], body2=frames[1], notes=notes))
    return out


def _shortened(settings: Settings, full: str) -> str:
    return word(settings.labels, "slide_shortened", text=full)


def _unique(title: str, used: set[str]) -> str:
    """Return `title`, numbered "(2)", "(3)" when the deck already has it. Titles that differ only
    in case or spacing count as the same: a screen reader's list of slides cannot tell them apart."""
    out, k = title, 2
    while _title_key(out) in used:
        out = f"{title} ({k})"
        k += 1
    used.add(_title_key(out))
    return out


def _title_key(title: str) -> str:
    return " ".join(title.split()).casefold()


def _sources_slides(brief: Brief, *, geometry: Geometry, settings: Settings, metrics: Metrics, size: float,
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
            runs.append(Run("  " + word(settings.labels, "slide_notes", notes=ranges(nums)), muted=True))
        items.append(_Item(Para(tuple(runs), "plain"), cites=tuple(nums)))
    if not items:
        items.append(_Item(Para((Run("No sources cited."),), "plain")))
    left, right = geometry.columns
    # Sources read as a reference list at the deck's body size: fill left, right, next slide.
    fixed = []
    for it in items:
        if _fits([it.para], size, left, style, metrics):
            fixed.append(it)
        else:
            fixed.append(replace(it, para=truncate_para(it.para, size=size, box=left, style=style, metrics=metrics),
                                 full=prose_of_para(it.para)))
    columns = _fill(fixed, size=size, box=left, style=style, metrics=metrics)
    # The last slide's entries are shared between its two columns, as a reference list set in
    # columns ends: two sources side by side, not one column and an empty one beside it.
    last = len(columns) - 2 + len(columns) % 2
    columns[last:] = _balanced(sum(columns[last:], []), size=size, box=left, style=style, metrics=metrics)
    out = []
    for k in range(0, len(columns), 2):
        col_l = columns[k]
        col_r = columns[k + 1] if k + 1 < len(columns) else []
        n = k // 2
        t = _unique(settings.continued(word(settings.labels, "sources"), n), used_titles)
        tsize, _ = fit_title(t, box=geometry.title, size=settings.title_pt, minimum=settings.min_title_pt,
                             line=geometry.title_line, metrics=metrics)
        parts = [_shortened(settings, it.full) for it in col_l + col_r if it.full]
        # The notes of each source are quoted on the slides that cite them; here the presenter
        # needs only the entries.
        parts += [prose_of_para(it.para) for it in col_l + col_r]
        out.append(SlidePlan("sources", "Two Content", t, tsize,
                             body=Frame(tuple(it.para for it in col_l), size, 0, 0, style.space_before, style.line),
                             body2=Frame(tuple(it.para for it in col_r), size, 0, 0, style.space_before, style.line),
                             notes="\n".join(clean(p) for p in parts), section=word(settings.labels, "sources")))
    if len(out) > 1:
        messages.append(f"slide {first} `Sources` continued on {len(out)} slides")
    return out


def _balanced(items: list[_Item], *, size: float, box: Box, style: ListStyle, metrics: Metrics) -> list[list[_Item]]:
    """Return `items` (which fit two columns of `box`) as a left and a right column, split where
    the taller of the two is lowest (the left one the longer on a tie: it reads first)."""
    if len(items) < 2:
        return [items]

    def height(part: list[_Item]) -> float:
        return frame_height(_blocks([it.para for it in part], size, style), width=box.inner_width, metrics=metrics)

    # Never taller than the filled columns were, so both still fit.
    best = min(range(1, len(items)), key=lambda j: (max(height(items[:j]), height(items[j:])), -j))
    return [items[:best], items[best:]]


def _fill(items: list[_Item], *, size: float, box: Box, style: ListStyle, metrics: Metrics) -> list[list[_Item]]:
    """Return `items` as columns of `box`, each filled before the next starts."""
    columns: list[list[_Item]] = [[]]
    for it in items:
        if columns[-1] and not _fits([c.para for c in columns[-1]] + [it.para], size, box, style, metrics):
            columns.append([])
        columns[-1].append(it)
    return columns


def frame_blocks(frame: Frame) -> list[MeasuredParagraph]:
    """Return a planned frame's paragraphs as the measurer sees them (used by tests as well)."""
    style = ListStyle(frame.margin, frame.indent, frame.space_before, frame.line)
    return _blocks(frame.paras, frame.size, style)


__all__ = [
    "Box", "DeckPlan", "Frame", "Geometry", "ListStyle", "Para", "Run", "Settings", "SlidePlan",
    "TablePlan", "TimelineItem", "TimelinePlan", "clean", "deck_sections", "plan_deck", "section_mode",
]
