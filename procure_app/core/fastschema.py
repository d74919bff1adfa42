"""A fast yes/no check for the subset of JSON Schema that our bundled schemas use.

jsonschema explains every error well but walks a large library slowly. Valid files are the common
case, so a schema is compiled here into plain Python predicates that only answer "valid or not";
jsonschema runs only on a file that fails, to produce the messages.

The compiler accepts only the keywords it implements and refuses any other, so a schema can never
grow a rule that this check would silently skip. ``tests/core/test_fastschema.py`` checks that the
answer always equals jsonschema's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

__all__ = ["compile_schema", "Predicate", "UnsupportedSchema"]

Predicate = Callable[[Any], bool]

_ANNOTATIONS = {"$schema", "$id", "$defs", "title", "description", "x-hint", "$comment"}
_TYPES: dict[str, Predicate] = {
    "string": lambda v: isinstance(v, str),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}


class UnsupportedSchema(ValueError):
    """The schema uses a keyword this compiler does not implement."""


def compile_schema(root: dict[str, Any]) -> Predicate:
    """Compile ``root`` (with local ``#/$defs/...`` references) into a validity predicate."""
    compiled: dict[str, Predicate] = {}

    def ref(pointer: str) -> Predicate:
        if not pointer.startswith("#/$defs/"):
            raise UnsupportedSchema(f"only local $defs references are supported, not {pointer}")
        name = pointer.removeprefix("#/$defs/")
        if name not in compiled:
            compiled[name] = _always_true  # placeholder breaks reference cycles while compiling
            compiled[name] = build(root["$defs"][name])
        return lambda value: compiled[name](value)

    def build(schema: dict[str, Any] | bool) -> Predicate:
        if schema is True:
            return _always_true
        if schema is False:
            return lambda value: False
        checks = [_keyword(keyword, argument, schema, build, ref) for keyword, argument in schema.items()]
        active = [check for check in checks if check is not None]
        return lambda value: all(check(value) for check in active)

    return build(root)


def _always_true(value: Any) -> bool:
    return True


def _keyword(
    keyword: str,
    argument: Any,
    schema: dict[str, Any],
    build: Callable[[Any], Predicate],
    ref: Callable[[str], Predicate],
) -> Predicate | None:
    if keyword in _ANNOTATIONS:
        return None
    if keyword == "$ref":
        return ref(argument)
    if keyword == "type":
        names = argument if isinstance(argument, list) else [argument]
        tests = [_TYPES[name] for name in names]
        return lambda v: any(test(v) for test in tests)
    if keyword == "enum":
        options = [(type(option), option) for option in argument]
        return lambda v: (type(v), v) in options
    if keyword == "const":
        return lambda v: type(v) is type(argument) and v == argument
    if keyword in ("properties", "required", "additionalProperties"):
        return _object_keyword(keyword, argument, schema, build)
    if keyword == "items":
        item = build(argument)
        return lambda v: not isinstance(v, list) or all(item(x) for x in v)
    if keyword in ("minItems", "maxItems", "uniqueItems"):
        return _array_keyword(keyword, argument)
    if keyword in ("pattern", "minLength", "maxLength"):
        return _string_keyword(keyword, argument)
    if keyword in ("minimum", "maximum"):
        lower = keyword == "minimum"
        return lambda v: not _TYPES["number"](v) or (v >= argument if lower else v <= argument)
    raise UnsupportedSchema(f"the keyword {keyword!r} is not supported by the fast check")


def _object_keyword(
    keyword: str, argument: Any, schema: dict[str, Any], build: Callable[[Any], Predicate]
) -> Predicate:
    if keyword == "required":
        names = list(argument)
        return lambda v: not isinstance(v, dict) or all(name in v for name in names)
    if keyword == "properties":
        props = {name: build(sub) for name, sub in argument.items()}
        return lambda v: not isinstance(v, dict) or all(props[k](x) for k, x in v.items() if k in props)
    if argument is False:
        known = set(schema.get("properties", {}))
        return lambda v: not isinstance(v, dict) or known.issuperset(v)
    extra = build(argument)
    known = set(schema.get("properties", {}))
    return lambda v: not isinstance(v, dict) or all(extra(x) for k, x in v.items() if k not in known)


def _array_keyword(keyword: str, argument: Any) -> Predicate | None:
    if keyword == "minItems":
        return lambda v: not isinstance(v, list) or len(v) >= argument
    if keyword == "maxItems":
        return lambda v: not isinstance(v, list) or len(v) <= argument
    if not argument:
        return None  # uniqueItems: false asserts nothing
    return lambda v: not isinstance(v, list) or _all_unique(v)


def _all_unique(items: list[Any]) -> bool:
    # JSON equality: 1 and true differ, 1 and 1.0 are equal; lists and mappings compare by content.
    keys = [repr(_json_key(item)) for item in items]
    return len(set(keys)) == len(keys)


def _json_key(value: Any) -> Any:
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, (int, float)):
        return ("number", float(value))
    if isinstance(value, list):
        return ("array", [_json_key(x) for x in value])
    if isinstance(value, dict):
        return ("object", sorted((k, _json_key(x)) for k, x in value.items()))
    return (type(value).__name__, value)


def _string_keyword(keyword: str, argument: Any) -> Predicate:
    if keyword == "pattern":
        search = re.compile(argument).search
        return lambda v: not isinstance(v, str) or search(v) is not None
    if keyword == "minLength":
        return lambda v: not isinstance(v, str) or len(v) >= argument
    return lambda v: not isinstance(v, str) or len(v) <= argument
