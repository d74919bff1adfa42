"""What is typed into a score and its words before both can be saved (no Qt here).

A score grid cell pair is a score and its words: an evaluator's justification, or the panel's
reason for a consensus score. Either may be typed first. What cannot be saved yet is kept as a
draft, and saved with the other half when it comes; when the words are required (a consensus needs
its reason), a score without them waits. :class:`EntryDrafts` holds the drafts of a grid and says,
for each keystroke committed to a cell, what to do: save a value, show a draft, refuse, or nothing.
The score grid and the consensus grid both use it; the Qt models only show and signal.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Generic, TypeVar

__all__ = ["Step", "Decision", "EntryDrafts"]

K = TypeVar("K")
Saved = tuple[Decimal, str]  # a score and its words, as the project holds them


class Step(Enum):
    NOTHING = "nothing changes"
    SHOW_DRAFT = "a draft was kept or dropped: show it"
    WAIT_FOR_WORDS = "a score is kept until its required words come"
    SAVE = "save the value"
    REFUSE = "refuse: the words are required"


@dataclass(frozen=True)
class Decision:
    step: Step
    score: Decimal | None = None  # with SAVE: the score to save (None: remove the value)
    words: str = ""  # with SAVE: the words saved with it


class EntryDrafts(Generic[K]):
    """The drafts of one grid, by cell pair; ``words_required`` for the consensus grid."""

    def __init__(self, *, words_required: bool) -> None:
        self.words_required = words_required
        self.scores: dict[K, Decimal] = {}  # scores waiting for their words
        self.words: dict[K, str] = {}  # words waiting for their score

    @property
    def keys(self) -> set[K]:
        """The pairs with something typed but not saved yet."""
        return set(self.scores) | set(self.words)

    def clear(self) -> None:
        self.scores.clear()
        self.words.clear()

    def score_typed(self, key: K, score: Decimal | None, saved: Saved | None) -> Decision:
        """A score (None: the cell cleared) was entered where ``saved`` is what the project holds."""
        if score is None:
            self.scores.pop(key, None)
            if saved is None:
                return Decision(Step.SHOW_DRAFT)
            if saved[1].strip():
                self.words[key] = saved[1]  # kept, in case the score comes back
            return Decision(Step.SAVE, None, "" if self.words_required else saved[1])
        if saved is not None and saved[0] == score:
            self.scores.pop(key, None)
            return Decision(Step.NOTHING)  # nothing changes: no audit entry
        words = saved[1] if saved is not None else self.words.get(key, "")
        if self.words_required and not words.strip():
            self.scores[key] = score
            return Decision(Step.WAIT_FOR_WORDS, score)
        return Decision(Step.SAVE, score, words)

    def words_typed(self, key: K, text: str, saved: Saved | None) -> Decision:
        """Words were entered where ``saved`` is what the project holds."""
        if saved is not None:
            if text == saved[1]:
                return Decision(Step.NOTHING)
            if self.words_required and not text.strip():
                return Decision(Step.REFUSE)
            return Decision(Step.SAVE, saved[0], text)
        if not text.strip():
            self.words.pop(key, None)
            return Decision(Step.SHOW_DRAFT)
        self.words[key] = text
        waiting = self.scores.get(key)
        if waiting is None:
            return Decision(Step.SHOW_DRAFT)
        return Decision(Step.SAVE, waiting, text)

    def take(self, key: K) -> tuple[Decimal | None, str | None]:
        """The drafts of ``key``, removed before its value is saved (the fresh view must not show them)."""
        return self.scores.pop(key, None), self.words.pop(key, None)

    def give_back(self, key: K, taken: tuple[Decimal | None, str | None]) -> None:
        """Put back what :meth:`take` removed, when the save was refused."""
        score, words = taken
        if score is not None:
            self.scores[key] = score
        if words is not None:
            self.words[key] = words
