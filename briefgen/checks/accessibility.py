"""Read rendered files back and report, per file, which accessibility rules a machine checked and
which still need a person (`briefgen check --accessibility`).

The checks read the bytes a render returns, exactly what a build would write: DOCX and PPTX as
zip + XML (lxml), the PDF's catalog, annotations and structure elements from its object
dictionaries (ReportLab writes them uncompressed, one object each; a PDF that packs its objects
in object streams is reported as unreadable, not as passing). PDF/UA-1's full machine checks
are page-validation's (a test dependency): when it is installed, its verdict is reported too.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any, Callable

from ..i18n import base_language
from ..render.ooxml.names import DECORATIVE, WP, A, P, W

DC = "http://purl.org/dc/elements/1.1/"


@dataclass(frozen=True, slots=True)
class Check:
    """One rule checked on one file: what it is, whether it passed, what was found."""

    rule: str
    passed: bool
    detail: str = ""


@dataclass(frozen=True, slots=True)
class FileReport:
    """What was checked on one file, and what a person still has to judge."""

    name: str
    checks: tuple[Check, ...]
    judge: tuple[str, ...]

    @property
    def failed(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if not c.passed)


# What no machine can decide, per format (WCAG 1.1.1, 1.3.2, 1.4.1, 2.4.4, 2.4.6).
JUDGE = {
    "pdf": ("alt text of every figure says what a sighted reader learns from it",
            "the reading order (the structure tree's order) makes sense read aloud",
            "figures, maps and charts do not carry meaning by colour alone",
            "link text and headings describe their target and section"),
    "docx": ("alt text of every picture and the table descriptions say what a sighted reader learns",
             "headings describe their sections; the document reads in a sensible order",
             "figures do not carry meaning by colour alone"),
    "pptx": ("each slide's title says what the slide is about",
             "alt text of every picture, chart, map and table says what a sighted reader learns",
             "the reading order of each slide (title, content) makes sense read aloud",
             "figures do not carry meaning by colour alone"),
}


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _base(language: str) -> str:
    return base_language(language)


# ---------------------------------------------------------------- DOCX


def check_docx(data: bytes, *, language: str) -> list[Check]:
    """Return the checks of a DOCX: language, tables, pictures, title."""
    from lxml import etree

    out: list[Check] = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(z.namelist())
        styles = etree.fromstring(z.read("word/styles.xml"))
        parts = {n: etree.fromstring(z.read(n)) for n in sorted(names)
                 if re.fullmatch(r"word/(document|footnotes|endnotes|header\d*|footer\d*)\.xml", n)}
        core = etree.fromstring(z.read("docProps/core.xml")) if "docProps/core.xml" in names else None
    ns = {"w": W, "wp": WP, "a": A}
    default = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", ns)
    default_lang = default.get(f"{{{W}}}val") if default is not None else None
    others = sorted({el.get(f"{{{W}}}val") for root in [styles, *parts.values()]
                     for el in root.iter(f"{{{W}}}lang") if el is not default and el.get(f"{{{W}}}val")})
    out.append(Check("every run's language is the brief's (the document default, set by no style or run otherwise)",
                     default_lang is not None and _base(default_lang) == _base(language)
                     and all(_base(v) == _base(language) for v in others),
                     f"default `{default_lang}`" + (f"; also {', '.join(f'`{v}`' for v in others)}" if others else "")))
    document = parts["word/document.xml"]
    tables = list(document.iter(f"{{{W}}}tbl"))
    headed = [t for t in tables if t.find("w:tr/w:trPr/w:tblHeader", ns) is not None]
    described = [t for t in tables if t.find("w:tblPr/w:tblCaption", ns) is not None
                 and t.find("w:tblPr/w:tblDescription", ns) is not None]
    out.append(Check("every table is a data table with a marked header row (no layout tables)",
                     len(headed) == len(tables), f"{len(headed)} of {_count(len(tables), 'table')}"))
    out.append(Check("every table has a title and description (alt text)",
                     len(described) == len(tables), f"{len(described)} of {_count(len(tables), 'table')}"))
    pictures = [el for root in parts.values() for el in root.iter(f"{{{WP}}}docPr")]
    bad = [p.get("name", "?") for p in pictures if not _described(p)]
    out.append(Check("every picture has alt text or is marked decorative", not bad,
                     f"{_count(len(pictures), 'picture')}" + (f"; without: {', '.join(bad)}" if bad else "")))
    title = core.find(f"{{{DC}}}title") if core is not None else None
    out.append(Check("the document has a title (core properties)", title is not None and bool((title.text or "").strip()),
                     f"`{(title.text or '').strip()}`" if title is not None else "none"))
    return out


def _described(c_nv_pr: Any) -> bool:
    """Return whether a drawing's properties (`wp:docPr`, `p:cNvPr`) carry alt text or Office's decorative mark."""
    if (c_nv_pr.get("descr") or "").strip():
        return True
    return any(el.get("val") in ("1", "true") for el in c_nv_pr.iter(f"{{{DECORATIVE}}}decorative"))


# ---------------------------------------------------------------- PPTX


def check_pptx(data: bytes, *, language: str) -> list[Check]:
    """Return the checks of a deck: titles, reading order, alt text, language, table headers."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = sorted((n for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)),
                       key=lambda n: int(re.findall(r"\d+", n)[-1]))
        found = [_read_slide(etree.fromstring(z.read(n))) for n in names]
    slides = list(enumerate(found, start=1))
    titles = [f.title for f in found if f.title is not None]
    untitled = [k for k, f in slides if f.title_at is None]
    not_first = [k for k, f in slides if f.title_at is not None and f.title_at != 0]
    deco_before = [k for k, f in slides for _ in range(f.content_after_decoration)]
    undescribed = [f"slide {k} `{name}`" for k, f in slides for name in f.undescribed]
    langs = set().union(*(f.langs for f in found))
    tables, headed = sum(f.tables for f in found), sum(f.headed for f in found)
    keys = [t.casefold() for t in titles]
    repeated = sorted({t for t, key in zip(titles, keys) if keys.count(key) > 1})
    return [
        Check("every slide has a title", not untitled, _slides_of(untitled) or _count(len(found), "slide")),
        Check("slide titles are unique", not repeated and not untitled,
              ", ".join(f"`{t}`" for t in repeated) or _count(len(titles), "title")),
        Check("the title is first in each slide's reading order", not not_first, _slides_of(not_first) or "all"),
        Check("decorations come after the content in reading order", not deco_before,
              _slides_of(deco_before) or "all"),
        Check("every non-text shape, picture, chart and table has alt text or is marked decorative", not undescribed,
              "; ".join(undescribed[:5]) + (" …" if len(undescribed) > 5 else "") or "all"),
        Check("every run carries the brief's language",
              all(v != "(none)" and _base(v) == _base(language) for v in langs),
              ", ".join(f"`{v}`" for v in sorted(langs)) or "no runs"),
        Check("every table marks its header row", headed == tables, f"{headed} of {_count(tables, 'table')}"),
    ]


