"""Render a Brief as a typeset PDF with ReportLab: masthead, linked citations, notes, sources and an outline."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, Callable, Mapping
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Indenter,
    ListFlowable,
    ListItem,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tables import TableRenderCB

from ..i18n import fill, word
from ..model import (
    Brief,
    BulletList,
    Cite,
    Figure,
    Inlines,
    Note,
    Section,
    Subheading,
    Text,
    Timeline,
    plain,
)
from ..model import (
    Paragraph as ParagraphBlock,
)
from ..model import (
    Table as TableBlock,
)
from ..text.clean import CONTROL
from ..theme import Logo, Theme, ThemeError
from . import Rendered
from .pdf_figures import FigureMaker
from .pdf_fonts import Fonts, register_family
from .pdf_tags import LINK_CALLBACK, Node, TaggingCanvas, artifact, mark
from .pdf_tags import text as tag_text
from .pdf_timeline import TimelineFlowable, TimelineStyle

_PAGE_SIZES = {"a4": A4, "letter": LETTER}
_LINK_SCHEMES = ("http://", "https://", "mailto:")
# C0 controls other than tab/newline/CR, lone surrogates and non-characters: no font or XML holds them.
_INVALID = CONTROL  # text/clean.py: what XML cannot hold, and DEL


# ---------------------------------------------------------------- settings


@dataclass(frozen=True, slots=True)
class _PageLayout:
    """The `pdf:` section of the theme, with defaults filled in; lengths in points."""

    page_size: tuple[float, float]
    top: float
    bottom: float
    left: float
    right: float
    body_size: float
    leading: float
    title_size: float
    subtitle_size: float
    h1_size: float
    h2_size: float
    small_size: float
    table_size: float
    kicker: str
    labels: Mapping[str, str]
    measure_chars: int = 0  # characters in a body line; 0: the full width between the margins
    notes_size: float = 0.0  # of the Notes and Sources; 0: half a point above `small_size`


_DEFAULT_LABELS = {
    "audience": "Prepared for",
    "date": "Date",
    "author": "Author",
    "analysis": "Analysis",
}


def _layout(pdf: Mapping[str, Any]) -> _PageLayout:
    """Return the layout read from the theme's `pdf:` mapping. Raises |ThemeError| on a bad value."""
    size_name = str(pdf.get("page_size", "a4")).lower()
    if size_name not in _PAGE_SIZES:
        raise ThemeError(f"unknown pdf page_size `{size_name}` (use a4 or letter)")
    margins = pdf.get("margins_mm", {}) or {}

    def num(mapping: Mapping[str, Any], key: str, default: float) -> float:
        value = mapping.get(key, default)
        try:
            return float(value)
        except (TypeError, ValueError):
            raise ThemeError(f"pdf `{key}` must be a number, not `{value}`") from None

    body = num(pdf, "body_size", 10.5)
    return _PageLayout(
        page_size=_PAGE_SIZES[size_name],
        top=num(margins, "top", 22) * mm,
        bottom=num(margins, "bottom", 22) * mm,
        left=num(margins, "left", 25) * mm,
        right=num(margins, "right", 25) * mm,
        body_size=body,
        leading=num(pdf, "leading", round(body * 1.43, 1)),
        title_size=num(pdf, "title_size", 26),
        subtitle_size=num(pdf, "subtitle_size", 14),
        h1_size=num(pdf, "h1_size", 15),
        h2_size=num(pdf, "h2_size", 12),
        small_size=num(pdf, "small_size", 8.5),
        table_size=num(pdf, "table_size", 9.5),
        kicker=str(pdf.get("kicker", "Policy brief")),
        labels={**_DEFAULT_LABELS, **{str(k): str(v) for k, v in (pdf.get("labels", {}) or {}).items()}},
        measure_chars=int(num(pdf, "measure_chars", 0)),
        notes_size=num(pdf, "notes_size", 0),
    )


# A paragraph of ordinary prose, the ruler for `measure_chars`: its average character width,
# spaces and punctuation included, is what a line of body text averages.
_RULER = ("Until the coup of July 2023, Niger was the last democratic ally of European states and the "
          "United States in the Sahel, a strategically important region of West Africa. In March the "
          "junta ended its military cooperation; at the end of that month, its leader spoke by phone "
          "with Russia's president, and on 10 April instructors landed with military equipment.")


def _measure(lay: _PageLayout, font: str, width: float) -> float:
    """Return the width of the body column: `measure_chars` average characters of body text,
    never wider than `width`, the room between the margins."""
    if lay.measure_chars <= 0:
        return width
    per_char = pdfmetrics.stringWidth(_RULER, font, lay.body_size) / len(_RULER)
    return min(width, round(lay.measure_chars * per_char, 1))


# ---------------------------------------------------------------- fonts: see pdf_fonts.py

def prepare(theme: Theme) -> None:
    """Do the theme's share of a render ahead of it; `render` gives the same bytes without it.

    Parsing four TrueType files is the costliest fixed part of a render; done here, it happens
    while the caller is still reading the brief. ReportLab keeps the parsed fonts in its
    process-wide registry, under names derived from the file paths, and keeps each document's
    subset in a per-document table, so one registration serves every later render. The
    prototype fragments of the common kinds of text are made here too.
    """
    fonts = register_family(theme.font)
    try:
        st = _styles(_layout(theme.pdf), fonts, _colors(theme))
    except ThemeError:
        return  # `render` reports it
    link = _hex(theme.color("primary"))
    kinds = (_PLAIN, _Ctx(sup=True), _Ctx(sup=True, anchor=True), _Ctx(sup=True, link=True, color=link))
    for style in (st.body, st.cell, st.note_item, st.source, st.tl_label):
        for ctx in kinds:
            _prototype(style, ctx)
    for style in (st.head_cell, st.h1, st.h2, st.box_title, st.label, st.caption, st.tl_date):
        _prototype(style, _PLAIN)


# ---------------------------------------------------------------- text


def _printable(text: str) -> str:
    """Return `text` without characters that no font or PDF string can carry."""
    return _INVALID.sub("", text)


def _esc(text: str) -> str:
    """Return `text` escaped for ReportLab paragraph markup (also safe inside attribute quotes).

    A narrow no-break space becomes a no-break space, a little wider: ReportLab breaks lines at
    U+202F (it is in paragraph.py's `_wsc`, though Unicode's line breaking forbids a break there,
    class GL), which French puts in "1 200" and before ; ! ? (see bench/upstream-reportlab.md).
    """
    return escape(_printable(text).replace("\u202f", "\u00a0"), {'"': "&quot;", "'": "&#39;"})


def _hex(color: str) -> str:
    return "#" + color


# Paragraph text reaches ReportLab as prebuilt fragments rather than through its HTML-based
# markup parser, which took a tenth of a render. The fragments are the ones that parser makes of
# the markup the renderer writes (`<b>`, `<i>`, `<a href color>`, `<a name/>`, `<super>`): the
# markup is still written and cleaned by ReportLab's own whitespace cleaner, but then it is cut
# at its tags, whose meaning the writer already knows, and each run of text becomes a clone of
# a prototype fragment that ReportLab's parser made once from a tiny sample.
# tests/render/test_pdf_frags.py holds the result to the parser's, for any text.

_TAG = re.compile(r"(<[^>]*>)")
_ENTITY = re.compile(r"(&[^;]*;)")  # what `_esc` writes: &amp; &lt; &gt; &quot; &#39;
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'"}
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True, slots=True)
class _Ctx:
    """The tags around a run of text in paragraph markup."""

    bold: bool = False
    italic: bool = False
    sup: bool = False
    link: bool = False
    color: str | None = None  # of a link
    anchor: bool = False  # an empty `<a name/>` destination rather than text
    ondraw: bool = False  # an empty `<onDraw/>` callback: where a link's marked content starts or ends


# (font name, size, colour, context) -> the fragment ReportLab's parser makes of a sample. It is
# filled on first use and only ever cloned, so sharing it between renders is safe.
_PROTOTYPES: dict[tuple[Any, ...], Any] = {}


def _prototype(style: ParagraphStyle, ctx: _Ctx) -> Any:
    color = style.textColor
    key = (style.fontName, style.fontSize, color.rgba() if hasattr(color, "rgba") else repr(color), ctx)
    proto = _PROTOTYPES.get(key)
    if proto is None:
        from reportlab.platypus.paraparser import ParaParser

        m = f'<onDraw name="{LINK_CALLBACK}" label="x"/>' if ctx.ondraw else '<a name="x"/>' if ctx.anchor else "x"
        if ctx.bold:
            m = f"<b>{m}</b>"
        if ctx.italic:
            m = f"<i>{m}</i>"
        if ctx.link:
            # A coloured link is underlined too: colour alone does not set it apart (WCAG 1.4.1).
            color_attr = f' color="{ctx.color}" underline="1"' if ctx.color else ""
            m = f'<a href="#x"{color_attr}>{m}</a>'
        if ctx.sup:
            m = f"<super>{m}</super>"
        _, frags, _ = ParaParser().parse(m, style)
        (proto,) = frags
        _PROTOTYPES[key] = proto
    return proto


_PLAIN = _Ctx()
# label ("+i" or "-i") -> the definition of the callback at the start or end of a paragraph's
# link i; like the prototypes, filled on first use and only read.
_FENCES: dict[str, Any] = {}


