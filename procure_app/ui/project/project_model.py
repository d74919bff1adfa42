"""Item models of the Project tab: one evaluator's score grid, and the audit log.

:class:`ScoreGridModel` shows one evaluator's scores of a :class:`~.project_jobs.ProjectSnapshot`,
one row per bid and criterion. Editing a cell does not change the snapshot: the model hands the
edit to ``commit`` (the window pushes it on the undo stack, which commits it to the project file at
once) and the window then gives the model the snapshot read afresh. A justification typed before
its score is kept in the model as a draft, shown as such, and saved with the score.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from ...core.audit.chain import AuditEntry
from ...core.audit.trail import action_words
from .entry_drafts import Decision, EntryDrafts, Step
from .project_jobs import ProjectSnapshot, parse_score, when_words

__all__ = ["ScoreGridModel", "AuditModel", "GRID_COLUMNS", "AUDIT_COLUMNS", "Commit", "change_words"]

GRID_COLUMNS = ("Bid", "Criterion", "Score", "Justification")
BID, CRITERION, SCORE, JUSTIFICATION = range(len(GRID_COLUMNS))
NEEDS_WORK = QColor("#fff4d6")  # a score without the justification the rubric asks for
NOT_SCORED = QColor("#6b6b6b")

Index = QModelIndex | QPersistentModelIndex
# (bid, criterion, score or None to remove it, justification) → None when done, else why not
Commit = Callable[[str, str, Decimal | None, str], str | None]


@dataclass(frozen=True)
class _Row:
    bid: str
    criterion: str


class ScoreGridModel(QAbstractTableModel):
    """The scores of one evaluator: one row per (bid, criterion), bids in id order."""

    refused = Signal(QModelIndex, str, str)  # the cell, the text typed, why it was refused

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.snapshot: ProjectSnapshot | None = None
        self.evaluator: str = ""
        self.commit: Commit | None = None
        # Justifications typed before their score, saved with it (the grid's drafts: .entry_drafts).
        self.entries: EntryDrafts[tuple[str, str, str]] = EntryDrafts(words_required=False)
        self._rows: list[_Row] = []

    @property
    def drafts(self) -> dict[tuple[str, str, str], str]:
        """The justifications waiting for their score."""
        return self.entries.words

    # --- what is shown --------------------------------------------------------------------------
    def set_snapshot(self, snapshot: ProjectSnapshot | None, evaluator: str) -> None:
        """Show ``evaluator``'s scores of ``snapshot``; rows stay (and editors open) when only values changed."""
        rows = self._rows_of(snapshot, evaluator)
        if rows == self._rows and evaluator == self.evaluator:
            self.snapshot = snapshot
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(GRID_COLUMNS) - 1))
            return
        self.beginResetModel()
        self.snapshot, self.evaluator, self._rows = snapshot, evaluator, rows
        self.endResetModel()

    @staticmethod
    def _rows_of(snapshot: ProjectSnapshot | None, evaluator: str) -> list[_Row]:
        if snapshot is None or evaluator not in snapshot.evaluators:
            return []
        return [_Row(bid, c.id) for bid in snapshot.bids for c in snapshot.criteria]

    def key(self, index: Index) -> tuple[str, str, str] | None:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        return self.evaluator, row.bid, row.criterion

    def index_of(self, bid: str, criterion: str, column: int = SCORE) -> QModelIndex:
        for number, row in enumerate(self._rows):
            if (row.bid, row.criterion) == (bid, criterion):
                return self.index(number, column)
        return QModelIndex()

    # --- Qt model API ---------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(GRID_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(GRID_COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return GRID_COLUMNS[section]
        if role == Qt.ItemDataRole.ToolTipRole and self.snapshot is not None:
            if section == SCORE:
                return f"Type {self.snapshot.scale_words}; clear the cell to remove the score."
            if section == JUSTIFICATION:
                return "Why this score: what in the bid supports it."
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        key = self.key(index)
        snapshot = self.snapshot
        if key is None or snapshot is None or index.column() not in (SCORE, JUSTIFICATION):
            return base
        if snapshot.quality_open and snapshot.may_score(key[0], key[1]):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        key, snapshot = self.key(index), self.snapshot
        if key is None or snapshot is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(key, column, edit=role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(key, column)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == BID:
            return self.bid_words(key[1])
        if role == Qt.ItemDataRole.FontRole and column == BID:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.FontRole and column == JUSTIFICATION and key in self.drafts:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and not snapshot.may_score(key[0], key[1]):
            return QBrush(NOT_SCORED)
        if role == Qt.ItemDataRole.BackgroundRole and self._needs_justification(key):
            return QBrush(NEEDS_WORK)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == SCORE:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, key: tuple[str, str, str], column: int, *, edit: bool) -> str:
        snapshot = self.snapshot
        assert snapshot is not None
        evaluator, bid, criterion = key
        if column == BID:  # named on the first row of each bid only, so that the bids stand apart
            return self.bid_words(bid) if edit or self._first_of_bid(key) else ""
        if column == CRITERION:
            return next((c.title for c in snapshot.criteria if c.id == criterion), criterion)
        current = snapshot.scores.get(key)
        if column == SCORE:
            if current is None:
                return "" if edit or snapshot.may_score(evaluator, bid) else self._why_not(evaluator, bid)
            label = snapshot.label_of(current[0])
            return f"{current[0]}" if edit or not label else f"{current[0]} · {label}"
        if current is None:
            draft = self.drafts.get(key, "")
            return draft if edit or not draft else f"{draft}  (saved with the score)"
        return current[1]

    def bid_words(self, bid: str) -> str:
        snapshot = self.snapshot
        assert snapshot is not None
        return f"{snapshot.bids.get(bid, bid)} ({bid})"

    def _first_of_bid(self, key: tuple[str, str, str]) -> bool:
        return bool(self.snapshot and self.snapshot.criteria and self.snapshot.criteria[0].id == key[2])

    def _why_not(self, evaluator: str, bid: str) -> str:
        snapshot = self.snapshot
        assert snapshot is not None
        return snapshot.why_not_scored(evaluator, bid)

    def _needs_justification(self, key: tuple[str, str, str]) -> bool:
        snapshot = self.snapshot
        current = snapshot.scores.get(key) if snapshot is not None else None
        return bool(snapshot and snapshot.justification_required and current and not current[1].strip())

    def _tooltip(self, key: tuple[str, str, str], column: int) -> str | None:
        snapshot = self.snapshot
        assert snapshot is not None
        criterion = next((c for c in snapshot.criteria if c.id == key[2]), None)
        if column == BID:
            return self.bid_words(key[1])
        if column == CRITERION and criterion is not None:
            scale = "".join(
                f"<li><b>{value} {escape(label)}</b>: {escape(words)}</li>" for value, label, words in snapshot.scale
            )
            guidance = f"<p>{escape(criterion.guidance)}</p>" if criterion.guidance else ""
            return f"<b>{escape(criterion.title)}</b> ({escape(criterion.group)}){guidance}<ul>{scale}</ul>"
        if column == JUSTIFICATION and key in self.drafts:
            return "Not saved yet: a justification is saved with its score. Enter the score to save both."
        if self._needs_justification(key):
            return "The rubric asks for a justification with every score."
        if not snapshot.may_score(key[0], key[1]):
            who = snapshot.evaluators.get(key[0], key[0])
            if not snapshot.declared(key[0], key[1]) and key[1] not in snapshot.failed_gates:
                return self.tr(
                    "{who} has not declared on this bid yet. Declare a conflict of interest or none first "
                    "(Declare…, above the grid); then the bid can be scored."
                ).format(who=who)
            return f"{who} does not score this bid ({self._why_not(key[0], key[1])})."
        return None

    # --- editing --------------------------------------------------------------------------------
    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        key, snapshot = self.key(index), self.snapshot
        if role != Qt.ItemDataRole.EditRole or key is None or snapshot is None:
            return False
        if not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        text = "" if value is None else str(value)
        cell = self.index(index.row(), index.column())
        if index.column() == SCORE:
            return self._set_score(cell, key, text)
        if index.column() == JUSTIFICATION:
            return self._set_justification(cell, key, text)
        return False

    def _set_score(self, index: QModelIndex, key: tuple[str, str, str], text: str) -> bool:
        snapshot = self.snapshot
        assert snapshot is not None
        try:
            score = parse_score(text, snapshot)
        except ValueError as exc:
            self.refused.emit(index, text, str(exc))
            return False
        return self._follow(index, key, text, self.entries.score_typed(key, score, snapshot.scores.get(key)))

    def _set_justification(self, index: QModelIndex, key: tuple[str, str, str], text: str) -> bool:
        snapshot = self.snapshot
        assert snapshot is not None
        return self._follow(index, key, text, self.entries.words_typed(key, text, snapshot.scores.get(key)))

    def _follow(self, index: QModelIndex, key: tuple[str, str, str], text: str, decision: Decision) -> bool:
        """Do what the drafts decided for what was typed in ``index``."""
        if decision.step is Step.SHOW_DRAFT:
            self.dataChanged.emit(index, index)
            return True
        if decision.step is not Step.SAVE:
            return True  # nothing changes (a justification is never required to wait for)
        if self.commit is None:
            return False
        # The drafts go before the save, whose fresh snapshot must not show them; back on refusal.
        taken = self.entries.take(key) if decision.score is not None else (None, None)
        problem = self.commit(key[1], key[2], decision.score, decision.words)
        if problem is not None:
            self.entries.give_back(key, taken)
            self.refused.emit(index, text, problem)
            return False
        return True


