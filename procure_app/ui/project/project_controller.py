"""The open project of the window: opening it, editing scores with undo, backups, checking it.

:class:`ProjectController` owns the :class:`~procure_app.core.project.store.ProjectStore` (its SQLite
connection lives in the GUI thread), the core :class:`~procure_app.core.project.store.undo.UndoStack`, the
actions of the Project and Edit menus (the panel's workflow is in :mod:`.project_workflow`) and
the backup timer. Every edit is committed at once; undo is a new edit (the audit log only grows).
Slow work goes to a worker, which opens the project file again in its own thread (see
:mod:`.project_jobs`). Questions and messages go through :mod:`.dialogs`, so that tests can answer
them.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Sequence
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, QStandardPaths, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QBoxLayout, QLabel, QMainWindow, QProgressBar

from ...core.project.panel.status import PanelAction, allowed_actions
from ...core.project.store import DamagedProjectError, ProjectError, ProjectStore, VerifyReport, read_audit_trail
from ...core.project.store.connection import FileIdentity, file_identity
from ...core.project.store.declaration_edit import edit_declarations
from ...core.project.store.errors import ProjectFileGoneError
from ...core.project.store.interchange import ProjectEvaluation, project_evaluation
from ...core.project.store.relocate import save_as
from ...core.project.store.undo import ConsensusEdit, ScoreEdit, UndoStack, edit_consensus, edit_score
from .. import dialogs, recent_files, settings
from ..workers import run_in_background
from ..workspace import WorkspaceHost, make_action
from .declaration_dialog import BidToDeclare
from .project_banner import GONE, READ_ONLY, ProjectBanner, choose_save_target
from .project_consensus import PANEL
from .project_dialogs import AuditLogDialog
from .project_jobs import (
    ProjectSnapshot,
    create_example_project,
    default_actor,
    example_project_path,
    read_snapshot,
    restore_copy,
    verify_project,
)
from .project_view import ProjectView
from .project_workflow import PanelWorkflow, sentence

__all__ = ["ProjectController", "ProjectHost", "data_folder"]

log = logging.getLogger("procure")
TICK_SECONDS = 60  # how often the backup timer asks whether a backup is due


class ProjectHost(WorkspaceHost, Protocol):
    """What the controller needs of the window around it: a workspace's needs, and the Evaluation
    workspace to show a project's evaluation."""

    def show_project_evaluation(self, source: ProjectEvaluation) -> None: ...


def data_folder() -> Path:
    """The user's data folder for Procure (QStandardPaths' AppDataLocation)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(found) if found else Path.home() / ".procure"


def _damage_words(details: list[str]) -> str:
    """SQLite's integrity findings in a few words: the first one, and how many more there are."""
    lines = [line.strip() for detail in details for line in detail.splitlines()]
    lines = [line for line in lines if line and not line.startswith("***")]
    if not lines:
        return "unknown damage"
    more = len(lines) - 1
    return lines[0] + (f", and {more} more problem{'s' if more > 1 else ''}" if more else "")


