"""The JSON Schema editors complete from is the loader's own declaration (issue 21)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

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


def test_the_loader_checks_keys_against_the_schema_and_reads_no_undeclared_key():
    import re

    import briefgen.checks.audience as audience

    # the loader checks keys against the schema's shapes (one declaration), and every key it
    # reads is declared somewhere (a key read but not declared would be
    # refused as unknown before it is read: dead code, or a schema that lies)
    declared = {k for shape in vars(schema).values() if isinstance(shape, schema.Shape) for k in shape.keys}
    for module in (project, audience):
        source = Path(module.__file__).read_text(encoding="utf-8")
        read = set(re.findall(r'(?:r\.(?:text|date|flag|text_list|slug|sequence)|\.key)\(\s*\w+,\s*"([a-z_]+)"', source))
        read |= set(re.findall(r'\.get\("([a-z_]+)"\)', source))
        assert read and read <= declared, sorted(read - declared)


def test_every_declared_key_is_accepted_by_the_loader(tmp_path, capsys):
    from helpers_project import copy_mini

    root = copy_mini(tmp_path)
    outline = root / "briefs" / "council.yaml"
    text = outline.read_text(encoding="utf-8")
    for key in schema.OUTLINE.keys:
        if f"\n{key}:" in text:
            continue
        outline.write_text(text + f"\n{key}: null\n", encoding="utf-8")
        main(["check", str(outline), "--root", str(root)])
        assert f"unknown key `{key}`" not in capsys.readouterr().err, key
    outline.write_text(text + "\nsubtitel: x\n", encoding="utf-8")
    main(["check", str(outline), "--root", str(root)])
    assert "unknown key `subtitel` in the outline" in capsys.readouterr().err


def test_schema_command_prints_json_and_new_projects_point_their_editor_at_it(tmp_path, capsys):
    assert main(["schema", "outline"]) == 0
    assert json.loads(capsys.readouterr().out) == schema.json_schema("outline")
    assert main(["new", str(tmp_path / "demo")]) == 0
    outline = tmp_path / "demo" / "briefs" / "brief.yaml"
    first = outline.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../.schema/outline.json"
    written = json.loads((tmp_path / "demo" / ".schema" / "outline.json").read_text(encoding="utf-8"))
    assert written == schema.json_schema("outline")
