"""The text of a custom clause as the officer writes it: paragraphs, bullet lists and references.

A clause's text is plain lines (``docs/library-format.md``): a blank line separates paragraphs and a
line that starts with ``- `` is a bullet item. The editor's list button and its Enter key work
through these functions, so the text the officer sees is exactly the text the spec keeps.
References to other clauses are ``{{ ref:clause-id }}``; :func:`reference` writes one for a clause
picked from the tender, so no id is ever typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..library.placeholders import find_placeholders

__all__ = [
    "BULLET",
    "Reference",
    "continued_line",
    "reference",
    "references",
    "toggle_bullets",
    "unwrapped",
]

BULLET = "- "


def toggle_bullets(lines: list[str]) -> list[str]:
    """The lines made bullet items, or plain lines again when every non-blank one already is one.
    Blank lines stay blank: they separate paragraphs, and a list does not swallow them."""
    filled = [line for line in lines if line.strip()]
    if filled and all(line.startswith(BULLET) for line in filled):
        return [line[len(BULLET) :] if line.startswith(BULLET) else line for line in lines]
    return [line if not line.strip() or line.startswith(BULLET) else BULLET + line.lstrip() for line in lines]


def unwrapped(text: str) -> str:
    """``text`` with each paragraph and each bullet item on one line, as the editor shows it and
    word-wraps it to its width: a hand-written spec breaks its lines near 100 characters, which
    reads as ragged lines in a narrower editor. The tender reads both the same way (lines that do
    not start an item continue the one before, joined with a space)."""
    chunks = []
    for chunk in text.replace("\r\n", "\n").strip("\n").split("\n\n"):
        lines: list[str] = []
        for line in (raw.strip() for raw in chunk.split("\n")):
            if not line:
                continue
            if not lines or line.startswith(BULLET):
                lines.append(line)
            elif f"{lines[-1]} {line}".startswith(BULLET) != lines[-1].startswith(BULLET):
                lines.append(line)  # a paragraph's first line "-": joined, it would read as an item
            else:
                lines[-1] = f"{lines[-1]} {line}"
        chunks.append("\n".join(lines))
    return "\n\n".join(chunks)


def continued_line(line: str) -> str | None:
    """What Enter at the end of ``line`` starts: another bullet after a bullet item (``"- "``),
    the end of the list after an empty item (``""``, and the empty item goes), else None (a plain
    new line)."""
    if not line.startswith(BULLET):
        return None
    return BULLET if line[len(BULLET) :].strip() else ""


def reference(clause_id: str) -> str:
    """The placeholder that the tender replaces with the number of the clause ``clause_id``."""
    return f"{{{{ ref:{clause_id} }}}}"


@dataclass(frozen=True)
class Reference:
    """A ``{{ ref:… }}`` in the text, at ``start``–``end`` (characters)."""

    clause_id: str
    start: int
    end: int


def references(text: str) -> Iterator[Reference]:
    """The references of ``text`` in order (other placeholders are not references)."""
    for found in find_placeholders(text):
        if found.is_ref:
            yield Reference(found.name, found.start, found.end)


def free_custom_id(taken: Iterable[str], stem: str = "custom-clause") -> str:
    """An id for a new custom clause that no clause of the tender (or library) has: ``custom-clause``,
    else ``custom-clause-2``, ``-3`` …"""
    used = set(taken)
    if stem not in used:
        return stem
    number = 2
    while f"{stem}-{number}" in used:
        number += 1
    return f"{stem}-{number}"
