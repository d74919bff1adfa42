"""The project file: one SQLite database per procurement, edited one committed change at a time.

Every edit method runs in its own transaction that makes the change and appends its audit entry
(see ``audit.py``), then commits: there is no Save, and a crash loses at most the edit in flight.
Each edit returns its audit sequence number, which identifies it.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import TracebackType
from typing import Self

from ...audit.chain import AuditEntry, ChainProblem, Json, append_entry, read_head, walk_chain
from ...base.atomic import give_usual_mode
from . import schema
from .backup import DEFAULT_KEEP, write_backup
from .connection import connect, is_writable, named_fault, open_checked
from .errors import DamagedProjectError, NewerVersionError, ProjectError, ReadOnlyProjectError
from .replay import first_difference

__all__ = [
    "ProjectStore",
    "Score",
    "ConsensusScore",
    "Conflict",
    "Document",
    "EvaluationHeader",
    "BidDetails",
    "PriceSheetRow",
    "GateRow",
    "ComplianceAnswer",
    "COMPLIANCE_VALUES",
    "VerifyReport",
    "EnvelopeState",
    "PricesSealedError",
    "verify",
]

DOCUMENT_KINDS = ("spec", "spec_lock", "rubric")
# A bidder's compliance with one requirement ('' in the table when the bidder did not say).
COMPLIANCE_VALUES = ("complies", "partially-complies", "does-not-comply")


@dataclass(frozen=True)
class Score:
    evaluator: str
    bid: str
    criterion: str
    score: Decimal
    justification: str


@dataclass(frozen=True)
class ConsensusScore:
    bid: str
    criterion: str
    score: Decimal
    reason: str


@dataclass(frozen=True)
class Conflict:
    evaluator: str
    bid: str
    conflicted: bool
    statement: str


@dataclass(frozen=True)
class Document:
    kind: str  # spec | spec_lock | rubric
    name: str  # the file name it was imported from (and is exported to)
    text: str


@dataclass(frozen=True)
class EvaluationHeader:
    title: str
    tender_reference: str
    tender_title: str
    lot: str | None
    currency: str
    perturbation_percent: Decimal
    draws: int
    seed: int


@dataclass(frozen=True)
class BidDetails:
    bid: str
    sme: bool
    submitted: str | None  # as written in the evaluation file


@dataclass(frozen=True)
class PriceSheetRow:
    bid: str
    capex: Decimal
    opex_per_year: Decimal
    maintenance_per_year: Decimal
    years: int


@dataclass(frozen=True)
class GateRow:
    bid: str
    gate: str
    result: str  # pass | fail
    reason: str


@dataclass(frozen=True)
class ComplianceAnswer:
    """A bidder's answer to one requirement of the tender (key ``R1.2`` or ``V1.2``)."""

    bid: str
    requirement: str
    compliance: str | None  # one of COMPLIANCE_VALUES; None when the bidder did not say
    answer: str
    evidence: str


@dataclass(frozen=True)
class EnvelopeState:
    """The two envelopes: quality scoring is locked, then prices are unsealed (both audited)."""

    quality_locked_at: str | None
    quality_locked_by: str | None
    prices_unsealed_at: str | None
    prices_unsealed_by: str | None

    @property
    def quality_locked(self) -> bool:
        return self.quality_locked_at is not None

    @property
    def prices_sealed(self) -> bool:
        return self.prices_unsealed_at is None


class PricesSealedError(ProjectError):
    """Prices were asked for while the price envelope is still sealed."""


@dataclass(frozen=True)
class VerifyReport:
    path: Path
    integrity_problems: list[str]
    entries_checked: int
    problem: ChainProblem | None
    head_hash: str
    # The first way the tables differ from what the audit log says they hold (None: they agree).
    state_problem: str | None = None
    entries: tuple[AuditEntry, ...] = ()  # the audit log as read, oldest first

    @property
    def ok(self) -> bool:
        return not self.integrity_problems and self.problem is None and self.state_problem is None

    @property
    def first_bad_entry(self) -> int | None:
        return None if self.problem is None else self.problem.seq

    def summary(self) -> str:
        if self.integrity_problems:
            return f"{self.path}: damaged ({self.integrity_problems[0]})"
        if self.problem is not None:
            return f"{self.path}: audit log tampered with: {self.problem.message}"
        if self.state_problem is not None:
            return f"{self.path}: the tables were changed behind the audit log: {self.state_problem}"
        return f"{self.path}: OK, {self.entries_checked} audit entries, newest hash {self.head_hash}"


