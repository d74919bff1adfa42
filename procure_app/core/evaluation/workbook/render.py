"""Put the evaluation workbook together and save it: the sheets in order, the document properties,
and one zip pass with fixed timestamps, so that the same evaluation always gives the same bytes.
A workbook made from a project file ends with its Audit log sheet (:mod:`.audit`)."""

from __future__ import annotations

import contextlib
import io
import os
from datetime import datetime
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from ...audit.trail import AuditTrail
from ...base.atomic import write_bytes_atomic
from ...rubric.model import Rubric
from ..engine import EvaluationResult
from ..evaluation_file import EvaluationFile
from ..sensitivity import SensitivityResult
from . import audit as audit_log
from . import evaluators, gates, moderation, notes, prices, scores, sensitivity, summary
from .layout import (
    SHEET_GATES,
    SHEET_MODERATION,
    SHEET_NOTES,
    SHEET_PRICES,
    SHEET_SCORES,
    SHEET_SENSITIVITY,
    SHEET_SUMMARY,
    Plan,
)
from .sheet import Sheet, clip
from .styles import Styles

_STAMP = datetime(2000, 1, 1)  # fixed workbook dates: the same evaluation gives the same bytes
_EPOCH = (1980, 1, 1, 0, 0, 0)  # the zip members' timestamp


def render_evaluation_workbook(
    rubric: Rubric,
    evaluation: EvaluationFile,
    result: EvaluationResult,
    sensitivity: SensitivityResult,
    *,
    audit: AuditTrail | None = None,
) -> bytes:
    """The evaluation workbook as XLSX bytes (deterministic for the same inputs).

    ``audit``, the audit trail of the project the evaluation came from, adds the Audit log sheet.
    """
    workbook = Workbook(write_only=True)
    try:
        _sheets(workbook, Plan.make(rubric, evaluation, result, sensitivity), audit)
        workbook.active = 0
        workbook.calculation.fullCalcOnLoad = True  # no cached results are stored: compute on opening
        _properties(workbook, rubric, evaluation)
        buffer = io.BytesIO()
        # ExcelWriter rather than Workbook.save, which stamps the current time as the modified date.
        with _FixedTimeZip(buffer, "w", ZIP_DEFLATED) as archive:
            ExcelWriter(workbook, archive).save()
        return buffer.getvalue()
    finally:
        _discard(workbook)


def write_evaluation_workbook(
    rubric: Rubric,
    evaluation: EvaluationFile,
    result: EvaluationResult,
    sensitivity: SensitivityResult,
    path: Path,
    *,
    audit: AuditTrail | None = None,
) -> None:
    """Render and write atomically; raises :class:`~procure_app.core.base.atomic.WriteError`."""
    write_bytes_atomic(path, render_evaluation_workbook(rubric, evaluation, result, sensitivity, audit=audit))


def _sheets(workbook: Any, plan: Plan, audit: AuditTrail | None) -> None:
    styles = Styles(workbook)

    def sheet(title: str, widths: Any) -> Sheet:
        return Sheet(workbook, styles, plan, title, widths)

    summary.summary_sheet(sheet(SHEET_SUMMARY, summary.WIDTHS))
    scores.scores_sheet(sheet(SHEET_SCORES, scores.scores_widths(plan)))
    by_evaluator = evaluators.scores_by_evaluator(plan)
    for evaluator in plan.evaluation.evaluators:
        evaluators.evaluator_sheet(
            sheet(plan.sheets[evaluator.id], evaluators.evaluator_widths(plan)), evaluator, by_evaluator[evaluator.id]
        )
    moderation.moderation_sheet(sheet(SHEET_MODERATION, moderation.moderation_widths(len(plan.evaluation.evaluators))))
    prices.prices_sheet(sheet(SHEET_PRICES, prices.WIDTHS))
    gates.gates_sheet(sheet(SHEET_GATES, gates.WIDTHS))
    sensitivity.sensitivity_sheet(sheet(SHEET_SENSITIVITY, sensitivity.WIDTHS))
    notes.notes_sheet(sheet(SHEET_NOTES, notes.WIDTHS))
    if audit is not None:
        audit_log.audit_sheet(sheet(audit_log.SHEET_AUDIT, audit_log.WIDTHS), audit)


def _properties(workbook: Any, rubric: Rubric, evaluation: EvaluationFile) -> None:
    properties = workbook.properties
    properties.title = clip(evaluation.title)
    properties.subject = clip(f"Evaluation of tender {evaluation.tender_reference}")
    properties.creator = "Procure"
    properties.lastModifiedBy = "Procure"
    properties.keywords = clip(f"{evaluation.tender_reference}; rubric {rubric.id} {rubric.version}")
    properties.created = _STAMP
    properties.modified = _STAMP


def _discard(workbook: Any) -> None:
    """Close and remove the temporary files openpyxl's write-only sheets still hold (after an error;
    saving removes them)."""
    for worksheet in workbook.worksheets:
        writer = getattr(worksheet, "_writer", None)
        if writer is None or not isinstance(writer.out, str) or not os.path.exists(writer.out):
            continue
        with contextlib.suppress(Exception):  # a half-written sheet may not close cleanly: it is dropped
            if worksheet._rows is not None:
                worksheet._rows.close()
            writer.close()
        with contextlib.suppress(OSError):
            writer.cleanup()


class _FixedTimeZip(ZipFile):
    """A zip archive whose members all carry the same timestamp and permissions (deflate level 1,
    which compresses office XML nearly as well as the default and several times faster)."""

    @staticmethod
    def _entry(name: str) -> ZipInfo:
        entry = ZipInfo(name, date_time=_EPOCH)
        entry.compress_type = ZIP_DEFLATED
        entry.external_attr = 0o600 << 16
        return entry

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: Any = None, compresslevel: Any = None) -> None:
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, ZipInfo) else zinfo_or_arcname
        super().writestr(self._entry(name), data, compresslevel=1)

    def write(self, filename: Any, arcname: Any = None, compress_type: Any = None, compresslevel: Any = None) -> None:
        self.writestr(arcname if arcname is not None else os.path.basename(filename), Path(filename).read_bytes())
