"""The evaluation engine: worked examples by hand, flags, special outcomes and properties."""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from procure_app.core.evaluation.engine import (
    GATE_FAIL,
    GATE_NOT_ASSESSED,
    GATE_PASS,
    EvaluationResult,
    evaluate,
    rounded,
)
from procure_app.core.evaluation.evaluation_file import Consensus, Evaluator, Score
from procure_app.core.rubric.model import WEIGHTED_FORMULAS, Award, Rubric

from .builders import (
    SMART_CITY_CRITERIA,
    bid,
    evaluation,
    scores_for,
    small_rubric,
    smart_city_rubric,
)

D = Decimal
PASS = {"gate-a": ("pass", "Checked.")}

# The worked example: small_rubric has g1 (60 %: c1 50, c2 50) and g2 (40 %: c3 100), scale 0–5,
# capex basis. Scores and prices (capex):
#   a: c1 4, c2 3, c3 5, P 1000   g1 = 0.5·4/5 + 0.5·3/5 = 0.7, g2 = 1.0   Q = 100·(0.6·0.7 + 0.4·1) = 82
#   b: c1 2, c2 3, c3 3, P  800   g1 = 0.5·2/5 + 0.5·3/5 = 0.5, g2 = 0.6   Q = 100·(0.6·0.5 + 0.4·0.6) = 54
#   c: c1 5, c2 5, c3 5, P 1200   g1 = 1, g2 = 1                           Q = 100
SCORES = {"a": {"c1": 4, "c2": 3, "c3": 5}, "b": {"c1": 2, "c2": 3, "c3": 3}, "c": {"c1": 5, "c2": 5, "c3": 5}}
PRICES = {"a": 1000, "b": 800, "c": 1200}


def worked_example(rubric: Rubric) -> EvaluationResult:
    bids = [bid(b, PRICES[b], gates=PASS) for b in SCORES]
    scores = [s for b, by in SCORES.items() for s in scores_for(b, by)]
    return evaluate(rubric, evaluation(bids, scores))


def totals(result: EvaluationResult) -> dict[str, Decimal | None]:
    return {b.bid: b.total for b in result.bids}


def ranks(result: EvaluationResult) -> dict[str, int | None]:
    return {b.bid: b.rank for b in result.bids}


def near(value: Decimal | None, expected: str) -> bool:
    return value is not None and abs(value - D(expected)) < D("1e-24")


def test_worked_example_quality_scores() -> None:
    result = worked_example(small_rubric())
    assert {b.bid: b.quality for b in result.bids} == {"a": 82, "b": 54, "c": 100}
    a = result.bid("a")
    assert a is not None
    assert [(g.group, g.score) for g in a.groups] == [("g1", D("0.7")), ("g2", 1)]
    assert [(g.group, g.weight) for g in a.groups] == [("g1", D("0.6")), ("g2", D("0.4"))]


def test_relative_lowest_by_hand() -> None:
    # Pbest = 800. S: a 800/1000 = 0.8, b 1, c 800/1200 = 0.666…
    # T = 70·Q/100 + 30·S: a 57.4 + 24 = 81.4; b 37.8 + 30 = 67.8; c 70 + 20 = 90
    result = worked_example(small_rubric("relative-lowest"))
    t = totals(result)
    assert t["a"] == D("81.4") and t["b"] == D("67.8") and near(t["c"], "90")
    assert ranks(result) == {"c": 1, "a": 2, "b": 3}
    assert result.winner == "c" and result.best_price == 800 and result.best_quality == 100


def test_linear_by_hand() -> None:
    # Pmin 800, Pmax 1200. S: a (1200 − 1000)/400 = 0.5, b 1, c 0
    # T: a 57.4 + 15 = 72.4; b 37.8 + 30 = 67.8; c 70 + 0 = 70
    result = worked_example(small_rubric("linear"))
    assert totals(result) == {"a": D("72.4"), "b": D("67.8"), "c": D(70)}
    assert {b.bid: b.price_score for b in result.bids} == {"a": D("0.5"), "b": 1, "c": 0}
    assert result.winner == "a" and result.highest_price == 1200


