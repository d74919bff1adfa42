"""``procure project``: verify, create, import into and export from a project file (``*.procure``)."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .. import paths
from .common import ACTOR, EXIT_INVALID, EXIT_OK, EXIT_USAGE, print_diagnostics

if TYPE_CHECKING:
    from ..core.project.store import ProjectStore

__all__ = ["register_project_commands"]


def register_project_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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


def _cmd_project_verify(args: argparse.Namespace) -> int:
    from ..core.audit.trail import describe_entry
    from ..core.project.store import ProjectError, verify

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
    from ..core.project.store.interchange import import_evaluation, import_spec

    if spec is not None:
        print_diagnostics(import_spec(store, spec, ACTOR), sys.stderr)
        print(f"imported the tender spec {spec}", file=sys.stderr)
    if evaluation is not None:
        print_diagnostics(import_evaluation(store, evaluation, ACTOR, library_root=paths.library_dir()), sys.stderr)
        print(f"imported the evaluation {evaluation}", file=sys.stderr)


def _project_failure(exc: Exception) -> int:
    from ..core.project.store.interchange import InterchangeError

    if isinstance(exc, InterchangeError):
        print_diagnostics(exc.diagnostics, sys.stderr)
    print(f"procure: {exc}", file=sys.stderr)
    return EXIT_INVALID


def _cmd_project_new(args: argparse.Namespace) -> int:
    from ..core.project.store import ProjectError, ProjectStore

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
    from ..core.project.store import ProjectError

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
    from ..core.project.store import backup_folder

    for leftover in (building, building.with_name(building.name + "-journal")):
        try:
            leftover.unlink(missing_ok=True)
        except OSError:
            pass  # nothing could have been made there
    backups = backup_folder(building)
    if backups.is_dir():
        shutil.rmtree(backups, ignore_errors=True)


def _cmd_project_import(args: argparse.Namespace) -> int:
    from ..core.project.store import ProjectError, ProjectStore

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
    from ..core.project.store import PricesSealedError, ProjectError, ProjectStore
    from ..core.project.store.interchange import export_evaluation, export_spec

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
