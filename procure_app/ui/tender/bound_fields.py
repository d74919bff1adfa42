"""Form fields bound to one value of the spec being edited: what they show comes from the
document, what the officer types goes back as an undoable edit, and the check's problems with
that value are shown under the field.

Each field knows its path in the spec, how to read the document's value into its widget
(:meth:`BoundField.show_value`) and how to turn the widget's state into the value to write
(:meth:`BoundField.value`). The keys Undo and Redo go to the tender's undo stack, not to the
widget's own, so that Ctrl+Z in a field undoes the last step the Edit menu names.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTime
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ...core.base.diagnostics import Diagnostic
from ...core.base.yamlio import PathKey
from ...core.tender.spec_fields import (
    DURATION_UNITS,
    amount_value,
    format_duration,
    parse_amount,
    parse_duration,
    quoted,
    text_value,
)
from .spec_session import MISSING, SpecSession, same_value

__all__ = [
    "BoundField",
    "TextField",
    "MultilineField",
    "ChoiceField",
    "CheckField",
    "SetField",
    "DurationField",
    "MoneyField",
    "DateField",
    "EntryForm",
    "ProblemLabel",
    "UndoKeysToStack",
]

Path_ = tuple[PathKey, ...]
_ERROR_STYLE = "border: 1px solid #b00020;"
_CTRL_Y = QKeySequence("Ctrl+Y")


class UndoKeysToStack(QObject):
    """An event filter: Undo and Redo pressed in a text field are left to the window's actions."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if (
                event.matches(QKeySequence.StandardKey.Undo)
                or event.matches(QKeySequence.StandardKey.Redo)
                or QKeySequence(event.keyCombination()) == _CTRL_Y
            ):
                event.ignore()
                return True
        return False


class ProblemLabel(QLabel):
    """The problems of one field, in red under it, with their rule ids; hidden when there are none."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setStyleSheet("color: #b00020;")
        self.hide()

    def show_problems(self, problems: Sequence[Diagnostic]) -> None:
        self.setText("<br>".join(f"<b>{escape(d.rule)}</b> {escape(d.message)}" for d in problems))
        self.setVisible(bool(problems))


class BoundField(QObject):
    """One value of the spec and the widget that edits it."""

    def __init__(self, session_of: Callable[[], SpecSession | None], path: Path_, widget: QWidget, label: str) -> None:
        super().__init__(widget)
        self.session_of, self.path, self.widget, self.label = session_of, path, widget, label
        self.problems = ProblemLabel()
        self.step_name: str | None = None  # the undo step's name, when not "Change {label}"
        self._showing = False
        self.widget.setAccessibleName(label)

    # --- the two directions -------------------------------------------------------------------
    def show_value(self, value: Any) -> None:
        """Show ``value`` (MISSING when the spec does not hold it)."""
        raise NotImplementedError

    def value(self) -> Any:
        """The value the widget holds now, as the spec writes it (MISSING: remove the key)."""
        raise NotImplementedError

    def refresh(self) -> None:
        """Show the document's value, unless the widget already holds it (the cursor stays put)."""
        session = self.session_of()
        current = session.get(self.path) if session is not None else MISSING
        if session is not None and same_value(self.value(), current):
            return
        self._showing = True
        try:
            self.show_value(current)
        finally:
            self._showing = False

    def edited(self, *_args: object) -> None:
        """The officer changed the widget: write its value as one step (merged while typing)."""
        session = self.session_of()
        if self._showing or session is None:
            return
        session.set_value(self.path, self.value(), self.step_name or self.tr("Change {field}").format(field=self.label))

    def typing_ended(self) -> None:
        session = self.session_of()
        if session is not None:
            session.end_typing()

    def show_problems(self, problems: Sequence[Diagnostic]) -> None:
        self.problems.show_problems(problems)
        self.widget.setStyleSheet(_ERROR_STYLE if problems else "")
        self.widget.setAccessibleDescription(" ".join(f"{d.rule}: {d.message}" for d in problems))

    def row(self) -> QWidget:
        """The widget with its problems under it, for a form row."""
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.widget)
        layout.addWidget(self.problems)
        return box


