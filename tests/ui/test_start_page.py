"""The start page: what the Tender tab shows when no tender is open, and the next start begins there."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from procure_app.core.tender.starters import STARTERS
from procure_app.ui import recent_files
from procure_app.ui.main_window import MainWindow

from .tender_helpers import open_window, wait_checked


def _rows(window: MainWindow) -> list[str]:
    page = window.tender_view.start_page
    return [page.recent.item(row).text() for row in range(page.recent.count())]


def test_closing_the_tender_shows_the_start_page_and_the_next_start_begins_there(qtbot, spec_copy: Path) -> None:
    window = open_window(qtbot, spec_path=spec_copy)
    assert not window.tender_view.showing_start_page
    window.tender.close_action.trigger()
    assert window.tender_view.showing_start_page and window.tender.spec_path is None
    assert window.windowTitle().startswith("Procure") and spec_copy.name not in window.windowTitle()
    assert not window.tender.save_action.isEnabled() and not window.tender.build_action.isEnabled()
    assert not window.tender.close_action.isEnabled()
    assert any(spec_copy.name in row for row in _rows(window))  # it was opened: it is listed

    second = MainWindow()
    qtbot.addWidget(second)
    qtbot.waitUntil(lambda: second.library.loaded is not None and second._jobs == 0, timeout=20_000)
    assert second.tender_view.showing_start_page and second.tender.state is None
    second.tender_view.start_page.example_button.click()  # opening a tender leaves the start page
    wait_checked(qtbot, second)
    assert not second.tender_view.showing_start_page and second.tender.state is not None


def test_a_starter_makes_a_new_tender_with_its_clauses(qtbot, spec_copy: Path) -> None:
    window = open_window(qtbot, spec_path=spec_copy)
    window.tender.close_action.trigger()
    page = window.tender_view.start_page
    assert [button.text() for button in page.starter_buttons] == [
        "&Data platform and sensors",
        "&Software as a service",
        "Hard&ware supply",
    ]
    page.starter_buttons[1].click()
    wait_checked(qtbot, window)
    tender = window.tender
    assert not window.tender_view.showing_start_page and tender.session.path is None
    assert "Untitled" in window.windowTitle()
    expected = [clause for _title, clauses in STARTERS[1].sections for clause in clauses]
    sections = tender.session.get(("sections",))
    assert [str(entry["clause"]) for section in sections for entry in section["clauses"]] == expected
    assert {d.rule for d in tender.state.errors} == {"S005"}  # only the title, reference and buyer to fill


def test_recent_files_on_the_start_page_open_mark_missing_and_are_removed(qtbot, spec_copy: Path, tmp_path) -> None:
    gone = tmp_path / "gone.tender.yaml"
    gone.write_text("tender: {}\n", encoding="utf-8")
    recent_files.remember("tender", gone)
    gone.unlink()
    window = open_window(qtbot, spec_path=spec_copy)  # listed first now
    window.tender.close_action.trigger()
    page = window.tender_view.start_page
    rows = _rows(window)
    assert rows[0].startswith("riverton.tender.yaml") and "gone.tender.yaml" in rows[1] and "(missing)" in rows[1]
    page.recent.setCurrentRow(1)
    assert not page.open_recent_button.isEnabled()  # a missing file cannot be opened
    page.remove_button.click()
    assert len(_rows(window)) == 1 and "gone" not in _rows(window)[0]
    page.recent.setCurrentRow(0)
    page.open_recent_button.click()
    wait_checked(qtbot, window)
    assert window.tender.spec_path == spec_copy.resolve() and not window.tender_view.showing_start_page
    window.tender.close_action.trigger()
    page.clear_button.click()
    assert _rows(window) == ["No recent tenders or projects yet."] and not page.clear_button.isEnabled()


def test_closing_with_unsaved_changes_asks_first(qtbot, spec_copy: Path, monkeypatch) -> None:
    from procure_app.ui import dialogs

    window = open_window(qtbot, spec_path=spec_copy)
    window.tender.session.set_value(("tender", "duration"), "36 months")
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, name: dialogs.SaveChoice.CANCEL)
    window.tender.close_action.trigger()
    assert not window.tender_view.showing_start_page and window.tender.modified  # nothing lost
    wait_checked(qtbot, window)