@dataclass(slots=True)
class _Markup:
    """The markup of one paragraph, with what each of its tags means.

    `after[i]` is the context of the text that follows tag i (the text before the first tag is
    plain); a link or anchor tag also records that it opens a link, closes one or is an anchor.
    Each link is fenced by two callbacks, `+i` before it and `-i` after it, where the tagging
    canvas starts and ends the link's marked content; `links[i]` is its (target, description).
    """

    parts: list[str] = field(default_factory=list)
    after: list[tuple[_Ctx, str]] = field(default_factory=list)  # (context, "link" | "unlink" | "anchor" | "")
    stack: list[_Ctx] = field(default_factory=lambda: [_PLAIN])
    links: list[tuple[str, str]] = field(default_factory=list)

    def text(self, text: str) -> None:
        self.parts.append(_esc(text))

    def open(self, tag: str, ctx: _Ctx, kind: str = "") -> None:
        self.parts.append(tag)
        self.stack.append(ctx)
        self.after.append((ctx, kind))

    def open_link(self, tag: str, ctx: _Ctx, href: str, contents: str) -> None:
        """Open a link to `href`, described by `contents` (the annotation's /Contents)."""
        self.links.append((href, contents))
        self.open(tag, ctx, "link")

    def close(self, tag: str, kind: str = "") -> None:
        self.parts.append(tag)
        self.stack.pop()
        self.after.append((self.stack[-1], kind))

    def anchor(self, name: str) -> None:
        self.parts.append(f'<a name="{_esc(name)}"/>')
        self.after.append((self.stack[-1], "anchor"))

    def frags(self, style: ParagraphStyle) -> list[Any]:
        """Return ReportLab's fragments for this markup in `style`."""
        from html import unescape

        from reportlab.lib.abag import ABag
        from reportlab.platypus.paragraph import cleanBlockQuotedText

        tokens = _TAG.split(cleanBlockQuotedText("".join(self.parts)))
        out: list[Any] = []
        ctx, link = _PLAIN, None
        nlinks = nunder = 0

        fences: dict[bool, Any] = {}

        def fence(ctx: _Ctx, label: str) -> Any:
            proto = fences.get(ctx.sup)
            if proto is None:
                proto = fences[ctx.sup] = _prototype(style, _Ctx(sup=ctx.sup, ondraw=True))
            bag = _FENCES.get(label)
            if bag is None:  # ReportLab only reads a callback's definition: one serves every paragraph
                bag = _FENCES[label] = ABag(**{**proto.cbDefn.__dict__, "label": label})
            return proto.clone(cbDefn=bag)

        for i, token in enumerate(tokens):
            if i % 2 == 0:
                if token:
                    # The parser makes a fragment of each entity and of the text between them; so
                    # does this, as ReportLab's line breaking does not always treat them alike.
                    proto = _prototype(style, ctx)
                    extra: dict[str, Any] = {"link": [link]} if link else {}
                    if ctx.color and link:  # an underlined link: each underline has its own number
                        extra["us_lines"] = [(nunder - 1, *proto.us_lines[0][1:])]
                    for piece in _ENTITY.split(token) if "&" in token else (token,):
                        if piece:
                            out.append(proto.clone(text=_ENTITIES.get(piece, piece), **extra))
                continue
            outer = ctx
            ctx, kind = self.after[i // 2]
            if kind == "anchor":
                name = unescape(dict(_ATTR.findall(token))["name"])
                if name.strip():
                    out.append(_prototype(style, _Ctx(sup=ctx.sup, anchor=True))
                               .clone(cbDefn=ABag(label="anchor", kind="anchor", name=name)))
            elif kind == "link":
                out.append(fence(outer, f"+{nlinks}"))
                link = (nlinks, unescape(dict(_ATTR.findall(token))["href"]).strip())
                nlinks += 1
                nunder += 1 if ctx.color else 0
            elif kind == "unlink":
                out.append(fence(ctx, f"-{nlinks - 1}"))
                link = None
            elif not ctx.link:
                link = None
        if style.textTransform:
            from reportlab.platypus.paragraph import textTransformFrags

            textTransformFrags(out, style)
        return out


def _text_para(text: str, style: ParagraphStyle, cls: "type[_Para] | None" = None, **kwargs: Any) -> "_Para":
    """Return a paragraph that prints `text` literally in `style`."""
    m = _Markup()
    m.text(text)
    return (cls or _Para)(None, style, frags=m.frags(style), **kwargs)


_BIND_MAX = 14  # characters: a last word longer than this stands on its own line rather than drag another
# The paragraph's last two words (a word's trailing punctuation is not a word). The look-behind,
# the possessive `\S++` and `\W*+` and the atomic group give the matches of the plain
# `(\S+) (\S*\w\S*)\W*$` without its backtracking, which took seconds on a paragraph holding
# one 10,000-character token (each start inside the token scanned it to its end again).
_LAST_TWO_WORDS = re.compile(r"(?<!\S)(\S++) ((?>\S*\w\S*))\W*+$")


def _bind_last_words(inlines: Inlines) -> Inlines:
    """Return `inlines` with the space before the last word made a no-break space, so that a
    paragraph never ends on a line of one word; unchanged when either of the two words is longer
    than `_BIND_MAX` characters (an address, a long compound), which would leave a loose line. Markers are not words: in
    "the US[@a]." the last word is "US."."""
    spans: list[tuple[int, int]] = []  # (item index, offset of the item's text in `joined`)
    joined = ""
    for k, item in enumerate(inlines):
        if isinstance(item, Text):
            spans.append((k, len(joined)))
            joined += item.text
    m = _LAST_TWO_WORDS.search(joined)
    if m is None or len(m.group(1)) > _BIND_MAX or len(m.group(2)) > _BIND_MAX + 2:
        return inlines
    at = m.start(2) - 1  # the space between the two words
    for k, start in reversed(spans):
        if start <= at:
            item = inlines[k]
            assert isinstance(item, Text)
            cut = at - start
            items = list(inlines)
            items[k] = Text(item.text[:cut] + "\u00a0" + item.text[cut + 1:], item.bold, item.italic, item.href)
            return tuple(items)
    return inlines


@dataclass(slots=True)
class _Marks:
    """Paragraph text and citations for one document: which notes exist and which first uses
    got an anchor.

    It is filled while the body is built, in document order, so the Notes section built last
    knows every back-link target that really exists.
    """

    notes: frozenset[int]
    link_color: str
    cite_anchors: set[int] = field(default_factory=set)
    source_anchors: frozenset[str] = frozenset()  # `source-<id>` of every Sources entry
    source_titles: Mapping[str, str] = field(default_factory=dict)  # `source-<id>` -> title
    labels: tuple[tuple[str, str], ...] = ()  # the brief's (i18n.word): links' descriptions

    def para(self, inlines: Inlines, style: ParagraphStyle, *, lead: str = "", anchor: str = "",
             cls: "type[_Para] | None" = None, tag: Node | None = None, **kwargs: Any) -> "_Para":
        """Return a paragraph of the destination `anchor`, the plain text `lead`, then `inlines`.

        With `tag`, the paragraph's text is that structure node's content, and each of its links
        a Link node under it.
        """
        m = _Markup()
        if anchor:
            m.anchor(anchor)
        if lead:
            m.text(lead)
        for item in inlines:
            if isinstance(item, Cite):
                self._cite(m, item)
            else:
                self._text(m, item)
        para = (cls or _Para)(None, style, frags=m.frags(style), **kwargs)
        if tag is not None:
            para.tag = tag
            tag.links = [Node("Link", href=href, contents=contents) for href, contents in m.links]
        return para

    def _cite(self, m: _Markup, item: Cite) -> None:
        sup = _Ctx(sup=True)
        m.open("<super>", sup)
        if item.apart:  # after a digit: "4,800 [17]", never "4,800¹⁷"; a superscript space, unbreakable
            m.text("\u00a0[")
        for i, ref in enumerate(item.refs):
            n = ref.number
            if i:
                m.text(",")
            if ref.first and n not in self.cite_anchors:
                m.anchor(f"cite-{n}")
                self.cite_anchors.add(n)
            if n in self.notes:
                m.open_link(f'<a href="#note-{n}" color="{self.link_color}" underline="1">',
                            _Ctx(sup=True, link=True, color=self.link_color), f"#note-{n}",
                            word(self.labels, "link_note", number=str(n)))
                m.text(str(n))
                m.close("</a>", "unlink")
            else:
                m.text(str(n))
        if item.apart:
            m.text("]")
        m.close("</super>")

    def _text(self, m: _Markup, item: Text) -> None:
        href = _printable(item.href or "").strip()
        ctx = _PLAIN
        # Only web and mail links become live; anything else (javascript:, file:) stays text.
        if href.lower().startswith(_LINK_SCHEMES):
            ctx = _Ctx(link=True, color=self.link_color)
            m.open_link(f'<a href="{_esc(href)}" color="{self.link_color}" underline="1">', ctx, href,
                        word(self.labels, "link_web", address=href))
        elif href.startswith("#source-") and href[1:] in self.source_anchors:
            ctx = _Ctx(link=True)  # to the Sources entry, not coloured
            title = self.source_titles.get(href[1:], "")
            m.open_link(f'<a href="#{_esc(href[1:])}">', ctx, href,
                        word(self.labels, "link_source", title=title) if title else
                        word(self.labels, "link_source_untitled"))
        if item.italic:
            ctx = _Ctx(italic=True, link=ctx.link, color=ctx.color)
            m.open("<i>", ctx)
        if item.bold:
            ctx = _Ctx(bold=True, italic=ctx.italic, link=ctx.link, color=ctx.color)
            m.open("<b>", ctx)
        m.text(item.text)
        if item.bold:
            m.close("</b>")
        if item.italic:
            m.close("</i>")
        if ctx.link:
            m.close("</a>", "unlink")


# ---------------------------------------------------------------- styles


@dataclass(frozen=True, slots=True)
class _Styles:
    body: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    box_title: ParagraphStyle
    label: ParagraphStyle
    caption: ParagraphStyle
    cell: ParagraphStyle
    head_cell: ParagraphStyle
    note_num: ParagraphStyle
    note_item: ParagraphStyle
    source: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    meta_label: ParagraphStyle
    meta_value: ParagraphStyle
    tl_date: ParagraphStyle
    tl_label: ParagraphStyle


def hyphenation_language(language: str) -> str:
    """Return the Pyphen dictionary ReportLab hyphenates a brief in `language` with (`fr` →
    `fr_FR`), or "" (no hyphenation) when Pyphen has none for it or is not installed."""
    if not language:
        return ""
    try:
        import pyphen
    except ImportError:
        return ""
    tag = language.replace("-", "_")
    for candidate in (tag, tag.split("_")[0]):
        found = pyphen.language_fallback(candidate)
        if found:
            return str(found)
    return ""


def _styles(lay: _PageLayout, f: Fonts, c: Mapping[str, Color], *, language: str = "") -> _Styles:
    body = ParagraphStyle(
        "body", fontName=f.regular, fontSize=lay.body_size, leading=lay.leading, textColor=c["text"],
        spaceAfter=lay.body_size * 0.7, allowWidows=0, allowOrphans=0, splitLongWords=1,
        bulletFontName=f.regular, hyphenationLang=hyphenation_language(language), embeddedHyphenation=0,
    )
    small = lay.small_size
    notes = lay.notes_size or small + 0.5
    return _Styles(
        body=body,
        h1=ParagraphStyle("h1", parent=body, fontName=f.bold, fontSize=lay.h1_size,
                          leading=lay.h1_size * 1.2, textColor=c["primary"], spaceBefore=lay.h1_size * 1.3,
                          spaceAfter=lay.h1_size * 0.45, keepWithNext=1),
        h2=ParagraphStyle("h2", parent=body, fontName=f.bold, fontSize=lay.h2_size,
                          leading=lay.h2_size * 1.25, textColor=c["primary"], spaceBefore=lay.h2_size * 0.9,
                          spaceAfter=lay.h2_size * 0.3, keepWithNext=1),
        box_title=ParagraphStyle("box_title", parent=body, fontName=f.bold, fontSize=lay.h1_size - 1,
                                 leading=(lay.h1_size - 1) * 1.2, textColor=c["primary"],
                                 spaceBefore=0, spaceAfter=lay.body_size * 0.5, keepWithNext=1),
        label=ParagraphStyle("label", parent=body, fontName=f.bold, fontSize=small - 1, leading=small + 1,
                             textColor=c["accent"],  # theme.py checks it has 4.5:1 on white
                             spaceBefore=-lay.h1_size * 0.25,
                             spaceAfter=lay.body_size * 0.6, keepWithNext=1),
        caption=ParagraphStyle("caption", parent=body, fontName=f.bold, fontSize=lay.body_size - 0.5,
                               leading=lay.body_size * 1.3, textColor=c["primary"],
                               spaceBefore=lay.body_size * 0.6, spaceAfter=lay.body_size * 0.8, keepWithNext=1),
        cell=ParagraphStyle("cell", parent=body, fontSize=lay.table_size, leading=lay.table_size * 1.3,
                            spaceAfter=0),
        head_cell=ParagraphStyle("head_cell", parent=body, fontName=f.bold, fontSize=lay.table_size,
                                 leading=lay.table_size * 1.3, textColor=c["primary"], spaceAfter=0),
        note_num=ParagraphStyle("note_num", parent=body, fontName=f.bold, fontSize=notes,
                                leading=notes * 1.3, textColor=c["primary"], spaceAfter=0,
                                alignment=TA_RIGHT),
        note_item=ParagraphStyle("note_item", parent=body, fontSize=notes, leading=notes * 1.3,
                                 leftIndent=_NOTE_INDENT, spaceAfter=notes * 0.4),
        source=ParagraphStyle("source", parent=body, fontSize=notes, leading=notes * 1.3,
                              leftIndent=12, firstLineIndent=-12, spaceAfter=notes * 0.4),
        title=ParagraphStyle("title", parent=body, fontName=f.bold, fontSize=lay.title_size,
                             leading=lay.title_size * 1.12, textColor=white, spaceAfter=0),
        subtitle=ParagraphStyle("subtitle", parent=body, fontSize=lay.subtitle_size,
                                leading=lay.subtitle_size * 1.3, textColor=c["light"], spaceAfter=0),
        meta_label=ParagraphStyle("meta_label", parent=body, fontName=f.bold, fontSize=small - 1,
                                  leading=small + 1, textColor=c["muted"], spaceAfter=0),
        meta_value=ParagraphStyle("meta_value", parent=body, fontSize=lay.body_size - 0.5,
                                  leading=lay.body_size * 1.3, spaceAfter=0),
        tl_date=ParagraphStyle("tl_date", parent=body, fontName=f.bold, fontSize=lay.body_size - 1,
                               leading=(lay.body_size - 1) * 1.35, textColor=c["primary"], alignment=TA_RIGHT,
                               spaceAfter=0),
        tl_label=ParagraphStyle("tl_label", parent=body, fontSize=lay.body_size - 0.5,
                                leading=(lay.body_size - 1) * 1.35, spaceAfter=0),
    )


# ---------------------------------------------------------------- flowables


class _Para(Paragraph):
    """A paragraph that breaks its lines once per width.

    Platypus asks a paragraph for its size several times at the same width (a heading kept with
    the next block, a table measuring its rows and then drawing them, a split that fails), and
    breaking lines is the costliest step of a render. ReportLab's own `split` drops `blPara`
    when it declines, so a cached result is only reused while `blPara` is still there.

    Its text is the content of the structure node `tag`, which both parts of a split share.
    """

    _wrapped_width: float | None = None
    tag: Node | None = None

    def __init__(self, text: str | None, style: ParagraphStyle, *args: Any, tag: Node | None = None,
                 **kwargs: Any) -> None:
        super().__init__(text, style, *args, **kwargs)
        if tag is not None:
            self.tag = tag

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(availWidth, availHeight)
        for part in parts:
            part.tag = self.tag  # type: ignore[attr-defined]
        return parts

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        with tag_text(canvas, self.tag, self._joined_lines()):
            super().drawOn(canvas, x, y, _sW)

    def _joined_lines(self) -> frozenset[int]:
        """Return the lines that end inside a word (a long word cut to fit), which must not
        end in a space in the text."""
        bl = getattr(self, "blPara", None)
        if bl is None or len(bl.lines) < 2:
            return frozenset()
        source = "".join(getattr(f, "text", "") for f in self.frags)
        if bl.kind == 0:
            texts = [" ".join(words) for _, words in bl.lines]
        else:
            texts = ["".join(getattr(w, "text", "") for w in ln.words) for ln in bl.lines]
        # A cut is only possible where the end of one line and the start of the next make one
        # run of the source; that rules out nearly every line at the cost of a substring test.
        if not any(a and b.strip() and not a[-1].isspace() and a.split()[-1] + b.split()[0] in source
                   for a, b in zip(texts, texts[1:])):
            return frozenset()
        counts = [len("".join(t.split())) for t in texts]
        joined, pos = set(), 0
        for i, count in enumerate(counts[:-1]):
            while pos < len(source) and count > 0:  # past the line's characters
                if not source[pos].isspace():
                    count -= 1
                pos += 1
            if pos < len(source) and not source[pos].isspace():
                joined.add(i)  # the next line goes on with the same word
        return frozenset(joined)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if availWidth == self._wrapped_width and "blPara" in self.__dict__:
            return self.width, self.height
        width, height = super().wrap(availWidth, availHeight)
        self._wrapped_width = availWidth
        return width, height


class _Heading(_Para):
    """A heading paragraph that leaves a PDF destination and an outline entry where it is drawn."""

    outline: tuple[str, str, int] | None = None

    def __init__(self, text: str | None, style: ParagraphStyle, *, key: str | None = None, title: str = "",
                 level: int = 0, **kwargs: Any) -> None:
        # `split` makes its parts through this constructor with ReportLab's own arguments.
        super().__init__(text, style, **kwargs)
        if key is not None:
            self.outline = (key, title, level)

    def draw(self) -> None:
        outline = getattr(self, "outline", None)
        if outline is not None:
            key, title, level = outline
            self.canv.bookmarkHorizontal(key, 0, self.height + 2)
            self.canv.addOutlineEntry(title, key, level=level, closed=False)
        super().draw()

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = super().split(availWidth, availHeight)
        # Only the first part carries the bookmark; a heading is listed once.
        if len(parts) == 2:
            parts[0].outline = self.outline  # type: ignore[attr-defined]
        return parts


_NOTE_INDENT = 22.0  # the number column of the notes, its number set flush right 8 points short of it
_NOTE_GAP = 8.0
_NOTES_AT_ONCE = 100  # notes made at a time as the layout reaches them (see `_Doc.filterFlowables`)


@dataclass(frozen=True, slots=True)
class _NoteNumber:
    """A note's number as hung before its text; `back` links it to the first use of the note.

    `label` is its structure node (a list item's Lbl), `link` the Link node inside it when `back`.
    """

    number: int
    style: ParagraphStyle
    back: bool
    label: Node | None = None
    link: Node | None = None


class _Note(_Para):
    """A note: its text indented, its number hung flush right in the indent on the first line.

    The number is drawn here rather than as a paragraph of its own, with the same destination
    (`note-N`) and back-link (`cite-N`) a paragraph link would make.
    """

    number: _NoteNumber | None = None

    def __init__(self, text: str | None, style: ParagraphStyle, *, number: _NoteNumber | None = None,
                 **kwargs: Any) -> None:
        super().__init__(text, style, **kwargs)
        if number is not None:
            self.number = number

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2:
            parts[0].number = self.number  # type: ignore[attr-defined]
        return parts

    def draw(self) -> None:
        # The number goes first into the page, so text extraction reads it before the note.
        num = self.number
        if num is not None:
            self._draw_number(num)
        super().draw()

    def _draw_number(self, num: _NoteNumber) -> None:
        canv, st = self.canv, num.style
        label = str(num.number)
        right = _NOTE_INDENT - _NOTE_GAP
        left = right - pdfmetrics.stringWidth(label, st.fontName, st.fontSize)
        # The first baseline of a paragraph lies one font size below its top.
        base = self.height - st.fontSize
        canv.bookmarkHorizontal(f"note-{num.number}", left, base + st.leading)
        canv.saveState()
        canv.setFont(st.fontName, st.fontSize)
        canv.setFillColor(st.textColor)
        with mark(canv, num.link or num.label):
            canv.drawString(left, base, label)
        canv.restoreState()
        if num.back:
            canv.linkRect("", f"cite-{num.number}", (left, base - 0.2 * st.fontSize, right, base + st.fontSize),
                          relative=1)


class _Masthead(Flowable):
    """Page 1's title band: kicker, title and subtitle on the primary colour, then a row of facts.

    The band bleeds to the page edges: the first page's frame starts at the very top of the
    sheet, and the band is drawn out into the side margins.

    In the structure tree, under `root`: the kicker and subtitle are paragraphs, the title is the
    document's one H1, and each fact is a paragraph of its label and value; the band, its accent
    strip and the rules between the facts are artifacts.
    """

    def __init__(self, *, kicker: str, title: str, subtitle: str, facts: list[tuple[str, str]],
                 st: _Styles, fonts: Fonts, colors: Mapping[str, Color], bleed: tuple[float, float],
                 pad_top: float, root: Node, title_text: str, logo: "Logo | None" = None) -> None:
        super().__init__()
        self.kicker, self.facts = kicker, facts
        self.st, self.fonts, self.colors = st, fonts, colors
        self.bleed, self.pad_top = bleed, pad_top
        self.logo = logo  # top right, above the kicker: the first thing read (render/pdf_logo.py)
        self.logo_tag = root.add("Figure", alt=logo.alt) if logo is not None else None
        if logo is not None:  # the band grows to hold the logo above the kicker
            self.pad_top = max(pad_top, logo.height_mm * 72 / 25.4 + 16)
        self.kicker_tag = root.add("P") if kicker else None
        self.title_p = _Para(title, st.title, tag=root.add("H1", title=title_text))
        self.subtitle_p = _Para(subtitle, st.subtitle, tag=root.add("P")) if subtitle else None
        self.fact_ps = []
        for k, v in facts:
            fact = root.add("P")
            self.fact_ps.append((_Para(_esc(k.upper()), st.meta_label, tag=fact), _Para(v, st.meta_value, tag=fact)))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        kick = self.st.meta_label.leading + 6 if self.kicker else 0.0
        _, th = self.title_p.wrap(availWidth, availHeight)
        # A very long title steps down in size rather than pushing the band off the page.
        size = self.title_p.style.fontSize
        while th > availHeight * 0.4 and size > self.st.subtitle.fontSize:
            size -= 2
            style = ParagraphStyle("title_fit", parent=self.st.title, fontSize=size, leading=size * 1.12)
            self.title_p = _Para(self.title_p.text, style, tag=self.title_p.tag)
            _, th = self.title_p.wrap(availWidth, availHeight)
        sh = self.subtitle_p.wrap(availWidth, availHeight)[1] + 8 if self.subtitle_p else 0.0
        self.band_h = self.pad_top + kick + th + sh + 22
        col = availWidth / max(len(self.fact_ps), 1)
        fh = 0.0
        for lab, val in self.fact_ps:
            fh = max(fh, lab.wrap(col - 10, availHeight)[1] + 2 + val.wrap(col - 10, availHeight)[1])
        self.facts_h = fh + 16 if self.fact_ps else 0.0
        self.height = self.band_h + self.facts_h + 6
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        # Only a title too long for any band gets here: print it as plain flowing paragraphs.
        out: list[Flowable] = [_Para(self.title_p.text, ParagraphStyle(
            "title_flow", parent=self.st.h1, fontSize=self.st.subtitle.fontSize, keepWithNext=0),
            tag=self.title_p.tag)]
        if self.subtitle_p is not None:
            out.append(_Para(self.subtitle_p.text, self.st.body, tag=self.subtitle_p.tag))
        out += [_Para(f"{lab.text}: {val.text}", self.st.body, tag=lab.tag) for lab, val in self.fact_ps]
        # The frame needs a first part that fits, so the title itself is split here.
        out[0].wrap(availWidth, availHeight)
        first = out[0].split(availWidth, availHeight)
        return first + out[1:] if first else []

    def draw(self) -> None:
        canv, c = self.canv, self.colors
        left, right = self.bleed
        band_bottom = self.height - self.band_h
        canv.saveState()
        with artifact(canv):
            canv.setFillColor(c["primary"])
            canv.rect(-left, band_bottom, self.width + left + right, self.band_h + 1, stroke=0, fill=1)
            canv.setFillColor(c["accent"])
            canv.rect(-left, band_bottom - 3, self.width + left + right, 3, stroke=0, fill=1)
        if self.logo is not None:
            from .pdf_logo import draw_logo

            draw_logo(canv, self.logo, right=self.width, top=self.height - 10, max_height=self.pad_top - 14,
                      tag=self.logo_tag)
        y = self.height - self.pad_top
        if self.kicker:
            size = self.st.meta_label.fontSize + 0.5
            y -= size
            text = canv.beginText(0, y)
            text.setFont(self.fonts.bold, size)
            text.setCharSpace(1.1)
            text.setFillColor(c["light"])
            text.textOut(_printable(self.kicker).upper())
            text.setCharSpace(0)  # Tc outlives ET; the title must not inherit the tracking
            with mark(canv, self.kicker_tag):
                canv.drawText(text)
            y -= 6 + (self.st.meta_label.leading - size)
        self.title_p.drawOn(canv, 0, y - self.title_p.height)
        y -= self.title_p.height
        if self.subtitle_p is not None:
            y -= 8
            self.subtitle_p.drawOn(canv, 0, y - self.subtitle_p.height)
        if self.fact_ps:
            col = self.width / len(self.fact_ps)
            top = band_bottom - 3 - 13
            for i, (lab, val) in enumerate(self.fact_ps):
                x = i * col
                if i:
                    with artifact(canv):
                        canv.setStrokeColor(c["rule"])
                        canv.setLineWidth(0.6)
                        canv.line(x - 10, top + 2, x - 10, top - lab.height - val.height - 1)
                lab.drawOn(canv, x, top - lab.height)
                val.drawOn(canv, x, top - lab.height - 2 - val.height)
        canv.restoreState()


@dataclass(frozen=True, slots=True)
class _Piece:
    """What one part of a table holds: its rows of cells (each a list of flowables), how many of
    them are the header repeated on every part, and where the part sits in the whole table."""

    rows: tuple[tuple[list[Flowable], ...], ...]
    header: int = 0
    stripe: int = 0  # which colour the first body row's stripe takes, so a row cut in two keeps it
    first: bool = True
    last: bool = True


class _TableTags(TableRenderCB):  # type: ignore[misc]
    """Paints a table's backgrounds and rules as artifacts, and so a header row repeated on a
    later part: its cells are already in the structure tree where the table starts."""

    def __init__(self) -> None:
        self._open: list[Any] = []

    def _begin(self, T: Table, kind: str = "") -> None:
        block = artifact(T.canv, kind)
        block.__enter__()
        self._open.append(block)

    def _end(self, T: Table) -> None:
        self._open.pop().__exit__(None, None, None)

    startBG = startLines = _begin
    endBG = endLines = _end

    def startRow(self, T: Table, rowNo: int) -> None:
        piece = getattr(T, "piece", None)
        self._open.append(artifact(T.canv, "Pagination") if piece is not None and not piece.first
                          and rowNo < piece.header else None)
        if self._open[-1] is not None:
            self._open[-1].__enter__()

    def endRow(self, T: Table) -> None:
        block = self._open.pop()
        if block is not None:
            block.__exit__(None, None, None)

    def startTable(self, T: Table) -> None:
        pass

    endTable = startTable

    def startCell(self, T: Table, *args: Any) -> None:
        pass

    def endCell(self, T: Table) -> None:
        pass


def _table(piece: _Piece, make: Callable[[_Piece], "_Table"], **kwargs: Any) -> "_Table":
    """Return a `_Table` of `piece`'s rows that rebuilds its parts through `make`."""
    data = [[cell[0] if len(cell) == 1 else cell for cell in row] for row in piece.rows]
    table = _Table(data, renderCB=_TableTags(), **kwargs)
    table.piece, table.make = piece, make
    return table


def _column_widths(block: TableBlock, cols: list[int], width: float, *, pad: float, size: float,
                   font: str) -> list[float]:
    """Return the widths of columns `cols` of `block`, sharing `width` points.

    Columns share the width by how much text they hold, within bounds, so short codes stay
    narrow and prose columns get room. No column is narrower than its longest word (in `font`
    at `size`, padded `pad` each side: "organisation" must not break mid-word) when the page
    allows it; the wider columns give up the difference.
    """
    weights = []
    for i in cols:
        longest = max((len(plain(r[i])) for r in (block.header, *block.rows) if i < len(r)), default=1)
        weights.append(min(max(longest, 6), 60))
    total = sum(weights)
    widths = [width * w / total for w in weights]
    ncols = len(cols)
    floor = [2 * pad + max((pdfmetrics.stringWidth(word, font, size)
                            for r in (block.header, *block.rows) if i < len(r) for word in plain(r[i]).split()),
                           default=0) for i in cols]
    short = [i for i in range(ncols) if widths[i] < floor[i]]
    if short and sum(floor) <= width:
        need = sum(floor[i] - widths[i] for i in short)
        spare = {i: widths[i] - floor[i] for i in range(ncols) if i not in short and widths[i] > floor[i]}
        room = sum(spare.values())
        if room >= need:
            for i in short:
                widths[i] = floor[i]
            for i, extra in spare.items():
                widths[i] -= need * extra / room
    return widths


@dataclass(frozen=True, slots=True)
class _DataTable:
    """Makes each part of a data table (see `_Table`) with the whole table's look: its column
    widths and type, rules above and below the header and below the last row, striped rows."""

    widths: list[float]
    font: str
    size: float
    pad: float
    top: float      # cell padding above and below, points
    bottom: float
    has_header: bool
    rule: Color
    stripe: Color   # every other body row's background
    space_after: float

    def __call__(self, piece: _Piece) -> "_Table":
        heads = 1 if self.has_header and (piece.header or piece.first) else 0
        pad = self.pad
        cmds: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), self.font, self.size),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), self.top), ("BOTTOMPADDING", (0, 0), (-1, -1), self.bottom),
            ("LINEBELOW", (0, -1), (-1, -1), 0.8, self.rule),
        ]
        if heads:
            cmds += [("LINEABOVE", (0, 0), (-1, 0), 0.8, self.rule),
                     ("LINEBELOW", (0, 0), (-1, 0), 0.8, self.rule)]
        if len(piece.rows) > heads:
            stripes = [white, self.stripe]
            cmds.append(("ROWBACKGROUNDS", (0, heads), (-1, -1), stripes[piece.stripe:] + stripes[:piece.stripe]))
        table = _table(piece, self, colWidths=self.widths, repeatRows=piece.header, style=TableStyle(cmds),
                       hAlign="LEFT", spaceBefore=4 if piece.first else 0,
                       spaceAfter=self.space_after if piece.last else 0)
        table.keep_rows = heads + 2
        return table


