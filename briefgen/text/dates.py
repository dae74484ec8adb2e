"""Dates and numbers as a brief's language writes them, at their own precision, through CLDR (Babel).

One style per document: a day as "12 April 2024" (English) or "1er mai 2024" (French), a month as
"July 2023" / "juillet 2023", a year as "2021", in the text, the timeline, the notes, the sources
and the deck alike. Plain `en` writes day-month-year (briefgen's house style); a region asks for
its own (`en-US`: "April 12, 2024"). Babel ships the CLDR data, so nothing is downloaded.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from types import MappingProxyType

# The month names briefgen reads and writes itself, defined here only. Printing a date in the brief's
# language goes through CLDR (below); these are the words the readers of quotes, outlines and
# templates look for, in the languages sources are known to be written in.
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
MONTHS_SHORT = tuple(m[:3] for m in MONTHS)  # Jan, Feb, … as in "26 Jul 2023"
# Every English month word, lower case: the names, their three-letter abbreviations, "sept".
MONTH_WORDS_EN = tuple(m.lower() for m in MONTHS) + tuple(m.lower() for m in MONTHS_SHORT if m != "May") + ("sept",)
MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
             "octobre", "novembre", "décembre")


def _month_numbers() -> dict[str, int]:
    table = {"sept": 9}
    for number, (en, short, fr) in enumerate(zip(MONTHS, MONTHS_SHORT, MONTHS_FR, strict=True), start=1):
        table[en.lower()] = table[fr] = number
        table[unicodedata.normalize("NFKD", fr).encode("ascii", "ignore").decode()] = number  # fevrier, aout
        if short not in ("Jun", "Jul"):  # the quote reader has never read these two as months
            table[short.lower()] = number
    return table


# A month word, lower case → its number, for reading quotes: English and French names, French
# without its accents, the English abbreviations of MONTH_WORDS_EN but "Jun" and "Jul".
MONTH_NUMBERS = MappingProxyType(_month_numbers())


def month_number(word: str) -> int | None:
    """Return the number of the month `word` names ("April", "Apr", "Sept.", "aout"), or None."""
    return MONTH_NUMBERS.get(word.rstrip(".").lower())


@lru_cache(maxsize=64)
def cldr_locale(language: str) -> str:
    """Return the Babel locale name for a BCP 47 tag: `en` → `en_GB`, `fr-CA` → `fr_CA`; `en_GB`
    when CLDR has no such locale."""
    from babel import Locale, UnknownLocaleError

    tag = language.strip().replace("_", "-") or "en"
    if tag.lower() == "en":
        return "en_GB"
    try:
        return str(Locale.parse(tag, sep="-"))
    except (ValueError, UnknownLocaleError):
        return "en_GB"


@lru_cache(maxsize=4096)
def format_date(year: int, month: int | None = None, day: int | None = None, *, language: str = "en") -> str:
    """Return a date at its precision in `language`: "2021", "July 2023", "12 April 2024"; French
    "juillet 2023", "1er mai 2024" (CLDR has no ordinal for the first of the month; French prints
    one), its day and month joined by a no-break space."""
    import datetime

    from babel.dates import format_skeleton

    if not month:
        return f"{year:04d}"
    locale = cldr_locale(language)
    # CLDR prints year 5 as "5" and Python has no year 0: a stand-in year (a leap year, for 29
    # February) is formatted and replaced, so a registry's 0005 stays four digits
    stand_in = year if year >= 1000 else 2000
    when = datetime.date(stand_in, month, day or 1)
    if not day:
        text = format_skeleton("yMMMM", when, locale=locale)
    else:
        text = format_skeleton("yMMMMd", when, locale=locale)
        if day == 1 and locale.split("_")[0] == "fr":
            text = text.replace("1", "1er", 1) if text.startswith("1 ") else text
    if stand_in != year:
        text = text.replace(str(stand_in), f"{year:04d}")
    if locale.split("_")[0] == "fr" and day:
        text = text.replace(" ", "\u00a0", 1)  # French keeps the day with its month: "12 avril" never breaks
    return text


@lru_cache(maxsize=4096)
def format_number(value: float, *, language: str = "en", decimals: int | None = None) -> str:
    """Return a number as the brief's language writes it (CLDR): "1,400" and "10.5" in English,
    "1 400" (a narrow no-break space) and "10,5" in French. `decimals` fixes the digits after
    the separator; otherwise they are as many as the value needs."""
    from babel.numbers import format_decimal

    pattern = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    return str(format_decimal(value, format=pattern, locale=cldr_locale(language)))
