"""Edits of a tender's outline: clauses and sections removed, moved, added, renamed, introduced.

Each function reads the spec as it is and returns one undoable :class:`~.spec_edits.SpecEdit`
(or None when there is nothing to do: a first clause moved up in the first section). A clause
moved past the end of its section goes to the next section, which is two changes of the file
made as one step (:class:`Steps`). Positions are the outline's: section index, clause index.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.scalarstring import LiteralScalarString

from ..base.phrases import QT_TRANSLATE_NOOP, phrase
from .custom_text import free_custom_id
from .spec_document import MISSING, SpecDocument
from .spec_edits import SpecEdit, insert_item, move_item, path_words, remove_item, set_value

__all__ = [
    "Steps",
    "add_custom_clause",
    "add_section",
    "clause_ids",
    "move_clause",
    "move_clause_to",
    "move_section",
    "move_section_to",
    "remove_clause",
    "remove_section",
    "rename_section",
    "set_intro",
]


@dataclass(frozen=True)
class Steps:
    """Several edits made and undone as one step (undone in the reverse order)."""

    edits: tuple[SpecEdit, ...]
    label: str

    def apply(self, document: SpecDocument) -> None:
        for edit in self.edits:
            edit.apply(document)

    def revert(self, document: SpecDocument) -> None:
        for edit in reversed(self.edits):
            edit.revert(document)

    def merged(self, later: SpecEdit) -> SpecEdit | None:
        return None


def _sections(document: SpecDocument) -> list[Any]:
    sections = document.get(("sections",), None)
    return sections if isinstance(sections, list) else []


def _clauses(document: SpecDocument, section: int) -> list[Any] | None:
    sections = _sections(document)
    if not 0 <= section < len(sections):
        return None
    clauses = document.get(("sections", section, "clauses"), None)
    return clauses if isinstance(clauses, list) else None


def _clause_name(document: SpecDocument, section: int, clause: int) -> str:
    return path_words(document, ("sections", section, "clauses", clause))


def _section_name(document: SpecDocument, section: int) -> str:
    title = document.get(("sections", section, "title"), None)
    return str(title) if title else f"#{section + 1}"


def remove_clause(document: SpecDocument, section: int, clause: int) -> SpecEdit | None:
    clauses = _clauses(document, section)
    if clauses is None or not 0 <= clause < len(clauses):
        return None
    label = phrase(QT_TRANSLATE_NOOP("Edits", "Remove {clause}"), clause=_clause_name(document, section, clause))
    return remove_item(document, ("sections", section, "clauses"), clause, label)


def move_clause(document: SpecDocument, section: int, clause: int, delta: int) -> SpecEdit | None:
    """Move a clause one place up (``delta`` -1) or down (+1); past its section's first or last
    place it goes to the end of the section before or the start of the section after."""
    clauses = _clauses(document, section)
    if clauses is None or not 0 <= clause < len(clauses) or delta not in (-1, 1):
        return None
    target = clause + delta
    if 0 <= target < len(clauses):
        template = (
            QT_TRANSLATE_NOOP("Edits", "Move {clause} up")
            if delta < 0
            else QT_TRANSLATE_NOOP("Edits", "Move {clause} down")
        )
        label = phrase(template, clause=_clause_name(document, section, clause))
        return move_item(("sections", section, "clauses"), clause, target, label)
    neighbour = section + delta
    if _clauses(document, neighbour) is None:
        return None
    at = len(_clauses(document, neighbour) or []) if delta < 0 else 0
    return move_clause_to(document, (section, clause), (neighbour, at))


def move_clause_to(document: SpecDocument, source: tuple[int, int], target: tuple[int, int]) -> SpecEdit | None:
    """Move a clause to ``target`` (section, position counted before the move), in its section or another."""
    s_from, c_from = source
    s_to, c_to = target
    clauses, destination = _clauses(document, s_from), _clauses(document, s_to)
    if clauses is None or destination is None or not 0 <= c_from < len(clauses):
        return None
    name = _clause_name(document, s_from, c_from)
    if s_from == s_to:
        at = min(max(c_to, 0), len(clauses))
        at = at - 1 if at > c_from else at  # the place counted once the clause is out of the list
        if at == c_from:
            return None
        return move_item(
            ("sections", s_from, "clauses"),
            c_from,
            at,
            phrase(QT_TRANSLATE_NOOP("Edits", "Move {clause}"), clause=name),
        )
    label = phrase(
        QT_TRANSLATE_NOOP("Edits", "Move {clause} to {section}"), clause=name, section=_section_name(document, s_to)
    )
    entry = document.get(("sections", s_from, "clauses", c_from))
    taken = remove_item(document, ("sections", s_from, "clauses"), c_from, label)
    put = insert_item(("sections", s_to, "clauses"), min(max(c_to, 0), len(destination)), entry, label)
    return Steps((taken, put), label)


def move_section(document: SpecDocument, section: int, delta: int) -> SpecEdit | None:
    sections = _sections(document)
    target = section + delta
    if not (0 <= section < len(sections) and 0 <= target < len(sections)) or section == target:
        return None
    template = (
        QT_TRANSLATE_NOOP("Edits", "Move section {section} up")
        if delta < 0
        else QT_TRANSLATE_NOOP("Edits", "Move section {section} down")
    )
    label = phrase(template, section=_section_name(document, section))
    return move_item(("sections",), section, target, label)


def move_section_to(document: SpecDocument, source: int, target: int) -> SpecEdit | None:
    """Move a section to ``target``, a place among the sections counted before the move (a drop)."""
    sections = _sections(document)
    if not 0 <= source < len(sections):
        return None
    at = min(max(target, 0), len(sections))
    at = at - 1 if at > source else at
    if at == source:
        return None
    return move_item(
        ("sections",),
        source,
        at,
        phrase(QT_TRANSLATE_NOOP("Edits", "Move section {section}"), section=_section_name(document, source)),
    )


def add_section(document: SpecDocument, position: int, title: str) -> SpecEdit:
    """A new empty section with ``title`` at ``position`` (the end when past it)."""
    sections = document.get(("sections",), None)
    entry = {"title": title, "clauses": []}
    label = phrase(QT_TRANSLATE_NOOP("Edits", "Add section {section}"), section=title)
    if not isinstance(sections, list):
        return set_value(document, ("sections",), [entry], label)
    return insert_item(("sections",), min(max(position, 0), len(sections)), entry, label)


def rename_section(document: SpecDocument, section: int, title: str) -> SpecEdit | None:
    if not 0 <= section < len(_sections(document)):
        return None
    old = document.get(("sections", section, "title"), None)
    if old == title:
        return None
    label = phrase(QT_TRANSLATE_NOOP("Edits", "Rename section {section}"), section=old or f"#{section + 1}")
    return set_value(document, ("sections", section, "title"), title, label)


def set_intro(document: SpecDocument, section: int, text: str) -> SpecEdit | None:
    """Set a section's introduction; an empty one removes the key."""
    if not 0 <= section < len(_sections(document)):
        return None
    stripped = text.strip()
    value: Any = MISSING
    if "\n" in stripped:
        value = LiteralScalarString(stripped + "\n")  # paragraphs as a block, the way people write them
    elif stripped:
        value = stripped
    path = ("sections", section, "intro")
    if document.get(path) == value:
        return None
    return set_value(
        document,
        path,
        value,
        phrase(
            QT_TRANSLATE_NOOP("Edits", "Change introduction of {section}"), section=_section_name(document, section)
        ),
    )


