"""Build templates/default/reference.docx, the default theme's Word styles, from theme.yaml.

Run from anywhere: `python templates/default/make_reference_docx.py`. The output is
byte-identical on every run (fixed dates, normalised zip), so a changed reference.docx in a diff
means a changed style. Edit styles here (or open reference.docx in Word, restyle, and save: the
renderer keeps a reference's styles, page setup, header and footer and discards its body).

Starts from python-docx's default template, restyles Word's built-in styles with the theme's
font and colours, sets the Office theme's fonts and colours (so Word's theme pickers agree), adds
briefgen's own styles through the renderer's `add_briefgen_styles`, sets A4 page geometry and a
page-number footer, and fills the body with one paragraph per style as a specimen.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))  # run from a checkout without installing

from briefgen.render import wordml as notes  # noqa: E402
from briefgen.render.docx import PAGE_SIZES, add_briefgen_styles, box_styles, find_style  # noqa: E402
from briefgen.render.ooxml.zip import normalize_zip  # noqa: E402
from briefgen.theme import load_theme  # noqa: E402



def build() -> bytes:
    """Return the bytes of the default theme's reference.docx."""
    from datetime import datetime, timezone

    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor, Twips

    theme = load_theme(HERE.name, root=HERE.parent)
    primary = RGBColor.from_string(theme.color("primary"))
    text = RGBColor.from_string(theme.color("text"))
    muted = RGBColor.from_string(theme.color("muted"))

    doc = docx.Document()
    section = doc.sections[0]
    # The page as theme.yaml's `pdf:` sets it (a build applies it again, so the two agree).
    width_twips, height_twips = PAGE_SIZES[str(theme.pdf.get("page_size", "a4")).lower()]
    section.page_width, section.page_height = Twips(width_twips), Twips(height_twips)
    margins = {"top": 22, "bottom": 22, "left": 24, "right": 24, **dict(theme.pdf.get("margins_mm", {}))}
    for side, mm in margins.items():
        setattr(section, f"{side}_margin", Twips(round(mm * 1440 / 25.4)))
    section.header_distance, section.footer_distance = Cm(1.2), Cm(1.1)
    width = int(section.page_width - section.left_margin - section.right_margin) // 635

    def style(name: str):  # type: ignore[no-untyped-def]
        found = find_style(doc, name)
        assert found is not None, name
        return found

    # Body size, colour and spacing go in the document defaults, not in Normal, as in Word's
    # own templates: table styles rank above the defaults but below Normal, so only this way
    # can "Brief Table" make cell text smaller and tighter than body text.
    _document_defaults(doc, size_half_points=22, color=theme.color("text"), after_twips=120, line=276)
    style("Normal").paragraph_format.widow_control = True

    title = style("Title")
    title.font.size, title.font.bold, title.font.color.rgb = Pt(26), True, primary
    title.element.get_or_add_pPr().remove_all("w:pBdr")  # python-docx's template rules it off
    title.element.get_or_add_rPr().remove_all("w:spacing", "w:kern")
    f = title.paragraph_format
    f.space_before, f.space_after, f.line_spacing = Pt(0), Pt(4), 1.0

    subtitle = style("Subtitle")
    subtitle.element.get_or_add_pPr().remove_all("w:numPr")  # a stray list level in the template
    subtitle.element.get_or_add_rPr().remove_all("w:spacing")
    subtitle.font.size, subtitle.font.italic, subtitle.font.color.rgb = Pt(14), False, muted
    f = subtitle.paragraph_format
    f.space_before, f.space_after = Pt(0), Pt(10)

    for name, size, before, after, color in (
        ("Heading 1", 15, 18, 6, primary), ("Heading 2", 12, 12, 4, primary), ("Heading 3", 11, 10, 2, text),
    ):
        h = style(name)
        h.font.size, h.font.bold, h.font.color.rgb = Pt(size), True, color
        f = h.paragraph_format
        f.space_before, f.space_after, f.keep_with_next, f.keep_together = Pt(before), Pt(after), True, True

    # Based on Normal, not on Heading 1 as in Word's own template: it looks like a heading but
    # is none, so readers that follow style inheritance (Pandoc) do not list "Contents" among
    # the brief's headings. Outline level 9 keeps it out of the TOC in Word.
    toc_heading = style("TOC Heading")
    toc_heading.base_style = style("Normal")
    toc_heading.font.size, toc_heading.font.bold, toc_heading.font.color.rgb = Pt(15), True, primary
    f = toc_heading.paragraph_format
    f.space_before, f.space_after, f.keep_with_next = Pt(18), Pt(6), True
    notes.style_outline_level(toc_heading, 9)

    for name in ("List Bullet", "List Number"):
        li = style(name)
        li.element.get_or_add_pPr().remove_all("w:contextualSpacing")
        li.paragraph_format.space_after = Pt(3)

    caption = style("Caption")
    caption.font.size, caption.font.bold, caption.font.color.rgb = Pt(9.5), True, primary
    f = caption.paragraph_format
    f.space_before, f.space_after, f.keep_with_next = Pt(10), Pt(4), True

    quote = style("Quote")
    quote.font.italic, quote.font.color.rgb = True, muted
    quote.paragraph_format.left_indent = Twips(400)

    footer_style = style("Footer")
    footer_style.font.size, footer_style.font.color.rgb = Pt(9), muted
    notes.style_tabs(footer_style, [("right", width, "none")])

    add_briefgen_styles(doc, theme=theme, options=dict(theme.docx), where=str(HERE / "reference.docx"))

    footer = section.footer.paragraphs[0]
    footer.style = footer_style
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    notes.add_field(footer, "PAGE", "1")

    # A specimen of every style, for whoever opens the reference in Word to restyle it.
    for name, sample in (
        ("Title", "Title"), ("Subtitle", "Subtitle"), ("Brief Meta", "Brief Meta: audience, date, author"),
        ("TOC Heading", "TOC Heading"), ("toc 1", "toc 1"), ("toc 2", "toc 2"),
        ("Heading 1", "Heading 1"), ("Analysis Label", "Analysis Label"),
        ("Normal", "Normal body text of the brief."), ("List Bullet", "List Bullet"),
        ("List Number", "List Number"), ("Heading 2", "Heading 2"), ("Heading 3", "Heading 3"),
        ("Quote", "Quote"), ("Caption", "Caption"),
        ("Bibliography", "Bibliography"), ("footnote text", "footnote text"), ("endnote text", "endnote text"),
        *((name, name) for name in box_styles(dict(theme.docx))),
    ):
        doc.add_paragraph(sample, style=style(name))
    for name in (str(theme.docx.get("table_style", "Brief Table")),):
        table = doc.add_table(rows=2, cols=2)
        table.style = style(name)
        table.cell(0, 0).text, table.cell(0, 1).text = name, "Header row"
        table.cell(1, 0).text, table.cell(1, 1).text = "First column", "Body cell"
        doc.add_paragraph()

    cp = doc.core_properties
    cp.title = cp.subject = cp.keywords = cp.comments = cp.category = ""
    cp.author = cp.last_modified_by = "briefgen"
    cp.created = cp.modified = datetime(2024, 1, 1, tzinfo=timezone.utc)
    cp.revision = 1
    notes.set_compatibility_mode(doc, 15)
    notes.set_language(doc, "en-GB")
    notes.tidy_package(doc, application="briefgen")

    buffer = io.BytesIO()
    doc.save(buffer)
    return normalize_zip(_office_theme(buffer.getvalue(), theme))


