"""The example project: the bundled lot-1 evaluation as a panel still at work.

A new user should be able to try the panel's steps, so the example is not the finished
evaluation: the bids and their prices are in (sealed), two evaluators have scored everything,
the third has two bids still to declare on and score, and the panel has not met to agree consensus
scores. Quality scoring is open. From there a user can score, import a scoresheet, lock, unseal
and evaluate. The data are the bundled example files, cut back; nothing is invented.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml

from ...rubric.reference import resolve_rubric
from ..store import ProjectError, ProjectStore
from ..store.interchange import import_evaluation, import_spec

__all__ = ["EXAMPLE_UNSCORED", "build_example_project"]

# Still to score: the last evaluator's scores of these bids are left out of the example.
EXAMPLE_UNSCORED = ("bid-c", "bid-d")


def build_example_project(
    target: Path, name: str, spec: Path, evaluation: Path, actor: str, *, library_root: Path | None = None
) -> Path:
    """Create the example project at ``target`` (which must not exist) from the bundled files."""
    data = yaml.safe_load(evaluation.read_text(encoding="utf-8"))
    _cut_back(data, evaluation.parent)
    store = ProjectStore.create(target, name, actor=actor)
    try:
        with store, tempfile.TemporaryDirectory(prefix="procure-example-") as scratch:
            in_progress = Path(scratch) / evaluation.name
            in_progress.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
            import_spec(store, spec, actor)
            import_evaluation(store, in_progress, actor, library_root=library_root, in_progress=True)
            _declare_as_scored(store, actor, last_evaluator=data["evaluators"][-1]["id"])
    except BaseException:
        target.unlink(missing_ok=True)  # a half-made example is not left behind
        raise
    return target


def _declare_as_scored(store: ProjectStore, actor: str, *, last_evaluator: str) -> None:
    """The declarations the scores imply: whoever scored a bid declared no conflict on it first. The
    last evaluator has still to declare on the bids they have still to score."""
    conflicted = {(c.evaluator, c.bid) for c in store.conflicts()}
    with store.batch():
        for evaluator in store.evaluators():
            for bid in store.bids():
                waiting = evaluator == last_evaluator and bid in EXAMPLE_UNSCORED
                if (evaluator, bid) not in conflicted and not waiting:
                    store.declare_conflict(actor, evaluator, bid, False, "")


def _cut_back(data: dict[str, Any], folder: Path) -> None:
    evaluators = data.get("evaluators") or []
    if not evaluators:
        raise ProjectError("the example evaluation has no evaluators")
    last = evaluators[-1]["id"]
    scores = data.get("scores", [])
    data["scores"] = [s for s in scores if not (s["evaluator"] == last and s["bid"] in EXAMPLE_UNSCORED)]
    data.pop("consensus", None)
    # A path would be relative to the bundled file, and the cut-back copy lives elsewhere.
    data["evaluation"]["rubric"] = str(resolve_rubric(data["evaluation"]["rubric"], folder / "example"))