def test_log_by_hand() -> None:
    # A = 2. S: a 1 − ln(1000/800)/ln 2 = 1 − 0.3219280949 = 0.6780719051; b 1;
    #           c 1 − ln(1200/800)/ln 2 = 1 − 0.5849625007 = 0.4150374993
    # T: a 57.4 + 30·0.6780719051 = 77.7421571534; b 67.8; c 70 + 12.4511249784 = 82.4511249784
    result = worked_example(small_rubric("log", parameters=(("zero_ratio", D(2)),)))
    t = totals(result)
    assert rounded(t["a"] or D(0), 10) == D("77.7421571534")
    assert t["b"] == D("67.8")
    assert rounded(t["c"] or D(0), 10) == D("82.4511249784")
    assert ranks(result) == {"c": 1, "a": 2, "b": 3}


def test_utility_index_by_hand() -> None:
    # WQ 60, WP 40 (WQ/WP = 1.5), Qbest 100, Pbest 800:
    # a: 100·(1 − (100 − 82)/100·1.5)·800/1000 = 100·0.73·0.8 = 58.4
    # b: 100·(1 − (100 − 54)/100·1.5)·800/800 = 100·0.31 = 31
    # c: 100·(1 − 0)·800/1200 = 66.666…
    result = worked_example(small_rubric("utility-index", 60, 40))
    t = totals(result)
    assert t["a"] == D("58.4") and t["b"] == 31 and near(t["c"], "66.66666666666666666666666666666667")
    assert {b.bid: b.price_score for b in result.bids} == {"a": None, "b": None, "c": None}
    assert result.winner == "c"


def test_value_for_money_by_hand() -> None:
    # X = 1000: a 82/1000·1000 = 82; b 54/800·1000 = 67.5; c 100/1200·1000 = 83.333…
    result = worked_example(small_rubric("value-for-money", 100, 0, parameters=(("scale", D(1000)),)))
    t = totals(result)
    assert t["a"] == 82 and t["b"] == D("67.5") and near(t["c"], "83.33333333333333333333333333333333")
    assert result.winner == "c"
    # without the parameter X = 1,000,000: a 82,000
    default = worked_example(small_rubric("value-for-money", 100, 0))
    assert totals(default)["a"] == 82000


def test_award_on_value_by_hand() -> None:
    # money per scale point: c1 40, c2 30, c3 50
    # a: 1000 − (40·4 + 30·3 + 50·5) = 1000 − 500 = 500
    # b:  800 − (40·2 + 30·3 + 50·3) =  800 − 320 = 480
    # c: 1200 − (40·5 + 30·5 + 50·5) = 1200 − 600 = 600; the lowest fictional price wins: b
    result = worked_example(small_rubric("award-on-value", 100, 0, values=(40, 30, 50)))
    assert totals(result) == {"a": 500, "b": 480, "c": 600}
    assert ranks(result) == {"b": 1, "a": 2, "c": 3}
    assert result.lowest_wins and result.winner == "b"


def test_quality_only_by_hand() -> None:
    # T = Q: c 100, a 82, b 54
    result = worked_example(small_rubric("quality-only", 100, 0))
    assert totals(result) == {"a": 82, "b": 54, "c": 100}
    assert result.winner == "c"


def test_price_only_by_hand() -> None:
    # S = 800/P, T = 100·S: a 80, b 100, c 66.666…
    result = worked_example(small_rubric("price-only", 0, 100))
    t = totals(result)
    assert t["a"] == 80 and t["b"] == 100 and near(t["c"], "66.66666666666666666666666666666667")
    assert result.winner == "b"


def test_quality_only_needs_no_price() -> None:
    bids = [bid("a", None, gates=PASS), bid("b", 1000, gates=PASS)]
    scores = scores_for("a", SCORES["a"]) + scores_for("b", SCORES["b"])
    result = evaluate(small_rubric("quality-only", 100, 0), evaluation(bids, scores))
    a = result.bid("a")
    assert a is not None and not a.excluded and a.price is None and a.total == 82 and result.winner == "a"


# --- criteria, panels and moderation -----------------------------------------------------------


