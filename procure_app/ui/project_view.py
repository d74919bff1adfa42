"""The Project tab: the project's name, file and envelopes, the panel's progress, the prices (sealed
until unsealed) and the score grid of one evaluator.

The view only shows a :class:`~.project_jobs.ProjectSnapshot`; opening, editing and the actions are
the business of :class:`~.project_controller.ProjectController`. A score refused by the model is
given back: the cell opens again with what was typed in it.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .evaluation_html import STYLE
from .project_jobs import ProjectSnapshot, envelope_words
from .project_model import SCORE, ScoreGridModel
from .widgets import placeholder, restore_splitters, rich_label, save_splitters, settle, stacked, titled

__all__ = ["ProjectView", "header_html", "PROGRESS_COLUMNS", "PRICE_COLUMNS"]

Index = QModelIndex | QPersistentModelIndex
PROGRESS_COLUMNS = ("Evaluator", "Scores entered", "Conflicts declared")
PRICE_COLUMNS = ("Bid", "Bidder", "Capital cost", "Operating / year", "Maintenance / year", "Years")
DONE = QColor("#1b7f3b")
OPEN_COLOUR, LOCKED_COLOUR = "#8a5a00", "#1b5e9b"


def header_html(snapshot: ProjectSnapshot) -> str:
    """The project's name, its file and the state of its envelopes."""
    envelope = snapshot.envelope
    colour = OPEN_COLOUR if not envelope.quality_locked else LOCKED_COLOUR
    words = escape(envelope_words(envelope, snapshot.price_sheet_count))
    panel = f"{len(snapshot.evaluators)} evaluators · {len(snapshot.bids)} bids · {len(snapshot.criteria)} criteria"
    return (
        f"{STYLE}<h2>{escape(snapshot.name)}</h2>"
        f'<p class="meta">{escape(str(snapshot.path))} · {panel} · {snapshot.audit_count} audit entries</p>'
        f'<p style="color:{colour}"><b>{words}</b></p>'
    )


