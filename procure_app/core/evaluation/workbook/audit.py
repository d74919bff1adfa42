"""The Audit log sheet: every entry of the project's audit log, exactly as the project file holds it.

Only a workbook made from a project file (``*.procure``) has it. Above the table: the project, whether
the hash chain verified, and the newest entry's number and SHA-256 hash. Each row is one entry:
its number, time, actor, action, entity, the old and new values (the canonical JSON text the hash
covers, so a reader can recompute every hash) and the previous and own hash.

Everything is written as text, never as a formula: an actor, an entity or a value is whatever was
typed into the project, and one starting with ``=``, ``+``, ``-`` or ``@`` stays literal text. A
value longer than a cell can hold is cut with a marker saying so.
"""

from __future__ import annotations

from openpyxl.styles import Font

from ...audit.chain import AuditEntry
from ...audit.trail import AuditTrail
from .sheet import MAX_CELL_TEXT, Entry, Sheet, blank, number, text
from .styles import BOLD, FONT, GRID, LEFT, TOP, TOP_WRAP

__all__ = ["SHEET_AUDIT", "AUDIT_TOP", "WIDTHS", "audit_sheet", "cell_value"]

SHEET_AUDIT = "Audit log"
AUDIT_TOP = 9  # the first entry's row (title, note, four facts, a gap and the header above)
HEADERS = (
    "No.",
    "Time (UTC)",
    "Actor",
    "Action",
    "Entity",
    "Old value (JSON)",
    "New value (JSON)",
    "Previous hash",
    "Hash",
)
WIDTHS = (7, 30, 14, 20, 28, 45, 45, 24, 24)
_WRAPPED = (3, 5, 6, 7)  # columns whose text wraps and varies (the others hold one line, or a hash)
# The chain's status in colour, not a fill: the text runs on over the empty cells to its right.
VERIFIED_FONT = Font(name=FONT, bold=True, color="375623")
BROKEN_FONT = Font(name=FONT, bold=True, color="C00000")


def cell_value(value: str) -> str:
    """``value`` cut to what a cell holds, ending with a marker that says how long it was."""
    if len(value) <= MAX_CELL_TEXT:
        return value
    marker = f" … [cut: the full value has {len(value):,} characters; it is in the project file]"
    return value[: MAX_CELL_TEXT - len(marker)] + marker


def audit_sheet(sheet: Sheet, trail: AuditTrail) -> None:
    """The facts about the log above a table of every entry (frozen header row, with a filter)."""
    get = sheet.styles.get
    sheet.print_setup(f"{AUDIT_TOP - 1}:{AUDIT_TOP - 1}", f"B{AUDIT_TOP}")
    sheet.put_title(
        "Audit log",
        "Every change recorded in the project, oldest first. Each entry's hash is the SHA-256 of its number, "
        "time, actor, action, entity, old and new values and the previous entry's hash.",
    )
    label = get(font=BOLD)
    status = get(font=VERIFIED_FONT if trail.chain_ok else BROKEN_FONT)
    chain = (
        f"Verified: all {len(trail.entries):,} entries match their hashes and follow one another"
        if trail.chain_ok
        else f"NOT verified: {trail.problem}"
    )
    facts = (
        ("Project", text(f"{trail.project_name} ({trail.file_name})")),
        ("Hash chain", text(chain, status)),
        ("Newest entry", number(trail.head_seq, get(alignment=LEFT))),
        ("Head hash (SHA-256)", text(trail.head_hash)),
    )
    for row, (name, value) in enumerate(facts, start=3):
        sheet.put(row, [text(name, label), None, value])
    sheet.put_header(AUDIT_TOP - 1, HEADERS)
    _rows(sheet, trail.entries)
    last = AUDIT_TOP + max(len(trail.entries), 1) - 1
    sheet.ws.auto_filter.ref = f"A{AUDIT_TOP - 1}:I{last}"


def _rows(sheet: Sheet, entries: tuple[AuditEntry, ...]) -> None:
    get = sheet.styles.get
    line, wrap = get(border=GRID, alignment=TOP), get(border=GRID, alignment=TOP_WRAP)
    if not entries:
        sheet.put(AUDIT_TOP, [text("The audit log holds no entries.")])
    hashes = sheet.fit(9, "0" * 64)  # every hash has 64 digits: one height serves them all
    for row, entry in enumerate(entries, start=AUDIT_TOP):
        cells: list[Entry] = [
            number(entry.seq, line),
            text(entry.time, line),
            text(entry.actor, wrap),
            text(entry.action, line),
            text(entry.entity, wrap),
            _value(entry.old, wrap),
            _value(entry.new, wrap),
            text(entry.prev_hash, wrap),
            text(entry.hash, wrap),
        ]
        height = max(hashes, *(sheet.fit(column, str(cells[column - 1][0] or "")) for column in _WRAPPED))
        sheet.put(row, cells, height)


def _value(value: str | None, style: int) -> Entry:
    """An old or new value: its JSON text, or an empty cell when there was none."""
    return blank(style) if value is None else text(cell_value(value), style)
