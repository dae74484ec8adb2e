"""The main text of a saved web page, its headings, and what its metadata says about it.

The page is parsed with lxml.html. Boilerplate goes first, by rules anyone can read: scripts,
styles, forms, navigation, page headers and footers, asides, dialogs, hidden elements, and
elements whose id or class names a cookie banner, a consent or newsletter box, sharing buttons,
related links or adverts. The main text is then the page's `<article>` (the one with the most
text when there are several), its `<main>`, or its `role="main"` element; a page with none of
these goes to readability-lxml, which scores the remaining blocks. Block elements become line
breaks; headings are kept with their offsets, as locators.

Everything here is deterministic and offline: no URL in the page is ever fetched.
"""

from __future__ import annotations

import codecs
import json
import re
from typing import Any, Iterator

from .extracted import Heading, Metadata

BLOCKS = frozenset("""address article aside blockquote body br caption dd details dialog div dl dt fieldset
figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table
tbody td tfoot th thead tr ul""".split())
HEADINGS = {f"h{i}": i for i in range(1, 7)}
DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas",
             "form", "button", "input", "select", "textarea", "nav", "aside", "dialog", "menu")
DROP_ROLES = ("navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog", "menu",
              "menubar")
# Whole words (or word parts between - and _) in an id or class that mark boilerplate.
_BOILERPLATE = re.compile(r"(?:^|[\s_-])(cookie|cookies|consent|gdpr|newsletter|subscribe|share|sharing|social|"
                          r"related|recommended|breadcrumbs?|advert|ads|promo|popup|modal|skip)(?:$|[\s_-])", re.I)
_SPACE = re.compile(r"\s+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
MIN_WORDS = 10  # fewer words than this after boilerplate is removed: the page has no main text


class NoMainText(Exception):
    """The page has no main text once its boilerplate is removed."""


class BadEncoding(Exception):
    """The page declares a character encoding Python does not know, or its bytes do not fit it."""


def decode(data: bytes) -> tuple[str, str]:
    """Return the page's text and the encoding used: a BOM, else `<meta charset>`, else UTF-8,
    else Windows-1252 (what browsers assume for a page that declares nothing).

    Raises |BadEncoding| when the declared encoding is unknown or the bytes are not in it.
    """
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="strict"), name
    m = _CHARSET.search(data[:4096])
    if m is not None:
        name = m.group(1).decode("ascii").lower()
        try:
            codecs.lookup(name)
        except LookupError:
            raise BadEncoding(f"the page declares the unknown character encoding `{name}`") from None
        try:
            return data.decode(name), name
        except UnicodeDecodeError as exc:
            raise BadEncoding(f"the page declares `{name}` but byte 0x{data[exc.start]:02x} at offset "
                              f"{exc.start} is not {name}") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "windows-1252"


def extract_html(data: bytes) -> tuple[str, tuple[Heading, ...], Metadata, str]:
    """Return (text, headings, metadata, method) for the page `data`.

    Raises |NoMainText| or |BadEncoding|.
    """
    import lxml.html

    source, encoding = decode(data)
    # lxml refuses a str that still declares an encoding in an XML prolog
    source = re.sub(r"^\s*<\?xml[^>]*\?>", "", source)
    if not source.strip():
        raise NoMainText("the page is empty")
    root = lxml.html.document_fromstring(source)
    meta = metadata(root)
    _drop_boilerplate(root)
    main = _main(root)
    method = "lxml.html rules"
    if main is None:
        main = _readability(root)
        method = "readability-lxml"
    text, headings = _text(main)
    if len(text.split()) < MIN_WORDS:
        raise NoMainText(f"only {len(text.split())} words are left once navigation, scripts and banners are removed")
    return text, headings, meta, f"{method} (lxml {_lxml_version()}, {encoding})"


def _lxml_version() -> str:
    from lxml import etree

    return ".".join(map(str, etree.LXML_VERSION[:3]))


def _classes(el: Any) -> str:
    return f"{el.get('id') or ''} {el.get('class') or ''}"


def _drop_boilerplate(root: Any) -> None:
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str):  # comments and processing instructions
            doomed.append(el)
            continue
        tag = el.tag.lower()
        role = (el.get("role") or "").lower()
        if (tag in DROP_TAGS or role in DROP_ROLES or el.get("hidden") is not None
                or (el.get("aria-hidden") or "").lower() == "true"
                or ("display:none" in (el.get("style") or "").replace(" ", "").lower())):
            doomed.append(el)
        elif tag in ("header", "footer") and not _inside(el, ("article", "main")):
            doomed.append(el)  # the site's header and footer; an article's own header stays
        elif tag not in ("html", "body", "article", "main") and _BOILERPLATE.search(_classes(el)):
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


def _inside(el: Any, tags: tuple[str, ...]) -> bool:
    parent = el.getparent()
    while parent is not None:
        if isinstance(parent.tag, str) and parent.tag.lower() in tags:
            return True
        parent = parent.getparent()
    return False


