"""The individual scores in the evaluation report: section 5 (moderation) and Annex A.

Section 5 lists the criteria the panel moderated to a consensus score and those still flagged for
moderation, each with the evaluators' individual scores. Annex A gives every score each evaluator
gave, with the justification in their own words, and the consensus scores.
"""

from __future__ import annotations

from typing import Any

from ..engine import BidResult, CriterionResult
from .inputs import ReportInputs
from .text import DASH, ZERO, bid_label, one_line, points_text, score_text, whole

__all__ = ["moderation_section", "annex_section"]


def moderation_section(report: ReportInputs) -> dict[str, Any]:
    """Section 5: the moderated scores and the open moderation flags."""
    rubric = report.rubric
    moderated, flags = _moderation_rows(report)
    spread = points_text(rubric.moderation_spread)
    return {
        "moderation_intro": [
            f"A criterion is flagged for moderation when the evaluators' scores differ by {spread} or more. The "
            "panel then discusses the evidence and may agree a consensus score, which replaces the "
            f"{rubric.aggregation}; the individual scores stay in the record (Annex A). The panel may also agree "
            "a consensus on a criterion that was not flagged."
        ],
        "moderated": moderated,
        "no_moderated": ["No score was moderated: the panel set no consensus score."],
        "open_flags": flags,
        "no_open_flags": [
            f"None: every criterion whose individual scores differ by {spread} or more has a consensus score."
        ],
        "open_flags_after": [
            f"Until the panel agrees these scores the {rubric.aggregation} of the individual scores is used. "
            "Moderate them before the award decision."
        ]
        if flags
        else [],
    }


def _moderation_rows(report: ReportInputs) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The moderated criteria and the criteria still flagged, in the order of bids and criteria."""
    moderated = []
    flags = []
    for bid in report.result.bids:
        for criterion in bid.criteria:
            title = report.criterion_title(criterion.criterion)
            row = {"bid": bid.bid, "criterion": title}
            if criterion.has_consensus:
                moderated.append(
                    {
                        **row,
                        "scores": _individual(report, criterion),
                        "consensus": score_text(criterion.consensus),
                        "reason": one_line(criterion.consensus_reason) or DASH,
                    }
                )
            if criterion.needs_moderation:
                flags.append(
                    {**row, "scores": _individual(report, criterion), "spread": points_text(criterion.spread or ZERO)}
                )
    return moderated, flags


def _individual(report: ReportInputs, criterion: CriterionResult) -> list[str]:
    """Each evaluator's score on the criterion, then their mean or median."""
    lines = [f"{report.evaluator_name(s.evaluator)}: {whole(s.score)}" for s in criterion.scores]
    if criterion.aggregate is not None:
        lines.append(f"{report.rubric.aggregation.capitalize()}: {score_text(criterion.aggregate)}")
    return lines or ["No individual score"]


def annex_section(report: ReportInputs) -> dict[str, Any]:
    """Annex A: its introduction and one entry per bid, with a heading and a row per score and consensus."""
    return {
        "annex": _annex_entries(report),
        "annex_intro": [
            "Every score each evaluator gave, with the justification in their own words, and the consensus "
            "scores the panel agreed (section 5). An evaluator who declared a conflict of interest on a bid "
            "did not score it."
        ],
    }


def _annex_entries(report: ReportInputs) -> list[dict[str, Any]]:
    entries = []
    for index, bid in enumerate(report.result.bids, start=1):
        failed = any(e.kind == "gate" for e in bid.exclusions)
        empty = (
            "Not scored: the bid was excluded at a gate (section 3)."
            if failed
            else "No score has been recorded for this bid yet."
        )
        entries.append({"heading": f"A.{index} {bid_label(bid)}", "rows": _annex_rows(report, bid), "empty": empty})
    return entries


def _annex_rows(report: ReportInputs, bid: BidResult) -> list[dict[str, str]]:
    rows = []
    for criterion in bid.criteria:
        title = report.criterion_title(criterion.criterion)
        for score in criterion.scores:
            rows.append(
                {
                    "criterion": title,
                    "evaluator": report.evaluator_name(score.evaluator),
                    "score": whole(score.score),
                    "text": one_line(score.justification) or DASH,
                }
            )
        if criterion.has_consensus:
            rows.append(
                {
                    "criterion": title,
                    "evaluator": "Panel consensus",
                    "score": score_text(criterion.consensus),
                    "text": one_line(criterion.consensus_reason) or DASH,
                }
            )
    return rows
