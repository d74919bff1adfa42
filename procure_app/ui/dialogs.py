"""The questions the window asks and the messages it shows, each behind one function tests can patch.

``choose_build_target`` asks where to write the tender document and whether to write the response
form too; ``choose_spec_file`` asks for a spec, ``choose_spec_save_file`` where to save one;
``ask_save_changes`` asks Save / Discard / Cancel, ``ask_changed_on_disk`` what to do when the spec
changed on disk since it was opened; ``choose_evaluation_file`` for an evaluation file;
``choose_export_target`` asks for the folder and the records an evaluation export writes;
``show_message`` shows one plain-text message.

For projects: ``choose_project_file``, ``choose_scoresheet_file``, ``choose_response_form_file`` and
``choose_scoresheet_folder`` ask for a file or a folder; ``confirm`` asks one yes/no question
(Cancel is the default); ``review`` shows a table or a list to read before confirming (or only to
read); ``show_info`` shows a plain-text note; ``ask_declarations`` asks an evaluator's
conflict-of-interest declarations on the bids.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.base.typed_path import PathProblem, TypedPath, file_to_write, folder_to_write_into
from .evaluation.evaluation_jobs import export_paths
from .project.declaration_dialog import BidToDeclare, DeclarationDialog
from .project.project_dialogs import DetailsDialog
from .tender.tender_jobs import response_form_path

__all__ = [
    "BuildTarget",
    "BuildDialog",
    "ExportTarget",
    "ExportDialog",
    "choose_build_target",
    "choose_spec_file",
    "choose_spec_save_file",
    "ask_save_changes",
    "ask_changed_on_disk",
    "SaveChoice",
    "DiskChoice",
    "choose_evaluation_file",
    "choose_export_target",
    "show_message",
    "choose_project_file",
    "choose_scoresheet_file",
    "choose_response_form_file",
    "choose_scoresheet_folder",
    "confirm",
    "review",
    "show_info",
    "ask_declarations",
]

T = TypeVar("T")


@dataclass(frozen=True)
class BuildTarget:
    docx: Path
    response_form: bool


def choose_build_target(parent: QWidget, suggested: Path, response_form: bool) -> BuildTarget | None:
    """Ask where to write the tender document; None when the officer cancels."""
    dialog = BuildDialog(parent, suggested, response_form)
    return _ask(dialog, dialog.target)


def choose_spec_file(parent: QWidget, start: str) -> str:
    """Ask for a tender spec file; an empty string when cancelled."""
    chosen, _ = QFileDialog.getOpenFileName(
        parent, "Open a tender spec", start, "Tender specs (*.tender.yaml *.yaml *.yml);;All files (*)"
    )
    return chosen


def choose_spec_save_file(parent: QWidget, suggested: str) -> str:
    """Ask where to save a tender spec; an empty string when cancelled. A name without a YAML
    extension gets ``.tender.yaml``."""
    chosen, _ = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("dialogs", "Save the tender spec"),
        suggested,
        QCoreApplication.translate("dialogs", "Tender specs (*.tender.yaml *.yaml *.yml)"),
    )
    if chosen and not chosen.lower().endswith((".yaml", ".yml")):
        chosen += ".tender.yaml"
    return chosen


class SaveChoice:
    SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def ask_save_changes(parent: QWidget, name: str) -> str:
    """Save / Discard / Cancel for a tender with unsaved changes (Save is the default)."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("dialogs", "Unsaved changes"),
        QCoreApplication.translate("dialogs", "Save the changes to {name}?").format(name=name),
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(QCoreApplication.translate("dialogs", "If you don't save, your changes are lost."))
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    try:
        answer = box.exec()
    finally:
        box.deleteLater()
    if answer == QMessageBox.StandardButton.Save:
        return SaveChoice.SAVE
    if answer == QMessageBox.StandardButton.Discard:
        return SaveChoice.DISCARD
    return SaveChoice.CANCEL


class DiskChoice:
    OVERWRITE, RELOAD, CANCEL = "overwrite", "reload", "cancel"


