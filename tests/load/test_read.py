"""Typed reading of YAML values: what each accessor returns, and what it reports."""

from pathlib import Path

import pytest

from briefgen.diagnostics import Collector
from briefgen.load.read import Reader
from briefgen.load.yamlpos import Mapping, parse

F = Path("outline.yaml")


def _read(text: str) -> tuple[Reader, Mapping]:
    root = parse(text, F)
    assert isinstance(root, Mapping)
    return Reader(Collector(), F), root


@pytest.mark.parametrize("text", ["0000", "0000-05", "0000-02-29"])
def test_year_0000_is_not_a_date(text):
    r, root = _read(f"date: {text}\n")
    assert r.date(root, "date") is None
    [d] = r.diags.items
    assert d.is_error and "no year 0000" in d.message and (d.span.line, d.span.column) == (1, 7)


@pytest.mark.parametrize("text,year", [("0001", 1), ("2107-12", 2107), ("2108-01-01", 2108), ("9999-12-31", 9999)])
def test_every_year_from_0001_to_9999_is_a_date(text, year):
    r, root = _read(f"date: {text}\n")
    date = r.date(root, "date")
    assert date is not None and date.year == year and not r.diags.items


def test_a_reported_value_is_never_returned():
    r, root = _read("a: [x]\nb: yes\nc: 2024-13\nd: Not A Slug\n")
    assert r.text(root, "a") is None
    assert r.flag(root, "b") is False
    assert r.date(root, "c") is None
    assert r.slug(root, "d", what="a source") is None
    assert len(r.diags.items) == 4 and all(d.is_error for d in r.diags.items)


@pytest.mark.parametrize("text", ['"\\u0662\\u0660\\u0662\\u0662"', '"\\uff12\\uff10\\uff12\\uff12-04"'])
def test_a_date_is_written_in_ascii_digits(text):
    r, root = _read(f"date: {text}\n")
    assert r.date(root, "date") is None
    [d] = r.diags.items
    assert "must be a date written YYYY, YYYY-MM or YYYY-MM-DD" in d.message
