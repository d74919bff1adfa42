"""The work the window runs in the background: load and check a spec, build its documents."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from procure_app import paths
from procure_app.cli import main
from procure_app.core.base.atomic import WriteError
from procure_app.core.library.pinning import lock_path_for
from procure_app.core.tender import outputs as tender_outputs
from procure_app.ui.tender.tender_jobs import (
    BuildRequest,
    build_tender,
    example_spec,
    is_bundled,
    load_tender_state,
    response_form_path,
)


def test_response_form_is_named_after_the_tender() -> None:
    assert response_form_path(Path("/x/city.docx")) == Path("/x/city-response-form.xlsx")


def test_state_of_the_example_has_checks_and_coverage(spec_copy: Path) -> None:
    state = load_tender_state(spec_copy, paths.library_dir())
    assert state.buildable and state.errors == []
    assert state.coverage is not None and state.coverage.total == 59
    line = next(n for n, text in enumerate(spec_copy.read_text().splitlines(), 1) if "id: custom-sensor-siting" in text)
    assert state.clause_at_line(spec_copy, line) == "custom-sensor-siting"
    assert state.clause_at_line(spec_copy, 1) is None  # the tender's facts, before any section
    assert state.clause_at_line(Path("/elsewhere.yaml"), line) is None


def test_building_the_bundled_example_never_writes_into_the_bundled_data(tmp_path: Path) -> None:
    example = example_spec()
    assert is_bundled(example) and not is_bundled(tmp_path / "a.tender.yaml")
    result = build_tender(BuildRequest(example, paths.library_dir(), tmp_path / "example.docx", False))
    assert result.written == [tmp_path / "example.docx"]
    assert result.pins_skipped and result.pinned is None
    assert not lock_path_for(example).exists()


def test_a_build_pins_clauses_once(spec_copy: Path, tmp_path: Path) -> None:
    request = BuildRequest(spec_copy, paths.library_dir(), tmp_path / "t.docx", True)
    first = build_tender(request)
    assert first.pinned == lock_path_for(spec_copy) and first.pinned.is_file()
    assert first.written == [tmp_path / "t.docx", tmp_path / "t-response-form.xlsx"]
    assert build_tender(request).pinned is None  # unchanged lock: not written again


def test_a_spec_broken_before_the_build_writes_nothing(spec_copy: Path, tmp_path: Path) -> None:
    spec_copy.write_text(spec_copy.read_text().replace("- clause: sme-lots\n", "- clause: sme-lotz\n"))
    result = build_tender(BuildRequest(spec_copy, paths.library_dir(), tmp_path / "t.docx", True))
    assert result.written == [] and not (tmp_path / "t.docx").exists()
    assert [d.rule for d in result.state.errors] == ["T101"]


def test_a_lock_that_cannot_be_written_does_not_lose_the_documents(
    spec_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def read_only_folder(prepared: object) -> bool:
        raise WriteError(f"cannot write {lock_path_for(spec_copy)}: permission denied")

    monkeypatch.setattr(tender_outputs, "save_lock", read_only_folder)
    result = build_tender(BuildRequest(spec_copy, paths.library_dir(), tmp_path / "t.docx", False))
    assert result.written == [tmp_path / "t.docx"] and (tmp_path / "t.docx").is_file()
    assert result.pinned is None and result.pin_error and "permission denied" in result.pin_error
    # The command line builds through the same function: the same documents, the same refusal.
    assert main(["tender", "build", str(spec_copy), "-o", str(tmp_path / "cli.docx")]) == 1
    assert (tmp_path / "cli.docx").is_file()
    assert "the documents were written, but the clauses were not pinned" in capsys.readouterr().err
