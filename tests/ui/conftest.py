"""Fixtures for the app's tests: writable copies of the example tender and evaluation, and settings of their own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QSettings

from procure_app.ui.evaluation.evaluation_jobs import example_evaluation
from procure_app.ui.tender.tender_jobs import example_spec


@pytest.fixture
def spec_copy(tmp_path: Path) -> Path:
    """The example tender, copied to a folder of the test: a build may write its lock file there."""
    target = tmp_path / "tender" / "riverton.tender.yaml"
    target.parent.mkdir()
    shutil.copyfile(example_spec(), target)
    return target


@pytest.fixture
def evaluation_copy(tmp_path: Path) -> Path:
    """The example evaluation, copied alone to a folder of the test (it names the bundled rubric by its id)."""
    target = tmp_path / "evaluations" / "lot1.eval.yaml"
    target.parent.mkdir(parents=True)
    shutil.copyfile(example_evaluation(), target)
    return target


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path) -> Path:
    """QSettings in a folder of this test only (Qt remembers its settings folder for the whole run,
    so the HOME of the top conftest is not enough): no test sees what another one saved."""
    folder = tmp_path / "settings"
    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, str(folder))
    QSettings().clear()
    return folder


@pytest.fixture(autouse=True)
def discard_unsaved_tenders_at_teardown(monkeypatch: pytest.MonkeyPatch) -> None:
    """A window closed at the end of a test with an unsaved tender would ask Save / Discard / Cancel
    and wait for an answer; tests that care answer it themselves."""
    from procure_app.ui import dialogs

    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, name: dialogs.SaveChoice.DISCARD)


@pytest.fixture(autouse=True)
def windows_gone_at_teardown():
    """Windows a test made are closed by pytest-qt and deleted only when an event loop next runs:
    delete them now, and let the work they started end, so that none of it lands in the next test
    (where it would write that test's settings)."""
    yield
    from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool

    QThreadPool.globalInstance().waitForDone(30_000)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


@pytest.fixture(autouse=True)
def recovery_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Crash-recovery files in a folder of this test only: no test is offered another one's tender."""
    from procure_app.ui.tender import recovery_keeper

    folder = tmp_path / "recovery"
    monkeypatch.setattr(recovery_keeper, "recovery_folder", lambda: folder)
    return folder
