"""Holding each fact's claim to its quotes: the numbers, dates and names a reader sees must be quoted.

The claim is the sentence a brief prints, so a claim that says "8 people died" while its only
quote says "7 dead" is an error, even though the quote itself is verbatim. The rules:

- Every number written in digits ("100", "41.2 °C", "<40%", "1,200", "G7") must appear in at least
  one quote with the same digits. Digits are read from the text as written, before any Unicode
  folding (NFKC would turn "10⁶" into "106"); a superscript after a number is an exponent.
  Grouping separators do not count ("1,200" = "1200"); a decimal comma is a decimal point.
- Units: a number's unit is the symbol or word right after it (or a currency sign before it),
  mapped to one name per unit ("°C", "℃", "degrees Celsius" are all °C; "€", "euros", "EUR" are all
  EUR). A number with a unit in the claim needs the same number with the same unit in a quote; a
  claim number without a unit accepts the number with any unit. A scale word ("7 million") is
  always part of the number: "7" never matches "7 million". A comparison written in the claim
  ("<40%", "more than 40%") needs the same comparison in the quote, in symbols or in words; "about"
  may hedge an exact quoted number. A number in words in a quote ("seven") supports the same
  number in digits. The day or year inside a quoted date is not a number: "on 9 April" does not
  support "9 dead".
- Every date in the claim ("26 July 2023", "July 2023", "in March", "22 to 25 April 2024") must be
  given by one quote, at least as precisely. A quote's relative date is read against its source's
  own date: "last July" in an article of 12 April 2024 is July 2023; "in March" is March 2024;
  "July 26" is 26 July 2023 (the most recent one) or 2024 (later that year); "this week/month/year",
  "last/next week/month/year", "yesterday", "today" and "on Tuesday" (the last Tuesday on or before
  the date) need the source date to be precise enough. A quote of an undated source reads its
  year-less dates against the dates of the fact's other sources (citing both says they report the
  same event), and otherwise gives no year. A year alone ("in 2021") is checked as a number, or
  against the years the quotes' dates give ("last year").
- A number in words ("three routes") that no quote has, as a word or in digits, is a warning; so is
  a name (two or more capitalised words, or an acronym) none of whose quotes has it. Sentence-initial
  capitals, months, weekdays and common words are not names.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Union

from ..diagnostics import BriefgenError, Diagnostic, Span, error, warning
from ..model import PartialDate
from ..text.dates import MONTH_NUMBERS, MONTHS, MONTHS_FR, month_number
from .project import FactRec, Library, SourceDoc
from .read import locate
from .yamlpos import Mapping as YMapping
from .yamlpos import Scalar, parse, read_text_file
from .yamlpos import Sequence as YSequence

# ---------------------------------------------------------------- numbers in digits

_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
# Grouping: comma, space, no-break space, narrow no-break space, thin space. French writes "4 800"
# (a page copied from a browser, or an outline typed in an editor, has plain spaces): read as one
# number, so that "800" in a claim is not backed by the "4 800" of a quote. A group is three
# digits that no digit follows ("in 2023 100 soldiers" stays 2023 and 100).
_SEP = ", \u00a0\u202f\u2009"
_NUM = re.compile(
    rf"(?<![\w.,])(?:(?P<sign>[−-])(?=\d))?"
    rf"(?P<int>\d{{1,3}}(?:[{_SEP}]\d{{3}}(?!\d))+|\d+)(?P<frac>[.,]\d+)?(?P<exp>[{_SUPERSCRIPT}]+)?"
    rf"(?P<suffix>(?:st|nd|rd|th|er|e|s)(?![^\W\d_]))?")
_CODE = re.compile(r"(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[^\W\d_])[^\W_][\w]*(?:-[\w]+)*(?![\w-])")

# Units written after a number, longest first, each mapped to one name.
_UNITS: tuple[tuple[str, str], ...] = tuple(sorted((
    ("%", "%"), ("percent", "%"), ("per cent", "%"), ("pour cent", "%"), ("pc", "%"),
    ("percentage points", "pp"), ("points de pourcentage", "pp"),
    ("°C", "°C"), ("° C", "°C"), ("℃", "°C"), ("degrees Celsius", "°C"), ("degree Celsius", "°C"),
    ("degrés Celsius", "°C"), ("°F", "°F"), ("° F", "°F"), ("℉", "°F"), ("degrees Fahrenheit", "°F"),
    ("K", "K"), ("kelvin", "K"),
    ("km²", "km²"), ("square kilometres", "km²"), ("square kilometers", "km²"), ("sq km", "km²"),
    ("km", "km"), ("kilometres", "km"), ("kilometers", "km"), ("kilometre", "km"), ("kilometer", "km"),
    ("m", "m"), ("metres", "m"), ("meters", "m"), ("metre", "m"), ("meter", "m"),
    ("cm", "cm"), ("mm", "mm"), ("mi", "mi"), ("miles", "mi"), ("mile", "mi"),
    ("ha", "ha"), ("hectares", "ha"), ("hectare", "ha"),
    ("kg", "kg"), ("kilograms", "kg"), ("kilogrammes", "kg"), ("g", "g"), ("grams", "g"),
    ("t", "t"), ("tonnes", "t"), ("tonne", "t"), ("tons", "ton"), ("ton", "ton"),
    ("l", "l"), ("litres", "l"), ("liters", "l"), ("mg", "mg"), ("ml", "ml"),
    ("kWh", "kWh"), ("MWh", "MWh"), ("GWh", "GWh"), ("MW", "MW"), ("GW", "GW"), ("kW", "kW"),
    ("km/h", "km/h"), ("mph", "mph"),
    ("euros", "EUR"), ("euro", "EUR"), ("EUR", "EUR"), ("dollars", "USD"), ("dollar", "USD"),
    ("USD", "USD"), ("pounds sterling", "GBP"), ("GBP", "GBP"), ("CFA francs", "XOF"), ("FCFA", "XOF"),
    ("francs", "franc"), ("yen", "JPY"), ("roubles", "RUB"), ("rubles", "RUB"),
), key=lambda u: -len(u[0])))
_PREFIX_UNITS = {"€": "EUR", "$": "USD", "US$": "USD", "£": "GBP", "¥": "JPY", "₽": "RUB",
                 "EUR": "EUR", "USD": "USD", "GBP": "GBP"}
_SCALES = {"thousand": "thousand", "million": "million", "millions": "million", "billion": "billion",
           "billions": "billion", "trillion": "trillion", "bn": "billion", "mn": "million",
           "milliard": "billion", "milliards": "billion", "mille": "thousand"}
_COMPARATORS = (
    ("no fewer than", "≥"), ("no less than", "≥"), ("at least", "≥"), ("no more than", "≤"),
    ("at most", "≤"), ("up to", "≤"), ("fewer than", "<"), ("less than", "<"), ("under", "<"),
    ("below", "<"), ("more than", ">"), ("greater than", ">"), ("over", ">"), ("above", ">"),
    ("about", "~"), ("around", "~"), ("approximately", "~"), ("roughly", "~"), ("nearly", "~"),
    ("almost", "~"), ("some", "~"), ("plus de", ">"), ("moins de", "<"), ("environ", "~"),
    ("près de", "~"), ("<=", "≤"), (">=", "≥"), ("≤", "≤"), ("≥", "≥"), ("<", "<"), (">", ">"),
    ("~", "~"), ("≈", "~"),
)


@dataclass(frozen=True, slots=True)
class Number:
    """A number written in digits: where it is, as written, and what it means."""

    start: int
    end: int
    text: str                 # as written, with its unit and comparison
    value: str                # canonical digits: "1200", "41.2", "10^6", "-5"; a code as written: "G7"
    unit: str | None = None   # "%", "°C", "EUR" …
    scale: str | None = None  # "thousand", "million" …
    comparator: str | None = None  # "<", ">", "≤", "≥", "~"


def _digits(s: str) -> str:
    """Return `s` with every decimal digit (any script) as an ASCII digit; other characters kept."""
    if s.isascii():
        return s
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in s)


def _alternatives(items: Iterable[str]) -> str:
    return "|".join(re.escape(u) for u in sorted(set(items), key=len, reverse=True))


_UNIT_WORDS = frozenset(w for w, _ in _UNITS if w.replace(" ", "").isalpha() and len(w) > 3)
_UNIT_NAME = {w: n for w, n in _UNITS}
_UNIT_WORD_NAME = {w.lower(): n for w, n in _UNITS if w in _UNIT_WORDS}  # words match in any case
# What may follow a number as its unit: a symbol, or one or two words looked up in _UNIT_NAME.
_UNIT_RE = re.compile(r"(?P<sp>[ \u00a0\u202f]?)(?P<u>%|℃|℉|°[ ]?[CF](?![^\W\d_])|km²|km/h"
                      r"|(?P<w1>[^\W\d_]+)(?:[ \u00a0](?P<w2>[^\W\d_]+))?)")
# A one- or two-letter unit after a space is too often a word or an initial ("3 m", "2 t", "5 g").
_SPACED_SHORT = frozenset({"km", "kg", "mm", "cm", "ha", "mi", "mg", "ml", "kW", "MW", "GW", "pc"})
_SCALE_RE = re.compile(r"[ \u00a0]?(?P<s>" + _alternatives(_SCALES) + r")(?![^\W\d_])", re.IGNORECASE)
_PREFIX_RE = re.compile(r"(?P<p>" + _alternatives(_PREFIX_UNITS) + r")[ \u00a0]?$")
_COMPARATOR_NAME = {w: n for w, n in _COMPARATORS}
_COMPARATOR_RE = re.compile(r"(?P<c>(?i:" + _alternatives(w for w, _ in _COMPARATORS if w[0].isalpha()) + r")|"
                            + _alternatives(w for w, _ in _COMPARATORS if not w[0].isalpha()) + r")\s*$")
_GLUED = re.compile(r"(\d+(?:[.,]\d+)?)([^\W\d_]+)")


_ANY_DIGIT = re.compile(r"\d")


def _unit_after(text: str, end: int) -> tuple[str | None, int]:
    """Return the unit written right after a number ending at `end`, and where the unit ends."""
    um = _UNIT_RE.match(text, end)
    if um is None:
        return None, end
    if not um.group("w1"):
        return _UNIT_NAME.get(um.group("u").replace("° ", "°")), um.end()
    w1, w2 = um.group("w1"), um.group("w2")
    candidates = ([(f"{w1} {w2}", um.end())] if w2 else []) + [(w1, um.start("w1") + len(w1))]
    for written, stop in candidates:
        name = _UNIT_NAME.get(written) or _UNIT_WORD_NAME.get(written.lower())
        if name is None:
            continue
        if written.isalpha() and len(written) <= 2 and um.group("sp") and written not in _SPACED_SHORT:
            return None, end  # "3 m", "2 t", "5 g" … too often a word or an initial
        return name, stop
    return None, end


def numbers(text: str) -> list[Number]:
    """Return the numbers written in digits in `text`, each with its unit, scale and comparison."""
    return list(_numbers(text))


@lru_cache(maxsize=1 << 16)  # every claim, quote and outline sentence of a long brief: no thrashing
def _numbers(text: str) -> tuple[Number, ...]:
    if not _ANY_DIGIT.search(text):
        return ()
    out: list[Number] = []
    taken: list[tuple[int, int]] = []
    for m in _CODE.finditer(text):
        token = m.group()
        if not any(c.isalpha() for c in token):
            continue  # "10⁶": a superscript is an exponent, read below
        glued = _GLUED.fullmatch(token)
        if glued and (glued.group(2) in ("st", "nd", "rd", "th", "er", "e", "s") or glued.group(2) in _UNIT_NAME
                      or glued.group(2).lower() in _SCALES):
            continue  # an ordinal, a decade, or a number with its unit glued on: read below
        out.append(Number(m.start(), m.end(), token, _digits(token)))
        taken.append((m.start(), m.end()))
    for m in _NUM.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            out.append(_read_number(text, m))
    out.sort(key=lambda n: n.start)
    return tuple(out)


def _read_number(text: str, m: re.Match[str]) -> Number:
    """Return the number `m` matched in `text` (by |_NUM|) with what is written around it: its
    scale ("million") and unit after it, a unit prefix ("€") and a comparison ("more than") before."""
    start, end = m.start(), m.end()
    integer = re.sub(f"[{_SEP}]", "", _digits(m.group("int")))
    frac = m.group("frac")
    if frac and frac[0] == "," and len(frac) == 4 and not m.group("exp"):
        integer, frac = integer + frac[1:], None  # "1,200" read as grouping
    value = integer + ("." + _digits(frac[1:]) if frac else "")
    if m.group("sign"):
        value = "-" + value
    if m.group("exp"):
        value += "^" + "".join(str(_SUPERSCRIPT.index(c)) for c in m.group("exp"))
    unit: str | None = None
    if m.group("suffix") == "s" and integer.endswith("0"):
        unit = "s"  # "the 1990s" is not "1990"
    scale = None
    sm = _SCALE_RE.match(text, end)
    if sm and sm.group("s") != "m":
        scale = _SCALES[sm.group("s").lower()]
        end = sm.end()
    if unit is None:
        unit, end = _unit_after(text, end)
    window = max(0, start - 6)
    pm = _PREFIX_RE.search(text, window, start)
    if pm and not (pm.group("p")[0].isalpha() and pm.start() > 0 and text[pm.start() - 1].isalpha()):
        unit = unit or _PREFIX_UNITS[pm.group("p")]
        start = pm.start()
    window = max(0, start - 16)
    cm = _COMPARATOR_RE.search(text, window, start)
    if cm and not (cm.group("c")[0].isalpha() and cm.start() > 0 and text[cm.start() - 1].isalnum()):
        comparator = _COMPARATOR_NAME.get(cm.group("c")) or _COMPARATOR_NAME.get(cm.group("c").lower())
        start = cm.start()
    else:
        comparator = None
    return Number(start, end, text[start:end], value, unit, scale, comparator)


def stated_numbers(text: str) -> list[Number]:
    """Return the numbers `text` states, in digits or in words ("seven" states 7), for support.

    The day and year of a date are not numbers here: "on 9 April" does not state "9 dead" (a year
    is matched through the date's readings instead).
    """
    return list(_stated_numbers(text))


@lru_cache(maxsize=1 << 16)  # every claim, quote and outline sentence of a long brief: no thrashing
def _stated_numbers(text: str) -> tuple[Number, ...]:
    in_dates = [d for d in dates(text) if any(isinstance(v, DateVal) and v.month is not None for v in d.readings)]
    out = [n for n in numbers(text) if not any(d.start <= n.start and n.end <= d.end for d in in_dates)]
    for m in number_words(text):
        value = word_number_value(m.group())
        if value is not None and m.group().lower() not in _NOT_COUNTED:
            out.append(Number(m.start(), m.end(), m.group(), str(value)))
    return tuple(out)


def number_supported(claim: Number, quoted: Iterable[Number]) -> bool:
    """Return whether some quoted number says what `claim` says (value, scale, unit, comparison)."""
    for q in quoted:
        if q.value != claim.value or q.scale != claim.scale:
            continue
        if claim.unit is not None and q.unit != claim.unit:
            continue
        if claim.comparator not in (None, "~") and q.comparator != claim.comparator:
            continue
        return True
    return False


# ---------------------------------------------------------------- dates

_MONTHS_LOWER = tuple(m.lower() for m in MONTHS)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

# A month name: English ones capitalised (so "march" and "may" the verbs are not months);
# "May", abbreviations and French names only next to a day or a year (see _month_ok).
# A month is a word that starts like one (checked against the month names in code): cheaper to
# compile than every name in every pattern, and it keeps "since last July" from reading "last".
_M = r"(?P<{0}>(?=(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|f[ée]v|avr|mai|jui|ao[uû]|d[ée]c))[^\W\d_]{{3,9}}\.?)"
_D = r"(?P<{0}>[0-3]?\d)(?:st|nd|rd|th|er)?"
_Y = r"(?P<{0}>[12]\d{{3}})"
_TO = r"\s*(?:–|—|-|to|au|until|through|and|et)\s*"
_DATE_PATTERNS = (
    re.compile(r"(?<!\d)(?P<y>[12]\d{3})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)"),
    # 22 to 25 April 2024, 22–25 April
    re.compile(rf"(?<![\w,.]){_D.format('d1')}{_TO}{_D.format('d')}\s+(?:of\s+)?{_M.format('m')}(?:,?\s+{_Y.format('y')})?(?![\w])"),
    # April 22 to 25, 2024
    re.compile(rf"(?<![\w]){_M.format('m')}\s+{_D.format('d1')}{_TO}{_D.format('d')}(?:,?\s+{_Y.format('y')})?(?![\w])"),
    # 21 April 2024, 21st of April
    re.compile(rf"(?<![\w,.]){_D.format('d')}\s+(?:of\s+)?{_M.format('m')}(?:,?\s+{_Y.format('y')})?(?![\w])"),
    # April 21, 2024 / April 21
    re.compile(rf"(?<![\w]){_M.format('m')}\s+{_D.format('d')}(?:,?\s+{_Y.format('y')})?(?![\w.,]?\d)"),
    # April 2024
    re.compile(rf"(?<![\w]){_M.format('m')},?\s+{_Y.format('y')}(?![\w])"),
    # in March, last July, the end of March
    re.compile(rf"(?i:(?P<rel>last|this|next|past|coming)|(?<![\w])(?:in|since|until|till|by|from|to|of|on|during|before|after|early|late|mid|en|depuis|fin|début|mi))[\s-]+{_M.format('m')}(?![\w])"),
)
_RELATIVE = re.compile(
    r"(?<![\w])(?:(?P<which>last|this|next|past|previous|coming)\s+(?P<unit>week|month|year)"
    r"|(?P<day>yesterday|today|tomorrow)"
    r"|(?:(?P<wrel>last|this|on)\s+)(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"|(?P<ago>a|one|two|three)\s+(?P<agounit>month|year|week)s?\s+ago)(?![\w])",
    re.I)
_AGO = {"a": 1, "one": 1, "two": 2, "three": 3}


@dataclass(frozen=True, slots=True)
class DateVal:
    """One reading of a date: any of its parts may be unknown."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    def words(self) -> str:
        parts = [str(self.day) if self.day else "", MONTHS[self.month - 1] if self.month else "",
                 str(self.year) if self.year else ""]
        return " ".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class Interval:
    """A span of days a relative date covers ("this week"): the event is on one of them."""

    first: _dt.date
    last: _dt.date

    def words(self) -> str:
        return f"{self.first.isoformat()} to {self.last.isoformat()}"


Reading = Union[DateVal, Interval]


@dataclass(frozen=True, slots=True)
class DateRef:
    """A date written in a text, where it is, and its possible readings (a claim's has one)."""

    start: int
    end: int
    text: str
    readings: tuple[Reading, ...]


def _month_ok(word: str, *, with_number: bool) -> bool:
    """Return whether `word` reads as a month here: English names capitalised, and "May",
    abbreviations and French names only beside a day or a year."""
    w = word.rstrip(".")
    if month_number(w) is None:
        return False
    english_full = w.lower() in _MONTHS_LOWER and w.lower() != "may"
    if english_full:
        return w[0].isupper()
    return with_number


def dates(text: str, *, published: PartialDate | None = None) -> list[DateRef]:
    """Return the dates written in `text`, each with its readings (see _dates)."""
    return list(_dates(text, published))


# Cheap tests for whether a text can hold a date at all (most quotes hold none).
# A date with a month name needs a whole word that is one (every pattern has a non-letter on both
# sides of the month, and |_month_ok| looks the word up): "market" and "decision" hold none.
_MONTH_WORD = re.compile(r"(?<![^\W\d_])(?i:" + _alternatives(MONTH_NUMBERS) + r")(?![^\W\d_])")
_DATE_WORDS = re.compile("week|month|year|day|tomorrow")  # "day" is in "today" and every weekday
_ISO = re.compile(r"\d{4}-\d\d-\d\d")


@lru_cache(maxsize=1 << 16)  # every claim, quote and outline sentence of a long brief: no thrashing
def _dates(text: str, published: PartialDate | None) -> tuple[DateRef, ...]:
    """Return the dates written in `text`, each with its readings.

    With `published` (a source's own date), a year-less or relative date is read against it; without
    it, such a date keeps an unknown year (and relative dates are left out).
    """
    marks, relatives = _date_marks(text)
    out: list[DateRef] = []
    for a, b, vals, relative in marks:
        readings = [_readings(v, published, relative=relative) for v in vals]
        if relative and published is None:
            readings = [(DateVal(None, v.month),) for v in vals]
        for r in readings:
            out.append(DateRef(a, b, text[a:b], r))
    for m in relatives:
        rel = _relative(m, published)
        if rel:
            out.append(DateRef(m.start(), m.end(), m.group(), rel))
    out.sort(key=lambda d: d.start)
    return tuple(out)


_Mark = tuple[int, int, tuple[DateVal, ...], str]  # where, the values as written, "last"/"this"/… or ""


@lru_cache(maxsize=1 << 16)
def _date_marks(text: str) -> tuple[tuple[_Mark, ...], tuple[re.Match[str], ...]]:
    """Return the dates written in `text` as written, before any reading against a source's date:
    the same for every `published`, so a quote is scanned once however many dates it is read at.
    Also the relative dates ("last week") that no other date overlaps."""
    has_month = _MONTH_WORD.search(text) is not None
    if not has_month and not _DATE_WORDS.search(text.lower()) and not _ISO.search(text):
        return (), ()
    marks: list[_Mark] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return not any(a < y and x < b for x, y in taken)

    digits = _ANY_DIGIT.search(text) is not None
    for k, pattern in enumerate(_DATE_PATTERNS):
        if (k == 0 and not digits) or (k > 0 and not has_month) or (0 < k < 6 and not digits):
            continue  # a pattern that needs digits or a month name the text does not have
        for m in pattern.finditer(text):
            a, b = m.span()
            if not free(a, b):
                continue
            g = m.groupdict()
            if k == 0:
                try:
                    _dt.date(int(g["y"]), int(g["m"]), int(g["d"]))
                except ValueError:
                    continue
                vals = [DateVal(int(g["y"]), int(g["m"]), int(g["d"]))]
            else:
                if not _month_ok(g["m"], with_number=bool(g.get("d") or g.get("y"))):
                    continue
                month = month_number(g["m"])
                assert month is not None
                year = int(g["y"]) if g.get("y") else None
                days = [int(g[x]) for x in ("d1", "d") if g.get(x)]
                if any(not 1 <= d <= 31 for d in days):
                    continue
                if k == 6:
                    a = m.start("m") if not g.get("rel") else a
                vals = [DateVal(year, month, d) for d in days] or [DateVal(year, month)]
            if g.get("m", "").endswith(".") and g["m"][:-1].lower() in _MONTHS_LOWER + MONTHS_FR and b == m.end("m"):
                b -= 1  # "the end of March." ends a sentence; "Sept." keeps its dot
            marks.append((a, b, tuple(vals), (g.get("rel") or "").lower()))
            taken.append((a, b))
    # (relative dates never overlap one another: only the dates above can take their place)
    relatives = tuple(m for m in _RELATIVE.finditer(text) if free(*m.span()))
    return tuple(marks), relatives


def _readings(v: DateVal, published: PartialDate | None, *, relative: str = "") -> tuple[Reading, ...]:
    """Return the readings of a date as written in a source of date `published`."""
    if v.year is not None or published is None:
        return (v,)
    assert v.month is not None
    py, pm, pd = published.year, published.month, published.day
    here = (v.month, v.day or 0)
    now = (pm, pd or 32) if pm else None
    if relative in ("last", "past"):
        years = [py if now is not None and here < now and v.month < (pm or 13) else py - 1]
    elif relative == "this":
        years = [py]
    elif relative in ("next", "coming"):
        years = [py if now is not None and here > now else py + 1]
    elif now is None:
        years = [py, py - 1]
    elif here <= now:
        years = [py]  # already this year: the most recent one
    else:
        years = [py - 1, py]  # later in the year: the last one, or one still to come
    return tuple(DateVal(y, v.month, v.day) for y in years) + (DateVal(None, v.month, v.day),)


def _relative(m: re.Match[str], published: PartialDate | None) -> tuple[Reading, ...]:
    """Return the readings of "last year", "this week", "yesterday", "on Tuesday", "a month ago"."""
    if published is None:
        return ()
    try:
        return _relative_readings(m, published)
    except (ValueError, OverflowError):  # a source dated year 0 or 9999: no reading
        return ()


def _relative_readings(m: re.Match[str], published: PartialDate) -> tuple[Reading, ...]:
    py, pm, pd = published.year, published.month, published.day
    day = _dt.date(py, pm, pd) if pm and pd else None
    which = (m.group("which") or "").lower()
    step = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}.get(which, 0)
    unit = (m.group("unit") or "").lower()
    if unit == "year":
        return (DateVal(py + step),)
    if unit == "month" and pm:
        y, mo = divmod((py * 12 + pm - 1) + step, 12)
        return (DateVal(y, mo + 1),)
    if unit == "week" and day:
        monday = day - _dt.timedelta(days=day.weekday()) + _dt.timedelta(weeks=step)
        return (Interval(monday, monday + _dt.timedelta(days=6)),)
    if m.group("day") and day:
        d = day + _dt.timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[m.group("day").lower()])
        return (DateVal(d.year, d.month, d.day),)
    if m.group("weekday") and day:
        target = _WEEKDAYS.index(m.group("weekday").lower())
        back = (day.weekday() - target) % 7
        if (m.group("wrel") or "").lower() == "last" and back == 0:
            back = 7
        d = day - _dt.timedelta(days=back)
        return (DateVal(d.year, d.month, d.day),)
    if m.group("ago"):
        n = _AGO[m.group("ago").lower()]
        if m.group("agounit").lower() == "year":
            return (DateVal(py - n),)
        if m.group("agounit").lower() == "month" and pm:
            y, mo = divmod((py * 12 + pm - 1) - n, 12)
            return (DateVal(y, mo + 1),)
    return ()


