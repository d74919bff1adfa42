"""The project file's schema: an ordered list of forward migrations.

The file records its format in ``PRAGMA user_version`` (the number of migrations applied) and
marks itself as a Procure file with ``PRAGMA application_id``. Migration ``i`` (0-based) takes a
file from format ``i`` to ``i + 1``; migrations are only ever appended, never edited, so a file of
any older format is brought forward by running the ones it has not had, each in its own
transaction together with its ``user_version`` bump.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

__all__ = ["APPLICATION_ID", "MIGRATIONS", "Migration", "schema_version"]

APPLICATION_ID = 0x50524F43  # "PROC"

Migration = Callable[[sqlite3.Connection], None]


def _v1_initial(conn: sqlite3.Connection) -> None:
    for statement in _V1_STATEMENTS:
        conn.execute(statement)


# Plain (not STRICT) tables: STRICT needs SQLite 3.37, and a file must open in any Python 3.11 build.
_V1_STATEMENTS = (
    # project meta (name, created) and the audit head (last seq and hash, see audit.py)
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE evaluators (id TEXT PRIMARY KEY, name TEXT NOT NULL)",
    "CREATE TABLE bids (id TEXT PRIMARY KEY, bidder TEXT NOT NULL)",
    # scores are Decimal strings: never floats, so 7.5 stays exactly 7.5
    """CREATE TABLE scores (
        evaluator TEXT NOT NULL REFERENCES evaluators(id),
        bid TEXT NOT NULL REFERENCES bids(id),
        criterion TEXT NOT NULL,
        score TEXT NOT NULL,
        justification TEXT NOT NULL,
        PRIMARY KEY (evaluator, bid, criterion)
    )""",
    # consensus sits beside the individual scores, which are kept unchanged
    """CREATE TABLE consensus (
        bid TEXT NOT NULL REFERENCES bids(id),
        criterion TEXT NOT NULL,
        score TEXT NOT NULL,
        reason TEXT NOT NULL,
        PRIMARY KEY (bid, criterion)
    )""",
    """CREATE TABLE conflicts (
        evaluator TEXT NOT NULL REFERENCES evaluators(id),
        bid TEXT NOT NULL REFERENCES bids(id),
        conflicted INTEGER NOT NULL CHECK (conflicted IN (0, 1)),
        statement TEXT NOT NULL,
        PRIMARY KEY (evaluator, bid)
    )""",
    """CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        time TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        old TEXT,
        new TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    )""",
    # Append-only for honest programs. Anyone with the file can drop these triggers, which is
    # why verify() also walks the hash chain.
    """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
)


def _v2_documents_and_evaluation(conn: sqlite3.Connection) -> None:
    for statement in _V2_STATEMENTS:
        conn.execute(statement)


# Format 2: the tender spec and the evaluation set-up, so a project holds everything its YAML
# files held (see interchange.py). Documents are kept as their exact text; amounts as Decimal text.
_V2_STATEMENTS = (
    # kind: "spec" (tender spec YAML), "spec_lock" (its lock JSON), "rubric" (rubric snapshot YAML)
    "CREATE TABLE documents (kind TEXT PRIMARY KEY, name TEXT NOT NULL, text TEXT NOT NULL)",
    # the evaluation file's header: one row at most
    """CREATE TABLE evaluation (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        title TEXT NOT NULL,
        tender_reference TEXT NOT NULL,
        tender_title TEXT NOT NULL,
        lot TEXT,
        currency TEXT NOT NULL,
        perturbation_percent TEXT NOT NULL,
        draws INTEGER NOT NULL,
        seed INTEGER NOT NULL
    )""",
    "CREATE TABLE evaluator_roles (evaluator TEXT PRIMARY KEY REFERENCES evaluators(id), role TEXT NOT NULL)",
    """CREATE TABLE bid_details (
        bid TEXT PRIMARY KEY REFERENCES bids(id),
        sme INTEGER NOT NULL CHECK (sme IN (0, 1)),
        submitted TEXT
    )""",
    """CREATE TABLE price_sheets (
        bid TEXT PRIMARY KEY REFERENCES bids(id),
        capex TEXT NOT NULL,
        opex_per_year TEXT NOT NULL,
        maintenance_per_year TEXT NOT NULL,
        years INTEGER NOT NULL
    )""",
    """CREATE TABLE gate_results (
        bid TEXT NOT NULL REFERENCES bids(id),
        gate TEXT NOT NULL,
        result TEXT NOT NULL CHECK (result IN ('pass', 'fail')),
        reason TEXT NOT NULL,
        PRIMARY KEY (bid, gate)
    )""",
)


def _v3_envelopes(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE envelope (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            quality_locked_at TEXT,
            quality_locked_by TEXT,
            prices_unsealed_at TEXT,
            prices_unsealed_by TEXT
        )"""
    )
    # Format 3: two envelopes. A file from before held its prices in the open already, so it is
    # brought forward as locked and unsealed (the migration's audit entry records the step).
    if conn.execute("SELECT 1 FROM price_sheets UNION ALL SELECT 1 FROM scores LIMIT 1").fetchone():
        conn.execute(
            "INSERT INTO envelope VALUES (1, 'before format 3', 'schema.migrate', 'before format 3', 'schema.migrate')"
        )


def _v4_compliance_answers(conn: sqlite3.Connection) -> None:
    # Format 4: what each bidder answered per requirement of the tender (imported from the response
    # form): the compliance choice as a code ('' when not stated), the answer and the evidence
    # reference, as the bidder wrote them.
    conn.execute(
        """CREATE TABLE compliance_answers (
            bid TEXT NOT NULL REFERENCES bids(id),
            requirement TEXT NOT NULL,
            compliance TEXT NOT NULL
                CHECK (compliance IN ('', 'complies', 'partially-complies', 'does-not-comply')),
            answer TEXT NOT NULL,
            evidence TEXT NOT NULL,
            PRIMARY KEY (bid, requirement)
        )"""
    )


MIGRATIONS: list[Migration] = [_v1_initial, _v2_documents_and_evaluation, _v3_envelopes, _v4_compliance_answers]


def schema_version() -> int:
    """The newest project format this version of Procure reads and writes."""
    return len(MIGRATIONS)
