"""Crash recovery: the unsaved tender is kept while it is edited, and the next start offers it back."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from procure_app.core.tender.recovery import find_recovered, keep_for_recovery
from procure_app.core.tender.spec_document import SpecDocument
from procure_app.ui.tender.recovery_keeper import RecoveryKeeper

from .tender_helpers import open_window, wait_checked


def _kept(folder: Path) -> list[str]:
    return [item.text for item in find_recovered(folder)[0]]


def test_unsaved_changes_are_kept_until_saved(qtbot, spec_copy: Path, recovery_folder: Path) -> None:
    window = open_window(qtbot, spec_path=spec_copy)
    window.tender.session.set_value(("tender", "duration"), "36 months")
    qtbot.waitUntil(lambda: any('"36 months"' in text for text in _kept(recovery_folder)), timeout=10_000)
    window.tender.undo_action.trigger()  # back to what is saved: nothing to recover
    qtbot.waitUntil(lambda: _kept(recovery_folder) == [], timeout=10_000)
    window.tender.redo_action.trigger()
    qtbot.waitUntil(lambda: len(_kept(recovery_folder)) == 1, timeout=10_000)
    window.tender.save_action.trigger()
    assert _kept(recovery_folder) == []
    wait_checked(qtbot, window)


def test_a_tender_open_in_a_running_window_is_not_offered_to_another(qtbot, spec_copy, recovery_folder) -> None:
    window = open_window(qtbot, spec_path=spec_copy)
    window.tender.session.set_value(("tender", "duration"), "36 months")
    window.tender.recovery.keep_now()
    assert len(_kept(recovery_folder)) == 1
    other = RecoveryKeeper(window, recovery_folder)  # as a second Procure would look
    assert other.left_by_crashes() == ([], [])
    wait_checked(qtbot, window)


def test_after_a_crash_the_next_start_offers_the_tender_back(qtbot, spec_copy: Path, recovery_folder: Path) -> None:
    # What a crashed run leaves: the recovery file, and no live process holding its lock.
    disk_state = SpecDocument.open(spec_copy).disk_state
    text = spec_copy.read_text(encoding="utf-8").replace('duration: "48 months"', 'duration: "30 months"')
    keep_for_recovery(recovery_folder, "crashed", spec_copy, text, disk_state)
    window = open_window(qtbot, spec_path=spec_copy)
    banner = window.tender_view.recovery_banner
    qtbot.waitUntil(lambda: banner.item is not None, timeout=10_000)
    assert spec_copy.name in banner.text.text() and banner.restore_button.isVisibleTo(window)
    banner.restore_button.click()
    wait_checked(qtbot, window)
    assert window.tender.session.get(("tender", "duration")) == "30 months"
    assert window.tender.modified and window.isWindowModified()  # restored as unsaved changes
    assert banner.item is None and not banner.isVisibleTo(window)
    assert _kept(recovery_folder) == [text]  # kept again, now by this window
    window.tender.save_action.trigger()
    assert 'duration: "30 months"' in spec_copy.read_text(encoding="utf-8") and _kept(recovery_folder) == []


def test_discarding_what_a_crash_left_deletes_it(qtbot, spec_copy: Path, recovery_folder: Path) -> None:
    keep_for_recovery(recovery_folder, "crashed", None, "tender:\n  title: Lost work\n", None)
    keep_for_recovery(recovery_folder, "garbled", None, "x", None)
    (recovery_folder / "garbled.tender-recovery.json").write_text("{not json", encoding="utf-8")
    window = open_window(qtbot, spec_path=spec_copy)
    banner = window.tender_view.recovery_banner
    qtbot.waitUntil(lambda: banner.item is not None, timeout=10_000)
    assert "a new tender, never saved" in banner.text.text() and "garbled" in banner.text.text()
    banner.discard_button.click()
    assert _kept(recovery_folder) == []
    # The unreadable one stays named until dismissed: it is never deleted unseen.
    assert banner.isVisibleTo(window) and "garbled" in banner.text.text()
    assert banner.dismiss_button.isVisibleTo(window) and not banner.restore_button.isVisibleTo(window)
    banner.dismiss_button.click()
    assert not banner.isVisibleTo(window)
    assert not window.tender.modified  # the open tender was never touched


def test_a_lock_left_by_a_killed_process_does_not_hide_its_tender(tmp_path: Path, qtbot) -> None:
    # A process that keeps a tender and then dies without cleaning up (as a crash does).
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "from procure_app.ui.tender.recovery_keeper import RecoveryKeeper\n"
        "from procure_app.core.tender.spec_document import SpecDocument\n"
        "from procure_app.ui.tender.spec_session import SpecSession\n"
        "app = QCoreApplication([])\n"
        "keeper = RecoveryKeeper(app, Path(sys.argv[1]))\n"
        "session = SpecSession(SpecDocument('tender:\\n  title: Lost\\n'), app)\n"
        "keeper.follow(session)\n"
        "keeper.keep_now()\n"
        "os._exit(0)\n"
    )
    folder = tmp_path / "recovery"
    subprocess.run([sys.executable, "-c", script, str(folder)], check=True, timeout=60)
    assert len(list(folder.glob("*.lock"))) == 1  # its lock is still there, naming a dead process
    found, _ = RecoveryKeeper(None, folder).left_by_crashes()
    assert [item.text for item in found] == ["tender:\n  title: Lost\n"]
