"""Saving an open project under another name: Save Project As, and rescuing a file that vanished.

A project file can disappear while open (moved or deleted in a file manager, a USB stick pulled
out). SQLite then refuses every write, yet the open connection still reads everything saved
before, because the file's content lives on behind the handle until it is closed. :func:`save_copy`
writes that content, through SQLite's online backup API, to a temporary file in the target folder,
checks the copy as any project file is checked at opening, and renames it into place, so the target
holds a complete project or nothing. :func:`save_as` then opens the copy and closes the old file,
and work goes on there. The same serves a read-only project: its copy is editable.

The copy holds the same audit log, hash chain included: it is the same procurement, and
``procure project verify`` accepts it as it accepted the original.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from ...base.atomic import new_file_mode
from .backup import copy_database
from .connection import file_identity, named_fault, open_checked
from .errors import ProjectError, ReadOnlyProjectError
from .project import ProjectStore

__all__ = ["save_copy", "save_as"]


def save_copy(store: ProjectStore, target: Path) -> Path:
    """Write the open project ``store`` to ``target`` (replaced if it exists); return ``target``.

    Raises ``ProjectError`` naming the target when it is the open file itself, a folder, in a
    folder that does not exist or cannot be written, or the disk fills up; nothing is left behind.
    """
    target = Path(target).expanduser().absolute()
    folder = target.parent
    if target.is_dir():
        raise ProjectError(f"cannot save the project as {target}: it is a folder; choose a file name")
    if not folder.is_dir():
        raise ProjectError(f"cannot save the project as {target}: the folder {folder} does not exist")
    identity = file_identity(target)
    if identity is not None and identity == file_identity(store.path):
        raise ProjectError(f"{target} is the open project itself; choose another name or folder")
    if store.conn.in_transaction:  # never copy half an edit (the backup would wait for it)
        raise ProjectError(f"{store.path} is in the middle of a change; try again")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _fault(exc, target) from None
    os.close(handle)
    temp = Path(temp_name)
    try:
        copy_database(store.conn, temp)
        check, _version = open_checked(temp)  # the copy must open as any project file does
        check.close()
        os.chmod(temp, new_file_mode(target))  # mkstemp made it private; a project is shared like any file
        os.replace(temp, target)
    except (OSError, sqlite3.Error) as exc:
        raise _fault(exc, target) from None
    finally:
        temp.unlink(missing_ok=True)
    return target


def save_as(store: ProjectStore, target: Path, actor: str) -> ProjectStore:
    """Save ``store`` to ``target`` and open it there; the old file is closed (the new store is returned).

    When saving fails, ``store`` stays open as it was.
    """
    written = save_copy(store, target)
    reopened = ProjectStore.open(written, actor=actor, keep_backups=store.keep_backups)
    store.close()
    return reopened


def _fault(exc: BaseException, target: Path) -> ProjectError:
    named = named_fault(exc, target)
    if isinstance(exc, PermissionError) or isinstance(named, ReadOnlyProjectError):
        return ProjectError(f"cannot save the project as {target}: permission denied; choose another folder")
    if named is not None:  # a full disk, say
        return named
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return ProjectError(f"cannot save the project as {target}: {reason}")
