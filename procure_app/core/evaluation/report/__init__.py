"""The evaluation report: the panel's record of an evaluation, as a Word document.

The report is rendered through ``resources/templates/evaluation-report.docx`` (built by
``resources/templates/make_evaluation_templates.py``) the way the tender document is: docxtpl in a
sandboxed Jinja environment with autoescaping and strict undefined variables, so a bidder's name
or a justification is always data, never template or XML. Every value is prepared here as plain
text (the template only places it), every number is rounded half away from zero with
:func:`~procure_app.core.rubric.formulas.rounded`, and money is written with
:func:`~procure_app.core.base.formatting.format_money` in the evaluation's currency.

Structure: title page, contents, 1 Procedure, 2 Rubric, 3 Gate results, 4 Scores, 5 Moderation,
6 Flags, 7 Sensitivity, 8 Award recommendation, Annex A (every score and justification) and, for
an evaluation made from a project file, Annex B (its audit trail).

Modules
    * :mod:`.text`: numbers, money, dates and small phrases (shared with the feedback letters);
    * :mod:`.rendering`: the template class and the deterministic rendering (shared with the letters);
    * :mod:`.inputs`: what every section reads; :mod:`.context`: the whole context and the headings;
    * one module per part: :mod:`.procedure` (title page and 1), :mod:`.rubric_section` (2),
      :mod:`.gates` (3, and the exclusion reasons the letters repeat), :mod:`.scores` (4),
      :mod:`.moderation` (5 and Annex A), :mod:`.flags` (6), :mod:`.sensitivity_section` (7),
      :mod:`.recommendation` (8), :mod:`.audit_section` (Annex B);
    * :mod:`.document`: the template's path, the DOCX bytes and the written file.

Decisions
    * **Date**: see :mod:`.document`: the same inputs always give the same bytes.
    * **Language**: the report's text is English; dates and money are written the English way
      (``en-GB``).
    * **Totals** of ``award-on-value`` are fictional prices and are written as money; every other
      total, score and weight with 2 decimals (weights and sensitivity changes drop trailing zeros).
    * The report names the panel and every bidder: it is the buyer's internal record. The
      feedback letters (:mod:`~procure_app.core.evaluation.letters`) are what bidders see.
"""

from __future__ import annotations

from .context import HEADINGS, report_context
from .document import render_evaluation_report, report_template_path, write_evaluation_report
from .gates import exclusion_reasons
from .rendering import EvaluationTemplate, render_template
from .text import (
    DASH,
    FORMULA_NAMES,
    LANGUAGE,
    datetime_text,
    lot_phrase,
    money_text,
    points_text,
    score_text,
    total_text,
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
