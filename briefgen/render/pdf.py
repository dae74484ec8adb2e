"""Render a Brief as a typeset PDF with ReportLab: masthead, linked citations, notes, sources and an outline."""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate, Flowable, Frame, ListFlowable, ListItem, NextPageTemplate, PageTemplate,
    Paragraph, Spacer, Table, TableStyle,
)

from ..model import (
    Brief, BulletList, Cite, Inlines, Paragraph as ParagraphBlock, Section, Subheading,
    Table as TableBlock, Text, Timeline, plain,
)
from ..theme import FontFamily, Theme, ThemeError
from . import Rendered
from .pdf_timeline import TimelineFlowable, TimelineStyle

_PAGE_SIZES = {"a4": A4, "letter": LETTER}
_LINK_SCHEMES = ("http://", "https://", "mailto:")
# C0 controls other than tab/newline/CR, lone surrogates and non-characters: no font or XML holds them.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


# ---------------------------------------------------------------- settings


@dataclass(frozen=True, slots=True)
class _Layout:
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


_DEFAULT_LABELS = {
    "audience": "Prepared for",
    "date": "Date",
    "author": "Author",
    "analysis": "Analysis",
}


def _layout(pdf: Mapping[str, Any]) -> _Layout:
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
    return _Layout(
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
    )


# ---------------------------------------------------------------- fonts


@dataclass(frozen=True, slots=True)
class _Fonts:
    regular: str
    bold: str
    italic: str
    bold_italic: str


def _register_fonts(font: FontFamily) -> _Fonts:
    """Register the theme's four TrueType files as one family and return their ReportLab names.

    The names carry a digest of the file paths, so two themes with the same family name never
    overwrite each other in ReportLab's process-wide registry, and a second render reuses the
    already parsed fonts.
    """
    paths = (font.regular, font.bold, font.italic, font.bold_italic)
    tag = hashlib.sha1("\0".join(str(p) for p in paths).encode()).hexdigest()[:8]
    base = re.sub(r"[^A-Za-z0-9]", "", font.name) or "Body"
    names = _Fonts(*(f"{base}-{tag}-{kind}" for kind in ("Regular", "Bold", "Italic", "BoldItalic")))
    known = set(pdfmetrics.getRegisteredFontNames())
    for name, path in zip((names.regular, names.bold, names.italic, names.bold_italic), paths):
        if name not in known:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(names.regular, normal=names.regular, bold=names.bold,
                                  italic=names.italic, boldItalic=names.bold_italic)
    return names


# ---------------------------------------------------------------- text


def _clean(text: str) -> str:
    """Return `text` without characters that no font or PDF string can carry."""
    return _INVALID.sub("", text)


def _esc(text: str) -> str:
    """Return `text` escaped for ReportLab paragraph markup (also safe inside attribute quotes)."""
    return escape(_clean(text), {'"': "&quot;", "'": "&#39;"})


def _hex(color: str) -> str:
    return "#" + color


@dataclass(slots=True)
class _Marks:
    """Citation markup for one document: which notes exist and which first uses got an anchor.

    It is filled while the body is built, in document order, so the Notes section built last
    knows every back-link target that really exists.
    """

    notes: frozenset[int]
    link_color: str
    cite_anchors: set[int] = field(default_factory=set)
    source_anchors: frozenset[str] = frozenset()  # `source-<id>` of every Sources entry

    def cite(self, item: Cite) -> str:
        parts: list[str] = []
        for ref in item.refs:
            n = ref.number
            anchor = ""
            if ref.first and n not in self.cite_anchors:
                anchor = f'<a name="cite-{n}"/>'
                self.cite_anchors.add(n)
            label = f'<a href="#note-{n}" color="{self.link_color}">{n}</a>' if n in self.notes else str(n)
            parts.append(anchor + label)
        return "<super>" + ",".join(parts) + "</super>"

    def inlines(self, inlines: Inlines) -> str:
        out: list[str] = []
        for item in inlines:
            if isinstance(item, Cite):
                out.append(self.cite(item))
                continue
            s = _esc(item.text)
            if item.bold:
                s = f"<b>{s}</b>"
            if item.italic:
                s = f"<i>{s}</i>"
            href = _clean(item.href or "").strip()
            # Only web and mail links become live; anything else (javascript:, file:) stays text.
            if href.lower().startswith(_LINK_SCHEMES):
                s = f'<a href="{_esc(href)}" color="{self.link_color}">{s}</a>'
            elif href.startswith("#source-") and href[1:] in self.source_anchors:
                s = f'<a href="#{_esc(href[1:])}">{s}</a>'  # to the Sources entry, not coloured
            out.append(s)
        return "".join(out)


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
    note: ParagraphStyle
    source: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    meta_label: ParagraphStyle
    meta_value: ParagraphStyle
    tl_date: ParagraphStyle
    tl_label: ParagraphStyle


