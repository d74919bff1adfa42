"""Atomic writes: the target is either the old file or the complete new one, never half of either."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from procure_app.core.base import atomic
from procure_app.core.base.atomic import WriteError, write_bytes_atomic


def test_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "file.bin"
    write_bytes_atomic(target, b"one")
    write_bytes_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["file.bin"]


@pytest.mark.parametrize(
    ("error", "phrase"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), "the file may be open in another program"),
        (OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
    ],
)
def test_a_failed_replace_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, phrase: str
) -> None:
    target = tmp_path / "tender.docx"
    target.write_bytes(b"old")

    def refuse(*args: object) -> None:
        raise error

    monkeypatch.setattr(atomic.os, "replace", refuse)
    with pytest.raises(WriteError, match=phrase) as caught:
        write_bytes_atomic(target, b"new")
    assert str(target) in str(caught.value)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["tender.docx"]


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match=r"the folder .* does not exist"):
        write_bytes_atomic(tmp_path / "nowhere" / "x.docx", b"x")
