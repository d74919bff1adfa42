"""Write files atomically: a temporary file in the same folder, then one rename.

A reader never sees half a file, and a failed write leaves the old file (or nothing) in place.
Errors are turned into one sentence that names the file and says what to do. Nothing is ever
written into Procure's bundled data (:func:`procure_app.paths.is_bundled`), by the app or the CLI.

The temporary file is made private (``mkstemp`` gives mode 0600), so before the rename it gets
the mode any other program would give the file: the replaced file's own mode, or for a new file
0666 less the user's umask, so colleagues on a shared drive can open what Procure wrote.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from ...paths import is_bundled

__all__ = ["WriteError", "write_atomic", "write_bytes_atomic", "new_file_mode", "give_usual_mode", "umask"]


class WriteError(Exception):
    """A file could not be written; the message is meant for the user."""


def umask() -> int:
    """The process's umask, read without changing it where the system allows (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    # Elsewhere the only way is to set it and put it back (a moment in which another thread
    # creating a file would get 0o022; Procure writes files from one thread at a time).
    current = os.umask(0o022)
    os.umask(current)
    return current


def new_file_mode(target: Path) -> int:
    """The mode ``target`` would have if written in place: its own, or 0666 less the umask."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~umask()


def give_usual_mode(handle: int, target: Path) -> None:
    """Give the open temporary file ``handle`` the mode :func:`new_file_mode` says for ``target``."""
    if hasattr(os, "fchmod"):  # not on Windows, where mkstemp's file is already readable by others
        os.fchmod(handle, new_file_mode(target))


def write_atomic(target: Path, write: Callable[[BinaryIO], None]) -> None:
    """Call ``write(stream)`` on a temporary file next to ``target``, then move it into place."""
    folder = target.parent if str(target.parent) else Path(".")
    if is_bundled(target):
        raise WriteError(
            f"cannot write {target}: it is inside Procure's bundled data, which is never changed; "
            "choose a folder of your own (copy the example there to work on it)"
        )
    if not folder.is_dir():
        raise WriteError(f"cannot write {target}: the folder {folder} does not exist")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WriteError(f"cannot write {target}: {_reason(exc)}") from None
    temp = Path(temp_name)
    try:
        give_usual_mode(handle, target)
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
