"""Reading and checking the lock file of a fact library: each quote's anchor in its source, to explain
what changed when a source does (writing it is an authoring step: |briefgen.authoring.lock|).

`<facts stem>.lock.json` sits beside the fact library and is committed. It records each source's
SHA-256 (of the file as received: for a PDF or a web page, not of the extracted text) and, for
every quote, the offsets, the verbatim span, its locator (page or heading), what the match owed to
the extraction (`via`) and some context before and after.
When a source's text changes, |check_lock| re-finds each quote: one still found passes (a changed
context is a warning); one not found is an error showing the nearest passage, its similarity and a
word diff against the locked span; changed numbers are always called out.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..diagnostics import BriefgenError, Diagnostic, Span, error, warning
from . import quotes
from .project import EvidenceRec, FactRec, Library, SourceDoc, find_quote
from .yamlpos import read_text_file

if TYPE_CHECKING:
    from ..sources.match import SourceMatch

LOCK_VERSION = 1
CONTEXT = 60  # characters of source text kept before and after each quote
REFRESH_HELP = "review the change, then refresh the lock with `briefgen lock`"
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


def lock_path(facts_path: Path) -> Path:
    """Return where the lock of the fact library `facts_path` lives: `facts.yaml` → `facts.lock.json`."""
    return facts_path.with_name(facts_path.stem + ".lock.json")


def match_kind(m: "SourceMatch") -> str:
    """Return how a quote matched: `verbatim`, `normalised` (quote marks, dashes, spacing), or what
    the extraction of a PDF put there and the match needed: `hyphenation`, `ligature`, or both
    (`hyphenation+ligature`)."""
    if m.via:
        return "+".join(m.via)
    return "verbatim" if m.verbatim else "normalised"


def read_lock(path: Path) -> dict[str, Any] | None:
    """Return the lock at `path`, or None when there is none.

    Raises |BriefgenError| when it is not a briefgen lock file this version can read (or not a
    regular file, or too large: it is read like every other input).
    """
    if not os.path.lexists(path):
        return None
    help_text = "delete it and write it again with `briefgen lock`"
    try:
        data = json.loads(read_text_file(path, what="lock file"))
    except BriefgenError as exc:
        raise BriefgenError([replace(d, help=d.help or help_text) for d in exc.diagnostics]) from None
    except json.JSONDecodeError as exc:
        raise BriefgenError([error(f"cannot read the lock file `{path.name}`: {exc.msg}",
                                   Span(path, exc.lineno, exc.colno), help=help_text)]) from None
    if (not isinstance(data, dict) or data.get("briefgen_lock") != LOCK_VERSION
            or not isinstance(data.get("sources"), dict) or not isinstance(data.get("quotes"), list)):
        raise BriefgenError([error(f"`{path.name}` is not a briefgen lock file of version {LOCK_VERSION}",
                                   Span(path), help=help_text)])
    return data


def explain_lost(lock: dict[str, Any], *, fact_id: str, doc: SourceDoc, quote: str, span: Span) -> Diagnostic | None:
    """Return the lock's error for a quote that is no longer found because its source changed.

    None when `lock` has no entry for this quote of `fact_id` in `doc`, or when the source is
    unchanged since the lock (then the quote itself was edited, and the ordinary error applies).
    """
    sources: dict[str, Any] = lock.get("sources", {}) if isinstance(lock.get("sources"), dict) else {}
    quotes_: list[Any] = lock.get("quotes", []) if isinstance(lock.get("quotes"), list) else []
    for entry in quotes_:
        if _valid(entry, sources) and _key(entry) == (fact_id, doc.id, quote):
            if sources[doc.id]["sha256"] == doc.sha256:
                return None
            return _lost(entry, doc, fact_id, span)
    return None


def facts_of(library: Library, facts_path: Path) -> list[FactRec]:
    target = facts_path.resolve()
    return [f for f in library.facts.values() if f.span.file.resolve() == target]


def check_lock(library: Library, lock: dict[str, Any], *, facts_path: Path) -> list[Diagnostic]:
    """Return what changed in the sources of `facts_path` since `lock` was written.

    - a source whose hash is unchanged: its quotes pass without further work;
    - a changed source whose quotes are all still found: a warning (and one per quote whose
      surrounding text changed, with a word diff of the context);
    - a quote no longer found: an error at the quote with the locked passage, the nearest passage
      now, its similarity, a word diff, and a note when numbers changed (never accepted);
    - quotes added or removed since the lock: one warning that the lock is out of date.
    """
    out: list[Diagnostic] = []
    lock_file = lock_path(facts_path)
    facts = {f.id: f for f in facts_of(library, facts_path)}
    locked_sources: dict[str, Any] = lock.get("sources", {})
    entries = [e for e in lock.get("quotes", []) if _valid(e, locked_sources)]
    stale = len(lock.get("quotes", [])) - len(entries)
    locked_keys = {_key(e) for e in entries}
    current = {(f.id, ev.source, ev.quote) for f in facts.values() for ev in f.evidence}
    hashes = {sid: doc.sha256 for sid, doc in library.sources.items()}
    changed: dict[str, bool] = {}  # changed source id -> every quote from it is still found
    for entry in entries:
        key = _key(entry)
        fact, doc = facts.get(key[0]), library.sources.get(key[1])
        if fact is None or doc is None:
            stale += 1
            continue
        if hashes[doc.id] == locked_sources[doc.id]["sha256"]:
            if key not in current:  # same text, so the quote was edited in the fact library
                stale += 1
            continue
        ev = next((e for e in fact.evidence if (fact.id, e.source, e.quote) == key), None)
        if ev is None and not _lost_at_load(fact, key, locked_keys, doc):
            stale += 1  # the author edited or removed the quote
            continue
        changed.setdefault(doc.id, True)
        if ev is None or ev.match is None:
            out.append(_lost(entry, doc, fact.id, ev.span if ev is not None else fact.span))
            changed[doc.id] = False
            continue
        context = _context_change(entry, doc, ev)
        if context is not None:
            out.append(context)
    for sid, all_found in sorted(changed.items()):
        if all_found:
            doc = library.sources[sid]
            out.append(warning(f"source `{sid}` changed since the lock was written; every quote from it is still found",
                               doc.span, notes=[f"sha256 was {locked_sources[sid]['sha256'][:12]}…, "
                                                f"now {hashes[sid][:12]}…"], help=REFRESH_HELP))
    added = len({k for k in current if k not in locked_keys})
    if added or stale:
        parts = [f"{n} {what}" for n, what in ((added, "new"), (stale, "no longer in the library")) if n]
        out.append(warning(f"the lock file `{lock_file.name}` is out of date: quotes {', '.join(parts)}",
                           Span(lock_file), help="refresh it with `briefgen lock` and commit it"))
    return out


def _valid(entry: Any, sources: dict[str, Any]) -> bool:
    return (isinstance(entry, dict) and all(isinstance(entry.get(k), str) for k in ("fact", "source", "quote"))
            and isinstance(sources.get(entry["source"]), dict) and isinstance(sources[entry["source"]].get("sha256"), str))


def _key(entry: dict[str, Any]) -> tuple[str, str, str]:
    return entry["fact"], entry["source"], entry["quote"]


def _lost_at_load(fact: FactRec, key: tuple[str, str, str], locked: set[tuple[str, str, str]], doc: SourceDoc) -> bool:
    """True when a locked quote is missing from `fact` because the load could not find it.

    The loader may drop a quote it cannot verify (or keep it with no match). It was lost, not
    edited, when its text is not in the source and the fact quotes that source nowhere else that
    is new since the lock (an author who fixes a quote leaves a new quote behind).
    """
    if any((fact.id, e.source, e.quote) == key and e.match is None for e in fact.evidence):
        return True
    if find_quote(key[2], doc) is not None:
        return False
    return not any(e.source == key[1] and (fact.id, e.source, e.quote) not in locked for e in fact.evidence)


def _lost(entry: dict[str, Any], doc: SourceDoc, fact_id: str, span: Span) -> Diagnostic:
    locked = str(entry.get("verbatim", entry["quote"]))
    notes = [f"locked passage (line {entry.get('line', '?')} of `{doc.path.name}`): \"{_squash(locked)}\""]
    near = quotes.nearest(locked, doc.text, doc.normalized)
    if near is not None and near.similarity >= 0.5:
        where = find_quote(near.passage, doc)
        at = f"line {where.line}" if where is not None else "the source"
        notes.append(f"nearest passage now ({at}, {near.similarity:.0%} similar): \"{near.passage}\"")
        notes.append("diff: " + word_diff(quotes.normalize(locked).text, near.passage))
        old_digits, new_digits = _DIGITS.findall(locked), _DIGITS.findall(near.passage)
        if old_digits != new_digits:
            notes.append(f"the numbers changed ({', '.join(old_digits) or 'none'} → {', '.join(new_digits) or 'none'}): "
                         "a quote whose numbers differ from its source is never accepted")
        help_text = "if the source's new wording still supports the claim, copy it into the quote; otherwise revise the fact"
    else:
        notes.append("no similar passage remains in the source")
        help_text = "find the passage in the new text, or remove the quote (and the claim it supports)"
    return error(f"source `{doc.id}` changed and the quote of fact `{fact_id}` is no longer in it", span,
                 notes=notes, help=help_text)


def _context_change(entry: dict[str, Any], doc: SourceDoc, ev: EvidenceRec) -> Diagnostic | None:
    """Return a warning when the text around a quote that is still found has changed.

    Contexts are compared word by word; the partial word at the outer edge of each window, and
    differences that only touch that edge (text pushed in or out of the window), are ignored.
    """
    m = ev.match
    assert m is not None
    old_before, old_after = str(entry.get("before", "")), str(entry.get("after", ""))
    new_before, new_after = doc.text[max(0, m.start - CONTEXT):m.start], doc.text[m.end:m.end + CONTEXT]
    before = _edge_diff(_words(old_before, cut_start=True), _words(new_before, cut_start=True), before=True,
                        cut=max(len(old_before), len(new_before)) >= CONTEXT)
    after = _edge_diff(_words(old_after, cut_start=False), _words(new_after, cut_start=False), before=False,
                       cut=max(len(old_after), len(new_after)) >= CONTEXT)
    if before is None and after is None:
        return None
    shown = " ".join(p for p in (before or "…", "‹quote›", after or "…"))
    return warning(f"the text around the quote of fact `{entry['fact']}` changed in source `{doc.id}`", ev.span,
                   notes=[f"the quote is still found, at line {m.line}", "diff: " + shown],
                   help="check that the claim still holds in its new context; " + REFRESH_HELP)


def _words(window: str, *, cut_start: bool) -> list[str]:
    """Return the words of a context window, without the word the window's outer edge may cut."""
    words = window.split()
    if len(window) < CONTEXT or not words:
        return words
    return words[1:] if cut_start else words[:-1]


