"""Loading an outline, its fact libraries and their sources, with every quote verified.

This is the only stage besides writing that touches the file system. It returns plain records
that keep their YAML positions, so that the resolve passes can still point at the input.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .. import sources
from ..diagnostics import BriefgenError, Collector, Diagnostic, Span, did_you_mean, error
from ..i18n import base_language
from ..model import PartialDate
from ..sources import match
from ..styles import CITATION_STYLES, DEFAULT_CITATION_STYLE
from ..text.clean import CONTROL, control_codes
from ..text.ids import slugify
from . import quotes, schema
from .read import Reader
from .yamlpos import Mapping, Node, Scalar, parse, read_text_file

if TYPE_CHECKING:
    from ..figures.spec import FigureRec
    from ..model import ImageData
    from ..sources import Extracted
    from ..sources.match import Searchable, SourceMatch


@dataclass(frozen=True, slots=True)
class Options:
    """Where inputs may come from: paths must stay inside `root` unless `allow_outside`."""

    root: Path
    allow_outside: bool = False


@dataclass(frozen=True, slots=True)
class SourceDoc:
    id: str
    path: Path
    title: str
    text: str
    span: Span
    published: PartialDate | None = None
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    language: str | None = None
    republishes: str | None = None  # the id of the source this one copies: not independent
    normalized: quotes.Normalized | None = None
    extracted: "Extracted | None" = None    # the text as extracted, with its locators (page, heading)
    searchable: "Searchable | None" = None  # `extracted` ready for |match.find| (normalised once)

    @property
    def sha256(self) -> str:
        """The SHA-256 of the source file as received (for a text file, of its text)."""
        if self.extracted is not None:
            return self.extracted.sha256
        import hashlib

        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def origin(self, sources: "dict[str, SourceDoc]") -> str:
        """Return the id of the original report this source (re)publishes, following the chain."""
        seen = {self.id}
        current = self
        while current.republishes and current.republishes in sources and current.republishes not in seen:
            seen.add(current.republishes)
            current = sources[current.republishes]
        return current.id


@dataclass(frozen=True, slots=True)
class EvidenceRec:
    source: str
    quote: str
    span: Span
    match: "SourceMatch | None" = None
    page: int | None = None  # the page the fact states (`page:`), checked against where the quote is
    # the author's translations of the quote, (language, text): printed beside it, never verified
    translation: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class FactRec:
    id: str
    claim: str
    span: Span
    evidence: tuple[EvidenceRec, ...]
    date: PartialDate | None = None
    attributed_to: str | None = None  # as printed: "Niger's state broadcaster RTN"
    tags: tuple[str, ...] = ()
    claimant: str | None = None       # who made the claim (the mapping form of attributed_to)
    channel: str | None = None        # where they made it: "an interview with TASS"
    reported: frozenset[str] = frozenset()  # keys whose value was reported wrong (and dropped)
    # the claim in other languages: (language, claim, attributed_to or None), as `translations:` has them
    translations: tuple[tuple[str, str, str | None], ...] = ()
    translation_spans: tuple[Span, ...] = ()  # where each translated claim is, for the claims check
    date_span: Span | None = None  # where `date:` is written, for the claims check

    def in_language(self, language: str) -> tuple[str, str | None]:
        """Return (claim, attributed_to) in `language`'s base language when translated, else as written."""
        base = base_language(language)
        for lang, claim, attributed in self.translations:
            if base_language(lang) == base:
                return claim, attributed or self.attributed_to
        return self.claim, self.attributed_to


@dataclass(frozen=True, slots=True)
class SlideRec:
    bullets: tuple[Scalar, ...]
    notes: str


@dataclass(frozen=True, slots=True)
class SectionRec:
    id: str
    heading: str
    span: Span
    body: Scalar | None = None
    bullets: tuple[Scalar, ...] = ()
    timeline: tuple[Scalar, ...] = ()
    timeline_tags: tuple[Scalar, ...] = ()
    slide: SlideRec | None = None
    analysis: bool = False
    silenced: frozenset[str] = frozenset()  # editorial checks `lint:` turns off here: readability, uncited
    figures: "tuple[FigureRec, ...]" = ()    # `figures:`, read and checked (briefgen/figures/load.py)
    body_images: "tuple[tuple[int, ImageData], ...]" = ()  # the body's Markdown images, by line offset
    misspelt: frozenset[str] = frozenset()  # keys an unknown key misspells (`bullet:`), reported already


