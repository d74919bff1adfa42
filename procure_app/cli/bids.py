"""``procure bids``: import bidders' returned response forms, and list a project's bids (no Qt here).

``register_bids_commands`` adds the subcommands to the parser of :mod:`procure_app.cli`; the
conventions are that module's: exit code 0 success, 1 the input has errors or was refused, 2 a
usage error; messages start with ``procure:`` on standard error; no tracebacks. While the price
envelope is sealed, no amount is printed.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from .common import ACTOR, EXIT_INVALID, EXIT_OK, open_project

if TYPE_CHECKING:
    from ..core.project.panel.responses.importer import ResponseImportPlan
    from ..core.project.store import ProjectStore

__all__ = ["register_bids_commands"]


def register_bids_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``procure bids import|list`` to the ``procure`` commands."""
    bids = commands.add_parser(
        "bids",
        help="bids: import bidders' returned response forms, list the bids of a project",
        description="Bids and their response forms: see docs/response-form.md.",
    )
    bids_commands = bids.add_subparsers(dest="bids_command", metavar="SUBCOMMAND", required=True)

    imports = bids_commands.add_parser(
        "import", help="check a bidder's returned response form and import its bid, answers and price"
    )
    imports.add_argument("project", type=Path, metavar="NAME.procure")
    imports.add_argument("form", type=Path, metavar="FORM.xlsx")
    imports.add_argument("--bid", metavar="ID", help="the bid's id (default: made from the bidder's name)")
    imports.add_argument(
        "--bidder", metavar="NAME", help="the bidder's name (needed for forms without a name cell; overrides the form)"
    )
    imports.add_argument("--replace", action="store_true", help="replace the bid if the project already has it")
    imports.add_argument("--library", type=Path, metavar="DIR", help="library folder (default: the bundled one)")
    imports.set_defaults(handler=_cmd_import)

    listing = bids_commands.add_parser("list", help="list the bids: bidder, SME, compliance answers and price")
    listing.add_argument("project", type=Path, metavar="NAME.procure")
    listing.set_defaults(handler=_cmd_list)


def _cmd_import(args: argparse.Namespace) -> int:
    from ..core.project.panel.responses.importer import (
        BidderNameNeeded,
        ResponseFormError,
        apply_response_import,
        plan_response_import,
    )
    from ..core.project.store import ProjectError

    store = open_project(args.project, backup=True)
    if store is None:
        return EXIT_INVALID
    with store:
        try:
            plan = plan_response_import(
                store, args.form, bid=args.bid, bidder=args.bidder, replace=args.replace, library_root=args.library
            )
            seq = apply_response_import(store, plan, ACTOR)
        except ResponseFormError as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            if isinstance(exc, BidderNameNeeded):
                print("procure: give the bidder's name with --bidder NAME", file=sys.stderr)
            count = len(exc.problems)
            print(f"procure: {args.form} was not imported ({count} problem(s)); nothing changed", file=sys.stderr)
            return EXIT_INVALID
        except ProjectError as exc:
            print(f"procure: {exc}; nothing changed", file=sys.stderr)
            return EXIT_INVALID
    _print_imported(plan, seq)
    return EXIT_OK


def _print_imported(plan: ResponseImportPlan, seq: int) -> None:
    for warning in plan.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for note in plan.notes:
        print(f"note: {note}", file=sys.stderr)
    print(f"imported: {plan.summary()}; audit entry {seq}", file=sys.stderr)


def _cmd_list(args: argparse.Namespace) -> int:
    from ..core.project.store import ProjectError

    store = open_project(args.project, backup=False)  # only read
    if store is None:
        return EXIT_INVALID
    try:
        with store:
            rows = _bid_rows(store)
    except ProjectError as exc:
        print(f"procure: {exc}", file=sys.stderr)
        return EXIT_INVALID
    _print_table(rows)
    print(f"{len(rows) - 1} bid(s)", file=sys.stderr)
    return EXIT_OK


def _bid_rows(store: ProjectStore) -> list[tuple[str, ...]]:
    """A header and one row per bid; amounts only once the price envelope is open."""
    from ..core.project.panel.responses.importer import COMPLIANCE_WORDS

    details = {row.bid: row for row in store.bid_details()}
    answers: dict[str, Counter[str]] = {}
    for answer in store.compliance_answers():
        answers.setdefault(answer.bid, Counter())[answer.compliance or "not-stated"] += 1
    sealed = store.envelope().prices_sealed
    prices = {} if sealed else {row.bid: row for row in store.price_sheets()}
    priced = set() if not sealed else {row.bid for row in store.price_sheets_unsealed()}
    header = ("BID", "BIDDER", "SME", "SUBMITTED", "COMPLIANCE", "LIFECYCLE COST")
    rows: list[tuple[str, ...]] = [header]
    for bid, bidder in store.bids().items():
        detail = details.get(bid)
        sme = "-" if detail is None else ("yes" if detail.sme else "no")
        submitted = (detail.submitted if detail is not None else None) or "-"
        counts = answers.get(bid)
        compliance = (
            ", ".join(f"{counts[key]} {words}" for key, words in COMPLIANCE_WORDS.items() if counts[key])
            if counts
            else "-"
        )
        if sealed:
            price = "price sealed" if bid in priced else "-"
        else:
            row = prices.get(bid)
            price = (
                "-" if row is None else f"{row.capex + (row.opex_per_year + row.maintenance_per_year) * row.years:,.2f}"
            )
        rows.append((bid, bidder, sme, submitted, compliance, price))
    return rows


def _print_table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[-1]]).rstrip())
