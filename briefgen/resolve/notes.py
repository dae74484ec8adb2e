"""How a note and a Sources entry read, in the outline's citation style: one formatting for every renderer.

References are formatted by citeproc-py from the Citation Style Language files in
`templates/csl/`; briefgen only puts the quotes, the attribution and the corroboration count
around them. citeproc-py formats one stand-in per shape of source, ahead of time, into
`templates/csl/templates.json` (see |_reference|), so `briefgen check` and builds stay fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache, partial
from types import MappingProxyType, SimpleNamespace
from typing import Any, Callable, Mapping

from ..i18n import base_language
from ..model import Inline, Note, Source, Text
from ..resources import templates_dir
from ..text.dates import MONTHS, format_date

# The English words of notes, for a caller without a brief's catalogue (tests, hand-built notes);
# a brief's come from templates/locales/ (see briefgen/i18n.py).
ENGLISH = MappingProxyType({
    "undated": "undated", "according_to": "According to {who}:", "also_reported_by": "Also reported by",
    "also_reported": "Also reported:", "same_report_both": "Both carry the same original report.",
    "same_report_all": "All {count} carry the same original report.",
    "independent_reports": "The {count} go back to {independent} independent original reports.",
    "page": "p. {pages}", "pages": "pp. {pages}", "section_locator": "{section} section",
    "translation": "author\u2019s translation",
    **{f"number_{n}": w for n, w in ((2, "two"), (3, "three"), (4, "four"), (5, "five"), (6, "six"), (7, "seven"),
                                      (8, "eight"), (9, "nine"))},
})

CSL_DIR = templates_dir() / "csl"


@dataclass(frozen=True, slots=True)
class CitationStyle:
    """A citation style: its CSL file, and which CSL layout a note prints after its quotes.

    A note style (Chicago) has a note form (the CSL `citation` layout); an author-date style
    (APA) has none that names the title, so its notes print the reference-list entry.
    """

    name: str
    file: str
    note_layout: str  # "citation" or "bibliography"
    label: str


STYLES = MappingProxyType({
    "chicago": CitationStyle("chicago", "chicago-notes-bibliography-16th-edition.csl", "citation",
                             "Chicago Manual of Style, notes and bibliography"),
    "apa": CitationStyle("apa", "apa.csl", "bibliography", "APA Style, 7th edition"),
})
DEFAULT_STYLE = "chicago"

# a quotation inside the quoted evidence takes single marks, as in print
_INNER = str.maketrans({"\u201c": "\u2018", "\u201d": "\u2019"})
_OPENING_STRAIGHT = re.compile(r'(^|[\s(\[])"')
_GUILLEMET_OPEN = re.compile("\u00ab[ \u00a0\u202f]*")   # « and the space after it
_GUILLEMET_CLOSE = re.compile("[ \u00a0\u202f]*\u00bb")  # the space before » and it

# Private-use marks that citeproc-py's output carries back to us: italic on/off, and the style's
# closing quotation mark (so that we, not a regex over user text, decide where punctuation goes).
# They are read in templates only, never in a source's values (see |_fill|).
_ITALIC_ON, _ITALIC_OFF, _CLOSE_QUOTE = "\ue000", "\ue001", "\ue002"


def _inner_quotes(quote: str, french: bool = False) -> str:
    """Return a quote with the quotation marks inside it as print sets them within outer marks:
    single curly ones inside English “ ”; curly double ones inside French « », the quote's own
    guillemets included (« « Ce champ », a-t-il dit » would read as two quotations opening)."""
    if french:
        quote = _GUILLEMET_CLOSE.sub("\u201d", _GUILLEMET_OPEN.sub("\u201c", quote))
        return _OPENING_STRAIGHT.sub("\\1\u201c", quote).replace('"', "\u201d")
    return _OPENING_STRAIGHT.sub("\\1\u2018", quote).replace('"', "\u2019").translate(_INNER)


def style_named(name: str) -> CitationStyle:
    """Return the citation style `name`. Raises |ValueError| when there is none."""
    try:
        return STYLES[name]
    except KeyError:
        raise ValueError(f"unknown citation style `{name}`; choose from {', '.join(STYLES)}") from None


# ---------------------------------------------------------------- public


def short_titles_of(sources: Mapping[str, Source]) -> Mapping[str, str]:
    """Return each title's short form among `sources` (full where two would clash): see |format_note|."""
    return _short_titles(tuple(sorted((_one_line(s.title), _key(s).published) for s in sources.values())))


