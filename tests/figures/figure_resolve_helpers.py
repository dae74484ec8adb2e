"""Resolve a figures project and list its figures (for tests)."""

from __future__ import annotations

from pathlib import Path

from briefgen.load.project import Options, load_project
from briefgen.model import Figure, plain
from briefgen.resolve.bind import resolve


def figures_of(outline: Path) -> list[tuple[Figure, str]]:
    """Return each figure of `outline` with its caption as text, note numbers in brackets."""
    project, diags = load_project(outline, options=Options(outline.parent.parent))
    assert project is not None and not [d for d in diags if d.is_error], diags
    brief, _ = resolve(project)
    return [(b, plain(b.caption, with_numbers=True)) for s in brief.sections for b in s.blocks if isinstance(b, Figure)]
