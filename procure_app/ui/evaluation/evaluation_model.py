"""The ranking of an evaluation as a Qt table model, and how the tab writes its numbers and flags.

The model holds no copy of the data: each cell reads a core
:class:`~procure_app.core.evaluation.engine.BidResult`, and :meth:`RankingModel.set_result` replaces the
whole result inside a model reset. Every number goes through
:func:`~procure_app.core.rubric.formulas.rounded` (half away from zero, 2 decimals), as ``procure
evaluate`` prints it, so the tab and the command line always show the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from ...core.evaluation.engine import BidResult, EvaluationResult, Exclusion
from ...core.rubric.formulas import rounded

__all__ = [
    "RankingModel",
    "BID_ROLE",
    "COLUMNS",
    "Flag",
    "EXCLUDED_COLOUR",
    "WARNING_COLOUR",
    "WINNER_COLOUR",
    "DASH",
    "number_text",
    "money_text",
    "points_text",
    "total_text",
    "ordered_bids",
    "bid_flags",
]

BID_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Rank", "Bid", "Bidder", "SME", "Quality Q", "Price P", "Price score S", "Total T", "Flags")
RANK, BID, BIDDER, SME, QUALITY, PRICE, SCORE, TOTAL, FLAGS = range(len(COLUMNS))
_HEADER_TIPS = (
    "Rank by total; excluded bids have none",
    "The bid's id in the evaluation file",
    "The bidder",
    "Whether the bidder is a small or medium-sized enterprise",
    "Quality score Q, from 0 to 100",
    "Price P the award formula compares (lifecycle cost or capital cost, as the rubric says)",
    "Price score S, from 0 to 1 (the formulas with a separate price score)",
    "Total T by the award formula (a fictional price for award on value)",
    "Excluded (with the reason), abnormally low price, scores that need moderation",
)
EXCLUDED_COLOUR = QColor("#a40000")  # out of the competition
WARNING_COLOUR = QColor("#8a5300")  # the panel has something to do
WINNER_COLOUR = QColor("#1d6b2c")
_MUTED = QColor("#6e6e6e")
DASH = "—"
_NUMBERS = (QUALITY, PRICE, SCORE, TOTAL)
_HUNDRED = Decimal(100)

AnyIndex = QModelIndex | QPersistentModelIndex


# --- numbers as text --------------------------------------------------------------------------


def number_text(value: Decimal | None, places: int = 2) -> str:
    """A score or total with ``places`` decimals, rounded half away from zero (``—`` when there is none)."""
    return DASH if value is None else f"{rounded(value, places):.{places}f}"


def money_text(value: Decimal | None, currency: str) -> str:
    """An amount rounded to the cent with thousands separators and the currency: ``EUR 1,082,166.14``."""
    return DASH if value is None else f"{currency} {rounded(value, 2):,.2f}"


def points_text(value: Decimal) -> str:
    """A weight or a change of weight, to 2 decimals without trailing zeros: ``25``, ``53.25``, ``17.5``."""
    text = f"{rounded(value, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def total_text(result: EvaluationResult, bid: BidResult, currency: str) -> str:
    """The total ``T``: money for ``award-on-value`` (a fictional price), otherwise a score."""
    if result.formula == "award-on-value":
        return money_text(bid.total, currency)
    return number_text(bid.total)


def ordered_bids(result: EvaluationResult | None) -> tuple[BidResult, ...]:
    """The bids as the command line lists them: by rank, then the bids without a rank, by id."""
    if result is None:
        return ()
    return tuple(sorted(result.bids, key=lambda b: (b.rank is None, b.rank or 0, b.bid)))


@dataclass(frozen=True)
class Flag:
    kind: str  # excluded | abnormally-low | moderation
    text: str  # short, for the table
    detail: str  # the full sentence
    colour: QColor


def bid_flags(result: EvaluationResult, bid: BidResult, currency: str) -> list[Flag]:
    """What stands out about ``bid``, most serious first."""
    flags = []
    if bid.excluded:
        short = "; ".join(_short_reason(bid, exclusion) for exclusion in bid.exclusions)
        reasons = "; ".join(exclusion.message for exclusion in bid.exclusions)
        flags.append(Flag("excluded", f"excluded: {short}", _sentence(f"Excluded: {reasons}"), EXCLUDED_COLOUR))
    if bid.abnormally_low:
        mean, threshold = result.mean_price, result.abnormally_low_threshold
        below = ""
        if mean is not None and threshold is not None and mean > 0:
            below = (
                f" below {points_text(_HUNDRED * threshold / mean)} % of the mean valid price "
                f"({money_text(mean, currency)}), that is below {money_text(threshold, currency)}"
            )
        detail = f"Abnormally low price:{below}. The bid is not excluded: ask the bidder to explain the price."
        flags.append(Flag("abnormally-low", "abnormally low price", detail, WARNING_COLOUR))
    moderate = [c for c in bid.criteria if c.needs_moderation]
    if moderate:
        listed = ", ".join(f"{c.criterion} (spread {number_text(c.spread)})" for c in moderate)
        detail = f"Needs moderation: the evaluators' scores differ widely and there is no consensus yet on {listed}."
        flags.append(Flag("moderation", f"needs moderation ({len(moderate)})", detail, WARNING_COLOUR))
    return flags


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _short_reason(bid: BidResult, exclusion: Exclusion) -> str:
    """Why a bid is excluded, in a few words for the table (the full reason is in its tooltip)."""
    subject = exclusion.subject or ""
    if exclusion.kind == "gate":
        gate = bid.gate(subject)
        return f"failed gate “{gate.title if gate else subject}”"
    if exclusion.kind == "criterion-minimum":
        return f"below the minimum on {subject}"
    if exclusion.kind == "group-minimum":
        return f"below the minimum of group {subject}"
    if exclusion.kind == "no-price":
        return "no valid price"
    return exclusion.message


# --- the model --------------------------------------------------------------------------------


class RankingModel(QAbstractTableModel):
    """One row per bid, ranked bids first (see :func:`ordered_bids`)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._result: EvaluationResult | None = None
        self._bids: tuple[BidResult, ...] = ()
        self._currency = "EUR"
        self._bold = QFont()
        self._bold.setBold(True)

    def set_result(self, result: EvaluationResult | None, currency: str = "EUR") -> None:
        self.beginResetModel()
        self._result = result
        self._bids = ordered_bids(result)
        self._currency = currency
        self.endResetModel()

    @property
    def result(self) -> EvaluationResult | None:
        return self._result

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._bids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _HEADER_TIPS[section]
        return None

    def bid_at(self, index: AnyIndex) -> BidResult | None:
        if not index.isValid() or not 0 <= index.row() < len(self._bids):
            return None
        return self._bids[index.row()]

    def index_of_bid(self, bid_id: str) -> QModelIndex:
        """The row of the bid ``bid_id`` (column 0), or an invalid index."""
        for row, bid in enumerate(self._bids):
            if bid.bid == bid_id:
                return self.index(row, 0)
        return QModelIndex()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        bid = self.bid_at(index)
        result = self._result
        if bid is None or result is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(result, bid, column)
        if role == BID_ROLE:
            return bid.bid
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(result, bid, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (*_NUMBERS, RANK):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(result, bid, column)
        if role == Qt.ItemDataRole.FontRole and bid.bid == result.winner and column in (RANK, BIDDER, TOTAL):
            return self._bold
        return None

    def _text(self, result: EvaluationResult, bid: BidResult, column: int) -> str:
        if column == RANK:
            return DASH if bid.rank is None else str(bid.rank)
        if column == BID:
            return bid.bid
        if column == BIDDER:
            return bid.bidder
        if column == SME:
            return "yes" if bid.sme else "no"
        if column == QUALITY:
            return number_text(bid.quality)
        if column == PRICE:
            return money_text(bid.price, self._currency)
        if column == SCORE:
            return number_text(bid.price_score)
        if column == TOTAL:
            return total_text(result, bid, self._currency)
        return "; ".join(flag.text for flag in bid_flags(result, bid, self._currency))

    def _tooltip(self, result: EvaluationResult, bid: BidResult, column: int) -> str | None:
        if column == FLAGS:
            flags = bid_flags(result, bid, self._currency)
            return "".join(f"<p>{escape(flag.detail)}</p>" for flag in flags) or None  # rich text wraps
        if column == RANK:
            if bid.rank is None:
                return "Not ranked: excluded" if bid.excluded else "Not ranked"
            return "Recommended for award" if bid.bid == result.winner else f"Rank {bid.rank}"
        if column in (BID, BIDDER):
            return f"{bid.bidder} ({bid.bid})"
        if column == SCORE and bid.price_score is None and bid.in_competition:
            return f"The formula {result.formula} has no separate price score"
        return None

    def _colour(self, result: EvaluationResult, bid: BidResult, column: int) -> QColor | None:
        if column == FLAGS:
            flags = bid_flags(result, bid, self._currency)
            return flags[0].colour if flags else None
        if bid.excluded:
            return _MUTED  # out of the competition: its figures are for the record only
        if column == RANK and bid.bid == result.winner:
            return WINNER_COLOUR
        return None
