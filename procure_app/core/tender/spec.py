"""The tender spec: a typed model of one tender and its loader (see ``docs/tender-spec.md``).

Loading checks the spec against its JSON Schema and the rules a schema cannot express (each entry
is either a library clause or a custom one; CPV codes of the CPV list, with their check digit;
real dates in a sensible order, a time zone for those with a time; lots that add up). Problems
come back as diagnostics with the spec's file and line; clause-level checks happen at assembly,
where the library is known.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..base.diagnostics import Diagnostic, ProblemError, Severity
from ..base.moments import format_moment, parse_moment, zone_problem
from ..base.schema_check import check_schema
from ..base.yamlio import LoadedYaml, PathKey, load_yaml, load_yaml_text
from ..rubric.reference import resolve_rubric
from .cpv import cpv_problem

__all__ = [
    "Money",
    "Lot",
    "KeyDates",
    "Buyer",
    "CustomClause",
    "ClauseEntry",
    "Section",
    "TenderSpec",
    "load_spec",
    "load_spec_text",
]


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class Lot:
    id: str
    title: str
    description: str | None
    estimated_value: Money | None


@dataclass(frozen=True)
class KeyDates:
    """The tender's dates; those given to the minute have their time in ``times``, in the tender's
    ``time_zone``."""

    publication: date
    submission_deadline: date
    clarification_deadline: date | None = None
    contract_start: date | None = None
    times: tuple[tuple[str, time], ...] = ()
    time_zone: str | None = None

    def time_of(self, name: str) -> time | None:
        return dict(self.times).get(name)

    def formatted(self, name: str, language: str) -> str | None:
        """The date ``name`` as the tender prints it, with its time and zone when it has one."""
        day = getattr(self, name)
        return format_moment(day, self.time_of(name), self.time_zone, language) if day is not None else None


@dataclass(frozen=True)
class Buyer:
    name: str
    address: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None


@dataclass(frozen=True)
class CustomClause:
    id: str
    title: str
    kind: str
    text: str
    verification: str | None


@dataclass(frozen=True)
class ClauseEntry:
    """One clause of a section: a library clause (with variant and values) or a custom clause."""

    keypath: tuple[PathKey, ...]
    clause_id: str | None = None
    variant: str = "standard"
    values: tuple[tuple[str, Any], ...] = ()
    custom: CustomClause | None = None

    @property
    def id(self) -> str:
        return self.custom.id if self.custom else str(self.clause_id)

    @property
    def value_map(self) -> dict[str, Any]:
        return dict(self.values)


@dataclass(frozen=True)
class Section:
    title: str
    intro: str | None
    entries: tuple[ClauseEntry, ...]
    keypath: tuple[PathKey, ...]


@dataclass(frozen=True)
class TenderSpec:
    path: Path
    title: str
    reference: str
    description: str | None
    language: str
    procedure: str
    main_category: str
    scope: tuple[str, ...]
    public_facing: bool
    cpv: tuple[str, ...]
    estimated_value: Money | None
    duration: str | None
    dates: KeyDates
    lots: tuple[Lot, ...]
    buyer: Buyer
    sections: tuple[Section, ...]
    document: LoadedYaml | None = None
    rubric_path: Path | None = None  # the scoring rubric whose criteria the tender publishes

    @property
    def currency(self) -> str:
        return self.estimated_value.currency if self.estimated_value else "EUR"

    def entries(self) -> Iterator[tuple[Section, ClauseEntry]]:
        for section in self.sections:
            for entry in section.entries:
                yield section, entry

    def diagnostic(
        self, keypath: tuple[PathKey, ...], rule: str, message: str, severity: Severity = Severity.ERROR
    ) -> Diagnostic:
        """A problem located at ``keypath`` of the spec file."""
        line, column = self.document.locate(list(keypath)) if self.document else (1, 1)
        return Diagnostic(self.path, line, column, rule, message, severity)


def load_spec(path: Path) -> tuple[TenderSpec | None, list[Diagnostic]]:
    """Load and check a tender spec; the spec is None when it has errors."""
    try:
        document = load_yaml(path)
    except ProblemError as problem:
        return None, [problem.diagnostic]
    return _checked(document)


def load_spec_text(text: str, path: Path) -> tuple[TenderSpec | None, list[Diagnostic]]:
    """Check the text of a spec being edited (not saved yet) with the rules and messages a saved
    ``path`` gets from :func:`load_spec`."""
    try:
        document = load_yaml_text(text, path)
    except ProblemError as problem:
        return None, [problem.diagnostic]
    return _checked(document)


def _checked(document: LoadedYaml) -> tuple[TenderSpec | None, list[Diagnostic]]:
    problems = check_schema(document, "tender-spec")
    if problems:
        return None, problems
    problems = list(_entry_shape_problems(document))
    if problems:
        return None, problems
    dates, date_problems = _dates(document)
    if dates is None:
        return None, date_problems
    spec = _build(document, dates)
    problems = date_problems + list(_cpv_problems(document)) + list(_lot_problems(spec))
    if any(p.is_error for p in problems):
        return None, problems
    return spec, problems


def _at(document: LoadedYaml, keypath: list[PathKey], rule: str, message: str, warning: bool = False) -> Diagnostic:
    line, column = document.locate(keypath)
    return Diagnostic(document.path, line, column, rule, message, Severity.WARNING if warning else Severity.ERROR)


def _entry_shape_problems(document: LoadedYaml) -> Iterator[Diagnostic]:
    for s_index, section in enumerate(document.data["sections"]):
        for e_index, entry in enumerate(section["clauses"]):
            where: list[PathKey] = ["sections", s_index, "clauses", e_index]
            has_clause, has_custom = "clause" in entry, "custom" in entry
            if has_clause == has_custom:
                yield _at(
                    document, where, "T108", "each entry needs either 'clause' (a library clause) or 'custom', not both"
                )
            elif has_custom and ({"variant", "values"} & set(entry)):
                yield _at(document, where, "T108", "'variant' and 'values' belong to library clauses, not to 'custom'")


def _dates(document: LoadedYaml) -> tuple[KeyDates | None, list[Diagnostic]]:
    tender = document.data["tender"]
    raw = tender["dates"]
    parsed: dict[str, date] = {}
    times: dict[str, time] = {}
    problems: list[Diagnostic] = []
    for name, value in raw.items():
        moment = parse_moment(value)
        if moment is None:
            message = f"{name} '{value}' is not a real date (and time): write YYYY-MM-DD or YYYY-MM-DDTHH:MM"
            problems.append(_at(document, ["tender", "dates", name], "T111", message))
            continue
        parsed[name] = moment[0]
        if moment[1] is not None:
            times[name] = moment[1]
    zone = tender.get("time_zone")
    if zone is not None and (problem := zone_problem(zone)) is not None:
        problems.append(_at(document, ["tender", "time_zone"], "T118", problem))
    elif zone is None:
        for name in times:
            message = f"{name} has a time: say whose, with the tender's time_zone (e.g. time_zone: Europe/Brussels)"
            problems.append(_at(document, ["tender", "dates", name], "T118", message))
    if problems:
        return None, problems
    order = ["publication", "clarification_deadline", "submission_deadline", "contract_start"]
    present = [name for name in order if name in parsed]
    for earlier, later in itertools.pairwise(present):
        both_timed = earlier in times and later in times
        first = datetime.combine(parsed[earlier], times[earlier]) if both_timed else parsed[earlier]
        then = datetime.combine(parsed[later], times[later]) if both_timed else parsed[later]
        if then <= first:  # both days, or both days with their time
            problems.append(
                _at(
                    document,
                    ["tender", "dates", later],
                    "T112",
                    f"{later} ({raw[later]}) must come after {earlier} ({raw[earlier]})",
                )
            )
    return KeyDates(**parsed, times=tuple(times.items()), time_zone=zone), problems


def _cpv_problems(document: LoadedYaml) -> Iterator[Diagnostic]:
    for index, code in enumerate(document.data["tender"].get("cpv", ())):
        problem = cpv_problem(code)
        if problem is not None:
            yield _at(document, ["tender", "cpv", index], "T117", problem)


def _money(data: dict[str, Any] | None) -> Money | None:
    if data is None:
        return None
    return Money(Decimal(str(data["amount"])), data["currency"])


def _build(document: LoadedYaml, dates: KeyDates) -> TenderSpec:
    data = document.data
    tender, buyer = data["tender"], data["buyer"]
    contact = buyer.get("contact", {})
    sections = []
    for s_index, section in enumerate(data["sections"]):
        entries = []
        for e_index, entry in enumerate(section["clauses"]):
            keypath: tuple[PathKey, ...] = ("sections", s_index, "clauses", e_index)
            custom = entry.get("custom")
            entries.append(
                ClauseEntry(
                    keypath=keypath,
                    clause_id=entry.get("clause"),
                    variant=entry.get("variant", "standard"),
                    values=tuple(entry.get("values", {}).items()),
                    custom=CustomClause(
                        custom["id"], custom["title"], custom["kind"], custom["text"], custom.get("verification")
                    )
                    if custom
                    else None,
                )
            )
        sections.append(Section(section["title"], section.get("intro"), tuple(entries), ("sections", s_index)))
    return TenderSpec(
        path=document.path,
        title=tender["title"],
        reference=tender["reference"],
        description=tender.get("description"),
        language=tender["language"],
        procedure=tender["procedure"],
        main_category=tender["main_category"],
        scope=tuple(tender["scope"]),
        public_facing=tender.get("public_facing", False),
        cpv=tuple(tender.get("cpv", ())),
        estimated_value=_money(tender.get("estimated_value")),
        duration=tender.get("duration"),
        dates=dates,
        lots=tuple(
            Lot(lot["id"], lot["title"], lot.get("description"), _money(lot.get("estimated_value")))
            for lot in tender.get("lots", ())
        ),
        buyer=Buyer(
            buyer["name"], buyer.get("address"), contact.get("name"), contact.get("email"), contact.get("phone")
        ),
        sections=tuple(sections),
        document=document,
        rubric_path=resolve_rubric(tender["rubric"], document.path) if "rubric" in tender else None,
    )


def _lot_problems(spec: TenderSpec) -> Iterator[Diagnostic]:
    seen: set[str] = set()
    for index, lot in enumerate(spec.lots):
        where: tuple[PathKey, ...] = ("tender", "lots", index)
        if lot.id in seen:
            yield spec.diagnostic((*where, "id"), "T114", f"lot '{lot.id}' is defined twice")
        seen.add(lot.id)
        if lot.estimated_value and spec.estimated_value and lot.estimated_value.currency != spec.currency:
            yield spec.diagnostic(
                (*where, "estimated_value", "currency"),
                "T114",
                f"lot '{lot.id}' is in {lot.estimated_value.currency}, the tender in {spec.currency}; use one currency",
            )
    values = [lot.estimated_value for lot in spec.lots if lot.estimated_value]
    if spec.estimated_value and values and len(values) == len(spec.lots):
        total = sum((money.amount for money in values), Decimal(0))
        if total != spec.estimated_value.amount:
            yield spec.diagnostic(
                ("tender", "estimated_value", "amount"),
                "T114",
                f"the lots add up to {total}, not the estimated value {spec.estimated_value.amount}",
                Severity.WARNING,
            )
