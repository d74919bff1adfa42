"""The look of the evaluation workbook: fonts, fills, borders, alignments and number formats.

A cell's style is registered with the workbook once, as a combination of these parts
(:meth:`Styles.get`), and cells carry only its number. openpyxl would otherwise hash every font,
fill, border and alignment of each of half a million cells.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

FONT = "Calibri"
TITLE_FONT = Font(name=FONT, bold=True, size=14)
HEADER_FONT = Font(name=FONT, bold=True, color="FFFFFF")
BOLD = Font(name=FONT, bold=True)
ITALIC = Font(name=FONT, italic=True, color="595959")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
GROUP_FILL = PatternFill("solid", fgColor="DDEBF7")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # light yellow: what an auditor may change
CONFLICT_FILL = PatternFill("solid", fgColor="D9D9D9")
# Conditional formats: Excel reads a differential fill's background colour, LibreOffice its foreground.
GREY_FILL = PatternFill("solid", fgColor="E7E6E6", bgColor="E7E6E6")
AMBER_FILL = PatternFill("solid", fgColor="FFD966", bgColor="FFD966")
GREEN_FILL = PatternFill("solid", fgColor="C6EFCE", bgColor="C6EFCE")
RED_FILL = PatternFill("solid", fgColor="F8CBAD", bgColor="F8CBAD")
THIN = Side(style="thin", color="A6A6A6")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BID_BORDER = Border(left=THIN, right=THIN, top=Side(style="medium", color="1F4E79"), bottom=THIN)
TOTAL_BORDER = Border(top=Side(style="thin"), bottom=Side(style="double"))
TOP_WRAP = Alignment(vertical="top", wrap_text=True)
TOP = Alignment(vertical="top")
HEAD = Alignment(vertical="center", wrap_text=True)
INDENT_TOP = Alignment(indent=1, vertical="top")
CENTER_TOP = Alignment(horizontal="center", vertical="top")
CENTER = Alignment(horizontal="center")
LEFT = Alignment(horizontal="left")
RIGHT_TOP = Alignment(horizontal="right", vertical="top")
SCORE = "0.00"
PERCENT = "0.00%"
SHARE = "0.0%"
WEIGHT = "General"
YES_NO = '"yes";"yes";"no"'
YES_BLANK = '"yes";"yes";""'
SUBMITTED = '0000"-"00"-"00" "00":"00":"00'


class Styles:
    """The cell styles of one workbook, each registered once and known by its number.

    A style is keyed by the identity of its parts (the constants above) and its number format; the
    registry keeps the parts alive so that an identity is never reused.
    """

    def __init__(self, workbook: Any) -> None:
        self._workbook = workbook
        self._owner = SimpleNamespace(parent=workbook)  # what a cell's style setters look up
        self._ids: dict[tuple[int, int, int, int, str | None], int] = {}
        self._parts: list[tuple[Any, ...]] = []

    def get(
        self,
        font: Font | None = None,
        fill: PatternFill | None = None,
        border: Border | None = None,
        alignment: Alignment | None = None,
        number_format: str | None = None,
    ) -> int:
        """The number of the style with these parts (0: the default style)."""
        key = (id(font), id(fill), id(border), id(alignment), number_format)
        found = self._ids.get(key)
        if found is None:
            cell = Cell(self._owner)
            for name, part in (("font", font), ("fill", fill), ("border", border), ("alignment", alignment)):
                if part is not None:
                    setattr(cell, name, part)
            if number_format is not None:
                cell.number_format = number_format
            found = self._ids[key] = self._workbook._cell_styles.add(cell._style)
            self._parts.append((font, fill, border, alignment))
        return found
