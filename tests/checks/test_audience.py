from pathlib import Path

import pytest

from briefgen.checks.audience import AUDIENCES, BLOCKS, available, load_profile
from briefgen.diagnostics import BriefgenError, Span


def test_the_three_shipped_profiles_load_with_sensible_ranges_and_budgets():
    assert available() == ["policymakers", "public", "students"]
    for name in available():
        p = load_profile(name)
        assert p.name == name and p.label
        assert 0 < p.grade_min < p.grade_max <= 18
        assert p.max_pages >= 2 and p.max_slides >= 5
        assert set(p.expects) <= set(BLOCKS)
    pub, stu, pol = load_profile("public"), load_profile("students"), load_profile("policymakers")
    assert pub.grade_max <= stu.grade_max <= pol.grade_max
    assert pol.grade_range() == "9–16"
    assert {"objectives", "glossary", "questions"} <= set(stu.expects)


def test_how_we_know_comes_from_the_profile():
    assert load_profile("students").how_we_know


def test_an_unknown_audience_suggests_the_closest_and_points_at_the_outline():
    span = Span(Path("briefs/x.yaml"), 3, 11, 8)
    with pytest.raises(BriefgenError) as exc:
        load_profile("studnets", span=span)
    [d] = exc.value.diagnostics
    assert d.is_error and d.message == "unknown audience `studnets`" and d.span == span
    assert d.help == "did you mean `students`?"


def test_an_unknown_audience_with_nothing_close_lists_the_known_ones():
    with pytest.raises(BriefgenError) as exc:
        load_profile("ministers")
    assert exc.value.diagnostics[0].help == "known audiences: policymakers, public, students"


@pytest.mark.parametrize("name", ["../default/theme", "", "PUBLIC", "public.yaml"])
def test_names_that_are_not_profiles_are_refused(name):
    with pytest.raises(BriefgenError):
        load_profile(name)


def _profile(tmp_path, text):
    (tmp_path / "odd.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_malformed_profile_reports_every_problem_with_its_line(tmp_path):
    root = _profile(tmp_path, "readability:\n  grade: [12, 8]\nlength:\n  max_pages: many\n  max_slides: 10\n"
                              "teaching:\n  expects: [glosary]\n")
    with pytest.raises(BriefgenError) as exc:
        load_profile("odd", root=root)
    assert {d.span.line for d in exc.value.diagnostics} == {2, 4, 7}
    assert any(d.help == "did you mean `glossary`?" for d in exc.value.diagnostics)


def test_a_minimal_profile_loads_with_defaults(tmp_path):
    root = _profile(tmp_path, "readability:\n  grade: [7.5, 11]\nlength: {max_pages: 3, max_slides: 8}\n")
    p = load_profile("odd", root=root)
    assert (p.label, p.grade_min, p.grade_max, p.expects) == ("odd", 7.5, 11.0, ())
    assert p.path == root / "odd.yaml"


def test_profiles_live_beside_the_themes():
    assert AUDIENCES.name == "audiences" and (AUDIENCES.parent / "default" / "theme.yaml").is_file()
