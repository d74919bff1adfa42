"""What a scoresheet is made of, gathered from the project: one evaluator's view of the panel.

The writer builds the workbook from a :class:`ScoresheetSource` alone, so the workbook depends
on nothing but these values (and the same values always give the same bytes). Prices are not
part of it: the price envelope stays sealed while quality is scored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from ....rubric.model import Rubric
from ...store import Conflict, EvaluationHeader, ProjectError, ProjectStore
from ..rubric_snapshot import project_rubric
from .layout import ScoresheetLayout, build_layout

__all__ = ["ScoresheetSource", "scoresheet_source", "failed_gate_bids", "require_evaluator", "require_open"]


@dataclass(frozen=True)
class ScoresheetSource:
    project_id: str
    project_name: str
    evaluator_id: str
    evaluator_name: str
    header: EvaluationHeader | None
    rubric: Rubric
    bids: dict[str, str]  # id → bidder, in id order
    conflicts: dict[str, Conflict]  # this evaluator's declarations, by bid
    scores: dict[tuple[str, str], tuple[Decimal, str]]  # (bid, criterion) → (score, justification)
    generated_at: datetime
    layout: ScoresheetLayout


def require_open(store: ProjectStore, what: str) -> None:
    """Refuse once quality scoring is locked (nothing an evaluator returns can change then)."""
    state = store.envelope()
    if state.quality_locked:
        raise ProjectError(
            f"quality scoring was locked on {state.quality_locked_at} by {state.quality_locked_by}; {what}"
        )


def require_evaluator(store: ProjectStore, evaluator_id: str) -> str:
    """The evaluator's name; raises ``ProjectError`` naming the panel when there is no such evaluator."""
    evaluators = store.evaluators()
    if evaluator_id not in evaluators:
        known = ", ".join(evaluators) or "none yet"
        raise ProjectError(f"there is no evaluator {evaluator_id!r} in {store.path.name} (the panel: {known})")
    return evaluators[evaluator_id]


def failed_gate_bids(store: ProjectStore) -> set[str]:
    """Bids that failed a pass/fail gate: they are not scored on quality."""
    return {row.bid for row in store.gate_results() if row.result == "fail"}


def scoresheet_source(store: ProjectStore, evaluator_id: str, generated_at: datetime | None = None) -> ScoresheetSource:
    """Everything one evaluator's scoresheet shows; raises ``ProjectError`` when it cannot be made."""
    require_open(store, "scoresheets can no longer be filled in")
    name = require_evaluator(store, evaluator_id)
    rubric = project_rubric(store)
    bids = store.bids()
    if not bids:
        raise ProjectError(f"{store.path.name} has no bids yet; add the bids before generating scoresheets")
    conflicts = {c.bid: c for c in store.conflicts() if c.evaluator == evaluator_id}
    excluded = failed_gate_bids(store) | {bid for bid, c in conflicts.items() if c.conflicted}
    scored = [bid for bid in bids if bid not in excluded]
    criteria = [criterion.id for _, criterion in rubric.criteria()]
    scale = [level.score for level in rubric.scale]
    layout = build_layout(store.project_id, evaluator_id, list(bids), scored, criteria, scale)
    scores = {(s.bid, s.criterion): (s.score, s.justification) for s in store.scores() if s.evaluator == evaluator_id}
    when = (generated_at or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    return ScoresheetSource(
        project_id=store.project_id,
        project_name=store.name,
        evaluator_id=evaluator_id,
        evaluator_name=name,
        header=store.evaluation_header(),
        rubric=rubric,
        bids=bids,
        conflicts=conflicts,
        scores=scores,
        generated_at=when,
        layout=layout,
    )
