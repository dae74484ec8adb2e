"""YAML parsed into a small node tree that keeps the file, line and column of every value.

PyYAML's composer gives nodes with marks; we convert them to our own nodes so that every later
diagnostic can point at the exact place, duplicate keys are caught (PyYAML would keep the last one
silently), scalars keep the text the author wrote (so `NO` stays `NO`, not false), and an alias bomb
is refused instead of expanded.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Union

from ..diagnostics import BriefgenError, Collector, Diagnostic, Span, error, missing_file_help

MAX_BYTES = 2 * 1024 * 1024  # an outline or fact library is a few kB; refuse anything absurd
MAX_NODES = 200_000          # counts aliases each time they are used: bounds alias bombs


@dataclass(frozen=True, slots=True)
class Scalar:
    value: str          # the scalar's text as YAML parsed it (escapes applied, folding done)
    tag: str            # PyYAML's resolved tag: str, int, float, bool, null, timestamp
    quoted: bool        # written in quotes or as a block scalar: always text
    span: Span
    raw: str            # the exact source slice, for locating substrings


@dataclass(frozen=True, slots=True)
class Mapping:
    items: tuple[tuple[Scalar, "Node"], ...]
    span: Span

    def get(self, key: str) -> "Node | None":
        for k, v in self.items:
            if k.value == key:
                return v
        return None

    def key(self, key: str) -> Scalar | None:
        for k, _ in self.items:
            if k.value == key:
                return k
        return None

    def keys(self) -> list[str]:
        return [k.value for k, _ in self.items]


@dataclass(frozen=True, slots=True)
class Sequence:
    items: tuple["Node", ...]
    span: Span


Node = Union[Scalar, Mapping, Sequence]

_TAGS = {
    "tag:yaml.org,2002:str": "str", "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float", "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null", "tag:yaml.org,2002:timestamp": "timestamp",
}


def kind(node: Node | None) -> str:
    """Return a reader's word for what `node` is: `text`, `a number`, `a mapping`, `a list` …"""
    if node is None:
        return "nothing"
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    return {"int": "a number", "float": "a number", "bool": "a boolean", "null": "null",
            "timestamp": "a date"}.get(node.tag, "text")