def date_supported(claim: DateVal, readings: Iterable[Reading]) -> bool:
    """Return whether some reading gives every part of `claim` (a quote may be more precise)."""
    for r in readings:
        if isinstance(r, Interval):
            if r.first == r.last and claim.day is not None:
                ok = (claim.year, claim.month, claim.day) == (r.first.year, r.first.month, r.first.day)
            else:
                ok = claim.day is None and all(
                    (claim.year is None or d.year == claim.year) and (claim.month is None or d.month == claim.month)
                    for d in (r.first, r.last))
        else:
            ok = all(c is None or c == q for c, q in ((claim.year, r.year), (claim.month, r.month), (claim.day, r.day)))
        if ok:
            return True
    return False


# ---------------------------------------------------------------- numbers in words and names

_WORD_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_WORD_NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                      "ninety": 90, "hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9,
                      "dozen": 12, "dozens": 12, "hundreds": 100, "thousands": 1000, "millions": 10**6})
_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
             "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20, "hundredth": 100}
# "one" is a pronoun as often as a number ("no one", "one of them"); "first" and "zero" rarely count.
_NOT_COUNTED = frozenset({"one", "zero"})
_NUMBER_WORD = re.compile(r"(?<![\w-])(?:" + "|".join(sorted(set(_WORD_NUMBERS) | set(_ORDINALS), key=len, reverse=True))
                          + r")(?:[- ](?:" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True)) + r"))*(?![\w-])", re.I)

