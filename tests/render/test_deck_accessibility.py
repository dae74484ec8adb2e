"""The deck for screen readers (issue 18): decorations marked decorative, every run in the brief's language."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile

import pptx
from builders import sample_brief

from briefgen.render.pptx.write import render

DECORATIVE = "http://schemas.microsoft.com/office/drawing/2017/decorative"


def _deck(theme, **changes):
    brief = dataclasses.replace(sample_brief(), **changes)
    return render(brief, theme=theme).data


def test_every_shape_without_text_is_marked_decorative(theme):
    deck = pptx.Presentation(io.BytesIO(_deck(theme)))
    checked = 0
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.is_placeholder or shape.has_text_frame and shape.text_frame.text.strip() or \
                    getattr(shape, "has_table", False) and shape.has_table:
                continue
            c_nv_pr = shape._element.find(".//{http://schemas.openxmlformats.org/presentationml/2006/main}cNvPr")
            marks = c_nv_pr.findall(f".//{{{DECORATIVE}}}decorative")
            assert [m.get("val") for m in marks] == ["1"], (slide.slide_id, shape.name)
            checked += 1
    assert checked >= 3  # the takeaways panel and bar, the timeline's line, ticks and markers


def test_every_run_carries_the_brief_language(theme):
    for language in ("en", "fr"):
        data = _deck(theme, language=language)
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            slides = [n for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
            for name in slides:
                xml = z.read(name).decode("utf-8")
                runs = re.findall(r"<a:rPr\b[^>]*>", xml)
                assert runs, name
                assert all(f'lang="{language}"' in r for r in runs), (name, [r for r in runs if language not in r][:2])
