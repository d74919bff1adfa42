"""A project's audit trail in the evaluation report (Annex B) and the evaluation workbook (Audit log)."""

from __future__ import annotations

import importlib.util
import io
import re
import shutil
import sqlite3
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest

from procure_app import paths
from procure_app.cli import main
from procure_app.core.audit.chain import GENESIS_HASH, AuditEntry, canonical_json, entry_hash
from procure_app.core.audit.trail import AuditTrail, action_words, is_notable, summarise
from procure_app.core.evaluation.evaluation_file import EvaluationFile
from procure_app.core.evaluation.report.audit_section import AUDIT_HEADINGS, change_text
from procure_app.core.evaluation.report.document import report_template_path
from procure_app.core.evaluation.run import run_evaluation
from procure_app.core.evaluation.workbook import render_evaluation_workbook
from procure_app.core.evaluation.workbook.audit import AUDIT_TOP, SHEET_AUDIT
from procure_app.core.project.store import EvaluationHeader, ProjectStore, read_audit_trail, verify

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_EVAL = REPO / "resources" / "examples" / "urban-data-platform-lot1.eval.yaml"
EXAMPLE_SPEC = REPO / "resources" / "examples" / "urban-data-platform.tender.yaml"
RUBRIC = REPO / "scoring_rubrics" / "smart-city-ict.yaml"
HOSTILE_ACTOR = '=HYPERLINK("https://example.org","click")'
NOTABLE_HEADER = ["No.", "Time (UTC)", "By", "Action and subject", "Change"]


# --- building a project with a history -----------------------------------------------------------


def _enter_by_hand(store: ProjectStore, evaluation: EvaluationFile) -> None:
    """The example's panel, bids, gate results, conflicts and scores, entered one edit at a time as
    the app would (quality scoring open, the price envelope still sealed)."""
    store.set_document("ana", "rubric", RUBRIC.name, RUBRIC.read_text(encoding="utf-8"))
    sensitivity = evaluation.sensitivity
    header = EvaluationHeader(
        evaluation.title,
        evaluation.tender_reference,
        evaluation.tender_title,
        evaluation.lot,
        evaluation.currency,
        sensitivity.perturbation_percent,
        sensitivity.draws,
        sensitivity.seed,
    )
    store.set_evaluation_header("ana", header)
    for evaluator in evaluation.evaluators:
        store.add_evaluator("ana", evaluator.id, evaluator.name, role=evaluator.role)
    for bid in evaluation.bids:
        store.add_bid("ana", bid.id, bid.bidder)
        submitted = bid.submitted.isoformat() if bid.submitted else None
        store.set_bid_details("ana", bid.id, sme=bid.sme, submitted=submitted)
        for gate in bid.gates:
            store.set_gate_result("ana", bid.id, gate.gate, gate.result, gate.reason)
    for evaluator in evaluation.evaluators:
        for bid_id in evaluator.conflicts:
            store.declare_conflict(evaluator.id, evaluator.id, bid_id, True, "Worked for the bidder until 2026.")
    for score in evaluation.scores:
        store.set_score(score.evaluator, score.evaluator, score.bid, score.criterion, score.score, score.justification)


def _project(folder: Path) -> Path:
    """A project made from the example, then edited: a score changed, a consensus agreed, a setting
    changed by an actor whose name looks like a formula, then the prices entered and opened."""
    example = run_evaluation(EXAMPLE_EVAL, paths.guidelines_file(), paths.library_dir()).evaluation
    assert example is not None
    path = folder / "riverton.procure"
    assert main(["project", "new", str(path), "--spec", str(EXAMPLE_SPEC)]) == 0
    with ProjectStore.open(path, backup=False) as store:
        _enter_by_hand(store, example)
        store.set_score("ana", "ana", "bid-b", "open-interfaces", 4, "Re-read the API guide: the OpenAPI is complete.")
        store.set_consensus("ana", "bid-a", "open-interfaces", 5, "Agreed at the moderation meeting of 3 May.")
        store.set_setting(HOSTILE_ACTOR, "note", "-1")
        store.lock_quality("ana")
        for bid in example.bids:
            assert bid.price is not None
            price = bid.price
            store.set_price_sheet(
                "ana",
                bid.id,
                capex=price.capex,
                opex_per_year=price.opex_per_year,
                maintenance_per_year=price.maintenance_per_year,
                years=price.years,
            )
        store.unseal_prices("ana")
    return path


