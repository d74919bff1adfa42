"""The evaluation report as a reader, an auditor and Word see it."""

from __future__ import annotations

import io
import itertools
import shutil
import zipfile
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docxtpl import DocxTemplate

from procure_app import paths
from procure_app.core.base.atomic import WriteError
from procure_app.core.base.formatting import format_money
from procure_app.core.evaluation.engine import EvaluationResult, evaluate, rounded
from procure_app.core.evaluation.evaluation_file import Consensus, EvaluationFile
from procure_app.core.evaluation.report import (
    HEADINGS,
    points_text,
    render_evaluation_report,
    report_context,
    report_template_path,
    write_evaluation_report,
)
from procure_app.core.evaluation.run import EvaluationRun, run_evaluation
from procure_app.core.evaluation.sensitivity import SPLIT, SensitivityResult, analyse
from procure_app.core.rubric.model import Rubric

from ..office import pdf_text
from .builders import D, bid, evaluation, scores_for, small_rubric

EXAMPLE = paths.resources_dir() / "examples" / "urban-data-platform-lot1.eval.yaml"
HOSTILE = 'A & B <c> "d" </w:t><w:t>x {{ 7*7 }} {% if %}\x01\x0b'
LITERAL = 'A & B <c> "d" </w:t><w:t>x {{ 7*7 }} {% if %}'  # control characters removed


# --- helpers shared with test_letters ----------------------------------------------------------


def load_example() -> EvaluationRun:
    run = run_evaluation(EXAMPLE, paths.guidelines_file(), paths.library_dir())
    assert run.ok, [d.format() for d in run.diagnostics if d.is_error]
    return run


def open_docx(data: bytes) -> docx.Document:
    return docx.Document(io.BytesIO(data))


def all_text(data: bytes) -> str:
    """Every paragraph of every part (body, tables, header, footer), one per line."""
    lines = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in sorted(archive.namelist()):
            if name.startswith("word/") and name.endswith(".xml"):
                root = docx.oxml.parse_xml(archive.read(name))
                for paragraph in root.iter(qn("w:p")):
                    lines.append("".join(t.text or "" for t in paragraph.iter(qn("w:t"))))
    return "\n".join(lines)


def table_rows(document: docx.Document, header: list[str]) -> list[list[str]]:
    """The body rows of every table whose header row starts with ``header``, in document order."""
    rows = [
        [cell.text for cell in row.cells]
        for table in document.tables
        if [cell.text for cell in table.rows[0].cells][: len(header)] == header
        for row in table.rows[1:]
    ]
    assert rows, f"no table with the header {header}"
    return rows


def section(document: docx.Document, heading: str) -> list[str]:
    """The texts of the body paragraphs after ``heading`` up to the next heading of level 1 or 2."""
    texts, inside = [], False
    for paragraph in document.paragraphs:
        if paragraph.style.name.startswith("Heading") and paragraph.style.name != "Heading 3":
            if inside:
                break
            inside = paragraph.text == heading
            continue
        if inside:
            texts.append(paragraph.text)
    assert inside or texts, f"no heading {heading!r}"
    return texts


def small_case(**changes: object) -> tuple[Rubric, EvaluationFile, EvaluationResult, SensitivityResult]:
    """Three bids on the two-group rubric: bid-b wins on quality, bid-a is cheaper, bid-c fails the gate."""
    rubric = small_rubric()
    bids = [
        bid("bid-a", 800, gates={"gate-a": ("pass", "Checked.")}, submitted="2027-03-01T10:00"),
        bid("bid-b", 1000, gates={"gate-a": ("pass", "Checked.")}, submitted="2027-03-02T11:30"),
        bid("bid-c", 900, gates={"gate-a": ("fail", "No insurance certificate.")}),
    ]
    scores = scores_for("bid-a", {"c1": 2, "c2": 2, "c3": 2}, ("ann", "bob")) + scores_for(
        "bid-b", {"c1": 5, "c2": 4, "c3": 4}, ("ann", "bob")
    )
    file = replace(evaluation(bids, scores), **changes)  # type: ignore[arg-type]
    result = evaluate(rubric, file)
    return rubric, file, result, analyse(rubric, file, result)


