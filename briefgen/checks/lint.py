"""Editorial checks on a loaded outline: reading level, uncited claims, numbers the cited facts do
not state, unused facts, missing teaching blocks.

Every check is pure and returns warnings located in the YAML; none of them stops a build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import AbstractSet, Iterable, Mapping, Sequence

from ..diagnostics import Diagnostic, Span, warning
from ..figures.spec import author_texts
from ..load.claims import Backing, DateRef, DateVal, Number, backing, unbacked
from ..load.project import FactRec, Library, Outline, Project, SectionRec
from ..load.read import locate
from ..load.yamlpos import Scalar
from ..model import Brief, BulletList, Paragraph, plain
from ..text.dates import MONTH_WORDS_EN
from ..text.ids import cited_ids as _ids
from ..text.ids import mentioned_ids
from ..text.sentences import split_sentences, words
from .audience import OUTLINE_BLOCKS, Profile
from .readability import measure, scale_for

MIN_WORDS = 30  # below this a reading level says more about chance than about the prose

# An English month word, any case ("May" apart: see _MAY_DATE).
_MONTH = re.compile(r"\b(?:" + "|".join(w for w in MONTH_WORDS_EN if w != "may") + r")\b\.?", re.I)
_MAY_DATE = re.compile(r"\b\d{1,2}\s+May\b|\bMay\s+\d{1,4}\b")
_NUMBER = re.compile(r"\d")
# Capitalised words that begin a clause or are not names.
_NOT_NAMES = frozenset("I A An The This That These Those It Its He She They We You".split())
_STOP = frozenset("""
the a an and or but of in on at to for from by with without into onto over under about after before
since until than then that this these those there their its it is are was were be been being has have
had do does did not no yes as so such also more most very can could would should will may might must
which who whom whose what when where why how all any each other some same own both few many much
""".split())
_BLOCK_WORDS = {
    "objectives": ("learning objectives", "objectives:\n  - explain ..."),
    "glossary": ("a glossary", "glossary:\n  - term: ...\n    definition: ..."),
    "questions": ("discussion questions", "questions:\n  - Why ...?"),
    "actors": ("a table of the actors", "actors:\n  - name: ...\n    about: ... [@fact-id]"),
}


@dataclass(frozen=True, slots=True)
class _Words:
    """The words of the brief's language by which a sentence reports (`said`, `a déclaré`) or
    instructs (`Compare`, `Comparez`): the catalogue's `reporting_words` and `instruction_words`."""

    reporting: frozenset[str]
    instructions: frozenset[str]


def _language_words(outline: Outline) -> _Words:
    from ..i18n import labels_for, word_list

    labels = labels_for(outline.language, dict(outline.labels))
    return _Words(word_list(labels, "reporting_words"), word_list(labels, "instruction_words"))


# ---------------------------------------------------------------- entry points


def lint_outline(project: Project, brief: Brief, *, profile: Profile | None) -> list[Diagnostic]:
    """Return the editorial warnings for one outline: reading level against `profile`, uncited
    factual sentences, numbers and dates the cited facts do not state, and teaching blocks
    `profile` expects but the outline lacks.

    `brief` is `project` resolved; with no profile only the uncited-sentence and number checks run.
    """
    out: list[Diagnostic] = []
    if profile is not None:
        out += reading_level(project, brief, profile=profile)
    uncited = find_uncited(project)
    out += uncited_sentences(project, found=uncited)
    out += unsupported_numbers(project, skip=uncited)
    if profile is not None:
        out += missing_blocks(project.outline, profile=profile)
    return out


def cited_ids(briefs: Iterable[Brief]) -> set[str]:
    """Return the ids of the facts that `briefs` cite anywhere (text, slides, timelines)."""
    return {note.fact_id for brief in briefs for note in brief.notes}


def unused_facts(library: Library, cited: AbstractSet[str], *, outlines: Sequence[Path] = ()) -> list[Diagnostic]:
    """Return a warning at each fact of `library` that no outline checked together cites.

    `outlines` are the outlines checked, named in the warning so it is clear what "no outline" means.
    """
    names = ", ".join(p.name for p in outlines)
    notes = [f"checked together: {names}"] if names else []
    return [warning(f"fact `{fact.id}` is not cited by any outline", fact.span,
                    help=f"cite it with `[@{fact.id}]`, or remove it from the library", notes=notes)
            for fact in library.facts.values() if fact.id not in cited]