@dataclass(frozen=True, slots=True)
class ActorRec:
    """A row of the actors table: who, what kind of actor, and what the facts say (cited)."""

    name: Scalar
    about: Scalar
    kind: str = ""


@dataclass(frozen=True, slots=True)
class Teaching:
    """The optional teaching blocks of an outline."""

    objectives: tuple[Scalar, ...] = ()
    glossary: tuple[tuple[Scalar, Scalar], ...] = ()
    questions: tuple[Scalar, ...] = ()
    actors: tuple[ActorRec, ...] = ()
    present: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Outline:
    path: Path
    title: str
    date: PartialDate
    sections: tuple[SectionRec, ...]
    subtitle: str = ""
    audience: str = ""
    author: str = ""
    theme: str = "default"
    language: str = "en"
    keywords: tuple[str, ...] = ()
    theme_span: Span | None = None
    audience_span: Span | None = None
    teaching: Teaching = Teaching()
    citation_style: str = DEFAULT_CITATION_STYLE
    evidence_appendix: bool = False
    labels: tuple[tuple[str, str], ...] = ()  # the outline's `labels:` overrides of the catalogue


@dataclass(frozen=True, slots=True)
class Library:
    """The facts an outline may cite (from one or more files) and the sources they quote."""

    facts: dict[str, FactRec] = field(default_factory=dict)
    sources: dict[str, SourceDoc] = field(default_factory=dict)
    # ids of facts left out for the errors reported where they are written (a fact without its
    # claim): citing one is not a second error ("unknown fact")
    broken: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class Project:
    outline: Outline
    library: Library


# ---------------------------------------------------------------- paths