class TextField(BoundField):
    """One line of text. ``required``: an empty field writes "" (the check says it is needed);
    otherwise an empty field removes the key. ``quote``: written in double quotes."""

    def __init__(
        self,
        session_of: Callable[[], SpecSession | None],
        path: Path_,
        label: str,
        *,
        required: bool = False,
        quote: bool = False,
        placeholder: str = "",
    ) -> None:
        self.edit = QLineEdit()
        super().__init__(session_of, path, self.edit, label)
        self.required, self.quote = required, quote
        self.edit.setPlaceholderText(placeholder)
        self.edit.installEventFilter(UNDO_KEYS)
        self.edit.textEdited.connect(self.edited)
        self.edit.editingFinished.connect(self.typing_ended)

    def show_value(self, value: Any) -> None:
        self.edit.setText("" if value is MISSING or value is None else str(value))

    def value(self) -> Any:
        text = self.edit.text()
        if not text and not self.required:
            return MISSING
        return quoted(text) if self.quote else text


class MultilineField(BoundField):
    """Paragraphs of text (written as a ``|`` block); empty removes the key."""

    def __init__(self, session_of: Callable[[], SpecSession | None], path: Path_, label: str) -> None:
        self.edit = QPlainTextEdit()
        super().__init__(session_of, path, self.edit, label)
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(90)
        self.edit.setMaximumHeight(180)
        self.edit.installEventFilter(UNDO_KEYS)
        self.edit.textChanged.connect(self.edited)
        self.edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.typing_ended()
        return False

    def show_value(self, value: Any) -> None:
        self.edit.setPlainText("" if value is MISSING or value is None else str(value).rstrip("\n"))

    def value(self) -> Any:
        text = self.edit.toPlainText()
        return text_value(text) if text.strip() else MISSING

    def refresh(self) -> None:
        session = self.session_of()
        current = session.get(self.path) if session is not None else MISSING
        shown = self.edit.toPlainText().rstrip("\n")
        if current is not MISSING and str(current).rstrip("\n") == shown:
            return
        if current is MISSING and not shown.strip():
            return
        super().refresh()


class ChoiceField(BoundField):
    """One of a list of values, each shown by its label. ``editable``: another value may be typed."""

    def __init__(
        self,
        session_of: Callable[[], SpecSession | None],
        path: Path_,
        label: str,
        choices: Sequence[tuple[str, str]],
        *,
        editable: bool = False,
    ) -> None:
        self.combo = QComboBox()
        super().__init__(session_of, path, self.combo, label)
        self.combo.setEditable(editable)
        for value, shown in choices:
            self.combo.addItem(shown, value)
        if editable:
            line = self.combo.lineEdit()
            assert line is not None
            line.installEventFilter(UNDO_KEYS)
            line.textEdited.connect(self.edited)
            line.editingFinished.connect(self.typing_ended)
        self.combo.activated.connect(self.edited)

    def show_value(self, value: Any) -> None:
        index = self.combo.findData(value) if value is not MISSING else -1
        if index >= 0:
            self.combo.setCurrentIndex(index)
        elif self.combo.isEditable():
            self.combo.setCurrentIndex(-1)
            self.combo.setEditText("" if value is MISSING else str(value))
        else:
            self.combo.setCurrentIndex(-1)

    def value(self) -> Any:
        if self.combo.isEditable():
            text = self.combo.currentText()
            index = self.combo.findText(text)
            data = self.combo.itemData(index) if index >= 0 else None
            return data if isinstance(data, str) else text
        data = self.combo.currentData()
        return data if isinstance(data, str) else MISSING


class CheckField(BoundField):
    """Yes or no."""

    def __init__(self, session_of: Callable[[], SpecSession | None], path: Path_, label: str, text: str) -> None:
        self.box = QCheckBox(text)
        super().__init__(session_of, path, self.box, label)
        self.box.toggled.connect(self.edited)

    def show_value(self, value: Any) -> None:
        self.box.setChecked(value is True)

    def value(self) -> Any:
        return self.box.isChecked()

    def refresh(self) -> None:
        session = self.session_of()
        current = session.get(self.path) if session is not None else MISSING
        if (current is True) == self.box.isChecked():
            return  # an absent key and False both read "no"
        super().refresh()


