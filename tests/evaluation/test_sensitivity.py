"""Sensitivity: tipping points that really flip the winner, and seeded rank-one probabilities."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from procure_app.core.evaluation import evaluate
from procure_app.core.evaluation_file import EvaluationFile, SensitivitySettings
from procure_app.core.rubric import Rubric
from procure_app.core.sensitivity import SPLIT, Shift, analyse, rank_one_probabilities, tipping_points

from .builders import SMART_CITY_CRITERIA, bid, evaluation, scores_for, small_rubric, smart_city_rubric

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
    from procure_app.core.evaluation_file import load_evaluation_with_rubric
    from procure_app.core.guidelines import load_guidelines
    from procure_app.core.rubric_load import load_rubric

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


def test_six_bids_and_a_thousand_draws_take_well_under_a_second() -> None:
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