def _slides_of(ks: list[int]) -> str:
    return "slides " + ", ".join(map(str, ks)) if ks else ""


@dataclass(frozen=True, slots=True)
class _SlideFindings:
    """What one slide's shape tree shows, for the deck's checks."""

    title: str | None             # the text of its first title placeholder
    title_at: int | None          # that placeholder's place in the reading order
    content_after_decoration: int  # shapes that are not decorative read after a decorative one
    undescribed: tuple[str, ...]  # names of shapes with no text, no alt text and no decorative mark
    tables: int
    headed: int                   # tables marking their first row as the header
    langs: frozenset[str]         # the languages its runs name; "(none)" for a run naming none


def _read_slide(root: Any) -> _SlideFindings:
    """Return what the slide `root` (its XML) shows, in reading order (the shape tree's)."""
    ns = {"a": A, "p": P}
    tree = root.find("p:cSld/p:spTree", ns)
    shapes = [el for el in tree if el.tag in (f"{{{P}}}sp", f"{{{P}}}pic", f"{{{P}}}graphicFrame",
                                              f"{{{P}}}cxnSp", f"{{{P}}}grpSp")]
    title: str | None = None
    title_at = None
    decorative_seen = False
    after = tables = headed = 0
    undescribed = []
    for i, sh in enumerate(shapes):
        c_nv_pr = sh.find("./*/p:cNvPr", ns)
        ph = sh.find("./*/p:nvPr/p:ph", ns)
        has_text = bool("".join(sh.itertext()).strip()) and sh.tag == f"{{{P}}}sp"
        decorative = c_nv_pr is not None and any(
            el.get("val") in ("1", "true") for el in c_nv_pr.iter(f"{{{DECORATIVE}}}decorative"))
        if ph is not None and ph.get("type") in ("title", "ctrTitle") and title_at is None:
            title_at = i
            title = " ".join("".join(sh.itertext()).split())
        if decorative:
            decorative_seen = True
        elif decorative_seen:
            after += 1
        if sh.tag == f"{{{P}}}graphicFrame":
            tbl = sh.find(".//a:tbl", ns)
            if tbl is not None:
                tables += 1
                pr = tbl.find("a:tblPr", ns)
                headed += pr is not None and pr.get("firstRow") == "1"
        if ph is None and not has_text and (c_nv_pr is None or not _described(c_nv_pr)):
            undescribed.append(c_nv_pr.get("name") if c_nv_pr is not None else "?")
    return _SlideFindings(title, title_at, after, tuple(undescribed), tables, headed, frozenset(_run_langs(root)))


