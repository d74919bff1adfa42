"""What importing a returned scoresheet would change, and applying it in one transaction.

An :class:`ImportPlan` compares what the scoresheet says with the evaluator's scores and
declarations in the project now: each score is *added*, *changed* (old → new), *unchanged*, or
*removed* (the evaluator now declares a conflict on a bid they had scored). :func:`apply_plan`
applies the changes all together or not at all, with one ``import.scoresheet`` audit entry (the
file's name and SHA-256, the evaluator whose scores they are, who imported them (their login name
on this computer) and the counts) followed by one entry per changed score or declaration.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ....audit.chain import Json, login_name
from ...store import Conflict, ProjectError, ProjectStore
from .source import require_open

__all__ = ["ScoreChange", "DeclarationChange", "ImportPlan", "apply_plan"]

ADDED, CHANGED, UNCHANGED, REMOVED = "added", "changed", "unchanged", "removed"


@dataclass(frozen=True)
class ScoreChange:
    bid: str
    criterion: str
    kind: str  # added | changed | unchanged | removed
    old: tuple[Decimal, str] | None  # (score, justification) in the project now
    new: tuple[Decimal, str] | None  # (score, justification) on the scoresheet; None when removed
    cell: str = ""  # where the score is on the scoresheet, e.g. "Scores!F12"

    def describe(self) -> str:
        where = f"{self.bid} / {self.criterion}"
        if self.kind == ADDED and self.new is not None:
            return f"+ {where}: {_number(self.new[0])}"
        if self.kind == REMOVED and self.old is not None:
            return f"- {where}: {_number(self.old[0])} removed (a conflict of interest is now declared on {self.bid})"
        if self.old is None or self.new is None:
            return f"  {where}: unchanged"
        if self.old[0] != self.new[0]:
            also = ", justification changed" if self.old[1] != self.new[1] else ""
            return f"~ {where}: {_number(self.old[0])} → {_number(self.new[0])}{also}"
        if self.kind == CHANGED:
            return f"~ {where}: {_number(self.new[0])}, justification changed"
        return f"  {where}: {_number(self.new[0])} (unchanged)"


@dataclass(frozen=True)
class DeclarationChange:
    bid: str
    kind: str  # added | changed | unchanged
    old: Conflict | None
    conflicted: bool
    statement: str

    def describe(self) -> str:
        new = _declaration(self.conflicted)
        if self.kind == ADDED:
            return f"+ declaration on {self.bid}: {new}"
        if self.old is not None and self.kind == CHANGED:
            if self.old.conflicted != self.conflicted:
                return f"~ declaration on {self.bid}: {_declaration(self.old.conflicted)} → {new}"
            return f"~ declaration on {self.bid}: {new}, statement changed"
        return f"  declaration on {self.bid}: {new} (unchanged)"


@dataclass(frozen=True)
class ImportPlan:
    path: Path
    file_sha256: str
    project_id: str
    evaluator: str
    evaluator_name: str
    generated_at: str
    scores: tuple[ScoreChange, ...]
    declarations: tuple[DeclarationChange, ...]
    notes: tuple[str, ...] = ()  # things the chair should know that do not stop the import

    def count(self, kind: str) -> int:
        return sum(change.kind == kind for change in self.scores)

    @property
    def changes(self) -> list[ScoreChange | DeclarationChange]:
        """Every score and declaration the import would change: declarations, then changed, removed and
        added scores (what replaces something already in the project comes first)."""
        declarations: list[ScoreChange | DeclarationChange] = [d for d in self.declarations if d.kind != UNCHANGED]
        order = {CHANGED: 0, REMOVED: 1, ADDED: 2}
        scores = sorted((s for s in self.scores if s.kind != UNCHANGED), key=lambda s: order[s.kind])
        return declarations + scores

    @property
    def changes_existing(self) -> bool:
        """True when applying would change or remove something already in the project."""
        return any(change.kind in (CHANGED, REMOVED) for change in self.changes)

    def summary(self) -> str:
        declared = sum(d.kind != UNCHANGED for d in self.declarations)
        parts = [f"{self.count(kind)} {kind}" for kind in (ADDED, CHANGED, UNCHANGED, REMOVED)]
        return f"scores: {', '.join(parts)}; declarations: {declared} new or changed of {len(self.declarations)}"


def apply_plan(store: ProjectStore, plan: ImportPlan, actor: str, *, imported_by: str | None = None) -> int | None:
    """Apply ``plan``: one transaction, one import entry plus one per change; None when nothing changes.

    The import entry names the evaluator whose scores these are and, separately, who imported them
    (``imported_by``, by default the login name of the person running Procure).

    Refused when quality scoring is locked, when the plan is for another project, or when the
    evaluator's scores or declarations changed since the plan was made (check the sheet again).
    """
    require_open(store, "the scoresheet was not imported")
    if plan.project_id != store.project_id:
        raise ProjectError(f"{plan.path.name} belongs to another project than {store.path.name}; it was not imported")
    _require_current(store, plan)
    if not plan.changes:
        return None
    with store.batch():
        details = _details(plan, imported_by or login_name())
        seq = store.record_import(actor, "scoresheet", f"evaluator/{plan.evaluator}", details)
        for change in plan.scores:
            if change.kind == REMOVED:
                store.remove_score(actor, plan.evaluator, change.bid, change.criterion)
        for declaration in plan.declarations:
            if declaration.kind != UNCHANGED:
                store.declare_conflict(
                    actor, plan.evaluator, declaration.bid, declaration.conflicted, declaration.statement
                )
        for change in plan.scores:
            if change.kind in (ADDED, CHANGED) and change.new is not None:
                store.set_score(actor, plan.evaluator, change.bid, change.criterion, change.new[0], change.new[1])
    return seq


def _details(plan: ImportPlan, imported_by: str) -> dict[str, Json]:
    return {
        "evaluator": plan.evaluator,
        "evaluator_name": plan.evaluator_name,
        "imported_by": imported_by,
        "file": plan.path.name,
        "sha256": plan.file_sha256,
        "generated_at": plan.generated_at,
        "added": plan.count(ADDED),
        "changed": plan.count(CHANGED),
        "unchanged": plan.count(UNCHANGED),
        "removed": plan.count(REMOVED),
        "declarations": sum(d.kind != UNCHANGED for d in plan.declarations),
    }


def _require_current(store: ProjectStore, plan: ImportPlan) -> None:
    scores = {(s.bid, s.criterion): (s.score, s.justification) for s in store.scores() if s.evaluator == plan.evaluator}
    conflicts = {c.bid: c for c in store.conflicts() if c.evaluator == plan.evaluator}
    stale = any(scores.get((s.bid, s.criterion)) != s.old for s in plan.scores) or any(
        conflicts.get(d.bid) != d.old for d in plan.declarations
    )
    if stale:
        raise ProjectError(
            f"the scores or declarations of {plan.evaluator} changed since {plan.path.name} was checked; "
            "import it again to see the changes against the project as it is now"
        )


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")


def _declaration(conflicted: bool) -> str:
    return "conflict of interest" if conflicted else "no conflict"
