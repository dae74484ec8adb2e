"""A `sources.yaml` entry suggested from what a file says about itself, for `briefgen sources add`.

Nothing here is filled in silently: every value comes from the file's own metadata (a text
file's title from its first line, the headline of a saved article), unknown ones stay null, and
the caller shows the entry for the author to check before it is registered.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..text.ids import slugify, unique_id
from .extracted import Extracted

if TYPE_CHECKING:
    from ..load.project import Options

_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def suggested_entry(extracted: Extracted, *, file: str, taken: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Return a source entry (keys in `sources.yaml` order) for the file registered as `file`.

    `id` is made from a text file's name, or another file's title (else its name), cut after a
    whole word, and differs from every id in `taken`; a text file's `title` is its first line
    when that reads as a headline (|headline|);
    `published` keeps only the date part of a timestamp (`2025-03-18T07:30:00+00:00` → `2025-03-18`);
    `language` keeps only the language of a locale (`en-GB`, `en_GB` → `en`).
    """
    meta = extracted.metadata
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", file.rsplit("/", 1)[-1])
    title = meta.title or headline(extracted)
    # A text file's name is the author's own (`russia-sends-trainers.txt`); other files are named
    # by whoever published them, their id by their title.
    ident = unique_id(slugify(stem if extracted.kind == "text" or not title else title, limit=48) or "source", taken)
    date = _ISO_DATE.match(meta.date or "")
    return {
        "id": ident,
        "file": file,
        "title": title or stem,
        "published": "-".join(p for p in date.groups() if p) if date else None,
        "publisher": meta.publisher,
        "author": meta.author,
        "url": meta.url,
        "language": re.split(r"[-_]", meta.language)[0].lower() if meta.language else None,
    }


def headline(extracted: Extracted) -> str | None:
    """Return a text file's first line when it reads as a headline (short, not a sentence of the
    body), as an article saved for briefgen starts; None for other files and other first lines."""
    if extracted.kind != "text":
        return None
    first = next((line.strip() for line in extracted.text.splitlines() if line.strip()), "")
    if not first or len(first) > _HEADLINE_MAX or first.endswith((".", ",", ";", ":")):
        return None
    return first


_HEADLINE_MAX = 160  # characters: longer first lines are paragraphs


def entry_text(file: Path, *, registry: Path, options: "Options") -> str:
    """Return the YAML of the `sources.yaml` entry suggested for `file`, to paste under `sources:`
    of `registry` (which is only read, for its ids; it need not exist yet). Nothing is written.

    Raises |BriefgenError| when `file` is outside the project (unless allowed) or cannot be
    extracted (every error `check` would give for it).
    """
    import os

    import yaml

    from ..diagnostics import BriefgenError, Span
    from ..load.project import outside_project, resolved
    from .read import extract

    path = resolved(file)
    outside = outside_project(path, options=options, what="source file")
    if outside is not None:
        raise BriefgenError([outside])
    extracted = extract(path, span=Span(path))
    reg = resolved(registry)
    try:
        rel = Path(os.path.relpath(path, reg.parent)).as_posix()
    except ValueError:  # another drive
        rel = path.as_posix()
    entry = suggested_entry(extracted, file=rel, taken=_ids(reg))
    if entry["published"]:  # a date, so that it prints as the registry writes one (unquoted)
        import datetime as dt

        parts = [int(p) for p in entry["published"].split("-")]
        if len(parts) == 3:
            try:
                entry["published"] = dt.date(*parts)
            except ValueError:
                pass
    body = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=10**6, default_flow_style=False)
    where = f"`{registry.as_posix()}`"
    pages = f", {len(extracted.pages)} pages" if extracted.kind == "pdf" else ""
    head = [f"# A suggested entry for {where} from `{file.name}` ({extracted.kind}{pages}, sha256 "
            f"{extracted.sha256[:12]}…). Nothing was written.",
            "# Check every value against the source itself, fill in a null only from what the source says,",
            "# then paste the entry under `sources:`."]
    if extracted.kind == "pdf" and entry["published"]:
        head.append("# `published` is the date the PDF file gives itself, which may not be the report's own date.")
    if not extracted.metadata.title and headline(extracted):
        head.append("# `title` is the file's first line, as an article saved with its headline first begins.")
    lines = ["  " + line if line else line for line in body.rstrip("\n").split("\n")]
    return "\n".join(head + lines) + "\n"


def _ids(registry: Path) -> frozenset[str]:
    """Return the source ids already in `registry` (none when it is missing or unreadable)."""
    import yaml

    from ..diagnostics import BriefgenError
    from ..load.yamlpos import read_text_file

    try:
        data = yaml.safe_load(read_text_file(registry, what="source registry"))
    except (BriefgenError, yaml.YAMLError):
        return frozenset()
    items = data.get("sources") if isinstance(data, dict) else None
    return frozenset(str(s["id"]) for s in items or () if isinstance(s, dict) and "id" in s)
