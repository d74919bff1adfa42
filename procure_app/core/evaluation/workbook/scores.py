"""The Scores sheet: criteria (rows, under a row per group) × bids (columns), then Q and its checks.

A criterion's score is the consensus score from Moderation when one is set, else the mean (or
median) of the evaluators' cells; a group's score is ``SUMPRODUCT(weights, scores) / SUM(weights)
/ M``; Q is the weighted sum of the groups. Below the table: Q, the criteria scored and *every
minimum met* (and, for ``award-on-value``, the value of the scores).
"""

from __future__ import annotations

from collections.abc import Callable

from openpyxl.utils import get_column_letter

from ...rubric.model import Criterion, Group
from .layout import SCALE_MAX, SCORES_TOP, SHEET_MODERATION, Plan, as_number, at, money_format, sheet_ref, span
from .sheet import Entry, Sheet, blank, formula, number, text
from .styles import (
    BOLD,
    GRID,
    GROUP_FILL,
    INDENT_TOP,
    INPUT_FILL,
    PERCENT,
    SCORE,
    TOP,
    TOP_WRAP,
    TOTAL_BORDER,
    WEIGHT,
    YES_NO,
)


def scores_sheet(sheet: Sheet) -> None:
    plan = sheet.plan
    sheet.print_setup(f"{SCORES_TOP - 2}:{SCORES_TOP - 1}", at(3, SCORES_TOP))
    method = "median" if plan.rubric.aggregation == "median" else "mean"
    sheet.put_title(
        "Quality scores",
        f"A criterion's score is the consensus score (Moderation) when set, else the {method} of the evaluators' "
        "scores (Eval sheets); a group's score is its weighted share of the scale; Q is the weighted sum of the "
        "groups.",
    )
    input_ = sheet.styles.get(fill=INPUT_FILL, border=GRID)
    sheet.put(
        3,
        [text("Scale maximum M", sheet.styles.get(font=BOLD)), None, number(as_number(plan.result.scale_max), input_)],
    )
    _header(sheet)
    for group in plan.rubric.groups:
        _group_row(sheet, group)
        for criterion in group.criteria:
            _criterion_row(sheet, criterion)
    _footer(sheet)


def scores_widths(plan: Plan) -> list[int]:
    return [26, 50, 9, 10] + ([12] if plan.award_on_value else []) + [13] * len(plan.bids)


def _header(sheet: Sheet) -> None:
    plan = sheet.plan
    labels = ["Group / criterion", "Title", "Weight %", "Minimum"] + (
        ["Value per level"] if plan.award_on_value else []
    )
    sheet.put_header(SCORES_TOP - 2, labels + [bid.bid for bid in plan.bids])
    cells, height = sheet.header([""] * len(labels) + [bid.bidder for bid in plan.bids])
    note = "(weight: of the quality score for a group, of its group for a criterion)"
    cells[2] = text(note, cells[2][2])
    sheet.put(SCORES_TOP - 1, cells, max(height, sheet.fit(2, note, narrow=0.8)))


def _group_row(sheet: Sheet, group: Group) -> None:
    plan, get = sheet.plan, sheet.styles.get
    row = plan.rows[group.id]
    label = get(font=BOLD, fill=GROUP_FILL, border=GRID)
    cells: list[Entry | None] = [
        text(group.id, label),
        text(group.title, label),
        number(as_number(group.weight), get(font=BOLD, fill=INPUT_FILL, border=GRID, number_format=WEIGHT)),
    ]
    if group.minimum is not None:
        cells.append(
            number(as_number(group.minimum), get(font=BOLD, fill=INPUT_FILL, border=GRID, number_format='0" %"'))
        )
    else:
        cells.append(blank(label))
    if plan.award_on_value:
        cells.append(blank(label))
    first, last = row + 1, row + len(group.criteria)
    weights = span(3, first, last)
    share = get(font=BOLD, fill=GROUP_FILL, border=GRID, number_format=PERCENT)
    for index in range(len(plan.bids)):
        column = get_column_letter(plan.score_column(index))
        cells.append(
            formula(
                f"=IF(OR(SUM({weights})<=0,{SCALE_MAX}<=0),0,SUMPRODUCT({weights},{column}{first}:{column}{last})"
                f"/SUM({weights})/{SCALE_MAX})",
                share,
            )
        )
    sheet.put(row, cells)


def criterion_labels(sheet: Sheet, criterion: Criterion) -> tuple[list[Entry | None], float]:
    """The criterion's id and title, at the start of its row (Scores and the evaluator sheets),
    and the height the title needs."""
    get = sheet.styles.get
    title = text(criterion.title, get(border=GRID, alignment=TOP_WRAP))
    return [text(criterion.id, get(border=GRID, alignment=INDENT_TOP)), title], sheet.fit(2, title[0])


