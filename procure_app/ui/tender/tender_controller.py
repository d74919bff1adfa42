"""The Tender workspace: the open tender spec, checking it as it changes on disk, and building it.

The spec is loaded in the background (:class:`~procure_app.ui.latest_load.LatestLoad`) and watched
(:class:`~procure_app.ui.file_watcher.FileWatcher`); a change saved while the tender is being built is read once
the build has ended (:class:`~procure_app.ui.workspace.HeldReload`).
"""

from __future__ import annotations

import logging
from html import escape
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtWidgets import QLabel, QMainWindow

from ...core.base.atomic import WriteError
from .. import dialogs, settings
from ..file_watcher import FileWatcher
from ..latest_load import LatestLoad
from ..library.library_controller import LibraryController
from ..workers import run_in_background
from ..workspace import HeldReload, WorkspaceHost, make_action
from .tender_html import built_html, verdict_html
from .tender_jobs import (
    BuildRequest,
    BuildResult,
    TenderState,
    build_tender,
    document_stem,
    example_spec,
    is_bundled,
    load_tender_state,
)
from .tender_view import TenderView

__all__ = ["TenderController", "initial_spec"]

log = logging.getLogger("procure")


def initial_spec(given: Path | None = None) -> Path:
    """The spec to open at start-up: the one given, else the last one used, else the bundled example."""
    if given is not None:
        return given
    last = settings.LAST_SPEC.read()
    if last and Path(last).is_file():
        return Path(last)
    return example_spec()


class TenderController(QObject):
    def __init__(
        self, window: QMainWindow, host: WorkspaceHost, view: TenderView, summary: QLabel, library: LibraryController
    ) -> None:
        super().__init__(window)
        self.window, self.host, self.view, self.summary, self.library = window, host, view, summary, library
        self.spec_path: Path | None = None
        self.state: TenderState | None = None
        self._load: LatestLoad[TenderState] = LatestLoad(
            self, started=host.job_started, finished=host.job_finished, shown=self._on_loaded, failed=self._on_failed
        )
        self._held = HeldReload(self._changed_on_disk)
        self.watcher = FileWatcher(self)
        self.watcher.changed.connect(self._held.request)
        library.opened.connect(self._library_opened)
        self.open_action = make_action(window, self.tr("&Open Tender Spec…"), "Ctrl+Shift+D", self.ask)
        self.example_action = make_action(window, self.tr("Open Example &Tender"), "Ctrl+Shift+T", self.open_example)
        self.build_action = make_action(window, self.tr("&Build Tender…"), "Ctrl+B", self.build)

    @property
    def building(self) -> bool:
        return self._held.writing

    # --- opening ------------------------------------------------------------------------------
    def open(self, path: Path) -> None:
        """Open the tender spec at ``path`` in the background, and watch it for changes."""
        self.spec_path = path.expanduser().resolve()
        self.watcher.watch(self.spec_path)
        self._start_load(self.tr("Opening {name} …").format(name=self.spec_path.name))

    def open_example(self) -> None:
        self.open(example_spec())

    def ask(self) -> None:
        start = str(self.spec_path.parent if self.spec_path and not is_bundled(self.spec_path) else Path.home())
        chosen = dialogs.choose_spec_file(self.window, start)
        if chosen:
            self.host.reveal(self.view)
            self.open(Path(chosen))

    def _library_opened(self, root: Path) -> None:
        if self.spec_path is not None:
            self._start_load(
                self.tr("Checking {name} against {library} …").format(name=self.spec_path.name, library=root.name)
            )

    def _changed_on_disk(self) -> None:
        if self.spec_path is not None:
            self._start_load(self.tr("{name} changed on disk: checking it again …").format(name=self.spec_path.name))

    def _start_load(self, message: str) -> None:
        spec, root = self.spec_path, self.library.root
        assert spec is not None and root is not None
        self.view.show_loading(spec)
        self.summary.setText(escape(message))
        self._load.start(lambda: load_tender_state(spec, root))

    def _on_loaded(self, state: TenderState) -> None:
        self._show(state)
        self.summary.setText(verdict_html(state))

    def _on_failed(self, error: Exception) -> None:
        log.error("the tender spec could not be opened", exc_info=error)
        self.summary.setText(self.tr("The tender spec could not be opened."))
        self.host.workspace_changed()
        dialogs.show_message(
            self.window, "Procure", self.tr("The tender spec could not be opened: {error}").format(error=error)
        )

    def _show(self, state: TenderState) -> None:
        self.state = state
        self.view.show_state(state)
        settings.LAST_SPEC.write(str(state.spec_path))
        self.host.workspace_changed()

    # --- building -----------------------------------------------------------------------------
    def build(self) -> None:
        """Ask where to write the tender, then check the spec again and write it in the background."""
        state, root = self.state, self.library.root
        if state is None or not self.build_action.isEnabled() or root is None:
            return
        target = dialogs.choose_build_target(
            self.window, self.suggested_docx(state), settings.WRITE_RESPONSE_FORM.read()
        )
        if target is None:
            return
        settings.WRITE_RESPONSE_FORM.write(target.response_form)
        settings.BUILD_FOLDER.write(str(target.docx.parent))
        request = BuildRequest(state.spec_path, root, target.docx, target.response_form)
        self._load.forget()  # the build checks the spec again and shows that
        self._held.write_started()
        self.summary.setText(escape(self.tr("Building {name} …").format(name=target.docx.name)))
        self.host.job_started()
        run_in_background(self, lambda: build_tender(request), self._on_built, self._on_build_failed)

    def _on_built(self, result: BuildResult) -> None:
        self._held.write_ended()
        self.host.job_finished()
        self._show(result.state)
        title = self.tr("Build Tender")
        if not result.written:
            self.summary.setText(verdict_html(result.state))
            dialogs.show_message(
                self.window,
                title,
                self.tr("Nothing was written: the spec has errors now (see Checks). Fix them, then build."),
            )
        else:
            self.summary.setText(built_html(result))
            if result.pin_error:
                dialogs.show_message(
                    self.window,
                    title,
                    self.tr("The tender was written, but its clauses were not pinned: {error}").format(
                        error=result.pin_error
                    ),
                )
        self._held.catch_up()

    def _on_build_failed(self, error: Exception) -> None:
        self._held.write_ended()
        self.host.job_finished()
        self.summary.setText(self.tr("<b>The tender was not built.</b>"))
        if isinstance(error, WriteError):
            text = str(error)
        else:
            log.error("the tender could not be built", exc_info=error)
            text = self.tr("The tender could not be built: {error}").format(error=error)
        dialogs.show_message(self.window, self.tr("Build Tender"), text)
        self._held.catch_up()

    def suggested_docx(self, state: TenderState) -> Path:
        """Beside the spec; for the read-only bundled example, the last build folder or Documents."""
        spec = state.spec_path
        folder = spec.parent
        if is_bundled(spec):
            last = settings.BUILD_FOLDER.read()
            documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            folder = Path(last) if last and Path(last).is_dir() else Path(documents or Path.home())
        return folder / f"{document_stem(spec)}.docx"

    def update_actions(self, idle: bool) -> None:
        """``idle``: no workspace is writing. Opening waits for a write; building needs a buildable spec."""
        self.open_action.setEnabled(idle)
        self.example_action.setEnabled(idle)
        state = self.state
        self.build_action.setEnabled(idle and not self._load.loading and state is not None and state.buildable)
