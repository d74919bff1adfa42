"""Annex B of the evaluation report: the audit trail of the project the evaluation came from.

Only an evaluation made from a project file (``*.procure``) has one; for an evaluation file
(YAML) the context holds ``audit: None`` and the template leaves the annex out. The annex says
whether the hash chain verified, prints the newest entry's full SHA-256 hash so that a reader can
later compare it with the file, counts the entries by kind and by actor, and names the notable
entries (:func:`~procure_app.core.audit.trail.is_notable`) with a short form of what changed. The
evaluation workbook's "Audit log" sheet holds every entry in full.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from ...audit.chain import AuditEntry, Json
from ...audit.trail import AuditSummary, AuditTrail, summarise
from ...base.formatting import format_date
from .text import DASH, LANGUAGE, one_line, plural, whole

__all__ = ["AUDIT_HEADINGS", "audit_section", "audit_headings", "audit_fact", "change_text", "audit_time"]

AUDIT_HEADINGS = {
    "audit": (1, "Annex B. Audit trail"),
    "check": (2, "B.1 Verification"),
    "kinds": (2, "B.2 Entries by kind"),
    "actors": (2, "B.3 Entries by actor"),
    "notable": (2, "B.4 Notable entries"),
}
NOTABLE_LIMIT = 200  # rows named in the annex; a longer list points to the workbook
VALUE_LIMIT = 80  # characters of one value in the change column (a SHA-256 hash fits)
CHANGE_LIMIT = 300  # characters of the whole change column


def audit_headings(trail: AuditTrail | None) -> list[tuple[int, str]]:
    """The annex's headings (level, text) for the contents; none without a trail."""
    return [] if trail is None else list(AUDIT_HEADINGS.values())


def audit_section(trail: AuditTrail | None) -> dict[str, Any]:
    """Annex B as template context (``audit: None`` without a trail, so the template skips it)."""
    if trail is None:
        return {"audit": None}
    summary = summarise(trail)
    return {
        "audit": {
            "h": {key: text for key, (_, text) in AUDIT_HEADINGS.items()},
            "intro": _intro(trail),
            "facts": _facts(trail, summary),
            "status": _status(trail),
            "hash_label": [f"SHA-256 hash of the newest entry, No. {trail.head_seq}, as the project file records it:"],
            "hash": trail.head_hash,
            "hash_note": [
                "To check later that the history up to this report is unchanged, run procure project verify on "
                f"the project file: the chain must verify, and entry No. {trail.head_seq} must still carry this hash "
                "(it is the newest hash the command prints while nothing has been recorded since; otherwise, find "
                "the entry in the Audit log sheet of a new evaluation workbook)."
            ],
            "kinds": [
                {"kind": words, "action": action, "count": whole(Decimal(count))}
                for action, words, count in summary.by_kind
            ],
            "actors": [{"actor": actor, "count": whole(Decimal(count))} for actor, count in summary.by_actor],
            "notable_intro": _notable_intro(summary),
            "notable": [_notable_row(entry) for entry in summary.notable[-NOTABLE_LIMIT:]],
            "no_notable": ["None: every entry is a score or a price entered or changed."],
        }
    }


def audit_fact(trail: AuditTrail | None) -> list[dict[str, str]]:
    """The title page's line on the audit trail (none without a trail)."""
    if trail is None:
        return []
    if trail.chain_ok:
        value = f"Verified, {plural(len(trail.entries), 'entry', 'entries')} (Annex B)"
    else:
        value = "NOT verified: the log was altered or cut (Annex B)"
    return [{"label": "Audit trail", "value": value}]


def _intro(trail: AuditTrail) -> list[str]:
    return [
        f"The evaluation comes from the project file {trail.file_name}. Every change made to the project (a bid "
        "registered, a score entered, a consensus agreed, a document stored) is recorded in its audit log with "
        "the time, who made it and the values before and after. Each entry carries a SHA-256 hash of its content "
        "and of the entry before it, so an entry altered, removed or moved afterwards breaks the chain. The "
        "evaluation workbook made from the same project lists every entry in full (sheet Audit log)."
    ]