def missing_blocks(outline: Outline, *, profile: Profile, present: AbstractSet[str] | None = None) -> list[Diagnostic]:
    """Return a warning for each teaching block `profile` expects that the outline does not have.

    `present` defaults to the blocks the outline wrote (`outline.teaching.present`); the "How we
    know" box is briefgen's own, so it is never missing.
    """
    have = outline.teaching.present if present is None else present
    span = outline.audience_span or Span(outline.path)
    out = []
    for block in profile.expects:
        if block not in OUTLINE_BLOCKS or block in have:
            continue
        what, example = _BLOCK_WORDS[block]
        out.append(warning(f"the `{profile.name}` audience expects {what}, but the outline has no `{block}`",
                           span, help=f"add `{block}:` at the top level of the outline, e.g.\n"
                           + "\n".join("       " + line for line in example.split("\n"))))
    return out


def length_budget(profile: Profile, *, span: Span, pages: int | None = None, slides: int | None = None
                  ) -> list[Diagnostic]:
    """Return warnings when a rendered brief has more pages or slides than `profile` allows."""
    out = []
    if pages is not None and pages > profile.max_pages:
        out.append(warning(f"the brief runs to {pages} pages, over the {profile.label} budget of {profile.max_pages}",
                           span, help="shorten the sections, or move detail into fewer, tighter ones"))
    if slides is not None and slides > profile.max_slides:
        out.append(warning(f"the deck has {slides} slides, over the {profile.label} budget of {profile.max_slides}",
                           span, help="give long sections a `slide:` with fewer bullets"))
    return out


# ---------------------------------------------------------------- reading level


def reading_level(project: Project, brief: Brief, *, profile: Profile) -> list[Diagnostic]:
    """Return a warning for each outline section whose Flesch–Kincaid grade is outside `profile`'s range.

    Paragraphs and list items count; headings, tables, timelines and citations do not, and
    sections with fewer than |MIN_WORDS| words are skipped.
    """
    resolved = {s.id: s for s in brief.sections}
    out = []
    scale = scale_for(brief.language)
    span = project.outline.audience_span or (project.outline.sections[0].span if project.outline.sections else None)
    if scale is None:
        return [warning(f"briefgen has no readability formula for `{brief.language}`: the reading level is not checked",
                        span, help="formulas exist for English (Flesch–Kincaid) and French (Kandel–Moles)")]
    limits = profile.scale_range(scale.key)
    if limits is None:
        return [warning(f"the {profile.label} profile gives no {scale.name} range, so the reading level of this "
                        f"`{brief.language}` brief is not checked", span,
                        help=f"add `{scale.key}: [low, high]` under `readability:` in {profile.path or 'the profile'}")]
    for rec in project.outline.sections:
        section = resolved.get(rec.id)
        if section is None or "readability" in rec.silenced:
            continue
        units: list[str] = []
        for block in section.blocks:
            if isinstance(block, Paragraph):
                units.append(plain(block.inlines))
            elif isinstance(block, BulletList):
                units.extend(plain(item) for item in block.items)
        reading = measure(units, language=brief.language)
        if reading.words < MIN_WORDS:
            continue
        g = scale.score(reading)
        if limits[0] <= g <= limits[1]:
            continue
        above = (g < limits[0]) if scale.easier_when_higher else (g > limits[1])  # harder than the range
        notes = [f"{reading.words} words in {reading.sentences} sentences: {reading.words_per_sentence:.1f} "
                 f"words per sentence, {reading.syllables_per_word:.2f} syllables per word"]
        help_text = ("split long sentences and prefer short, common words; names count too, so "
                     "introduce them once and then say `he` or `the minister`" if above else
                     "this audience reads denser prose: join very short sentences and say why each fact matters")
        if scale.key == "grade":
            message = (f"section `{rec.heading}` reads at grade {g:.1f}, "
                       f"{'above' if above else 'below'} the {profile.label} range {profile.grade_range()}")
        else:
            message = (f"section `{rec.heading}` scores {g:.1f} on the {scale.name}, "
                       f"{'harder' if above else 'easier'} than the {profile.label} range {limits[0]:g}\u2013{limits[1]:g}")
        out.append(warning(message, rec.span, help=help_text, notes=notes))
    return out


# ---------------------------------------------------------------- uncited sentences


@dataclass(frozen=True, slots=True)
class Claim:
    """A sentence that looks factual, where it is, and why it looks factual."""

    scalar: Scalar
    start: int
    end: int
    text: str
    reasons: tuple[str, ...]


