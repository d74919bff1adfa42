"""The questions the window asks and the messages it shows, each behind one function tests can patch.

``choose_build_target`` asks where to write the tender document and whether to write the response
form too; ``choose_spec_file`` asks for a spec; ``show_message`` shows one plain-text message.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .tender_jobs import response_form_path

__all__ = ["BuildTarget", "BuildDialog", "choose_build_target", "choose_spec_file", "show_message"]


@dataclass(frozen=True)
class BuildTarget:
    docx: Path
    response_form: bool


def choose_build_target(parent: QWidget, suggested: Path, response_form: bool) -> BuildTarget | None:
    """Ask where to write the tender document; None when the officer cancels."""
    dialog = BuildDialog(parent, suggested, response_form)
    try:
        return dialog.target() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def choose_spec_file(parent: QWidget, start: str) -> str:
    """Ask for a tender spec file; an empty string when cancelled."""
    chosen, _ = QFileDialog.getOpenFileName(
        parent, "Open a tender spec", start, "Tender specs (*.tender.yaml *.yaml *.yml);;All files (*)"
    )
    return chosen


def show_message(parent: QWidget, title: str, text: str) -> None:
    """A warning with ``text`` shown as plain text (a path with ``<`` in it stays as written)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
    box.deleteLater()


def _as_docx(text: str) -> Path | None:
    text = text.strip()
    if not text:
        return None
    path = Path(text).expanduser()
    return path if path.suffix.lower() == ".docx" else path.with_name(path.name + ".docx")


class BuildDialog(QDialog):
    """Where to write the tender document (DOCX), and whether to write the response form beside it."""

    def __init__(self, parent: QWidget | None, suggested: Path, response_form: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle("Build Tender")
        self.setMinimumWidth(620)
        intro = QLabel(
            "Procure checks the spec as it is saved now, writes the tender document and pins the library "
            "clauses it used in the lock file beside the spec, so that later builds are identical."
        )
        intro.setWordWrap(True)
        self.path_edit = QLineEdit(str(suggested))
        self.path_edit.setAccessibleName("Tender document file")
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        label = QLabel("&Tender document (DOCX):")
        label.setBuddy(self.path_edit)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.form_check = QCheckBox("Also write the bidder &response form (XLSX) next to it")
        self.form_check.setChecked(response_form)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Build")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(label)
        layout.addLayout(row)
        layout.addWidget(self.form_check)
        layout.addWidget(self.note)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.path_edit.textChanged.connect(self._update)
        self.form_check.toggled.connect(self._update)
        self._update()

    def target(self) -> BuildTarget | None:
        docx = _as_docx(self.path_edit.text())
        return BuildTarget(docx, self.form_check.isChecked()) if docx else None

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save the tender document", self.path_edit.text(), "Word documents (*.docx)"
        )
        if chosen:
            self.path_edit.setText(chosen)

    def _update(self) -> None:
        docx = _as_docx(self.path_edit.text())
        ok = docx is not None and docx.parent.is_dir()
        lines = []
        if docx is None:
            lines.append("Name the file to write.")
        elif not docx.parent.is_dir():
            lines.append(f"The folder {docx.parent} does not exist.")
        else:
            if docx.exists():
                lines.append(f"{docx.name} exists and will be replaced.")
            if self.form_check.isChecked():
                lines.append(f"The response form will be written as {response_form_path(docx).name}.")
        self.note.setText("\n".join(lines))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
