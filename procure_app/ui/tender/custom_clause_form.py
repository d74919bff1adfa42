"""The custom clause selected in the outline, written in place: its id, title, kind, text and
verification.

The text editor knows the clause text format (:mod:`procure_app.core.tender.custom_text`): the
list button (Ctrl+Shift+8) makes bullet items of the lines selected or takes them off, Enter after
an item starts the next one and Enter on an empty item ends the list. A reference to another
clause is inserted by picking that clause from the tender (Ctrl+Shift+R), never typed, and it is
deleted as a whole by one Backspace; references are tinted, and one to a clause the tender does
not contain is underlined in red. Every field is a :mod:`.bound_fields` field at
``sections/N/clauses/M/custom/KEY``: what is typed is an undoable edit, and the check's problems
are shown under the field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import (
    QAction,
    QColor,
    QKeyEvent,
    QKeySequence,
    QStandardItem,
    QStandardItemModel,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.base.yamlio import PathKey
from ...core.tender.custom_text import continued_line, reference, references, toggle_bullets, unwrapped
from ...core.tender.outline import OutlineSection
from ...core.tender.spec_fields import text_value
from .bound_fields import BoundField, ChoiceField, EntryForm, MultilineField, TextField
from .spec_session import MISSING, SpecSession
from .tender_jobs import TenderState

__all__ = ["ClauseTextField", "CustomClauseForm", "ReferencePicker"]

SessionOf = Callable[[], SpecSession | None]
Picked = tuple[str, str, str]  # a clause of the tender: number, title, id


class _ReferenceHighlighter(QSyntaxHighlighter):
    """Tints each ``{{ ref:… }}``; one to a clause the tender lacks is underlined in red."""

    def __init__(self, document: QTextDocument, known: Callable[[], set[str]]) -> None:
        super().__init__(document)
        self.known = known
        self.good = QTextCharFormat()
        self.good.setBackground(QColor("#e3efe6"))
        self.good.setForeground(QColor("#1b5e20"))
        self.bad = QTextCharFormat()
        self.bad.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        self.bad.setUnderlineColor(QColor("#b00020"))
        self.bad.setForeground(QColor("#b00020"))

    def highlightBlock(self, text: str) -> None:
        known = self.known()
        for found in references(text):
            self.setFormat(found.start, found.end - found.start, self.good if found.clause_id in known else self.bad)


class ClauseTextField(MultilineField):
    """Paragraphs and bullet lists with references picked from the tender, each paragraph and item
    shown on one line and wrapped to the editor's width (the file keeps its own line breaks until
    the text is edited). ``required``: an empty editor writes "" (the check then says the text is
    needed) instead of removing the key."""

    def __init__(
        self,
        session_of: SessionOf,
        path: tuple[PathKey, ...],
        label: str,
        clauses: Callable[[], Sequence[Picked]],
        *,
        required: bool = False,
    ) -> None:
        super().__init__(session_of, path, label)
        self.required, self.clauses = required, clauses
        self.edit.setMaximumHeight(16777215)
        self.edit.setMinimumHeight(160)
        self.highlighter = _ReferenceHighlighter(self.edit.document(), lambda: {c[2] for c in self.clauses()})
        self.list_action = self._action(self.tr("Bullet List"), "Ctrl+Shift+8", self.toggle_list)
        self.list_action.setToolTip(
            self.tr("Make the lines selected bullet items, or plain lines again (Ctrl+Shift+8)")
        )
        self.reference_action = self._action(self.tr("Insert Reference…"), "Ctrl+Shift+R", self.pick_reference)
        self.reference_action.setToolTip(
            self.tr("Refer to another clause of the tender: its number is filled in (Ctrl+Shift+R)")
        )
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for action in (self.list_action, self.reference_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            bar.addWidget(button)
        bar.addStretch(1)
        self.bar = bar
        self.picker_factory: Callable[[Sequence[Picked], QWidget], ReferencePicker] = ReferencePicker

    def _action(self, text: str, keys: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.edit)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        self.edit.addAction(action)
        return action

    def row(self) -> QWidget:
        box = super().row()
        layout = box.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(0, self.bar)
        return box

    def value(self) -> Any:
        text = self.edit.toPlainText()
        if not text.strip():
            return "" if self.required else MISSING
        return text_value(text)

    def show_value(self, value: Any) -> None:
        self.edit.setPlainText(unwrapped(value) if isinstance(value, str) else "")

    def refresh(self) -> None:
        session = self.session_of()
        current = session.get(self.path) if session is not None else MISSING
        shown = self.edit.toPlainText()
        if not (isinstance(current, str) and unwrapped(current) == unwrapped(shown)):
            if current is not MISSING or shown.strip():
                BoundField.refresh(self)
        self._showing = True  # new colours are no edit of the text
        try:
            self.highlighter.rehighlight()  # the clauses of the tender may have changed
        finally:
            self._showing = False

    # --- the editor's keys --------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            for action in (self.list_action, self.reference_action):
                if (
                    QKeySequence(event.keyCombination()).matches(action.shortcut())
                    == QKeySequence.SequenceMatch.ExactMatch
                ):
                    action.trigger()  # also when the shortcut map does not see the editor
                    return True
            plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
                return self._enter()
            if event.key() == Qt.Key.Key_Backspace and plain:
                return self._backspace()
        return super().eventFilter(watched, event)

    def _enter(self) -> bool:
        cursor = self.edit.textCursor()
        if cursor.hasSelection() or not cursor.atBlockEnd():
            return False
        following = continued_line(cursor.block().text())
        if following is None:
            return False
        cursor.beginEditBlock()
        if following:
            cursor.insertText("\n" + following)
        else:  # an empty item ends the list: it becomes the blank line before the next paragraph
            cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
            cursor.insertText("\n")
        cursor.endEditBlock()
        self.edit.setTextCursor(cursor)
        return True

    def _backspace(self) -> bool:
        cursor = self.edit.textCursor()
        if cursor.hasSelection():
            return False
        block, at = cursor.block(), cursor.positionInBlock()
        for found in references(block.text()):
            if found.start < at <= found.end:  # inside or just after a reference: it goes whole
                cursor.setPosition(block.position() + found.start)
                cursor.setPosition(block.position() + found.end, QTextCursor.MoveMode.KeepAnchor)
                cursor.removeSelectedText()
                self.edit.setTextCursor(cursor)
                return True
        return False

    # --- the buttons --------------------------------------------------------------------------
    def toggle_list(self) -> None:
        """Bullets on the lines the selection touches (or the cursor's line), or off again."""
        cursor = self.edit.textCursor()
        document = self.edit.document()
        first = document.findBlock(cursor.selectionStart())
        last = document.findBlock(cursor.selectionEnd())
        lines, block = [], first
        while block.isValid():
            lines.append(block.text())
            if block == last:
                break
            block = block.next()
        changed = toggle_bullets(lines)
        if changed == lines:
            return
        edit = QTextCursor(document)
        edit.setPosition(first.position())
        edit.setPosition(last.position() + len(last.text()), QTextCursor.MoveMode.KeepAnchor)
        edit.beginEditBlock()
        edit.insertText("\n".join(changed))
        edit.endEditBlock()
        edit.setPosition(first.position())
        edit.setPosition(first.position() + len("\n".join(changed)), QTextCursor.MoveMode.KeepAnchor)
        self.edit.setTextCursor(edit)

    def pick_reference(self) -> None:
        """Ask which clause of the tender to refer to, and insert the reference at the cursor."""
        picker = self.picker_factory(self.clauses(), self.edit)
        if picker.exec() == QDialog.DialogCode.Accepted and picker.chosen is not None:
            self.insert_reference(picker.chosen)

    def insert_reference(self, clause_id: str) -> None:
        cursor = self.edit.textCursor()
        cursor.insertText(reference(clause_id))
        self.edit.setTextCursor(cursor)
        self.edit.setFocus()


class ReferencePicker(QDialog):
    """The clauses of the tender by number and title, filtered as you type; Enter picks one."""

    def __init__(self, clauses: Sequence[Picked], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Insert Reference"))
        self.chosen: str | None = None
        self.model = QStandardItemModel(self)
        for number, title, clause_id in clauses:
            item = QStandardItem(f"{number}  {title}  ({clause_id})")
            item.setData(clause_id, Qt.ItemDataRole.UserRole)
            item.setEditable(False)
            self.model.appendRow(item)
        self.filtered = QSortFilterProxyModel(self)
        self.filtered.setSourceModel(self.model)
        self.filtered.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter by number, title or id"))
        self.filter.setAccessibleName(self.tr("Filter clauses"))
        self.filter.textChanged.connect(self._filter)
        self.filter.installEventFilter(self)
        self.list = QListView()
        self.list.setModel(self.filtered)
        self.list.setAccessibleName(self.tr("Clauses of the tender"))
        self.list.doubleClicked.connect(lambda _index: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Insert"))
        label = QLabel(self.tr("Refer to the clause:"))
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(520, 420)
        self._filter("")

    def _filter(self, text: str) -> None:
        self.filtered.setFilterFixedString(text)
        if self.filtered.rowCount() and not self.list.currentIndex().isValid():
            self.list.setCurrentIndex(self.filtered.index(0, 0))
        elif not self.filtered.rowCount():
            self.list.setCurrentIndex(self.filtered.index(-1, -1))
        self.ok.setEnabled(self.filtered.rowCount() > 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up and Down in the filter move in the list, so the hands stay on the keys."""
        if watched is self.filter and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                row = self.list.currentIndex().row() + (1 if event.key() == Qt.Key.Key_Down else -1)
                if 0 <= row < self.filtered.rowCount():
                    self.list.setCurrentIndex(self.filtered.index(row, 0))
                return True
        return super().eventFilter(watched, event)

    def accept(self) -> None:
        current = self.list.currentIndex()
        if not current.isValid():
            return
        self.chosen = str(current.data(Qt.ItemDataRole.UserRole))
        super().accept()


class CustomClauseForm(EntryForm):
    """The form for one custom clause of the outline; hidden for a section or a library clause."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, wrap=False)
        self.outline: tuple[OutlineSection, ...] = ()
        self.shown: tuple[PathKey, ...] | None = None  # the entry's path

    def clauses(self) -> list[Picked]:
        """The clauses of the tender a reference may point to: all but the one being written."""
        own = self.id_field.value() if self.shown is not None else None
        return [(c.number, c.title, c.id) for s in self.outline for c in s.clauses if c.id and c.id != own]

    def show_clause(self, position: tuple[int, int] | None) -> None:
        """Show the custom clause at ``position`` in the outline (None: hide the form)."""
        if position is None:
            self.shown = None
            self.setVisible(False)
            return
        entry: tuple[PathKey, ...] = ("sections", position[0], "clauses", position[1])
        if self.shown != entry:
            self.shown = entry
            self._build(entry)
        self.refresh()
        self.setVisible(True)

    def _build(self, entry: tuple[PathKey, ...]) -> None:
        self.clear_fields()
        path = (*entry, "custom")
        self.heading.setText(self.tr("<b>Custom clause</b>, written for this tender only"))
        self.title_field = TextField(self.session_of, (*path, "title"), self.tr("Title"), required=True)
        self.id_field = TextField(self.session_of, (*path, "id"), self.tr("Id"), required=True)
        self.id_field.widget.setToolTip(
            self.tr("Lowercase words joined by hyphens; other clauses refer to this clause by it")
        )
        kinds = [
            ("specification", self.tr("Specification: what is delivered")),
            ("selection", self.tr("Selection: who may bid")),
            ("award", self.tr("Award: how bids are compared")),
            ("contract-performance", self.tr("Contract performance: duties during the contract")),
            ("general", self.tr("General")),
        ]
        self.kind_field = ChoiceField(self.session_of, (*path, "kind"), self.tr("Kind"), kinds)
        self.text_field = ClauseTextField(
            self.session_of, (*path, "text"), self.tr("Text"), self.clauses, required=True
        )
        self.verification_field = ClauseTextField(
            self.session_of, (*path, "verification"), self.tr("Verification"), self.clauses
        )
        self.verification_field.edit.setMinimumHeight(90)
        self.verification_field.edit.setPlaceholderText(self.tr("The evidence that proves the clause is met."))
        self.text_field.edit.setPlaceholderText(
            self.tr("Paragraphs separated by a blank line; bullet items start with “- ”.")
        )
        for field in (self.title_field, self.id_field, self.kind_field, self.text_field, self.verification_field):
            self._form.addRow(field.label, field.row())
            self.fields.append(field)

    def name_steps(self, clause_id: str) -> None:
        """Undo steps say which clause changed: "Change custom-sensor-siting › text"."""
        for field in self.fields:
            key = field.path[-1]
            field.step_name = self.tr("Change {clause} › {field}").format(clause=clause_id or "…", field=key)

    def refresh(self) -> None:
        session = self.session_of()
        if self.shown is None or session is None:
            return
        if not isinstance(session.get((*self.shown, "custom"), None), Mapping):
            self.show_clause(None)  # undone, or moved away: nothing of the spec is written here any more
            return
        for field in self.fields:
            field.refresh()
        self.name_steps(str(self.id_field.value()))

    def show_problems(self, state: TenderState) -> None:
        """Each field's problems under it; the clause's own (a duplicate id, say) above them."""
        entry = self.shown
        if entry is None:
            return
        found = state.problems_at([entry, (*entry, "custom"), *(field.path for field in self.fields)])
        for field in self.fields:
            field.show_problems(found.get(field.path, []))
        self.entry_problems.show_problems(found.get(entry, []) + found.get((*entry, "custom"), []))