def format_note(note: Note, sources: dict[str, Source], *, style: str = DEFAULT_STYLE,
                shorts: Mapping[str, str] | None = None, language: str = "en",
                labels: Mapping[str, str] | None = None) -> tuple[Inline, ...]:
    """Return the note's text: the quote, then the short form of its source; the full entry is
    the Sources list's (|format_source|), so a note never repeats an outlet or a URL.

    The short form follows the style's practice for a note after the first full reference:
    Chicago's short note (author, short title, date: `“West Africa,” April 12, 2024.`) or APA's
    parenthetical citation (`(“West Africa,” 2024).`). A short title is the title's own words,
    cut (see |short_title|), and links to the source's Sources entry; when two sources of the
    brief would share a short form, they print their full titles instead.

    An attribution opens the note as a person would write it ("According to Niger's state
    broadcaster RTN: …"). The note quotes its first source (all of that source's quotes, in one
    pair of marks each); each further source follows as "Also reported by …" with its own quotes
    in brackets (none when they repeat the first source's words), and when sources share an
    original report the note says so. Nothing that the source registry does not state is printed, and an undated source
    says "undated". `shorts` is `short_titles_of(sources)`, computed when not given.

    The words are `labels` (the brief's catalogue, English when not given) and dates are in
    `language` (|format_date|), so a note reads as the brief's text does. A quote with the
    author's translation (`Evidence.translation`) is followed by it in brackets, marked as theirs.
    Raises |ValueError| for an unknown style and |KeyError| for an unknown source.
    """
    spec = style_named(style)
    words = {**ENGLISH, **(labels or {})}
    groups, places = _quotes_by_source(note, sources)
    if shorts is None:  # (a brief's notes share one `short_titles_of(sources)`: computing it per note is quadratic)
        shorts = short_titles_of(sources)
    out = _attribution(note.attributed_to, words, language)
    if not groups:  # a fact without evidence is an error reported elsewhere; its note says no more
        return _merge(out)
    marks, apa = quote_marks(language), spec.name == "apa"
    translated = {(ev.source_id, " ".join(ev.quote.split())): ev.translation for ev in note.evidence if ev.translation}
    quoting = partial(_quoting, translated=translated, words=words, language=language)
    form = partial(_short_form, style=spec.name, language=language, words=words, marks=marks)
    (first, quotes), *others = groups.items()
    key = _key(sources[first])
    out.extend(_first_source(form, key, shorts.get(key.title, key.title), quoting(first, quotes),
                             locator_text(places.get(first, []), words), apa=apa))
    first_quotes = [" ".join(q.split()) for q in quotes]
    for source_id, more in others:
        # every quote stays in the note: the reader checks the corroboration too; a quote the
        # first source already gave is not repeated
        other = _key(sources[source_id])
        new = [q for q in more if " ".join(q.split()) not in first_quotes]
        out.extend(_further_source(form, other, shorts.get(other.title, other.title), quoting(source_id, new),
                                   places.get(source_id, []), words, apa=apa, new=bool(new)))
    distinct = len({e.source_id for e in note.evidence})
    sentence = corroboration(distinct, note.source_count, words)
    if sentence:
        out.append(Text(" " + sentence))
    return _merge(out)


