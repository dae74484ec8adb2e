"""The evidence report accounts for every citation, and shows corroboration by independent sources."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import pytest

from briefgen.load.project import Options, load_project
from briefgen.model import BulletList, Subheading, plain
from briefgen.render.evidence import evidence_report, to_json
from briefgen.resolve.bind import resolve

REPO = Path(__file__).resolve().parents[2]
PROJECTS = Path(__file__).resolve().parents[1] / "projects"
OUTLINES = sorted(REPO.glob("briefs/*.yaml")) + sorted(PROJECTS.glob("*/briefs/*.yaml"))


def _report(outline: Path):
    root = REPO if outline.is_relative_to(REPO / "briefs") else outline.parent.parent
    project, diags = load_project(outline, options=Options(root=root))
    assert project is not None and not [d for d in diags if d.is_error]
    brief, _ = resolve(project)
    return project, brief, evidence_report(brief, base=outline.parent)


@pytest.mark.parametrize("outline", OUTLINES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_the_report_accounts_for_every_citation_and_quote(outline):
    project, brief, report = _report(outline)
    assert [c["number"] for c in report["citations"]] == [n.number for n in brief.notes]
    for cite, note in zip(report["citations"], brief.notes):
        fact = project.library.facts[note.fact_id]
        assert cite["fact"] == fact.id and cite["claim"] == fact.claim
        assert len(cite["quotes"]) == len(fact.evidence) >= 1
        assert cite["independent_sources"] == note.source_count
        for q in cite["quotes"]:
            text = project.library.sources[q["source"]].text
            assert text[q["start"]:q["end"]] == q["verbatim"]
            line_start = text.rfind("\n", 0, q["start"]) + 1
            assert text.count("\n", 0, q["start"]) + 1 == q["line"] and q["start"] - line_start + 1 == q["column"]
            if q["via"]:  # a PDF's line-end hyphenation or ligature: the match says which it needed
                assert q["match"] == "+".join(q["via"]) and q["locator"]
            else:
                assert q["match"] == ("verbatim" if q["verbatim"] == q["quote"] else "normalised")
    assert [s["id"] for s in report["sources"]] == [s.id for s in brief.sources]
    for s in report["sources"]:
        data = (outline.parent / s["file"]).read_bytes()
        assert s["sha256"] == hashlib.sha256(data).hexdigest()
        assert s["cited_in"]


@pytest.mark.parametrize("outline", OUTLINES[:1] + OUTLINES[-1:], ids=lambda p: p.name)
def test_the_report_is_stable_json(outline):
    first = to_json(_report(outline)[2])
    assert first == to_json(_report(outline)[2])
    assert first.endswith("\n") and json.loads(first)["briefgen_evidence"] == 1
    assert str(REPO) not in first  # paths are relative, so the report is the same on every machine


def test_a_republished_article_does_not_count_as_independent_corroboration():
    _, brief, report = _report(PROJECTS / "republished/briefs/skarra.yaml")
    counts = {c["fact"]: (c["sources"], c["independent_sources"], c["origins"]) for c in report["citations"]}
    assert counts["ferry-closure"] == (2, 1, ["harbour-wire"])
    assert counts["islanders-depend"] == (3, 2, ["bay-herald", "harbour-wire"])
    assert counts["pier-repairs"] == (2, 2, ["bay-herald", "harbour-wire"])
    assert counts["shop-stock"] == (1, 1, ["bay-herald"])
    coast = next(s for s in report["sources"] if s["id"] == "coast-daily")
    assert coast["republishes"] == "harbour-wire" and coast["origin"] == "harbour-wire"
    bodies = {n.fact_id: plain(n.body) for n in brief.notes}
    assert bodies["ferry-closure"].endswith("Both carry the same original report.")
    assert bodies["islanders-depend"].endswith("The three go back to two independent original reports.")
    assert "Also reported by" in bodies["pier-repairs"] and "original report" not in bodies["pier-repairs"]


def test_the_report_keeps_claimant_and_channel_apart():
    _, _, report = _report(PROJECTS / "republished/briefs/skarra.yaml")
    taxi = next(c for c in report["citations"] if c["fact"] == "water-taxi")
    assert taxi["claimant"] == "Harbour master Jonas Lind"
    assert taxi["channel"] == "a statement to the Coastline Wire"
    assert taxi["defined_at"] == "../seeds/facts.yaml:30"


def test_a_quote_matched_after_normalising_is_labelled_so():
    _, _, report = _report(PROJECTS / "republished/briefs/skarra.yaml")
    harbour = [q for c in report["citations"] for q in c["quotes"] if q["source"] == "harbour-wire"]
    assert all(q["match"] == "verbatim" for q in harbour)
    project, brief, _ = _report(PROJECTS / "republished/briefs/skarra.yaml")
    # the same words with curly quotes in the source match only after normalising
    from briefgen.load import quotes
    m = quotes.find('the 1962 pier needs "urgent structural repairs"', project.library.sources["coast-daily"].text)
    assert m is not None and not m.verbatim


def test_the_appendix_lists_every_claim_under_each_source_it_quotes():
    outline = PROJECTS / "republished/briefs/skarra.yaml"
    project, _ = load_project(outline, options=Options(root=outline.parent.parent))
    assert project is not None
    project = dataclasses.replace(project, outline=dataclasses.replace(project.outline, evidence_appendix=True))
    brief, _ = resolve(project)
    section = brief.sections[-1]
    assert section.heading == "Evidence appendix" and section.role == "appendix"
    heads = [b.text for b in section.blocks if isinstance(b, Subheading)]
    assert heads == [s.title for s in brief.sources]
    items = [plain(i) for b in section.blocks if isinstance(b, BulletList) for i in b.items]
    assert sum(len({e.source_id for e in n.evidence}) for n in brief.notes) == len(items)
    assert any(i.startswith("The ferry link") and "\u201cThe ferry link between" in i for i in items)
    # a quotation inside a quote takes the inner marks, as in the notes (it kept straight ones)
    assert any("\u2018urgent structural repairs\u2019" in i for i in items) and not any('"' in i for i in items)
