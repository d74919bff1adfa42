"""The arithmetic of ``docs/evaluation.md`` as pure functions on :class:`~decimal.Decimal`.

Every function computes in :data:`DECIMAL_CONTEXT` (34 significant digits, the precision of an
IEEE decimal128), whatever the caller's context, and returns an unrounded Decimal; only
:func:`rounded` rounds, half away from zero as a spreadsheet's ``ROUND`` does. Symbols follow the
documentation: ``P`` a bid's price, ``Pbest``/``Pmin`` the lowest and ``Pmax`` the highest price of
the bids still in the competition, ``Q`` a quality score from 0 to 100, ``Qbest`` the highest, ``S``
a price score from 0 to 1, ``WQ``/``WP`` the quality and price weights (percent).

A formula that is undefined for its arguments (a price of 0 or less, ``zero_ratio`` ≤ 1, a price
weight of 0 in the utility index) raises :class:`ValueError`; it never divides by zero. The
engine (:mod:`..evaluation.engine`) only calls them with arguments that are defined.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, localcontext
from typing import Protocol

__all__ = [
    "DECIMAL_CONTEXT",
    "DEFAULT_VFM_SCALE",
    "PriceSheetLike",
    "rounded",
    "rank_key",
    "lifecycle_cost",
    "aggregate",
    "spread",
    "disagrees",
    "needs_moderation",
    "group_score",
    "quality_score",
    "relative_lowest_score",
    "linear_score",
    "log_score",
    "weighted_total",
    "utility_index_total",
    "value_for_money_total",
    "award_on_value_total",
    "quality_only_total",
    "price_only_score",
    "price_only_total",
]

DECIMAL_CONTEXT = Context(prec=34, rounding=ROUND_HALF_EVEN)
DEFAULT_VFM_SCALE = Decimal(1_000_000)
RANK_PLACES = 6

_ZERO = Decimal(0)
_ONE = Decimal(1)
_HUNDRED = Decimal(100)


class PriceSheetLike(Protocol):
    """What :func:`lifecycle_cost` reads from a bid's price sheet."""

    @property
    def capex(self) -> Decimal: ...

    @property
    def opex_per_year(self) -> Decimal: ...

    @property
    def maintenance_per_year(self) -> Decimal: ...

    @property
    def years(self) -> int: ...


def rounded(value: Decimal, places: int = 2) -> Decimal:
    """``value`` rounded to ``places`` decimals, half away from zero (``ROUND(value; places)``).

    >>> rounded(Decimal("2.345")), rounded(Decimal("-2.345")), rounded(Decimal("0.1234565"), 6)
    (Decimal('2.35'), Decimal('-2.35'), Decimal('0.123457'))
    """
    with localcontext(DECIMAL_CONTEXT) as context:
        context.prec = max(DECIMAL_CONTEXT.prec, value.adjusted() + places + 2)
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def rank_key(value: Decimal) -> Decimal:
    """A total (or a minimum compared against) as ranks are decided: rounded to 6 decimals, half up."""
    return rounded(value, RANK_PLACES)


def lifecycle_cost(price_sheet: PriceSheetLike, basis: str, discount_rate: Decimal | None) -> Decimal:
    """The price ``P`` of a bid compared by the award formula.

    * basis ``capex``: ``P = capex``;
    * basis ``lifecycle``: ``P = capex + Σ_{t=1..years} (opex + maintenance) / (1 + r)^t`` with
      ``r = discount_rate / 100``; without a discount rate (or with 0):
      ``P = capex + years · (opex + maintenance)``.

    Example: capex 1000, opex 100, maintenance 10, 2 years at 10 %:
    ``1000 + 110/1.1 + 110/1.21 = 1000 + 100 + 90.909… = 1190.909…``.
    """
    with localcontext(DECIMAL_CONTEXT):
        capex = Decimal(price_sheet.capex)
        if basis == "capex":
            return capex
        yearly = Decimal(price_sheet.opex_per_year) + Decimal(price_sheet.maintenance_per_year)
        years = max(int(price_sheet.years), 0)
        if discount_rate is None or discount_rate == _ZERO:
            return capex + years * yearly
        factor = _ONE + Decimal(discount_rate) / _HUNDRED
        if factor <= _ZERO:
            raise ValueError(f"a discount rate of {discount_rate} % a year is not possible")
        total = capex
        discount = _ONE
        for _ in range(years):
            discount *= factor
            total += yearly / discount
        return total


