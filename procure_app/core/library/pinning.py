"""Pinning the library clauses a tender uses, so it rebuilds byte for byte later.

The lock file (``NAME.lock.json`` beside the spec) holds, for every library clause of the tender,
its id, version, content hash and full content. A build takes clauses from the lock first and the
library second, and writes the lock back with exactly the clauses used. The hash covers every
field of the clause, so any change to a clause — even one its version number does not show — is
visible.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

from ..base.atomic import write_bytes_atomic
from ..base.diagnostics import Diagnostic, ProblemError
from ..base.schema_check import is_valid
from .clauses import Clause, clause_from_data, clause_to_data

__all__ = [
    "LOCK_FORMAT",
    "Pin",
    "Lock",
    "clause_hash",
    "lock_path_for",
    "read_lock",
    "write_lock",
    "lock_bytes",
    "with_pins",
    "write_taken_pins",
]

LOCK_FORMAT = 1


@dataclass(frozen=True)
class Pin:
    clause_id: str
    version: str
    sha256: str


@dataclass
class Lock:
    library_id: str
    library_version: str
    clauses: dict[str, Clause] = field(default_factory=dict)

    def pins(self) -> list[Pin]:
        return [Pin(c.id, c.version, clause_hash(c)) for c in sorted(self.clauses.values(), key=lambda c: c.id)]


_CONTENT_FIELDS = tuple(f.name for f in fields(Clause) if f.name != "source")


def clause_hash(clause: Clause) -> str:
    """SHA-256 of the clause's content (computed once per clause object).

    The content is serialised as the ``repr`` of its fields: immutable strings, numbers, booleans
    and nested frozen dataclasses, whose ``repr`` is exact and stable, and several times cheaper
    than canonical JSON on a large tender.
    """
    cached: str | None = clause.__dict__.get("_sha256")
    if cached is None:
        content = tuple(getattr(clause, name) for name in _CONTENT_FIELDS)
        cached = hashlib.sha256(repr(content).encode("utf-8")).hexdigest()
        object.__setattr__(clause, "_sha256", cached)  # clauses are immutable, so the hash is too
    return cached


def lock_path_for(spec_path: Path) -> Path:
    """``tender.yaml`` → ``tender.lock.json`` (beside the spec)."""
    return spec_path.with_suffix(".lock.json")


def lock_bytes(lock: Lock) -> bytes:
    """The lock file's content: stable key order, one clause per entry, readable in a diff."""
    payload = {
        "format": LOCK_FORMAT,
        "library": {"id": lock.library_id, "version": lock.library_version},
        "clauses": {
            clause_id: {
                "version": clause.version,
                "sha256": clause_hash(clause),
                "content": clause_to_data(clause),
            }
            for clause_id, clause in sorted(lock.clauses.items())
        },
    }
    return (json.dumps(payload, sort_keys=True, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_lock(path: Path, lock: Lock) -> None:
    write_bytes_atomic(path, lock_bytes(lock))


def _problem(path: Path, message: str) -> ProblemError:
    return ProblemError(
        Diagnostic(
            path,
            1,
            1,
            "T115",
            f"{message}; delete the lock file or rebuild with --update-pins to pin the library's current clauses",
        )
    )


def read_lock(path: Path, max_bytes: int = 64 * 1024 * 1024) -> Lock | None:
    """The lock at ``path``, or None when there is none; a damaged lock raises :class:`ProblemError`."""
    if not path.exists():
        return None
    try:
        if path.stat().st_size > max_bytes:
            raise _problem(path, "the lock file is too large to be one")
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _problem(path, f"the lock file cannot be read ({exc})") from None
    if not isinstance(payload, dict) or payload.get("format") != LOCK_FORMAT:
        raise _problem(path, "the lock file is not a Procure lock of a known format")
    library = payload.get("library") or {}
    lock = Lock(str(library.get("id", "")), str(library.get("version", "")))
    entries = payload.get("clauses")
    if not isinstance(entries, dict):
        raise _problem(path, "the lock file has no clauses")
    for clause_id, entry in entries.items():
        content = entry.get("content") if isinstance(entry, dict) else None
        if not isinstance(content, dict) or not is_valid({"clauses": [content]}, "clause-file"):
            raise _problem(path, f"the pinned clause {clause_id} is damaged")
        if content.get("id") != clause_id:
            raise _problem(path, f"the pinned clause {clause_id} is damaged")
        clause = clause_from_data(content)
        if clause_hash(clause) != entry.get("sha256"):
            raise _problem(path, f"the pinned clause {clause_id} was changed after it was pinned")
        lock.clauses[clause_id] = clause
    return lock


def with_pins(lock: Lock, taken: Mapping[str, Clause]) -> Lock:
    """``lock`` with the clauses ``taken`` pinned in place of its own."""
    return Lock(lock.library_id, lock.library_version, {**lock.clauses, **taken})


def write_taken_pins(spec_path: Path, taken: Mapping[str, Clause]) -> bool:
    """Write the clauses ``taken`` into the lock file of ``spec_path`` (atomically, only when it
    exists and changes); True when it was written."""
    lock_path = lock_path_for(spec_path)
    if not taken or not lock_path.is_file():
        return False
    lock = read_lock(lock_path)
    if lock is None:
        return False
    updated = with_pins(lock, taken)
    if lock_bytes(updated) == lock_bytes(lock):
        return False
    write_lock(lock_path, updated)
    return True