def _criterion_row(sheet: Sheet, criterion: Criterion) -> None:
    plan, get = sheet.plan, sheet.styles.get
    row = plan.rows[criterion.id]
    cells, height = criterion_labels(sheet, criterion)
    input_ = get(fill=INPUT_FILL, border=GRID, number_format=WEIGHT)
    cells.append(number(as_number(criterion.weight), input_))
    if criterion.minimum is not None:  # only the rubric's minimums are in the formulas
        cells.append(number(as_number(criterion.minimum), input_))
    else:
        cells.append(blank(get(border=GRID)))
    if plan.award_on_value:
        money = get(fill=INPUT_FILL, border=GRID, number_format=money_format(plan.evaluation.currency))
        cells.append(number(as_number(criterion.value_per_level or 0), money))
    score = get(border=GRID, alignment=TOP, number_format=SCORE)
    cells += [
        formula(_criterion_formula(plan, index, bid.bid, criterion), score) for index, bid in enumerate(plan.bids)
    ]
    sheet.put(row, cells, height)


def _criterion_formula(plan: Plan, index: int, bid_id: str, criterion: Criterion) -> str:
    """The consensus score if set, else the mean (median) of the evaluators' cells; "" when unscored."""
    position = plan.positions[criterion.id]
    consensus = sheet_ref(SHEET_MODERATION, at(plan.moderation_columns[2], plan.moderation_row(index, position)))
    cell = at(3 + 2 * index, plan.rows[criterion.id])
    refs = ",".join(
        sheet_ref(plan.sheets[e.id], cell) for e in plan.evaluation.evaluators if not plan.conflicted(e, bid_id)
    )
    if not refs:
        return f'=IF(ISNUMBER({consensus}),{consensus},"")'
    method = "MEDIAN" if plan.rubric.aggregation == "median" else "AVERAGE"
    return f'=IF(ISNUMBER({consensus}),{consensus},IF(COUNT({refs})=0,"",{method}({refs})))'


def _footer(sheet: Sheet) -> None:
    plan, get = sheet.plan, sheet.styles.get
    bold = get(font=BOLD)
    rows: list[tuple[int, str, Callable[[Plan, int], str], int]] = [
        (
            plan.quality_row,
            "Quality score Q (0–100)",
            _quality_formula,
            get(font=BOLD, border=TOTAL_BORDER, number_format=SCORE),
        ),
        (plan.scored_row, "Criteria scored", _scored_formula, get(border=GRID, number_format="0")),
        (plan.minimums_row, "Every minimum met", _minimums_formula, get(border=GRID, number_format=YES_NO)),
    ]
    if plan.award_on_value:
        money = get(border=GRID, number_format=money_format(plan.evaluation.currency))
        rows.append((plan.value_row, "Value of the scores (Σ value per level × score)", _value_formula, money))
    for row, label, build, style in rows:
        cells: dict[int, Entry] = {1: text(label, bold)}
        for index in range(len(plan.bids)):
            cells[plan.score_column(index)] = formula(build(plan, index), style)
        sheet.put(row, cells)


def _quality_formula(plan: Plan, index: int) -> str:
    """``Q = 100 · Σ W(G)·g(G) / Σ W(G)``, over the group rows."""
    groups = plan.rubric.groups
    if not groups:
        return "=0"
    column = get_column_letter(plan.score_column(index))
    weights = ",".join(at(3, plan.rows[g.id], True) for g in groups)
    products = "+".join(f"{at(3, plan.rows[g.id], True)}*{column}{plan.rows[g.id]}" for g in groups)
    return f"=IF(SUM({weights})<=0,0,100*({products})/SUM({weights}))"


def _criteria_ranges(plan: Plan, index: int) -> str:
    column = get_column_letter(plan.score_column(index))
    ranges = [
        f"{column}{plan.rows[g.id] + 1}:{column}{plan.rows[g.id] + len(g.criteria)}"
        for g in plan.rubric.groups
        if g.criteria
    ]
    return ",".join(ranges)


def _scored_formula(plan: Plan, index: int) -> str:
    ranges = _criteria_ranges(plan, index)
    return f"=COUNT({ranges})" if ranges else "=0"


def _minimums_formula(plan: Plan, index: int) -> str:
    """1 when no scored criterion is below its minimum and no fully scored group below its own."""
    column = get_column_letter(plan.score_column(index))
    checks = []
    for group in plan.rubric.groups:
        row = plan.rows[group.id]
        if group.minimum is not None and group.criteria:
            scores = f"{column}{row + 1}:{column}{row + len(group.criteria)}"
            checks.append(f"OR(COUNT({scores})<{len(group.criteria)},ROUND(100*{column}{row},6)>=$D${row})")
        for criterion in group.criteria:
            if criterion.minimum is not None:
                cell = f"{column}{plan.rows[criterion.id]}"
                checks.append(f"IF(ISNUMBER({cell}),ROUND({cell},6)>=$D${plan.rows[criterion.id]},TRUE)")
    return f"=IF(AND({','.join(checks)}),1,0)" if checks else "=1"


def _value_formula(plan: Plan, index: int) -> str:
    column = get_column_letter(plan.score_column(index))
    first, last = SCORES_TOP, plan.scores_end
    return f"=SUMPRODUCT({span(5, first, last)},{column}{first}:{column}{last})"
