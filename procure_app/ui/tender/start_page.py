"""The start page: what the Tender tab shows when no tender is open.

New tender (blank, or from a starter), Open, Open the example, and the tenders and projects opened
lately: a file that is gone is marked and cannot be opened, and one entry or the whole list can be
removed. The page only says what was chosen (its signals); the controller opens it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.tender.starters import STARTERS, Starter
from .. import recent_files

__all__ = ["StartPage"]

PATH_ROLE = Qt.ItemDataRole.UserRole
KIND_ROLE = Qt.ItemDataRole.UserRole + 1


def _tr(text: str) -> str:
    return QCoreApplication.translate("StartPage", text)


def _starter_words(starter: Starter) -> tuple[str, str]:
    """A starter's name and description, as the start page shows them."""
    words = {
        "data-platform-sensors": (
            _tr("&Data platform and sensors"),
            _tr(
                "An open data platform with connected sensors in public space: open standards and "
                "source, data governance, IoT security, sensor lifecycle and exit."
            ),
        ),
        "software-as-a-service": (
            _tr("&Software as a service"),
            _tr(
                "A hosted application the city subscribes to: open interfaces, accessibility, data "
                "protection and location, service levels, fair termination and a tested exit."
            ),
        ),
        "hardware-supply": (
            _tr("Hard&ware supply"),
            _tr(
                "Devices bought, installed and maintained: open standards, device security, carbon, "
                "spare parts and repair, take-back at the end of life, fair labour in the supply chain."
            ),
        ),
    }
    return words.get(starter.key, (starter.key, ""))


def _shown_folder(folder: Path) -> str:
    """The folder as an officer reads it: under the home folder, starting with ~."""
    try:
        return str(Path("~") / folder.relative_to(Path.home()))
    except ValueError:
        return str(folder)


