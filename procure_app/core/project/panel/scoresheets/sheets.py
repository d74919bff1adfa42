"""The Instructions and Declaration sheets of a scoresheet.

Only the answer cells (light yellow) are unlocked. The Declaration sheet lists every bid of the
project with a choice limited to "No conflict" and "Conflict of interest" (a list; anything else
is refused by the spreadsheet) and a statement.
"""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from . import cells as c
from .layout import (
    CONFLICT,
    DECLARATION_BID_COLUMN,
    DECLARATION_CHOICE_COLUMN,
    DECLARATION_COLUMNS,
    DECLARATION_HEADER_ROW,
    DECLARATION_OPTIONS,
    DECLARATION_STATEMENT_COLUMN,
    SHEET_DECLARATION,
    SHEET_SCORES,
    SheetKey,
)
from .source import ScoresheetSource

__all__ = ["instructions_sheet", "declaration_sheet", "tender_line", "page_header"]

_DECLARATION_WIDTHS = (12, 34, 22, 72)


def tender_line(source: ScoresheetSource) -> str:
    header = source.header
    if header is None:
        return ""
    lot = f", lot {header.lot}" if header.lot else ""
    return f"{header.tender_reference}: {header.tender_title}{lot}"


# -- Instructions ----------------------------------------------------------------------------------


def instructions_sheet(sheet: Worksheet, source: ScoresheetSource) -> None:
    c.set_widths(sheet, (24, 100))
    c.write_text(sheet, 1, 1, "Evaluator scoresheet").font = c.TITLE_FONT
    row = 3
    for label, value in _facts(source):
        c.write_text(sheet, row, 1, label).font = c.BOLD
        c.write_text(sheet, row, 2, value).alignment = c.TOP_WRAP
        sheet.row_dimensions[row].height = c.lines_needed(sheet, row) * c.LINE_HEIGHT
        row += 1
    row += 1
    c.write_text(sheet, row, 1, "How to fill in this scoresheet").font = c.SUBTITLE_FONT
    for number, text in enumerate(_steps(source), start=1):
        row += 1
        c.write_text(sheet, row, 1, f"{number}.").alignment = Alignment(horizontal="right", vertical="top")
        cell = c.write_text(sheet, row, 2, text)
        cell.alignment = Alignment(vertical="top", wrap_text=True, indent=1)
        if number == 2:
            cell.fill = c.INPUT_FILL
        sheet.row_dimensions[row].height = c.lines_needed(sheet, row) * c.LINE_HEIGHT
    row += 2
    c.write_text(sheet, row, 1, "Rating scale").font = c.SUBTITLE_FONT
    for level in source.rubric.scale:
        row += 1
        label = c.write_text(sheet, row, 1, f"{level.score} {level.label}")
        label.font, label.alignment = c.BOLD, c.TOP
        c.write_text(sheet, row, 2, " ".join(level.descriptor.split())).alignment = c.TOP_WRAP
        sheet.row_dimensions[row].height = c.lines_needed(sheet, row) * c.LINE_HEIGHT + 3
    c.print_setup(sheet, landscape=False, header=page_header(source), footer="Instructions")
    c.protect(sheet)


def page_header(source: ScoresheetSource) -> str:
    return f"Scoresheet of {source.evaluator_name}: {source.project_name}"


def _facts(source: ScoresheetSource) -> list[tuple[str, str]]:
    rubric = source.rubric
    rows = [
        ("Evaluator", f"{source.evaluator_name} ({source.evaluator_id})"),
        ("Project", source.project_name),
        ("Evaluation", source.header.title if source.header else ""),
        ("Tender", tender_line(source)),
        ("Rubric", f"{rubric.title} (version {rubric.version})"),
        ("Generated", source.generated_at.strftime("%Y-%m-%d %H:%M UTC")),
    ]
    return [(label, value) for label, value in rows if value]


