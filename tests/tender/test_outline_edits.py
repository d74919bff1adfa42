"""Editing the outline: clauses and sections removed, moved, added, renamed; every step undoes exactly."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from procure_app import paths
from procure_app.core.tender import outline_edits as edits
from procure_app.core.tender.spec import load_spec_text
from procure_app.core.tender.spec_document import SpecDocument
from procure_app.core.tender.spec_edits import SpecEdit

EXAMPLE = paths.resources_dir() / "examples" / "urban-data-platform.tender.yaml"


def _example() -> SpecDocument:
    return SpecDocument(EXAMPLE.read_text(encoding="utf-8"), EXAMPLE)


def _ids(document: SpecDocument, section: int) -> list[str]:
    return [entry.get("clause") or entry["custom"]["id"] for entry in document.get(("sections", section, "clauses"))]


def _apply(document: SpecDocument, edit: SpecEdit | None) -> SpecEdit:
    assert edit is not None
    edit.apply(document)
    return edit


def test_a_clause_moved_down_past_its_section_opens_the_next_one() -> None:
    document = _example()
    first, second = _ids(document, 0), _ids(document, 1)
    edit = _apply(document, edits.move_clause(document, 0, len(first) - 1, +1))
    assert _ids(document, 0) == first[:-1]
    assert _ids(document, 1) == [first[-1], *second]
    assert edit.label == f"Move {first[-1]} to {document.get(('sections', 1, 'title'))}"
    edit.revert(document)
    assert document.text == EXAMPLE.read_text(encoding="utf-8")


def test_nothing_moves_above_the_first_clause_of_the_first_section() -> None:
    document = _example()
    assert edits.move_clause(document, 0, 0, -1) is None
    assert edits.move_section(document, 0, -1) is None


def test_a_drop_counts_the_place_before_the_clause_left() -> None:
    document = _example()
    before = _ids(document, 0)
    _apply(document, edits.move_clause_to(document, (0, 0), (0, 2)))  # dropped between 2nd and 3rd
    assert _ids(document, 0) == [before[1], before[0], *before[2:]]
    assert edits.move_clause_to(document, (0, 1), (0, 1)) is None  # dropped on itself


def test_a_new_section_checks_and_its_intro_is_written_as_a_block() -> None:
    document = _example()
    count = len(document.get(("sections",)))
    _apply(document, edits.add_section(document, count, "Exit and data"))
    _apply(document, edits.set_intro(document, count, "First paragraph.\n\nSecond paragraph."))
    assert "    intro: |\n      First paragraph.\n\n      Second paragraph.\n" in document.text
    spec, problems = load_spec_text(document.text, EXAMPLE)
    assert spec is not None and not [p for p in problems if p.severity == "error"]
    assert spec.sections[-1].title == "Exit and data"
    assert spec.sections[-1].entries == ()
    assert edits.set_intro(document, count, "  ") is not None  # an empty introduction is removed
    _apply(document, edits.set_intro(document, count, ""))
    spec, _ = load_spec_text(document.text, EXAMPLE)
    assert spec is not None and spec.sections[-1].intro is None


def test_renaming_and_removing_a_section_are_named_steps() -> None:
    document = _example()
    old = document.get(("sections", 1, "title"))
    rename = _apply(document, edits.rename_section(document, 1, "Technical requirements"))
    assert rename.label == f"Rename section {old}"
    assert edits.rename_section(document, 1, "Technical requirements") is None
    remove = _apply(document, edits.remove_section(document, 1))
    assert remove.label == "Remove section Technical requirements"
    remove.revert(document)
    rename.revert(document)
    assert document.text == EXAMPLE.read_text(encoding="utf-8")


def _outline_edit(document: SpecDocument, data: st.DataObject) -> SpecEdit | None:
    sections = len(document.get(("sections",)))
    section = data.draw(st.integers(0, sections - 1), label="section")
    clauses = len(document.get(("sections", section, "clauses")))
    kind = data.draw(st.sampled_from(["up", "down", "to", "remove", "section", "add", "rename", "intro"]))
    if kind in ("up", "down", "to", "remove") and clauses:
        clause = data.draw(st.integers(0, clauses - 1), label="clause")
        if kind == "remove":
            return edits.remove_clause(document, section, clause)
        if kind == "to":
            target = data.draw(st.integers(0, sections - 1), label="to section")
            at = data.draw(st.integers(0, len(document.get(("sections", target, "clauses")))), label="at")
            return edits.move_clause_to(document, (section, clause), (target, at))
        return edits.move_clause(document, section, clause, -1 if kind == "up" else 1)
    if kind == "section":
        return edits.move_section(document, section, data.draw(st.sampled_from([-1, 1])))
    if kind == "add":
        return edits.add_section(document, data.draw(st.integers(0, sections)), "New section")
    if kind == "rename":
        return edits.rename_section(document, section, data.draw(st.text(min_size=1, max_size=20)))
    return edits.set_intro(document, section, data.draw(st.text(max_size=40)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_undoing_outline_edits_gives_back_the_file_byte_for_byte(data: st.DataObject) -> None:
    original = EXAMPLE.read_text(encoding="utf-8")
    document = SpecDocument(original, EXAMPLE)
    done: list[SpecEdit] = []
    for _ in range(data.draw(st.integers(1, 8), label="edits")):
        edit = _outline_edit(document, data)
        if edit is not None:
            edit.apply(document)
            done.append(edit)
    after = document.text
    for edit in reversed(done):
        edit.revert(document)
    assert document.text == original
    for edit in done:
        edit.apply(document)
    assert document.text == after


def test_a_section_dropped_below_the_next_one_changes_places_with_it() -> None:
    document = _example()
    titles = [s["title"] for s in document.get(("sections",))]
    _apply(document, edits.move_section_to(document, 0, 2))
    assert [s["title"] for s in document.get(("sections",))][:2] == [titles[1], titles[0]]
    assert edits.move_section_to(document, 1, 1) is None
    assert edits.move_section_to(document, 1, 2) is None  # just below itself: where it is
