"""A tender's documents written from its prepared spec, and its clauses pinned: the one build step
the CLI (``procure tender build``) and the app (Build Tender) share.

The pinning rules live here: the bundled example is never changed, so its clauses are not pinned;
a lock file that cannot be written leaves the documents written and the outcome says why; a
project keeps its pins itself, so the caller can ask for no lock file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ...paths import is_bundled
from ..base.atomic import WriteError
from .build import PreparedTender, save_lock

__all__ = ["BuildOutcome", "write_tender_outputs"]


@dataclass
class BuildOutcome:
    """What :func:`write_tender_outputs` wrote, and what became of the pins."""

    written: list[Path] = field(default_factory=list)
    pinned: bool = False  # the lock file beside the spec was (re)written
    pins_skipped: bool = False  # the bundled example is never changed: its clauses are not pinned
    pin_error: str | None = None  # the documents were written, but the lock file could not be


def write_tender_outputs(
    prepared: PreparedTender, docx: Path, response_form: Path | None = None, *, pin: bool = True
) -> BuildOutcome:
    """Write the tender document (and the response form), then pin the clauses beside the spec.

    ``prepared`` must have assembled without errors. ``pin`` is False when the caller keeps the pins
    elsewhere (a project file keeps its own). Raises :class:`~procure_app.core.base.atomic.WriteError` when a document
    cannot be written; a lock that cannot be written is reported in the outcome instead.
    """
    # The writers import docxtpl and openpyxl: only when something is built.
    from .docx import write_tender
    from .response_form import write_response_form

    tender = prepared.tender
    if tender is None or not prepared.ok:
        raise ValueError("the tender has errors: nothing can be built from it")
    outcome = BuildOutcome()
    write_tender(tender, docx, rubric=prepared.rubric)
    outcome.written.append(docx)
    if response_form is not None:
        write_response_form(tender, response_form)
        outcome.written.append(response_form)
    if not pin:
        return outcome
    if is_bundled(prepared.lock_path):
        outcome.pins_skipped = True
        return outcome
    try:
        outcome.pinned = save_lock(prepared)
    except WriteError as exc:  # e.g. the spec sits in a read-only folder: the documents stand
        outcome.pin_error = str(exc)
    return outcome
