"""Sensitivity: tipping points that really flip the winner, and seeded rank-one probabilities."""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from procure_app.core.evaluation.engine import EvaluationResult, RankEntry, compute_totals, evaluate, rank_bids
from procure_app.core.evaluation.evaluation_file import EvaluationFile, SensitivitySettings
from procure_app.core.evaluation.sensitivity import SPLIT, Shift, analyse, rank_one_probabilities, tipping_points
from procure_app.core.rubric.model import Rubric

from .builders import SMART_CITY_CRITERIA, bid, evaluation, scores_for, small_rubric, smart_city_rubric

# the formulas whose every total is linear in a group weight (and, if they have one, in the split)
LINEAR_FORMULAS = [
    "relative-lowest",
    "linear",
    "log",
    "quality-only",
    "value-for-money",
    "award-on-value",
    "price-only",
]

D = Decimal
PASS = {"gate-a": ("pass", "Checked.")}
GRID = D("0.01")

# The worked example of test_engine (relative-lowest 70/30, g1 60 %, g2 40 %):
#   a: g1 0.7, g2 1, P 1000, S 0.8      b: g1 0.5, g2 0.6, P 800, S 1      c: g1 1, g2 1, P 1200, S 2/3
SCORES = {"a": {"c1": 4, "c2": 3, "c3": 5}, "b": {"c1": 2, "c2": 3, "c3": 3}, "c": {"c1": 5, "c2": 5, "c3": 5}}
PRICES = {"a": 1000, "b": 800, "c": 1200}


def worked(draws: int = 300, seed: int = 7) -> EvaluationFile:
    bids = [bid(b, PRICES[b], gates=PASS) for b in SCORES]
    return evaluation(bids, [s for b, by in SCORES.items() for s in scores_for(b, by)], draws=draws, seed=seed)


def with_group_weight(rubric: Rubric, group_id: str, weight: Decimal) -> Rubric:
    """The rubric with one group weight set, the others scaled to keep the sum at 100."""
    total = sum((g.weight for g in rubric.groups), D(0))
    base = next(g.weight for g in rubric.groups if g.id == group_id) * 100 / total
    scale = (100 - weight) / (100 - base)
    groups = tuple(
        replace(g, weight=weight if g.id == group_id else g.weight * 100 / total * scale) for g in rubric.groups
    )
    return replace(rubric, groups=groups)


def with_split(rubric: Rubric, quality_weight: Decimal) -> Rubric:
    return replace(
        rubric, award=replace(rubric.award, quality_weight=quality_weight, price_weight=100 - quality_weight)
    )


def moved(rubric: Rubric, parameter: str, weight: Decimal) -> Rubric:
    return with_split(rubric, weight) if parameter == SPLIT else with_group_weight(rubric, parameter, weight)


def test_tipping_points_by_hand() -> None:
    rubric = small_rubric()
    result = evaluate(rubric, worked())
    assert result.winner == "c"
    points = {p.parameter: p for p in tipping_points(rubric, result)}
    # g1 at x, g2 at 100 − x. Q_c = 100 whatever x. Q_a = 0.7x + (100 − x) = 100 − 0.3x.
    # T_c = 70 + 30·2/3 = 90; T_a = 0.7·(100 − 0.3x) + 24 = 94 − 0.21x.
    # T_a > T_c when x < 4/0.21 = 19.047…: at x = 19.04, T_a = 90.0016. Δ = 19.04 − 60 = −40.96.
    # Raising g1 only favours c further: no increase changes the winner.
    assert points["g1"].decrease == Shift(D("-40.96"), D("19.04"), "a")
    assert points["g1"].increase is None
    assert points["g1"].change == D("-40.96") and points["g1"].new_winner == "a"
    # g2 is the mirror image: 40 + 40.96 = 80.96
    assert points["g2"].increase == Shift(D("40.96"), D("80.96"), "a") and points["g2"].decrease is None
    # split WQ = y: T_c = y + (100 − y)·2/3 = 66.67 + y/3; T_a = 0.82y + 0.8·(100 − y) = 80 + 0.02y.
    # T_a > T_c when y < 13.333…/0.31333… = 42.553…: y = 42.55, Δ = −27.45.
    split = points[SPLIT]
    assert split.decrease == Shift(D("-27.45"), D("42.55"), "a") and split.increase is None


