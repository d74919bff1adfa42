"""What an import would change, as the rows of the table the officer reads before confirming (no Qt).

A scoresheet's :class:`~procure_app.core.project.panel.scoresheets.plan.ImportPlan` becomes one row per score or
declaration that changes: what happens, the bid, the criterion, the value in the project now, the
value on the scoresheet and the cell it came from. A bidder's response form becomes a short table
of what it would store (its price only as "sealed" while the price envelope is).
"""

from __future__ import annotations

from decimal import Decimal

from ...core.project.panel.responses.importer import COMPLIANCE_WORDS, ResponseImportPlan
from ...core.project.panel.scoresheets.plan import DeclarationChange, ImportPlan, ScoreChange
from .project_jobs import ProjectSnapshot

__all__ = ["SCORESHEET_HEADERS", "RESPONSE_HEADERS", "scoresheet_rows", "response_rows", "score_words"]

SCORESHEET_HEADERS = ("Change", "Bid", "Criterion", "Now in the project", "On the scoresheet", "Cell")
KIND_WORDS = {"added": "added", "changed": "changed", "removed": "removed", "unchanged": "unchanged"}


def score_words(value: tuple[Decimal, str] | None, *, limit: int = 90) -> str:
    """A score and its justification in one cell: ``4 — why`` (``—`` alone for no score)."""
    if value is None:
        return "—"
    score, why = value
    number = format(score.normalize(), "f") if score == score.to_integral_value() else format(score, "f")
    why = " ".join(why.split())
    if len(why) > limit:
        why = why[: limit - 1] + "…"
    return f"{number} — {why}" if why else number


def _declaration(conflicted: bool, statement: str) -> str:
    words = "conflict of interest" if conflicted else "no conflict"
    return f"{words}: {statement}" if statement.strip() else words


def scoresheet_rows(plan: ImportPlan, snapshot: ProjectSnapshot | None) -> tuple[tuple[str, ...], list[list[str]]]:
    """The headers and one row per change of ``plan`` (declarations first, as the plan lists them)."""
    bids = snapshot.bids if snapshot is not None else {}
    titles = {c.id: c.title for c in snapshot.criteria} if snapshot is not None else {}
    rows: list[list[str]] = []
    for change in plan.changes:
        bid = f"{bids.get(change.bid, change.bid)} ({change.bid})"
        if isinstance(change, DeclarationChange):
            old = "—" if change.old is None else _declaration(change.old.conflicted, change.old.statement)
            new = _declaration(change.conflicted, change.statement)
            rows.append([f"declaration {KIND_WORDS.get(change.kind, change.kind)}", bid, "—", old, new, ""])
        elif isinstance(change, ScoreChange):
            kind = KIND_WORDS.get(change.kind, change.kind)
            if change.kind == "changed" and change.old and change.new and change.old[0] == change.new[0]:
                kind = "justification changed"
            criterion = titles.get(change.criterion, change.criterion)
            rows.append(
                [f"score {kind}", bid, criterion, score_words(change.old), score_words(change.new), change.cell]
            )
    return SCORESHEET_HEADERS, rows


RESPONSE_HEADERS = ("", "On the response form")


def response_rows(plan: ResponseImportPlan) -> tuple[tuple[str, ...], list[list[str]]]:
    """What importing a bidder's response form would store, one fact a row; warnings and notes last."""
    form = plan.form
    rows = [["Bid", f"{plan.bid} ({plan.bidder})" + (" — replaces the bid's details" if plan.replaces else " — new")]]
    if form.has_identity:
        rows.append(["SME", "not stated" if form.sme is None else "yes" if form.sme else "no"])
        rows.append(["Submitted", form.submitted or "not stated"])
    answers = ", ".join(f"{plan.counts.get(key, 0)} {words}" for key, words in COMPLIANCE_WORDS.items())
    rows.append(["Requirements", f"{plan.counts.get('requirements', 0)}: {answers}"])
    lot = f" (lot {form.lot})" if form.lot else ""
    if form.price is None:
        rows.append(["Price", f"none{lot}"])
    elif plan.prices_sealed:
        rows.append(["Price", f"a price sheet{lot}, kept sealed until quality scoring is locked"])
    else:
        rows.append(["Price", f"lifecycle cost {form.price.lifecycle:,.2f}{lot}"])
    rows += [["Warning", text] for text in plan.warnings]
    rows += [["Note", text] for text in plan.notes]
    return RESPONSE_HEADERS, rows
