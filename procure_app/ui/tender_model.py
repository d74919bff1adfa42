"""A Qt tree model over an :class:`~procure_app.core.assembly.AssembledTender`: sections, then clauses.

The model holds no copy of the data: each row reads the core objects. :meth:`set_tender` replaces
the whole tender inside a model reset.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from ..core.assembly import AssembledClause, AssembledSection, AssembledTender

__all__ = ["TenderOutlineModel", "CLAUSE_ID_ROLE", "COLUMNS"]

CLAUSE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Outline", "Kind", "Source")

AnyIndex = QModelIndex | QPersistentModelIndex


class TenderOutlineModel(QAbstractItemModel):
    """Two levels: numbered sections, and under each its numbered clauses in tender order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sections: tuple[AssembledSection, ...] = ()
        self._bold = QFont()
        self._bold.setBold(True)

    def set_tender(self, tender: AssembledTender | None) -> None:
        self.beginResetModel()
        self._sections = tender.sections if tender is not None else ()
        self.endResetModel()

    # Internal pointers: 0 for a section row, section row + 1 for a clause row.
    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, child: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, 0)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._sections)
        if parent.column() != 0 or parent.internalId() != 0:
            return 0
        return len(self._sections[parent.row()].clauses)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        clause = self.clause_at(index)
        if clause is not None:
            return self._clause_data(clause, index.column(), role)
        return self._section_data(self._sections[index.row()], index.column(), role)

    def section_at(self, index: AnyIndex) -> AssembledSection | None:
        if not index.isValid() or index.internalId() != 0:
            return None
        return self._sections[index.row()]

    def clause_at(self, index: AnyIndex) -> AssembledClause | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self._sections[index.internalId() - 1].clauses[index.row()]

    def index_of_clause(self, clause_id: str) -> QModelIndex:
        """The row of the clause with ``clause_id`` (column 0), or an invalid index."""
        for s_row, section in enumerate(self._sections):
            for c_row, clause in enumerate(section.clauses):
                if clause.id == clause_id:
                    return self.index(c_row, 0, self.index(s_row, 0))
        return QModelIndex()

    def _section_data(self, section: AssembledSection, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return (f"{section.number} {section.title}", "", "")[column]
        if role == Qt.ItemDataRole.FontRole and column == 0:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return section.title
        return None

    @staticmethod
    def _clause_data(clause: AssembledClause, column: int, role: int) -> object:
        if role == CLAUSE_ID_ROLE:
            return clause.id
        if role == Qt.ItemDataRole.DisplayRole:
            return (f"{clause.number} {clause.title}", clause.kind, _source(clause))[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return f"{clause.title}\n{clause.id}"
        return None


def _source(clause: AssembledClause) -> str:
    if clause.origin != "library":
        return "custom"
    status = f" ({clause.status})" if clause.status and clause.status != "approved" else ""
    return f"v{clause.version}{status}"
