"""The files opened lately (tenders, evaluations, projects), newest first, and the File › Recent Files menu.

The list is kept in the settings as JSON. It is read defensively: settings written by another
version, or edited by hand, give a shorter list, never an error. A file that is gone stays listed,
marked missing, until the user clears it, so that a file on a disconnected drive is not forgotten.
Bundled files (the examples) are not listed: they have their own Open Example entries.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from .. import paths
from . import settings

__all__ = ["KINDS", "MAX_RECENT", "RecentFile", "RecentMenu", "forget", "forget_all", "read_recent", "remember"]

KINDS = ("tender", "evaluation", "project")
MAX_RECENT = 12
FOLDER_CHARS = 60  # a menu entry shows at most this much of a file's folder


@dataclass(frozen=True)
class RecentFile:
    kind: str  # one of KINDS
    path: Path

    @property
    def exists(self) -> bool:
        return self.path.is_file()


def read_recent() -> list[RecentFile]:
    """The list as stored, newest first (unreadable entries left out)."""
    try:
        stored = json.loads(settings.RECENT_FILES.read() or "[]")
    except ValueError:
        return []
    found: list[RecentFile] = []
    for item in stored if isinstance(stored, list) else []:
        if isinstance(item, dict) and item.get("kind") in KINDS and isinstance(item.get("path"), str) and item["path"]:
            found.append(RecentFile(item["kind"], Path(item["path"])))
    return found[:MAX_RECENT]


def _write(entries: list[RecentFile]) -> None:
    settings.RECENT_FILES.write(json.dumps([{"kind": e.kind, "path": str(e.path)} for e in entries[:MAX_RECENT]]))


def remember(kind: str, path: Path) -> None:
    """Put ``path`` at the top of the list (once); bundled files are not remembered."""
    if paths.is_bundled(path):
        return
    path = path.expanduser().resolve()
    _write([RecentFile(kind, path), *(e for e in read_recent() if e.path != path)])


def forget(path: Path) -> None:
    """Take ``path`` off the list."""
    _write([e for e in read_recent() if e.path != path])


def forget_all() -> None:
    _write([])


def _tr(text: str) -> str:
    return QCoreApplication.translate("RecentMenu", text)


class RecentMenu:
    """File › Recent Files, made in ``parent`` (the File menu, which owns it) and filled each time it
    opens; ``opened(kind, path)`` opens a chosen file, and ``may_open()`` says whether files may be
    opened now."""

    def __init__(
        self, parent: QMenu, opened: Callable[[str, Path], None], *, may_open: Callable[[], bool] = lambda: True
    ) -> None:
        self.menu = parent.addMenu(_tr("Recent &Files"))
        self._opened, self._may_open = opened, may_open
        self._shown: list[RecentFile] = []
        # A fixed set of actions, made once and only relabelled: the menu's actions are never
        # deleted and made again while the app runs.
        self._slots = [self.menu.addAction("") for _ in range(MAX_RECENT)]
        self._none = self.menu.addAction(_tr("No recent files"))
        self._none.setEnabled(False)
        self.menu.addSeparator()
        self._clear = self.menu.addAction(_tr("&Clear Recent Files"))
        self.menu.aboutToShow.connect(self.refresh)
        self.menu.triggered.connect(self._chosen)
        self.refresh()

    def refresh(self) -> None:
        entries = read_recent()
        may_open = self._may_open()
        kinds = {"tender": _tr("Tender"), "evaluation": _tr("Evaluation"), "project": _tr("Project")}
        for number, slot in enumerate(self._slots, start=1):
            if number > len(entries):
                slot.setVisible(False)
                continue
            entry = entries[number - 1]
            # An accelerator for the first nine, as office programs number their recent files.
            prefix = f"&{number} " if number < 10 else ""
            folder = str(entry.path.parent)
            if len(folder) > FOLDER_CHARS:  # the end of a long folder tells files apart; the tooltip has all of it
                folder = "…" + folder[-(FOLDER_CHARS - 1) :]
            text = f"{prefix}{entry.path.name} — {kinds[entry.kind]} ({folder})"
            if not entry.exists:
                text += " " + _tr("(missing)")
            slot.setText(text)
            slot.setToolTip(str(entry.path))
            slot.setEnabled(entry.exists and may_open)
            slot.setVisible(True)
        self._shown = entries
        self._none.setVisible(not entries)
        self._clear.setEnabled(bool(entries))

    def _chosen(self, action: QAction) -> None:
        if action is self._clear:
            forget_all()
            self.refresh()
            return
        for position, slot in enumerate(self._slots[: len(self._shown)]):
            if slot is action:
                entry = self._shown[position]
                self._opened(entry.kind, entry.path)
                return