class _ScoreDelegate(QStyledItemDelegate):
    """Edits a cell with a line edit; a refused entry comes back in the editor as it was typed."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.given_back: tuple[QPersistentModelIndex, str] | None = None

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        editor.setAccessibleName("Score" if index.column() == SCORE else "Justification")
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        given = self.given_back
        if given is not None and (given[0].row(), given[0].column()) == (index.row(), index.column()):
            editor.setText(given[1])
            self.given_back = None
        else:
            editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class ProjectView(QWidget):
    evaluator_chosen = Signal(str)
    refused = Signal(str)  # why an entry was refused: the window shows it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.snapshot: ProjectSnapshot | None = None
        self.header = rich_label("Project")
        self.header.setText(f"{STYLE}<h2>No project open</h2>")
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(4)
        self._build_progress()
        self._build_prices()
        self._build_grid()
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(titled("Panel p&rogress", self.progress, buddy=self.progress))
        top.addWidget(titled("Pr&ices", self.prices_stack, buddy=self.prices))
        top.setSizes([640, 760])
        settle(top, (1, 1))
        self.top_split = top
        self.main_split = QSplitter(Qt.Orientation.Vertical)
        self.main_split.addWidget(top)
        self.main_split.addWidget(self.grid_box)
        self.main_split.setSizes([215, 585])
        settle(self.main_split, (1, 4))
        self.empty = placeholder(
            "No project is open. File ▸ Open Project… (Ctrl+Shift+O) opens one; File ▸ Open Example Project "
            "opens the example."
        )
        self.body = stacked(self.empty, self.main_split)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(self.buttons)
        layout.addWidget(self.body, 1)

    # --- construction -------------------------------------------------------------------------
    def _build_progress(self) -> None:
        self.progress = QTableWidget(0, len(PROGRESS_COLUMNS))
        self.progress.setHorizontalHeaderLabels(list(PROGRESS_COLUMNS))
        self.progress.verticalHeader().hide()
        self.progress.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.progress.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.progress.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.progress.setAlternatingRowColors(True)
        self.progress.setAccessibleName("Panel progress")
        self.progress.setAccessibleDescription("Each evaluator's scores entered of those expected, and conflicts")
        header = self.progress.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.progress.cellActivated.connect(lambda row, _column: self._choose_row(row))
        self.progress.cellClicked.connect(lambda row, _column: self._choose_row(row))

    def _build_prices(self) -> None:
        self.prices = QTableWidget(0, len(PRICE_COLUMNS))
        self.prices.setHorizontalHeaderLabels(list(PRICE_COLUMNS))
        self.prices.verticalHeader().hide()
        self.prices.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.prices.setAlternatingRowColors(True)
        self.prices.setAccessibleName("Prices")
        header = self.prices.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.sealed = QLabel()
        self.sealed.setWordWrap(True)
        self.sealed.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sealed.setAccessibleName("Prices sealed")
        self.prices_stack = stacked(self.sealed, self.prices)

    def _build_grid(self) -> None:
        self.evaluator_box = QComboBox()
        self.evaluator_box.setAccessibleName("Evaluator")
        self.evaluator_box.setMinimumContentsLength(24)
        self.evaluator_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.evaluator_box.currentIndexChanged.connect(self._evaluator_changed)
        label = QLabel("Evaluat&or:")
        label.setBuddy(self.evaluator_box)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.evaluator_box)
        row.addStretch(1)
        self.model = ScoreGridModel(self)
        self.model.refused.connect(self._give_back)
        self.grid = QTableView()
        self.grid.setModel(self.model)
        self.delegate = _ScoreDelegate(self.grid)
        self.grid.setItemDelegate(self.delegate)
        self.grid.setAccessibleName("Scores")
        self.grid.setAccessibleDescription("One row per bid and criterion: the score and its justification")
        self.grid.setAlternatingRowColors(True)
        self.grid.setWordWrap(False)
        self.grid.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.grid.verticalHeader().hide()
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.grid_note = QLabel()
        self.grid_note.setWordWrap(True)
        self.grid_note.setAccessibleName("About the scores")
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(row)
        top_layout.addWidget(self.grid, 1)
        top_layout.addWidget(self.grid_note)
        self.grid_box = titled("&Scores", top, buddy=self.grid)

    def add_buttons(self, actions: Sequence[QAction | None]) -> None:
        """A button for each action (None: a gap); each follows its action's text and state."""
        for action in actions:
            if action is None:
                self.buttons.addSpacing(12)
                continue
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setAutoRaise(False)
            self.buttons.addWidget(button)
        self.buttons.addStretch(1)

    # --- showing ------------------------------------------------------------------------------
    def show_snapshot(self, snapshot: ProjectSnapshot | None, evaluator: str) -> None:
        first = self.snapshot is None or snapshot is None or self.snapshot.path != snapshot.path
        self.snapshot = snapshot
        if snapshot is None:
            self.header.setText(f"{STYLE}<h2>No project open</h2>")
            self.body.setCurrentIndex(0)
            self.model.set_snapshot(None, "")
            return
        self.body.setCurrentIndex(1)
        self.header.setText(header_html(snapshot))
        self._show_progress(snapshot)
        self._show_prices(snapshot)
        self._fill_evaluators(snapshot, evaluator)
        self.model.set_snapshot(snapshot, self.current_evaluator())
        self.grid_note.setText(self._note(snapshot))
        if first:
            self._size_grid()

    def _show_progress(self, snapshot: ProjectSnapshot) -> None:
        table = self.progress
        table.setRowCount(len(snapshot.progress))
        for row, person in enumerate(snapshot.progress):
            entered = f"{person.entered} of {person.expected}"
            if person.complete:
                entered += " ✓"
            if person.without_justification:
                entered += f" ({person.without_justification} without justification)"
            conflicts = ", ".join(person.conflicts) or "none"
            cells = (f"{person.name} ({person.id})", entered, conflicts)
            tips = (
                f"{person.name} ({person.id})" + (f": {person.role}" if person.role else ""),
                f"{person.entered} scores entered of the {person.expected} expected (bids failed at a gate or "
                "declared a conflict on are not scored)",
                "\n".join(f"{bid}: {snapshot.bids.get(bid, '')}" for bid in person.conflicts) or "No conflict declared",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(tips[column])
                if column == 1 and person.complete:
                    item.setForeground(QBrush(DONE))
                table.setItem(row, column, item)

    def _show_prices(self, snapshot: ProjectSnapshot) -> None:
        if snapshot.prices is None:
            count = snapshot.price_sheet_count
            sheets = f"{count} price sheet{'' if count == 1 else 's'}"
            self.sealed.setText(
                f"Sealed — {sheets} received.\n\nThe amounts are shown once quality scoring is locked "
                "and the prices are unsealed (Project ▸ Unseal Prices…)."
            )
            self.prices_stack.setCurrentIndex(0)
            return
        self.prices_stack.setCurrentIndex(1)
        self.prices.setRowCount(len(snapshot.prices))
        currency = f" {snapshot.currency}" if snapshot.currency else ""
        for row, sheet in enumerate(snapshot.prices):
            cells = (
                sheet.bid,
                snapshot.bids.get(sheet.bid, ""),
                f"{sheet.capex:,.2f}{currency}",
                f"{sheet.opex_per_year:,.2f}{currency}",
                f"{sheet.maintenance_per_year:,.2f}{currency}",
                str(sheet.years),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.prices.setItem(row, column, item)

    def _fill_evaluators(self, snapshot: ProjectSnapshot, wanted: str) -> None:
        box = self.evaluator_box
        ids = [box.itemData(i) for i in range(box.count())]
        chosen = wanted if wanted in snapshot.evaluators else (self.current_evaluator() or "")
        if chosen not in snapshot.evaluators:
            chosen = next(iter(snapshot.evaluators), "")
        box.blockSignals(True)
        if ids != list(snapshot.evaluators):
            box.clear()
            for evaluator, name in snapshot.evaluators.items():
                box.addItem(f"{name} ({evaluator})", evaluator)
        box.setCurrentIndex(max(0, box.findData(chosen)))
        box.blockSignals(False)

    def _note(self, snapshot: ProjectSnapshot) -> str:
        if snapshot.rubric_problem:
            return snapshot.rubric_problem
        if not snapshot.evaluators:
            return "This project has no evaluation panel yet."
        if not snapshot.quality_open:
            return "Quality scoring is locked: the scores can no longer change."
        return (
            f"Type {snapshot.scale_words} in Score, then Tab to its justification. Every change is saved at "
            "once and recorded in the audit log; Ctrl+Z undoes it. Hover over a criterion for its rating scale."
        )

    def _size_grid(self) -> None:
        self.grid.resizeColumnsToContents()
        header = self.grid.horizontalHeader()
        for column, widest in ((0, 360), (1, 320), (SCORE, 160)):
            header.resizeSection(column, min(max(header.sectionSize(column), 90), widest))

    # --- the evaluator ------------------------------------------------------------------------
    def current_evaluator(self) -> str:
        value = self.evaluator_box.currentData()
        return value if isinstance(value, str) else ""

    def choose_evaluator(self, evaluator: str) -> None:
        index = self.evaluator_box.findData(evaluator)
        if index >= 0 and index != self.evaluator_box.currentIndex():
            self.evaluator_box.setCurrentIndex(index)

    def _choose_row(self, row: int) -> None:
        if self.snapshot is not None and 0 <= row < len(self.snapshot.progress):
            self.choose_evaluator(self.snapshot.progress[row].id)

    def _evaluator_changed(self, _index: int) -> None:
        evaluator = self.current_evaluator()
        self.model.set_snapshot(self.snapshot, evaluator)
        self.evaluator_chosen.emit(evaluator)

    def select_score(self, bid: str, criterion: str) -> None:
        index = self.model.index_of(bid, criterion)
        if index.isValid():
            self.grid.setCurrentIndex(index)
            self.grid.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def commit_editing(self) -> None:
        """Save what is being typed in the grid now (before closing, undoing, opening another project)."""
        if self.grid.state() != QAbstractItemView.State.EditingState:
            return
        editor = self.grid.indexWidget(self.grid.currentIndex())
        if editor is not None:
            self.grid.commitData(editor)
            self.grid.closeEditor(editor, QStyledItemDelegate.EndEditHint.NoHint)

    # --- a refused entry ----------------------------------------------------------------------
    def _give_back(self, index: QModelIndex, text: str, why: str) -> None:
        """Say why, then open the cell again with what was typed (after the editor has closed)."""
        self.delegate.given_back = (QPersistentModelIndex(index), text)
        kept = QPersistentModelIndex(index)
        QTimer.singleShot(0, self, lambda: self._edit_again(kept, why))

    def _edit_again(self, kept: QPersistentModelIndex, why: str) -> None:
        self.refused.emit(why)
        index = self.model.index(kept.row(), kept.column()) if kept.isValid() else QModelIndex()
        if index.isValid() and self.model.flags(index) & Qt.ItemFlag.ItemIsEditable:
            self.grid.setCurrentIndex(index)
            self.grid.edit(index)
        else:
            self.delegate.given_back = None

    # --- layout between sessions --------------------------------------------------------------
    def save_layout(self) -> None:
        save_splitters(self._splitters())

    def restore_layout(self) -> None:
        restore_splitters(self._splitters())

    def _splitters(self) -> dict[str, QSplitter]:
        return {"project_main": self.main_split, "project_top": self.top_split}

