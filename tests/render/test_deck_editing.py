"""Editing text for slides, as properties over many generated paragraphs and sections: a quotation
is never broken, no fact shows without its citation, no words are added, and bullets stay short."""

from __future__ import annotations

import dataclasses
import re

import pytest
from builders import cite, line, sample_brief
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.model import (
    BulletList,
    Cite,
    Paragraph,
    Section,
    Subheading,
    Text,
    cited_numbers,
)
from briefgen.render.pptx.edit import (
    balanced,
    edit,
    has_cite,
    is_question,
    sentences,
    text_of,
    words,
)

WORDS = ["Niger", "junta", "ended", "cooperation", "with", "the", "U.S.", "in", "March", "2024", "Russia", "sent",
         "100", "trainers", "e.g.", "an", "air-defence", "system", "and", "Mali", "said", "it", "was", "ready",
         "Dr.", "Toumba", "troops", "Agadez", "protest", "3.5", "per", "cent", "Jan.", "base"]


@st.composite
def sentence(draw, *, number: int) -> list:
    """A sentence as inline runs: words, maybe a quotation (which may hold full stops), maybe a
    clause ending in a citation before a semicolon, maybe a citation at its end."""
    out: list = []
    body = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=14)))
    body = body[0].upper() + body[1:]
    if draw(st.booleans()):
        inner = ". ".join(" ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8)))
                          for _ in range(draw(st.integers(1, 3))))
        opener, closer = draw(st.sampled_from([("\u201c", "\u201d"), ('"', '"')]))
        body += f" said: {opener}{inner}.{closer}" if draw(st.booleans()) else f" called it {opener}{inner}{closer}"
    out.append(Text(body, bold=False))
    if draw(st.booleans()):  # a clause ending in its citation, then more
        out.append(Text(" "))
        out.append(cite(draw(st.integers(1, 3))))
        out.append(Text("; " + " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=10)))))
    if draw(st.booleans()):
        out.append(Text(" "))
        out.append(cite(*sorted(set(draw(st.lists(st.integers(1, 3), min_size=1, max_size=2))))))
    out.append(Text(draw(st.sampled_from([".", ".", "?"]))))
    return out


@st.composite
def item(draw) -> tuple:
    """A paragraph or list item: one to five sentences, maybe opened by a bold lead-in."""
    runs: list = []
    if draw(st.integers(0, 3)) == 0:
        lead = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4)))
        runs.append(Text(lead[0].upper() + lead[1:] + draw(st.sampled_from([".", ":"])), bold=True))
        runs.append(Text(" "))
    for k in range(draw(st.integers(1, 5))):
        if k:
            runs.append(Text(" "))
        runs.extend(draw(sentence(number=k)))
    return tuple(runs)


def _norm(word: str) -> str:
    return re.sub(r"[^\w]", "", word.lower())


def _is_subsequence(small: list[str], big: list[str]) -> bool:
    it = iter(big)
    return all(any(w == b for b in it) for w in small)


MODES = st.sampled_from(["report", "report", "analysis", "questions", "teaching", "definition"])


@pytest.mark.slow
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inlines=item(), max_words=st.integers(8, 30), mode=MODES)
def test_an_edited_bullet_never_breaks_a_quotation_adds_a_word_or_drops_a_citation(inlines, max_words, mode):
    hard = 2 * max_words
    shown, _ = edit(inlines, max_words=max_words, mode=mode, hard_max=hard)
    text = text_of(shown)
    assert balanced(text), text
    # no new words, in the author's order
    source = [w for w in (_norm(x) for x in text_of(inlines).split()) if w]
    kept = [w for w in (_norm(x) for x in text.replace("\u2026", " ").split()) if w]
    assert _is_subsequence(kept, source), (kept, source)
    # short enough (a sentence quoting someone may use up to the hard limit)
    assert words(shown) <= hard
    # only numbers the item cites
    assert set(cited_numbers(shown)) <= set(cited_numbers(inlines))
    if mode == "report" and shown:
        # every sentence shown is cited, or a question, or the lead-in (which carries the item's numbers)
        assert has_cite(shown) or all(is_question(s) for s in sentences(shown)), text
        for s in sentences(shown):
            plain_bold = all(isinstance(i, Text) and i.bold for i in s)
            assert has_cite(s) or is_question(s) or plain_bold or (
                s is sentences(shown)[-1] and has_cite(shown)), text_of(s)
    # a source sentence shown whole shows its citations
    def squash(x):
        return " ".join(text_of(x).split()).replace(" .", ".").replace(" ;", ";")

    shown_sentences = [squash(x) for x in sentences(shown)]
    source_sentences = [squash(x) for x in sentences(inlines)]
    for s in sentences(inlines):
        unique = source_sentences.count(squash(s)) == 1  # repeated words could match another sentence
        if has_cite(s) and unique and squash(s) in shown_sentences:
            assert set(cited_numbers(s)) <= set(cited_numbers(shown)), (squash(s), text)


