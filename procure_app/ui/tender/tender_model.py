"""A Qt tree model over the tender's outline (:mod:`procure_app.core.tender.outline`): sections, then clauses.

The model holds no copy of the data: each row reads the core objects. :meth:`set_outline` replaces
the whole outline inside a model reset (at each edit and each check; an outline has at most a few
hundred rows).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, Qt
from PySide6.QtGui import QFont

from ...core.tender.outline import OutlineClause, OutlineSection
from ..tree_model import AnyIndex, TwoLevelTreeModel

__all__ = ["TenderOutlineModel", "CLAUSE_ID_ROLE", "COLUMNS"]

CLAUSE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = (
    QCoreApplication.translate("TenderOutlineModel", "Outline"),
    QCoreApplication.translate("TenderOutlineModel", "Kind"),
    QCoreApplication.translate("TenderOutlineModel", "Source"),
)


class TenderOutlineModel(TwoLevelTreeModel):
    """Two levels: numbered sections, and under each its numbered clauses in tender order."""

    COLUMNS = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sections: tuple[OutlineSection, ...] = ()
        self._bold = QFont()
        self._bold.setBold(True)

    def set_outline(self, outline: tuple[OutlineSection, ...]) -> None:
        self.beginResetModel()
        self._sections = outline
        self.endResetModel()

    @property
    def outline(self) -> tuple[OutlineSection, ...]:
        return self._sections

    def _group_count(self) -> int:
        return len(self._sections)

    def _item_count(self, group: int) -> int:
        return len(self._sections[group].clauses)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        clause = self.clause_at(index)
        if clause is not None:
            return self._clause_data(clause, index.column(), role)
        return self._section_data(self._sections[index.row()], index.column(), role)

    def section_at(self, index: AnyIndex) -> OutlineSection | None:
        group = self._group_row(index)
        return self._sections[group] if group is not None else None

    def clause_at(self, index: AnyIndex) -> OutlineClause | None:
        position = self._item_position(index)
        if position is None:
            return None
        group, row = position
        return self._sections[group].clauses[row]

    def index_of_clause(self, clause_id: str) -> QModelIndex:
        """The row of the clause with ``clause_id`` (column 0), or an invalid index."""
        for s_row, section in enumerate(self._sections):
            for c_row, clause in enumerate(section.clauses):
                if clause.id == clause_id:
                    return self.index(c_row, 0, self.index(s_row, 0))
        return QModelIndex()

    def _section_data(self, section: OutlineSection, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            untitled = QCoreApplication.translate("TenderOutlineModel", "(no title)")
            return (f"{section.number} {section.title or untitled}", "", "")[column]
        if role == Qt.ItemDataRole.FontRole and column == 0:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return section.title
        return None

    @staticmethod
    def _clause_data(clause: OutlineClause, column: int, role: int) -> object:
        if role == CLAUSE_ID_ROLE:
            return clause.id
        if role == Qt.ItemDataRole.DisplayRole:
            return (f"{clause.number} {clause.title}", clause.kind, clause.source)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return f"{clause.title}\n{clause.id}"
        return None
