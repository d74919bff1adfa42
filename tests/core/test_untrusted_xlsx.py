"""Reading a spreadsheet from outside: every hostile file is refused clearly, with bounded work and memory.

No test here times anything (a busy machine makes timings lie): each bounds the work instead, by
showing the file is refused before the XML parser sees it, or by counting what the parser read.
Timings are in ``benchmarks/bench_hostile_xlsx.py``.
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
import tracemalloc
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from procure_app.core.base import untrusted_xlsx
from procure_app.core.base.untrusted_xlsx import (
    CellRead,
    UntrustedWorkbookError,
    WorkbookRead,
    XlsxLimits,
    read_untrusted_xlsx,
)

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET = "xl/worksheets/sheet1.xml"
MAX_PEAK_BYTES = 48 * 1024 * 1024  # and without building anything large in memory

LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
)


def _workbook() -> bytes:
    """A small ordinary workbook, as openpyxl writes it."""
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "hello"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet(rows: str, head: str = "") -> bytes:
    body = f'<worksheet xmlns="{MAIN}">{head}<sheetData>{rows}</sheetData></worksheet>'
    return ('<?xml version="1.0" encoding="UTF-8"?>' + body).encode()


def _repack(data: bytes, parts: dict[str, bytes], *, rename: dict[str, str] | None = None) -> bytes:
    """``data`` with some parts replaced (or added), and parts renamed (their references too)."""
    rename = rename or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        names = source.namelist() + [name for name in parts if name not in source.namelist()]
        for name in names:
            body = parts[name] if name in parts else source.read(name)
            for old, new in rename.items():
                body = body.replace(old.encode(), new.encode())
                name = name.replace(old, new)
            target.writestr(name, body)
    return out.getvalue()


def _write(tmp_path: Path, data: bytes, name: str = "returned.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _refused(
    path: Path, match: str, limits: XlsxLimits | None = None, *, before_parsing: bool = False
) -> UntrustedWorkbookError:
    """Read ``path`` expecting a refusal that matches ``match``, in bounded memory; with
    ``before_parsing``, also before any XML parser reads a part (the work stays a linear scan)."""
    if before_parsing:

        def parser_must_not_run(data: bytes) -> None:
            raise AssertionError("the XML parser read a file the scan should have refused")

        monkeypatch = pytest.MonkeyPatch()
        monkeypatch.setattr(untrusted_xlsx, "_load", parser_must_not_run)
    tracemalloc.start()
    try:
        with pytest.raises(UntrustedWorkbookError, match=match) as info:
            read_untrusted_xlsx(path, limits=limits) if limits else read_untrusted_xlsx(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        if before_parsing:
            monkeypatch.undo()
    assert peak < MAX_PEAK_BYTES, f"used {peak / 1048576:.0f} MB to refuse it"
    message = str(info.value)
    assert message.startswith(f"{path}: ") and "; " in message  # names the file, says what to do
    return info.value


# -- not a workbook at all --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "it is a PDF document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, r"old-style Office file \(\.xls or \.doc\)"),
        (b"Bidder,Price\nACME,100\n", "not a zip package"),
        (b"<html><body><table></table></body></html>", "HTML or XML text file"),
        (b"", "is empty"),
    ],
    ids=["pdf", "xls", "text", "html", "empty"],
)
def test_other_formats_renamed_to_xlsx_are_named(tmp_path: Path, content: bytes, match: str) -> None:
    _refused(_write(tmp_path, content), match)


def test_a_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("prices.csv", "ACME,100\n")
    _refused(_write(tmp_path, buffer.getvalue()), "a zip file but not an XLSX workbook")


def test_a_damaged_zip(tmp_path: Path) -> None:
    data = _workbook()
    _refused(_write(tmp_path, data[: len(data) // 2], "cut.xlsx"), "damaged: it has no directory")
    broken = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for index in range(start + 2, start + info.compress_size - 2):
        broken[index] ^= 0x5A  # the sheet's compressed bytes scrambled
    _refused(_write(tmp_path, bytes(broken), "scrambled.xlsx"), f"part {SHEET} is damaged")


def test_a_missing_file_and_a_folder(tmp_path: Path) -> None:
    _refused(tmp_path / "nowhere.xlsx", "no such file")
    _refused(tmp_path, "is not a file")


# -- zip bombs --------------------------------------------------------------------------------------


def test_a_zip_bomb_is_refused_before_it_expands(tmp_path: Path) -> None:
    """200 MB of zeros declared in a sheet part, compressed to under a megabyte."""
    buffer = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(_workbook()))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name in source.namelist():
            if name != SHEET:
                archive.writestr(name, source.read(name))
        with archive.open(SHEET, "w", force_zip64=True) as stream:
            zeros = bytes(1 << 20)
            for _ in range(200):
                stream.write(zeros)
    path = _write(tmp_path, buffer.getvalue())
    assert path.stat().st_size < 2 * 1024 * 1024
    _refused(path, f"part {SHEET} would expand to 209,715,200 bytes")


def test_a_small_member_compressed_like_a_bomb_is_refused(tmp_path: Path) -> None:
    """Within the size limit, but compressed a thousand to one: no real form is."""
    padded = _sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>') + b" " * (8 << 20)
    _refused(_write(tmp_path, _repack(_workbook(), {SHEET: padded})), r"compressed [\d,]+ to 1, the mark of a zip bomb")


def test_a_member_whose_header_lies_about_its_size(tmp_path: Path) -> None:
    """Its directory entry says 1,000 bytes; its data expands to 50 MB. Reading stops at 1,000 and
    the checksum gives the lie away."""
    name = b"xl/media/image1.bin"
    data = bytearray(_repack(_workbook(), {name.decode(): bytes(50 << 20)}))
    local = data.find(b"PK\x03\x04" + bytes(data[4:4]))
    while data[local + 30 : local + 30 + len(name)] != name:
        local = data.find(b"PK\x03\x04", local + 4)
    struct.pack_into("<I", data, local + 22, 1000)  # the local header's uncompressed size
    entry = data.find(b"PK\x01\x02")
    while data[entry + 46 : entry + 46 + len(name)] != name:
        entry = data.find(b"PK\x01\x02", entry + 4)
    struct.pack_into("<I", data, entry + 24, 1000)  # the directory's uncompressed size
    assert zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/media/image1.bin").file_size == 1000
    _refused(_write(tmp_path, bytes(data)), "part xl/media/image1.bin is damaged or does not match the size")


def test_too_many_parts_are_refused_before_the_directory_is_read(tmp_path: Path) -> None:
    extra = {f"xl/media/{index}.bin": b"" for index in range(60)}
    path = _write(tmp_path, _repack(_workbook(), extra))
    _refused(path, "more than a form has", XlsxLimits(max_members=20))


def test_an_encrypted_part_is_refused(tmp_path: Path) -> None:
    data = bytearray(_workbook())
    position = data.find(b"PK\x01\x02")
    while position >= 0:
        data[position + 8] |= 1  # the "encrypted" flag of every directory entry
        position = data.find(b"PK\x01\x02", position + 4)
    _refused(_write(tmp_path, bytes(data)), "is encrypted")


def test_a_file_larger_than_allowed(tmp_path: Path) -> None:
    _refused(_write(tmp_path, _workbook()), "more than the 0 MB a form may have", XlsxLimits(max_file_bytes=1000))


# -- XML bombs --------------------------------------------------------------------------------------


def test_an_entity_bomb_in_a_sheet(tmp_path: Path) -> None:
    sheet = LAUGHS.encode() + _sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>')[38:]
    _refused(_write(tmp_path, _repack(_workbook(), {SHEET: sheet})), f"part {SHEET} declares XML entities")


def test_an_entity_bomb_in_the_shared_strings(tmp_path: Path) -> None:
    strings = LAUGHS + f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    path = _write(tmp_path, _repack(_workbook(), {"xl/sharedStrings.xml": strings.encode()}))
    _refused(path, "part xl/sharedStrings.xml declares XML entities")


def test_an_entity_bomb_in_a_sheet_stored_under_another_name(tmp_path: Path) -> None:
    """The package's relationships may point a sheet anywhere: every part is checked, not just *.xml."""
    sheet = LAUGHS.encode() + _sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>')[38:]
    data = _repack(_workbook(), {SHEET: sheet}, rename={"worksheets/sheet1.xml": "worksheets/sheet1.dat"})
    _refused(_write(tmp_path, data), "part xl/worksheets/sheet1.dat declares XML entities")


