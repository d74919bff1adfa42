"""The panel's consensus scores on the Project tab, as the chair records them at the moderation meeting."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from procure_app.core.project.panel.rubric_snapshot import project_rubric
from procure_app.core.project.store import ProjectStore
from procure_app.ui import dialogs, settings
from procure_app.ui.main_window import MainWindow
from procure_app.ui.project.project_consensus import (
    BID,
    CONSENSUS,
    NEEDS_CONSENSUS,
    PANEL,
    PANEL_WORDS,
    REASON,
    SCORES,
    SPREAD,
    ConsensusGridModel,
)
from procure_app.ui.project.project_jobs import default_actor, read_snapshot

from .project_helpers import CHAIR, open_project, window_on

CRITERION = "open-interfaces"
AGREED = ("bid-b", "open-source-licensing")  # the example's consensus, kept
REOPENED = ("bid-d", "accessibility-conformance")  # the example's consensus, removed: needs one again
# Scores on CRITERION made for the test: (ana, ben, priya); the rubric's moderation spread is 2.
PANEL_SCORES = {
    "bid-a": (4, 2, 3),  # spread 2, exactly the threshold: needs consensus
    "bid-b": (4, 3, 3),  # spread 1: no
    "bid-c": (4, 0, 4),  # ben declared a conflict on bid-c: his 0 does not count, spread 0
    "bid-d": (5, 1, 2),  # spread 4: needs consensus
}
REASON_TEXT = "Agreed at the moderation meeting of 2 May: OpenAPI files for most, not all, endpoints."


@pytest.fixture
def project(evaluation_copy: Path, tmp_path: Path) -> Path:
    path = open_project(evaluation_copy, tmp_path / "work" / "panel.procure", complete=True)
    with ProjectStore.open(path, backup=False) as store:
        store.remove_consensus(CHAIR, *REOPENED)
        for bid, trio in PANEL_SCORES.items():
            for evaluator, score in zip(("ana", "ben", "priya"), trio, strict=True):
                store.set_score(CHAIR, evaluator, bid, CRITERION, score, f"{evaluator} scored {score}.")
    return path


@pytest.fixture(autouse=True)
def no_real_question(monkeypatch) -> None:
    """A test that fails with a draft left would otherwise hang its teardown on the closing question."""
    monkeypatch.setattr(dialogs, "confirm", lambda *args: True)


@pytest.fixture
def messages(monkeypatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "show_message", lambda parent, title, text: shown.append((title, text)))
    monkeypatch.setattr(dialogs, "show_info", lambda parent, title, text: shown.append((title, text)))
    return shown


def _consensus(path: Path) -> dict[tuple[str, str], tuple[Decimal, str]]:
    with ProjectStore.open(path, backup=False) as store:
        return {(c.bid, c.criterion): (c.score, c.reason) for c in store.consensus_scores()}


def _expected_flags(path: Path) -> set[tuple[str, str]]:
    """The rubric's rule, worked out here from the stored scores: the scores that count (not by an
    evaluator conflicted on the bid) differ by the moderation spread or more, and there is no consensus."""
    with ProjectStore.open(path, backup=False) as store:
        rubric = project_rubric(store)
        conflicted = {(c.evaluator, c.bid) for c in store.conflicts() if c.conflicted}
        agreed = {(c.bid, c.criterion) for c in store.consensus_scores()}
        flags = set()
        for bid in store.bids():
            for _, criterion in rubric.criteria():
                values = [
                    s.score
                    for s in store.scores()
                    if (s.bid, s.criterion) == (bid, criterion.id) and (s.evaluator, bid) not in conflicted
                ]
                disagree = bool(values) and max(values) - min(values) >= rubric.moderation_spread
                if disagree and (bid, criterion.id) not in agreed:
                    flags.add((bid, criterion.id))
    return flags


def _panel(window: MainWindow) -> ConsensusGridModel:
    """Choose the last entry of the evaluator chooser, as the chair does."""
    box = window.project_view.evaluator_box
    assert box.itemText(box.count() - 1) == PANEL_WORDS
    box.setCurrentIndex(box.count() - 1)
    assert window.project_view.showing_consensus and window.project_view.grids.currentIndex() == 1
    return window.project_view.consensus_model


def _entry_note(window: MainWindow) -> str:
    """What the note under the grid says about an entry not saved yet ("" when it is hidden)."""
    note = window.project_view.entry_note
    return note.text() if note.isVisibleTo(window.project_view) else ""


def _type(qtbot, text: str) -> None:
    """Type ``text`` key by key into whatever has the focus, as a user's keystrokes go."""
    for character in text:
        widget = QApplication.focusWidget()
        assert widget is not None, f"nothing has the focus to type {character!r} into"
        qtbot.keyClick(widget, character)


