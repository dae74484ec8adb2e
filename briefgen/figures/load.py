"""Reading a section's `figures:` (and the Markdown images of its `body`) with every problem located.

Each figure is exactly one of `image:`, `map:` or `chart:`, with the common keys `alt`,
`caption`, `credit` and `decorative` (declared in load/schema.py as `FIGURE`). Picture files
are read and checked here (the loader is the stage that touches files); map codes are checked
against the shipped outlines; a chart's values are checked against their facts' quotes later,
by resolve, which has the fact library.
"""

from __future__ import annotations

import math
from pathlib import Path

from ..diagnostics import Span, did_you_mean, error
from ..load import schema
from ..load.project import Options, resolve_path
from ..load.read import Reader, locate
from ..load.yamlpos import Mapping, Node, Scalar, Sequence, kind
from ..model import ImageData
from . import images, maps
from .spec import ChartSpec, FigureRec, MapSpec, PlaceSpec, PointSpec

KINDS = schema.FIGURE.one_of


def read_figures(r: Reader, section: Mapping, *, base: Path, options: Options) -> tuple[FigureRec, ...]:
    """Return the figures of `section` (its `figures:` list); a figure with errors is left out."""
    seq = r.sequence(section.get("figures"), "figures")
    out = []
    for item in seq.items if seq else ():
        m = r.mapping(item, "a figure")
        if m is None:
            continue
        rec = _figure(r, m, base=base, options=options)
        if rec is not None:
            out.append(rec)
    return tuple(out)


def _figure(r: Reader, m: Mapping, *, base: Path, options: Options) -> FigureRec | None:
    """Return the figure the mapping `m` declares; None when it has an error (reported)."""
    r.shape(m, schema.FIGURE)
    what = _figure_kind(r, m)
    if what is None:
        return None
    decorative = r.flag(m, "decorative")
    alt = _text_scalar(r, m, "alt")
    caption = _text_scalar(r, m, "caption")
    credit = r.text(m, "credit")
    ok = _texts_fit(r, m, what, decorative=decorative, alt=alt, caption=caption)
    node = _figure_node(r, m, what)
    if node is None:
        return None
    image = map_spec = chart = None
    if what == "image":
        image = _image(r, node, base=base, options=options)
        ok = ok and image is not None
    elif what == "map":
        map_spec = _map(r, node)
        ok = ok and map_spec is not None
    else:
        chart = _chart(r, node)
        ok = ok and chart is not None
    if not ok:
        return None
    return FigureRec(what, m.span, alt, caption, credit, decorative, image, map_spec, chart)


def _figure_kind(r: Reader, m: Mapping) -> str | None:
    """Return which one of `image`, `map` or `chart` the figure `m` is; None when it has none or
    several (reported)."""
    present = [k for k in KINDS if m.get(k) is not None or m.key(k) is not None]
    if len(present) == 1:
        return present[0]
    if not present:
        r.diags.add(error("a figure needs one of `image`, `map` or `chart`", m.span,
                          help="write `- image: path.png`, `- map: {highlight: [NER]}` or `- chart: ...`"))
    else:
        second = m.key(present[1])
        r.diags.add(error(f"a figure is one of `image`, `map` or `chart`, not both `{present[0]}` and "
                          f"`{present[1]}`", second.span if second is not None else m.span,
                          help="give each its own `- ` item in `figures:`"))
    return None


def _texts_fit(r: Reader, m: Mapping, what: str, *, decorative: bool, alt: Scalar | None,
               caption: Scalar | None) -> bool:
    """Say whether the figure's `alt` and `caption` fit what it is, reporting why not: only an
    image may be decorative, and then has neither; an informative image needs an alt text; an
    alt text given is never empty (a map's or chart's is written by briefgen when left out)."""
    ok = True
    if decorative:
        if what != "image":
            node = m.get("decorative")
            r.diags.add(error(f"a {what} cannot be decorative: it carries information", node.span if node else m.span,
                              help="remove `decorative: true` and give it an `alt` text"))
            ok = False
        for key, text in (("alt", alt), ("caption", caption)):
            if text is not None:
                r.diags.add(error(f"a decorative image has no {key}", text.span,
                                  help=f"remove `{key}`, or remove `decorative: true` if the image informs"))
                ok = False
    elif what == "image" and (alt is None or not alt.value.strip()):
        node = m.get("alt")
        r.diags.add(error("an image needs `alt` text" if node is None else "the image's `alt` text is empty",
                          node.span if node is not None else m.span,
                          help="describe what the image shows in a sentence (`alt: ...`), or mark an image "
                               "that carries no information `decorative: true`"))
        ok = False
    elif alt is not None and not alt.value.strip():
        r.diags.add(error("`alt` is empty", alt.span,
                          help="describe the figure in a sentence, or remove `alt` to have briefgen write one"))
        ok = False
    return ok


