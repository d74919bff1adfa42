"""Run by the crash-safety test: apply score edits forever, printing each one once it is committed.

Usage: python crash_worker.py PROJECT SEED. Each line is ``SEQ EVALUATOR BID CRITERION SCORE``.
"""

from __future__ import annotations

import random
import sys

from procure_app.core.project.store import ProjectStore


def main() -> None:
    path, seed = sys.argv[1], int(sys.argv[2])
    rng = random.Random(seed)
    with ProjectStore.open(path, actor="worker") as store:
        while True:
            evaluator = rng.choice(["e1", "e2"])
            bid = rng.choice(["b1", "b2", "b3"])
            criterion = rng.choice(["c1", "c2"])
            score = f"{rng.randint(0, 100)}.{rng.randint(0, 9)}"
            seq = store.set_score("worker", evaluator, bid, criterion, score, f"trial {seed}")
            sys.stdout.write(f"{seq} {evaluator} {bid} {criterion} {score}\n")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
