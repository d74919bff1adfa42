"""The evaluation report: the panel's record of an evaluation, as a Word document.

The report is rendered through ``resources/templates/evaluation-report.docx`` (built by
``resources/templates/make_evaluation_templates.py``) the way the tender document is: docxtpl in a
sandboxed Jinja environment with autoescaping and strict undefined variables, so a bidder's name
or a justification is always data, never template or XML. Every value is prepared here as plain
text (the template only places it), every number is rounded half away from zero with
:func:`~procure_app.core.formulas.rounded`, and money is written with
:func:`~procure_app.core.formatting.format_money` in the evaluation's currency.

Structure: title page, contents, 1 Procedure, 2 Rubric, 3 Gate results, 4 Scores, 5 Moderation,
6 Flags, 7 Sensitivity, 8 Award recommendation, Annex A (every score and justification).

Decisions
    * **Date**: an evaluation file has no date. The title page shows the date the bids were
      received by (the latest ``submitted``) and, when the caller passes ``report_date``, the date
      of the report; the document's created/modified properties use the report date, else the
      latest submission, else 1 January 2000, so the same inputs always give the same bytes.
    * **Language**: the report's text is English; dates and money are written the English way
      (``en-GB``).
    * **Totals** of ``award-on-value`` are fictional prices and are written as money; every other
      total, score and weight with 2 decimals (weights and sensitivity changes drop trailing zeros).
    * The report names the panel and every bidder: it is the buyer's internal record. The
      feedback letters (:mod:`.letters`) are what bidders see.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from ..atomic import write_bytes_atomic
from ..evaluation import (
    GATE_FAIL,
    GATE_NOT_ASSESSED,
    GATE_PASS,
    BidResult,
    CriterionResult,
    EvaluationResult,
    Exclusion,
    rounded,
)
from ..evaluation_file import EvaluationFile
from ..formatting import format_date, format_money, format_number
from ..rubric import Rubric
from ..sensitivity import SPLIT, SensitivityResult, Shift, TippingPoint
from .docx import clean_text
from .packaging import save_docx

__all__ = [
    "LANGUAGE",
    "FORMULA_NAMES",
    "report_template_path",
    "report_context",
    "render_evaluation_report",
    "write_evaluation_report",
    # shared with the feedback letters
    "EvaluationTemplate",
    "render_template",
    "score_text",
    "points_text",
    "money_text",
    "total_text",
    "datetime_text",
    "exclusion_reasons",
    "lot_phrase",
]

LANGUAGE = "en-GB"
DASH = "—"
FORMULA_NAMES = {
    "relative-lowest": "relative to the lowest price",
    "linear": "linear price score",
    "log": "logarithmic price score",
    "utility-index": "utility index",
    "value-for-money": "value for money (quality per unit of price)",
    "award-on-value": "award on value (fictional price)",
    "quality-only": "quality only (fixed price)",
    "price-only": "lowest price",
}
_HUNDRED = Decimal(100)
_ZERO = Decimal(0)
_FALLBACK_DAY = date(2000, 1, 1)

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


# --- shared with the letters: template, rendering, numbers -------------------------------------


def report_template_path() -> Path:
    from ...paths import resources_dir

    return resources_dir() / "templates" / "evaluation-report.docx"


class EvaluationTemplate(DocxTemplate):
    """docxtpl with the two whole-document passes the evaluation templates need.

    * ``resolve_listing`` cleans the rendered XML as the tender exporter does (:func:`clean_text`):
      XML-illegal characters removed, tabs and line breaks made spaces, so a value never changes
      the document's structure.
    * ``fix_tables`` gives the columns a ``{%tc for %}`` loop made (one per bid) an equal share of
      the width the template reserved for them, in the grid and in every cell, so the table keeps
      its width whatever the number of bids. Other tables keep their fixed widths.
    """

    def resolve_listing(self, xml: str) -> str:
        return clean_text(xml)

    def fix_tables(self, xml: str) -> Any:
        tree = etree.fromstring(xml, parser=etree.XMLParser(recover=True))
        for table in tree.iter(qn("w:tbl")):
            grid = table.find(qn("w:tblGrid"))
            if grid is None:
                continue
            columns = grid.findall(qn("w:gridCol"))
            rows = table.findall(qn("w:tr"))
            count = max((len(row.findall(qn("w:tc"))) for row in rows), default=len(columns))
            if count == len(columns) or not columns:
                continue
            widths = [int(column.get(qn("w:w"), "0")) for column in columns]
            first, rest = widths[0], sum(widths[1:])
            share = rest // max(count - 1, 1)
            new = [first] + [share] * (count - 1) if count > 1 else [first + rest]
            for column in columns:
                grid.remove(column)
            for width in new:
                grid.append(parse_xml(f'<w:gridCol {nsdecls("w")} w:w="{width}"/>'))
            for row in rows:
                for cell, width in zip(row.findall(qn("w:tc")), new, strict=False):
                    properties = cell.find(qn("w:tcPr"))
                    size = None if properties is None else properties.find(qn("w:tcW"))
                    if size is not None:
                        size.set(qn("w:w"), str(width))
                        size.set(qn("w:type"), "dxa")
        return tree


def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def render_template(template: Path, context: dict[str, Any], *, title: str, subject: str, stamp: date) -> bytes:
    """Render an evaluation template and return deterministic DOCX bytes.

    The document's language is :data:`LANGUAGE`, its title and subject the given ones, and its
    created and modified dates ``stamp`` at 09:00 (fixed, so the bytes are reproducible).
    """
    document = EvaluationTemplate(str(template))
    document.render(context, jinja_env=_environment())
    docx = document.docx
    defaults = docx.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    rpr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="{LANGUAGE}" w:eastAsia="{LANGUAGE}" w:bidi="{LANGUAGE}"/>'))
    properties = docx.core_properties
    moment = datetime.combine(stamp, time(9, 0))
    properties.title = clean_text(title)
    properties.subject = clean_text(subject)
    properties.author = "Procure"
    properties.last_modified_by = "Procure"
    properties.language = LANGUAGE
    properties.keywords = "evaluation"
    properties.comments = "Made with Procure"
    properties.created = moment
    properties.modified = moment
    properties.revision = 1
    return save_docx(docx)


def score_text(value: Decimal | None) -> str:
    """A score, quality or total with 2 decimals (``—`` when there is none)."""
    return DASH if value is None else format_number(rounded(value, 2), LANGUAGE, places=2)


def points_text(value: Decimal) -> str:
    """A weight or a change of weight: rounded to 2 decimals, trailing zeros dropped (``17.7``)."""
    return format_number(rounded(value, 2), LANGUAGE)


def money_text(value: Decimal | None, currency: str) -> str:
    """An amount rounded to the cent, in ``currency`` (``—`` when there is none)."""
    return DASH if value is None else format_money(rounded(value, 2), currency, LANGUAGE)


def total_text(result: EvaluationResult, value: Decimal | None, currency: str) -> str:
    """A total ``T``: money for ``award-on-value`` (a fictional price), otherwise a score."""
    if value is not None and result.formula == "award-on-value":
        return money_text(value, currency)
    return score_text(value)


def datetime_text(value: datetime | None) -> str:
    """``5 April 2027, 16:12`` (the time only when the file gives one)."""
    if value is None:
        return "not recorded"
    day = format_date(value.date(), LANGUAGE)
    return day if value.time() == time(0, 0) else f"{day}, {value:%H:%M}"


def _whole(value: Decimal) -> str:
    return format_number(value, LANGUAGE)


def lot_phrase(evaluation: EvaluationFile) -> str:
    """``lot 1 of `` or nothing, to put before "the tender …"."""
    return f"lot {evaluation.lot} of " if evaluation.lot else ""


def exclusion_reasons(rubric: Rubric, bid: BidResult) -> list[str]:
    """Why ``bid`` is excluded, one sentence per reason, in the rubric's words."""
    return [_exclusion_reason(rubric, bid, exclusion) for exclusion in bid.exclusions]


