"""Importing a bidder's returned response form: the bid, its details, its price sheet and its answers.

The form (see ``docs/response-form.md``) comes from outside: it is read with
:func:`~procure_app.core.untrusted_xlsx.read_untrusted_xlsx` (opened read-only, never written)
and trusted for nothing it can prove otherwise:

- its hidden ``_procure`` sheet must name this kind of form, a version this Procure reads, and
  the project's tender: the same reference, and the same structure checksum, recomputed from the
  tender spec the project holds (``structure_checksum``). A form for another tender, or for
  another version of this one, is refused with what differs;
- the visible sheets must still have the form's layout: the requirement keys in their rows, the
  price labels beside the price cells, the bidder's details beside their labels;
- an answer cell holding a formula is refused, naming the cell: the buyer must see what the bidder
  typed, and a formula can change with the file it is opened beside;
- amounts are numbers of 0 or more, the number of years a whole number of 1 or more (or the
  number the buyer fixed). The totals are computed here from the inputs; the totals the bidder's
  spreadsheet program saved are only compared, and a disagreement is a warning (never used).
  Forms are imported while quality scoring is open, so while the prices are sealed: no message
  (and so no audit entry) shows an amount.

:func:`import_response_form` then stores the bid, its details, its price sheet (kept sealed),
its answers and one ``import.response_form`` audit entry (file name, SHA-256, counts, warnings)
in one transaction.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from ..assembly import AssembledTender
from ..export.response_form import (
    BIDDER_FIELDS,
    COMPLIANCE_OPTIONS,
    FORM_KIND,
    FORM_VERSION,
    PRICE_ROWS,
    REQUIREMENT_COLUMNS,
    SHEET_INSTRUCTIONS,
    SHEET_META,
    SHEET_PRICE,
    SHEET_REQUIREMENTS,
    SME_OPTIONS,
    costing_years,
    structure_checksum,
)
from ..store import COMPLIANCE_VALUES, ProjectError, ProjectStore
from ..store.audit import Json
from ..untrusted_xlsx import CellRead, SheetRead, UntrustedWorkbookError, WorkbookRead, read_untrusted_xlsx

__all__ = [
    "ResponseFormError",
    "RequirementAnswer",
    "PriceInput",
    "ResponseForm",
    "ResponseImportPlan",
    "COMPLIANCE_WORDS",
    "read_response_form",
    "plan_response_import",
    "apply_response_import",
    "import_response_form",
    "derive_bid_id",
]

_ASK = "ask the bidder for the form exactly as Procure made it, filled in"
_READABLE_VERSIONS = (1, FORM_VERSION)
_META_TABLE = ("lot_id", "lot_title", "capital", "operating", "maintenance", "years", "lifecycle")
_BID_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_SUBMITTED = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?$")
_CELL_B = re.compile(r"^B([1-9]\d{0,5})$")
_MAX_CELL_TEXT = 32_767
_MAX_NAME = 300
_MAX_FACTS = 40
_TOLERANCE = Decimal("0.005")  # half a cent: a spreadsheet's binary arithmetic may differ by less
_COLUMN = {name: index for index, name in enumerate(REQUIREMENT_COLUMNS, start=1)}
COMPLIANCE_WORDS = {
    "complies": "complies",
    "partially-complies": "partially complies",
    "does-not-comply": "does not comply",
    "not-stated": "not stated",
}


class ResponseFormError(ProjectError):
    """A returned form was refused; ``problems`` lists every reason, one sentence each."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        first = problems[0] if problems else "it could not be read"
        message = first if len(problems) == 1 else f"{path.name} was not imported: it has {len(problems)} problems"
        super().__init__(message)


@dataclass(frozen=True)
class RequirementAnswer:
    key: str
    compliance: str | None  # one of COMPLIANCE_VALUES; None when not stated
    answer: str
    evidence: str

    @property
    def empty(self) -> bool:
        return self.compliance is None and not self.answer and not self.evidence


@dataclass(frozen=True)
class PriceInput:
    """The inputs of one lot's price block; the totals are computed from them, never read."""

    lot: str | None
    capex: Decimal
    opex_per_year: Decimal
    maintenance_per_year: Decimal
    years: int

    @property
    def lifecycle(self) -> Decimal:
        return self.capex + (self.opex_per_year + self.maintenance_per_year) * self.years


