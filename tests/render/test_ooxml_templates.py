"""A theme's reference.docx and slides.pptx: opened by python-docx and python-pptx once per
process, and a broken one is a TemplateError naming the file, never a traceback."""

from __future__ import annotations

import dataclasses
import io
import shutil
import zipfile
from pathlib import Path
from typing import Callable

import docx
import pptx
import pytest
from builders import sample_brief
from lxml import etree

from briefgen.render import TemplateError
from briefgen.render import docx as docx_writer
from briefgen.render.pptx import write as pptx_writer

FORMATS = {
    # format: (template file, its writer, its main part, a part the main part needs)
    "docx": ("reference.docx", docx_writer, "word/document.xml", "word/styles.xml"),
    "pptx": ("slides.pptx", pptx_writer, "ppt/presentation.xml", "ppt/slideMasters/slideMaster1.xml"),
}


def _rezip(src: Path, dst: Path, edit: Callable[[str, bytes], "bytes | None"]) -> None:
    """Write `src` to `dst`, passing each member through `edit` (None drops it)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = edit(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info, data)


def _without(member: str) -> Callable[[str, bytes], "bytes | None"]:
    return lambda name, data: None if name == member else data


def _truncated(member: str) -> Callable[[str, bytes], "bytes | None"]:
    return lambda name, data: data[: len(data) // 2] if name == member else data


BROKEN: dict[str, Callable[[str], Callable[[Path, Path], None]]] = {
    "not a zip": lambda fmt: lambda src, dst: dst.write_bytes(b"not a zip"),
    "empty file": lambda fmt: lambda src, dst: dst.write_bytes(b""),
    "cut-off zip": lambda fmt: lambda src, dst: dst.write_bytes(src.read_bytes()[:2000]),
    "no content types": lambda fmt: lambda src, dst: _rezip(src, dst, _without("[Content_Types].xml")),
    "no package relationships": lambda fmt: lambda src, dst: _rezip(src, dst, _without("_rels/.rels")),
    "no main part": lambda fmt: lambda src, dst: _rezip(src, dst, _without(FORMATS[fmt][2])),
    "no styles or master": lambda fmt: lambda src, dst: _rezip(src, dst, _without(FORMATS[fmt][3])),
    "broken main XML": lambda fmt: lambda src, dst: _rezip(src, dst, _truncated(FORMATS[fmt][2])),
    "broken styles or master XML": lambda fmt: lambda src, dst: _rezip(src, dst, _truncated(FORMATS[fmt][3])),
    "the other format": lambda fmt: lambda src, dst: shutil.copy(
        src.parent / FORMATS["pptx" if fmt == "docx" else "docx"][0], dst),
}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_template_is_a_template_error_naming_the_file(theme, tmp_path, fmt, case):
    name, writer, _, _ = FORMATS[fmt]
    BROKEN[case](fmt)(theme.folder / name, tmp_path / name)
    with pytest.raises(TemplateError) as caught:
        writer.render(sample_brief(), theme=dataclasses.replace(theme, folder=tmp_path))
    assert f"`{tmp_path / name}`" in str(caught.value)
    assert isinstance(caught.value, writer.TemplateError)


def test_a_reference_without_a_heading_style_names_the_style_and_the_file(theme, tmp_path):
    document = docx.Document(str(theme.folder / "reference.docx"))
    style = document.styles["Heading 1"].element
    style.getparent().remove(style)
    document.save(str(tmp_path / "reference.docx"))
    with pytest.raises(docx_writer.TemplateError, match=r"`Heading 1`") as caught:
        docx_writer.render(sample_brief(), theme=dataclasses.replace(theme, folder=tmp_path))
    assert str(tmp_path / "reference.docx") in str(caught.value)


def test_a_reference_style_of_the_wrong_kind_is_a_template_error(theme, tmp_path):
    document = docx.Document(str(theme.folder / "reference.docx"))
    document.styles["Caption"].element.set(f"{{{docx_writer.W}}}type", "character")
    document.save(str(tmp_path / "reference.docx"))
    with pytest.raises(docx_writer.TemplateError, match=r"style `Caption` must be a paragraph style"):
        docx_writer.render(sample_brief(), theme=dataclasses.replace(theme, folder=tmp_path))


def test_a_missing_slide_template_is_a_template_error_naming_it(theme, tmp_path):
    with pytest.raises(pptx_writer.TemplateError, match="is missing") as caught:
        pptx_writer.render(sample_brief(), theme=dataclasses.replace(theme, folder=tmp_path))
    assert str(tmp_path / "slides.pptx") in str(caught.value)


def test_a_slide_template_without_a_layout_names_the_layout_and_the_file(theme, tmp_path):
    prs = pptx.Presentation(str(theme.folder / "slides.pptx"))
    for layout in prs.slide_layouts:
        if layout.name == "Section Header":
            layout.name = "Section Divider"
    prs.save(str(tmp_path / "slides.pptx"))
    with pytest.raises(pptx_writer.TemplateError, match=r"no layout named `Section Header`") as caught:
        pptx_writer.render(sample_brief(), theme=dataclasses.replace(theme, folder=tmp_path))
    assert str(tmp_path / "slides.pptx") in str(caught.value)


# ---------------------------------------------------------------- templates python-pptx has edited


def _with_slides_and_notes(path: Path) -> None:
    prs = pptx.Presentation(str(path))
    for name in ("Title Slide", "Title and Content"):
        layout = next(lay for lay in prs.slide_layouts if lay.name == name)
        slide = prs.slides.add_slide(layout)
        slide.shapes.title.text = name
        slide.notes_slide.notes_text_frame.text = "template notes"
        slide.shapes.add_textbox(0, 0, 914400, 914400).text_frame.text = "link"
        slide.shapes[-1].click_action.hyperlink.address = "https://example.org/a&b"
    prs.save(str(path))


def _without_core(path: Path) -> None:
    def edit(name: str, data: bytes) -> "bytes | None":
        if name == "docProps/core.xml":
            return None
        if name == "_rels/.rels":
            root = etree.fromstring(data)
            for rel in list(root):
                if rel.get("Target") == "docProps/core.xml":
                    root.remove(rel)
            return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        return data

    src = path.with_suffix(".orig")
    path.rename(src)
    _rezip(src, path, edit)


def _pretty_printed(path: Path) -> None:
    def edit(name: str, data: bytes) -> bytes:
        if not name.endswith((".xml", ".rels")):
            return data
        return etree.tostring(etree.fromstring(data), xml_declaration=True, encoding="UTF-8", standalone=True,
                              pretty_print=True)

    src = path.with_suffix(".orig")
    path.rename(src)
    _rezip(src, path, edit)


def _with_an_image_on_the_master(path: Path) -> None:
    from PIL import Image

    prs = pptx.Presentation(str(path))
    png = io.BytesIO()
    Image.new("RGB", (4, 4), "navy").save(png, format="PNG")
    prs.slide_master.part.get_or_add_image_part(png)
    prs.save(str(path))


VARIANTS = {
    "with slides and notes": _with_slides_and_notes,
    "without core properties": _without_core,
    "pretty-printed": _pretty_printed,
    "with an image": _with_an_image_on_the_master,
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_a_slide_template_python_pptx_has_edited_gives_a_deck_python_pptx_saves_unchanged(theme, tmp_path, variant):
    from test_ooxml_round_trip import _changes_on_round_trip

    shutil.copy(theme.folder / "slides.pptx", tmp_path / "slides.pptx")
    VARIANTS[variant](tmp_path / "slides.pptx")
    brief = sample_brief()
    data = pptx_writer.render(brief, theme=dataclasses.replace(theme, folder=tmp_path)).data
    deck = pptx.Presentation(io.BytesIO(data))
    assert deck.slides[0].shapes.title.text == brief.title
    assert all(slide.has_notes_slide for slide in list(deck.slides)[1:])
    assert "template notes" not in " ".join(s.notes_slide.notes_text_frame.text for s in deck.slides
                                            if s.has_notes_slide)
    assert _changes_on_round_trip(data, pptx.Presentation) == []


# ---------------------------------------------------------------- once per process


def test_each_template_is_opened_once_per_process_and_again_when_it_changes(theme, tmp_path, monkeypatch):
    shutil.copy(theme.folder / "slides.pptx", tmp_path / "slides.pptx")
    shutil.copy(theme.folder / "reference.docx", tmp_path / "reference.docx")
    themed = dataclasses.replace(theme, folder=tmp_path)
    opened: list[str] = []
    real_presentation, real_document = pptx.Presentation, docx.Document
    monkeypatch.setattr(pptx, "Presentation", lambda path: opened.append(path) or real_presentation(path))
    monkeypatch.setattr(docx, "Document", lambda path=None: opened.append(path) or real_document(path))
    first = (docx_writer.render(sample_brief(), theme=themed).data, pptx_writer.render(sample_brief(), theme=themed).data)
    count = len(opened)
    assert count >= 2 and {Path(p).name for p in opened} == {"reference.docx", "slides.pptx"}
    second = (docx_writer.render(sample_brief(), theme=themed).data, pptx_writer.render(sample_brief(), theme=themed).data)
    assert len(opened) == count and second == first
    prs = real_presentation(str(tmp_path / "slides.pptx"))
    next(lay for lay in prs.slide_layouts if lay.name == "Two Content").name = "Two Columns"
    prs.save(str(tmp_path / "slides.pptx"))
    with pytest.raises(pptx_writer.TemplateError, match="Two Content"):
        pptx_writer.render(sample_brief(), theme=themed)
