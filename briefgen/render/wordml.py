"""WordprocessingML fragments: runs, footnotes and endnotes, fields, bookmarks, links, tables, settings and style definitions.

The DOCX writer (`docx.py`) writes the body and the notes as XML text built here, rather
than through python-docx objects: python-docx creates, wraps and re-scans elements on every call
(inserting a paragraph scans the whole body), which cost far more than the document itself.
The fragments are exactly what python-docx would serialize for the same calls, so a Word reader
sees the same document (`tests/render/test_ooxml_round_trip.py` holds them to that). Everything
that reaches below python-docx's public objects lives here.

The settings helpers (`settings_*`, `set_language_element`) work on any lxml element; the
style helpers (`style_*`, `define_*`) and `set_language`, `tidy_package`, `add_field` work on
python-docx objects, for `docx.add_briefgen_styles` and `templates/default/make_reference_docx.py`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Iterable

from lxml import etree

from .ooxml import text as _text
from .ooxml.names import R, W
from .ooxml.text import attr, esc

if TYPE_CHECKING:
    from docx.document import Document
    from docx.styles.style import BaseStyle
    from docx.text.paragraph import Paragraph

NSMAP = {
    "w": W,
    "r": R,
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "sl": "http://schemas.openxmlformats.org/schemaLibrary/2006/main",
}


def word_text(text: str) -> str:
    """Return `text` without the characters XML cannot hold, a carriage return as a newline
    (a line break in Word)."""
    return _text.clean(text.replace("\r\n", "\n").replace("\r", "\n"))


def qn(tag: str) -> str:
    """Return the Clark name (`{uri}local`) of a prefixed name such as `w:p`."""
    prefix, local = tag.split(":")
    return f"{{{NSMAP[prefix]}}}{local}"


def _el(tag: str, attrs: dict[str, str] | None = None, *children: Any) -> Any:
    """Return a new element `tag` (e.g. "w:tab") with `attrs` (prefixed names) and `children`."""
    prefix = tag.split(":")[0]
    el = etree.Element(qn(tag), nsmap={prefix: NSMAP[prefix]})
    for key, value in (attrs or {}).items():
        el.set(qn(key), value)
    for child in children:
        el.append(child)
    return el


def insert_before(parent: Any, child: Any, *tagnames: str) -> Any:
    """Insert `child` before the first of `tagnames` (in that order of preference) that
    `parent` has, else append it: python-docx's `insert_element_before`, for any lxml element."""
    for tagname in tagnames:
        successor = parent.find(qn(tagname))
        if successor is not None:
            successor.addprevious(child)
            return child
    parent.append(child)
    return child


# ---------------------------------------------------------------- runs and paragraphs

_BREAKS = re.compile(r"([\t\r\n])")


def _t(text: str) -> str:
    if len(text.strip()) < len(text):
        return f'<w:t xml:space="preserve">{esc(text)}</w:t>'
    return f"<w:t>{esc(text)}</w:t>"


def run_content(text: str) -> str:
    """Return the inner content of a run showing `text`: `w:t` for text, `w:tab` for tabs and
    `w:br` for line breaks (python-docx's `Run.text`)."""
    if "\t" not in text and "\n" not in text and "\r" not in text:
        return _t(text) if text else ""
    out = []
    for piece in _BREAKS.split(text):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\n", "\r"):
            out.append("<w:br/>")
        elif piece:
            out.append(_t(piece))
    return "".join(out)


def run_properties(style_id: str | None = None, *, bold: bool = False, italic: bool = False) -> str:
    """Return a `w:rPr` with a character style and bold or italic, or "" when it has none."""
    if style_id is None and not bold and not italic:
        return ""
    return "".join((
        "<w:rPr>",
        f'<w:rStyle w:val="{attr(style_id)}"/>' if style_id is not None else "",
        "<w:b/>" if bold else "",
        "<w:i/>" if italic else "",
        "</w:rPr>",
    ))


def run(text: str, *, style_id: str | None = None, bold: bool = False, italic: bool = False) -> str:
    """Return a `w:r` showing `text` (tabs and newlines as `w:tab` and `w:br`)."""
    inner = run_properties(style_id, bold=bold, italic=italic) + run_content(text)
    return f"<w:r>{inner}</w:r>" if inner else "<w:r/>"


