"""The tender work the window hands to a worker thread: load and check a spec, build the documents.

Plain Python, no Qt: each function takes paths and returns a value object, so it runs in any
thread and is tested without a window. The window shows what comes back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ... import paths
from ...core.base.diagnostics import Diagnostic, ProblemError, sort_diagnostics
from ...core.base.yamlio import LoadedYaml, PathKey, load_yaml, load_yaml_text
from ...core.library.clauses import Clause
from ...core.library.guidelines import GuidelinesModel, load_guidelines
from ...core.tender.build import PreparedTender, prepare_tender
from ...core.tender.coverage import Coverage, coverage_matrix, lint_tender
from ...core.tender.spec_fields import problems_at
from ...paths import is_bundled

__all__ = [
    "TenderState",
    "BuildRequest",
    "BuildResult",
    "BuildCancelled",
    "BUILD_STEPS",
    "example_spec",
    "is_bundled",
    "document_stem",
    "response_form_path",
    "load_tender_state",
    "build_tender",
]


def example_spec() -> Path:
    """The example tender that ships with Procure (shown to a new user)."""
    return paths.resources_dir() / "examples" / "urban-data-platform.tender.yaml"


def document_stem(spec_path: Path) -> str:
    """The name the documents of a spec get: ``city.tender.yaml`` gives ``city``."""
    name = spec_path.name
    for suffix in (".tender.yaml", ".tender.yml", ".yaml", ".yml"):
        name = name.removesuffix(suffix)
    return name or "tender"


def response_form_path(docx: Path) -> Path:
    """The response form written beside a tender document: ``NAME-response-form.xlsx``."""
    return docx.with_name(f"{docx.stem}-response-form.xlsx")


@dataclass
class TenderState:
    """One spec, loaded and checked: the tender (when it can be built), its checks and coverage."""

    prepared: PreparedTender
    checks: list[Diagnostic]  # the problems of loading and assembly, then the drafting lint
    coverage: Coverage | None
    guidelines: GuidelinesModel | None
    located: LoadedYaml | None = None  # the text checked, to find where each problem is

    def problems_at(self, paths: Sequence[tuple[PathKey, ...]]) -> dict[tuple[PathKey, ...], list[Diagnostic]]:
        """The checks that belong to each of the form's fields (see :func:`problems_at`)."""
        return problems_at(self.located, self.checks, paths) if self.located is not None else {}

    @property
    def spec_path(self) -> Path:
        return self.prepared.spec_path

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.checks if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.checks if not d.is_error]

    def clause_at_line(self, path: Path, line: int) -> str | None:
        """The id of the tender clause whose entry in the spec holds ``line``, if any."""
        spec, tender = self.prepared.spec, self.prepared.tender
        if spec is None or spec.document is None or tender is None or path != spec.path:
            return None
        starts: list[tuple[int, str | None]] = []
        for section in spec.sections:
            starts.append((spec.document.locate(list(section.keypath))[0], None))
            starts += [(spec.document.locate(list(entry.keypath))[0], entry.id) for entry in section.entries]
        found = None
        for start, clause_id in sorted(starts, key=lambda pair: pair[0]):
            if start > line:
                break
            found = clause_id
        return found if found in tender.numbers else None

    @property
    def buildable(self) -> bool:
        """As for ``procure tender build``: the spec, library and lock have no errors."""
        return self.prepared.ok


def load_tender_state(
    spec_path: Path, library_root: Path, text: str | None = None, taken_pins: Mapping[str, Clause] | None = None
) -> TenderState:
    """Load, check and assemble the spec against the library; lint and coverage when it assembles.

    ``text`` is the spec being edited, checked as if it were saved at ``spec_path``, with the
    library clauses ``taken_pins`` in place of its lock file's pins."""
    guidelines_file = paths.guidelines_file()
    prepared = prepare_tender(spec_path, library_root, guidelines_file, spec_text=text, taken_pins=taken_pins)
    guidelines, _ = load_guidelines(guidelines_file)
    checks = list(prepared.diagnostics)
    located = _located(spec_path, text)
    coverage = None
    if prepared.tender is not None:
        checks = sort_diagnostics(checks + lint_tender(prepared.tender, prepared.library))
        coverage = coverage_matrix(prepared.tender, guidelines) if guidelines else None
    return TenderState(prepared, checks, coverage, guidelines, located)


def _located(spec_path: Path, text: str | None) -> LoadedYaml | None:
    try:
        return load_yaml_text(text, spec_path) if text is not None else load_yaml(spec_path)
    except ProblemError:
        return None  # the checks say why


@dataclass(frozen=True)
class BuildRequest:
    spec_path: Path
    library_root: Path
    docx: Path
    response_form: bool


@dataclass
class BuildResult:
    """What a build did. ``written`` is empty when the spec had errors by the time it was built."""

    state: TenderState
    written: list[Path] = field(default_factory=list)
    pinned: Path | None = None  # the lock file, when it was (re)written
    pins_skipped: bool = False  # the bundled example is read-only: its clauses are not pinned
    pin_error: str | None = None  # the documents were written, but the lock file could not be


class BuildCancelled(Exception):
    """The officer cancelled the build before anything was written."""


BUILD_STEPS = 2  # checking the spec and the library; writing the documents and the pins


def build_tender(
    request: BuildRequest,
    report: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> BuildResult:
    """Check the spec as it is on disk now, then write the documents and pin the clauses
    (:func:`~procure_app.core.tender.outputs.write_tender_outputs`, as ``procure tender build`` does).

    ``report(done, total, text)`` hears of each step. ``cancelled()`` is asked once the check is
    done: when it says yes, :class:`BuildCancelled` is raised and nothing is written (the writing
    itself is not stopped half-way: each file is written whole or not at all).
    Raises :class:`~procure_app.core.base.atomic.WriteError` when a file cannot be written.
    """
    from ...core.tender.outputs import write_tender_outputs

    say = report or (lambda done, total, text: None)
    say(0, BUILD_STEPS, f"Checking {request.spec_path.name} and the clause library …")
    state = load_tender_state(request.spec_path, request.library_root)
    result = BuildResult(state)
    if not state.buildable or state.prepared.tender is None:
        return result
    if cancelled is not None and cancelled():
        raise BuildCancelled()
    say(1, BUILD_STEPS, f"Writing {request.docx.name} …")
    form = response_form_path(request.docx) if request.response_form else None
    outcome = write_tender_outputs(state.prepared, request.docx, form)
    result.written = outcome.written
    result.pinned = state.prepared.lock_path if outcome.pinned else None
    result.pins_skipped = outcome.pins_skipped
    result.pin_error = outcome.pin_error
    return result
