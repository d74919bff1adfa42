"""The Details page of the tender builder: a form for every field of the tender spec but its clauses.

Title, reference, description, language, procedure, main category, scope, public-facing, CPV codes
(picked from the CPV 2008 list, with its labels), estimated value and currency, duration, the key
dates, the lots (added, removed, reordered, each with its value) and the buyer with its contact.
Every field writes an undoable edit to the open spec (:mod:`.bound_fields`) and shows, under it, the
problems the last check found in its value, with the rule ids of ``procure tender check``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, QTimeZone
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.base.moments import known_time_zones
from ...core.base.yamlio import PathKey
from ...core.tender.cpv import cpv_label, search_cpv
from ...core.tender.spec_fields import amount_value, parse_amount, quoted
from .bound_fields import (
    BoundField,
    CheckField,
    ChoiceField,
    DateField,
    DurationField,
    MoneyField,
    MultilineField,
    ProblemLabel,
    SetField,
    TextField,
)
from .spec_session import MISSING, SpecSession
from .tender_jobs import TenderState

__all__ = ["DetailsForm"]

CURRENCIES = ("EUR", "USD", "GBP", "CHF", "SEK", "DKK", "NOK", "PLN", "CZK", "HUF", "RON", "BGN", "CAD", "AUD")
LANGUAGES = ("en-GB", "en", "en-US", "fr", "fr-FR", "de", "de-DE", "es", "es-ES", "pt", "pt-PT")
LOTS: tuple[PathKey, ...] = ("tender", "lots")
CPV: tuple[PathKey, ...] = ("tender", "cpv")


class _ZoneField(ChoiceField):
    """The tender's time zone, chosen or typed (completed from the zone names); empty leaves it out."""

    def __init__(
        self,
        session_of: Callable[[], SpecSession | None],
        path: tuple[PathKey, ...],
        label: str,
        zones: list[tuple[str, str]],
    ) -> None:
        super().__init__(session_of, path, label, zones, editable=True)
        line = self.combo.lineEdit()
        assert line is not None
        line.setPlaceholderText(bytes(QTimeZone.systemTimeZoneId().data()).decode() or "UTC")

    def value(self) -> Any:
        chosen = super().value()
        return chosen.strip() if isinstance(chosen, str) and chosen.strip() else MISSING


