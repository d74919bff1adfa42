"""Start-up: ``procure-app`` to a shown window with the example open, as a ratio of a bare PySide6 window.

    python benchmarks/bench_startup.py [--runs 7]

Ours: a fresh interpreter runs ``procure-app`` with ``PROCURE_QUIT_WHEN_LOADED`` set, so it quits
once the window is painted and the library, the example tender, the example evaluation and the
example project are loaded and shown. The baseline: a fresh interpreter that imports PySide6, shows
an empty ``QMainWindow`` and quits at its first paint. Both run as subprocesses, alternating, after
one warm-up run each (which also makes the example project in a scratch home folder, as a first start
does); the medians of the wall-clock times are compared. ``QT_QPA_PLATFORM`` is ``offscreen`` unless
set, so the benchmark runs on a machine without a display.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
class Window(QMainWindow):
    def paintEvent(self, event):
        super().paintEvent(event)
        QApplication.exit(0)
app = QApplication(sys.argv)
window = Window()
window.resize(1440, 900)
window.show()
sys.exit(app.exec())
"""

OURS = "import sys; from procure_app.ui.app import main; sys.exit(main([]))"


def timed(code: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"bench_startup: a run failed (exit {done.returncode}): {done.stderr.strip()[-500:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each, alternating (at least 5)")
    args = parser.parse_args()
    runs = max(5, args.runs)
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, HOME=home, PYTHONPATH=str(ROOT), PROCURE_QUIT_WHEN_LOADED="1")
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
            env.pop(name, None)
        timed(BARE, env), timed(OURS, env)  # warm-up: disk caches, and the example project is made
        bare: list[float] = []
        ours: list[float] = []
        for _ in range(runs):
            bare.append(timed(BARE, env))
            ours.append(timed(OURS, env))
    b, o = statistics.median(bare), statistics.median(ours)
    print(f"bare QMainWindow to first paint:      median {b:.3f} s over {runs} runs")
    print(f"procure-app to example open and shown: median {o:.3f} s over {runs} runs")
    print(f"ratio: {o / b:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
