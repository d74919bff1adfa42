"""The Summary sheet: the tender, the award formula, WQ/WP, one row per bid, the winner and a chart.

Every figure in the bid table reads the Prices, Scores, Gates and Moderation sheets; the winner is
the bid ranked 1, or "No winner" when bids share rank 1 or none is ranked.
"""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange

from ..engine import GATE_FAIL, BidResult, EvaluationResult
from ..evaluation_file import EvaluationFile
from .layout import (
    FLAG,
    FORMULA_WORDS,
    P_LOW,
    P_PRICE,
    P_RANK,
    P_S,
    P_T,
    P_VALID,
    S_BID,
    S_BIDDER,
    S_IN,
    S_LOW,
    S_RANK,
    S_T,
    S_WHY,
    SHEET_GATES,
    SHEET_MODERATION,
    SHEET_PRICES,
    SHEET_SCORES,
    SUMMARY_TOP,
    WITH_PRICE_SCORE,
    Plan,
    as_number,
    at,
    money_format,
    sheet_ref,
    span,
)
from .sheet import LINE_HEIGHT, Entry, Sheet, formula, line_count, number, text, validation
from .styles import (
    AMBER_FILL,
    BOLD,
    CENTER_TOP,
    GREEN_FILL,
    GREY_FILL,
    GRID,
    INPUT_FILL,
    ITALIC,
    LEFT,
    SCORE,
    TOP,
    TOP_WRAP,
    WEIGHT,
    YES_NO,
)

_HEADERS = (
    "Bid",
    "Bidder",
    "SME",
    "In competition",
    "Quality Q",
    "Price P",
    "Price score S",
    "Total T",
    "Rank",
    "Abnormally low price",
    "Criteria to moderate",
    "Exclusion reasons (as computed by Procure)",
)
WIDTHS = (20, 34, 6, 12, 10, 17, 10, 12, 7, 11, 11, 62)


def summary_sheet(sheet: Sheet) -> None:
    plan = sheet.plan
    sheet.print_setup(f"{SUMMARY_TOP - 1}:{SUMMARY_TOP - 1}", at(3, SUMMARY_TOP))
    sheet.put_title(plan.evaluation.title)
    rubric, get = plan.rubric, sheet.styles.get
    bold = get(font=BOLD)
    facts = (
        ("Tender", _tender_line(plan.evaluation)),
        ("Rubric", f"{rubric.title} ({rubric.id}, version {rubric.version})"),
        ("Award formula", f"{plan.formula}: {FORMULA_WORDS.get(plan.formula, plan.formula)}"),
    )
    for row, (label, value) in enumerate(facts, start=2):
        sheet.put(row, [text(label, bold), text(value)])
    weight = get(fill=INPUT_FILL, border=GRID, alignment=LEFT, number_format=WEIGHT)
    award = rubric.award
    note = "Change WQ or WP to see the totals move (they are used scaled to sum to 100)."
    italic = get(font=ITALIC)
    sheet.put(5, [text("Quality weight WQ", bold), number(as_number(award.quality_weight), weight), text(note, italic)])
    sheet.put(6, [text("Price weight WP", bold), number(as_number(award.price_weight), weight)])
    rule = validation("decimal", "0", None, "Enter a weight of 0 or more.")
    rule.add("B5:B6")
    sheet.validate(rule)
    sheet.put(7, [text("Status", bold), text(_status(plan.result))])
    sheet.put(8, [text("Winner (rank 1)", bold), formula(_winner_formula(plan), bold)])
    _table(sheet)


def _tender_line(evaluation: EvaluationFile) -> str:
    lot = f", lot {evaluation.lot}" if evaluation.lot else ""
    return f"{evaluation.tender_reference}: {evaluation.tender_title}{lot}"


def _status(result: EvaluationResult) -> str:
    if result.provisional:
        return "Provisional when written: some gates are not yet assessed or some criteria not yet scored."
    return "Complete when written: every gate assessed and every criterion scored."


def _winner_formula(plan: Plan) -> str:
    first, last = plan.bid_rows(SUMMARY_TOP)
    ranks, bidders, ids = (span(column, first, last) for column in (S_RANK, S_BIDDER, S_BID))
    match = f"MATCH(1,{ranks},0)"
    return (
        f'=IF(COUNTIF({ranks},1)=1,INDEX({bidders},{match})&" ("&INDEX({ids},{match})&")",'
        f'IF(COUNTIF({ranks},1)>1,"No winner: bids share rank 1; settle the tie as the tender documents say",'
        '"No winner: no bid is ranked"))'
    )


def _table(sheet: Sheet) -> None:
    plan = sheet.plan
    labels = list(_HEADERS)
    if plan.award_on_value:
        labels[S_T - 1] = "Total T (fictional price)"
    sheet.put_header(SUMMARY_TOP - 1, labels)
    styles = _RowStyles(sheet)
    for index, bid in enumerate(plan.bids):
        sheet.put(plan.summary_row(index), *_bid_row(sheet, styles, index, bid))
    first, last = plan.bid_rows(SUMMARY_TOP)
    _highlights(sheet, f"A{first}:{get_column_letter(S_WHY)}{last}", first)
    row = _notes(sheet, last + 2)
    if plan.bids:
        _totals_chart(sheet, row + 1)


