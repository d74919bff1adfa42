"""The evaluation workbook: the panel's record as an XLSX file whose numbers are live formulas.

An auditor can open it in a spreadsheet program, change a score, a weight, a price or a gate
result, and watch the quality scores, totals, ranks and the winner move exactly as Procure would
compute them (``docs/evaluation.md``; the sheets are described in ``docs/evaluation-workbook.md``):

- **Summary** — the tender, the rubric, the award formula, the weights WQ/WP, one row per bid
  (in competition, Q, P, S, T, rank, flags, exclusion reasons), the winner, the notes and a chart;
- **Scores** — criteria × bids: the criterion scores, group scores and Q, with the weights and
  minimums in cells;
- **Eval - <id>** — one sheet per evaluator: the individual scores and justifications;
- **Moderation** — every criterion of every bid: the individual scores, their spread, the flag,
  and the consensus score with its reason;
- **Prices** — the price sheets, the lifecycle price P, Pbest/Pmax/mean, S, T, the abnormally-low
  flag and the ranking keys and rank;
- **Gates** — the result and the reason of every gate of every bid;
- **Sensitivity** — tipping points and rank-one shares (values: simulations, not formulas);
- **Notes** — how the workbook computes, in plain words.

Decisions
    * Every number Procure derives is a formula; only what the panel entered (scores,
      justifications, consensus, prices, gate results, weights and settings) is a value, in a
      light-yellow cell. Texts Procure wrote (exclusion reasons, outcome notes) and the
      Sensitivity sheet are the engine's, as computed when the file was written.
    * Ranks follow the engine: totals rounded to 6 decimals, then the rubric's ``tie_break`` rules
      as ``COUNTIFS`` terms; a rule is skipped for a tied set in which some bid has no key (no
      price, no submission time), as the engine does. The submission time is a number
      ``YYYYMMDDhhmmss`` so that it compares exactly.
    * Weights are used as fractions of their siblings' sum, and WQ/WP are scaled to sum to 100
      (the "used" cells on Prices), as the engine does.
    * Vendor-supplied and panel text is always stored as a string (never a formula) and stripped
      of characters XML cannot hold. The bytes are deterministic; the file is written atomically.
    * ``MINIFS``/``MAXIFS`` are written ``_xlfn.``-prefixed, as Excel stores them (Excel 2019 or
      later, LibreOffice 5.2 or later).
    * Every sheet prints landscape, fitted to the page width, except an evaluator sheet with more
      than three bids: it prints three bids a page wide with the criteria repeated, so that the
      justifications stay readable.
    * Styles are built once per workbook and copied onto cells (:class:`_Styles`); row heights are
      estimated as wrapped text is written. Both keep a workbook of 200 bids × 60 criteria × 9
      evaluators (about half a million cells) to seconds.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ... import __version__
from ..atomic import write_bytes_atomic
from ..evaluation import GATE_FAIL, GATE_NOT_ASSESSED, BidResult, EvaluationResult
from ..evaluation_file import Bid, EvaluationFile, Evaluator
from ..formulas import DEFAULT_VFM_SCALE
from ..rubric import Criterion, Group, Rubric
from ..sensitivity import SPLIT, SensitivityResult, Shift
from .docx import clean_text
from .packaging import deterministic_zip

__all__ = [
    "SHEET_SUMMARY",
    "SHEET_SCORES",
    "SHEET_MODERATION",
    "SHEET_PRICES",
    "SHEET_GATES",
    "SHEET_SENSITIVITY",
    "SHEET_NOTES",
    "GATE_OPTIONS",
    "evaluator_sheet_name",
    "render_evaluation_workbook",
    "write_evaluation_workbook",
]

SHEET_SUMMARY = "Summary"
SHEET_SCORES = "Scores"
SHEET_MODERATION = "Moderation"
SHEET_PRICES = "Prices"
SHEET_GATES = "Gates"
SHEET_SENSITIVITY = "Sensitivity"
SHEET_NOTES = "Notes"
_FIXED_SHEETS = (
    SHEET_SUMMARY,
    SHEET_SCORES,
    SHEET_MODERATION,
    SHEET_PRICES,
    SHEET_GATES,
    SHEET_SENSITIVITY,
    SHEET_NOTES,
)
GATE_OPTIONS = ("pass", "fail", "not assessed")
_GATE_TEXT = {"pass": "pass", GATE_FAIL: "fail", GATE_NOT_ASSESSED: "not assessed"}
_FLAG = "yes"  # what a raised flag shows

# -- layout: the first row of each table (the rows above hold titles, settings and headers) ----
_SUMMARY_TOP = 11
_SCORES_TOP = 7
_MODERATION_TOP = 6
_PRICES_TOP = 15
_GATES_TOP = 5
# Summary columns
S_BID, S_BIDDER, S_SME, S_IN, S_Q, S_P, S_S, S_T, S_RANK, S_LOW, S_MOD, S_WHY = range(1, 13)
# Prices columns
P_BID, P_BIDDER, P_CAPEX, P_OPEX, P_MAINT, P_YEARS, P_RATE, P_PRICE, P_VALID, P_IN = range(1, 11)
P_Q, P_S, P_T, P_LOW, P_TR, P_QR, P_PR, P_SUB, P_RANK = range(11, 20)
# Summary settings cells
_WQ_INPUT, _WP_INPUT = "$B$5", "$B$6"
# Prices settings cells (column C) and computed cells (column H)
_RATE, _WQ, _WP, _PARAMETER, _LOW_PERCENT = "$C$6", "$C$8", "$C$9", "$C$10", "$C$11"
_PBEST, _PMAX, _MEAN, _THRESHOLD, _QBEST, _RANKED = "$H$5", "$H$6", "$H$7", "$H$8", "$H$9", "$H$10"
_SCALE_MAX = "$C$3"  # on Scores
_SPREAD_LIMIT = "$D$3"  # on Moderation

_FORMULA_WORDS = {
    "relative-lowest": "relative to the lowest price: S = Pbest / P; T = WQ·Q/100 + WP·S; the highest total wins",
    "linear": "linear: S = (Pmax − P) / (Pmax − Pmin), 1 when all prices are equal; T = WQ·Q/100 + WP·S; "
    "the highest total wins",
    "log": "logarithmic: S = max(0, 1 − ln(P/Pbest) / ln A); T = WQ·Q/100 + WP·S; the highest total wins",
    "utility-index": "utility index: T = 100 · (1 − (Qbest − Q)/100 · WQ/WP) · Pbest / P; the highest total wins",
    "value-for-money": "value for money: T = Q / P · X; the highest total wins",
    "award-on-value": "award on value: T = P − Σ value per level × score (a fictional price); the lowest total wins",
    "quality-only": "quality only: T = Q; the highest total wins",
    "price-only": "price only: S = Pbest / P; T = 100 · S; the highest total wins",
}
_WITH_PRICE_SCORE = ("relative-lowest", "linear", "log", "price-only")

# -- styles -----------------------------------------------------------------------------------
_MAX_CELL_TEXT = 32_767
_FONT = "Calibri"
_TITLE_FONT = Font(name=_FONT, bold=True, size=14)
_HEADER_FONT = Font(name=_FONT, bold=True, color="FFFFFF")
_BOLD = Font(name=_FONT, bold=True)
_ITALIC = Font(name=_FONT, italic=True, color="595959")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_GROUP_FILL = PatternFill("solid", fgColor="DDEBF7")
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # light yellow: what an auditor may change
_CONFLICT_FILL = PatternFill("solid", fgColor="D9D9D9")
# Conditional formats: Excel reads a differential fill's background colour, LibreOffice its foreground.
_GREY_FILL = PatternFill("solid", fgColor="E7E6E6", bgColor="E7E6E6")
_AMBER_FILL = PatternFill("solid", fgColor="FFD966", bgColor="FFD966")
_GREEN_FILL = PatternFill("solid", fgColor="C6EFCE", bgColor="C6EFCE")
_RED_FILL = PatternFill("solid", fgColor="F8CBAD", bgColor="F8CBAD")
_THIN = Side(style="thin", color="A6A6A6")
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BID_BORDER = Border(left=_THIN, right=_THIN, top=Side(style="medium", color="1F4E79"), bottom=_THIN)
_TOTAL_BORDER = Border(top=Side(style="thin"), bottom=Side(style="double"))
_TOP_WRAP = Alignment(vertical="top", wrap_text=True)
_TOP = Alignment(vertical="top")
_HEAD = Alignment(vertical="center", wrap_text=True)
_INDENT_TOP = Alignment(indent=1, vertical="top")
_CENTER_TOP = Alignment(horizontal="center", vertical="top")
_CENTER = Alignment(horizontal="center")
_LEFT = Alignment(horizontal="left")
_RIGHT_TOP = Alignment(horizontal="right", vertical="top")
_SCORE = "0.00"
_PERCENT = "0.00%"
_SHARE = "0.0%"
_WEIGHT = "General"
_YES_NO = '"yes";"yes";"no"'
_YES_BLANK = '"yes";"yes";""'
_SUBMITTED = '0000"-"00"-"00" "00":"00":"00'
_LINE_HEIGHT = 15.0
_CHARS_PER_WIDTH = 1.25
_MAX_ROW_HEIGHT = 409.0
_EVALUATOR_WIDTHS = (29, 30)  # id and title columns of an evaluator sheet
_PAIR_WIDTHS = (8, 40)  # the score and justification columns of one bid
_BIDS_PER_PAGE = 3  # an evaluator sheet with more bids prints in blocks of this many, side by side
_PAGE_WIDTH_PX = (11.69 - 1.0) * 96  # A4 landscape less the margins, in pixels at 100 %
_STAMP = datetime(2000, 1, 1)  # fixed workbook dates: the same evaluation gives the same bytes


# -- public API -------------------------------------------------------------------------------


def evaluator_sheet_name(evaluator_id: str, taken: Iterable[str] = ()) -> str:
    """``Eval - <id>`` within the 31 characters a sheet name may have, unique among ``taken``."""
    used = {name.lower() for name in taken}
    base = f"Eval - {evaluator_id}"[:31]
    name, number = base, 2
    while name.lower() in used:
        suffix = f" {number}"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    return name


def render_evaluation_workbook(
    rubric: Rubric, evaluation: EvaluationFile, result: EvaluationResult, sensitivity: SensitivityResult
) -> bytes:
    """The evaluation workbook as XLSX bytes (deterministic for the same inputs)."""
    workbook = _workbook(_Plan.make(rubric, evaluation, result, sensitivity))
    buffer = io.BytesIO()
    # ExcelWriter rather than Workbook.save, which stamps the current time as the modified date.
    with ZipFile(buffer, "w", ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return deterministic_zip(buffer.getvalue())


def write_evaluation_workbook(
    rubric: Rubric,
    evaluation: EvaluationFile,
    result: EvaluationResult,
    sensitivity: SensitivityResult,
    path: Path,
) -> None:
    """Render and write atomically; raises :class:`~procure_app.core.atomic.WriteError`."""
    write_bytes_atomic(path, render_evaluation_workbook(rubric, evaluation, result, sensitivity))


# -- the plan: where everything is ------------------------------------------------------------


class _Styles:
    """Cell styles built once per workbook and copied onto cells.

    openpyxl hashes every font, fill, border and alignment on each assignment, which dominates the
    time of a large workbook; copying a finished style is cheap. A style is keyed by the identity
    of its parts, and the cache keeps those parts alive so that an identity is never reused.
    """

    def __init__(self) -> None:
        self._cache: dict[tuple[tuple[str, int], ...], tuple[Any, tuple[Any, ...]]] = {}

    def apply(self, cell: Cell, **parts: Any) -> Cell:
        key = tuple((name, id(value)) for name, value in parts.items())
        found = self._cache.get(key)
        if found is None:
            cell._style = StyleArray()
            for name, value in parts.items():
                setattr(cell, name, value)
            self._cache[key] = (copy(cell._style), tuple(parts.values()))
        else:
            cell._style = copy(found[0])
        return cell


@dataclass(frozen=True)
class _Plan:
    rubric: Rubric
    evaluation: EvaluationFile
    result: EvaluationResult
    sensitivity: SensitivityResult
    sheets: dict[str, str]  # evaluator id -> sheet name
    rows: dict[str, int]  # group or criterion id -> row on Scores and the evaluator sheets
    criteria: tuple[tuple[Group, Criterion], ...]
    styles: _Styles = field(default_factory=lambda: _Styles(), compare=False)

    @staticmethod
    def make(
        rubric: Rubric, evaluation: EvaluationFile, result: EvaluationResult, sensitivity: SensitivityResult
    ) -> _Plan:
        names: dict[str, str] = {}
        for evaluator in evaluation.evaluators:
            names[evaluator.id] = evaluator_sheet_name(evaluator.id, [*_FIXED_SHEETS, *names.values()])
        rows: dict[str, int] = {}
        row = _SCORES_TOP
        for group in rubric.groups:
            rows[group.id] = row
            for offset, criterion in enumerate(group.criteria, start=1):
                rows[criterion.id] = row + offset
            row += len(group.criteria) + 1
        return _Plan(rubric, evaluation, result, sensitivity, names, rows, tuple(rubric.criteria()))

    @property
    def bids(self) -> tuple[BidResult, ...]:
        return self.result.bids

    @property
    def formula(self) -> str:
        return self.result.formula

    @property
    def award_on_value(self) -> bool:
        return self.formula == "award-on-value"

    def bid(self, bid_id: str) -> Bid | None:
        return self.evaluation.bid(bid_id)

    def conflicted(self, evaluator: Evaluator, bid_id: str) -> bool:
        return bid_id in evaluator.conflicts

    # Scores sheet
    @property
    def first_bid_column(self) -> int:
        return 6 if self.award_on_value else 5

    def score_column(self, index: int) -> int:
        return self.first_bid_column + index

    @property
    def scores_end(self) -> int:
        """The last row of the criteria table."""
        return max(self.rows.values(), default=_SCORES_TOP - 1)

    @property
    def quality_row(self) -> int:
        return self.scores_end + 2

    @property
    def scored_row(self) -> int:
        return self.quality_row + 1

    @property
    def minimums_row(self) -> int:
        return self.quality_row + 2

    @property
    def value_row(self) -> int:
        return self.quality_row + 3

    # the other sheets
    def summary_row(self, index: int) -> int:
        return _SUMMARY_TOP + index

    def price_row(self, index: int) -> int:
        return _PRICES_TOP + index

    def moderation_row(self, index: int, criterion: int) -> int:
        return _MODERATION_TOP + index * len(self.criteria) + criterion

    def gate_row(self, index: int, gate: int) -> int:
        return _GATES_TOP + index * len(self.rubric.gates) + gate

    @property
    def moderation_columns(self) -> tuple[int, int, int, int]:
        """Spread, flag, consensus and reason columns of the Moderation sheet."""
        spread = 4 + len(self.evaluation.evaluators)
        return spread, spread + 1, spread + 2, spread + 3

    def bid_rows(self, first: int) -> tuple[int, int]:
        """The first and last row of a one-row-per-bid table (one blank row when there are no bids)."""
        return first, first + max(len(self.bids), 1) - 1


# -- small helpers ----------------------------------------------------------------------------


def _at(column: int, row: int, absolute: bool = False) -> str:
    letter = get_column_letter(column)
    return f"${letter}${row}" if absolute else f"{letter}{row}"


def _span(column: int, first: int, last: int) -> str:
    """An absolute single-column range."""
    return f"{_at(column, first, True)}:{_at(column, last, True)}"


def _sheet_ref(sheet: str, address: str) -> str:
    if sheet.replace("_", "").isalnum():
        return f"{sheet}!{address}"
    return "'" + sheet.replace("'", "''") + "'!" + address


def _number(value: Decimal | int) -> int | float:
    """A cell value: whole numbers as int, others as float."""
    if isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() else float(value)


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


def _formula(sheet: Worksheet, row: int, column: int, formula: str, number_format: str | None = None) -> Cell:
    cell = sheet.cell(row=row, column=column)
    cell.value = formula if formula.startswith("=") else "=" + formula
    if number_format:
        cell.number_format = number_format
    return cell


def _value(
    sheet: Worksheet, row: int, column: int, value: Decimal | int | None, number_format: str = "General"
) -> Cell:
    """A number the auditor may change (a light-yellow cell)."""
    cell = sheet.cell(row=row, column=column)
    cell.value = None if value is None else _number(value)
    cell.number_format, cell.fill, cell.border = number_format, _INPUT_FILL, _GRID
    return cell


def _money_format(currency: str) -> str:
    return f'#,##0.00 "{currency}"'


def _columns(sheet: Worksheet, widths: Iterable[float]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _header(sheet: Worksheet, plan: _Plan, row: int, labels: Sequence[str], first: int = 1) -> None:
    for column, label in enumerate(labels, start=first):
        cell = _text(sheet, row, column, label)
        plan.styles.apply(cell, font=_HEADER_FONT, fill=_HEADER_FILL, alignment=_HEAD, border=_GRID)
        _grow(sheet, row, column, cell.value, narrow=0.8)


def _title(sheet: Worksheet, title: str, note: str = "") -> None:
    _text(sheet, 1, 1, title).font = _TITLE_FONT
    sheet.row_dimensions[1].height = 21
    if note:
        _text(sheet, 2, 1, note).font = _ITALIC


def _setting(sheet: Worksheet, row: int, label: str, column: int = 1) -> None:
    _text(sheet, row, column, label).font = _BOLD


def _wrapped(sheet: Worksheet, row: int, column: int, value: str, narrow: float = 1.0) -> Cell:
    """Text that wraps in its column: the row grows to hold it (spreadsheet programs do not fit rows
    to wrapped text when they open a file). ``narrow`` below 1 allows for a wider (bold) font."""
    cell = _text(sheet, row, column, value)
    cell.alignment = _TOP_WRAP
    _grow(sheet, row, column, cell.value, narrow)
    return cell


def _grow(sheet: Worksheet, row: int, column: int, text: str, narrow: float = 1.0) -> None:
    """Make ``row`` tall enough for ``text`` wrapped in ``column`` (an estimate; rows never shrink)."""
    width = sheet.column_dimensions[get_column_letter(column)].width or 8.43
    lines = _line_count(text, width * narrow)
    if lines > 1:
        dimension = sheet.row_dimensions[row]
        dimension.height = min(_MAX_ROW_HEIGHT, max(dimension.height or 0, lines * _LINE_HEIGHT))


def _line_count(text: str, width: float) -> int:
    chars = max(1, int(width * _CHARS_PER_WIDTH))
    if len(text) <= chars and "\n" not in text:
        return 1
    return sum(len(textwrap.wrap(paragraph, chars)) or 1 for paragraph in text.split("\n"))


def _header_text(value: str, limit: int) -> str:
    """Text for a page header or footer: short, and with ``&`` (a header code) doubled."""
    text = " ".join(clean_text(value).split())
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.replace("&", "&&")


def _print_setup(sheet: Worksheet, plan: _Plan, title_rows: str | None, freeze: str | None) -> None:
    sheet.freeze_panes = freeze
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    evaluation = plan.evaluation
    sheet.oddHeader.left.text = _header_text(evaluation.tender_reference, 60)
    sheet.oddHeader.right.text = _header_text(evaluation.title, 90)
    sheet.oddFooter.left.text = _header_text(f"Evaluation workbook: {sheet.title}", 60)
    sheet.oddFooter.right.text = "Page &P of &N"


def _validation(kind: str, low: str, high: str | None, message: str) -> Any:
    validation = DataValidation(
        type=kind,
        operator="between" if high is not None else "greaterThanOrEqual",
        formula1=low,
        formula2=high,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not allowed here",
        error=message,
    )
    return validation


# -- the workbook -----------------------------------------------------------------------------


def _workbook(plan: _Plan) -> Any:
    workbook = Workbook()
    _summary_sheet(workbook.active, plan)
    _scores_sheet(workbook.create_sheet(SHEET_SCORES), plan)
    for evaluator in plan.evaluation.evaluators:
        _evaluator_sheet(workbook.create_sheet(plan.sheets[evaluator.id]), plan, evaluator)
    _moderation_sheet(workbook.create_sheet(SHEET_MODERATION), plan)
    _prices_sheet(workbook.create_sheet(SHEET_PRICES), plan)
    _gates_sheet(workbook.create_sheet(SHEET_GATES), plan)
    _sensitivity_sheet(workbook.create_sheet(SHEET_SENSITIVITY), plan)
    _notes_sheet(workbook.create_sheet(SHEET_NOTES), plan)
    workbook.active = 0
    workbook.calculation.fullCalcOnLoad = True  # no cached results are stored: compute on opening
    _properties(workbook, plan)
    return workbook


def _properties(workbook: Any, plan: _Plan) -> None:
    evaluation, rubric = plan.evaluation, plan.rubric
    properties = workbook.properties
    properties.title = _clip(evaluation.title)
    properties.subject = _clip(f"Evaluation of tender {evaluation.tender_reference}")
    properties.creator = "Procure"
    properties.lastModifiedBy = "Procure"
    properties.keywords = _clip(f"{evaluation.tender_reference}; rubric {rubric.id} {rubric.version}")
    properties.created = _STAMP
    properties.modified = _STAMP


# -- Summary ----------------------------------------------------------------------------------


def _tender_line(evaluation: EvaluationFile) -> str:
    lot = f", lot {evaluation.lot}" if evaluation.lot else ""
    return f"{evaluation.tender_reference}: {evaluation.tender_title}{lot}"


def _summary_sheet(sheet: Worksheet, plan: _Plan) -> None:
    sheet.title = SHEET_SUMMARY
    _columns(sheet, (20, 34, 6, 12, 10, 17, 10, 12, 7, 11, 11, 62))
    _title(sheet, plan.evaluation.title)
    rubric = plan.rubric
    facts = (
        ("Tender", _tender_line(plan.evaluation)),
        ("Rubric", f"{rubric.title} ({rubric.id}, version {rubric.version})"),
        ("Award formula", f"{plan.formula}: {_FORMULA_WORDS.get(plan.formula, plan.formula)}"),
    )
    for row, (label, value) in enumerate(facts, start=2):
        _setting(sheet, row, label)
        _text(sheet, row, 2, value)
    _weights(sheet, plan)
    _setting(sheet, 7, "Status")
    _text(sheet, 7, 2, _status(plan.result))
    _setting(sheet, 8, "Winner (rank 1)")
    _formula(sheet, 8, 2, _winner_formula(plan)).font = _BOLD
    _summary_table(sheet, plan)
    _print_setup(sheet, plan, f"{_SUMMARY_TOP - 1}:{_SUMMARY_TOP - 1}", _at(3, _SUMMARY_TOP))


def _weights(sheet: Worksheet, plan: _Plan) -> None:
    award = plan.rubric.award
    for row, label, weight in (
        (5, "Quality weight WQ", award.quality_weight),
        (6, "Price weight WP", award.price_weight),
    ):
        _setting(sheet, row, label)
        cell = _value(sheet, row, 2, weight, _WEIGHT)
        cell.alignment = _LEFT
    validation = _validation("decimal", "0", None, "Enter a weight of 0 or more.")
    validation.add("B5:B6")
    sheet.add_data_validation(validation)
    _text(sheet, 5, 3, "Change WQ or WP to see the totals move (they are used scaled to sum to 100).").font = _ITALIC


def _status(result: EvaluationResult) -> str:
    if result.provisional:
        return "Provisional when written: some gates are not yet assessed or some criteria not yet scored."
    return "Complete when written: every gate assessed and every criterion scored."


def _winner_formula(plan: _Plan) -> str:
    first, last = plan.bid_rows(_SUMMARY_TOP)
    ranks, bidders, ids = (_span(column, first, last) for column in (S_RANK, S_BIDDER, S_BID))
    match = f"MATCH(1,{ranks},0)"
    return (
        f'=IF(COUNTIF({ranks},1)=1,INDEX({bidders},{match})&" ("&INDEX({ids},{match})&")",'
        f'IF(COUNTIF({ranks},1)>1,"No winner: bids share rank 1; settle the tie as the tender documents say",'
        '"No winner: no bid is ranked"))'
    )


_SUMMARY_HEADERS = (
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


def _summary_table(sheet: Worksheet, plan: _Plan) -> None:
    header = _SUMMARY_TOP - 1
    labels = list(_SUMMARY_HEADERS)
    if plan.award_on_value:
        labels[S_T - 1] = "Total T (fictional price)"
    _header(sheet, plan, header, labels)
    for index, bid in enumerate(plan.bids):
        _summary_row(sheet, plan, index, bid)
    first, last = plan.bid_rows(_SUMMARY_TOP)
    _summary_highlights(sheet, f"A{first}:{get_column_letter(S_WHY)}{last}", first)
    row = last + 2
    row = _summary_notes(sheet, plan, row)
    if plan.bids:
        _totals_chart(sheet, plan, row + 1)


def _summary_row(sheet: Worksheet, plan: _Plan, index: int, bid: BidResult) -> None:
    row, price_row = plan.summary_row(index), plan.price_row(index)
    _text(sheet, row, S_BID, bid.bid)
    _text(sheet, row, S_BIDDER, bid.bidder)
    _text(sheet, row, S_SME, "yes" if bid.sme else "no")
    _formula(sheet, row, S_IN, _in_competition(plan, index), _YES_NO)
    money = _money_format(plan.evaluation.currency)
    _formula(sheet, row, S_Q, "=" + _sheet_ref(SHEET_SCORES, _at(plan.score_column(index), plan.quality_row)), _SCORE)
    _formula(sheet, row, S_P, "=" + _sheet_ref(SHEET_PRICES, _at(P_PRICE, price_row)), money)
    if plan.formula in _WITH_PRICE_SCORE:
        _formula(sheet, row, S_S, "=" + _sheet_ref(SHEET_PRICES, _at(P_S, price_row)), _SCORE)
    else:
        _text(sheet, row, S_S, "—").alignment = _CENTER
    total_format = money if plan.award_on_value else _SCORE
    _formula(sheet, row, S_T, "=" + _sheet_ref(SHEET_PRICES, _at(P_T, price_row)), total_format).font = _BOLD
    _formula(sheet, row, S_RANK, "=" + _sheet_ref(SHEET_PRICES, _at(P_RANK, price_row)), "0").font = _BOLD
    _formula(sheet, row, S_LOW, f'=IF({_sheet_ref(SHEET_PRICES, _at(P_LOW, price_row))}=1,"{_FLAG}","")')
    _formula(sheet, row, S_MOD, _to_moderate(plan, index), "0")
    for column in range(S_BID, S_WHY):
        cell = sheet.cell(row=row, column=column)
        cell.border = _GRID
        cell.alignment = _CENTER_TOP if column == S_S and plan.formula not in _WITH_PRICE_SCORE else _TOP
    _wrapped(sheet, row, S_WHY, "\n".join(exclusion.message for exclusion in bid.exclusions)).border = _GRID


def _in_competition(plan: _Plan, index: int) -> str:
    """1 when no gate failed, every minimum is met and (for a formula with prices) the price is valid."""
    checks = []
    if plan.rubric.gates:
        first, last = plan.gate_row(index, 0), plan.gate_row(index, len(plan.rubric.gates) - 1)
        checks.append(f'COUNTIF({_sheet_ref(SHEET_GATES, f"E{first}:E{last}")},"{GATE_FAIL}")=0')
    checks.append(_sheet_ref(SHEET_SCORES, _at(plan.score_column(index), plan.minimums_row)) + "=1")
    if plan.formula != "quality-only":
        checks.append(_sheet_ref(SHEET_PRICES, _at(P_VALID, plan.price_row(index))) + "=1")
    return f"=IF(AND({','.join(checks)}),1,0)"


def _to_moderate(plan: _Plan, index: int) -> str:
    if not plan.criteria:
        return '=""'
    flag = plan.moderation_columns[1]
    first, last = plan.moderation_row(index, 0), plan.moderation_row(index, len(plan.criteria) - 1)
    count = f'COUNTIF({_sheet_ref(SHEET_MODERATION, f"{_at(flag, first)}:{_at(flag, last)}")},"{_FLAG}")'
    return f'=IF({count}=0,"",{count})'


def _summary_highlights(sheet: Worksheet, cells: str, first: int) -> None:
    """Excluded rows grey, an abnormally low price amber, rank 1 green (first match wins)."""
    rules = (
        (f"${get_column_letter(S_IN)}{first}=0", _GREY_FILL),
        (f'${get_column_letter(S_LOW)}{first}="{_FLAG}"', _AMBER_FILL),
        (f"${get_column_letter(S_RANK)}{first}=1", _GREEN_FILL),
    )
    for formula, fill in rules:
        sheet.conditional_formatting.add(cells, FormulaRule(formula=[formula], fill=fill, stopIfTrue=True))


def _summary_notes(sheet: Worksheet, plan: _Plan, row: int) -> int:
    """The engine's outcome notes and tie-breaks; returns the next free row."""
    messages = [note.message for note in plan.result.notes] + [tie.message for tie in plan.result.tie_breaks]
    _text(sheet, row, 1, "Notes (as computed by Procure when the workbook was written)").font = _BOLD
    if not messages:
        messages = ["None: Procure raised no outcome note and broke no tie."]
    for offset, message in enumerate(messages, start=1):
        cell = _text(sheet, row + offset, 2, message)
        cell.alignment = _TOP_WRAP
        sheet.merge_cells(start_row=row + offset, start_column=2, end_row=row + offset, end_column=S_WHY)
        lines = _line_count(message, 140)
        if lines > 1:
            sheet.row_dimensions[row + offset].height = lines * _LINE_HEIGHT
    return row + len(messages) + 1


