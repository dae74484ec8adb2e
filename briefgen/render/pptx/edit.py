"""Edit a paragraph or bullet down to what a slide shows, never cutting a quotation or a citation away.

Pure functions on the model's inline runs. A slide bullet is chosen, in order, as: the whole item
when it is short and states nothing uncited; else its bold lead-in (the author's "**Mission
creep.**"); else its first sentences that carry a citation; else the first clause of such a
sentence that ends with its citation. Sentences end where the checks end them (`text.sentences`:
only outside quotation marks), so a quotation is never opened on a slide without being closed. An
uncited sentence of a reporting section never becomes a bullet; what is left out goes to the
speaker notes (the caller keeps the full item).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ...model import Cite, Inline, Inlines, Ref, Text, cited_numbers
from ...text.dates import month_number
from ...text.sentences import OPEN_QUOTES, balanced, quote_depths, split_sentences

ELLIPSIS = "\u2026"
_WORD = re.compile(r"\S+")

# How a section's text is edited: "report" (sourced reporting: every shown sentence is cited),
# "analysis" (the author's own analysis, labelled so), "questions" (discussion questions: the
# question is what shows) and "teaching" (objectives and the "How we know" box, whose items
# carry the citation of the example they quote).
MODES = ("report", "analysis", "questions", "teaching", "definition")  # "definition": a glossary entry


@dataclass(frozen=True, slots=True)
class Wording:
    """The words of the brief's language that editing for a slide looks for, lower case: the
    function words a cut must not end on ("… and has also…"), and the words with which a
    sentence points back to the one before it ("Its future is unclear"), so that it is not shown
    alone. From the catalogue's `function_words` and `pointing_words` (see `plan.Settings`)."""

    function_words: frozenset[str] = frozenset()
    pointing_words: frozenset[str] = frozenset()

    def points_back(self, sentence: str) -> bool:
        """Return whether `sentence` opens with one of `pointing_words`."""
        first = re.search(r"\w+", sentence)  # past an opening quotation mark
        return first is not None and first.group(0).lower() in self.pointing_words


PLAIN = Wording()  # no words of any language: cuts only avoid splitting names and dates


def text_of(inlines: Inlines) -> str:
    return "".join(i.text for i in inlines if isinstance(i, Text))


def words(inlines: Inlines) -> int:
    """Return how many words the text of `inlines` has (citations are not words)."""
    return len(_WORD.findall(text_of(inlines)))


def _cite_positions(inlines: Inlines) -> list[tuple[int, Cite]]:
    out, pos = [], 0
    for item in inlines:
        if isinstance(item, Text):
            pos += len(item.text)
        else:
            out.append((pos, item))
    return out


def _slice(inlines: Inlines, start: int, end: int, cite_lo: int, cite_hi: int) -> Inlines:
    """Return the text of `inlines` in [start, end) and the citations at positions in (cite_lo, cite_hi]."""
    out: list[Inline] = []
    pos = 0
    for item in inlines:
        if isinstance(item, Text):
            a, b = max(start, pos), min(end, pos + len(item.text))
            if a < b:
                out.append(Text(item.text[a - pos:b - pos], item.bold, item.italic, item.href))
            pos += len(item.text)
        elif cite_lo < pos <= cite_hi:
            out.append(item)
    return _strip(tuple(out))


def _strip(inlines: Inlines) -> Inlines:
    items = list(inlines)
    while items and isinstance(items[0], Text) and not items[0].text.strip():
        items.pop(0)
    if items and isinstance(items[0], Text):
        first = items[0]
        items[0] = Text(first.text.lstrip(), first.bold, first.italic, first.href)
    while items and isinstance(items[-1], Text) and not items[-1].text.strip():
        items.pop()
    if items and isinstance(items[-1], Text):
        last = items[-1]
        items[-1] = Text(last.text.rstrip(), last.bold, last.italic, last.href)
    return tuple(items)


