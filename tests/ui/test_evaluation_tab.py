"""The Evaluation tab as a panel chair uses it: open, read the ranking and a bid, check, export."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from procure_app import cli, paths
from procure_app.core.base.atomic import WriteError
from procure_app.core.evaluation.run import run_evaluation
from procure_app.core.rubric.formulas import rounded
from procure_app.ui import dialogs, settings
from procure_app.ui.app import parse_args
from procure_app.ui.evaluation.evaluation_controller import initial_evaluation
from procure_app.ui.evaluation.evaluation_jobs import (
    ExportRequest,
    evaluation_stem,
    example_evaluation,
    export_paths,
    load_evaluation_state,
    write_outputs,
)
from procure_app.ui.evaluation.evaluation_model import (
    BID_ROLE,
    COLUMNS,
    EXCLUDED_COLOUR,
    WARNING_COLOUR,
    RankingModel,
)
from procure_app.ui.main_window import EVALUATION_TAB, PROJECT_TAB, TENDER_TAB, MainWindow

RANK, BID, BIDDER, SME, QUALITY, PRICE, SCORE, TOTAL, FLAGS = range(len(COLUMNS))


def _open(qtbot, **kwargs) -> MainWindow:
    window = MainWindow(**kwargs)
    qtbot.addWidget(window)
    _wait_idle(qtbot, window)
    return window


def _wait_idle(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(
        lambda: (
            window.library.loaded is not None
            and window.tender.state is not None
            and window.evaluation.state is not None
            and window._jobs == 0
        ),
        timeout=20_000,
    )


def _rows(window: MainWindow) -> list[list[str]]:
    model = window.evaluation_view.model
    return [[model.index(r, c).data() for c in range(len(COLUMNS))] for r in range(model.rowCount())]


def _check_rows(window: MainWindow) -> list[list[str]]:
    tree = window.evaluation_view.checks.tree
    return [[tree.topLevelItem(i).text(c) for c in range(4)] for i in range(tree.topLevelItemCount())]


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), start=1) if text in line)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _save_atomically(path: Path, text: str) -> None:
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


# --- the model ---------------------------------------------------------------------------------


def test_ranking_model_passes_qt_model_tester(qtmodeltester, evaluation_copy) -> None:
    run = run_evaluation(evaluation_copy, paths.guidelines_file(), paths.library_dir())
    assert run.ok and run.result is not None
    model = RankingModel()
    model.set_result(run.result, "EUR")
    qtmodeltester.check(model)
    assert model.rowCount() == 5 and model.columnCount() == len(COLUMNS)
    first = model.index(0, 0)
    assert first.data(BID_ROLE) == run.result.winner == "bid-a"
    assert model.bid_at(first) == run.result.bid("bid-a")
    assert model.index_of_bid("bid-e").row() == 4 and not model.index_of_bid("nobody").isValid()
    assert model.headerData(QUALITY, Qt.Orientation.Horizontal) == "Quality Q"
    model.set_result(None)  # the tester watches the reset too
    assert model.rowCount() == 0
    model.set_result(run.result, "EUR")
    assert model.rowCount() == 5


# --- opening -----------------------------------------------------------------------------------


def test_window_opens_the_example_evaluation_when_none_was_used(qtbot, isolated_settings) -> None:
    window = _open(qtbot)
    assert window.evaluation.path == example_evaluation().resolve()
    rows = _rows(window)
    assert len(rows) == 5
    assert rows[0][:3] == ["1", "bid-a", "Civic Stack Cooperative Ltd"]
    assert [row[BID] for row in rows] == ["bid-a", "bid-c", "bid-d", "bid-b", "bid-e"]
    excluded = rows[4]
    assert excluded[RANK] == "—" and excluded[TOTAL] == "—" and excluded[SCORE] == "—"
    assert excluded[FLAGS].startswith("excluded: failed gate")
    view = window.evaluation_view
    header = view.header.text()
    for fact in ("Evaluation of lot 1", "RIV-DIG-2027-014", "Lot <b>1</b>", "People-centred smart-city ICT", "1.0"):
        assert fact in header
    assert "relative to the lowest price" in header and "WQ <b>70</b>" in header and "WP <b>30</b>" in header
    assert "PROVISIONAL" not in header
    assert "Civic Stack Cooperative Ltd" in view.outcome.text() and "69.25" in view.outcome.text()
    assert window.evaluation.export_action.isEnabled()
    assert view.current_bid_id() == "bid-a"  # the winner is shown first
    assert "Civic Stack Cooperative Ltd" in view.detail.toPlainText()


def test_the_last_evaluation_is_opened_and_one_given_wins(qtbot, isolated_settings, evaluation_copy, tmp_path) -> None:
    settings.LAST_EVALUATION.write(str(evaluation_copy))
    assert initial_evaluation() == evaluation_copy
    assert initial_evaluation(tmp_path / "given.eval.yaml") == tmp_path / "given.eval.yaml"
    settings.LAST_EVALUATION.write(str(tmp_path / "deleted.eval.yaml"))
    assert initial_evaluation() == example_evaluation()  # a file that is gone falls back to the example
    window = _open(qtbot, evaluation_path=evaluation_copy)
    assert window.evaluation.path == evaluation_copy
    assert window.tabs.currentIndex() == EVALUATION_TAB  # asked for on the command line: shown
    assert settings.LAST_EVALUATION.read() == str(evaluation_copy)
    assert "lot1.eval.yaml" in window.windowTitle()


def test_command_line_takes_an_evaluation() -> None:
    args = parse_args(["--evaluation", "lot1.eval.yaml"])
    assert args.evaluation == Path("lot1.eval.yaml") and args.spec is None
    assert parse_args([]).evaluation is None


def test_open_evaluation_asks_for_the_file(qtbot, isolated_settings, evaluation_copy, monkeypatch) -> None:
    window = _open(qtbot)
    monkeypatch.setattr(dialogs, "choose_evaluation_file", lambda *args: str(evaluation_copy))
    window.evaluation.open_action.trigger()
    assert (
        window.busy.isVisibleTo(window) and not window.evaluation.export_action.isEnabled()
    )  # working in the background
    _wait_idle(qtbot, window)
    assert window.evaluation.path == evaluation_copy
    assert window.tabs.currentIndex() == EVALUATION_TAB
    assert window.evaluation_view.model.rowCount() == 5


# --- the numbers -------------------------------------------------------------------------------


def test_numbers_equal_the_core_rounded_values_and_the_cli(qtbot, isolated_settings, evaluation_copy, capsys) -> None:
    window = _open(qtbot, evaluation_path=evaluation_copy)
    result = window.evaluation.state.run.result
    rows = {row[BID]: row for row in _rows(window)}
    for bid in result.bids:
        row = rows[bid.bid]
        assert row[QUALITY] == f"{rounded(bid.quality, 2):.2f}"
        assert row[PRICE] == f"EUR {rounded(bid.price, 2):,.2f}"
        if bid.total is not None:
            assert row[TOTAL] == f"{rounded(bid.total, 2):.2f}"
            assert row[SCORE] == f"{rounded(bid.price_score, 2):.2f}"
        assert row[RANK] == (str(bid.rank) if bid.rank is not None else "—")
        assert row[SME] == ("yes" if bid.sme else "no")
    assert rows["bid-a"][TOTAL] == "69.25" and rows["bid-d"][QUALITY] == "38.53"
    assert cli.main(["evaluate", str(evaluation_copy)]) == 0
    printed = capsys.readouterr().out.splitlines()
    line = re.compile(r"^(\S+)\s+(bid-\S+)\s+.*?\s(\d+\.\d\d)\s+([\d,]+\.\d\d)\s+(\d+\.\d\d|-)\s")
    compared = 0
    for text in printed:
        match = line.match(text)
        if match:
            rank, bid_id, quality, price, total = match.groups()
            row = rows[bid_id]
            assert (row[RANK], row[QUALITY], row[PRICE]) == (rank.replace("-", "—"), quality, f"EUR {price}")
            assert row[TOTAL] == total.replace("-", "—")
            compared += 1
    assert compared == 5


def test_flags_have_colours_and_reasons(qtbot, isolated_settings, evaluation_copy) -> None:
    text = evaluation_copy.read_text(encoding="utf-8")
    text = re.sub(r"  - bid: bid-b\n    criterion: open-source-licensing\n.*?(?=  - bid: bid-d)", "", text, flags=re.S)
    evaluation_copy.write_text(text, encoding="utf-8")  # the panel has not agreed on this criterion yet
    window = _open(qtbot, evaluation_path=evaluation_copy)
    model = window.evaluation_view.model
    flags = {model.index(r, BID).data(): model.index(r, FLAGS) for r in range(model.rowCount())}
    assert flags["bid-b"].data() == "needs moderation (1)"
    assert flags["bid-b"].data(Qt.ItemDataRole.ForegroundRole) == WARNING_COLOUR
    assert "open-source-licensing (spread 2.00)" in flags["bid-b"].data(Qt.ItemDataRole.ToolTipRole)
    assert flags["bid-d"].data() == "abnormally low price"
    assert flags["bid-d"].data(Qt.ItemDataRole.ForegroundRole) == WARNING_COLOUR
    assert "ask the bidder to explain the price" in flags["bid-d"].data(Qt.ItemDataRole.ToolTipRole)
    assert flags["bid-e"].data(Qt.ItemDataRole.ForegroundRole) == EXCLUDED_COLOUR
    assert "Section 7.3 of the offer" in flags["bid-e"].data(Qt.ItemDataRole.ToolTipRole)
    assert flags["bid-a"].data() == "" and flags["bid-a"].data(Qt.ItemDataRole.ForegroundRole) is None
    view = window.evaluation_view
    view.select_bid("bid-b")
    assert "needs moderation" in view.detail.toPlainText()


# --- a bid -------------------------------------------------------------------------------------


def test_selecting_a_bid_shows_its_scores_escaped(qtbot, isolated_settings, evaluation_copy) -> None:
    _edit(evaluation_copy, "bidder: Meridian Systems Integration plc", 'bidder: "Meridian <b>R&D</b> plc"')
    _edit(evaluation_copy, 'justification: "Free OpenAPI', 'justification: "<script>alert(1)</script> & free OpenAPI')
    window = _open(qtbot, evaluation_path=evaluation_copy)
    view = window.evaluation_view
    assert view.select_bid("bid-b")
    shown = view.detail.toPlainText()
    assert "Meridian <b>R&D</b> plc (bid-b)" in shown
    assert "<script>alert(1)</script> & free OpenAPI documentation" in shown
    assert "<script>" not in view.detail.toHtml()
    for part in ("Gates", "Selection criteria met", "passed", "Quality", "Openness and interoperability"):
        assert part in shown
    assert "Ana Ruiz" in shown and "Ben Okafor" in shown and "Priya Natarajan" in shown
    assert "Consensus 2: The clarification of 2027-04-28" in shown  # the moderated score and its reason
    assert "score used 2.00 (the consensus)" in shown and "spread 2" in shown
    assert "group score" in shown
    assert view.model.index_of_bid("bid-b").siblingAtColumn(BIDDER).data() == "Meridian <b>R&D</b> plc"
    view.select_bid("bid-c")
    assert "Ben Okafor declared a conflict of interest on this bid" in view.detail.toPlainText()
    view.select_bid("bid-e")
    excluded = view.detail.toPlainText()
    assert "Excluded: failed gate “Every mandatory requirement is met”" in excluded
    assert "✗ failed" in excluded and "Section 7.3 of the offer" in excluded
    assert "Not scored: the bid was excluded before its quality was assessed." in excluded


def test_sensitivity_and_outcome(qtbot, isolated_settings, evaluation_copy) -> None:
    window = _open(qtbot, evaluation_path=evaluation_copy)
    view = window.evaluation_view
    sentences = view.sensitivity.toPlainText()
    assert (
        "Lowering the quality weight from 70 to 55.77 (−14.23 points) would make QuickGrid Digital Services Ltd "
        "(bid-d) the winner." in sentences
    )
    assert "No change of the weight of Openness and interoperability (now 25) gives another winner." in sentences
    assert "The smallest change that gives another winner is 14.23 points" in sentences
    table = view.rank_one
    sensitivity = window.evaluation.state.run.sensitivity
    assert table.rowCount() == len(sensitivity.rank_one) == 4
    assert [table.item(0, c).text() for c in range(4)] == [
        "bid-a",
        "Civic Stack Cooperative Ltd",
        "1000 of 1000",
        "100 %",
    ]
    assert "±10 %" in view.rank_one_note.text() and "seed 2027" in view.rank_one_note.text()
    assert "winner bid-a" in window.evaluation_summary.text()


def test_a_provisional_result_says_so(qtbot, isolated_settings, evaluation_copy) -> None:
    gate = "exclusion-grounds: {result: pass, reason: Self-declaration complete; register checks on 2027-04-15"
    _edit(evaluation_copy, gate, "# not yet assessed: " + gate)
    window = _open(qtbot, evaluation_path=evaluation_copy)
    assert window.evaluation.state.run.result.provisional
    view = window.evaluation_view
    assert "PROVISIONAL" in view.header.text()
    outcome = view.outcome.text()
    assert "Provisional." in outcome and "Gates not yet assessed: bid-d (exclusion-grounds)" in outcome
    assert window.evaluation.export_action.isEnabled()  # warnings never stop an export


# --- problems ----------------------------------------------------------------------------------


def test_a_broken_evaluation_shows_rule_and_line(qtbot, isolated_settings, evaluation_copy) -> None:
    old = "{evaluator: ana, bid: bid-a, criterion: open-interfaces, score: 5"
    _edit(evaluation_copy, old, old.replace("ana", "anna"))
    line = _line_of(evaluation_copy, "{evaluator: anna, bid: bid-a")
    window = _open(qtbot, evaluation_path=evaluation_copy)
    rows = _check_rows(window)
    assert ["error", "E101", f"lot1.eval.yaml:{line}"] in [row[:3] for row in rows]
    assert any("did you mean 'ana'?" in row[3] for row in rows)
    view = window.evaluation_view
    assert "cannot be evaluated" in view.checks.verdict.text()
    assert "The bids cannot be evaluated" in view.outcome.text()
    assert "These bids cannot be evaluated" in view.detail.toPlainText()
    assert f"E101 lot1.eval.yaml line {line}" in view.detail.toPlainText()
    assert view.model.rowCount() == 0 and view.ranking_stack.currentWidget() is view.no_ranking
    assert view.panels.currentIndex() == 1 and "1 error" in view.panels.tabText(1)
    assert not window.evaluation.export_action.isEnabled()
    assert "cannot be evaluated" in window.evaluation_summary.text()


def test_a_missing_rubric_is_an_error_of_the_evaluation(qtbot, isolated_settings, evaluation_copy) -> None:
    text = evaluation_copy.read_text(encoding="utf-8").replace("rubric: smart-city-ict", "rubric: ../gone.yaml", 1)
    evaluation_copy.write_text(text, encoding="utf-8")
    window = _open(qtbot, evaluation_path=evaluation_copy)
    assert "E117" in [row[1] for row in _check_rows(window)]
    assert "lot1.eval.yaml" in window.evaluation_view.header.text()
    assert not window.evaluation.export_action.isEnabled()


def test_reload_reads_the_edited_evaluation(qtbot, isolated_settings, evaluation_copy) -> None:
    window = _open(qtbot, evaluation_path=evaluation_copy)
    window.evaluation.watcher.watch(None)  # this test is about F5 alone
    _edit(evaluation_copy, "title: Evaluation of lot 1", "title: Re-evaluation of lot 1")
    window.reload_action.trigger()
    _wait_idle(qtbot, window)
    assert "Re-evaluation of lot 1" in window.evaluation_view.header.text()


def test_an_evaluation_saved_by_an_editor_is_evaluated_again(qtbot, isolated_settings, evaluation_copy) -> None:
    window = _open(qtbot, evaluation_path=evaluation_copy)
    window.evaluation_view.select_bid("bid-c")
    original = evaluation_copy.read_text(encoding="utf-8")
    _save_atomically(evaluation_copy, original.replace("evaluator: ana, bid: bid-a", "evaluator: anna, bid: bid-a", 1))
    qtbot.waitUntil(lambda: "E101" in [row[1] for row in _check_rows(window)], timeout=10_000)
    assert not window.evaluation.export_action.isEnabled()
    _save_atomically(evaluation_copy, original)  # the watcher follows the file across atomic saves
    qtbot.waitUntil(lambda: window.evaluation.export_action.isEnabled(), timeout=10_000)
    assert window.evaluation_view.model.rowCount() == 5


# --- exporting ---------------------------------------------------------------------------------


def _export(qtbot, window: MainWindow, monkeypatch, target: dialogs.ExportTarget) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "choose_export_target", lambda *args: target)
    monkeypatch.setattr(dialogs, "show_message", lambda parent, title, text: shown.append((title, text)))
    window.evaluation.export_action.trigger()
    assert not window.evaluation.export_action.isEnabled() and not window.reload_action.isEnabled()
    assert not window.evaluation.open_action.isEnabled() and not window.tender.build_action.isEnabled()
    assert window.busy.isVisibleTo(window)
    qtbot.waitUntil(lambda: not window.evaluation.exporting, timeout=60_000)
    _wait_idle(qtbot, window)
    return shown


def test_export_writes_the_chosen_records(qtbot, isolated_settings, evaluation_copy, monkeypatch, tmp_path) -> None:
    window = _open(qtbot, evaluation_path=evaluation_copy)
    out = tmp_path / "out"
    out.mkdir()
    shown = _export(qtbot, window, monkeypatch, dialogs.ExportTarget(out, True, True, True))
    assert shown == []
    assert (out / "lot1-evaluation.xlsx").stat().st_size > 0
    assert (out / "lot1-evaluation-report.docx").stat().st_size > 0
    letters = sorted(p.name for p in (out / "lot1-letters").iterdir())
    assert len(letters) == 5 and all(name.endswith(".docx") for name in letters)
    summary = window.evaluation_summary.text()
    assert "Wrote" in summary and "lot1-evaluation.xlsx" in summary and "lot1-evaluation-report.docx" in summary
    assert "5 letters" in summary and str(out) in summary
    assert window.evaluation.export_action.isEnabled() and window.reload_action.isEnabled()
    assert settings.EXPORT_FOLDER.read() == str(out) and settings.EXPORT_LETTERS.read() is True


def test_export_of_the_workbook_alone(qtbot, isolated_settings, evaluation_copy, monkeypatch, tmp_path) -> None:
    window = _open(qtbot, evaluation_path=evaluation_copy)
    shown = _export(qtbot, window, monkeypatch, dialogs.ExportTarget(tmp_path, True, False, False))
    assert shown == []
    assert (tmp_path / "lot1-evaluation.xlsx").is_file()
    assert not (tmp_path / "lot1-evaluation-report.docx").exists() and not (tmp_path / "lot1-letters").exists()
    assert settings.EXPORT_REPORT.read() is False and settings.EXPORT_LETTERS.read() is False


def test_a_write_error_is_shown_as_a_message(qtbot, isolated_settings, evaluation_copy, monkeypatch, tmp_path) -> None:
    window = _open(qtbot, evaluation_path=evaluation_copy)
    shown = _export(qtbot, window, monkeypatch, dialogs.ExportTarget(tmp_path / "missing", True, True, True))
    assert len(shown) == 1
    title, text = shown[0]
    assert title == "Export Evaluation"
    assert "does not exist" in text and "Traceback" not in text
    assert "was not exported" in window.evaluation_summary.text()
    assert window.evaluation.export_action.isEnabled()
    assert not (tmp_path / "missing").exists()


def test_a_write_error_after_a_record_names_what_was_written(
    qtbot, isolated_settings, evaluation_copy, monkeypatch, tmp_path
) -> None:
    from procure_app.core.evaluation import letters

    def disk_full(*args: object, **kwargs: object) -> list[Path]:
        raise WriteError("cannot write the letters: the disk is full")

    monkeypatch.setattr(letters, "write_letters", disk_full)
    window = _open(qtbot, evaluation_path=evaluation_copy)
    shown = _export(qtbot, window, monkeypatch, dialogs.ExportTarget(tmp_path, True, False, True))
    assert [title for title, _ in shown] == ["Export Evaluation"]
    assert "the disk is full" in shown[0][1] and "Written before it: lot1-evaluation.xlsx" in shown[0][1]
    assert (tmp_path / "lot1-evaluation.xlsx").is_file()
    summary = window.evaluation_summary.text()
    assert "lot1-evaluation.xlsx" in summary and "the export stopped" in summary


def test_cancelling_the_export_writes_nothing(qtbot, isolated_settings, evaluation_copy, monkeypatch, tmp_path) -> None:
    window = _open(qtbot, evaluation_path=evaluation_copy)
    monkeypatch.setattr(dialogs, "choose_export_target", lambda *args: None)
    window.evaluation.export_action.trigger()
    assert not window.evaluation.exporting and window.evaluation.export_action.isEnabled()
    assert settings.EXPORT_FOLDER.read() == ""


def test_the_bundled_example_is_exported_elsewhere(qtbot, isolated_settings, monkeypatch, tmp_path) -> None:
    window = _open(qtbot)
    asked: list[dialogs.ExportTarget] = []
    monkeypatch.setattr(dialogs, "choose_export_target", lambda parent, suggested, stem: asked.append(suggested))
    settings.EXPORT_FOLDER.write(str(tmp_path))
    window.evaluation.export_action.trigger()
    assert asked[0].folder == tmp_path  # never into the bundled, read-only data
    assert asked[0].workbook and asked[0].report and asked[0].letters


def test_export_dialog_names_the_records_and_refuses_a_missing_folder(qtbot, tmp_path) -> None:
    (tmp_path / "lot1-evaluation.xlsx").write_bytes(b"old")
    dialog = dialogs.ExportDialog(None, dialogs.ExportTarget(tmp_path, True, False, True), "lot1")
    qtbot.addWidget(dialog)
    assert "lot1-evaluation.xlsx" in dialog.workbook_check.text()
    assert "lot1-evaluation-report.docx" in dialog.report_check.text()
    assert "lot1-letters" in dialog.letters_check.text()
    assert "lot1-evaluation.xlsx will be replaced" in dialog.note.text()
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert ok.isEnabled()
    assert dialog.target() == dialogs.ExportTarget(tmp_path, True, False, True)
    for check in (dialog.workbook_check, dialog.letters_check):
        check.setChecked(False)
    assert not ok.isEnabled() and "at least one" in dialog.note.text()
    dialog.report_check.setChecked(True)
    assert ok.isEnabled()
    dialog.folder_edit.setText(str(tmp_path / "nowhere"))
    assert not ok.isEnabled() and "does not exist" in dialog.note.text()


# --- the work behind the tab -------------------------------------------------------------------


def test_names_of_the_records() -> None:
    assert evaluation_stem(Path("/x/lot1.eval.yaml")) == "lot1"
    assert evaluation_stem(Path("/x/panel.yaml")) == "panel"
    names = export_paths(Path("/out"), "lot1")
    assert names.workbook == Path("/out/lot1-evaluation.xlsx")
    assert names.report == Path("/out/lot1-evaluation-report.docx")
    assert names.letters == Path("/out/lot1-letters")


def test_an_evaluation_broken_before_the_export_writes_nothing(evaluation_copy, tmp_path) -> None:
    assert load_evaluation_state(evaluation_copy, paths.library_dir()).ok
    _edit(evaluation_copy, "evaluator: ana, bid: bid-a", "evaluator: anna, bid: bid-a")
    request = ExportRequest(evaluation_copy, paths.library_dir(), tmp_path, True, True, True)
    result = write_outputs(request)
    assert not result.anything_written and result.error is None
    assert [d.rule for d in result.state.errors] == ["E101"]
    assert not (tmp_path / "lot1-evaluation.xlsx").exists() and not (tmp_path / "lot1-letters").exists()


def test_letters_need_a_folder_they_can_create(evaluation_copy, tmp_path) -> None:
    (tmp_path / "lot1-letters").write_text("a file in the way")
    result = write_outputs(ExportRequest(evaluation_copy, paths.library_dir(), tmp_path, False, False, True))
    assert result.letters == [] and result.error and "lot1-letters" in result.error


# --- keyboard ----------------------------------------------------------------------------------


def test_shortcuts_are_unique_and_ctrl_3_shows_the_tab(qtbot, isolated_settings) -> None:
    window = _open(qtbot)
    for tab in (TENDER_TAB, PROJECT_TAB):  # Undo and Redo are the tender's on its tab, else the project's
        window.tabs.setCurrentIndex(tab)
        keys: list[str] = []
        for menu_action in window.menuBar().actions():
            for action in menu_action.menu().actions():
                if action.isVisible():  # a hidden action's keys do nothing
                    keys += [key.toString() for key in action.shortcuts()]
        assert len(keys) == len(set(keys)), sorted(keys)
        assert "Ctrl+Z" in keys and "Ctrl+S" in keys and "Ctrl+N" in keys
    assert window.evaluation.open_action.shortcut() == QKeySequence("Ctrl+Shift+E")
    assert window.evaluation.export_action.shortcut() == QKeySequence("Ctrl+E")
    actions = [action for menu in window.menuBar().actions() for action in menu.menu().actions()]
    next(action for action in actions if action.shortcut() == QKeySequence("Ctrl+3")).trigger()
    assert window.tabs.currentIndex() == EVALUATION_TAB
    view = window.evaluation_view
    for widget in (
        view.header,
        view.outcome,
        view.table,
        view.detail,
        view.sensitivity,
        view.rank_one,
        view.checks.tree,
    ):
        assert widget.accessibleName()
