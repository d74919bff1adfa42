"""The evaluation workbook (XLSX): the public entry point; the workbook is made in
:mod:`procure_app.core.export.workbook`, a module per sheet, where its design is described.

``procure evaluate EVAL.yaml --xlsx OUT.xlsx`` and the desktop app write it through
:func:`write_evaluation_workbook`; ``docs/evaluation-workbook.md`` describes the sheets.
"""

from __future__ import annotations

from .workbook import (
    GATE_OPTIONS,
    SHEET_GATES,
    SHEET_MODERATION,
    SHEET_NOTES,
    SHEET_PRICES,
    SHEET_SCORES,
    SHEET_SENSITIVITY,
    SHEET_SUMMARY,
    evaluator_sheet_name,
    render_evaluation_workbook,
    write_evaluation_workbook,
)

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