def test_mean_median_consensus_spread_and_moderation() -> None:
    scores = [
        Score("ann", "a", "c1", D(4), "x"),
        Score("bob", "a", "c1", D(2), "x"),
        Score("cat", "a", "c1", D(5), "x"),
        Score("ann", "a", "c2", D(1), "x"),
        Score("bob", "a", "c2", D(4), "x"),
        Score("ann", "a", "c3", D(3), "x"),
    ]
    consensus = [Consensus("a", "c2", D(3), "Agreed after discussion.")]
    ev = evaluation([bid("a", gates=PASS)], scores, consensus)
    result = evaluate(small_rubric(), ev)
    a = result.bid("a")
    assert a is not None
    c1, c2, c3 = a.criteria
    # c1: mean (4 + 2 + 5)/3 = 3.666…, spread 5 − 2 = 3 ≥ 2 and no consensus: moderation
    assert near(c1.score, "3.666666666666666666666666666666667") and c1.spread == 3 and c1.needs_moderation
    assert [s.evaluator for s in c1.scores] == ["ann", "bob", "cat"]
    # c2: spread 3 but a consensus of 3 is set: it is the score, and no moderation is needed
    assert c2.score == 3 and c2.aggregate == D("2.5") and c2.has_consensus and not c2.needs_moderation
    assert c2.consensus_reason == "Agreed after discussion."
    # c3: one score, spread 0
    assert c3.score == 3 and c3.spread == 0 and not c3.needs_moderation
    median = evaluate(replace(small_rubric(), aggregation="median"), ev).bid("a")
    assert median is not None and median.criteria[0].score == 4


def test_scores_from_a_conflicted_evaluator_are_ignored() -> None:
    evaluators = (Evaluator("ann", "Ann"), Evaluator("bob", "Bob", conflicts=("a",)))
    scores = [*scores_for("a", SCORES["a"], ("ann",)), *scores_for("a", {"c1": 0, "c2": 0, "c3": 0}, ("bob",))]
    result = evaluate(small_rubric(), evaluation([bid("a", gates=PASS)], scores, evaluators=evaluators))
    a = result.bid("a")
    assert a is not None and a.quality == 82 and all(len(c.scores) == 1 for c in a.criteria)


# --- exclusions and flags ----------------------------------------------------------------------


def full_smart_city(score: int = 3) -> dict[str, int]:
    return dict.fromkeys(SMART_CITY_CRITERIA, score)


SMART_PASS = {g: ("pass", "Checked.") for g in ("exclusion-grounds", "selection-criteria", "mandatory-requirements")}


def test_failed_gate_criterion_minimum_group_minimum_and_no_price_exclude() -> None:
    low_a11y = full_smart_city() | {"accessibility-conformance": 1}
    low_exit = full_smart_city() | {"exit-plan-quality": 1, "data-portability": 2}  # 0.6·1/5 + 0.4·2/5 = 0.28
    failed = SMART_PASS | {"selection-criteria": ("fail", "Turnover below the minimum.")}
    bids = [
        bid("ok", 1000, gates=SMART_PASS),
        bid("gate", 1000, gates=failed),
        bid("a11y", 1000, gates=SMART_PASS),
        bid("exit", 1000, gates=SMART_PASS),
        bid("noprice", None, gates=SMART_PASS),
    ]
    scores = [
        *scores_for("ok", full_smart_city()),
        *scores_for("gate", full_smart_city()),
        *scores_for("a11y", low_a11y),
        *scores_for("exit", low_exit),
        *scores_for("noprice", full_smart_city()),
    ]
    result = evaluate(smart_city_rubric(), evaluation(bids, scores))
    kinds = {b.bid: [(e.kind, e.subject) for e in b.exclusions] for b in result.bids}
    assert kinds == {
        "ok": [],
        "gate": [("gate", "selection-criteria")],
        "a11y": [("criterion-minimum", "accessibility-conformance")],
        "exit": [("group-minimum", "exit")],
        "noprice": [("no-price", None)],
    }
    gate = result.bid("gate")
    assert gate is not None and gate.gate("selection-criteria") is not None
    assert [g.result for g in gate.gates] == [GATE_PASS, GATE_FAIL, GATE_PASS]
    assert "Turnover below the minimum." in gate.exclusions[0].message
    exit_bid = result.bid("exit")
    assert exit_bid is not None and exit_bid.group("exit") is not None
    assert "28 %" in exit_bid.exclusions[0].message and "minimum of 40 %" in exit_bid.exclusions[0].message
    for excluded in ("gate", "a11y", "exit", "noprice"):
        b = result.bid(excluded)
        assert b is not None and b.excluded and b.rank is None and b.total is None and b.price_score is None
    assert result.winner == "ok" and result.ranking == ("ok",)
    assert result.note("one-bid") is not None


