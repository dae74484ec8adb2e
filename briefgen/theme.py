"""The Theme: fonts, colours, sizes and geometry loaded from `templates/<name>/theme.yaml`.

`theme.yaml` is read like every other input: with positions, duplicate keys refused, unknown
keys reported with a suggestion, and every value checked against |SETTINGS|, the one
declaration of what each format's section may hold. `briefgen check` loads the theme an
outline names, so a theme that `check` accepts is one every renderer can use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Mapping, Sequence

from .cache import cached_by_file
from .diagnostics import BriefgenError, Collector, Diagnostic, Span, did_you_mean, error
from .resources import templates_dir

TEMPLATES = templates_dir()
COLOR_KEYS = ("primary", "accent", "text", "muted", "light")
FONT_FILES = ("regular", "bold", "italic", "bold_italic")


@dataclass(frozen=True, slots=True)
class FontFamily:
    """A TrueType family: four files registered together so emphasis works inside paragraphs.

    `name` is the family embedded in the PDF; `office_name` is the name DOCX and PPTX ask for
    (Carlito is metric-compatible with Calibri, so text measured with Carlito fits Calibri).
    """

    name: str
    office_name: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path


@dataclass(frozen=True, slots=True)
class Logo:
    """The organisation's logo (`logo:` in theme.yaml): a PNG or JPEG in the theme folder, its
    alt text, and the height it prints at on the PDF masthead, the DOCX title block and the
    deck's cover. `width` and `height` are its size in pixels; `data` the file's bytes."""

    path: Path
    kind: str  # "png" or "jpeg"
    alt: str
    height_mm: float
    width: int
    height: int
    data: bytes = field(repr=False, default=b"")
    stamp: tuple[int, int] = (0, 0)  # the file's modification time and size when read

    @property
    def aspect(self) -> float:
        """Width over height."""
        return self.width / self.height


@dataclass(frozen=True, slots=True)
class Theme:
    """A theme folder. `pdf`, `docx` and `pptx` hold each renderer's own settings."""

    name: str
    folder: Path
    font: FontFamily
    colors: Mapping[str, str]
    pdf: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    docx: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    pptx: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    logo: Logo | None = None

    def color(self, key: str) -> str:
        """Return colour `key` as `RRGGBB` hex (no `#`). Raises |KeyError| if it is not set."""
        return self.colors[key].lstrip("#").upper()

    def file(self, relative: str) -> Path | None:
        """Return `relative` inside the theme folder, or None when the theme has no such file."""
        path = self.folder / relative
        return path if path.is_file() else None


class ThemeError(BriefgenError):
    """A theme folder is missing or malformed: carries located diagnostics (or one message)."""

    def __init__(self, problem: str | Iterable[Diagnostic]):
        super().__init__([error(problem)] if isinstance(problem, str) else problem)


# ---------------------------------------------------------------- the declaration


@dataclass(frozen=True, slots=True)
class Setting:
    """One key of a format's section: its kind, the range a value must fall in, what it does."""

    kind: str  # number, integer, text, flag, color, choice, texts, numbers, labels
    doc: str
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()  # for `numbers` and `labels`: the keys the mapping may hold
    count: int | None = None   # for `texts`: how many items


def _pt(doc: str, low: float = 4, high: float = 96) -> Setting:
    return Setting("number", doc, low, high)


