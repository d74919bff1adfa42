"""The application's settings, declared once with their types, over QSettings.

QSettings hands back strings from INI files, so every read passes its type explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

__all__ = ["Setting", "LAST_LIBRARY", "WINDOW_GEOMETRY", "WINDOW_STATE"]

T = TypeVar("T")


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    type: type[T]
    default: T

    def read(self, store: QSettings | None = None) -> T:
        store = store or QSettings()
        value = store.value(self.key, self.default, type=self.type)
        return value if isinstance(value, self.type) else self.default

    def write(self, value: T, store: QSettings | None = None) -> None:
        (store or QSettings()).setValue(self.key, value)


LAST_LIBRARY = Setting("library/last_folder", str, "")
WINDOW_GEOMETRY = Setting("window/geometry", QByteArray, QByteArray())
WINDOW_STATE = Setting("window/state", QByteArray, QByteArray())