class DetailsForm(QScrollArea):
    """Every field of the spec's ``tender`` and ``buyer``; :meth:`show_session` binds it to a spec."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: SpecSession | None = None
        self.fields: list[BoundField] = []
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        page = QWidget()
        page.setMaximumWidth(1100)  # long lines of a form are hard to follow on a wide screen
        layout = QVBoxLayout(page)
        self.read_only_note = QLabel()
        self.read_only_note.setWordWrap(True)
        self.read_only_note.hide()
        layout.addWidget(self.read_only_note)
        layout.addWidget(self._tender_group())
        layout.addWidget(self._value_group())
        layout.addWidget(self._dates_group())
        self.lots = LotsEditor(self._session)
        layout.addWidget(self.lots)
        layout.addWidget(self._buyer_group())
        layout.addStretch(1)
        self.setWidget(page)
        self.setAccessibleName(self.tr("Tender details"))

    def _session(self) -> SpecSession | None:
        return self.session

    def _add(self, form: QFormLayout, field: BoundField, *, required: bool = False) -> BoundField:
        label = QLabel(field.label + (" *" if required else ""))
        label.setBuddy(field.widget)
        if required:
            label.setToolTip(self.tr("Required"))
        form.addRow(label, field.row())
        self.fields.append(field)
        return field

    def _group(self, title: str) -> tuple[QGroupBox, QFormLayout]:
        group = QGroupBox(title)
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return group, form

    def _tender_group(self) -> QGroupBox:
        s, tr = self._session, self.tr
        group, form = self._group(tr("Tender"))
        self._add(form, TextField(s, ("tender", "title"), tr("Title"), required=True), required=True)
        self._add(
            form,
            TextField(
                s, ("tender", "reference"), tr("Reference"), required=True, quote=True, placeholder="CITY-2027-001"
            ),
            required=True,
        )
        self._add(form, MultilineField(s, ("tender", "description"), tr("Description")))
        self._add(
            form,
            ChoiceField(s, ("tender", "language"), tr("Language"), [(tag, tag) for tag in LANGUAGES], editable=True),
            required=True,
        )
        procedures = [
            ("open", tr("Open procedure")),
            ("restricted", tr("Restricted procedure")),
            ("competitive-dialogue", tr("Competitive dialogue")),
            ("competitive-negotiation", tr("Competitive procedure with negotiation")),
            ("innovation-partnership", tr("Innovation partnership")),
            ("negotiated-without-publication", tr("Negotiated procedure without prior publication")),
            ("design-contest", tr("Design contest")),
            ("pre-commercial", tr("Pre-commercial procurement")),
        ]
        self._add(form, ChoiceField(s, ("tender", "procedure"), tr("Procedure"), procedures), required=True)
        categories = [("goods", tr("Goods")), ("services", tr("Services")), ("works", tr("Works"))]
        self._add(form, ChoiceField(s, ("tender", "main_category"), tr("Main category"), categories), required=True)
        scope = [
            ("goods", tr("Goods")),
            ("services", tr("Services")),
            ("software", tr("Software")),
            ("works", tr("Works")),
        ]
        self._add(form, SetField(s, ("tender", "scope"), tr("What is bought"), scope), required=True)
        self._add(
            form,
            CheckField(s, ("tender", "public_facing"), tr("Public-facing"), tr("Residents use the result directly")),
        )
        return group

    def _value_group(self) -> QGroupBox:
        s, tr = self._session, self.tr
        group, form = self._group(tr("Classification and value"))
        self.cpv = CpvEditor(s)
        label = QLabel(tr("CPV codes"))
        label.setBuddy(self.cpv.entry)
        form.addRow(label, self.cpv)
        self._add(form, MoneyField(s, ("tender", "estimated_value"), tr("Estimated value"), CURRENCIES))
        self._add(form, DurationField(s, ("tender", "duration"), tr("Contract duration")))
        return group

    def _dates_group(self) -> QGroupBox:
        s, tr = self._session, self.tr
        group, form = self._group(tr("Dates"))
        dates = [
            ("publication", tr("Publication"), False),
            ("clarification_deadline", tr("Clarification questions until"), True),
            ("submission_deadline", tr("Submission deadline"), False),
            ("contract_start", tr("Contract start"), True),
        ]
        zone = _ZoneField(s, ("tender", "time_zone"), tr("Time zone"), [(z, z) for z in known_time_zones()])
        zone.combo.setToolTip(tr("The zone of the times below (e.g. Europe/Brussels); the tender prints its offset"))
        self._add(form, zone)
        for key, label, optional in dates:
            field = DateField(s, ("tender", "dates", key), label, optional=optional, timed=True)
            keep = field.used.sizePolicy()
            keep.setRetainSizeWhenHidden(True)  # the dates line up, optional or not
            field.used.setSizePolicy(keep)
            self._add(form, field, required=not optional)
        return group

    def _buyer_group(self) -> QGroupBox:
        s, tr = self._session, self.tr
        group, form = self._group(tr("Buyer"))
        self._add(form, TextField(s, ("buyer", "name"), tr("Buying authority"), required=True), required=True)
        self._add(form, TextField(s, ("buyer", "address"), tr("Address")))
        self._add(form, TextField(s, ("buyer", "contact", "name"), tr("Contact")))
        self._add(
            form, TextField(s, ("buyer", "contact", "email"), tr("E-mail"), placeholder="procurement@city.example")
        )
        self._add(form, TextField(s, ("buyer", "contact", "phone"), tr("Phone"), quote=True))
        return group

    # --- showing ------------------------------------------------------------------------------
    def show_session(self, session: SpecSession | None) -> None:
        """Bind the form to ``session`` (None: a spec that cannot be edited; the form is disabled)."""
        self.session = session
        page = self.widget()
        if page is not None:
            page.setEnabled(session is not None)
        self.read_only_note.setVisible(session is None)
        self.read_only_note.setText(
            self.tr("This spec cannot be edited here until its YAML can be read: see Checks for the line to fix.")
        )
        self.refresh()

    def refresh(self) -> None:
        """Show the document's values (after an edit, an undo or a redo)."""
        for field in self.fields:
            field.refresh()
        self.cpv.refresh()
        self.lots.refresh()

    def show_problems(self, state: TenderState) -> None:
        """Show each field's problems from the check just made."""
        paths = [field.path for field in self.fields] + [CPV, *self.lots.paths()]
        found = state.problems_at(paths)
        for field in self.fields:
            field.show_problems(found.get(field.path, []))
        self.cpv.show_problems(found.get(CPV, []))
        self.lots.show_problems(found)

    def field(self, *path: PathKey) -> BoundField:
        """The field bound to ``path`` (for tests and for going to a problem)."""
        return next(field for field in self.fields if field.path == path)


