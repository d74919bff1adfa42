"""Sensitivity of the winner to the weights: tipping points and rank-one probabilities.

Both analyses recompute only the totals, from the normalised criterion scores ``a(c,b)/M`` cached
in the :class:`~.engine.EvaluationResult`, with the same total and ranking code as the engine
(:func:`~.engine.compute_totals`, :func:`~.engine.rank_bids`: totals rounded to 6 decimals,
then the rubric's tie-break rules). The competition is the one of the evaluation: the bids it
excluded stay excluded (a minimum is about the published weights, not about a what-if), and the
price scores stay what the prices make them.

Tipping points
    For each quality group, the group's weight ``W`` (percentage points of the quality score) is
    moved to ``W + Δ`` and the other groups' weights are scaled in proportion so that the sum stays
    100 (``W'_H = W_H · (100 − W − Δ) / (100 − W)``); for the quality/price split, ``WQ`` moves to
    ``WQ + Δ`` and ``WP`` to ``100 − WQ − Δ``. ``Δ`` runs over the feasible range (every weight from 0
    to 100) in both directions, on the 0.01-point grid: the reported change is the smallest multiple
    of 0.01 points (or the end of the range) that gives another winner. ``None`` means no change
    within the range gives another winner; "another winner" includes none at all (an unbroken tie
    for rank 1). The split is analysed only for the formulas that weigh both quality and price
    (``relative-lowest``, ``linear``, ``log``, ``utility-index``).

    *Exactly, where the totals are linear.* Each bid's ``Q`` is linear in a moved group weight
    (``Q(x) = x · g_k + (100 − x) / (100 − W_k) · Σ_{j≠k} W_j g_j``), and so is its total with the
    weighted formulas, ``quality-only``, ``value-for-money`` (``Q · X / P``) and the formulas whose
    total does not depend on the weight (``award-on-value``, ``price-only``); with the weighted
    formulas the total is also linear in ``WQ`` for the split (``S`` fixed). The winner's
    range of ``Δ`` is then one interval: the lead of the winner over each other bid is solved for
    its zero in Decimal, the nearest zero in each direction gives the candidate grid step, and the
    engine's ranking (rounded totals, tie-break rules) is run at that step and the step before to
    confirm it: a tie at the crossing that the tie-break rules give to the winner moves the
    tipping point one step on. Should the check fail (a crossing within the 6-decimal rounding of
    a grid step), the scan below decides.

    *By scanning, elsewhere.* With ``utility-index`` (``Qbest`` and ``WQ/WP`` make its totals
    non-linear), when there is no winner to start from (an unbroken tie), or when another bid is
    within the rounding step of the winner at the published weights (the tie-break rules, which
    compare ``Q``, may then decide all along), a scan in steps of 0.25 points finds the first step
    with another winner, and bisection on the 0.01-point grid refines it. The scan can step over a
    change that reverts within 0.25 points.

    Each winner check first computes every total in binary floating point; the bids within
    ``10⁻⁶`` (plus a bound on the float error) of the best are then re-ranked exactly as the engine
    ranks them (Decimal totals rounded to 6 decimals, tie-break rules), so the float shortcut never
    changes a winner.

Rank-one probabilities
    In each draw every weight — each group weight, each criterion weight and, for the formulas
    that weigh both, the quality and price weights — is multiplied by ``1 + u``, ``u`` uniform in
    ``±X %`` (drawn from ``random.Random(seed)`` in rubric order: groups, criteria, quality, price),
    and the siblings are used as fractions of their new sum. The share of draws in which each bid
    ranks first is reported; bids sharing rank 1 in a draw each count it, so the shares can add up
    to a little more than 1. The same seed always gives the same numbers.

    The draws are a simulation and are computed in binary floating point, with two safeguards
    that keep every count what a draw computed in Decimal by the engine's ranking would give:

    * before the draws, the bids that cannot come within the rounding step (``10⁻⁶``, plus a bound
      on the float error) of the evaluation's leader anywhere in the ``±X %`` box of weights are
      set aside: they never rank first. The bound is the largest lead over the box — a
      linear-fractional maximum over the group and criterion weights, exact for the box, at the
      extreme ``WQ``/``WP`` — and, for ``utility-index``, a bilinear bound over ``WQ/WP`` and the
      range of ``Qbest``. When only one bid is left, it ranks first in every draw;
    * in a draw where two bids come that close, the draw is recomputed in Decimal for those bids
      (and, for ``utility-index``, the bids that may have ``Qbest``) and ranked as the engine
      ranks: totals rounded to 6 decimals, then the tie-break rules. Exact ties are therefore
      broken, or shared, as before.

    With a perturbation above 100 % or a negative weight (inputs the loaders refuse), every draw
    is computed in Decimal.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal, localcontext
from math import isfinite
from operator import mul
from typing import Protocol

from ..rubric.award_formulas import REGISTRY, TotalKind, award_formula
from ..rubric.formulas import DECIMAL_CONTEXT, rank_key
from ..rubric.model import WEIGHTED_FORMULAS, Rubric
from .engine import EvaluationResult, Pricing, RankEntry, compute_totals, evaluate, rank_bids
from .evaluation_file import EvaluationFile, SensitivitySettings

__all__ = [
    "SPLIT",
    "Shift",
    "TippingPoint",
    "RankOneShare",
    "SensitivityResult",
    "analyse",
    "tipping_points",
    "rank_one_probabilities",
]

SPLIT = "quality-price"  # the parameter name of the quality/price split
GRID = Decimal("0.01")  # the resolution of a tipping point, in percentage points
_COARSE = 25  # scan step, in grid units (0.25 points)

_ZERO = Decimal(0)
_ONE = Decimal(1)
_HUNDRED = Decimal(100)

_RANK_STEP = 1e-6  # totals are ranked rounded to 6 decimals: totals further apart never tie
_FLOAT_SLACK = 1e-9  # float error allowed for, relative to the magnitudes involved (the real one is ~1e-14)
_WEIGHTED = WEIGHTED_FORMULAS


@dataclass(frozen=True)
class Shift:
    change: Decimal  # signed, in percentage points
    weight: Decimal  # the weight after the change
    new_winner: str | None  # None: no single winner (a tie for rank 1)


@dataclass(frozen=True)
class TippingPoint:
    parameter: str  # a group id, or SPLIT for the quality/price split
    title: str
    base_weight: Decimal  # percent (of the quality score, or WQ for the split)
    increase: Shift | None  # the smallest increase that gives another winner
    decrease: Shift | None  # the smallest decrease that gives another winner

    @property
    def smallest(self) -> Shift | None:
        """The smaller of the two shifts by size (the decrease on a tie); None if neither exists."""
        shifts = [shift for shift in (self.decrease, self.increase) if shift is not None]
        return min(shifts, key=lambda shift: abs(shift.change), default=None)

    @property
    def change(self) -> Decimal | None:
        smallest = self.smallest
        return None if smallest is None else smallest.change

    @property
    def new_winner(self) -> str | None:
        smallest = self.smallest
        return None if smallest is None else smallest.new_winner


@dataclass(frozen=True)
class RankOneShare:
    bid: str
    count: int  # draws in which the bid ranked first
    share: Decimal  # count / draws


@dataclass(frozen=True)
class SensitivityResult:
    winner: str | None
    tipping_points: tuple[TippingPoint, ...]
    rank_one: tuple[RankOneShare, ...]  # bids in the competition, most often first (then by id)
    draws: int
    seed: int
    perturbation_percent: Decimal
    notes: tuple[str, ...] = ()

    def tipping_point(self, parameter: str) -> TippingPoint | None:
        return next((point for point in self.tipping_points if point.parameter == parameter), None)

    def share(self, bid_id: str) -> Decimal | None:
        return next((entry.share for entry in self.rank_one if entry.bid == bid_id), None)


# --- the cached model ------------------------------------------------------------------------


def _fractions(weights: Sequence[Decimal]) -> list[Decimal]:
    total = sum(weights, _ZERO)
    if total <= _ZERO:
        return [_ZERO for _ in weights]
    return [weight / total for weight in weights]


def _kind(formula: str, pricing: Pricing) -> TotalKind:
    """How :func:`~.engine.compute_totals` makes the totals of ``formula`` (see :meth:`_Model.scores`)."""
    entry = award_formula(formula) or REGISTRY["quality-only"]  # as compute_totals
    if entry.total_kind == "utility" and pricing.best_price is None:
        return "quality"  # the utility index without prices ranks on quality
    return entry.total_kind


def _largest(values: Sequence[float]) -> float:
    return max((abs(value) for value in values), default=0.0)


class _Model:
    """The competition of one evaluation, reduced to what the totals need.

    The float lists are aligned with :attr:`ids`; they only pick the bids that need an exact look.
    """

    def __init__(self, rubric: Rubric, result: EvaluationResult, pricing: Pricing) -> None:
        self.rubric = rubric
        self.pricing = pricing
        self.formula = result.formula
        self.lowest_wins = result.lowest_wins
        self.tie_break = rubric.tie_break
        self.bids = sorted(result.competition, key=lambda bid: bid.bid)
        self.ids = [bid.bid for bid in self.bids]
        self.position = {bid: index for index, bid in enumerate(self.ids)}
        self.group_weights = [_HUNDRED * f for f in _fractions([group.weight for group in rubric.groups])]
        self.criterion_weights = [[c.weight for c in group.criteria] for group in rubric.groups]
        # normalised criterion scores per bid, per group (unscored counts 0)
        self.normalised = {
            bid.bid: [
                [criterion.normalised or _ZERO for criterion in bid.criteria if criterion.group == group.id]
                for group in rubric.groups
            ]
            for bid in self.bids
        }
        self.group_scores = {bid.bid: [group.score for group in bid.groups] for bid in self.bids}
        self.prices = {bid.bid: bid.price for bid in self.bids}
        self.submitted = {bid.bid: bid.submitted for bid in self.bids}
        self.quality_weight = result.quality_weight
        self.price_weight = result.price_weight
        # the float side: what each formula's total needs besides Q and the weights
        self.kind = _kind(self.formula, pricing)
        best = pricing.best_price
        prices = [pricing.prices.get(bid) for bid in self.ids]
        self.price_score_f = [float(pricing.price_scores.get(bid, _ZERO)) for bid in self.ids]
        self.best_ratio_f = [  # utility-index: 100 · Pbest / P
            100.0 * float(best) / float(price) if best is not None and price else 0.0 for price in prices
        ]
        self.value_f = [float(pricing.scale) / float(price) if price else 0.0 for price in prices]  # X / P
        self.fictional_f = [float(pricing.fictional_prices.get(bid, _ZERO)) for bid in self.ids]
        self.largest_price_score = _largest(self.price_score_f)
        self.largest_best_ratio = _largest(self.best_ratio_f)
        self.largest_value = _largest(self.value_f)
        self.largest_fictional = _largest(self.fictional_f)

    # -- exact, as the engine ranks --

    def quality(self, group_weights: Sequence[Decimal], group_scores: dict[str, list[Decimal]]) -> dict[str, Decimal]:
        """``Q`` of every bid for group weights in percent that sum to 100."""
        return {
            bid: sum((w * g for w, g in zip(group_weights, scores, strict=True)), _ZERO)
            for bid, scores in group_scores.items()
        }

    def winners(self, quality: dict[str, Decimal], quality_weight: Decimal, price_weight: Decimal) -> list[str]:
        """The bids that rank first with these quality scores and weights.

        ``quality`` may hold only some bids of the competition, as long as it holds every bid whose
        rounded total may be the best (and, for ``utility-index``, the bids with the best ``Q``).
        """
        totals = compute_totals(self.pricing, quality, quality_weight, price_weight)
        sign = 1 if self.lowest_wins else -1
        keys = {bid: sign * rank_key(total) for bid, total in totals.items()}
        best = min(keys.values(), default=None)
        if best is None:
            return []
        first = [bid for bid, key in keys.items() if key == best]
        if len(first) == 1:
            return first
        entries = [RankEntry(bid, totals[bid], quality[bid], self.prices[bid], self.submitted[bid]) for bid in first]
        ranks, _ = rank_bids(entries, lowest_wins=self.lowest_wins, tie_break=self.tie_break)
        return sorted(bid for bid, rank in ranks.items() if rank == 1)

    def winner(self, quality: dict[str, Decimal], quality_weight: Decimal, price_weight: Decimal) -> str | None:
        first = self.winners(quality, quality_weight, price_weight)
        return first[0] if len(first) == 1 else None

    # -- floats, to find the bids that need the exact ranking --

    def scores(
        self,
        indices: Sequence[int],
        quality: Sequence[float],
        quality_weight: float,
        price_weight: float,
        price_weighs: bool,
        best_quality: float,
    ) -> list[float]:
        """The totals of the bids at ``indices`` (``quality`` their ``Q``), negated when the lowest wins.

        Mirrors :func:`~.engine.compute_totals`; ``price_weighs`` is the exact ``price_weight > 0``.
        """
        kind = self.kind
        if kind == "weighted":
            share, scores = quality_weight / 100.0, self.price_score_f
            return [share * q + price_weight * scores[i] for i, q in zip(indices, quality, strict=True)]
        if kind == "utility" and price_weighs:
            ratio, factors = quality_weight / (100.0 * price_weight), self.best_ratio_f
            return [factors[i] * (1.0 - (best_quality - q) * ratio) for i, q in zip(indices, quality, strict=True)]
        if kind == "value":
            values = self.value_f
            return [q * values[i] for i, q in zip(indices, quality, strict=True)]
        if kind == "fictional":
            sign = -1.0 if self.lowest_wins else 1.0
            return [sign * self.fictional_f[i] for i in indices]
        if kind == "price":
            return [100.0 * self.price_score_f[i] for i in indices]
        return list(quality)

    def window(self, quality_weight: float, price_weight: float, price_weighs: bool, largest_quality: float) -> float:
        """How far below the best float total a bid may still tie or lead once computed exactly."""
        kind = self.kind
        if kind == "weighted":
            size = abs(quality_weight) / 100.0 * largest_quality + abs(price_weight) * self.largest_price_score
        elif kind == "utility" and price_weighs:
            ratio = abs(quality_weight) / (100.0 * price_weight)
            size = self.largest_best_ratio * (1.0 + 2.0 * largest_quality * ratio)
        elif kind == "value":
            size = largest_quality * self.largest_value
        elif kind == "fictional":
            size = self.largest_fictional
        elif kind == "price":
            size = 100.0 * self.largest_price_score
        else:
            size = largest_quality
        return _RANK_STEP + _FLOAT_SLACK * (1.0 + size)


def _near(values: Sequence[float], window: float) -> list[int]:
    """The positions of the values within ``window`` of the largest (all of them if a value is not finite)."""
    floor = max(values) - window
    if not isfinite(floor + sum(values, 0.0)):
        return list(range(len(values)))
    return [index for index, value in enumerate(values) if value >= floor]


# --- tipping points --------------------------------------------------------------------------


class _Parameter(Protocol):
    largest_quality: float  # a bound on |Q| over the parameter's range

    def weights(self, weight: Decimal) -> tuple[Decimal, Decimal]: ...  # WQ, WP

    def quality_f(self, weight: float) -> list[float]: ...

    def quality(self, weight: Decimal, indices: Sequence[int]) -> dict[str, Decimal]: ...

    def lines(self) -> list[tuple[Decimal, Decimal]] | None: ...  # score = a + b · weight, or None


class _GroupWeight:
    """One group weight moved, the others scaled: ``Q(x) = c0 + c1 · x`` for every bid."""

    def __init__(self, model: _Model, index: int, base_quality: dict[str, Decimal]) -> None:
        self.model = model
        self.index = index
        self.others = _HUNDRED - model.group_weights[index]
        base = model.group_weights[index]
        own = [model.group_scores[bid][index] for bid in model.ids]
        rest = [(base_quality[bid] - base * g) / self.others for bid, g in zip(model.ids, own, strict=True)]
        self.c0 = [_HUNDRED * r for r in rest]  # Q at weight 0
        self.c1 = [g - r for g, r in zip(own, rest, strict=True)]  # dQ / dweight
        self.c0_f = [float(c) for c in self.c0]
        self.c1_f = [float(c) for c in self.c1]
        self.largest_quality = max(
            (abs(a) + 100.0 * abs(b) for a, b in zip(self.c0_f, self.c1_f, strict=True)), default=0.0
        )

    def weights(self, weight: Decimal) -> tuple[Decimal, Decimal]:
        return self.model.quality_weight, self.model.price_weight

    def quality_f(self, weight: float) -> list[float]:
        return [a + b * weight for a, b in zip(self.c0_f, self.c1_f, strict=True)]

    def quality(self, weight: Decimal, indices: Sequence[int]) -> dict[str, Decimal]:
        """Exactly as the weights are moved: ``Σ W'_H · g_H`` with ``W'_H = W_H · (100 − x) / (100 − W)``."""
        model = self.model
        scale = (_HUNDRED - weight) / self.others
        weights = [weight if i == self.index else w * scale for i, w in enumerate(model.group_weights)]
        ids = [model.ids[i] for i in indices]
        return {bid: sum((w * g for w, g in zip(weights, model.group_scores[bid], strict=True)), _ZERO) for bid in ids}

    def lines(self) -> list[tuple[Decimal, Decimal]] | None:
        model = self.model
        kind = model.kind
        quality_weight, price_weight = model.quality_weight, model.price_weight
        if kind == "weighted":
            share = quality_weight / _HUNDRED
            return [
                (share * a + price_weight * model.pricing.price_scores[bid], share * b)
                for bid, a, b in zip(model.ids, self.c0, self.c1, strict=True)
            ]
        if kind == "utility":
            if price_weight > _ZERO:
                return None  # Qbest and WQ/WP: not linear
            return list(zip(self.c0, self.c1, strict=True))  # compute_totals ranks on Q
        if kind == "value":
            pricing = model.pricing
            return [
                (a / pricing.prices[bid] * pricing.scale, b / pricing.prices[bid] * pricing.scale)
                for bid, a, b in zip(model.ids, self.c0, self.c1, strict=True)
            ]
        if kind in ("fictional", "price"):
            return [(_ZERO, _ZERO) for _ in model.ids]  # the totals do not depend on the weight
        return list(zip(self.c0, self.c1, strict=True))


class _Split:
    """The quality/price split: ``WQ = y``, ``WP = 100 − y``; every ``Q`` stays."""

    def __init__(self, model: _Model, base_quality: dict[str, Decimal]) -> None:
        self.model = model
        self.base_quality = base_quality
        self.quality_floats = [float(base_quality[bid]) for bid in model.ids]
        self.largest_quality = _largest(self.quality_floats)

    def weights(self, weight: Decimal) -> tuple[Decimal, Decimal]:
        return weight, _HUNDRED - weight

    def quality_f(self, weight: float) -> list[float]:
        return self.quality_floats

    def quality(self, weight: Decimal, indices: Sequence[int]) -> dict[str, Decimal]:
        ids = self.model.ids
        return {ids[i]: self.base_quality[ids[i]] for i in indices}

    def lines(self) -> list[tuple[Decimal, Decimal]] | None:
        model = self.model
        if model.kind == "weighted":  # T = 100 · S + y · (Q / 100 − S)
            scores = model.pricing.price_scores
            return [(_HUNDRED * scores[bid], self.base_quality[bid] / _HUNDRED - scores[bid]) for bid in model.ids]
        if model.kind == "quality":  # utility-index without prices ranks on Q
            return [(self.base_quality[bid], _ZERO) for bid in model.ids]
        return None


def _winner_at(model: _Model, parameter: _Parameter, weight: Decimal) -> str | None:
    """The single winner with the parameter at ``weight`` (None on an unbroken tie), as the engine ranks."""
    quality_weight, price_weight = parameter.weights(weight)
    weighs = price_weight > _ZERO
    quality_weight_f, price_weight_f = float(quality_weight), float(price_weight)
    quality = parameter.quality_f(float(weight))
    utility = model.kind == "utility" and weighs
    best_quality = max(quality) if utility else 0.0
    scores = model.scores(range(len(quality)), quality, quality_weight_f, price_weight_f, weighs, best_quality)
    window = model.window(quality_weight_f, price_weight_f, weighs, parameter.largest_quality)
    near = _near(scores, window)
    if len(near) == 1:
        return model.ids[near[0]]
    if utility:  # the exact Qbest needs every bid that may have it
        near = sorted(set(near).union(_near(quality, window)))
    return model.winner(parameter.quality(weight, near), quality_weight, price_weight)


def _contested(model: _Model, parameter: _Parameter, base: Decimal) -> bool:
    """Whether another bid is within the rounding step of the winner at ``base``.

    Then the tie-break rules, not the totals, may decide all along (two bids whose totals stay
    equal, one ahead on quality): the lines cannot tell where the winner changes.
    """
    quality_weight, price_weight = parameter.weights(base)
    weighs = price_weight > _ZERO
    quality = parameter.quality_f(float(base))
    best_quality = max(quality) if model.kind == "utility" and weighs else 0.0
    weights = float(quality_weight), float(price_weight)
    scores = model.scores(range(len(quality)), quality, *weights, weighs, best_quality)
    return len(_near(scores, model.window(*weights, weighs, parameter.largest_quality))) > 1


def _search(
    base: Decimal, limit: Decimal, winner_at: Callable[[Decimal], str | None], current: str | None
) -> Shift | None:
    """The smallest move from ``base`` towards ``limit`` (on the 0.01 grid) with another winner, by scanning."""
    span = abs(limit - base)
    if span == _ZERO:
        return None
    sign = 1 if limit > base else -1
    steps = int((span / GRID).to_integral_value(rounding=ROUND_CEILING))

    def delta(n: int) -> Decimal:
        return min(n * GRID, span) * sign

    def other(n: int) -> str | None:
        return winner_at(base + delta(n))

    low, high, found = 0, 0, None
    while low < steps:
        high = min(low + _COARSE, steps)
        found = other(high)
        if found != current:
            break
        low = high
    else:
        return None
    while high - low > 1:
        middle = (low + high) // 2
        candidate = other(middle)
        if candidate != current:
            high, found = middle, candidate
        else:
            low = middle
    return Shift(delta(high), base + delta(high), found)


def _first_crossing(lines: Sequence[tuple[Decimal, Decimal]], leader: int, base: Decimal, sign: int) -> Decimal | None:
    """How far from ``base`` (moving by ``sign``) the leader's line first meets another bid's; None if never."""
    lead_0, lead_1 = lines[leader]
    first: Decimal | None = None
    for index, (other_0, other_1) in enumerate(lines):
        if index == leader:
            continue
        slope = lead_1 - other_1  # the leader's lead grows by this per point of weight
        if slope * sign >= _ZERO:
            continue
        distance = ((lead_0 - other_0) + slope * base) / -(slope * sign)
        if first is None or distance < first:
            first = distance
    return first


def _tip(model: _Model, parameter: _Parameter, base: Decimal, limit: Decimal, current: str | None) -> Shift | None:
    """The smallest move from ``base`` towards ``limit`` with another winner (see the module docstring)."""
    span = abs(limit - base)
    if span == _ZERO:
        return None

    def winner_at(weight: Decimal) -> str | None:
        return _winner_at(model, parameter, weight)

    lines = None if current is None or _contested(model, parameter, base) else parameter.lines()
    if lines is None or current is None:
        return _search(base, limit, winner_at, current)
    sign = 1 if limit > base else -1
    steps = int((span / GRID).to_integral_value(rounding=ROUND_CEILING))

    def shift(n: int, found: str | None) -> Shift:
        delta = min(n * GRID, span) * sign
        return Shift(delta, base + delta, found)

    def other(n: int) -> str | None:
        return winner_at(base + min(n * GRID, span) * sign)

    distance = _first_crossing(lines, model.position[current], base, sign)
    if distance is None:
        step = steps
    else:
        step = min(max(int((distance / GRID).to_integral_value(rounding=ROUND_CEILING)), 1), steps)
    found = other(step)
    if found == current:
        if step == steps:
            return None
        found = other(step + 1)  # a tie at the crossing, broken in the winner's favour
        if found != current:
            return shift(step + 1, found)
    elif step == 1 or other(step - 1) == current:
        return shift(step, found)
    return _search(base, limit, winner_at, current)  # a crossing within the rounding of a grid step


def tipping_points(rubric: Rubric, result: EvaluationResult) -> tuple[TippingPoint, ...]:
    """The tipping point of every group weight and of the quality/price split (see the docstring)."""
    with localcontext(DECIMAL_CONTEXT):
        pricing = result.pricing
        if pricing is None or len(result.competition) < 2 or result.note("no-scores") is not None:
            return _no_tipping(rubric, result)
        model = _Model(rubric, result, pricing)
        base_quality = model.quality(model.group_weights, model.group_scores)
        current = model.winner(base_quality, model.quality_weight, model.price_weight)
        points: list[TippingPoint] = []
        for index, group in enumerate(rubric.groups):
            base = model.group_weights[index]
            if _HUNDRED - base <= _ZERO or len(rubric.groups) < 2:
                points.append(TippingPoint(group.id, group.title, base, None, None))
                continue
            moved = _GroupWeight(model, index, base_quality)
            points.append(
                TippingPoint(
                    group.id,
                    group.title,
                    base,
                    _tip(model, moved, base, _HUNDRED, current),
                    _tip(model, moved, base, _ZERO, current),
                )
            )
        if _has_split(result.formula):
            split = _Split(model, base_quality)
            base = model.quality_weight
            points.append(
                TippingPoint(
                    SPLIT,
                    "Quality/price split (quality weight)",
                    base,
                    _tip(model, split, base, _HUNDRED, current),
                    _tip(model, split, base, _ZERO, current),
                )
            )
        return tuple(points)


def _has_split(formula: str) -> bool:
    entry = award_formula(formula)
    return entry is not None and entry.weight_split


def _no_tipping(rubric: Rubric, result: EvaluationResult) -> tuple[TippingPoint, ...]:
    weights = _fractions([group.weight for group in rubric.groups])
    points = [
        TippingPoint(group.id, group.title, _HUNDRED * weight, None, None)
        for group, weight in zip(rubric.groups, weights, strict=True)
    ]
    if _has_split(result.formula):
        points.append(TippingPoint(SPLIT, "Quality/price split (quality weight)", result.quality_weight, None, None))
    return tuple(points)


# --- rank-one probabilities ------------------------------------------------------------------


def rank_one_probabilities(
    rubric: Rubric, result: EvaluationResult, settings: SensitivitySettings | None = None
) -> tuple[RankOneShare, ...]:
    """How often each bid in the competition ranks first when every weight is perturbed."""
    settings = settings or SensitivitySettings()
    with localcontext(DECIMAL_CONTEXT):
        pricing = result.pricing
        if pricing is None or not result.competition or result.note("no-scores") is not None:
            return tuple(RankOneShare(bid.bid, 0, _ZERO) for bid in sorted(result.competition, key=lambda b: b.bid))
        model = _Model(rubric, result, pricing)
        draws = max(settings.draws, 0)
        counts = dict.fromkeys(model.ids, 0)
        if draws:
            _Draws(model, settings).count(draws, counts)
        shares = [
            RankOneShare(bid, count, Decimal(count) / Decimal(draws) if draws else _ZERO)
            for bid, count in counts.items()
        ]
        return tuple(sorted(shares, key=lambda entry: (-entry.count, entry.bid)))


def _max_mean(values: Sequence[float], lows: Sequence[float], highs: Sequence[float]) -> float:
    """The largest ``Σ v_i y_i / Σ y_i`` for ``lows_i ≤ y_i ≤ highs_i`` (all ≥ 0); a zero sum counts 0.

    The weights as fractions of their sum, as :func:`_fractions` makes them. The maximum of this
    linear-fractional function lies at a corner that gives the larger values their highest weights
    and the smaller ones their lowest: the corners of that form are tried from the largest value down.
    """
    numerator = sum(map(mul, values, lows), 0.0)
    denominator = sum(lows, 0.0)
    best = numerator / denominator if denominator > 0.0 else 0.0
    for i in sorted(range(len(values)), key=values.__getitem__, reverse=True):
        step = highs[i] - lows[i]
        numerator += values[i] * step
        denominator += step
        if denominator > 0.0:
            mean = numerator / denominator
            if mean > best:
                best = mean
    return best


class _Draws:
    """The draws of :func:`rank_one_probabilities` (see the module docstring)."""

    def __init__(self, model: _Model, settings: SensitivitySettings) -> None:
        self.model = model
        self.seed = settings.seed
        self.spread = float(settings.perturbation_percent)
        self.both = _has_split(model.formula)
        self.sizes = [len(weights) for weights in model.criterion_weights]
        self.uniforms = len(model.group_weights) + sum(self.sizes) + 2
        self.scores = {  # flat, in rubric order
            bid: [float(n) for group in model.normalised[bid] for n in group] for bid in model.ids
        }
        weights = [*model.group_weights, *(w for group in model.criterion_weights for w in group)]
        self.group_floats = [float(w) for w in model.group_weights]
        self.criterion_floats = [[float(w) for w in group] for group in model.criterion_weights]
        self.quality_float, self.price_float = float(model.quality_weight), float(model.price_weight)
        self.fast = (
            abs(self.spread) <= 100.0
            and all(weight >= _ZERO for weight in weights)
            and model.quality_weight >= _ZERO
            and model.price_weight >= _ZERO
        )

    def count(self, draws: int, counts: dict[str, int]) -> None:
        if self.fast:
            self._count_fast(draws, counts)
        else:
            rng = random.Random(self.seed)
            low, high = -self.spread, self.spread
            everyone = range(len(self.model.ids))
            for _ in range(draws):
                for bid in self._exact([rng.uniform(low, high) for _ in range(self.uniforms)], everyone):
                    counts[bid] += 1

    def _weights(self, draw: Sequence[float]) -> tuple[list[float], float, float, bool]:
        """One draw's weights in floats: ``W_c = 100 · gf · cf`` per criterion (rubric order), WQ, WP, WP > 0."""
        groups = len(self.group_floats)
        raw = [w * (100.0 + u) for w, u in zip(self.group_floats, draw[:groups], strict=True)]
        total = sum(raw, 0.0)
        if total > 0.0:
            weights: list[float] = []
            start = groups
            for share, group in zip(raw, self.criterion_floats, strict=True):
                size = len(group)
                part = [w * (100.0 + u) for w, u in zip(group, draw[start : start + size], strict=True)]
                start += size
                subtotal = sum(part, 0.0)
                if subtotal > 0.0:
                    factor = 100.0 * share / (total * subtotal)
                    weights.extend([factor * p for p in part])
                else:
                    weights.extend([0.0] * size)
        else:
            weights = [0.0] * (self.uniforms - groups - 2)
        if not self.both:
            return weights, self.quality_float, self.price_float, self.model.price_weight > _ZERO
        quality_part = self.quality_float * (100.0 + draw[-2])
        price_part = self.price_float * (100.0 + draw[-1])
        both = quality_part + price_part
        if both > 0.0:
            return weights, 100.0 * quality_part / both, 100.0 * price_part / both, price_part > 0.0
        return weights, 0.0, 0.0, False

    def _exact(self, draw: Sequence[float], indices: Sequence[int]) -> list[str]:
        """The winners of one draw, in Decimal, among the bids at ``indices`` (as the draws always were)."""
        model = self.model
        position = 0

        def perturbed(weights: Sequence[Decimal]) -> list[Decimal]:
            nonlocal position
            values = draw[position : position + len(weights)]
            position += len(weights)
            return [w * (_ONE + Decimal(u) / _HUNDRED) for w, u in zip(weights, values, strict=True)]

        group_fractions = _fractions(perturbed(model.group_weights))
        criterion_fractions = [_fractions(perturbed(weights)) for weights in model.criterion_weights]
        quality_weight, price_weight = perturbed([model.quality_weight, model.price_weight])
        if self.both:
            quality_weight, price_weight = (_HUNDRED * f for f in _fractions([quality_weight, price_weight]))
        else:
            quality_weight, price_weight = model.quality_weight, model.price_weight
        quality = {
            bid: _HUNDRED
            * sum(
                (
                    gf * sum((cf * n for cf, n in zip(fractions, scores, strict=True)), _ZERO)
                    for gf, fractions, scores in zip(
                        group_fractions, criterion_fractions, model.normalised[bid], strict=True
                    )
                ),
                _ZERO,
            )
            for bid in (model.ids[i] for i in indices)
        }
        return model.winners(quality, quality_weight, price_weight)

    def _largest_quality(self) -> float:
        return 100.0 * max((_largest(scores) for scores in self.scores.values()), default=0.0)

    def _contenders(self) -> tuple[list[int], list[int]]:
        """The bids that may rank first in some draw, and (utility-index) those that may have ``Qbest``.

        A bid is left out when, over the whole box of weights, its total stays more than the
        rounding step (plus the float slack) below the leader's at the published weights.
        """
        model = self.model
        everyone = list(range(len(model.ids)))
        x = abs(self.spread) / 100.0
        kind = model.kind
        if len(everyone) < 2 or (kind == "utility" and model.price_weight > _ZERO and x >= 1.0):
            return everyone, everyone
        group_lows = [w * (1.0 - x) for w in self.group_floats]
        group_highs = [w * (1.0 + x) for w in self.group_floats]
        lows = [[w * (1.0 - x) for w in group] for group in self.criterion_floats]
        highs = [[w * (1.0 + x) for w in group] for group in self.criterion_floats]
        sizes = self.sizes

        def extreme(values: list[float]) -> float:
            """The largest ``Σ_c W_c · values_c`` (``W_c = 100 · gf · cf``) over the box."""
            means = []
            start = 0
            for size, low, high in zip(sizes, lows, highs, strict=True):
                means.append(_max_mean(values[start : start + size], low, high))
                start += size
            return 100.0 * _max_mean(means, group_lows, group_highs)

        def split(quality: float, price: float) -> tuple[float, float]:
            total = quality + price
            return (100.0 * quality / total, 100.0 * price / total) if total > 0.0 else (0.0, 0.0)

        quality_weight, price_weight = self.quality_float, self.price_float
        if self.both:
            corners = [
                split(quality_weight * (1.0 - x), price_weight * (1.0 + x)),
                split(quality_weight * (1.0 + x), price_weight * (1.0 - x)),
            ]
            if x >= 1.0:
                corners.append((0.0, 0.0))
        else:
            corners = [(quality_weight, price_weight)]
        weighs = model.price_weight > _ZERO
        largest_quality = self._largest_quality()
        # the leader at the published weights
        weights, *base_weights = self._weights([0.0] * self.uniforms)
        scores = [self.scores[bid] for bid in model.ids]
        quality = [sum(map(mul, weights, row), 0.0) for row in scores]
        base = model.scores(everyone, quality, base_weights[0], base_weights[1], weighs, max(quality))
        leader = max(everyone, key=base.__getitem__)
        mine = scores[leader]
        if kind in ("fictional", "price"):
            window = model.window(100.0, 100.0, weighs, largest_quality)
            bounds = [value - base[leader] for value in base]
            best_quality: list[int] = []
        elif kind == "weighted":
            window = model.window(100.0, 100.0, weighs, largest_quality)
            bounds = []
            for index, row in enumerate(scores):
                gain = extreme([a - b for a, b in zip(row, mine, strict=True)])
                edge = model.price_score_f[index] - model.price_score_f[leader]
                bounds.append(max(wq / 100.0 * gain + wp * edge for wq, wp in corners))
            best_quality = []
        elif kind == "utility" and weighs:
            if self.both:
                ratios = [
                    quality_weight * (1.0 - x) / (100.0 * price_weight * (1.0 + x)),
                    quality_weight * (1.0 + x) / (100.0 * price_weight * (1.0 - x)),
                ]
            else:
                ratios = [quality_weight / (100.0 * price_weight)]
            window = _RANK_STEP + _FLOAT_SLACK * (
                1.0 + model.largest_best_ratio * (1.0 + 2.0 * largest_quality * max(ratios))
            )
            highest = [extreme(row) for row in scores]
            lowest = [-extreme([-a for a in row]) for row in scores]
            best_lows, best_highs = max(lowest), max(highest)
            best_quality = [index for index, value in enumerate(highest) if value >= best_lows - window]
            factors = model.best_ratio_f
            bounds = []
            for index, row in enumerate(scores):
                own, other = factors[index], factors[leader]
                gain = extreme([own * a - other * b for a, b in zip(row, mine, strict=True)])
                bounds.append(
                    max(
                        (own - other) * (1.0 - ratio * best) + ratio * gain
                        for ratio in ratios
                        for best in (best_lows, best_highs)
                    )
                )
        elif kind == "value":
            window = model.window(100.0, 100.0, weighs, largest_quality)
            values = model.value_f
            bounds = [
                extreme([values[index] * a - values[leader] * b for a, b in zip(row, mine, strict=True)])
                for index, row in enumerate(scores)
            ]
            best_quality = []
        else:
            window = model.window(100.0, 100.0, weighs, largest_quality)
            bounds = [extreme([a - b for a, b in zip(row, mine, strict=True)]) for row in scores]
            best_quality = []
        contenders = [index for index, bound in enumerate(bounds) if not bound < -window or index == leader]
        return contenders, best_quality

    def _count_fast(self, draws: int, counts: dict[str, int]) -> None:
        model = self.model
        contenders, best_quality = self._contenders()
        if len(contenders) == 1:
            counts[model.ids[contenders[0]]] += draws
            return
        rng = random.Random(self.seed)
        draw = rng.random
        low = -self.spread
        width = self.spread - low  # rng.uniform(low, spread) is low + width · random()
        uniforms = range(self.uniforms)
        utility = model.kind == "utility"
        listed = set(contenders)
        needed = contenders + [index for index in best_quality if index not in listed]
        rows = [self.scores[model.ids[index]] for index in needed]
        extra = len(contenders)
        where = {index: place for place, index in enumerate(needed)}
        best_places = [where[index] for index in best_quality]
        largest_quality = self._largest_quality()
        ids = model.ids
        for _ in range(draws):
            us = [low + width * draw() for _ in uniforms]
            weights, wq, wp, weighs = self._weights(us)
            quality = [sum(map(mul, weights, row), 0.0) for row in rows]
            best = max(quality[place] for place in best_places) if best_places else 0.0
            scores = model.scores(contenders, quality[:extra], wq, wp, weighs, best)
            window = model.window(wq, wp, weighs, largest_quality)
            near = _near(scores, window)
            if len(near) == 1:
                counts[ids[contenders[near[0]]]] += 1
                continue
            chosen = {contenders[place] for place in near}
            if utility and weighs:
                floor = best - window
                chosen.update(needed[place] for place in best_places if quality[place] >= floor)
            for bid in self._exact(us, sorted(chosen)):
                counts[bid] += 1


def analyse(rubric: Rubric, evaluation: EvaluationFile, result: EvaluationResult | None = None) -> SensitivityResult:
    """Both analyses, with the evaluation file's sensitivity settings (seed, draws, ±X %)."""
    if result is None:
        result = evaluate(rubric, evaluation)
    settings = evaluation.sensitivity
    notes: list[str] = []
    if result.note("no-scores") is not None:
        notes.append("No scores yet: there is no winner whose sensitivity could be analysed.")
    elif len(result.competition) < 2:
        notes.append("Fewer than two bids are in the competition: no weight can change the winner.")
    return SensitivityResult(
        winner=result.winner,
        tipping_points=tipping_points(rubric, result),
        rank_one=rank_one_probabilities(rubric, result, settings),
        draws=settings.draws,
        seed=settings.seed,
        perturbation_percent=settings.perturbation_percent,
        notes=tuple(notes),
    )
