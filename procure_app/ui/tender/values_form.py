"""The values of the clause selected in the outline: a form made from the variables it declares.

One field per variable, of the kind its type asks for (a number with its unit and bounds, money in
the tender's currency, a date, a duration, a choice, yes/no, text), its default shown and a
required value marked ``*``; a chooser for the clause's variant, each variant's text in its
tooltip. A yes/no value that switches an optional paragraph says so. Every field is a
:mod:`.bound_fields` field at ``sections/N/clauses/M/values/NAME``: what is typed is an undoable
edit, and the check's problems with a value (T105) are shown under its field; a missing required
value (T106, reported at the clause) is shown above the fields.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from ...core.base.yamlio import PathKey
from ...core.library.clauses import STANDARD_VARIANT, Clause, Variable
from ...core.tender.spec_fields import amount_value, parse_amount
from .bound_fields import (
    UNDO_KEYS,
    BoundField,
    CheckField,
    ChoiceField,
    DateField,
    DurationField,
    EntryForm,
    TextField,
)
from .spec_session import MISSING, SpecSession
from .tender_jobs import TenderState

__all__ = ["NumberField", "ValuesForm"]

SessionOf = Callable[[], SpecSession | None]


class NumberField(BoundField):
    """A number as the officer types it (``2 400 000``, ``0,5``). Text that is not a number is
    written as typed, so that the check names the problem under the field (T105)."""

    def __init__(self, session_of: SessionOf, path: tuple[PathKey, ...], label: str, *, suffix: str = "") -> None:
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.installEventFilter(UNDO_KEYS)
        layout.addWidget(self.edit, 1)
        if suffix:
            layout.addWidget(QLabel(suffix))
        super().__init__(session_of, path, box, label)
        self.edit.setAccessibleName(label)
        self.edit.textEdited.connect(self.edited)
        self.edit.editingFinished.connect(self.typing_ended)

    def show_value(self, value: Any) -> None:
        self.edit.setText("" if value is MISSING or value is None else str(value))

    def value(self) -> Any:
        text = self.edit.text().strip()
        if not text:
            return MISSING
        amount = parse_amount(text)
        return amount_value(amount) if amount is not None else text


class _SwitchField(CheckField):
    """Yes or no, showing the variable's default while the spec leaves the value out."""

    def __init__(self, session_of: SessionOf, path: tuple[PathKey, ...], label: str, text: str, default: bool) -> None:
        super().__init__(session_of, path, label, text)
        self.default = default

    def show_value(self, value: Any) -> None:
        self.box.setChecked(self.default if value is MISSING else value is True)

    def refresh(self) -> None:
        session = self.session_of()
        current = session.get(self.path) if session is not None else MISSING
        if (self.default if current is MISSING else current is True) == self.box.isChecked():
            return
        BoundField.refresh(self)


class _VariantField(ChoiceField):
    """The clause's variant; the standard one is written by leaving the key out."""

    def show_value(self, value: Any) -> None:
        super().show_value(STANDARD_VARIANT if value is MISSING else value)

    def value(self) -> Any:
        chosen = super().value()
        return MISSING if chosen == STANDARD_VARIANT else chosen