def uncited_sentences(project: Project, *, found: Sequence[Claim] | None = None) -> list[Diagnostic]:
    """Return a warning at each sentence that looks like a factual claim but cites no fact.

    A sentence looks factual when it has a number or a date, a name beyond its first word, or a
    reporting verb (`said`, `announced`, `sent` …). Questions, instructions, headings, tables and
    sections marked `analysis: true` are not checked; a sentence whose numbers and most of whose
    names are stated by facts cited in the same paragraph counts as cited. `found` is
    `find_uncited(project)` when the caller has it already.
    """
    out = []
    index: dict[str, list[tuple[str, int]]] | None = None
    for claim in find_uncited(project) if found is None else found:
        if index is None:  # built once, and only when some sentence needs a suggestion
            index = _keyword_index(project.library.facts.values())
        suggestion = _closest_fact(claim.text, index)
        help_text = (f"cite the fact it rests on ({f'perhaps `[@{suggestion}]`' if suggestion else 'e.g. `[@fact-id]`'}), "
                     "or move it to a section with `analysis: true` if it is your own reading")
        out.append(warning("this sentence states a fact but cites none", _span(claim), help=help_text,
                           notes=[f"it looks factual because it {'; '.join(claim.reasons)}"]))
    return out


def find_uncited(project: Project) -> list[Claim]:
    """Return the sentences of the outline's prose that look factual and cite nothing."""
    outline = project.outline
    scalars: list[Scalar] = []
    for rec in outline.sections:
        if rec.analysis or "uncited" in rec.silenced:
            continue
        if rec.body is not None:
            scalars.append(rec.body)
        scalars.extend(rec.bullets)
        if rec.slide is not None:
            scalars.extend(rec.slide.bullets)
    # (glossary definitions explain a word; they state no news: the number check still holds them)
    scalars.extend(a.about for a in outline.teaching.actors)
    out: list[Claim] = []
    lang = _language_words(outline)
    for scalar in scalars:
        out.extend(_claims(scalar, project.library.facts, lang))
    return out


def _claims(scalar: Scalar, facts: dict[str, FactRec], lang: _Words) -> list[Claim]:
    text = scalar.value
    out = []
    for ua, ub in _units(text):
        unit = text[ua:ub]
        sentences = _sentence_bounds(unit)
        for a, b in sentences:
            sentence = unit[a:b]
            if sentence.lstrip().startswith("!["):
                continue  # an image line: its caption is not a statement
            if "[@" in sentence:
                # a clause with a number or date after the sentence's last citation is uncited
                tail = sentence[sentence.rindex("]") + 1:] if "]" in sentence[sentence.rindex("[@"):] else ""
                clause = tail.lstrip(" ,;:\u2013\u2014")
                if len(clause.split()) >= 3 and re.search(r"\d", clause):
                    at = a + len(sentence) - len(clause)
                    out.append(Claim(scalar, ua + at, ua + b, clause.strip(),
                                     ("has a number or date after its last citation",)))
                continue
            reasons = _factual(_plain(sentence), lang)
            if not reasons:
                continue
            if _covered_nearby(sentence, unit, facts):
                continue
            out.append(Claim(scalar, ua + a, ua + b, sentence, tuple(reasons)))
    return out


def _units(text: str) -> list[tuple[int, int]]:
    """Return the [start, end) offsets of the paragraphs and list items of Markdown `text`,
    leaving out headings and table rows."""
    units: list[tuple[int, int]] = []
    pos = 0
    current: list[int] | None = None
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        item = re.match(r"\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+", line)
        if not stripped or stripped.startswith(("#", "|")) or re.fullmatch(r"[\s|:-]+", stripped):
            if current:
                units.append((current[0], current[1]))
            current = None
            continue
        if item:
            if current:
                units.append((current[0], current[1]))
            current = [start + item.end(), end]
        elif current is not None:
            current[1] = end
        else:
            current = [start + len(line) - len(line.lstrip()), end]
    if current:
        units.append((current[0], current[1]))
    return units


def _plain(sentence: str) -> str:
    """Return `sentence` without Markdown emphasis, link targets and escapes."""
    s = re.sub(r"\[([^\]]*)\]\([^)\s]*\)", r"\1", sentence)
    s = re.sub(r"<(https?://[^>\s]+)>", r"\1", s)
    s = re.sub(r"(\*\*|__|\*|(?<!\w)_|_(?!\w))", "", s)
    return re.sub(r"\\(.)", r"\1", s).strip()


