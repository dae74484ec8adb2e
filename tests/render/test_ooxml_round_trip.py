"""briefgen's text writers produce what python-docx and python-pptx would: a built DOCX or PPTX
loaded with the library and saved again has the same parts, each with the same XML (compared
canonically), but for the empty elements of the core properties."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pptx
import pytest
from builders import sample_brief
from example_build import STEMS
from lxml import etree

from briefgen.render.docx import render as render_docx
from briefgen.render.pptx.write import render as render_pptx

CORE = "docProps/core.xml"


def _canonical(name: str, data: bytes) -> bytes:
    if not name.endswith((".xml", ".rels")):
        return data
    root = etree.fromstring(data)
    if name == CORE:  # the one part a library may write differently: empty properties
        for el in list(root):
            if not (el.text or "").strip() and len(el) == 0:
                root.remove(el)
    return etree.tostring(root, method="c14n")  # type: ignore[no-any-return]


def _changes_on_round_trip(data: bytes, open_package) -> list[str]:
    """Return what saving `data` again through python-docx or python-pptx changes."""
    again = io.BytesIO()
    open_package(io.BytesIO(data)).save(again)
    before, after = zipfile.ZipFile(io.BytesIO(data)), zipfile.ZipFile(again)
    names = set(before.namelist())
    changes = [f"part only one side has: {n}" for n in sorted(names ^ set(after.namelist()))]
    for name in sorted(names & set(after.namelist())):
        if _canonical(name, before.read(name)) != _canonical(name, after.read(name)):
            changes.append(f"part changed: {name}")
    return changes


@pytest.fixture(scope="module")
def examples(example_build) -> Path:
    return example_build.out


@pytest.mark.parametrize("stem", STEMS)
def test_python_docx_saves_the_example_docx_unchanged(examples, stem):
    assert _changes_on_round_trip((examples / f"{stem}.docx").read_bytes(), docx.Document) == []


@pytest.mark.parametrize("stem", STEMS)
def test_python_pptx_saves_the_example_deck_unchanged(examples, stem):
    assert _changes_on_round_trip((examples / f"{stem}.pptx").read_bytes(), pptx.Presentation) == []


@pytest.mark.parametrize("sections", [1, 3])
def test_python_docx_saves_a_brief_with_every_block_type_unchanged(theme, sections):
    data = render_docx(sample_brief(sections=sections), theme=theme).data
    assert _changes_on_round_trip(data, docx.Document) == []


@pytest.mark.parametrize("sections", [1, 3])
def test_python_pptx_saves_a_deck_with_every_block_type_unchanged(theme, sections):
    data = render_pptx(sample_brief(sections=sections), theme=theme).data
    assert _changes_on_round_trip(data, pptx.Presentation) == []


def test_the_comparison_sees_a_changed_part(theme):
    """The round trip would notice a writer that serializes differently from the library."""
    data = render_docx(sample_brief(), theme=theme).data
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            blob = src.read(name)
            if name == "word/document.xml":  # blank text python-docx's parser would drop
                blob = blob.replace(b"<w:body>", b"<w:body>\n  ", 1)
            dst.writestr(name, blob)
    assert _changes_on_round_trip(out.getvalue(), docx.Document) == ["part changed: word/document.xml"]