def test_group_minimum_met_exactly_is_not_an_exclusion() -> None:
    # exit: 0.6·2/5 + 0.4·2/5 = 0.40, exactly the minimum of 40 %
    scores = scores_for("a", full_smart_city() | {"exit-plan-quality": 2, "data-portability": 2})
    result = evaluate(smart_city_rubric(), evaluation([bid("a", 1000, gates=SMART_PASS)], scores))
    a = result.bid("a")
    assert a is not None and not a.excluded


def test_abnormally_low_flag_uses_the_mean_valid_price() -> None:
    # valid prices 1000, 1000, 1000, 500: mean 875, 80 % of it 700; 500 < 700 is flagged.
    # The excluded bid's price of 100 does not count.
    prices = {"a": 1000, "b": 1000, "c": 1000, "d": 500, "x": 100}
    gates = {b: PASS for b in prices} | {"x": {"gate-a": ("fail", "Late.")}}
    bids = [bid(b, p, gates=gates[b], sme=b == "a") for b, p in prices.items()]
    scores = [s for b in prices for s in scores_for(b, SCORES["a"])]
    result = evaluate(small_rubric(), evaluation(bids, scores))
    assert result.mean_price == 875 and result.abnormally_low_threshold == 700
    assert {b.bid for b in result.bids if b.abnormally_low} == {"d"}
    assert {b.bid for b in result.bids if b.sme} == {"a"}
    off = evaluate(replace(small_rubric(), abnormally_low_percent=None), evaluation(bids, scores))
    assert not any(b.abnormally_low for b in off.bids) and off.abnormally_low_threshold is None


# --- ranking and ties --------------------------------------------------------------------------


def tie_case(tie_break: tuple[str, ...], **bid_options: dict[str, object]) -> EvaluationResult:
    """Two bids with equal totals under quality-only: both score 3 everywhere."""
    bids = [bid(name, **({"gates": PASS} | options)) for name, options in bid_options.items()]  # type: ignore[arg-type]
    scores = [s for name in bid_options for s in scores_for(name, {"c1": 3, "c2": 3, "c3": 3})]
    rubric = replace(small_rubric("quality-only", 100, 0), tie_break=tie_break)
    return evaluate(rubric, evaluation(bids, scores))


def test_tie_broken_by_price_then_by_submission() -> None:
    result = tie_case(("quality", "price"), a={"capex": 1000}, b={"capex": 900})
    assert ranks(result) == {"a": 2, "b": 1} and result.winner == "b"
    assert [(t.rule, t.rank, t.bids) for t in result.tie_breaks] == [("price", 1, ("b", "a"))]
    result = tie_case(
        ("price", "submission"),
        a={"submitted": "2027-04-05T10:00"},
        b={"submitted": "2027-04-05T09:00"},
    )
    assert result.winner == "b" and [t.rule for t in result.tie_breaks] == ["submission"]


def test_tie_that_no_rule_breaks_shares_the_rank_and_names_no_winner() -> None:
    result = tie_case(("quality", "price", "submission"), a={}, b={})
    assert ranks(result) == {"a": 1, "b": 1} and result.winner is None
    note = result.note("tie-unbroken")
    assert note is not None and "a, b share rank 1" in note.message
    # submission cannot break a tie when a tied bid has no submission time
    result = tie_case(("submission",), a={"submitted": "2027-04-05T10:00"}, b={})
    assert result.winner is None and result.tie_breaks == ()