@dataclass(frozen=True)
class ResponseForm:
    """A returned form, checked: what it says, and what the user must be told about it."""

    path: Path
    sha256: str
    form_version: int
    reference: str
    bidder: str | None  # None when the form has no bidder cells (version 1) or the cell is empty
    sme: bool | None
    submitted: str | None  # "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM[:SS]", as the evaluation file writes it
    has_identity: bool
    answers: tuple[RequirementAnswer, ...]
    requirement_count: int
    lot: str | None
    price: PriceInput | None
    warnings: tuple[str, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class ResponseImportPlan:
    """What importing a checked form would store: the bid, its bidder, and what to tell the user."""

    path: Path
    form: ResponseForm
    bid: str
    bidder: str  # the name the bid carries (the project's own when replacing a bid)
    replaces: str | None  # the bidder of the bid replaced; None for a new bid
    warnings: tuple[str, ...]
    counts: dict[str, int]  # answers per compliance value (and "not-stated"), and "requirements"
    prices_sealed: bool
    had_form: bool = False  # the bid replaced already held a form's content (not just a set-up entry)

    @property
    def notes(self) -> tuple[str, ...]:
        return self.form.notes

    def summary(self) -> str:
        """One line: the bid, its answers and whether it has a price (never an amount)."""
        answers = ", ".join(f"{self.counts.get(key, 0)} {words}" for key, words in COMPLIANCE_WORDS.items())
        lot = f" for lot {self.form.lot}" if self.form.lot else ""
        if self.form.price is None:
            price = f"no price{lot}"
        else:
            price = f"a price sheet{lot}" + (" (sealed)" if self.prices_sealed else "")
        verb = "adds" if self.replaces is None else "replaces" if self.had_form else "fills in"
        return (
            f"{self.path.name} {verb} bid {self.bid} ({self.bidder}): {self.counts.get('requirements', 0)} "
            f"requirement(s): {answers}; {price}"
        )


# -- reading and checking ---------------------------------------------------------------------------


def read_response_form(
    store: ProjectStore, path: Path | str, *, library_root: Path | None = None, guidelines_path: Path | None = None
) -> ResponseForm:
    """Check the returned form at ``path`` against the project; raises ``ResponseFormError``."""
    path = Path(path)
    tender = _project_tender(store, library_root, guidelines_path)
    try:
        workbook = read_untrusted_xlsx(path, only=(SHEET_INSTRUCTIONS, SHEET_REQUIREMENTS, SHEET_PRICE, SHEET_META))
    except UntrustedWorkbookError as exc:
        raise ResponseFormError(path, [str(exc)]) from None
    reader = _FormReader(path, workbook, tender)
    try:
        return reader.read(_project_lot(store, tender, path))
    except _Refused as refused:
        raise ResponseFormError(path, [refused.problem]) from None


def _project_tender(store: ProjectStore, library_root: Path | None, guidelines_path: Path | None) -> AssembledTender:
    """The tender the project holds, assembled from its spec and lock (to recompute the checksum)."""
    from ... import paths
    from ..store.materialise import prepare_project_tender

    with tempfile.TemporaryDirectory(prefix="procure-form-") as scratch:
        prepared = prepare_project_tender(
            store, Path(scratch), library_root or paths.library_dir(), guidelines_path or paths.guidelines_file()
        )
    if not prepared.ok or prepared.tender is None:
        errors = [d for d in prepared.diagnostics if d.is_error]
        first = f" ({errors[0].message})" if errors else ""
        raise ProjectError(
            f"the tender spec in {store.path.name} has {len(errors) or 1} error(s){first}, so returned forms cannot "
            "be checked against it; export it (procure project export) and fix it with procure tender check"
        )
    return prepared.tender


def _project_lot(store: ProjectStore, tender: AssembledTender, path: Path) -> str | None:
    """The lot whose price block is read: the evaluation's lot (None for a tender without lots)."""
    lots = [lot.id for lot in tender.spec.lots]
    header = store.evaluation_header()
    lot = header.lot if header is not None else None
    if not lots:
        return None
    if lot is None:
        raise ResponseFormError(
            path,
            [
                f"the tender has lots ({', '.join(lots)}) and this project does not say which one it evaluates "
                "(its evaluation names no lot), so Procure cannot tell which price to take; import the evaluation "
                "of one lot first (procure project import --evaluation)"
            ],
        )
    if lot not in lots:
        raise ResponseFormError(
            path, [f"the project evaluates lot {lot}, which the tender does not have (its lots: {', '.join(lots)})"]
        )
    return lot


class _Refused(Exception):
    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def _at(sheet: str, row: int, column: int) -> str:
    return f"{sheet}!{get_column_letter(column)}{row}"


def _shown(value: Any) -> str:
    text = str(value).strip()
    return text if len(text) <= 40 else text[:39] + "…"


def _whole(value: Any) -> int | None:
    """A whole number written as an int, an integral float or clean digits; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 10:
        return int(value.strip())
    return None


class _FormReader:
    """Reads one returned form; problems are collected, warnings and notes kept for the user."""

    def __init__(self, path: Path, workbook: WorkbookRead, tender: AssembledTender) -> None:
        self.path = path
        self.name = path.name
        self.workbook = workbook
        self.tender = tender
        self.requirements = tender.requirements()
        self.problems: list[str] = []
        self.warnings: list[str] = []
        self.notes: list[str] = []

    def read(self, lot: str | None) -> ResponseForm:
        meta = self._sheet(SHEET_META)
        facts, table_row = self._facts(meta)
        version = self._identity(meta, facts)
        sheets = {name: self._sheet(name) for name in (SHEET_INSTRUCTIONS, SHEET_REQUIREMENTS, SHEET_PRICE)}
        blocks = self._price_table(meta, table_row)
        self._requirement_rows(sheets[SHEET_REQUIREMENTS])
        answers = self._answers(sheets[SHEET_REQUIREMENTS])
        identity = self._bidder(sheets[SHEET_INSTRUCTIONS], facts) if version >= 2 else (None, None, None)
        price = _PriceReader(self, sheets[SHEET_PRICE], facts).read(blocks, lot)
        if self.problems:
            raise ResponseFormError(self.path, self.problems)
        unanswered = [answer.key for answer in answers if answer.compliance is None]
        if unanswered:
            listed = ", ".join(unanswered[:10]) + (", …" if len(unanswered) > 10 else "")
            self.warnings.append(f"{len(unanswered)} requirement(s) have no compliance answer: {listed}")
        return ResponseForm(
            path=self.path,
            sha256=self.workbook.sha256,
            form_version=version,
            reference=self.tender.spec.reference,
            bidder=identity[0],
            sme=identity[1],
            submitted=identity[2],
            has_identity=version >= 2,
            answers=tuple(answers),
            requirement_count=len(answers),
            lot=lot,
            price=price,
            warnings=tuple(self.warnings),
            notes=tuple(self.notes),
        )

    # -- the hidden sheet and the form's identity -----------------------------------------------

    def _sheet(self, name: str) -> SheetRead:
        sheet = self.workbook.sheet(name)
        if sheet is None:
            if name == SHEET_META:
                raise _Refused(
                    f"{self.name} is not a Procure response form (it has no hidden '{SHEET_META}' sheet); "
                    "import the form Procure made for the tender, as the bidder returned it"
                )
            raise _Refused(f"{self.name}: the sheet '{name}' is missing; sheets must not be renamed or deleted; {_ASK}")
        return sheet

    def _facts(self, meta: SheetRead) -> tuple[dict[str, Any], int]:
        facts: dict[str, Any] = {}
        row = 1
        while row <= _MAX_FACTS and meta.text(row, 1):
            cell = meta.cell(row, 2)
            if cell is not None and cell.is_formula:
                raise _Refused(f"{self.name}: the hidden '{SHEET_META}' sheet was changed (row {row}); {_ASK}")
            facts[meta.text(row, 1)] = None if cell is None else cell.value
            row += 1
        return facts, row + 1

    def _identity(self, meta: SheetRead, facts: dict[str, Any]) -> int:
        kind = str(facts.get("kind") or "")
        if kind != FORM_KIND:
            what = f"a Procure workbook of kind '{_shown(kind)}'" if kind else "not a Procure response form"
            raise _Refused(f"{self.name} is {what}, not a bidder's response form; import a returned response form")
        version = _whole(facts.get("form_version"))
        if version not in _READABLE_VERSIONS:
            shown = _shown(facts.get("form_version"))
            newer = version is not None and version > FORM_VERSION
            advice = "update Procure to import it" if newer else _ASK
            raise _Refused(
                f"{self.name} is a response form of version '{shown}'; this Procure reads versions "
                f"1 to {FORM_VERSION}; {advice}"
            )
        assert version is not None
        if meta.state == "visible":
            self.warnings.append(f"the hidden '{SHEET_META}' sheet of {self.name} was made visible; it was checked")
        spec = self.tender.spec
        reference = str(facts.get("reference") or "").strip()
        if reference != spec.reference:
            title = _shown(facts.get("title") or "")
            raise _Refused(
                f"{self.name} is the response form of tender '{_shown(reference)}' ({title}), not of this project's "
                f"tender '{spec.reference}' ({_shown(spec.title)}); import it into the project of its own tender"
            )
        if str(facts.get("checksum") or "") != structure_checksum(self.tender):
            difference = self._difference(meta)
            raise _Refused(
                f"{self.name} was made for another version of tender {spec.reference}: {difference}; "
                "import it into a project holding the spec the form was made from, or send the bidder the form "
                "built from the tender as it stands"
            )
        return version

    def _difference(self, meta: SheetRead) -> str:
        """What differs between the form's structure and the project's tender, in words."""
        _, table_row = self._facts(meta)
        form_keys = []
        row = table_row + 1
        while meta.text(row, 1) and row <= meta.max_row:
            form_keys.append(meta.text(row, 1))
            row += 1
        keys = [r.key for r in self.requirements]
        if form_keys != keys:
            only_form = [k for k in form_keys if k not in set(keys)]
            only_project = [k for k in keys if k not in set(form_keys)]
            parts = [f"the form has {len(form_keys)} requirement rows, the project's tender {len(keys)}"]
            if only_form:
                parts.append("only in the form: " + ", ".join(only_form[:8]) + (", …" if len(only_form) > 8 else ""))
            if only_project:
                listed = ", ".join(only_project[:8]) + (", …" if len(only_project) > 8 else "")
                parts.append("only in the project: " + listed)
            if not only_form and not only_project:
                parts.append("the requirements are in another order")
            return "; ".join(parts)
        lots = [meta.text(row, 3) for row in range(table_row + 1, table_row + 101) if meta.text(row, 5)]
        project_lots = [lot.id for lot in self.tender.spec.lots] or [""]
        if lots != project_lots:
            return f"its lots ({', '.join(lots) or 'none'}) are not the tender's ({', '.join(project_lots) or 'none'})"
        return (
            "its requirement keys and lots agree, but its structure checksum does not: the wording of a requirement "
            "changed since the form was made, or the form's hidden sheet was edited"
        )

    def _price_table(self, meta: SheetRead, top: int) -> list[dict[str, str]]:
        header = tuple(meta.text(top, column) for column in range(3, 3 + len(_META_TABLE)))
        if meta.text(top, 1) != "requirement_key" or header != _META_TABLE:
            raise _Refused(f"{self.name}: the hidden '{SHEET_META}' sheet was changed (row {top}); {_ASK}")
        blocks = []
        for row in range(top + 1, top + 101):
            if not meta.text(row, 5):
                break
            blocks.append({name: meta.text(row, column) for column, name in enumerate(_META_TABLE, start=3)})
        expected = [lot.id for lot in self.tender.spec.lots] or [""]
        if [block["lot_id"] for block in blocks] != expected:
            raise _Refused(f"{self.name}: the hidden '{SHEET_META}' sheet was changed (its price blocks); {_ASK}")
        return blocks

    # -- the Requirements sheet -------------------------------------------------------------------

    def _requirement_rows(self, sheet: SheetRead) -> None:
        """The header and the key of every row are where Procure wrote them."""
        header = tuple(sheet.text(1, column) for column in range(1, len(REQUIREMENT_COLUMNS) + 1))
        if header != REQUIREMENT_COLUMNS:
            raise _Refused(f"{self.name}: the header row of the '{SHEET_REQUIREMENTS}' sheet was changed; {_ASK}")
        moved = []
        requirements = self.requirements
        for row, requirement in enumerate(requirements, start=2):
            if sheet.text(row, 1) != requirement.key:
                moved.append(
                    f"{_at(SHEET_REQUIREMENTS, row, 1)} holds '{_shown(sheet.text(row, 1))}' "
                    f"instead of {requirement.key}"
                )
        if sheet.text(len(requirements) + 2, 1):
            moved.append(f"{_at(SHEET_REQUIREMENTS, len(requirements) + 2, 1)} should be empty")
        if moved:
            more = f" (and {len(moved) - 3} more)" if len(moved) > 3 else ""
            raise _Refused(
                f"{self.name}: rows of the '{SHEET_REQUIREMENTS}' sheet were moved, inserted or deleted: "
                f"{'; '.join(moved[:3])}{more}; {_ASK}"
            )

    def _answers(self, sheet: SheetRead) -> list[RequirementAnswer]:
        answers = []
        columns = [_COLUMN[name] for name in ("Compliance", "Bidder's answer", "Evidence reference")]
        for row, requirement in enumerate(self.requirements, start=2):
            compliance = self._compliance(sheet, row, columns[0])
            answer = self._text(sheet, SHEET_REQUIREMENTS, row, columns[1])
            evidence = self._text(sheet, SHEET_REQUIREMENTS, row, columns[2])
            answers.append(RequirementAnswer(requirement.key, compliance, answer or "", evidence or ""))
        return answers

    def _compliance(self, sheet: SheetRead, row: int, column: int) -> str | None:
        text = self._text(sheet, SHEET_REQUIREMENTS, row, column)
        if not text:
            return None
        wanted = " ".join(text.split()).casefold()
        for option, value in zip(COMPLIANCE_OPTIONS, COMPLIANCE_VALUES, strict=True):
            if wanted == option.casefold():
                return value
        choices = ", ".join(COMPLIANCE_OPTIONS)
        self.problems.append(
            f"{_at(SHEET_REQUIREMENTS, row, column)} holds '{_shown(text)}', which is not one of "
            f"the choices ({choices})"
        )
        return None

    def _text(self, sheet: SheetRead, name: str, row: int, column: int) -> str | None:
        """The text of an answer cell ('' when empty); None, with a problem, for a formula or an overlong text."""
        cell = sheet.cell(row, column)
        if cell is None:
            return ""
        if cell.is_formula:
            self.problems.append(
                f"{_at(name, row, column)} holds a formula ({_shown(cell.value)}); answers must be "
                "typed, not calculated: ask the bidder to type the value itself"
            )
            return None
        value = cell.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        elif isinstance(value, datetime | date):
            value = value.isoformat()
        text = str(value).strip()
        if len(text) > _MAX_CELL_TEXT:
            self.problems.append(f"{_at(name, row, column)} holds more text than a cell can ({_MAX_CELL_TEXT:,})")
            return None
        return text

    # -- the bidder's details ---------------------------------------------------------------------

    def _bidder(self, sheet: SheetRead, facts: dict[str, Any]) -> tuple[str | None, bool | None, str | None]:
        cells = []
        for field_name, label, _ in BIDDER_FIELDS:
            match = _CELL_B.match(str(facts.get(field_name) or ""))
            if match is None or sheet.text(int(match.group(1)), 1) != label:
                raise _Refused(
                    f"{self.name}: the bidder's details on the '{SHEET_INSTRUCTIONS}' sheet are not where "
                    f"the form put them ('{label}'); {_ASK}"
                )
            cells.append(int(match.group(1)))
        name = self._text(sheet, SHEET_INSTRUCTIONS, cells[0], 2)
        if name and len(" ".join(name.split())) > _MAX_NAME:
            self.problems.append(
                f"{_at(SHEET_INSTRUCTIONS, cells[0], 2)} holds a name of more than {_MAX_NAME} characters"
            )
        sme = self._sme(sheet, cells[1])
        submitted = self._submitted(sheet, cells[2])
        return (" ".join(name.split()) or None) if name else None, sme, submitted

    def _sme(self, sheet: SheetRead, row: int) -> bool | None:
        cell = sheet.cell(row, 2)
        if cell is not None and not cell.is_formula and isinstance(cell.value, bool):
            return cell.value
        text = self._text(sheet, SHEET_INSTRUCTIONS, row, 2)
        if text is None:
            return None
        if not text:
            self.warnings.append(
                f"{_at(SHEET_INSTRUCTIONS, row, 2)} does not say whether the bidder is an SME; "
                "it is recorded as not an SME"
            )
            return None
        for option, value in zip(SME_OPTIONS, (True, False), strict=True):
            if text.casefold() == option.casefold():
                return value
        self.problems.append(f"{_at(SHEET_INSTRUCTIONS, row, 2)} holds '{_shown(text)}'; the SME answer is Yes or No")
        return None

    def _submitted(self, sheet: SheetRead, row: int) -> str | None:
        cell = sheet.cell(row, 2)
        if cell is None:
            return None
        value = cell.value
        if not cell.is_formula and isinstance(value, datetime):
            return value.isoformat(timespec="seconds" if value.second else "minutes")
        if not cell.is_formula and isinstance(value, date):
            return value.isoformat()
        text = self._text(sheet, SHEET_INSTRUCTIONS, row, 2)
        if text and _SUBMITTED.match(text):
            try:
                datetime.fromisoformat(text)
                return text.replace(" ", "T")
            except ValueError:
                pass
        if text:
            self.warnings.append(
                f"{_at(SHEET_INSTRUCTIONS, row, 2)} holds '{_shown(text)}', not a date and time; "
                "the time of submission was not recorded from the form"
            )
        return None


class _PriceReader:
    """The price block of the project's lot: inputs checked, totals computed and compared."""

    def __init__(self, form: _FormReader, sheet: SheetRead, facts: dict[str, Any]) -> None:
        self.form = form
        self.sheet = sheet
        self.facts = facts
        self.name = form.name
        self.uncached: list[str] = []  # total cells without a result saved by a spreadsheet program

    def read(self, blocks: list[dict[str, str]], lot: str | None) -> PriceInput | None:
        rows = [self._rows(block) for block in blocks]
        index = next(i for i, block in enumerate(blocks) if block["lot_id"] == (lot or ""))
        fixed_years = self._fixed_years()
        price = self._block(rows[index], blocks[index], lot, fixed_years, strict=True)
        if price is None or self.form.problems:
            return price
        self._compare(rows[index], blocks[index], price)
        self._grand_total(rows, blocks, fixed_years)
        if self.uncached:
            self.form.notes.append(
                f"the totals ({', '.join(self.uncached)}) hold no results saved by a spreadsheet program (the form "
                "was filled in without one), so there was nothing to compare; Procure computes them from the inputs"
            )
        return price

    def _rows(self, block: dict[str, str]) -> int:
        """The row of the block's capital cost, once the cells and labels are where the form put them."""
        match = _CELL_B.match(block["capital"])
        top = int(match.group(1)) if match else 0
        expected = [f"B{top + offset}" for offset in (0, 1, 2, 3, 6)]
        found = [block[name] for name in ("capital", "operating", "maintenance", "years", "lifecycle")]
        title = f"Lot {block['lot_id']}: {block['lot_title']}" if block["lot_id"] else "Whole contract"
        labels = [self.sheet.text(top + offset, 1) for offset in range(len(PRICE_ROWS))]
        if not match or found != expected or labels != list(PRICE_ROWS) or self.sheet.text(top - 1, 1) != title:
            what = f"lot {block['lot_id']}" if block["lot_id"] else "the whole contract"
            raise _Refused(
                f"{self.name}: the price block of {what} on the '{SHEET_PRICE}' sheet is not where the "
                f"form put it; {_ASK}"
            )
        return top

    def _fixed_years(self) -> int | None:
        fixed = _whole(self.facts.get("years")) if self.facts.get("years") is not None else None
        project = costing_years(self.form.tender.spec)
        if fixed != project:
            raise _Refused(
                f"{self.name} counts prices over {fixed or 'no'} year(s), but the project's tender now says "
                f"{project or 'none'}; send the bidder "
                "the form built from the tender as it stands"
            )
        return fixed

    def _block(
        self, top: int, block: dict[str, str], lot: str | None, fixed: int | None, *, strict: bool
    ) -> PriceInput | None:
        """The block's inputs (None when all are empty); with ``strict``, problems are reported."""
        read = [self._amount(top + offset, strict) for offset in range(3)]
        if not all(ok for ok, _ in read):
            return None
        amounts = [amount for _, amount in read]
        if all(amount is None for amount in amounts):
            if strict:
                what = f"lot {lot}" if lot else "the whole contract"
                self.form.warnings.append(
                    f"the price block of {what} ({SHEET_PRICE}!B{top}:B{top + 2}) is empty: no "
                    "price sheet was stored; a bid needs one unless the award is on quality only"
                )
            return None
        years = self._years(top + 3, fixed, strict)
        if years is None:
            return None
        capex, opex, maintenance = (Decimal(0) if a is None else a for a in amounts)
        return PriceInput(lot, capex, opex, maintenance, years)

    def _amount(self, row: int, strict: bool) -> tuple[bool, Decimal | None]:
        """(readable, amount): (True, None) for an empty cell; (False, None), with a problem, for a bad one."""
        cell = self.sheet.cell(row, 2)
        if cell is None or (isinstance(cell.value, str) and not cell.value.strip()):
            return True, None
        problem, amount = _read_amount(cell)
        if problem is not None:
            if strict:
                self.form.problems.append(f"{_at(SHEET_PRICE, row, 2)} {problem}")
            return False, None
        return True, amount

    def _years(self, row: int, fixed: int | None, strict: bool) -> int | None:
        cell = self.sheet.cell(row, 2)
        where = _at(SHEET_PRICE, row, 2)
        value = None if cell is None else cell.value
        years = None if cell is None or cell.is_formula else _whole(value)
        problem = None
        if cell is not None and cell.is_formula:
            problem = f"{where} holds a formula ({_shown(value)}); the number of years must be typed"
        elif fixed is not None and years != fixed:
            problem = f"{where} holds '{_shown(value)}', but the form counts prices over {fixed} year(s); {_ASK}"
        elif years is None or years < 1:
            shown = "nothing" if value is None else f"'{_shown(value)}'"
            problem = f"{where} (number of years) holds {shown}; it must be a whole number, 1 or more"
        if problem is not None:
            if strict:
                self.form.problems.append(problem)
            return None
        return years

    def _compare(self, top: int, block: dict[str, str], price: PriceInput) -> None:
        """Compare the totals the bidder's program saved with the ones computed from the inputs."""
        totals = (
            (top + 4, f"={block['operating']}*{block['years']}", price.opex_per_year * price.years),
            (top + 5, f"={block['maintenance']}*{block['years']}", price.maintenance_per_year * price.years),
            (top + 6, f"={block['capital']}+B{top + 4}+B{top + 5}", price.lifecycle),
        )
        what = f"lot {price.lot}" if price.lot else "the whole contract"
        for (row, formula, expected), label in zip(totals, PRICE_ROWS[4:], strict=True):
            self._check_total(row, formula, expected, f"{label.lower()} of {what}")

    def _grand_total(self, rows: list[int], blocks: list[dict[str, str]], fixed: int | None) -> None:
        cell_name = str(self.facts.get("grand_total") or "")
        match = _CELL_B.match(cell_name)
        if not match:
            return
        prices = [self._block(top, block, None, fixed, strict=False) for top, block in zip(rows, blocks, strict=True)]
        totals = [Decimal(0) if price is None else price.lifecycle for price in prices]
        formula = "=SUM(" + ",".join(block["lifecycle"] for block in blocks) + ")"
        readable = all(price is not None or self._block_empty(top) for price, top in zip(prices, rows, strict=True))
        self._check_total(
            int(match.group(1)), formula, sum(totals, Decimal(0)) if readable else None, "lifecycle cost of all lots"
        )

    def _block_empty(self, top: int) -> bool:
        return all(self.sheet.cell(top + offset, 2) is None for offset in range(3))

    def _check_total(self, row: int, formula: str, expected: Decimal | None, what: str) -> None:
        cell = self.sheet.cell(row, 2)
        where = _at(SHEET_PRICE, row, 2)
        if cell is None or not cell.is_formula:
            self.form.warnings.append(
                f"{where} ({what}) no longer holds the form's formula; Procure computes the total from the inputs"
            )
        elif "".join(str(cell.value).split()).upper() != formula.upper():
            self.form.warnings.append(
                f"{where} ({what}) holds a formula other than the form's ({_shown(cell.value)}); "
                "Procure computes the total from the inputs"
            )
        cached = None if cell is None else (cell.cached if cell.is_formula else cell.value)
        if cached is None or expected is None:
            if cached is None and cell is not None and cell.is_formula:
                self.uncached.append(where)
            return
        saved = _decimal(cached)
        if saved is None:
            self.form.warnings.append(
                f"{where} ({what}) shows '{_shown(cached)}' instead of a number; Procure computes "
                "the total from the inputs"
            )
        elif abs(saved - expected) > _TOLERANCE:
            self.form.warnings.append(
                f"{where} ({what}) as last calculated by the bidder's spreadsheet program disagrees with the total "
                "of its inputs; Procure stores the inputs and uses the total computed from them; check the form "
                "with the bidder (amounts are not shown while the prices are sealed)"
            )


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)) if value == value and abs(value) != float("inf") else None
    return None


