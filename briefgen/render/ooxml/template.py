"""A theme's Office template (reference.docx, slides.pptx): found, opened once per process, or refused clearly."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Hashable, TypeVar

from ...cache import cached_by_file
from .. import TemplateError

if TYPE_CHECKING:
    from ...theme import Theme

T = TypeVar("T")


def find_template(theme: "Theme", name: str, *, what: str, default: Path | None = None,
                  error: type[TemplateError] = TemplateError) -> Path:
    """Return the theme's file `name`, else `default`. Raises `error` naming the file when the
    theme has no such file and there is no default."""
    path = theme.file(name)
    if path is not None:
        return path
    if default is not None:
        return default
    raise error(f"{what} `{theme.folder / name}` is missing")


def read_errors() -> tuple[type[BaseException], ...]:
    """What reading a broken package raises: not a zip, a missing part or relationship, bad XML."""
    from lxml import etree

    return (OSError, zipfile.BadZipFile, KeyError, IndexError, ValueError, etree.LxmlError)


def load_template(path: Path, load: Callable[..., T], *args: Any, what: str, kind: str,
                  library_error: type[BaseException], error: type[TemplateError] = TemplateError,
                  key: Hashable = None) -> T:
    """Return `load(path, *args)`, computed once per process while the file is unchanged
    (`cached_by_file`, with `key`).

    `load` opens the file with python-docx or python-pptx, whose error for a file that is not a
    package is `library_error`. Raises `error` naming the file when it is not a readable `kind`
    ("Word document"; not a zip, a part or relationship missing, broken XML), and lets `load`'s own
    |TemplateError| (a missing style or layout) through.
    """
    try:
        return cached_by_file(path, load, *args, key=key)
    except TemplateError:
        raise
    except (library_error, *read_errors()) as exc:
        detail = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
        raise error(f"{what} `{path}` is not a readable {kind} ({detail or type(exc).__name__})") from exc