def _run_langs(root: Any) -> set[str]:
    """Return the languages the slide's run properties name, with "(none)" when a run names none."""
    ns = {"a": A}
    langs = {r.get("lang") for r in root.iter(f"{{{A}}}rPr", f"{{{A}}}endParaRPr", f"{{{A}}}defRPr")
             if r.get("lang") is not None}
    if any(r.find("a:rPr", ns) is None or r.find("a:rPr", ns).get("lang") is None for r in root.iter(f"{{{A}}}r")):
        langs.add("(none)")
    return langs


# ---------------------------------------------------------------- PDF

_OBJ = re.compile(rb"(?:^|[\r\n])(\d+) 0 obj\b(.*?)\bendobj", re.S)


def check_pdf(data: bytes, *, language: str) -> list[Check]:
    """Return the checks of a PDF: tagging, language, title, links, figures, tab order."""
    objects = {int(n): body for n, body in _OBJ.findall(data)}
    catalog = next((b for b in objects.values() if re.search(rb"/Type\s*/Catalog\b", b)), None)
    if catalog is None or b"/ObjStm" in data:
        return [Check("the PDF's structure can be read", False, "no plain catalog object (object streams?)")]

    def ref(body: bytes, key: bytes) -> bytes:
        """Return the value of `key` in `body`: the object it refers to, or an inline dictionary."""
        m = re.search(rb"/" + key + rb"\s+(\d+) 0 R", body)
        if m:
            return objects.get(int(m.group(1)), b"")
        inline = re.search(rb"/" + key + rb"\s*(<<.*?>>)", body, re.S)
        return inline.group(1) if inline else b""

    marked = b"/Marked true" in ref(catalog, b"MarkInfo")
    lang = re.search(rb"/Lang\s*\(([^)]*)\)", catalog)
    prefs = ref(catalog, b"ViewerPreferences")
    xmp = ref(catalog, b"Metadata")
    title = re.search(rb"<dc:title>.*?<rdf:li[^>]*>(.*?)</rdf:li>", xmp, re.S)
    pages = [b for b in objects.values() if re.search(rb"/Type\s*/Page\b(?!s)", b)]
    links = [b for b in objects.values() if re.search(rb"/Subtype\s*/Link\b", b)]
    described = [b for b in links if re.search(rb"/Contents\s*(\((?!\))|<(?!>))", b)]
    elements = [b for b in objects.values() if re.search(rb"/Type\s*/StructElem\b", b)]
    figures = [b for b in elements if re.search(rb"/S\s*/Figure\b", b)]
    with_alt = [b for b in figures if re.search(rb"/Alt\s*(\((?!\))|<(?!>))", b)]
    headings = [b for b in elements if re.search(rb"/S\s*/H\d\b", b)]
    tabbed = [b for b in pages if re.search(rb"/Tabs\s*/S\b", b)]
    got = lang.group(1).decode("latin-1") if lang else ""
    return [
        Check("tagged: a structure tree and /MarkInfo /Marked true",
              marked and bool(re.search(rb"/StructTreeRoot\s+\d+ 0 R", catalog)),
              _count(len(elements), "structure element")),
        Check("the document language (/Lang) is the brief's", bool(got) and _base(got) == _base(language), f"`{got}`"),
        Check("the title is shown (DisplayDocTitle) and in the XMP metadata (dc:title)",
              b"/DisplayDocTitle true" in prefs and title is not None,
              f"`{title.group(1).decode('utf-8', 'replace')}`" if title else "no dc:title"),
        Check("the XMP metadata identifies PDF/UA-1 (pdfuaid:part)", b"<pdfuaid:part>1</pdfuaid:part>" in xmp),
        Check("headings are tagged", bool(headings), _count(len(headings), "heading")),
        Check("every link has a description (/Contents)", len(described) == len(links),
              f"{len(described)} of {_count(len(links), 'link')}"),
        Check("every figure has alt text (/Alt)", len(with_alt) == len(figures),
              f"{len(with_alt)} of {_count(len(figures), 'figure')}"),
        Check("every page's tab order follows the structure (/Tabs /S)", len(tabbed) == len(pages),
              f"{len(tabbed)} of {_count(len(pages), 'page')}"),
    ]


