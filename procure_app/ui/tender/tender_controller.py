"""The Tender workspace: the tender being drafted, its checks as it changes, saving it and building it.

The open spec is a :class:`~.spec_session.SpecSession` (its round-trip document and undo stack);
a spec whose YAML cannot be read at all is only shown with its checks. After every edit the text
being edited is checked again in the background (:class:`~procure_app.ui.latest_load.LatestLoad`),
so the checks follow the typing. The file is watched (:class:`~procure_app.ui.file_watcher.FileWatcher`):
a change made by another program is read at once when there are no unsaved changes, and is never
read over them; saving then asks which version to keep. A change saved while the tender is being
built is read once the build has ended (:class:`~procure_app.ui.workspace.HeldReload`).
"""

from __future__ import annotations

import difflib
import logging
import threading
from collections.abc import Callable
from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer, QTimeZone
from PySide6.QtGui import QKeySequence, QUndoGroup
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QMainWindow, QProgressBar, QPushButton, QWidget

from ...core.base.atomic import WriteError
from ...core.base.diagnostics import Diagnostic
from ...core.base.moments import zone_problem
from ...core.tender.new_spec import blank_spec_text
from ...core.tender.outline import OutlineSection, changes_outline, spec_outline
from ...core.tender.outline_edits import Steps
from ...core.tender.pin_updates import PinUpdate, pin_updates, take_version
from ...core.tender.quick_fixes import QuickFix, quick_fixes
from ...core.tender.recovery import RecoveredTender, discard_recovery
from ...core.tender.spec_document import ChangedOnDiskError, SpecDocument, SpecDocumentError
from ...core.tender.spec_edits import SetValue, insert_item
from ...core.tender.starters import Starter, starter_spec_text
from .. import dialogs, recent_files, settings
from ..file_watcher import FileWatcher
from ..latest_load import LatestLoad
from ..library.library_controller import LibraryController
from ..phrases import translated
from ..workers import run_with_progress
from ..workspace import HeldReload, WorkspaceHost, make_action
from .outline_editor import OutlineEditor
from .pin_update_view import PinUpdateDialog
from .recovery_keeper import RecoveryKeeper
from .spec_session import SpecSession
from .tender_html import built_html, verdict_html
from .tender_jobs import (
    BUILD_STEPS,
    BuildCancelled,
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

__all__ = ["TenderController", "initial_spec", "untitled_spec_path"]

log = logging.getLogger("procure")
CHECK_DELAY_MS = 250  # after the last keystroke, the spec being edited is checked again


def local_time_zone() -> str | None:
    """This computer's time zone by its database name, when it has one the tender can name."""
    zone = bytes(QTimeZone.systemTimeZoneId().data()).decode()
    return zone if zone and zone_problem(zone) is None else None


def untitled_spec_path() -> Path:
    """Where a new tender is checked as if it were saved (relative paths in it are read from there)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents or Path.home()) / "untitled.tender.yaml"


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
        self.spec_path: Path | None = None  # the file shown (for a new tender: where it is checked)
        self.session: SpecSession | None = None  # None when the spec's YAML cannot be read
        self.state: TenderState | None = None
        self._load: LatestLoad[TenderState] = LatestLoad(
            self, started=host.job_started, finished=host.job_finished, shown=self._on_loaded, failed=self._on_failed
        )
        self.recovery = RecoveryKeeper(self)  # the unsaved text, kept aside in case of a crash
        self.recovery.failed.connect(lambda message: self.summary.setText(escape(message)))
        view.recovery_banner.restore.connect(self.restore)
        view.recovery_banner.discard.connect(self._discard_recovered)
        self._held = HeldReload(self._changed_on_disk)
        self.watcher = FileWatcher(self)
        self.watcher.changed.connect(self._held.request)
        library.opened.connect(self._library_opened)
        library.shown.connect(self._library_shown)
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self._check_edited)
        self.new_action = make_action(window, self.tr("&New Tender"), "Ctrl+N", self.new_tender)
        self.open_action = make_action(window, self.tr("&Open Tender Spec…"), ["Ctrl+O", "Ctrl+Shift+D"], self.ask)
        self.save_action = make_action(window, self.tr("&Save Tender"), "Ctrl+S", self.save)
        self.save_as_action = make_action(window, self.tr("Sa&ve Tender As…"), "Ctrl+Alt+S", self.save_as)
        self.example_action = make_action(window, self.tr("Open Example &Tender"), "Ctrl+Shift+T", self.open_example)
        self.build_action = make_action(window, self.tr("&Build Tender…"), "Ctrl+B", self.build)
        self.close_action = make_action(window, self.tr("Close Ten&der"), "Ctrl+W", self.close_tender)
        # A build's progress and its Cancel button, for the window's status bar.
        self._cancel_build = threading.Event()
        self.build_progress = QProgressBar()
        self.build_progress.setMaximumWidth(160)
        self.build_progress.setTextVisible(True)
        self.build_progress.setAccessibleName(self.tr("Build progress"))
        self.cancel_build_button = QPushButton(self.tr("Cancel Build"))
        self.cancel_build_button.setToolTip(self.tr("Stop the build before it writes anything"))
        self.cancel_build_button.clicked.connect(self.cancel_build)
        self.build_status = QWidget()
        build_layout = QHBoxLayout(self.build_status)
        build_layout.setContentsMargins(0, 0, 0, 0)
        build_layout.addWidget(self.build_progress)
        build_layout.addWidget(self.cancel_build_button)
        self.build_status.hide()
        view.browser.add_requested.connect(self.add_clause)
        self.outline_editor = OutlineEditor(self, view, lambda: self.session)
        view.model.clauses_dropped.connect(self.add_clauses)
        self._fixes: list[QuickFix] = []  # offered for the check selected
        view.check_selected.connect(self._offer_fixes)
        view.values_form.session_of = lambda: self.session
        view.custom_form.session_of = lambda: self.session
        view.pin_bar.compare_requested.connect(self.compare_pinned)
        self.pin_dialog: Callable[[PinUpdate, QWidget], QDialog] = PinUpdateDialog  # replaced in tests
        view.checks.fix_chosen.connect(self._apply_fix)
        start = view.start_page
        start.new_blank.connect(self.new_tender)
        start.new_from_starter.connect(self.new_from_starter)
        start.open_file.connect(self.ask)
        start.open_example.connect(self.open_example)
        # Undo and Redo follow the open tender's stack ("Undo Change title").
        self.undo_group = QUndoGroup(self)
        self.undo_action = self.undo_group.createUndoAction(window, self.tr("&Undo"))
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        self.redo_action = self.undo_group.createRedoAction(window, self.tr("&Redo"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])

    @property
    def building(self) -> bool:
        return self._held.writing

    # --- opening ------------------------------------------------------------------------------
    def open(self, path: Path) -> bool:
        """Open the tender spec at ``path`` for editing (after Save / Discard / Cancel when the open one
        has unsaved changes), check it in the background, and watch it for changes. False when the
        officer cancelled."""
        if not self.may_close():
            return False
        self._open_file(path.expanduser().resolve())
        return True

    def _open_file(self, path: Path) -> None:
        try:
            session: SpecSession | None = SpecSession(SpecDocument.open(path), self)
        except SpecDocumentError as problem:
            log.info("opened read-only: %s", problem)
            session = None  # the checks say what is wrong with the file; it is shown, not edited
        self._set_session(session, path)
        self.watcher.watch(path)
        self._start_load(self.tr("Opening {name} …").format(name=path.name))

    def new_tender(self) -> bool:
        """Start a new tender from a blank spec (it is saved where the officer chooses on first save)."""
        if not self.may_close():
            return False
        self._start_new(blank_spec_text(date.today(), time_zone=local_time_zone()))
        return True

    def _start_new(self, text: str) -> None:
        """Edit ``text`` as a new tender, never saved, from its Details page."""
        self.host.reveal(self.view)
        self._set_session(SpecSession(SpecDocument(text), self), untitled_spec_path())
        self.watcher.watch(None)
        self.view.show_details()
        self._start_load(self.tr("Checking the new tender …"))

    def new_from_starter(self, starter: Starter) -> bool:
        """Start a new tender with the sections and clauses of ``starter`` (see core.tender.starters)."""
        if not self.may_close():
            return False
        try:
            text = starter_spec_text(starter, example_spec(), date.today(), local_time_zone())
        except (ValueError, SpecDocumentError) as problem:
            dialogs.show_message(
                self.window, "Procure", self.tr("The starter cannot be used: {problem}").format(problem=problem)
            )
            return False
        self._start_new(text)
        return True

    def close_tender(self) -> bool:
        """Close the tender (after Save / Discard / Cancel) and show the start page. False when cancelled."""
        if not self.may_close():
            return False
        self.show_start_page()
        return True

    def show_start_page(self) -> None:
        """No tender open: the start page; the next start begins there too."""
        self._load.forget()
        self._set_session(None, None)
        self.watcher.watch(None)
        self.state = None
        self.view.show_start_page()
        settings.TENDER_CLOSED.write(True)
        self.summary.setText(self.tr("No tender is open."))
        self.host.workspace_changed()

    def open_example(self) -> None:
        self.open(example_spec())

    def ask(self) -> None:
        start = str(self.spec_path.parent if self.spec_path and not is_bundled(self.spec_path) else Path.home())
        chosen = dialogs.choose_spec_file(self.window, start)
        if chosen:
            self.host.reveal(self.view)
            self.open(Path(chosen))

    def _set_session(self, session: SpecSession | None, spec_path: Path | None) -> None:
        old = self.session
        if old is not None:
            old.changed.disconnect(self._edited)
            old.stack.cleanChanged.disconnect(self._clean_changed)
            old.deleteLater()
        self.session, self.spec_path = session, spec_path
        if session is not None:
            session.changed.connect(self._edited)
            session.stack.cleanChanged.connect(self._clean_changed)
            self.undo_group.addStack(session.stack)
            self.undo_group.setActiveStack(session.stack)
        self.recovery.follow(session)
        if spec_path is not None:  # a tender is open (a new one too): the editor, not the start page
            self.view.show_editor()
            settings.TENDER_CLOSED.write(False)
        self.view.details.show_session(session)
        self.view.saved = session is None or session.path is not None
        self._check_timer.stop()
        self.host.workspace_changed()

    @property
    def modified(self) -> bool:
        """Whether the tender has changes that are not saved."""
        return self.session is not None and self.session.modified

    @property
    def display_name(self) -> str:
        """The file name, or "Untitled" for a tender never saved."""
        if self.session is not None and self.session.path is None:
            return self.tr("Untitled")
        return self.spec_path.name if self.spec_path else ""

    @property
    def checks_current(self) -> bool:
        """Whether the checks shown are those of the text as it is now (no check waiting or running)."""
        return not self._load.loading and not self._check_timer.isActive()

    def _edited(self) -> None:
        """After each edit, what it can have changed, and no more: a keystroke in a clause's value
        costs about the same in a tender of ten clauses or of a thousand. The title's modified mark
        follows the undo stack's clean state (``_clean_changed``); the checks follow the pause."""
        session = self.session
        edit = session.last_edit if session is not None else None
        in_sections = isinstance(edit, SetValue) and edit.path[:1] == ("sections",)
        if not in_sections:
            self.view.details.refresh()
        if not (in_sections and session is not None and session.pushing):  # typed there: it shows it
            self.view.values_form.refresh()
            self.view.custom_form.refresh()
        if not (isinstance(edit, SetValue) and not changes_outline(edit.path)):  # a value typed leaves it
            self.view.show_outline(self.outline())  # at once: the check follows when the typing pauses
        if session is not None:
            self.view.preview_edited(lambda at: session.get(("sections", at[0], "clauses", at[1]), None))
        self._check_timer.start()  # typing restarts it: one check when the typing pauses

    def _clean_changed(self, _clean: bool) -> None:
        self.recovery.keep_now()  # saved, or undone back to what was saved: nothing left to recover
        self.host.workspace_changed()

    def _check_edited(self) -> None:
        if self.session is not None and self.library.root is not None:
            self._start_load(self.tr("Checking your changes …"))

    def _library_opened(self, root: Path) -> None:
        """A library was opened (or Reload): check the tender against it, reading a spec that another
        program changed and that has no unsaved changes again first."""
        session = self.session
        if session is not None and session.path is not None and not session.modified:
            if session.document.changed_on_disk():
                self._open_file(session.path)
                return
        if session is None and self.spec_path is not None and self.spec_path.is_file():
            self._open_file(self.spec_path)  # it may be readable now
            return
        if self.spec_path is not None:
            self._start_load(
                self.tr("Checking {name} against {library} …").format(name=self.spec_path.name, library=root.name)
            )

    def _library_shown(self) -> None:
        loaded = self.library.loaded
        if loaded is not None:  # the browser lists the clauses of the library now open
            self.view.browser.set_library(loaded.library, loaded.guidelines)
            self.view.library = loaded.library

    def _changed_on_disk(self) -> None:
        """Another program changed the file: read it again, unless that would lose unsaved changes."""
        path, session = self.spec_path, self.session
        if path is None or (session is not None and session.path is None):
            return
        if session is not None and not session.document.changed_on_disk():
            return  # what we saved ourselves
        if session is not None and session.modified:
            self.summary.setText(
                escape(
                    self.tr(
                        "{name} was changed by another program; your unsaved changes are kept, and saving "
                        "asks which version to keep."
                    ).format(name=path.name)
                )
            )
            return
        self._open_file(path)

    def _start_load(self, message: str) -> None:
        spec, root, session = self.spec_path, self.library.root, self.session
        if spec is None or root is None:
            return
        text = session.document.text if session is not None else None
        self.view.show_loading(spec)
        self.summary.setText(escape(message))
        taken = dict(session.document.taken_pins) if session is not None else None
        self._load.start(lambda: load_tender_state(spec, root, text, taken))

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

    def outline(self) -> tuple[OutlineSection, ...]:
        """The outline of the spec as it is being edited, worded where the last check assembled it."""
        loaded = self.library.loaded
        library = loaded.library if loaded is not None else None
        tender = self.state.prepared.tender if self.state is not None else None
        if self.session is None:  # a spec whose YAML cannot be read has no outline
            return ()
        return spec_outline(self.session.get(("sections",), None), library, tender)

    def _show(self, state: TenderState) -> None:
        self.state = state
        self.view.show_state(state, self.outline())
        if self.session is None or self.session.path is not None:  # a new tender is nowhere yet
            settings.LAST_SPEC.write(str(state.spec_path))
            recent_files.remember("tender", state.spec_path)
        self.host.workspace_changed()

    # --- saving -------------------------------------------------------------------------------
    def save(self) -> bool:
        """Save the tender to its file (Save As for a new tender or the read-only example). True when saved."""
        session = self.session
        if session is None:
            return False
        if session.path is None or is_bundled(session.path):
            return self.save_as()
        return self._save_to(None)

    def save_as(self) -> bool:
        """Ask for a file and save the tender there; it is the open file afterwards."""
        session = self.session
        if session is None:
            return False
        chosen = dialogs.choose_spec_save_file(self.window, str(self._suggested_spec_file()))
        if not chosen:
            return False
        return self._save_to(Path(chosen).expanduser().resolve())

    def _suggested_spec_file(self) -> Path:
        path = self.session.path if self.session is not None else None
        if path is not None and not is_bundled(path):
            return path
        folder = untitled_spec_path().parent
        name = path.name if path is not None else "untitled.tender.yaml"
        return folder / name

    def _save_to(self, target: Path | None) -> bool:
        session = self.session
        assert session is not None
        overwrite = False
        while True:
            try:
                saved = session.save(target, overwrite_changes=overwrite)
                break
            except ChangedOnDiskError:
                choice = dialogs.ask_changed_on_disk(self.window, self.display_name, self._differences())
                if choice == dialogs.DiskChoice.OVERWRITE:
                    overwrite = True
                    continue
                if choice == dialogs.DiskChoice.RELOAD and session.path is not None:
                    self._open_file(session.path)
                return False
            except (SpecDocumentError, WriteError) as problem:
                dialogs.show_message(
                    self.window,
                    self.tr("Save Tender"),
                    self.tr("The tender was not saved: {problem}").format(problem=problem),
                )
                return False
        self.recovery.keep_now()  # saved: nothing is left to recover
        moved = saved != self.spec_path
        self.spec_path = saved
        self.view.saved = True
        self.watcher.watch(saved)
        settings.LAST_SPEC.write(str(saved))
        recent_files.remember("tender", saved)
        self.host.workspace_changed()
        self.summary.setText(escape(self.tr("Saved {name}.").format(name=saved.name)))
        if moved:  # the lock file and a relative rubric are read beside the new file
            self._start_load(self.tr("Saved {name}; checking it there …").format(name=saved.name))
        return True

    def _differences(self) -> list[str]:
        """What saving would change in the file as it is on disk now (theirs → mine)."""
        session = self.session
        assert session is not None and session.path is not None
        try:
            theirs = session.path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            theirs = ""
        return list(
            difflib.unified_diff(
                theirs.splitlines(),
                session.document.text.splitlines(),
                self.tr("on disk"),
                self.tr("yours"),
                lineterm="",
            )
        )

    def may_close(self) -> bool:
        """True when the open tender may be closed: it has no unsaved changes, or the officer saved
        or discarded them (Save / Discard / Cancel)."""
        if not self.modified:
            return True
        self.host.reveal(self.view)
        choice = dialogs.ask_save_changes(self.window, self.display_name)
        if choice == dialogs.SaveChoice.SAVE:
            return self.save()
        return choice == dialogs.SaveChoice.DISCARD

    def shutdown(self) -> None:
        """The window closes (its unsaved changes were saved or discarded): nothing is left to recover."""
        self.recovery.follow(None)

    # --- clauses ------------------------------------------------------------------------------
    def add_clause(self, clause_id: str) -> None:
        """Add the library clause ``clause_id`` after the clause selected in the outline, or at the end
        of the section selected, else of the last section (one undoable step)."""
        chosen = self.view.insert_position()
        self.add_clauses([clause_id], *(chosen if chosen is not None else (-1, None)))

    def add_clauses(self, clause_ids: list[str], section: int, position: int | None) -> None:
        """Add library clauses at ``position`` of ``section`` (its end when None; the last section
        when ``section`` is not one), as one undoable step; the first one is selected."""
        session = self.session
        if session is None or not clause_ids:
            return
        label = self.tr("Add {clause}").format(clause=", ".join(clause_ids))
        entries = [{"clause": clause_id} for clause_id in clause_ids]
        self.view.pending_clause = clause_ids[0]  # selected as soon as the outline shows it
        sections = session.get(("sections",), None)
        if not isinstance(sections, list) or not sections:
            session.set_value(("sections",), [{"title": self.tr("Requirements"), "clauses": entries}], label)
        else:
            if not 0 <= section < len(sections):
                section, position = len(sections) - 1, None
            clauses = session.get(("sections", section, "clauses"), None)
            if not isinstance(clauses, list):
                session.set_value(("sections", section, "clauses"), entries, label)
            else:
                at = len(clauses) if position is None else min(position, len(clauses))
                path = ("sections", section, "clauses")
                session.push(Steps(tuple(insert_item(path, at + n, e, label) for n, e in enumerate(entries)), label))
        self.summary.setText(escape(self.tr("Added {clause}.").format(clause=", ".join(clause_ids))))

    def compare_pinned(self) -> None:
        """Compare the selected clause's pinned version with the library's newer approved one, and
        take it when the officer chooses to (one undoable step; the lock file is written on save)."""
        state, session, clause_id = self.view.state, self.session, self.view.current_clause_id()
        tender = state.prepared.tender if state is not None else None
        library = state.prepared.library if state is not None else None
        if session is None or tender is None or library is None or clause_id is None:
            return
        update = pin_updates(tender, library).get(clause_id)
        if update is None:
            return
        if self.pin_dialog(update, self.view).exec() != QDialog.DialogCode.Accepted:
            return
        self.view.pending_clause = clause_id
        session.push(take_version(update))
        self.summary.setText(
            escape(
                self.tr("{clause} now uses version {version}; the lock file is written when you save.").format(
                    clause=clause_id, version=update.current.version
                )
            )
        )

    def _offer_fixes(self, diagnostic: Diagnostic | None) -> None:
        """The one-click fixes of the check selected, while the checks are of the text as it is."""
        session, library = self.session, self.library.loaded
        self._fixes = []
        if diagnostic is not None and session is not None and self.checks_current:
            self._fixes = quick_fixes(diagnostic, session.document, library.library if library else None)
            if diagnostic.rule == "T208":
                self._fixes += self._pin_fixes(diagnostic)
        self.view.checks.show_fixes([translated(fix.label) for fix in self._fixes])

    def _pin_fixes(self, diagnostic: Diagnostic) -> list[QuickFix]:
        """A pinned clause the library has a newer approved version of: take it (the bar above
        the clause shows what changes first)."""
        state = self.view.state
        tender = state.prepared.tender if state is not None else None
        library = state.prepared.library if state is not None else None
        clause_id = state.clause_at_line(diagnostic.path, diagnostic.line) if state is not None else None
        update = pin_updates(tender, library).get(clause_id or "") if tender and library else None
        if update is None:
            return []
        edit = take_version(update)
        return [QuickFix(edit.label, edit, update.clause_id)]

    def _apply_fix(self, index: int) -> None:
        session = self.session
        if session is None or not 0 <= index < len(self._fixes):
            return
        fix = self._fixes[index]
        self.view.pending_clause = fix.select
        session.push(fix.edit)
        self.summary.setText(escape(self.tr("Done: {fix}.").format(fix=translated(fix.label))))

    # --- crash recovery -----------------------------------------------------------------------
    def offer_recovery(self) -> None:
        """Offer the unsaved tender an earlier run left behind (the newest first), if any."""
        found, unreadable = self.recovery.left_by_crashes()
        self.view.recovery_banner.offer(found[0] if found else None, len(found) - 1 if found else 0, tuple(unreadable))

    def restore(self, item: RecoveredTender) -> bool:
        """Open the unsaved text an earlier run kept, as unsaved changes to its file. False when the
        officer kept the tender open now instead, or the text cannot be read."""
        if not self.may_close():
            return False
        try:
            document = SpecDocument.restored(item.text, item.spec_path, item.disk_state)
        except SpecDocumentError as problem:
            dialogs.show_message(
                self.window,
                "Procure",
                self.tr("The unsaved tender cannot be restored: {problem}").format(problem=problem),
            )
            return False
        self.host.reveal(self.view)
        self._set_session(SpecSession(document, self), item.spec_path or untitled_spec_path())
        self.watcher.watch(item.spec_path)
        self.recovery.keep_now()  # kept again under this run's lock before the old file goes
        discard_recovery(item.file)
        self._start_load(self.tr("Restoring {name} …").format(name=item.name))
        self.offer_recovery()
        return True

    def _discard_recovered(self, item: RecoveredTender) -> None:
        discard_recovery(item.file)
        self.summary.setText(escape(self.tr("The unsaved changes to {name} were discarded.").format(name=item.name)))
        self.offer_recovery()

    # --- building -----------------------------------------------------------------------------
    def build(self) -> None:
        """Ask where to write the tender, then check the spec again and write it in the background."""
        state, root = self.state, self.library.root
        if state is None or not self.build_action.isEnabled() or root is None:
            return
        if self.modified or (self.session is not None and self.session.path is None):
            # The documents are built from the saved file, as `procure tender build` builds them.
            if (
                not dialogs.confirm(
                    self.window,
                    self.tr("Build Tender"),
                    self.tr("The tender is built from its saved file. Save your changes to {name} first?").format(
                        name=self.display_name
                    ),
                    self.tr("Save and Build"),
                )
                or not self.save()
            ):
                return
            state = self.state
            if self.session is not None and state is not None and state.spec_path != self.session.path:
                return  # saved under a new name: it is checked there first, then built
        assert state is not None
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
        self._cancel_build.clear()
        self.build_progress.setRange(0, BUILD_STEPS)
        self.build_progress.setValue(0)
        self.cancel_build_button.setEnabled(True)
        self.build_status.show()
        cancelled = self._cancel_build.is_set
        run_with_progress(
            self,
            lambda report: build_tender(request, report, cancelled),
            self._build_step,
            self._on_built,
            self._on_build_failed,
        )

    def _build_step(self, done: int, total: int, _text: str) -> None:
        self.build_progress.setRange(0, total)
        self.build_progress.setValue(done)
        if done >= 1:  # writing: each file is written whole, so it is not stopped half-way
            self.cancel_build_button.setEnabled(False)
            self.build_progress.setFormat(self.tr("Writing …"))
        else:
            self.build_progress.setFormat(self.tr("Checking …"))

    def cancel_build(self) -> None:
        """Stop the build before it writes anything (a build already writing finishes)."""
        if self._held.writing:
            self._cancel_build.set()
            self.cancel_build_button.setEnabled(False)
            self.summary.setText(escape(self.tr("Cancelling the build …")))

    def _build_ended(self) -> None:
        self.build_status.hide()
        self._held.write_ended()
        self.host.job_finished()

    def _on_built(self, result: BuildResult) -> None:
        self._build_ended()
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
        self._build_ended()
        if isinstance(error, BuildCancelled):
            self.summary.setText(escape(self.tr("Build cancelled: nothing was written.")))
            self._held.catch_up()
            return
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
        """``idle``: no workspace is writing. Opening and saving wait for a write; building needs a
        buildable spec whose check has caught up with the editing."""
        for action in (self.new_action, self.open_action, self.example_action):
            action.setEnabled(idle)
        self.close_action.setEnabled(idle and self.spec_path is not None)
        editable = self.session is not None
        self.save_action.setEnabled(idle and editable)
        self.save_as_action.setEnabled(idle and editable)
        self.outline_editor.update_actions()
        state = self.state
        self.build_action.setEnabled(idle and self.checks_current and state is not None and state.buildable)
