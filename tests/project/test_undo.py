"""Undo and redo of project edits: history is kept, and an undo never overwrites a later change."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from procure_app.core.project.store import ProjectError, ProjectStore
from procure_app.core.project.store.undo import UndoStack, edit_consensus, edit_score


@pytest.fixture
def store(tmp_path: Path):
    with ProjectStore.create(tmp_path / "p.procure", "Sensors") as opened:
        opened.add_evaluator("chair", "ana", "Ana Ruiz")
        opened.add_bid("chair", "bid-a", "Civic Stack Cooperative")
        opened.declare_conflict("ana", "ana", "bid-a", False, "")  # a bid is scored after its declaration
        yield opened


def _scores(store: ProjectStore) -> list[tuple[str, Decimal, str]]:
    return [(s.criterion, s.score, s.justification) for s in store.scores()]


def test_undo_and_redo_walk_a_score_back_and_forth_with_audit_entries(store: ProjectStore) -> None:
    stack = UndoStack(store, "ana")
    stack.push(edit_score(store, "ana", "bid-a", "open-interfaces", Decimal(3), "Partial API docs."))
    stack.push(edit_score(store, "ana", "bid-a", "open-interfaces", Decimal(4), "Full API docs found in annex."))
    assert _scores(store) == [("open-interfaces", Decimal(4), "Full API docs found in annex.")]
    assert stack.undo_label == "score of ana for bid-a on open-interfaces"

    stack.undo()
    assert _scores(store) == [("open-interfaces", Decimal(3), "Partial API docs.")]
    stack.undo()
    assert _scores(store) == [] and not stack.can_undo
    stack.redo()
    stack.redo()
    assert _scores(store) == [("open-interfaces", Decimal(4), "Full API docs found in annex.")]
    actions = [e.action for e in store.audit_entries() if e.entity.startswith("score/")]
    assert actions == ["score.set", "score.set", "score.set", "score.remove", "score.set", "score.set"]


def test_a_new_edit_clears_redo(store: ProjectStore) -> None:
    stack = UndoStack(store, "ana")
    stack.push(edit_score(store, "ana", "bid-a", "open-interfaces", Decimal(3), "Partial."))
    stack.undo()
    assert stack.can_redo
    stack.push(edit_score(store, "ana", "bid-a", "exit-plan", Decimal(2), "Thin plan."))
    assert not stack.can_redo


def test_undo_refuses_to_overwrite_a_change_made_since(store: ProjectStore) -> None:
    stack = UndoStack(store, "ana")
    stack.push(edit_score(store, "ana", "bid-a", "open-interfaces", Decimal(3), "Partial."))
    store.set_score("import", "ana", "bid-a", "open-interfaces", 5, "From the returned scoresheet.")
    with pytest.raises(ProjectError, match="changed since"):
        stack.undo()
    assert _scores(store) == [("open-interfaces", Decimal(5), "From the returned scoresheet.")]
    assert stack.can_undo  # the stack is as it was


def test_a_failed_edit_is_not_remembered(store: ProjectStore) -> None:
    stack = UndoStack(store, "ana")
    store.lock_quality("chair")
    with pytest.raises(ProjectError, match="locked"):
        stack.push(edit_score(store, "ana", "bid-a", "open-interfaces", Decimal(3), "Late."))
    assert not stack.can_undo


def test_consensus_edits_undo_too(store: ProjectStore) -> None:
    stack = UndoStack(store, "chair")
    stack.push(edit_consensus(store, "bid-a", "open-interfaces", Decimal(4), "Moderated after discussion."))
    stack.undo()
    assert store.consensus_scores() == []
    stack.redo()
    assert [c.score for c in store.consensus_scores()] == [Decimal(4)]
