"""The Clause library tab: category tree on the left, the selected clause on the right, problems below.

A QMainWindow of its own inside the tab, so that its Problems panel stays a dock the officer can
move, float or close, as it was before the app had tabs.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QHeaderView,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.base.diagnostics import Diagnostic
from ...core.library.clauses import ClauseLibrary
from ...core.library.guidelines import GuidelinesModel
from ..widgets import expand_all
from .clause_html import clause_html
from .library_model import SEARCH_ROLE, LibraryTreeModel

__all__ = ["LibraryView"]


class LibraryView(QMainWindow):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlags(Qt.WindowType.Widget)  # a page of the tab widget, not a window
        self.setContentsMargins(9, 6, 9, 0)  # the same margins as the Tender tab
        self.guidelines: GuidelinesModel | None = None
        self._build_browser()
        self._build_problems()

    def _build_browser(self) -> None:
        self.model = LibraryTreeModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(0)
        self.proxy.setFilterRole(SEARCH_ROLE)

        self.filter_edit = QLineEdit(placeholderText="Filter clauses by title or id (Ctrl+F)")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter clauses")
        self.filter_edit.textChanged.connect(self._apply_filter)
        self.tree = QTreeView()
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.selectionModel().currentChanged.connect(self._show_current)
        self.tree.setAccessibleName("Clauses by category")

        left = QWidget()
        layout = QVBoxLayout(left)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree)

        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self.detail.setAccessibleName("Clause details")
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setSizes([560, 720])
        self.setCentralWidget(splitter)

    def _build_problems(self) -> None:
        self.problems = QTreeWidget()
        self.problems.setHeaderLabels(["Severity", "Rule", "Where", "Problem"])
        self.problems.setRootIsDecorated(False)
        self.problems.setAccessibleName("Library problems")
        dock = QDockWidget("Library problems", self)
        dock.setObjectName("problems-dock")
        dock.setWidget(self.problems)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        self.problems_dock = dock

    # --- showing ------------------------------------------------------------------------------
    def show_library(
        self, library: ClauseLibrary, diagnostics: list[Diagnostic], guidelines: GuidelinesModel | None
    ) -> None:
        self.guidelines = guidelines
        self.model.set_library(library)
        expand_all(self.tree)
        self._fill_problems(diagnostics)
        self._select_first_clause()

    def focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def _fill_problems(self, diagnostics: list[Diagnostic]) -> None:
        self.problems.clear()
        for d in diagnostics:
            item = QTreeWidgetItem([d.severity.value, d.rule, f"{d.path.name}:{d.line}:{d.column}", d.message])
            item.setToolTip(2, str(d.path))
            item.setToolTip(3, d.message)
            self.problems.addTopLevelItem(item)
        for column in range(3):
            self.problems.resizeColumnToContents(column)
        self.problems_dock.setVisible(bool(diagnostics))

    def _select_first_clause(self) -> None:
        first_category = self.proxy.index(0, 0)
        first_clause = self.proxy.index(0, 0, first_category)
        if first_clause.isValid():
            self.tree.setCurrentIndex(first_clause)

    def _show_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        clause = self.model.clause_at(self.proxy.mapToSource(current))
        if clause is None:
            self.detail.clear()
            return
        self.detail.setHtml(clause_html(clause, self.guidelines))

    def _apply_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        expand_all(self.tree)
