"""Words the core makes for the app to show (an undo step's name, a fix's button), translatable.

The core is Qt-free, yet the names of its edits ("Move exit-plan up") appear in the app's Edit
menu and must go through Qt's translation like every other string of the app. A :class:`Phrase`
is the English text (a ``str``, so the CLI, the tests and the logs use it as it is) that also
keeps its template and values; the app translates the template and fills the values in
(``ui/phrases.py``). Each template is written inside ``QT_TRANSLATE_NOOP("Edits", …)``, the
marker that ``pyside6-lupdate`` collects into the translation sources; it reads the source, so
the context is written out, not taken from :data:`CONTEXT`.
"""

from __future__ import annotations

__all__ = ["CONTEXT", "Phrase", "QT_TRANSLATE_NOOP", "phrase"]

CONTEXT = "Edits"  # the translation context of every phrase of the core


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Mark ``text`` for translation in ``context``; the text itself is returned unchanged."""
    return text


class Phrase(str):
    """English text made from ``template`` and ``values``, which the app translates."""

    template: str
    values: dict[str, str]

    def __new__(cls, template: str, values: dict[str, str]) -> Phrase:
        made = super().__new__(cls, template.format(**values))
        made.template, made.values = template, values
        return made

    def __reduce__(self) -> tuple[object, ...]:
        return (Phrase, (self.template, self.values))


def phrase(template: str, **values: object) -> Phrase:
    """``template`` (written in ``QT_TRANSLATE_NOOP("Edits", …)``) with its ``{values}`` filled in."""
    return Phrase(template, {key: str(value) for key, value in values.items()})
