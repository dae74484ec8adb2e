"""Reading level offline: a heuristic syllable counter and the Flesch–Kincaid grade.

Nothing here downloads a dictionary or imports a third-party package: the counter works from
spelling rules (vowel groups, silent e, `-le`, `-ed`/`-es` endings, `y` as a vowel) and a short
table of exceptions, which is accurate enough for a reading-level estimate.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

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


@lru_cache(maxsize=16384)  # prose repeats its words; the count depends on the word alone
def syllables(word: str) -> int:
    """Return the estimated number of syllables in `word` (at least 1 for any word with a letter).

    Numbers count as they are usually read aloud, roughly: one syllable per digit up to three.
    """
    w = word.lower().strip("'’-")
    if not w:
        return 0
    if w.isdigit():
        return min(len(w), 3)
    if "-" in w:
        return sum(syllables(part) for part in w.split("-") if part) or 1
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
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def syllables_per_word(self) -> float:
        return self.syllables / self.words if self.words else 0.0


def measure(units: list[str] | tuple[str, ...]) -> Reading:
    """Return the counts for `units` (paragraphs, list items): each unit holds at least one sentence.

    Citations are removed first; a bullet without a full stop still counts as one sentence.
    """
    n_words = n_sentences = n_syllables = 0
    for unit in units:
        text = strip_citations(unit)
        for a, b in split_sentences(text):
            ws = words(text[a:b])
            if not ws:
                continue
            n_sentences += 1
            n_words += len(ws)
            n_syllables += sum(syllables(w) for w in ws)
    return Reading(n_words, n_sentences, n_syllables)


def grade(text: str) -> float:
    """Return the Flesch–Kincaid grade of `text` (paragraphs separated by blank lines)."""
    return measure([p for p in re.split(r"\n\s*\n", text) if p.strip()]).grade
