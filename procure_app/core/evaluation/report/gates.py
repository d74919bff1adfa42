"""Section 3 of the evaluation report: gate results and exclusions, and why a bid was excluded.

:func:`exclusion_reasons` explains an exclusion in the rubric's words; the feedback letters give
an excluded bidder the same sentences.
"""

from __future__ import annotations

from typing import Any

from ...rubric.model import Rubric
from ..engine import GATE_FAIL, GATE_NOT_ASSESSED, GATE_PASS, BidResult, Exclusion
from .inputs import ReportInputs
from .text import DASH, HUNDRED, ZERO, one_line, score_text, whole

__all__ = ["gates_section", "exclusion_reasons"]

_GATE_LABELS = {GATE_PASS: "Pass", GATE_FAIL: "Fail", GATE_NOT_ASSESSED: "Not yet assessed"}


def gates_section(report: ReportInputs) -> dict[str, Any]:
    """Section 3: each bid's result on each gate, then the excluded bids with the reasons."""
    rows = [
        {
            "bid": bid.bid,
            "gate": gate.title,
            "result": _GATE_LABELS.get(gate.result, gate.result),
            "reason": one_line(gate.reason) or DASH,
        }
        for bid in report.result.bids
        for gate in bid.gates
    ]
    exclusions = [
        {"bid": bid.bid, "bidder": bid.bidder, "reason": reason}
        for bid in report.result.bids
        for reason in exclusion_reasons(report.rubric, bid)
    ]
    return {
        "gate_results": rows,
        "no_gate_results": ["No gate results: the rubric has no gates, or no bids were received."],
        "exclusions": exclusions,
        "no_exclusions": ["No bid is excluded."],
    }


def exclusion_reasons(rubric: Rubric, bid: BidResult) -> list[str]:
    """Why ``bid`` is excluded, one sentence per reason, in the rubric's words."""
    return [_exclusion_reason(rubric, bid, exclusion) for exclusion in bid.exclusions]


def _exclusion_reason(rubric: Rubric, bid: BidResult, exclusion: Exclusion) -> str:
    reason = None
    if exclusion.kind == "gate" and exclusion.subject:
        reason = _gate_reason(bid, exclusion.subject)
    elif exclusion.kind == "criterion-minimum" and exclusion.subject:
        reason = _criterion_reason(rubric, bid, exclusion.subject)
    elif exclusion.kind == "group-minimum" and exclusion.subject:
        reason = _group_reason(rubric, bid, exclusion.subject)
    if reason is not None:
        return reason
    message = exclusion.message
    return message[:1].upper() + message[1:]


def _gate_reason(bid: BidResult, gate_id: str) -> str:
    outcome = bid.gate(gate_id)
    title = outcome.title if outcome else gate_id
    reason = outcome.reason if outcome and outcome.reason else "no reason recorded"
    return f"Gate “{title}” not passed: {reason}"


def _criterion_reason(rubric: Rubric, bid: BidResult, criterion_id: str) -> str | None:
    criterion = rubric.criterion(criterion_id)
    result = bid.criterion(criterion_id)
    if criterion is None or result is None:
        return None
    return (
        f"Score {score_text(result.score)} on “{criterion.title}”, below the minimum of "
        f"{whole(criterion.minimum or ZERO)} that the tender documents set for this criterion"
    )


def _group_reason(rubric: Rubric, bid: BidResult, group_id: str) -> str | None:
    group = next((g for g in rubric.groups if g.id == group_id), None)
    outcome = bid.group(group_id)
    if group is None or outcome is None:
        return None
    return (
        f"{score_text(HUNDRED * outcome.score)} % of the maximum on “{group.title}”, below the "
        f"minimum of {whole(group.minimum or ZERO)} % that the tender documents set for this group"
    )
