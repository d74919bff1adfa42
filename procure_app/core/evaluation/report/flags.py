"""Section 6 of the evaluation report: flags on the result.

Abnormally low tenders (how the threshold is set, the bids below it and what the buyer must do
before the award decision), then the engine's and the sensitivity analysis's notes on the result.
"""

from __future__ import annotations

from typing import Any

from ..engine import BidResult
from .inputs import ReportInputs
from .text import DASH, HUNDRED, ZERO, plural, points_text, score_text

__all__ = ["flags_section"]

_DUTIES = [
    "ask the bidder in writing to explain the price or the costs it proposes, for example the economics of "
    "its method, its technical solutions or exceptionally favourable conditions, its compliance with "
    "environmental, social and labour law and with subcontracting obligations, or State aid received;",
    "assess the explanation together with the evidence the bidder gives;",
    "reject the bid only if the evidence does not account for the low price, and reject it when the price "
    "is low because the bid does not comply with environmental, social or labour law obligations;",
    "record the request, the explanation and the decision in the procurement file.",
]


def flags_section(report: ReportInputs) -> dict[str, Any]:
    """Section 6: abnormally low tenders and the notes on the result."""
    flagged = [bid for bid in report.result.bids if bid.abnormally_low]
    return {
        "abnormal_intro": _abnormal_intro(report, flagged),
        "abnormal": _abnormal_rows(report, flagged),
        "abnormal_duties_intro": [
            "A flagged bid is not excluded automatically. Before the award decision the buyer must:"
        ],
        "abnormal_duties": list(_DUTIES),
        "result_notes": _result_notes(report),
    }


def _abnormal_intro(report: ReportInputs, flagged: list[BidResult]) -> list[str]:
    rubric, result = report.rubric, report.result
    if rubric.abnormally_low_percent is None:
        return ["The rubric does not flag abnormally low prices."]
    if result.mean_price is None:
        return ["No bid in the competition has a valid price: there is nothing to compare."]
    priced = sum(1 for bid in result.competition if bid.price is not None)
    return [
        f"The mean valid price of the {plural(priced, 'bid')} in the competition is "
        f"{report.money(result.mean_price)}; a price below {points_text(rubric.abnormally_low_percent)} % of "
        f"it ({report.money(result.abnormally_low_threshold)}) is abnormally low. "
        + (f"{plural(len(flagged), 'bid is', 'bids are')} below it." if flagged else "No bid is below it.")
    ]


def _abnormal_rows(report: ReportInputs, flagged: list[BidResult]) -> list[dict[str, str]]:
    mean = report.result.mean_price
    return [
        {
            "bid": bid.bid,
            "bidder": bid.bidder,
            "price": report.money(bid.price),
            "share": f"{score_text(HUNDRED * (bid.price or ZERO) / mean)} %" if mean else DASH,
        }
        for bid in flagged
    ]


def _result_notes(report: ReportInputs) -> list[str]:
    notes = [note.message for note in report.result.notes]
    notes.extend(report.sensitivity.notes)
    if not notes:
        notes = [
            "No note on this result: no tie is left unbroken, no gate result or score is missing and the "
            "formula needed no fallback."
        ]
    return notes