_NUMBER_WORDS = frozenset(_WORD_NUMBERS) | frozenset(_ORDINALS)
_LOWER_WORD = re.compile(r"[a-z]+")


def number_words(text: str) -> list[re.Match[str]]:
    """Return the numbers written in words in `text` ("three", "twenty-one", "two hundred")."""
    if _NUMBER_WORDS.isdisjoint(_LOWER_WORD.findall(text.lower())):
        return []  # the common case, found without the large pattern below
    return list(_NUMBER_WORD.finditer(text))


_CONNECTORS = frozenset("of de du des la le al el bin ibn van von der den da di".split())
_NOT_NAMES = frozenset("""
I A An The This That These Those It Its He She They We You His Her Their Our My Your In On At By For
From To Of And Or But If As So Since Until After Before During While When Where Why How What Who
Mr Mrs Ms Dr Prof St
""".split())
_ROMAN = re.compile(r"^[IVXLCDM]+$")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*[\w]|[^\W\d_]")


@dataclass(frozen=True, slots=True)
class Name:
    start: int
    end: int
    text: str
    words: tuple[str, ...]
    acronym: bool = False


def names(text: str) -> list[Name]:
    """Return the named people and organisations in `text`: runs of two or more capitalised words
    (joined by "of", "de" …) and acronyms, leaving out sentence-initial capitals, months, weekdays
    and common words."""
    out: list[Name] = []
    tokens = list(_WORD.finditer(text))
    run: list[re.Match[str]] = []

    def sentence_initial(m: re.Match[str]) -> bool:
        before = text[max(0, m.start() - 8):m.start()].rstrip(" \"'“‘(«*_")
        if not before and m.start() > 8:
            return False  # only spaces and quote marks in the window: not the start of the text
        return not before or before[-1] in ".!?:;"

    def flush() -> None:
        while run and run[-1].group().lower() in _CONNECTORS:
            run.pop()
        if len(run) >= 2:
            words = tuple(_base(r.group()) for r in run if r.group().lower() not in _CONNECTORS)
            if len(words) >= 2:
                a, b = run[0].start(), run[-1].end()
                out.append(Name(a, b, text[a:b], words))
        run.clear()

    previous_end = 0
    for m in tokens:
        word = m.group().rstrip(".")
        if run and text[previous_end:m.start()] not in (" ", "\u00a0"):
            flush()
        previous_end = m.end()
        if not word[0].isupper():
            if run and word in _CONNECTORS:
                run.append(m)
            else:
                flush()
            continue
        letters = word.replace(".", "")
        if len(letters) >= 2 and letters.isupper() and letters.isalpha() and not _ROMAN.match(word) \
                and word not in _NOT_NAMES:
            flush()
            out.append(Name(m.start(), m.start() + len(word), word, (letters,), acronym=True))
            continue
        lower = _base(word).lower()
        common = word in _NOT_NAMES or lower in MONTH_NUMBERS or lower in _WEEKDAYS or lower in _WEEKDAYS_FR
        if not common and not (not run and sentence_initial(m)):
            run.append(m)
        else:
            flush()
    flush()
    return out


