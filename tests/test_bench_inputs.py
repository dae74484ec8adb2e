"""The benchmark's synthetic briefs are valid input: a size that briefgen refuses measures nothing.

`bench/run.py` reports a failed command as failed, not as a time, so a generator that writes a
mistake (two rows of the actors table for one name, say) silently empties the budget's table.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from briefgen.load.project import Options
from briefgen.pipeline import check

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("size", ["S", pytest.param("M", marks=pytest.mark.slow)])
def test_a_generated_brief_checks_without_a_problem(tmp_path, size):
    root = _generator().generate(size, tmp_path) / "briefgen"
    report = check([root / "briefs/brief.yaml"], options=Options(root=root))
    assert [(d.message, d.span.line if d.span else 0) for d in report.diagnostics] == []
    assert report.ok and len(report.checked) == 1


def test_the_actors_table_names_each_person_once():
    gen = _generator()
    units = [gen.make_unit(u) for u in range(gen.UNITS["M"])]
    drawn = [f.actor[0] for u in units for f in u.facts if f.actor is not None]
    names = [actor[0] for actor, _ in gen._actors(units)]
    assert len(drawn) > len(set(drawn))  # the draw repeats a name: the case this guards
    assert sorted(names) == sorted(set(drawn))
