"""The bidder response form: what a bidder filling it in and an officer reading it back would notice."""

from __future__ import annotations

import errno
import io
import os
import shutil
import subprocess
import zipfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from procure_app import paths
from procure_app.core.base import atomic
from procure_app.core.base.atomic import WriteError
from procure_app.core.library.checked import load_checked_library
from procure_app.core.library.clauses import ClauseLibrary
from procure_app.core.tender.assembly import AssembledTender, assemble
from procure_app.core.tender.response_form import (
    ANSWER_COLUMNS,
    BIDDER_FIELDS,
    COMPLIANCE_OPTIONS,
    FORM_KIND,
    FORM_VERSION,
    REQUIREMENT_COLUMNS,
    SHEET_INSTRUCTIONS,
    SHEET_META,
    SHEET_PRICE,
    SHEET_REQUIREMENTS,
    contract_years,
    render_response_form,
    structure_checksum,
    write_response_form,
)
from procure_app.core.tender.spec import load_spec

from ..office import soffice_convert

SPEC = """\
tender:
  title: "=Test tender & <form>"
  reference: "T-1"
  language: en-GB
  procedure: open
  main_category: services
  scope: [software]
  estimated_value: {amount: 1000000, currency: EUR}
  duration: "30 months"
  dates: {publication: "2027-01-10", submission_deadline: "2027-02-20"}
  lots:
    - {id: "1", title: Platform, estimated_value: {amount: 600000, currency: EUR}}
    - {id: "2", title: Sensors, estimated_value: {amount: 400000, currency: EUR}}
buyer: {name: City of Testing}
sections:
  - title: Exit
    clauses:
      - clause: exit-plan
      - clause: exit-data-export
      - clause: exit-transition-assistance
      - custom:
          id: custom-formula
          title: "-Formula-looking title"
          kind: specification
          text: "=SUM(A1)"
          verification: "@SUM(1+1)"
"""
ANSWER_LETTERS = {"F", "G", "H"}  # Compliance, Bidder's answer, Evidence reference


@pytest.fixture(scope="module")
def library() -> ClauseLibrary:
    loaded, _ = load_checked_library(paths.library_dir(), paths.guidelines_file())
    return loaded


def _tender(folder: Path, library: ClauseLibrary, text: str = SPEC) -> AssembledTender:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "spec.tender.yaml"
    path.write_text(text, encoding="utf-8")
    spec, problems = load_spec(path)
    assert spec is not None, [p.format() for p in problems]
    tender, problems = assemble(spec, library)
    assert tender is not None, [p.format() for p in problems]
    return tender


@pytest.fixture
def tender(tmp_path: Path, library: ClauseLibrary) -> AssembledTender:
    return _tender(tmp_path / "spec", library)


def _open(data: bytes, **options: Any) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data), **options)


def _meta(workbook: Any) -> dict[str, Any]:
    """The label/value rows at the top of the hidden sheet."""
    sheet = workbook[SHEET_META]
    values: dict[str, Any] = {}
    for label, value, *_ in sheet.iter_rows(values_only=True):
        if label is None:
            break
        values[label] = value
    return values


def _lot_cells(workbook: Any) -> list[dict[str, str]]:
    """The hidden sheet's table of price cells, one dict per lot."""
    sheet = workbook[SHEET_META]
    rows = [row[2:] for row in sheet.iter_rows(values_only=True) if len(row) > 4 and row[4] is not None]
    header, *lots = rows
    return [dict(zip(header, lot, strict=True)) for lot in lots]


def test_one_row_per_requirement_with_the_keys_in_order(tender: AssembledTender) -> None:
    sheet = _open(render_response_form(tender))[SHEET_REQUIREMENTS]
    requirements = tender.requirements()
    assert [c.value for c in sheet[1]] == list(REQUIREMENT_COLUMNS)
    keys = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert keys == [r.key for r in requirements]
    assert [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Requirement" if r.kind == "requirement" else "Evidence" for r in requirements
    ]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:H{len(requirements) + 1}"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"


def test_requirement_text_keeps_its_line_breaks(tender: AssembledTender) -> None:
    sheet = _open(render_response_form(tender))[SHEET_REQUIREMENTS]
    texts = {row[0]: row[4] for row in sheet.iter_rows(min_row=2, values_only=True)}
    multi = next(r for r in tender.requirements() if "\n" in r.text)
    assert texts[multi.key] == multi.text


