"""`procure project verify` on a sound, a tampered and a foreign file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from procure_app.cli import main
from procure_app.core.store import ProjectStore


def _project(tmp_path: Path) -> Path:
    path = tmp_path / "tender.procure"
    with ProjectStore.create(path, "Urban data platform") as store:
        store.add_evaluator("chair", "ana", "Ana Ruiz")
        store.add_bid("chair", "bid-a", "Civic Stack Cooperative Ltd")
        store.set_score("ana", "ana", "bid-a", "open-interfaces", 4, "Documented OpenAPI for every function.")
    return path


def test_a_sound_project_verifies(tmp_path: Path, capsys) -> None:
    path = _project(tmp_path)
    assert main(["project", "verify", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{path}: OK,") and "audit entries" in out


def test_an_edited_audit_entry_fails_verification_naming_it(tmp_path: Path, capsys) -> None:
    path = _project(tmp_path)
    connection = sqlite3.connect(path)
    triggers = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]
    for trigger in triggers:
        connection.execute(f'DROP TRIGGER "{trigger}"')
    table = next(
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'") if "audit" in row[0]
    )
    connection.execute(f'UPDATE "{table}" SET actor = ? WHERE rowid = (SELECT MAX(rowid) FROM "{table}")', ("mallory",))
    connection.commit()
    connection.close()
    assert main(["project", "verify", str(path)]) == 1
    assert "audit log tampered with" in capsys.readouterr().out


def test_a_file_that_is_not_a_project_is_refused_in_one_line(tmp_path: Path, capsys) -> None:
    path = tmp_path / "notes.procure"
    path.write_text("not a database", encoding="utf-8")
    assert main(["project", "verify", str(path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("procure: ")
