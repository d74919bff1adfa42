"""Shared test set-up: Qt runs offscreen, settings go to a throwaway folder, helpers for data."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep QSettings and the app's data folder out of the user's home."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))


@pytest.fixture
def library_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled clause library."""
    target = tmp_path / "clause_library"
    shutil.copytree(REPO / "clause_library", target)
    return target
