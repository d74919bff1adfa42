"""The evaluation report, under its former import path.

The report now lives in the package :mod:`procure_app.core.export.report` (one module per section
or concern); this module re-exports its public names so that existing imports keep working.
"""

from __future__ import annotations

from .report import (
    DASH,
    FORMULA_NAMES,
    HEADINGS,
    LANGUAGE,
    EvaluationTemplate,
    datetime_text,
    exclusion_reasons,
    lot_phrase,
    money_text,
    points_text,
    render_evaluation_report,
    render_template,
    report_context,
    report_template_path,
    score_text,
    total_text,
    write_evaluation_report,
)

__all__ = [
    "LANGUAGE",
    "FORMULA_NAMES",
    "HEADINGS",
    "report_template_path",
    "report_context",
    "render_evaluation_report",
    "write_evaluation_report",
    # shared with the feedback letters
    "DASH",
    "EvaluationTemplate",
    "render_template",
    "score_text",
    "points_text",
    "money_text",
    "total_text",
    "datetime_text",
    "exclusion_reasons",
    "lot_phrase",
]
