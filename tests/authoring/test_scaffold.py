import datetime as dt
from pathlib import Path

import pytest
import yaml

from briefgen.authoring.scaffold import scaffold
from briefgen.checks.audience import load_profile
from briefgen.checks.lint import cited_ids, lint_outline, unused_facts
from briefgen.diagnostics import BriefgenError
from briefgen.load.project import Options, load_project
from briefgen.pipeline import build, check
from briefgen.resolve.bind import resolve


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_new_project_checks_clean_at_once(tmp_path, language):
    dest = tmp_path / "topic"
    written = scaffold(dest, today=dt.date(2025, 1, 31), language=language)
    assert [p.relative_to(dest).as_posix() for p in written] == [
        "seeds/sources.yaml", "seeds/brenmoor-solar-farm.txt", "seeds/facts.yaml", "briefs/brief.yaml", "README.md",
        *(f".schema/{kind}.json" for kind in ("outline", "facts", "sources", "theme", "audience"))]
    report = check([dest / "briefs/brief.yaml"], options=Options(root=dest))
    assert report.ok and report.diagnostics == []
    [checked] = report.checked
    assert checked.brief.date.iso() == "2025-01-31" and len(checked.brief.notes) == 4
    assert checked.brief.language == language


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_new_project_passes_the_editorial_checks_for_its_audience(tmp_path, language):
    scaffold(tmp_path / "p", language=language)
    project, found = load_project(tmp_path / "p/briefs/brief.yaml", options=Options(root=tmp_path / "p"))
    assert project is not None and found == []
    profile = load_profile(project.outline.audience)
    brief, _ = resolve(project, how_we_know=profile.how_we_know)
    assert lint_outline(project, brief, profile=profile) == []
    assert unused_facts(project.library, cited_ids([brief])) == []


def test_a_new_project_builds(tmp_path):
    dest = tmp_path / "p"
    scaffold(dest)
    report = build([dest / "briefs/brief.yaml"], options=Options(root=dest), out_dir=dest / "build", formats=["pdf"])
    assert report.ok and "brief.pdf" in [w.path.name for w in report.written]
    assert (dest / "build/brief.pdf").read_bytes().startswith(b"%PDF")


def test_a_new_french_project_builds_a_french_brief_with_its_takeaways_box(tmp_path):
    import docx
    from pptx import Presentation

    dest = tmp_path / "p"
    scaffold(dest, language="fr")
    report = build([dest / "briefs/brief.yaml"], options=Options(root=dest), out_dir=dest / "build")
    assert report.ok and report.diagnostics == [], [d.message for d in report.diagnostics]
    [checked] = report.checked
    assert [s.role for s in checked.brief.sections][:1] == ["takeaways"]
    styles = [p.style.name for p in docx.Document(str(dest / "build/brief.docx")).paragraphs]
    assert styles.count("Key Takeaways Bullet") == 3
    titles = [s.shapes.title.text for s in Presentation(str(dest / "build/brief.pptx")).slides if s.shapes.title]
    assert "L\u2019essentiel" in titles and "Sources" in titles


def test_the_topic_becomes_the_title_whatever_characters_it_has(tmp_path):
    scaffold(tmp_path, topic='Water: the "Lake Varna" question\n  # not a comment')
    data = yaml.safe_load((tmp_path / "briefs/brief.yaml").read_text(encoding="utf-8"))
    assert data["title"] == 'Water: the "Lake Varna" question # not a comment'
    assert check([tmp_path / "briefs/brief.yaml"], options=Options(root=tmp_path)).ok


def test_an_empty_existing_folder_is_used(tmp_path):
    assert scaffold(tmp_path)


def test_a_folder_that_is_not_empty_is_never_overwritten(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(BriefgenError) as exc:
        scaffold(tmp_path)
    [d] = exc.value.diagnostics
    assert d.message == f"the folder `{tmp_path}` is not empty" and "never overwrites" in d.help
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_file_is_not_a_project_folder(tmp_path):
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(BriefgenError) as exc:
        scaffold(target)
    assert "is a file" in exc.value.diagnostics[0].message


def test_the_sample_source_says_it_is_invented(tmp_path):
    scaffold(tmp_path)
    assert "invented" in Path(tmp_path / "seeds/brenmoor-solar-farm.txt").read_text(encoding="utf-8")


def test_every_starter_folder_has_a_title_and_is_offered_on_the_command_line(capsys):
    from briefgen.authoring.scaffold import TITLES
    from briefgen.cli import main
    from briefgen.resources import templates_dir

    folders = sorted(p.name for p in (templates_dir() / "starter").iterdir() if p.is_dir())
    assert folders == sorted(TITLES) == ["en", "fr"]
    assert main(["new", "x", "--language", "de"]) == 2
    assert "invalid choice: 'de'" in capsys.readouterr().err

