"""One test per validation rule of the README table: a minimal valid library broken in one place.

Every case validates the broken file with ``validate_paths`` and checks what the user sees: the
exact rule id, line, column and severity, and a phrase of the message that says what to do.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from procure_app import cli, paths
from procure_app.core.base.diagnostics import Severity
from procure_app.core.library.checked import load_checked_library

from .rule_cases import (
    CLAUSE_YAML,
    LIBRARY_YAML,
    TODAY,
    beta_clause,
    change,
    column_of,
    line_of,
    only,
    validate,
    write_library,
)

ERROR, WARNING = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True)
class Case:
    """A one-change break of the minimal library and the diagnostic it must give.

    ``at`` is a piece of text on the line the diagnostic points at; the column is where that piece
    starts (or ``column`` when given). ``in_manifest`` breaks and validates library.yaml instead of
    the clause file. ``rules`` lists every rule the run reports, in order, when there is more than
    one; the first diagnostic is the one checked.
    """

    rule: str
    clauses: str = CLAUSE_YAML
    manifest: str = LIBRARY_YAML
    at: str = ""
    column: int | None = None
    severity: Severity = ERROR
    phrase: str = ""
    in_manifest: bool = False
    rules: tuple[str, ...] = ()


_VARIANT = """\
      - name: strict
        label: Strict
        text: |
          Strict support for {{ support_years }} years.
