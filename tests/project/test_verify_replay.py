"""`procure project verify` replays the audit log and names the first table changed behind its back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from procure_app.cli import main
from procure_app.core.project.store import ProjectStore, verify

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_EVAL = REPO / "resources" / "examples" / "urban-data-platform-lot1.eval.yaml"
EXAMPLE_SPEC = REPO / "resources" / "examples" / "urban-data-platform.tender.yaml"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example tender and evaluation as a project: every kind of entry, locked and unsealed."""
    path = tmp_path_factory.mktemp("example") / "riverton.procure"
    assert main(["project", "new", str(path), "--spec", str(EXAMPLE_SPEC), "--evaluation", str(EXAMPLE_EVAL)]) == 0
    return path


def _copy(example: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy.procure"
    target.write_bytes(example.read_bytes())
    return target


def _behind_the_log(path: Path, statement: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute(statement)
    conn.commit()
    conn.close()


def _first_score(path: Path) -> tuple[str, str, str, str]:
    conn = sqlite3.connect(path)
    row = conn.execute("SELECT evaluator, bid, criterion, score FROM scores ORDER BY 1, 2, 3 LIMIT 1").fetchone()
    conn.close()
    return row


def test_a_project_made_by_procure_replays_to_its_tables(example: Path, capsys) -> None:
    report = verify(example)
    assert report.ok and report.state_problem is None
    capsys.readouterr()
    assert main(["project", "verify", str(example)]) == 0
    assert "OK," in capsys.readouterr().out


def test_every_score_set_to_5_behind_the_log_fails_naming_the_first(example: Path, tmp_path: Path, capsys) -> None:
    path = _copy(example, tmp_path)
    evaluator, bid, criterion, logged = _first_score(path)
    assert logged != "5"
    _behind_the_log(path, "UPDATE scores SET score = '5'")
    capsys.readouterr()
    assert main(["project", "verify", str(path)]) == 1
    out = capsys.readouterr().out.strip()
    assert out == (
        f"{path}: the tables were changed behind the audit log: scores: evaluator {evaluator}, bid {bid}, "
        f"criterion {criterion}: the score is 5 in the table but {logged} in the audit log"
    )


@pytest.mark.parametrize(
    ("statement", "named"),
    [
        ("UPDATE consensus SET reason = 'Agreed.'", "consensus: bid "),
        ("DELETE FROM bids WHERE id = (SELECT max(id) FROM bids)", "is in the audit log but not in the table"),
        ("INSERT INTO settings VALUES ('weights', 'secret')", "settings: setting weights is in the table but not"),
        ("UPDATE envelope SET prices_unsealed_at = NULL", "envelope: envelope 1: the prices_unsealed_at is empty"),
        ("UPDATE price_sheets SET capex = '1'", "price_sheets: bid "),
        ("UPDATE documents SET text = text || ' ' WHERE kind = 'spec'", "documents: document spec: the chars is"),
        ("UPDATE conflicts SET conflicted = 1 - conflicted", "conflicts: evaluator "),
        ("UPDATE evaluation SET seed = seed + 1", "evaluation: evaluation 1: the seed is"),
    ],
)
def test_other_tables_changed_behind_the_log_are_named(
    example: Path, tmp_path: Path, statement: str, named: str
) -> None:
    path = _copy(example, tmp_path)
    _behind_the_log(path, "PRAGMA foreign_keys=OFF")
    _behind_the_log(path, statement)
    report = verify(path)
    assert not report.ok and report.state_problem is not None
    assert named in report.state_problem


def test_edits_undone_and_removed_still_replay(tmp_path: Path) -> None:
    path = tmp_path / "edits.procure"
    with ProjectStore.create(path, "Edits") as store:
        store.add_evaluator("chair", "ana", "Ana Ruiz", role="chair")
        store.add_bid("chair", "bid-a", "Civic Stack")
        store.set_setting("chair", "theme", "dark")
        store.set_score("ana", "ana", "bid-a", "c1", 4, "Good.")
        store.set_score("ana", "ana", "bid-a", "c1", "3.5", "Less good.")
        store.set_score("ana", "ana", "bid-a", "c2", 2, "Weak.")
        store.remove_score("ana", "ana", "bid-a", "c2")
        store.set_consensus("chair", "bid-a", "c1", 3, "Agreed.")
        store.remove_consensus("chair", "bid-a", "c1")
        store.set_compliance_answer("chair", "bid-a", "R1.1", compliance=None, answer="Yes", evidence="")
        store.set_gate_result("chair", "bid-a", "insurance", "pass", "")
        store.set_bid_details("chair", "bid-a", sme=True, submitted="2027-03-01")
        store.declare_conflict("ana", "ana", "bid-a", False, "")
        store.set_document("chair", "spec", "t.yaml", "id: t\n")
        store.remove_document("chair", "spec")
        store.lock_quality("chair")
        store.unseal_prices("chair")
    assert verify(path).ok
    _behind_the_log(path, "UPDATE scores SET justification = 'Edited.'")
    assert verify(path).state_problem == (
        "scores: evaluator ana, bid bid-a, criterion c1: the justification is 'Edited.' in the table "
        "but 'Less good.' in the audit log"
    )