SETTINGS: Mapping[str, Mapping[str, Setting]] = MappingProxyType({
    "pdf": MappingProxyType({
        "page_size": Setting("choice", "paper size of the PDF and the DOCX", choices=("a4", "letter")),
        "margins_mm": Setting("numbers", "page margins of the PDF and the DOCX, in millimetres", 5, 80,
                              keys=("top", "bottom", "left", "right")),
        "body_size": _pt("body text size", 6, 24),
        "leading": _pt("body line distance", 6, 40),
        "title_size": _pt("title size", 8, 72),
        "subtitle_size": _pt("subtitle size", 6, 48),
        "h1_size": _pt("section heading size", 6, 48),
        "h2_size": _pt("subheading size", 6, 36),
        "small_size": _pt("notes, sources, running header and footer", 5, 16),
        "table_size": _pt("table text size", 5, 20),
        "measure_chars": Setting("integer", "characters in a line of body text: the column narrows to it "
                                 "(0: the full width between the margins)", 0, 200),
        "notes_size": _pt("Notes and Sources text size (0: half a point above small_size)", 0, 16),
        "rule_color": Setting("color", "hairlines"),
        "hyphenate": Setting("flag", "hyphenate body text with the brief's language's Pyphen dictionary "
                             "(off: ReportLab draws the hyphen as text, so copied or read-aloud lines keep it)"),
        "kicker": Setting("text", "the small label above the title; empty hides it"),
        "labels": Setting("labels", "words printed under the title",
                          keys=("audience", "date", "author", "analysis")),
    }),
    "docx": MappingProxyType({
        "reference": Setting("text", "the reference document in the theme folder"),
        "toc": Setting("flag", "a Contents field after the title block"),
        "toc_title": Setting("text", "the Contents heading"),
        "toc_levels": Setting("integer", "heading levels listed in the Contents", 1, 9),
        "table_style": Setting("text", "table style for Markdown tables and timelines"),
        "box_style": Setting("text", "paragraph style of the key-takeaways box (with its … Bullet and … Number styles)"),
        "notes": Setting("choice", "Word notes: endnotes (before the Sources) or footnotes (at the page foot)",
                         choices=("endnotes", "footnotes")),
        "meta_separator": Setting("text", "between audience, date and author under the title"),
        "audience_prefix": Setting("text", "before the audience under the title"),
        "caption_label": Setting("text", "unused since captions are unnumbered; kept so older themes load"),
        "timeline_headers": Setting("texts", "the timeline table's two column headings", count=2),
        "analysis_label": Setting("text", "the label of an analysis section"),
    }),
    "pptx": MappingProxyType({
        "template": Setting("text", "the slide template in the theme folder"),
        "body_pt": _pt("bullet size", 10, 60),
        "min_body_pt": _pt("smallest bullet size", 10, 60),
        "title_pt": _pt("slide title size", 12, 80),
        "min_title_pt": _pt("smallest slide title size", 12, 80),
        "cover_title_pt": _pt("title slide size", 12, 96),
        "divider_title_pt": _pt("section divider size", 12, 96),
        "table_pt": _pt("table text size", 8, 40),
        "min_table_pt": _pt("smallest table text size", 8, 40),
        "timeline_pt": _pt("timeline text size", 8, 40),
        "min_timeline_pt": _pt("smallest timeline text size", 8, 40),
        "timeline_per_slide": Setting("integer", "timeline entries per slide", 2, 12),
        "foot_pt": _pt("the sources line at a slide's foot", 6, 24),
        "bullet_max_chars": Setting("integer", "unused since the deck edits bullets by rule; kept so older themes load",
                                    40, 2000),
        "cover_meta_color": Setting("color", "audience, date and author on the title slide"),
        "deck_min_body_pt": _pt("smallest body size of a deck (one size for all body text)", 10, 60),
        "max_items": Setting("integer", "items on a bullet slide", 1, 12),
        "max_words": Setting("integer", "visible words on a bullet slide", 10, 200),
        "max_visual_words": Setting("integer", "visible words on a table or timeline slide", 10, 300),
        "bullet_words": Setting("integer", "longest bullet before it is edited", 5, 100),
        "timeline_label_words": Setting("integer", "longest timeline label before it is cut", 3, 60),
        "min_continued": Setting("integer", "fewest items on a continuation slide", 1, 6),
        "agenda_after": Setting("integer", "decks with more slides get an agenda", 0, 200),
    }),
})
# (smaller, larger): the smaller may not exceed the larger
_PAIRS = {"pptx": (("min_body_pt", "body_pt"), ("min_title_pt", "title_pt"),
                   ("min_table_pt", "table_pt"), ("min_timeline_pt", "timeline_pt"))}
_DEFAULT_PAIR_VALUES = {"body_pt": 24, "min_body_pt": 18, "title_pt": 32, "min_title_pt": 24,
                        "table_pt": 20, "min_table_pt": 14, "timeline_pt": 18, "min_timeline_pt": 12}


