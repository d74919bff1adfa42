"""Run long work off the GUI thread and hand the result back on it.

The worker never touches widgets: it returns a value, and the callbacks run in the GUI thread
through a queued signal. When the window that asked for the work is closed before the work ends,
the result is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

__all__ = ["run_in_background"]


class _Bridge(QObject):
    finished = Signal(object)
    failed = Signal(object)


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
    bridge = _Bridge(parent)
    bridge.finished.connect(on_done)
    bridge.failed.connect(on_error)
    bridge.finished.connect(bridge.deleteLater)
    bridge.failed.connect(bridge.deleteLater)
    QThreadPool.globalInstance().start(_Job(work, bridge))