@lru_cache(maxsize=8192)
def _base(word: str) -> str:
    return re.sub(r"['’]s$", "", word.rstrip("."))


@lru_cache(maxsize=8192)
def _fold_spelling(word: str) -> str:
    """Fold British and American spellings together (defence/defense, organise/organize)."""
    w = word.lower()
    w = re.sub(r"ence$", "ense", w)
    w = re.sub(r"our$", "or", w)
    return re.sub(r"is(e|ed|es|ing|ation)$", r"iz\1", w)


def _quote_words(texts: Iterable[str]) -> set[str]:
    return {_fold_spelling(_base(m.group())) for t in texts for m in _WORD.finditer(t)}


def name_supported(name: Name, quotes: Iterable[str], *, have: set[str] | None = None) -> bool:
    """Return whether the quotes have `name`: every word of it (a demonym or plural may extend a
    word: "Russia" is in "Russian"), or, for an acronym, the acronym, one it begins ("US" in
    "USA"), or the initials of a name in the quotes ("AES" for "Alliance of Sahel States")."""
    texts = list(quotes)
    if have is None:
        have = _quote_words(texts)
    quoted_acronyms = {n.words[0] for t in texts for n in names(t) if n.acronym}
    if name.acronym:
        acro = name.words[0]
        if acro in quoted_acronyms or any(q.startswith(acro) for q in quoted_acronyms):
            return True
        initials = {"".join(w[0] for w in n.words) for t in texts for n in names(t) if not n.acronym}
        return acro in initials
    letters = "".join(w[0] for w in name.words)
    if any(q.startswith(letters) for q in quoted_acronyms):
        return True  # "United States" for "USA"
    for w in name.words:
        f = _fold_spelling(w)
        if f not in have and not any(h.startswith(f) and len(f) >= 4 for h in have):
            return False
    return True