def _totals_chart(sheet: Worksheet, plan: _Plan, row: int) -> None:
    first, last = plan.bid_rows(_SUMMARY_TOP)
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = "Fictional price T (lowest wins)" if plan.award_on_value else "Total T (highest wins)"
    chart.add_data(Reference(sheet, min_col=S_T, min_row=first - 1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=S_BIDDER, min_row=first, max_row=last))
    chart.legend = None
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.x_axis.scaling.orientation = "maxMin"  # the first bid on top, as in the table
    chart.y_axis.majorGridlines = None
    chart.y_axis.number_format = "#,##0" if plan.award_on_value else "0"
    chart.height = 2.5 + 1.0 * len(plan.bids)
    chart.width = 24
    sheet.add_chart(chart, f"B{row}")


# -- Scores -----------------------------------------------------------------------------------


def _scores_sheet(sheet: Worksheet, plan: _Plan) -> None:
    method = "median" if plan.rubric.aggregation == "median" else "mean"
    _title(
        sheet,
        "Quality scores",
        f"A criterion's score is the consensus score (Moderation) when set, else the {method} of the evaluators' "
        "scores (Eval sheets); a group's score is its weighted share of the scale; Q is the weighted sum of the "
        "groups.",
    )
    _setting(sheet, 3, "Scale maximum M")
    _value(sheet, 3, 3, plan.result.scale_max)
    widths = [26, 50, 9, 10] + ([12] if plan.award_on_value else []) + [13] * len(plan.bids)
    _columns(sheet, widths)
    _scores_header(sheet, plan)
    for group in plan.rubric.groups:
        _group_rows(sheet, plan, group)
    _scores_footer(sheet, plan)
    _print_setup(sheet, plan, f"{_SCORES_TOP - 2}:{_SCORES_TOP - 1}", _at(3, _SCORES_TOP))


