"""The panel's consensus grid of the Project tab: every evaluator's score and the agreed score.

:class:`ConsensusGridModel` shows, per bid and criterion of a :class:`~.project_jobs.ProjectSnapshot`,
each evaluator's score (read-only), whether the pair needs a consensus by the evaluation engine's
rule (:mod:`procure_app.core.project.panel.moderation`), and the consensus score with its reason, both
editable. As in the score grid, an edit goes to ``commit`` (the window pushes it on the undo stack)
and the snapshot read afresh comes back. The project refuses a consensus score without its reason:
a reason typed first waits for its score, and a score typed first waits for its reason; both are
shown as drafts and saved together, so nothing typed is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from ...core.project.panel.moderation import PanelPair
from ...core.rubric.formulas import aggregate, disagrees, rounded
from .entry_drafts import Decision, EntryDrafts, Step
from .project_jobs import ProjectSnapshot, parse_score
from .project_model import NEEDS_WORK, NOT_SCORED, Commit, Index

__all__ = ["ConsensusGridModel", "CONSENSUS_COLUMNS", "PANEL", "PANEL_WORDS", "NEEDS_CONSENSUS", "WARNING"]

PANEL = ":panel"  # the evaluator chooser's entry for the consensus grid (no evaluator id has a colon)
PANEL_WORDS = "Panel consensus"
NEEDS_CONSENSUS = "needs consensus"
CONSENSUS_COLUMNS = ("Bid", "Criterion", "Evaluators' scores", "Spread", "Consensus", "Reason")
BID, CRITERION, SCORES, SPREAD, CONSENSUS, REASON = range(len(CONSENSUS_COLUMNS))
WARNING = QColor("#8a5300")

Key = tuple[str, str]  # bid, criterion


@dataclass(frozen=True)
class _Row:
    bid: str
    criterion: str


def _number(value: Decimal) -> str:
    """``4``, ``3.5``: a score as people write it (no exponent, no trailing zeros)."""
    return f"{value.normalize():f}"


class ConsensusGridModel(QAbstractTableModel):
    """The panel on each (bid, criterion): the evaluators' scores, the spread, the consensus and its reason."""

    refused = Signal(QModelIndex, str, str)  # the cell, the text typed, why it was refused
    reason_needed = Signal(QModelIndex, str)  # the reason cell to fill in, and why

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.snapshot: ProjectSnapshot | None = None
        self.commit: Commit | None = None
        self.only_disagreements = False
        # A consensus score and its reason are saved together; what waits for the other is a draft.
        self.entries: EntryDrafts[Key] = EntryDrafts(words_required=True)
        self._rows: list[_Row] = []
        self._firsts: set[int] = set()  # the rows that name their bid (the first of each bid)

    @property
    def score_drafts(self) -> dict[Key, Decimal]:
        """Consensus scores waiting for their reason."""
        return self.entries.scores

    @property
    def reason_drafts(self) -> dict[Key, str]:
        """Reasons waiting for their score."""
        return self.entries.words

    @property
    def drafts(self) -> set[Key]:
        """The pairs with something typed but not saved yet."""
        return self.entries.keys

    def clear_drafts(self) -> None:
        self.entries.clear()

    # --- what is shown --------------------------------------------------------------------------
    def set_snapshot(self, snapshot: ProjectSnapshot | None) -> None:
        """Show ``snapshot``; rows stay (and editors open) when only values changed."""
        self._forget_saved(snapshot)
        rows = self._rows_of(snapshot)
        if rows == self._rows:
            self.snapshot = snapshot
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(CONSENSUS_COLUMNS) - 1))
            return
        self.beginResetModel()
        self.snapshot = snapshot
        self._set_rows(rows)
        self.endResetModel()

    def set_only_disagreements(self, only: bool) -> None:
        self.only_disagreements = only
        self.beginResetModel()
        self._set_rows(self._rows_of(self.snapshot))
        self.endResetModel()

    def _set_rows(self, rows: list[_Row]) -> None:
        self._rows = rows
        self._firsts = {n for n, row in enumerate(rows) if n == 0 or rows[n - 1].bid != row.bid}

    def _rows_of(self, snapshot: ProjectSnapshot | None) -> list[_Row]:
        if snapshot is None or not snapshot.evaluators:
            return []
        return [
            _Row(bid, c.id)
            for bid in snapshot.bids
            for c in snapshot.criteria
            if not self.only_disagreements or self._disagreement(snapshot, bid, c.id)
        ]

    @staticmethod
    def _disagreement(snapshot: ProjectSnapshot, bid: str, criterion: str) -> bool:
        pair = snapshot.panel.get((bid, criterion))
        return snapshot.disagrees(bid, criterion) or (pair is not None and pair.consensus is not None)

    def _forget_saved(self, snapshot: ProjectSnapshot | None) -> None:
        """Drafts that the project now holds as they are (after an undo or a redo) are no longer drafts."""
        if snapshot is None:
            return
        for key, pair in snapshot.panel.items():
            if pair.consensus is None:
                continue
            if self.score_drafts.get(key) == pair.consensus[0]:
                del self.score_drafts[key]
            if self.reason_drafts.get(key) == pair.consensus[1]:
                del self.reason_drafts[key]

    def key(self, index: Index) -> Key | None:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        return row.bid, row.criterion

    def index_of(self, bid: str, criterion: str, column: int = CONSENSUS) -> QModelIndex:
        for number, row in enumerate(self._rows):
            if (row.bid, row.criterion) == (bid, criterion):
                return self.index(number, column)
        return QModelIndex()

    def pair(self, key: Key) -> PanelPair | None:
        return self.snapshot.panel.get(key) if self.snapshot is not None else None

    # --- Qt model API ---------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(CONSENSUS_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(CONSENSUS_COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return CONSENSUS_COLUMNS[section]
        snapshot = self.snapshot
        if role == Qt.ItemDataRole.ToolTipRole and snapshot is not None:
            return {
                SCORES: "Each evaluator's score (read-only); a dash: not scored yet. Hover for the justifications.",
                SPREAD: f"Highest minus lowest score. From {_number(snapshot.moderation_spread)} (the rubric's "
                "moderation spread) the panel must agree a consensus score.",
                CONSENSUS: f"The score the panel agreed: {snapshot.scale_words}; clear the cell to remove it.",
                REASON: "Why the panel agreed this score (required, saved with the score).",
            }.get(section)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        key, snapshot = self.key(index), self.snapshot
        if key is None or snapshot is None or index.column() not in (CONSENSUS, REASON):
            return base
        if snapshot.quality_open and key[0] not in snapshot.failed_gates:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        key, snapshot = self.key(index), self.snapshot
        if key is None or snapshot is None:
            return None
        column = index.column()
        pair = self.pair(key)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            edit = role == Qt.ItemDataRole.EditRole
            if column == BID:  # named on the first row of each bid only, so that the bids stand apart
                return self.bid_words(key[0]) if edit or index.row() in self._firsts else ""
            return self._text(key, column, edit=edit)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(key, column)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == BID:
            return self.bid_words(key[0])
        if role == Qt.ItemDataRole.FontRole:
            return self._font(key, column)
        needs = pair is not None and pair.needs_consensus
        if role == Qt.ItemDataRole.ForegroundRole:
            if key[0] in snapshot.failed_gates:
                return QBrush(NOT_SCORED)
            if column == SPREAD and needs:
                return QBrush(WARNING)
        if role == Qt.ItemDataRole.BackgroundRole and needs and column in (SPREAD, CONSENSUS):
            return QBrush(NEEDS_WORK)
        return None

    def _font(self, key: Key, column: int) -> QFont | None:
        pair = self.pair(key)
        bold = column == BID or (column == SPREAD and pair is not None and pair.needs_consensus)
        italic = (column == CONSENSUS and key in self.score_drafts) or (column == REASON and key in self.reason_drafts)
        if not bold and not italic:
            return None
        font = QFont()
        font.setBold(bold)
        font.setItalic(italic)
        return font

    def _text(self, key: Key, column: int, *, edit: bool) -> str:
        snapshot = self.snapshot
        assert snapshot is not None
        bid, criterion = key
        if column == BID:
            return self.bid_words(bid)
        if column == CRITERION:
            return next((c.title for c in snapshot.criteria if c.id == criterion), criterion)
        pair = self.pair(key)
        if column == SCORES:
            return self._scores_text(key)
        if column == SPREAD:
            return self._spread_text(pair)
        current = pair.consensus if pair is not None else None
        if column == CONSENSUS:
            return self._consensus_text(key, current, edit=edit)
        if current is not None:
            return current[1]
        draft = self.reason_drafts.get(key, "")
        return draft if edit or not draft else f"{draft}  (saved with the score)"

    def _scores_text(self, key: Key) -> str:
        snapshot = self.snapshot
        assert snapshot is not None
        pair = self.pair(key)
        counted = dict(pair.scores) if pair is not None else {}
        words = [
            f"{who} {_number(counted[who])}" if who in counted else f"{who} —"
            for who in snapshot.evaluators
            if (who, key[0]) not in snapshot.conflicts
        ]
        return " · ".join(words)

    def _spread_text(self, pair: PanelPair | None) -> str:
        if pair is None or pair.spread is None:
            return "—"
        if pair.needs_consensus:
            return f"{_number(pair.spread)} ⚑ {NEEDS_CONSENSUS}"
        snapshot = self.snapshot
        if pair.consensus is not None and snapshot is not None and disagrees(pair.spread, snapshot.moderation_spread):
            return f"{_number(pair.spread)} ✓ agreed"
        return _number(pair.spread)

    def _consensus_text(self, key: Key, current: tuple[Decimal, str] | None, *, edit: bool) -> str:
        snapshot = self.snapshot
        assert snapshot is not None
        if current is None:
            draft = self.score_drafts.get(key)
            if draft is None:
                return "" if edit or key[0] not in snapshot.failed_gates else "failed a gate"
            if edit:
                return _number(draft)
            label = snapshot.label_of(draft)
            return f"{_number(draft)}{f' · {label}' if label else ''}  (needs its reason)"
        label = snapshot.label_of(current[0])
        return _number(current[0]) if edit or not label else f"{_number(current[0])} · {label}"

    def bid_words(self, bid: str) -> str:
        snapshot = self.snapshot
        assert snapshot is not None
        return f"{snapshot.bids.get(bid, bid)} ({bid})"

    def _tooltip(self, key: Key, column: int) -> str | None:
        snapshot = self.snapshot
        assert snapshot is not None
        pair = self.pair(key)
        if column == BID:
            return self.bid_words(key[0])
        if column == CRITERION:
            criterion = next((c for c in snapshot.criteria if c.id == key[1]), None)
            if criterion is None:
                return None
            scale = "".join(
                f"<li><b>{value} {escape(label)}</b>: {escape(words)}</li>" for value, label, words in snapshot.scale
            )
            return f"<b>{escape(criterion.title)}</b> ({escape(criterion.group)})<ul>{scale}</ul>"
        if column == SCORES:
            return self._scores_tooltip(key)
        if column == SPREAD:
            return self._spread_tooltip(pair)
        if key[0] in snapshot.failed_gates:
            return "This bid failed a gate: it is not scored on quality."
        if column == CONSENSUS and key in self.score_drafts:
            return "Not saved yet: a consensus score is saved with its reason. Type the reason to save both."
        if column == REASON and key in self.reason_drafts:
            return "Not saved yet: a reason is saved with its consensus score. Type the score to save both."
        if column == REASON and pair is not None and pair.consensus is not None:
            return f"<p>{escape(pair.consensus[1])}</p>"
        return None

    def _scores_tooltip(self, key: Key) -> str:
        snapshot = self.snapshot
        assert snapshot is not None
        lines = []
        for who, name in snapshot.evaluators.items():
            if (who, key[0]) in snapshot.conflicts:
                lines.append(f"<li>{escape(name)}: declared a conflict of interest (does not score this bid)</li>")
                continue
            given = snapshot.scores.get((who, key[0], key[1]))
            if given is None:
                lines.append(f"<li>{escape(name)}: not scored yet</li>")
            else:
                why = f" — {escape(given[1])}" if given[1].strip() else ""
                lines.append(f"<li><b>{escape(name)}: {_number(given[0])}</b>{why}</li>")
        pair = self.pair(key)
        panel = aggregate([value for _, value in pair.scores], snapshot.aggregation) if pair is not None else None
        combined = (
            f"<p>Without a consensus score the evaluation uses their {snapshot.aggregation}: "
            f"{_number(rounded(panel, 2))}.</p>"
            if panel is not None
            else ""
        )
        return f"<b>{escape(self.bid_words(key[0]))}</b><ul>{''.join(lines)}</ul>{combined}"

    def _spread_tooltip(self, pair: PanelPair | None) -> str:
        snapshot = self.snapshot
        assert snapshot is not None
        threshold = _number(snapshot.moderation_spread)
        if pair is None or pair.spread is None:
            return "No score yet."
        if pair.needs_consensus:
            return (
                f"The evaluators' scores differ by {_number(pair.spread)}, at least the rubric's moderation spread "
                f"({threshold}), and the panel has not agreed a consensus score yet."
            )
        if pair.consensus is not None:
            return f"The panel agreed a consensus score; it replaces the evaluators' {snapshot.aggregation}."
        return f"The scores differ by less than {threshold}: no consensus is needed."

    # --- editing --------------------------------------------------------------------------------
    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        key, snapshot = self.key(index), self.snapshot
        if role != Qt.ItemDataRole.EditRole or key is None or snapshot is None:
            return False
        if not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        text = "" if value is None else str(value)
        cell = self.index(index.row(), index.column())
        if index.column() == CONSENSUS:
            return self._set_score(cell, key, text)
        if index.column() == REASON:
            return self._set_reason(cell, key, text)
        return False

    def _set_score(self, index: QModelIndex, key: Key, text: str) -> bool:
        snapshot = self.snapshot
        assert snapshot is not None
        try:
            score = parse_score(text, snapshot)
        except ValueError as exc:
            self.refused.emit(index, text, str(exc))
            return False
        return self._follow(index, key, text, self.entries.score_typed(key, score, self._saved(key)))

    def _set_reason(self, index: QModelIndex, key: Key, text: str) -> bool:
        return self._follow(index, key, text, self.entries.words_typed(key, text, self._saved(key)))

    def _saved(self, key: Key) -> tuple[Decimal, str] | None:
        pair = self.pair(key)
        return pair.consensus if pair is not None else None

    def _follow(self, index: QModelIndex, key: Key, text: str, decision: Decision) -> bool:
        """Do what the drafts decided for what was typed in ``index``."""
        step = decision.step
        if step is Step.NOTHING:
            return True
        if step is Step.SHOW_DRAFT:
            self.dataChanged.emit(index, index)
            return True
        if step is Step.REFUSE:
            why = "A consensus score needs its reason: to remove the consensus score, clear its score instead."
            self.refused.emit(index, text, why)
            return False
        if step is Step.WAIT_FOR_WORDS:
            assert decision.score is not None
            self.dataChanged.emit(index, index)
            self.reason_needed.emit(
                self.index(index.row(), REASON),
                f"A consensus score needs its reason. The score {_number(decision.score)} for {key[0]} on "
                f"{self._text(key, CRITERION, edit=False)} is kept but not saved yet: type the reason and both "
                "are saved together.",
            )
            return True
        if self.commit is None:
            return False
        # The drafts go before the save, whose fresh snapshot must see them gone; back on refusal.
        taken = self.entries.take(key) if decision.score is not None else (None, None)
        problem = self.commit(key[0], key[1], decision.score, decision.words)
        if problem is not None:
            self.entries.give_back(key, taken)
            self.refused.emit(index, text, problem)
            return False
        return True