def _decimal_text(value: Decimal | str | int) -> str:
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        raise ProjectError(f"{value!r} is not a number") from None
    if not number.is_finite():
        raise ProjectError(f"{value!r} is not a finite number")
    return format(number, "f")


def _required(label: str, value: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ProjectError(f"{label} must not be empty")
    return value


class ProjectStore:
    """An open project file. Use ``create`` or ``open``; close it (or use ``with``) when done."""

    def __init__(self, conn: sqlite3.Connection, path: Path, keep_backups: int, *, read_only: bool = False) -> None:
        self._conn: sqlite3.Connection | None = conn
        self.path = path
        self.keep_backups = keep_backups
        self.last_backup_at: float | None = None
        # True when the file or its folder cannot be written: reading, verifying and exporting
        # work, every edit is refused with ReadOnlyProjectError.
        self.read_only = read_only

    # -- opening and closing -------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path | str, name: str, *, actor: str = "system", keep_backups: int = DEFAULT_KEEP) -> Self:
        """Create a new project file at ``path`` (which must not exist) and open it."""
        path = Path(path)
        _required("the project name", name)
        if path.exists():
            raise ProjectError(f"{path} already exists; choose another name or open it")
        folder = path.parent if str(path.parent) else Path(".")
        if folder.exists() and not folder.is_dir():
            raise ProjectError(f"cannot create {path}: {folder} is a file, not a folder; choose another folder")
        if not folder.is_dir():
            raise ProjectError(f"cannot create {path}: the folder {folder} does not exist")
        # Build the file under a temporary name and rename it, so a crash never leaves half a project.
        try:
            handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        except PermissionError:
            raise ProjectError(f"cannot write to {folder}: permission denied; choose another folder") from None
        except OSError as exc:
            fault = named_fault(exc, path)
            raise fault or ProjectError(f"cannot create {path}: {exc.strerror or exc}") from None
        try:
            give_usual_mode(handle, path)  # colleagues on a shared drive can open it, as with any file
        finally:
            os.close(handle)
        temp = Path(temp_name)
        try:
            conn = connect(temp, create=True)
            try:
                conn.execute(f"PRAGMA application_id={schema.APPLICATION_ID}")
                _migrate(conn, 0, actor)
                with _transaction(conn):
                    created = datetime.now(UTC).isoformat(timespec="seconds")
                    conn.executemany(
                        "INSERT INTO meta (key, value) VALUES (?, ?)", (("name", name), ("created", created))
                    )
                    append_entry(conn, actor, "project.create", "project", None, {"name": name, "created": created})
            finally:
                conn.close()
            os.replace(temp, path)
        except PermissionError:
            raise ProjectError(f"cannot write to {folder}: permission denied; choose another folder") from None
        except (OSError, sqlite3.Error) as exc:
            raise named_fault(exc, path) or ProjectError(f"cannot create {path}: {exc}") from None
        finally:
            temp.unlink(missing_ok=True)
        return cls.open(path, actor=actor, keep_backups=keep_backups, backup=False)

    @classmethod
    def open(
        cls, path: Path | str, *, actor: str = "system", keep_backups: int = DEFAULT_KEEP, backup: bool = True
    ) -> Self:
        """Open a project: check integrity, back it up, and bring an older format forward.

        Raises ``NotAProjectError``, ``NewerVersionError``, ``DamagedProjectError`` (which names
        the newest backup to offer instead), ``ForeignSchemaError`` or ``ForeignContentError`` (a
        file Procure did not write, refused before anything is written), ``ProjectInUseError``
        (another program holds it) or ``ReadOnlyProjectError`` (a read-only file of an older
        format). A read-only file of the current format opens with ``read_only`` set and no backup.
        """
        path = Path(path)
        read_only = not is_writable(path)
        conn, version = open_checked(path, read_only=read_only)
        try:
            supported = schema.schema_version()
            if version > supported:
                raise NewerVersionError(path, version, supported)
            if read_only and version < supported:
                raise ReadOnlyProjectError(path, "its older format must be brought forward before it can be opened")
            store = cls(conn, path, keep_backups, read_only=read_only)
            if backup and not read_only:
                store.make_backup()  # before any migration, so the backup is the file as it was
            try:
                _migrate(conn, version, actor)
            except (sqlite3.Error, OSError) as exc:
                raise named_fault(exc, path) or ProjectError(f"cannot bring {path} forward: {exc}") from None
        except BaseException:
            conn.close()
            raise
        return store

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise ProjectError(f"{self.path} is closed")
        return self._conn

    # -- backups -------------------------------------------------------------------------------

    def make_backup(self) -> Path:
        """Write a backup now (rotating out the oldest beyond ``keep_backups``); return its path."""
        target = write_backup(self.conn, self.path, self.keep_backups)
        self.last_backup_at = time.monotonic()
        return target

    def backup_if_due(self, interval_seconds: float) -> Path | None:
        """Back up if the last backup is older than ``interval_seconds`` (call it from a timer).

        A read-only project is never backed up: nothing can change it from here.
        """
        if self.read_only:
            return None
        if self.last_backup_at is not None and time.monotonic() - self.last_backup_at < interval_seconds:
            return None
        return self.make_backup()

    # -- reading -------------------------------------------------------------------------------

    @property
    def name(self) -> str:
        return self._meta("name")

    @property
    def created(self) -> str:
        return self._meta("created")

    @property
    def project_id(self) -> str:
        """A stable identity for this procurement: the hash of its first audit entry.

        That entry records the name and the creation time to the microsecond, and the chain
        protects it, so two projects never share an id and nobody can change it unnoticed.
        """
        row = self.conn.execute("SELECT hash FROM audit WHERE seq = 1").fetchone()
        return "" if row is None else str(row[0])[:32]

    def _meta(self, key: str) -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return "" if row is None else str(row[0])

    def schema_version(self) -> int:
        version: int = self.conn.execute("PRAGMA user_version").fetchone()[0]
        return version

    def settings(self) -> dict[str, str]:
        return {str(k): str(v) for k, v in self.conn.execute("SELECT key, value FROM settings ORDER BY key")}

    def evaluators(self) -> dict[str, str]:
        return {str(k): str(v) for k, v in self.conn.execute("SELECT id, name FROM evaluators ORDER BY id")}

    def bids(self) -> dict[str, str]:
        return {str(k): str(v) for k, v in self.conn.execute("SELECT id, bidder FROM bids ORDER BY id")}

    def scores(self) -> list[Score]:
        rows = self.conn.execute(
            "SELECT evaluator, bid, criterion, score, justification FROM scores ORDER BY evaluator, bid, criterion"
        )
        return [Score(e, b, c, Decimal(s), j) for e, b, c, s, j in rows]

    def consensus_scores(self) -> list[ConsensusScore]:
        rows = self.conn.execute("SELECT bid, criterion, score, reason FROM consensus ORDER BY bid, criterion")
        return [ConsensusScore(b, c, Decimal(s), r) for b, c, s, r in rows]

    def conflicts(self) -> list[Conflict]:
        rows = self.conn.execute("SELECT evaluator, bid, conflicted, statement FROM conflicts ORDER BY evaluator, bid")
        return [Conflict(e, b, bool(c), s) for e, b, c, s in rows]

    def audit_entries(self) -> list[AuditEntry]:
        return _audit_rows(self.conn)

    def document(self, kind: str) -> Document | None:
        row = self.conn.execute("SELECT name, text FROM documents WHERE kind = ?", (kind,)).fetchone()
        return None if row is None else Document(kind, str(row[0]), str(row[1]))

    def evaluation_header(self) -> EvaluationHeader | None:
        row = self.conn.execute(
            "SELECT title, tender_reference, tender_title, lot, currency, perturbation_percent, draws, seed "
            "FROM evaluation WHERE id = 1"
        ).fetchone()
        if row is None:
            return None
        title, reference, tender_title, lot, currency, percent, draws, seed = row
        return EvaluationHeader(title, reference, tender_title, lot, currency, Decimal(percent), int(draws), int(seed))

    def evaluator_roles(self) -> dict[str, str]:
        rows = self.conn.execute("SELECT evaluator, role FROM evaluator_roles ORDER BY evaluator")
        return {str(k): str(v) for k, v in rows}

    def bid_details(self) -> list[BidDetails]:
        rows = self.conn.execute("SELECT bid, sme, submitted FROM bid_details ORDER BY bid")
        return [BidDetails(b, bool(sme), submitted) for b, sme, submitted in rows]

    def envelope(self) -> EnvelopeState:
        row = self.conn.execute(
            "SELECT quality_locked_at, quality_locked_by, prices_unsealed_at, prices_unsealed_by FROM envelope"
        ).fetchone()
        return EnvelopeState(None, None, None, None) if row is None else EnvelopeState(*row)

    def price_sheet_count(self) -> int:
        """How many price sheets the project holds (readable while they are sealed)."""
        count: int = self.conn.execute("SELECT COUNT(*) FROM price_sheets").fetchone()[0]
        return count

    def price_sheets(self) -> list[PriceSheetRow]:
        """The price sheets; raises ``PricesSealedError`` while the price envelope is sealed."""
        if self.envelope().prices_sealed:
            raise PricesSealedError(
                f"{self.path}: prices are sealed until quality scoring is locked and the prices are unsealed"
            )
        return self.price_sheets_unsealed()

    def price_sheets_unsealed(self) -> list[PriceSheetRow]:
        """The price sheets whatever the envelope says: for the store itself and for undo only."""
        rows = self.conn.execute(
            "SELECT bid, capex, opex_per_year, maintenance_per_year, years FROM price_sheets ORDER BY bid"
        )
        return [PriceSheetRow(b, Decimal(c), Decimal(o), Decimal(m), int(y)) for b, c, o, m, y in rows]

    def gate_results(self) -> list[GateRow]:
        rows = self.conn.execute("SELECT bid, gate, result, reason FROM gate_results ORDER BY bid, gate")
        return [GateRow(b, g, r, why) for b, g, r, why in rows]

    def compliance_answers(self, bid: str | None = None) -> list[ComplianceAnswer]:
        """The bidders' answers per requirement (of one bid, or of all), in bid and stored order."""
        query = "SELECT bid, requirement, compliance, answer, evidence FROM compliance_answers"
        rows = self.conn.execute(
            query + (" WHERE bid = ? ORDER BY rowid" if bid is not None else " ORDER BY bid, rowid"),
            () if bid is None else (bid,),
        )
        return [ComplianceAnswer(b, r, c or None, a, e) for b, r, c, a, e in rows]

    # -- editing: each call is one committed transaction with its audit entry ------------------

    def set_setting(self, actor: str, key: str, value: str) -> int:
        _required("the setting name", key)
        with self._edit() as conn:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
            return self._audit(actor, "setting.set", f"setting/{key}", None if row is None else row[0], value)

    def add_evaluator(self, actor: str, evaluator_id: str, name: str, *, role: str = "") -> int:
        _required("the evaluator id", evaluator_id)
        _required("the evaluator name", name)
        with self._edit() as conn:
            if conn.execute("SELECT 1 FROM evaluators WHERE id = ?", (evaluator_id,)).fetchone():
                raise ProjectError(f"there is already an evaluator {evaluator_id!r}")
            conn.execute("INSERT INTO evaluators (id, name) VALUES (?, ?)", (evaluator_id, name))
            new: dict[str, Json] = {"name": name}
            if role:
                conn.execute("INSERT INTO evaluator_roles (evaluator, role) VALUES (?, ?)", (evaluator_id, role))
                new["role"] = role
            return self._audit(actor, "evaluator.add", f"evaluator/{evaluator_id}", None, new)

    def add_bid(self, actor: str, bid_id: str, bidder: str) -> int:
        _required("the bid id", bid_id)
        _required("the bidder", bidder)
        with self._edit() as conn:
            if conn.execute("SELECT 1 FROM bids WHERE id = ?", (bid_id,)).fetchone():
                raise ProjectError(f"there is already a bid {bid_id!r}")
            conn.execute("INSERT INTO bids (id, bidder) VALUES (?, ?)", (bid_id, bidder))
            return self._audit(actor, "bid.add", f"bid/{bid_id}", None, {"bidder": bidder})

    def set_score(
        self, actor: str, evaluator: str, bid: str, criterion: str, score: Decimal | str | int, justification: str
    ) -> int:
        """Record (or change) one evaluator's score of one bid on one criterion."""
        text = _decimal_text(score)
        _required("the criterion", criterion)
        with self._edit() as conn:
            self._refuse_if_locked("scores")
            self._require(conn, "evaluators", evaluator, "evaluator")
            self._require(conn, "bids", bid, "bid")
            row = conn.execute(
                "SELECT score, justification FROM scores WHERE evaluator = ? AND bid = ? AND criterion = ?",
                (evaluator, bid, criterion),
            ).fetchone()
            conn.execute(
                "INSERT INTO scores (evaluator, bid, criterion, score, justification) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(evaluator, bid, criterion) DO UPDATE SET score = excluded.score, "
                "justification = excluded.justification",
                (evaluator, bid, criterion, text, justification),
            )
            old: Json = None if row is None else {"score": row[0], "justification": row[1]}
            new: Json = {"score": text, "justification": justification}
            return self._audit(actor, "score.set", f"score/{evaluator}/{bid}/{criterion}", old, new)

    def set_consensus(self, actor: str, bid: str, criterion: str, score: Decimal | str | int, reason: str) -> int:
        """Record the panel's consensus score; the individual scores stay as they are."""
        text = _decimal_text(score)
        _required("the criterion", criterion)
        _required("the reason for the consensus score", reason)
        with self._edit() as conn:
            self._refuse_if_locked("consensus scores")
            self._require(conn, "bids", bid, "bid")
            row = conn.execute(
                "SELECT score, reason FROM consensus WHERE bid = ? AND criterion = ?", (bid, criterion)
            ).fetchone()
            conn.execute(
                "INSERT INTO consensus (bid, criterion, score, reason) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(bid, criterion) DO UPDATE SET score = excluded.score, reason = excluded.reason",
                (bid, criterion, text, reason),
            )
            old: Json = None if row is None else {"score": row[0], "reason": row[1]}
            return self._audit(
                actor, "consensus.set", f"consensus/{bid}/{criterion}", old, {"score": text, "reason": reason}
            )

    def declare_conflict(self, actor: str, evaluator: str, bid: str, conflicted: bool, statement: str) -> int:
        """Record an evaluator's conflict-of-interest declaration about one bid."""
        with self._edit() as conn:
            self._refuse_if_locked("conflict declarations")
            self._require(conn, "evaluators", evaluator, "evaluator")
            self._require(conn, "bids", bid, "bid")
            row = conn.execute(
                "SELECT conflicted, statement FROM conflicts WHERE evaluator = ? AND bid = ?", (evaluator, bid)
            ).fetchone()
            conn.execute(
                "INSERT INTO conflicts (evaluator, bid, conflicted, statement) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(evaluator, bid) DO UPDATE SET conflicted = excluded.conflicted, "
                "statement = excluded.statement",
                (evaluator, bid, int(conflicted), statement),
            )
            old: Json = None if row is None else {"conflicted": bool(row[0]), "statement": row[1]}
            new: Json = {"conflicted": conflicted, "statement": statement}
            return self._audit(actor, "conflict.declare", f"conflict/{evaluator}/{bid}", old, new)

    def withdraw_declaration(self, actor: str, evaluator: str, bid: str) -> int | None:
        """Take back a declaration about one bid (an undo); None, with no audit entry, when there was none."""
        with self._edit() as conn:
            self._refuse_if_locked("conflict declarations")
            row = conn.execute(
                "SELECT conflicted, statement FROM conflicts WHERE evaluator = ? AND bid = ?", (evaluator, bid)
            ).fetchone()
            if row is None:
                return None
            conn.execute("DELETE FROM conflicts WHERE evaluator = ? AND bid = ?", (evaluator, bid))
            old: Json = {"conflicted": bool(row[0]), "statement": row[1]}
            return self._audit(actor, "conflict.withdraw", f"conflict/{evaluator}/{bid}", old, None)

    def set_document(self, actor: str, kind: str, name: str, text: str) -> int:
        """Keep a document (tender spec, its lock, the rubric snapshot) as its exact text."""
        if kind not in DOCUMENT_KINDS:
            raise ProjectError(f"unknown document kind {kind!r} (known: {', '.join(DOCUMENT_KINDS)})")
        _required("the document name", name)
        with self._edit() as conn:
            row = conn.execute("SELECT name, text FROM documents WHERE kind = ?", (kind,)).fetchone()
            conn.execute(
                "INSERT INTO documents (kind, name, text) VALUES (?, ?, ?) "
                "ON CONFLICT(kind) DO UPDATE SET name = excluded.name, text = excluded.text",
                (kind, name, text),
            )
            old: Json = None if row is None else _document_summary(row[0], row[1])
            return self._audit(actor, "document.set", f"document/{kind}", old, _document_summary(name, text))

    def remove_document(self, actor: str, kind: str) -> int | None:
        """Remove a document; None (and no audit entry) when there was none."""
        with self._edit() as conn:
            row = conn.execute("SELECT name, text FROM documents WHERE kind = ?", (kind,)).fetchone()
            if row is None:
                return None
            conn.execute("DELETE FROM documents WHERE kind = ?", (kind,))
            return self._audit(actor, "document.remove", f"document/{kind}", _document_summary(row[0], row[1]), None)

    def set_evaluation_header(self, actor: str, header: EvaluationHeader) -> int:
        _required("the evaluation title", header.title)
        percent = _decimal_text(header.perturbation_percent)
        values = (
            header.title,
            header.tender_reference,
            header.tender_title,
            header.lot,
            header.currency,
            percent,
            header.draws,
            header.seed,
        )
        with self._edit() as conn:
            before = self.evaluation_header()
            conn.execute(
                "INSERT INTO evaluation (id, title, tender_reference, tender_title, lot, currency, "
                "perturbation_percent, draws, seed) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET title = excluded.title, tender_reference = excluded.tender_reference, "
                "tender_title = excluded.tender_title, lot = excluded.lot, currency = excluded.currency, "
                "perturbation_percent = excluded.perturbation_percent, draws = excluded.draws, seed = excluded.seed",
                values,
            )
            old: Json = None if before is None else _header_json(before)
            return self._audit(actor, "evaluation.set", "evaluation", old, _header_json(header))

    def set_bid_details(self, actor: str, bid: str, *, sme: bool, submitted: str | None) -> int:
        """Record whether a bidder is an SME and when the bid was submitted (as written)."""
        with self._edit() as conn:
            self._require(conn, "bids", bid, "bid")
            row = conn.execute("SELECT sme, submitted FROM bid_details WHERE bid = ?", (bid,)).fetchone()
            conn.execute(
                "INSERT INTO bid_details (bid, sme, submitted) VALUES (?, ?, ?) "
                "ON CONFLICT(bid) DO UPDATE SET sme = excluded.sme, submitted = excluded.submitted",
                (bid, int(sme), submitted),
            )
            old: Json = None if row is None else {"sme": bool(row[0]), "submitted": row[1]}
            return self._audit(actor, "bid.details", f"bid/{bid}", old, {"sme": sme, "submitted": submitted})

    def set_price_sheet(
        self,
        actor: str,
        bid: str,
        *,
        capex: Decimal | str | int,
        opex_per_year: Decimal | str | int = 0,
        maintenance_per_year: Decimal | str | int = 0,
        years: int = 1,
    ) -> int:
        amounts = [_decimal_text(capex), _decimal_text(opex_per_year), _decimal_text(maintenance_per_year)]
        if any(Decimal(amount) < 0 for amount in amounts):
            raise ProjectError("a price sheet amount must not be below 0")
        if not isinstance(years, int) or years < 1:
            raise ProjectError("the years of a price sheet must be a whole number of 1 or more")
        with self._edit() as conn:
            self._require(conn, "bids", bid, "bid")
            row = conn.execute(
                "SELECT capex, opex_per_year, maintenance_per_year, years FROM price_sheets WHERE bid = ?", (bid,)
            ).fetchone()
            conn.execute(
                "INSERT INTO price_sheets (bid, capex, opex_per_year, maintenance_per_year, years) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(bid) DO UPDATE SET capex = excluded.capex, "
                "opex_per_year = excluded.opex_per_year, maintenance_per_year = excluded.maintenance_per_year, "
                "years = excluded.years",
                (bid, *amounts, years),
            )
            keys = ("capex", "opex_per_year", "maintenance_per_year", "years")
            old: Json = None if row is None else dict(zip(keys, row, strict=True))
            new: Json = dict(zip(keys, [*amounts, years], strict=True))
            return self._audit(actor, "price.set", f"price/{bid}", old, new)

    def set_gate_result(self, actor: str, bid: str, gate: str, result: str, reason: str) -> int:
        _required("the gate", gate)
        if result not in ("pass", "fail"):
            raise ProjectError(f"a gate result is pass or fail, not {result!r}")
        if result == "fail":
            _required("the reason for a failed gate", reason)
        with self._edit() as conn:
            self._refuse_if_locked("gate results")
            self._require(conn, "bids", bid, "bid")
            row = conn.execute(
                "SELECT result, reason FROM gate_results WHERE bid = ? AND gate = ?", (bid, gate)
            ).fetchone()
            conn.execute(
                "INSERT INTO gate_results (bid, gate, result, reason) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(bid, gate) DO UPDATE SET result = excluded.result, reason = excluded.reason",
                (bid, gate, result, reason),
            )
            old: Json = None if row is None else {"result": row[0], "reason": row[1]}
            return self._audit(actor, "gate.set", f"gate/{bid}/{gate}", old, {"result": result, "reason": reason})

    def set_compliance_answer(
        self, actor: str, bid: str, requirement: str, *, compliance: str | None, answer: str, evidence: str
    ) -> int:
        """Record (or change) a bidder's answer to one requirement; refused once quality scoring is locked."""
        _required("the requirement", requirement)
        if compliance is not None and compliance not in COMPLIANCE_VALUES:
            raise ProjectError(f"compliance is one of {', '.join(COMPLIANCE_VALUES)}, not {compliance!r}")
        with self._edit() as conn:
            self._refuse_if_locked("compliance answers")
            self._require(conn, "bids", bid, "bid")
            row = conn.execute(
                "SELECT compliance, answer, evidence FROM compliance_answers WHERE bid = ? AND requirement = ?",
                (bid, requirement),
            ).fetchone()
            conn.execute(
                "INSERT INTO compliance_answers (bid, requirement, compliance, answer, evidence) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(bid, requirement) DO UPDATE SET compliance = excluded.compliance, "
                "answer = excluded.answer, evidence = excluded.evidence",
                (bid, requirement, compliance or "", answer, evidence),
            )
            old: Json = None if row is None else _answer_json(row[0] or None, row[1], row[2])
            new = _answer_json(compliance, answer, evidence)
            return self._audit(actor, "answer.set", f"answer/{bid}/{requirement}", old, new)

    def remove_compliance_answer(self, actor: str, bid: str, requirement: str) -> int | None:
        """Remove a bidder's answer to one requirement; None, with no audit entry, when there was none."""
        with self._edit() as conn:
            self._refuse_if_locked("compliance answers")
            row = conn.execute(
                "SELECT compliance, answer, evidence FROM compliance_answers WHERE bid = ? AND requirement = ?",
                (bid, requirement),
            ).fetchone()
            if row is None:
                return None
            conn.execute("DELETE FROM compliance_answers WHERE bid = ? AND requirement = ?", (bid, requirement))
            old: Json = _answer_json(row[0] or None, row[1], row[2])
            return self._audit(actor, "answer.remove", f"answer/{bid}/{requirement}", old, None)

    def lock_quality(self, actor: str, *, details: dict[str, Json] | None = None) -> int:
        """Close quality scoring: scores, consensus, conflicts and gates can no longer change.

        ``details`` go into the audit entry (e.g. that the lock was forced with scores missing).
        """
        with self._edit() as conn:
            state = self.envelope()
            if state.quality_locked:
                raise ProjectError(f"quality scoring was already locked on {state.quality_locked_at}")
            now = datetime.now(UTC).isoformat(timespec="seconds")
            conn.execute(
                "INSERT INTO envelope (id, quality_locked_at, quality_locked_by) VALUES (1, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET quality_locked_at = excluded.quality_locked_at, "
                "quality_locked_by = excluded.quality_locked_by",
                (now, actor),
            )
            return self._audit(actor, "envelope.lock_quality", "envelope", None, {"locked_at": now, **(details or {})})

    def unseal_prices(self, actor: str) -> int:
        """Open the price envelope; only after quality scoring is locked, and only once."""
        with self._edit() as conn:
            state = self.envelope()
            if not state.quality_locked:
                raise ProjectError("prices stay sealed until quality scoring is locked; lock the quality scores first")
            if not state.prices_sealed:
                raise ProjectError(f"prices were already unsealed on {state.prices_unsealed_at}")
            now = datetime.now(UTC).isoformat(timespec="seconds")
            conn.execute(
                "UPDATE envelope SET prices_unsealed_at = ?, prices_unsealed_by = ? WHERE id = 1", (now, actor)
            )
            count = self.price_sheet_count()
            return self._audit(
                actor, "envelope.unseal_prices", "envelope", None, {"unsealed_at": now, "price_sheets": count}
            )

    def remove_score(self, actor: str, evaluator: str, bid: str, criterion: str) -> int | None:
        """Remove one score (undoing its first entry); None, with no audit entry, when there was none."""
        with self._edit() as conn:
            self._refuse_if_locked("scores")
            row = conn.execute(
                "SELECT score, justification FROM scores WHERE evaluator = ? AND bid = ? AND criterion = ?",
                (evaluator, bid, criterion),
            ).fetchone()
            if row is None:
                return None
            conn.execute(
                "DELETE FROM scores WHERE evaluator = ? AND bid = ? AND criterion = ?", (evaluator, bid, criterion)
            )
            old: Json = {"score": row[0], "justification": row[1]}
            return self._audit(actor, "score.remove", f"score/{evaluator}/{bid}/{criterion}", old, None)

    def remove_consensus(self, actor: str, bid: str, criterion: str) -> int | None:
        """Remove a consensus score; None, with no audit entry, when there was none."""
        with self._edit() as conn:
            self._refuse_if_locked("consensus scores")
            row = conn.execute(
                "SELECT score, reason FROM consensus WHERE bid = ? AND criterion = ?", (bid, criterion)
            ).fetchone()
            if row is None:
                return None
            conn.execute("DELETE FROM consensus WHERE bid = ? AND criterion = ?", (bid, criterion))
            old: Json = {"score": row[0], "reason": row[1]}
            return self._audit(actor, "consensus.remove", f"consensus/{bid}/{criterion}", old, None)

    def record_import(self, actor: str, kind: str, entity: str, details: dict[str, Json]) -> int:
        """An audit entry for a file imported from outside (what, from which file, its SHA-256)."""
        _required("the import kind", kind)
        with self._edit():
            return self._audit(actor, f"import.{kind}", entity, None, details)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group several edits into one transaction: all of them are committed, or none.

        Each edit inside still appends its own audit entry; the entries commit together.
        """
        self._refuse_if_read_only()
        with self._faults_named(), _transaction(self.conn):
            yield

    # -- helpers -------------------------------------------------------------------------------

    @contextmanager
    def _edit(self) -> Iterator[sqlite3.Connection]:
        if self.conn.in_transaction:  # inside batch(): the batch commits or rolls back
            yield self.conn
            return
        self._refuse_if_read_only()
        with self._faults_named(), _transaction(self.conn) as conn:
            yield conn

    @contextmanager
    def _faults_named(self) -> Iterator[None]:
        """Turn a busy file, a read-only file or a full disk into the user's words (after the rollback)."""
        try:
            yield
        except (sqlite3.Error, OSError) as exc:
            fault = named_fault(exc, self.path)
            if fault is None:
                raise
            raise fault from None

    def _refuse_if_read_only(self) -> None:
        if self.read_only:
            raise ReadOnlyProjectError(self.path)

    def _audit(self, actor: str, action: str, entity: str, old: Json, new: Json) -> int:
        _required("the actor", actor)
        return append_entry(self.conn, actor, action, entity, old, new).seq

    def _refuse_if_locked(self, what: str) -> None:
        state = self.envelope()
        if state.quality_locked:
            raise ProjectError(
                f"quality scoring was locked on {state.quality_locked_at} by {state.quality_locked_by}; "
                f"{what} can no longer change"
            )

    @staticmethod
    def _require(conn: sqlite3.Connection, table: str, key: str, label: str) -> None:
        if conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (key,)).fetchone() is None:
            raise ProjectError(f"there is no {label} {key!r} in this project")


