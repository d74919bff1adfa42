"""Project file edits: committed, audited score edits as a ratio of bare SQLite commits.

    python benchmarks/bench_project.py [--edits 2000] [--rounds 3]

Ours: ``ProjectStore.set_score`` — one transaction per edit that checks the evaluator and the
bid, reads the old value, upserts the score, appends a hash-chained audit entry (SHA-256 over
canonical JSON) and moves the audit head, then commits with the journal settings of a project
file (rollback journal, synchronous=FULL). The baseline: a bare ``sqlite3`` connection with the
same journal settings inserting one row and committing, once per edit — the cost of durability
itself, which no design that commits every keystroke can avoid. Rounds alternate; the best time
of each is kept. The ratio shows what the audit trail and the checks add on top of a commit.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from procure_app.core.project.store import ProjectStore

CRITERIA = 60


def ours(folder: Path, edits: int) -> None:
    path = folder / "ours.procure"
    path.unlink(missing_ok=True)
    with ProjectStore.create(path, "Benchmark") as store:
        store.add_evaluator("chair", "ana", "Ana")
        bids = edits // CRITERIA + 1
        with store.batch():
            for bid in range(bids):
                store.add_bid("chair", f"bid-{bid}", f"Bidder {bid}")
        for edit in range(edits):
            store.set_score("ana", "ana", f"bid-{edit // CRITERIA}", f"c-{edit % CRITERIA}", edit % 6, "Evidence seen.")


def bare(folder: Path, edits: int) -> None:
    path = folder / "bare.sqlite"
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE scores (bid TEXT, criterion TEXT, score TEXT, justification TEXT)")
    for edit in range(edits):
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO scores VALUES (?, ?, ?, ?)",
            (f"bid-{edit // CRITERIA}", f"c-{edit % CRITERIA}", str(edit % 6), "Evidence seen."),
        )
        conn.execute("COMMIT")
    conn.close()


def best(run: Callable[[], None], times: list[float]) -> None:
    start = time.perf_counter()
    run()
    times.append(time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    ours_times: list[float] = []
    bare_times: list[float] = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for _ in range(args.rounds):
            best(lambda: bare(folder, args.edits), bare_times)
            best(lambda: ours(folder, args.edits), ours_times)
    print(f"{args.edits} committed score edits, best of {args.rounds}")
    print(f"  bare SQLite commits : {min(bare_times):.3f} s")
    print(f"  Procure set_score   : {min(ours_times):.3f} s")
    print(f"  ratio               : {min(ours_times) / min(bare_times):.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