def _styles(lay: _Layout, f: _Fonts, c: Mapping[str, Color]) -> _Styles:
    body = ParagraphStyle(
        "body", fontName=f.regular, fontSize=lay.body_size, leading=lay.leading, textColor=c["text"],
        spaceAfter=lay.body_size * 0.7, allowWidows=0, allowOrphans=0, splitLongWords=1,
        bulletFontName=f.regular, hyphenationLang="", embeddedHyphenation=0,
    )
    small = lay.small_size
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
                             textColor=c["accent"], spaceBefore=-lay.h1_size * 0.25,
                             spaceAfter=lay.body_size * 0.6, keepWithNext=1),
        caption=ParagraphStyle("caption", parent=body, fontName=f.bold, fontSize=lay.body_size - 0.5,
                               leading=lay.body_size * 1.3, textColor=c["primary"],
                               spaceBefore=lay.body_size * 0.6, spaceAfter=lay.body_size * 0.8, keepWithNext=1),
        cell=ParagraphStyle("cell", parent=body, fontSize=lay.table_size, leading=lay.table_size * 1.3,
                            spaceAfter=0),
        head_cell=ParagraphStyle("head_cell", parent=body, fontName=f.bold, fontSize=lay.table_size,
                                 leading=lay.table_size * 1.3, textColor=c["primary"], spaceAfter=0),
        note_num=ParagraphStyle("note_num", parent=body, fontName=f.bold, fontSize=small + 0.5,
                                leading=(small + 0.5) * 1.38, textColor=c["primary"], spaceAfter=0,
                                alignment=TA_RIGHT),
        note=ParagraphStyle("note", parent=body, fontSize=small + 0.5, leading=(small + 0.5) * 1.38,
                            spaceAfter=0),
        source=ParagraphStyle("source", parent=body, fontSize=small + 0.5, leading=(small + 0.5) * 1.38,
                              leftIndent=12, firstLineIndent=-12, spaceAfter=small * 0.6),
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


class _Heading(Paragraph):
    """A heading paragraph that leaves a PDF destination and an outline entry where it is drawn."""

    def __init__(self, text: str, style: ParagraphStyle, *, key: str, title: str, level: int) -> None:
        super().__init__(text, style)
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
        for later in parts[1:]:
            later.outline = None  # type: ignore[attr-defined]
        return parts


