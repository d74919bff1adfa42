"""Errors raised by the project file; every message is one sentence meant for the user."""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "ProjectError",
    "NotAProjectError",
    "NewerVersionError",
    "DamagedProjectError",
    "ForeignFileError",
    "ForeignSchemaError",
    "ForeignContentError",
    "ProjectInUseError",
    "ReadOnlyProjectError",
    "DiskFullError",
    "ProjectFileGoneError",
]


class ProjectError(Exception):
    """A project file could not be created, opened or changed; ``str(error)`` is for the user."""


class NotAProjectError(ProjectError):
    """The file is not an SQLite database, or an SQLite database that Procure did not create."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        super().__init__(f"{path} is not a Procure project file: {reason}")


class NewerVersionError(ProjectError):
    """The file was written by a newer Procure, whose schema this version does not know."""

    def __init__(self, path: Path, file_version: int, supported_version: int) -> None:
        self.path = path
        self.file_version = file_version
        self.supported_version = supported_version
        super().__init__(
            f"{path} was saved by a newer version of Procure (project format {file_version}; this version "
            f"reads formats up to {supported_version}). Update Procure to open it; the file was not changed"
        )


class DamagedProjectError(ProjectError):
    """The file failed SQLite's integrity check; ``backup`` is the newest automatic backup, if any."""

    def __init__(self, path: Path, details: list[str], backup: Path | None) -> None:
        self.path = path
        self.details = details
        self.backup = backup
        offer = (
            f"the newest automatic backup is {backup}; open that instead"
            if backup is not None
            else "no automatic backup was found"
        )
        first = details[0] if details else "unknown damage"
        super().__init__(f"{path} is damaged ({first}); {offer}")


class ForeignFileError(ProjectError):
    """A file Procure did not write: refused before anything is written; ``finding`` says why."""

    def __init__(self, path: Path, finding: str) -> None:
        self.path = path
        self.finding = finding
        super().__init__(f"{path}: {finding}; it was not opened. Ask the sender for a file exported from Procure")


class ForeignSchemaError(ForeignFileError):
    """The file holds database objects Procure did not create, or lacks ones it does."""

    def __init__(self, path: Path, finding: str) -> None:
        super().__init__(path, f"this project file {finding}")


class ForeignContentError(ForeignFileError):
    """A value in the file has a type or form Procure never writes (e.g. a score that is not a number)."""

    def __init__(self, path: Path, finding: str) -> None:
        super().__init__(path, f"{finding}, which Procure never writes")


class ProjectInUseError(ProjectError):
    """Another program holds the file (SQLite reports it as locked): the file is fine, only busy."""

    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        super().__init__(f"{path} is in use by another program ({detail}); close it there and try again")


class ReadOnlyProjectError(ProjectError):
    """The file (or its folder) cannot be written: it can be read, verified and exported, not edited."""

    def __init__(self, path: Path, what: str = "edits are not possible") -> None:
        self.path = path
        super().__init__(
            f"{path} is read-only (the file or its folder cannot be written); {what}. "
            "Copy it to a folder you can write to, or change its permissions"
        )


class DiskFullError(ProjectError):
    """A write ran out of space; the transaction was rolled back, so the file is as it was."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path}: the disk is full; nothing was changed. Free some space and try again")


class ProjectFileGoneError(ProjectError):
    """The file was moved, renamed, deleted or its drive removed while open: nothing more can be
    saved into it. What was saved before is still readable through the open connection (SQLite
    keeps an unlinked file's content until it is closed), so it can be saved elsewhere."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"{path} was moved or deleted while it was open, so this change was not saved; everything "
            "saved before it is still held in memory. Save the project elsewhere to keep working"
        )
