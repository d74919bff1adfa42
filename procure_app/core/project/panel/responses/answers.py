"""Reading what the bidder typed on a returned response form: the requirement answers and the bidder's details.

:class:`AnswerReader` checks that the rows of the Requirements sheet still hold the tender's
requirement keys, then reads each requirement's compliance choice, answer and evidence
reference, and the bidder's name, SME status and time of submission from the Instructions sheet.
An answer cell holding a formula, or more text than a cell can hold, is a problem naming the
cell; what merely cannot be recorded (an empty SME answer, a submission time that is not a date)
is a warning. Problems and warnings go to the :class:`~.cells.FormReading` being read.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from ....base.untrusted_xlsx import SheetRead
from ....tender.response_form_layout import (
    BIDDER_FIELDS,
    COMPLIANCE_OPTIONS,
    REQUIREMENT_COLUMNS,
    SHEET_INSTRUCTIONS,
    SHEET_REQUIREMENTS,
    SME_OPTIONS,
)
from ...store import COMPLIANCE_VALUES
from ..text_bounds import MAX_NAME, name_too_long, too_long
from .cells import ASK, CELL_B, FormReading, Refused, at, shown
from .model import RequirementAnswer

__all__ = ["MAX_NAME", "AnswerReader"]

_SUBMITTED = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?$")
_COLUMN = {name: index for index, name in enumerate(REQUIREMENT_COLUMNS, start=1)}


class AnswerReader:
    """Reads the answer cells of one form; problems and warnings go to the reading."""

    def __init__(self, reading: FormReading) -> None:
        self.reading = reading

    # -- the Requirements sheet -------------------------------------------------------------------

    def check_rows(self, sheet: SheetRead) -> None:
        """The header and the key of every row are where Procure wrote them."""
        header = tuple(sheet.text(1, column) for column in range(1, len(REQUIREMENT_COLUMNS) + 1))
        if header != REQUIREMENT_COLUMNS:
            raise Refused(f"{self.reading.name}: the header row of the '{SHEET_REQUIREMENTS}' sheet was changed; {ASK}")
        moved = []
        requirements = self.reading.requirements
        for row, requirement in enumerate(requirements, start=2):
            if sheet.text(row, 1) != requirement.key:
                moved.append(
                    f"{at(SHEET_REQUIREMENTS, row, 1)} holds '{shown(sheet.text(row, 1))}' instead of {requirement.key}"
                )
        if sheet.text(len(requirements) + 2, 1):
            moved.append(f"{at(SHEET_REQUIREMENTS, len(requirements) + 2, 1)} should be empty")
        if moved:
            more = f" (and {len(moved) - 3} more)" if len(moved) > 3 else ""
            raise Refused(
                f"{self.reading.name}: rows of the '{SHEET_REQUIREMENTS}' sheet were moved, inserted or deleted: "
                f"{'; '.join(moved[:3])}{more}; {ASK}"
            )

    def read_answers(self, sheet: SheetRead) -> list[RequirementAnswer]:
        answers = []
        columns = [_COLUMN[name] for name in ("Compliance", "Bidder's answer", "Evidence reference")]
        for row, requirement in enumerate(self.reading.requirements, start=2):
            compliance = self._compliance(sheet, row, columns[0])
            answer = self._text(sheet, SHEET_REQUIREMENTS, row, columns[1])
            evidence = self._text(sheet, SHEET_REQUIREMENTS, row, columns[2])
            answers.append(RequirementAnswer(requirement.key, compliance, answer or "", evidence or ""))
        return answers

    def _compliance(self, sheet: SheetRead, row: int, column: int) -> str | None:
        text = self._text(sheet, SHEET_REQUIREMENTS, row, column)
        if not text:
            return None
        wanted = " ".join(text.split()).casefold()
        for option, value in zip(COMPLIANCE_OPTIONS, COMPLIANCE_VALUES, strict=True):
            if wanted == option.casefold():
                return value
        choices = ", ".join(COMPLIANCE_OPTIONS)
        self.reading.problems.append(
            f"{at(SHEET_REQUIREMENTS, row, column)} holds '{shown(text)}', which is not one of the choices ({choices})"
        )
        return None

    def _text(self, sheet: SheetRead, name: str, row: int, column: int) -> str | None:
        """The text of an answer cell ('' when empty); None, with a problem, for a formula or an overlong text."""
        cell = sheet.cell(row, column)
        if cell is None:
            return ""
        if cell.is_formula:
            self.reading.problems.append(
                f"{at(name, row, column)} holds a formula ({shown(cell.value)}); answers must be "
                "typed, not calculated: ask the bidder to type the value itself"
            )
            return None
        value = cell.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        elif isinstance(value, datetime | date):
            value = value.isoformat()
        text = str(value).strip()
        if (problem := too_long(text)) is not None:
            self.reading.problems.append(f"{at(name, row, column)} {problem}")
            return None
        return text

    # -- the bidder's details ---------------------------------------------------------------------

    def read_bidder(self, sheet: SheetRead, facts: dict[str, Any]) -> tuple[str | None, bool | None, str | None]:
        cells = []
        for field_name, label, _ in BIDDER_FIELDS:
            match = CELL_B.match(str(facts.get(field_name) or ""))
            if match is None or sheet.text(int(match.group(1)), 1) != label:
                raise Refused(
                    f"{self.reading.name}: the bidder's details on the '{SHEET_INSTRUCTIONS}' sheet are not where "
                    f"the form put them ('{label}'); {ASK}"
                )
            cells.append(int(match.group(1)))
        name = self._text(sheet, SHEET_INSTRUCTIONS, cells[0], 2)
        if name and (problem := name_too_long(" ".join(name.split()))) is not None:
            self.reading.problems.append(f"{at(SHEET_INSTRUCTIONS, cells[0], 2)} {problem}")
        sme = self._sme(sheet, cells[1])
        submitted = self._submitted(sheet, cells[2])
        return (" ".join(name.split()) or None) if name else None, sme, submitted

    def _sme(self, sheet: SheetRead, row: int) -> bool | None:
        cell = sheet.cell(row, 2)
        if cell is not None and not cell.is_formula and isinstance(cell.value, bool):
            return cell.value
        text = self._text(sheet, SHEET_INSTRUCTIONS, row, 2)
        if text is None:
            return None
        if not text:
            self.reading.warnings.append(
                f"{at(SHEET_INSTRUCTIONS, row, 2)} does not say whether the bidder is an SME; "
                "it is recorded as not an SME"
            )
            return None
        for option, value in zip(SME_OPTIONS, (True, False), strict=True):
            if text.casefold() == option.casefold():
                return value
        self.reading.problems.append(
            f"{at(SHEET_INSTRUCTIONS, row, 2)} holds '{shown(text)}'; the SME answer is Yes or No"
        )
        return None

    def _submitted(self, sheet: SheetRead, row: int) -> str | None:
        cell = sheet.cell(row, 2)
        if cell is None:
            return None
        value = cell.value
        if not cell.is_formula and isinstance(value, datetime):
            return value.isoformat(timespec="seconds" if value.second else "minutes")
        if not cell.is_formula and isinstance(value, date):
            return value.isoformat()
        text = self._text(sheet, SHEET_INSTRUCTIONS, row, 2)
        if text and _SUBMITTED.match(text):
            try:
                datetime.fromisoformat(text)
                return text.replace(" ", "T")
            except ValueError:
                pass
        if text:
            self.reading.warnings.append(
                f"{at(SHEET_INSTRUCTIONS, row, 2)} holds '{shown(text)}', not a date and time; "
                "the time of submission was not recorded from the form"
            )
        return None
