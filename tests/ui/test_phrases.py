"""The names of the core's edits go through Qt's translation: a translator installed for them
renames the undo step in the Edit menu and the fix's button, with the values filled in."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QCoreApplication, QTranslator

from procure_app.core.base.phrases import QT_TRANSLATE_NOOP, Phrase, phrase
from procure_app.core.tender import outline_edits
from procure_app.ui.phrases import translated

from .tender_helpers import open_window

TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context><name>Edits</name>
<message><source>Move {clause} down</source><translation>Descendre {clause}</translation></message>
</context>
</TS>
"""


def _lrelease() -> str | None:
    import PySide6

    found = shutil.which("pyside6-lrelease")
    bundled = Path(PySide6.__file__).parent / "lrelease"
    return found or (str(bundled) if bundled.exists() else None)


def test_a_phrase_is_english_text_that_keeps_its_template() -> None:
    made = phrase(QT_TRANSLATE_NOOP("Edits", "Move {clause} down"), clause="exit-plan")
    assert made == "Move exit-plan down" and isinstance(made, str)
    assert isinstance(made, Phrase) and made.template == "Move {clause} down"
    assert translated("plain text") == "plain text"


def test_a_translation_renames_the_undo_step(qtbot, tmp_path: Path, spec_copy: Path) -> None:
    tool = _lrelease()
    if tool is None:
        pytest.skip("pyside6-lrelease is not installed")
    (tmp_path / "edits_fr.ts").write_text(TS, encoding="utf-8")
    subprocess.run([tool, str(tmp_path / "edits_fr.ts"), "-qm", str(tmp_path / "edits_fr.qm")], check=True)
    translator = QTranslator()
    assert translator.load(str(tmp_path / "edits_fr.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        window = open_window(qtbot, spec_path=spec_copy)
        session = window.tender.session
        edit = outline_edits.move_clause(session.document, 0, 0, +1)
        session.push(edit)
        assert window.tender.undo_action.text().endswith("Descendre " + edit.label.values["clause"])
    finally:
        QCoreApplication.removeTranslator(translator)
