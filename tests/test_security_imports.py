"""Hostile import files are refused with a message, in bounded time and memory: XML external
entities and entity bombs, ZIP bombs, a sheet that claims a million rows and 16,384 columns,
a CSV line of 200,000 columns, an export archive that unpacks to gigabytes. The files are
made here; each is refused before the import reads it into anything large."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from coursenplus_desk.services.import_archive import read_archive
from coursenplus_desk.services.import_files import UnreadableFileError, read_table
from coursenplus_desk.services.import_limits import ImportTooLargeError
from tests.conftest import CliRunner

SHEET = "xl/worksheets/sheet1.xml"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
MAX_PEAK_BYTES = 64 * 2**20


def _workbook_with(
    path: Path, replace: dict[str, bytes | Callable[[zipfile.ZipFile], None]]
) -> Path:
    """A real workbook (made by openpyxl) with some members replaced by hostile ones."""
    book = Workbook()
    book.active.append(["Nom", "Prénom"])
    book.active.append(["Dupont", "Zoé"])
    plain = io.BytesIO()
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            if item.filename not in replace:
                out.writestr(item, source.read(item.filename))
        for name, content in replace.items():
            if callable(content):
                content(out)
            else:
                out.writestr(name, content)
    return path


def _sheet(body: str, head: str = "") -> bytes:
    return f'<?xml version="1.0"?>{head}<worksheet {NS}>{body}</worksheet>'.encode()


def _xxe(tmp: Path) -> Path:
    head = '<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    body = '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row></sheetData>'
    return _workbook_with(tmp / "xxe.xlsx", {SHEET: _sheet(body, head)})


def _entity_bomb(tmp: Path) -> Path:
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 10)
    )
    body = (
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&a9;</t></is></c></row></sheetData>'
    )
    return _workbook_with(
        tmp / "bomb.xlsx", {SHEET: _sheet(body, f"<!DOCTYPE worksheet [{entities}]>")}
    )


def _zip_bomb(tmp: Path) -> Path:
    def huge_sheet(out: zipfile.ZipFile) -> None:
        with out.open(zipfile.ZipInfo(SHEET), "w", force_zip64=True) as stream:
            stream.write(f'<?xml version="1.0"?><worksheet {NS}><sheetData>'.encode())
            blank = b" " * 2**20
            for _ in range(200):  # 200 MB of spaces: about 200 KB packed
                stream.write(blank)
            stream.write(b"</sheetData></worksheet>")

    return _workbook_with(tmp / "zipbomb.xlsx", {SHEET: huge_sheet})


def _dimension_bomb(tmp: Path) -> Path:
    """A few hundred bytes that claim A1:XFD1048576: padded, a million rows of 16,384 cells."""
    body = (
        '<dimension ref="A1:XFD1048576"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Nom</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    )
    return _workbook_with(tmp / "dimensions.xlsx", {SHEET: _sheet(body)})


def _wide_row(tmp: Path) -> Path:
    cells = "".join(f'<c r="{_column(n)}1"><v>{n}</v></c>' for n in range(1, 400))
    return _workbook_with(
        tmp / "wide.xlsx", {SHEET: _sheet(f'<sheetData><row r="1">{cells}</row></sheetData>')}
    )


def _column(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _wide_csv(tmp: Path) -> Path:
    path = tmp / "wide.csv"
    path.write_text("nom;prénom\n" + ";" * 200_000 + "x\n", encoding="utf-8")
    return path


def _long_cell_csv(tmp: Path) -> Path:
    path = tmp / "long.csv"
    path.write_text("nom;prénom\nDupont;" + "z" * 40_000 + "\n", encoding="utf-8")
    return path


HOSTILE = {
    "xml external entity": _xxe,
    "xml entity bomb": _entity_bomb,
    "zip bomb": _zip_bomb,
    "claimed dimensions": _dimension_bomb,
    "too many columns (xlsx)": _wide_row,
    "200,000 columns (csv)": _wide_csv,
    "a 40,000-character cell": _long_cell_csv,
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_a_hostile_spreadsheet_is_refused_with_bounded_memory(tmp_path: Path, kind: str) -> None:
    path = HOSTILE[kind](tmp_path)
    tracemalloc.start()
    try:
        with pytest.raises((UnreadableFileError, ImportTooLargeError)) as raised:
            read_table(path)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(path) in raised.value.message()
    assert peak < MAX_PEAK_BYTES, f"{kind}: {peak / 2**20:.0f} MB"


def test_an_export_archive_that_unpacks_to_gigabytes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", '{"format": "coursenplus-desk-export"}')
        with archive.open(zipfile.ZipInfo("people.csv"), "w", force_zip64=True) as stream:
            for _ in range(200):
                stream.write(b"a" * 2**20)
    with pytest.raises(ImportTooLargeError):
        read_archive(path)


def test_the_command_refuses_a_hostile_file_in_one_line(
    initialised_cli: CliRunner, tmp_path: Path
) -> None:
    for make in (_zip_bomb, _xxe, _wide_csv):
        result = initialised_cli("import", str(make(tmp_path)), "--dry-run")
        assert result.code == 1 and result.err.count("\n") == 1, result.err


def test_a_real_workbook_still_imports(tmp_path: Path) -> None:
    table = read_table(_workbook_with(tmp_path / "fine.xlsx", {}))
    assert table.headers == ("Nom", "Prénom")
    assert [row for _number, row in table.rows] == [["Dupont", "Zoé"]]
