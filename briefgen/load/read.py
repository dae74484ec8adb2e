"""Typed reading of YAML nodes: each accessor returns a value or records a located diagnostic.

The error contract, which every reader in `briefgen.load` keeps: an accessor that reports an
error returns a safe value instead of the value it flagged: None (the key counts as absent), or
the documented default (`false` for a flag, `chicago` for a citation style). A caller that
gets None for a required value drops the record that needed it. So a later stage (resolve,
lint, render) never sees a value the loader has called wrong, and never has to check it again:
the run still reports every problem, and stops with exit 1 before anything is written.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import Collector, Span, closest, error, warning
from ..model import PartialDate
from ..text.clean import CONTROL, control_codes
from ..text.dates import MONTHS, month_number
from ..text.ids import SLUG, slugify
from .yamlpos import Mapping, Node, Scalar, Sequence, kind

if TYPE_CHECKING:
    from .schema import Shape

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", re.ASCII)  # ASCII digits: `٢٠٢٢` is not written YYYY
_CONTROL = CONTROL  # text/clean.py: what XML cannot hold, and DEL


def locate(scalar: Scalar, needle: str, occurrence: int = 0) -> Span:
    """Return the span of the `occurrence`-th `needle` inside `scalar`'s source text.

    Falls back to the scalar's own span when the needle cannot be found verbatim in the source
    (an escape sequence, say), so a diagnostic always has a place.
    """
    raw = scalar.raw
    at = -1
    for _ in range(occurrence + 1):
        at = raw.find(needle, at + 1)
        if at < 0:
            return scalar.span
    line = scalar.span.line + raw.count("\n", 0, at)
    nl = raw.rfind("\n", 0, at)
    column = (scalar.span.column + at) if nl < 0 else (at - nl)
    return Span(scalar.span.file, line, column, max(1, len(needle)))


@dataclass
class Reader:
    """Reads one YAML file's nodes, collecting every problem instead of stopping at the first."""

    diags: Collector
    file: Path
    # per mapping (by id): the keys that an unknown key there misspells (`cliam:` is one mistake,
    # so the missing `claim` it stands for is not reported again), and the missing keys reported
    _misspelt: dict[int, set[str]] = field(default_factory=dict, repr=False)
    _reported: set[tuple[int, str]] = field(default_factory=set, repr=False)

    def misspelt(self, m: Mapping) -> frozenset[str]:
        """Return the keys of mapping `m` that its unknown keys misspell (reported with `keys`)."""
        return frozenset(self._misspelt.get(id(m), ()))

    def _missing(self, m: Mapping, key: str, span: Span, help: str, what: str) -> None:
        """Report that mapping `m` lacks `key`, once, and not when an unknown key of `m` misspells it."""
        if key not in self._misspelt.get(id(m), ()) and (id(m), key) not in self._reported:
            self._reported.add((id(m), key))
            self.diags.add(error(f"{what or 'this mapping'} is missing `{key}`", span, help=help))

    # ---- structure

    def mapping(self, node: Node | None, what: str) -> Mapping | None:
        if isinstance(node, Mapping):
            return node
        if node is not None:
            self.diags.add(error(f"{what} must be a mapping of `key: value` lines, not {kind(node)}", node.span))
        return None

    def sequence(self, node: Node | None, what: str) -> Sequence | None:
        if isinstance(node, Sequence):
            return node
        if node is not None:
            self.diags.add(error(f"`{what}` must be a list, not {kind(node)}", node.span,
                                 help="write each item on its own line starting with `- `"))
        return None

    def keys(self, m: Mapping, *, allowed: tuple[str, ...], required: tuple[str, ...] = (), what: str) -> None:
        """Report unknown keys (with did-you-mean) and missing required ones. A required key that
        an unknown key misspells (`sectons:`) is one mistake: reported once, at the misspelling."""
        for k, _ in m.items:
            if k.value not in allowed:
                meant = closest(k.value, allowed)
                if meant is not None and m.key(meant) is None:
                    self._misspelt.setdefault(id(m), set()).add(meant)
                self.diags.add(error(f"unknown key `{k.value}` in {what}", k.span,
                                     help=f"did you mean `{meant}`?" if meant else f"known keys: {', '.join(allowed)}"))
        for r in required:
            if m.get(r) is None and m.key(r) is None:
                self._missing(m, r, m.span, f"add `{r}: ...`", what)

    def shape(self, m: Mapping, shape: "Shape") -> None:
        """Report the keys of `m` that `shape` (load/schema.py) does not declare, and its missing required ones."""
        self.keys(m, allowed=shape.keys, required=shape.required, what=shape.title)

    # ---- values

    def text(self, m: Mapping, key: str, *, required: bool = False, what: str = "") -> str | None:
        """Return the text at `key` exactly as written (so `NO` stays `NO` and `1.10` stays `1.10`)."""
        node = m.get(key)
        if node is None:
            if required:
                self._missing(m, key, m.span, f"add `{key}: ...`", what)
            return None
        return self.scalar_text(node, key, required=required)

    def scalar_text(self, node: Node, key: str, *, required: bool = False) -> str | None:
        if not isinstance(node, Scalar):
            self.diags.add(error(f"`{key}` must be text, not {kind(node)}", node.span,
                                 help="quote the value if it contains `: ` or starts with `[` or `{`"))
            return None
        if node.tag == "null" and not node.quoted:
            if required:
                self.diags.add(error(f"`{key}` is empty", node.span, help=f"write a value after `{key}:`"))
            return None
        # PyYAML keeps a plain scalar's text as written (`1.10`, `NO`, `2024`), without the
        # anchor or tag in front of it (`&num 2024` is `2024`), which a slice of the source has.
        return self.clean(node.value, node.span, key)

    def clean(self, value: str, span: Span, key: str) -> str:
        """Return `value` without characters no XML document can hold, warning where they were."""
        if _CONTROL.search(value):
            self.diags.add(warning(f"`{key}` contains control characters ({control_codes(value)}) that documents cannot hold; "
                                   "they were dropped", span))
            value = _CONTROL.sub("", value)
        return value

    def slug(self, m: Mapping, key: str, *, what: str) -> tuple[str, Span] | None:
        value = self.text(m, key, required=True, what=what)
        if value is None:
            return None
        node = m.get(key)
        assert node is not None
        if not SLUG.match(value):
            suggestion = slugify(value)
            self.diags.add(error(f"`{value}` is not a valid id", node.span,
                                 help=f"ids use lowercase letters, digits and hyphens, e.g. `{suggestion or 'my-id'}`"))
            return None
        return value, node.span

    def date(self, m: Mapping, key: str, *, required: bool = False, what: str = "") -> PartialDate | None:
        node = m.get(key)
        if node is None or (isinstance(node, Scalar) and node.tag == "null" and not node.quoted):
            if required:
                self._missing(m, key, (node or m).span, f"add `{key}: YYYY-MM-DD`", what)
            return None
        if not isinstance(node, Scalar):
            self.diags.add(error(f"`{key}` must be a date, not {kind(node)}", node.span))
            return None
        return parse_date(node.value.strip(), node.span, self.diags, key)

    def flag(self, m: Mapping, key: str) -> bool:
        node = m.get(key)
        if node is None:
            return False
        if isinstance(node, Scalar) and node.raw.strip() in ("true", "false"):
            return node.raw.strip() == "true"
        self.diags.add(error(f"`{key}` must be `true` or `false`", node.span,
                             help="write `true` or `false`, in lower case (or leave the key out)"))
        return False

    def text_list(self, m: Mapping, key: str, *, names: bool = False) -> tuple[Scalar, ...]:
        """Return the scalars of a list of text (a single text is taken as a one-item list).

        With `names` (tags, keywords: short names, never sentences), a single text with commas is
        a list written without its brackets (`tags: energy, brenmoor`), an error: read as one name,
        it would select nothing a timeline asks for."""
        node = m.get(key)
        if node is None:
            return ()
        if isinstance(node, Scalar) and node.tag != "null":
            if names and "," in node.value and not node.quoted:
                items = ", ".join(p.strip() for p in node.value.split(",") if p.strip())
                self.diags.add(error(f"`{key}` is one text, `{node.value.strip()}`, not a list", node.span,
                                     help=f"write the list in brackets: `{key}: [{items}]`"))
                return ()
            return (node,)
        seq = self.sequence(node, key)
        if seq is None:
            return ()
        out = []
        for item in seq.items:
            if isinstance(item, Scalar):
                out.append(item)
            else:
                self.diags.add(error(f"each item of `{key}` must be text, not {kind(item)}", item.span,
                                     help="quote an item that contains `: `"))
        return tuple(out)


