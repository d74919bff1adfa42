"""The Coverage panel: which principles of the guidelines (and actions of pillar 2.2.4) the tender covers.

One row per pillar with covered/total; under it one row per principle or action, with the clauses
that cite it, or, for a gap, the principle's summary. Activating a covered row asks the window to
show the first clause that cites it.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from ...core.tender.coverage import FULL_PILLAR, Coverage, CoverageRow

__all__ = ["CoverageTree", "ROW_ROLE"]

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
HEADERS = (
    QT_TRANSLATE_NOOP("CoverageTree", "Guidelines"),
    QT_TRANSLATE_NOOP("CoverageTree", "Covered"),
    QT_TRANSLATE_NOOP("CoverageTree", "Clauses that cite it, or what is missing"),
)
_GAP = QColor("#8a5300")


class CoverageTree(QTreeWidget):
    clause_requested = Signal(str)  # the id of a clause to show

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels([QCoreApplication.translate("CoverageTree", str(header)) for header in HEADERS])
        self.setAlternatingRowColors(True)
        self.setAccessibleName("Guidelines coverage")
        self.setAccessibleDescription("Each pillar of the guidelines with the clauses that cover its principles")
        self.itemActivated.connect(self._activated)

    def set_coverage(self, coverage: Coverage | None, empty_text: str = "") -> None:
        self.clear()
        if coverage is None:
            placeholder = QTreeWidgetItem([empty_text])
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addTopLevelItem(placeholder)
            placeholder.setFirstColumnSpanned(True)
            return
        for pillar in coverage.by_pillar():
            top = QTreeWidgetItem([f"{pillar.pillar} {pillar.title}", f"{pillar.covered} of {pillar.total}"])
            top.setToolTip(0, f"{pillar.pillar} {pillar.title}")
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.addTopLevelItem(top)
            for row in coverage.rows:
                if row.pillar == pillar.pillar:
                    top.addChild(_row_item(row))
            top.setExpanded(pillar.pillar == FULL_PILLAR)
        self.setColumnWidth(0, 470)  # the longest pillar title, in bold
        self.resizeColumnToContents(1)

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        row = item.data(0, ROW_ROLE)
        if isinstance(row, CoverageRow) and row.clauses:
            self.clause_requested.emit(row.clauses[0].split(" ", 1)[-1])


def _row_item(row: CoverageRow) -> QTreeWidgetItem:
    level = "Action" if row.level == "action" else "Principle"
    if row.covered:
        item = QTreeWidgetItem([row.ref, "✓", ", ".join(row.clauses)])
        item.setToolTip(2, "\n".join(row.clauses))
    else:
        item = QTreeWidgetItem([row.ref, "gap", row.title])
        item.setForeground(1, QBrush(_GAP))
        item.setForeground(2, QBrush(_GAP))
        item.setToolTip(2, row.title)
    item.setToolTip(0, f"{level} {row.ref}: {row.title}")
    item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    item.setData(0, ROW_ROLE, row)
    return item