def check_tipping_points(rubric: Rubric, ev: EvaluationFile) -> int:
    """Every tipping point flips the winner, and one grid step less does not; returns how many."""
    result = evaluate(rubric, ev)
    checked = 0
    for point in tipping_points(rubric, result):
        for shift in (point.increase, point.decrease):
            if shift is None:
                continue
            after = evaluate(moved(rubric, point.parameter, shift.weight), ev)
            assert after.winner == shift.new_winner != result.winner, (point, after.winner)
            sign = 1 if shift.change > 0 else -1
            before_step = shift.change - sign * GRID
            if before_step * sign > 0:
                just_before = evaluate(moved(rubric, point.parameter, point.base_weight + before_step), ev)
                assert just_before.winner == result.winner, (point, before_step)
            checked += 1
    return checked


def test_every_tipping_point_of_the_worked_example_flips_the_winner() -> None:
    assert check_tipping_points(small_rubric(), worked()) == 3


@st.composite
def close_competitions(draw: st.DrawFn) -> tuple[Rubric, EvaluationFile]:
    formula = draw(st.sampled_from(["relative-lowest", "linear", "utility-index", "quality-only", "value-for-money"]))
    weights = (100, 0) if formula in ("quality-only", "value-for-money") else (70, 30)
    rubric = smart_city_rubric(
        award=replace(
            smart_city_rubric().award, formula=formula, quality_weight=D(weights[0]), price_weight=D(weights[1])
        )
    )
    gates = {g: ("pass", "ok") for g in ("exclusion-grounds", "selection-criteria", "mandatory-requirements")}
    bids, scores = [], []
    for index in range(draw(st.integers(2, 4))):
        name = f"bid-{index}"
        bids.append(bid(name, draw(st.sampled_from([900, 1000, 1100, 1300])), gates=gates))
        by = {c: draw(st.integers(2, 5)) for c in SMART_CITY_CRITERIA}
        scores.extend(scores_for(name, by))
    return rubric, evaluation(bids, scores)


@settings(max_examples=25, deadline=None)
@given(case=close_competitions())
def test_tipping_points_flip_the_winner_in_random_competitions(case) -> None:
    rubric, ev = case
    check_tipping_points(rubric, ev)


def test_the_example_tips_to_the_abnormally_low_bid_when_price_weighs_more() -> None:
    from procure_app import paths
    from procure_app.core.evaluation.evaluation_file import load_evaluation_with_rubric
    from procure_app.core.library.guidelines import load_guidelines
    from procure_app.core.rubric.load import load_rubric

    guidelines, _ = load_guidelines(paths.guidelines_file())
    example = paths.resources_dir() / "examples" / "urban-data-platform-lot1.eval.yaml"
    loaded, rubric, _ = load_evaluation_with_rubric(example, lambda p: load_rubric(p, guidelines))
    assert loaded is not None and rubric is not None
    analysis = analyse(rubric, loaded)
    split = analysis.tipping_point(SPLIT)
    assert split is not None and split.new_winner == "bid-d" and split.change is not None and split.change < 0
    assert analysis.winner == "bid-a" and analysis.share("bid-a") == 1 and analysis.seed == 2027
    assert check_tipping_points(rubric, loaded) >= 3


