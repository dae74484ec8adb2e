"""Property-based tests: whatever text an outline holds, briefgen writes valid files or a diagnostic.

Hypothesis writes small projects full of hostile text (ReportLab and XML markup, control
characters, right-to-left text, emoji, very long words, YAML-special words) and any citation
style, known or not, and builds them (generated theme files are in tests/test_theme.py). CI
runs 1,000 examples (`CI=true`); a local run does 150.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.load.project import Options
from briefgen.pipeline import build

EXAMPLES = 1000 if os.environ.get("CI") else 150

SOURCE_TEXT = ("Headline of a test article\n\nThe council met on 3 May 2021 and voted 7 to 2. "
               "\u201cWe will build it,\u201d said the mayor. Москва и Αθήνα agreed. مرحبا بالعالم.\n")
QUOTES = ["The council met on 3 May 2021", "voted 7 to 2", "\u201cWe will build it,\u201d said the mayor",
          "Москва и Αθήνα agreed", "مرحبا بالعالم"]
HOSTILE = ["<b>bold</b>", "<font name=x>", '<a href="javascript:alert(1)">x</a>', "&amp;", "&", "]]>",
           "<", ">", "\x00", "\x07", "\x1b[31m", "\u202e", "\u200f", "שלום", "مرحبا", "🇳🇪", "👩🏽‍🏫",
           "NO", "yes", "on", "null", "~", "1.10", "2024-02-30", "#", ": ", "- ", "*", "**", "_", "`",
           "[x](javascript:1)", "[@", "\\", "%", "{{", "'", '"', "\t", "x" * 600, "\ufeff", "\u00ad"]

text = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(min_size=0, max_size=30)), max_size=6).map("".join)
fact_ids = ["f-one", "f-two", "f-three", "f-four", "f-five"]
cite = st.lists(st.sampled_from(fact_ids + ["nope"]), min_size=1, max_size=3).map(lambda ids: "[" + "; ".join("@" + i for i in ids) + "]")
sentence = st.tuples(text, st.one_of(st.just(""), cite)).map(lambda t: f"{t[0]} {t[1]}".strip())


@st.composite
def projects(draw: st.DrawFn) -> dict[str, object]:
    sections = []
    for i in range(draw(st.integers(0, 4))):
        sec: dict[str, object] = {"heading": draw(text) or f"Section {i}"}
        kind = draw(st.sampled_from(["body", "bullets", "timeline", "empty", "many"]))
        if kind == "body":
            sec["body"] = "\n\n".join(draw(st.lists(sentence, min_size=1, max_size=4)))
        elif kind == "bullets":
            sec["bullets"] = draw(st.lists(sentence, min_size=1, max_size=5))
        elif kind == "timeline":
            sec["timeline"] = draw(st.lists(st.sampled_from(fact_ids[:3]), min_size=1, max_size=3, unique=True))
        elif kind == "many":
            sec["bullets"] = [f"Point {n} [@f-one]" for n in range(draw(st.integers(20, 120)))]
        sections.append(sec)
    facts = []
    for n, fid in enumerate(fact_ids):
        fact: dict[str, object] = {"id": fid, "claim": draw(text) or "A claim.",
                                   "evidence": [{"source": "article", "quote": QUOTES[n]}]}
        if n < 3:
            fact["date"] = ["2021-05-03", "2021-05", "2021"][n]
        if draw(st.booleans()):
            fact["attributed_to"] = draw(text) or "someone"
        facts.append(fact)
    outline: dict[str, object] = {"title": draw(text) or "T", "subtitle": draw(text), "author": draw(text),
                                  "date": "2024-05-01", "facts": "facts.yaml", "sections": sections}
    style = draw(st.sampled_from(["omit", "chicago", "apa", "mla", "Chicago", "", None, 3, ["apa"]]))
    if style != "omit":
        outline["citation_style"] = style
    return {
        "outline": outline,
        "facts": {"sources": "sources.yaml", "facts": facts},
        "sources": {"sources": [{"id": "article", "file": "article.txt", "title": draw(text) or "Title",
                                 "published": "2021-05-04"}]},
    }


def _write(root: Path, project: dict[str, object]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "article.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    for name in ("outline", "facts", "sources"):
        (root / f"{name}.yaml").write_text(yaml.safe_dump(project[name], allow_unicode=True), encoding="utf-8")
    return root / "outline.yaml"


def _valid(path: Path) -> None:
    data = path.read_bytes()
    if path.suffix == ".json":
        import json

        json.loads(data)
    elif path.suffix == ".pdf":
        import pypdf

        reader = pypdf.PdfReader(io.BytesIO(data))
        assert len(reader.pages) >= 1
        for page in reader.pages:
            page.extract_text()
    elif path.suffix == ".docx":
        import docx

        docx.Document(io.BytesIO(data))
        zipfile.ZipFile(io.BytesIO(data)).testzip()
    else:
        import pptx

        assert len(pptx.Presentation(io.BytesIO(data)).slides) >= 1


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(project=projects())
def test_any_outline_builds_valid_files_or_gives_a_diagnostic(tmp_path_factory: pytest.TempPathFactory,
                                                              project: dict[str, object]) -> None:
    root = tmp_path_factory.mktemp("p")
    outline = _write(root, project)
    out = root / "out"
    report = build([outline], options=Options(root=root), out_dir=out, jobs=1)
    if report.ok:
        written = sorted(p.name for p in out.iterdir())
        assert written == ["outline.docx", "outline.evidence.json", "outline.pdf", "outline.pptx"], written
        for p in out.iterdir():
            _valid(p)
    else:
        assert all(d.span is not None and d.span.line > 0 for d in report.diagnostics if d.is_error), report.diagnostics
        assert not out.exists() or not any(out.iterdir())