def _evaluate(source: Path, folder: Path) -> tuple[bytes, Any]:
    """Run ``procure evaluate SOURCE --report --xlsx``; the report's bytes and the workbook."""
    report, workbook = folder / "report.docx", folder / "workbook.xlsx"
    assert main(["evaluate", str(source), "--report", str(report), "--xlsx", str(workbook)]) == 0
    return report.read_bytes(), openpyxl.load_workbook(workbook)


def _document_xml(report: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(report)) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def _tamper(path: Path, statement: str) -> None:
    """Change the log behind Procure's back, as someone editing the file with SQLite would."""
    raw = sqlite3.connect(path)
    for (trigger,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        raw.execute(f'DROP TRIGGER "{trigger}"')
    raw.execute(statement)
    raw.commit()
    raw.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("audit")
    path = _project(folder)
    with ProjectStore.open(path, backup=False) as store:
        entries = store.audit_entries()
    report, workbook = _evaluate(path, folder)
    return {"path": path, "entries": entries, "report": report, "workbook": workbook, "folder": folder}


def _entry(built: dict[str, Any], action: str, entity: str) -> AuditEntry:
    return next(e for e in reversed(built["entries"]) if e.action == action and e.entity == entity)


# --- the workbook --------------------------------------------------------------------------------


def test_the_audit_sheet_has_one_row_per_entry_and_the_exact_head_hash(built: dict[str, Any]) -> None:
    workbook, entries = built["workbook"], built["entries"]
    assert workbook.sheetnames[-1] == SHEET_AUDIT
    sheet = workbook[SHEET_AUDIT]
    rows = list(sheet.iter_rows(min_row=AUDIT_TOP, values_only=True))
    assert len(rows) == len(entries)
    for row, entry in zip(rows, entries, strict=True):
        assert row == (
            entry.seq,
            entry.time,
            entry.actor,
            entry.action,
            entry.entity,
            entry.old,
            entry.new,
            entry.prev_hash,
            entry.hash,
        )
    head = verify(built["path"]).head_hash
    assert len(head) == 64 and rows[-1][8] == head
    facts = {sheet.cell(row, 1).value: sheet.cell(row, 3).value for row in range(3, 7)}
    assert facts["Head hash (SHA-256)"] == head
    assert facts["Newest entry"] == len(entries)
    assert facts["Hash chain"].startswith("Verified")
    assert sheet.freeze_panes == f"B{AUDIT_TOP}"
    assert sheet.auto_filter.ref == f"A{AUDIT_TOP - 1}:I{AUDIT_TOP + len(entries) - 1}"
    assert [cell.value for cell in sheet[AUDIT_TOP - 1]][:3] == ["No.", "Time (UTC)", "Actor"]


def test_a_value_that_looks_like_a_formula_is_text(built: dict[str, Any]) -> None:
    sheet = built["workbook"][SHEET_AUDIT]
    entry = _entry(built, "setting.set", "setting/note")
    cell = sheet.cell(AUDIT_TOP + entry.seq - 1, 3)
    assert cell.value == HOSTILE_ACTOR and cell.data_type == "s"
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


def test_a_value_too_long_for_a_cell_is_cut_with_a_marker() -> None:
    run = run_evaluation(EXAMPLE_EVAL, paths.guidelines_file(), paths.library_dir())
    assert run.rubric and run.evaluation and run.result and run.sensitivity
    huge = canonical_json({"text": "x" * 40_000})
    values = [(None, huge), ("-1", "+1"), ("@SUM(A1)", "=1+2")]
    entries, previous = [], GENESIS_HASH
    for seq, (old, new) in enumerate(values, start=1):
        digest = entry_hash(seq, "2027-05-01T10:00:00+00:00", "ana", "setting.set", "setting/x", old, new, previous)
        entries.append(
            AuditEntry(seq, "2027-05-01T10:00:00+00:00", "ana", "setting.set", "setting/x", old, new, previous, digest)
        )
        previous = digest
    trail = AuditTrail("P", "p.procure", tuple(entries), len(entries), previous, True, None)
    data = render_evaluation_workbook(run.rubric, run.evaluation, run.result, run.sensitivity, audit=trail)
    sheet = openpyxl.load_workbook(io.BytesIO(data))[SHEET_AUDIT]
    cut = sheet.cell(AUDIT_TOP, 7).value
    assert len(cut) == 32_767 and cut.startswith('{"text":"xxx')
    assert cut.endswith("[cut: the full value has 40,011 characters; it is in the project file]")
    for row, (old, new) in enumerate(values[1:], start=AUDIT_TOP + 1):
        for column, value in ((6, old), (7, new)):
            cell = sheet.cell(row, column)
            assert cell.value == value and cell.data_type == "s"


# --- the report ----------------------------------------------------------------------------------


def test_the_report_has_the_annex_with_the_head_hash_and_the_notable_entries(built: dict[str, Any]) -> None:
    xml = _document_xml(built["report"])
    head = verify(built["path"]).head_hash
    assert "Annex B. Audit trail" in xml and head in xml
    assert f"entry No. {len(built['entries'])} must still carry this hash" in xml
    assert "Verified: every entry matches its hash" in xml
    document = docx.Document(io.BytesIO(built["report"]))
    rows = [
        [cell.text for cell in row.cells]
        for table in document.tables
        if [cell.text for cell in table.rows[0].cells] == NOTABLE_HEADER
        for row in table.rows[1:]
    ]
    notable = [e for e in built["entries"] if is_notable(e)]
    assert [int(row[0]) for row in rows] == [e.seq for e in notable]
    assert not any(row[3].startswith(("score.set", "price.set")) for row in rows)
    by_action = {row[3].split("\n")[0]: row for row in rows}
    for action in ("project.create", "consensus.set", "envelope.lock_quality", "envelope.unseal_prices"):
        assert action in by_action, action
    consensus = _entry(built, "consensus.set", "consensus/bid-a/open-interfaces")
    row = next(r for r in rows if int(r[0]) == consensus.seq)
    assert row[3] == "consensus.set\nconsensus/bid-a/open-interfaces"
    assert row[4] == "reason: Agreed at the moderation meeting of 3 May.; score: 5"
    setting = next(r for r in rows if r[3].startswith("setting.set"))
    assert setting[2] == HOSTILE_ACTOR and setting[4] == "-1"
    # the routine score change is counted in the summary, not named
    kinds = {
        row.cells[1].text: row.cells[2].text
        for table in document.tables
        for row in table.rows[1:]
        if [c.text for c in table.rows[0].cells] == ["What the entries record", "Action", "Entries"]
    }
    assert kinds["score.set"] == str(sum(e.action == "score.set" for e in built["entries"]))
    assert kinds["consensus.set"] == "1"


def test_the_annex_is_in_the_contents_and_on_the_title_page(built: dict[str, Any]) -> None:
    document = docx.Document(io.BytesIO(built["report"]))
    toc = [p.text for p in document.paragraphs if p.style.name in ("TOC 1", "TOC 2")]
    headings = [p.text for p in document.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    assert toc == headings
    assert headings[-5:] == [text for _, text in AUDIT_HEADINGS.values()]
    facts = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows[1:]}
    assert facts["Audit trail"] == f"Verified, {len(built['entries'])} entries (Annex B)"


def test_an_evaluation_file_has_no_annex_and_no_audit_sheet(tmp_path: Path) -> None:
    report, workbook = _evaluate(EXAMPLE_EVAL, tmp_path)
    xml = _document_xml(report)
    assert "Annex B" not in xml and "Audit trail" not in xml and "Annex A. Scores and justifications" in xml
    assert SHEET_AUDIT not in workbook.sheetnames


def test_a_tampered_log_is_reported_as_not_verified_in_both(built: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "tampered.procure"
    shutil.copyfile(built["path"], path)
    consensus = _entry(built, "consensus.set", "consensus/bid-a/open-interfaces")
    _tamper(path, f"UPDATE audit SET actor = 'mallory' WHERE seq = {consensus.seq}")
    assert not verify(path).ok
    report, workbook = _evaluate(path, tmp_path)
    problem = f"audit entry {consensus.seq} was altered"
    xml = _document_xml(report)
    assert f"NOT verified: {problem}" in xml and "the log was altered or cut (Annex B)" in xml
    assert "Verified: every entry" not in xml
    status = workbook[SHEET_AUDIT].cell(4, 3).value
    assert status.startswith("NOT verified") and problem in status
    assert workbook[SHEET_AUDIT].cell(AUDIT_TOP + consensus.seq - 1, 3).value == "mallory"


# --- the trail and its summary -------------------------------------------------------------------


def test_the_summary_counts_and_names_what_a_reader_needs(built: dict[str, Any]) -> None:
    with ProjectStore.open(built["path"], backup=False) as store:
        trail = read_audit_trail(store)
    assert trail.chain_ok and trail.problem is None and trail.head_seq == len(trail.entries)
    summary = summarise(trail)
    assert summary.entries == len(trail.entries)
    assert summary.first_time == trail.entries[0].time and summary.last_time == trail.entries[-1].time
    assert dict(summary.by_actor) == Counter(entry.actor for entry in trail.entries)
    assert {"ana", "ben", "priya", "procure-cli", HOSTILE_ACTOR} == set(dict(summary.by_actor))
    counts = [count for _, count in summary.by_actor]
    assert counts == sorted(counts, reverse=True)  # most entries first
    kinds = {action: (words, count) for action, words, count in summary.by_kind}
    assert kinds["score.set"][0] == "scores entered or changed"
    assert summary.by_kind[0][0] == "project.create"  # in the order of first use
    assert all(entry.action not in ("score.set", "price.set") for entry in summary.notable)


@pytest.mark.parametrize(
    "action, notable",
    [
        ("score.set", False),
        ("price.set", False),
        ("consensus.set", True),
        ("conflict.declare", True),
        ("document.remove", True),
        ("schema.migrate", True),
        ("envelope.anything_new", True),
        ("panel.member_replaced", True),
        ("import.scoresheet", True),
        ("something.unknown", True),
    ],
)
def test_which_entries_are_notable(action: str, notable: bool) -> None:
    entry = AuditEntry(1, "2027-05-01T10:00:00+00:00", "ana", action, "x", None, None, GENESIS_HASH, "0")
    assert is_notable(entry) is notable


def test_every_action_the_project_records_has_plain_words() -> None:
    source = (REPO / "procure_app" / "core" / "project" / "store" / "project.py").read_text(encoding="utf-8")
    actions = set(re.findall(r'(?:_audit\(\s*actor|append_entry\(conn, actor), "([a-z_]+\.[a-z_]+)"', source))
    assert {"project.create", "schema.migrate", "score.set", "gate.set"} <= actions
    for action in actions:
        assert action_words(action) != action, action
    assert action_words("import.scoresheet") == "files imported (scoresheet)"
    assert action_words("made.up") == "made.up"


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ({"score": "3", "justification": "Same."}, {"score": "4", "justification": "Same."}, "score: 3 → 4"),
        (None, {"bidder": "Civic Stack"}, "bidder: Civic Stack"),
        ({"sme": True, "submitted": None}, None, "removed (sme: yes; submitted: —)"),
        ("a", "b", "a → b"),
        (None, {"reason": "y" * 500}, "reason: " + "y" * 79 + "…"),
    ],
)
def test_change_text_is_short_and_readable(old: Any, new: Any, expected: str) -> None:
    entry = AuditEntry(
        1,
        "t",
        "ana",
        "x.set",
        "x",
        None if old is None else canonical_json(old),
        None if new is None else canonical_json(new),
        GENESIS_HASH,
        "0",
    )
    assert change_text(entry) == expected


def test_the_report_template_is_what_its_generator_makes() -> None:
    generator = REPO / "resources" / "templates" / "make_evaluation_templates.py"
    spec = importlib.util.spec_from_file_location("make_evaluation_templates", generator)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build_report() == report_template_path().read_bytes()