def theme_json_schema() -> dict[str, Any]:
    """Return the JSON Schema of theme.yaml, made from |SETTINGS| (what `_read_theme` checks)."""
    hexcolor = {"type": "string", "pattern": "^#?[0-9A-Fa-f]{6}$"}
    kinds: dict[str, Any] = {
        "number": {"type": "number"}, "integer": {"type": "integer"}, "text": {"type": ["string", "number"]},
        "flag": {"type": "boolean"}, "color": hexcolor,
    }

    def one(setting: Setting) -> dict[str, Any]:
        out: dict[str, Any] = {"description": setting.doc}
        if setting.kind in ("number", "integer"):
            out.update(kinds[setting.kind], minimum=setting.low, maximum=setting.high)
        elif setting.kind == "choice":
            out["enum"] = list(setting.choices)
        elif setting.kind == "texts":
            out.update(type="array", items={"type": "string"}, minItems=setting.count, maxItems=setting.count)
        elif setting.kind in ("numbers", "labels"):
            value = {"type": "number", "minimum": setting.low, "maximum": setting.high} \
                if setting.kind == "numbers" else {"type": "string"}
            out.update(type="object", properties={k: value for k in setting.keys}, additionalProperties=False)
        else:
            out.update(kinds[setting.kind])
        return out

    sections = {fmt: {"type": "object", "properties": {k: one(v) for k, v in settings.items()},
                      "additionalProperties": False} for fmt, settings in SETTINGS.items()}
    font = {"type": "object", "additionalProperties": False, "required": list(FONT_FILES),
            "properties": {"name": {"type": "string", "description": "the family embedded in the PDF"},
                           "office_name": {"type": "string", "description": "the font DOCX and PPTX ask for"},
                           **{k: {"type": "string", "description": f"the {k.replace('_', ' ')} TrueType file"}
                              for k in FONT_FILES}}}
    colors = {"type": "object", "additionalProperties": False, "required": list(COLOR_KEYS),
              "properties": {k: hexcolor for k in COLOR_KEYS}}
    logo = {"type": "object", "additionalProperties": False, "required": ["file", "alt"],
            "description": "the organisation's logo on the PDF masthead, the DOCX title block and the deck's cover",
            "properties": {"file": {"type": "string", "description": "a PNG or JPEG file in the theme folder"},
                           "alt": {"type": "string", "description": "its alt text (what a screen reader says)"},
                           "height_mm": {"type": "number", "minimum": 5, "maximum": 40,
                                         "description": "the height it prints at (default 15)"}}}
    return {"type": "object", "title": "a theme", "additionalProperties": False, "required": ["font", "colors"],
            "properties": {"font": font, "colors": colors, "logo": logo, **sections}}


def available(root: Path | None = None) -> list[str]:
    """Return the names of the theme folders under `root` (default: briefgen's own templates/)."""
    root = TEMPLATES if root is None else root
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "theme.yaml").is_file())


def find_theme(ref: str, *, search: Sequence[Path] = (), span: Span | None = None) -> Path:
    """Return the folder of the theme an outline's `theme:` names.

    `ref` is a path to a theme folder (it contains `/` or starts with `.`; relative to the first
    of `search`), or a name looked up as `templates/<name>/` in each folder of `search` (the
    outline's folder, then the project folder), then among briefgen's built-in themes.
    Raises |ThemeError| at `span` when there is no such theme.
    """
    if "/" in ref or "\\" in ref or ref.startswith("."):
        folder = (search[0] / ref) if search else Path(ref)
        if (folder / "theme.yaml").is_file():
            return folder
        raise ThemeError([error(f"no theme at `{ref}`", span, help=f"a theme folder holds a theme.yaml; "
                                f"expected {folder / 'theme.yaml'}")])
    candidates = [base / "templates" / ref for base in search] + [TEMPLATES / ref]
    for folder in candidates:
        if ref and (folder / "theme.yaml").is_file():
            return folder
    names = sorted({*available(), *(n for base in search for n in available(base / "templates"))})
    raise ThemeError([error(f"unknown theme `{ref}`", span, help=did_you_mean(ref, names) or
                            f"themes are folders holding a theme.yaml, in templates/ beside the outline or in "
                            f"the project, or built in: {', '.join(names)}; `briefgen theme new NAME` makes one")])


def load_theme(ref: str | Path, *, root: Path | None = None, span: Span | None = None) -> Theme:
    """Return the theme `ref`: a theme folder's path, or the name of one under `root`.

    `root` defaults to briefgen's built-in themes. A Theme is immutable, so a process reads each
    theme file once (again if the file changes). Raises |ThemeError| with located diagnostics
    when the theme is unknown (at `span`, the outline's `theme:`), or its file, a value in it
    or one of its fonts is wrong.
    """
    root = TEMPLATES if root is None else root
    folder = Path(ref) if Path(ref).is_absolute() else root / ref
    path = folder / "theme.yaml"
    if not path.is_file() or not str(ref) or (not Path(ref).is_absolute() and len(Path(ref).parts) != 1):
        names = available(root)
        raise ThemeError([error(f"unknown theme `{ref}`", span, help=did_you_mean(str(ref), names) or
                                f"themes are folders in templates/: {', '.join(names)}")])
    try:
        theme = cached_by_file(path, _read_theme, folder)
        if theme.logo is not None:
            # A process keeps a theme while theme.yaml is unchanged; a logo edited on its own
            # (`briefgen watch`) is read again.
            stamp = _stamp(theme.logo.path) if theme.logo.path.is_file() else (-1, -1)
            if stamp != theme.logo.stamp:
                theme = cached_by_file(path, _read_theme, folder, key=(folder, stamp))
        return theme
    except OSError as exc:  # gone or unreadable between the look and the read
        raise ThemeError([error(f"cannot read `{path}`: {exc.strerror or exc}", span)]) from None


