"""The check that runs before Qt starts: the libraries Qt's xcb plugin needs on Linux, and the hint to install them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from procure_app import platform_check
from procure_app.platform_check import XCB_LIBRARIES, missing_packages, problem, uses_xcb

ROOT = Path(__file__).resolve().parents[1]
X11 = {"DISPLAY": ":0"}


def test_xcb_is_checked_only_when_qt_will_use_it() -> None:
    assert uses_xcb("linux", X11)
    assert uses_xcb("linux", {"QT_QPA_PLATFORM": "xcb"})
    assert uses_xcb("linux", {"QT_QPA_PLATFORM": "xcb;wayland", "DISPLAY": ":0"})
    assert not uses_xcb("linux", {"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"})
    assert not uses_xcb("linux", {"QT_QPA_PLATFORM": "wayland"})
    assert not uses_xcb("linux", {"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"})
    assert not uses_xcb("linux", {})
    assert not uses_xcb("win32", X11)
    assert not uses_xcb("darwin", X11)


def test_missing_libraries_are_named_with_the_command_that_installs_them() -> None:
    absent = {"libxcb-cursor.so.0", "libxcb-icccm.so.4"}
    line = problem("linux", X11, loads=lambda soname: soname not in absent)
    assert line is not None and "\n" not in line
    assert line.endswith("sudo apt-get install libxcb-cursor0 libxcb-icccm4")
    assert "2 system libraries are missing" in line


def test_nothing_is_said_when_all_libraries_load() -> None:
    assert problem("linux", X11, loads=lambda soname: True) is None
    assert missing_packages(lambda soname: True) == []


def test_the_app_exits_2_with_one_line_before_qt_starts(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from procure_app.ui import app

    monkeypatch.setattr(platform_check, "_loads", lambda soname: soname != "libxcb-cursor.so.0")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    assert app.main([]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "sudo apt-get install libxcb-cursor0" in err


def test_a_missing_library_in_a_fresh_process_gives_exit_2_and_no_qt(tmp_path: Path) -> None:
    code = (
        "import sys, ctypes\n"
        "real = ctypes.CDLL\n"
        "def fake(name, *a, **k):\n"
        "    if name == 'libxcb-cursor.so.0': raise OSError(name)\n"
        "    return real(name, *a, **k)\n"
        "ctypes.CDLL = fake\n"
        "sys.platform = 'linux'\n"
        "from procure_app.ui import app\n"
        "code = app.main([])\n"
        "print('PySide6' in sys.modules, code)\n"
    )
    env = {"PYTHONPATH": str(ROOT), "DISPLAY": ":99", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["False", "2"], done.stderr
    assert done.stderr.count("\n") == 1 and "libxcb-cursor0" in done.stderr


def test_readme_lists_the_packages_the_check_knows() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = [line for line in readme.splitlines() if line.startswith("sudo apt-get install")]
    assert len(lines) == 1, "the Quick start has one apt-get line"
    listed = re.findall(r"lib[\w.+-]+", lines[0])
    assert listed == list(XCB_LIBRARIES.values())
