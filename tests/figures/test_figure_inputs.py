"""Bad figure input is an error at its line, with help, and `check` fails (issue 17)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from figproject import line_of, make, png, png_header_only

from briefgen.cli import main


def _check(outline: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check", str(outline), "--root", str(outline.parent.parent)])
    return code, capsys.readouterr().err


def _error_at(err: str, outline: Path, line: int, message: str) -> None:
    assert re.search(rf"{re.escape(outline.name)}:{line}:\d+: error: [^\n]*{re.escape(message)}", err), err
    assert "Traceback" not in err


def test_good_figures_of_every_kind_pass_check(tmp_path, capsys):
    outline = make(tmp_path, """
- image: img/photo.png
  alt: The lighthouse at dusk
  caption: The lighthouse the council voted to restore [@council-vote]
  credit: "Photo: briefgen test (CC0)"
- image: img/photo.jpg
  alt: The harbour
- image: img/drawing.svg
  alt: A drawing of the light
- image: img/photo.png
  decorative: true
- map:
    highlight: [ESP]
    label: Spain
    places:
      - {name: Madrid, lon: -3.70, lat: 40.42}
  caption: Where Port Elin would be
- chart:
    kind: bar
    title: Restoration cost
    unit: euros
    data:
      - {label: Lighthouse, value: 240000, fact: restoration-cost}
