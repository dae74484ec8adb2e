"""Render jobs: which worker processes a build starts, what they do first, and one render.

This module is imported before anything heavy (the command line starts the workers before it
even imports the pipeline), so it imports only the standard library at its top.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from ..model import Brief
    from ..workers import Workers
    from . import Rendered, RenderInputError

# The theme the workers prepare while the outline is still being read: the one an outline gets
# when it names none (`load.project.Outline.theme`). A render with another theme prepares that
# one itself; the warm-up only fills caches, so a wrong guess costs time, never correctness.
WARM_THEME = "default"


def start(paths: Sequence[Path], formats: Sequence[str], jobs: int | None, *,
          method: str | None = None) -> "Workers | None":
    """Start the render workers for building `paths` in `formats`, or return None for one process.

    Workers start before the input is even read, so that importing ReportLab, python-docx and
    python-pptx, and preparing the default theme's fonts and templates, overlap with loading and
    verifying the inputs. `method` forces a multiprocessing start method (default: see
    `workers.start_method`). The caller must close them (`Workers` is a context manager).
    """
    cores = jobs or os.cpu_count() or 1
    if cores <= 1:
        return None
    # Even a single file gets a worker when there is a second core: its imports overlap the check.
    workers = min(len(paths) * len(formats), cores)
    _import_shared()
    from ..workers import Workers

    return Workers(_groups(formats, workers), warm=_warm, work=render_into, method=method)


def _import_shared() -> None:
    """Import the modules both the check (in this process) and every render need, before forking.

    Forked workers inherit them instead of importing them again each (the model, the theme
    reader with PyYAML, the file readers: about 60 ms of CPU per worker that would compete with
    the check for the cores). The check imports them first thing anyway, so this costs the
    build nothing. Workers started by `spawn` import them themselves.
    """
    from .. import model, theme  # noqa: F401
    from ..load import read  # noqa: F401


def render_one(brief: Brief, theme_name: str, fmt: str) -> "Rendered | RenderInputError":
    """Render one format; return the Rendered file, or the theme or template problem it hit.

    A `RenderInputError` is returned, not raised, so that it crosses from a worker to the build
    like any result; every other exception is a bug and propagates.
    """
    from ..theme import ThemeError, load_theme
    from . import RenderInputError, renderer

    try:
        return renderer(fmt).render(brief, theme=load_theme(theme_name))
    except RenderInputError as exc:
        return exc
    except ThemeError as exc:  # the theme module's own error: the same family for the build
        return RenderInputError(str(exc))


def render_into(brief: Brief, theme_name: str, fmt: str, into: str) -> "Rendered | RenderInputError | OSError":
    """Render one format into `into`, a temporary file made by `fileio.stage`; return its page count
    and messages (a Rendered without its bytes), the theme or template problem, or the OSError
    that kept the bytes from being written (a full disk).

    A worker thus sends back a few numbers, not a file of several megabytes that the build
    would receive, copy and hold until it writes.
    """
    from dataclasses import replace

    from ..fileio import fill
    from . import Rendered

    rendered = render_one(brief, theme_name, fmt)
    if not isinstance(rendered, Rendered):
        return rendered
    try:
        fill(Path(into), rendered.data)
    except OSError as exc:
        return exc
    return replace(rendered, data=b"")


def _warm(group: tuple[str, ...], theme_name: str = WARM_THEME) -> None:
    """Import what rendering `group`'s formats needs and prepare `theme_name` for them.

    Runs in a worker while the parent checks the input, so it must not depend on it; a
    renderer's `prepare` only fills caches that `render` would otherwise fill itself.
    """
    from ..theme import load_theme
    from . import renderer

    renderers = [renderer(fmt) for fmt in group]
    theme = load_theme(theme_name)
    for r in renderers:
        r.prepare(theme)


def _groups(formats: Sequence[str], workers: int) -> list[tuple[str, ...]]:
    """Return one format group per worker process.

    With fewer cores than formats, PDF gets a worker of its own and the Office formats share one
    (python-pptx and python-docx together weigh about what ReportLab does); with more cores,
    each format gets its share of them.
    """
    formats = tuple(formats)
    groups: list[tuple[str, ...]]
    if workers >= len(formats):
        groups = [(f,) for f in formats]
    else:
        groups = [tuple(f for f in formats if f == "pdf"), tuple(f for f in formats if f != "pdf")]
        groups = [g for g in groups if g]
    while len(groups) > workers:
        groups[-2:] = [groups[-2] + groups[-1]]
    share = [workers // len(groups) + (1 if i < workers % len(groups) else 0) for i in range(len(groups))]
    return [g for g, n in zip(groups, share) for _ in range(n)]
