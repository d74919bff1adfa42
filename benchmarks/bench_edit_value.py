"""Editing one value of a 1,000-clause tender in the builder until the preview shows it, as a
ratio of a bare assembly and HTML render of that one clause.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_edit_value.py [--clauses 1000] [--rounds 20]

Ours: a keystroke in the values form of the selected clause, through the app's own path (the
undoable edit of the round-trip document, the Details and values forms refreshed, the outline
compared, the clause worded again and shown in the preview), timed until the preview holds the
new number. Bare: :func:`~procure_app.core.tender.assembly.reword_clause` of the same clause, its
HTML, and that HTML rendered into a text browser of its own (what showing HTML costs in Qt),
nothing else. The check of the whole tender that follows when the typing pauses is not
part of either. Target: at most 2× (the work follows the change, not the size of the tender).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QTextBrowser

from benchmarks.bench_tender_docx import _write_spec
from benchmarks.generate_library import write_library
from procure_app.core.tender.assembly import reword_clause
from procure_app.ui.main_window import MainWindow
from procure_app.ui.tender.tender_html import clause_detail_html

CLAUSE = "synthetic-500"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clauses", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        os.environ["HOME"] = str(root)  # the settings and recent files of this run only
        write_library(root / "library", args.clauses, per_file=100)
        _write_spec(root / "tender.yaml", args.clauses)
        window = MainWindow(library_root=root / "library", spec_path=root / "tender.yaml")
        tender, view = window.tender, window.tender_view
        deadline = time.monotonic() + 300
        while not (window._jobs == 0 and tender.state is not None and tender.checks_current):
            app.processEvents()
            if time.monotonic() > deadline:
                raise SystemExit("the tender was not checked in time")
        assert view.select_clause(CLAUSE), "the clause is not in the outline"
        field = next(f for f in view.values_form.fields if f.path[-1] == "response_days")
        state = tender.state
        assert state is not None and state.prepared.tender is not None and state.prepared.library is not None
        assembled, library = state.prepared.tender, state.prepared.library
        keypath = field.path[:4]
        bare_view = QTextBrowser()  # as the preview, not shown
        best = {"bare": float("inf"), "ours": float("inf")}
        for round_ in range(args.rounds):
            text = str(10 + round_ % 300)
            start = time.perf_counter()
            field.edit.setText(text)
            field.edit.textEdited.emit(text)
            shown = f"{text} days" in view.detail.toPlainText()
            best["ours"] = min(best["ours"], time.perf_counter() - start)
            assert shown, "the preview does not show the new value"
            entry = {"clause": CLAUSE, "values": {"response_days": int(text)}}
            start = time.perf_counter()
            clause = reword_clause(assembled, library, entry, keypath)  # type: ignore[arg-type]
            assert clause is not None
            bare_view.setHtml(clause_detail_html(clause, state.guidelines))
            assert f"{text} days" in bare_view.toPlainText()
            best["bare"] = min(best["bare"], time.perf_counter() - start)
        print(f"{args.clauses:,} clauses, one value of {CLAUSE} typed {args.rounds} times, best of each")
        print(f"bare reword, HTML and render of the clause: {best['bare'] * 1000:.2f} ms")
        print(f"a keystroke until the preview shows it: {best['ours'] * 1000:.2f} ms")
        print(f"ratio: {best['ours'] / best['bare']:.2f}x (target <= 2x)")
        tender.session.stack.setClean()  # nothing to ask about on the way out
        window.close()
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
