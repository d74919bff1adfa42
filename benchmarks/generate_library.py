"""Generate a synthetic, valid clause library of any size for benchmarks.

    python benchmarks/generate_library.py OUT_DIR --clauses 10000 [--per-file 100]

The clauses are shaped like the bundled ones (variables of every type, a variant, an optional
paragraph, references, guidance and verification), so loading them costs what a real library of
that size would cost.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

CATEGORIES = [
    "interoperability",
    "open-source",
    "accessibility",
    "green",
    "exit",
    "data-governance",
    "cybersecurity",
    "human-rights",
    "ai-transparency",
    "sme-access",
    "performance",
    "lifecycle",
    "equity",
]
KINDS = ["selection", "specification", "award", "contract-performance"]

CLAUSE = """\
  - id: synthetic-{n}
    title: Synthetic requirement number {n}
    category: {category}
    kind: {kind}
    status: approved
    version: "1.{minor}"
    owner: Legal services, procurement unit
    last_reviewed: "2026-10-{day:02d}"
    applies_to: [software, services]
    references:
      guidelines: ["2.2.4/P3", "2.2.4/A1.1", "2.1.4/P5"]
      standards: ["EN 301 549 V3.2.1", "ISO/IEC 19941:2017"]
    variables:
      - name: response_days
        type: number
        label: Days the Contractor has to respond
        default: {days}
        min: 1
        max: 365
        unit: days
      - name: service_credit
        type: money
        label: Service credit per breach
        default: 2500
      - name: standard_name
        type: choice
        label: Standard to follow
        allowed: ["OpenAPI 3.1", "AsyncAPI 3.0", "NGSI-LD"]
        default: "OpenAPI 3.1"
      - name: support_period
        type: duration
        label: Support period
        default: "36 months"
      - name: start_date
        type: date
        label: Start of the obligation
        default: "2027-01-01"
        required: false
      - name: include_audit
        type: boolean
        label: Include the audit paragraph
        default: true
    text: |
      The Contractor shall meet requirement {n} from {{{{ start_date }}}} for a support period of
      {{{{ support_period }}}}, following {{{{ standard_name }}}} for every interface it provides.

      The Contractor shall answer a request of the Authority within {{{{ response_days }}}} days;
      each late answer entitles the Authority to a service credit of {{{{ service_credit }}}}.
    variants:
      - name: strict
        label: Strict
        text: |
          The Contractor shall meet requirement {n} in full from {{{{ start_date }}}}, for
          {{{{ support_period }}}}, following {{{{ standard_name }}}} without exception, and answer
          within {{{{ response_days }}}} days or pay a service credit of {{{{ service_credit }}}}.
    optional_paragraphs:
      - name: audit
        label: Audit of compliance
        enabled_by: include_audit
        text: |
          The Authority may audit compliance with this clause once a year at the Contractor's cost.
    guidance: |
      A synthetic clause used to measure how long loading and validating a large library takes.
    verification: |
      A written statement of compliance, checked at acceptance and at each annual review.
"""


def write_library(out: Path, clauses: int, per_file: int) -> list[Path]:
    """Write ``library.yaml`` and clause files to ``out``; return the files written."""
    (out / "clauses").mkdir(parents=True, exist_ok=True)
    manifest = out / "library.yaml"
    lines = [
        "library:",
        "  id: synthetic",
        "  title: Synthetic library",
        '  version: "1.0"',
        "categories:",
    ]
    for category in CATEGORIES:
        lines += [f"  - id: {category}", f"    title: {category.replace('-', ' ').title()}"]
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    written = [manifest]
    for start in range(0, clauses, per_file):
        body = ["clauses:"]
        for n in range(start, min(start + per_file, clauses)):
            body.append(
                CLAUSE.format(
                    n=n,
                    category=CATEGORIES[n % len(CATEGORIES)],
                    kind=KINDS[n % len(KINDS)],
                    minor=n % 10,
                    day=1 + n % 28,
                    days=1 + n % 60,
                )
            )
        path = out / "clauses" / f"part-{start // per_file:04d}.yaml"
        path.write_text("\n".join(body), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--clauses", type=int, default=10_000)
    parser.add_argument("--per-file", type=int, default=100)
    args = parser.parse_args(argv)
    files = write_library(args.out, args.clauses, args.per_file)
    print(f"wrote {args.clauses} clauses in {len(files)} files to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