def _read_amount(cell: CellRead) -> tuple[str | None, Decimal | None]:
    """(problem, amount): a number of 0 or more, or clean digits typed as text."""
    if cell.is_formula:
        return f"holds a formula ({_shown(cell.value)}); type the amount itself, not a formula", None
    value = cell.value
    amount = _decimal(value)
    if amount is None and isinstance(value, str) and _NUMBER.match(value.strip()):
        try:
            amount = Decimal(value.strip())
        except InvalidOperation:  # pragma: no cover  # the pattern only lets numbers through
            amount = None
    if amount is None:
        shown = f"the text '{_shown(value)}'" if isinstance(value, str) else f"a {type(value).__name__}"
        return f"holds {shown}, not an amount; type the amount as a number, without currency or separators", None
    if amount < 0:
        return "holds a negative amount; amounts are 0 or more", None
    return None, amount


# -- storing ----------------------------------------------------------------------------------------


def derive_bid_id(bidder: str) -> str:
    """A bid id from a bidder's name: ``bid-`` and its words in lowercase ASCII, at most 64 characters."""
    folded = unicodedata.normalize("NFKD", bidder).encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", folded)
    if not words:
        return "bid-" + hashlib.sha256(bidder.encode("utf-8")).hexdigest()[:8]
    bid = "bid"
    for word in words:
        if len(bid) + 1 + len(word) > 64:
            break
        bid += "-" + word
    return bid if bid != "bid" else "bid-" + words[0][:60]