def test_tie_broken_by_quality_under_a_price_formula() -> None:
    # price-only: equal prices tie at 100; quality (82 against 54) breaks it
    bids = [bid("a", 1000, gates=PASS), bid("b", 1000, gates=PASS), bid("c", 2000, gates=PASS)]
    scores = scores_for("a", SCORES["a"]) + scores_for("b", SCORES["b"]) + scores_for("c", SCORES["c"])
    result = evaluate(small_rubric("price-only", 0, 100), evaluation(bids, scores))
    assert ranks(result) == {"a": 1, "b": 2, "c": 3}
    assert [(t.rule, t.bids) for t in result.tie_breaks] == [("quality", ("a", "b"))]


def test_ranks_use_totals_rounded_to_six_decimals() -> None:
    # relative-lowest 70/30. b: Q 54 at the best price 1000, T = 37.8 + 30 = 67.8.
    # a: Q 82 at P_a = 30000 / 10.4000004, T = 57.4 + 30 · 1000 / P_a = 57.4 + 10.4000004 = 67.8000004:
    # higher than b, but equal to it once rounded to 6 decimals (67.800000), so the tie-break decides.
    rubric = small_rubric("relative-lowest")
    pa = D(30000) / D("10.4000004")
    bids = [bid("a", str(pa), gates=PASS), bid("b", 1000, gates=PASS)]  # type: ignore[arg-type]
    scores = scores_for("a", SCORES["a"]) + scores_for("b", SCORES["b"])
    result = evaluate(rubric, evaluation(bids, scores))
    t = totals(result)
    assert t["a"] is not None and t["b"] is not None and t["a"] > t["b"]
    assert rounded(t["a"], 6) == rounded(t["b"], 6) == D("67.800000")
    # equal after rounding: the quality tie-break decides (a has Q 82 > 54)
    assert [tb.rule for tb in result.tie_breaks] == ["quality"] and result.winner == "a"


# --- special outcomes --------------------------------------------------------------------------


@pytest.mark.parametrize("formula", ["relative-lowest", "linear", "log", "utility-index", "value-for-money"])
def test_no_bids(formula: str) -> None:
    rubric = small_rubric(formula, 60, 40, parameters=(("zero_ratio", D(2)),) if formula == "log" else ())
    result = evaluate(rubric, evaluation([], []))
    assert result.bids == () and result.winner is None and result.ranking == ()
    assert [n.code for n in result.notes] == ["no-bids"]


def test_one_bid_only() -> None:
    result = evaluate(small_rubric("linear"), evaluation([bid("a", 1000, gates=PASS)], scores_for("a", SCORES["a"])))
    a = result.bid("a")
    assert a is not None and a.price_score == 1 and a.rank == 1 and result.winner == "a"
    note = result.note("one-bid")
    assert note is not None and note.message.startswith("Only one bid was received")
    assert not result.provisional


def test_all_bids_excluded() -> None:
    bids = [bid("a", 1000, gates={"gate-a": ("fail", "No.")}), bid("b", None, gates=PASS)]
    result = evaluate(small_rubric(), evaluation(bids, scores_for("b", SCORES["b"])))
    assert result.winner is None and result.ranking == () and result.best_price is None
    assert [n.code for n in result.notes] == ["all-excluded"]


def test_all_prices_equal_with_the_linear_formula() -> None:
    bids = [bid(b, 1000, gates=PASS) for b in SCORES]
    scores = [s for b, by in SCORES.items() for s in scores_for(b, by)]
    result = evaluate(small_rubric("linear"), evaluation(bids, scores))
    assert {b.price_score for b in result.bids} == {D(1)}
    note = result.note("all-prices-equal")
    assert note is not None and "linear" in note.message and "price score is 1" in note.message
    assert result.winner == "c"  # quality alone decides: 70 + 30 = 100 for c


def test_no_scores_yet_ranks_nothing() -> None:
    bids = [bid(b, PRICES[b], gates=PASS) for b in SCORES]
    result = evaluate(small_rubric(), evaluation(bids, []))
    assert result.winner is None and all(b.rank is None for b in result.bids)
    assert all(b.quality == 0 and not b.complete for b in result.bids)
    assert result.note("no-scores") is not None
    # price-only needs no scores
    price_only = evaluate(small_rubric("price-only", 0, 100), evaluation(bids, []))
    assert price_only.winner == "b" and price_only.note("no-scores") is None


