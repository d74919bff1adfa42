"""Reading spreadsheets that come from outside (returned scoresheets, bidders' response forms).

A file from outside may be anything: a zip bomb, an XML entity bomb, a sheet that claims a
million rows, a PDF renamed to ``.xlsx``. ``read_untrusted_xlsx`` checks the package before any
XML parser sees it and reads a bounded grid of cells, so each of those fails with a clear
``UntrustedWorkbookError`` in bounded time and memory:

1. the file's size and its first bytes (an XLSX is a zip; other formats are named). The file is
   read once, into memory, and only ever opened for reading: every later step works on those
   bytes, so the file cannot change between the checks and the reading, and its SHA-256 is the
   hash of exactly what was read;
2. the zip directory: its size is bounded before Python's zip reader parses it (a directory of
   a million tiny entries costs seconds and hundreds of megabytes), then the number of members,
   each member's declared uncompressed size, the total, and the compression ratio of large
   members. The zip reader stops at the declared size, so a member that lies about its size
   fails its CRC check instead of expanding;
3. every member, whatever its name (a sheet can be stored under any name the package's
   relationships point to), is read through once: it must not declare a document type (Office
   files never have one, and entity bombs need one), must be UTF-8 or another ASCII-compatible
   encoding (in UTF-16 a declaration would slip past the check), and holds a bounded number of
   cell elements, elements and attributes, with no tag longer than a real one and no element
   with hundreds of attributes (a parser checks each attribute against those before it, so one
   element with 40,000 of them costs seconds);
4. each sheet's declared dimension is bounded; then each cell element is read as it is parsed,
   and one that holds data beyond the bounds is refused (not silently dropped). Cells are read
   one by one, never padded into rows, so a far-away cell costs nothing.

Each cell is read once for both its formula (if any) and the value a spreadsheet program cached
for it, so importers can refuse formulas in answer cells and compare cached results with their
own arithmetic. A text cell that merely starts with ``=`` is text, not a formula.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "XlsxLimits",
    "DEFAULT_LIMITS",
    "CellRead",
    "SheetRead",
    "WorkbookRead",
    "UntrustedWorkbookError",
    "read_untrusted_xlsx",
]


@dataclass(frozen=True)
class XlsxLimits:
    """Bounds for a file from outside; generous for any real form, far below what hurts."""

    max_file_bytes: int = 25 * 1024 * 1024
    max_members: int = 500
    max_member_bytes: int = 32 * 1024 * 1024  # uncompressed
    max_total_bytes: int = 96 * 1024 * 1024  # uncompressed, all members together
    max_ratio: int = 120  # uncompressed / compressed, checked for members above ratio_floor_bytes
    ratio_floor_bytes: int = 1024 * 1024
    max_rows: int = 20_000
    max_columns: int = 100
    max_cells: int = 250_000  # cell elements in one sheet, empty ones included (bounds parser memory)
    max_elements: int = 1_000_000  # XML elements in all parts together (bounds the time openpyxl parses)
    max_attributes: int = 128  # on one element (a parser checks each new one against all before it)
    max_tag_bytes: int = 64 * 1024  # one tag, from '<' to '>'
    max_total_attributes: int = 4_000_000  # in all parts together


DEFAULT_LIMITS = XlsxLimits()

_FIX = "ask the sender for the original file as saved by Excel or LibreOffice"

# First bytes of formats people rename or mistake for a workbook.
_SIGNATURES = (
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old-style Office file (.xls or .doc) or a password-protected workbook; save it as .xlsx without a password",
    ),
    (b"%PDF", "a PDF document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)
_ZIP_MAGIC = b"PK\x03\x04"
_END_OF_DIRECTORY = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_END = b"PK\x06\x06"
_DIRECTORY_ENTRY_BYTES = 1024  # average room per member in the zip directory (46 bytes plus its name)
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?\"")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s/>]")
_START_TAG = re.compile(rb"<[A-Za-z_]")
_LONG_TAG = re.compile(rb"<[^<>]{1024,}>?")  # a tag worth a closer look (a real one is far shorter)
_ATTRIBUTE = re.compile(rb"=\s*[\"']")
_DECLARED_ENCODING = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']{1,40})[\"']")
# Encodings in which the markup is plain ASCII, so the scan for a document type sees it.
_ASCII_ENCODINGS = {"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "windows-1252"}
_WIDE_STARTS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"<\x00", b"\x00<", b"Lo\xa7\x94")
_SCAN_CHUNK = 1024 * 1024
# What Python's zip reader and zlib raise on damaged, encrypted or oddly compressed members.
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)


class UntrustedWorkbookError(Exception):
    """The file was refused; the message names the file, what is wrong and what to do."""

    def __init__(self, path: Path, problem: str, advice: str = _FIX) -> None:
        super().__init__(f"{path}: {problem}; {advice}")
        self.path = path
        self.problem = problem


@dataclass(frozen=True)
class CellRead:
    """One cell: its value as stored (a formula's text starts with '='), and the cached value.

    ``formula`` says whether the cell holds a formula; None (for cells made by hand) decides
    from the value, as a string starting with ``=``.
    """

    value: Any
    cached: Any
    formula: bool | None = None

    @property
    def is_formula(self) -> bool:
        if self.formula is not None:
            return self.formula
        return isinstance(self.value, str) and self.value.startswith("=")


@dataclass
class SheetRead:
    name: str
    state: str  # visible | hidden | veryHidden
    cells: dict[tuple[int, int], CellRead] = field(default_factory=dict)
    max_row: int = 0
    max_column: int = 0

    def cell(self, row: int, column: int) -> CellRead | None:
        return self.cells.get((row, column))

    def value(self, row: int, column: int) -> Any:
        """What a spreadsheet program shows: the cached value of a formula, else the value."""
        found = self.cells.get((row, column))
        if found is None:
            return None
        return found.cached if found.is_formula else found.value

    def text(self, row: int, column: int) -> str:
        value = self.value(row, column)
        return "" if value is None else str(value).strip()


@dataclass
class WorkbookRead:
    path: Path
    sheets: dict[str, SheetRead]
    sha256: str = ""  # of the bytes that were read and checked
    size: int = 0

    def sheet(self, name: str) -> SheetRead | None:
        return self.sheets.get(name)


def read_untrusted_xlsx(
    path: Path | str, *, limits: XlsxLimits = DEFAULT_LIMITS, only: Iterable[str] | None = None
) -> WorkbookRead:
    """Check ``path`` and read its cells (all sheets, or the sheets named in ``only``)."""
    path = Path(path)
    data = _read_file(path, limits)
    _check_directory(path, data, limits)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            _check_members(path, package, limits)
    except _ZIP_ERRORS as exc:
        raise UntrustedWorkbookError(
            path, f"is not a readable XLSX workbook (the zip package is damaged: {exc})"
        ) from None
    wanted = None if only is None else set(only)
    try:
        workbook = _load(data)
    except Exception as exc:  # noqa: BLE001  # openpyxl raises many kinds on malformed parts; all mean one thing
        raise UntrustedWorkbookError(path, f"is not a readable XLSX workbook ({type(exc).__name__}: {exc})") from None
    try:
        sheets: dict[str, SheetRead] = {}
        for sheet in workbook.worksheets:
            if wanted is None or sheet.title in wanted:
                sheets[sheet.title] = _read_sheet(path, workbook, sheet, limits)
        return WorkbookRead(path, sheets, hashlib.sha256(data).hexdigest(), len(data))
    except UntrustedWorkbookError:
        raise
    except Exception as exc:  # noqa: BLE001  # as above: a malformed sheet, whatever openpyxl raised
        raise UntrustedWorkbookError(path, f"is not a readable XLSX workbook ({type(exc).__name__}: {exc})") from None
    finally:
        workbook.close()


# -- the file and the zip package -------------------------------------------------------------------


def _read_file(path: Path, limits: XlsxLimits) -> bytes:
    """The file's bytes (opened read-only), refused when too large or not a zip package."""
    try:
        if not path.is_file():
            if not path.exists():
                raise UntrustedWorkbookError(path, "no such file", "check the name and folder")
            raise UntrustedWorkbookError(path, "is not a file", "choose the workbook itself")
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise UntrustedWorkbookError(
                path, f"is {size / 1048576:.1f} MB, more than the {limits.max_file_bytes // 1048576} MB a form may have"
            )
        with path.open("rb") as handle:
            data = handle.read(min(size, limits.max_file_bytes) + 1)  # one byte more shows growth
    except OSError as exc:
        raise UntrustedWorkbookError(path, f"cannot be read ({exc.strerror or exc})", "check the file") from None
    if len(data) > limits.max_file_bytes:  # it grew while being read
        raise UntrustedWorkbookError(path, f"is more than the {limits.max_file_bytes // 1048576} MB a form may have")
    if not data.startswith(_ZIP_MAGIC):
        for magic, kind in _SIGNATURES:
            if data.startswith(magic):
                raise UntrustedWorkbookError(path, f"is not an XLSX workbook: it is {kind}")
        if data[:64].lstrip().startswith((b"<", b"\xef\xbb\xbf<")):
            raise UntrustedWorkbookError(path, "is not an XLSX workbook: it is an HTML or XML text file")
        if not data:
            raise UntrustedWorkbookError(path, "is empty", "ask the sender to send it again")
        raise UntrustedWorkbookError(path, "is not an XLSX workbook (it is not a zip package)")
    return data


def _check_directory(path: Path, data: bytes, limits: XlsxLimits) -> None:
    """Bound the zip directory the way Python's zip reader will find it, before it parses it."""
    end = data.rfind(_END_OF_DIRECTORY, max(0, len(data) - 22 - 65535))
    if end < 0 or len(data) < end + 22:
        problem = "the zip package is damaged: it has no directory, perhaps because the file was cut short"
        raise UntrustedWorkbookError(path, f"is not a readable XLSX workbook ({problem})")
    count = int.from_bytes(data[end + 10 : end + 12], "little")
    size = int.from_bytes(data[end + 12 : end + 16], "little")
    locator = end - 20
    if locator >= 56 and data[locator : locator + 4] == _ZIP64_LOCATOR:
        record = data[locator - 56 : locator]  # where Python's reader looks for it
        if record.startswith(_ZIP64_END):
            count = int.from_bytes(record[32:40], "little")
            size = int.from_bytes(record[40:48], "little")
    if count > limits.max_members or size > limits.max_members * _DIRECTORY_ENTRY_BYTES:
        parts = f"{count:,} parts" if count > limits.max_members else f"a {size:,}-byte list of parts"
        raise UntrustedWorkbookError(path, f"has {parts}, more than a form has (at most {limits.max_members} parts)")


def _check_members(path: Path, package: zipfile.ZipFile, limits: XlsxLimits) -> None:
    members = package.infolist()
    if len(members) > limits.max_members:
        raise UntrustedWorkbookError(path, f"has {len(members)} parts, more than the {limits.max_members} allowed")
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise UntrustedWorkbookError(path, "is a zip file but not an XLSX workbook (it has no xl/workbook.xml)")
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise UntrustedWorkbookError(
                path, f"part {member.filename} is encrypted", "ask for a file without a password"
            )
        if member.file_size > limits.max_member_bytes:
            raise UntrustedWorkbookError(
                path, f"part {member.filename} would expand to {member.file_size:,} bytes, more than allowed"
            )
        total += member.file_size
        if total > limits.max_total_bytes:
            raise UntrustedWorkbookError(path, f"would expand to more than {limits.max_total_bytes:,} bytes")
        if member.file_size > limits.ratio_floor_bytes:
            ratio = member.file_size / max(member.compress_size, 1)
            if ratio > limits.max_ratio:
                raise UntrustedWorkbookError(
                    path, f"part {member.filename} is compressed {ratio:,.0f} to 1, the mark of a zip bomb"
                )
    elements, attributes = 0, [0]
    for member in members:
        if member.is_dir():
            continue
        try:
            elements = _scan_member(path, package, member, limits, elements, attributes)
        except _ZIP_ERRORS as exc:
            raise UntrustedWorkbookError(
                path,
                f"part {member.filename} is damaged or does not match the size and checksum recorded for it ({exc})",
            ) from None


def _scan_member(
    path: Path,
    package: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    limits: XlsxLimits,
    elements: int,
    attributes: list[int],
) -> int:
    """Refuse document type declarations, unscannable encodings, too many cells, elements or
    attributes and overlong tags, in one pass; return the elements counted so far in the package
    (``attributes`` holds the running count of attributes)."""
    name = member.filename
    tail = b""
    cells = 0
    open_tag = b""  # the start of a tag the previous chunk ended inside
    xml = False  # markup is checked in XML parts only (an embedded image holds any bytes)
    with package.open(member) as stream:
        first = True
        while chunk := stream.read(_SCAN_CHUNK):
            if first:
                xml = chunk.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
            if xml:
                open_tag = _check_tags(path, name, open_tag + chunk, limits)
                attributes[0] += chunk.count(b'="') + chunk.count(b"='")
                if attributes[0] > limits.max_total_attributes:
                    raise UntrustedWorkbookError(
                        path,
                        f"has more than {limits.max_total_attributes:,} XML attributes (at {name}); a form has fewer",
                    )
            window = tail + chunk
            if first:
                _check_encoding(path, name, window)
                _check_dimension(path, name, window, limits)
                first = False
            if _DOCTYPE.search(window):
                raise UntrustedWorkbookError(
                    path, f"part {name} declares XML entities (an XML bomb); it was not opened"
                )
            cells += len(_CELL_TAG.findall(chunk))  # a tag split across chunks is missed: a bound, not a count
            if cells > limits.max_cells:
                raise UntrustedWorkbookError(
                    path, f"a sheet ({name}) has more than {limits.max_cells:,} cells; a form has fewer"
                )
            elements += len(_START_TAG.findall(chunk))
            if elements > limits.max_elements:
                raise UntrustedWorkbookError(
                    path, f"has more than {limits.max_elements:,} XML elements (at {name}); a form has far fewer"
                )
            tail = chunk[-16:]
    return elements


def _check_tags(path: Path, part: str, window: bytes, limits: XlsxLimits) -> bytes:
    """Refuse a tag with too many attributes or too long to be real; return the unfinished tag
    the window ends with (carried into the next chunk), if any."""
    for tag in _LONG_TAG.finditer(window):
        text = tag.group()
        if len(text) > limits.max_tag_bytes:
            raise UntrustedWorkbookError(
                path, f"part {part} has an XML tag longer than {limits.max_tag_bytes // 1024} KB; a form has none"
            )
        if len(_ATTRIBUTE.findall(text)) > limits.max_attributes:
            raise UntrustedWorkbookError(
                path, f"part {part} has an XML element with over {limits.max_attributes} attributes; a form has none"
            )
    start = window.rfind(b"<")
    if start < 0 or window.find(b">", start) >= 0:
        return b""
    unfinished = window[start:]
    if len(unfinished) > limits.max_tag_bytes:
        raise UntrustedWorkbookError(
            path, f"part {part} has an XML tag longer than {limits.max_tag_bytes // 1024} KB; a form has none"
        )
    return unfinished


def _check_encoding(path: Path, part: str, head: bytes) -> None:
    """XML the scan can read: UTF-8 (or another encoding in which markup is ASCII)."""
    declared = _DECLARED_ENCODING.match(head)
    encoding = declared.group(1).decode("ascii", "replace").lower() if declared else "utf-8"
    if head.startswith(_WIDE_STARTS) or encoding not in _ASCII_ENCODINGS:
        raise UntrustedWorkbookError(
            path, f"part {part} is not encoded in UTF-8, as Office files are; it was not opened"
        )


def _check_dimension(path: Path, part: str, head: bytes, limits: XlsxLimits) -> None:
    match = _DIMENSION.search(head[:4096])
    if match is None:
        return
    last_column = match.group(3) or match.group(1)
    last_row = match.group(4) or match.group(2)
    if last_row is not None and int(last_row) > limits.max_rows:
        raise UntrustedWorkbookError(
            path, f"a sheet ({part}) claims {int(last_row):,} rows; a form has at most {limits.max_rows:,}"
        )
    if last_column is not None and _column_number(last_column.decode()) > limits.max_columns:
        raise UntrustedWorkbookError(
            path,
            f"a sheet ({part}) claims columns up to {last_column.decode()}; a form has at most {limits.max_columns}",
        )


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


# -- the cells --------------------------------------------------------------------------------------


def _load(data: bytes) -> Any:
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops; we only read values
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)


