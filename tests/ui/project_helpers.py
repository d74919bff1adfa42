"""Project files for the Project tab's tests, and helpers to open them in a window."""

from __future__ import annotations

import random
import warnings
from pathlib import Path

from procure_app import paths
from procure_app.core.project.store import ProjectStore
from procure_app.core.project.store.interchange import import_evaluation, import_spec
from procure_app.ui.main_window import MainWindow
from procure_app.ui.tender.tender_jobs import example_spec

PRICES = {
    "bid-a": (310000, 72000, 38000),
    "bid-b": (420000, 98000, 52000),
    "bid-c": (280000, 85000, 40000),
    "bid-d": (140000, 45000, 15000),
    "bid-e": (250000, 90000, 30000),
}
MISSING_BID = "bid-d"  # priya has not scored it yet in the open project
CHAIR = "chair"


def open_project(
    evaluation_copy: Path, target: Path, *, complete: bool = False, spec: bool = False, declared: bool = True
) -> Path:
    """The example lot-1 evaluation as a project still being scored: quality open, five price sheets
    sealed, and (unless ``complete``) priya's scores of bid-d missing; with ``spec``, the example tender
    too. Unless ``declared`` is False, every evaluator has declared no conflict on the bids they have
    not declared a conflict on (a bid is scored only after its declaration)."""
    lines = evaluation_copy.read_text(encoding="utf-8").splitlines(keepends=True)
    evaluation_copy.write_text("".join(line for line in lines if not line.startswith("    price: {")), encoding="utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    with ProjectStore.create(target, "Riverton lot 1 (being scored)", actor=CHAIR) as store:
        if spec:
            import_spec(store, example_spec(), CHAIR)
        import_evaluation(store, evaluation_copy, CHAIR, library_root=paths.library_dir())
        for bid, (capex, opex, maintenance) in PRICES.items():
            store.set_price_sheet(
                CHAIR, bid, capex=capex, opex_per_year=opex, maintenance_per_year=maintenance, years=8
            )
        if declared:
            conflicted = {(c.evaluator, c.bid) for c in store.conflicts()}
            for evaluator in store.evaluators():
                for bid in store.bids():
                    if (evaluator, bid) not in conflicted:
                        store.declare_conflict(CHAIR, evaluator, bid, False, "")
        if not complete:
            for score in store.scores():
                if score.evaluator == "priya" and score.bid == MISSING_BID:
                    store.remove_score(CHAIR, score.evaluator, score.bid, score.criterion)
    return target


def damage(path: Path) -> None:
    """Overwrite a page in the middle of the file with noise (SQLite's integrity check finds it)."""
    with ProjectStore.open(path, backup=False) as store:
        page_size = store.conn.execute("PRAGMA page_size").fetchone()[0]
        page_count = store.conn.execute("PRAGMA page_count").fetchone()[0]
    data = bytearray(path.read_bytes())
    start = (page_count // 2 - 1) * page_size
    rng = random.Random(7)
    data[start : start + page_size] = bytes(rng.randrange(256) for _ in range(page_size))
    path.write_bytes(bytes(data))


def window_on(qtbot, project: Path | None = None, **kwargs) -> MainWindow:
    """A window opened on ``project`` (or the start-up choice), once everything is loaded."""
    window = MainWindow(project_path=project, **kwargs)
    qtbot.addWidget(window)
    qtbot.waitUntil(
        lambda: (
            window.library.loaded is not None
            and window.tender.state is not None
            and window.evaluation.state is not None
            and window._jobs == 0
            and window.project.snapshot is not None
        ),
        timeout=20_000,
    )
    return window


def fill_scoresheet(path: Path, score: int = 3) -> None:
    """Answer every empty declaration ("No conflict") and score (with a justification) of a scoresheet."""
    from openpyxl import load_workbook

    from procure_app.core.project.panel.scoresheets.layout import (
        DECLARATION_BID_COLUMN,
        DECLARATION_CHOICE_COLUMN,
        DECLARATION_HEADER_ROW,
        NO_CONFLICT,
        SCORES_BID_COLUMN,
        SCORES_HEADER_ROW,
        SCORES_JUSTIFICATION_COLUMN,
        SCORES_SCORE_COLUMN,
        SHEET_DECLARATION,
        SHEET_SCORES,
    )

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about the data validation extension
        workbook = load_workbook(path)
    declarations = workbook[SHEET_DECLARATION]
    for row in range(DECLARATION_HEADER_ROW + 1, declarations.max_row + 1):
        if (
            declarations.cell(row, DECLARATION_BID_COLUMN).value
            and not declarations.cell(row, DECLARATION_CHOICE_COLUMN).value
        ):
            declarations.cell(row, DECLARATION_CHOICE_COLUMN).value = NO_CONFLICT
    scores = workbook[SHEET_SCORES]
    for row in range(SCORES_HEADER_ROW + 1, scores.max_row + 1):
        if scores.cell(row, SCORES_BID_COLUMN).value and scores.cell(row, SCORES_SCORE_COLUMN).value in (None, ""):
            scores.cell(row, SCORES_SCORE_COLUMN).value = score
            scores.cell(row, SCORES_JUSTIFICATION_COLUMN).value = f"Scored {score} on the returned sheet."
    workbook.save(path)
    workbook.close()


def response_form(project: Path, target: Path, bidder: str | None, prices: tuple[int, int, int]) -> Path:
    """The project's tender response form, filled in by ``bidder`` with lot 1's ``prices``."""
    import tempfile

    from openpyxl import load_workbook

    from procure_app.core.project.store.materialise import prepare_project_tender
    from procure_app.core.tender.response_form import PRICE_ROWS, write_response_form

    with ProjectStore.open(project, backup=False) as store, tempfile.TemporaryDirectory() as scratch:
        prepared = prepare_project_tender(store, Path(scratch), paths.library_dir(), paths.guidelines_file())
    assert prepared.tender is not None
    write_response_form(prepared.tender, target)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about the data validation extension
        workbook = load_workbook(target)
    _beside(workbook["Instructions"], "Bidder (legal name)", bidder)
    for label, amount in zip(PRICE_ROWS[:3], prices, strict=True):
        _beside(workbook["Price"], label, amount)  # the first block: lot 1
    workbook.save(target)
    workbook.close()
    return target


def _beside(sheet, label: str, value: object) -> None:
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == label:
                sheet.cell(cell.row, cell.column + 1).value = value
                return
    raise AssertionError(f"no cell {label!r} on {sheet.title}")
