"""A clause library loaded with every check run on it: what the CLI, the app and a tender build use.

:func:`load_checked_library` loads a library folder, its guidelines model, and runs the schema and
cross-checks; :func:`find_library_root` finds the library a clause file belongs to.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..base.diagnostics import Diagnostic, ProblemError, sort_diagnostics
from ..base.yamlio import collector_paused
from .clauses import MANIFEST_NAME, ClauseLibrary, load_library
from .crosscheck import cross_check
from .guidelines import GuidelinesModel, load_guidelines

__all__ = ["find_library_root", "guidelines_or_problem", "load_checked_library"]


def find_library_root(path: Path) -> Path | None:
    """The nearest folder at or above ``path`` that holds a ``library.yaml``."""
    start = path if path.is_dir() else path.parent
    for folder in (start, *start.parents):
        if (folder / MANIFEST_NAME).is_file():
            return folder
    return None


def load_checked_library(
    root: Path, guidelines_path: Path, today: date | None = None
) -> tuple[ClauseLibrary, list[Diagnostic]]:
    """Load a library and run every check on it: the entry point for the CLI and the GUI."""
    with collector_paused():
        guidelines, problems = guidelines_or_problem(guidelines_path)
        load = load_library(root)
        problems = problems + load.diagnostics + cross_check(load, guidelines, today)
    return load.library, sort_diagnostics(problems)


def guidelines_or_problem(path: Path) -> tuple[GuidelinesModel | None, list[Diagnostic]]:
    """The guidelines model, or None and the problem that stopped it loading."""
    try:
        return load_guidelines(path)
    except ProblemError as problem:
        return None, [problem.diagnostic]