def paragraph_properties(style_id: str | None = None, *, align: str | None = None, keep_next: bool = False) -> str:
    """Return a `w:pPr` naming a paragraph style by id (and an alignment, and keep-with-next), or ""."""
    if style_id is None and align is None and not keep_next:
        return ""
    return "".join((
        "<w:pPr>",
        f'<w:pStyle w:val="{attr(style_id)}"/>' if style_id is not None else "",
        "<w:keepNext/>" if keep_next else "",
        f'<w:jc w:val="{align}"/>' if align is not None else "",
        "</w:pPr>",
    ))


def paragraph(properties: str, content: str) -> str:
    """Return a `w:p` from its properties and content (both XML text)."""
    return f"<w:p>{properties}{content}</w:p>" if properties or content else "<w:p/>"


# ---------------------------------------------------------------- bookmarks, links and fields


def bookmark_start(bookmark_id: int, name: str) -> str:
    return f'<w:bookmarkStart w:id="{bookmark_id}" w:name="{attr(name)}"/>'


def bookmark_end(bookmark_id: int) -> str:
    return f'<w:bookmarkEnd w:id="{bookmark_id}"/>'


def hyperlink(run_xml: str, *, r_id: str | None = None, anchor: str | None = None) -> str:
    """Return a `w:hyperlink` holding `run_xml`: to relationship `r_id` (a web or mail
    address) or to the bookmark `anchor` in the document."""
    attrs = f' r:id="{attr(r_id)}"' if r_id is not None else ""
    if anchor is not None:
        attrs += f' w:anchor="{attr(anchor)}"'
    return f'<w:hyperlink{attrs} w:history="1">{run_xml}</w:hyperlink>'


def _field_run(inner: str, style_id: str | None) -> str:
    return f"<w:r>{run_properties(style_id or None)}{inner}</w:r>"


def _instr(instruction: str) -> str:
    return f'<w:instrText xml:space="preserve"> {esc(instruction)} </w:instrText>'


def field_begin(instruction: str, style_id: str | None = None) -> str:
    """Return the runs that open a complex field and hold its instruction, up to `separate`
    (a TOC's cached result then spans several paragraphs; see `field_end`)."""
    return (_field_run('<w:fldChar w:fldCharType="begin"/>', style_id) + _field_run(_instr(instruction), style_id)
            + _field_run('<w:fldChar w:fldCharType="separate"/>', style_id))


def field_end(style_id: str | None = None) -> str:
    """Return the run that closes a field opened by `field_begin`."""
    return _field_run('<w:fldChar w:fldCharType="end"/>', style_id)


def field(instruction: str, result: str, *, style_id: str | None = None) -> str:
    """Return a complex field (`begin`/instruction/`separate`/cached `result`/`end`).

    The cached result is what readers see before fields are updated, so it must be correct.
    """
    return (field_begin(instruction, style_id)
            + _field_run(f'<w:t xml:space="preserve">{esc(result)}</w:t>', style_id) + field_end(style_id))


def note_cross_reference(number: int, *, bookmark: str, style_id: str | None) -> str:
    """Return a NOTEREF field to the footnote bookmarked `bookmark`, cached as `number`.

    `\\f` formats the result like a footnote reference and `\\h` makes it a link to the note.
    """
    return field(f"NOTEREF {bookmark} \\f \\h", str(number), style_id=style_id)


# ---------------------------------------------------------------- footnotes and endnotes

# Word's two kinds of note share one shape: `w:footnote` in footnotes.xml, `w:endnote` in
# endnotes.xml, each with two separator notes (ids -1 and 0) that settings.xml names. briefgen
# writes both parts, as Word does, and puts its notes in the one the theme asks for.
NOTE_KINDS = ("endnote", "footnote")


def notes_xml(kind: str) -> str:
    """Return the notes part of `kind` ("footnote" or "endnote") holding only its separators."""
    root = f"{kind}s"
    sep = '<w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    return (f'<w:{root} xmlns:w="{W}" xmlns:r="{R}">'
            f'<w:{kind} w:type="separator" w:id="-1">{sep}<w:r><w:separator/></w:r></w:p></w:{kind}>'
            f'<w:{kind} w:type="continuationSeparator" w:id="0">{sep}<w:r><w:continuationSeparator/></w:r></w:p>'
            f"</w:{kind}></w:{root}>")


