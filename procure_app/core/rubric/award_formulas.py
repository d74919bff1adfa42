"""The award formulas a rubric can name: one entry each, and every word said about it.

An entry holds the formula's id (as the rubric writes it), its parameters, what it is made of (a
weighted total of quality and a price score, a price score ``S`` of its own, a quality/price split
that the sensitivity analysis can move, the lowest total winning) and the sentences each output
uses: the app's name and symbols, the report's name, rule and symbols, the letter's words for the
price score, the award annex's words and the workbook's. Everything that names or describes a
formula reads it here, so adding a formula is one entry (and its arithmetic in :mod:`.formulas`,
the engine and the workbook) plus its tests.

Report sentences are templates: ``{wq}`` and ``{wp}`` are the weights, ``{a}`` the log formula's
``zero_ratio``, ``{scale_money}`` and ``{scale_whole}`` value for money's scale, as money and as a
number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from .formulas import (
    linear_score,
    log_score,
    price_only_score,
    price_only_total,
    quality_only_total,
    relative_lowest_score,
    utility_index_total,
    value_for_money_total,
    weighted_total,
)

__all__ = ["AwardFormula", "BidTotalInputs", "PriceScore", "REGISTRY", "FORMULA_IDS", "TotalKind", "award_formula"]

# S of a price P from (P, the lowest price, the highest price, the formula's parameter or None).
PriceScore = Callable[[Decimal, Decimal, Decimal, Decimal | None], Decimal]

# The shape of a formula's total, which the sensitivity analysis models in floats:
# weighted (WQ·Q/100 + WP·S), utility, value (Q/P·X), fictional (award on value), price (100·S), quality.
TotalKind = Literal["weighted", "utility", "value", "fictional", "price", "quality"]


@dataclass(frozen=True)
class BidTotalInputs:
    """What one bid's total can be made of; the engine fills in what the competition has."""

    quality: Decimal  # Q
    best_quality: Decimal  # the best Q in the competition
    price: Decimal | None  # P
    best_price: Decimal | None  # the lowest P in the competition
    price_score: Decimal | None  # S, for a formula with one
    fictional_price: Decimal | None  # award on value's T, which the engine works out per criterion
    quality_weight: Decimal
    price_weight: Decimal
    scale: Decimal  # value for money's X


def _weighted_total(bid: BidTotalInputs) -> Decimal:
    assert bid.price_score is not None  # every bid in the competition of a weighted formula has S
    return weighted_total(bid.quality, bid.price_score, bid.quality_weight, bid.price_weight)


def _utility_total(bid: BidTotalInputs) -> Decimal:
    # Without prices, or with no weight on price (the engine notes why), the bids rank on quality.
    if bid.best_price is None or bid.price is None or bid.price_weight <= 0:
        return bid.quality
    return utility_index_total(
        bid.quality, bid.best_quality, bid.price, bid.best_price, bid.quality_weight, bid.price_weight
    )


def _value_total(bid: BidTotalInputs) -> Decimal:
    assert bid.price is not None
    return value_for_money_total(bid.quality, bid.price, bid.scale)


def _fictional_total(bid: BidTotalInputs) -> Decimal:
    assert bid.fictional_price is not None
    return bid.fictional_price


def _price_total(bid: BidTotalInputs) -> Decimal:
    assert bid.price_score is not None
    return price_only_total(bid.price_score)


def _quality_total(bid: BidTotalInputs) -> Decimal:
    return quality_only_total(bid.quality)


_TOTAL_OF: dict[TotalKind, Callable[[BidTotalInputs], Decimal]] = {
    "weighted": _weighted_total,
    "utility": _utility_total,
    "value": _value_total,
    "fictional": _fictional_total,
    "price": _price_total,
    "quality": _quality_total,
}


def _relative_lowest(price: Decimal, best: Decimal, _highest: Decimal, _parameter: Decimal | None) -> Decimal:
    return relative_lowest_score(price, best)


def _linear(price: Decimal, best: Decimal, highest: Decimal, _parameter: Decimal | None) -> Decimal:
    return linear_score(price, best, highest)


def _log(price: Decimal, best: Decimal, _highest: Decimal, zero_ratio: Decimal | None) -> Decimal:
    assert zero_ratio is not None  # the engine checks the parameter first (see parameter_ok)
    return log_score(price, best, zero_ratio)


def _price_only(price: Decimal, best: Decimal, _highest: Decimal, _parameter: Decimal | None) -> Decimal:
    return price_only_score(price, best)


