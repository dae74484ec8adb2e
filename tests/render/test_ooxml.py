"""The OOXML plumbing both Office writers share: text, relationships, content types, core
properties, the reproducible zip and the per-file cache."""

from __future__ import annotations

import dataclasses
import io
import os
import zipfile

import docx
import pptx
import pytest
from builders import sample_brief
from helpers_project import copy_mini, edit
from lxml import etree

from briefgen.cache import cached_by_file
from briefgen.cli import main
from briefgen.model import PartialDate
from briefgen.render.docx import render as render_docx
from briefgen.render.ooxml.core import core_properties
from briefgen.render.ooxml.package import Part, Rel, Rels, content_types_xml, rels_xml, write_package
from briefgen.render.ooxml.text import XML_ILLEGAL, attr, clean, esc, one_line
from briefgen.render.ooxml.zip import ZIP_TIMESTAMP, write_zip
from briefgen.render.pptx.write import render as render_pptx

# ---------------------------------------------------------------- text


def test_xml_illegal_matches_exactly_what_xml_1_0_cannot_hold():
    illegal = [chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)] + ["\ud800", "\udfff", "\ufffe", "\uffff"]
    legal = ["\t", "\n", "\r", " ", "\u00e9", "\u202e", "\ud7ff", "\ue000", "\ufffd", "\U0001f600"]
    assert all(XML_ILLEGAL.fullmatch(c) for c in illegal)
    assert not any(XML_ILLEGAL.search(c) for c in legal)
    for c in legal:  # and lxml agrees that what is left can be written
        etree.tostring(etree.Element("t", a=c))


def test_clean_drops_illegal_characters_and_one_line_collapses_white_space():
    assert clean("a\x00b\x0bc\ufffed\ud800e") == "abcde"
    assert one_line("  a\n\t b\x07  c ") == "a b c"


def test_escaping_matches_lxml():
    text = "a & b < c > d \" e ' f \r g \t h \n i"
    el = etree.Element("t", v=text)
    el.text = text
    assert etree.tostring(el).decode() == f'<t v="{attr(text)}">{esc(text)}</t>'


# ---------------------------------------------------------------- relationships and content types


def test_a_new_relationship_id_is_the_first_free_one():
    rels = Rels([Rel("rId1", "t", "/a.xml"), Rel("rId3", "t", "/b.xml")])
    assert [rels.add("t", "/c.xml"), rels.add("t", "/d.xml")] == ["rId2", "rId4"]


def test_a_link_is_related_once_per_address_reusing_the_templates():
    rels = Rels([Rel("rId1", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
                     "https://a.org", external=True)])
    assert rels.link("https://a.org") == "rId1"
    assert rels.link("https://b.org") == rels.link("https://b.org") == "rId2"
    assert len(rels.items) == 2


def test_relationships_are_written_in_id_order_or_as_made_with_relative_targets():
    rels = [Rel("rId10", "t", "/ppt/slides/slide1.xml"), Rel("rId2", "t", "/ppt/theme/theme1.xml"),
            Rel("rId3", "h", "https://e.org/?a=1&b=2", external=True)]
    by_id = etree.fromstring(rels_xml("/ppt/presentation.xml", rels, in_id_order=True))
    assert [(r.get("Id"), r.get("Target"), r.get("TargetMode")) for r in by_id] == [
        ("rId2", "theme/theme1.xml", None), ("rId3", "https://e.org/?a=1&b=2", "External"),
        ("rId10", "slides/slide1.xml", None)]
    as_made = etree.fromstring(rels_xml("/", rels[:2], in_id_order=False))
    assert [(r.get("Id"), r.get("Target")) for r in as_made] == [
        ("rId10", "ppt/slides/slide1.xml"), ("rId2", "ppt/theme/theme1.xml")]


def test_content_types_use_the_librarys_defaults_and_override_the_rest():
    parts = [Part("/word/document.xml", "application/doc+xml", b""), Part("/media/a.png", "image/png", b"")]
    root = etree.fromstring(content_types_xml(parts, default_types={("png", "image/png")}))
    assert [(e.get("Extension"), e.get("PartName")) for e in root] == [
        ("png", None), ("rels", None), ("xml", None), (None, "/word/document.xml")]


