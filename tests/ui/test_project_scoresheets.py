"""Scoresheets from the Project tab: generate them in the background, import one returned, see the changes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from procure_app.core.project.store import ProjectStore
from procure_app.ui import dialogs, settings

from .project_helpers import MISSING_BID, fill_scoresheet, open_project, window_on


@pytest.fixture
def project(evaluation_copy: Path, tmp_path: Path) -> Path:
    return open_project(evaluation_copy, tmp_path / "work" / "riverton.procure")


@pytest.fixture
def sheets(qtbot, project: Path, tmp_path: Path, monkeypatch):
    """A window on the project, and the scoresheets it generated into a folder."""
    window = window_on(qtbot, project)
    folder = tmp_path / "sheets"
    monkeypatch.setattr(dialogs, "choose_scoresheet_folder", lambda parent, start: str(folder))
    progress: list[str] = []
    window.project.busy.valueChanged.connect(lambda value: progress.append(window.project_summary.text()))
    window.project.generate_action.trigger()
    assert not window.project.generate_action.isEnabled()  # one job at a time
    qtbot.waitUntil(lambda: window.project.working == 0, timeout=20_000)
    written = sorted(folder.glob("*.xlsx"))
    assert [path.name for path in written] == [
        "riverton-scoresheet-ana.xlsx",
        "riverton-scoresheet-ben.xlsx",
        "riverton-scoresheet-priya.xlsx",
    ]
    assert "Wrote 3 scoresheets" in window.project_summary.text()
    assert settings.SCORESHEET_FOLDER.read() == str(folder)
    assert progress  # the status bar followed the work
    return window, folder


def _scores(path: Path) -> dict[tuple[str, str, str], tuple[Decimal, str]]:
    with ProjectStore.open(path, backup=False) as store:
        return {(s.evaluator, s.bid, s.criterion): (s.score, s.justification) for s in store.scores()}


def test_a_returned_scoresheet_shows_its_changes_and_applies_them_only_on_confirm(
    qtbot, sheets, project: Path, monkeypatch
) -> None:
    window, folder = sheets
    returned = folder / "riverton-scoresheet-priya.xlsx"
    fill_scoresheet(returned, score=3)
    monkeypatch.setattr(dialogs, "choose_scoresheet_file", lambda parent, start: str(returned))
    shown: list[dict] = []
    answer = {"ok": False}

    def review(parent, title, intro, **kwargs):
        shown.append({"title": title, "intro": intro, **kwargs})
        return answer["ok"]

    monkeypatch.setattr(dialogs, "review", review)
    before = _scores(project)
    window.project.import_sheet_action.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    plan = shown[0]
    assert plan["title"] == "Import Scoresheet" and "Priya Natarajan (priya)" in plan["intro"]
    assert plan["ok_text"] == "Import"
    added = [row for row in plan["rows"] if row[0] == "score added"]
    assert len(added) == 14 and all(row[1].endswith(f"({MISSING_BID})") for row in added)
    assert added[0][3] == "—" and added[0][4].startswith("3 — Scored 3") and added[0][5].startswith("Scores!")
    assert _scores(project) == before  # declined: nothing changes
    answer["ok"] = True
    window.project.import_sheet_action.trigger()
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=20_000)
    after = _scores(project)
    assert after[("priya", MISSING_BID, "open-interfaces")] == (Decimal(3), "Scored 3 on the returned sheet.")
    assert "Imported riverton-scoresheet-priya.xlsx" in window.project_summary.text()
    progress = window.project_view.progress
    assert progress.item(2, 1).text().startswith("56 of 56")
    with ProjectStore.open(project, backup=False) as store:
        assert any(entry.action == "import.scoresheet" for entry in store.audit_entries())
    assert not window.project.undo_action.isEnabled()  # an import is not undone with Undo


def test_a_scoresheet_with_errors_lists_them_with_their_cells(qtbot, sheets, project: Path, monkeypatch) -> None:
    window, folder = sheets
    returned = folder / "riverton-scoresheet-priya.xlsx"
    fill_scoresheet(returned, score=9)  # off the scale
    monkeypatch.setattr(dialogs, "choose_scoresheet_file", lambda parent, start: str(returned))
    shown: list[tuple[str, str, list[str]]] = []
    monkeypatch.setattr(
        dialogs, "review", lambda parent, title, intro, **kw: shown.append((title, intro, kw.get("lines", []))) or True
    )
    monkeypatch.setattr(dialogs, "show_message", lambda parent, title, text: shown.append((title, text, [text])))
    before = _scores(project)
    window.project.import_sheet_action.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    title, intro, problems = shown[0]
    assert title == "Import Scoresheet" and "was not imported" in intro
    assert problems and all("Scores!" in problem for problem in problems)
    assert _scores(project) == before


def test_a_scoresheet_of_another_project_is_refused(
    qtbot, sheets, evaluation_copy: Path, tmp_path: Path, monkeypatch
) -> None:
    window, folder = sheets
    other = open_project(evaluation_copy, tmp_path / "other" / "other.procure")
    assert window.project.open_project(other)
    theirs = folder / "riverton-scoresheet-ana.xlsx"
    monkeypatch.setattr(dialogs, "choose_scoresheet_file", lambda parent, start: str(theirs))
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_message", lambda parent, title, text: shown.append(text))
    window.project.import_sheet_action.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert "was not imported" in shown[0]


# --- bidders' response forms ------------------------------------------------------------------


def test_a_response_form_adds_a_bid_with_its_price_kept_sealed(
    qtbot, evaluation_copy: Path, tmp_path: Path, monkeypatch
) -> None:
    from .project_helpers import response_form

    project = open_project(evaluation_copy, tmp_path / "work" / "tender.procure", spec=True)
    form = response_form(project, tmp_path / "late-bidder.xlsx", "Northwind Civic Data Ltd", (150000, 40000, 10000))
    window = window_on(qtbot, project)
    assert window.project.import_form_action.isEnabled()
    monkeypatch.setattr(dialogs, "choose_response_form_file", lambda parent, start: str(form))
    shown: list[dict] = []
    answer = {"ok": False}

    def review(parent, title, intro, **kwargs):
        shown.append({"title": title, "intro": intro, **kwargs})
        return answer["ok"]

    monkeypatch.setattr(dialogs, "review", review)
    window.project.import_form_action.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    facts = {row[0]: row[1] for row in shown[0]["rows"]}
    assert "add bid" in shown[0]["intro"] and "Northwind Civic Data Ltd" in facts["Bid"]
    assert "sealed" in facts["Price"] and "150" not in " ".join(facts.values())  # no amount while sealed
    assert window.project.snapshot is not None and len(window.project.snapshot.bids) == 5  # declined
    answer["ok"] = True
    window.project.import_form_action.trigger()
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=30_000)
    snapshot = window.project.snapshot
    assert snapshot is not None and len(snapshot.bids) == 6 and snapshot.price_sheet_count == 6
    assert "Sealed — 6 price sheets received" in window.project_view.sealed.text()
    assert "Imported late-bidder.xlsx" in window.project_summary.text()


def test_a_form_that_does_not_name_its_bidder_asks_for_the_name(
    qtbot, evaluation_copy: Path, tmp_path: Path, monkeypatch
) -> None:
    from .project_helpers import response_form

    project = open_project(evaluation_copy, tmp_path / "work" / "tender.procure", spec=True)
    form = response_form(project, tmp_path / "anonymous.xlsx", None, (150000, 40000, 10000))
    window = window_on(qtbot, project)
    monkeypatch.setattr(dialogs, "choose_response_form_file", lambda parent, start: str(form))
    asked: list[str] = []
    name = "Northwind Civic Data Ltd"
    monkeypatch.setattr(dialogs, "ask_text", lambda parent, title, label: asked.append(label) or name)
    shown: list[dict] = []
    monkeypatch.setattr(dialogs, "review", lambda parent, title, intro, **kwargs: shown.append(kwargs) or False)
    window.project.import_form_action.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert "does not name the bidder" in asked[0] and "--bidder" not in asked[0]
    facts = {row[0]: row[1] for row in shown[0]["rows"]}
    assert "Northwind Civic Data Ltd" in facts["Bid"]  # checked again with the name given


def test_the_app_writes_one_sheet_each_for_ids_that_make_the_same_file_name(project: Path, tmp_path: Path) -> None:
    # "ana b" and "ana/b" both become "ana-b": the app writes both sheets, as `procure panel scoresheets` does.
    from procure_app.ui.project.project_jobs import generate_scoresheets

    with ProjectStore.open(project, backup=False) as store:
        store.add_evaluator("chair", "ana b", "Ana Bell")
        store.add_evaluator("chair", "ana/b", "Ana Brun")
    heard: list[tuple[int, int, str]] = []
    written = generate_scoresheets(project, tmp_path / "out", lambda *step: heard.append(step))
    names = [path.name for path in written]
    assert len(names) == len(set(names)) == 5
    # The panel in id order: "ana b" comes first and keeps the plain name.
    assert "riverton-scoresheet-ana-b.xlsx" in names and "riverton-scoresheet-ana-b-3.xlsx" in names
    assert heard[0] == (0, 5, "Making the scoresheet of Ana Ruiz …") and heard[-1] == (5, 5, "Scoresheets written")
