"""The bidder response form: an XLSX workbook a bidder fills in and returns with the tender.

Four sheets (see ``docs/response-form.md``):

- **Instructions** — the tender's facts, the bidder's details (name, SME, submission time: cells to
  fill in) and how to fill in the form;
- **Requirements** — one row per :meth:`AssembledTender.requirements` row, with a compliance list,
  an answer and an evidence reference to fill in;
- **Price** — a lifecycle-cost block per lot (capital, yearly operating and maintenance cost, the
  number of years) whose totals are live formulas, and a grand total over the lots;
- **_procure** — a very hidden sheet that lets a later importer recognise the form: its kind,
  version, the tender's reference and title, a checksum of the structure, where the bidder's
  details are, the requirement keys in row order and where the price cells are.

Every sheet is protected (no password) and only the answer cells are unlocked; the workbook
structure is locked. Protection guides honest users past accidental changes; it is not security,
so an importer must check the structure (the checksum, the keys) rather than trust it. Text from
the spec and the clauses is always stored as a string, never as a formula, and stripped of
characters XML cannot hold. The bytes are deterministic and the file is written atomically.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterable
from dataclasses import astuple, dataclass, fields
from datetime import datetime, time
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ..base.atomic import write_bytes_atomic
from ..base.packaging import clean_text, deterministic_zip
from .assembly import AssembledTender, Requirement
from .response_form_layout import (
    ANSWER_COLUMNS,
    BIDDER_FIELDS,
    COMPLIANCE_OPTIONS,
    FORM_KIND,
    FORM_VERSION,
    PRICE_ROWS,
    REQUIREMENT_COLUMNS,
    SHEET_INSTRUCTIONS,
    SHEET_META,
    SHEET_PRICE,
    SHEET_REQUIREMENTS,
    SME_OPTIONS,
    TYPE_LABELS,
    contract_years,
    costing_period,
    costing_years,
    structure_checksum,
)

__all__ = [
    "FORM_KIND",
    "FORM_VERSION",
    "SHEET_INSTRUCTIONS",
    "SHEET_REQUIREMENTS",
    "SHEET_PRICE",
    "SHEET_META",
    "REQUIREMENT_COLUMNS",
    "ANSWER_COLUMNS",
    "COMPLIANCE_OPTIONS",
    "TYPE_LABELS",
    "PRICE_ROWS",
    "BIDDER_FIELDS",
    "SME_OPTIONS",
    "contract_years",
    "costing_years",
    "structure_checksum",
    "render_response_form",
    "write_response_form",
]


_WIDTHS = {"Key": 6, "Clause": 7, "Title": 22, "Type": 12, "What is required": 80}
_WIDTHS |= {"Compliance": 18, "Bidder's answer": 42, "Evidence reference": 20}
_WRAPPED = {"Title", "What is required", "Bidder's answer", "Evidence reference"}
_MAX_CELL_TEXT = 32_767  # what a spreadsheet cell holds
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # light yellow: the cells a bidder fills in
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_BLOCK_FILL = PatternFill("solid", fgColor="DDEBF7")
_FONT = "Calibri"  # the default font of the workbook: named on every font, or some programs fall back to a serif
_HEADER_FONT = Font(name=_FONT, bold=True, color="FFFFFF")
_BOLD = Font(name=_FONT, bold=True)
_TITLE_FONT = Font(name=_FONT, bold=True, size=14)
_SUBTITLE_FONT = Font(name=_FONT, bold=True, size=12)
_THIN = Side(style="thin", color="A6A6A6")
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_TOTAL_BORDER = Border(top=Side(style="thin"), bottom=Side(style="double"))
_TOP = Alignment(vertical="top")
_TOP_WRAP = Alignment(vertical="top", wrap_text=True)
_MIDDLE = Alignment(vertical="center")
_NOTE = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1)
_UNLOCKED = Protection(locked=False)
# Row heights are set here: spreadsheet programs do not fit rows to wrapped text when opening a file.
_LINE_HEIGHT = 15.0  # points per line of 11-point Calibri
_CHARS_PER_WIDTH = 1.15  # characters of prose per unit of column width (the width of a digit)
_MAX_ROW_HEIGHT = 409.0  # the tallest row Excel allows


@dataclass(frozen=True)
class _PriceBlock:
    """Where one lot's price cells are (coordinates such as ``B6``)."""

    lot_id: str
    lot_title: str
    capital: str
    operating: str
    maintenance: str
    years: str
    lifecycle: str


