"""Importing bidders' returned response forms into a project: bids, answers, sealed prices, and refusals."""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import zipfile
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from procure_app import paths
from procure_app.cli import main
from procure_app.core.project.panel.responses.importer import (
    BidderNameNeeded,
    ResponseFormError,
    derive_bid_id,
    import_response_form,
    plan_response_import,
)
from procure_app.core.project.store import PricesSealedError, ProjectError, ProjectStore
from procure_app.core.tender.build import prepare_tender
from procure_app.core.tender.response_form import (
    BIDDER_FIELDS,
    COMPLIANCE_OPTIONS,
    SHEET_INSTRUCTIONS,
    SHEET_META,
    SHEET_PRICE,
    SHEET_REQUIREMENTS,
    write_response_form,
)

from ..office import soffice_convert

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_SPEC = REPO / "resources" / "examples" / "urban-data-platform.tender.yaml"
EXAMPLE_EVAL = REPO / "resources" / "examples" / "urban-data-platform-lot1.eval.yaml"
ACTOR = "officer"
BIDDER = "Civic Stack Cooperative Ltd"
LOT_1 = (310000, 72000, 38000.5)  # capital, operating per year, maintenance per year
LOT_2 = (120000, 0, 5000)
YEARS = 8  # the example's lifecycle-costing period (its award clause), not its 48-month contract


# -- a project with a tender and a panel for lot 1, and the form built from it ------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A project (spec, and an evaluation of lot 1 with no bids yet) and the response form it builds."""
    folder = tmp_path_factory.mktemp("template")
    data = yaml.safe_load(EXAMPLE_EVAL.read_text(encoding="utf-8"))
    data["bids"] = []
    for key in ("scores", "consensus"):
        data.pop(key, None)
    for evaluator in data["evaluators"]:
        evaluator.pop("conflicts", None)
    data["evaluation"]["rubric"] = str(REPO / "scoring_rubrics" / "smart-city-ict.yaml")
    setup = folder / "setup.eval.yaml"
    setup.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    project = folder / "tender.procure"
    assert main(["project", "new", str(project), "--spec", str(EXAMPLE_SPEC), "--evaluation", str(setup)]) == 0
    form = folder / "response-form.xlsx"
    assert main(["tender", "build", str(project), "-o", str(folder / "t.docx"), "--response-form", str(form)]) == 0
    return project, form


@pytest.fixture
def project(tmp_path: Path, template: tuple[Path, Path]) -> Path:
    target = tmp_path / "tender.procure"
    shutil.copy(template[0], target)
    return target


@pytest.fixture
def blank_form(template: tuple[Path, Path]) -> Path:
    return template[1]


def _meta(workbook: Any) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for label, value, *_ in workbook[SHEET_META].iter_rows(values_only=True):
        if label is None:
            break
        values[label] = value
    return values


def _lots(workbook: Any) -> dict[str | None, dict[str, str]]:
    """The hidden sheet's price cells per lot id."""
    rows = [row[2:9] for row in workbook[SHEET_META].iter_rows(values_only=True) if len(row) > 4 and row[4]]
    header, *lots = rows
    return {lot[0]: dict(zip(header, lot, strict=True)) for lot in lots}


def _compliance(index: int) -> str | None:
    """Every fourth requirement is left unanswered; the others cycle through the three choices."""
    return None if index % 4 == 3 else COMPLIANCE_OPTIONS[index % 4]


