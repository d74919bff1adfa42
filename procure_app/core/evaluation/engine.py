"""The evaluation engine: gates, scores, totals, ranking and flags of ``docs/evaluation.md``.

:func:`evaluate` is pure and deterministic: the same rubric and evaluation file always give the
same :class:`EvaluationResult`, whatever the order of the bids in the file. Every number of the
result is an unrounded :class:`~decimal.Decimal`; display code rounds with :func:`rounded` (half
away from zero, as a spreadsheet's ``ROUND``). The engine never raises on user data: the loader
(:mod:`.evaluation_file`) rejects bad input, and the engine still copes with what it could not
reject (no bids, no scores, a bid without a price).

Decisions (where ``docs/evaluation.md`` leaves room)
    * **Weights** are used as fractions of their siblings' sum, so a rubric whose weights do not
      sum to 100 (built in code, or ``weights: normalise``) is scaled, and scaling every weight by
      one constant changes nothing. ``quality_weight``/``price_weight`` are scaled to sum to 100
      the same way (the result's ``quality_weight``/``price_weight`` are the scaled ones).
    * **Individual scores**: a score by an evaluator who declared a conflict on the bid, or for a
      bid, criterion or evaluator the file does not have, is ignored (the loader reports them).
    * **Unscored criteria** (no score and no consensus) count 0 in the group and quality scores,
      but a criterion minimum applies only to a scored criterion, and a group minimum only to a
      group whose criteria are all scored. The result is then *provisional* (note
      ``incomplete-scores``). When nothing at all is scored and the formula uses quality (every
      formula but ``price-only``), no bid is ranked and no winner named (note ``no-scores``).
    * **Gates not yet assessed** keep the bid in the competition; the result is provisional (note
      ``gates-pending``). A failed gate excludes the bid.
    * **Minimums** are compared on values rounded to 6 decimals, like the totals: a criterion
      score below the criterion's ``minimum``, or ``100 · g`` below the group's ``minimum`` (a
      percentage of the group's maximum), excludes the bid.
    * **Prices**: a bid without a price sheet, or whose price is 0 or less, has no valid price and
      is excluded by every formula but ``quality-only``. ``Pbest``, ``Pmin``, ``Pmax``, ``Qbest`` and
      the mean price of the abnormally-low flag are taken over the bids in the competition.
      An excluded bid keeps its quality score and price for the record, but has no price score,
      total or rank.
    * **Abnormally low**: ``P < abnormally_low_percent / 100 · mean P``, compared exactly.
    * **Ranking**: totals rounded to 6 decimals (half up) decide; the highest wins, the lowest
      for ``award-on-value``. Equal totals go through the rubric's ``tie_break`` rules in order:
      ``quality`` (higher Q rounded to 6 decimals first), ``price`` (lower P rounded to 6 decimals
      first), ``submission`` (earlier first; applied only when every tied bid has a submission
      time). Bids still tied share a rank (1, 2, 2, 4); when they share rank 1 no winner is named
      (note ``tie-unbroken``): the buyer must settle it as the tender documents say.
    * **Degenerate formulas** the rubric loader refuses (``log`` without ``zero_ratio`` > 1,
      ``utility-index`` with ``price_weight`` 0) still do not fail: ``log`` takes its limit (S = 1 at
      the best price, 0 above it), ``utility-index`` ranks on quality; note ``formula-fallback``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, localcontext

from ..rubric.award_formulas import REGISTRY, BidTotalInputs, award_formula
from ..rubric.formulas import (
    DECIMAL_CONTEXT,
    DEFAULT_VFM_SCALE,
    aggregate,
    award_on_value_total,
    lifecycle_cost,
    needs_moderation,
    rank_key,
    rounded,
    spread,
)
from ..rubric.model import Rubric
from .evaluation_file import Bid, EvaluationFile

__all__ = [
    "GATE_PASS",
    "GATE_FAIL",
    "GATE_NOT_ASSESSED",
    "NOTE_CODES",
    "GateOutcome",
    "IndividualScore",
    "CriterionResult",
    "GroupResult",
    "Exclusion",
    "BidResult",
    "TieBreak",
    "OutcomeNote",
    "EvaluationResult",
    "RankEntry",
    "Pricing",
    "evaluate",
    "rank_bids",
    "compute_totals",
    "uses_quality",
    "uses_price",
    "rounded",
]

GATE_PASS, GATE_FAIL, GATE_NOT_ASSESSED = "pass", "fail", "not-assessed"
NOTE_CODES = (
    "no-bids",
    "all-excluded",
    "one-bid",
    "no-scores",
    "all-prices-equal",
    "tie-unbroken",
    "incomplete-scores",
    "gates-pending",
    "formula-fallback",
)

_ZERO = Decimal(0)
_ONE = Decimal(1)
_HUNDRED = Decimal(100)


# --- the result model -------------------------------------------------------------------------


@dataclass(frozen=True)
class GateOutcome:
    gate: str
    title: str
    result: str  # pass | fail | not-assessed
    reason: str = ""


@dataclass(frozen=True)
class IndividualScore:
    evaluator: str
    score: Decimal
    justification: str = ""


@dataclass(frozen=True)
class CriterionResult:
    criterion: str
    group: str
    weight: Decimal  # the criterion's share of its group, as a fraction (0–1)
    scores: tuple[IndividualScore, ...]  # in the order of the file's evaluators
    aggregate: Decimal | None  # mean (or median) of the individual scores
    consensus: Decimal | None  # the moderated score, when the panel set one
    consensus_reason: str
    score: Decimal | None  # a(c,b): the consensus, else the aggregate; None when not scored
    normalised: Decimal | None  # a(c,b) / M, from 0 to 1
    spread: Decimal | None  # max − min of the individual scores
    needs_moderation: bool  # spread ≥ moderation_spread and no consensus yet
    below_minimum: bool

    @property
    def has_consensus(self) -> bool:
        return self.consensus is not None

    @property
    def scored(self) -> bool:
        return self.score is not None


@dataclass(frozen=True)
class GroupResult:
    group: str
    weight: Decimal  # the group's share of the quality score, as a fraction (0–1)
    score: Decimal  # g(G,b), from 0 to 1
    complete: bool  # every criterion of the group is scored
    below_minimum: bool


@dataclass(frozen=True)
class Exclusion:
    kind: str  # gate | criterion-minimum | group-minimum | no-price
    subject: str | None  # the gate, criterion or group id
    message: str


@dataclass(frozen=True)
class BidResult:
    bid: str
    bidder: str
    sme: bool
    submitted: datetime | None
    gates: tuple[GateOutcome, ...]
    criteria: tuple[CriterionResult, ...]
    groups: tuple[GroupResult, ...]
    quality: Decimal  # Q, from 0 to 100
    price: Decimal | None  # P, None without a valid price sheet
    price_score: Decimal | None  # S (formulas with a price score, bids in the competition)
    total: Decimal | None  # T (bids in the competition)
    rank: int | None  # None when excluded or when nothing is ranked
    exclusions: tuple[Exclusion, ...]
    abnormally_low: bool
    complete: bool  # every criterion scored
    gates_pending: bool  # some gate not yet assessed

    @property
    def excluded(self) -> bool:
        return bool(self.exclusions)

    @property
    def in_competition(self) -> bool:
        return not self.exclusions

    def criterion(self, criterion_id: str) -> CriterionResult | None:
        return next((c for c in self.criteria if c.criterion == criterion_id), None)

    def group(self, group_id: str) -> GroupResult | None:
        return next((g for g in self.groups if g.group == group_id), None)

    def gate(self, gate_id: str) -> GateOutcome | None:
        return next((g for g in self.gates if g.gate == gate_id), None)


@dataclass(frozen=True)
class TieBreak:
    rule: str  # quality | price | submission
    rank: int  # the first rank the tied bids compete for
    bids: tuple[str, ...]  # the tied bids, in the order the rule put them
    message: str


@dataclass(frozen=True)
class OutcomeNote:
    code: str  # one of NOTE_CODES
    message: str


@dataclass(frozen=True)
class EvaluationResult:
    formula: str
    lowest_wins: bool  # award-on-value: the lowest total ranks first
    quality_weight: Decimal  # WQ as used (scaled so that WQ + WP = 100)
    price_weight: Decimal
    scale_max: int
    bids: tuple[BidResult, ...]  # in the order of the file
    ranking: tuple[str, ...]  # ranked bids, best first (bids sharing a rank by id)
    winner: str | None
    tie_breaks: tuple[TieBreak, ...]
    notes: tuple[OutcomeNote, ...]
    provisional: bool  # gates not yet assessed or criteria not yet scored in the competition
    best_price: Decimal | None  # Pbest = Pmin
    highest_price: Decimal | None  # Pmax
    best_quality: Decimal | None  # Qbest
    mean_price: Decimal | None  # mean valid price (bids in the competition)
    abnormally_low_threshold: Decimal | None
    pricing: Pricing | None = field(default=None, compare=False, repr=False)

    def bid(self, bid_id: str) -> BidResult | None:
        return next((bid for bid in self.bids if bid.bid == bid_id), None)

    def note(self, code: str) -> OutcomeNote | None:
        return next((note for note in self.notes if note.code == code), None)

    @property
    def competition(self) -> tuple[BidResult, ...]:
        return tuple(bid for bid in self.bids if bid.in_competition)


# --- totals and ranking (shared with the sensitivity analysis) --------------------------------


def uses_quality(formula: str) -> bool:
    entry = award_formula(formula)
    return entry.uses_quality if entry is not None else True


def uses_price(formula: str) -> bool:
    entry = award_formula(formula)
    return entry.uses_price if entry is not None else True


def ranks_lowest_first(formula: str) -> bool:
    """The formula's totals are fictional prices: the lowest wins."""
    entry = award_formula(formula)
    return entry is not None and entry.lowest_wins