AUDIT_COLUMNS = ("#", "When", "Who", "What", "About", "Change")
SEALED_WORDS = "(an amount: shown once the prices are unsealed)"
# What one entry records (the trail's words count many entries: "scores entered or changed").
ENTRY_WORDS = {
    "project.create": "project created",
    "schema.migrate": "file brought to a newer format",
    "setting.set": "setting changed",
    "evaluator.add": "evaluator added",
    "bid.add": "bid registered",
    "bid.details": "bid details recorded",
    "score.set": "score entered or changed",
    "score.remove": "score removed",
    "consensus.set": "consensus score set",
    "consensus.remove": "consensus score removed",
    "conflict.declare": "conflict declaration",
    "conflict.withdraw": "conflict declaration withdrawn",
    "document.set": "document stored",
    "document.remove": "document removed",
    "evaluation.set": "evaluation settings recorded",
    "price.set": "price entered or changed",
    "gate.set": "gate result recorded",
    "answer.set": "bidder's answer recorded",
    "answer.remove": "bidder's answer removed",
    "envelope.lock_quality": "quality scoring locked",
    "envelope.unseal_prices": "prices unsealed",
    "import.scoresheet": "scoresheet imported",
    "import.response_form": "response form imported",
}


def entry_words(action: str) -> str:
    return ENTRY_WORDS.get(action) or action_words(action)


