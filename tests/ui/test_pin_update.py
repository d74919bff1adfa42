"""A pinned clause the library has a newer approved version of: marked in the outline, a bar above
the clause, the comparison word by word, taken in one undoable step, the lock file written on save."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QDialog

from procure_app import paths
from procure_app.core.library.pinning import lock_path_for, read_lock, write_lock
from procure_app.core.tender.build import prepare_tender
from procure_app.ui.tender.pin_update_view import pin_update_html
from procure_app.ui.tender.tender_view import CLAUSES_PAGE

from .tender_helpers import open_window, wait_checked


def _pin_an_older_exit_plan(spec: Path) -> str:
    prepared = prepare_tender(spec, paths.library_dir(), paths.guidelines_file())
    lock = prepared.tender.lock
    current = lock.clauses["exit-plan"]
    lock.clauses["exit-plan"] = dataclasses.replace(
        current, version="0.9", text=current.text.replace("The Contractor shall", "The Contractor must", 1)
    )
    write_lock(lock_path_for(spec), lock)
    return current.version


class _Answer:
    """The comparison, answered at once; it keeps the page it showed."""

    def __init__(self, answer: QDialog.DialogCode) -> None:
        self.answer, self.shown = answer, ""

    def __call__(self, update, _parent) -> _Answer:
        self.shown = pin_update_html(update)
        return self

    def exec(self) -> QDialog.DialogCode:
        return self.answer


def test_a_newer_version_is_marked_compared_and_taken_and_undone(qtbot, spec_copy: Path) -> None:
    new_version = _pin_an_older_exit_plan(spec_copy)
    old_lock = lock_path_for(spec_copy).read_bytes()
    window = open_window(qtbot, spec_path=spec_copy)
    view, tender = window.tender_view, window.tender
    view.pages.setCurrentIndex(CLAUSES_PAGE)
    assert view.select_clause("exit-plan")
    row = view.model.clause_at(view.outline.currentIndex())
    assert row.source == f"v0.9 → v{new_version}" and row.newer == new_version
    assert view.pin_bar.isVisibleTo(view) and f"version {new_version}" in view.pin_bar.label.text()
    assert any(d.rule == "T208" for d in window.tender.state.checks)

    kept = _Answer(QDialog.DialogCode.Rejected)
    tender.pin_dialog = kept
    view.pin_bar.button.click()
    assert "<del>must</del>" in kept.shown and "<ins>shall</ins>" in kept.shown
    assert not tender.modified  # kept: nothing changes

    tender.pin_dialog = _Answer(QDialog.DialogCode.Accepted)
    view.pin_bar.button.click()
    assert tender.undo_action.text() == f"&Undo Take version {new_version} of exit-plan"
    assert tender.modified and lock_path_for(spec_copy).read_bytes() == old_lock  # written on save
    wait_checked(qtbot, window)
    assert view.current_clause_id() == "exit-plan" and not view.pin_bar.isVisibleTo(view)
    assert not any(d.rule == "T208" for d in window.tender.state.checks)
    assert view.model.clause_at(view.outline.currentIndex()).source == f"v{new_version}"
    assert "The Contractor shall" in view.detail.toPlainText()
    assert tender.save()
    assert read_lock(lock_path_for(spec_copy)).clauses["exit-plan"].version == new_version

    tender.undo_action.trigger()
    wait_checked(qtbot, window)
    assert view.select_clause("exit-plan") and view.pin_bar.isVisibleTo(view)
    assert tender.save()
    assert lock_path_for(spec_copy).read_bytes() == old_lock


def test_the_check_offers_to_take_the_new_version_in_one_click(qtbot, spec_copy: Path) -> None:
    new_version = _pin_an_older_exit_plan(spec_copy)
    window = open_window(qtbot, spec_path=spec_copy)
    view, tender = window.tender_view, window.tender
    tree = view.checks.tree
    item = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount()) if tree.topLevelItem(i).text(1) == "T208")
    tree.setCurrentItem(item)
    (button,) = view.checks.fix_buttons
    assert button.text() == f"Take version {new_version} of exit-plan"
    button.click()
    wait_checked(qtbot, window)
    assert not any(d.rule == "T208" for d in tender.state.checks)
    assert view.current_clause_id() == "exit-plan"
