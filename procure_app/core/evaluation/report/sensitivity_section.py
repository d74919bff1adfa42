"""Section 7 of the evaluation report: how firmly the result depends on the published weights.

The tipping points in plain sentences (for each weight, the smallest change that gives another
winner), then how often each bid ranked first when every weight was perturbed at random.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ...rubric.award_formulas import award_formula
from ..sensitivity import SPLIT, Shift, TippingPoint
from .inputs import ReportInputs
from .text import HUNDRED, plural, points_text, whole

__all__ = ["sensitivity_section", "shift_sentence"]

# The formulas with a quality/price split the analysis also moves.


def sensitivity_section(report: ReportInputs) -> dict[str, Any]:
    """Section 7: tipping points and rank-one probabilities."""
    sensitivity = report.sensitivity
    other = _other(report)
    entry = award_formula(report.result.formula)
    both = entry is not None and entry.weight_split
    return {
        "sensitivity_intro": [
            "How firmly does the result depend on the published weights? Two tests recompute the totals with "
            "other weights, keeping the scores, the prices and the exclusions as they are.",
            *sensitivity.notes,
        ],
        "tipping_intro": [
            "For each group weight (the other group weights scaled in proportion so that they still sum to "
            "100)"
            + (" and for the split between quality and price" if both else "")
            + f", the smallest change, to 0.01 points, that gives {other}:"
        ],
        "tipping": [_tipping_bullet(report, point) for point in sensitivity.tipping_points],
        "tipping_after": _tipping_after(report),
        "rank_one_intro": [
            "Every weight (each group and criterion weight"
            + (", and the quality and price weights" if both else "")
            + f") was multiplied at random by a factor within ±{points_text(sensitivity.perturbation_percent)} % in "
            f"{plural(sensitivity.draws, 'draw')} with random seed {sensitivity.seed}, so the same file "
            "always gives the same numbers. How often each bid in the competition ranked first:"
        ],
        "rank_one": _rank_one_rows(report),
        "rank_one_after": _rank_one_after(report),
    }


def shift_sentence(report: ReportInputs, point: TippingPoint, shift: Shift) -> str:
    """What would happen if one weight moved by ``shift``: who would then rank first."""
    change = abs(shift.change)
    verb = "rose" if shift.change > 0 else "fell"
    if point.parameter == SPLIT:
        other = "fell" if shift.change > 0 else "rose"
        tail = f", and the price weight {other} to {points_text(HUNDRED - shift.weight)}"
    else:
        tail = ""
    if shift.new_winner is None:
        then = "no bid would rank first alone (a tie for rank 1)"
    else:
        then = f"{report.name(shift.new_winner)} would then rank first"
    lead = "The winner would change" if report.result.winner is not None else "A single winner would emerge"
    return (
        f"{lead} if {_weight_name(point)} {verb} by {points_text(change)} points, from "
        f"{points_text(point.base_weight)} to {points_text(shift.weight)}{tail}: {then}."
    )


def _other(report: ReportInputs) -> str:
    return "another winner" if report.result.winner is not None else "a single winner"


def _weight_name(point: TippingPoint) -> str:
    return "the quality weight" if point.parameter == SPLIT else f"the weight of {point.title}"


def _tipping_bullet(report: ReportInputs, point: TippingPoint) -> str:
    shifts = [shift for shift in (point.decrease, point.increase) if shift is not None]
    other = _other(report)
    if not shifts:
        base = points_text(point.base_weight)
        return f"No change of {_weight_name(point)} (now {base}) between 0 and 100 gives {other}."
    sentences = [shift_sentence(report, point, shift) for shift in shifts]
    if len(shifts) == 1:
        direction = "increase" if shifts[0].change < 0 else "decrease"
        sentences.append(f"No {direction} of it gives {other}.")
    return " ".join(sentences)


def _tipping_after(report: ReportInputs) -> list[str]:
    points = report.sensitivity.tipping_points
    closest = min(
        ((abs(point.change), point) for point in points if point.change is not None),
        key=lambda pair: pair[0],
        default=None,
    )
    if closest is not None:
        change, point = closest
        return [
            f"The smallest change that gives {_other(report)} is {points_text(change)} points, of "
            f"{_weight_name(point)}. The smaller this change, the more the result depends on the exact weights "
            "published."
        ]
    if points and report.result.winner is not None:
        return ["No change of a single weight gives another winner: the result does not depend on the weights."]
    return []


def _rank_one_rows(report: ReportInputs) -> list[dict[str, str]]:
    sensitivity = report.sensitivity
    return [
        {
            "bid": entry.bid,
            "bidder": report.name(entry.bid).rsplit(" (", 1)[0],
            "count": f"{whole(Decimal(entry.count))} of {whole(Decimal(sensitivity.draws))}",
            "share": f"{points_text(HUNDRED * entry.share)} %",
        }
        for entry in sensitivity.rank_one
    ]


def _rank_one_after(report: ReportInputs) -> list[str]:
    sensitivity, current = report.sensitivity, report.result.winner
    after = []
    if current is not None:
        share = sensitivity.share(current)
        if share is not None:
            after.append(f"{report.name(current)} ranked first in {points_text(HUNDRED * share)} % of the draws.")
    if sum(entry.count for entry in sensitivity.rank_one) > sensitivity.draws:
        after.append("Bids sharing rank 1 in a draw each count it, so the shares add up to more than 100 %.")
    return after
