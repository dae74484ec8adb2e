"""Reading level offline, per language: English prose by the Flesch–Kincaid grade, French prose by
the Kandel–Moles reading ease (Kandel and Moles, 1958: Flesch's reading ease refitted to French).

Nothing here downloads anything: the English counter works from spelling rules (vowel groups,
silent e, `-le`, `-ed`/`-es` endings, `y` as a vowel) and a short table of exceptions; the French
one from French spelling (vowel groups, a mute final `e`, `-es`, verbal `-ent`), which is
accurate enough for a reading-level estimate. Each scale has a name (|SCALES|): an audience
profile gives a range per scale, and a language whose scale a profile has no range for is not
scored (the check says so).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

from ..i18n import base_language
from ..text.sentences import split_sentences, strip_citations, words

# Words whose spelling misleads the rules below (checked against a pronouncing dictionary).
_EXCEPTIONS = {
    "business": 2, "businesses": 3, "every": 2, "everything": 3, "evening": 2, "people": 2,
    "area": 3, "areas": 3, "idea": 3, "ideas": 3, "create": 2, "created": 3, "creates": 2,
    "creation": 3, "poem": 2, "poet": 2, "science": 2, "society": 4, "recipe": 3, "naive": 2,
    "via": 2, "sometimes": 2, "european": 4,
}
_VOWELS = "aeiouy"
_SUFFIX_E = re.compile(r"[aeiouy][^aeiouy]e(?:ly|ments?|ful|ness|less)$")


def _simple_count(w: str, count: "Callable[[str], int]") -> int | None:
    """Return the syllables of what every language counts alike, or None for an ordinary word:
    nothing (0), a number (a syllable a digit, up to three), a hyphenated word (its parts)."""
    if not w:
        return 0
    if w.isdigit():
        return min(len(w), 3)
    if "-" in w:
        return sum(count(part) for part in w.split("-") if part) or 1
    return None


@lru_cache(maxsize=16384)  # prose repeats its words; the count depends on the word alone
def syllables(word: str) -> int:
    """Return the estimated number of syllables in `word` (at least 1 for any word with a letter).

    Numbers count as they are usually read aloud, roughly: one syllable per digit up to three.
    """
    w = word.lower().strip("'’-")
    simple = _simple_count(w, syllables)
    if simple is not None:
        return simple
    w = re.sub(r"['’]s$", "", w)
    if w in _EXCEPTIONS:
        return _EXCEPTIONS[w]
    ascii_w = _fold(w)
    if not ascii_w:
        # a word in another script: count its vowel letters' groups, generously
        groups = re.findall(r"[аеёиоуыэюяαεηιουωάέήίόύώ]+", w)
        return max(1, len(groups)) if groups else max(1, len(w) // 3)
    w = ascii_w
    if len(w) <= 3:
        return 1
    # `qu` (and `ngu`) before a vowel: the `u` is a consonant sound (quiet, language)
    w = re.sub(r"(q|ng)u(?=[aeiouy])", r"\1w", w)
    # a leading `y` before a vowel is a consonant (year, you)
    w = re.sub(r"^y(?=[aeiou])", "w", w)
    count = len(re.findall(r"[aeiouy]+", w))
    # silent endings
    if w.endswith("e") and not w.endswith("ee"):
        if w.endswith("le") and w[-3] not in _VOWELS:
            pass  # table, people: the -le is a syllable
        elif w[-2] not in _VOWELS:
            count -= 1  # make, peace
    elif w.endswith("es") and w[-3] not in _VOWELS:
        if not re.search(r"(?:[sxzcg]|ch|sh|[^aeiouy]l)es$", w):
            count -= 1  # makes, states (but boxes, forces, tables)
    elif w.endswith("ed") and w[-3] not in _VOWELS and w[-3] not in "td" and not re.search(r"[^aeiouy]led$", w):
        count -= 1  # seized, turned (but wanted, ended, handled)
    if _SUFFIX_E.search(w):
        count -= 1  # lately, movement: the e before the suffix is silent
    # vowel pairs that are two syllables: media, period, negotiate, medium, actual, client, video, beyond
    count += len(re.findall(r"(?<![ctsgx])i[ao]|[ct]iat|iu|[^aeiouyg]ua|(?<![cts])ie(?:nt|t)|(?<![g])eo|[aeiou]y[aeiou]", w))
    if re.search(r"[aeiouy]ing$", w):
        count += 1  # going, saying: the -ing is its own syllable
    if re.match(r"co(?:op|or)", w):
        count += 1  # co-operate, co-ordinate
    if w.endswith("ism"):
        count += 1  # terrorism: the -sm is heard as a syllable
    return max(1, count)


def _fold(word: str) -> str:
    """Return `word` in plain ASCII letters, or '' when it is not written in the Latin script."""
    out = []
    for ch in unicodedata.normalize("NFKD", word):
        if ch.isascii():
            if ch.isalpha():
                out.append(ch)
        elif unicodedata.category(ch).startswith("L"):
            return ""
    return "".join(out)


# ---------------------------------------------------------------- the grade


@dataclass(frozen=True, slots=True)
class Reading:
    """Counts behind a reading level, and the Flesch–Kincaid grade they give."""

    words: int
    sentences: int
    syllables: int

    @property
    def grade(self) -> float:
        """Return the Flesch–Kincaid grade: 0.39 words/sentence + 11.8 syllables/word − 15.59."""
        if not self.words or not self.sentences:
            return 0.0
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59

    @property
    def kandel_moles(self) -> float:
        """Return the Kandel–Moles reading ease of French prose: 207 − 1.015 words/sentence −
        73.6 syllables/word (0–100 like Flesch's: higher reads more easily)."""
        if not self.words or not self.sentences:
            return 0.0
        return 207 - 1.015 * self.words / self.sentences - 73.6 * self.syllables / self.words

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def syllables_per_word(self) -> float:
        return self.syllables / self.words if self.words else 0.0


def measure(units: list[str] | tuple[str, ...], *, language: str = "en") -> Reading:
    """Return the counts for `units` (paragraphs, list items): each unit holds at least one sentence.

    Citations are removed first; a bullet without a full stop still counts as one sentence.
    Syllables are counted by the rules of `language` (French or, for any other, English).
    """
    count = syllables_fr if _base(language) == "fr" else syllables
    n_words = n_sentences = n_syllables = 0
    for unit in units:
        text = strip_citations(unit)
        for a, b in split_sentences(text):
            ws = words(text[a:b])
            if not ws:
                continue
            n_sentences += 1
            n_words += len(ws)
            n_syllables += sum(count(w) for w in ws)
    return Reading(n_words, n_sentences, n_syllables)


def grade(text: str) -> float:
    """Return the Flesch–Kincaid grade of `text` (paragraphs separated by blank lines)."""
    return measure([p for p in re.split(r"\n\s*\n", text) if p.strip()]).grade


# ---------------------------------------------------------------- per language


@dataclass(frozen=True, slots=True)
class Scale:
    """A readability scale: the key an audience profile gives its range under, what a score is,
    and whether a higher score reads more easily."""

    key: str
    name: str
    easier_when_higher: bool

    def score(self, reading: Reading) -> float:
        return reading.kandel_moles if self.key == "kandel_moles" else reading.grade


SCALES = {
    "en": Scale("grade", "Flesch–Kincaid grade", False),
    "fr": Scale("kandel_moles", "Kandel–Moles reading ease", True),
}


def scale_for(language: str) -> Scale | None:
    """Return the readability scale for prose in `language` (a BCP 47 tag), or None when briefgen
    has no formula for that language (its prose is then not scored)."""
    return SCALES.get(_base(language))


def _base(language: str) -> str:
    return base_language(language) or "en"


_FR_VOWELS = "aeiouyàâäéèêëîïôöûùüÿœæ"
_FR_GROUP = re.compile(f"[{_FR_VOWELS}]+")


@lru_cache(maxsize=16384)
def syllables_fr(word: str) -> int:
    """Return the estimated number of syllables of a French word (at least 1).

    Pyphen's French hyphenation dictionary splits the word into syllables (gou-ver-ne-ment); a
    vowel-group rule (a mute final `e`, `es` or verbal `ent` after a consonant adds none)
    catches what the dictionary leaves whole ("idée"), and the larger count wins. An elided article or pronoun (l’, d’, qu’) is part of the next word; numbers
    count as in English.
    """
    w = word.lower().strip("'’-")
    simple = _simple_count(w, syllables_fr)
    if simple is not None:
        return simple
    w = re.sub(r"^(?:[ldjmnst]|qu|jusqu|lorsqu|puisqu)['’]", "", w)
    rule = len(_FR_GROUP.findall(w.replace("qu", "k").replace("gu", "g")))
    if rule > 1 and re.search(f"[^{_FR_VOWELS}](?:e|es|ent)$", w):
        rule -= 1
    return max(1, rule, _pyphen_count(w))


def _pyphen_count(word: str) -> int:
    dictionary = _french_dictionary()
    return len(dictionary.positions(word)) + 1 if dictionary is not None else 0


@lru_cache(maxsize=1)
def _french_dictionary() -> Any:
    try:
        import pyphen
    except ImportError:  # the rule alone then
        return None
    return pyphen.Pyphen(lang="fr", left=1, right=1)
