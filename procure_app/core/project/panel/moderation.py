"""Where the panel must still agree a consensus score: the engine's moderation rule, on a project.

The evaluation engine (:mod:`procure_app.core.evaluation.engine`) flags a bid's criterion as *needing
moderation* when the individual scores that count differ by at least the rubric's
``moderation_spread`` — the spread being ``max − min`` (:func:`~procure_app.core.rubric.formulas.spread`) —
and no consensus score is recorded for it. A score counts when its evaluator is on the panel, its
bid and criterion exist, and the evaluator did not declare a conflict of interest on the bid. The
engine needs a whole evaluation file (prices included) to say so; while the prices are sealed a
project cannot give one, so :func:`panel_pairs` applies the same rule to the project's scores
alone, and ``tests/project/test_moderation.py`` checks that both always agree.

No Qt here: the Project tab and the command line can both use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from ...rubric.formulas import needs_moderation, spread
from ...rubric.model import Rubric
from ..store import ProjectStore

__all__ = ["IndividualScore", "RecordedConsensus", "PanelPair", "needs_consensus", "panel_pairs", "project_pairs"]


class IndividualScore(Protocol):
    """One evaluator's score (a project's ``Score`` or an evaluation file's)."""

    @property
    def evaluator(self) -> str: ...

    @property
    def bid(self) -> str: ...

    @property
    def criterion(self) -> str: ...

    @property
    def score(self) -> Decimal: ...


class RecordedConsensus(Protocol):
    """A consensus score the panel recorded (a project's ``ConsensusScore`` or a file's ``Consensus``)."""

    @property
    def bid(self) -> str: ...

    @property
    def criterion(self) -> str: ...

    @property
    def score(self) -> Decimal: ...

    @property
    def reason(self) -> str: ...


@dataclass(frozen=True)
class PanelPair:
    """The panel on one criterion of one bid."""

    bid: str
    criterion: str
    scores: tuple[tuple[str, Decimal], ...]  # (evaluator, score) of the scores that count, in panel order
    consensus: tuple[Decimal, str] | None  # the consensus score and its reason, when recorded
    spread: Decimal | None  # max − min of the scores that count; None without any
    needs_consensus: bool  # the engine's ``needs_moderation``


def needs_consensus(scores: Sequence[Decimal], moderation_spread: Decimal, *, has_consensus: bool) -> bool:
    """The engine's rule: the scores differ by at least ``moderation_spread`` and there is no consensus."""
    return needs_moderation(spread(scores), moderation_spread, has_consensus=has_consensus)


def panel_pairs(
    rubric: Rubric,
    evaluators: Sequence[str],
    bids: Sequence[str],
    scores: Iterable[IndividualScore],
    conflicts: Iterable[tuple[str, str]],
    consensus: Iterable[RecordedConsensus],
) -> dict[tuple[str, str], PanelPair]:
    """Every (bid, criterion) pair of ``bids`` × the rubric's criteria, with its scores that count.

    ``evaluators`` is the panel in its order; ``conflicts`` the (evaluator, bid) pairs declared
    conflicted. Keys are ``(bid, criterion)``, bids in the order given, criteria in the rubric's.
    """
    order = {evaluator: index for index, evaluator in enumerate(evaluators)}
    criteria = [criterion.id for _, criterion in rubric.criteria()]
    known_bids, known_criteria, conflicted = set(bids), set(criteria), set(conflicts)
    found: dict[tuple[str, str], list[tuple[int, str, Decimal]]] = {}
    for item in scores:
        if (
            item.evaluator in order
            and item.bid in known_bids
            and item.criterion in known_criteria
            and (item.evaluator, item.bid) not in conflicted
        ):
            found.setdefault((item.bid, item.criterion), []).append((order[item.evaluator], item.evaluator, item.score))
    agreed = {(c.bid, c.criterion): (c.score, c.reason) for c in consensus if c.criterion in known_criteria}
    pairs: dict[tuple[str, str], PanelPair] = {}
    for bid in bids:
        for criterion in criteria:
            key = (bid, criterion)
            counted = tuple((who, value) for _, who, value in sorted(found.get(key, []), key=lambda t: (t[0], t[2])))
            values = [value for _, value in counted]
            pairs[key] = PanelPair(
                bid,
                criterion,
                counted,
                agreed.get(key),
                spread(values),
                needs_consensus(values, rubric.moderation_spread, has_consensus=key in agreed),
            )
    return pairs


def project_pairs(store: ProjectStore, rubric: Rubric) -> dict[tuple[str, str], PanelPair]:
    """:func:`panel_pairs` of an open project, read now."""
    return panel_pairs(
        rubric,
        list(store.evaluators()),
        list(store.bids()),
        store.scores(),
        ((c.evaluator, c.bid) for c in store.conflicts() if c.conflicted),
        store.consensus_scores(),
    )
