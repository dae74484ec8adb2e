"""The WordprocessingML that python-docx has no API for: footnotes, fields, bookmarks, links and package tidying.

python-docx (1.2) writes paragraphs, runs, tables and styles, but not footnotes, complex fields
(TOC, PAGEREF, NOTEREF, SEQ, PAGE), bookmarks, hyperlinks, repeating table headers or table-style
conditional formatting. Everything that reaches below its public objects lives here, so the
renderer (`docx.py`) reads as python-docx calls and the raw XML stays in one place. Functions
take python-docx objects (Document, Paragraph, Run, Table, style) and change them in place.

Only imported by `briefgen.render.docx` (itself imported only when a DOCX is asked for), so
importing python-docx at module level here costs `briefgen check` nothing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.story import StoryPart
from docx.text.paragraph import Paragraph
from docx.text.run import Run

if TYPE_CHECKING:
    from docx.document import Document
    from docx.styles.style import BaseStyle
    from docx.table import Table, _Row

# XML 1.0 cannot hold C0 controls other than tab/newline/CR, lone surrogates or U+FFFE/U+FFFF;
# lxml raises on them, and a traceback on odd user text is a bug.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """Return `text` without the characters XML 1.0 cannot hold (CR becomes a newline)."""
    return _XML_INVALID.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _el(tag: str, attrs: dict[str, str] | None = None, *children: object) -> object:
    """Return a new element `tag` (e.g. "w:r") with `attrs` (prefixed names) and `children`."""
    el = OxmlElement(tag)
    for key, value in (attrs or {}).items():
        el.set(qn(key), value)
    for child in children:
        el.append(child)  # type: ignore[attr-defined]
    return el


def _run(*children: object, style_id: str | None = None) -> object:
    r = _el("w:r")
    if style_id:
        r.append(_el("w:rPr", None, _el("w:rStyle", {"w:val": style_id})))  # type: ignore[attr-defined]
    for child in children:
        r.append(child)  # type: ignore[attr-defined]
    return r


# ---------------------------------------------------------------- document and package


def clear_body(document: "Document") -> None:
    """Remove every block from the body, keeping the final section properties (page setup,
    header and footer references) — what Pandoc keeps of a `--reference-doc`."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def set_update_fields(document: "Document") -> None:
    """Ask Word to refresh fields (TOC page numbers, cross-references) when the file is opened."""
    settings = document.settings.element
    for old in settings.findall(qn("w:updateFields")):
        settings.remove(old)
    settings.insert_element_before(
        _el("w:updateFields", {"w:val": "true"}),
        "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids",
        "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
        "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade",
        "w:captions", "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary",
        "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
    )


def set_compatibility_mode(document: "Document", mode: int = 15) -> None:
    """Declare the Word version whose layout rules apply (15 = Word 2013 and later), so Word
    opens the brief as a current document rather than in Compatibility Mode."""
    settings = document.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = _el("w:compat")
        settings.insert_element_before(
            compat, "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang",
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


def set_language(document: "Document", language: str) -> None:
    """Set the document's default proofing language (`w:lang` in the style defaults)."""
    styles = document.styles.element
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


_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>{application}</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)

# Parts a template carries that would describe the template rather than this document: a page
# thumbnail of the template, Word 2010's duplicate styles part (stale once styles change), and
# the template's bibliography store.
_STALE_RELS = (
    RT.THUMBNAIL,
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    RT.CUSTOM_XML,
)


def tidy_package(document: "Document", *, application: str) -> None:
    """Replace docProps/app.xml (page and word counts of the template would be wrong) with one
    naming `application`, and drop template leftovers (thumbnail, stylesWithEffects, customXml)."""
    from xml.sax.saxutils import escape

    package = document.part.package
    for owner in (package, document.part):
        for r_id, rel in list(owner.rels.items()):
            if rel.reltype in _STALE_RELS:
                del owner.rels[r_id]
    blob = _APP_XML.format(application=escape(clean(application))).encode("utf-8")
    app = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, blob, package)
    for r_id, rel in list(package.rels.items()):
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            del package.rels[r_id]
            # Same rId, so the package relationships stay byte-identical between runs.
            package.load_rel(RT.EXTENDED_PROPERTIES, app, r_id)
            return
    package.relate_to(app, RT.EXTENDED_PROPERTIES)


# ---------------------------------------------------------------- bookmarks, links and fields