def fill(
    blank: Path,
    target: Path,
    *,
    bidder: str | None = BIDDER,
    sme: str | None = "Yes",
    submitted: Any = datetime(2027, 4, 5, 16, 12),
    prices: dict[str | None, tuple[Any, ...]] | None = None,
    edit: Callable[[Any], None] | None = None,
) -> Path:
    """The blank form filled in by a script, as a bidder would in a spreadsheet program."""
    workbook = openpyxl.load_workbook(blank)
    meta = _meta(workbook)
    instructions = workbook[SHEET_INSTRUCTIONS]
    for (field, _, _), value in zip(BIDDER_FIELDS, (bidder, sme, submitted), strict=True):
        instructions[meta[field]] = value
    sheet = workbook[SHEET_REQUIREMENTS]
    for index, row in enumerate(range(2, sheet.max_row + 1)):
        choice = _compliance(index)
        if choice is not None:
            sheet.cell(row=row, column=6, value=choice)
            sheet.cell(row=row, column=7, value=f"How we meet {sheet.cell(row=row, column=1).value}")
            sheet.cell(row=row, column=8, value="Annex 4, section 2.3")
    price = workbook[SHEET_PRICE]
    for lot, values in (prices if prices is not None else {"1": LOT_1, "2": LOT_2}).items():
        cells = _lots(workbook)[lot]
        for name, value in zip(("capital", "operating", "maintenance"), values, strict=True):
            price[cells[name]] = value
    if edit is not None:
        edit(workbook)
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(target)
    return target


def _import(project: Path, form: Path, **options: Any) -> Any:
    with ProjectStore.open(project, actor=ACTOR, backup=False) as store:
        return import_response_form(store, form, ACTOR, **options)


def _refusal(project: Path, form: Path, **options: Any) -> list[str]:
    with ProjectStore.open(project, actor=ACTOR, backup=False) as store:
        entries = len(store.audit_entries())
        with pytest.raises(ResponseFormError) as info:
            import_response_form(store, form, ACTOR, **options)
        assert len(store.audit_entries()) == entries and store.bids() == {}, "a refused form changes nothing"
    return info.value.problems


# -- a form filled in and imported -----------------------------------------------------------------


def test_a_filled_form_becomes_a_bid_with_answers_and_a_sealed_price(
    project: Path, blank_form: Path, tmp_path: Path
) -> None:
    form = fill(blank_form, tmp_path / "vendor" / "civic-stack.xlsx")
    before = (form.read_bytes(), os.stat(form).st_mtime_ns)

    plan = _import(project, form)

    assert (form.read_bytes(), os.stat(form).st_mtime_ns) == before, "the vendor's file is never written"
    assert plan.bid == "bid-civic-stack-cooperative-ltd" == derive_bid_id(BIDDER)
    with ProjectStore.open(project, backup=False) as store:
        assert store.bids() == {plan.bid: BIDDER}
        (details,) = store.bid_details()
        assert (details.sme, details.submitted) == (True, "2027-04-05T16:12")
        with pytest.raises(PricesSealedError):
            store.price_sheets()
        (price,) = store.price_sheets_unsealed()
        assert (price.capex, price.opex_per_year, price.maintenance_per_year, price.years) == (
            Decimal(310000),
            Decimal(72000),
            Decimal("38000.5"),
            YEARS,
        )
        answers = store.compliance_answers(plan.bid)
        requirement_count = plan.form.requirement_count
        assert len(answers) == requirement_count - requirement_count // 4
        first = answers[0]
        assert (first.compliance, first.answer, first.evidence) == (
            "complies",
            f"How we meet {first.requirement}",
            "Annex 4, section 2.3",
        )
        assert [a.compliance for a in answers[:3]] == ["complies", "partially-complies", "does-not-comply"]
        entry = store.audit_entries()[-1]
    assert (entry.action, entry.entity, entry.actor) == ("import.response_form", f"bid/{plan.bid}", ACTOR)
    details_logged = entry.new_value
    assert isinstance(details_logged, dict)
    assert details_logged["file"] == "civic-stack.xlsx"
    assert details_logged["sha256"] == hashlib.sha256(before[0]).hexdigest()
    assert details_logged["lot"] == "1" and details_logged["form_version"] == 2
    counts = details_logged["counts"]
    assert isinstance(counts, dict)
    assert counts["requirements"] == requirement_count and counts["not-stated"] == requirement_count // 4
    assert counts["complies"] + counts["partially-complies"] + counts["does-not-comply"] == len(answers)
    warnings = details_logged["warnings"]
    assert isinstance(warnings, list) and any("have no compliance answer" in str(w) for w in warnings)
    assert not any(re.search(r"310[ ,.]?000|38[ ,.]?000", str(w)) for w in warnings), "no amount while sealed"
    assert any("hold no results saved by a spreadsheet program" in note for note in plan.notes)


