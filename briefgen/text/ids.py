"""Identifiers: the one spelling of a fact, source, section or theme id (a slug), and the ids that
citations in outline text name."""

from __future__ import annotations

import re
from typing import Container

ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"   # lowercase letters and digits, single hyphens between
SLUG = re.compile(f"^{ID}$")
_NOT_ID = re.compile(r"[^a-z0-9]+")
_CITATION = re.compile(r"\[@[^\]]*\]")
_MENTION = re.compile(f"@({ID})")


def cited_ids(text: str) -> tuple[str, ...]:
    """Return the ids the citations of `text` name (`[@a; @b]`), in order, without repeats."""
    return tuple(dict.fromkeys(i for c in _CITATION.findall(text) for i in _MENTION.findall(c)))


def mentioned_ids(text: str) -> list[str]:
    """Return every `@id` written in `text`, in or out of citation brackets, in order."""
    return _MENTION.findall(text)


def slugify(text: str, *, limit: int | None = None) -> str:
    """Return `text` spelt as an id: lower case, every run of other characters one hyphen; with
    `limit`, at most that long, cut after a whole word. Empty when nothing of `text` is left."""
    slug = _NOT_ID.sub("-", text.lower()).strip("-")
    if limit is not None and len(slug) > limit:
        cut = slug[:limit + 1]
        slug = cut[:cut.rfind("-")] if "-" in cut else slug[:limit]
    return slug


def unique_id(base: str, taken: "Container[str]") -> str:
    """Return `base`, or `base-2`, `base-3`… the first that is not in `taken`."""
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    return ident
