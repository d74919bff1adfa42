"""The main window: the shell around the four workspaces.

It holds the tabs (Tender, Clause library, Evaluation, Project), the menus, the status bar and the
count of background jobs. Each workspace's state, loading and actions are its controller's:
:mod:`.library.library_controller`, :mod:`.tender.tender_controller`,
:mod:`.evaluation.evaluation_controller` and :mod:`.project.project_controller`. The window answers
what they ask of it (:class:`~procure_app.ui.workspace.WorkspaceHost`) and keeps the window title
and the enabled actions up to date. Questions and messages go through :mod:`.dialogs`, so that
tests can answer them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence, QPaintEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMenu, QMessageBox, QProgressBar, QTabWidget, QWidget

from .. import __version__, paths
from ..core.project.store.interchange import ProjectEvaluation
from . import settings
from .deferred import call_later
from .evaluation.evaluation_controller import EvaluationController, initial_evaluation
from .evaluation.evaluation_view import EvaluationView
from .library.library_controller import LibraryController
from .library.library_view import LibraryView
from .project.project_controller import ProjectController
from .project.project_view import ProjectView
from .recent_files import RecentMenu
from .tender.tender_controller import TenderController, initial_spec
from .tender.tender_view import TenderView
from .widgets import fit_to_screen, scrolled
from .workspace import make_action

__all__ = ["MainWindow", "TENDER_TAB", "LIBRARY_TAB", "EVALUATION_TAB", "PROJECT_TAB"]

log = logging.getLogger("procure")
TENDER_TAB, LIBRARY_TAB, EVALUATION_TAB, PROJECT_TAB = 0, 1, 2, 3


def _link_label() -> QLabel:
    """A status-bar summary whose links open the files written."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.RichText)
    label.linkActivated.connect(lambda url: QDesktopServices.openUrl(QUrl(url)))
    return label


