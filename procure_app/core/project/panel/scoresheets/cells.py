"""Small helpers to write the cells of a scoresheet: safe text, styles, row heights, printing.

Text from the project (bidder names, rubric guidance, earlier justifications) is always written
as a string, never as a formula, and stripped of characters XML cannot hold. Row heights are
estimated here, because spreadsheet programs do not fit rows to wrapped text when opening a file.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from ..text_bounds import MAX_CELL_TEXT

__all__ = [
    "FONT",
    "TITLE_FONT",
    "SUBTITLE_FONT",
    "BOLD",
    "HEADER_FONT",
    "HEADER_FILL",
    "INPUT_FILL",
    "GROUP_FILL",
    "GRID",
    "TOP",
    "TOP_WRAP",
    "UNLOCKED",
    "LINE_HEIGHT",
    "MAX_ROW_HEIGHT",
    "clip",
    "write_text",
    "write_rich",
    "header_row",
    "note_row",
    "answer_cell",
    "set_widths",
    "line_count",
    "lines_needed",
    "protect",
    "print_setup",
    "keep_blocks_together",
]

FONT = "Calibri"  # named on every font, or some programs fall back to a serif
TITLE_FONT = Font(name=FONT, bold=True, size=14)
SUBTITLE_FONT = Font(name=FONT, bold=True, size=12)
BOLD = Font(name=FONT, bold=True)
HEADER_FONT = Font(name=FONT, bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # light yellow: the cells an evaluator fills in
GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")  # light grey: a criterion's fixed text
_THIN = Side(style="thin", color="A6A6A6")
GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
TOP = Alignment(vertical="top")
TOP_WRAP = Alignment(vertical="top", wrap_text=True)
UNLOCKED = Protection(locked=False)

LINE_HEIGHT = 15.0  # points per line of 11-point Calibri
MAX_ROW_HEIGHT = 409.0  # the tallest row Excel allows
_CHARS_PER_WIDTH = 1.2  # characters of prose per unit of column width (the width of a digit)
_POINTS_PER_WIDTH = 5.6  # points per unit of column width (a digit's width plus the cell padding)
_A4_LONG, _A4_SHORT = 842.0, 595.0  # points
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clip(value: str) -> str:
    """Text a cell can hold: line breaks kept, no XML-illegal characters, within the length limit."""
    text = _ILLEGAL_XML.sub("", value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    return text if len(text) <= MAX_CELL_TEXT else text[: MAX_CELL_TEXT - 1] + "…"


def write_text(sheet: Worksheet, row: int, column: int, value: str) -> Cell:
    """Write ``value`` as a string, even when it looks like a formula (``=``, ``+``, ``-``, ``@``)."""
    cell = sheet.cell(row=row, column=column)
    cell.value = clip(value)
    cell.data_type = "s"
    return cell


def write_rich(sheet: Worksheet, row: int, column: int, parts: Sequence[tuple[str, bool]], size: float = 11) -> Cell:
    """Write text made of plain and bold ``(text, bold)`` parts (never a formula)."""
    blocks = [TextBlock(InlineFont(rFont=FONT, sz=size, b=bold or None), clip(text)) for text, bold in parts if text]
    cell = sheet.cell(row=row, column=column)
    cell.value = CellRichText(blocks)
    return cell


def set_widths(sheet: Worksheet, widths: Iterable[float]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def line_count(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` wide (an estimate)."""
    chars = max(1, int(width * _CHARS_PER_WIDTH))
    return sum(len(textwrap.wrap(paragraph, chars)) or 1 for paragraph in text.split("\n"))


def lines_needed(sheet: Worksheet, row: int) -> int:
    """The lines the tallest wrapped text of ``row`` needs in its column (merged cells excluded)."""
    lines = 1
    for cell in sheet[row]:
        if isinstance(cell, Cell) and cell.alignment.wrap_text and isinstance(cell.value, str):
            width = sheet.column_dimensions[cell.column_letter].width
            lines = max(lines, line_count(cell.value, width))
    return lines


def keep_blocks_together(sheet: Worksheet, blocks: Sequence[tuple[int, int]], repeated_row: int) -> None:
    """Break pages between blocks of rows (first, last), never inside one, on a landscape A4 sheet
    fitted to the page width (the scale is estimated from the column widths, as a program would)."""
    columns = sheet.column_dimensions
    width_points = sum(dimension.width or 8.43 for dimension in columns.values()) * _POINTS_PER_WIDTH
    printable_width = _A4_LONG - (sheet.page_margins.left + sheet.page_margins.right) * 72
    scale = min(1.0, printable_width / width_points)
    printable = (_A4_SHORT - (sheet.page_margins.top + sheet.page_margins.bottom) * 72) / scale * 0.95
    height = _rows_height(sheet, 1, blocks[0][0] - 1) if blocks else 0.0
    repeated = _rows_height(sheet, repeated_row, repeated_row)
    for first, last in blocks:
        block = _rows_height(sheet, first, last)
        if height > repeated and height + block > printable:
            sheet.row_breaks.append(Break(id=first - 1))
            height = repeated
        height += block


def _rows_height(sheet: Worksheet, first: int, last: int) -> float:
    return sum(sheet.row_dimensions[row].height or LINE_HEIGHT for row in range(first, last + 1))


def header_row(sheet: Worksheet, row: int, names: tuple[str, ...]) -> None:
    """The column headings: white on dark blue."""
    for column, name in enumerate(names, start=1):
        cell = write_text(sheet, row, column, name)
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, GRID
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    sheet.row_dimensions[row].height = 20


def note_row(sheet: Worksheet, row: int, text: str, last_column: int) -> None:
    """A paragraph across the sheet's columns (merged), tall enough for its text."""
    write_text(sheet, row, 1, text).alignment = TOP_WRAP
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_column)
    width = sum(sheet.column_dimensions[get_column_letter(i)].width for i in range(1, last_column + 1))
    sheet.row_dimensions[row].height = line_count(text, width) * LINE_HEIGHT + 4


def answer_cell(sheet: Worksheet, row: int, column: int, value: Any, alignment: Alignment = TOP_WRAP) -> None:
    """A cell the evaluator fills in: light yellow, unlocked, with its current value (text stays text)."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        write_text(sheet, row, column, value)
    else:
        cell.value = value
    cell.fill, cell.border, cell.protection, cell.alignment = INPUT_FILL, GRID, UNLOCKED, alignment


def protect(sheet: Worksheet) -> None:
    """Lock the sheet without a password; rows and columns may still be resized."""
    sheet.protection.sheet = True
    sheet.protection.formatRows = False
    sheet.protection.formatColumns = False


def print_setup(sheet: Worksheet, *, landscape: bool, header: str, footer: str) -> None:
    """A4, fitted to the page width, any number of pages down, with a header and page numbers."""
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.8
    sheet.page_margins.header = sheet.page_margins.footer = 0.3
    sheet.oddHeader.left.text = _header_text(header, 90)
    sheet.oddFooter.left.text = _header_text(footer, 90)
    sheet.oddFooter.right.text = "Page &P of &N"


def _header_text(value: str, limit: int) -> str:
    """Text for a page header or footer: one short line, with ``&`` (a header code) doubled."""
    text = " ".join(clip(value).split())
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.replace("&", "&&")
