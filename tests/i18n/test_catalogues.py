"""The message catalogues: complete in every shipped language, and every key the code asks for exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers_project import copy_mini, edit

from briefgen import i18n
from briefgen.diagnostics import BriefgenError
from briefgen.load.project import Options
from briefgen.pipeline import check

PACKAGE = Path(i18n.__file__).parent


def _check(root: Path):
    return check([root / "briefs/council.yaml"], options=Options(root=root))


def test_french_and_english_catalogues_ship():
    assert {"en", "fr"} <= set(i18n.shipped_languages())


@pytest.mark.parametrize("language", i18n.shipped_languages())
def test_every_shipped_catalogue_has_exactly_the_english_keys_and_placeholders(language):
    english = i18n.load_catalogue("en").labels
    words = i18n.load_catalogue(language).labels
    assert set(words) == set(english)
    for key, text in words.items():
        assert i18n.placeholders(text) == i18n.placeholders(english[key]), key
        assert text.strip(), key


def test_every_label_the_code_asks_for_is_in_the_english_catalogue():
    english = i18n.load_catalogue("en").labels
    asked = set()
    pattern = re.compile(r"""(?:\.label|\.themed_label|\.word|\bL)\(\s*["']([a-z_0-9]+)["']""")
    for path in PACKAGE.rglob("*.py"):
        asked |= set(pattern.findall(path.read_text(encoding="utf-8")))
    assert asked, "the pattern finds the labels the renderers and the resolver use"
    assert asked - set(english) == set()


def test_a_catalogue_missing_a_key_or_with_an_unknown_one_is_reported_at_its_line(tmp_path, monkeypatch):
    text = (i18n.LOCALES_DIR / "fr.yaml").read_text(encoding="utf-8")
    text = text.replace('  notes: "Notes"\n', '  notse: "Notes"\n').replace("{total}", "{totl}")
    (tmp_path / "fr.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "en.yaml").write_text((i18n.LOCALES_DIR / "en.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path)
    with pytest.raises(BriefgenError) as caught:
        i18n.load_catalogue("fr")
    messages = {d.message: d for d in caught.value.diagnostics}
    unknown = messages["unknown label `notse` in the fr catalogue"]
    assert unknown.span.line == text.splitlines().index('  notse: "Notes"') + 1
    assert "did you mean `notes`?" in (unknown.help or "")
    assert "the fr catalogue has no label `notes`" in messages
    assert "label `page_of` has other placeholders than English" in messages


def test_a_regional_tag_reads_its_base_language_catalogue():
    assert dict(i18n.labels_for("fr-FR"))["notes"] == "Notes"
    assert dict(i18n.labels_for("fr-CA"))["contents"] == "Sommaire"
    assert dict(i18n.labels_for("en-GB"))["contents"] == "Contents"


def test_french_labels_get_french_typography():
    assert dict(i18n.labels_for("fr"))["according_to"] == "Selon {who}\u00a0:"


def test_an_outline_may_override_any_label(tmp_path):
    root = copy_mini(tmp_path)
    edit(root / "briefs/council.yaml", "theme: default\n", "theme: default\nlabels:\n  sources: References\n")
    report = _check(root)
    assert report.ok, report.diagnostics
    assert dict(report.checked[0].brief.labels)["sources"] == "References"


def test_an_unknown_label_in_the_outline_is_an_error_at_its_line_with_a_suggestion(tmp_path):
    root = copy_mini(tmp_path)
    edit(root / "briefs/council.yaml", "theme: default\n", "theme: default\nlabels:\n  sorces: References\n")
    [d] = [d for d in _check(root).diagnostics if d.is_error]
    assert d.message == "unknown label `sorces`"
    assert d.span.line == 9 and "did you mean `sources`?" in (d.help or "")


def test_a_label_with_a_placeholder_briefgen_does_not_fill_is_an_error_at_its_line(tmp_path):
    # It passed check and then stopped the build with an internal error (KeyError: 'draft').
    root = copy_mini(tmp_path)
    edit(root / "briefs/council.yaml", "theme: default\n",
         "theme: default\nlabels:\n  page_of: \"Page {page} of {total} {draft}\"\n")
    [d] = [d for d in _check(root).diagnostics if d.is_error]
    assert d.message == "label `page_of` uses {draft}, which briefgen does not fill"
    assert d.span.line == 9 and "{page}, {total}" in (d.help or "")


def test_a_page_label_with_fewer_placeholders_or_a_stray_brace_builds(tmp_path):
    from briefgen.cli import main

    root = copy_mini(tmp_path)
    edit(root / "briefs/council.yaml", "theme: default\n", "theme: default\nlabels:\n  page_of: \"{page} {of\"\n")
    assert main(["build", str(root / "briefs/council.yaml"), "--root", str(root), "-o", str(root / "out"),
                 "--format", "pdf"]) == 0
    text = _pdf_text(root / "out" / "council.pdf")
    assert "2 {of" in text


def _pdf_text(path):
    import pypdf

    return " ".join(page.extract_text() for page in pypdf.PdfReader(str(path)).pages)


def test_an_underscore_language_tag_is_written_as_bcp_47(tmp_path):
    # `fr_FR` is accepted; the PDF's /Lang and Word's w:lang want `fr-FR`.
    root = copy_mini(tmp_path)
    edit(root / "briefs/council.yaml", "theme: default\n", "theme: default\nlanguage: fr_FR\n")
    report = _check(root)
    brief = report.checked[0].brief
    assert brief.language == "fr-FR"
    assert dict(brief.labels)["page_of"] == dict(i18n.labels_for("fr"))["page_of"]


def test_a_language_without_a_catalogue_warns_and_writes_english(tmp_path):
    root = copy_mini(tmp_path)
    edit(root / "briefs/council.yaml", "theme: default\n", "theme: default\nlanguage: sw\n")
    report = _check(root)
    assert report.ok
    assert any("no catalogue for `sw`" in d.message for d in report.diagnostics)
    assert dict(report.checked[0].brief.labels)["notes"] == "Notes"


@pytest.mark.parametrize("tag", ["ar", "he-IL", "fa", "ur"])
def test_a_right_to_left_language_is_refused_at_its_line(tmp_path, tag):
    root = copy_mini(tmp_path)
    edit(root / "briefs/council.yaml", "theme: default\n", f"theme: default\nlanguage: {tag}\n")
    [d] = [d for d in _check(root).diagnostics if d.is_error]
    assert "right-to-left" in d.message and "not supported yet" in d.message
    assert d.span.line == 8  # the line after `theme: default`


def test_a_french_brief_has_french_furniture_and_dates(tmp_path):
    root = copy_mini(tmp_path)
    edit(root / "briefs/council.yaml", "theme: default\n", "theme: default\nlanguage: fr\n")
    report = _check(root)
    assert report.ok, report.diagnostics
    brief = report.checked[0].brief
    assert dict(brief.labels)["notes"] == "Notes" and dict(brief.labels)["contents"] == "Sommaire"
    assert brief.date_text(brief.date) == "1er\u00a0avril 2022"
    headings = [s.heading for s in brief.sections]
    assert "Glossaire" in headings


_TRANSLATED = '''    tags: [port-elin, budget]
    translations:
      - language: fr
        claim: "La restauration coûte {amount} euros."
    evidence:
      - source: lighthouse
        quote: at a cost of 240,000 euros
        translation:
          - language: fr
            text: pour un coût de 240 000 euros
'''


def _translate(root: Path, amount: str) -> None:
    edit(root / "seeds/facts.yaml", "    tags: [port-elin, budget]\n    evidence:\n      - source: lighthouse\n"
         "        quote: at a cost of 240,000 euros\n", _TRANSLATED.replace("{amount}", amount))
    edit(root / "briefs/council.yaml", "theme: default\n", "theme: default\nlanguage: fr\n")


def test_a_french_brief_prints_the_translated_claim_and_the_quote_with_its_translation(tmp_path):
    root = copy_mini(tmp_path)
    _translate(root, "240\u202f000")
    report = _check(root)
    assert report.ok, [d.message for d in report.diagnostics]
    brief = report.checked[0].brief
    note = next(n for n in brief.notes if n.fact_id == "restoration-cost")
    assert note.claim == "La restauration coûte 240\u202f000 euros."
    body = "".join(getattr(i, "text", "") for i in note.body)
    assert "\u00ab\u00a0at a cost of 240,000 euros\u00a0\u00bb [traduction de l\u2019auteur\u00a0: " in body


def test_a_translated_claim_is_held_to_the_quotes_numbers(tmp_path):
    root = copy_mini(tmp_path)
    _translate(root, "250\u202f000")
    errors = [d for d in _check(root).diagnostics if d.is_error]
    assert len(errors) == 1 and "250" in errors[0].message
    assert errors[0].span.file.name == "facts.yaml" and errors[0].span.line == 15  # the translated claim


def test_a_label_the_font_cannot_print_is_an_error_at_its_line_naming_the_character_and_font(tmp_path):
    root = copy_mini(tmp_path)
    edit(root / "briefs/council.yaml", "theme: default\n", "theme: default\nlabels:\n  notes: \"नोट्स\"\n")
    errors = [d for d in _check(root).diagnostics if d.is_error]
    assert errors and all(d.span.line == 9 for d in errors)
    assert "has no glyph for `न` (U+0928 DEVANAGARI LETTER NA)" in errors[0].message
    assert "PDF font `" in errors[0].message


def test_a_translation_the_font_cannot_print_is_an_error_at_its_line(tmp_path):
    root = copy_mini(tmp_path)
    _translate(root, "240\u202f000")
    edit(root / "seeds/facts.yaml", "pour un coût de", "pour un coût 🙂 de")
    errors = [d for d in _check(root).diagnostics if d.is_error]
    assert len(errors) == 1 and "U+1F642" in errors[0].message
    assert errors[0].span.file.name == "facts.yaml" and errors[0].span.line == 21  # the `text:` of the translation


def test_a_themes_own_word_wins_over_the_catalogue_and_the_outlines_over_both():
    from briefgen.model import Brief, PartialDate

    brief = Brief(title="t", sections=(), notes=(), sources=(), date=PartialDate(2024), language="fr",
                  labels=i18n.labels_for("fr", {"sources": "Bibliographie"}), label_overrides=("sources",))
    assert brief.themed_label("kicker", "Policy brief", "Policy brief") == "Note d\u2019analyse"  # theme as shipped
    assert brief.themed_label("kicker", "Lettre du Sahel", "Policy brief") == "Lettre du Sahel"  # the theme's own
    assert brief.themed_label("sources", "References", "Sources") == "Bibliographie"  # the outline's own


@pytest.mark.parametrize("language,audience,kicker,name", [
    ("en", "students", "Student handout", "Students"),
    ("en", "public", "Explainer", "General public"),
    ("fr", "public", "Note explicative", "Grand public"),
    ("fr", "policymakers", "Note d\u2019analyse", "Décideurs"),
    ("fr", "my-own-profile", "Note d\u2019analyse", "my-own-profile"),
])
def test_the_masthead_words_follow_the_audience_profile_in_the_language(language, audience, kicker, name):
    words = dict(i18n.labels_for(language, audience=audience))
    assert (words["kicker"], words["audience_name"]) == (kicker, name)


def test_the_outline_kicker_wins_over_the_audiences():
    assert dict(i18n.labels_for("en", {"kicker": "Briefing"}, audience="students"))["kicker"] == "Briefing"


def test_a_fact_without_a_translation_whose_claim_prints_in_a_french_brief_is_a_warning_at_the_fact(tmp_path, capsys):
    import shutil
    from pathlib import Path

    from briefgen.cli import main

    repo = Path(__file__).resolve().parents[2]
    for folder in ("briefs", "seeds"):
        shutil.copytree(repo / folder, tmp_path / folder)
    facts = tmp_path / "seeds" / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    block = ("    translations:\n      - language: fr\n"
             "        claim: \"L'armée nigérienne a pris le pouvoir par un coup d'État le 26 juillet 2023.\"\n")
    assert block in text
    facts.write_text(text.replace(block, ""), encoding="utf-8")
    line = next(i for i, ln in enumerate(facts.read_text(encoding="utf-8").splitlines(), 1) if "id: coup-july-2023" in ln)
    assert main(["check", str(tmp_path / "briefs" / "public-fr.yaml"), "--root", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert f"facts.yaml:{line}:" in err and "fact `coup-july-2023` has no `fr` translation" in err
    assert main(["check", str(tmp_path / "briefs" / "public.yaml"), "--root", str(tmp_path)]) == 0
    assert "translation" not in capsys.readouterr().err  # the English brief needs none


def test_a_tables_description_is_in_the_briefs_words_and_counts_with_its_languages_plural():
    fr, en = i18n.labels_for("fr"), i18n.labels_for("en")
    assert i18n.describe_table("Glossaire", rows=1, columns=2, heads=["Terme", ""], labels=fr, language="fr-FR") == \
        "Tableau\u00a0: Glossaire, 1 ligne, 2 colonnes (Terme)"
    assert i18n.describe_table("Vide", rows=0, columns=1, heads=[], labels=fr, language="fr") == \
        "Tableau\u00a0: Vide, 0 ligne, 1 colonne"  # French counts 0 as one
    assert i18n.describe_table("Empty", rows=0, columns=1, heads=[], labels=en, language="en") == \
        "Table: Empty, 0 rows, 1 column"
    # a brief built by hand has no labels: English words; an outline's own word wins
    assert i18n.describe_table("T", rows=2, columns=3, heads=["A"], labels=(), language="xx") == "Table: T, 2 rows, 3 columns (A)"
    assert i18n.describe_table("T", rows=1, columns=1, heads=[], labels=(("table_alt", "Grid {caption}: {rows}"),),
                               language="en") == "Grid T: 1 row"


def test_a_resolved_briefs_words_are_its_own_and_only_a_missing_key_reads_the_english_catalogue(monkeypatch):
    # A render looks every word up in the brief's labels; a resolved brief has them all, so a
    # worker never parses a catalogue. A hand-built brief's missing key is English.
    french = i18n.labels_for("fr")
    i18n._english.cache_clear()
    i18n._words.cache_clear()

    def no_catalogue(*args, **kwargs):
        raise AssertionError("the English catalogue was read")

    monkeypatch.setattr(i18n, "labels_for", no_catalogue)
    assert i18n.word(french, "contents") == dict(french)["contents"] == "Sommaire"
    monkeypatch.undo()
    own = (("sources", "Quellen"),)
    assert i18n.word(own, "sources") == "Quellen" and i18n.word(own, "notes") == "Notes"
    assert dict(i18n.words(own)) == {**dict(i18n.labels_for("en")), "sources": "Quellen"}