def _figure_node(r: Reader, m: Mapping, what: str) -> Node | None:
    """Return the value of the figure's `image:`, `map:` or `chart:` (`what`); None when it is
    empty (reported, with what to write there)."""
    node = m.get(what)
    assert node is not None or m.key(what) is not None
    if node is None or (isinstance(node, Scalar) and node.tag == "null" and not node.quoted):
        key_node = m.key(what)
        r.diags.add(error(f"`{what}` is empty", key_node.span if key_node is not None else m.span,
                          help={"image": "write the path of a PNG, JPEG or SVG file, e.g. `image: img/map.png`",
                                "map": "write `map:` and below it `highlight: [NER, MLI]`",
                                "chart": "write `chart:` and below it `kind`, `title` and `data`"}[what]))
        return None
    return node


def _text_scalar(r: Reader, m: Mapping, key: str) -> Scalar | None:
    node = m.get(key)
    if node is None:
        return None
    if r.scalar_text(node, key) is None:
        return None
    return node if isinstance(node, Scalar) else None


def _image(r: Reader, node: Node, *, base: Path, options: Options) -> ImageData | None:
    written = r.scalar_text(node, "image")
    if written is None or not isinstance(node, Scalar):
        return None
    return image_at(r, written, node.span, base=base, options=options)


def image_at(r: Reader, written: str, span: Span, *, base: Path, options: Options) -> ImageData | None:
    """Return the checked picture `written` names (relative to `base`), or None with its error."""
    if not written.strip():
        r.diags.add(error("the image path is empty", span, help="write the path of a PNG, JPEG or SVG file"))
        return None
    if "://" in written or written.startswith("data:"):
        r.diags.add(error(f"image `{written[:80]}` is a URL: briefgen reads nothing from the network", span,
                          help="save the picture in the project and write its path"))
        return None
    path = resolve_path(written, base=base, span=span, options=options, diags=r.diags, what="image")
    if path is None:
        return None
    data, problems = images.read_image(path, written=written, span=span)
    r.diags.extend(problems)
    return data


def body_images(r: Reader, body: Scalar, *, base: Path, options: Options) -> tuple[tuple[int, ImageData], ...]:
    """Return the pictures of the Markdown image lines of `body`, keyed by the line's offset.

    A line whose picture has a problem (or no alt text) is reported here and left out; resolve
    then leaves that line out too.
    """
    out = []
    for img in images.markdown_images(body.value):
        span = locate(body, img.path) if img.path else body.span
        if not img.alt.strip():
            r.diags.add(error("the Markdown image has no alt text", span,
                              help="write what the image shows between the brackets: `![A map of …](path)`"))
            continue
        data = image_at(r, img.path, span, base=base, options=options)
        if data is not None:
            out.append((img.offset, data))
    return tuple(out)


# ---------------------------------------------------------------- maps


def _codes(r: Reader, node: Node | None, key: str, w: maps.World) -> tuple[str, ...] | None:
    """Return the ISO alpha-3 codes of a list (or one code), or None when any is wrong."""
    if node is None:
        return ()
    items: tuple[Node, ...] = (node,) if isinstance(node, Scalar) else node.items if isinstance(node, Sequence) else ()
    if isinstance(node, Mapping):
        r.diags.add(error(f"`{key}` must be a list of ISO 3166-1 alpha-3 codes, not a mapping", node.span,
                          help=f"write `{key}: [NER, MLI]`"))
        return None
    out: list[str] = []
    ok = True
    for item in items:
        if not isinstance(item, Scalar) or (item.tag == "null" and not item.quoted):
            r.diags.add(error(f"each item of `{key}` must be a country code, not {kind(item)}", item.span,
                              help="write ISO 3166-1 alpha-3 codes, e.g. `NER` for Niger"))
            ok = False
            continue
        code = item.value.strip()
        if code not in w.by_code:
            r.diags.add(error(f"unknown country code `{code}`", item.span,
                              help=w.suggest(code) or "write an ISO 3166-1 alpha-3 code, e.g. `NER` for Niger, "
                                                      "`MLI` for Mali"))
            ok = False
            continue
        if code in out:
            r.diags.add(error(f"country `{code}` is listed twice in `{key}`", item.span, help="remove one"))
            ok = False
            continue
        out.append(code)
    return tuple(out) if ok else None