def test_a_full_stop_inside_a_quotation_does_not_end_the_sentence():
    inlines = line('He put it this way: "this base is useless. It is a humiliation" ', cite(3), ". Then he left.")
    first = sentences(inlines)[0]
    assert text_of(first).endswith('humiliation" .') and has_cite(first)


def test_an_uncited_sentence_of_a_reporting_section_is_never_a_bullet():
    inlines = line("Niger is not alone. The neighbours turned to Russia as well ", cite(6), ".")
    shown, cut = edit(inlines, max_words=8, mode="report")
    assert cut and "not alone" not in text_of(shown) and has_cite(shown)
    shown, _ = edit(line("Nobody knows yet where it would be."), max_words=20, mode="report")
    assert shown == ()


def test_a_long_bullet_shows_its_bold_lead_in_with_its_citations():
    inlines = (Text("Mission creep.", bold=True), Text(" The declared mission is to install a system and train "
                                                       "soldiers to use it "), cite(2),
               Text(", but Niamey also asks for combat training and more besides "), cite(1), Text("."))
    shown, cut = edit(inlines, max_words=10, mode="analysis")
    assert cut and text_of(shown) == "Mission creep"
    assert [n for i in shown if isinstance(i, Cite) for n in i.numbers] == [1, 2]


def test_a_long_sentence_shows_its_first_clause_that_carries_a_citation():
    inlines = line("Russian personnel arrived there in 2021 as mercenaries ", cite(1),
                   "; they now fight alongside the army against insurgents in the north and the centre ", cite(2), ".")
    shown, cut = edit(inlines, max_words=12, mode="report")
    assert cut and text_of(shown).strip() == "Russian personnel arrived there in 2021 as mercenaries"
    assert cited_numbers(shown) == (1,)


# ---------------------------------------------------------------- whole sections on slides


@st.composite
def section(draw) -> Section:
    blocks: list = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["para", "para", "list", "sub"]))
        if kind == "para":
            blocks.append(Paragraph(draw(item())))
        elif kind == "list":
            blocks.append(BulletList(tuple(draw(st.lists(item(), min_size=1, max_size=7))), draw(st.booleans())))
        else:
            blocks.append(Subheading(" ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4)))))
    analysis = draw(st.booleans())
    return Section("generated", "Generated section", tuple(_distinct(blocks)), analysis=analysis)


def _distinct(blocks: list) -> list:
    """Return `blocks` with a numbered word in every item, so that no two items read the same (a
    repeated item would rightly repeat in the speaker notes)."""
    counter = iter(range(10 ** 6))

    def mark(inlines: tuple) -> tuple:
        out, done = [], False
        for i in inlines:
            if not done and isinstance(i, Text) and not i.bold:
                i, done = dataclasses.replace(i, text=f"{i.text} Item{next(counter)} "), True
            out.append(i)
        return tuple(out)

    out = []
    for b in blocks:
        if isinstance(b, Paragraph):
            out.append(Paragraph(mark(b.inlines)))
        elif isinstance(b, BulletList):
            out.append(BulletList(tuple(mark(i) for i in b.items), b.ordered))
        else:
            out.append(Subheading(f"{b.text} Part{next(counter)}"))
    return out


@pytest.mark.slow
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(sections=st.lists(section(), min_size=1, max_size=3))
def test_generated_sections_make_slides_that_follow_every_rule(theme, sections):
    from test_deck_rules import problems

    from briefgen.render.pptx.write import render

    named = tuple(dataclasses.replace(s, id=f"s{k}", heading=f"Generated section {k + 1}") for k, s in enumerate(sections))
    brief = sample_brief()
    brief = dataclasses.replace(brief, sections=brief.sections + named)
    assert problems(render(brief, theme=theme).data, brief) == []
