"""Reading the answer cells of a returned scoresheet: scores, texts and declarations.

Each reader returns the value, or a problem phrased to follow the cell's address
("Scores!F12 holds …"). The rules, also in ``docs/scoresheets.md``:

- A formula in an answer cell is refused, whatever it computes: the chair must see the number the
  evaluator chose, and a formula can change with the file it is opened beside.
- A score is a number, or text that is a clean number ("3", " 3 ", "3.0"): some programs store a
  number typed into a text-formatted cell as text, and nothing is lost by reading it. Any other
  text ("3 - good", "three", "3,5") is refused. TRUE/FALSE and dates are refused.
- A score must then be a whole number that is a level of the rubric's scale (4.0 counts as 4).
- A declaration is one of the two choices of the list, read without regard to case or spaces.
- A text (a justification, a conflict statement) holds at most 32,767 characters, what a
  spreadsheet cell can hold (:mod:`..text_bounds`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Generic, TypeVar

from ....base.untrusted_xlsx import CellRead
from ....rubric.model import Rubric, is_whole, on_scale
from ..text_bounds import too_long
from .layout import DECLARATION_OPTIONS

__all__ = ["Answer", "read_score", "read_text", "read_declaration", "check_scale", "printable"]

_CLEAN_NUMBER = re.compile(r"^[+-]?\d+(\.\d*)?$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
T = TypeVar("T")


@dataclass(frozen=True)
class Answer(Generic[T]):
    value: T | None = None
    problem: str | None = None


def printable(value: object, limit: int = 40) -> str:
    """Text from the file, safe to put in a message: no control or direction characters, and short."""
    text = " ".join(_CONTROL.sub(" ", str(value)).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _formula(cell: CellRead) -> str:
    return f"holds a formula ({printable(cell.value)}); type the value itself, not a formula"


def read_score(cell: CellRead | None) -> Answer[Decimal]:
    """The score in ``cell`` (None when empty), or why it is not a score."""
    if cell is None or cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
        return Answer()
    if cell.is_formula:
        return Answer(problem=_formula(cell))
    value = cell.value
    if isinstance(value, bool):
        return Answer(problem=f"holds {str(value).upper()}, not a score")
    if isinstance(value, int):
        return Answer(Decimal(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            return Answer(problem="does not hold a number")
        return Answer(Decimal(repr(value)))
    if isinstance(value, str):
        text = value.strip()
        if _CLEAN_NUMBER.match(text):
            try:
                return Answer(Decimal(text))
            except InvalidOperation:  # pragma: no cover  # the pattern only lets numbers through
                pass
        return Answer(problem=f"holds the text '{printable(text)}', not a number")
    return Answer(problem=f"holds a {type(value).__name__}, not a number")


def check_scale(score: Decimal, rubric: Rubric) -> str | None:
    """Why ``score`` is not a level of the rubric's scale (None when it is one)."""
    if on_scale(score, (level.score for level in rubric.scale)):
        return None
    if not is_whole(score):
        return f"holds {format(score, 'f')}, which is not a whole number"
    return f"holds {format(score.normalize(), 'f')}, outside the scale ({rubric.scale_min} to {rubric.scale_max})"


def read_text(cell: CellRead | None) -> Answer[str]:
    """The text in ``cell``, stripped (``""`` when empty), or a problem for a formula or a text longer
    than a spreadsheet cell can hold (:mod:`..text_bounds`)."""
    if cell is None or cell.value is None:
        return Answer("")
    if cell.is_formula:
        return Answer(problem=_formula(cell))
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    problem = too_long(text)
    return Answer(problem=problem) if problem else Answer(text)


def read_declaration(cell: CellRead | None) -> Answer[bool]:
    """True for a declared conflict, False for none; None when empty; or a problem."""
    text = read_text(cell)
    if text.problem is not None:
        return Answer(problem=text.problem)
    if not text.value:
        return Answer()
    wanted = " ".join(text.value.split()).casefold()
    for conflicted, option in enumerate(DECLARATION_OPTIONS):
        if wanted == option.casefold():
            return Answer(bool(conflicted))
    return Answer(problem=f"holds '{printable(text.value)}', which is not one of the choices")
