"""The Evaluation tab: header and outcome, the ranking, the selected bid, sensitivity and checks.

The view only shows an :class:`~procure_app.ui.evaluation.evaluation_jobs.EvaluationState`; loading and
exporting are the window's business. The HTML it shows is built in :mod:`.evaluation_html`, which
escapes every value from the (untrusted) evaluation file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..tender.checks_view import ChecksPanel
from ..widgets import (
    current_text,
    go_to,
    placeholder,
    restore_splitters,
    rich_label,
    save_splitters,
    settle,
    stacked,
    text_view,
    titled,
    vbox,
)
from .evaluation_html import (
    STYLE,
    bid_detail_html,
    blocked_html,
    checks_tab_title,
    checks_verdict,
    header_html,
    loading_html,
    outcome_html,
    rank_one_note,
    rank_one_rows,
    sensitivity_html,
)
from .evaluation_jobs import EvaluationState
from .evaluation_model import BID_ROLE, RankingModel

__all__ = ["EvaluationView"]


class EvaluationView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state: EvaluationState | None = None
        self._build_header()
        self._build_ranking()
        self._build_panels()
        self.top_split = QSplitter(Qt.Orientation.Horizontal)
        self.top_split.addWidget(titled("&Ranking", self.ranking_stack, buddy=self.table))
        self.top_split.addWidget(titled("&Bid", self.detail))
        self.top_split.setSizes([860, 580])
        self.main_split = QSplitter(Qt.Orientation.Vertical)
        self.main_split.addWidget(self.top_split)
        self.main_split.addWidget(self.panels)
        self.main_split.setSizes([520, 260])
        settle(self.top_split, (3, 2))
        settle(self.main_split, (2, 1))
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.outcome)
        layout.addWidget(self.main_split, 1)
        self.setTabOrder(self.table, self.detail)
        self.setTabOrder(self.detail, self.sensitivity)
        self.setTabOrder(self.sensitivity, self.rank_one)
        self.setTabOrder(self.rank_one, self.checks.tree)

    # --- construction -------------------------------------------------------------------------
    def _build_header(self) -> None:
        self.header = rich_label("Evaluation summary")
        self.outcome = rich_label("Outcome")

    def _build_ranking(self) -> None:
        self.model = RankingModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName("Ranking")
        self.table.setAccessibleDescription("The bids by rank with their scores, price, total and flags")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.selectionModel().currentChanged.connect(self._show_current)
        self.no_ranking = placeholder("No ranking: the bids are evaluated once the errors in Checks are fixed.")
        self.ranking_stack = stacked(self.table, self.no_ranking)
        self.detail = text_view("Bid detail")

    def _build_panels(self) -> None:
        self.sensitivity = text_view("Tipping points")
        self.rank_one = QTableWidget(0, 4)
        self.rank_one.setHorizontalHeaderLabels(["Bid", "Bidder", "Ranked first", "Share"])
        self.rank_one.verticalHeader().hide()
        self.rank_one.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rank_one.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rank_one.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.rank_one.horizontalHeader().setStretchLastSection(True)
        self.rank_one.setAccessibleName("Rank-one shares")
        self.rank_one_note = QLabel()
        self.rank_one_note.setWordWrap(True)
        shares = vbox(self.rank_one_note, self.rank_one)
        self.sensitivity_split = QSplitter(Qt.Orientation.Horizontal)
        self.sensitivity_split.addWidget(self.sensitivity)
        self.sensitivity_split.addWidget(shares)
        self.sensitivity_split.setSizes([900, 500])
        self.sensitivity_split.setChildrenCollapsible(False)
        self.checks = ChecksPanel()
        self.panels = QTabWidget()
        self.panels.setDocumentMode(True)
        self.panels.addTab(self.sensitivity_split, "&Sensitivity")
        self.panels.addTab(self.checks, "&Checks")
        self.panels.setAccessibleName("Sensitivity and checks")

    # --- showing ------------------------------------------------------------------------------
    def show_loading(self, path: Path) -> None:
        if self.state is None or self.state.path != path:
            self.header.setText(loading_html(path))
            self.outcome.setText("")

    def show_state(self, state: EvaluationState) -> None:
        same_file = self.state is not None and self.state.path == state.path
        previous = self.current_bid_id() if same_file else None
        self.state = state
        run = state.run
        self.header.setText(header_html(state))
        self.outcome.setText(outcome_html(state))
        evaluated = state.ok and run.evaluation is not None
        self.model.set_result(run.result if evaluated else None, run.evaluation.currency if run.evaluation else "EUR")
        self.ranking_stack.setCurrentIndex(0 if evaluated else 1)
        self.checks.set_checks(state.checks, state.ok)
        self.checks.verdict.setText(checks_verdict(state))
        self._show_sensitivity(state)
        self._title_panels(state, same_file)
        if not evaluated:
            self.detail.setHtml(blocked_html(state))
        elif not (previous and self.select_bid(previous)):
            first = self.model.index(0, 0)
            if first.isValid():
                self.table.setCurrentIndex(first)
            else:
                self.detail.setHtml(f"{STYLE}<p>No bids were received.</p>")

    def _show_sensitivity(self, state: EvaluationState) -> None:
        result, sensitivity = state.run.result, state.run.sensitivity
        self.rank_one.setRowCount(0)
        if not state.ok or result is None or sensitivity is None:
            self.sensitivity.setHtml(f'{STYLE}<p class="meta">Shown once the bids can be evaluated.</p>')
            self.rank_one_note.setText("")
            return
        self.sensitivity.setHtml(sensitivity_html(result, sensitivity))
        self.rank_one_note.setText(rank_one_note(sensitivity))
        for row, cells in enumerate(rank_one_rows(result, sensitivity)):
            self.rank_one.insertRow(row)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.rank_one.setItem(row, column, item)

    def _title_panels(self, state: EvaluationState, same_file: bool) -> None:
        self.panels.setTabText(1, checks_tab_title(state))
        if state.errors:
            self.panels.setCurrentIndex(1)
        elif not same_file:
            self.panels.setCurrentIndex(0)

    def select_bid(self, bid_id: str) -> bool:
        return go_to(self.table, self.model.index_of_bid(bid_id))

    def current_bid_id(self) -> str | None:
        return current_text(self.table, BID_ROLE)

    def _show_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        bid = self.model.bid_at(current)
        if bid is not None and self.state is not None:
            self.detail.setHtml(bid_detail_html(self.state.run, bid))

    # --- layout between sessions --------------------------------------------------------------
    def save_layout(self) -> None:
        save_splitters(self._splitters())

    def restore_layout(self) -> None:
        restore_splitters(self._splitters())

    def _splitters(self) -> dict[str, QSplitter]:
        return {
            "evaluation_main": self.main_split,
            "evaluation_top": self.top_split,
            "evaluation_sensitivity": self.sensitivity_split,
        }
