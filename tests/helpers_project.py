"""Write small on-disk projects for load and pipeline tests."""

from __future__ import annotations

import shutil
from pathlib import Path

MINI = Path(__file__).parent / "projects" / "mini"


def copy_mini(tmp_path: Path) -> Path:
    """Return a fresh copy of the mini project under `tmp_path`."""
    dest = tmp_path / "mini"
    shutil.copytree(MINI, dest)
    return dest


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
