"""The Evaluation workspace: the open evaluation (a file, or a project's held in memory) and its export.

An evaluation file is loaded in the background and watched; a project's evaluation comes from the
Project workspace (:meth:`EvaluationController.show_project_evaluation`) and has no file to watch.
A change saved while the records are being written is read once the export has ended.
"""

from __future__ import annotations

import logging
import os
from html import escape
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtWidgets import QLabel, QMainWindow

from ...core.base.atomic import WriteError
from ...core.project.store.interchange import ProjectEvaluation
from .. import dialogs, recent_files, settings
from ..file_watcher import FileWatcher
from ..latest_load import LatestLoad
from ..library.library_controller import LibraryController
from ..tender.tender_jobs import is_bundled
from ..workers import run_in_background
from ..workspace import HeldReload, WorkspaceHost, make_action
from .evaluation_html import exported_html, status_html
from .evaluation_jobs import (
    EvaluationState,
    ExportRequest,
    ExportResult,
    evaluation_stem,
    example_evaluation,
    load_evaluation_state,
    load_project_evaluation_state,
    write_outputs,
)
from .evaluation_view import EvaluationView

__all__ = ["EvaluationController", "initial_evaluation"]

log = logging.getLogger("procure")


def initial_evaluation(given: Path | None = None) -> Path:
    """The evaluation to open at start-up: the one given, else the last one used, else the bundled example."""
    if given is not None:
        return given
    last = settings.LAST_EVALUATION.read()
    if last and Path(last).is_file():
        return Path(last)
    return example_evaluation()