def test_rank_one_probabilities_are_deterministic_for_a_seed() -> None:
    # a and c within reach of each other: at a price of 2000, T_c = 70 + 30·800/2000 = 82 against T_a = 81.4
    ev = worked(draws=500, seed=11)
    ev = replace(
        ev, bids=tuple(replace(b, price=replace(b.price, capex=D(2000))) if b.id == "c" else b for b in ev.bids)
    )  # type: ignore[arg-type]
    rubric = small_rubric()
    result = evaluate(rubric, ev)
    wide = SensitivitySettings(D(30), 500, 11)
    first = rank_one_probabilities(rubric, result, wide)
    again = rank_one_probabilities(rubric, evaluate(rubric, ev), wide)
    assert first == again
    shares = {entry.bid: entry.share for entry in first}
    assert 0 < shares["a"] < 1 and 0 < shares["c"] < 1 and shares["b"] == 0
    assert sum(entry.count for entry in first) >= 500
    assert first[0].bid == result.winner
    assert analyse(rubric, ev) == analyse(rubric, ev)


def test_no_perturbation_keeps_the_winner_in_every_draw() -> None:
    rubric = small_rubric()
    result = evaluate(rubric, worked())
    shares = rank_one_probabilities(rubric, result, SensitivitySettings(D(0), 50, 1))
    assert [(entry.bid, entry.count, entry.share) for entry in shares] == [("c", 50, 1), ("a", 0, 0), ("b", 0, 0)]


@pytest.mark.parametrize(
    ("bids", "scored", "note"),
    [
        ([], False, "Fewer than two bids"),
        ([("a", 1000)], True, "Fewer than two bids"),
        ([("a", 1000), ("b", 900)], False, "No scores yet"),
    ],
)
def test_nothing_to_analyse_is_not_an_error(bids, scored, note) -> None:
    rubric = small_rubric()
    scores = [s for name, _ in bids for s in scores_for(name, SCORES["a"])] if scored else []
    ev = evaluation([bid(name, price, gates=PASS) for name, price in bids], scores)
    analysis = analyse(rubric, ev)
    assert all(point.increase is None and point.decrease is None for point in analysis.tipping_points)
    assert [point.parameter for point in analysis.tipping_points] == ["g1", "g2", SPLIT]
    assert all(entry.share in (0, 1) for entry in analysis.rank_one)
    assert len(analysis.notes) == 1 and note in analysis.notes[0]


def test_formulas_without_a_split_or_without_weights() -> None:
    ev = worked()
    quality_only = analyse(small_rubric("quality-only", 100, 0), ev)
    assert [p.parameter for p in quality_only.tipping_points] == ["g1", "g2"]
    award_on_value = analyse(small_rubric("award-on-value", 100, 0, values=(40, 30, 50)), ev)
    assert all(p.smallest is None for p in award_on_value.tipping_points)
    assert award_on_value.share("b") == 1


def test_six_bids_and_a_thousand_draws_count_every_draw() -> None:
    rubric = smart_city_rubric()
    gates = {g: ("pass", "ok") for g in ("exclusion-grounds", "selection-criteria", "mandatory-requirements")}
    bids, scores = [], []
    for index in range(6):
        name = f"bid-{index}"
        bids.append(bid(name, 1000 + 37 * index, opex=50 + index, maintenance=20, years=8, gates=gates))
        by = {c: 2 + (index * 7 + position) % 4 for position, c in enumerate(SMART_CITY_CRITERIA)}
        scores.extend(scores_for(name, by, ("ann", "bob", "cat")))
    ev = evaluation(bids, scores, draws=1000)
    result = evaluate(rubric, ev)
    shares = rank_one_probabilities(rubric, result, ev.sensitivity)
    assert len(shares) == 6 and sum(entry.count for entry in shares) >= 1000
    assert shares == rank_one_probabilities(rubric, result, ev.sensitivity)


# --- the same numbers as a plain Decimal computation over every bid ------------------------------
#
# The analysis takes short cuts (exact crossings of the totals' lines, floats to pick the bids that
# need the exact ranking); these references take none: every total of every bid, in Decimal, ranked
# by the engine's compute_totals and rank_bids.


def _fractions(weights: list[Decimal]) -> list[Decimal]:
    total = sum(weights, D(0))
    return [w / total for w in weights] if total > 0 else [D(0) for _ in weights]