""")
    code, err = _check(outline, capsys)
    assert code == 0, err


@pytest.mark.parametrize("figure,needle,message", [
    ("- image: img/photo.png\n  caption: No alt", "- image:", "an image needs `alt` text"),
    ("- image: img/photo.png\n  alt: \"  \"", "alt:", "the image's `alt` text is empty"),
    ("- image: img/missing.png\n  alt: x", "image:", "image `img/missing.png` does not exist"),
    ("- image: ../../outside.png\n  alt: x", "image:", "is outside the project folder"),
    ("- image: img/fake.png\n  alt: x", "image:", "is a JPEG file, not the PNG its extension says"),
    ("- image: img/text.png\n  alt: x", "image:", "is not a picture briefgen knows, not the PNG"),
    ("- image: img/photo.gif\n  alt: x", "image:", "is not a PNG, JPEG or SVG file"),
    ("- image: img/bomb.png\n  alt: x", "image:", "over 40 million pixels"),
    ("- image: img/broken.png\n  alt: x", "image:", "is damaged and cannot be read"),
    ("- image: https://example.org/a.png\n  alt: x", "image:", "is a URL"),
    ("- image: img/doctype.svg\n  alt: x", "image:", "it has a DOCTYPE"),
    ("- image: img/external.svg\n  alt: x", "image:", "refers to `http://example.org/x.png`"),
    ("- image: img/file.svg\n  alt: x", "image:", "refers to `/etc/passwd`"),
    ("- image: img/css.svg\n  alt: x", "image:", "its CSS refers to `url(other.png)`"),
    ("- image: img/nested.svg\n  alt: x", "image:", "refers to `data:image/svg+xml"),
    ("- image: img/import.svg\n  alt: x", "image:", "its CSS imports another file"),
    ("- image: img/script.svg\n  alt: x", "image:", "it has a `<script>`"),
    ("- image: img/nosize.svg\n  alt: x", "image:", "has no size"),
    ("- image: img/notsvg.svg\n  alt: x", "image:", "is XML but not an SVG drawing"),
    ("- image: img/photo.png\n  map: {highlight: [NER]}\n  alt: x", "map:", "not both `image` and `map`"),
    ("- alt: nothing", "- alt:", "a figure needs one of `image`, `map` or `chart`"),
    ("- map: {highlight: [NER]}\n  decorative: true", "decorative:", "a map cannot be decorative"),
    ("- image: img/photo.png\n  decorative: true\n  alt: x", "alt:", "a decorative image has no alt"),
    ("- map:\n    highlight: [NIG]", "[NIG]", "unknown country code `NIG`"),
    ("- map:\n    highlight: [Niger]", "[Niger]", "unknown country code `Niger`"),
    ("- map:\n    highlight: []", "highlight:", "`highlight` names no country"),
    ("- map:\n    highlight: [NER]\n    region: [20, 0, 10, 30]", "region:", "is not a box on the map"),
    ("- map:\n    highlight: [NER]\n    region: [1, 2, 3]", "region:", "needs 4 numbers"),
    ("- map:\n    highlight: [NER]\n    places:\n      - {name: Paris, lon: 2.35, lat: 48.86}", "Paris",
     "place `Paris` (2.35, 48.86) is outside the map"),
    ("- map:\n    highlight: [NER]\n    places:\n      - {name: X, lon: 200, lat: 0}", "name: X", "`lon` is 200"),
    ("- map:\n    hightlight: [NER]", "hightlight", "unknown key `hightlight` in `map`"),
    ("- chart:\n    kind: pie\n    title: T\n    data:\n      - {label: A, value: 1, fact: council-vote}", "kind:",
     "unknown chart kind `pie`"),
    ("- chart:\n    kind: bar\n    title: T\n    data: []", "data:", "the chart has no data"),
    ("- chart:\n    kind: bar\n    title: T\n    data:\n      - label: A\n        value: \"240000\"\n"
     "        fact: restoration-cost", "value:", "the chart value `240000` is not a number"),
    ("- chart:\n    kind: bar\n    title: T\n    data:\n      - label: A\n        value: 240,000\n"
     "        fact: restoration-cost", "value:", "the chart value `240,000` is not a number"),
    ("- chart:\n    kind: bar\n    title: T\n    data:\n      - label: A\n        value: 240000\n"
     "        fact: restoration-costs", "fact:", "unknown fact `restoration-costs`"),
])
def test_bad_figure_is_an_error_at_its_line(tmp_path, capsys, figure, needle, message):
    bad_svgs = {
        "img/doctype.svg": b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "boom">]>'
                           b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><text>&x;</text></svg>',
        "img/external.svg": b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">'
                            b'<image href="http://example.org/x.png"/></svg>',
        "img/file.svg": b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
                        b'viewBox="0 0 1 1"><use xlink:href="/etc/passwd"/></svg>',
        "img/css.svg": b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">'
                       b'<rect style="fill: url(other.png)"/></svg>',
        "img/nested.svg": b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">'
                          b'<image href="data:image/svg+xml;base64,PHN2Zy8+"/></svg>',
        "img/import.svg": b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">'
                          b'<style>@import "a.css";</style></svg>',
        "img/script.svg": b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><script>x()</script></svg>',
        "img/nosize.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>',
        "img/notsvg.svg": b'<?xml version="1.0"?><html><svg/></html>',
    }
    files = {"img/fake.png": (tmp_path / "x").write_bytes(b"") or _jpeg(), "img/text.png": b"hello, not a picture",
             "img/photo.gif": b"GIF89a....", "img/bomb.png": png_header_only(10_000, 10_000),
             "img/broken.png": png()[:40], **bad_svgs}
    (tmp_path / "outside.png").write_bytes(png())
    outline = make(tmp_path, figure, files=files)
    code, err = _check(outline, capsys)
    assert code == 1, err
    _error_at(err, outline, line_of(outline, needle), message)
    assert "help:" in err


def _jpeg() -> bytes:
    from figproject import jpeg

    return jpeg()


def test_an_unknown_code_suggests_the_code_and_the_country_name(tmp_path, capsys):
    outline = make(tmp_path, "- map:\n    highlight: [Niger, ner, Burkina]")
    _, err = _check(outline, capsys)
    assert "did you mean `NER` (Niger)?" in err
    assert "codes are written in capitals" in err
    assert "did you mean `BFA` (Burkina Faso)?" in err


def test_a_chart_value_missing_from_its_quote_fails_check_at_its_line_showing_the_quote(tmp_path, capsys):
    outline = make(tmp_path, """
- chart:
    kind: column
    title: Restoration cost
    unit: euros
    data:
      - {label: Lighthouse, value: 240000, fact: restoration-cost}
      - {label: Again, value: 250000, fact: restoration-cost}
