"""Worksheets written top to bottom, a row at a time, in openpyxl's write-only mode.

A row is a list of *entries*, one per column from A (``None`` leaves a cell out): a value, its
kind (``"s"`` text, ``"n"`` number, ``"f"`` formula) and a style number from
:class:`~.styles.Styles`, and optionally a comment. Text is always stored as text, so a value such
as ``=HYPERLINK(…)`` never becomes a formula.

openpyxl builds, stores and sorts a cell object for every cell of a normal workbook, and its
write-only mode makes a new one for every styled cell; here one cell object per sheet is filled
with each entry in turn and handed to openpyxl's own cell writer (:class:`_RowSheet`). This relies
on openpyxl internals as of 3.1: ``WriteOnlyWorksheet._values_to_row`` (which turns an appended row
into cells), ``Workbook._add_sheet``, and ``Workbook._cell_styles`` (:class:`~.styles.Styles`); the
workbook tests fail loudly should any of them change.

Everything that openpyxl writes above the rows (column widths, frozen panes, fit to page) is set
when a sheet is made, and a row's height before the row is put.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Sequence
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from openpyxl.utils.units import DEFAULT_COLUMN_WIDTH
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ...base.packaging import clean_text
from .layout import Plan
from .styles import GRID, HEAD, HEADER_FILL, HEADER_FONT, ITALIC, TITLE_FONT, Styles

Entry = tuple[Any, ...]  # (value, kind, style) or (value, kind, style, comment)

MAX_CELL_TEXT = 32_767
LINE_HEIGHT = 15.0
CHARS_PER_WIDTH = 1.25
MAX_ROW_HEIGHT = 409.0


# -- entries ----------------------------------------------------------------------------------


def clip(value: str) -> str:
    """Text a cell can hold: line breaks kept, no XML-illegal characters, within the length limit."""
    text = "\n".join(clean_text(line) for line in value.split("\n")) if "\n" in value else clean_text(value)
    return text if len(text) <= MAX_CELL_TEXT else text[: MAX_CELL_TEXT - 1] + "…"


def text(value: str, style: int = 0) -> Entry:
    """Text, stored as a string even when it looks like a formula (``=``, ``+``, ``-``, ``@``)."""
    return (clip(value), "s", style)


def formula(value: str, style: int = 0) -> Entry:
    return (value if value.startswith("=") else "=" + value, "f", style)


def number(value: int | float | None, style: int = 0) -> Entry:
    return (value, "n", style)


def blank(style: int) -> Entry:
    """An empty cell that shows its style."""
    return (None, "n", style)


def noted(style: int, note: str, author: str) -> Entry:
    """An empty cell with a comment."""
    return (None, "n", style, Comment(note, author))


def line_count(value: str, width: float) -> int:
    """How many lines ``value`` takes wrapped in a column ``width`` wide (an estimate)."""
    chars = max(1, int(width * CHARS_PER_WIDTH))
    if len(value) <= chars and "\n" not in value:
        return 1
    return sum(len(textwrap.wrap(paragraph, chars)) or 1 for paragraph in value.split("\n"))


# -- the sheet --------------------------------------------------------------------------------


class _Cell(Cell):
    """The one cell object of a sheet, filled with each entry in turn; its style is a number."""

    __slots__ = ("_sid",)

    def __init__(self, sheet: Any) -> None:
        super().__init__(sheet)
        self._sid = 0

    @property
    def style_id(self) -> int:
        return self._sid

    @property
    def has_style(self) -> bool:
        return self._sid != 0


class _RowSheet(WriteOnlyWorksheet):
    """A write-only worksheet whose rows are lists of entries."""

    def __init__(self, parent: Any, title: str) -> None:
        super().__init__(parent, title)
        self._cell = _Cell(self)

    def _values_to_row(self, values: Sequence[Entry | None], row_idx: int) -> Iterator[Cell]:
        # openpyxl writes each cell yielded before it asks for the next, so one cell object serves.
        cell = self._cell
        cell.row = row_idx
        for column, entry in enumerate(values, 1):
            if entry is None:
                continue
            cell.column = column
            if len(entry) == 3:
                cell._value, cell.data_type, cell._sid = entry
                yield cell
            else:
                cell._value, cell.data_type, cell._sid, cell._comment = entry
                yield cell
                cell._comment = None


class Sheet:
    """One worksheet of the workbook being written: rows are put in order, top to bottom."""

    def __init__(self, workbook: Any, styles: Styles, plan: Plan, title: str, widths: Sequence[float]) -> None:
        self.ws = _RowSheet(workbook, title)
        workbook._add_sheet(self.ws)
        self.styles, self.plan = styles, plan
        self.widths = tuple(widths)
        for column, width in enumerate(self.widths, start=1):
            self.ws.column_dimensions[get_column_letter(column)].width = width
        self._next = 1

    @property
    def title(self) -> str:
        return str(self.ws.title)

    def width(self, column: int) -> float:
        return self.widths[column - 1] if column <= len(self.widths) else DEFAULT_COLUMN_WIDTH

    def fit(self, column: int, value: str, narrow: float = 1.0) -> float:
        """The height a row needs for ``value`` wrapped in ``column`` (0: one line is enough).
        ``narrow`` below 1 allows for a wider (bold) font. Spreadsheet programs do not fit rows to
        wrapped text when they open a file."""
        lines = line_count(value, self.width(column) * narrow)
        return min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT) if lines > 1 else 0.0

    def put(self, row: int, cells: Sequence[Entry | None] | dict[int, Entry], height: float = 0.0) -> None:
        """Write row ``row`` (rows skipped stay empty): ``cells`` from column A, or by column number."""
        if row < self._next:
            raise ValueError(f"{self.title}: row {row} comes after row {self._next - 1}")
        if isinstance(cells, dict):
            cells = [cells.get(column) for column in range(1, max(cells, default=0) + 1)]
        while self._next < row:
            self.ws.append(())
            self._next += 1
        if height:
            self.ws.row_dimensions[row].height = height
        self.ws.append(cells)
        self._next += 1

    # -- rows most sheets have --

    def header(self, labels: Sequence[str], first: int = 1) -> tuple[dict[int, Entry], float]:
        """Header cells from column ``first``, and the height they need."""
        style = self.styles.get(font=HEADER_FONT, fill=HEADER_FILL, border=GRID, alignment=HEAD)
        cells: dict[int, Entry] = {}
        height = 0.0
        for column, label in enumerate(labels, start=first):
            cells[column] = entry = text(label, style)
            height = max(height, self.fit(column, entry[0], narrow=0.8))
        return cells, height

    def put_header(self, row: int, labels: Sequence[str]) -> None:
        cells, height = self.header(labels)
        self.put(row, cells, height)

    def put_title(self, title: str, note: str = "") -> None:
        """The title in row 1, and a note in row 2."""
        self.put(1, [text(title, self.styles.get(font=TITLE_FONT))], 21)
        if note:
            self.put(2, [text(note, self.styles.get(font=ITALIC))])

    # -- set up before the first row --

    def print_setup(self, title_rows: str | None, freeze: str | None, fit: bool = True) -> None:
        """Landscape A4, fitted to the page width (unless ``fit`` is false), with the tender in the
        page header and "Page x of y" in the footer."""
        ws = self.ws
        ws.freeze_panes = freeze
        if title_rows:
            ws.print_title_rows = title_rows
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = fit
        ws.page_margins.left = ws.page_margins.right = 0.5
        evaluation = self.plan.evaluation
        ws.oddHeader.left.text = header_text(evaluation.tender_reference, 60)
        ws.oddHeader.right.text = header_text(evaluation.title, 90)
        ws.oddFooter.left.text = header_text(f"Evaluation workbook: {ws.title}", 60)
        ws.oddFooter.right.text = "Page &P of &N"

    # -- added at any time (openpyxl writes them after the rows) --

    def validate(self, validation: DataValidation) -> None:
        self.ws.data_validations.append(validation)


def header_text(value: str, limit: int) -> str:
    """Text for a page header or footer: short, and with ``&`` (a header code) doubled."""
    text = " ".join(clean_text(value).split())
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.replace("&", "&&")


def validation(kind: str, low: str, high: str | None, message: str) -> DataValidation:
    return DataValidation(
        type=kind,
        operator="between" if high is not None else "greaterThanOrEqual",
        formula1=low,
        formula2=high,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not allowed here",
        error=message,
    )
