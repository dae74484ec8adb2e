from pathlib import Path

import pytest

from briefgen.diagnostics import BriefgenError
from briefgen.load.yamlpos import Mapping, Scalar, Sequence, parse

F = Path("outline.yaml")


def test_every_value_keeps_its_line_and_column():
    root = parse("title: Hello\nsections:\n  - heading: One\n", F)
    assert isinstance(root, Mapping)
    seq = root.get("sections")
    assert isinstance(seq, Sequence)
    heading = seq.items[0].get("heading")  # type: ignore[union-attr]
    assert isinstance(heading, Scalar)
    assert (heading.span.line, heading.span.column) == (3, 14)


def test_duplicate_keys_are_an_error_naming_both_lines():
    with pytest.raises(BriefgenError) as exc:
        parse("title: A\nsubtitle: B\ntitle: C\n", F)
    d = exc.value.diagnostics[0]
    assert "duplicate key `title`" in d.message and d.span.line == 3
    assert "line 1" in d.notes[0]


def test_yaml_11_booleans_keep_the_text_the_author_wrote():
    root = parse("country: NO\nflag: yes\n", F)
    assert isinstance(root, Mapping)
    node = root.get("country")
    assert isinstance(node, Scalar) and node.tag == "bool" and node.raw == "NO"


def test_a_tab_in_indentation_is_reported_with_its_place():
    with pytest.raises(BriefgenError) as exc:
        parse("sections:\n\t- heading: A\n", F)
    d = exc.value.diagnostics[0]
    assert "tab" in d.message and d.span.line == 2 and "spaces" in (d.help or "")


def test_an_alias_bomb_is_refused_quickly():
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 10) + "]")
    with pytest.raises(BriefgenError) as exc:
        parse("\n".join(lines), F)
    assert "alias" in exc.value.diagnostics[0].message


def test_malformed_yaml_points_at_the_problem():
    with pytest.raises(BriefgenError) as exc:
        parse("title: Niger: a new path\n", F)
    d = exc.value.diagnostics[0]
    assert d.span.line == 1 and "quote" in (d.help or "")
