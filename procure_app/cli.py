"""The ``procure`` command line: a thin argparse front end over the core (no Qt here).

Exit codes: 0 success, 1 the input has errors, 2 a usage error or an unexpected failure. A user
never sees a traceback: unexpected failures print one line (``--debug`` shows the traceback).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

from . import __version__, paths
from .cli_common import ACTOR, EXIT_INVALID, EXIT_OK, EXIT_USAGE
from .core.diagnostics import Diagnostic, sort_diagnostics
from .core.library import Clause, ClauseLibrary
from .core.printable import PrintableStream

if TYPE_CHECKING:
    from .core.coverage import Coverage
    from .core.evaluation_run import EvaluationRun
    from .core.store import ProjectStore
    from .core.store.audit_trail import AuditTrail
    from .core.tender_build import PreparedTender

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="procure",
        description="Procure: draft people-centred smart-city tenders and evaluate bids, offline.",
    )
    parser.add_argument("--version", action="version", version=f"procure {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the full traceback of unexpected failures")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    validate = commands.add_parser(
        "validate",
        help="check clause libraries and other Procure files",
        description="Check files and folders; with no PATH, the bundled clause library and rubrics.",
    )
    validate.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    validate.add_argument("--json", action="store_true", help="print the problems as JSON")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    validate.set_defaults(handler=_cmd_validate)

    library = commands.add_parser("library", help="work with a clause library")
    library_commands = library.add_subparsers(dest="library_command", metavar="SUBCOMMAND", required=True)
    listing = library_commands.add_parser("list", help="list the clauses of a library")
    listing.add_argument("--library", type=Path, metavar="DIR", help="library folder (default: the bundled one)")
    listing.add_argument("--category", metavar="C", help="only clauses of category C")
    listing.add_argument("--json", action="store_true", help="print the clauses as JSON")
    listing.set_defaults(handler=_cmd_library_list)

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

    project = commands.add_parser("project", help="work with a project file (.procure)")
    project_commands = project.add_subparsers(dest="project_command", metavar="SUBCOMMAND", required=True)
    verify = project_commands.add_parser("verify", help="check a project file's integrity and its audit chain")
    verify.add_argument("project", type=Path, metavar="NAME.procure")
    verify.add_argument("--audit", action="store_true", help="also list every audit entry (who did what, and when)")
    verify.set_defaults(handler=_cmd_project_verify)
    new = project_commands.add_parser("new", help="create a project file from a tender spec (and an evaluation)")
    new.add_argument("project", type=Path, metavar="NAME.procure")
    new.add_argument("--spec", type=Path, required=True, metavar="SPEC.yaml", help="the tender spec (and its lock)")
    new.add_argument("--evaluation", type=Path, metavar="EVAL.yaml", help="also import an evaluation file")
    new.add_argument("--name", metavar="NAME", help="the project's name (default: the file name)")
    new.set_defaults(handler=_cmd_project_new)
    imports = project_commands.add_parser("import", help="import a tender spec or an evaluation file into a project")
    imports.add_argument("project", type=Path, metavar="NAME.procure")
    source = imports.add_mutually_exclusive_group(required=True)
    source.add_argument("--spec", type=Path, metavar="SPEC.yaml", help="the tender spec (and its lock)")
    source.add_argument("--evaluation", type=Path, metavar="EVAL.yaml", help="an evaluation file and its rubric")
    imports.set_defaults(handler=_cmd_project_import)
    export = project_commands.add_parser("export", help="write a project's tender spec and evaluation as YAML")
    export.add_argument("project", type=Path, metavar="NAME.procure")
    export.add_argument("--to", type=Path, required=True, metavar="DIR", help="the folder to write into")
    export.set_defaults(handler=_cmd_project_export)
    from .cli_panel import register_panel_commands

    register_panel_commands(commands)
    from .cli_bids import register_bids_commands

    register_bids_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Names and texts from files from outside reach the terminal: no control character goes out raw.
    stdout, stderr = sys.stdout, sys.stderr
    # cast: typeshed's sys.stdout is TextIO in some versions and TextIO | Any in others.
    sys.stdout, sys.stderr = cast(TextIO, PrintableStream(stdout)), cast(TextIO, PrintableStream(stderr))
    try:
        return _run(argv)
    finally:
        sys.stdout, sys.stderr = stdout, stderr


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
        return code
    except KeyboardInterrupt:
        print("procure: interrupted", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader (e.g. `head`) closed the pipe: stop quietly, as other command-line tools do.
        sys.stderr.close()
        return EXIT_OK
    except Exception as exc:  # the last line of defence: one clear line, no traceback
        if args.debug:
            raise
        print(
            f"procure: unexpected error ({type(exc).__name__}: {exc}); run again with --debug for details",
            file=sys.stderr,
        )
        return EXIT_USAGE


def _print_diagnostics(diagnostics: list[Diagnostic], stream: TextIO | None = None) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=stream or sys.stdout)


def _cmd_validate(args: argparse.Namespace) -> int:
    from .core.validate import validate_paths

    targets = args.paths or [paths.library_dir(), paths.rubrics_dir()]
    report = validate_paths(list(targets), paths.guidelines_file())
    failed = report.errors > 0 or (args.strict and report.warnings > 0)
    if args.json:
        payload = {
            "valid": not failed,
            "files": len(report.files),
            "errors": report.errors,
            "warnings": report.warnings,
            "problems": [d.as_dict() for d in report.diagnostics],
        }
        print(json.dumps(payload, indent=2))
    else:
        _print_diagnostics(report.diagnostics)
        verdict = "invalid" if failed else "valid"
        print(
            f"{verdict}: {report.errors} error(s), {report.warnings} warning(s) in {len(report.files)} file(s)",
            file=sys.stderr,
        )
    return EXIT_INVALID if failed else EXIT_OK


def _cmd_library_list(args: argparse.Namespace) -> int:
    from .core.checked_library import load_checked_library

    root = args.library or paths.library_dir()
    if not root.is_dir():
        print(f"procure: {root}: no such library folder", file=sys.stderr)
        return EXIT_USAGE
    library, diagnostics = load_checked_library(root, paths.guidelines_file())
    errors = [d for d in diagnostics if d.is_error]
    _print_diagnostics(errors, sys.stderr)
    if args.category and library.category(args.category) is None and not library.in_category(args.category):
        known = ", ".join(c.id for c in library.categories)
        print(f"procure: no category '{args.category}' in {root} (categories: {known})", file=sys.stderr)
        return EXIT_USAGE
    clauses = library.in_category(args.category) if args.category else library.clauses
    if args.json:
        print(json.dumps(_library_json(library, clauses), indent=2))
    else:
        _print_table(clauses)
    return EXIT_INVALID if errors else EXIT_OK


@contextmanager
def _prepared(args: argparse.Namespace, *, update_pins: bool = False) -> Iterator[_Prepared | None]:
    """The tender a spec file or a project file (``*.procure``) describes; None after an error message.

    A project's spec, lock and rubric snapshot are written into a scratch folder for the build and
    the project stays open, so a new lock can go back into it.
    """
    from .core.tender_build import prepare_tender

    if not args.spec.is_file():
        print(f"procure: {args.spec}: no such tender spec", file=sys.stderr)
        yield None
        return
    root = args.library or paths.library_dir()
    if args.spec.suffix != ".procure":
        yield _Prepared(prepare_tender(args.spec, root, paths.guidelines_file(), update_pins=update_pins), None)
        return
    from .core.store import ProjectError, ProjectStore
    from .core.store.materialise import prepare_project_tender

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
    from .core.coverage import coverage_matrix, lint_tender
    from .core.guidelines import load_guidelines

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
        _print_diagnostics(problems)
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
    from .core.atomic import WriteError
    from .core.export.tender_outputs import write_tender_outputs

    prepared = found.tender
    _print_diagnostics(prepared.diagnostics, sys.stderr)
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
        from .core.store.materialise import store_lock

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


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from .core.evaluation_run import result_as_json

    if not args.evaluation.is_file():
        print(f"procure: {args.evaluation}: no such evaluation file", file=sys.stderr)
        return EXIT_USAGE
    found = _evaluation_source(args.evaluation, args.library or paths.library_dir())
    if found is None:
        return EXIT_INVALID
    run, audit = found
    _print_diagnostics(run.diagnostics, sys.stderr)
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
    from .core.evaluation_run import run_evaluation

    if path.suffix != ".procure":
        return run_evaluation(path, paths.guidelines_file(), library_root), None
    from .core.store import ProjectError, ProjectStore
    from .core.store.interchange import evaluate_project, project_evaluation

    try:
        with ProjectStore.open(path, backup=False) as store:
            source = project_evaluation(store)
    except ProjectError as exc:
        print(f"procure: {exc}", file=sys.stderr)
        return None
    return evaluate_project(source, paths.guidelines_file(), library_root), source.audit


def _print_ranking(run: EvaluationRun) -> None:
    from .core.formulas import rounded

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
    from .core.export.evaluation_records import write_evaluation_records

    done = write_evaluation_records(run, workbook=args.xlsx, report=args.report, letters=args.letters, audit=audit)
    for path in done.written:
        print(f"wrote {path}", file=sys.stderr)
    if done.letters_folder is not None:
        print(f"wrote {len(done.letters)} letter(s) to {done.letters_folder}", file=sys.stderr)
    if done.error is not None:
        print(f"procure: {done.error}", file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def _cmd_project_verify(args: argparse.Namespace) -> int:
    from .core.store import ProjectError, verify
    from .core.store.audit_trail import describe_entry

    if not args.project.is_file():
        print(f"procure: {args.project}: no such project file", file=sys.stderr)
        return EXIT_USAGE
    try:
        report = verify(args.project)
    except ProjectError as exc:
        print(f"procure: {exc}", file=sys.stderr)
        return EXIT_INVALID
    if args.audit:
        for entry in report.entries:
            print(describe_entry(entry))
    print(report.summary())
    return EXIT_OK if report.ok else EXIT_INVALID



def _import_into(store: ProjectStore, spec: Path | None, evaluation: Path | None) -> None:
    """Import the files given; warnings are printed, errors raise (InterchangeError, ProjectError)."""
    from .core.store.interchange import import_evaluation, import_spec

    if spec is not None:
        _print_diagnostics(import_spec(store, spec, ACTOR), sys.stderr)
        print(f"imported the tender spec {spec}", file=sys.stderr)
    if evaluation is not None:
        _print_diagnostics(import_evaluation(store, evaluation, ACTOR, library_root=paths.library_dir()), sys.stderr)
        print(f"imported the evaluation {evaluation}", file=sys.stderr)


def _project_failure(exc: Exception) -> int:
    from .core.store.interchange import InterchangeError

    if isinstance(exc, InterchangeError):
        _print_diagnostics(exc.diagnostics, sys.stderr)
    print(f"procure: {exc}", file=sys.stderr)
    return EXIT_INVALID


def _cmd_project_new(args: argparse.Namespace) -> int:
    from .core.store import ProjectError, ProjectStore

    for given, label in ((args.spec, "tender spec"), (args.evaluation, "evaluation file")):
        if given is not None and not given.is_file():
            print(f"procure: {given}: no such {label}", file=sys.stderr)
            return EXIT_INVALID
    target: Path = args.project
    folder = target.parent
    problem = (
        f"{target} already exists; choose another name or open it"
        if target.exists()
        else f"cannot create {target}: {folder} is a file, not a folder; choose another folder"
        if folder.exists() and not folder.is_dir()
        else f"cannot create {target}: the folder {folder} does not exist"
        if not folder.is_dir()
        else None
    )
    if problem is not None:
        print(f"procure: {problem}", file=sys.stderr)
        return EXIT_INVALID
    # The project is built and filled under a hidden temporary name beside the target, then renamed:
    # whatever stops it part-way, no half-filled project appears under the name (a rerun works).
    building = target.with_name(f".{target.name}.{os.getpid()}.building")
    _remove_leftovers(building)  # a run of ours that was killed, with the same process id
    try:
        with ProjectStore.create(building, args.name or target.stem, actor=ACTOR) as store:
            _import_into(store, args.spec, args.evaluation)
        _move_into_place(building, target)
    except ProjectError as exc:
        # The user asked for the target: messages about the temporary file name it instead.
        exc.args = tuple(str(arg).replace(str(building), str(target)) for arg in exc.args)
        return _project_failure(exc)
    finally:
        _remove_leftovers(building)
    print(f"created {target}", file=sys.stderr)
    return EXIT_OK


def _move_into_place(building: Path, target: Path) -> None:
    from .core.store import ProjectError

    if target.exists():  # made by someone else meanwhile: never replace it
        raise ProjectError(f"{target} already exists; choose another name or open it")
    try:
        os.replace(building, target)
    except PermissionError:
        raise ProjectError(f"cannot write to {target.parent}: permission denied; choose another folder") from None
    except OSError as exc:
        raise ProjectError(f"cannot create {target}: {exc.strerror or exc}") from None


def _remove_leftovers(building: Path) -> None:
    """The temporary project, its journal and its backup folder, if a failure left them."""
    from .core.store import backup_folder

    for leftover in (building, building.with_name(building.name + "-journal")):
        try:
            leftover.unlink(missing_ok=True)
        except OSError:
            pass  # nothing could have been made there
    backups = backup_folder(building)
    if backups.is_dir():
        shutil.rmtree(backups, ignore_errors=True)


def _cmd_project_import(args: argparse.Namespace) -> int:
    from .core.store import ProjectError, ProjectStore

    if not args.project.is_file():
        print(f"procure: {args.project}: no such project file", file=sys.stderr)
        return EXIT_INVALID
    try:
        with ProjectStore.open(args.project, actor=ACTOR) as store:
            _import_into(store, args.spec, args.evaluation)
    except ProjectError as exc:
        return _project_failure(exc)
    return EXIT_OK


def _cmd_project_export(args: argparse.Namespace) -> int:
    from .core.store import PricesSealedError, ProjectError, ProjectStore
    from .core.store.interchange import export_evaluation, export_spec

    if not args.project.is_file():
        print(f"procure: {args.project}: no such project file", file=sys.stderr)
        return EXIT_INVALID
    try:
        with ProjectStore.open(args.project, actor=ACTOR) as store:
            written = []
            if store.document("spec") is not None:
                written.append(export_spec(store, args.to))
            sealed = None
            if store.evaluation_header() is not None:
                try:
                    written.append(export_evaluation(store, args.to))
                except PricesSealedError as exc:
                    sealed = exc  # the spec is still exported; the prices must not leave their envelope
    except ProjectError as exc:
        return _project_failure(exc)
    if not written:
        print(f"procure: {args.project} holds no tender spec or evaluation to export", file=sys.stderr)
        return EXIT_INVALID
    for path in written:
        print(f"wrote {path}", file=sys.stderr)
    if sealed is not None:
        print(f"procure: the evaluation was not exported: {sealed}", file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def _clause_json(clause: Clause) -> dict[str, object]:
    return {
        "id": clause.id,
        "title": clause.title,
        "category": clause.category,
        "kind": clause.kind,
        "status": clause.status,
        "version": clause.version,
        "references": {"guidelines": list(clause.guideline_refs), "standards": list(clause.standards)},
    }


def _library_json(library: ClauseLibrary, clauses: list[Clause]) -> dict[str, object]:
    return {
        "library": {"id": library.id, "title": library.title, "version": library.version, "path": str(library.root)},
        "clauses": [_clause_json(clause) for clause in clauses],
    }


def _print_table(clauses: list[Clause]) -> None:
    rows = [("ID", "TITLE", "CATEGORY", "KIND", "STATUS", "VERSION", "REFERENCES")]
    for clause in clauses:
        refs = " ".join(clause.guideline_refs)
        rows.append((clause.id, clause.title, clause.category, clause.kind, clause.status, clause.version, refs))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[-1]]).rstrip())
    print(f"{len(clauses)} clause(s)", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
