"""Bounds on what an import file may make the program do: checked before and while parsing.

A spreadsheet a person brings may be hostile: a ZIP bomb (a few MB that unpack
to gigabytes), an XML entity bomb or external entity (refused by defusedxml,
which openpyxl uses once installed), a sheet that claims a million rows or a
cell at column 16384, a CSV line of 200,000 columns. Every one is refused with
a message, in bounded time and memory, long before it reaches the import.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.i18n import N_

MAX_FILE_BYTES = 64 * 1024 * 1024  # a CSV, or an archive as stored
MAX_MEMBER_BYTES = 64 * 1024 * 1024  # one file inside a workbook or an archive, unpacked
MAX_UNPACKED_BYTES = 128 * 1024 * 1024  # all of them together
MAX_RATIO = 100  # unpacked / packed, for members over 1 MiB (real sheets: about 10)
MAX_MEMBERS = 1000
MAX_ROWS = 200_000  # twenty times the largest import the program is measured with
MAX_COLUMNS = 256
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell

Cell = TypeVar("Cell")


class ImportTooLargeError(UserError):
    """A file beyond what an import may read; nothing was read into the vault."""


def too_large(path: Path, reason: str, **params: object) -> ImportTooLargeError:
    from coursenplus_desk.i18n import _

    return ImportTooLargeError(
        N_("The file {file} cannot be imported: {reason}"),
        file=str(path),
        reason=_(reason).format(**params),
    )


def check_file_size(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError:
        return  # reading it will say that it cannot be read
    if size > MAX_FILE_BYTES:
        raise too_large(path, N_("it is larger than {size} MB."), size=MAX_FILE_BYTES // 2**20)


def check_archive(path: Path, archive: zipfile.ZipFile) -> None:
    """The members' declared sizes (zipfile never unpacks more than a member declares)."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise too_large(path, N_("it holds more than {count} files."), count=MAX_MEMBERS)
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > MAX_MEMBER_BYTES or total > MAX_UNPACKED_BYTES:
            raise too_large(
                path,
                N_("it would take more than {size} MB once unpacked."),
                size=MAX_UNPACKED_BYTES // 2**20,
            )
        packed = max(member.compress_size, 1)
        if member.file_size > 2**20 and member.file_size / packed > MAX_RATIO:
            raise too_large(path, N_("it is compressed far more than a real spreadsheet."))


def bounded_rows(
    path: Path, rows: Iterable[Sequence[Cell]], *, trim: bool = False
) -> Iterator[list[Cell]]:
    """The rows (`trim`: without their trailing empty cells); refused past the limits."""
    for count, row in enumerate(rows, start=1):
        if count > MAX_ROWS:
            raise too_large(path, N_("it has more than {count} rows."), count=MAX_ROWS)
        if trim and row.count(None) == len(row):
            yield []  # a row the sheet skipped (openpyxl fills the gap): nothing to look at
            continue
        cells = list(row)
        width = len(cells)
        while width and cells[width - 1] in (None, ""):
            width -= 1
        if trim:
            del cells[width:]
        if width > MAX_COLUMNS:
            raise too_large(path, N_("it has more than {count} columns."), count=MAX_COLUMNS)
        for cell in cells:
            if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
                raise too_large(
                    path,
                    N_("a cell holds more than {count} characters."),
                    count=MAX_CELL_CHARS,
                )
        yield cells
