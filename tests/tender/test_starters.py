"""Starters: new tenders made from the example, with its clauses and values and nothing of its buyer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from procure_app import paths
from procure_app.core.tender.spec_document import SpecDocument
from procure_app.core.tender.starters import STARTERS, starter_spec_text
from procure_app.ui.tender.tender_jobs import example_spec, load_tender_state

TODAY = date(2027, 3, 1)


@pytest.mark.parametrize("starter", STARTERS, ids=[s.key for s in STARTERS])
def test_a_starter_checks_clean_but_for_what_only_the_buyer_knows(starter, tmp_path: Path) -> None:
    text = starter_spec_text(starter, example_spec(), TODAY)
    spec = tmp_path / "new.tender.yaml"
    spec.write_text(text, encoding="utf-8")
    state = load_tender_state(spec, paths.library_dir())
    assert sorted(d.message.split(":")[0] for d in state.checks) == [
        "'name' is empty",
        "'reference' is empty",
        "'title' is empty",
    ]


@pytest.mark.parametrize("starter", STARTERS, ids=[s.key for s in STARTERS])
def test_a_starter_keeps_the_examples_values_and_leaves_out_its_buyer(starter) -> None:
    document = SpecDocument(starter_spec_text(starter, example_spec(), TODAY))
    example = SpecDocument.open(example_spec())
    assert document.get(("tender", "title")) == "" and document.get(("buyer", "name")) == ""
    assert document.get(("tender", "lots"), None) is None
    assert document.get(("tender", "main_category")) == starter.main_category
    assert document.get(("tender", "dates", "publication")) == "2027-03-15"  # counted from today
    examples = {
        str(entry["clause"]): entry
        for section in example.get(("sections",))
        for entry in section["clauses"]
        if "clause" in entry
    }
    listed = [str(entry["clause"]) for section in document.get(("sections",)) for entry in section["clauses"]]
    assert listed == [clause for _title, clauses in starter.sections for clause in clauses]
    for section in document.get(("sections",)):
        assert "intro" not in section  # the example's introductions speak of Riverton
        for entry in section["clauses"]:
            source = examples[str(entry["clause"])]
            assert entry.get("variant") == source.get("variant")
            assert dict(entry.get("values", {})) == {k: v for k, v in dict(source.get("values", {})).items()}


def test_the_award_weights_of_every_starter_add_up_to_100() -> None:
    for starter in STARTERS:
        document = SpecDocument(starter_spec_text(starter, example_spec(), TODAY))
        award = next(s for s in document.get(("sections",)) if s["title"] == "Award criteria")
        weights = [v for entry in award["clauses"] for k, v in entry["values"].items() if k.endswith("_weight")]
        assert sum(weights) == 100, starter.key


def test_a_starter_names_what_the_example_no_longer_has(tmp_path: Path) -> None:
    changed = tmp_path / "example.tender.yaml"
    changed.write_text(example_spec().read_text(encoding="utf-8").replace("clause: exit-plan", "clause: exit-x"))
    with pytest.raises(ValueError, match="has no clause exit-plan"):
        starter_spec_text(STARTERS[0], changed, TODAY)