class _RowStyles:
    """The styles of a bid row, registered once."""

    def __init__(self, sheet: Sheet) -> None:
        plan, get = sheet.plan, sheet.styles.get
        money = money_format(plan.evaluation.currency)
        self.text = get(border=GRID, alignment=TOP)
        self.flag = get(border=GRID, alignment=TOP, number_format=YES_NO)
        self.score = get(border=GRID, alignment=TOP, number_format=SCORE)
        self.money = get(border=GRID, alignment=TOP, number_format=money)
        self.dash = get(border=GRID, alignment=CENTER_TOP)
        self.total = get(font=BOLD, border=GRID, alignment=TOP, number_format=money if plan.award_on_value else SCORE)
        self.rank = get(font=BOLD, border=GRID, alignment=TOP, number_format="0")
        self.count = get(border=GRID, alignment=TOP, number_format="0")
        self.reasons = get(border=GRID, alignment=TOP_WRAP)


def _bid_row(sheet: Sheet, styles: _RowStyles, index: int, bid: BidResult) -> tuple[list[Entry | None], float]:
    plan = sheet.plan
    price_row = plan.price_row(index)

    def prices(column: int) -> str:
        return "=" + sheet_ref(SHEET_PRICES, at(column, price_row))

    if plan.formula in WITH_PRICE_SCORE:
        score = formula(prices(P_S), styles.score)
    else:
        score = text("—", styles.dash)
    reasons = text("\n".join(exclusion.message for exclusion in bid.exclusions), styles.reasons)
    cells: list[Entry | None] = [
        text(bid.bid, styles.text),
        text(bid.bidder, styles.text),
        text("yes" if bid.sme else "no", styles.text),
        formula(_in_competition(plan, index), styles.flag),
        formula("=" + sheet_ref(SHEET_SCORES, at(plan.score_column(index), plan.quality_row)), styles.score),
        formula(prices(P_PRICE), styles.money),
        score,
        formula(prices(P_T), styles.total),
        formula(prices(P_RANK), styles.rank),
        formula(f'=IF({sheet_ref(SHEET_PRICES, at(P_LOW, price_row))}=1,"{FLAG}","")', styles.text),
        formula(_to_moderate(plan, index), styles.count),
        reasons,
    ]
    return cells, sheet.fit(S_WHY, reasons[0])


def _in_competition(plan: Plan, index: int) -> str:
    """1 when no gate failed, every minimum is met and (for a formula with prices) the price is valid."""
    checks = []
    if plan.rubric.gates:
        first, last = plan.gate_row(index, 0), plan.gate_row(index, len(plan.rubric.gates) - 1)
        checks.append(f'COUNTIF({sheet_ref(SHEET_GATES, f"E{first}:E{last}")},"{GATE_FAIL}")=0')
    checks.append(sheet_ref(SHEET_SCORES, at(plan.score_column(index), plan.minimums_row)) + "=1")
    if plan.formula != "quality-only":
        checks.append(sheet_ref(SHEET_PRICES, at(P_VALID, plan.price_row(index))) + "=1")
    return f"=IF(AND({','.join(checks)}),1,0)"


def _to_moderate(plan: Plan, index: int) -> str:
    if not plan.criteria:
        return '=""'
    flag = plan.moderation_columns[1]
    first, last = plan.moderation_row(index, 0), plan.moderation_row(index, len(plan.criteria) - 1)
    count = f'COUNTIF({sheet_ref(SHEET_MODERATION, f"{at(flag, first)}:{at(flag, last)}")},"{FLAG}")'
    return f'=IF({count}=0,"",{count})'


def _highlights(sheet: Sheet, cells: str, first: int) -> None:
    """Excluded rows grey, an abnormally low price amber, rank 1 green (first match wins)."""
    rules = (
        (f"${get_column_letter(S_IN)}{first}=0", GREY_FILL),
        (f'${get_column_letter(S_LOW)}{first}="{FLAG}"', AMBER_FILL),
        (f"${get_column_letter(S_RANK)}{first}=1", GREEN_FILL),
    )
    for rule, fill in rules:
        sheet.ws.conditional_formatting.add(cells, FormulaRule(formula=[rule], fill=fill, stopIfTrue=True))


def _notes(sheet: Sheet, row: int) -> int:
    """The engine's outcome notes and tie-breaks from ``row``; returns the next free row."""
    result = sheet.plan.result
    messages = [note.message for note in result.notes] + [tie.message for tie in result.tie_breaks]
    sheet.put(row, [text("Notes (as computed by Procure when the workbook was written)", sheet.styles.get(font=BOLD))])
    if not messages:
        messages = ["None: Procure raised no outcome note and broke no tie."]
    wrap = sheet.styles.get(alignment=TOP_WRAP)
    for offset, message in enumerate(messages, start=1):
        lines = line_count(message, 140)
        sheet.put(row + offset, [None, text(message, wrap)], lines * LINE_HEIGHT if lines > 1 else 0.0)
        sheet.ws.merged_cells.add(CellRange(min_col=2, min_row=row + offset, max_col=S_WHY, max_row=row + offset))
    return row + len(messages) + 1


def _totals_chart(sheet: Sheet, row: int) -> None:
    plan = sheet.plan
    first, last = plan.bid_rows(SUMMARY_TOP)
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = "Fictional price T (lowest wins)" if plan.award_on_value else "Total T (highest wins)"
    chart.add_data(Reference(sheet.ws, min_col=S_T, min_row=first - 1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(sheet.ws, min_col=S_BIDDER, min_row=first, max_row=last))
    chart.legend = None
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.x_axis.scaling.orientation = "maxMin"  # the first bid on top, as in the table
    chart.y_axis.majorGridlines = None
    chart.y_axis.number_format = "#,##0" if plan.award_on_value else "0"
    chart.height = 2.5 + 1.0 * len(plan.bids)
    chart.width = 24
    sheet.ws.add_chart(chart, f"B{row}")
