"""The lock file: anchors of every quote, and what `check` says when a source changes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers_project import edit

from briefgen.authoring.lock import lock_data, lock_text, write_lock
from briefgen.diagnostics import BriefgenError
from briefgen.load.lock import check_lock, lock_path, read_lock, word_diff
from briefgen.load.project import Options, load_project

REPUBLISHED = Path(__file__).parent.parent / "projects" / "republished"


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "republished"
    shutil.copytree(REPUBLISHED, root)
    return root


def _load(root: Path):
    project, diags = load_project(root / "briefs/skarra.yaml", options=Options(root=root))
    assert project is not None
    return project.library, diags


def _locked(root: Path):
    library, diags = _load(root)
    assert not diags
    return write_lock(library, root / "seeds/facts.yaml")


def _check(root: Path):
    library, load_diags = _load(root)
    lock = read_lock(lock_path(root / "seeds/facts.yaml"))
    assert lock is not None
    return check_lock(library, lock, facts_path=root / "seeds/facts.yaml"), load_diags


def test_the_lock_sits_beside_the_facts_and_records_every_quote(project):
    path = _locked(project)
    assert path == project / "seeds/facts.lock.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["facts"] == "facts.yaml"
    assert sorted(data["sources"]) == ["bay-herald", "coast-daily", "ferry-notice", "harbour-wire"]
    assert len(data["quotes"]) == 11
    text = (project / "seeds/harbour-wire.txt").read_text(encoding="utf-8")
    for q in data["quotes"]:
        if q["source"] == "harbour-wire":
            assert text[q["start"]:q["end"]] == q["verbatim"]
            assert text[:q["start"]].endswith(q["before"]) and text[q["end"]:].startswith(q["after"])


def test_the_lock_is_byte_identical_for_the_same_inputs(project):
    library, _ = _load(project)
    assert lock_text(library, project / "seeds/facts.yaml") == lock_text(_load(project)[0], project / "seeds/facts.yaml")


def test_an_unchanged_library_passes(project):
    _locked(project)
    diags, _ = _check(project)
    assert diags == []


def test_a_change_away_from_every_quote_is_a_warning_naming_the_source(project):
    _locked(project)
    edit(project / "seeds/bay-herald.txt", "Islanders brace for summer", "Islanders prepare for a summer")
    diags, load = _check(project)
    assert not load
    [d] = diags
    assert not d.is_error and "source `bay-herald` changed" in d.message and "still found" in d.message
    assert any("sha256 was" in n for n in d.notes)


def test_a_changed_context_around_a_quote_is_shown_as_a_word_diff(project):
    _locked(project)
    edit(project / "seeds/bay-herald.txt", "the council noted", "the council wrongly claimed")
    diags, _ = _check(project)
    context = [d for d in diags if "text around the quote" in d.message]
    assert context and not any(d.is_error for d in diags)
    assert any(n == "diff: … ‹quote› , the council [-noted.-]{+wrongly claimed.+}" for n in context[0].notes)


def test_a_reworded_quote_fails_with_the_nearest_passage_similarity_and_diff(project):
    _locked(project)
    edit(project / "seeds/bay-herald.txt", "would order extra stock", "will order more stock")
    diags, load = _check(project)
    assert any(d.is_error for d in load)  # the load itself refuses the quote
    [d] = [d for d in diags if d.is_error]
    assert "source `bay-herald` changed" in d.message and "`shop-stock`" in d.message
    assert d.span.file.name == "facts.yaml"
    assert any(n.startswith("nearest passage now (line 4,") and "% similar" in n for n in d.notes)
    assert any("[-would-]{+will+} order [-extra-]{+more+} stock" in n for n in d.notes)
    assert not any("numbers changed" in n for n in d.notes)


def test_a_quote_whose_numbers_changed_always_fails(project):
    _locked(project)
    edit(project / "seeds/ferry-notice.txt", "cost 4 euros", "cost 5 euros")
    diags, _ = _check(project)
    [d] = [d for d in diags if d.is_error]
    assert "`taxi-fare`" in d.message
    assert any("the numbers changed (4 → 5)" in n for n in d.notes)
    assert any("[-4-]{+5+}" in n for n in d.notes)


def test_a_quote_the_author_fixed_leaves_only_an_out_of_date_lock(project):
    _locked(project)
    edit(project / "seeds/ferry-notice.txt", "cost 4 euros", "cost 5 euros")
    edit(project / "seeds/facts.yaml", "quote: Tickets cost 4 euros", "quote: Tickets cost 5 euros")
    diags, load = _check(project)
    assert not load and not any(d.is_error for d in diags)
    assert any("out of date" in d.message and "1 new" in d.message for d in diags)


def test_a_new_fact_makes_the_lock_out_of_date(project):
    _locked(project)
    (project / "seeds/facts.yaml").write_text((project / "seeds/facts.yaml").read_text(encoding="utf-8") + (
        "\n  - id: council-met\n    claim: The council met.\n    evidence:\n      - source: bay-herald\n"
        "        quote: council met on Tuesday\n"), encoding="utf-8")
    diags, _ = _check(project)
    [d] = diags
    assert not d.is_error and "quotes 1 new" in d.message and d.span.file.name == "facts.lock.json"


def test_a_malformed_lock_is_an_error_with_a_fix(project):
    path = lock_path(project / "seeds/facts.yaml")
    path.write_text("{\"briefgen_lock\": 99}", encoding="utf-8")
    with pytest.raises(BriefgenError) as exc:
        read_lock(path)
    assert "not a briefgen lock file" in exc.value.diagnostics[0].message
    assert read_lock(project / "nothing.lock.json") is None


def test_lock_data_skips_quotes_that_failed_to_verify(project):
    edit(project / "seeds/facts.yaml", "quote: Tickets cost 4 euros", "quote: Tickets cost 9 euros")
    library, diags = _load(project)
    assert any(d.is_error for d in diags)
    data = lock_data(library, project / "seeds/facts.yaml")
    assert all(q["fact"] != "taxi-fare" for q in data["quotes"])


def test_word_diff_marks_removed_and_added_words_and_shortens_long_runs():
    old = "one two three four five six seven eight nine ten eleven twelve"
    new = "one two three four five six seven eight nine ten eleven twelve!"
    assert word_diff("a b c", "a x c") == "a [-b-]{+x+} c"
    assert word_diff(old, new) == "… eight nine ten eleven [-twelve-]{+twelve!+}"


def test_check_shows_the_lock_diff_once_when_a_source_edit_breaks_a_quote(project):
    from briefgen.pipeline import check

    _locked(project)
    edit(project / "seeds/bay-herald.txt", "would order extra stock", "will order more stock")
    report = check([project / "briefs/skarra.yaml"], options=Options(root=project))
    # used to print only the load's nearest-passage error, never the locked passage and the diff
    [d] = [d for d in report.diagnostics if d.is_error]
    assert "source `bay-herald` changed" in d.message and d.span.file.name == "facts.yaml"
    assert any(n.startswith("locked passage") for n in d.notes)
    assert any("[-would-]{+will+} order [-extra-]{+more+} stock" in n for n in d.notes)


def test_an_edited_quote_of_an_unchanged_source_gets_the_ordinary_error(project):
    from briefgen.pipeline import check

    _locked(project)
    edit(project / "seeds/facts.yaml", "would order extra stock", "would order more stock")
    [d] = [d for d in check([project / "briefs/skarra.yaml"], options=Options(root=project)).diagnostics if d.is_error]
    assert "is not in source `bay-herald`" in d.message


def test_two_lock_runs_at_once_both_succeed_and_leave_one_whole_lock(project):
    import threading

    library, _ = _load(project)
    facts = project / "seeds/facts.yaml"
    expected = lock_text(library, facts)
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def run() -> None:
        try:
            start.wait()
            for _ in range(20):
                write_lock(library, facts)
        except BaseException as exc:  # noqa: BLE001 - the test reports whatever a writer raised
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []  # a fixed temporary name made one writer's rename fail
    assert lock_path(facts).read_text(encoding="utf-8") == expected
    assert sorted(p.name for p in facts.parent.iterdir() if p.name.startswith(".")) == []


def test_a_lock_that_is_not_a_regular_file_is_a_located_error(project):
    path = lock_path(project / "seeds/facts.yaml")
    path.mkdir()
    with pytest.raises(BriefgenError) as exc:
        read_lock(path)
    [d] = exc.value.diagnostics
    assert "is a folder" in d.message and d.span.file == path and "briefgen lock" in (d.help or "")


def test_a_lock_that_cannot_be_written_is_a_located_error_and_the_old_lock_stays(project):
    path = _locked(project)
    before = path.read_bytes()
    library, _ = _load(project)
    blocked = project / "seeds/blocked"
    blocked.mkdir()
    lock_path(blocked / "facts.yaml").mkdir()  # a folder where the lock should go
    with pytest.raises(BriefgenError) as exc:
        write_lock(library, blocked / "facts.yaml")
    [d] = exc.value.diagnostics
    assert d.message.startswith("cannot write the lock file `facts.lock.json`") and d.span.file == lock_path(blocked / "facts.yaml")
    assert path.read_bytes() == before
