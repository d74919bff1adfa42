"""Where Procure's bundled data lives: a source checkout, an installed wheel or a frozen app.

The data folders (``clause_library``, ``scoring_rubrics``, ``resources``) sit at the top of the
source tree. A wheel carries them inside the package as ``procure_app/_bundled/<name>`` (see
``pyproject.toml``), and a PyInstaller build unpacks them next to the executable's files
(``sys._MEIPASS``). This module is the only place that knows the three layouts.
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = [
    "DATA_FOLDERS",
    "data_dir",
    "library_dir",
    "rubrics_dir",
    "resources_dir",
    "guidelines_file",
    "is_bundled",
]

DATA_FOLDERS = ("clause_library", "scoring_rubrics", "resources")
_PACKAGE = Path(__file__).resolve().parent


def _candidates(name: str) -> list[Path]:
    frozen_root = getattr(sys, "_MEIPASS", None)
    found = [Path(frozen_root) / name] if frozen_root else []
    return [*found, _PACKAGE / "_bundled" / name, _PACKAGE.parent / name]


def data_dir(name: str) -> Path:
    """The bundled data folder ``name`` (one of :data:`DATA_FOLDERS`)."""
    if name not in DATA_FOLDERS:
        raise ValueError(f"unknown data folder {name!r}")
    candidates = _candidates(name)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    searched = ", ".join(str(c) for c in candidates)
    raise FileNotFoundError(f"Procure's bundled '{name}' folder is missing (looked in {searched}); reinstall Procure")


def library_dir() -> Path:
    return data_dir("clause_library")


def rubrics_dir() -> Path:
    return data_dir("scoring_rubrics")


def resources_dir() -> Path:
    return data_dir("resources")


def guidelines_file() -> Path:
    return resources_dir() / "guidelines" / "guidelines.yaml"


def is_bundled(path: Path) -> bool:
    """True for a path inside Procure's own data folders, which Procure never writes into (once
    installed they sit inside site-packages or the frozen app, and are shared by every user)."""
    try:
        resolved = path.expanduser().resolve()
    except (OSError, RuntimeError):
        return False
    for name in DATA_FOLDERS:
        try:
            folder = data_dir(name).resolve()
        except FileNotFoundError:
            continue
        if resolved.is_relative_to(folder):
            return True
    return False
