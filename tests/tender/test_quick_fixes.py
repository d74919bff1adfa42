"""One-click fixes: each drafting warning's fix, applied to the spec, makes that warning go away."""

from __future__ import annotations

from pathlib import Path

from procure_app import paths
from procure_app.core.base.diagnostics import Diagnostic
from procure_app.core.tender.build import prepare_tender
from procure_app.core.tender.coverage import lint_tender
from procure_app.core.tender.quick_fixes import quick_fixes
from procure_app.core.tender.spec_document import SpecDocument

EXAMPLE = paths.resources_dir() / "examples" / "urban-data-platform.tender.yaml"


def _checks(document: SpecDocument, spec_path: Path) -> tuple[list[Diagnostic], object]:
    prepared = prepare_tender(spec_path, paths.library_dir(), paths.guidelines_file(), spec_text=document.text)
    assert prepared.tender is not None, [d.format() for d in prepared.diagnostics if d.is_error]
    return prepared.diagnostics + lint_tender(prepared.tender, prepared.library), prepared.library


def _without(document: SpecDocument, clause_ids: set[str]) -> None:
    for s_index, section in enumerate(document.get(("sections",))):
        clauses = section["clauses"]
        for c_index in reversed(range(len(clauses))):
            if clauses[c_index].get("clause") in clause_ids:
                document.remove(("sections", s_index, "clauses"), c_index)


def test_the_exit_gap_fix_adds_the_named_clauses_to_the_exit_section(tmp_path: Path) -> None:
    spec_path = tmp_path / "t.tender.yaml"
    document = SpecDocument(EXAMPLE.read_text(encoding="utf-8"), spec_path)
    exit_clauses = {
        str(e["clause"])
        for s in document.get(("sections",))
        for e in s["clauses"]
        if str(e.get("clause", "")).startswith("exit-")
    }
    _without(document, exit_clauses | {"data-ownership"})  # it refers to exit-data-export
    before = document.text
    checks, library = _checks(document, spec_path)
    gap = next(d for d in checks if d.rule == "T201")
    assert "exit-plan and exit-data-export" in gap.message
    (fix,) = quick_fixes(gap, document, library)
    assert fix.label == (
        "Add exit-plan and exit-data-export, with exit-transition-assistance that they refer to"
    )  # without it the tender would not build (T107)
    assert fix.select == "exit-plan"
    fix.edit.apply(document)
    titles = {str(s["title"]): [str(e.get("clause")) for e in s["clauses"]] for s in document.get(("sections",))}
    exit_section = titles["Exit and transition"]  # the section named for them
    assert exit_section == ["exit-plan", "exit-data-export", "exit-transition-assistance"]
    assert not [d for d in _checks(document, spec_path)[0] if d.rule == "T201"]
    fix.edit.revert(document)
    assert document.text == before


def test_a_deprecated_clause_is_replaced_keeping_its_place(tmp_path: Path) -> None:
    spec_path = tmp_path / "t.tender.yaml"
    document = SpecDocument(EXAMPLE.read_text(encoding="utf-8"), spec_path)
    document.insert(("sections", 0, "clauses"), 1, {"clause": "perf-delay-penalties"})
    checks, library = _checks(document, spec_path)
    warning = next(d for d in checks if d.rule == "T206")
    (fix,) = quick_fixes(warning, document, library)
    assert fix.label == "Replace perf-delay-penalties with perf-service-credits"
    fix.edit.apply(document)
    assert document.get(("sections", 0, "clauses", 1, "clause")) == "perf-service-credits"


def test_an_empty_section_is_removed_and_warnings_without_a_fix_offer_none(tmp_path: Path) -> None:
    spec_path = tmp_path / "t.tender.yaml"
    document = SpecDocument(EXAMPLE.read_text(encoding="utf-8"), spec_path)
    document.insert(("sections",), 2, {"title": "Nothing here yet", "clauses": []})
    checks, library = _checks(document, spec_path)
    empty = next(d for d in checks if d.rule == "T207")
    (fix,) = quick_fixes(empty, document, library)
    assert fix.label == "Remove the empty section Nothing here yet"
    fix.edit.apply(document)
    assert "Nothing here yet" not in document.text
    brand = Diagnostic(spec_path, 1, 1, "T204", "a brand name", checks[0].severity)
    assert quick_fixes(brand, document, library) == []
