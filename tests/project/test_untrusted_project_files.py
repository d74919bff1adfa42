"""Project files from outside: foreign schema objects, files Procure did not write, read-only,
locked and full-disk files. Each is refused (or limited) with one line naming the file."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest

from procure_app.cli import main
from procure_app.core.project.store import ProjectError, ProjectStore, verify
from procure_app.core.project.store import connection as store_connection
from procure_app.core.project.store.errors import (
    DiskFullError,
    ForeignContentError,
    ForeignSchemaError,
    ProjectInUseError,
    ReadOnlyProjectError,
)
from procure_app.core.project.store.schema import APPLICATION_ID

from .test_scoresheets import fill, generate, make_panel_project

EXAMPLE_SPEC = Path(__file__).resolve().parents[2] / "resources" / "examples" / "urban-data-platform.tender.yaml"
ZEROING_TRIGGER = "CREATE TRIGGER zero_scores AFTER INSERT ON audit BEGIN UPDATE scores SET score = '0'; END"


def _scored_project(tmp_path: Path, *, prices: bool = True) -> Path:
    path = make_panel_project(tmp_path / "riverton.procure", prices=prices)
    with ProjectStore.open(path, backup=False) as store:
        store.set_score("ben", "ben", "bid-a", "open-interfaces", 4, "Documented OpenAPI.")
        store.set_score("ben", "ben", "bid-b", "open-interfaces", 5, "Every function has an API.")
    return path


def _raw(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def _rows(path: Path, query: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.execute(query))
    finally:
        conn.close()


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines
    assert "unexpected error" not in lines[0] and "Traceback" not in err
    return lines[0]


# -- schema objects Procure did not create --------------------------------------------------------


def test_a_trigger_in_a_received_file_never_runs_the_import_is_refused(tmp_path: Path, capsys) -> None:
    path = _scored_project(tmp_path)
    sheet = generate(path, tmp_path / "sheets")
    fill(sheet)
    _raw(path, ZEROING_TRIGGER)
    scores_before = _rows(path, "SELECT * FROM scores ORDER BY 1, 2, 3")
    audit_before = _rows(path, "SELECT count(*) FROM audit")
    capsys.readouterr()
    assert main(["panel", "import", str(path), str(sheet)]) == 1
    line = _one_line(capsys.readouterr().err)
    assert f"{path}: this project file contains database objects Procure did not create (trigger zero_scores)" in line
    assert "Ask the sender for a file exported from Procure" in line
    assert _rows(path, "SELECT * FROM scores ORDER BY 1, 2, 3") == scores_before
    assert ("4",) in [(row[3],) for row in scores_before]
    assert _rows(path, "SELECT count(*) FROM audit") == audit_before


@pytest.mark.parametrize(
    ("statement", "named"),
    [
        ("CREATE VIEW every_score AS SELECT * FROM scores", "view every_score"),
        ("CREATE INDEX by_score ON scores(score)", "index by_score"),
        ("CREATE TABLE extra (x TEXT)", "table extra"),
    ],
)
def test_any_other_object_is_refused_before_anything_is_written(tmp_path: Path, statement: str, named: str) -> None:
    path = _scored_project(tmp_path)
    _raw(path, statement)
    before = path.read_bytes()
    with pytest.raises(ForeignSchemaError, match=f"did not create \\({named}\\)"):
        ProjectStore.open(path)
    assert path.read_bytes() == before
    assert not (tmp_path / "riverton.procure.backups").exists()


def test_a_changed_table_definition_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "changed.procure"
    ProjectStore.create(path, "x").close()
    _raw(path, "DROP TABLE compliance_answers", "CREATE TABLE compliance_answers (bid TEXT, requirement TEXT)")
    with pytest.raises(ForeignSchemaError, match="table compliance_answers was changed"):
        ProjectStore.open(path)


def test_verify_checks_the_schema_too(tmp_path: Path, capsys) -> None:
    path = _scored_project(tmp_path)
    _raw(path, ZEROING_TRIGGER)
    capsys.readouterr()
    assert main(["project", "verify", str(path)]) == 1
    assert "trigger zero_scores" in _one_line(capsys.readouterr().err)


def test_a_file_without_its_append_only_guards_still_opens_for_the_chain_to_judge(tmp_path: Path) -> None:
    path = _scored_project(tmp_path)
    _raw(path, "DROP TRIGGER audit_no_update", "DROP TRIGGER audit_no_delete")
    assert verify(path).ok


# -- files Procure did not write --------------------------------------------------------------------


def _bare_file(path: Path, user_version: int) -> Path:
    _raw(path, f"PRAGMA application_id={APPLICATION_ID}", f"PRAGMA user_version={user_version}")
    return path


def test_right_application_id_but_no_tables(tmp_path: Path, capsys) -> None:
    path = _bare_file(tmp_path / "empty.procure", 4)
    assert main(["project", "export", str(path), "--to", str(tmp_path / "out")]) == 1
    line = _one_line(capsys.readouterr().err)
    assert str(path) in line and "lacks database objects Procure creates for project format 4" in line
    assert "no such table" not in line


@pytest.mark.parametrize("version", [-1, 0])
def test_a_format_number_no_procure_writes(tmp_path: Path, version: int, capsys) -> None:
    path = _bare_file(tmp_path / "odd.procure", version)
    assert main(["project", "import", str(path), "--spec", str(tmp_path / "missing.yaml")]) == 1
    line = _one_line(capsys.readouterr().err)
    assert f"claims project format {version}, which no version of Procure writes" in line
    assert "already exists" not in line
    assert _rows(path, "SELECT name FROM sqlite_master") == []


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        (
            "UPDATE scores SET score = 'lots' WHERE bid = 'bid-a'",
            "table scores, evaluator 'ben', bid 'bid-a', criterion 'open-interfaces': the score 'lots' is not a number",
        ),
        ("UPDATE scores SET score = 'NaN' WHERE bid = 'bid-a'", "the score 'NaN' is not a number"),
        ("UPDATE price_sheets SET capex = '1,000' WHERE bid = 'bid-a'", "the capex '1,000' is not a number"),
        ("UPDATE price_sheets SET years = 'eight' WHERE bid = 'bid-a'", "the years 'eight' is stored as text"),
        ("UPDATE evaluation SET perturbation_percent = 'ten'", "the perturbation_percent 'ten' is not a number"),
        ("UPDATE bids SET bidder = x'00ff' WHERE id = 'bid-a'", "the bidder b'\\x00\\xff' is stored as blob"),
        (
            "DROP TRIGGER audit_no_update; UPDATE audit SET new = '{not json' WHERE seq = 1",
            "table audit, seq 1: the new '{not json' is not a value",
        ),
    ],
)
def test_a_value_of_the_wrong_type_is_refused_naming_its_place(
    tmp_path: Path, statement: str, message: str, capsys
) -> None:
    path = _scored_project(tmp_path)
    _raw(path, *statement.split("; "))
    with pytest.raises(ForeignContentError) as refused:
        ProjectStore.open(path)
    assert message in str(refused.value) and str(path) in str(refused.value)
    capsys.readouterr()
    assert main(["evaluate", str(path)]) == 1
    assert message in _one_line(capsys.readouterr().err)


# -- read-only, locked, full ------------------------------------------------------------------------


def _pretend_read_only(monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    """The tests run as root, for whom chmod 0444 changes nothing: make the permission check say no."""
    real_access = store_connection.os.access

    def access(path: object, mode: int) -> bool:
        refused = (target.resolve(), target.parent.resolve())
        if mode == store_connection.os.W_OK and Path(str(path)).resolve() in refused:
            return False
        return real_access(path, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(store_connection.os, "access", access)


def test_a_read_only_project_opens_for_reading_and_refuses_edits_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    path = _scored_project(tmp_path, prices=False)
    path.chmod(0o444)
    _pretend_read_only(monkeypatch, path)
    before = path.read_bytes()
    with ProjectStore.open(path) as store:
        assert store.read_only and len(store.scores()) == 2
        with pytest.raises(ReadOnlyProjectError, match=r"is read-only .*; edits are not possible"):
            store.set_score("ben", "ben", "bid-c", "open-interfaces", 3, "Fine.")
    assert path.read_bytes() == before
    assert not (tmp_path / "riverton.procure.backups").exists()
    assert main(["project", "verify", str(path)]) == 0
    assert main(["project", "export", str(path), "--to", str(tmp_path / "out")]) == 0
    capsys.readouterr()
    assert main(["project", "import", str(path), "--spec", str(EXAMPLE_SPEC)]) == 1
    line = _one_line(capsys.readouterr().err)
    assert "is read-only" in line and "readonly database" not in line
    assert path.read_bytes() == before


def test_a_write_refused_by_sqlite_is_named_read_only_not_an_sqlite_message(tmp_path: Path) -> None:
    path = _scored_project(tmp_path)
    store = ProjectStore.open(path, backup=False)
    try:
        store.conn.execute("PRAGMA query_only=ON")  # what SQLite does on a read-only medium
        with pytest.raises(ProjectError) as refused:
            store.add_bid("chair", "bid-d", "Late Bidder")
    finally:
        store.close()
    assert "attempt to write" not in str(refused.value)


def test_a_file_another_program_holds_is_in_use_not_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    path = _scored_project(tmp_path)
    monkeypatch.setattr(store_connection, "BUSY_TIMEOUT_SECONDS", 0.05)
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        with pytest.raises(ProjectInUseError) as refused:
            ProjectStore.open(path)
        assert str(refused.value) == (
            f"{path} is in use by another program (database is locked); close it there and try again"
        )
        capsys.readouterr()
        assert main(["project", "verify", str(path)]) == 1
        line = _one_line(capsys.readouterr().err)
        assert "in use by another program" in line and "damaged" not in line and "backup" not in line
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert verify(path).ok


def test_an_edit_while_another_program_writes_is_in_use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _scored_project(tmp_path)
    monkeypatch.setattr(store_connection, "BUSY_TIMEOUT_SECONDS", 0.05)
    with ProjectStore.open(path, backup=False) as store:
        holder = sqlite3.connect(path, isolation_level=None)
        try:
            holder.execute("BEGIN IMMEDIATE")
            store.conn.execute("PRAGMA busy_timeout=50")
            with pytest.raises(ProjectInUseError):
                store.set_score("ben", "ben", "bid-c", "open-interfaces", 3, "Fine.")
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert store.set_score("ben", "ben", "bid-c", "open-interfaces", 3, "Fine.") > 0


def test_a_full_disk_during_an_import_changes_nothing_and_says_so(tmp_path: Path) -> None:
    path = _scored_project(tmp_path)
    sheet = generate(path, tmp_path / "sheets", evaluator="ana")
    fill(sheet, justification="A long justification. " * 400)
    from procure_app.core.project.panel.scoresheets.importer import plan_import
    from procure_app.core.project.panel.scoresheets.plan import apply_plan

    with ProjectStore.open(path, backup=False) as store:
        plan = plan_import(store, sheet)
        scores_before, audit_before = store.scores(), len(store.audit_entries())
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count={pages + 2}")  # the disk fills up part-way
        with pytest.raises(DiskFullError) as refused:
            apply_plan(store, plan, "chair")
        assert str(refused.value) == f"{path}: the disk is full; nothing was changed. Free some space and try again"
        assert store.scores() == scores_before and len(store.audit_entries()) == audit_before
    assert verify(path).ok


def test_an_out_of_space_error_from_a_write_is_the_disk_is_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _scored_project(tmp_path)
    with ProjectStore.open(path, backup=False) as store:
        before = store.scores()

        def no_space(*_args: object, **_kwargs: object) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        with pytest.raises(DiskFullError, match="the disk is full; nothing was changed"), store.batch():
            store.set_score("ben", "ben", "bid-c", "open-interfaces", 3, "Fine.")
            monkeypatch.setattr(store, "set_score", no_space)
            store.set_score("ben", "ben", "bid-a", "open-interfaces", 1, "Changed.")
        assert store.scores() == before