def _main(root: Any) -> Any | None:
    articles = root.xpath("//article")
    if articles:
        return max(articles, key=lambda a: len(a.text_content()))  # the first of equals: max is stable
    for path in ("//main", "//*[@role='main']", "//*[@itemprop='articleBody']"):
        found = root.xpath(path)
        if found:
            return found[0]
    return None


def _readability(root: Any) -> Any:
    import lxml.html
    from readability import Document  # type: ignore[import-untyped]

    body = root.find("body")
    if body is None or not body.text_content().strip():
        return root
    summary = Document(lxml.html.tostring(root, encoding="unicode")).summary(html_partial=True)
    return lxml.html.fragment_fromstring(summary, create_parent="div")


def _walk(el: Any) -> Iterator[tuple[str, Any]]:
    """Yield ("open", el), ("text", str), ("close", el) in document order."""
    yield "open", el
    if el.text:
        yield "text", el.text
    for child in el:
        if isinstance(child.tag, str):
            yield from _walk(child)
        if child.tail:
            yield "text", child.tail
    yield "close", el


def _text(main: Any) -> tuple[str, tuple[Heading, ...]]:
    """Return the text of `main` (a line per block, spaces collapsed) and its headings."""
    lines: list[str] = []
    current: list[str] = []
    headings: list[Heading] = []
    offset = 0  # length of "\n".join(lines) + "\n" once lines is non-empty
    heading_level = 0

    def flush() -> None:
        nonlocal offset, heading_level
        line = _SPACE.sub(" ", "".join(current)).strip()
        current.clear()
        if not line:
            return
        start = offset
        if heading_level:
            headings.append(Heading(start, heading_level, line))
        lines.append(line)
        offset += len(line) + 1

    for event, value in _walk(main):
        if event == "text":
            current.append(value)
            continue
        tag = value.tag.lower() if isinstance(value.tag, str) else ""
        if tag in ("td", "th") and event == "close":
            current.append(" ")
            continue
        if tag in BLOCKS or tag in HEADINGS:
            flush()
            if tag in HEADINGS:
                heading_level = HEADINGS[tag] if event == "open" else 0
    flush()
    return "\n".join(lines), tuple(headings)


# ---------------------------------------------------------------- metadata


def metadata(root: Any) -> Metadata:
    """Return what `<meta>`, OpenGraph and JSON-LD say about the page (first found wins)."""
    metas: dict[str, str] = {}
    for m in root.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        content = (m.get("content") or "").strip()
        if key and content and key not in metas:
            metas[key] = content
    ld = _json_ld(root)
    title_el = root.find(".//title")
    title_tag = _SPACE.sub(" ", title_el.text_content()).strip() if title_el is not None else None

    def first(*values: Any) -> str | None:
        for v in values:
            if isinstance(v, str) and v.strip():
                return _SPACE.sub(" ", v).strip()
        return None

    canonical = next((link.get("href") for link in root.iter("link")
                      if (link.get("rel") or "").lower() == "canonical" and link.get("href")), None)
    return Metadata(
        title=first(ld.get("headline"), metas.get("og:title"), metas.get("twitter:title"), title_tag),
        author=first(_name(ld.get("author")), metas.get("author"), metas.get("article:author"),
                     metas.get("dc.creator")),
        publisher=first(_name(ld.get("publisher")), metas.get("og:site_name"), metas.get("dc.publisher")),
        date=first(ld.get("datePublished"), metas.get("article:published_time"), metas.get("date"),
                   metas.get("dc.date"), metas.get("datepublished")),
        url=first(ld.get("url"), metas.get("og:url"), canonical),
        language=first(root.get("lang"), metas.get("og:locale"), metas.get("language")),
    )


def _name(value: Any) -> str | None:
    """Return the name(s) of a JSON-LD person or organisation (a string, a mapping, or a list)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        name = value.get("name")
        return name if isinstance(name, str) else None
    if isinstance(value, list):
        names = [n for n in map(_name, value) if n]
        return ", ".join(names) if names else None
    return None


_ARTICLE_TYPES = ("article", "newsarticle", "report", "blogposting", "webpage", "scholarlyarticle", "pressrelease")


def _json_ld(root: Any) -> dict[str, Any]:
    """Return the first JSON-LD object of an article-like @type (or the first object) in the page."""
    found: list[dict[str, Any]] = []
    for script in root.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if "@graph" in item:
                    stack.extend(item["@graph"] if isinstance(item["@graph"], list) else [item["@graph"]])
                found.append(item)
    for item in found:
        types = item.get("@type")
        types = [types] if isinstance(types, str) else types if isinstance(types, list) else []
        if any(isinstance(t, str) and t.lower() in _ARTICLE_TYPES for t in types):
            return item
    return found[0] if found else {}
