"""Unsaved tender text kept aside while it is edited, so that a crash loses no work.

While a tender has unsaved changes, its whole text is written (atomically) to a recovery file in
the user's data folder, one file per open tender; saving, discarding or closing the tender removes
it. A recovery file still there at the next start is what a crash, a power cut or a killed
process left: the app offers to restore it.

Recovery files are read as untrusted input, like every file Procure did not just write itself:
bounded in size, and checked field by field; one that cannot be read is reported by name and left
alone, never silently used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..base.atomic import write_bytes_atomic

__all__ = [
    "RECOVERY_SUFFIX",
    "RecoveredTender",
    "UnreadableRecovery",
    "discard_recovery",
    "find_recovered",
    "keep_for_recovery",
    "read_recovery",
    "recovery_file",
]

RECOVERY_SUFFIX = ".tender-recovery.json"
FORMAT = 1
MAX_RECOVERY_BYTES = 16 * 1024 * 1024  # a spec is at most a few MB; JSON escaping can double it


@dataclass(frozen=True)
class RecoveredTender:
    """The unsaved text of one tender, as it was kept."""

    file: Path  # the recovery file itself
    spec_path: Path | None  # the spec it was the text of (None: a new tender never saved)
    kept_at: datetime  # when the text was last kept (UTC)
    text: str
    disk_state: tuple[int, str] | None  # the spec file (size, SHA-256) when its editing began

    @property
    def name(self) -> str:
        """The file name an officer knows the tender by."""
        return self.spec_path.name if self.spec_path is not None else "untitled.tender.yaml"


@dataclass(frozen=True)
class UnreadableRecovery:
    file: Path
    reason: str


def recovery_file(folder: Path, key: str) -> Path:
    """Where the tender known by ``key`` (one per open tender) is kept."""
    return folder / f"{key}{RECOVERY_SUFFIX}"


def keep_for_recovery(
    folder: Path,
    key: str,
    spec_path: Path | None,
    text: str,
    disk_state: tuple[int, str] | None,
    *,
    now: datetime | None = None,
) -> Path:
    """Write ``text`` to the recovery file of ``key`` (atomically: a crash while writing leaves the
    previous version) and return its path."""
    record = {
        "format": FORMAT,
        "spec_path": str(spec_path) if spec_path is not None else None,
        "kept_at": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
        "disk_state": list(disk_state) if disk_state is not None else None,
        "text": text,
    }
    folder.mkdir(parents=True, exist_ok=True)
    target = recovery_file(folder, key)
    write_bytes_atomic(target, json.dumps(record, ensure_ascii=False).encode("utf-8"))
    return target


def discard_recovery(file: Path) -> None:
    """Remove a recovery file (nothing happens when it is already gone)."""
    file.unlink(missing_ok=True)


def find_recovered(folder: Path) -> tuple[list[RecoveredTender], list[UnreadableRecovery]]:
    """The recovery files in ``folder``, newest first, and those that could not be read."""
    found: list[RecoveredTender] = []
    unreadable: list[UnreadableRecovery] = []
    if not folder.is_dir():
        return found, unreadable
    for file in sorted(folder.glob(f"*{RECOVERY_SUFFIX}")):
        try:
            found.append(read_recovery(file))
        except ValueError as problem:
            unreadable.append(UnreadableRecovery(file, str(problem)))
    found.sort(key=lambda item: item.kept_at, reverse=True)
    return found, unreadable


def read_recovery(file: Path) -> RecoveredTender:
    """Read one recovery file; ValueError says what is wrong with it."""
    try:
        with file.open("rb") as stream:
            raw = stream.read(MAX_RECOVERY_BYTES + 1)
    except OSError as exc:
        raise ValueError(f"cannot be read ({exc.strerror or exc})") from None
    if len(raw) > MAX_RECOVERY_BYTES:
        raise ValueError(f"is larger than {MAX_RECOVERY_BYTES:,} bytes")
    try:
        record = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ValueError("is not a recovery file Procure wrote (not UTF-8 JSON)") from None
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise ValueError("was written in a format this version does not know")
    text, spec_path, kept_at, disk_state = (
        record.get("text"),
        record.get("spec_path"),
        record.get("kept_at"),
        record.get("disk_state"),
    )
    if not isinstance(text, str):
        raise ValueError("holds no tender text")
    if spec_path is not None and not (isinstance(spec_path, str) and spec_path):
        raise ValueError("names its tender file in a way this version cannot read")
    try:
        kept = datetime.fromisoformat(kept_at) if isinstance(kept_at, str) else None
    except ValueError:
        kept = None
    if kept is None or kept.tzinfo is None:
        raise ValueError("does not say when it was kept")
    state: tuple[int, str] | None = None
    if disk_state is not None:
        if not (
            isinstance(disk_state, list)
            and len(disk_state) == 2
            and isinstance(disk_state[0], int)
            and isinstance(disk_state[1], str)
        ):
            raise ValueError("describes its tender file in a way this version cannot read")
        state = (disk_state[0], disk_state[1])
    return RecoveredTender(file, Path(spec_path) if spec_path else None, kept, text, state)
