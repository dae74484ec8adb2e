"""The theme's logo on the PDF masthead: a tagged Figure with the theme's alt text."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from .pdf_tags import mark

if TYPE_CHECKING:
    from ..theme import Logo
    from .pdf_tags import Node

MM = 72 / 25.4


def draw_logo(canv: Any, logo: "Logo", *, right: float, top: float, max_height: float, tag: "Node | None") -> None:
    """Draw `logo` with its top right corner at (`right`, `top`), at its height (at most
    `max_height`), as the marked content of `tag` (a Figure whose /Alt is the logo's alt text)."""
    from reportlab.lib.utils import ImageReader

    height = min(logo.height_mm * MM, max_height)
    width = height * logo.aspect
    with mark(canv, tag):
        canv.drawImage(ImageReader(io.BytesIO(logo.data)), right - width, top - height, width, height, mask="auto")
