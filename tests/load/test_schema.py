"""The JSON Schema editors complete from is the loader's own declaration (issue 21)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

import briefgen.audience
import briefgen.load.project as project
from briefgen.cli import main
from briefgen.load import schema

REPO = Path(__file__).resolve().parents[2]


def _inputs() -> list[tuple[str, Path]]:
    out = []
    for outline in [*(REPO / "briefs").glob("*.yaml"), *(REPO / "tests" / "projects").glob("*/briefs/*.yaml")]:
        out.append(("outline", outline))
    for folder in [REPO / "seeds", *(REPO / "tests" / "projects").glob("*/seeds")]:
        for path in folder.glob("*.yaml"):
            out.append(("sources" if "sources:" in path.read_text(encoding="utf-8").split("facts:")[0]
                        and "facts:" not in path.read_text(encoding="utf-8") else "facts", path))
    out += [("audience", p) for p in (REPO / "templates" / "audiences").glob("*.yaml")]
    out += [("theme", p) for p in (REPO / "templates").glob("*/theme.yaml")]
    return out


@pytest.mark.parametrize("kind,path", _inputs(), ids=lambda v: v if isinstance(v, str) else v.relative_to(REPO).as_posix())
def test_every_example_and_test_project_file_validates_against_its_schema(kind, path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(json.dumps(data, default=str)), schema.json_schema(kind),
                        cls=jsonschema.Draft202012Validator)


def test_every_schema_is_a_valid_json_schema():
    for kind in ("outline", "facts", "sources", "theme", "audience"):
        jsonschema.Draft202012Validator.check_schema(schema.json_schema(kind))


def test_the_schema_rejects_an_unknown_key_and_a_wrong_date():
    validator = jsonschema.Draft202012Validator(schema.json_schema("outline"))
    good = {"title": "T", "date": "2024-05-01", "facts": "f.yaml", "sections": [{"heading": "H"}]}
    assert not list(validator.iter_errors(good))
    assert list(validator.iter_errors({**good, "titel": "T"}))
    assert list(validator.iter_errors({**good, "date": "May 2024"}))
    assert list(validator.iter_errors({**good, "sections": [{"heading": "H", "bulets": ["x"]}]}))


def test_the_loader_accepts_exactly_the_keys_the_schema_declares():
    assert set(project.OUTLINE_KEYS) == set(schema.OUTLINE.keys)
    assert set(project.SECTION_KEYS) == set(schema.SECTION.keys)
    assert set(project.SLIDE_KEYS) == set(schema.SLIDE.keys)
    assert set(project.FACT_KEYS) == set(schema.FACT.keys)
    assert set(project.EVIDENCE_KEYS) == set(schema.EVIDENCE.keys)
    assert set(project.SOURCE_KEYS) == set(schema.SOURCE.keys)
    assert set(project.ACTOR_KEYS) == set(schema.ACTOR.keys)
    assert set(briefgen.audience.PROFILE_KEYS) == set(schema.PROFILE.keys)


def test_schema_command_prints_json_and_new_projects_point_their_editor_at_it(tmp_path, capsys):
    assert main(["schema", "outline"]) == 0
    assert json.loads(capsys.readouterr().out) == schema.json_schema("outline")
    assert main(["new", str(tmp_path / "demo")]) == 0
    outline = tmp_path / "demo" / "briefs" / "brief.yaml"
    first = outline.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../.schema/outline.json"
    written = json.loads((tmp_path / "demo" / ".schema" / "outline.json").read_text(encoding="utf-8"))
    assert written == schema.json_schema("outline")
