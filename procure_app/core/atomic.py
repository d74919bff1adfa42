"""Write files atomically: a temporary file in the same folder, then one rename.

A reader never sees half a file, and a failed write leaves the old file (or nothing) in place.
Errors are turned into one sentence that names the file and says what to do.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

__all__ = ["WriteError", "write_atomic", "write_bytes_atomic"]


class WriteError(Exception):
    """A file could not be written; the message is meant for the user."""


def write_atomic(target: Path, write: Callable[[BinaryIO], None]) -> None:
    """Call ``write(stream)`` on a temporary file next to ``target``, then move it into place."""
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise WriteError(f"cannot write {target}: the folder {folder} does not exist")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WriteError(f"cannot write {target}: {_reason(exc)}") from None
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise WriteError(f"cannot write {target}: {_reason(exc)}") from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_bytes_atomic(target: Path, data: bytes) -> None:
    def write(stream: BinaryIO) -> None:
        stream.write(data)

    write_atomic(target, write)


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return (
            "permission denied; the file may be open in another program, or the folder is read-only. "
            "Close it or choose another place"
        )
    if exc.errno == 28:
        return "the disk is full"
    return exc.strerror or str(exc)
