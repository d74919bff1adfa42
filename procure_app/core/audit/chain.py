"""The audit log: append-only entries, each chained to the previous one by a SHA-256 hash.

An entry's hash covers a canonical serialisation (compact, sorted-key JSON) of its sequence
number, time, actor, action, entity, old and new values, and the previous entry's hash. Changing
any field of any entry, deleting an entry or swapping two entries breaks the chain at the first
entry touched. The newest sequence number and hash are also kept in the ``meta`` table, so
cutting entries off the end is caught too.

This detects edits made by anyone who does not recompute every later hash. Someone who rewrites
the whole chain is caught only by comparing the head hash with a copy kept elsewhere (the
evaluation report prints it).
"""

from __future__ import annotations

import getpass
import hashlib
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from ..base.printable import printable as escaped

__all__ = [
    "GENESIS_HASH",
    "AuditEntry",
    "ChainProblem",
    "append_entry",
    "canonical_json",
    "entry_hash",
    "login_name",
    "printable",
    "walk_chain",
]

GENESIS_HASH = "0" * 64
HEAD_SEQ_KEY = "audit_head_seq"
HEAD_HASH_KEY = "audit_head_hash"

Json = None | bool | int | str | list["Json"] | dict[str, "Json"]


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    time: str
    actor: str
    action: str
    entity: str
    old: str | None  # canonical JSON, or None when there was no old value
    new: str | None
    prev_hash: str
    hash: str

    @property
    def old_value(self) -> Json:
        return None if self.old is None else json.loads(self.old)

    @property
    def new_value(self) -> Json:
        return None if self.new is None else json.loads(self.new)


@dataclass(frozen=True)
class ChainProblem:
    seq: int  # the first bad entry (for a truncated log: the first missing one)
    message: str


def login_name() -> str:
    """The name the person is logged in to this computer under ("unknown" when there is none)."""
    try:
        name = getpass.getuser().strip()
    except (OSError, KeyError):  # no user name in the environment nor in the password database
        name = ""
    return name or "unknown"


def printable(text: str) -> str:
    """One line of the log, its control characters (escape sequences from a hostile file) escaped."""
    return escaped(text)


def canonical_json(value: Json) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def entry_hash(
    seq: int, time: str, actor: str, action: str, entity: str, old: str | None, new: str | None, prev_hash: str
) -> str:
    payload = canonical_json([seq, time, actor, action, entity, old, new, prev_hash])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def read_head(conn: sqlite3.Connection) -> tuple[int, str]:
    rows = dict(conn.execute("SELECT key, value FROM meta WHERE key IN (?, ?)", (HEAD_SEQ_KEY, HEAD_HASH_KEY)))
    return int(rows.get(HEAD_SEQ_KEY, "0")), str(rows.get(HEAD_HASH_KEY, GENESIS_HASH))


def append_entry(conn: sqlite3.Connection, actor: str, action: str, entity: str, old: Json, new: Json) -> AuditEntry:
    """Append one entry; the caller holds the transaction that also makes the change itself."""
    seq, prev_hash = read_head(conn)
    seq += 1
    time = datetime.now(UTC).isoformat(timespec="microseconds")
    old_text = None if old is None else canonical_json(old)
    new_text = None if new is None else canonical_json(new)
    digest = entry_hash(seq, time, actor, action, entity, old_text, new_text, prev_hash)
    entry = AuditEntry(seq, time, actor, action, entity, old_text, new_text, prev_hash, digest)
    conn.execute(
        "INSERT INTO audit (seq, time, actor, action, entity, old, new, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)",
        (seq, time, actor, action, entity, old_text, new_text, prev_hash, digest),
    )
    conn.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        ((HEAD_SEQ_KEY, str(seq)), (HEAD_HASH_KEY, digest)),
    )
    return entry


def walk_chain(entries: Iterable[AuditEntry], head_seq: int, head_hash: str) -> tuple[int, ChainProblem | None]:
    """Check entries (in ``seq`` order); return how many were good and the first problem, if any."""
    expected_seq = 1
    prev_hash = GENESIS_HASH
    for entry in entries:
        if entry.seq != expected_seq:
            return expected_seq - 1, ChainProblem(
                expected_seq,
                f"audit entry {expected_seq} is missing or out of order (entry {entry.seq} follows entry "
                f"{expected_seq - 1})",
            )
        if entry.prev_hash != prev_hash:
            return expected_seq - 1, ChainProblem(
                entry.seq, f"audit entry {entry.seq} does not follow entry {entry.seq - 1} (the chain is broken)"
            )
        recomputed = entry_hash(
            entry.seq, entry.time, entry.actor, entry.action, entry.entity, entry.old, entry.new, entry.prev_hash
        )
        if recomputed != entry.hash:
            return expected_seq - 1, ChainProblem(
                entry.seq, f"audit entry {entry.seq} was altered (its content does not match its hash)"
            )
        prev_hash = entry.hash
        expected_seq += 1
    last = expected_seq - 1
    if last != head_seq:
        return last, ChainProblem(
            min(last, head_seq) + 1, f"the audit log ends at entry {last} but the project recorded {head_seq} entries"
        )
    if prev_hash != head_hash:
        return last, ChainProblem(last, f"audit entry {last} is not the entry the project recorded as the newest")
    return last, None