class ProjectController(QObject):
    def __init__(
        self, window: QMainWindow, host: ProjectHost, view: ProjectView, summary: QLabel, busy: QProgressBar
    ) -> None:
        super().__init__(window)
        self.window, self.host, self.view, self.summary, self.busy = window, host, view, summary, busy
        self.actor = default_actor()
        self.store: ProjectStore | None = None
        self.undo_stack: UndoStack | None = None
        self.snapshot: ProjectSnapshot | None = None
        self.working = 0  # project jobs in flight
        self.audit_dialog: AuditLogDialog | None = None
        self._idle = True  # the window is not building a tender or exporting an evaluation
        self._identity: FileIdentity | None = None  # the open file's device and inode, as opened
        self.banner = ProjectBanner(view)
        layout = view.layout()
        if isinstance(layout, QBoxLayout):
            layout.insertWidget(1, self.banner)  # under the project's header, above its buttons
        self.banner.save_as.connect(self.save_project_as)
        self.view.model.commit = self._commit
        self.view.consensus_model.commit = self._commit_consensus
        self.view.evaluator_chosen.connect(self._evaluator_chosen)
        self.backup_timer = QTimer(self)
        self.backup_timer.timeout.connect(self.backup_now_if_due)
        self.workflow = PanelWorkflow(
            self
        )  # the panel's steps, composed: they reach the project through this controller
        self._build_actions()

    # --- actions ------------------------------------------------------------------------------
    def _action(self, text: str, keys: str | Sequence[str], slot: Callable[[], object], tip: str = "") -> QAction:
        return make_action(self.window, text, keys, slot, tip)

    def _build_actions(self) -> None:
        self.open_action = self._action("Open Pro&ject…", "Ctrl+Shift+O", self.ask_project, "Open a project file")
        self.example_action = self._action(
            "Open E&xample Project", "Ctrl+Shift+J", self.open_example, "Open the example project (made if needed)"
        )
        self.undo_action = self._action("&Undo", "Ctrl+Z", self.undo)
        self.redo_action = self._action("&Redo", ["Ctrl+Shift+Z", "Ctrl+Y"], self.redo)
        self.generate_action = self._action(
            "&Generate Scoresheets…", "Ctrl+G", self.workflow.generate, "Write one XLSX scoresheet per evaluator"
        )
        self.import_sheet_action = self._action(
            "&Import Scoresheet…",
            "Ctrl+I",
            self.workflow.import_scoresheet,
            "Import a scoresheet an evaluator returned",
        )
        self.import_form_action = self._action(
            "Import &Response Form…",
            "Ctrl+Shift+I",
            self.workflow.import_response_form,
            "Import a bidder's response form",
        )
        self.lock_action = self._action(
            "&Lock Quality Scores…", "Ctrl+K", self.workflow.lock_quality, "Close quality scoring (cannot be undone)"
        )
        self.unseal_action = self._action(
            "U&nseal Prices…", "Ctrl+U", self.workflow.unseal_prices, "Open the price envelope (after the lock)"
        )
        self.evaluate_action = self._action(
            "&Evaluate Project", "F9", self.evaluate, "Rank the bids, on the Evaluation tab (once prices are unsealed)"
        )
        self.verify_action = self._action(
            "&Verify Project", "Ctrl+Shift+V", self.verify, "Check the file's integrity and its audit chain"
        )
        self.audit_action = self._action("&Audit Log…", "Ctrl+L", self.show_audit_log, "Every change, newest first")
        self.declare_action = self._action(
            self.tr("&Declare Conflicts of Interest…"),
            "Ctrl+D",
            self.declare,
            self.tr("The chosen evaluator declares a conflict of interest, or none, on each bid before scoring"),
        )
        self.view.declare_button.clicked.connect(self.declare)
        self.save_as_action = self._action(
            self.tr("Save Proje&ct As…"),
            "Ctrl+Shift+S",
            self.save_project_as,
            self.tr("Save the project under another name and keep working there"),
        )
        self.view.add_buttons(
            [
                self.generate_action,
                self.import_sheet_action,
                self.import_form_action,
                None,
                self.lock_action,
                self.unseal_action,
                self.evaluate_action,
                None,
                self.verify_action,
                self.audit_action,
            ]
        )
        self.update_actions()

    @property
    def project_actions(self) -> list[QAction | None]:
        """The Project menu, in order (None: a separator)."""
        return [
            self.declare_action,
            None,
            self.generate_action,
            self.import_sheet_action,
            self.import_form_action,
            None,
            self.lock_action,
            self.unseal_action,
            self.evaluate_action,
            None,
            self.verify_action,
            self.audit_action,
        ]

    def update_actions(self, idle: bool | None = None) -> None:
        """Enable what can be done now; ``idle`` is False while the window builds or exports (kept)."""
        if idle is None:
            idle = self._idle
        self._idle = idle
        snapshot = self.snapshot
        ready = idle and self.working == 0 and self.store is not None and snapshot is not None
        # What the envelopes allow now: the core's rule, which procure panel status lists too.
        allowed = (
            allowed_actions(snapshot.envelope, has_panel=bool(snapshot.evaluators), has_spec=snapshot.has_spec)
            if ready and snapshot is not None
            else frozenset()
        )
        self.open_action.setEnabled(idle and self.working == 0)
        self.example_action.setEnabled(idle and self.working == 0)
        self.generate_action.setEnabled(PanelAction.GENERATE_SCORESHEETS in allowed)
        self.import_sheet_action.setEnabled(PanelAction.IMPORT_SCORESHEET in allowed)
        self.import_form_action.setEnabled(PanelAction.IMPORT_RESPONSE_FORM in allowed)
        self.lock_action.setEnabled(PanelAction.LOCK_QUALITY in allowed)
        declarer = self.view.current_evaluator()
        may_declare = PanelAction.DECLARE in allowed and snapshot is not None and declarer in snapshot.evaluators
        self.declare_action.setEnabled(may_declare)
        self.view.declare_button.setEnabled(may_declare)
        self.unseal_action.setEnabled(PanelAction.UNSEAL_PRICES in allowed)
        self.evaluate_action.setEnabled(PanelAction.EVALUATE in allowed)
        self.verify_action.setEnabled(ready)
        self.audit_action.setEnabled(self.store is not None)
        self.save_as_action.setEnabled(idle and self.working == 0 and self.store is not None)
        self._update_undo_actions()
        self._update_banner()

    def _update_undo_actions(self) -> None:
        stack = self.undo_stack
        can_undo = stack is not None and stack.can_undo
        can_redo = stack is not None and stack.can_redo
        self.undo_action.setEnabled(can_undo)
        self.redo_action.setEnabled(can_redo)
        self.undo_action.setText(f"&Undo {stack.undo_label}" if stack is not None and can_undo else "&Undo")
        self.redo_action.setText(f"&Redo {stack.redo_label}" if stack is not None and can_redo else "&Redo")

    # --- opening ------------------------------------------------------------------------------
    def open_initial(self, given: Path | None) -> None:
        """At start-up: the project given, else the one used last, else the example (made the first time)."""
        if given is not None:
            self.open_project(given)
            return
        last = settings.LAST_PROJECT.read()
        if not last:
            self.open_example()
        elif Path(last).is_file():
            self.open_project(Path(last))
        else:
            self.say(f"The project used last, {last}, is no longer there: open a project (Ctrl+Shift+O).")

    def ask_project(self) -> None:
        if not self.open_action.isEnabled():
            return
        start = str(self.store.path.parent) if self.store is not None else str(Path.home())
        chosen = dialogs.choose_project_file(self.window, start)
        if chosen:
            self.open_project(Path(chosen))

    def open_example(self) -> None:
        """Open the example project in the user's data folder, making it first (in the background)."""
        target = example_project_path(data_folder())
        if target.is_file():
            self.open_project(target)
            return
        self.say("Making the example project …")
        self.job_started()
        run_in_background(self, lambda: create_example_project(target), self._on_example_made, self._on_example_failed)

    def _on_example_made(self, path: Path) -> None:
        self.job_finished()
        self.open_project(path)

    def _on_example_failed(self, error: Exception) -> None:
        self.job_finished()
        log.error("the example project could not be made", exc_info=error)
        self.say("The example project could not be made.")
        dialogs.show_message(self.window, "Example Project", f"The example project could not be made: {error}")

    def open_project(self, path: Path) -> bool:
        """Open ``path`` (the open project is closed first); False, after saying why, when it cannot be."""
        path = path.expanduser().absolute()
        if not self.may_close_project():
            return False
        try:
            store = ProjectStore.open(path, actor=self.actor)
        except DamagedProjectError as exc:
            return self._offer_backup(path, exc)
        except (ProjectError, sqlite3.Error, OSError) as exc:
            self.say(f"{path.name} was not opened.")
            dialogs.show_message(self.window, "Open Project", sentence(exc))
            return False
        self.close_project()
        self.store = store
        self._identity = file_identity(path)
        self.undo_stack = UndoStack(store, self.actor)
        self.view.model.drafts.clear()
        self.view.consensus_model.clear_drafts()
        settings.LAST_PROJECT.write(str(path))
        if path != example_project_path(data_folder()):  # the example has its own entry
            recent_files.remember("project", path)
        interval = self.backup_interval()
        self.backup_timer.start(int(min(TICK_SECONDS, max(1, interval)) * 1000))
        self.refresh()
        if store.read_only:  # nothing is backed up: the file cannot change from here
            self.say(self.tr("Opened {name} read-only: edits are not possible.").format(name=path.name))
        else:
            self.say(self.tr("Opened {name}; a backup was made in {name}.backups.").format(name=path.name))
        return True

    def _offer_backup(self, path: Path, error: DamagedProjectError) -> bool:
        first = _damage_words(error.details)
        self.say(f"{path.name} is damaged and was not opened.")
        if error.backup is None:
            dialogs.show_message(
                self.window,
                "Open Project",
                f"{path} is damaged ({first}) and no automatic backup of it was found.\n\n"
                "The file was left as it is. Ask for a copy of the project, or a backup made elsewhere.",
            )
            return False
        question = (
            f"{path.name} is damaged ({first}).\n\n"
            f"The newest automatic backup is {error.backup.name} in {error.backup.parent}.\n\n"
            "Procure can open a copy of that backup, saved beside the damaged file under a new name. "
            "The damaged file and the backup are left exactly as they are. Changes made after the backup "
            "are not in it."
        )
        if not dialogs.confirm(self.window, "Project File Damaged", question, "Open a Copy of the Backup"):
            return False
        try:
            copy = restore_copy(path, error.backup)
        except ProjectError as exc:
            dialogs.show_message(self.window, "Open Project", sentence(exc))
            return False
        return self.open_project(copy)

    def may_close_project(self) -> bool:
        """Save what is being typed, and ask before justifications typed without their score (or
        consensus scores and reasons waiting for each other) are dropped; True to go on."""
        self.view.commit_editing()
        drafts = len(self.view.model.drafts)
        consensus = len(self.view.consensus_model.drafts)
        if not drafts and not consensus:
            return True
        waiting = []
        if drafts:
            waiting.append(
                f"{drafts} justification{'s were' if drafts > 1 else ' was'} typed without a score, and "
                "a justification is only saved with its score"
            )
        if consensus:
            waiting.append(
                f"{consensus} consensus score{'s' if consensus > 1 else ''} or reason{'s' if consensus > 1 else ''} "
                f"{'wait' if consensus > 1 else 'waits'} for {'their' if consensus > 1 else 'its'} other half: a "
                "consensus score is only saved with its reason"
            )
        total = drafts + consensus
        question = f"{'; '.join(waiting)}. Close the project and drop {'them' if total > 1 else 'it'}?"
        if dialogs.confirm(self.window, "Unsaved Entries", question, "Drop and Close"):
            self.view.model.drafts.clear()
            self.view.consensus_model.clear_drafts()
            return True
        return False

    def close_project(self) -> None:
        """Back up if due, then close the project (every edit is already committed)."""
        self.backup_timer.stop()
        if self.store is not None:
            self.backup_now_if_due()
            self.store.close()
        self.store, self.undo_stack, self.snapshot, self._identity = None, None, None, None
        self._update_banner()

    def shutdown(self) -> None:
        self.close_project()
        if self.audit_dialog is not None:
            self.audit_dialog.close()

    # --- a file moved, deleted or read-only ----------------------------------------------------
    def file_gone(self) -> bool:
        """Whether the open project's file is no longer at its path (moved, deleted, its drive removed),
        or another file took its place: edits cannot be saved into it any more."""
        return self.store is not None and file_identity(self.store.path) != self._identity

    def _gone_refusal(self) -> str:
        self._update_banner()
        assert self.store is not None
        return self.tr("The change was not saved: {why}").format(why=sentence(ProjectFileGoneError(self.store.path)))

    def _update_banner(self) -> None:
        """Show what keeps the project from taking edits (its file gone, or read-only), or nothing."""
        store = self.store
        if store is None:
            self.banner.clear()
        elif self.file_gone():
            if self.banner.kind != GONE:
                self.say(
                    self.tr("{name} was moved or deleted: Save As… to keep your work.").format(name=store.path.name)
                )
            self.banner.show_problem(GONE, store.path)
        elif store.read_only:
            self.banner.show_problem(READ_ONLY, store.path)
        else:
            self.banner.clear()

    def save_project_as(self) -> None:
        """Ask for a new file, save the open project there and keep working in it (Ctrl+Shift+S)."""
        store = self.store
        if store is None or not self.save_as_action.isEnabled():
            return
        self.view.commit_editing()
        folder = store.path.parent
        if self.file_gone() or store.read_only or not folder.is_dir():
            documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            folder = Path(documents or Path.home())
        chosen = choose_save_target(self.window, str(folder / store.path.name))
        if not chosen:
            return
        old = store.path
        try:
            moved = save_as(store, Path(chosen).expanduser().absolute(), self.actor)
        except (ProjectError, sqlite3.Error, OSError) as exc:
            dialogs.show_message(
                self.window,
                self.tr("Save Project As"),
                self.tr("The project was not saved: {why}").format(why=sentence(exc)),
            )
            return
        self.store = moved
        self._identity = file_identity(moved.path)
        if self.undo_stack is not None:
            self.undo_stack.store = moved  # the same edits, now in the new file: undo goes on
        settings.LAST_PROJECT.write(str(moved.path))
        recent_files.remember("project", moved.path)
        self.refresh()
        self.say(self.tr("Saved {old} as {new}; your work continues in {new}.").format(old=old.name, new=moved.path))

    # --- what is shown ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the project again and show it."""
        store = self.store
        try:
            self.snapshot = read_snapshot(store) if store is not None else None
        except (ProjectError, sqlite3.Error) as exc:
            log.error("the project could not be read", exc_info=exc)
            self.say(f"The project could not be read: {exc}")
            self.snapshot = None
        wanted = self.view.current_evaluator() or settings.PROJECT_EVALUATOR.read()
        self.view.show_snapshot(self.snapshot, wanted)
        self.update_actions()
        if self.audit_dialog is not None and self.audit_dialog.isVisible():
            self._fill_audit_log()
        self.host.workspace_changed()

    def _evaluator_chosen(self, evaluator: str) -> None:
        if evaluator:
            settings.PROJECT_EVALUATOR.write(evaluator)
        self.update_actions()  # declaring is for an evaluator, not for the panel's consensus

    def say(self, text: str) -> None:
        """Say ``text`` in the Project tab's status line."""
        self.summary.setText(escape(text))

    # --- editing ------------------------------------------------------------------------------
    def _commit(self, bid: str, criterion: str, score: Decimal | None, justification: str) -> str | None:
        """One score edit through the undo stack, committed at once; why not, when it was refused."""
        store, stack = self.store, self.undo_stack
        evaluator = self.view.current_evaluator()
        if store is None or stack is None or not evaluator or evaluator == PANEL:
            return "No project is open."
        if self.file_gone():
            return self._gone_refusal()
        try:
            command = edit_score(store, evaluator, bid, criterion, score, justification)
            stack.push(command)
        except (ProjectError, sqlite3.Error, ArithmeticError) as exc:
            self._update_banner()
            return f"The change was not saved: {sentence(exc)}"
        self.refresh()
        self.say(f"Saved the {command.label} (audit entry {self._audit_head()}).")
        return None

    def _commit_consensus(self, bid: str, criterion: str, score: Decimal | None, reason: str) -> str | None:
        """One consensus edit (None: remove it) through the undo stack, committed at once; why not, when refused."""
        store, stack = self.store, self.undo_stack
        if store is None or stack is None:
            return "No project is open."
        if self.file_gone():
            return self._gone_refusal()
        try:
            command = edit_consensus(store, bid, criterion, score, reason)
            stack.push(command)
        except (ProjectError, sqlite3.Error, ArithmeticError) as exc:
            self._update_banner()
            return f"The consensus score was not saved: {sentence(exc)}"
        self.refresh()
        self.say(f"Saved the {command.label} (audit entry {self._audit_head()}).")
        return None

    def declare(self) -> None:
        """The chosen evaluator's conflict-of-interest declarations, bid by bid: one edit, undone as one."""
        store, stack, snapshot = self.store, self.undo_stack, self.snapshot
        evaluator = self.view.current_evaluator()
        if store is None or stack is None or snapshot is None or evaluator not in snapshot.evaluators:
            return
        if not self.declare_action.isEnabled():
            return
        self.view.commit_editing()
        entered = {bid: 0 for bid in snapshot.bids}
        for who, bid, _criterion in snapshot.scores:
            if who == evaluator and bid in entered:
                entered[bid] += 1
        bids = [
            BidToDeclare(
                bid,
                bidder,
                None
                if (evaluator, bid) not in snapshot.declarations
                else (snapshot.declarations[(evaluator, bid)], snapshot.statements.get((evaluator, bid), "")),
                entered[bid],
            )
            for bid, bidder in snapshot.bids.items()
        ]
        name = snapshot.evaluators[evaluator]
        wanted = dialogs.ask_declarations(self.window, name, bids)
        if wanted is None:
            return
        if self.file_gone():
            self.say(self._gone_refusal())
            return
        try:
            edit = edit_declarations(store, evaluator, wanted)
            if edit is None:
                self.say(self.tr("The declarations of {name} are as they were: nothing changed.").format(name=name))
                return
            stack.push(edit)
        except (ProjectError, sqlite3.Error) as exc:
            self._update_banner()
            dialogs.show_message(
                self.window,
                self.tr("Declarations Not Saved"),
                self.tr("Nothing was changed: {why}").format(why=sentence(exc)),
            )
            return
        self.refresh()
        removed = len(edit.removed)
        said = self.tr("Saved the declarations of {name} (audit entry {entry}).").format(
            name=name, entry=self._audit_head()
        )
        if removed:
            said += " " + self.tr(
                "{count} score(s) on the bids with a conflict were removed; Undo brings them back."
            ).format(count=removed)
        self.say(said)

    def _audit_head(self) -> int:
        return self.snapshot.audit_count if self.snapshot is not None else 0

    def undo(self) -> None:
        self._step("Undo", lambda stack: stack.undo())

    def redo(self) -> None:
        self._step("Redo", lambda stack: stack.redo())

    def _step(self, what: str, step: Callable[[UndoStack], Any]) -> None:
        self.view.commit_editing()  # what is being typed is an edit too: it is saved, then undone
        stack = self.undo_stack
        if stack is None or self.store is None:
            return
        try:
            command = step(stack)
        except (ProjectError, sqlite3.Error) as exc:
            self._update_undo_actions()
            self._update_banner()
            dialogs.show_message(self.window, what, f"Nothing was changed: {sentence(exc)}")
            return
        if command is None:
            return
        self.refresh()
        if isinstance(command, ScoreEdit):
            self.view.choose_evaluator(command.evaluator)
            self.view.select_score(command.bid, command.criterion)
        elif isinstance(command, ConsensusEdit):
            self.view.choose_evaluator(PANEL)
            self.view.select_consensus(command.bid, command.criterion)
        done = "Undone" if what == "Undo" else "Redone"
        self.say(f"{done}: the {command.label} (a new audit entry records it).")

    # --- backups ------------------------------------------------------------------------------
    @staticmethod
    def backup_interval() -> int:
        return max(1, settings.BACKUP_INTERVAL.read())

    def backup_now_if_due(self) -> Path | None:
        """Back the project up when the last backup is older than the interval; a failure is only said."""
        if self.store is None:
            return None
        if self.file_gone():  # nothing new can reach the file: a backup beside it would mislead
            self._update_banner()
            return None
        try:
            written = self.store.backup_if_due(self.backup_interval())
        except (ProjectError, sqlite3.Error, OSError) as exc:
            log.warning("automatic backup failed: %s", exc)
            self.window.statusBar().showMessage(f"The automatic backup failed: {exc}", 30_000)
            return None
        if written is not None:
            self.window.statusBar().showMessage(f"Backed up to {written.name}", 5_000)
        return written

    # --- long work ----------------------------------------------------------------------------
    def job_started(self) -> None:
        self.working += 1
        self.host.job_started()
        self.update_actions()

    def job_finished(self) -> None:
        self.working = max(0, self.working - 1)
        self.busy.setRange(0, 0)
        self.host.job_finished()
        self.update_actions()

    # --- evaluating, verifying, the audit log -------------------------------------------------
    def evaluate(self) -> None:
        store = self.store
        if store is None or not self.evaluate_action.isEnabled():
            return
        try:  # read in memory from the open file: nothing is written to evaluate a project
            source = project_evaluation(store)
        except (ProjectError, sqlite3.Error) as exc:
            dialogs.show_message(
                self.window,
                self.tr("Evaluate Project"),
                self.tr("The project was not evaluated: {why}").format(why=sentence(exc)),
            )
            return
        self.say(self.tr("Evaluating {name} on the Evaluation tab …").format(name=store.name))
        self.host.show_project_evaluation(source)

    def verify(self) -> None:
        store = self.store
        if store is None or not self.verify_action.isEnabled():
            return
        path = store.path
        self.say(f"Verifying {path.name} …")
        self.job_started()
        run_in_background(
            self,
            lambda: verify_project(path),
            self._on_verified,
            lambda error: self.workflow.job_failed("Verify Project", f"{path.name} could not be verified", error),
        )

    def _on_verified(self, report: VerifyReport) -> None:
        self.job_finished()
        if report.ok:
            text = (
                f"{report.path.name} is sound: SQLite's integrity check found nothing, and the "
                f"{report.entries_checked} audit entries form an unbroken chain.\n\nNewest hash: {report.head_hash}"
            )
            self.say(f"{report.path.name} verified: sound, {report.entries_checked} audit entries.")
            dialogs.show_info(self.window, "Verify Project", text)
            return
        self.say(f"{report.path.name} did not verify.")
        if report.integrity_problems:
            text = f"{report.path.name} is damaged: {report.integrity_problems[0]}"
        else:
            assert report.problem is not None
            text = (
                f"The audit log of {report.path.name} was tampered with at entry {report.problem.seq}: "
                f"{report.problem.message}"
            )
        dialogs.show_message(self.window, "Verify Project", sentence(text))

    def show_audit_log(self) -> None:
        if self.store is None:
            return
        if self.audit_dialog is None:
            self.audit_dialog = AuditLogDialog(self.window)
        self._fill_audit_log()
        self.audit_dialog.show()
        self.audit_dialog.raise_()
        self.audit_dialog.activateWindow()

    def _fill_audit_log(self) -> None:
        dialog, store = self.audit_dialog, self.store
        if dialog is None or store is None:
            return
        sealed = store.envelope().prices_sealed
        try:
            trail = read_audit_trail(store)
        except (ProjectError, sqlite3.Error) as exc:
            dialog.set_entries([], f"The audit log could not be read: {exc}", sealed=sealed)
            return
        verdict = (
            f"{store.name}: {len(trail.entries)} entries, newest first. The hash chain is unbroken."
            if trail.chain_ok
            else f"{store.name}: {len(trail.entries)} entries. THE HASH CHAIN IS BROKEN: {trail.problem}"
        )
        if sealed:
            verdict += " Price amounts are not shown while the prices are sealed."
        dialog.setWindowTitle(f"Audit Log — {store.name}")
        dialog.set_entries(list(trail.entries), verdict, sealed=sealed)
