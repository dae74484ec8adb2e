"""What each input file may hold: the one declaration the loader checks keys against and
`briefgen schema KIND` turns into a JSON Schema for editors.

Every mapping an input has is a |Shape|: its keys, which are required, what kind of value each
holds and a line of documentation. The loader asks a shape for its `keys` and `required` when it
reports unknown or missing keys, so the JSON Schema an editor completes from cannot drift from
what `briefgen check` accepts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from ..text.ids import SLUG

# Value kinds: text, date, flag, integer, number, numbers (two of them), bbox (four of them),
# codes (ISO 3166-1 alpha-3 country codes: one, or a list), slug, choice, texts (a text or a list of texts), mapping (text values), shape (a nested
# mapping), shapes (a list of nested mappings), or a tuple of several of them.


@dataclass(frozen=True, slots=True)
class Key:
    """One key of a mapping: the kind of its value, whether it is required, what it is for."""

    kind: Any
    doc: str
    required: bool = False
    shape: "Shape | None" = None  # for `shape` and `shapes`
    choices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Shape:
    """A mapping of an input file: its keys in the order the README lists them."""

    title: str
    keys_: Mapping[str, Key] = field(default_factory=dict)
    one_of: tuple[str, ...] = ()  # exactly one of these keys must be present (a figure's kind)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(self.keys_)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(k for k, v in self.keys_.items() if v.required)


ATTRIBUTION = Shape("attributed_to", {
    "claimant": Key("text", "who made the claim", required=True),
    "channel": Key("text", "through whom it reached the source (a broadcaster, a spokesperson)"),
})
QUOTE_TRANSLATION = Shape("a translation of a quote", {
    "language": Key("text", "the language of the translation (BCP 47: fr)", required=True),
    "text": Key("text", "your translation, printed beside the quote and marked as yours (never verified)", required=True),
})
CLAIM_TRANSLATION = Shape("a translation of a fact", {
    "language": Key("text", "the language of the translation (BCP 47: fr)", required=True),
    "claim": Key("text", "the claim in that language (held to the quotes' numbers like the claim)", required=True),
    "attributed_to": Key("text", "who made the claim, in that language"),
})
EVIDENCE = Shape("an evidence item", {
    "source": Key("slug", "the id of a source in the registry", required=True),
    "quote": Key("text", "the passage exactly as the source has it", required=True),
    "page": Key("integer", "the page of a PDF source the quote is on (checked; briefgen finds it anyway)"),
    "translation": Key("shapes", "your translations of the quote, per language", shape=QUOTE_TRANSLATION),
})
FACT = Shape("a fact", {
    "id": Key("slug", "the fact's id, cited as [@id]", required=True),
    "claim": Key("text", "what the fact says, as readers will see it; held to its quotes", required=True),
    "date": Key("date", "when it happened: YYYY, YYYY-MM or YYYY-MM-DD"),
    "attributed_to": Key(("text", "shape"), "who made the claim, if the sources attribute it", shape=ATTRIBUTION),
    "tags": Key("texts", "tags for timelines and `briefgen facts --tag`"),
    "evidence": Key("shapes", "one or more verbatim quotes", required=True, shape=EVIDENCE),
    "note": Key("text", "a private note for the author; never printed"),
    "translations": Key("shapes", "the claim in other languages, for briefs written in them", shape=CLAIM_TRANSLATION),
})
FACTS = Shape("the fact library", {
    "sources": Key("text", "the source registry these facts quote (a path)", required=True),
    "facts": Key("shapes", "the facts", required=True, shape=FACT),
})
SOURCE = Shape("a source", {
    "id": Key("slug", "the source's id", required=True),
    "file": Key("text", "the source document, relative to this file; kept as received", required=True),
    "title": Key("text", "its title, printed exactly as written", required=True),
    "published": Key("date", "its date, or null when unknown: never guess"),
    "publisher": Key("text", "who published it, or null when unknown"),
    "author": Key("text", "who wrote it, or null when unknown"),
    "url": Key("text", "where it was found, or null"),
    "language": Key("text", "its language (BCP 47: en, fr)"),
    "republishes": Key("slug", "the id of a source this one copies (not independent)"),
})
SOURCES = Shape("the source registry", {
    "sources": Key("shapes", "the sources", required=True, shape=SOURCE),
})
SLIDE = Shape("`slide`", {
    "bullets": Key("texts", "what the deck shows instead of the section's own text"),
    "notes": Key("text", "speaker notes"),
})
TIMELINE_TAGS = Shape("`timeline`", {
    "tags": Key("texts", "every dated fact with any of these tags", required=True),
})
PLACE = Shape("a place", {
    "name": Key("text", "the name printed beside the dot", required=True),
    "lon": Key("number", "longitude in degrees, east positive (-180 to 180)", required=True),
    "lat": Key("number", "latitude in degrees, north positive (-90 to 90)", required=True),
})
MAP = Shape("`map`", {
    "highlight": Key("codes", "countries to highlight, as ISO 3166-1 alpha-3 codes (NER, MLI)", required=True),
    "region": Key(("bbox", "codes"), "what to frame: [west, south, east, north] in degrees, or country codes "
                  "(by default the highlighted countries with a margin)"),
    "label": Key("text", "the legend: what the highlight means"),
    "places": Key("shapes", "places to mark with a dot and their name", shape=PLACE),
})
CHART_POINT = Shape("a data point", {
    "label": Key("text", "what the bar, column or point is (a country, a year)", required=True),
    "value": Key("number", "the number, with the same digits as the fact's quote", required=True),
    "fact": Key("slug", "the fact whose quote states the value; cited in the caption", required=True),
})
CHART = Shape("`chart`", {
    "kind": Key("choice", "how to draw it", required=True, choices=("bar", "column", "line")),
    "title": Key("text", "what the chart shows", required=True),
    "unit": Key("text", "the unit of the values (personnel, euros, %)"),
    "data": Key("shapes", "the data points, each citing its fact", required=True, shape=CHART_POINT),
})
FIGURE = Shape("a figure", {
    "image": Key("text", "a PNG, JPEG or SVG file in the project (a path relative to the outline)"),
    "map": Key("shape", "a locator map drawn from Natural Earth's country outlines", shape=MAP),
    "chart": Key("shape", "a bar, column or line chart of cited numbers", shape=CHART),
    "alt": Key("text", "the text alternative (required for an image; written from the data when omitted)"),
    "caption": Key("text", "the caption under the figure, which may cite facts"),
    "credit": Key("text", "who made it and its licence (a map's defaults to \"Map data: Natural Earth\")"),
    "decorative": Key("flag", "`true`: an image that carries no information (no number, caption or alt)"),
}, one_of=("image", "map", "chart"))
LINT = Shape("`lint`", {
    "readability": Key("flag", "`false`: no reading-level warning for this section"),
    "uncited": Key("flag", "`false`: no uncited-sentence warning for this section"),
})
SECTION = Shape("a section", {
    "id": Key("slug", "the section's id (by default derived from the heading)"),
    "heading": Key("text", "the section's heading", required=True),
    "body": Key("text", "paragraphs in Markdown with [@fact-id] citations"),
    "bullets": Key("texts", "bullet points with citations"),
    "timeline": Key(("texts", "shape"), "fact ids, or {tags: [...]}", shape=TIMELINE_TAGS),
    "slide": Key("shape", "what the deck shows instead", shape=SLIDE),
    "analysis": Key("flag", "the author's own analysis, labelled as such"),
    "lint": Key("shape", "editorial checks to silence for this section", shape=LINT),
    "figures": Key("shapes", "images, locator maps and charts, after the section's text", shape=FIGURE),
})
GLOSSARY_ENTRY = Shape("a glossary entry", {
    "term": Key("text", "the term", required=True),
    "definition": Key("text", "its definition, which may cite facts", required=True),
})
ACTOR = Shape("an actor", {
    "name": Key("text", "a person or an organisation", required=True),
    "kind": Key("text", "person, government, armed group …"),
    "about": Key("text", "who they are, with citations", required=True),
})
OUTLINE = Shape("the outline", {
    "title": Key("text", "the brief's title", required=True),
    "subtitle": Key("text", "a line under the title"),
    "audience": Key("text", "an audience profile: policymakers, students or public"),
    "author": Key("text", "who wrote the brief"),
    "date": Key("date", "the brief's date (also what makes builds reproducible)", required=True),
    "facts": Key("texts", "the fact library (a path, or a list of paths)", required=True),
    "theme": Key("text", "a theme name or a path to a theme folder"),
    "sections": Key("shapes", "the sections, in reading order", required=True, shape=SECTION),
    "language": Key("text", "the brief's language (BCP 47: en, fr)"),
    "keywords": Key("texts", "keywords for the documents' metadata"),
    "objectives": Key("texts", "learning objectives, shown first"),
    "glossary": Key(("shapes", "mapping"), "terms and definitions", shape=GLOSSARY_ENTRY),
    "actors": Key("shapes", "a Who's who table, each row cited", shape=ACTOR),
    "questions": Key("texts", "discussion questions, shown last"),
    "citation_style": Key("choice", "how notes are formatted", choices=("chicago", "apa")),
    "evidence_appendix": Key("flag", "every claim with its quotes, grouped by source"),
    "labels": Key("mapping", "words briefgen writes, overriding the language's catalogue (templates/locales/)"),
})
READABILITY = Shape("`readability`", {
    "grade": Key("numbers", "the Flesch–Kincaid grade range [low, high]", required=True),
    "kandel_moles": Key("numbers", "the Kandel–Moles reading-ease range [low, high] for French prose (0–100, higher is easier)"),
})
LENGTH = Shape("`length`", {
    "max_pages": Key("integer", "the PDF's page budget", required=True),
    "max_slides": Key("integer", "the deck's slide budget", required=True),
})
TEACHING = Shape("`teaching`", {
    "expects": Key("texts", "blocks an outline should have: objectives, glossary, questions, actors, how_we_know"),
})
PROFILE = Shape("the audience profile", {
    "name": Key("text", "the profile's name"),
    "label": Key("text", "how documents name the audience"),
    "description": Key("text", "who they are"),
    "readability": Key("shape", "the reading level the prose should have", required=True, shape=READABILITY),
    "length": Key("shape", "how long the brief and deck may be", required=True, shape=LENGTH),
    "teaching": Key("shape", "the teaching blocks expected", shape=TEACHING),
    "kicker": Key("text", "the document's kind, printed above the title: `Policy brief`, `Student handout`"),
    "markers": Key("choice", "note markers: `inline` where each claim is cited, or `paragraph`: one "
                   "marker at the end of each paragraph listing its notes", choices=("inline", "paragraph")),
    "contents": Key("flag", "a contents list after the title block (the DOCX)"),
})

KINDS: Mapping[str, Shape] = {"outline": OUTLINE, "facts": FACTS, "sources": SOURCES, "audience": PROFILE}

_DATE = {"anyOf": [{"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}, {"type": "integer"}]}
_SLUG = {"type": "string", "pattern": SLUG.pattern}
_TEXT = {"type": ["string", "number", "boolean"]}  # a plain YAML value is text as written


def _value(key: Key) -> dict[str, Any]:
    kinds = key.kind if isinstance(key.kind, tuple) else (key.kind,)
    options = [_one(kind, key) for kind in kinds]
    if not key.required:  # an optional key may be written empty (`publisher: null`): it is then absent
        options.append({"type": "null"})
    out = options[0] if len(options) == 1 else {"anyOf": options}
    return {"description": key.doc, **out}


def _one(kind: str, key: Key) -> dict[str, Any]:
    if kind == "text":
        return dict(_TEXT)
    if kind == "date":
        return dict(_DATE) if not key.required else {"anyOf": _DATE["anyOf"]}
    if kind == "slug":
        return dict(_SLUG)
    if kind == "flag":
        return {"type": "boolean"}
    if kind == "integer":
        return {"type": "integer"}
    if kind == "number":
        return {"type": "number"}
    if kind == "codes":
        code = {"type": "string", "pattern": "^[A-Z]{3}$"}
        return {"anyOf": [dict(code), {"type": "array", "items": dict(code)}]}
    if kind == "bbox":
        return {"type": "array", "items": {"type": "number"}, "minItems": 4, "maxItems": 4}
    if kind == "numbers":
        return {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}
    if kind == "choice":
        return {"enum": list(key.choices)}
    if kind == "texts":
        return {"anyOf": [dict(_TEXT), {"type": "array", "items": dict(_TEXT)}]}
    if kind == "mapping":
        return {"type": "object", "additionalProperties": dict(_TEXT)}
    assert key.shape is not None, kind
    if kind == "shape":
        return json_schema_of(key.shape)
    return {"type": "array", "items": json_schema_of(key.shape)}


def json_schema_of(shape: Shape) -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of the mappings `shape` describes."""
    out: dict[str, Any] = {"type": "object", "title": shape.title,
                           "properties": {k: _value(v) for k, v in shape.keys_.items()},
                           "additionalProperties": False}
    if shape.required:
        out["required"] = list(shape.required)
    if shape.one_of:
        out["oneOf"] = [{"required": [k]} for k in shape.one_of]
    return out


def json_schema(kind: str) -> dict[str, Any]:
    """Return the JSON Schema of an input kind: outline, facts, sources, audience or theme.

    Raises |KeyError| for another kind.
    """
    if kind == "theme":
        from ..theme import theme_json_schema

        body = theme_json_schema()
    else:
        body = json_schema_of(KINDS[kind])
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **body}
