"""The banner above the Project tab when the open project cannot take edits, and the Save As question.

Two cases, each with a Save As… button beside a sentence in plain words: the project file was
moved or deleted while open (what was saved is still held in memory, see
:mod:`procure_app.core.project.store.relocate`), or it was opened read-only. The banner never interrupts:
it is not a dialog, and typing goes on around it. The file question is one function,
:func:`choose_save_target`, so that tests can answer it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFileDialog, QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ..widgets import style_as_warning

__all__ = ["ProjectBanner", "choose_save_target", "GONE", "READ_ONLY"]

GONE, READ_ONLY = "gone", "read-only"


def _tr(text: str) -> str:
    return QCoreApplication.translate("ProjectBanner", text)


def choose_save_target(parent: QWidget, start: str) -> str:
    """Ask where to save the project; an empty string when cancelled."""
    chosen, _ = QFileDialog.getSaveFileName(
        parent,
        _tr("Save the project as"),
        start,
        _tr("Procure projects (*.procure)"),
    )
    if chosen and not chosen.endswith(".procure"):
        chosen += ".procure"
    return chosen


class ProjectBanner(QFrame):
    """Hidden until :meth:`show_problem`; ``save_as`` is emitted by its button."""

    save_as = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind: str | None = None
        style_as_warning(self, "projectBanner")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAccessibleName(_tr("Project file problem"))
        self.button = QPushButton(_tr("Save &As…"))
        self.button.setToolTip(_tr("Save the project under another name, then keep working there (Ctrl+Shift+S)"))
        self.button.clicked.connect(self.save_as.emit)
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)
        self.hide()

    def show_problem(self, kind: str, path: Path) -> None:
        """Say that the file at ``path`` is gone (``GONE``) or read-only (``READ_ONLY``)."""
        self.kind = kind
        if kind == GONE:
            words = _tr(
                "The project file {path} was moved or deleted. Your work is kept in memory: Save As… to keep it."
            )
        else:
            words = _tr(
                "The project file {path} was opened read-only: edits are not possible; "
                "Save As… to make an editable copy."
            )
        self.text.setText(words.format(path=path))
        self.show()

    def clear(self) -> None:
        self.kind = None
        self.hide()