""")
    code, err = _check(outline, capsys)
    assert code == 1
    _error_at(err, outline, line_of(outline, "250000"), "the chart value `250000` (Again) is not in the quotes of "
              "fact `restoration-cost`")
    assert "quote: \u201cat a cost of 240,000 euros\u201d" in err
    assert err.count("error:") == 1, err  # the good point is not reported


@pytest.mark.parametrize("value,unit,ok", [
    ("240000", "euros", True), ("240000", "", True), ("240", "thousand euros", False), ("240000", "%", False),
    ("14", "", False),  # the day of "14 February 2022" is not a number of the quote
    ("1887", "", True), ("135", "years", True),
])
def test_chart_values_match_quotes_by_the_claim_checks_rules(tmp_path, capsys, value, unit, ok):
    fact = "mayor-quote" if value == "135" else "council-vote" if value in ("14", "1887") else "restoration-cost"
    unit_line = f"    unit: {unit}\n" if unit else ""
    outline = make(tmp_path, f"- chart:\n    kind: bar\n    title: T\n{unit_line}    data:\n"
                             f"      - {{label: A, value: {value}, fact: {fact}}}\n")
    code, err = _check(outline, capsys)
    assert (code == 0) is ok, err


@pytest.mark.parametrize("quote,value,ok", [
    ("the plan reaches 25 000 households", 25000, True),       # digits grouped by plain spaces
    ("the plan reaches 1 250 000 households", 1250000, True),
    ("the plan reaches 25\u00a0000 households", 25000, True),  # as a no-break space always was
    ("the plan reaches 25 000 households", 25, False),          # a group is not a number of its own to chart
    ("the plan reaches 25 households", 25, True),
    ("in 2025 000 households", 25000, False),                  # "2025 000" groups no digits
    ("the plan reaches about 25 000 households", 25000, False),  # a bound, as with any grouping
])
def test_a_quote_grouping_digits_with_plain_spaces_states_the_grouped_number(tmp_path, capsys, quote, value, ok):
    outline = make(tmp_path, "- chart:\n    kind: bar\n    title: Households\n    unit: households\n    data:\n"
                             f"      - {{label: Reached, value: {value}, fact: households}}\n")
    seeds = outline.parents[1] / "seeds"
    with (seeds / "lighthouse.txt").open("a", encoding="utf-8") as f:
        f.write(f"\nBy 2030 {quote}.\n")
    with (seeds / "facts.yaml").open("a", encoding="utf-8") as f:
        f.write(f"  - id: households\n    claim: {quote[0].upper() + quote[1:]}.\n"
                f"    evidence:\n      - source: lighthouse\n        quote: \"{quote}\"\n")
    code, err = _check(outline, capsys)
    assert (code == 0) is ok, err
    if not ok:
        assert "is not in the quotes of fact `households`" in err


def test_nothing_is_written_when_a_figure_is_wrong(tmp_path, capsys):
    outline = make(tmp_path, "- image: img/missing.png\n  alt: x")
    out = tmp_path / "out"
    code = main(["build", str(outline), "--root", str(outline.parent.parent), "-o", str(out), "-j", "1"])
    assert code == 1
    assert not out.exists() or not any(out.iterdir())
    assert "does not exist" in capsys.readouterr().err


def test_a_markdown_image_without_alt_or_file_is_an_error_in_the_body(tmp_path, capsys):
    outline = make(tmp_path, "", body_extra="\n![](img/photo.png)\n\n![A lost photo](img/lost.png \"Lost\")\n")
    code, err = _check(outline, capsys)
    assert code == 1
    _error_at(err, outline, line_of(outline, "![]("), "the Markdown image has no alt text")
    _error_at(err, outline, line_of(outline, "img/lost.png"), "image `img/lost.png` does not exist")


def test_a_big_but_allowed_png_is_accepted(tmp_path, capsys):
    outline = make(tmp_path, "- image: img/wide.png\n  alt: A wide strip", files={"img/wide.png": png(2000, 10)})
    code, err = _check(outline, capsys)
    assert code == 0, err


def test_a_number_in_a_caption_alt_or_chart_title_is_held_to_the_facts_it_cites(tmp_path, capsys):
    outline = make(tmp_path, """
