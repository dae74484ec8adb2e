"""Locator maps: the shipped country outlines (Natural Earth), ISO code look-up, and projection.

The outlines are `templates/maps/countries.json` (made once by `make_countries.py` beside it;
see its README for the package, version and licence): each country's ISO 3166-1 alpha-3 code,
English names, the box of its main parts, a label point, and its rings as delta-encoded
hundredths of a degree. It is read once per process and file state (|cached_by_file|).

The projection is equirectangular with longitudes scaled by the cosine of the frame's middle
latitude (plate carrée corrected at its centre): for a regional locator map, a few tens of
degrees across, shapes keep their proportions where the reader looks, straight parallels make
north obvious, and the arithmetic is the same in every renderer because it is done here. The
frame is the highlighted countries' box (or `region:`) with a margin, widened or heightened to
an aspect between 2:1 and 1:1; shapes are clipped to it, so neighbours show for context.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from .. import i18n
from ..cache import cached_by_file
from ..model import MapData, MapLabel, MapShape
from .spec import MapSpec

WIDTH = 1000.0
MIN_ASPECT, MAX_ASPECT = 0.5, 1.0   # height / width of the map's box
DATA = "maps/countries.json"        # under briefgen's templates


@dataclass(frozen=True, slots=True)
class Country:
    """One country of the shipped outlines; its rings stay encoded until a map shows it."""

    code: str                     # ISO 3166-1 alpha-3; "" for the few Natural Earth units without one
    name: str
    aliases: tuple[str, ...]
    frame: tuple[float, float, float, float]   # west, south, east, north of its main parts
    label: tuple[float, float]    # lon, lat of its label point
    box: tuple[float, float, float, float]     # west, south, east, north of all its parts
    encoded: tuple[Sequence[int], ...] = field(repr=False, default=())  # delta-encoded, 1/scale degrees
    scale: float = 100.0

    @property
    def rings(self) -> tuple[tuple[tuple[float, float], ...], ...]:
        """Return its rings as (lon, lat) points."""
        return tuple(_decode(flat, self.scale) for flat in self.encoded)


@dataclass(frozen=True, slots=True)
class World:
    countries: tuple[Country, ...]
    by_code: dict[str, Country]

    def suggest(self, written: str) -> str | None:
        """Return a `did you mean` for a code that is not one: by code, then by country name."""
        import difflib

        text = written.strip()
        if text.upper() in self.by_code:
            c = self.by_code[text.upper()]
            return f"did you mean `{c.code}` ({c.name})? codes are written in capitals"
        names: dict[str, Country] = {}
        for c in self.countries:
            if c.code:
                for n in (c.name, *c.aliases):
                    names.setdefault(n.lower(), c)
        if text.lower() in names:
            c = names[text.lower()]
            return f"did you mean `{c.code}` ({c.name})?"
        close = difflib.get_close_matches(text.upper(), list(self.by_code), n=1, cutoff=0.6)
        if close and len(text) == 3:
            c = self.by_code[close[0]]
            return f"did you mean `{c.code}` ({c.name})?"
        close = difflib.get_close_matches(text.lower(), list(names), n=1, cutoff=0.7)
        if close:
            c = names[close[0]]
            return f"did you mean `{c.code}` ({c.name})?"
        return None


def data_path() -> Path:
    from ..resources import templates_dir

    return templates_dir() / DATA


def world() -> World:
    """Return the shipped country outlines, read once per process. Raises |OSError| when the
    file is missing (a broken installation)."""
    return cached_by_file(data_path(), _read_world)


def _read_world(path: Path) -> World:
    raw = json.loads(path.read_text(encoding="utf-8"))
    scale = float(raw["precision"])
    countries = [Country(c["code"], c["name"], tuple(c["aliases"]), tuple(c["frame"]), tuple(c["label"]),  # type: ignore[arg-type]
                         tuple(c["box"]), tuple(c["rings"]), scale)  # type: ignore[arg-type]
                 for c in raw["countries"]]
    return World(tuple(countries), {c.code: c for c in countries if c.code})


def _decode(flat: Sequence[int], scale: float) -> tuple[tuple[float, float], ...]:
    x = y = 0
    pts = []
    for i in range(0, len(flat), 2):
        x += flat[i]
        y += flat[i + 1]
        pts.append((x / scale, y / scale))
    return tuple(pts)


# ---------------------------------------------------------------- projection


@dataclass(frozen=True, slots=True)
class Frame:
    """What a map shows, in degrees, and how it projects into a `WIDTH` × `height` box."""

    west: float
    south: float
    east: float
    north: float

    @property
    def k(self) -> float:
        return max(0.1, math.cos(math.radians((self.south + self.north) / 2)))

    @property
    def scale(self) -> float:
        return WIDTH / ((self.east - self.west) * self.k)

    @property
    def height(self) -> float:
        return (self.north - self.south) * self.scale

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        return (round((lon - self.west) * self.k * self.scale, 1), round((self.north - lat) * self.scale, 1))

    def contains(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north


def crosses_antimeridian(spec: MapSpec, w: World) -> bool:
    """Return whether the map's countries are far closer across the 180° meridian than along the
    equator (Fiji and Tonga, New Zealand and Samoa): a frame from west to east would then show
    most of the world with the countries at its edges."""
    boxes = [w.by_code[c].frame for c in (spec.frame or spec.highlight) if c in w.by_code]
    if len(boxes) < 2:
        return False
    span = max(b[2] for b in boxes) - min(b[0] for b in boxes)
    shifted = [(b[0] + 360 if b[2] < 0 else b[0], b[2] + 360 if b[2] < 0 else b[2]) for b in boxes]
    across = max(e for _, e in shifted) - min(x for x, _ in shifted)
    return span > 180 and across < span / 2


def frame_of(spec: MapSpec, w: World) -> Frame:
    """Return the frame of a map: `region:`'s box, or its countries' with a margin, at a fair aspect."""
    if spec.bbox is not None:
        west, south, east, north = spec.bbox
    else:
        codes = spec.frame or spec.highlight
        boxes = [w.by_code[c].frame for c in codes if c in w.by_code]
        west, south = min(b[0] for b in boxes), min(b[1] for b in boxes)
        east, north = max(b[2] for b in boxes), max(b[3] for b in boxes)
        margin = max(0.2 * max(east - west, north - south), 2.0)
        west, east, south, north = west - margin, east + margin, south - margin, north + margin
    south, north = max(south, -85.0), min(north, 85.0)
    west, east = max(west, -180.0), min(east, 180.0)
    f = Frame(west, south, east, north)
    aspect = f.height / WIDTH
    if aspect > MAX_ASPECT:  # too tall: show more on either side
        extra = ((north - south) / MAX_ASPECT / f.k - (east - west)) / 2
        f = Frame(max(-180.0, west - extra), south, min(180.0, east + extra), north)
    elif aspect < MIN_ASPECT:  # too wide: show more above and below
        extra = (MIN_ASPECT * (east - west) * f.k - (north - south)) / 2
        f = Frame(west, max(-85.0, south - extra), east, min(85.0, north + extra))
    return f


def _clip(ring: tuple[tuple[float, float], ...], f: Frame) -> list[tuple[float, float]]:
    """Return `ring` clipped to the frame (Sutherland–Hodgman, one edge of the box at a time)."""
    pts = list(ring)
    edges = ((0, f.west, True), (0, f.east, False), (1, f.south, True), (1, f.north, False))
    for axis, bound, keep_above in edges:
        if not pts:
            break
        out: list[tuple[float, float]] = []
        prev = pts[-1]
        for cur in pts:
            if _inside(cur, axis, bound, keep_above):
                if not _inside(prev, axis, bound, keep_above):
                    out.append(_cross(prev, cur, axis, bound))
                out.append(cur)
            elif _inside(prev, axis, bound, keep_above):
                out.append(_cross(prev, cur, axis, bound))
            prev = cur
        pts = out
    return pts


def _inside(p: tuple[float, float], axis: int, bound: float, keep_above: bool) -> bool:
    return p[axis] >= bound if keep_above else p[axis] <= bound


def _cross(a: tuple[float, float], b: tuple[float, float], axis: int, bound: float) -> tuple[float, float]:
    t = (bound - a[axis]) / (b[axis] - a[axis])
    p = (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
    return (bound, p[1]) if axis == 0 else (p[0], bound)


def locator(spec: MapSpec, w: World | None = None, *, language: str = "en") -> MapData:
    """Return the projected map for `spec` (codes already checked by the loader), its countries
    named in `language` (|name_of|)."""
    w = w or world()
    f = frame_of(spec, w)
    highlighted = set(spec.highlight)
    shapes: list[MapShape] = []
    for c in w.countries:
        west, south, east, north = c.box
        if east < f.west or west > f.east or north < f.south or south > f.north:
            continue  # not on this map: its rings are never decoded
        rings = []
        for ring in c.rings:
            xs, ys = [p[0] for p in ring], [p[1] for p in ring]
            if max(xs) < f.west or min(xs) > f.east or max(ys) < f.south or min(ys) > f.north:
                continue
            clipped = _clip(ring, f)
            projected: list[tuple[float, float]] = []
            for lon, lat in clipped:
                p = f.project(lon, lat)
                if not projected or projected[-1] != p:
                    projected.append(p)
            if len(projected) > 1 and projected[0] == projected[-1]:
                projected.pop()
            if len(projected) >= 3 and abs(_area(projected)) >= 1.0:  # under a square unit: invisible
                rings.append(tuple(projected))
        if rings:
            shapes.append(MapShape(c.code, name_of(c, language), c.code in highlighted, tuple(rings)))
    # context first, highlighted on top; within each, larger first so an enclave is drawn over
    shapes.sort(key=lambda s: (s.highlighted, -sum(abs(_area(r)) for r in s.rings)))
    labels = []
    dots = [f.project(p.lon, p.lat) for p in spec.places]
    drawn = {s.code: s for s in shapes}
    for code in spec.highlight:
        c = w.by_code[code]
        if f.contains(*c.label) and code in drawn:
            name = drawn[code].name
            x, y = _clear_of(f.project(*c.label), name, list(zip((p.name for p in spec.places), dots)),
                             drawn[code].rings)
            labels.append(MapLabel(name, x, y))
    for place, (x, y) in zip(spec.places, dots):
        labels.append(MapLabel(place.name, x, y, place=True))
    return MapData(WIDTH, round(f.height, 1), tuple(shapes), tuple(labels), spec.legend)


LABEL_HEIGHT = 50.0  # box units a name and its margin take up, generously (names print about 20 high)
CHAR_WIDTH = 12.0    # box units per character, generously


def _clear_of(at: tuple[float, float], name: str, places: list[tuple[str, tuple[float, float]]],
              rings: tuple[tuple[tuple[float, float], ...], ...]) -> tuple[float, float]:
    """Return where a country's name goes: `at`, or, when a place's dot or name would crowd it,
    the nearest point one to three name heights north or south (or a name's width west or east)
    that is still inside the country and clear of every place."""
    half = CHAR_WIDTH * len(name) / 2 + 15

    def crowded(p: tuple[float, float]) -> bool:
        return any(p[0] - half < d[0] + 15 + CHAR_WIDTH * len(text) and d[0] - 15 < p[0] + half
                   and abs(p[1] - d[1]) < LABEL_HEIGHT for text, d in places)

    if not crowded(at):
        return at
    for step in (1, 2, 3):
        for dx, dy in ((0, -1), (0, 1), (-1, 0), (1, 0)):
            p = (round(at[0] + dx * step * half, 1), round(at[1] + dy * step * LABEL_HEIGHT, 1))
            if not crowded(p) and any(_in_ring(p, ring) for ring in rings):
                return p
    return at


def _in_ring(p: tuple[float, float], ring: tuple[tuple[float, float], ...]) -> bool:
    x, y = p
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def _area(ring: list[tuple[float, float]] | tuple[tuple[float, float], ...]) -> float:
    n = len(ring)
    return sum(ring[i][0] * ring[(i + 1) % n][1] - ring[(i + 1) % n][0] * ring[i][1] for i in range(n)) / 2


def describe(spec: MapSpec, w: World | None = None, *, language: str = "en",
             label: Callable[[str], str] | None = None) -> str:
    """Return a text alternative for a map in the brief's language: "Locator map highlighting
    Niger, Mali and Burkina Faso (Alliance of Sahel States)." Places marked are named too.

    `label` looks up the brief's labels (the catalogue's `map_alt`, `map_alt_places` and `and`, as
    the outline may override them); without them, the English catalogue's words."""
    w = w or world()
    L = label or i18n.words().__getitem__
    names = [name_of(w.by_code[c], language) for c in spec.highlight if c in w.by_code]
    countries = _and(names, L("and"))
    if spec.legend and spec.legend not in names:
        countries += f" ({spec.legend})"
    if spec.places:
        return i18n.fill(L("map_alt_places"), countries=countries,
                         places=_and([p.name for p in spec.places], L("and")))
    return i18n.fill(L("map_alt"), countries=countries)


def _and(items: list[str], word: str) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1] if items else ""


def name_of(country: Country, language: str) -> str:
    """Return the name a map prints for `country` in a brief of `language`: the shipped outlines'
    (Natural Earth's) in English, CLDR's through Babel in any other language (`Tchad`, `Algérie`),
    and Natural Earth's where CLDR has none for it or no data for the language.

    English keeps Natural Earth's short names, chosen for maps: CLDR's English names are written
    for lists of countries ("Congo - Kinshasa", "Myanmar (Burma)")."""
    base = i18n.base_language(language)
    if base == "en" or not country.code:
        return country.name
    territories = _territory_names(base)
    from babel.core import get_global

    alpha2 = get_global("territory_aliases").get(country.code, ())
    return territories.get(alpha2[0], country.name) if len(alpha2) == 1 else country.name


@lru_cache(maxsize=8)
def _territory_names(language: str) -> Mapping[str, str]:
    """Return CLDR's territory names in `language` by ISO 3166-1 alpha-2 code; none for a
    language CLDR does not know."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language).territories
    except (ValueError, UnknownLocaleError):
        return {}