def word_number_value(text: str) -> int | None:
    """Return the value of a number in words ("three", "twenty-one", "two hundred"), if it is one."""
    total = current = 0
    for w in re.split(r"[- ]", text.lower()):
        if w in _ORDINALS:
            current += _ORDINALS[w]
        elif w in ("hundred", "hundreds"):
            current = max(current, 1) * 100
        elif w in ("thousand", "thousands", "million", "millions", "billion"):
            total += max(current, 1) * _WORD_NUMBERS[w]
            current = 0
        elif w in _WORD_NUMBERS:
            current += _WORD_NUMBERS[w]
        else:
            return None
    return total + current


# ---------------------------------------------------------------- the check


def check_claims(library: Library, *, claims: Mapping[str, Scalar] | None = None) -> list[Diagnostic]:
    """Return an error for each number or date in a fact's claim that none of its quotes gives, and a
    warning for each number in words or name that none of them has.

    `claims` maps fact id → the claim's YAML scalar, to point at the exact place; a fact without one
    is reported at its id.
    """
    out: list[Diagnostic] = []
    for fact in library.facts.values():
        node = (claims or {}).get(fact.id)
        out.extend(_check_fact(fact, library.sources, node))
        # a translated claim is held to the same quotes (reported at the translation)
        for (_, text, _), span in zip(fact.translations, fact.translation_spans):
            # (its names are not: a translation writes them as its language does, "Poutine")
            out.extend(_check_fact(replace(fact, claim=text, span=span), library.sources, None, names_too=False))
    return out


