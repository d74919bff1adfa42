"""Errors raised by the project file; every message is one sentence meant for the user."""

from __future__ import annotations

from pathlib import Path

__all__ = ["ProjectError", "NotAProjectError", "NewerVersionError", "DamagedProjectError"]


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
