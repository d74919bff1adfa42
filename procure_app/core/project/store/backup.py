"""Rotating automatic backups, written with SQLite's online backup API.

Backups of ``NAME.procure`` live in the folder ``NAME.procure.backups`` beside it, named
``NAME.NNNNNN.procure`` with a rising number, so the newest is the one with the highest number
whatever the clocks say. Each is written to a temporary file and renamed into place, so a crash
mid-backup never leaves a half backup under a backup's name; only the newest ``keep`` are kept.
"""

from __future__ import annotations

import os
import re
import sqlite3
import tempfile
from pathlib import Path

from ...base.atomic import give_usual_mode
from .errors import ProjectError

__all__ = ["DEFAULT_KEEP", "backup_folder", "copy_database", "list_backups", "latest_backup", "write_backup"]

DEFAULT_KEEP = 5


def backup_folder(project: Path) -> Path:
    return project.with_name(project.name + ".backups")


def _pattern(project: Path) -> re.Pattern[str]:
    return re.compile(re.escape(project.stem) + r"\.(\d{6,})" + re.escape(project.suffix) + "$")


def _numbered(project: Path) -> list[tuple[int, Path]]:
    folder = backup_folder(project)
    if not folder.is_dir():
        return []
    pattern = _pattern(project)
    numbered: list[tuple[int, Path]] = []
    for child in folder.iterdir():
        match = pattern.fullmatch(child.name)
        if match and child.is_file():
            numbered.append((int(match.group(1)), child))
    return sorted(numbered)


def list_backups(project: Path) -> list[Path]:
    """The backups of ``project``, oldest first."""
    return [path for _, path in _numbered(project)]


def latest_backup(project: Path) -> Path | None:
    backups = list_backups(project)
    return backups[-1] if backups else None


def write_backup(conn: sqlite3.Connection, project: Path, keep: int = DEFAULT_KEEP) -> Path:
    """Copy the open database ``conn`` (the file ``project``) into a new backup; drop the oldest."""
    if keep < 1:
        raise ValueError("keep must be at least 1")
    folder = backup_folder(project)
    existing = _numbered(project)
    number = existing[-1][0] + 1 if existing else 1
    target = folder / f"{project.stem}.{number:06d}{project.suffix}"
    try:
        folder.mkdir(exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        try:
            give_usual_mode(handle, target)  # a backup is as readable as any file the user makes
        finally:
            os.close(handle)
        temp = Path(temp_name)
        try:
            copy_database(conn, temp)
            os.replace(temp, target)
        finally:
            temp.unlink(missing_ok=True)
    except (OSError, sqlite3.Error) as exc:
        raise ProjectError(f"cannot write a backup of {project} into {folder}: {exc}") from None
    for old in list_backups(project)[:-keep]:
        old.unlink(missing_ok=True)
    return target


def copy_database(conn: sqlite3.Connection, temp: Path) -> None:
    """Copy the open database into the file ``temp`` as one self-contained file, flushed to disk."""
    copy = sqlite3.connect(temp)
    try:
        conn.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # no -wal beside the copy
    finally:
        copy.close()
    with open(temp, "rb") as stream:
        os.fsync(stream.fileno())
