"""Loads that run in the background, of which only the newest counts.

Opening a file, reloading it after an edit elsewhere, opening another one: each starts a load in
a worker thread, and one started later makes the results of the earlier ones stale. The library,
tender and evaluation workspaces load this way; :class:`LatestLoad` is the one place that keeps
the count (and :class:`~procure_app.ui.workspace.HeldReload` the one rule for a reload during a
write).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QObject

from .workers import run_in_background

__all__ = ["LatestLoad"]

T = TypeVar("T")


class LatestLoad(Generic[T]):
    """Run loads for ``owner``; ``shown`` gets the newest load's result, ``failed`` its error.

    ``started`` and ``finished`` hear of every load, stale or not (the window counts its jobs).
    """

    def __init__(
        self,
        owner: QObject,
        *,
        started: Callable[[], None],
        finished: Callable[[], None],
        shown: Callable[[T], None],
        failed: Callable[[Exception], None],
    ) -> None:
        self.owner = owner
        self.started, self.finished, self.shown, self.failed = started, finished, shown, failed
        self.loading = False  # the newest load has not ended yet
        self._newest = 0

    def start(self, work: Callable[[], T]) -> None:
        """Run ``work`` in the background; whatever older load is still running no longer counts."""
        self._newest += 1
        number = self._newest
        self.loading = True
        self.started()
        run_in_background(
            self.owner, work, lambda result: self._ended(number, result), lambda error: self._broke(number, error)
        )

    def forget(self) -> None:
        """Let no load running now count (its result would be older than what is about to be shown)."""
        self._newest += 1
        self.loading = False

    def _ended(self, number: int, result: T) -> None:
        self.finished()
        if number == self._newest:
            self.loading = False
            self.shown(result)

    def _broke(self, number: int, error: Exception) -> None:
        self.finished()
        if number == self._newest:
            self.loading = False
            self.failed(error)
