"""The values form of the selected clause: a field per declared variable, problems at the field,
the optional paragraph switched by its yes/no value, every change in the preview once checked."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from procure_app.ui.tender.bound_fields import CheckField, DurationField
from procure_app.ui.tender.tender_view import CLAUSES_PAGE
from procure_app.ui.tender.values_form import NumberField

from .tender_helpers import open_window, wait_checked


def _field(form, name: str):
    return next(f for f in form.fields if f.path[-1] == name)


def test_a_bad_value_is_shown_at_its_field_and_blocks_the_build_until_fixed(qtbot, spec_copy: Path) -> None:
    window = open_window(qtbot, spec_path=spec_copy)
    view, tender = window.tender_view, window.tender
    view.pages.setCurrentIndex(CLAUSES_PAGE)
    assert view.select_clause("exit-plan")
    form = view.values_form
    assert form.isVisibleTo(view) and "exit-plan" in form.heading.text()
    days = _field(form, "plan_due_days")
    assert isinstance(days, NumberField) and isinstance(_field(form, "plan_review_interval"), DurationField)
    assert days.widget.toolTip().startswith("default: 90; from 30 to 365")
    days.edit.setText("")
    for text in ("1", "10", "1000"):  # typed: one step
        days.edit.setText(text)
        days.edit.textEdited.emit(text)
    assert tender.undo_action.text() == "&Undo Change exit-plan › plan_due_days"
    wait_checked(qtbot, window)
    assert "T105" in days.problems.text() and days.problems.isVisibleTo(view)
    assert not tender.build_action.isEnabled()
    days.edit.setText("60")
    days.edit.textEdited.emit("60")
    assert "Within 60 days of signature" in view.detail.toPlainText()  # at once, before the check
    wait_checked(qtbot, window)
    assert not days.problems.isVisibleTo(view) and tender.build_action.isEnabled()
    assert "Within 60 days of signature" in view.detail.toPlainText()  # the preview, as the DOCX words it
    switch = _field(form, "run_migration_test")
    assert isinstance(switch, CheckField) and "Periodic migration test" in switch.box.text()
    assert "migration test together with the Authority" in view.detail.toPlainText()
    switch.box.setChecked(False)
    wait_checked(qtbot, window)
    assert "migration test together with the Authority" not in view.detail.toPlainText()
    tender.undo_action.trigger()
    tender.undo_action.trigger()
    assert not tender.modified and days.edit.text() in ("", "90")
    wait_checked(qtbot, window)


def test_a_section_or_a_custom_clause_has_no_values_form(qtbot, spec_copy: Path) -> None:
    window = open_window(qtbot, spec_path=spec_copy)
    view = window.tender_view
    view.outline.setCurrentIndex(view.model.index(0, 0))
    assert not view.values_form.isVisibleTo(view)
    custom = next(c for s in view.model.outline for c in s.clauses if c.custom)
    assert view.select_clause(custom.id)
    assert not view.values_form.isVisibleTo(view)
    wait_checked(qtbot, window)
