"""The main window: browse a clause library, read each clause, and see its validation problems."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import __version__, paths
from ..core.diagnostics import Diagnostic
from ..core.guidelines import GuidelinesModel, load_guidelines
from ..core.library import ClauseLibrary
from ..core.validate import load_checked_library
from . import settings
from .clause_html import clause_html
from .library_model import SEARCH_ROLE, LibraryTreeModel
from .workers import run_in_background

__all__ = ["MainWindow", "choose_folder"]


def choose_folder(parent: QWidget, title: str, start: str) -> str:
    """Ask for a folder (one function, so that tests can answer it)."""
    return QFileDialog.getExistingDirectory(parent, title, start)


@dataclass
class _Loaded:
    library: ClauseLibrary
    diagnostics: list[Diagnostic]
    guidelines: GuidelinesModel | None


def _load(root: Path) -> _Loaded:
    library, diagnostics = load_checked_library(root, paths.guidelines_file())
    guidelines, _ = load_guidelines(paths.guidelines_file())
    return _Loaded(library, diagnostics, guidelines)


class MainWindow(QMainWindow):
    """Library browser: category tree on the left, clause on the right, problems below."""

    def __init__(self, library_root: Path | None = None) -> None:
        super().__init__()
        self.setWindowTitle("Procure")
        self.resize(1280, 820)
        self.loaded: _Loaded | None = None
        self.library_root: Path | None = None
        self._build_widgets()
        self._build_actions()
        self._restore_layout()
        self.open_library(library_root or paths.library_dir())

    # --- construction -------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.model = LibraryTreeModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(0)
        self.proxy.setFilterRole(SEARCH_ROLE)

        self.filter_edit = QLineEdit(placeholderText="Filter clauses by title or id (Ctrl+F)")
        self.filter_edit.setClearButtonEnabled(True)
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

        self.problems = QTreeWidget()
        self.problems.setHeaderLabels(["Severity", "Rule", "Where", "Problem"])
        self.problems.setRootIsDecorated(False)
        self.problems.setAccessibleName("Library problems")
        dock = QDockWidget("Problems", self)
        dock.setObjectName("problems-dock")
        dock.setWidget(self.problems)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        self.problems_dock = dock

        self.summary = QLabel()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.hide()
        self.statusBar().addWidget(self.summary, 1)
        self.statusBar().addPermanentWidget(self.busy)

    def _build_actions(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&Open Library…", QKeySequence.StandardKey.Open, self._ask_library)
        self._action(file_menu, "&Reload Library", QKeySequence.StandardKey.Refresh, self.reload)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", QKeySequence.StandardKey.Quit, self.close)
        view_menu = self.menuBar().addMenu("&View")
        self._action(view_menu, "&Filter Clauses", QKeySequence.StandardKey.Find, self._focus_filter)
        view_menu.addAction(self.problems_dock.toggleViewAction())
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&About Procure", None, self._about)

    def _action(
        self, menu: QMenu, text: str, shortcut: QKeySequence.StandardKey | None, slot: Callable[[], object]
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _restore_layout(self) -> None:
        geometry = settings.WINDOW_GEOMETRY.read()
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = settings.WINDOW_STATE.read()
        if not state.isEmpty():
            self.restoreState(state)

    # --- loading ------------------------------------------------------------------------------
    def open_library(self, root: Path) -> None:
        """Load ``root`` in the background; the window stays responsive meanwhile."""
        self.library_root = root
        self.summary.setText(f"Loading {root} …")
        self.busy.show()
        run_in_background(self, lambda: _load(root), self._on_loaded, self._on_failed)

    def reload(self) -> None:
        if self.library_root is not None:
            self.open_library(self.library_root)

    def _on_loaded(self, loaded: _Loaded) -> None:
        self.busy.hide()
        self.loaded = loaded
        library = loaded.library
        self.setWindowTitle(f"Procure — {library.title} {library.version}".rstrip())
        self.model.set_library(library)
        self.tree.expandAll()
        self._fill_problems(loaded.diagnostics)
        errors = sum(1 for d in loaded.diagnostics if d.is_error)
        warnings = len(loaded.diagnostics) - errors
        verdict = "library valid" if errors == 0 else f"{errors} error(s) — see Problems"
        if warnings:
            verdict += f", {warnings} warning(s)"
        self.summary.setText(
            f"{len(library.clauses)} clauses in {len(library.categories)} categories · {verdict} · {library.root}"
        )
        settings.LAST_LIBRARY.write(str(library.root))
        self._select_first_clause()

    def _on_failed(self, error: Exception) -> None:
        self.busy.hide()
        self.summary.setText("The library could not be loaded.")
        QMessageBox.warning(self, "Procure", f"The library could not be loaded:\n{error}")

    def _fill_problems(self, diagnostics: list[Diagnostic]) -> None:
        self.problems.clear()
        for d in diagnostics:
            item = QTreeWidgetItem([d.severity.value, d.rule, f"{d.path.name}:{d.line}:{d.column}", d.message])
            item.setToolTip(2, str(d.path))
            self.problems.addTopLevelItem(item)
        for column in range(3):
            self.problems.resizeColumnToContents(column)
        self.problems_dock.setVisible(bool(diagnostics))

    # --- interaction --------------------------------------------------------------------------
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
        guidelines = self.loaded.guidelines if self.loaded else None
        self.detail.setHtml(clause_html(clause, guidelines))

    def _apply_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self.tree.expandAll()

    def _focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def _ask_library(self) -> None:
        start = str(self.library_root or paths.library_dir())
        chosen = choose_folder(self, "Open a clause library folder", start)
        if chosen:
            self.open_library(Path(chosen))

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "About Procure",
            f"<b>Procure {__version__}</b><p>Offline, people-centred procurement of smart-city "
            "technology, guided by the UN-Habitat International Guidelines on People-Centred "
            "Smart Cities.</p>",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        settings.WINDOW_GEOMETRY.write(self.saveGeometry())
        settings.WINDOW_STATE.write(self.saveState())
        super().closeEvent(event)
