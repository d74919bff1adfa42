"""The library browser as an officer sees it."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt

from procure_app import paths
from procure_app.core.validate import load_checked_library
from procure_app.ui import main_window
from procure_app.ui.library_model import CLAUSE_ROLE, LibraryTreeModel
from procure_app.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot):
    win = MainWindow()
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: win.loaded is not None, timeout=10_000)
    return win


def test_model_passes_qt_model_tester(qtmodeltester) -> None:
    library, _ = load_checked_library(paths.library_dir(), paths.guidelines_file())
    model = LibraryTreeModel()
    model.set_library(library)
    qtmodeltester.check(model)
    assert model.rowCount() == len(library.categories)
    first_category = model.index(0, 0)
    assert model.rowCount(first_category) == len(library.in_category(library.categories[0].id))
    clause_index = model.index(0, 0, first_category)
    assert model.data(clause_index, CLAUSE_ROLE) == library.in_category(library.categories[0].id)[0].id


def test_window_opens_on_bundled_library_and_shows_a_clause(window: MainWindow) -> None:
    assert "Procure starter clause library" in window.windowTitle()
    assert "library valid" in window.summary.text()
    assert window.problems.topLevelItemCount() == 0
    shown = window.detail.toPlainText()
    assert "Guidance for the officer" in shown and "Verification" in shown
    image = window.grab().toImage()
    assert image.width() > 600 and not image.isNull()


def test_filter_narrows_the_tree(window: MainWindow, qtbot) -> None:
    qtbot.keyClicks(window.filter_edit, "transition")
    visible = []
    for row in range(window.proxy.rowCount()):
        category = window.proxy.index(row, 0)
        visible += [window.proxy.index(r, 0, category).data() for r in range(window.proxy.rowCount(category))]
    assert "Exit and transition plan" in visible
    assert all("transition" in title.lower() for title in visible)
    window.filter_edit.setText("exit-plan")  # ids match too
    exit_category = window.proxy.index(0, 0)
    assert window.proxy.index(0, 0, exit_category).data() == "Exit and transition plan"


def test_selecting_a_clause_shows_its_text_escaped(window: MainWindow, library_copy: Path, qtbot) -> None:
    clause_file = library_copy / "clauses" / "exit.yaml"
    clause_file.write_text(clause_file.read_text().replace("title: ", "title: R&D <b>bold</b> ", 1), encoding="utf-8")
    window.open_library(library_copy)
    qtbot.waitUntil(lambda: window.loaded is not None and window.loaded.library.root == library_copy, timeout=10_000)
    index = window.proxy.match(
        window.proxy.index(0, 0),
        Qt.ItemDataRole.DisplayRole,
        "R&D <b>bold</b>",
        1,
        Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchRecursive,
    )[0]
    window.tree.setCurrentIndex(index)
    assert "R&D <b>bold</b>" in window.detail.toPlainText()


def test_broken_library_lists_problems_with_rule_and_line(
    window: MainWindow, library_copy: Path, qtbot, monkeypatch
) -> None:
    (library_copy / "clauses" / "broken.yaml").write_text("clauses:\n  - id: x\n    titel: y\n", encoding="utf-8")
    monkeypatch.setattr(main_window, "choose_folder", lambda *args: str(library_copy))
    window._ask_library()
    qtbot.waitUntil(lambda: window.problems.topLevelItemCount() > 0, timeout=10_000)
    rows = [
        [window.problems.topLevelItem(i).text(c) for c in range(4)] for i in range(window.problems.topLevelItemCount())
    ]
    assert ["error", "S002", "broken.yaml:3:5"] in [row[:3] for row in rows]
    assert "error(s)" in window.summary.text()
    assert not window.problems_dock.isHidden()