def plan_response_import(
    store: ProjectStore,
    path: Path | str,
    *,
    bid: str | None = None,
    bidder: str | None = None,
    replace: bool = False,
    library_root: Path | None = None,
    guidelines_path: Path | None = None,
) -> ResponseImportPlan:
    """Check the returned form and say what importing it would store (nothing is stored yet).

    ``bidder`` names the bidder when the form does not (a version 1 form), or overrides the form's
    name; ``bid`` is the bid's id (default: derived from the name). An existing bid is refused
    unless ``replace``. Raises ``ResponseFormError`` (every problem of the file) or ``ProjectError``.
    """
    path = Path(path)
    _require_open(store)
    form = read_response_form(store, path, library_root=library_root, guidelines_path=guidelines_path)
    warnings = list(form.warnings)
    name = _bidder_name(form, bidder, warnings)
    bid_id = bid if bid is not None else derive_bid_id(name)
    existing = _check_bid(store, path, bid_id, name, replace, form, warnings)
    _earlier_imports(store, form, bid_id, warnings)
    counts = Counter({value: 0 for value in (*COMPLIANCE_VALUES, "not-stated")})
    counts.update(answer.compliance or "not-stated" for answer in form.answers)
    counts["requirements"] = form.requirement_count
    had_form = existing is not None and _has_form(store, bid_id)
    return ResponseImportPlan(
        path,
        form,
        bid_id,
        existing or name,
        existing,
        tuple(warnings),
        dict(counts),
        store.envelope().prices_sealed,
        had_form,
    )


