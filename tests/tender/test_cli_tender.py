"""`procure tender check` and `procure tender build`, on the shipped example and on broken specs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import pytest

from procure_app import paths
from procure_app.cli import main

EXAMPLE = paths.resources_dir() / "examples" / "urban-data-platform.tender.yaml"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the example spec, so that its lock file is written in a scratch folder."""
    target = tmp_path / EXAMPLE.name
    shutil.copy(EXAMPLE, target)
    return target


def test_example_checks_clean_and_covers_every_principle_of_224(example: Path, capsys) -> None:
    assert main(["tender", "check", str(example), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["valid"] is True and payload["problems"] == []
    rows = {row["ref"]: row for row in payload["coverage"]}
    for principle in range(1, 6):
        assert rows[f"2.2.4/P{principle}"]["clauses"], f"2.2.4/P{principle} not covered"
    assert any(ref.startswith("2.2.4/A") for ref in rows)


def test_example_builds_a_tender_a_form_and_a_lock(example: Path, tmp_path: Path, capsys) -> None:
    out, form = tmp_path / "tender.docx", tmp_path / "form.xlsx"
    assert main(["tender", "build", str(example), "-o", str(out), "--response-form", str(form)]) == 0
    err = capsys.readouterr().err
    assert f"wrote {out}" in err and f"wrote {form}" in err and "pinned 49 clause(s)" in err
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    numbered = [h for h in headings if h[0].isdigit()]
    assert numbered[0] == "1 Subject, lots and participation" and len(numbered) == 9
    assert headings[0] == "About this tender" and headings[-1] == "Annex C. Clause sources"
    assert form.stat().st_size > 5_000
    lock = json.loads(example.with_suffix(".lock.json").read_text())
    assert len(lock["clauses"]) == 49


def test_broken_spec_is_reported_with_line_and_nothing_is_written(example: Path, tmp_path: Path, capsys) -> None:
    text = example.read_text(encoding="utf-8")
    example.write_text(text.replace("clause: exit-plan", "clause: exit-plann", 1), encoding="utf-8")
    line = text.splitlines().index(next(row for row in text.splitlines() if "clause: exit-plan" in row)) + 1
    out = tmp_path / "tender.docx"
    assert main(["tender", "build", str(example), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{example}:{line}:" in err and "error[T101]" in err and "did you mean exit-plan?" in err
    assert "the tender was not built" in err
    assert not out.exists() and not example.with_suffix(".lock.json").exists()


def test_check_reports_lint_warnings_but_exits_0(example: Path, capsys) -> None:
    spec = example.read_text(encoding="utf-8")
    section_start = spec.index("  - title: Accessibility and inclusion")
    section_end = spec.index("  - title: Data governance")
    spec = spec[:section_start] + spec[section_end:]
    award = "      - clause: a11y-award-tested-accessibility\n        values:\n          a11y_weight: 15\n"
    spec = spec.replace(award + "          test_tasks: 5\n", "")
    example.write_text(spec, encoding="utf-8")
    assert main(["tender", "check", str(example)]) == 0
    captured = capsys.readouterr()
    assert "warning[T202]" in captured.out and "a11y-en-301-549" in captured.out
    assert "Guidelines coverage" in captured.out
    assert captured.err.startswith("valid: 0 error(s), 1 warning(s)")


def test_missing_spec_is_a_usage_error(tmp_path: Path, capsys) -> None:
    assert main(["tender", "check", str(tmp_path / "nothing.yaml")]) == 2
    assert "no such tender spec" in capsys.readouterr().err