def add_bookmark(paragraph: Paragraph, *, bookmark_id: int, name: str) -> None:
    """Bookmark the whole content of `paragraph` as `name` (a heading target for TOC links)."""
    p = paragraph._p
    start = _el("w:bookmarkStart", {"w:id": str(bookmark_id), "w:name": name})
    ppr = p.pPr
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    p.append(_el("w:bookmarkEnd", {"w:id": str(bookmark_id)}))


def add_hyperlink_run(
    paragraph: Paragraph, text: str, *, url: str | None = None, anchor: str | None = None,
    style: "BaseStyle | None" = None,
) -> Run:
    """Append a `w:hyperlink` holding one run of `text` and return that run.

    `url` makes an external link (a relationship on the paragraph's own part, so links work in
    footnotes too); `anchor` links to a bookmark in the document.
    """
    attrs: dict[str, str] = {}
    if url is not None:
        attrs["r:id"] = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    if anchor is not None:
        attrs["w:anchor"] = anchor
    attrs["w:history"] = "1"
    link = _el("w:hyperlink", attrs)
    paragraph._p.append(link)
    r = _el("w:r")
    link.append(r)  # type: ignore[attr-defined]
    run = Run(r, paragraph)  # type: ignore[arg-type]
    run.text = text
    if style is not None:
        run._r.style = style.style_id  # by id: see docx._Flow.paragraph
    return run


def _field_runs(instruction: str, result: str, style_id: str | None) -> list[object]:
    return [
        _run(_el("w:fldChar", {"w:fldCharType": "begin"}), style_id=style_id),
        _run(_instr(instruction), style_id=style_id),
        _run(_el("w:fldChar", {"w:fldCharType": "separate"}), style_id=style_id),
        _run(_text(result), style_id=style_id),
        _run(_el("w:fldChar", {"w:fldCharType": "end"}), style_id=style_id),
    ]


def _instr(instruction: str) -> object:
    el = _el("w:instrText")
    el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")  # type: ignore[attr-defined]
    el.text = f" {instruction} "  # type: ignore[attr-defined]
    return el


def _text(text: str) -> object:
    el = _el("w:t")
    el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")  # type: ignore[attr-defined]
    el.text = text  # type: ignore[attr-defined]
    return el


def add_field(paragraph: Paragraph, instruction: str, result: str, *, style_id: str | None = None) -> None:
    """Append a complex field (`begin`/instruction/`separate`/cached `result`/`end`).

    The cached result is what readers see before fields are updated, so it must be correct.
    """
    for r in _field_runs(instruction, result, style_id):
        paragraph._p.append(r)


def begin_field(paragraph: Paragraph, instruction: str) -> None:
    """Open a field whose cached result spans several paragraphs (a TOC); see `end_field`."""
    paragraph._p.append(_run(_el("w:fldChar", {"w:fldCharType": "begin"})))
    paragraph._p.append(_run(_instr(instruction)))
    paragraph._p.append(_run(_el("w:fldChar", {"w:fldCharType": "separate"})))


def end_field(paragraph: Paragraph) -> None:
    """Close the field opened by `begin_field`."""
    paragraph._p.append(_run(_el("w:fldChar", {"w:fldCharType": "end"})))


def add_toc_entry(paragraph: Paragraph, text: str, *, anchor: str) -> None:
    """Append a Contents entry: a link to the heading bookmarked `anchor`.

    No page number yet: briefgen does not lay out pages, and a guessed number would be wrong
    in print. Word fills numbers (tab, dot leader, PAGEREF) when it updates the field, which
    `set_update_fields` makes it offer on opening.
    """
    link = _el("w:hyperlink", {"w:anchor": anchor, "w:history": "1"})
    r = _el("w:r")
    link.append(r)  # type: ignore[attr-defined]
    Run(r, paragraph).text = text  # type: ignore[arg-type]
    paragraph._p.append(link)


# ---------------------------------------------------------------- footnotes

# Footnotes rather than endnotes: a brief's reader checks the evidence for a claim on the same
# page as the claim, the way the PDF shows it; endnotes would send them to the back.

_FOOTNOTES_XML = (
    f"<w:footnotes {nsdecls('w', 'r')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
    "</w:footnotes>"
)


