"""The resolved, format-neutral Brief that every renderer reads; it imports nothing from briefgen.

Everything here is immutable and already resolved: citations carry their note numbers, notes carry
their verified quotes and pre-formatted text, so a renderer only decides how things look.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A date known to a year, a month or a day (`2021`, `2023-07`, `2023-07-26`)."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        """Return `"year"`, `"month"` or `"day"`."""
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        """Return the ISO form at its own precision: `2023`, `2023-07` or `2023-07-26`."""
        out = f"{self.year:04d}"
        if self.month:
            out += f"-{self.month:02d}"
            if self.day:
                out += f"-{self.day:02d}"
        return out

    def text(self, language: str = "en") -> str:
        """Return the date as the brief's language writes it, at its precision: "12 April 2024",
        "juillet 2023", "2021" (see briefgen/text/dates.py)."""
        from .text.dates import format_date

        return format_date(self.year, self.month, self.day, language=language)

    def sort_key(self) -> tuple[int, int, int]:
        """Return a key that sorts a partial date after the full dates it contains: `2024-03`
        after `2024-03-31`, `2024` after `2024-12-31` (what is known only to the month is told
        after what is known to the day)."""
        return (self.year, self.month or 13, self.day or 32)


# ---------------------------------------------------------------- inline content


@dataclass(frozen=True, slots=True)
class Text:
    """A run of text; `href` makes it a link: a web or mail address, or `#source-<id>` for the
    entry of source `<id>` in the brief's Sources list (an internal link)."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Ref:
    """One cited note: its number, and whether this is the note's first use in the document.

    The first use is where a Word footnote lives and where a PDF note links back to; later uses
    point at the same note.
    """

    number: int
    first: bool = False


@dataclass(frozen=True, slots=True)
class Cite:
    """A citation marker `[@a; @b]`, resolved to its notes in the order written.

    `apart` marks one that directly follows a digit, so that its superscript number would read
    as a power ("4,800¹⁷"): renderers set it apart with a thin space and brackets ("4,800 [17]").
    """

    refs: tuple[Ref, ...]
    apart: bool = False

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(r.number for r in self.refs)


Inline = Union[Text, Cite]
Inlines = tuple[Inline, ...]


def plain(inlines: Inlines, *, with_numbers: bool = False) -> str:
    """Return the text of `inlines`; citations become `[3, 4]` when `with_numbers` is true."""
    out: list[str] = []
    for item in inlines:
        if isinstance(item, Text):
            out.append(item.text)
        elif with_numbers:
            out.append("[" + ", ".join(str(n) for n in item.numbers) + "]")
    return "".join(out)


def cited_numbers(inlines: Inlines) -> tuple[int, ...]:
    """Return the note numbers cited in `inlines`, in order, without repeats."""
    seen: dict[int, None] = {}
    for item in inlines:
        if isinstance(item, Cite):
            for n in item.numbers:
                seen.setdefault(n, None)
    return tuple(seen)


# ---------------------------------------------------------------- blocks


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph. When its notes are gathered into one marker at its end (an audience with
    `markers: paragraph`), `claims` keeps it with a marker at each claim, for a format that shows
    only some of its sentences (the deck), so a sentence never carries another's notes."""

    inlines: Inlines
    claims: Inlines = ()


@dataclass(frozen=True, slots=True)
class Subheading:
    """A heading inside a section (Markdown `###`); level 2 under the section's level 1."""

    text: str


@dataclass(frozen=True, slots=True)
class BulletList:
    """A list; `claims`, like a Paragraph's, keeps each item with a marker at each claim when
    its notes are gathered (empty otherwise)."""

    items: tuple[Inlines, ...]
    ordered: bool = False
    claims: tuple[Inlines, ...] = ()


