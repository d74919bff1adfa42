"""Evaluator scoresheets: generated per evaluator, filled in by a script (or LibreOffice), imported.

The helpers at the top build a panel project (rubric snapshot, evaluators, bids, no scores) and
fill a scoresheet the way an evaluator would: through the visible cells only.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import zipfile
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from procure_app.core.project.panel.envelopes import (
    QualityIncompleteError,
    lock_quality,
    missing_quality_scores,
    unseal_prices,
)
from procure_app.core.project.panel.rubric_snapshot import project_rubric
from procure_app.core.project.panel.scoresheets.importer import ScoresheetError, plan_import
from procure_app.core.project.panel.scoresheets.layout import DECLARATION_HEADER_ROW, SCORES_HEADER_ROW, SHEET_META
from procure_app.core.project.panel.scoresheets.plan import ImportPlan, apply_plan
from procure_app.core.project.panel.scoresheets.writer import render_scoresheet, write_scoresheets
from procure_app.core.project.store import EvaluationHeader, ProjectError, ProjectStore

REPO = Path(__file__).resolve().parents[2]
RUBRIC = REPO / "scoring_rubrics" / "smart-city-ict.yaml"
BIDS = {"bid-a": "Civic Stack Cooperative Ltd", "bid-b": "Meridian Systems plc", "bid-c": "Lumen Urban Analytics"}
PRICES = {"bid-a": 310000, "bid-b": 420000, "bid-c": 287500}
WHEN = datetime(2027, 5, 2, 9, 30, tzinfo=UTC)
JUSTIFICATION = "Annex 4, section 2.3 shows it in full."


def make_panel_project(path: Path, name: str = "Riverton lot 1", *, prices: bool = True) -> Path:
    """A project whose evaluation has a panel and bids but no scores yet (prices sealed)."""
    with ProjectStore.create(path, name) as store:
        store.set_document("chair", "rubric", RUBRIC.name, RUBRIC.read_text(encoding="utf-8"))
        header = EvaluationHeader(
            "Evaluation of lot 1", "RIV-DIG-2027-014", "Open urban data platform", "1", "EUR", Decimal(10), 100, 1
        )
        store.set_evaluation_header("chair", header)
        store.add_evaluator("chair", "ana", "Ana Ruiz")
        store.add_evaluator("chair", "ben", "Ben Okafor")
        for bid, bidder in BIDS.items():
            store.add_bid("chair", bid, bidder)
            if prices:
                store.set_price_sheet("chair", bid, capex=PRICES[bid], opex_per_year=72000, years=8)
    return path


def criteria() -> list[str]:
    with_text = RUBRIC.read_text(encoding="utf-8")
    quality = with_text[with_text.index("\nquality:") :]
    return re.findall(r"^      - id: ([a-z0-9-]+)$", quality, flags=re.MULTILINE)


def generate(project: Path, folder: Path, evaluator: str = "ana") -> Path:
    with ProjectStore.open(project, backup=False) as store:
        return write_scoresheets(store, folder, evaluators=[evaluator], generated_at=WHEN)[0]


def score_rows(sheet: Any) -> dict[tuple[str, str], int]:
    """(bid, criterion) → row, read from the visible Scores sheet as a person would."""
    rows: dict[tuple[str, str], int] = {}
    criterion = ""
    for row in range(SCORES_HEADER_ROW + 1, sheet.max_row + 1):
        label = sheet.cell(row, 1).value
        if isinstance(label, str) and (found := re.search(r"\[([a-z0-9-]+)\]", label)):
            criterion = found.group(1)
        bid = sheet.cell(row, 4).value
        if bid:
            rows[(bid, criterion)] = row
    return rows


def declaration_rows(sheet: Any) -> dict[str, int]:
    rows = {}
    for row in range(DECLARATION_HEADER_ROW + 1, sheet.max_row + 1):
        if sheet.cell(row, 1).value:
            rows[sheet.cell(row, 1).value] = row
    return rows


def fill(
    path: Path,
    *,
    score: Any = 3,
    justification: Any = JUSTIFICATION,
    declarations: dict[str, tuple[str | None, str]] | None = None,
    cells: dict[tuple[str, str], tuple[Any, Any]] | None = None,
    skip: frozenset[str] = frozenset(),
) -> None:
    """Fill every answer: ``declarations`` bid → (choice, statement) (default: no conflict), every
    score ``score`` with ``justification``, except ``cells`` (bid, criterion) → (score, justification)
    and bids in ``skip`` (left empty)."""
    workbook = openpyxl.load_workbook(path)
    chosen = declarations or {}
    declaration = workbook["Declaration"]
    for bid, row in declaration_rows(declaration).items():
        choice, statement = chosen.get(bid, ("No conflict", ""))
        declaration.cell(row, 3).value = choice
        declaration.cell(row, 4).value = statement or None
    scores = workbook["Scores"]
    for (bid, criterion), row in score_rows(scores).items():
        if bid in skip:
            continue
        value, why = (cells or {}).get((bid, criterion), (score, justification))
        scores.cell(row, 6).value = value
        scores.cell(row, 7).value = why
    workbook.save(path)


def plan(project: Path, sheet: Path) -> ImportPlan:
    with ProjectStore.open(project, backup=False) as store:
        return plan_import(store, sheet)


def problems(project: Path, sheet: Path) -> list[str]:
    with ProjectStore.open(project, backup=False) as store, pytest.raises(ScoresheetError) as refused:
        plan_import(store, sheet)
    return refused.value.problems


def import_sheet(project: Path, sheet: Path) -> int | None:
    with ProjectStore.open(project, backup=False) as store:
        return apply_plan(store, plan_import(store, sheet), "chair")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_panel_project(tmp_path / "riverton.procure")


# -- the generated workbook --------------------------------------------------------------------


def test_the_scoresheet_limits_scores_to_the_scale_and_declarations_to_the_list(project: Path, tmp_path: Path) -> None:
    sheet = generate(project, tmp_path / "out")
    workbook = openpyxl.load_workbook(sheet)
    assert workbook.sheetnames == ["Instructions", "Declaration", "Scores", SHEET_META]
    assert workbook[SHEET_META].sheet_state == "veryHidden"
    scores = workbook["Scores"]
    rows = score_rows(scores)
    assert len(rows) == len(BIDS) * len(criteria())
    (validation,) = [v for v in scores.data_validations.dataValidation if v.type == "whole"]
    assert (validation.operator, validation.formula1, validation.formula2) == ("between", "0", "5")
    assert validation.showErrorMessage and validation.errorStyle == "stop"
    covered = str(validation.sqref)
    assert covered == f"F{min(rows.values())}:F{max(rows.values())}"
    (choices,) = workbook["Declaration"].data_validations.dataValidation
    assert choices.type == "list" and choices.formula1 == '"No conflict,Conflict of interest"'
    assert choices.showErrorMessage


def test_only_answer_cells_are_unlocked_and_every_sheet_is_protected(project: Path, tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(generate(project, tmp_path / "out"))
    assert workbook.security.lockStructure
    for sheet in workbook.worksheets:
        assert sheet.protection.sheet, sheet.title
    scores = workbook["Scores"]
    row = next(iter(score_rows(scores).values()))
    unlocked = [column for column in range(1, 8) if not scores.cell(row, column).protection.locked]
    assert unlocked == [6, 7]  # score and justification


def test_the_rubric_descriptors_and_guidance_stand_beside_each_criterion(project: Path, tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(generate(project, tmp_path / "out"))
    scores = workbook["Scores"]
    first = SCORES_HEADER_ROW + 1
    assert "Documented open interfaces" in scores.cell(first, 1).value
    assert "OpenAPI" in scores.cell(first, 2).value
    scale = scores.cell(first, 3).value
    assert "0 No evidence: The response does not address the criterion" in scale
    assert "5 Excellent: Everything for 4" in scale
    assert scores.cell(first, 3).alignment.wrap_text


def test_no_price_appears_anywhere_in_a_scoresheet(project: Path, tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(generate(project, tmp_path / "out"))
    text = " ".join(
        str(cell.value) for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row if cell.value
    )
    for amount in PRICES.values():
        assert str(amount) not in text and f"{amount:,}" not in text
    assert "72000" not in text and "EUR" not in text


def test_the_same_project_and_time_give_the_same_bytes(project: Path) -> None:
    with ProjectStore.open(project, backup=False) as store:
        assert render_scoresheet(store, "ana", generated_at=WHEN) == render_scoresheet(store, "ana", generated_at=WHEN)


def test_an_unknown_evaluator_or_a_locked_project_gets_no_scoresheet(project: Path, tmp_path: Path) -> None:
    with ProjectStore.open(project, backup=False) as store:
        with pytest.raises(ProjectError, match=r"no evaluator 'zoe'.*ana, ben"):
            render_scoresheet(store, "zoe")
        store.lock_quality("chair")
        with pytest.raises(ProjectError, match="locked"):
            render_scoresheet(store, "ana")


# -- round trips -------------------------------------------------------------------------------


def test_a_filled_scoresheet_goes_in_as_the_evaluators_scores_with_audit_entries(project: Path, tmp_path: Path) -> None:
    sheet = generate(project, tmp_path / "out")
    fill(sheet, cells={("bid-b", "open-interfaces"): (5, "Every function has a public OpenAPI file.")})
    planned = plan(project, sheet)
    assert planned.count("added") == len(BIDS) * len(criteria()) and not planned.changes_existing
    seq = import_sheet(project, sheet)
    with ProjectStore.open(project, backup=False) as store:
        scores = {(s.evaluator, s.bid, s.criterion): (s.score, s.justification) for s in store.scores()}
        assert scores[("ana", "bid-b", "open-interfaces")] == (Decimal(5), "Every function has a public OpenAPI file.")
        assert scores[("ana", "bid-a", "data-portability")] == (Decimal(3), JUSTIFICATION)
        assert len(scores) == len(BIDS) * len(criteria())
        assert {(c.bid, c.conflicted) for c in store.conflicts()} == {(bid, False) for bid in BIDS}
        entries = store.audit_entries()
    imported = next(e for e in entries if e.seq == seq)
    assert (imported.action, imported.entity) == ("import.scoresheet", "evaluator/ana")
    details = json.loads(imported.new or "{}")
    assert details["file"] == sheet.name and details["added"] == len(scores)
    assert details["sha256"] == hashlib.sha256(sheet.read_bytes()).hexdigest()
    later = [e.action for e in entries if e.seq > seq]
    assert later.count("score.set") == len(scores) and later.count("conflict.declare") == len(BIDS)


def test_a_regenerated_scoresheet_is_prefilled_and_reimporting_it_changes_nothing(
    project: Path, tmp_path: Path
) -> None:
    sheet = generate(project, tmp_path / "first")
    fill(sheet, score=4)
    import_sheet(project, sheet)
    again = generate(project, tmp_path / "second")
    workbook = openpyxl.load_workbook(again)
    row = score_rows(workbook["Scores"])[("bid-c", "security-by-design")]
    assert workbook["Scores"].cell(row, 6).value == 4 and workbook["Scores"].cell(row, 7).value == JUSTIFICATION
    assert workbook["Declaration"].cell(DECLARATION_HEADER_ROW + 1, 3).value == "No conflict"
    planned = plan(project, again)
    assert planned.changes == [] and planned.count("unchanged") == len(BIDS) * len(criteria())
    assert import_sheet(project, again) is None


def test_a_newer_scoresheet_shows_old_and_new_before_it_is_applied(project: Path, tmp_path: Path) -> None:
    sheet = generate(project, tmp_path / "out")
    fill(sheet)
    import_sheet(project, sheet)
    fill(sheet, cells={("bid-a", "exit-plan-quality"): (1, "The exit plan is two lines long.")})
    planned = plan(project, sheet)
    assert planned.changes_existing
    (change,) = planned.changes
    assert (change.bid, change.criterion, change.kind) == ("bid-a", "exit-plan-quality", "changed")
    assert change.describe() == "~ bid-a / exit-plan-quality: 3 → 1, justification changed"
    with ProjectStore.open(project, backup=False) as store:
        assert {s.score for s in store.scores()} == {Decimal(3)}  # planning changed nothing
        apply_plan(store, planned, "chair")
        changed = [s for s in store.scores() if s.criterion == "exit-plan-quality" and s.bid == "bid-a"]
        assert changed[0].score == Decimal(1)


@pytest.mark.slow
def test_a_scoresheet_saved_by_libreoffice_is_imported(project: Path, tmp_path: Path) -> None:
    from tests.office import soffice_convert

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    sheet = generate(project, tmp_path / "out")
    fill(sheet, score=2, cells={("bid-a", "carbon-reporting"): ("4", "Typed as text: 4")})
    saved = tmp_path / "saved"
    saved.mkdir()
    result = soffice_convert([sheet], "xlsx:Calc MS Excel 2007 XML", saved, tmp_path)
    assert result.returncode == 0, result.stderr
    resaved = saved / sheet.name
    assert resaved.read_bytes() != sheet.read_bytes()
    state = openpyxl.load_workbook(resaved)[SHEET_META].sheet_state
    assert state in ("hidden", "veryHidden")  # LibreOffice may keep a very hidden sheet only hidden
    planned = plan(project, resaved)
    assert planned.count("added") == len(BIDS) * len(criteria())
    import_sheet(project, resaved)
    with ProjectStore.open(project, backup=False) as store:
        by_key = {(s.bid, s.criterion): s.score for s in store.scores()}
    assert by_key[("bid-a", "carbon-reporting")] == Decimal(4) and by_key[("bid-b", "carbon-reporting")] == 2


# -- conflicts of interest ---------------------------------------------------------------------


def test_a_declared_conflict_is_recorded_and_that_bids_scores_are_not_imported(project: Path, tmp_path: Path) -> None:
    sheet = generate(project, tmp_path / "out")
    fill(sheet)
    import_sheet(project, sheet)  # scored every bid first
    fill(
        sheet,
        declarations={"bid-b": ("Conflict of interest", "My brother works at Meridian.")},
        skip=frozenset({"bid-b"}),
    )
    workbook = openpyxl.load_workbook(sheet)
    scores = workbook["Scores"]
    for (bid, _), row in score_rows(scores).items():
        if bid == "bid-b":
            scores.cell(row, 6).value = scores.cell(row, 7).value = None
    workbook.save(sheet)
    planned = plan(project, sheet)
    assert planned.count("removed") == len(criteria()) and planned.changes_existing
    import_sheet(project, sheet)
    with ProjectStore.open(project, backup=False) as store:
        assert not [s for s in store.scores() if s.bid == "bid-b"]
        conflict = next(c for c in store.conflicts() if c.bid == "bid-b")
        assert conflict.conflicted and conflict.statement == "My brother works at Meridian."
        regenerated = openpyxl.load_workbook(write_scoresheets(store, tmp_path / "again", evaluators=["ana"])[0])
    assert {bid for bid, _ in score_rows(regenerated["Scores"])} == {"bid-a", "bid-c"}


def test_scores_given_on_a_bid_declared_a_conflict_are_refused(project: Path, tmp_path: Path) -> None:
    sheet = generate(project, tmp_path / "out")
    fill(sheet, declarations={"bid-c": ("Conflict of interest", "Former employer.")})
    found = problems(project, sheet)
    assert len(found) == len(criteria())
    assert "a conflict of interest is declared on bid bid-c, so its rows must stay empty" in found[0]


def test_a_conflict_needs_a_statement(project: Path, tmp_path: Path) -> None:
    sheet = generate(project, tmp_path / "out")
    fill(sheet, declarations={"bid-c": ("Conflict of interest", "")}, skip=frozenset({"bid-c"}))
    (found,) = problems(project, sheet)
    assert found.startswith(f"{sheet.name}: Declaration!D12:") and "without a statement" in found


def test_a_missing_declaration_is_refused_naming_its_cell(project: Path, tmp_path: Path) -> None:
    sheet = generate(project, tmp_path / "out")
    fill(sheet, declarations={"bid-b": (None, "")})
    (found,) = problems(project, sheet)
    assert found == (
        f"{sheet.name}: Declaration!C11: no declaration for bid bid-b; the evaluator must choose 'No conflict' "
        "or 'Conflict of interest' for every bid"
    )


# -- answers that are refused -------------------------------------------------------------------


def test_a_score_out_of_range_is_refused_naming_the_cell(project: Path, tmp_path: Path) -> None:
    sheet = generate(project, tmp_path / "out")
    fill(sheet, cells={("bid-a", "open-interfaces"): (7, JUSTIFICATION)})
    (found,) = problems(project, sheet)
    assert found == (
        f"{sheet.name}: Scores!F4 holds 7, outside the scale (0 to 5); give a whole number from 0 to 5 for "
        "bid bid-a on open-interfaces"
    )


def test_a_formula_in_a_score_cell_is_refused(project: Path, tmp_path: Path) -> None:
    sheet = generate(project, tmp_path / "out")
    fill(sheet, cells={("bid-b", "open-interfaces"): ("=2+2", JUSTIFICATION)})
    (found,) = problems(project, sheet)
    assert "Scores!F5 holds a formula (=2+2); type the value itself" in found


def test_a_clean_number_typed_as_text_counts_and_other_text_does_not(project: Path, tmp_path: Path) -> None:
    sheet = generate(project, tmp_path / "out")
    fill(sheet, cells={("bid-a", "open-interfaces"): (" 4 ", JUSTIFICATION), ("bid-b", "open-interfaces"): (4.0, "x")})
    assert plan(project, sheet).count("added") == len(BIDS) * len(criteria())
    fill(
        sheet,
        cells={("bid-a", "open-interfaces"): ("4 - good", JUSTIFICATION), ("bid-b", "open-interfaces"): (3.5, "x")},
    )
    found = problems(project, sheet)
    assert "Scores!F4 holds the text '4 - good', not a number" in found[0]
    assert "Scores!F5 holds 3.5, which is not a whole number" in found[1]


def test_a_justification_longer_than_a_cell_can_hold_is_refused_naming_the_cell(project: Path, tmp_path: Path) -> None:
    """A file made by hand once brought a 9,000,000-character justification into a project."""
    sheet = generate(project, tmp_path / "out")
    fill(sheet, cells={("bid-a", "open-interfaces"): (4, "x" * 32_767)})
    assert plan(project, sheet).count("added") == len(BIDS) * len(criteria())  # the most a cell holds is fine
    fill(sheet, cells={("bid-a", "open-interfaces"): (4, "LONG JUSTIFICATION")})
    # A spreadsheet program (and openpyxl) cuts a text at 32,767 characters: only a file edited by
    # hand holds more, so the text goes into the saved shared strings directly.
    noise = base64.b64encode(os.urandom(6_750_000))  # 9,000,000 characters that do not compress
    edited = tmp_path / "edited.xlsx"
    with zipfile.ZipFile(sheet) as source, zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(name, source.read(name).replace(b"LONG JUSTIFICATION", noise))
    sheet.write_bytes(edited.read_bytes())
    (found,) = problems(project, sheet)
    assert found == (
        f"{sheet.name}: Scores!G4 holds a text of 9,000,000 characters, more than the 32,767 a spreadsheet cell can "
        "hold; shorten it or put the detail in an annex"
    )


def test_missing_scores_and_justifications_are_refused(project: Path, tmp_path: Path) -> None:
    sheet = generate(project, tmp_path / "out")
    fill(sheet, cells={("bid-c", "open-interfaces"): (None, None), ("bid-a", "open-data-formats"): (2, "  ")})
    found = problems(project, sheet)
    assert found == [
        f"{sheet.name}: Scores!F6: no score for bid bid-c on open-interfaces; give a whole number from 0 to 5",
        f"{sheet.name}: Scores!G7: no justification for the score of bid bid-a on open-data-formats; the rubric "
        "requires one: write why this score was given",
    ]


# -- sheets that are not this project's, or were tampered with ---------------------------------


def test_a_scoresheet_from_another_project_is_refused_naming_both(project: Path, tmp_path: Path) -> None:
    other = make_panel_project(tmp_path / "other.procure", "Harbour sensors")
    sheet = generate(other, tmp_path / "out")
    fill(sheet)
    with ProjectStore.open(other, backup=False) as store:
        other_id = store.project_id
    (found,) = problems(project, sheet)
    assert f"is a scoresheet of the project 'Harbour sensors' (id {other_id})" in found
    assert "not of this project 'Riverton lot 1'" in found


def test_a_scoresheet_of_an_evaluator_not_on_the_panel_is_refused(project: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.procure"
    shutil.copy(project, copy)  # the same project: the same id
    with ProjectStore.open(copy, backup=False) as store:
        store.add_evaluator("chair", "zoe", "Zoe Lind")
    sheet = generate(copy, tmp_path / "out", "zoe")
    fill(sheet)
    (found,) = problems(project, sheet)
    assert "is the scoresheet of Zoe Lind (zoe), who is not on the panel of this project (the panel: ana, ben)" in found


def _edit_meta(sheet: Path, edit: Any) -> None:
    workbook = openpyxl.load_workbook(sheet)
    edit(workbook[SHEET_META])
    workbook.save(sheet)


def _meta_row(meta: Any, label: str) -> int:
    return next(row for row in range(1, meta.max_row + 1) if meta.cell(row, 1).value == label)


def test_an_edited_hidden_checksum_is_refused(project: Path, tmp_path: Path) -> None:
    sheet = generate(project, tmp_path / "out")
    fill(sheet)
    _edit_meta(sheet, lambda meta: setattr(meta.cell(_meta_row(meta, "checksum"), 2), "value", "0" * 64))
    (found,) = problems(project, sheet)
    assert "the hidden '_procure' sheet was edited: its checksum does not match the rows it lists" in found


def test_edited_row_keys_are_refused(project: Path, tmp_path: Path) -> None:
    sheet = generate(project, tmp_path / "out")
    fill(sheet)

    def swap_two_bids(meta: Any) -> None:
        rows = [row for row in range(1, meta.max_row + 1) if meta.cell(row, 1).value == "Scores"]
        first, second = meta.cell(rows[0], 3), meta.cell(rows[1], 3)
        first.value, second.value = second.value, first.value

    _edit_meta(sheet, swap_two_bids)
    (found,) = problems(project, sheet)
    assert "checksum does not match the rows it lists" in found


def test_reordered_rows_with_a_recomputed_checksum_no_longer_match_the_project(project: Path, tmp_path: Path) -> None:
    from procure_app.core.project.panel.scoresheets.layout import ScoresheetLayout, SheetKey

    sheet = generate(project, tmp_path / "out")
    fill(sheet)

    def reorder(meta: Any) -> None:
        rows = [row for row in range(1, meta.max_row + 1) if meta.cell(row, 1).value in ("Declaration", "Scores")]
        keys = [
            SheetKey(meta.cell(r, 1).value, meta.cell(r, 2).value, meta.cell(r, 3).value, meta.cell(r, 4).value or "")
            for r in rows
        ]
        declarations = [k for k in keys if k.sheet == "Declaration"]
        scores = [k for k in keys if k.sheet == "Scores"]
        scores[0], scores[1] = (
            SheetKey("Scores", scores[0].row, scores[1].bid, scores[1].criterion),
            SheetKey("Scores", scores[1].row, scores[0].bid, scores[0].criterion),
        )
        for row, key in zip(rows, declarations + scores, strict=True):
            meta.cell(row, 3).value = key.bid
        layout = ScoresheetLayout(
            meta.cell(_meta_row(meta, "project_id"), 2).value,
            "ana",
            tuple(declarations),
            tuple(scores),
            (0, 1, 2, 3, 4, 5),
        )
        meta.cell(_meta_row(meta, "checksum"), 2).value = layout.checksum()

    _edit_meta(sheet, reorder)
    (found,) = problems(project, sheet)
    assert "no longer matches the project: its rows are not the ones, or not in the order, Procure wrote" in found


def test_a_moved_visible_row_is_refused(project: Path, tmp_path: Path) -> None:
    sheet = generate(project, tmp_path / "out")
    fill(sheet)
    workbook = openpyxl.load_workbook(sheet)
    workbook["Scores"].cell(SCORES_HEADER_ROW + 1, 4).value = "bid-b"
    workbook.save(sheet)
    (found,) = problems(project, sheet)
    assert found.startswith(f"{sheet.name}: Scores!D4 should hold the bid bid-a but holds 'bid-b'")


def test_a_changed_column_heading_is_refused(project: Path, tmp_path: Path) -> None:
    sheet = generate(project, tmp_path / "out")
    fill(sheet)
    workbook = openpyxl.load_workbook(sheet)
    workbook["Scores"].cell(SCORES_HEADER_ROW, 6).value = "My score"
    workbook.save(sheet)
    (found,) = problems(project, sheet)
    assert found.startswith(f"{sheet.name}: Scores!A3: the column headings of the Scores sheet were changed")


def test_a_workbook_that_is_not_a_scoresheet_is_refused(project: Path, tmp_path: Path) -> None:
    path = tmp_path / "budget.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Budget 2027"
    workbook.save(path)
    (found,) = problems(project, path)
    assert found.startswith("budget.xlsx is not a Procure scoresheet (it has no hidden '_procure' sheet)")
    meta = workbook.create_sheet(SHEET_META)
    meta["A1"], meta["B1"], meta["A2"], meta["B2"] = "kind", "procure-response-form", "form_version", 1
    workbook.save(path)
    (found,) = problems(project, path)
    assert found == "budget.xlsx is a bidder response form, not an evaluator scoresheet; import a returned scoresheet"
    path.write_bytes(b"%PDF-1.7 not a workbook")
    (found,) = problems(project, path)
    assert "is not an XLSX workbook: it is a PDF document" in found


# -- the two envelopes ---------------------------------------------------------------------------


def test_import_is_refused_once_quality_is_locked(project: Path, tmp_path: Path) -> None:
    sheet = generate(project, tmp_path / "out")
    fill(sheet)
    with ProjectStore.open(project, backup=False) as store:
        planned = plan_import(store, sheet)
        store.lock_quality("chair")
        with pytest.raises(ProjectError, match=r"locked .* can no longer be imported"):
            plan_import(store, sheet)
        with pytest.raises(ProjectError, match=r"locked .*was not imported"):
            apply_plan(store, planned, "chair")
        assert store.scores() == []


def test_a_plan_made_before_the_scores_changed_is_not_applied(project: Path, tmp_path: Path) -> None:
    sheet = generate(project, tmp_path / "out")
    fill(sheet)
    with ProjectStore.open(project, backup=False) as store:
        planned = plan_import(store, sheet)
        store.set_score("chair", "ana", "bid-a", "open-interfaces", 1, "Entered by hand.")
        with pytest.raises(ProjectError, match=r"changed since .* was checked"):
            apply_plan(store, planned, "chair")


def test_locking_is_refused_while_scores_are_missing_unless_forced(project: Path, tmp_path: Path) -> None:
    sheet = generate(project, tmp_path / "out")
    fill(sheet)
    import_sheet(project, sheet)
    with ProjectStore.open(project, backup=False) as store:
        missing = missing_quality_scores(store, project_rubric(store))
        assert missing == [f"Ben Okafor (ben) on bid {bid} ({BIDS[bid]}): no scores yet (14 criteria)" for bid in BIDS]
        with pytest.raises(QualityIncompleteError) as refused:
            lock_quality(store, "chair")
        assert refused.value.missing == missing and not store.envelope().quality_locked
        with pytest.raises(ProjectError, match="lock the quality scores first"):
            unseal_prices(store, "chair")
        lock_quality(store, "chair", force=True)
        unseal_prices(store, "chair")
        assert [p.capex for p in store.price_sheets()] == [Decimal(v) for v in PRICES.values()]
        entries = store.audit_entries()
    assert [entry.action for entry in entries[-2:]] == ["envelope.lock_quality", "envelope.unseal_prices"]
    lock = entries[-2].new_value
    assert isinstance(lock, dict) and lock["forced"] is True and lock["missing"] == len(missing)
    assert lock["first_missing"] == missing[:20]  # the record says what was still missing when forced


def test_a_partly_scored_bid_is_named_with_its_missing_criteria(project: Path) -> None:
    with ProjectStore.open(project, backup=False) as store:
        for criterion in criteria()[1:]:
            for evaluator in ("ana", "ben"):
                for bid in BIDS:
                    store.set_score("chair", evaluator, bid, criterion, 3, "Seen.")
        store.declare_conflict("chair", "ben", "bid-c", True, "Former employer.")
        missing = missing_quality_scores(store, project_rubric(store))
    assert missing[0] == f"Ana Ruiz (ana) on bid bid-a ({BIDS['bid-a']}): 1 of 14 criteria unscored (open-interfaces)"
    assert len(missing) == 5  # ben's conflict on bid-c needs no scores