class EvaluationController(QObject):
    def __init__(
        self,
        window: QMainWindow,
        host: WorkspaceHost,
        view: EvaluationView,
        summary: QLabel,
        library: LibraryController,
    ) -> None:
        super().__init__(window)
        self.window, self.host, self.view, self.summary, self.library = window, host, view, summary, library
        self.path: Path | None = None
        self.state: EvaluationState | None = None
        # A project's evaluation, held in memory, when the workspace shows one (no file of its own).
        self.source: ProjectEvaluation | None = None
        self._load: LatestLoad[EvaluationState] = LatestLoad(
            self, started=host.job_started, finished=host.job_finished, shown=self._on_loaded, failed=self._on_failed
        )
        self._held = HeldReload(self._changed_on_disk)
        self.watcher = FileWatcher(self)
        self.watcher.changed.connect(self._held.request)
        library.opened.connect(self._library_opened)
        self.open_action = make_action(window, self.tr("Open &Evaluation…"), "Ctrl+Shift+E", self.ask)
        self.example_action = make_action(
            window, self.tr("Open Example Evalu&ation"), "Ctrl+Shift+X", self.open_example
        )
        self.export_action = make_action(window, self.tr("Ex&port Evaluation…"), "Ctrl+E", self.export)

    @property
    def exporting(self) -> bool:
        return self._held.writing

    # --- opening ------------------------------------------------------------------------------
    def open(self, path: Path) -> None:
        """Open the evaluation file at ``path`` in the background, and watch it for changes."""
        self.source = None
        self.path = path.expanduser().resolve()
        self.watcher.watch(self.path)
        self._start_load(self.tr("Opening {name} …").format(name=self.path.name))

    def open_example(self) -> None:
        self.host.reveal(self.view)
        self.open(example_evaluation())

    def ask(self) -> None:
        path = self.path
        start = str(path.parent if path and not is_bundled(path) else Path.home())
        chosen = dialogs.choose_evaluation_file(self.window, start)
        if chosen:
            self.host.reveal(self.view)
            self.open(Path(chosen))

    def show_project_evaluation(self, source: ProjectEvaluation) -> None:
        """Evaluate a project's evaluation, held in memory (not remembered as the last evaluation file:
        it has no file). Records exported from it carry the project's audit trail."""
        self.source = source
        self.path = source.path
        self.watcher.watch(None)  # nothing on disk to watch
        self.host.reveal(self.view)
        self._start_load(self.tr("Evaluating the project {name} …").format(name=source.project.name))

    @property
    def shown_file(self) -> Path | None:
        """The file the workspace shows: the evaluation file, or the project a held evaluation came from."""
        return self.source.project if self.source is not None else self.path

    def _library_opened(self, root: Path) -> None:
        if self.path is not None:
            self._start_load(
                self.tr("Checking {name} against {library} …").format(name=self.path.name, library=root.name)
            )

    def _changed_on_disk(self) -> None:
        if self.path is not None:
            self._start_load(self.tr("{name} changed on disk: evaluating it again …").format(name=self.path.name))

    def _start_load(self, message: str) -> None:
        path, root, source = self.path, self.library.root, self.source
        assert path is not None and root is not None
        self.view.show_loading(path)
        self.summary.setText(escape(message))
        self._load.start(
            (lambda: load_project_evaluation_state(source, root))
            if source is not None
            else (lambda: load_evaluation_state(path, root))
        )

    def _on_loaded(self, state: EvaluationState) -> None:
        self._show(state)
        self.summary.setText(status_html(state))

    def _on_failed(self, error: Exception) -> None:
        log.error("the evaluation file could not be opened", exc_info=error)
        self.summary.setText(self.tr("The evaluation file could not be opened."))
        self.host.workspace_changed()
        dialogs.show_message(
            self.window, "Procure", self.tr("The evaluation file could not be opened: {error}").format(error=error)
        )

    def _show(self, state: EvaluationState) -> None:
        self.state = state
        self.view.show_state(state)
        if state.source is None:  # a project's evaluation is reopened from the project, not remembered
            settings.LAST_EVALUATION.write(str(state.path))
            recent_files.remember("evaluation", state.path)
        self.host.workspace_changed()

    # --- exporting ----------------------------------------------------------------------------
    def export(self) -> None:
        """Ask for a folder and the records, then evaluate again and write them in the background."""
        state, root = self.state, self.library.root
        if state is None or not self.export_action.isEnabled() or root is None:
            return
        suggested = dialogs.ExportTarget(
            self.suggested_export_folder(state),
            settings.EXPORT_WORKBOOK.read(),
            settings.EXPORT_REPORT.read(),
            settings.EXPORT_LETTERS.read(),
        )
        target = dialogs.choose_export_target(self.window, suggested, evaluation_stem(state.path))
        if target is None or not (target.workbook or target.report or target.letters):
            return
        settings.EXPORT_FOLDER.write(str(target.folder))
        settings.EXPORT_WORKBOOK.write(target.workbook)
        settings.EXPORT_REPORT.write(target.report)
        settings.EXPORT_LETTERS.write(target.letters)
        request = ExportRequest(
            state.path, root, target.folder, target.workbook, target.report, target.letters, source=state.source
        )
        self._load.forget()  # the export evaluates again and shows that
        self._held.write_started()
        self.summary.setText(escape(self.tr("Exporting the evaluation to {folder} …").format(folder=target.folder)))
        self.host.job_started()
        run_in_background(self, lambda: write_outputs(request), self._on_exported, self._on_export_failed)

    def _on_exported(self, result: ExportResult) -> None:
        self._held.write_ended()
        self.host.job_finished()
        self._show(result.state)
        title = self.tr("Export Evaluation")
        if not result.state.ok:
            self.summary.setText(status_html(result.state))
            dialogs.show_message(
                self.window,
                title,
                self.tr("Nothing was written: the evaluation file has errors now (see Checks). Fix them, then export."),
            )
        elif result.error:
            self.summary.setText(
                exported_html(result) if result.anything_written else self.tr("<b>The evaluation was not exported.</b>")
            )
            dialogs.show_message(self.window, title, self._export_error_text(result))
        else:
            self.summary.setText(exported_html(result))
        self._held.catch_up()

    def _on_export_failed(self, error: Exception) -> None:
        self._held.write_ended()
        self.host.job_finished()
        self.summary.setText(self.tr("<b>The evaluation was not exported.</b>"))
        if isinstance(error, WriteError):
            text = str(error)
        else:
            log.error("the evaluation could not be exported", exc_info=error)
            text = self.tr("The evaluation could not be exported: {error}").format(error=error)
        dialogs.show_message(self.window, self.tr("Export Evaluation"), text)
        self._held.catch_up()

    def _export_error_text(self, result: ExportResult) -> str:
        """The write error, and what was written before it."""
        written = [path.name for path in result.written]
        if result.letters and result.letters_folder is not None:
            folder = result.letters_folder.name
            written.append(self.tr("{count} letters in {folder}").format(count=len(result.letters), folder=folder))
        text = result.error or ""
        if written:
            text += "\n\n" + self.tr("Written before it: {files}.").format(files=", ".join(written))
        return text

    def suggested_export_folder(self, state: EvaluationState) -> Path:
        """Beside the evaluation file (a project's evaluation: beside the project file, or Documents when
        that folder cannot be written); for the read-only bundled example, the last export folder or
        Documents. Never a temporary folder: records must outlive the app."""
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        if state.project is not None:
            folder = state.project.parent
            if folder.is_dir() and os.access(folder, os.W_OK):
                return folder
            return Path(documents or Path.home())
        folder = state.path.parent
        if is_bundled(state.path):
            last = settings.EXPORT_FOLDER.read()
            folder = Path(last) if last and Path(last).is_dir() else Path(documents or Path.home())
        return folder

    def update_actions(self, idle: bool) -> None:
        """``idle``: no workspace is writing. Opening waits for a write; exporting needs a valid evaluation."""
        self.open_action.setEnabled(idle)
        self.example_action.setEnabled(idle)
        evaluation = self.state
        self.export_action.setEnabled(idle and not self._load.loading and evaluation is not None and evaluation.ok)
