"""Background work hands its result back to the window that asked, and never to one already closed."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, QThreadPool
from PySide6.QtWidgets import QApplication

from procure_app.ui.workers import run_in_background, run_with_progress


def test_the_result_reaches_the_owner(qtbot) -> None:
    owner = QObject()
    got: list[object] = []
    run_in_background(owner, lambda: 42, got.append, got.append)
    qtbot.waitUntil(lambda: got == [42], timeout=5_000)


def test_an_error_reaches_the_owner(qtbot) -> None:
    owner = QObject()
    errors: list[Exception] = []

    def broken() -> None:
        raise ValueError("no such file")

    run_in_background(owner, broken, lambda result: None, errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=5_000)
    assert str(errors[0]) == "no such file"


def test_progress_reaches_the_owner(qtbot) -> None:
    owner = QObject()
    steps: list[tuple[int, int, str]] = []
    done: list[object] = []

    def work(report) -> str:
        report(1, 2, "first")
        report(2, 2, "second")
        return "ok"

    run_with_progress(owner, work, lambda *step: steps.append(step), done.append, done.append)
    qtbot.waitUntil(lambda: done == ["ok"], timeout=5_000)
    assert steps == [(1, 2, "first"), (2, 2, "second")]


def test_a_result_that_arrives_after_its_owner_was_deleted_is_dropped(qtbot) -> None:
    # The job ends (its result is already queued for the GUI thread), then the window that asked
    # is deleted before the queue is served: nothing may call into the deleted window.
    owner = QObject()
    called: list[object] = []
    run_in_background(owner, lambda: "late", called.append, called.append)
    run_with_progress(owner, lambda report: report(1, 1, "step") or "late", called.append, called.append, called.append)
    assert QThreadPool.globalInstance().waitForDone(5_000)
    shiboken6.delete(owner)
    for _ in range(5):
        QApplication.processEvents()
    assert called == []
