"""Extracting a source file's text (plain text, a saved web page, or a PDF), checked and cached.

The file itself is never changed: it is read once, hashed (SHA-256) and its text extracted
the same way every time. Extractions are cached by that hash in |cache_dir|, so only a new or
changed file costs an extraction; the cache is safe to delete. Every way a file can be unusable
(missing, too large, not what its extension says, encrypted, a scan, a PDF that crashes or hangs
the parser, a page with no main text) is a |BriefgenError| at the `file:` line that named it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diagnostics import BriefgenError, Diagnostic, Span, error, missing_file_help
from .extracted import KINDS, Extracted

# Bump when any extraction could give a different text, locators or flags for the same file:
# a cached extraction made by another version is not used.
EXTRACTOR_VERSION = 2


@dataclass(frozen=True, slots=True)
class Limits:
    """What a source file may cost. `max_pdf_bytes` is the documented PDF size limit (50 MB)."""

    max_pdf_bytes: int = 50 * 1024 * 1024
    max_html_bytes: int = 50 * 1024 * 1024   # a page saved as one file carries its images inline
    max_text_bytes: int = 10 * 1024 * 1024   # a .txt or .md source
    max_pages: int = 2000
    timeout: float = 120.0                    # seconds the PDF parser may take for one file


def kind_of(path: Path, *, span: Span | None = None) -> str:
    """Return `text`, `html` or `pdf` for `path`'s extension.

    Raises |BriefgenError| for any other extension.
    """
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise BriefgenError([error(f"source file `{path.name}` has an extension briefgen cannot read", span,
                                   help="use a .txt, .md, .html, .htm or .pdf file")])
    return kind


def cache_dir() -> Path:
    """Return the extraction cache folder: `$BRIEFGEN_CACHE`, else `$XDG_CACHE_HOME/briefgen`,
    else `~/.cache/briefgen` (on Windows `%LOCALAPPDATA%\\briefgen`)."""
    explicit = os.environ.get("BRIEFGEN_CACHE")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "briefgen"
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "briefgen"
    return Path.home() / ".cache" / "briefgen"


def extract(path: Path, *, kind: str | None = None, span: Span | None = None, limits: Limits = Limits(),
            cache: Path | None = None, use_cache: bool = True) -> Extracted:
    """Return the text of the source file `path` with its locators, flags and metadata.

    `kind` is `text`, `html` or `pdf` (by default from the extension); `span` locates errors (the
    source registry's `file:` line); `cache` overrides |cache_dir|. Raises |BriefgenError|.
    """
    if kind is None:
        if path.suffix.lower() not in KINDS and not path.is_file():
            _read(path, kind="text", span=span, limits=limits)  # a folder or a missing file says so first
        kind = kind_of(path, span=span)
    if kind == "text":
        return _extract_text(path, span=span, limits=limits)
    data = _read(path, kind=kind, span=span, limits=limits)
    _check_content(path, data, kind=kind, span=span)
    digest = hashlib.sha256(data).hexdigest()
    folder = (cache or cache_dir()) / "sources"
    entry = folder / f"{digest}.{kind}.json"
    if use_cache:
        cached = _cached(entry, digest, kind)
        if cached is not None:
            return cached
    extracted = _extract_pdf(path, digest, span=span, limits=limits) if kind == "pdf" else _extract_html(path, data, digest, span=span)
    if use_cache:
        _store(entry, extracted)
    return extracted


# ---------------------------------------------------------------- reading and checking


def _extract_text(path: Path, *, span: Span | None, limits: Limits) -> Extracted:
    """A .txt or .md source, read like every other text input (|read_text_file|: only a regular
    file, errors as before, a bad byte located in the file itself), then checked for content that
    is not text (a PDF or a zip renamed `.txt`)."""
    from ..load.yamlpos import read_text_file

    try:
        text = read_text_file(path, what="source file", span=span, limit=limits.max_text_bytes)
    except BriefgenError:
        head = _head(path)
        if head is not None:  # not UTF-8 or too large because it is a PDF or a zip: say that instead
            _check_content(path, head, kind="text", span=span)
        raise
    data = text.encode("utf-8")  # the file's own bytes: UTF-8 decodes and encodes back exactly
    _check_content(path, data, kind="text", span=span)
    return Extracted("text", text, hashlib.sha256(data).hexdigest(), "text as received")



_TOO_LARGE = {
    "pdf": "raise the PDF size limit if this report is right, or save the pages you quote as their own PDF",
    "html": "save the page again as HTML only, without its images inlined",
    "text": "a text source this large is not one article; keep only the part you quote",
}


def _read(path: Path, *, kind: str, span: Span | None, limits: Limits) -> bytes:
    if path.is_dir():
        raise BriefgenError([error(f"source file `{path}` is a folder, not a file", span)])
    limit = {"pdf": limits.max_pdf_bytes, "html": limits.max_html_bytes}.get(kind, limits.max_text_bytes)
    try:
        size = path.stat().st_size
        if size > limit:
            raise BriefgenError([error(
                f"source file `{path.name}` is {size:,} bytes, over the limit of {limit:,} for a {kind.upper()} source",
                span, help=_TOO_LARGE[kind])])
        return path.read_bytes()
    except FileNotFoundError:
        raise BriefgenError([error(f"source file `{path}` does not exist", span, help=missing_file_help(
            path, "check the path; relative paths start at the file that names them"))]) from None
    except OSError as exc:
        raise BriefgenError([error(f"cannot read source file `{path}`: {exc.strerror}", span)]) from None


_PDF_HEADER = re.compile(rb"%PDF-\d\.\d")  # readers accept it anywhere in the first kilobyte
_HTML_TAG = re.compile(rb"<(?:!doctype\s+html|html|head|body|title|meta)[\s>/]", re.IGNORECASE)


def _sniff(data: bytes) -> str:
    """Return what the bytes look like: `pdf`, `html`, `binary` or `text`."""
    if _PDF_HEADER.search(data[:1024]):
        return "pdf"
    if data.startswith(b"PK\x03\x04") or b"\x00" in data[:8192]:
        return "binary"  # a zip (.docx, .epub) or another binary format
    if _HTML_TAG.search(data[:4096]):
        return "html"
    return "text"


_NAMES = {"pdf": "a PDF", "html": "an HTML page", "binary": "a binary file", "text": "plain text"}


def _check_content(path: Path, data: bytes, *, kind: str, span: Span | None) -> None:
    looks = _sniff(data)
    ok = {"pdf": ("pdf",), "html": ("html",), "text": ("text", "html")}[kind]
    if looks in ok:
        return
    ext = path.suffix or "(no extension)"
    fix = {"pdf": ".pdf", "html": ".html", "text": ".txt"}.get(looks)
    raise BriefgenError([error(f"source file `{path.name}` is {_NAMES[looks]}, not what its extension `{ext}` says", span,
                               help=f"rename it to `{path.stem}{fix}`" if fix else "use a .txt, .md, .html or .pdf file")])


def _head(path: Path) -> bytes | None:
    """Return the first 8 KiB of a regular file `path`, or None when it is not one or unreadable."""
    try:
        if not path.is_file():
            return None
        with path.open("rb") as fh:
            return fh.read(8192)
    except OSError:
        return None


# ---------------------------------------------------------------- the cache


def _cached(entry: Path, digest: str, kind: str) -> Extracted | None:
    try:
        data = json.loads(entry.read_bytes())
        if data.get("extractor") != EXTRACTOR_VERSION:
            return None
        got = Extracted.from_json(data["extraction"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # missing, half-deleted or from another version: extract again
    return got if got.sha256 == digest and got.kind == kind else None


def _store(entry: Path, extracted: Extracted) -> None:
    from ..fileio import write_atomic

    payload = json.dumps({"extractor": EXTRACTOR_VERSION, "extraction": extracted.to_json()}, ensure_ascii=False)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(entry, payload.encode("utf-8"))
    except OSError:
        pass  # a read-only or full cache only costs the next run an extraction


# ---------------------------------------------------------------- HTML


def _extract_html(path: Path, data: bytes, digest: str, *, span: Span | None) -> Extracted:
    from .html import BadEncoding, NoMainText, extract_html

    try:
        text, headings, meta, method = extract_html(data)
    except NoMainText as exc:
        raise BriefgenError([error(f"web page `{path.name}` has no main text: {exc}", span,
                                   help="save the article's own page (File > Save Page As), not an index or "
                                        "consent page")]) from None
    except BadEncoding as exc:
        raise BriefgenError([error(f"web page `{path.name}` cannot be decoded: {exc}", span,
                                   help="save the page again as UTF-8")]) from None
    return Extracted("html", text, digest, method, headings=headings, metadata=meta)


# ---------------------------------------------------------------- PDF


def _extract_pdf(path: Path, digest: str, *, span: Span | None, limits: Limits) -> Extracted:
    tail = _tail(path)
    if b"%%EOF" not in tail:
        raise BriefgenError([error(f"PDF `{path.name}` is truncated: it does not end with `%%EOF`", span,
                                   help="download or save the file again")])
    argv = [sys.executable, "-m", "briefgen.sources.pdf", str(path), str(limits.max_pages)]
    data = run_worker(argv, timeout=limits.timeout, name=path.name, span=span)
    if "error" in data:
        raise BriefgenError([_pdf_error(path.name, str(data["error"]), str(data.get("detail", "")), span, limits)])
    text = str(data["text"])
    if not text.strip():
        raise BriefgenError([error(f"PDF `{path.name}` has no text layer: it looks like a scan", span,
                                   help="use a version of the report with text (not scanned pages), or run it "
                                        "through OCR and check the text before quoting it")])
    meta = data.get("metadata") or {}
    payload = {"kind": "pdf", "text": text, "sha256": digest, "method": data["method"], "pages": data["pages"],
               "headings": [], "flags": data["flags"], "empty_pages": data["empty_pages"],
               "metadata": {k: meta.get(k) for k in ("title", "author", "date")}}
    return Extracted.from_json(payload)


def _tail(path: Path) -> bytes:
    with path.open("rb") as fh:
        fh.seek(0, os.SEEK_END)
        fh.seek(max(0, fh.tell() - 2048))
        return fh.read()


def _pdf_error(name: str, code: str, detail: str, span: Span | None, limits: Limits) -> Diagnostic:
    if code in ("password", "security"):
        return error(f"PDF `{name}` is encrypted: it needs a password to open", span,
                     help="save an unprotected copy of the report (its publisher's web page may offer one)")
    if code == "pages":
        return error(f"PDF `{name}` has {int(detail):,} pages, over the limit of {limits.max_pages:,}", span,
                     help="quote from the part you need, saved as its own PDF")
    return error(f"PDF `{name}` cannot be read: it is damaged or not a PDF ({detail.rstrip('.')})", span,
                 help="download or save the file again")


def run_worker(argv: list[str], *, timeout: float, name: str, span: Span | None) -> dict[str, Any]:
    """Run the PDF worker `argv` and return the JSON it prints.

    Raises |BriefgenError| when it runs over `timeout` seconds (it is killed), crashes, or
    prints anything but one JSON object.
    """
    import subprocess  # only on a cache miss: it costs a tenth of a small check to import

    package_root = str(Path(__file__).resolve().parent.parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = package_root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    try:
        done = subprocess.run(argv, check=False, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        raise BriefgenError([error(f"PDF `{name}` took longer than {timeout:g} s to read, so briefgen stopped",
                                   span, help="the file may be damaged; save it again, or quote from a "
                                              "smaller PDF of the part you need")]) from None
    except OSError as exc:
        raise BriefgenError([error(f"cannot start the PDF reader for `{name}`: {exc.strerror}", span)]) from None
    if done.returncode != 0:
        how = f"signal {-done.returncode}" if done.returncode < 0 else f"exit status {done.returncode}"
        raise BriefgenError([error(f"the PDF reader crashed on `{name}` ({how})", span,
                                   help="the file may be damaged; save it again, or convert it to text yourself "
                                        "and register the .txt file")])
    try:
        data = json.loads(done.stdout)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise BriefgenError([error(f"the PDF reader gave no answer for `{name}`", span,
                                   help="the file may be damaged; save it again")])
    return data
