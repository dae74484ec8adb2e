"""Helping an editor grow a fact library: candidate facts drawn from a source, and a table of the facts there are.

Suggestions are drafts for a person to check: every quote is an exact passage of the source (so
it verifies), a date is given only when the sentence spells it out, and nothing is inferred.
"""

from __future__ import annotations

import datetime as _dt
import re
import textwrap
import unicodedata
from typing import Any

from ..diagnostics import BriefgenError, did_you_mean, error
from ..load.claims import DateVal, dates
from ..load.project import FactRec, Library, SourceDoc
from ..text.ids import slugify, unique_id
from ..text.sentences import split_sentences, words

_SLUG_STOP = frozenset("""
a an the and or but of in on at to for from by with as is are was were be been has have had its it this that
these those their there which who whom what when where than then also into after before since until over
about against between during without would could should will may might must not no so such very more most
regard contrast apparently clear like however meanwhile according its our we you they he she
""".split())


# ---------------------------------------------------------------- suggestions


def candidates(source: SourceDoc, *, existing: Library) -> list[dict[str, Any]]:
    """Return candidate facts for `source` as plain mappings in fact-library order of keys.

    A candidate is a sentence with a number or date, or a name after its first word, that no
    existing fact already quotes (half or more of it covered by existing quotes of this source).
    """
    text = source.text
    covered = _covered(source, existing)
    taken = set(existing.facts)
    out: list[dict[str, Any]] = []
    blocks = source.extracted is not None and source.extracted.kind == "html"
    for start, end in _sentences(text, blocks=blocks):
        sentence = text[start:end]
        if not _worth_suggesting(sentence):
            continue
        if sum(covered[start:end]) * 2 >= end - start:
            continue
        quote = _trimmed(_as_quoted(source, start, end))
        ident = _slug(quote, taken)
        taken.add(ident)
        item: dict[str, Any] = {"id": ident, "claim": _claim(quote)}
        date = literal_date(quote)
        if date is not None:
            item["date"] = date
        tags = _tags(quote, existing)
        if tags:
            item["tags"] = tags
        evidence: dict[str, Any] = {"source": source.id, "quote": quote}
        page = _page_of(source, quote)
        if page is not None:
            evidence["page"] = page
        item["evidence"] = [evidence]
        out.append(item)
    return out


def _as_quoted(source: SourceDoc, start: int, end: int) -> str:
    """Return the sentence at [start, end) of `source` as a quote would give it: a PDF's flagged
    line-end hyphenations between letters joined (`recom-` / `mendation` → `recommendation`, which
    the matcher accepts and reports), every other character as extracted."""
    from ..sources.extracted import HYPHENATION

    ext = source.extracted
    text = source.text
    if ext is None or ext.kind == "text":
        return text[start:end]
    parts: list[str] = []
    pos = start
    for f in ext.flags:
        if f.kind != HYPHENATION or f.start < start or f.end > end:
            continue
        before, after = text[f.start - 1:f.start], text[f.end:f.end + 1]
        if before.isalpha() and after.isalpha():
            parts.append(text[pos:f.start])
            pos = f.end
    parts.append(text[pos:end])
    return " ".join("".join(parts).split())  # the layout's line breaks are not the source's words


def _page_of(source: SourceDoc, quote: str) -> int | None:
    """Return the page (of a PDF source) where `quote` starts, or None for any other source."""
    ext = source.extracted
    if ext is None or ext.kind != "pdf":
        return None
    from ..load.project import find_quote

    found = find_quote(quote, source)
    return ext.page_of(found.start) if found is not None else None


def source_named(library: Library, source_id: str) -> SourceDoc:
    """Return the source `source_id` of `library`.

    Raises |BriefgenError| when there is none, naming the closest id or the known ones.
    """
    doc = library.sources.get(source_id)
    if doc is None:
        raise BriefgenError([error(f"unknown source `{source_id}`", help=did_you_mean(source_id, library.sources)
                                   or f"known sources: {', '.join(sorted(library.sources)) or 'none'}")])
    return doc


