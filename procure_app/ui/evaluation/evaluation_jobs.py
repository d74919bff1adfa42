"""The evaluation work the window hands to a worker thread: load and evaluate a file, export its records.

Plain Python, no Qt: each function takes paths and returns a value object, so it runs in any
thread and is tested without a window. Loading goes through
:func:`~procure_app.core.evaluation.run.run_evaluation`, the pipeline ``procure evaluate`` uses, so
the tab shows the numbers the command line prints. A project's evaluation is evaluated in memory
(:func:`~procure_app.core.project.store.interchange.evaluate_project`): nothing is written to evaluate it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ... import paths
from ...core.base.diagnostics import Diagnostic, sort_diagnostics
from ...core.evaluation.run import EvaluationRun, run_evaluation
from ...core.project.store.interchange import ProjectEvaluation, evaluate_project

__all__ = [
    "EvaluationState",
    "ExportPaths",
    "ExportRequest",
    "ExportResult",
    "example_evaluation",
    "evaluation_stem",
    "export_paths",
    "load_evaluation_state",
    "load_project_evaluation_state",
    "write_outputs",
]


def example_evaluation() -> Path:
    """The example evaluation that ships with Procure (lot 1 of the example tender)."""
    return paths.resources_dir() / "examples" / "urban-data-platform-lot1.eval.yaml"


def evaluation_stem(path: Path) -> str:
    """The name the records of an evaluation get: ``lot1.eval.yaml`` gives ``lot1``."""
    name = path.name
    for suffix in (".eval.yaml", ".eval.yml", ".yaml", ".yml"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return name or "evaluation"


@dataclass(frozen=True)
class ExportPaths:
    workbook: Path  # NAME-evaluation.xlsx
    report: Path  # NAME-evaluation-report.docx
    letters: Path  # the folder NAME-letters, one letter per bidder in it


def export_paths(folder: Path, stem: str) -> ExportPaths:
    """Where an export into ``folder`` writes each record."""
    return ExportPaths(
        folder / f"{stem}-evaluation.xlsx", folder / f"{stem}-evaluation-report.docx", folder / f"{stem}-letters"
    )


@dataclass
class EvaluationState:
    """One evaluation file, loaded, checked and (when it has no errors) evaluated."""

    run: EvaluationRun
    checks: list[Diagnostic]  # the problems of the evaluation file and of the rubric it names, sorted
    source: ProjectEvaluation | None = None  # a project's evaluation, held in memory (no file of its own)

    @property
    def path(self) -> Path:
        return self.run.path

    @property
    def project(self) -> Path | None:
        """The project file whose evaluation this is, or None for an evaluation file."""
        return self.source.project if self.source is not None else None

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.checks if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.checks if not d.is_error]

    @property
    def ok(self) -> bool:
        """As for ``procure evaluate``: the bids were evaluated (no errors)."""
        return self.run.ok and self.run.sensitivity is not None


def load_evaluation_state(path: Path, library_root: Path) -> EvaluationState:
    """Load the evaluation file and its rubric, check both, evaluate the bids and analyse sensitivity."""
    run = run_evaluation(path, paths.guidelines_file(), library_root)
    return EvaluationState(run, sort_diagnostics(list(run.diagnostics)))


def load_project_evaluation_state(source: ProjectEvaluation, library_root: Path) -> EvaluationState:
    """Check and evaluate a project's evaluation, held in memory, as ``procure evaluate PROJECT`` does."""
    run = evaluate_project(source, paths.guidelines_file(), library_root)
    return EvaluationState(run, sort_diagnostics(list(run.diagnostics)), source)


@dataclass(frozen=True)
class ExportRequest:
    path: Path  # the evaluation file
    library_root: Path
    folder: Path
    workbook: bool
    report: bool
    letters: bool
    source: ProjectEvaluation | None = None  # a project's evaluation (in memory): its audit trail goes in


@dataclass
class ExportResult:
    """What an export wrote. Nothing is written when the file had errors by the time it was exported."""

    state: EvaluationState
    written: list[Path] = field(default_factory=list)  # the workbook and the report, as written
    letters: list[Path] = field(default_factory=list)
    letters_folder: Path | None = None
    error: str | None = None  # a record could not be written (those before it were)

    @property
    def anything_written(self) -> bool:
        return bool(self.written or self.letters)


def write_outputs(request: ExportRequest) -> ExportResult:
    """Evaluate the file as it is on disk now (a project's evaluation: as it was read), then write
    the chosen records into the folder
    (:func:`~procure_app.core.evaluation.records.write_evaluation_records`, as ``procure
    evaluate`` does). When a record cannot be written, ``error`` says why and the export stops.
    """
    from ...core.evaluation.records import write_evaluation_records

    if request.source is not None:
        state = load_project_evaluation_state(request.source, request.library_root)
    else:
        state = load_evaluation_state(request.path, request.library_root)
    result = ExportResult(state)
    if not state.ok or state.run.result is None:
        return result
    targets = export_paths(request.folder, evaluation_stem(request.path))
    done = write_evaluation_records(
        state.run,
        workbook=targets.workbook if request.workbook else None,
        report=targets.report if request.report else None,
        letters=targets.letters if request.letters else None,
        audit=request.source.audit if request.source is not None else None,
    )
    result.written, result.letters, result.letters_folder = done.written, done.letters, done.letters_folder
    result.error = done.error
    return result
