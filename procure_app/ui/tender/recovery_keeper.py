"""Crash recovery for the tender being edited: its unsaved text kept aside, and the offer to restore it.

:class:`RecoveryKeeper` follows the open tender's session: a second after an edit pauses it writes
the whole text to a recovery file (see :mod:`procure_app.core.tender.recovery`), and it removes the
file when the tender is saved, discarded or closed. Each file has a lock beside it held while its
tender is open (``QLockFile``, which tells a lock left by a crashed process from one held by a
running Procure), so a second Procure window never offers to restore a tender that is still open
in the first.

:class:`RecoveryBanner` makes the offer at the top of the Tender tab: it is not a dialog, so
nothing the officer types is taken by it.
"""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, QLockFile, QObject, QStandardPaths, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ...core.base.atomic import WriteError
from ...core.tender.recovery import (
    RECOVERY_SUFFIX,
    RecoveredTender,
    UnreadableRecovery,
    discard_recovery,
    find_recovered,
    keep_for_recovery,
    recovery_file,
)
from ..widgets import style_as_warning
from .spec_session import SpecSession

__all__ = ["KEEP_DELAY_MS", "RecoveryBanner", "RecoveryKeeper", "recovery_folder"]

log = logging.getLogger(__name__)

KEEP_DELAY_MS = 1000  # after the typing pauses; a crash loses at most the last second's keystrokes


def recovery_folder() -> Path:
    """The folder of recovery files in the user's data folder (per user, never the spec's folder)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".procure") / "recovery"


def _lock_for(file: Path) -> QLockFile:
    lock = QLockFile(str(file.with_name(file.name.removesuffix(RECOVERY_SUFFIX) + ".lock")))
    lock.setStaleLockTime(0)  # stale only when its process is gone, however long a tender stays open
    return lock


class RecoveryKeeper(QObject):
    """Keeps the unsaved text of the session it follows; ``failed(message)`` when it cannot."""

    failed = Signal(str)

    def __init__(self, parent: QObject, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.folder = folder or recovery_folder()
        self.session: SpecSession | None = None
        self.file: Path | None = None  # the open tender's recovery file, once written
        self._key = ""
        self._lock: QLockFile | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(KEEP_DELAY_MS)
        self._timer.timeout.connect(self.keep_now)
        self._reported = False

    def follow(self, session: SpecSession | None) -> None:
        """Keep ``session`` from now on (the tender before it was saved, discarded or closed)."""
        if self.session is not None:
            self.session.changed.disconnect(self._timer.start)
        self.drop()
        self.session = session
        if session is not None:
            session.changed.connect(self._timer.start)  # kept from its first edit on

    def keep_now(self) -> None:
        """Write the text now if it has unsaved changes, or remove the file if it has none."""
        self._timer.stop()
        session = self.session
        if session is None or not session.modified:
            self.drop()
            return
        document = session.document
        try:
            if self._lock is None:  # the first keep of this tender: its own file, locked while it is open
                key = uuid.uuid4().hex
                self.folder.mkdir(parents=True, exist_ok=True)
                self._lock = _lock_for(recovery_file(self.folder, key))
                self._lock.tryLock(0)
                self._key = key
            self.file = keep_for_recovery(self.folder, self._key, document.path, document.text, document.disk_state)
        except (OSError, WriteError) as problem:
            log.warning("the unsaved tender could not be kept for recovery: %s", problem)
            if not self._reported:  # said once, not at every pause in the typing
                self._reported = True
                self.failed.emit(
                    self.tr("Unsaved changes cannot be kept for recovery in {folder}: {problem}").format(
                        folder=self.folder, problem=problem
                    )
                )

    def drop(self) -> None:
        """Remove the recovery file of the tender followed (it was saved, discarded or closed)."""
        self._timer.stop()
        if self.file is not None:
            try:
                discard_recovery(self.file)
            except OSError as problem:
                log.warning("the recovery file %s could not be removed: %s", self.file, problem)
            self.file = None
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    def left_by_crashes(self) -> tuple[list[RecoveredTender], list[UnreadableRecovery]]:
        """What earlier runs left and no running Procure holds, newest first; and files that could not be read."""
        found, unreadable = find_recovered(self.folder)
        abandoned: list[RecoveredTender] = []
        for item in found:
            if item.file == self.file:
                continue
            lock = _lock_for(item.file)
            if lock.tryLock(0):  # no live process holds it: left by one that ended without cleaning up
                lock.unlock()
                abandoned.append(item)
        return abandoned, unreadable


def _tr(text: str) -> str:
    return QCoreApplication.translate("RecoveryBanner", text)


class RecoveryBanner(QFrame):
    """The offer to restore one tender left unsaved; ``restore`` and ``discard`` carry it."""

    restore = Signal(object)  # RecoveredTender
    discard = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item: RecoveredTender | None = None
        style_as_warning(self, "recoveryBanner")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAccessibleName(_tr("Unsaved tender found"))
        self.restore_button = QPushButton(_tr("&Restore"))
        self.restore_button.setToolTip(_tr("Open the tender with the changes that were not saved"))
        self.discard_button = QPushButton(_tr("Discard"))
        self.discard_button.setToolTip(_tr("Delete the unsaved changes for good"))
        self.dismiss_button = QPushButton(_tr("&Dismiss"))
        self.restore_button.clicked.connect(lambda: self.item is not None and self.restore.emit(self.item))
        self.discard_button.clicked.connect(lambda: self.item is not None and self.discard.emit(self.item))
        self.dismiss_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.restore_button)
        layout.addWidget(self.discard_button)
        layout.addWidget(self.dismiss_button)
        self.hide()

    def offer(
        self, item: RecoveredTender | None, more: int = 0, unreadable: tuple[UnreadableRecovery, ...] = ()
    ) -> None:
        """Offer ``item`` (``more`` others wait their turn) and name the files that could not be read;
        hidden when there is neither."""
        self.item = item
        words: list[str] = []
        if item is not None:
            kept = QDateTime.fromSecsSinceEpoch(int(item.kept_at.timestamp()))
            when = QLocale().toString(kept, QLocale.FormatType.ShortFormat)
            where = str(item.spec_path) if item.spec_path is not None else _tr("a new tender, never saved")
            words.append(
                _tr(
                    "Procure closed before changes to {name} were saved ({where}, last kept {when}). "
                    "Restore them, or discard them?"
                ).format(name=item.name, where=where, when=when)
            )
            if more:
                words.append(_tr("{count} more unsaved tenders are waiting after this one.").format(count=more))
        for bad in unreadable:
            words.append(
                _tr("The recovery file {file} {reason}; it was left where it is.").format(
                    file=bad.file, reason=bad.reason
                )
            )
        self.restore_button.setVisible(item is not None)
        self.discard_button.setVisible(item is not None)
        self.dismiss_button.setVisible(item is None)
        self.text.setText(" ".join(words))
        self.setVisible(bool(words))
