"""A whole tender made in the app, as an officer makes it: new tender, details, five clauses from
the browser (by button, keyboard, drag and double-click), a bad value caught at its field, a
variant, an optional paragraph, a move; undone and redone to the last step; saved. The saved YAML
is the reviewed golden file, ``procure tender check`` passes, and the CLI builds the DOCX the app
built, byte for byte.

Record the golden file again (and review its diff) with ``PROCURE_RECORD_GOLDEN=1``.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt

from procure_app.cli import main
from procure_app.ui import dialogs
from procure_app.ui.tender import tender_controller
from procure_app.ui.tender.tender_view import CLAUSES_PAGE

from .tender_helpers import open_window, wait_checked

GOLDEN = Path(__file__).parent / "golden" / "end-to-end.tender.yaml"


class _Today(dt.date):
    @classmethod
    def today(cls) -> _Today:
        return cls(2027, 1, 11)


def _type(field, text: str) -> None:
    field.edit.setText(text)
    field.edit.textEdited.emit(text)
    field.typing_ended()


def _select_in_browser(browser, clause_id: str) -> None:
    browser.search.setText(clause_id)
    proxy = browser.proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1) == clause_id)
    browser.list.setCurrentIndex(proxy.index(row, 0))


def _value_field(view, name: str):
    return next(f for f in view.values_form.fields if f.path[-1] == name)


def test_a_tender_made_in_the_app_saves_as_the_golden_file(
    qtbot, isolated_settings, monkeypatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(tender_controller, "date", _Today)
    monkeypatch.setattr(tender_controller, "local_time_zone", lambda: "Europe/Brussels")  # the officer's zone
    window = open_window(qtbot)
    view, tender = window.tender_view, window.tender
    tender.new_action.trigger()
    wait_checked(qtbot, window)
    initial = tender.session.document.text

    # details
    form = view.details
    _type(form.field("tender", "title"), "Open data portal for the city")
    _type(form.field("tender", "reference"), "RIV-ODP-2027-03")
    _type(form.field("buyer", "name"), "City of Riverton")
    wait_checked(qtbot, window)

    # five clauses from the browser
    view.pages.setCurrentIndex(CLAUSES_PAGE)
    browser = view.browser
    view.outline.setCurrentIndex(view.model.index(0, 0))
    _select_in_browser(browser, "interop-open-apis")
    browser.add_button.click()  # by button
    _select_in_browser(browser, "exit-plan")
    qtbot.keyClick(browser.list, Qt.Key.Key_Return)  # by keyboard
    _select_in_browser(browser, "exit-data-export")
    dragged = browser.model.mimeData([browser.proxy.mapToSource(browser.list.currentIndex())])
    view.model.dropMimeData(dragged, Qt.DropAction.CopyAction, -1, 0, view.model.index(0, 0))  # by drag
    assert view.current_clause_id() == "exit-data-export"  # each clause added is selected at once
    _select_in_browser(browser, "exit-transition-assistance")
    browser.list.doubleClicked.emit(browser.list.currentIndex())  # by double-click
    _select_in_browser(browser, "green-hosting-renewable")
    browser.add_button.click()
    wait_checked(qtbot, window)
    ids = [str(e["clause"]) for e in tender.session.get(("sections", 0, "clauses"))]
    assert ids == [
        "interop-open-apis",
        "exit-plan",
        "exit-data-export",
        "exit-transition-assistance",
        "green-hosting-renewable",
    ]  # each after the one added before it

    # a bad value: at its field, and the build is blocked until it is fixed
    assert view.select_clause("exit-plan")
    days = _value_field(view, "plan_due_days")
    _type(days, "1000")
    wait_checked(qtbot, window)
    assert "T105" in days.problems.text() and not tender.build_action.isEnabled()
    _type(days, "60")
    wait_checked(qtbot, window)
    assert not days.problems.isVisibleTo(view)
    # an optional paragraph switched off
    _value_field(view, "run_migration_test").box.setChecked(False)
    # a variant
    assert view.select_clause("interop-open-apis")
    variant = next(f for f in view.values_form.fields if f.path[-1] == "variant")
    variant.combo.setCurrentIndex(variant.combo.findData("public"))
    variant.combo.activated.emit(variant.combo.currentIndex())
    # a move
    assert view.select_clause("exit-plan")
    qtbot.keyClick(view.outline, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    wait_checked(qtbot, window)
    assert not tender.state.errors, [d.format() for d in tender.state.errors]
    final = tender.session.document.text

    # everything undone, then redone
    steps = tender.session.stack.count()
    assert steps >= 12
    while tender.session.stack.canUndo():
        tender.undo_action.trigger()
    assert tender.session.document.text == initial
    while tender.session.stack.canRedo():
        tender.redo_action.trigger()
    assert tender.session.document.text == final
    wait_checked(qtbot, window)

    # saved: the golden file, checked by the CLI; the app's DOCX is the CLI's
    saved = tmp_path / "odp.tender.yaml"
    monkeypatch.setattr(dialogs, "choose_spec_save_file", lambda parent, suggested: str(saved))
    assert tender.save()
    wait_checked(qtbot, window)
    if os.environ.get("PROCURE_RECORD_GOLDEN"):
        GOLDEN.write_text(saved.read_text(encoding="utf-8"), encoding="utf-8")
    assert saved.read_text(encoding="utf-8") == GOLDEN.read_text(encoding="utf-8")
    assert main(["tender", "check", str(saved)]) == 0
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "choose_build_target", lambda *a: dialogs.BuildTarget(tmp_path / "app.docx", False))
    monkeypatch.setattr(dialogs, "show_message", lambda parent, title, text: shown.append(text))
    tender.build_action.trigger()
    qtbot.waitUntil(lambda: not tender.building, timeout=30_000)
    wait_checked(qtbot, window)
    assert shown == []
    (tmp_path / "cli").mkdir()
    assert main(["tender", "build", str(saved), "-o", str(tmp_path / "cli" / "app.docx")]) == 0
    assert (tmp_path / "cli" / "app.docx").read_bytes() == (tmp_path / "app.docx").read_bytes()
