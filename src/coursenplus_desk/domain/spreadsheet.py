"""Cells of the spreadsheets we read and write.

A CSV cell that starts with = + - @ (or a tab or carriage return) is run as a
formula by Excel and LibreOffice when the file is opened: every cell we write
goes through `safe_cell`, which puts a quote in front (OWASP's advice). Cells
that already start with a quote get one more, so `unguard_cell` can undo it
exactly when such a file comes back in.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time

# What openpyxl or the CSV reader hands over for one cell.
CellValue = str | int | float | bool | date | datetime | time | None

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"


def safe_cell(value: object) -> str:
    """The text of a value, made inert for spreadsheet programs."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if text.startswith((*FORMULA_STARTS, GUARD)):
        return GUARD + text
    return text


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A CSV file of safe cells: UTF-8 with a byte order mark (so Excel reads accents), commas."""
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow([safe_cell(header) for header in headers])
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return stream.getvalue().encode("utf-8-sig")


def unguard_cell(text: str) -> str:
    """Undo `safe_cell`: drop the quote it put in front, and only that one."""
    if text.startswith(GUARD) and text[1:].startswith((*FORMULA_STARTS, GUARD)):
        return text[1:]
    return text


def cell_text(value: CellValue) -> str | None:
    """A cell as text without surrounding spaces; None when empty.

    Whole numbers lose the '.0' a spreadsheet adds (postal codes, phone numbers).
    """
    if value is None:
        return None
    if type(value) is str:  # most cells, and every cell of a CSV file
        text = unguard_cell(value)
    elif isinstance(value, bool):
        text = "1" if value else "0"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, datetime):
        text = value.date().isoformat() if value.time() == time() else value.isoformat()
    elif isinstance(value, date | time):
        text = value.isoformat()
    else:
        text = unguard_cell(str(value))
    text = text.strip()
    return text or None
