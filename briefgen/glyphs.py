"""Which characters of a brief the theme's PDF fonts cannot print, as errors at their YAML lines.

ReportLab draws a character its TrueType font lacks as nothing at all, so Chinese, emoji or
a combining accent vanish from the PDF without a word (the DOCX and the deck keep them, as
Office falls back to other fonts). Right-to-left scripts print in the wrong order even with a
font that has them. This check runs in `briefgen check`: it reads the fonts' `cmap` tables
itself (no ReportLab), collects every character the PDF would print of the resolved brief,
and reports the ones it cannot print where the outline, fact library or source registry
holds them.
"""

from __future__ import annotations

import struct
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from .diagnostics import BriefgenError, Diagnostic, Span, error
from .model import Brief, BulletList, Figure, Inlines, Paragraph, Subheading, Table, Text, Timeline

if TYPE_CHECKING:
    from .load.project import Project
    from .load.yamlpos import Node, Scalar

FACES = ("regular", "bold", "italic", "bold_italic")
# Characters briefgen itself writes into the text: quote marks and apostrophes round quotes
# and in labels, dashes in ranges and dates, spaces that must not break, the bullet, the
# ellipsis of a shortened running title, superscript digits and the middle dot of the deck.
INSERTED = ("\u00a0\u2009\u202f\u2013\u2014\u2018\u2019\u201c\u201d\u00ab\u00bb\u2022\u2026\u00b7"
            "\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079")
MAX_PLACES = 20  # a brief in a script the font lacks would otherwise give an error per sentence

# Outline keys whose values never reach the PDF (ids, paths, settings, the deck's own text).
_OUTLINE_SKIP = frozenset({"id", "facts", "theme", "language", "keywords", "citation_style",
                           "evidence_appendix", "timeline", "slide", "date", "analysis"})
_FACT_KEYS = frozenset({"claim", "attributed_to", "claimant", "channel", "evidence", "quote", "note",
                        "translations", "translation", "text"})
_SOURCE_KEYS = frozenset({"title", "publisher", "author", "url"})


def uncovered(project: "Project", brief: Brief, theme_name: str) -> list[Diagnostic]:
    """Return an error for each place in the inputs holding a character the PDF cannot print:
    one the theme's font lacks, or one of a right-to-left script.

    A theme that cannot be loaded, or a font file that cannot be read, gives no errors here:
    the theme's own checks and the renderer report those.
    """
    from .theme import ThemeError, load_theme

    try:
        theme = load_theme(theme_name)
    except (ThemeError, OSError, ValueError):
        return []
    printed = _printed(brief)
    maps: dict[str, frozenset[int]] = {}
    for face in FACES:
        cmap = _coverage(getattr(theme.font, face))
        if cmap is None:
            return []
        maps[face] = cmap
    bad: dict[str, frozenset[str]] = {}  # character -> the faces that lack it ("rtl" for RTL text)
    for ch, faces in printed.items():
        if _invisible(ch):
            continue
        if unicodedata.bidirectional(ch) in ("R", "AL"):
            bad[ch] = frozenset({"rtl"})
            continue
        if any(ord(ch) not in maps[f] for f in faces):
            bad[ch] = frozenset(f for f in FACES if ord(ch) not in maps[f])
    if not bad:
        return []
    cited = {n.fact_id for n in brief.notes}
    return _report(project, bad, cited=cited, sources={s.id for s in brief.sources}, theme_name=theme_name,
                   family=theme.font.name, files={face: Path(getattr(theme.font, face)).name for face in FACES})


def missing_from(path: Path, text: str) -> str:
    """Return the characters of `text` the TrueType font at `path` has no glyph for."""
    cmap = _coverage(path) or frozenset()
    return "".join(dict.fromkeys(ch for ch in text if ord(ch) not in cmap))


# ---------------------------------------------------------------- what the PDF prints


