"""`procure panel`: scoresheets, import (with the diff before changes), status, lock and unseal."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from procure_app.cli import main
from procure_app.core.project.store import ProjectStore

from .test_scoresheets import BIDS, JUSTIFICATION, PRICES, criteria, fill, make_panel_project

SCORES_PER_EVALUATOR = len(BIDS) * len(criteria())


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_panel_project(tmp_path / "riverton.procure")


def _sheets(project: Path, out: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Path]:
    assert main(["panel", "scoresheets", str(project), "--out", str(out), *extra]) == 0
    written = [line.removeprefix("wrote ") for line in capsys.readouterr().err.splitlines()]
    return {Path(path).stem.rsplit("-", 1)[-1]: Path(path) for path in written}


def _no_traceback(err: str) -> None:
    assert "Traceback" not in err


def test_scoresheets_are_written_for_the_whole_panel_or_one_evaluator(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheets = _sheets(project, tmp_path / "out", capsys)
    assert sorted(sheets) == ["ana", "ben"] and all(path.is_file() for path in sheets.values())
    assert sheets["ana"].name == "riverton-scoresheet-ana.xlsx"
    only = _sheets(project, tmp_path / "one", capsys, "--evaluator", "ben")
    assert list(only) == ["ben"]
    assert main(["panel", "scoresheets", str(project), "--out", str(tmp_path / "x"), "--evaluator", "zoe"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "procure: there is no evaluator 'zoe' in riverton.procure (the panel: ana, ben)"
    assert not (tmp_path / "x").exists()


def test_the_first_import_applies_and_a_changed_one_waits_for_apply(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = _sheets(project, tmp_path / "out", capsys)["ana"]
    fill(sheet)
    assert main(["panel", "import", str(project), str(sheet)]) == 0
    captured = capsys.readouterr()
    assert f"scores: {SCORES_PER_EVALUATOR} added, 0 changed, 0 unchanged, 0 removed" in captured.out
    assert f"imported {sheet} for Ana Ruiz (ana); audit entry" in captured.err

    fill(sheet, cells={("bid-c", "equity-and-inclusion"): (5, JUSTIFICATION)})
    assert main(["panel", "import", str(project), str(sheet)]) == 1
    captured = capsys.readouterr()
    assert "  ~ bid-c / equity-and-inclusion: 3 → 5\n" in captured.out
    assert "run again with --apply" in captured.err
    with ProjectStore.open(project, backup=False) as store:
        assert {s.score for s in store.scores()} == {Decimal(3)}

    assert main(["panel", "import", str(project), str(sheet), "--apply"]) == 0
    capsys.readouterr()
    with ProjectStore.open(project, backup=False) as store:
        changed = [s for s in store.scores() if (s.bid, s.criterion) == ("bid-c", "equity-and-inclusion")]
        assert changed[0].score == Decimal(5)
        assert [e.action for e in store.audit_entries()].count("import.scoresheet") == 2

    assert main(["panel", "import", str(project), str(sheet)]) == 0
    assert "nothing to import" in capsys.readouterr().err


def test_a_refused_scoresheet_lists_each_problem_and_changes_nothing(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = _sheets(project, tmp_path / "out", capsys)["ben"]
    fill(
        sheet,
        declarations={"bid-b": (None, "")},
        cells={("bid-a", "open-interfaces"): ("=5", JUSTIFICATION), ("bid-a", "exit-plan-quality"): (9, "x")},
    )
    with ProjectStore.open(project, backup=False) as store:
        before = len(store.audit_entries())
    assert main(["panel", "import", str(project), str(sheet)]) == 1
    err = capsys.readouterr().err
    _no_traceback(err)
    lines = err.strip().splitlines()
    assert lines[0] == (
        f"{sheet.name}: Declaration!C11: no declaration for bid bid-b; the evaluator must choose 'No conflict' or "
        "'Conflict of interest' for every bid"
    )
    assert lines[1].startswith(f"{sheet.name}: Scores!F4 holds a formula (=5)")
    assert lines[2].startswith(f"{sheet.name}: Scores!F") and "holds 9, outside the scale (0 to 5)" in lines[2]
    assert lines[-1] == f"procure: {sheet} was not imported (3 problem(s)); nothing changed"
    with ProjectStore.open(project, backup=False) as store:
        assert len(store.audit_entries()) == before


def test_status_counts_progress_and_never_shows_a_sealed_price(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = _sheets(project, tmp_path / "out", capsys)["ana"]
    fill(sheet, declarations={"bid-a": ("Conflict of interest", "Former employer.")}, skip=frozenset({"bid-a"}))
    assert main(["panel", "import", str(project), str(sheet)]) == 0
    capsys.readouterr()
    assert main(["panel", "status", str(project)]) == 0
    out = capsys.readouterr().out
    per_bid = len(criteria())
    assert f"ana  Ana Ruiz    scores {2 * per_bid} of {2 * per_bid}" in out
    assert "declarations 3 of 3 (conflict: bid-a)" in out
    assert f"ben  Ben Okafor  scores 0 of {3 * per_bid}" in out and "declarations 0 of 3" in out
    assert f"Quality scoring: open ({3 * per_bid} score(s) missing)" in out
    assert "Prices: sealed; 3 price sheet(s), amounts hidden until the prices are unsealed" in out
    assert "Can be done now: enter or change scores and consensus scores; declare conflicts of interest; " in out
    assert "lock quality scoring" in out and "unseal the prices" not in out
    for amount in PRICES.values():
        assert str(amount) not in out and f"{amount:,}" not in out


def test_lock_is_refused_while_incomplete_and_unseal_before_lock(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["panel", "unseal", str(project)]) == 1
    err = capsys.readouterr().err
    assert err.strip() == ("procure: prices stay sealed until quality scoring is locked; lock the quality scores first")
    assert main(["panel", "lock", str(project)]) == 1
    err = capsys.readouterr().err
    _no_traceback(err)
    assert f"  missing: Ana Ruiz (ana) on bid bid-a ({BIDS['bid-a']}): no scores yet (14 criteria)" in err
    assert "procure: quality scoring was not locked: 6 evaluator(s) and bid(s) still lack scores" in err
    with ProjectStore.open(project, backup=False) as store:
        assert not store.envelope().quality_locked

    assert main(["panel", "lock", str(project), "--force"]) == 0
    assert "quality scoring locked" in capsys.readouterr().err
    assert main(["panel", "status", str(project)]) == 0
    assert "Quality scoring: locked on" in capsys.readouterr().out
    assert main(["panel", "unseal", str(project)]) == 0
    assert "prices unsealed: 3 price sheet(s)" in capsys.readouterr().err
    assert main(["panel", "status", str(project)]) == 0
    assert "Prices: unsealed on" in capsys.readouterr().out
    with ProjectStore.open(project, backup=False) as store:
        actions = [e.action for e in store.audit_entries()]
    assert actions[-2:] == ["envelope.lock_quality", "envelope.unseal_prices"]


def test_a_complete_panel_locks_and_a_late_scoresheet_is_refused(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheets = _sheets(project, tmp_path / "out", capsys)
    for sheet in sheets.values():
        fill(sheet)
        assert main(["panel", "import", str(project), str(sheet)]) == 0
    capsys.readouterr()
    assert main(["panel", "lock", str(project)]) == 0
    assert "locked without" not in capsys.readouterr().err
    assert main(["panel", "import", str(project), str(sheets["ana"]), "--apply"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("procure: quality scoring was locked on ")
    assert "returned scoresheets can no longer be imported" in err
    assert main(["panel", "scoresheets", str(project), "--out", str(tmp_path / "late")]) == 1
    assert "scoresheets can no longer be filled in" in capsys.readouterr().err


def test_a_missing_project_or_sheet_is_one_line(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["panel", "status", str(tmp_path / "nope.procure")]) == 1
    assert capsys.readouterr().err.strip() == f"procure: {tmp_path / 'nope.procure'}: no such project file"
    assert main(["panel", "import", str(project), str(tmp_path / "gone.xlsx")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0] == f"{tmp_path / 'gone.xlsx'}: no such file; check the name and folder"
    assert err[-1].startswith("procure: ")


def test_a_project_without_a_panel_says_what_to_do(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.procure"
    ProjectStore.create(path, "Empty").close()
    assert main(["panel", "status", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("procure: ") and "holds no rubric yet; import an evaluation file" in err
