"""Editing the tender's outline in the app: remove and move clauses and sections, add, rename and
introduce sections, write custom clauses, and drops from the clause browser or within the outline.

A thin adapter: each action asks :mod:`procure_app.core.tender.outline_edits` for the edit and
pushes it to the open :class:`~.spec_session.SpecSession` (one undoable step each). The actions
work while the outline has the focus (Delete, Alt+Up, Alt+Down, F2), from its context menu, and
from the buttons above it; the section form beside it edits the selected section's title and
introduction as you type (:mod:`.section_form`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QToolButton

from ...core.tender import outline_edits
from ...core.tender.spec_edits import SpecEdit
from .spec_session import SpecSession
from .tender_view import TenderView

__all__ = ["OutlineEditor"]


class OutlineEditor(QObject):
    """The outline's editing actions for the tender open in ``view`` (``session()`` gives it)."""

    def __init__(self, parent: QObject, view: TenderView, session: Callable[[], SpecSession | None]) -> None:
        super().__init__(parent)
        self.view, self._session = view, session
        outline = view.outline

        def action(text: str, keys: list[str], slot: Callable[[], object], tip: str) -> QAction:
            made = QAction(text, outline)
            made.setShortcuts([QKeySequence(key) for key in keys])
            made.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # not while typing elsewhere
            made.setToolTip(tip)
            made.triggered.connect(slot)
            outline.addAction(made)
            return made

        self.add_section_action = action(
            self.tr("New Section"),
            ["Insert"],
            self.add_section,
            self.tr("Add a section after this one (Insert)"),
        )
        self.add_custom_action = action(
            self.tr("New Custom Clause"),
            ["Ctrl+Shift+N"],
            self.add_custom_clause,
            self.tr("Write a clause for this tender only, after the clause selected (Ctrl+Shift+N)"),
        )
        self.rename_action = action(self.tr("Rename Section"), ["F2"], self.rename, self.tr("Edit the section's title"))
        self.move_up_action = action(self.tr("Move Up"), ["Alt+Up"], lambda: self.move(-1), self.tr("Move up (Alt+Up)"))
        self.move_down_action = action(
            self.tr("Move Down"), ["Alt+Down"], lambda: self.move(+1), self.tr("Move down (Alt+Down)")
        )
        self.remove_action = action(
            self.tr("Remove"), ["Delete"], self.remove, self.tr("Remove the clause or section from the tender (Delete)")
        )
        self.actions = (
            self.add_section_action,
            self.add_custom_action,
            self.rename_action,
            self.move_up_action,
            self.move_down_action,
            self.remove_action,
        )
        outline.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        outline.installEventFilter(self)  # the keys also when the shortcut map does not see them
        for made in self.actions:
            view.outline_bar.addWidget(_button(made))
        view.outline_bar.addStretch(1)
        view.section_form.title_edited.connect(self._title_edited)
        view.section_form.intro_edited.connect(self._intro_edited)
        view.model.clause_moved.connect(self._clause_moved)
        view.model.section_moved.connect(self._section_moved)
        outline.selectionModel().currentChanged.connect(lambda *_: self.update_actions())
        self.update_actions()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.outline and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination())
            for made in self.actions:
                if made.isEnabled() and any(
                    key.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch for key in made.shortcuts()
                ):
                    made.trigger()
                    return True
        return super().eventFilter(watched, event)

    # --- the actions ------------------------------------------------------------------------
    def _push(self, edit: SpecEdit | None, select: tuple[int, int | None] | None = None) -> bool:
        session = self._session()
        if session is None or edit is None:
            return False
        self.view.pending_position = select
        session.push(edit)
        return True

    def add_section(self) -> None:
        session = self._session()
        if session is None:
            return
        position = self.view.current_position()
        at = position[0] + 1 if position is not None else len(self.view.model.outline)
        if self._push(outline_edits.add_section(session.document, at, self.tr("New section")), (at, None)):
            self.rename()

    def add_custom_clause(self) -> None:
        """A new custom clause after the clause selected (at the end of the section selected, else
        of the last section), selected with its title ready to type over."""
        session = self._session()
        if session is None:
            return
        chosen = self.view.insert_position()
        section, position = chosen if chosen is not None else (len(self.view.model.outline) - 1, None)
        if section < 0:
            self._push(outline_edits.add_section(session.document, 0, self.tr("Requirements")), (0, None))
            section, position = 0, None
        library = self.view.library
        made = outline_edits.add_custom_clause(
            session.document, section, position, self.tr("New clause"), library.by_id if library else ()
        )
        if made is None:
            return
        edit, clause_id = made
        self.view.pending_clause = clause_id
        if self._push(edit):
            title = self.view.custom_form.title_field.edit
            title.setFocus()
            title.selectAll()

    def rename(self) -> None:
        position = self.view.current_position()
        if position is not None and position[1] is None:
            self.view.section_form.title.setFocus()
            self.view.section_form.title.selectAll()

    def move(self, delta: int) -> None:
        session, position = self._session(), self.view.current_position()
        if session is None or position is None:
            return
        section, clause = position
        if clause is None:
            self._push(outline_edits.move_section(session.document, section, delta), (section + delta, None))
            return
        if self.view.model.clause_at(self.view.outline.currentIndex()) is None:
            return
        self._push(outline_edits.move_clause(session.document, section, clause, delta))  # followed by its id

    def remove(self) -> None:
        session, position = self._session(), self.view.current_position()
        if session is None or position is None:
            return
        section, clause = position
        if clause is None:
            self._push(outline_edits.remove_section(session.document, section), (section, None))
        else:
            self._push(outline_edits.remove_clause(session.document, section, clause), (section, clause))

    def _title_edited(self, section: int, title: str) -> None:
        session = self._session()
        if session is not None:
            self._push(outline_edits.rename_section(session.document, section, title), (section, None))

    def _intro_edited(self, section: int, text: str) -> None:
        session = self._session()
        if session is not None:
            self._push(outline_edits.set_intro(session.document, section, text), (section, None))

    # --- moves by drag (drops from the browser add clauses: the controller's) ------------------
    def _clause_moved(self, from_section: int, clause: int, to_section: int, position: int) -> None:
        session = self._session()
        if session is not None:
            self._push(outline_edits.move_clause_to(session.document, (from_section, clause), (to_section, position)))

    def _section_moved(self, source: int, target: int) -> None:
        session = self._session()
        if session is not None:
            at = target - 1 if target > source else target
            self._push(outline_edits.move_section_to(session.document, source, target), (at, None))

    def update_actions(self) -> None:
        editing = self._session() is not None
        position = self.view.current_position() if editing else None
        on_section = position is not None and position[1] is None
        self.add_section_action.setEnabled(editing)
        self.add_custom_action.setEnabled(editing)
        self.rename_action.setEnabled(on_section)
        for made in (self.move_up_action, self.move_down_action, self.remove_action):
            made.setEnabled(position is not None)


def _button(action: QAction) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setAutoRaise(True)
    return button
