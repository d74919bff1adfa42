"""`procure evaluate` as a panel chair runs it: the ranking, the JSON, the outputs, the errors."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import docx
import pytest

from procure_app import paths
from procure_app.cli import main
from procure_app.core.evaluation.run import run_evaluation
from procure_app.core.rubric.formulas import rounded

EXAMPLE = paths.resources_dir() / "examples" / "urban-data-platform-lot1.eval.yaml"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """The example copied alone into a folder of its own: it names its rubric by the bundled id."""
    target = tmp_path / EXAMPLE.name
    shutil.copy(EXAMPLE, target)
    return target


def test_a_copy_of_the_example_in_any_folder_evaluates_with_the_bundled_rubric(example: Path, capsys) -> None:
    assert main(["evaluate", str(example), "--json"]) == 0
    copied = json.loads(capsys.readouterr().out)
    assert main(["evaluate", str(EXAMPLE), "--json"]) == 0
    assert copied == json.loads(capsys.readouterr().out)


def test_an_unknown_rubric_id_names_the_bundled_ones(example: Path, capsys) -> None:
    text = example.read_text(encoding="utf-8").replace("rubric: smart-city-ict", "rubric: smart-city", 1)
    example.write_text(text, encoding="utf-8")
    assert main(["evaluate", str(example)]) == 1
    err = capsys.readouterr().err
    assert "E117" in err and "no bundled rubric has the id 'smart-city'" in err
    assert "saas-services, smart-city-ict" in err


def test_a_rubric_named_by_its_path_is_read_from_beside_the_file(example: Path, capsys) -> None:
    rubric = (paths.rubrics_dir() / "smart-city-ict.yaml").read_text(encoding="utf-8")
    (example.parent / "ours.yaml").write_text(rubric.replace("id: smart-city-ict", "id: ours", 1), encoding="utf-8")
    text = example.read_text(encoding="utf-8").replace("rubric: smart-city-ict", "rubric: ours.yaml", 1)
    example.write_text(text, encoding="utf-8")
    assert main(["evaluate", str(example), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rubric"]["id"] == "ours"


def test_ranking_is_printed_with_the_recommendation(capsys) -> None:
    assert main(["evaluate", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["RANK", "BID", "BIDDER"]
    assert lines[1].startswith("1     bid-a")
    assert any(line.startswith("-     bid-e") and "failed gate mandatory-requirements" in line for line in lines)
    assert "abnormally low price" in out
    assert "Recommended: Civic Stack Cooperative Ltd (bid-a)" in out


def test_json_numbers_agree_with_the_engine(capsys) -> None:
    assert main(["evaluate", str(EXAMPLE), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    run = run_evaluation(EXAMPLE, paths.guidelines_file(), paths.library_dir())
    assert run.result is not None
    by_id = {bid["bid"]: bid for bid in payload["result"]["bids"]}
    for bid in run.result.bids:
        shown = by_id[bid.bid]
        assert Decimal(str(shown["quality"])) == rounded(bid.quality, 6)
        assert shown["rank"] == bid.rank
        if bid.total is not None:
            assert Decimal(str(shown["total"])) == rounded(bid.total, 6)
    assert payload["result"]["winner"] == "bid-a"
    assert payload["sensitivity"]["seed"] == 2027
    assert payload["rubric"]["id"] == "smart-city-ict"


def test_report_and_letters_are_written(example: Path, tmp_path: Path, capsys) -> None:
    report, letters = tmp_path / "out" / "report.docx", tmp_path / "out" / "letters"
    report.parent.mkdir()
    assert main(["evaluate", str(example), "--report", str(report), "--letters", str(letters)]) == 0
    err = capsys.readouterr().err
    assert f"wrote {report}" in err and "wrote 5 letter(s)" in err
    headings = [p.text for p in docx.Document(str(report)).paragraphs if p.style.name == "Heading 1"]
    assert any("Award recommendation" in heading for heading in headings)
    assert len(list(letters.glob("*.docx"))) == 5


def test_an_error_in_the_file_is_reported_with_its_line_and_nothing_is_written(
    example: Path, tmp_path: Path, capsys
) -> None:
    text = example.read_text(encoding="utf-8")
    example.write_text(text.replace("evaluator: ana,", "evaluator: anna,", 1), encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), start=1) if "evaluator: ana," in row)
    report = tmp_path / "report.docx"
    assert main(["evaluate", str(example), "--report", str(report)]) == 1
    err = capsys.readouterr().err
    assert f"{example}:{line}:" in err and "error[E101]" in err
    assert "the bids were not evaluated" in err
    assert not report.exists()


def test_missing_file_is_a_usage_error(tmp_path: Path, capsys) -> None:
    assert main(["evaluate", str(tmp_path / "none.yaml")]) == 2
    assert "no such evaluation file" in capsys.readouterr().err
