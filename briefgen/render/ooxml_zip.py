"""Write an Office Open XML package (DOCX, PPTX) so the same inputs give the same bytes."""

from __future__ import annotations

import io
import zipfile
from typing import Iterable

from ..model import PartialDate


def write_package(entries: Iterable[tuple[str, bytes]], *, date: PartialDate) -> bytes:
    """Return a zip of `entries` (member name, bytes), in that order, each stamped `date` (noon).

    Office requires `[Content_Types].xml` first; the caller gives the order.
    """
    stamp = (max(date.year, 1980), date.month or 1, date.day or 1, 12, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            dst.writestr(info, data, compresslevel=6)
    return out.getvalue()


def normalize_package(data: bytes, *, date: PartialDate) -> bytes:
    """Return `data` re-zipped with every entry stamped `date` (noon), in a fixed order.

    `[Content_Types].xml` stays first (Office requires it); the other parts keep the order the
    library wrote them in, which is itself deterministic. Raises |zipfile.BadZipFile| when
    `data` is not a zip.
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    names.sort(key=lambda n: n != "[Content_Types].xml")
    return write_package(((name, src.read(name)) for name in names), date=date)