def test_a_package_lists_the_reachable_parts_depth_first_each_with_its_relationships():
    parts = {
        "/a.xml": Part("/a.xml", "application/a+xml", b"<a/>", (Rel("rId1", "t", "/b.xml"),)),
        "/b.xml": Part("/b.xml", "application/b+xml", b"<b/>", (Rel("rId1", "t", "/a.xml"),)),
        "/c.xml": Part("/c.xml", "application/c+xml", b"<c/>"),
        "/unreachable.xml": Part("/unreachable.xml", "application/u+xml", b"<u/>"),
    }
    package_rels = (Rel("rId1", "t", "/a.xml"), Rel("rId2", "t", "/c.xml"))
    names = zipfile.ZipFile(io.BytesIO(write_package(package_rels, parts, default_types=(), in_id_order=True))).namelist()
    assert names == ["[Content_Types].xml", "_rels/.rels", "a.xml", "_rels/a.xml.rels", "b.xml", "_rels/b.xml.rels",
                     "c.xml"]


# ---------------------------------------------------------------- zip, core properties, dates


def test_every_zip_member_has_the_same_fixed_timestamp():
    data = write_zip([("[Content_Types].xml", b"<x/>"), ("a.xml", b"<a/>")])
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(data)).infolist()} == {ZIP_TIMESTAMP}


@pytest.mark.parametrize("date, stamp", [
    (PartialDate(2024, 5, 1), "2024-05-01T00:00:00Z"),
    (PartialDate(2023, 7), "2023-07-01T00:00:00Z"),
    (PartialDate(1), "0001-01-01T00:00:00Z"),
    (PartialDate(9999, 12, 31), "9999-12-31T00:00:00Z"),
])
def test_both_office_files_are_stamped_with_the_briefs_date_at_midnight(theme, date, stamp):
    brief = dataclasses.replace(sample_brief(), date=date)
    for data, open_package in ((render_docx(brief, theme=theme).data, docx.Document),
                               (render_pptx(brief, theme=theme).data, pptx.Presentation)):
        package = zipfile.ZipFile(io.BytesIO(data))
        core = etree.fromstring(package.read("docProps/core.xml"))
        ns = {"dcterms": "http://purl.org/dc/terms/"}
        assert [core.findtext(f"dcterms:{k}", namespaces=ns) for k in ("created", "modified")] == [stamp, stamp]
        assert {i.date_time for i in package.infolist()} == {ZIP_TIMESTAMP}
        props = open_package(io.BytesIO(data)).core_properties
        assert props.created.year == date.year


def test_core_properties_are_one_line_and_fill_a_template_that_has_none():
    brief = dataclasses.replace(sample_brief(), title="A\ntitle\x00 " + "x" * 300, author="  An  author ")
    empty = b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"/>'
    root = etree.fromstring(core_properties(empty, brief))
    values = {etree.QName(el).localname: el.text for el in root}
    assert values["title"] == ("A title " + "x" * 300)[:255]
    assert values["creator"] == values["lastModifiedBy"] == "An author"
    assert list(values)[:4] == ["title", "subject", "creator", "lastModifiedBy"]


def test_outlines_dated_year_1_and_9999_build_every_office_file(tmp_path):
    root = copy_mini(tmp_path)
    outline = root / "briefs" / "council.yaml"
    for date in ("0001-01-01", "9999-12-31"):
        text = outline.read_text(encoding="utf-8")
        edit(outline, next(line for line in text.splitlines() if line.startswith("date:")), f"date: {date}")
        out = tmp_path / date
        assert main(["build", str(outline), "--root", str(root), "-o", str(out), "--format", "docx,pptx",
                     "-j", "1"]) == 0
        for suffix in ("docx", "pptx"):
            core = zipfile.ZipFile(out / f"council.{suffix}").read("docProps/core.xml").decode()
            assert f"{date}T00:00:00Z" in core


# ---------------------------------------------------------------- the per-file cache


def test_cached_by_file_loads_once_until_the_file_changes(tmp_path):
    path = tmp_path / "template"
    path.write_bytes(b"one")
    calls: list[bytes] = []

    def load(p, suffix):
        calls.append(p.read_bytes())
        return p.read_bytes() + suffix

    assert cached_by_file(path, load, b"!") == cached_by_file(path, load, b"!") == b"one!"
    assert cached_by_file(path, load, b"?") == b"one?"  # other arguments, another entry
    assert len(calls) == 2
    path.write_bytes(b"two, longer")
    os.utime(path, ns=(1, 1))
    assert cached_by_file(path, load, b"!") == b"two, longer!"
    assert len(calls) == 3


def test_cached_by_file_caches_nothing_when_the_loader_fails(tmp_path):
    path = tmp_path / "template"
    path.write_bytes(b"x")
    calls = []

    def load(p):
        calls.append(p)
        raise ValueError("broken")

    for _ in range(2):
        with pytest.raises(ValueError):
            cached_by_file(path, load)
    assert len(calls) == 2
