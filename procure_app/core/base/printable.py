"""Text from outside made safe for a terminal: control characters shown as escapes, never sent raw.

A bidder's name in an evaluation file or a response form can carry terminal escape sequences
(``ESC]0;…`` retitles the window, ``ESC[2J`` clears the screen). Everything the command line
prints goes through :class:`PrintableStream`, and single-line records (the audit log's lines)
through :func:`printable`. Escapes are written ``\\u001b``: readable, and valid inside a JSON
string, so JSON output stays JSON.
"""

from __future__ import annotations

import re
from typing import TextIO

__all__ = ["printable", "PrintableStream"]

# C0 and C1 controls, DEL, and the characters that reorder text on screen (bidi overrides).
_CONTROLS = "\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[{_CONTROLS}]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def printable(text: str, *, keep_lines: bool = False) -> str:
    """``text`` with every control character escaped; with ``keep_lines``, line breaks and tabs kept."""
    pattern = _KEEPING_LINES if keep_lines else _UNSAFE
    return pattern.sub(_escape, text)


_KEEPING_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class PrintableStream:
    """A text stream that escapes control characters (line breaks and tabs aside) on their way out."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(printable(text, keep_lines=True))
        return len(text)

    def __getattr__(self, name: str) -> object:  # flush, fileno, encoding, isatty, …
        return getattr(self.stream, name)
