"""The compiled yes/no schema check always agrees with jsonschema on our schemas."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from procure_app import paths
from procure_app.core.fastschema import UnsupportedSchema, compile_schema
from procure_app.core.library import clause_files
from procure_app.core.schema_check import is_valid, validator
from procure_app.core.yamlio import load_yaml

SHIPPED = [load_yaml(path).data for path in clause_files(paths.library_dir())]
MANIFEST = load_yaml(paths.library_dir() / "library.yaml").data
GUIDELINES = load_yaml(paths.guidelines_file()).data
RUBRIC = load_yaml(paths.rubrics_dir() / "smart-city-ict.yaml").data
SPEC = load_yaml(paths.resources_dir() / "examples" / "urban-data-platform.tender.yaml").data

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


@pytest.mark.parametrize(
    ("name", "document"),
    [
        ("clause-file", SHIPPED[0]),
        ("library", MANIFEST),
        ("guidelines", GUIDELINES),
        ("rubric", RUBRIC),
        ("tender-spec", SPEC),
    ],
)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_fast_check_agrees_with_jsonschema_on_mutated_documents(name: str, document: Any, data: st.DataObject) -> None:
    mutated = _mutate(document, data)
    assert is_valid(mutated, name) == validator(name).is_valid(mutated)


def test_fast_check_accepts_every_shipped_file() -> None:
    assert all(is_valid(document, "clause-file") for document in SHIPPED)


def test_unknown_keywords_are_refused_rather_than_skipped() -> None:
    with pytest.raises(UnsupportedSchema, match="oneOf"):
        compile_schema({"oneOf": [{"type": "string"}]})


def test_json_equality_rules_for_enum_and_unique_items() -> None:
    check = compile_schema({"type": "array", "uniqueItems": True, "items": {"enum": [1, "a"]}})
    assert check([1, "a"]) is True
    assert check([True]) is False  # true is not 1 in JSON
    assert check([1, 1]) is False
