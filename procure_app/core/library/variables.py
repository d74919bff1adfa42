"""Typed clause variables: what a valid value of each type looks like.

Used to check the defaults in the library and, when a tender is assembled, the values an officer
entered. Dates are ISO ``YYYY-MM-DD`` text; durations are ``"36 months"``; money is a plain amount
in the tender's currency.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from .clauses import Variable

__all__ = ["VARIABLE_TYPES", "value_problem", "parse_iso_date", "DURATION_PATTERN"]

VARIABLE_TYPES = ("text", "number", "money", "date", "duration", "choice", "boolean")
DURATION_PATTERN = re.compile(r"^([1-9][0-9]{0,4}) (day|week|month|year)s?$")


def parse_iso_date(value: str) -> date | None:
    """The date written as ``YYYY-MM-DD``, or None when it is not a real calendar date."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def value_problem(variable: Variable, value: Any) -> str | None:
    """Why ``value`` is not acceptable for ``variable``, or None when it is."""
    kind = variable.type
    if kind in ("number", "money"):
        if not _is_number(value):
            return f"must be a number, not {value!r}"
        if kind == "money" and value < 0:
            return f"is an amount of money and cannot be negative ({value})"
        if variable.minimum is not None and value < variable.minimum:
            return f"is {value}, below the minimum {variable.minimum}"
        if variable.maximum is not None and value > variable.maximum:
            return f"is {value}, above the maximum {variable.maximum}"
        return None
    if kind == "boolean":
        return None if isinstance(value, bool) else f"must be true or false, not {value!r}"
    if not isinstance(value, str):
        return f"must be text, not {value!r}; write it in quotes"
    if kind == "date" and parse_iso_date(value) is None:
        return f"{value!r} is not a real date written YYYY-MM-DD"
    if kind == "duration" and not DURATION_PATTERN.match(value):
        return f'{value!r} is not a duration such as "36 months" (days, weeks, months or years)'
    if kind == "choice" and value not in variable.allowed:
        return f"{value!r} is not one of the allowed values: {', '.join(variable.allowed)}"
    if kind == "text" and not value.strip():
        return "is empty"
    return None
