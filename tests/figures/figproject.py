"""A small project with figures, written the way a user would: the mini project's lighthouse
facts, a PNG, a JPEG and an SVG made here, and an outline whose `figures:` a test supplies."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from helpers_project import copy_mini

HEAD = """title: Port Elin figures
date: 2022-04-01
facts: ../seeds/facts.yaml
sections:
  - heading: The decision
    body: |
      The council voted to restore the lighthouse [@council-vote].
"""

SAFE_SVG = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 120 80">'
            b'<defs><linearGradient id="g"><stop offset="0" stop-color="#1f3a5f"/></linearGradient></defs>'
            b'<rect width="120" height="80" fill="url(#g)"/><use xlink:href="#g"/>'
            b'<circle cx="60" cy="40" r="20" fill="#c55038"/>'
            b'<image width="1" height="1" href="data:image/png;base64,iVBORw0KGgo="/></svg>\n')


def png(width: int = 4, height: int = 3) -> bytes:
    """Return a real, small RGB PNG."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), (200, 80, 56)).save(buf, "PNG")
    return buf.getvalue()


def jpeg() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 6), (31, 58, 95)).save(buf, "JPEG")
    return buf.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """Return a PNG whose header states `width` × `height` pixels (a decompression bomb's shape)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + chunk(b"IEND", b"")


def make(tmp_path: Path, figures: str, *, body_extra: str = "", files: dict[str, bytes] | None = None) -> Path:
    """Return the outline of a new project whose first section has `figures` (YAML, indented
    under `figures:`), after `body_extra` lines of body."""
    root = copy_mini(tmp_path)
    img = root / "briefs" / "img"
    img.mkdir()
    (img / "photo.png").write_bytes(png())
    (img / "photo.jpg").write_bytes(jpeg())
    (img / "drawing.svg").write_bytes(SAFE_SVG)
    for name, data in (files or {}).items():
        (root / "briefs" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "briefs" / name).write_bytes(data)
    outline = root / "briefs" / "figs.yaml"
    text = HEAD + "".join(f"      {line}\n" for line in body_extra.splitlines())
    if figures:
        text += "    figures:\n" + "".join(f"      {line}\n" for line in figures.strip("\n").splitlines())
    outline.write_text(text, encoding="utf-8")
    return outline


def line_of(outline: Path, needle: str) -> int:
    """Return the 1-based line of the first line of `outline` holding `needle`."""
    for n, line in enumerate(outline.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(needle)
