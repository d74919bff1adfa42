"""Evaluate Project (F9) reads the project in memory, and its records are exported where they last."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from procure_app.cli import main
from procure_app.core.evaluation.run import result_as_json
from procure_app.core.project.store import ProjectStore
from procure_app.ui import dialogs, settings
from procure_app.ui.main_window import EVALUATION_TAB

from .project_helpers import CHAIR, open_project, window_on


@pytest.fixture
def unsealed(evaluation_copy: Path, tmp_path: Path) -> Path:
    """A complete project whose quality scores are locked and prices unsealed: ready to evaluate."""
    path = open_project(evaluation_copy, tmp_path / "office" / "riverton.procure", complete=True)
    with ProjectStore.open(path, backup=False) as store:
        store.lock_quality(CHAIR)
        store.unseal_prices(CHAIR)
    return path


def _forbid_temporary_folders(monkeypatch) -> None:
    """Any temporary folder made from here on fails the test: evaluating a project needs none."""

    def refused(*args, **kwargs):
        raise AssertionError("a temporary folder was made")

    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    monkeypatch.setattr(tempfile, "TemporaryDirectory", refused)


def _evaluate(qtbot, window) -> None:
    window.project.evaluate_action.trigger()
    assert window.tabs.currentIndex() == EVALUATION_TAB
    qtbot.waitUntil(
        lambda: (
            window.evaluation.state is not None and window.evaluation.state.project is not None and window._jobs == 0
        ),
        timeout=30_000,
    )


def test_records_of_a_project_are_suggested_beside_it_and_outlive_the_app(qtbot, unsealed: Path, monkeypatch) -> None:
    window = window_on(qtbot, unsealed)
    _forbid_temporary_folders(monkeypatch)
    last_evaluation = settings.LAST_EVALUATION.read()
    _evaluate(qtbot, window)
    state = window.evaluation.state
    assert state.ok and state.project == unsealed and window.evaluation_view.model.rowCount() == 5
    assert settings.LAST_EVALUATION.read() == last_evaluation  # not an evaluation file to reopen
    assert "riverton.procure" in window.windowTitle()
    assert not list(unsealed.parent.glob("*.yaml"))  # nothing was written to evaluate it

    suggested: list[dialogs.ExportTarget] = []

    def choose(parent, offered, stem):
        suggested.append(offered)
        return dialogs.ExportTarget(offered.folder, workbook=True, report=True, letters=True)

    monkeypatch.setattr(dialogs, "choose_export_target", choose)
    monkeypatch.setattr(dialogs, "show_message", lambda *args: pytest.fail(f"unexpected message {args}"))
    window.evaluation.export_action.trigger()
    qtbot.waitUntil(lambda: not window.evaluation.exporting, timeout=120_000)
    assert suggested[0].folder == unsealed.parent
    window.close()
    written = sorted(path.name for path in unsealed.parent.iterdir())
    assert "riverton-evaluation.xlsx" in written and "riverton-evaluation-report.docx" in written
    letters = list((unsealed.parent / "riverton-letters").iterdir())
    assert len(letters) == 5 and all(letter.stat().st_size > 0 for letter in letters)


def test_a_project_in_a_read_only_folder_suggests_documents(qtbot, unsealed: Path, monkeypatch) -> None:
    window = window_on(qtbot, unsealed)
    _evaluate(qtbot, window)
    monkeypatch.setattr("procure_app.ui.evaluation.evaluation_controller.os.access", lambda path, mode: False)
    folder = window.evaluation.suggested_export_folder(window.evaluation.state)
    assert folder != unsealed.parent and folder.name == "Documents"


def test_the_app_shows_the_numbers_procure_evaluate_prints_for_the_project(
    qtbot, unsealed: Path, capsys, monkeypatch
) -> None:
    window = window_on(qtbot, unsealed)
    _forbid_temporary_folders(monkeypatch)
    _evaluate(qtbot, window)
    shown = result_as_json(window.evaluation.state.run)
    capsys.readouterr()
    assert main(["evaluate", str(unsealed), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(json.dumps(shown))
    assert printed["result"]["winner"] == "bid-a"
