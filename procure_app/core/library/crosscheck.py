"""Cross-checks of a clause library that a JSON Schema cannot express.

Each rule has a stable id, documented in the README:

=====  ========  ===================================================================
rule   severity  what it catches
=====  ========  ===================================================================
L101   error     the same clause id twice in the library
L102   error     a category that library.yaml does not declare
L103   error     a ``{{ placeholder }}`` with no declared variable
L104   error     a declared variable that no text uses
L105   error     a guidelines reference that does not resolve
L106   error     template syntax other than placeholders (``{%``, filters, stray braces)
L107   error     ``{{ ref:id }}`` to a clause that is not in the library, or to itself
L108   error     a variant named twice or named ``standard``
L109   error     ``enabled_by`` that is not a boolean variable of the clause
L110   error     an optional paragraph that names an unknown variant
L111   error     a deprecated clause without ``replaced_by``
L112   error     ``replaced_by`` naming an unknown, deprecated or the same clause
L113   error     a default value that does not fit its variable
L114   error     a variable or optional paragraph named twice in one clause
L115   error     ``last_reviewed`` that is not a real calendar date
L116   error     no ``verification`` on a clause whose kind needs one
L117   error     a variable field that does not fit its type (``allowed`` without choice ...)
L118   error     the same category id twice in library.yaml
L119   error     ``min`` greater than ``max``
L201   warning   ``replaced_by`` on a clause that is not deprecated
L202   warning   a declared category with no clauses
L203   warning   ``last_reviewed`` in the future
L204   warning   an approved clause that refers to a deprecated one
=====  ========  ===================================================================
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from ..base.diagnostics import Diagnostic, Severity
from ..base.yamlio import PathKey
from .clauses import STANDARD_VARIANT, Clause, ClauseLibrary, LibraryLoad
from .guidelines import GuidelinesModel
from .placeholders import find_placeholders, find_template_syntax
from .variables import parse_iso_date, value_problem

__all__ = ["cross_check", "KINDS_NEEDING_VERIFICATION"]

KINDS_NEEDING_VERIFICATION = {"selection", "specification", "award", "contract-performance"}


@dataclass
class _Context:
    library: ClauseLibrary
    guidelines: GuidelinesModel | None
    today: date
    check_categories: bool


def cross_check(
    load: LibraryLoad,
    guidelines: GuidelinesModel | None,
    today: date | None = None,
    *,
    check_categories: bool = True,
) -> list[Diagnostic]:
    """All cross-check problems of a loaded library."""
    # Without a readable library.yaml there are no categories to check against (F003 or the
    # manifest's own errors say so already).
    check_categories = check_categories and bool(load.library.categories)
    context = _Context(load.library, guidelines, today or date.today(), check_categories)
    found: list[Diagnostic] = []
    found.extend(_library_rules(load, context))
    for clause in context.library.clauses:
        for rule in _CLAUSE_RULES:
            found.extend(rule(clause, context))
    return found


def _at(
    clause: Clause, rule: str, message: str, *parts: PathKey, warning: bool = False, key: bool = False
) -> Diagnostic:
    assert clause.source is not None
    line, column = clause.source.locate(*parts, key=key) if parts else clause.source.locate("id")
    severity = Severity.WARNING if warning else Severity.ERROR
    return Diagnostic(clause.source.path, line, column, rule, f"clause {clause.id}: {message}", severity)


def _in_text(clause: Clause, rule: str, message: str, parts: tuple[PathKey, ...], offset: int) -> Diagnostic:
    assert clause.source is not None
    line, column = clause.source.document.locate_in_text(clause.source.keypath(*parts), offset)
    return Diagnostic(clause.source.path, line, column, rule, f"clause {clause.id}: {message}")


def _library_rules(load: LibraryLoad, context: _Context) -> Iterator[Diagnostic]:
    first_seen: dict[str, Clause] = {}
    for clause in context.library.clauses:
        other = first_seen.setdefault(clause.id, clause)
        if other is not clause:
            assert other.source is not None
            line, _ = other.source.locate("id")
            yield _at(clause, "L101", f"the id is already used in {other.source.path}:{line}", "id")
    if load.manifest is None or not context.library.categories:
        return
    seen_categories: set[str] = set()
    used = {clause.category for clause in context.library.clauses} | context.library.unbuilt_categories
    for index, category in enumerate(context.library.categories):
        line, column = load.manifest.locate(["categories", index, "id"])
        if category.id in seen_categories:
            yield Diagnostic(load.manifest.path, line, column, "L118", f"category {category.id} is declared twice")
        seen_categories.add(category.id)
        if context.check_categories and category.id not in used:
            yield Diagnostic(
                load.manifest.path,
                line,
                column,
                "L202",
                f"category {category.id} has no clauses; add some or remove the category",
                Severity.WARNING,
            )


def _category_rule(clause: Clause, context: _Context) -> Iterator[Diagnostic]:
    if context.check_categories and context.library.category(clause.category) is None:
        declared = ", ".join(c.id for c in context.library.categories) or "none"
        yield _at(
            clause,
            "L102",
            f"category '{clause.category}' is not declared in library.yaml (declared: {declared})",
            "category",
        )


def _placeholder_rules(clause: Clause, context: _Context) -> Iterator[Diagnostic]:
    declared = {variable.name for variable in clause.variables}
    used: set[str] = {paragraph.enabled_by for paragraph in clause.optional_paragraphs}
    for parts, text in clause.texts():
        for placeholder in find_placeholders(text):
            if placeholder.is_ref:
                yield from _ref_problems(clause, context, parts, placeholder.name, placeholder.start)
                continue
            used.add(placeholder.name)
            if placeholder.name not in declared:
                yield _in_text(
                    clause,
                    "L103",
                    f"{{{{ {placeholder.name} }}}} is not a declared variable; declare it under 'variables' "
                    "or correct the name",
                    parts,
                    placeholder.start,
                )
        for syntax in find_template_syntax(text):
            yield _in_text(
                clause,
                "L106",
                f"'{syntax.snippet}' is not allowed in clause text: only {{{{ name }}}} and "
                "{{ ref:clause-id }} placeholders are; write the text out instead",
                parts,
                syntax.start,
            )
    for index, variable in enumerate(clause.variables):
        if variable.name not in used:
            yield _at(
                clause,
                "L104",
                f"variable '{variable.name}' is declared but no text uses it; use it or remove it",
                "variables",
                index,
                "name",
            )


def _ref_problems(
    clause: Clause, context: _Context, parts: tuple[PathKey, ...], target: str, offset: int
) -> Iterator[Diagnostic]:
    other = context.library.get(target)
    if target in context.library.unbuilt_ids:
        return  # that clause has schema errors of its own, reported already
    if target == clause.id:
        yield _in_text(clause, "L107", "a clause cannot refer to itself", parts, offset)
    elif other is None:
        yield _in_text(clause, "L107", f"{{{{ ref:{target} }}}} names no clause of the library", parts, offset)
    elif other.status == "deprecated" and clause.status == "approved":
        yield _warning(
            _in_text(
                clause,
                "L204",
                f"refers to the deprecated clause {target}; refer to {other.replaced_by or 'its replacement'}",
                parts,
                offset,
            )
        )


def _warning(diagnostic: Diagnostic) -> Diagnostic:
    return Diagnostic(
        diagnostic.path, diagnostic.line, diagnostic.column, diagnostic.rule, diagnostic.message, Severity.WARNING
    )


def _reference_rule(clause: Clause, context: _Context) -> Iterator[Diagnostic]:
    if context.guidelines is None:
        return
    for index, ref in enumerate(clause.guideline_refs):
        if context.guidelines.resolve(ref) is None:
            pillar = context.guidelines.pillar(ref)
            hint = f"pillar {pillar.ref} has {_range(pillar)}" if pillar else "no such pillar (2.1.1 to 2.2.4)"
            yield _at(
                clause,
                "L105",
                f"guidelines reference '{ref}' does not resolve: {hint}",
                "references",
                "guidelines",
                index,
            )


def _range(pillar: object) -> str:
    principles = getattr(pillar, "principles", ())
    actions = getattr(pillar, "actions", ())
    text = f"principles P1 to P{len(principles)}"
    if actions:
        text += f" and actions {actions[0].ref.split('/')[1]} to {actions[-1].ref.split('/')[1]}"
    return text


def _variant_rules(clause: Clause, context: _Context) -> Iterator[Diagnostic]:
    seen: set[str] = set()
    for index, variant in enumerate(clause.variants):
        if variant.name == STANDARD_VARIANT:
            yield _at(
                clause,
                "L108",
                "a variant cannot be named 'standard': that is the name of the main text",
                "variants",
                index,
                "name",
            )
        elif variant.name in seen:
            yield _at(clause, "L108", f"variant '{variant.name}' is named twice", "variants", index, "name")
        seen.add(variant.name)
    names = set(clause.variant_names)
    booleans = {v.name for v in clause.variables if v.type == "boolean"}
    paragraph_names: set[str] = set()
    for index, paragraph in enumerate(clause.optional_paragraphs):
        if paragraph.name in paragraph_names:
            yield _at(
                clause,
                "L114",
                f"optional paragraph '{paragraph.name}' is named twice",
                "optional_paragraphs",
                index,
                "name",
            )
        paragraph_names.add(paragraph.name)
        if paragraph.enabled_by not in booleans:
            yield _at(
                clause,
                "L109",
                f"optional paragraph '{paragraph.name}' is enabled by '{paragraph.enabled_by}', "
                "which is not a boolean variable of this clause; declare it with type: boolean",
                "optional_paragraphs",
                index,
                "enabled_by",
            )
        for v_index, name in enumerate(paragraph.variants):
            if name not in names:
                yield _at(
                    clause,
                    "L110",
                    f"optional paragraph '{paragraph.name}' names the variant '{name}', which does not "
                    f"exist (variants: {', '.join(sorted(names))})",
                    "optional_paragraphs",
                    index,
                    "variants",
                    v_index,
                )


def _status_rules(clause: Clause, context: _Context) -> Iterator[Diagnostic]:
    if clause.status == "deprecated" and clause.replaced_by is None:
        yield _at(clause, "L111", "is deprecated but names no replacement; add replaced_by", "status")
    if clause.replaced_by is not None:
        target = context.library.get(clause.replaced_by)
        if clause.status != "deprecated":
            yield _at(
                clause,
                "L201",
                "has replaced_by but is not deprecated; set status: deprecated or remove it",
                "replaced_by",
                warning=True,
            )
        if clause.replaced_by == clause.id:
            yield _at(clause, "L112", "cannot be replaced by itself", "replaced_by")
        elif target is None and clause.replaced_by not in context.library.unbuilt_ids:
            yield _at(
                clause, "L112", f"replaced_by names '{clause.replaced_by}', which is not in the library", "replaced_by"
            )
        elif target is not None and target.status == "deprecated":
            yield _at(
                clause,
                "L112",
                f"replaced_by names '{target.id}', which is deprecated too; name its replacement instead",
                "replaced_by",
            )
    if clause.kind in KINDS_NEEDING_VERIFICATION and clause.verification is None:
        yield _at(
            clause,
            "L116",
            f"a {clause.kind} clause needs 'verification': say how compliance is proven",
            "kind",
        )
    reviewed = parse_iso_date(clause.last_reviewed)
    if reviewed is None:
        yield _at(clause, "L115", f"last_reviewed '{clause.last_reviewed}' is not a real date", "last_reviewed")
    elif reviewed > context.today:
        yield _at(
            clause, "L203", f"last_reviewed {clause.last_reviewed} is in the future", "last_reviewed", warning=True
        )


def _variable_rules(clause: Clause, context: _Context) -> Iterator[Diagnostic]:
    seen: set[str] = set()
    for index, variable in enumerate(clause.variables):
        where = ("variables", index)
        if variable.name in seen:
            yield _at(clause, "L114", f"variable '{variable.name}' is declared twice", *where, "name")
        seen.add(variable.name)
        misfit = _misfit_field(variable.type, bool(variable.allowed), variable.minimum, variable.maximum, variable.unit)
        if misfit:
            yield _at(clause, "L117", f"variable '{variable.name}' ({variable.type}): {misfit}", *where, "type")
            continue
        if variable.minimum is not None and variable.maximum is not None and variable.minimum > variable.maximum:
            yield _at(clause, "L119", f"variable '{variable.name}': min is greater than max", *where, "min")
            continue
        if variable.default is not None:
            problem = value_problem(variable, variable.default)
            if problem:
                yield _at(clause, "L113", f"the default of '{variable.name}' {problem}", *where, "default")


def _misfit_field(kind: str, has_allowed: bool, minimum: float | None, maximum: float | None, unit: str | None) -> str:
    if kind == "choice" and not has_allowed:
        return "a choice needs 'allowed', the list of values to choose from"
    if kind != "choice" and has_allowed:
        return "'allowed' is only for type choice"
    if kind not in ("number", "money") and (minimum is not None or maximum is not None):
        return "'min' and 'max' are only for number and money"
    if kind != "number" and unit is not None:
        return "'unit' is only for type number"
    return ""


_CLAUSE_RULES = (
    _category_rule,
    _placeholder_rules,
    _reference_rule,
    _variant_rules,
    _status_rules,
    _variable_rules,
)
