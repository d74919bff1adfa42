"""A whole library is parsed once per content: the app's library tab, tender and evaluation load it at
once at start-up, and the later loads reuse the first as long as every file holds the same bytes."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from procure_app.core.base.diagnostics import Diagnostic
from procure_app.core.library import clauses as library
from procure_app.core.library.clauses import load_library

from .rule_cases import CLAUSE_YAML, beta_clause, write_library


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The folders parsed, one entry per parse."""
    parsed: list[Path] = []
    real = library._load_library

    def counting(root: Path, files: list[Path]) -> library.LibraryLoad:
        parsed.append(root)
        return real(root, files)

    monkeypatch.setattr(library, "_load_library", counting)
    return parsed


def test_the_same_files_are_parsed_once(tmp_path: Path, parses: list[Path]) -> None:
    root = write_library(tmp_path).root
    first, second = load_library(root), load_library(root)
    assert parses == [root]
    assert second.library.clauses == first.library.clauses and second.diagnostics == first.diagnostics
    assert [c.id for c in second.library.clauses] == ["alpha-clause"]


def test_changing_what_a_load_returned_changes_no_later_load(tmp_path: Path, parses: list[Path]) -> None:
    root = write_library(tmp_path).root
    first = load_library(root)
    first.library.clauses.clear()
    first.library.by_id.clear()
    first.library.unbuilt_ids.add("alpha-clause")
    first.diagnostics.append(Diagnostic(root / "library.yaml", 1, 1, "F003", "added by the caller"))
    again = load_library(root).library
    assert [c.id for c in again.clauses] == ["alpha-clause"] and again.get("alpha-clause") is not None
    assert again.unbuilt_ids == set() and load_library(root).diagnostics == []
    assert parses == [root]


def test_an_edit_of_the_same_size_made_at_once_is_read(tmp_path: Path, parses: list[Path]) -> None:
    written = write_library(tmp_path)
    assert load_library(written.root).library.clauses[0].title == "Alpha clause"
    written.clauses.write_text(CLAUSE_YAML.replace("Alpha clause", "Gamma clause"), encoding="utf-8")
    assert load_library(written.root).library.clauses[0].title == "Gamma clause"
    assert len(parses) == 2


def test_a_file_added_or_removed_is_read(tmp_path: Path, parses: list[Path]) -> None:
    written = write_library(tmp_path)
    load_library(written.root)
    extra = written.root / "clauses" / "y.yaml"
    extra.write_text("clauses:\n" + beta_clause(), encoding="utf-8")
    assert {c.id for c in load_library(written.root).library.clauses} == {"alpha-clause", "beta-clause"}
    extra.unlink()
    assert [c.id for c in load_library(written.root).library.clauses] == ["alpha-clause"]
    assert len(parses) == 3


def test_loads_at_the_same_time_parse_once(tmp_path: Path, parses: list[Path]) -> None:
    root = write_library(tmp_path).root
    results: list[library.LibraryLoad] = []
    threads = [threading.Thread(target=lambda: results.append(load_library(root))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert parses == [root]
    assert len(results) == 3 and all(r.library.clauses == results[0].library.clauses for r in results)


def test_a_given_list_of_files_is_parsed_every_time(tmp_path: Path, parses: list[Path]) -> None:
    written = write_library(tmp_path)
    load_library(written.root, files=[written.clauses])
    load_library(written.root, files=[written.clauses])
    assert parses == [written.root, written.root]
