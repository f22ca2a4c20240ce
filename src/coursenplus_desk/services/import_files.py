"""Reading the spreadsheets people bring: CSV in any usual encoding and delimiter, XLSX.

CSV files come from a French-language Excel (Windows-1252, `;`), from
LibreOffice or Google Sheets (UTF-8, `,`), with or without a byte order mark,
or as Excel's "Unicode text" (UTF-16, tab). The header row is the first of the
top rows that names known fields, so titles above the table are skipped.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.domain.import_mapping import find_header_row
from coursenplus_desk.domain.spreadsheet import CellValue, cell_text
from coursenplus_desk.i18n import N_
from coursenplus_desk.services.import_limits import (
    MAX_COLUMNS,
    bounded_rows,
    check_archive,
    check_file_size,
)

DELIMITERS = (";", ",", "\t", "|")
SAMPLE_CHARS = 64_000


class UnreadableFileError(UserError):
    """A file that is not a spreadsheet this program can read."""


@dataclass(frozen=True)
class Table:
    """A sheet: its headers and its data rows with their numbers as in the file."""

    headers: tuple[str, ...]
    rows: list[tuple[int, list[CellValue]]]
    header_row: int
    encoding: str = ""
    delimiter: str = ""


def read_table(path: Path) -> Table:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return table_from_rows(_xlsx_rows(path))
    if suffix == ".xls":
        raise UnreadableFileError(
            N_("Old Excel files (.xls) cannot be read: save it as .xlsx or CSV first.")
        )
    if suffix == ".zip":
        raise UnreadableFileError(
            N_("The file {file} is not an export archive of this program."), file=str(path)
        )
    check_file_size(path)
    text, encoding = decode(_read_bytes(path))
    text, delimiter = _excel_separator_line(text)
    delimiter = delimiter or detect_delimiter(text)
    table = table_from_rows(_csv_rows(text, delimiter, path))
    return Table(table.headers, table.rows, table.header_row, encoding, delimiter)


def _excel_separator_line(text: str) -> tuple[str, str | None]:
    """Excel may write the delimiter on a first line of its own: 'sep=;'.

    The line is blanked, not removed, so rows keep their numbers as in the file.
    """
    first, newline, rest = text.partition("\n")
    if first.rstrip("\r").startswith("sep=") and len(first.rstrip("\r")) == 5:
        return newline + rest, first[4]
    return text, None


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        raise UnreadableFileError(
            N_("The spreadsheet {file} cannot be read."), file=str(path)
        ) from None


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was in: a byte order mark, else UTF-8, else Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Five bytes have no character in Windows-1252; they become U+FFFD, never a crash.
        return data.decode("cp1252", errors="replace"), "windows-1252"


def detect_delimiter(text: str) -> str:
    """The delimiter that splits the first lines most regularly into the most cells."""
    sample = text[:SAMPLE_CHARS]
    if len(text) > SAMPLE_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    scores: dict[str, tuple[float, int]] = {}
    for delimiter in DELIMITERS:
        widths = [len(row) for row in _parse(sample, delimiter) if any(row)]
        if widths:
            width, regular = Counter(widths).most_common(1)[0]
            if width > 1:
                scores[delimiter] = (round(regular / len(widths), 2), width)
    return max(scores, key=scores.__getitem__) if scores else ","


def _parse(text: str, delimiter: str) -> list[list[str]]:
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        return []


def _csv_rows(text: str, delimiter: str, path: Path) -> list[list[CellValue]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return list(bounded_rows(path, reader))
    except csv.Error:
        raise UnreadableFileError(
            N_("The file {file} is not a readable CSV file."), file=str(path)
        ) from None


_XLSX_ERRORS = (OSError, zipfile.BadZipFile, KeyError, ValueError, TypeError, SyntaxError)


def _xlsx_rows(path: Path) -> list[list[CellValue]]:
    """The first sheet's rows, within the import limits (services/import_limits.py).

    openpyxl parses with defusedxml once it is installed (entities and external
    references refused); the archive's declared sizes are checked first; the
    sheet's claimed dimensions are ignored (a claim of A1:XFD1048576 would pad
    every row), and at most MAX_COLUMNS + 1 columns of a row are ever built.
    """
    from openpyxl import load_workbook  # loaded only when a workbook is read
    from openpyxl.utils.exceptions import InvalidFileException

    unreadable = UnreadableFileError(
        N_("The file {file} cannot be read as an Excel workbook."), file=str(path)
    )
    try:
        with path.open("rb") as stream:  # ours to close, even when openpyxl's loading fails
            with zipfile.ZipFile(stream) as archive:
                check_archive(path, archive)
            stream.seek(0)
            book = load_workbook(stream, read_only=True, data_only=True)
            try:
                sheet = book.worksheets[0]
                sheet.reset_dimensions()
                rows = sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS + 1, values_only=True)
                return list(bounded_rows(path, rows, trim=True))
            finally:
                book.close()
    except (*_XLSX_ERRORS, InvalidFileException):
        raise unreadable from None


def table_from_rows(rows: list[list[CellValue]]) -> Table:
    header_index = find_header_row(rows)
    header_cells = rows[header_index] if rows else []
    width = max((len(row) for row in rows), default=0)
    headers = _unique_headers(
        [cell_text(c) or "" for c in header_cells] + [""] * (width - len(header_cells))
    )
    data = [
        (number, row + [None] * (width - len(row)))
        for number, row in enumerate(rows[header_index + 1 :], start=header_index + 2)
    ]
    return Table(headers, data, header_index + 1)


def _unique_headers(texts: list[str]) -> tuple[str, ...]:
    """Empty headers get the column's number, a repeated header its rank: '#3', 'GSM (2)'."""
    seen: Counter[str] = Counter()
    headers: list[str] = []
    for index, text in enumerate(texts):
        name = text or f"#{index + 1}"
        seen[name] += 1
        headers.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return tuple(headers)