def ask_changed_on_disk(parent: QWidget, name: str, differences: Sequence[str]) -> str:
    """The spec changed on disk since it was opened: keep mine (overwrite), take theirs (reload), or
    cancel. ``differences`` (a unified diff, theirs to mine) is shown under "Show Details"."""
    translate = QCoreApplication.translate
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        translate("dialogs", "Changed on disk"),
        translate("dialogs", "{name} was changed by another program after you opened it.").format(name=name),
        QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(
        translate(
            "dialogs",
            "Keep your version (it replaces theirs), or reload the file (your unsaved changes are lost). "
            "Show Details compares the two.",
        )
    )
    box.setDetailedText("\n".join(differences) or translate("dialogs", "The texts are the same."))
    keep = box.addButton(translate("dialogs", "Keep My Version"), QMessageBox.ButtonRole.DestructiveRole)
    reload = box.addButton(translate("dialogs", "Reload Theirs"), QMessageBox.ButtonRole.ResetRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    try:
        box.exec()
        clicked = box.clickedButton()
    finally:
        box.deleteLater()
    if clicked is keep:
        return DiskChoice.OVERWRITE
    if clicked is reload:
        return DiskChoice.RELOAD
    return DiskChoice.CANCEL


def choose_library_folder(parent: QWidget, start: str) -> str:
    """Ask for a clause library folder; an empty string when cancelled."""
    return QFileDialog.getExistingDirectory(
        parent, QCoreApplication.translate("dialogs", "Open a clause library folder"), start
    )


def choose_evaluation_file(parent: QWidget, start: str) -> str:
    """Ask for an evaluation file; an empty string when cancelled."""
    chosen, _ = QFileDialog.getOpenFileName(
        parent, "Open an evaluation file", start, "Evaluation files (*.eval.yaml *.yaml *.yml);;All files (*)"
    )
    return chosen


@dataclass(frozen=True)
class ExportTarget:
    folder: Path
    workbook: bool
    report: bool
    letters: bool


def choose_export_target(parent: QWidget, suggested: ExportTarget, stem: str) -> ExportTarget | None:
    """Ask for the folder and the records to write (``stem`` names them); None when cancelled."""
    dialog = ExportDialog(parent, suggested, stem)
    return _ask(dialog, dialog.target)


def show_message(parent: QWidget, title: str, text: str) -> None:
    """A warning with ``text`` shown as plain text (a path with ``<`` in it stays as written)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
    box.deleteLater()


def show_info(parent: QWidget, title: str, text: str) -> None:
    """A note (information, not a warning) with ``text`` shown as plain text."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
    box.deleteLater()


def confirm(parent: QWidget, title: str, text: str, ok_text: str) -> bool:
    """Ask one question; True only when the officer presses ``ok_text`` (Cancel is the default)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Cancel, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    ok = box.addButton(ok_text, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    try:
        box.exec()
        return box.clickedButton() is ok
    finally:
        box.deleteLater()


def ask_text(parent: QWidget, title: str, label: str) -> str | None:
    """Ask for one line of text; None when cancelled or left empty."""
    text, accepted = QInputDialog.getText(parent, title, label)
    return text.strip() or None if accepted else None


def review(
    parent: QWidget,
    title: str,
    intro: str,
    *,
    headers: Sequence[str] = (),
    rows: Sequence[Sequence[str]] = (),
    lines: Sequence[str] = (),
    ok_text: str = "",
    note: str = "",
) -> bool:
    """Show a table (``headers``, ``rows``) or a list of ``lines`` under ``intro``; with ``ok_text``, True
    when the officer confirms, else (only shown) False."""
    dialog = DetailsDialog(parent, title, intro, headers=headers, rows=rows, lines=lines, ok_text=ok_text, note=note)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted and bool(ok_text)
    finally:
        dialog.deleteLater()


def ask_declarations(
    parent: QWidget, evaluator_name: str, bids: Sequence[BidToDeclare]
) -> dict[str, tuple[bool, str]] | None:
    """The declarations made on the bids (bid → conflicted, statement), or None when cancelled."""
    dialog = DeclarationDialog(parent, evaluator_name, bids)
    return _ask(dialog, dialog.declarations)


def choose_project_file(parent: QWidget, start: str) -> str:
    """Ask for a project file; an empty string when cancelled."""
    chosen, _ = QFileDialog.getOpenFileName(
        parent, "Open a project", start, "Procure projects (*.procure);;All files (*)"
    )
    return chosen


def choose_scoresheet_file(parent: QWidget, start: str) -> str:
    """Ask for a scoresheet an evaluator returned; an empty string when cancelled."""
    chosen, _ = QFileDialog.getOpenFileName(
        parent, "Import a returned scoresheet", start, "Scoresheets (*.xlsx);;All files (*)"
    )
    return chosen


def choose_response_form_file(parent: QWidget, start: str) -> str:
    """Ask for a bidder's filled-in response form; an empty string when cancelled."""
    chosen, _ = QFileDialog.getOpenFileName(
        parent, "Import a bidder's response form", start, "Response forms (*.xlsx);;All files (*)"
    )
    return chosen


def choose_scoresheet_folder(parent: QWidget, start: str) -> str:
    """Ask for the folder to write the scoresheets into; an empty string when cancelled."""
    return QFileDialog.getExistingDirectory(parent, "Write the scoresheets into", start)


def _ask(dialog: QDialog, target: Callable[[], T | None]) -> T | None:
    """Run ``dialog``; what ``target`` makes of it when accepted, else None. The dialog is disposed of."""
    try:
        return target() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def _lay_out(
    dialog: QDialog,
    intro: str,
    edit: QLineEdit,
    label: str,
    browse: Callable[[], None],
    choices: tuple[QWidget, ...],
    ok_text: str,
) -> tuple[QLabel, QDialogButtonBox]:
    """The body the target dialogs share: ``intro``, the labelled path ``edit`` with a Browse button,
    the ``choices``, a plain-text note and OK (``ok_text``) / Cancel; the note and the buttons."""
    intro_label = QLabel(intro)
    intro_label.setWordWrap(True)
    browse_button = QPushButton("&Browse…")
    browse_button.clicked.connect(browse)
    edit_label = QLabel(label)
    edit_label.setBuddy(edit)
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    row.addWidget(browse_button)
    note = QLabel()
    note.setWordWrap(True)
    note.setTextFormat(Qt.TextFormat.PlainText)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(intro_label)
    layout.addWidget(edit_label)
    layout.addLayout(row)
    for choice in choices:
        layout.addWidget(choice)
    layout.addWidget(note)
    layout.addStretch(1)
    layout.addWidget(buttons)
    return note, buttons


def _problem_text(typed: TypedPath, kind: str) -> str:
    """What the note under a path field says about a text that names nothing writable (``kind``: what is asked)."""
    problem, path = typed.problem, typed.path
    if problem is PathProblem.EMPTY:
        return (
            QCoreApplication.translate("PathField", "Name the file to write.")
            if kind == "file"
            else QCoreApplication.translate("PathField", "Choose the folder to write into.")
        )
    if problem is PathProblem.CONTROL_CHARACTER:
        return QCoreApplication.translate(
            "PathField", "A file or folder name cannot contain a tab, a line break or another control character."
        )
    if problem is PathProblem.NO_HOME:
        return QCoreApplication.translate(
            "PathField", "The name starts with ~ but names no user of this computer: type the whole path."
        )
    if problem is PathProblem.IS_FOLDER and path is not None:
        return QCoreApplication.translate(
            "PathField", "{path} is a folder: add the file name, such as {example}."
        ).format(path=path, example=path / "tender.docx")
    if problem is PathProblem.NO_FOLDER and path is not None:
        folder = path.parent if kind == "file" else path
        return QCoreApplication.translate("PathField", "The folder {folder} does not exist.").format(folder=folder)
    return QCoreApplication.translate(
        "PathField", "This computer cannot use that name (too long, or not allowed here): choose another."
    )


class BuildDialog(QDialog):
    """Where to write the tender document (DOCX), and whether to write the response form beside it."""

    def __init__(self, parent: QWidget | None, suggested: Path, response_form: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle("Build Tender")
        self.setMinimumWidth(620)
        self.path_edit = QLineEdit(str(suggested))
        self.path_edit.setAccessibleName("Tender document file")
        self.form_check = QCheckBox("Also write the bidder &response form (XLSX) next to it")
        self.form_check.setChecked(response_form)
        self.note, self.buttons = _lay_out(
            self,
            "Procure checks the spec as it is saved now, writes the tender document and pins the library "
            "clauses it used in the lock file beside the spec, so that later builds are identical.",
            self.path_edit,
            "&Tender document (DOCX):",
            self._browse,
            (self.form_check,),
            "Build",
        )
        self.path_edit.textChanged.connect(self._update)
        self.form_check.toggled.connect(self._update)
        self._update()

    def target(self) -> BuildTarget | None:
        typed = file_to_write(self.path_edit.text(), ".docx")
        return BuildTarget(typed.path, self.form_check.isChecked()) if typed.usable and typed.path else None

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the tender document"), self.path_edit.text(), self.tr("Word documents (*.docx)")
        )
        if chosen:
            self.path_edit.setText(chosen)

    def _update(self) -> None:
        typed = file_to_write(self.path_edit.text(), ".docx")
        lines = []
        if not typed.usable or typed.path is None:
            lines.append(_problem_text(typed, "file"))
        else:
            if typed.exists:
                lines.append(self.tr("{name} exists and will be replaced.").format(name=typed.path.name))
            if self.form_check.isChecked():
                lines.append(
                    self.tr("The response form will be written as {name}.").format(
                        name=response_form_path(typed.path).name
                    )
                )
        self.note.setText("\n".join(lines))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(typed.usable)


class ExportDialog(QDialog):
    """The folder to export an evaluation into, and which records to write there."""

    def __init__(self, parent: QWidget | None, suggested: ExportTarget, stem: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Evaluation")
        self.setMinimumWidth(640)
        self.stem = stem
        self.folder_edit = QLineEdit(str(suggested.folder))
        self.folder_edit.setAccessibleName("Export folder")
        names = export_paths(Path(), stem)
        self.workbook_check = QCheckBox(f"Evaluation &workbook with live formulas (XLSX): {names.workbook.name}")
        self.workbook_check.setChecked(suggested.workbook)
        self.report_check = QCheckBox(f"Evaluation &report (DOCX): {names.report.name}")
        self.report_check.setChecked(suggested.report)
        self.letters_check = QCheckBox(f"Feedback &letters, one per bidder (DOCX), in the folder {names.letters.name}")
        self.letters_check.setChecked(suggested.letters)
        checks = (self.workbook_check, self.report_check, self.letters_check)
        self.note, self.buttons = _lay_out(
            self,
            "Procure evaluates the file again as it is saved now, then writes the records you choose into the "
            "folder. Nothing is written if the file has errors.",
            self.folder_edit,
            "&Folder:",
            self._browse,
            checks,
            "Export",
        )
        for check in checks:
            check.toggled.connect(self._update)
        self.folder_edit.textChanged.connect(self._update)
        self._update()

    def _folder(self) -> TypedPath:
        return folder_to_write_into(self.folder_edit.text())

    def target(self) -> ExportTarget | None:
        folder = self._folder()
        if not folder.usable or folder.path is None:
            return None
        checks = (self.workbook_check, self.report_check, self.letters_check)
        return ExportTarget(folder.path, *(check.isChecked() for check in checks))

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Export the evaluation into"), self.folder_edit.text())
        if chosen:
            self.folder_edit.setText(chosen)

    def _update(self) -> None:
        target = self.target()
        chosen = target is not None and (target.workbook or target.report or target.letters)
        lines = []
        if target is None:
            lines.append(_problem_text(self._folder(), "folder"))
        elif not chosen:
            lines.append(self.tr("Choose at least one record to write."))
        else:
            names = export_paths(target.folder, self.stem)
            replaced = [
                path.name
                for path, wanted in ((names.workbook, target.workbook), (names.report, target.report))
                if wanted and path.exists()
            ]
            if replaced:
                lines.append(self.tr("{names} will be replaced.").format(names=self.tr(" and ").join(replaced)))
            if target.letters and names.letters.is_dir() and any(names.letters.iterdir()):
                lines.append(
                    self.tr("Letters of the same name in {folder} will be replaced.").format(folder=names.letters.name)
                )
        self.note.setText("\n".join(lines))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(target is not None and chosen)
