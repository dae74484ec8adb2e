"""The core properties part (`docProps/core.xml`) of a brief's DOCX or PPTX."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .names import CORE_PROPERTIES as NS
from .text import one_line

if TYPE_CHECKING:
    from ...model import Brief

def timestamp(brief: "Brief") -> str:
    """Return the W3CDTF timestamp of the brief's date: that day (or the first of its month or
    year) at 00:00:00Z. Written by hand, since `strftime` does not pad years before 1000."""
    d = brief.date
    return f"{d.year:04d}-{d.month or 1:02d}-{d.day or 1:02d}T00:00:00Z"


def core_properties(template: bytes, brief: "Brief") -> bytes:
    """Return `template` (a core properties part) with the brief's title, subject, author,
    keywords, language and date, set as python-docx and python-pptx set them: an existing
    element is overwritten, a missing one appended, and the dates typed `dcterms:W3CDTF`.

    Strings are one line of at most 255 characters (what Word keeps). The brief's author is
    also the last to modify it; the application is named in `docProps/app.xml`.
    """
    from lxml import etree

    root = etree.fromstring(template, etree.XMLParser(remove_blank_text=True, resolve_entities=False))

    for tag, value in (
        ("dc:title", brief.title),
        ("dc:subject", brief.subtitle),
        ("dc:creator", brief.author),
        ("cp:lastModifiedBy", brief.author),
        ("cp:keywords", ", ".join(brief.keywords)),
        ("dc:language", brief.language),
        ("dc:description", ""),
        ("cp:category", ""),
    ):
        _child(root, tag).text = one_line(value)[:255]
    stamp = timestamp(brief)
    xsi = NS["xsi"]
    for tag in ("dcterms:created", "dcterms:modified"):
        el = _child(root, tag)
        el.text = stamp
        root.set(f"{{{xsi}}}foo", "bar")  # declares xsi on the root, as both libraries do
        el.set(f"{{{xsi}}}type", "dcterms:W3CDTF")
        del root.attrib[f"{{{xsi}}}foo"]
    _child(root, "cp:revision").text = "1"
    return etree.tostring(root, encoding="UTF-8", standalone=True)  # type: ignore[no-any-return]


def _child(root: Any, tag: str) -> Any:
    """Return the first `tag` child of `root`, appended when missing."""
    from lxml import etree

    prefix, local = tag.split(":")
    name = f"{{{NS[prefix]}}}{local}"
    el = root.find(name)
    if el is None:
        el = etree.Element(name, nsmap={prefix: NS[prefix]})
        root.append(el)
    return el
