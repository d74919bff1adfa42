"""The evaluation workbook: the panel's record as an XLSX file whose numbers are live formulas.

An auditor can open it in a spreadsheet program, change a score, a weight, a price or a gate
result, and watch the quality scores, totals, ranks and the winner move exactly as Procure would
compute them (``docs/evaluation.md``; the sheets are described in ``docs/evaluation-workbook.md``).
A module per sheet: :mod:`.summary`, :mod:`.scores`, :mod:`.evaluators` (``Eval - <id>``),
:mod:`.moderation`, :mod:`.prices` with :mod:`.ranks`, :mod:`.gates`, :mod:`.sensitivity`,
:mod:`.notes` and, for a workbook made from a project file, :mod:`.audit` (the Audit log);
:mod:`.layout` decides where everything is, :mod:`.styles` how it looks, :mod:`.sheet` writes the
rows and :mod:`.render` puts the workbook together.

Decisions
    * Every number Procure derives is a formula; only what the panel entered (scores,
      justifications, consensus, prices, gate results, weights and settings) is a value, in a
      light-yellow cell. Texts Procure wrote (exclusion reasons, outcome notes) and the
      Sensitivity sheet are the engine's, as computed when the file was written.
    * Ranks follow the engine: totals rounded to 6 decimals, then the rubric's ``tie_break`` rules
      as ``COUNTIFS`` terms (:mod:`.ranks`).
    * Weights are used as fractions of their siblings' sum, and WQ/WP are scaled to sum to 100
      (the "used" cells on Prices), as the engine does.
    * Vendor-supplied and panel text is always stored as a string (never a formula) and stripped
      of characters XML cannot hold. The bytes are deterministic; the file is written atomically.
    * ``MINIFS``/``MAXIFS`` are written ``_xlfn.``-prefixed, as Excel stores them (Excel 2019 or
      later, LibreOffice 5.2 or later).
    * Every sheet prints landscape, fitted to the page width, except an evaluator sheet with more
      than three bids: it prints three bids a page wide with the criteria repeated, so that the
      justifications stay readable.
    * Speed: a workbook of 200 bids × 60 criteria × 9 evaluators has about half a million cells.
      Each sheet is written top to bottom in openpyxl's write-only mode, with the cell styles
      registered once and one cell object per sheet (:mod:`.sheet`); row heights are estimated as
      the rows are made, and the archive is written once, with fixed timestamps. It takes less
      time than openpyxl takes to write the same values, unstyled, to a normal workbook
      (``benchmarks/bench_evaluation.py``).
"""

from __future__ import annotations

from .gates import GATE_OPTIONS
from .layout import (
    SHEET_GATES,
    SHEET_MODERATION,
    SHEET_NOTES,
    SHEET_PRICES,
    SHEET_SCORES,
    SHEET_SENSITIVITY,
    SHEET_SUMMARY,
    evaluator_sheet_name,
)
from .render import render_evaluation_workbook, write_evaluation_workbook

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