class ValuesForm(EntryForm):
    """The form for one library clause of the outline; empty for a section or a custom clause."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shown: tuple[tuple[PathKey, ...], str] | None = None  # the entry's path and clause id

    @property
    def entry_path(self) -> tuple[PathKey, ...] | None:
        return self.shown[0] if self.shown else None

    def show_clause(self, position: tuple[int, int] | None, clause: Clause | None, currency: str) -> None:
        """Show the fields of ``clause`` at ``position`` in the outline (None: nothing to edit)."""
        if position is None or clause is None:
            self.shown = None
            self.setVisible(False)
            return
        entry: tuple[PathKey, ...] = ("sections", position[0], "clauses", position[1])
        if self.shown == (entry, clause.id):
            self.refresh()
            return
        self.shown = (entry, clause.id)
        self._build(entry, clause, currency)
        self.refresh()
        self.setVisible(True)

    def _build(self, entry: tuple[PathKey, ...], clause: Clause, currency: str) -> None:
        self.clear_fields()
        self.heading.setText(self.tr("<b>Values of {clause}</b>").format(clause=clause.id))
        if clause.variants:
            choices = [(STANDARD_VARIANT, self.tr("Standard"))] + [(v.name, v.label) for v in clause.variants]
            variant = _VariantField(self.session_of, (*entry, "variant"), self.tr("Variant"), choices)
            texts = [clause.text] + [v.text for v in clause.variants]
            for index, text in enumerate(texts):
                variant.combo.setItemData(index, text[:600], Qt.ItemDataRole.ToolTipRole)
            variant.step_name = self.tr("Change {clause} › variant").format(clause=clause.id)
            self._add(variant, self.tr("Variant"))
        switches = {p.enabled_by: p.label for p in clause.optional_paragraphs}
        for variable in clause.variables:
            field = self._field(entry, variable, currency, switches.get(variable.name))
            label = variable.label + (" *" if variable.required and variable.default is None else "")
            field.step_name = self.tr("Change {clause} › {value}").format(clause=clause.id, value=variable.name)
            self._add(field, label, variable)

    def _field(self, entry: tuple[PathKey, ...], variable: Variable, currency: str, switch: str | None) -> BoundField:
        path = (*entry, "values", variable.name)
        label, kind = variable.label, variable.type
        if kind == "number":
            return NumberField(self.session_of, path, label, suffix=variable.unit or "")
        if kind == "money":
            return NumberField(self.session_of, path, label, suffix=currency)
        if kind == "date":
            return DateField(self.session_of, path, label, optional=True)
        if kind == "duration":
            return DurationField(self.session_of, path, label)
        if kind == "boolean":
            text = self.tr("Include: {paragraph}").format(paragraph=switch) if switch else self.tr("Yes")
            return _SwitchField(self.session_of, path, label, text, variable.default is True)
        if kind == "choice" and variable.allowed:
            return ChoiceField(self.session_of, path, label, [(a, a) for a in variable.allowed], editable=False)
        return TextField(self.session_of, path, label)

    def _add(self, field: BoundField, label: str, variable: Variable | None = None) -> None:
        hints = []
        if variable is not None:
            if variable.default is not None:
                default = variable.default
                if isinstance(default, bool):
                    default = self.tr("yes") if default else self.tr("no")
                hints.append(self.tr("default: {value}").format(value=default))
            if variable.minimum is not None or variable.maximum is not None:
                low = "" if variable.minimum is None else f"{variable.minimum:g}"
                high = "" if variable.maximum is None else f"{variable.maximum:g}"
                hints.append(self.tr("from {low} to {high}").format(low=low or "…", high=high or "…"))
            if variable.help:
                hints.append(variable.help)
        if isinstance(field, NumberField | TextField) and variable is not None and variable.default is not None:
            edit = field.edit
            edit.setPlaceholderText(str(variable.default))
        field.widget.setToolTip("; ".join(hints))
        row = field.row()
        if hints:
            note = QLabel("; ".join(hints[:2]))
            note.setWordWrap(True)
            note.setStyleSheet("color: palette(mid);")
            row.layout().addWidget(note)  # type: ignore[union-attr]
        self._form.addRow(label, row)
        self.fields.append(field)

    def refresh(self) -> None:
        for field in self.fields:
            field.refresh()

    def show_problems(self, state: TenderState) -> None:
        """Each value's problems under its field; the clause's own (a missing value) above them."""
        entry = self.entry_path
        if entry is None:
            return
        found = state.problems_at([entry, *(field.path for field in self.fields)])
        for field in self.fields:
            field.show_problems(found.get(field.path, []))
        self.entry_problems.show_problems([d for d in found.get(entry, []) if d.rule in ("T105", "T106", "T104")])
