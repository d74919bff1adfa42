"""The Gates sheet: the result (``pass``, ``fail`` or ``not assessed``, from a list) and the reason
of every gate of every bid. Only ``fail`` takes a bid out of the competition."""

from __future__ import annotations

from openpyxl.formatting.rule import FormulaRule
from openpyxl.worksheet.datavalidation import DataValidation

from ..engine import GATE_FAIL, GATE_NOT_ASSESSED
from .layout import GATES_TOP, at
from .sheet import Sheet, text
from .styles import AMBER_FILL, GRID, INPUT_FILL, RED_FILL, TOP, TOP_WRAP

GATE_OPTIONS = ("pass", "fail", "not assessed")
_GATE_TEXT = {"pass": "pass", GATE_FAIL: "fail", GATE_NOT_ASSESSED: "not assessed"}
WIDTHS = (12, 30, 24, 34, 13, 80)


def gates_sheet(sheet: Sheet) -> None:
    plan, get = sheet.plan, sheet.styles.get
    sheet.print_setup(f"{GATES_TOP - 1}:{GATES_TOP - 1}", at(3, GATES_TOP))
    sheet.put_title(
        "Gates",
        "A bid that fails any gate is out of the competition; 'not assessed' keeps it in for now (the result is "
        "provisional).",
    )
    sheet.put_header(GATES_TOP - 1, ("Bid", "Bidder", "Gate", "Gate title", "Result", "Reason"))
    gates = plan.rubric.gates
    if not gates:
        sheet.put(GATES_TOP, [text("The rubric has no gates.")])
    wrap = get(border=GRID, alignment=TOP_WRAP)
    result_style = get(fill=INPUT_FILL, border=GRID, alignment=TOP)
    reason_style = get(fill=INPUT_FILL, border=GRID, alignment=TOP_WRAP)
    for index, bid in enumerate(plan.bids):
        for position, gate in enumerate(gates):
            outcome = bid.gate(gate.id)
            result = _GATE_TEXT.get(outcome.result, outcome.result) if outcome else "not assessed"
            cells = [text(label, wrap) for label in (bid.bid, bid.bidder, gate.id, gate.title)]
            cells += [text(result, result_style), text(outcome.reason if outcome is not None else "", reason_style)]
            height = max(sheet.fit(column, cell[0]) for column, cell in enumerate(cells, start=1) if column != 5)
            sheet.put(plan.gate_row(index, position), cells, height)
    if gates and plan.bids:
        _rules(sheet, f"E{GATES_TOP}:E{plan.gate_row(len(plan.bids), 0) - 1}")


def _rules(sheet: Sheet, cells: str) -> None:
    """A result is chosen from a list; ``fail`` shows red and ``not assessed`` amber."""
    rule = DataValidation(
        type="list",
        formula1='"' + ",".join(GATE_OPTIONS) + '"',
        allow_blank=False,
        showDropDown=False,  # (sic) False shows the in-cell list
        showErrorMessage=True,
        errorTitle="Choose from the list",
        error="Choose one of: " + ", ".join(GATE_OPTIONS) + ".",
    )
    rule.add(cells)
    sheet.validate(rule)
    first = cells.split(":")[0]
    for value, fill in (("fail", RED_FILL), ("not assessed", AMBER_FILL)):
        sheet.ws.conditional_formatting.add(cells, FormulaRule(formula=[f'{first}="{value}"'], fill=fill))
