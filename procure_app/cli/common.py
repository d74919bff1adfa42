"""What the ``procure`` command modules share: exit codes, the audit actor, problems printed, opening a project."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from ..core.base.diagnostics import Diagnostic
    from ..core.project.store import ProjectStore

__all__ = ["EXIT_OK", "EXIT_INVALID", "EXIT_USAGE", "ACTOR", "open_project", "print_diagnostics"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
ACTOR = "procure-cli"  # who the audit log names for changes made on the command line


def open_project(path: Path, *, backup: bool) -> ProjectStore | None:
    """The project at ``path``, open; None after a one-line message when it cannot be opened."""
    from ..core.project.store import ProjectError, ProjectStore

    if not path.is_file():
        print(f"procure: {path}: no such project file", file=sys.stderr)
        return None
    try:
        return ProjectStore.open(path, actor=ACTOR, backup=backup)
    except ProjectError as exc:
        print(f"procure: {exc}", file=sys.stderr)
        return None


def print_diagnostics(diagnostics: list[Diagnostic], stream: TextIO | None = None) -> None:
    """Each problem on one line, as the core formats it (file, place, rule and message)."""
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=stream or sys.stdout)