class SetField(BoundField):
    """Some of a few values, as check boxes; written as a list in the order the spec had it."""

    def __init__(
        self, session_of: Callable[[], SpecSession | None], path: Path_, label: str, choices: Sequence[tuple[str, str]]
    ) -> None:
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        super().__init__(session_of, path, box, label)
        for value, shown in choices:
            check = QCheckBox(shown)
            check.setAccessibleName(f"{label}: {shown}")
            check.toggled.connect(self.edited)
            layout.addWidget(check)
            self.boxes[value] = check
        layout.addStretch(1)
        self._order: list[str] = []

    def show_value(self, value: Any) -> None:
        chosen = [str(item) for item in value] if isinstance(value, list) else []
        self._order = chosen
        for name, check in self.boxes.items():
            check.setChecked(name in chosen)

    def value(self) -> Any:
        checked = [name for name, check in self.boxes.items() if check.isChecked()]
        kept = [name for name in self._order if name in checked]
        return kept + [name for name in checked if name not in kept]

    def edited(self, *_args: object) -> None:
        if not self._showing:
            self._order = self.value()
        super().edited()


class DurationField(BoundField):
    """A number and a unit (``48 months``); 0 removes the key."""

    def __init__(self, session_of: Callable[[], SpecSession | None], path: Path_, label: str) -> None:
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.count = QSpinBox()
        self.count.setRange(0, 99999)
        self.count.setSpecialValueText(self.tr("not set"))
        self.unit = QComboBox()
        unit_names = (self.tr("days"), self.tr("weeks"), self.tr("months"), self.tr("years"))
        for unit, shown in zip(DURATION_UNITS, unit_names, strict=True):
            self.unit.addItem(shown, unit)
        self.unit.setCurrentIndex(2)
        layout.addWidget(self.count)
        layout.addWidget(self.unit)
        layout.addStretch(1)
        super().__init__(session_of, path, box, label)
        self.count.setAccessibleName(label)
        self.unit.setAccessibleName(self.tr("{field}: unit").format(field=label))
        self.count.valueChanged.connect(self.edited)
        self.count.editingFinished.connect(self.typing_ended)
        self.unit.activated.connect(self.edited)

    def show_value(self, value: Any) -> None:
        parsed = parse_duration(value)
        self.count.setValue(parsed[0] if parsed else 0)
        if parsed:
            self.unit.setCurrentIndex(DURATION_UNITS.index(parsed[1]))

    def value(self) -> Any:
        count = self.count.value()
        return quoted(format_duration(count, str(self.unit.currentData()))) if count else MISSING


class MoneyField(BoundField):
    """An amount and its currency, at a ``{amount, currency}`` mapping; an empty amount removes it.
    ``currency_of`` gives the currency a new amount gets (a lot takes the tender's)."""

    def __init__(
        self,
        session_of: Callable[[], SpecSession | None],
        path: Path_,
        label: str,
        currencies: Sequence[str],
        *,
        currency_of: Callable[[], str] | None = None,
    ) -> None:
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(self.tr("e.g. 2 400 000"))
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.amount.installEventFilter(UNDO_KEYS)
        self.currency = QComboBox()
        self.currency.setEditable(True)
        self.currency.addItems(list(currencies))
        self.currency.setMaximumWidth(90)
        layout.addWidget(self.amount, 1)
        layout.addWidget(self.currency)
        super().__init__(session_of, path, box, label)
        self.amount.setAccessibleName(label)
        self.currency.setAccessibleName(self.tr("{field}: currency").format(field=label))
        self.currency_of = currency_of
        self.amount.textEdited.connect(self.edited)
        self.amount.editingFinished.connect(self.typing_ended)
        self.currency.activated.connect(self.edited)
        line = self.currency.lineEdit()
        assert line is not None
        line.textEdited.connect(self.edited)
        self._typed: str | None = None  # the amount as typed while it is not a number yet

    def show_value(self, value: Any) -> None:
        if isinstance(value, dict):
            amount = value.get("amount")
            self.amount.setText("" if amount is None else f"{amount}")
            self.currency.setEditText(str(value.get("currency", "")))
        else:
            self.amount.clear()
            if self.currency_of is not None:
                self.currency.setEditText(self.currency_of())

    def value(self) -> Any:
        text = self.amount.text().strip()
        if not text:
            return MISSING
        amount = parse_amount(text)
        currency = self.currency.currentText().strip().upper()
        # A text that is no number is written as it is: the check then says what is wrong, at the field.
        return {"amount": amount_value(amount) if amount is not None else text, "currency": currency}

    def edited(self, *_args: object) -> None:
        session = self.session_of()
        if self._showing or session is None:
            return
        value = self.value()
        label = self.tr("Change {field}").format(field=self.label)
        current = session.get(self.path)
        if value is MISSING or current is MISSING or not isinstance(current, dict):
            session.set_value(self.path, value, label)
            return
        for key in ("amount", "currency"):  # one key at a time: the mapping keeps its layout
            session.set_value((*self.path, key), value[key], label)

    def refresh(self) -> None:
        session = self.session_of()
        current = session.get(self.path) if session is not None else MISSING
        shown = self.value()
        if isinstance(current, dict) and isinstance(shown, dict):
            if parse_amount(str(current.get("amount"))) == parse_amount(str(shown["amount"])) and str(
                current.get("currency")
            ) == str(shown["currency"]):
                return
        super().refresh()


