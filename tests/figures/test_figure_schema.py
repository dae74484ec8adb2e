"""`briefgen schema outline` describes figures as the loader reads them (issue 17)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

from briefgen.load import schema

REPO = Path(__file__).resolve().parents[2]


def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema.json_schema("outline"))


def _outline(*figures: object) -> dict[str, object]:
    return {"title": "T", "date": "2024-05-01", "facts": "f.yaml",
            "sections": [{"heading": "H", "figures": list(figures)}]}


def test_the_examples_figures_validate_against_the_schema():
    v = _validator()
    for path in [*REPO.glob("briefs/*.yaml"), REPO / "tests/projects/harvest/briefs/harvest.yaml"]:
        data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
        assert any("figures" in s for s in data["sections"]), path
        assert not list(v.iter_errors(data)), path


def test_the_schema_takes_each_kind_of_figure_and_refuses_two_kinds_or_a_misspelt_key():
    v = _validator()
    good = [{"image": "a.png", "alt": "x", "caption": "c [@f]", "credit": "me", "decorative": False},
            {"map": {"highlight": ["NER"], "region": [-20, 0, 30, 30], "label": "L",
                     "places": [{"name": "N", "lon": 2.1, "lat": 13.5}]}},
            {"map": {"highlight": "NER", "region": ["NER", "NGA"]}},
            {"chart": {"kind": "line", "title": "T", "unit": "u", "data": [{"label": "a", "value": 1.5, "fact": "f"}]}}]
    for fig in good:
        assert not list(v.iter_errors(_outline(fig))), fig
    bad = [{"image": "a.png", "map": {"highlight": ["NER"]}}, {"alt": "x"}, {"image": "a.png", "alts": "x"},
           {"map": {"highlight": ["NER"], "region": [1, 2, 3]}}, {"map": {"highlight": ["Niger"]}},
           {"chart": {"kind": "pie", "title": "T", "data": []}},
           {"chart": {"kind": "bar", "title": "T", "data": [{"label": "a", "value": "1", "fact": "f"}]}},
           {"chart": {"kind": "bar", "title": "T", "data": [{"label": "a", "value": 1}]}}]
    for fig in bad:
        assert list(v.iter_errors(_outline(fig))), fig


def test_the_loader_and_the_schema_share_the_figure_declarations():
    assert schema.SECTION.keys_["figures"].shape is schema.FIGURE
    assert schema.FIGURE.one_of == ("image", "map", "chart")
    assert set(schema.FIGURE.keys) == {"image", "map", "chart", "alt", "caption", "credit", "decorative"}
