"""``procure panel``: evaluator scoresheets, their import, and the two envelopes (no Qt here).

``register_panel_commands`` adds the subcommands to the parser of :mod:`procure_app.cli`; the
conventions are that module's: exit code 0 success, 1 the input has errors or was refused, 2 a
usage error; messages start with ``procure:`` on standard error; no tracebacks.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .common import ACTOR, EXIT_INVALID, EXIT_OK, open_project

if TYPE_CHECKING:
    from ..core.project.panel.scoresheets.plan import ImportPlan
    from ..core.project.panel.status import PanelStatus

__all__ = ["register_panel_commands"]


def register_panel_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``procure panel scoresheets|import|status|lock|unseal`` to the ``procure`` commands."""
    panel = commands.add_parser(
        "panel",
        help="evaluation panel: scoresheets, their import, locking quality and unsealing prices",
        description="Offline evaluation panels: see docs/scoresheets.md.",
    )
    panel_commands = panel.add_subparsers(dest="panel_command", metavar="SUBCOMMAND", required=True)

    sheets = panel_commands.add_parser("scoresheets", help="write one XLSX scoresheet per evaluator")
    sheets.add_argument("project", type=Path, metavar="NAME.procure")
    sheets.add_argument("--out", type=Path, required=True, metavar="DIR", help="the folder to write into")
    sheets.add_argument(
        "--evaluator", action="append", metavar="ID", help="only this evaluator's scoresheet (may be repeated)"
    )
    sheets.set_defaults(handler=_cmd_scoresheets)

    imports = panel_commands.add_parser("import", help="check a returned scoresheet and import its scores")
    imports.add_argument("project", type=Path, metavar="NAME.procure")
    imports.add_argument("sheet", type=Path, metavar="SHEET.xlsx")
    imports.add_argument(
        "--apply", action="store_true", help="apply changes to scores or declarations already in the project"
    )
    imports.set_defaults(handler=_cmd_import)

    status = panel_commands.add_parser("status", help="each evaluator's progress and the state of the envelopes")
    status.add_argument("project", type=Path, metavar="NAME.procure")
    status.set_defaults(handler=_cmd_status)

    lock = panel_commands.add_parser("lock", help="lock quality scoring (refused while scores are missing)")
    lock.add_argument("project", type=Path, metavar="NAME.procure")
    lock.add_argument("--force", action="store_true", help="lock even though scores are missing")
    lock.set_defaults(handler=_cmd_lock)

    unseal = panel_commands.add_parser("unseal", help="unseal the prices (after quality scoring is locked)")
    unseal.add_argument("project", type=Path, metavar="NAME.procure")
    unseal.set_defaults(handler=_cmd_unseal)


def _cmd_scoresheets(args: argparse.Namespace) -> int:
    from ..core.base.atomic import WriteError
    from ..core.project.panel.scoresheets.writer import write_scoresheets
    from ..core.project.store import ProjectError

    store = open_project(args.project, backup=False)  # only read
    if store is None:
        return EXIT_INVALID
    try:
        with store:
            written = write_scoresheets(store, args.out, evaluators=args.evaluator)
    except (ProjectError, WriteError) as exc:
        print(f"procure: {exc}", file=sys.stderr)
        return EXIT_INVALID
    for path in written:
        print(f"wrote {path}", file=sys.stderr)
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    from ..core.project.panel.scoresheets.importer import ScoresheetError, plan_import
    from ..core.project.panel.scoresheets.plan import apply_plan
    from ..core.project.store import ProjectError

    store = open_project(args.project, backup=True)
    if store is None:
        return EXIT_INVALID
    with store:
        try:
            plan = plan_import(store, args.sheet)
        except ScoresheetError as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            count = len(exc.problems)
            print(f"procure: {args.sheet} was not imported ({count} problem(s)); nothing changed", file=sys.stderr)
            return EXIT_INVALID
        except ProjectError as exc:
            print(f"procure: {exc}", file=sys.stderr)
            return EXIT_INVALID
        _print_plan(plan)
        if not plan.changes:
            print(f"{args.sheet}: nothing to import; the project already holds these answers", file=sys.stderr)
            return EXIT_OK
        if plan.changes_existing and not args.apply:
            print(
                f"procure: not imported: {args.sheet} changes scores or declarations already in the project "
                "(marked ~ and - above); check them, then run again with --apply",
                file=sys.stderr,
            )
            return EXIT_INVALID
        try:
            seq = apply_plan(store, plan, ACTOR)
        except ProjectError as exc:
            print(f"procure: {exc}", file=sys.stderr)
            return EXIT_INVALID
    print(f"imported {args.sheet} for {plan.evaluator_name} ({plan.evaluator}); audit entry {seq}", file=sys.stderr)
    return EXIT_OK


