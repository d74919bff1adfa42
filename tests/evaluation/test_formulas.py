"""The award formulas of docs/evaluation.md, each checked against a computation done by hand."""

from __future__ import annotations

from decimal import Decimal, localcontext

import pytest

from procure_app.core.evaluation.evaluation_file import PriceSheet
from procure_app.core.rubric.formulas import (
    DECIMAL_CONTEXT,
    aggregate,
    award_on_value_total,
    group_score,
    lifecycle_cost,
    linear_score,
    log_score,
    price_only_score,
    price_only_total,
    quality_only_total,
    quality_score,
    rank_key,
    relative_lowest_score,
    rounded,
    spread,
    utility_index_total,
    value_for_money_total,
    weighted_total,
)

D = Decimal


def close(value: Decimal, expected: str, places: int = 20) -> bool:
    return abs(value - D(expected)) < D(1).scaleb(-places)


# --- price -------------------------------------------------------------------------------------


def test_capex_basis_is_the_capital_cost_alone() -> None:
    sheet = PriceSheet(D(1000), D(100), D(20), 3)
    assert lifecycle_cost(sheet, "capex", None) == D(1000)


def test_lifecycle_without_discount_adds_the_yearly_costs() -> None:
    # 1000 + 3 · (100 + 20) = 1000 + 360 = 1360
    sheet = PriceSheet(D(1000), D(100), D(20), 3)
    assert lifecycle_cost(sheet, "lifecycle", None) == D(1360)
    assert lifecycle_cost(sheet, "lifecycle", D(0)) == D(1360)


def test_lifecycle_discounts_each_year() -> None:
    # r = 10 %, yearly 100 + 10 = 110 over 2 years:
    # 1000 + 110 / 1.1 + 110 / 1.21 = 1000 + 100 + 90.909090… = 1190.909090…
    sheet = PriceSheet(D(1000), D(100), D(10), 2)
    assert close(lifecycle_cost(sheet, "lifecycle", D(10)), "1190.909090909090909090909")


def test_lifecycle_matches_the_annuity_factor() -> None:
    # bid-a of the example: 310,000 + 110,000 · (1 − 1.03^−8) / 0.03
    # 1.03^8 = 1.266770081…, 1.03^−8 = 0.789409186…, factor = 0.210590813… / 0.03 = 7.019692189…
    # 110,000 · 7.019692189 = 772,166.14…, P = 1,082,166.14…
    sheet = PriceSheet(D(310000), D(72000), D(38000), 8)
    price = lifecycle_cost(sheet, "lifecycle", D(3))
    with localcontext(DECIMAL_CONTEXT):
        factor = (1 - 1 / D("1.03") ** 8) / D("0.03")
        assert abs(price - (310000 + 110000 * factor)) < D("1e-20")
    assert rounded(price) == D("1082166.14")


# --- scores ------------------------------------------------------------------------------------


def test_aggregate_mean_and_median() -> None:
    scores = [D(2), D(3), D(5), D(4)]
    assert aggregate(scores, "mean") == D("3.5")  # 14 / 4
    assert aggregate(scores, "median") == D("3.5")  # (3 + 4) / 2
    assert aggregate([D(1), D(5), D(2)], "median") == D(2)
    assert aggregate([D(4), D(3), D(5)]) == D(4)
    assert aggregate([], "mean") is None
    assert spread([D(1), D(3), D(2)]) == D(2)
    assert spread([]) is None


def test_group_and_quality_scores() -> None:
    # g = 0.4 · 4/5 + 0.3 · 3/5 + 0.3 · 5/5 = 0.32 + 0.18 + 0.30 = 0.80
    assert group_score([(D(40), D(4)), (D(30), D(3)), (D(30), D(5))], 5) == D("0.8")
    # an unscored criterion counts 0: 0.4 · 4/5 = 0.32
    assert group_score([(D(40), D(4)), (D(30), None), (D(30), None)], 5) == D("0.32")
    # weights are fractions of their sum: 2/1 is the same as 66.67/33.33
    assert close(group_score([(D(2), D(5)), (D(1), D(0))], 5), "0.666666666666666666666666")
    # Q = 100 · (0.6 · 0.8 + 0.4 · 0.5) = 100 · (0.48 + 0.20) = 68
    assert quality_score([(D(60), D("0.8")), (D(40), D("0.5"))]) == D(68)


# --- the award formulas ------------------------------------------------------------------------


def test_relative_lowest() -> None:
    # S = Pbest / P = 800 / 1000 = 0.8; T = 70 · 80 / 100 + 30 · 0.8 = 56 + 24 = 80
    score = relative_lowest_score(D(1000), D(800))
    assert score == D("0.8")
    assert weighted_total(D(80), score, D(70), D(30)) == D(80)
    assert relative_lowest_score(D(800), D(800)) == 1


