"""A `sources.yaml` entry suggested from what a file says about itself, for `briefgen sources add`.

Nothing here is filled in silently: every value comes from the file's own metadata, unknown ones
stay null, and the caller shows the entry for the author to check before it is registered.
"""

from __future__ import annotations

import re
from typing import Any

from .extracted import Extracted

_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def suggested_entry(extracted: Extracted, *, file: str, taken: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Return a source entry (keys in `sources.yaml` order) for the file registered as `file`.

    `id` is made from the title (or the file name) and differs from every id in `taken`;
    `published` keeps only the date part of a timestamp (`2025-03-18T07:30:00+00:00` → `2025-03-18`);
    `language` keeps only the language of a locale (`en-GB`, `en_GB` → `en`).
    """
    meta = extracted.metadata
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", file.rsplit("/", 1)[-1])
    base = _NOT_SLUG.sub("-", (meta.title or stem).lower()).strip("-")[:48].rstrip("-") or "source"
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    date = _ISO_DATE.match(meta.date or "")
    return {
        "id": ident,
        "file": file,
        "title": meta.title or stem,
        "published": "-".join(p for p in date.groups() if p) if date else None,
        "publisher": meta.publisher,
        "author": meta.author,
        "url": meta.url,
        "language": re.split(r"[-_]", meta.language)[0].lower() if meta.language else None,
    }