@dataclass(frozen=True)
class AwardFormula:
    id: str
    parameters: tuple[str, ...]  # under award.parameters in the rubric
    weighted: bool  # T = WQ · Q / 100 + WP · S
    price_score: bool  # the formula has a price score S of its own (shown beside the total)
    weight_split: bool  # quality and price weights that the sensitivity analysis can move
    lowest_wins: bool
    uses_quality: bool  # the bids' quality scores count
    uses_price: bool  # the bids' prices count
    app_name: str
    app_symbols: str
    report_name: str
    report_words: tuple[str, ...]  # templates; for a weighted formula, after the weights sentence
    report_symbols: str  # a template; for a weighted formula, S = …, after T = WQ · Q / 100 + WP · S
    letter_price_score: str | None  # what S is, for a weighted formula, in a letter to a bidder
    annex_words: str
    workbook_words: str
    # The workbook's live formulas, as templates over cell references: {price} the bid's price P,
    # {pbest} and {pmax} the lowest and highest price, {ratio} the formula's parameter, {quality} Q,
    # {qbest} the best Q, {score} the bid's S, {wq} and {wp} the weights, {scale} value for money's
    # default X, {value} the bid's money value of quality (award on value).
    workbook_price_score: str | None
    workbook_total: str
    total_kind: TotalKind
    price_score_of: PriceScore | None = None  # the engine's S, for a formula with a price score
    # For a formula whose parameter can make S undefined: the least value that works, and the note
    # the engine gives when the rubric's is below it (S then is its limit: 1 at the best price, else 0).
    parameter_above: Decimal | None = None
    fallback_note: str = ""

    def parameter_ok(self, value: Decimal | None) -> bool:
        """The parameter lets the price score be computed (always, for a formula without one)."""
        return self.parameter_above is None or (value is not None and value > self.parameter_above)

    def total_of(self, bid: BidTotalInputs) -> Decimal:
        """The engine's total ``T`` of one bid in the competition."""
        return _TOTAL_OF[self.total_kind](bid)


_WEIGHTED_RULE = "T = WQ·Q/100 + WP·S; the highest total wins"

