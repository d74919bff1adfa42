"""The two envelopes in the project file: prices stay sealed until quality scoring is locked."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from procure_app.cli import main
from procure_app.core.project.store import PricesSealedError, ProjectError, ProjectStore

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_EVAL = REPO / "resources" / "examples" / "urban-data-platform-lot1.eval.yaml"
EXAMPLE_SPEC = REPO / "resources" / "examples" / "urban-data-platform.tender.yaml"


@pytest.fixture
def store(tmp_path: Path):
    with ProjectStore.create(tmp_path / "p.procure", "Sensors") as opened:
        opened.add_evaluator("chair", "ana", "Ana Ruiz")
        opened.add_bid("chair", "bid-a", "Civic Stack Cooperative")
        opened.set_price_sheet("chair", "bid-a", capex=120000, opex_per_year=8000, years=5)
        yield opened


def test_a_new_project_keeps_prices_sealed_but_counts_them(store: ProjectStore) -> None:
    assert store.envelope().prices_sealed and not store.envelope().quality_locked
    assert store.price_sheet_count() == 1
    with pytest.raises(PricesSealedError, match="sealed"):
        store.price_sheets()


def test_unsealing_needs_the_quality_lock_first(store: ProjectStore) -> None:
    with pytest.raises(ProjectError, match="lock the quality scores first"):
        store.unseal_prices("chair")
    store.lock_quality("chair")
    store.unseal_prices("chair")
    assert store.price_sheets()[0].capex == Decimal(120000)
    actions = [entry.action for entry in store.audit_entries()]
    assert actions[-2:] == ["envelope.lock_quality", "envelope.unseal_prices"]
    with pytest.raises(ProjectError, match="already unsealed"):
        store.unseal_prices("chair")


def test_quality_edits_are_refused_once_locked_and_the_refusal_changes_nothing(store: ProjectStore) -> None:
    store.set_score("ana", "ana", "bid-a", "open-interfaces", 3, "Partly documented API.")
    store.lock_quality("chair")
    before = len(store.audit_entries())
    for edit in (
        lambda: store.set_score("ana", "ana", "bid-a", "open-interfaces", 5, "Changed my mind."),
        lambda: store.remove_score("ana", "ana", "bid-a", "open-interfaces"),
        lambda: store.set_consensus("chair", "bid-a", "open-interfaces", 4, "Panel view."),
        lambda: store.declare_conflict("ana", "ana", "bid-a", True, "Former employer."),
        lambda: store.set_gate_result("chair", "bid-a", "exclusion", "fail", "Late."),
    ):
        with pytest.raises(ProjectError, match="locked"):
            edit()
    assert [s.score for s in store.scores()] == [Decimal(3)]
    assert len(store.audit_entries()) == before


def test_an_evaluation_file_with_prices_comes_in_locked_and_unsealed(tmp_path: Path) -> None:
    project = tmp_path / "lot1.procure"
    assert main(["project", "new", str(project), "--spec", str(EXAMPLE_SPEC), "--evaluation", str(EXAMPLE_EVAL)]) == 0
    with ProjectStore.open(project, backup=False) as opened:
        state = opened.envelope()
        assert state.quality_locked and not state.prices_sealed
        assert opened.price_sheets()


def test_evaluating_a_sealed_project_says_why_it_cannot(store: ProjectStore, tmp_path: Path, capsys) -> None:
    from procure_app.core.project.store import EvaluationHeader

    store.set_evaluation_header("chair", EvaluationHeader("Lot 1", "RIV-1", "Sensors", "1", "EUR", Decimal(10), 100, 1))
    rubric = REPO / "scoring_rubrics" / "smart-city-ict.yaml"
    store.set_document("chair", "rubric", rubric.name, rubric.read_text(encoding="utf-8"))
    store.close()
    assert main(["evaluate", str(tmp_path / "p.procure")]) == 1
    assert "prices are sealed" in capsys.readouterr().err


def test_an_evaluation_set_up_without_prices_starts_open_and_sealed(tmp_path: Path, capsys) -> None:
    """Panel and bidders first, prices later: the set-up imports, and evaluation waits for prices."""
    import yaml

    data = yaml.safe_load(EXAMPLE_EVAL.read_text(encoding="utf-8"))
    for bid in data["bids"]:
        bid.pop("price")
    data.pop("scores")
    data.pop("consensus", None)
    data["evaluation"]["rubric"] = str(REPO / "scoring_rubrics" / "smart-city-ict.yaml")
    setup = tmp_path / "setup.eval.yaml"
    setup.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert main(["evaluate", str(setup)]) == 1  # on its own, a file without prices cannot be evaluated
    assert "error[E109]" in capsys.readouterr().err

    project = tmp_path / "panel.procure"
    assert main(["project", "new", str(project), "--spec", str(EXAMPLE_SPEC), "--evaluation", str(setup)]) == 0
    with ProjectStore.open(project, backup=False) as opened:
        assert not opened.envelope().quality_locked and opened.envelope().prices_sealed
        assert len(opened.bids()) == 5 and opened.price_sheet_count() == 0


def test_exporting_a_sealed_project_keeps_prices_in_their_envelope(store: ProjectStore, tmp_path: Path, capsys) -> None:
    from procure_app.core.project.store import EvaluationHeader
    from procure_app.core.project.store.interchange import import_spec

    rubric = REPO / "scoring_rubrics" / "smart-city-ict.yaml"
    import_spec(store, EXAMPLE_SPEC, "chair")
    store.set_document("chair", "rubric", rubric.name, rubric.read_text(encoding="utf-8"))
    store.set_evaluation_header("chair", EvaluationHeader("Lot 1", "RIV-1", "Sensors", "1", "EUR", Decimal(10), 100, 1))
    store.close()
    out = tmp_path / "out"
    assert main(["project", "export", str(tmp_path / "p.procure"), "--to", str(out)]) == 1
    assert "the evaluation was not exported" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == [EXAMPLE_SPEC.name]  # no rubric, no EVAL.yaml, no prices