def sentences(inlines: Inlines) -> list[Inlines]:
    """Return `inlines` split into sentences; a citation belongs to the sentence it follows.

    A citation written after a full stop (`... it. [@a] Next`) still belongs to that sentence.
    """
    text = text_of(inlines)
    bounds = [0] + [start for start, _ in split_sentences(text)[1:]] + [len(text)]
    out = []
    for k in range(len(bounds) - 1):
        lo = -1 if k == 0 else bounds[k]
        hi = bounds[k + 1] if k + 2 < len(bounds) else len(text) + 1
        piece = _slice(inlines, bounds[k], bounds[k + 1], lo, hi)
        if piece:
            out.append(piece)
    return out


def is_question(inlines: Inlines) -> bool:
    return text_of(inlines).rstrip().rstrip("\"'\u201d\u2019)]").endswith("?")


def has_cite(inlines: Inlines) -> bool:
    return any(isinstance(i, Cite) and i.refs for i in inlines)


def cite_of(numbers: Sequence[int]) -> Inlines:
    return (Cite(tuple(Ref(n) for n in numbers)),) if numbers else ()


def lead_in(inlines: Inlines) -> Inlines:
    """Return the item's bold lead-in ("**Mission creep.**") without its full stop, or ()."""
    bold: list[Text] = []
    for item in inlines:
        if isinstance(item, Text) and item.bold:
            bold.append(item)
        elif isinstance(item, Text) and not item.text.strip() and bold:
            continue
        else:
            break
    text = "".join(b.text for b in bold).strip()
    rest = text_of(inlines)[len("".join(b.text for b in bold)):].strip()
    if not text or not rest or not re.search(r"[.:!?]$", text) or not balanced(text):
        return ()
    shown = text.rstrip(".").rstrip() if text[-1] == "." else text
    return (Text(shown, bold=True),)


def _lead_length(inlines: Inlines) -> int:
    n = 0
    for item in inlines:
        if isinstance(item, Text) and (item.bold or not item.text.strip()):
            n += 1
        else:
            break
    return n


def first_cited_clause(sentence: Inlines) -> Inlines:
    """Return the sentence up to the first `;` (outside quotations) before which it is cited, or ()."""
    text = text_of(sentence)
    depths = quote_depths(text)
    cites = [p for p, c in _cite_positions(sentence) if c.refs]
    for m in re.finditer(";", text):
        if depths[m.start()] == 0 and any(p <= m.start() for p in cites):
            piece = _slice(sentence, 0, m.start(), -1, m.start())
            if piece and has_cite(piece) and balanced(text_of(piece)):
                return piece
    return ()


def trim_dangling(text: str, ends: list[int], wording: Wording = PLAIN) -> list[int]:
    """Return word `ends` without trailing ones that end on a function word of `wording` (the
    brief's language's), a name's first word or a date's day (keeping at least one)."""
    out = list(ends)
    while len(out) > 1:
        start = text.rfind(" ", 0, out[-1]) + 1
        word = text[start:out[-1]]
        following = text[out[-1]:].split()
        inside_name = ((word[:1].isupper() and word[-1:].isalpha()) or word.isdigit()) and bool(following) \
            and following[0][:1].isupper()  # "... with the United…" (States), "on 10…" (April)
        day = word.isdigit() and bool(following) and month_number(following[0].strip(",.;:")) is not None
        if re.sub(r"[^\w]", "", word).lower() in wording.function_words or inside_name or day:  # "le 10…" (avril)
            out.pop()
        else:
            break
    return out