_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$", re.ASCII)


def _date_help(text: str) -> str:
    """Return the help for a date not written YYYY-MM-DD: for `03/12/2026`, its readings in that
    order (3 December or 12 March: only the author knows which the source means)."""
    m = _DAY_MONTH_YEAR.match(text.strip())
    if m:
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        readings = []
        for day, month in ((a, b), (b, a)):
            try:
                _dt.date(year, month, day)
            except ValueError:
                continue
            iso = f"`{year:04d}-{month:02d}-{day:02d}` ({day} {MONTHS[month - 1]})"
            if iso not in readings:
                readings.append(iso)
        if len(readings) == 2:
            return f"write it {readings[0]} or {readings[1]}, whichever the source means"
        if readings:
            return f"write it {readings[0]}"
    words = text.split()
    if len(words) == 2 and words[1].isdigit() and len(words[1]) == 4 and month_number(words[0]):
        return f"write it `{words[1]}-{month_number(words[0]):02d}`"  # `July 2023`
    return "write the year first: `2024`, `2024-03` or `2024-03-12`"


def parse_date(text: str, span: Span, diags: Collector, key: str) -> PartialDate | None:
    """Return the partial date written as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or record an error."""
    m = _DATE.match(text)
    if not m:
        diags.add(error(f"`{key}` must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not `{text}`", span,
                        help=_date_help(text)))
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if year < 1:
        # There is no year 0 (1 BC is followed by AD 1), and Python's dates, Word's and
        # PowerPoint's cannot hold one; `0000-05` would print as the year 5.
        diags.add(error(f"`{text}` is not a real date (there is no year 0000)", span,
                        help="write the year with four digits, from 0001 to 9999"))
        return None
    if month and not 1 <= int(month) <= 12:
        diags.add(error(f"`{text}` is not a real date: there is no month {int(month)}", span,
                        help="write the month with two digits, from 01 to 12 (the order is YYYY-MM-DD)"))
        return None
    if day:
        try:
            _dt.date(year, int(month), int(day))
        except ValueError:
            import calendar

            length = calendar.monthrange(year, int(month))[1]
            diags.add(error(f"`{text}` is not a real date: {MONTHS[int(month) - 1]} {year} has {length} days",
                            span, help="write the day the source gives, or only the month "
                                       f"(`{year:04d}-{month}`) when it gives no day"))
            return None
    return PartialDate(year, int(month) if month else None, int(day) if day else None)