def _fill(flows: list[Flowable], width: float, height: float) -> tuple[list[Flowable], list[Flowable]] | None:
    """Return the flowables of a cell that fit `height`, stacked as a table cell stacks them,
    and the rest; the first that does not fit is split if it can be. None when nothing fits."""
    head: list[Flowable] = []
    used = 0.0  # as Table measures a cell: spaces between flowables, none above or below
    for i, f in enumerate(flows):
        before = f.getSpaceBefore() if head else 0.0
        _, h = f.wrap(width, height)
        if used + before + h <= height:
            head.append(f)
            used += before + h + f.getSpaceAfter()
            continue
        room = height - used - before
        parts = f.split(width, room) if room > 0 else []
        sub = _fill(list(parts), width, room) if parts and not (len(parts) == 1 and parts[0] is f) else None
        if sub is not None and sub[0]:
            return head + sub[0], sub[1] + flows[i + 1:]
        return (head, flows[i:]) if head else None
    return head, []


class _Table(Table):
    """A table that can also split inside a row, when a row is taller than a whole frame.

    ReportLab splits a table between rows; one row taller than the page (a long cell, a long
    Key-takeaways item) has nowhere to go. This table then cuts that row's cells at the space
    left, and rebuilds both parts through `make`, so they keep the table's look: the header
    repeated, the stripe of the cut row on both halves. A row that would fit on a fresh page is
    not cut: the table breaks before it or moves on, as it always did.
    """

    piece: _Piece | None = None
    make: Callable[[_Piece], "_Table"] | None = None
    keep_rows: int = 0  # the fewest rows a data table starts with at a page foot: its header and two

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(availWidth, availHeight)
        piece, make = self.piece, self.make
        if piece is None or make is None:
            return parts
        frame = getattr(self, "_frame", None)
        if len(parts) == 2 and piece.first and frame is not None and not frame._atTop:
            n = len(parts[0]._cellvalues)  # type: ignore[attr-defined]
            if n < min(self.keep_rows, len(piece.rows)) and self._rowHeights[n] <= frame._aH:
                return []  # a table starts with at least two rows under its header, or on the next page
        heights = self._rowHeights
        head = sum(heights[:piece.header])
        k, used = piece.header, head
        while k < len(heights) and used + heights[k] <= availHeight:
            used += heights[k]
            k += 1
        if k < len(heights):
            # Row k does not fit here. One taller than any page is cut here and now, filling the
            # page (also when ReportLab could break before it: the next page would cut it anyway);
            # one that fits a page is cut only where moving on cannot help: at the top of a page,
            # or inside another flowable that is splitting.
            frame = getattr(self, "_frame", None)
            too_tall = frame is not None and head + heights[k] > frame._aH
            if too_tall or (not parts and (frame is None or frame._atTop)):
                cut = self._split_in_row(k, availHeight - used, piece, make)
                if cut:
                    return cut
        if len(parts) == 2:
            # ReportLab cut between rows (the stripes start afresh in its second part).
            n = len(parts[0]._cellvalues)  # type: ignore[attr-defined]
            for part, p in zip(parts, (
                    _Piece(piece.rows[:n], piece.header, piece.stripe, piece.first, False),
                    _Piece(piece.rows[:piece.header] + piece.rows[n:], piece.header, 0, False, piece.last))):
                part.piece, part.make = p, make  # type: ignore[attr-defined]
        return parts

    def _split_in_row(self, k: int, room: float, piece: _Piece, make: Callable[[_Piece], "_Table"]) -> list[Flowable]:
        """Return the table cut inside row `k`, which has `room` points left on this page, or []."""
        top: list[list[Flowable]] = []
        rest: list[list[Flowable]] = []
        for j, cell in enumerate(piece.rows[k]):
            cs = self._cellStyles[k][j]
            w = self._colWidths[j] - cs.leftPadding - cs.rightPadding
            got = _fill(cell, w, room - cs.topPadding - cs.bottomPadding - 0.01) if cell else ([], [])
            if got is None:
                return []
            top.append(got[0])
            rest.append(got[1])
        if not any(top) or not any(rest):
            return []
        stripe = (piece.stripe + k - piece.header) % 2
        return [
            make(_Piece(piece.rows[:k] + (tuple(top),), piece.header, piece.stripe, piece.first, False)),
            make(_Piece(piece.rows[:piece.header] + (tuple(rest),) + piece.rows[k + 1:], piece.header, stripe,
                        False, piece.last)),
        ]