def test_importing_the_same_bid_again_needs_replace_and_replaces_its_answers(
    project: Path, blank_form: Path, tmp_path: Path
) -> None:
    form = fill(blank_form, tmp_path / "first.xlsx")
    plan = _import(project, form)
    with ProjectStore.open(project, actor=ACTOR, backup=False) as store:
        with pytest.raises(ProjectError, match="there is already a bid bid-civic-stack-cooperative-ltd"):
            import_response_form(store, form, ACTOR)

    def clear_first_answer(workbook: Any) -> None:
        for column in (6, 7, 8):
            workbook[SHEET_REQUIREMENTS].cell(row=2, column=column).value = None

    second = fill(blank_form, tmp_path / "second.xlsx", prices={"1": (300000, 70000, 38000)}, edit=clear_first_answer)
    replaced = _import(project, second, replace=True)
    assert replaced.replaces == BIDDER and replaced.bid == plan.bid
    with ProjectStore.open(project, backup=False) as store:
        keys = [a.requirement for a in store.compliance_answers(plan.bid)]
        assert plan.form.answers[0].key not in keys
        assert store.price_sheets_unsealed()[0].capex == Decimal(300000)
        actions = [e.action for e in store.audit_entries()]
    assert actions.count("import.response_form") == 2 and "answer.remove" in actions


def test_a_second_bidder_and_an_explicit_bid_id(project: Path, blank_form: Path, tmp_path: Path) -> None:
    _import(project, fill(blank_form, tmp_path / "a.xlsx"))
    plan = _import(project, fill(blank_form, tmp_path / "b.xlsx", bidder="Lumen Urban Analytics"), bid="bid-b")
    assert plan.bid == "bid-b" and plan.bidder == "Lumen Urban Analytics"
    with ProjectStore.open(project, backup=False) as store:
        assert set(store.bids()) == {"bid-b", "bid-civic-stack-cooperative-ltd"}
        with pytest.raises(ProjectError, match="is not a bid id"):
            import_response_form(store, tmp_path / "b.xlsx", ACTOR, bid="Bid B")


def test_a_version_1_form_needs_the_bidder_from_the_caller(
    project: Path, blank_form: Path, tmp_path: Path, capsys
) -> None:
    """A form made before the bidder's cells existed: its hidden sheet has no rows for them."""

    def as_version_1(workbook: Any) -> None:
        meta = workbook[SHEET_META]
        rows = {meta.cell(row=row, column=1).value: row for row in range(1, 15)}
        meta.cell(row=rows["form_version"], column=2).value = 1
        meta.delete_rows(rows["bidder_cell"], len(BIDDER_FIELDS))

    form = fill(blank_form, tmp_path / "v1.xlsx", bidder=None, sme=None, submitted=None, edit=as_version_1)
    with ProjectStore.open(project, backup=False) as store, pytest.raises(BidderNameNeeded) as refused:
        import_response_form(store, form, ACTOR)
    assert "v1.xlsx is a version 1 form" in refused.value.problems[0]
    assert main(["bids", "import", str(project), str(form)]) == 1  # the command line says how to give it
    assert "--bidder NAME" in capsys.readouterr().err
    plan = _import(project, form, bidder="Old Form Ltd")
    assert plan.bid == "bid-old-form-ltd" and plan.form.form_version == 1
    with ProjectStore.open(project, backup=False) as store:
        assert store.bids() == {"bid-old-form-ltd": "Old Form Ltd"} and store.bid_details() == []
        assert store.price_sheet_count() == 1


def test_a_form_without_a_bidder_name_is_refused_unless_given(project: Path, blank_form: Path, tmp_path: Path) -> None:
    form = fill(blank_form, tmp_path / "anonymous.xlsx", bidder=None, sme=None)
    (problem,) = _refusal(project, form)
    assert "does not name the bidder" in problem
    plan = _import(project, form, bidder="Named Later")
    assert any("does not say whether the bidder is an SME" in w for w in plan.warnings)


# -- refusals ---------------------------------------------------------------------------------------


