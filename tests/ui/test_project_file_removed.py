"""A project file deleted (or moved, or on a stick pulled out) while open: said in plain words, the
work saved so far kept in memory, and Save Project As… writes it to a new file to go on there."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from procure_app.cli import main
from procure_app.core.project.store import ProjectStore
from procure_app.ui import dialogs
from procure_app.ui.project import project_controller

from .project_helpers import MISSING_BID, open_project, window_on

CRITERION = "open-interfaces"


@pytest.fixture
def project(evaluation_copy: Path, tmp_path: Path) -> Path:
    return open_project(evaluation_copy, tmp_path / "stick" / "riverton.procure")


@pytest.fixture
def messages(monkeypatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "show_message", lambda parent, title, text: shown.append((title, text)))
    return shown


def _cell(window, bid: str, criterion: str, column: int = 2):
    view = window.project_view
    view.choose_evaluator("priya")
    return view.model.index_of(bid, criterion, column)


def _save_as_answers(monkeypatch, target: Path) -> list[str]:
    asked: list[str] = []
    monkeypatch.setattr(
        project_controller, "choose_save_target", lambda parent, start: asked.append(start) or str(target)
    )
    return asked


def test_a_deleted_file_is_said_the_work_kept_and_saved_elsewhere(
    qtbot, project: Path, tmp_path: Path, monkeypatch, messages
) -> None:
    window = window_on(qtbot, project)
    controller, model = window.project, window.project_view.model
    assert controller.banner.isHidden()
    assert model.setData(_cell(window, MISSING_BID, CRITERION), "4")  # saved into the file
    project.unlink()  # the file manager, or the stick pulled out

    assert not model.setData(_cell(window, MISSING_BID, "open-data-formats"), "3")
    note = window.project_view.entry_note
    qtbot.waitUntil(lambda: note.isVisibleTo(window.project_view))  # said under the grid, not in a modal
    text = note.text()
    assert messages == []
    assert "was moved or deleted while it was open" in text and "readonly" not in text
    assert controller.banner.isVisibleTo(window)
    assert "was moved or deleted. Your work is kept in memory: Save As… to keep it." in controller.banner.text.text()
    assert str(project) in controller.banner.text.text()

    target = tmp_path / "desk" / "riverton rescued.procure"
    target.parent.mkdir()
    asked = _save_as_answers(monkeypatch, target)
    controller.banner.button.click()
    assert asked and not asked[0].startswith(str(project.parent))  # the gone folder is not offered
    assert controller.store is not None and controller.store.path == target
    assert controller.banner.isHidden()
    assert main(["project", "verify", str(target)]) == 0
    with ProjectStore.open(target, backup=False) as store:
        scores = {(s.evaluator, s.bid, s.criterion): s.score for s in store.scores()}
    assert scores[("priya", MISSING_BID, CRITERION)] == Decimal(4)  # the edit made before the deletion
    assert ("priya", MISSING_BID, "open-data-formats") not in scores  # the refused one was never saved

    # Work goes on in the new file, undo included.
    assert model.setData(_cell(window, MISSING_BID, "open-data-formats"), "3")
    controller.undo_action.trigger()
    with ProjectStore.open(target, backup=False) as store:
        assert ("priya", MISSING_BID, "open-data-formats") not in {
            (s.evaluator, s.bid, s.criterion) for s in store.scores()
        }
        assert store.audit_entries()[-1].action == "score.remove"
    window.close()


def test_save_project_as_works_anytime_from_the_file_menu(qtbot, project: Path, tmp_path: Path, monkeypatch) -> None:
    window = window_on(qtbot, project)
    action = window.project.save_as_action
    assert action.shortcut().toString() == "Ctrl+Shift+S"
    assert action in window.menuBar().actions()[0].menu().actions()
    target = tmp_path / "copy.procure"
    _save_as_answers(monkeypatch, target)
    action.trigger()
    assert window.project.store.path == target and project.exists()  # the original stays as it was
    assert window.project.snapshot is not None and window.project.snapshot.path == target


def test_a_read_only_project_says_so_in_the_banner(qtbot, project: Path, monkeypatch) -> None:
    monkeypatch.setattr("procure_app.core.project.store.project.is_writable", lambda path: path != project)
    window = window_on(qtbot, project)
    banner = window.project.banner
    assert banner.isVisibleTo(window)
    words = banner.text.text()
    assert "opened read-only: edits are not possible; Save As… to make an editable copy." in words
    window.grab().save("/tmp/b2-read-only-banner.png")


@pytest.mark.skipif(os.environ.get("PROCURE_SCREENSHOTS") is None, reason="screenshots only on request")
def test_screenshot_of_the_gone_banner(qtbot, project: Path) -> None:
    window = window_on(qtbot, project)
    window.tabs.setCurrentIndex(3)
    project.unlink()
    window.project.update_actions()
    window.resize(1200, 700)
    window.grab().save("/tmp/b2-gone-banner.png")