def _printed(brief: Brief) -> dict[str, set[str]]:
    """Return every character the PDF prints of `brief`, in the order they first appear, with the
    faces it is printed in."""
    texts: dict[str, list[str]] = {face: [] for face in FACES}
    every: list[str] = []  # a long brief has thousands of texts: gather them, then look once per face

    def add(text: str, face: str) -> None:
        texts[face].append(text)
        every.append(text)

    def inlines(items: Inlines, *, bold: bool = False) -> None:
        for item in items:
            if isinstance(item, Text):  # a citation prints only digits and commas
                add(item.text, _face(bold or item.bold, item.italic))

    add(brief.title, "bold")
    for text in (brief.subtitle, brief.audience, brief.author):
        add(text, "regular")
    for sec in brief.sections:
        add(sec.heading, "bold")
        for block in sec.blocks:
            if isinstance(block, Paragraph):
                inlines(block.inlines)
            elif isinstance(block, Subheading):
                add(block.text, "bold")
            elif isinstance(block, BulletList):
                for item in block.items:
                    inlines(item)
            elif isinstance(block, Table):
                for cell in block.header:
                    inlines(cell, bold=True)
                for row in block.rows:
                    for cell in row:
                        inlines(cell)
            elif isinstance(block, Timeline):
                add(block.caption, "bold")
                for entry in block.entries:
                    add(entry.label, "regular")
            elif isinstance(block, Figure):
                _figure_texts(block, add, inlines)
    for note in brief.notes:
        inlines(note.body)
    for src in brief.sources:
        inlines(src.entry or (Text(src.title, italic=True),))
    for _, word in brief.labels:  # the furniture: masthead, headings, page numbers, the deck's words
        add(word, "regular")
        add(word, "bold")
    out: dict[str, set[str]] = {ch: set() for ch in dict.fromkeys("".join(every))}
    for face, parts in texts.items():
        for ch in set("".join(parts)):
            out[ch].add(face)
    return out


def _figure_texts(fig: Figure, add: Callable[[str, str], None], inlines: Callable[[Inlines], None]) -> None:
    """Add what a figure prints: its caption and credit, a chart's title, unit and labels (bold
    values), a map's names and legend."""
    inlines(fig.caption)
    add(fig.credit, "regular")
    if fig.chart is not None:
        add(fig.chart.title, "bold")
        add(fig.chart.unit, "regular")
        for point in fig.chart.points:
            add(point.label, "regular")
            add(point.text, "bold")
    if fig.map is not None:
        add(fig.map.legend, "regular")
        for label in fig.map.labels:
            add(label.text, "regular" if label.place else "bold")


def _face(bold: bool, italic: bool) -> str:
    return ("bold_italic" if italic else "bold") if bold else ("italic" if italic else "regular")


def _invisible(ch: str) -> bool:
    """Whether `ch` prints as nothing by design: controls, format characters (joiners, soft
    hyphen, direction marks) and variation selectors. A font need not have them."""
    code = ord(ch)
    return (unicodedata.category(ch) in ("Cc", "Cf") or 0xFE00 <= code <= 0xFE0F
            or 0xE0100 <= code <= 0xE01EF)


def _coverage(path: Path) -> frozenset[int] | None:
    """Return the code points the TrueType font at `path` maps to a glyph, as ReportLab sees
    them (a no-break space prints with the space's glyph); None when the file cannot be read."""
    from .render.pptx.measure import _advances

    try:
        codes = set(_advances(Path(path)).widths)
    except (OSError, struct.error, KeyError, IndexError, ValueError):
        return None
    if 0x20 in codes or 0xA0 in codes:
        codes |= {0x20, 0xA0}
    return frozenset(codes)


# ---------------------------------------------------------------- where the inputs hold it