@dataclass(frozen=True, eq=False)
class Pricing:
    """What the totals need besides the quality scores; fixed for one competition."""

    formula: str
    prices: Mapping[str, Decimal]  # P of the bids in the competition that have one
    price_scores: Mapping[str, Decimal]  # S, for the formulas that have one
    fictional_prices: Mapping[str, Decimal]  # award-on-value totals (independent of the weights)
    best_price: Decimal | None
    scale: Decimal  # value-for-money's X
    fallback: str | None  # why a degenerate formula was replaced (see the module docstring)


def compute_totals(
    pricing: Pricing, quality: Mapping[str, Decimal], quality_weight: Decimal, price_weight: Decimal
) -> dict[str, Decimal]:
    """The total ``T`` of every bid of ``quality`` (the bids in the competition) by the formula."""
    entry = award_formula(pricing.formula) or REGISTRY["quality-only"]  # an unknown one ranks on quality
    best_quality = max(quality.values(), default=_ZERO)
    with localcontext(DECIMAL_CONTEXT):
        return {
            bid: entry.total_of(
                BidTotalInputs(
                    quality=q,
                    best_quality=best_quality,
                    price=pricing.prices.get(bid),
                    best_price=pricing.best_price,
                    price_score=pricing.price_scores.get(bid),
                    fictional_price=pricing.fictional_prices.get(bid),
                    quality_weight=quality_weight,
                    price_weight=price_weight,
                    scale=pricing.scale,
                )
            )
            for bid, q in quality.items()
        }