def _number(r: Reader, node: Node | None, key: str, *, low: float, high: float) -> float | None:
    if node is None:
        return None
    value = as_number(node)
    if value is None:
        r.diags.add(error(f"`{key}` must be a number, not {_shown(node)}", node.span,
                          help=f"write degrees as a plain number between {low:g} and {high:g}"))
        return None
    if not low <= value <= high:
        r.diags.add(error(f"`{key}` is {value:g}, outside {low:g} to {high:g}", node.span,
                          help="longitudes run from -180 to 180 (east positive), latitudes from -90 to 90"))
        return None
    return value


def _map(r: Reader, node: Node) -> MapSpec | None:
    """Return the locator map `node` declares; None when it has an error (reported)."""
    m = r.mapping(node, "`map`")
    if m is None:
        return None
    r.shape(m, schema.MAP)
    w = maps.world()
    highlight = _highlight(r, m, w)
    where = _region(r, m.get("region"), w)
    label = r.text(m, "label") or ""
    places = _places(r, m)
    if highlight is None or where is None or places is None:
        return None
    bbox, frame = where
    spec = MapSpec(highlight, m.span, bbox, frame, label, tuple(places))
    return spec if _map_fits(r, spec, w) else None


def _highlight(r: Reader, m: Mapping, w: maps.World) -> tuple[str, ...] | None:
    """Return the codes of the countries the map highlights; None when `highlight` is missing
    (reported by the schema), empty or names an unknown country (reported)."""
    node = m.get("highlight")
    highlight = _codes(r, node, "highlight", w)
    if node is None:
        return None
    if highlight is not None and not highlight:
        r.diags.add(error("`highlight` names no country", node.span,
                          help="write the countries to highlight, e.g. `highlight: [NER, MLI, BFA]`"))
        return None
    return highlight


def _region(r: Reader, region: Node | None, w: maps.World,
            ) -> tuple[tuple[float, float, float, float] | None, tuple[str, ...]] | None:
    """Return what the map's `region` frames: a box (west, south, east, north) or the countries to
    frame, (None, ()) when not given; None when it is wrong (reported)."""
    if region is None:
        return None, ()
    if isinstance(region, Sequence) and region.items and all(as_number(i) is not None for i in region.items):
        bbox = _bbox(r, region)
        return None if bbox is None else (bbox, ())
    codes = _codes(r, region, "region", w)
    return None if codes is None else (None, codes)


def _places(r: Reader, m: Mapping) -> list[PlaceSpec] | None:
    """Return the map's marked `places`; None when any is wrong (each reported)."""
    ok = True
    places: list[PlaceSpec] = []
    seq = r.sequence(m.get("places"), "places")
    for item in seq.items if seq else ():
        pm = r.mapping(item, "a place")
        if pm is None:
            ok = False
            continue
        r.shape(pm, schema.PLACE)
        name = r.text(pm, "name", required=True, what="a place")
        lon = _number(r, pm.get("lon"), "lon", low=-180, high=180)
        lat = _number(r, pm.get("lat"), "lat", low=-90, high=90)
        if name is None or lon is None or lat is None:
            ok = False
            continue
        places.append(PlaceSpec(name, lon, lat, pm.span))
    return places if ok else None


def _map_fits(r: Reader, spec: MapSpec, w: maps.World) -> bool:
    """Say whether a locator map can show `spec`, reporting why not: its countries do not straddle
    the 180° meridian (unless a box frames it), and its places are inside its frame."""
    if spec.bbox is None and maps.crosses_antimeridian(spec, w):
        r.diags.add(error("these countries lie on both sides of the 180° meridian, which a locator map cannot "
                          "cross yet", spec.span,
                          help="map the countries on each side separately, or give `region:` a box on one side "
                               "([west, south, east, north] with west < east)"))
        return False
    f = maps.frame_of(spec, w)
    for place in spec.places:
        if not f.contains(place.lon, place.lat):
            r.diags.add(error(f"place `{place.name}` ({place.lon:g}, {place.lat:g}) is outside the map, which shows "
                              f"{f.west:.1f} to {f.east:.1f} east and {f.south:.1f} to {f.north:.1f} north",
                              place.span, help="check `lon` and `lat` (east and north are positive), or widen the "
                                               "map with `region:`"))
            return False
    return True


