"""`procure project new` makes a complete project or none, and says plainly when it cannot write."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from procure_app.cli import main
from procure_app.core.project.store import ProjectStore, interchange, verify

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_EVAL = REPO / "resources" / "examples" / "urban-data-platform-lot1.eval.yaml"
EXAMPLE_SPEC = REPO / "resources" / "examples" / "urban-data-platform.tender.yaml"


class Killed(BaseException):
    """Stands for the process being stopped part-way (not an error the command handles)."""


def _new(target: Path) -> int:
    return main(["project", "new", str(target), "--spec", str(EXAMPLE_SPEC), "--evaluation", str(EXAMPLE_EVAL)])


def test_stopped_after_the_spec_nothing_is_left_and_a_rerun_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "riverton.procure"
    real_import = interchange.import_evaluation

    def stopped(*_args: object, **_kwargs: object) -> None:
        raise Killed  # the spec went in; the evaluation never does

    monkeypatch.setattr(interchange, "import_evaluation", stopped)
    with pytest.raises(Killed):
        _new(target)
    assert sorted(tmp_path.iterdir()) == []  # no project, no temporary file, no backup folder

    monkeypatch.setattr(interchange, "import_evaluation", real_import)
    assert _new(target) == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == ["riverton.procure"]
    with ProjectStore.open(target, backup=False) as store:
        assert store.document("spec") is not None and store.bids()
    assert verify(target).ok


def test_a_refused_import_leaves_nothing_either(tmp_path: Path, capsys) -> None:
    broken = tmp_path / "broken.eval.yaml"
    broken.write_text("title: [unclosed\n", encoding="utf-8")
    target = tmp_path / "out" / "riverton.procure"
    target.parent.mkdir()
    code = main(["project", "new", str(target), "--spec", str(EXAMPLE_SPEC), "--evaluation", str(broken)])
    assert code == 1
    assert list(target.parent.iterdir()) == []
    assert "procure:" in capsys.readouterr().err


def test_an_existing_file_is_never_replaced(tmp_path: Path, capsys) -> None:
    target = tmp_path / "riverton.procure"
    target.write_bytes(b"someone else's")
    assert _new(target) == 1
    assert target.read_bytes() == b"someone else's"
    assert "already exists" in capsys.readouterr().err


def test_a_folder_the_user_cannot_write_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()

    def denied(*_args: object, **_kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)  # root may write anywhere: pretend it may not
    assert _new(folder / "riverton.procure") == 1
    err = capsys.readouterr().err.strip()
    assert err == f"procure: cannot write to {folder}: permission denied; choose another folder"
    assert list(folder.iterdir()) == []


def test_a_path_under_a_file_is_named(tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("x", encoding="utf-8")
    assert _new(blocker / "riverton.procure") == 1
    err = capsys.readouterr().err.strip()
    assert (
        err == f"procure: cannot create {blocker / 'riverton.procure'}: {blocker} is a file, not a folder; "
        "choose another folder"
    )