def _report(project: "Project", bad: dict[str, frozenset[str]], *, cited: set[str], sources: set[str],
            theme_name: str, family: str, files: dict[str, str]) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    found: set[str] = set()
    extra = 0

    def add(scalar: "Scalar | None", chars: list[str], span: Span | None = None) -> None:
        nonlocal extra
        # Right-to-left text and missing glyphs have different fixes: one error for each.
        groups = [g for g in ([ch for ch in chars if "rtl" in bad[ch]], [ch for ch in chars if "rtl" not in bad[ch]])
                  if g]
        for group in sorted(groups, key=lambda g: chars.index(g[0])):
            if len(out) >= MAX_PLACES:
                extra += 1
                continue
            out.append(_diagnostic(scalar, group, bad, theme_name=theme_name, family=family, files=files,
                                   span=span))

    for scalar in _printed_scalars(project, cited=cited, sources=sources):
        chars = [ch for ch in dict.fromkeys(scalar.value) if ch in bad]
        if chars:
            found.update(chars)
            add(scalar, chars)
    missed = [ch for ch in bad if ch not in found]
    if missed:  # printed, but from no input we can point at (a theme label, say)
        add(None, missed, Span(project.outline.path))
    if extra:
        out.append(error(f"{extra} more place{'s' if extra != 1 else ''} in the inputs hold characters "
                         "the PDF cannot print", Span(project.outline.path),
                         help="fix the places above first; `briefgen check` lists the rest afterwards"))
    return out


def _diagnostic(scalar: "Scalar | None", chars: list[str], bad: dict[str, frozenset[str]], *, theme_name: str,
                family: str, files: dict[str, str], span: Span | None = None) -> Diagnostic:
    from .load.read import locate

    first, others = chars[0], chars[1:]
    where = locate(scalar, first) if scalar is not None else span
    notes = []
    if others:
        shown = ", ".join(_describe(ch) for ch in others[:8])
        notes.append(f"also here: {shown}" + (f" and {len(others) - 8} more" if len(others) > 8 else ""))
    if "rtl" in bad[first]:
        return error(f"right-to-left text is not supported in the PDF yet: {_describe(first)}", where,
                     notes=notes + [f"the PDF would print {_script(first)} left to right, its letters unjoined"],
                     help="leave it out of this brief or give it in transliteration; "
                          "the DOCX and the deck would show it, the PDF cannot yet")
    lacking = bad[first]
    if lacking >= frozenset(FACES) or len(set(files.values())) == 1:
        font = f"the PDF font `{family}`"
    else:
        font = f"the PDF font `{family}` ({', '.join(files[f] for f in FACES if f in lacking)})"
    notes.append("the PDF would leave it out without a mark; the DOCX and the deck keep it")
    return error(f"{font} has no glyph for {_describe(first)}", where, notes=notes,
                 help=_font_help(first, theme_name))


def _describe(ch: str) -> str:
    name = unicodedata.name(ch, "")
    shown = "\u25cc" + ch if unicodedata.category(ch) in ("Mn", "Me") else ch  # a mark on a dotted circle
    return f"`{shown}` (U+{ord(ch):04X}{' ' + name if name else ''})"


def _font_files(theme_folder: str) -> str:
    """Return where the fonts of the theme in `theme_folder` are named, for a help line: a bundled
    theme is copied into the project first (it lies inside briefgen's installation)."""
    from pathlib import Path

    from .fileio import relative
    from .theme import TEMPLATES

    folder = Path(theme_folder)
    if folder.resolve().is_relative_to(TEMPLATES.resolve()):
        return (f"copy the bundled theme `{folder.name}` into the project's templates/, change the four "
                "files under `font:` in the copy's theme.yaml, and name the copy in the outline's `theme:`")
    return f"the four files under `font:` in {relative(folder / 'theme.yaml', Path.cwd())}"


_CJK = frozenset({"CJK", "HANGUL", "HIRAGANA", "KATAKANA", "BOPOMOFO", "IDEOGRAPHIC", "FULLWIDTH", "HALFWIDTH"})


def _script(ch: str) -> str:
    """Return a reader's name for the script of `ch`: the first word of its Unicode name."""
    word = unicodedata.name(ch, "").split(" ")[0]
    return "CJK" if word in _CJK else word.capitalize() or "this script"