def is_price(entry: AuditEntry) -> bool:
    """An entry that holds an amount of a price sheet (hidden while the price envelope is sealed)."""
    return entry.action.startswith("price.") or entry.entity.startswith("price/")


def change_words(entry: AuditEntry, *, sealed: bool = False) -> str:
    """An entry's old and new values in one line: ``old → new`` (``—`` for nothing); a price's
    amounts are not shown while ``sealed``."""
    if sealed and is_price(entry):
        return SEALED_WORDS
    return f"{_value_words(entry.old_value)} → {_value_words(entry.new_value)}"


def _value_words(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_value_words(item)}" for key, item in value.items())
    if isinstance(value, list):
        return ", ".join(_value_words(item) for item in value)
    text = str(value)
    return text if len(text) <= 120 else text[:117] + "…"


class AuditModel(QAbstractTableModel):
    """The audit log, newest entry first (read-only); while ``sealed``, no price amount is shown."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: list[AuditEntry] = []
        self.sealed = True

    def set_entries(self, entries: list[AuditEntry], *, sealed: bool) -> None:
        self.beginResetModel()
        self._entries = sorted(entries, key=lambda entry: entry.seq, reverse=True)
        self.sealed = sealed
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(AUDIT_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return AUDIT_COLUMNS[section] if 0 <= section < len(AUDIT_COLUMNS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            cells = (
                str(entry.seq),
                when_words(entry.time),
                entry.actor,
                entry_words(entry.action),
                entry.entity,
                change_words(entry, sealed=self.sealed),
            )
            return cells[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{entry.action} · {entry.time}\n{change_words(entry, sealed=self.sealed)}\nhash {entry.hash}"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
