"""The core's phrases (:mod:`procure_app.core.base.phrases`) in the app's language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..core.base.phrases import CONTEXT, Phrase

__all__ = ["translated"]


def translated(text: str) -> str:
    """``text`` translated when it is a phrase of the core (its values filled in after), else as it is."""
    if isinstance(text, Phrase):
        return QCoreApplication.translate(CONTEXT, text.template).format(**text.values)
    return text
