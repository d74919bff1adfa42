"""A small library and spec to assemble tenders from, written fresh for each test."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from procure_app import paths
from procure_app.core.base.diagnostics import Diagnostic
from procure_app.core.library.checked import load_checked_library
from procure_app.core.library.clauses import ClauseLibrary
from procure_app.core.tender.assembly import AssembledTender, assemble
from procure_app.core.tender.spec import load_spec

LIBRARY = """\
library: {id: mini, title: Mini library, version: "1.0"}
categories:
  - {id: general, title: General}
"""

CLAUSES = """\
clauses:
  - id: alpha
    title: Alpha obligations
    category: general
    kind: specification
    status: approved
    version: "1.0"
    owner: Legal
    last_reviewed: "2026-01-01"
    applies_to: [software]
    references: {guidelines: ["2.2.4/P3"]}
    variables:
      - {name: days, type: number, label: Days to respond}
      - {name: fee, type: money, label: Fee, default: 25000}
      - {name: start, type: date, label: Start, default: "2027-01-31"}
      - {name: period, type: duration, label: Period, default: "36 months"}
      - {name: level, type: choice, label: Level, allowed: [AA, AAA], default: AA}
      - {name: name, type: text, label: Name of the standard}
      - {name: extra, type: boolean, label: Add the audit paragraph, default: false}
    text: |
      The Contractor shall respond within {{ days }} days and pay {{ fee }} from {{ start }}
      for {{ period }} at level {{ level }} under {{ name }}.

      - first item;
      - second item.
    variants:
      - name: strict
        label: Strict
        text: |
          Strictly within {{ days }} days, {{ fee }}, {{ start }}, {{ period }}, {{ level }}, {{ name }}.
    optional_paragraphs:
      - name: audit
        label: Audit
        enabled_by: extra
        variants: [standard]
        text: |
          The Authority may audit this clause.
    guidance: Use it.
    verification: A statement.
  - id: beta
    title: Beta refers to alpha
    category: general
    kind: contract-performance
    status: approved
    version: "1.0"
    owner: Legal
    last_reviewed: "2026-01-01"
    applies_to: [software]
    references: {guidelines: ["2.2.4/P2"]}
    text: |
      As set out in clause {{ ref:alpha }}, the Contractor reports monthly.
    guidance: Use it with alpha.
    verification: Monthly reports.
"""

SPEC = """\
tender:
  title: Mini tender
  reference: "MINI-1"
  language: en-GB
  procedure: open
  main_category: services
  scope: [software]
  estimated_value: {amount: 100000, currency: EUR}
  dates: {publication: "2027-01-10", submission_deadline: "2027-02-20"}
buyer: {name: City of Mini}
sections:
  - title: First section
    clauses:
      - clause: alpha
        values: {days: 10, name: ISO 37120}
  - title: Second section
    clauses:
      - clause: beta
      - custom: {id: custom-one, title: Own clause, kind: general, text: "See clause {{ ref:beta }}."}
"""


@pytest.fixture
def mini_library(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    (root / "clauses").mkdir(parents=True)
    (root / "library.yaml").write_text(LIBRARY, encoding="utf-8")
    (root / "clauses" / "general.yaml").write_text(CLAUSES, encoding="utf-8")
    return root


@pytest.fixture
def build(tmp_path: Path, mini_library: Path) -> Callable[..., tuple[AssembledTender | None, list[Diagnostic]]]:
    """Assemble SPEC (optionally edited: replace old text with new) against the mini library."""

    def run(*replacements: tuple[str, str], spec_text: str = SPEC, library: Path = mini_library):
        for old, new in replacements:
            assert old in spec_text, old
            spec_text = spec_text.replace(old, new, 1)
        path = tmp_path / "tender.yaml"
        path.write_text(textwrap.dedent(spec_text), encoding="utf-8")
        spec, problems = load_spec(path)
        if spec is None:
            return None, problems
        loaded, library_problems = load_checked_library(library, paths.guidelines_file())
        assert [d for d in library_problems if d.is_error] == []
        tender, more = assemble(spec, loaded)
        return tender, problems + more

    return run


def library_of(root: Path) -> ClauseLibrary:
    return load_checked_library(root, paths.guidelines_file())[0]
