"""The title page facts and section 1 of the evaluation report: the procedure.

Who assessed which bids against which rubric, whether the result is final, the bids received, the
panel and every declared conflict of interest.
"""

from __future__ import annotations

from typing import Any

from ...base.formatting import format_date
from .inputs import ReportInputs
from .rubric_section import price_basis_sentence
from .text import DASH, FORMULA_NAMES, LANGUAGE, bid_label, datetime_text, latest_submission, lot_phrase, plural

__all__ = ["title_facts", "procedure_section"]


def title_facts(report: ReportInputs) -> list[dict[str, str]]:
    """The label and value rows of the title page (rows without a value are left out)."""
    evaluation, result, rubric = report.evaluation, report.result, report.rubric
    latest = latest_submission(evaluation)
    received = plural(len(evaluation.bids), "bid")
    if latest is not None:
        received += f", the last on {format_date(latest.date(), LANGUAGE)}"
    winner = result.bid(result.winner) if result.winner else None
    rows = [
        ("Tender", evaluation.tender_title),
        ("Reference", evaluation.tender_reference),
        ("Lot", evaluation.lot or ""),
        ("Evaluation", evaluation.title),
        ("Date of this report", format_date(report.report_date, LANGUAGE) if report.report_date else ""),
        ("Bids received", received),
        ("Rubric", f"{rubric.title} (version {rubric.version})"),
        ("Award formula", FORMULA_NAMES.get(result.formula, result.formula).capitalize()),
        ("Status", "Provisional: see section 8" if result.provisional else "Final"),
        (
            "Recommended bid",
            bid_label(winner) if winner and not result.provisional else "None: see section 8",
        ),
    ]
    return [{"label": label, "value": value} for label, value in rows if value]


def procedure_section(report: ReportInputs) -> dict[str, Any]:
    """Section 1: the procedure, the bids received, the panel and its conflicts of interest."""
    evaluation = report.evaluation
    bids = [
        {
            "id": bid.bid,
            "bidder": bid.bidder,
            "sme": "Yes" if bid.sme else "No",
            "submitted": datetime_text(bid.submitted),
            "price": report.money(bid.price) if bid.price is not None else "No valid price",
        }
        for bid in report.result.bids
    ]
    return {
        "procedure_intro": _intro(report),
        "bids": bids,
        "no_bids": ["No bids were received."],
        "price_note": [price_basis_sentence(report.rubric)] if bids else [],
        "panel_intro": [
            f"The panel of {plural(len(evaluation.evaluators), 'evaluator')} scored the bids. Each evaluator's "
            "scores and justifications are in Annex A."
        ],
        "panel": _panel(report),
        "conflicts": _conflicts(report),
    }


def _intro(report: ReportInputs) -> list[str]:
    evaluation, result, rubric = report.evaluation, report.result, report.rubric
    criteria = plural(sum(len(group.criteria) for group in rubric.groups), "quality criterion", "quality criteria")
    intro = [
        f"This report records how the evaluation panel assessed the {plural(len(evaluation.bids), 'bid')} "
        f"received for {lot_phrase(evaluation)}the tender “{evaluation.tender_title}” (reference "
        f"{evaluation.tender_reference}), and the result.",
        f"The bids were assessed against the rubric “{rubric.title}” (version {rubric.version}): first on "
        f"{plural(len(rubric.gates), 'pass/fail gate')}, then on {criteria} "
        f"in {plural(len(rubric.groups), 'group')} and on price, combined by the award formula "
        f"“{FORMULA_NAMES.get(result.formula, result.formula)}”. Section 2 sets the rubric out in full.",
    ]
    if result.provisional:
        intro.append(
            "The result is provisional: some gates are not yet assessed or some criteria not yet scored "
            "(section 6.2). It must not be used for an award decision until the evaluation is complete."
        )
    else:
        intro.append(
            "The result is final: every bid in the competition was assessed on every gate and scored on every "
            "criterion."
        )
    source = f" from the panel's evaluation file {evaluation.path.name}" if evaluation.path else ""
    intro.append(
        f"Procure computed every figure{source}. Numbers are rounded half away from zero: scores and totals "
        "to 2 decimals, money to the cent; ranks are decided on totals rounded to 6 decimals."
    )
    return intro


def _panel(report: ReportInputs) -> list[dict[str, str]]:
    panel = []
    for evaluator in report.evaluation.evaluators:
        declared = [report.name(bid) for bid in evaluator.conflicts]
        panel.append(
            {
                "name": evaluator.name,
                "role": evaluator.role or DASH,
                "conflicts": "; ".join(declared) if declared else "None declared",
                "signature": "",
            }
        )
    return panel


def _conflicts(report: ReportInputs) -> list[str]:
    evaluators = report.evaluation.evaluators
    conflicts = []
    for evaluator in evaluators:
        for bid_id in evaluator.conflicts:
            others = [e.name for e in evaluators if e.id != evaluator.id and bid_id not in e.conflicts]
            conflicts.append(
                f"{evaluator.name} declared a conflict of interest on {report.name(bid_id)} and did not score "
                f"it: its criterion scores are those of the other evaluators ({', '.join(others) or 'none'}). "
                "Procure ignores any score by an evaluator on a bid they declared a conflict on."
            )
    if not conflicts:
        return ["No evaluator declared a conflict of interest on any bid."]
    conflicts.append(
        "Any further measure the panel took (for example an evaluator leaving the meeting while the bid "
        "was discussed) belongs in the minutes of the panel."
    )
    return conflicts
