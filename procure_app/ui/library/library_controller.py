"""The Clause library workspace: which library is open, loading it, and its summary.

Opening a library emits :attr:`LibraryController.opened`; the tender and the evaluation
workspaces check their files again against it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QMainWindow

from ... import paths
from ...core.base.diagnostics import Diagnostic
from ...core.library.checked import load_checked_library
from ...core.library.clauses import ClauseLibrary
from ...core.library.guidelines import GuidelinesModel, load_guidelines
from .. import dialogs, settings
from ..latest_load import LatestLoad
from ..workspace import WorkspaceHost, make_action
from .library_view import LibraryView

__all__ = ["LibraryController", "LoadedLibrary", "load_library_checked"]

log = logging.getLogger("procure")


@dataclass
class LoadedLibrary:
    library: ClauseLibrary
    diagnostics: list[Diagnostic]
    guidelines: GuidelinesModel | None


def load_library_checked(root: Path) -> LoadedLibrary:
    """The library at ``root`` with every check run, and the guidelines model (worker thread)."""
    library, diagnostics = load_checked_library(root, paths.guidelines_file())
    guidelines, _ = load_guidelines(paths.guidelines_file())
    return LoadedLibrary(library, diagnostics, guidelines)


class LibraryController(QObject):
    opened = Signal(Path)  # a library is being opened (its root)
    shown = Signal()  # the library opened is read: ``loaded`` holds it

    def __init__(self, window: QMainWindow, host: WorkspaceHost, view: LibraryView, summary: QLabel) -> None:
        super().__init__(window)
        self.window, self.host, self.view, self.summary = window, host, view, summary
        self.root: Path | None = None
        self.loaded: LoadedLibrary | None = None
        self._load: LatestLoad[LoadedLibrary] = LatestLoad(
            self, started=host.job_started, finished=host.job_finished, shown=self._on_loaded, failed=self._on_failed
        )
        self.open_action = make_action(window, self.tr("Open &Library…"), "Ctrl+Alt+O", self.ask)

    def open(self, root: Path) -> None:
        """Load ``root`` in the background; the other workspaces hear of it through :attr:`opened`."""
        self.root = root
        self.summary.setText(self.tr("Loading {root} …").format(root=root))
        self._load.start(lambda: load_library_checked(root))
        self.opened.emit(root)

    def ask(self) -> None:
        start = str(self.root or paths.library_dir())
        chosen = dialogs.choose_library_folder(self.window, start)
        if chosen:
            self.host.reveal(self.view)
            self.open(Path(chosen))

    def update_actions(self, idle: bool) -> None:
        self.open_action.setEnabled(idle)

    def _on_loaded(self, loaded: LoadedLibrary) -> None:
        self.window.statusBar().clearMessage()
        self.loaded = loaded
        library = loaded.library
        self.view.show_library(library, loaded.diagnostics, loaded.guidelines)
        errors = sum(1 for d in loaded.diagnostics if d.is_error)
        warnings = len(loaded.diagnostics) - errors
        verdict = (
            self.tr("library valid")
            if errors == 0
            else self.tr("{errors} error(s) — see Library problems").format(errors=errors)
        )
        if warnings:
            verdict += self.tr(", {warnings} warning(s)").format(warnings=warnings)
        self.summary.setText(
            self.tr("{clauses} clauses in {categories} categories · {verdict} · {root}").format(
                clauses=len(library.clauses), categories=len(library.categories), verdict=verdict, root=library.root
            )
        )
        settings.LAST_LIBRARY.write(str(library.root))
        self.shown.emit()
        self.host.workspace_changed()

    def _on_failed(self, error: Exception) -> None:
        self.summary.setText(self.tr("The library could not be loaded."))
        log.error("the library could not be loaded", exc_info=error)
        message = self.tr("The library could not be loaded:\n{error}").format(error=error)
        dialogs.show_message(self.window, "Procure", message)