- image: img/photo.png
  alt: The lighthouse, restored for 250,000 euros
  caption: The lighthouse of 1887 [@council-vote]
- chart:
    kind: bar
    title: Cost in 2031
    data:
      - {label: Lighthouse, value: 240000, fact: restoration-cost}
  caption: Cost of 240,000 euros
""")
    code, err = _check(outline, capsys)
    assert code == 0, err  # warnings
    assert re.search(rf":{line_of(outline, 'alt: The lighthouse')}:\d+: warning: the number `250,000 euros` in "
                     "this alt text is in none of the facts it cites", err), err
    assert re.search(rf":{line_of(outline, 'title: Cost in 2031')}:\d+: warning: the number `2031` in this chart "
                     "title", err), err
    assert "`1887`" not in err and "`240,000 euros`" not in err  # backed by the facts cited


def test_a_folder_or_a_fifo_named_as_an_image_is_refused_without_reading_it(tmp_path, capsys):
    import os

    outline = make(tmp_path, "- image: img/folder.png\n  alt: x\n- image: img/pipe.png\n  alt: y")
    (outline.parent / "img" / "folder.png").mkdir()
    os.mkfifo(outline.parent / "img" / "pipe.png")
    code, err = _check(outline, capsys)
    assert code == 1
    _error_at(err, outline, line_of(outline, "img/folder.png"), "image `img/folder.png` is a folder")
    _error_at(err, outline, line_of(outline, "img/pipe.png"), "image `img/pipe.png` is not a regular file")


def test_an_image_inside_a_sentence_is_an_error_telling_to_give_it_its_own_line(tmp_path, capsys):
    outline = make(tmp_path, "", body_extra="\nSee ![the harbour](img/photo.png) here [@council-vote].\n")
    code, err = _check(outline, capsys)
    assert code == 1
    _error_at(err, outline, line_of(outline, "See ![the"), "an image inside text")
    assert "on a line of its own" in err


def test_a_markdown_image_path_in_angle_brackets_and_an_escaped_quote_in_its_caption(tmp_path, capsys):
    from figproject import png

    outline = make(tmp_path, "", files={"img/my photo.png": png()},
                   body_extra='\n![A photo](<img/my photo.png> "The \\"old\\" light [@council-vote]")\n')
    code, err = _check(outline, capsys)
    assert code == 0, err


def test_a_markdown_caption_may_be_in_double_or_single_quotes_or_parentheses(tmp_path):
    from figure_resolve_helpers import figures_of

    outline = make(tmp_path, "", body_extra="\n![A](img/photo.png \"One\")\n\n![B](img/photo.png 'Two')\n\n"
                                            "![C](img/photo.png (Three [@council-vote]))\n")
    assert [plain_caption for _, plain_caption in figures_of(outline)] == ["One", "Two", "Three[1]"]


def test_a_chart_value_the_quote_only_bounds_is_an_error_that_says_so(tmp_path, capsys):
    # "more than 200" is no 200 to chart: a bar states its value exactly.
    outline = make(tmp_path, "- chart:\n    kind: bar\n    title: Visitors\n    unit: visitors\n    data:\n"
                             "      - {label: Last summer, value: 200, fact: visitors}\n")
    seeds = outline.parents[1] / "seeds"
    with (seeds / "lighthouse.txt").open("a", encoding="utf-8") as f:
        f.write("\nLast summer more than 200 visitors climbed the tower.\n")
    with (seeds / "facts.yaml").open("a", encoding="utf-8") as f:
        f.write("  - id: visitors\n    claim: More than 200 visitors climbed the tower last summer.\n"
                "    evidence:\n      - source: lighthouse\n        quote: more than 200 visitors climbed the tower\n")
    code, err = _check(outline, capsys)
    assert code == 1
    _error_at(err, outline, line_of(outline, "value: 200"), "the chart value `200` (Last summer) is not in the quotes")
    assert "a bound" in " ".join(err.split()) and "says \u201cmore than 200" in " ".join(err.split())
