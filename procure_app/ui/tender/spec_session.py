"""The tender being edited: its round-trip document and its undo stack, as the builder's views see them.

Every change goes through :meth:`SpecSession.push` as a Qt-free edit of
:mod:`~procure_app.core.tender.spec_edits`; a ``QUndoCommand`` wraps it so that Edit › Undo and
Redo name it ("Undo Change exit-plan › plan_due_days"). Consecutive changes of one value (the
keystrokes typed in one field) merge into one step until :meth:`SpecSession.end_typing`. Saving
marks the stack clean, so undoing back to the saved text is "not modified" again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ...core.tender.spec_document import MISSING, SpecDocument, SpecPath
from ...core.tender.spec_edits import (
    SpecEdit,
    insert_item,
    move_item,
    remove_item,
    set_value,
)
from ..phrases import translated

__all__ = ["SpecSession", "MISSING", "same_value"]

_MERGING_ID = 1  # the QUndoCommand id of edits that may merge with the next one


class _EditCommand(QUndoCommand):
    def __init__(self, session: SpecSession, edit: SpecEdit) -> None:
        super().__init__(translated(edit.label))
        self.session, self.edit = session, edit
        self.open_for_typing = True

    def redo(self) -> None:
        self.edit.apply(self.session.document)
        self.session.last_edit = self.edit
        self.session.changed.emit()

    def undo(self) -> None:
        self.edit.revert(self.session.document)
        self.session.last_edit = self.edit
        self.session.changed.emit()

    def id(self) -> int:
        return _MERGING_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (self.open_for_typing and isinstance(other, _EditCommand)):
            return False
        merged = self.edit.merged(other.edit)
        if merged is None:
            return False
        self.edit = merged
        return True


class SpecSession(QObject):
    """One spec open for editing. ``changed`` is emitted after every edit, undo and redo."""

    changed = Signal()

    def __init__(self, document: SpecDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.last_edit: SpecEdit | None = None  # the edit just made, undone or redone
        self.pushing = False  # while an edit is being made (not undone or redone)
        self.stack = QUndoStack(self)
        if document.modified:  # a new or restored tender: unsaved until it is saved
            self.stack.resetClean()
        else:
            self.stack.setClean()

    @property
    def path(self) -> Path | None:
        return self.document.path

    @property
    def modified(self) -> bool:
        """Whether there are changes since the last save, as the undo stack counts them: asked at
        every keystroke (the window title), so it does not write the whole spec out to compare."""
        return not self.stack.isClean()

    # --- editing ------------------------------------------------------------------------------
    def push(self, edit: SpecEdit) -> None:
        """Apply ``edit`` as one undoable step (or merged into the step being typed)."""
        self.pushing = True
        try:
            self.stack.push(_EditCommand(self, edit))
        finally:
            self.pushing = False

    def end_typing(self) -> None:
        """The next change is a step of its own, even in the same field (the field lost the focus)."""
        count = self.stack.count()
        if count:
            top = self.stack.command(count - 1)
            if isinstance(top, _EditCommand):
                top.open_for_typing = False

    def get(self, path: SpecPath, default: Any = MISSING) -> Any:
        return self.document.get(path, default)

    def set_value(self, path: SpecPath, value: Any, label: str | None = None) -> None:
        """Set ``path`` to ``value`` (MISSING removes it); nothing happens when it already holds it."""
        if same_value(self.document.get(path), value):
            return
        self.push(set_value(self.document, path, value, label))

    def insert(self, path: SpecPath, index: int, value: Any, label: str) -> None:
        self.push(insert_item(path, index, value, label))

    def remove(self, path: SpecPath, index: int, label: str) -> None:
        self.push(remove_item(self.document, path, index, label))

    def move(self, path: SpecPath, source: int, target: int, label: str) -> None:
        if source != target:
            self.push(move_item(path, source, target, label))

    # --- saving -------------------------------------------------------------------------------
    def save(self, target: Path | None = None, *, overwrite_changes: bool = False) -> Path:
        """Save (see :meth:`SpecDocument.save`); the undo stack is clean afterwards."""
        saved = self.document.save(target, overwrite_changes=overwrite_changes)
        self.end_typing()
        self.stack.setClean()
        return saved


def same_value(current: Any, value: Any) -> bool:
    """Whether setting ``value`` would change nothing (True is not 1 here, as YAML tells them apart)."""
    if current is MISSING or value is MISSING:
        return current is value
    if isinstance(current, bool) or isinstance(value, bool):
        return isinstance(current, bool) and isinstance(value, bool) and current == value
    return bool(current == value)