def _scores_header(sheet: Worksheet, plan: _Plan) -> None:
    labels = ["Group / criterion", "Title", "Weight %", "Minimum"] + (
        ["Value per level"] if plan.award_on_value else []
    )
    _header(sheet, plan, _SCORES_TOP - 2, labels + [bid.bid for bid in plan.bids])
    _header(sheet, plan, _SCORES_TOP - 1, [""] * len(labels) + [bid.bidder for bid in plan.bids])
    note = "(weight: of the quality score for a group, of its group for a criterion)"
    _grow(sheet, _SCORES_TOP - 1, 2, _text(sheet, _SCORES_TOP - 1, 2, note).value, narrow=0.8)


def _group_rows(sheet: Worksheet, plan: _Plan, group: Group) -> None:
    row = plan.rows[group.id]
    _text(sheet, row, 1, group.id)
    _text(sheet, row, 2, group.title)
    _value(sheet, row, 3, group.weight, _WEIGHT)
    if group.minimum is not None:
        _value(sheet, row, 4, group.minimum, '0" %"')
    first, last = row + 1, row + len(group.criteria)
    weights = _span(3, first, last)
    for index in range(len(plan.bids)):
        column = get_column_letter(plan.score_column(index))
        _formula(
            sheet,
            row,
            plan.score_column(index),
            f"=IF(OR(SUM({weights})<=0,{_SCALE_MAX}<=0),0,SUMPRODUCT({weights},{column}{first}:{column}{last})"
            f"/SUM({weights})/{_SCALE_MAX})",
            _PERCENT,
        )
    for column in range(1, plan.score_column(len(plan.bids))):
        cell = sheet.cell(row=row, column=column)
        cell.font, cell.border = _BOLD, _GRID
        if cell.fill != _INPUT_FILL:
            cell.fill = _GROUP_FILL
    for criterion in group.criteria:
        _criterion_row(sheet, plan, criterion)