class _Bullet:
    """A list item's bullet or number, drawn as the content of the item's Lbl node."""

    def __init__(self, bullet: Any, label: Node | None) -> None:
        self.bullet, self.label = bullet, label

    def __getattr__(self, name: str) -> Any:
        return getattr(self.bullet, name)

    def drawOn(self, indenter: Any, canv: Canvas, x: float, y: float, _sW: float = 0) -> None:
        with mark(canv, self.label):
            self.bullet.drawOn(indenter, canv, x, y, _sW)


class _List(ListFlowable):  # type: ignore[misc]
    """A list whose bullets are drawn as the Lbl of each item; `labels` maps each item's first
    flowable (by id) to its Lbl node."""

    def __init__(self, items: list[Any], *, labels: dict[int, Node], **kwargs: Any) -> None:
        self.labels = labels
        super().__init__(items, **kwargs)

    def _makeLIIndenter(self, flowable: Flowable, bullet: Any, params: Any = None) -> Any:
        if bullet is not None:
            bullet = _Bullet(bullet, self.labels.get(id(flowable)))
        return super()._makeLIIndenter(flowable, bullet, params)


class _KeepWithNext(Flowable):
    """Takes no room; before a heading (and the label or caption kept with it), it ends the page
    unless the heading and the start of what follows fit: a paragraph's first two lines (all of
    one of three or fewer), a list's first item, a table's header and first two rows, a
    timeline's first two entries.

    This replaces ReportLab's `keepWithNext`, which keeps the heading with the whole of the next
    block and so pushes a long table or panel, heading and all, to the next page, leaving a
    third of a page blank.
    """

    def __init__(self, group: list[Flowable], follower: Flowable | None) -> None:
        super().__init__()
        self.group, self.follower = group, follower

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        frame = self._doctemplateAttr("frame")
        if frame is None or frame._atTop:
            return 0, 0
        need = 0.0  # the frame adds each space before, less the space after the flowable above it
        for f in self.group:
            need += f.getSpaceBefore() + f.wrapOn(self.canv, availWidth, availHeight)[1] + f.getSpaceAfter()
        if self.follower is not None:
            need += self.follower.getSpaceBefore() + _lead(self.follower, availWidth, frame._aH, self.canv)
        if need > availHeight:
            from reportlab.platypus.doctemplate import FrameBreak

            frame.add_generated_content(FrameBreak)
        return 0, 0

    def draw(self) -> None:
        pass


