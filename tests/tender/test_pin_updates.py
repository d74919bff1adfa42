"""A newer approved library version of a pinned clause: found, its changes word by word, taken for
that one clause as an undoable edit, and written into the lock file when the spec is saved."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from procure_app import paths
from procure_app.core.library.pinning import lock_path_for, read_lock, write_lock
from procure_app.core.tender.build import prepare_tender
from procure_app.core.tender.pin_updates import pin_updates, take_version, word_diff
from procure_app.core.tender.spec_document import SpecDocument

EXAMPLE = paths.resources_dir() / "examples" / "urban-data-platform.tender.yaml"


def _prepared(spec: Path, document: SpecDocument):
    return prepare_tender(
        spec, paths.library_dir(), paths.guidelines_file(), spec_text=document.text, taken_pins=document.taken_pins
    )


def _spec_pinning_an_older_exit_plan(tmp_path: Path) -> Path:
    spec = tmp_path / "t.tender.yaml"
    shutil.copy(EXAMPLE, spec)
    prepared = prepare_tender(spec, paths.library_dir(), paths.guidelines_file())
    assert prepared.tender is not None
    lock = prepared.tender.lock
    current = lock.clauses["exit-plan"]
    older = current.text.replace("The Contractor shall", "The Contractor must", 1)
    assert older != current.text
    lock.clauses["exit-plan"] = dataclasses.replace(current, version="0.9", text=older)
    write_lock(lock_path_for(spec), lock)
    return spec


def test_a_newer_approved_version_is_found_with_the_words_that_changed(tmp_path: Path) -> None:
    spec = _spec_pinning_an_older_exit_plan(tmp_path)
    document = SpecDocument.open(spec)
    prepared = _prepared(spec, document)
    assert prepared.tender is not None and prepared.library is not None
    updates = pin_updates(prepared.tender, prepared.library)
    assert list(updates) == ["exit-plan"]
    update = updates["exit-plan"]
    assert (update.pinned.version, update.current.version) == ("0.9", prepared.library.get("exit-plan").version)
    [change] = update.changes
    assert change.name == "text"
    runs = word_diff(change.old, change.new)
    assert ("gone", "must") in runs and ("added", "shall") in runs
    assert "".join(text for kind, text in runs if kind != "added") == change.old
    assert "".join(text for kind, text in runs if kind != "gone") == change.new
    assert update.new_variables == () and update.gone_variables == ()


def test_taking_a_version_pins_it_once_saved_and_undoing_puts_the_old_pin_back(tmp_path: Path) -> None:
    spec = _spec_pinning_an_older_exit_plan(tmp_path)
    lock_file = lock_path_for(spec)
    old_lock = lock_file.read_bytes()
    document = SpecDocument.open(spec)
    prepared = _prepared(spec, document)
    update = pin_updates(prepared.tender, prepared.library)["exit-plan"]
    edit = take_version(update)
    assert edit.label == f"Take version {update.current.version} of exit-plan"
    edit.apply(document)
    assert lock_file.read_bytes() == old_lock  # nothing is written before the save
    taken = _prepared(spec, document)
    assert not [d for d in taken.diagnostics if d.rule == "T208"]
    assert pin_updates(taken.tender, taken.library) == {}
    document.save()
    assert read_lock(lock_file).clauses["exit-plan"] == update.current
    edit.revert(document)
    document.save()
    assert lock_file.read_bytes() == old_lock


def test_a_tender_never_built_pins_nothing_and_has_no_updates(tmp_path: Path) -> None:
    spec = tmp_path / "t.tender.yaml"
    shutil.copy(EXAMPLE, spec)
    document = SpecDocument.open(spec)
    prepared = _prepared(spec, document)
    assert prepared.tender is not None
    assert pin_updates(prepared.tender, prepared.library) == {}
