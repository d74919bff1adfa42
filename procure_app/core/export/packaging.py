"""Office files (DOCX, XLSX) are zip archives: make them byte-for-byte reproducible.

Libraries stamp every zip member with the current time; the same tender built twice would then
differ. Re-packing with a fixed timestamp, in the original member order, removes the difference.
"""

from __future__ import annotations

import io
import zipfile

__all__ = ["deterministic_zip"]

_EPOCH = (1980, 1, 1, 0, 0, 0)


def deterministic_zip(data: bytes) -> bytes:
    """The same archive with every member's timestamp fixed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
