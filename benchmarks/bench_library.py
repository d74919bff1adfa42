"""Load + validate a 10,000-clause library, as a ratio of a bare CSafeLoader parse of the same files.

    python benchmarks/bench_library.py [--clauses 10000] [--rounds 3]

Both sides read the same files from disk; the bare side is ``yaml.load(text, CSafeLoader)`` of
each file, ours is :func:`procure_app.core.library.checked.load_checked_library` (safe loading, schemas,
building the clauses and every cross-check). The rounds alternate between the two and the best
time of each is kept, so the ratio is measured in one run on the same machine state.

Procure pauses Python's cyclic garbage collector while it loads (the data is acyclic); for a fair
reading the script also reports the bare parse with the collector paused in the same way.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate_library import write_library
from procure_app import paths
from procure_app.core.base.yamlio import collector_paused
from procure_app.core.library.checked import load_checked_library


def _best(action: Callable[[], object], rounds: list[float]) -> None:
    start = time.perf_counter()
    action()
    rounds.append(time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clauses", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        files = write_library(root, args.clauses, per_file=100)

        def bare() -> None:
            for path in files:
                yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # the baseline

        def bare_paused() -> None:
            with collector_paused():
                bare()

        def ours() -> None:
            library, problems = load_checked_library(root, paths.guidelines_file())
            if problems or len(library.clauses) != args.clauses:
                raise SystemExit(f"benchmark library did not validate: {problems[:3]}")

        bare_times: list[float] = []
        paused_times: list[float] = []
        our_times: list[float] = []
        for _ in range(args.rounds):
            _best(bare, bare_times)
            _best(bare_paused, paused_times)
            _best(ours, our_times)
    ratio = min(our_times) / min(bare_times)
    print(f"clauses: {args.clauses} in {len(files)} files")
    print(f"bare yaml.load (CSafeLoader):                {min(bare_times):.3f} s")
    print(f"bare yaml.load, garbage collector paused:    {min(paused_times):.3f} s")
    print(f"procure load + validate (collector paused):  {min(our_times):.3f} s")
    print(f"ratio: {ratio:.2f}x (target <= 2.0x)")
    print(f"ratio against the paused bare parse: {min(our_times) / min(paused_times):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
