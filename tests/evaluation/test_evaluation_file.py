"""The evaluation file: the model it builds, and every rule at its exact line and column.

Each case changes the minimal valid file :data:`VALID` in one place (:func:`change` insists that the
piece occurs exactly once), loads it against :func:`small_rubric` and checks the errors reported:
exactly one, with its rule, line and column (where the piece ``at`` starts on its line). Warnings
are checked the same way in their own cases.
"""

from __future__ import annotations

import copy
import textwrap
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from procure_app.core.base.diagnostics import Diagnostic, Severity
from procure_app.core.base.schema_check import is_valid, validator
from procure_app.core.evaluation.evaluation_file import load_evaluation, load_evaluation_with_rubric
from procure_app.core.rubric.model import Rubric

from .builders import small_rubric

VALID = textwrap.dedent(
    """\
    evaluation:
      title: Test evaluation
      tender: {reference: "T-1", title: Test tender, lot: "1"}
      rubric: rubric.yaml
      currency: EUR
    evaluators:
      - {id: ann, name: Ann Example, role: Chair}
      - {id: bob, name: Bob Example, conflicts: [bid-b]}
    bids:
      - id: bid-a
        bidder: Alpha Ltd
        sme: true
        submitted: "2027-04-05T10:00"
        price: {capex: 1000, opex_per_year: 10, maintenance_per_year: 5, years: 4}
        gates:
          gate-a: {result: pass, reason: Checked the register.}
      - id: bid-b
        bidder: Beta Ltd
        price: {capex: 900, opex_per_year: 10, maintenance_per_year: 5, years: 4}
        gates:
          gate-a: {result: pass, reason: Checked too.}
    scores:
      - {evaluator: ann, bid: bid-a, criterion: c1, score: 4, justification: Clear interface description.}
      - {evaluator: ann, bid: bid-a, criterion: c2, score: 3, justification: Adequate plan.}
      - {evaluator: ann, bid: bid-a, criterion: c3, score: 5, justification: Independent audit attached.}
      - {evaluator: bob, bid: bid-a, criterion: c1, score: 2, justification: Half the functions only.}
      - {evaluator: bob, bid: bid-a, criterion: c2, score: 3, justification: Adequate.}
      - {evaluator: bob, bid: bid-a, criterion: c3, score: 4, justification: Good audit.}
      - {evaluator: ann, bid: bid-b, criterion: c1, score: 3, justification: Meets it.}
      - {evaluator: ann, bid: bid-b, criterion: c2, score: 2, justification: Partial.}
      - {evaluator: ann, bid: bid-b, criterion: c3, score: 3, justification: Meets it.}
    consensus:
      - {bid: bid-a, criterion: c1, score: 3, reason: Agreed at moderation.}
    """
)

ERROR, WARNING = Severity.ERROR, Severity.WARNING
_VALID_DATA = yaml.safe_load(VALID)


