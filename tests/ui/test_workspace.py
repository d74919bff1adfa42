"""The one reload rule every workspace follows, and the shell bringing a workspace's tab forward."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from procure_app.ui.main_window import EVALUATION_TAB, LIBRARY_TAB, MainWindow
from procure_app.ui.workspace import HeldReload


def test_a_change_on_disk_is_read_at_once_when_nothing_is_written() -> None:
    reloads: list[str] = []
    held = HeldReload(lambda: reloads.append("reload"))
    held.request()
    assert reloads == ["reload"]


def test_a_change_during_a_write_is_read_once_after_the_write_has_shown_its_outcome() -> None:
    reloads: list[str] = []
    held = HeldReload(lambda: reloads.append("reload"))
    held.write_started()
    held.request()
    held.request()  # an editor saves in several steps
    assert reloads == [] and held.writing
    held.write_ended()
    assert reloads == [] and not held.writing  # the build's outcome is shown first
    held.catch_up()
    held.catch_up()
    assert reloads == ["reload"]


def test_catching_up_without_a_change_reads_nothing() -> None:
    reloads: list[str] = []
    held = HeldReload(lambda: reloads.append("reload"))
    held.write_started()
    held.write_ended()
    held.catch_up()
    assert reloads == []


def test_revealing_a_workspace_shows_its_tab(qtbot) -> None:
    window = MainWindow(load_after_paint=True)  # nothing loaded: only the shell is asked
    qtbot.addWidget(window)
    window.reveal(window.evaluation_view)
    assert window.tabs.currentIndex() == EVALUATION_TAB
    window.reveal(window.library_view.tree)  # a widget inside a workspace reveals its tab too
    assert window.tabs.currentIndex() == LIBRARY_TAB
