"""A project is evaluated straight from the store: no evaluation YAML is written or parsed, no
scratch file is made, and the numbers are those of its exported evaluation file."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml

from procure_app import paths
from procure_app.core.base import yamlio
from procure_app.core.evaluation.run import result_as_json, run_evaluation
from procure_app.core.project.store import ProjectStore
from procure_app.core.project.store.interchange import (
    evaluate_project,
    export_evaluation,
    import_evaluation,
    project_evaluation,
)

EVALUATION = paths.resources_dir() / "examples" / "urban-data-platform-lot1.eval.yaml"
LIBRARY = paths.library_dir()


def _project(tmp_path: Path, evaluation: Path = EVALUATION) -> ProjectStore:
    store = ProjectStore.create(tmp_path / "p.procure", "Lot 1", actor="chair")
    import_evaluation(store, evaluation, "chair", library_root=LIBRARY)
    return store


def test_a_project_is_evaluated_without_writing_or_parsing_its_evaluation(tmp_path: Path, monkeypatch) -> None:
    with _project(tmp_path) as store:
        parsed: list[Path] = []
        real_parse = yamlio.load_yaml_text

        def parse(text: str, path: Path, *args, **kwargs):
            parsed.append(path)
            return real_parse(text, path, *args, **kwargs)

        def refused(*args, **kwargs):
            raise AssertionError("the evaluation went through YAML or a scratch file")

        monkeypatch.setattr("procure_app.core.evaluation.run.load_yaml_text", parse)
        monkeypatch.setattr(yaml, "dump", refused)
        for name in ("mkdtemp", "TemporaryDirectory", "mkstemp", "NamedTemporaryFile"):
            monkeypatch.setattr(tempfile, name, refused)
        source = project_evaluation(store)
        run = evaluate_project(source, paths.guidelines_file(), LIBRARY)
    assert run.ok and run.result is not None
    assert parsed == [source.rubric_path]  # only the rubric snapshot, which is kept as its text
    assert [bid.bid for bid in run.result.bids] == sorted(bid["id"] for bid in source.data["bids"])


def test_a_project_and_its_export_give_the_same_numbers(tmp_path: Path) -> None:
    # A changed score and a price in cents are values the store must hand over as it holds them.
    text = EVALUATION.read_text(encoding="utf-8")
    text = text.replace("criterion: open-interfaces, score: 5,", "criterion: open-interfaces, score: 3,", 1)
    text = text.replace("capex: 310000,", "capex: 310000.57,", 1)
    changed = tmp_path / "changed.eval.yaml"
    changed.write_text(text, encoding="utf-8")
    with _project(tmp_path, changed) as store:
        source = project_evaluation(store)
        exported = export_evaluation(store, tmp_path / "export")
    from_store = evaluate_project(source, paths.guidelines_file(), LIBRARY)
    from_file = run_evaluation(exported, paths.guidelines_file(), LIBRARY)
    assert from_store.ok and from_file.ok
    assert result_as_json(from_store) == result_as_json(from_file)
    assert result_as_json(from_store) != result_as_json(run_evaluation(EVALUATION, paths.guidelines_file(), LIBRARY))
