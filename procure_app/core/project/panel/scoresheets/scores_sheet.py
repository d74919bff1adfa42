"""The Scores sheet of a scoresheet: one row per (criterion, bid), grouped by criterion.

Beside the bids, merged down their rows, stand the criterion (group, title, id, weights, minimum),
what to look for (the rubric's guidance) and the rating scale (every level's label and
descriptor). Score cells accept only whole numbers of the rubric's scale: the scale's levels are
whole numbers (rule R105 of the rubric format), so decimals are never offered. Row heights are
estimated from the text, and pages break between criteria, never inside one.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ....rubric.model import Criterion, Group, Rubric
from . import cells as c
from .layout import (
    SCORE_COLUMNS,
    SCORES_BID_COLUMN,
    SCORES_HEADER_ROW,
    SCORES_JUSTIFICATION_COLUMN,
    SCORES_SCORE_COLUMN,
    SheetKey,
)
from .sheets import page_header
from .source import ScoresheetSource

__all__ = ["scores_sheet", "scale_parts"]

_SCORE_WIDTHS = {"Criterion": 26, "What to look for": 40, "Rating scale": 50, "Bid": 9, "Bidder": 18}
_SCORE_WIDTHS |= {"Score": 8, "Justification": 46}
_SMALL = 9  # points: the rating scale, the longest fixed text, in a smaller font
_SMALL_FONT = Font(name=c.FONT, size=_SMALL)
_SMALL_LINE = 11.0  # points per line of 9-point Calibri
_ANSWER_LINES = 4  # room to write a justification, even beside a short criterion
_SCORE_ALIGN = Alignment(horizontal="center", vertical="top")


def scale_parts(rubric: Rubric) -> list[tuple[str, bool]]:
    """Every level of the scale, its score and label in bold, then its descriptor; one paragraph each."""
    parts: list[tuple[str, bool]] = []
    for index, level in enumerate(rubric.scale):
        parts.append((("\n" if index else "") + f"{level.score} {level.label}", True))
        parts.append((": " + " ".join(level.descriptor.split()), False))
    return parts


def _plain(parts: list[tuple[str, bool]]) -> str:
    return "".join(text for text, _ in parts)


def scores_sheet(sheet: Worksheet, source: ScoresheetSource) -> None:
    c.set_widths(sheet, (_SCORE_WIDTHS[name] for name in SCORE_COLUMNS))
    rubric = source.rubric
    c.write_text(sheet, 1, 1, f"Scores of {source.evaluator_name} ({source.evaluator_id})").font = c.TITLE_FONT
    c.note_row(sheet, 2, _scores_note(source), len(SCORE_COLUMNS))
    c.header_row(sheet, SCORES_HEADER_ROW, SCORE_COLUMNS)
    bids = source.layout.scored_bids
    keys = iter(source.layout.scores)
    scale = scale_parts(rubric)
    blocks = []
    for group, criterion in rubric.criteria():
        block = [next(keys) for _ in bids]
        if block:
            _criterion_block(sheet, block, group, criterion, scale, source)
            blocks.append((block[0].row, block[-1].row))
    if source.layout.scores:
        first, last = source.layout.scores[0].row, source.layout.scores[-1].row
        score = get_column_letter(SCORES_SCORE_COLUMN)
        sheet.add_data_validation(_score_validation(rubric, f"{score}{first}:{score}{last}"))
    sheet.freeze_panes = f"A{SCORES_HEADER_ROW + 1}"
    sheet.print_title_rows = f"{SCORES_HEADER_ROW}:{SCORES_HEADER_ROW}"
    c.print_setup(sheet, landscape=True, header=page_header(source), footer="Scores")
    c.keep_blocks_together(sheet, blocks, SCORES_HEADER_ROW)
    c.protect(sheet)


def _scores_note(source: ScoresheetSource) -> str:
    rubric = source.rubric
    if not source.layout.scores:
        return (
            "There is nothing for you to score: you declared a conflict of interest on every bid, or no bid is "
            "left to score. Complete the Declaration sheet and return the scoresheet."
        )
    required = " (required)" if rubric.justification_required else ""
    return (
        f"Give each bid a whole-number score from {rubric.scale_min} to {rubric.scale_max} on each criterion, using "
        f"the rating scale beside it, and write why in Justification{required}. Fill in only the light-yellow cells."
    )


def _criterion_parts(group: Group, criterion: Criterion) -> list[tuple[str, bool]]:
    share = group.weight * criterion.weight / 100
    after = [
        f"[{criterion.id}]",
        "",
        f"Weight: {_number(criterion.weight)} % of the group, {_number(share)} % of quality",
    ]
    if criterion.minimum is not None:
        after.append(f"Minimum score: {_number(criterion.minimum)} (a lower score excludes the bid)")
    return [
        (f"{group.title} ({_number(group.weight)} % of quality)\n\n", False),
        (criterion.title, True),
        ("\n" + "\n".join(after), False),
    ]


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _criterion_block(
    sheet: Worksheet,
    block: list[SheetKey],
    group: Group,
    criterion: Criterion,
    scale: list[tuple[str, bool]],
    source: ScoresheetSource,
) -> None:
    """The criterion's fixed text once (merged down its rows), then one answer row per bid."""
    top, bottom = block[0].row, block[-1].row
    guidance = " ".join(criterion.guidance.split()) or "—"
    c.write_rich(sheet, top, 1, _criterion_parts(group, criterion))
    c.write_text(sheet, top, 2, guidance)
    c.write_rich(sheet, top, 3, scale, size=_SMALL)
    for column in (1, 2, 3):
        cell = sheet.cell(row=top, column=column)
        cell.alignment, cell.fill = c.TOP_WRAP, c.GROUP_FILL
        for row in range(top, bottom + 1):
            sheet.cell(row=row, column=column).border = c.GRID
        if bottom > top:
            sheet.merge_cells(start_row=top, start_column=column, end_row=bottom, end_column=column)
    for key in block:
        _score_row(sheet, key, source)
    _block_heights(sheet, block, (_plain(_criterion_parts(group, criterion)), guidance, _plain(scale)))