def new_theme(name: str, *, folder: Path) -> list[Path]:
    """Copy the default theme into `folder/templates/<name>/` to edit; return the files written.

    Raises |ThemeError| when `name` is not a slug or that folder exists already.
    """
    import shutil

    from .text.ids import SLUG

    if not SLUG.match(name):
        raise ThemeError([error(f"`{name}` is not a valid theme name",
                                help="use lowercase letters, digits and hyphens, e.g. `my-organisation`")])
    target = folder / "templates" / name
    if target.exists():
        raise ThemeError([error(f"`{target}` exists already", help="choose another name, or edit that theme")])
    source = TEMPLATES / "default"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return sorted(p for p in target.rglob("*") if p.is_file())


def _read_theme(path: Path, folder: Path) -> Theme:
    from .load.yamlpos import Mapping as YMap
    from .load.yamlpos import parse, read_text_file

    diags = Collector()
    try:
        root = parse(read_text_file(path, what="theme file"), path)
    except BriefgenError as exc:  # unreadable, malformed YAML, duplicate keys
        raise ThemeError(exc.diagnostics) from None
    if not isinstance(root, YMap):
        raise ThemeError([error("a theme file must be a mapping of `key: value` lines", root.span)])
    _keys(root, ("font", "colors", "logo", *SETTINGS), diags, what="the theme")
    font = _font(root.get("font"), folder, _key_span(root, "font"), diags)
    colors = _colors(root.get("colors"), _key_span(root, "colors"), diags)
    sections: dict[str, Mapping[str, Any]] = {}
    for fmt, settings in SETTINGS.items():
        node = root.get(fmt)
        sections[fmt] = MappingProxyType(_section(node, fmt, settings, diags) if node is not None else {})
    for fmt, pairs in _PAIRS.items():
        node = root.get(fmt)
        for small, large in pairs:
            lo = sections[fmt].get(small, _DEFAULT_PAIR_VALUES[small])
            hi = sections[fmt].get(large, _DEFAULT_PAIR_VALUES[large])
            if lo > hi:
                at = node.key(small) or node.key(large) if isinstance(node, YMap) else None
                diags.add(error(f"`{fmt}.{small}` ({lo:g}) is larger than `{fmt}.{large}` ({hi:g})",
                                at.span if at else root.span,
                                help=f"make `{small}` at most {hi:g}, or raise `{large}`"))
    _template_files(root, folder, sections, diags)
    if len(colors) == len(COLOR_KEYS):
        _contrast(root, colors, sections, diags)
    logo = _logo(root.get("logo"), folder, diags) if root.get("logo") is not None else None
    if diags.has_errors or font is None:
        raise ThemeError(diags.items)
    return Theme(name=folder.name, folder=folder, font=font, colors=MappingProxyType(colors),
                 pdf=sections["pdf"], docx=sections["docx"], pptx=sections["pptx"], logo=logo)


# ---------------------------------------------------------------- the logo

LOGO_KEYS = ("file", "alt", "height_mm")
_MAX_LOGO_BYTES = 5 * 1024 * 1024


def _logo(node: Any, folder: Path, diags: Collector) -> Logo | None:
    """Return the theme's logo, reporting at its line a missing file, a type other than PNG or
    JPEG (read from the file's bytes, not its name), a broken picture or a missing alt text."""
    from .load.yamlpos import Mapping as YMap

    if not isinstance(node, YMap):
        diags.add(error("`logo` must be a mapping", node.span,
                        help='e.g. `logo: {file: logo.png, alt: "Sahel Institute"}`'))
        return None
    _keys(node, LOGO_KEYS, diags, what="`logo`")
    file_node, alt_node = node.get("file"), node.get("alt")
    if file_node is None:
        diags.add(error("`logo` is missing `file`", node.span, help="add `file: logo.png` (a file in the theme folder)"))
    if alt_node is None:
        diags.add(error("`logo` is missing `alt`", node.span,
                        help='add `alt: "..."`: what a screen reader says for it, usually the organisation\'s name'))
    height = _logo_height(node, diags)
    if height is None:
        return None
    alt = _logo_alt(alt_node, diags) if alt_node is not None else None
    s = _scalar(file_node, "logo.file", diags, what="a file name") if file_node is not None else None
    if s is None or alt is None or not _file_name(s, "logo.file", diags):
        return None
    read = _logo_file(s, folder, diags)
    picture = _logo_picture(s, read[1], diags) if read is not None else None
    if read is None or picture is None:
        return None
    path, data = read
    kind, (width, height_px) = picture
    return Logo(path=path, kind=kind, alt=" ".join(str(alt.value).split()), height_mm=height,
                width=width, height=height_px, data=data, stamp=_stamp(path))


