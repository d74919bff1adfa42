"""What every workspace controller shares: what it asks of the window, its actions, its reloads.

A workspace (the Tender, Clause library, Evaluation and Project tabs) is a folder under ``ui/``
with a controller, its views and its models. The controller owns the workspace's state and
actions; the window (:mod:`.main_window`) is the shell that holds the tabs, menus and status bar,
and answers what :class:`WorkspaceHost` asks.

:class:`HeldReload` is the one rule for a file that changes on disk while the workspace writes
(building a tender, exporting an evaluation): the reload waits until the write has ended.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

__all__ = ["HeldReload", "WorkspaceHost", "make_action"]


class WorkspaceHost(Protocol):
    """What a workspace controller needs of the window around it."""

    def job_started(self) -> None:
        """Background work began (the window shows it is busy and may disable actions)."""

    def job_finished(self) -> None:
        """Background work ended."""

    def workspace_changed(self) -> None:
        """What the workspace shows changed: the window title and the enabled actions follow."""

    def reveal(self, view: QWidget) -> None:
        """Bring the tab holding ``view`` to the front."""


def make_action(
    parent: QObject, text: str, keys: str | Sequence[str], slot: Callable[[], object], tip: str = ""
) -> QAction:
    """A menu action with its shortcuts written out (some platforms lack a standard key for Quit or Find)."""
    action = QAction(text, parent)
    action.setShortcuts([QKeySequence(key) for key in ([keys] if isinstance(keys, str) else keys)])
    action.triggered.connect(slot)
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    return action


class HeldReload:
    """Reload a workspace's file now, or, while the workspace is writing, once the write has ended."""

    def __init__(self, reload: Callable[[], None]) -> None:
        self._reload = reload
        self.writing = False
        self._pending = False

    def request(self) -> None:
        """The file changed on disk: read it again (after the write in progress, if any)."""
        if self.writing:
            self._pending = True
        else:
            self._reload()

    def write_started(self) -> None:
        self.writing = True

    def write_ended(self) -> None:
        """The write ended (written or not); the workspace shows its outcome, then calls :meth:`catch_up`."""
        self.writing = False

    def catch_up(self) -> None:
        """Make the reload asked for during the write, if there was one."""
        if self._pending and not self.writing:
            self._pending = False
            self._reload()
