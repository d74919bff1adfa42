"""Office files (DOCX, XLSX): byte-for-byte reproducible archives, and text their XML can hold.

Libraries stamp every zip member with the current time; the same tender built twice would then
differ. Re-packing with a fixed timestamp, in the original member order, removes the difference.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

__all__ = ["clean_text", "deterministic_zip", "save_docx"]

_EPOCH = (1980, 1, 1, 0, 0, 0)
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_NEEDS_CLEANING = re.compile("[\x00-\x1f\ufffe\uffff\ud800-\udfff]")
_WHITESPACE_AS_SPACE = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


def clean_text(value: str) -> str:
    """Text safe for one Word run: no characters XML 1.0 cannot hold, and tabs and line breaks
    as spaces (a value never changes the document's structure)."""
    if _NEEDS_CLEANING.search(value) is None:  # the usual case: nothing to do
        return value
    return _ILLEGAL_XML.sub("", value).translate(_WHITESPACE_AS_SPACE)


def deterministic_zip(data: bytes) -> bytes:
    """The same archive with every member's timestamp fixed."""
    out = io.BytesIO()
    # Level 1 compresses office XML nearly as well as the default and several times faster.
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename), compresslevel=1)
    return out.getvalue()


class _FixedTimeZipWriter:
    """python-docx's package writer interface, writing every member with a fixed timestamp."""

    def __init__(self, stream: io.BytesIO) -> None:
        self._zip = zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri: Any, blob: bytes) -> None:
        entry = zipfile.ZipInfo(pack_uri.membername, date_time=_EPOCH)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o600 << 16
        self._zip.writestr(entry, blob)

    def close(self) -> None:
        self._zip.close()


def save_docx(document: Any) -> bytes:
    """Save a python-docx document straight into a reproducible archive (one compression pass).

    Uses python-docx's package writer with our zip writer; should that internal interface change,
    the document is saved normally and re-packed instead.
    """
    try:
        from docx.opc.pkgwriter import PackageWriter

        package = document.part.package
        for part in package.parts:
            part.before_marshal()
        stream = io.BytesIO()
        writer: Any = _FixedTimeZipWriter(stream)
        PackageWriter._write_content_types_stream(writer, package.parts)
        PackageWriter._write_pkg_rels(writer, package.rels)
        PackageWriter._write_parts(writer, package.parts)
        writer.close()
        return stream.getvalue()
    except (ImportError, AttributeError):  # pragma: no cover  # a future python-docx
        fallback = io.BytesIO()
        document.save(fallback)
        return deterministic_zip(fallback.getvalue())