def _criterion_labels(sheet: Worksheet, plan: _Plan, row: int, criterion: Criterion) -> None:
    """The criterion's id and title, at the start of its row (Scores and the evaluator sheets)."""
    plan.styles.apply(_text(sheet, row, 1, criterion.id), border=_GRID, alignment=_INDENT_TOP)
    title = _text(sheet, row, 2, criterion.title)
    plan.styles.apply(title, border=_GRID, alignment=_TOP_WRAP)
    _grow(sheet, row, 2, title.value)


def _criterion_row(sheet: Worksheet, plan: _Plan, criterion: Criterion) -> None:
    row = plan.rows[criterion.id]
    _criterion_labels(sheet, plan, row, criterion)
    _value(sheet, row, 3, criterion.weight, _WEIGHT)
    if criterion.minimum is not None:  # only the rubric's minimums are in the formulas
        _value(sheet, row, 4, criterion.minimum)
    if plan.award_on_value:
        _value(sheet, row, 5, criterion.value_per_level or 0, _money_format(plan.evaluation.currency))
    for index, bid in enumerate(plan.bids):
        cell = _formula(sheet, row, plan.score_column(index), _criterion_formula(plan, index, bid.bid, criterion.id))
        plan.styles.apply(cell, number_format=_SCORE, border=_GRID, alignment=_TOP)
    for column in range(3, plan.first_bid_column):
        sheet.cell(row=row, column=column).border = _GRID


def _criterion_formula(plan: _Plan, index: int, bid_id: str, criterion_id: str) -> str:
    """The consensus score if set, else the mean (median) of the evaluators' cells; "" when unscored."""
    position = next(i for i, (_, c) in enumerate(plan.criteria) if c.id == criterion_id)
    consensus = _sheet_ref(SHEET_MODERATION, _at(plan.moderation_columns[2], plan.moderation_row(index, position)))
    refs = ",".join(
        _sheet_ref(plan.sheets[e.id], _at(3 + 2 * index, plan.rows[criterion_id]))
        for e in plan.evaluation.evaluators
        if not plan.conflicted(e, bid_id)
    )
    if not refs:
        return f'=IF(ISNUMBER({consensus}),{consensus},"")'
    method = "MEDIAN" if plan.rubric.aggregation == "median" else "AVERAGE"
    return f'=IF(ISNUMBER({consensus}),{consensus},IF(COUNT({refs})=0,"",{method}({refs})))'


