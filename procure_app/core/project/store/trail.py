"""Reading the audit trail of an open project, with its hash chain checked.

:func:`read_audit_trail` checks the chain the way :func:`~.project.verify` does, so that a report
made from a tampered file says so.
"""

from __future__ import annotations

from ...audit.chain import read_head, walk_chain
from ...audit.trail import AuditTrail
from .project import ProjectStore

__all__ = ["read_audit_trail"]


def read_audit_trail(store: ProjectStore) -> AuditTrail:
    """The audit trail of an open project, with its hash chain checked (nothing is written)."""
    entries = tuple(store.audit_entries())
    head_seq, head_hash = read_head(store.conn)
    _checked, problem = walk_chain(entries, head_seq, head_hash)
    return AuditTrail(
        project_name=store.name,
        file_name=store.path.name,
        entries=entries,
        head_seq=head_seq,
        head_hash=head_hash,
        chain_ok=problem is None,
        problem=None if problem is None else problem.message,
    )
