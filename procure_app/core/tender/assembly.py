"""Assembly: a tender spec plus clauses becomes a numbered, fully worded tender.

Sections are numbered 1, 2 … and clauses 1.1, 1.2 … in the officer's order; every placeholder is
replaced by its value formatted for the tender's language, every ``{{ ref:id }}`` by the number
the other clause got. Clauses come from the lock file when pinned there, from the library
otherwise. Nothing is run through a template engine, and the result depends on nothing but the
inputs, so the same inputs always give the same tender.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..base.diagnostics import Diagnostic, Severity
from ..base.formatting import format_boolean, format_date, format_duration, format_money, format_number
from ..base.yamlio import PathKey
from ..library.clauses import STANDARD_VARIANT, Clause, ClauseLibrary, Variable
from ..library.pinning import Lock, clause_hash
from ..library.placeholders import MissingValues, find_placeholders, find_template_syntax, substitute
from ..library.textblocks import Block, BulletList, Paragraph, split_blocks
from ..library.variables import DURATION_PATTERN, parse_iso_date, value_problem
from .spec import ClauseEntry, CustomClause, Section, TenderSpec

__all__ = [
    "AssembledClause",
    "AssembledSection",
    "AssembledTender",
    "Requirement",
    "assemble",
    "plain_text",
    "reword_clause",
    "ANSWERED_KINDS",
]

# Clause kinds a bidder answers in the response form (besides every verification requirement).
ANSWERED_KINDS = ("selection", "specification", "award")


@dataclass(frozen=True)
class AssembledClause:
    number: str
    id: str
    title: str
    kind: str
    origin: str  # "library" or "custom"
    blocks: tuple[Block, ...]
    verification: str | None
    category: str | None = None
    variant: str = "standard"
    version: str | None = None
    sha256: str | None = None
    status: str | None = None
    guideline_refs: tuple[str, ...] = ()
    level: str | None = None
    keypath: tuple[PathKey, ...] = ()  # where the entry is written in the spec, for diagnostics


@dataclass(frozen=True)
class AssembledSection:
    number: str
    title: str
    intro: tuple[Block, ...]
    clauses: tuple[AssembledClause, ...]


@dataclass(frozen=True)
class Requirement:
    """One row a bidder must answer: a clause to comply with, or the evidence a clause asks for."""

    key: str
    clause_number: str
    clause_id: str
    title: str
    kind: str  # "requirement" or "verification"
    text: str


@dataclass
class AssembledTender:
    spec: TenderSpec
    sections: tuple[AssembledSection, ...]
    lock: Lock
    description: tuple[Block, ...] = ()
    numbers: dict[str, str] = field(default_factory=dict)

    def clauses(self) -> Iterator[AssembledClause]:
        for section in self.sections:
            yield from section.clauses

    def requirements(self) -> list[Requirement]:
        rows: list[Requirement] = []
        for clause in self.clauses():
            if clause.kind in ANSWERED_KINDS:
                rows.append(
                    Requirement(
                        f"R{clause.number}",
                        clause.number,
                        clause.id,
                        clause.title,
                        "requirement",
                        plain_text(clause.blocks),
                    )
                )
            if clause.verification:
                rows.append(
                    Requirement(
                        f"V{clause.number}",
                        clause.number,
                        clause.id,
                        clause.title,
                        "verification",
                        " ".join(clause.verification.split()),
                    )
                )
        return rows


def plain_text(blocks: tuple[Block, ...]) -> str:
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, BulletList):
            parts.extend(f"• {item}" for item in block.items)
        else:
            parts.append(block.text)
    return "\n".join(parts)


@dataclass
class _Plan:
    """What each entry resolves to before wording: the clause, its number and its values."""

    section: Section
    entry: ClauseEntry
    number: str
    clause: Clause | None


def assemble(
    spec: TenderSpec, library: ClauseLibrary, lock: Lock | None = None
) -> tuple[AssembledTender | None, list[Diagnostic]]:
    """Assemble the tender; None and the problems when anything blocks it."""
    problems: list[Diagnostic] = []
    new_lock = Lock(library.id, library.version)
    plans = list(_plan(spec, library, lock, new_lock, problems))
    numbers = {plan.entry.id: plan.number for plan in plans}
    sections: list[AssembledSection] = []
    for s_index, section in enumerate(spec.sections, start=1):
        worded = [_word(spec, plan, numbers, problems) for plan in plans if plan.section is section]
        if not section.entries:
            problems.append(
                spec.diagnostic(section.keypath, "T207", f"section '{section.title}' has no clauses", Severity.WARNING)
            )
        intro = tuple(split_blocks(section.intro)) if section.intro else ()
        sections.append(AssembledSection(str(s_index), section.title, intro, tuple(c for c in worded if c is not None)))
    if any(p.is_error for p in problems):
        return None, problems
    description = tuple(split_blocks(spec.description)) if spec.description else ()
    return AssembledTender(spec, tuple(sections), new_lock, description, numbers), problems


def reword_clause(
    tender: AssembledTender, library: ClauseLibrary, entry: Mapping[str, Any], keypath: tuple[str, int, str, int]
) -> AssembledClause | None:
    """The clause at ``keypath`` worded again from its ``entry`` as it is being edited (a library
    clause's variant and values, a custom clause's own words), with the numbers, language and
    currency of the last assembly of ``tender``.

    The work follows the one clause changed, not the size of the tender: the builder's preview
    shows a value as it is typed, before the whole tender is checked again. None when the entry
    cannot be worded as it is (the check that follows says why)."""
    number = f"{int(keypath[1]) + 1}.{int(keypath[3]) + 1}"  # numbered by place, as assemble numbers
    spec = replace(tender.spec, document=None)  # problems are not located: only the wording is wanted
    section = tender.spec.sections[0] if tender.spec.sections else Section("", None, (), ())
    problems: list[Diagnostic] = []
    custom = entry.get("custom")
    if custom is not None:
        written = _custom_entry(custom, keypath)
        if written is None:
            return None
        worded = _word(spec, _Plan(section, written, number, None), tender.numbers, problems)
        return worded if not any(p.is_error for p in problems) else None
    clause_id = entry.get("clause")
    if not isinstance(clause_id, str):
        return None
    clause = tender.lock.clauses.get(clause_id) or library.get(clause_id)
    values = entry.get("values")
    if clause is None or not isinstance(values, Mapping | None):
        return None
    variant = entry.get("variant", STANDARD_VARIANT)
    edited = ClauseEntry(keypath, clause_id, str(variant), tuple((values or {}).items()))
    worded = _word(spec, _Plan(section, edited, number, clause), tender.numbers, problems)
    return worded if not any(p.is_error for p in problems) else None


def _custom_entry(custom: object, keypath: tuple[PathKey, ...]) -> ClauseEntry | None:
    """A custom clause as it is being written, or None while a field it needs is not text yet."""
    if not isinstance(custom, Mapping):
        return None
    fields = [custom.get(key) for key in ("id", "title", "kind", "text")]
    verification = custom.get("verification")
    if not all(isinstance(value, str) and value.strip() for value in fields) or not isinstance(
        verification, str | None
    ):
        return None
    clause_id, title, kind, text = (str(value) for value in fields)
    return ClauseEntry(keypath, custom=CustomClause(clause_id, title, kind, text, verification))


def _plan(
    spec: TenderSpec, library: ClauseLibrary, lock: Lock | None, new_lock: Lock, problems: list[Diagnostic]
) -> Iterator[_Plan]:
    seen: dict[str, str] = {}
    for s_index, section in enumerate(spec.sections, start=1):
        for c_index, entry in enumerate(section.entries, start=1):
            number = f"{s_index}.{c_index}"
            if entry.id in seen:
                problems.append(
                    spec.diagnostic(
                        entry.keypath, "T102", f"clause {entry.id} is already in the tender as {seen[entry.id]}"
                    )
                )
                continue
            seen[entry.id] = number
            if entry.custom is not None:
                if library.get(entry.id) is not None:
                    problems.append(
                        spec.diagnostic(
                            (*entry.keypath, "custom", "id"),
                            "T109",
                            f"the custom clause id {entry.id} is a library clause's id; "
                            f"choose another (e.g. custom-{entry.id})",
                        )
                    )
                yield _Plan(section, entry, number, None)
                continue
            clause = (lock.clauses.get(entry.id) if lock else None) or library.get(entry.id)
            if clause is None:
                problems.append(_unknown_clause(spec, entry, library))
                continue
            new_lock.clauses[clause.id] = clause
            yield _Plan(section, entry, number, clause)


def _unknown_clause(spec: TenderSpec, entry: ClauseEntry, library: ClauseLibrary) -> Diagnostic:
    import difflib

    close = difflib.get_close_matches(entry.id, list(library.by_id), n=1)
    hint = f"; did you mean {close[0]}?" if close else "; `procure library list` shows the clauses"
    return spec.diagnostic((*entry.keypath, "clause"), "T101", f"no clause {entry.id} in the library{hint}")


def _word(spec: TenderSpec, plan: _Plan, numbers: dict[str, str], problems: list[Diagnostic]) -> AssembledClause | None:
    entry = plan.entry
    if entry.custom is not None:
        custom = entry.custom
        text_problems = _custom_text_problems(spec, entry)
        problems.extend(text_problems)
        blocks = _resolve(spec, entry, custom.text, {}, numbers, problems) if not text_problems else ()
        return AssembledClause(
            plan.number,
            custom.id,
            custom.title,
            custom.kind,
            "custom",
            blocks,
            custom.verification,
            keypath=entry.keypath,
        )
    clause = plan.clause
    assert clause is not None
    if entry.variant not in clause.variant_names:
        problems.append(
            spec.diagnostic(
                (*entry.keypath, "variant"),
                "T103",
                f"clause {clause.id} has no variant '{entry.variant}' (variants: {', '.join(clause.variant_names)})",
            )
        )
        return None
    values = _values(spec, entry, clause, problems)
    if values is None:
        return None
    text = _clause_text(clause, entry.variant, values)
    formatted = {v.name: _format(spec, v, values[v.name]) for v in clause.variables if v.name in values}
    blocks = _resolve(spec, entry, text, formatted, numbers, problems)
    return AssembledClause(
        plan.number,
        clause.id,
        clause.title,
        clause.kind,
        "library",
        blocks,
        clause.verification,
        category=clause.category,
        variant=entry.variant,
        version=clause.version,
        sha256=clause_hash(clause),
        status=clause.status,
        guideline_refs=clause.guideline_refs,
        level=clause.level,
        keypath=entry.keypath,
    )


def _values(spec: TenderSpec, entry: ClauseEntry, clause: Clause, problems: list[Diagnostic]) -> dict[str, Any] | None:
    """The clause's values (given, else default); None when any is missing or wrong."""
    given = entry.value_map
    ok = True
    for name, value in given.items():
        variable = clause.variable(name)
        where = (*entry.keypath, "values", name)
        if variable is None:
            declared = ", ".join(v.name for v in clause.variables) or "none"
            problems.append(
                spec.diagnostic(where, "T104", f"clause {clause.id} has no variable '{name}' (variables: {declared})")
            )
            ok = False
        elif (reason := value_problem(variable, value)) is not None:
            problems.append(spec.diagnostic(where, "T105", f"clause {clause.id}: '{name}' {reason}"))
            ok = False
    values = {v.name: given.get(v.name, v.default) for v in clause.variables}
    missing = [v for v in clause.variables if v.required and values[v.name] is None]
    if missing:
        listed = "; ".join(f"{v.name} ({v.label})" for v in missing)
        problems.append(spec.diagnostic(entry.keypath, "T106", f"clause {clause.id} needs a value for: {listed}"))
        ok = False
    return {k: v for k, v in values.items() if v is not None} if ok else None


