"""The English examples print the author's text with curly quotes and apostrophes in all three
formats; straight ones remain only where a source's own words have them."""

from __future__ import annotations

import functools
import re
import zipfile
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def built(example_build):
    return example_build.briefs["public"], example_build.out


def _fold(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


@functools.cache  # `out` is the shared example build, which no test changes
def _texts(out: Path) -> dict[str, str]:
    from pypdf import PdfReader

    def xml(data: bytes, tag: str) -> str:
        return "".join(re.findall(rf"<{tag}(?: [^>]*)?>([^<]*)</{tag}>", data.decode("utf-8")))

    pdf = " ".join(page.extract_text() or "" for page in PdfReader(out / "public.pdf").pages)
    with zipfile.ZipFile(out / "public.docx") as z:
        docx = xml(z.read("word/document.xml"), "w:t")
    with zipfile.ZipFile(out / "public.pptx") as z:
        pptx = " ".join(xml(z.read(n), "a:t") for n in z.namelist() if re.match(r"ppt/slides/\w+\.xml$", n))
    return {"pdf": pdf, "docx": docx, "pptx": pptx}


def test_the_author_text_has_curly_quotes_in_every_format(built):
    _, out = built
    for fmt, text in _texts(out).items():
        assert "Niger\u2019s" in text, fmt


def test_the_body_text_of_every_format_has_no_straight_quote_marks_outside_the_sources_words(built):
    brief, out = built
    verbatim = [_fold(e.quote) for n in brief.notes for e in n.evidence] + [_fold(s.title) for s in brief.sources]
    body = {k: v for k, v in _texts(out).items() if k in ("docx", "pptx")}  # the PDF's notes split over pages
    for fmt, text in body.items():
        text = _fold(text)
        for passage in sorted(verbatim, key=len, reverse=True):
            text = text.replace(passage, "")
        assert "'" not in text and '"' not in text, (fmt, re.findall(r".{30}['\"].{30}", text)[:3])
