"""Feedback letters: one letter per bidder with the outcome of its bid and the reasons for it.

Modern procurement law asks the buyer to tell every bidder the outcome and the relative
advantages of the winning bid: its name and its scores. A letter therefore holds the bidder's own
outcome (winner, not selected, excluded with the reason), its rank out of the bids ranked, a table
of its score on every criterion next to the winning bid's score with the reasons for its own score
(the panel's consensus reason, or the evaluators' justifications without their names), and its
quality score, price, price score and total next to the winner's. It names no other bidder than the
winner and gives nothing else about the other bids. The sentence on the standstill period and on
complaints is a neutral placeholder the buyer edits to match the tender documents.

Letters are rendered through ``resources/templates/feedback-letter.docx`` exactly as the report
is (see :mod:`.report`): sandboxed, autoescaped, deterministic. :func:`write_letters`
renders every letter first, then writes each file atomically into an existing, writable folder.

Decisions
    * **File names**: ``<slug of the bidder name>_<bid id>.docx`` (``civic-stack-cooperative-ltd_bid-a.docx``).
      Neither part holds ``_``, so two bids never share a file name; a name with nothing to slug
      gives ``bidder_<bid id>.docx``.
    * **Provisional results** and results without a winner still give letters, so the buyer can
      prepare them, but a provisional letter says at the top that it is a draft not to be sent.
    * **Date**: the letter is dated ``letter_date`` when given, otherwise it carries the placeholder
      "[date of dispatch]"; the document properties use the latest submission date (as the report).
"""

from __future__ import annotations

import os
import re
import unicodedata
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..base.atomic import WriteError, write_bytes_atomic
from ..base.formatting import format_date
from ..rubric.award_formulas import award_formula
from ..rubric.model import Rubric
from .engine import BidResult, CriterionResult, EvaluationResult
from .evaluation_file import EvaluationFile
from .report.gates import exclusion_reasons
from .report.rendering import document_date, render_template
from .report.text import (
    DASH,
    HUNDRED,
    LANGUAGE,
    fractions,
    lot_phrase,
    money_text,
    one_line,
    ordinal,
    points_text,
    score_text,
    total_text,
)

__all__ = [
    "letter_template_path",
    "letter_file_name",
    "letter_context",
    "render_letter",
    "write_letters",
]

_SLUG_LENGTH = 60
# Letters NFKD does not take apart into a base letter and accents.
_TRANSLITERATE = str.maketrans(
    {
        "Æ": "AE",
        "æ": "ae",
        "Ø": "O",
        "ø": "o",
        "ß": "ss",
        "Œ": "OE",
        "œ": "oe",
        "Đ": "D",
        "đ": "d",
        "Ł": "L",
        "ł": "l",
        "Þ": "Th",
        "þ": "th",
        "ı": "i",
    }
)
HEADINGS = {
    "outcome": "The outcome of your bid",
    "scores": "How your bid was scored",
    "totals": "Your totals",
    "next": "Further information",
}


def letter_template_path() -> Path:
    from ...paths import resources_dir

    return resources_dir() / "templates" / "feedback-letter.docx"


def _slug(text: str) -> str:
    ascii_text = (
        unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE)).encode("ascii", "ignore").decode("ascii").lower()
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:_SLUG_LENGTH].rstrip("-") or "bidder"


def letter_file_name(bid: BidResult) -> str:
    """``<slug of the bidder name>_<bid id>.docx``: unique per bid, safe on every file system."""
    return f"{_slug(bid.bidder)}_{_slug(bid.bid)}.docx"


