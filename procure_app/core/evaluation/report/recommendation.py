"""Section 8 of the evaluation report: the award recommendation.

Whom the panel recommends (or why it cannot recommend anyone yet), the winner's total and its
margin over the bid ranked second, how often it ranked first under perturbed weights, and the
steps that must come before the contract is signed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..engine import BidResult, rounded
from .inputs import ReportInputs
from .text import HUNDRED, bid_label, ordinal, points_text, score_text, whole

__all__ = ["recommendation_section"]

# The engine's notes on the result that the recommendation repeats.
_PENDING = ("incomplete-scores", "gates-pending")
_CAVEATS = ("one-bid", "all-prices-equal", "formula-fallback")


def recommendation_section(report: ReportInputs) -> dict[str, Any]:
    """Section 8: the recommendation and the panel's approval."""
    result = report.result
    winner = result.bid(result.winner) if result.winner else None
    lead, bullets = _lead(report, winner)
    text = _standing(report, winner) if winner is not None and winner.total is not None else []
    text.append(
        "Before the contract is signed every bidder is told the outcome and the reasons for it (the feedback "
        "letters), and the standstill period stated in the tender documents is observed."
    )
    return {
        "recommendation_lead": lead,
        "recommendation": text,
        "recommendation_list": bullets,
        "approval_intro": ["The members of the panel confirm that this report is a true record of their evaluation."],
    }


def _lead(report: ReportInputs, winner: BidResult | None) -> tuple[list[str], list[str]]:
    """The opening sentence, and the notes that explain why no award can be recommended yet."""
    result = report.result
    if winner is not None and not result.provisional:
        return [f"The panel recommends awarding the contract to {bid_label(winner)}."], []
    if winner is not None:
        return [
            f"Provisional: {bid_label(winner)} ranks first for now, but no award can be recommended until the "
            "evaluation is complete."
        ], [note.message for note in result.notes if note.code in _PENDING]
    return ["No award can be recommended."], [note.message for note in result.notes] or ["No bid ranks first alone."]


def _standing(report: ReportInputs, winner: BidResult) -> list[str]:
    """Where the winner stands: its total and margin, its share of first ranks, its price, the caveats."""
    result, sensitivity = report.result, report.sensitivity
    text = [_total_sentence(report, winner) + _margin(report, winner)]
    share = sensitivity.share(winner.bid)
    if share is not None and sensitivity.draws:
        text.append(
            f"It ranked first in {points_text(HUNDRED * share)} % of the "
            f"{whole(Decimal(sensitivity.draws))} draws with perturbed weights (section 7)."
        )
    if winner.abnormally_low:
        text.append(
            "Its price is abnormally low (section 6.1): the award decision must wait for the bidder's "
            "explanation and the buyer's assessment of it."
        )
    for code in _CAVEATS:
        note = result.note(code)
        if note is not None:
            text.append(note.message)
    return text


def _total_sentence(report: ReportInputs, winner: BidResult) -> str:
    result = report.result
    count = len(result.ranking)
    return (
        (
            "It is the only bid in the competition, with a "
            if count == 1
            else f"It ranks first of the {count} bids in the competition with a "
        )
        + f"{'fictional price' if result.lowest_wins else 'total'} of {report.total(winner.total)} "
        f"(quality {score_text(winner.quality)}, price {report.money(winner.price)})"
    )


def _margin(report: ReportInputs, winner: BidResult) -> str:
    """How far ahead of the bid ranked second the winner is (``; no other bid …`` when there is none)."""
    result = report.result
    second_id = next((bid for bid in result.ranking if bid != winner.bid), None)
    second = result.bid(second_id) if second_id else None
    if second is None or second.total is None or winner.total is None:
        return "; no other bid is in the competition."
    gap = abs(rounded(winner.total, 2) - rounded(second.total, 2))
    unit = report.money(gap) if result.lowest_wins else f"{score_text(gap)} points"
    return (
        f", {unit} ahead of {bid_label(second)}, ranked {ordinal(second.rank or 2)} with {report.total(second.total)}."
    )