def suggest_facts(source: SourceDoc, *, existing: Library) -> str:
    """Return YAML candidate facts for `source`, indented to paste under a library's `facts:`.

    Each claim is the sentence itself: edit it to say no more than the quote supports.
    """
    import yaml

    items = candidates(source, existing=existing)
    head = [f"  # {len(items)} candidate fact{'s' if len(items) != 1 else ''} from source `{source.id}` "
            f"({source.title}).",
            "  # Check each one: make the claim say no more than its quote, add `attributed_to` where",
            "  # someone is speaking, and delete what the brief does not need."]
    if not items:
        return "\n".join(head[:1] + ["  # every sentence with a date, number or name is already quoted"]) + "\n"
    body = yaml.dump(items, Dumper=_dumper(), allow_unicode=True, sort_keys=False, width=10**6,
                     default_flow_style=False, indent=2)
    lines = ["  " + line if line else line for line in body.rstrip("\n").split("\n")]
    return "\n".join(head + _spaced(lines)) + "\n"


def _dumper() -> type:
    """Return PyYAML's safe dumper, indenting lists inside mappings as the example library does."""
    import yaml

    class Dumper(yaml.SafeDumper):
        def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
            super().increase_indent(flow, False)

    return Dumper


def _spaced(lines: list[str]) -> list[str]:
    """Return `lines` with a blank line before each new fact, as the example library is laid out."""
    out: list[str] = []
    for line in lines:
        if line.startswith("  - id:") and out:
            out.append("")
        out.append(line)
    return out


def _sentences(text: str, *, blocks: bool = False) -> list[tuple[int, int]]:
    """Return the sentences of `text` paragraph by paragraph, as offsets into `text`.

    With `blocks` (a web page's extracted text, one block per line) every line is a paragraph,
    so a heading or a byline never runs into the sentence after it.
    """
    out: list[tuple[int, int]] = []
    pos = 0
    for para in re.split(r"(\n\s*)" if blocks else r"(\n\s*\n)", text):
        if para.strip() and not re.fullmatch(r"\n\s*" if blocks else r"\n\s*\n", para):
            out.extend((pos + a, pos + b) for a, b in split_sentences(para))
        pos += len(para)
    return out


def _worth_suggesting(sentence: str) -> bool:
    """Return whether `sentence` is a whole sentence that carries a date, a number or a name."""
    if not re.search(r"[.!?…][\"'”’»)]*$|[\"'”’»][.,]?$", sentence.strip()):
        return False  # a headline, dateline or caption: no closing punctuation
    ws = words(sentence)
    if len(ws) < 5:
        return False
    if re.search(r"\d", sentence) or dates(sentence):
        return True
    return any(w[0].isupper() and w not in ("I",) for w in ws[1:])


def _covered(source: SourceDoc, library: Library) -> list[bool]:
    """Return, for each character of `source`, whether an existing fact's quote covers it."""
    covered = [False] * len(source.text)
    for fact in library.facts.values():
        for ev in fact.evidence:
            if ev.source == source.id and ev.match is not None:
                for i in range(ev.match.start, min(ev.match.end, len(covered))):
                    covered[i] = True
    return covered


def _trimmed(sentence: str) -> str:
    """Return `sentence` without unbalanced quotation marks at its ends; still a passage of the source."""
    s = sentence.strip()
    for opening, closing in (("“", "”"), ("‘", "’"), ("«", "»")):
        if s.startswith(opening) and s.count(opening) > s.count(closing):
            s = s[len(opening):]
        if s.endswith(closing) and s.count(closing) > s.count(opening):
            s = s[:-len(closing)]
    if s.count('"') % 2:
        s = s[1:] if s.startswith('"') else s[:-1] if s.endswith('"') else s
    return s.strip()


def _claim(quote: str) -> str:
    return quote[0].upper() + quote[1:] if quote else quote


def literal_date(sentence: str) -> _dt.date | str | None:
    """Return the date `sentence` spells out: a day (`21 April 2024`, `April 21, 2024`,
    `2024-04-21`, `le 21 avril 2024`) as a date, or else a month (`September 2023`) as `YYYY-MM`;
    None otherwise. The dates are read as a quote's are (|claims.dates|).

    Only a date written in full counts: `April 10` alone has no year and is never completed, and
    a range (`22 to 25 April 2024`) gives none of its days.
    """
    refs = dates(sentence)
    spans = [(d.start, d.end) for d in refs]
    month: str | None = None
    for d in refs:
        if spans.count((d.start, d.end)) > 1 or len(d.readings) != 1 or not isinstance(d.readings[0], DateVal):
            continue
        v = d.readings[0]
        if v.year is None or v.month is None:
            continue
        if v.day is None:
            month = month or f"{v.year:04d}-{v.month:02d}"
            continue
        try:
            return _dt.date(v.year, v.month, v.day)
        except ValueError:
            continue
    return month