def _edit(window: MainWindow, bid: str, criterion: str, column: int) -> QLineEdit:
    view = window.project_view
    index = view.consensus_model.index_of(bid, criterion, column)
    view.consensus_grid.setCurrentIndex(index)
    view.consensus_grid.edit(index)
    editor = view.consensus_grid.viewport().findChild(QLineEdit)
    assert editor is not None
    return editor


# --- what the chair sees -----------------------------------------------------------------------


def test_the_consensus_model_passes_the_qt_model_tester(qtmodeltester, project: Path) -> None:
    with ProjectStore.open(project, backup=False) as store:
        snapshot = read_snapshot(store)
    model = ConsensusGridModel()
    model.set_snapshot(snapshot)
    qtmodeltester.check(model)
    assert model.rowCount() == len(snapshot.bids) * len(snapshot.criteria)
    model.set_only_disagreements(True)
    qtmodeltester.check(model)


def test_panel_consensus_shows_every_score_and_flags_as_the_rubric_says(qtbot, project: Path) -> None:
    window = window_on(qtbot, project)
    model = _panel(window)
    assert settings.PROJECT_EVALUATOR.read() == PANEL  # remembered for the next session
    assert model.index_of("bid-a", CRITERION, SCORES).data() == "ana 4 · ben 2 · priya 3"
    assert model.index_of("bid-c", CRITERION, SCORES).data() == "ana 4 · priya 4"  # ben's conflict: not shown
    flagged = {
        model.key(model.index(row, 0))
        for row in range(model.rowCount())
        if NEEDS_CONSENSUS in model.index(row, SPREAD).data()
    }
    expected = _expected_flags(project)
    assert flagged == expected
    assert expected == {("bid-a", CRITERION), ("bid-d", CRITERION), REOPENED}
    assert model.index_of("bid-a", CRITERION, SPREAD).data() == f"2 ⚑ {NEEDS_CONSENSUS}"
    assert model.index_of("bid-c", CRITERION, SPREAD).data() == "0"
    assert model.index_of(*AGREED, column=SPREAD).data() == "2 ✓ agreed"
    assert model.index_of(*AGREED, column=CONSENSUS).data() == "2 · Partial"
    assert "ben scored 2." in model.index_of("bid-a", CRITERION, SCORES).data(Qt.ItemDataRole.ToolTipRole)
    # The panel progress says how many pairs still need consensus; its line opens the consensus grid.
    view = window.project_view
    last = view.progress.rowCount() - 1
    assert view.progress.item(last, 0).text() == PANEL_WORDS
    assert view.progress.item(last, 1).text() == "3 bid × criterion pairs need consensus (1 agreed)"
    view.choose_evaluator("ana")
    assert not view.showing_consensus and view.grids.currentIndex() == 0
    view.progress.cellClicked.emit(last, 0)
    assert view.showing_consensus
    # Only where the panel disagrees: the flagged pairs and the agreed one.
    assert not view.disagreements.isHidden()
    view.disagreements.setChecked(True)
    shown = {model.key(model.index(row, 0)) for row in range(model.rowCount())}
    assert shown == expected | {AGREED}
    named = [bool(model.index(row, BID).data()) for row in range(model.rowCount())]
    assert named == [True, True, True, False]  # bid-a, bid-b, bid-d twice: each bid named on its first row


