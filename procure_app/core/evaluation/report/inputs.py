"""What every section of the evaluation report reads, and the phrases the sections share.

A :class:`ReportInputs` holds the rubric, the evaluation file, the engine's result, the
sensitivity analysis and the optional date of the report, with the lookups the sections need
(a bid's or an evaluator's name, a criterion's title) and money and totals in the file's currency.
Each section module turns one into plain data for the template.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ...rubric.model import Rubric
from ..engine import EvaluationResult
from ..evaluation_file import EvaluationFile
from ..sensitivity import SensitivityResult
from .text import bid_label, money_text, total_text

__all__ = ["ReportInputs"]


class ReportInputs:
    """The inputs of one report, with the lookups and formats every section shares."""

    def __init__(
        self,
        rubric: Rubric,
        evaluation: EvaluationFile,
        result: EvaluationResult,
        sensitivity: SensitivityResult,
        report_date: date | None,
    ) -> None:
        self.rubric = rubric
        self.evaluation = evaluation
        self.result = result
        self.sensitivity = sensitivity
        self.report_date = report_date
        self.currency = evaluation.currency
        self.evaluators = {e.id: e for e in evaluation.evaluators}
        self.criterion_titles = {c.id: c.title for _, c in rubric.criteria()}

    def money(self, value: Decimal | None) -> str:
        """An amount in the evaluation's currency (``—`` when there is none)."""
        return money_text(value, self.currency)

    def total(self, value: Decimal | None) -> str:
        """A total ``T``: money for a fictional price, otherwise a score."""
        return total_text(self.result, value, self.currency)

    def name(self, bid_id: str | None) -> str:
        """``Bidder (bid-id)``, or the id alone when the result has no such bid."""
        bid = self.result.bid(bid_id) if bid_id else None
        return bid_label(bid) if bid else str(bid_id)

    def evaluator_name(self, evaluator_id: str) -> str:
        evaluator = self.evaluators.get(evaluator_id)
        return evaluator.name if evaluator else evaluator_id

    def criterion_title(self, criterion_id: str) -> str:
        return self.criterion_titles.get(criterion_id, criterion_id)
