"""A whole procurement through the project file, by command line, as a chair would run it.

Set-up (panel and bidders) → tender and response form built from the project → five returned
response forms imported (prices sealed) → one scoresheet per evaluator generated, filled in and
imported (conflicts declared on the sheet) → consensus agreed → quality locked → prices unsealed →
evaluated. The result must be the very result of the example evaluation file, whose data this
procurement re-enters by the panel route: every number agrees.
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import yaml

from procure_app.cli import main
from procure_app.core.project.store import ProjectStore

from .test_response_import import fill as fill_form
from .test_scoresheets import declaration_rows, score_rows

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_SPEC = REPO / "resources" / "examples" / "urban-data-platform.tender.yaml"
EXAMPLE_EVAL = REPO / "resources" / "examples" / "urban-data-platform-lot1.eval.yaml"
RUBRIC = REPO / "scoring_rubrics" / "smart-city-ict.yaml"


def _example() -> dict[str, Any]:
    data = yaml.safe_load(EXAMPLE_EVAL.read_text(encoding="utf-8"))
    data["evaluation"]["rubric"] = str(RUBRIC)
    return data


def _set_up(folder: Path) -> Path:
    """The example without prices, scores and consensus: what a chair knows when the bids arrive."""
    data = _example()
    for bid in data["bids"]:
        bid.pop("price")
        bid.pop("sme")
        bid.pop("submitted")
    for evaluator in data["evaluators"]:
        evaluator.pop("conflicts", None)  # declared on the scoresheets instead
    data.pop("scores")
    data.pop("consensus")
    path = folder / "setup.eval.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _fill_scoresheet(sheet: Path, evaluator: str, example: dict[str, Any]) -> None:
    conflicts = set(next(e for e in example["evaluators"] if e["id"] == evaluator).get("conflicts", []))
    mine = {(s["bid"], s["criterion"]): s for s in example["scores"] if s["evaluator"] == evaluator}
    workbook = openpyxl.load_workbook(sheet)
    declaration = workbook["Declaration"]
    for bid, row in declaration_rows(declaration).items():
        conflicted = bid in conflicts
        declaration.cell(row, 3).value = "Conflict of interest" if conflicted else "No conflict"
        declaration.cell(row, 4).value = "Worked for this bidder until last year." if conflicted else None
    scores = workbook["Scores"]
    for key, row in score_rows(scores).items():
        if key in mine:
            scores.cell(row, 6).value = mine[key]["score"]
            scores.cell(row, 7).value = mine[key]["justification"]
    workbook.save(sheet)


def test_the_panel_route_gives_the_same_result_as_the_example_file(tmp_path: Path, capsys) -> None:
    example = _example()
    project = tmp_path / "riverton.procure"
    set_up = _set_up(tmp_path)
    assert main(["project", "new", str(project), "--spec", str(EXAMPLE_SPEC), "--evaluation", str(set_up)]) == 0
    form, tender = tmp_path / "form.xlsx", tmp_path / "tender.docx"
    assert main(["tender", "build", str(project), "-o", str(tender), "--response-form", str(form)]) == 0

    for bid in example["bids"]:
        price = bid["price"]
        returned = fill_form(
            form,
            tmp_path / "returned" / f"{bid['id']}.xlsx",
            bidder=bid["bidder"],
            sme="Yes" if bid["sme"] else "No",
            submitted=datetime.fromisoformat(bid["submitted"]),
            prices={"1": (price["capex"], price["opex_per_year"], price["maintenance_per_year"])},
        )
        assert main(["bids", "import", str(project), str(returned), "--bid", bid["id"]]) == 0
    capsys.readouterr()
    assert main(["bids", "list", str(project)]) == 0
    listing = capsys.readouterr().out
    assert "sealed" in listing and "310,000" not in listing

    assert main(["panel", "scoresheets", str(project), "--out", str(tmp_path / "sheets")]) == 0
    for evaluator in example["evaluators"]:
        (sheet,) = (tmp_path / "sheets").glob(f"*{evaluator['id']}*.xlsx")
        _fill_scoresheet(sheet, evaluator["id"], example)
        assert main(["panel", "import", str(project), str(sheet)]) == 0, capsys.readouterr().err

    with ProjectStore.open(project, actor="chair") as store:  # the app's consensus step
        for consensus in example["consensus"]:
            reason = consensus["reason"]
            store.set_consensus("chair", consensus["bid"], consensus["criterion"], Decimal(consensus["score"]), reason)
    assert main(["evaluate", str(project)]) == 1  # prices still sealed
    assert main(["panel", "lock", str(project)]) == 0
    assert main(["panel", "unseal", str(project)]) == 0
    capsys.readouterr()

    assert main(["evaluate", str(project), "--json"]) == 0
    from_project = json.loads(capsys.readouterr().out)
    reference = tmp_path / "reference.eval.yaml"
    reference.write_text(yaml.safe_dump(example, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert main(["evaluate", str(reference), "--json"]) == 0
    from_file = json.loads(capsys.readouterr().out)
    assert from_project["result"]["winner"] == "bid-a"
    assert from_project == from_file  # ranking, every score, price, flag and the sensitivity analysis

    with ProjectStore.open(project, backup=False) as store:
        actions = [entry.action for entry in store.audit_entries()]
    assert actions.count("import.response_form") == 5 and actions.count("import.scoresheet") == 3
    assert actions.index("envelope.lock_quality") < actions.index("envelope.unseal_prices")
    assert main(["project", "verify", str(project)]) == 0
