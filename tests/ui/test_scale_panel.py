"""The rating scale beside the score grids follows the current cell, moved by keyboard as by mouse."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from procure_app.core.project.store import ProjectStore
from procure_app.ui.project.project_consensus import PANEL
from procure_app.ui.project.project_jobs import read_snapshot
from procure_app.ui.project.scale_panel import scale_html

from .project_helpers import MISSING_BID, open_project, window_on


@pytest.fixture
def project(evaluation_copy: Path, tmp_path: Path) -> Path:
    return open_project(evaluation_copy, tmp_path / "work" / "riverton.procure")


def _panel_text(window) -> str:
    return window.project_view.scale_panel.text.text()


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, when a window is shown
def test_the_scale_follows_the_current_cell_as_the_arrow_keys_move_it(qtbot, project: Path) -> None:
    window = window_on(qtbot, project)
    window.show()
    qtbot.waitExposed(window)
    view = window.project_view
    view.choose_evaluator("priya")
    grid = view.grid
    assert "Choose a score cell" in _panel_text(window)
    grid.setCurrentIndex(view.model.index_of("bid-a", "open-interfaces"))
    grid.setFocus()
    text = _panel_text(window)
    assert "Documented open interfaces" in text and "Civic Stack Cooperative Ltd (bid-a)" in text
    assert "In this cell: 5 · Excellent" in text
    for value, label, descriptor in window.project.snapshot.scale:  # every level with its descriptor
        assert f"{value} · {label}</b>: " in text and descriptor[:30].replace('"', "&quot;") in text
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    text = _panel_text(window)
    assert "Open standards and open data formats" in text and "In this cell: 4 · Good" in text

    grid.setCurrentIndex(view.model.index_of(MISSING_BID, "open-interfaces"))
    assert "In this cell" not in _panel_text(window)  # not scored yet: the scale alone
    view.model.setData(grid.currentIndex(), "2")
    assert "In this cell: 2 · Partial" in _panel_text(window)  # the snapshot read afresh


def test_the_consensus_grid_shows_the_scale_with_the_agreed_score(qtbot, project: Path) -> None:
    window = window_on(qtbot, project)
    view = window.project_view
    view.choose_evaluator(PANEL)
    snapshot = window.project.snapshot
    agreed = next(pair for pair in snapshot.panel.values() if pair.consensus is not None)
    view.consensus_grid.setCurrentIndex(view.consensus_model.index_of(agreed.bid, agreed.criterion))
    score = agreed.consensus[0]
    assert f"In this cell: {score} · {snapshot.label_of(score)}" in _panel_text(window)


def test_the_scale_text_is_escaped_and_marks_only_the_level_in_the_cell(project: Path) -> None:
    with ProjectStore.open(project, backup=False) as store:
        snapshot = read_snapshot(store)
    html = scale_html(snapshot, "bid-a", "open-interfaces", Decimal(3))
    assert html.count("background:#fff4d6") == 1 and "In this cell: 3 · Adequate" in html
    assert scale_html(snapshot, "bid-a", "no-such-criterion", None) == ""
    assert "<script" not in scale_html(snapshot, "<script>", "open-interfaces", None)
