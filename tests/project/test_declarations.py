"""Conflict-of-interest declarations made in the app: a bid is scored only after one, a conflict
takes the evaluator off the bid, and the whole declaration is undone and redone as one edit."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from procure_app.cli import main
from procure_app.core.project.store import ProjectError, ProjectStore
from procure_app.core.project.store.declaration_edit import declarations_of, edit_declarations
from procure_app.core.project.store.undo import UndoStack, edit_score


@pytest.fixture
def store(tmp_path: Path):
    with ProjectStore.create(tmp_path / "p.procure", "Sensors") as opened:
        opened.add_evaluator("chair", "ana", "Ana Ruiz")
        opened.add_bid("chair", "bid-a", "Civic Stack Cooperative")
        opened.add_bid("chair", "bid-b", "Lumen Urban Analytics")
        yield opened


def _scores(store: ProjectStore) -> dict[tuple[str, str], Decimal]:
    return {(s.bid, s.criterion): s.score for s in store.scores()}


def test_an_undeclared_bid_cannot_be_scored(store: ProjectStore) -> None:
    stack = UndoStack(store, "ana")
    with pytest.raises(ProjectError, match="has not declared on bid-a yet"):
        stack.push(edit_score(store, "ana", "bid-a", "open-interfaces", Decimal(3), "Partial."))
    assert _scores(store) == {} and not stack.can_undo


def test_declaring_no_conflict_opens_the_bid_and_a_conflict_closes_it(store: ProjectStore) -> None:
    stack = UndoStack(store, "ana")
    edit = edit_declarations(store, "ana", {"bid-a": (False, ""), "bid-b": (True, "My brother works at Lumen.")})
    assert edit is not None and edit.label == "declarations of ana"
    stack.push(edit)
    assert declarations_of(store, "ana") == {"bid-a": (False, ""), "bid-b": (True, "My brother works at Lumen.")}
    stack.push(edit_score(store, "ana", "bid-a", "open-interfaces", Decimal(3), "Partial."))
    with pytest.raises(ProjectError, match="declared a conflict of interest on bid-b"):
        stack.push(edit_score(store, "ana", "bid-b", "open-interfaces", Decimal(3), "Partial."))
    assert _scores(store) == {("bid-a", "open-interfaces"): Decimal(3)}


def test_a_conflict_declared_later_removes_the_scores_and_undo_brings_them_back(store: ProjectStore) -> None:
    stack = UndoStack(store, "ana")
    stack.push(edit_declarations(store, "ana", {"bid-a": (False, ""), "bid-b": (False, "")}))
    stack.push(edit_score(store, "ana", "bid-a", "open-interfaces", Decimal(3), "Partial."))
    stack.push(edit_score(store, "ana", "bid-a", "exit-plan", Decimal(2), "Thin."))
    edit = edit_declarations(store, "ana", {"bid-a": (True, "  I advised Civic Stack last year. ")})
    assert edit is not None and [(bid, criterion) for bid, criterion, _ in edit.removed] == [
        ("bid-a", "exit-plan"),
        ("bid-a", "open-interfaces"),
    ]
    stack.push(edit)
    assert _scores(store) == {}
    assert declarations_of(store, "ana")["bid-a"] == (True, "I advised Civic Stack last year.")

    stack.undo()
    assert _scores(store) == {("bid-a", "open-interfaces"): Decimal(3), ("bid-a", "exit-plan"): Decimal(2)}
    assert declarations_of(store, "ana")["bid-a"] == (False, "")
    stack.undo()  # the scores
    stack.undo()
    stack.undo()  # the first declarations: none at all again
    assert declarations_of(store, "ana") == {} and _scores(store) == {}
    actions = [e.action for e in store.audit_entries() if e.entity.startswith("conflict/")]
    assert actions[-2:] == ["conflict.withdraw", "conflict.withdraw"]
    while stack.can_redo:
        stack.redo()
    assert _scores(store) == {} and declarations_of(store, "ana")["bid-a"][0] is True
    assert main(["project", "verify", str(store.path)]) == 0  # the log replays to these tables


def test_a_conflict_needs_a_statement_and_nothing_unchanged_is_an_edit(store: ProjectStore) -> None:
    with pytest.raises(ProjectError, match="conflict of interest on bid-b needs a statement"):
        edit_declarations(store, "ana", {"bid-a": (False, ""), "bid-b": (True, "  ")})
    with pytest.raises(ProjectError, match="no bid bid-z"):
        edit_declarations(store, "ana", {"bid-z": (False, "")})
    with pytest.raises(ProjectError, match="no evaluator 'zoe'"):
        edit_declarations(store, "zoe", {"bid-a": (False, "")})
    UndoStack(store, "ana").push(edit_declarations(store, "ana", {"bid-a": (False, "")}))
    assert edit_declarations(store, "ana", {"bid-a": (False, "")}) is None


def test_undo_refuses_when_the_declarations_changed_since(store: ProjectStore) -> None:
    stack = UndoStack(store, "ana")
    stack.push(edit_declarations(store, "ana", {"bid-a": (False, "")}))
    store.declare_conflict("import", "ana", "bid-a", True, "From the returned scoresheet.")
    with pytest.raises(ProjectError, match="declarations of ana on bid-a were changed since"):
        stack.undo()
    assert declarations_of(store, "ana") == {"bid-a": (True, "From the returned scoresheet.")}
