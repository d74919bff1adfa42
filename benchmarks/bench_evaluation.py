"""200 bids × 60 criteria × 9 evaluators: evaluation plus workbook, as a ratio of a bare openpyxl write.

    python benchmarks/bench_evaluation.py [--bids 200] [--rounds 3]

Ours: the engine (gates, scores, totals, ranks, flags), the sensitivity analysis and the
evaluation workbook with its formulas, styles, validation and protection. The baseline: a bare
openpyxl ``Workbook`` writing the very same cell values (every sheet, every value and formula
string our workbook holds) with no styling. Rounds alternate; the best time of each is kept.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from procure_app.core.evaluation.engine import evaluate
from procure_app.core.evaluation.evaluation_file import (
    Bid,
    EvaluationFile,
    Evaluator,
    GateResult,
    PriceSheet,
    Score,
    SensitivitySettings,
)
from procure_app.core.evaluation.sensitivity import analyse
from procure_app.core.evaluation.workbook import render_evaluation_workbook
from procure_app.core.rubric.model import Award, Criterion, Gate, Group, PriceBasis, Rubric, ScaleLevel

GROUPS, CRITERIA_PER_GROUP, EVALUATORS = 10, 6, 9


def make_rubric() -> Rubric:
    groups = tuple(
        Group(
            f"group-{g}",
            f"Group {g}",
            Decimal(10),
            tuple(
                Criterion(f"c-{g}-{c}", f"Criterion {g}.{c}", Decimal(100) / CRITERIA_PER_GROUP)
                for c in range(CRITERIA_PER_GROUP)
            ),
        )
        for g in range(GROUPS)
    )
    scale = tuple(ScaleLevel(s, f"Level {s}", f"Evidence for level {s}.") for s in range(6))
    return Rubric(
        "bench",
        "Benchmark rubric",
        "1.0",
        "Synthetic.",
        scale,
        (Gate("exclusion", "No exclusion grounds"),),
        groups,
        PriceBasis("lifecycle", Decimal(3)),
        Award("relative-lowest", Decimal(70), Decimal(30)),
    )


def make_evaluation(rubric: Rubric, bids: int) -> EvaluationFile:
    rng = random.Random(2027)
    evaluators = tuple(Evaluator(f"ev-{e}", f"Evaluator {e}") for e in range(EVALUATORS))
    start = datetime(2027, 4, 1, 9, 0)
    bid_list = tuple(
        Bid(
            f"bid-{b}",
            f"Bidder number {b} Ltd",
            b % 3 == 0,
            start + timedelta(minutes=b),
            PriceSheet(
                Decimal(rng.randint(200_000, 900_000)),
                Decimal(rng.randint(10_000, 90_000)),
                Decimal(rng.randint(5_000, 30_000)),
                8,
            ),
            (GateResult("exclusion", "fail" if b % 50 == 7 else "pass", "Checked."),),
        )
        for b in range(bids)
    )
    scores = tuple(
        Score(ev.id, bid.id, criterion.id, Decimal(rng.randint(0, 5)), f"Reason of {ev.id} for {criterion.id}.")
        for bid in bid_list
        for _, criterion in rubric.criteria()
        for ev in evaluators
    )
    return EvaluationFile(
        "Benchmark evaluation",
        "BENCH-1",
        "Benchmark tender",
        Path("bench.yaml"),
        evaluators,
        bid_list,
        scores,
        sensitivity=SensitivitySettings(Decimal(10), 1000, 1),
    )


def _time(action: Callable[[], object], times: list[float]) -> None:
    start = time.perf_counter()
    action()
    times.append(time.perf_counter() - start)


def _cell_values(data: bytes) -> dict[str, list[list[object]]]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return {sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()] for sheet in workbook.worksheets}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bids", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    rubric = make_rubric()
    evaluation = make_evaluation(rubric, args.bids)

    def ours() -> bytes:
        result = evaluate(rubric, evaluation)
        return render_evaluation_workbook(rubric, evaluation, result, analyse(rubric, evaluation, result))

    values = _cell_values(ours())

    def bare() -> None:
        workbook = openpyxl.Workbook()
        workbook.remove(workbook.active)
        for title, rows in values.items():
            sheet = workbook.create_sheet(title)
            for row in rows:
                sheet.append(row)
        workbook.save(io.BytesIO())

    def bare_streaming() -> None:
        workbook = openpyxl.Workbook(write_only=True)
        for title, rows in values.items():
            sheet = workbook.create_sheet(title)
            for row in rows:
                sheet.append(row)
        workbook.save(io.BytesIO())

    our_times: list[float] = []
    bare_times: list[float] = []
    streaming_times: list[float] = []
    for _ in range(args.rounds):
        _time(bare, bare_times)
        _time(bare_streaming, streaming_times)
        _time(ours, our_times)
    cells = sum(len(row) for rows in values.values() for row in rows)
    print(f"bids: {args.bids}, criteria: {GROUPS * CRITERIA_PER_GROUP}, evaluators: {EVALUATORS}, cells: {cells:,}")
    print(f"bare openpyxl write of the same cells: {min(bare_times):.3f} s")
    print(f"procure evaluation + workbook:         {min(our_times):.3f} s")
    print(f"ratio: {min(our_times) / min(bare_times):.2f}x (target <= 1.5x)")
    # Procure streams the workbook (openpyxl's write-only mode); for a fair reading, the bare
    # streaming write of the same cells too.
    print(f"bare write-only (streaming) openpyxl write: {min(streaming_times):.3f} s")
    print(f"ratio against the streaming write: {min(our_times) / min(streaming_times):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
