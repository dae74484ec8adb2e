"""Render a Brief as a native Word document: named styles, Word's own endnotes or footnotes, Word tables.

Styles come from `templates/<theme>/reference.docx` (Pandoc's `--reference-doc` convention: its
styles, page setup, header and footer are kept, its body is discarded), or from python-docx's
default template when the theme has none. Content never carries direct formatting beyond what a
writer would type (bold, italic, table-column alignment, a table header kept with its first
row); everything else is a style, so a Word user restyles the whole brief by editing styles.

A reference document must contain these styles (Word's own names), else |TemplateError|:

    Normal, Title, Subtitle, Heading 1, Heading 2, List Bullet, List Number, Caption

briefgen adds these when the reference lacks them, with theme colours (the default theme's
reference defines them all, so editing them there restyles every brief):

    Brief Meta (paragraph)       audience, date and author under the title
    Analysis Label (paragraph)   the small "Analysis" label of an analysis section
    Bibliography (paragraph)     entries of the Sources list
    TOC Heading, toc 1, toc 2    the Contents heading and entries
    footnote text, footnote reference, endnote text, endnote reference, Hyperlink
    Brief Table (table)          Markdown tables and timelines
    Key Takeaways, Key Takeaways Bullet, Key Takeaways Number (paragraph)
                                 the shaded, bordered box of a key-takeaways section: Word draws
                                 neighbouring paragraphs with one border as one box, which may
                                 break between items (a one-cell table could not)

python-docx opens and prepares the reference document once per process (`prepare`): briefgen's
styles added, the body emptied, footnotes and endnotes parts, a running header (the title, from
page 2, unless the reference has a header of its own) and the settings Word needs. The body and
the notes are then written as WordprocessingML text (`wordml`) into the parts of its package,
which `ooxml` zips.

Notes are Word endnotes (`docx: notes: endnotes`, the default) or footnotes (`notes: footnotes`),
printed once: there is no second Notes list. Endnotes print at the end of the body's section,
before the Sources (Chicago's order); LibreOffice prints them at the document's end. Citation
numbers match the PDF and the deck: a note's first citation in document order is the Word note,
later citations of the same note are NOTEREF fields to it. Notes are numbered in first-use
order, so Word's automatic numbers equal briefgen's; if they ever disagree (a note first cited
only on a slide), the note carries its number as a custom mark instead.

Word is never asked to update fields on opening (no `updateFields`), so a Contents list could
show no page numbers: there is none unless the theme asks for one (`docx: toc: true`), and then
its entries are links to the headings, and Word's "Update field" adds the page numbers.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ..i18n import describe_table, fill, word
from ..model import (
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
    plain,
)
from . import Rendered
from . import TemplateError as _TemplateError
from . import wordml as x
from .docx_figures import Pictures
from .ooxml.core import core_properties
from .ooxml.names import CT_WML_ENDNOTES, CT_WML_FOOTNOTES, R, W
from .ooxml.package import Part, Rel, Rels, snapshot, write_package
from .ooxml.template import find_template, load_template

if TYPE_CHECKING:
    from docx.document import Document
    from docx.styles.style import BaseStyle

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
    "toc": False,  # no page numbers without Word updating fields, which a reader is not asked to do
    "notes": "endnotes",  # or "footnotes"
    "toc_title": "Contents",
    "toc_levels": 2,
    "table_style": "Brief Table",
    "box_style": "Key Takeaways",
    "meta_separator": "  \u00b7  ",
    "audience_prefix": "For ",
    "timeline_headers": ("Date", "Event"),
    "analysis_label": "Analysis",
}


def prepare(theme: "Theme") -> None:
    """Read and prepare `theme`'s reference document ahead of `render` (same bytes either way).

    Raises |TemplateError| as `render` would.
    """
    _reference(theme, {**_DEFAULTS, **dict(theme.docx)})


def render(brief: Brief, *, theme: "Theme") -> Rendered:
    """Return the brief as DOCX bytes, byte-identical for the same brief and theme.

    Raises |TemplateError| when the theme's reference document cannot be read or lacks a
    required style.
    """
    options = {**_DEFAULTS, **dict(theme.docx)}
    # the brief's catalogue (its language, the outline's `labels:`) names the furniture
    # (unless the theme has its own word for it)
    heads, default_heads = options["timeline_headers"], _DEFAULTS["timeline_headers"]
    options.update(toc_title=brief.themed_label("contents", str(options["toc_title"]), str(_DEFAULTS["toc_title"])),
                   analysis_label=brief.themed_label("analysis", str(options["analysis_label"]),
                                                     str(_DEFAULTS["analysis_label"])),
                   timeline_headers=(brief.themed_label("timeline_date", str(heads[0]), str(default_heads[0])),
                                     brief.themed_label("timeline_event", str(heads[1]), str(default_heads[1]))))
    template = _reference(theme, options)
    writer = _Writer(brief, template, options=options, theme=theme)
    writer.write()
    return Rendered(data=writer.package())


# ---------------------------------------------------------------- the reference package

_LANGUAGE_SLOT = "briefgen-language-slot"
_BODY_SLOT = "briefgen-body-slot"
_FOOTNOTES_PART = "/word/footnotes.xml"
_ENDNOTES_PART = "/word/endnotes.xml"
_NOTE_PARTS = {"footnote": _FOOTNOTES_PART, "endnote": _ENDNOTES_PART}
_HEADER_SLOT = "briefgen-header-slot"
# The styles every brief uses, by Word name; their ids are looked up once per reference.
_STYLE_NAMES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "List Bullet", "List Number",
                "Caption", "Brief Meta", "Analysis Label", "Bibliography", "TOC Heading",
                "toc 1", "toc 2", "footnote text", "footnote reference", "endnote text", "endnote reference",
                "Hyperlink", "Figure Credit")


def note_kind(options: dict[str, Any]) -> str:
    """Return "endnote" or "footnote": the Word notes the theme asks for (`docx: notes:`)."""
    value = str(options.get("notes", _DEFAULTS["notes"])).strip().lower()
    return "footnote" if value in ("footnote", "footnotes") else "endnote"


def box_styles(options: dict[str, Any]) -> tuple[str, str, str]:
    """Return the names of the key-takeaways box's paragraph styles: text, bullet, number."""
    box = str(options.get("box_style", _DEFAULTS["box_style"]))
    return box, f"{box} Bullet", f"{box} Number"


