"""The tender as a file an officer works on: new, edit, undo, save, save as, and never losing work."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtGui import QCloseEvent

from procure_app.core.tender.spec import load_spec
from procure_app.ui import dialogs
from procure_app.ui.main_window import PROJECT_TAB, TENDER_TAB, MainWindow
from procure_app.ui.tender.tender_jobs import example_spec

from .tender_helpers import open_window, wait_checked


def _title(window: MainWindow) -> str:
    """The title as the window manager shows it (Qt replaces "[*]" by "*" while modified)."""
    title = window.windowTitle()
    return title.replace("[*]", "*" if window.isWindowModified() else "")


def test_a_new_tender_is_edited_undone_and_saved_where_the_officer_chooses(
    qtbot, isolated_settings, tmp_path, monkeypatch
) -> None:
    window = open_window(qtbot)
    window.tender.new_action.trigger()
    wait_checked(qtbot, window)
    tender = window.tender
    assert "Untitled" in _title(window) and "*" in _title(window)  # never saved
    assert any(d.rule == "S005" and "'title' is empty" in d.message for d in tender.state.errors)
    assert not tender.build_action.isEnabled()

    tender.session.set_value(("tender", "title"), "Street lighting")
    tender.session.set_value(("tender", "title"), "Street lighting control")  # keystrokes: one step
    assert window.tender.undo_action.text() == "&Undo Change title"
    wait_checked(qtbot, window)
    assert not any("'title'" in d.message for d in tender.state.errors)  # the check followed the typing

    target = tmp_path / "lighting.tender.yaml"
    monkeypatch.setattr(dialogs, "choose_spec_save_file", lambda parent, suggested: str(target))
    tender.save_action.trigger()  # a new tender: Save asks where
    assert target.is_file() and 'title: "Street lighting control"' in target.read_text(encoding="utf-8")
    assert tender.spec_path == target and "lighting.tender.yaml" in _title(window)
    assert "*" not in _title(window)

    tender.undo_action.trigger()  # back to the empty title: modified again
    assert tender.session.get(("tender", "title")) == "" and "*" in _title(window)
    tender.redo_action.trigger()  # and forward to what was saved: not modified
    assert "*" not in _title(window)


def test_saving_an_opened_spec_changes_only_the_lines_edited(qtbot, isolated_settings, spec_copy) -> None:
    before = spec_copy.read_text(encoding="utf-8")
    window = open_window(qtbot, spec_path=spec_copy)
    window.tender.session.set_value(("tender", "duration"), "36 months")
    window.tender.save_action.trigger()
    after = spec_copy.read_text(encoding="utf-8")
    changed = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="")]
    assert [line for line in changed if line[:1] in "+-" and line[:3] not in ("+++", "---")] == [
        '-  duration: "48 months"',
        '+  duration: "36 months"',
    ]
    spec, _problems = load_spec(spec_copy)
    assert spec is not None and spec.duration == "36 months"


def test_the_example_is_saved_as_a_copy(qtbot, isolated_settings, tmp_path, monkeypatch) -> None:
    window = open_window(qtbot)
    assert window.tender.spec_path == example_spec().resolve()
    original = example_spec().read_bytes()
    window.tender.session.set_value(("tender", "reference"), "MY-2027-1")
    copy = tmp_path / "mine.tender.yaml"
    asked: list[str] = []
    monkeypatch.setattr(
        dialogs, "choose_spec_save_file", lambda parent, suggested: asked.append(suggested) or str(copy)
    )
    window.tender.save_action.trigger()
    assert asked and Path(asked[0]).name == example_spec().name  # the bundled file is never the target
    assert example_spec().read_bytes() == original
    assert 'reference: "MY-2027-1"' in copy.read_text(encoding="utf-8")


def test_a_change_on_disk_never_overwrites_unsaved_work(qtbot, isolated_settings, spec_copy, monkeypatch) -> None:
    window = open_window(qtbot, spec_path=spec_copy)
    tender = window.tender
    tender.session.set_value(("tender", "duration"), "36 months")
    theirs = spec_copy.read_text(encoding="utf-8").replace("Riverton City Hall", "Riverton Town Hall")
    temp = spec_copy.with_name("theirs.tmp")
    temp.write_text(theirs, encoding="utf-8")
    os.replace(temp, spec_copy)  # another editor, or a git pull
    qtbot.waitUntil(lambda: "changed by another program" in window.tender_summary.text(), timeout=10_000)
    assert tender.session.get(("tender", "duration")) == "36 months"  # mine, still in the window

    shown: list[list[str]] = []
    monkeypatch.setattr(
        dialogs, "ask_changed_on_disk", lambda parent, name, diff: shown.append(list(diff)) or dialogs.DiskChoice.CANCEL
    )
    tender.save_action.trigger()
    assert spec_copy.read_text(encoding="utf-8") == theirs  # cancelled: nothing written
    assert '-  duration: "48 months"' in shown[0] and '+  duration: "36 months"' in shown[0]
    assert "-  address: Riverton Town Hall, 1 Quay Street, Riverton RV1 1AA" in shown[0]

    monkeypatch.setattr(dialogs, "ask_changed_on_disk", lambda *args: dialogs.DiskChoice.OVERWRITE)
    tender.save_action.trigger()
    assert 'duration: "36 months"' in spec_copy.read_text(encoding="utf-8") and not tender.modified


def test_reloading_theirs_drops_my_changes_only_when_asked(qtbot, isolated_settings, spec_copy, monkeypatch) -> None:
    window = open_window(qtbot, spec_path=spec_copy)
    tender = window.tender
    tender.session.set_value(("tender", "duration"), "36 months")
    spec_copy.write_text(spec_copy.read_text(encoding="utf-8").replace("48 months", "24 months"), encoding="utf-8")
    monkeypatch.setattr(dialogs, "ask_changed_on_disk", lambda *args: dialogs.DiskChoice.RELOAD)
    tender.save_action.trigger()
    assert tender.session.get(("tender", "duration")) == "24 months" and not tender.modified


def test_closing_with_unsaved_changes_asks(qtbot, isolated_settings, spec_copy, monkeypatch) -> None:
    window = open_window(qtbot, spec_path=spec_copy)
    window.tender.session.set_value(("tender", "duration"), "36 months")
    answers = iter([dialogs.SaveChoice.CANCEL, dialogs.SaveChoice.SAVE])
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, name: asked.append(name) or next(answers))
    event = QCloseEvent()
    window.closeEvent(event)
    assert not event.isAccepted() and asked == ["riverton.tender.yaml"]  # Cancel: the window stays
    assert "48 months" in spec_copy.read_text(encoding="utf-8")
    event = QCloseEvent()
    window.closeEvent(event)
    assert event.isAccepted() and "36 months" in spec_copy.read_text(encoding="utf-8")  # Save, then close


def test_opening_another_spec_offers_to_discard(qtbot, isolated_settings, spec_copy, monkeypatch) -> None:
    window = open_window(qtbot, spec_path=spec_copy)
    window.tender.session.set_value(("tender", "duration"), "36 months")
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, name: dialogs.SaveChoice.DISCARD)
    assert window.tender.open(example_spec())
    wait_checked(qtbot, window)
    assert window.tender.spec_path == example_spec().resolve() and not window.tender.modified
    assert "48 months" in spec_copy.read_text(encoding="utf-8")


def test_undo_belongs_to_the_tab_shown(qtbot, isolated_settings, spec_copy) -> None:
    window = open_window(qtbot, spec_path=spec_copy)
    window.tender.session.set_value(("tender", "duration"), "36 months")
    assert window.tender.undo_action.isVisible() and not window.project.undo_action.isVisible()
    window.tabs.setCurrentIndex(PROJECT_TAB)
    assert not window.tender.undo_action.isVisible() and window.project.undo_action.isVisible()
    window.tabs.setCurrentIndex(TENDER_TAB)
    window.tender.undo_action.trigger()
    assert window.tender.session.get(("tender", "duration")) == "48 months" and not window.tender.modified


def test_build_saves_first(qtbot, isolated_settings, spec_copy, monkeypatch, tmp_path) -> None:
    window = open_window(qtbot, spec_path=spec_copy)
    window.tender.session.set_value(("tender", "duration"), "36 months")
    wait_checked(qtbot, window)
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text, ok: asked.append(ok) or True)
    docx = tmp_path / "riverton.docx"
    monkeypatch.setattr(dialogs, "choose_build_target", lambda *args: dialogs.BuildTarget(docx, False))
    window.tender.build_action.trigger()
    qtbot.waitUntil(lambda: not window.tender.building and docx.is_file(), timeout=30_000)
    wait_checked(qtbot, window)  # the checks the build started end before the window closes
    assert asked == ["Save and Build"] and "36 months" in spec_copy.read_text(encoding="utf-8")