def test_missing_gates_and_scores_make_the_result_provisional() -> None:
    bids = [bid("a", 1000), bid("b", 900, gates=PASS)]
    scores = scores_for("a", SCORES["a"]) + scores_for("b", {"c1": 3})
    result = evaluate(small_rubric(), evaluation(bids, scores))
    a, b = result.bids
    assert a.gates_pending and [g.result for g in a.gates] == [GATE_NOT_ASSESSED] and not a.excluded
    assert not b.complete and b.criteria[1].score is None and b.criteria[1].normalised is None
    assert result.provisional and result.winner == "a"
    assert {n.code for n in result.notes} == {"gates-pending", "incomplete-scores"}


def test_degenerate_formulas_fall_back_instead_of_failing() -> None:
    bids = [bid(b, PRICES[b], gates=PASS) for b in SCORES]
    scores = [s for b, by in SCORES.items() for s in scores_for(b, by)]
    log = evaluate(small_rubric("log"), evaluation(bids, scores))  # no zero_ratio
    assert {b.bid: b.price_score for b in log.bids} == {"a": 0, "b": 1, "c": 0}
    assert log.note("formula-fallback") is not None
    utility = evaluate(small_rubric("utility-index", 100, 0), evaluation(bids, scores))
    assert utility.winner == "c" and utility.note("formula-fallback") is not None
    zero = evaluate(small_rubric("relative-lowest", 0, 0), evaluation(bids, scores))
    assert set(totals(zero).values()) == {D(0)}


def test_weights_that_do_not_sum_to_100_are_used_as_fractions() -> None:
    rubric = small_rubric()
    halved = replace(
        rubric,
        groups=tuple(
            replace(g, weight=g.weight / 2, criteria=tuple(replace(c, weight=c.weight * 3) for c in g.criteria))
            for g in rubric.groups
        ),
        award=Award("relative-lowest", D(7), D(3)),
    )
    assert totals(worked_example(halved)) == totals(worked_example(rubric))
    assert worked_example(halved).quality_weight == 70


def test_the_shipped_example_evaluates_as_documented() -> None:
    from procure_app import paths
    from procure_app.core.evaluation.evaluation_file import load_evaluation_with_rubric
    from procure_app.core.library.guidelines import load_guidelines
    from procure_app.core.rubric.load import load_rubric

    guidelines, _ = load_guidelines(paths.guidelines_file())
    example = paths.resources_dir() / "examples" / "urban-data-platform-lot1.eval.yaml"
    loaded, rubric, problems = load_evaluation_with_rubric(example, lambda p: load_rubric(p, guidelines))
    assert [p.format() for p in problems] == []
    assert loaded is not None and rubric is not None
    result = evaluate(rubric, loaded)
    by_id = {b.bid: b for b in result.bids}
    assert result.winner == "bid-a" and result.ranking == ("bid-a", "bid-c", "bid-d", "bid-b")
    assert by_id["bid-a"].sme and sum(b.sme for b in result.bids) == 1
    assert by_id["bid-d"].abnormally_low and not by_id["bid-d"].excluded
    assert [e.kind for e in by_id["bid-e"].exclusions] == ["gate"]
    moderated = [(b.bid, c.criterion) for b in result.bids for c in b.criteria if c.has_consensus]
    assert moderated == [("bid-b", "open-source-licensing"), ("bid-d", "accessibility-conformance")]
    assert all(c.spread is not None and c.spread >= 2 for b in result.bids for c in b.criteria if c.has_consensus)
    assert not any(c.needs_moderation for b in result.bids for c in b.criteria)
    assert all(len(c.scores) == 2 for c in by_id["bid-c"].criteria)  # Ben declared a conflict
    assert not result.provisional and result.notes == ()
    assert rounded(by_id["bid-a"].total or D(0)) == D("69.25")


# --- properties --------------------------------------------------------------------------------

EVALUATORS = ("ann", "bob", "cat")
ALL_FORMULAS = (*WEIGHTED_FORMULAS, "utility-index", "value-for-money", "award-on-value", "quality-only", "price-only")


