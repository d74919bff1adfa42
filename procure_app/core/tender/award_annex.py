"""The award criteria a tender publishes: the rubric as rows of the tender's annex.

Bidders must know how they will be judged, so a tender that names its scoring rubric lists the
pass/fail gates, each quality group with its share of the total, each criterion with its share of
its group, and the price with the award formula — the same weights the evaluation will use.
"""

from __future__ import annotations

from decimal import Decimal

from ..rubric.award_formulas import REGISTRY
from ..rubric.formulas import rounded
from ..rubric.model import WEIGHTED_FORMULAS, Rubric

__all__ = ["award_criteria_rows", "FORMULA_WORDS"]

FORMULA_WORDS = {formula.id: formula.annex_words for formula in REGISTRY.values()}


def _points(value: Decimal) -> str:
    shown = rounded(value, 2).normalize()
    return f"{shown:f}"


def _refs(references: tuple[str, ...]) -> str:
    return ", ".join(references)


def award_criteria_rows(rubric: Rubric) -> list[dict[str, str]]:
    """One row per gate, group, criterion and the price, with weights as the evaluation uses them."""
    rows = [
        {"name": f"Pass/fail: {gate.title}", "weight": "pass/fail", "references": _refs(gate.references.guidelines)}
        for gate in rubric.gates
    ]
    quality_points = rubric.award.quality_weight if rubric.award.formula != "price-only" else Decimal(0)
    for group in rubric.groups:
        points = quality_points * group.weight / 100
        rows.append(
            {
                "name": group.title,
                "weight": f"{_points(group.weight)} % of quality ({_points(points)} points)",
                "references": _refs(group.references.guidelines),
            }
        )
        rows.extend(
            {
                "name": f"– {criterion.title}",
                "weight": f"{_points(criterion.weight)} % of the group",
                "references": _refs(criterion.references.guidelines),
            }
            for criterion in group.criteria
        )
    basis = "lifecycle cost" if rubric.price.basis == "lifecycle" else "capital cost"
    price_weight = f"{_points(rubric.award.price_weight)} points" if rubric.award.formula in WEIGHTED_FORMULAS else "—"
    rows.append(
        {
            "name": f"Price ({basis}; {FORMULA_WORDS.get(rubric.award.formula, rubric.award.formula)})",
            "weight": price_weight,
            "references": _refs(rubric.references.guidelines),
        }
    )
    return rows
