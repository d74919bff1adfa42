"""Background loads of which only the newest counts: an older result is never shown over a newer one."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject

from procure_app.ui.latest_load import LatestLoad


def test_only_the_newest_load_is_shown_and_every_load_is_counted(qtbot) -> None:
    owner = QObject()
    events: list[str] = []
    shown: list[str] = []
    load: LatestLoad[str] = LatestLoad(
        owner,
        started=lambda: events.append("started"),
        finished=lambda: events.append("finished"),
        shown=shown.append,
        failed=lambda error: shown.append(f"failed: {error}"),
    )
    release = threading.Event()

    def slow() -> str:
        release.wait(10)
        return "the old file"

    load.start(slow)
    load.start(lambda: "the new file")
    qtbot.waitUntil(lambda: shown == ["the new file"])
    assert load.loading is False
    release.set()
    qtbot.waitUntil(lambda: events.count("finished") == 2)
    assert shown == ["the new file"] and events.count("started") == 2  # the old result was dropped


def test_a_forgotten_load_neither_shows_nor_fails_and_loading_ends(qtbot) -> None:
    owner = QObject()
    shown: list[str] = []
    finished: list[int] = []
    load: LatestLoad[str] = LatestLoad(
        owner, started=lambda: None, finished=lambda: finished.append(1), shown=shown.append, failed=shown.append
    )

    def broken() -> str:
        raise OSError("gone")

    load.start(broken)
    load.forget()  # an export or a build shows its own fresher result
    assert load.loading is False
    qtbot.waitUntil(lambda: finished == [1])
    assert shown == []
