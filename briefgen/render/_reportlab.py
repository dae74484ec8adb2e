"""Import ReportLab's platypus without paying for a regular expression that briefgen never uses.

`reportlab.platypus.paragraph` compiles `uri_pat` at import: a case-insensitive pattern with
`[a-z\\xa1-\\uffff]` classes, for which Python's `re` case-folds some 65,000 characters. That
takes about 25 ms, a third of importing platypus, and the pattern is only used to hyphenate URIs
(`hyphenationLang` with `uriWasteReduce`), which briefgen does not ask for. Importing this
module first makes that one pattern compile on its first use instead; every other pattern
compiles as usual. If ReportLab changes the pattern, nothing is deferred and nothing breaks.
"""

from __future__ import annotations

import re
import sys
from typing import Any

# The start of ReportLab's uri_pat (reportlab/platypus/paragraph.py), which no other pattern shares.
_URI_PAT_START = "(^(?:[a-z0-9\\.\\-\\+]*)://)"


class _Deferred:
    """A compiled pattern that compiles itself when first used."""

    __slots__ = ("_args", "_pattern")

    def __init__(self, *args: Any) -> None:
        self._args = args
        self._pattern: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._pattern is None:
            self._pattern = _real_compile(*self._args)
        return getattr(self._pattern, name)


_real_compile = re.compile


def _compile(pattern: Any, flags: int = 0) -> Any:
    if isinstance(pattern, str) and pattern.startswith(_URI_PAT_START):
        return _Deferred(pattern, flags)
    return _real_compile(pattern, flags)


if "reportlab.platypus" not in sys.modules:
    re.compile = _compile  # type: ignore[assignment]
    try:
        import reportlab.platypus  # noqa: F401
    finally:
        re.compile = _real_compile