def resolved(path: Path) -> Path:
    """Return `path` made absolute with every symlink followed; a symlink loop or an unreadable
    folder leaves the rest of it as written (reading the file then reports the problem)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        return Path(os.path.abspath(path))


def outside_project(path: Path, *, options: Options, what: str, span: Span | None = None) -> Diagnostic | None:
    """Return an error when `path` (after following every symlink) is outside the project folder
    and `options` do not allow that, else None.

    The command line calls this (through |load_project| and |load_facts|, which check the files
    they are given) for every path a user names, so an outline or a `--library` outside the
    project is refused like a path written inside one.
    """
    if options.allow_outside:
        return None
    root = resolved(options.root)
    if resolved(path).is_relative_to(root):
        return None
    return error(f"{what} `{path}` is outside the project folder `{root}`", span or Span(path),
                 help="keep inputs inside the project, or pass `--root DIR` or `--allow-outside`")


def resolve_path(raw: str, *, base: Path, span: Span, options: Options, diags: Collector, what: str) -> Path | None:
    """Return `raw` resolved against `base`, or record an error when it leaves the project folder
    or holds a character no file name can (a NUL, written `\\0` in YAML, made Python raise)."""
    if CONTROL.search(raw):
        diags.add(error(f"{what} `{raw!r}` contains control characters ({control_codes(raw)}), which no file name can",
                        span, help="write the file's path as it is on disk"))
        return None
    p = Path(raw)
    full = resolved(p if p.is_absolute() else base / p)
    if not options.allow_outside:
        root = resolved(options.root)
        if p.is_absolute() or not full.is_relative_to(root):
            diags.add(error(f"{what} `{raw}` is outside the project folder `{root}`", span,
                            help="keep inputs inside the project, or pass `--root DIR` or `--allow-outside`"))
            return None
    return full


# ---------------------------------------------------------------- files


def _read_yaml(path: Path, *, what: str, diags: Collector, span: Span | None = None) -> Mapping:
    text = read_text_file(path, what=what, span=span)
    if not text.strip():
        raise BriefgenError([error(f"{what} `{path}` is empty", Span(path, 1, 1) if span is None else span)])
    node = parse(text, path, diags=diags)  # a duplicate key is reported, and the rest still checked
    if not isinstance(node, Mapping):
        raise BriefgenError([error(f"{what} must be a YAML mapping at the top level", node.span)])
    return node


def load_sources(path: Path, *, options: Options, diags: Collector, cited_from: Span | None = None,
                 unreadable: set[str] | None = None) -> dict[str, SourceDoc]:
    """Return the sources registered in `path`, each with its text read and normalised once.

    A source whose file cannot be used is reported at its `file:` line and left out; its id is
    added to `unreadable`, so that the quotes from it are not reported again as unknown.
    """
    unreadable = set() if unreadable is None else unreadable
    root = _read_yaml(path, what="source registry", diags=diags, span=cited_from)
    r = Reader(diags, path)
    r.shape(root, schema.SOURCES)
    out: dict[str, SourceDoc] = {}
    seq = r.sequence(root.get("sources"), "sources")
    for item in seq.items if seq else ():
        m = r.mapping(item, "a source")
        if m is None:
            continue
        r.shape(m, schema.SOURCE)
        ident = r.slug(m, "id", what="a source")
        title = r.text(m, "title", required=True, what="a source")
        file_raw = r.text(m, "file", required=True, what="a source")
        published = r.date(m, "published")
        fields = {k: r.text(m, k) for k in ("publisher", "author", "url", "language", "republishes")}
        if ident is None or title is None or file_raw is None:
            continue
        if ident[0] in out:
            diags.add(error(f"duplicate source id `{ident[0]}`", ident[1],
                            notes=[f"first defined at line {out[ident[0]].span.line}"],
                            help="give each source its own id (facts name their source by it), or delete the copy"))
            continue
        file_node = m.get("file")
        assert file_node is not None
        unreadable.add(ident[0])  # until its text is in hand
        file_path = resolve_path(file_raw, base=path.parent, span=file_node.span, options=options,
                                 diags=diags, what="source file")
        if file_path is None:
            continue
        try:
            ext = sources.extract(file_path, span=file_node.span)
        except BriefgenError as exc:
            diags.extend(exc.diagnostics)
            continue
        text = ext.text
        if not text.strip():
            diags.add(error(f"source file `{file_raw}` is empty", file_node.span,
                            help="a source needs the text its quotes come from"))
            continue
        unreadable.discard(ident[0])
        normalized = quotes.normalize(text)
        out[ident[0]] = SourceDoc(ident[0], file_path, title, text, ident[1], published,
                                  normalized=normalized, extracted=ext, searchable=match.Searchable(ext, normalized),
                                  **fields)
    for sid, doc in out.items():
        if doc.republishes is not None and doc.republishes not in out:
            diags.add(error(f"source `{doc.id}` republishes unknown source `{doc.republishes}`", doc.span,
                            help=did_you_mean(doc.republishes, out) or "name the id of the original source"))
            out[sid] = replace(doc, republishes=None)  # the flagged id goes no further
    return out


def load_facts(path: Path, *, options: Options, diags: Collector, library: Library,
               cited_from: Span | None = None) -> None:
    """Add the facts of `path` (and the sources they quote) to `library`, verifying every quote.

    A quote that is not found in its source is an error; when the library's lock file shows
    that the source changed since the quote was locked, the error is the lock's (the locked
    passage, the nearest passage now and a word diff), otherwise the nearest passage. The
    quote stays in its fact with `match=None`, which every later reader treats as unverified.
    Raises |BriefgenError| when the library itself cannot be read or is outside the project.
    """
    outside = outside_project(path, options=options, what="fact library", span=cited_from)
    if outside is not None:
        raise BriefgenError([outside])
    root = _read_yaml(path, what="fact library", diags=diags, span=cited_from)
    r = Reader(diags, path)
    r.shape(root, schema.FACTS)
    src_raw = r.text(root, "sources")
    unreadable: set[str] = set()  # registered ids whose file failed, or every id if the registry did
    if src_raw is not None:
        src_node = root.get("sources")
        assert src_node is not None
        src_path = resolve_path(src_raw, base=path.parent, span=src_node.span, options=options, diags=diags,
                                what="source registry")
        if src_path is None:
            unreadable = _EVERY_ID
        else:
            try:
                for sid, doc in load_sources(src_path, options=options, diags=diags, cited_from=src_node.span,
                                             unreadable=unreadable).items():
                    library.sources.setdefault(sid, doc)
            except BriefgenError as exc:
                diags.extend(exc.diagnostics)
                unreadable = _EVERY_ID
    lock = _LockView(path, diags)
    seq = r.sequence(root.get("facts"), "facts")
    for item in seq.items if seq else ():
        m = r.mapping(item, "a fact")
        if m is None:
            continue
        r.shape(m, schema.FACT)
        ident = r.slug(m, "id", what="a fact")
        claim = r.text(m, "claim", required=True, what="a fact")
        before = len(diags.items)
        date = r.date(m, "date")
        reported = frozenset({"date"}) if len(diags.items) > before else frozenset()
        attributed, claimant, channel = _attribution(r, m)
        tags = tuple(s.value for s in r.text_list(m, "tags", names=True))
        evidence = tuple(_evidence(r, m, library, lock, unreadable))
        if ident is None or claim is None:
            # what the outlines would cite it by: its id, or the valid id its error suggests
            meant = ident[0] if ident is not None else _suggested_id(m.get("id"))
            if meant and meant not in library.facts:
                library.broken.add(meant)
            continue
        if ident[0] in library.facts:
            first = library.facts[ident[0]].span
            diags.add(error(f"duplicate fact id `{ident[0]}`", ident[1],
                            notes=[f"first defined at {first.file.name}:{first.line}"],
                            help="give each fact its own id (outlines cite facts by it), or delete the copy"))
            continue
        translated = _translations(r, m, "translations", "claim")
        library.facts[ident[0]] = FactRec(ident[0], claim, ident[1], evidence, date, attributed, tags,
                                          claimant, channel, reported,
                                          tuple((lang, text, who) for lang, text, who, _ in translated),
                                          tuple(span for *_, span in translated),
                                          m.get("date").span if date is not None else None)  # type: ignore[union-attr]


def _suggested_id(node: Node | None) -> str:
    """Return the valid id that an invalid `id:` is reported with (`Solar-Farm` → `solar-farm`)."""
    return slugify(node.value) if isinstance(node, Scalar) else ""


def _translations(r: Reader, m: Mapping, key: str, field: str) -> list[tuple[str, str, str | None, Span]]:
    """Return the `key:` list of translations of a fact or a quote: (language, text, attributed_to, span)."""
    out: list[tuple[str, str, str | None, Span]] = []
    shape = schema.CLAIM_TRANSLATION if field == "claim" else schema.QUOTE_TRANSLATION
    seq = r.sequence(m.get(key), key)
    for item in seq.items if seq else ():
        t = r.mapping(item, shape.title)
        if t is None:
            continue
        r.shape(t, shape)
        language, text = r.text(t, "language"), r.text(t, field)
        node = t.get(field)
        if language and text and node is not None:
            out.append((language.strip(), text, r.text(t, "attributed_to") if field == "claim" else None, node.span))
    return out


def _attribution(r: Reader, fact: Mapping) -> tuple[str | None, str | None, str | None]:
    """Return (as printed, claimant, channel) from `attributed_to`: text, or {claimant, channel}."""
    node = fact.get("attributed_to")
    if node is None or isinstance(node, Scalar):
        text = r.text(fact, "attributed_to")
        return text, text, None
    m = r.mapping(node, "`attributed_to`")
    if m is None:
        return None, None, None
    r.shape(m, schema.ATTRIBUTION)
    claimant = r.text(m, "claimant")
    channel = r.text(m, "channel")
    if claimant is None:
        return None, None, None
    return (f"{claimant}, {channel}" if channel else claimant), claimant, channel


class _LockView:
    """The fact library's lock file, read only when a quote is not found, to explain what changed."""

    def __init__(self, facts_path: Path, diags: Collector) -> None:
        self.facts_path, self.diags = facts_path, diags
        self.data: dict[str, object] | None = None
        self.read = False

    def explain(self, *, fact_id: str, doc: SourceDoc, quote: str, span: Span) -> Diagnostic | None:
        from .lock import explain_lost, lock_path, read_lock

        if not self.read:
            self.read = True
            try:
                self.data = read_lock(lock_path(self.facts_path))
            except BriefgenError as exc:
                self.diags.extend(exc.diagnostics)
        if self.data is None:
            return None
        return explain_lost(self.data, fact_id=fact_id, doc=doc, quote=quote, span=span)