def _read_sheet(path: Path, workbook: Any, sheet: Any, limits: XlsxLimits) -> SheetRead:
    """The cells of ``sheet`` that hold something, refusing data beyond the limits (whatever it declared)."""
    result = SheetRead(sheet.title, str(sheet.sheet_state))
    try:
        _read_cells(path, workbook, sheet, limits, result)
    except _UnreadableCell as bad:
        raise UntrustedWorkbookError(
            path,
            f"sheet {sheet.title!r}, cell {bad.reference}, holds the number {bad.text[:40]!r}, "
            "which no spreadsheet program saves (a file made by hand?)",
        ) from None
    return result


class _UnreadableCell(Exception):
    """A cell whose saved number openpyxl cannot read; its sheet names it for the user."""

    def __init__(self, reference: str, text: str) -> None:
        super().__init__(reference)
        self.reference, self.text = reference, text


def _read_cells(path: Path, workbook: Any, sheet: Any, limits: XlsxLimits, result: SheetRead) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a date out of range becomes an error value, with a warning
        for count, cell in enumerate(_parsed_cells(workbook, sheet), start=1):
            if count > limits.max_cells:
                raise UntrustedWorkbookError(path, f"sheet {sheet.title!r} has more than {limits.max_cells:,} cells")
            formula, cached = cell.get("formula"), cell["value"]
            if formula is None and (cached is None or cached == ""):
                continue
            _check_place(path, sheet.title, cell["row"], cell["column"], limits)
            value = cached if formula is None else formula
            result.cells[(cell["row"], cell["column"])] = CellRead(value, cached, formula is not None)
            result.max_row = max(result.max_row, cell["row"])
            result.max_column = max(result.max_column, cell["column"])


