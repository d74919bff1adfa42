"""The project file: opening and refusing files, backups, the audit chain, and crash safety."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from procure_app.core.project.store import (
    DamagedProjectError,
    NewerVersionError,
    NotAProjectError,
    ProjectError,
    ProjectStore,
    latest_backup,
    list_backups,
    schema_version,
    verify,
)
from procure_app.core.project.store import schema as store_schema

WORKER = Path(__file__).with_name("crash_worker.py")
REPO = Path(__file__).resolve().parents[2]


def _populated(path: Path, **kwargs: int) -> ProjectStore:
    store = ProjectStore.create(path, "Office cleaning 2025", actor="chair", **kwargs)
    store.add_evaluator("chair", "e1", "Ana")
    store.add_evaluator("chair", "e2", "Ben")
    for bid in ("b1", "b2", "b3"):
        store.add_bid("chair", bid, f"Bidder {bid}")
    return store


def test_create_edit_reopen(tmp_path: Path) -> None:
    path = tmp_path / "tender.procure"
    with _populated(path) as store:
        seq = store.set_score("ana", "e1", "b1", "quality", "7.50", "Clear method statement")
        store.set_score("ben", "e2", "b1", "quality", Decimal("6"), "Thin on staffing")
        store.set_consensus("chair", "b1", "quality", "7", "Panel agreed after discussion")
        store.declare_conflict("ana", "e1", "b2", False, "No links to this bidder")
        store.set_setting("chair", "envelopes", "two")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tender.procure"], "no journal or WAL files left behind"
    with ProjectStore.open(path) as store:
        assert store.name == "Office cleaning 2025"
        assert store.created
        assert store.schema_version() == schema_version()
        assert [(s.evaluator, s.score, s.justification) for s in store.scores()] == [
            ("e1", Decimal("7.50"), "Clear method statement"),
            ("e2", Decimal("6"), "Thin on staffing"),
        ]
        assert [(c.bid, c.score) for c in store.consensus_scores()] == [("b1", Decimal("7"))]
        assert store.conflicts()[0].conflicted is False
        assert store.settings() == {"envelopes": "two"}
        entries = store.audit_entries()
        score_entry = next(e for e in entries if e.seq == seq)
        assert (score_entry.actor, score_entry.action, score_entry.entity) == (
            "ana",
            "score.set",
            "score/e1/b1/quality",
        )
        assert score_entry.old_value is None
        assert score_entry.new_value == {"score": "7.50", "justification": "Clear method statement"}
        store.set_score("ana", "e1", "b1", "quality", "8", "Revised after clarification")
        assert store.audit_entries()[-1].old_value == {"score": "7.50", "justification": "Clear method statement"}
    assert verify(path).ok


def test_refused_edits_change_nothing(tmp_path: Path) -> None:
    with _populated(tmp_path / "t.procure") as store:
        before = len(store.audit_entries())
        with pytest.raises(ProjectError, match="no evaluator 'zz'"):
            store.set_score("ana", "zz", "b1", "quality", "5", "")
        with pytest.raises(ProjectError, match="not a number"):
            store.set_score("ana", "e1", "b1", "quality", "five", "")
        with pytest.raises(ProjectError, match="finite"):
            store.set_score("ana", "e1", "b1", "quality", "NaN", "")
        with pytest.raises(ProjectError, match="reason"):
            store.set_consensus("chair", "b1", "quality", "5", " ")
        with pytest.raises(ProjectError, match="actor"):
            store.set_score("", "e1", "b1", "quality", "5", "")
        assert store.scores() == []
        assert len(store.audit_entries()) == before


def test_create_refuses_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "t.procure"
    path.write_bytes(b"keep me")
    with pytest.raises(ProjectError, match="already exists"):
        ProjectStore.create(path, "x")
    assert path.read_bytes() == b"keep me"


def test_newer_version_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "t.procure"
    ProjectStore.create(path, "x").close()
    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA user_version={schema_version() + 1}")
    raw.close()
    before = path.read_bytes()
    with pytest.raises(NewerVersionError, match="newer version of Procure") as info:
        ProjectStore.open(path)
    assert info.value.file_version == schema_version() + 1
    assert path.read_bytes() == before


def test_older_version_is_migrated_forward_with_an_audit_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "t.procure"
    ProjectStore.create(path, "x").close()

    def add_notes(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")

    base = schema_version()
    monkeypatch.setattr(store_schema, "MIGRATIONS", [*store_schema.MIGRATIONS, add_notes])
    with ProjectStore.open(path, actor="upgrader") as store:
        assert store.schema_version() == base + 1
        assert store.conn.execute("SELECT count(*) FROM notes").fetchone() == (0,)
        last = store.audit_entries()[-1]
        assert (last.action, last.old_value, last.new_value) == (
            "schema.migrate",
            {"format": base},
            {"format": base + 1},
        )
    (backup,) = list_backups(path)
    with sqlite3.connect(backup) as raw:
        assert raw.execute("PRAGMA user_version").fetchone() == (base,), "the backup is the file before migration"
    raw.close()
    assert verify(path).ok


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "not an SQLite database"),
        (b"name: tender\n", "not an SQLite database"),
        (b"PK\x03\x04" + bytes(200), "not an SQLite database"),
    ],
)
def test_not_a_project_is_refused(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "t.procure"
    path.write_bytes(content)
    with pytest.raises(NotAProjectError, match=reason):
        ProjectStore.open(path)
    assert path.read_bytes() == content


def test_other_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.procure"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE t (x)")
    raw.close()
    with pytest.raises(NotAProjectError, match="another program"):
        ProjectStore.open(path)
    with pytest.raises(ProjectError, match="does not exist"):
        ProjectStore.open(tmp_path / "missing.procure")


def test_backups_rotate(tmp_path: Path) -> None:
    path = tmp_path / "t.procure"
    with _populated(path, keep_backups=3) as store:
        made = [store.make_backup() for _ in range(5)]
        assert store.backup_if_due(3600) is None
    assert list_backups(path) == made[-3:]
    assert latest_backup(path) == made[-1]
    with ProjectStore.open(path, keep_backups=3):
        pass  # opening makes a backup too
    backups = list_backups(path)
    assert len(backups) == 3 and backups[-1].name == "t.000006.procure"
    with ProjectStore.open(backups[-1], backup=False) as copy:
        assert copy.bids() == {"b1": "Bidder b1", "b2": "Bidder b2", "b3": "Bidder b3"}


def test_damaged_file_names_the_newest_backup(tmp_path: Path) -> None:
    path = tmp_path / "t.procure"
    with _populated(path) as store:
        for i in range(300):
            store.set_score("ana", "e1", "b1", f"c{i}", str(i), "x" * 50)
        newest = store.make_backup()
        page_size = store.conn.execute("PRAGMA page_size").fetchone()[0]
        page_count = store.conn.execute("PRAGMA page_count").fetchone()[0]
    assert page_count > 10
    data = bytearray(path.read_bytes())
    rng = random.Random(5)
    page = page_count // 2
    start = (page - 1) * page_size
    data[start : start + page_size] = bytes(rng.randrange(256) for _ in range(page_size))
    path.write_bytes(bytes(data))
    with pytest.raises(DamagedProjectError) as info:
        ProjectStore.open(path)
    assert info.value.backup == newest
    assert str(newest) in str(info.value)
    report = verify(path)
    assert not report.ok and report.integrity_problems
    with ProjectStore.open(newest, backup=False) as copy:
        assert len(copy.scores()) == 300


# -- tamper detection ---------------------------------------------------------------------------


def _audited(tmp_path: Path) -> Path:
    path = tmp_path / "t.procure"
    with _populated(path) as store:
        for i in range(5):
            store.set_score("ana", "e1", "b1", "quality", str(i), f"round {i}")
    report = verify(path)
    assert report.ok and report.entries_checked == 11, report.summary()
    return path


def _tamper(path: Path, *statements: str) -> None:
    raw = sqlite3.connect(path)
    raw.execute("DROP TRIGGER audit_no_update")
    raw.execute("DROP TRIGGER audit_no_delete")
    for statement in statements:
        raw.execute(statement)
    raw.commit()
    raw.close()


def test_audit_log_is_append_only_for_honest_programs(tmp_path: Path) -> None:
    path = _audited(tmp_path)
    raw = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        raw.execute("DELETE FROM audit WHERE seq = 3")
    raw.close()


@pytest.mark.parametrize(
    "statements, first_bad, wording",
    [
        (['UPDATE audit SET new = \'{"score":"9"}\' WHERE seq = 8'], 8, "altered"),
        (["UPDATE audit SET actor = 'someone' WHERE seq = 3"], 3, "altered"),
        (["UPDATE audit SET time = '2020-01-01T00:00:00+00:00' WHERE seq = 1"], 1, "altered"),
        (["DELETE FROM audit WHERE seq = 7"], 7, "missing"),
        (["DELETE FROM audit WHERE seq = 11"], 11, "ends at entry 10"),
        (["DELETE FROM audit WHERE seq >= 10", "UPDATE meta SET value = '9' WHERE key = 'audit_head_seq'"], 9, ""),
        (
            [
                "UPDATE audit SET seq = -9 WHERE seq = 9",
                "UPDATE audit SET seq = 9 WHERE seq = 8",
                "UPDATE audit SET seq = 8 WHERE seq = -9",
            ],
            8,
            "does not follow",
        ),
    ],
    ids=["score-changed", "actor-changed", "time-changed", "deleted", "last-deleted", "tail-cut", "reordered"],
)
def test_tampering_is_detected_at_the_first_bad_entry(
    tmp_path: Path, statements: list[str], first_bad: int, wording: str
) -> None:
    path = _audited(tmp_path)
    _tamper(path, *statements)
    report = verify(path)
    assert not report.ok
    assert report.first_bad_entry == first_bad, report.summary()
    assert wording in report.summary()


# -- crash safety -------------------------------------------------------------------------------


def test_edits_reported_committed_survive_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "t.procure"
    _populated(path).close()
    rng = random.Random(20250105)
    reported: list[tuple[int, str, str, str, str]] = []
    for trial in range(12):
        worker = subprocess.Popen(
            [sys.executable, str(WORKER), str(path), str(trial)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
        )
        assert worker.stdout is not None
        wanted = rng.randint(0, 60)  # kill after a random number of committed edits (0: while opening)
        lines: list[str] = []
        while len(lines) < wanted:
            line = worker.stdout.readline()
            if not line:
                break
            lines.append(line)
        worker.send_signal(signal.SIGKILL)
        rest, errors = worker.communicate()
        assert worker.returncode == -signal.SIGKILL, errors
        assert len(lines) == wanted, errors
        lines.extend(rest.splitlines())
        for line in lines:
            number, evaluator, bid, criterion, score = line.split()
            reported.append((int(number), evaluator, bid, criterion, score))

        with ProjectStore.open(path, backup=False) as store:  # opening runs the integrity check
            entries = {entry.seq: entry for entry in store.audit_entries()}
            for seq, evaluator, bid, criterion, score in reported:
                entry = entries[seq]
                assert entry.entity == f"score/{evaluator}/{bid}/{criterion}"
                assert json.loads(entry.new or "null")["score"] == score
            latest: dict[str, str] = {}
            for entry in entries.values():
                if entry.action == "score.set":
                    latest[entry.entity] = json.loads(entry.new or "null")["score"]
            in_table = {f"score/{s.evaluator}/{s.bid}/{s.criterion}": format(s.score, "f") for s in store.scores()}
            assert in_table == latest, "every score in the table matches its newest audit entry"
        report = verify(path)
        assert report.ok, report.summary()
    assert len(reported) >= 8
