"""Reading a returned response form and checking it is the form of the project's tender, unchanged.

:func:`read_response_form` reads the file with
:func:`~procure_app.core.base.untrusted_xlsx.read_untrusted_xlsx` and checks, in order, what stops
the reading at the first problem:

- the hidden ``_procure`` sheet names this kind of form, a version this Procure reads, and the
  project's tender: the same reference, and the same structure checksum, recomputed from the
  tender spec the project holds. A form for another tender, or for another version of this one,
  is refused with what differs;
- the visible sheets are all there, and the hidden sheet's table of price blocks is the tender's.

It then has the answers read by :class:`~.answers.AnswerReader` and the price block of
the project's lot by :class:`~.prices.PriceReader`, and refuses the form with every
problem they found (``ResponseFormError``), or returns the checked :class:`~.model.ResponseForm`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from ....base.untrusted_xlsx import SheetRead, UntrustedWorkbookError, read_untrusted_xlsx
from ....tender.assembly import AssembledTender
from ....tender.response_form_layout import (
    FORM_KIND,
    FORM_VERSION,
    SHEET_INSTRUCTIONS,
    SHEET_META,
    SHEET_PRICE,
    SHEET_REQUIREMENTS,
    structure_checksum,
)
from ...store import ProjectError, ProjectStore
from .answers import AnswerReader
from .cells import ASK, FormReading, Refused, shown, whole
from .model import ResponseForm, ResponseFormError
from .prices import PriceReader

__all__ = ["read_response_form"]

_READABLE_VERSIONS = (1, FORM_VERSION)
_META_TABLE = ("lot_id", "lot_title", "capital", "operating", "maintenance", "years", "lifecycle")
_MAX_FACTS = 40


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
    except Refused as refused:
        raise ResponseFormError(path, [refused.problem]) from None


def _project_tender(store: ProjectStore, library_root: Path | None, guidelines_path: Path | None) -> AssembledTender:
    """The tender the project holds, assembled from its spec and lock (to recompute the checksum)."""
    from ..... import paths
    from ...store.materialise import prepare_project_tender

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


class _FormReader(FormReading):
    """Reads one returned form: its identity and hidden structure here, its answers and prices by their readers."""

    def read(self, lot: str | None) -> ResponseForm:
        meta = self._sheet(SHEET_META)
        facts, table_row = self._facts(meta)
        version = self._identity(meta, facts)
        sheets = {name: self._sheet(name) for name in (SHEET_INSTRUCTIONS, SHEET_REQUIREMENTS, SHEET_PRICE)}
        blocks = self._price_table(meta, table_row)
        typed = AnswerReader(self)
        typed.check_rows(sheets[SHEET_REQUIREMENTS])
        answers = typed.read_answers(sheets[SHEET_REQUIREMENTS])
        identity = typed.read_bidder(sheets[SHEET_INSTRUCTIONS], facts) if version >= 2 else (None, None, None)
        price = PriceReader(self, sheets[SHEET_PRICE], facts).read(blocks, lot)
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
                raise Refused(
                    f"{self.name} is not a Procure response form (it has no hidden '{SHEET_META}' sheet); "
                    "import the form Procure made for the tender, as the bidder returned it"
                )
            raise Refused(f"{self.name}: the sheet '{name}' is missing; sheets must not be renamed or deleted; {ASK}")
        return sheet

    def _facts(self, meta: SheetRead) -> tuple[dict[str, Any], int]:
        facts: dict[str, Any] = {}
        row = 1
        while row <= _MAX_FACTS and meta.text(row, 1):
            cell = meta.cell(row, 2)
            if cell is not None and cell.is_formula:
                raise Refused(f"{self.name}: the hidden '{SHEET_META}' sheet was changed (row {row}); {ASK}")
            facts[meta.text(row, 1)] = None if cell is None else cell.value
            row += 1
        return facts, row + 1

    def _identity(self, meta: SheetRead, facts: dict[str, Any]) -> int:
        kind = str(facts.get("kind") or "")
        if kind != FORM_KIND:
            what = f"a Procure workbook of kind '{shown(kind)}'" if kind else "not a Procure response form"
            raise Refused(f"{self.name} is {what}, not a bidder's response form; import a returned response form")
        version = whole(facts.get("form_version"))
        if version not in _READABLE_VERSIONS:
            given = shown(facts.get("form_version"))
            newer = version is not None and version > FORM_VERSION
            advice = "update Procure to import it" if newer else ASK
            raise Refused(
                f"{self.name} is a response form of version '{given}'; this Procure reads versions "
                f"1 to {FORM_VERSION}; {advice}"
            )
        assert version is not None
        if meta.state == "visible":
            self.warnings.append(f"the hidden '{SHEET_META}' sheet of {self.name} was made visible; it was checked")
        spec = self.tender.spec
        reference = str(facts.get("reference") or "").strip()
        if reference != spec.reference:
            title = shown(facts.get("title") or "")
            raise Refused(
                f"{self.name} is the response form of tender '{shown(reference)}' ({title}), not of this project's "
                f"tender '{spec.reference}' ({shown(spec.title)}); import it into the project of its own tender"
            )
        if str(facts.get("checksum") or "") != structure_checksum(self.tender):
            difference = self._difference(meta)
            raise Refused(
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
            raise Refused(f"{self.name}: the hidden '{SHEET_META}' sheet was changed (row {top}); {ASK}")
        blocks = []
        for row in range(top + 1, top + 101):
            if not meta.text(row, 5):
                break
            blocks.append({name: meta.text(row, column) for column, name in enumerate(_META_TABLE, start=3)})
        expected = [lot.id for lot in self.tender.spec.lots] or [""]
        if [block["lot_id"] for block in blocks] != expected:
            raise Refused(f"{self.name}: the hidden '{SHEET_META}' sheet was changed (its price blocks); {ASK}")
        return blocks
