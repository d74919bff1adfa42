"""The reference model of the UN-Habitat *International Guidelines on People-Centred Smart Cities*.

Pillars, their principles and, for pillar 2.2.4 (Budgeting and Financing), its actions, each with a
short id and a one-line paraphrase. Clauses and rubrics cite the guidelines by reference strings:
``2.2.4`` (a pillar), ``2.2.4/P3`` (a principle) or ``2.2.4/A2.6`` (an action).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..base.diagnostics import Diagnostic
from ..base.schema_check import check_schema
from ..base.yamlio import LoadedYaml, load_yaml

__all__ = ["Principle", "Action", "Pillar", "GuidelinesModel", "load_guidelines", "check_guidelines"]


@dataclass(frozen=True)
class Principle:
    ref: str
    summary: str


@dataclass(frozen=True)
class Action:
    ref: str
    actor: str
    summary: str


@dataclass(frozen=True)
class Pillar:
    ref: str
    title: str
    group: str
    summary: str
    principles: tuple[Principle, ...]
    actions: tuple[Action, ...]


@dataclass(frozen=True)
class GuidelinesModel:
    title: str
    publisher: str
    edition: str
    pillars: tuple[Pillar, ...]

    def __post_init__(self) -> None:
        index: dict[str, Pillar | Principle | Action] = {}
        for pillar in self.pillars:
            index[pillar.ref] = pillar
            for principle in pillar.principles:
                index[principle.ref] = principle
            for action in pillar.actions:
                index[action.ref] = action
        object.__setattr__(self, "_index", index)

    def resolve(self, ref: str) -> Pillar | Principle | Action | None:
        """The pillar, principle or action a reference names, or None."""
        found: Pillar | Principle | Action | None = self._index.get(ref)  # type: ignore[attr-defined]
        return found

    def pillar(self, ref: str) -> Pillar | None:
        """The pillar a reference belongs to (``2.2.4/P3`` belongs to ``2.2.4``)."""
        found = self.resolve(ref.split("/", 1)[0])
        return found if isinstance(found, Pillar) else None

    def describe(self, ref: str) -> str:
        """A one-line description of a reference, for people."""
        item = self.resolve(ref)
        if isinstance(item, Pillar):
            return f"{item.ref} {item.title}"
        if item is None:
            return f"{ref} (unknown reference)"
        return f"{ref}: {item.summary}"


def load_guidelines(path: Path) -> tuple[GuidelinesModel | None, list[Diagnostic]]:
    """Load and check the model; the model is None when the file has errors."""
    document = load_yaml(path)
    problems = check_guidelines(document)
    if any(problem.is_error for problem in problems):
        return None, problems
    return _build(document.data), problems


def check_guidelines(document: LoadedYaml) -> list[Diagnostic]:
    """Schema errors, and ids that appear twice."""
    problems = check_schema(document, "guidelines")
    if problems:
        return problems
    seen: dict[str, int] = {}
    for p_index, pillar in enumerate(document.data["pillars"]):
        entries: list[tuple[str, list[str | int]]] = [(pillar["id"], ["pillars", p_index, "id"])]
        for field in ("principles", "actions"):
            for i, item in enumerate(pillar.get(field, [])):
                entries.append((f"{pillar['id']}/{item['id']}", ["pillars", p_index, field, i, "id"]))
        for ref, where in entries:
            line, column = document.locate(where)
            if ref in seen:
                problems.append(
                    Diagnostic(
                        document.path, line, column, "G001", f"'{ref}' is defined twice (first on line {seen[ref]})"
                    )
                )
            else:
                seen[ref] = line
    return problems


def _build(data: dict[str, Any]) -> GuidelinesModel:
    source = data["source"]
    pillars = []
    for pillar in data["pillars"]:
        ref = pillar["id"]
        pillars.append(
            Pillar(
                ref=ref,
                title=pillar["title"],
                group=pillar["group"],
                summary=pillar["summary"],
                principles=tuple(Principle(f"{ref}/{p['id']}", p["summary"]) for p in pillar["principles"]),
                actions=tuple(Action(f"{ref}/{a['id']}", a["actor"], a["summary"]) for a in pillar.get("actions", [])),
            )
        )
    return GuidelinesModel(source["title"], source["publisher"], source.get("edition", ""), tuple(pillars))
