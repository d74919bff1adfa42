"""The rubric a project evaluates against: the snapshot of its text kept in the project file.

The snapshot was checked in full when the evaluation was imported. It is read again here with the
same loader (written to a private temporary file, as the loader reads files), without the
guidelines and library cross-references: those were checked on import and may have moved on
since, while the scores only depend on the criteria and the scale.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..rubric import Rubric
from ..rubric_load import load_rubric
from ..store import ProjectError, ProjectStore

__all__ = ["project_rubric"]


def project_rubric(store: ProjectStore) -> Rubric:
    """The project's rubric; raises ``ProjectError`` when there is none or it cannot be read."""
    document = store.document("rubric")
    if document is None:
        raise ProjectError(
            f"{store.path} holds no rubric yet; import an evaluation file (procure project import "
            f"{store.path.name} --evaluation EVAL.yaml) before working with the panel"
        )
    name = Path(document.name.replace("\\", "/")).name or "rubric.yaml"
    with tempfile.TemporaryDirectory(prefix="procure-rubric-") as folder:
        path = Path(folder) / name
        path.write_text(document.text, encoding="utf-8")
        rubric, diagnostics = load_rubric(path, None, None)
    errors = [d for d in diagnostics if d.is_error]
    if rubric is None or errors:
        first = errors[0] if errors else None
        where = f" (line {first.line}: {first.message})" if first is not None else ""
        raise ProjectError(
            f"the rubric snapshot {name} in {store.path} cannot be read{where}; import the evaluation "
            "again into a new project"
        )
    return rubric
