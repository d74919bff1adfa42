"""Editing the outline in the app: keys, buttons, drops from the browser and within the outline,
the section form; every step is one undo."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QModelIndex, Qt

from procure_app.ui.tender.tender_model import CLAUSE_IDS_MIME, TenderOutlineModel
from procure_app.ui.tender.tender_view import CLAUSES_PAGE

from .tender_helpers import open_window, wait_checked


def _ids(window, section: int) -> list[str]:
    entries = window.tender.session.get(("sections", section, "clauses"))
    return [str(e.get("clause") or e["custom"]["id"]) for e in entries]


def _titles(window) -> list[str]:
    return [str(s["title"]) for s in window.tender.session.get(("sections",))]


def test_keys_move_and_remove_clauses_and_undo_puts_everything_back(qtbot, spec_copy: Path) -> None:
    window = open_window(qtbot, spec_path=spec_copy)
    view, tender = window.tender_view, window.tender
    view.pages.setCurrentIndex(CLAUSES_PAGE)
    original = spec_copy.read_text(encoding="utf-8")
    first = _ids(window, 0)
    assert view.select_clause(first[0])
    qtbot.keyClick(view.outline, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert _ids(window, 0)[:2] == [first[1], first[0]]
    assert view.current_clause_id() == first[0]  # the moved clause stays selected
    assert tender.undo_action.text() == f"&Undo Move {first[0]} down"
    qtbot.keyClick(view.outline, Qt.Key.Key_Delete)
    assert first[0] not in _ids(window, 0)
    assert view.current_clause_id() == _ids(window, 0)[1]  # the row after the one removed
    assert tender.undo_action.text() == f"&Undo Remove {first[0]}"
    wait_checked(qtbot, window)
    assert not [c for c in tender.state.errors]
    tender.undo_action.trigger()
    tender.undo_action.trigger()
    assert tender.session.document.text == original
    assert not tender.modified
    wait_checked(qtbot, window)


def test_a_section_is_added_named_introduced_moved_and_removed(qtbot, spec_copy: Path) -> None:
    window = open_window(qtbot, spec_path=spec_copy)
    view, tender = window.tender_view, window.tender
    view.pages.setCurrentIndex(CLAUSES_PAGE)
    titles = _titles(window)
    view.outline.setCurrentIndex(view.model.index(0, 0))
    tender.outline_editor.add_section_action.trigger()
    assert _titles(window) == [titles[0], "New section", *titles[1:]]
    assert view.current_position() == (1, None)
    form = view.section_form
    assert form.isVisibleTo(view) and form.title.text() == "New section"
    form.title.setText("")
    qtbot.keyClicks(form.title, "Exit")  # keystrokes in one field: one step
    assert _titles(window)[1] == "Exit"
    assert tender.undo_action.text() == "&Undo Rename section New section"
    qtbot.keyClicks(form.intro, "Why we plan the exit.")
    assert str(tender.session.get(("sections", 1, "intro"))) == "Why we plan the exit."
    assert view.current_position() == (1, None) and form.intro.toPlainText() == "Why we plan the exit."
    tender.outline_editor.move_up_action.trigger()
    assert _titles(window)[:2] == ["Exit", titles[0]]
    view.outline.setCurrentIndex(view.model.index(0, 0))
    tender.add_clause("ai-audit-access")
    assert _ids(window, 0) == ["ai-audit-access"]
    wait_checked(qtbot, window)
    assert not tender.state.errors
    view.outline.setCurrentIndex(view.model.index(0, 0))
    tender.outline_editor.remove_action.trigger()
    assert _titles(window) == titles
    while tender.session.stack.canUndo():
        tender.undo_action.trigger()
    assert _titles(window) == titles and not tender.modified
    while tender.session.stack.canRedo():
        tender.redo_action.trigger()
    assert _titles(window) == titles  # the new section, removed again at the last step
    tender.undo_action.trigger()
    assert _titles(window)[0] == "Exit" and tender.modified
    wait_checked(qtbot, window)


def test_drops_add_clauses_from_the_browser_and_move_rows(qtbot, spec_copy: Path) -> None:
    window = open_window(qtbot, spec_path=spec_copy)
    view, tender = window.tender_view, window.tender
    view.pages.setCurrentIndex(CLAUSES_PAGE)
    browser = view.browser
    browser.search.setText("ai-audit-access")
    dragged = browser.proxy.mapToSource(browser.proxy.index(0, 0))
    data = browser.model.mimeData([dragged])
    assert data.hasFormat(CLAUSE_IDS_MIME)
    model = view.model
    section_row = model.index(1, 0)
    before = _ids(window, 1)
    # dropped between the first and second clause of the second section
    assert model.canDropMimeData(data, Qt.DropAction.CopyAction, 1, 0, section_row)
    assert model.dropMimeData(data, Qt.DropAction.CopyAction, 1, 0, section_row)
    assert _ids(window, 1) == [before[0], "ai-audit-access", *before[1:]]
    assert tender.undo_action.text() == "&Undo Add ai-audit-access"
    # a clause of the first section dragged onto the title of the second: the end of it
    first = _ids(window, 0)
    moving = model.mimeData([model.index(0, 0, model.index(0, 0))])
    model.dropMimeData(moving, Qt.DropAction.MoveAction, -1, 0, model.index(1, 0))
    assert _ids(window, 0) == first[1:] and _ids(window, 1)[-1] == first[0]
    # the first section dropped below the second
    titles = _titles(window)
    model.dropMimeData(model.mimeData([model.index(0, 0)]), Qt.DropAction.MoveAction, 2, 0, QModelIndex())
    assert _titles(window)[:2] == [titles[1], titles[0]]
    wait_checked(qtbot, window)
    assert not tender.state.errors
    for _ in range(3):
        tender.undo_action.trigger()
    assert not tender.modified
    wait_checked(qtbot, window)


def test_the_outline_model_passes_qt_model_checks_with_drops(qtmodeltester, spec_copy, qtbot) -> None:
    window = open_window(qtbot, spec_path=spec_copy)
    model = TenderOutlineModel()
    model.set_outline(window.tender.outline())
    qtmodeltester.check(model)
    assert model.drop_target(-1, QModelIndex()) == (len(model.outline) - 1, len(model.outline[-1].clauses))
    assert model.drop_target(0, QModelIndex()) == (0, 0)
    wait_checked(qtbot, window)


def test_a_coverage_warning_is_fixed_in_one_click_and_undone_in_one(qtbot, spec_copy: Path) -> None:
    from procure_app.core.tender.spec_document import SpecDocument

    document = SpecDocument.open(spec_copy)
    for s_index, section in enumerate(document.get(("sections",))):
        for c_index in reversed(range(len(section["clauses"]))):
            clause_id = str(section["clauses"][c_index].get("clause", ""))
            if clause_id.startswith("exit-") or clause_id == "data-ownership":
                document.remove(("sections", s_index, "clauses"), c_index)
    document.save()
    window = open_window(qtbot, spec_path=spec_copy)
    view, tender = window.tender_view, window.tender
    wait_checked(qtbot, window)
    tree = view.checks.tree
    item = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount()) if tree.topLevelItem(i).text(1) == "T201")
    tree.setCurrentItem(item)
    assert view.checks.fixes.isVisibleTo(view)
    (button,) = view.checks.fix_buttons
    assert button.text().startswith("Add exit-plan and exit-data-export")
    button.click()
    assert tender.undo_action.text().startswith("&Undo Add exit-plan and exit-data-export")
    wait_checked(qtbot, window)
    assert not [d for d in tender.state.checks if d.rule in ("T201", "T107")]
    assert view.current_clause_id() == "exit-plan"
    tender.undo_action.trigger()
    assert not tender.modified
    wait_checked(qtbot, window)
    assert [d for d in tender.state.checks if d.rule == "T201"]