def change(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def position(text: str, piece: str, occurrence: int = 1) -> tuple[int, int]:
    """The 1-based line and column where the ``occurrence``-th ``piece`` starts."""
    start = -1
    for _ in range(occurrence):
        start = text.index(piece, start + 1)
    line = text.count("\n", 0, start) + 1
    return line, start - (text.rfind("\n", 0, start) + 1) + 1


def load(tmp_path: Path, text: str, rubric: Rubric | None = None):
    path = tmp_path / "x.eval.yaml"
    path.write_text(text, encoding="utf-8")
    return load_evaluation(path, small_rubric() if rubric is None else rubric)


@dataclass(frozen=True)
class Case:
    rule: str
    old: str
    new: str
    at: str  # the piece of the changed text the diagnostic points at
    occurrence: int = 1
    phrase: str = ""


CASES = [
    Case("E101", "evaluator: bob, bid: bid-a, criterion: c2", "evaluator: bop, bid: bid-a, criterion: c2", "bop",
         phrase="did you mean 'bob'"),
    Case("E102", "{evaluator: ann, bid: bid-b, criterion: c2", "{evaluator: ann, bid: bid-x, criterion: c2", "bid-x"),
    Case("E102", "conflicts: [bid-b]", "conflicts: [bid-z]", "bid-z"),
    Case("E102", "{bid: bid-a, criterion: c1, score: 3", "{bid: bid-q, criterion: c1, score: 3", "bid-q"),
    Case("E103", "criterion: c3, score: 5", "criterion: c9, score: 5", "c9"),
    Case("E103", "{bid: bid-a, criterion: c1, score: 3", "{bid: bid-a, criterion: cx, score: 3", "cx"),
    Case("E104", "gate-a: {result: pass, reason: Checked too.}", "gate-b: {result: pass, reason: Checked too.}",
         "gate-b", phrase="did you mean 'gate-a'"),
    Case("E105", "[bid-b]}\n", "[bid-b]}\n  - {id: ann, name: Ann Again}\n", "ann, name: Ann Again",
         phrase="already used on line 7"),
    Case("E105", "scores:\n", "  - {id: bid-a, bidder: Gamma Ltd, price: {capex: 1, opex_per_year: 0, "
         "maintenance_per_year: 0, years: 1}}\nscores:\n", "bid-a, bidder: Gamma", phrase="already used on line 10"),
    Case("E106", "criterion: c3, score: 5", "criterion: c3, score: 6", "6,", phrase="outside the scale"),
    Case("E106", "criterion: c3, score: 5", "criterion: c3, score: 3.5", "3.5", phrase="not a whole number"),
    Case("E106", "criterion: c3, score: 5", "criterion: c3, score: -1", "-1,", phrase="from 0 to 5"),
    Case("E106", "criterion: c3, score: 5", "criterion: c3, score: .nan", ".nan", phrase="not a number"),
    Case("E107", "justification: Partial.", "justification: '  '", "'  '", phrase="requires a justification"),
    Case("E107", ", justification: Partial.}", "}", "{evaluator: ann, bid: bid-b, criterion: c2"),
    Case("E108", "{capex: 900,", "{capex: -900,", "-900", phrase="below 0"),
    Case("E108", "opex_per_year: 10, maintenance_per_year: 5, years: 4}\n    gates:\n      gate-a: {result: pass, "
         "reason: Checked too.}", "opex_per_year: -1, maintenance_per_year: 5, years: 4}\n    gates:\n      gate-a: "
         "{result: pass, reason: Checked too.}", "-1, maint"),
    Case("E108", "{capex: 900,", "{capex: 0,", "{capex: 0", phrase="comes to 0"),
    Case("E109", "    price: {capex: 900, opex_per_year: 10, maintenance_per_year: 5, years: 4}\n", "", "bid-b\n",
         phrase="no price sheet"),
    Case("E110", "{evaluator: ann, bid: bid-b, criterion: c3", "{evaluator: bob, bid: bid-b, criterion: c3",
         "bid-b, criterion: c3", phrase="conflict of interest"),
    Case("E111", "criterion: c3, score: 4, justification: Good audit.", "criterion: c1, score: 4, justification: "
         "Good audit.", "{evaluator: bob, bid: bid-a, criterion: c1, score: 4", phrase="on line 26"),
    Case("E112", "criterion: c1, score: 3, reason", "criterion: c1, score: 9, reason", "9,", phrase="consensus score"),
    Case("E113", ", reason: Agreed at moderation.}", "}", "{bid: bid-a, criterion: c1", phrase="no reason"),
    Case("E113", "reason: Agreed at moderation.", 'reason: ""', '""'),
    Case("E114", "  - {bid: bid-a, criterion: c1, score: 3, reason: Agreed at moderation.}\n",
         "  - {bid: bid-a, criterion: c1, score: 3, reason: Agreed at moderation.}\n"
         "  - {bid: bid-a, criterion: c1, score: 2, reason: Changed our minds.}\n",
         "{bid: bid-a, criterion: c1, score: 2", phrase="already set on line 33"),
    Case("E115", '"2027-04-05T10:00"', '"2027-02-30T10:00"', '"2027-02-30', phrase="not a real date"),
    Case("E116", "gate-a: {result: pass, reason: Checked too.}", "gate-a: {result: fail}", "{result: fail}",
         phrase="without a reason"),
    Case("S003", "criterion: c3, score: 5", "criterion: c3, score: five", "five"),
    Case("S005", '"2027-04-05T10:00"', '"5 April"', '"5 April"'),
    Case("S006", "years: 4}\n    gates:\n      gate-a: {result: pass, reason: Checked the", "years: 0}\n    gates:\n"
         "      gate-a: {result: pass, reason: Checked the", "0}"),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.rule}-{c.at.strip()[:12]}")
def test_each_rule_at_its_line(tmp_path: Path, case: Case) -> None:
    text = change(VALID, case.old, case.new)
    loaded, problems = load(tmp_path, text)
    errors = [p for p in problems if p.is_error]
    assert loaded is None
    assert [(p.rule, p.line, p.column) for p in errors] == [(case.rule, *position(text, case.at, case.occurrence))], [
        p.format() for p in problems
    ]
    assert case.phrase in errors[0].message


def test_a_bid_without_gate_results_is_not_yet_assessed(tmp_path: Path) -> None:
    text = change(VALID, "    gates:\n      gate-a: {result: pass, reason: Checked too.}\n", "")
    loaded, problems = load(tmp_path, text)
    assert loaded is not None
    assert [(p.rule, p.severity, p.line, p.column) for p in problems] == [("E201", WARNING, *position(text, "bid-b\n"))]
    assert "gate-a: they are not yet assessed" in problems[0].message


def test_a_criterion_nobody_scored_yet(tmp_path: Path) -> None:
    text = change(VALID, "  - {evaluator: ann, bid: bid-b, criterion: c3, score: 3, justification: Meets it.}\n", "")
    loaded, problems = load(tmp_path, text)
    assert loaded is not None
    assert [(p.rule, p.severity, p.line, p.column) for p in problems] == [
        ("E202", WARNING, *position(text, "bid-b\n")),
        ("E203", WARNING, *position(text, "{evaluator: ann, bid: bid-b")),
    ]
    assert "nobody has scored bid bid-b on 1 of 3 criteria yet (c3)" in problems[0].message


def test_an_evaluator_who_scored_part_of_a_bid(tmp_path: Path) -> None:
    text = change(VALID, "  - {evaluator: bob, bid: bid-a, criterion: c2, score: 3, justification: Adequate.}\n", "")
    loaded, problems = load(tmp_path, text)
    assert loaded is not None
    line, column = position(text, "{evaluator: bob, bid: bid-a, criterion: c1")
    assert [(p.rule, p.severity, p.line, p.column) for p in problems] == [("E203", WARNING, line, column)]
    assert "bob scored bid bid-a on 2 of 3 criteria; not yet on c2" in problems[0].message


def test_no_scores_yet_is_one_warning(tmp_path: Path) -> None:
    text = VALID[: VALID.index("scores:")]
    loaded, problems = load(tmp_path, text)
    assert loaded is not None and loaded.scores == ()
    assert [(p.rule, p.line) for p in problems] == [("E202", position(text, "bids:")[0])]
    assert "no scores yet" in problems[0].message
    # price-only needs no scores at all
    _, problems = load(tmp_path, text, small_rubric("price-only", 0, 100))
    assert problems == []


def test_a_bid_that_failed_a_gate_and_a_conflicted_evaluator_need_no_scores(tmp_path: Path) -> None:
    text = VALID.replace("gate-a: {result: pass, reason: Checked too.}", "gate-a: {result: fail, reason: Late.}")
    text = text[: text.index("  - {evaluator: ann, bid: bid-b")] + text[text.index("consensus:") :]
    loaded, problems = load(tmp_path, text)
    assert loaded is not None and problems == []


def test_the_price_sheet_is_needed_only_by_price_formulas(tmp_path: Path) -> None:
    text = change(VALID, "    price: {capex: 900, opex_per_year: 10, maintenance_per_year: 5, years: 4}\n", "")
    loaded, problems = load(tmp_path, text, small_rubric("quality-only", 100, 0))
    assert loaded is not None and problems == []
    bid = loaded.bid("bid-b")
    assert bid is not None and bid.price is None


def test_lifecycle_basis_decides_whether_a_price_comes_to_zero(tmp_path: Path) -> None:
    text = change(VALID, "{capex: 900, opex_per_year: 10,", "{capex: 0, opex_per_year: 10,")
    lifecycle = replace(small_rubric(), price=replace(small_rubric().price, basis="lifecycle"))
    loaded, problems = load(tmp_path, text, lifecycle)
    assert loaded is not None and problems == []  # 0 + 4 · 15 = 60 > 0


def test_without_a_rubric_only_the_rubric_free_rules_run(tmp_path: Path) -> None:
    text = change(VALID, "criterion: c3, score: 5", "criterion: c9, score: 7.5")
    path = tmp_path / "x.eval.yaml"
    path.write_text(text, encoding="utf-8")
    loaded, problems = load_evaluation(path, None)
    assert loaded is None
    assert [p.rule for p in problems] == ["E106"] and "not a whole number" in problems[0].message


def test_the_model(tmp_path: Path) -> None:
    loaded, problems = load(tmp_path, VALID)
    assert problems == [] and loaded is not None
    assert (loaded.title, loaded.tender_reference, loaded.tender_title, loaded.lot) == (
        "Test evaluation",
        "T-1",
        "Test tender",
        "1",
    )
    assert loaded.rubric_path == (tmp_path / "rubric.yaml").resolve()
    assert loaded.currency == "EUR" and loaded.path == tmp_path / "x.eval.yaml"
    assert (loaded.sensitivity.perturbation_percent, loaded.sensitivity.draws, loaded.sensitivity.seed) == (10, 1000, 0)
    ann, bob = loaded.evaluators
    assert (ann.id, ann.name, ann.role, ann.conflicts) == ("ann", "Ann Example", "Chair", ())
    assert bob.conflicts == ("bid-b",) and loaded.evaluator("bob") == bob
    a = loaded.bid("bid-a")
    assert a is not None and a.sme and a.submitted == datetime(2027, 4, 5, 10, 0)
    assert a.price is not None and a.price.capex == Decimal(1000) and a.price.years == 4
    gate = a.gate("gate-a")
    assert gate is not None and gate.passed and gate.reason == "Checked the register."
    assert len(loaded.scores) == 9 and all(isinstance(s.score, Decimal) for s in loaded.scores)
    assert loaded.scores[0].justification == "Clear interface description."
    assert loaded.consensus[0].score == 3 and loaded.consensus[0].reason == "Agreed at moderation."


def test_sensitivity_settings_are_read(tmp_path: Path) -> None:
    text = change(VALID, "  currency: EUR\n", "  currency: EUR\n  sensitivity: {perturbation_percent: 5, seed: 42}\n")
    loaded, problems = load(tmp_path, text)
    assert problems == [] and loaded is not None
    assert (loaded.sensitivity.perturbation_percent, loaded.sensitivity.draws, loaded.sensitivity.seed) == (5, 1000, 42)


def test_a_whole_number_written_as_a_decimal_is_accepted(tmp_path: Path) -> None:
    loaded, problems = load(tmp_path, change(VALID, "criterion: c3, score: 5", "criterion: c3, score: 5.0"))
    assert problems == [] and loaded is not None and loaded.scores[2].score == 5


def test_load_with_rubric_reports_a_missing_rubric_file(tmp_path: Path) -> None:
    path = tmp_path / "x.eval.yaml"
    path.write_text(VALID, encoding="utf-8")
    loaded, rubric, problems = load_evaluation_with_rubric(path, lambda p: (small_rubric(), []))
    assert loaded is None and rubric is None
    assert [(p.rule, p.line, p.column) for p in problems] == [("E117", *position(VALID, "rubric.yaml"))]


def test_load_with_rubric_checks_against_the_rubric_it_loads(tmp_path: Path) -> None:
    (tmp_path / "rubric.yaml").write_text("stand-in\n", encoding="utf-8")
    path = tmp_path / "x.eval.yaml"
    path.write_text(VALID, encoding="utf-8")
    seen: list[Path] = []

    def loader(p: Path) -> tuple[Rubric | None, list[Diagnostic]]:
        seen.append(p)
        return small_rubric(), []

    loaded, rubric, problems = load_evaluation_with_rubric(path, loader)
    assert problems == [] and loaded is not None and rubric == small_rubric()
    assert seen == [(tmp_path / "rubric.yaml").resolve()]
    broken = Diagnostic(tmp_path / "rubric.yaml", 3, 1, "R101", "weights")
    loaded, rubric, problems = load_evaluation_with_rubric(path, lambda p: (None, [broken]))
    assert loaded is None and rubric is None and problems == [broken]


def test_a_file_that_is_not_yaml_or_not_an_evaluation(tmp_path: Path) -> None:
    loaded, problems = load(tmp_path, "evaluation: [unclosed\n")
    assert loaded is None and [p.rule for p in problems] == ["Y001"]
    loaded, problems = load(tmp_path, "bids: []\n")
    assert loaded is None and {p.rule for p in problems} == {"S001"}


_ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    st.just("2027-04-05T10:00"),
    st.just("bid-a"),
    st.lists(st.text(max_size=4), max_size=2),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
)


def _keypaths(node: object, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_keypaths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_keypaths(value, (*prefix, index)))
    return found


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_fast_schema_check_agrees_with_jsonschema(data) -> None:
    document = copy.deepcopy(_VALID_DATA)
    where = data.draw(st.sampled_from(_keypaths(document)[1:]))
    parent = document
    for part in where[:-1]:
        parent = parent[part]
    if data.draw(st.booleans()):
        del parent[where[-1]]
    else:
        parent[where[-1]] = data.draw(_ODD)
    assert is_valid(document, "evaluation") == validator("evaluation").is_valid(document)
