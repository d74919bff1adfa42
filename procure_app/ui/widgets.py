"""Small widget helpers the tabs share."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

__all__ = ["titled"]


def titled(title: str, body: QWidget, *, buddy: QWidget | None = None) -> QWidget:
    """``body`` under a bold title; the title's mnemonic (``&``) moves the focus to ``buddy``."""
    label = QLabel(f"<b>{title}</b>")
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setBuddy(buddy or body)
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(label)
    layout.addWidget(body)
    return box
