"""The fast yes/no schema check (fastjsonschema) never passes what jsonschema rejects, passes every
shipped file, and leaves the data as it found it; the messages are always jsonschema's."""

from __future__ import annotations

import copy
import json
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from procure_app import paths
from procure_app.core.base.schema_check import check_schema, is_valid, schema, validator
from procure_app.core.base.yamlio import LoadedYaml, load_yaml, load_yaml_text
from procure_app.core.library.clauses import clause_files

SHIPPED = [load_yaml(path).data for path in clause_files(paths.library_dir())]
MANIFEST = load_yaml(paths.library_dir() / "library.yaml").data
GUIDELINES = load_yaml(paths.guidelines_file()).data
RUBRIC = load_yaml(paths.rubrics_dir() / "smart-city-ict.yaml").data
SPEC = load_yaml(paths.resources_dir() / "examples" / "urban-data-platform.tender.yaml").data
EVALUATION = load_yaml(paths.resources_dir() / "examples" / "urban-data-platform-lot1.eval.yaml").data
SCHEMA_NAMES = sorted(
    entry.name.removesuffix(".schema.json")
    for entry in resources.files("procure_app.core.base.schemas").iterdir()
    if entry.name.endswith(".schema.json")
)

# The keywords both validators read alike (fastjsonschema implements draft 7; jsonschema, 2020-12).
# A keyword outside this set, such as 2020-12's prefixItems or unevaluatedProperties, could be
# skipped by the fast check, which would then pass a document jsonschema rejects.
SHARED_KEYWORDS = {
    "$defs", "$id", "$ref", "$schema", "title", "description", "x-hint", "$comment",
    "type", "enum", "const", "properties", "required", "additionalProperties", "items",
    "minItems", "maxItems", "uniqueItems", "pattern", "minLength", "maxLength", "minimum", "maximum",
}  # fmt: skip

odd_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=False),
    st.dates().map(date.isoformat),
    st.dates(),
    st.text(max_size=12),
    st.just(""),
    st.just("approved"),
    st.just("2.2.4/P3"),
    st.lists(st.text(max_size=5), max_size=3),
    st.just(["software", "software"]),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_paths(value, (*prefix, index)))
    return found


def _mutate(document: Any, data: st.DataObject) -> Any:
    mutated = copy.deepcopy(document)
    where = data.draw(st.sampled_from(_paths(mutated)[1:]))
    parent = mutated
    for part in where[:-1]:
        parent = parent[part]
    action = data.draw(st.sampled_from(["replace", "delete", "add-key"]))
    last = where[-1]
    if action == "delete":
        del parent[last]
    elif action == "add-key" and isinstance(parent, dict):
        parent[data.draw(st.sampled_from(["extra", "titel", "level", "variants", "min"]))] = data.draw(odd_values)
    else:
        parent[last] = data.draw(odd_values)
    return mutated


def _keywords(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        for keyword, argument in node.items():
            found.add(keyword)
            if keyword in ("properties", "$defs"):
                for subschema in argument.values():
                    found |= _keywords(subschema)
            elif keyword not in ("enum", "const", "required"):
                found |= _keywords(argument)
    elif isinstance(node, list):
        for item in node:
            found |= _keywords(item)
    return found


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_schema_uses_only_keywords_both_validators_read_alike(name: str) -> None:
    assert _keywords(schema(name)) <= SHARED_KEYWORDS
    assert "$ref" not in json.dumps(schema(name)).replace('"$ref": "#/$defs/', "")  # local references only


@pytest.mark.parametrize(
    ("name", "document"),
    [
        ("clause-file", SHIPPED[0]),
        ("library", MANIFEST),
        ("guidelines", GUIDELINES),
        ("rubric", RUBRIC),
        ("tender-spec", SPEC),
        ("evaluation", EVALUATION),
    ],
)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_the_fast_check_never_passes_what_jsonschema_rejects(name: str, document: Any, data: st.DataObject) -> None:
    mutated = _mutate(document, data)
    before = copy.deepcopy(mutated)
    if is_valid(mutated, name):
        assert validator(name).is_valid(mutated)
    assert mutated == before  # nothing filled in or changed


def test_the_fast_check_passes_every_shipped_file() -> None:
    assert all(is_valid(document, "clause-file") for document in SHIPPED)
    shipped = {"library": MANIFEST, "guidelines": GUIDELINES, "rubric": RUBRIC, "tender-spec": SPEC}
    assert all(is_valid(document, name) for name, document in shipped.items())
    assert is_valid(EVALUATION, "evaluation")


def test_a_document_only_the_fast_check_refuses_gets_no_false_error() -> None:
    # fastjsonschema reads "$" as the end of the text; jsonschema (Python's re) lets a final line
    # break through. The fast check is the stricter one, and the diagnostics come from jsonschema.
    manifest = copy.deepcopy(MANIFEST)
    manifest["library"]["id"] = "city-library\n"
    assert not is_valid(manifest, "library") and validator("library").is_valid(manifest)
    assert check_schema(LoadedYaml(Path("library.yaml"), manifest, ""), "library") == []


def test_an_invalid_document_gets_jsonschemas_diagnostics_with_lines() -> None:
    text = "library: {id: Bad Id, title: Lib, version: '1'}\ncategories: []\n"
    found = check_schema(load_yaml_text(text, Path("library.yaml")), "library")
    assert {(d.rule, d.line) for d in found} == {("S005", 1), ("S006", 2)}