@pytest.fixture(scope="module")
def example() -> EvaluationRun:
    return load_example()


@pytest.fixture(scope="module")
def report(example: EvaluationRun) -> bytes:
    assert example.rubric and example.evaluation and example.result and example.sensitivity
    return render_evaluation_report(example.rubric, example.evaluation, example.result, example.sensitivity)


# --- structure and accessibility ---------------------------------------------------------------


def test_headings_are_real_heading_styles_in_order(report: bytes) -> None:
    document = open_docx(report)
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    top = [text for style, text in headings if style == "Heading 1"]
    assert top == [text for level, text in HEADINGS.values() if level == 1]
    seconds = [text for style, text in headings if style == "Heading 2"]
    assert seconds[:3] == ["1.1 Bids received", "1.2 Evaluation panel", "1.3 Conflicts of interest"]
    assert seconds[-5:] == [
        "A.1 Civic Stack Cooperative Ltd (bid-a)",
        "A.2 Meridian Systems Integration plc (bid-b)",
        "A.3 Lumen Urban Analytics Ltd (bid-c)",
        "A.4 QuickGrid Digital Services Ltd (bid-d)",
        "A.5 Stratus Cloud Solutions Ltd (bid-e)",
    ]
    thirds = [text for style, text in headings if style == "Heading 3"]
    assert thirds[0] == "2.2.1 Openness and interoperability" and len(thirds) == 7
    levels = [int(style.split()[-1]) for style, _ in headings]
    assert levels[0] == 1
    assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels)), "no skipped level"
    assert not any(not p.text.strip() for p in document.paragraphs), "no empty paragraphs for spacing"


