"""The evaluation file (``EVAL.yaml``): a typed model and its loader (see ``docs/evaluation.md``).

Loading checks the file against ``schemas/evaluation.schema.json`` (rules S001–S006), then against
the rules below, which need the whole file or the rubric. Every problem is reported at the file,
line and column it concerns. A file with errors is not built; warnings do not stop it.

=====  ========  ===================================================================================
rule   severity  what it catches
=====  ========  ===================================================================================
E101   error     a score by an evaluator the file does not list
E102   error     a bid id that no bid has (in a score, a consensus or an evaluator's conflicts)
E103   error     a criterion id that the rubric does not have (in a score or a consensus)
E104   error     a gate result for a gate that the rubric does not have
E105   error     an evaluator id or a bid id used twice
E106   error     a score that is not a whole number of the rubric's scale
E107   error     a score without a justification when the rubric requires one
E108   error     a price sheet amount below 0, or a price (by the rubric's basis) of 0 or less
E109   error     a bid without a price sheet when the award formula needs a price
E110   error     an evaluator scores a bid they declared a conflict of interest on
E111   error     the same evaluator scores the same bid on the same criterion twice
E112   error     a consensus score that is not a whole number of the rubric's scale
E113   error     a consensus score without a reason
E114   error     two consensus scores for the same bid and criterion
E115   error     ``submitted`` that is not a real date and time
E116   error     a failed gate without a reason
E117   error     the rubric the evaluation names (a bundled rubric's id, or a path) does not exist
E201   warning   a bid without a result for some gates: they are "not yet assessed"
E202   warning   a bid (not excluded at a gate) that nobody has scored on some criteria yet
E203   warning   an evaluator who scored a bid on some criteria but not on all of them
=====  ========  ===================================================================================

Decisions
    * A missing gate result is not an error but "not yet assessed" (E201): panels often score the
      quality of bids before they verify exclusion grounds and selection criteria. The engine
      keeps such a bid in the competition and marks the result as provisional.
    * Criteria nobody has scored yet are a warning (E202), not an error, for the same reason; the
      engine counts them 0 in the quality score and marks the result as provisional. A bid that
      failed a gate need not be scored, and an evaluator need not score a bid they declared a
      conflict on, so neither gives E202 or E203. With no score at all in the file one E202 says
      so; with the ``price-only`` formula no score is needed and E202/E203 are not given.
    * Every amount of a price sheet must be 0 or more, and the price it comes to, by the
      rubric's basis, above 0 (E108): a price of 0 cannot be compared by any price formula.
      A price sheet is needed by every formula but ``quality-only`` (E109).
    * A score must be a whole number that is a level of the rubric's scale (E106); ``4.0`` counts
      as 4. A justification or reason of only spaces counts as missing.
    * ``submitted`` is written ``"YYYY-MM-DD"`` or ``"YYYY-MM-DDTHH:MM[:SS]"`` (local time, no
      zone); it is optional, and a bid without it cannot win a tie on submission.
    * :func:`load_evaluation` with ``rubric=None`` runs only the checks that need no rubric (E101,
      E102, E105, E108 for negative amounts, E110, E111, E114–E116); E117 is only reported by
      :func:`load_evaluation_with_rubric`, which loads the rubric the file names.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..base.diagnostics import Diagnostic, ProblemError, Severity, sort_diagnostics
from ..base.schema_check import check_schema
from ..base.yamlio import LoadedYaml, PathKey, load_yaml
from ..rubric.formulas import lifecycle_cost
from ..rubric.model import Rubric
from ..rubric.reference import missing_rubric_message, resolve_rubric

__all__ = [
    "SensitivitySettings",
    "Evaluator",
    "PriceSheet",
    "GateResult",
    "Bid",
    "Score",
    "Consensus",
    "EvaluationFile",
    "RubricLoader",
    "load_evaluation",
    "load_evaluation_with_rubric",
    "read_evaluation",
]

Keypath = tuple[PathKey, ...]
RubricLoader = Callable[[Path], tuple[Rubric | None, list[Diagnostic]]]

_ZERO = Decimal(0)


@dataclass(frozen=True)
class SensitivitySettings:
    perturbation_percent: Decimal = Decimal(10)
    draws: int = 1000
    seed: int = 0


@dataclass(frozen=True)
class Evaluator:
    id: str
    name: str
    role: str = ""
    conflicts: tuple[str, ...] = ()  # bids this evaluator declared a conflict of interest on


@dataclass(frozen=True)
class PriceSheet:
    capex: Decimal
    opex_per_year: Decimal = _ZERO
    maintenance_per_year: Decimal = _ZERO
    years: int = 1


@dataclass(frozen=True)
class GateResult:
    gate: str
    result: str  # pass | fail
    reason: str = ""

    @property
    def passed(self) -> bool:
        return self.result == "pass"


@dataclass(frozen=True)
class Bid:
    id: str
    bidder: str
    sme: bool = False
    submitted: datetime | None = None
    price: PriceSheet | None = None
    gates: tuple[GateResult, ...] = ()

    def gate(self, gate_id: str) -> GateResult | None:
        return next((result for result in self.gates if result.gate == gate_id), None)


@dataclass(frozen=True)
class Score:
    evaluator: str
    bid: str
    criterion: str
    score: Decimal
    justification: str = ""


@dataclass(frozen=True)
class Consensus:
    bid: str
    criterion: str
    score: Decimal
    reason: str = ""


@dataclass(frozen=True)
class EvaluationFile:
    title: str
    tender_reference: str
    tender_title: str
    rubric_path: Path  # resolved against the evaluation file's folder
    evaluators: tuple[Evaluator, ...]
    bids: tuple[Bid, ...]
    scores: tuple[Score, ...] = ()
    consensus: tuple[Consensus, ...] = ()
    lot: str | None = None
    currency: str = "EUR"
    sensitivity: SensitivitySettings = SensitivitySettings()
    path: Path | None = field(default=None, compare=False)
    document: LoadedYaml | None = field(default=None, compare=False, repr=False)

    def bid(self, bid_id: str) -> Bid | None:
        return next((bid for bid in self.bids if bid.id == bid_id), None)

    def evaluator(self, evaluator_id: str) -> Evaluator | None:
        return next((evaluator for evaluator in self.evaluators if evaluator.id == evaluator_id), None)


# --- loading ----------------------------------------------------------------------------------


def load_evaluation(path: Path, rubric: Rubric | None) -> tuple[EvaluationFile | None, list[Diagnostic]]:
    """Load and check an evaluation file against ``rubric``; the file is None when it has errors.

    With ``rubric=None`` only the checks that need no rubric run (see the module docstring).
    """
    try:
        document = load_yaml(path)
    except ProblemError as problem:
        return None, [problem.diagnostic]
    return read_evaluation(document, rubric)


def load_evaluation_with_rubric(
    path: Path, rubric_loader: RubricLoader, *, prices_to_come: bool = False
) -> tuple[EvaluationFile | None, Rubric | None, list[Diagnostic]]:
    """Load an evaluation file and the rubric it names (with ``rubric_loader``), and check both.

    ``rubric_loader`` is typically ``lambda p: load_rubric(p, guidelines)``. The diagnostics of
    both files come back together, sorted. ``prices_to_come``: a file in which no bid has a
    price sheet is a set-up whose prices arrive later (sealed, into a project), so E109 is not
    raised for it.
    """
    try:
        document = load_yaml(path)
    except ProblemError as problem:
        return None, None, [problem.diagnostic]
    problems = check_schema(document, "evaluation")
    if problems:
        return None, None, sort_diagnostics(problems)
    rubric_path = _rubric_path(document)
    if not rubric_path.is_file():
        line, column = document.locate(["evaluation", "rubric"])
        missing = Diagnostic(
            document.path,
            line,
            column,
            "E117",
            missing_rubric_message(document.data["evaluation"]["rubric"], rubric_path),
        )
        return None, None, [missing]
    rubric, rubric_problems = rubric_loader(rubric_path)
    if rubric is None:
        return None, None, sort_diagnostics(rubric_problems)
    evaluation, problems = read_evaluation(document, rubric, prices_to_come=prices_to_come)
    return evaluation, rubric if evaluation else None, sort_diagnostics(rubric_problems + problems)


def read_evaluation(
    document: LoadedYaml, rubric: Rubric | None, *, prices_to_come: bool = False
) -> tuple[EvaluationFile | None, list[Diagnostic]]:
    """Check a loaded evaluation document and build the model (None when there are errors)."""
    problems = check_schema(document, "evaluation")
    if problems:
        return None, sort_diagnostics(problems)
    checker = _Checker(document, rubric)
    checker.prices_to_come = prices_to_come and all("price" not in bid for bid in checker.bids)
    for rule in _RULES:
        problems.extend(rule(checker))
    problems = sort_diagnostics(problems)
    if any(problem.is_error for problem in problems):
        return None, problems
    return _build(document), problems


def _rubric_path(document: LoadedYaml) -> Path:
    return resolve_rubric(document.data["evaluation"]["rubric"], document.path)


# --- the rules --------------------------------------------------------------------------------


def _dec(value: Any) -> Decimal:
    return Decimal(str(value))


def _show(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


def _blank(text: Any) -> bool:
    return not isinstance(text, str) or not text.strip()


def _suggest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


@dataclass
class _Checker:
    document: LoadedYaml
    rubric: Rubric | None
    prices_to_come: bool = False  # no bid has a price sheet yet, and none is expected yet

    def __post_init__(self) -> None:
        data = self.document.data
        self.evaluators: list[dict[str, Any]] = data["evaluators"]
        self.bids: list[dict[str, Any]] = data["bids"]
        self.scores: list[dict[str, Any]] = data.get("scores", [])
        self.consensus: list[dict[str, Any]] = data.get("consensus", [])
        self.evaluator_ids = [evaluator["id"] for evaluator in self.evaluators]
        self.bid_ids = [bid["id"] for bid in self.bids]
        self.conflicts = {
            (evaluator["id"], bid_id) for evaluator in self.evaluators for bid_id in evaluator.get("conflicts", [])
        }
        rubric = self.rubric
        self.criterion_ids = [criterion.id for _, criterion in rubric.criteria()] if rubric else []
        self.gate_ids = [gate.id for gate in rubric.gates] if rubric else []

    def at(self, keypath: Keypath, rule: str, message: str, *, warning: bool = False, key: bool = False) -> Diagnostic:
        line, column = self.document.locate(list(keypath), key=key)
        severity = Severity.WARNING if warning else Severity.ERROR
        return Diagnostic(self.document.path, line, column, rule, message, severity)

    def line_of(self, keypath: Keypath) -> int:
        return self.document.locate(list(keypath))[0]

    def failed_gate(self, bid: dict[str, Any]) -> bool:
        return any(result["result"] == "fail" for result in bid.get("gates", {}).values())

    def scale_problem(self, value: Any) -> str | None:
        """Why ``value`` is not a score of the scale (None when it is one)."""
        if isinstance(value, float) and not math.isfinite(value):
            return f"{value} is not a number"
        number = _dec(value)
        if number != number.to_integral_value():
            return f"{_show(number)} is not a whole number"
        if self.rubric is not None and self.rubric.level(int(number)) is None:
            low, high = self.rubric.scale_min, self.rubric.scale_max
            return f"{_show(number)} is outside the scale of rubric {self.rubric.id} ({low} to {high})"
        return None

    def scale_words(self) -> str:
        if self.rubric is None:
            return "a whole number"
        return f"a whole number from {self.rubric.scale_min} to {self.rubric.scale_max}"


def _duplicate_ids(checker: _Checker) -> Iterator[Diagnostic]:
    for kind, entries in (("evaluator", checker.evaluators), ("bid", checker.bids)):
        first: dict[str, int] = {}
        for index, entry in enumerate(entries):
            keypath: Keypath = (f"{kind}s", index, "id")
            ident = entry["id"]
            if ident in first:
                yield checker.at(
                    keypath,
                    "E105",
                    f"the {kind} id '{ident}' is already used on line {first[ident]}; give each {kind} its own id",
                )
            else:
                first[ident] = checker.line_of(keypath)


def _conflict_ids(checker: _Checker) -> Iterator[Diagnostic]:
    for index, evaluator in enumerate(checker.evaluators):
        for c_index, bid_id in enumerate(evaluator.get("conflicts", [])):
            if bid_id not in checker.bid_ids:
                yield checker.at(
                    ("evaluators", index, "conflicts", c_index),
                    "E102",
                    f"evaluator {evaluator['id']} declares a conflict on bid '{bid_id}', which is not in the "
                    f"file{_suggest(bid_id, checker.bid_ids)}",
                )


def _bid_rules(checker: _Checker) -> Iterator[Diagnostic]:
    rubric = checker.rubric
    for index, bid in enumerate(checker.bids):
        where: Keypath = ("bids", index)
        yield from _submitted_rule(checker, where, bid)
        yield from _price_rule(checker, where, bid)
        gates: dict[str, Any] = bid.get("gates", {})
        for gate_id, result in gates.items():
            if rubric is not None and gate_id not in checker.gate_ids:
                known = ", ".join(checker.gate_ids) or "none"
                yield checker.at(
                    (*where, "gates", gate_id),
                    "E104",
                    f"rubric {rubric.id} has no gate '{gate_id}'{_suggest(gate_id, checker.gate_ids)} "
                    f"(its gates: {known})",
                    key=True,
                )
            if result["result"] == "fail" and _blank(result.get("reason")):
                yield checker.at(
                    (*where, "gates", gate_id),
                    "E116",
                    f"bid {bid['id']} fails gate {gate_id} without a reason; write down why (the bidder will be told)",
                )
        if rubric is not None:
            missing = [gate_id for gate_id in checker.gate_ids if gate_id not in gates]
            if missing:
                yield checker.at(
                    (*where, "gates") if "gates" in bid else (*where, "id"),
                    "E201",
                    f"bid {bid['id']} has no result yet for the gate(s) {', '.join(missing)}: they are not yet "
                    "assessed, and the result stays provisional until they are",
                    warning=True,
                    key="gates" in bid,
                )


def _submitted_rule(checker: _Checker, where: Keypath, bid: dict[str, Any]) -> Iterator[Diagnostic]:
    submitted = bid.get("submitted")
    if submitted is not None and _parse_submitted(submitted) is None:
        yield checker.at(
            (*where, "submitted"),
            "E115",
            f"submitted '{submitted}' is not a real date and time; write it \"YYYY-MM-DDTHH:MM\"",
        )


def _parse_submitted(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _price_rule(checker: _Checker, where: Keypath, bid: dict[str, Any]) -> Iterator[Diagnostic]:
    rubric = checker.rubric
    price = bid.get("price")
    if price is None:
        if rubric is not None and rubric.award.formula != "quality-only" and not checker.prices_to_come:
            yield checker.at(
                (*where, "id"),
                "E109",
                f"bid {bid['id']} has no price sheet, but formula {rubric.award.formula} compares prices; add "
                "'price: {capex: …, opex_per_year: …, maintenance_per_year: …, years: …}'",
            )
        return
    negative = False
    for name in ("capex", "opex_per_year", "maintenance_per_year"):
        if _dec(price[name]) < _ZERO:
            negative = True
            yield checker.at(
                (*where, "price", name),
                "E108",
                f"{name} of bid {bid['id']} is {_show(_dec(price[name]))}; an amount cannot be below 0",
            )
    if negative:
        return
    sheet = _price_sheet(price)
    if rubric is not None:
        try:
            total = lifecycle_cost(sheet, rubric.price.basis, rubric.price.discount_rate)
        except ValueError:  # an impossible discount rate: the rubric's own problem
            return
        what = "capital cost" if rubric.price.basis == "capex" else "lifecycle price"
    else:
        total = sheet.capex + sheet.opex_per_year + sheet.maintenance_per_year
        what = "price"
    if total <= _ZERO:
        yield checker.at(
            (*where, "price"),
            "E108",
            f"the {what} of bid {bid['id']} comes to 0; no price formula can compare it: check the price sheet",
        )


def _score_rules(checker: _Checker) -> Iterator[Diagnostic]:
    rubric = checker.rubric
    first: dict[tuple[str, str, str], int] = {}
    for index, score in enumerate(checker.scores):
        where: Keypath = ("scores", index)
        evaluator, bid, criterion = score["evaluator"], score["bid"], score["criterion"]
        known = True
        if evaluator not in checker.evaluator_ids:
            known = False
            yield checker.at(
                (*where, "evaluator"),
                "E101",
                f"evaluator '{evaluator}' is not listed under 'evaluators'{_suggest(evaluator, checker.evaluator_ids)}",
            )
        if bid not in checker.bid_ids:
            known = False
            yield checker.at(
                (*where, "bid"), "E102", f"bid '{bid}' is not listed under 'bids'{_suggest(bid, checker.bid_ids)}"
            )
        if rubric is not None and criterion not in checker.criterion_ids:
            known = False
            yield checker.at(
                (*where, "criterion"),
                "E103",
                f"rubric {rubric.id} has no criterion '{criterion}'{_suggest(criterion, checker.criterion_ids)}",
            )
        if (evaluator, bid) in checker.conflicts:
            yield checker.at(
                (*where, "bid"),
                "E110",
                f"evaluator {evaluator} declared a conflict of interest on bid {bid} and must not score it; "
                "remove this score",
            )
        identity = (evaluator, bid, criterion)
        if identity in first:
            yield checker.at(
                where,
                "E111",
                f"{evaluator} already scored bid {bid} on {criterion} on line {first[identity]}; keep one score "
                "(a moderated score goes under 'consensus')",
            )
        elif known:
            first[identity] = checker.line_of(where)
        problem = checker.scale_problem(score["score"])
        if problem:
            yield checker.at((*where, "score"), "E106", f"score {problem}; give {checker.scale_words()}")
        if rubric is not None and rubric.justification_required and _blank(score.get("justification")):
            yield checker.at(
                (*where, "justification") if "justification" in score else where,
                "E107",
                f"rubric {rubric.id} requires a justification with every score; write why {evaluator} gave "
                f"bid {bid} this score on {criterion}",
            )


def _consensus_rules(checker: _Checker) -> Iterator[Diagnostic]:
    rubric = checker.rubric
    first: dict[tuple[str, str], int] = {}
    for index, entry in enumerate(checker.consensus):
        where: Keypath = ("consensus", index)
        bid, criterion = entry["bid"], entry["criterion"]
        if bid not in checker.bid_ids:
            yield checker.at(
                (*where, "bid"), "E102", f"bid '{bid}' is not listed under 'bids'{_suggest(bid, checker.bid_ids)}"
            )
        if rubric is not None and criterion not in checker.criterion_ids:
            yield checker.at(
                (*where, "criterion"),
                "E103",
                f"rubric {rubric.id} has no criterion '{criterion}'{_suggest(criterion, checker.criterion_ids)}",
            )
        if (bid, criterion) in first:
            yield checker.at(
                where,
                "E114",
                f"a consensus score for bid {bid} on {criterion} is already set on line {first[(bid, criterion)]}; "
                "keep one",
            )
        else:
            first[(bid, criterion)] = checker.line_of(where)
        problem = checker.scale_problem(entry["score"])
        if problem:
            yield checker.at((*where, "score"), "E112", f"consensus score {problem}; give {checker.scale_words()}")
        if _blank(entry.get("reason")):
            yield checker.at(
                (*where, "reason") if "reason" in entry else where,
                "E113",
                f"the consensus score for bid {bid} on {criterion} has no reason; write down why the panel agreed "
                "on it",
            )


def _completeness_rules(checker: _Checker) -> Iterator[Diagnostic]:
    rubric = checker.rubric
    if rubric is None or rubric.award.formula == "price-only" or not checker.criterion_ids:
        return
    if not checker.scores and not checker.consensus:
        keypath: Keypath = ("scores",) if "scores" in checker.document.data else ("bids",)
        if checker.bids:
            yield checker.at(
                keypath,
                "E202",
                "no scores yet: the panel has not scored any bid, so no winner can be named",
                warning=True,
                key=True,
            )
        return
    scored: dict[tuple[str, str], list[int]] = {}
    for index, score in enumerate(checker.scores):
        scored.setdefault((score["evaluator"], score["bid"]), []).append(index)
    covered = {(score["bid"], score["criterion"]) for score in checker.scores}
    covered.update((entry["bid"], entry["criterion"]) for entry in checker.consensus)
    for index, bid in enumerate(checker.bids):
        if checker.failed_gate(bid):
            continue
        missing = [criterion for criterion in checker.criterion_ids if (bid["id"], criterion) not in covered]
        if missing:
            yield checker.at(
                ("bids", index, "id"),
                "E202",
                f"nobody has scored bid {bid['id']} on {len(missing)} of {len(checker.criterion_ids)} criteria yet "
                f"({', '.join(missing)}); they count 0 until scored",
                warning=True,
            )
        for evaluator in checker.evaluator_ids:
            indexes = scored.get((evaluator, bid["id"]), [])
            if not indexes or (evaluator, bid["id"]) in checker.conflicts:
                continue
            done = {checker.scores[i]["criterion"] for i in indexes}
            left = [criterion for criterion in checker.criterion_ids if criterion not in done]
            if left:
                yield checker.at(
                    ("scores", indexes[0]),
                    "E203",
                    f"{evaluator} scored bid {bid['id']} on {len(done & set(checker.criterion_ids))} of "
                    f"{len(checker.criterion_ids)} criteria; not yet on {', '.join(left)}",
                    warning=True,
                )


_RULES: tuple[Callable[[_Checker], Iterator[Diagnostic]], ...] = (
    _duplicate_ids,
    _conflict_ids,
    _bid_rules,
    _score_rules,
    _consensus_rules,
    _completeness_rules,
)


# --- building the model -----------------------------------------------------------------------


def _price_sheet(price: dict[str, Any]) -> PriceSheet:
    return PriceSheet(
        capex=_dec(price["capex"]),
        opex_per_year=_dec(price["opex_per_year"]),
        maintenance_per_year=_dec(price["maintenance_per_year"]),
        years=int(price["years"]),
    )


def _score_value(value: Any) -> Decimal:
    return _dec(value).to_integral_value()


def _build(document: LoadedYaml) -> EvaluationFile:
    data = document.data
    header = data["evaluation"]
    tender = header["tender"]
    settings = header.get("sensitivity", {})
    bids = []
    for bid in data["bids"]:
        submitted = bid.get("submitted")
        bids.append(
            Bid(
                id=bid["id"],
                bidder=bid["bidder"],
                sme=bid.get("sme", False),
                submitted=_parse_submitted(submitted) if submitted is not None else None,
                price=_price_sheet(bid["price"]) if "price" in bid else None,
                gates=tuple(
                    GateResult(gate_id, result["result"], (result.get("reason") or "").strip())
                    for gate_id, result in bid.get("gates", {}).items()
                ),
            )
        )
    return EvaluationFile(
        title=header["title"],
        tender_reference=tender["reference"],
        tender_title=tender["title"],
        lot=tender.get("lot"),
        rubric_path=_rubric_path(document),
        currency=header.get("currency", "EUR"),
        sensitivity=SensitivitySettings(
            perturbation_percent=_dec(settings.get("perturbation_percent", 10)),
            draws=int(settings.get("draws", 1000)),
            seed=int(settings.get("seed", 0)),
        ),
        evaluators=tuple(
            Evaluator(e["id"], e["name"], e.get("role", ""), tuple(e.get("conflicts", ()))) for e in data["evaluators"]
        ),
        bids=tuple(bids),
        scores=tuple(
            Score(
                s["evaluator"],
                s["bid"],
                s["criterion"],
                _score_value(s["score"]),
                (s.get("justification") or "").strip(),
            )
            for s in data.get("scores", ())
        ),
        consensus=tuple(
            Consensus(c["bid"], c["criterion"], _score_value(c["score"]), (c.get("reason") or "").strip())
            for c in data.get("consensus", ())
        ),
        path=document.path,
        document=document,
    )
