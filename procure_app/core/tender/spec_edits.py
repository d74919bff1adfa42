"""Edits of a tender spec as small commands that know their inverse: the builder's undo and redo.

Each edit changes a :class:`~.spec_document.SpecDocument` through :meth:`SpecEdit.apply` and puts
it back exactly through :meth:`SpecEdit.revert` (the file's text is byte for byte what it was).
An edit is made against the document as it is (:func:`set_value` reads the value it replaces), so
the app only pushes it: the Qt adapter wraps each one in a ``QUndoCommand``. Consecutive changes
of one value (keystrokes in one field) merge into one step (:meth:`SpecEdit.merged`).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from typing import Any, Protocol

from ..base.phrases import QT_TRANSLATE_NOOP, phrase
from .spec_document import MISSING, SpecDocument, SpecPath

__all__ = [
    "InsertItem",
    "MoveItem",
    "RemoveItem",
    "SetValue",
    "SpecEdit",
    "insert_item",
    "move_item",
    "path_words",
    "remove_item",
    "set_value",
]


class SpecEdit(Protocol):
    @property
    def label(self) -> str:
        """What the step does, for "Undo …" and "Redo …"."""

    def apply(self, document: SpecDocument) -> None: ...

    def revert(self, document: SpecDocument) -> None: ...

    def merged(self, later: SpecEdit) -> SpecEdit | None:
        """One edit doing this and then ``later``, when they are one step for the user; else None."""


def path_words(document: SpecDocument, path: SpecPath) -> str:
    """A path as the user reads it: ``exit-plan › plan_due_days`` rather than sections/3/clauses/1/…

    The innermost list item is named (a clause by its library id, a custom clause by its id, a
    section or lot by its id or title), then the keys inside it; containers are left out."""
    positions = [depth for depth, key in enumerate(path) if isinstance(key, int)]
    words: list[str] = []
    start = 0
    if positions:
        last = positions[-1]
        item = document.get(path[: last + 1], None)
        name = None
        if isinstance(item, dict):
            custom = item.get("custom")
            name = item.get("clause") or (custom.get("id") if isinstance(custom, dict) else None)
            name = name or item.get("id") or item.get("title")
        words.append(str(name) if name else f"#{path[last] + 1}")  # type: ignore[operator]
        start = last + 1
    containers = {"sections", "clauses", "lots", "values", "tender", "custom", "dates"}
    rest = [str(key) for key in path[start:] if not isinstance(key, int)]
    words += [key for index, key in enumerate(rest) if key not in containers or index == len(rest) - 1]
    return " › ".join(words) or "the spec"


@dataclass(frozen=True)
class SetValue:
    """Set one value (MISSING removes the key); reverting puts back the old value where it stood."""

    path: SpecPath
    new: Any
    old: Any
    old_position: int | None  # where a key that is removed stood in its mapping
    made: SpecPath | None  # the start of the path setting it made (mappings that were not there)
    label: str

    def apply(self, document: SpecDocument) -> None:
        document.set(self.path, copy.deepcopy(self.new))

    def revert(self, document: SpecDocument) -> None:
        if self.made is not None:
            document.set(self.made, MISSING)  # with the mappings it made on the way
        elif self.old is MISSING:
            document.set(self.path, MISSING)
        elif self.new is MISSING and self.old_position is not None:
            document.set_at(self.path, self.old_position, copy.deepcopy(self.old))
        else:
            document.set(self.path, copy.deepcopy(self.old))

    def merged(self, later: SpecEdit) -> SpecEdit | None:
        if isinstance(later, SetValue) and later.path == self.path and MISSING not in (self.new, later.new):
            return replace(self, new=later.new)
        return None


@dataclass(frozen=True)
class InsertItem:
    path: SpecPath
    index: int
    value: Any
    label: str

    def apply(self, document: SpecDocument) -> None:
        document.insert(self.path, self.index, copy.deepcopy(self.value))

    def revert(self, document: SpecDocument) -> None:
        document.remove(self.path, self.index)

    def merged(self, later: SpecEdit) -> SpecEdit | None:
        return None


@dataclass(frozen=True)
class RemoveItem:
    path: SpecPath
    index: int
    value: Any  # the item removed, as it was in the document (comments included)
    label: str

    def apply(self, document: SpecDocument) -> None:
        document.remove(self.path, self.index)

    def revert(self, document: SpecDocument) -> None:
        document.insert(self.path, self.index, copy.deepcopy(self.value))

    def merged(self, later: SpecEdit) -> SpecEdit | None:
        return None


@dataclass(frozen=True)
class MoveItem:
    path: SpecPath
    source: int
    target: int
    label: str

    def apply(self, document: SpecDocument) -> None:
        document.move(self.path, self.source, self.target)

    def revert(self, document: SpecDocument) -> None:
        document.move(self.path, self.target, self.source)

    def merged(self, later: SpecEdit) -> SpecEdit | None:
        return None


def set_value(document: SpecDocument, path: SpecPath, value: Any, label: str | None = None) -> SetValue:
    """The edit that sets ``path`` to ``value`` in ``document`` as it is now (not applied yet)."""
    old = document.get(path)
    return SetValue(
        path=path,
        new=copy.deepcopy(value),
        old=copy.deepcopy(old),
        old_position=document.key_position(path) if value is MISSING else None,
        made=None if value is MISSING else document.first_missing(path),
        label=label or phrase(QT_TRANSLATE_NOOP("Edits", "Change {field}"), field=path_words(document, path)),
    )


def insert_item(path: SpecPath, index: int, value: Any, label: str) -> InsertItem:
    return InsertItem(path=path, index=index, value=copy.deepcopy(value), label=label)


def remove_item(document: SpecDocument, path: SpecPath, index: int, label: str) -> RemoveItem:
    return RemoveItem(path=path, index=index, value=copy.deepcopy(document.get((*path, index))), label=label)


def move_item(path: SpecPath, source: int, target: int, label: str) -> MoveItem:
    return MoveItem(path=path, source=source, target=target, label=label)