def _print_plan(plan: ImportPlan) -> None:
    print(f"Scoresheet of {plan.evaluator_name} ({plan.evaluator}), generated {plan.generated_at}")
    for change in plan.changes:
        print(f"  {change.describe()}")
    print(plan.summary())
    for note in plan.notes:
        print(f"note: {note}")


def _cmd_status(args: argparse.Namespace) -> int:
    from ..core.project.panel.status import panel_status
    from ..core.project.store import ProjectError

    store = open_project(args.project, backup=False)  # only read
    if store is None:
        return EXIT_INVALID
    try:
        with store:
            status = panel_status(store)
    except ProjectError as exc:
        print(f"procure: {exc}", file=sys.stderr)
        return EXIT_INVALID
    _print_status(status)
    return EXIT_OK


def _print_status(status: PanelStatus) -> None:
    from ..core.project.panel.status import PanelAction

    print(f"Project: {status.project_name}")
    print(f"Rubric: {status.rubric}: {status.criteria} criteria; {status.bids} bid(s)")
    print("Panel:")
    width = max((len(p.evaluator) for p in status.evaluators), default=0)
    name_width = max((len(p.name) for p in status.evaluators), default=0)
    for p in status.evaluators:
        conflicts = f" (conflict: {', '.join(p.conflicts)})" if p.conflicts else ""
        scores = f"{p.scores_entered} of {p.scores_expected}"
        print(
            f"  {p.evaluator:<{width}}  {p.name:<{name_width}}  scores {scores:<12} "
            f"declarations {p.declared} of {status.bids}{conflicts}"
        )
    envelope = status.envelope
    if envelope.quality_locked:
        print(f"Quality scoring: locked on {envelope.quality_locked_at} by {envelope.quality_locked_by}")
    else:
        print(f"Quality scoring: open ({status.missing_scores} score(s) missing)")
    if envelope.prices_sealed:
        print(f"Prices: sealed; {status.price_sheets} price sheet(s), amounts hidden until the prices are unsealed")
    else:
        print(
            f"Prices: unsealed on {envelope.prices_unsealed_at} by {envelope.prices_unsealed_by}; "
            f"{status.price_sheets} price sheet(s)"
        )
    steps = [action.value for action in PanelAction if action in status.allowed]
    print(f"Can be done now: {'; '.join(steps) if steps else 'nothing'}")


def _cmd_lock(args: argparse.Namespace) -> int:
    from ..core.project.panel.envelopes import QualityIncompleteError, lock_quality, missing_quality_scores
    from ..core.project.panel.rubric_snapshot import project_rubric
    from ..core.project.store import ProjectError

    store = open_project(args.project, backup=True)
    if store is None:
        return EXIT_INVALID
    with store:
        try:
            missing = missing_quality_scores(store, project_rubric(store))
            seq = lock_quality(store, ACTOR, force=args.force)
        except QualityIncompleteError as exc:
            for line in exc.missing:
                print(f"  missing: {line}", file=sys.stderr)
            print(f"procure: {exc} (procure panel lock --force)", file=sys.stderr)
            return EXIT_INVALID
        except ProjectError as exc:
            print(f"procure: {exc}", file=sys.stderr)
            return EXIT_INVALID
    for line in missing:
        print(f"  locked without: {line}", file=sys.stderr)
    print(
        f"quality scoring locked (audit entry {seq}); unseal the prices with: procure panel unseal {args.project}",
        file=sys.stderr,
    )
    return EXIT_OK


def _cmd_unseal(args: argparse.Namespace) -> int:
    from ..core.project.panel.envelopes import unseal_prices
    from ..core.project.store import ProjectError

    store = open_project(args.project, backup=True)
    if store is None:
        return EXIT_INVALID
    with store:
        try:
            seq = unseal_prices(store, ACTOR)
            count = store.price_sheet_count()
        except ProjectError as exc:
            print(f"procure: {exc}", file=sys.stderr)
            return EXIT_INVALID
    print(
        f"prices unsealed: {count} price sheet(s) (audit entry {seq}); rank the bids with: procure evaluate "
        f"{args.project}",
        file=sys.stderr,
    )
    return EXIT_OK