def apply_response_import(store: ProjectStore, plan: ResponseImportPlan, actor: str) -> int:
    """Store what ``plan`` found, in one transaction; returns the sequence number of the import's audit entry.

    Refused (``ProjectError``) when the project changed since the plan in a way that matters: quality
    scoring locked, or the bid added or removed meanwhile.
    """
    _require_open(store)
    current = store.bids().get(plan.bid)
    if (current is None) != (plan.replaces is None):
        change = "was added" if current is not None else "was removed"
        raise ProjectError(f"bid {plan.bid} {change} since {plan.path.name} was checked; import it again")
    form = plan.form
    with store.batch():
        if plan.replaces is None:
            store.add_bid(actor, plan.bid, plan.bidder)
        if form.has_identity and (form.sme is not None or form.submitted is not None or plan.replaces is None):
            store.set_bid_details(actor, plan.bid, sme=bool(form.sme), submitted=form.submitted)
        if form.price is not None:
            price = form.price
            store.set_price_sheet(
                actor,
                plan.bid,
                capex=price.capex,
                opex_per_year=price.opex_per_year,
                maintenance_per_year=price.maintenance_per_year,
                years=price.years,
            )
        _store_answers(store, actor, plan.bid, form)
        details: dict[str, Json] = {
            "file": plan.path.name,
            "sha256": form.sha256,
            "form_version": form.form_version,
            "bidder": plan.bidder,
            "lot": form.lot,
            "replaced": plan.replaces is not None,
            "price_sheet": form.price is not None,
            "counts": dict(plan.counts),
            "warnings": list(plan.warnings),
        }
        return store.record_import(actor, "response_form", f"bid/{plan.bid}", details)