def _font_help(ch: str, theme_name: str) -> str:
    where = f"give the theme TrueType (.ttf) fonts that have it: {_font_files(theme_name)}"
    if unicodedata.category(ch) in ("Mn", "Me"):
        return f"write the letter and its accent as one character (Unicode NFC) where there is one, or {where}"
    code = ord(ch)
    if unicodedata.category(ch) == "So" and (code >= 0x1F000 or 0x2600 <= code <= 0x27BF):
        return (f"write it in words, or {where} (a monochrome font such as Noto Emoji: "
                "a PDF font cannot be a colour emoji font)")
    script = _script(ch)
    if script == "CJK":
        return f"{where} (static Noto Sans SC, TC, JP or KR .ttf files; ReportLab cannot read CFF-based .otf fonts)"
    return f"{where} (for example the Noto Sans .ttf for {script})"


def _printed_scalars(project: "Project", *, cited: set[str], sources: set[str]) -> Iterator["Scalar"]:
    """Yield, in file order, every YAML text value of the inputs that reaches the PDF: the
    outline's (not its ids, settings or slide text), the cited facts' and their sources'."""
    from .load.yamlpos import Mapping, Scalar, Sequence

    roots: dict[Path, "Node | None"] = {}

    def root(path: Path) -> "Node | None":
        if path not in roots:
            roots[path] = _parse(path)
        return roots[path]

    def scalars(node: "Node | None", skip: frozenset[str] = frozenset(),
                only: frozenset[str] | None = None) -> Iterator[Scalar]:
        if isinstance(node, Scalar):
            yield node
        elif isinstance(node, Sequence):
            for item in node.items:
                yield from scalars(item, skip, only)
        elif isinstance(node, Mapping):
            for key, value in node.items:
                if key.value in skip or (only is not None and key.value not in only):
                    continue
                yield from scalars(value, skip, only)

    def entries(path: Path, list_key: str, ids: set[str]) -> Iterable[Mapping]:
        top = root(path)
        seq = top.get(list_key) if isinstance(top, Mapping) else None
        for item in seq.items if isinstance(seq, Sequence) else ():
            ident = item.get("id") if isinstance(item, Mapping) else None
            if isinstance(ident, Scalar) and ident.value in ids:
                yield item  # type: ignore[misc]

    yield from scalars(root(project.outline.path), skip=_OUTLINE_SKIP)
    yield from _catalogue_scalars(project.outline.language, dict(project.outline.labels))
    lib = project.library
    for path in sorted({lib.facts[f].span.file for f in cited if f in lib.facts}):
        for fact in entries(path, "facts", cited):
            yield from scalars(fact, only=_FACT_KEYS)
    for path in sorted({lib.sources[s].span.file for s in sources if s in lib.sources}):
        for src in entries(path, "sources", sources):
            yield from scalars(src, only=_SOURCE_KEYS)


def _catalogue_scalars(language: str, overridden: dict[str, str]) -> Iterator["Scalar"]:
    """Yield the label values of the brief's message catalogue (templates/locales/) that the
    outline does not override, so an uncovered character of a translation is reported at its line."""
    from . import i18n
    from .load.yamlpos import Mapping, Scalar

    base = i18n.base_language(language)
    path = i18n.LOCALES_DIR / f"{base if base in i18n.shipped_languages() else i18n.REFERENCE}.yaml"
    top = _parse(path)
    labels = top.get("labels") if isinstance(top, Mapping) else None
    for key, value in labels.items if isinstance(labels, Mapping) else ():
        if isinstance(value, Scalar) and key.value not in overridden:
            yield value


def _parse(path: Path) -> "Node | None":
    from .load.yamlpos import parse, read_text_file

    try:
        return parse(read_text_file(path, what="input"), path)
    except (BriefgenError, OSError, ValueError):
        return None