def test_an_entity_bomb_in_utf16_is_refused(tmp_path: Path) -> None:
    """In UTF-16 a document type declaration would slip past a scan for ASCII bytes."""
    sheet = LAUGHS.replace('version="1.0"', 'version="1.0" encoding="UTF-16"') + f'<worksheet xmlns="{MAIN}"/>'
    data = _repack(_workbook(), {SHEET: sheet.encode("utf-16")})
    _refused(_write(tmp_path, data), f"part {SHEET} is not encoded in UTF-8")


# -- sheets too large -------------------------------------------------------------------------------


def test_a_sheet_whose_dimension_claims_a_million_rows(tmp_path: Path) -> None:
    sheet = _sheet('<row r="1"><c r="A1"><v>1</v></c></row>', head='<dimension ref="A1:B1000000"/>')
    _refused(_write(tmp_path, _repack(_workbook(), {SHEET: sheet})), "claims 1,000,000 rows")


def test_a_real_cell_at_row_one_million(tmp_path: Path) -> None:
    """No dimension, one cell far down: refused, not silently dropped."""
    rows = '<row r="1"><c r="A1"><v>1</v></c></row><row r="1000000"><c r="A1000000"><v>5</v></c></row>'
    _refused(_write(tmp_path, _repack(_workbook(), {SHEET: _sheet(rows)})), "has data in row 1,000,000")


