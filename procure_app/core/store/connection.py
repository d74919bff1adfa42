"""Opening a project file: recognising it, connection settings, and the integrity check.

Journal mode: rollback journal (``journal_mode=DELETE``), not WAL. A procurement is one file that
people copy, e-mail and put on USB sticks. In WAL mode, committed edits can sit in ``NAME-wal``
until a checkpoint, so copying just ``NAME.procure`` (even after the app has closed, if it was
killed) can silently lose them, and WAL does not work on network shares. A rollback journal
exists only during a write and the database file alone always holds every committed edit. We do
not need WAL's concurrent readers: one person edits a project at a time, and an edit is a few
rows. ``synchronous=FULL`` makes each commit wait for the disk, so an edit reported as saved
survives a crash or a power cut; at the rate people type scores that costs nothing noticeable.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .backup import latest_backup
from .errors import DamagedProjectError, NotAProjectError, ProjectError
from .schema import APPLICATION_ID

__all__ = ["SQLITE_HEADER", "connect", "integrity_problems", "check_is_project"]

SQLITE_HEADER = b"SQLite format 3\x00"


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
        conn = sqlite3.connect(_uri(path, mode), uri=True, isolation_level=None, timeout=5.0)
    except sqlite3.Error as exc:
        raise ProjectError(f"cannot open {path}: {exc}") from None
    try:
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
    """Open an existing project: recognise it, check its integrity; return it and its version.

    Any SQLite error on a file with a valid header means the file is damaged.
    """
    check_header(path)
    conn: sqlite3.Connection | None = None
    try:
        conn = connect(path, read_only=read_only)
        version = check_is_project(conn, path)
        problems = integrity_problems(conn)
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        raise DamagedProjectError(path, [str(exc)], latest_backup(path)) from None
    except BaseException:
        if conn is not None:
            conn.close()
        raise
    if problems:
        conn.close()
        raise DamagedProjectError(path, problems, latest_backup(path))
    return conn, version
