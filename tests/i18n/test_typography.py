"""The author's text gets its language's typography; web addresses, code and measurements do not."""

from __future__ import annotations

import pytest
from builders import cite, para, sample_brief

from briefgen.model import Brief, BulletList, Evidence, Note, Paragraph, Section, Text
from briefgen.text.typography import NBSP, NNBSP, apply, apply_runs, typeset


@pytest.mark.parametrize("text,want", [
    ('He said "no".', "He said \u201cno\u201d."),
    ("It's the council's 'plan'.", "It\u2019s the council\u2019s \u2018plan\u2019."),
    ('A 5\'6" door', 'A 5\'6" door'),
    ('See https://example.org/a?q="x" now', 'See https://example.org/a?q="x" now'),
    ("Run `x = 'a'` first", "Run `x = 'a'` first"),
])
def test_english_gets_curly_quotes_and_apostrophes(text, want):
    assert apply(text, "en") == want


@pytest.mark.parametrize("text,want", [
    ('Le "Sahel" recule', f"Le \u00ab{NBSP}Sahel{NBSP}\u00bb recule"),
    ("Une crise ? Oui ! Enfin ; bref", f"Une crise{NNBSP}? Oui{NNBSP}! Enfin{NNBSP}; bref"),
    ("Note : voir plus bas", f"Note{NBSP}: voir plus bas"),
    ("Note: voir", f"Note{NBSP}: voir"),
    ("« ici »", f"\u00ab{NBSP}ici{NBSP}\u00bb"),
    ("l'armée", "l\u2019armée"),
    ("à 10:30 ; https://x.org/?a=b", f"à 10:30{NNBSP}; https://x.org/?a=b"),
    ("Vraiment ?!", f"Vraiment{NNBSP}?!"),
    ("environ 1 200 foyers, 3 000 000 euros", f"environ 1{NNBSP}200 foyers, 3{NNBSP}000{NNBSP}000 euros"),
    ("le 30 août 2024, le 1er mai", f"le 30{NBSP}août 2024, le 1er{NBSP}mai"),
    ("en 2023 100 soldats, 12 2024", "en 2023 100 soldats, 12 2024"),  # a year and a count: no group
])
def test_french_gets_guillemets_and_no_break_spaces(text, want):
    assert apply(text, "fr") == want


@pytest.mark.parametrize("tag", ["fr", "fr-FR", "fr_FR", "FR-ca"])
def test_every_tag_of_french_gets_french_typography(tag):
    # `fr_FR` passed the language check and got French words and dates but English quotes.
    assert apply('Il dit "oui" : non', tag) == f"Il dit \u00ab{NBSP}oui{NBSP}\u00bb{NBSP}: non"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_applying_twice_changes_nothing(language):
    text = 'Le "Sahel" : une crise ? It\'s "here"; voilà !'
    once = apply(text, language)
    assert apply(once, language) == once


def test_a_quotation_across_runs_opens_and_closes_once():
    assert apply_runs(['He said "', "never", '" twice'], "en") == ["He said \u201c", "never", "\u201d twice"]


def test_the_author_text_is_typeset_but_quotes_in_notes_stay_verbatim():
    brief = sample_brief()
    quote = "It's \"theirs\"; they said so"
    note = Note(1, "f", "c", (Evidence("alpha", quote),), (Text(quote),))
    section = Section("s", "Who's next?", (Paragraph((Text("It's \"ours\""), cite(1, first=True))),
                                            BulletList(((Text("don't"),),))))
    brief = Brief(title="The 'plan'", sections=(section,), notes=(note,), sources=brief.sources, date=brief.date,
                  language="en")
    out = typeset(brief)
    assert out.title == "The \u2018plan\u2019"
    assert out.sections[0].heading == "Who\u2019s next?"
    first = out.sections[0].blocks[0]
    assert isinstance(first, Paragraph) and first.inlines[0] == Text("It\u2019s \u201cours\u201d")
    assert out.notes[0].body == (Text(quote),) and out.notes[0].evidence[0].quote == quote


def test_a_link_showing_its_address_is_left_alone():
    brief = sample_brief()
    link = Text("https://example.org/it's", href="https://example.org/it's")
    section = Section("s", "H", (para(link),))
    out = typeset(Brief(title="t", sections=(section,), notes=(), sources=(), date=brief.date))
    assert out.sections[0].blocks[0] == para(link)


def test_a_french_pdf_never_breaks_a_line_inside_a_number_or_before_a_question_mark(tmp_path):
    # ReportLab breaks at U+202F, which French typography puts in "1 200" and before "?"
    import re

    from helpers_project import copy_mini, edit
    from pypdf import PdfReader

    from briefgen.cli import main

    root = copy_mini(tmp_path)
    outline = root / "briefs/council.yaml"
    edit(outline, "theme: default\n", "theme: default\nlanguage: fr\n")
    words = " ".join(f"Le plan{' vise' * (k % 5)} environ 1 200 foyers, est-ce vrai ?" for k in range(40))
    edit(outline, "    timeline: [work-starts, council-vote]",
         f"    timeline: [work-starts, council-vote]\n  - heading: Analyse\n    analysis: true\n    body: |\n      {words}")
    assert main(["build", str(outline), "--root", str(root), "-o", str(root / "out"), "--format", "pdf", "-j", "1"]) == 0
    text = "\n".join(page.extract_text() for page in PdfReader(root / "out/council.pdf").pages)
    assert len(re.findall("1[ \u00a0\u202f]200", text)) == 40  # each on one line
    assert len(re.findall("vrai[ \u00a0\u202f]\\?", text)) == 40



def test_a_french_pdf_title_never_starts_a_line_with_a_question_mark(tmp_path):
    # The masthead's title is escaped for ReportLab without going through a paragraph's runs:
    # with the substitution made only there, this title broke before its first "?"
    import re

    from helpers_project import copy_mini, edit
    from pypdf import PdfReader

    from briefgen.cli import main

    root = copy_mini(tmp_path)
    outline = root / "briefs/council.yaml"
    edit(outline, "theme: default\n", "theme: default\nlanguage: fr\n")
    edit(outline, 'title: "The Port Elin Lighthouse"', 'title: "Le phare est-il vraiment sauvé ? Et le port ? Et la digue ?"')
    assert main(["build", str(outline), "--root", str(root), "-o", str(root / "out"), "--format", "pdf", "-j", "1"]) == 0
    first = PdfReader(root / "out/council.pdf").pages[0].extract_text()
    assert "sauvé" in first and not re.search(r"\n\s*\?", first)