def _bbox(r: Reader, region: Sequence) -> tuple[float, float, float, float] | None:
    values = [as_number(i) for i in region.items]
    help_text = "write `region: [west, south, east, north]` in degrees, e.g. `[-20, 0, 30, 30]`"
    if len(values) != 4:
        r.diags.add(error(f"`region` as a box needs 4 numbers (west, south, east, north), not {len(values)}",
                          region.span, help=help_text))
        return None
    west, south, east, north = values  # type: ignore[misc]
    assert west is not None and south is not None and east is not None and north is not None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        r.diags.add(error(f"`region` [{west:g}, {south:g}, {east:g}, {north:g}] is not a box on the map", region.span,
                          help=help_text + "; west must be less than east, south less than north, within ±180 and ±90"))
        return None
    return west, south, east, north


# ---------------------------------------------------------------- charts


def as_number(node: Node) -> float | None:
    """Return a YAML number's value (an int or float as written, finite), else None."""
    if not isinstance(node, Scalar) or node.quoted or node.tag not in ("int", "float"):
        return None
    try:
        value = float(node.value.replace("_", ""))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _shown(node: Node) -> str:
    if isinstance(node, Scalar) and node.tag not in ("null",):
        return f"`{node.value[:40]}`"
    return kind(node)


def _chart(r: Reader, node: Node) -> ChartSpec | None:
    """Return the chart `node` declares; None when it has an error (reported)."""
    m = r.mapping(node, "`chart`")
    if m is None:
        return None
    r.shape(m, schema.CHART)
    ok = True
    ckind = r.text(m, "kind")
    kind_node = m.get("kind")
    choices = schema.CHART.keys_["kind"].choices
    if ckind is not None and ckind not in choices:
        r.diags.add(error(f"unknown chart kind `{ckind}`", kind_node.span if kind_node else m.span,
                          help=did_you_mean(ckind.lower(), choices) or f"choose one of: {', '.join(choices)}"))
        ok = False
    title = r.text(m, "title")
    if m.get("title") is not None and title is not None and not title.strip():
        r.diags.add(error("the chart's `title` is empty", m.get("title").span,  # type: ignore[union-attr]
                          help="say what the chart shows"))
        ok = False
    unit = r.text(m, "unit") or ""
    points = _chart_points(r, m)
    if not ok or ckind is None or title is None or not points:
        return None
    title_node = m.get("title")
    return ChartSpec(ckind, title, unit, tuple(points), m.span,
                     title_node if isinstance(title_node, Scalar) else None)


def _chart_points(r: Reader, m: Mapping) -> list[PointSpec] | None:
    """Return the chart's `data` points; None when it has none or any is wrong (each reported)."""
    data = m.get("data")
    ok = True
    seq = r.sequence(data, "data")
    if data is not None and (seq is None or not seq.items):
        if seq is not None or (isinstance(data, Scalar) and data.tag == "null"):
            r.diags.add(error("the chart has no data", data.span,
                              help="add points: `- {label: Niger, value: 100, fact: fact-id}`"))
        ok = False
    points: list[PointSpec] = []
    for item in seq.items if seq else ():
        point = _chart_point(r, item)
        if point is None:
            ok = False
        else:
            points.append(point)
    return points if ok else None


def _chart_point(r: Reader, item: Node) -> PointSpec | None:
    """Return one data point (`label`, `value` in digits, `fact`); None when it is wrong (reported)."""
    pm = r.mapping(item, "a data point")
    if pm is None:
        return None
    r.shape(pm, schema.CHART_POINT)
    label = r.text(pm, "label", required=True, what="a data point")
    fact = r.slug(pm, "fact", what="a data point")
    vnode = pm.get("value")
    value = None
    if vnode is not None:
        value = as_number(vnode)
        if value is None:
            r.diags.add(error(f"the chart value {_shown(vnode)} is not a number", vnode.span,
                              help="write the number in digits as the quote has it, without quotes, "
                                   "units or thousands separators: `value: 1200`"))
    if label is None or fact is None or vnode is None or value is None:
        return None
    assert isinstance(vnode, Scalar)
    return PointSpec(label, value, vnode.value, fact[0], vnode.span, fact[1])