def test_a_cell_far_to_the_right_written_out_of_order(tmp_path: Path) -> None:
    rows = '<row r="1"><c r="ZZ1"><v>7</v></c><c r="A1"><v>5</v></c></row>'
    _refused(_write(tmp_path, _repack(_workbook(), {SHEET: _sheet(rows)})), "has data in column 702")


def test_too_many_cells(tmp_path: Path) -> None:
    rows = "".join(f'<row r="{row}">' + "<c/>" * 100 + "</row>" for row in range(1, 3001))  # 300,000 cells
    _refused(
        _write(tmp_path, _repack(_workbook(), {SHEET: _sheet(rows)})), r"more than 250,000 cells", before_parsing=True
    )


def test_an_element_with_forty_thousand_attributes_is_refused_before_parsing(tmp_path: Path) -> None:
    """Such an element once kept the reader busy past ten seconds: each attribute is checked against
    all before it. It is refused by the scan, before a parser sees it."""
    attributes = " ".join(f'a{index}="1"' for index in range(40_000))
    rows = f'<row r="1"><c r="A1" {attributes}><v>1</v></c></row>'
    error = _refused(
        _write(tmp_path, _repack(_workbook(), {SHEET: _sheet(rows)})), "XML tag longer than 64 KB", before_parsing=True
    )
    assert SHEET in str(error)


def test_an_element_with_hundreds_of_short_attributes_is_refused(tmp_path: Path) -> None:
    attributes = " ".join(f'a{index}="1"' for index in range(500))  # under 64 KB, over 128 attributes
    rows = f'<row r="1"><c r="A1" {attributes}><v>1</v></c></row>'
    _refused(_write(tmp_path, _repack(_workbook(), {SHEET: _sheet(rows)})), "over 128 attributes", before_parsing=True)


def test_a_tag_split_across_scan_chunks_is_still_measured(tmp_path: Path) -> None:
    """The scan reads a part in 1 MB chunks; an overlong tag that straddles two is caught too."""
    padding = "<row/>" * ((1024 * 1024 - 100) // 6)
    attributes = " ".join(f'a{index}="1"' for index in range(20_000))
    rows = padding + f'<row r="1"><c r="A1" {attributes}/></row>'
    _refused(_write(tmp_path, _repack(_workbook(), {SHEET: _sheet(rows)})), "XML tag longer", before_parsing=True)


def test_too_many_attributes_in_all_is_refused(tmp_path: Path) -> None:
    rows = "".join(f'<row r="{row}" spans="1:1" ht="15"/>' for row in range(1, 2001))
    path = _write(tmp_path, _repack(_workbook(), {SHEET: _sheet(rows)}))
    _refused(path, "more than 3,000 XML attributes", XlsxLimits(max_total_attributes=3_000), before_parsing=True)
    assert read_untrusted_xlsx(path).sheets  # within the default limit


def test_an_embedded_image_is_not_mistaken_for_markup(tmp_path: Path) -> None:
    """A logo in a form is binary: bytes that look like a long tag in it are not refused."""
    image = b"\x89PNG\r\n\x1a\n" + b"<" + bytes(range(65, 91)) * 5000
    assert read_untrusted_xlsx(_write(tmp_path, _repack(_workbook(), {"xl/media/image1.png": image}))).sheets


def test_too_many_shared_strings(tmp_path: Path) -> None:
    """Each string costs openpyxl time and memory to parse: the XML elements are counted first."""
    strings = f'<sst xmlns="{MAIN}">' + "".join(f"<si><t>{index}</t></si>" for index in range(30_000)) + "</sst>"
    path = _write(tmp_path, _repack(_workbook(), {"xl/sharedStrings.xml": strings.encode()}))
    _refused(path, "more than 50,000 XML elements", XlsxLimits(max_elements=50_000))
    assert read_untrusted_xlsx(path).sheets  # within the default limit


def test_empty_cells_far_to_the_right_cost_nothing(tmp_path: Path) -> None:
    """An empty cell at column XFD on every row once made a reader pad 16,384 cells per row."""
    rows = "".join(f'<row r="{row}"><c r="XFD{row}" s="0"/></row>' for row in range(1, 20_001))
    path = _write(tmp_path, _repack(_workbook(), {SHEET: _sheet(rows)}))
    parsed = 0
    original = untrusted_xlsx._parsed_cells

    def counted(workbook: object, sheet: object) -> Iterator[dict[str, object]]:
        nonlocal parsed
        for cell in original(workbook, sheet):
            parsed += 1
            yield cell

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(untrusted_xlsx, "_parsed_cells", counted)
        read = read_untrusted_xlsx(path)
    assert read.sheets["Sheet"].cells == {}
    assert parsed == 20_000  # one per cell element: no row was padded out to column XFD


# -- a normal workbook ------------------------------------------------------------------------------

NORMAL = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Item</t></is></c><c r="B1"><v>125000.5</v></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>=not a formula</t></is></c><c r="B2"><f>B1*2</f><v>250001</v></c></row>'
    '<row r="3"><c r="B3"><f t="shared" ref="B3:B4" si="0">B1+1</f><v>125001.5</v></c></row>'
    '<row r="4"><c r="B4"><f t="shared" si="0"/><v>250002</v></c></row>'
    '<row r="5"><c r="B5" t="str"><f t="array" ref="B5">"x"&amp;"y"</f><v>xy</v></c>'
    '<c r="C5" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
    '<row r="6"><c r="B6" t="d"><v>2027-04-05T16:12:00</v></c><c r="C6" t="b"><v>1</v></c></row>'
)