@dataclass(frozen=True)
class _Reference:
    """A reference document opened and prepared by python-docx: immutable, shared by renders.

    `parts` are its package's parts as python-docx would save them; a render replaces the
    document, the notes part in use, the running header it added, styles (for the language),
    core and app parts.
    """

    package_rels: tuple[Rel, ...]
    parts: dict[str, Part]
    default_types: frozenset[tuple[str, str]]
    document: str  # part names
    styles: str
    core: str
    app: str
    document_head: str  # document.xml up to the body content ...
    document_tail: str  # ... and after it (the final section properties)
    styles_head: bytes  # styles.xml around the language of the style defaults
    styles_tail: bytes
    notes_kind: str  # "endnote" or "footnote"
    notes_head: dict[str, str]  # per kind: the notes part up to its end ...
    notes_tail: dict[str, str]  # ... and its end
    header: str | None  # the running header briefgen added (none when the reference has its own)
    header_head: bytes
    header_tail: bytes
    section_break: str  # the body's own section properties, when Sources follow the endnotes
    style_ids: dict[str, "str | None"]  # Word style name -> id (a table style: None if the default)
    width: int  # between the margins, in twips
    logo_run: str = ""  # the theme's logo as an inline picture (its part is related to the document)


def _reference(theme: "Theme", options: dict[str, Any]) -> _Reference:
    """Return `theme`'s reference document prepared for rendering, once per process (again if
    the file changes). Raises |TemplateError| when it is not a readable Word document or lacks a
    required style."""
    import docx
    from docx.opc.exceptions import OpcError

    default = Path(docx.__file__).parent / "templates" / "default.docx"
    path = find_template(theme, str(options["reference"]), what="reference document", default=default,
                         error=TemplateError)
    where = "python-docx default template" if path == default else str(path)
    key = (tuple(sorted(theme.colors.items())), theme.font.office_name, _page(theme), theme.logo,
           tuple(sorted((k, repr(v)) for k, v in options.items())))
    return load_template(path, _load_reference, theme, options, where, what="reference document",
                         kind="Word document", library_error=OpcError, error=TemplateError, key=key)


def _load_reference(path: Path, theme: "Theme", options: dict[str, Any], where: str) -> _Reference:
    """Open the reference with python-docx and prepare it: briefgen's styles added where missing,
    the body emptied, a footnotes part, settings for footnotes and fields, the template's leftovers
    dropped."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.spec import default_content_types

    document = docx.Document(str(path))
    _check_required_styles(document, where)
    _apply_theme(document, theme)
    add_briefgen_styles(document, theme=theme, options=options, where=where)
    main = document.part
    kind = note_kind(options)
    header_name, header_head, header_tail = _running_header(document)
    document_head, document_tail, section_break, width = _body_slot(document, kind)
    _replace_notes_parts(document, at_section_end=bool(section_break))
    _ = document.core_properties  # python-docx adds a default core part when the reference has none
    styles = main.part_related_by(RT.STYLES)
    styles_head, styles_tail = _styles_slot(document)
    x.settings_no_update_fields(document.settings.element)
    x.settings_compatibility_mode(document.settings.element, 15)
    x.tidy_package(document, application="")
    logo_run = _logo_run(document, theme, width=width)

    filled = {str(main.partname), str(styles.partname), _FOOTNOTES_PART, _ENDNOTES_PART}
    if header_name is not None:
        filled.add(header_name)
    package_rels, parts = snapshot(main.package, main.package.rels, filled=filled)
    notes_head, notes_tail = _notes_slots()
    return _Reference(
        package_rels=package_rels, parts=parts, default_types=frozenset(default_content_types),
        document=str(main.partname), styles=str(styles.partname),
        core=next(rel.target for rel in package_rels if rel.reltype == RT.CORE_PROPERTIES),
        app=next(rel.target for rel in package_rels if rel.reltype == RT.EXTENDED_PROPERTIES),
        document_head=document_head, document_tail=document_tail,
        styles_head=styles_head, styles_tail=styles_tail,
        notes_kind=kind, notes_head=notes_head, notes_tail=notes_tail,
        header=header_name, header_head=header_head, header_tail=header_tail,
        section_break=section_break, style_ids=_style_ids(document, options), width=width, logo_run=logo_run,
    )


def _check_required_styles(document: Any, where: str) -> None:
    """Raise |TemplateError| when the reference lacks a style briefgen needs, or has it of another kind."""
    index = _StyleIndex(document.styles.element)
    for name, kind in REQUIRED_STYLES:
        style = find_style(document, name, index=index)
        if style is None:
            raise TemplateError(
                f"reference document `{where}` has no `{name}` style; briefgen needs it "
                f"(add it in Word, or start from templates/default/reference.docx)"
            )
        if _kind(style) != kind:
            raise TemplateError(f"reference document `{where}`: style `{name}` must be a {kind} style")


def _running_header(document: Any) -> tuple[str | None, bytes, bytes]:
    """Return the part name of a running header like the PDF's (the brief's title, from page 2
    on) and its XML before and after the title's slot; (None, b"", b"") when the reference has a
    header of its own, which is kept as it is."""
    if not len(document.sections):
        return None, b"", b""
    section = document.sections[-1]
    if not (section.header.is_linked_to_previous and section.first_page_header.is_linked_to_previous):
        return None, b"", b""
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.text = _HEADER_SLOT
    header_style = find_style(document, "Header")
    if header_style is not None:
        paragraph.style = header_style
    section.different_first_page_header_footer = True  # page 1 has the title block
    head, tail = header.part.blob.split(_HEADER_SLOT.encode("ascii"))
    return str(header.part.partname), head, tail


def _body_slot(document: Any, kind: str) -> tuple[str, str, str, int]:
    """Empty the reference's body and return the document's XML before and after the body's
    slot, the section break that ends the body when notes are endnotes (else ""), and the text
    width in twips. The body's final section properties stay."""
    from lxml import etree

    root = document.element
    body = root.body
    for child in list(body):
        if child.tag != x.qn("w:sectPr"):
            body.remove(child)
    width = text_width_twips(document) if len(document.sections) else 2880
    if root.nsmap.get("w") != W or root.nsmap.get("r") != R:
        # the fragments say w: and r:, so the root must declare them
        plain_root = etree.Element(root.tag, attrib=dict(root.attrib), nsmap={**root.nsmap, "w": W, "r": R})
        plain_root.extend(etree.fromstring(etree.tostring(root)))
        root = plain_root
        body = root.find(x.qn("w:body"))
    # With endnotes, the body is a section of its own: Word prints the endnotes at its end,
    # before the Sources (Chicago's order: notes, then bibliography). The body's section is the
    # final one's page setup, with the first-page header rule; the Sources continue on the page.
    section_break = ""
    final = body.find(x.qn("w:sectPr"))
    if final is not None:
        x.section_note_numbers(final)
    if kind == "endnote" and final is not None:
        own = etree.fromstring(etree.tostring(final))
        section_break = _section_break_xml(own)
        for old in final.findall(x.qn("w:titlePg")) + final.findall(x.qn("w:type")):
            final.remove(old)
        x.insert_before(final, x.section_type("continuous"), "w:pgSz", "w:pgMar", "w:paperSrc", "w:pgBorders",
                        "w:lnNumType", "w:pgNumType", "w:cols", "w:formProt", "w:vAlign", "w:noEndnote",
                        "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid",
                        "w:printerSettings", "w:sectPrChange")
    body.insert(0, etree.Comment(_BODY_SLOT))
    serialized = etree.tostring(root, encoding="UTF-8", standalone=True).decode("utf-8")
    document_head, document_tail = serialized.split(f"<!--{_BODY_SLOT}-->")
    body.remove(body[0])
    return document_head, document_tail, section_break, width


