"""File › Recent Files: the tenders, evaluations and projects opened lately, newest first."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from procure_app.ui import settings
from procure_app.ui.main_window import TENDER_TAB, MainWindow
from procure_app.ui.recent_files import MAX_RECENT, RecentFile, forget, read_recent, remember
from procure_app.ui.tender.tender_jobs import example_spec

from .project_helpers import open_project, window_on


def _wait_idle(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(
        lambda: (
            window.library.loaded is not None
            and window.tender.state is not None
            and window.evaluation.state is not None
            and window._jobs == 0
        ),
        timeout=30_000,
    )


def _entries(window: MainWindow) -> list[tuple[str, bool]]:
    window.recent.refresh()  # as when the menu opens
    return [(a.text(), a.isEnabled()) for a in window.recent.menu.actions() if not a.isSeparator() and a.isVisible()]


def test_the_newest_file_comes_first_once_and_the_list_is_bounded(tmp_path: Path) -> None:
    files = [tmp_path / f"t{i}.tender.yaml" for i in range(MAX_RECENT + 3)]
    for path in files:
        path.write_text("tender: {}\n", encoding="utf-8")
        remember("tender", path)
    remember("tender", files[0])  # opened again: back to the top, not twice
    listed = [entry.path for entry in read_recent()]
    assert listed[0] == files[0].resolve() and listed.count(files[0].resolve()) == 1
    assert len(listed) == MAX_RECENT
    forget(files[0].resolve())
    assert files[0].resolve() not in [entry.path for entry in read_recent()]


def test_bundled_examples_are_not_listed() -> None:
    remember("tender", example_spec())
    assert read_recent() == []


@pytest.mark.parametrize("stored", ["not json", '{"kind": "tender"}', '[{"kind": "macro", "path": "/x"}, 3, null]'])
def test_settings_from_elsewhere_give_a_shorter_list_never_an_error(stored: str) -> None:
    settings.RECENT_FILES.write(stored)
    assert read_recent() == []


def test_the_menu_lists_what_was_opened_marks_what_is_gone_and_opens_a_choice(
    qtbot, spec_copy: Path, evaluation_copy: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other" / "parks.tender.yaml"
    other.parent.mkdir()
    other.write_bytes(spec_copy.read_bytes())
    remember("tender", other)
    settings.LAST_SPEC.write(str(spec_copy))
    settings.LAST_EVALUATION.write(str(evaluation_copy))
    window = MainWindow()
    qtbot.addWidget(window)
    _wait_idle(qtbot, window)
    texts = [text for text, _enabled in _entries(window)]
    # Opened at start (in whichever order their loads end), both above the one remembered before.
    assert sorted(text[3:].split(" (")[0] for text in texts[:2]) == [
        "lot1.eval.yaml — Evaluation",
        "riverton.tender.yaml — Tender",
    ]
    assert texts[2].startswith("&3 parks.tender.yaml — Tender")

    other.unlink()  # on a drive that is not connected now
    shown = dict(_entries(window))
    missing = next(text for text in shown if "parks.tender.yaml" in text)
    assert missing.endswith("(missing)") and not shown[missing]

    other.write_bytes(spec_copy.read_bytes())
    window.tender._held.write_started()  # a tender being built: nothing else is opened meanwhile
    assert not any(enabled for text, enabled in _entries(window) if "— " in text)
    window.tender._held.write_ended()
    window.tabs.setCurrentIndex(2)
    window.recent.refresh()
    parks = next(a for a in window.recent.menu.actions() if a.isVisible() and "parks.tender.yaml" in a.text())
    parks.trigger()
    qtbot.waitUntil(lambda: window.tender.spec_path == other.resolve() and window._jobs == 0, timeout=20_000)
    assert window.tabs.currentIndex() == TENDER_TAB
    assert _entries(window)[0][0].startswith("&1 parks.tender.yaml")

    clear = next(a for a in window.recent.menu.actions() if a.text() == "&Clear Recent Files")
    clear.trigger()
    assert read_recent() == [] and _entries(window)[0] == ("No recent files", False)


def test_an_opened_project_is_listed(qtbot, evaluation_copy: Path, tmp_path: Path) -> None:
    project = open_project(evaluation_copy, tmp_path / "projects" / "lot1.procure")
    window_on(qtbot, project)
    assert read_recent()[0] == RecentFile("project", project.resolve())
