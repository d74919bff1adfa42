"""Rubrics: the shipped ones load cleanly, and every rubric rule fires where it should.

Each rule case breaks a minimal valid rubric (:data:`VALID`) in one place, writes it to a
temporary file and loads it with the bundled guidelines model and clause library, then checks
exactly which rules fire, on which line (and column), with what severity, and a phrase of the
message that says what to do.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from procure_app import cli, paths
from procure_app.core.base.diagnostics import Diagnostic, Severity
from procure_app.core.base.schema_check import is_valid, validator
from procure_app.core.base.yamlio import load_yaml
from procure_app.core.library.clauses import ClauseLibrary, load_library
from procure_app.core.library.guidelines import GuidelinesModel, load_guidelines
from procure_app.core.rubric.load import check_rubric_document, load_rubric
from procure_app.core.rubric.model import Rubric

ERROR, WARNING = Severity.ERROR, Severity.WARNING
SHIPPED = sorted(paths.rubrics_dir().glob("*.yaml"))

VALID = textwrap.dedent(
    """\
    rubric:
      id: test-rubric
      title: Test rubric
      version: "1.0"
      references: {guidelines: ["2.2.4/P3"]}
      scale:
        - {score: 0, label: None, descriptor: No evidence at all.}
        - {score: 1, label: Weak, descriptor: Claims without evidence.}
        - {score: 2, label: Good, descriptor: Checked evidence for every part.}
        - {score: 3, label: Excellent, descriptor: Proven elsewhere and binding.}
      weights: strict
      moderation_spread: 2
      tie_break: [quality, price]
    gates:
      - id: exclusion-grounds
        title: No exclusion grounds apply
        references: {clauses: ["hr-exclusion-grounds"]}
    quality:
      - id: openness
        title: Openness
        weight: 60
        criteria:
          - id: open-interfaces
            title: Open interfaces
            weight: 70
            references: {guidelines: ["2.2.2/P1"], clauses: ["exit-plan"]}
          - id: open-formats
            title: Open formats
            weight: 30
      - id: exit
        title: Exit
        weight: 40
        criteria:
          - id: exit-plan-quality
            title: Exit plan
            weight: 100
    price:
      basis: lifecycle
      discount_rate: 3
    award:
      formula: relative-lowest
      quality_weight: 70
      price_weight: 30
    """
)


@pytest.fixture(scope="module")
def guidelines() -> GuidelinesModel:
    model, problems = load_guidelines(paths.guidelines_file())
    assert model is not None, problems
    return model


@pytest.fixture(scope="module")
def library() -> ClauseLibrary:
    return load_library(paths.library_dir()).library


def change(text: str, *pairs: tuple[str, str]) -> str:
    """``text`` with each ``old`` (which must occur exactly once) replaced by its ``new``."""
    for old, new in pairs:
        assert text.count(old) == 1, f"expected {old!r} exactly once"
        text = text.replace(old, new)
    return text


def position(text: str, at: str) -> tuple[int, int]:
    """The 1-based line and column that ``at`` marks in ``text``.

    ``at`` is a piece of ``text`` that occurs exactly once, with ``|`` where the position is (at
    its start when there is no ``|``).
    """
    needle = at.replace("|", "")
    assert text.count(needle) == 1, f"expected {needle!r} exactly once"
    offset = text.index(needle) + max(at.find("|"), 0)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def load_text(
    tmp_path: Path, text: str, guidelines: GuidelinesModel, library: ClauseLibrary | None
) -> tuple[Rubric | None, list[Diagnostic]]:
    path = tmp_path / "rubric.yaml"
    path.write_text(text, encoding="utf-8")
    return load_rubric(path, guidelines, library)


# --- the shipped rubrics ----------------------------------------------------------------------


def test_there_are_shipped_rubrics() -> None:
    assert {path.stem for path in SHIPPED} >= {"smart-city-ict", "saas-services"}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_each_shipped_rubric_loads_with_no_diagnostics(
    path: Path, guidelines: GuidelinesModel, library: ClauseLibrary
) -> None:
    rubric, problems = load_rubric(path, guidelines, library)
    assert [d.format() for d in problems] == []
    assert rubric is not None and rubric.path == path
    assert rubric.scale_min == 0 and rubric.scale_max >= 4
    assert all(level.descriptor.strip() and level.label for level in rubric.scale)
    assert all(criterion.guidance.strip() for _, criterion in rubric.criteria())
    assert all(criterion.references.guidelines for _, criterion in rubric.criteria())
    assert all(criterion.references.clauses for _, criterion in rubric.criteria())


def test_smart_city_ict_has_the_agreed_ids_and_weights(guidelines: GuidelinesModel) -> None:
    rubric, _ = load_rubric(paths.rubrics_dir() / "smart-city-ict.yaml", guidelines)
    assert rubric is not None
    assert [gate.id for gate in rubric.gates] == ["exclusion-grounds", "selection-criteria", "mandatory-requirements"]
    assert [(g.id, g.weight, [(c.id, c.weight) for c in g.criteria]) for g in rubric.groups] == [
        ("openness", 25, [("open-interfaces", 40), ("open-data-formats", 30), ("open-source-licensing", 30)]),
        ("exit", 15, [("exit-plan-quality", 60), ("data-portability", 40)]),
        ("accessibility", 15, [("accessibility-conformance", 60), ("inclusive-user-testing", 40)]),
        ("sustainability", 10, [("energy-and-hardware", 50), ("carbon-reporting", 50)]),
        ("data-governance", 15, [("data-ownership-and-protection", 50), ("security-by-design", 50)]),
        ("equity", 10, [("equity-and-inclusion", 50), ("community-participation", 50)]),
        ("local-innovation", 10, [("sme-and-local-innovation", 100)]),
    ]
    assert [level.score for level in rubric.scale] == [0, 1, 2, 3, 4, 5]
    assert rubric.criterion("accessibility-conformance").minimum == 2  # type: ignore[union-attr]
    assert next(g for g in rubric.groups if g.id == "exit").minimum == 40
    assert (rubric.aggregation, rubric.justification_required) == ("mean", True)
    assert (rubric.moderation_spread, rubric.abnormally_low_percent) == (2, 80)
    assert rubric.tie_break == ("quality", "price", "submission")
    assert (rubric.price.basis, rubric.price.discount_rate) == ("lifecycle", 3)
    assert (rubric.award.formula, rubric.award.quality_weight, rubric.award.price_weight) == ("relative-lowest", 70, 30)


def test_saas_services_uses_linear_60_40_without_discount(guidelines: GuidelinesModel) -> None:
    rubric, _ = load_rubric(paths.rubrics_dir() / "saas-services.yaml", guidelines)
    assert rubric is not None
    assert (rubric.award.formula, rubric.award.quality_weight, rubric.award.price_weight) == ("linear", 60, 40)
    assert (rubric.price.basis, rubric.price.discount_rate) == ("lifecycle", None)
    assert sum(g.weight for g in rubric.groups) == 100


# --- one case per rule ------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """A break of :data:`VALID` and what it must give.

    The load must report exactly one problem, of rule ``rule``, at the position ``at`` marks (see
    :func:`position`), with ``phrase`` in its message.
    """

    name: str
    rule: str
    changes: tuple[tuple[str, str], ...]
    at: str
    phrase: str
    severity: Severity = ERROR


CASES = [
    # R101: weights
    Case(
        "group weights",
        "R101",
        (("    weight: 60\n", "    weight: 50\n"),),
        "\n|quality:",
        "the group weights sum to 90 (openness 50, exit 40), not 100",
    ),
    Case(
        "criterion weights",
        "R101",
        (("        weight: 30\n", "        weight: 20\n"),),
        "weight: 60\n    |criteria:",
        "the criterion weights of group openness sum to 90",
    ),
    Case(
        "quality and price weights",
        "R101",
        (("quality_weight: 70", "quality_weight: 60"),),
        "quality_weight: |60",
        "quality_weight + price_weight sum to 90",
    ),
    Case(
        "zero weights under normalise",
        "R101",
        (("weights: strict", "weights: normalise"), ("        weight: 100\n", "        weight: 0\n")),
        "weight: 40\n    |criteria:",
        "the criterion weights of group exit sum to 0",
    ),
    # R102: one namespace for gates, groups and criteria
    Case(
        "criterion id used by a gate",
        "R102",
        (("- id: open-formats", "- id: exclusion-grounds"),),
        "|exclusion-grounds\n        title: Open formats",
        "is already used by the gate on line 15",
    ),
    Case(
        "group id used by a criterion",
        "R102",
        (("- id: exit-plan-quality", "- id: exit"),),
        "|exit\n        title: Exit plan",
        "is already used by the group on line 30",
    ),
    # R103
    Case(
        "unknown principle",
        "R103",
        (('["2.2.2/P1"]', '["2.2.2/P9"]'),),
        '|"2.2.2/P9"',
        "pillar 2.2.2 has principles P1 to P5",
    ),
    # R104 and R111: clause references
    Case(
        "unknown clause",
        "R104",
        (('"exit-plan"', '"exit-plann"'),),
        '|"exit-plann"',
        "did you mean 'exit-plan'?",
        WARNING,
    ),
    Case(
        "deprecated clause",
        "R111",
        (('"exit-plan"', '"oss-source-code-deposit"'),),
        '|"oss-source-code-deposit"',
        "refer to 'oss-repository-handover' instead",
        WARNING,
    ),
    # R105: the scale
    Case(
        "scale level twice",
        "R105",
        (("score: 3,", "score: 2,"),),
        "score: |2, label: Excellent",
        "level 2 is defined twice (first on line 9)",
    ),
    Case("scale with a gap", "R105", (("score: 2,", "score: 4,"),), "score: |4", "this one should be 2"),
    Case(
        "scale not from 0",
        "R105",
        (("score: 0,", "score: 4,"),),
        "score: |4",
        "the levels must be the whole numbers 0, 1, 2",
    ),
    # R106: minimums
    Case(
        "criterion minimum above the scale",
        "R106",
        (("        weight: 70\n", "        weight: 70\n        minimum: 4\n"),),
        "minimum: |4",
        "minimum 4 is above the top of the scale (0 to 3)",
    ),
    Case(
        "group minimum above 100",
        "R106",
        (("    weight: 40\n", "    weight: 40\n    minimum: 120\n"),),
        "|120",
        "set it from 0 to 100",
    ),
    # R107: formula parameters
    Case(
        "log without zero_ratio",
        "R107",
        (("relative-lowest", "log"),),
        "formula: |log",
        "needs the parameter zero_ratio",
    ),
    Case(
        "log with zero_ratio 1",
        "R107",
        (("relative-lowest", "log"), ("price_weight: 30\n", "price_weight: 30\n  parameters: {zero_ratio: 1}\n")),
        "zero_ratio: |1}",
        "it must be above 1",
    ),
    Case(
        "value-for-money scale 0",
        "R107",
        (
            ("relative-lowest", "value-for-money"),
            ("price_weight: 30\n", "price_weight: 30\n  parameters: {scale: 0}\n"),
        ),
        "scale: |0}",
        "scale is 0; it must be above 0",
    ),
    Case(
        "parameter the formula does not take",
        "R107",
        (("price_weight: 30\n", "price_weight: 30\n  parameters: {zero_ratio: 2}\n"),),
        "{|zero_ratio",
        "formula relative-lowest does not use the parameter 'zero_ratio' (it takes no parameters)",
    ),
    Case(
        "award-on-value without values_per_level",
        "R107",
        (
            ("relative-lowest", "award-on-value"),
            ("        weight: 70\n", "        weight: 70\n        values_per_level: 5000\n"),
            ("        weight: 100\n", "        weight: 100\n        values_per_level: 2000\n"),
        ),
        "- id: |open-formats",
        "formula award-on-value needs values_per_level",
    ),
    Case(
        "award-on-value with a negative values_per_level",
        "R107",
        (
            ("relative-lowest", "award-on-value"),
            ("        weight: 70\n", "        weight: 70\n        values_per_level: 5000\n"),
            ("        weight: 30\n", "        weight: 30\n        values_per_level: -1\n"),
            ("        weight: 100\n", "        weight: 100\n        values_per_level: 2000\n"),
        ),
        "|-1",
        "values_per_level is -1; it must be 0 or more",
    ),
    Case(
        "values_per_level with another formula",
        "R107",
        (("        weight: 100\n", "        weight: 100\n        values_per_level: 2000\n"),),
        "|2000",
        "values_per_level is used only by formula award-on-value",
    ),
    Case(
        "utility-index with price_weight 0",
        "R107",
        (("relative-lowest", "utility-index"), ("price_weight: 30", "price_weight: 0")),
        "price_weight: |0",
        "formula utility-index divides by price_weight",
    ),
    Case(
        "quality-only with a price weight",
        "R107",
        (("relative-lowest", "quality-only"),),
        "price_weight: |30",
        "formula quality-only ignores price, but price_weight is 30",
    ),
    Case(
        "price-only with a quality weight",
        "R107",
        (("relative-lowest", "price-only"),),
        "quality_weight: |70",
        "formula price-only ignores quality, but quality_weight is 70",
    ),
    # R108: tie-break
    Case("unknown tie-break", "R108", (("[quality, price]", "[quality, prize]"),), "|prize", "did you mean 'price'?"),
    Case("repeated tie-break", "R108", (("[quality, price]", "[quality, quality]"),), "quality, |quality]", "twice"),
    # R109: an empty group
    Case(
        "empty group",
        "R109",
        (
            (
                "    criteria:\n      - id: exit-plan-quality\n        title: Exit plan\n        weight: 100\n",
                "    criteria: []\n",
            ),
        ),
        "|criteria: []",
        "group exit has no criteria",
    ),
    # R110: pillar 2.2.4 cited nowhere
    Case(
        "no reference to pillar 2.2.4",
        "R110",
        (('references: {guidelines: ["2.2.4/P3"]}', 'references: {guidelines: ["2.2.2/P2"]}'),),
        '|{guidelines: ["2.2.2/P2"]}',
        "cites no part of pillar 2.2.4",
        WARNING,
    ),
    # R112: discounting a capital cost
    Case(
        "discount with basis capex",
        "R112",
        (("basis: lifecycle", "basis: capex"),),
        "discount_rate: |3",
        "remove discount_rate or use basis lifecycle",
        WARNING,
    ),
    # R113: a moderation spread that flags everything or nothing
    Case(
        "moderation spread wider than the scale",
        "R113",
        (("moderation_spread: 2", "moderation_spread: 4"),),
        "moderation_spread: |4",
        "no criterion can ever be flagged on a scale from 0 to 3",
        WARNING,
    ),
    Case(
        "moderation spread 0",
        "R113",
        (("moderation_spread: 2", "moderation_spread: 0"),),
        "moderation_spread: |0",
        "every scored criterion would be flagged",
        WARNING,
    ),
    # The schema comes first, in the words of the other file formats.
    Case(
        "misspelt values_per_level",
        "S002",
        (("        weight: 100\n", "        weight: 100\n        value_per_level: 2000\n"),),
        "|value_per_level",
        "did you mean 'values_per_level'?",
    ),
    Case("unquoted version", "S003", (('version: "1.0"', "version: 1.0"),), "version: |1.0", "write it in quotes"),
]


def test_the_valid_rubric_is_valid(tmp_path: Path, guidelines: GuidelinesModel, library: ClauseLibrary) -> None:
    rubric, problems = load_text(tmp_path, VALID, guidelines, library)
    assert problems == []
    assert rubric is not None


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.rule}-{c.name.replace(' ', '-')}")
def test_rule(case: Case, tmp_path: Path, guidelines: GuidelinesModel, library: ClauseLibrary) -> None:
    text = change(VALID, *case.changes)
    rubric, problems = load_text(tmp_path, text, guidelines, library)
    assert [d.rule for d in problems] == [case.rule], [d.format() for d in problems]
    (found,) = problems
    assert (found.line, found.column) == position(text, case.at), found.format()
    assert found.severity is case.severity
    assert case.phrase in found.message, found.message
    assert found.path == tmp_path / "rubric.yaml"
    assert (rubric is None) == (case.severity is ERROR)


def test_every_rule_has_a_case() -> None:
    documented = {f"R1{n:02d}" for n in range(1, 14)}
    assert documented <= {case.rule for case in CASES}


def test_a_repeated_scale_level_that_leaves_a_gap_names_the_missing_level(
    tmp_path: Path, guidelines: GuidelinesModel
) -> None:
    text = change(VALID, ("score: 2,", "score: 1,"))
    _, problems = load_text(tmp_path, text, guidelines, None)
    assert [(d.rule, d.line, d.column) for d in problems] == [
        ("R105", *position(text, "  |scale:")),
        ("R105", *position(text, "score: |1, label: Good")),
    ]
    assert "the scale has no level 2" in problems[0].message


def test_clause_references_are_not_checked_without_a_library(tmp_path: Path, guidelines: GuidelinesModel) -> None:
    rubric, problems = load_text(tmp_path, change(VALID, ('"exit-plan"', '"exit-plann"')), guidelines, None)
    assert problems == [] and rubric is not None


def test_strict_weights_say_what_to_do(tmp_path: Path, guidelines: GuidelinesModel) -> None:
    _, problems = load_text(tmp_path, change(VALID, ("    weight: 60\n", "    weight: 50\n")), guidelines, None)
    assert "change them so that they sum to 100, or set 'weights: normalise'" in problems[0].message


def test_load_errors_come_back_as_diagnostics(tmp_path: Path, guidelines: GuidelinesModel) -> None:
    rubric, problems = load_text(tmp_path, "rubric: [unclosed\n", guidelines, None)
    assert rubric is None and [d.rule for d in problems] == ["Y001"]


def test_check_rubric_document_reports_the_same_problems(
    tmp_path: Path, guidelines: GuidelinesModel, library: ClauseLibrary
) -> None:
    path = tmp_path / "rubric.yaml"
    path.write_text(change(VALID, ("[quality, price]", "[quality, quality]")), encoding="utf-8")
    found = check_rubric_document(load_yaml(path), guidelines, library)
    assert found == load_rubric(path, guidelines, library)[1]
    assert [d.rule for d in found] == ["R108"]


# --- the model --------------------------------------------------------------------------------


def test_normalise_scales_every_set_of_siblings_to_exactly_100(tmp_path: Path, guidelines: GuidelinesModel) -> None:
    text = change(
        VALID,
        ("weights: strict", "weights: normalise"),
        ("    weight: 60\n", "    weight: 3\n"),
        ("    weight: 40\n", "    weight: 1\n"),
        ("        weight: 70\n", "        weight: 1\n"),
        ("        weight: 30\n", "        weight: 2\n"),
        ("        weight: 100\n", "        weight: 7\n"),
        ("quality_weight: 70", "quality_weight: 7"),
        ("price_weight: 30", "price_weight: 3"),
    )
    rubric, problems = load_text(tmp_path, text, guidelines, None)
    assert problems == [] and rubric is not None
    openness, exit_group = rubric.groups
    assert (openness.weight, exit_group.weight) == (Decimal(75), Decimal(25))
    first, second = openness.criteria
    assert sum((first.weight, second.weight), Decimal(0)) == 100
    assert abs(second.weight - 2 * first.weight) < Decimal("1e-20")
    assert exit_group.criteria[0].weight == 100
    assert (rubric.award.quality_weight, rubric.award.price_weight) == (Decimal(70), Decimal(30))


def test_normalise_gives_three_equal_thirds_an_exact_sum(tmp_path: Path, guidelines: GuidelinesModel) -> None:
    text = change(
        VALID,
        ("weights: strict", "weights: normalise"),
        ("        weight: 70\n", "        weight: 1\n"),
        ("        weight: 30\n", "        weight: 1\n      - {id: third, title: Third, weight: 1}\n"),
    )
    rubric, problems = load_text(tmp_path, text, guidelines, None)
    assert problems == [] and rubric is not None
    weights = [criterion.weight for criterion in rubric.groups[0].criteria]
    assert sum(weights, Decimal(0)) == Decimal(100)
    assert all(abs(weight - Decimal(100) / 3) < Decimal("1e-20") for weight in weights)


def test_strict_weights_are_kept_as_written(tmp_path: Path, guidelines: GuidelinesModel) -> None:
    text = change(
        VALID, ("        weight: 70\n", "        weight: 66.7\n"), ("        weight: 30\n", "        weight: 33.3\n")
    )
    rubric, problems = load_text(tmp_path, text, guidelines, None)
    assert problems == [] and rubric is not None
    assert [c.weight for c in rubric.groups[0].criteria] == [Decimal("66.7"), Decimal("33.3")]


def test_every_number_of_the_model_is_a_decimal(tmp_path: Path, guidelines: GuidelinesModel) -> None:
    text = change(
        VALID,
        ("relative-lowest", "log"),
        ("price_weight: 30\n", "price_weight: 30\n  parameters: {zero_ratio: 2.5}\n"),
        ("        weight: 70\n", "        weight: 70\n        minimum: 1.5\n"),
        ("    weight: 40\n", "    weight: 40\n    minimum: 40\n"),
        ("discount_rate: 3", "discount_rate: 3.5"),
    )
    rubric, problems = load_text(tmp_path, text, guidelines, None)
    assert problems == [] and rubric is not None
    numbers: list[object] = [rubric.moderation_spread, rubric.abnormally_low_percent, rubric.price.discount_rate]
    numbers += [rubric.award.quality_weight, rubric.award.price_weight, rubric.award.parameter("zero_ratio")]
    for group in rubric.groups:
        numbers += [group.weight, *(c.weight for c in group.criteria)]
    numbers += [rubric.criterion("open-interfaces").minimum, rubric.groups[1].minimum]  # type: ignore[union-attr]
    assert all(isinstance(number, Decimal) for number in numbers), numbers
    assert rubric.price.discount_rate == Decimal("3.5")
    assert rubric.award.parameters == (("zero_ratio", Decimal("2.5")),)
    assert all(isinstance(level.score, int) for level in rubric.scale)


def test_defaults_and_switching_the_abnormally_low_flag_off(tmp_path: Path, guidelines: GuidelinesModel) -> None:
    text = change(
        VALID,
        ("  weights: strict\n", ""),
        ("  moderation_spread: 2\n", "  abnormally_low_percent: null\n"),
        ("  tie_break: [quality, price]\n", ""),
    )
    rubric, problems = load_text(tmp_path, text, guidelines, None)
    assert problems == [] and rubric is not None
    assert rubric.abnormally_low_percent is None
    assert (rubric.aggregation, rubric.justification_required, rubric.moderation_spread) == ("mean", True, 2)
    assert rubric.tie_break == ("quality", "price")


# --- procure validate -------------------------------------------------------------------------


def test_procure_validate_accepts_the_shipped_rubrics(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", str(paths.rubrics_dir())]) == 0
    _, err = capsys.readouterr()
    assert f"valid: 0 error(s), 0 warning(s) in {len(SHIPPED)} file(s)" in err


def test_procure_validate_reports_a_broken_rubric(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = change(VALID, ("    weight: 60\n", "    weight: 50\n"), ('"exit-plan"', '"exit-plann"'))
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    assert cli.main(["validate", str(path)]) == 1
    out, _ = capsys.readouterr()
    line, column = position(text, "quality:")
    assert f"{path}:{line}:{column}: error[R101]: the group weights sum to 90" in out
    # the bundled library is used for clause references
    assert "warning[R104]: clause 'exit-plann' is not in the library" in out


@pytest.mark.parametrize("text", [VALID, *(change(VALID, *case.changes) for case in CASES)])
def test_fast_schema_check_agrees_with_jsonschema(text: str, tmp_path: Path) -> None:
    path = tmp_path / "rubric.yaml"
    path.write_text(text, encoding="utf-8")
    data = load_yaml(path).data
    assert is_valid(data, "rubric") == validator("rubric").is_valid(data)