def _replace_notes_parts(document: Any, *, at_section_end: bool) -> None:
    """Give the document new footnotes and endnotes parts, replacing any the reference had, as
    Word writes both; the settings name their separators, and endnotes are numbered 1, 2, 3."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part as DocxPart

    main = document.part
    for r_id, rel in list(main.rels.items()):
        if rel.reltype in (RT.FOOTNOTES, RT.ENDNOTES):
            main.drop_rel(r_id)
    main.relate_to(DocxPart(PackURI(_FOOTNOTES_PART), CT.WML_FOOTNOTES, b"", main.package), RT.FOOTNOTES)
    main.relate_to(DocxPart(PackURI(_ENDNOTES_PART), CT.WML_ENDNOTES, b"", main.package), RT.ENDNOTES)
    settings = document.settings.element
    x.settings_footnote_separators(settings)
    x.settings_endnotes(settings, at_section_end=at_section_end)


def _styles_slot(document: Any) -> tuple[bytes, bytes]:
    """Return the styles part's XML before and after the slot of the brief's language."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    styles = document.part.part_related_by(RT.STYLES)
    x.set_language_element(document.styles.element, _LANGUAGE_SLOT)
    head, tail = styles.blob.split(_LANGUAGE_SLOT.encode("ascii"))
    return head, tail


def _logo_run(document: Any, theme: "Theme", *, width: int) -> str:
    """Return the theme's logo as an inline picture (above the title, at most the text's `width`
    in twips), its part related to the document; "" without a logo."""
    if theme.logo is None:
        return ""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part as DocxPart

    from .ooxml.logo import media_part, word_run

    main = document.part
    media = media_part(theme.logo, "/word/media")
    r_id = main.relate_to(DocxPart(PackURI(media.name), media.content_type, media.blob, main.package), RT.IMAGE)
    return word_run(theme.logo, r_id=r_id, doc_id=1, max_width=width * 635)


def _notes_slots() -> tuple[dict[str, str], dict[str, str]]:
    """Return each notes part's XML (by kind) before and after its notes."""
    from lxml import etree

    notes_head, notes_tail = {}, {}
    for note in x.NOTE_KINDS:
        head, tail = etree.tostring(etree.fromstring(x.notes_xml(note)), encoding="UTF-8", standalone=True) \
            .decode("utf-8").rsplit(f"</w:{note}s>", 1)
        notes_head[note], notes_tail[note] = head, tail + f"</w:{note}s>"
    return notes_head, notes_tail


def _style_ids(document: Any, options: dict[str, Any]) -> dict[str, str | None]:
    """Return the style id of each style the writer names, by name (None for a table style that is
    the document's default: python-docx leaves a table in it unstyled)."""
    ids: dict[str, str | None] = {}
    index = _StyleIndex(document.styles.element)
    for name in _STYLE_NAMES + box_styles(options):
        style = find_style(document, name, index=index)
        assert style is not None  # required, or added above
        ids[name] = style.style_id
    for name in (str(options["table_style"]),):
        style = find_style(document, name, index=index)
        assert style is not None
        # python-docx leaves a table in the default table style unstyled
        ids[name] = None if style.element is index.default_table else style.style_id
    return ids


# Paper in twips (1/1440 in): what `pdf: page_size` names, for the DOCX too.
PAGE_SIZES = {"a4": (11906, 16838), "letter": (12240, 15840)}


def _page(theme: "Theme") -> tuple[Any, ...]:
    """Return (size name or None, margins in mm or None): the page setup theme.yaml sets."""
    size = theme.pdf.get("page_size")
    margins = theme.pdf.get("margins_mm")
    return (str(size).lower() if size else None,
            tuple(sorted(dict(margins).items())) if margins else None)