def import_response_form(
    store: ProjectStore,
    path: Path | str,
    actor: str,
    *,
    bid: str | None = None,
    bidder: str | None = None,
    replace: bool = False,
    library_root: Path | None = None,
    guidelines_path: Path | None = None,
) -> ResponseImportPlan:
    """Check the returned form and store it (see :func:`plan_response_import`); returns the plan it applied."""
    plan = plan_response_import(
        store, path, bid=bid, bidder=bidder, replace=replace, library_root=library_root, guidelines_path=guidelines_path
    )
    apply_response_import(store, plan, actor)
    return plan


def _require_open(store: ProjectStore) -> None:
    state = store.envelope()
    if state.quality_locked:
        raise ProjectError(
            f"quality scoring was locked on {state.quality_locked_at}; bids can no longer be added or replaced"
        )


def _bidder_name(form: ResponseForm, given: str | None, warnings: list[str]) -> str:
    name = " ".join(given.split()) if given is not None else None
    if name is not None and not name:
        raise ProjectError("the bidder's name must not be empty")
    if name is not None and len(name) > _MAX_NAME:
        raise ProjectError(f"the bidder's name has more than {_MAX_NAME} characters")
    if name is not None:
        if form.bidder is not None and form.bidder != name:
            warnings.append(f"the form names the bidder '{form.bidder}'; it was imported as '{name}', as asked")
        return name
    if form.bidder is not None:
        return form.bidder
    if form.has_identity:
        raise ResponseFormError(
            form.path,
            [
                f"{form.path.name} does not name the bidder (the '{BIDDER_FIELDS[0][1]}' "
                f"cell on the '{SHEET_INSTRUCTIONS}' sheet is empty); give the bidder's "
                "name (--bidder NAME)"
            ],
        )
    raise ResponseFormError(
        form.path,
        [
            f"{form.path.name} is a version {form.form_version} form, which has no cell "
            "for the bidder's name; give it (--bidder NAME)"
        ],
    )


