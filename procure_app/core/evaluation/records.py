"""An evaluation's records written from its run: the workbook, the report and the letters, the one
step the CLI (``procure evaluate --xlsx/--report/--letters``) and the app (Export Evaluation) share.

The records are written one after the other, each atomically. When one cannot be written the
export stops there, and :class:`RecordsWritten` says what was written before it and why the rest
was not, so nothing is lost in silence. The letters' folder is made when needed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..audit.trail import AuditTrail
from ..base.atomic import WriteError
from .run import EvaluationRun

__all__ = ["RecordsWritten", "write_evaluation_records"]


@dataclass
class RecordsWritten:
    written: list[Path] = field(default_factory=list)  # the workbook and the report, as written
    letters: list[Path] = field(default_factory=list)
    letters_folder: Path | None = None
    error: str | None = None  # the record that could not be written, and why (those before it were)


def write_evaluation_records(
    run: EvaluationRun,
    *,
    workbook: Path | None = None,
    report: Path | None = None,
    letters: Path | None = None,
    audit: AuditTrail | None = None,
) -> RecordsWritten:
    """Write the records asked for from ``run``, which must have evaluated without errors; the
    workbook and the report show ``audit`` (a project's trail) when given."""
    # The writers import openpyxl and docxtpl: only when records are written.
    from .letters import write_letters
    from .report.document import write_evaluation_report
    from .workbook.render import write_evaluation_workbook

    rubric, evaluation, result, sensitivity = run.rubric, run.evaluation, run.result, run.sensitivity
    if not run.ok or rubric is None or evaluation is None or result is None or sensitivity is None:
        raise ValueError("the evaluation has errors: no record can be written from it")
    done = RecordsWritten()
    try:
        if workbook is not None:
            write_evaluation_workbook(rubric, evaluation, result, sensitivity, workbook, audit=audit)
            done.written.append(workbook)
        if report is not None:
            write_evaluation_report(rubric, evaluation, result, sensitivity, report, audit=audit)
            done.written.append(report)
        if letters is not None:
            _make_folder(letters)
            done.letters = write_letters(rubric, evaluation, result, letters)
            done.letters_folder = letters
    except WriteError as exc:
        done.error = str(exc)
    return done


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a file of that name, a read-only folder …
        reason = exc.strerror or str(exc)
        raise WriteError(f"cannot create the folder {folder} for the letters: {reason.lower()}") from None
