"""Writing a custom clause in the builder: added from the outline, titled, its text typed with
bullet lists, a reference inserted by picking the clause, the preview numbering it as the tender
will, problems at the field, and every step undone."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from procure_app.ui.tender.custom_clause_form import ReferencePicker
from procure_app.ui.tender.tender_view import CLAUSES_PAGE

from .tender_helpers import open_window, wait_checked


class _Picks:
    """A reference picker that picks ``clause_id`` at once, keeping what it was offered."""

    def __init__(self, clause_id: str) -> None:
        self.chosen = clause_id
        self.offered: list[tuple[str, str, str]] = []

    def __call__(self, clauses, _parent) -> _Picks:
        self.offered = list(clauses)
        return self

    def exec(self) -> QDialog.DialogCode:
        return QDialog.DialogCode.Accepted


def test_a_custom_clause_is_written_with_a_list_and_a_picked_reference(qtbot, spec_copy: Path) -> None:
    original = spec_copy.read_text(encoding="utf-8")
    window = open_window(qtbot, spec_path=spec_copy)
    view, tender = window.tender_view, window.tender
    view.pages.setCurrentIndex(CLAUSES_PAGE)
    assert view.select_clause("exit-plan")
    exit_number = view.model.clause_at(view.outline.currentIndex()).number
    editor = tender.outline_editor
    editor.add_custom_action.trigger()
    assert tender.undo_action.text() == "&Undo Add custom clause custom-clause"
    form = view.custom_form
    assert form.isVisibleTo(view) and not view.values_form.isVisibleTo(view)
    assert view.current_clause_id() == "custom-clause"
    title = form.title_field.edit
    assert title.text() == "New clause"
    title.setText("Street works permits")
    title.textEdited.emit("Street works permits")
    assert view.model.clause_at(view.outline.currentIndex()).title == "Street works permits"  # at once
    for typed in ("custom-street", "custom-street-works"):  # the row stays selected while its id changes
        form.id_field.edit.setText(typed)
        form.id_field.edit.textEdited.emit(typed)
    assert view.current_clause_id() == "custom-street-works" and form.isVisibleTo(view)
    assert tender.undo_action.text() == "&Undo Change custom-clause › id"  # named by the id it had

    text = form.text_field.edit
    qtbot.keyClicks(text, "The Contractor shall obtain:")
    qtbot.keyClick(text, Qt.Key.Key_Return)
    qtbot.keyClick(text, Qt.Key.Key_Return)
    qtbot.keyClicks(text, "every permit")
    form.text_field.toggle_list()  # the line the cursor is on becomes a bullet item
    qtbot.keyClick(text, Qt.Key.Key_End)
    qtbot.keyClick(text, Qt.Key.Key_Return)  # the next item starts by itself
    qtbot.keyClicks(text, "the road closure plan")
    qtbot.keyClick(text, Qt.Key.Key_Return)
    qtbot.keyClick(text, Qt.Key.Key_Return)  # an empty item ends the list
    qtbot.keyClicks(text, "It shall follow clause ")
    picks = _Picks("exit-plan")
    form.text_field.picker_factory = picks
    form.text_field.reference_action.trigger()
    offered = [c[2] for c in picks.offered]
    assert "custom-street-works" not in offered and "exit-plan" in offered  # not itself
    qtbot.keyClicks(text, ".")
    assert text.toPlainText() == (
        "The Contractor shall obtain:\n\n- every permit\n- the road closure plan\n\n"
        "It shall follow clause {{ ref:exit-plan }}."
    )
    assert f"It shall follow clause {exit_number}." in view.detail.toPlainText()  # the preview, at once
    wait_checked(qtbot, window)
    assert tender.build_action.isEnabled(), [d.format() for d in window.tender.state.errors]
    assert "every permit" in view.detail.toPlainText()
    saved_text = tender.session.get(form.text_field.path)
    assert saved_text.endswith("{{ ref:exit-plan }}.\n")

    # One Backspace after a reference takes it whole; an empty text is an error at the field.
    qtbot.keyClick(text, Qt.Key.Key_Backspace)  # the full stop
    qtbot.keyClick(text, Qt.Key.Key_Backspace)
    assert text.toPlainText().endswith("It shall follow clause ")
    text.selectAll()
    qtbot.keyClick(text, Qt.Key.Key_Delete)
    wait_checked(qtbot, window)
    assert "S005" in form.text_field.problems.text() and not tender.build_action.isEnabled()

    while tender.undo_action.isEnabled():
        tender.undo_action.trigger()
    assert not tender.modified
    wait_checked(qtbot, window)
    assert "custom-clause" not in [c.id for s in view.model.outline for c in s.clauses]
    tender.save()
    assert spec_copy.read_text(encoding="utf-8") == original


def test_the_reference_picker_filters_and_picks_with_the_keys(qtbot) -> None:
    picker = ReferencePicker([("4.1", "Exit plan", "exit-plan"), ("4.2", "Data export", "exit-data-export")])
    qtbot.addWidget(picker)
    qtbot.keyClicks(picker.filter, "exit")
    qtbot.keyClick(picker.filter, Qt.Key.Key_Down)
    picker.accept()
    assert picker.chosen == "exit-data-export"
    picker = ReferencePicker([("4.1", "Exit plan", "exit-plan")])
    qtbot.addWidget(picker)
    qtbot.keyClicks(picker.filter, "nothing like it")
    assert not picker.ok.isEnabled()
    picker.accept()
    assert picker.chosen is None


def test_a_hand_wrapped_custom_clause_is_shown_one_line_a_paragraph_and_left_as_it_is(qtbot, spec_copy: Path) -> None:
    window = open_window(qtbot, spec_path=spec_copy)
    view, tender = window.tender_view, window.tender
    view.pages.setCurrentIndex(CLAUSES_PAGE)
    assert view.select_clause("custom-sensor-siting")
    shown = view.custom_form.text_field.edit.toPlainText()
    written = tender.session.get(view.custom_form.text_field.path)
    assert shown.count("\n") < written.count("\n") and shown.startswith("Before installing any sensor, the Contractor")
    assert "{{ ref:hr-grievance-remedy }}" in shown
    view.custom_form.refresh()
    assert not tender.modified and tender.session.get(view.custom_form.text_field.path) == written
