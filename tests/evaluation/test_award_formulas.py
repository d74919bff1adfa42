"""The award formula registry: every formula a rubric may name is in it, and every output that
names or describes a formula says what its entry says."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from procure_app.core.base.schema_check import schema
from procure_app.core.evaluation.engine import evaluate
from procure_app.core.evaluation.letters import letter_context
from procure_app.core.evaluation.report.inputs import ReportInputs
from procure_app.core.evaluation.report.procedure import procedure_section
from procure_app.core.evaluation.report.rubric_section import rubric_section
from procure_app.core.evaluation.sensitivity import analyse
from procure_app.core.evaluation.workbook.layout import FORMULA_WORDS as WORKBOOK_WORDS
from procure_app.core.rubric.award_formulas import FORMULA_IDS, REGISTRY, AwardFormula, BidTotalInputs
from procure_app.core.rubric.load import FORMULA_PARAMETERS
from procure_app.core.rubric.model import FORMULAS, WEIGHTED_FORMULAS
from procure_app.core.tender.award_annex import award_criteria_rows
from procure_app.ui.evaluation.evaluation_html import _award

from .builders import bid, evaluation, scores_for, small_rubric

D = Decimal
PARAMETERS = {"log": (("zero_ratio", D(3)),), "value-for-money": (("scale", D(1000)),)}


def _case(formula: AwardFormula):
    values = (500, 300, 200) if formula.id == "award-on-value" else None
    rubric = small_rubric(formula.id, parameters=PARAMETERS.get(formula.id, ()), values=values)
    bids = [bid("b1", 1000, gates={"gate-a": ("pass", "")}), bid("b2", 1400, gates={"gate-a": ("pass", "")})]
    scores = [*scores_for("b1", {"c1": 3, "c2": 3, "c3": 3}), *scores_for("b2", {"c1": 5, "c2": 4, "c3": 5})]
    file = evaluation(bids, scores, evaluators=evaluation([], []).evaluators[:1])
    return rubric, file, evaluate(rubric, file)


def test_the_registry_is_what_the_rubric_schema_and_loader_accept() -> None:
    enum = schema("rubric")["$defs"]["award"]["properties"]["formula"]["enum"]
    assert tuple(enum) == FORMULA_IDS == FORMULAS
    assert WEIGHTED_FORMULAS == tuple(f.id for f in REGISTRY.values() if f.weighted)
    assert FORMULA_PARAMETERS == {f.id: f.parameters for f in REGISTRY.values() if f.parameters}
    assert all(entry.id == key for key, entry in REGISTRY.items())
    assert all(not f.price_score for f in REGISTRY.values() if not f.uses_price)


@pytest.mark.parametrize("formula", REGISTRY.values(), ids=lambda f: f.id)
def test_every_output_describes_the_formula_as_its_entry_says(formula: AwardFormula) -> None:
    rubric, file, result = _case(formula)
    assert result.formula == formula.id and result.lowest_wins == formula.lowest_wins

    app = _award(rubric, result)  # the Evaluation tab
    assert formula.app_name in app and formula.app_symbols.split(",")[0] in app

    report = ReportInputs(rubric, file, result, analyse(rubric, file, result), None)
    section = rubric_section(report)
    words = " ".join(section["award_words"])
    for sentence in formula.report_words:
        assert sentence.split("{")[0] in words
    assert formula.report_symbols.split("{")[0] in " ".join(section["award_formulas"])
    assert formula.report_name in json.dumps(procedure_section(report), ensure_ascii=False)

    assert WORKBOOK_WORDS[formula.id] == formula.workbook_words
    price_row = next(row for row in award_criteria_rows(rubric) if row["name"].startswith("Price ("))
    assert formula.annex_words in price_row["name"]

    letter = json.dumps(letter_context(rubric, file, result, "b1"), ensure_ascii=False)
    if formula.letter_price_score:
        assert formula.letter_price_score in letter
    assert ("Price score S" in letter) == formula.price_score


@pytest.mark.parametrize("formula", [f for f in REGISTRY.values() if f.price_score], ids=lambda f: f.id)
def test_the_engine_scores_prices_with_the_entrys_function(formula: AwardFormula) -> None:
    assert formula.price_score_of is not None
    rubric, _file, result = _case(formula)
    parameter = rubric.award.parameter(formula.parameters[0]) if formula.parameters else None
    prices = {b.bid: b.price for b in result.bids}
    best, highest = min(prices.values()), max(prices.values())
    for scored in result.bids:
        assert scored.price_score == formula.price_score_of(prices[scored.bid], best, highest, parameter)


def test_a_log_formula_without_a_workable_ratio_falls_back_as_its_entry_says() -> None:
    log = REGISTRY["log"]
    assert not log.parameter_ok(None) and not log.parameter_ok(D(1)) and log.parameter_ok(D("1.5"))
    rubric = small_rubric("log", parameters=(("zero_ratio", D(1)),))
    _, file, _ = _case(log)
    result = evaluate(rubric, file)
    assert any(log.fallback_note.lower() in note.message.lower() for note in result.notes)
    assert {b.bid: b.price_score for b in result.bids} == {"b1": D(1), "b2": D(0)}


@pytest.mark.parametrize("formula", REGISTRY.values(), ids=lambda f: f.id)
def test_the_engine_totals_bids_with_the_entrys_function(formula: AwardFormula) -> None:
    assert (formula.total_kind == "weighted") == formula.weighted
    rubric, _file, result = _case(formula)
    best_quality = max(b.quality for b in result.bids)
    best_price = min(b.price for b in result.bids if b.price is not None)
    scale = rubric.award.parameter("scale", D(1_000_000)) or D(1_000_000)
    totals = {}
    for scored in result.bids:
        fictional = scored.total if formula.total_kind == "fictional" else None
        inputs = BidTotalInputs(
            quality=scored.quality,
            best_quality=best_quality,
            price=scored.price,
            best_price=best_price,
            price_score=scored.price_score,
            fictional_price=fictional,
            quality_weight=rubric.award.quality_weight,
            price_weight=rubric.award.price_weight,
            scale=scale,
        )
        totals[scored.bid] = formula.total_of(inputs)
        assert scored.total == totals[scored.bid]
    # The winner is the bid the entry's direction picks (lowest or highest total).
    winner = (min if formula.lowest_wins else max)(totals, key=lambda bid: totals[bid])
    assert next(b.bid for b in result.bids if b.rank == 1) == winner