class _Letter:
    def __init__(
        self, rubric: Rubric, evaluation: EvaluationFile, result: EvaluationResult, bid: BidResult, when: date | None
    ) -> None:
        self.rubric = rubric
        self.evaluation = evaluation
        self.result = result
        self.bid = bid
        self.when = when
        self.currency = evaluation.currency
        winner = result.bid(result.winner) if result.winner else None
        self.winner = winner if winner is not None and winner.bid != bid.bid else None
        self.is_winner = result.winner == bid.bid

    def context(self) -> dict[str, Any]:
        criteria = self.criteria()
        return {
            **self.letterhead(),
            "h": HEADINGS,
            **self.outcome(),
            "scores_intro": self.scores_intro(criteria),
            "criteria": criteria,
            "compare": self.winner is not None,
            "winner_column": "Bid ranked first" if self.result.provisional else "Winning bid",
            "scores_notes": self.scores_notes(criteria),
            "totals_intro": self.totals_intro(),
            "totals": self.totals(),
            "next_steps": self.next_steps(),
            "closing": "Yours faithfully,",
            "signature": "[Name and position], for the contracting authority",
        }

    def letterhead(self) -> dict[str, Any]:
        """From the header down to the opening paragraph."""
        evaluation, bid = self.evaluation, self.bid
        lot = f", lot {evaluation.lot}" if evaluation.lot else ""
        draft = []
        if self.result.provisional:
            draft = [
                "Draft, not to be sent: the evaluation is still provisional (some gates are not yet assessed or "
                "some criteria not yet scored). Send this letter only once the evaluation is final."
            ]
        return {
            "header": f"{evaluation.tender_reference}{lot} · Outcome of your bid",
            "draft": draft,
            "address": [
                f"To: {bid.bidder}",
                f"Your bid: {bid.bid}",
                f"Date: {format_date(self.when, LANGUAGE) if self.when else '[date of dispatch]'}",
            ],
            "title": f"Outcome of your bid: {evaluation.tender_title}",
            "subtitle": f"Reference {evaluation.tender_reference}{lot}",
            "salutation": f"Dear {bid.bidder},",
            "opening": [
                f"Thank you for your bid for {lot_phrase(evaluation)}the tender “{evaluation.tender_title}” "
                f"(reference {evaluation.tender_reference}). The evaluation of the bids is "
                + ("still in progress." if self.result.provisional else "complete.")
                + " This letter tells you its outcome for your bid and the reasons for it."
            ],
        }

    # the outcome

    def rank_sentence(self) -> str:
        bid, result = self.bid, self.result
        ranked = len(result.ranking)
        if bid.rank is None:
            return ""
        shared = sum(1 for other in result.bids if other.rank == bid.rank) > 1
        equal = ", equal with another bid," if shared else ""
        if ranked == 1:
            return "Your bid was the only bid ranked."
        return f"Your bid ranked {ordinal(bid.rank)}{equal} of the {ranked} bids that were ranked."

    def outcome(self) -> dict[str, list[str]]:
        if self.bid.excluded:
            return _outcome(
                ["Your bid was excluded from the competition and was not ranked."],
                ["The reasons:"],
                exclusion_reasons(self.rubric, self.bid),
                self.excluded_after(),
            )
        return _outcome(*self.ranked())

    def excluded_after(self) -> list[str]:
        """What an excluded bidder is told about the rest of the procedure."""
        winner, result = self.winner, self.result
        if winner is not None and result.provisional:
            return [f"For now, the bid of {winner.bidder} ranks first."]
        if winner is not None:
            return [f"The contracting authority intends to award the contract to {winner.bidder}."]
        if result.note("all-excluded") is not None:
            return ["No bid could be accepted, so the contract cannot be awarded in this procedure."]
        return []

    def ranked(self) -> tuple[list[str], list[str]]:
        """The lead and the text for a bid that was not excluded."""
        winner, result = self.winner, self.result
        if self.is_winner:
            return self.winning()
        if winner is not None and result.provisional:
            return ["Your bid does not rank first for now."], [
                self.rank_sentence(),
                f"For now, the bid of {winner.bidder} ranks first.",
            ]
        if winner is not None:
            return ["Your bid was not selected."], [
                self.rank_sentence(),
                f"The contracting authority intends to award the contract to {winner.bidder}, whose bid ranked first.",
            ]
        return self.undecided()

    def winning(self) -> tuple[list[str], list[str]]:
        if self.result.provisional:
            return ["Your bid ranks first for now."], [self.rank_sentence()]
        return ["Your bid is the most economically advantageous tender."], [
            self.rank_sentence(),
            "The contracting authority intends to award the contract to you. The contract will be signed "
            "only after the standstill period.",
        ]

    def undecided(self) -> tuple[list[str], list[str]]:
        """No winner is named: a tie for the first rank, no decision yet, or the bid is not ranked yet."""
        if self.bid.rank == 1:
            return ["No bid has been selected yet."], [
                self.rank_sentence(),
                "The tie-break rules of the tender documents could not separate the bids that share the first "
                "rank. The contracting authority will settle the tie as the tender documents say and will write "
                "to you again.",
            ]
        if self.bid.rank is not None:
            return ["No bid has been selected yet."], [
                self.rank_sentence(),
                "The contracting authority will write to you again once the award decision is taken.",
            ]
        return ["Your bid has not been ranked yet."], [
            "The contracting authority will write to you again once the evaluation is complete."
        ]

    # scores

    def criteria(self) -> list[dict[str, Any]]:
        bid, groups = self.bid, self.rubric.groups
        if not any(c.scored for c in bid.criteria):
            return []
        rows = []
        top = Decimal(self.rubric.scale_max) if self.rubric.scale else None
        for group, group_fraction in zip(groups, fractions([g.weight for g in groups]), strict=True):
            for criterion, share in zip(group.criteria, fractions([c.weight for c in group.criteria]), strict=True):
                own = bid.criterion(criterion.id)
                theirs = self.winner.criterion(criterion.id) if self.winner else None
                rows.append(
                    {
                        "criterion": f"{criterion.title} ({points_text(HUNDRED * group_fraction * share)} % of "
                        "quality)",
                        "own": self.score(own.score if own else None, top),
                        "winner": self.score(theirs.score if theirs else None, top),
                        "reasons": _reasons(own),
                    }
                )
        return rows

    @staticmethod
    def score(value: Decimal | None, top: Decimal | None) -> str:
        if value is None:
            return DASH
        return score_text(value) + (f" of {points_text(top)}" if top is not None else "")

    def scores_intro(self, criteria: list[dict[str, Any]]) -> list[str]:
        if not criteria:
            if self.bid.excluded:
                return ["Your bid was excluded before its quality was scored."]
            return ["Your bid has not been scored yet."]
        aggregation = self.rubric.aggregation
        text = (
            f"Each criterion was scored from 0 to {self.rubric.scale_max} by the evaluation panel. Your score is the "
            f"{aggregation} of the evaluators' scores, or the score the panel agreed at moderation; the reasons are "
            "the panel's own words."
        )
        if self.winner is not None:
            which = "bid ranked first for now" if self.result.provisional else "winning bid"
            text += f" The {which}'s score is shown next to yours."
        return [text]

    def scores_notes(self, criteria: list[dict[str, Any]]) -> list[str]:
        return ["A dash: not scored."] if criteria and any(row["own"] == DASH for row in criteria) else []

    # totals

    def totals_intro(self) -> list[str]:
        result = self.result
        total = f"T = {points_text(result.quality_weight)} · Q / 100 + {points_text(result.price_weight)} · S"
        entry = award_formula(result.formula)
        says = entry.letter_price_score if entry is not None and entry.weighted else None
        formula = f"{total}, {says}" if says else None
        lines = [
            "Q is the quality score (0–100), P the price compared (as the tender documents define it), "
            + ("S the price score (0–1) and T the total" if formula else "and T the total")
            + (f": {formula}." if formula else ", by the award formula of the tender documents.")
        ]
        if self.bid.excluded:
            lines.append("An excluded bid gets no price score, total or rank.")
        return lines

    def totals(self) -> list[dict[str, str]]:
        bid, winner, result, currency = self.bid, self.winner, self.result, self.currency
        has_quality = any(c.scored for c in bid.criteria)
        rows = [
            _row("Quality score Q", _quality(bid) if has_quality else DASH, _quality(winner)),
            _row(
                "Price P",
                money_text(bid.price, currency) if bid.price is not None else "No valid price",
                money_text(winner.price if winner else None, currency),
            ),
        ]
        entry = award_formula(result.formula)
        if entry is not None and entry.price_score:
            rows.append(
                _row("Price score S", score_text(bid.price_score), score_text(winner.price_score if winner else None))
            )
        rows.append(
            _row(
                "Fictional price T" if result.formula == "award-on-value" else "Total T",
                total_text(result, bid.total, currency),
                total_text(result, winner.total if winner else None, currency),
            )
        )
        rows.append(_row("Rank", _rank(result, bid), _rank(result, winner)))
        return rows

    def next_steps(self) -> list[str]:
        lines = [
            "You may ask for further explanation of this decision within the period stated in the tender documents. "
            "The contracting authority will not sign the contract before the end of the standstill period stated "
            "there, and a complaint may be lodged as the tender documents describe.",
        ]
        if self.bid.abnormally_low and not self.bid.excluded:
            lines.append(
                "Your price is abnormally low compared with the other bids; the contracting authority has asked or "
                "will ask you to explain it in writing."
            )
        lines.append("Thank you for your interest in this tender.")
        return lines


