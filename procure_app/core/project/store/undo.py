"""Undo and redo for edits to a project file, as command objects (no Qt here).

The audit log is append-only, so undo never erases history: undoing an edit is a new edit that
puts the old value back, with its own audit entry. A command remembers the value before and
after; it is only undone (or redone) while the project still holds the value it left, so an
undo never overwrites a change made since by someone or something else (a scoresheet import,
another window) — that refusal comes back as a ``ProjectError`` that says what changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from .errors import ProjectError
from .project import ProjectStore

__all__ = ["Command", "ScoreEdit", "ConsensusEdit", "UndoStack", "edit_score", "edit_consensus"]


class Command(Protocol):
    """One user edit that can be undone and redone."""

    @property
    def label(self) -> str: ...

    def redo(self, store: ProjectStore, actor: str) -> None: ...

    def undo(self, store: ProjectStore, actor: str) -> None: ...


ScoreValue = tuple[Decimal, str]  # score and its justification (or reason)


class _ValueEdit:
    """An edit of one value from ``before`` to ``after`` (None: no value); subclasses say which."""

    before: ScoreValue | None
    after: ScoreValue | None

    def redo(self, store: ProjectStore, actor: str) -> None:
        self._move(store, actor, self.before, self.after)

    def undo(self, store: ProjectStore, actor: str) -> None:
        self._move(store, actor, self.after, self.before)

    def _move(self, store: ProjectStore, actor: str, expected: ScoreValue | None, target: ScoreValue | None) -> None:
        _check_unchanged(self.label, self._current(store), expected)
        if target is None:
            self._remove(store, actor)
        else:
            self._set(store, actor, target)

    @property
    def label(self) -> str:
        raise NotImplementedError

    def _current(self, store: ProjectStore) -> ScoreValue | None:
        raise NotImplementedError

    def _set(self, store: ProjectStore, actor: str, value: ScoreValue) -> None:
        raise NotImplementedError

    def _remove(self, store: ProjectStore, actor: str) -> None:
        raise NotImplementedError


@dataclass(frozen=True)
class ScoreEdit(_ValueEdit):
    """An evaluator's score on one criterion of one bid, with its justification."""

    evaluator: str
    bid: str
    criterion: str
    before: ScoreValue | None
    after: ScoreValue | None

    @property
    def label(self) -> str:
        return f"score of {self.evaluator} for {self.bid} on {self.criterion}"

    def _current(self, store: ProjectStore) -> ScoreValue | None:
        for score in store.scores():
            if (score.evaluator, score.bid, score.criterion) == (self.evaluator, self.bid, self.criterion):
                return score.score, score.justification
        return None

    def _set(self, store: ProjectStore, actor: str, value: ScoreValue) -> None:
        declared = next((c for c in store.conflicts() if (c.evaluator, c.bid) == (self.evaluator, self.bid)), None)
        if declared is None:
            raise ProjectError(
                f"{self.evaluator} has not declared on {self.bid} yet: a bid is scored only after its "
                "conflict-of-interest declaration"
            )
        if declared.conflicted:
            raise ProjectError(f"{self.evaluator} declared a conflict of interest on {self.bid} and does not score it")
        store.set_score(actor, self.evaluator, self.bid, self.criterion, value[0], value[1])

    def _remove(self, store: ProjectStore, actor: str) -> None:
        store.remove_score(actor, self.evaluator, self.bid, self.criterion)


@dataclass(frozen=True)
class ConsensusEdit(_ValueEdit):
    """The panel's consensus score on one criterion of one bid, with its reason."""

    bid: str
    criterion: str
    before: ScoreValue | None
    after: ScoreValue | None

    @property
    def label(self) -> str:
        return f"consensus score for {self.bid} on {self.criterion}"

    def _current(self, store: ProjectStore) -> ScoreValue | None:
        for consensus in store.consensus_scores():
            if (consensus.bid, consensus.criterion) == (self.bid, self.criterion):
                return consensus.score, consensus.reason
        return None

    def _set(self, store: ProjectStore, actor: str, value: ScoreValue) -> None:
        store.set_consensus(actor, self.bid, self.criterion, value[0], value[1])

    def _remove(self, store: ProjectStore, actor: str) -> None:
        store.remove_consensus(actor, self.bid, self.criterion)


def _check_unchanged(label: str, current: ScoreValue | None, expected: ScoreValue | None) -> None:
    if current != expected:
        raise ProjectError(f"the {label} was changed since (it is now {_show(current)}); it was left as it is")


def _show(value: ScoreValue | None) -> str:
    return "empty" if value is None else f"{value[0]}"


def edit_score(
    store: ProjectStore, evaluator: str, bid: str, criterion: str, score: Decimal | None, justification: str = ""
) -> ScoreEdit:
    """The command that sets (or, with ``score`` None, removes) a score, from its current value."""
    current = ScoreEdit(evaluator, bid, criterion, None, None)._current(store)
    after = None if score is None else (Decimal(score), justification)
    return ScoreEdit(evaluator, bid, criterion, current, after)


def edit_consensus(
    store: ProjectStore, bid: str, criterion: str, score: Decimal | None, reason: str = ""
) -> ConsensusEdit:
    """The command that sets (or removes) a consensus score, from its current value."""
    current = ConsensusEdit(bid, criterion, None, None)._current(store)
    after = None if score is None else (Decimal(score), reason)
    return ConsensusEdit(bid, criterion, current, after)


class UndoStack:
    """Commands done in this session, newest last; a new command clears what could be redone."""

    def __init__(self, store: ProjectStore, actor: str, *, limit: int = 500) -> None:
        self.store = store
        self.actor = actor
        self.limit = limit
        self._done: list[Command] = []
        self._undone: list[Command] = []

    def push(self, command: Command) -> None:
        """Do ``command`` now and remember it; nothing is remembered when it fails."""
        command.redo(self.store, self.actor)
        self._done.append(command)
        del self._done[: -self.limit]
        self._undone.clear()

    def undo(self) -> Command | None:
        if not self._done:
            return None
        command = self._done[-1]
        command.undo(self.store, self.actor)  # raises, leaving the stack as it was, when it cannot
        self._undone.append(self._done.pop())
        return command

    def redo(self) -> Command | None:
        if not self._undone:
            return None
        command = self._undone[-1]
        command.redo(self.store, self.actor)
        self._done.append(self._undone.pop())
        return command

    def clear(self) -> None:
        """Forget everything (after an import or another change the commands cannot follow)."""
        self._done.clear()
        self._undone.clear()

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    @property
    def undo_label(self) -> str:
        return self._done[-1].label if self._done else ""

    @property
    def redo_label(self) -> str:
        return self._undone[-1].label if self._undone else ""