def _document_defaults(doc, *, size_half_points: int, color: str, after_twips: int, line: int) -> None:  # type: ignore[no-untyped-def]
    """Write `w:docDefaults`: run size and colour, paragraph spacing after and line spacing."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for tag in ("w:color", "w:sz", "w:szCs"):
        rpr.remove_all(tag)
    rpr.insert_element_before(parse_xml(f'<w:color {nsdecls("w")} w:val="{color}"/>'),
                              "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:lang")
    rpr.insert_element_before(parse_xml(f'<w:sz {nsdecls("w")} w:val="{size_half_points}"/>'), "w:szCs", "w:lang")
    rpr.insert_element_before(parse_xml(f'<w:szCs {nsdecls("w")} w:val="{size_half_points}"/>'), "w:lang")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    ppr.remove_all("w:spacing")
    ppr.append(parse_xml(f'<w:spacing {nsdecls("w")} w:after="{after_twips}" w:line="{line}" w:lineRule="auto"/>'))


def _office_theme(data: bytes, theme) -> bytes:  # type: ignore[no-untyped-def]
    """Set the Office theme's fonts (major and minor: the theme's office font) and colours (the
    slots `briefgen.render.ooxml.theming.ROLE_SLOTS` names, which a build reads back to restyle
    the reference from theme.yaml), so Word's theme font and colour pickers show the theme."""
    from briefgen.render.ooxml.theming import apply_to_theme_part

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            blob = src.read(name)
            if name == "word/theme/theme1.xml":
                blob, _ = apply_to_theme_part(blob, theme)
            dst.writestr(name, blob)
    return out.getvalue()


if __name__ == "__main__":
    target = HERE / "reference.docx"
    target.write_bytes(build())
    print(f"wrote {target}")
