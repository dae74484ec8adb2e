"""The provenance of a resolved brief: where each quote stands in its source and each source's file.

Readers never see it; the evidence report (|briefgen.render.evidence|) prints it, so that the
report, like every other output, is made from the Brief alone.
"""

from __future__ import annotations

from ..load.lock import match_kind
from ..load.project import EvidenceRec, Project, SourceDoc
from ..model import Note, NoteTrace, Provenance, QuoteTrace, Source, SourceTrace


def trace(project: Project, notes: tuple[Note, ...], sources: tuple[Source, ...]) -> Provenance:
    """Return the provenance of `notes` and `sources`, resolved from `project`."""
    library = project.library
    docs = library.sources
    out: list[NoteTrace] = []
    for note in notes:
        fact = library.facts[note.fact_id]
        ids = dict.fromkeys(ev.source for ev in fact.evidence)
        out.append(NoteTrace(
            number=note.number, claim=fact.claim, attributed_to=fact.attributed_to,
            claimant=fact.claimant, channel=fact.channel,
            defined_in=str(fact.span.file), defined_line=fact.span.line,
            origins=tuple(sorted({docs[s].origin(docs) for s in ids})),
            quotes=tuple(_quote(ev, docs[ev.source]) for ev in fact.evidence)))
    return Provenance(
        outline=str(project.outline.path), notes=tuple(out),
        sources=tuple(_source(docs[s.id], docs) for s in sources))


def _quote(ev: EvidenceRec, doc: SourceDoc) -> QuoteTrace:
    m = ev.match
    if m is None:  # not found (the load reported an error); kept so that no quote goes missing
        return QuoteTrace(ev.source, ev.quote, None, None, None, None, None, "not found")
    return QuoteTrace(ev.source, ev.quote, doc.text[m.start:m.end], m.line, m.column, m.start, m.end,
                      match_kind(m), m.locator, tuple(m.via))


def _source(doc: SourceDoc, docs: dict[str, SourceDoc]) -> SourceTrace:
    return SourceTrace(doc.id, str(doc.path), doc.sha256, len(doc.text), doc.republishes, doc.origin(docs))
