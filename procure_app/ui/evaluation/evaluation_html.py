"""The HTML the Evaluation tab shows: header and outcome, a bid, sensitivity, checks and the status bar.

Pure functions, no Qt. Bidder names, reasons and justifications come from the evaluation file,
which is untrusted: every value from it is escaped, so ``<b>`` or ``&`` in a name stays text.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape
from pathlib import Path

from ...core.base.formatting import format_date
from ...core.evaluation.engine import GATE_FAIL, GATE_PASS, BidResult, CriterionResult, EvaluationResult
from ...core.evaluation.evaluation_file import EvaluationFile
from ...core.evaluation.run import EvaluationRun
from ...core.evaluation.sensitivity import SPLIT, SensitivityResult, Shift, TippingPoint
from ...core.rubric.award_formulas import award_formula
from ...core.rubric.model import Rubric
from .evaluation_jobs import EvaluationState, ExportResult
from .evaluation_model import DASH, bid_flags, money_text, number_text, points_text, total_text

__all__ = [
    "STYLE",
    "loading_html",
    "header_html",
    "outcome_html",
    "blocked_html",
    "bid_detail_html",
    "tipping_sentences",
    "sensitivity_html",
    "rank_one_note",
    "rank_one_rows",
    "checks_verdict",
    "checks_tab_title",
    "status_html",
    "exported_html",
]

_HUNDRED = Decimal(100)
STYLE = """
<style>
  h2 { margin-bottom: 2px; }
  h4 { margin-bottom: 0px; }
  .meta { color: #555; }
  .box { background: #f6f7f9; padding: 6px; }
  .warn { color: #8a5300; }
  .error { color: #a40000; }
  .win { color: #1d6b2c; }
</style>
"""


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def _score(value: Decimal) -> str:
    """A whole score as written in the file: ``4``, not ``4.00``."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def _name(result: EvaluationResult, bid_id: str | None) -> str:
    """``Bidder (bid-id)``, escaped."""
    bid = result.bid(bid_id) if bid_id else None
    return f"{escape(bid.bidder)} ({escape(bid.bid)})" if bid else escape(bid_id or "")


# --- the header and the outcome ---------------------------------------------------------------


def loading_html(path: Path) -> str:
    """The header while a file is being opened."""
    return f"{STYLE}<h2>Opening {escape(path.name)} …</h2>"


def _award(rubric: Rubric, result: EvaluationResult) -> str:
    entry = award_formula(result.formula)
    words, symbols = (entry.app_name, entry.app_symbols) if entry is not None else (result.formula, "")
    parameters = [f"{name} = {points_text(value)}" for name, value in rubric.award.parameters]
    if parameters:
        symbols += f" ({', '.join(parameters)})"
    weights = f"WQ <b>{points_text(result.quality_weight)}</b> · WP <b>{points_text(result.price_weight)}</b>"
    basis = rubric.price
    if basis.basis == "capex":
        price = "P is the capital cost"
    elif basis.discount_rate:
        price = f"P is the lifecycle cost, yearly costs discounted at {points_text(basis.discount_rate)} % a year"
    else:
        price = "P is the lifecycle cost"
    return f"Award <b>{escape(words)}</b>: {escape(symbols)} · {weights} · {price}"


def header_html(state: EvaluationState) -> str:
    """Title; tender, lot and rubric; the award formula and weights; provisional; the file."""
    run = state.run
    shown = f"the evaluation held by the project {state.project}" if state.project else str(state.path)
    where = f'<span class="meta">{escape(shown)}</span>'
    evaluation, rubric, result = run.evaluation, run.rubric, run.result
    if evaluation is None or rubric is None or result is None:
        return f"{STYLE}<h2>{escape(state.path.name)}</h2><p>{where}</p>"  # the outcome line says why
    facts = [f"Tender <b>{escape(evaluation.tender_reference)}</b> {escape(evaluation.tender_title)}"]
    if evaluation.lot:
        facts.append(f"Lot <b>{escape(evaluation.lot)}</b>")
    facts.append(f"Rubric <b>{escape(rubric.title)}</b> version {escape(rubric.version)}")
    provisional = ' · <span class="warn"><b>PROVISIONAL</b></span>' if result.provisional else ""
    return (
        f"{STYLE}<h2>{escape(evaluation.title)}{provisional}</h2>"
        f"<p>{' · '.join(facts)}<br>{_award(rubric, result)}<br>{where}</p>"
    )


def outcome_html(state: EvaluationState) -> str:
    """One line on the outcome: the winner, or why there is none; then the notes and tie-breaks."""
    run, result = state.run, state.run.result
    if not state.ok or result is None or run.evaluation is None:
        return (
            f'{STYLE}<p class="error"><b>The bids cannot be evaluated</b>: {_plural(len(state.errors), "error")} '
            "in the evaluation file or its rubric — see Checks.</p>"
        )
    winner = result.bid(result.winner) if result.winner else None
    if winner is not None:
        total = total_text(result, winner, run.evaluation.currency)
        head = (
            f'<span class="win"><b>Outcome: {escape(winner.bidder)}</b> ({escape(winner.bid)}) ranks first with a '
            f"total of <b>{escape(total)}</b> and is recommended for award.</span>"
        )
        if result.provisional:
            head = f'<span class="warn"><b>Provisional.</b></span> {head}'
    else:
        head = '<span class="warn"><b>Outcome: no winner can be named.</b></span>'
    lines = [head]
    lines += [f'<span class="meta">Tie-break: {escape(tie.message)}.</span>' for tie in result.tie_breaks]
    lines += [f'<span class="warn">{escape(note.message)}</span>' for note in result.notes]
    return f"{STYLE}<p>{'<br>'.join(lines)}</p>"


def blocked_html(state: EvaluationState) -> str:
    """Why the bids cannot be evaluated, and what to do."""
    errors = state.errors
    items = "".join(
        f"<li><b>{escape(d.rule)}</b> {escape(d.path.name)} line {d.line}: {escape(d.message)}</li>" for d in errors
    )
    return (
        f'{STYLE}<h2 class="error">These bids cannot be evaluated</h2>'
        f"<p>Procure found {_plural(len(errors), 'error')} in <b>{escape(state.path.name)}</b> or the rubric it "
        "names. Fix them with your text editor and save: Procure evaluates the file again as soon as it is saved "
        "(or press F5). In Checks, double-click a row (or press Enter) to copy its file and line.</p>"
        f"<ul>{items}</ul>"
    )


# --- one bid ----------------------------------------------------------------------------------


def _gates_html(bid: BidResult) -> str:
    if not bid.gates:
        return ""
    rows = []
    for gate in bid.gates:
        if gate.result == GATE_PASS:
            outcome = '<span class="win">✓ passed</span>'
        elif gate.result == GATE_FAIL:
            outcome = '<span class="error"><b>✗ failed</b></span>'
        else:
            outcome = '<span class="warn">not yet assessed</span>'
        reason = escape(gate.reason) if gate.reason else '<span class="meta">no reason recorded</span>'
        rows.append(f"<tr><td>{escape(gate.title)}</td><td>{outcome}</td><td>{reason}</td></tr>")
    return f'<h3>Gates</h3><table width="100%" cellpadding="3">{"".join(rows)}</table>'


def _criterion_html(rubric: Rubric, evaluation: EvaluationFile, result: CriterionResult) -> str:
    criterion = rubric.criterion(result.criterion)
    title = criterion.title if criterion else result.criterion
    consensus = ""
    if result.consensus is not None:
        consensus = f"<p><b>Consensus {_score(result.consensus)}</b>: {escape(result.consensus_reason)}</p>"
    return (
        f'<p><b>{escape(title)}</b> <span class="meta">{escape(result.criterion)} · '
        f"{points_text(_HUNDRED * result.weight)} % of the group</span></p>"
        f'<table width="100%" cellpadding="2">{"".join(_score_rows(rubric, evaluation, result))}</table>'
        f'<p class="meta">{" · ".join(_criterion_facts(rubric, result))}</p>{consensus}'
    )


def _score_rows(rubric: Rubric, evaluation: EvaluationFile, result: CriterionResult) -> list[str]:
    """One table row per evaluator's score: who, the score, its label on the scale, the justification."""
    rows = []
    for score in result.scores:
        evaluator = evaluation.evaluator(score.evaluator)
        level = rubric.level(int(score.score))
        label = f" {escape(level.label)}" if level else ""
        justification = escape(score.justification) or '<span class="meta">no justification</span>'
        rows.append(
            f"<tr><td>{escape(evaluator.name if evaluator else score.evaluator)}</td>"
            f'<td align="right"><b>{_score(score.score)}</b></td><td>{label}</td><td>{justification}</td></tr>'
        )
    if not result.scores:
        rows.append('<tr><td colspan="4"><span class="meta">No evaluator has scored it yet.</span></td></tr>')
    return rows


def _criterion_facts(rubric: Rubric, result: CriterionResult) -> list[str]:
    """The aggregate, the spread, the score used, and whether it needs moderation or is below the minimum."""
    facts = [
        f"{rubric.aggregation} <b>{number_text(result.aggregate)}</b>",
        f"spread {DASH if result.spread is None else _score(result.spread)}",
    ]
    if not result.scored:
        facts.append("not scored yet")
    else:
        used = "the consensus" if result.consensus is not None else f"the {rubric.aggregation}"
        facts.append(f"score used <b>{number_text(result.score)}</b> ({used})")
    if result.needs_moderation:
        facts.append('<span class="warn"><b>⚑ needs moderation</b> (no consensus yet)</span>')
    if result.below_minimum:
        facts.append('<span class="error"><b>below the minimum</b></span>')
    return facts


def _quality_html(rubric: Rubric, evaluation: EvaluationFile, bid: BidResult) -> str:
    parts = ["<h3>Quality</h3>"]
    if bid.excluded and not any(c.scores or c.consensus is not None for c in bid.criteria):
        return parts[0] + '<p class="meta">Not scored: the bid was excluded before its quality was assessed.</p>'

    for group in rubric.groups:
        outcome = bid.group(group.id)
        if outcome is None:
            continue
        incomplete = "" if outcome.complete else ' · <span class="warn">not every criterion is scored</span>'
        parts.append(
            f'<h4>{escape(group.title)} <span class="meta">{points_text(_HUNDRED * outcome.weight)} % of quality · '
            f"group score {number_text(_HUNDRED * outcome.score)} %{incomplete}</span></h4>"
        )
        parts += [_criterion_html(rubric, evaluation, c) for c in bid.criteria if c.group == group.id]
    return "".join(parts)


def bid_detail_html(run: EvaluationRun, bid: BidResult) -> str:
    """A bid: figures and flags, gate outcomes, then each criterion's scores by evaluator."""
    rubric, evaluation, result = run.rubric, run.evaluation, run.result
    assert rubric is not None and evaluation is not None and result is not None
    parts = [STYLE, *_bid_summary(result, evaluation.currency, bid), *_bid_notes(result, evaluation, bid)]
    parts.append(_gates_html(bid))
    parts.append(_quality_html(rubric, evaluation, bid))
    return "".join(parts)


def _bid_summary(result: EvaluationResult, currency: str, bid: BidResult) -> list[str]:
    """The bidder's name, what is known of the bid, and its figures."""
    meta = ["SME" if bid.sme else "not an SME"]
    if bid.submitted is not None:
        meta.append(f"submitted {format_date(bid.submitted.date(), 'en-GB')}, {bid.submitted:%H:%M}")
    meta.append(f"rank {bid.rank} of {len(result.ranking)}" if bid.rank is not None else "not ranked")
    price, total = escape(money_text(bid.price, currency)), escape(total_text(result, bid, currency))
    figures = (
        f"Quality Q <b>{number_text(bid.quality)}</b> · Price P <b>{price}</b> · "
        f"Price score S <b>{number_text(bid.price_score)}</b> · Total T <b>{total}</b>"
    )
    return [
        f'<h2>{escape(bid.bidder)} <span class="meta">({escape(bid.bid)})</span></h2>',
        f'<p class="meta">{" · ".join(meta)}</p>',
        f'<p class="box">{figures}</p>',
    ]


def _bid_notes(result: EvaluationResult, evaluation: EvaluationFile, bid: BidResult) -> list[str]:
    """Why the bid is excluded, its other flags, and who declared a conflict of interest on it."""
    parts = []
    if bid.excluded:
        reasons = "; ".join(
            f"failed gate “{escape(outcome.title)}” (the reason is under Gates)"
            if exclusion.kind == "gate" and (outcome := bid.gate(exclusion.subject or ""))
            else escape(exclusion.message)
            for exclusion in bid.exclusions
        )
        parts.append(f'<p class="error"><b>Excluded</b>: {reasons}</p>')
    parts += [
        f'<p class="warn">{escape(f.detail)}</p>'
        for f in bid_flags(result, bid, evaluation.currency)
        if f.kind != "excluded"
    ]
    conflicted = [e.name for e in evaluation.evaluators if bid.bid in e.conflicts]
    if conflicted:
        names = ", ".join(escape(name) for name in conflicted)
        parts.append(f'<p class="meta">{names} declared a conflict of interest on this bid and did not score it.</p>')
    return parts


# --- sensitivity ------------------------------------------------------------------------------


def _shift_sentence(result: EvaluationResult, point: TippingPoint, shift: Shift) -> str:
    what = "the quality weight" if point.parameter == SPLIT else f"the weight of {escape(point.title)}"
    verb = "Raising" if shift.change > 0 else "Lowering"
    sign = "+" if shift.change > 0 else "−"
    size = points_text(abs(shift.change))
    change = f"{points_text(point.base_weight)} to {points_text(shift.weight)} ({sign}{size} points)"
    if shift.new_winner is None:
        then = "would leave no single winner (a tie for rank 1)"
    elif result.winner is None:
        then = f"would make {_name(result, shift.new_winner)} the single winner"
    else:
        then = f"would make {_name(result, shift.new_winner)} the winner"
    return f"{verb} {what} from {change} {then}."


def tipping_sentences(result: EvaluationResult, sensitivity: SensitivityResult) -> list[str]:
    """One sentence (HTML) per weight: the smallest change that gives another winner, if any."""
    sentences = []
    for point in sensitivity.tipping_points:
        shifts = [shift for shift in (point.decrease, point.increase) if shift is not None]
        if not shifts:
            what = "the quality weight" if point.parameter == SPLIT else f"the weight of {escape(point.title)}"
            sentences.append(f"No change of {what} (now {points_text(point.base_weight)}) gives another winner.")
        else:
            sentences.append(" ".join(_shift_sentence(result, point, shift) for shift in shifts))
    return sentences


def sensitivity_html(result: EvaluationResult, sensitivity: SensitivityResult) -> str:
    """The tipping points as a list of sentences, with the smallest change that gives another winner."""
    items = "".join(f"<li>{sentence}</li>" for sentence in tipping_sentences(result, sensitivity))
    notes = "".join(f'<p class="warn">{escape(note)}</p>' for note in sensitivity.notes)
    closest = min(
        (point for point in sensitivity.tipping_points if point.change is not None),
        key=lambda point: abs(point.change or Decimal(0)),
        default=None,
    )
    summary = ""
    if closest is not None and closest.change is not None:
        what = "the quality weight" if closest.parameter == SPLIT else f"the weight of {escape(closest.title)}"
        summary = (
            f"<p>The smallest change that gives another winner is <b>{points_text(abs(closest.change))} points</b>, "
            f"of {what}: the smaller it is, the more the result depends on the exact weights published.</p>"
        )
    elif result.winner is not None and sensitivity.tipping_points:
        summary = "<p>No change of a single weight gives another winner.</p>"
    return (
        f"{STYLE}{notes}<p><b>Tipping points</b>: each weight moved on its own, the others scaled to keep the sum "
        f"at 100.</p><ul>{items}</ul>{summary}"
    )


def rank_one_note(sensitivity: SensitivityResult) -> str:
    """The line above the rank-one table: how the weights were varied."""
    return (
        f"<b>Ranked first</b> when every weight varies at random within "
        f"±{points_text(sensitivity.perturbation_percent)} % ({sensitivity.draws} draws, seed {sensitivity.seed}):"
    )


def rank_one_rows(result: EvaluationResult, sensitivity: SensitivityResult) -> list[list[str]]:
    """The rank-one table: bid, bidder, how often it ranked first, and its share of the draws."""
    rows = []
    for entry in sensitivity.rank_one:
        bid = result.bid(entry.bid)
        rows.append(
            [
                entry.bid,
                bid.bidder if bid else "",
                f"{entry.count} of {sensitivity.draws}",
                f"{points_text(_HUNDRED * entry.share)} %",
            ]
        )
    return rows


# --- checks and the status bar ----------------------------------------------------------------


def checks_verdict(state: EvaluationState) -> str:
    errors, warnings = len(state.errors), len(state.warnings)
    if not state.ok:
        return (
            f"✗ The bids cannot be evaluated: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}. "
            "Fix the errors in the evaluation file (or its rubric) and save."
        )
    if warnings:
        return f"✓ The bids are evaluated, with {_plural(warnings, 'warning')} worth a look (they do not stop it)."
    return "✓ The bids are evaluated: no problems."


def checks_tab_title(state: EvaluationState) -> str:
    """The Checks tab's title: the counts of errors and warnings, or a tick when there are none."""
    errors, warnings = len(state.errors), len(state.warnings)
    counts = [_plural(errors, "error")] if errors else []
    counts += [_plural(warnings, "warning")] if warnings else []
    return f"&Checks ({', '.join(counts)})" if counts else "&Checks ✓"


def status_html(state: EvaluationState) -> str:
    """One line on a loaded evaluation for the status bar."""
    result = state.run.result
    if not state.ok or result is None:
        return f"<b>The bids cannot be evaluated:</b> {_plural(len(state.errors), 'error')} — see Checks"
    parts = [_plural(len(result.bids), "bid"), f"{len(result.ranking)} ranked"]
    parts.append(f"winner {result.winner}" if result.winner else "no winner")
    if result.provisional:
        parts.append("provisional")
    if state.warnings:
        parts.append(_plural(len(state.warnings), "warning"))
    return escape(" · ".join(parts))


def exported_html(result: ExportResult) -> str:
    """What an export wrote, each file (and the letters' folder) a link that opens it."""
    links = [f'<a href="{escape(path.as_uri())}">{escape(path.name)}</a>' for path in result.written]
    folder = result.letters_folder
    if result.letters and folder is not None:
        links.append(f'<a href="{escape(folder.as_uri())}">{_plural(len(result.letters), "letter")}</a>')
    where = folder.parent if folder is not None else result.written[0].parent if result.written else None
    listed = ", ".join(links[:-1]) + f" and {links[-1]}" if len(links) > 1 else "".join(links)
    text = f"Wrote {listed}" + (f" in {escape(str(where))}" if where else "")
    if result.error:
        text += " · <b>the export stopped</b>: a record could not be written"
    return text