class FootnotesPart(StoryPart):
    """/word/footnotes.xml: the separator footnotes (ids -1 and 0) and the real ones (ids 1...).

    A StoryPart, so paragraphs inside it resolve style names and relate hyperlinks like body
    paragraphs do.
    """

    def add_footnote(self, footnote_id: int, *, text_style: "BaseStyle",
                     mark_style: "BaseStyle", custom_mark: str | None = None) -> Paragraph:
        """Return the first paragraph of a new footnote `footnote_id`, already holding its mark
        (Word's automatic number, or `custom_mark`) and a space; the caller adds the note text."""
        note = _el("w:footnote", {"w:id": str(footnote_id)})
        p = _el("w:p")
        note.append(p)  # type: ignore[attr-defined]
        self.element.append(note)
        paragraph = Paragraph(p, self)  # type: ignore[arg-type]
        paragraph._p.style = text_style.style_id
        mark = paragraph.add_run()
        mark._r.style = mark_style.style_id
        if custom_mark is None:
            mark._r.append(_el("w:footnoteRef"))
        else:
            mark.text = custom_mark
        paragraph.add_run(" ")
        return paragraph


def add_footnotes_part(document: "Document") -> FootnotesPart:
    """Return a new, empty footnotes part for `document`, replacing any the template had.

    Also writes `w:footnotePr` in settings naming the separator footnotes, as Word does.
    """
    main = document.part
    for r_id, rel in list(main.rels.items()):
        if rel.reltype == RT.FOOTNOTES:
            del main.rels[r_id]
    part = FootnotesPart(
        PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, parse_xml(_FOOTNOTES_XML), main.package,
    )
    main.relate_to(part, RT.FOOTNOTES)
    settings = document.settings.element
    for old in settings.findall(qn("w:footnotePr")):
        settings.remove(old)
    settings.insert_element_before(
        _el("w:footnotePr", None, _el("w:footnote", {"w:id": "-1"}), _el("w:footnote", {"w:id": "0"})),
        "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
        "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
        "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
        "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags",
        "w:decimalSymbol", "w:listSeparator",
    )
    return part


def add_footnote_reference(
    paragraph: Paragraph, footnote_id: int, *, mark_style: "BaseStyle", bookmark_id: int,
    bookmark: str, custom_mark: str | None = None,
) -> None:
    """Append the reference mark of footnote `footnote_id`, bookmarked as `bookmark` so later
    citations of the same note can point at it with a NOTEREF field."""
    p = paragraph._p
    p.append(_el("w:bookmarkStart", {"w:id": str(bookmark_id), "w:name": bookmark}))
    run = paragraph.add_run()
    run._r.style = mark_style.style_id
    attrs = {"w:id": str(footnote_id)}
    if custom_mark is not None:
        attrs["w:customMarkFollows"] = "1"
    run._r.append(_el("w:footnoteReference", attrs))
    if custom_mark is not None:
        run._r.append(_text(custom_mark))
    p.append(_el("w:bookmarkEnd", {"w:id": str(bookmark_id)}))


def add_note_cross_reference(paragraph: Paragraph, number: int, *, bookmark: str, style_id: str) -> None:
    """Append a NOTEREF field to the footnote bookmarked `bookmark`, cached as `number`.

    `\\f` formats the result like a footnote reference and `\\h` makes it a link to the note.
    """
    add_field(paragraph, f"NOTEREF {bookmark} \\f \\h", str(number), style_id=style_id)


# ---------------------------------------------------------------- tables


def repeat_header_row(row: "_Row") -> None:
    """Mark `row` as a header row that Word repeats at the top of each page."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:tblHeader")) is None:
        tr_pr.insert_element_before(
            _el("w:tblHeader"), "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange",
        )


def keep_row_together(row: "_Row") -> None:
    """Stop Word from splitting `row` across pages."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:cantSplit")) is None:
        tr_pr.insert_element_before(
            _el("w:cantSplit"), "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden",
            "w:ins", "w:del", "w:trPrChange",
        )


