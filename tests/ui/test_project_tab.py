"""The Project tab as a procurement officer uses it: open a project, score, undo, lock, unseal, evaluate."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLineEdit

from procure_app.core.project.store import ProjectStore, list_backups
from procure_app.ui import dialogs, settings
from procure_app.ui.app import parse_args
from procure_app.ui.main_window import EVALUATION_TAB, PROJECT_TAB, MainWindow
from procure_app.ui.project.project_jobs import default_actor, envelope_words, parse_score, read_snapshot
from procure_app.ui.project.project_model import AuditModel, ScoreGridModel

from .project_helpers import MISSING_BID, open_project, window_on

CRITERION = "open-interfaces"


@pytest.fixture
def project(evaluation_copy: Path, tmp_path: Path) -> Path:
    return open_project(evaluation_copy, tmp_path / "work" / "riverton.procure")


@pytest.fixture
def messages(monkeypatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "show_message", lambda parent, title, text: shown.append((title, text)))
    monkeypatch.setattr(dialogs, "show_info", lambda parent, title, text: shown.append((title, text)))
    return shown


def _scores(path: Path) -> dict[tuple[str, str, str], tuple[Decimal, str]]:
    with ProjectStore.open(path, backup=False) as store:
        return {(s.evaluator, s.bid, s.criterion): (s.score, s.justification) for s in store.scores()}


def _cell(window: MainWindow, bid: str, criterion: str, column: int = 2):
    view = window.project_view
    view.choose_evaluator("priya")
    index = view.model.index_of(bid, criterion, column)
    assert index.isValid()
    return index


# --- the models --------------------------------------------------------------------------------


def test_score_grid_and_audit_models_pass_the_qt_model_tester(qtmodeltester, project: Path) -> None:
    with ProjectStore.open(project, backup=False) as store:
        snapshot = read_snapshot(store)
        entries = store.audit_entries()
    grid = ScoreGridModel()
    grid.set_snapshot(snapshot, "ben")
    qtmodeltester.check(grid)
    assert grid.rowCount() == len(snapshot.bids) * len(snapshot.criteria) == 5 * 14
    conflicted = grid.index_of("bid-c", CRITERION)
    assert conflicted.data() == "conflict declared" and not grid.flags(conflicted) & Qt.ItemFlag.ItemIsEditable
    grid.set_snapshot(snapshot, "priya")
    assert grid.flags(grid.index_of(MISSING_BID, CRITERION)) & Qt.ItemFlag.ItemIsEditable
    audit = AuditModel()
    audit.set_entries(entries, sealed=True)
    qtmodeltester.check(audit)
    assert audit.index(0, 0).data() == str(entries[-1].seq)  # newest first
    prices = [row for row in range(audit.rowCount()) if audit.index(row, 4).data().startswith("price/")]
    assert len(prices) == 5
    assert all("shown once the prices are unsealed" in audit.index(row, 5).data() for row in prices)
    assert all("250000" not in str(audit.index(row, 5).data(Qt.ItemDataRole.ToolTipRole)) for row in prices)
    audit.set_entries(entries, sealed=False)
    assert any("250000" in audit.index(row, 5).data() for row in prices)


def test_scores_are_whole_numbers_of_the_scale(project: Path) -> None:
    with ProjectStore.open(project, backup=False) as store:
        snapshot = read_snapshot(store)
    assert parse_score(" 4 ", snapshot) == Decimal(4) and parse_score("4 · Good", snapshot) == Decimal(4)
    assert parse_score("", snapshot) is None
    for wrong in ("9", "2.5", "four", "nan"):
        with pytest.raises(ValueError, match="from 0 to 5"):
            parse_score(wrong, snapshot)


def test_the_app_and_the_scoresheet_import_apply_the_same_scale_rule(project: Path) -> None:
    from procure_app.core.project.panel.rubric_snapshot import project_rubric
    from procure_app.core.project.panel.scoresheets.answers import check_scale

    with ProjectStore.open(project, backup=False) as store:
        snapshot, rubric = read_snapshot(store), project_rubric(store)
    for text in ("0", "4", "4.0", "5.00", "4.5", "6", "-1", "1E1", "Infinity", "-0"):
        try:
            parse_score(text, snapshot)
            app_accepts = True
        except ValueError:
            app_accepts = False
        assert app_accepts == (check_scale(Decimal(text), rubric) is None), text


# --- opening -----------------------------------------------------------------------------------


def test_a_project_given_at_start_is_shown_with_its_envelopes(qtbot, project: Path) -> None:
    assert parse_args(["--project", str(project)]).project == project
    window = window_on(qtbot, project)
    assert window.tabs.currentIndex() == PROJECT_TAB
    assert settings.LAST_PROJECT.read() == str(project)
    header = window.project_view.header.text()
    assert "Riverton lot 1 (being scored)" in header and str(project) in header
    assert "Quality scoring open — prices sealed (5 price sheets received)" in header
    assert "Riverton lot 1 (being scored)" in window.windowTitle()
    progress = window.project_view.progress
    rows = {progress.item(r, 0).text(): progress.item(r, 1).text() for r in range(progress.rowCount())}
    assert rows["Priya Natarajan (priya)"] == "42 of 56" and rows["Ana Ruiz (ana)"] == "56 of 56 ✓"
    assert progress.item(1, 2).text() == "declared: conflict on bid-c"  # ben's declared conflict
    assert progress.item(0, 2).text() == "declared: no conflict"
    assert len(list_backups(project)) == 1  # opening backs the file up


def test_prices_stay_hidden_while_sealed(qtbot, project: Path) -> None:
    window = window_on(qtbot, project)
    view = window.project_view
    assert view.prices_stack.currentIndex() == 0
    assert "Sealed — 5 price sheets received" in view.sealed.text()
    assert view.prices.rowCount() == 0
    assert not window.project.unseal_action.isEnabled() and not window.project.evaluate_action.isEnabled()


def test_a_new_user_gets_the_example_project(qtbot, tmp_path: Path) -> None:
    window = window_on(qtbot)
    store = window.project.store
    assert store is not None and store.path.name == "riverton-example.procure"
    assert Path.home() in store.path.parents or tmp_path in store.path.parents  # the isolated data folder
    snapshot = window.project.snapshot
    assert snapshot is not None and len(snapshot.bids) == 5 and len(snapshot.evaluators) == 3
    assert settings.LAST_PROJECT.read() == str(store.path)
    assert window.evaluation.state is not None  # the Evaluation tab works as before
    path = store.path
    window.close()
    again = window_on(qtbot)  # the example is made once, then remembered
    assert again.project.store is not None and again.project.store.path == path


def test_a_remembered_project_that_is_gone_is_said_and_nothing_is_made(qtbot, tmp_path: Path) -> None:
    settings.LAST_PROJECT.write(str(tmp_path / "gone.procure"))
    window = MainWindow()
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: "no longer there" in window.project_summary.text(), timeout=10_000)
    assert window.project.store is None and window.project_view.body.currentIndex() == 0


def test_open_project_asks_for_the_file(qtbot, project: Path, tmp_path: Path, monkeypatch) -> None:
    window = window_on(qtbot)
    assert window.project.open_action.shortcut() == QKeySequence("Ctrl+Shift+O")
    monkeypatch.setattr(dialogs, "choose_project_file", lambda parent, start: str(project))
    window.project.open_action.trigger()
    assert window.project.store is not None and window.project.store.path == project


def test_a_damaged_file_offers_a_copy_of_the_newest_backup(qtbot, project: Path, monkeypatch, messages) -> None:
    from .project_helpers import damage

    with ProjectStore.open(project) as store:  # a backup of the sound file
        newest = store.make_backup()
    damage(project)
    damaged_bytes = project.read_bytes()
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text, ok: asked.append(text) or False)
    window = window_on(qtbot)  # the example
    assert not window.project.open_project(project)
    assert newest.name in asked[0] and "left exactly as they are" in asked[0]
    assert "***" not in asked[0]  # SQLite's findings in a few words
    assert window.project.store is not None and window.project.store.path.name == "riverton-example.procure"
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text, ok: True)
    assert window.project.open_project(project)
    opened = window.project.store
    assert opened is not None and opened.path != project and "restored" in opened.path.name
    assert opened.path.parent == project.parent
    assert project.read_bytes() == damaged_bytes  # never overwritten
    assert len(opened.scores()) > 100


def test_a_file_that_is_no_project_or_newer_is_refused(qtbot, tmp_path: Path, messages) -> None:
    window = window_on(qtbot)
    text_file = tmp_path / "notes.procure"
    text_file.write_text("not a project")
    assert not window.project.open_project(text_file)
    assert "is not a Procure project file" in messages[-1][1]
    newer = tmp_path / "newer.procure"
    with ProjectStore.create(newer, "From the future") as store:
        store.conn.execute("PRAGMA user_version=999")
    assert not window.project.open_project(newer)
    assert "newer version of Procure" in messages[-1][1]
    assert window.project.store is not None and window.project.store.path.name == "riverton-example.procure"


# --- scoring and undo --------------------------------------------------------------------------


def test_a_score_typed_in_the_grid_is_committed_with_an_audit_entry(qtbot, project: Path) -> None:
    window = window_on(qtbot, project)
    view = window.project_view
    index = _cell(window, MISSING_BID, CRITERION)
    view.grid.setCurrentIndex(index)
    view.grid.edit(index)
    editor = view.grid.viewport().findChild(QLineEdit)
    assert editor is not None
    editor.setText("4")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # commits, moves on to the justification
    assert _scores(project)[("priya", MISSING_BID, CRITERION)] == (Decimal(4), "")
    with ProjectStore.open(project, backup=False) as store:
        last = store.audit_entries()[-1]
    assert last.action == "score.set" and last.actor == default_actor()
    assert last.entity == f"score/priya/{MISSING_BID}/{CRITERION}"
    assert index.data() == "4 · Good"
    assert "43 of 56" in view.progress.item(2, 1).text()


def test_an_invalid_score_is_refused_and_given_back(qtbot, project: Path, messages) -> None:
    window = window_on(qtbot, project)
    view = window.project_view
    index = _cell(window, MISSING_BID, CRITERION)
    before = _scores(project)
    assert not view.model.setData(index, "9")
    qtbot.waitUntil(lambda: "from 0 to 5" in view.entry_note.text() and view.entry_note.isVisibleTo(view))
    assert messages == []  # said under the grid: a modal would take the keystrokes typed next
    assert _scores(project) == before
    editor = view.grid.viewport().findChild(QLineEdit)
    assert editor is not None and editor.text() == "9"  # what was typed is kept
    editor.setText("2")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on its next turn of the event loop
    qtbot.waitUntil(lambda: ("priya", MISSING_BID, CRITERION) in _scores(project))
    assert _scores(project)[("priya", MISSING_BID, CRITERION)][0] == Decimal(2)
    qtbot.waitUntil(lambda: view.entry_note.isHidden())  # saved: the note goes


def test_a_justification_typed_first_is_saved_with_its_score(qtbot, project: Path, monkeypatch) -> None:
    window = window_on(qtbot, project)
    model = window.project_view.model
    why = _cell(window, MISSING_BID, CRITERION, column=3)
    assert model.setData(why, "Clear OpenAPI files.")
    assert ("priya", MISSING_BID, CRITERION) not in _scores(project)
    assert "saved with the score" in why.data()
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text, ok: asked.append(text) or False)
    window.close()  # a draft would be lost: the officer is asked, and says no
    assert asked and window.project.store is not None
    assert model.setData(_cell(window, MISSING_BID, CRITERION), "5")
    assert _scores(project)[("priya", MISSING_BID, CRITERION)] == (Decimal(5), "Clear OpenAPI files.")
    assert not model.drafts


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, when a window is shown
def test_undo_and_redo_through_the_menu_and_the_keyboard(qtbot, project: Path) -> None:
    window = window_on(qtbot, project)
    controller, model = window.project, window.project_view.model
    assert not controller.undo_action.isEnabled() and not controller.redo_action.isEnabled()
    assert model.setData(_cell(window, MISSING_BID, CRITERION), "3")
    assert controller.undo_action.text() == f"&Undo score of priya for {MISSING_BID} on {CRITERION}"
    controller.undo_action.trigger()
    key = ("priya", MISSING_BID, CRITERION)
    assert key not in _scores(project)
    assert controller.redo_action.isEnabled() and not controller.undo_action.isEnabled()
    assert controller.redo_action.text().startswith("&Redo score of priya")
    assert [k.toString() for k in controller.redo_action.shortcuts()] == ["Ctrl+Shift+Z", "Ctrl+Y"]
    controller.redo_action.trigger()
    assert _scores(project)[key][0] == Decimal(3)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    window.project_view.grid.setFocus()
    qtbot.keyClick(window.project_view.grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert key not in _scores(project)
    qtbot.keyClick(window.project_view.grid, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert _scores(project)[key][0] == Decimal(3)
    qtbot.keyClick(window.project_view.grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(
        window.project_view.grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert _scores(project)[key][0] == Decimal(3)
    with ProjectStore.open(project, backup=False) as store:
        actions = [entry.action for entry in store.audit_entries()[-7:]]
    assert actions == ["score.set", "score.remove"] * 3 + ["score.set"]  # undo is a new, audited edit


def test_an_undo_refused_because_the_value_changed_leaves_everything(qtbot, project: Path, messages) -> None:
    window = window_on(qtbot, project)
    controller = window.project
    assert window.project_view.model.setData(_cell(window, MISSING_BID, CRITERION), "3")
    store = controller.store
    assert store is not None
    store.set_score("chair", "priya", MISSING_BID, CRITERION, 1, "Changed by the chair.")  # another change
    controller.refresh()
    controller.undo_action.trigger()
    assert messages and messages[-1][0] == "Undo" and "changed since" in messages[-1][1]
    assert _scores(project)[("priya", MISSING_BID, CRITERION)] == (Decimal(1), "Changed by the chair.")
    assert controller.undo_action.isEnabled()  # the command is still there, refused


# --- the envelopes -----------------------------------------------------------------------------


def test_locking_with_scores_missing_needs_two_confirmations(qtbot, project: Path, monkeypatch) -> None:
    window = window_on(qtbot, project)
    controller = window.project
    reviewed: list[list[str]] = []
    answers = {"review": False, "confirm": False}

    def review(parent, title, intro, **kwargs):
        reviewed.append(list(kwargs.get("lines", ())))
        return answers["review"]

    monkeypatch.setattr(dialogs, "review", review)
    monkeypatch.setattr(dialogs, "confirm", lambda *args: answers["confirm"])
    controller.lock_action.trigger()
    assert reviewed and any("Priya Natarajan (priya) on bid bid-d" in line for line in reviewed[0])
    assert controller.snapshot is not None and controller.snapshot.quality_open
    answers["review"] = True  # "Lock anyway…", then Cancel on the second question
    controller.lock_action.trigger()
    assert controller.snapshot.quality_open
    answers["confirm"] = True
    controller.lock_action.trigger()
    assert not controller.snapshot.quality_open
    assert "Quality scores locked on" in window.project_view.header.text()
    assert not window.project_view.model.flags(_cell(window, MISSING_BID, CRITERION)) & Qt.ItemFlag.ItemIsEditable
    assert not controller.lock_action.isEnabled() and controller.unseal_action.isEnabled()


def test_locking_a_complete_panel_asks_once_then_unsealing_shows_the_prices(
    qtbot, evaluation_copy: Path, tmp_path: Path, monkeypatch
) -> None:
    complete = open_project(evaluation_copy, tmp_path / "complete.procure", complete=True)
    window = window_on(qtbot, complete)
    controller = window.project
    questions: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text, ok: questions.append(title) or True)
    monkeypatch.setattr(dialogs, "review", lambda *args, **kwargs: pytest.fail("nothing is missing"))
    controller.lock_action.trigger()
    assert questions == ["Lock Quality Scores"]
    assert window.project_view.prices_stack.currentIndex() == 0  # locked, still sealed
    controller.unseal_action.trigger()
    assert questions[-1] == "Unseal Prices"
    view = window.project_view
    assert view.prices_stack.currentIndex() == 1 and view.prices.rowCount() == 5
    assert view.prices.item(0, 2).text() == "310,000.00 EUR"
    assert "Prices unsealed on" in view.header.text()
    with ProjectStore.open(complete, backup=False) as store:
        actions = [entry.action for entry in store.audit_entries()]
    assert actions[-2:] == ["envelope.lock_quality", "envelope.unseal_prices"]
    assert controller.evaluate_action.isEnabled()
    last_evaluation = settings.LAST_EVALUATION.read()
    controller.evaluate_action.trigger()
    assert window.tabs.currentIndex() == EVALUATION_TAB
    qtbot.waitUntil(
        lambda: window.evaluation.state is not None and window.evaluation.state.path.name == "complete.eval.yaml",
        timeout=20_000,
    )
    assert window.evaluation.state.ok and window.evaluation_view.model.rowCount() == 5
    assert settings.LAST_EVALUATION.read() == last_evaluation  # the scratch copy is not remembered
    header = window.evaluation_view.header.text()
    assert "complete.procure" in header and "procure-project-" not in header  # the project, not a scratch path
    assert "complete.procure" in window.windowTitle()

    # Records exported from the project's evaluation carry its audit trail, as from the command line.
    out = tmp_path / "records"
    out.mkdir()
    target = dialogs.ExportTarget(out, workbook=True, report=False, letters=False)
    monkeypatch.setattr(dialogs, "choose_export_target", lambda *args: target)
    monkeypatch.setattr(dialogs, "show_message", lambda *args: None)
    window.evaluation.export_action.trigger()
    qtbot.waitUntil(lambda: not window.evaluation.exporting, timeout=60_000)
    (workbook_path,) = out.glob("*.xlsx")
    workbook = openpyxl.load_workbook(workbook_path, read_only=True)
    assert "Audit log" in workbook.sheetnames
    workbook.close()


def test_envelope_words() -> None:
    from procure_app.core.project.store import EnvelopeState

    assert envelope_words(EnvelopeState(None, None, None, None), 1) == (
        "Quality scoring open — prices sealed (1 price sheet received)"
    )
    locked = EnvelopeState("2027-05-02T10:00:00+00:00", "ana", None, None)
    assert envelope_words(locked, 5).startswith("Quality scores locked on ")
    assert "by ana — prices sealed (5 price sheets received)" in envelope_words(locked, 5)
    unsealed = EnvelopeState("2027-05-02T10:00:00+00:00", "ana", "2027-05-03T09:00:00+00:00", "ben")
    assert "Prices unsealed on " in envelope_words(unsealed, 5) and envelope_words(unsealed, 5).endswith("by ben")


# --- verify, audit log, backups ----------------------------------------------------------------


@pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # the offscreen platform
def test_verify_and_the_audit_log(qtbot, project: Path, messages) -> None:
    window = window_on(qtbot, project)
    controller = window.project
    controller.verify_action.trigger()
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    assert messages[-1][0] == "Verify Project" and "is sound" in messages[-1][1]
    controller.audit_action.trigger()
    dialog = controller.audit_dialog
    assert dialog is not None and dialog.isVisible()
    with ProjectStore.open(project, backup=False) as store:
        entries = store.audit_entries()
    assert dialog.model.rowCount() == len(entries)
    assert "unbroken" in dialog.verdict.text()
    assert window.project_view.model.setData(_cell(window, MISSING_BID, CRITERION), "2")
    assert dialog.model.rowCount() == len(entries) + 1  # the open log follows the project
    assert dialog.model.index(0, 3).data() == "score entered or changed"
    assert dialog.model.sealed and "not shown while the prices are sealed" in dialog.verdict.text()


def test_the_backup_timer_backs_the_project_up(qtbot, project: Path) -> None:
    settings.BACKUP_INTERVAL.write(1)
    window = window_on(qtbot, project)
    assert window.project.backup_timer.isActive()
    qtbot.waitUntil(lambda: len(list_backups(project)) >= 2, timeout=10_000)


def test_a_failed_backup_is_said_in_the_status_bar(qtbot, project: Path, monkeypatch) -> None:
    from procure_app.core.project.store import ProjectError

    window = window_on(qtbot, project)
    store = window.project.store
    assert store is not None

    def full(interval: float) -> None:
        raise ProjectError("cannot write a backup: the disk is full")

    monkeypatch.setattr(store, "backup_if_due", full)
    assert window.project.backup_now_if_due() is None
    assert "automatic backup failed" in window.statusBar().currentMessage()
    monkeypatch.undo()


def test_closing_backs_up_when_due(qtbot, project: Path) -> None:
    settings.BACKUP_INTERVAL.write(1)
    window = window_on(qtbot, project)
    store = window.project.store
    assert store is not None
    store.last_backup_at = None  # due
    before = len(list_backups(project))
    window.close()
    assert len(list_backups(project)) == before + 1
    assert window.project.store is None


def test_a_score_being_typed_is_saved_when_the_window_closes(qtbot, project: Path) -> None:
    window = window_on(qtbot, project)
    view = window.project_view
    index = _cell(window, MISSING_BID, CRITERION)
    view.grid.setCurrentIndex(index)
    view.grid.edit(index)
    editor = view.grid.viewport().findChild(QLineEdit)
    assert editor is not None
    editor.setText("5")  # not yet confirmed with Enter or Tab
    window.close()
    assert _scores(project)[("priya", MISSING_BID, CRITERION)][0] == Decimal(5)


def test_damage_is_said_in_a_few_words() -> None:
    from procure_app.ui.project.project_controller import _damage_words

    details = ["*** in database main ***\nOn tree page 17 cell 0: invalid page number\nPage 35 is never used"]
    assert _damage_words(details) == "On tree page 17 cell 0: invalid page number, and 1 more problem"
    assert _damage_words([]) == "unknown damage"