def cut_words(inlines: Inlines, limit: int, *, wording: Wording = PLAIN) -> Inlines:
    """Return at most the first `limit` words of `inlines`, cut outside quotations (at a comma
    when one falls in the last third), an ellipsis and every citation of `inlines`: a fragment
    keeps the notes of what it comes from. Returns () when the text opens with a quotation
    longer than `limit` (it is not cut)."""
    text = text_of(inlines)
    depths = quote_depths(text)
    ends = [m.end() for m in _WORD.finditer(text)]
    keep = [e for e in ends[:max(1, limit)] if depths[e] == 0]
    keep = trim_dangling(text, keep, wording)
    if not keep:
        return ()
    commas = [e for e in keep[max(6, 2 * len(keep) // 3):] if text[e - 1] in ",;:\u2014"]
    end = (commas[-1] - 1) if commas else keep[-1]
    piece = _slice(inlines, 0, end, -1, end)
    if has_cite(piece):
        return _ellipsis_before_trailing_cites(piece)
    # The fragment is the start of the clause that the next citation supports.
    after = [c for p, c in _cite_positions(inlines) if p >= end and c.refs]
    return _ellipsis_before_trailing_cites(piece) + ((after[0],) if after else ())


def _ellipsis_before_trailing_cites(piece: Inlines) -> Inlines:
    """Return `piece` with an ellipsis after its text, before the citations that end it."""
    items = list(piece)
    tail: list[Inline] = []
    while items and isinstance(items[-1], Cite):
        tail.insert(0, items.pop())
    return _strip(tuple(items)) + (Text(ELLIPSIS),) + tuple(tail)


def up_to_first_cite(sentence: Inlines) -> Inlines:
    """Return the sentence up to its first citation (outside quotations), an ellipsis when the
    sentence goes on, and that citation; or () when the sentence has none."""
    text = text_of(sentence)
    depths = quote_depths(text)
    for pos, cite in _cite_positions(sentence):
        if cite.refs and depths[pos] == 0:
            piece = _slice(sentence, 0, pos, -1, pos)
            if text[pos:].strip(" .!?;,"):
                piece = _ellipsis_before_trailing_cites(piece)
            return piece
    return ()


def _cited_part(sentence: Inlines) -> Inlines:
    """Return the sentence up to its last citation when an uncited clause of three or more words
    follows it ("... the town [5], so no farmland was lost."): that clause states what no note
    supports."""
    text = text_of(sentence)
    depths = quote_depths(text)
    cites = [p for p, c in _cite_positions(sentence) if c.refs and depths[p] == 0]
    if not cites:
        return sentence
    last = cites[-1]
    if len(_WORD.findall(text[last:].strip(" .!?"))) < 3:
        return sentence
    return _ellipsis_before_trailing_cites(_slice(sentence, 0, last, -1, last))


def shorten(sentence: Inlines, max_words: int, hard_max: int, *, wording: Wording = PLAIN) -> Inlines:
    """Return a sentence longer than `max_words` as its first cited clause, or its text up to its
    first citation; a sentence quoting someone whole when it has at most `hard_max` words (a
    quotation is not cut); else its first words with its citations."""
    clause = first_cited_clause(sentence)
    if clause and 4 <= words(clause) <= max_words:
        return clause
    head = up_to_first_cite(sentence)
    if head and 5 <= words(head) <= max_words:
        return head
    text = text_of(sentence)
    if words(sentence) <= hard_max and any(q in text for q in OPEN_QUOTES + '"'):
        return sentence
    return cut_words(sentence, max_words, wording=wording)


def _join(parts: Sequence[Inlines]) -> Inlines:
    out: list[Inline] = []
    for k, part in enumerate(parts):
        if k:
            out.append(Text(" "))
        out.extend(part)
    return tuple(out)


def shows_ok(sentence: Inlines, mode: str) -> bool:
    """Return whether `sentence` may stand on a slide: cited, or a question, or not reporting."""
    return mode != "report" or has_cite(sentence) or is_question(sentence)


def edit(inlines: Inlines, *, max_words: int, mode: str = "report", hard_max: int | None = None,
         wording: Wording = PLAIN) -> tuple[Inlines, bool]:
    """Return what a slide shows of `inlines` (possibly nothing) and whether anything was left out.

    The result has at most `max_words` words, or up to `hard_max` (default: twice that) for a
    sentence with a quotation that cannot be shortened at a clause or citation. Text cut at a
    word limit never ends on a function word of `wording`, the brief's language's words.
    """
    hard = 2 * max_words if hard_max is None else hard_max
    inlines = _strip(inlines)
    if not text_of(inlines).strip():
        return (), bool(inlines)
    sents = sentences(inlines) or [inlines]
    if _shows_whole(inlines, sents, max_words=max_words, mode=mode):
        return inlines, False
    if mode == "report" and not has_cite(inlines):
        return (), True  # nothing in it is cited: not even its lead-in goes on a slide
    lead = lead_in(inlines)
    if lead:
        return _with_lead_in(inlines, lead, max_words=max_words, mode=mode, wording=wording), True
    shown = _by_mode(inlines, sents, max_words=max_words, mode=mode, wording=wording)
    if shown is not None:
        return shown, True
    return _cited_sentences(inlines, sents, max_words=max_words, hard=hard, mode=mode, wording=wording)


def _shows_whole(inlines: Inlines, sents: list[Inlines], *, max_words: int, mode: str) -> bool:
    """Return whether the slide shows `inlines` as they are: short enough, and every sentence
    one the mode shows (a cited paragraph's bold lead-in sentences aside)."""
    lead_text = text_of(lead_in(inlines))
    body = [s for s in sents if not (lead_text and has_cite(inlines) and all(isinstance(i, Text) and i.bold for i in s))]
    return words(inlines) <= max_words and all(shows_ok(s, mode) for s in body)


def _with_lead_in(inlines: Inlines, lead: Inlines, *, max_words: int, mode: str, wording: Wording) -> Inlines:
    """Return what a slide shows of a paragraph with a bold lead-in: a label ("**Mali:**")
    heading the edited rest, else the lead-in alone with every note the paragraph cites."""
    if text_of(lead).endswith(":"):
        rest = _strip(tuple(inlines[_lead_length(inlines):]))
        shown, _ = edit(rest, max_words=max(5, max_words - words(lead)), mode=mode, wording=wording)
        if shown:
            return lead + (Text(" "),) + shown
        lead = (Text(text_of(lead).rstrip(":"), bold=True),)
    return lead + cite_of(sorted(cited_numbers(inlines)))


def _by_mode(inlines: Inlines, sents: list[Inlines], *, max_words: int, mode: str, wording: Wording
             ) -> Inlines | None:
    """Return what a slide shows of a discussion question, a glossary entry or a teaching point,
    cut to `max_words`; None for other modes, and for questions without a question mark."""
    if mode == "questions":
        qs = [s for s in sents if is_question(s)]
        if qs and words(_join(qs)) <= max_words:
            return _join(qs)
        if qs:
            return qs[0] if words(qs[0]) <= max_words else cut_words(qs[0], max_words, wording=wording)
    if mode == "definition":
        # A glossary entry: its definition (the first sentence), with that sentence's own notes.
        first = sents[0]
        return first if words(first) <= max_words else cut_words(first, max_words, wording=wording)
    if mode == "teaching":
        first = tuple(i for i in sents[0] if isinstance(i, Text))
        if words(first) > max_words:
            return cut_words(inlines if len(sents) == 1 else sents[0] + cite_of(cited_numbers(inlines)), max_words,
                             wording=wording)
        return _strip(first) + cite_of(cited_numbers(inlines))
    return None


def _cited_sentences(inlines: Inlines, sents: list[Inlines], *, max_words: int, hard: int,
                     mode: str, wording: Wording) -> tuple[Inlines, bool]:
    """Return the run of cited sentences a slide shows, from the first, within `max_words`
    (shortened up to `hard` when one alone is longer), and whether anything was left out.

    In a report a sentence that points back ("Its future is unclear") is not shown without the
    one before, and only the cited part of the sentences is; a report's paragraph with no
    sentence left shows nothing, another mode's shows its first sentences.
    """
    cited = [k for k, s in enumerate(sents) if has_cite(s)]
    if mode == "report":
        cited = [k for k in cited if k == 0 or has_cite(sents[k - 1]) or words(sents[k]) >= 10
                 or not wording.points_back(text_of(sents[k]))]
    if not cited:
        if mode == "report":
            return (), True
        cited = list(range(len(sents)))
    start = cited[0]
    chosen = [sents[start]]
    for k in range(start + 1, len(sents)):
        if k not in cited or words(_join(chosen + [sents[k]])) > max_words:
            break
        chosen.append(sents[k])
    shown = _join(chosen)
    if mode == "report":
        shown = _cited_part(shown)
    if words(shown) > max_words:
        return shorten(shown, max_words, hard, wording=wording), True
    return shown, len(chosen) < len(sents) or shown != inlines


__all__ = ["MODES", "balanced", "edit", "lead_in", "quote_depths", "sentences", "words"]
