"""Section 2 of the evaluation report: the rubric in words and formulas.

The gates, the groups and criteria with their weights and minimums, the rating scale and scoring
rules, the award formula (in words, in symbols and with its price basis) and the tie-break rule.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ...rubric.award_formulas import REGISTRY, award_formula
from ...rubric.model import Group, PriceBasis, Rubric
from .inputs import ReportInputs
from .text import DASH, HUNDRED, ZERO, fractions, one_line, plural, points_text, references, scale_top, whole

__all__ = ["rubric_section", "price_basis_sentence"]

_WEIGHTED = "T = WQ · Q / 100 + WP · S"
_TIE_BREAKS = {
    "quality": "the higher quality score",
    "price": "the lower price",
    "submission": "the earlier submission",
}


def rubric_section(report: ReportInputs) -> dict[str, Any]:
    """Section 2: everything the rubric says, as the template shows it."""
    rubric = report.rubric
    return {
        **_overview(rubric),
        **_quality(report),
        **_scale(rubric),
        **_award_texts(report),
        "tie_rule": _tie_rule(rubric),
    }


def price_basis_sentence(rubric: Rubric) -> str:
    """What the price P the award formula compares is."""
    price = rubric.price
    if price.basis == "capex":
        return "P is the price the award formula compares: the capital cost alone."
    rate = price.discount_rate
    discount = (
        f", yearly costs discounted at {points_text(rate)} % a year"
        if rate is not None and rate != ZERO
        else ", without discounting"
    )
    return (
        "P is the price the award formula compares: the lifecycle cost, that is the capital cost plus the "
        f"yearly operating and maintenance costs over the contract years{discount}."
    )


def _overview(rubric: Rubric) -> dict[str, Any]:
    intro = [one_line(rubric.description)] if rubric.description.strip() else []
    intro.append(
        f"Rubric “{rubric.title}”, id {rubric.id}, version {rubric.version}"
        + (
            f", references: {references(rubric.references.guidelines, rubric.references.clauses)}."
            if (rubric.references.guidelines or rubric.references.clauses)
            else "."
        )
    )
    gates = [
        {
            "title": gate.title,
            "description": one_line(gate.description) or DASH,
            "references": references(gate.references.guidelines, gate.references.clauses),
        }
        for gate in rubric.gates
    ]
    return {
        "rubric_intro": intro,
        "gates": gates,
        "no_gates": ["The rubric has no gates: every bid went straight to scoring."],
    }


def _quality(report: ReportInputs) -> dict[str, Any]:
    rubric = report.rubric
    group_fractions = fractions([group.weight for group in rubric.groups])
    groups = [
        _group(report, index, group, fraction)
        for index, (group, fraction) in enumerate(zip(rubric.groups, group_fractions, strict=True), start=1)
    ]
    return {
        "quality_intro": [
            f"The quality score Q (0–100) is built from {plural(len(rubric.groups), 'group')} of criteria. "
            "A group's weight is its share of the quality score; a criterion's weight is its share of its "
            "group, and its share of quality is the product of the two. A criterion minimum is a score on "
            "the rating scale; a bid scoring below it is excluded."
        ],
        "groups": groups,
    }


def _group(report: ReportInputs, index: int, group: Group, fraction: Decimal) -> dict[str, Any]:
    intro_parts = [f"Weight {points_text(HUNDRED * fraction)} % of the quality score."]
    if group.minimum is not None:
        intro_parts.append(
            f"Minimum {points_text(group.minimum)} % of the group's maximum: a bid below it is excluded."
        )
    if group.references.guidelines:
        intro_parts.append(f"Guidelines {', '.join(group.references.guidelines)}.")
    rows = []
    for criterion, share in zip(group.criteria, fractions([c.weight for c in group.criteria]), strict=True):
        minimum = DASH if criterion.minimum is None else points_text(criterion.minimum)
        if report.rubric.award.formula == "award-on-value" and criterion.value_per_level is not None:
            minimum += f"; {report.money(criterion.value_per_level)} a point"
        rows.append(
            {
                "title": criterion.title,
                "weight": f"{points_text(HUNDRED * share)} %",
                "share": f"{points_text(HUNDRED * fraction * share)} %",
                "minimum": minimum,
                "references": ", ".join(criterion.references.guidelines) or DASH,
            }
        )
    return {"heading": f"2.2.{index} {group.title}", "intro": " ".join(intro_parts), "criteria": rows}


def _scale(rubric: Rubric) -> dict[str, Any]:
    top = rubric.scale_max if rubric.scale else 0
    return {
        "scale_intro": [
            "Every criterion is scored on this scale, in whole numbers from "
            f"{rubric.scale_min if rubric.scale else 0} to {top}."
        ],
        "scale": [
            {"score": str(level.score), "label": level.label, "descriptor": one_line(level.descriptor)}
            for level in rubric.scale
        ],
        "scoring_intro": ["Scoring rules:"],
        "scoring_rules": _scoring_rules(rubric),
    }


def _scoring_rules(rubric: Rubric) -> list[str]:
    rules = [
        f"A criterion's score is the consensus score when the panel agreed one, otherwise the {rubric.aggregation} "
        "of the scores of the evaluators who scored it.",
        "Every score must come with a written justification."
        if rubric.justification_required
        else "A written justification with each score is optional.",
        f"A criterion whose individual scores differ by {points_text(rubric.moderation_spread)} or more is "
        "flagged for moderation until the panel agrees a consensus score.",
    ]
    if rubric.abnormally_low_percent is None:
        rules.append("The rubric does not flag abnormally low prices.")
    else:
        rules.append(
            f"A price below {points_text(rubric.abnormally_low_percent)} % of the mean valid price is flagged as "
            "abnormally low."
        )
    return rules


def _award_texts(report: ReportInputs) -> dict[str, list[str]]:
    result, rubric = report.result, report.rubric
    wq, wp = points_text(result.quality_weight), points_text(result.price_weight)
    top = scale_top(rubric)
    words, formulas = _award_rule(report)
    formulas += [
        "Q = 100 · Σ W(G) · g(G)",
        f"g(G) = Σ w(c) · a(c) / {top}",
        _price_formula(rubric.price),
    ]
    symbols = [
        f"Where T is the total, Q the quality score (0–100), P the price, S the price score (0–1), "
        f"WQ = {wq} and WP = {wp} the quality and price weights, Pbest and Pmax the lowest and highest price "
        f"and Qbest the highest quality score of the bids in the competition; W(G) is a group's weight and "
        f"w(c) a criterion's weight as fractions, a(c) the criterion's score and {top} the top of the scale.",
        price_basis_sentence(rubric)
        + (" Ranking: the lowest total first." if result.lowest_wins else " Ranking: the highest total first."),
    ]
    return {"award_words": words, "award_formulas": formulas, "award_symbols": symbols}


def _award_rule(report: ReportInputs) -> tuple[list[str], list[str]]:
    """The award formula in words and in symbols (``T = …`` and, when it has one, ``S = …``)."""
    result, rubric = report.result, report.rubric
    wq, wp = points_text(result.quality_weight), points_text(result.price_weight)
    entry = award_formula(result.formula) or REGISTRY["price-only"]
    ratio = rubric.award.parameter("zero_ratio")
    scale = rubric.award.parameter("scale", Decimal(1_000_000)) or Decimal(1_000_000)
    fields = {
        "wq": wq,
        "wp": wp,
        "a": points_text(ratio) if ratio is not None else "A",
        "scale_money": report.money(scale),
        "scale_whole": whole(scale),
    }
    words = [sentence.format(**fields) for sentence in entry.report_words]
    symbols = entry.report_symbols.format(**fields)
    if entry.weighted:
        return [f"Quality counts for {wq} points and price for {wp}.", *words], [_WEIGHTED, symbols]
    return words, [symbols]


def _price_formula(basis: PriceBasis) -> str:
    if basis.basis == "capex":
        return "P = capex"
    if basis.discount_rate is not None and basis.discount_rate != ZERO:
        return f"P = capex + Σ t=1…years (opex + maintenance) / (1 + {points_text(basis.discount_rate)} %)^t"
    return "P = capex + years · (opex + maintenance)"


def _tie_rule(rubric: Rubric) -> list[str]:
    rules = [_TIE_BREAKS.get(rule, rule) for rule in rubric.tie_break]
    order = "; then ".join(rules)
    lines = ["Totals are compared rounded to 6 decimals."]
    if rules:
        lines.append(f"Equal totals are separated by {order}.")
    else:
        lines.append("The rubric sets no tie-break rule.")
    lines.append(
        "Bids still tied share a rank; when they share rank 1 no winner is named and the tie is settled as "
        "the tender documents say."
    )
    return [" ".join(lines)]