def _steps(source: ScoresheetSource) -> list[str]:
    rubric = source.rubric
    low, high = rubric.scale_min, rubric.scale_max
    why = (
        "Every score needs a justification: the scoresheet is refused without one."
        if rubric.justification_required
        else "A justification is optional for this rubric, but it helps the panel agree."
    )
    return [
        "This is your own scoresheet for the evaluation above. Score alone, before the panel meets, in Excel or "
        "LibreOffice, save it as .xlsx (keep the file name) and return it to the chair of the panel.",
        "Fill in only the cells with a light-yellow background, like this one. All other cells are locked.",
        f"Start with the {SHEET_DECLARATION} sheet: for every bid, choose 'No conflict' or 'Conflict of interest' "
        "from the list. If you declare a conflict, write in Statement what it is, and do not score that bid. Every "
        "bid needs a declaration, or the chair cannot import the scoresheet.",
        f"On the {SHEET_SCORES} sheet, give every bid a score on every criterion: a whole number from {low} to "
        f"{high}. Beside each criterion, 'What to look for' says what the criterion is about and the rating scale "
        "says what each score means. A criterion with a minimum score excludes a bid that scores below it.",
        f"In Justification, write why you gave the score: what in the bid supports it (a document and a page or "
        f"section). {why}",
        "Leave every row of a bid you declared a conflict on empty.",
        "Prices are not in this scoresheet, on purpose: they stay sealed until the quality scores are locked. "
        "Score quality only.",
        "Type numbers and text only, never a formula, and do not change the structure: do not add, delete, move "
        "or rename sheets, rows or columns. The chair's program checks the sheet and refuses a changed one.",
        "If you send a corrected scoresheet later, the chair sees every change against the scores you sent "
        "before, and applies it.",
    ]


# -- Declaration -----------------------------------------------------------------------------------


def declaration_sheet(sheet: Worksheet, source: ScoresheetSource) -> None:
    c.set_widths(sheet, _DECLARATION_WIDTHS)
    c.write_text(sheet, 1, 1, "Conflict-of-interest declaration").font = c.TITLE_FONT
    facts = (
        ("Evaluator", f"{source.evaluator_name} ({source.evaluator_id})"),
        ("Project", source.project_name),
        ("Tender", tender_line(source)),
    )
    for row, (label, value) in enumerate(facts, start=3):
        c.write_text(sheet, row, 1, label).font = c.BOLD
        c.write_text(sheet, row, 2, value)
    c.note_row(sheet, 7, _DECLARATION_NOTE, len(DECLARATION_COLUMNS))
    c.header_row(sheet, DECLARATION_HEADER_ROW, DECLARATION_COLUMNS)
    for key in source.layout.declarations:
        _declaration_row(sheet, key, source)
    last = DECLARATION_HEADER_ROW + len(source.layout.declarations)
    choice = get_column_letter(DECLARATION_CHOICE_COLUMN)
    sheet.add_data_validation(_declaration_validation(f"{choice}{DECLARATION_HEADER_ROW + 1}:{choice}{last}"))
    sheet.freeze_panes = f"A{DECLARATION_HEADER_ROW + 1}"
    sheet.print_title_rows = f"{DECLARATION_HEADER_ROW}:{DECLARATION_HEADER_ROW}"
    c.print_setup(sheet, landscape=True, header=page_header(source), footer="Declaration")
    c.protect(sheet)


_DECLARATION_NOTE = (
    "Before you score, declare for every bid whether you have a conflict of interest: a personal, family, "
    "financial or professional interest in the bidder, its members or its subcontractors (for example a job, "
    "shares, a contract or a close relative there, now or recently) that could affect, or appear to affect, "
    "your impartiality. If in doubt, declare it and say why in Statement: the chair decides. You do not score a "
    "bid you declare a conflict on; leave its rows on the Scores sheet empty."
)


def _declaration_row(sheet: Worksheet, key: SheetKey, source: ScoresheetSource) -> None:
    for column, value in ((DECLARATION_BID_COLUMN, key.bid), (DECLARATION_BID_COLUMN + 1, source.bids[key.bid])):
        cell = c.write_text(sheet, key.row, column, value)
        cell.alignment, cell.border = c.TOP_WRAP, c.GRID
    declared = source.conflicts.get(key.bid)
    choice = "" if declared is None else DECLARATION_OPTIONS[int(declared.conflicted)]
    c.answer_cell(sheet, key.row, DECLARATION_CHOICE_COLUMN, choice or None, c.TOP)
    c.answer_cell(sheet, key.row, DECLARATION_STATEMENT_COLUMN, (declared.statement if declared else "") or None)
    sheet.row_dimensions[key.row].height = max(2, c.lines_needed(sheet, key.row)) * c.LINE_HEIGHT


def _declaration_validation(cells: str) -> Any:
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(DECLARATION_OPTIONS) + '"',
        allow_blank=True,
        showDropDown=False,  # (sic) False shows the in-cell list
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="Choose from the list",
        error=f"Choose '{DECLARATION_OPTIONS[0]}' or '{CONFLICT}'.",
        showInputMessage=True,
        promptTitle="Declaration",
        prompt="Do you have a conflict of interest with this bidder? Choose from the list.",
    )
    validation.add(cells)
    return validation
