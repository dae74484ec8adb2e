"""Picture files for figures: PNG, JPEG or SVG in the project, read once and checked.

A picture is checked before anything is built from it: its extension names a supported kind,
its first bytes agree (a `.png` that is a JPEG, or text, is an error), a raster's header states
at most |MAX_PIXELS| pixels (read from the header only, so a decompression bomb is refused
without being decoded), and an SVG refers to nothing outside itself: no DOCTYPE or entity, no
`href`, `xlink:href` or `src` but `#fragment` ones and `data:` pictures (PNG, JPEG, GIF,
WebP) and fonts (never a `data:` SVG, which could refer to files itself), no CSS `url()` or `@import` of
another file, no script. briefgen never fetches a URL and never reads a file the outline does
not name.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, Span, error, missing_file_help
from ..model import ImageData

MAX_BYTES = 20 * 1024 * 1024   # a figure of a brief is well under this
MAX_PIXELS = 40_000_000        # 40 Mpx: far above any print figure, far below a bomb
KINDS = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".svg": "svg"}
_MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "jpeg": b"\xff\xd8\xff"}
_SVG_NS = "http://www.w3.org/2000/svg"
_LINK_ATTRS = ("href", "{http://www.w3.org/1999/xlink}href", "src")
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.I)
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(px)?\s*$")

# A Markdown image on a line of its own: ![alt](path "caption"), the caption optional.
# The caption (Markdown's title) may be written "…", '…' or (…), as CommonMark allows.
IMAGE_LINE = re.compile(r'^[ ]{0,3}!\[(?P<alt>[^\]]*)\]\(\s*(?P<path><[^>]*>|[^\s)]+)'
                        r'(?:\s+(?:"(?P<c1>(?:[^"\\]|\\.)*)"|\'(?P<c2>(?:[^\'\\]|\\.)*)\'|\((?P<c3>(?:[^()\\]|\\.)*)\)))?'
                        r'\s*\)\s*$')


def caption_of(m: "re.Match[str]") -> tuple[str, int] | None:
    """Return the caption of an |IMAGE_LINE| match and where it starts in the line, or None."""
    for group in ("c1", "c2", "c3"):
        if m.group(group) is not None:
            return m.group(group), m.start(group)
    return None


@dataclass(frozen=True, slots=True)
class MarkdownImage:
    """A Markdown image line of a `body`, with the offsets (in the body's text) of its parts."""

    alt: str
    path: str
    caption: str
    path_offset: int
    caption_offset: int   # -1 without a caption
    offset: int           # where the line starts


def markdown_images(text: str) -> list[MarkdownImage]:
    """Return the Markdown image lines of `text` (a body), in order."""
    out = []
    pos = 0
    for line in text.split("\n"):
        m = IMAGE_LINE.match(line)
        if m:
            path = m.group("path")
            path_offset = pos + m.start("path")
            if path.startswith("<"):
                path, path_offset = path[1:-1], path_offset + 1
            cap = caption_of(m)
            out.append(MarkdownImage(m.group("alt"), path, cap[0] if cap else "", path_offset,
                                     pos + cap[1] if cap else -1, pos))
        pos += len(line) + 1
    return out


def read_image(path: Path, *, written: str, span: Span) -> tuple[ImageData | None, list[Diagnostic]]:
    """Return the picture at `path` (`written` as the outline names it) checked, or None and why not.

    The picture's `path` is `written`, as the outline names it (relative to the outline), never
    the absolute path: outputs must not depend on where the project is. The errors are located at
    `span` (the `image:` value or the Markdown image's path).
    """
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        return None, [error(f"`{written}` is not a PNG, JPEG or SVG file", span,
                            help="save the picture as .png, .jpg or .svg")]
    try:
        if not path.is_file():
            what = "is a folder" if path.is_dir() else "is not a regular file" if path.exists() else "does not exist"
            otherwise = "check the path: it is relative to the outline's folder"
            return None, [error(f"image `{written}` {what}", span,
                                help=missing_file_help(path, otherwise) if what == "does not exist" else otherwise)]
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [error(f"image `{written}` is {size / 1048576:.1f} MB, over the limit of "
                                f"{MAX_BYTES // 1048576} MB", span, help="save a smaller version for the brief")]
        data = path.read_bytes()
    except OSError as exc:
        return None, [error(f"image `{written}` cannot be read: {exc.strerror or exc}", span,
                            help="check that the file exists and that you may read it")]
    if not data:
        return None, [error(f"image `{written}` is empty", span)]
    if kind == "svg":
        return _svg(data, path, written, span)
    return _raster(data, kind, path, written, span)


def _sniff(data: bytes) -> str:
    """Return what `data` looks like: "png", "jpeg", "svg", "gif" … or "unknown"."""
    for kind, magic in _MAGIC.items():
        if data.startswith(magic):
            return kind
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    if data[:4] == b"%PDF":
        return "PDF"
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml") or head.startswith(b"<svg") or b"<svg" in head:
        return "svg"
    return "unknown"


def _mismatch(found: str, kind: str, written: str, span: Span) -> Diagnostic:
    what = {"png": "PNG", "jpeg": "JPEG", "svg": "SVG"}
    said = f"a {what.get(found, found)} file" if found != "unknown" else "not a picture briefgen knows"
    return error(f"image `{written}` is {said}, not the {what[kind]} its extension says", span,
                 help="save it in the format its extension names, or rename it to match its content")


def _open(data: bytes) -> tuple[tuple[int, int] | None, str]:
    """Return a PNG or JPEG's size in pixels read by Pillow from its header (its structure
    verified without decoding the pixels), or None and "bomb" (over Pillow's limit) or what is
    damaged."""
    import io

    from PIL import Image

    try:
        with warnings.catch_warnings():
            # Pillow warns, then refuses, above its own limit; its warning is our error too
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:  # reads the header only
                width, height = img.size
                if width * height <= MAX_PIXELS:
                    img.verify()  # chunk structure and checksums, without decoding the pixels
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return None, "bomb"
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for a broken file
        return None, f"{type(exc).__name__}: {exc}"
    return (width, height), ""


def raster_size(data: bytes) -> tuple[str | None, tuple[int, int] | None]:
    """Return ("png" or "jpeg", its size in pixels) for a PNG or JPEG file's bytes, the size None
    when the picture is damaged, empty or over |MAX_PIXELS|; (None, None) for any other file."""
    kind = _sniff(data)
    if kind not in _MAGIC:
        return None, None
    size, _ = _open(data)
    if size is None or not 0 < size[0] * size[1] <= MAX_PIXELS:
        return kind, None
    return kind, size


def _raster(data: bytes, kind: str, path: Path, written: str, span: Span) -> tuple[ImageData | None, list[Diagnostic]]:
    found = _sniff(data)
    if found != kind:
        return None, [_mismatch(found, kind, written, span)]
    size, problem = _open(data)
    if problem == "bomb":
        return None, [_bomb(written, span, None)]
    if size is None:
        return None, [error(f"image `{written}` is damaged and cannot be read ({problem})"[:300],
                            span, help="export the picture again from the program that made it")]
    width, height = size
    if width <= 0 or height <= 0:
        return None, [error(f"image `{written}` has no pixels", span)]
    if width * height > MAX_PIXELS:
        return None, [_bomb(written, span, (width, height))]
    return ImageData(written, kind, float(width), float(height), data), []


def _bomb(written: str, span: Span, size: tuple[int, int] | None) -> Diagnostic:
    dims = f" ({size[0]} × {size[1]} pixels)" if size else ""
    return error(f"image `{written}` is too large{dims}: over {MAX_PIXELS // 1_000_000} million pixels", span,
                 help="scale it down; a brief's figure needs at most a few thousand pixels a side")


def _svg(data: bytes, path: Path, written: str, span: Span) -> tuple[ImageData | None, list[Diagnostic]]:
    found = _sniff(data)
    if found != "svg":
        return None, [_mismatch(found, "svg", written, span)]
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return None, [error(f"SVG `{written}` is not well-formed XML: {exc}"[:300], span,
                            help="export the drawing again as plain SVG")]
    problems: list[str] = []
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        problems.append("it has a DOCTYPE (which can declare entities and refer to other files)")
    if root.tag != f"{{{_SVG_NS}}}svg":
        return None, [error(f"`{written}` is XML but not an SVG drawing (its root is `{etree.QName(root).localname}`)",
                            span, help="an SVG file starts with `<svg xmlns=\"http://www.w3.org/2000/svg\" …>`")]
    for node in root.iter():
        if isinstance(node, etree._Entity):
            problems.append(f"it uses the entity `&{node.name};`")
            continue
        if isinstance(node, etree._ProcessingInstruction):
            problems.append(f"it has the processing instruction `<?{node.target} …?>`")
            continue
        if not isinstance(node.tag, str):
            continue
        local = etree.QName(node).localname
        if local == "script":
            problems.append("it has a `<script>`")
        for attr in _LINK_ATTRS:
            value = node.get(attr)
            if value is not None and not _internal(value):
                problems.append(f"`<{local}>` refers to `{value[:80]}`")
        style = (node.text or "") if local == "style" else ""
        for css in (style, node.get("style") or ""):
            if "@import" in css.lower():
                problems.append("its CSS imports another file (`@import`)")
            for target in _CSS_URL.findall(css):
                if not _internal(target):
                    problems.append(f"its CSS refers to `url({target[:80]})`")
    # a processing instruction before the root element (xml-stylesheet)
    prev = root.getprevious()
    while prev is not None:
        if isinstance(prev, etree._ProcessingInstruction):
            problems.append(f"it has the processing instruction `<?{prev.target} …?>`")
        prev = prev.getprevious()
    if problems:
        unique = list(dict.fromkeys(problems))
        return None, [error(f"SVG `{written}` refers to something outside itself: {unique[0]}", span,
                            notes=unique[1:6],
                            help="briefgen reads nothing but the file: embed pictures as `data:` URLs, "
                                 "link only to `#ids` inside the drawing, and remove the DOCTYPE")]
    size = _svg_size(root)
    if size is None:
        return None, [error(f"SVG `{written}` has no size", span,
                            help="give its `<svg>` a `viewBox=\"0 0 W H\"`, or `width` and `height` in pixels")]
    return ImageData(written, "svg", size[0], size[1], data), []


_DATA_OK = ("data:image/png", "data:image/jpeg", "data:image/jpg", "data:image/gif", "data:image/webp",
            "data:font/", "data:application/font", "data:application/x-font")


def _internal(ref: str) -> bool:
    """Return whether a reference stays inside the drawing: a `#fragment`, or a `data:` URL of a
    raster picture or a font (not of another SVG, which could refer to files in turn)."""
    ref = ref.strip()
    return ref.startswith("#") or ref.lower().startswith(_DATA_OK)


def _svg_size(root: object) -> tuple[float, float] | None:
    """Return an SVG's size in its own units: the viewBox's, else its pixel width and height."""
    box = (root.get("viewBox") or "").replace(",", " ").split()  # type: ignore[attr-defined]
    if len(box) == 4:
        try:
            w, h = float(box[2]), float(box[3])
        except ValueError:
            w = h = 0.0
        if w > 0 and h > 0 and w < 1e7 and h < 1e7:
            return w, h
    dims = []
    for attr in ("width", "height"):
        m = _LENGTH.match(root.get(attr) or "")  # type: ignore[attr-defined]
        dims.append(float(m.group(1)) if m else 0.0)
    if all(0 < d < 1e7 for d in dims):
        return dims[0], dims[1]
    return None
