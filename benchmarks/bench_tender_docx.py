"""Build a 1,000-clause tender to DOCX, as a ratio of a bare docxtpl render of the same text.

    python benchmarks/bench_tender_docx.py [--clauses 1000] [--rounds 3]

Ours: assembly (values, numbering, references) and the full tender template (title page, contents,
headings, annexes, deterministic packaging). The baseline: docxtpl rendering the very same text —
every string the tender document shows, contents and annex tables included — as paragraphs of a
minimal one-loop template. Library loading is outside both
timings. Rounds alternate; the best time of each is kept.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import docx
from docxtpl import DocxTemplate

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate_library import write_library
from procure_app import paths
from procure_app.core.library.checked import load_checked_library
from procure_app.core.library.clauses import ClauseLibrary
from procure_app.core.tender.assembly import AssembledTender, assemble
from procure_app.core.tender.docx import render_tender, tender_context
from procure_app.core.tender.spec import TenderSpec, load_spec

SPEC_HEAD = """\
tender:
  title: Benchmark tender
  reference: "BENCH-1"
  description: A tender made of many synthetic clauses.
  language: en-GB
  procedure: open
  main_category: services
  scope: [software, services]
  estimated_value: {amount: 5000000, currency: EUR}
  dates: {publication: "2027-01-10", submission_deadline: "2027-02-20"}
buyer: {name: City of Benchmarks}
sections:
"""


def _write_spec(path: Path, clauses: int, per_section: int = 50) -> None:
    lines = [SPEC_HEAD]
    for start in range(0, clauses, per_section):
        lines.append(f"  - title: Section starting at clause {start}\n    clauses:\n")
        lines.extend(f"      - clause: synthetic-{n}\n" for n in range(start, min(start + per_section, clauses)))
    path.write_text("".join(lines), encoding="utf-8")


def _minimal_template(path: Path) -> None:
    document = docx.Document()
    for text in ("{%p for paragraph in paragraphs %}", "{{ paragraph }}", "{%p endfor %}"):
        document.add_paragraph(text)
    document.save(str(path))


def _same_text(tender: AssembledTender) -> list[str]:
    """Every piece of text the tender document shows, in order, as one flat list of paragraphs."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(tender_context(tender))
    return found


def _time(action: Callable[[], object], times: list[float]) -> None:
    start = time.perf_counter()
    action()
    times.append(time.perf_counter() - start)


def _ours(spec: TenderSpec, library: ClauseLibrary) -> bytes:
    tender, problems = assemble(spec, library)
    if tender is None:
        raise SystemExit(f"benchmark tender did not assemble: {problems[:3]}")
    return render_tender(tender)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clauses", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_library(root / "library", args.clauses, per_file=100)
        _write_spec(root / "tender.yaml", args.clauses)
        _minimal_template(root / "minimal.docx")
        library, _ = load_checked_library(root / "library", paths.guidelines_file())
        spec, problems = load_spec(root / "tender.yaml")
        assert spec is not None, problems
        tender, _ = assemble(spec, library)
        assert tender is not None
        paragraphs = _same_text(tender)

        def bare() -> None:
            template = DocxTemplate(str(root / "minimal.docx"))
            template.render({"paragraphs": paragraphs}, autoescape=True)
            template.save(str(root / "bare.docx"))

        ours_times: list[float] = []
        bare_times: list[float] = []
        for _ in range(args.rounds):
            _time(bare, bare_times)
            # A freshly loaded library each round, so that nothing cached on its clauses carries over.
            fresh, _ = load_checked_library(root / "library", paths.guidelines_file())
            _time(lambda fresh=fresh: _ours(spec, fresh), ours_times)
    ratio = min(ours_times) / min(bare_times)
    print(f"clauses: {args.clauses}, paragraphs: {len(paragraphs)}")
    print(f"bare docxtpl render, minimal template: {min(bare_times):.3f} s")
    print(f"procure assemble + tender template:    {min(ours_times):.3f} s")
    print(f"ratio: {ratio:.2f}x (target <= 1.5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