def _outcome(
    lead: list[str], text: list[str], bullets: list[str] | None = None, after: list[str] | None = None
) -> dict[str, list[str]]:
    return {
        "outcome_lead": lead,
        "outcome": [line for line in text if line],
        "outcome_list": bullets or [],
        "outcome_after": after or [],
    }


def _reasons(own: CriterionResult | None) -> list[str]:
    """The reasons for a score: the panel's consensus reason, else the evaluators' justifications."""
    if own is not None and own.has_consensus:
        reasons = [one_line(own.consensus_reason)] if own.consensus_reason.strip() else []
    else:
        reasons = [one_line(s.justification) for s in (own.scores if own else ()) if s.justification.strip()]
    return reasons or ["No written reason recorded." if own and own.scored else "Not scored."]


def _row(label: str, own: str, theirs: str) -> dict[str, str]:
    return {"label": label, "own": own, "winner": theirs}


def _quality(bid: BidResult | None) -> str:
    return DASH if bid is None else score_text(bid.quality)


def _rank(result: EvaluationResult, bid: BidResult | None) -> str:
    if bid is None or bid.rank is None:
        return "Not ranked"
    return f"{ordinal(bid.rank)} of {len(result.ranking)}"


def letter_context(
    rubric: Rubric, evaluation: EvaluationFile, result: EvaluationResult, bid_id: str, letter_date: date | None = None
) -> dict[str, Any]:
    """Everything the letter template shows for one bid, as plain data."""
    bid = result.bid(bid_id)
    if bid is None:
        known = ", ".join(b.bid for b in result.bids) or "none"
        raise ValueError(f"the evaluation has no bid '{bid_id}' (its bids: {known})")
    return _Letter(rubric, evaluation, result, bid, letter_date).context()


