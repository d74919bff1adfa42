"""The dialogs of the Project tab: a list or table to read before confirming, and the audit log.

The window never runs these itself: it goes through the functions of :mod:`.dialogs`, which tests
patch. The audit log is not modal: it stays open beside the window and follows the project.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.audit.chain import AuditEntry
from .project_model import AuditModel

__all__ = ["DetailsDialog", "AuditLogDialog"]


def _label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class DetailsDialog(QDialog):
    """``intro``, then a table (``headers`` and ``rows``) and/or a list of ``lines``, then the buttons.

    With an ``ok_text`` the dialog asks (OK / Cancel, Cancel being the default); without one it only
    shows (Close).
    """

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        intro: str,
        *,
        headers: Sequence[str] = (),
        rows: Sequence[Sequence[str]] = (),
        lines: Sequence[str] = (),
        ok_text: str = "",
        note: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumSize(640, 360)
        self.resize(1120 if headers else 760, 620 if headers else 440)
        layout = QVBoxLayout(self)
        layout.addWidget(_label(intro))
        self.table: QTableWidget | None = None
        self.list: QListWidget | None = None
        if headers:
            self.table = self._table(headers, rows)
            layout.addWidget(self.table, 1)
        if lines:
            self.list = QListWidget()
            self.list.addItems(list(lines))
            self.list.setWordWrap(True)
            self.list.setAccessibleName(title)
            layout.addWidget(self.list, 1)
        if note:
            layout.addWidget(_label(note))
        if ok_text:
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
            ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
            ok.setText(ok_text)
            ok.setAutoDefault(False)
            cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
            cancel.setDefault(True)  # Enter does not confirm by accident
        else:
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.buttons = buttons

    def _table(self, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> QTableWidget:
        table = QTableWidget(len(rows), len(headers))
        table.setHorizontalHeaderLabels(list(headers))
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(True)
        table.setAlternatingRowColors(True)
        table.setAccessibleName(self.windowTitle())
        for row, cells in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                table.setItem(row, column, item)
        header = table.horizontalHeader()
        table.resizeColumnsToContents()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column in range(len(headers)):
            header.resizeSection(column, min(header.sectionSize(column), 300))
        header.setStretchLastSection(True)
        table.resizeRowsToContents()
        return table


class AuditLogDialog(QDialog):
    """Every audit entry of the project, newest first; read-only, and not modal."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Audit Log")
        self.resize(1100, 600)
        self.verdict = _label("")
        self.table = QTableView()
        self.table.setAccessibleName("Audit log")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.model = AuditModel(self)
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def set_entries(self, entries: list[AuditEntry], verdict: str, *, sealed: bool) -> None:
        self.model.set_entries(entries, sealed=sealed)
        self.verdict.setText(verdict)
        header = self.table.horizontalHeader()
        self.table.resizeColumnsToContents()
        for column, widest in ((3, 220), (4, 300)):
            header.resizeSection(column, min(header.sectionSize(column), widest))
