"""Load and check scoring rubrics (the format is in ``docs/evaluation.md``).

A rubric file is first checked against its JSON Schema (``schemas/rubric.schema.json``: rules
S001–S006), then against the rules below, which a schema cannot express. Every problem is reported
with the file, line and column it concerns and says what to do. A rubric with errors is not built;
warnings do not stop it.

=====  ========  ===================================================================================
rule   severity  what it catches
=====  ========  ===================================================================================
R101   error     sibling weights that do not sum to 100 under ``weights: strict`` (the group weights;
                 the criterion weights of each group; ``quality_weight + price_weight`` for the
                 weighted formulas ``relative-lowest``, ``linear`` and ``log``); siblings that sum
                 to 0 under either mode
R102   error     an id used twice: gates, groups and criteria share one namespace
R103   error     a guidelines reference that does not resolve against the guidelines model
R104   warning   a clause reference that names no clause of the library (only with a library)
R105   error     scale levels that are not the whole numbers 0, 1, 2 … in order, or a level twice
R106   error     a criterion ``minimum`` outside the scale, or a group ``minimum`` outside 0–100
R107   error     award formula parameters: ``log`` needs ``zero_ratio`` > 1; ``value-for-money``'s
                 ``scale`` must be > 0; ``award-on-value`` needs ``values_per_level`` ≥ 0 on every
                 criterion (and no other formula uses it); ``utility-index`` needs
                 ``price_weight`` > 0; ``quality-only`` needs ``price_weight`` 0; ``price-only`` needs
                 ``quality_weight`` 0; a parameter the formula does not take
R108   error     a ``tie_break`` entry that is not quality, price or submission, or is listed twice
R109   error     a quality group without criteria
R110   warning   a rubric that cites pillar 2.2.4 (Budgeting and Financing) nowhere
R111   warning   a clause reference to a deprecated library clause (only with a library)
R112   warning   a ``discount_rate`` with ``basis: capex`` (a capital cost is never discounted)
R113   warning   a ``moderation_spread`` of 0, or wider than the scale (it would flag every
                 criterion, or none)
=====  ========  ===================================================================================

Numbers
    Every weight, minimum, rate and parameter is a :class:`~decimal.Decimal` in the model, converted
    with ``Decimal(str(value))`` so that ``33.3`` in the file is exactly ``33.3``.

Weights
    ``weights: strict`` (the default) requires each set of siblings to sum to exactly 100 (R101).
    With ``weights: normalise`` no sum is required: the model holds the weights scaled to sum to
    exactly 100, ``w · 100 / Σw``, with the last decimal of rounding given to the largest sibling
    (the first one, on a tie) so that the sum is exactly 100. Siblings that already sum to 100 are
    kept as written. This applies to the group weights, the criterion weights of each group and the
    pair ``quality_weight``/``price_weight`` (whatever the formula: the ratio, all that
    ``utility-index`` uses, is unchanged). Siblings that sum to 0 cannot be scaled and are an error
    in both modes.

Defaults
    ``weights: strict``, ``aggregation: mean``, ``justification: required``,
    ``moderation_spread: 2``, ``abnormally_low_percent: 80`` (``null`` switches the flag off),
    ``tie_break: [quality, price]``; no gates. ``value-for-money``'s ``scale`` defaults to
    1,000,000 in the engine and is not added to the model's parameters.

The YAML key for the money per scale point of ``award-on-value`` is ``values_per_level`` (as in
``docs/evaluation.md``); the model field is :attr:`Criterion.value_per_level`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..base.diagnostics import Diagnostic, ProblemError, Severity, sort_diagnostics
from ..base.schema_check import check_schema
from ..base.yamlio import LoadedYaml, PathKey, load_yaml, load_yaml_text
from ..library.clauses import ClauseLibrary
from ..library.guidelines import GuidelinesModel, Pillar
from .award_formulas import REGISTRY
from .model import (
    DEFAULT_MODERATION_SPREAD,
    WEIGHTED_FORMULAS,
    Award,
    Criterion,
    Gate,
    Group,
    PriceBasis,
    References,
    Rubric,
    ScaleLevel,
)

__all__ = [
    "TIE_BREAKS",
    "FORMULA_PARAMETERS",
    "load_rubric",
    "load_rubric_text",
    "read_rubric_document",
    "check_rubric_document",
]

TIE_BREAKS = ("quality", "price", "submission")
# The parameters each formula takes under award.parameters; a formula not listed takes none.
FORMULA_PARAMETERS: dict[str, tuple[str, ...]] = {
    formula.id: formula.parameters for formula in REGISTRY.values() if formula.parameters
}

_HUNDRED = Decimal(100)
_ZERO = Decimal(0)
_BUDGETING_PILLAR = "2.2.4"

Keypath = tuple[PathKey, ...]


def load_rubric(
    path: Path, guidelines: GuidelinesModel | None, library: ClauseLibrary | None = None
) -> tuple[Rubric | None, list[Diagnostic]]:
    """Load and check one rubric file; the rubric is None when the file has errors.

    Guidelines references are checked only with a ``guidelines`` model, clause references only
    with a ``library``. The diagnostics are sorted by position.
    """
    try:
        document = load_yaml(path)
    except ProblemError as problem:
        return None, [problem.diagnostic]
    return _read(document, guidelines, library)


def check_rubric_document(
    document: LoadedYaml, guidelines: GuidelinesModel | None, library: ClauseLibrary | None = None
) -> list[Diagnostic]:
    """Every problem of a loaded rubric document (schema first, then rules R101–R113)."""
    return _read(document, guidelines, library)[1]


def read_rubric_document(
    document: LoadedYaml, guidelines: GuidelinesModel | None, library: ClauseLibrary | None = None
) -> tuple[Rubric | None, list[Diagnostic]]:
    """The rubric of an already parsed document, with its problems (None when it has errors)."""
    return _read(document, guidelines, library)


def load_rubric_text(
    text: str, path: Path, guidelines: GuidelinesModel | None, library: ClauseLibrary | None = None
) -> tuple[Rubric | None, list[Diagnostic]]:
    """As :func:`load_rubric`, from ``text`` that claims to come from ``path`` (nothing is read or written)."""
    try:
        document = load_yaml_text(text, path)
    except ProblemError as problem:
        return None, [problem.diagnostic]
    return _read(document, guidelines, library)


def _read(
    document: LoadedYaml, guidelines: GuidelinesModel | None, library: ClauseLibrary | None
) -> tuple[Rubric | None, list[Diagnostic]]:
    problems = check_schema(document, "rubric")
    if problems:
        return None, sort_diagnostics(problems)
    context = _Context(document, document.data, guidelines, library)
    for rule in _RULES:
        problems.extend(rule(context))
    problems = sort_diagnostics(problems)
    if any(problem.is_error for problem in problems):
        return None, problems
    return _build(document), problems


@dataclass(frozen=True)
class _Context:
    document: LoadedYaml
    data: dict[str, Any]
    guidelines: GuidelinesModel | None
    library: ClauseLibrary | None

    @property
    def header(self) -> dict[str, Any]:
        header: dict[str, Any] = self.data["rubric"]
        return header

    @property
    def groups(self) -> list[dict[str, Any]]:
        groups: list[dict[str, Any]] = self.data["quality"]
        return groups

    @property
    def award(self) -> dict[str, Any]:
        award: dict[str, Any] = self.data["award"]
        return award

    def at(self, keypath: Keypath, rule: str, message: str, *, warning: bool = False, key: bool = False) -> Diagnostic:
        line, column = self.document.locate(list(keypath), key=key)
        severity = Severity.WARNING if warning else Severity.ERROR
        return Diagnostic(self.document.path, line, column, rule, message, severity)

    def line_of(self, keypath: Keypath) -> int:
        return self.document.locate(list(keypath))[0]

    def criteria(self) -> Iterator[tuple[Keypath, dict[str, Any]]]:
        for g_index, group in enumerate(self.groups):
            for c_index, criterion in enumerate(group["criteria"]):
                yield ("quality", g_index, "criteria", c_index), criterion

    def owners(self) -> Iterator[tuple[Keypath, dict[str, Any]]]:
        """Every part of the rubric that may carry references: header, gates, groups, criteria."""
        yield ("rubric",), self.header
        for index, gate in enumerate(self.data.get("gates", [])):
            yield ("gates", index), gate
        for index, group in enumerate(self.groups):
            yield ("quality", index), group
        yield from self.criteria()


def _dec(value: Any) -> Decimal:
    return Decimal(str(value))


def _show(number: Decimal) -> str:
    """A Decimal written the way a person would: 100, 2.5, 0.25 (no exponent, no trailing zeros)."""
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


# --- R101 -------------------------------------------------------------------------------------


def _weight_rule(context: _Context) -> Iterator[Diagnostic]:
    strict = context.header.get("weights", "strict") == "strict"
    sets: list[tuple[Keypath, bool, str, list[tuple[str, Decimal]]]] = [
        (("quality",), True, "the group weights", [(g["id"], _dec(g["weight"])) for g in context.groups])
    ]
    for index, group in enumerate(context.groups):
        if group["criteria"]:  # an empty group is R109
            siblings = [(c["id"], _dec(c["weight"])) for c in group["criteria"]]
            sets.append(
                (("quality", index, "criteria"), True, f"the criterion weights of group {group['id']}", siblings)
            )
    award = context.award
    if award["formula"] in WEIGHTED_FORMULAS:
        pair = [("quality_weight", _dec(award["quality_weight"])), ("price_weight", _dec(award["price_weight"]))]
        sets.append((("award", "quality_weight"), False, "quality_weight + price_weight", pair))
    for keypath, key, what, siblings in sets:
        total = sum((weight for _, weight in siblings), _ZERO)
        listed = ", ".join(f"{name} {_show(weight)}" for name, weight in siblings)
        if total == _ZERO:
            yield context.at(
                keypath, "R101", f"{what} sum to 0 ({listed}); give at least one a weight above 0", key=key
            )
        elif strict and total != _HUNDRED:
            yield context.at(
                keypath,
                "R101",
                f"{what} sum to {_show(total)} ({listed}), not 100; change them so that they sum to 100, "
                "or set 'weights: normalise' under 'rubric' to have them scaled to 100",
                key=key,
            )


# --- R102 -------------------------------------------------------------------------------------


def _id_rule(context: _Context) -> Iterator[Diagnostic]:
    entries: list[tuple[str, str, Keypath]] = [
        ("gate", gate["id"], ("gates", index, "id")) for index, gate in enumerate(context.data.get("gates", []))
    ]
    for index, group in enumerate(context.groups):
        entries.append(("group", group["id"], ("quality", index, "id")))
    entries.extend(("criterion", criterion["id"], (*keypath, "id")) for keypath, criterion in context.criteria())
    # Groups come before their criteria in the file only per group; order by position instead.
    entries.sort(key=lambda entry: context.document.locate(list(entry[2])))
    first: dict[str, tuple[str, int]] = {}
    for kind, ident, keypath in entries:
        if ident in first:
            other_kind, line = first[ident]
            yield context.at(
                keypath,
                "R102",
                f"the id '{ident}' is already used by the {other_kind} on line {line}; gates, groups and "
                "criteria share one set of ids: rename one of them",
            )
        else:
            first[ident] = (kind, context.line_of(keypath))


# --- R103, R104, R111 -------------------------------------------------------------------------


def _guidelines_rule(context: _Context) -> Iterator[Diagnostic]:
    model = context.guidelines
    if model is None:
        return
    for keypath, owner in context.owners():
        for index, ref in enumerate(owner.get("references", {}).get("guidelines", [])):
            if model.resolve(ref) is None:
                pillar = model.pillar(ref)
                hint = f"pillar {pillar.ref} has {_extent(pillar)}" if pillar else "there is no such pillar"
                yield context.at(
                    (*keypath, "references", "guidelines", index),
                    "R103",
                    f"guidelines reference '{ref}' does not resolve ({hint}); correct it or remove it",
                )


def _extent(pillar: Pillar) -> str:
    text = f"principles P1 to P{len(pillar.principles)}"
    if pillar.actions:
        first, last = pillar.actions[0].ref.split("/")[1], pillar.actions[-1].ref.split("/")[1]
        text += f" and actions {first} to {last}"
    return text


def _clause_rule(context: _Context) -> Iterator[Diagnostic]:
    library = context.library
    if library is None:
        return
    for keypath, owner in context.owners():
        for index, clause_id in enumerate(owner.get("references", {}).get("clauses", [])):
            where = (*keypath, "references", "clauses", index)
            clause = library.get(clause_id)
            if clause is None and clause_id not in library.unbuilt_ids:
                close = difflib.get_close_matches(clause_id, list(library.by_id), n=1)
                hint = f"did you mean '{close[0]}'?" if close else "correct the id or remove the reference"
                yield context.at(
                    where, "R104", f"clause '{clause_id}' is not in the library {library.id}; {hint}", warning=True
                )
            elif clause is not None and clause.status == "deprecated":
                replacement = f"'{clause.replaced_by}'" if clause.replaced_by else "its replacement"
                yield context.at(
                    where,
                    "R111",
                    f"clause '{clause_id}' is deprecated; refer to {replacement} instead",
                    warning=True,
                )


# --- R105, R106 -------------------------------------------------------------------------------


def _scale_rule(context: _Context) -> Iterator[Diagnostic]:
    levels = context.header["scale"]
    seen: dict[int, int] = {}
    out_of_order: tuple[int, int] | None = None
    for index, level in enumerate(levels):
        score = int(level["score"])
        where: Keypath = ("rubric", "scale", index, "score")
        if score in seen:
            yield context.at(
                where,
                "R105",
                f"scale level {score} is defined twice (first on line {seen[score]}); keep one of them",
            )
            continue
        seen[score] = context.line_of(where)
        if score != index and out_of_order is None:
            out_of_order = (index, score)
    if len(seen) < len(levels):  # with repeats, places shift: name the levels that are missing
        missing = [str(n) for n in range(max(seen) + 1) if n not in seen]
        if missing or min(seen) < 0:
            yield context.at(
                ("rubric", "scale"),
                "R105",
                f"the scale has no level {', '.join(missing) or 0}: the levels must be the whole numbers "
                "0, 1, 2 … in order, with none missing; renumber the levels",
                key=True,
            )
    elif out_of_order is not None:
        index, score = out_of_order
        yield context.at(
            ("rubric", "scale", index, "score"),
            "R105",
            f"scale level {score} is in place {index + 1}: the levels must be the whole numbers 0, 1, 2 … "
            f"in order, so this one should be {index}; renumber the levels",
        )


def _scale_bounds(context: _Context) -> tuple[int, int]:
    scores = [int(level["score"]) for level in context.header["scale"]]
    return min(scores), max(scores)


def _minimum_rule(context: _Context) -> Iterator[Diagnostic]:
    low, high = _scale_bounds(context)
    for keypath, criterion in context.criteria():
        if "minimum" not in criterion:
            continue
        minimum = _dec(criterion["minimum"])
        if minimum > high or minimum < low:
            side = "above the top" if minimum > high else "below the bottom"
            yield context.at(
                (*keypath, "minimum"),
                "R106",
                f"criterion {criterion['id']}: minimum {_show(minimum)} is {side} of the scale ({low} to {high}); "
                f"set a minimum from {low} to {high}",
            )
    for index, group in enumerate(context.groups):
        if "minimum" in group:
            minimum = _dec(group["minimum"])
            if not _ZERO <= minimum <= _HUNDRED:
                yield context.at(
                    ("quality", index, "minimum"),
                    "R106",
                    f"group {group['id']}: minimum {_show(minimum)} is not a percentage of the group's maximum "
                    "score; set it from 0 to 100",
                )


# --- R107 -------------------------------------------------------------------------------------


def _formula_rule(context: _Context) -> Iterator[Diagnostic]:
    award = context.award
    formula: str = award["formula"]
    parameters: dict[str, Any] = award.get("parameters", {})
    known = FORMULA_PARAMETERS.get(formula, ())
    takes = ", ".join(known) if known else "no parameters"
    for name in parameters:
        if name not in known:
            yield context.at(
                ("award", "parameters", name),
                "R107",
                f"formula {formula} does not use the parameter '{name}' (it takes {takes}); remove it",
                key=True,
            )
    if formula == "log":
        if "zero_ratio" not in parameters:
            yield context.at(
                ("award", "formula"),
                "R107",
                "formula log needs the parameter zero_ratio, the ratio to the best price at which the price "
                "score falls to 0; add 'parameters: {zero_ratio: 2}' (any number above 1) under 'award'",
            )
        elif _dec(parameters["zero_ratio"]) <= 1:
            yield context.at(
                ("award", "parameters", "zero_ratio"),
                "R107",
                f"zero_ratio is {_show(_dec(parameters['zero_ratio']))}; it must be above 1 (e.g. 2: a price "
                "twice the best scores 0)",
            )
    if formula == "value-for-money" and "scale" in parameters and _dec(parameters["scale"]) <= 0:
        yield context.at(
            ("award", "parameters", "scale"),
            "R107",
            f"scale is {_show(_dec(parameters['scale']))}; it must be above 0 (or leave it out for 1,000,000)",
        )
    yield from _weight_parameters(context, formula)
    yield from _values_per_level(context, formula)


def _weight_parameters(context: _Context, formula: str) -> Iterator[Diagnostic]:
    quality, price = _dec(context.award["quality_weight"]), _dec(context.award["price_weight"])
    if formula == "utility-index" and price <= 0:
        yield context.at(
            ("award", "price_weight"),
            "R107",
            "formula utility-index divides by price_weight; set a price_weight above 0",
        )
    if formula == "quality-only" and price != 0:
        yield context.at(
            ("award", "price_weight"),
            "R107",
            f"formula quality-only ignores price, but price_weight is {_show(price)}; set it to 0 "
            "(or choose a formula that weighs price)",
        )
    if formula == "price-only" and quality != 0:
        yield context.at(
            ("award", "quality_weight"),
            "R107",
            f"formula price-only ignores quality, but quality_weight is {_show(quality)}; set it to 0 "
            "(or choose a formula that weighs quality)",
        )


def _values_per_level(context: _Context, formula: str) -> Iterator[Diagnostic]:
    for keypath, criterion in context.criteria():
        value = criterion.get("values_per_level")
        if formula != "award-on-value":
            if value is not None:
                yield context.at(
                    (*keypath, "values_per_level"),
                    "R107",
                    f"criterion {criterion['id']}: values_per_level is used only by formula award-on-value; remove it",
                )
        elif value is None:
            yield context.at(
                (*keypath, "id"),
                "R107",
                f"criterion {criterion['id']}: formula award-on-value needs values_per_level (the money each "
                "scale point is worth) on every criterion; add it",
            )
        elif _dec(value) < 0:
            yield context.at(
                (*keypath, "values_per_level"),
                "R107",
                f"criterion {criterion['id']}: values_per_level is {_show(_dec(value))}; it must be 0 or more",
            )


# --- R108 - R113 ------------------------------------------------------------------------------


def _tie_break_rule(context: _Context) -> Iterator[Diagnostic]:
    seen: set[str] = set()
    for index, entry in enumerate(context.header.get("tie_break", [])):
        where: Keypath = ("rubric", "tie_break", index)
        if entry not in TIE_BREAKS:
            close = difflib.get_close_matches(entry, TIE_BREAKS, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            yield context.at(where, "R108", f"'{entry}' is not a tie-break; {hint}use quality, price or submission")
        elif entry in seen:
            yield context.at(where, "R108", f"'{entry}' is listed twice in tie_break; remove one")
        seen.add(entry)


def _empty_group_rule(context: _Context) -> Iterator[Diagnostic]:
    for index, group in enumerate(context.groups):
        if not group["criteria"]:
            yield context.at(
                ("quality", index, "criteria"),
                "R109",
                f"group {group['id']} has no criteria; add at least one or remove the group",
                key=True,
            )


def _budgeting_rule(context: _Context) -> Iterator[Diagnostic]:
    for _, owner in context.owners():
        for ref in owner.get("references", {}).get("guidelines", []):
            if ref == _BUDGETING_PILLAR or ref.startswith(_BUDGETING_PILLAR + "/"):
                return
    header_refs = "references" in context.header
    yield context.at(
        ("rubric", "references") if header_refs else ("rubric",),
        "R110",
        "the rubric cites no part of pillar 2.2.4 (Budgeting and Financing); add a reference such as "
        "2.2.4/P3 or 2.2.4/A2.1 to the rubric's or a criterion's 'references: {guidelines: [...]}'",
        warning=True,
        key=not header_refs,
    )


def _discount_rule(context: _Context) -> Iterator[Diagnostic]:
    price = context.data["price"]
    if price["basis"] == "capex" and "discount_rate" in price:
        yield context.at(
            ("price", "discount_rate"),
            "R112",
            "basis capex compares the capital cost alone, which is never discounted; remove discount_rate "
            "or use basis lifecycle",
            warning=True,
        )


def _spread_rule(context: _Context) -> Iterator[Diagnostic]:
    low, high = _scale_bounds(context)
    given = "moderation_spread" in context.header
    spread = _dec(context.header.get("moderation_spread", DEFAULT_MODERATION_SPREAD))
    if spread == 0 or spread > high - low:
        effect = (
            "every scored criterion would be flagged"
            if spread == 0
            else f"no criterion can ever be flagged on a scale from {low} to {high}"
        )
        yield context.at(
            ("rubric", "moderation_spread") if given else ("rubric", "scale"),
            "R113",
            f"moderation_spread is {_show(spread)}: {effect}; set it from 1 to {high - low}",
            warning=True,
            key=not given,
        )


_RULES = (
    _weight_rule,
    _id_rule,
    _guidelines_rule,
    _clause_rule,
    _scale_rule,
    _minimum_rule,
    _formula_rule,
    _tie_break_rule,
    _empty_group_rule,
    _budgeting_rule,
    _discount_rule,
    _spread_rule,
)


# --- building the model -----------------------------------------------------------------------


def _scaled(weights: list[Decimal]) -> list[Decimal]:
    """Weights scaled to sum to exactly 100 (see the module docstring); unchanged if they do already."""
    total = sum(weights, _ZERO)
    if total in (_HUNDRED, _ZERO):
        return weights
    scaled = [weight * _HUNDRED / total for weight in weights]
    largest = weights.index(max(weights))
    scaled[largest] = _HUNDRED - sum((w for i, w in enumerate(scaled) if i != largest), _ZERO)
    return scaled


def _references(owner: dict[str, Any]) -> References:
    refs = owner.get("references", {})
    return References(tuple(refs.get("guidelines", ())), tuple(refs.get("clauses", ())))


def _optional(owner: dict[str, Any], key: str) -> Decimal | None:
    return _dec(owner[key]) if owner.get(key) is not None else None


def _build(document: LoadedYaml) -> Rubric:
    data = document.data
    header = data["rubric"]
    normalise = header.get("weights", "strict") == "normalise"

    def weights(values: list[Decimal]) -> list[Decimal]:
        return _scaled(values) if normalise else values

    groups = []
    group_weights = weights([_dec(group["weight"]) for group in data["quality"]])
    for group, group_weight in zip(data["quality"], group_weights, strict=True):
        criterion_weights = weights([_dec(criterion["weight"]) for criterion in group["criteria"]])
        criteria = tuple(
            Criterion(
                id=criterion["id"],
                title=criterion["title"],
                weight=weight,
                minimum=_optional(criterion, "minimum"),
                references=_references(criterion),
                guidance=criterion.get("guidance", ""),
                value_per_level=_optional(criterion, "values_per_level"),
            )
            for criterion, weight in zip(group["criteria"], criterion_weights, strict=True)
        )
        groups.append(
            Group(
                id=group["id"],
                title=group["title"],
                weight=group_weight,
                criteria=criteria,
                minimum=_optional(group, "minimum"),
                references=_references(group),
            )
        )
    award = data["award"]
    quality_weight, price_weight = weights([_dec(award["quality_weight"]), _dec(award["price_weight"])])
    low_percent = header.get("abnormally_low_percent", 80)
    return Rubric(
        id=header["id"],
        title=header["title"],
        version=header["version"],
        description=header.get("description", ""),
        scale=tuple(ScaleLevel(int(level["score"]), level["label"], level["descriptor"]) for level in header["scale"]),
        gates=tuple(
            Gate(gate["id"], gate["title"], gate.get("description", ""), _references(gate))
            for gate in data.get("gates", ())
        ),
        groups=tuple(groups),
        price=PriceBasis(data["price"]["basis"], _optional(data["price"], "discount_rate")),
        award=Award(
            formula=award["formula"],
            quality_weight=quality_weight,
            price_weight=price_weight,
            parameters=tuple((name, _dec(value)) for name, value in award.get("parameters", {}).items()),
        ),
        references=_references(header),
        aggregation=header.get("aggregation", "mean"),
        justification_required=header.get("justification", "required") == "required",
        moderation_spread=_dec(header.get("moderation_spread", DEFAULT_MODERATION_SPREAD)),
        abnormally_low_percent=None if low_percent is None else _dec(low_percent),
        tie_break=tuple(header.get("tie_break", ("quality", "price"))),
        path=document.path,
    )
