"""Namespaces, relationship types and content types of Office Open XML packages."""

from __future__ import annotations

# ---------------------------------------------------------------- namespaces
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
DECORATIVE = "http://schemas.microsoft.com/office/drawing/2017/decorative"
SVG = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
CORE_PROPERTIES = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}

# ---------------------------------------------------------------- relationship types
RT_HYPERLINK = R + "/hyperlink"
RT_SLIDE = R + "/slide"
RT_SLIDE_LAYOUT = R + "/slideLayout"
RT_NOTES_SLIDE = R + "/notesSlide"
RT_NOTES_MASTER = R + "/notesMaster"
RT_IMAGE = R + "/image"
RT_CHART = R + "/chart"
RT_PACKAGE = R + "/package"

# ---------------------------------------------------------------- content types
CT_RELATIONSHIPS = "application/vnd.openxmlformats-package.relationships+xml"
CT_XML = "application/xml"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
CT_WML_FOOTNOTES = _WML + "footnotes+xml"
CT_WML_ENDNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"
_PML = "application/vnd.openxmlformats-officedocument.presentationml."
CT_PML_SLIDE = _PML + "slide+xml"
CT_PML_NOTES_SLIDE = _PML + "notesSlide+xml"
CT_PNG, CT_JPEG, CT_SVG = "image/png", "image/jpeg", "image/svg+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# ---------------------------------------------------------------- DrawingML extensions
SVG_BLIP_URI = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"  # an a:blip's SVG beside its PNG fallback
# Office's mark for a shape or picture that carries no meaning (a panel, a rule, a decorative
# picture): screen readers skip it, and Office's accessibility checker asks no alt text of it.
DECORATIVE_EXT = ('<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
                  f'<adec:decorative xmlns:adec="{DECORATIVE}" val="1"/></a:ext></a:extLst>')
