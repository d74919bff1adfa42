"""The `procure` command line, run as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from procure_app.cli import main

from .conftest import REPO


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "procure_app", *args], capture_output=True, text=True, cwd=REPO, timeout=120
    )


def test_validate_bundled_data_passes() -> None:
    result = run("validate")
    assert result.returncode == 0
    assert result.stdout == ""
    assert result.stderr.startswith("valid: 0 error(s), 0 warning(s)")


def test_validate_reports_problems_with_file_and_line_and_exits_1(library_copy: Path) -> None:
    path = library_copy / "clauses" / "exit.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("status: approved", "status: aproved", 1), encoding="utf-8")
    line = text.splitlines().index(next(row for row in text.splitlines() if "status: approved" in row)) + 1
    result = run("validate", str(library_copy))
    assert result.returncode == 1
    assert f"{path}:{line}:" in result.stdout
    assert "error[S004]" in result.stdout and "allowed: draft, approved, deprecated" in result.stdout
    assert result.stderr.startswith("invalid: 1 error(s)")


def test_validate_json_output(library_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (library_copy / "clauses" / "broken.yaml").write_text("clauses:\n  - id: Bad Id\n", encoding="utf-8")
    assert main(["validate", "--json", str(library_copy)]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["valid"] is False
    rules = {problem["rule"] for problem in payload["problems"]}
    assert {"S001", "S005"} <= rules
    assert all(problem["path"].endswith("broken.yaml") for problem in payload["problems"])


def test_strict_turns_warnings_into_failure(library_copy: Path) -> None:
    manifest = library_copy / "library.yaml"
    manifest.write_text(manifest.read_text() + "  - id: unused\n    title: Unused category\n", encoding="utf-8")
    assert main(["validate", str(library_copy)]) == 0
    assert main(["validate", "--strict", str(library_copy)]) == 1


def test_missing_path_is_reported_not_crashed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "nowhere")]) == 1
    assert "error[F001]: no such file or folder" in capsys.readouterr().out


def test_usage_error_exits_2() -> None:
    result = run("validate", "--no-such-option")
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_library_list_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["library", "list", "--category", "exit"]) == 0
    out = capsys.readouterr().out
    header, *rows = out.splitlines()
    assert header.split()[:3] == ["ID", "TITLE", "CATEGORY"]
    assert any(row.startswith("exit-plan ") for row in rows)
    assert all(" exit " in row for row in rows)
    assert main(["library", "list", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    first = payload["clauses"][0]
    assert set(first) == {"id", "title", "category", "kind", "status", "version", "references"}
    assert len(payload["clauses"]) >= 60


def test_library_list_unknown_category_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["library", "list", "--category", "nonsense"]) == 2
    assert "no category 'nonsense'" in capsys.readouterr().err


def test_unexpected_failure_prints_one_line_without_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import procure_app.core.validate as validate

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(validate, "validate_paths", explode)
    assert main(["validate"]) == 2
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [
        "procure: unexpected error (RuntimeError: disk on fire); run again with --debug for details"
    ]
    assert "Traceback" not in err
