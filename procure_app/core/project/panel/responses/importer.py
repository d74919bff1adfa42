"""Importing a bidder's returned response form: the bid, its details, its price sheet and its answers.

The form (see ``docs/response-form.md``) comes from outside: it is read with
:func:`~procure_app.core.base.untrusted_xlsx.read_untrusted_xlsx` (opened read-only, never written)
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
  number the buyer fixed). The totals are computed from the inputs; the totals the bidder's
  spreadsheet program saved are only compared, and a disagreement is a warning (never used).
  Forms are imported while quality scoring is open, so while the prices are sealed: no message
  (and so no audit entry) shows an amount.

:func:`import_response_form` then stores the bid, its details, its price sheet (kept sealed),
its answers and one ``import.response_form`` audit entry (file name, SHA-256, counts, warnings)
in one transaction.

This module is the public entry point; the work is done by:

- :mod:`.reader`: reading the workbook, and checking its structure and identity against
  the project's tender;
- :mod:`.answers`: the requirement answers and the bidder's details;
- :mod:`.prices`: the price block, its totals recomputed and compared with the cached ones;
- :mod:`.bids`: the bid the form becomes, checked against the project's bids;
- :mod:`.model`: the checked form, the plan and ``ResponseFormError``;
- :mod:`.cells`: what the readers share.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ....audit.chain import Json
from ...store import COMPLIANCE_VALUES, ProjectError, ProjectStore
from .bids import bidder_name, check_bid, derive_bid_id, earlier_imports, has_form
from .model import (
    COMPLIANCE_WORDS,
    BidderNameNeeded,
    PriceInput,
    RequirementAnswer,
    ResponseForm,
    ResponseFormError,
    ResponseImportPlan,
)
from .reader import read_response_form

__all__ = [
    "ResponseFormError",
    "BidderNameNeeded",
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
    name = bidder_name(form, bidder, warnings)
    bid_id = bid if bid is not None else derive_bid_id(name)
    existing = check_bid(store, path, bid_id, name, replace, form, warnings)
    earlier_imports(store, form, bid_id, warnings)
    counts = Counter({value: 0 for value in (*COMPLIANCE_VALUES, "not-stated")})
    counts.update(answer.compliance or "not-stated" for answer in form.answers)
    counts["requirements"] = form.requirement_count
    had_form = existing is not None and has_form(store, bid_id)
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