def _check_fact(fact: FactRec, sources: Mapping[str, SourceDoc], node: Scalar | None, *,
                names_too: bool = True) -> list[Diagnostic]:
    """Return the problems of one fact's claim against its quotes: dates and numbers in digits
    none of them gives (errors), numbers in words and, when `names_too`, names none of them has
    (warnings). Each is located in `node`, the claim's scalar, or at the fact's id without one."""
    quotes = [(e.quote, sources.get(e.source)) for e in fact.evidence]
    if not quotes or any(e.match is None for e in fact.evidence):
        return []  # a quote not found in its source is reported already; its claim waits for the fix
    quoted_numbers = [n for q, _ in quotes for n in stated_numbers(q)]
    quoted_dates = _quoted_dates(quotes)
    readings = [r for _, _, d in quoted_dates for r in d.readings]
    notes = [f"quote {k}{f' ({doc.id})' if doc else ''}: \"{q}\"" for k, (q, doc) in enumerate(quotes, start=1)]
    quoted_text = [q for q, _ in quotes]
    claim_dates = dates(fact.claim)
    # a `date:` that the claim writes too is held to the quotes with the claim (one error, not two)
    in_claim = fact.date is not None and any(
        v == DateVal(fact.date.year, fact.date.month, fact.date.day) for d in claim_dates for v in d.readings)
    return [*(_unsupported_fact_date(fact, quotes, quoted_dates, quoted_numbers, readings, notes)
              if names_too and not in_claim else ()),
            *_unsupported_dates(fact, node, claim_dates, quoted_dates, readings, notes),
            *_unsupported_digits(fact, node, claim_dates, quoted_numbers, readings, notes),
            *_unsupported_number_words(fact, node, quoted_text, quoted_numbers, notes),
            *(_unsupported_names(fact, node, quoted_text, notes) if names_too else ())]


