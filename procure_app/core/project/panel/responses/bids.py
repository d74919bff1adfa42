"""Which bid a checked response form becomes: its id, its bidder's name, and the project's bids checked.

A form names its bidder (a version 1 form has no cell for it, so the user gives the name); the
bid's id is derived from the name unless given. :func:`check_bid` refuses a bid id that is not
one, or a bid that already holds a form unless it is replaced, and warns when the project names
the bidder otherwise or another bid has the same bidder; :func:`earlier_imports` warns when the
same file was imported before as another bid.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from ....tender.response_form_layout import BIDDER_FIELDS, SHEET_INSTRUCTIONS
from ...store import ProjectError, ProjectStore
from ..text_bounds import MAX_NAME
from .model import BidderNameNeeded, ResponseForm

__all__ = ["derive_bid_id", "bidder_name", "check_bid", "has_form", "earlier_imports"]

_BID_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


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


def bidder_name(form: ResponseForm, given: str | None, warnings: list[str]) -> str:
    name = " ".join(given.split()) if given is not None else None
    if name is not None and not name:
        raise ProjectError("the bidder's name must not be empty")
    if name is not None and len(name) > MAX_NAME:
        raise ProjectError(f"the bidder's name has more than {MAX_NAME} characters")
    if name is not None:
        if form.bidder is not None and form.bidder != name:
            warnings.append(f"the form names the bidder '{form.bidder}'; it was imported as '{name}', as asked")
        return name
    if form.bidder is not None:
        return form.bidder
    if form.has_identity:
        raise BidderNameNeeded(
            form.path,
            [
                f"{form.path.name} does not name the bidder (the '{BIDDER_FIELDS[0][1]}' "
                f"cell on the '{SHEET_INSTRUCTIONS}' sheet is empty); give the bidder's "
                "name"
            ],
        )
    raise BidderNameNeeded(
        form.path,
        [
            f"{form.path.name} is a version {form.form_version} form, which has no cell "
            "for the bidder's name; give the name"
        ],
    )


def check_bid(
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
    if existing is not None and not replace and has_form(store, bid_id):
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


def has_form(store: ProjectStore, bid_id: str) -> bool:
    """Whether the bid already holds what a form brings: a price sheet, answers or an earlier import."""
    if bid_id in {row.bid for row in store.price_sheets_unsealed()} or store.compliance_answers(bid_id):
        return True
    return any(e.action == "import.response_form" and e.entity == f"bid/{bid_id}" for e in store.audit_entries())


def earlier_imports(store: ProjectStore, form: ResponseForm, bid_id: str, warnings: list[str]) -> None:
    for entry in store.audit_entries():
        if entry.action != "import.response_form" or not isinstance(entry.new_value, dict):
            continue
        if entry.new_value.get("sha256") == form.sha256 and entry.entity != f"bid/{bid_id}":
            warnings.append(f"the same file was imported before, as {entry.entity.removeprefix('bid/')}")
            return
