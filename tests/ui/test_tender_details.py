"""The Details page: every field of the spec in a form, checked as the officer types, undoable."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QTextDocumentFragment
from PySide6.QtWidgets import QApplication, QLineEdit

from procure_app.ui.tender.bound_fields import DateField, MoneyField, TextField
from procure_app.ui.tender.spec_session import MISSING as MISSING_ZONE
from procure_app.ui.tender.tender_view import DETAILS_PAGE

from .tender_helpers import open_window, wait_checked


def _plain(label) -> str:
    """The problems a label shows, as read (not its HTML)."""
    return QTextDocumentFragment.fromHtml(label.text()).toPlainText() if not label.isHidden() else ""


def _problems(field) -> str:
    return _plain(field.problems)


def test_a_new_tender_opens_on_its_details_with_each_missing_field_marked(qtbot, isolated_settings) -> None:
    window = open_window(qtbot)
    window.tender.new_action.trigger()
    wait_checked(qtbot, window)
    view, form = window.tender_view, window.tender_view.details
    assert view.pages.currentIndex() == DETAILS_PAGE
    title = form.field("tender", "title")
    assert "S005" in _problems(title) and "'title' is empty" in _problems(title)
    assert "S005" in _problems(form.field("buyer", "name"))
    assert _problems(form.field("tender", "procedure")) == ""
    assert "New tender" in view.header.text() and "Not saved yet" in view.header.text()

    assert isinstance(title, TextField)
    qtbot.keyClicks(title.edit, "Smart street lighting")
    assert window.tender.session.get(("tender", "title")) == "Smart street lighting"
    assert window.tender.undo_action.text() == "&Undo Change Title"  # the typing is one step
    wait_checked(qtbot, window)
    assert _problems(title) == ""  # the check followed the typing

    window.tender.undo_action.trigger()
    assert title.edit.text() == "" and window.tender.session.get(("tender", "title")) == ""


def test_a_wrong_cpv_code_is_shown_at_the_field_with_the_right_one(qtbot, isolated_settings, spec_copy) -> None:
    window = open_window(qtbot, spec_path=spec_copy)
    cpv = window.tender_view.details.cpv
    assert cpv.list.count() == 8 and "Software package and information systems" in cpv.list.item(1).text()
    cpv.entry.setText("30200000-9")  # typed (the completer's list is tested in the core: search_cpv)
    cpv.add_button.click()
    assert cpv.list.count() == 9 and cpv.entry.text() == ""
    wait_checked(qtbot, window)
    assert "T117" in _plain(cpv.problems) and "'30200000-1'" in _plain(cpv.problems)
    assert not window.tender.build_action.isEnabled()
    cpv.list.setCurrentRow(8)
    cpv.remove_button.click()
    wait_checked(qtbot, window)
    assert cpv.list.count() == 8 and not cpv.problems.isVisibleTo(cpv)
    assert spec_copy.read_text(encoding="utf-8") == window.tender.session.document.text  # back as it was


def test_dates_in_the_wrong_order_are_shown_at_the_later_date(qtbot, isolated_settings, spec_copy) -> None:
    window = open_window(qtbot, spec_path=spec_copy)
    form = window.tender_view.details
    submission = form.field("tender", "dates", "submission_deadline")
    assert isinstance(submission, DateField)
    submission.date.setDate(submission.date.date().addYears(-1))
    assert window.tender.session.get(("tender", "dates", "submission_deadline")) == "2026-04-06T12:00"  # its time kept
    wait_checked(qtbot, window)
    assert "T112" in _problems(submission)
    contract = form.field("tender", "dates", "contract_start")
    assert isinstance(contract, DateField) and contract.used.isChecked()
    contract.used.setChecked(False)  # an optional date left out
    assert window.tender.session.get(("tender", "dates", "contract_start"), None) is None


def test_money_duration_and_lots(qtbot, isolated_settings, spec_copy) -> None:
    window = open_window(qtbot, spec_path=spec_copy)
    form, session = window.tender_view.details, window.tender.session
    value = form.field("tender", "estimated_value")
    assert isinstance(value, MoneyField) and value.amount.text() == "2400000"
    value.amount.clear()
    qtbot.keyClicks(value.amount, "2 500 000")
    assert session.get(("tender", "estimated_value", "amount")) == 2500000
    assert "estimated_value: {amount: 2500000, currency: EUR}" in session.document.text  # the layout kept
    wait_checked(qtbot, window)
    assert "T114" in _problems(value)  # the lots no longer add up to the tender's value

    lots = form.lots
    assert lots.table.rowCount() == 3
    lots.table.setCurrentCell(2, 1)
    lots.up_button.click()
    assert [str(lot["id"]) for lot in session.get(("tender", "lots"))] == ["1", "3", "2"]
    lots.add_button.click()
    assert lots.table.rowCount() == 4 and str(session.get(("tender", "lots", 3, "id"))) == "4"
    lots.table.item(3, 2).setText("100 000")
    assert dict(session.get(("tender", "lots", 3, "estimated_value"))) == {"amount": 100000, "currency": "EUR"}
    lots.table.setCurrentCell(3, 1)
    qtbot.keyClicks(lots.description.edit, "Training for City staff")
    assert session.get(("tender", "lots", 3, "description")) == "Training for City staff"

    duration = form.field("tender", "duration")
    duration.count.setValue(36)
    assert session.get(("tender", "duration")) == "36 months"

    while session.stack.canUndo():  # every change undone: the file's text, byte for byte
        session.stack.undo()
    assert session.document.text == spec_copy.read_text(encoding="utf-8")
    assert value.amount.text() == "2400000" and lots.table.rowCount() == 3 and duration.count.value() == 48


def test_undo_keys_in_a_field_go_to_the_tenders_undo(qtbot, isolated_settings, spec_copy: Path) -> None:
    window = open_window(qtbot, spec_path=spec_copy)
    title = window.tender_view.details.field("tender", "title")
    assert isinstance(title, TextField)
    plain = QLineEdit()  # a line edit of its own takes Ctrl+Z for its own undo
    qtbot.addWidget(plain)
    for key in (Qt.Key.Key_Z, Qt.Key.Key_Y):
        for edit, taken in ((plain, True), (title.edit, False)):
            event = QKeyEvent(QEvent.Type.ShortcutOverride, key, Qt.KeyboardModifier.ControlModifier)
            event.ignore()
            QApplication.sendEvent(edit, event)
            assert event.isAccepted() is taken
    typed = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
    typed.ignore()
    QApplication.sendEvent(title.edit, typed)
    assert typed.isAccepted()  # a letter is still the field's


def test_a_deadline_to_the_minute_needs_the_tender_s_time_zone(qtbot, isolated_settings, spec_copy) -> None:
    window = open_window(qtbot, spec_path=spec_copy)
    form, session = window.tender_view.details, window.tender.session
    session.set_value(("tender", "time_zone"), MISSING_ZONE)  # a spec that names no zone
    wait_checked(qtbot, window)
    submission = form.field("tender", "dates", "submission_deadline")
    zone = form.field("tender", "time_zone")
    assert isinstance(submission, DateField)
    day = session.get(("tender", "dates", "submission_deadline"))[:10]
    submission.timed.setChecked(True)
    submission.time.setTime(submission.time.time().fromString("14:30", "HH:mm"))
    assert session.get(("tender", "dates", "submission_deadline")) == f"{day}T14:30"
    wait_checked(qtbot, window)
    assert "T118" in _problems(submission) and not window.tender.build_action.isEnabled()
    line = zone.combo.lineEdit()
    line.setText("Europe/Brussels")
    line.textEdited.emit("Europe/Brussels")
    wait_checked(qtbot, window)
    assert not submission.problems.isVisibleTo(form) and window.tender.build_action.isEnabled()
    assert "14:30 (Europe/Brussels, UTC+02:00)" in window.tender_view.header.text()  # April: summer time
    line.setText("Europe/Atlantis")
    line.textEdited.emit("Europe/Atlantis")
    wait_checked(qtbot, window)
    assert "T118" in _problems(zone)
