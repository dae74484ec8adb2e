from briefgen.load import quotes

SOURCE = "He said: \u201cWe are here to train the army\u201d \u2014 in\u00a0accented\nFrench. It cost 240,000 euros."


def test_verbatim_quote_is_found_with_its_line_and_column():
    m = quotes.find("It cost 240,000 euros", SOURCE)
    assert m is not None and m.verbatim
    assert (m.line, m.column) == (2, 9)


def test_curly_quotes_dashes_and_spacing_fold_together():
    m = quotes.find('"We are here to train the army" - in accented French.', SOURCE)
    assert m is not None and not m.verbatim
    assert SOURCE[m.start:m.end].startswith("\u201cWe are")
    assert SOURCE[m.start:m.end].endswith("French.")


def test_a_quote_whose_digits_differ_is_never_found():
    assert quotes.find("It cost 250,000 euros", SOURCE) is None
    near = quotes.nearest("It cost 250,000 euros", SOURCE)
    assert near is not None and near.digits_differ and near.similarity > 0.8


def test_different_words_are_not_found_but_the_nearest_passage_is_shown():
    assert quotes.find("We are here to teach the army", SOURCE) is None
    near = quotes.nearest("We are here to teach the army", SOURCE)
    assert near is not None and "train the army" in near.passage and not near.digits_differ


def test_nfkc_folds_compatibility_characters():
    assert quotes.find("ﬁnal", "the final word") is not None


def test_normalized_offsets_map_back_to_the_source():
    n = quotes.normalize("a\u00a0 \u201cb\u201d")
    assert n.text == "a 'b'"
    assert n.span(2, 5) == (3, 6)


def test_superscript_and_subscript_digits_are_not_plain_digits():
    assert quotes.find("About 106 homes", "About 10\u2076 homes lost power") is None
    assert quotes.find("CO2 levels", "CO\u2082 levels rose") is None
    assert quotes.find("1/2 of them", "\u00bd of them") is None
    assert quotes.find("About 10\u2076 homes", "About 10\u2076 homes lost power") is not None


def test_full_width_digits_are_the_same_digits():
    m = quotes.find("cost 240 euros", "It will cost \uff12\uff14\uff10 euros")
    assert m is not None and not m.verbatim


def test_text_nfkc_leaves_alone_maps_back_like_the_per_character_path():
    # the fast path makes its offsets only when asked; they must be the ones the slow path gives
    for text in ["  Troops  left\n\tthe base \u201con 3\u00a0May\u201d \u2013 said X.  ", "plain", " ", "", "a \u200b b\n"]:
        fast, slow = quotes.normalize(text), quotes._normalize_per_char(text)
        assert (fast.text, fast.origin, fast.source_len) == (slow.text, slow.origin, slow.source_len), text
        assert fast == slow


def test_a_normalised_match_reports_offsets_in_the_original_text():
    source = "The  minister said   \u201cwe will leave\u201d on Monday."
    m = quotes.find('said "we will leave"', source)
    assert m is not None and not m.verbatim
    assert source[m.start:m.end] == "said   \u201cwe will leave\u201d"
