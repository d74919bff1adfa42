"""Files Procure writes are as readable as any other program's: 0666 less the user's umask.

``mkstemp`` makes its file private (0600); the atomic write must not pass that on, or colleagues on
a shared drive cannot open an exported report, workbook, letter or project.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from procure_app import paths
from procure_app.cli import main
from procure_app.core.base import atomic
from procure_app.core.base.atomic import write_bytes_atomic
from procure_app.core.project.store import ProjectStore
from procure_app.core.project.store.backup import write_backup

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")

EXAMPLE = paths.resources_dir() / "examples" / "urban-data-platform-lot1.eval.yaml"


@pytest.fixture(params=[0o022, 0o077, 0o002], ids=["umask-022", "umask-077", "umask-002"])
def user_umask(request: pytest.FixtureRequest) -> Iterator[int]:
    previous = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_umask_is_read_as_set(user_umask: int) -> None:
    assert atomic.umask() == user_umask
    assert os.umask(user_umask) == user_umask  # reading it left it as it was


def test_a_new_file_gets_0666_less_the_umask(tmp_path: Path, user_umask: int) -> None:
    target = tmp_path / "new.bin"
    write_bytes_atomic(target, b"data")
    assert _mode(target) == 0o666 & ~user_umask


def test_a_replaced_file_keeps_its_mode(tmp_path: Path, user_umask: int) -> None:
    target = tmp_path / "shared.bin"
    target.write_bytes(b"old")
    target.chmod(0o664)
    write_bytes_atomic(target, b"new")
    assert _mode(target) == 0o664 and target.read_bytes() == b"new"


def test_exported_report_workbook_and_letters_follow_the_umask(tmp_path: Path, user_umask: int) -> None:
    (tmp_path / "scoring_rubrics").mkdir()
    shutil.copy(paths.rubrics_dir() / "smart-city-ict.yaml", tmp_path / "scoring_rubrics")
    folder = tmp_path / "resources" / "examples"
    folder.mkdir(parents=True)
    evaluation = folder / EXAMPLE.name
    shutil.copy(EXAMPLE, evaluation)
    out = tmp_path / "out"
    out.mkdir()
    args = ["evaluate", str(evaluation), "--report", str(out / "report.docx"), "--xlsx", str(out / "book.xlsx")]
    assert main([*args, "--letters", str(out / "letters")]) == 0
    written = [out / "report.docx", out / "book.xlsx", *sorted((out / "letters").glob("*.docx"))]
    assert len(written) > 2
    assert {path.name: _mode(path) for path in written} == {path.name: 0o666 & ~user_umask for path in written}


def test_a_project_and_its_backups_follow_the_umask(tmp_path: Path, user_umask: int) -> None:
    project = tmp_path / "shared.procure"
    with ProjectStore.create(project, "Shared") as store:
        backup = write_backup(store.conn, project)
    assert _mode(project) == 0o666 & ~user_umask
    assert _mode(backup) == 0o666 & ~user_umask
