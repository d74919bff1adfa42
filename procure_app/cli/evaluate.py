"""``procure evaluate``: the bids of an evaluation file or a project ranked, and its records written."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .. import paths
from .common import EXIT_INVALID, EXIT_OK, EXIT_USAGE, print_diagnostics

if TYPE_CHECKING:
    from ..core.audit.trail import AuditTrail
    from ..core.evaluation.run import EvaluationRun

__all__ = ["register_evaluate_commands"]


def register_evaluate_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    evaluate = commands.add_parser(
        "evaluate",
        help="evaluate bids: scores, totals, ranking, flags and sensitivity",
        description="Evaluate the bids of an evaluation file against the rubric it names.",
    )
    evaluate.add_argument("evaluation", type=Path, metavar="EVAL.yaml|NAME.procure")
    evaluate.add_argument("--json", action="store_true", help="print the full result as JSON")
    evaluate.add_argument("--xlsx", type=Path, metavar="OUT.xlsx", help="write the evaluation workbook")
    evaluate.add_argument("--report", type=Path, metavar="OUT.docx", help="write the evaluation report")
    evaluate.add_argument("--letters", type=Path, metavar="DIR", help="write one feedback letter per bidder")
    evaluate.add_argument("--library", type=Path, metavar="DIR", help="library folder for clause references")
    evaluate.set_defaults(handler=_cmd_evaluate)


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from ..core.evaluation.run import result_as_json

    if not args.evaluation.is_file():
        print(f"procure: {args.evaluation}: no such evaluation file", file=sys.stderr)
        return EXIT_USAGE
    found = _evaluation_source(args.evaluation, args.library or paths.library_dir())
    if found is None:
        return EXIT_INVALID
    run, audit = found
    print_diagnostics(run.diagnostics, sys.stderr)
    if not run.ok:
        print("procure: the bids were not evaluated; fix the errors above", file=sys.stderr)
        return EXIT_INVALID
    if args.json:
        print(json.dumps(result_as_json(run), indent=2, ensure_ascii=False))
    else:
        _print_ranking(run)
    return _write_evaluation_outputs(args, run, audit)


def _evaluation_source(path: Path, library_root: Path) -> tuple[EvaluationRun, AuditTrail | None] | None:
    """The evaluation of the file itself, or for a project file (``*.procure``) of the evaluation it
    holds, read in memory (the project is only read, never changed, and nothing is written), with
    the project's audit trail for the report and the workbook (read from the same open file, so
    that both describe the same state)."""
    from ..core.evaluation.run import run_evaluation

    if path.suffix != ".procure":
        return run_evaluation(path, paths.guidelines_file(), library_root), None
    from ..core.project.store import ProjectError, ProjectStore
    from ..core.project.store.interchange import evaluate_project, project_evaluation

    try:
        with ProjectStore.open(path, backup=False) as store:
            source = project_evaluation(store)
    except ProjectError as exc:
        print(f"procure: {exc}", file=sys.stderr)
        return None
    return evaluate_project(source, paths.guidelines_file(), library_root), source.audit


def _print_ranking(run: EvaluationRun) -> None:
    from ..core.rubric.formulas import rounded

    assert run.result is not None
    result = run.result
    print(f"{'RANK':<5} {'BID':<14} {'BIDDER':<34} {'QUALITY':>8} {'PRICE':>16} {'TOTAL':>9}  NOTES")
    for bid in sorted(result.bids, key=lambda b: (b.rank is None, b.rank or 0, b.bid)):
        price = f"{rounded(bid.price, 2):,.2f}" if bid.price is not None else "-"
        total = f"{rounded(bid.total, 2):.2f}" if bid.total is not None else "-"
        notes = "; ".join(e.message for e in bid.exclusions)
        if bid.abnormally_low:
            notes = "; ".join(filter(None, [notes, "abnormally low price: ask the bidder to explain it"]))
        rank = str(bid.rank) if bid.rank is not None else "-"
        quality = rounded(bid.quality, 2)
        print(f"{rank:<5} {bid.bid:<14} {bid.bidder[:34]:<34} {quality:>8.2f} {price:>16} {total:>9}  {notes}")
    winner = next((b.bidder for b in result.bids if b.bid == result.winner), None)
    print(f"\nRecommended: {winner} ({result.winner})" if winner else "\nNo winner")
    for note in result.notes:
        print(f"note: {note.message}")


def _write_evaluation_outputs(args: argparse.Namespace, run: EvaluationRun, audit: AuditTrail | None) -> int:
    """Write the files asked for; the report and the workbook show ``audit`` (a project's trail) when given."""
    from ..core.evaluation.records import write_evaluation_records

    done = write_evaluation_records(run, workbook=args.xlsx, report=args.report, letters=args.letters, audit=audit)
    for path in done.written:
        print(f"wrote {path}", file=sys.stderr)
    if done.letters_folder is not None:
        print(f"wrote {len(done.letters)} letter(s) to {done.letters_folder}", file=sys.stderr)
    if done.error is not None:
        print(f"procure: {done.error}", file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK
