"""theme.yaml is validated like every other input, by `check` as well as `build` (issue 13, defect 4)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import briefgen.theme
from briefgen.cli import main
from briefgen.theme import ThemeError, load_theme
from helpers_project import copy_mini

DEFAULT = briefgen.theme.TEMPLATES / "default"

# (name, text replaced in the default theme.yaml, its replacement, the line of the error, message)
CASES = [
    ("missing-colour", '  light: "EEF2F7"                # box backgrounds\n', "", 9, "`colors` is missing `light`"),
    ("min-over-size", "min_body_pt: 18", "min_body_pt: 30", 45, "`pptx.min_body_pt` (30) is larger than `pptx.body_pt` (24)"),
    ("duplicate-key", "  text: \"222222\"", "  text: \"222222\"\n  text: \"333333\"", 13, "duplicate key `text`"),
    ("unknown-key", "  body_size: 10.5", "  body_sise: 10.5", 18, "unknown key `body_sise` in `pdf`"),
    ("not-a-colour", 'primary: "1F3A5F"', 'primary: "navy"', 10, "`colors.primary` must be a colour"),
    ("boolean-as-number", "  body_size: 10.5", "  body_size: yes", 18, "`pdf.body_size` must be a number"),
    ("size-out-of-range", "  title_pt: 32", "  title_pt: 3200", 46, "`pptx.title_pt` is 3200, outside 12–80"),
    ("page-size", "page_size: a4", "page_size: a5", 16, "`pdf.page_size` must be one of a4, letter"),
    ("missing-font", "regular: fonts/Carlito-Regular.ttf", "regular: fonts/Nothing.ttf", 5, "font file `fonts/Nothing.ttf` is missing"),
    ("font-outside", "regular: fonts/Carlito-Regular.ttf", "regular: ../../README.md", 5, "is outside the theme folder"),
    ("not-truetype", "regular: fonts/Carlito-Regular.ttf", "regular: fonts/OFL.txt", 5, "is not a TrueType font"),
    ("toc-not-a-flag", "  toc: true", "  toc: yes", 32, "`docx.toc` must be `true` or `false`"),
    ("headers-count", "timeline_headers: [Date, Event]", "timeline_headers: [Date]", 40, "must be a list of 2 texts"),
    ("not-a-mapping", "pdf:\n  page_size", "pdf: 3\nxpdf:\n  page_size", 15, "`pdf` must be a mapping"),
    ("malformed-yaml", "colors:\n", "colors: [\n", 0, "theme.yaml"),
]


@pytest.fixture()
def themes(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "templates"
    root.mkdir()
    monkeypatch.setattr(briefgen.theme, "TEMPLATES", root)
    return root


def _theme(root: Path, name: str, old: str, new: str) -> Path:
    folder = root / name
    shutil.copytree(DEFAULT, folder)
    text = (folder / "theme.yaml").read_text(encoding="utf-8")
    assert old in text, old
    (folder / "theme.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder / "theme.yaml"


def test_the_default_theme_loads_with_typed_values():
    theme = load_theme("default")
    assert theme.pdf["body_size"] == 10.5 and theme.pptx["body_pt"] == 24 and isinstance(theme.pptx["body_pt"], int)
    assert theme.docx["toc"] is True and theme.docx["timeline_headers"] == ("Date", "Event")
    assert theme.color("primary") == "1F3A5F"


@pytest.mark.parametrize("name,old,new,line,message", CASES, ids=[c[0] for c in CASES])
def test_a_broken_theme_is_a_located_error_from_check_and_build(themes, tmp_path, capsys, name, old, new, line, message):
    path = _theme(themes, name, old, new)
    with pytest.raises(ThemeError) as info:
        load_theme(name)
    assert any(message in d.message or message in str(d.span and d.span.file) for d in info.value.diagnostics), \
        info.value.diagnostics
    root = copy_mini(tmp_path)
    outline = root / "briefs" / "council.yaml"
    outline.write_text(outline.read_text(encoding="utf-8").replace("theme: default", f"theme: {name}"), encoding="utf-8")
    for command in (["check"], ["build", "-o", str(root / "out"), "-j", "1"]):
        code = main([*command, str(outline), "--root", str(root)])
        err = capsys.readouterr().err
        assert code == 1, err
        assert "Traceback" not in err and "internal error" not in err
        assert message in err, err
        if line:
            assert re.search(rf"{re.escape(str(path.name))}:{line}:\d+: error: ", err), err
    assert not (root / "out").exists() or not any((root / "out").iterdir())


def test_an_unknown_theme_is_an_error_at_the_outline_with_a_suggestion(tmp_path, capsys):
    root = copy_mini(tmp_path)
    outline = root / "briefs" / "council.yaml"
    outline.write_text(outline.read_text(encoding="utf-8").replace("theme: default", "theme: defualt"), encoding="utf-8")
    assert main(["check", str(outline), "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "unknown theme `defualt`" in err and "did you mean `default`?" in err and "council.yaml:7:" in err