def _logo_height(node: Any, diags: Collector) -> float | None:
    """Return the logo's printed height in mm, 15 when `height_mm` is not given (or not a
    scalar, reported); None when it is not a number from 5 to 40 (reported)."""
    if node.get("height_mm") is None:
        return 15.0
    h = _scalar(node.get("height_mm"), "logo.height_mm", diags, what="a number")
    if h is None:
        return 15.0
    n = _number(h, "logo.height_mm", Setting("number", "the logo's height", 5, 40), diags)
    return None if n is None else float(n)


def _logo_alt(alt_node: Any, diags: Collector) -> Any:
    """Return the scalar of the logo's alt text; None when it is not text or is empty (reported)."""
    alt = _scalar(alt_node, "logo.alt", diags, what="text")
    if alt is not None and not " ".join(str(alt.value).split()):
        diags.add(error("`logo.alt` is empty", alt.span, help="say what the logo is, e.g. the organisation's name"))
        return None
    return alt


def _logo_file(s: Any, folder: Path, diags: Collector) -> tuple[Path, bytes] | None:
    """Return the path and bytes of the logo file named by the scalar `s`; None when it is
    outside the theme folder, missing, unreadable or over 5 MB (reported)."""
    path = (folder / s.value).resolve()
    if not path.is_relative_to(folder.resolve()):
        diags.add(error(f"logo file `{s.value}` is outside the theme folder", s.span, help="copy it into the theme folder"))
        return None
    if not path.is_file():
        diags.add(error(f"logo file `{s.value}` is missing", s.span, help=f"expected at {path}"))
        return None
    try:
        with open(path, "rb") as fh:
            data = fh.read(_MAX_LOGO_BYTES + 1)
    except OSError as exc:
        diags.add(error(f"cannot read logo file `{s.value}`: {exc.strerror}", s.span))
        return None
    if len(data) > _MAX_LOGO_BYTES:
        diags.add(error(f"logo file `{s.value}` is over 5 MB", s.span, help="save a smaller PNG or JPEG"))
        return None
    return path, data


def _logo_picture(s: Any, data: bytes, diags: Collector) -> tuple[str, tuple[int, int]] | None:
    """Return the logo's kind ("png" or "jpeg", from its bytes) and size in pixels; None when it
    is another kind of file (an SVG is named as such), damaged or too large (reported)."""
    from .figures.images import raster_size

    kind, size = raster_size(data)
    if kind is None:
        svg = data.lstrip()[:5].lower() in (b"<?xml", b"<svg ") or s.value.lower().endswith(".svg")
        diags.add(error(f"logo file `{s.value}` is not a PNG or JPEG picture", s.span,
                        help="SVG logos are not supported yet: export a PNG (at least twice the printed size)"
                        if svg else "save it as PNG or JPEG"))
        return None
    if size is None:  # damaged, empty or over the pictures' pixel limit
        diags.add(error(f"logo file `{s.value}` is a broken or oversized {kind.upper()}", s.span,
                        help="save it again as PNG or JPEG, at most 40 megapixels"))
        return None
    return kind, size


def _stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_mtime_ns, st.st_size


# ---------------------------------------------------------------- contrast (WCAG 2.1, 1.4.3)

WHITE = "FFFFFF"
# (foreground, background, smallest ratio, where the pair appears); a name is a colour key, a
# "fmt.key" a format setting, WHITE the page. 4.5:1 for text, 3:1 for large text (≥ 18 pt).
CONTRAST_PAIRS = (
    ("text", WHITE, 4.5, "body text on the page"),
    ("muted", WHITE, 4.5, "notes, captions, running header and page numbers on the page"),
    ("primary", WHITE, 4.5, "headings and links on the page"),
    ("accent", WHITE, 4.5, "labels (\"Analysis\") and the deck's timeline dates on white"),
    ("text", "light", 4.5, "text in the key-takeaways box and striped table rows"),
    ("primary", "light", 4.5, "table headers and box headings"),
    ("accent", "light", 3.0, "the deck's takeaway numbers (large text) in their panel"),
    ("light", "primary", 4.5, "the subtitle on the title band"),
    ("pptx.cover_meta_color", "primary", 4.5, "audience, date and author on the title slide"),
)