def _lead(f: Flowable, width: float, height: float, canv: Any) -> float:
    """Return the height of the least of `f` that a heading may keep with it at a page foot, in a
    frame `height` points tall."""
    from reportlab.platypus.tables import Table as RLTable

    if isinstance(f, Paragraph):
        h = float(f.wrapOn(canv, width, height)[1])
        lines = getattr(f, "blPara", None)
        n = len(lines.lines) if lines is not None else 1
        return h if n <= 3 else 2 * float(f.style.leading) + 0.5
    if isinstance(f, ListFlowable):
        content = f._content
        if not content:
            return 0.0
        first = content[0]
        h = float(first.wrapOn(canv, width, height)[1])
        body = getattr(first, "_flowable", None)
        leading = float(getattr(getattr(body, "style", None), "leading", 0) or 0)
        return min(h, 3 * leading + 0.5) if leading else h
    if isinstance(f, RLTable):
        f.wrapOn(canv, width, height)
        keep = getattr(f, "keep_rows", 0) or len(f._rowHeights)
        total = 0.0
        for h in f._rowHeights[:keep]:
            if h > height:  # a row taller than a page is cut inside (`_Table.split`)
                return total + 3 * float(f._cellvalues[0][0].style.leading if hasattr(f._cellvalues[0][0], "style") else 12)
            total += h
        return total
    if isinstance(f, TimelineFlowable):
        f.wrapOn(canv, width, height)
        return float(sum(h for _, _, h in f._laid[:2]))
    return min(float(f.wrapOn(canv, width, height)[1]), height)


class _Spot(Flowable):
    """Takes no room; records the page and height on the page where it is drawn in `spots`."""

    def __init__(self, name: str, spots: dict[str, tuple[int, float]]) -> None:
        super().__init__()
        self.name, self.spots = name, spots

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.spots[self.name] = (self.canv.getPageNumber(), self.canv.absolutePosition(0, 0)[1])


def notes_share(spots: Mapping[str, tuple[int, float]], *, pages: int, bottom: float, top: float) -> float:
    """Return the pages the Notes and Sources fill, from the spot `notes` (above their heading)
    to the spot `end` (under the last source), counted in body frames from `bottom` to `top`
    (heights on the page); 0 when either spot is missing."""
    if "notes" not in spots or "end" not in spots or pages <= 0:
        return 0.0
    (p0, y0), (p1, y1) = spots["notes"], spots["end"]
    frame = top - bottom
    if p0 == p1:
        return max(0.0, (y0 - y1) / frame)
    return max(0.0, (y0 - bottom) / frame + (p1 - p0 - 1) + (top - y1) / frame)


def _keep_with_next(story: list[Flowable]) -> list[Flowable]:
    """Return `story` with every run of keep-with-next flowables (headings, labels, captions)
    preceded by a `_KeepWithNext` and no longer kept by ReportLab."""
    out: list[Flowable] = []
    i = 0
    while i < len(story):
        f = story[i]
        if isinstance(f, (Spacer, NextPageTemplate)) or not f.getKeepWithNext():
            out.append(f)
            i += 1
            continue
        j = i
        while j < len(story) and not isinstance(story[j], Spacer) and story[j].getKeepWithNext():
            story[j].__dict__["keepWithNext"] = 0  # shadows the style's, as ReportLab does
            j += 1
        follower = next((g for g in story[j:] if not isinstance(g, (Spacer, Indenter))), None)
        out.append(_KeepWithNext(story[i:j], follower))
        out.extend(story[i:j])
        i = j
    return out


# ---------------------------------------------------------------- canvas and document


_BORDERLESS = pdfdoc.PDFArray([0, 0, 0])  # one for every link (it is only formatted): a brief has thousands


