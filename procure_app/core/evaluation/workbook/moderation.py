"""The Moderation sheet: one row per bid and criterion.

Each evaluator's score (read from the Eval sheets), the spread (MAX − MIN), *needs moderation* (the
spread is at least the limit in D3 and no consensus is set), the consensus score that Scores uses
and the reason for it.
"""

from __future__ import annotations

from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import get_column_letter

from .layout import FLAG, MODERATION_TOP, SPREAD_LIMIT, as_number, at, sheet_ref
from .sheet import Entry, Sheet, formula, number, text, validation
from .styles import AMBER_FILL, BID_BORDER, BOLD, CONFLICT_FILL, GRID, INPUT_FILL, ITALIC, TOP, TOP_WRAP


def moderation_widths(evaluators: int) -> list[int]:
    return [10, 26, 34] + [9] * evaluators + [8, 11, 11, 60]


def moderation_sheet(sheet: Sheet) -> None:
    plan = sheet.plan
    sheet.print_setup(f"{MODERATION_TOP - 1}:{MODERATION_TOP - 1}", at(4, MODERATION_TOP))
    sheet.put_title(
        "Moderation",
        "A criterion needs moderation when its scores differ by at least the spread below and the panel has set "
        "no consensus score. A consensus score replaces the evaluators' scores on the Scores sheet.",
    )
    spread = number(as_number(plan.rubric.moderation_spread), sheet.styles.get(fill=INPUT_FILL, border=GRID))
    sheet.put(3, [text("Spread that needs moderation", sheet.styles.get(font=BOLD)), None, None, spread])
    evaluators = plan.evaluation.evaluators
    labels = ["Bid", "Criterion", "Title", *(e.id for e in evaluators)]
    sheet.put_header(MODERATION_TOP - 1, [*labels, "Spread", "Needs moderation", "Consensus score", "Reason"])
    _rows(sheet)
    last = plan.moderation_row(len(plan.bids), 0) - 1
    _consensus_rules(sheet, last)
    sheet.ws.auto_filter.ref = f"A{MODERATION_TOP - 1}:{get_column_letter(plan.moderation_columns[3])}{max(last, 6)}"


class _Styles:
    """The styles of a row: ``first`` marks the first row of a bid (a firmer line above it)."""

    def __init__(self, sheet: Sheet, first: bool) -> None:
        get, border = sheet.styles.get, BID_BORDER if first else GRID
        self.text = get(border=border, alignment=TOP)
        self.wrap = get(border=border, alignment=TOP_WRAP)
        self.conflict = get(font=ITALIC, fill=CONFLICT_FILL, border=border, alignment=TOP)
        self.score = get(border=border, alignment=TOP, number_format="0")
        self.consensus = get(fill=INPUT_FILL, border=border, alignment=TOP, number_format="0")
        self.reason = get(fill=INPUT_FILL, border=border, alignment=TOP_WRAP)


def _rows(sheet: Sheet) -> None:
    plan = sheet.plan
    styles = (_Styles(sheet, True), _Styles(sheet, False))
    spread, _, agreed, reason_column = plan.moderation_columns
    evaluators = plan.evaluation.evaluators
    sources = [sheet_ref(plan.sheets[e.id], "") for e in evaluators]  # 'Eval - x'! before an address
    consensus = {(c.bid, c.criterion): c for c in plan.evaluation.consensus}
    titles = {criterion.id: text(criterion.title) for _, criterion in plan.criteria}
    heights = {key: sheet.fit(3, value[0]) for key, value in titles.items()}
    row = MODERATION_TOP
    for index, bid in enumerate(plan.bids):
        conflicted = [bid.bid in e.conflicts for e in evaluators]
        column = get_column_letter(3 + 2 * index)  # the bid's score column on the Eval sheets
        for position, (_, criterion) in enumerate(plan.criteria):
            style = styles[position != 0]
            cells: list[Entry | None] = [
                text(bid.bid, style.text),
                text(criterion.id, style.text),
                (titles[criterion.id][0], "s", style.wrap),
            ]
            address = f"{column}{plan.rows[criterion.id]}"
            for offset, source in enumerate(sources):
                if conflicted[offset]:
                    cells.append(text("conflict", style.conflict))
                else:
                    cells.append(formula(f'=IF(ISNUMBER({source}{address}),{source}{address},"")', style.score))
            scores = f"D{row}:{get_column_letter(spread - 1)}{row}"
            check = f'IF({at(spread, row)}>={SPREAD_LIMIT},"{FLAG}","")'
            agreement = consensus.get((bid.bid, criterion.id))
            reason = text(agreement.reason if agreement is not None else "", style.reason)
            cells += [
                formula(f'=IF(COUNT({scores})=0,"",MAX({scores})-MIN({scores}))', style.score),
                formula(f'=IF(AND(COUNT({scores})>0,NOT(ISNUMBER({at(agreed, row)}))),{check},"")', style.text),
                number(None if agreement is None else as_number(agreement.score), style.consensus),
                reason,
            ]
            sheet.put(row, cells, max(heights[criterion.id], sheet.fit(reason_column, reason[0])))
            row += 1


def _consensus_rules(sheet: Sheet, last: int) -> None:
    """Consensus scores are whole numbers on the scale; a row that needs moderation is amber."""
    plan = sheet.plan
    if not plan.bids or not plan.criteria:
        return
    low, high = plan.rubric.scale_min, plan.rubric.scale_max
    rule = validation("whole", str(low), str(high), f"A score is a whole number from {low} to {high}.")
    letter = get_column_letter(plan.moderation_columns[2])
    rule.add(f"{letter}{MODERATION_TOP}:{letter}{last}")
    sheet.validate(rule)
    flag = get_column_letter(plan.moderation_columns[1])
    cells = f"A{MODERATION_TOP}:{get_column_letter(plan.moderation_columns[3])}{last}"
    sheet.ws.conditional_formatting.add(
        cells, FormulaRule(formula=[f'${flag}{MODERATION_TOP}="{FLAG}"'], fill=AMBER_FILL)
    )
