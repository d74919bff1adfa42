"""Shared helpers for the rule tests: a minimal valid library that a test changes in one place.

``write_library`` writes ``library.yaml`` and ``clauses/x.yaml`` into a folder. The clause file
holds one clause with every required field, one variable used in a ``|`` block text, guidance and
verification; :data:`LIBRARY_YAML` declares its single category. A test replaces one piece of the
text with :func:`change` (which insists the piece occurs exactly once), so each broken case
differs from the valid library by exactly one change.
"""

from __future__ import annotations

import datetime
import textwrap
from dataclasses import dataclass
from pathlib import Path

from procure_app import paths
from procure_app.core.base.diagnostics import Diagnostic
from procure_app.core.validate import ValidationReport, validate_paths

TODAY = datetime.date(2026, 11, 25)

LIBRARY_YAML = textwrap.dedent(
    """\
    library:
      id: test-library
      title: Test library
      version: "2026.11"
      publisher: Test legal services
    categories:
      - id: general-terms
        title: General terms
        description: Terms for every contract.
    """
)

CLAUSE_YAML = textwrap.dedent(
    """\
    clauses:
      - id: alpha-clause
        title: Alpha clause
        category: general-terms
        kind: specification
        status: approved
        version: "1.0"
        owner: Legal services
        last_reviewed: "2026-01-05"
        applies_to: [software]
        references:
          guidelines: ["2.2.4/P1"]
        variables:
          - name: support_years
            type: number
            label: Years of support
            default: 5
            min: 1
            max: 10
        text: |
          The Contractor shall support the Solution for
          {{ support_years }} years after acceptance.
        guidance: |
          Choose the support period.
        verification: |
          A support plan signed by the Contractor.
    """
)

# A second clause, appended to the list of CLAUSE_YAML by the tests that need two clauses.
# ``{status}`` and ``{extra}`` (more lines of fields, indented by four spaces) are filled in.
BETA_TEMPLATE = """\
  - id: beta-clause
    title: Beta clause
    category: general-terms
    kind: general
    status: {status}
    version: "2.0"
    owner: Legal services
    last_reviewed: "2026-02-01"
    applies_to: [services]
    references:
      guidelines: ["2.2.4"]
    text: |
      The Contractor shall keep records.
    guidance: |
      Always include.
{extra}"""


def beta_clause(status: str = "approved", extra: str = "") -> str:
    """The YAML of a second valid clause ``beta-clause`` of kind general, to append to CLAUSE_YAML."""
    return BETA_TEMPLATE.format(status=status, extra=extra)


def change(text: str, old: str, new: str) -> str:
    """``text`` with the single occurrence of ``old`` replaced by ``new``."""
    count = text.count(old)
    assert count == 1, f"expected {old!r} exactly once in the text, found it {count} times"
    return text.replace(old, new)


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the single line of ``text`` that contains ``needle``."""
    lines = [number for number, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(lines) == 1, f"expected {needle!r} on exactly one line, found it on lines {lines}"
    return lines[0]


def column_of(text: str, needle: str) -> int:
    """The 1-based column where ``needle`` starts on its (single) line of ``text``."""
    line = text.splitlines()[line_of(text, needle) - 1]
    return line.index(needle) + 1


@dataclass
class Library:
    """A library written to disk: its folder, its two files and their text."""

    root: Path
    manifest: Path
    clauses: Path
    manifest_text: str
    clause_text: str


def write_library(folder: Path, clause_yaml: str = CLAUSE_YAML, library_yaml: str = LIBRARY_YAML) -> Library:
    """Write ``library.yaml`` and ``clauses/x.yaml`` into ``folder`` (created if needed)."""
    (folder / "clauses").mkdir(parents=True, exist_ok=True)
    manifest = folder / "library.yaml"
    clauses = folder / "clauses" / "x.yaml"
    manifest.write_text(library_yaml, encoding="utf-8")
    clauses.write_text(clause_yaml, encoding="utf-8")
    return Library(folder, manifest, clauses, library_yaml, clause_yaml)


def validate(*targets: Path) -> ValidationReport:
    """Validate ``targets`` against the bundled guidelines model, on the fixed day :data:`TODAY`."""
    return validate_paths(list(targets), paths.guidelines_file(), today=TODAY)


def only(report: ValidationReport) -> Diagnostic:
    """The single diagnostic of ``report`` (fails, listing them all, when there is not exactly one)."""
    found = [d.format() for d in report.diagnostics]
    assert len(report.diagnostics) == 1, f"expected exactly one problem, got {len(found)}:\n" + "\n".join(found)
    return report.diagnostics[0]
