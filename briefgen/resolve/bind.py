"""Resolve a loaded project into the Brief: bind citations to facts and number notes by first use."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..diagnostics import BriefgenError, Collector, Diagnostic, did_you_mean, error, warning
from ..load.project import FactRec, Project, SectionRec, SourceDoc
from ..load.read import locate
from ..load.yamlpos import Scalar
from ..model import (
    Block, Brief, BulletList, Cite, Evidence, Inline, Note, Paragraph, Ref, Section, SlideOverride,
    Source, Subheading, Table, Text, Timeline, TimelineEntry,
)
from . import markdown as md
from .notes import format_note, format_source

_TAKEAWAYS = re.compile(r"^\s*(key\s+)?(take-?aways|points|findings|messages)\b|^\s*(summary|in brief|at a glance)\s*$", re.I)


@dataclass
class _Numbering:
    """Assigns note numbers in first-use order and remembers which facts were used where."""

    library: dict[str, FactRec]
    diags: Collector
    numbers: dict[str, int] = field(default_factory=dict)

    def ref(self, fact_id: str) -> Ref:
        if fact_id in self.numbers:
            return Ref(self.numbers[fact_id], False)
        self.numbers[fact_id] = len(self.numbers) + 1
        return Ref(self.numbers[fact_id], True)


def resolve(project: Project, *, generator: str = "briefgen") -> tuple[Brief, list[Diagnostic]]:
    """Return the Brief for `project` and the warnings found.

    Raises |BriefgenError| with every unknown fact, malformed citation and undated timeline fact.
    """
    outline, library = project.outline, project.library
    diags = Collector()
    num = _Numbering(library.facts, diags)
    sections: list[Section] = []
    pending_slides: list[tuple[int, SectionRec]] = []
    for rec in outline.sections:
        blocks: list[Block] = []
        if rec.body is not None:
            blocks.extend(_body(rec.body, num))
        if rec.bullets:
            blocks.append(BulletList(tuple(_bullet(s, num) for s in rec.bullets)))
        if rec.timeline:
            tl = _timeline(rec, num)
            if tl is not None:
                blocks.append(tl)
        if not blocks:
            diags.add(warning(f"section `{rec.heading}` is empty", rec.span,
                              help="give it a `body`, `bullets` or a `timeline`, or remove it"))
        role = "takeaways" if _TAKEAWAYS.search(rec.heading) else ""
        sections.append(Section(rec.id, rec.heading, tuple(blocks), None, role, rec.analysis))
        if rec.slide is not None:
            pending_slides.append((len(sections) - 1, rec))
    # Slide-only citations are numbered after everything the documents cite, so that the
    # document order and Word's own footnote numbering stay the same.
    body_facts = set(num.numbers)
    for index, rec in pending_slides:
        assert rec.slide is not None
        bullets = tuple(_bullet(s, num) for s in rec.slide.bullets)
        for s in rec.slide.bullets:
            for key in _keys_in(s):
                if key in library.facts and key not in body_facts:
                    diags.add(warning(f"the slide cites `{key}`, which the brief's text does not cite",
                                      locate(s, "@" + key), help="cite it in the section's text as well, "
                                      "so the brief and the deck rest on the same evidence"))
        sections[index] = _replace_slide(sections[index], SlideOverride(bullets, rec.slide.notes))
    diags.raise_if_errors()

    used = sorted(num.numbers.items(), key=lambda kv: kv[1])
    source_order: dict[str, None] = {}
    for fact_id, _ in used:
        for ev in library.facts[fact_id].evidence:
            source_order.setdefault(ev.source, None)
    sources = tuple(_source(library.sources[s]) for s in source_order)
    by_id = {s.id: s for s in sources}
    notes = tuple(_note(library.facts[f], n, by_id, library.sources) for f, n in used)
    keywords = outline.keywords or tuple(dict.fromkeys(t for f, _ in used for t in library.facts[f].tags))
    brief = Brief(
        title=outline.title, subtitle=outline.subtitle, audience=outline.audience, author=outline.author,
        date=outline.date, language=outline.language, keywords=keywords, sections=tuple(sections),
        notes=notes, sources=sources, generator=generator, stem=outline.path.stem,
    )
    return brief, diags.items


def _replace_slide(section: Section, slide: SlideOverride) -> Section:
    return Section(section.id, section.heading, section.blocks, slide, section.role, section.analysis)


def _keys_in(scalar: Scalar) -> list[str]:
    problems: list[md.Problem] = []
    return [k.id for x in md.parse_inlines(scalar.value, problems) if isinstance(x, md.PendingCite) for k in x.keys]


def _report(scalar: Scalar, problems: list[md.Problem], diags: Collector) -> None:
    for p in problems:
        needle = scalar.value[p.offset:p.offset + p.length]
        occurrence = scalar.value.count(needle, 0, p.offset) if needle else 0
        diags.add(error(p.message, locate(scalar, needle, occurrence) if needle else scalar.span, help=p.help))


def _bind(items: tuple[md.RawInline, ...], scalar: Scalar, num: _Numbering) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for item in items:
        if isinstance(item, Text):
            out.append(item)
            continue
        refs = []
        for key in item.keys:
            if key.id not in num.library:
                needle = "@" + key.id
                occurrence = scalar.value.count(needle, 0, max(0, key.offset - 1))
                num.diags.add(error(f"unknown fact `{key.id}`", locate(scalar, needle, occurrence),
                                    help=did_you_mean(key.id, num.library) or
                                    "add the fact to the library, or check the id"))
                continue
            refs.append(num.ref(key.id))
        if refs:
            out.append(Cite(tuple(refs)))
    return tuple(out)


def _bullet(scalar: Scalar, num: _Numbering) -> tuple[Inline, ...]:
    problems: list[md.Problem] = []
    inl = md.parse_inlines(scalar.value, problems)
    _report(scalar, problems, num.diags)
    return _bind(inl, scalar, num)


def _body(scalar: Scalar, num: _Numbering) -> list[Block]:
    problems: list[md.Problem] = []
    raw = md.parse_blocks(scalar.value, problems)
    _report(scalar, problems, num.diags)
    out: list[Block] = []
    for b in raw:
        if isinstance(b, md.RawParagraph):
            out.append(Paragraph(_bind(b.inlines, scalar, num)))
        elif isinstance(b, md.RawSubheading):
            out.append(Subheading(b.text))
        elif isinstance(b, md.RawList):
            out.append(BulletList(tuple(_bind(i, scalar, num) for i in b.items), b.ordered))
        else:
            out.append(Table(tuple(_bind(c, scalar, num) for c in b.header),
                             tuple(tuple(_bind(c, scalar, num) for c in row) for row in b.rows), b.align))
    return out


def _timeline(rec: SectionRec, num: _Numbering) -> Timeline | None:
    entries = []
    for s in rec.timeline:
        fid = s.value.strip().lstrip("@")
        fact = num.library.get(fid)
        if fact is None:
            num.diags.add(error(f"unknown fact `{fid}` in the timeline", s.span,
                                help=did_you_mean(fid, num.library) or "timeline items are fact ids"))
            continue
        if fact.date is None:
            num.diags.add(error(f"fact `{fid}` has no date, so it cannot go on a timeline", s.span,
                                help=f"add `date:` to the fact at {fact.span.file.name}:{fact.span.line}, "
                                     "or remove it from the timeline"))
            continue
        entries.append((fact, s))
    entries.sort(key=lambda fs: fs[0].date.sort_key())  # type: ignore[union-attr]
    # number in the order readers meet the entries: by date
    out = tuple(TimelineEntry(f.date, f.claim.rstrip("."), num.ref(f.id), f.id) for f, _ in entries)  # type: ignore[arg-type]
    return Timeline(out, caption=rec.heading if rec.heading.lower() != "timeline" else "Timeline of events") if out else None


def _source(doc: SourceDoc) -> Source:
    src = Source(doc.id, doc.title, doc.published, doc.publisher, doc.author, doc.url, doc.language)
    return Source(src.id, src.title, src.published, src.publisher, src.author, src.url, src.language,
                  entry=format_source(src))


def _note(fact: FactRec, number: int, sources: dict[str, Source], docs: dict[str, SourceDoc]) -> Note:
    evidence = []
    for ev in fact.evidence:
        doc = docs[ev.source]
        m = ev.match
        quote = " ".join(doc.text[m.start:m.end].split()) if m else ev.quote
        evidence.append(Evidence(ev.source, quote, m.line if m else 0, m.column if m else 0))
    # Two articles that copy one report are one source: count independent origins.
    count = len({docs[e.source_id].origin(docs) for e in evidence})
    note = Note(number, fact.id, fact.claim, tuple(evidence), (), fact.date, fact.attributed_to, count)
    return Note(note.number, note.fact_id, note.claim, note.evidence, format_note(note, sources),
                note.date, note.attributed_to, note.source_count)


def check_errors(diagnostics: list[Diagnostic]) -> None:
    """Raise |BriefgenError| when any of `diagnostics` is an error."""
    if any(d.is_error for d in diagnostics):
        raise BriefgenError(diagnostics)