class _LinkAnnotation(pdfdoc.LinkAnnotation):  # type: ignore[misc]
    """An internal link written directly, without the generic annotation dictionary (checked,
    copied, sorted and formatted key by key) that made formatting links a twentieth of a
    render: a brief has a link for every citation. It is printable (`/F 4`) and carries its
    key in the ParentTree (`StructParent`), which the tagging canvas sets at save."""

    StructParent: int | None = None

    def _target(self, document: Any) -> bytes:
        return b" /Dest " + pdfdoc.format(self.Destination, document)

    def format(self, document: Any) -> bytes:
        fmt = pdfdoc.format
        key = b"" if self.StructParent is None else b" /StructParent %d" % self.StructParent
        return b"".join((
            b"<<\n", self._target(document)[1:],
            b" /Border ", fmt(self.Border, document),
            b" /Contents ", fmt(pdfdoc.PDFString(self.Contents, 1), document),
            b" /F 4 /Rect ", fmt(pdfdoc.PDFArray(self.Rect), document),
            key, b" /Subtype /Link /Type /Annot\n>>",
        ))


class _URIAnnotation(_LinkAnnotation):
    """A link to a web or mail address, written as `_LinkAnnotation` writes an internal one."""

    def __init__(self, rect: Any, url: str) -> None:
        super().__init__(rect, "", None, Border=_BORDERLESS)
        self.url = url

    def _target(self, document: Any) -> bytes:
        return b" /A << /S /URI /Type /Action /URI " + pdfdoc.format(pdfdoc.PDFString(self.url), document) + b" >>"