def test_a_normal_workbook_reads_its_values_formulas_and_cached_results(tmp_path: Path) -> None:
    path = _write(tmp_path, _repack(_workbook(), {SHEET: _sheet(NORMAL)}))
    before = (path.read_bytes(), os.stat(path).st_mtime_ns)
    read = read_untrusted_xlsx(path)
    assert isinstance(read, WorkbookRead) and list(read.sheets) == ["Sheet"]
    assert read.sha256 == hashlib.sha256(before[0]).hexdigest() and read.size == len(before[0])
    sheet = read.sheets["Sheet"]
    assert sheet.state == "visible" and (sheet.max_row, sheet.max_column) == (6, 3)
    assert sheet.cell(1, 2) == CellRead(125000.5, 125000.5, False)
    assert sheet.cell(2, 1) == CellRead("=not a formula", "=not a formula", False)  # text, not a formula
    assert not sheet.cell(2, 1).is_formula  # type: ignore[union-attr]
    assert sheet.cell(2, 2) == CellRead("=B1*2", 250001, True)
    assert sheet.value(2, 2) == 250001 and sheet.text(2, 2) == "250001"
    assert sheet.cell(3, 2) == CellRead("=B1+1", 125001.5, True)
    assert sheet.cell(4, 2).is_formula and sheet.value(4, 2) == 250002  # type: ignore[union-attr]
    assert sheet.cell(5, 2) == CellRead('="x"&"y"', "xy", True)
    assert sheet.cell(5, 3) == CellRead("=1/0", "#DIV/0!", True)
    assert sheet.value(6, 2) == datetime(2027, 4, 5, 16, 12) and sheet.value(6, 3) is True
    assert sheet.cell(9, 9) is None and sheet.value(9, 9) is None and sheet.text(9, 9) == ""
    assert (path.read_bytes(), os.stat(path).st_mtime_ns) == before  # only ever read


def test_only_the_sheets_asked_for_are_read(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "One"
    workbook.create_sheet("Two")["A1"] = 2
    hidden = workbook.create_sheet("Three")
    hidden.sheet_state = "veryHidden"
    hidden["A1"] = "=1+1"
    path = tmp_path / "three.xlsx"
    workbook.save(path)
    read = read_untrusted_xlsx(path, only=("Two", "Three"))
    assert list(read.sheets) == ["Two", "Three"]
    assert read.sheets["Three"].state == "veryHidden"
    assert read.sheets["Three"].cell(1, 1) == CellRead("=1+1", None, True)  # never calculated: no cached value


def test_hand_made_cells_decide_formulas_from_their_text() -> None:
    assert CellRead("=A1", 3).is_formula and not CellRead("text", "text").is_formula
    assert not CellRead("=looks like one", "=looks like one", False).is_formula


def test_the_limits_leave_room_for_real_forms(tmp_path: Path) -> None:
    rows = "".join(
        f'<row r="{row}">' + "".join(f'<c r="{col}{row}"><v>{row}</v></c>' for col in "ABCDEFGH") + "</row>"
        for row in range(1, 2001)
    )
    read = read_untrusted_xlsx(_write(tmp_path, _repack(_workbook(), {SHEET: _sheet(rows)})))
    assert len(read.sheets["Sheet"].cells) == 16_000