class DateField(BoundField):
    """A date, written ``"YYYY-MM-DD"``; ``timed``: with a box to give its time of day too
    (``"YYYY-MM-DDTHH:MM"``, in the tender's time zone). An optional one has a box to leave it out."""

    def __init__(
        self,
        session_of: Callable[[], SpecSession | None],
        path: Path_,
        label: str,
        *,
        optional: bool,
        timed: bool = False,
    ) -> None:
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.used = QCheckBox(self.tr("Set"))
        self.used.setVisible(optional)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setDate(QDate.currentDate())
        self.timed = QCheckBox(self.tr("at"))
        self.timed.setVisible(timed)
        self.time = QTimeEdit(QTime(12, 0))
        self.time.setDisplayFormat("HH:mm")
        self.time.setVisible(timed)
        self.time.setEnabled(False)
        for widget in (self.used, self.date, self.timed, self.time):
            layout.addWidget(widget)
        layout.addStretch(1)
        super().__init__(session_of, path, box, label)
        self.date.setAccessibleName(label)
        self.used.setAccessibleName(self.tr("{field}: set").format(field=label))
        self.timed.setAccessibleName(self.tr("{field}: at a time of day").format(field=label))
        self.time.setAccessibleName(self.tr("{field}: time").format(field=label))
        self.optional, self.with_time = optional, timed
        self.used.toggled.connect(self._used_toggled)
        self.timed.toggled.connect(self._timed_toggled)
        self.date.dateChanged.connect(self.edited)
        self.time.timeChanged.connect(self.edited)
        self.date.editingFinished.connect(self.typing_ended)
        self.time.editingFinished.connect(self.typing_ended)

    def _used_toggled(self, used: bool) -> None:
        self.date.setEnabled(used)
        self.timed.setEnabled(used)
        self.time.setEnabled(used and self.timed.isChecked())
        self.edited()

    def _timed_toggled(self, timed: bool) -> None:
        self.time.setEnabled(timed and self.date.isEnabled())
        self.edited()

    def show_value(self, value: Any) -> None:
        text = str(value) if value is not MISSING else ""
        day, _, clock = text.partition("T")
        parsed = QDate.fromString(day, "yyyy-MM-dd") if day else QDate()
        at = QTime.fromString(clock, "HH:mm") if clock else QTime()
        used = value is not MISSING or not self.optional
        self.used.setChecked(value is not MISSING)
        self.date.setEnabled(used)
        self.timed.setEnabled(used)
        self.timed.setChecked(at.isValid())
        self.time.setEnabled(used and at.isValid())
        if parsed.isValid():
            self.date.setDate(parsed)
        if at.isValid():
            self.time.setTime(at)

    def value(self) -> Any:
        if self.optional and not self.used.isChecked():
            return MISSING
        day = self.date.date().toString("yyyy-MM-dd")
        if self.with_time and self.timed.isChecked():
            return quoted(f"{day}T{self.time.time().toString('HH:mm')}")
        return quoted(day)


UNDO_KEYS = UndoKeysToStack()


class EntryForm(QWidget):
    """The fields of one clause entry of the outline under a heading, the entry's own problems
    above them, scrolled when long; hidden until an entry is shown. ``wrap``: labels above their
    fields (long labels), else beside them."""

    def __init__(self, parent: QWidget | None = None, *, wrap: bool = True) -> None:
        super().__init__(parent)
        self.session_of: Callable[[], SpecSession | None] = lambda: None
        self.fields: list[BoundField] = []
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.entry_problems = ProblemLabel()
        self._page = QWidget()
        self._form = QFormLayout(self._page)
        if wrap:
            self._form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        else:
            self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.entry_problems)
        layout.addWidget(scroll, 1)
        self.setVisible(False)

    def clear_fields(self) -> None:
        while self._form.rowCount():
            self._form.removeRow(0)
        self.fields = []
