"""Write an Office Open XML package (DOCX, PPTX) so the same inputs give the same bytes."""

from __future__ import annotations

import io
import zipfile
from typing import Iterable

# Every member gets the same timestamp, the earliest a ZIP entry can hold: the bytes then depend
# on the content alone (and no date a brief may carry, year 1 or 9999, is out of ZIP's range).
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)


def write_zip(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """Return a zip of `entries` (member name, bytes), in that order, with fixed timestamps.

    Office requires `[Content_Types].xml` first; the caller gives the order.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            dst.writestr(info, data, compresslevel=6)
    return out.getvalue()


def normalize_zip(data: bytes) -> bytes:
    """Return `data` re-zipped with fixed timestamps, `[Content_Types].xml` first.

    The other members keep the order the library wrote them in, which is itself deterministic.
    Raises |zipfile.BadZipFile| when `data` is not a zip.
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    names.sort(key=lambda n: n != "[Content_Types].xml")
    return write_zip((name, src.read(name)) for name in names)
