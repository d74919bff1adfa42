"""A project's audit trail as the exports show it: every entry, whether the chain verifies, and a summary.

An :class:`AuditTrail` is read from a project file by ``read_audit_trail`` in the project store.
:func:`summarise` boils the trail down to what a reader of the evaluation report needs: how many
entries, over which period, by whom, of which kinds (in plain words), and the entries worth naming
one by one. The evaluation workbook lists every entry; the report only the summary.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .chain import AuditEntry, printable

__all__ = [
    "AuditTrail",
    "AuditSummary",
    "ACTION_WORDS",
    "ROUTINE_ACTIONS",
    "NOTABLE_PREFIXES",
    "summarise",
    "action_words",
    "is_notable",
    "describe_entry",
]

# What each kind of entry records, in plain words (the summary counts entries of each kind).
ACTION_WORDS = {
    "project.create": "project created",
    "schema.migrate": "project file brought to a newer format",
    "setting.set": "settings changed",
    "evaluator.add": "evaluators added to the panel",
    "bid.add": "bids registered",
    "bid.details": "bid details recorded or changed (SME, time of submission)",
    "score.set": "scores entered or changed",
    "score.remove": "scores removed",
    "answer.set": "bidders' compliance answers recorded or changed",
    "answer.remove": "bidders' compliance answers removed",
    "consensus.set": "consensus scores agreed or changed",
    "consensus.remove": "consensus scores removed",
    "conflict.declare": "conflict-of-interest declarations made or changed",
    "conflict.withdraw": "conflict-of-interest declarations withdrawn (an undo)",
    "document.set": "documents stored or replaced",
    "document.remove": "documents removed",
    "evaluation.set": "evaluation settings recorded or changed",
    "price.set": "prices entered or changed",
    "gate.set": "gate results recorded or changed",
    "envelope.lock_quality": "quality scoring locked",
    "envelope.unseal_prices": "price envelope opened",
}
# The day-to-day entries, counted but not named one by one: a panel enters hundreds of them.
ROUTINE_ACTIONS = frozenset({"score.set", "price.set"})
# Families of actions other parts of Procure record (sealed envelopes, panel changes, imports):
# always named, whatever their exact action.
NOTABLE_PREFIXES = ("envelope.", "panel.", "import.")


@dataclass(frozen=True)
class AuditTrail:
    """Every audit entry of a project, oldest first, with the head the file records and the check."""

    project_name: str
    file_name: str
    entries: tuple[AuditEntry, ...]
    head_seq: int  # the newest entry's number, as the project file records it
    head_hash: str  # its SHA-256 hash (64 hex digits), as recorded
    chain_ok: bool
    problem: str | None  # why the chain does not verify (None when it does)


@dataclass(frozen=True)
class AuditSummary:
    """What the evaluation report tells about a trail."""

    entries: int
    first_time: str | None  # ISO 8601, as recorded (None for an empty log)
    last_time: str | None
    by_actor: tuple[tuple[str, int], ...]  # most entries first, then by name
    by_kind: tuple[tuple[str, str, int], ...]  # (action, plain words, entries), in order of first use
    notable: tuple[AuditEntry, ...]  # oldest first


def action_words(action: str) -> str:
    """What entries of kind ``action`` record, in plain words (the action itself when unknown)."""
    words = ACTION_WORDS.get(action)
    if words is None and action.startswith("import.") and len(action) > len("import."):
        words = f"files imported ({action.removeprefix('import.').replace('_', ' ')})"
    return words or action


def is_notable(entry: AuditEntry) -> bool:
    """Whether the report names ``entry`` one by one: anything but a routine score or price entry
    (an action of the :data:`NOTABLE_PREFIXES` families always is)."""
    return entry.action.startswith(NOTABLE_PREFIXES) or entry.action not in ROUTINE_ACTIONS


def describe_entry(entry: AuditEntry) -> str:
    """One line for a listing: number, time, who, what, on which thing.

    A scoresheet import also names the evaluator whose scores came in and, separately, who imported
    them. Entries recorded before the import named both give the entry's evaluator and actor.
    """
    line = f"{entry.seq:>5}  {entry.time}  {entry.actor}  {entry.action}  {entry.entity}"
    if entry.action == "import.scoresheet":
        try:
            details = entry.new_value
        except ValueError:
            details = None
        known = details if isinstance(details, dict) else {}
        evaluator = str(known.get("evaluator") or entry.entity.removeprefix("evaluator/"))
        name = known.get("evaluator_name")
        whose = f"{name} ({evaluator})" if name else evaluator
        line += f"  (scores of {whose}, imported by {known.get('imported_by') or entry.actor})"
    return printable(line)


def summarise(trail: AuditTrail) -> AuditSummary:
    """Counts by actor and by kind, the period covered and the notable entries."""
    entries = trail.entries
    actors = Counter(entry.actor for entry in entries)
    kinds = Counter(entry.action for entry in entries)  # insertion order: the order of first use
    return AuditSummary(
        entries=len(entries),
        first_time=entries[0].time if entries else None,
        last_time=entries[-1].time if entries else None,
        by_actor=tuple(sorted(actors.items(), key=lambda item: (-item[1], item[0]))),
        by_kind=tuple((action, action_words(action), count) for action, count in kinds.items()),
        notable=tuple(entry for entry in entries if is_notable(entry)),
    )
