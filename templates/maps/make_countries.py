"""Build templates/maps/countries.json, the country outlines locator maps are drawn from.

Run once, offline, from two npm packages unpacked by npm's own client (see README.md here):

    cd /tmp && npm pack world-atlas@2.0.2 i18n-iso-countries@7.14.0
    mkdir wa iso && tar xzf world-atlas-2.0.2.tgz -C wa && tar xzf i18n-iso-countries-7.14.0.tgz -C iso
    python templates/maps/make_countries.py /tmp/wa/package /tmp/iso/package

world-atlas's `countries-50m.json` is Natural Earth's 1:50m Admin 0 countries as TopoJSON
(country ids are ISO 3166-1 numeric codes); i18n-iso-countries gives each numeric code its
alpha-3 code and English names. The script decodes the topology, simplifies each shared arc
once (Douglas–Peucker, so neighbours still meet exactly), drops holes (an enclave is a country of
its own, drawn over its neighbour), splits the rings cut at the ±180° meridian, computes a box of all its parts (to skip it quickly
when a map does not show it), a frame (the box of its main parts, without far islands or
overseas regions) and a label point per country (the pole of
inaccessibility of its largest part) and writes every ring as delta-encoded integers in
hundredths of a degree. The output is the same on every run.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TOLERANCE = 0.02   # degrees: under a pixel at the scale of a regional locator map
PRECISION = 100    # stored units per degree


def _arcs(topo: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def _simplify(pts: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    if len(pts) < 3:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = pts[a], pts[b]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        best, at = 0.0, -1
        for i in range(a + 1, b):
            px, py = pts[i]
            d = abs(dy * (px - ax) - dx * (py - ay)) / norm if norm else math.hypot(px - ax, py - ay)
            if d > best:
                best, at = d, i
        if best > tol and at > 0:
            keep[at] = True
            stack += [(a, at), (at, b)]
    return [p for p, k in zip(pts, keep) if k]


def _ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(arc if not out else arc[1:])
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def _split_antimeridian(ring: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """Return `ring` as rings that do not jump across the ±180° meridian (Russia, Fiji): a ring
    cut there jumps from 180 to -180 and back, and each side closes along the meridian."""
    jumps = [i for i in range(len(ring)) if abs(ring[i][0] - ring[i - 1][0]) > 180]
    if len(jumps) != 2:
        return [ring]
    a, b = jumps
    return [r for r in (ring[a:b], ring[b:] + ring[:a]) if len(r) >= 3]


def _area(ring: list[tuple[float, float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1])) / 2


def _inside(x: float, y: float, ring: list[tuple[float, float]]) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def _edge_distance(x: float, y: float, ring: list[tuple[float, float]]) -> float:
    best = math.inf
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        dx, dy = x2 - x1, y2 - y1
        t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy))) if dx or dy else 0.0
        best = min(best, math.hypot(x - (x1 + t * dx), y - (y1 + t * dy)))
    return best


def _label_point(ring: list[tuple[float, float]]) -> tuple[float, float]:
    """Return the point of `ring` farthest from its edges (a grid search, refined twice)."""
    mid_lat = sum(y for _, y in ring) / len(ring)
    k = max(0.2, math.cos(math.radians(mid_lat)))
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    box = (min(xs), min(ys), max(xs), max(ys))
    flat = [(x * k, y) for x, y in ring]
    best = (-1.0, (box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    w, s, e, n = box
    for _ in range(3):
        for i in range(21):
            for j in range(21):
                x, y = w + (e - w) * i / 20, s + (n - s) * j / 20
                if _inside(x, y, ring):
                    d = _edge_distance(x * k, y, flat)
                    if d > best[0]:
                        best = (d, x, y)
        dx, dy = (e - w) / 10, (n - s) / 10
        w, e, s, n = best[1] - dx, best[1] + dx, best[2] - dy, best[2] + dy
    return best[1], best[2]


def _encode(ring: list[tuple[float, float]]) -> list[int]:
    out: list[int] = []
    px = py = 0
    last = None
    for x, y in ring:
        qx, qy = round(x * PRECISION), round(y * PRECISION)
        if (qx, qy) == last:
            continue
        out += [qx - px, qy - py]
        px, py, last = qx, qy, (qx, qy)
    return out


def main(atlas: Path, iso: Path) -> None:
    topo = json.loads((atlas / "countries-50m.json").read_text(encoding="utf-8"))
    codes = {num: (a2, a3) for a2, a3, num, _ in json.loads((iso / "codes.json").read_text(encoding="utf-8"))}
    english = json.loads((iso / "langs" / "en.json").read_text(encoding="utf-8"))["countries"]
    arcs = [_simplify(a, TOLERANCE) for a in _arcs(topo)]
    countries = []
    for geom in topo["objects"]["countries"]["geometries"]:
        polys = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]] if geom["type"] == "Polygon" else []
        rings = [part for p in polys for part in _split_antimeridian(_ring(p[0], arcs))]  # outer rings only
        rings = [r for r in rings if len(r) >= 3 and abs(_area(r)) > 1e-6]
        if not rings:
            continue
        ne_name = geom["properties"]["name"]
        a2, a3 = codes.get(geom.get("id", ""), ("", ""))
        names = english.get(a2, []) if a2 else []
        names = [names] if isinstance(names, str) else list(names)
        # Natural Earth's short name ("Niger", "Russia"), unless it is abbreviated ("Dem. Rep. Congo"):
        # then the shortest of ISO's English names without a comma
        name = ne_name
        if "." in ne_name and names:
            name = next((n for n in names if "," not in n), names[0])
        aliases = sorted({n for n in names + [ne_name] if n != name})
        largest = max(rings, key=lambda r: abs(_area(r)))
        # the frame: the country's main parts, not every far island or overseas region
        main = [r for r in rings if abs(_area(r)) >= 0.2 * abs(_area(largest))]
        xs = [x for r in main for x, _ in r]
        ys = [y for r in main for _, y in r]
        lx, ly = _label_point(largest)
        every_x = [x for r in rings for x, _ in r]
        every_y = [y for r in rings for _, y in r]
        countries.append({
            "code": a3, "name": name, "aliases": aliases,
            "frame": [round(min(xs), 2), round(min(ys), 2), round(max(xs), 2), round(max(ys), 2)],
            "label": [round(lx, 2), round(ly, 2)],
            "box": [round(min(every_x), 2), round(min(every_y), 2), round(max(every_x), 2), round(max(every_y), 2)],
            "rings": [_encode(r) for r in sorted(rings, key=lambda r: -abs(_area(r)))],
        })
    countries.sort(key=lambda c: (c["code"] or "~", c["name"]))
    out = {
        "source": "Natural Earth 1:50m Admin 0 countries, via the npm package world-atlas 2.0.2 (countries-50m.json)",
        "codes": "ISO 3166-1 alpha-3 and English names from the npm package i18n-iso-countries 7.14.0",
        "licence": "Natural Earth: public domain; see README.md",
        "precision": PRECISION,
        "countries": countries,
    }
    text = json.dumps(out, ensure_ascii=False, separators=(",", ":"))
    (HERE / "countries.json").write_text(text + "\n", encoding="utf-8")
    print(f"{len(countries)} countries, {len(text) / 1024:.0f} kB")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
