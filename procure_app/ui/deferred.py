"""Run a function once the event loop is back, but only while its owner still exists.

``QTimer.singleShot(msec, context, callable)`` does this in recent PySide6 releases only; the
timer here is a child of the owner, so it dies with it on every version the project supports.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

__all__ = ["call_later"]


def call_later(owner: QObject, function: Callable[[], object], msec: int = 0) -> None:
    """Call ``function`` after ``msec`` milliseconds, unless ``owner`` was destroyed by then."""
    timer = QTimer(owner)
    timer.setSingleShot(True)

    def fire() -> None:
        timer.deleteLater()
        function()

    timer.timeout.connect(fire)
    timer.start(msec)