def luminance(rgb: str) -> float:
    """Return the relative luminance of `RRGGBB` (WCAG 2.1)."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(rgb[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """Return the contrast ratio of two `RRGGBB` colours, from 1 to 21."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def nearest_passing(fg: str, bg: str, ratio: float) -> str:
    """Return the colour of `fg`'s hue and saturation nearest in lightness that reaches `ratio` on `bg`."""
    import colorsys

    h, lightness, sat = colorsys.rgb_to_hls(*(int(fg[i:i + 2], 16) / 255 for i in (0, 2, 4)))
    step = -0.005 if luminance(bg) > 0.18 else 0.005  # darker on a light background, lighter on a dark one
    while 0 <= lightness <= 1:
        rgb = "".join(f"{round(c * 255):02X}" for c in colorsys.hls_to_rgb(h, lightness, sat))
        if contrast(rgb, bg) >= ratio:
            return rgb
        lightness += step
    return "000000" if step < 0 else "FFFFFF"


def _contrast(root: Any, colors: Mapping[str, str], sections: Mapping[str, Mapping[str, Any]],
              diags: Collector) -> None:
    """Report every text colour of the theme that is too faint on the background it is used on."""
    def value(name: str) -> str | None:
        if name == WHITE:
            return WHITE
        if "." in name:
            fmt, key = name.split(".")
            v = sections[fmt].get(key, {"cover_meta_color": "B4C3D6"}.get(key))
            return None if v is None else str(v).lstrip("#").upper()
        return colors[name].lstrip("#").upper()

    def where(name: str) -> Span:
        if "." in name:
            fmt, key = name.split(".")
            node = root.get(fmt)
            k = node.key(key) if node is not None and hasattr(node, "key") else None
            return k.span if k is not None else _key_span(root, fmt)
        node = root.get("colors")
        k = node.key(name) if node is not None and hasattr(node, "key") else None
        return k.span if k is not None else _key_span(root, "colors")

    for fg, bg, needed, what in CONTRAST_PAIRS:
        a, b = value(fg), value(bg)
        if a is None or b is None:
            continue
        ratio = contrast(a, b)
        if ratio < needed:
            on = "white" if bg == WHITE else f"`{bg}` ({b})"
            diags.add(error(f"`{fg}` ({a}) on {on} has a contrast of {ratio:.2f}:1, under {needed:g}:1",
                            where(fg), help=f"{what} must be readable: the nearest colour that passes is "
                                            f'"{nearest_passing(a, b, needed)}"',
                            notes=["WCAG 2.1 (1.4.3) asks 4.5:1 for text and 3:1 for large text"]))


# the template file each Office format reads: (section, key, default file, what it is)
_TEMPLATE_FILES = (("docx", "reference", "reference.docx", "reference document"),
                   ("pptx", "template", "slides.pptx", "slide template"))


def _template_files(root: Any, folder: Path, sections: Mapping[str, Mapping[str, Any]], diags: Collector) -> None:
    """Report a reference document or slide template the theme names that is missing or not a zip."""
    import zipfile

    for fmt, key, default, what in _TEMPLATE_FILES:
        name = sections[fmt].get(key)
        if name is not None and (not name or any(c < " " for c in name)):
            continue  # reported by _file_name
        node = root.get(fmt)
        at = node.get(key).span if node is not None and hasattr(node, "get") and node.get(key) is not None \
            else _key_span(root, fmt)
        path = (folder / (name or default)).resolve()
        if not path.is_relative_to(folder.resolve()):
            diags.add(error(f"the {what} `{name}` is outside the theme folder", at,
                            help="copy it into the theme folder"))
        elif not path.is_file():
            if name is not None or fmt == "pptx":
                diags.add(error(f"the {what} `{name or default}` is missing from the theme folder", at,
                                help=f"expected at {path}"))
        elif not zipfile.is_zipfile(path):
            diags.add(error(f"the {what} `{name or default}` is not a {'Word' if fmt == 'docx' else 'PowerPoint'} "
                            "file (not a zip package)", at, help="save it again from Word or PowerPoint"))


def _key_span(m: Any, key: str) -> Span:
    """Return the span of `key` in mapping `m`, or of the mapping when the key is absent."""
    k = m.key(key)
    return k.span if k is not None else m.span


def _keys(m: Any, allowed: Iterable[str], diags: Collector, *, what: str) -> None:
    """Report the unknown keys of `m`, as every other input's reader does."""
    from .load.read import Reader

    Reader(diags, m.span.file).keys(m, allowed=tuple(allowed), what=what)


