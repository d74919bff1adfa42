"""Every file we ship validates, and the library meets the coverage we promise its users."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from procure_app import paths
from procure_app.core.library.checked import load_checked_library
from procure_app.core.library.clauses import clause_files
from procure_app.core.library.guidelines import load_guidelines
from procure_app.core.library.placeholders import find_placeholders
from procure_app.core.validate import validate_paths

TODAY = date(2026, 11, 25)
LIBRARY = paths.library_dir()


@pytest.fixture(scope="module")
def checked():
    return load_checked_library(LIBRARY, paths.guidelines_file(), TODAY)


@pytest.mark.parametrize("path", clause_files(LIBRARY), ids=lambda p: p.name)
def test_each_shipped_clause_file_is_valid(path: Path) -> None:
    report = validate_paths([path], paths.guidelines_file(), TODAY)
    assert [d.format() for d in report.diagnostics] == []


def test_the_whole_library_and_the_guidelines_model_are_valid() -> None:
    report = validate_paths([LIBRARY, paths.rubrics_dir(), paths.guidelines_file()], paths.guidelines_file(), TODAY)
    assert [d.format() for d in report.diagnostics] == []
    assert len(report.files) >= 14


def test_library_has_at_least_60_clauses_in_13_categories(checked) -> None:
    library, _ = checked
    per_category = Counter(clause.category for clause in library.clauses)
    assert len(library.clauses) >= 60
    assert len(per_category) >= 13
    assert min(per_category.values()) >= 5, per_category


def test_every_category_has_award_and_contract_performance_clauses(checked) -> None:
    library, _ = checked
    for category in library.categories:
        kinds = {clause.kind for clause in library.in_category(category.id)}
        assert {"award", "contract-performance"} <= kinds or category.id in {"sme-access"}, (category.id, kinds)


def test_green_clauses_come_in_core_and_comprehensive_levels(checked) -> None:
    library, _ = checked
    green = library.in_category("green")
    assert all(clause.level in ("core", "comprehensive") for clause in green)
    assert {clause.level for clause in green} == {"core", "comprehensive"}


def test_library_uses_every_variable_type_variants_and_optional_paragraphs(checked) -> None:
    library, _ = checked
    types = {variable.type for clause in library.clauses for variable in clause.variables}
    assert types == {"text", "number", "money", "date", "duration", "choice", "boolean"}
    assert sum(1 for clause in library.clauses if clause.variants) >= 3
    assert sum(1 for clause in library.clauses if clause.optional_paragraphs) >= 3
    refs = [p for clause in library.clauses for _, text in clause.texts() for p in find_placeholders(text) if p.is_ref]
    assert refs, "at least one clause refers to another"


def test_exit_plan_and_pillar_224_are_covered(checked) -> None:
    library, _ = checked
    assert library.get("exit-plan") is not None
    cited = {ref for clause in library.clauses for ref in clause.guideline_refs}
    for principle in ("P1", "P2", "P3", "P4", "P5"):
        assert f"2.2.4/{principle}" in cited, f"no clause cites 2.2.4/{principle}"


def test_guidelines_model_has_every_pillar_and_the_actions_of_224() -> None:
    model, problems = load_guidelines(paths.guidelines_file())
    assert problems == [] and model is not None
    assert [p.ref for p in model.pillars] == ["2.1.1", "2.1.2", "2.1.3", "2.1.4", "2.2.1", "2.2.2", "2.2.3", "2.2.4"]
    pillar = model.pillar("2.2.4")
    assert pillar is not None and len(pillar.principles) == 5
    assert {a.actor for a in pillar.actions} == {"national", "local", "stakeholders"}
    assert model.describe("2.2.4/A2.6").startswith("2.2.4/A2.6: ")


def test_deprecated_clauses_name_an_approved_replacement(checked) -> None:
    library, _ = checked
    deprecated = [clause for clause in library.clauses if clause.status == "deprecated"]
    assert deprecated
    for clause in deprecated:
        replacement = library.get(clause.replaced_by or "")
        assert replacement is not None and replacement.status == "approved"


@pytest.mark.parametrize("path", sorted(paths.rubrics_dir().glob("*.yaml")), ids=lambda p: p.name)
def test_each_bundled_rubric_is_named_by_its_id(path: Path) -> None:
    # `rubric: <id>` in a spec or an evaluation file finds scoring_rubrics/<id>.yaml.
    from procure_app.core.base.yamlio import load_yaml
    from procure_app.core.rubric.reference import is_rubric_id

    rubric_id = load_yaml(path).data["rubric"]["id"]
    assert rubric_id == path.stem and is_rubric_id(rubric_id)
