"""Resolve a loaded project into the Brief: bind citations to facts and number notes by first use."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Container, Mapping

from .. import i18n
from ..diagnostics import Collector, Diagnostic, did_you_mean, error, warning
from ..figures.spec import FigureRec
from ..load.project import FactRec, Library, Project, SectionRec, SourceDoc, Teaching
from ..load.read import locate
from ..load.yamlpos import Scalar
from ..model import (
    Block,
    Brief,
    BulletList,
    ChartData,
    ChartPoint,
    Cite,
    Evidence,
    Figure,
    Inline,
    Inlines,
    Note,
    Paragraph,
    PartialDate,
    Ref,
    Section,
    SlideOverride,
    Source,
    Subheading,
    Table,
    Text,
    Timeline,
    TimelineEntry,
)
from ..text.dates import MONTHS, MONTHS_FR, MONTHS_SHORT, format_number
from ..text.typography import typeset
from . import markdown as md
from .markers import settle_blocks
from .notes import format_note, format_source, quoted, short_titles_of
from .provenance import trace

if TYPE_CHECKING:
    from ..model import ImageData


@dataclass
class _Numbering:
    """Assigns note numbers in first-use order and remembers which facts were used where."""

    library: dict[str, FactRec]
    diags: Collector
    broken: Container[str] = ()  # facts left out for their own errors: citing one is no new error
    numbers: dict[str, int] = field(default_factory=dict)
    figures: int = 0     # numbered figures so far (decorative images are not numbered)
    decorative: int = 0  # decorative images so far (for their anchors)

    def ref(self, fact_id: str) -> Ref:
        if fact_id in self.numbers:
            return Ref(self.numbers[fact_id], False)
        self.numbers[fact_id] = len(self.numbers) + 1
        return Ref(self.numbers[fact_id], True)


def resolve(project: Project, *, generator: str = "briefgen", how_we_know: bool = False,
            audience_label: str = "", kicker: str = "", markers: str = "inline", contents: bool = False,
            ) -> tuple[Brief, list[Diagnostic]]:
    """Return the Brief for `project` and the warnings found.

    Teaching blocks become sections of their own (objectives first; glossary, actors, a "How we
    know" box when `how_we_know`, and discussion questions last), so every renderer shows them
    with the blocks it already knows. The audience profile's `audience_label` and `kicker` name
    the audience and the document (see |i18n.labels_for| for how they meet the catalogue), and
    its `contents` goes into the Brief as it is; `markers="paragraph"` gathers each paragraph's
    citations into one marker at its end, before the notes are numbered. Raises |BriefgenError| with every unknown fact, malformed
    citation and undated timeline fact.
    """
    outline, library = project.outline, project.library
    num = _Numbering(library.facts, Collector(), library.broken)
    labels = i18n.labels_for(outline.language, dict(outline.labels), audience=outline.audience,
                             profile={"kicker": kicker, "audience_name": audience_label})
    words = dict(labels)
    words_overridden = {k for k, _ in outline.labels}
    L = words.__getitem__
    taken = {rec.id for rec in outline.sections}
    # Citations are numbered in the order the sections are bound, which is reading order.
    opening = _opening_sections(outline.teaching, num, L, taken)
    sections = opening + [_outline_section(rec, num, L, outline.language) for rec in outline.sections]
    sections += _closing_sections(project, num, L, taken, how_we_know=how_we_know)
    sections = _with_slides(sections, len(opening), outline.sections, num)
    num.diags.raise_if_errors()
    # Markers are placed before the notes are numbered in reading order (resolve/markers.py).
    sections = list(settle_blocks(tuple(sections), per_paragraph=markers == "paragraph"))

    used = sorted(num.numbers.items(), key=lambda kv: kv[1])
    num.diags.extend(_untranslated(library, [f for f, _ in used], _timeline_facts(sections), outline.language))
    notes, sources = _notes_and_sources(project, used, words)
    if outline.evidence_appendix:
        sections.extend(settle_blocks((_section(taken, "evidence-appendix", L("evidence_appendix"), "appendix",
                                                _appendix(notes, sources, L, outline.language)),)))
    keywords = outline.keywords or tuple(dict.fromkeys(t for f, _ in used for t in library.facts[f].tags))
    brief = Brief(
        title=outline.title, subtitle=outline.subtitle, audience=outline.audience, author=outline.author,
        date=outline.date, language=outline.language, keywords=keywords, sections=tuple(sections),
        notes=notes, sources=sources, generator=generator, stem=outline.path.stem, labels=labels,
        label_overrides=tuple(k for k, _ in outline.labels),
        audience_label=L("audience_name") if outline.audience else "", kicker=L("kicker") if kicker or "kicker" in words_overridden else "", contents=contents,
        provenance=trace(project, notes, sources),
    )
    return typeset(brief), num.diags.items


def is_takeaways(heading: str, headings: str) -> bool:
    """Return whether a section headed `heading` holds the key takeaways: its heading is, or starts
    with, one of `headings` (the catalogue's `takeaways_headings` in the brief's language, or the
    outline's own) or of English's, whatever the brief's language ("Key takeaways", "Key points:
    the budget"), ignoring case and the kind of apostrophe."""
    text = _heading_key(heading)
    for entry in f"{headings}|{_english_takeaways()}".split("|"):
        key = _heading_key(entry)
        if key and (text == key or (text.startswith(key) and not text[len(key)].isalnum())):
            return True
    return False


def _heading_key(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").casefold().split())


@lru_cache(maxsize=1)
def _english_takeaways() -> str:
    return i18n.load_catalogue(i18n.REFERENCE).labels["takeaways_headings"]


def _opening_sections(teach: Teaching, num: _Numbering, L: Callable[[str], str], taken: set[str]) -> list[Section]:
    """Return the sections that come before the outline's own: the learning objectives, if any."""
    if not teach.objectives:
        return []
    return [_section(taken, "learning-objectives", L("objectives"), "objectives", (
        Paragraph((Text(L("objectives_intro")),)),
        BulletList(tuple(_bullet(s, num) for s in teach.objectives))))]


def _outline_section(rec: SectionRec, num: _Numbering, L: Callable[[str], str], language: str) -> Section:
    """Return the Section of one outline section: its body, bullets, timeline and figures, in that
    order; warn when it has none of them. A heading like "Key takeaways" gives it that role
    (see |is_takeaways|)."""
    blocks: list[Block] = []
    if rec.body is not None:
        blocks.extend(_body(rec.body, num, dict(rec.body_images)))
    if rec.bullets:
        blocks.append(BulletList(tuple(_bullet(s, num) for s in rec.bullets)))
    if rec.timeline or rec.timeline_tags:
        tl = _timeline(rec, num, L, language)
        if tl is not None:
            blocks.append(tl)
    for fig in rec.figures:  # after the section's text, in the order listed
        figure = _figure(fig, num, L, language=language)
        if figure is not None:
            blocks.append(figure)
    if not blocks and not rec.misspelt:  # a misspelt `bullet:` is reported as such: it is why
        num.diags.add(warning(f"section `{rec.heading}` is empty", rec.span,
                              help="give it a `body`, `bullets` or a `timeline`, or remove it"))
    role = "takeaways" if is_takeaways(rec.heading, L("takeaways_headings")) else ""
    return Section(rec.id, rec.heading, tuple(blocks), None, role, rec.analysis)


def _closing_sections(project: Project, num: _Numbering, L: Callable[[str], str], taken: set[str], *,
                      how_we_know: bool) -> list[Section]:
    """Return the sections that come after the outline's own: glossary (sorted by term), actors,
    "How we know" when `how_we_know`, and discussion questions, each only when it has content."""
    teach, language = project.outline.teaching, project.outline.language
    out: list[Section] = []
    if teach.glossary:
        rows = tuple((_bold(_bullet(t, num)), _bullet(d, num)) for t, d in sorted(teach.glossary, key=lambda td: td[0].value.lower()))
        out.append(_section(taken, "glossary", L("glossary"), "glossary",
                            (Table(((Text(L("glossary_term")),), (Text(L("glossary_definition")),)), rows,
                                   ("left", "left")),)))
    if teach.actors:
        with_kind = any(a.kind for a in teach.actors)
        header: tuple[Inlines, ...] = ((Text(L("actor_name")),),) + (((Text(L("actor_kind")),),) if with_kind else ()) + \
            ((Text(L("actor_about")),),)
        actor_rows = tuple((_bold(_bullet(a.name, num)),) + (((Text(a.kind),),) if with_kind else ()) +
                           (_bullet(a.about, num),) for a in teach.actors)
        out.append(_section(taken, "actors", L("actors"), "actors", (Table(header, actor_rows),)))
    if how_we_know:
        out.append(_section(taken, "how-we-know", L("how_we_know"), "how-we-know",
                            _how_we_know(num, project.library, L, language)))
    if teach.questions:
        out.append(_section(taken, "discussion-questions", L("questions"), "questions",
                            (BulletList(tuple(_bullet(q, num) for q in teach.questions), ordered=True),)))
    return out


def _with_slides(sections: list[Section], first: int, recs: tuple[SectionRec, ...], num: _Numbering) -> list[Section]:
    """Return `sections` with the slide override of each outline section that has one (the outline's
    sections start at index `first`); warn about a slide citing a fact the brief's text does not.

    Slide-only citations are numbered after everything the documents cite, so that the
    document order and Word's own footnote numbering stay the same.
    """
    body_facts = set(num.numbers)
    out = list(sections)
    for index, rec in enumerate(recs, start=first):
        if rec.slide is None:
            continue
        bullets = tuple(_bullet(s, num) for s in rec.slide.bullets)
        for s in rec.slide.bullets:
            for key in _keys_in(s):
                if key in num.library and key not in body_facts:
                    num.diags.add(warning(f"the slide cites `{key}`, which the brief's text does not cite",
                                          locate(s, "@" + key), help="cite it in the section's text as well, "
                                          "so the brief and the deck rest on the same evidence"))
        out[index] = _replace_slide(out[index], SlideOverride(bullets, rec.slide.notes))
    return out


def _timeline_facts(sections: list[Section]) -> set[str]:
    """Return the ids of the facts whose claims print on a timeline."""
    return {e.fact_id for sec in sections for b in sec.blocks if isinstance(b, Timeline) for e in b.entries}


def _notes_and_sources(project: Project, used: list[tuple[str, int]], labels: Mapping[str, str],
                       ) -> tuple[tuple[Note, ...], tuple[Source, ...]]:
    """Return the notes of the `used` facts (id and number, in number order) and the sources
    they quote, in the order of first citation, both formatted in the outline's citation style."""
    outline, library = project.outline, project.library
    source_order: dict[str, None] = {}
    for fact_id, _ in used:
        for ev in library.facts[fact_id].evidence:
            source_order.setdefault(ev.source, None)
    style = outline.citation_style
    sources = tuple(_source(library.sources[s], style, outline.language, labels) for s in source_order)
    by_id = {s.id: s for s in sources}
    shorts = short_titles_of(by_id)
    notes = tuple(_note(library.facts[f], n, by_id, library.sources, style, shorts, outline.language, labels)
                  for f, n in used)
    return notes, sources


def _section(taken: set[str], ident: str, heading: str, role: str, blocks: tuple[Block, ...]) -> Section:
    """Return a generated section with an id that no outline section uses."""
    base, n = ident, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident)
    return Section(ident, heading, blocks, None, role)


def _bold(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    return tuple(Text(i.text, True, i.italic, i.href) if isinstance(i, Text) else i for i in inlines)


def _how_we_know(num: _Numbering, library: "Library", L: Callable[[str], str], language: str) -> tuple[Block, ...]:
    """Explain who said what and who reported it, from the attributions of the facts cited."""
    intro = Paragraph((Text(L("how_we_know_intro")),))
    items: list[tuple[Inline, ...]] = []
    claimants: set[str] = set()
    for fact_id, number in sorted(num.numbers.items(), key=lambda kv: kv[1]):
        fact = library.facts[fact_id]
        # one example per claimant: the point is the range of voices, not a list of claims
        if not fact.attributed_to or (fact.claimant or fact.attributed_to) in claimants:
            continue
        claimants.add(fact.claimant or fact.attributed_to)
        titles = list(dict.fromkeys(library.sources[e.source].title for e in fact.evidence))
        claim, said_by = fact.in_language(language)
        said_by = said_by or fact.attributed_to
        who = said_by[:1].upper() + said_by[1:]  # it opens the bullet
        items.append((Text(who, bold=True), Text(f" {L('how_we_know_said')} " + claim.rstrip(".") +
                                                 f". {L('how_we_know_reported_by')} "),
                      Text(f" {L('and')} ".join(titles), italic=True), Text(" "), Cite((Ref(number, False),))))
        if len(items) == 4:
            break
    blocks: list[Block] = [intro]
    if items:
        blocks.append(Paragraph((Text(L("how_we_know_examples")),)))
        blocks.append(BulletList(tuple(items)))
    return tuple(blocks)


def _appendix(notes: tuple[Note, ...], sources: tuple[Source, ...], L: Callable[[str], str],
              language: str = "en") -> tuple[Block, ...]:
    """Every claim with its quotes, grouped by source, for readers who want to check the brief."""
    blocks: list[Block] = [Paragraph((Text(L("evidence_appendix_intro")),))]
    for src in sources:
        items = []
        for note in notes:
            for ev in note.evidence:
                if ev.source_id == src.id:
                    items.append((Text(note.claim + " "), Cite((Ref(note.number, False),)),
                                  Text(" " + quoted(ev.quote, language), italic=True)))
        if items:
            blocks.append(Subheading(src.title))
            blocks.append(BulletList(tuple(items)))
    return tuple(blocks)


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
            if key.id in num.broken:
                continue
            if key.id not in num.library:
                needle = "@" + key.id
                occurrence = scalar.value.count(needle, 0, max(0, key.offset - 1))
                num.diags.add(error(f"unknown fact `{key.id}`", locate(scalar, needle, occurrence),
                                    help=did_you_mean(key.id, num.library) or
                                    "add the fact to the library, or check the id"))
                continue
            refs.append(num.ref(key.id))
        if refs:
            # `claim [@x].` prints as `claim¹.`: the space before a note marker goes, as in Pandoc
            if out and isinstance(out[-1], Text) and out[-1].text.endswith((" ", "\u00a0")):
                last = out[-1]
                out[-1] = Text(last.text.rstrip(" \u00a0"), last.bold, last.italic, last.href)
                if not out[-1].text:  # type: ignore[union-attr]
                    out.pop()
            out.append(Cite(tuple(refs)))
    return tuple(out)


def _bullet(scalar: Scalar, num: _Numbering) -> tuple[Inline, ...]:
    problems: list[md.Problem] = []
    inl = md.parse_inlines(scalar.value, problems)
    _report(scalar, problems, num.diags)
    return _bind(inl, scalar, num)


def _body(scalar: Scalar, num: _Numbering, pictures: "Mapping[int, ImageData] | None" = None) -> list[Block]:
    problems: list[md.Problem] = []
    raw = md.parse_blocks(scalar.value, problems)
    _report(scalar, problems, num.diags)
    out: list[Block] = []
    for b in raw:
        if isinstance(b, md.RawImage):
            picture = (pictures or {}).get(b.offset)
            if picture is not None:  # else the loader has reported the picture's problem
                caption = _bind(b.caption, scalar, num)
                num.figures += 1
                out.append(Figure(num.figures, f"figure-{num.figures}", b.alt.strip(), caption, image=picture))
        elif isinstance(b, md.RawParagraph):
            out.append(Paragraph(_bind(b.inlines, scalar, num)))
        elif isinstance(b, md.RawSubheading):
            out.append(Subheading(b.text))
        elif isinstance(b, md.RawList):
            out.append(BulletList(tuple(_bind(i, scalar, num) for i in b.items), b.ordered))
        else:
            out.append(Table(tuple(_bind(c, scalar, num) for c in b.header),
                             tuple(tuple(_bind(c, scalar, num) for c in row) for row in b.rows), b.align))
    return out


def _figure(rec: FigureRec, num: _Numbering, L: Callable[[str], str], *, language: str = "en") -> Figure | None:
    """Return the Figure block of `rec`, its caption's citations (and a chart's points) numbered.

    A chart's points cite their facts: their notes are added to the caption as one citation
    after its text (those the caption does not cite already), so a chart's note numbers show
    wherever its caption does; a chart without a caption is captioned with its title, and a map
    with its legend (the author's words for what it highlights), so that its slide is titled by
    them rather than "Figure 2".
    """
    from ..figures import maps

    caption = _bullet(rec.caption, num) if rec.caption is not None else ()
    alt = rec.alt.value.strip() if rec.alt is not None else ""
    if rec.decorative:
        num.decorative += 1
        return Figure(0, f"image-{num.decorative}", "", (), rec.credit or "", True, image=rec.image)
    if rec.kind == "image":
        num.figures += 1
        return Figure(num.figures, f"figure-{num.figures}", alt, caption, rec.credit or "", image=rec.image)
    if rec.kind == "map":
        assert rec.map is not None
        if not caption and rec.map.legend.strip():
            caption = (Text(rec.map.legend.strip()),)
        num.figures += 1
        return Figure(num.figures, f"figure-{num.figures}", alt or maps.describe(rec.map, language=language, label=L),
                      caption, (rec.credit or "").strip() or L("map_credit"), map=maps.locator(rec.map, language=language))
    return _chart_figure(rec, num, caption, alt, L, language=language)


def _chart_figure(rec: FigureRec, num: _Numbering, caption: Inlines, alt: str, L: Callable[[str], str], *,
                  language: str) -> Figure | None:
    """Return the Figure of a chart, its points' facts cited at the end of its `caption`; None
    when a point cites an unknown fact or its value is not the quote's (reported)."""
    from ..figures import charts

    chart = rec.chart
    assert chart is not None
    ok = True
    for p in chart.points:
        if p.fact in num.broken:
            ok = False
        elif p.fact not in num.library:
            num.diags.add(error(f"unknown fact `{p.fact}`", p.fact_span,
                                help=did_you_mean(p.fact, num.library) or "add the fact to the library, or check the id"))
            ok = False
    _texts, problems = charts.check_points(chart, num.library)
    num.diags.extend(problems)
    if not ok or problems:
        return None
    caption = _cite_points(caption or (Text(chart.title.rstrip()),), [p.fact for p in chart.points], num)
    # Each value prints as a number of the brief's language ("1 400", "10,5"), its unit on the
    # axis: the quote's own wording ("€61 million") is in the note, and may be another language.
    points = tuple(ChartPoint(p.label, float(p.value or 0.0), format_number(float(p.value or 0.0), language=language),
                              Ref(num.numbers[p.fact], False), p.fact)
                   for p in chart.points)
    num.figures += 1
    return Figure(num.figures, f"figure-{num.figures}", alt or charts.describe(chart, language=language, label=L),
                  caption, rec.credit or "",
                  chart=ChartData(chart.kind, chart.title, chart.unit, points, language))


def _cite_points(caption: Inlines, facts: list[str], num: _Numbering) -> Inlines:
    """Return `caption` ending in one citation of every fact of `facts` it does not cite already,
    in number order ("4, 30", not "30, 4"): joined to a citation that ends it, else after its text."""
    already = {n for item in caption if isinstance(item, Cite) for n in item.numbers}
    added = [num.ref(f) for f in dict.fromkeys(facts)]
    added = sorted((r for r in added if r.number not in already), key=lambda r: r.number)
    if not added:
        return caption
    last = caption[-1]
    if isinstance(last, Cite):
        return caption[:-1] + (Cite(last.refs + tuple(added)),)
    if isinstance(last, Text) and last.text.endswith((" ", "\u00a0")):
        caption = caption[:-1] + (Text(last.text.rstrip(" \u00a0"), last.bold, last.italic, last.href),)
    return caption + (Cite(tuple(added)),)


def _untranslated(library: "Library", fact_ids: list[str], on_timeline: set[str], language: str) -> list[Diagnostic]:
    """Return a warning for each cited fact whose own words print in a brief of another language
    with no translation into it: its claim on a timeline, or its attribution in a note. A fact
    whose sources are all in the brief's language (or say none) needs none."""
    base = i18n.base_language(language)
    out: list[Diagnostic] = []
    for fact_id in fact_ids:
        fact = library.facts[fact_id]
        langs = {i18n.base_language(library.sources[ev.source].language or "")
                 for ev in fact.evidence if ev.source in library.sources}
        if langs <= {base, ""} or any(i18n.base_language(t[0]) == base for t in fact.translations):
            continue
        what = "claim" if fact_id in on_timeline else "attribution" if fact.attributed_to else None
        if what is not None:
            out.append(warning(f"fact `{fact_id}` has no `{base}` translation: its {what} prints as written in "
                               f"this `{language}` brief", fact.span,
                               help=f"give the fact `translations: [{{language: {base}, claim: …, attributed_to: …}}]`"))
    return out


def _timeline(rec: SectionRec, num: _Numbering, L: Callable[[str], str], language: str) -> Timeline | None:
    entries = []
    if rec.timeline_tags:
        wanted = {t.value for t in rec.timeline_tags}
        entries = [(f, rec.timeline_tags[0]) for f in num.library.values() if f.date and wanted & set(f.tags)]
        if not entries:
            known = sorted({t for f in num.library.values() if f.date for t in f.tags})
            unknown = [t for t in rec.timeline_tags if t.value not in known]
            where = unknown[0] if unknown else rec.timeline_tags[0]
            hint = did_you_mean(where.value, known) if unknown else None
            num.diags.add(error(f"no dated fact has the tags {', '.join(sorted(wanted))}", where.span,
                                help=hint or "check the tags, or list the fact ids instead"))
    for s in rec.timeline:
        fid = s.value.strip().lstrip("@")
        fact = num.library.get(fid)
        if fact is None and fid in num.broken:
            continue
        if fact is None:
            num.diags.add(error(f"unknown fact `{fid}` in the timeline", s.span,
                                help=did_you_mean(fid, num.library) or "timeline items are fact ids"))
            continue
        if fact.date is None and "date" in fact.reported:
            continue  # its date was reported wrong where the fact is defined: one cause, one error
        if fact.date is None:
            num.diags.add(error(f"fact `{fid}` has no date, so it cannot go on a timeline", s.span,
                                help=f"add `date:` to the fact at {fact.span.file.name}:{fact.span.line}, "
                                     "or remove it from the timeline"))
            continue
        entries.append((fact, s))
    entries.sort(key=lambda fs: (fs[0].date.sort_key(), fs[0].id))  # type: ignore[union-attr]
    # number in the order readers meet the entries: by date
    out = tuple(TimelineEntry(f.date, undated_label(f.in_language(language)[0].rstrip("."), f.date, language), num.ref(f.id), f.id)  # type: ignore[arg-type]
                for f, _ in entries)
    # No caption: it could only repeat the section's heading ("Timeline of events" under "Timeline").
    return Timeline(out, caption="") if out else None


def _date_forms(date: PartialDate, language: str = "en") -> list[str]:
    """Return the ways a text may write `date`, longest first: "26 July 2023", "July 26, 2023", …,
    and the way the brief's language writes it ("26 juillet 2023", "1er mai 2024")."""
    if not date.month:
        return [str(date.year)]
    month, short = MONTHS[date.month - 1], MONTHS_SHORT[date.month - 1]
    forms = [f"{month} {date.year}", f"{short} {date.year}"]
    if date.day:
        d = date.day
        forms = [f"{d} {month} {date.year}", f"{month} {d}, {date.year}", f"{d} {short} {date.year}",
                 f"{short} {d}, {date.year}", f"{d} {month}", f"{month} {d}"]
    own = " ".join(date.text(language).split())
    forms += [own, own.removesuffix(f" {date.year}")] if date.day else [own]
    return sorted(set(forms), key=len, reverse=True)


# Per language: the words that introduce a date, and the endings of a participle that needs
# its date ("created in September 2023", "créée en septembre 2023" keep theirs).
_DATE_WORDS = {"en": ("On|In|Since|By", "on|in", ("ed",)),
               "fr": ("Le|En|Depuis|Dès", "le|en|depuis", ("é", "ée", "és", "ées"))}
_SPACE = r"[\s\u00a0\u202f]+"


def undated_label(label: str, date: PartialDate, language: str = "en") -> str:
    """Return a timeline entry's `label` without the date it repeats beside the entry's date:
    a leading "In March 2024, " goes, and so does " on 10 April 2024" after a noun ("arrived in
    Niamey on 10 April 2024 aboard" reads "arrived in Niamey aboard"), but not after a verb
    ("created in September 2023" keeps its date, which it needs to say anything). English and
    French are known; another language keeps its labels as written."""
    patterns = _undating(i18n.base_language(language))
    if patterns is None:
        return label
    # Only a date the label holds can go (its spaces read as one, as the patterns' do): most
    # labels hold none of the entry's forms, and need no pattern at all.
    spaced = " ".join(label.split())
    forms = set(_date_forms(date, language))
    if not any(f in spaced for f in forms):
        return label

    def drop(m: re.Match[str]) -> str:
        return "" if " ".join(m.group("date").split()) in forms else m.group(0)

    out = label
    for pattern in patterns:
        out = pattern.sub(drop, out)
    if out == label or len(out.split()) < 3:
        return label
    return out[:1].upper() + out[1:]


@lru_cache(maxsize=8)
def _undating(base: str) -> tuple[re.Pattern[str], ...] | None:
    """Return the patterns of a date `undated_label` removes in a label of language `base`, each
    with any date in group `date` (the caller keeps those that are not the entry's), or None
    for a language whose date words briefgen does not know."""
    words = _DATE_WORDS.get(base)
    if words is None:
        return None
    lead, prep, participles = words
    sp = _SPACE
    months = "|".join(MONTHS + MONTHS_SHORT + (MONTHS_FR if base == "fr" else ()))
    date = rf"(?P<date>(?:(?:1er|\d{{1,2}}){sp})?(?:{months})(?:{sp}\d{{1,2}},?)?(?:{sp}\d{{4}})?|\d{{4}})"
    not_after = "".join(f"(?<!{p})" for p in participles)
    return (re.compile(rf"^(?:(?:{lead}){sp})?{date}\s*,\s*"),
            re.compile(rf"(?<=\w){not_after}{sp}(?:{prep}){sp}{date}\b(?=[\s,;.]|$)"),
            re.compile(rf",{sp}(?:{prep}){sp}{date}$"))  # "finished late, in October 2023"


def _source(doc: SourceDoc, style: str, language: str, labels: Mapping[str, str]) -> Source:
    src = Source(doc.id, doc.title, doc.published, doc.publisher, doc.author, doc.url, doc.language)
    return replace(src, entry=format_source(src, style=style, language=language, labels=labels))


def _note(fact: FactRec, number: int, sources: dict[str, Source], docs: dict[str, SourceDoc], style: str,
          shorts: Mapping[str, str], language: str, labels: Mapping[str, str]) -> Note:
    evidence = []
    base = i18n.base_language(language)
    for ev in fact.evidence:
        doc = docs[ev.source]
        m = ev.match
        translation = next((text for lang, text in ev.translation if i18n.base_language(lang) == base), None)
        if m is None:
            evidence.append(Evidence(ev.source, ev.quote, translation=translation))
            continue
        # the passage as the source has it, spaces collapsed; a line-end hyphenation as quoted
        quote = m.shown or " ".join(doc.text[m.start:m.end].split())
        evidence.append(Evidence(ev.source, quote, m.line, m.column, m.locator, m.via, translation))
    # Two articles that copy one report are one source: count independent origins.
    count = len({docs[e.source_id].origin(docs) for e in evidence})
    claim, attributed_to = fact.in_language(language)
    note = Note(number, fact.id, claim, tuple(evidence), (), fact.date, attributed_to, count)
    return replace(note, body=format_note(note, sources, style=style, shorts=shorts, language=language, labels=labels))
