"""The keyboard: each Alt+letter does one thing where it is pressed, and the Go to shortcuts land on a shown widget."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMenu, QTabBar, QWidget

from procure_app.ui.dialogs import BuildDialog, ExportDialog, ExportTarget
from procure_app.ui.main_window import EVALUATION_TAB, LIBRARY_TAB, PROJECT_TAB, TENDER_TAB, MainWindow

MNEMONIC = re.compile(r"&([^&\s])")


def mnemonic(text: str) -> str | None:
    found = MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def duplicates(texts: list[str]) -> dict[str, list[str]]:
    keys = Counter(key for key in map(mnemonic, texts) if key)
    return {key: [t for t in texts if mnemonic(t) == key] for key, n in keys.items() if n > 1}


@pytest.fixture
def window(qtbot, spec_copy: Path) -> MainWindow:
    win = MainWindow(spec_path=spec_copy)
    qtbot.addWidget(win)

    qtbot.waitUntil(lambda: win.tender.state is not None and win.evaluation.state is not None, timeout=20_000)
    qtbot.waitUntil(lambda: win.project.snapshot is not None, timeout=20_000)
    return win


def _visible_in_window(window: MainWindow) -> list[str]:
    """What Alt+letter can reach in the window as shown: the menu bar, every shown tab bar and button."""
    texts = [action.text() for action in window.menuBar().actions()]
    for bar in window.findChildren(QTabBar):
        if bar.isVisibleTo(window):
            texts += [bar.tabText(i) for i in range(bar.count()) if bar.isTabVisible(i)]
    texts += [b.text() for b in window.findChildren(QAbstractButton) if b.isVisibleTo(window) and b.text()]
    texts += [label.text() for label in window.findChildren(QLabel) if label.buddy() and label.isVisibleTo(window)]
    return texts


def test_no_mnemonic_is_used_twice_in_the_window_on_any_tab(window: MainWindow, qtbot) -> None:
    seen: set[str] = set()
    for tab in (TENDER_TAB, LIBRARY_TAB, EVALUATION_TAB, PROJECT_TAB):
        window.tabs.setCurrentIndex(tab)
        subtabs = [w for w in window.tabs.currentWidget().findChildren(QTabBar) if w.isVisibleTo(window)]
        for bar in subtabs or [None]:
            for index in range(bar.count()) if bar is not None else [0]:
                if bar is not None:
                    bar.setCurrentIndex(index)
                QApplication.processEvents()
                texts = _visible_in_window(window)
                seen.update(texts)
                assert duplicates(texts) == {}, f"on tab {window.tabs.tabText(tab)}"
    assert {"&Tender", "E&dit", "<b>&Outline</b>", "&Sensitivity"} <= seen  # menus, tabs, sub-tabs, labels


def test_no_mnemonic_is_used_twice_in_a_menu(window: MainWindow) -> None:
    # The menus, with their submenus, are the menu bar's descendants; asking each QAction for its
    # menu() twice lets PySide6 6.6 delete the menu between the calls.
    menus = window.menuBar().findChildren(QMenu)
    assert len(menus) >= 5
    for menu in menus:
        texts = [a.text() for a in menu.actions() if not a.isSeparator() and a.isVisible()]
        assert duplicates(texts) == {}, f"in the {menu.title()} menu"


def test_alt_e_is_the_evaluation_tab_only(window: MainWindow) -> None:
    menu_keys = [mnemonic(a.text()) for a in window.menuBar().actions()]
    tab_keys = [mnemonic(window.tabs.tabText(i)) for i in range(window.tabs.count())]
    assert tab_keys[EVALUATION_TAB] == "e"
    assert "e" not in menu_keys


def _shown(widget: QWidget, window: MainWindow) -> bool:
    return widget.isVisibleTo(window)


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, when a window is shown
def test_go_to_coverage_and_checks_show_their_sub_tab_first(window: MainWindow, qtbot) -> None:
    tv = window.tender_view
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.tabs.setCurrentIndex(LIBRARY_TAB)
    window.go_to_coverage()
    assert window.tabs.currentIndex() == TENDER_TAB
    assert _shown(tv.coverage, window)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tv.coverage, timeout=2_000)
    window.go_to_checks()
    assert _shown(tv.checks.tree, window) and not _shown(tv.coverage, window)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tv.checks.tree, timeout=2_000)
    window.go_to_coverage()
    assert _shown(tv.coverage, window) and not _shown(tv.checks.tree, window)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tv.coverage, timeout=2_000)


def _dialog_texts(dialog: QWidget) -> list[str]:
    texts = [b.text() for b in dialog.findChildren(QAbstractButton) if b.text()]
    return texts + [label.text() for label in dialog.findChildren(QLabel) if label.buddy()]


def test_no_mnemonic_is_used_twice_in_the_build_and_export_dialogs(window: MainWindow, tmp_path: Path) -> None:
    build = BuildDialog(window, tmp_path / "tender.docx", True)
    export = ExportDialog(window, ExportTarget(tmp_path, True, True, True), "lot1")
    for dialog in (build, export):
        texts = _dialog_texts(dialog)
        assert len(texts) >= 4
        assert duplicates(texts) == {}, texts
