"""Build templates/default/reference.docx: python-docx's default template, themed from theme.yaml.

Run `python templates/default/make_reference_docx.py`. The result holds every style briefgen uses
(Word's built-in names plus briefgen's own, see briefgen/render/docx.py), with the theme's font and
colours, and an empty body. An organisation replaces it with its own reference document (Pandoc's
`--reference-doc` convention); briefgen then uses that document's styles and page setup.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))


def main() -> None:
    import docx
    from docx.shared import Pt, RGBColor

    from briefgen.model import PartialDate
    from briefgen.render import docx_notes
    from briefgen.render.docx import add_briefgen_styles
    from briefgen.render.ooxml_zip import normalize_package
    from briefgen.theme import load_theme

    theme = load_theme(HERE.name, root=HERE.parent)
    document = docx.Document()
    font = theme.font.office_name
    primary = RGBColor.from_string(theme.color("primary"))
    text = RGBColor.from_string(theme.color("text"))
    normal = document.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(11)
    normal.font.color.rgb = text
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, size in (("Title", 26), ("Subtitle", 14), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11.5)):
        style = document.styles[name]
        style.font.name = font
        style.font.size = Pt(size)
        style.font.color.rgb = primary
        # python-docx's default template names theme fonts in rFonts; the named font must win
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts")
        if fonts is not None:
            for attr in list(fonts.attrib):
                if attr.endswith("Theme"):
                    del fonts.attrib[attr]
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        document.styles[name].paragraph_format.space_before = Pt(14 if name == "Heading 1" else 10)
        document.styles[name].paragraph_format.keep_with_next = True
    add_briefgen_styles(document, theme=theme)
    docx_notes.clear_body(document)
    core = document.core_properties
    core.author = core.last_modified_by = "briefgen"
    core.title = "briefgen reference document"
    core.revision = 1
    import datetime as dt

    core.created = core.modified = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    buffer = io.BytesIO()
    document.save(buffer)
    (HERE / "reference.docx").write_bytes(normalize_package(buffer.getvalue(), date=PartialDate(2024, 1, 1)))
    print(f"wrote {HERE / 'reference.docx'}")


if __name__ == "__main__":
    main()
