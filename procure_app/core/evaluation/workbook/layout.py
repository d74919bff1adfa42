"""Where everything is in the evaluation workbook: sheet names, table positions and cell addresses.

The sheets refer to one another's cells (Summary reads Prices, Scores reads the Eval sheets and
Moderation, …), so every position is decided here, once, by :class:`Plan`; the sheet modules only
ask it. Each sheet is written top to bottom, so nothing here depends on what was written before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from openpyxl.utils import get_column_letter

from ...rubric.award_formulas import REGISTRY
from ...rubric.model import Criterion, Group, Rubric
from ..engine import BidResult, EvaluationResult
from ..evaluation_file import Bid, EvaluationFile, Evaluator
from ..sensitivity import SensitivityResult

SHEET_SUMMARY = "Summary"
SHEET_SCORES = "Scores"
SHEET_MODERATION = "Moderation"
SHEET_PRICES = "Prices"
SHEET_GATES = "Gates"
SHEET_SENSITIVITY = "Sensitivity"
SHEET_NOTES = "Notes"
FIXED_SHEETS = (
    SHEET_SUMMARY,
    SHEET_SCORES,
    SHEET_MODERATION,
    SHEET_PRICES,
    SHEET_GATES,
    SHEET_SENSITIVITY,
    SHEET_NOTES,
)
FLAG = "yes"  # what a raised flag shows

# -- the first row of each table (the rows above hold titles, settings and headers) -------------
SUMMARY_TOP = 11
SCORES_TOP = 7
MODERATION_TOP = 6
PRICES_TOP = 15
GATES_TOP = 5
# Summary columns
S_BID, S_BIDDER, S_SME, S_IN, S_Q, S_P, S_S, S_T, S_RANK, S_LOW, S_MOD, S_WHY = range(1, 13)
# Prices columns
P_BID, P_BIDDER, P_CAPEX, P_OPEX, P_MAINT, P_YEARS, P_RATE, P_PRICE, P_VALID, P_IN = range(1, 11)
P_Q, P_S, P_T, P_LOW, P_TR, P_QR, P_PR, P_SUB, P_RANK = range(11, 20)
# Summary settings cells
WQ_INPUT, WP_INPUT = "$B$5", "$B$6"
# Prices settings cells (column C) and computed cells (column H)
RATE, WQ, WP, PARAMETER, LOW_PERCENT = "$C$6", "$C$8", "$C$9", "$C$10", "$C$11"
PBEST, PMAX, MEAN, THRESHOLD, QBEST, RANKED = "$H$5", "$H$6", "$H$7", "$H$8", "$H$9", "$H$10"
SCALE_MAX = "$C$3"  # on Scores
SPREAD_LIMIT = "$D$3"  # on Moderation

FORMULA_WORDS = {formula.id: formula.workbook_words for formula in REGISTRY.values()}
WITH_PRICE_SCORE = tuple(formula.id for formula in REGISTRY.values() if formula.price_score)


def evaluator_sheet_name(evaluator_id: str, taken: Iterable[str] = ()) -> str:
    """``Eval - <id>`` within the 31 characters a sheet name may have, unique among ``taken``."""
    used = {name.lower() for name in taken}
    base = f"Eval - {evaluator_id}"[:31]
    name, number = base, 2
    while name.lower() in used:
        suffix = f" {number}"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    return name


@dataclass(frozen=True)
class Plan:
    """The evaluation and its result, and the position of every table and cell the sheets share."""

    rubric: Rubric
    evaluation: EvaluationFile
    result: EvaluationResult
    sensitivity: SensitivityResult
    sheets: dict[str, str]  # evaluator id -> sheet name
    rows: dict[str, int]  # group or criterion id -> row on Scores and the evaluator sheets
    criteria: tuple[tuple[Group, Criterion], ...]
    positions: dict[str, int]  # criterion id -> its position among all criteria

    @staticmethod
    def make(
        rubric: Rubric, evaluation: EvaluationFile, result: EvaluationResult, sensitivity: SensitivityResult
    ) -> Plan:
        names: dict[str, str] = {}
        for evaluator in evaluation.evaluators:
            names[evaluator.id] = evaluator_sheet_name(evaluator.id, [*FIXED_SHEETS, *names.values()])
        rows: dict[str, int] = {}
        row = SCORES_TOP
        for group in rubric.groups:
            rows[group.id] = row
            for offset, criterion in enumerate(group.criteria, start=1):
                rows[criterion.id] = row + offset
            row += len(group.criteria) + 1
        criteria = tuple(rubric.criteria())
        positions: dict[str, int] = {}
        for position, (_, criterion) in enumerate(criteria):
            positions.setdefault(criterion.id, position)
        return Plan(rubric, evaluation, result, sensitivity, names, rows, criteria, positions)

    @property
    def bids(self) -> tuple[BidResult, ...]:
        return self.result.bids

    @property
    def formula(self) -> str:
        return self.result.formula

    @property
    def award_on_value(self) -> bool:
        return self.formula == "award-on-value"

    def bid(self, bid_id: str) -> Bid | None:
        return self.evaluation.bid(bid_id)

    def conflicted(self, evaluator: Evaluator, bid_id: str) -> bool:
        return bid_id in evaluator.conflicts

    # Scores sheet
    @property
    def first_bid_column(self) -> int:
        return 6 if self.award_on_value else 5

    def score_column(self, index: int) -> int:
        return self.first_bid_column + index

    @property
    def scores_end(self) -> int:
        """The last row of the criteria table."""
        return max(self.rows.values(), default=SCORES_TOP - 1)

    @property
    def quality_row(self) -> int:
        return self.scores_end + 2

    @property
    def scored_row(self) -> int:
        return self.quality_row + 1

    @property
    def minimums_row(self) -> int:
        return self.quality_row + 2

    @property
    def value_row(self) -> int:
        return self.quality_row + 3

    # the other sheets
    def summary_row(self, index: int) -> int:
        return SUMMARY_TOP + index

    def price_row(self, index: int) -> int:
        return PRICES_TOP + index

    def moderation_row(self, index: int, criterion: int) -> int:
        return MODERATION_TOP + index * len(self.criteria) + criterion

    def gate_row(self, index: int, gate: int) -> int:
        return GATES_TOP + index * len(self.rubric.gates) + gate

    @property
    def moderation_columns(self) -> tuple[int, int, int, int]:
        """Spread, flag, consensus and reason columns of the Moderation sheet."""
        spread = 4 + len(self.evaluation.evaluators)
        return spread, spread + 1, spread + 2, spread + 3

    def bid_rows(self, first: int) -> tuple[int, int]:
        """The first and last row of a one-row-per-bid table (one blank row when there are no bids)."""
        return first, first + max(len(self.bids), 1) - 1


# -- addresses --------------------------------------------------------------------------------


def at(column: int, row: int, absolute: bool = False) -> str:
    letter = get_column_letter(column)
    return f"${letter}${row}" if absolute else f"{letter}{row}"


def span(column: int, first: int, last: int) -> str:
    """An absolute single-column range."""
    return f"{at(column, first, True)}:{at(column, last, True)}"


def sheet_ref(sheet: str, address: str) -> str:
    if sheet.replace("_", "").isalnum():
        return f"{sheet}!{address}"
    return "'" + sheet.replace("'", "''") + "'!" + address


def as_number(value: Decimal | int) -> int | float:
    """A cell value: whole numbers as int, others as float."""
    if isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() else float(value)


def money_format(currency: str) -> str:
    return f'#,##0.00 "{currency}"'