def _slug(sentence: str, taken: set[str]) -> str:
    """Return a short id from the sentence's key words that is not in `taken`."""
    keys = []
    for w in words(sentence):
        w = re.sub(r"['’]s$", "", w)
        folded = unicodedata.normalize("NFKD", w).encode("ascii", "ignore").decode().lower()
        folded = slugify(folded)
        if folded and folded not in _SLUG_STOP and (len(folded) > 2 or folded.isdigit()):
            keys.append(folded)
    return unique_id("-".join(list(dict.fromkeys(keys))[:4]) or "fact", taken)


def _tags(sentence: str, library: Library) -> list[str]:
    """Return the library's tags whose words all appear in `sentence`."""
    present = {w.lower() for w in words(sentence)} | {re.sub(r"['’]s$", "", w.lower()) for w in words(sentence)}
    tags: dict[str, None] = {}
    for fact in library.facts.values():
        for tag in fact.tags:
            if all(part in present for part in tag.split("-")):
                tags.setdefault(tag, None)
    return list(tags)


# ---------------------------------------------------------------- the fact table


def select(library: Library, *, tag: str | None = None, source: str | None = None) -> list[FactRec]:
    """Return the facts of `library` with `tag` and quoting `source` (either filter may be None).

    Raises |BriefgenError| when no fact has the tag or no source has the id, naming the closest.
    """
    tags = {t for f in library.facts.values() for t in f.tags}
    if tag is not None and tag not in tags:
        raise BriefgenError([error(f"no fact has the tag `{tag}`",
                                   help=did_you_mean(tag, tags) or f"tags in use: {', '.join(sorted(tags)) or 'none'}")])
    if source is not None and source not in library.sources:
        raise BriefgenError([error(f"unknown source `{source}`", help=did_you_mean(source, library.sources)
                                   or f"known sources: {', '.join(sorted(library.sources)) or 'none'}")])
    return [f for f in library.facts.values()
            if (tag is None or tag in f.tags) and (source is None or any(e.source == source for e in f.evidence))]


def evidence_status(fact: FactRec) -> str:
    """Return `verbatim` when every quote is found exactly, `normalised` when one needed quote
    marks, dashes or spaces folded, and `unverified` when a quote was not found; a quote from a PDF
    that needed what the extraction put there says so: `hyphenation`, `ligature`, or both
    (`hyphenation+ligature`), as the evidence report does."""
    if not fact.evidence or any(e.match is None for e in fact.evidence):
        return "unverified"
    via = sorted({k for e in fact.evidence if e.match for k in e.match.via})
    if via:
        return "+".join(via)
    return "verbatim" if all(e.match.verbatim for e in fact.evidence if e.match) else "normalised"


def list_facts(library: Library, *, tag: str | None = None, source: str | None = None, width: int = 100) -> str:
    """Return a readable table of the facts of `library` (filtered by `tag` and `source`):
    id, date, evidence status and sources on one line, the claim wrapped below it.

    Raises |BriefgenError| for an unknown tag or source (see |select|).
    """
    facts = select(library, tag=tag, source=source)
    if not facts:
        return "no facts\n"
    id_w = min(max(len(f.id) for f in facts), 40)
    st_w = max(10, *(len(evidence_status(f)) for f in facts))
    header = f"{'ID':<{id_w}}  {'DATE':<10}  {'EVIDENCE':<{st_w}}  SOURCES"
    lines = [header, "-" * min(width, max(len(header), 60))]
    counts: dict[str, int] = {}
    for f in facts:
        status = evidence_status(f)
        counts[status] = counts.get(status, 0) + 1
        srcs: dict[str, int] = {}
        for e in f.evidence:
            srcs[e.source] = srcs.get(e.source, 0) + 1
        sources = ", ".join(s + (f" ×{n}" if n > 1 else "") for s, n in srcs.items()) or "-"
        date = f.date.iso() if f.date else "-"
        lines.append(f"{f.id:<{id_w}}  {date:<10}  {status:<{st_w}}  {sources}")
        claim = f.claim + (f" (according to {f.attributed_to})" if f.attributed_to else "")
        lines.extend(textwrap.wrap(claim, width=width, initial_indent="    ", subsequent_indent="    "))
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    filters = " ".join(x for x in (f"tag `{tag}`" if tag else "", f"source `{source}`" if source else "") if x)
    lines += ["", f"{len(facts)} fact{'s' if len(facts) != 1 else ''}" + (f" with {filters}" if filters else "")
              + f" ({summary})"]
    return "\n".join(lines) + "\n"