def _scores_footer(sheet: Worksheet, plan: _Plan) -> None:
    rows = [
        (plan.quality_row, "Quality score Q (0–100)", _quality_formula, _SCORE),
        (plan.scored_row, "Criteria scored", _scored_formula, "0"),
        (plan.minimums_row, "Every minimum met", _minimums_formula, _YES_NO),
    ]
    if plan.award_on_value:
        money = _money_format(plan.evaluation.currency)
        rows.append((plan.value_row, "Value of the scores (Σ value per level × score)", _value_formula, money))
    for row, label, build, number_format in rows:
        _text(sheet, row, 1, label).font = _BOLD
        for index in range(len(plan.bids)):
            cell = _formula(sheet, row, plan.score_column(index), build(plan, index), number_format)
            cell.border = _TOTAL_BORDER if row == plan.quality_row else _GRID
            if row == plan.quality_row:
                cell.font = _BOLD


def _quality_formula(plan: _Plan, index: int) -> str:
    """``Q = 100 · Σ W(G)·g(G) / Σ W(G)``, over the group rows."""
    groups = plan.rubric.groups
    if not groups:
        return "=0"
    column = get_column_letter(plan.score_column(index))
    weights = ",".join(_at(3, plan.rows[g.id], True) for g in groups)
    products = "+".join(f"{_at(3, plan.rows[g.id], True)}*{column}{plan.rows[g.id]}" for g in groups)
    return f"=IF(SUM({weights})<=0,0,100*({products})/SUM({weights}))"


def _criteria_ranges(plan: _Plan, index: int) -> str:
    column = get_column_letter(plan.score_column(index))
    ranges = [
        f"{column}{plan.rows[g.id] + 1}:{column}{plan.rows[g.id] + len(g.criteria)}"
        for g in plan.rubric.groups
        if g.criteria
    ]
    return ",".join(ranges)


def _scored_formula(plan: _Plan, index: int) -> str:
    ranges = _criteria_ranges(plan, index)
    return f"=COUNT({ranges})" if ranges else "=0"


def _minimums_formula(plan: _Plan, index: int) -> str:
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


def _value_formula(plan: _Plan, index: int) -> str:
    column = get_column_letter(plan.score_column(index))
    first, last = _SCORES_TOP, plan.scores_end
    return f"=SUMPRODUCT({_span(5, first, last)},{column}{first}:{column}{last})"


# -- the evaluator sheets ---------------------------------------------------------------------


def _evaluator_sheet(sheet: Worksheet, plan: _Plan, evaluator: Evaluator) -> None:
    role = f", {evaluator.role}" if evaluator.role else ""
    conflicts = f" Declared a conflict of interest on: {', '.join(evaluator.conflicts)}." if evaluator.conflicts else ""
    _title(sheet, f"Scores of {evaluator.name}{role}")
    _text(sheet, 2, 1, f"Evaluator id {evaluator.id}.{conflicts}").font = _ITALIC
    _columns(sheet, [*_EVALUATOR_WIDTHS, *_PAIR_WIDTHS * len(plan.bids)])
    top = _SCORES_TOP - 2
    _header(sheet, plan, top, ["Group / criterion", "Title"])
    _header(sheet, plan, top + 1, ["", ""])
    for index, bid in enumerate(plan.bids):
        column = 3 + 2 * index
        _header(sheet, plan, top, [bid.bid, bid.bidder], column)
        _header(sheet, plan, top + 1, ["Score", "Justification"], column)
    scores = {(s.bid, s.criterion): s for s in plan.evaluation.scores if s.evaluator == evaluator.id}
    for group in plan.rubric.groups:
        _evaluator_group(sheet, plan, group)
        for criterion in group.criteria:
            _evaluator_row(sheet, plan, evaluator, criterion, scores)
    _score_validation(sheet, plan)
    _print_setup(sheet, plan, f"{top}:{top + 1}", _at(3, _SCORES_TOP))
    if len(plan.bids) > _BIDS_PER_PAGE:
        _print_in_blocks(sheet, len(plan.bids))


