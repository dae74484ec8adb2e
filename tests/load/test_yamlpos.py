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


def test_a_duplicate_key_goes_into_the_collector_given_and_the_first_value_is_kept():
    from briefgen.diagnostics import Collector

    diags = Collector()
    root = parse("title: A\nsubtitle: B\ntitle: C\n", F, diags=diags)
    assert [d.message for d in diags.items] == ["duplicate key `title`"]
    assert isinstance(root, Mapping) and root.get("title").value == "A" and root.get("subtitle").value == "B"


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


# ---------------------------------------------------------------- byte-order mark, anchors


def _scalar(root, key):
    node = root.get(key)
    assert isinstance(node, Scalar)
    return node


def test_a_byte_order_mark_shifts_no_value_and_no_column():
    from briefgen.diagnostics import Collector
    from briefgen.load.read import Reader

    root = parse("\ufeffheading: 1.10\nauthor: 2024\ndate: 2024-05-01\n", F)
    r = Reader(Collector(), F)
    assert r.text(root, "heading") == "1.10" and r.text(root, "author") == "2024"
    assert r.date(root, "date") is not None and not r.diags.items
    assert (_scalar(root, "heading").span.line, _scalar(root, "heading").span.column) == (1, 10)
    assert _scalar(root, "author").raw == "2024"


def test_an_anchor_or_tag_on_a_plain_value_is_not_part_of_its_text():
    from briefgen.diagnostics import Collector
    from briefgen.load.read import Reader

    root = parse("author: &num 2024\nsubtitle: *num\nversion: !!str 1.10\nwhen: &d 2024-05\n", F)
    r = Reader(Collector(), F)
    assert r.text(root, "author") == "2024"
    assert r.text(root, "subtitle") == "2024"
    assert r.text(root, "version") == "1.10"
    assert r.date(root, "when") is not None and not r.diags.items


# ---------------------------------------------------------------- reading files


def _refused(path: Path, *, limit: int | None = None) -> str:
    from briefgen.load.yamlpos import read_text_file

    with pytest.raises(BriefgenError) as info:
        read_text_file(path, what="outline", **({"limit": limit} if limit else {}))
    [d] = info.value.diagnostics
    assert d.span is not None and d.span.file == path  # located, even without a line
    return d.message


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="needs named pipes (POSIX)")
def test_a_fifo_is_refused_at_once_instead_of_waiting_for_a_writer(tmp_path):
    import os

    fifo = tmp_path / "outline.yaml"
    os.mkfifo(fifo)
    assert "named pipe" in _refused(fifo)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_refused_without_reading_it():
    assert "a device, not a regular file" in _refused(Path("/dev/zero"))


def test_a_folder_and_a_missing_file_are_refused(tmp_path):
    assert "is a folder" in _refused(tmp_path)
    assert "does not exist" in _refused(tmp_path / "nope.yaml")


def test_a_file_over_the_limit_is_refused(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"x" * 101)
    assert "over the limit" in _refused(big, limit=100)


def test_a_regular_file_is_read_exactly_with_its_byte_order_mark(tmp_path):
    from briefgen.load.yamlpos import read_text_file

    f = tmp_path / "a.txt"
    f.write_bytes("\ufeffé\r\n".encode("utf-8"))
    assert read_text_file(f, what="source file") == "\ufeffé\r\n"


def test_parsing_leaves_the_cycle_collector_as_it_found_it():
    import gc

    assert gc.isenabled()
    parse("a: [1, 2]\n", F)
    with pytest.raises(BriefgenError):
        parse("a: [1\n", F)
    assert gc.isenabled()
    gc.disable()
    try:
        parse("a: 1\n", F)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_citation_in_a_flow_list_keeps_its_brackets_and_columns():
    root = parse("bullets: [Coup of July 2023 [@coup], Sanctions [@ecowas]]\n", F)
    seq = root.get("bullets")  # type: ignore[union-attr]
    assert isinstance(seq, Sequence)
    first, second = seq.items
    assert isinstance(first, Scalar) and isinstance(second, Scalar)
    assert (first.value, first.raw, first.span.column) == ("Coup of July 2023 [@coup]", "Coup of July 2023 [@coup]", 11)
    assert (second.value, second.span.column, second.span.length) == ("Sanctions [@ecowas]", 38, 19)


def test_an_alias_to_a_sibling_is_allowed_but_one_to_its_own_container_is_not():
    root = parse("a: &x [1, 2]\nb: [*x, *x]\n", F)
    assert isinstance(root, Mapping) and len(root.get("b").items) == 2  # type: ignore[union-attr]
    with pytest.raises(BriefgenError, match="refers to the value that contains it"):
        parse("a: &x [1, *x]\n", F)


def test_an_escaped_private_use_bracket_reads_as_the_bracket_as_before():
    # the swap characters are restored in every value, even one that got them from an escape
    root = parse('a: "x\\ue000y\\ue001"\n', F)
    value = root.get("a")  # type: ignore[union-attr]
    assert isinstance(value, Scalar) and value.value == "x[y]"
