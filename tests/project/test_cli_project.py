"""`procure project verify` on a sound, a tampered and a foreign file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from procure_app.cli import main
from procure_app.core.project.store import ProjectStore


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


# --- project new / import / export ----------------------------------------------------------------

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_EVAL = REPO / "resources" / "examples" / "urban-data-platform-lot1.eval.yaml"
EXAMPLE_SPEC = REPO / "resources" / "examples" / "urban-data-platform.tender.yaml"


def test_new_export_and_import_round_trip(tmp_path: Path, capsys) -> None:
    path = tmp_path / "riverton.procure"
    assert main(["project", "new", str(path), "--spec", str(EXAMPLE_SPEC), "--evaluation", str(EXAMPLE_EVAL)]) == 0
    with ProjectStore.open(path) as store:
        assert store.name == "riverton" and store.document("spec") is not None and store.bids()
    out = tmp_path / "out"
    assert main(["project", "export", str(path), "--to", str(out)]) == 0
    assert (out / "EVAL.yaml").is_file() and (out / EXAMPLE_SPEC.name).is_file()
    capsys.readouterr()
    assert main(["evaluate", str(out / "EVAL.yaml")]) == 0
    exported = capsys.readouterr().out
    assert main(["evaluate", str(EXAMPLE_EVAL)]) == 0
    assert capsys.readouterr().out == exported

    copy = tmp_path / "copy.procure"
    assert main(["project", "new", str(copy), "--spec", str(out / EXAMPLE_SPEC.name), "--name", "Copy"]) == 0
    assert main(["project", "import", str(copy), "--evaluation", str(out / "EVAL.yaml")]) == 0
    with ProjectStore.open(copy) as store:
        assert store.name == "Copy" and len(store.scores()) > 0
    assert main(["project", "verify", str(copy)]) == 0


def test_an_evaluation_with_errors_gives_diagnostics_and_no_project(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.eval.yaml"
    bad.write_text("evaluation: {}\n", encoding="utf-8")
    path = tmp_path / "t.procure"
    assert main(["project", "new", str(path), "--spec", str(EXAMPLE_SPEC), "--evaluation", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:1:" in err and "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("procure: ")
    assert not path.exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["project", "import", "{tmp}/missing.procure", "--spec", str(EXAMPLE_SPEC)],
        ["project", "export", "{tmp}/missing.procure", "--to", "{tmp}/out"],
        ["project", "new", "{tmp}/t.procure", "--spec", "{tmp}/missing.yaml"],
    ],
)
def test_missing_files_are_one_line_errors(tmp_path: Path, capsys, argv: list[str]) -> None:
    assert main([arg.replace("{tmp}", str(tmp_path)) for arg in argv]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("procure: ")


def test_export_of_an_empty_project_and_a_second_evaluation_are_refused(tmp_path: Path, capsys) -> None:
    path = tmp_path / "t.procure"
    ProjectStore.create(path, "Empty").close()
    assert main(["project", "export", str(path), "--to", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err.startswith("procure: ")
    assert main(["project", "import", str(path), "--evaluation", str(EXAMPLE_EVAL)]) == 0
    capsys.readouterr()
    assert main(["project", "import", str(path), "--evaluation", str(EXAMPLE_EVAL)]) == 1
    assert "already holds an evaluation" in capsys.readouterr().err


def test_evaluate_reads_a_project_file_like_its_yaml(tmp_path: Path, capsys) -> None:
    from procure_app import paths

    example = paths.resources_dir() / "examples" / "urban-data-platform-lot1.eval.yaml"
    spec = paths.resources_dir() / "examples" / "urban-data-platform.tender.yaml"
    project = tmp_path / "lot1.procure"
    assert main(["project", "new", str(project), "--spec", str(spec), "--evaluation", str(example)]) == 0
    capsys.readouterr()
    assert main(["evaluate", str(example)]) == 0
    from_yaml = capsys.readouterr().out
    before = project.read_bytes()
    assert main(["evaluate", str(project)]) == 0
    assert capsys.readouterr().out == from_yaml
    assert project.read_bytes() == before  # evaluating only reads the project
