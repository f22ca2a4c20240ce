"""Generated CSV files: any encoding, delimiter and bad cells.

The importer never crashes, reports every bad cell with its row and column
(and nothing else), and an import refused for bad rows changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.services.importing import ImportRefusedError
from coursenplus_desk.services.workspace import Workspace
from tests.import_support import audit_count, new_workspace, snapshot

HEADERS = (
    "Nom",
    "Prénom",
    "Date de naissance",
    "E-mail",
    "GSM",
    "Nom parent 1",
    "Prénom parent 1",
    "GSM parent 1",
)
LETTERS = "abcdefghijklmnopqrstuvwxyzéèêëàâçôöüïÉÈABCDEZ"
ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "utf-16")
DELIMITERS = (";", ",", "\t")


@dataclass(frozen=True)
class Cell:
    text: str
    bad: bool


def _name() -> st.SearchStrategy[str]:
    word = st.text(alphabet=LETTERS, min_size=1, max_size=12)
    return st.lists(word, min_size=1, max_size=2).map(lambda words: "-".join(words))


def _written(day: date, form: int) -> str:
    return (
        f"{day.day:02d}/{day.month:02d}/{day.year}",
        f"{day.day}-{day.month}-{day.year}",
        day.isoformat(),
        str((day - date(1899, 12, 30)).days),
    )[form]


good_date = st.builds(_written, st.dates(date(1950, 1, 1), date(2025, 12, 31)), st.integers(0, 3))
good_email = st.text(alphabet="abcdefghij", min_size=1, max_size=8).map(
    lambda local: f"{local}@example.be"
)
good_phone = st.integers(0, 9_999_999).map(lambda n: f"047{n // 1000000} {n % 1000000:06d}")

BAD: dict[str, st.SearchStrategy[str]] = {
    "name": st.sampled_from(["", "Zo\x01é", "x" * 101]),
    "date": st.sampled_from(["31/02/2015", "hier", "22/11/26", "01/01/2030", "2015-13-01"]),
    "email": st.sampled_from(["zoe@", "pas-d-arobase", "a@@b.be", "@example.be"]),
    "phone": st.sampled_from(["123", "abc", "0470", "+32 12"]),
}


def _cell(good: st.SearchStrategy[str], kind: str, optional: bool) -> st.SearchStrategy[Cell]:
    choices = [good.map(lambda t: Cell(t, False)), BAD[kind].map(lambda t: Cell(t, True))]
    if optional:
        choices.append(st.just(Cell("", False)))
    return st.one_of(*choices)


@st.composite
def rows(draw: st.DrawFn) -> list[Cell]:
    cells = [
        draw(_cell(_name(), "name", optional=False)),
        draw(_cell(_name(), "name", optional=False)),
        draw(_cell(good_date, "date", optional=True)),
        draw(_cell(good_email, "email", optional=True)),
        draw(_cell(good_phone, "phone", optional=True)),
    ]
    if draw(st.booleans()):  # a parent on the row: names and phone
        cells += [
            draw(_cell(_name(), "name", optional=False)),
            draw(_cell(_name(), "name", optional=False)),
            draw(_cell(good_phone, "phone", optional=True)),
        ]
    else:
        cells += [Cell("", False)] * 3
    return cells


def _csv(table: list[list[Cell]], delimiter: str) -> str:
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows([cell.text for cell in row] for row in table)
    return stream.getvalue()


def expected_problems(table: list[list[Cell]]) -> set[tuple[int, str]]:
    expected = set()
    for number, row in enumerate(table, start=2):
        if not any(cell.text for cell in row):
            continue  # an empty row is skipped, not refused
        if not any(cell.text for cell in row[5:]):
            row = row[:5]  # no parent on this row: its empty cells are not errors
        expected |= {(number, HEADERS[i]) for i, cell in enumerate(row) if cell.bad}
    return expected


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    with new_workspace(tmp_path_factory.mktemp("vault") / "vault") as opened:
        yield opened


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    table=st.lists(rows(), min_size=1, max_size=6),
    encoding=st.sampled_from(ENCODINGS),
    delimiter=st.sampled_from(DELIMITERS),
    then_import=st.booleans(),
)
def test_every_bad_cell_is_reported_and_a_refused_import_changes_nothing(
    workspace: Workspace,
    tmp_path_factory: pytest.TempPathFactory,
    table: list[list[Cell]],
    encoding: str,
    delimiter: str,
    then_import: bool,
) -> None:
    path = tmp_path_factory.mktemp("files") / "people.csv"
    path.write_bytes(_csv(table, delimiter).encode(encoding))
    source = workspace.importer.open(path)
    assert source.table.delimiter == delimiter
    plan = workspace.importer.plan(source)
    reported = {(p.row, p.column) for row in plan.rows for p in row.errors}
    assert reported == expected_problems(table)
    if plan.rejected:
        before, events = snapshot(workspace), audit_count(workspace)
        with pytest.raises(ImportRefusedError):
            workspace.importer.commit(source, plan)
        assert snapshot(workspace) == before
        assert audit_count(workspace) == events
    if then_import:  # the valid rows only; the vault then holds people later files match
        people = workspace.db.scalar("SELECT count(*) FROM person")
        report = workspace.importer.commit(source, plan, skip_invalid=True)
        assert report.rejected_rows == len(plan.rejected)
        assert workspace.db.scalar("SELECT count(*) FROM person") == people + report.created


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".txt", ".xlsx", ".zip"]))
def test_any_bytes_never_crash_the_importer(
    workspace: Workspace, tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str
) -> None:
    path = tmp_path_factory.mktemp("junk") / f"junk{suffix}"
    path.write_bytes(data)
    try:  # refusing the file, or a mapping without names, is fine; anything else is a bug
        plan = workspace.importer.plan(workspace.importer.open(path))
    except UserError:
        return
    for row in plan.rows:
        for problem in row.errors:
            assert problem.row == row.row
            assert problem.message()