def _where(fact: FactRec, node: Scalar | None, needle: str, offset: int) -> Span:
    """Return the span of `needle` at `offset` in the fact's claim: in `node`, or the fact's id span."""
    if node is None:
        return fact.span
    return locate(node, needle, _occurrence(fact.claim, needle, offset))


def _unsupported_fact_date(fact: FactRec, quotes: list[tuple[str, SourceDoc | None]],
                           quoted_dates: list[tuple[str, SourceDoc | None, DateRef]], quoted_numbers: list[Number],
                           readings: list[Reading], notes: list[str]) -> list[Diagnostic]:
    """Return an error when the fact's `date:` (which its timeline entry prints) is given neither by
    a quote nor, for news of the day, by a quoted source's publication date at the same precision
    (`2024-04` for an article of 12 April 2024)."""
    d = fact.date
    if d is None or "date" in fact.reported:
        return []
    if date_supported(DateVal(d.year, d.month, d.day), readings):
        return []
    if d.month is None and any(q.value == str(d.year) and q.unit is None and q.scale is None for q in quoted_numbers):
        return []  # a year alone, which a quote writes as a number ("in 2021"), as a claim's year is checked
    published = [doc.published for _, doc in quotes if doc is not None and doc.published is not None]
    for p in published:
        if (p.year, p.month if d.month else None, p.day if d.day else None) == (d.year, d.month, d.day):
            return []
    read = [f"`{qd.text}` in `{doc.id}` reads as {' or '.join(r.words() for r in qd.readings)}"
            for _, doc, qd in quoted_dates if doc is not None]
    return [error(f"the date of fact `{fact.id}`, `{d.iso()}`, is in none of its quotes, nor is it their source's "
                  "publication date", fact.date_span or fact.span,
                  notes=notes + [f"dates in the quotes: {'; '.join(read) or 'none'}",
                                 f"published: {', '.join(sorted({p.iso() for p in published})) or 'unknown'}"],
                  help="write the date a quote gives (or, for news of the day, the source's `published` date), "
                       "or add a quote that states it")]


def _unsupported_dates(fact: FactRec, node: Scalar | None, claim_dates: list[DateRef],
                       quoted_dates: list[tuple[str, SourceDoc | None, DateRef]], readings: list[Reading],
                       notes: list[str]) -> list[Diagnostic]:
    """Return an error for each date of the claim (with a month: a year alone is a number) that no
    quoted date gives, once per range; its notes list how each quoted date reads."""
    out: list[Diagnostic] = []
    reported: set[int] = set()
    for d in claim_dates:
        if d.start in reported:
            continue  # the other end of a range already reported
        for v in d.readings:
            assert isinstance(v, DateVal)
            if v.year is not None and v.month is None:
                continue  # a year alone is checked as a number below
            if not date_supported(v, readings):
                read = [f"`{qd.text}` in `{doc.id}` reads as {' or '.join(r.words() for r in qd.readings)}"
                        for _, doc, qd in quoted_dates if doc is not None]
                out.append(error(f"the claim of fact `{fact.id}` gives the date `{d.text}`, which none of its quotes gives",
                                 _where(fact, node, d.text, d.start),
                                 notes=notes + [f"dates in the quotes: {'; '.join(read) or 'none'}"],
                                 help="write the date as precisely as a quote gives it, or add a quote that states it"
                                      " (a relative date like `last July` is read against the source's `published` date)"))
                reported.add(d.start)
                break
    return out


def _unsupported_digits(fact: FactRec, node: Scalar | None, claim_dates: list[DateRef],
                        quoted_numbers: list[Number], readings: list[Reading], notes: list[str]) -> list[Diagnostic]:
    """Return an error for each number in digits of the claim that no quote states with its unit
    (the day or year of a full date is checked with the date; a year may come from a quoted date),
    naming the quotes' numbers of the same value."""
    out: list[Diagnostic] = []
    in_dates = [(d.start, d.end) for d in claim_dates]
    for n in numbers(fact.claim):
        if any(a <= n.start < b or a < n.end <= b for a, b in in_dates) and _year_in_date(n, claim_dates):
            continue
        if number_supported(n, quoted_numbers):
            continue
        if re.fullmatch(r"[12]\d{3}", n.value) and n.unit is None and n.scale is None and date_supported(
                DateVal(int(n.value)), readings):
            continue  # a year the quote gives as "last year" or in a full date
        same = [q for q in quoted_numbers if q.value == n.value]
        if same:
            message = (f"the claim of fact `{fact.id}` says `{n.text}`, but its quotes say "
                       + ", ".join(f"`{q.text}`" for q in same))
        else:
            message = f"the claim of fact `{fact.id}` says `{n.text}`, which none of its quotes says"
        out.append(error(message, _where(fact, node, n.text, n.start), notes=notes,
                         help="write the number and its unit exactly as a quote gives them, or add a quote that states it"))
    return out


def _unsupported_number_words(fact: FactRec, node: Scalar | None, quoted_text: list[str],
                              quoted_numbers: list[Number], notes: list[str]) -> list[Diagnostic]:
    """Return a warning for each number in words of the claim ("seven") that no quote has, in
    words or in digits."""
    out: list[Diagnostic] = []
    lowered = " ".join(unicodedata.normalize("NFKC", q).lower() for q in quoted_text)
    digit_values = {q.value for q in quoted_numbers}
    in_digits = [(n.start, n.end) for n in numbers(fact.claim)]
    for m in number_words(fact.claim):
        word = m.group()
        if word.lower() in _NOT_COUNTED or any(a <= m.start() < b for a, b in in_digits):
            continue  # "one" the pronoun, or the scale of "€3.5 million" (checked with its number)
        if re.search(rf"(?<![\w-]){re.escape(word.lower())}(?![\w-])", lowered):
            continue
        value = word_number_value(word)
        if value is not None and str(value) in digit_values:
            continue
        out.append(warning(f"the claim of fact `{fact.id}` says `{word}`, which none of its quotes says, in words or digits",
                           _where(fact, node, word, m.start()), notes=notes,
                           help="say only what the quotes say, or add a quote that states it"))
    return out


