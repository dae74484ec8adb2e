"""The Theme: fonts, colours, sizes and geometry loaded from `templates/<name>/theme.yaml`."""

from __future__ import annotations

from dataclasses import field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from .record import record

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@record
class FontFamily:
    """A TrueType family: four files registered together so emphasis works inside paragraphs.

    `name` is the family embedded in the PDF; `office_name` is the name DOCX and PPTX ask for
    (Carlito is metric-compatible with Calibri, so text measured with Carlito fits Calibri).
    """

    name: str
    office_name: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path


@record
class Theme:
    """A theme folder. `pdf`, `docx` and `pptx` hold each renderer's own settings."""

    name: str
    folder: Path
    font: FontFamily
    colors: Mapping[str, str]
    pdf: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    docx: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    pptx: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def color(self, key: str) -> str:
        """Return colour `key` as `RRGGBB` hex (no `#`). Raises |KeyError| if it is not set."""
        return self.colors[key].lstrip("#").upper()

    def file(self, relative: str) -> Path | None:
        """Return `relative` inside the theme folder, or None when the theme has no such file."""
        path = self.folder / relative
        return path if path.is_file() else None


class ThemeError(Exception):
    """A theme folder is missing or malformed."""


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def available(root: Path = TEMPLATES) -> list[str]:
    """Return the names of the theme folders under `root`."""
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "theme.yaml").is_file())


_LOADED: dict[tuple[Path, int, int], Theme] = {}


def load_theme(name: str, *, root: Path = TEMPLATES) -> Theme:
    """Return the theme `name` read from `root/<name>/theme.yaml`.

    A Theme is immutable, so a process reads each theme file once (again if the file changes).
    Raises |ThemeError| when the folder, the file or one of its fonts is missing.
    """
    folder = root / name
    path = folder / "theme.yaml"
    try:
        st = path.stat()
    except OSError:
        st = None
    if st is None or not path.is_file():
        raise ThemeError(f"unknown theme `{name}`")
    key = (path, st.st_mtime_ns, st.st_size)
    if key not in _LOADED:
        _LOADED[key] = _read_theme(name, folder, path)
    return _LOADED[key]


def _read_theme(name: str, folder: Path, path: Path) -> Theme:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
    f = data.get("font", {})
    files = {}
    for key in ("regular", "bold", "italic", "bold_italic"):
        p = folder / str(f.get(key, ""))
        if not p.is_file():
            raise ThemeError(f"theme `{name}`: font file `{p}` is missing")
        files[key] = p
    font = FontFamily(name=str(f.get("name", "Body")), office_name=str(f.get("office_name", f.get("name", "Calibri"))), **files)
    return Theme(
        name=name,
        folder=folder,
        font=font,
        colors=_freeze(dict(data.get("colors", {}))),
        pdf=_freeze(dict(data.get("pdf", {}))),
        docx=_freeze(dict(data.get("docx", {}))),
        pptx=_freeze(dict(data.get("pptx", {}))),
    )
