"""Schema messages a legal team can act on: YAML 1.1 surprises, typos, missing and wrong values."""

from __future__ import annotations

from pathlib import Path

import pytest

from procure_app.core.base.diagnostics import Diagnostic, Severity

from .rule_cases import CLAUSE_YAML, LIBRARY_YAML, change, column_of, line_of, only, validate, write_library


def clause_problems(tmp_path: Path, clauses: str) -> list[Diagnostic]:
    library = write_library(tmp_path, clauses)
    return validate(library.clauses).diagnostics


def one_clause_problem(tmp_path: Path, clauses: str) -> Diagnostic:
    library = write_library(tmp_path, clauses)
    return only(validate(library.clauses))


# --- S003: YAML 1.1 reads unquoted text as something else -----------------------------------

QUOTE = "write it in quotes"


@pytest.mark.parametrize(
    ("old", "new", "at", "expected"),
    [
        pytest.param(
            'version: "1.0"',
            "version: 1.0",
            "1.0",
            ["'version' must be text, not the number 1.0", "unquoted 1.0 as a number", 'e.g. "1.0"'],
            id="version-float",
        ),
        pytest.param(
            'last_reviewed: "2026-01-05"',
            "last_reviewed: 2026-01-05",
            "2026-01-05",
            ["'last_reviewed' must be text, not the date 2026-01-05", "unquoted date as a date", QUOTE],
            id="date",
        ),
        pytest.param(
            "title: Alpha clause",
            "title: no",
            "no",
            ["'title' must be text, not the boolean false", "yes/no/on/off", "write the value in quotes"],
            id="title-bool",
        ),
        pytest.param(
            "label: Years of support",
            "label: 1:30",
            "1:30",
            ["'label' must be text, not the number 90", "forms like 1:30", QUOTE],
            id="label-sexagesimal",
        ),
        pytest.param(
            "owner: Legal services",
            "owner: 2026",
            "2026",
            ["'owner' must be text, not the number 2026", "unquoted digits", QUOTE],
            id="owner-int",
        ),
    ],
)
def test_yaml_11_surprises_give_s003_with_a_hint_to_quote(
    tmp_path: Path, old: str, new: str, at: str, expected: list[str]
) -> None:
    clauses = change(CLAUSE_YAML, old, new)
    diagnostic = one_clause_problem(tmp_path, clauses)
    assert diagnostic.rule == "S003"
    assert diagnostic.severity is Severity.ERROR
    assert (diagnostic.line, diagnostic.column) == (line_of(clauses, new), column_of(clauses, new) + len(new) - len(at))
    for phrase in expected:
        assert phrase in diagnostic.message


def test_quoted_values_are_text(tmp_path: Path) -> None:
    clauses = change(CLAUSE_YAML, "title: Alpha clause", 'title: "no"')
    clauses = change(clauses, "label: Years of support", 'label: "1:30"')
    assert clause_problems(tmp_path, clauses) == []


def test_unquoted_library_version_gives_s003(tmp_path: Path) -> None:
    manifest = change(LIBRARY_YAML, 'version: "2026.11"', "version: 2026.11")
    library = write_library(tmp_path, library_yaml=manifest)
    diagnostic = only(validate(library.manifest))
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("S003", 4, 12)
    assert "'version' must be text, not the number 2026.11" in diagnostic.message
    assert QUOTE in diagnostic.message


def test_date_default_of_a_date_variable_gives_s003_with_a_hint(tmp_path: Path) -> None:
    clauses = change(
        CLAUSE_YAML, "        default: 5\n        min: 1\n        max: 10\n", "        default: 2026-01-01\n"
    )
    clauses = change(clauses, "type: number", "type: date")
    diagnostic = one_clause_problem(tmp_path, clauses)
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("S003", line_of(clauses, "default:"), 18)
    assert "not the date 2026-01-01" in diagnostic.message
    assert "unquoted date" in diagnostic.message


def test_wrong_type_that_is_not_a_yaml_surprise_gives_no_quote_hint(tmp_path: Path) -> None:
    clauses = change(CLAUSE_YAML, "applies_to: [software]", "applies_to: software")
    diagnostic = one_clause_problem(tmp_path, clauses)
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("S003", 10, 17)
    assert diagnostic.message == "'applies_to' must be a list, not the text 'software'"


# --- S002: unknown fields -------------------------------------------------------------------


def test_misspelt_field_suggests_the_closest_name(tmp_path: Path) -> None:
    clauses = change(CLAUSE_YAML, "    title: Alpha clause", "    titel: Alpha clause")
    problems = clause_problems(tmp_path, clauses)
    assert [(d.rule, d.line, d.column) for d in problems] == [("S001", 2, 5), ("S002", 3, 5)]
    assert problems[1].message == "unknown field 'titel'; did you mean 'title'?"
    assert "missing the required field 'title'" in problems[0].message


def test_misspelt_variable_field_points_at_the_key(tmp_path: Path) -> None:
    clauses = change(CLAUSE_YAML, "        min: 1\n", "        min: 1\n        unti: days\n")
    diagnostic = one_clause_problem(tmp_path, clauses)
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("S002", line_of(clauses, "unti:"), 9)
    assert "unknown field 'unti'; did you mean 'unit'?" in diagnostic.message


