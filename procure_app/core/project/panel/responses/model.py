"""What a returned response form says once checked, and what importing it would store.

These are the values passed between the reading modules (:mod:`.reader`,
:mod:`.answers`, :mod:`.prices`) and the import itself
(:mod:`.importer`): the checked form, the plan of its import, and the error that
refuses a form, listing every problem found.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ...store import ProjectError

__all__ = [
    "ResponseFormError",
    "BidderNameNeeded",
    "RequirementAnswer",
    "PriceInput",
    "ResponseForm",
    "ResponseImportPlan",
    "COMPLIANCE_WORDS",
]

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


class BidderNameNeeded(ResponseFormError):
    """The form does not name its bidder: the caller may ask for the name and try again."""


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
