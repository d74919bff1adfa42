"""The Project tab: the project's name, file and envelopes, the panel's progress, the prices (sealed
until unsealed) and the score grid of one evaluator, or the panel's consensus grid.

The view only shows a :class:`~.project_jobs.ProjectSnapshot`; opening, editing and the actions are
the business of :class:`~.project_controller.ProjectController`. A score refused by the model is
given back: the cell opens again with what was typed in it, and why is said under the grid
(never in a modal, which would take the keystrokes typed next).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
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

from ...core.project.panel.status import EvaluatorProgress
from ..deferred import call_later
from ..evaluation.evaluation_html import STYLE
from ..widgets import placeholder, restore_splitters, rich_label, save_splitters, settle, stacked, titled
from .project_consensus import CONSENSUS, PANEL, PANEL_WORDS, WARNING, ConsensusGridModel
from .project_jobs import ProjectSnapshot, envelope_words
from .project_model import SCORE, ScoreGridModel
from .scale_panel import ScalePanel

__all__ = ["ProjectView", "header_html", "PROGRESS_COLUMNS", "PRICE_COLUMNS"]

Index = QModelIndex | QPersistentModelIndex
PROGRESS_COLUMNS = ("Evaluator", "Scores entered", "Declarations")
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
        header = index.model().headerData(index.column(), Qt.Orientation.Horizontal)
        editor.setAccessibleName(str(header or "Value"))
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


def _grid(accessible_name: str, description: str) -> QTableView:
    """A score grid: one cell selected at a time, edited by typing; one line a row."""
    grid = QTableView()
    grid.setAccessibleName(accessible_name)
    grid.setAccessibleDescription(description)
    grid.setAlternatingRowColors(True)
    grid.setWordWrap(False)
    grid.setTextElideMode(Qt.TextElideMode.ElideRight)
    grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    grid.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
    )
    grid.verticalHeader().hide()
    header = grid.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    return grid


class ProjectView(QWidget):
    evaluator_chosen = Signal(str)

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
        self.progress.setAccessibleDescription(
            "Each evaluator's scores entered of those expected, and declarations; then the bid and criterion pairs "
            "that still need a consensus score"
        )
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
        self.disagreements = QCheckBox("Only where the panel &disagrees")
        self.disagreements.setToolTip(
            "Show only the bids and criteria whose scores differ by the rubric's moderation spread or more, "
            "and those with a consensus score"
        )
        self.disagreements.toggled.connect(self._filter_changed)
        self.disagreements.hide()
        # The evaluator's conflict-of-interest declarations: a bid is scored only once declared.
        self.declare_button = QPushButton(self.tr("De&clare…"))
        self.declare_button.setToolTip(self.tr("Declare a conflict of interest, or none, on each bid"))
        self.declare_note = QLabel()
        self.declare_note.setWordWrap(True)
        self.declare_note.setAccessibleName(self.tr("Declarations"))
        self.declare_note.setStyleSheet(f"color: {WARNING.name()}")
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.evaluator_box)
        row.addSpacing(12)
        row.addWidget(self.declare_button)
        row.addWidget(self.declare_note, 1)
        row.addWidget(self.disagreements)
        row.addStretch(0)
        self.grid: QTableView = _grid("Scores", "One row per bid and criterion: the score and its justification")
        self.model = ScoreGridModel(self)
        self.grid.setModel(self.model)
        self.delegate = _ScoreDelegate(self.grid)
        self.grid.setItemDelegate(self.delegate)
        self.consensus_grid: QTableView = _grid(
            "Consensus scores",
            "One row per bid and criterion: each evaluator's score, the spread, whether the panel must agree a "
            "consensus score, the consensus score and its reason",
        )
        self.consensus_model = ConsensusGridModel(self)
        self.consensus_grid.setModel(self.consensus_model)
        self.consensus_grid.setItemDelegate(_ScoreDelegate(self.consensus_grid))
        self.model.refused.connect(lambda index, text, why: self._give_back(self.grid, index, text, why))
        self.consensus_model.refused.connect(
            lambda index, text, why: self._give_back(self.consensus_grid, index, text, why)
        )
        self.consensus_model.reason_needed.connect(self._ask_reason)
        self.grids = stacked(self.grid, self.consensus_grid)
        # The current cell's criterion and rating scale, beside the grid, for the keyboard user too.
        self.scale_panel = ScalePanel()
        self.grid_split = QSplitter(Qt.Orientation.Horizontal)
        self.grid_split.addWidget(self.grids)
        self.grid_split.addWidget(self.scale_panel)
        self.grid_split.setSizes([1080, 300])
        settle(self.grid_split, (3, 1))
        for grid in (self.grid, self.consensus_grid):
            grid.selectionModel().currentChanged.connect(lambda _now, _before: self._show_scale())
        self.grid_note = QLabel()
        self.grid_note.setWordWrap(True)
        self.grid_note.setAccessibleName("About the scores")
        # What an entry still needs, or why it was refused: said here, never in a modal, which
        # would take the keystrokes the user goes on typing.
        self.entry_note = QLabel()
        self.entry_note.setWordWrap(True)
        self.entry_note.setAccessibleName(self.tr("Not saved yet"))
        self.entry_note.setStyleSheet(f"color: {WARNING.name()}; font-weight: bold")
        self.entry_note.hide()
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(row)
        top_layout.addWidget(self.grid_split, 1)
        top_layout.addWidget(self.entry_note)
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
            self.consensus_model.set_snapshot(None)
            return
        self.body.setCurrentIndex(1)
        self.header.setText(header_html(snapshot))
        self._show_progress(snapshot)
        self._show_prices(snapshot)
        self._fill_evaluators(snapshot, evaluator)
        self._show_grid(first=first)

    def _show_grid(self, *, first: bool = False) -> None:
        """The chosen evaluator's scores, or the panel's consensus grid."""
        snapshot = self.snapshot
        consensus = self.showing_consensus
        self.grids.setCurrentIndex(1 if consensus else 0)
        self.disagreements.setVisible(consensus)
        self.model.set_snapshot(snapshot, "" if consensus else self.current_evaluator())
        self.consensus_model.set_snapshot(snapshot)
        if snapshot is not None:
            self.grid_note.setText(self._note(snapshot))
        if not self.consensus_model.drafts:  # a draft's note stays until its score and reason are saved
            self.entry_note.hide()
        self._show_declarations(snapshot, "" if consensus else self.current_evaluator())
        self._show_scale()
        if first:
            self._size_grid()

    def _show_scale(self) -> None:
        """The rating scale beside the grid, for its current cell and the score in it."""
        snapshot = self.snapshot
        if self.showing_consensus:
            pair = self.consensus_model.key(self.consensus_grid.currentIndex())
            if snapshot is None or pair is None:
                self.scale_panel.clear()
                return
            agreed = snapshot.panel.get(pair)
            score = agreed.consensus[0] if agreed is not None and agreed.consensus is not None else None
            self.scale_panel.show_cell(snapshot, pair[0], pair[1], score)
            return
        key = self.model.key(self.grid.currentIndex())
        if snapshot is None or key is None:
            self.scale_panel.clear()
            return
        entered = snapshot.scores.get(key)
        self.scale_panel.show_cell(snapshot, key[1], key[2], entered[0] if entered is not None else None)

    def _show_declarations(self, snapshot: ProjectSnapshot | None, evaluator: str) -> None:
        """Beside the chooser: the evaluator's bids not declared yet, which cannot be scored until they are."""
        person = next((p for p in snapshot.progress if p.evaluator == evaluator), None) if snapshot else None
        self.declare_button.setVisible(person is not None)
        self.declare_note.setVisible(person is not None and bool(person.undeclared))
        if person is not None and person.undeclared:
            self.declare_note.setText(
                self.tr("{name} has not declared on {bids} yet: declare before scoring them.").format(
                    name=person.name, bids=", ".join(person.undeclared)
                )
            )

    def _show_progress(self, snapshot: ProjectSnapshot) -> None:
        table = self.progress
        table.setRowCount(len(snapshot.progress) + (1 if snapshot.evaluators and snapshot.criteria else 0))
        for row, person in enumerate(snapshot.progress):
            entered = f"{person.scores_entered} of {person.scores_expected}"
            if person.complete:
                entered += " ✓"
            if person.without_justification:
                entered += f" ({person.without_justification} without justification)"
            cells = (f"{person.name} ({person.evaluator})", entered, self._declaration_words(person))
            tips = (
                f"{person.name} ({person.evaluator})" + (f": {person.role}" if person.role else ""),
                f"{person.scores_entered} scores entered of the {person.scores_expected} expected (bids failed at a "
                "gate or "
                "declared a conflict on are not scored)",
                "\n".join(self._declaration_tip(snapshot, person.evaluator, bid) for bid in snapshot.bids),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(tips[column])
                if column == 1 and person.complete:
                    item.setForeground(QBrush(DONE))
                table.setItem(row, column, item)
        if table.rowCount() > len(snapshot.progress):
            self._show_consensus_progress(snapshot, len(snapshot.progress))

    def _declaration_words(self, person: EvaluatorProgress) -> str:
        """What the panel progress says of an evaluator's declarations, bid by bid when they differ."""

        def bids(which: tuple[str, ...]) -> str:
            return ", ".join(which)

        if not person.undeclared:
            if person.conflicts:
                return self.tr("declared: conflict on {bids}").format(bids=bids(person.conflicts))
            return self.tr("declared: no conflict")
        if not person.conflicts and not person.no_conflict:
            return self.tr("not yet declared")
        parts = []
        if person.no_conflict:
            parts.append(self.tr("declared: no conflict on {bids}").format(bids=bids(person.no_conflict)))
        if person.conflicts:
            parts.append(self.tr("declared: conflict on {bids}").format(bids=bids(person.conflicts)))
        parts.append(self.tr("not yet declared on {bids}").format(bids=bids(person.undeclared)))
        return "; ".join(parts)

    def _declaration_tip(self, snapshot: ProjectSnapshot, evaluator: str, bid: str) -> str:
        conflicted = snapshot.declarations.get((evaluator, bid))
        if conflicted is None:
            said = self.tr("not yet declared")
        elif conflicted:
            said = self.tr("conflict of interest: {statement}").format(
                statement=snapshot.statements.get((evaluator, bid), "")
            )
        else:
            said = self.tr("no conflict")
        return f"{bid} ({snapshot.bids.get(bid, '')}): {said}"

    def _show_consensus_progress(self, snapshot: ProjectSnapshot, row: int) -> None:
        """The last line: how many bid and criterion pairs still need a consensus score."""
        needed, agreed = snapshot.needs_consensus, snapshot.consensus_count
        if needed:
            text = f"{needed} bid × criterion pair{'s need' if needed != 1 else ' needs'} consensus"
        else:
            text = "no consensus needed now ✓"
        text += f" ({agreed} agreed)" if agreed else ""
        spread = f"{snapshot.moderation_spread.normalize():f}"
        cells = (PANEL_WORDS, text, "")
        tips = (
            "The scores the panel agrees where its evaluators disagree: click to show them",
            f"Bids and criteria whose scores differ by {spread} or more (the rubric's moderation spread) and "
            f"that have no consensus score yet: {needed}. Consensus scores recorded: {agreed}.",
            "",
        )
        for column, words in enumerate(cells):
            item = QTableWidgetItem(words)
            item.setToolTip(tips[column])
            if column == 1:
                item.setForeground(QBrush(WARNING if needed else DONE))
            if column == 0:
                font = item.font()
                font.setItalic(True)
                item.setFont(font)
            self.progress.setItem(row, column, item)

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
        wanted_ids = [*snapshot.evaluators, None, PANEL] if snapshot.evaluators else []  # None: the separator
        choices = {evaluator for evaluator in wanted_ids if evaluator}
        chosen = wanted if wanted in choices else (self.current_evaluator() or "")
        if chosen not in choices:
            chosen = next(iter(snapshot.evaluators), "")
        box.blockSignals(True)
        if ids != wanted_ids:
            box.clear()
            for evaluator, name in snapshot.evaluators.items():
                box.addItem(f"{name} ({evaluator})", evaluator)
            if snapshot.evaluators:
                box.insertSeparator(box.count())
                box.addItem(PANEL_WORDS, PANEL)
                box.setItemData(
                    box.count() - 1,
                    "Every evaluator's score side by side, and the consensus scores the panel agrees",
                    Qt.ItemDataRole.ToolTipRole,
                )
        box.setCurrentIndex(max(0, box.findData(chosen)))
        box.blockSignals(False)

    def _note(self, snapshot: ProjectSnapshot) -> str:
        if snapshot.rubric_problem:
            return snapshot.rubric_problem
        if not snapshot.evaluators:
            return "This project has no evaluation panel yet."
        if self.showing_consensus:
            return self._consensus_note(snapshot)
        if not snapshot.quality_open:
            return "Quality scoring is locked: the scores can no longer change."
        return (
            f"Type {snapshot.scale_words} in Score, then Tab to its justification. Every change is saved at "
            "once and recorded in the audit log; Ctrl+Z undoes it. The current cell's rating scale is on the right."
        )

    @staticmethod
    def _consensus_note(snapshot: ProjectSnapshot) -> str:
        spread = f"{snapshot.moderation_spread.normalize():f}"
        needed = snapshot.needs_consensus
        status = f"{needed} still need{'s' if needed == 1 else ''} one (marked ⚑)." if needed else "None is needed now."
        rule = (
            f"Where the evaluators' scores differ by {spread} or more, the panel must agree a consensus score: {status}"
        )
        if not snapshot.quality_open:
            return f"{rule} Quality scoring is locked: the consensus scores can no longer change."
        return (
            f"{rule} Type {snapshot.scale_words} in Consensus and its reason in Reason (required; in either "
            "order: the first waits for the other, in italics). Clear the score to remove a consensus. Every "
            f"change is saved at once and audited; Ctrl+Z undoes it. A consensus replaces the evaluators' "
            f"{snapshot.aggregation} in the evaluation."
        )

    def _size_grid(self) -> None:
        self.grid.resizeColumnsToContents()
        header = self.grid.horizontalHeader()
        for column, widest in ((0, 360), (1, 320), (SCORE, 160)):
            header.resizeSection(column, min(max(header.sectionSize(column), 90), widest))
        self.consensus_grid.resizeColumnsToContents()
        header = self.consensus_grid.horizontalHeader()
        for column, widest in ((0, 240), (1, 250), (2, 220), (3, 80)):
            header.resizeSection(column, min(max(header.sectionSize(column), 70), widest))
        header.resizeSection(CONSENSUS, 200)  # room for "3 · Adequate  (needs its reason)"

    # --- the evaluator ------------------------------------------------------------------------
    def current_evaluator(self) -> str:
        """The evaluator whose scores are shown, or :data:`~.project_consensus.PANEL` for the consensus grid."""
        value = self.evaluator_box.currentData()
        return value if isinstance(value, str) else ""

    @property
    def showing_consensus(self) -> bool:
        return self.current_evaluator() == PANEL

    @property
    def active_grid(self) -> QTableView:
        return self.consensus_grid if self.showing_consensus else self.grid

    def choose_evaluator(self, evaluator: str) -> None:
        index = self.evaluator_box.findData(evaluator)
        if index >= 0 and index != self.evaluator_box.currentIndex():
            self.evaluator_box.setCurrentIndex(index)

    def _choose_row(self, row: int) -> None:
        if self.snapshot is None:
            return
        if 0 <= row < len(self.snapshot.progress):
            self.choose_evaluator(self.snapshot.progress[row].evaluator)
        elif row == len(self.snapshot.progress):
            self.choose_evaluator(PANEL)

    def _evaluator_changed(self, _index: int) -> None:
        self._show_grid()
        self.evaluator_chosen.emit(self.current_evaluator())

    def _filter_changed(self, only: bool) -> None:
        self.commit_editing()
        self.consensus_model.set_only_disagreements(only)

    def select_score(self, bid: str, criterion: str) -> None:
        self._select(self.grid, self.model.index_of(bid, criterion))

    def select_consensus(self, bid: str, criterion: str) -> None:
        self._select(self.consensus_grid, self.consensus_model.index_of(bid, criterion))

    @staticmethod
    def _select(grid: QTableView, index: QModelIndex) -> None:
        if index.isValid():
            grid.setCurrentIndex(index)
            grid.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def commit_editing(self) -> None:
        """Save what is being typed in a grid now (before closing, undoing, opening another project)."""
        for grid in (self.grid, self.consensus_grid):
            if grid.state() != QAbstractItemView.State.EditingState:
                continue
            editor = grid.indexWidget(grid.currentIndex())
            if editor is not None:
                grid.commitData(editor)
                grid.closeEditor(editor, QStyledItemDelegate.EndEditHint.NoHint)

    # --- a refused entry ----------------------------------------------------------------------
    def _give_back(self, grid: QTableView, index: QModelIndex, text: str, why: str) -> None:
        """Say why, then open the cell again with what was typed (after the editor has closed)."""
        delegate = grid.itemDelegate()
        assert isinstance(delegate, _ScoreDelegate)
        delegate.given_back = (QPersistentModelIndex(index), text)
        kept = QPersistentModelIndex(index)
        call_later(self, lambda: self._edit_again(grid, kept, why))

    def _ask_reason(self, index: QModelIndex, why: str) -> None:
        """A consensus score typed without its reason: say so, then open its reason (the score is kept)."""
        kept = QPersistentModelIndex(index)
        model = self.consensus_model
        waiting = model.key(index)

        def ask() -> None:
            # Keystrokes queued before the event loop came back may have saved the reason already.
            if waiting in model.drafts:
                self._edit_again(self.consensus_grid, kept, why)

        call_later(self, ask)

    def _edit_again(self, grid: QTableView, kept: QPersistentModelIndex, why: str) -> None:
        self.entry_note.setText(why)
        self.entry_note.show()
        model = grid.model()
        delegate = grid.itemDelegate()
        assert isinstance(delegate, _ScoreDelegate)
        index = model.index(kept.row(), kept.column()) if kept.isValid() else QModelIndex()
        editing = grid.state() == QAbstractItemView.State.EditingState and grid.currentIndex() == index
        if editing:
            delegate.given_back = None  # Tab went on to this cell already: its editor is open
        elif index.isValid() and model.flags(index) & Qt.ItemFlag.ItemIsEditable:
            grid.setCurrentIndex(index)
            grid.edit(index)
        else:
            delegate.given_back = None

    # --- layout between sessions --------------------------------------------------------------
    def save_layout(self) -> None:
        save_splitters(self._splitters())

    def restore_layout(self) -> None:
        restore_splitters(self._splitters())

    def _splitters(self) -> dict[str, QSplitter]:
        return {"project_main": self.main_split, "project_top": self.top_split, "project_grid": self.grid_split}
