"""Refusing hostile spreadsheets, as a ratio of a bare openpyxl read of an ordinary workbook.

    python benchmarks/bench_hostile_xlsx.py [--rounds 3]

Ours: ``read_untrusted_xlsx`` on files made the way an attacker would make them (300,000 empty
cells, one element with 40,000 attributes, one with 500 short ones, an empty cell at column XFD on
20,000 rows), each refused or read within its bounds. The baseline: ``openpyxl.load_workbook``
(read-only) reading every value of an ordinary 2,000-row, 5-column workbook, the size of a large
real form. Rounds alternate; the best time of each is kept. The tests bound the same work by
counting (elements parsed, whether the parser ran at all); only this script times it.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from procure_app.core.base.untrusted_xlsx import UntrustedWorkbookError, read_untrusted_xlsx

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET = "xl/worksheets/sheet1.xml"


def _ordinary(rows: int = 2_000) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in range(1, rows + 1):
        sheet.append([f"Requirement {row}", "Fully compliant", f"How we meet it ({row})", row * 10.5, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _with_sheet(rows: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(_ordinary(1)))
    out = io.BytesIO()
    body = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>'
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(name, body.encode() if name == SHEET else source.read(name))
    return out.getvalue()


def _hostile() -> dict[str, bytes]:
    many_attributes = " ".join(f'a{index}="1"' for index in range(40_000))
    some_attributes = " ".join(f'a{index}="1"' for index in range(500))
    return {
        "300,000 cells": _with_sheet("".join(f'<row r="{r}">' + "<c/>" * 100 + "</row>" for r in range(1, 3001))),
        "40,000 attributes": _with_sheet(f'<row r="1"><c r="A1" {many_attributes}><v>1</v></c></row>'),
        "500 attributes": _with_sheet(f'<row r="1"><c r="A1" {some_attributes}><v>1</v></c></row>'),
        "cells at column XFD": _with_sheet(
            "".join(f'<row r="{r}"><c r="XFD{r}" s="0"/></row>' for r in range(1, 20_001))
        ),
    }


def _ours(path: Path) -> None:
    try:
        read_untrusted_xlsx(path)
    except UntrustedWorkbookError:
        pass


def _bare(path: Path) -> int:
    workbook = openpyxl.load_workbook(path, read_only=True)
    count = sum(
        value is not None for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for value in row
    )
    workbook.close()
    return count


def _timed(function: Callable[[], object], rounds: list[float]) -> None:
    started = time.perf_counter()
    function()
    rounds.append(time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        ordinary = Path(folder) / "ordinary.xlsx"
        ordinary.write_bytes(_ordinary())
        files = {}
        for name, data in _hostile().items():
            files[name] = Path(folder) / f"{name.replace(' ', '-').replace(',', '')}.xlsx"
            files[name].write_bytes(data)
        bare: list[float] = []
        ours: dict[str, list[float]] = {name: [] for name in files}
        for _ in range(args.rounds):
            _timed(lambda: _bare(ordinary), bare)
            for name, path in files.items():
                _timed(lambda path=path: _ours(path), ours[name])
        baseline = min(bare)
        print(f"bare openpyxl read of an ordinary 2,000-row form: {baseline:.3f} s")
        for name, times in ours.items():
            print(f"{name:>22}: {min(times):.3f} s  ({min(times) / baseline:.2f}x the bare read)")


if __name__ == "__main__":
    main()