FOOTNOTES_XML = notes_xml("footnote")
ENDNOTES_XML = notes_xml("endnote")


def note_reference(note_id: int, *, kind: str = "footnote", style_id: str | None, bookmark_id: int, bookmark: str,
                   custom_mark: str | None = None) -> str:
    """Return the reference mark of note `note_id` (`kind` "footnote" or "endnote"), bookmarked
    as `bookmark` so later citations of the same note can point at it with a NOTEREF field."""
    tag = f"w:{kind}Reference"
    if custom_mark is None:
        mark = f'<{tag} w:id="{note_id}"/>'
    else:
        mark = (f'<{tag} w:id="{note_id}" w:customMarkFollows="1"/>'
                f'<w:t xml:space="preserve">{esc(custom_mark)}</w:t>')
    return bookmark_start(bookmark_id, bookmark) + f"<w:r>{run_properties(style_id)}{mark}</w:r>" + bookmark_end(bookmark_id)


def note_start(note_id: int, *, kind: str = "footnote", text_style_id: str | None, mark_style_id: str | None,
               custom_mark: str | None = None) -> str:
    """Return the opening of note `note_id` (`kind` "footnote" or "endnote") up to its text: the
    paragraph, its mark (Word's automatic number, or `custom_mark`) and a space. Close with
    `note_end(kind)`."""
    if custom_mark is None:
        mark = f"<w:r>{run_properties(mark_style_id)}<w:{kind}Ref/></w:r>"
    else:
        mark = run(custom_mark, style_id=mark_style_id)
    return (f'<w:{kind} w:id="{note_id}"><w:p>{paragraph_properties(text_style_id)}'
            f'{mark}<w:r><w:t xml:space="preserve"> </w:t></w:r>')


def note_end(kind: str = "footnote") -> str:
    """Return the close of a note opened by `note_start`."""
    return f"</w:p></w:{kind}>"



# ---------------------------------------------------------------- tables


