"""Charts from facts: every value must be written, with the same digits, in its fact's quote.

A point's value is read as a number with the chart's `unit` after it (so `7` with the unit
`million people` is "7 million" and needs "7 million" in a quote, never a bare "7"), and held
to the numbers the fact's quotes state in digits, with the rules the claim check uses
(|claims.number_supported|: same digits, scale and unit; grouping commas do not count; the day
or year of a date is not a number). A number only the fact's claim gives does not count: the
claim is briefgen's reader's sentence, the quote is the source's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from ..diagnostics import Diagnostic, error
from ..load import claims
from ..load.project import FactRec
from .spec import ChartSpec, PointSpec


def written_value(point: PointSpec) -> str:
    """Return the value as a reader should see it: `100`, `41.2` (never `100.0`)."""
    v = point.value
    assert v is not None
    return str(int(v)) if float(v).is_integer() and abs(v) < 1e15 else repr(v)


def quoted_number(point: PointSpec, unit: str, fact: FactRec) -> claims.Number | None:
    """Return the number of `fact`'s quotes that states `point`'s value (in digits), or None."""
    text = written_value(point) + (" " + unit if unit else "")
    wanted = [n for n in claims.numbers(text) if n.start == 0]
    if not wanted:
        return None
    target = wanted[0]
    for ev in fact.evidence:
        if ev.match is None:
            continue  # an unverified quote supports nothing
        stated = [n for n in claims.stated_numbers(ev.quote) if any(c.isdigit() for c in n.text)]
        for n in stated:
            # a bar or a point states its value exactly: "more than 200" is no 200 to chart
            if n.comparator is None and claims.number_supported(target, [n]):
                return n
    return None


def _approximate(point: PointSpec, unit: str, fact: FactRec) -> claims.Number | None:
    """Return a quoted number with the point's value that only bounds it ("more than 200")."""
    wanted = [n for n in claims.numbers(written_value(point) + (" " + unit if unit else "")) if n.start == 0]
    for ev in fact.evidence if wanted and wanted[0] else ():
        if ev.match is None:
            continue
        for n in claims.stated_numbers(ev.quote):
            if n.comparator is not None and claims.number_supported(wanted[0], [replace(n, comparator=None)]):
                return n
    return None


def check_points(chart: ChartSpec, facts: Mapping[str, FactRec]) -> tuple[list[str], list[Diagnostic]]:
    """Return, per point, the value as its quote writes it, and an error for each point whose
    value no quote of its fact states (at the point's `value:`, showing the quotes).

    Unknown facts are reported by the caller (with the other unknown citations)."""
    texts: list[str] = []
    problems: list[Diagnostic] = []
    for p in chart.points:
        fact = facts.get(p.fact)
        if fact is None:
            texts.append(written_value(p))
            continue
        found = quoted_number(p, chart.unit, fact)
        if found is None:
            quotes = [f"quote: \u201c{e.quote}\u201d" for e in fact.evidence]
            shown = written_value(p) + (f" {chart.unit}" if chart.unit else "")
            bound = _approximate(p, chart.unit, fact)
            help_text = (f"the quote says \u201c{bound.text}\u201d, a bound, and a chart states its values exactly: "
                         "chart a value the source gives exactly, or say it in the text" if bound is not None else
                         f"chart only what the source says: no quote of `{p.fact}` states {shown} in digits (the "
                         "value with the chart's `unit`, as in \u201c61 million euros\u201d); correct the value "
                         "or the unit, or cite the fact whose quote gives it")
            problems.append(error(f"the chart value `{p.written}` ({p.label}) is not in the quotes of fact `{p.fact}`",
                                  p.span, notes=quotes or ["the fact has no verified quote"], help=help_text))
            texts.append(written_value(p))
        else:
            texts.append(found.text)
    return texts, problems


def describe(chart: ChartSpec, *, language: str = "en", label: Callable[[str], str] | None = None) -> str:
    """Return the text alternative briefgen writes for a chart without `alt`, in the brief's
    language: "Column chart: Russian military personnel reported, by country. Niger: 100
    personnel; Burkina Faso: 100 personnel." Values print as the chart's labels print them
    ("240,000"; "240 000" in French).

    `label` looks up the brief's labels (the catalogue's `chart_alt`, `chart_alt_value`, `chart_bar`,
    `chart_column` and `chart_line`, as the outline may override them); without them, the
    English catalogue's words."""
    from .. import i18n
    from ..text.dates import format_number

    L = label or i18n.words().__getitem__
    unit = f" {chart.unit}" if chart.unit else ""
    values = "; ".join(i18n.fill(L("chart_alt_value"), label=p.label,
                                 value=format_number(float(p.value or 0.0), language=language) + unit)
                       for p in chart.points)
    return i18n.fill(L("chart_alt"), kind=L(f"chart_{chart.kind}"), title=chart.title.rstrip(". "),
                     values=values)
