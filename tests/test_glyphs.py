"""`check` reports, at its YAML line, every character the theme's PDF fonts cannot print."""

from __future__ import annotations

import shutil
import unicodedata

import pytest
from helpers_project import copy_mini, edit

from briefgen.glyphs import INSERTED, missing_from
from briefgen.load.project import Options
from briefgen.pipeline import check
from briefgen.theme import load_theme

BODY = "Advisers include Γιώργος Παπαδόπουλος and Олена Коваль [@advisers]."


def _errors(root):
    report = check([root / "briefs/council.yaml"], options=Options(root=root))
    return [d for d in report.diagnostics if d.is_error]


def test_greek_and_cyrillic_pass(tmp_path):
    root = copy_mini(tmp_path)  # the mini outline names Γιώργος Παπαδόπουλος and Олена Коваль
    edit(root / "briefs/council.yaml", "  - heading: Timeline", "  - heading: Χρονολόгия")
    assert _errors(root) == []


@pytest.mark.parametrize("text, char, message", [
    ("灯塔", "灯", "the PDF font `Carlito` has no glyph for `灯` (U+706F CJK UNIFIED IDEOGRAPH-706F)"),
    ("a ship 🚢", "🚢", "the PDF font `Carlito` has no glyph for `🚢` (U+1F6A2 SHIP)"),
    ("منارة", "م", "right-to-left text is not supported in the PDF yet: `م` (U+0645 ARABIC LETTER MEEM)"),
    ("מגדלור", "מ", "right-to-left text is not supported in the PDF yet: `מ` (U+05DE HEBREW LETTER MEM)"),
])
def test_a_character_the_pdf_cannot_print_is_an_error_at_its_line_and_column(tmp_path, text, char, message):
    root = copy_mini(tmp_path)
    edit(root / "briefs/council.yaml", BODY, BODY.replace("Advisers", f"Advisers ({text})"))
    [err] = _errors(root)
    assert err.message == message
    assert (err.span.file.name, err.span.line, err.span.column) == ("council.yaml", 18, 17 + text.index(char))
    assert err.help


def test_the_help_for_missing_cjk_names_the_theme_file_and_a_font_that_has_it(tmp_path, monkeypatch):
    root = copy_mini(tmp_path)
    edit(root / "briefs/council.yaml", "      - The council voted", "      - 灯塔, the council voted")
    [err] = _errors(root)
    assert err.span.line == 11 and "Noto Sans" in err.help
    # The bundled theme lies inside briefgen's installation: the help says to copy it first.
    assert "copy the bundled theme `default` into the project's templates/" in err.help
    assert "//" not in err.help
    # A project's own theme: the help names its theme.yaml, as a path from where briefgen runs.
    shutil.copytree(load_theme("default").folder, root / "templates" / "house")
    edit(root / "briefs/council.yaml", "theme: default", "theme: house")
    monkeypatch.chdir(root)
    [err] = _errors(root)
    assert "the four files under `font:` in templates/house/theme.yaml" in err.help


def test_every_missing_character_of_one_text_is_named_in_one_error(tmp_path):
    root = copy_mini(tmp_path)
    edit(root / "briefs/council.yaml", "definition: A tower", "definition: A 灯塔 tower 😀")
    [err] = _errors(root)
    assert err.span.line == 32
    assert "U+706F" in err.message
    assert any("U+5854" in n and "U+1F600" in n for n in err.notes)


def test_the_title_a_table_cell_and_a_glossary_term_are_checked(tmp_path):
    root = copy_mini(tmp_path)
    outline = root / "briefs/council.yaml"
    edit(outline, 'title: "The Port Elin Lighthouse"', 'title: "The Port Elin Lighthouse 灯塔"')
    edit(outline, "| Start | May 2022", "| Start 🚧 | May 2022")
    edit(outline, "term: Lighthouse", "term: Lighthouse (灯塔)")
    assert [(e.span.line, e.span.column) for e in _errors(root)] == [(1, 34), (23, 15), (31, 23)]


def test_a_quote_and_a_source_title_are_checked_in_their_own_files(tmp_path):
    root = copy_mini(tmp_path)
    seeds = root / "seeds"
    edit(seeds / "lighthouse.txt", "Work is to start in May 2022", "Work is to start in May 2022 (工程)")
    edit(seeds / "facts.yaml", "quote: Work is to start in May 2022", "quote: Work is to start in May 2022 (工程)")
    edit(seeds / "sources.yaml", "title: Harbour town restores its lighthouse",
         "title: Harbour town restores its lighthouse 灯塔")
    places = {(e.span.file.name, e.span.line) for e in _errors(root)}
    assert places == {("facts.yaml", 29), ("sources.yaml", 4)}


def test_text_that_never_reaches_the_pdf_is_not_checked(tmp_path):
    root = copy_mini(tmp_path)
    outline = root / "briefs/council.yaml"
    edit(outline, "notes: Say who the advisers are.", "notes: Say who the advisers are 灯塔.")  # deck only
    assert _errors(root) == []


def test_a_combining_accent_the_font_lacks_is_named_with_the_precomposed_fix(tmp_path):
    root = copy_mini(tmp_path)
    edit(root / "briefs/council.yaml", "definition: A tower", "definition: A tower (cafe\u0301)")
    [err] = _errors(root)
    assert "U+0301 COMBINING ACUTE ACCENT" in err.message
    assert "NFC" in err.help


def test_invisible_format_characters_are_not_errors(tmp_path):
    root = copy_mini(tmp_path)
    edit(root / "briefs/council.yaml", "definition: A tower", "definition: A light\u00adhouse tower\u200d\ufe0f")
    assert _errors(root) == []


def test_every_character_briefgen_itself_inserts_is_in_the_default_fonts():
    from briefgen.theme import TEMPLATES

    # What the code writes, and what the citation templates write round the source's fields.
    csl = "".join(c for p in sorted((TEMPLATES / "csl").glob("*.[cj]s*")) for c in p.read_text("utf-8") if ord(c) > 127)
    font = load_theme("default").font
    for path in (font.regular, font.bold, font.italic, font.bold_italic):
        missing = missing_from(path, INSERTED + csl)
        assert missing == "", [f"U+{ord(c):04X} {unicodedata.name(c)}" for c in missing]


def test_the_printed_characters_come_in_first_use_order_with_every_face_they_print_in():
    from briefgen.glyphs import _printed
    from briefgen.model import Brief, Paragraph, PartialDate, Section, Text

    sec = Section("s", "Ab", (Paragraph((Text("ba"), Text("c", italic=True), Text("a", bold=True))),))
    printed = _printed(Brief("T", (sec,), (), (), PartialDate(2024)))
    assert list(printed) == ["T", "A", "b", "a", "c"]
    assert printed["a"] == {"bold", "regular"} and printed["b"] == {"bold", "regular"}
    assert printed["c"] == {"italic"} and printed["T"] == {"bold"}
