"""The clause browser beside the tender's outline: find a library clause, read it, add it.

Filters by words, category, kind, status and what the clause applies to (the matching itself is
Qt-free, :mod:`procure_app.core.library.clause_filter`); status and level are shown as coloured
badges; the preview shows the clause's text, variants, guidance and verification. A clause is
added with the button, a double click or Enter; ``add_requested(clause_id)`` says which, and the
controller decides where it goes.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QCoreApplication,
    QEvent,
    QMimeData,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ...core.library.clause_filter import ANY, ClauseFilter, clause_matches, search_text
from ...core.library.clauses import Clause, ClauseLibrary
from ...core.library.guidelines import GuidelinesModel
from ..library.clause_html import clause_html
from ..tree_model import AnyIndex
from ..widgets import text_view
from .tender_model import CLAUSE_IDS_MIME

__all__ = ["CLAUSE_ID_ROLE", "ClauseBrowser", "ClauseFilterProxy", "ClauseListModel"]

CLAUSE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
TITLE, CATEGORY, KIND, STATUS, LEVEL = range(5)

# Badge colours that keep dark text readable in light and dark palettes.
_STATUS_COLOURS = {"approved": "#d7f0d8", "draft": "#fff1c2", "deprecated": "#e4e4e4", "retired": "#f3d6d6"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("ClauseBrowser", text)


class ClauseListModel(QAbstractTableModel):
    """One row per library clause, in library order; each row's searchable text made once."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clauses: list[Clause] = []
        self.searchable: list[str] = []
        self._categories: dict[str, str] = {}

    def set_library(self, library: ClauseLibrary | None) -> None:
        self.beginResetModel()
        self.clauses = list(library.clauses) if library is not None else []
        self.searchable = [search_text(clause) for clause in self.clauses]
        self._categories = {c.id: c.title for c in library.categories} if library is not None else {}
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # Qt's signature
        return 0 if parent.isValid() else len(self.clauses)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 5:
            return (_tr("Clause"), _tr("Category"), _tr("Kind"), _tr("Status"), _tr("Level"))[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.clauses):
            return None
        clause, column = self.clauses[index.row()], index.column()
        if role == CLAUSE_ID_ROLE:
            return clause.id
        if role == Qt.ItemDataRole.DisplayRole:
            category = self._categories.get(clause.category, clause.category)
            return (clause.title, category, clause.kind, clause.status, clause.level or "")[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == TITLE:
            category = self._categories.get(clause.category, clause.category)
            return f"{clause.title}\n{clause.id} · v{clause.version} · {category}"
        if role == Qt.ItemDataRole.BackgroundRole and column == STATUS:
            colour = _STATUS_COLOURS.get(clause.status)
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.BackgroundRole and column == LEVEL and clause.level:
            return QColor("#dde8f8")
        if role == Qt.ItemDataRole.ForegroundRole and column in (STATUS, LEVEL):
            return QColor("#1d1d1d")  # dark on the light badge, whatever the palette
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def mimeTypes(self) -> list[str]:
        return [CLAUSE_IDS_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        """The dragged rows' clause ids, for a drop on the tender outline."""
        rows = sorted({index.row() for index in indexes if index.isValid() and index.row() < len(self.clauses)})
        data = QMimeData()
        data.setData(CLAUSE_IDS_MIME, QByteArray("\n".join(self.clauses[row].id for row in rows).encode("utf-8")))
        return data

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction


class ClauseFilterProxy(QSortFilterProxyModel):
    """The rows of a :class:`ClauseListModel` that a :class:`ClauseFilter` asks for."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.wanted = ClauseFilter()
        self._words: tuple[str, ...] = ()

    def set_filter(self, wanted: ClauseFilter) -> None:
        if wanted == self.wanted:
            return
        if hasattr(self, "beginFilterChange"):  # Qt 6.9 and later
            self.beginFilterChange()
            self.wanted, self._words = wanted, wanted.words
            self.endFilterChange()
        else:
            self.wanted, self._words = wanted, wanted.words
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, ClauseListModel) or source_parent.isValid():
            return True
        return clause_matches(self.wanted, model.clauses[source_row], model.searchable[source_row], self._words)


class ClauseBrowser(QWidget):
    """Filter, list and preview of the library's clauses; ``add_requested(clause_id)`` to add one."""

    add_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.guidelines: GuidelinesModel | None = None
        self.model = ClauseListModel(self)
        self.proxy = ClauseFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_tr("Words in the title, text or guidance"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_tr("Find clauses"))
        label = QLabel(_tr("Clause &browser"))
        label.setBuddy(self.search)
        self.category = self._choice(_tr("Any category"), _tr("Category"))
        self.kind = self._choice(_tr("Any kind"), _tr("Kind"))
        self.status = self._choice(_tr("Any status"), _tr("Status"))
        self.applies_to = self._choice(_tr("Any scope"), _tr("Applies to"))
        self.list = QTreeView()
        self.list.setModel(self.proxy)
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSortingEnabled(True)
        self.list.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # library order until a header is clicked
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setDragEnabled(True)
        self.list.setAccessibleName(_tr("Library clauses"))
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (KIND, STATUS, LEVEL):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # The category is chosen in its filter and named in the tooltip and the preview: the
        # narrow pane keeps its width for the title and the badges.
        self.list.setColumnHidden(CATEGORY, True)
        self.list.doubleClicked.connect(lambda index: self._add(index))
        self.list.installEventFilter(self)  # Enter adds the clause
        self.list.selectionModel().currentChanged.connect(lambda current, _previous: self._preview(current))
        self.preview = text_view(_tr("Clause preview"))
        self.count = QLabel()
        self.add_button = QPushButton(_tr("Add to Sectio&n"))
        self.add_button.setToolTip(_tr("Add the clause to the section selected in the outline (Enter)"))
        self.add_button.clicked.connect(self._add_current)
        self.search.textChanged.connect(self._filter_changed)
        for box in (self.category, self.kind, self.status, self.applies_to):
            box.currentIndexChanged.connect(self._filter_changed)

        choices = QHBoxLayout()
        for box in (self.category, self.kind, self.status, self.applies_to):
            choices.addWidget(box, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count, 1)
        buttons.addWidget(self.add_button)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(label)
        top_layout.addWidget(self.search)
        top_layout.addLayout(choices)
        top_layout.addWidget(self.list, 1)
        top_layout.addLayout(buttons)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(top)
        self.split.addWidget(self.preview)
        self.split.setSizes([420, 300])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.split)
        self._update_count()

    @staticmethod
    def _choice(any_text: str, name: str) -> QComboBox:
        box = QComboBox()
        box.addItem(any_text, ANY)
        box.setAccessibleName(name)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(8)
        return box

    def set_library(self, library: ClauseLibrary | None, guidelines: GuidelinesModel | None = None) -> None:
        """Show ``library``'s clauses; the filters keep what they can of their choices."""
        self.guidelines = guidelines
        self.model.set_library(library)
        clauses = library.clauses if library is not None else []
        categories = [(c.title, c.id) for c in library.categories] if library is not None else []
        self._fill(self.category, categories)
        self._fill(self.kind, [(k, k) for k in sorted({c.kind for c in clauses})])
        self._fill(self.status, [(s, s) for s in sorted({c.status for c in clauses})])
        self._fill(self.applies_to, [(a, a) for a in sorted({a for c in clauses for a in c.applies_to})])
        self._filter_changed()

    @staticmethod
    def _fill(box: QComboBox, items: list[tuple[str, str]]) -> None:
        chosen = box.currentData()
        box.blockSignals(True)
        while box.count() > 1:
            box.removeItem(1)
        for text, value in items:
            box.addItem(text, value)
        position = box.findData(chosen)
        box.setCurrentIndex(position if position >= 0 else 0)
        box.blockSignals(False)

    def current_filter(self) -> ClauseFilter:
        return ClauseFilter(
            self.search.text(),
            str(self.category.currentData() or ANY),
            str(self.kind.currentData() or ANY),
            str(self.status.currentData() or ANY),
            str(self.applies_to.currentData() or ANY),
        )

    def _filter_changed(self, *_args: object) -> None:
        self.proxy.set_filter(self.current_filter())
        self._update_count()
        if not self.list.currentIndex().isValid() and self.proxy.rowCount():
            self.list.setCurrentIndex(self.proxy.index(0, 0))
        self._preview(self.list.currentIndex())

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(_tr("{shown} of {total} clauses").format(shown=shown, total=total))
        self.add_button.setEnabled(self.list.currentIndex().isValid())

    def current_clause(self) -> Clause | None:
        return self._clause(self.list.currentIndex())

    def _clause(self, index: QModelIndex) -> Clause | None:
        if not index.isValid():
            return None
        source = self.proxy.mapToSource(index)
        return self.model.clauses[source.row()] if source.isValid() else None

    def _preview(self, index: QModelIndex) -> None:
        clause = self._clause(index)
        self.preview.setHtml(clause_html(clause, self.guidelines) if clause is not None else "")
        self.add_button.setEnabled(clause is not None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.list
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self._add_current()
            return True
        return super().eventFilter(watched, event)

    def _add(self, index: QModelIndex) -> None:
        clause = self._clause(index)
        if clause is not None:
            self.add_requested.emit(clause.id)

    def _add_current(self) -> None:
        self._add(self.list.currentIndex())