def _check_bid(
    store: ProjectStore, path: Path, bid_id: str, name: str, replace: bool, form: ResponseForm, warnings: list[str]
) -> str | None:
    """The bidder the project already has for ``bid_id`` (None for a new bid), once replacing it is allowed."""
    if not _BID_ID.match(bid_id) or len(bid_id) > 64:
        raise ProjectError(
            f"'{bid_id}' is not a bid id: use lowercase letters and digits in words joined by hyphens (e.g. bid-a), "
            "at most 64 characters"
        )
    bids = store.bids()
    existing = bids.get(bid_id)
    # A bid registered ahead of its form (an evaluation set-up lists the bidders) simply receives it.
    if existing is not None and not replace and _has_form(store, bid_id):
        raise ProjectError(
            f"there is already a bid {bid_id} ({existing}); to replace its details, price and answers with "
            f"{path.name}, import again with --replace, or give another id with --bid"
        )
    if existing is not None and existing != name:
        warnings.append(
            f"the project names the bidder of {bid_id} '{existing}'; that name was kept (the form says '{name}')"
        )
    if existing is not None and form.price is None and store.price_sheet_count():
        if bid_id in {row.bid for row in store.price_sheets_unsealed()}:
            raise ProjectError(
                f"bid {bid_id} has a price sheet and {path.name} has none for its lot; Procure does not remove a "
                "price on import: check the form with the bidder"
            )
    same = [other for other, bidder in bids.items() if other != bid_id and bidder.casefold() == name.casefold()]
    if same:
        warnings.append(f"bid {same[0]} has the same bidder, {name}; check that this is not the same tender twice")
    return existing


