"""A Qt tree model over a :class:`~procure_app.core.library.ClauseLibrary`: categories, then clauses.

The model holds no copy of the data: each row reads the core objects. :meth:`set_library`
replaces the whole library inside a model reset.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ..core.library import Category, Clause, ClauseLibrary

__all__ = ["LibraryTreeModel", "CLAUSE_ROLE", "SEARCH_ROLE", "COLUMNS"]

CLAUSE_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2  # what the filter box matches: title and id
COLUMNS = ("Title", "Kind", "Status", "Version")

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class _CategoryRow:
    category: Category
    clauses: tuple[Clause, ...]


class LibraryTreeModel(QAbstractItemModel):
    """Two levels: category rows, and under each the clauses of that category in library order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_CategoryRow] = []

    def set_library(self, library: ClauseLibrary | None) -> None:
        self.beginResetModel()
        self._rows = _group(library) if library is not None else []
        self.endResetModel()

    # Internal pointers: 0 for a category row, category row + 1 for a clause row.
    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, child: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not child.isValid():
            return QModelIndex()
        pointer = child.internalId()
        if pointer == 0:
            return QModelIndex()
        return self.createIndex(pointer - 1, 0, 0)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._rows)
        if parent.column() != 0 or parent.internalId() != 0:
            return 0
        return len(self._rows[parent.row()].clauses)

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
        pointer = index.internalId()
        if pointer == 0:
            return self._category_data(self._rows[index.row()], index.column(), role)
        clause = self._rows[pointer - 1].clauses[index.row()]
        return self._clause_data(clause, index.column(), role)

    def clause_at(self, index: AnyIndex) -> Clause | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self._rows[index.internalId() - 1].clauses[index.row()]

    @staticmethod
    def _category_data(row: _CategoryRow, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole and column == 0:
            return f"{row.category.title} ({len(row.clauses)})"
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.category.description or None
        if role == SEARCH_ROLE:
            return row.category.title
        return None

    @staticmethod
    def _clause_data(clause: Clause, column: int, role: int) -> object:
        if role == CLAUSE_ROLE:
            return clause.id
        if role == SEARCH_ROLE:
            return f"{clause.title} {clause.id}"
        if role == Qt.ItemDataRole.DisplayRole:
            return (clause.title, clause.kind, clause.status, clause.version)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return clause.id
        return None


def _group(library: ClauseLibrary) -> list[_CategoryRow]:
    rows = [_CategoryRow(category, tuple(library.in_category(category.id))) for category in library.categories]
    declared = {category.id for category in library.categories}
    for orphan in sorted({c.category for c in library.clauses} - declared):
        rows.append(_CategoryRow(Category(orphan, orphan), tuple(library.in_category(orphan))))
    return rows
