"""Every text a user can type into a path field is answered, never raised on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from procure_app.core.base.typed_path import PathProblem, file_to_write, folder_to_write_into

# Texts built from the characters that make paths awkward, and any text at all.
PATH_PIECES = st.sampled_from(["/", ".", "..", "~", "~nobody-here", "\\", "\0", "\t", " ", "a", "tender", ".docx"])
AWKWARD = st.lists(PATH_PIECES, max_size=8).map("".join) | st.text(max_size=40)


@settings(max_examples=300, deadline=None)
@given(AWKWARD)
def test_any_text_gets_a_file_or_a_reason(text: str) -> None:
    typed = file_to_write(text, ".docx")
    if typed.usable:
        assert typed.path is not None and typed.path.name.lower().endswith(".docx")
        assert typed.path.parent.is_dir() and not typed.path.is_dir()
    else:
        assert isinstance(typed.problem, PathProblem)


@settings(max_examples=300, deadline=None)
@given(AWKWARD)
def test_any_text_gets_a_folder_or_a_reason(text: str) -> None:
    typed = folder_to_write_into(text)
    assert typed.usable == (typed.problem is None)
    if typed.usable:
        assert typed.path is not None and typed.path.is_dir()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", PathProblem.EMPTY),
        ("   ", PathProblem.EMPTY),
        ("/", PathProblem.IS_FOLDER),
        (".", PathProblem.IS_FOLDER),
        ("..", PathProblem.IS_FOLDER),
        ("reports/", PathProblem.IS_FOLDER),
        ("a\0b", PathProblem.CONTROL_CHARACTER),
        ("tender\t.docx", PathProblem.CONTROL_CHARACTER),
        ("~nobody-here-at-all/tender", PathProblem.NO_HOME),
        ("no-such-folder/tender", PathProblem.NO_FOLDER),
        ("x" * 5000, PathProblem.UNUSABLE),
    ],
)
def test_texts_that_name_no_file_say_why(text: str, problem: PathProblem, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert file_to_write(text, ".docx").problem is problem


def test_the_suffix_is_added_once_and_an_existing_file_is_said(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert file_to_write("tender", ".docx").path == Path("tender.docx")
    assert file_to_write("Tender.DOCX", ".docx").path == Path("Tender.DOCX")
    assert not file_to_write("tender", ".docx").exists
    (tmp_path / "tender.docx").write_bytes(b"")
    assert file_to_write(" tender ", ".docx").exists


def test_a_folder_named_like_the_file_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "tender.docx").mkdir()
    assert file_to_write(str(tmp_path / "tender.docx"), ".docx").problem is PathProblem.IS_FOLDER
    assert file_to_write(str(tmp_path) + os.sep, ".docx").problem is PathProblem.IS_FOLDER


def test_home_is_expanded(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    assert file_to_write("~/tender", ".docx").path == tmp_path / "tender.docx"
    assert folder_to_write_into("~").path == tmp_path
