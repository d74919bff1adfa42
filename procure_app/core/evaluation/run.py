"""From an evaluation file to results: the one pipeline the CLI and the app share.

Load the evaluation file and the rubric it names (checked against the guidelines model and the
clause library), evaluate, and analyse sensitivity. Every problem comes back as a diagnostic; the
result is None when any of them is an error.

:func:`run_evaluation_data` does the same for an evaluation held in memory as the data its file
would hold, with its rubric's text (a project file's, see
:func:`~procure_app.core.project.store.interchange.evaluate_project`): the data goes through the very checks
a file goes through, so a project and its exported files give the same numbers, and nothing is
written anywhere to evaluate it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..base.diagnostics import Diagnostic, ProblemError, sort_diagnostics
from ..base.yamlio import LoadedYaml, load_yaml_text
from ..library.clauses import load_library
from ..library.guidelines import load_guidelines
from ..rubric.formulas import rounded
from ..rubric.load import load_rubric, read_rubric_document
from ..rubric.model import Rubric
from .engine import EvaluationResult, evaluate
from .evaluation_file import EvaluationFile, load_evaluation_with_rubric, read_evaluation
from .sensitivity import SensitivityResult, analyse

__all__ = ["EvaluationRun", "run_evaluation", "run_evaluation_data", "result_as_json"]


@dataclass
class EvaluationRun:
    path: Path
    rubric: Rubric | None = None
    evaluation: EvaluationFile | None = None
    result: EvaluationResult | None = None
    sensitivity: SensitivityResult | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.result is not None and not any(d.is_error for d in self.diagnostics)


def run_evaluation(path: Path, guidelines_path: Path, library_root: Path | None = None) -> EvaluationRun:
    """Load, check, evaluate and analyse the evaluation file at ``path``."""
    run = EvaluationRun(path)
    guidelines, problems = load_guidelines(guidelines_path)
    run.diagnostics.extend(problems)
    library = load_library(library_root).library if library_root is not None else None
    evaluation, rubric, problems = load_evaluation_with_rubric(path, lambda p: load_rubric(p, guidelines, library))
    run.diagnostics.extend(problems)
    if evaluation is None or rubric is None:
        return run
    return _evaluated(run, rubric, evaluation)


def run_evaluation_data(
    path: Path,
    data: Mapping[str, Any],
    rubric_path: Path,
    rubric_text: str,
    guidelines_path: Path,
    library_root: Path | None = None,
) -> EvaluationRun:
    """As :func:`run_evaluation`, for an evaluation file's content ``data`` (plain values, as its
    YAML reads) and its rubric's ``rubric_text``.

    ``path`` and ``rubric_path`` are the names the diagnostics give them; neither is read. With no
    text behind ``data``, a problem in it is placed at line 1 and named by its key path.
    """
    run = EvaluationRun(path)
    guidelines, problems = load_guidelines(guidelines_path)
    run.diagnostics.extend(problems)
    library = load_library(library_root).library if library_root is not None else None
    try:
        rubric_document = load_yaml_text(rubric_text, rubric_path)
    except ProblemError as problem:
        run.diagnostics.append(problem.diagnostic)
        return run
    rubric, rubric_problems = read_rubric_document(rubric_document, guidelines, library)
    if rubric is None:
        run.diagnostics.extend(rubric_problems)
        return run
    evaluation, problems = read_evaluation(LoadedYaml(path, data, ""), rubric)
    run.diagnostics.extend(sort_diagnostics(rubric_problems + problems))
    if evaluation is None:
        return run
    return _evaluated(run, rubric, evaluation)


def _evaluated(run: EvaluationRun, rubric: Rubric, evaluation: EvaluationFile) -> EvaluationRun:
    run.rubric, run.evaluation = rubric, evaluation
    run.result = evaluate(rubric, evaluation)
    run.sensitivity = analyse(rubric, evaluation, run.result)
    return run


def _plain(value: Any) -> Any:
    """JSON-ready data: numbers rounded to 6 decimals (the precision ranks are decided on)."""
    if isinstance(value, Decimal):
        return float(rounded(value, 6))
    if isinstance(value, datetime):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.repr}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return value


def result_as_json(run: EvaluationRun) -> dict[str, Any]:
    """Every number of the result and the sensitivity analysis, for scripts."""
    assert run.result is not None and run.rubric is not None
    return {
        "rubric": {"id": run.rubric.id, "version": run.rubric.version, "title": run.rubric.title},
        "result": _plain(run.result),
        "sensitivity": _plain(run.sensitivity),
    }
