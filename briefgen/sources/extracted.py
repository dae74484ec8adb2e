"""What extracting a source gives: its text, where each offset sits (page or heading), and how."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

# Kinds of source and the file extensions that select them.
KINDS = {".txt": "text", ".md": "text", ".html": "html", ".htm": "html", ".pdf": "pdf"}

# What an offset range may owe to the extraction rather than to the source's own characters.
HYPHENATION = "hyphenation"  # a hyphen at a line end followed by a line break ("recom-\nmendation")
LIGATURE = "ligature"        # letters that were one glyph in the PDF ("fi" drawn as U+FB01)


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of an HTML source: where it starts in the text, its level (1-6) and its text."""

    offset: int
    level: int
    text: str


@dataclass(frozen=True, slots=True)
class Flag:
    """Text offsets [start, end) that the extraction produced in a way a match must report."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the file says about itself; suggestions for `sources.yaml`, never filled in silently."""

    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    date: str | None = None      # as found (ISO 8601 where the page gave it so)
    url: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Extracted:
    """The text of one source file, as briefgen extracted it, with its locators.

    `pages[i]` is the offset where page i + 1 starts (PDF only); `headings` are the HTML
    headings in text order; `flags` mark offsets produced by joining a hyphenation or expanding a
    ligature, sorted by start. `method` says how the text was produced (library and version).
    """

    kind: str
    text: str
    sha256: str
    method: str
    pages: tuple[int, ...] = ()
    headings: tuple[Heading, ...] = ()
    flags: tuple[Flag, ...] = ()
    metadata: Metadata = Metadata()
    empty_pages: tuple[int, ...] = ()  # 1-based numbers of PDF pages that have no text at all

    def page_of(self, offset: int) -> int | None:
        """Return the 1-based page number that text offset `offset` is on (None unless a PDF)."""
        if not self.pages:
            return None
        return max(1, bisect.bisect_right(self.pages, offset))

    def heading_of(self, offset: int) -> Heading | None:
        """Return the nearest heading at or before `offset` (None before the first, or unless HTML)."""
        i = bisect.bisect_right([h.offset for h in self.headings], offset)
        return self.headings[i - 1] if i else None

    def flags_in(self, start: int, end: int) -> frozenset[str]:
        """Return the kinds of flag that overlap text offsets [start, end)."""
        return frozenset(f.kind for f in self.flags if f.start < end and start < f.end)

    def locator(self, start: int, end: int) -> str | None:
        """Return where [start, end) is, as a note prints it: `p. 12`, `pp. 12–13`, or the heading.

        None for a plain-text source, or an HTML passage before its first heading.
        """
        if self.kind == "pdf":
            first = self.page_of(start)
            last = self.page_of(max(start, end - 1))
            return f"p. {first}" if first == last else f"pp. {first}\u2013{last}"
        if self.kind == "html":
            heading = self.heading_of(start)
            return heading.text if heading is not None else None
        return None

    # ---- the cache's JSON form

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "text": self.text, "sha256": self.sha256, "method": self.method,
            "pages": list(self.pages), "headings": [[h.offset, h.level, h.text] for h in self.headings],
            "flags": [[f.start, f.end, f.kind] for f in self.flags],
            "metadata": {k: getattr(self.metadata, k) for k in _META_KEYS},
            "empty_pages": list(self.empty_pages),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Extracted":
        """Return the extraction `to_json` gave. Raises KeyError, TypeError or ValueError when malformed."""
        meta = data["metadata"]
        return cls(
            str(data["kind"]), str(data["text"]), str(data["sha256"]), str(data["method"]),
            tuple(int(p) for p in data["pages"]),
            tuple(Heading(int(o), int(lv), str(t)) for o, lv, t in data["headings"]),
            tuple(Flag(int(a), int(b), str(k)) for a, b, k in data["flags"]),
            Metadata(**{k: (None if meta.get(k) is None else str(meta[k])) for k in _META_KEYS}),
            tuple(int(p) for p in data["empty_pages"]),
        )


_META_KEYS = ("title", "author", "publisher", "date", "url", "language")