def test_compliance_is_a_list_of_exactly_three_values(tender: AssembledTender) -> None:
    sheet = _open(render_response_form(tender))[SHEET_REQUIREMENTS]
    last = len(tender.requirements()) + 1
    lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert len(lists) == 1
    validation = lists[0]
    assert str(validation.sqref) == f"F2:F{last}"
    assert validation.formula1 == '"Complies,Partially complies,Does not comply"'
    assert tuple(validation.formula1.strip('"').split(",")) == COMPLIANCE_OPTIONS
    assert validation.showErrorMessage is True
    assert validation.errorStyle == "stop"
    assert validation.errorTitle and validation.error
    assert validation.showInputMessage is True and validation.prompt


def test_only_the_answer_cells_are_unlocked_and_every_sheet_is_protected(tender: AssembledTender) -> None:
    workbook = _open(render_response_form(tender))
    last = len(tender.requirements()) + 1
    bidder_cells = {_meta(workbook)[field] for field, _, _ in BIDDER_FIELDS}
    expected = {
        SHEET_INSTRUCTIONS: bidder_cells,
        SHEET_REQUIREMENTS: {f"{letter}{row}" for letter in ANSWER_LETTERS for row in range(2, last + 1)},
        SHEET_PRICE: {lot[name] for lot in _lot_cells(workbook) for name in ("capital", "operating", "maintenance")},
        SHEET_META: set(),
    }
    assert workbook.sheetnames == list(expected)
    assert workbook.security.lockStructure is True
    for sheet in workbook:
        assert sheet.protection.sheet is True, sheet.title
        unlocked = {c.coordinate for row in sheet.iter_rows() for c in row if not c.protection.locked}
        assert unlocked == expected[sheet.title], sheet.title
        fills = {sheet[c].fill.fgColor.rgb for c in unlocked}
        assert fills <= {"00FFF2CC"}, sheet.title  # the light yellow the instructions describe
    header = [c.value for c in workbook[SHEET_REQUIREMENTS][1]]
    assert [header[ord(letter) - ord("A")] for letter in sorted(ANSWER_LETTERS)] == list(ANSWER_COLUMNS)


def test_the_hidden_sheet_identifies_the_form(tender: AssembledTender) -> None:
    workbook = _open(render_response_form(tender))
    sheet = workbook[SHEET_META]
    assert sheet.sheet_state == "veryHidden"
    meta = _meta(workbook)
    assert meta["kind"] == FORM_KIND
    assert meta["form_version"] == FORM_VERSION
    assert meta["reference"] == "T-1"
    assert meta["title"] == "=Test tender & <form>"
    assert meta["checksum"] == structure_checksum(tender)
    assert meta["years"] == 3
    assert meta["requirement_count"] == len(tender.requirements())
    keys = [row[0] for row in sheet.iter_rows(min_row=len(meta) + 3, values_only=True) if row[0] is not None]
    assert keys == [r.key for r in tender.requirements()]


def test_the_bidder_fills_in_name_sme_and_submission_time(tender: AssembledTender) -> None:
    workbook = _open(render_response_form(tender))
    sheet, meta = workbook[SHEET_INSTRUCTIONS], _meta(workbook)
    cells = [meta[field] for field, _, _ in BIDDER_FIELDS]
    assert len(cells) == 3 and all(cell.startswith("B") for cell in cells)
    for cell, (_, label, _) in zip(cells, BIDDER_FIELDS, strict=True):
        assert sheet.cell(row=sheet[cell].row, column=1).value == label
        assert sheet[cell].value is None and not sheet[cell].protection.locked
    assert sheet[cells[0]].number_format == "@"  # a name typed as "=…" stays text
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert validations[cells[1]].formula1 == '"Yes,No"' and validations[cells[1]].showErrorMessage
    assert validations[cells[2]].type == "date" and validations[cells[2]].errorStyle == "warning"
    assert all(v.prompt for v in validations.values())


