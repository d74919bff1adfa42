"""Typing a character in the clause browser's filter over a 10,000-clause library, as a ratio of a
bare ``QSortFilterProxyModel`` over the same rows.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_clause_filter.py [--clauses 10000] [--rounds 5]

Both sides filter the same :class:`~procure_app.ui.tender.clause_browser.ClauseListModel`: the bare
side is Qt's own fixed-string filter on the title column (``setFilterFixedString``), ours is the
browser's :class:`~procure_app.ui.tender.clause_browser.ClauseFilterProxy`, which also looks in
the id, text, guidance and variants and checks the four choices. Each round types the same word
one character at a time; the rounds alternate between the two and the best of each is kept.
Target: at most 1.2×.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QApplication

from benchmarks.generate_library import write_library
from procure_app import paths
from procure_app.core.library.checked import load_checked_library
from procure_app.core.library.clause_filter import ClauseFilter
from procure_app.ui.tender.clause_browser import ClauseFilterProxy, ClauseListModel

WORD = "exit"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clauses", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_library(root, args.clauses, per_file=100)
        library, _problems = load_checked_library(root, paths.guidelines_file())
    model = ClauseListModel()
    model.set_library(library)
    bare = QSortFilterProxyModel()
    bare.setSourceModel(model)
    bare.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    ours = ClauseFilterProxy()
    ours.setSourceModel(model)

    def type_bare() -> None:
        for end in range(1, len(WORD) + 1):
            bare.setFilterFixedString(WORD[:end])
            bare.rowCount()
        bare.setFilterFixedString("")

    def type_ours() -> None:
        for end in range(1, len(WORD) + 1):
            ours.set_filter(ClauseFilter(WORD[:end]))
            ours.rowCount()
        ours.set_filter(ClauseFilter())

    best = {"bare": float("inf"), "ours": float("inf")}
    for _ in range(args.rounds):
        for name, action in (("bare", type_bare), ("ours", type_ours)):
            start = time.perf_counter()
            action()
            best[name] = min(best[name], time.perf_counter() - start)
    keystrokes = len(WORD) + 1
    print(f"{len(model.clauses):,} clauses, {keystrokes} keystrokes per round, best of {args.rounds}")
    print(f"bare QSortFilterProxyModel: {best['bare'] / keystrokes * 1000:.1f} ms per keystroke")
    print(f"clause browser filter:      {best['ours'] / keystrokes * 1000:.1f} ms per keystroke")
    print(f"ratio: {best['ours'] / best['bare']:.2f}x (target <= 1.2x)")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
