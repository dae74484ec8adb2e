"""The words briefgen writes, per language: the message catalogues of `templates/locales/`.

A catalogue is one YAML file per language (`en.yaml`, `fr.yaml`) holding a `labels:` mapping of
fixed keys to the words a translator chose; `{name}` placeholders are filled by briefgen. English
is the reference: every shipped catalogue has exactly its keys and, per key, its placeholders
(|load_catalogue| reports the difference at its line). A brief's language is a BCP 47 tag whose
base language picks the catalogue (`fr-FR` and `fr-CA` read `fr.yaml`); the outline's `labels:`
overrides any key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Iterator, Mapping, Sequence

from .diagnostics import BriefgenError, Collector, Diagnostic, Span, did_you_mean, error, warning
from .resources import templates_dir

LOCALES_DIR = templates_dir() / "locales"
REFERENCE = "en"

# Scripts written right to left: their layout (bidirectional text, mirrored pages) is not done yet.
RIGHT_TO_LEFT = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku-arab", "ps", "sd", "syr",
                           "ug", "ur", "yi"})
_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True, slots=True)
class Catalogue:
    """One language's words: `labels` maps every key of the English catalogue to its text."""

    language: str
    name: str
    labels: Mapping[str, str]


def base_language(tag: str) -> str:
    """Return the base language of a BCP 47 tag, lower case: `fr-FR` → `fr`, `en_GB` → `en`."""
    return re.split(r"[-_]", tag.strip(), maxsplit=1)[0].lower()


def shipped_languages() -> tuple[str, ...]:
    """Return the languages a catalogue ships for, sorted (`en`, `fr`)."""
    return tuple(sorted(p.stem for p in LOCALES_DIR.glob("*.yaml")))


def placeholders(text: str) -> frozenset[str]:
    """Return the `{name}` placeholders of a catalogue value."""
    return frozenset(_PLACEHOLDER.findall(text))


def fill(template: str, **values: str) -> str:
    """Return a catalogue value with its placeholders replaced (a placeholder without a value stays)."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def load_catalogue(language: str) -> Catalogue:
    """Return the shipped catalogue of `language` (a base language, `fr`), checked against English.

    Raises |BriefgenError| with a located error for each key that the English catalogue lacks
    (did you mean), each key it has that this one lacks, and each value whose placeholders differ;
    |FileNotFoundError| when no catalogue ships for `language`.
    """
    return _load(LOCALES_DIR / f"{language}.yaml")


@lru_cache(maxsize=16)
def _load(path: Path) -> Catalogue:
    from .load.read import Reader
    from .load.yamlpos import Mapping as YMapping
    from .load.yamlpos import Scalar, parse, read_text_file

    if not path.is_file():
        raise FileNotFoundError(path)
    diags = Collector()
    root = parse(read_text_file(path, what="message catalogue"), path)
    r = Reader(diags, path)
    top = r.mapping(root, "a message catalogue")
    labels: dict[str, str] = {}
    spans: dict[str, Span] = {}
    name = ""
    if top is not None:
        r.keys(top, allowed=("language", "name", "labels"), required=("language", "labels"), what="a message catalogue")
        name = r.text(top, "name") or ""
        node = r.mapping(top.get("labels"), "`labels`")
        for k, v in node.items if isinstance(node, YMapping) else ():
            if not isinstance(v, Scalar) or v.tag == "null":
                diags.add(error(f"label `{k.value}` must be text", v.span, help="quote the translation"))
                continue
            labels[k.value] = v.value
            spans[k.value] = k.span
    if path.stem != REFERENCE and not diags.has_errors:
        reference = load_catalogue(REFERENCE).labels
        for key, span in spans.items():
            if key not in reference:
                diags.add(error(f"unknown label `{key}` in the {path.stem} catalogue", span,
                                help=did_you_mean(key, reference) or "the keys are those of en.yaml"))
            elif placeholders(labels[key]) != placeholders(reference[key]):
                want = ", ".join(f"{{{p}}}" for p in sorted(placeholders(reference[key]))) or "none"
                diags.add(error(f"label `{key}` has other placeholders than English", span,
                                help=f"English has {want}: keep the same `{{…}}` names"))
        for key in reference:
            if key not in labels:
                diags.add(error(f"the {path.stem} catalogue has no label `{key}`", top.span if top else None,
                                help=f"add `{key}: …` under `labels:` (English: `{reference[key]}`)"))
    diags.raise_if_errors()
    return Catalogue(path.stem, name, labels)


def labels_for(language: str, overrides: Mapping[str, str] = {}, *, audience: str = "",
               profile: Mapping[str, str] = {}) -> tuple[tuple[str, str], ...]:
    """Return a brief's labels, sorted by key: the catalogue of `language`'s base language (English
    when none ships), French typography and all, with `overrides` (the outline's `labels:`) on top.

    The masthead's `kicker` and the `audience_name` are the audience's: in English, the profile's
    own words (`profile`: its `kicker` and `label`, which profiles write in English) first; in
    another language, the catalogue's words for that profile (`kicker_students`,
    `audience_students`) first, since a profile's English words would be out of place there.
    Raises |BriefgenError| when a shipped catalogue is broken.
    """
    from .text.typography import apply

    base = base_language(language)
    catalogue = load_catalogue(base if base in shipped_languages() else REFERENCE)
    words = {k: apply(v, base) for k, v in catalogue.labels.items()}
    words.update({k: apply(v, base) for k, v in overrides.items()})
    english = base == REFERENCE or base not in shipped_languages()
    for key, specific in (("kicker", f"kicker_{audience}"), ("audience_name", f"audience_{audience}")):
        if key in overrides:
            continue
        own = apply(profile[key], base) if profile.get(key, "").strip() else None
        translated = words.get(specific)
        words[key] = (own or translated if english else translated or own) or words[key]
    words["audience_name"] = fill(words["audience_name"], audience=audience)
    return tuple(sorted(words.items()))


def check_language(tag: str, span: Span | None) -> list[Diagnostic]:
    """Return the problems of an outline's `language:`: a malformed tag or a right-to-left language
    (errors), or one without a catalogue (a warning: its brief is written in English)."""
    if not _TAG.match(tag.strip()):
        return [error(f"`{tag}` is not a language tag", span, help="write a BCP 47 tag such as `en`, `fr` or `fr-FR`")]
    base = base_language(tag)
    if base in RIGHT_TO_LEFT:
        return [error(f"right-to-left languages (`{tag}`) are not supported yet", span,
                      help="briefgen cannot yet lay out right-to-left text; write the brief in "
                           f"{' or '.join(shipped_languages())}")]
    if base not in shipped_languages():
        return [warning(f"briefgen has no catalogue for `{tag}`: the words it adds will be in English", span,
                        help=f"catalogues ship for {', '.join(shipped_languages())}; add templates/locales/{base}.yaml "
                             "(see templates/locales/README.md), or translate the labels with the outline's `labels:`")]
    return []


def check_overrides(keys: list[tuple[str, Span, str | None]]) -> list[Diagnostic]:
    """Return an error for each key of an outline's `labels:` (key, its span, its text) that no
    catalogue has, and for each `{placeholder}` its text uses that English's label has not (an
    override may leave one out: "Page {page}" for "Page {page} of {total}")."""
    known = load_catalogue(REFERENCE).labels
    out: list[Diagnostic] = []
    for k, span, text in keys:
        if k not in known:
            out.append(error(f"unknown label `{k}`", span,
                             help=did_you_mean(k, known) or "see templates/locales/en.yaml for the keys"))
            continue
        extra = sorted(placeholders(text or "") - placeholders(known[k]))
        if extra:
            want = ", ".join(f"{{{p}}}" for p in sorted(placeholders(known[k]))) or "none"
            out.append(error(f"label `{k}` uses {', '.join(f'{{{p}}}' for p in extra)}, which briefgen does not fill",
                             span, help=f"the placeholders of `{k}` are {want}"))
    return out


__all__ = ["BriefgenError", "Catalogue", "base_language", "check_language", "check_overrides", "fill",
           "labels_for", "load_catalogue", "placeholders", "shipped_languages", "word", "words"]


def words(labels: Iterable[tuple[str, str]] = ()) -> Mapping[str, str]:
    """Return a brief's words by key: `labels` (`Brief.labels`, or a resolver's) over the English
    catalogue's, so that a key a hand-built brief lacks still has its English word."""
    return _words(tuple(labels))


