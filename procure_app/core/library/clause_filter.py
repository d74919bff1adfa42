"""Finding clauses in the library: by words, category, kind, status and what they apply to.

The tender builder's clause browser filters with :func:`clause_matches` at every keystroke, over
libraries of thousands of clauses, so each clause's searchable text is made once
(:func:`search_text`) and a filter is a few set and substring tests per clause.
"""

from __future__ import annotations

from dataclasses import dataclass

from .clauses import Clause

__all__ = ["ANY", "ClauseFilter", "clause_matches", "search_text"]

ANY = ""  # a choice that does not narrow the list


@dataclass(frozen=True)
class ClauseFilter:
    """What the officer is looking for; every part left empty matches every clause."""

    text: str = ""  # words that must all appear (in any order) in the id, title, text or guidance
    category: str = ANY
    kind: str = ANY
    status: str = ANY
    applies_to: str = ANY  # one of the clause's applies_to (goods, services, software, works)

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.text.casefold().split())


def search_text(clause: Clause) -> str:
    """The text a clause is found by, folded for case, made once per clause."""
    parts = [clause.id, clause.title, clause.text, clause.guidance, *(v.text for v in clause.variants)]
    return "\n".join(parts).casefold()


def clause_matches(wanted: ClauseFilter, clause: Clause, searchable: str, words: tuple[str, ...]) -> bool:
    """Whether ``clause`` (whose :func:`search_text` is ``searchable``) is one ``wanted`` asks for;
    ``words`` are ``wanted.words``, split once per filter rather than once per clause."""
    if wanted.category and clause.category != wanted.category:
        return False
    if wanted.kind and clause.kind != wanted.kind:
        return False
    if wanted.status and clause.status != wanted.status:
        return False
    if wanted.applies_to and wanted.applies_to not in clause.applies_to:
        return False
    return all(word in searchable for word in words)
