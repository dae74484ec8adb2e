"""How a note and a Sources entry read, in the outline's citation style: one formatting for every renderer.

References are formatted by citeproc-py from the Citation Style Language files in
`templates/csl/`; briefgen only puts the quotes, the attribution and the corroboration count
around them. citeproc-py formats one stand-in per shape of source, ahead of time, into
`templates/csl/templates.json` (see |_reference|), so `briefgen check` and builds stay fast.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType, SimpleNamespace
from typing import Any

from ..model import Inline, Note, Source, Text
from ..record import record

CSL_DIR = Path(__file__).resolve().parent.parent.parent / "templates" / "csl"


@record
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
_NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}

# Private-use marks that citeproc-py's output carries back to us: italic on/off, and the style's
# closing quotation mark (so that we, not a regex over user text, decide where punctuation goes).
_ITALIC_ON, _ITALIC_OFF, _CLOSE_QUOTE = "\ue000", "\ue001", "\ue002"
_LINK_ON, _LINK_OFF = "\ue003", "\ue004"  # the span that links to the Sources entry
_MARKS = str.maketrans(dict.fromkeys(map(ord, _ITALIC_ON + _ITALIC_OFF + _CLOSE_QUOTE + _LINK_ON + _LINK_OFF)))


def _inner_quotes(quote: str) -> str:
    return _OPENING_STRAIGHT.sub("\\1\u2018", quote).replace('"', "\u2019").translate(_INNER)


def style_named(name: str) -> CitationStyle:
    """Return the citation style `name`. Raises |ValueError| when there is none."""
    try:
        return STYLES[name]
    except KeyError:
        raise ValueError(f"unknown citation style `{name}`; choose from {', '.join(STYLES)}") from None


# ---------------------------------------------------------------- public


def format_note(note: Note, sources: dict[str, Source], *, style: str = DEFAULT_STYLE) -> tuple[Inline, ...]:
    """Return the note's text: each quote in quotation marks followed by its source's reference in
    `style`, then the attribution, then (only when there are several sources) how many of them are
    independent.

    Consecutive quotes from one source share one reference. Nothing that the source registry does
    not state is printed: no publisher, author or URL is invented, and an undated source says
    "undated". Raises |ValueError| for an unknown style and |KeyError| for an unknown source.
    """
    spec = style_named(style)
    out: list[Inline] = []
    groups: list[tuple[str, list[str]]] = []
    for ev in note.evidence:
        if groups and groups[-1][0] == ev.source_id:
            groups[-1][1].append(ev.quote)
        else:
            groups.append((ev.source_id, [ev.quote]))
    for i, (source_id, quotes) in enumerate(groups):
        ref = _reference(_key(sources[source_id]), spec.name, spec.note_layout, link=True)
        marks = "\u201d; \u201c".join(_inner_quotes(" ".join(q.split())) for q in quotes)
        out.append(Text(("" if i == 0 else " ") + "\u201c" + marks + "\u201d \u2014 "))
        out.extend(_end_sentence(ref))
    if note.attributed_to:
        who = " ".join(note.attributed_to.split())
        out.append(Text(f" Attributed to {who}" + ("" if who.endswith((".", "?", "!")) else ".")))
    distinct = len({e.source_id for e in note.evidence})
    sentence = corroboration(distinct, note.source_count)
    if sentence:
        out.append(Text(" " + sentence))
    return _merge(out)


def format_source(source: Source, *, style: str = DEFAULT_STYLE) -> tuple[Inline, ...]:
    """Return the Sources-list entry for `source` in `style` (its reference-list form).

    Raises |ValueError| for an unknown style.
    """
    spec = style_named(style)
    return _merge(_reference(_key(source), spec.name, "bibliography"))


def corroboration(sources: int, independent: int) -> str:
    """Return the sentence saying how many independent sources report a claim, or "" for one source.

    `sources` counts the distinct sources quoted, `independent` their distinct original reports.
    """
    if sources <= 1:
        return ""
    n, k = _words(sources), _words(independent)
    if independent <= 1:
        both = "Both" if sources == 2 else f"All {n}"
        return f"{both} sources carry the same original report."
    if independent == sources:
        return f"Reported by {n} independent sources."
    return f"Reported by {n} sources, {k} of them independent."


def _words(n: int) -> str:
    return _NUMBER_WORDS.get(n, str(n))


# ---------------------------------------------------------------- citeproc-py


@record
class _Key:
    """What a reference depends on: a Source without its formatted entry (so equal sources share)."""

    id: str
    title: str
    published: tuple[int, ...]
    publisher: str | None
    author: str | None
    url: str | None


def _key(source: Source) -> _Key:
    p = source.published
    date = () if p is None else tuple(x for x in (p.year, p.month, p.day) if x)
    return _Key(source.id, source.title, date, source.publisher, source.author, source.url)


def _clean(text: str) -> str:
    return " ".join(text.translate(_MARKS).split())


def _csl_item(key: _Key, *, style: str, layout: str, clean: bool = True) -> dict[str, Any]:
    """Return the CSL-JSON item for a source; the one place that works around citeproc-py's gaps.

    - Every source is a news article (`article-newspaper`); its outlet is the container title.
    - Names are literal, so that "Ana Ruiz" is never turned into "A. Ruiz" or split wrongly.
    - The language is left undetermined so that titles keep the casing of the registry (the
      article's own headline); citeproc-py's title casing miscapitalises hyphens and acronyms.
    - citeproc-py does not suppress a variable once it has stood in for a missing author (CSL
      `substitute`), so it prints the title (APA) or the outlet (Chicago bibliography) twice;
      there, the stand-in is handed over as the author instead.
    """
    tidy = _clean if clean else (lambda text: text)
    item: dict[str, Any] = {"id": "source", "type": "article-newspaper", "title": tidy(key.title),
                            "language": "und"}
    if key.author:
        item["author"] = [{"literal": tidy(key.author)}]
    if key.publisher:
        item["container-title"] = tidy(key.publisher)
    if key.published:
        item["issued"] = {"date-parts": [list(key.published)]}
    if key.url:
        item["URL"] = key.url.strip()
    if not key.author:
        if style == "apa":
            item["author"] = [{"literal": item.pop("title")}]
        elif style == "chicago" and layout == "bibliography" and key.publisher:
            item["author"] = [{"literal": _italic(item.pop("container-title"))}]
    return item


@lru_cache(maxsize=8)
def _style_bytes(file: str) -> bytes:
    return (CSL_DIR / file).read_bytes()


@lru_cache(maxsize=1024)
def _reference(key: _Key, style: str, layout: str, link: bool = False) -> tuple[Inline, ...]:
    """Return the reference for one source in `style`, from the CSL `layout` ("citation" or "bibliography").

    citeproc-py takes milliseconds per reference, which a library of a thousand sources cannot
    afford. The output depends on a source's values only by substitution, so citeproc-py formats
    one stand-in per *shape* (which fields are known, and the date's precision) and each source's
    own title, names, outlet, date and URL are put into that template.
    """
    date = key.published
    shape = _Key("source", _SLOT_TITLE if key.title else "", _SENTINEL_DATE[:len(date)],
                 _SLOT_PUBLISHER if key.publisher else None, _SLOT_AUTHOR if key.author else None,
                 _SLOT_URL if key.url else None)
    text = _template(shape, style, layout)
    # In a note, the source's title links to its entry in the Sources list (`#source-<id>`).
    title = _LINK_ON + _clean(key.title) + _LINK_OFF if link else _clean(key.title)
    values = {_SLOT_TITLE: title, _SLOT_PUBLISHER: _clean(key.publisher or ""),
              _SLOT_AUTHOR: _clean(key.author or ""), _SLOT_URL: (key.url or "").strip()}
    for slot, value in values.items():
        text = text.replace(slot, value)
    if date:
        text = text.replace(str(_SENTINEL_DATE[0]), str(date[0]))
        if len(date) > 1:
            text = text.replace(_MONTH_NAMES[_SENTINEL_DATE[1] - 1], _MONTH_NAMES[date[1] - 1])
            text = text.replace(_MONTH_NAMES[_SENTINEL_DATE[1] - 1][:3], _MONTH_NAMES[date[1] - 1][:3])
        if len(date) > 2:
            text = re.sub(rf"(?<!\d){_SENTINEL_DATE[2]}(?!\d)", str(date[2]), text)
    return _inlines(_fix(text), url=key.url.strip() if key.url else None, anchor=f"#source-{key.id}")


# Stand-ins that citeproc-py passes through untouched: private-use characters for text, and a
# date whose year, month name and day cannot be mistaken for anything else in a reference.
_SLOT_TITLE, _SLOT_PUBLISHER, _SLOT_AUTHOR, _SLOT_URL = "\ue010", "\ue011", "\ue012", "\ue013"
_SENTINEL_DATE = (1987, 10, 23)
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")


TEMPLATES_FILE = CSL_DIR / "templates.json"


def template_key(shape: _Key, style: str, layout: str) -> str:
    """Return the key of a shape's template in `templates.json`: style, layout and known fields."""
    known = "".join(flag for flag, present in (("A", shape.author), ("P", shape.publisher), ("U", shape.url)) if present)
    return f"{style}/{layout}/{known or '-'}/{len(shape.published)}"


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


@lru_cache(maxsize=64)
def _template(shape: _Key, style: str, layout: str) -> str:
    """Return the raw reference text for a stand-in source of this shape (before |_fix|).

    The templates of every shape are shipped in `templates/csl/templates.json`, made by
    citeproc-py from the CSL files (`python templates/csl/make_templates.py`; a test checks they
    still match), so a build needs neither citeproc-py nor lxml. citeproc-py is the fallback for a
    shape or style the file lacks.
    """
    shipped = _shipped_templates().get(template_key(shape, style, layout))
    if shipped is not None:
        return shipped
    return render_template(shape, style, layout)


def render_template(shape: _Key, style: str, layout: str) -> str:
    """Return citeproc-py's raw text for a stand-in source of this shape (before |_fix|)."""
    import io

    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
    from citeproc.source.json import CiteProcJSON

    spec = STYLES[style]
    csl = CitationStylesStyle(io.BytesIO(_style_bytes(spec.file)), locale="en-US", validate=False)
    _override_terms(csl)
    formatter = SimpleNamespace(
        preformat=lambda text: text, Italic=_italic, Oblique=_italic, Bold=str, Light=str,
        Underline=str, Superscript=str, Subscript=str, SmallCaps=str)
    item = _csl_item(shape, style=style, layout=layout, clean=False)
    bib = CitationStylesBibliography(csl, CiteProcJSON([item]), formatter)
    citation = Citation([CitationItem(item["id"])])
    bib.register(citation)
    if layout == "citation":
        return str(bib.cite(citation, lambda _item: None))
    return "".join(str(entry) for entry in bib.bibliography())


def _italic(text: str) -> str:
    return _ITALIC_ON + text + _ITALIC_OFF


def _override_terms(csl: Any) -> None:
    """Print "undated" for a missing date, and mark the style's closing quotation mark (see |_fix|)."""
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


_PUNCT_OUTSIDE = re.compile(_CLOSE_QUOTE + r"([.,])")
# (the end of a linked title may stand between the two marks)
_DOUBLED = re.compile(r"([?!])(\ue004?\u201d?)[.,]|(?<![.])\.(\ue004?\u201d?)\.(?![.])")


def _fix(text: str) -> str:
    """Return citeproc-py's text with commas and full stops inside the closing quotation mark
    (American usage, which citeproc-py does not apply) and no doubled end punctuation."""
    text = _PUNCT_OUTSIDE.sub(r"\1" + _CLOSE_QUOTE, text).replace(_CLOSE_QUOTE, "\u201d")
    return _DOUBLED.sub(lambda m: (m.group(1) + m.group(2)) if m.group(1) else "." + m.group(3), text).strip()


def _inlines(text: str, *, url: str | None, anchor: str | None = None) -> tuple[Inline, ...]:
    out: list[Inline] = []
    italic = False
    linked = False
    for part in re.split(f"([{_ITALIC_ON}{_ITALIC_OFF}{_LINK_ON}{_LINK_OFF}])", text):
        if part in (_ITALIC_ON, _ITALIC_OFF):
            italic = part == _ITALIC_ON
        elif part in (_LINK_ON, _LINK_OFF):
            linked = part == _LINK_ON
        elif part:
            pieces = part.split(url) if url else [part]
            for j, piece in enumerate(pieces):
                if j:
                    out.append(Text(url, italic=italic, href=url))  # type: ignore[arg-type]
                if piece:
                    out.append(Text(piece, italic=italic, href=anchor if linked else None))
    return tuple(out)


def _end_sentence(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Return `inlines` ending in a full stop (APA ends an entry with a bare URL)."""
    last = inlines[-1] if inlines else None
    if isinstance(last, Text) and last.text.rstrip().endswith((".", "?", "!", ".\u201d", "?\u201d", "!\u201d")):
        return inlines
    return inlines + (Text("."),)


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
