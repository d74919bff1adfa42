"""Rewording one clause as it is edited gives the words a whole assembly gives it."""

from __future__ import annotations

from pathlib import Path

from procure_app import paths
from procure_app.core.tender.assembly import reword_clause
from procure_app.core.tender.build import prepare_tender
from procure_app.core.tender.spec_document import SpecDocument

EXAMPLE = paths.resources_dir() / "examples" / "urban-data-platform.tender.yaml"


def _assembled(document: SpecDocument, spec_path: Path):
    prepared = prepare_tender(spec_path, paths.library_dir(), paths.guidelines_file(), spec_text=document.text)
    assert prepared.tender is not None and prepared.library is not None
    return prepared.tender, prepared.library


def test_a_reworded_clause_equals_the_clause_of_a_whole_assembly(tmp_path: Path) -> None:
    spec_path = tmp_path / "t.tender.yaml"
    document = SpecDocument(EXAMPLE.read_text(encoding="utf-8"), spec_path)
    before, library = _assembled(document, spec_path)
    s_index, c_index = next(
        (s, c)
        for s, section in enumerate(document.get(("sections",)))
        for c, entry in enumerate(section["clauses"])
        if entry.get("clause") == "exit-plan"
    )
    keypath = ("sections", s_index, "clauses", c_index)
    document.set((*keypath, "values", "plan_due_days"), 45)
    document.set((*keypath, "values", "run_migration_test"), False)
    reworded = reword_clause(before, library, document.get(keypath), keypath)
    after, _ = _assembled(document, spec_path)
    whole = next(c for c in after.clauses() if c.id == "exit-plan")
    assert reworded == whole
    assert "Within 45 days" in " ".join(getattr(b, "text", "") for b in reworded.blocks)


def test_an_entry_that_cannot_be_worded_gives_none(tmp_path: Path) -> None:
    spec_path = tmp_path / "t.tender.yaml"
    document = SpecDocument(EXAMPLE.read_text(encoding="utf-8"), spec_path)
    tender, library = _assembled(document, spec_path)
    keypath = ("sections", 0, "clauses", 0)
    entry = dict(document.get(keypath))
    assert reword_clause(tender, library, {**entry, "values": {"lot_count": "many"}}, keypath) is None
    assert reword_clause(tender, library, {"clause": "no-such-clause"}, keypath) is None


def test_a_custom_clause_is_worded_from_its_text_as_it_is_written(tmp_path: Path) -> None:
    spec_path = tmp_path / "t.tender.yaml"
    document = SpecDocument(EXAMPLE.read_text(encoding="utf-8"), spec_path)
    before, library = _assembled(document, spec_path)
    s_index, c_index = next(
        (s, c)
        for s, section in enumerate(document.get(("sections",)))
        for c, entry in enumerate(section["clauses"])
        if entry.get("custom")
    )
    keypath = ("sections", s_index, "clauses", c_index)
    text = "The Contractor shall:\n\n- site each sensor\n- follow clause {{ ref:exit-plan }}\n"
    document.set((*keypath, "custom", "text"), text)
    reworded = reword_clause(before, library, document.get(keypath), keypath)
    after, _ = _assembled(document, spec_path)
    whole = next(c for c in after.clauses() if c.keypath == keypath)
    assert reworded == whole
    exit_number = next(c.number for c in after.clauses() if c.id == "exit-plan")
    assert f"follow clause {exit_number}" in str(reworded.blocks)
    # A reference to a clause the tender lacks, or a text not yet written, cannot be worded.
    document.set((*keypath, "custom", "text"), "See {{ ref:no-such-clause }}.")
    assert reword_clause(before, library, document.get(keypath), keypath) is None
    document.set((*keypath, "custom", "text"), "")
    assert reword_clause(before, library, document.get(keypath), keypath) is None