# -- public API -------------------------------------------------------------------------------------


def render_response_form(tender: AssembledTender) -> bytes:
    """The response form as XLSX bytes (deterministic for the same tender)."""
    workbook = _workbook(tender)
    buffer = io.BytesIO()
    # ExcelWriter rather than Workbook.save, which stamps the current time as the modified date.
    with ZipFile(buffer, "w", ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return deterministic_zip(buffer.getvalue())


def write_response_form(tender: AssembledTender, path: Path) -> None:
    """Render and write atomically; raises :class:`~procure_app.core.base.atomic.WriteError`."""
    write_bytes_atomic(path, render_response_form(tender))


# -- the workbook -----------------------------------------------------------------------------------


def _workbook(tender: AssembledTender) -> Any:
    workbook = Workbook()
    bidder_cells = _instructions_sheet(workbook.active, tender)
    requirements = tender.requirements()
    _requirements_sheet(workbook.create_sheet(SHEET_REQUIREMENTS), tender, requirements)
    blocks, grand_total = _price_sheet(workbook.create_sheet(SHEET_PRICE), tender)
    _meta_sheet(workbook.create_sheet(SHEET_META), tender, requirements, blocks, grand_total, bidder_cells)
    workbook.active = 0
    workbook.security = WorkbookProtection(lockStructure=True)
    workbook.calculation.fullCalcOnLoad = True  # no cached results are stored: compute on opening
    _properties(workbook, tender)
    return workbook


def _properties(workbook: Any, tender: AssembledTender) -> None:
    spec = tender.spec
    stamp = datetime.combine(spec.dates.publication, time(9, 0))
    properties = workbook.properties
    properties.title = _clip(f"Response form: {spec.title}")
    properties.subject = _clip(f"Response form for tender {spec.reference}")
    properties.creator = _clip(spec.buyer.name)
    properties.lastModifiedBy = _clip(spec.buyer.name)
    properties.language = spec.language
    properties.keywords = _clip(f"{spec.reference}; {FORM_KIND}; version {FORM_VERSION}")
    properties.created = stamp
    properties.modified = stamp


def _clip(value: str) -> str:
    """Text a cell can hold: line breaks kept, no XML-illegal characters, within the length limit."""
    text = "\n".join(clean_text(line) for line in value.split("\n"))
    return text if len(text) <= _MAX_CELL_TEXT else text[: _MAX_CELL_TEXT - 1] + "…"


def _text(sheet: Worksheet, row: int, column: int, value: str) -> Cell:
    """Write ``value`` as a string, even when it looks like a formula (``=``, ``+``, ``-``, ``@``)."""
    cell = sheet.cell(row=row, column=column)
    cell.value = _clip(value)
    cell.data_type = "s"
    return cell


def _protect(sheet: Worksheet) -> None:
    """Lock the sheet without a password; rows and columns may still be resized, the list filtered."""
    sheet.protection.sheet = True
    sheet.protection.formatRows = False
    sheet.protection.formatColumns = False
    sheet.protection.autoFilter = False


def _print_setup(sheet: Worksheet, tender: AssembledTender, landscape: bool) -> None:
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_LETTER if tender.spec.language == "en-US" else sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.oddHeader.left.text = _header_text(tender.spec.reference, 60)
    sheet.oddHeader.right.text = _header_text(tender.spec.title, 90)
    sheet.oddFooter.left.text = _header_text(f"Response form: {sheet.title}", 60)
    sheet.oddFooter.right.text = "Page &P of &N"


def _header_text(value: str, limit: int) -> str:
    """Text for a page header or footer: short, and with ``&`` (a header code) doubled."""
    text = " ".join(clean_text(value).split())
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.replace("&", "&&")


def _columns(sheet: Worksheet, widths: Iterable[float]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _fit_row(sheet: Worksheet, row: int, min_lines: int = 1) -> None:
    """Make the row tall enough for its longest wrapped text (an estimate, up to Excel's limit)."""
    lines = min_lines
    for cell in sheet[row]:
        if cell.alignment.wrap_text and isinstance(cell.value, str):
            width = sheet.column_dimensions[cell.column_letter].width
            lines = max(lines, _line_count(cell.value, width))
    sheet.row_dimensions[row].height = min(_MAX_ROW_HEIGHT, lines * _LINE_HEIGHT)


def _line_count(text: str, width: float) -> int:
    chars = max(1, int(width * _CHARS_PER_WIDTH))
    return sum(len(textwrap.wrap(paragraph, chars)) or 1 for paragraph in text.split("\n"))


# -- Instructions -----------------------------------------------------------------------------------


def _instructions_sheet(sheet: Worksheet, tender: AssembledTender) -> list[str]:
    """The facts, the bidder's details and the steps; returns the cells of the bidder's details."""
    sheet.title = SHEET_INSTRUCTIONS
    _columns(sheet, (22, 80))
    _text(sheet, 1, 1, "Tender response form").font = _TITLE_FONT
    row = 3
    for label, value in _facts(tender):
        cell = _text(sheet, row, 1, label)
        cell.font, cell.alignment = _BOLD, _TOP
        _text(sheet, row, 2, value).alignment = _TOP_WRAP
        _fit_row(sheet, row)
        row += 1
    _text(sheet, row + 1, 1, "The bidder").font = _SUBTITLE_FONT
    bidder_cells = _bidder_rows(sheet, row + 2)
    row += 2 + len(BIDDER_FIELDS)
    _text(sheet, row + 1, 1, "How to fill in this form").font = _SUBTITLE_FONT
    for offset, (label, text) in enumerate(_instructions(tender), start=2):
        _instruction_row(sheet, row + offset, label, text)
    _print_setup(sheet, tender, landscape=False)
    _protect(sheet)
    return bidder_cells


def _bidder_rows(sheet: Worksheet, top: int) -> list[str]:
    """The bidder's name, SME status and submission time: labelled answer cells in column B."""
    cells = []
    for row, (_, label, prompt) in enumerate(BIDDER_FIELDS, start=top):
        label_cell = _text(sheet, row, 1, label)
        label_cell.font, label_cell.alignment = _BOLD, Alignment(vertical="center", wrap_text=True)
        cell = sheet.cell(row=row, column=2)
        cell.fill, cell.border, cell.protection, cell.alignment = _INPUT_FILL, _GRID, _UNLOCKED, _MIDDLE
        sheet.row_dimensions[row].height = 2 * _LINE_HEIGHT  # room for a label on two lines
        cells.append(str(cell.coordinate))
        validation = _bidder_validation(BIDDER_FIELDS[row - top][0], label, prompt)
        validation.add(cell.coordinate)
        sheet.add_data_validation(validation)
    name, _, submitted = (sheet[cell] for cell in cells)
    name.number_format = "@"  # text: a name is never read as a number or a formula
    submitted.number_format = "yyyy-mm-dd hh:mm"
    return cells


def _bidder_validation(field: str, label: str, prompt: str) -> Any:
    """A prompt for every detail; Yes/No for the SME cell; a date (or a warning) for the submission time."""
    options: dict[str, Any] = {"type": "textLength", "operator": "lessThanOrEqual", "formula1": "300"}
    if field == "sme_cell":
        options = {"type": "list", "formula1": '"' + ",".join(SME_OPTIONS) + '"', "showDropDown": False}
    elif field == "submitted_cell":
        options = {"type": "date", "operator": "greaterThanOrEqual", "formula1": "36526", "errorStyle": "warning"}
    validation = DataValidation(
        allow_blank=True, showErrorMessage=True, showInputMessage=True, promptTitle=label, prompt=prompt, **options
    )
    validation.errorTitle = label
    validation.error = {
        "sme_cell": "Choose Yes or No.",
        "submitted_cell": "Enter a date and time, e.g. 2027-04-05 16:30.",
    }.get(field, "Enter the name in at most 300 characters.")
    return validation


def _instruction_row(sheet: Worksheet, row: int, label: str, text: str) -> None:
    """A step (``1.``) or a compliance value in column A, its text in column B."""
    label_cell = _text(sheet, row, 1, label)
    label_cell.alignment = Alignment(vertical="top", horizontal="right")
    if label in COMPLIANCE_OPTIONS:
        label_cell.font = _BOLD
    cell = _text(sheet, row, 2, text)
    cell.alignment = Alignment(vertical="top", horizontal="left", wrap_text=True, indent=1)
    if label == _EXAMPLE_STEP:
        cell.fill = _INPUT_FILL
    _fit_row(sheet, row)


def _facts(tender: AssembledTender) -> list[tuple[str, str]]:
    spec = tender.spec
    contact = (spec.buyer.contact_name, spec.buyer.contact_email, spec.buyer.contact_phone)
    rows = [
        ("Tender", spec.title),
        ("Reference", spec.reference),
        ("Buyer", spec.buyer.name),
        ("Submission deadline", spec.dates.formatted("submission_deadline", spec.language)),
        ("Contact", ", ".join(part for part in contact if part)),
    ]
    return [(label, value) for label, value in rows if value]


_EXAMPLE_STEP = "2."  # the step whose text cell shows the fill of the cells to fill in


def _instructions(tender: AssembledTender) -> list[tuple[str, str]]:
    return [
        ("1.", "This workbook is your answer to the tender above. Fill it in and send it with your tender, "
         "as an .xlsx file, before the submission deadline."),
        ("2.", "Fill in only the cells with a light-yellow background, like this one. All other cells are "
         "locked."),
        ("3.", "Under 'The bidder' above, enter your organisation's legal name, whether it is a small or "
         "medium-sized enterprise (SME, as the tender document defines it) and the date and time you submit."),
        ("4.", f"The {SHEET_REQUIREMENTS} sheet has one row for each requirement of the tender (type "
         "'Requirement', key R…) and for each piece of evidence a clause asks for (type 'Evidence', key V…). "
         "The clause number is the one in the tender document."),
        ("5.", "In the Compliance column, choose one of three values from the list:"),
        (COMPLIANCE_OPTIONS[0], "your offer meets the requirement in full, as written."),
        (COMPLIANCE_OPTIONS[1], "your offer meets only part of the requirement; say in Bidder's answer which "
         "part it does not meet, and why."),
        (COMPLIANCE_OPTIONS[2], "your offer does not meet the requirement. The tender document says what "
         "this means for your tender."),
        ("6.", "In Bidder's answer, explain briefly how your offer meets the requirement. In Evidence "
         "reference, say where in your tender the proof is: a document and a page or section, for example "
         "'Annex 4, section 2.3'. If an answer does not show in full, make the row taller."),
        ("7.", _price_step(tender)),
        ("8.", "Do not change the structure of the form: do not add, delete, move or rename sheets, rows or "
         "columns. The buyer reads the form by program, and a changed form may not be readable."),
    ]  # fmt: skip


def _price_step(tender: AssembledTender) -> str:
    spec = tender.spec
    years = (
        "The number of years is set by the buyer (see the note beside it)."
        if costing_years(spec)
        else "Enter the number of years of the contract, as the tender document states it."
    )
    lots = " Fill in the block of each lot you bid for, and leave the other blocks empty." if spec.lots else ""
    return (
        f"On the {SHEET_PRICE} sheet, enter your prices in {spec.currency}, excluding VAT: the capital cost once, "
        f"and the operating cost and the maintenance and support cost per year. {years}{lots} Formulas calculate "
        "the totals and the lifecycle cost as you type."
    )


# -- Requirements -----------------------------------------------------------------------------------


def _requirements_sheet(sheet: Worksheet, tender: AssembledTender, requirements: list[Requirement]) -> None:
    _columns(sheet, (_WIDTHS[name] for name in REQUIREMENT_COLUMNS))
    for column, name in enumerate(REQUIREMENT_COLUMNS, start=1):
        cell = _text(sheet, 1, column, name)
        cell.font, cell.fill, cell.border = _HEADER_FONT, _HEADER_FILL, _GRID
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for row, requirement in enumerate(requirements, start=2):
        _requirement_row(sheet, row, requirement)
    last = len(requirements) + 1
    if requirements:
        sheet.add_data_validation(_compliance_validation(f"F2:F{last}"))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(REQUIREMENT_COLUMNS))}{last}"
    sheet.print_title_rows = "1:1"
    _print_setup(sheet, tender, landscape=True)
    _protect(sheet)


