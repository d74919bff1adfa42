"""Where everything sits in the bidder response form, shared by its writer and its reader.

The sheet names, columns, choices and price rows, the bidder's detail cells, the years a price
sheet counts and the structure checksum. The writer (:mod:`.response_form`) builds the workbook
with openpyxl; the reader of returned forms (:mod:`procure_app.core.project.panel.responses.reader`) needs
only this layout, so importing it does not import the spreadsheet library.
"""

from __future__ import annotations

import hashlib
import json
import math
from fractions import Fraction

from ..library.variables import DURATION_PATTERN
from .assembly import AssembledTender
from .spec import TenderSpec

__all__ = [
    "FORM_KIND",
    "FORM_VERSION",
    "SHEET_INSTRUCTIONS",
    "SHEET_REQUIREMENTS",
    "SHEET_PRICE",
    "SHEET_META",
    "REQUIREMENT_COLUMNS",
    "ANSWER_COLUMNS",
    "COMPLIANCE_OPTIONS",
    "TYPE_LABELS",
    "PRICE_ROWS",
    "BIDDER_FIELDS",
    "SME_OPTIONS",
    "COSTING_PERIOD_VALUE",
    "contract_years",
    "costing_period",
    "costing_years",
    "structure_checksum",
]

FORM_KIND = "procure-response-form"
FORM_VERSION = 2  # 2: the bidder's details on the Instructions sheet (version 1 forms have none)
SHEET_INSTRUCTIONS = "Instructions"
SHEET_REQUIREMENTS = "Requirements"
SHEET_PRICE = "Price"
SHEET_META = "_procure"

REQUIREMENT_COLUMNS = (
    "Key",
    "Clause",
    "Title",
    "Type",
    "What is required",
    "Compliance",
    "Bidder's answer",
    "Evidence reference",
)
ANSWER_COLUMNS = ("Compliance", "Bidder's answer", "Evidence reference")
COMPLIANCE_OPTIONS = ("Complies", "Partially complies", "Does not comply")
TYPE_LABELS = {"requirement": "Requirement", "verification": "Evidence"}
# The rows of one lifecycle-cost block on the Price sheet, after the block's title row.
PRICE_ROWS = (
    "Capital cost (one-off)",
    "Operating cost per year",
    "Maintenance and support per year",
    "Number of years",
    "Total operating cost",
    "Total maintenance and support",
    "Lifecycle cost",
)

# The bidder's details on the Instructions sheet: the label on the hidden sheet (naming the cell),
# the label beside the cell, and the prompt shown while filling it in.
BIDDER_FIELDS = (
    ("bidder_cell", "Bidder (legal name)", "Your organisation's legal name, as in your tender."),
    ("sme_cell", "SME", "Is your organisation a small or medium-sized enterprise? Choose Yes or No."),
    ("submitted_cell", "Date and time of submission", "When you submit your tender, e.g. 2027-04-05 16:30."),
)
SME_OPTIONS = ("Yes", "No")
COSTING_PERIOD_VALUE = "evaluation_period"  # the value a lifecycle-cost award clause sets its period with
_PER_YEAR = {"day": 365, "week": 52, "month": 12, "year": 1}


def costing_years(spec: TenderSpec) -> int | None:
    """The years the price sheet counts: the lifecycle-costing period when an award clause sets
    one (``evaluation_period``, e.g. eight years for equipment that outlives the contract), else
    the contract duration; None when the tender gives neither (the bidder then enters it)."""
    period = costing_period(spec)
    return contract_years(period if period is not None else spec.duration)


def costing_period(spec: TenderSpec) -> str | None:
    """The lifecycle-costing period an award clause sets (e.g. "8 years"), or None."""
    for _, entry in spec.entries():
        period = entry.value_map.get(COSTING_PERIOD_VALUE)
        if isinstance(period, str) and contract_years(period) is not None:
            return period
    return None


def contract_years(duration: str | None) -> int | None:
    """Whole years a duration such as ``"18 months"`` spans, rounded up; None without a duration."""
    match = DURATION_PATTERN.match(duration) if duration else None
    if match is None:
        return None
    return max(1, math.ceil(Fraction(int(match.group(1)), _PER_YEAR[match.group(2)])))


def structure_checksum(tender: AssembledTender) -> str:
    """SHA-256 of the form's structure: every requirement's key, clause id, kind and text, and the lots."""
    payload = {
        "requirements": [[r.key, r.clause_id, r.kind, r.text] for r in tender.requirements()],
        "lots": [lot.id for lot in tender.spec.lots],
    }
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
