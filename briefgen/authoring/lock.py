"""Writing the lock file of a fact library (`briefgen lock`): each verified quote's anchor in its source.

The file's format and how a changed source is checked against it live with the loader, in
|briefgen.load.lock|; this module only makes and writes the lock, an authoring step.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..diagnostics import BriefgenError, Span, error
from ..fileio import relative, write_atomic
from ..load.lock import CONTEXT, LOCK_VERSION, facts_of, lock_path, match_kind
from ..load.project import Library, SourceDoc


def lock_data(library: Library, facts_path: Path) -> dict[str, Any]:
    """Return the lock of the facts defined in `facts_path` as JSON-ready data (deterministic order).

    Quotes that were not found in their source are left out: a lock records only verified anchors.
    """
    base = facts_path.parent
    entries: list[dict[str, Any]] = []
    used: dict[str, SourceDoc] = {}
    for fact in facts_of(library, facts_path):
        for ev in fact.evidence:
            doc = library.sources.get(ev.source)
            if doc is None or ev.match is None:
                continue
            used[doc.id] = doc
            m = ev.match
            entries.append({
                "fact": fact.id, "source": ev.source, "quote": ev.quote,
                "start": m.start, "end": m.end, "line": m.line, "column": m.column,
                "match": match_kind(m), "locator": m.locator, "via": list(m.via),
                "verbatim": doc.text[m.start:m.end],
                "before": doc.text[max(0, m.start - CONTEXT):m.start],
                "after": doc.text[m.end:m.end + CONTEXT],
            })
    sources = {sid: {"file": relative(doc.path, base), "sha256": doc.sha256}
               for sid, doc in sorted(used.items())}
    return {"briefgen_lock": LOCK_VERSION, "facts": relative(facts_path, base), "sources": sources, "quotes": entries}


def lock_text(library: Library, facts_path: Path) -> str:
    """Return the lock file's text (stable JSON, newline at the end)."""
    return json.dumps(lock_data(library, facts_path), indent=2, ensure_ascii=False) + "\n"


def write_lock(library: Library, facts_path: Path) -> Path:
    """Write the lock of `facts_path` beside it (atomically: see |write_atomic|); return its path.

    Two runs writing the same lock at once each write a temporary file of their own, so both
    succeed and the lock is one of the two, whole. Raises |BriefgenError|, located at the lock
    file, when it cannot be written (an unwritable folder, a full disk, a folder of that name);
    the earlier lock is then untouched.
    """
    target = lock_path(facts_path)
    try:
        write_atomic(target, lock_text(library, facts_path).encode("utf-8"))
    except OSError as exc:
        raise BriefgenError([error(f"cannot write the lock file `{target.name}`: "
                                   f"{(exc.strerror or type(exc).__name__).lower()}", Span(target),
                                   help="check that the fact library's folder is writable")]) from None
    return target