class _Every(frozenset[str]):
    """Contains every id: the registry itself failed, so no quote's source is reported unknown."""

    def __contains__(self, item: object) -> bool:
        return True


_EVERY_ID: set[str] = _Every()  # type: ignore[assignment]


def _evidence(r: Reader, fact: Mapping, library: Library, lock: _LockView, unreadable: "set[str]") -> list[EvidenceRec]:
    out: list[EvidenceRec] = []
    seq = r.sequence(fact.get("evidence"), "evidence")
    if seq is not None and not seq.items:
        r.diags.add(error("a fact needs at least one evidence quote", seq.span,
                          help="add an item with the `source:` id and the `quote:` copied from that source"))
    for item in seq.items if seq else ():
        m = r.mapping(item, "an evidence item")
        if m is None:
            continue
        r.shape(m, schema.EVIDENCE)
        source = r.text(m, "source")
        quote = r.text(m, "quote")
        if source is None or quote is None:
            continue
        src_span = m.get("source").span  # type: ignore[union-attr]
        quote_node = m.get("quote")
        assert quote_node is not None
        doc = library.sources.get(source)
        if doc is None and source in unreadable:
            continue  # its registry or its file was reported already: one cause, one error
        if doc is None:
            r.diags.add(error(f"unknown source `{source}`", src_span,
                              help=did_you_mean(source, library.sources) or
                              f"known sources: {', '.join(sorted(library.sources)) or 'none'}"))
            continue
        page = _page(r, m)
        found = find_quote(quote, doc)
        if found is None:
            fact_id = _fact_id(fact)
            r.diags.add(lock.explain(fact_id=fact_id, doc=doc, quote=quote, span=quote_node.span)
                        or _quote_not_found(quote, doc, quote_node.span, fact_id=fact_id))
        elif page is not None:
            _check_page(r, m, page, found, doc)
        out.append(EvidenceRec(source, quote, quote_node.span, found, page,
                               tuple((lang, text) for lang, text, _, _ in _translations(r, m, "translation", "text"))))
    return out