def _apply_theme(document: "Document", theme: "Theme") -> None:
    """Apply theme.yaml to the reference as it opens: its colours and office font to the Office
    theme and the styles (see `ooxml.theming`), and its paper size and margins (`pdf: page_size`,
    `margins_mm`, when set) to every section, as the PDF has them."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.shared import Twips

    from .ooxml.theming import apply_to_elements, apply_to_theme_part

    try:
        part = document.part.part_related_by(RT.THEME)
    except KeyError:
        part = None
    if part is not None:
        blob, retheme = apply_to_theme_part(part.blob, theme)
        part._blob = blob  # python-docx keeps a theme as a plain part: its bytes are the part
        apply_to_elements(retheme, [document.styles.element])
    size, margins = _page(theme)
    for section in document.sections:
        if size in PAGE_SIZES:
            width, height = PAGE_SIZES[size]
            landscape = section.page_width is not None and section.page_height is not None \
                and section.page_width > section.page_height
            section.page_width, section.page_height = (Twips(height), Twips(width)) if landscape else \
                (Twips(width), Twips(height))
        for side, mm in dict(margins or ()).items():
            setattr(section, f"{side}_margin", Twips(round(mm * 1440 / 25.4)))


def _section_break_xml(sect_pr: Any) -> str:
    """Return a paragraph that ends a section with the properties `sect_pr` (an lxml element),
    as WordprocessingML text in the document's w: and r: prefixes."""
    from lxml import etree

    text = etree.tostring(sect_pr, encoding="unicode")
    # the namespaces are the document root's, declared there: drop their repetition here
    head, rest = text.split(">", 1)
    return "<w:p><w:pPr>" + re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", head) + ">" + rest + "</w:pPr></w:p>"


class _StyleIndex:
    """Finds styles by name in a `w:styles` element, as Word matches names (case-insensitive)."""

    # python-docx's BabelFish: Word's UI names whose styles.xml names are lower case
    _INTERNAL = {"Caption": "caption", "Footer": "footer", "Header": "header",
                 **{f"Heading {n}": f"heading {n}" for n in range(1, 10)}}

    def __init__(self, styles: Any) -> None:
        self.first: dict[str, tuple[int, Any]] = {}
        self.default_table = None
        type_tag, default_tag = x.qn("w:type"), x.qn("w:default")
        for element in styles.iterchildren(x.qn("w:style")):
            self.add(element)
            if element.get(type_tag) == "table" and element.get(default_tag) == "1":
                self.default_table = element  # the last one, as python-docx reads it

    def add(self, element: Any) -> None:
        """Index one more style element (after those already indexed)."""
        named = element.find(x.qn("w:name"))
        if named is not None:
            self.first.setdefault((named.get(x.qn("w:val")) or "").lower(), (len(self.first), element))

    def find(self, name: str) -> Any:
        found = [self.first[n] for n in {name.lower(), self._INTERNAL.get(name, name).lower()} if n in self.first]
        return min(found, key=lambda f: f[0])[1] if found else None


# ---------------------------------------------------------------- styles (python-docx)


def _kind(style: "BaseStyle") -> str:
    return {1: "paragraph", 2: "character", 3: "table", 4: "numbering"}[int(style.type)]


def find_style(document: "Document", name: str, *, index: "_StyleIndex | None" = None) -> "BaseStyle | None":
    """Return the style called `name` (case-insensitive, as Word matches names), or None.

    `index` is the document's styles already indexed (indexing them costs more than a lookup).
    """
    from docx.styles.style import StyleFactory

    element = (index or _StyleIndex(document.styles.element)).find(name)
    return None if element is None else StyleFactory(element)


