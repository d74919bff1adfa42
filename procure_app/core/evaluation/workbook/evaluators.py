"""The evaluator sheets (``Eval - <id>``): each evaluator's score and justification of every bid.

They have the rows of the Scores sheet. Where the evaluator declared a conflict of interest on a
bid, the score cell is empty and grey, with a note, and no formula reads it. A sheet with more than
three bids prints three bids a page wide, with the criteria columns repeated, so that the
justifications stay readable.
"""

from __future__ import annotations

from collections.abc import Mapping

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from ...rubric.model import Criterion, Group
from ..evaluation_file import Evaluator, Score
from .layout import SCORES_TOP, Plan, as_number, at
from .scores import criterion_labels
from .sheet import CHARS_PER_WIDTH, Entry, Sheet, blank, clip, noted, text, validation
from .styles import BOLD, CENTER_TOP, CONFLICT_FILL, GRID, GROUP_FILL, INPUT_FILL, ITALIC, TOP_WRAP

EVALUATOR_WIDTHS = (29, 30)  # id and title columns of an evaluator sheet
PAIR_WIDTHS = (8, 40)  # the score and justification columns of one bid
BIDS_PER_PAGE = 3  # an evaluator sheet with more bids prints in blocks of this many, side by side
PAGE_WIDTH_PX = (11.69 - 1.0) * 96  # A4 landscape less the margins, in pixels at 100 %

Scores = Mapping[tuple[str, str], Score]  # (bid, criterion) -> one evaluator's score


def evaluator_widths(plan: Plan) -> list[int]:
    return [*EVALUATOR_WIDTHS, *PAIR_WIDTHS * len(plan.bids)]


def scores_by_evaluator(plan: Plan) -> dict[str, dict[tuple[str, str], Score]]:
    """Every evaluator's scores by (bid, criterion)."""
    found: dict[str, dict[tuple[str, str], Score]] = {e.id: {} for e in plan.evaluation.evaluators}
    for score in plan.evaluation.scores:
        if score.evaluator in found:
            found[score.evaluator][(score.bid, score.criterion)] = score
    return found


def evaluator_sheet(sheet: Sheet, evaluator: Evaluator, scores: Scores) -> None:
    plan = sheet.plan
    top = SCORES_TOP - 2
    blocks = len(plan.bids) > BIDS_PER_PAGE
    sheet.print_setup(f"{top}:{top + 1}", at(3, SCORES_TOP), fit=not blocks)
    if blocks:
        _print_in_blocks(sheet, len(plan.bids))
    role = f", {evaluator.role}" if evaluator.role else ""
    conflicts = f" Declared a conflict of interest on: {', '.join(evaluator.conflicts)}." if evaluator.conflicts else ""
    sheet.put_title(f"Scores of {evaluator.name}{role}")
    sheet.put(2, [text(f"Evaluator id {evaluator.id}.{conflicts}", sheet.styles.get(font=ITALIC))])
    for row, labels, per_bid in (
        (top, ["Group / criterion", "Title"], lambda bid: [bid.bid, bid.bidder]),
        (top + 1, ["", ""], lambda bid: ["Score", "Justification"]),
    ):
        cells, height = sheet.header([*labels, *(label for bid in plan.bids for label in per_bid(bid))])
        sheet.put(row, cells, height)
    for group in plan.rubric.groups:
        _group_row(sheet, group)
        for criterion in group.criteria:
            _criterion_row(sheet, evaluator, criterion, scores)
    _score_validation(sheet)


def _print_in_blocks(sheet: Sheet, bids: int) -> None:
    """Print a wide evaluator sheet as blocks of bids, each a page wide, with the criteria repeated.

    Fitting many bids' justifications to one page width would make them too small to read.
    """
    pixels = sum(width * 7 + 5 for width in (*EVALUATOR_WIDTHS, *PAIR_WIDTHS * BIDS_PER_PAGE))
    sheet.ws.page_setup.scale = min(100, int(95 * PAGE_WIDTH_PX / pixels))
    sheet.ws.print_title_cols = "A:B"
    for block in range(1, (bids - 1) // BIDS_PER_PAGE + 1):
        sheet.ws.col_breaks.append(Break(id=2 + 2 * BIDS_PER_PAGE * block))


def _group_row(sheet: Sheet, group: Group) -> None:
    style = sheet.styles.get(font=BOLD, fill=GROUP_FILL, border=GRID)
    cells: list[Entry | None] = [text(group.id, style), text(group.title, style)]
    cells += [blank(style)] * (2 * len(sheet.plan.bids))
    sheet.put(sheet.plan.rows[group.id], cells)


def _criterion_row(sheet: Sheet, evaluator: Evaluator, criterion: Criterion, scores: Scores) -> None:
    plan, get = sheet.plan, sheet.styles.get
    cells, height = criterion_labels(sheet, criterion)
    score_style = get(fill=INPUT_FILL, border=GRID, alignment=CENTER_TOP, number_format="0")
    reason_style = get(fill=INPUT_FILL, border=GRID, alignment=TOP_WRAP)
    conflict_style = get(fill=CONFLICT_FILL, border=GRID)
    conflict_note = text(
        "Conflict of interest declared: not scored",
        get(font=ITALIC, fill=CONFLICT_FILL, border=GRID, alignment=TOP_WRAP),
    )
    one_line = max(1, int(PAIR_WIDTHS[1] * CHARS_PER_WIDTH))  # what fits a justification cell's width
    for index, bid in enumerate(plan.bids):
        if bid.bid in evaluator.conflicts:
            note = (
                f"{evaluator.name} declared a conflict of interest on {bid.bid}: not scored, and this cell is in no "
                "formula."
            )
            cells += [noted(conflict_style, note, "Procure"), conflict_note]
            continue
        score = scores.get((bid.bid, criterion.id))
        reason = clip(score.justification) if score is not None else ""
        cells += [
            (None if score is None else as_number(score.score), "n", score_style),
            (reason, "s", reason_style),
        ]
        if len(reason) > one_line or "\n" in reason:
            height = max(height, sheet.fit(4 + 2 * index, reason))
    sheet.put(plan.rows[criterion.id], cells, height)


def _score_validation(sheet: Sheet) -> None:
    plan = sheet.plan
    if not plan.bids or not plan.criteria:
        return
    low, high = plan.rubric.scale_min, plan.rubric.scale_max
    rule = validation("whole", str(low), str(high), f"A score is a whole number from {low} to {high}.")
    columns = (get_column_letter(3 + 2 * index) for index in range(len(plan.bids)))
    rule.sqref = " ".join(f"{letter}{SCORES_TOP}:{letter}{plan.scores_end}" for letter in columns)  # one parse
    sheet.validate(rule)
