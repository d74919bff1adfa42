"""The Tender tab as a procurement officer uses it: open, read, check, build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu

from procure_app.cli import main
from procure_app.core.library.pinning import lock_path_for
from procure_app.ui import dialogs, settings
from procure_app.ui.app import parse_args
from procure_app.ui.main_window import MainWindow
from procure_app.ui.tender import tender_jobs
from procure_app.ui.tender.tender_controller import initial_spec
from procure_app.ui.tender.tender_jobs import example_spec


def _open(qtbot, **kwargs) -> MainWindow:
    window = MainWindow(**kwargs)
    qtbot.addWidget(window)
    _wait_idle(qtbot, window)
    return window


def _wait_idle(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(
        lambda: window.library.loaded is not None and window.tender.state is not None and window._jobs == 0,
        timeout=20_000,
    )


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), start=1) if text in line)


def _check_rows(window: MainWindow) -> list[list[str]]:
    tree = window.tender_view.checks.tree
    return [[tree.topLevelItem(i).text(c) for c in range(4)] for i in range(tree.topLevelItemCount())]


def _save_atomically(path: Path, text: str) -> None:
    """As many editors save: a new file renamed over the old one."""
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


# --- opening -----------------------------------------------------------------------------------


def test_window_opens_the_example_tender_when_no_spec_was_used(qtbot, isolated_settings) -> None:
    window = _open(qtbot)
    assert window.tender.spec_path == example_spec().resolve()
    view = window.tender_view
    assert view.model.rowCount() == 9
    assert "Open urban data platform" in view.header.text()
    assert "1.1 Division into lots" in view.detail.toPlainText()
    assert window.tender.build_action.isEnabled()
    assert not lock_path_for(example_spec()).exists()  # reading writes nothing into the bundled data


def test_window_opens_the_last_spec_and_shows_the_clause_selected(qtbot, isolated_settings, spec_copy) -> None:
    settings.LAST_SPEC.write(str(spec_copy))
    window = _open(qtbot)
    assert window.tender.spec_path == spec_copy
    view = window.tender_view
    sections = [view.model.index(row, 0).data() for row in range(view.model.rowCount())]
    assert len(sections) == 9 and sections[0] == "1 Subject, lots and participation"
    clause = view.model.index(1, 0, view.model.index(1, 0))  # 2.2
    view.outline.setCurrentIndex(clause)
    shown = view.detail.toPlainText()
    assert shown.startswith("2.2 Documented open interfaces (APIs)")
    assert "Verification" in shown and "Guidelines" in shown
    assert "{{" not in shown  # every placeholder was filled in
    assert "riverton.tender.yaml" in window.windowTitle()


def test_a_spec_given_at_start_wins_over_the_last_one(qtbot, isolated_settings, spec_copy, tmp_path) -> None:
    settings.LAST_SPEC.write(str(example_spec()))
    assert initial_spec(spec_copy) == spec_copy
    window = _open(qtbot, spec_path=spec_copy)
    assert window.tender.spec_path == spec_copy
    assert settings.LAST_SPEC.read() == str(spec_copy)
    settings.LAST_SPEC.write(str(tmp_path / "deleted.tender.yaml"))
    assert initial_spec() == example_spec()  # a spec that is gone falls back to the example


def test_command_line_takes_a_spec() -> None:
    args = parse_args(["--spec", "city.tender.yaml"])
    assert args.spec == Path("city.tender.yaml") and args.library is None
    assert parse_args([]).spec is None


def test_open_tender_spec_asks_for_the_file(qtbot, isolated_settings, spec_copy, monkeypatch) -> None:
    window = _open(qtbot)
    monkeypatch.setattr(dialogs, "choose_spec_file", lambda *args: str(spec_copy))
    window.tender.open_action.trigger()
    assert window.busy.isVisibleTo(window) and not window.tender.build_action.isEnabled()  # working in the background
    _wait_idle(qtbot, window)
    assert window.tender.spec_path == spec_copy
    assert window.tender_view.model.rowCount() == 9
    assert not window.busy.isVisibleTo(window)


# --- checks and coverage -----------------------------------------------------------------------


def test_a_spec_with_an_error_shows_it_and_cannot_be_built(qtbot, isolated_settings, spec_copy) -> None:
    spec_copy.write_text(spec_copy.read_text().replace("- clause: sme-lots\n", "- clause: sme-lotz\n"))
    line = _line_of(spec_copy, "clause: sme-lotz")
    window = _open(qtbot, spec_path=spec_copy)
    rows = _check_rows(window)
    assert ["error", "T101", f"riverton.tender.yaml:{line}"] in [row[:3] for row in rows]
    assert any("did you mean sme-lots?" in row[3] for row in rows)
    assert not window.tender.build_action.isEnabled()
    view = window.tender_view
    assert "This tender cannot be built" in view.detail.toPlainText()
    assert "T101" in view.detail.toPlainText()
    assert "cannot be built" in view.checks.verdict.text()
    assert "cannot be built" in window.tender_summary.text()
    # The outline follows the spec, errors or not: the clause in error is there to be fixed.
    assert view.model.rowCount() == 9 and view.outline_stack.currentWidget() is view.outline
    assert view.select_clause("sme-lotz")
    assert "The library has no clause sme-lotz" in view.detail.toPlainText()
    assert view.panels.currentIndex() == 0


def test_activating_a_check_copies_its_place_and_shows_the_clause(qtbot, isolated_settings, spec_copy) -> None:
    text = spec_copy.read_text().replace("Before installing any sensor", "Before installing any Cisco sensor")
    spec_copy.write_text(text)
    window = _open(qtbot, spec_path=spec_copy)
    assert window.tender.build_action.isEnabled()  # warnings never block a build
    tree = window.tender_view.checks.tree
    row = next(i for i, r in enumerate(_check_rows(window)) if r[1] == "T204")
    item = tree.topLevelItem(row)
    tree.setCurrentItem(item)
    assert window.tender_view.current_clause_id() == "custom-sensor-siting"
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    line = item.text(2).rsplit(":", 1)[1]
    assert QGuiApplication.clipboard().text() == f"{spec_copy}:{line}"
    assert f"{spec_copy}:{line}" in window.statusBar().currentMessage()


def test_coverage_lists_each_pillar_and_leads_to_the_clauses(qtbot, isolated_settings, spec_copy) -> None:
    window = _open(qtbot, spec_path=spec_copy)
    state = window.tender.state
    coverage = window.tender_view.coverage
    pillars = state.coverage.by_pillar()
    assert coverage.topLevelItemCount() == len(pillars)
    budgeting = next(
        coverage.topLevelItem(i) for i in range(len(pillars)) if "2.2.4" in coverage.topLevelItem(i).text(0)
    )
    assert budgeting.text(1) == "16 of 24" and budgeting.isExpanded()
    rows = [budgeting.child(i) for i in range(budgeting.childCount())]
    gap = next(r for r in rows if r.text(1) == "gap")
    gap_row = next(r for r in state.coverage.rows if r.ref == gap.text(0))
    assert gap.text(2) == gap_row.title  # a gap shows what the principle asks for
    covered = next(r for r in rows if r.text(1) == "✓")
    first_clause = covered.text(2).split(", ")[0].split(" ", 1)[1]
    coverage.itemActivated.emit(covered, 0)
    assert window.tender_view.current_clause_id() == first_clause
    assert "Guidelines coverage (40 of 59)" in window.tender_view.panels.tabText(1).replace("&", "")


# --- building ----------------------------------------------------------------------------------


def _build(qtbot, window: MainWindow, monkeypatch, docx: Path, form: bool) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "choose_build_target", lambda *args: dialogs.BuildTarget(docx, form))
    monkeypatch.setattr(dialogs, "show_message", lambda parent, title, text: shown.append((title, text)))
    window.tender.build_action.trigger()
    assert not window.tender.build_action.isEnabled() and not window.reload_action.isEnabled()
    assert not window.tender.open_action.isEnabled() and window.busy.isVisibleTo(window)
    qtbot.waitUntil(lambda: not window.tender.building, timeout=30_000)
    _wait_idle(qtbot, window)
    return shown


def test_build_writes_the_tender_and_response_form(qtbot, isolated_settings, spec_copy, monkeypatch, tmp_path) -> None:
    window = _open(qtbot, spec_path=spec_copy)
    out = tmp_path / "out"
    out.mkdir()
    shown = _build(qtbot, window, monkeypatch, out / "riverton.docx", True)
    assert shown == []
    assert (out / "riverton.docx").stat().st_size > 0
    assert (out / "riverton-response-form.xlsx").stat().st_size > 0
    assert lock_path_for(spec_copy).is_file()
    summary = window.tender_summary.text()
    assert "Wrote" in summary and "riverton.docx" in summary and "riverton-response-form.xlsx" in summary
    assert "pinned" in summary
    assert window.tender.build_action.isEnabled() and window.reload_action.isEnabled()
    assert settings.WRITE_RESPONSE_FORM.read() is True


def test_build_without_the_form_writes_only_the_tender(
    qtbot, isolated_settings, spec_copy, monkeypatch, tmp_path
) -> None:
    window = _open(qtbot, spec_path=spec_copy)
    _build(qtbot, window, monkeypatch, tmp_path / "only.docx", False)
    assert (tmp_path / "only.docx").is_file()
    assert not (tmp_path / "only-response-form.xlsx").exists()
    assert settings.WRITE_RESPONSE_FORM.read() is False


def test_a_write_error_is_shown_as_a_message(qtbot, isolated_settings, spec_copy, monkeypatch, tmp_path) -> None:
    window = _open(qtbot, spec_path=spec_copy)
    shown = _build(qtbot, window, monkeypatch, tmp_path / "missing" / "tender.docx", True)
    assert len(shown) == 1
    title, text = shown[0]
    assert title == "Build Tender"
    assert "does not exist" in text and "Traceback" not in text
    assert "was not built" in window.tender_summary.text()
    assert window.tender.build_action.isEnabled()
    assert not lock_path_for(spec_copy).exists()


def test_the_app_builds_the_same_docx_as_the_cli_byte_for_byte(
    qtbot, isolated_settings, spec_copy, monkeypatch, tmp_path
) -> None:
    window = _open(qtbot, spec_path=spec_copy)
    _build(qtbot, window, monkeypatch, tmp_path / "app.docx", True)
    assert "Open folder" in window.tender_summary.text() and tmp_path.as_uri() in window.tender_summary.text()
    cli = tmp_path / "cli"
    cli.mkdir()
    args = ["tender", "build", str(spec_copy), "-o", str(cli / "app.docx"), "--response-form"]
    assert main([*args, str(cli / "app-response-form.xlsx")]) == 0
    assert (cli / "app.docx").read_bytes() == (tmp_path / "app.docx").read_bytes()
    assert (cli / "app-response-form.xlsx").read_bytes() == (tmp_path / "app-response-form.xlsx").read_bytes()


def test_cancel_during_the_check_stops_the_build_before_anything_is_written(
    qtbot, isolated_settings, spec_copy, monkeypatch, tmp_path
) -> None:
    window = _open(qtbot, spec_path=spec_copy)
    tender = window.tender
    checking = tender_jobs.load_tender_state

    def slow_check(*args, **kwargs):
        tender._cancel_build.wait(20)  # the check is still running when Cancel is clicked
        return checking(*args, **kwargs)

    monkeypatch.setattr(tender_jobs, "load_tender_state", slow_check)
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(dialogs, "choose_build_target", lambda *args: dialogs.BuildTarget(out / "t.docx", True))
    tender.build_action.trigger()
    assert tender.build_status.isVisibleTo(window) and tender.cancel_build_button.isEnabled()
    tender.cancel_build_button.click()
    qtbot.waitUntil(lambda: not tender.building, timeout=30_000)
    _wait_idle(qtbot, window)
    assert list(out.iterdir()) == [] and not lock_path_for(spec_copy).exists()
    assert "Build cancelled: nothing was written." in window.tender_summary.text()
    assert not tender.build_status.isVisibleTo(window) and tender.build_action.isEnabled()


def test_cancelling_the_build_writes_nothing(qtbot, isolated_settings, spec_copy, monkeypatch) -> None:
    window = _open(qtbot, spec_path=spec_copy)
    monkeypatch.setattr(dialogs, "choose_build_target", lambda *args: None)
    window.tender.build_action.trigger()
    assert not window.tender.building and window.tender.build_action.isEnabled()
    assert not lock_path_for(spec_copy).exists()


def test_build_dialog_names_the_form_and_refuses_a_missing_folder(qtbot, tmp_path) -> None:
    dialog = dialogs.BuildDialog(None, tmp_path / "tender.docx", True)
    qtbot.addWidget(dialog)
    assert "tender-response-form.xlsx" in dialog.note.text()
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert ok.isEnabled()
    dialog.path_edit.setText(str(tmp_path / "tender"))  # the extension is added
    assert dialog.target() == dialogs.BuildTarget(tmp_path / "tender.docx", True)
    dialog.form_check.setChecked(False)
    assert dialog.target().response_form is False
    dialog.path_edit.setText(str(tmp_path / "nowhere" / "tender.docx"))
    assert not ok.isEnabled() and "does not exist" in dialog.note.text()


# --- reloading ---------------------------------------------------------------------------------


def test_reload_reads_the_edited_spec(qtbot, isolated_settings, spec_copy) -> None:
    window = _open(qtbot, spec_path=spec_copy)
    window.tender.watcher.watch(None)  # this test is about F5 alone
    spec_copy.write_text(spec_copy.read_text().replace("title: Open urban data platform", "title: Renamed platform", 1))
    window.reload_action.trigger()
    _wait_idle(qtbot, window)
    assert "Renamed platform" in window.tender_view.header.text()


def test_a_spec_saved_by_an_editor_is_checked_again(qtbot, isolated_settings, spec_copy) -> None:
    window = _open(qtbot, spec_path=spec_copy)
    original = spec_copy.read_text()
    _save_atomically(spec_copy, original.replace("- clause: sme-lots\n", "- clause: sme-lotz\n"))
    qtbot.waitUntil(lambda: not window.tender.build_action.isEnabled() and window._jobs == 0, timeout=10_000)
    qtbot.waitUntil(lambda: "T101" in [row[1] for row in _check_rows(window)], timeout=10_000)
    _save_atomically(spec_copy, original)  # the watcher follows the file across atomic saves
    qtbot.waitUntil(lambda: window.tender.build_action.isEnabled(), timeout=10_000)
    assert window.tender_view.model.rowCount() == 9


# --- keyboard and accessibility ---------------------------------------------------------------


def test_every_action_has_a_shortcut_and_main_widgets_have_names(qtbot, isolated_settings, spec_copy) -> None:
    window = _open(qtbot, spec_path=spec_copy)
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        assert isinstance(menu, QMenu)
        for action in menu.actions():
            # Recent Files is a submenu: its entries are numbered instead. (Not asked through
            # action.menu(): PySide6 6.12 drops a reference to None when it returns no menu.)
            if action is window.recent.menu.menuAction():
                assert "&" in action.text()
            elif not action.isSeparator():
                assert not action.shortcut().isEmpty(), action.text()
    view = window.tender_view
    for widget in (view.header, view.outline, view.detail, view.checks.tree, view.coverage, window.tabs):
        assert widget.accessibleName()
    window.tabs.setCurrentIndex(0)
    window.focus_filter()
    assert window.tabs.currentIndex() == 1


@pytest.mark.parametrize(
    ("typed", "said"),
    [("/", "is a folder"), (".", "is a folder"), ("~nobody-here-at-all/x", "names no user"), ("a\tb", "control")],
)
def test_the_build_dialog_answers_every_keystroke_of_an_awkward_path(qtbot, tmp_path, monkeypatch, typed, said) -> None:
    monkeypatch.chdir(tmp_path)
    dialog = dialogs.BuildDialog(None, tmp_path / "tender.docx", False)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    dialog.path_edit.clear()
    if typed.isprintable():
        qtbot.keyClicks(dialog.path_edit, typed)  # each keystroke updates the note; none may raise
    else:
        dialog.path_edit.insert(typed)  # a tab cannot be typed into the field, but it can be pasted
    assert dialog.path_edit.text() == typed
    assert said in dialog.note.text() and not ok.isEnabled() and dialog.target() is None
    dialog.path_edit.clear()
    qtbot.keyClicks(dialog.path_edit, "tender")
    assert ok.isEnabled() and dialog.target() == dialogs.BuildTarget(Path("tender.docx"), False)


def test_the_export_dialog_says_why_a_typed_folder_cannot_be_used(qtbot, tmp_path) -> None:
    from procure_app.ui.dialogs import ExportDialog, ExportTarget

    dialog = ExportDialog(None, ExportTarget(tmp_path, True, True, True), "lot1")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert ok.isEnabled()
    for typed, said in (("", "Choose the folder"), ("\0", "control"), (str(tmp_path / "gone"), "does not exist")):
        dialog.folder_edit.setText(typed)
        assert said in dialog.note.text() and not ok.isEnabled() and dialog.target() is None
