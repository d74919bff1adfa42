"""``{{ name }}`` placeholders in clause text: finding, checking and substituting them.

Clause text is legal text written by people, so it is never run through a template engine. Only
two forms are recognised: ``{{ name }}`` (a declared variable) and ``{{ ref:clause-id }}`` (the
number another clause gets in the tender). Substitution is a single pass: a substituted value
that itself looks like a placeholder stays as literal text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

__all__ = [
    "Placeholder",
    "TemplateSyntax",
    "find_placeholders",
    "find_template_syntax",
    "substitute",
    "MissingValues",
    "line_and_column",
]

_PLACEHOLDER = re.compile(
    r"\{\{[ \t]*(?:ref:[ \t]*(?P<ref>[a-z][a-z0-9]*(?:-[a-z0-9]+)*)|(?P<name>[a-z][a-z0-9_]*))[ \t]*\}\}"
)
# What is left of template syntax once the valid placeholders are taken out.
_TEMPLATE_SYNTAX = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")


@dataclass(frozen=True)
class Placeholder:
    """One valid placeholder occurrence; ``is_ref`` for ``{{ ref:clause-id }}``."""

    name: str
    is_ref: bool
    start: int
    end: int


@dataclass(frozen=True)
class TemplateSyntax:
    """Template-engine syntax that is not a valid placeholder, e.g. ``{% if %}`` or ``{{ a|upper }}``."""

    snippet: str
    start: int


class MissingValues(KeyError):
    """Substitution found placeholders with no value; ``names`` lists them in order of appearance."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(", ".join(names))
        self.names = names


def find_placeholders(text: str) -> Iterator[Placeholder]:
    """Yield the valid placeholders of ``text`` in order."""
    for match in _PLACEHOLDER.finditer(text):
        ref = match.group("ref")
        name = ref if ref is not None else match.group("name")
        yield Placeholder(name, ref is not None, match.start(), match.end())


def find_template_syntax(text: str) -> Iterator[TemplateSyntax]:
    """Yield every piece of template syntax that is not a valid placeholder."""
    if "{" not in text and "}" not in text:
        return
    masked = _PLACEHOLDER.sub(lambda m: " " * (m.end() - m.start()), text)
    for match in _TEMPLATE_SYNTAX.finditer(masked):
        line_end = text.find("\n", match.start())
        snippet = text[match.start() : line_end if line_end != -1 else len(text)][:40]
        yield TemplateSyntax(snippet, match.start())


def substitute(text: str, values: Mapping[str, str], refs: Mapping[str, str] | None = None) -> str:
    """Replace every placeholder with its value in one pass; raise :class:`MissingValues`."""
    refs = refs or {}
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        ref = match.group("ref")
        table, key = (refs, ref) if ref is not None else (values, match.group("name"))
        if key in table:
            return table[key]
        label = f"ref:{key}" if ref is not None else key
        if label not in missing:
            missing.append(label)
        return match.group(0)

    result = _PLACEHOLDER.sub(replace, text)
    if missing:
        raise MissingValues(missing)
    return result


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """0-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset)
    column = offset - (text.rfind("\n", 0, offset) + 1)
    return line, column
