"""The rubric a project evaluates against: the snapshot of its text kept in the project file.

The snapshot was checked in full when the evaluation was imported. It is read again here from its
text with the same loader (nothing is written anywhere), without the guidelines and library
cross-references: those were checked on import and may have moved on since, while the scores only
depend on the criteria and the scale.
"""

from __future__ import annotations

from pathlib import Path

from ...rubric.load import load_rubric_text
from ...rubric.model import Rubric
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
    rubric, diagnostics = load_rubric_text(document.text, Path(name), None, None)
    errors = [d for d in diagnostics if d.is_error]
    if rubric is None or errors:
        first = errors[0] if errors else None
        where = f" (line {first.line}: {first.message})" if first is not None else ""
        raise ProjectError(
            f"the rubric snapshot {name} in {store.path} cannot be read{where}; import the evaluation "
            "again into a new project"
        )
    return rubric
