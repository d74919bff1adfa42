"""A newer approved library version of the selected clause: the bar that says so above the clause,
and the comparison that takes it.

The bar shows while the selected clause is pinned at a version the library has replaced (the
outline marks the row too, ``v1.0 → v1.1``). Its button opens the comparison: each field that the
new version words differently, the words taken out struck through and the words put in
underlined, and the values the new version adds or drops. "Take Version …" makes the change one
undoable step (:mod:`procure_app.core.tender.pin_updates`); the lock file is written on save.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...core.tender.custom_text import unwrapped
from ...core.tender.pin_updates import PinUpdate, word_diff
from .tender_html import STYLE

__all__ = ["PinUpdateBar", "PinUpdateDialog", "pin_update_html"]


def _tr(text: str) -> str:
    return QCoreApplication.translate("PinUpdate", text)


def _field_name(name: str) -> str:
    if name.startswith("variant "):
        return _tr("Variant {name}").format(name=name.removeprefix("variant "))
    if name.startswith("optional paragraph "):
        return _tr("Optional paragraph {name}").format(name=name.removeprefix("optional paragraph "))
    return {"title": _tr("Title"), "text": _tr("Text"), "verification": _tr("Verification")}.get(name, name)


def pin_update_html(update: PinUpdate) -> str:
    """The changes of ``update`` as the comparison shows them."""
    parts = [
        STYLE,
        "<style>del { color: #b00020; } ins { color: #1b5e20; text-decoration: underline; }</style>",
        "<p>"
        + escape(
            _tr("The tender pins version {old} of {clause}; the library has approved version {new}.").format(
                old=update.pinned.version, clause=update.clause_id, new=update.current.version
            )
        )
        + "</p>",
    ]
    for change in update.changes:
        parts.append(f"<h3>{escape(_field_name(change.name))}</h3>")
        if change.old is None:
            parts.append(f"<p><i>{escape(_tr('New in this version:'))}</i></p>")
        elif change.new is None:
            parts.append(f"<p><i>{escape(_tr('Removed in this version:'))}</i></p>")
        runs = []
        old, new = (unwrapped(text) if text is not None else None for text in (change.old, change.new))
        for kind, text in word_diff(old, new):  # a paragraph or bullet item a line
            shown = escape(text).replace("\n", "<br>")
            runs.append({"same": shown, "gone": f"<del>{shown}</del>", "added": f"<ins>{shown}</ins>"}[kind])
        parts.append(f"<p>{''.join(runs)}</p>")
    if not update.changes:
        parts.append(f"<p>{escape(_tr('The wording is the same; its guidance or other details changed.'))}</p>")
    if update.new_variables:
        parts.append(
            f"<p>{escape(_tr('Values the new version adds:'))} <b>{escape(', '.join(update.new_variables))}</b></p>"
        )
    if update.gone_variables:
        message = _tr("Values the new version drops (remove them from the clause's values):")
        parts.append(f"<p>{escape(message)} <b>{escape(', '.join(update.gone_variables))}</b></p>")
    return "".join(parts)


class PinUpdateBar(QWidget):
    """ "The library has approved version 1.1 of this clause" with its Compare button."""

    compare_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.button = QPushButton(self.tr("Co&mpare and Take…"))
        self.button.clicked.connect(self.compare_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.setStyleSheet("PinUpdateBar { background: #fff4e0; }")
        self.setVisible(False)

    def show_update(self, pinned: str | None, newer: str | None) -> None:
        """Show the bar for a clause pinned at ``pinned`` whose library version is ``newer`` (None: hide)."""
        if newer is None:
            self.setVisible(False)
            return
        self.label.setText(
            self.tr("The library has approved version {new} of this clause; the tender pins version {old}.").format(
                new=newer, old=pinned or "?"
            )
        )
        self.setVisible(True)


class PinUpdateDialog(QDialog):
    """The comparison of the pinned version with the library's, and the choice to take it."""

    def __init__(self, update: PinUpdate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Compare {clause} with the library").format(clause=update.clause_id))
        view = QTextBrowser()
        view.setHtml(pin_update_html(update))
        view.setAccessibleName(self.tr("What changed"))
        buttons = QDialogButtonBox()
        take = buttons.addButton(
            self.tr("&Take Version {version}").format(version=update.current.version),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        buttons.addButton(
            self.tr("&Keep Version {version}").format(version=update.pinned.version),
            QDialogButtonBox.ButtonRole.RejectRole,
        )
        take.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(view, 1)
        layout.addWidget(buttons)
        self.resize(760, 560)
