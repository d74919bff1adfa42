"""What the tender builder's tests share: a window whose library and tender are loaded and checked."""

from __future__ import annotations

from procure_app.ui.main_window import MainWindow


def open_window(qtbot, **kwargs) -> MainWindow:
    window = MainWindow(**kwargs)
    qtbot.addWidget(window)
    wait_checked(qtbot, window)
    return window


def wait_checked(qtbot, window: MainWindow) -> None:
    """Until the checks shown are those of the tender as it is now, and no work is running."""
    qtbot.waitUntil(
        lambda: (
            window.library.loaded is not None
            and window.tender.state is not None
            and window.tender.checks_current
            and window._jobs == 0
        ),
        timeout=20_000,
    )