@dataclass(frozen=True)
class RankEntry:
    bid: str
    total: Decimal
    quality: Decimal
    price: Decimal | None
    submitted: datetime | None


_TIE_WORDS = {
    "quality": "the higher quality score",
    "price": "the lower price",
    "submission": "the earlier submission",
}


def _tie_key(rule: str, entry: RankEntry) -> object | None:
    if rule == "quality":
        return -rank_key(entry.quality)
    if rule == "price":
        return None if entry.price is None else rank_key(entry.price)
    if rule == "submission":
        return entry.submitted
    return None


def rank_bids(
    entries: Sequence[RankEntry], *, lowest_wins: bool, tie_break: Sequence[str]
) -> tuple[dict[str, int], list[TieBreak]]:
    """Rank by total rounded to 6 decimals, then by the tie-break rules; ties left share a rank.

    Returns each bid's rank and the tie-breaks applied. Independent of the order of ``entries``.
    """
    with localcontext(DECIMAL_CONTEXT):
        keyed = sorted(
            ((rank_key(e.total) * (1 if lowest_wins else -1), e.bid, e) for e in entries), key=lambda t: t[:2]
        )
        ranks: dict[str, int] = {}
        breaks: list[TieBreak] = []
        position = 1
        index = 0
        while index < len(keyed):
            end = index
            while end < len(keyed) and keyed[end][0] == keyed[index][0]:
                end += 1
            group = [item[2] for item in keyed[index:end]]
            for part in _split(group, tuple(tie_break), position, breaks):
                for entry in part:
                    ranks[entry.bid] = position
                position += len(part)
            index = end
        return ranks, breaks