def pdf_ua_verdict(data: bytes) -> Check | None:
    """Return page-validation's PDF/UA-1 verdict on `data`, or None when it is not installed."""
    try:
        import page  # page-validation: a test dependency, not required to run briefgen
    except ImportError:
        return None
    import os
    import tempfile

    fd, name = tempfile.mkstemp(suffix=".pdf")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        report = page.validate_pdf(name, profile=page.ValidationProfile.PDF_UA_1)
    finally:
        os.unlink(name)
    failures = [f"{f.rule_id}" for f in report.failures]
    return Check("page-validation's PDF/UA-1 profile passes", bool(report.is_compliant),
                 "no rule failed" if not failures else "failed: " + ", ".join(failures[:8]))


CHECKERS: dict[str, Callable[..., list[Check]]] = {"pdf": check_pdf, "docx": check_docx, "pptx": check_pptx}


def check_file(fmt: str, name: str, data: bytes, *, language: str) -> FileReport:
    """Return the report on one rendered file of format `fmt` ("pdf", "docx" or "pptx")."""
    checks = CHECKERS[fmt](data, language=language)
    judge = JUDGE[fmt]
    if fmt == "pdf":
        verdict = pdf_ua_verdict(data)
        if verdict is not None:
            checks.append(verdict)
        else:
            judge += ("PDF/UA-1's other machine checks: not run (`pip install page-validation` runs them here)",)
    return FileReport(name, tuple(checks), judge)


def format_reports(outline: str, reports: list[FileReport]) -> str:
    """Return the reports on one outline's files as the command line prints them."""
    lines = [f"accessibility of {outline}"]
    for r in reports:
        lines.append(f"  {r.name}")
        for c in r.checks:
            lines.append(f"    {'ok  ' if c.passed else 'FAIL'}  {c.rule}" + (f": {c.detail}" if c.detail else ""))
        lines.append("    for a person to judge:")
        lines += [f"      - {j}" for j in r.judge]
    return "\n".join(lines)
