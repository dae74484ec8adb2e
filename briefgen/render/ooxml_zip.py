"""Rewrite an Office Open XML package (DOCX, PPTX) so the same inputs give the same bytes."""

from __future__ import annotations

import io
import zipfile

from ..model import PartialDate


def normalize_package(data: bytes, *, date: PartialDate) -> bytes:
    """Return `data` re-zipped with every entry stamped `date` (noon), in a fixed order.

    `[Content_Types].xml` stays first (Office requires it); the other parts keep the order the
    library wrote them in, which is itself deterministic. Raises |zipfile.BadZipFile| when
    `data` is not a zip.
    """
    stamp = (max(date.year, 1980), date.month or 1, date.day or 1, 12, 0, 0)
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    names.sort(key=lambda n: n != "[Content_Types].xml")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            dst.writestr(info, src.read(name), compresslevel=6)
    return out.getvalue()