class CpvEditor(QWidget):
    """The CPV codes: a list with each code's label, and a box that finds codes by digits or words."""

    def __init__(self, session_of: Any) -> None:
        super().__init__()
        self.session_of = session_of
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("CPV codes"))
        self.list.setMaximumHeight(130)
        self.entry = QLineEdit()
        self.entry.setPlaceholderText(self.tr("Type digits or words to find a code, e.g. 4800 or software"))
        self.entry.setAccessibleName(self.tr("Find a CPV code"))
        self._matches = QStringListModel(self)
        completer = QCompleter(self._matches, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.activated.connect(self._chosen)
        self.entry.setCompleter(completer)
        self.entry.textEdited.connect(self._find)
        self.entry.returnPressed.connect(lambda: self._chosen(self.entry.text()))
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.clicked.connect(lambda: self._chosen(self.entry.text()))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        row.addWidget(self.entry, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        self.problems = ProblemLabel()
        layout.addWidget(self.list)
        layout.addLayout(row)
        layout.addWidget(self.problems)

    def _language(self) -> str:
        session = self.session_of()
        language = session.get(("tender", "language"), "en") if session is not None else "en"
        return str(language)

    def _find(self, text: str) -> None:
        self._matches.setStringList(
            [f"{c.code} {c.label(self._language())}" for c in search_cpv(text, self._language())]
        )

    def _chosen(self, text: str) -> None:
        code = text.strip().split(" ", 1)[0]
        session = self.session_of()
        if not code or session is None:
            return
        codes = session.get(CPV, [])
        codes = list(codes) if isinstance(codes, list) else []
        if code in codes:
            self.entry.clear()
            return
        session.insert(CPV, len(codes), quoted(code), self.tr("Add CPV code {code}").format(code=code))
        self.entry.clear()

    def remove_selected(self) -> None:
        session, row = self.session_of(), self.list.currentRow()
        if session is None or row < 0:
            return
        code = session.get((*CPV, row))
        session.remove(CPV, row, self.tr("Remove CPV code {code}").format(code=code))

    def refresh(self) -> None:
        session = self.session_of()
        codes = session.get(CPV, []) if session is not None else []
        codes = list(codes) if isinstance(codes, list) else []
        row = self.list.currentRow()
        self.list.clear()
        for code in codes:
            label = cpv_label(str(code), self._language())
            item = QListWidgetItem(f"{code} — {label}" if label else str(code))
            self.list.addItem(item)
        if codes:
            self.list.setCurrentRow(min(max(row, 0), len(codes) - 1))

    def show_problems(self, problems: Sequence[Any]) -> None:
        self.problems.show_problems(problems)


class LotsEditor(QGroupBox):
    """The lots: a table of id, title and estimated value, with Add, Remove, Move Up and Move Down."""

    COLUMNS = ("id", "title", "estimated_value")

    def __init__(self, session_of: Any) -> None:
        super().__init__(self.tr("Lots"))
        self.session_of = session_of
        self._showing = False
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Lot"), self.tr("Title"), self.tr("Estimated value")])
        self.table.setAccessibleName(self.tr("Lots"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.table.setMaximumHeight(180)
        self.table.itemChanged.connect(self._cell_changed)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add Lot"))
        self.add_button.clicked.connect(self.add_lot)
        self.remove_button = QPushButton(self.tr("Remove Lot"))
        self.remove_button.clicked.connect(self.remove_lot)
        self.up_button = QPushButton(self.tr("Move Up"))
        self.up_button.clicked.connect(lambda: self.move_lot(-1))
        self.down_button = QPushButton(self.tr("Move Down"))
        self.down_button.clicked.connect(lambda: self.move_lot(1))
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.problems = ProblemLabel()
        # The selected lot's description, bound to that lot as the selection moves.
        self.description = MultilineField(session_of, (*LOTS, 0, "description"), self.tr("Lot description"))
        self.description.edit.setPlaceholderText(self.tr("What this lot buys (select a lot above)"))
        self.table.currentCellChanged.connect(self._lot_selected)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.problems)
        description_label = QLabel(self.tr("Description of the selected lot"))
        description_label.setBuddy(self.description.edit)
        layout.addWidget(description_label)
        layout.addWidget(self.description.row())

    def _lot_selected(self, row: int, *_rest: int) -> None:
        self.description.path = (*LOTS, max(row, 0), "description")
        self.description.widget.setEnabled(0 <= row < len(self._lots()))
        self.description.refresh()

    def _lots(self) -> list[Any]:
        session = self.session_of()
        lots = session.get(LOTS, []) if session is not None else []
        return list(lots) if isinstance(lots, list) else []

    def paths(self) -> list[tuple[PathKey, ...]]:
        keys = (*self.COLUMNS, "description")
        return [(*LOTS, row, key) for row in range(len(self._lots())) for key in keys]

    def refresh(self) -> None:
        lots = self._lots()
        self._showing = True
        try:
            self.table.setRowCount(len(lots))
            for row, lot in enumerate(lots):
                value = lot.get("estimated_value") if isinstance(lot, dict) else None
                amount = value.get("amount") if isinstance(value, dict) else None
                cells = [lot.get("id", ""), lot.get("title", ""), "" if amount is None else f"{amount}"]
                for column, text in enumerate(cells):
                    item = self.table.item(row, column)
                    if item is None:
                        item = QTableWidgetItem()
                        self.table.setItem(row, column, item)
                    if item.text() != str(text):
                        item.setText(str(text))
                    if column == 2:
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        finally:
            self._showing = False
        self._lot_selected(self.table.currentRow())

    def _cell_changed(self, item: QTableWidgetItem) -> None:
        session = self.session_of()
        if self._showing or session is None:
            return
        row, column = item.row(), item.column()
        key = self.COLUMNS[column]
        text = item.text().strip()
        label = self.tr("Change lot {lot}").format(lot=row + 1)
        if key == "id":
            session.set_value((*LOTS, row, "id"), quoted(text), label)
        elif key == "title":
            session.set_value((*LOTS, row, "title"), text, label)
        else:
            path = (*LOTS, row, "estimated_value")
            amount = parse_amount(text)
            if not text:
                session.set_value(path, MISSING, label)
            elif session.get(path) is MISSING:
                currency = session.get(("tender", "estimated_value", "currency"), "EUR")
                written = amount_value(amount) if amount is not None else text
                session.set_value(path, {"amount": written, "currency": str(currency)}, label)
            else:
                session.set_value((*path, "amount"), amount_value(amount) if amount is not None else text, label)

    def add_lot(self) -> None:
        session = self.session_of()
        if session is None:
            return
        lots = self._lots()
        taken = {str(lot.get("id")) for lot in lots if isinstance(lot, dict)}
        number = next(n for n in range(1, len(lots) + 2) if str(n) not in taken)
        new = {"id": quoted(str(number)), "title": self.tr("Lot {number}").format(number=number)}
        session.insert(LOTS, len(lots), new, self.tr("Add lot {number}").format(number=number))
        self.table.setCurrentCell(len(lots), 1)

    def remove_lot(self) -> None:
        session, row = self.session_of(), self.table.currentRow()
        if session is None or row < 0:
            return
        if len(self._lots()) == 1:
            session.set_value(LOTS, MISSING, self.tr("Remove lot {lot}").format(lot=row + 1))
        else:
            session.remove(LOTS, row, self.tr("Remove lot {lot}").format(lot=row + 1))

    def move_lot(self, step: int) -> None:
        session, row = self.session_of(), self.table.currentRow()
        target = row + step
        if session is None or row < 0 or not 0 <= target < len(self._lots()):
            return
        session.move(LOTS, row, target, self.tr("Move lot {lot}").format(lot=row + 1))
        self.table.setCurrentCell(target, self.table.currentColumn())

    def show_problems(self, found: dict[tuple[PathKey, ...], list[Any]]) -> None:
        problems = [d for path, ds in found.items() if path[: len(LOTS)] == LOTS for d in ds]
        self.problems.show_problems(problems)