"""
_WITH_BOOLEAN = change(
    CLAUSE_YAML,
    "        max: 10\n",
    "        max: 10\n      - name: with_extra\n        type: boolean\n        label: Add the extra paragraph\n",
)
_DEEP = "".join(" " * level + f"k{level}:\n" for level in range(70)) + " " * 70 + "x\n"
_TOO_MANY_ALIASES = "defaults: {d: &d [x], uses: [" + ", ".join(["*d"] * 101) + "]}\n"

CASES = [
    # --- YAML ---
    Case(
        "Y001",
        change(CLAUSE_YAML, "title: Alpha clause", "title: Alpha: clause"),
        at=": clause",
        phrase="YAML syntax error: mapping values are not allowed",
    ),
    Case(
        "Y002",
        change(CLAUSE_YAML, "    owner: Legal services\n", "    owner: Legal services\n    title: Again\n"),
        at="title: Again",
        phrase="already set on line 3",
    ),
    Case("Y004", _TOO_MANY_ALIASES + CLAUSE_YAML, at="&d [x]", phrase="more than 100 alias uses; write the values out"),
    Case("Y005", CLAUSE_YAML + _DEEP, at="k64:", phrase="flatten the structure"),
    Case(
        "Y007",
        change(CLAUSE_YAML, "default: 5", "default: !!python/object/apply:os.system [echo]"),
        at="!!python",
        phrase="remove the tag",
    ),
    Case(
        "Y008",
        change(CLAUSE_YAML, "    owner: Legal services\n", "    owner: Legal services\n    no: 1\n"),
        at="no: 1",
        phrase="the key 'no' is not text; write it in quotes",
    ),
    Case(
        "Y009",
        change(CLAUSE_YAML, "applies_to: [software]", "applies_to: &loop [*loop]"),
        at="&loop",
        phrase="remove it",
    ),
    # --- schema ---
    Case(
        "S001",
        change(CLAUSE_YAML, "    title: Alpha clause\n", ""),
        at="id: alpha-clause",
        phrase="missing the required field 'title'",
    ),
    Case(
        "S002",
        change(CLAUSE_YAML, "    owner: Legal services\n", "    owner: Legal services\n    ownr: x\n"),
        at="ownr",
        phrase="unknown field 'ownr'; did you mean 'owner'?",
    ),
    Case("S003", change(CLAUSE_YAML, 'version: "1.0"', "version: 1.0"), at="1.0", phrase="write it in quotes"),
    Case(
        "S004",
        change(CLAUSE_YAML, "kind: specification", "kind: spec"),
        at="spec",
        phrase="allowed: selection, specification, award, contract-performance, general",
    ),
    Case(
        "S005",
        change(CLAUSE_YAML, "id: alpha-clause", "id: Alpha_Clause"),
        at="Alpha_Clause",
        phrase="lowercase letters and digits in words joined by hyphens",
    ),
    Case(
        "S006",
        change(CLAUSE_YAML, "applies_to: [software]", "applies_to: []"),
        at="[]",
        phrase="the list must not be empty",
    ),
    # --- library cross-checks ---
    Case(
        "L102",
        change(CLAUSE_YAML, "category: general-terms", "category: unknown-cat"),
        at="unknown-cat",
        phrase="is not declared in library.yaml (declared: general-terms)",
    ),
    Case(
        "L103",
        change(CLAUSE_YAML, "after acceptance.", "after {{ acceptance_date }}."),
        at="{{ acceptance_date }}",
        phrase="declare it under 'variables'",
    ),
    Case(
        "L104",
        change(CLAUSE_YAML, "{{ support_years }} years", "five years"),
        at="support_years",
        phrase="declared but no text uses it; use it or remove it",
    ),
    Case(
        "L105",
        change(CLAUSE_YAML, '"2.2.4/P1"', '"2.2.4/P99"'),
        at='"2.2.4/P99"',
        phrase="'2.2.4/P99' does not resolve: pillar 2.2.4 has principles P1 to P5",
    ),
    Case(
        "L106",
        change(CLAUSE_YAML, "after acceptance.", "after {% if x %}acceptance."),
        at="{% if",
        phrase="write the text out instead",
        rules=("L106", "L106"),
    ),
    Case(
        "L107",
        change(CLAUSE_YAML, "after acceptance.", "after {{ ref:gamma-clause }}."),
        at="{{ ref:gamma-clause }}",
        phrase="{{ ref:gamma-clause }} names no clause of the library",
    ),
    Case(
        "L108",
        change(
            CLAUSE_YAML,
            "    guidance: |",
            "    variants:\n" + _VARIANT.replace("strict", "standard", 1) + "    guidance: |",
        ),
        at="name: standard",
        column=15,
        phrase="a variant cannot be named 'standard'",
    ),
    Case(
        "L109",
        change(
            CLAUSE_YAML,
            "    guidance: |",
            "    optional_paragraphs:\n      - name: extra\n        label: Extra\n"
            "        enabled_by: support_years\n        text: |\n          More.\n    guidance: |",
        ),
        at="enabled_by: support_years",
        column=21,
        phrase="declare it with type: boolean",
    ),
    Case(
        "L110",
        change(
            _WITH_BOOLEAN,
            "    guidance: |",
            "    optional_paragraphs:\n      - name: extra\n        label: Extra\n"
            "        enabled_by: with_extra\n        variants: [standard, strict]\n"
            "        text: |\n          More.\n    guidance: |",
        ),
        at="strict]",
        phrase="names the variant 'strict', which does not exist (variants: standard)",
    ),
    Case(
        "L111", change(CLAUSE_YAML, "status: approved", "status: deprecated"), at="deprecated", phrase="add replaced_by"
    ),
    Case(
        "L112",
        change(CLAUSE_YAML, "status: approved", "status: deprecated").replace(
            "    guidance: |", "    replaced_by: gamma-clause\n    guidance: |"
        ),
        at="gamma-clause",
        phrase="replaced_by names 'gamma-clause', which is not in the library",
    ),
    Case("L113", change(CLAUSE_YAML, "default: 5", "default: 50"), at="50", phrase="is 50, above the maximum 10"),
    Case(
        "L114",
        change(
            CLAUSE_YAML,
            "        max: 10\n",
            "        max: 10\n      - name: support_years  # again\n        type: number\n        label: Again\n",
        ),
        at="# again",
        column=15,
        phrase="variable 'support_years' is declared twice",
    ),
    Case(
        "L115",
        change(CLAUSE_YAML, '"2026-01-05"', '"2026-02-30"'),
        at='"2026-02-30"',
        phrase="'2026-02-30' is not a real date",
    ),
    Case(
        "L116",
        change(CLAUSE_YAML, "    verification: |\n      A support plan signed by the Contractor.\n", ""),
        at="specification",
        phrase="needs 'verification': say how compliance is proven",
    ),
    Case(
        "L117",
        change(CLAUSE_YAML, "        max: 10\n", "        max: 10\n        allowed: [one]\n"),
        at="type: number",
        column=15,
        phrase="'allowed' is only for type choice",
    ),
    Case(
        "L118",
        manifest=LIBRARY_YAML + "  - id: general-terms  # again\n    title: Again\n",
        in_manifest=True,
        at="# again",
        column=9,
        phrase="category general-terms is declared twice",
    ),
    Case(
        "L119",
        change(CLAUSE_YAML, "        min: 1\n        max: 10\n", "        min: 10\n        max: 1\n"),
        at="min: 10",
        column=14,
        phrase="min is greater than max",
    ),
    Case(
        "L201",
        change(CLAUSE_YAML, "    guidance: |", "    replaced_by: beta-clause\n    guidance: |") + beta_clause(),
        at="replaced_by: beta-clause",
        column=18,
        severity=WARNING,
        phrase="set status: deprecated or remove it",
    ),
    Case(
        "L202",
        manifest=LIBRARY_YAML + "  - id: spare\n    title: Spare\n",
        in_manifest=True,
        at="spare",
        severity=WARNING,
        phrase="category spare has no clauses; add some or remove the category",
    ),
    Case(
        "L203",
        change(CLAUSE_YAML, '"2026-01-05"', '"2026-11-26"'),
        at='"2026-11-26"',
        severity=WARNING,
        phrase="last_reviewed 2026-11-26 is in the future",
    ),
    Case(
        "L204",
        change(CLAUSE_YAML, "after acceptance.", "after {{ ref:beta-clause }}.")
        + beta_clause("deprecated", "    replaced_by: alpha-clause\n"),
        at="{{ ref:beta-clause }}",
        severity=WARNING,
        phrase="refers to the deprecated clause beta-clause; refer to alpha-clause",
    ),
]


def test_minimal_library_is_valid(tmp_path: Path) -> None:
    library = write_library(tmp_path)
    for target in (library.root, library.manifest, library.clauses):
        report = validate(target)
        assert report.diagnostics == [], [d.format() for d in report.diagnostics]
    assert validate(library.root).files == {library.manifest, library.clauses}


def test_minimal_library_with_a_second_clause_is_valid(tmp_path: Path) -> None:
    # The helpers used by L201 and L204 start from a valid two-clause library too.
    library = write_library(tmp_path, CLAUSE_YAML + beta_clause())
    assert validate(library.root).diagnostics == []


@pytest.mark.parametrize("case", CASES, ids=[case.rule for case in CASES])
def test_rule(tmp_path: Path, case: Case) -> None:
    library = write_library(tmp_path, case.clauses, case.manifest)
    target, text = (library.manifest, case.manifest) if case.in_manifest else (library.clauses, case.clauses)
    report = validate(target)
    if case.rules:
        assert [d.rule for d in report.diagnostics] == list(case.rules), [d.format() for d in report.diagnostics]
        diagnostic = report.diagnostics[0]
    else:
        diagnostic = only(report)
    expected_column = case.column if case.column is not None else column_of(text, case.at)
    assert diagnostic.path == target
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == (case.rule, line_of(text, case.at), expected_column)
    assert diagnostic.severity is case.severity
    assert case.phrase in diagnostic.message


def test_every_rule_of_the_readme_table_has_a_test() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = {line.split("|")[1].strip() for line in readme.splitlines() if line.startswith("| ") and "|" in line[2:]}
    documented = {rule for rule in table if len(rule) == 4 and rule[0] in "YSLGF" and rule[1:].isdigit()}
    separate = {"Y003", "Y006", "L101", "G001", "F001", "F002", "F003"}
    covered = {case.rule for case in CASES} | separate
    assert documented == covered


# --- rules that need more than one file, a large file or bytes ------------------------------


def test_y003_file_over_8_mib(tmp_path: Path) -> None:
    library = write_library(tmp_path)
    padding = "#" * (8 * 1024 * 1024)  # a comment line: the size alone breaks the file
    library.clauses.write_text(CLAUSE_YAML + padding + "\n", encoding="utf-8")
    diagnostic = only(validate(library.clauses))
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("Y003", 1, 1)
    assert diagnostic.severity is ERROR
    assert "more than the limit of 8,388,608; split it into several files" in diagnostic.message


def test_y006_not_utf8(tmp_path: Path) -> None:
    library = write_library(tmp_path)
    library.clauses.write_bytes(change(CLAUSE_YAML, "Legal services", "Légal services").encode("latin-1"))
    diagnostic = only(validate(library.clauses))
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("Y006", line_of(CLAUSE_YAML, "owner:"), 1)
    assert diagnostic.severity is ERROR
    assert "save it as UTF-8" in diagnostic.message


def test_l101_duplicate_id_names_the_other_file_and_line(tmp_path: Path) -> None:
    library = write_library(tmp_path)
    other = library.root / "clauses" / "y.yaml"
    other.write_text("# The same clause again, under the same id.\n" + CLAUSE_YAML, encoding="utf-8")
    diagnostic = only(validate(other))
    assert diagnostic.path == other
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("L101", 3, 9)
    assert diagnostic.severity is ERROR
    assert f"the id is already used in {library.clauses}:2" in diagnostic.message


def test_g001_id_defined_twice_in_the_guidelines(tmp_path: Path) -> None:
    folder = tmp_path / "guidelines"
    folder.mkdir()
    guidelines = folder / "guidelines.yaml"
    guidelines.write_text(
        textwrap.dedent(
            """\
            source:
              title: International Guidelines on People-Centred Smart Cities
              publisher: UN-Habitat
            pillars:
              - id: "2.2.4"
                title: Budgeting and Financing
                group: enabling
                summary: Paying for smart cities.
                principles:
                  - id: P1
                    summary: First principle.
                  - id: P1
                    summary: The same id again.
            """
        ),
        encoding="utf-8",
    )
    diagnostic = only(validate(guidelines))
    assert diagnostic.path == guidelines
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("G001", 12, 13)
    assert diagnostic.severity is ERROR
    assert "'2.2.4/P1' is defined twice (first on line 10)" in diagnostic.message


def test_f001_path_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-library"
    diagnostic = only(validate(missing))
    assert diagnostic.path == missing
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("F001", 1, 1)
    assert diagnostic.severity is ERROR
    assert "no such file or folder" in diagnostic.message


def test_f002_yaml_file_that_is_not_a_procure_file(tmp_path: Path) -> None:
    stray = tmp_path / "settings.yaml"
    stray.write_text("name: my settings\ntheme: dark\n", encoding="utf-8")
    diagnostic = only(validate(stray))
    assert diagnostic.path == stray
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("F002", 1, 1)
    assert diagnostic.severity is ERROR
    assert "not a Procure file: expected a clause file" in diagnostic.message


def test_f003_library_folder_without_library_yaml(tmp_path: Path) -> None:
    # F003 surfaces where a folder is used as a library (procure library list, the GUI).
    library = write_library(tmp_path)
    library.manifest.unlink()
    _, diagnostics = load_checked_library(library.root, paths.guidelines_file(), TODAY)
    f003 = [d for d in diagnostics if d.rule == "F003"]
    assert len(f003) == 1
    assert f003[0].path == library.manifest
    assert (f003[0].line, f003[0].column, f003[0].severity) == (1, 1, ERROR)
    assert "create one" in f003[0].message


def test_a_standalone_clause_file_is_checked_without_categories(tmp_path: Path) -> None:
    lone = tmp_path / "lone.yaml"
    lone.write_text(change(CLAUSE_YAML, "after acceptance.", "after {{ acceptance_date }}."), encoding="utf-8")
    diagnostic = only(validate(lone))
    assert (diagnostic.rule, diagnostic.line) == ("L103", line_of(lone.read_text(encoding="utf-8"), "acceptance_date"))


def test_clause_with_schema_errors_does_not_make_its_category_look_empty(tmp_path: Path) -> None:
    # The clause is left out of the cross-checks, but it is there: "has no clauses; add some"
    # (L202) would send the user after a problem that does not exist.
    library = write_library(tmp_path, change(CLAUSE_YAML, "kind: specification", "kind: spec"))
    report = validate(library.root)
    assert [(d.path, d.rule) for d in report.diagnostics] == [(library.clauses, "S004")]


# --- one run, several problems --------------------------------------------------------------


def _broken_library(tmp_path: Path) -> tuple[Path, list[tuple[Path, int, str]]]:
    clauses = change(CLAUSE_YAML, '"2026-01-05"', '"2026-02-30"')  # L115
    clauses = change(clauses, "{{ support_years }} years", "five years")  # L104
    clauses = change(clauses, "    verification: |\n      A support plan signed by the Contractor.\n", "")  # L116
    library = write_library(tmp_path, clauses, LIBRARY_YAML + "  - id: spare\n    title: Spare\n")  # L202
    other = library.root / "clauses" / "y.yaml"
    other.write_text("clauses: []\nclauses: []\n", encoding="utf-8")  # Y002
    expected = [
        (library.clauses, 5, "L116"),
        (library.clauses, 9, "L115"),
        (library.clauses, 14, "L104"),
        (other, 2, "Y002"),
        (library.manifest, 10, "L202"),
    ]
    return library.root, expected


def test_several_problems_are_all_reported_sorted_by_file_then_line(tmp_path: Path) -> None:
    root, expected = _broken_library(tmp_path)
    report = validate(root)
    assert [(d.path, d.line, d.rule) for d in report.diagnostics] == expected
    assert (report.errors, report.warnings) == (4, 1)


def test_cli_prints_every_problem_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, expected = _broken_library(tmp_path)
    assert cli.main(["validate", str(root)]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert [(line.split(":")[0], int(line.split(":")[1])) for line in lines] == [
        (str(path), line) for path, line, _ in expected
    ]
    assert lines[0].startswith(f"{root / 'clauses' / 'x.yaml'}:5:11: error[L116]: clause alpha-clause: ")
    assert lines[-1].startswith(f"{root / 'library.yaml'}:10:9: warning[L202]: ")
    assert "invalid: 4 error(s), 1 warning(s) in 3 file(s)" in err