def _check_place(path: Path, title: str, row: int, column: int, limits: XlsxLimits) -> None:
    if row > limits.max_rows:
        raise UntrustedWorkbookError(
            path, f"sheet {title!r} has data in row {row:,}; a form has at most {limits.max_rows:,} rows"
        )
    if column > limits.max_columns:
        raise UntrustedWorkbookError(
            path, f"sheet {title!r} has data in column {column:,}; a form has at most {limits.max_columns} columns"
        )


def _parsed_cells(workbook: Any, sheet: Any) -> Iterator[dict[str, Any]]:
    """Every cell element of a read-only sheet as openpyxl's parser reads it, plus its formula text.

    openpyxl's own row iterator pads each row with empty cells up to its last column (a cell at
    column XFD costs 16,384 cells per row) and silently drops rows beyond ``max_row`` and cells
    written out of order, so the parser is used directly (openpyxl is pinned below 3.2).
    """
    from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

    class CellParser(WorkSheetParser):
        def parse_cell(self, element: Any) -> dict[str, Any]:
            try:
                cell: dict[str, Any] = super().parse_cell(element)  # data_only: the cached value
            except ValueError:  # a number no spreadsheet program saves ("inf", "NaN", "1,5")
                raise _UnreadableCell(element.get("r") or "?", element.findtext(VALUE_TAG) or "") from None
            formula = element.find(FORMULA_TAG)
            if formula is not None:
                cell["formula"] = self._formula_text(formula)
            return cell

        def _formula_text(self, formula: Any) -> str:
            """The formula as written; a shared formula's followers show their leader's text, untranslated
            (translating it for every follower costs time a hostile file could multiply)."""
            text = "=" + (formula.text or "")
            if formula.get("t") == "shared":
                index = formula.get("si")
                if text != "=":
                    self.shared_formulae.setdefault(index, text)
                else:
                    text = self.shared_formulae.get(index, text)
            elif formula.get("t") == "dataTable":
                text = "=TABLE()"
            return text

    with sheet._get_source() as source:
        parser = CellParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for _row, cells in parser.parse():
            yield from cells
