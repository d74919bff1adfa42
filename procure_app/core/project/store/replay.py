"""Replaying the audit log: the state it describes, compared with the tables of the file.

The hash chain shows that nobody edited the log; it says nothing of the tables beside it. Every
edit Procure makes records its old and new value, so replaying the entries in order rebuilds the
scores, consensus, declarations, bids, prices, gates, answers, documents (by name, length and
SHA-256), the evaluation header, settings and envelope state the project must hold. Any
difference means the tables were changed behind the log's back (``UPDATE scores SET …`` with a
database tool); :func:`first_difference` names the first one.

Entries of kinds that change no table (imports, panel notes) are skipped. Every kind of entry
that changes a table has recorded its full new value since format 1, so files of every format
replay.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ...audit.chain import AuditEntry, printable

__all__ = ["first_difference", "replay", "table_state", "TABLES"]

Row = tuple[object, ...]
State = dict[str, dict[Row, Row]]


@dataclass(frozen=True)
class Table:
    """How one table is read for the comparison and how its rows are named in a message."""

    name: str
    query: str  # key columns first, then the value columns
    keys: tuple[str, ...]
    values: tuple[str, ...]
    numeric: frozenset[str] = frozenset()  # shown as they are, not quoted


TABLES = (
    Table("meta", "SELECT key, value FROM meta WHERE key IN ('name', 'created')", ("key",), ("value",)),
    Table("settings", "SELECT key, value FROM settings", ("setting",), ("value",)),
    Table("evaluators", "SELECT id, name FROM evaluators", ("evaluator",), ("name",)),
    Table("evaluator_roles", "SELECT evaluator, role FROM evaluator_roles", ("evaluator",), ("role",)),
    Table("bids", "SELECT id, bidder FROM bids", ("bid",), ("bidder",)),
    Table(
        "bid_details", "SELECT bid, sme, submitted FROM bid_details", ("bid",), ("sme", "submitted"), frozenset({"sme"})
    ),
    Table(
        "scores",
        "SELECT evaluator, bid, criterion, score, justification FROM scores",
        ("evaluator", "bid", "criterion"),
        ("score", "justification"),
        frozenset({"score"}),
    ),
    Table(
        "consensus",
        "SELECT bid, criterion, score, reason FROM consensus",
        ("bid", "criterion"),
        ("score", "reason"),
        frozenset({"score"}),
    ),
    Table(
        "conflicts",
        "SELECT evaluator, bid, conflicted, statement FROM conflicts",
        ("evaluator", "bid"),
        ("conflicted", "statement"),
        frozenset({"conflicted"}),
    ),
    Table(
        "price_sheets",
        "SELECT bid, capex, opex_per_year, maintenance_per_year, years FROM price_sheets",
        ("bid",),
        ("capex", "opex_per_year", "maintenance_per_year", "years"),
        frozenset({"capex", "opex_per_year", "maintenance_per_year", "years"}),
    ),
    Table("gate_results", "SELECT bid, gate, result, reason FROM gate_results", ("bid", "gate"), ("result", "reason")),
    Table(
        "compliance_answers",
        "SELECT bid, requirement, compliance, answer, evidence FROM compliance_answers",
        ("bid", "requirement"),
        ("compliance", "answer", "evidence"),
    ),
    Table("documents", "SELECT kind, name, text FROM documents", ("document",), ("name", "chars", "sha256")),
    Table(
        "evaluation",
        "SELECT id, title, tender_reference, tender_title, lot, currency, perturbation_percent, draws, seed "
        "FROM evaluation",
        ("evaluation",),
        ("title", "tender_reference", "tender_title", "lot", "currency", "perturbation_percent", "draws", "seed"),
        frozenset({"perturbation_percent", "draws", "seed"}),
    ),
    Table(
        "envelope",
        "SELECT id, quality_locked_at, quality_locked_by, prices_unsealed_at, prices_unsealed_by FROM envelope",
        ("envelope",),
        ("quality_locked_at", "quality_locked_by", "prices_unsealed_at", "prices_unsealed_by"),
    ),
)
_DOCUMENT_TABLE = "documents"
_HEADER_FIELDS = next(table.values for table in TABLES if table.name == "evaluation")
_BEFORE_FORMAT_3 = ("before format 3", "schema.migrate", "before format 3", "schema.migrate")


class ReplayError(Exception):
    """An audit entry that cannot be replayed (unreadable, or lacking the value it set)."""


def table_state(conn: sqlite3.Connection) -> State:
    """What the tables hold, in the shape :func:`replay` builds (tables an older format lacks are left out)."""
    present = {str(row[0]) for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    state: State = {}
    for table in TABLES:
        if table.name not in present:
            continue
        rows: dict[Row, Row] = {}
        width = len(table.keys)
        for row in conn.execute(table.query):
            rows[tuple(row[:width])] = tuple(row[width:])
        state[table.name] = rows
    if _DOCUMENT_TABLE in state:
        texts = state[_DOCUMENT_TABLE].items()
        state[_DOCUMENT_TABLE] = {key: _document_row(str(name), str(text)) for key, (name, text) in texts}
    return state


def _document_row(name: str, text: str) -> Row:
    return (name, len(text), hashlib.sha256(text.encode("utf-8")).hexdigest())


def _value(entry: AuditEntry) -> dict[str, object]:
    try:
        value = json.loads(entry.new) if entry.new is not None else None
    except ValueError:
        raise ReplayError(f"audit entry {entry.seq} ({entry.action}) cannot be read") from None
    if not isinstance(value, dict):
        raise ReplayError(f"audit entry {entry.seq} ({entry.action}) does not record the value it set")
    return value


def _parts(entry: AuditEntry, count: int) -> list[str]:
    parts = entry.entity.split("/", count)
    if len(parts) != count + 1:
        raise ReplayError(f"audit entry {entry.seq} ({entry.action}) names an unknown {entry.entity!r}")
    return parts[1:]


def _set(state: State, table: str, key: Row, entry: AuditEntry, fields: Iterable[str]) -> None:
    value = _value(entry)
    try:
        state[table][key] = tuple(value[field] for field in fields)
    except KeyError as missing:
        raise ReplayError(f"audit entry {entry.seq} ({entry.action}) does not record its {missing.args[0]}") from None


def _flag(state: State, table: str, key: Row, position: int) -> None:
    row = list(state[table][key])
    row[position] = int(bool(row[position]))
    state[table][key] = tuple(row)


def _create(state: State, entry: AuditEntry) -> None:
    value = _value(entry)
    state["meta"][("name",)] = (value.get("name"),)
    state["meta"][("created",)] = (value.get("created"),)


def _setting(state: State, entry: AuditEntry) -> None:
    try:
        value = json.loads(entry.new) if entry.new is not None else None
    except ValueError:
        raise ReplayError(f"audit entry {entry.seq} ({entry.action}) cannot be read") from None
    state["settings"][tuple(_parts(entry, 1))] = (value,)


def _evaluator(state: State, entry: AuditEntry) -> None:
    key = tuple(_parts(entry, 1))
    _set(state, "evaluators", key, entry, ("name",))
    role = _value(entry).get("role")
    if role:
        state["evaluator_roles"][key] = (role,)


def _bid_details(state: State, entry: AuditEntry) -> None:
    key = tuple(_parts(entry, 1))
    _set(state, "bid_details", key, entry, ("sme", "submitted"))
    _flag(state, "bid_details", key, 0)


def _conflict(state: State, entry: AuditEntry) -> None:
    key = tuple(_parts(entry, 2))
    _set(state, "conflicts", key, entry, ("conflicted", "statement"))
    _flag(state, "conflicts", key, 0)


def _answer(state: State, entry: AuditEntry) -> None:
    key = tuple(_parts(entry, 2))
    _set(state, "compliance_answers", key, entry, ("compliance", "answer", "evidence"))
    compliance, answer, evidence = state["compliance_answers"][key]
    state["compliance_answers"][key] = (compliance or "", answer, evidence)


def _lock_quality(state: State, entry: AuditEntry) -> None:
    locked_at = _value(entry).get("locked_at")
    before = state["envelope"].get((1,), (None, None, None, None))
    state["envelope"][(1,)] = (locked_at, entry.actor, before[2], before[3])


def _unseal(state: State, entry: AuditEntry) -> None:
    unsealed_at = _value(entry).get("unsealed_at")
    before = state["envelope"].get((1,), (None, None, None, None))
    state["envelope"][(1,)] = (before[0], before[1], unsealed_at, entry.actor)


def _migrate(state: State, entry: AuditEntry) -> None:
    # Format 3 brought a file that already held scores or prices forward as locked and unsealed.
    if _value(entry).get("format") == 3 and (state["scores"] or state["price_sheets"]):
        state["envelope"][(1,)] = _BEFORE_FORMAT_3


def _remover(table: str, parts: int) -> Callable[[State, AuditEntry], None]:
    def remove(state: State, entry: AuditEntry) -> None:
        state[table].pop(tuple(_parts(entry, parts)), None)

    return remove


def _setter(table: str, parts: int, fields: tuple[str, ...]) -> Callable[[State, AuditEntry], None]:
    def put(state: State, entry: AuditEntry) -> None:
        _set(state, table, tuple(_parts(entry, parts)), entry, fields)

    return put


def _header(state: State, entry: AuditEntry) -> None:
    _set(state, "evaluation", (1,), entry, _HEADER_FIELDS)


def _document(state: State, entry: AuditEntry) -> None:
    _set(state, _DOCUMENT_TABLE, tuple(_parts(entry, 1)), entry, ("name", "chars", "sha256"))


_REPLAYERS: dict[str, Callable[[State, AuditEntry], None]] = {
    "project.create": _create,
    "schema.migrate": _migrate,
    "setting.set": _setting,
    "evaluator.add": _evaluator,
    "bid.add": _setter("bids", 1, ("bidder",)),
    "bid.details": _bid_details,
    "score.set": _setter("scores", 3, ("score", "justification")),
    "score.remove": _remover("scores", 3),
    "consensus.set": _setter("consensus", 2, ("score", "reason")),
    "consensus.remove": _remover("consensus", 2),
    "conflict.declare": _conflict,
    "conflict.withdraw": _remover("conflicts", 2),
    "document.set": _document,
    "document.remove": _remover(_DOCUMENT_TABLE, 1),
    "evaluation.set": _header,
    "price.set": _setter("price_sheets", 1, ("capex", "opex_per_year", "maintenance_per_year", "years")),
    "gate.set": _setter("gate_results", 2, ("result", "reason")),
    "answer.set": _answer,
    "answer.remove": _remover("compliance_answers", 2),
    "envelope.lock_quality": _lock_quality,
    "envelope.unseal_prices": _unseal,
}


def replay(entries: Iterable[AuditEntry]) -> State:
    """The state the audit log describes; raises ``ReplayError`` for an entry it cannot replay."""
    state: State = {table.name: {} for table in TABLES}
    for entry in entries:
        replayer = _REPLAYERS.get(entry.action)
        if replayer is not None:
            replayer(state, entry)
    return state


def _shown(table: Table, column: str, value: object) -> str:
    if value is None:
        return "empty"
    if column in table.numeric:
        return str(value)
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _named(table: Table, key: Row) -> str:
    return printable(", ".join(f"{label} {value}" for label, value in zip(table.keys, key, strict=True)))


def first_difference(conn: sqlite3.Connection, entries: Iterable[AuditEntry]) -> str | None:
    """The first way the tables differ from the state the audit log describes, in words; None if none."""
    try:
        expected = replay(entries)
    except ReplayError as exc:
        return str(exc)
    actual = table_state(conn)
    for table in TABLES:
        if table.name not in actual:
            continue
        logged, stored = expected[table.name], actual[table.name]
        for key in sorted(set(logged) | set(stored), key=lambda row: [str(part) for part in row]):
            where = f"{table.name}: {_named(table, key)}"
            if key not in logged:
                return f"{where} is in the table but not in the audit log"
            if key not in stored:
                return f"{where} is in the audit log but not in the table"
            for column, in_table, in_log in zip(table.values, stored[key], logged[key], strict=True):
                if in_table != in_log:
                    return (
                        f"{where}: the {column} is {_shown(table, column, in_table)} in the table "
                        f"but {_shown(table, column, in_log)} in the audit log"
                    )
    return None
