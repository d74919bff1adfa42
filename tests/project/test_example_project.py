"""The example project a new user gets: the bundled evaluation as a panel still at work."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import yaml

from procure_app.cli import main
from procure_app.core.project.panel.envelopes import lock_quality, missing_quality_scores
from procure_app.core.project.panel.example import EXAMPLE_UNSCORED, build_example_project
from procure_app.core.project.panel.rubric_snapshot import project_rubric
from procure_app.core.project.store import ProjectStore

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "resources" / "examples" / "urban-data-platform.tender.yaml"
EVALUATION = REPO / "resources" / "examples" / "urban-data-platform-lot1.eval.yaml"


def test_the_example_is_a_panel_at_work_that_finishes_as_the_example_file(tmp_path: Path, capsys) -> None:
    project = build_example_project(tmp_path / "example.procure", "Example", SPEC, EVALUATION, "example")
    example = yaml.safe_load(EVALUATION.read_text(encoding="utf-8"))
    last = example["evaluators"][-1]["id"]
    with ProjectStore.open(project, actor="chair") as store:
        state = store.envelope()
        assert not state.quality_locked and state.prices_sealed and store.price_sheet_count() == 5
        assert store.consensus_scores() == []
        missing = missing_quality_scores(store, project_rubric(store))
        assert len(missing) == len(EXAMPLE_UNSCORED) and all(last in line for line in missing)
        # Whoever scored a bid declared on it first; the last evaluator has still to declare on the rest.
        declared = {(c.evaluator, c.bid): c.conflicted for c in store.conflicts()}
        assert all((s.evaluator, s.bid) in declared for s in store.scores())
        assert [bid for bid in store.bids() if (last, bid) not in declared] == list(EXAMPLE_UNSCORED)
        for bid in EXAMPLE_UNSCORED:
            store.declare_conflict(last, last, bid, False, "")

        # The panel finishes the work: the last evaluator's scores, then the consensus.
        for score in example["scores"]:
            if score["evaluator"] == last and score["bid"] in EXAMPLE_UNSCORED:
                store.set_score(last, last, score["bid"], score["criterion"], score["score"], score["justification"])
        for agreed in example["consensus"]:
            store.set_consensus("chair", agreed["bid"], agreed["criterion"], Decimal(agreed["score"]), agreed["reason"])
        lock_quality(store, "chair")
        store.unseal_prices("chair")
    capsys.readouterr()
    assert main(["evaluate", str(project), "--json"]) == 0
    finished = json.loads(capsys.readouterr().out)
    assert main(["evaluate", str(EVALUATION), "--json"]) == 0
    assert finished == json.loads(capsys.readouterr().out)
