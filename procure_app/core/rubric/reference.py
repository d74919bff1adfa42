"""How a tender spec or an evaluation file names its rubric: a bundled rubric's id, or a path.

``rubric: smart-city-ict`` names the rubric bundled with Procure whose id that is (its file in
``scoring_rubrics/`` is ``<id>.yaml``), so a file copied to any folder still finds it; anything
with a folder separator or a ``.yaml``/``.yml`` ending is a path, relative to the naming file.
"""

from __future__ import annotations

import re
from pathlib import Path

from ... import paths

__all__ = ["is_rubric_id", "resolve_rubric", "bundled_rubric_ids", "missing_rubric_message"]

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def is_rubric_id(reference: str) -> bool:
    """True when ``reference`` is an id (lower-case letters, digits, hyphens), not a path."""
    return bool(_ID.match(reference))


def bundled_rubric_ids() -> list[str]:
    """The ids of the rubrics bundled with Procure, sorted."""
    try:
        folder = paths.rubrics_dir()
    except FileNotFoundError:
        return []
    return sorted(path.stem for path in folder.glob("*.yaml"))


def resolve_rubric(reference: str, naming_file: Path) -> Path:
    """The rubric file ``reference`` names, from the file ``naming_file`` (it may not exist)."""
    if is_rubric_id(reference):
        try:
            return (paths.rubrics_dir() / f"{reference}.yaml").resolve()
        except FileNotFoundError:
            return Path(reference)
    return (naming_file.parent / reference).resolve()


def missing_rubric_message(reference: str, resolved: Path) -> str:
    """Why the rubric named ``reference`` was not found, and the two ways of naming one."""
    bundled = ", ".join(bundled_rubric_ids()) or "none"
    if is_rubric_id(reference):
        return (
            f"no bundled rubric has the id '{reference}' (the bundled ones: {bundled}); name one of those, "
            "or give the path of a rubric file (.yaml), relative to this file"
        )
    return (
        f"the rubric file {resolved} does not exist; correct the path (it is relative to this file), "
        f"or name a bundled rubric by its id ({bundled})"
    )
