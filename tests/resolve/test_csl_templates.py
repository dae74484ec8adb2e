"""The shipped reference templates are exactly what citeproc-py makes of the CSL files."""

import json

import pytest

from briefgen.resolve import notes
from briefgen.text.dates import MONTHS, MONTHS_FR


@pytest.mark.slow
def test_shipped_templates_match_citeproc_for_every_shape_and_style():
    pytest.importorskip("citeproc", reason="citeproc-py is a test dependency: pip install -e '.[test]'")
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_templates", notes.CSL_DIR / "make_templates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    shipped = json.loads(notes.TEMPLATES_FILE.read_text(encoding="utf-8"))
    assert module.build() == shipped


def test_a_build_formats_references_without_citeproc():
    import subprocess
    import sys

    code = ("import sys; from briefgen.resolve.notes import format_source; from briefgen.model import Source, PartialDate; "
            "print(format_source(Source('a', 'T', PartialDate(2024, 4, 12)), style='apa')); "
            "print('citeproc' in sys.modules, 'lxml' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("False False")


def test_shipped_templates_hold_placeholders_not_a_stand_in_date():
    shipped = json.loads(notes.TEMPLATES_FILE.read_text(encoding="utf-8"))
    # (chicago citation + bibliography, apa bibliography) x 32 shapes, per CSL locale
    assert len(shipped) == 2 * 3 * 32 // 2 * len(set(notes.CSL_LOCALES.values()))
    for key, template in shipped.items():
        precision = int(key.rsplit("/", 1)[1])
        assert not any(ch.isdigit() for ch in template), key
        assert not any(month in template for month in MONTHS + MONTHS_FR), key
        for part, slot in enumerate((notes._SLOT_YEAR, notes._SLOT_MONTH, notes._SLOT_DAY)):
            assert template.count(slot) == (part < precision), key
        assert template.count(notes._SLOT_TITLE) == 1, key