def test_a_consensus_score_with_its_reason_is_saved_with_an_audit_entry(qtbot, project: Path) -> None:
    window = window_on(qtbot, project)
    model = _panel(window)
    key = ("bid-a", CRITERION)
    assert model.setData(model.index_of(*key, column=REASON), REASON_TEXT)  # the reason first: it waits
    assert key not in _consensus(project)
    assert "saved with the score" in model.index_of(*key, column=REASON).data()
    editor = _edit(window, *key, CONSENSUS)
    editor.setText("3")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert _consensus(project)[key] == (Decimal(3), REASON_TEXT)
    with ProjectStore.open(project, backup=False) as store:
        last = store.audit_entries()[-1]
    assert last.action == "consensus.set" and last.actor == default_actor()
    assert last.entity == f"consensus/bid-a/{CRITERION}"
    assert last.new_value == {"score": "3", "reason": REASON_TEXT}
    assert model.index_of(*key).data() == "3 · Adequate"
    assert model.index_of(*key, column=SPREAD).data() == "2 ✓ agreed"
    assert not model.drafts
    view = window.project_view
    assert view.progress.item(view.progress.rowCount() - 1, 1).text().startswith("2 bid × criterion pairs")


def test_a_consensus_score_without_a_reason_is_refused_and_kept(qtbot, project: Path, messages) -> None:
    window = window_on(qtbot, project)
    model = _panel(window)
    key = ("bid-d", CRITERION)
    editor = _edit(window, *key, CONSENSUS)
    editor.setText("2")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "needs its reason" in _entry_note(window))
    assert messages == []  # said under the grid, not in a modal
    assert key not in _consensus(project)
    assert model.index_of(*key).data() == "2 · Partial  (needs its reason)"  # kept, and said to wait
    reason = window.project_view.consensus_grid.viewport().findChild(QLineEdit)
    assert reason is not None  # the reason opened for typing
    assert window.project_view.consensus_grid.currentIndex().column() == REASON
    reason.setText("Ben's 1 rests on an outdated page of the bid; the panel agreed 2.")
    qtbot.keyClick(reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: key in _consensus(project))
    assert _consensus(project)[key] == (Decimal(2), "Ben's 1 rests on an outdated page of the bid; the panel agreed 2.")
    assert not model.drafts
    assert _entry_note(window) == ""  # saved: nothing is waiting any more
    # A reason cannot be emptied: the consensus would have none. Clearing the score removes it.
    assert not model.setData(model.index_of(*key, column=REASON), "  ")
    qtbot.waitUntil(lambda: "clear its score" in _entry_note(window))
    assert key in _consensus(project) and messages == []


def test_a_wait_for_the_other_half_is_asked_about_before_closing(qtbot, project: Path, monkeypatch) -> None:
    window = window_on(qtbot, project)
    model = _panel(window)
    monkeypatch.setattr(window.project_view, "_ask_reason", lambda index, why: None)
    assert model.setData(model.index_of("bid-a", CRITERION), "4")
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text, ok: asked.append(text) or False)
    window.close()
    assert asked and "consensus score is only saved with its reason" in asked[0]
    assert window.project.store is not None  # not closed: the chair said no
    assert model.setData(model.index_of("bid-a", CRITERION, REASON), REASON_TEXT)
    assert _consensus(project)[("bid-a", CRITERION)] == (Decimal(4), REASON_TEXT)


