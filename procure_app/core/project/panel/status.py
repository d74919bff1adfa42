"""The panel at a glance: each evaluator's progress, and the state of the two envelopes.

Only counts are given for prices, never amounts: while the price envelope is sealed nobody on the
panel should see them, and a status line is easily copied into an e-mail.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ..store import EnvelopeState, ProjectStore
from .rubric_snapshot import project_rubric
from .scoresheets.source import failed_gate_bids

__all__ = ["EvaluatorProgress", "PanelAction", "PanelStatus", "allowed_actions", "panel_status"]


class PanelAction(Enum):
    """A step of the panel's work; :func:`allowed_actions` says which can be taken now."""

    SCORE = "enter or change scores and consensus scores"
    DECLARE = "declare conflicts of interest"
    GENERATE_SCORESHEETS = "generate scoresheets"
    IMPORT_SCORESHEET = "import returned scoresheets"
    IMPORT_RESPONSE_FORM = "import bidders' response forms"
    LOCK_QUALITY = "lock quality scoring"
    UNSEAL_PRICES = "unseal the prices"
    EVALUATE = "evaluate the bids"


def allowed_actions(envelope: EnvelopeState, *, has_panel: bool, has_spec: bool) -> frozenset[PanelAction]:
    """The envelope rules: while quality scoring is open the panel scores, declares, exchanges
    scoresheets and takes in response forms, and may lock; once locked, the prices may be unsealed;
    once unsealed, the bids are evaluated. The app enables its actions by this, and ``procure panel
    status`` lists it."""
    if not envelope.quality_locked:
        actions = {PanelAction.IMPORT_RESPONSE_FORM} if has_spec else set()
        if has_panel:
            actions |= {
                PanelAction.SCORE,
                PanelAction.DECLARE,
                PanelAction.GENERATE_SCORESHEETS,
                PanelAction.IMPORT_SCORESHEET,
                PanelAction.LOCK_QUALITY,
            }
        return frozenset(actions)
    if envelope.prices_sealed:
        return frozenset({PanelAction.UNSEAL_PRICES})
    return frozenset({PanelAction.EVALUATE})


@dataclass(frozen=True)
class EvaluatorProgress:
    """One evaluator's progress, as the CLI's ``panel status`` and the app's Project tab show it."""

    evaluator: str
    name: str
    scores_entered: int  # on the bids the evaluator scores
    scores_expected: int  # criteria × bids, less the bids failed at a gate or declared a conflict on
    declared: int  # bids with a declaration, conflict or not
    conflicts: tuple[str, ...]  # bids declared a conflict on
    role: str = ""
    no_conflict: tuple[str, ...] = ()  # bids declared no conflict on
    undeclared: tuple[str, ...] = ()  # bids with no declaration yet: not to be scored until there is one
    without_justification: int = 0  # scores entered without a justification

    @property
    def complete(self) -> bool:
        """Every score expected is in (an evaluator with nothing to score is done)."""
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

    has_spec: bool = False  # the project holds its tender spec (to check bidders' response forms against)

    @property
    def allowed(self) -> frozenset[PanelAction]:
        return allowed_actions(self.envelope, has_panel=bool(self.evaluators), has_spec=self.has_spec)

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
    roles = store.evaluator_roles()
    for evaluator, name in store.evaluators().items():
        declared = {c.bid: c.conflicted for c in conflicts if c.evaluator == evaluator and c.bid in bids}
        conflicted = tuple(bid for bid in bids if declared.get(bid) is True)
        to_score = [bid for bid in bids if bid not in failed and bid not in conflicted]
        own = [s for s in scores if s.evaluator == evaluator]
        entered = sum(1 for s in own if s.bid in to_score and s.criterion in criteria)
        progress.append(
            EvaluatorProgress(
                evaluator,
                name,
                entered,
                len(to_score) * len(criteria),
                len(declared),
                conflicted,
                role=roles.get(evaluator, ""),
                no_conflict=tuple(bid for bid in bids if declared.get(bid) is False),
                undeclared=tuple(bid for bid in bids if bid not in declared),
                without_justification=sum(1 for s in own if not s.justification.strip()),
            )
        )
    return PanelStatus(
        project_name=store.name,
        rubric=f"{rubric.title} (version {rubric.version})",
        criteria=len(criteria),
        bids=len(bids),
        evaluators=tuple(progress),
        envelope=store.envelope(),
        price_sheets=store.price_sheet_count(),
        has_spec=store.document("spec") is not None,
    )