def find_quote(quote: str, doc: SourceDoc) -> "SourceMatch | None":
    """Return where `quote` is in `doc` (|match.find|: today's matching, plus a flagged line-end
    hyphenation of a PDF), or None."""
    if doc.searchable is None:  # a SourceDoc made without the loader (tests, tools)
        from ..sources.extracted import Extracted

        doc_searchable = match.Searchable(Extracted("text", doc.text, doc.sha256, "text as received"), doc.normalized)
        return match.find(quote, doc_searchable)
    return match.find(quote, doc.searchable)


def _page(r: Reader, item: Mapping) -> int | None:
    """Return the `page:` an evidence item states (a whole number from 1), or None."""
    node = item.get("page")
    if node is None:
        return None
    value = node.value if isinstance(node, Scalar) else None
    if isinstance(node, Scalar) and node.tag == "int" and value is not None and value.isdigit() and int(value) >= 1:
        return int(value)
    r.diags.add(error("`page` must be a page number (a whole number from 1)", node.span,
                      help="write the number of the page the quote is on, e.g. `page: 12`"))
    return None


def _check_page(r: Reader, item: Mapping, page: int, found: "SourceMatch", doc: SourceDoc) -> None:
    node = item.get("page")
    assert node is not None
    ext = doc.extracted
    if ext is None or ext.kind != "pdf":
        r.diags.add(error(f"`page` is stated, but source `{doc.id}` is not a PDF and has no pages", node.span,
                          help="remove `page:`; only a quote from a PDF source has a page"))
        return
    first = ext.page_of(found.start) or 1
    last = ext.page_of(max(found.start, found.end - 1)) or first
    if not first <= page <= last:
        where = f"page {first}" if first == last else f"pages {first}\u2013{last}"
        r.diags.add(error(f"the quote is on {where} of `{doc.path.name}`, not page {page}", node.span,
                          help=f"write `page: {first}`, or remove `page:` (briefgen finds the page itself)"))


def _fact_id(fact: Mapping) -> str:
    node = fact.get("id")
    return node.value if isinstance(node, Scalar) else "?"


def _quote_not_found(quote: str, doc: SourceDoc, span: Span, *, fact_id: str) -> Diagnostic:
    near = quotes.nearest(quote, doc.text, doc.normalized)
    notes = []
    help_text = "copy the passage from the source exactly; only quote marks, dashes and spacing may differ"
    if near is not None and near.similarity >= 0.5:
        notes.append(f"nearest passage in `{doc.path.name}` ({near.similarity:.0%} similar): \"{near.passage}\"")
        if near.digits_differ:
            notes.append("the numbers differ: a quote whose digits differ from the source is never accepted")
    return error(f"quote of fact `{fact_id}` is not in source `{doc.id}`", span, notes=notes, help=help_text)


