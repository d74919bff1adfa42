"""A project file that vanishes while open, and Save Project As: nothing saved before is lost."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from procure_app.cli import main
from procure_app.core.project.store import ProjectError, ProjectStore, verify
from procure_app.core.project.store.errors import ProjectFileGoneError
from procure_app.core.project.store.relocate import save_as, save_copy

ACTOR = "ana"


@pytest.fixture
def store(tmp_path: Path):
    folder = tmp_path / "stick"
    folder.mkdir()
    opened = ProjectStore.create(folder / "lot1.procure", "Lot 1", actor=ACTOR)
    opened.add_evaluator(ACTOR, "ana", "Ana Costa")
    yield opened
    opened.close()


def test_an_edit_after_the_file_was_deleted_says_so_and_the_saved_work_is_rescued(store, tmp_path: Path) -> None:
    store.add_evaluator(ACTOR, "ben", "Ben Okafor")  # saved before the file goes
    store.path.unlink()
    with pytest.raises(ProjectFileGoneError, match="moved or deleted while it was open"):
        store.add_evaluator(ACTOR, "priya", "Priya Nair")
    assert store.evaluators() == {"ana": "Ana Costa", "ben": "Ben Okafor"}  # still readable in memory

    target = tmp_path / "desk" / "lot1.procure"
    target.parent.mkdir()
    moved = save_as(store, target, ACTOR)
    try:
        assert moved.path == target and moved.evaluators() == {"ana": "Ana Costa", "ben": "Ben Okafor"}
        moved.add_evaluator(ACTOR, "priya", "Priya Nair")  # work goes on in the new file
    finally:
        moved.close()
    assert verify(target).ok
    assert main(["project", "verify", str(target)]) == 0
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_renamed_file_is_named_as_moved_too(store, tmp_path: Path) -> None:
    store.path.rename(tmp_path / "elsewhere.procure")
    with pytest.raises(ProjectFileGoneError):
        store.add_evaluator(ACTOR, "ben", "Ben Okafor")


def test_a_file_replaced_by_another_is_named_as_moved(store, tmp_path: Path) -> None:
    original = store.path
    original.rename(tmp_path / "old.procure")
    ProjectStore.create(original, "Another", actor=ACTOR).close()  # same name, another file
    with pytest.raises(ProjectFileGoneError):
        store.add_evaluator(ACTOR, "ben", "Ben Okafor")


def test_save_copy_refuses_the_open_file_itself_and_a_missing_folder(store, tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="is the open project itself"):
        save_copy(store, store.path)
    with pytest.raises(ProjectError, match="does not exist"):
        save_copy(store, tmp_path / "nowhere" / "x.procure")
    assert sorted(p.name for p in store.path.parent.iterdir()) == ["lot1.procure"]


def test_save_copy_into_a_read_only_folder_is_refused_plainly(store, tmp_path: Path, monkeypatch) -> None:
    def denied(*args, **kwargs):  # a read-only folder (chmod does not stop root, who may run the tests)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("procure_app.core.project.store.relocate.tempfile.mkstemp", denied)
    with pytest.raises(ProjectError, match="permission denied; choose another folder"):
        save_copy(store, tmp_path / "x.procure")


def test_the_copy_respects_the_umask(store, tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        written = save_copy(store, tmp_path / "shared.procure")
    finally:
        os.umask(old)
    assert stat.S_IMODE(written.stat().st_mode) == 0o640


def test_a_read_only_project_saved_as_becomes_editable(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "ro" / "lot1.procure"
    path.parent.mkdir()
    ProjectStore.create(path, "Lot 1", actor=ACTOR).close()
    # A write-protected stick, as the store sees it (chmod does not stop root, who may run the tests).
    monkeypatch.setattr("procure_app.core.project.store.project.is_writable", lambda candidate: candidate != path)
    read_only = ProjectStore.open(path, actor=ACTOR)
    assert read_only.read_only
    editable = save_as(read_only, tmp_path / "mine.procure", ACTOR)
    try:
        assert not editable.read_only
        editable.add_evaluator(ACTOR, "ben", "Ben Okafor")
    finally:
        editable.close()
    assert verify(tmp_path / "mine.procure").ok