def test_linear() -> None:
    # S = (Pmax − P) / (Pmax − Pmin) = (1200 − 1000) / (1200 − 800) = 200 / 400 = 0.5
    assert linear_score(D(1000), D(800), D(1200)) == D("0.5")
    assert linear_score(D(800), D(800), D(1200)) == 1
    assert linear_score(D(1200), D(800), D(1200)) == 0
    # all prices equal: S = 1 for every bid (no division by Pmax − Pmin = 0)
    assert linear_score(D(900), D(900), D(900)) == 1
    # T = 70 · 60 / 100 + 30 · 0.5 = 42 + 15 = 57
    assert weighted_total(D(60), D("0.5"), D(70), D(30)) == D(57)


def test_log() -> None:
    # A = 2, P = 1.5 · Pbest: S = 1 − ln 1.5 / ln 2 = 1 − 0.4054651081 / 0.6931471806 = 0.4150374993
    assert close(log_score(D(1500), D(1000), D(2)), "0.41503749927884381855")
    # P = Pbest: ln 1 = 0, S = 1; P = A · Pbest: S = 1 − 1 = 0; P = 3 · Pbest: max(0, 1 − 1.585) = 0
    assert log_score(D(1000), D(1000), D(2)) == 1
    assert log_score(D(2000), D(1000), D(2)) == 0
    assert log_score(D(3000), D(1000), D(2)) == 0
    # A = 4, P = 2 · Pbest: 1 − ln 2 / ln 4 = 1 − 1/2 = 0.5
    assert close(log_score(D(2000), D(1000), D(4)), "0.5", 30)


def test_utility_index() -> None:
    # T = 100 · (1 − (Qbest − Q)/100 · WQ/WP) · Pbest/P
    #   = 100 · (1 − (90 − 80)/100 · 60/40) · 900/1000 = 100 · (1 − 0.15) · 0.9 = 76.5
    assert utility_index_total(D(80), D(90), D(1000), D(900), D(60), D(40)) == D("76.5")
    # the best bid on both counts scores 100
    assert utility_index_total(D(90), D(90), D(900), D(900), D(60), D(40)) == 100


def test_value_for_money() -> None:
    # T = Q / P · X = 80 / 2,000,000 · 1,000,000 = 40
    assert value_for_money_total(D(80), D(2_000_000)) == 40
    # X = 1000: 80 / 2000 · 1000 = 40
    assert value_for_money_total(D(80), D(2000), D(1000)) == 40


def test_award_on_value() -> None:
    # fictional price = P − Σ values_per_level · a = 1000 − (50 · 3 + 20 · 4) = 1000 − 230 = 770
    assert award_on_value_total(D(1000), [(D(50), D(3)), (D(20), D(4))]) == 770
    # an unscored criterion is worth nothing yet
    assert award_on_value_total(D(1000), [(D(50), D(3)), (D(20), None)]) == 850


def test_quality_only_and_price_only() -> None:
    # quality-only: T = Q
    assert quality_only_total(D("72.5")) == D("72.5")
    # price-only: S = Pbest / P = 800 / 1000 = 0.8, T = 100 · S = 80
    score = price_only_score(D(1000), D(800))
    assert score == D("0.8")
    assert price_only_total(score) == 80


@pytest.mark.parametrize(
    "call",
    [
        lambda: relative_lowest_score(D(0), D(800)),
        lambda: relative_lowest_score(D(1000), D(0)),
        lambda: log_score(D(1000), D(800), D(1)),
        lambda: log_score(D(-1), D(800), D(2)),
        lambda: utility_index_total(D(80), D(90), D(1000), D(900), D(60), D(0)),
        lambda: value_for_money_total(D(80), D(0)),
        lambda: price_only_score(D(-5), D(800)),
    ],
)
def test_undefined_formulas_raise_value_error_instead_of_dividing_by_zero(call) -> None:
    with pytest.raises(ValueError, match="must be above"):
        call()


# --- rounding ----------------------------------------------------------------------------------


def test_rounding_is_half_away_from_zero_like_a_spreadsheet() -> None:
    assert rounded(D("2.345")) == D("2.35")
    assert rounded(D("2.355")) == D("2.36")  # banker's rounding would give 2.36 too; 2.345 is the test
    assert rounded(D("-2.345")) == D("-2.35")
    assert rounded(D("2.3449999")) == D("2.34")
    assert rounded(D("0.1234565"), 6) == D("0.123457")
    assert rounded(D("123456789012.345")) == D("123456789012.35")
    assert rank_key(D("70.0000004999")) == D("70.000000")
    assert rank_key(D("70.0000005")) == D("70.000001")