def test_checksum_follows_the_structure(tmp_path: Path, library: ClauseLibrary, tender: AssembledTender) -> None:
    checksum = structure_checksum(tender)
    assert len(checksum) == 64
    assert structure_checksum(_tender(tmp_path / "same", library)) == checksum
    edited = _tender(tmp_path / "text", library, SPEC.replace('text: "=SUM(A1)"', 'text: "=SUM(A2)"'))
    assert structure_checksum(edited) != checksum
    one_lot = SPEC.replace('    - {id: "2", title: Sensors, estimated_value: {amount: 400000, currency: EUR}}\n', "")
    one_lot = one_lot.replace("amount: 600000", "amount: 1000000")
    assert structure_checksum(_tender(tmp_path / "lots", library, one_lot)) != checksum


def test_formula_like_text_is_stored_as_text(tender: AssembledTender) -> None:
    data = render_response_form(tender)
    workbook = _open(data)
    sheet = workbook[SHEET_REQUIREMENTS]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    number = tender.numbers["custom-formula"]
    for key, column, text in [
        (f"R{number}", 4, "=SUM(A1)"),
        (f"V{number}", 4, "@SUM(1+1)"),
        (f"R{number}", 2, "-Formula-looking title"),
    ]:
        cell = rows[key][column]
        assert (cell.value, cell.data_type) == (text, "s")
    title = workbook[SHEET_INSTRUCTIONS]["B3"]
    assert (title.value, title.data_type) == ("=Test tender & <form>", "s")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        formulas = {name for name in archive.namelist() if b"<f>" in archive.read(name)}
    assert formulas == {"xl/worksheets/sheet3.xml"}  # the Price sheet, and only it


