"""Where briefgen's shipped data lives: themes, fonts, audience profiles and CSL styles.

The repository keeps them in its top-level `templates/` folder; a wheel carries the same folder
as the package data `briefgen/templates/` (pyproject.toml maps one onto the other), so an
installed briefgen and a source checkout find them the same way.
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def templates_dir() -> Path:
    """Return the folder holding briefgen's built-in themes, audiences and CSL styles."""
    packaged = _HERE / "templates"  # an installed wheel
    if packaged.is_dir():
        return packaged
    return _HERE.parent / "templates"  # a source checkout, or an editable install of one
