"""Builders shared by the evaluation engine tests.

``smart_city_rubric`` builds, from the dataclasses of :mod:`procure_app.core.rubric.model`, a rubric with
the ids, weights and settings of ``scoring_rubrics/smart-city-ict.yaml``; ``small_rubric`` is a
two-group rubric small enough to compute by hand. ``evaluation`` builds an evaluation file model.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from procure_app.core.evaluation.evaluation_file import (
    Bid,
    Consensus,
    EvaluationFile,
    Evaluator,
    GateResult,
    PriceSheet,
    Score,
    SensitivitySettings,
)
from procure_app.core.rubric.model import Award, Criterion, Gate, Group, PriceBasis, Rubric, ScaleLevel

D = Decimal

SCALE = tuple(
    ScaleLevel(score, label, f"{label} evidence")
    for score, label in enumerate(["Not addressed", "Weak", "Partial", "Adequate", "Good", "Excellent"])
)

SMART_CITY_GROUPS: tuple[tuple[str, int, int | None, tuple[tuple[str, int, int | None], ...]], ...] = (
    (
        "openness",
        25,
        None,
        (("open-interfaces", 40, None), ("open-data-formats", 30, None), ("open-source-licensing", 30, None)),
    ),
    ("exit", 15, 40, (("exit-plan-quality", 60, None), ("data-portability", 40, None))),
    ("accessibility", 15, None, (("accessibility-conformance", 60, 2), ("inclusive-user-testing", 40, None))),
    ("sustainability", 10, None, (("energy-and-hardware", 50, None), ("carbon-reporting", 50, None))),
    ("data-governance", 15, None, (("data-ownership-and-protection", 50, None), ("security-by-design", 50, None))),
    ("equity", 10, None, (("equity-and-inclusion", 50, None), ("community-participation", 50, None))),
    ("local-innovation", 10, None, (("sme-and-local-innovation", 100, None),)),
)
SMART_CITY_GATES = ("exclusion-grounds", "selection-criteria", "mandatory-requirements")
SMART_CITY_CRITERIA = tuple(c for _, _, _, criteria in SMART_CITY_GROUPS for c, _, _ in criteria)


def _dec(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def smart_city_rubric(**changes: object) -> Rubric:
    rubric = Rubric(
        id="smart-city-ict",
        title="People-centred smart-city ICT",
        version="1.0",
        description="Test copy of the bundled rubric.",
        scale=SCALE,
        gates=tuple(Gate(gate, gate.replace("-", " ").capitalize()) for gate in SMART_CITY_GATES),
        groups=tuple(
            Group(
                group,
                group.capitalize(),
                D(weight),
                tuple(Criterion(c, c.replace("-", " ").capitalize(), D(w), _dec(m)) for c, w, m in criteria),
                _dec(minimum),
            )
            for group, weight, minimum, criteria in SMART_CITY_GROUPS
        ),
        price=PriceBasis("lifecycle", D(3)),
        award=Award("relative-lowest", D(70), D(30)),
        aggregation="mean",
        justification_required=True,
        moderation_spread=D(2),
        abnormally_low_percent=D(80),
        tie_break=("quality", "price", "submission"),
    )
    return replace(rubric, **changes)  # type: ignore[arg-type]


def small_rubric(
    formula: str = "relative-lowest",
    quality_weight: int = 70,
    price_weight: int = 30,
    parameters: tuple[tuple[str, Decimal], ...] = (),
    values: tuple[int, int, int] | None = None,
    **changes: object,
) -> Rubric:
    """Two groups, ``g1`` (60: ``c1`` 50, ``c2`` 50) and ``g2`` (40: ``c3`` 100); scale 0–5; capex basis."""
    v1, v2, v3 = (None, None, None) if values is None else (D(values[0]), D(values[1]), D(values[2]))
    rubric = Rubric(
        id="small",
        title="Small rubric",
        version="1.0",
        description="",
        scale=SCALE,
        gates=(Gate("gate-a", "Gate A"),),
        groups=(
            Group(
                "g1",
                "Group 1",
                D(60),
                (Criterion("c1", "C1", D(50), value_per_level=v1), Criterion("c2", "C2", D(50), value_per_level=v2)),
            ),
            Group("g2", "Group 2", D(40), (Criterion("c3", "C3", D(100), value_per_level=v3),)),
        ),
        price=PriceBasis("capex", None),
        award=Award(formula, D(quality_weight), D(price_weight), parameters),
        tie_break=("quality", "price", "submission"),
    )
    return replace(rubric, **changes)  # type: ignore[arg-type]


def bid(
    ident: str,
    capex: int | str | None = 1000,
    *,
    opex: int = 0,
    maintenance: int = 0,
    years: int = 1,
    gates: dict[str, tuple[str, str]] | None = None,
    sme: bool = False,
    submitted: str | None = None,
) -> Bid:
    return Bid(
        id=ident,
        bidder=f"Bidder {ident}",
        sme=sme,
        submitted=datetime.fromisoformat(submitted) if submitted else None,
        price=None if capex is None else PriceSheet(D(capex), D(opex), D(maintenance), years),
        gates=tuple(GateResult(g, r, why) for g, (r, why) in (gates or {}).items()),
    )


def scores_for(bid_id: str, by: dict[str, int], evaluators: tuple[str, ...] = ("ann",)) -> list[Score]:
    """The same score from every evaluator, per criterion."""
    return [Score(e, bid_id, c, D(s), f"{e} on {c}") for e in evaluators for c, s in by.items()]


def evaluation(
    bids: list[Bid],
    scores: list[Score],
    consensus: list[Consensus] | None = None,
    evaluators: tuple[Evaluator, ...] = (Evaluator("ann", "Ann"), Evaluator("bob", "Bob"), Evaluator("cat", "Cat")),
    seed: int = 7,
    draws: int = 200,
) -> EvaluationFile:
    return EvaluationFile(
        title="Test evaluation",
        tender_reference="T-1",
        tender_title="Test tender",
        rubric_path=Path("rubric.yaml"),
        evaluators=evaluators,
        bids=tuple(bids),
        scores=tuple(scores),
        consensus=tuple(consensus or ()),
        sensitivity=SensitivitySettings(D(10), draws, seed),
    )
