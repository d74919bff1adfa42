"""The panel at a glance: each evaluator's progress, and the state of the two envelopes.

Only counts are given for prices, never amounts: while the price envelope is sealed nobody on the
panel should see them, and a status line is easily copied into an e-mail.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..store import EnvelopeState, ProjectStore
from .rubric_snapshot import project_rubric
from .source import failed_gate_bids

__all__ = ["EvaluatorProgress", "PanelStatus", "panel_status"]


@dataclass(frozen=True)
class EvaluatorProgress:
    evaluator: str
    name: str
    scores_entered: int
    scores_expected: int
    declared: int  # bids with a declaration, conflict or not
    conflicts: tuple[str, ...]  # bids declared a conflict on

    @property
    def complete(self) -> bool:
        return self.scores_entered >= self.scores_expected


@dataclass(frozen=True)
class PanelStatus:
    project_name: str
    rubric: str
    criteria: int
    bids: int
    evaluators: tuple[EvaluatorProgress, ...]
    envelope: EnvelopeState
    price_sheets: int

    @property
    def missing_scores(self) -> int:
        return sum(max(0, p.scores_expected - p.scores_entered) for p in self.evaluators)


def panel_status(store: ProjectStore) -> PanelStatus:
    rubric = project_rubric(store)
    criteria = {criterion.id for _, criterion in rubric.criteria()}
    bids = store.bids()
    failed = failed_gate_bids(store)
    scores = store.scores()
    conflicts = store.conflicts()
    progress = []
    for evaluator, name in store.evaluators().items():
        declared = [c for c in conflicts if c.evaluator == evaluator and c.bid in bids]
        conflicted = tuple(c.bid for c in declared if c.conflicted)
        to_score = [bid for bid in bids if bid not in failed and bid not in conflicted]
        entered = sum(1 for s in scores if s.evaluator == evaluator and s.bid in to_score and s.criterion in criteria)
        progress.append(
            EvaluatorProgress(evaluator, name, entered, len(to_score) * len(criteria), len(declared), conflicted)
        )
    return PanelStatus(
        project_name=store.name,
        rubric=f"{rubric.title} (version {rubric.version})",
        criteria=len(criteria),
        bids=len(bids),
        evaluators=tuple(progress),
        envelope=store.envelope(),
        price_sheets=store.price_sheet_count(),
    )
