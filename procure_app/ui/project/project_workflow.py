"""The panel's workflow on the Project tab: scoresheets out and back, bidders' response forms, the envelopes.

Composed into :class:`~.project_controller.ProjectController`, which it reaches as its host, and kept
apart so that each module says one thing: here, the steps that move a procurement forward. Each
step asks through :mod:`.dialogs` (tests answer), does its slow part in a worker and commits on the
GUI thread, where the project's connection lives. An import is shown before it is applied, and
applied only on confirmation; the lock asks twice when scores are missing; nothing here can be
undone with Undo (the audit log records it all).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow, QProgressBar

from ...core.base.atomic import WriteError
from ...core.project.panel.responses.importer import BidderNameNeeded, ResponseImportPlan
from ...core.project.store import ProjectError, ProjectStore
from ...core.project.store.undo import UndoStack
from .. import dialogs, settings
from ..workers import run_in_background, run_with_progress
from .project_jobs import ProjectSnapshot, generate_scoresheets, plan_response_form, plan_scoresheet
from .project_review import response_rows, scoresheet_rows

__all__ = ["PanelWorkflow", "WorkflowHost", "sentence"]

log = logging.getLogger("procure")


def sentence(text: object) -> str:
    """``text`` as a sentence: a capital first, a full stop last."""
    words = str(text).strip()
    if not words:
        return words
    words = words[0].upper() + words[1:]
    return words if words.endswith((".", "!", "?")) else words + "."


class WorkflowHost(Protocol):
    """What the workflow needs of the project controller that owns it."""

    window: QMainWindow
    summary: QLabel
    busy: QProgressBar
    actor: str
    store: ProjectStore | None
    snapshot: ProjectSnapshot | None
    undo_stack: UndoStack | None
    generate_action: QAction
    import_sheet_action: QAction
    import_form_action: QAction
    lock_action: QAction
    unseal_action: QAction

    def refresh(self) -> None: ...

    def say(self, text: str) -> None: ...

    def job_started(self) -> None: ...

    def job_finished(self) -> None: ...


class PanelWorkflow:
    """Generate and import scoresheets, import response forms, lock quality scoring, unseal prices,
    for the project of ``host`` (the controller, which owns the project, its actions and the window)."""

    def __init__(self, host: WorkflowHost) -> None:
        self.host = host

    def _progress(self, done: int, total: int, text: str) -> None:
        self.host.busy.setRange(0, max(total, 1))
        self.host.busy.setValue(done)
        self.host.say(text)

    # --- scoresheets and response forms -------------------------------------------------------
    def generate(self) -> None:
        store = self.host.store
        if store is None or not self.host.generate_action.isEnabled():
            return
        last = settings.SCORESHEET_FOLDER.read()
        start = last if last and Path(last).is_dir() else str(store.path.parent)
        chosen = dialogs.choose_scoresheet_folder(self.host.window, start)
        if not chosen:
            return
        folder, path = Path(chosen), store.path
        settings.SCORESHEET_FOLDER.write(str(folder))
        self.host.say(f"Making the scoresheets for {folder} …")
        self.host.job_started()
        run_with_progress(
            self.host.window,
            lambda report: generate_scoresheets(path, folder, report),
            self._progress,
            self._on_generated,
            lambda error: self.job_failed("Generate Scoresheets", "The scoresheets were not written", error),
        )

    def _on_generated(self, written: list[Path]) -> None:
        self.host.job_finished()
        if not written:
            return
        folder = written[0].parent
        names = ", ".join(path.name for path in written)
        self.host.summary.setText(
            f'Wrote {len(written)} scoresheets in <a href="{escape(folder.as_uri())}">{escape(str(folder))}</a>: '
            f"{escape(names)}"
        )

    def job_failed(self, title: str, what: str, error: Exception) -> None:
        """Say that long work failed, and why (a list of problems is shown as a list)."""
        self.host.job_finished()
        self.host.say(f"{what}.")
        if not isinstance(error, (ProjectError, WriteError, OSError)):
            log.error("%s", what, exc_info=error)
        problems = getattr(error, "problems", None)
        if isinstance(problems, list) and len(problems) > 1:
            dialogs.review(
                self.host.window, title, f"{what}: {len(problems)} problems.", lines=[str(p) for p in problems]
            )
        else:
            dialogs.show_message(self.host.window, title, f"{what}: {sentence(error)}")

    def import_scoresheet(self) -> None:
        self._ask_import(
            self.host.import_sheet_action,
            dialogs.choose_scoresheet_file,
            plan_scoresheet,
            self._review_scoresheet,
            "Import Scoresheet",
        )

    def import_response_form(self) -> None:
        self._ask_import(
            self.host.import_form_action,
            dialogs.choose_response_form_file,
            plan_response_form,
            self._review_response_form,
            "Import Response Form",
        )

    def _ask_import(
        self,
        action: QAction,
        choose: Callable[[Any, str], str],
        plan: Callable[[Path, Path], Any],
        review: Callable[[Any], None],
        title: str,
    ) -> None:
        store = self.host.store
        if store is None or not action.isEnabled():
            return
        last = settings.IMPORT_FOLDER.read()
        chosen = choose(self.host.window, last if last and Path(last).is_dir() else str(store.path.parent))
        if not chosen:
            return
        workbook, path = Path(chosen), store.path
        settings.IMPORT_FOLDER.write(str(workbook.parent))
        self.host.say(f"Checking {workbook.name} …")
        self.host.job_started()
        run_in_background(
            self.host.window,
            lambda: plan(path, workbook),
            lambda planned: self._planned(planned, review),
            lambda error: self._import_failed(title, workbook, path, review, error),
        )

    def _import_failed(
        self, title: str, workbook: Path, path: Path, review: Callable[[Any], None], error: Exception
    ) -> None:
        """A form that does not name its bidder: ask for the name and check the form again with it."""
        if not isinstance(error, BidderNameNeeded):
            self.job_failed(title, f"{workbook.name} was not imported", error)
            return
        self.host.job_finished()
        name = dialogs.ask_text(
            self.host.window, title, f"{sentence(error)}\n\nThe bidder's legal name, as in its tender:"
        )
        if not name:
            self.host.say(f"{workbook.name} was not imported: no bidder name was given.")
            return
        self.host.say(f"Checking {workbook.name} for {name} …")
        self.host.job_started()
        run_in_background(
            self.host.window,
            lambda: plan_response_form(path, workbook, bidder=name),
            lambda planned: self._planned(planned, review),
            lambda failure: self.job_failed(title, f"{workbook.name} was not imported", failure),
        )

    def _planned(self, planned: Any, review: Callable[[Any], None]) -> None:
        self.host.job_finished()
        review(planned)

    def _review_scoresheet(self, plan: Any) -> None:
        from ...core.project.panel.scoresheets.plan import apply_plan

        name = plan.path.name
        if not plan.changes:
            self.host.say(f"{name}: nothing new to import.")
            dialogs.show_info(self.host.window, "Import Scoresheet", f"{name} brings nothing new: {plan.summary()}.")
            return
        headers, rows = scoresheet_rows(plan, self.host.snapshot)
        intro = (
            f"{name}, the scoresheet of {plan.evaluator_name} ({plan.evaluator}), would make these changes "
            f"({plan.summary()})."
        )
        notes = [*plan.notes]
        if plan.changes_existing:
            notes.append("Some scores or declarations already in the project would change (old → new).")
        notes.append("An import cannot be undone with Undo; it is recorded in the audit log.")
        if not dialogs.review(
            self.host.window,
            "Import Scoresheet",
            intro,
            headers=headers,
            rows=rows,
            ok_text="Import",
            note="\n".join(notes),
        ):
            self.host.say(f"{name} was not imported.")
            return
        self._apply("Import Scoresheet", name, lambda store: apply_plan(store, plan, self.host.actor), plan.summary())

    def _review_response_form(self, plan: ResponseImportPlan) -> None:
        from ...core.project.panel.responses.importer import apply_response_import

        name = plan.path.name
        headers, rows = response_rows(plan)
        verb = f"replace bid {plan.bid} ({plan.replaces})" if plan.replaces is not None else f"add bid {plan.bid}"
        intro = f"{name} would {verb}, with what the bidder answered and priced."
        sealed = " The price stays sealed." if plan.prices_sealed else ""
        if not dialogs.review(
            self.host.window,
            "Import Response Form",
            intro,
            headers=headers,
            rows=rows,
            ok_text="Replace the Bid" if plan.replaces is not None else "Import",
            note=f"An import cannot be undone with Undo; it is recorded in the audit log.{sealed}",
        ):
            self.host.say(f"{name} was not imported.")
            return
        self._apply(
            "Import Response Form",
            name,
            lambda store: apply_response_import(store, plan, self.host.actor),
            plan.summary(),
        )

    def _apply(self, title: str, name: str, apply: Callable[[ProjectStore], object], summary: str) -> None:
        store = self.host.store
        if store is None:
            return
        try:
            apply(store)
        except (ProjectError, sqlite3.Error) as exc:
            self.host.refresh()
            dialogs.show_message(self.host.window, title, f"{name} was not imported: {sentence(exc)}")
            return
        if self.host.undo_stack is not None:
            self.host.undo_stack.clear()  # the commands before the import no longer follow the project
        self.host.refresh()
        self.host.say(f"Imported {name}" + (f": {summary}." if summary else "."))

    # --- the envelopes ------------------------------------------------------------------------
    def lock_quality(self) -> None:
        store = self.host.store
        if store is None or not self.host.lock_action.isEnabled():
            return
        try:
            missing = self._missing_scores(store)
        except ProjectError as exc:
            dialogs.show_message(self.host.window, "Lock Quality Scores", sentence(exc))
            return
        final = (
            "Once locked, no score, consensus score, conflict declaration or gate result can change, and the "
            "prices can be unsealed. Locking cannot be undone; it is recorded in the audit log under your name "
            f"({self.host.actor})."
        )
        pairs = f"{len(missing)} evaluator and bid pair{'s' if len(missing) != 1 else ''}"
        if missing:
            intro = (
                f"{pairs} still {'lack' if len(missing) != 1 else 'lacks'} scores. Import the missing scoresheets "
                "or enter the scores before locking."
            )
            if not dialogs.review(
                self.host.window, "Scores Missing", intro, lines=missing, ok_text="Lock Anyway…", note=final
            ):
                return
            question = (
                f"Lock quality scoring with {pairs} still lacking scores? "
                "The missing scores count as 0 in the evaluation.\n\n" + final
            )
            if not dialogs.confirm(self.host.window, "Lock With Scores Missing", question, "Lock With Scores Missing"):
                return
        elif not dialogs.confirm(
            self.host.window, "Lock Quality Scores", f"Every score is in. Lock quality scoring?\n\n{final}", "Lock"
        ):
            return
        self._lock(store, force=bool(missing))

    def _missing_scores(self, store: ProjectStore) -> list[str]:
        from ...core.project.panel.envelopes import missing_quality_scores
        from ...core.project.panel.rubric_snapshot import project_rubric

        return missing_quality_scores(store, project_rubric(store))

    def _lock(self, store: ProjectStore, *, force: bool) -> None:
        from ...core.project.panel.envelopes import lock_quality

        try:
            lock_quality(store, self.host.actor, force=force)
        except (ProjectError, sqlite3.Error) as exc:
            self.host.refresh()
            why = f"Quality scoring was not locked: {sentence(exc)}"
            dialogs.show_message(self.host.window, "Lock Quality Scores", why)
            return
        if self.host.undo_stack is not None:
            self.host.undo_stack.clear()  # nothing before the lock can be changed any more
        self.host.refresh()
        self.host.say("Quality scoring is locked.")

    def unseal_prices(self) -> None:
        store, snapshot = self.host.store, self.host.snapshot
        if store is None or snapshot is None or not self.host.unseal_action.isEnabled():
            return
        count = snapshot.price_sheet_count
        question = (
            f"Unseal the prices? The {count} price sheet{'' if count == 1 else 's'} received will be shown and "
            "the bids can be evaluated.\n\nUnsealing cannot be undone; it is recorded in the audit log under "
            f"your name ({self.host.actor})."
        )
        if not dialogs.confirm(self.host.window, "Unseal Prices", question, "Unseal Prices"):
            return
        from ...core.project.panel.envelopes import unseal_prices

        try:
            unseal_prices(store, self.host.actor)
        except (ProjectError, sqlite3.Error) as exc:
            dialogs.show_message(self.host.window, "Unseal Prices", f"The prices were not unsealed: {sentence(exc)}")
            return
        finally:
            self.host.refresh()
        self.host.say("The prices are unsealed: Evaluate Project (F9) ranks the bids.")
