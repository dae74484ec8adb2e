"""The shipped country outlines and the locator map's projection (issue 17)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from briefgen.diagnostics import Span
from briefgen.figures import maps
from briefgen.figures.spec import MapSpec, PlaceSpec

REPO = Path(__file__).resolve().parents[2]
HERE = Span(Path("outline.yaml"))


def _sahel() -> MapSpec:
    return MapSpec(("NER", "MLI", "BFA"), HERE, legend="Alliance of Sahel States",
                   places=(PlaceSpec("Niamey", 2.11, 13.51, HERE),))


def test_the_data_file_is_small_packaged_and_keyed_by_unique_iso_codes():
    path = REPO / "templates" / "maps" / "countries.json"
    assert path.stat().st_size < 1_500_000
    assert '"**/*.json"' in (REPO / "pyproject.toml").read_text(encoding="utf-8")
    raw = json.loads(path.read_text(encoding="utf-8"))
    codes = [c["code"] for c in raw["countries"] if c["code"]]
    assert len(codes) == len(set(codes)) > 190
    assert all(re.fullmatch(r"[A-Z]{3}", c) for c in codes)
    assert "Natural Earth" in raw["source"] and "public domain" in raw["licence"]
    readme = (REPO / "templates" / "maps" / "README.md").read_text(encoding="utf-8")
    assert "world-atlas" in readme and "2.0.2" in readme and "public domain" in readme


def test_the_sahel_is_where_it_belongs_niger_east_of_mali_burkina_south():
    m = maps.locator(_sahel())
    labels = {lb.text: lb for lb in m.labels}
    niger, mali, burkina, niamey = labels["Niger"], labels["Mali"], labels["Burkina Faso"], labels["Niamey"]
    assert niger.x > mali.x and burkina.y > mali.y and burkina.y > niger.y  # y grows downwards
    assert mali.x < niamey.x < niger.x and niamey.place
    for lb in m.labels:
        assert 0 <= lb.x <= m.width and 0 <= lb.y <= m.height
    assert m.width == 1000 and 0.5 * m.width <= m.height <= m.width


def test_shapes_are_clipped_to_the_box_and_neighbours_stay_for_context():
    m = maps.locator(_sahel())
    for shape in m.shapes:
        for ring in shape.rings:
            assert len(ring) >= 3 and ring[0] != ring[-1]
            assert all(-0.05 <= x <= m.width + 0.05 and -0.05 <= y <= m.height + 0.05 for x, y in ring)
    codes = {s.code for s in m.shapes}
    assert {"NER", "MLI", "BFA"} <= codes and {"DZA", "NGA", "TCD", "GHA"} <= codes  # neighbours
    assert {s.code for s in m.shapes if s.highlighted} == {"NER", "MLI", "BFA"}
    assert "FRA" not in codes and "BRA" not in codes
    assert [s.highlighted for s in m.shapes] == sorted(s.highlighted for s in m.shapes)  # highlight on top


def test_shapes_keep_their_proportions():
    # Niger is about 16° wide and 12° tall around 17° N: its drawn box keeps that ratio (cos-scaled)
    m = maps.locator(_sahel())
    niger = next(s for s in m.shapes if s.code == "NER")
    xs = [x for r in niger.rings for x, _ in r]
    ys = [y for r in niger.rings for _, y in r]
    import math

    expected = (15.8 * math.cos(math.radians(17.6))) / 11.8
    assert (max(xs) - min(xs)) / (max(ys) - min(ys)) == pytest.approx(expected, rel=0.08)


def test_a_region_frames_the_map_and_a_far_country_is_left_out():
    europe = maps.locator(MapSpec(("FRA",), HERE, bbox=(-10.0, 35.0, 20.0, 55.0)))
    france = next(s for s in europe.shapes if s.code == "FRA")
    xs = [x for r in france.rings for x, _ in r]
    assert max(xs) - min(xs) < 600  # metropolitan France only: French Guiana is far outside
    assert "NER" not in {s.code for s in europe.shapes}
    framed = maps.locator(MapSpec(("NER",), HERE, frame=("NER", "NGA")))
    assert {"NER", "NGA"} <= {s.code for s in framed.shapes}


def test_the_antimeridian_does_not_smear_russia_or_fiji_across_the_map():
    for code in ("RUS", "FJI"):
        c = maps.world().by_code[code]
        for ring in c.rings:
            assert all(abs(ring[i][0] - ring[i - 1][0]) < 180 for i in range(len(ring))), code


def test_projection_is_deterministic():
    assert maps.locator(_sahel()) == maps.locator(_sahel())


def test_a_map_of_a_small_island_country_has_a_frame_and_its_label():
    m = maps.locator(MapSpec(("TON",), HERE))
    assert [lb.text for lb in m.labels] == ["Tonga"]
    assert any(s.code == "TON" and s.highlighted for s in m.shapes)


def test_a_countrys_name_moves_off_a_place_it_would_crowd_and_stays_inside_the_country():
    spec = MapSpec(("PER",), HERE, frame=("PER", "BOL"), places=(PlaceSpec("Cusco", -71.97, -13.53, HERE),))
    m = maps.locator(spec)
    peru = next(lb for lb in m.labels if lb.text == "Peru")
    cusco = next(lb for lb in m.labels if lb.text == "Cusco")
    assert abs(peru.y - cusco.y) >= maps.LABEL_HEIGHT
    shape = next(s for s in m.shapes if s.code == "PER")
    assert any(maps._in_ring((peru.x, peru.y), ring) for ring in shape.rings)
    alone = next(lb for lb in maps.locator(MapSpec(("PER",), HERE, frame=("PER", "BOL"))).labels)
    assert (alone.x, alone.y) != (peru.x, peru.y)  # without the place, the name keeps its own point


def test_countries_on_both_sides_of_the_180th_meridian_are_told_apart_from_a_wide_map():
    w = maps.world()
    assert maps.crosses_antimeridian(MapSpec(("NZL", "FJI", "TON"), HERE), w)
    assert not maps.crosses_antimeridian(_sahel(), w)
    assert not maps.crosses_antimeridian(MapSpec(("USA", "CHN"), HERE), w)  # far apart either way
    assert not maps.crosses_antimeridian(MapSpec(("FJI",), HERE), w)


def test_a_map_across_the_180th_meridian_is_an_error_at_the_map(tmp_path, capsys):
    from figproject import line_of, make

    from briefgen.cli import main

    outline = make(tmp_path, "- map:\n    highlight: [NZL, FJI, TON]\n  caption: The islands\n")
    assert main(["check", str(outline), "--root", str(outline.parents[1])]) == 1
    err = capsys.readouterr().err
    assert f"figs.yaml:{line_of(outline, 'highlight:')}:" in err and "180° meridian" in err
