"""Editing a spec file in place: what the user did not change stays byte for byte, and undo is exact."""

from __future__ import annotations

import difflib
import os
import shutil
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from procure_app import paths
from procure_app.core.tender.spec import load_spec, load_spec_text
from procure_app.core.tender.spec_document import MISSING, ChangedOnDiskError, SpecDocument, SpecDocumentError
from procure_app.core.tender.spec_edits import (
    SpecEdit,
    insert_item,
    move_item,
    path_words,
    remove_item,
    set_value,
)

EXAMPLE = paths.resources_dir() / "examples" / "urban-data-platform.tender.yaml"

# Written by hand, the way people do: four-space mappings, dashes flush with their key, comments,
# both kinds of quotes, a folded block and a flow mapping.
HAND_WRITTEN = """\
# Riverton parks sensors: draft for the legal team
tender:
    title: 'Park sensors'   # short title
    reference: "PARK-2027-01"
    description: >
        Sensors that count visitors in the
        city's parks.
    language: en-GB
    procedure: open
    main_category: goods
    scope: [goods]
    public_facing: false
    cpv:
    -   "38000000-5"
    estimated_value: {amount: 90000, currency: EUR}
    duration: "24 months"
    dates:
        publication: "2027-03-01"
        submission_deadline: "2027-04-12"

buyer:
    name: City of Riverton
    contact:
        email: parks@riverton.example.org

sections:
# the only section for now
-   title: Requirements
    clauses:
    -   clause: interop-open-standards
        values:
            standards_annex: "Annex 1"   # to be written
"""


# More aliases than any file from outside may hold: refused before the round-trip parser sees it.
ALIAS_BOMB = "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\nb: &b [*a, *a, *a, *a, *a]\nc: [" + ", ".join(["*b"] * 200) + "]\n"


def _changed(before: str, after: str) -> tuple[list[str], list[str]]:
    removed, added = [], []
    for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0):
        if line.startswith("-") and not line.startswith("---"):
            removed.append(line[1:])
        elif line.startswith("+") and not line.startswith("+++"):
            added.append(line[1:])
    return removed, added


@pytest.fixture
def hand_written(tmp_path: Path) -> Path:
    path = tmp_path / "parks.tender.yaml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    return path


def test_saving_an_unchanged_spec_rewrites_the_same_bytes(tmp_path: Path, hand_written: Path) -> None:
    copy = tmp_path / "example.tender.yaml"
    shutil.copy(EXAMPLE, copy)
    for path in (copy, hand_written):
        before = path.read_bytes()
        document = SpecDocument.open(path)
        assert not document.modified
        document.save()
        assert path.read_bytes() == before


def test_one_changed_value_changes_one_line_and_keeps_every_comment(hand_written: Path) -> None:
    document = SpecDocument.open(hand_written)
    set_value(document, ("sections", 0, "clauses", 0, "values", "standards_annex"), "Annex 2").apply(document)
    assert document.modified
    document.save()
    removed, added = _changed(HAND_WRITTEN, hand_written.read_text(encoding="utf-8"))
    assert removed == ['            standards_annex: "Annex 1"   # to be written']
    assert added == ['            standards_annex: "Annex 2"   # to be written']


def test_a_new_string_keeps_the_quoting_of_the_one_it_replaces(hand_written: Path) -> None:
    document = SpecDocument.open(hand_written)
    set_value(document, ("tender", "title"), "Park visitor sensors").apply(document)
    set_value(document, ("tender", "reference"), "PARK-2027-02").apply(document)
    removed, added = _changed(HAND_WRITTEN, document.text)
    assert added == [
        "    title: 'Park visitor sensors' # short title",  # the comment moves along, one space after
        '    reference: "PARK-2027-02"',
    ]
    assert len(removed) == 2


def test_adding_a_clause_adds_only_its_lines(tmp_path: Path) -> None:
    copy = tmp_path / "example.tender.yaml"
    shutil.copy(EXAMPLE, copy)
    before = copy.read_text(encoding="utf-8")
    document = SpecDocument.open(copy)
    entry = {"clause": "exit-plan", "values": {"plan_due_days": 90}}
    insert_item(("sections", 0, "clauses"), 1, entry, "Add exit-plan").apply(document)
    removed, added = _changed(before, document.text)
    assert removed == []
    assert added == ["      - clause: exit-plan", "        values:", "          plan_due_days: 90"]