@dataclass(frozen=True, slots=True)
class Table:
    """A Markdown pipe table; `align` holds `"left"`, `"right"` or `"center"` per column."""

    header: tuple[Inlines, ...]
    rows: tuple[tuple[Inlines, ...], ...]
    align: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One dated fact on a timeline, with the note that supports it."""

    date: PartialDate
    label: str
    ref: Ref
    fact_id: str


@dataclass(frozen=True, slots=True)
class Timeline:
    entries: tuple[TimelineEntry, ...]
    caption: str = "Timeline"


# ---------------------------------------------------------------- figures


@dataclass(frozen=True, slots=True)
class ImageData:
    """A picture file from the project, read and checked once (`kind` is "png", "jpeg" or "svg").

    `width` and `height` are its intrinsic size in pixels (for SVG, its viewBox units); `data`
    is the file's bytes exactly as read, so every renderer embeds the same picture.
    """

    path: str
    kind: str
    width: float
    height: float
    data: bytes = field(repr=False, default=b"")


@dataclass(frozen=True, slots=True)
class MapShape:
    """One country outline, already projected into its map's box (x right, y down).

    `rings` are closed polygons (the first point is not repeated at the end); a country of
    several parts (islands) has several rings.
    """

    code: str                 # ISO 3166-1 alpha-3
    name: str
    highlighted: bool
    rings: tuple[tuple[tuple[float, float], ...], ...]


@dataclass(frozen=True, slots=True)
class MapLabel:
    """A name printed on the map at (`x`, `y`) in the map's box; `place` labels get a dot."""

    text: str
    x: float
    y: float
    place: bool = False


@dataclass(frozen=True, slots=True)
class MapData:
    """A locator map: country shapes in a `width` × `height` box (y down), highlighted ones in the
    accent colour, with a legend naming what the highlight means (`legend`, may be empty)."""

    width: float
    height: float
    shapes: tuple[MapShape, ...]
    labels: tuple[MapLabel, ...] = ()
    legend: str = ""


@dataclass(frozen=True, slots=True)
class ChartPoint:
    """One data point of a chart: its label, its value, the value as the quote writes it, and
    the note citing the fact whose quote states it."""

    label: str
    value: float
    text: str
    ref: Ref
    fact_id: str


