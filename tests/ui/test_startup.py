"""Start-up: the command line is answered before Qt is loaded, and the window opens before the heavy libraries."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("PySide6", "docxtpl", "openpyxl", "jsonschema")


def _run(code: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)


def test_help_is_answered_without_importing_qt_or_the_exporters(tmp_path: Path) -> None:
    done = _run(
        "import sys\n"
        "from procure_app.ui import app\n"
        "try:\n"
        "    app.main(['--help'])\n"
        "except SystemExit as exit:\n"
        f"    print('exit', exit.code, *[m for m in {HEAVY!r} if m in sys.modules])\n",
        tmp_path,
    )
    assert done.stdout.splitlines()[-1] == "exit 0", done.stderr
    assert "--project NAME.procure" in done.stdout


def test_a_wrong_argument_is_refused_without_importing_qt(tmp_path: Path) -> None:
    done = _run(
        "import sys\n"
        "from procure_app.ui import app\n"
        "try:\n"
        "    app.main(['--no-such-option'])\n"
        "except SystemExit as exit:\n"
        "    print('exit', exit.code, 'PySide6' in sys.modules)\n",
        tmp_path,
    )
    assert done.stdout.strip() == "exit 2 False"
    assert "unrecognized arguments: --no-such-option" in done.stderr


def test_opening_the_main_window_does_not_import_the_document_writers(tmp_path: Path) -> None:
    done = _run(
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from procure_app.ui.main_window import MainWindow\n"
        "window = MainWindow()\n"
        "window.show()\n"
        "app.processEvents()\n"
        "print(*[m for m in ('docxtpl', 'docx', 'jinja2', 'jsonschema', 'openpyxl') if m in sys.modules], flush=True)\n"
        # Printed: end here (without exec(), the interpreter's finalization can abort in PySide6 6.12).
        "import os\n"
        "os._exit(0)\n",
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    # DOCX is written only on Build or Export, XLSX on Build, Export and the panel's imports: they are
    # imported then. jsonschema only words the problems of a file the fast schema check refused, and
    # the example's files have none.
    assert done.stdout.strip() == ""


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, when a window is shown
def test_the_app_shows_its_window_first_and_reads_the_files_after_the_first_paint(qtbot) -> None:
    from PySide6.QtWidgets import QApplication

    from procure_app.ui.main_window import MainWindow

    window = MainWindow(load_after_paint=True)
    qtbot.addWidget(window)
    QApplication.processEvents()
    assert window.library.loaded is None and window._jobs == 0  # nothing read before the window is on screen
    assert "Loading" in window.statusBar().currentMessage()
    window.show()
    qtbot.waitUntil(lambda: window.library.loaded is not None and window.tender.state is not None, timeout=20_000)
    qtbot.waitUntil(lambda: window.evaluation.state is not None and window.project.snapshot is not None, timeout=20_000)
    assert "Loading" not in window.statusBar().currentMessage()