class _Canvas(TaggingCanvas):
    """A tagging canvas that writes "Page N of M" through one small form per page, defined at save.

    Pages call `doForm` for a form that does not exist yet; `save` knows the page count and
    defines them all. That is one layout pass, and unlike a canvas that defers whole pages it
    keeps bookmarks and links bound to the page they were drawn on.
    """

    def __init__(self, *args: Any, footer: Callable[["_Canvas", int, int], None], seed: bytes,
                 date: tuple[int, int, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer = footer
        self.numbered: list[int] = []
        self.page_total = 0
        # The file ID derives from the brief, not from the clock or SOURCE_DATE_EPOCH.
        self._doc.signature = hashlib.md5(b"briefgen\0" + seed, usedforsecurity=False)
        y, m, d = date
        self.setDateFormatter(lambda *_: f"D:{y:04d}{m:02d}{d:02d}000000+00'00'")
        self.showOutline()

    def linkRect(self, contents: str, destinationname: str, Rect: Any = None, addtopage: int = 1,
                 name: str | None = None, relative: int = 1, thickness: float = 0, color: Any = None,
                 dashArray: Any = None, **kw: Any) -> None:
        """Add an internal link, as ReportLab does but through `_LinkAnnotation`."""
        if color is not None or dashArray or kw:
            return super().linkRect(contents, destinationname, Rect, addtopage, name, relative, thickness,  # type: ignore[no-any-return]
                                    color, dashArray, **kw)
        if self._artifacts:
            return None  # a link in a repeated header row: the original row keeps it
        annotation = _LinkAnnotation(self._absRect(Rect, relative), contents, self._bookmarkReference(destinationname),
                                     Border=pdfdoc.PDFArray([0, 0, thickness]) if thickness else _BORDERLESS)
        self._addAnnotation(annotation, name, addtopage)
        self.tag_annotation(annotation, "#" + destinationname)
        return None

    def linkURL(self, url: str, rect: Any, relative: int = 0, thickness: float = 0, color: Any = None,
                dashArray: Any = None, kind: str = "URI", **kw: Any) -> None:
        """Add a link to a web or mail address, through `_URIAnnotation`."""
        if self._artifacts:
            return None
        if color is not None or dashArray or kw or kind != "URI" or thickness:
            return super().linkURL(url, rect, relative, thickness, color, dashArray, kind, **kw)  # type: ignore[no-any-return]
        annotation = _URIAnnotation(self._absRect(rect, relative), url)
        self._addAnnotation(annotation)
        self.tag_annotation(annotation, url)
        return None

    def number_form(self, page: int) -> None:
        """Place page `page`'s "Page N of M" form on the current page."""
        self.numbered.append(page)
        self.doForm(f"pageno{page}")

    def save(self) -> None:
        self.page_total = self._pageNumber - 1 if not self._code else self._pageNumber
        if self._code:
            self.showPage()
        for page in self.numbered:
            self.beginForm(f"pageno{page}")
            self._footer(self, page, self.page_total)
            self.endForm()
        self.write_structure()
        super().save()


class _Frame(Frame):  # type: ignore[misc]
    """A frame that splits a flowable at the width it lays it out at: ReportLab's splits at the
    frame's full width, ignoring an `Indenter` (the body's measure)."""

    def split(self, flowable: Flowable, canv: Canvas) -> list[Flowable]:
        full: float = self._aW  # type: ignore[has-type]
        self._aW = self._getAvailableWidth()
        try:
            return super().split(flowable, canv)  # type: ignore[no-any-return]
        finally:
            self._aW = full


class _Doc(BaseDocTemplate):
    """Two page templates: page 1 starts at the top edge (the masthead band), later pages carry
    the running header and footer."""

    def __init__(self, sink: "_Sink", *, lay: _PageLayout, header: Callable[[Canvas, Any], None],
                 more: Iterator[list[Flowable]] | None = None, **kwargs: Any) -> None:
        super().__init__(sink, pagesize=lay.page_size, leftMargin=lay.left, rightMargin=lay.right,
                         topMargin=lay.top, bottomMargin=lay.bottom, **kwargs)
        self._more = more
        self._story: list[Flowable] = []
        w, h = lay.page_size
        fw = w - lay.left - lay.right
        pad = dict(leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        first = _Frame(lay.left, lay.bottom, fw, h - lay.bottom, id="first", **pad)
        later = _Frame(lay.left, lay.bottom, fw, h - lay.top - lay.bottom, id="body", **pad)
        self.addPageTemplates([
            PageTemplate(id="first", frames=[first]),
            PageTemplate(id="later", frames=[later], onPage=header),
        ])

    def build(self, flowables: list[Flowable], **kwargs: Any) -> None:
        self._story = flowables
        super().build(flowables, **kwargs)

    def filterFlowables(self, flowables: list[Flowable]) -> None:
        # ReportLab's hook before each flowable is laid out (of the story, or of what is left
        # hanging at a page break): the story arrives a part at a time, so that a long brief's
        # paragraphs (parsed into fragments when made) are not all held at once. Two flowables
        # are kept waiting, since the layout ends when the story's list is empty.
        while flowables is self._story and self._more is not None and len(flowables) < 2:
            chunk = next(self._more, None)
            if chunk is None:
                self._more = None
            else:
                flowables.extend(chunk)


class _Sink:
    """The file ReportLab saves into: it keeps the one bytes object the save writes, where a
    BytesIO would copy it (the size of the PDF, 11 MB for a 700-page brief)."""

    def __init__(self) -> None:
        self.data = b""

    def write(self, data: bytes) -> int:
        self.data = data if not self.data else self.data + data
        return len(data)


# ---------------------------------------------------------------- building


@dataclass(slots=True)
class _Builder:
    """Turns the Brief's blocks into flowables; holds the per-render styles and citation marks.

    Each method also adds the blocks' structure nodes under the `parent` it is given, in the
    brief's order.
    """

    st: _Styles
    fonts: Fonts
    colors: Mapping[str, Color]
    lay: _PageLayout
    marks: _Marks
    width: float
    bookmarks: int = 0
    figures: FigureMaker | None = None  # makes the Figure blocks' flowables (pdf_figures.py)
    inset: float = 0.0  # how far the body's measure is indented on each side of the frame
    language: str = "en"  # the brief's: its dates

    @property
    def frame_height(self) -> float:
        """The height of the body frame of a page after the first."""
        return self.lay.page_size[1] - self.lay.top - self.lay.bottom

    def heading(self, text: str, style: ParagraphStyle, level: int, parent: Node) -> _Heading:
        """Return a heading of outline `level` (0 for a section, an H2; 1 for a subheading, an H3)."""
        self.bookmarks += 1
        title = _printable(text)
        para = _text_para(text, style, _Heading, key=f"h{self.bookmarks}", title=title, level=level,
                          tag=parent.add(f"H{level + 2}", title=" ".join(title.split())))
        width = self.lay.page_size[0] - self.lay.left - self.lay.right
        if para.wrap(width, self.frame_height)[1] > self.frame_height / 3:
            # A heading a third of a page tall cannot be kept with what follows (ReportLab would
            # look for a page that holds both forever): it flows, and splits, like a paragraph.
            # (its parts after a split are made from its style, so the style must say it too)
            para.style = ParagraphStyle(f"{style.name}_flowing", parent=style, keepWithNext=0)
            para.keepWithNext = 0
        return para

    def section(self, sec: Section, parent: Node) -> list[Flowable]:
        if sec.role == "takeaways":
            return [self.takeaways(sec, parent)]
        out: list[Flowable] = [self.heading(sec.heading, self.st.h1, 0, parent)]
        if sec.analysis:
            out.append(_text_para(self.lay.labels["analysis"].upper(), self.st.label, tag=parent.add("P")))
        out += self.blocks(sec.blocks, self.width, parent)
        return out

    def blocks(self, blocks: tuple[Any, ...], width: float, parent: Node) -> list[Flowable]:
        out: list[Flowable] = []
        for block in blocks:
            if isinstance(block, ParagraphBlock):
                out.append(self.marks.para(_bind_last_words(block.inlines), self.st.body, tag=parent.add("P")))
            elif isinstance(block, Subheading):
                out.append(self.heading(block.text, self.st.h2, 1, parent))
            elif isinstance(block, BulletList):
                out.append(self.bullets(block.items, ordered=block.ordered, parent=parent))
            elif isinstance(block, TableBlock) and self.inset and width == self.width:
                # A table takes the full width between the margins, beyond the prose's measure.
                out += [Indenter(-self.inset, -self.inset), *self.table(block, width + 2 * self.inset, parent),
                        Indenter(self.inset, self.inset)]
            elif isinstance(block, TableBlock):
                out += self.table(block, width, parent)
            elif isinstance(block, Timeline):
                out += self.timeline(block, parent)
            elif isinstance(block, Figure) and self.figures is not None:
                out += self.figures.flowables(block, width=width, parent=parent, para=self.marks.para)
        return out

    def bullets(self, items: tuple[Inlines, ...], *, ordered: bool, parent: Node, start: int = 1,
                node: Node | None = None) -> ListFlowable:
        """Return the list of `items`, an L under `parent` (or the items of the L `node`)."""
        body = self.st.body
        item_style = ParagraphStyle("li", parent=body, spaceAfter=body.fontSize * 0.35)
        lst = node or parent.add("L", numbering="Decimal" if ordered else "Disc")
        paras, labels = [], {}
        for it in items:
            li = lst.add("LI")
            label = li.add("Lbl")
            para = self.marks.para(_bind_last_words(it), item_style, tag=li.add("LBody").add("P"))
            labels[id(para)] = label
            paras.append(ListItem(para))
        common = dict(leftIndent=16, bulletFontSize=body.fontSize, bulletOffsetY=0,
                      spaceAfter=body.spaceAfter, bulletDedent=14, labels=labels)
        if ordered:
            return _List(paras, bulletType="1", start=str(start), bulletFormat="%s.",
                         bulletFontName=self.fonts.bold, bulletColor=self.colors["primary"], **common)
        return _List(paras, bulletType="bullet", start="\u2022", bulletFontName=self.fonts.regular,
                     bulletColor=self.colors["accent"], **common)

    def table(self, block: TableBlock, width: float, parent: Node) -> list[Flowable]:
        """Return the table as one or more flowing tables.

        A table with more columns than the page holds at the theme's type size first shrinks
        its type, then deals its columns out over several tables (see `_table_plan`), so that
        every cell stays readable.
        """
        ncols = max([len(block.header)] + [len(r) for r in block.rows])
        if ncols == 0:
            return []
        from reportlab.pdfbase.pdfmetrics import stringWidth

        words = [max((stringWidth(word, self.fonts.bold, 1) for r in (block.header, *block.rows) if i < len(r)
                      for word in plain(r[i]).split()), default=0.0) for i in range(ncols)]
        size, pad, groups = _table_plan(words, width, self.lay.table_size)
        out: list[Flowable] = []
        for cols in groups:
            out.append(self._table_part(block, cols, width, size=size, pad=pad, node=parent.add("Table")))
        return out

    def _table_part(self, block: TableBlock, cols: list[int], width: float, *, size: float, pad: float,
                    node: Node) -> "_Table":
        """Return the table of columns `cols` of `block`, its type `size` points, cells padded `pad`."""
        scale = size / self.lay.table_size
        cell_style, head_style = self.st.cell, self.st.head_cell
        if scale != 1:
            cell_style = ParagraphStyle(f"cell-{size}", parent=cell_style, fontSize=size, leading=size * 1.3)
            head_style = ParagraphStyle(f"head_cell-{size}", parent=head_style, fontSize=size, leading=size * 1.3)
        header = (self._table_row(block, cols, block.header, head_style, head=True, node=node),) if block.header else ()
        data = header + tuple(self._table_row(block, cols, r, cell_style, head=False, node=node) for r in block.rows)
        widths = _column_widths(block, cols, width, pad=pad, size=size, font=self.fonts.bold)
        top, bottom = 4.5 * scale, 5 * scale
        # A header row is repeated on every page only while it is short: one taller than a
        # quarter of the page would leave no room for the rows it heads.
        repeat = 0
        if header:
            head_h = max(f.wrap(w - pad - pad, self.frame_height)[1] for (f,), w in zip(header[0], widths))
            repeat = 1 if head_h + top + bottom <= self.frame_height / 4 else 0
        make = _DataTable(widths=widths, font=self.fonts.regular, size=size, pad=pad, top=top, bottom=bottom,
                          has_header=bool(header), rule=self.colors["primary"], stripe=self.colors["light"],
                          space_after=self.st.body.spaceAfter + 4)
        return make(_Piece(data, repeat))

    def _table_row(self, block: TableBlock, cols: list[int], row: tuple[Inlines, ...], base: ParagraphStyle, *,
                   head: bool, node: Node) -> tuple[list[Flowable], ...]:
        """Return the cells of `row` in columns `cols`, each aligned as its column, tagged as a row
        of header (`head`) or data cells under `node`."""
        aligns = {"right": TA_RIGHT, "center": TA_CENTER}
        out = []
        tr = node.add("TR")
        for i in cols:
            align = block.align[i] if i < len(block.align) else "left"
            style = ParagraphStyle(f"{base.name}{i}", parent=base, alignment=aligns.get(align, TA_LEFT))
            cell = tr.add("TH", scope="Column") if head else tr.add("TD")
            out.append([self.marks.para(row[i] if i < len(row) else (), style, tag=cell)])
        return tuple(out)

    def timeline(self, block: Timeline, parent: Node) -> list[Flowable]:
        """Return the timeline: in the structure tree a list (its caption first) of dated items."""
        if not block.entries:
            return []
        lst = parent.add("L", numbering="None")
        caption = lst.add("Caption") if block.caption else None
        entries = sorted(enumerate(block.entries), key=lambda e: (e[1].date.sort_key(), e[0]))
        rows = []
        for _, e in entries:
            li = lst.add("LI")
            rows.append((_text_para(e.date.text(self.language), self.st.tl_date, tag=li.add("Lbl")),
                         self.marks.para((Cite((e.ref,)),), self.st.tl_label, lead=e.label,
                                         tag=li.add("LBody").add("P"))))
        c = self.colors
        style = TimelineStyle(date=self.st.tl_date, axis=c["rule"], marker=c["accent"], ring=white)
        out: list[Flowable] = []
        if caption is not None:
            out.append(_text_para(block.caption, self.st.caption, tag=caption))
        out.append(TimelineFlowable(tuple(rows), style=style))
        out.append(Spacer(1, self.st.body.spaceAfter + 6))
        return out

    def takeaways(self, sec: Section, parent: Node) -> "_Table":
        """Return the takeaways section as a light panel with an accent bar down its left edge.

        Each bullet is its own table row, so a long panel can still break between pages, and an
        item taller than a page breaks inside itself; the heading stays with the first item.
        The panel is a layout table: in the structure tree it is a section of its heading and
        blocks, each bullet list one L however many rows it takes.
        """
        inner = self.width - 18 - 16
        sect = parent.add("Sect")
        rows: list[tuple[list[Flowable]]] = [([self.heading(sec.heading, self.st.box_title, 0, sect)],)]
        for block in sec.blocks:
            if isinstance(block, BulletList):
                node = sect.add("L", numbering="Decimal" if block.ordered else "Disc")
                for i, item in enumerate(block.items):
                    lst = self.bullets((item,), ordered=block.ordered, start=i + 1, parent=sect, node=node)
                    lst.spaceAfter = 0
                    rows.append(([lst],))
            else:
                rows += [([f],) for f in self.blocks((block,), inner, sect)]
        c = self.colors

        def make(piece: _Piece) -> _Table:
            cmds: list[tuple[Any, ...]] = [
                ("FONT", (0, 0), (-1, -1), self.fonts.regular, self.lay.body_size),
                ("BACKGROUND", (0, 0), (-1, -1), c["light"]),
                ("LINEBEFORE", (0, 0), (0, -1), 3, c["accent"]),
                ("LEFTPADDING", (0, 0), (-1, -1), 18), ("RIGHTPADDING", (0, 0), (-1, -1), 16),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
            if piece.first:
                cmds.append(("TOPPADDING", (0, 0), (-1, 0), 13))
            if piece.last:
                cmds.append(("BOTTOMPADDING", (0, -1), (-1, -1), 12))
            if piece.first and len(piece.rows) > 1:
                cmds.append(("NOSPLIT", (0, 0), (0, 1)))
            return _table(piece, make, colWidths=[self.width], style=TableStyle(cmds), hAlign="LEFT",
                          spaceBefore=4 if piece.first else 0, spaceAfter=10 if piece.last else 0)

        return make(_Piece(tuple(rows)))

    def notes(self, brief: Brief, parent: Node) -> Iterator[list[Flowable]]:
        """Yield the Notes section, its heading and then its notes a hundred at a time: in the
        structure tree a numbered list of Note elements, each number (the Lbl) a link back to
        the note's first use where there is one."""
        yield [self.heading(word(brief.labels, "notes"), self.st.h1, 0, parent)]
        if not brief.notes:
            return
        lst = parent.add("L", numbering="Decimal")
        for start in range(0, len(brief.notes), _NOTES_AT_ONCE):
            out = [self._note(note, lst) for note in brief.notes[start:start + _NOTES_AT_ONCE]]
            if start + _NOTES_AT_ONCE >= len(brief.notes):
                last = out[-1]
                last.style = ParagraphStyle("note_last", parent=last.style, spaceAfter=last.style.spaceAfter + 6)
            yield out

    def _note(self, note: Note, lst: Node) -> Flowable:
        # One paragraph per note, its number hung in the indent: a table per note looked the
        # same but cost a table layout (measured again when drawn) for every note.
        n = note.number
        li = lst.add("LI")
        label = li.add("Lbl")
        back = n in self.marks.cite_anchors
        words = word(self.marks.labels, "link_back", number=str(n))
        link = label.add("Link", href=f"#cite-{n}", contents=words) if back else None
        return self.marks.para(_bind_last_words(note.body), self.st.note_item, cls=_Note,
                               tag=li.add("LBody").add("Note", id=f"note-{n}"),
                               number=_NoteNumber(n, self.st.note_num, back=back, label=label, link=link))

    def sources(self, brief: Brief, parent: Node) -> list[Flowable]:
        """Return the Sources section: in the structure tree a list of its entries."""
        out: list[Flowable] = [self.heading(word(brief.labels, "sources"), self.st.h1, 0, parent)]
        lst = parent.add("L", numbering="None") if brief.sources else None
        for src in brief.sources:
            entry = src.entry or (Text(src.title, italic=True),)
            assert lst is not None
            out.append(self.marks.para(entry, self.st.source, anchor=f"source-{_printable(src.id)}",
                                       tag=lst.add("LI").add("LBody").add("P")))
        return out


def _colors(theme: Theme) -> dict[str, Color]:
    colors: dict[str, Color] = {k: HexColor("#" + theme.color(k))
                                for k in ("primary", "accent", "text", "muted", "light")}
    # A hairline grey between the light panel colour and the muted text colour.
    colors["rule"] = HexColor("#" + str(theme.pdf.get("rule_color", "C9D1DC")).lstrip("#"))
    return colors


_TABLE_FLOOR = 6.5  # points: a wide table's type shrinks no further
_TABLE_WORD_EM = 10.0  # a word longer than this many ems breaks anyway: it does not widen a column


def _table_plan(words: list[float], width: float, size: float) -> tuple[float, float, list[list[int]]]:
    """Return the type size, the cell padding and the columns of each part, for a table whose
    columns' longest words are `words` points wide at 1 point, in `width` points, its type
    `size` points by the theme.

    Every column should hold its longest word unbroken. When the columns are too many for
    that, type and padding shrink together, half a point at a time, down to `_TABLE_FLOOR`;
    at the floor, the columns are dealt out over parts that each fit, every part repeating
    the first column, which names the rows.
    """
    floor = min(_TABLE_FLOOR, size)
    s = size
    while True:
        pad = 6.0 * s / size
        need = [2 * pad + min(w, _TABLE_WORD_EM) * s for w in words]
        if sum(need) <= width:
            return s, pad, [list(range(len(words)))]
        if s <= floor:
            break
        s = max(floor, s - 0.5)
    groups: list[list[int]] = []
    for i in range(1, len(words)):
        if groups and sum(need[j] for j in groups[-1]) + need[i] <= width:
            groups[-1].append(i)
        else:
            groups.append([0, i])
    return s, pad, groups or [[0]]


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Return `text` shortened with an ellipsis so it fits `width` points."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    text = text[: int(width / (size * 0.2)) + 1]  # no glyph is narrower than 0.2 em
    while text and pdfmetrics.stringWidth(text + "\u2026", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "\u2026"


def render(brief: Brief, *, theme: Theme) -> Rendered:
    """Return the brief as PDF bytes with its page count.

    Raises |ThemeError| when the theme's `pdf:` settings are invalid; any text in the brief is
    printed literally, however it is marked up.
    """
    lay = _brief_layout(brief, theme.pdf)
    fonts = register_family(theme.font)
    colors = _colors(theme)
    st = _brief_styles(brief, theme, lay=lay, fonts=fonts, colors=colors)
    b = _builder(brief, theme, lay=lay, fonts=fonts, colors=colors, st=st)
    title = _printable(brief.title)
    width = lay.page_size[0] - lay.left - lay.right
    furniture = _Pagination(fonts=fonts, colors=colors, lay=lay,
                            running_title=_fit(" ".join(title.split()), fonts.regular, lay.small_size, width * 0.8),
                            page_of=word(brief.labels, "page_of"))
    root = Node("Document")
    spots: dict[str, tuple[int, float]] = {}
    story = _kept_with_next(_story(brief, b, logo=theme.logo, root=root, spots=spots))

    date = (brief.date.year, brief.date.month or 1, brief.date.day or 1)
    seed = "\0".join((brief.title, brief.date.iso(), brief.generator, brief.stem)).encode("utf-8", "replace")
    sink = _Sink()
    doc = _Doc(
        sink, lay=lay, header=furniture.header, more=story, title=title, author=_printable(brief.author),
        subject=_printable(brief.subtitle or brief.audience), keywords=", ".join(_printable(k) for k in brief.keywords),
        creator=_printable(brief.generator), producer=_printable(brief.generator), lang=_printable(brief.language) or None,
        invariant=1, initialFontName=fonts.regular, displayDocTitle=1,
    )
    doc.build(next(story), canvasmaker=partial(_Canvas, footer=furniture.footer, seed=seed, date=date, root=root, title=title))
    pages = doc.canv.page_total
    share = notes_share(spots, pages=pages, bottom=lay.bottom, top=lay.page_size[1] - lay.top)
    return Rendered(data=sink.data, pages=pages, messages=(
        f"notes and sources: {share:.1f} of {pages} pages ({share / max(pages, 1):.0%})",))


def _brief_layout(brief: Brief, pdf: Mapping[str, Any]) -> _PageLayout:
    """Return the theme's page layout, its furniture named in the brief's catalogue (its language,
    the outline's `labels:`) unless the theme has its own word for it. The kicker is the
    audience's word for the document (as in the DOCX), else the theme's or the catalogue's; a
    theme whose kicker is empty hides it."""
    lay = _layout(pdf)
    kicker = (brief.kicker or brief.themed_label("kicker", lay.kicker, "Policy brief")) if lay.kicker else ""
    return replace(lay, kicker=kicker, labels={**lay.labels, **{
        k: brief.themed_label(key, lay.labels[k], _DEFAULT_LABELS[k])
        for k, key in (("audience", "prepared_for"), ("date", "date"), ("author", "author"), ("analysis", "analysis"))}})


def _brief_styles(brief: Brief, theme: Theme, *, lay: _PageLayout, fonts: Fonts,
                  colors: Mapping[str, Color]) -> _Styles:
    """Return the paragraph styles, hyphenated in the brief's language where the theme asks for it
    (`pdf: hyphenate: true`): ReportLab draws the hyphen it adds as text, so a reader copying or
    reading aloud a hyphenated line gets "part- ners". Titles, headings and labels never are."""
    st = _styles(lay, fonts, colors, language=brief.language if theme.pdf.get("hyphenate") is True else "")
    for name in ("h1", "h2", "box_title", "label", "title", "subtitle", "meta_label", "meta_value", "tl_date",
                 "head_cell", "caption"):
        getattr(st, name).hyphenationLang = ""
    return st


def _builder(brief: Brief, theme: Theme, *, lay: _PageLayout, fonts: Fonts, colors: Mapping[str, Color],
             st: _Styles) -> _Builder:
    """Return the builder of the brief's flowables: its citation marks, its figures, and the body's
    measure centred between the margins."""
    page_w, page_h = lay.page_size
    width = page_w - lay.left - lay.right
    marks = _Marks(notes=frozenset(n.number for n in brief.notes), link_color=_hex(theme.color("primary")),
                   source_anchors=frozenset(f"source-{s.id}" for s in brief.sources),
                   source_titles={f"source-{s.id}": _printable(s.title) for s in brief.sources}, labels=brief.labels)
    figures = FigureMaker.for_theme(body=st.body, fonts=(fonts.regular, fonts.bold), colors=colors,
                                    small=lay.small_size, frame_height=page_h - lay.top - lay.bottom,
                                    label=word(brief.labels, "figure"))
    measure = _measure(lay, fonts.regular, width)
    inset = round((width - measure) / 2, 2)
    return _Builder(st=st, fonts=fonts, colors=colors, lay=lay, marks=marks, width=measure, inset=inset,
                    figures=figures, language=brief.language)


@dataclass(frozen=True, slots=True)
class _Pagination:
    """The pages' furniture: from page 2 on, the running title over a rule and "Page N of M"
    (drawn through the canvas's page-number forms), both artifacts, in the small muted type."""

    fonts: Fonts
    colors: Mapping[str, Color]
    lay: _PageLayout
    running_title: str
    page_of: str  # "Page {page} of {total}" in the brief's words

    def header(self, canv: Canvas, doc: Any) -> None:
        """Draw a later page's running header, and place its page-number form."""
        lay = self.lay
        page_w, page_h = lay.page_size
        canv.saveState()
        with artifact(canv, "Pagination", "Header"):
            canv.setFont(self.fonts.regular, lay.small_size)
            canv.setFillColor(self.colors["muted"])
            y = page_h - lay.top + 16
            canv.drawString(lay.left, y, self.running_title)
            canv.setStrokeColor(self.colors["rule"])
            canv.setLineWidth(0.5)
            canv.line(lay.left, y - 6, page_w - lay.right, y - 6)
        canv.restoreState()
        canv.saveState()
        with artifact(canv, "Pagination", "Footer"):
            canv.number_form(canv.getPageNumber())  # type: ignore[attr-defined]
        canv.restoreState()

    def footer(self, canv: _Canvas, page: int, total: int) -> None:
        """Draw "Page N of M" (into the page's form, once the page count is known)."""
        canv.setFont(self.fonts.regular, self.lay.small_size)
        canv.setFillColor(self.colors["muted"])
        canv.drawRightString(self.lay.page_size[0] - self.lay.right, self.lay.bottom - 22,
                             fill(self.page_of, page=str(page), total=str(total)))


def _story(brief: Brief, b: _Builder, *, logo: Logo | None, root: Node,
           spots: dict[str, tuple[int, float]]) -> Iterator[list[Flowable]]:
    """Yield the brief's flowables a part at a time, in order: the masthead, each section, the
    notes a hundred at a time and the sources (their start and end recorded in `spots`), their
    structure under `root`. A part is made when the layout reaches it."""
    lay = b.lay
    title = _printable(brief.title)
    facts = [(lay.labels["audience"], _esc(brief.audience_name)), (lay.labels["date"], _esc(brief.date_text(brief.date))),
             (lay.labels["author"], _esc(brief.author))]
    head: list[Flowable] = [
        NextPageTemplate("later"),
        _Masthead(kicker=lay.kicker, title=_esc(brief.title), subtitle=_esc(brief.subtitle),
                  facts=[(k, v) for k, v in facts if v], st=b.st, fonts=b.fonts, colors=b.colors,
                  bleed=(lay.left, lay.right), pad_top=max(lay.top * 0.8, 30), root=root,
                  title_text=" ".join(title.split()), logo=logo),
        Spacer(1, 10),
    ]
    # The body, notes and sources are set in a column of the theme's measure, centred between the
    # margins (notes at their smaller size get more characters a line); the masthead and tables
    # take the full width.
    inset = b.inset
    yield head + [Indenter(inset, inset)] if inset else head
    for sec in brief.sections:
        yield b.section(sec, root)
    yield [Spacer(1, 8), _Spot("notes", spots)]
    yield from b.notes(brief, root)
    tail = [*b.sources(brief, root), _Spot("end", spots)]
    yield tail + [Indenter(-inset, -inset)] if inset else tail


def _kept_with_next(parts: Iterator[list[Flowable]]) -> Iterator[list[Flowable]]:
    """Yield the story's parts through `_keep_with_next`, a part whose last flowable (but for
    spacing) is kept with the next joined to the next part, so that every run finds the
    flowable it is kept with, as if the story were one list."""
    held: list[Flowable] = []
    for part in parts:
        held += part
        last = next((f for f in reversed(held) if not isinstance(f, (Spacer, Indenter))), None)
        if last is None or (not isinstance(last, NextPageTemplate) and last.getKeepWithNext()):
            continue
        yield _keep_with_next(held)
        held = []
    if held:
        yield _keep_with_next(held)