def _unsupported_names(fact: FactRec, node: Scalar | None, quoted_text: list[str], notes: list[str]) -> list[Diagnostic]:
    """Return a warning for each name in the claim that none of its quotes names."""
    out: list[Diagnostic] = []
    have: set[str] | None = None  # the quotes' words, read only when the claim names someone
    for name in names(fact.claim):
        if have is None:
            have = _quote_words(quoted_text)
        if name_supported(name, quoted_text, have=have):
            continue
        out.append(warning(f"the claim of fact `{fact.id}` names `{name.text}`, which none of its quotes names",
                           _where(fact, node, name.text, name.start), notes=notes,
                           help="name only who the quotes name, or add a quote from the source that names them"))
    return out


def _quoted_dates(quotes: list[tuple[str, SourceDoc | None]]) -> list[tuple[str, SourceDoc | None, DateRef]]:
    """Return the dates in `quotes`, each read against its source's date.

    A quote of an undated source reads its year-less dates against the fact's other, dated
    sources: citing both says they report the same event ("On April 10" beside an article of
    12 April 2024 that reports the arrival).
    """
    known: set[PartialDate] = {p for _, doc in quotes if doc is not None for p in (doc.published,) if p is not None}
    dated: list[PartialDate | None] = [*sorted(known, key=lambda p: (p.year, p.month or 0, p.day or 0))]
    return [(q, doc, d) for q, doc in quotes
            for published in ([doc.published] if doc is not None and doc.published else dated or [None])
            for d in dates(q, published=published)]


@dataclass(frozen=True, slots=True)
class Backing:
    """What a set of facts states: the numbers and date readings of their claims and quotes."""

    numbers: tuple[Number, ...]
    readings: tuple[Reading, ...]


def backing(facts: Iterable[FactRec], sources: Mapping[str, SourceDoc]) -> Backing:
    """Return the numbers and dates that `facts` state in their claims or quotes."""
    nums: list[Number] = []
    reads: list[Reading] = []
    for fact in facts:
        quotes = [(e.quote, sources.get(e.source)) for e in fact.evidence]
        nums += stated_numbers(fact.claim)
        reads += [r for d in dates(fact.claim) for r in d.readings]
        nums += [n for q, _ in quotes for n in stated_numbers(q)]
        reads += [r for _, _, d in _quoted_dates(quotes) for r in d.readings]
    return Backing(tuple(nums), tuple(reads))


def unbacked(text: str, support: Backing) -> list[Number | DateRef]:
    """Return the numbers (in digits) and dates of `text` that `support` does not state, in order."""
    out: list[Number | DateRef] = []
    text_dates = dates(text)
    for d in text_dates:
        vals = [v for v in d.readings if isinstance(v, DateVal) and v.month is not None]
        if vals and not any(date_supported(v, support.readings) for v in vals):
            out.append(d)
    for n in numbers(text):
        if _year_in_date(n, text_dates):
            continue
        if number_supported(n, support.numbers):
            continue
        if re.fullmatch(r"[12]\d{3}", n.value) and n.unit is None and n.scale is None and date_supported(
                DateVal(int(n.value)), support.readings):
            continue
        out.append(n)
    out.sort(key=lambda x: x.start)
    return out


def _occurrence(text: str, needle: str, offset: int) -> int:
    """Return how many times `needle` occurs in `text` before `offset` (for `locate`)."""
    count, at = 0, text.find(needle)
    while 0 <= at < offset:
        count += 1
        at = text.find(needle, at + 1)
    return count


def _year_in_date(n: Number, claim_dates: list[DateRef]) -> bool:
    """Return whether the number `n` is a day or year inside one of the claim's dates (checked there)."""
    return any(d.start <= n.start and n.end <= d.end and any(
        isinstance(v, DateVal) and v.month is not None for v in d.readings) for d in claim_dates)


def claim_nodes(library: Library) -> dict[str, Scalar]:
    """Return fact id → claim scalar, read again from the fact files of `library` for their positions.

    The loader keeps only each fact's id span; the claim check wants to point inside the claim.
    A file that cannot be read again (it changed or vanished) just gives no positions.
    """
    out: dict[str, Scalar] = {}
    for path in sorted({f.span.file for f in library.facts.values()}, key=str):
        out.update(_claims_in(path))
    return out


def _claims_in(path: Path) -> dict[str, Scalar]:
    try:
        root = parse(read_text_file(path, what="fact library"), path)
    except BriefgenError:  # the loader has reported any problem with this file already
        return {}
    out: dict[str, Scalar] = {}
    seq = root.get("facts") if isinstance(root, YMapping) else None
    for item in seq.items if isinstance(seq, YSequence) else ():
        if not isinstance(item, YMapping):
            continue
        ident, claim = item.get("id"), item.get("claim")
        if isinstance(ident, Scalar) and isinstance(claim, Scalar):
            out.setdefault(ident.value, claim)
    return out


def check_library(library: Library) -> list[Diagnostic]:
    """Return the claim–quote problems of `library`, located in its fact files (see check_claims).

    The fact files are read again for the claims' positions only when there is a problem to show.
    """
    found = check_claims(library)
    return check_claims(library, claims=claim_nodes(library)) if found else found


def check_new_libraries(library: Library, *, cache: Mapping[Path, Library], seen: set[Path]) -> list[Diagnostic]:
    """Return the claim–quote problems of each fact file of `library` not in `seen`, and add it there.

    `library` is an outline's merged library; `cache` maps a fact file to the library loaded from it
    alone (the loader caches only libraries without errors). A file not in the cache is checked from
    its facts in `library`, so its claim problems show in the same run as its other errors.
    """
    out: list[Diagnostic] = []
    for path in sorted({f.span.file for f in library.facts.values()} - seen, key=str):
        seen.add(path)
        own = cache.get(path) or Library({k: f for k, f in library.facts.items() if f.span.file == path},
                                         library.sources)
        out.extend(check_library(own))
    return out
