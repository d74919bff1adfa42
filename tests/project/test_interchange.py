"""Import and export between a project file and the YAML tender spec and evaluation file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from procure_app import paths
from procure_app.core.evaluation.run import run_evaluation
from procure_app.core.project.store import ProjectError, ProjectStore, schema_version, verify
from procure_app.core.project.store.interchange import (
    InterchangeError,
    export_evaluation,
    export_spec,
    import_evaluation,
    import_spec,
)

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_EVAL = REPO / "resources" / "examples" / "urban-data-platform-lot1.eval.yaml"
EXAMPLE_SPEC = REPO / "resources" / "examples" / "urban-data-platform.tender.yaml"
RUBRIC = REPO / "scoring_rubrics" / "smart-city-ict.yaml"


def _copy_example(tmp_path: Path) -> Path:
    """The example evaluation and its rubric, keeping the relative layout ``../../scoring_rubrics``."""
    target = tmp_path / "src" / "resources" / "examples" / EXAMPLE_EVAL.name
    target.parent.mkdir(parents=True)
    shutil.copyfile(EXAMPLE_EVAL, target)
    (tmp_path / "src" / "scoring_rubrics").mkdir()
    shutil.copyfile(RUBRIC, tmp_path / "src" / "scoring_rubrics" / RUBRIC.name)
    return target


def _data(store: ProjectStore) -> dict[str, object]:
    return {
        "header": store.evaluation_header(),
        "rubric": store.document("rubric"),
        "spec": store.document("spec"),
        "spec_lock": store.document("spec_lock"),
        "evaluators": store.evaluators(),
        "roles": store.evaluator_roles(),
        "bids": store.bids(),
        "details": store.bid_details(),
        "prices": store.price_sheets(),
        "gates": store.gate_results(),
        "scores": store.scores(),
        "consensus": store.consensus_scores(),
        "conflicts": store.conflicts(),
    }


def _ranking(path: Path) -> list[tuple[str, int | None, object]]:
    run = run_evaluation(path, paths.guidelines_file(), paths.library_dir())
    assert run.ok, [d.format() for d in run.diagnostics]
    assert run.result is not None
    return [(bid.bid, bid.rank, bid.total) for bid in run.result.bids]


def test_evaluation_round_trip_gives_the_same_project_and_result(tmp_path: Path) -> None:
    source = _copy_example(tmp_path)
    with ProjectStore.create(tmp_path / "a.procure", "A") as first:
        assert not [d for d in import_evaluation(first, source, "chair") if d.is_error]
        import_spec(first, EXAMPLE_SPEC, "chair")
        exported = export_evaluation(first, tmp_path / "out")
        export_spec(first, tmp_path / "out")
        original = _data(first)
    assert exported == tmp_path / "out" / "EVAL.yaml"
    assert (tmp_path / "out" / RUBRIC.name).read_bytes() == RUBRIC.read_bytes()
    assert (tmp_path / "out" / EXAMPLE_SPEC.name).read_bytes() == EXAMPLE_SPEC.read_bytes()

    with ProjectStore.create(tmp_path / "b.procure", "B") as second:
        import_evaluation(second, exported, "chair")
        import_spec(second, tmp_path / "out" / EXAMPLE_SPEC.name, "chair")
        assert _data(second) == original

    assert original["header"] is not None and original["scores"] and original["prices"] and original["gates"]
    assert _ranking(exported) == _ranking(source)
    assert verify(tmp_path / "a.procure").ok and verify(tmp_path / "b.procure").ok


def test_import_is_audited_and_atomic(tmp_path: Path) -> None:
    source = _copy_example(tmp_path)
    with ProjectStore.create(tmp_path / "a.procure", "A") as store:
        before = len(store.audit_entries())
        import_evaluation(store, source, "chair")
        actions = {entry.action for entry in store.audit_entries()[before:]}
        assert {"document.set", "evaluation.set", "bid.add", "price.set", "gate.set", "score.set"} <= actions
        count = len(store.audit_entries())
        with pytest.raises(ProjectError, match="already holds an evaluation"):
            import_evaluation(store, source, "chair")
        assert len(store.audit_entries()) == count


def test_a_failing_import_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = _copy_example(tmp_path)
    with ProjectStore.create(tmp_path / "a.procure", "A") as store:
        count = len(store.audit_entries())

        def broken(*args: object, **kwargs: object) -> int:
            raise ProjectError("disk on fire")

        monkeypatch.setattr(ProjectStore, "set_consensus", broken)
        with pytest.raises(ProjectError, match="disk on fire"):
            import_evaluation(store, source, "chair")
        assert store.evaluators() == {} and store.bids() == {} and store.evaluation_header() is None
        assert len(store.audit_entries()) == count
    assert verify(tmp_path / "a.procure").ok


def test_an_evaluation_with_errors_is_refused_with_diagnostics(tmp_path: Path) -> None:
    source = _copy_example(tmp_path)
    source.write_text(source.read_text(encoding="utf-8").replace("evaluator: ana", "evaluator: nobody", 1), "utf-8")
    with ProjectStore.create(tmp_path / "a.procure", "A") as store:
        with pytest.raises(InterchangeError) as info:
            import_evaluation(store, source, "chair")
        assert any(d.rule == "E101" and d.path == source for d in info.value.diagnostics)
        assert store.evaluators() == {}


def test_spec_import_keeps_the_lock_and_replaces_it(tmp_path: Path) -> None:
    spec = tmp_path / "tender.yaml"
    shutil.copyfile(EXAMPLE_SPEC, spec)
    lock = tmp_path / "tender.lock.json"
    lock.write_text('{"format": 1, "library": {"id": "x", "version": "1"}, "clauses": {}}\n', encoding="utf-8")
    with ProjectStore.create(tmp_path / "a.procure", "A") as store:
        import_spec(store, spec, "chair")
        stored = store.document("spec_lock")
        assert stored is not None and stored.text == lock.read_text(encoding="utf-8")
        written = export_spec(store, tmp_path / "out")
        assert (tmp_path / "out" / "tender.lock.json").read_text(encoding="utf-8") == lock.read_text(encoding="utf-8")
        assert written.read_bytes() == spec.read_bytes()
        lock.unlink()
        import_spec(store, spec, "chair")
        assert store.document("spec_lock") is None
        assert store.audit_entries()[-1].action == "document.remove"


def test_a_format_1_file_is_brought_forward(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from procure_app.core.project.store import schema as store_schema

    path = tmp_path / "old.procure"
    with monkeypatch.context() as patch:
        patch.setattr(store_schema, "MIGRATIONS", store_schema.MIGRATIONS[:1])
        with ProjectStore.create(path, "Old") as old:
            old.add_evaluator("chair", "ana", "Ana Ruiz")
            assert old.schema_version() == 1
    with ProjectStore.open(path) as store:
        assert store.schema_version() == schema_version() >= 2
        assert store.evaluators() == {"ana": "Ana Ruiz"} and store.document("spec") is None
        import_spec(store, EXAMPLE_SPEC, "chair")
        assert store.document("spec") is not None
    assert verify(path).ok