@st.composite
def competitions(draw: st.DrawFn, formulas: tuple[str, ...]) -> tuple[Rubric, list, list[Score]]:
    formula = draw(st.sampled_from(formulas))
    weights = {
        "quality-only": (100, 0),
        "price-only": (0, 100),
        "award-on-value": (100, 0),
        "value-for-money": (100, 0),
    }.get(formula, draw(st.sampled_from([(70, 30), (50, 50), (90, 10), (40, 60)])))
    parameters = (("zero_ratio", D(draw(st.sampled_from([2, 3, 5])))),) if formula == "log" else ()
    values = (40, 30, 50) if formula == "award-on-value" else None
    rubric = small_rubric(formula, *weights, parameters=parameters, values=values)
    first, second = rubric.groups[0].criteria
    rubric = replace(
        rubric,
        groups=(replace(rubric.groups[0], criteria=(replace(first, minimum=D(1)), second)), rubric.groups[1]),
        tie_break=tuple(draw(st.permutations(["quality", "price", "submission"]))),
    )
    count = draw(st.integers(1, 5))
    bids = []
    scores: list[Score] = []
    for index in range(count):
        name = f"bid-{index}"
        gate = draw(st.sampled_from(["pass", "pass", "pass", "fail"]))
        price = draw(st.sampled_from([500, 800, 1000, 1000, 1200, 2000]))
        hour = draw(st.integers(8, 12))
        bids.append(bid(name, price, gates={"gate-a": (gate, "Why.")}, submitted=f"2027-04-05T{hour:02d}:00"))
        for evaluator in EVALUATORS:
            for criterion in ("c1", "c2", "c3"):
                if draw(st.integers(0, 9)) > 0:
                    scores.append(Score(evaluator, name, criterion, D(draw(st.integers(0, 5))), "Because."))
    return rubric, bids, scores


def summary(result: EvaluationResult) -> tuple:
    return (
        sorted(result.bids, key=lambda b: b.bid),
        result.winner,
        result.ranking,
        result.tie_breaks,
        result.notes,
        result.provisional,
    )


@settings(max_examples=150, deadline=None)
@given(case=competitions((*WEIGHTED_FORMULAS, "quality-only")), data=st.data())
def test_raising_one_score_never_lowers_that_bids_total(case, data) -> None:
    rubric, bids, scores = case
    if not scores:
        return
    index = data.draw(st.integers(0, len(scores) - 1))
    raised = list(scores)
    if raised[index].score == 5:
        return
    raised[index] = replace(raised[index], score=raised[index].score + 1)
    before = evaluate(rubric, evaluation(bids, scores))
    after = evaluate(rubric, evaluation(bids, raised))
    target = raised[index].bid
    old, new = before.bid(target), after.bid(target)
    assert old is not None and new is not None
    assert new.quality >= old.quality
    if old.total is not None:
        assert new.total is not None and new.total >= old.total


@settings(max_examples=150, deadline=None)
@given(
    case=competitions(ALL_FORMULAS),
    seed=st.integers(0, 10_000),
)
def test_the_order_of_bids_and_scores_changes_nothing(case, seed) -> None:
    rubric, bids, scores = case
    shuffled_bids, shuffled_scores = list(bids), list(scores)
    random.Random(seed).shuffle(shuffled_bids)
    random.Random(seed + 1).shuffle(shuffled_scores)
    assert summary(evaluate(rubric, evaluation(bids, scores))) == summary(
        evaluate(rubric, evaluation(shuffled_bids, shuffled_scores))
    )


@settings(max_examples=150, deadline=None)
@given(
    case=competitions(ALL_FORMULAS),
    factor=st.sampled_from([D("0.37"), D(2), D(3), D(7), D("12.5"), D(1000)]),
)
def test_scaling_all_weights_by_a_constant_keeps_the_ranks(case, factor) -> None:
    rubric, bids, scores = case
    award = rubric.award
    scaled = replace(
        rubric,
        groups=tuple(
            replace(
                g, weight=g.weight * factor, criteria=tuple(replace(c, weight=c.weight * factor) for c in g.criteria)
            )
            for g in rubric.groups
        ),
        award=replace(award, quality_weight=award.quality_weight * factor, price_weight=award.price_weight * factor),
    )
    before, after = evaluate(rubric, evaluation(bids, scores)), evaluate(scaled, evaluation(bids, scores))
    assert ranks(before) == ranks(after) and before.winner == after.winner