class _Masthead(Flowable):
    """Page 1's title band: kicker, title and subtitle on the primary colour, then a row of facts.

    The band bleeds to the page edges: the first page's frame starts at the very top of the
    sheet, and the band is drawn out into the side margins.
    """

    def __init__(self, *, kicker: str, title: str, subtitle: str, facts: list[tuple[str, str]],
                 st: _Styles, fonts: _Fonts, colors: Mapping[str, Color], bleed: tuple[float, float],
                 pad_top: float) -> None:
        super().__init__()
        self.kicker, self.facts = kicker, facts
        self.st, self.fonts, self.colors = st, fonts, colors
        self.bleed, self.pad_top = bleed, pad_top
        self.title_p = Paragraph(title, st.title)
        self.subtitle_p = Paragraph(subtitle, st.subtitle) if subtitle else None
        self.fact_ps = [(Paragraph(_esc(k).upper(), st.meta_label), Paragraph(v, st.meta_value))
                        for k, v in facts]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        kick = self.st.meta_label.leading + 6 if self.kicker else 0.0
        _, th = self.title_p.wrap(availWidth, availHeight)
        # A very long title steps down in size rather than pushing the band off the page.
        size = self.title_p.style.fontSize
        while th > availHeight * 0.4 and size > self.st.subtitle.fontSize:
            size -= 2
            style = ParagraphStyle("title_fit", parent=self.st.title, fontSize=size, leading=size * 1.12)
            self.title_p = Paragraph(self.title_p.text, style)
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
        out: list[Flowable] = [Paragraph(self.title_p.text, ParagraphStyle(
            "title_flow", parent=self.st.h1, fontSize=self.st.subtitle.fontSize, keepWithNext=0))]
        if self.subtitle_p is not None:
            out.append(Paragraph(self.subtitle_p.text, self.st.body))
        out += [Paragraph(f"{lab.text}: {val.text}", self.st.body) for lab, val in self.fact_ps]
        # The frame needs a first part that fits, so the title itself is split here.
        out[0].wrap(availWidth, availHeight)
        first = out[0].split(availWidth, availHeight)
        return first + out[1:] if first else []

    def draw(self) -> None:
        canv, c = self.canv, self.colors
        left, right = self.bleed
        band_bottom = self.height - self.band_h
        canv.saveState()
        canv.setFillColor(c["primary"])
        canv.rect(-left, band_bottom, self.width + left + right, self.band_h + 1, stroke=0, fill=1)
        canv.setFillColor(c["accent"])
        canv.rect(-left, band_bottom - 3, self.width + left + right, 3, stroke=0, fill=1)
        y = self.height - self.pad_top
        if self.kicker:
            size = self.st.meta_label.fontSize + 0.5
            y -= size
            text = canv.beginText(0, y)
            text.setFont(self.fonts.bold, size)
            text.setCharSpace(1.1)
            text.setFillColor(c["light"])
            text.textOut(_clean(self.kicker).upper())
            text.setCharSpace(0)  # Tc outlives ET; the title must not inherit the tracking
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
                    canv.setStrokeColor(c["rule"])
                    canv.setLineWidth(0.6)
                    canv.line(x - 10, top + 2, x - 10, top - lab.height - val.height - 1)
                lab.drawOn(canv, x, top - lab.height)
                val.drawOn(canv, x, top - lab.height - 2 - val.height)
        canv.restoreState()


# ---------------------------------------------------------------- canvas and document