def _other_tender_form(tmp_path: Path, edit: Callable[[str], str]) -> Path:
    """A response form built from an edited copy of the example spec."""
    spec = tmp_path / "other" / EXAMPLE_SPEC.name
    spec.parent.mkdir(parents=True)
    spec.write_text(edit(EXAMPLE_SPEC.read_text(encoding="utf-8")), encoding="utf-8")
    prepared = prepare_tender(spec, paths.library_dir(), paths.guidelines_file())
    assert prepared.ok and prepared.tender is not None, [d.format() for d in prepared.diagnostics]
    form = tmp_path / "other" / "form.xlsx"
    write_response_form(prepared.tender, form)
    return form


def test_a_form_for_another_tender_is_refused(project: Path, tmp_path: Path) -> None:
    blank = _other_tender_form(tmp_path, lambda text: text.replace('"RIV-DIG-2027-014"', '"NOR-2027-001"'))
    (problem,) = _refusal(project, fill(blank, tmp_path / "other-tender.xlsx"))
    assert problem.startswith("other-tender.xlsx is the response form of tender 'NOR-2027-001'")
    assert "not of this project's tender 'RIV-DIG-2027-014'" in problem


def test_a_form_for_another_version_of_the_tender_says_what_differs(project: Path, tmp_path: Path) -> None:
    def drop_a_clause(text: str) -> str:
        edited, count = re.subn(r"\n      - clause: sme-lots\n(        .*\n)*", "\n", text, count=1)
        assert count == 1
        return edited

    blank = _other_tender_form(tmp_path, drop_a_clause)
    (problem,) = _refusal(project, fill(blank, tmp_path / "older.xlsx"))
    assert problem.startswith("older.xlsx was made for another version of tender RIV-DIG-2027-014: the form has ")
    assert "only in the project: " in problem


def test_a_form_whose_hidden_checksum_was_edited_is_refused(project: Path, blank_form: Path, tmp_path: Path) -> None:
    def edit_checksum(workbook: Any) -> None:
        meta = workbook[SHEET_META]
        row = next(r for r in range(1, 15) if meta.cell(row=r, column=1).value == "checksum")
        meta.cell(row=row, column=2).value = "0" * 64

    (problem,) = _refusal(project, fill(blank_form, tmp_path / "edited.xlsx", edit=edit_checksum))
    assert "edited.xlsx was made for another version of tender RIV-DIG-2027-014" in problem
    assert "the form's hidden sheet was edited" in problem


def test_formulas_in_answer_cells_are_refused_naming_the_cell(project: Path, blank_form: Path, tmp_path: Path) -> None:
    def formulas(workbook: Any) -> None:
        workbook[SHEET_REQUIREMENTS]["G14"] = '=HYPERLINK("http://example.com","see")'
        workbook[SHEET_REQUIREMENTS]["F15"] = '=IF(1,"Complies","")'
        workbook[SHEET_PRICE][_lots(workbook)["1"]["capital"]] = "=300000+10000"

    problems = _refusal(project, fill(blank_form, tmp_path / "formulas.xlsx", edit=formulas))
    assert any(p.startswith("Requirements!G14 holds a formula") for p in problems), problems
    assert any(p.startswith("Requirements!F15 holds a formula") for p in problems), problems
    assert any(p.startswith("Price!B6 holds a formula") for p in problems), problems


def test_text_that_merely_starts_with_an_equals_sign_is_an_answer(
    project: Path, blank_form: Path, tmp_path: Path
) -> None:
    def text_answer(workbook: Any) -> None:
        cell = workbook[SHEET_REQUIREMENTS]["G2"]
        cell.value, cell.data_type = "=> see annex 4", "s"  # typed as text, e.g. after an apostrophe

    plan = _import(project, fill(blank_form, tmp_path / "text.xlsx", edit=text_answer))
    assert plan.form.answers[0].answer == "=> see annex 4"


