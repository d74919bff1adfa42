"""Start the desktop application (the ``procure-app`` command).

The arguments are parsed, and the system libraries Qt needs on Linux checked
(:mod:`procure_app.platform_check`), before Qt or anything heavy is imported: ``--help`` answers at
once, and a missing library gets one line saying what to install instead of Qt's abort.
Unexpected errors are written to a log file and shown as one plain message; the window stays up.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from .. import __version__, platform_check

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

__all__ = ["main", "create_application", "parse_args", "QUIT_WHEN_LOADED"]

log = logging.getLogger("procure")
# Set to any value, the app quits once the window is painted and everything is loaded (start-up benchmark).
QUIT_WHEN_LOADED = "PROCURE_QUIT_WHEN_LOADED"


def _log_file() -> Path:
    from PySide6.QtCore import QStandardPaths

    folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "procure.log"


def _report_unexpected(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    import traceback

    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    log.error("unexpected error\n%s", "".join(traceback.format_exception(kind, value, tb)))
    text = QCoreApplication.translate("App", "Something went wrong: {error}\n\nDetails were written to {log}.")
    QMessageBox.critical(None, "Procure", text.format(error=value, log=_log_file()))


def create_application(argv: list[str]) -> QApplication:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv)
    app.setOrganizationName("Procure")
    app.setApplicationName("Procure")
    app.setApplicationVersion(__version__)
    return app  # type: ignore[return-value]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line (no Qt needed: ``--help`` and mistakes are answered before Qt is loaded)."""
    parser = argparse.ArgumentParser(prog="procure-app", description="Start the Procure desktop application.")
    parser.add_argument("--version", action="version", version=f"procure-app {__version__}")
    parser.add_argument("--library", type=Path, help="clause library folder (default: the bundled library)")
    parser.add_argument(
        "--spec", type=Path, metavar="PATH", help="tender spec to open (default: the last one used, or the example)"
    )
    parser.add_argument(
        "--evaluation",
        type=Path,
        metavar="PATH",
        help="evaluation file to open, on the Evaluation tab (default: the last one used, or the example)",
    )
    parser.add_argument(
        "--project",
        type=Path,
        metavar="NAME.procure",
        help="project file to open, on the Project tab (default: the last one used, or the example project)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    missing = platform_check.problem()
    if missing is not None:
        if sys.stderr is not None:  # None in a frozen windowed app
            print(missing, file=sys.stderr)
        return 2
    app = create_application(sys.argv[:1])
    # Frozen windowed apps have no console (sys.stdout is None): log to a file, always.
    logging.basicConfig(filename=_log_file(), level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    sys.excepthook = _report_unexpected
    # The modules, classes and widgets made from here to the window live as long as the app, and the
    # cyclic collector would walk them all again in each full collection: some 40 ms of the start-up.
    # It is paused while they are made, and they are then set aside until the app quits.
    gc.disable()
    try:
        from .main_window import MainWindow  # after the checks: this is where the GUI is imported

        window = MainWindow(args.library, args.spec, args.evaluation, args.project, load_after_paint=True)
    finally:
        gc.freeze()
        gc.enable()
    try:
        window.show()
        if os.environ.get(QUIT_WHEN_LOADED):
            window.quit_when_loaded()
        return app.exec()
    finally:
        gc.unfreeze()  # the window and the rest are collected as usual when the app closes


if __name__ == "__main__":
    sys.exit(main())
