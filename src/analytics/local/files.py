"""Reading an uploaded file (CSV or spreadsheet) into a table of text cells, or saying why it cannot be read.

Row numbers are those the user sees in Excel: the header is row 1 and the first
data row is row 2 (for a spreadsheet, the sheet's own row numbers). Every cell is
kept as text, exactly as typed, so that nothing is lost or guessed before
validation: a CSV must be UTF-8 (Excel's "CSV UTF-8") or UTF-16 with its byte-order
mark; other encodings are refused with the row and column of the first byte that
does not fit, rather than decoded by guesswork.
"""

import csv
import gc
import hashlib
import io
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time

import pandas as pd
import python_calamine

# Every cell of a file is held as text while it is checked, so the rows one import takes are bounded: a council's
# monthly figures (72,000 for every measure, team and month of years), establishment or census file is far below
# this; a longer one is refused before its cells are read (1,000,000 rows would hold about 1 GB).
MAX_ROWS = 250_000
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
SPREADSHEET_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # zip (xlsx, ods), OLE (xls)
BINARY_MAGIC = {b"%PDF": "a PDF document", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image",
                b"GIF8": "a GIF image", b"\x1f\x8b": "a gzip archive", b"7z\xbc\xaf": "a 7-Zip archive",
                b"Rar!": "a RAR archive"}


class UnreadableFile(ValueError):
    """The file cannot be read as a table. `row` and `column` say where, when known."""

    def __init__(self, message: str, row: int | None = None, column: str | None = None):
        where = ", ".join(part for part in (f"row {row}" if row else "",
                                            f"column '{column}'" if column else "") if part)
        super().__init__(f"{where}: {message}" if where else message)
        self.row, self.column, self.problem = row, column, message


@dataclass(frozen=True)
class RawTable:
    file_name: str
    sha256: str
    header: list[str]  # as in the file, stripped
    cells: pd.DataFrame  # one text column per header position, named by position; "" where empty
    rows: list[int]  # the Excel row number of each row of `cells`
    source: str  # "csv (comma)", "xlsx sheet 'Sheet1'", ...
    delimiter: str | None  # None for spreadsheets

    def column(self, position: int) -> pd.Series:
        return self.cells[position]


def read_table(data: bytes, file_name: str) -> RawTable:
    """Detect what `data` is and read its first sheet or its CSV text; raise UnreadableFile if it cannot be."""
    if not data.strip():
        raise UnreadableFile("the file is empty")
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(SPREADSHEET_MAGIC):
        return _read_spreadsheet(data, file_name, digest)
    for magic, what in BINARY_MAGIC.items():
        if data.startswith(magic):
            raise UnreadableFile(f"this is {what}, not a CSV or Excel file")
    _not_too_long(data.count(b"\n"))
    text = _decode(data)
    return _read_csv(text, file_name, digest)


def _not_too_long(lines: int) -> None:
    if lines > MAX_ROWS + 1:  # the header, and a last line's newline
        raise UnreadableFile(f"the file has {lines:,} rows with its header; one import takes at most "
                             f"{MAX_ROWS:,} rows (a council's monthly, establishment or census figures are far "
                             "fewer): split it into several files, by year or by measure")


def table_from_frame(frame: pd.DataFrame, file_name: str) -> RawTable:
    """A table edited on a page (the Improvement plan's target editor) read exactly as the same table uploaded as
    a CSV file would be, so it gets the same checks, row numbers and batch."""
    return read_table(frame.to_csv(index=False, date_format="%Y-%m-%d").encode(), file_name)


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnreadableFile(f"the file says it is UTF-16 but is not ({exc.reason})") from exc
    if b"\x00" in data[:4096]:
        raise UnreadableFile("this is a binary file, not a CSV or Excel file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row, column = _locate_byte(data, exc.start)
        raise UnreadableFile(
            f"byte 0x{data[exc.start]:02x} is not UTF-8 text; save the file as 'CSV UTF-8 (Comma delimited)' "
            "in Excel and import it again", row, column) from exc


def _locate_byte(data: bytes, offset: int) -> tuple[int, str]:
    """The Excel row and header of the cell holding byte `offset` of an undecodable CSV."""
    lines = data[:offset].split(b"\n")
    header = data.split(b"\n", 1)[0].decode("utf-8", errors="replace").strip("\r\ufeff")
    delimiter = _sniff(header)
    names = header.split(delimiter)
    position = lines[-1].count(delimiter.encode())
    return len(lines), (names[position].strip() if position < len(names) else f"column {position + 1}")


def _sniff(header_line: str) -> str:
    """The delimiter the header row uses most; commas win ties, as Excel writes them."""
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _read_csv(text: str, file_name: str, digest: str) -> RawTable:
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = _sniff(first_line)
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return _table(records, list(range(1, len(records) + 1)), file_name, digest,
                  f"CSV ({DELIMITERS[delimiter]}-separated)", delimiter)


def _read_spreadsheet(data: bytes, file_name: str, digest: str) -> RawTable:
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = book.get_sheet_by_index(0)
        _not_too_long(sheet.total_height + 1)  # the index of its last row, from 0
        records = sheet.to_python(skip_empty_area=False)
    except UnreadableFile:
        raise
    except Exception as exc:  # calamine raises its own and zip errors alike for damaged files
        raise UnreadableFile(f"this looks like a spreadsheet but cannot be opened ({exc})") from exc
    records = [[_cell_text(cell) for cell in record] for record in records]
    return _table(records, list(range(1, len(records) + 1)), file_name, digest,
                  f"spreadsheet, first sheet '{book.sheet_names[0]}'", None)


def _cell_text(cell) -> str:
    """A spreadsheet cell as the text a CSV export would hold (dates as ISO dates)."""
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == time(0) else cell.isoformat(sep=" ")
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _table(records: list[list[str]], numbers: list[int], file_name: str, digest: str, source: str,
           delimiter: str | None) -> RawTable:
    kept = [(n, [c.strip() for c in r]) for n, r in zip(numbers, records) if any(c.strip() for c in r)]
    if not kept:
        raise UnreadableFile("the file is empty")
    header_row, header = kept[0]
    while header and not header[-1]:
        header.pop()
    if len(header) < 2:
        found = f"only one column, '{header[0]}'" if header else "no column names"
        hint = " (is it separated by something other than commas, semicolons or tabs?)" if delimiter else ""
        raise UnreadableFile(f"{found} in the header row{hint}", header_row)
    for position, name in enumerate(header):
        if not name:
            raise UnreadableFile(f"column {position + 1} has no name in the header row", header_row)
    body = kept[1:]
    if not body:
        raise UnreadableFile("the file has a header row but no data rows")
    width = len(header)
    for number, record in body:
        extra = [c for c in record[width:] if c]
        if extra:
            raise UnreadableFile(
                f"this row has {len(record)} cells but the header has {width} columns "
                f"(a {DELIMITERS.get(delimiter, 'cell')} inside a value needs the value in double quotes)"
                if delimiter else f"this row has a value beyond the last named column ('{extra[0]}')",
                number, f"column {width + 1}")
    cells = pd.DataFrame([(record + [""] * width)[:width] for _, record in body], dtype="str")
    cells.columns = range(width)
    return RawTable(file_name=file_name, sha256=digest, header=header, cells=cells,
                    rows=[number for number, _ in body], source=source, delimiter=delimiter)


@contextmanager
def cycles_unchecked():
    """Python's cycle collector paused: a workbook's cells become hundreds of thousands of new objects, none in a
    cycle, and its passes over them cost a file's import a tenth of its time. Resumed as it was after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
