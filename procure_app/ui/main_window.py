"""The main window: a Tender tab (the spec being drafted), a Clause library tab (the browser), an
Evaluation tab (the bids of an evaluation file, ranked) and a Project tab (a project file: the panel's
scores, the envelopes, the audit log; see :mod:`.project_controller`).

Loading, building and exporting run in the background (:func:`.workers.run_in_background`); the
window only shows what comes back. Questions and messages go through :mod:`.dialogs`, and the folder question
through :func:`choose_folder`, so that tests can answer them.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QTabWidget,
    QWidget,
)

from .. import __version__, paths
from ..core.base.atomic import WriteError
from ..core.base.diagnostics import Diagnostic
from ..core.library.checked import load_checked_library
from ..core.library.clauses import ClauseLibrary
from ..core.library.guidelines import GuidelinesModel, load_guidelines
from ..core.project.store.interchange import ProjectEvaluation
from . import dialogs, settings
from .deferred import call_later
from .evaluation.evaluation_html import exported_html, status_html
from .evaluation.evaluation_jobs import (
    EvaluationState,
    ExportRequest,
    ExportResult,
    evaluation_stem,
    example_evaluation,
    load_evaluation_state,
    load_project_evaluation_state,
    write_outputs,
)
from .evaluation.evaluation_view import EvaluationView
from .latest_load import LatestLoad
from .library.library_view import LibraryView
from .project.project_controller import ProjectController
from .project.project_view import ProjectView
from .tender.spec_watcher import SpecWatcher
from .tender.tender_html import built_html, verdict_html
from .tender.tender_jobs import (
    BuildRequest,
    BuildResult,
    TenderState,
    build_tender,
    document_stem,
    example_spec,
    is_bundled,
    load_tender_state,
)
from .tender.tender_view import TenderView
from .widgets import fit_to_screen, scrolled
from .workers import run_in_background

__all__ = ["MainWindow", "choose_folder", "initial_spec", "initial_evaluation", "PROJECT_TAB"]

log = logging.getLogger("procure")
TENDER_TAB, LIBRARY_TAB, EVALUATION_TAB, PROJECT_TAB = 0, 1, 2, 3


def choose_folder(parent: QWidget, title: str, start: str) -> str:
    """Ask for a folder (one function, so that tests can answer it)."""
    return QFileDialog.getExistingDirectory(parent, title, start)


def initial_spec(given: Path | None = None) -> Path:
    """The spec to open at start-up: the one given, else the last one used, else the bundled example."""
    if given is not None:
        return given
    last = settings.LAST_SPEC.read()
    if last and Path(last).is_file():
        return Path(last)
    return example_spec()


def initial_evaluation(given: Path | None = None) -> Path:
    """The evaluation to open at start-up: the one given, else the last one used, else the bundled example."""
    if given is not None:
        return given
    last = settings.LAST_EVALUATION.read()
    if last and Path(last).is_file():
        return Path(last)
    return example_evaluation()


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
        self.loaded: _Loaded | None = None
        self.library_root: Path | None = None
        self.spec_path: Path | None = None
        self.tender_state: TenderState | None = None
        self._jobs = 0
        self._tender_load: LatestLoad[TenderState] = LatestLoad(
            self,
            started=self._job_started,
            finished=self._job_finished,
            shown=self._on_tender_loaded,
            failed=self._on_tender_failed,
        )
        self._building = False
        self._reload_pending = False
        self.evaluation_path: Path | None = None
        self.evaluation_state: EvaluationState | None = None
        self._evaluation_load: LatestLoad[EvaluationState] = LatestLoad(
            self,
            started=self._job_started,
            finished=self._job_finished,
            shown=self._on_evaluation_loaded,
            failed=self._on_evaluation_failed,
        )
        self._exporting = False
        self._evaluation_reload_pending = False
        # A project's evaluation, held in memory, when the Evaluation tab shows one (no file of its own).
        self.evaluation_source: ProjectEvaluation | None = None
        self._build_widgets()
        self._build_actions()
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
        self.open_library(library or paths.library_dir(), reload_tender=False)
        self.open_spec(initial_spec(spec))
        self.open_evaluation(initial_evaluation(evaluation))
        # After the window is shown: opening may ask a question (a damaged file), and the first start
        # makes the example project in the background.
        call_later(self, lambda: self.project.open_initial(project))

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
            and self.loaded is not None
            and self.tender_state is not None
            and self.evaluation_state is not None
            and self.project.snapshot is not None
        )
        if done or waited_ms > 60_000:
            QApplication.exit(0 if done else 1)
            return
        call_later(self, lambda: self.quit_when_loaded(waited_ms + 10), 10)

    # --- construction -------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.tender_view = TenderView()
        self.tender_view.checks.location_copied.connect(self._location_copied)
        self.library_view = LibraryView()
        lv = self.library_view  # the names the library browser had before the app had tabs
        self.model, self.proxy, self.tree, self.detail = lv.model, lv.proxy, lv.tree, lv.detail
        self.filter_edit, self.problems, self.problems_dock = lv.filter_edit, lv.problems, lv.problems_dock
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        # Each page scrolls when the screen is too small for it, so the window never outgrows the screen.
        self.tabs.addTab(scrolled(self.tender_view), self.tr("&Tender"))
        self.tabs.addTab(scrolled(self.library_view), self.tr("Clause &library"))
        self.evaluation_view = EvaluationView()
        self.evaluation_view.checks.location_copied.connect(self._location_copied)
        self.tabs.addTab(scrolled(self.evaluation_view), self.tr("&Evaluation"))
        self.project_view = ProjectView()
        self.tabs.addTab(scrolled(self.project_view), self.tr("Pro&ject"))
        self.tabs.setAccessibleName(self.tr("Tender, clause library, evaluation and project"))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.setCentralWidget(self.tabs)

        self.summary = QLabel()  # the library's summary, shown on the library tab
        self.tender_summary = QLabel()  # the tender's, shown on the tender tab; links open written files
        self.tender_summary.setTextFormat(Qt.TextFormat.RichText)
        self.tender_summary.linkActivated.connect(lambda url: QDesktopServices.openUrl(QUrl(url)))
        self.evaluation_summary = QLabel()  # the evaluation's, shown on the evaluation tab; links open written files
        self.evaluation_summary.setTextFormat(Qt.TextFormat.RichText)
        self.evaluation_summary.linkActivated.connect(lambda url: QDesktopServices.openUrl(QUrl(url)))
        self.project_summary = QLabel()  # the project's, shown on the project tab; links open written files
        self.project_summary.setTextFormat(Qt.TextFormat.RichText)
        self.project_summary.linkActivated.connect(lambda url: QDesktopServices.openUrl(QUrl(url)))
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.setAccessibleName("Working")
        self.busy.hide()
        self.project = ProjectController(self, self, self.project_view, self.project_summary, self.busy)
        self.statusBar().addWidget(self.tender_summary, 1)
        self.statusBar().addWidget(self.summary, 1)
        self.statusBar().addWidget(self.evaluation_summary, 1)
        self.statusBar().addWidget(self.project_summary, 1)
        self.statusBar().addPermanentWidget(self.busy)
        self._tab_changed(TENDER_TAB)

        self.spec_watcher = SpecWatcher(self)
        self.spec_watcher.changed.connect(self._spec_changed_on_disk)
        self.evaluation_watcher = SpecWatcher(self)
        self.evaluation_watcher.changed.connect(self._evaluation_changed_on_disk)

    def _build_actions(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self.project.open_action)
        file_menu.addAction(self.project.example_action)
        file_menu.addAction(self.project.save_as_action)
        file_menu.addSeparator()
        self.open_spec_action = self._action(file_menu, "&Open Tender Spec…", "Ctrl+Shift+D", self._ask_spec)
        self.example_action = self._action(file_menu, "Open Example &Tender", "Ctrl+Shift+T", self.open_example)
        self.build_action = self._action(file_menu, "&Build Tender…", "Ctrl+B", self.build)
        file_menu.addSeparator()
        self.open_evaluation_action = self._action(file_menu, "Open &Evaluation…", "Ctrl+Shift+E", self._ask_evaluation)
        self.example_evaluation_action = self._action(
            file_menu, "Open Example Evalu&ation", "Ctrl+Shift+X", self.open_example_evaluation
        )
        self.export_action = self._action(file_menu, "Ex&port Evaluation…", "Ctrl+E", self.export_evaluation)
        file_menu.addSeparator()
        self.reload_action = self._action(file_menu, "&Reload", ["F5", "Ctrl+R"], self.reload)
        file_menu.addSeparator()
        self.open_library_action = self._action(file_menu, "Open &Library…", "Ctrl+O", self._ask_library)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", "Ctrl+Q", self.close)
        edit_menu = self.menuBar().addMenu("E&dit")  # Alt+E is the Evaluation tab
        edit_menu.addAction(self.project.undo_action)
        edit_menu.addAction(self.project.redo_action)
        project_menu = self.menuBar().addMenu("&Project")
        for action in self.project.project_actions:
            if action is None:
                project_menu.addSeparator()
            else:
                project_menu.addAction(action)
        view_menu = self.menuBar().addMenu("&View")
        self._action(view_menu, "&Tender", "Ctrl+1", lambda: self.tabs.setCurrentIndex(TENDER_TAB))
        self._action(view_menu, "Clause &Library", "Ctrl+2", lambda: self.tabs.setCurrentIndex(LIBRARY_TAB))
        self._action(view_menu, "&Evaluation", "Ctrl+3", lambda: self.tabs.setCurrentIndex(EVALUATION_TAB))
        self._action(view_menu, "Pro&ject", "Ctrl+4", lambda: self.tabs.setCurrentIndex(PROJECT_TAB))
        view_menu.addSeparator()
        tv = self.tender_view
        self._action(view_menu, "Go to &Outline", "Ctrl+Shift+L", lambda: self._focus(TENDER_TAB, tv.outline))
        self._action(view_menu, "Go to &Checks", "Ctrl+Shift+K", self.go_to_checks)
        self._action(view_menu, "Go to Co&verage", "Ctrl+Shift+G", self.go_to_coverage)
        self._action(view_menu, "&Filter Clauses", "Ctrl+F", self._focus_filter)
        problems = self.problems_dock.toggleViewAction()
        problems.setText("Library &Problems")
        problems.setShortcut(QKeySequence("Ctrl+Shift+P"))
        view_menu.addAction(problems)
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&About Procure", "F1", self._about)
        self._update_actions()

    def _action(self, menu: QMenu, text: str, shortcut: str | Sequence[str], slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        keys = [shortcut] if isinstance(shortcut, str) else shortcut
        action.setShortcuts([QKeySequence(key) for key in keys])  # written out: some platforms lack Quit or Find
        action.triggered.connect(slot)
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

    # --- the library --------------------------------------------------------------------------
    def open_library(self, root: Path, *, reload_tender: bool = True) -> None:
        """Load ``root`` in the background; the tender and the evaluation are checked again against it."""
        self.library_root = root
        self.summary.setText(f"Loading {root} …")
        self._job_started()
        run_in_background(self, lambda: _load(root), self._on_loaded, self._on_failed)
        if reload_tender and self.spec_path is not None:
            self._load_tender(f"Checking {self.spec_path.name} against {root.name} …")
        if reload_tender and self.evaluation_path is not None:
            self._load_evaluation(f"Checking {self.evaluation_path.name} against {root.name} …")

    def _on_loaded(self, loaded: _Loaded) -> None:
        self._job_finished()
        self.statusBar().clearMessage()
        self.loaded = loaded
        library = loaded.library
        self.library_view.show_library(library, loaded.diagnostics, loaded.guidelines)
        errors = sum(1 for d in loaded.diagnostics if d.is_error)
        warnings = len(loaded.diagnostics) - errors
        verdict = "library valid" if errors == 0 else f"{errors} error(s) — see Library problems"
        if warnings:
            verdict += f", {warnings} warning(s)"
        self.summary.setText(
            f"{len(library.clauses)} clauses in {len(library.categories)} categories · {verdict} · {library.root}"
        )
        settings.LAST_LIBRARY.write(str(library.root))
        self._update_title()

    def _on_failed(self, error: Exception) -> None:
        self._job_finished()
        self.summary.setText("The library could not be loaded.")
        log.error("the library could not be loaded", exc_info=error)
        dialogs.show_message(self, "Procure", f"The library could not be loaded:\n{error}")

    # --- the tender ---------------------------------------------------------------------------
    def open_spec(self, path: Path) -> None:
        """Open the tender spec at ``path`` in the background, and watch it for changes."""
        self.spec_path = path.expanduser().resolve()
        self.spec_watcher.watch(self.spec_path)
        self._load_tender(f"Opening {self.spec_path.name} …")

    def open_example(self) -> None:
        self.open_spec(example_spec())

    def reload(self) -> None:
        """Read the spec, the evaluation and the library again (any may have been edited in another program)."""
        if self.library_root is not None and not self._building and not self._exporting:
            self.open_library(self.library_root)

    def _load_tender(self, message: str) -> None:
        spec, root = self.spec_path, self.library_root
        assert spec is not None and root is not None
        self.tender_view.show_loading(spec)
        self.tender_summary.setText(escape(message))
        self._tender_load.start(lambda: load_tender_state(spec, root))

    def _on_tender_loaded(self, state: TenderState) -> None:
        self._show_tender(state)
        self.tender_summary.setText(verdict_html(state))

    def _on_tender_failed(self, error: Exception) -> None:
        log.error("the tender spec could not be opened", exc_info=error)
        self.tender_summary.setText("The tender spec could not be opened.")
        self._update_actions()
        dialogs.show_message(self, "Procure", f"The tender spec could not be opened: {error}")

    def _show_tender(self, state: TenderState) -> None:
        self.tender_state = state
        self.tender_view.show_state(state)
        settings.LAST_SPEC.write(str(state.spec_path))
        self._update_title()
        self._update_actions()

    # --- building -----------------------------------------------------------------------------
    def build(self) -> None:
        """Ask where to write the tender, then check the spec again and write it in the background."""
        state = self.tender_state
        if state is None or not self.build_action.isEnabled() or self.library_root is None:
            return
        target = dialogs.choose_build_target(self, self._suggested_docx(state), settings.WRITE_RESPONSE_FORM.read())
        if target is None:
            return
        settings.WRITE_RESPONSE_FORM.write(target.response_form)
        settings.BUILD_FOLDER.write(str(target.docx.parent))
        request = BuildRequest(state.spec_path, self.library_root, target.docx, target.response_form)
        self._tender_load.forget()  # the build checks the spec again and shows that
        self._building = True
        self.tender_summary.setText(escape(f"Building {target.docx.name} …"))
        self._job_started()
        run_in_background(self, lambda: build_tender(request), self._on_built, self._on_build_failed)

    def _on_built(self, result: BuildResult) -> None:
        self._building = False
        self._job_finished()
        self._show_tender(result.state)
        if not result.written:
            self.tender_summary.setText(verdict_html(result.state))
            dialogs.show_message(
                self, "Build Tender", "Nothing was written: the spec has errors now (see Checks). Fix them, then build."
            )
        else:
            self.tender_summary.setText(built_html(result))
            if result.pin_error:
                dialogs.show_message(
                    self, "Build Tender", f"The tender was written, but its clauses were not pinned: {result.pin_error}"
                )
        self._after_work()

    def _on_build_failed(self, error: Exception) -> None:
        self._building = False
        self._job_finished()
        self._update_actions()
        self.tender_summary.setText("<b>The tender was not built.</b>")
        if isinstance(error, WriteError):
            text = str(error)
        else:
            log.error("the tender could not be built", exc_info=error)
            text = f"The tender could not be built: {error}"
        dialogs.show_message(self, "Build Tender", text)
        self._after_work()

    def _suggested_docx(self, state: TenderState) -> Path:
        """Beside the spec; for the read-only bundled example, the last build folder or Documents."""
        spec = state.spec_path
        folder = spec.parent
        if is_bundled(spec):
            last = settings.BUILD_FOLDER.read()
            documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            folder = Path(last) if last and Path(last).is_dir() else Path(documents or Path.home())
        return folder / f"{document_stem(spec)}.docx"

    # --- the evaluation -----------------------------------------------------------------------
    def open_evaluation(self, path: Path) -> None:
        """Open the evaluation file at ``path`` in the background, and watch it for changes."""
        self.evaluation_source = None
        self.evaluation_path = path.expanduser().resolve()
        self.evaluation_watcher.watch(self.evaluation_path)
        self._load_evaluation(f"Opening {self.evaluation_path.name} …")

    def open_example_evaluation(self) -> None:
        self.tabs.setCurrentIndex(EVALUATION_TAB)
        self.open_evaluation(example_evaluation())

    def _load_evaluation(self, message: str) -> None:
        path, root, source = self.evaluation_path, self.library_root, self.evaluation_source
        assert path is not None and root is not None
        self.evaluation_view.show_loading(path)
        self.evaluation_summary.setText(escape(message))
        self._evaluation_load.start(
            (lambda: load_project_evaluation_state(source, root))
            if source is not None
            else (lambda: load_evaluation_state(path, root))
        )

    def _on_evaluation_loaded(self, state: EvaluationState) -> None:
        self._show_evaluation(state)
        self.evaluation_summary.setText(status_html(state))

    def _on_evaluation_failed(self, error: Exception) -> None:
        log.error("the evaluation file could not be opened", exc_info=error)
        self.evaluation_summary.setText("The evaluation file could not be opened.")
        self._update_actions()
        dialogs.show_message(self, "Procure", f"The evaluation file could not be opened: {error}")

    def _show_evaluation(self, state: EvaluationState) -> None:
        self.evaluation_state = state
        self.evaluation_view.show_state(state)
        if state.source is None:  # a project's evaluation is reopened from the project, not remembered
            settings.LAST_EVALUATION.write(str(state.path))
        self._update_title()
        self._update_actions()

    def export_evaluation(self) -> None:
        """Ask for a folder and the records, then evaluate the file again and write them in the background."""
        state = self.evaluation_state
        if state is None or not self.export_action.isEnabled() or self.library_root is None:
            return
        suggested = dialogs.ExportTarget(
            self._suggested_export_folder(state),
            settings.EXPORT_WORKBOOK.read(),
            settings.EXPORT_REPORT.read(),
            settings.EXPORT_LETTERS.read(),
        )
        target = dialogs.choose_export_target(self, suggested, evaluation_stem(state.path))
        if target is None or not (target.workbook or target.report or target.letters):
            return
        settings.EXPORT_FOLDER.write(str(target.folder))
        settings.EXPORT_WORKBOOK.write(target.workbook)
        settings.EXPORT_REPORT.write(target.report)
        settings.EXPORT_LETTERS.write(target.letters)
        request = ExportRequest(
            state.path,
            self.library_root,
            target.folder,
            target.workbook,
            target.report,
            target.letters,
            source=state.source,
        )
        self._evaluation_load.forget()  # the export evaluates the file again and shows that
        self._exporting = True
        self.evaluation_summary.setText(escape(f"Exporting the evaluation to {target.folder} …"))
        self._job_started()
        run_in_background(self, lambda: write_outputs(request), self._on_exported, self._on_export_failed)

    def _on_exported(self, result: ExportResult) -> None:
        self._exporting = False
        self._job_finished()
        self._show_evaluation(result.state)
        if not result.state.ok:
            self.evaluation_summary.setText(status_html(result.state))
            dialogs.show_message(
                self,
                "Export Evaluation",
                "Nothing was written: the evaluation file has errors now (see Checks). Fix them, then export.",
            )
        elif result.error:
            self.evaluation_summary.setText(
                exported_html(result) if result.anything_written else "<b>The evaluation was not exported.</b>"
            )
            dialogs.show_message(self, "Export Evaluation", _export_error_text(result))
        else:
            self.evaluation_summary.setText(exported_html(result))
        self._after_evaluation_work()

    def _on_export_failed(self, error: Exception) -> None:
        self._exporting = False
        self._job_finished()
        self._update_actions()
        self.evaluation_summary.setText("<b>The evaluation was not exported.</b>")
        if isinstance(error, WriteError):
            text = str(error)
        else:
            log.error("the evaluation could not be exported", exc_info=error)
            text = f"The evaluation could not be exported: {error}"
        dialogs.show_message(self, "Export Evaluation", text)
        self._after_evaluation_work()

    def _suggested_export_folder(self, state: EvaluationState) -> Path:
        """Beside the evaluation file (a project's evaluation: beside the project file, or Documents when
        that folder cannot be written); for the read-only bundled example, the last export folder or
        Documents. Never a temporary folder: records must outlive the app."""
        if state.project is not None:
            folder = state.project.parent
            if folder.is_dir() and os.access(folder, os.W_OK):
                return folder
            documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            return Path(documents or Path.home())
        folder = state.path.parent
        if is_bundled(state.path):
            last = settings.EXPORT_FOLDER.read()
            documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            folder = Path(last) if last and Path(last).is_dir() else Path(documents or Path.home())
        return folder

    def _evaluation_changed_on_disk(self) -> None:
        if self.evaluation_path is None:
            return
        if self._exporting:
            self._evaluation_reload_pending = True
        else:
            self._load_evaluation(f"{self.evaluation_path.name} changed on disk: evaluating it again …")

    def _after_evaluation_work(self) -> None:
        if self._evaluation_reload_pending:
            self._evaluation_reload_pending = False
            self._evaluation_changed_on_disk()

    # --- the project (what ProjectController asks of the window) --------------------------------
    def show_project_evaluation(self, source: ProjectEvaluation) -> None:
        """Evaluate a project's evaluation, held in memory, on the Evaluation tab (not remembered as the
        last evaluation file: it has no file). Records exported from it carry the project's audit trail."""
        self.evaluation_source = source
        self.evaluation_path = source.path
        self.evaluation_watcher.watch(None)  # nothing on disk to watch
        self.tabs.setCurrentIndex(EVALUATION_TAB)
        self._load_evaluation(self.tr("Evaluating the project {name} …").format(name=source.project.name))

    def job_started(self) -> None:
        self._job_started()

    def job_finished(self) -> None:
        self._job_finished()

    def project_changed(self) -> None:
        self._update_title()

    # --- watching the spec --------------------------------------------------------------------
    def _spec_changed_on_disk(self) -> None:
        if self.spec_path is None:
            return
        if self._building:
            self._reload_pending = True
        else:
            self._load_tender(f"{self.spec_path.name} changed on disk: checking it again …")

    def _after_work(self) -> None:
        if self._reload_pending:
            self._reload_pending = False
            self._spec_changed_on_disk()

    # --- state of the window ------------------------------------------------------------------
    def _job_started(self) -> None:
        self._jobs += 1
        self.busy.show()
        self._update_actions()

    def _job_finished(self) -> None:
        self._jobs = max(0, self._jobs - 1)
        self.busy.setVisible(self._jobs > 0)
        self._update_actions()

    def _update_actions(self) -> None:
        if not hasattr(self, "export_action"):
            return
        idle = not self._building and not self._exporting
        openers = (
            self.open_spec_action,
            self.example_action,
            self.open_evaluation_action,
            self.example_evaluation_action,
            self.reload_action,
            self.open_library_action,
        )
        for action in openers:
            action.setEnabled(idle)
        state = self.tender_state
        self.build_action.setEnabled(idle and not self._tender_load.loading and state is not None and state.buildable)
        evaluation = self.evaluation_state
        self.export_action.setEnabled(
            idle and not self._evaluation_load.loading and evaluation is not None and evaluation.ok
        )
        self.project.update_actions(idle)

    def _update_title(self) -> None:
        parts = ["Procure"]
        if self.tabs.currentIndex() == PROJECT_TAB:
            snapshot = self.project.snapshot
            if snapshot is not None:
                parts += [snapshot.name, snapshot.path.name]
            self.setWindowTitle(" — ".join(parts))
            return
        shown = self.evaluation_path if self.tabs.currentIndex() == EVALUATION_TAB else self.spec_path
        if self.tabs.currentIndex() == EVALUATION_TAB and self.evaluation_source is not None:
            shown = self.evaluation_source.project  # a project's evaluation: name the project
        if shown is not None:
            parts.append(shown.name)
        if self.loaded is not None:
            parts.append(f"{self.loaded.library.title} {self.loaded.library.version}".rstrip())
        self.setWindowTitle(" — ".join(parts))

    def _tab_changed(self, index: int) -> None:
        self.tender_summary.setVisible(index == TENDER_TAB)
        self.summary.setVisible(index == LIBRARY_TAB)
        self.evaluation_summary.setVisible(index == EVALUATION_TAB)
        self.project_summary.setVisible(index == PROJECT_TAB)
        self._update_title()

    def _location_copied(self, where: str) -> None:
        self.statusBar().showMessage(f"Copied {where} to the clipboard: paste it into your editor to go there", 8000)

    # --- interaction --------------------------------------------------------------------------
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

    def _focus_filter(self) -> None:
        self.tabs.setCurrentIndex(LIBRARY_TAB)
        self.library_view.focus_filter()

    def _ask_spec(self) -> None:
        start = str(self.spec_path.parent if self.spec_path and not is_bundled(self.spec_path) else Path.home())
        chosen = dialogs.choose_spec_file(self, start)
        if chosen:
            self.tabs.setCurrentIndex(TENDER_TAB)
            self.open_spec(Path(chosen))

    def _ask_evaluation(self) -> None:
        path = self.evaluation_path
        start = str(path.parent if path and not is_bundled(path) else Path.home())
        chosen = dialogs.choose_evaluation_file(self, start)
        if chosen:
            self.tabs.setCurrentIndex(EVALUATION_TAB)
            self.open_evaluation(Path(chosen))

    def _ask_library(self) -> None:
        start = str(self.library_root or paths.library_dir())
        chosen = choose_folder(self, "Open a clause library folder", start)
        if chosen:
            self.tabs.setCurrentIndex(LIBRARY_TAB)
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
        if not self.project.may_close_project():
            event.ignore()
            return
        self.project.shutdown()
        self.project_view.save_layout()
        settings.WINDOW_GEOMETRY.write(self.saveGeometry())
        settings.WINDOW_STATE.write(self.saveState())
        settings.LIBRARY_STATE.write(self.library_view.saveState())
        self.tender_view.save_layout()
        self.evaluation_view.save_layout()
        super().closeEvent(event)


def _export_error_text(result: ExportResult) -> str:
    """The write error, and what was written before it."""
    written = [path.name for path in result.written]
    if result.letters and result.letters_folder is not None:
        written.append(f"{len(result.letters)} letters in {result.letters_folder.name}")
    text = result.error or ""
    if written:
        text += f"\n\nWritten before it: {', '.join(written)}."
    return text
