from briefgen.model import Text
from briefgen.resolve.markdown import (
    PendingCite,
    RawList,
    RawParagraph,
    RawSubheading,
    RawTable,
    parse_blocks,
    parse_inlines,
)


def _ok(text):
    problems = []
    out = parse_inlines(text, problems)
    assert problems == []
    return out


def test_emphasis_strong_and_links_become_runs():
    out = _ok("a *b* **c** [d](https://x.org/?a=1&b=2)")
    assert Text("b", italic=True) in out
    assert Text("c", bold=True) in out
    assert Text("d", href="https://x.org/?a=1&b=2") in out


def test_citations_keep_their_ids_in_order_with_offsets():
    text = "Claim [@fact-a; @fact-b]."
    out = _ok(text)
    cite = next(x for x in out if isinstance(x, PendingCite))
    assert [k.id for k in cite.keys] == ["fact-a", "fact-b"]
    assert text[cite.keys[1].offset:].startswith("fact-b")


def test_markup_like_text_stays_literal():
    text = "<b>x</b> <font name=x> & &amp; ]]> a_b_c 2 * 3 * 4"
    assert "".join(x.text for x in _ok(text)) == "<b>x</b> <font name=x> & &amp; ]]> a_b_c 2 * 3 * 4"


def test_malformed_citations_are_problems_not_text():
    for bad in ("[@]", "[@Fact_A]", "[@a; b]", "x [@unclosed"):
        problems = []
        parse_inlines(bad, problems)
        assert problems, bad


def test_blocks_paragraphs_lists_subheadings_and_tables():
    body = ("First line\ncontinues [@a].\n\n### Sub\n\n- one\n- two [@b]\n\n1. first\n2. second\n\n"
            "| A | B |\n|---|--:|\n| x | y [@c] |\n")
    problems = []
    blocks = parse_blocks(body, problems)
    assert problems == []
    kinds = [type(b) for b in blocks]
    assert kinds == [RawParagraph, RawSubheading, RawList, RawList, RawTable]
    assert blocks[0].inlines[0] == Text("First line continues ")
    assert not blocks[2].ordered and blocks[3].ordered
    assert blocks[4].align == ("left", "right")
    cite = blocks[4].rows[0][1][1]
    assert isinstance(cite, PendingCite) and body[cite.keys[0].offset:].startswith("c]")


def test_offsets_in_later_lines_point_into_the_body():
    body = "one\ntwo [@zz]\n"
    problems = []
    blocks = parse_blocks(body, problems)
    cite = blocks[0].inlines[1]
    assert body[cite.keys[0].offset:cite.keys[0].offset + 2] == "zz"


def test_a_citation_in_a_subheading_is_a_problem_at_its_id_not_dropped():
    text = "Intro.\n\n### The vote [@vote; @nope]\n\nMore."
    problems = []
    blocks = parse_blocks(text, problems)
    assert RawSubheading("The vote") in blocks
    assert [p.message for p in problems] == ["citation `@vote` in a subheading", "citation `@nope` in a subheading"]
    assert [text[p.offset:p.offset + p.length] for p in problems] == ["@vote", "@nope"]
