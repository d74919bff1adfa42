"""Check, before Qt starts, that the system libraries Qt's Linux (xcb) window plugin needs are there.

Without them Qt aborts with "could not load the Qt platform plugin" and no hint of what to install.
The check opens each library by its soname (as the plugin would), so it works on any Linux; the hint
names the Debian/Ubuntu packages, since that is where a fresh install lacks them. No Qt import here.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping

__all__ = ["XCB_LIBRARIES", "uses_xcb", "missing_packages", "problem"]

# soname → the Debian/Ubuntu package that ships it: what the xcb plugin of the PySide6 wheels and
# QtGui/QtDBus link (readelf -d), less what any X11 system has (libX11, glib, freetype, zlib).
XCB_LIBRARIES: dict[str, str] = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
}


def uses_xcb(platform: str | None = None, environ: Mapping[str, str] | None = None) -> bool:
    """Whether Qt will pick its xcb plugin: Linux, an X display, and no other platform asked for."""
    platform = sys.platform if platform is None else platform
    environ = os.environ if environ is None else environ
    if not platform.startswith("linux"):
        return False
    asked = environ.get("QT_QPA_PLATFORM", "").strip()
    if asked:
        return asked.split(";")[0].split(":")[0] == "xcb"  # "xcb", "xcb:option", "xcb;wayland"
    return bool(environ.get("DISPLAY")) and not environ.get("WAYLAND_DISPLAY")


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_packages(loads: Callable[[str], bool] | None = None) -> list[str]:
    """The packages whose library cannot be opened, in the order of :data:`XCB_LIBRARIES`."""
    loads = _loads if loads is None else loads
    return [package for soname, package in XCB_LIBRARIES.items() if not loads(soname)]


def problem(
    platform: str | None = None, environ: Mapping[str, str] | None = None, loads: Callable[[str], bool] | None = None
) -> str | None:
    """One line saying what is missing and how to install it, or None when Qt can start."""
    if not uses_xcb(platform, environ):
        return None
    missing = missing_packages(loads)
    if not missing:
        return None
    return (
        f"procure-app: Qt cannot open a window: {len(missing)} system "
        f"librar{'y is' if len(missing) == 1 else 'ies are'} missing ({', '.join(missing)}). "
        f"Install them with: sudo apt-get install {' '.join(missing)}"
    )
