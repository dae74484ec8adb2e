"""The theme's TrueType family, registered once per process for the PDF and for figure drawings.

Every ReportLab document briefgen makes (the PDF, and the in-memory PDFs figures are rasterized
from for the DOCX and the deck) uses these registrations, so each face is parsed once and every
embedded subset gets the same clean ToUnicode map.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

if TYPE_CHECKING:
    from ..theme import FontFamily


@dataclass(frozen=True, slots=True)
class Fonts:
    """The ReportLab names of a registered family's four faces."""

    regular: str
    bold: str
    italic: str
    bold_italic: str


class CleanTTFont(TTFont):  # type: ignore[misc]
    """A TrueType font whose ToUnicode maps leave out the codes that stand for no character.

    ReportLab reserves the codes below 32 of a font's first subset and maps those it never
    fills to U+0000, which PDF/UA forbids (nothing is ever drawn with them).
    """

    def addObjects(self, doc: Any) -> None:
        state = self.state.get(doc)
        subsets = [] if state is None else list(state.subsets)
        names = [self.getSubsetInternalName(n, doc)[1:] for n in range(len(subsets))]
        super().addObjects(doc)
        fonts = doc.idToObject["BasicFonts"].dict
        for name, subset in zip(names, subsets):
            font = fonts[name]
            stream = doc.idToObject[font.ToUnicode.name]
            entries = [f"<{i:02X}> <{v:04X}>" for i, v in enumerate(subset) if v]
            head, _, _ = stream.content.partition("beginbfchar")
            head = head[:head.rstrip().rfind("\n") + 1]
            stream.content = "\n".join([head + f"{len(entries)} beginbfchar", *entries, "endbfchar", "endcmap",
                                         "CMapName currentdict /CMap defineresource pop", "end", "end"])


def register_family(font: FontFamily) -> Fonts:
    """Register the theme's four TrueType files as one family and return their ReportLab names.

    The names carry a digest of the file paths, so two themes with the same family name never
    overwrite each other in ReportLab's process-wide registry, and a second render reuses the
    already parsed fonts.
    """
    paths = (font.regular, font.bold, font.italic, font.bold_italic)
    tag = hashlib.sha1("\0".join(str(p) for p in paths).encode()).hexdigest()[:8]
    base = re.sub(r"[^A-Za-z0-9]", "", font.name) or "Body"
    names = Fonts(*(f"{base}-{tag}-{kind}" for kind in ("Regular", "Bold", "Italic", "BoldItalic")))
    known = set(pdfmetrics.getRegisteredFontNames())
    for name, path in zip((names.regular, names.bold, names.italic, names.bold_italic), paths):
        if name not in known:
            pdfmetrics.registerFont(CleanTTFont(name, str(path)))
    pdfmetrics.registerFontFamily(names.regular, normal=names.regular, bold=names.bold,
                                  italic=names.italic, boldItalic=names.bold_italic)
    return names
