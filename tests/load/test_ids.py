"""Ids: one spelling (a slug), made the same way for sections, suggested facts and sources."""

from briefgen.text.ids import SLUG, slugify, unique_id


def test_slugify_spells_any_text_as_an_id():
    assert slugify("Who’s who: the AES (2023)") == "who-s-who-the-aes-2023"
    assert slugify("  --  ") == ""
    assert all(SLUG.match(slugify(t)) for t in ("A b", "x--y", "Ünïcode 5"))


def test_slugify_cuts_after_a_whole_word():
    assert slugify("alpha beta gamma", limit=10) == "alpha-beta"
    assert slugify("alpha beta gamma", limit=12) == "alpha-beta"
    assert slugify("alphabetagamma", limit=5) == "alpha"  # one word: cut inside it


def test_unique_id_numbers_a_taken_id():
    assert unique_id("vote", set()) == "vote"
    assert unique_id("vote", {"vote", "vote-2"}) == "vote-3"