def _factual(sentence: str, lang: _Words) -> list[str]:
    """Return why `sentence` looks like a statement of fact, or [] when it does not: a question
    or an instruction (its first word one of `lang`'s) does not; a number or a date, a name
    after its first word, or a reporting word of `lang` does."""
    if sentence.rstrip("\"'”’)").endswith("?"):
        return []
    ws = words(sentence)
    if not ws or ws[0].lower() in lang.instructions:
        return []
    reasons = []
    number = _NUMBER.search(sentence) or _MONTH.search(sentence) or _MAY_DATE.search(sentence)
    if number:
        token = re.match(r"[\w,.]*", sentence[number.start():]).group().rstrip(",.")  # type: ignore[union-attr]
        reasons.append(f"has a number or date (`{token}`)")
    names = _names(sentence)
    if names:
        reasons.append(f"names {', '.join(f'`{n}`' for n in names[:3])}")
    verbs = [w for w in ws if w.lower().replace("\u2019", "'") in lang.reporting]
    if verbs:
        reasons.append(f"reports (`{verbs[0]}`)")
    return reasons


def _names(sentence: str) -> list[str]:
    """Return the capitalised words of `sentence` after its first word, joined into names."""
    names: list[str] = []
    matches = list(re.finditer(r"[^\W\d_][\w'’.-]*", sentence))
    prev_end = -1
    for k, m in enumerate(matches):
        word = m.group().rstrip(".")
        if k == 0:
            prev_end = m.end()
            continue
        between = sentence[prev_end:m.start()]
        prev_end = m.end()
        if not word[0].isupper() or word in _NOT_NAMES:
            continue
        if re.search(r"[:;“\"‘(]\s*$", between):
            continue  # the first word of a quotation or of a clause after a colon
        base = re.sub(r"['’]s$", "", word)
        if names and between == " " and matches[k - 1].group()[0].isupper():
            names[-1] += " " + base
        else:
            names.append(base)
    return list(dict.fromkeys(names))


def _keywords(text: str) -> set[str]:
    return {re.sub(r"['’]s$", "", w.lower()) for w in words(text)
            if (len(w) > 3 or w[0].isdigit() or w.isupper()) and w.lower() not in _STOP}


def _covered_nearby(sentence: str, unit: str, facts: dict[str, FactRec]) -> bool:
    """Return whether the facts cited elsewhere in the same paragraph (claims and quotes) state this
    sentence's numbers and most of its names: a topic sentence followed by its cited details, or one citation after
    two sentences drawn from the same fact, is a common and fair habit."""
    ids = mentioned_ids(unit)
    plain_s = _plain(sentence)
    numbers = set(re.findall(r"\d+", plain_s))
    names = {re.sub(r"['’]s$", "", n).lower() for name in _names(plain_s) for n in name.split()}
    if not ids or not (numbers or names):
        return False
    have: set[str] = set()
    for fid in ids:
        fact = facts.get(fid)
        if fact is not None:
            for text in (fact.claim, *(e.quote for e in fact.evidence)):
                have |= {re.sub(r"['’]s$", "", w.lower()) for w in words(text)}
    return numbers <= have and len(names & have) >= 0.6 * len(names)


def _keyword_index(facts: Iterable[FactRec]) -> dict[str, list[tuple[str, int]]]:
    """Return key word → (fact id, position in the library) for every fact's claim."""
    index: dict[str, list[tuple[str, int]]] = {}
    for position, fact in enumerate(facts):
        for word in _keywords(fact.claim):
            index.setdefault(word, []).append((fact.id, position))
    return index


def _closest_fact(sentence: str, index: dict[str, list[tuple[str, int]]]) -> str | None:
    """Return the id of the fact whose claim shares the most key words with `sentence`, if clearly close.

    Looked up through an inverted index, so a large library costs no more per sentence than the
    facts that share its words; ties go to the fact earlier in the library.
    """
    mine = _keywords(_plain(sentence))
    if not mine:
        return None
    shared: dict[tuple[int, str], int] = {}
    for word in mine:
        for fact_id, position in index.get(word, ()):
            shared[(position, fact_id)] = shared.get((position, fact_id), 0) + 1
    best: tuple[float, int, str] | None = None
    for (position, fact_id), count in shared.items():
        score = count / len(mine)
        if count >= 3 and score >= 0.5 and (best is None or (score, -position) > (best[0], -best[1])):
            best = (score, position, fact_id)
    return best[2] if best else None


