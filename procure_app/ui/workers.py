"""Run long work off the GUI thread and hand the result back on it.

The worker never touches widgets: it returns a value, and the callbacks run in the GUI thread
through a queued signal. When the window that asked for the work is closed before the work ends,
the result is dropped. :func:`run_with_progress` also hands the work a ``report(done, total, text)``
function whose calls reach the GUI thread the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

__all__ = ["run_in_background", "run_with_progress", "Report"]

Report = Callable[[int, int, str], None]


class _Bridge(QObject):
    """Carries one job's outcome to the GUI thread, and dies with the object that asked for it.

    The callbacks run from slots of the bridge itself: a queued call to a plain Python callable
    would be posted to a receiver of PySide's own and could still arrive after the window that
    asked for the work was deleted; a call to the bridge's slot is dropped with the bridge.
    """

    finished = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int, str)

    def __init__(
        self,
        parent: QObject,
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        on_progress: Report | None = None,
    ) -> None:
        super().__init__(parent)
        self._on_done, self._on_error, self._on_progress = on_done, on_error, on_progress
        self.finished.connect(self._done)
        self.failed.connect(self._broke)
        self.progress.connect(self._reported)

    @Slot(object)
    def _done(self, result: object) -> None:
        self.deleteLater()
        self._on_done(result)

    @Slot(object)
    def _broke(self, error: object) -> None:
        self.deleteLater()
        self._on_error(error)  # type: ignore[arg-type]  # the job only emits exceptions

    @Slot(int, int, str)
    def _reported(self, done: int, total: int, text: str) -> None:
        if self._on_progress is not None:
            self._on_progress(done, total, text)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], bridge: _Bridge) -> None:
        super().__init__()
        self.work = work
        self.bridge = bridge

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # noqa: BLE001  # handed to the GUI thread, which reports it
            self._emit(self.bridge.failed, exc)
        else:
            self._emit(self.bridge.finished, result)

    @staticmethod
    def _emit(signal: Any, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the bridge was deleted with its window: nobody waits for the result
            pass


def run_in_background(
    parent: QObject,
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
) -> None:
    """Run ``work()`` in the global thread pool; call ``on_done`` or ``on_error`` in the GUI thread."""
    bridge = _Bridge(parent, on_done, on_error)
    QThreadPool.globalInstance().start(_Job(work, bridge))


def run_with_progress(
    parent: QObject,
    work: Callable[[Report], Any],
    on_progress: Report,
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
) -> None:
    """As :func:`run_in_background`; ``work(report)`` may call ``report(done, total, text)`` as it goes,
    and each call reaches ``on_progress`` in the GUI thread."""
    bridge = _Bridge(parent, on_done, on_error, on_progress)

    def report(done: int, total: int, text: str) -> None:
        try:
            bridge.progress.emit(done, total, text)
        except RuntimeError:  # the window is gone
            pass

    QThreadPool.globalInstance().start(_Job(lambda: work(report), bridge))