def table_start(widths: list[int], *, style_id: str | None, first_row: bool, first_column: bool,
                caption: str | None = None, description: str | None = None, banded_rows: bool = False) -> str:
    """Return a `w:tbl` up to its first row: a table style, fixed column widths (twips), the
    conditional parts of the style that apply (header row, first column) and alt text (Word's
    "Title" and "Description": `w:tblCaption`, `w:tblDescription`)."""
    on = {True: "1", False: "0"}
    # w:val is the legacy bitmask Word 2007 reads: 0x20 first row, 0x80 first column,
    # 0x200 no horizontal banding, 0x400 no vertical banding.
    val = (0x20 if first_row else 0) | (0x80 if first_column else 0) | (0 if banded_rows else 0x200) | 0x400
    return "".join((
        "<w:tbl><w:tblPr>",
        f'<w:tblStyle w:val="{attr(style_id)}"/>' if style_id is not None else "",
        f'<w:tblW w:type="dxa" w:w="{sum(widths)}"/><w:tblLayout w:type="fixed"/>',
        f'<w:tblLook w:firstColumn="{on[first_column]}" w:firstRow="{on[first_row]}" w:lastColumn="0" '
        f'w:lastRow="0" w:noHBand="{on[not banded_rows]}" w:noVBand="1" w:val="{val:04X}"/>',
        f'<w:tblCaption w:val="{attr(word_text(caption)[:255])}"/>' if caption is not None else "",
        f'<w:tblDescription w:val="{attr(word_text(description))}"/>' if description is not None else "",
        "</w:tblPr><w:tblGrid>",
        "".join(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid>",
    ))


TABLE_END = "</w:tbl>"


def row_start(*, header: bool = False, cant_split: bool = False) -> str:
    """Return the opening of a `w:tr`: a header row repeats at the top of each page; a
    `cant_split` row is never broken across pages."""
    if header or cant_split:
        return "".join(("<w:tr><w:trPr>", "<w:cantSplit/>" if cant_split else "",
                        "<w:tblHeader/>" if header else "", "</w:trPr>"))
    return "<w:tr>"


ROW_END = "</w:tr>"


def cell(width: int, content: str) -> str:
    """Return a `w:tc` of `width` twips holding `content` (paragraphs, at least one)."""
    return f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>{content}</w:tc>'


# ---------------------------------------------------------------- settings and defaults (any lxml tree)

_SETTINGS_AFTER_FOOTNOTE_PR = (
    "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
    "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
    "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags",
    "w:decimalSymbol", "w:listSeparator",
)


def settings_footnote_separators(settings: Any) -> None:
    """Write `w:footnotePr` naming the separator footnotes (ids -1 and 0), as Word does."""
    for old in settings.findall(qn("w:footnotePr")):
        settings.remove(old)
    insert_before(settings, _el("w:footnotePr", None, _el("w:footnote", {"w:id": "-1"}), _el("w:footnote", {"w:id": "0"})),
                  *_SETTINGS_AFTER_FOOTNOTE_PR)


def settings_no_update_fields(settings: Any) -> None:
    """Remove `w:updateFields`, which makes Word ask on opening whether to update the fields: a
    reader should not meet a question about a document they only want to read."""
    for old in settings.findall(qn("w:updateFields")):
        settings.remove(old)


def settings_endnotes(settings: Any, *, at_section_end: bool) -> None:
    """Write `w:endnotePr`: Arabic numbers (Word's default for endnotes is i, ii, iii, which the
    PDF and the deck do not use), placed at the end of each section or of the document, and the
    separator endnotes (ids -1 and 0)."""
    for old in settings.findall(qn("w:endnotePr")):
        settings.remove(old)
    pr = _el("w:endnotePr", None, _el("w:pos", {"w:val": "sectEnd" if at_section_end else "docEnd"}),
             _el("w:numFmt", {"w:val": "decimal"}), _el("w:endnote", {"w:id": "-1"}), _el("w:endnote", {"w:id": "0"}))
    insert_before(settings, pr, *_SETTINGS_AFTER_FOOTNOTE_PR[1:])


_SECT_PR_AFTER_NOTES = ("w:type", "w:pgSz", "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType",
                        "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi",
                        "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")


def section_note_numbers(sect_pr: Any) -> None:
    """Number a section's footnotes and endnotes 1, 2, 3 (`w:numFmt` in its `w:footnotePr` and
    `w:endnotePr`): the settings say so for Word, but LibreOffice reads the section's, and
    would otherwise number endnotes i, ii, iii."""
    for kind, after in (("footnotePr", ("w:endnotePr",) + _SECT_PR_AFTER_NOTES), ("endnotePr", _SECT_PR_AFTER_NOTES)):
        for old in sect_pr.findall(qn(f"w:{kind}")):
            sect_pr.remove(old)
        insert_before(sect_pr, _el(f"w:{kind}", None, _el("w:numFmt", {"w:val": "decimal"})), *after)


def section_type(value: str) -> Any:
    """Return a section's `w:type` ("continuous", "nextPage", ...): how it starts."""
    return _el("w:type", {"w:val": value})


def settings_compatibility_mode(settings: Any, mode: int = 15) -> None:
    """Declare the Word version whose layout rules apply (15 = Word 2013 and later), so Word
    opens the brief as a current document rather than in Compatibility Mode."""
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = _el("w:compat")
        insert_before(
            settings, compat, "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang",
            "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures",
            "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType",
            "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol",
            "w:listSeparator",
        )
    uri = "http://schemas.microsoft.com/office/word"
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), str(mode))
            return
    compat.append(_el("w:compatSetting", {"w:name": "compatibilityMode", "w:uri": uri, "w:val": str(mode)}))


