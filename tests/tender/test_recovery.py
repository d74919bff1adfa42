"""Unsaved tender text kept for crash recovery: written whole, read back exactly, bad files named."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from procure_app.core.tender import recovery
from procure_app.core.tender.recovery import discard_recovery, find_recovered, keep_for_recovery
from procure_app.core.tender.spec_document import ChangedOnDiskError, SpecDocument

TEXT = 'tender:\n  title: "Street lighting — phase 2"  # ünïcode kept\n'


def test_kept_text_comes_back_exactly_newest_first(tmp_path: Path) -> None:
    spec = tmp_path / "lighting.tender.yaml"
    older = keep_for_recovery(tmp_path, "a", spec, TEXT, (10, "ab" * 32), now=datetime(2026, 12, 1, 9, tzinfo=UTC))
    keep_for_recovery(tmp_path, "b", None, "tender: {}\n", None, now=datetime(2026, 12, 2, 9, tzinfo=UTC))
    found, unreadable = find_recovered(tmp_path)
    assert unreadable == []
    assert [item.name for item in found] == ["untitled.tender.yaml", "lighting.tender.yaml"]
    newest, oldest = found
    assert newest.spec_path is None and newest.disk_state is None
    assert oldest.file == older and oldest.spec_path == spec and oldest.text == TEXT
    assert oldest.disk_state == (10, "ab" * 32) and oldest.kept_at == datetime(2026, 12, 1, 9, tzinfo=UTC)
    discard_recovery(older)
    discard_recovery(older)  # already gone: nothing happens
    assert [item.name for item in find_recovered(tmp_path)[0]] == ["untitled.tender.yaml"]


def test_keeping_again_replaces_the_text(tmp_path: Path) -> None:
    keep_for_recovery(tmp_path, "a", None, "tender: {title: one}\n", None)
    keep_for_recovery(tmp_path, "a", None, "tender: {title: two}\n", None)
    found, _ = find_recovered(tmp_path)
    assert [item.text for item in found] == ["tender: {title: two}\n"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\xff\xfe not json", "not UTF-8 JSON"),
        (json.dumps({"format": 99, "text": "x"}).encode(), "format this version does not know"),
        (json.dumps({"format": 1, "kept_at": "2026-12-01T09:00:00+00:00"}).encode(), "holds no tender text"),
        (json.dumps({"format": 1, "text": "x", "kept_at": "yesterday"}).encode(), "does not say when"),
        (json.dumps({"format": 1, "text": "x", "kept_at": "2026-12-01T09:00:00"}).encode(), "does not say when"),
        (
            json.dumps({"format": 1, "text": "x", "kept_at": "2026-12-01T09:00:00+00:00", "disk_state": [1]}).encode(),
            "describes its tender file",
        ),
    ],
)
def test_a_damaged_recovery_file_is_named_and_never_used(tmp_path: Path, content: bytes, reason: str) -> None:
    bad = tmp_path / f"x{recovery.RECOVERY_SUFFIX}"
    bad.write_bytes(content)
    found, unreadable = find_recovered(tmp_path)
    assert found == []
    assert [item.file for item in unreadable] == [bad] and reason in unreadable[0].reason
    assert bad.is_file()  # left for the officer (or support) to look at


def test_an_oversized_file_is_not_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recovery, "MAX_RECOVERY_BYTES", 100)
    keep_for_recovery(tmp_path, "big", None, "x" * 500, None)
    found, unreadable = find_recovered(tmp_path)
    assert found == [] and "larger than 100 bytes" in unreadable[0].reason


def test_a_missing_folder_holds_nothing(tmp_path: Path) -> None:
    assert find_recovered(tmp_path / "none") == ([], [])


def test_a_restored_spec_is_unsaved_and_will_not_overwrite_a_file_changed_since(tmp_path: Path) -> None:
    spec = tmp_path / "t.tender.yaml"
    spec.write_text("tender:\n  title: A\n", encoding="utf-8")
    when_opened = SpecDocument.open(spec).disk_state
    spec.write_text("tender:\n  title: changed by a colleague\n", encoding="utf-8")
    restored = SpecDocument.restored("tender:\n  title: mine\n", spec, when_opened)
    assert restored.modified and restored.get(("tender", "title")) == "mine"
    with pytest.raises(ChangedOnDiskError):
        restored.save()
    restored.save(overwrite_changes=True)
    assert spec.read_text(encoding="utf-8") == "tender:\n  title: mine\n" and not restored.modified


def test_a_restored_spec_saves_over_its_unchanged_file(tmp_path: Path) -> None:
    spec = tmp_path / "t.tender.yaml"
    spec.write_text("tender:\n  title: A\n", encoding="utf-8")
    restored = SpecDocument.restored("tender:\n  title: B\n", spec, SpecDocument.open(spec).disk_state)
    assert restored.save() == spec and "title: B" in spec.read_text(encoding="utf-8")
