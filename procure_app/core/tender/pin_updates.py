"""Newer library versions of the clauses a tender pins, what changed in them, and taking one.

A tender that was built pins each library clause it uses in its lock file, so it rebuilds byte
for byte after the library changes (``docs/tender-spec.md``, Pinning). When the library's owners
approve a new version of a pinned clause, the builder marks the clause, shows what changed,
field by field and word by word, and takes the new version for that one clause: a
:class:`TakeVersion` edit, undone like any other, that the spec document keeps until it is saved,
when the lock file is written with it (``pinning.write_taken_pins``). ``procure tender build
--update-pins`` takes every clause at once.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..base.phrases import QT_TRANSLATE_NOOP, phrase
from ..library.clauses import Clause, ClauseLibrary
from ..library.pinning import clause_hash
from .assembly import AssembledTender
from .spec_document import SpecDocument
from .spec_edits import SpecEdit

__all__ = [
    "FieldChange",
    "PinUpdate",
    "TakeVersion",
    "pin_updates",
    "take_version",
    "word_diff",
]


@dataclass(frozen=True)
class FieldChange:
    """One field of the clause that the new version words differently (None: not there)."""

    name: str  # "title", "text", "variant strict", "optional paragraph sandbox", "verification" …
    old: str | None
    new: str | None


@dataclass(frozen=True)
class PinUpdate:
    """The library's newer approved version of a clause the tender pins."""

    pinned: Clause
    current: Clause
    changes: tuple[FieldChange, ...]
    new_variables: tuple[str, ...]  # declared by the new version only: values the officer may give
    gone_variables: tuple[str, ...]  # declared by the pinned version only: their values are refused

    @property
    def clause_id(self) -> str:
        return self.current.id


def pin_updates(tender: AssembledTender, library: ClauseLibrary) -> dict[str, PinUpdate]:
    """The clauses of ``tender`` whose pinned content differs from an approved clause of the
    library, by id. A tender never built pins nothing, so it has none."""
    updates: dict[str, PinUpdate] = {}
    for clause in tender.clauses():
        pinned = tender.lock.clauses.get(clause.id) if clause.origin == "library" else None
        current = library.get(clause.id) if pinned is not None else None
        if pinned is None or current is None or current.status != "approved":
            continue
        if clause_hash(current) != clause_hash(pinned):
            updates[clause.id] = _update(pinned, current)
    return updates


def _fields(clause: Clause) -> Iterator[tuple[str, str | None]]:
    yield "title", clause.title
    yield "text", clause.text
    for variant in clause.variants:
        yield f"variant {variant.name}", variant.text
    for paragraph in clause.optional_paragraphs:
        yield f"optional paragraph {paragraph.name}", paragraph.text
    yield "verification", clause.verification


def _update(pinned: Clause, current: Clause) -> PinUpdate:
    old, new = dict(_fields(pinned)), dict(_fields(current))
    names = list(old) + [name for name in new if name not in old]
    changes = tuple(FieldChange(name, old.get(name), new.get(name)) for name in names if old.get(name) != new.get(name))
    before = {v.name for v in pinned.variables}
    after = {v.name for v in current.variables}
    return PinUpdate(
        pinned,
        current,
        changes,
        tuple(v.name for v in current.variables if v.name not in before),
        tuple(v.name for v in pinned.variables if v.name not in after),
    )


_WORD = re.compile(r"\s+|[^\s]+")


def word_diff(old: str | None, new: str | None) -> list[tuple[str, str]]:
    """``old`` turned into ``new`` as runs of ("same" | "gone" | "added", text), word by word, so
    that a reader sees the words that changed rather than whole lines."""
    a, b = _WORD.findall(old or ""), _WORD.findall(new or "")
    runs: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("gone", "".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("added", "".join(b[j1:j2])))
    return runs


@dataclass(frozen=True)
class TakeVersion:
    """Pin the library's ``new`` clause in place of ``old`` (the pin the lock file has)."""

    clause_id: str
    new: Clause
    old: Clause
    label: str

    def apply(self, document: SpecDocument) -> None:
        document.taken_pins[self.clause_id] = self.new

    def revert(self, document: SpecDocument) -> None:
        document.taken_pins[self.clause_id] = self.old  # the lock's own pin again

    def merged(self, later: SpecEdit) -> SpecEdit | None:
        return None


def take_version(update: PinUpdate) -> TakeVersion:
    template = QT_TRANSLATE_NOOP("Edits", "Take version {version} of {clause}")
    label = phrase(template, version=update.current.version, clause=update.clause_id)
    return TakeVersion(update.clause_id, update.current, update.pinned, label)
