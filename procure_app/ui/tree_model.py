"""A base for the read-only Qt tree models with two levels: group rows, and under each its items.

The library (categories, then clauses) and the tender outline (sections, then clauses) share the
index, parent and row count logic here; a subclass says how many groups there are and how many
items each holds, names its columns, and answers :meth:`data`.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

__all__ = ["AnyIndex", "TwoLevelTreeModel"]

AnyIndex = QModelIndex | QPersistentModelIndex


class TwoLevelTreeModel(QAbstractItemModel):
    """Group rows at the top level, item rows under them; no deeper levels.

    Internal pointers: 0 for a group row, group row + 1 for an item row.
    """

    COLUMNS: tuple[str, ...] = ()

    def _group_count(self) -> int:
        raise NotImplementedError

    def _item_count(self, group: int) -> int:
        raise NotImplementedError

    @staticmethod
    def _group_row(index: AnyIndex) -> int | None:
        """The row of the group ``index`` stands on, or None when it is an item row or invalid."""
        if not index.isValid() or index.internalId() != 0:
            return None
        return index.row()

    @staticmethod
    def _item_position(index: AnyIndex) -> tuple[int, int] | None:
        """The (group row, item row) of the item ``index`` stands on, or None when it is not an item."""
        if not index.isValid() or index.internalId() == 0:
            return None
        return index.internalId() - 1, index.row()

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
            return self._group_count()
        if parent.column() != 0 or parent.internalId() != 0:
            return 0
        return self._item_count(parent.row())

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.COLUMNS)
        ):
            return self.COLUMNS[section]
        return None