def test_control_characters_are_removed(tmp_path: Path, library: ClauseLibrary) -> None:
    tender = _tender(tmp_path, library, SPEC.replace('text: "=SUM(A1)"', 'text: "a bell\\a rings"'))
    sheet = _open(render_response_form(tender))[SHEET_REQUIREMENTS]
    texts = [row[4] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "a bell rings" in texts


def test_price_sheet_has_live_lifecycle_formulas(tender: AssembledTender) -> None:
    workbook = _open(render_response_form(tender))
    sheet = workbook[SHEET_PRICE]
    lots = _lot_cells(workbook)
    assert [(lot["lot_id"], lot["lot_title"]) for lot in lots] == [("1", "Platform"), ("2", "Sensors")]
    for lot in lots:
        years, capital = lot["years"], lot["capital"]
        assert sheet[years].value == 3 and sheet[years].protection.locked
        total_operating = sheet.cell(row=sheet[years].row + 1, column=2)
        total_maintenance = sheet.cell(row=sheet[years].row + 2, column=2)
        assert total_operating.value == f"={lot['operating']}*{years}"
        assert total_maintenance.value == f"={lot['maintenance']}*{years}"
        lifecycle = f"={capital}+{total_operating.coordinate}+{total_maintenance.coordinate}"
        assert sheet[lot["lifecycle"]].value == lifecycle
        assert sheet[capital].number_format == '#,##0.00 "EUR"'
    grand_total = _meta(workbook)["grand_total"]
    assert sheet[grand_total].value == f"=SUM({lots[0]['lifecycle']},{lots[1]['lifecycle']})"
    (amounts,) = [v for v in sheet.data_validations.dataValidation if v.type == "decimal"]
    assert (amounts.operator, amounts.formula1, amounts.showErrorMessage) == ("greaterThanOrEqual", "0", True)
    inputs = {lot[name] for lot in lots for name in ("capital", "operating", "maintenance")}
    assert {c.coord for c in amounts.sqref.ranges} == inputs


def test_without_lots_one_block_and_no_grand_total(tmp_path: Path, library: ClauseLibrary) -> None:
    spec = SPEC.split("  lots:\n")[0] + "buyer:" + SPEC.split("buyer:", 1)[1]
    spec = spec.replace('  duration: "30 months"\n', "")
    workbook = _open(render_response_form(_tender(tmp_path, library, spec)))
    (lot,) = _lot_cells(workbook)
    assert lot["lot_id"] is None  # no lot: the block is the whole contract
    sheet = workbook[SHEET_PRICE]
    assert sheet.cell(row=sheet[lot["capital"]].row - 1, column=1).value == "Whole contract"
    assert _meta(workbook)["grand_total"] is None
    assert sheet[lot["years"]].value is None and not sheet[lot["years"]].protection.locked  # no duration given


@pytest.mark.parametrize(
    ("duration", "years"),
    [
        ("48 months", 4),
        ("30 months", 3),
        ("12 months", 1),
        ("13 months", 2),
        ("1 month", 1),
        ("365 days", 1),
        ("366 days", 2),
        ("52 weeks", 1),
        ("2 years", 2),
        (None, None),
    ],
)
def test_contract_years_round_up(duration: str | None, years: int | None) -> None:
    assert contract_years(duration) == years


def test_two_builds_give_identical_bytes(tender: AssembledTender) -> None:
    first = render_response_form(tender)
    assert render_response_form(tender) == first
    properties = _open(first).properties
    assert properties.creator == "City of Testing"
    assert properties.created == properties.modified == datetime(2027, 1, 10, 9, 0)


def test_write_creates_the_file(tmp_path: Path, tender: AssembledTender) -> None:
    target = tmp_path / "response.xlsx"
    write_response_form(tender, target)
    assert target.read_bytes() == render_response_form(tender)
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["response.xlsx"]


def test_writing_into_a_read_only_folder_fails_cleanly(
    tmp_path: Path, tender: AssembledTender, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    if os.access(folder, os.W_OK):  # root ignores the mode: refuse the way the system would

        def refuse(**_: object) -> tuple[int, str]:
            raise PermissionError(errno.EACCES, "Permission denied")

        monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    try:
        with pytest.raises(WriteError, match="permission denied"):
            write_response_form(tender, folder / "response.xlsx")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


# -- LibreOffice: the formulas compute what we expect ----------------------------------------------


def _soffice(tmp_path: Path, source: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return soffice_convert([source], "xlsx", out, tmp_path, timeout=180)


def _recalculated(tmp_path: Path, source: Path) -> Path:
    """``source`` opened, recalculated and saved again by LibreOffice; skips when Calc is missing."""
    out = tmp_path / "out"
    result = _soffice(tmp_path, source, out)
    if not (out / source.name).exists():
        probe = tmp_path / "probe" / "plain.xlsx"
        probe.parent.mkdir()
        openpyxl.Workbook().save(probe)
        _soffice(tmp_path, probe, tmp_path / "probe-out")
        if not (tmp_path / "probe-out" / probe.name).exists():
            pytest.skip("LibreOffice cannot open spreadsheets here (is LibreOffice Calc installed?)")
        pytest.fail(f"LibreOffice could not convert the form: {result.stderr}")
    return out / source.name


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_computes_the_lifecycle_costs(tmp_path: Path, tender: AssembledTender) -> None:
    workbook = _open(render_response_form(tender))
    lots = _lot_cells(workbook)
    prices = [(Decimal("125000.50"), Decimal("10000.25"), Decimal("5000")), (Decimal("120000"), Decimal(0), None)]
    sheet = workbook[SHEET_PRICE]
    for lot, (capital, operating, maintenance) in zip(lots, prices, strict=True):
        sheet[lot["capital"]], sheet[lot["operating"]] = float(capital), float(operating)
        sheet[lot["maintenance"]] = float(maintenance) if maintenance is not None else None  # left empty
    filled = tmp_path / "filled" / "response.xlsx"
    filled.parent.mkdir()
    workbook.save(filled)

    result = _open(_recalculated(tmp_path, filled).read_bytes(), data_only=True)
    computed = result[SHEET_PRICE]
    expected = [c + (o + (m or 0)) * 3 for c, o, m in prices]
    for lot, total in zip(lots, expected, strict=True):
        assert computed[lot["lifecycle"]].value == pytest.approx(float(total))
    assert computed[_meta(workbook)["grand_total"]].value == pytest.approx(float(sum(expected)))
    texts = [row[4] for row in result[SHEET_REQUIREMENTS].iter_rows(min_row=2, values_only=True)]
    assert "=SUM(A1)" in texts  # still text after a spreadsheet program saved it


def test_prices_are_counted_over_the_award_clauses_costing_period_not_the_contract() -> None:
    """The example's sensors outlive the 48-month contract: its award clause costs them over 8 years."""
    from procure_app import paths
    from procure_app.core.tender.response_form import costing_years
    from procure_app.core.tender.spec import load_spec

    spec, _ = load_spec(paths.resources_dir() / "examples" / "urban-data-platform.tender.yaml")
    assert spec is not None and spec.duration == "48 months"
    assert costing_years(spec) == 8
