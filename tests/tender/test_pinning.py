"""Pinned clauses: a tender rebuilds byte for byte after the library changes, until pins are updated."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from procure_app import paths
from procure_app.core.tender.build import prepare_tender, save_lock
from procure_app.core.tender.docx import render_tender

from .conftest import SPEC


@pytest.fixture
def spec_path(tmp_path: Path) -> Path:
    path = tmp_path / "tender.yaml"
    path.write_text(textwrap.dedent(SPEC), encoding="utf-8")
    return path


def _build(spec_path: Path, library: Path, update_pins: bool = False):
    prepared = prepare_tender(spec_path, library, paths.guidelines_file(), update_pins=update_pins)
    assert prepared.ok, [d.format() for d in prepared.diagnostics]
    save_lock(prepared)
    return prepared, render_tender(prepared.tender)


def test_rebuild_is_identical_after_the_library_changes(spec_path: Path, mini_library: Path) -> None:
    first, before = _build(spec_path, mini_library)
    lock = json.loads(first.lock_path.read_text())
    assert sorted(lock["clauses"]) == ["alpha", "beta"]
    assert lock["clauses"]["alpha"]["version"] == "1.0" and len(lock["clauses"]["alpha"]["sha256"]) == 64

    clauses = mini_library / "clauses" / "general.yaml"
    clauses.write_text(clauses.read_text().replace("reports monthly", "reports weekly"), encoding="utf-8")
    _, again = _build(spec_path, mini_library)
    assert again == before

    updated, after = _build(spec_path, mini_library, update_pins=True)
    assert after != before
    assert "reports weekly" in str(updated.tender.sections[1].clauses[0].blocks)


def test_a_tampered_lock_is_refused_with_advice(spec_path: Path, mini_library: Path) -> None:
    first, _ = _build(spec_path, mini_library)
    lock = json.loads(first.lock_path.read_text())
    lock["clauses"]["beta"]["content"]["text"] = "Edited by hand."
    first.lock_path.write_text(json.dumps(lock), encoding="utf-8")
    prepared = prepare_tender(spec_path, mini_library, paths.guidelines_file())
    assert prepared.tender is None
    (problem,) = prepared.diagnostics
    assert problem.rule == "T115" and "changed after it was pinned" in problem.message
    assert "--update-pins" in problem.message


def test_lock_is_only_rewritten_when_it_changes(spec_path: Path, mini_library: Path) -> None:
    prepared, _ = _build(spec_path, mini_library)
    stamp = prepared.lock_path.stat().st_mtime_ns
    again = prepare_tender(spec_path, mini_library, paths.guidelines_file())
    assert save_lock(again) is False
    assert prepared.lock_path.stat().st_mtime_ns == stamp
