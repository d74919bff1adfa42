"""Custom clauses as the officer writes them: added with a free id, bullets and paragraphs typed the
way the tender prints them, references written for a clause picked, never typed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from procure_app import paths
from procure_app.core.library.textblocks import BulletList, Paragraph, split_blocks
from procure_app.core.tender import outline_edits as edits
from procure_app.core.tender.custom_text import (
    continued_line,
    free_custom_id,
    reference,
    references,
    toggle_bullets,
    unwrapped,
)
from procure_app.core.tender.outline import changes_outline
from procure_app.core.tender.spec import load_spec_text
from procure_app.core.tender.spec_document import SpecDocument

EXAMPLE = paths.resources_dir() / "examples" / "urban-data-platform.tender.yaml"


def _example() -> SpecDocument:
    return SpecDocument(EXAMPLE.read_text(encoding="utf-8"), EXAMPLE)


def test_a_new_custom_clause_gets_an_id_no_clause_has_and_undoes_exactly() -> None:
    document = _example()
    made = edits.add_custom_clause(document, 1, 0, "Street works permits", taken=["custom-clause"])
    assert made is not None
    edit, clause_id = made
    assert clause_id == "custom-clause-2"
    edit.apply(document)
    entry = document.get(("sections", 1, "clauses", 0))
    assert entry["custom"] == {"id": clause_id, "title": "Street works permits", "kind": "specification", "text": ""}
    assert edit.label == "Add custom clause custom-clause-2"
    assert clause_id in edits.clause_ids(document)
    # Until its text is written the check says so at the text, and nowhere else.
    _spec, problems = load_spec_text(document.text, EXAMPLE)
    errors = [p for p in problems if p.is_error]
    text_line = next(n for n, line in enumerate(document.text.splitlines(), 1) if line.strip() == "text: ''")
    assert [(p.line, p.rule) for p in errors] == [(text_line, "S005")], errors
    edit.revert(document)
    assert document.text == EXAMPLE.read_text(encoding="utf-8")
    assert edits.add_custom_clause(document, 99, None, "x") is None


def test_free_ids_count_up_past_the_ones_taken() -> None:
    assert free_custom_id([]) == "custom-clause"
    assert free_custom_id(["custom-clause", "custom-clause-2"]) == "custom-clause-3"


def test_the_list_button_makes_bullets_of_the_lines_and_takes_them_off_again() -> None:
    lines = ["Deliver:", "", "the siting plan", "a photograph"]
    assert toggle_bullets(lines[2:]) == ["- the siting plan", "- a photograph"]
    assert toggle_bullets(["- the siting plan", "- a photograph"]) == lines[2:]
    # A mixed selection becomes a list; a blank line between paragraphs stays blank.
    assert toggle_bullets(["- a", "", "b"]) == ["- a", "", "- b"]
    text = "\n".join(lines[:2] + toggle_bullets(lines[2:]))
    blocks = split_blocks(text)
    assert isinstance(blocks[0], Paragraph) and isinstance(blocks[1], BulletList)
    assert blocks[1].items == ("the siting plan", "a photograph")


@given(st.lists(st.text(alphabet="ab -.", min_size=1, max_size=6).filter(lambda t: t[0] not in " -"), max_size=5))
def test_the_list_button_twice_gives_the_lines_back(lines: list[str]) -> None:
    listed = toggle_bullets(lines)
    assert all(line.startswith("- ") for line in listed)
    assert toggle_bullets(listed) == lines


def test_enter_continues_a_list_and_an_empty_item_ends_it() -> None:
    assert continued_line("- the siting plan") == "- "
    assert continued_line("- ") == ""
    assert continued_line("A paragraph.") is None


def test_a_reference_is_written_for_the_clause_picked_and_found_again() -> None:
    text = f"As in clause {reference('exit-plan')}, and {{{{ name }}}}."
    found = list(references(text))
    assert [r.clause_id for r in found] == ["exit-plan"]
    assert text[found[0].start : found[0].end] == "{{ ref:exit-plan }}"


def test_a_custom_clause_s_words_do_not_change_the_outline_but_its_title_does() -> None:
    entry = ("sections", 0, "clauses", 2, "custom")
    assert not changes_outline((*entry, "text"))
    assert not changes_outline((*entry, "verification"))
    assert changes_outline((*entry, "title"))
    assert changes_outline((*entry, "id"))


def test_the_editor_shows_each_paragraph_and_item_on_one_line_and_the_tender_reads_it_the_same() -> None:
    written = "The Contractor shall\n  deliver a plan:\n\n- for each\n  district\n- with photos\n\nThen more.\n"
    assert (
        unwrapped(written) == "The Contractor shall deliver a plan:\n\n- for each district\n- with photos\n\nThen more."
    )
    assert split_blocks(unwrapped(written)) == split_blocks(written)
    assert unwrapped(unwrapped(written)) == unwrapped(written)


@given(st.text(alphabet="ab -\n", max_size=40))
def test_unwrapping_never_changes_what_the_tender_prints(text: str) -> None:
    assert split_blocks(unwrapped(text)) == split_blocks(text)