@lru_cache(maxsize=32)
def _words(labels: tuple[tuple[str, str], ...]) -> Mapping[str, str]:
    return _Words(dict(labels))


class _Words(Mapping[str, str]):
    """A brief's words: its own labels, then the English catalogue's, which is read only when a
    key is missing (a resolved brief has every key, so a render never parses the catalogue)."""

    def __init__(self, own: dict[str, str]) -> None:
        self._own = own

    def __getitem__(self, key: str) -> str:
        try:
            return self._own[key]
        except KeyError:
            return _english()[key]

    def __iter__(self) -> Iterator[str]:
        return iter({**_english(), **self._own})

    def __len__(self) -> int:
        return len(_english().keys() | self._own.keys())


@lru_cache(maxsize=1)
def _english() -> Mapping[str, str]:
    return MappingProxyType(dict(labels_for(REFERENCE)))


def word(labels: Iterable[tuple[str, str]], key: str, **values: str) -> str:
    """Return the brief's word for `key` (see |words|), its `{placeholders}` filled from `values`:
    the one way every renderer gets a word it prints ("Sources", "Page 2 of 9")."""
    return fill(words(labels)[key], **values)


def word_list(labels: Iterable[tuple[str, str]], key: str) -> frozenset[str]:
    """Return one of the catalogue's word lists that are never printed (`function_words`,
    `reporting_words` …; see templates/locales/README.md) as a set of lower-case words with
    straight apostrophes: a translator writes them separated by spaces."""
    return _word_list(words(labels)[key])


@lru_cache(maxsize=64)
def _word_list(text: str) -> frozenset[str]:
    return frozenset(text.replace("\u2019", "'").lower().split())


def describe_table(caption: str, *, rows: int, columns: int, heads: Sequence[str], labels: Iterable[tuple[str, str]],
                   language: str) -> str:
    """Return a data table's description for screen readers, in the brief's words: what it is,
    its size and its column headings ("Table: Timeline, 4 rows, 2 columns (Date, Event)";
    "Tableau : Chronologie, 4 lignes, 2 colonnes (Date, Événement)").

    `labels` are the brief's (`Brief.labels`); a key they lack (a brief built by hand) is the
    English catalogue's. A count takes its language's plural (CLDR, through Babel: `rows_one`
    for 1 in English, for 0 and 1 in French; `rows_other` otherwise)."""
    from babel import Locale, UnknownLocaleError

    said = words(labels)
    try:
        plural = Locale.parse(base_language(language)).plural_form
    except (ValueError, UnknownLocaleError):
        plural = Locale.parse(REFERENCE).plural_form

    def counted(key: str, n: int) -> str:
        return fill(said[f"{key}_one" if plural(n) == "one" else f"{key}_other"], count=str(n))

    text = fill(said["table_alt"], caption=caption, rows=counted("rows", rows), columns=counted("columns", columns))
    heads = [h for h in heads if h]
    return text + (f" ({', '.join(heads)})" if heads else "")