def _requirement_row(sheet: Worksheet, row: int, requirement: Requirement) -> None:
    values = (
        requirement.key,
        requirement.clause_number,
        requirement.title,
        TYPE_LABELS[requirement.kind],
        requirement.text,
    )
    for column, value in enumerate(values, start=1):
        cell = _text(sheet, row, column, value)
        cell.alignment = _TOP_WRAP if REQUIREMENT_COLUMNS[column - 1] in _WRAPPED else _TOP
        cell.border = _GRID
    for column in range(len(values) + 1, len(REQUIREMENT_COLUMNS) + 1):
        cell = sheet.cell(row=row, column=column)
        cell.fill, cell.border, cell.protection = _INPUT_FILL, _GRID, _UNLOCKED
        cell.alignment = _TOP_WRAP if REQUIREMENT_COLUMNS[column - 1] in _WRAPPED else _TOP
    _fit_row(sheet, row, min_lines=3)  # room to write an answer even beside a one-line requirement


def _compliance_validation(cells: str) -> Any:
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(COMPLIANCE_OPTIONS) + '"',
        allow_blank=True,
        showDropDown=False,  # (sic) False shows the in-cell list
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="Choose from the list",
        error="Choose one of: " + ", ".join(COMPLIANCE_OPTIONS) + ".",
        showInputMessage=True,
        promptTitle="Compliance",
        prompt="Does your offer meet this requirement? Choose from the list.",
    )
    validation.add(cells)
    return validation


