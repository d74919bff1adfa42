"""The Checks panel: the problems and drafting warnings of a tender, each at its file and line.

Activating a row (double-click, or Enter) copies ``path:line`` to the clipboard, ready to paste
into an editor's "go to" box, and tells the window so that it can say so.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.base.diagnostics import Diagnostic

__all__ = ["ChecksPanel", "DIAGNOSTIC_ROLE", "location"]

DIAGNOSTIC_ROLE = Qt.ItemDataRole.UserRole + 1
HEADERS = (
    QT_TRANSLATE_NOOP("ChecksPanel", "Severity"),
    QT_TRANSLATE_NOOP("ChecksPanel", "Rule"),
    QT_TRANSLATE_NOOP("ChecksPanel", "Where"),
    QT_TRANSLATE_NOOP("ChecksPanel", "Message"),
)


def location(diagnostic: Diagnostic) -> str:
    """``path:line``, as editors and terminals understand it."""
    return f"{diagnostic.path}:{diagnostic.line}"


class ChecksPanel(QWidget):
    """A one-line verdict above the list of checks."""

    location_copied = Signal(str)
    fix_chosen = Signal(int)  # the index of the fix offered for the check selected

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([QCoreApplication.translate("ChecksPanel", str(header)) for header in HEADERS])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setAccessibleName(self.tr("Checks"))
        self.tree.setAccessibleDescription(
            self.tr("Problems and drafting warnings; press Enter to copy the file and line")
        )
        self.tree.itemActivated.connect(self._activated)
        # The one-click fixes for the check selected ("Add exit-plan and exit-data-export").
        self.fixes = QWidget()
        self._fix_layout = QHBoxLayout(self.fixes)
        self._fix_layout.setContentsMargins(0, 0, 0, 0)
        self.fix_buttons: list[QPushButton] = []
        self.fixes.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.verdict)
        layout.addWidget(self.fixes)  # above the list: a short panel would cut off what is below it
        layout.addWidget(self.tree)

    def show_fixes(self, labels: list[str]) -> None:
        """Offer a button per fix of the check selected (none: the bar is hidden)."""
        for button in self.fix_buttons:
            button.deleteLater()
        self.fix_buttons = []
        while self._fix_layout.count():
            self._fix_layout.takeAt(0)
        self._fix_layout.addWidget(QLabel(self.tr("Fix:")))
        for index, label in enumerate(labels):
            button = QPushButton(label)
            button.setToolTip(self.tr("One undoable step (Edit › Undo)"))
            button.clicked.connect(lambda _checked=False, chosen=index: self.fix_chosen.emit(chosen))
            self._fix_layout.addWidget(button)
            self.fix_buttons.append(button)
        self._fix_layout.addStretch(1)
        self.fixes.setVisible(bool(labels))

    def set_checks(self, checks: list[Diagnostic], buildable: bool) -> None:
        self.show_fixes([])
        self.tree.clear()
        style = self.style()
        icons = {
            True: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            False: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
        }
        for d in checks:
            item = QTreeWidgetItem([d.severity.value, d.rule, f"{d.path.name}:{d.line}", d.message])
            item.setIcon(0, icons[d.is_error])
            item.setToolTip(2, str(d.path))
            item.setToolTip(3, d.message)
            item.setData(0, DIAGNOSTIC_ROLE, d)
            self.tree.addTopLevelItem(item)
        if not checks:
            placeholder = QTreeWidgetItem(["", "", "", self.tr("Nothing to fix: every check passed.")])
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.tree.addTopLevelItem(placeholder)
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        self.verdict.setText(_verdict(checks, buildable))
        self.verdict.setStyleSheet("" if buildable else "color: #a40000; font-weight: bold;")

    def clear(self, text: str = "") -> None:
        self.tree.clear()
        self.verdict.setText(text)
        self.verdict.setStyleSheet("")

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        diagnostic = item.data(0, DIAGNOSTIC_ROLE)
        if isinstance(diagnostic, Diagnostic):
            where = location(diagnostic)
            QGuiApplication.clipboard().setText(where)
            self.location_copied.emit(where)


def _verdict(checks: list[Diagnostic], buildable: bool) -> str:
    errors = sum(1 for d in checks if d.is_error)
    warnings = len(checks) - errors
    if not buildable:
        return f"✗ The tender cannot be built: {_count(errors, 'error')}, {_count(warnings, 'warning')}."
    if warnings:
        return f"✓ Ready to build, with {_count(warnings, 'warning')} worth a look (they do not block the build)."
    return "✓ Ready to build: no problems and no drafting warnings."


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"