@settings(max_examples=100, deadline=None)
@given(case=competitions(ALL_FORMULAS))
def test_every_outcome_is_consistent(case) -> None:
    rubric, bids, scores = case
    result = evaluate(rubric, evaluation(bids, scores))
    listed = [b for b in result.bids if b.rank is not None]
    assert {b.bid for b in listed} == set(result.ranking)
    assert all(not b.excluded and b.total is not None for b in listed)
    if result.winner is not None:
        assert [b.rank for b in result.bids if b.bid == result.winner] == [1]
        assert sum(1 for b in result.bids if b.rank == 1) == 1
    if not result.competition:
        assert result.winner is None and {n.code for n in result.notes} & {"no-bids", "all-excluded"}


@st.composite
def odd_inputs(draw: st.DrawFn) -> tuple[Rubric, list, list[Score], list[Consensus]]:
    """Inputs the loader would refuse, built directly: the engine must still not fail."""
    formula = draw(st.sampled_from([*ALL_FORMULAS, "no-such-formula"]))
    weight = st.sampled_from([D(0), D(0), D(1), D(50), D("33.3"), D(100)])
    rubric = small_rubric(
        formula,
        draw(st.sampled_from([0, 30, 70, 100])),
        draw(st.sampled_from([0, 30, 70, 100])),
        parameters=draw(st.sampled_from([(), (("zero_ratio", D(1)),), (("zero_ratio", D(2)),), (("scale", D(0)),)])),
        values=draw(st.sampled_from([None, (0, 10, 20)])),
    )
    groups = tuple(
        replace(g, weight=draw(weight), criteria=tuple(replace(c, weight=draw(weight)) for c in g.criteria))
        for g in rubric.groups
    )
    scale = draw(st.sampled_from([rubric.scale, rubric.scale[:1], ()]))
    rubric = replace(
        rubric,
        groups=groups,
        scale=scale,
        tie_break=tuple(draw(st.lists(st.sampled_from(["quality", "price", "submission", "coin"]), max_size=3))),
        abnormally_low_percent=draw(st.sampled_from([None, D(0), D(80), D(200)])),
        moderation_spread=draw(st.sampled_from([D(0), D(2)])),
    )
    names = draw(st.lists(st.sampled_from(["a", "b", "c"]), max_size=4))
    bids = [
        bid(
            name,
            draw(st.sampled_from([None, 0, -5, 1, 1000])),
            opex=draw(st.sampled_from([0, -10, 10])),
            years=draw(st.sampled_from([0, 1, 3])),
            gates=draw(st.sampled_from([{}, PASS, {"gate-a": ("fail", "")}, {"other": ("pass", "")}])),
        )
        for name in names
    ]
    people = st.sampled_from(["ann", "bob", "zed"])
    score = st.builds(
        Score, people, st.sampled_from(["a", "b", "x"]), st.sampled_from(["c1", "c3", "cx"]), st.integers(-2, 9).map(D)
    )
    agreed = st.builds(
        Consensus, st.sampled_from(["a", "b", "x"]), st.sampled_from(["c1", "cx"]), st.integers(0, 9).map(D)
    )
    return rubric, bids, draw(st.lists(score, max_size=12)), draw(st.lists(agreed, max_size=3))


@settings(max_examples=200, deadline=None)
@given(case=odd_inputs())
def test_the_engine_and_the_sensitivity_analysis_never_fail_on_odd_input(case) -> None:
    from procure_app.core.evaluation.sensitivity import analyse

    rubric, bids, scores, consensus = case
    ev = evaluation(bids, scores, consensus, draws=5)
    result = evaluate(rubric, ev)
    analysis = analyse(rubric, ev, result)
    assert len(result.bids) == len(bids)
    assert {entry.bid for entry in analysis.rank_one} <= {b.bid for b in result.bids}