def _quotes_by_source(note: Note, sources: Mapping[str, Source]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Return each source's quotes and where in it they are ("p. 12", a section), sources in the
    order quoted; a locator that only repeats the source's title is left out."""
    groups: dict[str, list[str]] = {}
    places: dict[str, list[str]] = {}
    for ev in note.evidence:
        groups.setdefault(ev.source_id, []).append(ev.quote)
        title = sources[ev.source_id].title if ev.source_id in sources else ""
        if ev.locator and " ".join(ev.locator.split()).casefold() != " ".join(title.split()).casefold():
            # (a web page's first heading is often its title: as a locator it says nothing new)
            places.setdefault(ev.source_id, []).append(ev.locator)
    return groups, places


def _attribution(attributed_to: str | None, words: Mapping[str, str], language: str) -> list[Inline]:
    """Return the words that open a note of an attributed fact ("According to …: "), or none."""
    if not attributed_to:
        return []
    from ..text.typography import apply

    # the attribution is the author's words (the fact library's), so it takes the brief's typography
    who = apply(" ".join(attributed_to.split()).rstrip(".:"), "fr" if _french(language) else "en")
    return [Text(_fill_label(words["according_to"], who=who) + " ")]


def _quoting(source_id: str, quotes: list[str], *, translated: Mapping[tuple[str, str], str | None],
             words: Mapping[str, str], language: str) -> str:
    """Return the quotes of one source as a note prints them, joined by semicolons: each |quoted|,
    then the author's translation if any."""
    op, cl = quote_marks(language)
    return ("\u202f; " if _french(language) else "; ").join(
        quoted(q, language) + _translation(translated.get((source_id, " ".join(q.split()))), words, op, cl)
        for q in quotes)


def _first_source(form: Callable[..., tuple[Inline, ...]], key: _Key, title: str, quoted: str,
                  locator: str | None, *, apa: bool) -> list[Inline]:
    """Return the note's first source: its quotes, then its short form (`form`), in parentheses
    in APA (`“…” (“West Africa,” 2024).`) and after a dash as a sentence in Chicago."""
    if apa:
        return [Text(quoted + " ("), *form(key, title, narrative=False, locator=locator), Text(").")]
    return [Text(quoted + " \u2014 "), *_end_sentence(form(key, title, narrative=False, locator=locator))]


def _further_source(form: Callable[..., tuple[Inline, ...]], key: _Key, title: str, quoted: str,
                    locators: list[str], words: Mapping[str, str], *, apa: bool, new: bool) -> list[Inline]:
    """Return a further source of the note, whose `new` quotes say what the first's do not: in APA
    "Also reported: “…” (…)."; else "Also reported by … (“…”)." (no quotes and no locator when
    it has no `new` quotes)."""
    if apa and new:  # APA: the quote, then its parenthetical citation
        return [Text(f" {words['also_reported']} " + quoted + " ("),
                *form(key, title, narrative=False, locator=locator_text(locators, words)), Text(").")]
    return [Text(f" {words['also_reported_by']} "),
            *form(key, title, narrative=True, locator=locator_text(locators, words) if new else None),
            Text(" (" + quoted + ")." if new else ".")]


_PAGES = re.compile(r"^pp?\. (\d+)(?:\u2013(\d+))?$")


def locator_text(locators: list[str] | tuple[str, ...], labels: Mapping[str, str] | None = None) -> str | None:
    """Return where a source's quotes are, as a note prints it after the date; None for none.

    Pages (from a PDF) merge into one locator in the order first quoted: `p. 12`, `pp. 12–13`,
    `pp. 3, 7–8`. A section title (from a web page) prints as APA and Chicago cite an unpaginated
    work, by its heading: `Funding section`; several are joined with semicolons.
    """
    words = {**ENGLISH, **(labels or {})}
    seen = list(dict.fromkeys(locators))
    if not seen:
        return None
    pages = [_PAGES.match(loc) for loc in seen]
    if all(pages):
        ranges = list(dict.fromkeys(m.group(1) + ("\u2013" + m.group(2) if m.group(2) else "")
                                    for m in pages if m))
        single = len(ranges) == 1 and "\u2013" not in ranges[0]
        return _fill_label(words["page" if single else "pages"], pages=", ".join(ranges))
    return "; ".join(loc if _PAGES.match(loc) else _fill_label(words["section_locator"],
                                                                 section=" ".join(loc.split()).rstrip(".:"))
                     for loc in seen)


def format_source(source: Source, *, style: str = DEFAULT_STYLE, language: str = "en",
                  labels: Mapping[str, str] | None = None) -> tuple[Inline, ...]:
    """Return the Sources-list entry for `source` in `style` (its reference-list form), with its
    date in `language` and the style's terms from the CSL locale of `language`.

    Raises |ValueError| for an unknown style.
    """
    spec = style_named(style)
    undated = {**ENGLISH, **(labels or {})}["undated"]
    return _merge(_reference(_key(source), spec.name, "bibliography", language=language, undated=undated))


def corroboration(sources: int, independent: int, labels: Mapping[str, str] | None = None) -> str:
    """Return the sentence saying that a claim's sources share original reports, or "" when each
    source is its own report (the "Also reported by" sentences say the rest) or there is one.

    `sources` counts the distinct sources quoted, `independent` their distinct original reports.
    """
    words = {**ENGLISH, **(labels or {})}
    if sources <= 1 or independent >= sources:
        return ""

    def number(n: int) -> str:
        return words.get(f"number_{n}", str(n))

    if independent <= 1:
        if sources == 2:
            return words["same_report_both"]
        return _fill_label(words["same_report_all"], count=number(sources))
    return _fill_label(words["independent_reports"], count=number(sources), independent=number(independent))


def _fill_label(template: str, **values: str) -> str:
    from ..i18n import fill

    return fill(template, **values)


def quote_marks(language: str) -> tuple[str, str]:
    """Return the quotation marks a note puts around a quote: « » with no-break spaces in French."""
    return ("\u00ab\u00a0", "\u00a0\u00bb") if _french(language) else ("\u201c", "\u201d")


def quoted(quote: str, language: str) -> str:
    """Return `quote` as briefgen prints evidence: in the language's marks (|quote_marks|), with
    the marks inside it as print sets them (|_inner_quotes|) and its spacing on one line."""
    op, cl = quote_marks(language)
    return op + _inner_quotes(" ".join(quote.split()), _french(language)) + cl


def _french(language: str) -> bool:
    return base_language(language) == "fr"


def _translation(text: str | None, words: Mapping[str, str], op: str, cl: str) -> str:
    """Return ` [author's translation: “…”]` for a quote the author translated, or "": the
    translation is the author's text, so it takes the brief's typography."""
    if not text:
        return ""
    from ..text.typography import apply

    french = op.startswith("\u00ab")
    return f" [{words['translation']}{chr(0xa0) if french else ''}: {op}" + \
        apply(" ".join(text.split()), "fr" if french else "en") + f"{cl}]"


# ---------------------------------------------------------------- short forms

# Words a short title does not end on ("Ferry link to" reads as cut off).
_WEAK_ENDINGS = frozenset("a an the and or but of to for in on at by with from as into than".split())
_SHORT_WORDS = 4  # Chicago 14.30: a short title has no more than four words


def short_title(title: str) -> str:
    """Return a title's short form, in its own words: the main title (before a colon), cut to
    its first four words and not ending on a small word such as "to" or "of".

    Nothing is reworded or recased: the short title is always the start of the title (runs of
    spaces folded), so a reader finds the full title at the head of the Sources entry.
    """
    clean = _one_line(title)
    main = clean.split(": ", 1)[0] if ": " in clean else clean
    if not main.strip(" "):
        main = clean
    words = main.split(" ")
    if len(words) <= _SHORT_WORDS:
        return main
    cut = words[:_SHORT_WORDS]
    while len(cut) > 1 and cut[-1].lower().strip(",;:") in _WEAK_ENDINGS:
        cut.pop()
    return " ".join(cut).rstrip(",;:\u2014\u2013-")


@lru_cache(maxsize=256)
def _short_titles(dated: tuple[tuple[str, tuple[int, ...]], ...]) -> dict[str, str]:
    """Return each title's short title, or the title itself when the brief has another source
    whose different title would give the same short title and date (a reader could not tell
    their notes apart)."""
    seen: dict[tuple[str, tuple[int, ...]], set[str]] = {}
    for title, date in dated:
        seen.setdefault((short_title(title), date), set()).add(title)
    clash = {t for group in seen.values() if len(group) > 1 for t in group}
    return {t: (t if t in clash else short_title(t)) for t, _ in dated}


def _short_date(date: tuple[int, ...], style: str, language: str = "en", undated: str = "undated") -> str:
    """Return a date as the style's short form prints it: Chicago to its precision in the brief's
    one date style ("12 April 2024", "May 2024", "1er mai 2024"), APA the year; `undated` when
    there is none."""
    if not date:
        return undated
    if style == "apa" or len(date) == 1:
        return f"{date[0]:04d}"
    return format_date(*date, language=language)


def _short_form(key: "_Key", title: str, *, style: str, narrative: bool, locator: str | None = None,
                language: str = "en", words: Mapping[str, str] = ENGLISH,
                marks: tuple[str, str] = ("\u201c", "\u201d")) -> tuple[Inline, ...]:
    """Return a source's short form: Chicago `Author, “Short title,” date`; APA parenthetical
    `Author, date` or `“Short title,” date`, narrative `Author (date)` or `“Short title” (date)`.

    The author and the title print as the registry has them; the title links to the source's
    Sources entry. A `locator` (|locator_text|) follows the date in both styles, as each puts a
    page after the date: `“Short title,” March 2025, p. 12` and `(“Short title,” 2025, p. 12)`.
    """
    date = _short_date(key.published, style, language, words["undated"]) + (f", {locator}" if locator else "")
    link = f"#source-{key.id}"
    asks = title.endswith(("?", "!"))
    op, cl = marks
    # American usage puts the comma inside the closing mark; French outside (« Titre », date)
    after = cl + " " if asks else (cl + ", " if op.startswith("\u00ab") else "," + cl + " ")
    if style == "apa":
        if key.author:
            lead: list[Inline] = [Text(key.author, href=link)]
            return tuple(lead + [Text(f" ({date})" if narrative else f", {date}")])
        if narrative:
            return (Text(op), Text(title, href=link), Text(f"{cl} ({date})"))
        return (Text(op), Text(title, href=link), Text(after + date))
    out: list[Inline] = []
    if key.author:
        out.append(Text(key.author + ", "))
    out += [Text(op), Text(title, href=link), Text(after + date)]
    return tuple(out)


# ---------------------------------------------------------------- citeproc-py


@dataclass(frozen=True, slots=True)
class _Key:
    """What a reference depends on: a Source without its formatted entry (so equal sources share).

    Text fields hold the registry's values with runs of spaces and line breaks made one space
    (a title folded over two YAML lines prints on one); `published` holds the date's parts to
    its precision (year; year and month; or year, month and day).
    """

    id: str
    title: str
    published: tuple[int, ...]
    publisher: str | None
    author: str | None
    url: str | None


def _key(source: Source) -> _Key:
    p = source.published
    date: tuple[int, ...] = ()
    if p is not None:
        date = (p.year,) + ((p.month,) + ((p.day,) if p.day else ()) if p.month else ())
    return _Key(source.id, _one_line(source.title), date, _one_line(source.publisher or "") or None,
                _one_line(source.author or "") or None, (source.url or "").strip() or None)


# Only breaks and ASCII spacing are folded: a no-break or thin space is the author's choice.
_SPACING = re.compile(r"[ \t\n\r\f\v\x85\u2028\u2029]+")


def _one_line(text: str) -> str:
    return _SPACING.sub(" ", text).strip(" ")


# ---------------------------------------------------------------- templates
#
# A template is citeproc-py's output for a stand-in source whose every field is a placeholder:
# one private-use character per text field and per date part. Templates are made from stand-ins
# only (no source's own text ever reaches citeproc-py) and are read only as templates: a source's
# values are put in by one pass over the template's parts (|_fill|), so nothing in a title, a
# name, an outlet or a URL is ever searched, replaced or parsed, whatever characters it holds.

_SLOT_TITLE, _SLOT_PUBLISHER, _SLOT_AUTHOR, _SLOT_URL = "\ue010", "\ue011", "\ue012", "\ue013"
_SLOT_YEAR, _SLOT_MONTH, _SLOT_DAY = "\ue014", "\ue015", "\ue016"
_SLOTS = _SLOT_TITLE + _SLOT_PUBLISHER + _SLOT_AUTHOR + _SLOT_URL + _SLOT_YEAR + _SLOT_MONTH + _SLOT_DAY + "\ue017"
_TEMPLATE_PARTS = re.compile(f"([{_ITALIC_ON}{_ITALIC_OFF}{_SLOTS}])")
_SLOT_SET, _MARK_SET = frozenset(_SLOTS), frozenset(_ITALIC_ON + _ITALIC_OFF)

# citeproc-py needs a real date to format, so a stand-in carries one and each part the reference
# prints is then swapped for its placeholder. Two dates unlike in every part must give the same
# template; otherwise the style prints a date part in a way a placeholder cannot stand for
# (leading zeros, ordinals, short month names), and making the templates fails.
_SENTINEL_DATE = (1987, 10, 23)
_SECOND_SENTINEL_DATE = (1994, 3, 7)


# The CSL locale of each language briefgen has templates for; another language's references take
# the English templates, with its own date and words.
CSL_LOCALES = MappingProxyType({"en": "en-US", "fr": "fr-FR"})
_SLOT_DATE = "\ue017"  # a whole date, in the brief's one date style
_DATE_RUN = re.compile(f"[{_SLOT_YEAR}{_SLOT_MONTH}{_SLOT_DAY}](?:[ ,]+[{_SLOT_YEAR}{_SLOT_MONTH}{_SLOT_DAY}])*")


def csl_locale(language: str) -> str:
    """Return the CSL locale whose templates a brief in `language` uses (`en-US` when none)."""
    return CSL_LOCALES.get(base_language(language), "en-US")


@lru_cache(maxsize=1024)
def _reference(key: _Key, style: str, layout: str, link: bool = False, *, language: str = "en",
               undated: str = "undated") -> tuple[Inline, ...]:
    """Return the reference for one source in `style`, from the CSL `layout` ("citation" or "bibliography").

    citeproc-py takes milliseconds per reference, which a library of a thousand sources cannot
    afford. The output depends on a source's values only by substitution, so citeproc-py formats
    one stand-in per *shape* (which fields are known, and the date's precision) and each source's
    own title, names, outlet, date and URL fill that template's placeholders. In a note
    (`link`), the title links to the source's entry in the Sources list (`#source-<id>`).
    """
    shape = _Key("source", _SLOT_TITLE, _SENTINEL_DATE[:len(key.published)],
                 _SLOT_PUBLISHER if key.publisher else None, _SLOT_AUTHOR if key.author else None,
                 _SLOT_URL if key.url else None)
    values = {_SLOT_TITLE: key.title, _SLOT_PUBLISHER: key.publisher, _SLOT_AUTHOR: key.author, _SLOT_URL: key.url}
    values.update(zip((_SLOT_YEAR, _SLOT_MONTH, _SLOT_DAY), _date_parts(key.published, language)))
    hrefs = {_SLOT_URL: key.url, _SLOT_TITLE: f"#source-{key.id}" if link else None}
    locale = csl_locale(language)
    template = _template(shape, style, layout, locale).replace("undated", undated)
    if style != "apa" and key.published:
        # Chicago prints the whole date: in the brief's one date style, as the text and notes do
        # (APA's "(2024, April 12)" keeps its own order, with the month in the brief's language)
        values[_SLOT_DATE] = format_date(*key.published, language=language)
        template = _DATE_RUN.sub(_SLOT_DATE, template, count=1)
    return _fill(_parts(template, locale), values, hrefs)


def _date_parts(date: tuple[int, ...], language: str = "en") -> tuple[str, ...]:
    """Return a date's parts as printed: the year in (at least) four digits as registered, so
    that 0005 never prints as "5"; the month by name in `language`; the day as a number."""
    out = [f"{date[0]:04d}"] if date else []
    if len(date) > 1:
        out.append(_month_names(language)[date[1] - 1])
    if len(date) > 2:
        out.append(str(date[2]))
    return tuple(out)


@lru_cache(maxsize=16)
def _month_names(language: str) -> tuple[str, ...]:
    """Return the twelve month names in `language` as a date prints them (CLDR, through Babel)."""
    if csl_locale(language) == "en-US" and base_language(language) in ("en", ""):
        return MONTHS
    from babel.dates import get_month_names

    from ..text.dates import cldr_locale

    names = get_month_names("wide", context="format", locale=cldr_locale(language))
    return tuple(names[m] for m in range(1, 13))


TEMPLATES_FILE = CSL_DIR / "templates.json"


def template_key(shape: _Key, style: str, layout: str, locale: str = "en-US") -> str:
    """Return the key of a shape's template in `templates.json`: style, layout and known fields,
    after the CSL locale when it is not `en-US` (`fr-FR/chicago/citation/AP/3`)."""
    known = "".join(flag for flag, present in (("A", shape.author), ("P", shape.publisher), ("U", shape.url)) if present)
    return ("" if locale == "en-US" else f"{locale}/") + f"{style}/{layout}/{known or '-'}/{len(shape.published)}"


def all_shapes() -> list[_Key]:
    """Return every shape a source can have: author, outlet and URL known or not; date to 0–3 parts."""
    return [_Key("source", _SLOT_TITLE, _SENTINEL_DATE[:n], p, a, u)
            for a in (None, _SLOT_AUTHOR) for p in (None, _SLOT_PUBLISHER) for u in (None, _SLOT_URL)
            for n in range(4)]


@lru_cache(maxsize=1)
def _shipped_templates() -> dict[str, str]:
    import json

    try:
        return dict(json.loads(TEMPLATES_FILE.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


@lru_cache(maxsize=256)
def _template(shape: _Key, style: str, layout: str, locale: str = "en-US") -> str:
    """Return the template of this shape (see |render_template|).

    The templates of every shape are shipped in `templates/csl/templates.json`, made by
    citeproc-py from the CSL files (`python templates/csl/make_templates.py`; a test checks they
    still match), so a build needs neither citeproc-py nor lxml: citeproc-py is only needed to
    make that file. Raises |LookupError| (a bug in briefgen's package) when the file lacks one.
    """
    shipped = _shipped_templates().get(template_key(shape, style, layout, locale))
    if shipped is None:
        raise LookupError(f"{TEMPLATES_FILE} has no template `{template_key(shape, style, layout, locale)}`; "
                          "remake it with templates/csl/make_templates.py")
    return shipped


def render_template(shape: _Key, style: str, layout: str, locale: str = "en-US") -> str:
    """Return the template for a source of this shape: citeproc-py's text for a stand-in whose
    fields are placeholders, with each printed date part swapped for its placeholder.

    Raises |ValueError| when the style prints a date part in a form no placeholder stands for.
    """
    months = _month_names(locale.split("-")[0]) if locale != "en-US" else MONTHS
    first = _date_slots(_citeproc_text(shape, style, layout, locale), _SENTINEL_DATE, months)
    other = _Key(shape.id, shape.title, _SECOND_SENTINEL_DATE[:len(shape.published)], shape.publisher,
                 shape.author, shape.url)
    if first != _date_slots(_citeproc_text(other, style, layout, locale), _SECOND_SENTINEL_DATE, months):
        raise ValueError(f"{style} {layout}: the style prints a date in a form briefgen's templates cannot hold")
    return first


def _date_slots(text: str, date: tuple[int, ...], months: tuple[str, ...] = MONTHS) -> str:
    """Return citeproc-py's text for a stand-in with the parts of its `date` made placeholders.

    Only stand-in text is searched here: the text of a template, never a source's own.
    """
    if date:
        text = re.sub(rf"(?<!\d){date[0]}(?!\d)", _SLOT_YEAR, text)
    if len(date) > 1:
        text = text.replace(months[date[1] - 1], _SLOT_MONTH)
    if len(date) > 2:
        text = re.sub(rf"(?<!\d){date[2]}(?!\d)", _SLOT_DAY, text)
    return text


def _citeproc_text(shape: _Key, style: str, layout: str, locale: str = "en-US") -> str:
    """Return citeproc-py's raw text for a stand-in source of this shape."""
    import io

    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
    from citeproc.source.json import CiteProcJSON

    spec = STYLES[style]
    csl = CitationStylesStyle(io.BytesIO(_style_bytes(spec.file)), locale=locale, validate=False)
    _override_terms(csl)
    formatter = SimpleNamespace(
        preformat=lambda text: text, Italic=_italic, Oblique=_italic, Bold=str, Light=str,
        Underline=str, Superscript=str, Subscript=str, SmallCaps=str)
    item = _csl_item(shape, style=style, layout=layout)
    bib = CitationStylesBibliography(csl, CiteProcJSON([item]), formatter)
    citation = Citation([CitationItem(item["id"])])
    bib.register(citation)
    if layout == "citation":
        return str(bib.cite(citation, lambda _item: None))
    return "".join(str(entry) for entry in bib.bibliography())


def _csl_item(shape: _Key, *, style: str, layout: str) -> dict[str, Any]:
    """Return the CSL-JSON item for a stand-in; the one place that works around citeproc-py's gaps.

    - Every source is a news article (`article-newspaper`); its outlet is the container title.
    - Names are literal, so that "Ana Ruiz" is never turned into "A. Ruiz" or split wrongly.
    - The language is left undetermined so that titles keep the casing of the registry (the
      article's own headline); citeproc-py's title casing miscapitalises hyphens and acronyms.
    - citeproc-py does not suppress a variable once it has stood in for a missing author (CSL
      `substitute`), so it prints the title (APA) or the outlet (Chicago bibliography) twice;
      there, the stand-in is handed over as the author instead.
    """
    item: dict[str, Any] = {"id": "source", "type": "article-newspaper", "title": shape.title, "language": "und"}
    if shape.author:
        item["author"] = [{"literal": shape.author}]
    if shape.publisher:
        item["container-title"] = shape.publisher
    if shape.published:
        item["issued"] = {"date-parts": [list(shape.published)]}
    if shape.url:
        item["URL"] = shape.url
    if not shape.author:
        if style == "apa":
            item["author"] = [{"literal": item.pop("title")}]
        elif style == "chicago" and layout == "bibliography" and shape.publisher:
            item["author"] = [{"literal": _italic(item.pop("container-title"))}]
    return item


@lru_cache(maxsize=8)
def _style_bytes(file: str) -> bytes:
    return (CSL_DIR / file).read_bytes()


def _italic(text: str) -> str:
    return _ITALIC_ON + text + _ITALIC_OFF


def _override_terms(csl: Any) -> None:
    """Print "undated" for a missing date, and mark the style's closing quotation mark (see |_parts|)."""
    locale = csl.root.locales[0]  # the style's own English locale: searched first
    ns = locale.nsmap.get(None, "http://purl.org/net/xbiblio/csl")
    terms = locale.find(f"{{{ns}}}terms")
    if terms is None:
        terms = locale.makeelement(f"{{{ns}}}terms", {})
        locale.insert(0, terms)
    for name, form, value in (("no date", None, "undated"), ("no date", "short", "undated"),
                              ("close-quote", None, _CLOSE_QUOTE)):
        attrib = {"name": name, **({"form": form} if form else {})}
        term = terms.makeelement(f"{{{ns}}}term", attrib)
        term.text = value
        terms.insert(0, term)


# ---------------------------------------------------------------- filling a template

_PUNCT_OUTSIDE = re.compile(_CLOSE_QUOTE + r"([.,])")
_ENDS_ASKING = re.compile("[?!]\u201d?$")
_ENDS_STOP = re.compile("(?<![.])\\.\u201d?$")


@lru_cache(maxsize=256)
def _parts(template: str, locale: str = "en-US") -> tuple[str, ...]:
    """Return a template split into its literal text, italic marks and placeholders, with commas
    and full stops moved inside the style's closing quotation mark (American usage, which
    citeproc-py does not apply); in French they stay outside « guillemets »."""
    if locale.startswith("fr"):
        text = template.replace(_CLOSE_QUOTE, "\u00a0\u00bb")
    else:
        text = _PUNCT_OUTSIDE.sub(r"\1" + _CLOSE_QUOTE, template).replace(_CLOSE_QUOTE, "\u201d")
    return tuple(part for part in _TEMPLATE_PARTS.split(text) if part)


def _fill(parts: tuple[str, ...], values: dict[str, str | None],
          hrefs: dict[str, str | None]) -> tuple[Inline, ...]:
    """Return the runs of a reference: each placeholder of `parts` replaced by its value, as is.

    Only the template's own punctuation is adjusted: a comma or full stop that would follow a
    value's closing "?", "!" or "." (as in "Is the pier safe?,") is left out. The values are
    never changed, and nothing in them is read as a mark or placeholder. Neighbouring runs of
    the same formatting are joined. Raises |KeyError| for a placeholder without a value (a
    template that does not fit its shape: a bug).
    """
    runs: list[list[Any]] = []  # [text, italic, href]
    italic = False
    printed = ""  # the reference so far, for the punctuation rule
    last = max((i for i, part in enumerate(parts) if part not in _MARK_SET), default=-1)
    for i, part in enumerate(parts):
        href = None
        if part in _MARK_SET:
            italic = part == _ITALIC_ON
            continue
        if part in _SLOT_SET:
            value = values[part]
            if value is None:
                raise KeyError(f"template placeholder U+{ord(part):04X} has no value")
            text, href = value, hrefs.get(part)
        else:
            text = _tidy(part, printed, partial(_next_char, parts, i, values)) if "." in part or "," in part else part
            text = text.lstrip() if not runs else text
            text = text.rstrip() if i == last else text
        if not text:
            continue
        printed += text
        prev = runs[-1] if runs else None
        if prev is not None and href is None and prev[2] is None and prev[1] == italic:
            prev[0] += text
        else:
            runs.append([text, italic, href])
    return tuple(Text(text, italic=italic, href=href) for text, italic, href in runs)


def _next_char(parts: tuple[str, ...], i: int, values: dict[str, str | None]) -> str:
    """Return the first character printed after `parts[i]`, or ""."""
    for part in parts[i + 1:]:
        text = (values.get(part) or "") if part in _SLOT_SET else "" if part in _MARK_SET else part
        if text:
            return text[0]
    return ""


def _tidy(literal: str, printed: str, following: Callable[[], str]) -> str:
    """Return a template's literal text without the commas and full stops that would double the
    end punctuation printed before them ("safe?," and "Jr.." become "safe?" and "Jr.");
    `following` returns the first character printed after the literal."""
    kept = ""
    for j, char in enumerate(literal):
        if char in ".,":
            before = (printed[-3:] + kept)[-3:]  # the rules look at most at "x.”"
            if _ENDS_ASKING.search(before):
                continue
            if char == "." and _ENDS_STOP.search(before) and (
                    literal[j + 1] if j + 1 < len(literal) else following()) != ".":
                continue
        kept += char
    return kept


def _ends_sentence(inlines: "tuple[Inline, ...] | list[Inline]") -> bool:
    last = inlines[-1] if inlines else None
    return isinstance(last, Text) and last.text.rstrip().endswith((".", "?", "!", ".\u201d", "?\u201d", "!\u201d"))


def _end_sentence(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Return `inlines` ending in a full stop (APA ends an entry with a bare URL)."""
    return inlines if _ends_sentence(inlines) else inlines + (Text("."),)


def _merge(inlines: list[Inline] | tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Return `inlines` with neighbouring runs of the same formatting joined."""
    out: list[Inline] = []
    for item in inlines:
        prev = out[-1] if out else None
        if (isinstance(item, Text) and isinstance(prev, Text) and not item.href and not prev.href
                and (item.bold, item.italic) == (prev.bold, prev.italic)):
            out[-1] = Text(prev.text + item.text, prev.bold, prev.italic)
        else:
            out.append(item)
    return tuple(out)
