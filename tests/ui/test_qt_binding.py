"""The Qt binding keeps Python's reference counts right: the app calls setEnabled, setText and the
like thousands of times in a working day, and PySide6 6.12.0 dropped a reference to None on each
call that returns nothing, which aborts the interpreter once None's count runs out (Python 3.11,
where None is not immortal yet)."""

from __future__ import annotations

import sys

import pytest

pytest.importorskip("PySide6")

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

CALLS = 2000


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_calls_that_return_nothing_keep_none_alive(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    action = QAction("Save", label)
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        action.setEnabled(True)
        label.setText("Saved")
    assert abs(sys.getrefcount(None) - before) < 10  # not 2 × CALLS fewer
