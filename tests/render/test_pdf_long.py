"""Content longer or wider than a page flows on in the PDF, whole: Key-takeaways items, table
cells, timeline entries, headers and tables with many columns."""

from __future__ import annotations

import dataclasses
import io
import re

import pypdf
import pytest
from builders import line, para, sample_brief

from briefgen.model import (
    BulletList,
    PartialDate,
    Ref,
    Section,
    Table,
    Timeline,
    TimelineEntry,
)
from briefgen.render.pdf import _table_plan, render

# Distinct tokens, so that a lost line shows as missing tokens.
LONG = " ".join(f"w{i}q" for i in range(1500))
LONG_TOKENS = {f"w{i}q" for i in range(1500)}


def _entries(n: int, label: str = "Entry") -> tuple[TimelineEntry, ...]:
    return tuple(TimelineEntry(PartialDate(2000 + i // 12, 1 + i % 12), f"{label} e{i}q.", Ref(1), "fact-1")
                 for i in range(n))


def _takeaways(*blocks: object) -> Section:
    return Section("key-takeaways", "Key takeaways", tuple(blocks), role="takeaways")  # type: ignore[arg-type]


def _pdf(theme, *sections: Section) -> tuple[str, int]:
    """Return the text pypdf reads from the sample brief with `sections` as its body, and its pages."""
    rendered = render(dataclasses.replace(sample_brief(), sections=sections), theme=theme)
    reader = pypdf.PdfReader(io.BytesIO(rendered.data))
    return " ".join(page.extract_text() for page in reader.pages), rendered.pages


def _tokens(text: str, pattern: str = r"w\d+q") -> set[str]:
    return set(re.findall(rf"\b{pattern}\b", text))


def test_a_key_takeaways_bullet_longer_than_a_page_breaks_inside_the_panel(theme):
    text, pages = _pdf(theme, _takeaways(BulletList((line("Short first point."), line(LONG), line("Last point.")))))
    assert _tokens(text) == LONG_TOKENS
    assert pages >= 3
    assert "Short first point." in text and "Last point." in text


def test_a_numbered_key_takeaways_item_longer_than_a_page_breaks_inside_the_panel(theme):
    text, _ = _pdf(theme, _takeaways(BulletList((line(LONG),), ordered=True)))
    assert _tokens(text) == LONG_TOKENS


def test_a_key_takeaways_paragraph_longer_than_a_page_breaks_inside_the_panel(theme):
    text, _ = _pdf(theme, _takeaways(para(LONG)))
    assert _tokens(text) == LONG_TOKENS


def test_a_table_inside_key_takeaways_longer_than_a_page_breaks_between_its_rows(theme):
    rows = tuple((line(f"r{i}q"), line(f"value {i}")) for i in range(120))
    text, _ = _pdf(theme, _takeaways(Table(header=(line("Row"), line("Value")), rows=rows, align=())))
    assert _tokens(text, r"r\d+q") == {f"r{i}q" for i in range(120)}


def test_a_table_cell_taller_than_a_page_inside_key_takeaways_breaks_inside_the_cell(theme):
    table = Table(header=(line("Term"), line("Text")), rows=((line("t1q"), line(LONG)), (line("t2q"), line("end"))),
                  align=())
    text, _ = _pdf(theme, _takeaways(table))
    assert _tokens(text) == LONG_TOKENS
    assert "t2q" in text


def test_a_timeline_inside_key_takeaways_longer_than_a_page_breaks_between_its_entries(theme):
    text, _ = _pdf(theme, _takeaways(Timeline(_entries(90), caption="Key dates")))
    assert _tokens(text, r"e\d+q") == {f"e{i}q" for i in range(90)}


def test_a_table_cell_taller_than_a_page_breaks_inside_the_cell_and_repeats_the_header(theme):
    table = Table(header=(line("Headerone"), line("Headertwo")),
                  rows=((line(LONG), line("beside")), (line("after"), line("last"))), align=())
    text, pages = _pdf(theme, Section("s", "Long cell", (table,)))
    assert _tokens(text) == LONG_TOKENS
    assert "after" in text and "last" in text
    assert text.count("Headerone") >= pages - 2  # every page the table reaches starts with its header


def test_a_row_taller_than_a_page_after_short_rows_is_cut_on_the_same_page_under_one_header(theme):
    table = Table(header=(line("Headerone"), line("Headertwo")),
                  rows=((line("short"), line("row")), (line(LONG), line("beside")), (line("after"), line("last"))),
                  align=())
    brief = dataclasses.replace(sample_brief(), sections=(Section("s", "Long cell", (para("Intro."), table)),))
    reader = pypdf.PdfReader(io.BytesIO(render(brief, theme=theme).data))
    pages = [page.extract_text() for page in reader.pages]
    assert "short" in pages[0] and "w0q" in pages[0]  # the long row starts under the short one
    assert all(p.count("Headerone") <= 1 for p in pages)
    assert _tokens(" ".join(pages)) == LONG_TOKENS


def test_a_table_whose_header_is_taller_than_a_page_still_prints(theme):
    table = Table(header=(line(LONG), line("B")), rows=((line("x1q"), line("y1q")),), align=())
    text, _ = _pdf(theme, Section("s", "Long header", (table,)))
    assert _tokens(text) == LONG_TOKENS
    assert "x1q" in text and "y1q" in text


def test_a_timeline_entry_taller_than_a_page_continues_on_the_next_pages(theme):
    entries = (TimelineEntry(PartialDate(2019), LONG + ".", Ref(1), "fact-1"), *_entries(3))
    text, _ = _pdf(theme, Section("s", "Timeline", (Timeline(entries),)))
    assert _tokens(text) == LONG_TOKENS
    assert _tokens(text, r"e\d+q") == {"e0q", "e1q", "e2q"}
    assert text.count("2019") == 1  # the continued entry shows its date once


@pytest.mark.parametrize("ncols", [12, 38, 100])
def test_a_table_with_many_columns_prints_every_cell(theme, ncols):
    header = tuple(line(f"Heading h{i}q") for i in range(ncols))
    rows = tuple(tuple(line(f"c{r}x{i}q") for i in range(ncols)) for r in range(3))
    text, _ = _pdf(theme, Section("s", "Wide", (Table(header=header, rows=rows, align=()),)))
    assert _tokens(text, r"h\d+q") == {f"h{i}q" for i in range(ncols)}
    assert _tokens(text, r"c\d+x\d+q") == {f"c{r}x{i}q" for r in range(3) for i in range(ncols)}


def test_a_narrow_table_keeps_the_theme_type_size():
    assert _table_plan([3.0, 5.0, 4.0], 450, 9.5) == (9.5, 6.0, [[0, 1, 2]])


def test_a_wide_table_shrinks_its_type_before_it_splits_its_columns():
    size, pad, groups = _table_plan([3.5] * 12, 450, 9.5)
    assert 6.5 <= size < 9.5 and groups == [list(range(12))]
    assert 12 * (2 * pad + 3.5 * size) <= 450


def test_a_very_wide_table_deals_its_columns_out_over_parts_that_each_fit_and_repeat_the_first():
    words = [3.5] * 100
    size, pad, groups = _table_plan(words, 450, 9.5)
    assert size == 6.5
    assert all(g[0] == 0 for g in groups)
    assert sorted({i for g in groups for i in g}) == list(range(100))
    assert sum(len(g) - 1 for g in groups) == 99  # every other column once
    assert all(sum(2 * pad + words[i] * size for i in g) <= 450 for g in groups)


def test_a_long_key_takeaways_bullet_builds_from_an_outline(tmp_path):
    from helpers_project import copy_mini, edit

    from briefgen.load.project import Options
    from briefgen.pipeline import build

    root = copy_mini(tmp_path)
    outline = root / "briefs" / "council.yaml"
    words = " ".join(f"lighthouse{i}q" for i in range(900))
    edit(outline, "      - It will cost **240,000 euros** [@restoration-cost].\n",
         f"      - It will cost **240,000 euros** [@restoration-cost]. {words}\n"
         "    body: |\n"
         "      | Item | Detail |\n"
         "      |---|---|\n"
         "      | Cost | 240,000 euros [@restoration-cost] |\n"
         "    timeline: [work-starts, council-vote]\n")
    report = build([outline], options=Options(root=root), out_dir=tmp_path / "out", formats=["pdf"], jobs=1)
    assert report.ok, [d.message for d in report.diagnostics]
    reader = pypdf.PdfReader(tmp_path / "out" / "council.pdf")
    text = " ".join(page.extract_text() for page in reader.pages)
    # (no \b after the q: this audience reads one marker per paragraph, at its end: "…899q²")
    assert set(re.findall(r"\blighthouse\d+q", text)) == {f"lighthouse{i}q" for i in range(900)}


@pytest.mark.parametrize("heading", [LONG, "x" * 20000], ids=["words", "one-long-word"])
def test_a_section_heading_taller_than_a_page_flows_instead_of_hanging(theme, heading):
    # the bad-input campaign: a 3,000-character heading made ReportLab look for a page holding it
    # and the next paragraph together, forever
    text, pages = _pdf(theme, Section("long", heading, (para("A short paragraph after it."),)))
    assert pages >= 2
    if heading.startswith("w"):
        assert _tokens(text) == LONG_TOKENS
    else:
        assert text.count("x") >= 20000


def _long_brief():
    """The sample brief with 40 sections and 250 notes (the notes come to the layout in three parts)."""
    brief = sample_brief()
    sections = tuple(Section(f"s{i}", f"Section {i}", (para(f"Paragraph {i}. " + "Words in a line. " * 40),))
                     for i in range(40))
    note = brief.notes[0]
    notes = tuple(dataclasses.replace(note, number=n) for n in range(1, 251))
    return dataclasses.replace(brief, sections=brief.sections + sections, notes=notes)


def test_the_story_is_made_as_the_layout_reaches_it_and_prints_as_if_made_at_once(theme, monkeypatch):
    from briefgen.render import pdf

    brief = _long_brief()
    made_at: list[int] = []  # pages begun when each section's flowables were made
    section = pdf._Builder.section

    def counting(self, sec, parent):
        made_at.append(len(self_doc[0].canv._doc.Pages.pages) if self_doc else 0)
        return section(self, sec, parent)

    self_doc: list = []
    build = pdf._Doc.build

    def keep(doc, flowables, **kwargs):
        self_doc.append(doc)
        return build(doc, flowables, **kwargs)

    monkeypatch.setattr(pdf._Builder, "section", counting)
    monkeypatch.setattr(pdf._Doc, "build", keep)
    lazy = render(brief, theme=theme)
    assert made_at[0] == 0 and made_at[-1] >= 5  # the last sections were made after pages were done
    monkeypatch.undo()

    story = pdf._story  # now every part at once, before the layout starts

    def at_once(*args, **kwargs):
        yield [f for part in story(*args, **kwargs) for f in part]

    monkeypatch.setattr(pdf, "_story", at_once)
    assert render(brief, theme=theme).data == lazy.data


def test_keep_with_next_over_parts_is_keep_with_next_over_the_whole_story():
    import random

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Indenter, Paragraph, Spacer

    from briefgen.render.pdf import _keep_with_next, _kept_with_next

    kept = ParagraphStyle("kept", keepWithNext=1)
    plain = ParagraphStyle("plain")

    def story(kinds: str) -> list:
        return [Spacer(1, 1) if k == "s" else Indenter(1, 1) if k == "i" else
                Paragraph(f"p{i}", kept if k == "k" else plain) for i, k in enumerate(kinds)]

    def shape(flowables: list, whole: list) -> list:
        where = {id(f): i for i, f in enumerate(whole)}
        return [(type(f).__name__, where.get(id(getattr(f, "follower", None))),
                 tuple(where[id(g)] for g in getattr(f, "group", ()))) if id(f) not in where else where[id(f)]
                for f in flowables]

    rng = random.Random(14)
    for _ in range(400):
        kinds = "".join(rng.choice("kkppsi") for _ in range(rng.randint(1, 14)))
        one, two = story(kinds), story(kinds)
        cuts = sorted(rng.sample(range(1, len(kinds)), rng.randint(0, len(kinds) - 1))) if len(kinds) > 1 else []
        parts = [two[a:b] for a, b in zip([0, *cuts], [*cuts, len(two)])]
        assert shape(_keep_with_next(list(one)), one) == shape(
            [f for part in _kept_with_next(iter(parts)) for f in part], two), (kinds, cuts)