def text_width_twips(document: "Document") -> int:
    """Return the width between the margins of the document's last section, in twips."""
    section = document.sections[-1]
    width = (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
    return max(int(width) // 635, 2880)


def _briefgen_style_specs(options: dict[str, Any]) -> list[tuple[str, str, str, str | None, str]]:
    """(name, style id Word uses, kind, based on, definition) of briefgen's own styles."""
    opts = {**_DEFAULTS, **options}
    return [
        ("Brief Meta", "BriefMeta", "paragraph", "Normal", "meta"),
        ("Analysis Label", "AnalysisLabel", "paragraph", "Normal", "analysis"),
        ("Bibliography", "Bibliography", "paragraph", "Normal", "bibliography"),
        ("TOC Heading", "TOCHeading", "paragraph", "Heading 1", "toc_heading"),
        ("toc 1", "TOC1", "paragraph", "Normal", "toc1"),
        ("toc 2", "TOC2", "paragraph", "Normal", "toc2"),
        ("footnote text", "FootnoteText", "paragraph", "Normal", "footnote_text"),
        ("footnote reference", "FootnoteReference", "character", None, "footnote_reference"),
        ("endnote text", "EndnoteText", "paragraph", "Normal", "footnote_text"),
        ("endnote reference", "EndnoteReference", "character", None, "footnote_reference"),
        ("Hyperlink", "Hyperlink", "character", None, "hyperlink"),
        ("Figure Credit", "FigureCredit", "paragraph", "Caption", "credit"),
        (str(opts["table_style"]), "BriefTable", "table", None, "table"),
        (box_styles(opts)[0], "KeyTakeaways", "paragraph", "Normal", "box"),
        (box_styles(opts)[1], "KeyTakeawaysBullet", "paragraph", "List Bullet", "box_list"),
        (box_styles(opts)[2], "KeyTakeawaysNumber", "paragraph", "List Number", "box_list"),
    ]
BOX_INDENT = 160  # twips: the key-takeaways box's text and bullets, inside its border


def add_briefgen_styles(document: "Document", *, theme: "Theme", options: dict[str, Any] | None = None,
                        where: str = "") -> None:
    """Add the styles briefgen defines itself (see the module docstring) that `document` lacks.

    Used by the renderer for any template, and by `make_reference_docx.py` to build the default
    theme's reference. Raises |TemplateError| when one exists with the wrong type.
    """
    from docx.enum.style import WD_STYLE_TYPE

    opts = {**_DEFAULTS, **(options or {})}
    types = {"paragraph": WD_STYLE_TYPE.PARAGRAPH, "character": WD_STYLE_TYPE.CHARACTER,
             "table": WD_STYLE_TYPE.TABLE}
    index = _StyleIndex(document.styles.element)
    context = _StyleContext(theme, text_width_twips(document), document, index)
    for name, style_id, kind, based_on, definition in _briefgen_style_specs(opts):
        existing = find_style(document, name, index=index)
        if existing is not None:
            if _kind(existing) != kind:
                raise TemplateError(f"reference document `{where}`: style `{name}` must be a {kind} style")
            continue
        style = document.styles.add_style(name, types[kind])
        index.add(style.element)
        style.style_id = style_id
        if based_on is not None:
            style.base_style = find_style(document, based_on, index=index)
        if kind == "paragraph":
            style.next_paragraph_style = find_style(document, "Normal", index=index)
        style.hidden = False
        style.unhide_when_used = True
        style.quick_style = kind != "table" and name in ("Brief Meta", "Analysis Label")
        _STYLE_DEFINITIONS[definition](style, context)


@dataclass(frozen=True, slots=True)
class _StyleContext:
    """What the definitions of briefgen's styles read: the theme (its colours), the width between
    the margins (twips), and the document with its styles indexed (as they are being added)."""

    theme: "Theme"
    width: int
    document: Any
    index: _StyleIndex

    def rgb(self, name: str) -> Any:
        """Return the theme's colour `name` as python-docx's RGBColor."""
        from docx.shared import RGBColor

        return RGBColor.from_string(self.theme.color(name))


def _style_meta(s: Any, context: _StyleContext) -> None:
    from docx.shared import Pt

    s.font.size = Pt(10)
    s.font.color.rgb = context.rgb("muted")
    f = s.paragraph_format
    f.space_before, f.space_after = Pt(0), Pt(14)
    x.style_paragraph_border(s, side="bottom", size_eighths=12, color=context.theme.color("accent"), space=8)


def _style_analysis(s: Any, context: _StyleContext) -> None:
    from docx.shared import Pt

    s.font.size = Pt(8)
    s.font.bold = True
    s.font.color.rgb = context.rgb("accent")
    x.style_caps(s, spacing_twips=20)
    f = s.paragraph_format
    f.space_before, f.space_after, f.keep_with_next = Pt(0), Pt(2), True


def _style_bibliography(s: Any, context: _StyleContext) -> None:
    from docx.shared import Pt, Twips

    s.font.size = Pt(10)
    f = s.paragraph_format
    f.space_before, f.space_after, f.line_spacing = Pt(0), Pt(4), 1.0
    f.left_indent, f.first_line_indent = Twips(400), Twips(-400)


def _style_toc_heading(s: Any, context: _StyleContext) -> None:
    s.base_style = find_style(context.document, "Heading 1", index=context.index)
    x.style_outline_level(s, 9)


def _style_toc(s: Any, context: _StyleContext, *, level: int) -> None:
    """Define a Contents entry of `level` (1 bold, 2 indented), its page number at a dotted right tab."""
    from docx.shared import Pt, Twips

    f = s.paragraph_format
    f.space_before, f.space_after = Pt(4 if level == 1 else 0), Pt(2)
    f.left_indent = Twips(0 if level == 1 else 300)
    if level == 1:
        s.font.bold = True
    x.style_tabs(s, [("right", context.width, "dot")])


def _style_toc1(s: Any, context: _StyleContext) -> None:
    _style_toc(s, context, level=1)


def _style_toc2(s: Any, context: _StyleContext) -> None:
    _style_toc(s, context, level=2)


def _style_footnote_text(s: Any, context: _StyleContext) -> None:
    from docx.shared import Pt

    s.font.size = Pt(9)
    f = s.paragraph_format
    f.space_before, f.space_after, f.line_spacing = Pt(0), Pt(2), 1.0


def _style_footnote_reference(s: Any, context: _StyleContext) -> None:
    x.style_superscript(s)


def _style_credit(s: Any, context: _StyleContext) -> None:
    """Define the line under a figure's caption saying who made it, quieter than the caption."""
    from docx.shared import Pt

    s.font.size = Pt(8)
    s.font.bold = False
    s.font.italic = False
    s.font.color.rgb = context.rgb("muted")
    f = s.paragraph_format
    f.space_before, f.space_after = Pt(0), Pt(10)


def _style_hyperlink(s: Any, context: _StyleContext) -> None:
    from docx.enum.text import WD_UNDERLINE

    s.font.color.rgb = context.rgb("primary")
    s.font.underline = WD_UNDERLINE.SINGLE


def _style_table(s: Any, context: _StyleContext) -> None:
    theme = context.theme
    x.define_table_style(
        s, font_half_points=20, rule_color=theme.color("primary"), grid_color="D5DBE3",
        header_fill=theme.color("light"), header_color=theme.color("primary"),
        first_col_color=theme.color("primary"),
    )


def _style_box(s: Any, context: _StyleContext, *, hanging: int = 0) -> None:
    """Define a paragraph of the key-takeaways box (`hanging`: a list item's hanging indent)."""
    from docx.shared import Pt, Twips

    theme = context.theme
    # Word joins neighbouring paragraphs with equal borders into one box, drawn at their
    # leftmost indent: text and list items of a box start their lines at the same place
    # (the text where the bullets are).
    x.define_box_paragraph_style(s, fill=theme.color("light"), rule_color=theme.color("primary"),
                                      side_color=theme.color("light"), rule_eighths=18, space_points=6)
    f = s.paragraph_format
    f.left_indent, f.right_indent = Twips(BOX_INDENT + hanging), Twips(BOX_INDENT)
    f.first_line_indent = Twips(-hanging)
    f.space_before, f.space_after, f.keep_together = Pt(0), Pt(4), True


def _style_box_list(s: Any, context: _StyleContext) -> None:
    _style_box(s, context, hanging=360)


# How each of briefgen's styles is defined, by the definition named in `_briefgen_style_specs`.
_STYLE_DEFINITIONS: dict[str, Callable[[Any, _StyleContext], None]] = {
    "meta": _style_meta, "analysis": _style_analysis, "bibliography": _style_bibliography,
    "box_list": _style_box_list, "toc_heading": _style_toc_heading, "toc1": _style_toc1, "toc2": _style_toc2,
    "footnote_text": _style_footnote_text, "footnote_reference": _style_footnote_reference,
    "hyperlink": _style_hyperlink, "credit": _style_credit, "table": _style_table, "box": _style_box,
}


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


class _Flow:
    """Where blocks go: the document body, or a table cell, whose first (empty) paragraph the
    first block reuses, and which must end with a paragraph."""

    def __init__(self, out: list[str], *, cell: bool = False) -> None:
        self.out = out
        self.cell = cell
        self._reuse = cell

    def paragraph(self, properties: str, content: str) -> None:
        self._reuse = False
        self.out.append(x.paragraph(properties, content))

    def table(self, xml: str) -> None:
        if self._reuse:
            self.out.append("<w:p/>")
            self._reuse = False
        self.out.append(xml)
        if self.cell:
            self.out.append("<w:p/>")  # a cell's last block must be a paragraph (python-docx adds one)

    def close(self) -> None:
        if self._reuse:
            self.out.append("<w:p/>")
            self._reuse = False


class _Writer:
    """One render: the XML being written and the counters that keep ids deterministic."""

    def __init__(self, brief: Brief, template: _Reference, *, options: dict[str, Any],
                 theme: "Theme | None" = None) -> None:
        self.brief = brief
        self.template = template
        self.options = options
        self.width = template.width
        self.ids = template.style_ids
        self.body: list[str] = []
        self.notes: list[str] = []  # the footnotes or endnotes, as the theme asks
        self.rels = Rels(template.parts[template.document].rels)
        self.note_rels = Rels()
        self._bookmark_ids = iter(range(1, 1 << 30))
        self._noted: dict[int, str] = {}  # note number -> bookmark on its footnote mark
        self._used_names: set[str] = set()
        self._custom_marks = False  # once one footnote needs a custom mark, Word's count has parted from ours
        self.anchors = self._plan_anchors()
        self.pictures = (Pictures(self.rels, theme=theme, labels=brief.labels, language=brief.language)
                         if theme is not None else None)  # docx_figures.py
        self._under = ""  # the heading the writer is under: a table's title for screen readers

    def style(self, name: str) -> str | None:
        """The id of style `name` (present: checked when the template was prepared)."""
        return self.ids[name]

    def pstyle(self, name: str) -> str:
        """Paragraph properties naming style `name`, by id."""
        style_id = self.ids[name]
        return x.paragraph_properties(style_id) if style_id is not None else "<w:pPr/>"

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
        if self.brief.sources:
            out.append((1, word(self.brief.labels, "sources"), self.anchors[("sources",)]))
        return out

    def write(self) -> None:
        self._title_block()
        if self.options["toc"] or self.brief.contents:
            self._contents()
        body = _Flow(self.body)
        for i, section in enumerate(self.brief.sections):
            self._section(body, i, section)
        if self.brief.sources and self.template.section_break and self.notes:
            # the endnotes print here, at the end of the body's section, before the Sources
            self.body.append(self.template.section_break)
        self._sources_list()

    def package(self) -> bytes:
        """The DOCX: the prepared parts of the reference with this brief's parts."""
        brief, t = self.brief, self.template
        parts = dict(t.parts)

        def fill(name: str, blob: bytes, rels: "tuple[Rel, ...] | None" = None) -> None:
            part = parts[name]
            parts[name] = Part(name, part.content_type, blob, part.rels if rels is None else rels)

        fill(t.document, "".join((t.document_head, *self.body, t.document_tail)).encode("utf-8"),
             tuple(self.rels.items))
        for kind, name in _NOTE_PARTS.items():
            notes = self.notes if kind == t.notes_kind else []
            parts[name] = Part(
                name, CT_WML_ENDNOTES if kind == "endnote" else CT_WML_FOOTNOTES,
                "".join((t.notes_head[kind], *notes, t.notes_tail[kind])).encode("utf-8"),
                tuple(self.note_rels.items) if kind == t.notes_kind else ())
        if t.header is not None:
            title = x.esc(x.word_text(brief.title)).encode("utf-8")
            fill(t.header, t.header_head + title + t.header_tail)
        language = x.attr(x.word_text(brief.language) or "en").encode("utf-8")
        fill(t.styles, t.styles_head + language + t.styles_tail)
        fill(t.core, core_properties(parts[t.core].blob, brief))
        fill(t.app, x.app_xml(brief.generator))
        if self.pictures is not None:
            parts.update((part.name, part) for part in self.pictures.parts)
        return write_package(t.package_rels, parts, default_types=t.default_types, in_id_order=False)

    def _title_block(self) -> None:
        brief, clean = self.brief, x.word_text
        title, subtitle = clean(brief.title), clean(brief.subtitle)
        if self.template.logo_run:
            self.body.append(x.paragraph(self.pstyle("Normal"), self.template.logo_run))
        self.body.append(x.paragraph(self.pstyle("Title"), x.run(title) if title else ""))
        if brief.subtitle:
            self.body.append(x.paragraph(self.pstyle("Subtitle"), x.run(subtitle) if subtitle else ""))
        kicker = brief.kicker or word(brief.labels, "kicker")  # the document's kind ("Student handout"), else the catalogue's
        parts = [kicker] if kicker.strip() else []
        if brief.audience:
            prefixed = brief.themed_label("audience_prefix", str(self.options["audience_prefix"]) + "{audience}",
                                          str(_DEFAULTS["audience_prefix"]) + "{audience}")
            parts.append(fill(prefixed, audience=brief.audience_name))
        parts.append(brief.date_text(brief.date))
        if brief.author:
            parts.append(brief.author)
        meta = clean(str(self.options["meta_separator"]).join(parts))
        self.body.append(x.paragraph(self.pstyle("Brief Meta"), x.run(meta) if meta else ""))

    def _contents(self) -> None:
        """A real TOC field whose cached result already lists the headings, linked to them, so
        the Contents read right before anyone updates fields."""
        outline = [(lvl, text, anchor) for lvl, text, anchor in self._outline()
                   if lvl <= int(self.options["toc_levels"])]
        if not outline:
            return
        title = x.word_text(str(self.options["toc_title"]))
        self.body.append(x.paragraph(self.pstyle("TOC Heading"), x.run(title) if title else ""))
        levels = f"1-{int(self.options['toc_levels'])}"
        last = len(outline) - 1
        for k, (level, text, anchor) in enumerate(outline):
            # No page numbers: briefgen does not lay out Word's pages, and a guessed number
            # would be wrong in print. Word fills them (tab, dot leader, PAGEREF) when the
            # reader updates the field; it is not asked to on opening.
            content = x.hyperlink(x.run(x.word_text(text)), anchor=anchor)
            if k == 0:
                content = x.field_begin(f'TOC \\o "{levels}" \\h \\z \\u') + content
            if k == last:
                content += x.field_end()
            self.body.append(x.paragraph(self.pstyle(f"toc {level}"), content))

    def _heading(self, flow: _Flow, text: str, *, level: int, anchor: str) -> None:
        content = x.run(x.word_text(text))
        bookmark = next(self._bookmark_ids)
        flow.paragraph(self.pstyle(f"Heading {level}"),
                       x.bookmark_start(bookmark, anchor) + content + x.bookmark_end(bookmark))

    def _section(self, body: _Flow, index: int, section: Section) -> None:
        self._heading(body, section.heading, level=1, anchor=self.anchors[(index,)])
        self._under = section.heading  # what a table is about, for its alt text
        if section.analysis:
            body.paragraph(self.pstyle("Analysis Label"), x.run(x.word_text(str(self.options["analysis_label"]))))
        boxed = section.role == "takeaways"
        for j, block in enumerate(section.blocks):
            self._block(body, block, anchor=self.anchors.get((index, j)), boxed=boxed)

    def _block(self, flow: _Flow, block: Any, *, anchor: str | None, boxed: bool = False) -> None:
        """Write one block; in a key-takeaways section (`boxed`) its text and lists take the
        box's paragraph styles, which Word draws as one shaded box."""
        box, bullet, number = box_styles(self.options)
        if isinstance(block, Paragraph):
            flow.paragraph(self.pstyle(box if boxed else "Normal"), self.inlines(block.inlines))
        elif isinstance(block, Subheading):
            self._heading(flow, block.text, level=2, anchor=anchor or "")
            self._under = block.text
        elif isinstance(block, BulletList):
            if boxed:
                properties = self.pstyle(number if block.ordered else bullet)
            else:
                properties = self.pstyle("List Number" if block.ordered else "List Bullet")
            for item in block.items:
                flow.paragraph(properties, self.inlines(item))
        elif isinstance(block, Table):
            self._table(flow, block)
        elif isinstance(block, Timeline):
            self._timeline(flow, block)
        elif isinstance(block, Figure) and self.pictures is not None:
            self._figure(flow, block)

    # ------------------------------------------------------------ tables

    def _table(self, flow: _Flow, block: Table) -> None:
        """A Word table: a repeating header row kept with the first body row, rows that never
        split across pages, and no column that only holds note markers (they go on the text)."""
        cols = max([len(block.header)] + [len(r) for r in block.rows])
        if cols == 0:
            return
        width = self.width - 400 if flow.cell else self.width
        widths = column_widths((block.header, *block.rows), cols, width)
        align = {"right": "right", "center": "center"}
        aligns = [x.paragraph_properties(align=align[a]) if a in align else "" for a in block.align[:cols]]
        aligns += [""] * (cols - len(aligns))
        heads = [" ".join(plain(cell).split()) for cell in block.header]
        caption = " ".join(self._under.split()) or word(self.brief.labels, "table")
        description = describe_table(caption, rows=len(block.rows), columns=cols, heads=heads,
                                     labels=self.brief.labels, language=self.brief.language)
        out = [x.table_start(widths, style_id=self.style(str(self.options["table_style"])),
                             first_row=True, first_column=False, caption=caption, description=description)]
        keep = [x.paragraph_properties(keep_next=True, align=align.get(a)) for a in block.align[:cols]]
        keep += [x.paragraph_properties(keep_next=True)] * (cols - len(keep))
        for r, row in enumerate((block.header, *block.rows)):
            out.append(x.row_start(header=r == 0, cant_split=True))
            for c in range(cols):
                # the writer's column alignment, the only direct formatting in the body; the
                # header row and the first body row keep with the next, so a table never starts
                # at a page foot with its header alone or one row under it
                content = self.inlines(row[c]) if c < len(row) else ""
                kept = r == 0 or (r == 1 and len(block.rows) > 1)
                out.append(x.cell(widths[c], x.paragraph((keep if kept else aligns)[c], content)))
            out.append(x.ROW_END)
        out.append(x.TABLE_END)
        flow.table("".join(out))

    def _timeline(self, flow: _Flow, block: Timeline) -> None:
        """A dated two-column table (date | event with its citation) under a numbered caption."""
        clean = x.word_text
        if not block.entries:
            return
        # The caption as the PDF prints it, unnumbered: Markdown tables have no caption, so a
        # number on the timeline alone would call the brief's second table "Table 1".
        caption = clean(block.caption)
        if caption:
            flow.paragraph(self.pstyle("Caption"), x.run(caption))
        width = self.width - 400 if flow.cell else self.width
        widths = [1700, width - 1700]
        heads = self.options["timeline_headers"]
        # A timeline has no caption of its own unless the outline gives one: its title for screen
        # readers is then the heading it stands under.
        title = caption or " ".join(self._under.split()) or word(self.brief.labels, "timeline")
        out = [x.table_start(widths, style_id=self.style(str(self.options["table_style"])),
                             first_row=True, first_column=True, caption=title,
                             description=describe_table(title, rows=len(block.entries), columns=2,
                                                        heads=[str(h) for h in heads], labels=self.brief.labels,
                                                        language=self.brief.language)),
               x.row_start(header=True, cant_split=True),
               x.cell(widths[0], x.paragraph(x.paragraph_properties(keep_next=True), x.run(clean(str(heads[0]))))),
               x.cell(widths[1], x.paragraph(x.paragraph_properties(keep_next=True), x.run(clean(str(heads[1]))))),
               x.ROW_END]
        for k, entry in enumerate(block.entries):
            out.append(x.row_start(cant_split=True))
            props = x.paragraph_properties(keep_next=True) if k == 0 and len(block.entries) > 1 else ""
            out.append(x.cell(widths[0], x.paragraph(props, x.run(self.brief.date_text(entry.date)))))
            out.append(x.cell(widths[1], x.paragraph(props, self.inlines((Text(entry.label), Cite((entry.ref,)))))))
            out.append(x.ROW_END)
        out.append(x.TABLE_END)
        flow.table("".join(out))

    def _figure(self, flow: _Flow, block: Figure) -> None:
        """The picture, kept with its caption ("Figure N." whose N is a SEQ field, so Word keeps
        counting) in the Caption style, and its credit in Figure Credit (quieter, based on Caption)."""
        from .pdf_figures import caption_inlines

        assert self.pictures is not None
        run = self.pictures.run(block, width_twips=self.width - 400 if flow.cell else self.width)
        captioned = bool(block.number) and not block.decorative
        flow.paragraph(x.paragraph_properties(self.style("Normal"), align="center",
                                              keep_next=captioned or bool(block.credit)), run)
        caption = x.paragraph_properties(self.style("Caption"), keep_next=bool(block.credit))
        if captioned:
            label = x.word_text(word(self.brief.labels, "figure"))
            lead = x.run(label + " ") + x.field("SEQ Figure \\* ARABIC", str(block.number)) + x.run(". ")
            flow.paragraph(caption, lead + self.inlines(caption_inlines(block, label)[1:]))
        if block.credit:
            flow.paragraph(self.pstyle("Figure Credit"), x.run(x.word_text(block.credit)))

    # ------------------------------------------------------------ inline content

    def inlines(self, inlines: Inlines, *, in_note: bool = False) -> str:
        """Return `inlines` as runs; inside a note (`in_note`) citations print as plain
        superscript numbers, since Word has no notes within notes.

        A marker the resolver set `apart` (it follows a digit) gets a thin space and brackets, so
        "4" and note 17 never read "4¹⁷" (see |briefgen.resolve.markers|).
        """
        clean = x.word_text
        out: list[str] = []
        rels = self.note_rels if self._in_note else self.rels
        for item in inlines:
            if isinstance(item, Text):
                text = clean(item.text)
                if not text:
                    continue
                href = item.href
                internal = self.anchors.get(("source", href[len("#source-"):])) if href and \
                    href.startswith("#source-") else None
                if internal is not None:
                    # to the Sources entry's bookmark; keeps the note's own look (no link colour)
                    out.append(x.hyperlink(x.run(text, bold=item.bold, italic=item.italic), anchor=internal))
                elif href and href.strip().lower().startswith(("http://", "https://", "mailto:")):
                    # only web and mail links become live; javascript:, file: and the like stay text
                    r_id = rels.link(clean(href))
                    out.append(x.hyperlink(x.run(text, style_id=self.style("Hyperlink"), bold=item.bold,
                                                 italic=item.italic), r_id=r_id))
                else:
                    out.append(x.run(text, bold=item.bold, italic=item.italic))
            elif isinstance(item, Cite):
                out.append(self._cite(item, in_note=in_note, apart=item.apart))
        return "".join(out)

    _in_note = False

    @property
    def _mark_style(self) -> str | None:
        return self.style(f"{self.template.notes_kind} reference")

    def _cite(self, cite: Cite, *, in_note: bool, apart: bool = False) -> str:
        mark = self._mark_style
        out: list[str] = []
        if apart:
            out.append(x.run("\u2009") + x.run("[", style_id=mark))
        for k, ref in enumerate(cite.refs):
            if k:
                out.append(x.run(",", style_id=mark))
            if in_note:
                out.append(x.run(str(ref.number), style_id=mark))
            elif ref.number in self._noted:
                out.append(x.note_cross_reference(ref.number, bookmark=self._noted[ref.number], style_id=mark))
            else:
                out.append(self._note(ref.number))
        if apart:
            out.append(x.run("]", style_id=mark))
        return "".join(out)

    def _note(self, number: int) -> str:
        """Place note `number` here, a Word endnote or footnote: its first citation in document
        order (the resolver's `Ref.first`, recomputed so a slide-only first use cannot leave a gap)."""
        kind, mark = self.template.notes_kind, self._mark_style
        auto = len(self._noted) + 1
        custom = None if auto == number and not self._custom_marks else str(number)
        bookmark = f"_RefNote{number}"
        self._noted[number] = bookmark
        reference = x.note_reference(number, kind=kind, style_id=mark, bookmark_id=next(self._bookmark_ids),
                                     bookmark=bookmark, custom_mark=custom)
        if custom is not None:
            self._custom_marks = True
        try:
            note_body = self.brief.note(number).body
        except KeyError:
            note_body = ()
        self._in_note = True
        try:
            text = self.inlines(note_body, in_note=True)
        finally:
            self._in_note = False
        self.notes.append(x.note_start(number, kind=kind, text_style_id=self.style(f"{kind} text"),
                                       mark_style_id=mark, custom_mark=custom) + text + x.note_end(kind))
        return reference

    # ------------------------------------------------------------ back matter

    def _sources_list(self) -> None:
        if not self.brief.sources:
            return
        body = _Flow(self.body)
        self._heading(body, word(self.brief.labels, "sources"), level=1, anchor=self.anchors[("sources",)])
        properties = self.pstyle("Bibliography")
        for source in self.brief.sources:
            content = self.inlines(source.entry or (Text(source.title),))
            bookmark = next(self._bookmark_ids)
            body.paragraph(properties, x.bookmark_start(bookmark, self.anchors[("source", source.id)]) + content
                           + x.bookmark_end(bookmark))