class MainWindow(QMainWindow):
    """The Tender tab opens on the last spec used (or the example); the library tab browses clauses; the
    Evaluation tab opens on the last evaluation file used (or the example); the Project tab on the project
    given, else the last one used, else the example project (made in the user's data folder)."""

    def __init__(
        self,
        library_root: Path | None = None,
        spec_path: Path | None = None,
        evaluation_path: Path | None = None,
        project_path: Path | None = None,
        *,
        load_after_paint: bool = False,
    ) -> None:
        super().__init__()
        self.setWindowTitle("Procure")
        available = self.screen().availableGeometry()  # a laptop screen (or 200 % scaling) is smaller
        self.resize(min(1440, int(available.width() * 0.95)), min(900, int(available.height() * 0.92)))
        self._jobs = 0
        self._build_workspaces()
        self._build_menus()
        self._restore_layout()
        if evaluation_path is not None:  # asked for on the command line: show it
            self.tabs.setCurrentIndex(EVALUATION_TAB)
        if project_path is not None:
            self.tabs.setCurrentIndex(PROJECT_TAB)
        opening = lambda: self._open_initial(library_root, spec_path, evaluation_path, project_path)  # noqa: E731
        self._after_first_paint: Callable[[], None] | None = None
        if load_after_paint:  # the app: a window at once, its contents as they are read
            self._after_first_paint = opening
            self.statusBar().showMessage(self.tr("Loading the clause library, the tender and the evaluation …"))
        else:
            opening()

    def _open_initial(
        self, library: Path | None, spec: Path | None, evaluation: Path | None, project: Path | None
    ) -> None:
        self.library.open(library or paths.library_dir())
        if spec is None and settings.TENDER_CLOSED.read():
            self.tender.show_start_page()  # closed when Procure last ran: nothing to open
        else:
            self.tender.open(initial_spec(spec))
        self.evaluation.open(initial_evaluation(evaluation))
        # After the window is shown: opening may ask a question (a damaged file), and the first start
        # makes the example project in the background.
        call_later(self, lambda: self.project.open_initial(project))
        call_later(self, self.tender.offer_recovery)  # what a crash of an earlier run left unsaved

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._after_first_paint is not None:  # the window is on screen: now read what it shows
            start, self._after_first_paint = self._after_first_paint, None
            call_later(self, start)

    def quit_when_loaded(self, waited_ms: int = 0) -> None:
        """Quit the application once the window is painted and the library, tender, evaluation and project
        are loaded (exit status 0), or after a minute (status 1): the start-up benchmark runs the app so."""
        done = (
            self.isVisible()
            and self._jobs == 0
            and self.library.loaded is not None
            and self.tender.state is not None
            and self.evaluation.state is not None
            and self.project.snapshot is not None
        )
        if done or waited_ms > 60_000:
            QApplication.exit(0 if done else 1)
            return
        call_later(self, lambda: self.quit_when_loaded(waited_ms + 10), 10)

    # --- construction -------------------------------------------------------------------------
    def _build_workspaces(self) -> None:
        self.tender_view = TenderView()
        self.tender_view.checks.location_copied.connect(self._location_copied)
        self.library_view = LibraryView()
        self.evaluation_view = EvaluationView()
        self.evaluation_view.checks.location_copied.connect(self._location_copied)
        self.project_view = ProjectView()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        # Each page scrolls when the screen is too small for it, so the window never outgrows the screen.
        self.tabs.addTab(scrolled(self.tender_view), self.tr("&Tender"))
        self.tabs.addTab(scrolled(self.library_view), self.tr("Clause &library"))
        self.tabs.addTab(scrolled(self.evaluation_view), self.tr("&Evaluation"))
        self.tabs.addTab(scrolled(self.project_view), self.tr("Pro&ject"))
        self.tabs.setAccessibleName(self.tr("Tender, clause library, evaluation and project"))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.setCentralWidget(self.tabs)

        # One summary per workspace in the status bar, shown with its tab.
        self.tender_summary = _link_label()
        self.library_summary = QLabel()
        self.evaluation_summary = _link_label()
        self.project_summary = _link_label()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.setAccessibleName(self.tr("Working"))
        self.busy.hide()
        for summary in (self.tender_summary, self.library_summary, self.evaluation_summary, self.project_summary):
            self.statusBar().addWidget(summary, 1)
        self.statusBar().addPermanentWidget(self.busy)

        self.library = LibraryController(self, self, self.library_view, self.library_summary)
        self.tender = TenderController(self, self, self.tender_view, self.tender_summary, self.library)
        self.statusBar().addPermanentWidget(self.tender.build_status)
        self.evaluation = EvaluationController(self, self, self.evaluation_view, self.evaluation_summary, self.library)
        self.project = ProjectController(self, self, self.project_view, self.project_summary, self.busy)
        self._tab_changed(TENDER_TAB)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        tender = self.tender
        file_menu.addActions([tender.new_action, tender.open_action, tender.save_action, tender.save_as_action])
        file_menu.addActions([tender.example_action, tender.build_action, tender.close_action])
        file_menu.addSeparator()
        file_menu.addActions([self.project.open_action, self.project.example_action, self.project.save_as_action])
        file_menu.addSeparator()
        file_menu.addActions(
            [self.evaluation.open_action, self.evaluation.example_action, self.evaluation.export_action]
        )
        file_menu.addSeparator()
        # Its entries open files, as the other openers do: enabled only while no workspace writes
        # (asked each time the menu opens).
        self.recent = RecentMenu(file_menu, self.open_recent, may_open=self._idle)
        self.tender_view.start_page.open_recent.connect(self.open_recent)
        file_menu.addSeparator()
        self.reload_action = self._add(file_menu, self.tr("&Reload"), ["F5", "Ctrl+R"], self.reload)
        file_menu.addSeparator()
        file_menu.addAction(self.library.open_action)
        file_menu.addSeparator()
        self._add(file_menu, self.tr("&Quit"), "Ctrl+Q", self.close)
        edit_menu = self.menuBar().addMenu(self.tr("E&dit"))  # Alt+E is the Evaluation tab
        # Each pair is shown (and its keys work) on its own tabs: the tender's on the Tender tab,
        # the project's elsewhere.
        edit_menu.addActions([self.tender.undo_action, self.tender.redo_action])
        edit_menu.addActions([self.project.undo_action, self.project.redo_action])
        project_menu = self.menuBar().addMenu(self.tr("&Project"))
        for action in self.project.project_actions:
            if action is None:
                project_menu.addSeparator()
            else:
                project_menu.addAction(action)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self._add(view_menu, self.tr("&Tender"), "Ctrl+1", lambda: self.tabs.setCurrentIndex(TENDER_TAB))
        self._add(view_menu, self.tr("Clause &Library"), "Ctrl+2", lambda: self.tabs.setCurrentIndex(LIBRARY_TAB))
        self._add(view_menu, self.tr("&Evaluation"), "Ctrl+3", lambda: self.tabs.setCurrentIndex(EVALUATION_TAB))
        self._add(view_menu, self.tr("Pro&ject"), "Ctrl+4", lambda: self.tabs.setCurrentIndex(PROJECT_TAB))
        view_menu.addSeparator()
        outline = self.tender_view.outline
        self._add(view_menu, self.tr("Go to &Outline"), "Ctrl+Shift+L", lambda: self._focus(TENDER_TAB, outline))
        self._add(view_menu, self.tr("Go to &Checks"), "Ctrl+Shift+K", self.go_to_checks)
        self._add(view_menu, self.tr("Go to Co&verage"), "Ctrl+Shift+G", self.go_to_coverage)
        self._add(view_menu, self.tr("&Filter Clauses"), "Ctrl+F", self.focus_filter)
        problems = self.library_view.problems_dock.toggleViewAction()
        problems.setText(self.tr("Library &Problems"))
        problems.setShortcut(QKeySequence("Ctrl+Shift+P"))
        view_menu.addAction(problems)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self._add(help_menu, self.tr("&About Procure"), "F1", self._about)
        self._update_actions()

    def _add(self, menu: QMenu, text: str, keys: str | Sequence[str], slot: Callable[[], object]) -> QAction:
        action = make_action(self, text, keys, slot)
        menu.addAction(action)
        return action

    def _restore_layout(self) -> None:
        geometry = settings.WINDOW_GEOMETRY.read()
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        fit_to_screen(self)  # saved on a larger screen, or at a smaller scale factor
        state = settings.WINDOW_STATE.read()
        if not state.isEmpty():
            self.restoreState(state)
        library_state = settings.LIBRARY_STATE.read()
        if not library_state.isEmpty():
            self.library_view.restoreState(library_state)
        self.tender_view.restore_layout()
        self.evaluation_view.restore_layout()
        self.project_view.restore_layout()

    # --- what the workspaces ask of the window (WorkspaceHost, ProjectHost) -------------------
    def job_started(self) -> None:
        self._jobs += 1
        self.busy.show()
        self._update_actions()

    def job_finished(self) -> None:
        self._jobs = max(0, self._jobs - 1)
        self.busy.setVisible(self._jobs > 0)
        self._update_actions()

    def workspace_changed(self) -> None:
        self._update_title()
        self._update_actions()

    def reveal(self, view: QWidget) -> None:
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            if page is not None and (page is view or page.isAncestorOf(view)):
                self.tabs.setCurrentIndex(index)
                return

    def show_project_evaluation(self, source: ProjectEvaluation) -> None:
        self.evaluation.show_project_evaluation(source)

    # --- the whole window ---------------------------------------------------------------------
    def open_recent(self, kind: str, path: Path) -> None:
        """Open a file from File › Recent Files in its workspace."""
        if kind == "project":
            self.reveal(self.project_view)
            self.project.open_project(path)
        elif kind == "evaluation":
            self.reveal(self.evaluation_view)
            self.evaluation.open(path)
        else:
            self.reveal(self.tender_view)
            self.tender.open(path)

    def reload(self) -> None:
        """Read the library, the spec and the evaluation again (any may have been edited in another program)."""
        if self.library.root is not None and self._idle():
            self.library.open(self.library.root)

    def _idle(self) -> bool:
        """No workspace is writing (a tender being built, an evaluation being exported)."""
        return not self.tender.building and not self.evaluation.exporting

    def _update_actions(self) -> None:
        if not hasattr(self, "reload_action"):  # still being built
            return
        idle = self._idle()
        self.reload_action.setEnabled(idle)
        self.library.update_actions(idle)
        self.tender.update_actions(idle)
        self.evaluation.update_actions(idle)
        self.project.update_actions(idle)

    def _update_title(self) -> None:
        parts = ["Procure"]
        index = self.tabs.currentIndex()
        if index == PROJECT_TAB:
            snapshot = self.project.snapshot
            if snapshot is not None:
                parts += [snapshot.name, snapshot.path.name]
            self.setWindowTitle(" — ".join(parts))
            return
        shows_tender = index != EVALUATION_TAB and self.tender.spec_path is not None
        if shows_tender:
            parts.append(self.tender.display_name + "[*]")  # Qt shows "*" there while it is modified
        elif index == EVALUATION_TAB and self.evaluation.shown_file is not None:
            parts.append(self.evaluation.shown_file.name)
        loaded = self.library.loaded
        if loaded is not None:
            parts.append(f"{loaded.library.title} {loaded.library.version}".rstrip())
        self.setWindowTitle(" — ".join(parts))
        if shows_tender:
            self.setWindowModified(self.tender.modified)

    def _tab_changed(self, index: int) -> None:
        on_tender = index == TENDER_TAB
        for action in (self.tender.undo_action, self.tender.redo_action):
            action.setVisible(on_tender)
        for action in (self.project.undo_action, self.project.redo_action):
            action.setVisible(not on_tender)
        self.tender_summary.setVisible(index == TENDER_TAB)
        self.library_summary.setVisible(index == LIBRARY_TAB)
        self.evaluation_summary.setVisible(index == EVALUATION_TAB)
        self.project_summary.setVisible(index == PROJECT_TAB)
        self._update_title()

    def _location_copied(self, where: str) -> None:
        self.statusBar().showMessage(
            self.tr("Copied {where} to the clipboard: paste it into your editor to go there").format(where=where), 8000
        )

    def _focus(self, tab: int, widget: QWidget) -> None:
        self.tabs.setCurrentIndex(tab)
        widget.setFocus()

    def go_to_checks(self) -> None:
        """The Tender tab, its Checks sub-tab shown, the list focused."""
        self.tabs.setCurrentIndex(TENDER_TAB)
        self.tender_view.show_checks()

    def go_to_coverage(self) -> None:
        """The Tender tab, its coverage sub-tab shown, the tree focused."""
        self.tabs.setCurrentIndex(TENDER_TAB)
        self.tender_view.show_coverage()

    def focus_filter(self) -> None:
        """The Clause library tab, its filter focused."""
        self.tabs.setCurrentIndex(LIBRARY_TAB)
        self.library_view.focus_filter()

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Procure"),
            self.tr(
                "<b>Procure {version}</b><p>Offline, people-centred procurement of smart-city "
                "technology, guided by the UN-Habitat International Guidelines on People-Centred "
                "Smart Cities.</p>"
            ).format(version=__version__),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.tender.may_close() or not self.project.may_close_project():
            event.ignore()
            return
        self.project.shutdown()
        self.tender.shutdown()
        self.project_view.save_layout()
        settings.WINDOW_GEOMETRY.write(self.saveGeometry())
        settings.WINDOW_STATE.write(self.saveState())
        settings.LIBRARY_STATE.write(self.library_view.saveState())
        self.tender_view.save_layout()
        self.evaluation_view.save_layout()
        super().closeEvent(event)