def _scalar(node: Any, key: str, diags: Collector, *, what: str) -> Any:
    """Return `node` if it is a non-null scalar, else report that `key` needs `what`; text (not a
    file name, which `_file_name` checks) must hold no character that no document can."""
    from .load.yamlpos import Scalar, kind
    from .text.clean import CONTROL, control_codes

    if isinstance(node, Scalar) and not (node.tag == "null" and not node.quoted):
        if what != "text" or not CONTROL.search(node.value):
            return node
        diags.add(error(f"`{key}` contains control characters ({control_codes(node.value)}) that the PDF, Word and PowerPoint "
                        "files cannot hold", node.span, help="remove them (an escape such as `\\0` writes one)"))
        return None
    diags.add(error(f"`{key}` must be {what}, not {kind(node)}", node.span))
    return None


def _font(node: Any, folder: Path, at: Span, diags: Collector) -> FontFamily | None:
    from .load.yamlpos import Mapping as YMap

    if not isinstance(node, YMap):
        diags.add(error("the theme has no `font:` mapping" if node is None else "`font` must be a mapping",
                        at if node is None else node.span,
                        help="name four TrueType files: regular, bold, italic, bold_italic"))
        return None
    _keys(node, ("name", "office_name", *FONT_FILES), diags, what="`font`")
    names: dict[str, str] = {}
    for key in ("name", "office_name"):
        value = node.get(key)
        if value is not None and (s := _scalar(value, f"font.{key}", diags, what="text")) is not None:
            names[key] = s.value
    files: dict[str, Path] = {}
    for key in FONT_FILES:
        value = node.get(key)
        if value is None:
            diags.add(error(f"`font` is missing `{key}`", at, help=f"add `{key}: fonts/FILE.ttf`"))
            continue
        s = _scalar(value, f"font.{key}", diags, what="a file name")
        if s is None or not _file_name(s, f"font.{key}", diags):
            continue
        path = (folder / s.value).resolve()
        if not path.is_relative_to(folder.resolve()):
            diags.add(error(f"font file `{s.value}` is outside the theme folder", s.span,
                            help="copy the font into the theme folder"))
        elif not path.is_file():
            diags.add(error(f"font file `{s.value}` is missing", s.span, help=f"expected at {path}"))
        else:
            try:
                with open(path, "rb") as fh:
                    magic = fh.read(4)
            except OSError as exc:
                diags.add(error(f"cannot read font file `{s.value}`: {exc.strerror}", s.span))
                continue
            if magic not in (b"\x00\x01\x00\x00", b"true"):
                diags.add(error(f"`{s.value}` is not a TrueType font", s.span,
                                help="the PDF embeds TrueType (.ttf) files; OpenType CFF (.otf) and "
                                     "collections (.ttc) are not supported"))
            else:
                files[key] = folder / s.value
    if len(files) < len(FONT_FILES):
        return None
    return FontFamily(name=names.get("name", "Body"),
                      office_name=names.get("office_name", names.get("name", "Calibri")), **files)


def _file_name(s: Any, key: str, diags: Collector) -> bool:
    """Return whether scalar `s` can name a file; report why not (empty, control characters)."""
    if s.value and not any(c < " " or c == "\x7f" for c in s.value):
        return True
    diags.add(error(f"`{key}` must name a file in the theme folder, not `{s.value!r}`", s.span))
    return False


def _hex(s: Any, key: str, diags: Collector) -> str | None:
    text = s.value.strip().lstrip("#")
    if len(text) == 6 and all(c in "0123456789abcdefABCDEF" for c in text):
        return text
    diags.add(error(f"`{key}` must be a colour written as 6 hex digits (RRGGBB), not `{s.value}`", s.span,
                    help='quote it, e.g. `"1F3A5F"`'))
    return None


def _colors(node: Any, at: Span, diags: Collector) -> dict[str, str]:
    from .load.yamlpos import Mapping as YMap

    if not isinstance(node, YMap):
        diags.add(error("the theme has no `colors:` mapping" if node is None else "`colors` must be a mapping",
                        at if node is None else node.span, help=f"set {', '.join(COLOR_KEYS)}"))
        return {}
    _keys(node, COLOR_KEYS, diags, what="`colors`")
    out: dict[str, str] = {}
    for key in COLOR_KEYS:
        value = node.get(key)
        if value is None:
            diags.add(error(f"`colors` is missing `{key}`", at, help=f'add `{key}: "RRGGBB"`'))
            continue
        s = _scalar(value, f"colors.{key}", diags, what="a colour")
        if s is not None and _hex(s, f"colors.{key}", diags) is not None:
            out[key] = s.value.strip()
    return out


