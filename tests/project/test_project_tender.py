"""`procure tender check` and `tender build` on a project file: same tender as from the YAML spec."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from procure_app.cli import main
from procure_app.core.project.store import ProjectStore

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_SPEC = REPO / "resources" / "examples" / "urban-data-platform.tender.yaml"
RUBRIC = REPO / "scoring_rubrics" / "smart-city-ict.yaml"


def _document_text(docx: Path) -> str:
    with zipfile.ZipFile(docx) as package:
        return package.read("word/document.xml").decode("utf-8")


def _spec_copy(folder: Path, *, rubric: Path | None = None) -> Path:
    """The example spec in its own folder (so building it writes its lock there, not in the repo)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = EXAMPLE_SPEC.read_text(encoding="utf-8")
    if rubric is not None:
        relative = Path("..") / "rubrics" / rubric.name
        (folder.parent / "rubrics").mkdir(exist_ok=True)
        shutil.copy(rubric, folder.parent / "rubrics" / rubric.name)
        text = text.replace("tender:\n", f"tender:\n  rubric: {relative.as_posix()}\n", 1)
    spec = folder / EXAMPLE_SPEC.name
    spec.write_text(text, encoding="utf-8")
    return spec


def test_a_project_builds_the_same_document_as_its_spec_and_keeps_the_new_lock(tmp_path: Path, capsys) -> None:
    spec = _spec_copy(tmp_path / "yaml")
    project = tmp_path / "tender.procure"
    assert main(["project", "new", str(project), "--spec", str(spec)]) == 0
    assert main(["tender", "build", str(spec), "-o", str(tmp_path / "from-yaml.docx")]) == 0
    assert main(["tender", "build", str(project), "-o", str(tmp_path / "from-project.docx")]) == 0
    assert (tmp_path / "from-yaml.docx").read_bytes() == (tmp_path / "from-project.docx").read_bytes()
    assert "pinned 49 clause(s) in the project" in capsys.readouterr().err

    with ProjectStore.open(project, backup=False) as store:
        lock = store.document("spec_lock")
        entries = len(store.audit_entries())
    yaml_lock = next(spec.parent.glob("*.lock.json"))  # the YAML build pinned the same clauses
    assert lock is not None and lock.text == yaml_lock.read_text(encoding="utf-8")
    # A second build takes the clauses from the project's lock and changes nothing in the project.
    assert main(["tender", "build", str(project), "-o", str(tmp_path / "again.docx")]) == 0
    assert (tmp_path / "again.docx").read_bytes() == (tmp_path / "from-project.docx").read_bytes()
    with ProjectStore.open(project, backup=False) as store:
        assert len(store.audit_entries()) == entries
        assert [e.action for e in store.audit_entries()][-1] == "document.set"


def test_a_project_build_uses_its_pins_after_the_library_changed(tmp_path: Path) -> None:
    spec = _spec_copy(tmp_path / "yaml")
    project = tmp_path / "tender.procure"
    library = tmp_path / "library"
    shutil.copytree(REPO / "clause_library", library)
    assert main(["project", "new", str(project), "--spec", str(spec)]) == 0
    assert main(["tender", "build", str(project), "--library", str(library), "-o", str(tmp_path / "one.docx")]) == 0
    for path in library.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("The contractor shall", "The supplier must"), encoding="utf-8")
    assert main(["tender", "build", str(project), "--library", str(library), "-o", str(tmp_path / "two.docx")]) == 0
    assert (tmp_path / "one.docx").read_bytes() == (tmp_path / "two.docx").read_bytes()


def test_the_rubric_a_spec_names_travels_in_the_project(tmp_path: Path) -> None:
    spec = _spec_copy(tmp_path / "yaml", rubric=RUBRIC)
    project = tmp_path / "tender.procure"
    assert main(["project", "new", str(project), "--spec", str(spec)]) == 0
    shutil.rmtree(tmp_path / "rubrics")  # the project must not need the original files any more
    shutil.rmtree(tmp_path / "yaml")
    assert main(["tender", "build", str(project), "-o", str(tmp_path / "t.docx")]) == 0
    text = _document_text(tmp_path / "t.docx")
    # the award-criteria annex lists the rubric's groups and criteria with their weights
    assert "Openness and interoperability" in text and "Documented open interfaces" in text


def test_tender_check_on_a_project_reports_like_on_the_spec(tmp_path: Path, capsys) -> None:
    spec = _spec_copy(tmp_path / "yaml")
    project = tmp_path / "tender.procure"
    assert main(["project", "new", str(project), "--spec", str(spec)]) == 0
    capsys.readouterr()
    assert main(["tender", "check", str(spec), "--json"]) == 0
    from_yaml = capsys.readouterr().out
    assert main(["tender", "check", str(project), "--json"]) == 0
    assert capsys.readouterr().out == from_yaml


def test_a_project_without_a_spec_gets_a_clear_message(tmp_path: Path, capsys) -> None:
    project = tmp_path / "empty.procure"
    ProjectStore.create(project, "Empty").close()
    assert main(["tender", "build", str(project), "-o", str(tmp_path / "t.docx")]) != 0
    err = capsys.readouterr().err
    assert "holds no tender spec" in err and "procure project import --spec" in err
    assert not (tmp_path / "t.docx").exists()