def test_title_page_contents_and_the_contents_match_the_headings(report: bytes) -> None:
    document = open_docx(report)
    texts = [p.text for p in document.paragraphs]
    assert texts[:3] == [
        "Evaluation report",
        "Open urban data platform, air-quality and mobility sensors and citizen app",
        "Lot 1 · Reference RIV-DIG-2027-014",
    ]
    facts = dict(row for row in table_rows(document, ["Key facts", "Value"]))
    assert facts["Reference"] == "RIV-DIG-2027-014"
    assert facts["Bids received"] == "5 bids, the last on 6 April 2027"
    assert facts["Recommended bid"] == "Civic Stack Cooperative Ltd (bid-a)"
    assert facts["Status"] == "Final"
    toc = [p.text for p in document.paragraphs if p.style.name in ("TOC 1", "TOC 2")]
    headings = [p.text for p in document.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    assert toc == headings
    body = all_text(report)
    assert 'TOC \\o "1-2"' in document.element.xml and "w:updateFields" in _part(report, "word/settings.xml")
    assert "RIV-DIG-2027-014 · Lot 1 · Evaluation report" in body  # the header
    footer = document.sections[0].footer.paragraphs[0]
    assert "PAGE" in footer._p.xml and "NUMPAGES" in footer._p.xml and footer.text.startswith("Page ")


def _part(data: bytes, member: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(member).decode("utf-8")


def test_accessibility_properties_and_table_headers(report: bytes) -> None:
    document = open_docx(report)
    properties = document.core_properties
    assert properties.title == (
        "Evaluation report: Open urban data platform, air-quality and mobility sensors and citizen app, lot 1"
    )
    assert properties.language == "en-GB"
    assert 'w:lang w:val="en-GB"' in _part(report, "word/styles.xml")
    assert properties.created is not None and properties.created.date() == date(2027, 4, 6)  # the last bid
    for table in document.tables:
        header = table.rows[0]._tr.trPr
        assert header is not None and header.find(qn("w:tblHeader")) is not None
        for row in table.rows:
            assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None


def test_no_template_syntax_is_left_in_any_part(report: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(report)) as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                text = archive.read(name).decode("utf-8")
                assert "{{" not in text and "{%" not in text, name


def test_template_declares_no_variable_the_context_lacks(example: EvaluationRun) -> None:
    assert example.rubric and example.evaluation and example.result and example.sensitivity
    context = report_context(example.rubric, example.evaluation, example.result, example.sensitivity)
    template = DocxTemplate(str(report_template_path()))
    assert template.get_undeclared_template_variables() <= set(context)


# --- content -----------------------------------------------------------------------------------


def test_every_bid_is_in_the_score_table_with_the_engines_rounded_numbers(
    report: bytes, example: EvaluationRun
) -> None:
    assert example.result is not None
    rows = table_rows(open_docx(report), ["Rank", "Bid", "Bidder", "Quality Q", "Price P", "Price score S", "Total T"])
    by_bid = {row[1]: row for row in rows}
    assert sorted(by_bid) == sorted(bid.bid for bid in example.result.bids)
    assert [row[1] for row in rows[:4]] == list(example.result.ranking)
    for bid_result in example.result.bids:
        row = by_bid[bid_result.bid]
        assert row[2] == bid_result.bidder
        assert bid_result.price is not None
        assert row[4].startswith(format_money(rounded(bid_result.price, 2), "EUR", "en-GB"))
        if bid_result.rank is None:
            assert row[0] == "Excluded" and row[5] == row[6] == "—"
            continue
        assert bid_result.price_score is not None and bid_result.total is not None
        assert row[0] == str(bid_result.rank)
        assert row[3] == f"{rounded(bid_result.quality, 2):.2f}"
        assert row[5] == f"{rounded(bid_result.price_score, 2):.2f}"
        assert row[6] == f"{rounded(bid_result.total, 2):.2f}"
    assert by_bid["bid-d"][4].endswith("†"), "the abnormally low price is marked"


def test_criterion_matrix_has_a_column_per_bid_that_fills_the_width(report: bytes, example: EvaluationRun) -> None:
    assert example.result is not None
    document = open_docx(report)
    rows = table_rows(document, ["Criterion (weight in group)"])
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Criterion (weight in group)")
    assert [cell.text for cell in table.rows[0].cells][1:] == [bid.bid for bid in example.result.bids]
    grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert len(grid) == 6 and abs(sum(grid) - int(16.6 * 567)) <= 6
    bid_b = example.result.bid("bid-b")
    assert bid_b is not None
    moderated = bid_b.criterion("open-source-licensing")
    assert moderated is not None and moderated.consensus is not None
    row = next(r for r in rows if r[0].startswith("Open-source licensing and reuse"))
    assert row[2] == f"{rounded(moderated.consensus, 2):.2f}*"
    assert row[5] == "—", "bid-e was excluded before scoring"


def test_procedure_names_the_panel_and_the_declared_conflict(report: bytes) -> None:
    document = open_docx(report)
    panel = table_rows(document, ["Evaluator", "Role", "Conflicts of interest declared"])
    assert ["Ben Okafor", "Enterprise architect and data protection lead", "Lumen Urban Analytics Ltd (bid-c)"] in panel
    conflicts = " ".join(section(document, "1.3 Conflicts of interest"))
    assert "Ben Okafor declared a conflict of interest on Lumen Urban Analytics Ltd (bid-c) and did not score it" in (
        conflicts
    )


def test_rubric_section_has_gates_weights_scale_formula_and_tie_break(report: bytes, example: EvaluationRun) -> None:
    assert example.rubric is not None
    document = open_docx(report)
    gates = table_rows(document, ["Gate", "What the panel checks", "References"])
    assert [row[0] for row in gates] == [gate.title for gate in example.rubric.gates]
    scale = table_rows(document, ["Score", "Label", "Descriptor"])
    assert [row[1] for row in scale] == [level.label for level in example.rubric.scale]
    assert all(row[2] for row in scale)
    criteria = table_rows(document, ["Criterion", "Weight in group", "Share of quality", "Minimum", "Guidelines"])
    assert ["Documented open interfaces", "40 %", "10 %", "—", "2.2.2/P1, 2.2.4/P4, 2.2.4/A1.4"] in criteria
    assert ["Conformance with EN 301 549 and WCAG 2.2 AA", "60 %", "9 %", "2", "2.1.4/P5, 2.2.2/P2, 2.2.4/A1.1"] in (
        criteria
    )
    award = section(document, "2.4 Price and award formula")
    assert "Quality counts for 70 points and price for 30." in award
    assert "T = WQ · Q / 100 + WP · S" in award and "S = Pbest / P" in award
    assert any("discounted at 3 % a year" in text for text in award)
    tie = " ".join(section(document, "2.5 Tie-break rule"))
    assert "the higher quality score; then the lower price; then the earlier submission" in tie


def test_gate_results_and_the_exclusion_reason(report: bytes) -> None:
    document = open_docx(report)
    gates = table_rows(document, ["Bid", "Gate", "Result", "Reason"])
    assert len(gates) == 15
    failed = [row for row in gates if row[2] == "Fail"]
    assert [row[:2] for row in failed] == [["bid-e", "Every mandatory requirement is met"]]
    assert failed[0][3].startswith("Section 7.3 of the offer reserves the bidder a licence")
    exclusions = table_rows(document, ["Bid", "Bidder", "Why the bid is excluded"])
    assert len(exclusions) == 1 and exclusions[0][0] == "bid-e"
    assert exclusions[0][2].startswith("Gate “Every mandatory requirement is met” not passed: Section 7.3")


def test_moderation_lists_the_moderated_criteria_with_original_scores_and_reason(report: bytes) -> None:
    document = open_docx(report)
    rows = table_rows(document, ["Bid", "Criterion", "Individual scores", "Consensus", "Reason"])
    assert [(row[0], row[1]) for row in rows] == [
        ("bid-b", "Open-source licensing and reuse"),
        ("bid-d", "Conformance with EN 301 549 and WCAG 2.2 AA"),
    ]
    licensing = rows[0]
    assert licensing[2].splitlines() == ["Ana Ruiz: 1", "Ben Okafor: 3", "Priya Natarajan: 2", "Mean: 2.00"]
    assert licensing[3] == "2.00"
    assert licensing[4].startswith("The clarification of 2027-04-28 confirms that the connectors, pipelines")
    assert licensing[4].endswith("Agreed: 2 (Partial).")
    assert section(document, "5.2 Open moderation flags") == [
        "None: every criterion whose individual scores differ by 2 or more has a consensus score."
    ]


def test_flags_say_what_the_buyer_must_do_about_an_abnormally_low_price(report: bytes, example: EvaluationRun) -> None:
    assert example.result is not None and example.result.mean_price is not None
    document = open_docx(report)
    rows = table_rows(document, ["Bid", "Bidder", "Price P", "Share of the mean"])
    assert [row[:2] for row in rows] == [["bid-d", "QuickGrid Digital Services Ltd"]]
    flags = section(document, "6.1 Abnormally low tenders")
    mean = format_money(rounded(example.result.mean_price, 2), "EUR", "en-GB")
    assert flags[0].startswith(f"The mean valid price of the 4 bids in the competition is {mean}; a price below 80 %")
    assert any(text.startswith("ask the bidder in writing to explain the price") for text in flags)


def test_sensitivity_is_told_in_plain_sentences(report: bytes, example: EvaluationRun) -> None:
    assert example.sensitivity is not None
    document = open_docx(report)
    tipping = section(document, "7.1 Tipping points")
    split = example.sensitivity.tipping_point(SPLIT)
    assert split is not None and split.decrease is not None and split.decrease.new_winner == "bid-d"
    drop = points_text(-split.decrease.change)
    expected = (
        f"The winner would change if the quality weight fell by {drop} points, from 70 to "
        f"{points_text(split.decrease.weight)}, and the price weight rose to "
        f"{points_text(Decimal(100) - split.decrease.weight)}: QuickGrid Digital Services Ltd (bid-d) would then "
        "rank first."
    )
    assert any(text.startswith(expected) for text in tipping), tipping
    assert (
        "No change of the weight of Openness and interoperability (now 25) between 0 and 100 gives another winner."
        in (tipping)
    )
    ranks = " ".join(section(document, "7.2 Rank-one probabilities"))
    assert "±10 % in 1,000 draws with random seed 2027" in ranks
    table = table_rows(document, ["Bid", "Bidder", "Draws ranked first", "Share"])
    share = example.sensitivity.share("bid-a")
    assert share is not None
    assert table[0][:2] == ["bid-a", "Civic Stack Cooperative Ltd"]
    assert table[0][3] == f"{points_text(100 * share)} %"


def test_recommendation_names_the_winner_with_total_and_margin(report: bytes, example: EvaluationRun) -> None:
    result = example.result
    assert result is not None
    winner, second = result.bid("bid-a"), result.bid(result.ranking[1])
    assert winner and second and winner.total is not None and second.total is not None
    texts = section(open_docx(report), "8 Award recommendation")
    assert texts[0] == "The panel recommends awarding the contract to Civic Stack Cooperative Ltd (bid-a)."
    margin = rounded(winner.total, 2) - rounded(second.total, 2)
    assert texts[1].startswith(
        f"It ranks first of the 4 bids in the competition with a total of {rounded(winner.total, 2)}"
    )
    assert f"{margin} points ahead of {second.bidder} ({second.bid}), ranked 2nd" in texts[1]


def test_annex_holds_every_justification(report: bytes, example: EvaluationRun) -> None:
    assert example.evaluation is not None
    rows = table_rows(open_docx(report), ["Criterion", "Evaluator", "Score", "Justification"])
    first = example.evaluation.scores[0]
    assert ["Documented open interfaces", "Ana Ruiz", "5", " ".join(first.justification.split())] == rows[0]
    text = all_text(render_evaluation_report(*_parts(example)))
    for score in example.evaluation.scores:
        assert " ".join(score.justification.split()) in text


def _parts(run: EvaluationRun) -> tuple[Rubric, EvaluationFile, EvaluationResult, SensitivityResult]:
    assert run.rubric and run.evaluation and run.result and run.sensitivity
    return run.rubric, run.evaluation, run.result, run.sensitivity


# --- robustness --------------------------------------------------------------------------------


def test_same_inputs_give_the_same_bytes(example: EvaluationRun, report: bytes) -> None:
    assert render_evaluation_report(*_parts(example)) == report


def test_report_date_is_shown_and_stamps_the_properties(example: EvaluationRun) -> None:
    data = render_evaluation_report(*_parts(example), report_date=date(2027, 5, 12))
    document = open_docx(data)
    facts = dict(row for row in table_rows(document, ["Key facts", "Value"]))
    assert facts["Date of this report"] == "12 May 2027"
    assert document.core_properties.modified is not None
    assert document.core_properties.modified.date() == date(2027, 5, 12)


def test_hostile_text_round_trips_as_literal_text() -> None:
    rubric, file, _, _ = small_case()
    bids = (replace(file.bids[0], bidder=HOSTILE), *file.bids[1:])
    scores = tuple(replace(s, justification=HOSTILE) if s.bid == "bid-a" else s for s in file.scores)
    hostile = replace(
        file,
        bids=bids,
        scores=scores,
        tender_title=HOSTILE,
        evaluators=(replace(file.evaluators[0], name=HOSTILE, role="Chair\tand\nlead"), *file.evaluators[1:]),
        consensus=(Consensus("bid-a", "c1", D(2), HOSTILE),),
    )
    result = evaluate(rubric, hostile)
    data = render_evaluation_report(rubric, hostile, result, analyse(rubric, hostile, result))
    document = open_docx(data)
    texts = [p.text for p in document.paragraphs]
    assert LITERAL in texts  # the title
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert LITERAL in cells  # the bidder, the evaluator, the justification
    assert f"{LITERAL} (bid-a)" in " ".join(texts)
    assert "Chair and lead" in cells, "tabs and line breaks become spaces"
    assert document.core_properties.title.startswith(f"Evaluation report: {LITERAL}")
    assert "49" not in " ".join(c for c in cells if LITERAL[:5] in c), "values are never evaluated"


@pytest.mark.parametrize(
    "case",
    [
        "tie",
        "all-excluded",
        "provisional",
        "no-scores",
        "no-bids",
        "one-bid",
        "award-on-value",
        "quality-only",
        "price-only",
    ],
)
def test_every_outcome_renders_and_says_why_there_is_no_winner(case: str) -> None:
    rubric, file, _, _ = small_case()
    if case == "tie":
        file = replace(
            file,
            bids=tuple(replace(b, submitted=None, price=file.bids[0].price) for b in file.bids),
            scores=tuple(replace(s, score=D(3)) for s in file.scores),
        )
    elif case == "all-excluded":
        file = replace(file, bids=tuple(replace(b, gates=file.bids[2].gates) for b in file.bids))
    elif case == "provisional":
        file = replace(file, scores=tuple(s for s in file.scores if s.criterion != "c3"))
    elif case == "no-scores":
        file = replace(file, scores=())
    elif case == "no-bids":
        file = replace(file, bids=(), scores=())
    elif case == "one-bid":
        file = replace(file, bids=file.bids[1:], scores=tuple(x for x in file.scores if x.bid != "bid-a"))
    elif case == "award-on-value":
        rubric = small_rubric("award-on-value", values=(50, 20, 10))
    elif case == "quality-only":
        rubric = small_rubric("quality-only", 100, 0)
    else:
        rubric = small_rubric("price-only", 0, 100)
    result = evaluate(rubric, file)
    data = render_evaluation_report(rubric, file, result, analyse(rubric, file, result))
    document = open_docx(data)
    assert not any(not p.text.strip() for p in document.paragraphs)
    recommendation = section(document, "8 Award recommendation")
    if case in ("tie", "all-excluded", "no-scores", "no-bids"):
        assert recommendation[0] == "No award can be recommended."
        codes = {"tie": "tie-unbroken", "all-excluded": "all-excluded", "no-scores": "no-scores", "no-bids": "no-bids"}
        note = result.note(codes[case])
        assert note is not None and note.message in recommendation
    elif case == "provisional":
        assert recommendation[0].startswith("Provisional: Bidder bid-b (bid-b) ranks first for now")
        assert open_docx(data).paragraphs[0].text == "Evaluation report (provisional)"
    else:
        assert recommendation[0].startswith("The panel recommends awarding the contract to")
    if case == "one-bid":
        assert recommendation[1].startswith("It is the only bid in the competition, with a total of")
    if case == "award-on-value":
        rows = table_rows(
            document, ["Rank", "Bid", "Bidder", "Quality Q", "Price P", "Price score S", "Fictional price T"]
        )
        assert rows[0][6].startswith("EUR")


def test_write_is_atomic_and_reports_a_missing_or_read_only_folder(
    example: EvaluationRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.docx"
    write_evaluation_report(*_parts(example), target)
    assert target.read_bytes() == render_evaluation_report(*_parts(example))
    assert [path.name for path in tmp_path.iterdir()] == ["report.docx"], "no temporary file is left behind"
    with pytest.raises(WriteError, match="does not exist"):
        write_evaluation_report(*_parts(example), tmp_path / "missing" / "report.docx")
    import procure_app.core.base.atomic as atomic

    def read_only(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", read_only)  # as in a read-only folder
    with pytest.raises(WriteError, match="permission denied"):
        write_evaluation_report(*_parts(example), target)
    assert target.read_bytes() == render_evaluation_report(*_parts(example)), "the old file is kept"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_renders_the_report(example: EvaluationRun, tmp_path: Path) -> None:
    source = tmp_path / "report.docx"
    write_evaluation_report(*_parts(example), source)
    text = pdf_text(source, tmp_path)
    flat = " ".join(text.split())
    for expected in (
        "Evaluation report",
        "1 Procedure",
        "5.1 Moderated scores",
        "8 Award recommendation",
        "The panel recommends awarding the contract to Civic Stack Cooperative Ltd (bid-a).",
        "Annex A. Scores and justifications",
        "Page 1 of",
    ):
        assert expected in flat, expected
