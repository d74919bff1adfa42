"""``procure tender check`` and ``procure tender build``: a tender spec (or a project's) checked and built."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import paths
from ..core.base.diagnostics import sort_diagnostics
from .common import ACTOR, EXIT_INVALID, EXIT_OK, EXIT_USAGE, print_diagnostics

if TYPE_CHECKING:
    from ..core.project.store import ProjectStore
    from ..core.tender.build import PreparedTender
    from ..core.tender.coverage import Coverage

__all__ = ["register_tender_commands"]


def register_tender_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    tender = commands.add_parser("tender", help="check and build tenders from a tender spec")
    tender_commands = tender.add_subparsers(dest="tender_command", metavar="SUBCOMMAND", required=True)
    check = tender_commands.add_parser(
        "check", help="check a tender spec: problems, drafting warnings and guidelines coverage"
    )
    check.add_argument("spec", type=Path, metavar="SPEC", help="a tender spec (SPEC.yaml) or a project (NAME.procure)")
    check.add_argument("--library", type=Path, metavar="DIR", help="library folder (default: the bundled one)")
    check.add_argument("--json", action="store_true", help="print problems and coverage as JSON")
    check.set_defaults(handler=_cmd_tender_check)
    build = tender_commands.add_parser("build", help="build the tender document (DOCX) and response form (XLSX)")
    build.add_argument("spec", type=Path, metavar="SPEC", help="a tender spec (SPEC.yaml) or a project (NAME.procure)")
    build.add_argument("-o", "--output", type=Path, required=True, metavar="TENDER.docx")
    build.add_argument("--library", type=Path, metavar="DIR", help="library folder (default: the bundled one)")
    build.add_argument("--response-form", type=Path, metavar="FORM.xlsx", help="also write the bidder response form")
    build.add_argument(
        "--update-pins", action="store_true", help="take the library's current clauses instead of the pinned ones"
    )
    build.set_defaults(handler=_cmd_tender_build)


@contextmanager
def _prepared(args: argparse.Namespace, *, update_pins: bool = False) -> Iterator[_Prepared | None]:
    """The tender a spec file or a project file (``*.procure``) describes; None after an error message.

    A project's spec, lock and rubric snapshot are written into a scratch folder for the build and
    the project stays open, so a new lock can go back into it.
    """
    from ..core.tender.build import prepare_tender

    if not args.spec.is_file():
        print(f"procure: {args.spec}: no such tender spec", file=sys.stderr)
        yield None
        return
    root = args.library or paths.library_dir()
    if args.spec.suffix != ".procure":
        yield _Prepared(prepare_tender(args.spec, root, paths.guidelines_file(), update_pins=update_pins), None)
        return
    from ..core.project.store import ProjectError, ProjectStore
    from ..core.project.store.materialise import prepare_project_tender

    with tempfile.TemporaryDirectory(prefix="procure-") as scratch:
        try:
            store = ProjectStore.open(args.spec, actor=ACTOR)
        except ProjectError as exc:
            print(f"procure: {exc}", file=sys.stderr)
            yield None
            return
        with store:
            try:
                prepared = prepare_project_tender(
                    store, Path(scratch), root, paths.guidelines_file(), update_pins=update_pins
                )
            except ProjectError as exc:
                print(f"procure: {exc}", file=sys.stderr)
                yield None
                return
            yield _Prepared(prepared, store)


@dataclass
class _Prepared:
    tender: PreparedTender
    project: ProjectStore | None  # open while the command runs, when the spec came from a project


def _cmd_tender_check(args: argparse.Namespace) -> int:
    with _prepared(args) as found:
        if found is None:
            return EXIT_USAGE
        return _report_check(args, found.tender)


def _report_check(args: argparse.Namespace, prepared: PreparedTender) -> int:
    from ..core.library.guidelines import load_guidelines
    from ..core.tender.coverage import coverage_matrix, lint_tender

    problems = list(prepared.diagnostics)
    coverage = None
    if prepared.tender is not None:
        problems = sort_diagnostics(problems + lint_tender(prepared.tender, prepared.library))
        guidelines, _ = load_guidelines(paths.guidelines_file())
        coverage = coverage_matrix(prepared.tender, guidelines) if guidelines else None
    failed = any(d.is_error for d in problems)
    if args.json:
        payload = {
            "valid": not failed,
            "problems": [d.as_dict() for d in problems],
            "coverage": [
                {"ref": r.ref, "pillar": r.pillar, "level": r.level, "title": r.title, "clauses": list(r.clauses)}
                for r in coverage.rows
            ]
            if coverage
            else [],
        }
        print(json.dumps(payload, indent=2))
    else:
        print_diagnostics(problems)
        if coverage is not None:
            _print_coverage(coverage)
        errors = sum(d.is_error for d in problems)
        print(
            f"{'invalid' if failed else 'valid'}: {errors} error(s), {len(problems) - errors} warning(s)",
            file=sys.stderr,
        )
    return EXIT_INVALID if failed else EXIT_OK


def _print_coverage(coverage: Coverage) -> None:
    print("Guidelines coverage (principles of every pillar; principles and actions of 2.2.4)")
    for pillar in coverage.by_pillar():
        print(f"\n  {pillar.pillar} {pillar.title}: {pillar.covered} of {pillar.total} covered")
        for row in (r for r in coverage.rows if r.pillar == pillar.pillar):
            mark = "x" if row.clauses else " "
            used = ", ".join(row.clauses) if row.clauses else f"not covered: {row.title}"
            print(f"  [{mark}] {row.ref:<12} {used}")
    print(f"\n  {coverage.covered} of {coverage.total} covered in all")


def _cmd_tender_build(args: argparse.Namespace) -> int:
    with _prepared(args, update_pins=args.update_pins) as found:
        if found is None:
            return EXIT_USAGE
        return _build_outputs(args, found)


def _build_outputs(args: argparse.Namespace, found: _Prepared) -> int:
    from ..core.base.atomic import WriteError
    from ..core.tender.outputs import write_tender_outputs

    prepared = found.tender
    print_diagnostics(prepared.diagnostics, sys.stderr)
    if not prepared.ok or prepared.tender is None:
        print("procure: the tender was not built; fix the errors above", file=sys.stderr)
        return EXIT_INVALID
    try:
        # A project keeps its pins itself (below); a spec file gets its lock file beside it.
        outcome = write_tender_outputs(prepared, args.output, args.response_form, pin=found.project is None)
    except WriteError as exc:
        print(f"procure: {exc}", file=sys.stderr)
        return EXIT_INVALID
    for path in outcome.written:
        print(f"wrote {path}", file=sys.stderr)
    pinned = len(prepared.tender.lock.clauses)
    if found.project is not None:
        from ..core.project.store.materialise import store_lock

        if store_lock(found.project, prepared, ACTOR):
            print(f"pinned {pinned} clause(s) in the project {found.project.path}", file=sys.stderr)
    elif outcome.pins_skipped:
        print(
            f"clauses not pinned: {args.spec} is Procure's bundled example, which is never changed; "
            "copy it to a folder of your own to pin its clauses",
            file=sys.stderr,
        )
    elif outcome.pin_error is not None:
        unpinned = f"procure: the documents were written, but the clauses were not pinned: {outcome.pin_error}"
        print(unpinned, file=sys.stderr)
        return EXIT_INVALID
    elif outcome.pinned:
        print(f"pinned {pinned} clause(s) in {prepared.lock_path}", file=sys.stderr)
    return EXIT_OK