def _clause_text(clause: Clause, variant: str, values: dict[str, Any]) -> str:
    parts = [clause.variant_text(variant)]
    for paragraph in clause.optional_paragraphs:
        applies = not paragraph.variants or variant in paragraph.variants
        if applies and values.get(paragraph.enabled_by) is True:
            parts.append(paragraph.text)
    return "\n\n".join(part.strip("\n") for part in parts)


def _format(spec: TenderSpec, variable: Variable, value: Any) -> str:
    language = spec.language
    if variable.type == "number":
        return format_number(value, language)
    if variable.type == "money":
        return format_money(value, spec.currency, language)
    if variable.type == "date":
        day = parse_iso_date(value)
        return format_date(day, language) if day else str(value)
    if variable.type == "duration":
        match = DURATION_PATTERN.match(value)
        return format_duration(int(match.group(1)), match.group(2), language) if match else str(value)
    if variable.type == "boolean":
        return format_boolean(value, language)
    return " ".join(str(value).split())  # one line: a value never changes the paragraph structure


def _resolve(
    spec: TenderSpec,
    entry: ClauseEntry,
    text: str,
    values: dict[str, str],
    numbers: dict[str, str],
    problems: list[Diagnostic],
) -> tuple[Block, ...]:
    """Split the text into blocks and fill each; a reference to a clause not in the tender is T107."""
    resolved: list[Block] = []
    missing: set[str] = set()
    for block in split_blocks(text):
        try:
            if isinstance(block, BulletList):
                resolved.append(BulletList(tuple(substitute(item, values, numbers) for item in block.items)))
            else:
                resolved.append(Paragraph(substitute(block.text, values, numbers)))
        except MissingValues as absent:  # values were checked already: only references can be missing
            missing.update(name.removeprefix("ref:") for name in absent.names)
    for target in sorted(missing):
        problems.append(
            spec.diagnostic(
                entry.keypath,
                "T107",
                f"clause {entry.id} refers to clause {target}, which is not in this tender; add {target} or choose "
                "another variant",
            )
        )
    return () if missing else tuple(resolved)


def _custom_text_problems(spec: TenderSpec, entry: ClauseEntry) -> list[Diagnostic]:
    assert entry.custom is not None
    where = (*entry.keypath, "custom", "text")
    found = [
        spec.diagnostic(
            where,
            "T110",
            f"custom clause {entry.id} uses {{{{ {p.name} }}}}: custom clauses take no variables; write the value in",
        )
        for p in find_placeholders(entry.custom.text)
        if not p.is_ref
    ]
    found += [
        spec.diagnostic(where, "T110", f"custom clause {entry.id}: '{s.snippet}' is not allowed; write the text out")
        for s in find_template_syntax(entry.custom.text)
    ]
    return found
