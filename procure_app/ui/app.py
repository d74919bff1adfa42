"""Start the desktop application (the ``procure-app`` command).

Unexpected errors are written to a log file and shown as one plain message; the window stays up.
"""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QApplication, QMessageBox

from .. import __version__
from .main_window import MainWindow

__all__ = ["main", "create_application", "parse_args"]

log = logging.getLogger("procure")


def _log_file() -> Path:
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "procure.log"


def _report_unexpected(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    log.error("unexpected error\n%s", "".join(traceback.format_exception(kind, value, tb)))
    QMessageBox.critical(None, "Procure", f"Something went wrong: {value}\n\nDetails were written to {_log_file()}.")


def create_application(argv: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication(argv)
    app.setOrganizationName("Procure")
    app.setApplicationName("Procure")
    app.setApplicationVersion(__version__)
    return app  # type: ignore[return-value]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="procure-app", description="Start the Procure desktop application.")
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
    app = create_application(sys.argv[:1])
    # Frozen windowed apps have no console (sys.stdout is None): log to a file, always.
    logging.basicConfig(filename=_log_file(), level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    sys.excepthook = _report_unexpected
    window = MainWindow(args.library, args.spec, args.evaluation, args.project)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
