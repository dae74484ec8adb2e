"""Identifiers: the one spelling of a fact, source, section or theme id (a slug), and the ids that
citations in outline text name."""

from __future__ import annotations

import re

ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"   # lowercase letters and digits, single hyphens between
SLUG = re.compile(f"^{ID}$")
_CITATION = re.compile(r"\[@[^\]]*\]")
_MENTION = re.compile(f"@({ID})")


def cited_ids(text: str) -> tuple[str, ...]:
    """Return the ids the citations of `text` name (`[@a; @b]`), in order, without repeats."""
    return tuple(dict.fromkeys(i for c in _CITATION.findall(text) for i in _MENTION.findall(c)))


def mentioned_ids(text: str) -> list[str]:
    """Return every `@id` written in `text`, in or out of citation brackets, in order."""
    return _MENTION.findall(text)
