"""The selected section's title and introduction, edited in place beside the outline.

The form only reports what is typed (``title_edited``, ``intro_edited``); the outline editor makes
each change an undoable edit of the spec, and the form is refilled from the spec afterwards
without moving the cursor of the field being typed in.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

__all__ = ["SectionForm"]


class SectionForm(QWidget):
    """The selected section's title and introduction, edited in place (no dialog to type into)."""

    title_edited = Signal(int, str)
    intro_edited = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section: int | None = None
        self.title = QLineEdit()
        self.title.setAccessibleName(self.tr("Section title"))
        self.intro = QPlainTextEdit()
        self.intro.setAccessibleName(self.tr("Section introduction"))
        self.intro.setPlaceholderText(self.tr("Optional: a few words that open the section in the tender."))
        self.intro.setTabChangesFocus(True)
        self.intro.setMaximumHeight(140)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        title_label = QLabel(self.tr("Section &title:"))
        title_label.setBuddy(self.title)
        intro_label = QLabel(self.tr("Intro&duction:"))
        intro_label.setBuddy(self.intro)
        form.addRow(title_label, self.title)
        form.addRow(intro_label, self.intro)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        self.title.textEdited.connect(lambda text: self._emit(self.title_edited, text))
        self.intro.textChanged.connect(lambda: self._emit(self.intro_edited, self.intro.toPlainText()))
        self._setting = False
        self.setVisible(False)

    def _emit(self, signal: SignalInstance, text: str) -> None:
        if not self._setting and self.section is not None:
            signal.emit(self.section, text)

    def show_section(self, section: int | None, title: str = "", intro: str = "") -> None:
        """Show ``section``'s values; text typed that already says the same is left as it is (the
        cursor stays where the user is typing)."""
        self.section = section
        self.setVisible(section is not None)
        self._setting = True
        try:
            if self.title.text() != title:
                self.title.setText(title)
            if self.intro.toPlainText().strip() != intro.strip():
                self.intro.setPlainText(intro.rstrip("\n"))
        finally:
            self._setting = False