def _span(claim: Claim) -> Span:
    text = claim.scalar.value
    line_end = text.find("\n", claim.start)
    needle = text[claim.start:claim.end if line_end < 0 else min(claim.end, line_end)]
    occurrence = 0
    at = text.find(needle)
    while 0 <= at < claim.start:
        occurrence += 1
        at = text.find(needle, at + 1)
    return locate(claim.scalar, needle, occurrence)


# ---------------------------------------------------------------- numbers held to the facts cited


_MASK = re.compile(r"\[@[^\]]*\]|(?<=\])\([^)\s]*\)|<https?://[^>\s]+>")


@dataclass(frozen=True, slots=True)
class _Piece:
    """A stretch of outline text to check, where it is, and the facts that back it."""

    scalar: Scalar
    start: int
    end: int
    ids: tuple[str, ...]
    what: str  # "sentence", "table cell", "heading" …: for the message
    dated: bool = False  # the facts' own dates count too (a timeline shows them under its caption)


def unsupported_numbers(project: Project, *, skip: Iterable[Claim] = ()) -> list[Diagnostic]:
    """Return a warning at each number (in digits) or date of the outline's text that none of the
    facts cited beside it states, in their claims or quotes.

    Checked: each sentence of `body` and `bullets` (analysis sections too: analysis must not invent
    numbers either) and of slide bullets, each cell of a table (against the facts its row cites),
    glossary terms and definitions and the actors' names and `about`s (against the facts the entry
    cites). A sentence that cites nothing is held to the facts its paragraph cites; `skip` are the
    sentences the uncited-sentence warning already reports, which are not reported twice.
    """
    facts = project.library.facts
    skipped = {(c.scalar.span, c.start) for c in skip}
    out: list[Diagnostic] = []
    cache: dict[tuple[tuple[str, ...], bool], Backing] = {}  # what a set of facts states, once per set
    per_fact: dict[str, Backing] = {}
    for piece in _pieces(project):
        if (piece.scalar.span, piece.start) in skipped:
            continue
        text = _MASK.sub(lambda m: " " * len(m.group()), piece.scalar.value[piece.start:piece.end])
        if not _NUMBER.search(text) and not _MONTH.search(text):
            continue
        known = tuple(i for i in piece.ids if i in facts)
        key = (known, piece.dated)
        if key not in cache:
            cache[key] = _support(known, project.library, per_fact, dated=piece.dated)
        for item in unbacked(text, cache[key]):
            out.append(_unbacked_warning(piece, item, known, facts))
    return out


def _pieces(project: Project) -> list[_Piece]:
    """Return the stretches of the outline's text to check, in outline order: each section's,
    then the glossary's and the actors'."""
    outline = project.outline
    pieces: list[_Piece] = []
    for rec in outline.sections:
        pieces += _section_pieces(rec, project.library.facts)
    for term, definition in outline.teaching.glossary:
        ids = _ids(definition.value)
        pieces += [_Piece(term, 0, len(term.value), ids, "glossary term"),
                   *_sentences(definition, 0, len(definition.value), ids, "glossary definition")]
    for actor in outline.teaching.actors:
        ids = _ids(actor.about.value)
        pieces += [_Piece(actor.name, 0, len(actor.name.value), ids, "actor's name"),
                   *_sentences(actor.about, 0, len(actor.about.value), ids, "actor's description")]
    return pieces


def _section_pieces(rec: SectionRec, facts: Mapping[str, FactRec]) -> list[_Piece]:
    """Return the stretches of one section to check: its body, bullets and slide bullets, its
    heading, and its figures' captions, alt texts and chart titles."""
    pieces: list[_Piece] = []
    texts = [s for s in (rec.body, *rec.bullets, *(rec.slide.bullets if rec.slide is not None else ())) if s]
    for scalar in texts:
        pieces += _body_pieces(scalar)
    # The heading names the section and captions its timeline: it is held to every fact the
    # section cites or shows. Its scalar has no raw text, so a warning points at the heading.
    shown = [s.value.strip().lstrip("@") for s in rec.timeline]
    wanted = {t.value for t in rec.timeline_tags}
    if wanted:
        shown += [f.id for f in facts.values() if f.date and wanted & set(f.tags)]
    ids = tuple(dict.fromkeys([i for s in texts for i in _ids(s.value)] + shown))
    heading = Scalar(rec.heading, "str", False, rec.span, "")
    pieces.append(_Piece(heading, 0, len(rec.heading), ids, "heading", dated=True))
    for scalar, backers, what in author_texts(rec.figures):  # captions, alt texts, chart titles
        pieces += _sentences(scalar, 0, len(scalar.value), backers, what)
    return pieces


