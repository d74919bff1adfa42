"""JSON Schema validation of loaded YAML, with errors mapped back to file positions.

The schemas (draft 2020-12) live in ``procure_app/core/base/schemas``. They only use local ``$ref``s,
and the validators are built with an empty registry, so nothing is ever fetched. A subschema may
carry an ``x-hint`` annotation: a plain-language description of the expected form that replaces
jsonschema's regular-expression message.

Two validators, one answer. jsonschema explains every error well but walks a large library slowly,
and valid files are the common case: so every document first goes through fastjsonschema, which
compiles a schema into plain Python code that only answers "valid or not", and jsonschema runs
only on a document that fails, to produce the messages. The diagnostics are always jsonschema's:
where the two differ on an odd value (fastjsonschema reads ``$`` as the very end of the text, for
instance), the fast check is the stricter one, so the worst a difference costs is the slow path.
``tests/core/test_schema_fast_check.py`` checks that the fast check never passes what jsonschema
rejects.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import fastjsonschema

from .diagnostics import Diagnostic
from .yamlio import LoadedYaml

if TYPE_CHECKING:  # jsonschema is imported by validator(), on the slow path only (see there)
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

__all__ = ["schema", "validator", "is_valid", "check_schema", "describe_value"]

_TYPE_WORDS = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of fields",
    "null": "nothing",
}


@cache
def schema(name: str) -> dict[str, Any]:
    """The bundled schema ``name`` (e.g. ``"clause-file"``)."""
    text = resources.files("procure_app.core.base.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@cache
def validator(name: str) -> Draft202012Validator:
    """A ready validator for the bundled schema ``name``; no format checker, no remote refs."""
    # Imported here, not at the top: valid files pass the fast check (:func:`is_valid`) and never get
    # here, and importing jsonschema is a noticeable part of the desktop app's start-up.
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(name))


@cache
def _fast_check(name: str) -> Callable[[Any], Any]:
    # No defaults filled in (the data is never changed), no formats (jsonschema checks none here),
    # and no details in the exception, which only says "invalid": half the compile time.
    return fastjsonschema.compile(schema(name), use_default=False, use_formats=False, detailed_exceptions=False)


def is_valid(data: object, schema_name: str) -> bool:
    """True when ``data`` satisfies the bundled schema (the fast path; no messages)."""
    try:
        _fast_check(schema_name)(data)
    except fastjsonschema.JsonSchemaException:
        return False
    except (TypeError, ValueError):  # a value the generated code cannot compare: let jsonschema judge
        return False
    return True


def check_schema(document: LoadedYaml, schema_name: str) -> list[Diagnostic]:
    """Validate ``document`` against a bundled schema; one diagnostic per problem, with its line."""
    if is_valid(document.data, schema_name):
        return []
    found: dict[Diagnostic, None] = {}  # two rules of one value (empty, and blank) say the same once
    for error in validator(schema_name).iter_errors(document.data):
        found.update(dict.fromkeys(_diagnostics_for(document, error)))
    return list(found)


def describe_value(value: object) -> str:
    """Name the type of a loaded YAML value the way a user would say it."""
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, datetime):
        return f"the timestamp {value.isoformat()}"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    if value is None:
        return "an empty value"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"the text {value!r}"


def _quote_hint(value: object) -> str:
    """Explain the YAML 1.1 reading that most likely turned text into something else."""
    if isinstance(value, bool):
        return "; YAML reads unquoted yes/no/on/off/true/false as a boolean: write the value in quotes"
    if isinstance(value, (date, datetime)):
        return '; YAML reads an unquoted date as a date: write it in quotes, e.g. "2026-01-31"'
    if isinstance(value, int):
        return "; YAML reads unquoted digits (and forms like 1:30) as a number: write it in quotes"
    if isinstance(value, float):
        return '; YAML reads an unquoted 1.0 as a number: write it in quotes, e.g. "1.0"'
    return ""


def _where(document: LoadedYaml, path: list[str | int], *, key: bool = False) -> tuple[int, int]:
    return document.locate(path, key=key)


def _diagnostics_for(document: LoadedYaml, error: ValidationError) -> list[Diagnostic]:
    path = list(error.absolute_path)
    field = _field_name(path)
    keyword = error.validator
    hint = error.schema.get("x-hint") if isinstance(error.schema, dict) else None

    def at(rule: str, message: str, where: list[str | int], *, key: bool = False) -> Diagnostic:
        line, column = _where(document, where, key=key)
        return Diagnostic(document.path, line, column, rule, message)

    if keyword == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return [at("S001", f"{_owner(path)} is missing the required field '{name}'", path) for name in missing]
    if keyword == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        return [
            at("S002", f"unknown field '{name}'{_suggest(name, allowed)}", [*path, name], key=True)
            for name in error.instance
            if name not in allowed
        ]
    if keyword == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        words = " or ".join(_TYPE_WORDS.get(str(t), str(t)) for t in expected)
        quote = _quote_hint(error.instance) if "string" in expected else ""
        return [at("S003", f"{field} must be {words}, not {describe_value(error.instance)}{quote}", path)]
    if keyword in ("enum", "const"):
        options = error.validator_value if keyword == "enum" else [error.validator_value]
        listed = ", ".join(str(option) for option in options)
        quote = _quote_hint(error.instance) if not isinstance(error.instance, str) else ""
        return [at("S004", f"{field} is {describe_value(error.instance)}; allowed: {listed}{quote}", path)]
    if keyword in ("pattern", "maxLength", "minLength") and hint:
        if isinstance(error.instance, str) and not error.instance.strip():
            return [at("S005", f"{field} is empty: enter {hint}", path)]
        return [at("S005", f"{field} {error.instance!r} is not {hint}", path)]
    if keyword in ("pattern", "maxLength", "minLength"):
        return [at("S005", f"{field}: {error.message}", path)]
    return [at("S006", f"{field}: {_plain(error)}", path)]


def _plain(error: ValidationError) -> str:
    messages = {
        "minItems": "the list must not be empty" if error.validator_value == 1 else error.message,
        "uniqueItems": "the list has the same entry twice",
    }
    return messages.get(str(error.validator), error.message)


def _field_name(path: list[str | int]) -> str:
    names = [part for part in path if isinstance(part, str)]
    if not names:
        return "the document"
    if isinstance(path[-1], int):
        return f"each entry of '{names[-1]}'"
    return f"'{names[-1]}'"


def _owner(path: list[str | int]) -> str:
    if not path:
        return "the document"
    return _field_name(path).replace("each entry of", "this entry of")


def _suggest(name: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(name, allowed, n=1)
    if close:
        return f"; did you mean '{close[0]}'?"
    return f"; allowed fields: {', '.join(allowed)}"