def _split(group: list[RankEntry], rules: tuple[str, ...], rank: int, breaks: list[TieBreak]) -> list[list[RankEntry]]:
    if len(group) < 2 or not rules:
        return [sorted(group, key=lambda e: e.bid)]
    rule, rest = rules[0], rules[1:]
    keys = [_tie_key(rule, entry) for entry in group]
    if any(key is None for key in keys):
        return _split(group, rest, rank, breaks)
    distinct = sorted(set(keys))  # type: ignore[type-var]
    if len(distinct) == 1:
        return _split(group, rest, rank, breaks)
    parts = [sorted((e for e, k in zip(group, keys, strict=True) if k == key), key=lambda e: e.bid) for key in distinct]
    ordered = tuple(entry.bid for part in parts for entry in part)
    tied = ", ".join(sorted(entry.bid for entry in group))
    breaks.append(
        TieBreak(
            rule,
            rank,
            ordered,
            f"{tied} have the same total (rounded to 6 decimals); the tie for rank {rank} is broken by "
            f"{_TIE_WORDS.get(rule, rule)}: {', '.join(ordered)}",
        )
    )
    result: list[list[RankEntry]] = []
    position = rank
    for part in parts:
        for piece in _split(part, rest, position, breaks):
            result.append(piece)
            position += len(piece)
    return result


# --- the engine -------------------------------------------------------------------------------


def _fractions(weights: Sequence[Decimal]) -> list[Decimal]:
    total = sum(weights, _ZERO)
    if total <= _ZERO:
        return [_ZERO for _ in weights]
    return [weight / total for weight in weights]


def _split_weights(rubric: Rubric) -> tuple[Decimal, Decimal]:
    quality, price = rubric.award.quality_weight, rubric.award.price_weight
    total = quality + price
    if total <= _ZERO:
        return _ZERO, _ZERO
    return _HUNDRED * quality / total, _HUNDRED * price / total


def _valid_price(bid: Bid, rubric: Rubric) -> Decimal | None:
    sheet = bid.price
    if sheet is None:
        return None
    if min(sheet.capex, sheet.opex_per_year, sheet.maintenance_per_year) < _ZERO:
        return None
    try:
        price = lifecycle_cost(sheet, rubric.price.basis, rubric.price.discount_rate)
    except ValueError:
        return None
    return price if price > _ZERO else None


@dataclass
class _Draft:
    """A bid's result while it is being worked out."""

    bid: Bid
    gates: tuple[GateOutcome, ...]
    criteria: tuple[CriterionResult, ...]
    groups: tuple[GroupResult, ...]
    quality: Decimal
    price: Decimal | None
    exclusions: list[Exclusion]

    @property
    def complete(self) -> bool:
        return all(c.scored for c in self.criteria)

    @property
    def gates_pending(self) -> bool:
        return any(g.result == GATE_NOT_ASSESSED for g in self.gates)


def evaluate(rubric: Rubric, evaluation: EvaluationFile) -> EvaluationResult:
    """Compute gates, scores, totals, ranks, flags and outcome notes (see the module docstring)."""
    with localcontext(DECIMAL_CONTEXT):
        return _Engine(rubric, evaluation).run()


