"""What the tender builder's form needs from a spec, without Qt: the values its fields show and
write, and which problems of a check belong to which field.

A field is named by its path in the spec (``("tender", "dates", "publication")``). A problem
belongs to the field whose value it points at: the check reports the line and column of the value
it is about, so the problem is shown under the field that holds that value, with its rule id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from ..base.diagnostics import Diagnostic
from ..base.yamlio import LoadedYaml, PathKey

__all__ = [
    "DURATION_UNITS",
    "format_duration",
    "parse_duration",
    "parse_amount",
    "amount_value",
    "quoted",
    "text_value",
    "problems_at",
]

DURATION_UNITS = ("day", "week", "month", "year")
_DURATION = re.compile(r"^([1-9][0-9]{0,4}) (day|week|month|year)s?$")


def parse_duration(text: Any) -> tuple[int, str] | None:
    """``"48 months"`` as (48, "month"); None when it is not a duration the format accepts."""
    match = _DURATION.match(str(text)) if isinstance(text, str) else None
    return (int(match.group(1)), match.group(2)) if match else None


def format_duration(count: int, unit: str) -> str:
    """(48, "month") as ``"48 months"``, (1, "year") as ``"1 year"``."""
    return f"{count} {unit}{'' if count == 1 else 's'}"


def parse_amount(text: str) -> Decimal | None:
    """An amount as typed: ``2400000``, ``2 400 000``, ``2,400,000.50`` or ``2400000,50``; None when
    it is not a number. Spaces (and non-breaking spaces) group thousands; a comma followed by
    exactly three digits groups them too, otherwise it is the decimal separator."""
    cleaned = re.sub(r"[\s\u00a0\u202f']", "", text)
    if not cleaned:
        return None
    if "," in cleaned and "." in cleaned:
        cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        whole, _, tail = cleaned.rpartition(",")
        cleaned = cleaned.replace(",", "") if len(tail) == 3 and whole else f"{whole.replace(',', '')}.{tail}"
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def amount_value(amount: Decimal) -> int | float:
    """The amount as the spec writes it: a whole number without decimals."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def quoted(text: str) -> DoubleQuotedScalarString:
    """A string written in double quotes (dates, references and ids, which YAML would otherwise
    read as a date or a number)."""
    return DoubleQuotedScalarString(text)


def text_value(text: str) -> str:
    """Text as a form field gives it: a block (``|``) when it has more than one line."""
    text = text.replace("\r\n", "\n")
    return LiteralScalarString(text.rstrip("\n") + "\n") if "\n" in text.strip("\n") else text


def problems_at(
    located: LoadedYaml, diagnostics: Iterable[Diagnostic], paths: Sequence[tuple[PathKey, ...]]
) -> dict[tuple[PathKey, ...], list[Diagnostic]]:
    """The problems of each field: those reported at the position of the field's value (or, for a
    list or mapping, of anything in it). A path the spec does not hold has none."""
    owners: dict[tuple[int, int], tuple[PathKey, ...]] = {}
    for path in sorted(paths, key=len):  # an inner field wins over the list or mapping holding it
        value = _value_at(located.data, path)
        if value is _ABSENT:
            continue
        for inner in _paths_within(path, value):
            owners[located.locate(list(inner))] = path
    found: dict[tuple[PathKey, ...], list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        owner = owners.get((diagnostic.line, diagnostic.column))
        if owner is not None and diagnostic.path == located.path:
            found.setdefault(owner, []).append(diagnostic)
    return found


_ABSENT = object()


def _value_at(data: Any, path: Sequence[PathKey]) -> Any:
    node = data
    for key in path:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return _ABSENT
    return node


def _paths_within(path: tuple[PathKey, ...], value: Any) -> Iterable[tuple[PathKey, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths_within((*path, key), item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths_within((*path, index), item)
