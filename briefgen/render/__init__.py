"""The renderers: each turns a Brief and a Theme into the bytes of one file format."""

from __future__ import annotations

from importlib import import_module
from typing import Callable

from ..record import record


@record
class Rendered:
    """A rendered file: its bytes, how many pages or slides it has, and messages for the user."""

    data: bytes
    pages: int = 0
    messages: tuple[str, ...] = ()


class TemplateError(Exception):
    """A theme's template (reference.docx, slides.pptx) lacks something briefgen needs."""


# format -> "module:function"; modules are imported only when their format is asked for, so
# `briefgen check` never pays for ReportLab, python-docx or python-pptx.
RENDERERS: dict[str, str] = {
    "pdf": "briefgen.render.pdf:render",
    "docx": "briefgen.render.docx:render",
    "pptx": "briefgen.render.pptx.write:render",
}


def renderer(fmt: str) -> "Callable[..., Rendered]":
    """Return the render function for `fmt`. Raises |KeyError| for an unknown format."""
    module, func = RENDERERS[fmt].split(":")
    return getattr(import_module(module), func)  # type: ignore[no-any-return]
