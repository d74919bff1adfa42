"""The wheel carries the bundled data where procure_app.paths finds it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from procure_app import paths

from .conftest import REPO


def test_checkout_data_is_found() -> None:
    assert paths.library_dir() == REPO / "clause_library"
    assert paths.guidelines_file().is_file()


def test_frozen_layout_is_preferred(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "clause_library").mkdir()
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.library_dir() == tmp_path / "clause_library"


@pytest.mark.slow
def test_installed_wheel_finds_its_data(tmp_path: Path) -> None:
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(REPO)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    wheel = next(tmp_path.glob("procure-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    assert "procure_app/_bundled/clause_library/library.yaml" in names
    assert "procure_app/_bundled/resources/guidelines/guidelines.yaml" in names
    assert "procure_app/core/base/schemas/clause-file.schema.json" in names
    # Run the unpacked wheel from elsewhere, so the checkout cannot be found by accident.
    probe = (
        "from procure_app import paths; from procure_app.cli import main; "
        "print(paths.library_dir()); raise SystemExit(main(['validate']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(tmp_path / "site" / "procure_app" / "_bundled" / "clause_library")
