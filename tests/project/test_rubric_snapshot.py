"""The project's rubric is read from the snapshot's text: no file is written, nothing is left behind."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from procure_app.core.project.panel.rubric_snapshot import project_rubric
from procure_app.core.project.store import ProjectError, ProjectStore
from procure_app.core.project.store.interchange import import_evaluation

REPO = Path(__file__).resolve().parents[2]
EVALUATION = REPO / "resources" / "examples" / "urban-data-platform-lot1.eval.yaml"


def test_the_rubric_is_read_without_a_scratch_folder(tmp_path: Path, monkeypatch) -> None:
    with ProjectStore.create(tmp_path / "p.procure", "Lot 1", actor="chair") as store:
        import_evaluation(store, EVALUATION, "chair", library_root=REPO / "clause_library")

        def refused(*args, **kwargs):
            raise AssertionError("a temporary folder or file was made")

        for name in ("mkdtemp", "TemporaryDirectory", "mkstemp", "NamedTemporaryFile"):
            monkeypatch.setattr(tempfile, name, refused)
        rubric = project_rubric(store)
    assert rubric.id == "smart-city-ict" and len(list(rubric.criteria())) == 14


def test_a_damaged_snapshot_is_named_with_its_line(tmp_path: Path) -> None:
    with ProjectStore.create(tmp_path / "p.procure", "Lot 1", actor="chair") as store:
        import_evaluation(store, EVALUATION, "chair", library_root=REPO / "clause_library")
        name = store.document("rubric").name
        store.set_document("chair", "rubric", name, "rubric: [unclosed\n")
        with pytest.raises(ProjectError, match=r"smart-city-ict.yaml in .* cannot be read \(line 2: YAML syntax error"):
            project_rubric(store)