def aggregate(scores: Sequence[Decimal], method: str = "mean") -> Decimal | None:
    """The panel's score from the individual ``scores``: their mean, or their median; None if none.

    The median of an even number of scores is the mean of the middle two: median(2, 3, 4, 5) = 3.5.
    """
    if not scores:
        return None
    with localcontext(DECIMAL_CONTEXT):
        if method == "median":
            ordered = sorted(scores)
            middle = len(ordered) // 2
            if len(ordered) % 2:
                return ordered[middle]
            return (ordered[middle - 1] + ordered[middle]) / 2
        return sum(scores, _ZERO) / len(scores)


def spread(scores: Sequence[Decimal]) -> Decimal | None:
    """How far apart the individual scores are: ``max − min``; None when there are none."""
    if not scores:
        return None
    return max(scores) - min(scores)


def disagrees(gap: Decimal | None, moderation_spread: Decimal) -> bool:
    """The evaluators' scores are at least ``moderation_spread`` apart (a consensus is due, or was agreed)."""
    return gap is not None and gap >= moderation_spread


def needs_moderation(gap: Decimal | None, moderation_spread: Decimal, *, has_consensus: bool) -> bool:
    """The moderation rule: the scores are ``moderation_spread`` or more apart and there is no consensus yet."""
    return not has_consensus and disagrees(gap, moderation_spread)


def _fractions(weights: Sequence[Decimal]) -> list[Decimal]:
    """Weights as fractions of their sum (each 0 when they sum to 0 or less)."""
    total = sum(weights, _ZERO)
    if total <= _ZERO:
        return [_ZERO for _ in weights]
    return [weight / total for weight in weights]


def group_score(weighted_scores: Iterable[tuple[Decimal, Decimal | None]], scale_max: int) -> Decimal:
    """``g(G,b) = Σ w(c) · a(c,b) / M``, with ``w`` the criterion weights as fractions of their sum.

    ``weighted_scores`` holds ``(weight, a)`` per criterion of the group; an unscored criterion
    (``a`` None) counts 0. The result is between 0 and 1. Example: weights 40/30/30, scores 4, 3
    and 5 on a scale to 5: ``0.4·4/5 + 0.3·3/5 + 0.3·5/5 = 0.32 + 0.18 + 0.30 = 0.80``.
    """
    with localcontext(DECIMAL_CONTEXT):
        pairs = list(weighted_scores)
        if scale_max <= 0:
            return _ZERO
        fractions = _fractions([weight for weight, _ in pairs])
        return sum(
            (f * score / scale_max for f, (_, score) in zip(fractions, pairs, strict=True) if score is not None),
            _ZERO,
        )


def quality_score(weighted_groups: Iterable[tuple[Decimal, Decimal]]) -> Decimal:
    """``Q(b) = 100 · Σ W(G) · g(G,b)``, with ``W`` the group weights as fractions of their sum.

    Example: group weights 60/40, group scores 0.8 and 0.5: ``100 · (0.6·0.8 + 0.4·0.5) = 68``.
    """
    with localcontext(DECIMAL_CONTEXT):
        pairs = list(weighted_groups)
        fractions = _fractions([weight for weight, _ in pairs])
        return _HUNDRED * sum((f * g for f, (_, g) in zip(fractions, pairs, strict=True)), _ZERO)


def _positive(name: str, value: Decimal) -> None:
    if not value > _ZERO:
        raise ValueError(f"{name} must be above 0, not {value}")


def relative_lowest_score(price: Decimal, best_price: Decimal) -> Decimal:
    """``relative-lowest`` (and ``price-only``): ``S = Pbest / P``.

    Example: Pbest 800, P 1000: ``S = 0.8``.
    """
    _positive("the price", price)
    _positive("the best price", best_price)
    with localcontext(DECIMAL_CONTEXT):
        return best_price / price


