"""The PPTX renderer reads its template with zipfile and lxml, without importing python-pptx.

`write._read_template` must give exactly what python-pptx gives (`write._load_template_pptx`),
for the default template and for templates python-pptx itself has edited.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pptx
import pytest
from lxml import etree

from builders import sample_brief
from briefgen.render.pptx import write
from briefgen.render.pptx.measure import Metrics
from briefgen.render.pptx.plan import Settings
from helpers_project import copy_mini


def test_building_a_deck_never_imports_python_pptx(tmp_path):
    root = copy_mini(tmp_path)
    code = (
        "import sys\n"
        "from briefgen.render.jobs import _warm\n"
        "from briefgen.cli import main\n"
        "_warm(('pptx',), 'default')\n"
        "rc = main(['build', %r, '--root', %r, '-o', %r, '--format', 'pptx', '-j', '1'])\n"
        "print('pptx' in sys.modules, [m for m in sys.modules if m.startswith('pptx')][:3])\n"
        "sys.exit(rc)\n"
    ) % (str(root / "briefs/council.yaml"), str(root), str(tmp_path / "out"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "False []"
    assert list((tmp_path / "out").glob("*.pptx"))


# ---------------------------------------------------------------- template variants


def _copy_theme(theme, folder: Path) -> Path:
    shutil.copytree(theme.folder, folder)
    return folder / "slides.pptx"


def _rezip(path: Path, edit) -> None:
    """Rewrite the zip at `path`, passing each (name, data) through `edit` (None drops the member)."""
    with zipfile.ZipFile(path) as zin:
        items = [(info, zin.read(info.filename)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in items:
            data = edit(info.filename, data)
            if data is not None:
                zout.writestr(info, data)


def _with_slides_and_notes(path: Path) -> None:
    prs = pptx.Presentation(str(path))
    for name in ("Title Slide", "Title and Content"):
        layout = next(l for l in prs.slide_layouts if l.name == name)
        slide = prs.slides.add_slide(layout)
        slide.shapes.title.text = name
        slide.notes_slide.notes_text_frame.text = "template notes"
        slide.shapes.add_textbox(0, 0, 914400, 914400).text_frame.text = "link"
        slide.shapes[-1].click_action.hyperlink.address = "https://example.org/a&b"
    prs.save(str(path))


def _without_core(path: Path) -> None:
    def edit(name: str, data: bytes) -> bytes | None:
        if name == "docProps/core.xml":
            return None
        if name == "_rels/.rels":
            root = etree.fromstring(data)
            for rel in list(root):
                if rel.get("Target") == "docProps/core.xml":
                    root.remove(rel)
            return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        if name == "[Content_Types].xml":
            return data.replace(b'<Override PartName="/docProps/core.xml"', b'<Override PartName="/docProps/gone.xml"')
        return data

    _rezip(path, edit)


def _pretty_printed(path: Path) -> None:
    def edit(name: str, data: bytes) -> bytes:
        if not name.endswith((".xml", ".rels")):
            return data
        root = etree.fromstring(data)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True, pretty_print=True)

    _rezip(path, edit)


def _saved_by_python_pptx_with_an_image(path: Path) -> None:
    from PIL import Image

    prs = pptx.Presentation(str(path))
    prs.slides  # adds an empty slide list
    png = io.BytesIO()
    Image.new("RGB", (4, 4), "navy").save(png, format="PNG")
    prs.slide_master.part.get_or_add_image_part(png)
    prs.save(str(path))


VARIANTS = {
    "default": lambda path: None,
    "slides_and_notes": _with_slides_and_notes,
    "without_core": _without_core,
    "pretty_printed": _pretty_printed,
    "saved_with_image": _saved_by_python_pptx_with_an_image,
}


def _fields(tpl) -> dict:
    out = {f.name: getattr(tpl, f.name) for f in dataclasses.fields(tpl)
           if f.name not in ("geometry_source", "geometries")}
    core = out.pop("core")
    # python-pptx stamps a default core part with the time of reading; the render replaces it.
    out["core"] = (core.partname, core.content_type, core.rels,
                   core.blob.split(b"<dcterms:modified")[0] if b"python-pptx" in core.blob else core.blob)
    return out


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_the_lxml_reader_reads_what_python_pptx_reads(theme, tmp_path, variant, monkeypatch):
    path = _copy_theme(theme, tmp_path / "theme")
    VARIANTS[variant](path)
    fast = write._read_template(path)
    slow = write._load_template_pptx(path)
    assert _fields(fast) == _fields(slow)
    settings = Settings.from_mapping(theme.pptx)
    metrics = Metrics.for_family(theme.font)
    geometries = [write.read_geometry(tpl.geometry_source[0], settings=settings, metrics=metrics,
                                      slide_size=tpl.geometry_source[1]) for tpl in (fast, slow)]
    assert geometries[0] == geometries[1]

    # And the decks are the same bytes, whichever reader read the template.
    broken = dataclasses.replace(theme, folder=path.parent)
    brief = sample_brief()
    monkeypatch.setattr(write, "_TEMPLATES", {})
    data = write.render(brief, theme=broken).data
    monkeypatch.setattr(write, "_TEMPLATES", {})
    monkeypatch.setattr(write, "_read_template", lambda p: (_ for _ in ()).throw(write._Unsupported("test")))
    assert write.render(brief, theme=broken).data == data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None


def test_a_missing_layout_is_the_same_error_from_either_reader(theme, tmp_path):
    path = _copy_theme(theme, tmp_path / "theme")
    prs = pptx.Presentation(str(path))
    for layout in prs.slide_layouts:
        if layout.name == "Section Header":
            layout.name = "Section Divider"
    prs.save(str(path))
    with pytest.raises(write.TemplateError) as fast:
        write._read_template(path)
    with pytest.raises(write.TemplateError) as slow:
        write._load_template_pptx(path)
    assert str(fast.value) == str(slow.value)
    assert "Section Header" in str(fast.value)


def test_a_template_the_reader_does_not_understand_falls_back_to_python_pptx(theme, tmp_path, monkeypatch):
    path = _copy_theme(theme, tmp_path / "theme")
    monkeypatch.setattr(write, "_read_template", lambda p: (_ for _ in ()).throw(write._Unsupported("test")))
    tpl = write._load_template(path)
    assert tpl.layouts["Title Only"].placeholders