def _facts(trail: AuditTrail, summary: AuditSummary) -> list[dict[str, str]]:
    if summary.first_time is None or summary.last_time is None:
        period = "The log holds no entries."
    else:
        period = f"From {audit_time(summary.first_time)} to {audit_time(summary.last_time)}"
    chain = (
        "Verified: every entry matches its hash and follows the one before"
        if trail.chain_ok
        else f"NOT verified: {trail.problem}"
    )
    return [
        {"label": "Project", "value": f"{trail.project_name} ({trail.file_name})"},
        {"label": "Entries", "value": whole(Decimal(summary.entries))},
        {"label": "Period", "value": period},
        {"label": "Hash chain", "value": chain},
        {"label": "Newest entry", "value": f"No. {trail.head_seq}"},
    ]


def _status(trail: AuditTrail) -> list[str]:
    if trail.chain_ok:
        return []
    return [
        "The audit log does not verify: it was changed outside Procure after it was written. The entries below "
        "are shown as the file holds them now; do not rely on them until the cause is found (compare the file "
        "with its backups)."
    ]


def _notable_intro(summary: AuditSummary) -> list[str]:
    shown = min(len(summary.notable), NOTABLE_LIMIT)
    lead = (
        "The entries other than scores and prices entered or changed, oldest first: the project's setup, the "
        "panel and the bids, gate results, conflicts of interest, consensus scores, documents and any other event."
    )
    if shown < len(summary.notable):
        lead += (
            f" The {whole(Decimal(shown))} most recent of {whole(Decimal(len(summary.notable)))} are listed; the "
            "evaluation workbook lists them all."
        )
    return [lead + " Long values are shortened (…)."]


def _notable_row(entry: AuditEntry) -> dict[str, Any]:
    return {
        "seq": str(entry.seq),
        "time": audit_time(entry.time, zone=False),
        "actor": entry.actor,
        "what": [entry.action, entry.entity],
        "change": change_text(entry),
    }


def audit_time(value: str, *, zone: bool = True) -> str:
    """``25 November 2026, 16:38:06 UTC`` for a recorded time (the text itself if it is not one);
    without ``zone`` the ``UTC`` is left to a column's header."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    suffix = ""
    if moment.tzinfo is not None:  # Procure records UTC; another offset is shown in UTC too
        moment, suffix = moment.astimezone(UTC), " UTC" if zone else ""
    return f"{format_date(moment.date(), LANGUAGE)}, {moment:%H:%M:%S}{suffix}"


def change_text(entry: AuditEntry) -> str:
    """What an entry changed, short: the fields that differ (``score: 3 → 4``), what was set or removed."""
    old, new = _decoded(entry.old), _decoded(entry.new)
    if isinstance(old, dict) and isinstance(new, dict):
        keys = [key for key in sorted({*old, *new}) if old.get(key) != new.get(key)]
        text = "; ".join(f"{_key(key)}: {_value(old.get(key))} → {_value(new.get(key))}" for key in keys)
        text = text or "no change"
    elif old is None:
        text = _value(new)
    elif new is None:
        text = f"removed ({_value(old)})"
    else:
        text = f"{_value(old)} → {_value(new)}"
    return _cut(text, CHANGE_LIMIT)


def _decoded(text: str | None) -> Json:
    """A stored value; the raw text when it is not JSON (a tampered log may hold anything)."""
    if text is None:
        return None
    try:
        value: Json = json.loads(text)
    except ValueError:
        return text
    return value


def _key(key: str) -> str:
    return key.replace("_", " ")


def _value(value: Json) -> str:
    if value is None or value == "":
        return DASH
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return "; ".join(f"{_key(key)}: {_value(item)}" for key, item in value.items())
    if isinstance(value, list):
        return ", ".join(_value(item) for item in value)
    return _cut(one_line(str(value)), VALUE_LIMIT)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
