"""What the modules reading a returned response form share: one reading's state, and its small helpers.

:class:`FormReading` holds the form being read, the project's tender it is checked against, and
what the user must be told: the problems (all reported together, refusing the form), the warnings
and the notes. A problem that stops the reading at once raises :class:`Refused`. Cells are named
in messages as ``Sheet!B7`` (:func:`at`), and what a cell holds is shown shortened (:func:`shown`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ....base.untrusted_xlsx import WorkbookRead
from ....tender.assembly import AssembledTender

__all__ = ["ASK", "CELL_B", "Refused", "FormReading", "at", "shown", "whole"]

ASK = "ask the bidder for the form exactly as Procure made it, filled in"
CELL_B = re.compile(r"^B([1-9]\d{0,5})$")


class Refused(Exception):
    """The form cannot be read any further; ``problem`` says why, for the user."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


class FormReading:
    """One returned form being read; problems are collected, warnings and notes kept for the user."""

    def __init__(self, path: Path, workbook: WorkbookRead, tender: AssembledTender) -> None:
        self.path = path
        self.name = path.name
        self.workbook = workbook
        self.tender = tender
        self.requirements = tender.requirements()
        self.problems: list[str] = []
        self.warnings: list[str] = []
        self.notes: list[str] = []


def at(sheet: str, row: int, column: int) -> str:
    """A cell's place as a spreadsheet names it (``Price!B6``)."""
    # Imported here: naming a cell is for a message, and openpyxl is not needed to open the app.
    from openpyxl.utils import get_column_letter

    return f"{sheet}!{get_column_letter(column)}{row}"


def shown(value: Any) -> str:
    text = str(value).strip()
    return text if len(text) <= 40 else text[:39] + "…"


def whole(value: Any) -> int | None:
    """A whole number written as an int, an integral float or clean digits; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 10:
        return int(value.strip())
    return None