def set_table_look(table: "Table", *, first_row: bool, first_column: bool, banded_rows: bool = False) -> None:
    """Choose which conditional parts of the table style apply (header row, first column)."""
    tbl_pr = table._tbl.tblPr
    look = tbl_pr.find(qn("w:tblLook"))
    if look is None:
        look = _el("w:tblLook")
        tbl_pr.append(look)
    on = {True: "1", False: "0"}
    look.set(qn("w:firstRow"), on[first_row])
    look.set(qn("w:firstColumn"), on[first_column])
    look.set(qn("w:lastRow"), "0")
    look.set(qn("w:lastColumn"), "0")
    look.set(qn("w:noHBand"), on[not banded_rows])
    look.set(qn("w:noVBand"), "1")
    # w:val is the legacy bitmask Word 2007 reads: 0x20 first row, 0x80 first column,
    # 0x200 no horizontal banding, 0x400 no vertical banding.
    val = (0x20 if first_row else 0) | (0x80 if first_column else 0) | (0 if banded_rows else 0x200) | 0x400
    look.set(qn("w:val"), f"{val:04X}")


def set_table_width(table: "Table", widths_twips: Iterable[int]) -> None:
    """Give `table` fixed column widths (twentieths of a point) and a matching total width."""
    widths = list(widths_twips)
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = _el("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(sum(widths)))
    for old in tbl_pr.findall(qn("w:tblLayout")):
        tbl_pr.remove(old)
    tbl_pr.insert_element_before(
        _el("w:tblLayout", {"w:type": "fixed"}), "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
    )
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(width))
    for tr in table._tbl.tr_lst:
        for tc, width in zip(tr.tc_lst, widths):
            tc_pr = tc.get_or_add_tcPr()
            tc_w = tc_pr.find(qn("w:tcW"))
            if tc_w is None:
                tc_w = _el("w:tcW")
                tc_pr.insert(0, tc_w)
            tc_w.set(qn("w:type"), "dxa")
            tc_w.set(qn("w:w"), str(width))


def set_table_description(table: "Table", *, caption: str) -> None:
    """Give `table` alternative text (Word's Table Properties > Alt Text title) for screen readers."""
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblCaption")):
        tbl_pr.remove(old)
    tbl_pr.insert_element_before(_el("w:tblCaption", {"w:val": clean(caption)[:255]}), "w:tblDescription")


# ---------------------------------------------------------------- style definitions


def style_paragraph_border(style: "BaseStyle", *, side: str, size_eighths: int, color: str, space: int) -> None:
    """Give paragraph `style` a border on `side` ("top", "bottom", "left"), in eighths of a point."""
    ppr = style.element.get_or_add_pPr()
    bdr = ppr.find(qn("w:pBdr"))
    if bdr is None:
        bdr = _el("w:pBdr")
        ppr.insert_element_before(
            bdr, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
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
    rpr.insert_element_before(
        _el("w:caps"), "w:smallCaps", "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss",
        "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing",
        "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr",
        "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
        "w:specVanish", "w:oMath",
    )
    if spacing_twips:
        rpr.insert_element_before(
            _el("w:spacing", {"w:val": str(spacing_twips)}), "w:w", "w:kern", "w:position", "w:sz",
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
        el.append(_el("w:tab", {"w:val": align, "w:leader": leader, "w:pos": str(pos)}))  # type: ignore[attr-defined]
    ppr.insert_element_before(
        el, "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
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
    ppr.insert_element_before(
        _el("w:outlineLvl", {"w:val": str(level)}), "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
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


def define_box_style(style: "BaseStyle", *, fill: str, rule_color: str, rule_eighths: int,
                     margin_twips: int) -> None:
    """Write table `style` as a shaded one-cell box with a rule along its top (key takeaways)."""
    el = style.element
    for tag in ("w:pPr", "w:rPr", "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr"):
        for old in el.findall(qn(tag)):
            el.remove(old)
    none = {"w:val": "nil"}
    el.append(_el(
        "w:tblPr", None,
        _el("w:tblBorders", None,
            _el("w:top", {"w:val": "single", "w:sz": str(rule_eighths), "w:space": "0", "w:color": rule_color}),
            _el("w:left", none), _el("w:bottom", none), _el("w:right", none),
            _el("w:insideH", none), _el("w:insideV", none)),
        _el("w:tblCellMar", None,
            _el("w:top", {"w:w": str(margin_twips * 2 // 3), "w:type": "dxa"}),
            _el("w:left", {"w:w": str(margin_twips), "w:type": "dxa"}),
            _el("w:bottom", {"w:w": str(margin_twips // 3), "w:type": "dxa"}),
            _el("w:right", {"w:w": str(margin_twips), "w:type": "dxa"})),
    ))
    el.append(_el("w:tcPr", None, _el("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": fill})))
