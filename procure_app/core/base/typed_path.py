"""What a path typed into a field means: a file to write, or a folder to write into, or why not.

A path field receives every text a user can type, one keystroke at a time: ``/``, ``.``, ``~nobody``,
a name with a control character, a name too long for the file system. These functions never raise;
they say what the text names, or which problem stops it, so that the dialog can say so at the field
and keep its OK button off until the text names something writable.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

__all__ = ["PathProblem", "TypedPath", "file_to_write", "folder_to_write_into"]


class PathProblem(Enum):
    """Why a typed text names nothing that can be written."""

    EMPTY = "empty"  # nothing typed yet
    CONTROL_CHARACTER = "control character"  # a tab, a NUL … cannot be in a file name
    NO_HOME = "no home"  # ``~name`` whose user this computer does not know
    IS_FOLDER = "is folder"  # a file was asked for, and the text names a folder
    NO_FOLDER = "no folder"  # the folder it would be written into does not exist
    UNUSABLE = "unusable"  # the file system refuses the name (too long, not allowed …)


@dataclass(frozen=True)
class TypedPath:
    """The file or folder a text names (``problem`` is None), or the problem, with the path it is about."""

    path: Path | None
    problem: PathProblem | None = None
    exists: bool = False  # the file is there already and would be replaced

    @property
    def usable(self) -> bool:
        return self.problem is None and self.path is not None


def _expanded(text: str) -> Path | PathProblem:
    text = text.strip()
    if not text:
        return PathProblem.EMPTY
    if any(unicodedata.category(character) == "Cc" for character in text):
        return PathProblem.CONTROL_CHARACTER
    try:
        return Path(text).expanduser()
    except RuntimeError:  # "~someone" when that user is unknown
        return PathProblem.NO_HOME


def _is_dir(path: Path) -> bool | PathProblem:
    try:
        return path.is_dir()
    except (OSError, ValueError):  # a name too long, a reserved name on Windows …
        return PathProblem.UNUSABLE


def file_to_write(text: str, suffix: str) -> TypedPath:
    """The file ``text`` names, with ``suffix`` (".docx") added when it is not there already."""
    expanded = _expanded(text)
    if isinstance(expanded, PathProblem):
        return TypedPath(None, expanded)
    separators = tuple(sep for sep in (os.sep, os.altsep, "/") if sep)
    folder_named = not expanded.name or expanded.name in (".", "..") or text.strip().endswith(separators)
    is_dir = _is_dir(expanded)
    if isinstance(is_dir, PathProblem):
        return TypedPath(expanded, is_dir)
    if folder_named or is_dir:
        return TypedPath(expanded, PathProblem.IS_FOLDER)
    path = expanded if expanded.suffix.lower() == suffix.lower() else expanded.with_name(expanded.name + suffix)
    parent_is_dir = _is_dir(path.parent)
    if isinstance(parent_is_dir, PathProblem):
        return TypedPath(path, parent_is_dir)
    if not parent_is_dir:
        return TypedPath(path, PathProblem.NO_FOLDER)
    try:
        exists = path.exists()
    except (OSError, ValueError):
        return TypedPath(path, PathProblem.UNUSABLE)
    return TypedPath(path, exists=exists)


def folder_to_write_into(text: str) -> TypedPath:
    """The existing folder ``text`` names."""
    expanded = _expanded(text)
    if isinstance(expanded, PathProblem):
        return TypedPath(None, expanded)
    is_dir = _is_dir(expanded)
    if isinstance(is_dir, PathProblem):
        return TypedPath(expanded, is_dir)
    return TypedPath(expanded) if is_dir else TypedPath(expanded, PathProblem.NO_FOLDER)
