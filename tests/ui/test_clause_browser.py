"""The clause browser beside the outline: find a library clause by words and filters, read it, add it."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt

from procure_app.core.library.clause_filter import ClauseFilter
from procure_app.ui.tender.clause_browser import CLAUSE_ID_ROLE, ClauseBrowser, ClauseListModel
from procure_app.ui.tender.tender_view import CLAUSES_PAGE

from .tender_helpers import open_window, wait_checked


def _shown(browser: ClauseBrowser) -> list[str]:
    proxy = browser.proxy
    return [proxy.index(row, 0).data(CLAUSE_ID_ROLE) for row in range(proxy.rowCount())]


def _choose(box, value: str) -> None:
    box.setCurrentIndex(box.findData(value))


def _select(browser: ClauseBrowser, clause_id: str) -> None:
    browser.search.setText(clause_id)
    rows = [r for r in range(browser.proxy.rowCount()) if browser.proxy.index(r, 0).data(CLAUSE_ID_ROLE) == clause_id]
    browser.list.setCurrentIndex(browser.proxy.index(rows[0], 0))


def test_the_filters_narrow_the_list_and_the_preview_follows(qtbot, spec_copy: Path) -> None:
    window = open_window(qtbot, spec_path=spec_copy)
    browser = window.tender_view.browser
    everything = _shown(browser)
    assert len(everything) == len(window.library.loaded.library.clauses) == browser.model.rowCount()
    assert browser.count.text() == f"{len(everything)} of {len(everything)} clauses"
    browser.search.setText("EXIT plan")  # words in any order and case
    library = window.library.loaded.library
    assert "exit-plan" in _shown(browser)
    for clause_id in _shown(browser):
        clause = library.by_id[clause_id]
        found_in = " ".join([clause.id, clause.title, clause.text, clause.guidance, *(v.text for v in clause.variants)])
        found_in = found_in.casefold()
        assert "exit" in found_in and "plan" in found_in
    assert len(_shown(browser)) < len(everything)
    browser.search.setText("")
    _choose(browser.status, "deprecated")
    assert _shown(browser) and all(
        window.library.loaded.library.by_id[i].status == "deprecated" for i in _shown(browser)
    )
    _choose(browser.status, "")
    _choose(browser.kind, "award")
    _choose(browser.applies_to, "goods")
    _choose(browser.category, "cybersecurity")
    assert _shown(browser) == ["sec-assurance-award"]
    browser.list.setCurrentIndex(browser.proxy.index(0, 0))
    assert "sec-assurance-award" in browser.preview.toPlainText()
    assert browser.preview.toPlainText().count("Guidance") >= 1
    browser.search.setText("no clause says this")
    assert _shown(browser) == [] and browser.count.text().startswith("0 of")
    assert not browser.add_button.isEnabled()
    wait_checked(qtbot, window)


def test_clauses_are_added_after_the_outline_selection_by_button_keyboard_and_double_click(qtbot, spec_copy) -> None:
    window = open_window(qtbot, spec_path=spec_copy)
    view, tender = window.tender_view, window.tender
    view.pages.setCurrentIndex(CLAUSES_PAGE)
    assert view.select_clause("exit-plan")
    browser = view.browser
    _select(browser, "ai-audit-access")
    browser.add_button.click()
    assert tender.undo_action.text() == "&Undo Add ai-audit-access"
    wait_checked(qtbot, window)
    assert view.current_clause_id() == "ai-audit-access"  # selected once the outline shows it
    exit_section = next(
        i for i, s in enumerate(tender.session.get(("sections",))) if s["title"] == "Exit and transition"
    )
    ids = [str(e["clause"]) for e in tender.session.get(("sections", exit_section, "clauses"))]
    assert ids[:2] == ["exit-plan", "ai-audit-access"]  # right after the clause selected

    _select(browser, "equity-affordable-access")
    qtbot.keyClick(browser.list, Qt.Key.Key_Return)
    wait_checked(qtbot, window)
    _select(browser, "ai-human-review")
    browser.list.doubleClicked.emit(browser.list.currentIndex())
    wait_checked(qtbot, window)
    ids = [str(e["clause"]) for e in tender.session.get(("sections", exit_section, "clauses"))]
    assert ids[:4] == ["exit-plan", "ai-audit-access", "equity-affordable-access", "ai-human-review"]
    assert tender.state.prepared.tender is not None  # the tender still assembles with them

    for _ in range(3):
        tender.undo_action.trigger()
    assert not tender.modified  # three steps, undone
    wait_checked(qtbot, window)


def test_a_tender_without_sections_gets_one(qtbot, isolated_settings) -> None:
    window = open_window(qtbot)
    window.tender.new_action.trigger()
    wait_checked(qtbot, window)
    session = window.tender.session
    session.set_value(("sections",), [])
    window.tender.add_clause("exit-plan")
    assert session.get(("sections",)) == [{"title": "Requirements", "clauses": [{"clause": "exit-plan"}]}]
    wait_checked(qtbot, window)


def test_the_list_model_passes_qt_model_checks(qtmodeltester, spec_copy, qtbot) -> None:
    window = open_window(qtbot, spec_path=spec_copy)
    model = ClauseListModel()
    model.set_library(window.library.loaded.library)
    qtmodeltester.check(model)
    qtmodeltester.check(window.tender_view.browser.proxy)
    assert ClauseFilter().words == ()
