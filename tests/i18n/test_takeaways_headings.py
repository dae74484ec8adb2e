"""A section is the key takeaways (a box in the documents, a numbered slide of its own) when its
heading says so in the brief's language, in English, or in the outline's own `takeaways_headings`."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from helpers_project import copy_mini, edit
from pptx import Presentation

from briefgen import i18n
from briefgen.load.project import Options
from briefgen.pipeline import check
from briefgen.resolve.bind import is_takeaways

FRENCH = dict(i18n.labels_for("fr"))["takeaways_headings"]
ENGLISH = dict(i18n.labels_for("en"))["takeaways_headings"]


@pytest.mark.parametrize("heading", ["L'essentiel", "L\u2019essentiel", "À retenir", "Points clés : le budget",
                                     "En bref", "Key takeaways"])
def test_french_and_english_headings_make_a_french_section_the_takeaways(heading):
    assert is_takeaways(heading, FRENCH)


@pytest.mark.parametrize("heading", ["Le contexte", "Pointsless", "Essentiellement", "Ce qui s'est passé"])
def test_other_headings_do_not(heading):
    assert not is_takeaways(heading, FRENCH)


def test_an_english_brief_does_not_read_french_headings():
    assert is_takeaways("Key points: the budget", ENGLISH) and not is_takeaways("L'essentiel", ENGLISH)


def _takeaways(root: Path) -> list[str]:
    report = check([root / "briefs/council.yaml"], options=Options(root=root))
    assert report.ok, [d.message for d in report.diagnostics]
    return [s.heading for s in report.checked[0].brief.sections if s.role == "takeaways"]


def test_a_french_outline_gets_its_takeaways_box_and_an_outline_may_name_its_own_heading(tmp_path):
    root = copy_mini(tmp_path)
    edit(root / "briefs/council.yaml", "theme: default\n", "theme: default\nlanguage: fr\n")
    edit(root / "briefs/council.yaml", "  - heading: Key takeaways\n", "  - heading: À retenir\n")
    assert _takeaways(root) == ["À retenir"]
    edit(root / "briefs/council.yaml", "  - heading: À retenir\n", "  - heading: Ce qu'il faut savoir\n")
    assert _takeaways(root) == []
    edit(root / "briefs/council.yaml", "language: fr\n",
         "language: fr\nlabels:\n  takeaways_headings: \"ce qu'il faut savoir|à retenir\"\n")
    assert _takeaways(root) == ["Ce qu\u2019il faut savoir"]  # (French typography curls its apostrophe)


def test_the_french_example_shows_its_takeaways_as_the_english_one_does(example_build):
    for stem in ("public", "public-fr"):
        brief = example_build.briefs[stem]
        assert brief.sections[0].role == "takeaways", stem
        styles = [p.style.name for p in docx.Document(str(example_build.path(stem, ".docx"))).paragraphs]
        assert styles.count("Key Takeaways Bullet") == 4, stem
        slide = Presentation(str(example_build.path(stem, ".pptx"))).slides[2]
        numbered = [p for shape in slide.shapes if shape.has_text_frame for p in shape.text_frame.paragraphs
                    if p._p.find(".//{http://schemas.openxmlformats.org/drawingml/2006/main}buAutoNum") is not None]
        assert len(numbered) == 2, stem  # the first two of four, numbered, on the takeaways slide
