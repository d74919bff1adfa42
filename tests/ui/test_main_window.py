"""The library browser as an officer sees it."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt

from procure_app import paths
from procure_app.core.library.checked import load_checked_library
from procure_app.ui import dialogs
from procure_app.ui.library.library_model import CLAUSE_ROLE, LibraryTreeModel
from procure_app.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot):
    win = MainWindow()
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: win.library.loaded is not None, timeout=10_000)
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
    assert "library valid" in window.library_summary.text()
    assert window.library_view.problems.topLevelItemCount() == 0
    shown = window.library_view.detail.toPlainText()
    assert "Guidance for the officer" in shown and "Verification" in shown
    image = window.grab().toImage()
    assert image.width() > 600 and not image.isNull()


def test_filter_narrows_the_tree(window: MainWindow, qtbot) -> None:
    qtbot.keyClicks(window.library_view.filter_edit, "transition")
    visible = []
    for row in range(window.library_view.proxy.rowCount()):
        category = window.library_view.proxy.index(row, 0)
        visible += [
            window.library_view.proxy.index(r, 0, category).data()
            for r in range(window.library_view.proxy.rowCount(category))
        ]
    assert "Exit and transition plan" in visible
    assert all("transition" in title.lower() for title in visible)
    window.library_view.filter_edit.setText("exit-plan")  # ids match too
    exit_category = window.library_view.proxy.index(0, 0)
    assert window.library_view.proxy.index(0, 0, exit_category).data() == "Exit and transition plan"


def test_selecting_a_clause_shows_its_text_escaped(window: MainWindow, library_copy: Path, qtbot) -> None:
    clause_file = library_copy / "clauses" / "exit.yaml"
    clause_file.write_text(clause_file.read_text().replace("title: ", "title: R&D <b>bold</b> ", 1), encoding="utf-8")
    window.library.open(library_copy)
    qtbot.waitUntil(
        lambda: window.library.loaded is not None and window.library.loaded.library.root == library_copy, timeout=10_000
    )
    index = window.library_view.proxy.match(
        window.library_view.proxy.index(0, 0),
        Qt.ItemDataRole.DisplayRole,
        "R&D <b>bold</b>",
        1,
        Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchRecursive,
    )[0]
    window.library_view.tree.setCurrentIndex(index)
    assert "R&D <b>bold</b>" in window.library_view.detail.toPlainText()


def test_broken_library_lists_problems_with_rule_and_line(
    window: MainWindow, library_copy: Path, qtbot, monkeypatch
) -> None:
    (library_copy / "clauses" / "broken.yaml").write_text("clauses:\n  - id: x\n    titel: y\n", encoding="utf-8")
    monkeypatch.setattr(dialogs, "choose_library_folder", lambda *args: str(library_copy))
    window.library.ask()
    qtbot.waitUntil(lambda: window.library_view.problems.topLevelItemCount() > 0, timeout=10_000)
    rows = [
        [window.library_view.problems.topLevelItem(i).text(c) for c in range(4)]
        for i in range(window.library_view.problems.topLevelItemCount())
    ]
    assert ["error", "S002", "broken.yaml:3:5"] in [row[:3] for row in rows]
    assert "error(s)" in window.library_summary.text()
    assert not window.library_view.problems_dock.isHidden()


def test_a_window_restored_from_a_larger_screen_fits_this_one(qtbot) -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QMainWindow

    from procure_app.ui import settings

    big = QMainWindow()
    qtbot.addWidget(big)
    big.setGeometry(QRect(-300, -200, 4000, 3000))  # as saved on a large monitor
    settings.WINDOW_GEOMETRY.write(big.saveGeometry())
    win = MainWindow()
    qtbot.addWidget(win)
    available = win.screen().availableGeometry()
    assert available.contains(win.frameGeometry()), (win.frameGeometry(), available)


_AT_200_PERCENT = """
import json, os, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication
app = QApplication(sys.argv)
from procure_app.ui.main_window import MainWindow
window = MainWindow()
window.show()
def loaded():
    return window._jobs == 0 and window.tender.state and window.evaluation.state and window.project.snapshot
def measure():
    if not loaded():
        return
    timer.stop()
    available, frame = window.screen().availableGeometry(), window.frameGeometry()
    cut = []
    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
        app.processEvents()
        cut.extend((tab, b.text(), b.width(), b.sizeHint().width()) for b in window.findChildren(QAbstractButton)
                   if b.isVisibleTo(window) and b.text() and b.width() < b.sizeHint().width())
    print(json.dumps({"available": available.getRect(), "frame": frame.getRect(), "cut": cut}), flush=True)
    # What was measured is printed: end here. The app's own exit runs in procure-app (see the test
    # below); a script's exit can abort in PySide6 6.12's finalization.
    os._exit(0)
# In the event loop, as procure-app runs: a loop of processEvents() calls while the workers load the
# files can make PySide6 6.12 abort.
timer = QTimer()
timer.timeout.connect(measure)
timer.start(20)
sys.exit(app.exec())
"""


def test_at_200_percent_on_a_laptop_screen_the_window_fits_and_no_button_is_cut(tmp_path: Path) -> None:
    import json
    import os
    import subprocess
    import sys

    screen = tmp_path / "screen.json"  # a 1920×1080 laptop panel: 960×540 at 200 %
    screen.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1920, "height": 1080}]}))
    env = dict(os.environ, QT_SCALE_FACTOR="2", QT_QPA_PLATFORM=f"offscreen:configfile={screen}", HOME=str(tmp_path))
    env.pop("XDG_CONFIG_HOME", None)
    env.pop("XDG_DATA_HOME", None)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    done = subprocess.run([sys.executable, "-c", _AT_200_PERCENT], env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    ax, ay, aw, ah = seen["available"]
    fx, fy, fw, fh = seen["frame"]
    assert (aw, ah) == (960, 540)
    assert ax <= fx and ay <= fy and fx + fw <= ax + aw and fy + fh <= ay + ah, seen
    assert seen["cut"] == []


def test_procure_app_on_a_fresh_account_opens_the_example_and_quits_cleanly(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from procure_app.ui.app import QUIT_WHEN_LOADED

    env = dict(os.environ, HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen", **{QUIT_WHEN_LOADED: "1"})
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        env.pop(variable, None)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    done = subprocess.run(
        [sys.executable, "-m", "procure_app.ui.app"], env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr  # no abort in Qt's or Python's shutdown either
    assert list(tmp_path.rglob("*.procure")), "the example project was made on the first start"
