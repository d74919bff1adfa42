"""Conflict-of-interest declarations on the Project tab: declared before scoring, per bid, audited."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from procure_app.core.project.store import ProjectStore
from procure_app.ui import dialogs
from procure_app.ui.main_window import MainWindow
from procure_app.ui.project.declaration_dialog import CONFLICT, NO_CONFLICT, BidToDeclare, DeclarationDialog
from procure_app.ui.project.project_consensus import PANEL

from .project_helpers import MISSING_BID, open_project, window_on

CRITERION = "open-interfaces"


@pytest.fixture
def undeclared(evaluation_copy: Path, tmp_path: Path) -> Path:
    """The project being scored, before any evaluator declared "no conflict" (ben's conflict on bid-c is in)."""
    return open_project(evaluation_copy, tmp_path / "work" / "riverton.procure", declared=False)


@pytest.fixture
def messages(monkeypatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "show_message", lambda parent, title, text: shown.append((title, text)))
    return shown


def _answer(monkeypatch, answer) -> list[tuple[str, list[BidToDeclare]]]:
    asked: list[tuple[str, list[BidToDeclare]]] = []

    def ask(parent, name, bids):
        asked.append((name, list(bids)))
        return answer(bids) if callable(answer) else answer

    monkeypatch.setattr(dialogs, "ask_declarations", ask)
    return asked


def _declarations(path: Path) -> dict[tuple[str, str], tuple[bool, str]]:
    with ProjectStore.open(path, backup=False) as store:
        return {(c.evaluator, c.bid): (c.conflicted, c.statement) for c in store.conflicts()}


def _scores(path: Path, evaluator: str, bid: str) -> dict[str, Decimal]:
    with ProjectStore.open(path, backup=False) as store:
        return {s.criterion: s.score for s in store.scores() if (s.evaluator, s.bid) == (evaluator, bid)}


def _progress(window: MainWindow) -> dict[str, str]:
    table = window.project_view.progress
    return {table.item(r, 0).text(): table.item(r, 2).text() for r in range(table.rowCount() - 1)}


def test_an_undeclared_bid_cannot_be_scored_and_the_status_says_not_yet_declared(qtbot, undeclared: Path) -> None:
    window = window_on(qtbot, undeclared)
    view = window.project_view
    assert _progress(window) == {
        "Ana Ruiz (ana)": "not yet declared",
        "Ben Okafor (ben)": "declared: conflict on bid-c; not yet declared on bid-a, bid-b, bid-d, bid-e",
        "Priya Natarajan (priya)": "not yet declared",
    }
    view.choose_evaluator("priya")
    cell = view.model.index_of(MISSING_BID, CRITERION)
    assert cell.data() == "not yet declared"
    assert not view.model.flags(cell) & Qt.ItemFlag.ItemIsEditable
    assert not view.model.setData(cell, "4")
    assert "has not declared on this bid yet" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert view.declare_note.isVisibleTo(view)
    assert "Priya Natarajan has not declared on bid-a" in view.declare_note.text()
    assert view.declare_button.isEnabled() and window.project.declare_action.isEnabled()
    assert _scores(undeclared, "priya", MISSING_BID) == {}


def test_declaring_no_conflict_opens_the_bids_and_undo_closes_them_again(
    qtbot, undeclared: Path, monkeypatch, messages
) -> None:
    window = window_on(qtbot, undeclared)
    view, controller = window.project_view, window.project
    view.choose_evaluator("priya")
    asked = _answer(monkeypatch, lambda bids: {b.bid: (False, "") for b in bids})
    view.declare_button.click()
    name, bids = asked[0]
    assert name == "Priya Natarajan" and [b.bid for b in bids] == ["bid-a", "bid-b", "bid-c", "bid-d", "bid-e"]
    assert all(b.current is None for b in bids) and bids[0].scores_entered == 14  # imported before declaring
    assert all(_declarations(undeclared)[("priya", b.bid)] == (False, "") for b in bids)
    assert _progress(window)["Priya Natarajan (priya)"] == "declared: no conflict"
    assert not view.declare_note.isVisibleTo(view)
    assert "Saved the declarations of Priya Natarajan" in controller.summary.text()

    cell = view.model.index_of(MISSING_BID, CRITERION)
    assert view.model.setData(cell, "4")
    assert _scores(undeclared, "priya", MISSING_BID) == {CRITERION: Decimal(4)}
    controller.undo()  # the score
    assert controller.undo_action.text() == "&Undo declarations of priya"
    controller.undo()
    assert ("priya", "bid-a") not in _declarations(undeclared)
    assert _progress(window)["Priya Natarajan (priya)"] == "not yet declared" and messages == []
    controller.redo()
    assert _progress(window)["Priya Natarajan (priya)"] == "declared: no conflict"


def test_a_conflict_takes_the_evaluator_off_the_bid_and_undo_brings_the_scores_back(
    qtbot, evaluation_copy: Path, tmp_path: Path, monkeypatch, messages
) -> None:
    project = open_project(evaluation_copy, tmp_path / "work" / "riverton.procure")
    window = window_on(qtbot, project)
    view, controller = window.project_view, window.project
    view.choose_evaluator("ana")
    before = _scores(project, "ana", "bid-a")
    assert len(before) == 14
    asked = _answer(monkeypatch, {"bid-a": (True, "I advised Civic Stack on its bid last year.")})
    window.project.declare_action.trigger()  # Project ▸ Declare Conflicts of Interest… (Ctrl+D)
    assert asked[0][1][0].current == (False, "")
    assert _scores(project, "ana", "bid-a") == {}
    assert _declarations(project)[("ana", "bid-a")] == (True, "I advised Civic Stack on its bid last year.")
    assert _progress(window)["Ana Ruiz (ana)"] == "declared: conflict on bid-a"
    assert view.model.index_of("bid-a", CRITERION).data() == "conflict declared"
    assert "14 score(s) on the bids with a conflict were removed" in controller.summary.text()
    tip = view.progress.item(0, 2).toolTip()
    assert "bid-a (Civic Stack Cooperative Ltd): conflict of interest: I advised Civic Stack" in tip
    assert "bid-b (Meridian" in tip and tip.count(": no conflict") == 4
    controller.undo()
    assert _scores(project, "ana", "bid-a") == before and messages == []


def test_the_panel_consensus_declares_nothing(qtbot, undeclared: Path) -> None:
    window = window_on(qtbot, undeclared)
    view = window.project_view
    view.choose_evaluator(PANEL)  # the panel's consensus grid
    assert not view.declare_button.isVisibleTo(view) and not window.project.declare_action.isEnabled()
    assert not view.declare_note.isVisibleTo(view)
    view.choose_evaluator("ana")
    assert view.declare_button.isVisibleTo(view) and window.project.declare_action.isEnabled()


def _dialog(qtbot, bids) -> DeclarationDialog:
    dialog = DeclarationDialog(None, "Ana Ruiz", bids)
    qtbot.addWidget(dialog)
    return dialog


def test_the_declaration_dialog_asks_a_statement_for_a_conflict_and_says_what_it_removes(qtbot) -> None:
    bids = [
        BidToDeclare("bid-a", "Civic Stack Cooperative", None, 14),
        BidToDeclare("bid-b", "Lumen Urban Analytics", (False, ""), 3),
    ]
    dialog = _dialog(qtbot, bids)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled() and "1 bid(s) not declared yet" in dialog.note.text()
    assert not dialog.statements[0].isEnabled()  # a statement is for a conflict
    dialog.choices[0].setCurrentIndex(CONFLICT)
    assert dialog.statements[0].isEnabled() and not ok.isEnabled()
    assert "Say what the conflict on bid-a is." in dialog.note.text()
    assert "removes the 14 score(s) Ana Ruiz entered on it" in dialog.note.text()
    qtbot.keyClicks(dialog.statements[0], "My sister chairs Civic Stack.")
    assert ok.isEnabled()
    assert dialog.declarations() == {"bid-a": (True, "My sister chairs Civic Stack."), "bid-b": (False, "")}
    dialog.choices[0].setCurrentIndex(NO_CONFLICT)
    assert dialog.declarations()["bid-a"] == (False, "")  # the statement goes with the conflict


def test_no_conflict_on_the_rest_in_one_click_and_an_unchanged_declaration_is_not_an_edit(qtbot) -> None:
    bids = [BidToDeclare(f"bid-{x}", f"Bidder {x}", None, 0) for x in "abc"]
    dialog = _dialog(qtbot, bids)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    dialog.rest_button.click()
    assert dialog.declarations() == {b.bid: (False, "") for b in bids} and ok.isEnabled()
    assert not dialog.rest_button.isEnabled()
    again = _dialog(qtbot, [BidToDeclare("bid-a", "Bidder a", (False, ""), 0)])
    assert not again.buttons.button(again.buttons.StandardButton.Ok).isEnabled()  # nothing to change