# -- Price ------------------------------------------------------------------------------------------

_PRICE_NOTES = (
    "Once: supply, installation, set-up, integration, data migration, training.",
    "Each year: licences, subscriptions, hosting, connectivity, energy, operation.",
    "Each year: maintenance, updates and security fixes, support, repairs.",
    "",  # the years note depends on the tender: see _years_note
    "Calculated: operating cost per year × number of years.",
    "Calculated: maintenance and support per year × number of years.",
    "Calculated: capital cost + total operating + total maintenance and support.",
)


def _price_sheet(sheet: Worksheet, tender: AssembledTender) -> tuple[list[_PriceBlock], str | None]:
    spec = tender.spec
    _columns(sheet, (32, 18, 70))
    _text(sheet, 1, 1, "Lifecycle cost").font = _TITLE_FONT
    note = f"Amounts in {spec.currency}, excluding VAT. Fill in the light-yellow cells; the rest is calculated."
    _text(sheet, 2, 1, note)
    for column, name in enumerate(("Item", "Amount", "What to include"), start=1):
        cell = _text(sheet, 4, column, name)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(horizontal="right" if column == 2 else "left", indent=1 if column == 3 else 0)
    lots = [(lot.id, lot.title) for lot in spec.lots] or [("", "")]  # no lots: one block for the contract
    blocks = [_price_block(sheet, tender, 5 + 9 * index, lot) for index, lot in enumerate(lots)]
    _price_validation(sheet, blocks, years_open=costing_years(spec) is None)
    grand_total = _grand_total(sheet, blocks, 5 + 9 * len(blocks), spec.currency) if spec.lots else None
    sheet.print_title_rows = "4:4"
    _print_setup(sheet, tender, landscape=False)
    _protect(sheet)
    return blocks, grand_total


