"""Text from outside never reaches the terminal raw: a bidder's name that carries terminal escape
sequences (retitle the window, clear the screen) is printed with its control characters escaped."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from procure_app import paths
from procure_app.cli import main
from procure_app.core.base.printable import printable

from .conftest import REPO

EXAMPLE = paths.resources_dir() / "examples" / "urban-data-platform-lot1.eval.yaml"
HOSTILE = "Civic Stack\x1b]0;pwned\x07\x1b[2J\x9b31m Cooperative\u202e Ltd"


@pytest.fixture
def hostile_evaluation(tmp_path: Path) -> Path:
    (tmp_path / "scoring_rubrics").mkdir()
    shutil.copy(paths.rubrics_dir() / "smart-city-ict.yaml", tmp_path / "scoring_rubrics")
    folder = tmp_path / "resources" / "examples"
    folder.mkdir(parents=True)
    target = folder / EXAMPLE.name
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "bidder: Civic Stack Cooperative Ltd" in text
    target.write_text(text.replace("bidder: Civic Stack Cooperative Ltd", f"bidder: {json.dumps(HOSTILE)}"), "utf-8")
    return target


def _raw_controls(text: str) -> set[str]:
    return {char for char in text if char not in "\n\t" and printable(char) != char}


def test_the_table_and_messages_escape_a_hostile_bidder_name(hostile_evaluation: Path, capsys) -> None:
    assert main(["evaluate", str(hostile_evaluation)]) == 0
    out, err = capsys.readouterr()
    assert _raw_controls(out) == set() and _raw_controls(err) == set()
    assert "Civic Stack\\u001b]0;pwned\\u0007\\u001b[2J" in out  # still recognisable, nothing executed


def test_json_output_stays_json_and_keeps_the_name(hostile_evaluation: Path, capsys) -> None:
    assert main(["evaluate", str(hostile_evaluation), "--json"]) == 0
    out = capsys.readouterr().out
    assert _raw_controls(out) == set()
    bidders = {bid["bidder"] for bid in json.loads(out)["result"]["bids"]}
    assert HOSTILE in bidders  # JSON escapes carry the exact name to a program that reads it


def test_a_real_terminal_process_gets_no_escape_byte(hostile_evaluation: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "procure_app", "evaluate", str(hostile_evaluation)],
        capture_output=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"\x1b" not in done.stdout + done.stderr and b"\x07" not in done.stdout + done.stderr
    assert b"\xc2\x9b" not in done.stdout  # the 8-bit control sequence introducer, in UTF-8


def test_line_breaks_survive_and_a_carriage_return_does_not() -> None:
    assert printable("one\ntwo\tthree", keep_lines=True) == "one\ntwo\tthree"
    assert printable("paid\rrefused", keep_lines=True) == "paid\\u000drefused"
    assert printable("one\ntwo") == "one\\u000atwo"
