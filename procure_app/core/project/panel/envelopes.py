"""The two envelopes: quality scoring is locked first, and only then are the prices unsealed.

While quality scoring is open, prices stay sealed: the app and the scoresheets do not show them.
Locking is refused while a score is missing (every evaluator × bid × criterion, except bids the
evaluator declared a conflict on and bids that failed a gate), unless the chair forces it; both
steps are audited by the project file itself.
"""

from __future__ import annotations

from ...audit.chain import Json
from ...rubric.model import Rubric
from ..store import ProjectError, ProjectStore
from .rubric_snapshot import project_rubric
from .scoresheets.source import failed_gate_bids

__all__ = ["QualityIncompleteError", "missing_quality_scores", "lock_quality", "unseal_prices"]


class QualityIncompleteError(ProjectError):
    """Quality scoring was not locked because scores are missing; ``missing`` lists them."""

    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        super().__init__(
            f"quality scoring was not locked: {len(missing)} evaluator(s) and bid(s) still lack scores; import "
            "their scoresheets first, or lock anyway with force"
        )


def missing_quality_scores(store: ProjectStore, rubric: Rubric) -> list[str]:
    """One readable line per evaluator and bid with scores still missing, in panel and bid order."""
    criteria = [criterion.id for _, criterion in rubric.criteria()]
    scored = {(s.evaluator, s.bid, s.criterion) for s in store.scores()}
    conflicted = {(c.evaluator, c.bid) for c in store.conflicts() if c.conflicted}
    failed = failed_gate_bids(store)
    lines = []
    for evaluator, name in store.evaluators().items():
        for bid, bidder in store.bids().items():
            if bid in failed or (evaluator, bid) in conflicted:
                continue
            missing = [c for c in criteria if (evaluator, bid, c) not in scored]
            if not missing:
                continue
            if len(missing) == len(criteria):
                what = f"no scores yet ({len(criteria)} criteria)"
            else:
                what = f"{len(missing)} of {len(criteria)} criteria unscored ({', '.join(missing)})"
            lines.append(f"{name} ({evaluator}) on bid {bid} ({bidder}): {what}")
    return lines


def lock_quality(store: ProjectStore, actor: str, *, force: bool = False) -> int:
    """Lock quality scoring; raises ``QualityIncompleteError`` while scores are missing, unless forced.

    Returns the audit sequence number of the lock.
    """
    missing = missing_quality_scores(store, project_rubric(store))
    if missing and not force:
        raise QualityIncompleteError(missing)
    # A forced lock says so in the audit log, with what was still missing.
    details: dict[str, Json] = {}
    if missing:
        first: list[Json] = list(missing[:20])
        details = {"forced": True, "missing": len(missing), "first_missing": first}
    return store.lock_quality(actor, details=details)


def unseal_prices(store: ProjectStore, actor: str) -> int:
    """Open the price envelope (refused by the project until quality scoring is locked)."""
    return store.unseal_prices(actor)