def _edits(document: SpecDocument, data: st.DataObject) -> SpecEdit:
    """One edit a user of the builder can make, against the document as it is now."""
    sections = document.get(("sections",))
    section = data.draw(st.integers(0, len(sections) - 1), label="section")
    clauses_path = ("sections", section, "clauses")
    clauses = document.get(clauses_path)
    kind = data.draw(st.sampled_from(["set", "clear", "insert", "remove", "move", "intro"]), label="kind")
    if kind == "insert" or not clauses:
        index = data.draw(st.integers(0, len(clauses)), label="at")
        entry = {"clause": data.draw(st.sampled_from(["exit-plan", "sme-lots", "interop-open-apis"]))}
        return insert_item(clauses_path, index, entry, "Add")
    index = data.draw(st.integers(0, len(clauses) - 1), label="clause")
    if kind == "remove":
        return remove_item(document, clauses_path, index, "Remove")
    if kind == "move":
        target = data.draw(st.integers(0, len(clauses) - 1), label="to")
        return move_item(clauses_path, index, target, "Move")
    if kind == "intro":
        text = data.draw(st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=30))
        return set_value(document, ("sections", section, "intro"), text)
    name = data.draw(st.sampled_from(["lot_count", "plan_due_days", "standards_annex"]), label="value")
    path = (*clauses_path, index, "values", name)
    if kind == "clear":
        return set_value(document, path, MISSING)
    value = data.draw(st.one_of(st.integers(0, 10**6), st.text(max_size=12), st.booleans()), label="new")
    return set_value(document, path, value)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_undoing_every_edit_gives_back_the_file_byte_for_byte(data: st.DataObject) -> None:
    original = EXAMPLE.read_text(encoding="utf-8")
    document = SpecDocument(original, EXAMPLE)
    done: list[SpecEdit] = []
    for _ in range(data.draw(st.integers(1, 8), label="edits")):
        edit = _edits(document, data)
        edit.apply(document)
        done.append(edit)
    after = document.text
    for edit in reversed(done):
        edit.revert(document)
    assert document.text == original, "".join(difflib.unified_diff(original.splitlines(), document.text.splitlines()))
    for edit in done:  # and redo gives the edited text again
        edit.apply(document)
    assert document.text == after


def test_keystrokes_in_one_field_merge_into_one_step(hand_written: Path) -> None:
    document = SpecDocument.open(hand_written)
    path = ("sections", 0, "clauses", 0, "values", "standards_annex")
    first = set_value(document, path, "A")
    first.apply(document)
    second = set_value(document, path, "An")
    second.apply(document)
    step = first.merged(second)
    assert step is not None and step.label == "Change interop-open-standards › standards_annex"
    assert first.merged(set_value(document, ("tender", "title"), "x")) is None  # another field: another step
    step.revert(document)
    assert document.text == HAND_WRITTEN


def test_a_removed_key_comes_back_where_it_stood() -> None:
    original = EXAMPLE.read_text(encoding="utf-8")
    document = SpecDocument(original, EXAMPLE)
    edit = set_value(document, ("tender", "language"), MISSING)
    edit.apply(document)
    assert "language:" not in document.text.split("buyer:")[0]
    edit.revert(document)
    assert document.text == original, "".join(difflib.unified_diff(original.splitlines(), document.text.splitlines()))


def test_steps_are_named_by_clause_and_value(tmp_path: Path) -> None:
    document = SpecDocument(EXAMPLE.read_text(encoding="utf-8"), EXAMPLE)
    assert path_words(document, ("sections", 0, "clauses", 1, "values", "min_annual_turnover")) == (
        "sme-proportionate-finance › min_annual_turnover"
    )
    assert path_words(document, ("tender", "title")) == "title"


def test_saving_over_a_file_changed_on_disk_stops_and_changes_nothing(hand_written: Path) -> None:
    document = SpecDocument.open(hand_written)
    set_value(document, ("tender", "title"), "Mine").apply(document)
    theirs = HAND_WRITTEN.replace("Park sensors", "Theirs")
    hand_written.write_text(theirs, encoding="utf-8")  # another editor, or a git pull
    assert document.changed_on_disk()
    with pytest.raises(ChangedOnDiskError, match="changed on disk"):
        document.save()
    assert hand_written.read_text(encoding="utf-8") == theirs
    document.save(overwrite_changes=True)  # the user chose to keep this version
    assert "title: 'Mine'" in hand_written.read_text(encoding="utf-8")
    assert not document.changed_on_disk() and not document.modified


def test_a_saved_spec_checks_as_the_editor_showed_it(hand_written: Path) -> None:
    document = SpecDocument.open(hand_written)
    set_value(document, ("tender", "cpv", 0), "38000000-6").apply(document)  # a wrong check digit
    _spec, shown = load_spec_text(document.text, hand_written)
    assert [d.rule for d in shown] == ["T117"] and "'38000000-5'" in shown[0].message
    document.save()
    _spec, saved = load_spec(hand_written)
    assert [d.as_dict() for d in saved] == [d.as_dict() for d in shown]


def test_a_new_spec_is_written_with_the_usual_file_mode(tmp_path: Path) -> None:
    document = SpecDocument("tender:\n  title: New tender\n")
    assert document.modified and document.path is None
    with pytest.raises(SpecDocumentError, match="Save As"):
        document.save()
    target = tmp_path / "new.tender.yaml"
    document.save(target)
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    assert target.read_text(encoding="utf-8") == "tender:\n  title: New tender\n"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (ALIAS_BOMB, "Y00"),
        ("- just\n- a list\n", "a mapping with a 'tender' key"),
        ("tender: {title: [unclosed\n", "parks.tender.yaml"),
    ],
)
def test_a_file_that_cannot_be_edited_says_why_and_where(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "parks.tender.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SpecDocumentError, match=words) as raised:
        SpecDocument.open(path)
    assert "parks.tender.yaml" in str(raised.value)