def _reference_winners(
    rubric: Rubric,
    result: EvaluationResult,
    quality: dict[str, Decimal],
    quality_weight: Decimal,
    price_weight: Decimal,
) -> list[str]:
    assert result.pricing is not None
    totals = compute_totals(result.pricing, quality, quality_weight, price_weight)
    entries = [RankEntry(b.bid, totals[b.bid], quality[b.bid], b.price, b.submitted) for b in result.competition]
    ranks, _ = rank_bids(entries, lowest_wins=result.lowest_wins, tie_break=rubric.tie_break)
    return sorted(b for b, rank in ranks.items() if rank == 1)


def reference_rank_one(rubric: Rubric, result: EvaluationResult, settings: SensitivitySettings) -> dict[str, int]:
    """The draws of the module docstring, each computed in Decimal for every bid."""
    rng = random.Random(settings.seed)
    spread = float(settings.perturbation_percent)
    group_weights = [100 * f for f in _fractions([g.weight for g in rubric.groups])]
    both = result.formula in ("relative-lowest", "linear", "log", "utility-index")
    counts = {b.bid: 0 for b in result.competition}

    def perturbed(weights: list[Decimal]) -> list[Decimal]:
        return [w * (1 + Decimal(rng.uniform(-spread, spread)) / 100) for w in weights]

    for _ in range(settings.draws):
        groups = _fractions(perturbed(group_weights))
        criteria = [_fractions(perturbed([c.weight for c in g.criteria])) for g in rubric.groups]
        quality_weight, price_weight = perturbed([result.quality_weight, result.price_weight])
        if both:
            quality_weight, price_weight = (100 * f for f in _fractions([quality_weight, price_weight]))
        else:
            quality_weight, price_weight = result.quality_weight, result.price_weight
        quality = {}
        for b in result.competition:
            q = D(0)
            for group, share, fractions in zip(rubric.groups, groups, criteria, strict=True):
                scores = [c.normalised or D(0) for c in b.criteria if c.group == group.id]
                q += share * sum((f * n for f, n in zip(fractions, scores, strict=True)), D(0))
            quality[b.bid] = 100 * q
        for winner in _reference_winners(rubric, result, quality, quality_weight, price_weight):
            counts[winner] += 1
    return counts


def reference_winner_at(rubric: Rubric, result: EvaluationResult, parameter: str, weight: Decimal) -> str | None:
    """The single winner with one group weight (the others scaled) or the split moved to ``weight``."""
    group_weights = [100 * f for f in _fractions([g.weight for g in rubric.groups])]
    quality_weight, price_weight = result.quality_weight, result.price_weight
    if parameter == SPLIT:
        quality_weight, price_weight = weight, 100 - weight
    else:
        index = [g.id for g in rubric.groups].index(parameter)
        scale = (100 - weight) / (100 - group_weights[index])
        group_weights = [weight if i == index else w * scale for i, w in enumerate(group_weights)]
    quality = {
        b.bid: sum((w * g.score for w, g in zip(group_weights, b.groups, strict=True)), D(0))
        for b in result.competition
    }
    winners = _reference_winners(rubric, result, quality, quality_weight, price_weight)
    return winners[0] if len(winners) == 1 else None


