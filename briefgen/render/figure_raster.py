"""A figure's drawing as a PNG for the Office formats: the same ReportLab drawing the PDF prints
(a locator map, a chart, an SVG picture), rasterized by PDFium, with the same bytes every time.

The drawing is written to a one-page PDF in memory, PDFium renders that page at `dpi`, and Pillow
saves the pixels as a PNG without metadata (no time, no software name), so a rebuild gives the
same bytes. The DOCX writer uses it for maps, charts and the fallback of an SVG; the deck can too.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

    from ..model import Figure
    from ..theme import Theme
    from .pdf_figures import FigureStyle

DPI = 200


@dataclass(frozen=True, slots=True)
class Raster:
    """A PNG and the size it prints at, in points."""

    png: bytes
    width: float
    height: float


def register_fonts(theme: "Theme") -> tuple[str, str]:
    """Return the ReportLab names of the theme's regular and bold faces for drawings rasterized
    here: the PDF's own registrations (|register_family|), so a process that renders a DOCX or
    a deck and then a PDF embeds the same clean fonts in both."""
    from .pdf_fonts import register_family

    names = register_family(theme.font)
    return names.regular, names.bold


def figure_style(theme: "Theme") -> "FigureStyle":
    """Return the `pdf_figures.FigureStyle` of `theme` for a rasterized drawing."""
    from reportlab.lib.colors import HexColor

    from .pdf_figures import FigureStyle

    regular, bold = register_fonts(theme)
    rule = "#" + str(theme.pdf.get("rule_color", "C9D1DC")).lstrip("#")
    return FigureStyle(regular=regular, bold=bold, text=HexColor("#" + theme.color("text")),
                       muted=HexColor("#" + theme.color("muted")), primary=HexColor("#" + theme.color("primary")),
                       accent=HexColor("#" + theme.color("accent")), rule=HexColor(rule))


def png(drawing: "Drawing", *, dpi: int = DPI) -> bytes:
    """Return `drawing` rasterized at `dpi` on white, as PNG bytes that depend on nothing else."""
    import pypdfium2 as pdfium
    from reportlab.graphics import renderPDF

    data = renderPDF.drawToString(drawing)
    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[0]
        try:
            bitmap = page.render(scale=dpi / 72, fill_color=(255, 255, 255, 255))
            image = bitmap.to_pil().convert("RGB")
        finally:
            page.close()
    finally:
        pdf.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=9)
    return out.getvalue()


def figure_raster(fig: "Figure", *, theme: "Theme", width: float, max_height: float, dpi: int = DPI) -> Raster | None:
    """Return the figure's map, chart or SVG picture as a PNG printing `width` points wide at most
    (and `max_height` high), or None for a PNG or JPEG picture, which is embedded as it is."""
    from .pdf_figures import drawing

    style = figure_style(theme)
    drawn = drawing(fig, width=width, max_height=max_height, style=style)
    if drawn is None:
        return None
    return Raster(png(drawn, dpi=dpi), float(drawn.width), float(drawn.height))