def _exclusion_reason(rubric: Rubric, bid: BidResult, exclusion: Exclusion) -> str:
    if exclusion.kind == "gate" and exclusion.subject:
        outcome = bid.gate(exclusion.subject)
        title = outcome.title if outcome else exclusion.subject
        reason = outcome.reason if outcome and outcome.reason else "no reason recorded"
        return f"Gate “{title}” not passed: {reason}"
    if exclusion.kind == "criterion-minimum" and exclusion.subject:
        criterion = rubric.criterion(exclusion.subject)
        result = bid.criterion(exclusion.subject)
        if criterion is not None and result is not None:
            return (
                f"Score {score_text(result.score)} on “{criterion.title}”, below the minimum of "
                f"{_whole(criterion.minimum or _ZERO)} that the tender documents set for this criterion"
            )
    if exclusion.kind == "group-minimum" and exclusion.subject:
        group = next((g for g in rubric.groups if g.id == exclusion.subject), None)
        outcome_group = bid.group(exclusion.subject)
        if group is not None and outcome_group is not None:
            return (
                f"{score_text(_HUNDRED * outcome_group.score)} % of the maximum on “{group.title}”, below the "
                f"minimum of {_whole(group.minimum or _ZERO)} % that the tender documents set for this group"
            )
    message = exclusion.message
    return message[:1].upper() + message[1:]


# --- the report's content ----------------------------------------------------------------------


def _bid_label(bid: BidResult) -> str:
    return f"{bid.bidder} ({bid.bid})"


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{_whole(Decimal(count))} {word if count == 1 else plural or word + 's'}"


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _references(guidelines: Iterable[str], clauses: Iterable[str] = ()) -> str:
    parts = []
    guidelines, clauses = list(guidelines), list(clauses)
    if guidelines:
        parts.append("Guidelines " + ", ".join(guidelines))
    if clauses:
        parts.append("clauses " + ", ".join(clauses))
    return "; ".join(parts) or DASH


def _fractions(weights: Sequence[Decimal]) -> list[Decimal]:
    total = sum(weights, _ZERO)
    return [_ZERO if total <= _ZERO else weight / total for weight in weights]


def _latest_submission(evaluation: EvaluationFile) -> datetime | None:
    return max((bid.submitted for bid in evaluation.bids if bid.submitted is not None), default=None)


