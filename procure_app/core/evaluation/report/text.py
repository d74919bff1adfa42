"""Numbers, dates and small phrases as the evaluation report and the feedback letters write them.

Every number is rounded half away from zero with :func:`~procure_app.core.rubric.formulas.rounded`, and
money is written with :func:`~procure_app.core.base.formatting.format_money` in the evaluation's
currency, the English way (:data:`LANGUAGE`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, time
from decimal import Decimal

from ...base.formatting import format_date, format_money, format_number
from ...rubric.award_formulas import REGISTRY
from ...rubric.model import Rubric
from ..engine import BidResult, EvaluationResult, rounded
from ..evaluation_file import EvaluationFile

__all__ = [
    "LANGUAGE",
    "DASH",
    "HUNDRED",
    "ZERO",
    "FORMULA_NAMES",
    "score_text",
    "points_text",
    "money_text",
    "total_text",
    "datetime_text",
    "whole",
    "plural",
    "ordinal",
    "one_line",
    "references",
    "fractions",
    "scale_top",
    "bid_label",
    "lot_phrase",
    "latest_submission",
]

LANGUAGE = "en-GB"
DASH = "—"
HUNDRED = Decimal(100)
ZERO = Decimal(0)
FORMULA_NAMES = {formula.id: formula.report_name for formula in REGISTRY.values()}


def score_text(value: Decimal | None) -> str:
    """A score, quality or total with 2 decimals (``—`` when there is none)."""
    return DASH if value is None else format_number(rounded(value, 2), LANGUAGE, places=2)


def points_text(value: Decimal) -> str:
    """A weight or a change of weight: rounded to 2 decimals, trailing zeros dropped (``17.7``)."""
    return format_number(rounded(value, 2), LANGUAGE)


def money_text(value: Decimal | None, currency: str) -> str:
    """An amount rounded to the cent, in ``currency`` (``—`` when there is none)."""
    return DASH if value is None else format_money(rounded(value, 2), currency, LANGUAGE)


def total_text(result: EvaluationResult, value: Decimal | None, currency: str) -> str:
    """A total ``T``: money for ``award-on-value`` (a fictional price), otherwise a score."""
    if value is not None and result.formula == "award-on-value":
        return money_text(value, currency)
    return score_text(value)


def datetime_text(value: datetime | None) -> str:
    """``5 April 2027, 16:12`` (the time only when the file gives one)."""
    if value is None:
        return "not recorded"
    day = format_date(value.date(), LANGUAGE)
    return day if value.time() == time(0, 0) else f"{day}, {value:%H:%M}"


def whole(value: Decimal) -> str:
    """A number as it is, without rounding (``4``, ``1,000``)."""
    return format_number(value, LANGUAGE)


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 bid``, ``3 bids``; ``many`` is the plural when adding an ``s`` is wrong."""
    return f"{whole(Decimal(count))} {word if count == 1 else many or word + 's'}"


def ordinal(number: int) -> str:
    """``1st``, ``2nd``, ``11th``."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def one_line(text: str) -> str:
    """``text`` with every run of white space made one space."""
    return " ".join(text.split())


def references(guidelines: Iterable[str], clauses: Iterable[str] = ()) -> str:
    """``Guidelines 2.2.4; clauses C-1, C-2`` (``—`` when there is none)."""
    parts = []
    guidelines, clauses = list(guidelines), list(clauses)
    if guidelines:
        parts.append("Guidelines " + ", ".join(guidelines))
    if clauses:
        parts.append("clauses " + ", ".join(clauses))
    return "; ".join(parts) or DASH


def fractions(weights: Sequence[Decimal]) -> list[Decimal]:
    """Each weight as a fraction of their sum (all 0 when the sum is not positive)."""
    total = sum(weights, ZERO)
    return [ZERO if total <= ZERO else weight / total for weight in weights]


def scale_top(rubric: Rubric) -> str:
    """The top of the rating scale, or ``M`` when the rubric has no scale."""
    return whole(Decimal(rubric.scale_max)) if rubric.scale else "M"


def bid_label(bid: BidResult) -> str:
    """``Bidder (bid-id)``."""
    return f"{bid.bidder} ({bid.bid})"


def lot_phrase(evaluation: EvaluationFile) -> str:
    """``lot 1 of `` or nothing, to put before "the tender …"."""
    return f"lot {evaluation.lot} of " if evaluation.lot else ""


def latest_submission(evaluation: EvaluationFile) -> datetime | None:
    """When the last bid was submitted (``None`` when no bid gives a time)."""
    return max((bid.submitted for bid in evaluation.bids if bid.submitted is not None), default=None)