@pytest.mark.parametrize(
    ("prices", "expected"),
    [
        ({"1": (-5, 72000, 38000)}, "Price!B6 holds a negative amount; amounts are 0 or more"),
        ({"1": ("about 300k", 72000, 38000)}, "Price!B6 holds the text 'about 300k', not an amount"),
        ({"1": (310000, True, 38000)}, "Price!B7 holds a bool, not an amount"),
        ({"1": (1e300, 72000, 38000)}, "Price!B6 holds an amount above 1,000,000,000,000"),
        ({"1": (310000, 10**13, 38000)}, "Price!B7 holds an amount above 1,000,000,000,000"),
        ({"1": ("1E300", 72000, 38000)}, "Price!B6 holds the text '1E300', not an amount"),
    ],
    ids=["negative", "text", "boolean", "1E300", "ten-trillion", "1E300-as-text"],
)
def test_amounts_must_be_numbers_of_0_or_more(
    project: Path, blank_form: Path, tmp_path: Path, prices: dict[str | None, tuple[Any, ...]], expected: str
) -> None:
    problems = _refusal(project, fill(blank_form, tmp_path / "bad-price.xlsx", prices=prices))
    assert any(p.startswith(expected) for p in problems), problems
    assert not any("-5" in p or "1e+300" in p.lower() or "10,000,000,000,000" in p for p in problems), (
        "no amount is shown while the prices are sealed"
    )