def read_text_file(path: Path, *, what: str, span: Span | None = None, limit: int = MAX_BYTES) -> str:
    """Return the UTF-8 text of `path`, exactly as stored (a byte-order mark is kept).

    Every input briefgen reads goes through here. Only a regular file is read, and at most
    `limit` bytes of it: the file is opened without blocking (a FIFO would otherwise wait for a
    writer forever) and checked with `fstat` before a byte is read, so a FIFO, a device such as
    `/dev/zero`, a socket or a folder is refused, and a file that grows while it is read cannot
    exhaust memory. An empty file is allowed here. Raises |BriefgenError|, located at `span`
    (where another file names this one) or else at the file itself, when the file is missing,
    not a regular file, over `limit`, unreadable, or not UTF-8 (naming the line and column of
    the first bad byte).
    """
    where = span if span is not None else Span(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise BriefgenError([error(f"{what} `{path}` does not exist", where, help=missing_file_help(
            path, "check the path; relative paths start at the file that names them"))]) from None
    except IsADirectoryError:
        raise BriefgenError([error(f"{what} `{path}` is a folder, not a file", where)]) from None
    except OSError as exc:
        raise BriefgenError([error(f"cannot read {what} `{path}`: {_reason(exc)}", where)]) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise BriefgenError([error(f"{what} `{path}` is a folder, not a file", where)])
        if not stat.S_ISREG(st.st_mode):
            raise BriefgenError([error(f"{what} `{path}` is {_file_kind(st.st_mode)}, not a regular file", where,
                                       help="name a regular file; briefgen does not read from pipes or devices")])
        if st.st_size > limit:
            raise BriefgenError([error(f"{what} `{path}` is {st.st_size:,} bytes, over the limit of {limit:,}", where)])
        chunks: list[bytes] = []
        size = 0
        while size <= limit:  # read() may return less than asked: loop until end of file or over the limit
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise BriefgenError([error(f"cannot read {what} `{path}`: {_reason(exc)}", where)]) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:  # it grew after fstat
        raise BriefgenError([error(f"{what} `{path}` is over the limit of {limit:,} bytes", where)])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise BriefgenError([error(
            f"{what} is not valid UTF-8: byte 0x{data[exc.start]:02x} at line {line}, column {col} "
            f"(offset {exc.start})", Span(path, line, col),
            help="save the file as UTF-8")]) from None


def _reason(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


# Outlines write citations inside flow lists (`bullets: [Coup of July 2023 [@coup]]`), which YAML
# itself cannot parse (`@` is reserved and `[` opens a nested list). Citation brackets are swapped
# for two private-use characters of the same length before parsing and swapped back in every
# scalar, so the shape the outline format promises loads and every mark keeps its column.
_CITATION = re.compile(r"\[(\s*@[^\[\]\n\"']*)\]")
_OPEN, _CLOSE = "\ue000", "\ue001"
_RESTORE = str.maketrans({_OPEN: "[", _CLOSE: "]"})


def parse(text: str, path: Path, *, diags: Collector | None = None) -> Node:
    """Return the node tree of the YAML document `text` read from `path`.

    Raises |BriefgenError| for malformed YAML, tabs in indentation, more than one document, or an
    alias expansion over |MAX_NODES|. A duplicate key (the first one is kept), a merge key or a key
    that is not plain text (both left out) is reported into `diags` when given, so that the rest of
    the file is still checked in the same run; without `diags`, it is raised too.
    """
    import yaml

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    # PyYAML skips a byte-order mark without counting it, so its offsets would point one
    # character past ours and every value sliced from the text would lose a character. No editor
    # shows the mark as a column either: drop it, and every line and column stays as users see it.
    text = text.removeprefix("\ufeff")
    if "@" in text:
        if _OPEN in text or _CLOSE in text:  # a private-use character of the author's own: not ours to restore
            text = text.translate({ord(_OPEN): None, ord(_CLOSE): None})
        text = _CITATION.sub(lambda m: _OPEN + m.group(1) + _CLOSE, text)
    with _collector_paused():
        try:
            loader = loader_cls(text)
            try:
                root = loader.get_single_node()
            finally:
                loader.dispose()
        except yaml.MarkedYAMLError as exc:
            raise BriefgenError([_yaml_error(exc, path, text)]) from None
        except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises marked errors for text input
            raise BriefgenError([error(f"invalid YAML: {exc}", Span(path))]) from None
        if root is None:
            return Mapping((), Span(path, 1, 1))
        _refuse_bombs(root, path)
        converter = _Converter(path, text)
        out = converter.node(root)
    if diags is None:
        converter.diags.raise_if_errors()
    else:
        diags.extend(converter.diags.items)
    return out


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a tree is built, and restore it as it was.

    Building tens of thousands of nodes that all stay alive makes the collector scan them again
    and again: over half of the time of parsing a long fact library. The trees hold no cycles;
    anything else made meanwhile is collected once the collector runs again.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _span(node: object, path: Path) -> Span:
    mark = node.start_mark  # type: ignore[attr-defined]
    end = node.end_mark  # type: ignore[attr-defined]
    length = max(1, (end.index - mark.index)) if end.line == mark.line else max(1, len(_first_line_len(node)))
    return Span(path, mark.line + 1, mark.column + 1, length)


def _refuse_bombs(root: object, path: Path) -> None:
    """Raise |BriefgenError| when `root` expands to more than |MAX_NODES| values.

    The count is taken on the node graph, each distinct node sized once, so a bomb of a few lines
    is refused in microseconds instead of after building |MAX_NODES| values. A node reached again
    while it is being sized (an alias to its own container) counts once here; |_Converter| reports it.
    """
    sizes: dict[int, int] = {}
    busy: set[int] = set()

    def size(node: object) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in busy:
            return 1
        value = getattr(node, "value", None)
        total = 1
        if isinstance(value, list):
            busy.add(key)
            for item in value:
                total += size(item[0]) + size(item[1]) if isinstance(item, tuple) else size(item)
                if total > MAX_NODES:
                    raise BriefgenError([error(
                        f"the YAML expands to more than {MAX_NODES:,} values (an alias bomb?)", _span(node, path),
                        help="remove the repeated `*alias` references")])
            busy.discard(key)
        sizes[key] = total
        return total

    size(root)


def _first_line_len(node: object) -> str:
    value = getattr(node, "value", "")
    return str(value).split("\n", 1)[0] if isinstance(value, str) else "x"


class _Converter:
    """Turns PyYAML's node graph into our nodes, for one file.

    A long fact library has tens of thousands of values, so the walk keeps its state here rather
    than passing it down (one set of the collections being converted, added to and removed from
    as the walk goes, instead of a new set per level), and restores citation brackets only in
    the values that hold some.
    """

    def __init__(self, path: Path, text: str) -> None:
        import yaml

        self.path, self.text = path, text
        self.scalar_node, self.sequence_node, self.mapping_node = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode
        self.diags = Collector()
        self.count = 0
        self.busy: set[int] = set()  # the collections being converted: an alias to one is a loop

    def node(self, node: object) -> Node:
        """Return our node for PyYAML's `node` and everything under it."""
        key = id(node)
        if key in self.busy:  # `&a [*a]`: an alias to the collection that holds it
            raise BriefgenError([error("a YAML alias refers to the value that contains it", _span(node, self.path),
                                       help="write the value out instead of the `*alias`")])
        self.count += 1
        if self.count > MAX_NODES:
            raise BriefgenError([error(
                f"the YAML expands to more than {MAX_NODES:,} values (an alias bomb?)", _span(node, self.path),
                help="remove the repeated `*alias` references")])
        if isinstance(node, self.scalar_node):
            return self.scalar(node)
        self.busy.add(key)
        try:
            if isinstance(node, self.sequence_node):
                return Sequence(tuple([self.node(n) for n in node.value]), _span(node, self.path))
            if isinstance(node, self.mapping_node):
                return self.mapping(node)
        finally:
            self.busy.discard(key)
        raise BriefgenError([error("unsupported YAML node", _span(node, self.path))])  # pragma: no cover

    def scalar(self, node: object) -> Scalar:
        start, end = node.start_mark, node.end_mark  # type: ignore[attr-defined]
        value: str = node.value  # type: ignore[attr-defined]
        if end.line == start.line:
            length = max(1, end.index - start.index)
        else:
            newline = value.find("\n")
            length = max(1, len(value if newline < 0 else value[:newline]))
        span = Span(self.path, start.line + 1, start.column + 1, length)
        raw = self.text[start.index:end.index]
        if _OPEN in value or _CLOSE in value:  # (an escape such as "\ue000" can put one in `value` alone)
            value = value.translate(_RESTORE)
        if _OPEN in raw or _CLOSE in raw:
            raw = raw.translate(_RESTORE)
        return Scalar(value, _TAGS.get(node.tag, "str"), bool(node.style), span, raw)  # type: ignore[attr-defined]

    def mapping(self, node: object) -> Mapping:
        items: list[tuple[Scalar, Node]] = []
        seen: dict[str, Scalar] = {}
        for knode, vnode in node.value:  # type: ignore[attr-defined]
            key = self.node(knode)
            if not isinstance(key, Scalar):
                self.diags.add(error("a mapping key must be plain text", key.span))
                continue
            if key.value == "<<" and not key.quoted:
                self.diags.add(error("YAML merge keys (`<<`) are not supported", key.span,
                                     help="write the keys out in full"))
                continue
            if key.value in seen:
                first = seen[key.value]
                self.diags.add(error(f"duplicate key `{key.value}`", key.span,
                                     notes=[f"first defined at line {first.span.line}"],
                                     help="remove one of them; YAML would silently keep only the last"))
                continue
            seen[key.value] = key
            items.append((key, self.node(vnode)))
        return Mapping(tuple(items), _span(node, self.path))


def _yaml_error(exc: object, path: Path, text: str) -> Diagnostic:
    problem = str(getattr(exc, "problem", "") or "invalid YAML")
    context = str(getattr(exc, "context", "") or "")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if "end of stream" in problem and getattr(exc, "context_mark", None) is not None:
        # an unclosed quote or bracket: point at where it was opened, not at the end of the file
        mark = exc.context_mark  # type: ignore[attr-defined]
        problem = f"{context or 'something'} that is never closed"
    line = mark.line + 1 if mark else 0
    col = mark.column + 1 if mark else 0
    help_text = None
    lines = text.splitlines()
    src_line = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in src_line[: max(col, 1)] or ("\t" in problem or "'\\t'" in problem):
        problem = "a tab in indentation"
        help_text = "YAML indents with spaces only: replace the tab with spaces"
        col = src_line.find("\t") + 1 if "\t" in src_line else col
    elif "mapping values are not allowed" in problem:
        help_text = "quote text that contains `: `, e.g. `title: \"Niger: a new path\"`"
    elif "could not find expected ':'" in problem:
        help_text = "each line of a mapping needs `key: value`; check the indentation above"
    elif "found undefined alias" in problem:
        help_text = "define the anchor with `&name` before using `*name`"
    elif "expected a single document" in problem + context or "another document" in problem:
        problem = "more than one YAML document in the file"
        help_text = "remove the `---` separator"
    return error(f"invalid YAML: {problem}", Span(path, line, col), help=help_text)
