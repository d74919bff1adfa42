"""The rubric model: gates, weighted groups of scored criteria, price basis and award formula.

See ``docs/evaluation.md`` for the file format and the arithmetic. Loading and validation live in
:mod:`.load`; this module only holds the typed, immutable model the engine and the
exporters share.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .award_formulas import FORMULA_IDS, REGISTRY

__all__ = [
    "is_whole",
    "on_scale",
    "DEFAULT_MODERATION_SPREAD",
    "FORMULAS",
    "WEIGHTED_FORMULAS",
    "ScaleLevel",
    "References",
    "Gate",
    "Criterion",
    "Group",
    "PriceBasis",
    "Award",
    "Rubric",
]

FORMULAS = FORMULA_IDS


def is_whole(score: Decimal) -> bool:
    """A finite whole number (4.0 counts as 4): the first half of the scale rule."""
    return score.is_finite() and score == score.to_integral_value()


def on_scale(score: Decimal, levels: Iterable[int]) -> bool:
    """The scale rule, one place for the scoresheet import and the app: a score is a whole number
    that is one of the scale's levels."""
    return is_whole(score) and int(score) in set(levels)


# Scores this far apart need a consensus, unless the rubric says otherwise.
DEFAULT_MODERATION_SPREAD = Decimal(2)
# Formulas whose total is WQ·Q/100 + WP·S.
WEIGHTED_FORMULAS = tuple(formula.id for formula in REGISTRY.values() if formula.weighted)


@dataclass(frozen=True)
class ScaleLevel:
    score: int
    label: str
    descriptor: str


@dataclass(frozen=True)
class References:
    guidelines: tuple[str, ...] = ()
    clauses: tuple[str, ...] = ()


@dataclass(frozen=True)
class Gate:
    id: str
    title: str
    description: str = ""
    references: References = References()


@dataclass(frozen=True)
class Criterion:
    id: str
    title: str
    weight: Decimal  # share of its group, in percent
    minimum: Decimal | None = None  # a lower score excludes the bid
    references: References = References()
    guidance: str = ""
    value_per_level: Decimal | None = None  # award-on-value: money per scale point


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    weight: Decimal  # share of the quality score, in percent
    criteria: tuple[Criterion, ...]
    minimum: Decimal | None = None  # percent of the group's maximum; below it excludes the bid
    references: References = References()


@dataclass(frozen=True)
class PriceBasis:
    basis: str = "lifecycle"  # lifecycle | capex
    discount_rate: Decimal | None = None  # percent a year


@dataclass(frozen=True)
class Award:
    formula: str
    quality_weight: Decimal
    price_weight: Decimal
    parameters: tuple[tuple[str, Decimal], ...] = ()

    def parameter(self, name: str, default: Decimal | None = None) -> Decimal | None:
        return dict(self.parameters).get(name, default)


@dataclass(frozen=True)
class Rubric:
    id: str
    title: str
    version: str
    description: str
    scale: tuple[ScaleLevel, ...]
    gates: tuple[Gate, ...]
    groups: tuple[Group, ...]
    price: PriceBasis
    award: Award
    references: References = References()
    aggregation: str = "mean"  # mean | median
    justification_required: bool = True
    moderation_spread: Decimal = DEFAULT_MODERATION_SPREAD
    abnormally_low_percent: Decimal | None = Decimal(80)
    tie_break: tuple[str, ...] = ("quality", "price")
    path: Path | None = field(default=None, compare=False)

    @property
    def scale_max(self) -> int:
        return max(level.score for level in self.scale)

    @property
    def scale_min(self) -> int:
        return min(level.score for level in self.scale)

    def criteria(self) -> Iterator[tuple[Group, Criterion]]:
        for group in self.groups:
            for criterion in group.criteria:
                yield group, criterion

    def criterion(self, criterion_id: str) -> Criterion | None:
        return next((c for _, c in self.criteria() if c.id == criterion_id), None)

    def level(self, score: int) -> ScaleLevel | None:
        return next((level for level in self.scale if level.score == score), None)
