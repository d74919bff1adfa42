"""From a spec file to an assembled tender and its documents: the one pipeline the CLI and the app share.

Load the spec, load and check the library, read the lock file (unless the pins are being
updated), assemble. Every problem on the way comes back as a diagnostic; the tender is None when
any of them is an error. :func:`~.outputs.write_tender_outputs` then writes the
documents and pins the clauses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..base.diagnostics import Diagnostic, ProblemError, sort_diagnostics
from ..library.checked import load_checked_library
from ..library.clauses import Clause, ClauseLibrary
from ..library.guidelines import load_guidelines
from ..library.pinning import Lock, lock_bytes, lock_path_for, read_lock, with_pins, write_lock
from ..rubric.load import load_rubric
from ..rubric.model import Rubric
from ..rubric.reference import missing_rubric_message
from .assembly import AssembledTender, assemble
from .spec import TenderSpec, load_spec, load_spec_text

__all__ = ["PreparedTender", "prepare_tender", "save_lock"]


@dataclass
class PreparedTender:
    spec_path: Path
    lock_path: Path
    spec: TenderSpec | None = None
    library: ClauseLibrary | None = None
    tender: AssembledTender | None = None
    rubric: Rubric | None = None  # the rubric the spec names, whose criteria go into an annex
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.tender is not None and not any(d.is_error for d in self.diagnostics)


def prepare_tender(
    spec_path: Path,
    library_root: Path,
    guidelines_path: Path,
    *,
    update_pins: bool = False,
    rubric_path: Path | None = None,
    spec_text: str | None = None,
    taken_pins: Mapping[str, Clause] | None = None,
) -> PreparedTender:
    """Load, check and assemble the tender described by ``spec_path``.

    ``rubric_path`` replaces the rubric the spec names (a project supplies its rubric snapshot,
    since the spec's relative path points at a file the project does not carry). ``spec_text`` is
    the spec as it is being edited (not saved yet), checked as if it were saved at ``spec_path``;
    ``taken_pins`` the library clauses taken in the builder in place of the lock file's pins.
    """
    prepared = PreparedTender(spec_path, lock_path_for(spec_path))
    spec, problems = load_spec(spec_path) if spec_text is None else load_spec_text(spec_text, spec_path)
    prepared.spec = spec
    prepared.diagnostics.extend(problems)
    library, library_problems = load_checked_library(library_root, guidelines_path)
    prepared.library = library
    library_errors = [d for d in library_problems if d.is_error]
    if library_errors:
        prepared.diagnostics.extend(library_errors)
    lock: Lock | None = None
    if not update_pins:
        try:
            lock = read_lock(prepared.lock_path)
        except ProblemError as problem:
            prepared.diagnostics.append(problem.diagnostic)
        if lock is not None and taken_pins:
            lock = with_pins(lock, taken_pins)
    if spec is not None and spec.rubric_path is not None:
        prepared.rubric = _rubric(prepared, spec, library, guidelines_path, rubric_path)
    if spec is not None and not library_errors and not any(d.is_error for d in prepared.diagnostics):
        tender, assembly_problems = assemble(spec, library, lock)
        prepared.tender = tender
        prepared.diagnostics.extend(assembly_problems)
    prepared.diagnostics = sort_diagnostics(prepared.diagnostics)
    return prepared


def _rubric(
    prepared: PreparedTender,
    spec: TenderSpec,
    library: ClauseLibrary | None,
    guidelines_path: Path,
    override: Path | None,
) -> Rubric | None:
    """The rubric the spec names; a missing or broken one is reported and blocks the build."""
    assert spec.rubric_path is not None
    path = override or spec.rubric_path
    if not path.is_file():
        if override:
            message = f"the rubric {spec.rubric_path} does not exist and the project holds no rubric snapshot"
        else:
            named = spec.document.data["tender"]["rubric"] if spec.document else str(spec.rubric_path)
            message = missing_rubric_message(named, spec.rubric_path)
        prepared.diagnostics.append(spec.diagnostic(("tender", "rubric"), "T116", message))
        return None
    guidelines, _ = load_guidelines(guidelines_path)
    rubric, problems = load_rubric(path, guidelines, library)
    prepared.diagnostics.extend(problems)
    return rubric


def save_lock(prepared: PreparedTender) -> bool:
    """Write the lock file when its content changed; True when it was written."""
    assert prepared.tender is not None
    new = lock_bytes(prepared.tender.lock)
    path = prepared.lock_path
    if path.exists() and path.read_bytes() == new:
        return False
    write_lock(path, prepared.tender.lock)
    return True