class _Report:
    """Builds the report context from the rubric, the file, the result and the sensitivity."""

    def __init__(
        self,
        rubric: Rubric,
        evaluation: EvaluationFile,
        result: EvaluationResult,
        sensitivity: SensitivityResult,
        report_date: date | None,
    ) -> None:
        self.rubric = rubric
        self.evaluation = evaluation
        self.result = result
        self.sensitivity = sensitivity
        self.report_date = report_date
        self.currency = evaluation.currency
        self.evaluators = {e.id: e for e in evaluation.evaluators}
        self.criterion_titles = {c.id: c.title for _, c in rubric.criteria()}

    # helpers

    def money(self, value: Decimal | None) -> str:
        return money_text(value, self.currency)

    def total(self, value: Decimal | None) -> str:
        return total_text(self.result, value, self.currency)

    def name(self, bid_id: str | None) -> str:
        bid = self.result.bid(bid_id) if bid_id else None
        return _bid_label(bid) if bid else str(bid_id)

    def evaluator_name(self, evaluator_id: str) -> str:
        evaluator = self.evaluators.get(evaluator_id)
        return evaluator.name if evaluator else evaluator_id

    def individual(self, criterion: CriterionResult) -> list[str]:
        lines = [f"{self.evaluator_name(s.evaluator)}: {_whole(s.score)}" for s in criterion.scores]
        if criterion.aggregate is not None:
            lines.append(f"{self.rubric.aggregation.capitalize()}: {score_text(criterion.aggregate)}")
        return lines or ["No individual score"]

    # sections

    def context(self) -> dict[str, Any]:
        evaluation, result = self.evaluation, self.result
        lot = f"Lot {evaluation.lot} · " if evaluation.lot else ""
        toc = [{"level": level, "text": text} for level, text in HEADINGS.values()]
        annex = self.annex()
        toc.extend({"level": 2, "text": entry["heading"]} for entry in annex)
        context: dict[str, Any] = {
            "header": " · ".join(
                part
                for part in (evaluation.tender_reference, f"Lot {evaluation.lot}" if evaluation.lot else "")
                if part
            )
            + " · Evaluation report",
            "kicker": "Evaluation report" + (" (provisional)" if result.provisional else ""),
            "title": evaluation.tender_title,
            "subtitle": f"{lot}Reference {evaluation.tender_reference}",
            "facts": self.facts(),
            "h": {key: text for key, (_, text) in HEADINGS.items()},
            "toc_first": toc[0],
            "toc": toc[1:-1],
            "toc_last": toc[-1],
            "currency": self.currency,
            "annex": annex,
            "annex_intro": [
                "Every score each evaluator gave, with the justification in their own words, and the consensus "
                "scores the panel agreed (section 5). An evaluator who declared a conflict of interest on a bid "
                "did not score it."
            ],
        }
        for part in (
            self.procedure(),
            self.rubric_section(),
            self.gates(),
            self.scores(),
            self.moderation(),
            self.flags(),
            self.sensitivity_section(),
            self.recommendation(),
        ):
            context.update(part)
        return context

    def facts(self) -> list[dict[str, str]]:
        evaluation, result, rubric = self.evaluation, self.result, self.rubric
        latest = _latest_submission(evaluation)
        received = _plural(len(evaluation.bids), "bid")
        if latest is not None:
            received += f", the last on {format_date(latest.date(), LANGUAGE)}"
        winner = result.bid(result.winner) if result.winner else None
        rows = [
            ("Tender", evaluation.tender_title),
            ("Reference", evaluation.tender_reference),
            ("Lot", evaluation.lot or ""),
            ("Evaluation", evaluation.title),
            ("Date of this report", format_date(self.report_date, LANGUAGE) if self.report_date else ""),
            ("Bids received", received),
            ("Rubric", f"{rubric.title} (version {rubric.version})"),
            ("Award formula", FORMULA_NAMES.get(result.formula, result.formula).capitalize()),
            ("Status", "Provisional: see section 8" if result.provisional else "Final"),
            (
                "Recommended bid",
                _bid_label(winner) if winner and not result.provisional else "None: see section 8",
            ),
        ]
        return [{"label": label, "value": value} for label, value in rows if value]

    def procedure(self) -> dict[str, Any]:
        evaluation, result, rubric = self.evaluation, self.result, self.rubric
        criteria = _plural(sum(len(group.criteria) for group in rubric.groups), "quality criterion", "quality criteria")
        intro = [
            f"This report records how the evaluation panel assessed the {_plural(len(evaluation.bids), 'bid')} "
            f"received for {lot_phrase(evaluation)}the tender “{evaluation.tender_title}” (reference "
            f"{evaluation.tender_reference}), and the result.",
            f"The bids were assessed against the rubric “{rubric.title}” (version {rubric.version}): first on "
            f"{_plural(len(rubric.gates), 'pass/fail gate')}, then on {criteria} "
            f"in {_plural(len(rubric.groups), 'group')} and on price, combined by the award formula "
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
        bids = [
            {
                "id": bid.bid,
                "bidder": bid.bidder,
                "sme": "Yes" if bid.sme else "No",
                "submitted": datetime_text(bid.submitted),
                "price": self.money(bid.price) if bid.price is not None else "No valid price",
            }
            for bid in result.bids
        ]
        panel = []
        conflicts = []
        for evaluator in evaluation.evaluators:
            declared = [self.name(bid) for bid in evaluator.conflicts]
            panel.append(
                {
                    "name": evaluator.name,
                    "role": evaluator.role or DASH,
                    "conflicts": "; ".join(declared) if declared else "None declared",
                    "signature": "",
                }
            )
            for bid_id in evaluator.conflicts:
                others = [e.name for e in evaluation.evaluators if e.id != evaluator.id and bid_id not in e.conflicts]
                conflicts.append(
                    f"{evaluator.name} declared a conflict of interest on {self.name(bid_id)} and did not score "
                    f"it: its criterion scores are those of the other evaluators ({', '.join(others) or 'none'}). "
                    "Procure ignores any score by an evaluator on a bid they declared a conflict on."
                )
        if conflicts:
            conflicts.append(
                "Any further measure the panel took (for example an evaluator leaving the meeting while the bid "
                "was discussed) belongs in the minutes of the panel."
            )
        else:
            conflicts = ["No evaluator declared a conflict of interest on any bid."]
        return {
            "procedure_intro": intro,
            "bids": bids,
            "no_bids": ["No bids were received."],
            "price_note": [self.price_basis_sentence()] if bids else [],
            "panel_intro": [
                f"The panel of {_plural(len(evaluation.evaluators), 'evaluator')} scored the bids. Each evaluator's "
                "scores and justifications are in Annex A."
            ],
            "panel": panel,
            "conflicts": conflicts,
        }

    def price_basis_sentence(self) -> str:
        price = self.rubric.price
        if price.basis == "capex":
            return "P is the price the award formula compares: the capital cost alone."
        rate = price.discount_rate
        discount = (
            f", yearly costs discounted at {points_text(rate)} % a year"
            if rate is not None and rate != _ZERO
            else ", without discounting"
        )
        return (
            "P is the price the award formula compares: the lifecycle cost, that is the capital cost plus the "
            f"yearly operating and maintenance costs over the contract years{discount}."
        )

    def rubric_section(self) -> dict[str, Any]:
        rubric = self.rubric
        intro = [_one_line(rubric.description)] if rubric.description.strip() else []
        intro.append(
            f"Rubric “{rubric.title}”, id {rubric.id}, version {rubric.version}"
            + (
                f", references: {_references(rubric.references.guidelines, rubric.references.clauses)}."
                if (rubric.references.guidelines or rubric.references.clauses)
                else "."
            )
        )
        gates = [
            {
                "title": gate.title,
                "description": _one_line(gate.description) or DASH,
                "references": _references(gate.references.guidelines, gate.references.clauses),
            }
            for gate in rubric.gates
        ]
        group_fractions = _fractions([group.weight for group in rubric.groups])
        groups = []
        for index, (group, fraction) in enumerate(zip(rubric.groups, group_fractions, strict=True), start=1):
            criterion_fractions = _fractions([c.weight for c in group.criteria])
            intro_parts = [f"Weight {points_text(_HUNDRED * fraction)} % of the quality score."]
            if group.minimum is not None:
                intro_parts.append(
                    f"Minimum {points_text(group.minimum)} % of the group's maximum: a bid below it is excluded."
                )
            if group.references.guidelines:
                intro_parts.append(f"Guidelines {', '.join(group.references.guidelines)}.")
            rows = []
            for criterion, share in zip(group.criteria, criterion_fractions, strict=True):
                minimum = DASH if criterion.minimum is None else points_text(criterion.minimum)
                if rubric.award.formula == "award-on-value" and criterion.value_per_level is not None:
                    minimum += f"; {self.money(criterion.value_per_level)} a point"
                rows.append(
                    {
                        "title": criterion.title,
                        "weight": f"{points_text(_HUNDRED * share)} %",
                        "share": f"{points_text(_HUNDRED * fraction * share)} %",
                        "minimum": minimum,
                        "references": ", ".join(criterion.references.guidelines) or DASH,
                    }
                )
            groups.append({"heading": f"2.2.{index} {group.title}", "intro": " ".join(intro_parts), "criteria": rows})
        top = rubric.scale_max if rubric.scale else 0
        return {
            "rubric_intro": intro,
            "gates": gates,
            "no_gates": ["The rubric has no gates: every bid went straight to scoring."],
            "quality_intro": [
                f"The quality score Q (0–100) is built from {_plural(len(rubric.groups), 'group')} of criteria. "
                "A group's weight is its share of the quality score; a criterion's weight is its share of its "
                "group, and its share of quality is the product of the two. A criterion minimum is a score on "
                "the rating scale; a bid scoring below it is excluded."
            ],
            "groups": groups,
            "scale_intro": [
                "Every criterion is scored on this scale, in whole numbers from "
                f"{rubric.scale_min if rubric.scale else 0} to {top}."
            ],
            "scale": [
                {"score": str(level.score), "label": level.label, "descriptor": _one_line(level.descriptor)}
                for level in rubric.scale
            ],
            "scoring_intro": ["Scoring rules:"],
            "scoring_rules": self.scoring_rules(),
            **self.award_texts(),
            "tie_rule": self.tie_rule(),
        }

    def scoring_rules(self) -> list[str]:
        rubric = self.rubric
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

    def award_texts(self) -> dict[str, list[str]]:
        result, rubric = self.result, self.rubric
        wq, wp = points_text(result.quality_weight), points_text(result.price_weight)
        formula = result.formula
        top = _whole(Decimal(rubric.scale_max)) if rubric.scale else "M"
        words: list[str]
        formulas: list[str]
        weighted = f"Quality counts for {wq} points and price for {wp}."
        if formula == "relative-lowest":
            words = [
                weighted,
                "The lowest price gets the full price score; any other price the lowest price divided by it.",
            ]
            formulas = ["T = WQ · Q / 100 + WP · S", "S = Pbest / P"]
        elif formula == "linear":
            words = [
                weighted,
                "The lowest price scores 1 and the highest 0, the prices between in proportion; when all prices "
                "are equal, every bid scores 1.",
            ]
            formulas = ["T = WQ · Q / 100 + WP · S", "S = (Pmax − P) / (Pmax − Pmin)"]
        elif formula == "log":
            ratio = rubric.award.parameter("zero_ratio")
            a = points_text(ratio) if ratio is not None else "A"
            words = [
                weighted,
                f"The price score falls with the logarithm of a price's ratio to the lowest price and reaches 0 at "
                f"{a} times the lowest price.",
            ]
            formulas = ["T = WQ · Q / 100 + WP · S", f"S = max(0, 1 − ln(P / Pbest) / ln {a})"]
        elif formula == "utility-index":
            words = [
                f"Each bid's shortfall in quality against the best quality, weighed {wq} to {wp} against price, "
                "reduces its price ratio to the lowest price; the highest index wins."
            ]
            formulas = ["T = 100 · (1 − (Qbest − Q) / 100 · WQ / WP) · Pbest / P"]
        elif formula == "value-for-money":
            scale = rubric.award.parameter("scale", Decimal(1_000_000)) or Decimal(1_000_000)
            words = [f"Quality points per {self.money(scale)} of price; the highest value wins."]
            formulas = [f"T = Q / P · {_whole(scale)}"]
        elif formula == "award-on-value":
            words = [
                "Each point of a criterion's score is worth a fixed amount (in section 2.2), deducted from the "
                "price to give a fictional price; the lowest fictional price wins."
            ]
            formulas = ["T = P − Σ value per point(c) · a(c)"]
        elif formula == "quality-only":
            words = ["Quality alone decides (the price is fixed or not compared); the price is recorded only."]
            formulas = ["T = Q"]
        else:  # price-only
            words = ["The lowest price wins; quality is not scored."]
            formulas = ["T = 100 · Pbest / P"]
        formulas += [
            "Q = 100 · Σ W(G) · g(G)",
            f"g(G) = Σ w(c) · a(c) / {top}",
        ]
        basis = self.rubric.price
        if basis.basis == "capex":
            formulas.append("P = capex")
        elif basis.discount_rate is not None and basis.discount_rate != _ZERO:
            formulas.append(
                f"P = capex + Σ t=1…years (opex + maintenance) / (1 + {points_text(basis.discount_rate)} %)^t"
            )
        else:
            formulas.append("P = capex + years · (opex + maintenance)")
        symbols = [
            f"Where T is the total, Q the quality score (0–100), P the price, S the price score (0–1), "
            f"WQ = {wq} and WP = {wp} the quality and price weights, Pbest and Pmax the lowest and highest price "
            f"and Qbest the highest quality score of the bids in the competition; W(G) is a group's weight and "
            f"w(c) a criterion's weight as fractions, a(c) the criterion's score and {top} the top of the scale.",
            self.price_basis_sentence()
            + (" Ranking: the lowest total first." if result.lowest_wins else " Ranking: the highest total first."),
        ]
        return {"award_words": words, "award_formulas": formulas, "award_symbols": symbols}

    def tie_rule(self) -> list[str]:
        words = {
            "quality": "the higher quality score",
            "price": "the lower price",
            "submission": "the earlier submission",
        }
        rules = [words.get(rule, rule) for rule in self.rubric.tie_break]
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

    def gates(self) -> dict[str, Any]:
        labels = {GATE_PASS: "Pass", GATE_FAIL: "Fail", GATE_NOT_ASSESSED: "Not yet assessed"}
        rows = [
            {
                "bid": bid.bid,
                "gate": gate.title,
                "result": labels.get(gate.result, gate.result),
                "reason": _one_line(gate.reason) or DASH,
            }
            for bid in self.result.bids
            for gate in bid.gates
        ]
        exclusions = [
            {"bid": bid.bid, "bidder": bid.bidder, "reason": reason}
            for bid in self.result.bids
            for reason in exclusion_reasons(self.rubric, bid)
        ]
        return {
            "gate_results": rows,
            "no_gate_results": ["No gate results: the rubric has no gates, or no bids were received."],
            "exclusions": exclusions,
            "no_exclusions": ["No bid is excluded."],
        }

    def scores(self) -> dict[str, Any]:
        result, rubric = self.result, self.rubric
        ordered = sorted(result.bids, key=lambda b: (b.rank is None, b.rank or 0))
        ranks = [bid.rank for bid in result.bids if bid.rank is not None]
        totals = []
        for bid in ordered:
            if bid.rank is not None:
                rank = str(bid.rank) + (" (tie)" if ranks.count(bid.rank) > 1 else "")
            else:
                rank = "Excluded" if bid.excluded else "Not ranked"
            price = self.money(bid.price) if bid.price is not None else "No valid price"
            if bid.abnormally_low:
                price += " †"
            totals.append(
                {
                    "rank": rank,
                    "bid": bid.bid,
                    "bidder": bid.bidder,
                    "quality": score_text(bid.quality) if any(c.scored for c in bid.criteria) else DASH,
                    "price": price,
                    "price_score": score_text(bid.price_score),
                    "total": self.total(bid.total),
                }
            )
        notes = []
        if any(bid.abnormally_low for bid in result.bids):
            notes.append("† abnormally low price: the buyer must ask the bidder to explain it (section 6.1).")
        if result.formula in ("utility-index", "value-for-money", "award-on-value", "quality-only"):
            notes.append(f"The formula “{FORMULA_NAMES[result.formula]}” has no separate price score S.")
        if result.formula == "award-on-value":
            notes.append("T is a fictional price: the price less the value of the quality points; lowest first.")
        notes.extend(tie.message + "." for tie in result.tie_breaks)
        if any(bid.excluded for bid in result.bids):
            notes.append(
                "An excluded bid keeps its quality score and price for the record, but has no price score, total "
                "or rank."
            )
        columns = [bid.bid for bid in result.bids]
        group_rows = []
        for group in rubric.groups:
            cells = []
            for bid in result.bids:
                outcome = bid.group(group.id)
                scored = any(c.scored for c in bid.criteria if c.group == group.id)
                cells.append(f"{score_text(_HUNDRED * outcome.score)} %" if outcome and scored else DASH)
            weight = _fractions([g.weight for g in rubric.groups])[rubric.groups.index(group)]
            group_rows.append({"label": f"{group.title} ({points_text(_HUNDRED * weight)} %)", "cells": cells})
        group_rows.append(
            {
                "label": "Quality score Q",
                "cells": [
                    score_text(bid.quality) if any(c.scored for c in bid.criteria) else DASH for bid in result.bids
                ],
            }
        )
        criterion_rows = []
        for group in rubric.groups:
            fractions = _fractions([c.weight for c in group.criteria])
            for criterion, share in zip(group.criteria, fractions, strict=True):
                cells = []
                for bid in result.bids:
                    entry = bid.criterion(criterion.id)
                    if entry is None or entry.score is None:
                        cells.append(DASH)
                    else:
                        cells.append(score_text(entry.score) + ("*" if entry.has_consensus else ""))
                criterion_rows.append(
                    {"label": f"{criterion.title} ({points_text(_HUNDRED * share)} %)", "cells": cells}
                )
        top = _whole(Decimal(rubric.scale_max)) if rubric.scale else "M"
        return {
            "totals_intro": [
                "The bids in the competition, best first, then the excluded bids. Q, S and T are rounded to 2 "
                f"decimals; P is in {self.currency}."
            ],
            "total_label": "Fictional price T" if result.formula == "award-on-value" else "Total T",
            "totals": totals,
            "no_totals": ["No bids were received."],
            "totals_notes": notes,
            "bid_columns": columns,
            "groups_intro": [
                "Each group's score as a percentage of its maximum (100 · g); the last row is the quality "
                "score Q (0–100). A dash: not scored."
            ],
            "group_matrix": group_rows,
            "criteria_intro": [
                f"The score a(c) of each criterion on the scale from 0 to {top}: the {rubric.aggregation} of the "
                "evaluators' scores, or the consensus score the panel agreed. The weight in brackets is the "
                "criterion's share of its group."
            ],
            "criterion_matrix": criterion_rows,
            "criteria_notes": [
                "* consensus score agreed at moderation (section 5). A dash: not scored. The individual scores "
                "and their justifications are in Annex A."
            ],
        }

    def moderation(self) -> dict[str, Any]:
        rubric, result = self.rubric, self.result
        moderated = []
        flags = []
        for bid in result.bids:
            for criterion in bid.criteria:
                title = self.criterion_titles.get(criterion.criterion, criterion.criterion)
                if criterion.has_consensus:
                    moderated.append(
                        {
                            "bid": bid.bid,
                            "criterion": title,
                            "scores": self.individual(criterion),
                            "consensus": score_text(criterion.consensus),
                            "reason": _one_line(criterion.consensus_reason) or DASH,
                        }
                    )
                if criterion.needs_moderation:
                    flags.append(
                        {
                            "bid": bid.bid,
                            "criterion": title,
                            "scores": self.individual(criterion),
                            "spread": points_text(criterion.spread or _ZERO),
                        }
                    )
        spread = points_text(rubric.moderation_spread)
        return {
            "moderation_intro": [
                f"A criterion is flagged for moderation when the evaluators' scores differ by {spread} or more. The "
                "panel then discusses the evidence and may agree a consensus score, which replaces the "
                f"{rubric.aggregation}; the individual scores stay in the record (Annex A). The panel may also agree "
                "a consensus on a criterion that was not flagged."
            ],
            "moderated": moderated,
            "no_moderated": ["No score was moderated: the panel set no consensus score."],
            "open_flags": flags,
            "no_open_flags": [
                f"None: every criterion whose individual scores differ by {spread} or more has a consensus score."
            ],
            "open_flags_after": [
                f"Until the panel agrees these scores the {rubric.aggregation} of the individual scores is used. "
                "Moderate them before the award decision."
            ]
            if flags
            else [],
        }

    def flags(self) -> dict[str, Any]:
        rubric, result = self.rubric, self.result
        competition = result.competition
        flagged = [bid for bid in result.bids if bid.abnormally_low]
        if rubric.abnormally_low_percent is None:
            intro = ["The rubric does not flag abnormally low prices."]
        elif result.mean_price is None:
            intro = ["No bid in the competition has a valid price: there is nothing to compare."]
        else:
            priced = sum(1 for bid in competition if bid.price is not None)
            intro = [
                f"The mean valid price of the {_plural(priced, 'bid')} in the competition is "
                f"{self.money(result.mean_price)}; a price below {points_text(rubric.abnormally_low_percent)} % of "
                f"it ({self.money(result.abnormally_low_threshold)}) is abnormally low. "
                + (f"{_plural(len(flagged), 'bid is', 'bids are')} below it." if flagged else "No bid is below it.")
            ]
        rows = [
            {
                "bid": bid.bid,
                "bidder": bid.bidder,
                "price": self.money(bid.price),
                "share": f"{score_text(_HUNDRED * (bid.price or _ZERO) / result.mean_price)} %"
                if result.mean_price
                else DASH,
            }
            for bid in flagged
        ]
        duties = [
            "ask the bidder in writing to explain the price or the costs it proposes, for example the economics of "
            "its method, its technical solutions or exceptionally favourable conditions, its compliance with "
            "environmental, social and labour law and with subcontracting obligations, or State aid received;",
            "assess the explanation together with the evidence the bidder gives;",
            "reject the bid only if the evidence does not account for the low price, and reject it when the price "
            "is low because the bid does not comply with environmental, social or labour law obligations;",
            "record the request, the explanation and the decision in the procurement file.",
        ]
        notes = [note.message for note in result.notes]
        notes.extend(self.sensitivity.notes)
        if not notes:
            notes = [
                "No note on this result: no tie is left unbroken, no gate result or score is missing and the "
                "formula needed no fallback."
            ]
        return {
            "abnormal_intro": intro,
            "abnormal": rows,
            "abnormal_duties_intro": [
                "A flagged bid is not excluded automatically. Before the award decision the buyer must:"
            ],
            "abnormal_duties": duties,
            "result_notes": notes,
        }

    def shift_sentence(self, point: TippingPoint, shift: Shift, current: str | None) -> str:
        change = abs(shift.change)
        verb = "rose" if shift.change > 0 else "fell"
        if point.parameter == SPLIT:
            what = "the quality weight"
            other = "fell" if shift.change > 0 else "rose"
            tail = f", and the price weight {other} to {points_text(_HUNDRED - shift.weight)}"
        else:
            what = f"the weight of {point.title}"
            tail = ""
        if shift.new_winner is None:
            then = "no bid would rank first alone (a tie for rank 1)"
        else:
            then = f"{self.name(shift.new_winner)} would then rank first"
        lead = "The winner would change" if current is not None else "A single winner would emerge"
        return (
            f"{lead} if {what} {verb} by {points_text(change)} points, from {points_text(point.base_weight)} to "
            f"{points_text(shift.weight)}{tail}: {then}."
        )

    def sensitivity_section(self) -> dict[str, Any]:
        sensitivity, result = self.sensitivity, self.result
        current = result.winner
        other = "another winner" if current is not None else "a single winner"
        bullets = []
        for point in sensitivity.tipping_points:
            shifts = [shift for shift in (point.decrease, point.increase) if shift is not None]
            base = points_text(point.base_weight)
            what = "the quality weight" if point.parameter == SPLIT else f"the weight of {point.title}"
            if not shifts:
                bullets.append(f"No change of {what} (now {base}) between 0 and 100 gives {other}.")
                continue
            sentences = [self.shift_sentence(point, shift, current) for shift in shifts]
            if len(shifts) == 1:
                direction = "increase" if shifts[0].change < 0 else "decrease"
                sentences.append(f"No {direction} of it gives {other}.")
            bullets.append(" ".join(sentences))
        closest = min(
            ((abs(point.change), point) for point in sensitivity.tipping_points if point.change is not None),
            key=lambda pair: pair[0],
            default=None,
        )
        if closest is not None:
            change, point = closest
            what = "the quality weight" if point.parameter == SPLIT else f"the weight of {point.title}"
            after = [
                f"The smallest change that gives {other} is {points_text(change)} points, of {what}. The "
                "smaller this change, the more the result depends on the exact weights published."
            ]
        elif sensitivity.tipping_points and current is not None:
            after = ["No change of a single weight gives another winner: the result does not depend on the weights."]
        else:
            after = []
        both = result.formula in ("relative-lowest", "linear", "log", "utility-index")
        spread = sensitivity.perturbation_percent
        rank_one = [
            {
                "bid": entry.bid,
                "bidder": self.name(entry.bid).rsplit(" (", 1)[0],
                "count": f"{_whole(Decimal(entry.count))} of {_whole(Decimal(sensitivity.draws))}",
                "share": f"{points_text(_HUNDRED * entry.share)} %",
            }
            for entry in sensitivity.rank_one
        ]
        rank_after = []
        if current is not None:
            share = sensitivity.share(current)
            if share is not None:
                rank_after.append(
                    f"{self.name(current)} ranked first in {points_text(_HUNDRED * share)} % of the draws."
                )
        if sum(entry.count for entry in sensitivity.rank_one) > sensitivity.draws:
            rank_after.append("Bids sharing rank 1 in a draw each count it, so the shares add up to more than 100 %.")
        return {
            "sensitivity_intro": [
                "How firmly does the result depend on the published weights? Two tests recompute the totals with "
                "other weights, keeping the scores, the prices and the exclusions as they are.",
                *sensitivity.notes,
            ],
            "tipping_intro": [
                "For each group weight (the other group weights scaled in proportion so that they still sum to "
                "100)"
                + (" and for the split between quality and price" if both else "")
                + f", the smallest change, to 0.01 points, that gives {other}:"
            ],
            "tipping": bullets,
            "tipping_after": after,
            "rank_one_intro": [
                "Every weight (each group and criterion weight"
                + (", and the quality and price weights" if both else "")
                + f") was multiplied at random by a factor within ±{points_text(spread)} % in "
                f"{_plural(sensitivity.draws, 'draw')} with random seed {sensitivity.seed}, so the same file "
                "always gives the same numbers. How often each bid in the competition ranked first:"
            ],
            "rank_one": rank_one,
            "rank_one_after": rank_after,
        }

    def recommendation(self) -> dict[str, Any]:
        result = self.result
        winner = result.bid(result.winner) if result.winner else None
        lead: list[str]
        text: list[str] = []
        bullets: list[str] = []
        if winner is not None and not result.provisional:
            lead = [f"The panel recommends awarding the contract to {_bid_label(winner)}."]
        elif winner is not None:
            lead = [
                f"Provisional: {_bid_label(winner)} ranks first for now, but no award can be recommended until the "
                "evaluation is complete."
            ]
            bullets = [note.message for note in result.notes if note.code in ("incomplete-scores", "gates-pending")]
        else:
            lead = ["No award can be recommended."]
            bullets = [note.message for note in result.notes] or ["No bid ranks first alone."]
        if winner is not None and winner.total is not None:
            count = len(result.ranking)
            sentence = (
                (
                    "It is the only bid in the competition, with a "
                    if count == 1
                    else f"It ranks first of the {count} bids in the competition with a "
                )
                + f"{'fictional price' if result.lowest_wins else 'total'} of {self.total(winner.total)} "
                f"(quality {score_text(winner.quality)}, price {self.money(winner.price)})"
            )
            second_id = next((bid for bid in result.ranking if bid != winner.bid), None)
            second = result.bid(second_id) if second_id else None
            if second is not None and second.total is not None:
                gap = abs(rounded(winner.total, 2) - rounded(second.total, 2))
                unit = self.money(gap) if result.lowest_wins else f"{score_text(gap)} points"
                sentence += (
                    f", {unit} ahead of {_bid_label(second)}, ranked {_ordinal(second.rank or 2)} with "
                    f"{self.total(second.total)}."
                )
            else:
                sentence += "; no other bid is in the competition."
            text.append(sentence)
            share = self.sensitivity.share(winner.bid)
            if share is not None and self.sensitivity.draws:
                text.append(
                    f"It ranked first in {points_text(_HUNDRED * share)} % of the "
                    f"{_whole(Decimal(self.sensitivity.draws))} draws with perturbed weights (section 7)."
                )
            if winner.abnormally_low:
                text.append(
                    "Its price is abnormally low (section 6.1): the award decision must wait for the bidder's "
                    "explanation and the buyer's assessment of it."
                )
            for code in ("one-bid", "all-prices-equal", "formula-fallback"):
                note = result.note(code)
                if note is not None:
                    text.append(note.message)
        text.append(
            "Before the contract is signed every bidder is told the outcome and the reasons for it (the feedback "
            "letters), and the standstill period stated in the tender documents is observed."
        )
        return {
            "recommendation_lead": lead,
            "recommendation": text,
            "recommendation_list": bullets,
            "approval_intro": [
                "The members of the panel confirm that this report is a true record of their evaluation."
            ],
        }

    def annex(self) -> list[dict[str, Any]]:
        entries = []
        for index, bid in enumerate(self.result.bids, start=1):
            rows = []
            for criterion in bid.criteria:
                title = self.criterion_titles.get(criterion.criterion, criterion.criterion)
                for score in criterion.scores:
                    rows.append(
                        {
                            "criterion": title,
                            "evaluator": self.evaluator_name(score.evaluator),
                            "score": _whole(score.score),
                            "text": _one_line(score.justification) or DASH,
                        }
                    )
                if criterion.has_consensus:
                    rows.append(
                        {
                            "criterion": title,
                            "evaluator": "Panel consensus",
                            "score": score_text(criterion.consensus),
                            "text": _one_line(criterion.consensus_reason) or DASH,
                        }
                    )
            failed = any(e.kind == "gate" for e in bid.exclusions)
            empty = (
                "Not scored: the bid was excluded at a gate (section 3)."
                if failed
                else "No score has been recorded for this bid yet."
            )
            entries.append({"heading": f"A.{index} {_bid_label(bid)}", "rows": rows, "empty": empty})
        return entries


def report_context(
    rubric: Rubric,
    evaluation: EvaluationFile,
    result: EvaluationResult,
    sensitivity: SensitivityResult,
    report_date: date | None = None,
) -> dict[str, Any]:
    """Everything the report template shows, as plain data (strings, lists and dicts only)."""
    return _Report(rubric, evaluation, result, sensitivity, report_date).context()


def _stamp(evaluation: EvaluationFile, report_date: date | None) -> date:
    if report_date is not None:
        return report_date
    latest = _latest_submission(evaluation)
    return latest.date() if latest is not None else _FALLBACK_DAY


def render_evaluation_report(
    rubric: Rubric,
    evaluation: EvaluationFile,
    result: EvaluationResult,
    sensitivity: SensitivityResult,
    *,
    report_date: date | None = None,
    template: Path | None = None,
) -> bytes:
    """The evaluation report as DOCX bytes (the same inputs always give the same bytes)."""
    context = report_context(rubric, evaluation, result, sensitivity, report_date)
    lot = f", lot {evaluation.lot}" if evaluation.lot else ""
    return render_template(
        template or report_template_path(),
        context,
        title=f"Evaluation report: {evaluation.tender_title}{lot}",
        subject=f"Evaluation of the bids for tender {evaluation.tender_reference}{lot}",
        stamp=_stamp(evaluation, report_date),
    )


def write_evaluation_report(
    rubric: Rubric,
    evaluation: EvaluationFile,
    result: EvaluationResult,
    sensitivity: SensitivityResult,
    path: Path,
    *,
    report_date: date | None = None,
) -> None:
    """Render and write the report atomically; raises :class:`~procure_app.core.atomic.WriteError`."""
    write_bytes_atomic(
        Path(path), render_evaluation_report(rubric, evaluation, result, sensitivity, report_date=report_date)
    )