def _print_in_blocks(sheet: Worksheet, bids: int) -> None:
    """Print a wide evaluator sheet as blocks of bids, each a page wide, with the criteria repeated.

    Fitting many bids' justifications to one page width would make them too small to read.
    """
    pixels = sum(width * 7 + 5 for width in (*_EVALUATOR_WIDTHS, *_PAIR_WIDTHS * _BIDS_PER_PAGE))
    sheet.sheet_properties.pageSetUpPr.fitToPage = False
    sheet.page_setup.scale = min(100, int(95 * _PAGE_WIDTH_PX / pixels))
    sheet.print_title_cols = "A:B"
    for block in range(1, (bids - 1) // _BIDS_PER_PAGE + 1):
        sheet.col_breaks.append(Break(id=2 + 2 * _BIDS_PER_PAGE * block))


def _evaluator_group(sheet: Worksheet, plan: _Plan, group: Group) -> None:
    row = plan.rows[group.id]
    _text(sheet, row, 1, group.id)
    _text(sheet, row, 2, group.title)
    for column in range(1, 3 + 2 * len(plan.bids)):
        plan.styles.apply(sheet.cell(row=row, column=column), font=_BOLD, fill=_GROUP_FILL, border=_GRID)


def _evaluator_row(
    sheet: Worksheet, plan: _Plan, evaluator: Evaluator, criterion: Criterion, scores: dict[tuple[str, str], Any]
) -> None:
    row = plan.rows[criterion.id]
    _criterion_labels(sheet, plan, row, criterion)
    for index, bid in enumerate(plan.bids):
        column = 3 + 2 * index
        if plan.conflicted(evaluator, bid.bid):
            _conflict_cells(sheet, plan, row, column, evaluator, bid.bid)
            continue
        score = scores.get((bid.bid, criterion.id))
        cell = sheet.cell(row=row, column=column)
        cell.value = None if score is None else _number(score.score)
        plan.styles.apply(cell, number_format="0", fill=_INPUT_FILL, border=_GRID, alignment=_CENTER_TOP)
        justification = _text(sheet, row, column + 1, score.justification if score else "")
        plan.styles.apply(justification, fill=_INPUT_FILL, border=_GRID, alignment=_TOP_WRAP)
        _grow(sheet, row, column + 1, justification.value)


def _conflict_cells(sheet: Worksheet, plan: _Plan, row: int, column: int, evaluator: Evaluator, bid_id: str) -> None:
    score = plan.styles.apply(sheet.cell(row=row, column=column), fill=_CONFLICT_FILL, border=_GRID)
    score.comment = Comment(
        f"{evaluator.name} declared a conflict of interest on {bid_id}: not scored, and this cell is in no formula.",
        "Procure",
    )
    note = _text(sheet, row, column + 1, "Conflict of interest declared: not scored")
    plan.styles.apply(note, font=_ITALIC, fill=_CONFLICT_FILL, border=_GRID, alignment=_TOP_WRAP)


def _score_validation(sheet: Worksheet, plan: _Plan) -> None:
    if not plan.bids or not plan.criteria:
        return
    low, high = plan.rubric.scale_min, plan.rubric.scale_max
    validation = _validation("whole", str(low), str(high), f"A score is a whole number from {low} to {high}.")
    for index in range(len(plan.bids)):
        letter = get_column_letter(3 + 2 * index)
        validation.add(f"{letter}{_SCORES_TOP}:{letter}{plan.scores_end}")
    sheet.add_data_validation(validation)


# -- Moderation -------------------------------------------------------------------------------


def _moderation_sheet(sheet: Worksheet, plan: _Plan) -> None:
    _title(
        sheet,
        "Moderation",
        "A criterion needs moderation when its scores differ by at least the spread below and the panel has set "
        "no consensus score. A consensus score replaces the evaluators' scores on the Scores sheet.",
    )
    _setting(sheet, 3, "Spread that needs moderation")
    _value(sheet, 3, 4, plan.rubric.moderation_spread)
    evaluators = plan.evaluation.evaluators
    _columns(sheet, [10, 26, 34] + [9] * len(evaluators) + [8, 11, 11, 60])
    labels = ["Bid", "Criterion", "Title", *(e.id for e in evaluators)]
    _header(sheet, plan, _MODERATION_TOP - 1, [*labels, "Spread", "Needs moderation", "Consensus score", "Reason"])
    consensus = {(c.bid, c.criterion): c for c in plan.evaluation.consensus}
    for index, bid in enumerate(plan.bids):
        for position, (_, criterion) in enumerate(plan.criteria):
            _moderation_row(sheet, plan, index, bid.bid, position, criterion, consensus.get((bid.bid, criterion.id)))
    _consensus_validation(sheet, plan)
    last = plan.moderation_row(len(plan.bids), 0) - 1
    sheet.auto_filter.ref = f"A{_MODERATION_TOP - 1}:{get_column_letter(plan.moderation_columns[3])}{max(last, 6)}"
    _print_setup(sheet, plan, f"{_MODERATION_TOP - 1}:{_MODERATION_TOP - 1}", _at(4, _MODERATION_TOP))


def _moderation_row(
    sheet: Worksheet, plan: _Plan, index: int, bid_id: str, position: int, criterion: Criterion, consensus: Any
) -> None:
    row = plan.moderation_row(index, position)
    border = _BID_BORDER if position == 0 else _GRID  # a firmer line where the next bid starts
    plan.styles.apply(_text(sheet, row, 1, bid_id), border=border, alignment=_TOP)
    plan.styles.apply(_text(sheet, row, 2, criterion.id), border=border, alignment=_TOP)
    title = plan.styles.apply(_text(sheet, row, 3, criterion.title), border=border, alignment=_TOP_WRAP)
    _grow(sheet, row, 3, title.value)
    for offset, evaluator in enumerate(plan.evaluation.evaluators):
        column = 4 + offset
        if plan.conflicted(evaluator, bid_id):
            cell = _text(sheet, row, column, "conflict")
            plan.styles.apply(cell, font=_ITALIC, fill=_CONFLICT_FILL, border=border, alignment=_TOP)
        else:
            source = _sheet_ref(plan.sheets[evaluator.id], _at(3 + 2 * index, plan.rows[criterion.id]))
            cell = _formula(sheet, row, column, f'=IF(ISNUMBER({source}),{source},"")')
            plan.styles.apply(cell, number_format="0", border=border, alignment=_TOP)
    _moderation_checks(sheet, plan, row, consensus, border)


def _moderation_checks(sheet: Worksheet, plan: _Plan, row: int, consensus: Any, border: Border) -> None:
    spread, flag, agreed, reason = plan.moderation_columns
    scores = f"{_at(4, row)}:{_at(spread - 1, row)}"
    cell = _formula(sheet, row, spread, f'=IF(COUNT({scores})=0,"",MAX({scores})-MIN({scores}))')
    plan.styles.apply(cell, number_format="0", border=border, alignment=_TOP)
    check = f'IF({_at(spread, row)}>={_SPREAD_LIMIT},"{_FLAG}","")'
    cell = _formula(sheet, row, flag, f'=IF(AND(COUNT({scores})>0,NOT(ISNUMBER({_at(agreed, row)}))),{check},"")')
    plan.styles.apply(cell, border=border, alignment=_TOP)
    cell = sheet.cell(row=row, column=agreed)
    cell.value = None if consensus is None else _number(consensus.score)
    plan.styles.apply(cell, number_format="0", fill=_INPUT_FILL, border=border, alignment=_TOP)
    cell = _text(sheet, row, reason, consensus.reason if consensus is not None else "")
    plan.styles.apply(cell, fill=_INPUT_FILL, border=border, alignment=_TOP_WRAP)
    _grow(sheet, row, reason, cell.value)


def _consensus_validation(sheet: Worksheet, plan: _Plan) -> None:
    if not plan.bids or not plan.criteria:
        return
    low, high = plan.rubric.scale_min, plan.rubric.scale_max
    validation = _validation("whole", str(low), str(high), f"A score is a whole number from {low} to {high}.")
    letter = get_column_letter(plan.moderation_columns[2])
    validation.add(f"{letter}{_MODERATION_TOP}:{letter}{plan.moderation_row(len(plan.bids), 0) - 1}")
    sheet.add_data_validation(validation)
    flag = get_column_letter(plan.moderation_columns[1])
    last = plan.moderation_row(len(plan.bids), 0) - 1
    cells = f"A{_MODERATION_TOP}:{get_column_letter(plan.moderation_columns[3])}{last}"
    rule = FormulaRule(formula=[f'${flag}{_MODERATION_TOP}="{_FLAG}"'], fill=_AMBER_FILL)
    sheet.conditional_formatting.add(cells, rule)


# -- Prices -----------------------------------------------------------------------------------


_PRICES_HEADERS = (
    "Bid",
    "Bidder",
    "Capital cost",
    "Operating cost / year",
    "Maintenance / year",
    "Years",
    "Discount rate %",
    "Price P",
    "Valid price",
    "In competition",
    "Quality Q",
    "Price score S",
    "Total T",
    "Abnormally low",
    "Key: T (6 dp)",
    "Key: Q (6 dp)",
    "Key: P (6 dp)",
    "Key: submitted",
    "Rank",
)


def _prices_sheet(sheet: Worksheet, plan: _Plan) -> None:
    currency = plan.evaluation.currency
    _title(
        sheet,
        "Prices, totals and ranks",
        f"Amounts in {currency} as the bids state them. The lowest, highest and mean price and the best quality "
        "are taken over the bids in the competition. Ranks are decided on the keys, rounded to 6 decimals.",
    )
    _columns(sheet, [12, 30, 15, 15, 15, 7, 10, 17, 8, 11, 10, 10, 12, 10, 12, 11, 16, 18, 7])
    _price_settings(sheet, plan)
    _price_aggregates(sheet, plan)
    _header(sheet, plan, _PRICES_TOP - 1, _PRICES_HEADERS)
    for index, bid in enumerate(plan.bids):
        _price_row(sheet, plan, index, bid)
    _print_setup(sheet, plan, f"{_PRICES_TOP - 1}:{_PRICES_TOP - 1}", _at(3, _PRICES_TOP))


def _price_settings(sheet: Worksheet, plan: _Plan) -> None:
    price = plan.rubric.price
    basis = "capex" if price.basis == "capex" else "lifecycle"
    _setting(sheet, 4, "Settings")
    rows: list[tuple[int, str, Any]] = [
        (5, "Price basis (lifecycle or capex)", basis),
        (6, "Discount rate (% a year)", price.discount_rate),
        (7, "Award formula", plan.formula),
        (8, "Quality weight used WQ", _scaled_weight(_WQ_INPUT)),
        (9, "Price weight used WP", _scaled_weight(_WP_INPUT)),
        (11, "Abnormally low: below % of the mean price", plan.rubric.abnormally_low_percent),
    ]
    parameter = _formula_parameter(plan)
    if parameter is not None:
        rows.append((10, parameter[0], parameter[1]))
    for row, label, value in rows:
        _text(sheet, row, 1, label)
        if isinstance(value, str) and value.startswith("="):
            _formula(sheet, row, 3, value, "0.00")
        elif isinstance(value, str):
            _text(sheet, row, 3, value)
        else:
            _value(sheet, row, 3, value, "General")


def _summary(address: str) -> str:
    return _sheet_ref(SHEET_SUMMARY, address)


def _scaled_weight(weight: str) -> str:
    """WQ or WP as used: scaled so that WQ + WP = 100 (0 when both are 0)."""
    both = f"({_summary(_WQ_INPUT)}+{_summary(_WP_INPUT)})"
    return f"=IF({both}>0,100*{_summary(weight)}/{both},0)"


def _formula_parameter(plan: _Plan) -> tuple[str, Decimal] | None:
    award = plan.rubric.award
    if plan.formula == "log":
        return "Zero ratio A (a price A times the best scores 0)", award.parameter("zero_ratio") or Decimal(0)
    if plan.formula == "value-for-money":
        return "Scale X", award.parameter("scale", DEFAULT_VFM_SCALE) or DEFAULT_VFM_SCALE
    return None


def _price_aggregates(sheet: Worksheet, plan: _Plan) -> None:
    first, last = plan.bid_rows(_PRICES_TOP)
    price, valid, listed, quality = (_span(c, first, last) for c in (P_PRICE, P_VALID, P_IN, P_Q))
    pool = f"{listed},1,{valid},1"
    money = _money_format(plan.evaluation.currency)
    rows = (
        (5, "Lowest price Pbest = Pmin", f'=IF(COUNTIFS({pool})=0,"",_xlfn.MINIFS({price},{pool}))', money),
        (6, "Highest price Pmax", f'=IF(COUNTIFS({pool})=0,"",_xlfn.MAXIFS({price},{pool}))', money),
        (7, "Mean price", f'=IF(COUNTIFS({pool})=0,"",AVERAGEIFS({price},{pool}))', money),
        (8, "Abnormally low below", f'=IF(OR({_LOW_PERCENT}="",{_MEAN}=""),"",{_LOW_PERCENT}/100*{_MEAN})', money),
        (9, "Best quality Qbest", f'=IF(COUNTIF({listed},1)=0,"",_xlfn.MAXIFS({quality},{listed},1))', _SCORE),
        (10, "Bids are ranked", _ranked_formula(plan), _YES_NO),
    )
    _setting(sheet, 4, "Computed over the bids in the competition", 5)
    for row, label, formula, number_format in rows:
        _text(sheet, row, 5, label)
        _formula(sheet, row, P_PRICE, formula, number_format).border = _GRID


def _ranked_formula(plan: _Plan) -> str:
    """No bid is ranked while nothing at all is scored (unless only price counts)."""
    if plan.formula == "price-only" or not plan.criteria or not plan.bids:
        return "=1"
    first = get_column_letter(plan.score_column(0))
    last = get_column_letter(plan.score_column(len(plan.bids) - 1))
    return f"=IF(SUM({_sheet_ref(SHEET_SCORES, f'{first}{plan.scored_row}:{last}{plan.scored_row}')})>0,1,0)"


def _price_row(sheet: Worksheet, plan: _Plan, index: int, result: BidResult) -> None:
    row = plan.price_row(index)
    money = _money_format(plan.evaluation.currency)
    _text(sheet, row, P_BID, result.bid)
    _text(sheet, row, P_BIDDER, result.bidder)
    bid = plan.bid(result.bid)
    sheet_ = bid.price if bid is not None else None
    _value(sheet, row, P_CAPEX, sheet_.capex if sheet_ else None, money)
    _value(sheet, row, P_OPEX, sheet_.opex_per_year if sheet_ else None, money)
    _value(sheet, row, P_MAINT, sheet_.maintenance_per_year if sheet_ else None, money)
    _value(sheet, row, P_YEARS, sheet_.years if sheet_ else None, "0")
    _formula(sheet, row, P_RATE, f'=IF({_RATE}="","",{_RATE})', "0.00")
    _formula(sheet, row, P_PRICE, _price_formula(plan, row), money).font = _BOLD
    valid = f"AND({_at(P_PRICE, row)}>0,MIN({_at(P_CAPEX, row)}:{_at(P_MAINT, row)})>=0)"
    _formula(sheet, row, P_VALID, f"=IF(ISNUMBER({_at(P_PRICE, row)}),IF({valid},1,0),0)", _YES_NO)
    _formula(sheet, row, P_IN, "=" + _summary(_at(S_IN, plan.summary_row(index))), _YES_NO)
    quality = _sheet_ref(SHEET_SCORES, _at(plan.score_column(index), plan.quality_row))
    _formula(sheet, row, P_Q, f"={quality}", _SCORE)
    _total_cells(sheet, plan, row)
    _rank_cells(sheet, plan, row, bid)
    for column in range(P_BID, P_RANK + 1):
        cell = sheet.cell(row=row, column=column)
        cell.border = _GRID


def _price_formula(plan: _Plan, row: int) -> str:
    capex, opex, maint, years = (_at(c, row) for c in (P_CAPEX, P_OPEX, P_MAINT, P_YEARS))
    if plan.rubric.price.basis == "capex":
        return f'=IF(ISNUMBER({capex}),{capex},"")'
    yearly = f"({opex}+{maint})"
    rate = f"{_at(P_RATE, row)}/100"
    discounted = f"{yearly}*(1-(1+{rate})^(-{years}))/({rate})"
    plain = f"{years}*{yearly}"
    return f'=IF(ISNUMBER({capex}),{capex}+IF(OR({_at(P_RATE, row)}="",{_at(P_RATE, row)}=0),{plain},{discounted}),"")'


def _total_cells(sheet: Worksheet, plan: _Plan, row: int) -> None:
    listed = _at(P_IN, row)
    score = _price_score_formula(plan, row)
    if score is not None:
        _formula(sheet, row, P_S, f'=IF({listed}=1,{score},"")', "0.0000")
    else:
        _text(sheet, row, P_S, "—").alignment = _CENTER
    total_format = _money_format(plan.evaluation.currency) if plan.award_on_value else _SCORE
    _formula(sheet, row, P_T, f'=IF({listed}=1,{_total_formula(plan, row)},"")', total_format).font = _BOLD
    price = _at(P_PRICE, row)
    low = f"IF(AND({listed}=1,ISNUMBER({price}),ISNUMBER({_THRESHOLD})),IF({price}<{_THRESHOLD},1,0),0)"
    _formula(sheet, row, P_LOW, f"={low}", _YES_BLANK)


def _price_score_formula(plan: _Plan, row: int) -> str | None:
    price = _at(P_PRICE, row)
    if plan.formula in ("relative-lowest", "price-only"):
        return f"{_PBEST}/{price}"
    if plan.formula == "linear":
        return f"IF({_PMAX}={_PBEST},1,({_PMAX}-{price})/({_PMAX}-{_PBEST}))"
    if plan.formula == "log":
        ratio = _PARAMETER
        return f"IF({ratio}>1,MAX(0,1-LN({price}/{_PBEST})/LN({ratio})),IF({price}={_PBEST},1,0))"
    return None


def _total_formula(plan: _Plan, row: int) -> str:
    quality, price, score = _at(P_Q, row), _at(P_PRICE, row), _at(P_S, row)
    formula = plan.formula
    if formula in ("relative-lowest", "linear", "log"):
        return f"{_WQ}*{quality}/100+{_WP}*{score}"
    if formula == "utility-index":
        return f"IF({_WP}>0,100*(1-({_QBEST}-{quality})/100*{_WQ}/{_WP})*{_PBEST}/{price},{quality})"
    if formula == "value-for-money":
        return f"{quality}/{price}*IF({_PARAMETER}>0,{_PARAMETER},{_number(DEFAULT_VFM_SCALE)})"
    if formula == "award-on-value":
        index = row - _PRICES_TOP
        return f"{price}-{_sheet_ref(SHEET_SCORES, _at(plan.score_column(index), plan.value_row))}"
    if formula == "price-only":
        return f"100*{score}"
    return quality  # quality-only


def _submission_key(bid: Bid | None) -> int | None:
    """``YYYYMMDDhhmmss`` as a number: it orders like the time and compares exactly."""
    if bid is None or bid.submitted is None:
        return None
    return int(bid.submitted.strftime("%Y%m%d%H%M%S"))


def _rank_cells(sheet: Worksheet, plan: _Plan, row: int, bid: Bid | None) -> None:
    listed = _at(P_IN, row)
    _formula(sheet, row, P_TR, f'=IF({listed}=1,ROUND({_at(P_T, row)},6),"")', "0.000000")
    _formula(sheet, row, P_QR, f'=IF({listed}=1,ROUND({_at(P_Q, row)},6),"")', "0.000000")
    price = f'IF({_at(P_VALID, row)}=1,ROUND({_at(P_PRICE, row)},6),"")'
    _formula(sheet, row, P_PR, f'=IF({listed}=1,{price},"")', "#,##0.000000")
    key = _submission_key(bid)
    cell = sheet.cell(row=row, column=P_SUB)
    cell.value, cell.number_format = key, _SUBMITTED
    _formula(sheet, row, P_RANK, _rank_formula(plan, row), "0").font = _BOLD


_TIE_KEYS = {"quality": (P_QR, ">"), "price": (P_PR, "<"), "submission": (P_SUB, "<")}


def _rank_formula(plan: _Plan, row: int) -> str:
    """1 + the bids in the competition ahead on the total, then on each tie-break rule in turn."""
    first, last = plan.bid_rows(_PRICES_TOP)
    listed = f"{_span(P_IN, first, last)},1"
    better = "<" if plan.award_on_value else ">"
    total = _span(P_TR, first, last)
    ahead = f'COUNTIFS({listed},{total},"{better}"&{_at(P_TR, row)})'
    tied = [(total, _at(P_TR, row))]
    rules = [rule for rule in plan.rubric.tie_break if rule in _TIE_KEYS]
    rest = _tie_terms(plan, row, listed, tied, rules)
    body = f"1+{ahead}" + (f"+{rest}" if rest else "")
    return f'=IF(AND({_at(P_IN, row)}=1,{_RANKED}=1),{body},"")'


def _tie_terms(plan: _Plan, row: int, listed: str, tied: list[tuple[str, str]], rules: list[str]) -> str:
    """The COUNTIFS terms of the tie-break ``rules`` among the bids ``tied`` with this one."""
    if not rules:
        return ""
    column, better = _TIE_KEYS[rules[0]]
    first, last = plan.bid_rows(_PRICES_TOP)
    keys, mine = _span(column, first, last), _at(column, row)
    same = "".join(f",{keys_},{value}" for keys_, value in tied)
    ahead = f'COUNTIFS({listed}{same},{keys},"{better}"&{mine})'
    applied = _tie_terms(plan, row, listed, [*tied, (keys, mine)], rules[1:])
    with_rule = ahead + (f"+{applied}" if applied else "")
    if not _may_lack_key(plan, rules[0]):
        return with_rule
    # The engine skips a rule for a tied set in which some bid has no key (no price or no time).
    skipped = _tie_terms(plan, row, listed, tied, rules[1:]) or "0"
    return f'IF(COUNTIFS({listed}{same})=COUNTIFS({listed}{same},{keys},">=0"),{with_rule},{skipped})'


def _may_lack_key(plan: _Plan, rule: str) -> bool:
    if rule == "submission":
        return any(bid.submitted is None for bid in plan.evaluation.bids)
    if rule == "price":
        return plan.formula == "quality-only"
    return False


# -- Gates ------------------------------------------------------------------------------------


def _gates_sheet(sheet: Worksheet, plan: _Plan) -> None:
    _title(
        sheet,
        "Gates",
        "A bid that fails any gate is out of the competition; 'not assessed' keeps it in for now (the result is "
        "provisional).",
    )
    _columns(sheet, (12, 30, 24, 34, 13, 80))
    _header(sheet, plan, _GATES_TOP - 1, ("Bid", "Bidder", "Gate", "Gate title", "Result", "Reason"))
    gates = plan.rubric.gates
    if not gates:
        _text(sheet, _GATES_TOP, 1, "The rubric has no gates.")
    for index, bid in enumerate(plan.bids):
        for position, gate in enumerate(gates):
            outcome = bid.gate(gate.id)
            result = _GATE_TEXT.get(outcome.result, outcome.result) if outcome else "not assessed"
            _gate_row(
                sheet, plan.gate_row(index, position), (bid.bid, bid.bidder, gate.id, gate.title), result, outcome
            )
    if gates and plan.bids:
        _gate_rules(sheet, f"E{_GATES_TOP}:E{plan.gate_row(len(plan.bids), 0) - 1}")
    _print_setup(sheet, plan, f"{_GATES_TOP - 1}:{_GATES_TOP - 1}", _at(3, _GATES_TOP))


def _gate_row(sheet: Worksheet, row: int, labels: tuple[str, str, str, str], result: str, outcome: Any) -> None:
    for column, label in enumerate(labels, start=1):
        _wrapped(sheet, row, column, label)
    cell = _text(sheet, row, 5, result)
    cell.fill, cell.alignment = _INPUT_FILL, _TOP
    _wrapped(sheet, row, 6, outcome.reason if outcome is not None else "").fill = _INPUT_FILL
    for column in range(1, 7):
        sheet.cell(row=row, column=column).border = _GRID


def _gate_rules(sheet: Worksheet, cells: str) -> None:
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(GATE_OPTIONS) + '"',
        allow_blank=False,
        showDropDown=False,  # (sic) False shows the in-cell list
        showErrorMessage=True,
        errorTitle="Choose from the list",
        error="Choose one of: " + ", ".join(GATE_OPTIONS) + ".",
    )
    validation.add(cells)
    sheet.add_data_validation(validation)
    first = cells.split(":")[0]
    for text, fill in (("fail", _RED_FILL), ("not assessed", _AMBER_FILL)):
        sheet.conditional_formatting.add(cells, FormulaRule(formula=[f'{first}="{text}"'], fill=fill))