def _edge_diff(old: list[str], new: list[str], *, before: bool, cut: bool) -> str | None:
    """Return the word diff of one side of a quote's context, or None when only its outer edge moved."""
    a, b = (old[::-1], new[::-1]) if before else (old, new)
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    while cut and ops and ops[-1][0] != "equal":
        ops.pop()  # the far edge of the window: text moved in or out, not a change near the quote
    if all(op[0] == "equal" for op in ops):
        return None
    end_a, end_b = ops[-1][2], ops[-1][4]
    a, b = a[:end_a], b[:end_b]
    if before:
        a, b = a[::-1], b[::-1]
    return word_diff(" ".join(a), " ".join(b))


def _squash(text: str) -> str:
    return " ".join(text.split())


def word_diff(old: str, new: str, *, keep: int = 4) -> str:
    """Return a word diff of `old` → `new`: `[-removed-]{+added+}`, long unchanged runs shortened to `…`."""
    a, b = old.split(), new.split()
    parts: list[str] = []
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for i, (op, i1, i2, j1, j2) in enumerate(ops):
        if op == "equal":
            words = a[i1:i2]
            first, last = i == 0, i == len(ops) - 1
            if len(words) > 2 * keep and not (first and last):
                head = [] if first else words[:keep]
                tail = [] if last else words[-keep:]
                words = head + ["…"] + tail
            parts.append(" ".join(words))
            continue
        change = ("[-" + " ".join(a[i1:i2]) + "-]" if i2 > i1 else "") + ("{+" + " ".join(b[j1:j2]) + "+}" if j2 > j1 else "")
        parts.append(change)
    return " ".join(p for p in parts if p)