class StartPage(QWidget):
    """The choices of the start page; each signal carries what was chosen."""

    new_blank = Signal()
    new_from_starter = Signal(object)  # Starter
    open_file = Signal()
    open_example = Signal()
    open_recent = Signal(str, object)  # kind, Path

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(_tr("<h1>Start a tender</h1>"))
        intro = QLabel(
            _tr(
                "Make a new tender, or open one you are working on. Starters begin with the clauses "
                "that kind of purchase usually needs, taken from the example tender with its values."
            )
        )
        intro.setWordWrap(True)
        self.blank_button = QCommandLinkButton(
            _tr("&Blank tender"), _tr("Only the fields every tender needs; you add the clauses.")
        )
        self.blank_button.clicked.connect(self.new_blank.emit)
        self.starter_buttons: list[QCommandLinkButton] = []
        new_column = QVBoxLayout()
        new_column.addWidget(QLabel(_tr("<h3>New tender</h3>")))
        new_column.addWidget(self.blank_button)
        for starter in STARTERS:
            name, description = _starter_words(starter)
            button = QCommandLinkButton(name, description)
            button.clicked.connect(lambda _checked=False, s=starter: self.new_from_starter.emit(s))
            self.starter_buttons.append(button)
            new_column.addWidget(button)
        new_column.addSpacing(12)
        new_column.addWidget(QLabel(_tr("<h3>Open</h3>")))
        self.open_button = QCommandLinkButton(_tr("&Open a tender spec…"), _tr("A .tender.yaml file (Ctrl+O)"))
        self.open_button.clicked.connect(self.open_file.emit)
        self.example_button = QCommandLinkButton(
            _tr("Open the e&xample"), _tr("The City of Riverton's data platform tender, in three lots")
        )
        self.example_button.clicked.connect(self.open_example.emit)
        new_column.addWidget(self.open_button)
        new_column.addWidget(self.example_button)
        new_column.addStretch(1)

        self.recent = QListWidget()
        self.recent.setAccessibleName(_tr("Recent tenders and projects"))
        self.recent.setAlternatingRowColors(True)
        self.recent.setStyleSheet("QListWidget::item { padding: 6px 4px; }")
        self.recent.itemActivated.connect(self._activated)
        self.recent.currentItemChanged.connect(lambda *_: self._update_buttons())
        recent_label = QLabel(_tr("<h3>&Recent tenders and projects</h3>"))
        recent_label.setBuddy(self.recent)
        self.open_recent_button = QPushButton(_tr("Open"))
        self.open_recent_button.clicked.connect(lambda: self._activated(self.recent.currentItem()))
        self.remove_button = QPushButton(_tr("Re&move from List"))
        self.remove_button.clicked.connect(self._remove_current)
        self.clear_button = QPushButton(_tr("&Clear List"))
        self.clear_button.clicked.connect(self._clear)
        QShortcut(QKeySequence.StandardKey.Delete, self.recent, self._remove_current, Qt.ShortcutContext.WidgetShortcut)
        buttons = QHBoxLayout()
        for list_button in (self.open_recent_button, self.remove_button, self.clear_button):
            buttons.addWidget(list_button)
        buttons.addStretch(1)
        recent_column = QVBoxLayout()
        recent_column.addWidget(recent_label)
        recent_column.addWidget(self.recent, 1)
        recent_column.addLayout(buttons)

        grid = QGridLayout(self)
        grid.setContentsMargins(32, 24, 32, 24)
        grid.setHorizontalSpacing(40)
        grid.addWidget(title, 0, 0, 1, 2)
        grid.addWidget(intro, 1, 0, 1, 2)
        grid.addLayout(new_column, 2, 0)
        grid.addLayout(recent_column, 2, 1)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        self.refresh()

    def refresh(self) -> None:
        """List the recent tenders and projects as they are now (a file gone is marked missing)."""
        self.recent.clear()
        kinds = {"tender": _tr("Tender"), "project": _tr("Project")}
        for entry in recent_files.read_recent():
            if entry.kind not in kinds:
                continue
            heading = f"{entry.path.name}  —  {kinds[entry.kind]}"
            if not entry.exists:
                heading += "  " + _tr("(missing)")
            text = f"{heading}\n{_shown_folder(entry.path.parent)}"
            item = QListWidgetItem(text)
            item.setData(PATH_ROLE, str(entry.path))
            item.setData(KIND_ROLE, entry.kind)
            item.setToolTip(
                str(entry.path) if entry.exists else _tr("{path} is not there any more").format(path=entry.path)
            )
            if not entry.exists:
                item.setForeground(self.palette().placeholderText())
            self.recent.addItem(item)
        if self.recent.count():
            self.recent.setCurrentRow(0)
        else:
            placeholder = QListWidgetItem(_tr("No recent tenders or projects yet."))
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(placeholder)
        self._update_buttons()

    def _entry(self, item: QListWidgetItem | None) -> tuple[str, Path] | None:
        if item is None or not item.data(PATH_ROLE):
            return None
        return str(item.data(KIND_ROLE)), Path(str(item.data(PATH_ROLE)))

    def _update_buttons(self) -> None:
        entry = self._entry(self.recent.currentItem())
        self.open_recent_button.setEnabled(entry is not None and entry[1].is_file())
        self.remove_button.setEnabled(entry is not None)
        self.clear_button.setEnabled(self._entry(self.recent.item(0)) is not None)  # the list is not empty

    def _activated(self, item: QListWidgetItem | None) -> None:
        entry = self._entry(item)
        if entry is not None and entry[1].is_file():
            self.open_recent.emit(entry[0], entry[1])

    def _remove_current(self) -> None:
        entry = self._entry(self.recent.currentItem())
        if entry is not None:
            row = self.recent.currentRow()
            recent_files.forget(entry[1])
            self.refresh()
            self.recent.setCurrentRow(min(row, self.recent.count() - 1))

    def _clear(self) -> None:
        recent_files.forget_all()
        self.refresh()