def _price_block(sheet: Worksheet, tender: AssembledTender, top: int, lot: tuple[str, str]) -> _PriceBlock:
    money = _money_format(tender.spec.currency)
    for column in (1, 2, 3):
        sheet.cell(row=top, column=column).fill = _BLOCK_FILL
    _text(sheet, top, 1, f"Lot {lot[0]}: {lot[1]}" if lot[0] else "Whole contract").font = _BOLD
    b = [f"B{top + offset}" for offset in range(1, len(PRICE_ROWS) + 1)]
    for offset, (label, note) in enumerate(zip(PRICE_ROWS, _PRICE_NOTES, strict=True), start=1):
        _text(sheet, top + offset, 1, label).alignment = _MIDDLE
        _text(sheet, top + offset, 3, note or _years_note(tender)).alignment = _NOTE
        sheet[b[offset - 1]].number_format, sheet[b[offset - 1]].alignment = money, _MIDDLE
        _fit_row(sheet, top + offset)
    for cell in b[:3]:
        sheet[cell].fill, sheet[cell].protection, sheet[cell].border = _INPUT_FILL, _UNLOCKED, _GRID
    _years_cell(sheet[b[3]], costing_years(tender.spec))
    sheet[b[4]] = f"={b[1]}*{b[3]}"
    sheet[b[5]] = f"={b[2]}*{b[3]}"
    sheet[b[6]] = f"={b[0]}+{b[4]}+{b[5]}"
    for cell in (sheet[f"A{top + 7}"], sheet[b[6]]):
        cell.font, cell.border = _BOLD, _TOTAL_BORDER
    return _PriceBlock(lot[0], lot[1], b[0], b[1], b[2], b[3], b[6])