def render_letter(
    rubric: Rubric,
    evaluation: EvaluationFile,
    result: EvaluationResult,
    bid_id: str,
    *,
    letter_date: date | None = None,
    template: Path | None = None,
) -> bytes:
    """The feedback letter for one bid as DOCX bytes (deterministic); ValueError for an unknown bid."""
    context = letter_context(rubric, evaluation, result, bid_id, letter_date)
    lot = f", lot {evaluation.lot}" if evaluation.lot else ""
    return render_template(
        template or letter_template_path(),
        context,
        title=context["title"],
        subject=f"Outcome of the evaluation for tender {evaluation.tender_reference}{lot}",
        stamp=document_date(evaluation, letter_date),
    )


def write_letters(
    rubric: Rubric,
    evaluation: EvaluationFile,
    result: EvaluationResult,
    folder: Path,
    *,
    letter_date: date | None = None,
) -> list[Path]:
    """Write one letter per bid into ``folder`` (which must exist and be writable); return the paths.

    Every letter is rendered before any is written, and each file is written atomically.
    Raises :class:`~procure_app.core.base.atomic.WriteError` with a sentence for the user.
    """
    folder = Path(folder)
    _check_folder(folder)
    letters = [
        (folder / letter_file_name(bid), render_letter(rubric, evaluation, result, bid.bid, letter_date=letter_date))
        for bid in result.bids
    ]
    for path, data in letters:
        write_bytes_atomic(path, data)
    return [path for path, _ in letters]


def _check_folder(folder: Path) -> None:
    """Raise :class:`~procure_app.core.base.atomic.WriteError` unless ``folder`` is a writable folder."""
    if not folder.exists():
        raise WriteError(
            f"cannot write the letters: the folder {folder} does not exist; create it or choose another folder"
        )
    if not folder.is_dir():
        raise WriteError(f"cannot write the letters: {folder} is a file, not a folder; choose a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise WriteError(
            f"cannot write the letters: permission denied for the folder {folder}, which is read-only; choose "
            "another folder"
        )
