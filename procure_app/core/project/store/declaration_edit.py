"""An evaluator's conflict-of-interest declarations on the bids, as one edit that can be undone.

Before an evaluator scores a bid they declare, for that bid, either no conflict or a conflict of
interest with a statement of what it is. A conflict takes them off the bid: the scores they had
entered on it are removed in the same transaction, each with its audit entry. Undoing the edit puts
the declarations back as they were (withdrawing the ones that were new) and restores the removed
scores; like every undo it is refused when the project no longer holds what the edit left.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from .errors import ProjectError
from .project import ProjectStore

__all__ = ["Declaration", "DeclarationEdit", "declarations_of", "edit_declarations"]

Declaration = tuple[bool, str]  # conflicted, and the statement of what the conflict is
ScoreValue = tuple[Decimal, str]


def declarations_of(store: ProjectStore, evaluator: str) -> dict[str, Declaration]:
    """The bids ``evaluator`` has declared on, with what they declared."""
    return {c.bid: (c.conflicted, c.statement) for c in store.conflicts() if c.evaluator == evaluator}


def _scores_on(store: ProjectStore, evaluator: str, bids: set[str]) -> dict[tuple[str, str], ScoreValue]:
    return {
        (s.bid, s.criterion): (s.score, s.justification)
        for s in store.scores()
        if s.evaluator == evaluator and s.bid in bids
    }


@dataclass(frozen=True)
class DeclarationEdit:
    """Declarations of one evaluator on some bids: what they were, what they become, the scores removed."""

    evaluator: str
    before: tuple[tuple[str, Declaration | None], ...]  # (bid, its declaration before; None: none)
    after: tuple[tuple[str, Declaration], ...]
    removed: tuple[tuple[str, str, ScoreValue], ...]  # (bid, criterion, score) a new conflict takes away

    @property
    def label(self) -> str:
        return f"declarations of {self.evaluator}"

    def redo(self, store: ProjectStore, actor: str) -> None:
        self._check(store, dict(self.before), {(bid, criterion): value for bid, criterion, value in self.removed})
        with store.batch():
            for bid, criterion, _ in self.removed:
                store.remove_score(actor, self.evaluator, bid, criterion)
            for bid, (conflicted, statement) in self.after:
                store.declare_conflict(actor, self.evaluator, bid, conflicted, statement)

    def undo(self, store: ProjectStore, actor: str) -> None:
        self._check(store, dict(self.after), {})
        with store.batch():
            for bid, declaration in self.before:
                if declaration is None:
                    store.withdraw_declaration(actor, self.evaluator, bid)
                else:
                    store.declare_conflict(actor, self.evaluator, bid, *declaration)
            for bid, criterion, (score, justification) in self.removed:
                store.set_score(actor, self.evaluator, bid, criterion, score, justification)

    def _check(
        self,
        store: ProjectStore,
        declared: Mapping[str, Declaration | None],
        scores: Mapping[tuple[str, str], ScoreValue],
    ) -> None:
        """Refuse when the declarations or the scores this edit moves were changed since."""
        current = declarations_of(store, self.evaluator)
        changed = sorted(bid for bid, wanted in declared.items() if current.get(bid) != wanted)
        if changed:
            raise ProjectError(
                f"the declarations of {self.evaluator} on {', '.join(changed)} were changed since; "
                "they were left as they are"
            )
        held = _scores_on(store, self.evaluator, {bid for bid, _, _ in self.removed})
        if held != dict(scores):
            raise ProjectError(
                f"the scores of {self.evaluator} on {', '.join(sorted({bid for bid, _, _ in self.removed}))} "
                "were changed since; the declarations were left as they are"
            )


def edit_declarations(store: ProjectStore, evaluator: str, wanted: Mapping[str, Declaration]) -> DeclarationEdit | None:
    """The edit that makes ``evaluator``'s declarations on the bids of ``wanted`` what it says; None
    when nothing would change. A conflict needs a statement; an unknown evaluator or bid is refused."""
    if evaluator not in store.evaluators():
        raise ProjectError(f"there is no evaluator {evaluator!r} on the panel")
    bids = store.bids()
    unknown = sorted(set(wanted) - set(bids))
    if unknown:
        raise ProjectError(f"there is no bid {', '.join(unknown)} in the project")
    for bid, (conflicted, statement) in wanted.items():
        if conflicted and not statement.strip():
            raise ProjectError(f"a conflict of interest on {bid} needs a statement: say what the conflict is")
    current = declarations_of(store, evaluator)
    changes = [
        (bid, (conflicted, statement.strip() if conflicted else "")) for bid, (conflicted, statement) in wanted.items()
    ]
    changes = [(bid, declaration) for bid, declaration in changes if current.get(bid) != declaration]
    if not changes:
        return None
    conflicted_now = {bid for bid, (conflicted, _) in changes if conflicted}
    removed = tuple(
        (bid, criterion, value)
        for (bid, criterion), value in sorted(_scores_on(store, evaluator, conflicted_now).items())
    )
    return DeclarationEdit(
        evaluator=evaluator,
        before=tuple((bid, current.get(bid)) for bid, _ in changes),
        after=tuple(changes),
        removed=removed,
    )
