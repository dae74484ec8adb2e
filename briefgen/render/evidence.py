"""The evidence report: every citation of a brief with its quotes, where each stands in its source, and the sources' hashes.

`evidence_report` is pure and deterministic (no timestamps, paths relative to `base`), so the
`<stem>.evidence.json` written beside a build is byte-identical for the same inputs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..fileio import relative
from ..model import Brief, NoteTrace, PartialDate, QuoteTrace, SourceTrace

REPORT_VERSION = 1


def evidence_report(brief: Brief, *, base: Path) -> dict[str, Any]:
    """Return the evidence report of `brief` as JSON-ready data.

    Every note becomes one citation with its fact, claim, date, attribution, how many sources
    and independent sources support it, and each quote: as written in the fact library, the
    verbatim span of the source, its line and column (1-based) and character offsets (0-based,
    end exclusive, counted in Unicode code points), whether it matched verbatim, only after
    normalising quote marks, dashes and spacing, or only across what the extraction of a PDF put
    there (`hyphenation`, `ligature`, also listed in `via`), and its `locator` (the page of a PDF,
    `p. 3` or `pp. 3–4`, or the nearest heading of a web page; null for a text file). A source's
    `sha256` is the hash of its file as received. Paths are relative to `base`.
    Raises |ValueError| for a brief without provenance (one not made by the resolver).
    """
    prov = brief.provenance
    if prov is None:
        raise ValueError("the brief has no provenance: resolve it from a project")
    traces = {t.number: t for t in prov.notes}
    citations = [_citation(note.number, note.fact_id, traces[note.number].claim, note.date,
                           traces[note.number].attributed_to,
                           note.source_count, traces[note.number], base) for note in brief.notes]
    cited_in: dict[str, list[int]] = {}
    for c in citations:
        for source_id in dict.fromkeys(q["source"] for q in c["quotes"]):
            cited_in.setdefault(source_id, []).append(c["number"])
    files = {t.id: t for t in prov.sources}
    sources = [_source(src.id, src.title, src.published, src.publisher, src.author, src.url, files[src.id],
                       cited_in.get(src.id, []), base) for src in brief.sources]
    return {
        "briefgen_evidence": REPORT_VERSION,
        "generator": brief.generator,
        "outline": relative(Path(prov.outline), base),
        "title": brief.title,
        "date": brief.date.iso(),
        "citations": citations,
        "sources": sources,
    }


def _citation(number: int, fact_id: str, claim: str, date: PartialDate | None, attributed_to: str | None,
              independent: int, t: NoteTrace, base: Path) -> dict[str, Any]:
    return {
        "number": number,
        "fact": fact_id,
        "claim": claim,
        "date": _date(date),
        "attributed_to": attributed_to,
        "claimant": t.claimant,
        "channel": t.channel,
        "defined_at": f"{relative(Path(t.defined_in), base)}:{t.defined_line}",
        "sources": len(dict.fromkeys(q.source_id for q in t.quotes)),
        "independent_sources": independent,
        "origins": list(t.origins),
        "quotes": [_quote(q) for q in t.quotes],
    }


def _source(ident: str, title: str, published: PartialDate | None, publisher: str | None, author: str | None,
            url: str | None, t: SourceTrace, cited_in: list[int], base: Path) -> dict[str, Any]:
    return {
        "id": ident,
        "title": title,
        "file": relative(Path(t.path), base),
        "sha256": t.sha256,
        "characters": t.characters,
        "published": _date(published),
        "publisher": publisher,
        "author": author,
        "url": url,
        "republishes": t.republishes,
        "origin": t.origin,
        "cited_in": cited_in,
    }


def _quote(q: QuoteTrace) -> dict[str, Any]:
    return {"source": q.source_id, "quote": q.quote, "verbatim": q.verbatim, "line": q.line, "column": q.column,
            "start": q.start, "end": q.end, "match": q.match, "locator": q.locator, "via": list(q.via)}


def _date(d: PartialDate | None) -> str | None:
    return d.iso() if d is not None else None


def to_json(report: dict[str, Any]) -> str:
    """Return `report` as stable JSON text: two-space indent, UTF-8 characters kept, newline at the end."""
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


