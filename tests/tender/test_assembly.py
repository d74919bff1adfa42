"""Assembly: numbering, references, values, variants, optional paragraphs, and every error rule."""

from __future__ import annotations

import pytest

from procure_app.core.library.textblocks import BulletList, Paragraph


def _texts(tender) -> dict[str, str]:
    return {
        c.id: "\n".join(b.text if isinstance(b, Paragraph) else "\n".join(b.items) for b in c.blocks)
        for c in tender.clauses()
    }


def test_sections_and_clauses_are_numbered_and_references_resolved(build) -> None:
    tender, problems = build()
    assert problems == []
    assert [(s.number, s.title) for s in tender.sections] == [("1", "First section"), ("2", "Second section")]
    assert [(c.number, c.id) for c in tender.clauses()] == [("1.1", "alpha"), ("2.1", "beta"), ("2.2", "custom-one")]
    texts = _texts(tender)
    assert texts["beta"] == "As set out in clause 1.1, the Contractor reports monthly."
    assert texts["custom-one"] == "See clause 2.1."


def test_values_are_formatted_for_the_language_and_defaults_apply(build) -> None:
    tender, _ = build()
    alpha = _texts(tender)["alpha"]
    assert "respond within 10 days and pay EUR\u00a025,000 from 31 January 2027" in alpha
    assert "for 36 months at level AA under ISO 37120." in alpha
    bullets = next(b for b in next(tender.clauses()).blocks if isinstance(b, BulletList))
    assert bullets.items == ("first item;", "second item.")


def test_french_tender_formats_money_and_dates_in_french(build) -> None:
    tender, _ = build(("language: en-GB", "language: fr"))
    alpha = _texts(tender)["alpha"]
    assert "25\u202f000\u00a0EUR" in alpha and "31 janvier 2027" in alpha and "36 mois" in alpha


def test_variant_and_optional_paragraph(build) -> None:
    tender, _ = build(("values: {days: 10, name: ISO 37120}", "values: {days: 10, name: ISO 37120, extra: true}"))
    assert _texts(tender)["alpha"].endswith("The Authority may audit this clause.")
    strict, _ = build(
        ("clause: alpha\n", "clause: alpha\n        variant: strict\n"),
        ("values: {days: 10, name: ISO 37120}", "values: {days: 10, name: ISO 37120, extra: true}"),
    )
    text = _texts(strict)["alpha"]
    assert text.startswith("Strictly within 10 days")
    assert "audit" not in text  # the paragraph only follows the standard variant


def test_a_value_that_looks_like_a_placeholder_stays_literal(build) -> None:
    tender, _ = build(("name: ISO 37120", "name: '{{ ref:beta }} & {{ 7*7 }}'"))
    assert "under {{ ref:beta }} & {{ 7*7 }}." in _texts(tender)["alpha"]


def test_assembly_is_deterministic(build) -> None:
    first, _ = build()
    second, _ = build()
    assert list(first.clauses()) == list(second.clauses())


@pytest.mark.parametrize(
    ("edit", "rule", "phrase"),
    [
        (("clause: beta", "clause: betta"), "T101", "did you mean beta?"),
        (
            ("      - clause: beta\n", "      - clause: beta\n      - clause: alpha\n"),
            "T102",
            "already in the tender as 1.1",
        ),
        (("clause: alpha\n", "clause: alpha\n        variant: harsh\n"), "T103", "variants: standard, strict"),
        (("days: 10,", "days: 10, colour: red,"), "T104", "has no variable 'colour'"),
        (("days: 10,", "days: ten,"), "T105", "'days' must be a number"),
        (("days: 10,", "days: 10, level: AAAA,"), "T105", "not one of the allowed values: AA, AAA"),
        (("days: 10,", "days: 10, start: '2027-02-30',"), "T105", "is not a real date"),
        (
            ("values: {days: 10, name: ISO 37120}", "values: {}"),
            "T106",
            "needs a value for: days (Days to respond); name",
        ),
        (
            ('text: "See clause {{ ref:beta }}."', 'text: "See clause {{ ref:gamma }}."'),
            "T107",
            "refers to clause gamma",
        ),
        (("- custom: {id: custom-one,", "- clause: beta\n        custom: {id: custom-one,"), "T108", "either 'clause'"),
        (('text: "See clause {{ ref:beta }}."', 'text: "Pay {{ fee }}."'), "T110", "take no variables"),
        (('text: "See clause {{ ref:beta }}."', 'text: "{% if x %}y{% endif %}"'), "T110", "is not allowed"),
        (('submission_deadline: "2027-02-20"', 'submission_deadline: "2027-02-30"'), "T111", "is not a real date"),
        (
            ('submission_deadline: "2027-02-20"', 'submission_deadline: "2027-01-01"'),
            "T112",
            "must come after publication",
        ),
    ],
)
def test_each_spec_error_names_rule_and_place(build, edit, rule, phrase) -> None:
    tender, problems = build(edit)
    assert tender is None
    matching = [d for d in problems if d.rule == rule]
    assert matching, [d.format() for d in problems]
    assert phrase in matching[0].message
    assert matching[0].path.name == "tender.yaml" and matching[0].line > 1


def test_missing_values_are_listed_by_clause_with_the_entry_line(build) -> None:
    _, problems = build(("values: {days: 10, name: ISO 37120}", "values: {}"))
    (problem,) = [d for d in problems if d.rule == "T106"]
    assert problem.line == 14  # the "- clause: alpha" line of the spec
    assert problem.message == "clause alpha needs a value for: days (Days to respond); name (Name of the standard)"


def test_lots_that_do_not_add_up_are_a_warning(build) -> None:
    tender, problems = build(
        ("  dates:", "  lots:\n    - {id: '1', title: One, estimated_value: {amount: 40000, currency: EUR}}\n  dates:"),
    )
    assert tender is not None
    assert [(d.rule, d.severity.value) for d in problems] == [("T114", "warning")]
    assert "add up to 40000, not the estimated value 100000" in problems[0].message


def test_requirements_list_answers_and_evidence(build) -> None:
    tender, _ = build()
    rows = [(r.key, r.kind) for r in tender.requirements()]
    assert rows == [("R1.1", "requirement"), ("V1.1", "verification"), ("V2.1", "verification")]


def test_custom_clause_cannot_take_a_library_clause_id(build) -> None:
    tender, problems = build(("      - clause: beta\n", ""), ("id: custom-one", "id: beta"), ("ref:beta", "ref:alpha"))
    assert tender is None
    assert [(d.rule, d.line) for d in problems] == [("T109", 18)]
    assert "choose another (e.g. custom-beta)" in problems[0].message
