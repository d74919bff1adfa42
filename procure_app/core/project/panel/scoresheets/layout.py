"""Where everything sits in an evaluator scoresheet, and the checksum of its structure.

The writer (:mod:`.writer`) and the importer (:mod:`.importer`) share this module,
so both agree on every sheet name, column and row. A scoresheet's structure is the list of its
answer rows: one Declaration row per bid of the project, and one Scores row per (criterion, bid)
for the bids the evaluator had not declared a conflict on when the sheet was generated. Rows are
grouped by criterion (every bid on one criterion, then the next criterion), so that the
criterion's guidance and rating scale stand once beside all the bids scored against them.

The structure checksum is the SHA-256 of a canonical JSON text of the project id, the evaluator
id, every answer row (sheet, row number, bid, criterion) in order and the scale's scores. The
hidden ``_procure`` sheet keeps the rows and the checksum; an importer recomputes the checksum
from the rows it finds (edited rows or an edited checksum no longer agree) and from the project
as it is now (a changed rubric or list of bids no longer agrees).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "SCORESHEET_KIND",
    "SCORESHEET_VERSION",
    "SHEET_INSTRUCTIONS",
    "SHEET_DECLARATION",
    "SHEET_SCORES",
    "SHEET_META",
    "DECLARATION_OPTIONS",
    "NO_CONFLICT",
    "CONFLICT",
    "DECLARATION_COLUMNS",
    "SCORE_COLUMNS",
    "DECLARATION_HEADER_ROW",
    "SCORES_HEADER_ROW",
    "DECLARATION_BID_COLUMN",
    "DECLARATION_CHOICE_COLUMN",
    "DECLARATION_STATEMENT_COLUMN",
    "SCORES_BID_COLUMN",
    "SCORES_SCORE_COLUMN",
    "SCORES_JUSTIFICATION_COLUMN",
    "META_FACTS",
    "META_KEYS_HEADER",
    "SheetKey",
    "ScoresheetLayout",
    "build_layout",
]

SCORESHEET_KIND = "procure-scoresheet"
SCORESHEET_VERSION = 1
SHEET_INSTRUCTIONS = "Instructions"
SHEET_DECLARATION = "Declaration"
SHEET_SCORES = "Scores"
SHEET_META = "_procure"

NO_CONFLICT = "No conflict"
CONFLICT = "Conflict of interest"
DECLARATION_OPTIONS = (NO_CONFLICT, CONFLICT)

# Column headings, in order; the importer finds its cells by these positions (1-based).
DECLARATION_COLUMNS = ("Bid", "Bidder", "Declaration", "Statement")
# A criterion's group, title, id, weight and minimum share the Criterion column.
SCORE_COLUMNS = ("Criterion", "What to look for", "Rating scale", "Bid", "Bidder", "Score", "Justification")
DECLARATION_HEADER_ROW = 9
SCORES_HEADER_ROW = 3
DECLARATION_BID_COLUMN = DECLARATION_COLUMNS.index("Bid") + 1
DECLARATION_CHOICE_COLUMN = DECLARATION_COLUMNS.index("Declaration") + 1
DECLARATION_STATEMENT_COLUMN = DECLARATION_COLUMNS.index("Statement") + 1
SCORES_BID_COLUMN = SCORE_COLUMNS.index("Bid") + 1
SCORES_SCORE_COLUMN = SCORE_COLUMNS.index("Score") + 1
SCORES_JUSTIFICATION_COLUMN = SCORE_COLUMNS.index("Justification") + 1

# The label/value rows at the top of the hidden sheet, in order (column A label, column B value).
META_FACTS = (
    "kind",
    "version",
    "project_id",
    "project_name",
    "evaluator_id",
    "evaluator_name",
    "generated_at",
    "rubric",
    "scale",
    "checksum",
)
META_KEYS_HEADER = ("sheet", "row", "bid", "criterion")  # the table of answer rows below the facts


@dataclass(frozen=True)
class SheetKey:
    """One answer row: on the Declaration sheet (criterion is ``""``) or the Scores sheet."""

    sheet: str
    row: int
    bid: str
    criterion: str = ""


@dataclass(frozen=True)
class ScoresheetLayout:
    project_id: str
    evaluator: str
    declarations: tuple[SheetKey, ...]
    scores: tuple[SheetKey, ...]
    scale: tuple[int, ...]

    @property
    def scored_bids(self) -> tuple[str, ...]:
        """The bids on the Scores sheet, in order."""
        return tuple(dict.fromkeys(key.bid for key in self.scores))

    def checksum(self) -> str:
        payload = {
            "kind": SCORESHEET_KIND,
            "version": SCORESHEET_VERSION,
            "project": self.project_id,
            "evaluator": self.evaluator,
            "rows": [[key.sheet, key.row, key.bid, key.criterion] for key in (*self.declarations, *self.scores)],
            "scale": list(self.scale),
        }
        canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def build_layout(
    project_id: str,
    evaluator: str,
    bids: Sequence[str],
    scored_bids: Sequence[str],
    criteria: Sequence[str],
    scale: Sequence[int],
) -> ScoresheetLayout:
    """The layout of a scoresheet: every bid declared, ``scored_bids`` scored on every criterion."""
    declarations = tuple(
        SheetKey(SHEET_DECLARATION, DECLARATION_HEADER_ROW + index, bid) for index, bid in enumerate(bids, start=1)
    )
    pairs = [(criterion, bid) for criterion in criteria for bid in scored_bids]
    scores = tuple(
        SheetKey(SHEET_SCORES, SCORES_HEADER_ROW + index, bid, criterion)
        for index, (criterion, bid) in enumerate(pairs, start=1)
    )
    return ScoresheetLayout(project_id, evaluator, declarations, scores, tuple(scale))
