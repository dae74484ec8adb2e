"""Audience profiles: the reading level, length budget and teaching blocks each audience expects.

A profile is `templates/audiences/<name>.yaml`; an outline's `audience:` names one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import BriefgenError, Collector, Span, did_you_mean, error
from ..load import schema
from ..load.read import Reader
from ..load.yamlpos import Mapping, Node, Scalar, Sequence, parse, read_text_file
from ..resources import templates_dir

AUDIENCES = templates_dir() / "audiences"

# Blocks an outline writes itself, and the one briefgen adds (`how_we_know`, a box on the evidence).
OUTLINE_BLOCKS = ("objectives", "glossary", "questions", "actors")
BLOCKS = OUTLINE_BLOCKS + ("how_we_know",)


@dataclass(frozen=True, slots=True)
class Profile:
    """One audience: the Flesch–Kincaid grade range its prose should fall in, its length budget,
    and the teaching blocks it expects."""

    name: str
    label: str
    grade_min: float
    grade_max: float
    max_pages: int
    max_slides: int
    expects: tuple[str, ...] = ()
    description: str = ""
    path: Path | None = None
    kicker: str = ""          # the document's kind above the title ("Student handout")
    markers: str = "inline"   # "inline", or "paragraph": one marker per paragraph
    contents: bool = False    # a contents list after the title block
    # ranges on other readability scales, by the scale's key (`kandel_moles` for French prose)
    scales: tuple[tuple[str, float, float], ...] = ()

    def scale_range(self, key: str) -> tuple[float, float] | None:
        """Return the profile's range on the readability scale `key`, or None when it gives none."""
        if key == "grade":
            return self.grade_min, self.grade_max
        return next(((lo, hi) for k, lo, hi in self.scales if k == key), None)

    @property
    def how_we_know(self) -> bool:
        """Return whether briefgen should add its "How we know" box for this audience."""
        return "how_we_know" in self.expects

    def grade_range(self) -> str:
        """Return the grade range as readers see it, e.g. `8–12`."""
        return f"{self.grade_min:g}\u2013{self.grade_max:g}"


def available(root: Path = AUDIENCES) -> list[str]:
    """Return the names of the audience profiles in `root`, sorted."""
    if not root.is_dir():
        return []
    return sorted(p.stem for p in root.glob("*.yaml") if p.is_file())


def load_profile(name: str, *, root: Path = AUDIENCES, span: Span | None = None) -> Profile:
    """Return the audience profile `name` read from `root/<name>.yaml`.

    `span` is where the outline names the audience, so that an unknown name points there.
    Raises |BriefgenError| when there is no such profile (naming the known ones) or when the
    profile file is malformed (every problem located in it).
    """
    names = available(root)
    if name not in names:
        raise BriefgenError([error(
            f"unknown audience `{name}`", span,
            help=did_you_mean(name, names) or f"known audiences: {', '.join(names) or 'none'}",
            notes=[f"audience profiles are the YAML files in `{root}`"])])
    path = root / f"{name}.yaml"
    node = parse(read_text_file(path, what="audience profile"), path)
    diags = Collector()
    r = Reader(diags, path)
    if not isinstance(node, Mapping):
        raise BriefgenError([error("an audience profile must be a YAML mapping", node.span)])
    r.shape(node, schema.PROFILE)
    label = r.text(node, "label") or name
    description = r.text(node, "description") or ""
    grade = _grade(r, node.get("readability"), node.span)
    scales = _scales(r, node.get("readability"))
    pages = slides = 0
    length = r.mapping(node.get("length"), "`length`") if node.get("length") is not None else None
    if length is not None:
        r.shape(length, schema.LENGTH)
        pages = _count(r, length, "max_pages")
        slides = _count(r, length, "max_slides")
    expects: tuple[str, ...] = ()
    teaching = r.mapping(node.get("teaching"), "`teaching`") if node.get("teaching") is not None else None
    if teaching is not None:
        r.shape(teaching, schema.TEACHING)
        items = r.text_list(teaching, "expects")
        for s in items:
            if s.value not in BLOCKS:
                diags.add(error(f"unknown teaching block `{s.value}`", s.span,
                                help=did_you_mean(s.value, BLOCKS) or f"known blocks: {', '.join(BLOCKS)}"))
        expects = tuple(dict.fromkeys(s.value for s in items if s.value in BLOCKS))
    kicker = r.text(node, "kicker") or ""
    markers = r.text(node, "markers") or "inline"
    contents = r.flag(node, "contents")
    diags.raise_if_errors()
    assert grade is not None
    return Profile(name, label, grade[0], grade[1], pages, slides, expects, description, path, scales=scales,
                   kicker=kicker, markers=markers, contents=contents)


def _scales(r: Reader, node: Node | None) -> tuple[tuple[str, float, float], ...]:
    """Return the ranges a profile's `readability` gives on scales other than the grade (0–100)."""
    out = []
    for key in ("kandel_moles",):
        g = node.get(key) if isinstance(node, Mapping) else None
        if g is None:
            continue
        values = _pair(g, high=120)
        if values is None:
            r.diags.add(error(f"`{key}` must be a range of two reading-ease scores, low then high", g.span,
                              help=f"write e.g. `{key}: [50, 80]`"))
            continue
        out.append((key, values[0], values[1]))
    return tuple(out)


def _grade(r: Reader, node: Node | None, where: Span) -> tuple[float, float] | None:
    m = r.mapping(node, "`readability`")
    if m is None:
        return None
    r.shape(m, schema.READABILITY)
    g = m.get("grade")
    values = _pair(g, high=25)
    if values is None:
        r.diags.add(error("`grade` must be a range of two Flesch–Kincaid grades, low then high",
                          g.span if g is not None else where,
                          help="write e.g. `grade: [8, 12]`"))
        return None
    return values[0], values[1]


def _pair(node: Node | None, *, high: float) -> tuple[float, float] | None:
    """Return the range `[low, high]` written at `node`, or None unless it is two numbers with
    0 <= low <= high <= `high`."""
    if not (isinstance(node, Sequence) and len(node.items) == 2 and all(isinstance(x, Scalar) for x in node.items)):
        return None
    try:
        low, top = (float(x.value) for x in node.items if isinstance(x, Scalar))
    except ValueError:
        return None
    return (low, top) if 0 <= low <= top <= high else None


def _count(r: Reader, m: Mapping, key: str) -> int:
    raw = r.text(m, key, required=True, what="`length`")
    if raw is None:
        return 0
    if not raw.isdigit() or int(raw) < 1:
        node = m.get(key)
        r.diags.add(error(f"`{key}` must be a whole number of at least 1, not `{raw}`",
                          node.span if node is not None else m.span))
        return 0
    return int(raw)
