"""The moderation rule on a project's scores agrees with the evaluation engine, always."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from procure_app.core.evaluation.engine import evaluate
from procure_app.core.evaluation.evaluation_file import Consensus, EvaluationFile, Evaluator, Score
from procure_app.core.project.panel.moderation import needs_consensus, panel_pairs, project_pairs
from procure_app.core.project.store import ProjectStore
from procure_app.core.rubric.model import Rubric

from ..evaluation.builders import bid, evaluation, small_rubric

D = Decimal
EVALUATORS = ("ann", "bob", "cat")
BIDS = ("b1", "b2")
CRITERIA = ("c1", "c2", "c3")


def _pairs(rubric: Rubric, file: EvaluationFile) -> dict[tuple[str, str], bool]:
    conflicts = [(e.id, b) for e in file.evaluators for b in e.conflicts]
    found = panel_pairs(
        rubric, [e.id for e in file.evaluators], [b.id for b in file.bids], file.scores, conflicts, file.consensus
    )
    return {key: pair.needs_consensus for key, pair in found.items()}


def _engine(rubric: Rubric, file: EvaluationFile) -> dict[tuple[str, str], bool]:
    return {(b.bid, c.criterion): c.needs_moderation for b in evaluate(rubric, file).bids for c in b.criteria}


def test_the_rule_is_spread_at_least_the_threshold_without_consensus() -> None:
    assert needs_consensus([D(1), D(3)], D(2), has_consensus=False)
    assert not needs_consensus([D(1), D(3)], D(2), has_consensus=True)
    assert not needs_consensus([D(1), D(2)], D(2), has_consensus=False)
    assert not needs_consensus([], D(0), has_consensus=False)
    assert needs_consensus([D(4)], D(0), has_consensus=False)  # a spread of 0 reaches a threshold of 0


def test_conflicted_and_unknown_scores_do_not_count() -> None:
    rubric = small_rubric()
    scores = [
        Score("ann", "b1", "c1", D(4)),
        Score("bob", "b1", "c1", D(0)),  # bob declared a conflict on b1
        Score("cat", "b1", "c1", D(4)),
        Score("zed", "b1", "c2", D(0)),  # not on the panel
        Score("ann", "b1", "c2", D(5)),
        Score("ann", "b1", "nope", D(0)),  # no such criterion
    ]
    panel = (Evaluator("ann", "Ann"), Evaluator("bob", "Bob", conflicts=("b1",)), Evaluator("cat", "Cat"))
    found = panel_pairs(rubric, [e.id for e in panel], ["b1"], scores, [("bob", "b1")], [])
    assert found[("b1", "c1")].scores == (("ann", D(4)), ("cat", D(4)))
    assert found[("b1", "c1")].spread == 0 and not found[("b1", "c1")].needs_consensus
    assert found[("b1", "c2")].scores == (("ann", D(5)),)
    assert found[("b1", "c3")].spread is None and not found[("b1", "c3")].needs_consensus
    file = evaluation([bid("b1")], scores, evaluators=panel)
    assert _pairs(rubric, file) == _engine(rubric, file)


_score = st.one_of(st.none(), st.integers(0, 5))


@settings(max_examples=60, deadline=None)
@given(
    grid=st.lists(_score, min_size=len(EVALUATORS) * len(BIDS) * len(CRITERIA), max_size=18),
    agreed=st.sets(st.sampled_from([(b, c) for b in BIDS for c in CRITERIA])),
    conflicted=st.sets(st.sampled_from([(e, b) for e in EVALUATORS for b in BIDS])),
    threshold=st.sampled_from([D(0), D(1), D(2), D("2.5"), D(5)]),
)
def test_the_rule_agrees_with_the_engine(
    grid: list[int | None], agreed: set[tuple[str, str]], conflicted: set[tuple[str, str]], threshold: Decimal
) -> None:
    rubric = small_rubric(moderation_spread=threshold)
    keys = [(e, b, c) for e in EVALUATORS for b in BIDS for c in CRITERIA]
    scores = [Score(e, b, c, D(value)) for (e, b, c), value in zip(keys, grid, strict=True) if value is not None]
    consensus = [Consensus(b, c, D(3), "Agreed at the meeting.") for b, c in sorted(agreed)]
    panel = tuple(Evaluator(e, e.title(), conflicts=tuple(b for w, b in conflicted if w == e)) for e in EVALUATORS)
    file = evaluation([bid(b) for b in BIDS], scores, consensus, evaluators=panel)
    assert _pairs(rubric, file) == _engine(rubric, file)


def test_a_project_gives_the_same_flags_as_the_engine(tmp_path: Path) -> None:
    rubric = small_rubric()
    scores = [
        Score("ann", "b1", "c1", D(1)),
        Score("bob", "b1", "c1", D(3)),  # spread 2: flagged
        Score("ann", "b1", "c2", D(1)),
        Score("bob", "b1", "c2", D(5)),  # flagged, but agreed below
        Score("ann", "b2", "c1", D(0)),
        Score("cat", "b2", "c1", D(5)),  # cat declared a conflict on b2: does not count
        Score("bob", "b2", "c1", D(1)),
    ]
    consensus = [Consensus("b1", "c2", D(3), "Agreed.")]
    panel = (Evaluator("ann", "Ann"), Evaluator("bob", "Bob"), Evaluator("cat", "Cat", conflicts=("b2",)))
    with ProjectStore.create(tmp_path / "p.procure", "Moderation", actor="chair") as store:
        for evaluator in panel:
            store.add_evaluator("chair", evaluator.id, evaluator.name)
        for bid_id in BIDS:
            store.add_bid("chair", bid_id, f"Bidder {bid_id}")
        store.declare_conflict("chair", "cat", "b2", True, "Former employer.")
        store.declare_conflict("chair", "ann", "b2", False, "No conflict.")
        for s in scores:
            store.set_score("chair", s.evaluator, s.bid, s.criterion, s.score, "Why.")
        for c in consensus:
            store.set_consensus("chair", c.bid, c.criterion, c.score, c.reason)
        found = project_pairs(store, rubric)
    file = evaluation([bid(b) for b in BIDS], scores, consensus, evaluators=panel)
    assert {key: pair.needs_consensus for key, pair in found.items()} == _engine(rubric, file)
    assert [key for key, pair in found.items() if pair.needs_consensus] == [("b1", "c1")]
    assert found[("b1", "c2")].consensus == (D(3), "Agreed.")
    assert found[("b2", "c1")].scores == (("ann", D(0)), ("bob", D(1)))
    assert found[("b2", "c1")].spread == 1