def _support(known: tuple[str, ...], library: Library, per_fact: dict[str, Backing], *, dated: bool) -> Backing:
    """Return what the facts `known` state (and, when `dated`, their own dates too); `per_fact`
    keeps each fact's backing for the next set that has it."""
    facts = library.facts
    for i in known:
        if i not in per_fact:
            per_fact[i] = backing((facts[i],), library.sources)
    support = Backing(tuple(n for i in known for n in per_fact[i].numbers),
                      tuple(r for i in known for r in per_fact[i].readings))
    if dated:
        support = Backing(support.numbers, support.readings + tuple(
            DateVal(d.year, d.month, d.day) for i in known for d in (facts[i].date,) if d is not None))
    return support


def _unbacked_warning(piece: _Piece, item: Number | DateRef, ids: tuple[str, ...], facts: dict[str, FactRec]
                      ) -> Diagnostic:
    kind = "date" if isinstance(item, DateRef) else "number"
    written = item.text
    offset = piece.start + item.start
    text = piece.scalar.value
    occurrence = 0
    at = text.find(written)
    while 0 <= at < offset:
        occurrence += 1
        at = text.find(written, at + 1)
    span = locate(piece.scalar, written, occurrence)
    if ids:
        message = f"the {kind} `{written}` in this {piece.what} is in none of the facts it cites"
        notes = [f"`{i}`: {facts[i].claim}" for i in ids]
        help_text = f"write the {kind} as the cited facts give it, or cite the fact that states it"
    else:
        message = f"the {kind} `{written}` in this {piece.what} is backed by no cited fact"
        notes = []
        help_text = f"cite the fact that states it (`[@fact-id]`), or leave the {kind} out"
    return warning(message, span, help=help_text, notes=notes)


def _body_pieces(scalar: Scalar) -> list[_Piece]:
    """Return the sentences of a Markdown text (paragraphs, list items, `###` headings) and the
    cells of its tables, each with the facts that back it."""
    text = scalar.value
    out: list[_Piece] = []
    for ua, ub in _units(text):
        out += _sentences(scalar, ua, ub, _ids(text[ua:ub]), "sentence")
    pos = 0
    lines = text.split("\n")
    table: list[tuple[int, str]] = []
    for line in [*lines, ""]:
        start = pos
        pos += len(line) + 1
        stripped = line.strip()
        if stripped.startswith("|"):
            table.append((start, line))
            continue
        if table:
            out += _table_pieces(scalar, table)
            table = []
        if stripped.startswith("#"):
            out.append(_Piece(scalar, start, start + len(line), _ids(text), "heading"))
    return out


def _table_pieces(scalar: Scalar, rows: list[tuple[int, str]]) -> list[_Piece]:
    """Return each cell of a pipe table, backed by the facts its row cites (the header row by those
    the whole table cites)."""
    whole = _ids(" ".join(line for _, line in rows))
    out: list[_Piece] = []
    for k, (start, line) in enumerate(rows):
        if re.fullmatch(r"[\s|:-]+", line):
            continue
        ids = whole if k == 0 else _ids(line)
        for cell in re.finditer(r"[^|]+", line):
            if cell.group().strip():
                out.append(_Piece(scalar, start + cell.start(), start + cell.end(), ids, "table cell"))
    return out


def _sentences(scalar: Scalar, ua: int, ub: int, unit_ids: tuple[str, ...], what: str) -> list[_Piece]:
    unit = scalar.value[ua:ub]
    out = []
    for a, b in _sentence_bounds(unit):
        own = _ids(unit[a:b])
        out.append(_Piece(scalar, ua + a, ua + b, own or unit_ids, what))
    return out


@lru_cache(maxsize=1 << 14)
def _sentence_bounds(unit: str) -> tuple[tuple[int, int], ...]:
    """Return the sentences of `unit` (see |split_sentences|): the uncited-sentence and the number
    checks both split every paragraph of the outline."""
    return tuple(split_sentences(unit))