@dataclass(frozen=True, slots=True)
class ChartData:
    """A bar, column or line chart; every point is cited."""

    kind: str                 # "bar" | "column" | "line"
    title: str
    unit: str
    points: tuple[ChartPoint, ...]
    language: str = "en"      # the brief's: how the value axis writes its numbers ("30,000"; "30 000")


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure: exactly one of `image`, `map` or `chart`.

    `number` counts figures from 1 in document order, the same in every format (0 for a
    decorative image, which has no number, caption or alt text); `id` is its anchor
    (`figure-3`). `caption` may cite notes; `credit` (who made it, its licence, "Map data:
    Natural Earth") prints under it. `alt` is the text alternative, written by the author or,
    for a chart, by briefgen from its data.
    """

    number: int
    id: str
    alt: str
    caption: Inlines = ()
    credit: str = ""
    decorative: bool = False
    image: ImageData | None = None
    map: MapData | None = None
    chart: ChartData | None = None

    @property
    def kind(self) -> str:
        """Return "image", "map" or "chart"."""
        return "image" if self.image else "map" if self.map else "chart"


Block = Union[Paragraph, Subheading, BulletList, Table, Timeline, Figure]


@dataclass(frozen=True, slots=True)
class SlideOverride:
    """What the deck shows for a section instead of the default (outline `slide:`)."""

    bullets: tuple[Inlines, ...] = ()
    notes: str = ""


@dataclass(frozen=True, slots=True)
class Section:
    """One outline section: a level-1 heading and its blocks.

    `role` is `"takeaways"` for a key-takeaways section (shown as a box or a slide of its own),
    otherwise `""`. `analysis` marks the author's own analysis rather than sourced reporting.
    """

    id: str
    heading: str
    blocks: tuple[Block, ...]
    slide: SlideOverride | None = None
    role: str = ""
    analysis: bool = False


# ---------------------------------------------------------------- notes and sources


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    published: PartialDate | None = None
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    language: str | None = None
    entry: Inlines = ()  # the formatted Sources-list entry


@dataclass(frozen=True, slots=True)
class Evidence:
    """A quote as it stands in the source (verified), and where it was found."""

    source_id: str
    quote: str
    line: int = 0
    column: int = 0
    locator: str | None = None      # where in the source: "p. 12", "pp. 12–13", an HTML section title
    via: tuple[str, ...] = ()       # what the match owes to the extraction: "hyphenation", "ligature"
    translation: str | None = None  # the author's translation of the quote (outline language), not verified


@dataclass(frozen=True, slots=True)
class Note:
    """A numbered note: the fact it cites, its evidence, and its formatted text.

    `body` is the note as readers see it in every format (quote in quotation marks, source
    title, date, attribution); renderers print it, they do not rebuild it.
    """

    number: int
    fact_id: str
    claim: str
    evidence: tuple[Evidence, ...]
    body: Inlines
    date: PartialDate | None = None
    attributed_to: str | None = None
    source_count: int = 1


@dataclass(frozen=True, slots=True)
class QuoteTrace:
    """Where one quote of a note stands in its source (for the evidence report, not printed).

    `verbatim` is the source's own text of the span; offsets are 0-based code points, end
    exclusive; `match` says how it matched: `verbatim`, `normalised`, what a PDF's extraction
    needed (`hyphenation`, `ligature`, `hyphenation+ligature`), or `not found`.
    """

    source_id: str
    quote: str
    verbatim: str | None
    line: int | None
    column: int | None
    start: int | None
    end: int | None
    match: str
    locator: str | None = None
    via: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NoteTrace:
    """The provenance of note `number`: who claimed it, where its fact is defined, its quotes."""

    number: int
    claim: str               # as the fact library writes it (a note may print a translation)
    attributed_to: str | None  # likewise
    claimant: str | None
    channel: str | None
    defined_in: str          # the fact library's path
    defined_line: int
    origins: tuple[str, ...]  # the independent sources behind it (a copy counts as its original)
    quotes: tuple[QuoteTrace, ...]


@dataclass(frozen=True, slots=True)
class SourceTrace:
    """A source's file as received: its path, SHA-256, length of its text, what it republishes."""

    id: str
    path: str
    sha256: str
    characters: int
    republishes: str | None
    origin: str


@dataclass(frozen=True, slots=True)
class Provenance:
    """Everything the evidence report needs beyond what readers see: the outline's path, and a
    trace per note and per source, in the brief's order."""

    outline: str
    notes: tuple[NoteTrace, ...]
    sources: tuple[SourceTrace, ...]


@dataclass(frozen=True, slots=True)
class Brief:
    """The whole resolved brief."""

    title: str
    sections: tuple[Section, ...]
    notes: tuple[Note, ...]
    sources: tuple[Source, ...]
    date: PartialDate
    subtitle: str = ""
    audience: str = ""
    author: str = ""
    language: str = "en"
    keywords: tuple[str, ...] = ()
    generator: str = "briefgen"
    stem: str = "brief"  # the outline's file stem, for messages
    extra: tuple[tuple[str, str], ...] = field(default=())
    labels: tuple[tuple[str, str], ...] = ()  # the words briefgen writes, in the brief's language (renderers look
    #                                           each up with i18n.word, English where a hand-built brief lacks one)
    provenance: Provenance | None = None      # for the evidence report only (None in hand-built briefs
                                              # and in the briefs a build sends its format renderers)
    label_overrides: tuple[str, ...] = ()  # the keys the outline's `labels:` set itself
    audience_label: str = ""  # the audience as readers see it ("General public"), from its profile
    kicker: str = ""          # the audience's word for the document's kind ("Student handout"), its profile's or
    #                           the outline's `labels:`; "": none, each format prints its own (the PDF theme's,
    #                           else the catalogue's `kicker`)
    contents: bool = False    # the audience asks for a contents list (the DOCX's)

    @property
    def audience_name(self) -> str:
        """Return the audience as the documents print it: its profile's label, else its name."""
        return self.audience_label or self.audience

    def themed_label(self, key: str, theme: str, english: str) -> str:
        """Return the word for `key` where a theme has a setting for it: the outline's own
        (`labels:`) first; then the theme's, when the theme changed it from the English word
        (`english`, the theme's default): an organisation's own word; else the brief's catalogue."""
        own = dict(self.labels)
        if key in self.label_overrides:
            return own.get(key, theme)
        if theme != english:
            return theme
        return own.get(key, english)

    def date_text(self, date: PartialDate) -> str:
        """Return `date` in the brief's one date style (its language's, at the date's precision)."""
        return date.text(self.language)

    def note(self, number: int) -> Note:
        """Return the note numbered `number`. Raises |KeyError| when there is none."""
        # notes are numbered 1..N in order, so this is one look; the scan covers hand-built briefs
        if 0 < number <= len(self.notes) and self.notes[number - 1].number == number:
            return self.notes[number - 1]
        for n in self.notes:
            if n.number == number:
                return n
        raise KeyError(number)
