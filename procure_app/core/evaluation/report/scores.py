"""Section 4 of the evaluation report: the scores.

The totals and ranking table, then two matrices with a column per bid: each quality group's score
and each criterion's score (a consensus score marked ``*``).
"""

from __future__ import annotations

from typing import Any

from ..engine import BidResult
from .inputs import ReportInputs
from .text import DASH, FORMULA_NAMES, HUNDRED, fractions, points_text, scale_top, score_text

__all__ = ["scores_section"]

# The formulas that have no separate price score S.
_NO_PRICE_SCORE = ("utility-index", "value-for-money", "award-on-value", "quality-only")


def scores_section(report: ReportInputs) -> dict[str, Any]:
    """Section 4: totals and ranking, quality groups and criterion scores."""
    result, rubric = report.result, report.rubric
    return {
        "totals_intro": [
            "The bids in the competition, best first, then the excluded bids. Q, S and T are rounded to 2 "
            f"decimals; P is in {report.currency}."
        ],
        "total_label": "Fictional price T" if result.formula == "award-on-value" else "Total T",
        "totals": _totals(report),
        "no_totals": ["No bids were received."],
        "totals_notes": _totals_notes(report),
        "bid_columns": [bid.bid for bid in result.bids],
        "groups_intro": [
            "Each group's score as a percentage of its maximum (100 · g); the last row is the quality "
            "score Q (0–100). A dash: not scored."
        ],
        "group_matrix": _group_matrix(report),
        "criteria_intro": [
            f"The score a(c) of each criterion on the scale from 0 to {scale_top(rubric)}: the {rubric.aggregation} "
            "of the evaluators' scores, or the consensus score the panel agreed. The weight in brackets is the "
            "criterion's share of its group."
        ],
        "criterion_matrix": _criterion_matrix(report),
        "criteria_notes": [
            "* consensus score agreed at moderation (section 5). A dash: not scored. The individual scores "
            "and their justifications are in Annex A."
        ],
    }


def _quality(bid: BidResult) -> str:
    return score_text(bid.quality) if any(c.scored for c in bid.criteria) else DASH


def _totals(report: ReportInputs) -> list[dict[str, str]]:
    result = report.result
    ordered = sorted(result.bids, key=lambda b: (b.rank is None, b.rank or 0))
    ranks = [bid.rank for bid in result.bids if bid.rank is not None]
    totals = []
    for bid in ordered:
        if bid.rank is not None:
            rank = str(bid.rank) + (" (tie)" if ranks.count(bid.rank) > 1 else "")
        else:
            rank = "Excluded" if bid.excluded else "Not ranked"
        price = report.money(bid.price) if bid.price is not None else "No valid price"
        if bid.abnormally_low:
            price += " †"
        totals.append(
            {
                "rank": rank,
                "bid": bid.bid,
                "bidder": bid.bidder,
                "quality": _quality(bid),
                "price": price,
                "price_score": score_text(bid.price_score),
                "total": report.total(bid.total),
            }
        )
    return totals


def _totals_notes(report: ReportInputs) -> list[str]:
    result = report.result
    notes = []
    if any(bid.abnormally_low for bid in result.bids):
        notes.append("† abnormally low price: the buyer must ask the bidder to explain it (section 6.1).")
    if result.formula in _NO_PRICE_SCORE:
        notes.append(f"The formula “{FORMULA_NAMES[result.formula]}” has no separate price score S.")
    if result.formula == "award-on-value":
        notes.append("T is a fictional price: the price less the value of the quality points; lowest first.")
    notes.extend(tie.message + "." for tie in result.tie_breaks)
    if any(bid.excluded for bid in result.bids):
        notes.append(
            "An excluded bid keeps its quality score and price for the record, but has no price score, total or rank."
        )
    return notes


def _group_matrix(report: ReportInputs) -> list[dict[str, Any]]:
    result, groups = report.result, report.rubric.groups
    rows = []
    for group, weight in zip(groups, fractions([g.weight for g in groups]), strict=True):
        cells = []
        for bid in result.bids:
            outcome = bid.group(group.id)
            scored = any(c.scored for c in bid.criteria if c.group == group.id)
            cells.append(f"{score_text(HUNDRED * outcome.score)} %" if outcome and scored else DASH)
        rows.append({"label": f"{group.title} ({points_text(HUNDRED * weight)} %)", "cells": cells})
    rows.append({"label": "Quality score Q", "cells": [_quality(bid) for bid in result.bids]})
    return rows


def _criterion_matrix(report: ReportInputs) -> list[dict[str, Any]]:
    rows = []
    for group in report.rubric.groups:
        for criterion, share in zip(group.criteria, fractions([c.weight for c in group.criteria]), strict=True):
            cells = []
            for bid in report.result.bids:
                entry = bid.criterion(criterion.id)
                if entry is None or entry.score is None:
                    cells.append(DASH)
                else:
                    cells.append(score_text(entry.score) + ("*" if entry.has_consensus else ""))
            rows.append({"label": f"{criterion.title} ({points_text(HUNDRED * share)} %)", "cells": cells})
    return rows
