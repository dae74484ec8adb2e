"""The evidence report: every citation of a brief with its quotes, where each stands in its source, and the sources' hashes.

`evidence_report` is pure and deterministic (no timestamps, paths relative to `base`), so the
`<stem>.evidence.json` written beside a build is byte-identical for the same inputs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .load.lock import match_kind, relative
from .load.project import EvidenceRec, Project, SourceDoc
from .model import Brief, PartialDate

REPORT_VERSION = 1


def evidence_report(project: Project, brief: Brief, *, base: Path) -> dict[str, Any]:
    """Return the evidence report of `brief` (resolved from `project`) as JSON-ready data.

    Every note becomes one citation with its fact, claim, date, attribution, how many sources
    and independent sources support it, and each quote: as written in the fact library, the
    verbatim span of the source, its line and column (1-based) and character offsets (0-based,
    end exclusive, counted in Unicode code points), whether it matched verbatim, only after
    normalising quote marks, dashes and spacing, or only across what the extraction of a PDF put
    there (`hyphenation`, `ligature`, also listed in `via`), and its `locator` (the page of a PDF,
    `p. 3` or `pp. 3–4`, or the nearest heading of a web page; null for a text file). A source's
    `sha256` is the hash of its file as received. Paths are relative to `base`.
    Raises |KeyError| when `brief` cites a fact or source that `project` does not hold.
    """
    library = project.library
    citations: list[dict[str, Any]] = []
    for note in brief.notes:
        fact = library.facts[note.fact_id]
        quotes = [_quote(ev, library.sources[ev.source]) for ev in fact.evidence]
        ids = list(dict.fromkeys(ev.source for ev in fact.evidence))
        citations.append({
            "number": note.number,
            "fact": fact.id,
            "claim": fact.claim,
            "date": _date(fact.date),
            "attributed_to": fact.attributed_to,
            "claimant": fact.claimant,
            "channel": fact.channel,
            "defined_at": f"{relative(fact.span.file, base)}:{fact.span.line}",
            "sources": len(ids),
            "independent_sources": note.source_count,
            "origins": sorted({library.sources[s].origin(library.sources) for s in ids}),
            "quotes": quotes,
        })
    cited_in: dict[str, list[int]] = {}
    for c in citations:
        for source_id in dict.fromkeys(q["source"] for q in c["quotes"]):
            cited_in.setdefault(source_id, []).append(c["number"])
    sources = []
    for src in brief.sources:
        doc = library.sources[src.id]
        sources.append({
            "id": doc.id,
            "title": doc.title,
            "file": relative(doc.path, base),
            "sha256": doc.sha256,
            "characters": len(doc.text),
            "published": _date(doc.published),
            "publisher": doc.publisher,
            "author": doc.author,
            "url": doc.url,
            "republishes": doc.republishes,
            "origin": doc.origin(library.sources),
            "cited_in": cited_in.get(doc.id, []),
        })
    return {
        "briefgen_evidence": REPORT_VERSION,
        "generator": brief.generator,
        "outline": relative(project.outline.path, base),
        "title": brief.title,
        "date": brief.date.iso(),
        "citations": citations,
        "sources": sources,
    }


def _quote(ev: EvidenceRec, doc: SourceDoc) -> dict[str, Any]:
    m = ev.match
    out: dict[str, Any] = {"source": ev.source, "quote": ev.quote}
    if m is None:  # not found (the load reported an error); listed so that no quote goes missing
        out.update(verbatim=None, line=None, column=None, start=None, end=None, match="not found",
                   locator=None, via=[])
        return out
    out.update(verbatim=doc.text[m.start:m.end], line=m.line, column=m.column, start=m.start, end=m.end,
               match=match_kind(m), locator=m.locator, via=list(m.via))
    return out


def _date(d: PartialDate | None) -> str | None:
    return d.iso() if d is not None else None


def to_json(report: dict[str, Any]) -> str:
    """Return `report` as stable JSON text: two-space indent, UTF-8 characters kept, newline at the end."""
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


