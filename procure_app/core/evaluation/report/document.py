"""The evaluation report as a document: its template, its DOCX bytes and its file.

Decisions
    * **Date**: an evaluation file has no date. The title page shows the date the bids were
      received by (the latest ``submitted``) and, when the caller passes ``report_date``, the date
      of the report; the document's created/modified properties use the report date, else the
      latest submission, else 1 January 2000 (:func:`~.rendering.document_date`), so the same
      inputs always give the same bytes.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ...audit.trail import AuditTrail
from ...base.atomic import write_bytes_atomic
from ...rubric.model import Rubric
from ..engine import EvaluationResult
from ..evaluation_file import EvaluationFile
from ..sensitivity import SensitivityResult
from .context import report_context
from .rendering import document_date, render_template

__all__ = ["report_template_path", "render_evaluation_report", "write_evaluation_report"]


def report_template_path() -> Path:
    from ....paths import resources_dir

    return resources_dir() / "templates" / "evaluation-report.docx"


def render_evaluation_report(
    rubric: Rubric,
    evaluation: EvaluationFile,
    result: EvaluationResult,
    sensitivity: SensitivityResult,
    *,
    report_date: date | None = None,
    template: Path | None = None,
    audit: AuditTrail | None = None,
) -> bytes:
    """The evaluation report as DOCX bytes (the same inputs always give the same bytes).

    ``audit``, the audit trail of the project the evaluation came from, adds Annex B.
    """
    context = report_context(rubric, evaluation, result, sensitivity, report_date, audit)
    lot = f", lot {evaluation.lot}" if evaluation.lot else ""
    return render_template(
        template or report_template_path(),
        context,
        title=f"Evaluation report: {evaluation.tender_title}{lot}",
        subject=f"Evaluation of the bids for tender {evaluation.tender_reference}{lot}",
        stamp=document_date(evaluation, report_date),
    )


def write_evaluation_report(
    rubric: Rubric,
    evaluation: EvaluationFile,
    result: EvaluationResult,
    sensitivity: SensitivityResult,
    path: Path,
    *,
    report_date: date | None = None,
    audit: AuditTrail | None = None,
) -> None:
    """Render and write the report atomically; raises :class:`~procure_app.core.base.atomic.WriteError`."""
    data = render_evaluation_report(rubric, evaluation, result, sensitivity, report_date=report_date, audit=audit)
    write_bytes_atomic(Path(path), data)
