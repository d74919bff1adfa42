"""Sensitivity of the winner to the weights: tipping points and rank-one probabilities.

Both analyses recompute only the totals, from the normalised criterion scores ``a(c,b)/M`` cached
in the :class:`~.evaluation.EvaluationResult`, with the same total and ranking code as the engine
(:func:`~.evaluation.compute_totals`, :func:`~.evaluation.rank_bids`: totals rounded to 6 decimals,
then the rubric's tie-break rules). The competition is the one of the evaluation: the bids it
excluded stay excluded (a minimum is about the published weights, not about a what-if), and the
price scores stay what the prices make them.

Tipping points
    For each quality group, the group's weight ``W`` (percentage points of the quality score) is
    moved to ``W + Δ`` and the other groups' weights are scaled in proportion so that the sum stays
    100 (``W'_H = W_H · (100 − W − Δ) / (100 − W)``); for the quality/price split, ``WQ`` moves to
    ``WQ + Δ`` and ``WP`` to ``100 − WQ − Δ``. ``Δ`` runs over the feasible range (every weight from 0
    to 100) in both directions: a scan in steps of 0.25 points finds the first step with another
    winner, and bisection on the 0.01-point grid refines it, so the reported change is the smallest
    multiple of 0.01 points (or the end of the range) that gives another winner. With the weighted
    formulas, ``quality-only`` and ``value-for-money`` every total is linear in ``Δ``, so the winner's
    range of ``Δ`` is one interval and the scan cannot step over a change. ``None`` means no change
    within the range gives another winner; "another winner" includes none at all (an unbroken tie
    for rank 1). The split is analysed only for the formulas that weigh both quality and price
    (``relative-lowest``, ``linear``, ``log``, ``utility-index``).

Rank-one probabilities
    In each draw every weight — each group weight, each criterion weight and, for the formulas
    that weigh both, the quality and price weights — is multiplied by ``1 + u``, ``u`` uniform in
    ``±X %`` (drawn from ``random.Random(seed)`` in rubric order: groups, criteria, quality, price),
    and the siblings are used as fractions of their new sum. The share of draws in which each bid
    ranks first is reported; bids sharing rank 1 in a draw each count it, so the shares can add up
    to a little more than 1. The same seed always gives the same numbers.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal, localcontext

from .evaluation import (
    EvaluationResult,
    Pricing,
    RankEntry,
    compute_totals,
    evaluate,
    rank_bids,
)
from .evaluation_file import EvaluationFile, SensitivitySettings
from .formulas import DECIMAL_CONTEXT, rank_key
from .rubric import Rubric

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


class _Model:
    """The competition of one evaluation, reduced to what the totals need."""

    def __init__(self, rubric: Rubric, result: EvaluationResult, pricing: Pricing) -> None:
        self.rubric = rubric
        self.pricing = pricing
        self.formula = result.formula
        self.lowest_wins = result.lowest_wins
        self.tie_break = rubric.tie_break
        self.bids = sorted(result.competition, key=lambda bid: bid.bid)
        self.ids = [bid.bid for bid in self.bids]
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

    def quality(self, group_weights: Sequence[Decimal], group_scores: dict[str, list[Decimal]]) -> dict[str, Decimal]:
        """``Q`` of every bid for group weights in percent that sum to 100."""
        return {
            bid: sum((w * g for w, g in zip(group_weights, scores, strict=True)), _ZERO)
            for bid, scores in group_scores.items()
        }

    def winners(self, quality: dict[str, Decimal], quality_weight: Decimal, price_weight: Decimal) -> list[str]:
        """The bids that rank first with these quality scores and weights."""
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


# --- tipping points --------------------------------------------------------------------------


def _search(
    base: Decimal, limit: Decimal, winner_at: Callable[[Decimal], str | None], current: str | None
) -> Shift | None:
    """The smallest move from ``base`` towards ``limit`` (on the 0.01 grid) with another winner."""
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


def tipping_points(rubric: Rubric, result: EvaluationResult) -> tuple[TippingPoint, ...]:
    """The tipping point of every group weight and of the quality/price split (see the docstring)."""
    with localcontext(DECIMAL_CONTEXT):
        pricing = result.pricing
        if pricing is None or len(result.competition) < 2 or result.note("no-scores") is not None:
            return _no_tipping(rubric, result)
        model = _Model(rubric, result, pricing)
        current = model.winner(
            model.quality(model.group_weights, model.group_scores), model.quality_weight, model.price_weight
        )
        points: list[TippingPoint] = []
        for index, group in enumerate(rubric.groups):
            base = model.group_weights[index]
            others = _HUNDRED - base
            if others <= _ZERO or len(rubric.groups) < 2:
                points.append(TippingPoint(group.id, group.title, base, None, None))
                continue

            def winner_at(
                weight: Decimal, index: int = index, base: Decimal = base, others: Decimal = others
            ) -> str | None:
                scale = (_HUNDRED - weight) / others
                weights = [weight if i == index else w * scale for i, w in enumerate(model.group_weights)]
                return model.winner(
                    model.quality(weights, model.group_scores), model.quality_weight, model.price_weight
                )

            points.append(
                TippingPoint(
                    group.id,
                    group.title,
                    base,
                    _search(base, _HUNDRED, winner_at, current),
                    _search(base, _ZERO, winner_at, current),
                )
            )
        if _has_split(result.formula):
            quality = model.quality(model.group_weights, model.group_scores)

            def split_at(weight: Decimal) -> str | None:
                return model.winner(quality, weight, _HUNDRED - weight)

            base = model.quality_weight
            points.append(
                TippingPoint(
                    SPLIT,
                    "Quality/price split (quality weight)",
                    base,
                    _search(base, _HUNDRED, split_at, current),
                    _search(base, _ZERO, split_at, current),
                )
            )
        return tuple(points)


def _has_split(formula: str) -> bool:
    return formula in ("relative-lowest", "linear", "log", "utility-index")


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
        rng = random.Random(settings.seed)
        spread = float(settings.perturbation_percent)
        draws = max(settings.draws, 0)
        counts = dict.fromkeys(model.ids, 0)
        both = _has_split(result.formula)

        def perturbed(weights: Sequence[Decimal]) -> list[Decimal]:
            return [w * (_ONE + Decimal(rng.uniform(-spread, spread)) / _HUNDRED) for w in weights]

        for _ in range(draws):
            group_fractions = _fractions(perturbed(model.group_weights))
            criterion_fractions = [_fractions(perturbed(weights)) for weights in model.criterion_weights]
            quality_weight, price_weight = perturbed([model.quality_weight, model.price_weight])
            if both:
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
                for bid in model.ids
            }
            for bid in model.winners(quality, quality_weight, price_weight):
                counts[bid] += 1
        shares = [
            RankOneShare(bid, count, Decimal(count) / Decimal(draws) if draws else _ZERO)
            for bid, count in counts.items()
        ]
        return tuple(sorted(shares, key=lambda entry: (-entry.count, entry.bid)))


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