def _has_form(store: ProjectStore, bid_id: str) -> bool:
    """Whether the bid already holds what a form brings: a price sheet, answers or an earlier import."""
    if bid_id in {row.bid for row in store.price_sheets_unsealed()} or store.compliance_answers(bid_id):
        return True
    return any(e.action == "import.response_form" and e.entity == f"bid/{bid_id}" for e in store.audit_entries())


def _earlier_imports(store: ProjectStore, form: ResponseForm, bid_id: str, warnings: list[str]) -> None:
    for entry in store.audit_entries():
        if entry.action != "import.response_form" or not isinstance(entry.new_value, dict):
            continue
        if entry.new_value.get("sha256") == form.sha256 and entry.entity != f"bid/{bid_id}":
            warnings.append(f"the same file was imported before, as {entry.entity.removeprefix('bid/')}")
            return


def _store_answers(store: ProjectStore, actor: str, bid_id: str, form: ResponseForm) -> None:
    before = {answer.requirement for answer in store.compliance_answers(bid_id)}
    kept = set()
    for answer in form.answers:
        if answer.empty:
            continue
        kept.add(answer.key)
        store.set_compliance_answer(
            actor, bid_id, answer.key, compliance=answer.compliance, answer=answer.answer, evidence=answer.evidence
        )
    for key in sorted(before - kept):
        store.remove_compliance_answer(actor, bid_id, key)