@pytest.mark.parametrize("written", ["inf", "-INF", "NaN", "1E300"])
def test_a_non_finite_or_huge_number_written_into_the_file_is_refused(
    project: Path, blank_form: Path, tmp_path: Path, written: str
) -> None:
    """A spreadsheet program never saves these, but a file made by hand can hold them."""
    form = fill(blank_form, tmp_path / "filled.xlsx", prices={"1": (310000, 72000, 38123), "2": LOT_2})
    hostile = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(form) as source, zipfile.ZipFile(hostile, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            body = source.read(name)
            target.writestr(name, body.replace(b"<v>38123</v>", f"<v>{written}</v>".encode()))
    (problem,) = _refusal(project, hostile)
    assert problem.startswith("Price!B8 holds an amount above") or "sheet 'Price', cell B8, holds the number" in problem


def test_a_changed_number_of_years_is_refused(project: Path, blank_form: Path, tmp_path: Path) -> None:
    def five_years(workbook: Any) -> None:
        workbook[SHEET_PRICE][_lots(workbook)["1"]["years"]] = 5

    (problem,) = _refusal(project, fill(blank_form, tmp_path / "years.xlsx", edit=five_years))
    assert problem.startswith("Price!B9 holds '5', but the form counts prices over 8 year(s)")


def test_moved_rows_and_unknown_choices_are_refused(project: Path, blank_form: Path, tmp_path: Path) -> None:
    def unknown_choice(workbook: Any) -> None:
        workbook[SHEET_REQUIREMENTS]["F3"] = "Yes, mostly"

    problems = _refusal(project, fill(blank_form, tmp_path / "choice.xlsx", edit=unknown_choice))
    assert problems == [
        "Requirements!F3 holds 'Yes, mostly', which is not one of the choices (Complies, Partially complies, "
        "Does not comply)"
    ]

    def swap_rows(workbook: Any) -> None:
        sheet = workbook[SHEET_REQUIREMENTS]
        sheet["A2"].value, sheet["A3"].value = sheet["A3"].value, sheet["A2"].value

    (problem,) = _refusal(project, fill(blank_form, tmp_path / "moved.xlsx", edit=swap_rows))
    assert "rows of the 'Requirements' sheet were moved, inserted or deleted: Requirements!A2 holds" in problem


def test_a_hostile_file_is_refused_by_the_untrusted_reader(project: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "offer.xlsx"
    renamed.write_bytes(b"%PDF-1.7\n")
    (problem,) = _refusal(project, renamed)
    assert problem == (
        f"{renamed}: is not an XLSX workbook: it is a PDF document; ask the sender for the original file as saved "
        "by Excel or LibreOffice"
    )


def test_nothing_is_imported_once_quality_scoring_is_locked(project: Path, blank_form: Path, tmp_path: Path) -> None:
    with ProjectStore.open(project, actor=ACTOR, backup=False) as store:
        store.lock_quality(ACTOR)
        with pytest.raises(ProjectError, match="bids can no longer be added or replaced"):
            plan_response_import(store, fill(blank_form, tmp_path / "late.xlsx"))


# -- totals: computed here, the saved ones only compared ----------------------------------------------


def _with_saved_total(form: Path, cell: str, value: str) -> None:
    """Give a formula cell of the Price sheet a saved result, as a spreadsheet program would."""
    with zipfile.ZipFile(form) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    xml = parts["xl/worksheets/sheet3.xml"].decode("utf-8")
    xml, count = re.subn(rf'(<c r="{cell}"[^>]*><f>[^<]*</f>)<v\s*/?>(</v>)?', rf"\1<v>{value}</v>", xml)
    assert count == 1
    parts["xl/worksheets/sheet3.xml"] = xml.encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, body in parts.items():
            target.writestr(name, body)
    form.write_bytes(buffer.getvalue())


def test_a_saved_total_that_disagrees_is_a_warning_and_never_used(
    project: Path, blank_form: Path, tmp_path: Path
) -> None:
    form = fill(blank_form, tmp_path / "stale.xlsx")
    _with_saved_total(form, "B12", "999")  # the inputs give 310000 + (72000 + 38000.5) × 8 = 1190004
    plan = _import(project, form)
    (warning,) = [w for w in plan.warnings if w.startswith("Price!B12")]
    assert "disagrees with the total of its inputs" in warning and "999" not in warning
    assert plan.form.price is not None and plan.form.price.lifecycle == Decimal("1190004.0")
    with ProjectStore.open(project, backup=False) as store:
        assert store.price_sheets_unsealed()[0].capex == Decimal(310000)
        logged = store.audit_entries()[-1].new_value
    assert isinstance(logged, dict) and warning in logged["warnings"]  # type: ignore[operator]


def test_a_saved_total_that_agrees_gives_no_warning(project: Path, blank_form: Path, tmp_path: Path) -> None:
    form = fill(blank_form, tmp_path / "saved.xlsx")
    for cell, value in (("B10", "576000"), ("B11", "304004"), ("B12", "1190004")):
        _with_saved_total(form, cell, value)
    plan = _import(project, form)
    assert not [w for w in plan.warnings if "B10" in w or "B11" in w or "B12" in w]


# -- the command line -------------------------------------------------------------------------------


def test_the_command_line_imports_and_lists_bids_without_showing_sealed_prices(
    project: Path, blank_form: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    form = fill(blank_form, tmp_path / "civic.xlsx")
    assert main(["bids", "import", str(project), str(form)]) == 0
    err = capsys.readouterr().err
    assert "imported: civic.xlsx adds bid bid-civic-stack-cooperative-ltd (Civic Stack Cooperative Ltd)" in err
    assert "a price sheet for lot 1 (sealed); audit entry" in err and "750" not in err

    assert main(["bids", "import", str(project), str(form)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("procure: there is already a bid bid-civic-stack-cooperative-ltd") and "Traceback" not in err

    assert main(["bids", "list", str(project)]) == 0
    out = capsys.readouterr().out
    assert "bid-civic-stack-cooperative-ltd" in out and "price sealed" in out and "750" not in out
    assert "yes" in out and "2027-04-05T16:12" in out and "complies" in out

    with ProjectStore.open(project, actor=ACTOR, backup=False) as store:
        store.lock_quality(ACTOR)
        store.unseal_prices(ACTOR)
    assert main(["bids", "list", str(project)]) == 0
    assert "1,190,004.00" in capsys.readouterr().out


def test_the_command_line_lists_every_problem_of_a_refused_form(
    project: Path, blank_form: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    form = fill(blank_form, tmp_path / "bad.xlsx", prices={"1": (-1, "lots", 0)})
    assert main(["bids", "import", str(project), str(form)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[:2] == [
        "Price!B6 holds a negative amount; amounts are 0 or more",
        "Price!B7 holds the text 'lots', not an amount; type the amount as a number, without currency or separators",
    ]
    assert err[-1] == f"procure: {form} was not imported (2 problem(s)); nothing changed"
    assert main(["bids", "import", str(tmp_path / "missing.procure"), str(form)]) == 1


# -- LibreOffice: a form saved by a real spreadsheet program ----------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_form_saved_by_libreoffice_imports_with_its_computed_totals(
    project: Path, blank_form: Path, tmp_path: Path
) -> None:
    filled = fill(blank_form, tmp_path / "filled" / "response.xlsx")
    out = tmp_path / "saved"
    result = soffice_convert([filled], "xlsx", out, tmp_path, timeout=180)
    saved = out / filled.name
    if not saved.exists():
        pytest.fail(f"LibreOffice could not convert the form: {result.stderr}")
    workbook = openpyxl.load_workbook(saved, read_only=True)
    assert workbook[SHEET_META].sheet_state in ("hidden", "veryHidden")  # LibreOffice knows only hidden
    workbook.close()

    plan = _import(project, saved)

    assert plan.form.price is not None and plan.form.price.lifecycle == Decimal("1190004.0")
    assert not [w for w in plan.warnings if w.startswith("Price!")], plan.warnings  # its saved totals agree
    assert not plan.notes  # it saved a result for every total
    with ProjectStore.open(project, backup=False) as store:
        (details,) = store.bid_details()
        assert (details.sme, details.submitted) == (True, "2027-04-05T16:12")
        answers = store.compliance_answers(plan.bid)
        assert [a.compliance for a in answers[:3]] == ["complies", "partially-complies", "does-not-comply"]


# -- a tender without lots, and without a duration ---------------------------------------------------

NO_LOTS = """\
tender:
  title: Exit support
  reference: "T-NOLOTS"
  language: en-GB
  procedure: open
  main_category: services
  scope: [software]
  estimated_value: {amount: 100000, currency: EUR}
  dates: {publication: "2027-01-10", submission_deadline: "2027-02-20"}
buyer: {name: City of Testing}
sections:
  - title: Exit
    clauses:
      - clause: exit-plan
      - clause: exit-data-export
      - clause: exit-transition-assistance
"""


def test_a_tender_without_lots_has_one_block_and_the_bidder_enters_the_years(tmp_path: Path) -> None:
    from procure_app.core.project.store.interchange import import_spec
    from procure_app.core.project.store.materialise import prepare_project_tender

    spec = tmp_path / "spec" / "exit.tender.yaml"
    spec.parent.mkdir()
    spec.write_text(NO_LOTS, encoding="utf-8")
    project = tmp_path / "exit.procure"
    with ProjectStore.create(project, "Exit", actor=ACTOR) as store:
        import_spec(store, spec, ACTOR)
        prepared = prepare_project_tender(store, tmp_path / "scratch", paths.library_dir(), paths.guidelines_file())
        assert prepared.tender is not None
        blank = tmp_path / "form.xlsx"
        write_response_form(prepared.tender, blank)

    def years(value: Any) -> Callable[[Any], None]:
        def edit(workbook: Any) -> None:
            workbook[SHEET_PRICE][_lots(workbook)[None]["years"]] = value

        return edit

    prices = {None: (50000, 1000, 2000)}
    (problem,) = _refusal(project, fill(blank, tmp_path / "no-years.xlsx", prices=prices))
    assert problem == "Price!B9 (number of years) holds nothing; it must be a whole number from 1 to 100"
    (problem,) = _refusal(project, fill(blank, tmp_path / "half.xlsx", prices=prices, edit=years(2.5)))
    assert problem.startswith("Price!B9 (number of years) holds '2.5'")

    plan = _import(project, fill(blank, tmp_path / "ok.xlsx", prices=prices, edit=years(3)))
    assert plan.form.lot is None and plan.form.price is not None
    assert (plan.form.price.years, plan.form.price.lifecycle) == (3, Decimal(59000))
    with ProjectStore.open(project, actor=ACTOR, backup=False) as store:
        assert store.price_sheets_unsealed()[0].years == 3
        store.lock_quality(ACTOR)
        with pytest.raises(ProjectError, match="compliance answers can no longer change"):
            store.set_compliance_answer(ACTOR, plan.bid, "R1", compliance="complies", answer="", evidence="")
        with pytest.raises(ProjectError, match="compliance is one of"):
            store.set_compliance_answer(ACTOR, plan.bid, "R1", compliance="yes", answer="", evidence="")
