"""Validate files and folders of Procure data, as ``procure validate`` does.

A path may be a library folder (with ``library.yaml``), a folder of files, or a single file. A
clause file is always checked in the context of the library it belongs to (the nearest folder
above it with a ``library.yaml``), so that categories and cross-references resolve; only the
problems of the requested files are reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .base.diagnostics import Diagnostic, ProblemError, sort_diagnostics
from .base.schema_check import check_schema
from .base.yamlio import collector_paused, load_yaml
from .library.checked import find_library_root, guidelines_or_problem
from .library.clauses import MANIFEST_NAME, LibraryLoad, clause_files, load_library
from .library.crosscheck import cross_check
from .library.guidelines import GuidelinesModel, check_guidelines

__all__ = ["ValidationReport", "validate_paths"]


@dataclass
class ValidationReport:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: set[Path] = field(default_factory=set)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors


def validate_paths(paths: list[Path], guidelines_path: Path, today: date | None = None) -> ValidationReport:
    """Check every path; all problems in one report, sorted by file and position."""
    report = ValidationReport()
    guidelines, problems = guidelines_or_problem(guidelines_path)
    report.diagnostics.extend(problems)
    libraries: dict[Path, list[Path]] = {}
    for path in paths:
        if not path.exists():
            report.diagnostics.append(Diagnostic(path, 1, 1, "F001", "no such file or folder"))
            continue
        for file in _yaml_files(path):
            root = find_library_root(file)
            if file.resolve() == guidelines_path.resolve() or _looks_like_guidelines(file):
                report.files.add(file)
                report.diagnostics.extend(_check_guidelines_file(file))
            elif root is not None:
                libraries.setdefault(root, []).append(file)
            else:
                report.files.add(file)
                report.diagnostics.extend(_standalone(file, guidelines, today))
    for root, files in libraries.items():
        report.files.update(files)
        wanted = {f.resolve() for f in files}
        with collector_paused():
            load = load_library(root)
            found = load.diagnostics + cross_check(load, guidelines, today)
        report.diagnostics.extend(d for d in found if d.path.resolve() in wanted)
    report.diagnostics = sort_diagnostics(report.diagnostics)
    return report


def _yaml_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if (path / MANIFEST_NAME).is_file():
        return [path / MANIFEST_NAME, *clause_files(path)]
    return sorted(
        p for p in path.rglob("*.yaml") if not any(part.startswith(".") for part in p.relative_to(path).parts)
    )


def _looks_like_guidelines(file: Path) -> bool:
    return file.name == "guidelines.yaml" and file.parent.name == "guidelines"


def _check_guidelines_file(file: Path) -> list[Diagnostic]:
    try:
        return check_guidelines(load_yaml(file))
    except ProblemError as problem:
        return [problem.diagnostic]


def _standalone(file: Path, guidelines: GuidelinesModel | None, today: date | None) -> list[Diagnostic]:
    """A file outside any library, checked by what its top-level keys say it is."""
    try:
        document = load_yaml(file)
    except ProblemError as problem:
        return [problem.diagnostic]
    keys = set(document.data) if isinstance(document.data, dict) else set()
    if "evaluation" in keys:
        return _check_evaluation_file(file, guidelines)
    if "tender" in keys:
        from .tender.spec import load_spec  # only specs need it

        return load_spec(file)[1]
    if "brands" in keys:
        return check_schema(document, "brand-names")
    if "pillars" in keys:
        return check_guidelines(document)
    if "rubric" in keys:
        from .. import paths as bundled  # only rubrics need these
        from .rubric.load import check_rubric_document

        # The bundled library, loaded without its cross-checks: only its clause ids are needed.
        return check_rubric_document(document, guidelines, load_library(bundled.library_dir()).library)
    if "clauses" not in keys:
        return [
            Diagnostic(
                file,
                1,
                1,
                "F002",
                "not a Procure file: expected a clause file ('clauses'), a tender spec ('tender'), "
                "a scoring rubric ('rubric'), library.yaml, or the guidelines model",
            )
        ]
    load = load_library(file.parent, files=[file])
    own = [d for d in load.diagnostics if d.rule != "F003"]
    standalone = LibraryLoad(load.library, own, None)
    return own + cross_check(standalone, guidelines, today, check_categories=False)


def _check_evaluation_file(file: Path, guidelines: GuidelinesModel | None) -> list[Diagnostic]:
    """An evaluation file, checked together with the rubric it names."""
    from .evaluation.evaluation_file import load_evaluation_with_rubric
    from .rubric.load import load_rubric

    return load_evaluation_with_rubric(file, lambda path: load_rubric(path, guidelines))[2]
