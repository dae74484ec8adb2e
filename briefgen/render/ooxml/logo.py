"""The theme's logo in Word and PowerPoint: its media part and the picture XML, with its alt text.

The part has a name of its own (`/word/media/logo.png`, `/ppt/media/logo.png`), apart from the
numbered media of figures, and the picture carries the theme's alt text in `descr`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .names import CT_JPEG, CT_PNG, PIC, WP, A
from .package import Part
from .text import attr, one_line

if TYPE_CHECKING:
    from ...theme import Logo

CONTENT_TYPES = {"png": CT_PNG, "jpeg": CT_JPEG}
_EXT = {"png": "png", "jpeg": "jpeg"}
EMU_PER_MM = 36000


def media_part(logo: "Logo", folder: str) -> Part:
    """Return the logo's media part in `folder` ("/word/media", "/ppt/media")."""
    return Part(f"{folder}/logo.{_EXT[logo.kind]}", CONTENT_TYPES[logo.kind], logo.data)


def extent(logo: "Logo", *, height_mm: float | None = None, max_width: int | None = None) -> tuple[int, int]:
    """Return the logo's printed (width, height) in EMU: its height, at most `max_width` wide."""
    cy = round((height_mm or logo.height_mm) * EMU_PER_MM)
    cx = round(cy * logo.aspect)
    if max_width is not None and cx > max_width:
        cx, cy = max_width, round(max_width / logo.aspect)
    return cx, cy


def _pic(logo: "Logo", *, pic_id: int, r_id: str, cx: int, cy: int, ns: str = "") -> str:
    alt = attr(one_line(logo.alt))
    return (f'<pic:pic{ns}><pic:nvPicPr><pic:cNvPr id="{pic_id}" name="Logo" descr="{alt}"/>'
            '<pic:cNvPicPr><a:picLocks noChangeAspect="1"/></pic:cNvPicPr></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:embed="{attr(r_id)}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>')


def word_run(logo: "Logo", *, r_id: str, doc_id: int, max_width: int) -> str:
    """Return a `w:r` holding the logo as an inline picture with its alt text (`wp:docPr descr`)."""
    cx, cy = extent(logo, max_width=max_width)
    alt = attr(one_line(logo.alt))
    return (f'<w:r><w:drawing><wp:inline xmlns:wp="{WP}" distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{doc_id}" name="Logo" descr="{alt}"/>'
            f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{A}" noChangeAspect="1"/></wp:cNvGraphicFramePr>'
            f'<a:graphic xmlns:a="{A}"><a:graphicData uri="{PIC}">'
            + _pic(logo, pic_id=doc_id, r_id=r_id, cx=cx, cy=cy, ns=f' xmlns:pic="{PIC}"')
            + "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>")


def slide_pic(logo: "Logo", *, sid: int, r_id: str, left: int, top: int, cx: int, cy: int) -> str:
    """Return a `p:pic` of the logo on a slide at (`left`, `top`), `cx` by `cy` EMU, with its alt text."""
    alt = attr(one_line(logo.alt))
    return (f'<p:pic><p:nvPicPr><p:cNvPr id="{sid}" name="Logo" descr="{alt}"/><p:cNvPicPr>'
            '<a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr/></p:nvPicPr>'
            f'<p:blipFill><a:blip r:embed="{attr(r_id)}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
            f'<p:spPr><a:xfrm><a:off x="{left}" y="{top}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>')
