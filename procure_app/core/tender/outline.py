"""The tender's outline as the officer edits it: its sections and clauses, read from the spec text.

The outline follows the spec being edited, not the assembled tender: it is there while the spec
still has errors (a new tender has no title yet) and it changes at the keystroke, before the checks
run again. Each row takes what the library says of its clause (title, kind, version) and, when the
last assembly has it, the assembled clause (its number and words as the tender prints them).
Positions are those of the spec, so an edit made on a row goes to the right place in the file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..library.clauses import ClauseLibrary
from ..library.pinning import clause_hash
from .assembly import AssembledClause, AssembledSection, AssembledTender

__all__ = ["OutlineClause", "OutlineSection", "spec_outline"]


@dataclass(frozen=True)
class OutlineClause:
    number: str  # "3.2", by position
    id: str  # the library clause's id, or the custom clause's (may be empty while being written)
    title: str
    kind: str
    source: str  # "v1.2", "v1.0 (draft)", "custom", or "not in the library"
    custom: bool
    assembled: AssembledClause | None  # as the last assembly worded it
    newer: str | None = None  # the library's approved version, when it differs from the one pinned


@dataclass(frozen=True)
class OutlineSection:
    number: str
    title: str
    intro: str
    clauses: tuple[OutlineClause, ...]
    assembled: AssembledSection | None


def _text(value: Any) -> str:
    return str(value) if isinstance(value, str | int | float) and not isinstance(value, bool) else ""


def spec_outline(
    sections: Any, library: ClauseLibrary | None, tender: AssembledTender | None = None
) -> tuple[OutlineSection, ...]:
    """The outline of the spec's ``sections`` value (anything the YAML holds: what is not a list of
    sections gives no rows; the checks say what is wrong with it)."""
    if not isinstance(sections, Sequence) or isinstance(sections, str):
        return ()
    assembled_clauses = {c.id: c for s in tender.sections for c in s.clauses} if tender is not None else {}
    # An assembled tender has the spec's sections in the spec's order.
    assembled_sections = tender.sections if tender is not None and len(tender.sections) == len(sections) else ()
    outline: list[OutlineSection] = []
    for s_index, section in enumerate(sections, start=1):
        if not isinstance(section, Mapping):
            section = {}
        entries = section.get("clauses")
        rows: list[OutlineClause] = []
        for c_index, entry in enumerate(
            entries if isinstance(entries, Sequence) and not isinstance(entries, str) else [], 1
        ):
            rows.append(_clause_row(f"{s_index}.{c_index}", entry, library, assembled_clauses, tender))
        title = _text(section.get("title"))
        same = assembled_sections[s_index - 1] if assembled_sections else None
        outline.append(OutlineSection(str(s_index), title, _text(section.get("intro")), tuple(rows), same))
    return tuple(outline)


def _clause_row(
    number: str,
    entry: Any,
    library: ClauseLibrary | None,
    assembled: Mapping[str, AssembledClause],
    tender: AssembledTender | None,
) -> OutlineClause:
    entry = entry if isinstance(entry, Mapping) else {}
    custom = entry.get("custom")
    if isinstance(custom, Mapping):
        clause_id = _text(custom.get("id"))
        title = _text(custom.get("title")) or clause_id
        return OutlineClause(
            number, clause_id, title, _text(custom.get("kind")), "custom", True, assembled.get(clause_id)
        )
    clause_id = _text(entry.get("clause"))
    found = library.by_id.get(clause_id) if library is not None else None
    if found is None:
        return OutlineClause(number, clause_id, clause_id, "", "not in the library", False, assembled.get(clause_id))
    worded = assembled.get(clause_id)
    # The version the tender uses: pinned by its lock file when it was assembled, else the library's.
    version = worded.version if worded is not None and worded.version else found.version
    state = worded.status if worded is not None and worded.status else found.status
    status = f" ({state})" if state != "approved" else ""
    pinned = tender.lock.clauses.get(clause_id) if tender is not None and worded is not None else None
    newer = None
    if pinned is not None and found.status == "approved" and clause_hash(pinned) != clause_hash(found):
        newer = found.version
    source = f"v{version}{status} → v{newer}" if newer is not None else f"v{version}{status}"
    return OutlineClause(number, clause_id, found.title, found.kind, source, False, worded, newer)


def changes_outline(path: tuple[str | int, ...]) -> bool:
    """Whether setting the value at ``path`` can change what the outline shows: its sections and
    their clauses' ids, titles and numbers, not a clause's values or variant, nor the details."""
    if not path or path[0] != "sections":
        return False
    if len(path) >= 6 and path[2] == "clauses" and path[4] == "custom":
        return path[5] not in ("text", "verification")  # a custom clause's words are not in the outline
    return not (len(path) >= 5 and path[2] == "clauses" and path[4] in ("values", "variant"))