def reference_shift(rubric: Rubric, result: EvaluationResult, parameter: str, base: Decimal, limit: Decimal):
    """The first grid step with another winner: a scan in steps of 0.25 points, then bisection."""
    span = abs(limit - base)
    if span == 0:
        return None
    sign = 1 if limit > base else -1
    steps = int(-(-span // GRID))

    def at(n: int) -> str | None:
        return reference_winner_at(rubric, result, parameter, base + min(n * GRID, span) * sign)

    current = at(0)
    low = high = 0
    while low < steps:
        high = min(low + 25, steps)
        found = at(high)
        if found != current:
            break
        low = high
    else:
        return None
    while high - low > 1:
        middle = (low + high) // 2
        if (candidate := at(middle)) != current:
            high, found = middle, candidate
        else:
            low = middle
    return Shift(min(high * GRID, span) * sign, base + min(high * GRID, span) * sign, found)


@st.composite
def tight_competitions(draw: st.DrawFn) -> tuple[Rubric, EvaluationFile]:
    """Small competitions with close totals, identical bids and every formula."""
    formula = draw(st.sampled_from([*LINEAR_FORMULAS, "utility-index"]))
    weights = {
        "quality-only": (100, 0),
        "value-for-money": (100, 0),
        "award-on-value": (100, 0),
        "price-only": (0, 100),
    }
    parameters = {"log": (("zero_ratio", D(2)),), "value-for-money": (("scale", D(1000)),)}.get(formula, ())
    rubric = small_rubric(
        formula,
        *weights.get(formula, draw(st.sampled_from([(70, 30), (55, 45), (90, 10)]))),
        parameters=parameters,
        values=(40, 30, 50) if formula == "award-on-value" else None,
        tie_break=tuple(draw(st.lists(st.sampled_from(["quality", "price", "submission"]), unique=True, max_size=3))),
    )
    first = {c: draw(st.integers(2, 5)) for c in ("c1", "c2", "c3")}
    bids, scores = [], []
    for index in range(draw(st.integers(2, 5))):
        name = f"bid-{index}"
        by = first if draw(st.booleans()) else {c: draw(st.integers(2, 5)) for c in ("c1", "c2", "c3")}
        submitted = draw(st.sampled_from([None, "2027-04-05T10:00", "2027-04-05T11:00"]))
        bids.append(bid(name, draw(st.sampled_from([900, 1000, 1100])), gates=PASS, submitted=submitted))
        scores.extend(scores_for(name, by, draw(st.sampled_from([("ann",), ("ann", "bob")]))))
    ev = evaluation(bids, scores, draws=40, seed=draw(st.integers(0, 99)))
    spread = D(draw(st.sampled_from([0, 10, 30, 100])))
    return rubric, replace(ev, sensitivity=SensitivitySettings(spread, 40, ev.sensitivity.seed))


@settings(max_examples=40, deadline=None)
@given(case=tight_competitions())
def test_rank_one_counts_are_those_of_every_draw_in_decimal(case) -> None:
    rubric, ev = case
    result = evaluate(rubric, ev)
    counts = {entry.bid: entry.count for entry in rank_one_probabilities(rubric, result, ev.sensitivity)}
    assert counts == reference_rank_one(rubric, result, ev.sensitivity)


@settings(max_examples=30, deadline=None)
@given(case=tight_competitions())
def test_tipping_points_are_those_of_a_full_scan(case) -> None:
    rubric, ev = case
    result = evaluate(rubric, ev)
    for point in tipping_points(rubric, result):
        for limit, shift in ((D(100), point.increase), (D(0), point.decrease)):
            assert shift == reference_shift(rubric, result, point.parameter, point.base_weight, limit), point


def test_identical_bids_are_told_apart_in_every_draw_as_the_engine_does() -> None:
    rubric = small_rubric()
    same = {"c1": 4, "c2": 4, "c3": 4}
    early = [
        bid("a", 1000, gates=PASS, submitted="2027-04-05T10:00"),
        bid("b", 1000, gates=PASS, submitted="2027-04-05T11:00"),
    ]
    scores = [s for name in ("a", "b") for s in scores_for(name, same)]
    ev = evaluation(early, scores, draws=30)
    shares = rank_one_probabilities(rubric, evaluate(rubric, ev), SensitivitySettings(D(30), 30, 3))
    assert [(entry.bid, entry.count) for entry in shares] == [("a", 30), ("b", 0)]
    untimed = evaluation([bid("a", 1000, gates=PASS), bid("b", 1000, gates=PASS)], scores, draws=30)
    shares = rank_one_probabilities(rubric, evaluate(rubric, untimed), SensitivitySettings(D(30), 30, 3))
    assert [(entry.bid, entry.count) for entry in shares] == [("a", 30), ("b", 30)]  # rank 1 shared in every draw
