"""Checking a project file from outside before anything is done with it.

A ``.procure`` file may come by e-mail from anyone, so it is untrusted input. SQLite runs the
triggers a file carries on our own writes and evaluates its views and generated columns on our
reads, so a file is only used when its schema is exactly the one Procure creates for the format it
claims (``PRAGMA user_version``): the same tables, indexes and triggers with the same definitions,
and nothing else. The expected schema is not written down twice: it is made by running the same
migrations on an empty in-memory database. Values are then checked for the types and forms Procure
writes (a score is a decimal number stored as text, a flag an integer), so that a file edited by
hand is refused with the place named instead of failing later.
"""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from . import schema
from .errors import ForeignContentError, ForeignSchemaError

__all__ = ["check_format", "check_schema", "check_values", "expected_schema"]

SchemaObject = tuple[str, str, str, str]  # type, name, table, definition (whitespace collapsed)

# Columns holding decimal numbers as text (see schema.py): each must read back as a finite number.
DECIMAL_COLUMNS = {
    "scores": ("score",),
    "consensus": ("score",),
    "price_sheets": ("capex", "opex_per_year", "maintenance_per_year"),
    "evaluation": ("perturbation_percent",),
}
# Columns holding JSON (the audit log's old and new values): each must parse when present.
JSON_COLUMNS = {"audit": ("old", "new")}
# What SQLite's typeof() may say for a column of each declared type (NULL only where allowed).
STORAGE_CLASSES = {"TEXT": "text", "INTEGER": "integer"}
# The audit log's append-only guards: anyone with the file can drop them, and the hash chain catches
# what they would have stopped, so a file without them still opens (and ``verify`` reports the edits).
GUARD_TRIGGERS = frozenset({("trigger", "audit_no_update"), ("trigger", "audit_no_delete")})
# Hostile values are quoted in messages: only their start.
QUOTE_LIMIT = 40


def _normalised(sql: str | None) -> str:
    return " ".join((sql or "").split())


def _objects(conn: sqlite3.Connection) -> frozenset[SchemaObject]:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
    return frozenset((str(kind), str(name), str(table), _normalised(sql)) for kind, name, table, sql in rows)


def expected_schema(version: int) -> frozenset[SchemaObject]:
    """The schema objects a Procure file of format ``version`` holds (made by the migrations)."""
    return _schema_made_by(tuple(schema.MIGRATIONS[:version]))


@lru_cache(maxsize=16)
def _schema_made_by(migrations: tuple[schema.Migration, ...]) -> frozenset[SchemaObject]:
    conn = sqlite3.connect(":memory:")
    try:
        for migration in migrations:
            migration(conn)
        return _objects(conn)
    finally:
        conn.close()


def check_format(path: Path, version: int) -> None:
    """Refuse a format number Procure never wrote (0 is an empty file, negatives do not exist)."""
    if version < 1:
        raise ForeignSchemaError(path, f"claims project format {version}, which no version of Procure writes")


def check_schema(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """Refuse a file whose schema is not exactly the one Procure creates for format ``version``."""
    expected = expected_schema(version)
    found = _objects(conn)
    extra = sorted(found - expected, key=lambda item: (item[0], item[1]))
    missing = sorted(expected - found, key=lambda item: (item[0], item[1]))
    missing_names = {(kind, name) for kind, name, _table, _sql in missing}
    found_names = {(kind, name) for kind, name, _table, _sql in found}
    missing = [item for item in missing if (item[0], item[1]) in found_names or item[:2] not in GUARD_TRIGGERS]
    changed = [item for item in extra if (item[0], item[1]) in missing_names]
    if changed:
        kind, name = changed[0][0], changed[0][1]
        raise ForeignSchemaError(path, f"contains a {kind} Procure did not create ({kind} {name} was changed)")
    if extra:
        kind, name = extra[0][0], extra[0][1]
        raise ForeignSchemaError(path, f"contains database objects Procure did not create ({kind} {name})")
    if missing:
        kind, name = missing[0][0], missing[0][1]
        raise ForeignSchemaError(
            path, f"lacks database objects Procure creates for project format {version} ({kind} {name} is missing)"
        )


def _quoted(value: object) -> str:
    text = repr(value)
    return text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1] + "…"


def _columns(conn: sqlite3.Connection, table: str) -> list[tuple[str, str, bool, int]]:
    """Each column's name, declared type, whether it may be NULL, and its place in the primary key."""
    rows = conn.execute(f'PRAGMA table_info("{table}")')
    return [(str(name), str(declared).upper(), not notnull, int(pk)) for _cid, name, declared, notnull, _d, pk in rows]


def _place(table: str, key_names: list[str], key: tuple[object, ...]) -> str:
    if not key_names:
        return f"table {table}"
    described = ", ".join(f"{name} {_quoted(value)}" for name, value in zip(key_names, key, strict=True))
    return f"table {table}, {described}"


def check_values(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a value of a type or form Procure never writes, naming the table, the row and the column.

    Runs on a file whose schema already passed :func:`check_schema`, so every table is known. The
    work is one pass over each table.
    """
    tables = [str(row[0]) for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    for table in tables:
        columns = _columns(conn, table)
        key_names = [name for name, _declared, _nullable, pk in sorted(columns, key=lambda c: c[3]) if pk]
        key_sql = ", ".join(f'"{name}"' for name in key_names) or "rowid"
        for name, declared, nullable, _pk in columns:
            storage = STORAGE_CLASSES.get(declared)
            if storage is None:
                continue
            allowed = (storage, "null") if nullable else (storage,)
            marks = ", ".join("?" for _ in allowed)
            row = conn.execute(
                f'SELECT {key_sql}, "{name}", typeof("{name}") FROM "{table}" '
                f'WHERE typeof("{name}") NOT IN ({marks}) LIMIT 1',
                allowed,
            ).fetchone()
            if row is not None:
                place = _place(table, key_names, tuple(row[: len(key_names)]))
                raise ForeignContentError(
                    path, f"{place}: the {name} {_quoted(row[-2])} is stored as {row[-1]}, not {storage}"
                )
        checks = [(name, _is_finite_number, "is not a number") for name in DECIMAL_COLUMNS.get(table, ())]
        checks += [(name, _is_json, "is not a value Procure records") for name in JSON_COLUMNS.get(table, ())]
        for name, sound, complaint in checks:
            for row in conn.execute(f'SELECT {key_sql}, "{name}" FROM "{table}" WHERE "{name}" IS NOT NULL'):
                if not sound(row[-1]):
                    place = _place(table, key_names, tuple(row[: len(key_names)]))
                    raise ForeignContentError(path, f"{place}: the {name} {_quoted(row[-1])} {complaint}")


def _is_json(value: object) -> bool:
    try:
        json.loads(str(value))
    except ValueError:
        return False
    return True


def _is_finite_number(value: object) -> bool:
    try:
        return Decimal(str(value).strip()).is_finite()
    except InvalidOperation:
        return False
