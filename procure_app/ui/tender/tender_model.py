"""A Qt tree model over the tender's outline (:mod:`procure_app.core.tender.outline`): sections, then clauses.

The model holds no copy of the data: each row reads the core objects. :meth:`set_outline` replaces
the whole outline inside a model reset (at each edit and each check; an outline has at most a few
hundred rows).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QCoreApplication, QMimeData, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont

from ...core.tender.outline import OutlineClause, OutlineSection
from ..tree_model import AnyIndex, TwoLevelTreeModel

__all__ = ["TenderOutlineModel", "CLAUSE_ID_ROLE", "CLAUSE_IDS_MIME", "COLUMNS", "OutlinePosition"]

OutlinePosition = tuple[int, int | None]  # (section, clause): clause None for the section itself
CLAUSE_IDS_MIME = "application/x-procure-clause-ids"  # library clause ids, one per line (the browser's drag)
_OUTLINE_MIME = "application/x-procure-outline-row"  # "section clause" or "section" (a drag inside the outline)

CLAUSE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = (
    QCoreApplication.translate("TenderOutlineModel", "Outline"),
    QCoreApplication.translate("TenderOutlineModel", "Kind"),
    QCoreApplication.translate("TenderOutlineModel", "Source"),
)


class TenderOutlineModel(TwoLevelTreeModel):
    """Two levels: numbered sections, and under each its numbered clauses in tender order."""

    COLUMNS = COLUMNS
    # Drops are reported, not done: the controller makes each one an undoable edit of the spec.
    clauses_dropped = Signal(list, int, int)  # library clause ids, section, position in it
    clause_moved = Signal(int, int, int, int)  # from section, clause; to section, position
    section_moved = Signal(int, int)  # from, to (a position among the sections before the move)

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

    # --- drag and drop ------------------------------------------------------------------------
    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemIsDropEnabled
        )

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [CLAUSE_IDS_MIME, _OUTLINE_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        data = QMimeData()
        if indexes:
            index = indexes[0]
            position = self._item_position(index)
            words = f"{position[0]} {position[1]}" if position is not None else str(index.row())
            data.setData(_OUTLINE_MIME, QByteArray(words.encode("ascii")))
        return data

    def drop_target(self, row: int, parent: AnyIndex) -> tuple[int, int] | None:
        """Where a drop at ``row`` under ``parent`` (as Qt reports it) puts a clause: a section and
        a position in it. None when the outline has no section to take it."""
        if not self._sections:
            return None
        clause_position = self._item_position(parent)
        if clause_position is not None:  # onto a clause: after it
            return clause_position[0], clause_position[1] + 1
        section = self._group_row(parent)
        if section is not None:  # into a section, between its clauses or onto its title (the end)
            return section, row if row >= 0 else len(self._sections[section].clauses)
        # between sections: the end of the one above, or the start of the first
        if 0 < row <= len(self._sections):
            return row - 1, len(self._sections[row - 1].clauses)
        if row == 0:
            return 0, 0
        return len(self._sections) - 1, len(self._sections[-1].clauses)

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex) -> bool:
        return (data.hasFormat(CLAUSE_IDS_MIME) or data.hasFormat(_OUTLINE_MIME)) and bool(self._sections)

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex) -> bool:
        if data.hasFormat(CLAUSE_IDS_MIME):
            ids = [line for line in bytes(data.data(CLAUSE_IDS_MIME).data()).decode("utf-8").splitlines() if line]
            target = self.drop_target(row, parent)
            if not ids or target is None:
                return False
            self.clauses_dropped.emit(ids, target[0], target[1])
            return True
        if not data.hasFormat(_OUTLINE_MIME):
            return False
        words = bytes(data.data(_OUTLINE_MIME).data()).decode("ascii", "replace").split()
        if not words or not all(word.isdigit() for word in words):
            return False
        if len(words) == 1:  # a section: between sections (onto one means just before it)
            to = row if not parent.isValid() and row >= 0 else self._group_row(parent)
            to = len(self._sections) if to is None else to
            self.section_moved.emit(int(words[0]), to)
            return False  # the controller moves it: nothing for the view to remove
        target = self.drop_target(row, parent)
        if target is None:
            return False
        self.clause_moved.emit(int(words[0]), int(words[1]), target[0], target[1])
        return False

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
        if clause.newer is not None and column == 2:
            if role == Qt.ItemDataRole.ToolTipRole:
                return QCoreApplication.translate(
                    "TenderOutlineModel", "The library has approved version {version}: select the clause to compare"
                ).format(version=clause.newer)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor("#8a4b00")
        return None
