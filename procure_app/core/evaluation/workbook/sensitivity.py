"""The Sensitivity sheet: the tipping point of each weight and the share of draws each bid wins.

These are values from Procure's simulations, not formulas: they do not change when the workbook
is edited. The seed, the number of draws and the perturbation are shown with them.
"""

from __future__ import annotations

from decimal import Decimal

from ..sensitivity import SPLIT, Shift
from .layout import as_number
from .sheet import Entry, Sheet, number, text
from .styles import BOLD, GRID, ITALIC, SHARE

WIDTHS = (24, 40, 13, 12, 13, 30, 12, 13, 30)


def sensitivity_sheet(sheet: Sheet) -> None:
    result, get = sheet.plan.sensitivity, sheet.styles.get
    sheet.print_setup(None, "A9")
    sheet.put_title(
        "Sensitivity of the winner to the weights",
        "These are values from simulations Procure ran when it wrote this workbook, not formulas: they do not "
        "change when you edit the workbook.",
    )
    settings = (
        ("Winner analysed", result.winner or "none"),
        ("Draws", str(result.draws)),
        ("Seed", str(result.seed)),
        ("Perturbation", f"each weight ±{_plain(result.perturbation_percent)} %"),
    )
    for row, (label, value) in enumerate(settings, start=3):
        sheet.put(row, [text(label, get(font=BOLD)), text(value)])
    row = _tipping_table(sheet, 8)
    row = _rank_one_table(sheet, row + 1)
    for offset, note in enumerate(result.notes):
        sheet.put(row + 1 + offset, [text(note, get(font=ITALIC))])


def _plain(value: Decimal) -> str:
    shown = format(value.normalize(), "f")
    return "0" if shown in ("-0", "") else shown


def _tipping_table(sheet: Sheet, row: int) -> int:
    """The tipping points table from ``row`` (its header); returns the row after it."""
    get = sheet.styles.get
    title = "Tipping points: the smallest change of a weight that gives another winner"
    sheet.put(row - 1, [text(title, get(font=BOLD))])
    labels = ("Weight", "Title", "Weight now %", "Increase by", "Weight then %", "New winner")
    sheet.put_header(row, (*labels, "Decrease by", "Weight then %", "New winner"))
    grid = get(border=GRID)
    points = sheet.plan.sensitivity.tipping_points
    for offset, point in enumerate(points, start=1):
        cells = [
            text("WQ (quality/price split)" if point.parameter == SPLIT else point.parameter, grid),
            text(point.title, grid),
            number(as_number(point.base_weight), get(border=GRID, number_format="0.00")),
            *_shift_cells(sheet, point.increase),
            *_shift_cells(sheet, point.decrease),
        ]
        sheet.put(row + offset, cells)
    return row + len(points) + 2


def _shift_cells(sheet: Sheet, shift: Shift | None) -> list[Entry]:
    get = sheet.styles.get
    grid = get(border=GRID)
    if shift is None:
        return [text("none in range", get(font=ITALIC, border=GRID)), (None, "n", grid), (None, "n", grid)]
    return [
        number(as_number(shift.change), get(border=GRID, number_format="+0.00;-0.00")),
        number(as_number(shift.weight), get(border=GRID, number_format="0.00")),
        text(shift.new_winner or "none (a tie for rank 1)", grid),
    ]


def _rank_one_table(sheet: Sheet, row: int) -> int:
    get = sheet.styles.get
    result = sheet.plan.sensitivity
    title = "Rank-one probability: how often each bid ranks first when the weights vary"
    sheet.put(row, [text(title, get(font=BOLD))])
    sheet.put_header(row + 1, ("Bid", "Bidder", "Draws first", "Share"))
    bidders = {bid.bid: bid.bidder for bid in sheet.plan.bids}
    grid = get(border=GRID)
    for offset, entry in enumerate(result.rank_one, start=2):
        cells = [
            text(entry.bid, grid),
            text(bidders.get(entry.bid, ""), grid),
            number(entry.count, grid),
            number(as_number(entry.share), get(border=GRID, number_format=SHARE)),
        ]
        sheet.put(row + offset, cells)
    return row + len(result.rank_one) + 2
