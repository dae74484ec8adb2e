"""The build sends its format renderers the brief without its provenance (only the evidence
report reads it): every format must render the same bytes without it."""

from dataclasses import replace
from pathlib import Path

import pytest

from briefgen.load.project import Options
from briefgen.pipeline import check
from briefgen.render import renderer
from briefgen.theme import load_theme

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def checked():
    report = check([ROOT / "tests/projects/mini/briefs/council.yaml"], options=Options(root=ROOT))
    assert report.ok, report.diagnostics
    return report.checked[0]


@pytest.mark.parametrize("fmt", ["pdf", "docx", "pptx"])
def test_every_format_renders_the_same_bytes_without_the_provenance(checked, fmt):
    assert checked.brief.provenance is not None
    theme = load_theme(checked.theme)
    full = renderer(fmt).render(checked.brief, theme=theme).data
    bare = renderer(fmt).render(replace(checked.brief, provenance=None), theme=theme).data
    assert full == bare