def _years_cell(cell: Cell, years: int | None) -> None:
    """The contract's years, fixed by the buyer so that bids compare; open to the bidder only when unknown."""
    cell.number_format = "0"
    cell.value = years
    if years is None:
        cell.fill, cell.protection, cell.border = _INPUT_FILL, _UNLOCKED, _GRID


def _years_note(tender: AssembledTender) -> str:
    period = costing_period(tender.spec)
    if period is not None:
        return f"Set by the buyer: the lifecycle-costing period of the award criteria ({period}), in whole years."
    duration = tender.spec.duration
    if duration is None:
        return "Enter the number of years of the contract, as the tender document states it."
    return f"Set by the buyer: the contract duration ({duration}) in whole years, rounded up."


def _money_format(currency: str) -> str:
    return f'#,##0.00 "{currency}"'


def _price_validation(sheet: Worksheet, blocks: list[_PriceBlock], years_open: bool) -> None:
    amounts = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Enter an amount",
        error="Enter an amount of 0 or more, as a number, without VAT.",
        showInputMessage=True,
        promptTitle="Amount",
        prompt="A number, excluding VAT.",
    )
    for block in blocks:
        for cell in (block.capital, block.operating, block.maintenance):
            amounts.add(cell)
    sheet.add_data_validation(amounts)
    if years_open:
        years = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="1", showErrorMessage=True)
        years.errorTitle, years.error = "Enter whole years", "Enter the number of years: a whole number, 1 or more."
        for block in blocks:
            years.add(block.years)
        sheet.add_data_validation(years)


def _grand_total(sheet: Worksheet, blocks: list[_PriceBlock], row: int, currency: str) -> str:
    _text(sheet, row, 1, "Lifecycle cost, all lots").font = _BOLD
    _text(sheet, row, 3, "Calculated: the sum of the lifecycle cost of every lot.").alignment = _NOTE
    cell = sheet.cell(row=row, column=2)
    cell.value = "=SUM(" + ",".join(block.lifecycle for block in blocks) + ")"
    cell.number_format, cell.font, cell.border = _money_format(currency), _BOLD, _TOTAL_BORDER
    sheet.cell(row=row, column=1).border = _TOTAL_BORDER
    return str(cell.coordinate)


# -- the hidden sheet -------------------------------------------------------------------------------


def _meta_sheet(
    sheet: Worksheet,
    tender: AssembledTender,
    requirements: list[Requirement],
    blocks: list[_PriceBlock],
    grand_total: str | None,
    bidder_cells: list[str],
) -> None:
    """Label/value rows, then the requirement keys (column A) and the price cells (columns C–I)."""
    spec = tender.spec
    facts: list[tuple[str, str | int | None]] = [
        ("kind", FORM_KIND),
        ("form_version", FORM_VERSION),
        ("reference", spec.reference),
        ("title", spec.title),
        ("checksum", structure_checksum(tender)),
        ("currency", spec.currency),
        ("years", costing_years(spec)),
        ("grand_total", grand_total),
        ("requirement_count", len(requirements)),
        *((field, cell) for (field, _, _), cell in zip(BIDDER_FIELDS, bidder_cells, strict=True)),
    ]
    for row, (label, value) in enumerate(facts, start=1):
        _text(sheet, row, 1, label)
        if isinstance(value, str):
            _text(sheet, row, 2, value)
        else:
            sheet.cell(row=row, column=2).value = value
    _meta_tables(sheet, len(facts) + 2, requirements, blocks)
    sheet.sheet_state = "veryHidden"
    _protect(sheet)


def _meta_tables(sheet: Worksheet, top: int, requirements: list[Requirement], blocks: list[_PriceBlock]) -> None:
    _text(sheet, top, 1, "requirement_key")
    for row, requirement in enumerate(requirements, start=top + 1):
        _text(sheet, row, 1, requirement.key)
    for column, field in enumerate(fields(_PriceBlock), start=3):
        _text(sheet, top, column, field.name)
    for row, block in enumerate(blocks, start=top + 1):
        for column, value in enumerate(astuple(block), start=3):
            _text(sheet, row, column, value)