# ---------------------------------------------------------------- outline


def load_outline(path: Path, *, options: Options, diags: Collector) -> tuple[Outline | None, list[tuple[Path, Span]]]:
    """Return the outline at `path` and the fact-library paths it names (with their spans)."""
    root = _read_yaml(path, what="outline", diags=diags)
    r = Reader(diags, path)
    r.shape(root, schema.OUTLINE)
    title = r.text(root, "title", required=True, what="the outline")
    date = r.date(root, "date", required=True, what="the outline")
    facts: list[tuple[Path, Span]] = []
    facts_node, before = root.get("facts"), len(diags.items)
    libraries = r.text_list(root, "facts")
    if facts_node is not None and not libraries and len(diags.items) == before:  # `facts:`, `facts: []`
        diags.add(error("`facts` names no fact library", facts_node.span,
                        help="write the path of the library, e.g. `facts: ../seeds/facts.yaml`"))
    for s in libraries:
        p = resolve_path(s.value, base=path.parent, span=s.span, options=options, diags=diags, what="fact library")
        if p is not None:
            facts.append((p, s.span))
    sections: list[SectionRec] = []
    seen_ids: dict[str, Span] = {}
    seq = r.sequence(root.get("sections"), "sections")
    if seq is not None and not seq.items:
        diags.add(error("the outline has no sections", seq.span, help="add at least one `- heading: ...`"))
    for item in seq.items if seq else ():
        sec = _section(r, item, len(sections), base=path.parent, options=options)
        if sec is None:
            continue
        if sec.id in seen_ids:
            diags.add(error(f"duplicate section id `{sec.id}`", sec.span,
                            notes=[f"first used at line {seen_ids[sec.id].line}"],
                            help="give one of the sections a different heading or an explicit `id:`"))
            continue
        seen_ids[sec.id] = sec.span
        sections.append(sec)
    keywords = tuple(s.value for s in r.text_list(root, "keywords", names=True))
    if title is None or date is None:
        return None, facts
    return Outline(
        path=path, title=title, date=date, sections=tuple(sections),
        subtitle=r.text(root, "subtitle") or "", audience=r.text(root, "audience") or "",
        author=r.text(root, "author") or "", theme=r.text(root, "theme") or "default",
        language=_language(r, root), keywords=keywords,
        theme_span=root.get("theme").span if root.get("theme") is not None else None,  # type: ignore[union-attr]
        audience_span=root.get("audience").span if root.get("audience") is not None else None,  # type: ignore[union-attr]
        teaching=_teaching(r, root), citation_style=_citation_style(r, root),
        evidence_appendix=r.flag(root, "evidence_appendix"),
        labels=_labels(r, root),
    ), facts


def _language(r: Reader, root: Mapping) -> str:
    """Return the outline's `language:` as a BCP 47 tag (`fr_FR` is `fr-FR`), English without one.

    A value reported as no language tag (`french`) or a right-to-left language reads as English
    from here on: the brief cannot be built with it, and warnings about facts untranslated into
    `french` would only repeat that one mistake.
    """
    from .. import i18n

    node = root.get("language")
    language = r.text(root, "language")
    if language is None or node is None:
        return "en"
    problems = i18n.check_language(language, node.span)
    r.diags.extend(problems)
    if any(d.is_error for d in problems):
        return "en"
    return language.strip().replace("_", "-")


def _labels(r: Reader, root: Mapping) -> tuple[tuple[str, str], ...]:
    """Return the outline's `labels:` overrides (unknown keys reported)."""
    from .. import i18n

    labels = r.mapping(root.get("labels"), "`labels`")
    out: list[tuple[str, str]] = []
    keys: list[tuple[str, Span, str | None]] = []
    for k, v in labels.items if labels is not None else ():
        value = r.scalar_text(v, k.value, required=True)
        keys.append((k.value, k.span, value))
        if value is not None:
            out.append((k.value, value))
    r.diags.extend(i18n.check_overrides(keys))
    return tuple(out)


