import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml

from briefgen.authoring.suggest import (
    candidates,
    evidence_status,
    list_facts,
    literal_date,
    source_named,
    suggest_facts,
)
from briefgen.diagnostics import BriefgenError, Collector
from briefgen.load import quotes
from briefgen.load.project import Library, Options, load_facts, load_project

REPO = Path(__file__).resolve().parents[2]
SOURCES = ("russia-sends-trainers", "niger-russia-partnership")


@pytest.fixture(scope="module")
def library() -> Library:
    project, found = load_project(REPO / "briefs/students.yaml", options=Options(root=REPO))
    assert project is not None and not [d for d in found if d.is_error]
    return project.library


@pytest.mark.parametrize("source_id", SOURCES)
def test_every_suggested_quote_is_found_verbatim_in_its_source(library, source_id):
    doc = library.sources[source_id]
    items = candidates(doc, existing=Library())
    assert len(items) >= 10
    for item in items:
        [ev] = item["evidence"]
        assert ev["source"] == source_id
        match = quotes.find(ev["quote"], doc.text, doc.normalized)
        assert match is not None and match.verbatim, ev["quote"]


@pytest.mark.parametrize("source_id", SOURCES)
def test_suggested_ids_are_valid_unique_and_never_collide_with_existing_facts(library, source_id):
    doc = library.sources[source_id]
    crowded = Library(facts=dict(library.facts), sources=library.sources)
    ids = [c["id"] for c in candidates(doc, existing=Library())]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", i) for i in ids)
    # pretend every suggested id is taken already: new ones must differ
    taken = Library(facts={i: next(iter(library.facts.values())) for i in ids}, sources=crowded.sources)
    again = [c["id"] for c in candidates(doc, existing=taken)]
    assert again and not set(again) & set(ids)


def test_sentences_existing_facts_already_quote_are_skipped(library):
    for source_id in SOURCES:
        doc = library.sources[source_id]
        assert len(candidates(doc, existing=library)) < len(candidates(doc, existing=Library()))
    assert "already quoted" in suggest_facts(library.sources["russia-sends-trainers"], existing=library)


def test_a_date_is_given_only_when_the_sentence_spells_it_out(library):
    items = candidates(library.sources["niger-russia-partnership"], existing=Library())
    dated = {c["evidence"][0]["quote"][:20]: c.get("date") for c in items}
    assert dated["On April 21, 2024, i"] == dt.date(2024, 4, 21)
    assert dated["On April 10, Russian"] is None  # no year in the sentence: never inferred
    assert dated["The creation of the "] == "2023-09"


@pytest.mark.parametrize("text, expected", [
    ("On April 21, 2024, people marched.", dt.date(2024, 4, 21)),
    ("It opened on 30 August 2024.", dt.date(2024, 8, 30)),
    ("Filed 2022-02-14 at noon.", dt.date(2022, 2, 14)),
    ("The AES was created in September 2023.", "2023-09"),
    ("Instructors arrived on April 10.", None),
    ("Coups happened in 2021.", None),
    ("On 31 February 2024 nothing happened.", None),
    # read as quotes are: French, and a range gives none of its days (the month it names stays)
    ("Le 21 avril 2024, des milliers de personnes ont manifesté.", dt.date(2024, 4, 21)),
    ("L’AES a été créée en septembre 2023.", "2023-09"),
    ("Talks ran from 22 to 25 April 2024.", None),
    ("In March 2024 the junta, on 16 March 2024, ended it.", dt.date(2024, 3, 16)),
])
def test_literal_dates(text, expected):
    assert literal_date(text) == expected


def test_the_yaml_pastes_under_facts_and_loads_with_every_quote_verified(library, tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", seeds)
    text = "".join(suggest_facts(library.sources[s], existing=Library()) for s in SOURCES)
    assert yaml.safe_load("facts:\n" + text)["facts"]
    path = seeds / "suggested.yaml"
    path.write_text("sources: sources.yaml\nfacts:\n" + text, encoding="utf-8")
    diags, lib = Collector(), Library()
    load_facts(path, options=Options(root=tmp_path), diags=diags, library=lib)
    assert diags.items == []
    assert len(lib.facts) >= 25 and all(e.match is not None for f in lib.facts.values() for e in f.evidence)


def test_suggestions_guess_tags_from_the_library(library):
    items = candidates(library.sources["russia-sends-trainers"], existing=Library(sources=library.sources,
                                                                                 facts={"x": library.facts["aes-founded"]}))
    assert any("mali" in c.get("tags", []) for c in items)


def test_the_fact_table_shows_date_sources_and_evidence_status(library):
    table = list_facts(library)
    assert table.splitlines()[0].split() == ["ID", "DATE", "EVIDENCE", "SOURCES"]
    line = next(ln for ln in table.splitlines() if ln.startswith("coup-july-2023 "))
    assert "2023-07-26" in line and "russia-sends-trainers ×2" in line
    assert f"{len(library.facts)} facts (" in table
    assert evidence_status(library.facts["putin-tiani-strategic-cooperation"]) == "normalised"  # “ ” in the source
    assert evidence_status(library.facts["coup-july-2023"]) == "verbatim"


def test_the_fact_table_filters_by_tag_and_source(library):
    table = list_facts(library, tag="protest", source="niger-russia-partnership")
    ids = [ln.split()[0] for ln in table.splitlines()[2:] if ln and not ln.startswith(" ")][:-1]
    assert ids == ["protests-against-us-presence", "agadez-protest-april-2024", "activist-calls-base-useless"]
    assert "with tag `protest` source `niger-russia-partnership`" in table


def test_an_unknown_tag_or_source_is_an_error_with_a_suggestion(library):
    with pytest.raises(BriefgenError) as exc:
        list_facts(library, tag="protests")
    assert exc.value.diagnostics[0].help == "did you mean `protest`?"
    with pytest.raises(BriefgenError) as exc:
        list_facts(library, source="nowhere")
    assert "known sources:" in exc.value.diagnostics[0].help


def test_a_source_is_looked_up_by_id_with_a_suggestion_when_mistyped(library):
    assert source_named(library, "russia-sends-trainers").id == "russia-sends-trainers"
    with pytest.raises(BriefgenError) as exc:
        source_named(library, "russia-send-trainers")
    assert exc.value.diagnostics[0].help == "did you mean `russia-sends-trainers`?"
