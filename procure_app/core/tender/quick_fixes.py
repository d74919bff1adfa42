"""One-click fixes for the tender's drafting warnings: the edit each warning asks for, made for the user.

- T201, T202, T203, T209 (a coverage gap): add the clauses the warning names
  (:func:`~.coverage.suggested_clauses`, the one place that chooses them) to a fitting section:
  the first section that already holds a clause of their category, else the last one.
- T206 (a deprecated clause): take its replacement, keeping the values set; or remove it when the
  library names no replacement.
- T207 (an empty section): remove the section.

The others (a brand name, a draft clause, a newer pinned version) need the officer's judgement and
get no fix here. Each fix is one :class:`~.spec_edits.SpecEdit`, so it is one undoable step.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML

from ..base.diagnostics import Diagnostic
from ..base.phrases import QT_TRANSLATE_NOOP, phrase
from ..library.clauses import ClauseLibrary
from ..library.placeholders import find_placeholders
from .coverage import suggested_clauses
from .outline_edits import Steps, remove_section
from .spec_document import SpecDocument
from .spec_edits import SpecEdit, insert_item, remove_item, set_value

__all__ = ["QuickFix", "quick_fixes"]

_COVERAGE_RULES = ("T201", "T202", "T203", "T209")


@dataclass(frozen=True)
class QuickFix:
    label: str  # what the button says: "Add exit-plan and exit-data-export"
    edit: SpecEdit
    select: str | None = None  # the clause to show afterwards


def quick_fixes(diagnostic: Diagnostic, document: SpecDocument, library: ClauseLibrary | None) -> list[QuickFix]:
    """The fixes for ``diagnostic`` in the spec as it is in ``document`` (none when it has none)."""
    if diagnostic.rule in _COVERAGE_RULES:
        fix = _add_suggested(diagnostic.rule, document, library)
        return [fix] if fix is not None else []
    if diagnostic.rule == "T206" and library is not None:
        return _replace_deprecated(diagnostic, document, library)
    if diagnostic.rule == "T207":
        section = _section_at_line(document, diagnostic.line)
        edit = remove_section(document, section) if section is not None else None
        label = phrase(
            QT_TRANSLATE_NOOP("Edits", "Remove the empty section {section}"), section=_title(document, section)
        )
        return [QuickFix(label, edit)] if edit else []
    return []


def _entries(document: SpecDocument | Any) -> Iterator[tuple[int, int, Any]]:
    sections = document.get(("sections",), None) if isinstance(document, SpecDocument) else document.get("sections")
    for s_index, section in enumerate(sections if isinstance(sections, list) else []):
        clauses = section.get("clauses") if isinstance(section, dict) else None
        for c_index, entry in enumerate(clauses if isinstance(clauses, list) else []):
            yield s_index, c_index, entry


def _title(document: SpecDocument, section: int | None) -> str:
    return str(document.get(("sections", section, "title"), "")) if section is not None else ""


def _add_suggested(rule: str, document: SpecDocument, library: ClauseLibrary | None) -> QuickFix | None:
    present = {entry.get("clause") for _, _, entry in _entries(document) if isinstance(entry, dict)}
    missing = [clause_id for clause_id in suggested_clauses(library, rule) if clause_id not in present]
    sections = document.get(("sections",), None)
    if not missing or not isinstance(sections, list) or not sections:
        return None
    section = _fitting_section(document, library, missing) if library is not None else len(sections) - 1
    clauses = document.get(("sections", section, "clauses"), None)
    if not isinstance(clauses, list):
        return None
    referred = _referred(library, missing, present) if library is not None else []
    label = phrase(QT_TRANSLATE_NOOP("Edits", "Add {clauses}"), clauses=_and_list(missing))
    if referred:  # without them the clauses added would refer to clauses not in the tender (T107)
        template = (
            QT_TRANSLATE_NOOP("Edits", "Add {clauses}, with {referred} that it refers to")
            if len(missing) == 1
            else QT_TRANSLATE_NOOP("Edits", "Add {clauses}, with {referred} that they refer to")
        )
        label = phrase(template, clauses=_and_list(missing), referred=_and_list(referred))
    path = ("sections", section, "clauses")
    adding = [*missing, *referred]
    edits = tuple(insert_item(path, len(clauses) + n, {"clause": c}, label) for n, c in enumerate(adding))
    return QuickFix(label, Steps(edits, label), select=missing[0])


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _referred(library: ClauseLibrary, adding: list[str], present: set[Any]) -> list[str]:
    """The clauses that the clauses added refer to (``{{ ref:… }}`` in their text as it stands with
    default values), and those they refer to in turn, that the tender does not have yet."""
    found: list[str] = []
    queue = list(adding)
    while queue:
        clause = library.get(queue.pop(0))
        if clause is None:
            continue
        texts = [clause.text]
        for paragraph in clause.optional_paragraphs:
            switch = clause.variable(paragraph.enabled_by)
            if switch is not None and switch.default is True and not paragraph.variants:
                texts.append(paragraph.text)
        for text in texts:
            for placeholder in find_placeholders(text):
                name = placeholder.name
                if placeholder.is_ref and name not in present and name not in adding and name not in found:
                    found.append(name)
                    queue.append(name)
    return found


def _fitting_section(document: SpecDocument, library: ClauseLibrary, clause_ids: list[str]) -> int:
    """The first section holding a clause of the same category as the first clause added, else the
    first whose title names that category ("Exit and transition" for exit), else the last."""
    sections = document.get(("sections",))
    wanted = library.get(clause_ids[0])
    if wanted is None:
        return len(sections) - 1
    for s_index, _, entry in _entries(document):
        found = library.get(str(entry.get("clause"))) if isinstance(entry, dict) else None
        if found is not None and found.category == wanted.category:
            return s_index
    category = library.category(wanted.category)
    names = {wanted.category.casefold(), *([category.title.casefold()] if category is not None else [])}
    for s_index, section in enumerate(sections):
        title = str(section.get("title", "")).casefold() if isinstance(section, dict) else ""
        if any(name in title for name in names):
            return s_index
    return len(sections) - 1


def _replace_deprecated(diagnostic: Diagnostic, document: SpecDocument, library: ClauseLibrary) -> list[QuickFix]:
    at = _entry_at_line(document, diagnostic.line)
    if at is None:
        return []
    section, clause, clause_id = at
    found = library.get(clause_id)
    replacement = found.replaced_by if found is not None else None
    if replacement and library.get(replacement) is not None:
        path = ("sections", section, "clauses", clause, "clause")
        label = phrase(
            QT_TRANSLATE_NOOP("Edits", "Replace {clause} with {replacement}"), clause=clause_id, replacement=replacement
        )
        return [QuickFix(label, set_value(document, path, replacement, label), select=replacement)]
    label = phrase(QT_TRANSLATE_NOOP("Edits", "Remove {clause}"), clause=clause_id)
    return [QuickFix(label, remove_item(document, ("sections", section, "clauses"), clause, label))]


def _line(node: Any) -> int | None:
    """The 1-based line a round-trip mapping starts on."""
    lc = getattr(node, "lc", None)
    return lc.line + 1 if lc is not None and lc.line is not None else None


def _as_written(document: SpecDocument) -> Any:
    """The text as it is now, parsed again: the lines of the tree being edited are those it was
    read with, and a warning's line is of the text checked (the text as it is now)."""
    loaded = YAML(typ="rt").load(document.text)
    return loaded if isinstance(loaded, dict) else {}


def _entry_at_line(document: SpecDocument, line: int) -> tuple[int, int, str] | None:
    """The library clause entry whose lines hold ``line`` (the warning points inside it)."""
    best: tuple[int, int, str] | None = None
    best_line = 0
    for s_index, c_index, entry in _entries(_as_written(document)):
        start = _line(entry)
        if isinstance(entry, dict) and entry.get("clause") and start is not None and best_line < start <= line:
            best, best_line = (s_index, c_index, str(entry["clause"])), start
    return best


def _section_at_line(document: SpecDocument, line: int) -> int | None:
    sections = _as_written(document).get("sections")
    best, best_line = None, 0
    for s_index, section in enumerate(sections if isinstance(sections, list) else []):
        start = _line(section)
        if start is not None and best_line < start <= line:
            best, best_line = s_index, start
    return best
