"""The project file (``*.procure``): SQLite, crash-safe, with backups and a hash-chained audit log.

See ``connection.py`` for the journal-mode decision, ``schema.py`` for migrations,
``backup.py`` for the rotating backups and :mod:`procure_app.core.audit` for the audit chain.
"""

from __future__ import annotations

from .backup import backup_folder, latest_backup, list_backups
from .errors import (
    DamagedProjectError,
    DiskFullError,
    ForeignContentError,
    ForeignFileError,
    ForeignSchemaError,
    NewerVersionError,
    NotAProjectError,
    ProjectError,
    ProjectInUseError,
    ReadOnlyProjectError,
)
from .project import (
    COMPLIANCE_VALUES,
    BidDetails,
    ComplianceAnswer,
    Conflict,
    ConsensusScore,
    Document,
    EnvelopeState,
    EvaluationHeader,
    GateRow,
    PriceSheetRow,
    PricesSealedError,
    ProjectStore,
    Score,
    VerifyReport,
    verify,
)
from .schema import schema_version
from .trail import read_audit_trail

__all__ = [
    "ProjectStore",
    "verify",
    "EnvelopeState",
    "PricesSealedError",
    "VerifyReport",
    "Score",
    "ConsensusScore",
    "Conflict",
    "Document",
    "EvaluationHeader",
    "BidDetails",
    "PriceSheetRow",
    "GateRow",
    "ComplianceAnswer",
    "COMPLIANCE_VALUES",
    "read_audit_trail",
    "ProjectError",
    "NotAProjectError",
    "NewerVersionError",
    "DamagedProjectError",
    "ForeignFileError",
    "ForeignSchemaError",
    "ForeignContentError",
    "ProjectInUseError",
    "ReadOnlyProjectError",
    "DiskFullError",
    "backup_folder",
    "list_backups",
    "latest_backup",
    "schema_version",
]