def _document_summary(name: str, text: str) -> Json:
    """A document in the audit log: its name, size and SHA-256 (the text itself is in the table)."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return {"name": name, "chars": len(text), "sha256": digest}


def _answer_json(compliance: str | None, answer: str, evidence: str) -> Json:
    return {"compliance": compliance, "answer": answer, "evidence": evidence}


def _header_json(header: EvaluationHeader) -> Json:
    return {
        "title": header.title,
        "tender_reference": header.tender_reference,
        "tender_title": header.tender_title,
        "lot": header.lot,
        "currency": header.currency,
        "perturbation_percent": _decimal_text(header.perturbation_percent),
        "draws": header.draws,
        "seed": header.seed,
    }


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK if anything in between fails."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        # SQLite may have rolled back already (a full disk, say): a second ROLLBACK would fail
        # and hide the real error.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _migrate(conn: sqlite3.Connection, version: int, actor: str) -> None:
    """Run the migrations after ``version``, each with its version bump in one transaction."""
    for number, migration in enumerate(schema.MIGRATIONS[version:], start=version + 1):
        with _transaction(conn):
            migration(conn)
            conn.execute(f"PRAGMA user_version={number}")
            if version > 0:  # an existing file brought forward (a new file's history starts at create)
                append_entry(conn, actor, "schema.migrate", "project", {"format": number - 1}, {"format": number})


def _audit_rows(conn: sqlite3.Connection) -> list[AuditEntry]:
    rows = conn.execute("SELECT seq, time, actor, action, entity, old, new, prev_hash, hash FROM audit ORDER BY seq")
    return [AuditEntry(*row) for row in rows]


def verify(path: Path | str) -> VerifyReport:
    """Check a project file: SQLite integrity, its schema, the audit hash chain, and that the tables
    hold exactly what the audit log says (no backup, no migration).

    A damaged file or tables changed behind the log are reported (not raised); a file that is not
    a project, or holds objects Procure did not create, still raises.
    """
    path = Path(path)

    try:
        # Read-write when possible, though verify only reads: after a crash SQLite must roll back
        # a leftover journal first, which a read-only connection cannot do (it would look like damage).
        conn, version = open_checked(path, read_only=not is_writable(path))
    except DamagedProjectError as exc:
        return VerifyReport(path, exc.details, 0, None, "")
    try:
        supported = schema.schema_version()
        if version > supported:
            raise NewerVersionError(path, version, supported)
        head_seq, head_hash = read_head(conn)
        entries = _audit_rows(conn)
        checked, problem = walk_chain(entries, head_seq, head_hash)
        state_problem = first_difference(conn, entries) if problem is None else None
    finally:
        conn.close()
    return VerifyReport(path, [], checked, problem, head_hash, state_problem, tuple(entries))