def set_language_element(styles: Any, language: str) -> None:
    """Set the default proofing language (`w:lang` in the style defaults) of a `w:styles` element."""
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = _el("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = _el("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = _el("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = _el("w:lang")
        rpr.append(lang)  # w:lang is late in CT_RPr's sequence; nothing after it is written here
    lang.set(qn("w:val"), language)


APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>{application}</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def app_xml(application: str) -> bytes:
    """Return docProps/app.xml naming `application` (page and word counts of a template would be wrong)."""
    return APP_XML.format(application=esc(word_text(application))).encode("utf-8")


# Parts a template carries that would describe the template rather than this document: a page
# thumbnail of the template, Word 2010's duplicate styles part (stale once styles change), and
# the template's bibliography store.
STALE_RELS = (
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml",
)


# ---------------------------------------------------------------- python-docx documents (make_reference_docx.py)


def set_compatibility_mode(document: "Document", mode: int = 15) -> None:
    """`settings_compatibility_mode` for a python-docx document."""
    settings_compatibility_mode(document.settings.element, mode)


def set_language(document: "Document", language: str) -> None:
    """Set the document's default proofing language (`w:lang` in the style defaults)."""
    set_language_element(document.styles.element, language)


def tidy_package(document: "Document", *, application: str) -> None:
    """Replace docProps/app.xml with one naming `application`, and drop template leftovers
    (thumbnail, stylesWithEffects, customXml)."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = document.part.package
    for owner in (package, document.part):
        for r_id, rel in list(owner.rels.items()):
            if rel.reltype in STALE_RELS:
                del owner.rels[r_id]
    app = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, app_xml(application), package)
    for r_id, rel in list(package.rels.items()):
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            del package.rels[r_id]
            # Same rId, so the package relationships stay byte-identical between runs.
            package.load_rel(RT.EXTENDED_PROPERTIES, app, r_id)
            return
    package.relate_to(app, RT.EXTENDED_PROPERTIES)


def add_field(paragraph: "Paragraph", instruction: str, result: str, *, style_id: str | None = None) -> None:
    """Append a complex field (see `field`) to a python-docx paragraph."""
    wrapper = etree.fromstring(f'<w:p xmlns:w="{W}">{field(instruction, result, style_id=style_id)}</w:p>')
    for r in list(wrapper):
        paragraph._p.append(r)


# ---------------------------------------------------------------- style definitions (python-docx styles)


def style_paragraph_border(style: "BaseStyle", *, side: str, size_eighths: int, color: str, space: int) -> None:
    """Give paragraph `style` a border on `side` ("top", "bottom", "left"), in eighths of a point."""
    ppr = style.element.get_or_add_pPr()
    bdr = ppr.find(qn("w:pBdr"))
    if bdr is None:
        bdr = _el("w:pBdr")
        insert_before(
            ppr, bdr, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
            "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
            "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
            "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
            "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
            "w:pPrChange",
        )
    order = ("top", "left", "bottom", "right", "between", "bar")
    for old in bdr.findall(qn(f"w:{side}")):
        bdr.remove(old)
    new = _el(f"w:{side}", {"w:val": "single", "w:sz": str(size_eighths), "w:space": str(space), "w:color": color})
    later = [bdr.find(qn(f"w:{s}")) for s in order[order.index(side) + 1:]]
    successor = next((e for e in later if e is not None), None)
    if successor is not None:
        successor.addprevious(new)
    else:
        bdr.append(new)


def style_caps(style: "BaseStyle", *, spacing_twips: int = 0) -> None:
    """Make character or paragraph `style` show capitals (text stays as typed) with letter-spacing."""
    rpr = style.element.get_or_add_rPr()
    for tag in ("w:caps", "w:spacing"):
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)
    insert_before(
        rpr, _el("w:caps"), "w:smallCaps", "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss",
        "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing",
        "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr",
        "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
        "w:specVanish", "w:oMath",
    )
    if spacing_twips:
        insert_before(
            rpr, _el("w:spacing", {"w:val": str(spacing_twips)}), "w:w", "w:kern", "w:position", "w:sz",
            "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
            "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
        )


def style_tabs(style: "BaseStyle", tabs: Iterable[tuple[str, int, str]]) -> None:
    """Set paragraph `style`'s tab stops: (alignment, position in twips, leader) each."""
    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:tabs")):
        ppr.remove(old)
    el = _el("w:tabs")
    for align, pos, leader in tabs:
        el.append(_el("w:tab", {"w:val": align, "w:leader": leader, "w:pos": str(pos)}))
    insert_before(
        ppr, el, "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
        "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
        "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
        "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
        "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
    )


def style_outline_level(style: "BaseStyle", level: int) -> None:
    """Set paragraph `style`'s outline level (9 = body text, kept out of the TOC)."""
    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:outlineLvl")):
        ppr.remove(old)
    insert_before(
        ppr, _el("w:outlineLvl", {"w:val": str(level)}), "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
    )


def style_superscript(style: "BaseStyle") -> None:
    """Make character `style` superscript (the footnote reference mark)."""
    style.font.superscript = True  # type: ignore[attr-defined]


def define_table_style(
    style: "BaseStyle", *, font_half_points: int, rule_color: str, grid_color: str | None,
    header_fill: str | None, header_color: str, first_col_color: str | None,
    fill: str | None = None, top_rule_eighths: int = 8, cell_margin_twips: int = 100,
    cell_margin_vertical_twips: int = 50,
) -> None:
    """Write the properties of table `style`: rules, inner lines, cell padding, a header-row
    look (`firstRow`) and an optional first-column look (`firstCol`, used for timeline dates)."""
    el = style.element
    for tag in ("w:pPr", "w:rPr", "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr"):
        for old in el.findall(qn(tag)):
            el.remove(old)

    def border(side: str, size: int, color: str | None) -> object:
        if color is None:
            return _el(f"w:{side}", {"w:val": "nil"})
        return _el(f"w:{side}", {"w:val": "single", "w:sz": str(size), "w:space": "0", "w:color": color})

    ppr = _el("w:pPr", None, _el("w:spacing", {"w:before": "0", "w:after": "0", "w:line": "252", "w:lineRule": "auto"}))
    rpr = _el("w:rPr", None, _el("w:sz", {"w:val": str(font_half_points)}), _el("w:szCs", {"w:val": str(font_half_points)}))
    tbl_pr = _el(
        "w:tblPr", None,
        _el("w:tblStyleRowBandSize", {"w:val": "1"}),
        _el("w:tblStyleColBandSize", {"w:val": "1"}),
        _el("w:tblBorders", None,
            border("top", top_rule_eighths, rule_color), border("left", 0, None),
            border("bottom", 8, rule_color), border("right", 0, None),
            border("insideH", 4, grid_color), border("insideV", 0, None)),
        _el("w:tblCellMar", None,
            _el("w:top", {"w:w": str(cell_margin_vertical_twips), "w:type": "dxa"}),
            _el("w:left", {"w:w": str(cell_margin_twips), "w:type": "dxa"}),
            _el("w:bottom", {"w:w": str(cell_margin_vertical_twips), "w:type": "dxa"}),
            _el("w:right", {"w:w": str(cell_margin_twips), "w:type": "dxa"})),
    )
    el.append(ppr)
    el.append(rpr)
    el.append(tbl_pr)
    if fill:
        el.append(_el("w:tcPr", None, _el("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": fill})))
    first_row_tc = [_el("w:tcBorders", None, border("bottom", 8, rule_color))]
    if header_fill:
        first_row_tc.append(_el("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": header_fill}))
    el.append(_el(
        "w:tblStylePr", {"w:type": "firstRow"},
        _el("w:rPr", None, _el("w:b"), _el("w:bCs"), _el("w:color", {"w:val": header_color})),
        _el("w:tblPr"),
        _el("w:trPr", None, _el("w:tblHeader")),
        _el("w:tcPr", None, *first_row_tc),
    ))
    if first_col_color:
        el.append(_el(
            "w:tblStylePr", {"w:type": "firstCol"},
            _el("w:rPr", None, _el("w:b"), _el("w:bCs"), _el("w:color", {"w:val": first_col_color})),
        ))


def define_box_paragraph_style(style: "BaseStyle", *, fill: str, rule_color: str, side_color: str,
                               rule_eighths: int, space_points: int) -> None:
    """Write paragraph `style` as a shaded box with a rule along its top (key takeaways).

    Word draws consecutive paragraphs with the same borders and indents as one box, so a box of
    several items is one shaded block that may break between items (each item's own lines keep
    together); unlike a one-cell layout table, screen readers read it as plain paragraphs.
    """
    ppr = style.element.get_or_add_pPr()
    for tag in ("w:pBdr", "w:shd"):
        for old in ppr.findall(qn(tag)):
            ppr.remove(old)

    def side(name: str, color: str, size: int) -> Any:
        return _el(f"w:{name}", {"w:val": "single", "w:sz": str(size), "w:space": str(space_points),
                                 "w:color": color})

    bdr = _el("w:pBdr", None, side("top", rule_color, rule_eighths), side("left", side_color, 4),
              side("bottom", side_color, 4), side("right", side_color, 4))
    shd = _el("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": fill})
    after_bdr = ("w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                 "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
                 "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                 "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                 "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
    insert_before(ppr, bdr, "w:shd", *after_bdr)
    insert_before(ppr, shd, *after_bdr)
