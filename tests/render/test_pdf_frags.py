"""The PDF renderer's prebuilt paragraph fragments match what ReportLab's parser makes of the same markup.

The renderer hands ReportLab fragments instead of markup (it is faster, and brief text never
meets a markup parser); these tests hold those fragments to ReportLab's own reading of the
markup the renderer used to write, for any text, so the page cannot change.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.platypus import Paragraph

from briefgen.model import Cite, Ref, Text
from briefgen.render import pdf

LINK = "#1F3864"
NOTES = frozenset({1, 2, 3, 5})
SOURCES = frozenset({"source-a", "source-b c"})


def _esc(text: str) -> str:
    return escape(pdf._printable(text), {'"': "&quot;", "'": "&#39;"})


def _fence(i: int) -> tuple[str, str]:
    """The callbacks before and after link i, where the tagging canvas starts and ends its marked content."""
    cb = pdf.LINK_CALLBACK
    return f'<onDraw name="{cb}" label="+{i}"/>', f'<onDraw name="{cb}" label="-{i}"/>'


def _markup(inlines, cite_anchors: set[int]) -> str:
    """The paragraph markup the renderer wrote before it built fragments itself, each link fenced
    by the tagging callbacks and each coloured link underlined."""
    out = []
    links = 0
    for item in inlines:
        if isinstance(item, Cite):
            parts = []
            for ref in item.refs:
                n = ref.number
                anchor = ""
                if ref.first and n not in cite_anchors:
                    anchor = f'<a name="cite-{n}"/>'
                    cite_anchors.add(n)
                if n in NOTES:
                    before, after = _fence(links)
                    links += 1
                    label = f'{before}<a href="#note-{n}" color="{LINK}" underline="1">{n}</a>{after}'
                else:
                    label = str(n)
                parts.append(anchor + label)
            out.append("<super>" + ",".join(parts) + "</super>")
            continue
        s = _esc(item.text)
        if item.bold:
            s = f"<b>{s}</b>"
        if item.italic:
            s = f"<i>{s}</i>"
        href = pdf._printable(item.href or "").strip()
        if href.lower().startswith(pdf._LINK_SCHEMES):
            before, after = _fence(links)
            links += 1
            s = f'{before}<a href="{_esc(href)}" color="{LINK}" underline="1">{s}</a>{after}'
        elif href.startswith("#source-") and href[1:] in SOURCES:
            before, after = _fence(links)
            links += 1
            s = f'{before}<a href="#{_esc(href[1:])}">{s}</a>{after}'
        out.append(s)
    return "".join(out)


def _styles(theme):
    lay = pdf._layout(theme.pdf)
    fonts = pdf.register_family(theme.font)
    from reportlab.lib.colors import HexColor

    colors = {k: HexColor("#" + theme.color(k)) for k in ("primary", "accent", "text", "muted", "light")}
    return pdf._styles(lay, fonts, colors)


def _normal(frags) -> list[dict]:
    """Fragments as plain data (the parser's tag names left out: nothing reads them)."""
    out: list[dict] = []
    for f in frags:
        d = {k: v for k, v in f.__dict__.items() if k != "__tag__"}
        if "cbDefn" in d:
            d["cbDefn"] = dict(d["cbDefn"].__dict__)
        d["textColor"] = d["textColor"].rgba()
        out.append(d)
    return out


def _lines(p: Paragraph, width: float) -> list[str]:
    """The text of each line `p` breaks into at `width`."""
    p.wrap(width, 1e6)
    lines = p.blPara.lines
    if p.blPara.kind == 0:
        return [" ".join(words) for _, words in lines]
    return ["".join(getattr(w, "text", "") for w in line.words) for line in lines]


HOSTILE = ["<b>x</b>", "&amp;", "&", "<", ">", '"', "'", " ", "  ", "\n", "\t", "\u00a0", "\u2003", "\x00",
           "\x07", "\ufffe", "word", "Москва", "مرحبا", "🇳🇪", "x" * 80, "a b", " lead", "trail "]
texts = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12)), max_size=4).map("".join)
hrefs = st.one_of(st.none(), st.sampled_from(["https://example.org/?a=1&b=<2>", " mailto:x@y.z ", "javascript:x",
                                              "#source-a", "#source-b c", "#source-zz", "https://a b\n c"]))
runs = st.builds(Text, texts, st.booleans(), st.booleans(), hrefs)
cites = st.builds(Cite, st.lists(st.builds(Ref, st.integers(1, 6), st.booleans()), min_size=1, max_size=3)
                  .map(tuple))
inlines = st.lists(st.one_of(runs, runs, cites), max_size=6).map(tuple)


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(inlines=inlines, anchor=st.sampled_from(["", "source-a", " source-b  c "]),
       lead=st.sampled_from(["", " Label: ", "x"]))
def test_fragments_are_those_the_parser_makes_of_the_markup(theme, inlines, anchor, lead):
    st_ = _styles(theme)
    for style in (st_.body, st_.note_item, st_.cell, st_.source):
        built = pdf._Marks(notes=NOTES, link_color=LINK, source_anchors=SOURCES).para(
            inlines, style, lead=lead, anchor=anchor)
        markup = (f'<a name="{_esc(anchor)}"/>' if anchor else "") + _esc(lead) + _markup(inlines, set())
        parsed = Paragraph(markup, style)
        assert _normal(built.frags) == _normal(parsed.frags), markup
        assert _lines(built, 120) == _lines(parsed, 120), markup


def test_a_cite_after_text_is_a_linked_superscript_with_its_anchor(theme):
    st_ = _styles(theme)
    marks = pdf._Marks(notes=NOTES, link_color=LINK)
    p = marks.para((Text("Claim "), Cite((Ref(1, True), Ref(4)))), st_.body)
    before, after = _fence(0)
    ref = Paragraph(f'Claim <super><a name="cite-1"/>{before}<a href="#note-1" color="{LINK}" underline="1">1</a>'
                    f'{after},4</super>',
                    st_.body)
    assert _normal(p.frags) == _normal(ref.frags)
    assert marks.cite_anchors == {1}
