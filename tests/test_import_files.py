"""Reading CSV files in every usual encoding and delimiter, and XLSX workbooks."""

from __future__ import annotations

import codecs
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from coursenplus_desk.services.import_files import (
    UnreadableFileError,
    decode,
    detect_delimiter,
    read_table,
)

ROWS = [
    ["Nom", "Prénom", "Date de naissance", "GSM"],
    ["Dupont", "Zoë", "22/11/2015", "0470 12 34 56"],
    ["Lefèvre", "Chloé; dite « Clo »", "2016-01-02", ""],
]


def _csv(rows: list[list[str]], delimiter: str) -> str:
    def cell(text: str) -> str:
        return f'"{text}"' if delimiter in text or '"' in text else text

    return "\r\n".join(delimiter.join(cell(c) for c in row) for row in rows) + "\r\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_csv_in_any_encoding_and_delimiter(tmp_path: Path, encoding: str, delimiter: str) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(_csv(ROWS, delimiter).encode(encoding))
    table = read_table(path)
    assert table.delimiter == delimiter
    assert table.headers == tuple(ROWS[0])
    assert [row for _number, row in table.rows] == ROWS[1:]
    assert [number for number, _row in table.rows] == [2, 3]


def test_encodings_are_told_apart() -> None:
    text = "Prénom;Année\nZoë;3e\n"
    assert decode(text.encode("utf-8")) == (text, "utf-8")
    assert decode(codecs.BOM_UTF8 + text.encode("utf-8")) == (text, "utf-8-sig")
    assert decode(text.encode("cp1252")) == (text, "windows-1252")
    # Bytes Windows-1252 leaves undefined are replaced, never a crash.
    assert decode(b"a\x81b")[0] == "a\ufffdb"


def test_a_single_column_file() -> None:
    assert detect_delimiter("Nom\nDupont\nMartin\n") == ","


def test_a_semicolon_inside_quoted_cells_does_not_fool_the_detection() -> None:
    text = 'Nom,Remarques\nDupont,"a; b; c"\nMartin,"d; e"\n'
    assert detect_delimiter(text) == ","


def test_rows_keep_their_numbers_as_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        'Liste 2026;;\n;;\nNom;Prénom;Remarques\nDupont;Zoë;"deux\nlignes"\n;;\nMartin;Tom;\n',
        encoding="utf-8",
    )
    table = read_table(path)
    assert table.header_row == 3
    assert table.headers == ("Nom", "Prénom", "Remarques")
    numbered = [(number, row[0]) for number, row in table.rows if any(row)]
    assert numbered == [(4, "Dupont"), (6, "Martin")]


def test_xlsx_cells_keep_their_types(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Élèves"])
    sheet.append(["Nom", "Prénom", "Date de naissance", "GSM", "Nom"])
    sheet.append(["Dupont", "Zoë", datetime(2015, 11, 22), 470123456, "x"])
    path = tmp_path / "people.xlsx"
    book.save(path)
    table = read_table(path)
    assert table.header_row == 2
    assert table.headers == ("Nom", "Prénom", "Date de naissance", "GSM", "Nom (2)")
    assert table.rows == [(3, ["Dupont", "Zoë", datetime(2015, 11, 22), 470123456, "x"])]


def test_files_that_are_not_spreadsheets(tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"not a workbook")
    with pytest.raises(UnreadableFileError):
        read_table(fake)
    with pytest.raises(UnreadableFileError, match="xls"):
        read_table(tmp_path / "old.xls")
    with pytest.raises(UnreadableFileError):
        read_table(tmp_path / "missing.csv")


def test_excel_separator_line(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_text("sep=,\r\nNom,Prénom;x\r\nDupont,Zoë;y\r\n", encoding="utf-8")
    table = read_table(path)
    assert table.delimiter == ","
    assert table.headers == ("Nom", "Prénom;x")
    assert table.rows == [(3, ["Dupont", "Zoë;y"])]


def test_a_zip_that_is_not_an_export_archive(tmp_path: Path) -> None:
    path = tmp_path / "photos.zip"
    path.write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    with pytest.raises(UnreadableFileError, match=r"photos\.zip"):
        read_table(path)
