"""A Qt tree model over a :class:`~procure_app.core.library.clauses.ClauseLibrary`: categories, then clauses.

The model holds no copy of the data: each row reads the core objects. :meth:`set_library`
replaces the whole library inside a model reset.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt

from ...core.library.clauses import Category, Clause, ClauseLibrary
from ..tree_model import AnyIndex, TwoLevelTreeModel

__all__ = ["LibraryTreeModel", "CLAUSE_ROLE", "SEARCH_ROLE", "COLUMNS"]

CLAUSE_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2  # what the filter box matches: title and id
COLUMNS = ("Title", "Kind", "Status", "Version")


@dataclass(frozen=True)
class _CategoryRow:
    category: Category
    clauses: tuple[Clause, ...]


class LibraryTreeModel(TwoLevelTreeModel):
    """Two levels: category rows, and under each the clauses of that category in library order."""

    COLUMNS = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_CategoryRow] = []

    def set_library(self, library: ClauseLibrary | None) -> None:
        self.beginResetModel()
        self._rows = _group(library) if library is not None else []
        self.endResetModel()

    def _group_count(self) -> int:
        return len(self._rows)

    def _item_count(self, group: int) -> int:
        return len(self._rows[group].clauses)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        group = self._group_row(index)
        if group is not None:
            return self._category_data(self._rows[group], index.column(), role)
        clause = self.clause_at(index)
        return self._clause_data(clause, index.column(), role) if clause is not None else None

    def clause_at(self, index: AnyIndex) -> Clause | None:
        position = self._item_position(index)
        if position is None:
            return None
        group, row = position
        return self._rows[group].clauses[row]

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