def test_unknown_field_without_a_close_match_lists_the_allowed_fields(tmp_path: Path) -> None:
    clauses = change(CLAUSE_YAML, "    references:\n", "    references:\n      zzz: [x]\n")
    diagnostic = one_clause_problem(tmp_path, clauses)
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("S002", line_of(clauses, "zzz"), 7)
    assert diagnostic.message == "unknown field 'zzz'; allowed fields: guidelines, standards"


# --- S001: missing fields -------------------------------------------------------------------


def test_missing_field_is_named_at_the_clause(tmp_path: Path) -> None:
    clauses = change(CLAUSE_YAML, "    guidance: |\n      Choose the support period.\n", "")
    diagnostic = one_clause_problem(tmp_path, clauses)
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("S001", 2, 5)
    assert diagnostic.message == "this entry of 'clauses' is missing the required field 'guidance'"


def test_each_missing_field_is_reported(tmp_path: Path) -> None:
    clauses = change(CLAUSE_YAML, "    owner: Legal services\n", "")
    clauses = change(clauses, "    applies_to: [software]\n", "")
    problems = clause_problems(tmp_path, clauses)
    assert [d.rule for d in problems] == ["S001", "S001"]
    assert {d.message.rsplit(" ", 1)[-1] for d in problems} == {"'owner'", "'applies_to'"}


def test_missing_field_of_a_variable_is_named_at_the_variable(tmp_path: Path) -> None:
    clauses = change(CLAUSE_YAML, "        label: Years of support\n", "")
    diagnostic = one_clause_problem(tmp_path, clauses)
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == (
        "S001",
        line_of(clauses, "- name: support_years"),
        9,
    )
    assert diagnostic.message == "this entry of 'variables' is missing the required field 'label'"


def test_clauses_that_is_not_a_list_gives_s003(tmp_path: Path) -> None:
    diagnostic = one_clause_problem(tmp_path, "clauses:\n  id: alpha-clause\n")
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("S003", 2, 3)
    assert diagnostic.message == "'clauses' must be a list, not a mapping"


# --- S004: allowed values -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("status: approved", "status: active", "'status' is the text 'active'; allowed: draft, approved, deprecated"),
        (
            "kind: specification",
            "kind: Specification",
            "'kind' is the text 'Specification'; "
            "allowed: selection, specification, award, contract-performance, general",
        ),
        (
            "applies_to: [software]",
            "applies_to: [software, hardware]",
            "each entry of 'applies_to' is the text 'hardware'; allowed: goods, services, software, works",
        ),
        (
            "type: number",
            "type: integer",
            "'type' is the text 'integer'; allowed: text, number, money, date, duration, choice, boolean",
        ),
    ],
)
def test_value_not_allowed_lists_the_allowed_values(tmp_path: Path, old: str, new: str, expected: str) -> None:
    clauses = change(CLAUSE_YAML, old, new)
    diagnostic = one_clause_problem(tmp_path, clauses)
    assert diagnostic.rule == "S004"
    assert diagnostic.line == line_of(clauses, new)
    assert diagnostic.message == expected


def test_boolean_where_a_value_is_expected_gets_the_quote_hint(tmp_path: Path) -> None:
    clauses = change(CLAUSE_YAML, "status: approved", "status: yes")
    diagnostic = one_clause_problem(tmp_path, clauses)
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("S004", 6, 13)
    assert "'status' is the boolean true; allowed: draft, approved, deprecated" in diagnostic.message
    assert "write the value in quotes" in diagnostic.message


# --- S005, S006 -----------------------------------------------------------------------------


def test_form_problem_explains_the_expected_form(tmp_path: Path) -> None:
    clauses = change(CLAUSE_YAML, '"2.2.4/P1"', '"2.2.4 P1"')
    diagnostic = one_clause_problem(tmp_path, clauses)
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("S005", 12, 20)
    assert diagnostic.message == (
        "each entry of 'guidelines' '2.2.4 P1' is not a guidelines reference such as 2.2.4, 2.2.4/P3 or 2.2.4/A2.6"
    )


def test_repeated_entry_gives_s006(tmp_path: Path) -> None:
    clauses = change(CLAUSE_YAML, '["2.2.4/P1"]', '["2.2.4/P1", "2.2.4/P1"]')
    diagnostic = one_clause_problem(tmp_path, clauses)
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("S006", 12, 19)
    assert diagnostic.message == "'guidelines': the list has the same entry twice"


def test_schema_problems_in_one_clause_leave_the_other_clauses_checked(tmp_path: Path) -> None:
    # The broken clause is skipped by the cross-checks; the valid one is still checked.
    broken = change(CLAUSE_YAML, "kind: specification", "kind: spec")
    second = change(CLAUSE_YAML, "id: alpha-clause", "id: beta-clause").split("clauses:\n", 1)[1]
    second = change(second, "after acceptance.", "after {{ unknown_name }}.")
    problems = clause_problems(tmp_path, broken + second)
    assert [(d.rule, d.line) for d in problems] == [("S004", 5), ("L103", 47)]
