"""How much text a cell of a returned spreadsheet may bring into a project.

A spreadsheet program lets a cell hold at most 32,767 characters (Excel and LibreOffice alike), so
a longer text comes from a file made by hand; once, a 9,000,000-character justification grew a
project to 54 MB and slowed every evaluation after it. Every text read from a returned scoresheet
or response form is checked against these bounds at import, and the cell is named. The bounds are
documented in ``docs/scoresheets.md`` and ``docs/response-form.md``.
"""

from __future__ import annotations

__all__ = ["MAX_CELL_TEXT", "MAX_NAME", "too_long", "name_too_long"]

MAX_CELL_TEXT = 32_767  # an answer, evidence reference, justification or conflict statement
MAX_NAME = 300  # a bidder's name, after runs of spaces are joined


def too_long(text: str) -> str | None:
    """Why a cell's ``text`` is refused (phrased to follow the cell's address), or None when it fits."""
    if len(text) <= MAX_CELL_TEXT:
        return None
    return (
        f"holds a text of {len(text):,} characters, more than the {MAX_CELL_TEXT:,} a spreadsheet cell can "
        "hold; shorten it or put the detail in an annex"
    )


def name_too_long(name: str) -> str | None:
    """Why a bidder's ``name`` is refused (to follow the cell's address), or None when it fits."""
    if len(name) <= MAX_NAME:
        return None
    return f"holds a name of {len(name):,} characters, more than the {MAX_NAME} a bidder's name may have; shorten it"
