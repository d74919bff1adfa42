"""The evaluation report's context: everything its template shows, as plain data.

:func:`report_context` gathers the title page, the contents and every section (one module each)
into one dict of strings, lists and dicts; :data:`HEADINGS` holds the numbered headings in order.
An evaluation made from a project file adds Annex B, its audit trail (:mod:`.audit_section`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ...audit.trail import AuditTrail
from ...rubric.model import Rubric
from ..engine import EvaluationResult
from ..evaluation_file import EvaluationFile
from ..sensitivity import SensitivityResult
from .audit_section import audit_fact, audit_headings, audit_section
from .flags import flags_section
from .gates import gates_section
from .inputs import ReportInputs
from .moderation import annex_section, moderation_section
from .procedure import procedure_section, title_facts
from .recommendation import recommendation_section
from .rubric_section import rubric_section
from .scores import scores_section
from .sensitivity_section import sensitivity_section

__all__ = ["HEADINGS", "report_context"]

HEADINGS = {
    "procedure": (1, "1 Procedure"),
    "bids": (2, "1.1 Bids received"),
    "panel": (2, "1.2 Evaluation panel"),
    "conflicts": (2, "1.3 Conflicts of interest"),
    "rubric": (1, "2 Rubric"),
    "gates": (2, "2.1 Gates"),
    "quality": (2, "2.2 Quality criteria"),
    "scale": (2, "2.3 Rating scale and scoring rules"),
    "award": (2, "2.4 Price and award formula"),
    "tie": (2, "2.5 Tie-break rule"),
    "gate_results": (1, "3 Gate results"),
    "gate_table": (2, "3.1 Results by bid and gate"),
    "exclusions": (2, "3.2 Exclusions"),
    "scores": (1, "4 Scores"),
    "totals": (2, "4.1 Totals and ranking"),
    "groups": (2, "4.2 Quality groups"),
    "criteria": (2, "4.3 Criterion scores"),
    "moderation": (1, "5 Moderation"),
    "moderated": (2, "5.1 Moderated scores"),
    "open_flags": (2, "5.2 Open moderation flags"),
    "flags": (1, "6 Flags"),
    "abnormal": (2, "6.1 Abnormally low tenders"),
    "notes": (2, "6.2 Notes on the result"),
    "sensitivity": (1, "7 Sensitivity"),
    "tipping": (2, "7.1 Tipping points"),
    "rank_one": (2, "7.2 Rank-one probabilities"),
    "recommendation": (1, "8 Award recommendation"),
    "approval": (2, "8.1 Approval by the panel"),
    "annex": (1, "Annex A. Scores and justifications"),
}
_SECTIONS = (
    procedure_section,
    rubric_section,
    gates_section,
    scores_section,
    moderation_section,
    flags_section,
    sensitivity_section,
    recommendation_section,
)


def report_context(
    rubric: Rubric,
    evaluation: EvaluationFile,
    result: EvaluationResult,
    sensitivity: SensitivityResult,
    report_date: date | None = None,
    audit: AuditTrail | None = None,
) -> dict[str, Any]:
    """Everything the report template shows, as plain data (strings, lists and dicts only).

    ``audit`` is the project's audit trail (Annex B); without it the annex is left out.
    """
    report = ReportInputs(rubric, evaluation, result, sensitivity, report_date)
    annex = annex_section(report)
    title_page = _title_page(report)
    title_page["facts"] = [*title_page["facts"], *audit_fact(audit)]
    context = {
        **title_page,
        **_contents(annex["annex"], audit_headings(audit)),
        "currency": report.currency,
        **annex,
        **audit_section(audit),
    }
    for section in _SECTIONS:
        context.update(section(report))
    return context


def _title_page(report: ReportInputs) -> dict[str, Any]:
    evaluation, result = report.evaluation, report.result
    lot = f"Lot {evaluation.lot} · " if evaluation.lot else ""
    return {
        "header": " · ".join(
            part for part in (evaluation.tender_reference, f"Lot {evaluation.lot}" if evaluation.lot else "") if part
        )
        + " · Evaluation report",
        "kicker": "Evaluation report" + (" (provisional)" if result.provisional else ""),
        "title": evaluation.tender_title,
        "subtitle": f"{lot}Reference {evaluation.tender_reference}",
        "facts": title_facts(report),
    }


def _contents(annex: list[dict[str, Any]], later: list[tuple[int, str]]) -> dict[str, Any]:
    """The headings as the template's contents list (first and last apart), and the heading texts.

    ``later`` are the headings after Annex A (Annex B when there is an audit trail).
    """
    toc = [{"level": level, "text": text} for level, text in HEADINGS.values()]
    toc.extend({"level": 2, "text": entry["heading"]} for entry in annex)
    toc.extend({"level": level, "text": text} for level, text in later)
    return {
        "h": {key: text for key, (_, text) in HEADINGS.items()},
        "toc_first": toc[0],
        "toc": toc[1:-1],
        "toc_last": toc[-1],
    }
