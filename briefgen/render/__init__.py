"""The renderers: each turns a Brief and a Theme into the bytes of one file format.

Every renderer is a module with the same two functions (the `Renderer` protocol), listed in
one registry, `RENDERERS`, which imports a format's module only when that format is asked for,
so `briefgen check` never pays for ReportLab, python-docx or python-pptx. A render either
returns a `Rendered` file or raises a `RenderInputError`, a problem in the theme or template
that the user can fix; any other exception is a bug in briefgen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Mapping, Protocol

if TYPE_CHECKING:
    from ..model import Brief
    from ..theme import Theme


@dataclass(frozen=True, slots=True)
class Rendered:
    """A rendered file: its bytes, how many pages or slides it has, and messages for the user."""

    data: bytes
    pages: int = 0
    messages: tuple[str, ...] = ()


class RenderInputError(Exception):
    """A theme or template problem that is the user's to fix; `message` says what and where.

    The one family of errors a render may end with besides a bug. It pickles (a worker
    returns it to the build), and its message is a diagnostic's: lower case, no full stop.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)

    @property
    def message(self) -> str:
        return str(self.args[0])


class TemplateError(RenderInputError):
    """A theme's template (reference.docx, slides.pptx) lacks something briefgen needs.

    Each renderer's own `TemplateError` subclasses this one.
    """


class Renderer(Protocol):
    """What every renderer module provides."""

    def prepare(self, theme: "Theme") -> None:
        """Do the theme's share of a render ahead of it (fonts, templates): caches only.

        `render` gives the same bytes with or without it. May raise what `render` raises.
        """

    def render(self, brief: "Brief", *, theme: "Theme") -> Rendered:
        """Return `brief` rendered with `theme`, byte-identical for the same inputs.

        Raises |RenderInputError| for a problem in the theme or its template.
        """


def _pdf() -> Renderer:
    from . import pdf

    return pdf


def _docx() -> Renderer:
    from . import docx

    return docx


def _pptx() -> Renderer:
    from .pptx import write

    return write


# format -> a function that imports that format's renderer (once; later calls are a dict lookup)
RENDERERS: Mapping[str, Callable[[], Renderer]] = {"pdf": _pdf, "docx": _docx, "pptx": _pptx}


def renderer(fmt: str) -> Renderer:
    """Return the renderer for `fmt`, importing it. Raises |KeyError| for an unknown format."""
    return RENDERERS[fmt]()