def _citation_style(r: Reader, root: Mapping) -> str:
    """Return the outline's citation style; the default when it is absent or reported wrong."""
    node = root.get("citation_style")
    style = r.text(root, "citation_style")
    if node is None or style is None:  # absent, null, or not text (reported by the reader)
        return DEFAULT_CITATION_STYLE
    if style not in CITATION_STYLES:
        r.diags.add(error(f"unknown citation style `{style}`" if style.strip() else "`citation_style` is empty", node.span,
                          help=did_you_mean(style.lower(), CITATION_STYLES) or
                          f"choose one of: {', '.join(CITATION_STYLES)}"))
        return DEFAULT_CITATION_STYLE
    return style


def _teaching(r: Reader, root: Mapping) -> Teaching:
    glossary: list[tuple[Scalar, Scalar]] = []
    node = root.get("glossary")
    if isinstance(node, Mapping):  # `term: definition` lines
        for k, v in node.items:
            if isinstance(v, Scalar):
                if r.scalar_text(v, k.value, required=True) is not None:
                    glossary.append((k, v))
            else:
                r.diags.add(error(f"the definition of `{k.value}` must be text", v.span))
    elif node is not None:
        seq = r.sequence(node, "glossary")
        for item in seq.items if seq else ():
            m = r.mapping(item, "a glossary entry")
            if m is None:
                continue
            r.shape(m, schema.GLOSSARY_ENTRY)
            term, definition = _texts(r, m, ("term", "definition"))
            if term is not None and definition is not None:
                glossary.append((term, definition))
    _once(r, [term for term, _ in glossary], "glossary term", "the glossary")
    actors: list[ActorRec] = []
    seq = r.sequence(root.get("actors"), "actors")
    for item in seq.items if seq else ():
        m = r.mapping(item, "an actor")
        if m is None:
            continue
        r.shape(m, schema.ACTOR)
        name, about = _texts(r, m, ("name", "about"))
        kind = r.text(m, "kind") or ""
        if name is not None and about is not None:
            actors.append(ActorRec(name, about, kind))
    _once(r, [a.name for a in actors], "actor", "the actors table")
    present = frozenset(k for k in ("objectives", "glossary", "questions", "actors") if root.get(k) is not None)
    return Teaching(r.text_list(root, "objectives"), tuple(glossary), r.text_list(root, "questions"),
                    tuple(actors), present)


def _once(r: Reader, names: list[Scalar], what: str, where: str) -> None:
    """Report each name of `names` (glossary terms, actors) written again, ignoring case and spaces:
    the reader would meet the same entry twice, perhaps with two definitions."""
    first: dict[str, Scalar] = {}
    for name in names:
        key = " ".join(name.value.split()).casefold()
        if key in first:
            r.diags.add(error(f"duplicate {what} `{name.value.strip()}`", name.span,
                              notes=[f"first at line {first[key].span.line}"],
                              help=f"keep one entry for it in {where} (merge the two if both say something)"))
        else:
            first[key] = name


def _texts(r: Reader, m: Mapping, keys: tuple[str, ...]) -> tuple[Scalar | None, ...]:
    """Return the scalar at each of `keys` when it holds text; report one that is not text or is
    empty (a missing key is reported by |Reader.keys|), and return None for it."""
    out: list[Scalar | None] = []
    for key in keys:
        node = m.get(key)
        ok = node is not None and r.scalar_text(node, key, required=True) is not None
        out.append(node if ok and isinstance(node, Scalar) else None)
    return tuple(out)


def _section(r: Reader, node: object, index: int, *, base: Path, options: Options) -> SectionRec | None:

    from ..figures.load import body_images, read_figures

    m = r.mapping(node, f"section {index + 1}")  # type: ignore[arg-type]
    if m is None:
        return None
    r.shape(m, schema.SECTION)
    heading = r.text(m, "heading", required=True, what="a section")
    if heading is None:
        return None
    heading_node = m.get("heading")
    assert heading_node is not None
    explicit = r.slug(m, "id", what="a section") if m.get("id") is not None else None
    ident = explicit[0] if explicit else (slugify(heading) or f"section-{index + 1}")
    body = m.get("body")
    if body is not None and not isinstance(body, Scalar):
        r.diags.add(error("`body` must be text (Markdown), not a list or mapping", body.span,
                          help="write `body: |` and the paragraphs indented below it"))
        body = None
    if isinstance(body, Scalar) and body.tag == "null":
        body = None
    slide = None
    slide_node = m.get("slide")
    if slide_node is not None:
        sm = r.mapping(slide_node, "`slide`")
        if sm is not None:
            r.shape(sm, schema.SLIDE)
            slide = SlideRec(r.text_list(sm, "bullets"), r.text(sm, "notes") or "")
    return SectionRec(
        id=ident, heading=heading, span=heading_node.span, body=body,  # type: ignore[arg-type]
        bullets=r.text_list(m, "bullets"), slide=slide, **_timeline_field(r, m),
        analysis=r.flag(m, "analysis"), silenced=_silenced(r, m),
        figures=read_figures(r, m, base=base, options=options),
        body_images=body_images(r, body, base=base, options=options) if isinstance(body, Scalar) else (),
        misspelt=r.misspelt(m),
    )


