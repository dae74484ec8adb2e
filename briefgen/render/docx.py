"""Render a Brief as a native Word document: named styles, a Contents field, real footnotes, Word tables.

Styles come from `templates/<theme>/reference.docx` (Pandoc's `--reference-doc` convention: its
styles, page setup, header and footer are kept, its body is discarded), or from python-docx's
default template when the theme has none. Content never carries direct formatting beyond what a
writer would type (bold, italic, table-column alignment); everything else is a style, so a Word
user restyles the whole brief by editing styles.

A reference document must contain these styles (Word's own names), else |TemplateError|:

    Normal, Title, Subtitle, Heading 1, Heading 2, List Bullet, List Number, Caption

briefgen adds these when the reference lacks them, with theme colours (the default theme's
reference defines them all, so editing them there restyles every brief):

    Brief Meta (paragraph)       audience, date and author under the title
    Analysis Label (paragraph)   the small "Analysis" label of an analysis section
    Note Text (paragraph)        entries of the Notes list
    Bibliography (paragraph)     entries of the Sources list
    TOC Heading, toc 1, toc 2    the Contents heading and entries
    footnote text, footnote reference, Hyperlink
    Brief Table (table)          Markdown tables and timelines
    Key Takeaways (table)        the shaded box around a key-takeaways section

Citation numbers match the PDF and the deck: a note's first citation in document order is a Word
footnote, later citations of the same note are NOTEREF fields to it. Notes are numbered in
first-use order, so Word's automatic footnote numbers equal briefgen's; if they ever disagree
(a note first cited only on a slide), the footnote carries its number as a custom mark instead.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Callable

from ..model import (
    Brief, BulletList, Cite, Inlines, Paragraph, Section, Subheading, Table, Text, Timeline, plain,
)
from . import Rendered, TemplateError as _TemplateError

if TYPE_CHECKING:
    from docx.document import Document
    from docx.styles.style import BaseStyle
    from docx.text.paragraph import Paragraph as DocxParagraph

    from ..theme import Theme


class TemplateError(_TemplateError):
    """The reference document lacks a style briefgen needs, or has it with the wrong type."""


# Word's names for the styles content maps to; a reference document must have each.
REQUIRED_STYLES: tuple[tuple[str, str], ...] = (
    ("Normal", "paragraph"),
    ("Title", "paragraph"),
    ("Subtitle", "paragraph"),
    ("Heading 1", "paragraph"),
    ("Heading 2", "paragraph"),
    ("List Bullet", "paragraph"),
    ("List Number", "paragraph"),
    ("Caption", "paragraph"),
)

_DEFAULTS: dict[str, Any] = {
    "reference": "reference.docx",
    "toc": True,
    "toc_title": "Contents",
    "toc_levels": 2,
    "table_style": "Brief Table",
    "box_style": "Key Takeaways",
    "meta_separator": "  \u00b7  ",
    "audience_prefix": "For ",
    "caption_label": "Table",
    "timeline_headers": ("Date", "Event"),
    "analysis_label": "Analysis",
}


def render(brief: Brief, *, theme: "Theme") -> Rendered:
    """Return the brief as DOCX bytes, byte-identical for the same brief and theme.

    Raises |TemplateError| when the theme's reference document cannot be read or lacks a
    required style.
    """
    import io

    from .ooxml_zip import normalize_package

    options = {**_DEFAULTS, **dict(theme.docx)}
    document = _open_template(theme, options)
    writer = _Writer(brief, document, theme=theme, options=options)
    writer.write()
    buffer = io.BytesIO()
    document.save(buffer)
    return Rendered(data=normalize_package(buffer.getvalue(), date=brief.date))


# ---------------------------------------------------------------- template and styles


def _open_template(theme: "Theme", options: dict[str, Any]) -> "Document":
    import docx

    from . import docx_notes as notes

    import zipfile

    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    path = theme.file(str(options["reference"]))
    try:
        document = docx.Document(str(path)) if path is not None else docx.Document()
    except (PackageNotFoundError, zipfile.BadZipFile, XMLSyntaxError, KeyError, ValueError) as exc:
        # python-docx says ValueError for a .dotx/.docm content type, KeyError for a missing part
        raise TemplateError(f"reference document `{path}` is not a readable Word document ({exc})") from exc
    where = str(path) if path is not None else "python-docx default template"
    for name, kind in REQUIRED_STYLES:
        style = find_style(document, name)
        if style is None:
            raise TemplateError(
                f"reference document `{where}` has no `{name}` style; briefgen needs it "
                f"(add it in Word, or start from templates/default/reference.docx)"
            )
        if _kind(style) != kind:
            raise TemplateError(f"reference document `{where}`: style `{name}` must be a {kind} style")
    add_briefgen_styles(document, theme=theme, options=options, where=where)
    notes.clear_body(document)
    return document


def _kind(style: "BaseStyle") -> str:
    return {1: "paragraph", 2: "character", 3: "table", 4: "numbering"}[int(style.type)]


def find_style(document: "Document", name: str) -> "BaseStyle | None":
    """Return the style called `name` (case-insensitive, as Word matches names), or None."""
    from docx.oxml.ns import qn
    from docx.styles import BabelFish
    from docx.styles.style import StyleFactory

    # Read the names straight from the XML: wrapping ~200 styles in objects per lookup costs more
    # than the rest of a small brief's rendering.
    wanted = {name.lower(), BabelFish.ui2internal(name).lower()}
    for element in document.styles.element.iterchildren(qn("w:style")):
        named = element.find(qn("w:name"))
        if named is not None and (named.get(qn("w:val")) or "").lower() in wanted:
            return StyleFactory(element)
    return None


def text_width_twips(document: "Document") -> int:
    """Return the width between the margins of the document's last section, in twips."""
    section = document.sections[-1]
    width = (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
    return max(int(width) // 635, 2880)


def add_briefgen_styles(document: "Document", *, theme: "Theme", options: dict[str, Any] | None = None,
                        where: str = "") -> None:
    """Add the styles briefgen defines itself (see the module docstring) that `document` lacks.

    Used by the renderer for any template, and by `make_reference_docx.py` to build the default
    theme's reference. Raises |TemplateError| when one exists with the wrong type.
    """
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_UNDERLINE
    from docx.shared import Pt, RGBColor, Twips

    from . import docx_notes as notes

    opts = {**_DEFAULTS, **(options or {})}
    primary = RGBColor.from_string(theme.color("primary"))
    muted = RGBColor.from_string(theme.color("muted"))
    accent = RGBColor.from_string(theme.color("accent"))
    width = text_width_twips(document)
    P, C, T = WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE

    def meta(s: Any) -> None:
        s.font.size = Pt(10)
        s.font.color.rgb = muted
        f = s.paragraph_format
        f.space_before, f.space_after = Pt(0), Pt(14)
        notes.style_paragraph_border(s, side="bottom", size_eighths=12, color=theme.color("accent"), space=8)

    def analysis(s: Any) -> None:
        s.font.size = Pt(8)
        s.font.bold = True
        s.font.color.rgb = accent
        notes.style_caps(s, spacing_twips=20)
        f = s.paragraph_format
        f.space_before, f.space_after, f.keep_with_next = Pt(0), Pt(2), True

    def note_text(s: Any) -> None:
        s.font.size = Pt(9)
        f = s.paragraph_format
        f.space_before, f.space_after, f.line_spacing = Pt(0), Pt(3), 1.0
        f.left_indent, f.first_line_indent = Twips(400), Twips(-400)
        notes.style_tabs(s, [("left", 400, "none")])

    def bibliography(s: Any) -> None:
        s.font.size = Pt(10)
        f = s.paragraph_format
        f.space_before, f.space_after, f.line_spacing = Pt(0), Pt(4), 1.0
        f.left_indent, f.first_line_indent = Twips(400), Twips(-400)

    def toc_heading(s: Any) -> None:
        s.base_style = find_style(document, "Heading 1")
        notes.style_outline_level(s, 9)

    def toc(level: int) -> Callable[[Any], None]:
        def define(s: Any) -> None:
            f = s.paragraph_format
            f.space_before, f.space_after = Pt(4 if level == 1 else 0), Pt(2)
            f.left_indent = Twips(0 if level == 1 else 300)
            if level == 1:
                s.font.bold = True
            notes.style_tabs(s, [("right", width, "dot")])
        return define

    def footnote_text(s: Any) -> None:
        s.font.size = Pt(9)
        f = s.paragraph_format
        f.space_before, f.space_after, f.line_spacing = Pt(0), Pt(2), 1.0

    def footnote_reference(s: Any) -> None:
        notes.style_superscript(s)

    def hyperlink(s: Any) -> None:
        s.font.color.rgb = primary
        s.font.underline = WD_UNDERLINE.SINGLE

    def table(s: Any) -> None:
        notes.define_table_style(
            s, font_half_points=20, rule_color=theme.color("primary"), grid_color="D5DBE3",
            header_fill=theme.color("light"), header_color=theme.color("primary"),
            first_col_color=theme.color("primary"),
        )

    def box(s: Any) -> None:
        notes.define_box_style(s, fill=theme.color("light"), rule_color=theme.color("primary"),
                               rule_eighths=18, margin_twips=200)

    # (name, style id Word uses, type, based on, definition)
    specs: list[tuple[str, str, Any, str | None, Callable[[Any], None]]] = [
        ("Brief Meta", "BriefMeta", P, "Normal", meta),
        ("Analysis Label", "AnalysisLabel", P, "Normal", analysis),
        ("Note Text", "NoteText", P, "Normal", note_text),
        ("Bibliography", "Bibliography", P, "Normal", bibliography),
        ("TOC Heading", "TOCHeading", P, "Heading 1", toc_heading),
        ("toc 1", "TOC1", P, "Normal", toc(1)),
        ("toc 2", "TOC2", P, "Normal", toc(2)),
        ("footnote text", "FootnoteText", P, "Normal", footnote_text),
        ("footnote reference", "FootnoteReference", C, None, footnote_reference),
        ("Hyperlink", "Hyperlink", C, None, hyperlink),
        (str(opts["table_style"]), "BriefTable", T, None, table),
        (str(opts["box_style"]), "KeyTakeaways", T, None, box),
    ]
    kinds = {P: "paragraph", C: "character", T: "table"}
    for name, style_id, kind, based_on, define in specs:
        existing = find_style(document, name)
        if existing is not None:
            if _kind(existing) != kinds[kind]:
                raise TemplateError(
                    f"reference document `{where}`: style `{name}` must be a {kinds[kind]} style"
                )
            continue
        style = document.styles.add_style(name, kind)
        style.style_id = style_id
        if based_on is not None:
            style.base_style = find_style(document, based_on)
        if kind == P:
            style.next_paragraph_style = find_style(document, "Normal")
        style.hidden = False
        style.unhide_when_used = True
        style.quick_style = kind != T and name in ("Brief Meta", "Analysis Label")
        define(style)


def column_widths(rows: "tuple[tuple[Inlines, ...], ...]", cols: int, total: int) -> list[int]:
    """Return column widths (twips, summing to `total`) shared by how much text each column holds.

    Fixed widths, because LibreOffice does not autofit Word tables; each column gets room in
    proportion to its longest cell (capped, as long cells wrap anyway) and at least its longest
    word, so a short "Type" column does not take the space a long "What the sources say" needs.
    """
    char = 105  # twips per character of 10 pt Calibri, roughly
    pad = 240  # the table style's left and right cell margins, plus a little air
    weight, floor = [], []
    for c in range(cols):
        texts = [plain(row[c]) for row in rows if c < len(row)]
        weight.append(min(max((len(t) for t in texts), default=0), 40) + 4)
        word = max((len(w) for t in texts for w in t.split()), default=1)
        floor.append(min(word, 24) * char + pad)
    if sum(floor) > total:
        floor = [f * total // sum(floor) for f in floor]
    fixed: dict[int, int] = {}  # columns held at their floor
    share: dict[int, int] = {}
    for _ in range(cols):
        free = [c for c in range(cols) if c not in fixed]
        if not free:
            break
        room = total - sum(fixed.values())
        share = {c: room * weight[c] // sum(weight[k] for k in free) for c in free}
        short = [c for c in free if share[c] < floor[c]]
        if not short:
            break
        for c in short:
            fixed[c] = floor[c]
    widths = [fixed.get(c, share.get(c, 0)) for c in range(cols)]
    widths[-1] += total - sum(widths)
    return widths


# ---------------------------------------------------------------- bookmarks


def _bookmark_name(prefix: str, key: str, used: set[str]) -> str:
    """Return a Word bookmark name for `key`: `prefix` + the key's letters, digits and
    underscores, at most 40 characters, unique in `used` (a short hash settles clashes)."""
    slug = re.sub(r"[^A-Za-z0-9_]", "_", key)
    name = prefix + slug
    if len(name) > 40 or name in used or slug != key.replace("-", "_"):
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
        name = f"{prefix}{slug[: 40 - len(prefix) - 9]}_{digest}"
    base, n = name, 2
    while name in used:
        suffix = f"_{n}"
        name = base[: 40 - len(suffix)] + suffix
        n += 1
    used.add(name)
    return name


# ---------------------------------------------------------------- the writer


def _styled(paragraph: "DocxParagraph", style: "BaseStyle") -> "DocxParagraph":
    """Return `paragraph` with `style` set by id (see |_Flow.paragraph|)."""
    paragraph._p.style = style.style_id
    return paragraph


class _Flow:
    """Where blocks go: the document body, or a table cell whose first empty paragraph is reused."""

    def __init__(self, container: Any, *, reuse: "DocxParagraph | None" = None) -> None:
        self.container = container
        self._reuse = reuse

    def paragraph(self, style: "BaseStyle") -> "DocxParagraph":
        if self._reuse is not None:
            p, self._reuse = self._reuse, None
        else:
            p = self.container.add_paragraph()
        # by id: python-docx's `style=` scans every style to find the default on each call
        p._p.style = style.style_id
        return p  # type: ignore[no-any-return]

    def table(self, rows: int, cols: int) -> Any:
        self._reuse = None
        return self.container.add_table(rows, cols)


class _Writer:
    """One render: the document being written and the counters that keep ids deterministic."""

    def __init__(self, brief: Brief, document: "Document", *, theme: "Theme", options: dict[str, Any]) -> None:
        from . import docx_notes as notes

        self.brief = brief
        self.doc = document
        self.theme = theme
        self.options = options
        self.notes = notes
        self.width = text_width_twips(document)
        self.styles = {name: find_style(document, name) for name in (
            "Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "List Bullet", "List Number",
            "Caption", "Brief Meta", "Analysis Label", "Note Text", "Bibliography", "TOC Heading",
            "toc 1", "toc 2", "footnote text", "footnote reference", "Hyperlink",
            str(options["table_style"]), str(options["box_style"]),
        )}
        self.footnotes = notes.add_footnotes_part(document)
        self._bookmark_ids = iter(range(1, 1 << 30))
        self._footnoted: dict[int, str] = {}  # note number -> bookmark on its footnote mark
        self._tables = 0
        self._used_names: set[str] = set()
        self._custom_marks = False  # once one footnote needs a custom mark, Word's count has parted from ours
        self.anchors = self._plan_anchors()

    def style(self, name: str) -> "BaseStyle":
        style = self.styles[name]
        assert style is not None  # guaranteed by _open_template / add_briefgen_styles
        return style

    # ------------------------------------------------------------ structure

    def _plan_anchors(self) -> dict[tuple[Any, ...], str]:
        """Name every heading's bookmark before writing, since the Contents come first."""
        anchors: dict[tuple[Any, ...], str] = {}
        for i, section in enumerate(self.brief.sections):
            anchors[(i,)] = _bookmark_name("_Toc_", section.id, self._used_names)
            sub = 0
            for j, block in enumerate(section.blocks):
                if isinstance(block, Subheading):
                    sub += 1
                    anchors[(i, j)] = _bookmark_name("_Toc_", f"{section.id}-{sub}", self._used_names)
        anchors[("notes",)] = _bookmark_name("_Toc_", "notes", self._used_names)
        anchors[("sources",)] = _bookmark_name("_Toc_", "sources", self._used_names)
        for source in self.brief.sources:  # notes link their source's title to its entry
            anchors[("source", source.id)] = _bookmark_name("_Source_", source.id, self._used_names)
        return anchors

    def _outline(self) -> list[tuple[int, str, str]]:
        """Return (level, text, bookmark) for every heading in document order."""
        out: list[tuple[int, str, str]] = []
        for i, section in enumerate(self.brief.sections):
            out.append((1, section.heading, self.anchors[(i,)]))
            for j, block in enumerate(section.blocks):
                if isinstance(block, Subheading):
                    out.append((2, block.text, self.anchors[(i, j)]))
        if self.brief.notes:
            out.append((1, "Notes", self.anchors[("notes",)]))
        if self.brief.sources:
            out.append((1, "Sources", self.anchors[("sources",)]))
        return out

    def write(self) -> None:
        self._properties()
        self._title_block()
        if self.options["toc"]:
            self._contents()
        body = _Flow(self.doc)
        for i, section in enumerate(self.brief.sections):
            self._section(body, i, section)
        self._notes_list()
        self._sources_list()

    def _properties(self) -> None:
        brief, n = self.brief, self.notes
        cp = self.doc.core_properties
        stamp = datetime(brief.date.year, brief.date.month or 1, brief.date.day or 1, tzinfo=timezone.utc)
        # python-docx refuses core-property strings over 255 characters.
        cp.title = n.clean(brief.title)[:255]
        cp.subject = n.clean(brief.subtitle)[:255]
        cp.author = n.clean(brief.author)[:255]
        cp.last_modified_by = n.clean(brief.author)[:255]
        cp.keywords = n.clean(", ".join(brief.keywords))[:255]
        cp.language = n.clean(brief.language)[:255]
        cp.comments = ""
        cp.category = ""
        cp.created = stamp
        cp.modified = stamp
        cp.revision = 1
        n.set_language(self.doc, n.clean(brief.language) or "en")
        n.set_update_fields(self.doc)
        n.set_compatibility_mode(self.doc, 15)
        n.tidy_package(self.doc, application=brief.generator)

    def _title_block(self) -> None:
        brief, n = self.brief, self.notes
        _styled(self.doc.add_paragraph(n.clean(brief.title)), self.style("Title"))
        if brief.subtitle:
            _styled(self.doc.add_paragraph(n.clean(brief.subtitle)), self.style("Subtitle"))
        parts = []
        if brief.audience:
            parts.append(f"{self.options['audience_prefix']}{brief.audience}")
        parts.append(brief.date.long())
        if brief.author:
            parts.append(brief.author)
        _styled(self.doc.add_paragraph(n.clean(str(self.options["meta_separator"]).join(parts))),
                self.style("Brief Meta"))

    def _contents(self) -> None:
        """A real TOC field whose cached result already lists the headings, linked to them, so
        the Contents read right before anyone updates fields (Word offers to, see updateFields)."""
        n = self.notes
        outline = [(lvl, text, anchor) for lvl, text, anchor in self._outline()
                   if lvl <= int(self.options["toc_levels"])]
        if not outline:
            return
        _styled(self.doc.add_paragraph(n.clean(str(self.options["toc_title"]))), self.style("TOC Heading"))
        levels = f"1-{int(self.options['toc_levels'])}"
        for k, (level, text, anchor) in enumerate(outline):
            p = _styled(self.doc.add_paragraph(), self.style(f"toc {level}"))
            if k == 0:
                n.begin_field(p, f'TOC \\o "{levels}" \\h \\z \\u')
            n.add_toc_entry(p, n.clean(text), anchor=anchor)
            if k == len(outline) - 1:
                n.end_field(p)

    def _heading(self, flow: _Flow, text: str, *, level: int, anchor: str) -> None:
        p = flow.paragraph(self.style(f"Heading {level}"))
        p.add_run(self.notes.clean(text))
        self.notes.add_bookmark(p, bookmark_id=next(self._bookmark_ids), name=anchor)

    def _section(self, body: _Flow, index: int, section: Section) -> None:
        self._heading(body, section.heading, level=1, anchor=self.anchors[(index,)])
        if section.analysis:
            body.paragraph(self.style("Analysis Label")).add_run(
                self.notes.clean(str(self.options["analysis_label"])))
        flow = body
        if section.role == "takeaways":
            # A one-cell table in the "Key Takeaways" table style: a shaded box that stays a
            # style (restyle it once in the reference) and holds any block, lists included.
            box = self.doc.add_table(rows=1, cols=1)
            box.style = self.style(str(self.options["box_style"]))
            self.notes.set_table_width(box, [self.width])
            self.notes.set_table_look(box, first_row=False, first_column=False)
            self.notes.set_table_description(box, caption=section.heading)
            # One box, read as one: it moves whole to the next page rather than splitting (Word
            # still splits a box taller than a page).
            self.notes.keep_row_together(box.rows[0])
            cell = box.cell(0, 0)
            flow = _Flow(cell, reuse=cell.paragraphs[0])
        for j, block in enumerate(section.blocks):
            self._block(flow, block, anchor=self.anchors.get((index, j)))

    def _block(self, flow: _Flow, block: Any, *, anchor: str | None) -> None:
        if isinstance(block, Paragraph):
            self.inlines(flow.paragraph(self.style("Normal")), block.inlines)
        elif isinstance(block, Subheading):
            self._heading(flow, block.text, level=2, anchor=anchor or "")
        elif isinstance(block, BulletList):
            style = self.style("List Number" if block.ordered else "List Bullet")
            for item in block.items:
                self.inlines(flow.paragraph(style), item)
        elif isinstance(block, Table):
            self._table(flow, block)
        elif isinstance(block, Timeline):
            self._timeline(flow, block)

    # ------------------------------------------------------------ tables

    def _new_table(self, flow: _Flow, rows: int, widths: list[int], *, first_column: bool) -> Any:
        table = flow.table(rows, len(widths))
        table.style = self.style(str(self.options["table_style"]))
        self.notes.set_table_width(table, widths)
        self.notes.set_table_look(table, first_row=True, first_column=first_column)
        self.notes.repeat_header_row(table.rows[0])
        return table

    def _table(self, flow: _Flow, block: Table) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        cols = max([len(block.header)] + [len(r) for r in block.rows])
        if cols == 0:
            return
        width = self.width if flow.container is self.doc else self.width - 400
        widths = column_widths((block.header, *block.rows), cols, width)
        table = self._new_table(flow, 1 + len(block.rows), widths, first_column=False)
        align = {"right": WD_ALIGN_PARAGRAPH.RIGHT, "center": WD_ALIGN_PARAGRAPH.CENTER}
        # `row.cells` reads one row; `table.cell(r, c)` rebuilds the whole grid on every call,
        # which made long tables quadratic
        for table_row, row in zip(table.rows, (block.header, *block.rows)):
            cells = table_row.cells
            for c in range(cols):
                p = cells[c].paragraphs[0]
                if c < len(block.align) and block.align[c] in align:
                    p.alignment = align[block.align[c]]  # the writer's column alignment
                if c < len(row):
                    self.inlines(p, row[c])

    def _timeline(self, flow: _Flow, block: Timeline) -> None:
        """A dated two-column table (date | event with its citation) under a numbered caption."""
        n = self.notes
        if not block.entries:
            return
        self._tables += 1
        label = str(self.options["caption_label"])
        caption = flow.paragraph(self.style("Caption"))
        caption.add_run(f"{n.clean(label)} ")
        n.add_field(caption, f"SEQ {re.sub(r'[^A-Za-z0-9_]', '_', label) or 'Table'} \\* ARABIC", str(self._tables))
        caption.add_run(f": {n.clean(block.caption)}")
        width = self.width if flow.container is self.doc else self.width - 400
        date_width = 1700
        table = self._new_table(flow, 1 + len(block.entries), [date_width, width - date_width], first_column=True)
        n.set_table_description(table, caption=block.caption)
        heads = self.options["timeline_headers"]
        rows = list(table.rows)
        head = rows[0].cells
        head[0].paragraphs[0].add_run(n.clean(str(heads[0])))
        head[1].paragraphs[0].add_run(n.clean(str(heads[1])))
        for table_row, entry in zip(rows[1:], block.entries):
            n.keep_row_together(table_row)
            cells = table_row.cells
            cells[0].paragraphs[0].add_run(entry.date.short())
            self.inlines(cells[1].paragraphs[0], (Text(entry.label), Cite((entry.ref,))))

    # ------------------------------------------------------------ inline content

    def inlines(self, paragraph: "DocxParagraph", inlines: Inlines, *, in_note: bool = False) -> None:
        """Append `inlines` to `paragraph`; inside a footnote or the Notes list (`in_note`)
        citations print as plain superscript numbers, since Word has no notes within notes."""
        n = self.notes
        for item in inlines:
            if isinstance(item, Text):
                text = n.clean(item.text)
                if not text:
                    continue
                internal = self.anchors.get(("source", item.href[len("#source-"):])) if item.href and \
                    item.href.startswith("#source-") else None
                if internal is not None:
                    # to the Sources entry's bookmark; keeps the note's own look (no link colour)
                    run = n.add_hyperlink_run(paragraph, text, anchor=internal)
                elif item.href and item.href.strip().lower().startswith(("http://", "https://", "mailto:")):
                    # only web and mail links become live; javascript:, file: and the like stay text
                    run = n.add_hyperlink_run(paragraph, text, url=n.clean(item.href), style=self.style("Hyperlink"))
                else:
                    run = paragraph.add_run(text)
                if item.bold:
                    run.bold = True
                if item.italic:
                    run.italic = True
            elif isinstance(item, Cite):
                self._cite(paragraph, item, in_note=in_note)

    def _cite(self, paragraph: "DocxParagraph", cite: Cite, *, in_note: bool) -> None:
        n, mark = self.notes, self.style("footnote reference")
        for k, ref in enumerate(cite.refs):
            if k:
                paragraph.add_run(",")._r.style = mark.style_id
            if in_note:
                paragraph.add_run(str(ref.number))._r.style = mark.style_id
            elif ref.number in self._footnoted:
                n.add_note_cross_reference(paragraph, ref.number, bookmark=self._footnoted[ref.number],
                                           style_id=mark.style_id)
            else:
                self._footnote(paragraph, ref.number)

    def _footnote(self, paragraph: "DocxParagraph", number: int) -> None:
        """Place note `number`'s footnote here: its first citation in document order (the
        resolver's `Ref.first`, recomputed so a slide-only first use cannot leave a gap)."""
        n, mark = self.notes, self.style("footnote reference")
        auto = len(self._footnoted) + 1
        custom = None if auto == number and not self._custom_marks else str(number)
        bookmark = f"_RefNote{number}"
        self._footnoted[number] = bookmark
        n.add_footnote_reference(paragraph, number, mark_style=mark, bookmark_id=next(self._bookmark_ids),
                                 bookmark=bookmark, custom_mark=custom)
        if custom is not None:
            self._custom_marks = True
        body = self.footnotes.add_footnote(number, text_style=self.style("footnote text"), mark_style=mark,
                                           custom_mark=custom)
        try:
            note_body = self.brief.note(number).body
        except KeyError:
            note_body = ()
        self.inlines(body, note_body, in_note=True)

    # ------------------------------------------------------------ back matter

    def _notes_list(self) -> None:
        """The numbered Notes list: the same back matter as the PDF, compact, after the body
        (the footnotes already show each note on its page; this is the complete list)."""
        if not self.brief.notes:
            return
        body = _Flow(self.doc)
        self._heading(body, "Notes", level=1, anchor=self.anchors[("notes",)])
        for note in self.brief.notes:
            p = body.paragraph(self.style("Note Text"))
            p.add_run(f"{note.number}.\t")
            self.inlines(p, note.body, in_note=True)

    def _sources_list(self) -> None:
        if not self.brief.sources:
            return
        body = _Flow(self.doc)
        self._heading(body, "Sources", level=1, anchor=self.anchors[("sources",)])
        for source in self.brief.sources:
            p = body.paragraph(self.style("Bibliography"))
            self.inlines(p, source.entry or (Text(source.title),))
            self.notes.add_bookmark(p, bookmark_id=next(self._bookmark_ids), name=self.anchors[("source", source.id)])