def _score_row(sheet: Worksheet, key: SheetKey, source: ScoresheetSource) -> None:
    for column, value in ((SCORES_BID_COLUMN, key.bid), (SCORES_BID_COLUMN + 1, source.bids[key.bid])):
        cell = c.write_text(sheet, key.row, column, value)
        cell.alignment, cell.border = c.TOP_WRAP, c.GRID
    existing = source.scores.get((key.bid, key.criterion))
    score: int | float | None = None
    if existing is not None:
        score = int(existing[0]) if existing[0] == existing[0].to_integral_value() else float(existing[0])
    c.answer_cell(sheet, key.row, SCORES_SCORE_COLUMN, score, _SCORE_ALIGN)
    cell = sheet.cell(row=key.row, column=SCORES_SCORE_COLUMN)
    cell.number_format, cell.font = "0", Font(name=c.FONT, bold=True, size=12)
    c.answer_cell(sheet, key.row, SCORES_JUSTIFICATION_COLUMN, (existing[1] if existing else "") or None)


def _block_heights(sheet: Worksheet, block: list[SheetKey], fixed: tuple[str, str, str]) -> None:
    """Share the height the criterion's fixed text needs among its rows, and give each room to write."""
    widths = [_SCORE_WIDTHS[name] for name in SCORE_COLUMNS]
    needed = max(
        c.line_count(fixed[0], widths[0]) * c.LINE_HEIGHT,
        c.line_count(fixed[1], widths[1]) * c.LINE_HEIGHT,
        c.line_count(fixed[2], widths[2] * 11 / _SMALL) * _SMALL_LINE,
    )
    share = math.ceil(needed / len(block)) + 4
    for key in block:
        lines = _ANSWER_LINES
        for column in range(SCORES_BID_COLUMN, len(SCORE_COLUMNS) + 1):
            value = sheet.cell(row=key.row, column=column).value
            if isinstance(value, str):
                lines = max(lines, c.line_count(value, widths[column - 1]))
        sheet.row_dimensions[key.row].height = min(c.MAX_ROW_HEIGHT, max(lines * c.LINE_HEIGHT, share))


def _score_validation(rubric: Rubric, cells: str) -> Any:
    low, high = rubric.scale_min, rubric.scale_max
    labels = ", ".join(f"{level.score} {level.label}" for level in rubric.scale)
    prompt = f"A whole number from {low} to {high}: {labels}."
    validation = DataValidation(
        type="whole",
        operator="between",
        formula1=str(low),
        formula2=str(high),
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="Score",
        error=f"Enter a whole number from {low} to {high}."[:255],
        showInputMessage=True,
        promptTitle="Score",
        prompt=prompt if len(prompt) <= 255 else f"A whole number from {low} to {high}.",
    )
    validation.add(cells)
    return validation