# -- Sensitivity ------------------------------------------------------------------------------


def _sensitivity_sheet(sheet: Worksheet, plan: _Plan) -> None:
    result = plan.sensitivity
    _title(
        sheet,
        "Sensitivity of the winner to the weights",
        "These are values from simulations Procure ran when it wrote this workbook, not formulas: they do not "
        "change when you edit the workbook.",
    )
    _columns(sheet, (24, 40, 13, 12, 13, 30, 12, 13, 30))
    settings = (
        ("Winner analysed", result.winner or "none"),
        ("Draws", str(result.draws)),
        ("Seed", str(result.seed)),
        ("Perturbation", f"each weight ±{_plain(result.perturbation_percent)} %"),
    )
    for row, (label, value) in enumerate(settings, start=3):
        _setting(sheet, row, label)
        _text(sheet, row, 2, value)
    row = _tipping_table(sheet, plan, 8)
    row = _rank_one_table(sheet, plan, row + 1)
    for offset, note in enumerate(result.notes):
        _text(sheet, row + 1 + offset, 1, note).font = _ITALIC
    _print_setup(sheet, plan, None, "A9")


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


def _tipping_table(sheet: Worksheet, plan: _Plan, row: int) -> int:
    """The tipping points table from ``row`` (its title); returns the row after it."""
    _text(sheet, row - 1, 1, "Tipping points: the smallest change of a weight that gives another winner").font = _BOLD
    labels = ("Weight", "Title", "Weight now %", "Increase by", "Weight then %", "New winner")
    _header(sheet, plan, row, (*labels, "Decrease by", "Weight then %", "New winner"))
    for offset, point in enumerate(plan.sensitivity.tipping_points, start=1):
        _text(sheet, row + offset, 1, "WQ (quality/price split)" if point.parameter == SPLIT else point.parameter)
        _text(sheet, row + offset, 2, point.title)
        base = sheet.cell(row=row + offset, column=3)
        base.value, base.number_format = _number(point.base_weight), "0.00"
        _shift_cells(sheet, row + offset, 4, point.increase)
        _shift_cells(sheet, row + offset, 7, point.decrease)
        for column in range(1, 10):
            sheet.cell(row=row + offset, column=column).border = _GRID
    return row + len(plan.sensitivity.tipping_points) + 2


