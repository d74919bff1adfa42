"""Feedback letters: one per bidder, its own scores next to the winner's, nothing about the others."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from docxtpl import DocxTemplate

from procure_app.core.base.atomic import WriteError
from procure_app.core.base.formatting import format_money
from procure_app.core.evaluation.engine import evaluate, rounded
from procure_app.core.evaluation.letters import (
    letter_context,
    letter_file_name,
    letter_template_path,
    render_letter,
    write_letters,
)
from procure_app.core.evaluation.run import EvaluationRun

from ..office import pdf_text
from .test_evaluation_report import (
    HOSTILE,
    LITERAL,
    all_text,
    load_example,
    open_docx,
    section,
    small_case,
    table_rows,
)

NAMES = {
    "bid-a": "Civic Stack Cooperative Ltd",
    "bid-b": "Meridian Systems Integration plc",
    "bid-c": "Lumen Urban Analytics Ltd",
    "bid-d": "QuickGrid Digital Services Ltd",
    "bid-e": "Stratus Cloud Solutions Ltd",
}


@pytest.fixture(scope="module")
def example() -> EvaluationRun:
    return load_example()


def _letter(run: EvaluationRun, bid_id: str, **options: object) -> bytes:
    assert run.rubric and run.evaluation and run.result
    return render_letter(run.rubric, run.evaluation, run.result, bid_id, **options)  # type: ignore[arg-type]


def test_one_letter_per_bid_with_a_safe_unique_file_name(example: EvaluationRun, tmp_path: Path) -> None:
    assert example.rubric and example.evaluation and example.result
    written = write_letters(example.rubric, example.evaluation, example.result, tmp_path)
    assert [path.name for path in written] == [
        "civic-stack-cooperative-ltd_bid-a.docx",
        "meridian-systems-integration-plc_bid-b.docx",
        "lumen-urban-analytics-ltd_bid-c.docx",
        "quickgrid-digital-services-ltd_bid-d.docx",
        "stratus-cloud-solutions-ltd_bid-e.docx",
    ]
    assert sorted(tmp_path.iterdir()) == sorted(written), "no temporary file is left behind"
    for path, bid_id in zip(written, NAMES, strict=True):
        assert path.read_bytes() == _letter(example, bid_id)
        assert open_docx(path.read_bytes()).paragraphs[0].text == f"To: {NAMES[bid_id]}"


def test_the_losing_letter_shows_its_scores_next_to_the_winners(example: EvaluationRun) -> None:
    result, rubric = example.result, example.rubric
    assert result is not None and rubric is not None
    data = _letter(example, "bid-b")
    document = open_docx(data)
    outcome = section(document, "The outcome of your bid")
    assert outcome[:3] == [
        "Your bid was not selected.",
        "Your bid ranked 4th of the 4 bids that were ranked.",
        "The contracting authority intends to award the contract to Civic Stack Cooperative Ltd, whose bid ranked "
        "first.",
    ]
    rows = table_rows(document, ["Criterion (weight)", "Your score", "Winning bid", "Reasons for your score"])
    criteria = [criterion for _, criterion in rubric.criteria()]
    assert len(rows) == len(criteria)
    own, winner = result.bid("bid-b"), result.bid("bid-a")
    assert own and winner
    for row, criterion in zip(rows, criteria, strict=True):
        mine, theirs = own.criterion(criterion.id), winner.criterion(criterion.id)
        assert mine and theirs and mine.score is not None and theirs.score is not None
        assert row[0].startswith(criterion.title)
        assert row[1] == f"{rounded(mine.score, 2):.2f} of 5"
        assert row[2] == f"{rounded(theirs.score, 2):.2f} of 5"
    licensing = next(row for row in rows if row[0].startswith("Open-source licensing and reuse"))
    assert licensing[3].startswith("The clarification of 2027-04-28"), "the consensus reason for a moderated score"
    interfaces = rows[0][3].splitlines()
    assert len(interfaces) == 3, "one paragraph per evaluator's justification"
    totals = table_rows(document, ["Measure", "Your bid", "Winning bid"])
    assert own.price is not None and winner.price is not None and own.total is not None and winner.total is not None
    assert totals == [
        ["Quality score Q", f"{rounded(own.quality, 2):.2f}", f"{rounded(winner.quality, 2):.2f}"],
        [
            "Price P",
            format_money(rounded(own.price, 2), "EUR", "en-GB"),
            format_money(rounded(winner.price, 2), "EUR", "en-GB"),
        ],
        ["Price score S", f"{rounded(own.price_score or 0, 2):.2f}", f"{rounded(winner.price_score or 0, 2):.2f}"],
        ["Total T", f"{rounded(own.total, 2):.2f}", f"{rounded(winner.total, 2):.2f}"],
        ["Rank", "4th of 4", "1st of 4"],
    ]


def test_a_letter_names_no_other_losing_bidder_and_holds_none_of_their_reasons(example: EvaluationRun) -> None:
    assert example.evaluation is not None
    for bid_id in ("bid-b", "bid-c", "bid-d", "bid-e"):
        text = all_text(_letter(example, bid_id))
        assert NAMES[bid_id] in text and "Civic Stack Cooperative Ltd" in text
        for other, name in NAMES.items():
            if other not in (bid_id, "bid-a"):
                assert name not in text, f"{bid_id}'s letter names {other}"
                assert other not in text, f"{bid_id}'s letter mentions {other}"
        for score in example.evaluation.scores:
            if score.bid != bid_id:
                assert " ".join(score.justification.split()) not in text
        for evaluator in example.evaluation.evaluators:
            assert evaluator.name not in text, "evaluators are not named to bidders"


def test_the_excluded_bidder_is_told_why(example: EvaluationRun) -> None:
    document = open_docx(_letter(example, "bid-e"))
    outcome = section(document, "The outcome of your bid")
    assert outcome[0] == "Your bid was excluded from the competition and was not ranked."
    assert outcome[2].startswith("Gate “Every mandatory requirement is met” not passed: Section 7.3 of the offer")
    assert outcome[-1] == "The contracting authority intends to award the contract to Civic Stack Cooperative Ltd."
    assert section(document, "How your bid was scored") == ["Your bid was excluded before its quality was scored."]
    totals = table_rows(document, ["Measure", "Your bid", "Winning bid"])
    assert totals[-1] == ["Rank", "Not ranked", "1st of 4"]
    assert totals[0][1] == "—"


def test_the_winners_letter(example: EvaluationRun) -> None:
    document = open_docx(_letter(example, "bid-a"))
    outcome = section(document, "The outcome of your bid")
    assert outcome[:2] == [
        "Your bid is the most economically advantageous tender.",
        "Your bid ranked 1st of the 4 bids that were ranked.",
    ]
    assert table_rows(document, ["Criterion (weight)", "Your score", "Reasons for your score"])
    assert all(table.rows[0].cells[-1].text != "Winning bid" for table in document.tables)


def test_every_letter_has_the_editable_standstill_sentence_and_is_accessible(example: EvaluationRun) -> None:
    for bid_id in NAMES:
        data = _letter(example, bid_id)
        document = open_docx(data)
        further = section(document, "Further information")
        assert further[0].startswith(
            "You may ask for further explanation of this decision within the period stated in the tender documents."
        )
        assert not any(not p.text.strip() for p in document.paragraphs)
        headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
        assert headings == ["The outcome of your bid", "How your bid was scored", "Your totals", "Further information"]
        assert document.core_properties.language == "en-GB"
        assert document.core_properties.title.startswith("Outcome of your bid: Open urban data platform")
        for table in document.tables:
            assert "tblHeader" in table.rows[0]._tr.trPr.xml
        assert "Date: [date of dispatch]" in [p.text for p in document.paragraphs]
        assert "{{" not in all_text(data) and "{%" not in all_text(data)


def test_letter_date_and_determinism(example: EvaluationRun) -> None:
    data = _letter(example, "bid-c", letter_date=date(2027, 5, 20))
    assert "Date: 20 May 2027" in [p.text for p in open_docx(data).paragraphs]
    assert data == _letter(example, "bid-c", letter_date=date(2027, 5, 20))
    assert _letter(example, "bid-c") == _letter(example, "bid-c")


def test_template_declares_no_variable_the_context_lacks(example: EvaluationRun) -> None:
    assert example.rubric and example.evaluation and example.result
    context = letter_context(example.rubric, example.evaluation, example.result, "bid-b")
    assert DocxTemplate(str(letter_template_path())).get_undeclared_template_variables() <= set(context)


def test_hostile_bidder_names_round_trip_as_literal_text(tmp_path: Path) -> None:
    rubric, file, _, _ = small_case()
    loser = HOSTILE + " loser"
    file = replace(
        file,
        bids=(
            replace(file.bids[0], bidder=loser),
            replace(file.bids[1], bidder=HOSTILE),
            replace(file.bids[2], bidder="Third <Ltd> & co"),
        ),
        scores=tuple(replace(s, justification=HOSTILE) for s in file.scores),
    )
    result = evaluate(rubric, file)
    assert result.winner == "bid-b"
    own = open_docx(render_letter(rubric, file, result, "bid-a"))
    texts = [p.text for p in own.paragraphs]
    assert f"To: {LITERAL} loser" in texts and f"Dear {LITERAL} loser," in texts
    assert any(text.endswith(f"award the contract to {LITERAL}, whose bid ranked first.") for text in texts)
    reasons = table_rows(own, ["Criterion (weight)", "Your score", "Winning bid", "Reasons for your score"])
    assert reasons[0][3].splitlines() == [LITERAL, LITERAL]
    third = all_text(render_letter(rubric, file, result, "bid-c"))
    assert "Third <Ltd> & co" in third and "loser" not in third
    written = write_letters(rubric, file, result, tmp_path)
    assert [path.name for path in written] == [
        "a-b-c-d-w-t-w-t-x-7-7-if-loser_bid-a.docx",
        "a-b-c-d-w-t-w-t-x-7-7-if_bid-b.docx",
        "third-ltd-co_bid-c.docx",
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ærø Dåta GmbH", "aero-data-gmbh_bid-x.docx"),
        ("株式会社", "bidder_bid-x.docx"),
        ("a" * 100, "a" * 60 + "_bid-x.docx"),
    ],
)
def test_file_names_are_ascii_slugs(name: str, expected: str) -> None:
    rubric, file, _, _ = small_case()
    file = replace(file, bids=(replace(file.bids[0], id="bid-x", bidder=name),), scores=())
    result = evaluate(rubric, file)
    assert letter_file_name(result.bids[0]) == expected


def test_a_tie_and_a_provisional_result_give_careful_letters() -> None:
    rubric, file, _, _ = small_case()
    tied = replace(
        file,
        bids=tuple(replace(b, submitted=None, price=file.bids[0].price) for b in file.bids),
        scores=tuple(replace(s, score=s.score if s.bid == "bid-a" else s.score * 0 + 2) for s in file.scores),
    )
    result = evaluate(rubric, tied)
    assert result.winner is None
    outcome = section(open_docx(render_letter(rubric, tied, result, "bid-a")), "The outcome of your bid")
    assert outcome[0] == "No bid has been selected yet."
    assert outcome[1] == "Your bid ranked 1st, equal with another bid, of the 2 bids that were ranked."
    provisional = replace(file, scores=tuple(s for s in file.scores if s.criterion != "c3"))
    result = evaluate(rubric, provisional)
    assert result.provisional
    document = open_docx(render_letter(rubric, provisional, result, "bid-a"))
    assert document.paragraphs[0].text.startswith("Draft, not to be sent: the evaluation is still provisional")
    assert section(document, "The outcome of your bid")[:3] == [
        "Your bid does not rank first for now.",
        "Your bid ranked 2nd of the 2 bids that were ranked.",
        "For now, the bid of Bidder bid-b ranks first.",
    ]
    assert table_rows(document, ["Criterion (weight)", "Your score", "Bid ranked first"])
    assert "intends to award" not in all_text(render_letter(rubric, provisional, result, "bid-a"))


def test_the_only_ranked_bid_is_told_so() -> None:
    rubric, file, _, _ = small_case()
    file = replace(file, bids=file.bids[1:], scores=tuple(s for s in file.scores if s.bid != "bid-a"))
    result = evaluate(rubric, file)
    outcome = section(open_docx(render_letter(rubric, file, result, "bid-b")), "The outcome of your bid")
    assert outcome[:2] == [
        "Your bid is the most economically advantageous tender.",
        "Your bid was the only bid ranked.",
    ]


def test_an_unknown_bid_is_a_clear_error(example: EvaluationRun) -> None:
    with pytest.raises(ValueError, match=r"no bid 'bid-z'.*bid-a, bid-b"):
        _letter(example, "bid-z")


def test_a_missing_file_or_read_only_folder_is_a_clear_error(
    example: EvaluationRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert example.rubric and example.evaluation and example.result
    parts = (example.rubric, example.evaluation, example.result)
    with pytest.raises(WriteError, match=r"the folder .*missing does not exist"):
        write_letters(*parts, tmp_path / "missing")
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    with pytest.raises(WriteError, match="is a file, not a folder"):
        write_letters(*parts, a_file)
    locked = tmp_path / "locked"
    locked.mkdir()
    import procure_app.core.evaluation.letters as letters

    monkeypatch.setattr(letters.os, "access", lambda *args, **kwargs: False)  # as for a read-only folder
    with pytest.raises(WriteError, match=r"permission denied for the folder .*locked, which is read-only"):
        write_letters(*parts, locked)
    assert list(locked.iterdir()) == []


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_renders_a_letter(example: EvaluationRun, tmp_path: Path) -> None:
    assert example.rubric and example.evaluation and example.result
    (source,) = [
        path
        for path in write_letters(example.rubric, example.evaluation, example.result, tmp_path)
        if path.name.endswith("_bid-b.docx")
    ]
    text = " ".join(pdf_text(source, tmp_path).split())
    for expected in ("Your bid was not selected.", "Civic Stack Cooperative Ltd", "Winning bid", "Page 1 of"):
        assert expected in text, expected
