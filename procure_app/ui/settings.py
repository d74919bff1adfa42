"""The application's settings, declared once with their types, over QSettings.

QSettings hands back strings from INI files, so every read passes its type explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

__all__ = [
    "Setting",
    "LAST_LIBRARY",
    "LAST_SPEC",
    "TENDER_CLOSED",
    "BUILD_FOLDER",
    "WRITE_RESPONSE_FORM",
    "LAST_EVALUATION",
    "EXPORT_FOLDER",
    "EXPORT_WORKBOOK",
    "EXPORT_REPORT",
    "EXPORT_LETTERS",
    "WINDOW_GEOMETRY",
    "WINDOW_STATE",
    "LIBRARY_STATE",
    "LAST_PROJECT",
    "BACKUP_INTERVAL",
    "SCORESHEET_FOLDER",
    "IMPORT_FOLDER",
    "PROJECT_EVALUATOR",
    "RECENT_FILES",
    "splitter_setting",
]

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
LAST_SPEC = Setting("tender/last_spec", str, "")  # opened at start-up; the bundled example when empty
TENDER_CLOSED = Setting("tender/closed", bool, False)  # the officer closed the tender: start on the start page
BUILD_FOLDER = Setting("tender/build_folder", str, "")  # where the last tender document was written
WRITE_RESPONSE_FORM = Setting("tender/write_response_form", bool, True)
LAST_EVALUATION = Setting("evaluation/last_file", str, "")  # opened at start-up; the bundled example when empty
EXPORT_FOLDER = Setting("evaluation/export_folder", str, "")  # where the last evaluation records were written
EXPORT_WORKBOOK = Setting("evaluation/export_workbook", bool, True)  # the records the last export wrote
EXPORT_REPORT = Setting("evaluation/export_report", bool, True)
EXPORT_LETTERS = Setting("evaluation/export_letters", bool, True)
WINDOW_GEOMETRY = Setting("window/geometry", QByteArray, QByteArray())
WINDOW_STATE = Setting("window/state", QByteArray, QByteArray())
LIBRARY_STATE = Setting("window/library_state", QByteArray, QByteArray())  # the library tab's docks
LAST_PROJECT = Setting("project/last_file", str, "")  # opened at start-up; the example project when empty
BACKUP_INTERVAL = Setting("project/backup_interval_seconds", int, 600)  # automatic backups of the open project
SCORESHEET_FOLDER = Setting("project/scoresheet_folder", str, "")  # where the last scoresheets were written
IMPORT_FOLDER = Setting("project/import_folder", str, "")  # where the last scoresheet or response form came from
PROJECT_EVALUATOR = Setting("project/evaluator", str, "")  # whose scores the score grid showed last
RECENT_FILES = Setting("files/recent", str, "")  # JSON: the tenders, evaluations and projects opened, newest first


def splitter_setting(name: str) -> Setting[QByteArray]:
    """Where the sizes of the splitter ``name`` are kept between sessions."""
    return Setting(f"window/splitter_{name}", QByteArray, QByteArray())
