"""A scoresheet import is audited with the evaluator whose scores they are and, separately, who imported them."""

from __future__ import annotations

import getpass
from pathlib import Path

import pytest

from procure_app.cli import main
from procure_app.core.project.store import ProjectStore

from .test_scoresheets import fill, generate, make_panel_project


def test_the_import_entry_names_the_evaluator_and_the_login_that_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    project = make_panel_project(tmp_path / "riverton.procure")
    sheet = generate(project, tmp_path / "sheets", evaluator="ana")
    fill(sheet)
    monkeypatch.setattr(getpass, "getuser", lambda: "carla.chair")
    assert main(["panel", "import", str(project), str(sheet)]) == 0
    with ProjectStore.open(project, backup=False) as store:
        (entry,) = [e for e in store.audit_entries() if e.action == "import.scoresheet"]
    details = entry.new_value
    assert isinstance(details, dict)
    assert details["evaluator"] == "ana" and details["evaluator_name"] == "Ana Ruiz"
    assert details["imported_by"] == "carla.chair"
    capsys.readouterr()
    assert main(["project", "verify", "--audit", str(project)]) == 0
    out = capsys.readouterr().out
    (line,) = [text for text in out.splitlines() if "import.scoresheet" in text]
    assert line.endswith("(scores of Ana Ruiz (ana), imported by carla.chair)")


def test_an_entry_recorded_before_both_were_named_is_listed_from_what_it_has(tmp_path: Path, capsys) -> None:
    project = tmp_path / "old.procure"
    with ProjectStore.create(project, "Old") as store:
        store.record_import("ben-login", "scoresheet", "evaluator/ben", {"file": "ben.xlsx", "added": 3})
    assert main(["project", "verify", "--audit", str(project)]) == 0
    out = capsys.readouterr().out
    assert "(scores of ben, imported by ben-login)" in out


def test_control_characters_in_a_listed_entry_are_escaped(tmp_path: Path, capsys) -> None:
    project = tmp_path / "odd.procure"
    with ProjectStore.create(project, "Odd") as store:
        store.add_bid("chair\x1b]0;pwned\x07", "bid-a", "Civic Stack")
    assert main(["project", "verify", "--audit", str(project)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "chair\\u001b]0;pwned\\u0007" in out
