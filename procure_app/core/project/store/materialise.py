"""Run the file-based tender pipeline on a project: write its spec, lock and rubric to a folder.

The tender pipeline (``tender_build.prepare_tender``) reads files. A project holds the same
files as text, so they are written into a scratch folder first. The spec's ``rubric:`` path is
relative to where the spec once lived and means nothing in the scratch folder, so the project's
rubric snapshot is passed in its place. A lock made or changed by a build goes back into the
project (audited like any other edit); the scratch folder is then thrown away.
"""

from __future__ import annotations

from pathlib import Path

from ...library.pinning import lock_bytes
from ...tender.build import PreparedTender, prepare_tender
from .errors import ProjectError
from .interchange import export_spec
from .project import ProjectStore

__all__ = ["RUBRIC_FOLDER", "materialise_spec", "prepare_project_tender", "store_lock"]

RUBRIC_FOLDER = "_rubric"  # beside the spec, so a rubric file name can never clash with the spec's


def materialise_spec(store: ProjectStore, folder: Path) -> Path:
    """Write the project's spec (with its lock, and the rubric snapshot) into ``folder``; return the spec."""
    spec_path = export_spec(store, folder)
    rubric = store.document("rubric")
    if rubric is not None:
        target = Path(folder) / RUBRIC_FOLDER / Path(rubric.name).name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(rubric.text, encoding="utf-8")
    return spec_path


def prepare_project_tender(
    store: ProjectStore, folder: Path, library_root: Path, guidelines_path: Path, *, update_pins: bool = False
) -> PreparedTender:
    """Load, check and assemble the tender a project holds (its files written into ``folder``)."""
    if store.document("spec") is None:
        raise ProjectError(f"{store.path} holds no tender spec; import one with: procure project import --spec")
    spec_path = materialise_spec(store, folder)
    rubric = store.document("rubric")
    rubric_path = Path(folder) / RUBRIC_FOLDER / Path(rubric.name).name if rubric is not None else None
    return prepare_tender(spec_path, library_root, guidelines_path, update_pins=update_pins, rubric_path=rubric_path)


def store_lock(store: ProjectStore, prepared: PreparedTender, actor: str) -> bool:
    """Keep the build's lock in the project when it is new or changed; True when it was stored."""
    assert prepared.tender is not None
    text = lock_bytes(prepared.tender.lock).decode("utf-8")
    current = store.document("spec_lock")
    if current is not None and current.text == text:
        return False
    store.set_document(actor, "spec_lock", prepared.lock_path.name, text)
    return True