def test_undo_redo_and_clearing_a_consensus(qtbot, project: Path) -> None:
    window = window_on(qtbot, project)
    controller, model = window.project, _panel(window)
    key = ("bid-a", CRITERION)
    assert model.setData(model.index_of(*key, column=REASON), REASON_TEXT)
    assert model.setData(model.index_of(*key), "4")
    assert controller.undo_action.text() == f"&Undo consensus score for bid-a on {CRITERION}"
    window.project_view.choose_evaluator("ana")  # undo brings the consensus grid back
    controller.undo_action.trigger()
    assert key not in _consensus(project)
    assert window.project_view.showing_consensus
    assert window.project_view.consensus_grid.currentIndex() == model.index_of(*key)
    assert controller.redo_action.text() == f"&Redo consensus score for bid-a on {CRITERION}"
    controller.redo_action.trigger()
    assert _consensus(project)[key] == (Decimal(4), REASON_TEXT)
    assert model.setData(model.index_of(*key), "")  # clearing the score removes the consensus
    assert key not in _consensus(project)
    assert model.index_of(*key, column=REASON).data() == f"{REASON_TEXT}  (saved with the score)"  # kept
    assert NEEDS_CONSENSUS in model.index_of(*key, column=SPREAD).data()
    controller.undo_action.trigger()
    assert _consensus(project)[key] == (Decimal(4), REASON_TEXT)
    assert not model.drafts  # the reason is saved again: no draft left
    with ProjectStore.open(project, backup=False) as store:
        actions = [entry.action for entry in store.audit_entries()[-5:]]
    assert actions == ["consensus.set", "consensus.remove", "consensus.set", "consensus.remove", "consensus.set"]


def test_an_off_scale_consensus_is_refused_and_given_back(qtbot, project: Path, messages) -> None:
    window = window_on(qtbot, project)
    model = _panel(window)
    assert not model.setData(model.index_of("bid-a", CRITERION), "7")
    qtbot.waitUntil(lambda: "from 0 to 5" in _entry_note(window))
    assert messages == []
    editor = window.project_view.consensus_grid.viewport().findChild(QLineEdit)
    assert editor is not None and editor.text() == "7"
    assert ("bid-a", CRITERION) not in _consensus(project)


def test_consensus_scores_are_read_only_once_quality_is_locked(qtbot, project: Path, monkeypatch) -> None:
    window = window_on(qtbot, project)
    model = _panel(window)
    monkeypatch.setattr(dialogs, "confirm", lambda *args: True)
    monkeypatch.setattr(dialogs, "review", lambda *args, **kwargs: True)
    window.project.lock_action.trigger()
    assert window.project.snapshot is not None and not window.project.snapshot.quality_open
    assert window.project_view.showing_consensus
    for column in (CONSENSUS, REASON):
        index = model.index_of(*AGREED, column=column)
        assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
        assert not model.setData(index, "5")
    assert _consensus(project)[AGREED][0] == Decimal(2)
    assert "can no longer change" in window.project_view.grid_note.text()


def test_tab_from_a_score_without_reason_lands_in_the_reason(qtbot, project: Path, messages) -> None:
    window = window_on(qtbot, project)
    model = _panel(window)
    key = ("bid-a", CRITERION)
    editor = _edit(window, *key, CONSENSUS)
    editor.setText("3")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: "needs its reason" in _entry_note(window))
    assert key in model.score_drafts and messages == []
    grid = window.project_view.consensus_grid
    assert grid.currentIndex().column() == REASON
    reason = grid.viewport().findChild(QLineEdit)
    assert reason is not None
    reason.setText(REASON_TEXT)
    qtbot.keyClick(reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: key in _consensus(project))
    assert _consensus(project)[key] == (Decimal(3), REASON_TEXT)


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, when a window is shown
def test_a_score_then_tab_then_the_reason_typed_key_by_key_is_saved_as_typed(qtbot, project: Path, messages) -> None:
    # As the hint says: the score, Tab, the reason. Nothing may take the keystrokes on the way.
    window = window_on(qtbot, project)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    model = _panel(window)
    grid = window.project_view.consensus_grid
    key = ("bid-a", CRITERION)
    grid.setCurrentIndex(model.index_of(*key, column=CONSENSUS))
    grid.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is grid)
    typed = "Panel agreed: licence terms partly unclear."
    _type(qtbot, "3")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    _type(qtbot, typed)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: key in _consensus(project))
    assert _consensus(project)[key] == (Decimal(3), typed)  # character for character
    assert messages == []
    assert not model.drafts
    qtbot.waitUntil(lambda: _entry_note(window) == "")  # the note goes once both are saved
