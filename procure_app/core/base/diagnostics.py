"""Problems found in files, reported as ``PATH:LINE:COL: severity[RULE]: message``.

Every validator in Procure speaks in :class:`Diagnostic` objects so that the CLI, the GUI and
the tests see the same positions, rule ids and wording.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

__all__ = ["Diagnostic", "Severity", "ProblemError", "sort_diagnostics", "format_diagnostic"]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """One problem at one position of one file (line and column are 1-based)."""

    path: Path
    line: int
    column: int
    rule: str
    message: str
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        return format_diagnostic(self)

    def as_dict(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "rule": self.rule,
            "message": self.message,
        }


class ProblemError(Exception):
    """Raised when a file cannot be read any further; carries the diagnostic that says why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic


def format_diagnostic(diagnostic: Diagnostic) -> str:
    d = diagnostic
    return f"{d.path}:{d.line}:{d.column}: {d.severity.value}[{d.rule}]: {d.message}"


def sort_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Sort by file, then position, then rule, and drop exact repeats."""
    unique = set(diagnostics)
    return sorted(unique, key=lambda d: (str(d.path), d.line, d.column, d.rule, d.message))
