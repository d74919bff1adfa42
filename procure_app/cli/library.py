"""``procure validate`` and ``procure library``: checking Procure files and listing a library's clauses."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .. import paths
from ..core.library.clauses import Clause, ClauseLibrary
from .common import EXIT_INVALID, EXIT_OK, EXIT_USAGE, print_diagnostics

__all__ = ["register_library_commands"]


def register_library_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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


def _cmd_validate(args: argparse.Namespace) -> int:
    from ..core.validate import validate_paths

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
        print_diagnostics(report.diagnostics)
        verdict = "invalid" if failed else "valid"
        print(
            f"{verdict}: {report.errors} error(s), {report.warnings} warning(s) in {len(report.files)} file(s)",
            file=sys.stderr,
        )
    return EXIT_INVALID if failed else EXIT_OK


def _cmd_library_list(args: argparse.Namespace) -> int:
    from ..core.library.checked import load_checked_library

    root = args.library or paths.library_dir()
    if not root.is_dir():
        print(f"procure: {root}: no such library folder", file=sys.stderr)
        return EXIT_USAGE
    library, diagnostics = load_checked_library(root, paths.guidelines_file())
    errors = [d for d in diagnostics if d.is_error]
    print_diagnostics(errors, sys.stderr)
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