def linear_score(price: Decimal, lowest_price: Decimal, highest_price: Decimal) -> Decimal:
    """``linear``: ``S = (Pmax − P) / (Pmax − Pmin)``; 1 for every bid when all prices are equal.

    Example: Pmin 800, Pmax 1200, P 1000: ``S = 200 / 400 = 0.5``.
    """
    with localcontext(DECIMAL_CONTEXT):
        if highest_price == lowest_price:
            return _ONE
        return (highest_price - price) / (highest_price - lowest_price)


def log_score(price: Decimal, best_price: Decimal, zero_ratio: Decimal) -> Decimal:
    """``log``: ``S = max(0, 1 − ln(P / Pbest) / ln A)`` with ``A = zero_ratio`` > 1.

    A price ``A`` times the best scores 0. Example: A 2, P = 1.5 · Pbest:
    ``1 − ln 1.5 / ln 2 = 1 − 0.405465… / 0.693147… = 0.415037…``.
    """
    _positive("the price", price)
    _positive("the best price", best_price)
    with localcontext(DECIMAL_CONTEXT):
        if not zero_ratio > _ONE:
            raise ValueError(f"zero_ratio must be above 1, not {zero_ratio}")
        return max(_ZERO, _ONE - (price / best_price).ln() / zero_ratio.ln())


def weighted_total(quality: Decimal, price_score: Decimal, quality_weight: Decimal, price_weight: Decimal) -> Decimal:
    """``relative-lowest``, ``linear``, ``log``: ``T = WQ · Q / 100 + WP · S``.

    Example: WQ 70, WP 30, Q 80, S 0.9: ``T = 56 + 27 = 83``.
    """
    with localcontext(DECIMAL_CONTEXT):
        return quality_weight * quality / _HUNDRED + price_weight * price_score


def utility_index_total(
    quality: Decimal,
    best_quality: Decimal,
    price: Decimal,
    best_price: Decimal,
    quality_weight: Decimal,
    price_weight: Decimal,
) -> Decimal:
    """``utility-index``: ``T = 100 · (1 − (Qbest − Q)/100 · WQ/WP) · Pbest / P``.

    Example: Qbest 90, Q 80, WQ 60, WP 40, Pbest 900, P 1000:
    ``100 · (1 − 0.1 · 1.5) · 0.9 = 100 · 0.85 · 0.9 = 76.5``.
    """
    _positive("the price", price)
    _positive("the best price", best_price)
    _positive("the price weight", price_weight)
    with localcontext(DECIMAL_CONTEXT):
        shortfall = (best_quality - quality) / _HUNDRED * quality_weight / price_weight
        return _HUNDRED * (_ONE - shortfall) * best_price / price


def value_for_money_total(quality: Decimal, price: Decimal, scale: Decimal = DEFAULT_VFM_SCALE) -> Decimal:
    """``value-for-money``: ``T = Q / P · X`` (``X`` the parameter ``scale``, default 1,000,000).

    Example: Q 80, P 2,000,000: ``T = 80 / 2,000,000 · 1,000,000 = 40``.
    """
    _positive("the price", price)
    with localcontext(DECIMAL_CONTEXT):
        return quality / price * scale


def award_on_value_total(price: Decimal, valued_scores: Iterable[tuple[Decimal, Decimal | None]]) -> Decimal:
    """``award-on-value``: the fictional price ``T = P − Σ values_per_level(c) · a(c,b)``; lowest wins.

    ``valued_scores`` holds ``(values_per_level, a)`` per criterion; an unscored criterion counts 0.
    Example: P 1000, criteria worth 50 and 20 per point scored 3 and 4: ``1000 − 150 − 80 = 770``.
    """
    with localcontext(DECIMAL_CONTEXT):
        return price - sum((value * score for value, score in valued_scores if score is not None), _ZERO)


def quality_only_total(quality: Decimal) -> Decimal:
    """``quality-only``: ``T = Q``."""
    return quality


def price_only_score(price: Decimal, best_price: Decimal) -> Decimal:
    """``price-only``: ``S = Pbest / P`` (as :func:`relative_lowest_score`)."""
    return relative_lowest_score(price, best_price)


def price_only_total(price_score: Decimal) -> Decimal:
    """``price-only``: ``T = 100 · S``. Example: Pbest 800, P 1000: ``T = 80``."""
    with localcontext(DECIMAL_CONTEXT):
        return _HUNDRED * price_score
