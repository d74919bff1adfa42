"""Opening a project file: recognising it, connection settings, and the integrity check.

Journal mode: rollback journal (``journal_mode=DELETE``), not WAL. A procurement is one file that
people copy, e-mail and put on USB sticks. In WAL mode, committed edits can sit in ``NAME-wal``
until a checkpoint, so copying just ``NAME.procure`` (even after the app has closed, if it was
killed) can silently lose them, and WAL does not work on network shares. A rollback journal
exists only during a write and the database file alone always holds every committed edit. We do
not need WAL's concurrent readers: one person edits a project at a time, and an edit is a few
rows. ``synchronous=FULL`` makes each commit wait for the disk, so an edit reported as saved
survives a crash or a power cut; at the rate people type scores that costs nothing noticeable.

A file from outside is untrusted (see ``untrusted.py``): every connection runs with
``trusted_schema=OFF`` and a file is only used once its schema and values passed the checks.
"Database is locked" means another program holds the file: we wait up to
``BUSY_TIMEOUT_SECONDS`` and then say it is in use, never that it is damaged.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from . import schema
from .backup import latest_backup
from .errors import (
    DamagedProjectError,
    DiskFullError,
    NotAProjectError,
    ProjectError,
    ProjectFileGoneError,
    ProjectInUseError,
    ReadOnlyProjectError,
)
from .schema import APPLICATION_ID
from .untrusted import check_format, check_schema, check_values

__all__ = [
    "SQLITE_HEADER",
    "BUSY_TIMEOUT_SECONDS",
    "connect",
    "integrity_problems",
    "check_is_project",
    "is_writable",
    "named_fault",
    "FileIdentity",
    "file_identity",
]

SQLITE_HEADER = b"SQLite format 3\x00"
# How long to wait for another program to release the file before saying it is in use.
BUSY_TIMEOUT_SECONDS = 5.0

# SQLite's primary result codes that are not damage (the low byte of an extended code).
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_FULL = 5, 6, 8, 13
# SQLITE_READONLY_DBMOVED: the open file was unlinked or renamed (SQLite compares the inode of its
# handle with the one at the path before a write), so it refuses to write.
_SQLITE_READONLY_DBMOVED = _SQLITE_READONLY | (4 << 8)

FileIdentity = tuple[int, int]  # (device, inode) of a file


def file_identity(path: Path) -> FileIdentity | None:
    """The device and inode of the file at ``path`` now; None when there is none (or it cannot be read)."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def named_fault(exc: BaseException, path: Path) -> ProjectError | None:
    """The user's words for a fault that is not damage (busy, read-only, disk full), or None."""
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return DiskFullError(path)
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return ReadOnlyProjectError(path)
        return None
    if not isinstance(exc, sqlite3.Error):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc)
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or "database is locked" in text or "table is locked" in text:
        return ProjectInUseError(path, text)
    if code == _SQLITE_READONLY_DBMOVED:
        return ProjectFileGoneError(path)
    if primary == _SQLITE_READONLY or "readonly database" in text:
        if not path.exists():
            return ProjectFileGoneError(path)
        return ReadOnlyProjectError(path)
    if primary == _SQLITE_FULL or "disk is full" in text:
        return DiskFullError(path)
    return None


def is_writable(path: Path) -> bool:
    """Whether edits can be saved: the file and its folder (for SQLite's journal) are writable."""
    folder = path.parent if str(path.parent) else Path(".")
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK)


def _uri(path: Path, mode: str) -> str:
    return f"{path.resolve().as_uri()}?mode={mode}"


def check_header(path: Path) -> None:
    """Refuse a missing file or one that is not an SQLite database, before SQLite touches it."""
    try:
        with open(path, "rb") as stream:
            header = stream.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        raise ProjectError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise NotAProjectError(path, "it is a folder") from None
    except OSError as exc:
        raise ProjectError(f"cannot read {path}: {exc.strerror or exc}") from None
    if header != SQLITE_HEADER:
        raise NotAProjectError(path, "it is not an SQLite database")


def connect(path: Path, *, read_only: bool = False, create: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (we issue BEGIN/COMMIT ourselves) with our settings."""
    mode = "rwc" if create else "ro" if read_only else "rw"
    try:
        conn = sqlite3.connect(_uri(path, mode), uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_SECONDS)
    except sqlite3.Error as exc:
        raise named_fault(exc, path) or ProjectError(f"cannot open {path}: {exc}") from None
    try:
        # Before anything reads the schema: a file's views and triggers may not call functions
        # with side effects (the schema check below refuses any that Procure did not create).
        conn.execute("PRAGMA trusted_schema=OFF")
        if not read_only:
            conn.execute("PRAGMA journal_mode=DELETE")  # see the module docstring
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
    except sqlite3.DatabaseError:
        conn.close()
        raise
    return conn


def check_is_project(conn: sqlite3.Connection, path: Path) -> int:
    """Return the file's schema version, or refuse an SQLite file that Procure did not create."""
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if application_id != APPLICATION_ID:
        raise NotAProjectError(path, "it is an SQLite database made by another program")
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return version


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """SQLite's ``integrity_check`` findings; empty when the file is sound."""
    rows = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
    return [] if rows == ["ok"] else rows


def open_checked(path: Path, *, read_only: bool = False) -> tuple[sqlite3.Connection, int]:
    """Open an existing project: recognise it, check its integrity and schema; return it and its version.

    A file of a format this version knows must have exactly Procure's schema and values of the
    types Procure writes (``untrusted.py``); a newer format is left for the caller to refuse.
    A busy, read-only or full disk is named as such; any other SQLite error on a file with a
    valid header means the file is damaged.
    """
    check_header(path)
    conn: sqlite3.Connection | None = None
    try:
        conn = connect(path, read_only=read_only)
        version = check_is_project(conn, path)
        if version <= schema.schema_version():
            check_format(path, version)
            check_schema(conn, path, version)
        problems = integrity_problems(conn)
        if not problems and version <= schema.schema_version():
            check_values(conn, path)
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        fault = named_fault(exc, path)
        if fault is not None:
            raise fault from None
        raise DamagedProjectError(path, [str(exc)], latest_backup(path)) from None
    except BaseException:
        if conn is not None:
            conn.close()
        raise
    if problems:
        conn.close()
        raise DamagedProjectError(path, problems, latest_backup(path))
    return conn, version