class _Canvas(Canvas):
    """A canvas that writes "Page N of M" through one small form per page, defined at save.

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
        super().save()


class _Doc(BaseDocTemplate):
    """Two page templates: page 1 starts at the top edge (the masthead band), later pages carry
    the running header and footer."""

    def __init__(self, buf: io.BytesIO, *, lay: _Layout, header: Callable[[Canvas, Any], None],
                 **kwargs: Any) -> None:
        super().__init__(buf, pagesize=lay.page_size, leftMargin=lay.left, rightMargin=lay.right,
                         topMargin=lay.top, bottomMargin=lay.bottom, **kwargs)
        w, h = lay.page_size
        fw = w - lay.left - lay.right
        pad = dict(leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        first = Frame(lay.left, lay.bottom, fw, h - lay.bottom, id="first", **pad)
        later = Frame(lay.left, lay.bottom, fw, h - lay.top - lay.bottom, id="body", **pad)
        self.addPageTemplates([
            PageTemplate(id="first", frames=[first]),
            PageTemplate(id="later", frames=[later], onPage=header),
        ])


# ---------------------------------------------------------------- building


@dataclass(slots=True)
class _Builder:
    """Turns the Brief's blocks into flowables; holds the per-render styles and citation marks."""

    st: _Styles
    fonts: _Fonts
    colors: Mapping[str, Color]
    lay: _Layout
    marks: _Marks
    width: float
    bookmarks: int = 0

    def heading(self, text: str, style: ParagraphStyle, level: int) -> _Heading:
        self.bookmarks += 1
        return _Heading(_esc(text), style, key=f"h{self.bookmarks}", title=_clean(text), level=level)

    def section(self, sec: Section) -> list[Flowable]:
        if sec.role == "takeaways":
            return [self.takeaways(sec)]
        out: list[Flowable] = [self.heading(sec.heading, self.st.h1, 0)]
        if sec.analysis:
            out.append(Paragraph(_esc(self.lay.labels["analysis"]).upper(), self.st.label))
        out += self.blocks(sec.blocks, self.width)
        return out

    def blocks(self, blocks: tuple[Any, ...], width: float) -> list[Flowable]:
        out: list[Flowable] = []
        for block in blocks:
            if isinstance(block, ParagraphBlock):
                out.append(Paragraph(self.marks.inlines(block.inlines), self.st.body))
            elif isinstance(block, Subheading):
                out.append(self.heading(block.text, self.st.h2, 1))
            elif isinstance(block, BulletList):
                out.append(self.bullets(block.items, ordered=block.ordered))
            elif isinstance(block, TableBlock):
                table = self.table(block, width)
                if table is not None:
                    out.append(table)
            elif isinstance(block, Timeline):
                out += self.timeline(block)
        return out

    def bullets(self, items: tuple[Inlines, ...], *, ordered: bool, start: int = 1) -> ListFlowable:
        body = self.st.body
        paras = [ListItem(Paragraph(self.marks.inlines(it), ParagraphStyle("li", parent=body,
                                                                           spaceAfter=body.fontSize * 0.35)))
                 for it in items]
        common = dict(leftIndent=16, bulletFontSize=body.fontSize, bulletOffsetY=0,
                      spaceAfter=body.spaceAfter, bulletDedent=14)
        if ordered:
            return ListFlowable(paras, bulletType="1", start=str(start), bulletFormat="%s.",
                                bulletFontName=self.fonts.bold, bulletColor=self.colors["primary"], **common)
        return ListFlowable(paras, bulletType="bullet", start="\u2022", bulletFontName=self.fonts.regular,
                            bulletColor=self.colors["accent"], **common)

    def table(self, block: TableBlock, width: float) -> Table | None:
        ncols = max([len(block.header)] + [len(r) for r in block.rows])
        if ncols == 0:
            return None
        aligns = {"right": TA_RIGHT, "center": TA_CENTER}

        def cells(row: tuple[Inlines, ...], base: ParagraphStyle) -> list[Paragraph]:
            out = []
            for i in range(ncols):
                align = block.align[i] if i < len(block.align) else "left"
                style = ParagraphStyle(f"{base.name}{i}", parent=base, alignment=aligns.get(align, TA_LEFT))
                out.append(Paragraph(self.marks.inlines(row[i]) if i < len(row) else "", style))
            return out

        header = [cells(block.header, self.st.head_cell)] if block.header else []
        data = header + [cells(r, self.st.cell) for r in block.rows]
        # Columns share the width by how much text they hold, within bounds, so short codes stay
        # narrow and prose columns get room.
        weights = []
        for i in range(ncols):
            longest = max((len(plain(r[i])) for r in (block.header, *block.rows) if i < len(r)), default=1)
            weights.append(min(max(longest, 6), 60))
        total = sum(weights)
        widths = [width * w / total for w in weights]
        # No column narrower than its longest word ("organisation" must not break mid-word),
        # when the page allows it; the wider columns give up the difference.
        from reportlab.pdfbase.pdfmetrics import stringWidth

        floor = [12 + max((stringWidth(word, self.fonts.bold, self.lay.table_size)
                           for r in (block.header, *block.rows) if i < len(r) for word in plain(r[i]).split()),
                          default=0) for i in range(ncols)]
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
        c = self.colors
        cmds: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), self.fonts.regular, self.lay.table_size),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 4.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ("LINEBELOW", (0, -1), (-1, -1), 0.8, c["primary"]),
        ]
        if header:
            cmds += [("LINEABOVE", (0, 0), (-1, 0), 0.8, c["primary"]),
                     ("LINEBELOW", (0, 0), (-1, 0), 0.8, c["primary"])]
        if len(data) > len(header):
            cmds.append(("ROWBACKGROUNDS", (0, len(header)), (-1, -1), [white, c["light"]]))
        return Table(data, colWidths=widths, repeatRows=len(header), style=TableStyle(cmds),
                     hAlign="LEFT", spaceBefore=4, spaceAfter=self.st.body.spaceAfter + 4)

    def timeline(self, block: Timeline) -> list[Flowable]:
        entries = sorted(enumerate(block.entries), key=lambda e: (e[1].date.sort_key(), e[0]))
        rows = tuple(
            (_esc(e.date.short()), _esc(e.label) + self.marks.cite(Cite((e.ref,))))
            for _, e in entries
        )
        c = self.colors
        style = TimelineStyle(date=self.st.tl_date, label=self.st.tl_label, axis=c["rule"],
                              marker=c["accent"], ring=white)
        if not rows:
            return []
        out: list[Flowable] = []
        if block.caption:
            out.append(Paragraph(_esc(block.caption), self.st.caption))
        out.append(TimelineFlowable(rows, style=style))
        out.append(Spacer(1, self.st.body.spaceAfter + 6))
        return out

    def takeaways(self, sec: Section) -> Table:
        """Return the takeaways section as a light panel with an accent bar down its left edge.

        Each bullet is its own table row, so a long panel can still break between pages.
        """
        inner = self.width - 18 - 16
        rows: list[list[Flowable]] = [[self.heading(sec.heading, self.st.box_title, 0)]]
        for block in sec.blocks:
            if isinstance(block, BulletList):
                for i, item in enumerate(block.items):
                    lst = self.bullets((item,), ordered=block.ordered, start=i + 1)
                    lst.spaceAfter = 0
                    rows.append([lst])
            else:
                rows += [[f] for f in self.blocks((block,), inner)]
        c = self.colors
        style = TableStyle([
            ("FONT", (0, 0), (-1, -1), self.fonts.regular, self.lay.body_size),
            ("BACKGROUND", (0, 0), (-1, -1), c["light"]),
            ("LINEBEFORE", (0, 0), (0, -1), 3, c["accent"]),
            ("LEFTPADDING", (0, 0), (-1, -1), 18), ("RIGHTPADDING", (0, 0), (-1, -1), 16),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ("TOPPADDING", (0, 0), (-1, 0), 13), ("BOTTOMPADDING", (0, -1), (-1, -1), 12),
        ])
        return Table(rows, colWidths=[self.width], style=style, hAlign="LEFT",
                     spaceBefore=4, spaceAfter=10)

    def notes(self, brief: Brief) -> list[Flowable]:
        out: list[Flowable] = [self.heading("Notes", self.st.h1, 0)]
        if not brief.notes:
            return out
        style = TableStyle([
            ("FONT", (0, 0), (-1, -1), self.fonts.regular, self.lay.small_size),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (0, -1), 8),
            ("RIGHTPADDING", (1, 0), (1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ])
        # One small table per note: a single table of all notes is re-measured whole at every
        # page break, which made long briefs quadratically slow.
        for note in brief.notes:
            n = note.number
            num = f'<a name="note-{n}"/>'
            num += (f'<a href="#cite-{n}" color="{self.marks.link_color}">{n}</a>'
                    if n in self.marks.cite_anchors else str(n))
            row = [Paragraph(num, self.st.note_num), Paragraph(self.marks.inlines(note.body), self.st.note)]
            out.append(Table([row], colWidths=[22, self.width - 22], style=style, hAlign="LEFT"))
        out[-1].spaceAfter = 6
        return out

    def sources(self, brief: Brief) -> list[Flowable]:
        out: list[Flowable] = [self.heading("Sources", self.st.h1, 0)]
        for src in brief.sources:
            entry = src.entry or (Text(src.title, italic=True),)
            out.append(Paragraph(f'<a name="source-{_esc(src.id)}"/>' + self.marks.inlines(entry), self.st.source))
        return out


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
    lay = _layout(theme.pdf)
    fonts = _register_fonts(theme.font)
    colors: dict[str, Color] = {k: HexColor("#" + theme.color(k))
                                for k in ("primary", "accent", "text", "muted", "light")}
    # A hairline grey between the light panel colour and the muted text colour.
    colors["rule"] = HexColor("#" + str(theme.pdf.get("rule_color", "C9D1DC")).lstrip("#"))
    st = _styles(lay, fonts, colors)
    page_w, page_h = lay.page_size
    width = page_w - lay.left - lay.right
    marks = _Marks(notes=frozenset(n.number for n in brief.notes), link_color=_hex(theme.color("primary")),
                   source_anchors=frozenset(f"source-{s.id}" for s in brief.sources))
    b = _Builder(st=st, fonts=fonts, colors=colors, lay=lay, marks=marks, width=width)

    title = _clean(brief.title)
    small = lay.small_size
    running_title = _fit(" ".join(title.split()), fonts.regular, small, width * 0.8)

    def header(canv: Canvas, doc: Any) -> None:
        canv.saveState()
        canv.setFont(fonts.regular, small)
        canv.setFillColor(colors["muted"])
        y = page_h - lay.top + 16
        canv.drawString(lay.left, y, running_title)
        canv.setStrokeColor(colors["rule"])
        canv.setLineWidth(0.5)
        canv.line(lay.left, y - 6, page_w - lay.right, y - 6)
        canv.restoreState()
        canv.saveState()
        canv.number_form(canv.getPageNumber())  # type: ignore[attr-defined]
        canv.restoreState()

    def footer(canv: _Canvas, page: int, total: int) -> None:
        canv.setFont(fonts.regular, small)
        canv.setFillColor(colors["muted"])
        canv.drawRightString(page_w - lay.right, lay.bottom - 22, f"Page {page} of {total}")

    facts = [(lay.labels["audience"], _esc(brief.audience)), (lay.labels["date"], _esc(brief.date.long())),
             (lay.labels["author"], _esc(brief.author))]
    story: list[Flowable] = [
        NextPageTemplate("later"),
        _Masthead(kicker=lay.kicker, title=_esc(brief.title), subtitle=_esc(brief.subtitle),
                  facts=[(k, v) for k, v in facts if v], st=st, fonts=fonts, colors=colors,
                  bleed=(lay.left, lay.right), pad_top=max(lay.top * 0.8, 30)),
        Spacer(1, 10),
    ]
    for sec in brief.sections:
        story += b.section(sec)
    story.append(Spacer(1, 8))
    story += b.notes(brief)
    story += b.sources(brief)

    date = (brief.date.year, brief.date.month or 1, brief.date.day or 1)
    seed = "\0".join((brief.title, brief.date.iso(), brief.generator, brief.stem)).encode("utf-8", "replace")

    def canvasmaker(*args: Any, **kwargs: Any) -> _Canvas:
        return _Canvas(*args, footer=footer, seed=seed, date=date, **kwargs)

    buf = io.BytesIO()
    doc = _Doc(
        buf, lay=lay, header=header, title=title, author=_clean(brief.author),
        subject=_clean(brief.subtitle or brief.audience), keywords=", ".join(_clean(k) for k in brief.keywords),
        creator=_clean(brief.generator), producer=_clean(brief.generator), lang=_clean(brief.language) or None,
        invariant=1, initialFontName=fonts.regular, displayDocTitle=1,
    )
    doc.build(story, canvasmaker=canvasmaker)
    return Rendered(data=buf.getvalue(), pages=doc.canv.page_total)