def _silenced(r: Reader, section: Mapping) -> frozenset[str]:
    """Return the checks a section's `lint: {readability: false}` turns off."""
    node = section.get("lint")
    if node is None:
        return frozenset()
    m = r.mapping(node, "`lint`")
    if m is None:
        return frozenset()
    r.shape(m, schema.LINT)
    return frozenset(k for k in schema.LINT.keys if m.get(k) is not None and not r.flag(m, k))


def _timeline_field(r: Reader, section: Mapping) -> dict[str, tuple[Scalar, ...]]:
    """`timeline:` is a list of fact ids, or `{tags: [...]}` for every dated fact with those tags."""
    node = section.get("timeline")
    if isinstance(node, Mapping):
        r.shape(node, schema.TIMELINE_TAGS)
        return {"timeline_tags": r.text_list(node, "tags", names=True)}
    return {"timeline": r.text_list(section, "timeline")}


def _same_source(a: SourceDoc, b: SourceDoc) -> bool:
    """True when two registries' entries are the one source: same file, same metadata."""
    return (a.path, a.title, a.published, a.publisher, a.author, a.url, a.language, a.republishes) == \
        (b.path, b.title, b.published, b.publisher, b.author, b.url, b.language, b.republishes)


def _two_sources(first: SourceDoc, second: SourceDoc) -> Diagnostic:
    # A source id is the source's name in the whole brief: its entry in the Sources list, its
    # link target and every note's reference. Two documents cannot share it, or a note would
    # print one file's text as the quote verified in the other.
    what = (f"the file `{second.path.name}`, not `{first.path.name}`" if first.path != second.path
            else "the same file with other details (title, date, publisher, author, URL, language)")
    return error(f"source id `{second.id}` names two different sources", second.span,
                 notes=[f"first defined at {first.span.file.name}:{first.span.line}; here it names {what}"],
                 help="give one of them another id (and use that id in the facts that quote it), "
                      "or let both fact libraries use one source registry")


def load_project(path: Path, *, options: Options, cache: dict[Path, Library] | None = None
                 ) -> tuple[Project | None, list[Diagnostic]]:
    """Return the outline at `path` with its fact library, and every problem found.

    The project is None only when the outline itself could not be read; otherwise it is
    returned even with errors, so that later passes can report their problems in the same run.
    `cache` lets several outlines that share one library read and verify it once.
    """
    diags = Collector()
    outside = outside_project(path, options=options, what="outline")
    if outside is not None:
        return None, [outside]
    try:
        outline, fact_paths = load_outline(path, options=options, diags=diags)
    except BriefgenError as exc:
        return None, list(exc.diagnostics) + diags.items
    library = Library()
    for fpath, span in fact_paths:
        cached = cache.get(fpath) if cache is not None else None
        if cached is None:
            cached = Library()
            lib_diags = Collector()
            try:
                load_facts(fpath, options=options, diags=lib_diags, library=cached, cited_from=span)
            except BriefgenError as exc:
                lib_diags.extend(exc.diagnostics)
            diags.extend(lib_diags.items)
            if not lib_diags.has_errors and cache is not None:
                cache[fpath] = cached
        for k, v in cached.sources.items():
            first = library.sources.setdefault(k, v)
            if first is not v and not _same_source(first, v):
                diags.add(_two_sources(first, v))
        for k, f in cached.facts.items():
            if k in library.facts:
                diags.add(error(f"fact `{k}` is defined in two libraries", f.span,
                                notes=[f"also in {library.facts[k].span.file}"],
                                help="keep the fact in one library, or give one of them another id"))
            library.facts.setdefault(k, f)
        library.broken.update(cached.broken - library.facts.keys())
    if outline is None:
        return None, diags.items
    return Project(outline, library), diags.items