def _number(s: Any, key: str, setting: Setting, diags: Collector) -> float | int | None:
    text = s.raw.strip() if not s.quoted else s.value.strip()
    try:
        value: float | int = int(text) if text.lstrip("+-").isdigit() else float(text)
    except ValueError:
        diags.add(error(f"`{key}` must be a number, not `{s.value}`", s.span))
        return None
    if value != value or value in (float("inf"), float("-inf")):
        diags.add(error(f"`{key}` must be a number, not `{s.value}`", s.span))
        return None
    if setting.kind == "integer" and not isinstance(value, int):
        diags.add(error(f"`{key}` must be a whole number, not `{s.value}`", s.span))
        return None
    if (setting.low is not None and value < setting.low) or (setting.high is not None and value > setting.high):
        diags.add(error(f"`{key}` is {value:g}, outside {setting.low:g}–{setting.high:g}", s.span,
                        help=f"{setting.doc}: choose a value from {setting.low:g} to {setting.high:g}"))
        return None
    return value


def _section(node: Any, fmt: str, settings: Mapping[str, Setting], diags: Collector) -> dict[str, Any]:
    """Return the typed values of a format's section, reporting every wrong one."""
    from .load.yamlpos import Mapping as YMap

    if not isinstance(node, YMap):
        diags.add(error(f"`{fmt}` must be a mapping of settings", node.span))
        return {}
    _keys(node, settings, diags, what=f"`{fmt}`")
    out: dict[str, Any] = {}
    for k, v in node.items:
        setting = settings.get(k.value)
        if setting is None:
            continue
        value = _setting_value(v, f"{fmt}.{k.value}", k.value, setting, diags)
        if value is not None:
            out[k.value] = value
    return out


def _setting_value(v: Any, key: str, name: str, setting: Setting, diags: Collector) -> Any:
    """Return the typed value of the setting `name` (`key` is `fmt.name`) written as the node `v`,
    or None, reporting why, when it is wrong."""
    if setting.kind in ("numbers", "labels"):
        return _setting_mapping(v, key, setting, diags)
    if setting.kind == "texts":
        return _setting_texts(v, key, setting, diags)
    s = _scalar(v, key, diags, what=_WHAT[setting.kind])
    if s is None:
        return None
    if setting.kind in ("number", "integer"):
        return _number(s, key, setting, diags)
    if setting.kind == "flag":
        if s.raw.strip() not in ("true", "false"):
            diags.add(error(f"`{key}` must be `true` or `false`, not `{s.value}`", s.span))
            return None
        return s.raw.strip() == "true"
    if setting.kind == "color":
        return _hex(s, key, diags)  # without its `#`: what the renderers read, as for `colors:`
    if setting.kind == "choice":
        if s.value.lower() not in setting.choices:
            diags.add(error(f"`{key}` must be one of {', '.join(setting.choices)}, not `{s.value}`", s.span,
                            help=did_you_mean(s.value.lower(), setting.choices)))
            return None
        return s.value
    if name in ("reference", "template") and not _file_name(s, key, diags):
        return None
    return s.value


def _setting_mapping(v: Any, key: str, setting: Setting, diags: Collector) -> Any:
    """Return a `numbers` or `labels` setting (a mapping of `setting.keys` to numbers or texts)
    with its valid entries; None when `v` is not a mapping."""
    from .load.yamlpos import Mapping as YMap

    if not isinstance(v, YMap):
        diags.add(error(f"`{key}` must be a mapping of {', '.join(setting.keys)}", v.span))
        return None
    _keys(v, setting.keys, diags, what=f"`{key}`")
    inner: dict[str, Any] = {}
    for ik, iv in v.items:
        if ik.value not in setting.keys:
            continue
        s = _scalar(iv, f"{key}.{ik.value}", diags, what="a number" if setting.kind == "numbers" else "text")
        if s is None:
            continue
        if setting.kind == "numbers":
            n = _number(s, f"{key}.{ik.value}", setting, diags)
            if n is not None:
                inner[ik.value] = n
        else:
            inner[ik.value] = s.value
    return MappingProxyType(inner)


def _setting_texts(v: Any, key: str, setting: Setting, diags: Collector) -> tuple[str, ...] | None:
    """Return a `texts` setting (a list of `setting.count` texts); None when it is not one."""
    from .load.yamlpos import Sequence as YSeq

    if not isinstance(v, YSeq) or (setting.count and len(v.items) != setting.count):
        diags.add(error(f"`{key}` must be a list of {setting.count} texts", v.span))
        return None
    items = [_scalar(i, key, diags, what="text") for i in v.items]
    if any(i is None for i in items):
        return None
    return tuple(i.value for i in items if i is not None)


_WHAT = {"number": "a number", "integer": "a whole number", "text": "text", "flag": "`true` or `false`",
         "color": "a colour", "choice": "a word"}