class _Engine:
    def __init__(self, rubric: Rubric, evaluation: EvaluationFile) -> None:
        self.rubric = rubric
        self.evaluation = evaluation
        self.formula = rubric.award.formula
        self.scale_max = max((level.score for level in rubric.scale), default=0)
        self.group_fractions = _fractions([group.weight for group in rubric.groups])
        self.criterion_fractions = {
            criterion.id: fraction
            for group in rubric.groups
            for criterion, fraction in zip(group.criteria, _fractions([c.weight for c in group.criteria]), strict=True)
        }
        self.quality_weight, self.price_weight = _split_weights(rubric)
        self.notes: list[OutcomeNote] = []
        self._index_scores()

    def _index_scores(self) -> None:
        evaluation = self.evaluation
        order = {evaluator.id: index for index, evaluator in enumerate(evaluation.evaluators)}
        conflicts = {(e.id, bid) for e in evaluation.evaluators for bid in e.conflicts}
        bids = {bid.id for bid in evaluation.bids}
        criteria = set(self.criterion_fractions)
        found: dict[tuple[str, str], list[tuple[int, IndividualScore]]] = {}
        for score in evaluation.scores:
            if (
                score.evaluator in order
                and score.bid in bids
                and score.criterion in criteria
                and (score.evaluator, score.bid) not in conflicts
            ):
                found.setdefault((score.bid, score.criterion), []).append(
                    (order[score.evaluator], IndividualScore(score.evaluator, score.score, score.justification))
                )
        self.scores = {
            key: tuple(item for _, item in sorted(items, key=lambda pair: (pair[0], pair[1].score)))
            for key, items in found.items()
        }
        self.consensus = {(c.bid, c.criterion): c for c in evaluation.consensus if c.criterion in criteria}

    # -- one bid --

    def _gates(self, bid: Bid) -> tuple[GateOutcome, ...]:
        outcomes = []
        for gate in self.rubric.gates:
            result = bid.gate(gate.id)
            if result is None:
                outcomes.append(GateOutcome(gate.id, gate.title, GATE_NOT_ASSESSED))
            else:
                outcomes.append(
                    GateOutcome(gate.id, gate.title, GATE_PASS if result.passed else GATE_FAIL, result.reason)
                )
        return tuple(outcomes)

    def _criterion(self, bid: Bid, group_id: str, criterion_id: str, minimum: Decimal | None) -> CriterionResult:
        individual = self.scores.get((bid.id, criterion_id), ())
        values = [item.score for item in individual]
        panel = aggregate(values, self.rubric.aggregation)
        consensus = self.consensus.get((bid.id, criterion_id))
        score = consensus.score if consensus is not None else panel
        gap = spread(values)
        return CriterionResult(
            criterion=criterion_id,
            group=group_id,
            weight=self.criterion_fractions[criterion_id],
            scores=individual,
            aggregate=panel,
            consensus=consensus.score if consensus is not None else None,
            consensus_reason=consensus.reason if consensus is not None else "",
            score=score,
            normalised=None if score is None else (score / self.scale_max if self.scale_max > 0 else _ZERO),
            spread=gap,
            needs_moderation=needs_moderation(gap, self.rubric.moderation_spread, has_consensus=consensus is not None),
            below_minimum=score is not None and minimum is not None and rank_key(score) < minimum,
        )

    def _draft(self, bid: Bid) -> _Draft:
        gates = self._gates(bid)
        exclusions = [
            Exclusion("gate", g.gate, f"failed gate {g.gate} ({g.title})" + (f": {g.reason}" if g.reason else ""))
            for g in gates
            if g.result == GATE_FAIL
        ]
        criteria: list[CriterionResult] = []
        groups: list[GroupResult] = []
        quality = _ZERO
        for group, group_fraction in zip(self.rubric.groups, self.group_fractions, strict=True):
            results = [self._criterion(bid, group.id, c.id, c.minimum) for c in group.criteria]
            criteria.extend(results)
            g = sum((r.weight * r.normalised for r in results if r.normalised is not None), _ZERO)
            complete = all(r.scored for r in results)
            below = complete and group.minimum is not None and rank_key(_HUNDRED * g) < group.minimum
            groups.append(GroupResult(group.id, group_fraction, g, complete, below))
            quality += _HUNDRED * group_fraction * g
            for result, criterion in zip(results, group.criteria, strict=True):
                if result.below_minimum and result.score is not None:
                    exclusions.append(
                        Exclusion(
                            "criterion-minimum",
                            criterion.id,
                            f"scored {_show(rounded(result.score))} on {criterion.id} ({criterion.title}), below its "
                            f"minimum of {_show(criterion.minimum or _ZERO)}",
                        )
                    )
            if below:
                exclusions.append(
                    Exclusion(
                        "group-minimum",
                        group.id,
                        f"scored {_show(rounded(_HUNDRED * g))} % of group {group.id} ({group.title}), below its "
                        f"minimum of {_show(group.minimum or _ZERO)} %",
                    )
                )
        price = _valid_price(bid, self.rubric)
        if uses_price(self.formula) and price is None:
            why = "no price sheet" if bid.price is None else "a price of 0 or less"
            exclusions.append(Exclusion("no-price", None, f"no valid price ({why})"))
        return _Draft(bid, gates, tuple(criteria), tuple(groups), quality, price, exclusions)

    # -- all bids --

    def _pricing(self, competition: list[_Draft]) -> Pricing:
        formula = self.formula
        prices = {d.bid.id: d.price for d in competition if d.price is not None}
        best = min(prices.values(), default=None)
        highest = max(prices.values(), default=None)
        scores: dict[str, Decimal] = {}
        fallback: str | None = None
        entry = award_formula(formula)
        if best is not None and highest is not None and entry is not None and entry.price_score_of is not None:
            parameter = self.rubric.award.parameter(entry.parameters[0]) if entry.parameters else None
            if entry.parameter_ok(parameter):
                score_of = entry.price_score_of
                scores = {bid: score_of(p, best, highest, parameter) for bid, p in prices.items()}
            else:
                fallback = entry.fallback_note
                scores = {bid: _ONE if p == best else _ZERO for bid, p in prices.items()}
        if formula == "utility-index" and self.price_weight <= _ZERO:
            fallback = "formula utility-index divides by the price weight, which is 0: the bids are ranked on quality"
        fictional: dict[str, Decimal] = {}
        if formula == "award-on-value":
            for draft in competition:
                if draft.price is not None:
                    valued = [
                        (criterion.value_per_level or _ZERO, result.score)
                        for (_, criterion), result in zip(self.rubric.criteria(), draft.criteria, strict=True)
                    ]
                    fictional[draft.bid.id] = award_on_value_total(draft.price, valued)
        scale = self.rubric.award.parameter("scale", DEFAULT_VFM_SCALE) or _ZERO
        if formula == "value-for-money" and scale <= _ZERO:
            fallback = "formula value-for-money needs a scale above 0: the default 1,000,000 is used"
            scale = DEFAULT_VFM_SCALE
        return Pricing(formula, prices, scores, fictional, best, scale, fallback)

    def run(self) -> EvaluationResult:
        drafts = [self._draft(bid) for bid in self.evaluation.bids]
        competition = [d for d in drafts if not d.exclusions]
        pricing = self._pricing(competition)
        quality = {d.bid.id: d.quality for d in competition}
        totals = compute_totals(pricing, quality, self.quality_weight, self.price_weight)
        no_scores = (
            uses_quality(self.formula)
            and bool(drafts)
            and any(True for _ in self.rubric.criteria())
            and not any(c.scored for d in drafts for c in d.criteria)
        )
        ranks: dict[str, int] = {}
        breaks: list[TieBreak] = []
        if not no_scores:
            entries = [RankEntry(d.bid.id, totals[d.bid.id], d.quality, d.price, d.bid.submitted) for d in competition]
            ranks, breaks = rank_bids(
                entries, lowest_wins=ranks_lowest_first(self.formula), tie_break=self.rubric.tie_break
            )
        first = [bid for bid, rank in ranks.items() if rank == 1]
        winner = first[0] if len(first) == 1 else None
        mean_price, threshold = self._abnormal_threshold(pricing)
        bids = tuple(self._bid_result(d, pricing, totals, ranks, threshold) for d in drafts)
        self._notes(drafts, competition, pricing, ranks, no_scores)
        provisional = any(d.gates_pending or (uses_quality(self.formula) and not d.complete) for d in competition)
        ranking = tuple(sorted(ranks, key=lambda bid: (ranks[bid], bid)))
        return EvaluationResult(
            formula=self.formula,
            lowest_wins=ranks_lowest_first(self.formula),
            quality_weight=self.quality_weight,
            price_weight=self.price_weight,
            scale_max=self.scale_max,
            bids=bids,
            ranking=ranking,
            winner=winner,
            tie_breaks=tuple(breaks),
            notes=tuple(self.notes),
            provisional=provisional,
            best_price=pricing.best_price,
            highest_price=max(pricing.prices.values(), default=None),
            best_quality=max(quality.values(), default=None),
            mean_price=mean_price,
            abnormally_low_threshold=threshold,
            pricing=pricing,
        )

    def _abnormal_threshold(self, pricing: Pricing) -> tuple[Decimal | None, Decimal | None]:
        prices = list(pricing.prices.values())
        if not prices:
            return None, None
        mean = sum(prices, _ZERO) / len(prices)
        percent = self.rubric.abnormally_low_percent
        return mean, (None if percent is None else mean * percent / _HUNDRED)

    def _bid_result(
        self,
        draft: _Draft,
        pricing: Pricing,
        totals: Mapping[str, Decimal],
        ranks: Mapping[str, int],
        threshold: Decimal | None,
    ) -> BidResult:
        bid = draft.bid
        listed = not draft.exclusions
        return BidResult(
            bid=bid.id,
            bidder=bid.bidder,
            sme=bid.sme,
            submitted=bid.submitted,
            gates=draft.gates,
            criteria=draft.criteria,
            groups=draft.groups,
            quality=draft.quality,
            price=draft.price,
            price_score=pricing.price_scores.get(bid.id) if listed else None,
            total=totals.get(bid.id) if listed else None,
            rank=ranks.get(bid.id),
            exclusions=tuple(draft.exclusions),
            abnormally_low=listed and threshold is not None and draft.price is not None and draft.price < threshold,
            complete=draft.complete,
            gates_pending=draft.gates_pending,
        )

    def _note(self, code: str, message: str) -> None:
        self.notes.append(OutcomeNote(code, message))

    def _notes(
        self,
        drafts: list[_Draft],
        competition: list[_Draft],
        pricing: Pricing,
        ranks: Mapping[str, int],
        no_scores: bool,
    ) -> None:
        received = len(drafts)
        if not drafts:
            self._note("no-bids", "No bids were received: there is nothing to evaluate.")
        elif not competition:
            self._note(
                "all-excluded",
                f"All {received} bids are excluded (a failed gate, a score below a minimum or no valid price): "
                "no bid can be awarded.",
            )
        elif len(competition) == 1:
            only = competition[0].bid.id
            head = "Only one bid was received" if received == 1 else f"Only one of the {received} bids is left"
            self._note(
                "one-bid",
                f"{head}: {only} competes with no other bid, so its price is the best price and its quality "
                "the best quality; check that it is acceptable on its own (e.g. against the estimated value).",
            )
        if no_scores:
            self._note(
                "no-scores",
                "No scores yet: the panel has not scored any criterion, so every quality score is 0 and no bid "
                "is ranked or named winner.",
            )
        prices = [pricing.prices[d.bid.id] for d in competition if d.bid.id in pricing.prices]
        if uses_price(self.formula) and len(prices) >= 2 and len(set(prices)) == 1:
            if self.formula == "linear":
                detail = (
                    "with the linear formula (Pmax − P) / (Pmax − Pmin) would divide by 0, so every bid's price "
                    "score is 1 and quality alone decides"
                )
            else:
                detail = "every bid gets the same price score, so price does not separate them"
            self._note(
                "all-prices-equal",
                f"All {len(prices)} bids in the competition have the same price ({_show(rounded(prices[0]))}): "
                f"{detail}.",
            )
        for rank in sorted(set(ranks.values())):
            sharing = sorted(bid for bid, r in ranks.items() if r == rank)
            if len(sharing) > 1:
                rules = ", ".join(self.rubric.tie_break) or "none"
                tail = " No winner can be named: settle the tie as the tender documents say." if rank == 1 else ""
                self._note(
                    "tie-unbroken",
                    f"{', '.join(sharing)} share rank {rank}: the tie-break rules ({rules}) cannot separate "
                    f"them.{tail}",
                )
        if uses_quality(self.formula) and not no_scores:
            partial = [(d.bid.id, sum(1 for c in d.criteria if not c.scored)) for d in competition if not d.complete]
            if partial:
                listed = ", ".join(f"{bid} ({count})" for bid, count in sorted(partial))
                self._note(
                    "incomplete-scores",
                    f"Criteria not yet scored (they count 0): {listed}. The totals and the ranking are provisional.",
                )
        pending = [
            (d.bid.id, [g.gate for g in d.gates if g.result == GATE_NOT_ASSESSED])
            for d in competition
            if d.gates_pending
        ]
        if pending:
            listed = "; ".join(f"{bid} ({', '.join(gates)})" for bid, gates in sorted(pending))
            self._note(
                "gates-pending",
                f"Gates not yet assessed: {listed}. These bids stay in the competition for now; the ranking is "
                "provisional.",
            )
        if pricing.fallback:
            self._note("formula-fallback", pricing.fallback[0].upper() + pricing.fallback[1:] + ".")


def _show(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text
