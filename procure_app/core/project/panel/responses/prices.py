"""Reading the price block of a returned response form: inputs checked, totals computed and compared.

:class:`PriceReader` finds the price block of the project's lot where the form's hidden sheet
says it is (the labels beside the cells must be the form's), reads its inputs (amounts of 0 or
more, typed, not calculated; the number of years a whole number of 1 or more, or the number the
buyer fixed) and computes the totals from them. The totals the bidder's spreadsheet program
saved are only compared with the computed ones: a disagreement is a warning, never used. The
prices are sealed while forms are imported, so no message shows an amount.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from ....base.untrusted_xlsx import CellRead, SheetRead
from ....tender.response_form_layout import PRICE_ROWS, SHEET_PRICE, costing_years
from .cells import ASK, CELL_B, FormReading, Refused, at, shown, whole
from .model import PriceInput

__all__ = ["PriceReader"]

_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
# The largest amount a price cell may hold: far above any city's purchase, far below where the
# engine's decimal arithmetic and a spreadsheet's binary floats stop agreeing (1E300 once got in).
MAX_AMOUNT = Decimal(10**12)
MAX_YEARS = 100  # a lifecycle-costing period longer than any contract or asset life
_TOLERANCE = Decimal("0.005")  # half a cent: a spreadsheet's binary arithmetic may differ by less


class PriceReader:
    """The price block of the project's lot: inputs checked, totals computed and compared."""

    def __init__(self, reading: FormReading, sheet: SheetRead, facts: dict[str, Any]) -> None:
        self.reading = reading
        self.sheet = sheet
        self.facts = facts
        self.name = reading.name
        self.uncached: list[str] = []  # total cells without a result saved by a spreadsheet program

    def read(self, blocks: list[dict[str, str]], lot: str | None) -> PriceInput | None:
        rows = [self._rows(block) for block in blocks]
        index = next(i for i, block in enumerate(blocks) if block["lot_id"] == (lot or ""))
        fixed_years = self._fixed_years()
        price = self._block(rows[index], blocks[index], lot, fixed_years, strict=True)
        if price is None or self.reading.problems:
            return price
        self._compare(rows[index], blocks[index], price)
        self._grand_total(rows, blocks, fixed_years)
        if self.uncached:
            self.reading.notes.append(
                f"the totals ({', '.join(self.uncached)}) hold no results saved by a spreadsheet program (the form "
                "was filled in without one), so there was nothing to compare; Procure computes them from the inputs"
            )
        return price

    def _rows(self, block: dict[str, str]) -> int:
        """The row of the block's capital cost, once the cells and labels are where the form put them."""
        match = CELL_B.match(block["capital"])
        top = int(match.group(1)) if match else 0
        expected = [f"B{top + offset}" for offset in (0, 1, 2, 3, 6)]
        found = [block[name] for name in ("capital", "operating", "maintenance", "years", "lifecycle")]
        title = f"Lot {block['lot_id']}: {block['lot_title']}" if block["lot_id"] else "Whole contract"
        labels = [self.sheet.text(top + offset, 1) for offset in range(len(PRICE_ROWS))]
        if not match or found != expected or labels != list(PRICE_ROWS) or self.sheet.text(top - 1, 1) != title:
            what = f"lot {block['lot_id']}" if block["lot_id"] else "the whole contract"
            raise Refused(
                f"{self.name}: the price block of {what} on the '{SHEET_PRICE}' sheet is not where the "
                f"form put it; {ASK}"
            )
        return top

    def _fixed_years(self) -> int | None:
        fixed = whole(self.facts.get("years")) if self.facts.get("years") is not None else None
        project = costing_years(self.reading.tender.spec)
        if fixed != project:
            raise Refused(
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
                self.reading.warnings.append(
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
                self.reading.problems.append(f"{at(SHEET_PRICE, row, 2)} {problem}")
            return False, None
        return True, amount

    def _years(self, row: int, fixed: int | None, strict: bool) -> int | None:
        cell = self.sheet.cell(row, 2)
        where = at(SHEET_PRICE, row, 2)
        value = None if cell is None else cell.value
        years = None if cell is None or cell.is_formula else whole(value)
        problem = None
        if cell is not None and cell.is_formula:
            problem = f"{where} holds a formula ({shown(value)}); the number of years must be typed"
        elif fixed is not None and years != fixed:
            problem = f"{where} holds '{shown(value)}', but the form counts prices over {fixed} year(s); {ASK}"
        elif years is None or years < 1 or years > MAX_YEARS:
            held = "nothing" if value is None else f"'{shown(value)}'"
            problem = f"{where} (number of years) holds {held}; it must be a whole number from 1 to {MAX_YEARS}"
        if problem is not None:
            if strict:
                self.reading.problems.append(problem)
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
        match = CELL_B.match(cell_name)
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
        where = at(SHEET_PRICE, row, 2)
        if cell is None or not cell.is_formula:
            self.reading.warnings.append(
                f"{where} ({what}) no longer holds the form's formula; Procure computes the total from the inputs"
            )
        elif "".join(str(cell.value).split()).upper() != formula.upper():
            self.reading.warnings.append(
                f"{where} ({what}) holds a formula other than the form's ({shown(cell.value)}); "
                "Procure computes the total from the inputs"
            )
        cached = None if cell is None else (cell.cached if cell.is_formula else cell.value)
        if cached is None or expected is None:
            if cached is None and cell is not None and cell.is_formula:
                self.uncached.append(where)
            return
        saved = _decimal(cached)
        if saved is None:
            self.reading.warnings.append(
                f"{where} ({what}) shows '{shown(cached)}' instead of a number; Procure computes "
                "the total from the inputs"
            )
        elif abs(saved - expected) > _TOLERANCE:
            self.reading.warnings.append(
                f"{where} ({what}) as last calculated by the bidder's spreadsheet program disagrees with the total "
                "of its inputs; Procure stores the inputs and uses the total computed from them; check the form "
                "with the bidder (amounts are not shown while the prices are sealed)"
            )


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float) and math.isfinite(value):
        return Decimal(repr(value))
    return None


def _read_amount(cell: CellRead) -> tuple[str | None, Decimal | None]:
    """(problem, amount): a number of 0 or more, or clean digits typed as text."""
    if cell.is_formula:
        return f"holds a formula ({shown(cell.value)}); type the amount itself, not a formula", None
    value = cell.value
    amount = _decimal(value)
    if amount is None and isinstance(value, str) and _NUMBER.match(value.strip()):
        try:
            amount = Decimal(value.strip())
        except InvalidOperation:  # pragma: no cover  # the pattern only lets numbers through
            amount = None
    if isinstance(value, float) and not math.isfinite(value):
        return "holds a value that is not a finite number; type the amount as a number", None
    if amount is None:
        held = f"the text '{shown(value)}'" if isinstance(value, str) else f"a {type(value).__name__}"
        return f"holds {held}, not an amount; type the amount as a number, without currency or separators", None
    if amount < 0:
        return "holds a negative amount; amounts are 0 or more", None
    if amount > MAX_AMOUNT:  # the amount itself is not shown: prices are sealed
        return f"holds an amount above {MAX_AMOUNT:,}, more than any price a form may carry; check the cell", None
    return None, amount
