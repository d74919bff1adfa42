"""Watch the file a workspace shows (a tender spec, an evaluation file); say once when an editor saved it.

Editors save in several steps, and many save atomically (write a new file, rename it over the old
one), after which ``QFileSystemWatcher`` has forgotten the file: the watcher waits for the writes
to settle, adds the file again, then emits :attr:`FileWatcher.changed`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

__all__ = ["FileWatcher"]


class FileWatcher(QObject):
    changed = Signal()

    def __init__(self, parent: QObject | None = None, settle_ms: int = 400) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(settle_ms)
        self._timer.timeout.connect(self._settled)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._file_changed)

    def watch(self, path: Path | None) -> None:
        """Watch ``path`` (and nothing else); None stops watching."""
        if self.watcher.files():
            self.watcher.removePaths(self.watcher.files())
        self.path = path
        if path is not None and path.is_file():
            self.watcher.addPath(str(path))

    def _file_changed(self, _path: str) -> None:
        self._timer.start()

    def _settled(self) -> None:
        path = self.path
        if path is None:
            return
        if path.is_file() and str(path) not in self.watcher.files():
            self.watcher.addPath(str(path))  # an atomic save replaced the file the watcher knew
        self.changed.emit()
