"""The ``procure`` command line: a thin argparse front end over the core (no Qt here).

One module per command group registers its commands and handles them: :mod:`.library`
(``validate``, ``library``), :mod:`.tender`, :mod:`.evaluate`, :mod:`.project`, :mod:`.panel` and
:mod:`.bids`; :mod:`.common` holds what they share.

Exit codes: 0 success, 1 the input has errors, 2 a usage error or an unexpected failure. A user
never sees a traceback: unexpected failures print one line (``--debug`` shows the traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO, cast

from .. import __version__
from ..core.base.printable import PrintableStream
from .bids import register_bids_commands
from .common import EXIT_OK, EXIT_USAGE
from .evaluate import register_evaluate_commands
from .library import register_library_commands
from .panel import register_panel_commands
from .project import register_project_commands
from .tender import register_tender_commands

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="procure",
        description="Procure: draft people-centred smart-city tenders and evaluate bids, offline.",
    )
    parser.add_argument("--version", action="version", version=f"procure {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the full traceback of unexpected failures")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    for register in (
        register_library_commands,
        register_tender_commands,
        register_evaluate_commands,
        register_project_commands,
        register_panel_commands,
        register_bids_commands,
    ):
        register(commands)
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


if __name__ == "__main__":
    sys.exit(main())