REGISTRY: dict[str, AwardFormula] = {
    formula.id: formula
    for formula in (
        AwardFormula(
            id="relative-lowest",
            parameters=(),
            weighted=True,
            price_score=True,
            weight_split=True,
            lowest_wins=False,
            uses_quality=True,
            uses_price=True,
            app_name="relative to the lowest price",
            app_symbols="T = WQ · Q / 100 + WP · S, S = Pbest / P",
            report_name="relative to the lowest price",
            report_words=(
                "The lowest price gets the full price score; any other price the lowest price divided by it.",
            ),
            report_symbols="S = Pbest / P",
            letter_price_score="with S the lowest price divided by your price",
            annex_words="price score = lowest price ÷ this price",
            workbook_words=f"relative to the lowest price: S = Pbest / P; {_WEIGHTED_RULE}",
            workbook_price_score="{pbest}/{price}",
            workbook_total="{wq}*{quality}/100+{wp}*{score}",
            total_kind="weighted",
            price_score_of=_relative_lowest,
        ),
        AwardFormula(
            id="linear",
            parameters=(),
            weighted=True,
            price_score=True,
            weight_split=True,
            lowest_wins=False,
            uses_quality=True,
            uses_price=True,
            app_name="linear between the lowest and the highest price",
            app_symbols="T = WQ · Q / 100 + WP · S, S = (Pmax − P) / (Pmax − Pmin)",
            report_name="linear price score",
            report_words=(
                "The lowest price scores 1 and the highest 0, the prices between in proportion; when all prices "
                "are equal, every bid scores 1.",
            ),
            report_symbols="S = (Pmax − P) / (Pmax − Pmin)",
            letter_price_score="with S falling in proportion from the lowest price (1) to the highest (0)",
            annex_words="price score falls in a straight line from the lowest price (full score) to the highest (zero)",
            workbook_words=f"linear: S = (Pmax − P) / (Pmax − Pmin), 1 when all prices are equal; {_WEIGHTED_RULE}",
            workbook_price_score="IF({pmax}={pbest},1,({pmax}-{price})/({pmax}-{pbest}))",
            workbook_total="{wq}*{quality}/100+{wp}*{score}",
            total_kind="weighted",
            price_score_of=_linear,
        ),
        AwardFormula(
            id="log",
            parameters=("zero_ratio",),
            weighted=True,
            price_score=True,
            weight_split=True,
            lowest_wins=False,
            uses_quality=True,
            uses_price=True,
            app_name="logarithmic price score",
            app_symbols="T = WQ · Q / 100 + WP · S, S = max(0, 1 − ln(P / Pbest) / ln A)",
            report_name="logarithmic price score",
            report_words=(
                "The price score falls with the logarithm of a price's ratio to the lowest price and reaches 0 at "
                "{a} times the lowest price.",
            ),
            report_symbols="S = max(0, 1 − ln(P / Pbest) / ln {a})",
            letter_price_score="with S falling with the logarithm of your price's ratio to the lowest price",
            annex_words="price score falls with the logarithm of this price over the lowest price",
            workbook_words=f"logarithmic: S = max(0, 1 − ln(P/Pbest) / ln A); {_WEIGHTED_RULE}",
            workbook_price_score="IF({ratio}>1,MAX(0,1-LN({price}/{pbest})/LN({ratio})),IF({price}={pbest},1,0))",
            workbook_total="{wq}*{quality}/100+{wp}*{score}",
            total_kind="weighted",
            price_score_of=_log,
            parameter_above=Decimal(1),
            fallback_note=("formula log needs zero_ratio above 1: its limit is used (S = 1 at the best price, else 0)"),
        ),
        AwardFormula(
            id="utility-index",
            parameters=(),
            weighted=False,
            price_score=False,
            weight_split=True,
            lowest_wins=False,
            uses_quality=True,
            uses_price=True,
            app_name="utility index",
            app_symbols="T = 100 · (1 − (Qbest − Q) / 100 · WQ / WP) · Pbest / P",
            report_name="utility index",
            report_words=(
                "Each bid's shortfall in quality against the best quality, weighed {wq} to {wp} against price, "
                "reduces its price ratio to the lowest price; the highest index wins.",
            ),
            report_symbols="T = 100 · (1 − (Qbest − Q) / 100 · WQ / WP) · Pbest / P",
            letter_price_score=None,
            annex_words="utility index: quality advantage over the best bid, per unit of price",
            workbook_words="utility index: T = 100 · (1 − (Qbest − Q)/100 · WQ/WP) · Pbest / P; the highest total wins",
            workbook_price_score=None,
            workbook_total="IF({wp}>0,100*(1-({qbest}-{quality})/100*{wq}/{wp})*{pbest}/{price},{quality})",
            total_kind="utility",
        ),
        AwardFormula(
            id="value-for-money",
            parameters=("scale",),
            weighted=False,
            price_score=False,
            weight_split=False,
            lowest_wins=False,
            uses_quality=True,
            uses_price=True,
            app_name="value for money (quality per unit of price)",
            app_symbols="T = Q / P · X",
            report_name="value for money (quality per unit of price)",
            report_words=("Quality points per {scale_money} of price; the highest value wins.",),
            report_symbols="T = Q / P · {scale_whole}",
            letter_price_score=None,
            annex_words="quality score divided by price",
            workbook_words="value for money: T = Q / P · X; the highest total wins",
            workbook_price_score=None,
            workbook_total="{quality}/{price}*IF({ratio}>0,{ratio},{scale})",
            total_kind="value",
        ),
        AwardFormula(
            id="award-on-value",
            parameters=(),
            weighted=False,
            price_score=False,
            weight_split=False,
            lowest_wins=True,
            uses_quality=True,
            uses_price=True,
            app_name="award on value: the lowest fictional price wins",
            app_symbols="T = P − Σ value per point · a(c)",
            report_name="award on value (fictional price)",
            report_words=(
                "Each point of a criterion's score is worth a fixed amount (in section 2.2), deducted from the "
                "price to give a fictional price; the lowest fictional price wins.",
            ),
            report_symbols="T = P − Σ value per point(c) · a(c)",
            letter_price_score=None,
            annex_words="lowest price after deducting the money value of the quality offered",
            workbook_words=(
                "award on value: T = P − Σ value per level × score (a fictional price); the lowest total wins"
            ),
            workbook_price_score=None,
            workbook_total="{price}-{value}",
            total_kind="fictional",
        ),
        AwardFormula(
            id="quality-only",
            parameters=(),
            weighted=False,
            price_score=False,
            weight_split=False,
            lowest_wins=False,
            uses_quality=True,
            uses_price=False,
            app_name="quality only (fixed price)",
            app_symbols="T = Q",
            report_name="quality only (fixed price)",
            report_words=("Quality alone decides (the price is fixed or not compared); the price is recorded only.",),
            report_symbols="T = Q",
            letter_price_score=None,
            annex_words="fixed price: quality alone decides",
            workbook_words="quality only: T = Q; the highest total wins",
            workbook_price_score=None,
            workbook_total="{quality}",
            total_kind="quality",
        ),
        AwardFormula(
            id="price-only",
            parameters=(),
            weighted=False,
            price_score=True,
            weight_split=False,
            lowest_wins=False,
            uses_quality=False,
            uses_price=True,
            app_name="lowest price",
            app_symbols="T = 100 · Pbest / P",
            report_name="lowest price",
            report_words=("The lowest price wins; quality is not scored.",),
            report_symbols="T = 100 · Pbest / P",
            letter_price_score=None,
            annex_words="lowest price alone decides",
            workbook_words="price only: S = Pbest / P; T = 100 · S; the highest total wins",
            workbook_price_score="{pbest}/{price}",
            workbook_total="100*{score}",
            total_kind="price",
            price_score_of=_price_only,
        ),
    )
}
FORMULA_IDS = tuple(REGISTRY)


def award_formula(formula_id: str) -> AwardFormula | None:
    """The registry's entry for ``formula_id``; None for a name no rubric may use."""
    return REGISTRY.get(formula_id)