def _shift_cells(sheet: Worksheet, row: int, column: int, shift: Shift | None) -> None:
    if shift is None:
        _text(sheet, row, column, "none in range").font = _ITALIC
        return
    sheet.cell(row=row, column=column).value = _number(shift.change)
    sheet.cell(row=row, column=column).number_format = "+0.00;-0.00"
    sheet.cell(row=row, column=column + 1).value = _number(shift.weight)
    sheet.cell(row=row, column=column + 1).number_format = "0.00"
    _text(sheet, row, column + 2, shift.new_winner or "none (a tie for rank 1)")


def _rank_one_table(sheet: Worksheet, plan: _Plan, row: int) -> int:
    result = plan.sensitivity
    _text(sheet, row, 1, "Rank-one probability: how often each bid ranks first when the weights vary").font = _BOLD
    _header(sheet, plan, row + 1, ("Bid", "Bidder", "Draws first", "Share"))
    bidders = {bid.bid: bid.bidder for bid in plan.bids}
    for offset, entry in enumerate(result.rank_one, start=2):
        _text(sheet, row + offset, 1, entry.bid)
        _text(sheet, row + offset, 2, bidders.get(entry.bid, ""))
        sheet.cell(row=row + offset, column=3).value = entry.count
        share = sheet.cell(row=row + offset, column=4)
        share.value, share.number_format = _number(entry.share), _SHARE
        for column in range(1, 5):
            sheet.cell(row=row + offset, column=column).border = _GRID
    return row + len(result.rank_one) + 2


# -- Notes ------------------------------------------------------------------------------------


def _notes_sheet(sheet: Worksheet, plan: _Plan) -> None:
    _title(sheet, "How this workbook computes")
    _columns(sheet, (4, 120))
    row = 3
    for number, paragraph in enumerate(_how(plan), start=1):
        _text(sheet, row, 1, f"{number}.").alignment = _RIGHT_TOP
        _wrapped(sheet, row, 2, paragraph)
        row += 1
    rubric, evaluation = plan.rubric, plan.evaluation
    source = f" from {evaluation.path.name}" if evaluation.path is not None else ""
    line = (
        f"Generated by Procure {__version__}{source} with rubric {rubric.id} version {rubric.version} ({rubric.title})."
    )
    _text(sheet, row + 1, 2, line).font = _ITALIC
    _print_setup(sheet, plan, None, None)


def _how(plan: _Plan) -> list[str]:
    method = "median" if plan.rubric.aggregation == "median" else "mean"
    words = _FORMULA_WORDS.get(plan.formula, plan.formula)
    return [
        "Light-yellow cells hold what the panel entered and the rubric's settings: scores and justifications, "
        "consensus scores, weights, minimums, prices, gate results, WQ and WP. Change one and every score, total, "
        "rank and the winner that depend on it follow. The texts Procure wrote (exclusion reasons, notes) and the "
        "Sensitivity sheet stay as computed.",
        "Eval sheets: each evaluator's score of each bid on each criterion. Where an evaluator declared a "
        "conflict of interest on a bid, the cell is grey and empty and no formula uses it.",
        f"Scores: a bid's score on a criterion is the consensus score on the Moderation sheet when one is set, "
        f"otherwise the {method} of the evaluators' scores (empty cells do not count). A criterion nobody has "
        "scored counts 0 in its group.",
        "A group's score is the sum of weight × score / scale maximum over its criteria, divided by the sum of "
        "the weights: 0 to 100 % of the group. The quality score Q is 100 × the sum of group weight × group "
        "score, divided by the sum of the group weights.",
        "A bid is in the competition when no gate failed, no scored criterion is below its minimum, no fully "
        "scored group is below its minimum (a percentage of the group) and, unless only quality counts, its price "
        "is valid (above 0). Minimums are compared on values rounded to 6 decimals.",
        "Prices: with the lifecycle basis, P = capital cost + (operating + maintenance per year) × "
        "(1 − (1 + r)^−years) / r for a discount rate r, or + years × (operating + maintenance) without one; "
        "with the capex basis, P is the capital cost.",
        f"Award formula {plan.formula}: {words}. Pbest (= Pmin), Pmax, the mean price and Qbest are taken over "
        "the bids in the competition. WQ and WP are used scaled to sum to 100.",
        "Ranks: 1 + the number of bids in the competition with a better total rounded to 6 decimals; among equal "
        f"totals, the tie-break rules in order ({', '.join(plan.rubric.tie_break) or 'none'}: quality higher, "
        "price lower, submission earlier). Bids still tied share a rank; bids out of the competition have none.",
        "An abnormally low price is a price below the set percentage of the mean price; the bid stays in the "
        "competition, but the buyer must ask the bidder to explain the price.",
        "Numbers are shown with 2 decimals (ROUND rounds half away from zero); the ranks use 6 decimals, as "
        "Procure does, so the workbook and Procure agree.",
        "MINIFS and MAXIFS need Excel 2019 or later, or LibreOffice 5.2 or later.",
    ]