def remove_section(document: SpecDocument, section: int) -> SpecEdit | None:
    if not 0 <= section < len(_sections(document)):
        return None
    return remove_item(
        document,
        ("sections",),
        section,
        phrase(QT_TRANSLATE_NOOP("Edits", "Remove section {section}"), section=_section_name(document, section)),
    )


def clause_ids(document: SpecDocument) -> list[str]:
    """The ids of the clauses in the spec, library and custom, in the outline's order."""
    found: list[str] = []
    for index in range(len(_sections(document))):
        for entry in _clauses(document, index) or ():
            if isinstance(entry, dict):
                custom = entry.get("custom")
                name = custom.get("id") if isinstance(custom, dict) else entry.get("clause")
                if isinstance(name, str):
                    found.append(name)
    return found


def add_custom_clause(
    document: SpecDocument, section: int, position: int | None, title: str, taken: Iterable[str] = ()
) -> tuple[SpecEdit, str] | None:
    """A new custom clause titled ``title`` at ``position`` of ``section`` (its end when None),
    with an id that neither the tender nor ``taken`` (the library's ids) has, and the edit's text
    left to write (the check says so at the text until it is). None when ``section`` is not one."""
    clauses = _clauses(document, section)
    if clauses is None:
        return None
    clause_id = free_custom_id([*clause_ids(document), *taken])
    entry = {"custom": {"id": clause_id, "title": title, "kind": "specification", "text": ""}}
    at = len(clauses) if position is None else min(max(position, 0), len(clauses))
    label = phrase(QT_TRANSLATE_NOOP("Edits", "Add custom clause {clause}"), clause=clause_id)
    return insert_item(("sections", section, "clauses"), at, entry, label), clause_id
