"""Importing this program's own export archive (`export all`) into another vault.

`people.csv` goes through the ordinary spreadsheet import (its `id` column is
each person's reference, so duplicates are merged the same way); then the
archive's family links, courses, groups and enrollments are re-created between
the people as they are numbered in this vault, with the contacts and payments
and their dates (what the retention clock runs from). Courses, groups,
enrollments, contacts and payments already present are recognised, so importing
an archive twice adds nothing. Memberships and consents stay in the archive
(not imported: a consent must be given to this vault's association again).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from coursenplus_desk.domain.courses import EnrollmentStatus
from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.domain.spreadsheet import CellValue, unguard_cell
from coursenplus_desk.domain.validation import choice, parse_iso_date
from coursenplus_desk.i18n import N_
from coursenplus_desk.services.courses import CoursesService
from coursenplus_desk.services.import_files import Table, decode, table_from_rows
from coursenplus_desk.services.import_limits import bounded_rows, check_archive, check_file_size
from coursenplus_desk.services.people import PeopleService
from coursenplus_desk.services.records import RecordsService
from coursenplus_desk.store.transfer import ARCHIVE_FORMAT, MANIFEST, TransferStore

# The tables re-created from an archive, with the columns they need.
IMPORTED_COLUMNS = {
    "guardianships": ("guardian_id", "student_id", "relationship", "primary_contact"),
    "courses": ("id", "subject", "level", "kind", "description"),
    "groups": ("id", "course_id", "name", "tutor_id", "schedule", "place", "starts_on", "ends_on"),
    "enrollments": ("student_id", "group_id", "starts_on", "ends_on", "status"),
    "contacts": ("person_id", "occurred_on", "channel", "summary"),
    "payments": ("payer_id", "amount_cents", "paid_on", "reference", "purpose", "method"),
}
IMPORTED_TABLES = tuple(IMPORTED_COLUMNS)
# Columns of people.csv computed from other records: the records themselves are imported.
DERIVED = frozenset({"last_contact_on"})

Row = dict[str, str]


class DamagedArchiveError(UserError):
    """An export archive that lacks a file or cannot be read."""


@dataclass(frozen=True)
class ArchiveData:
    people: Table
    tables: dict[str, list[Row]]

    @property
    def size(self) -> int:
        return sum(len(self.tables[name]) for name in IMPORTED_TABLES)


@dataclass(frozen=True)
class ArchiveCounts:
    links: int = 0
    enrollments: int = 0
    contacts: int = 0
    payments: int = 0


def read_archive(path: Path) -> ArchiveData | None:
    """The archive's tables when `path` is an export archive of this program, else None."""
    if path.suffix.lower() != ".zip" or not zipfile.is_zipfile(path):
        return None
    check_file_size(path)
    try:
        with zipfile.ZipFile(path) as archive:
            check_archive(path, archive)
            if MANIFEST not in archive.namelist() or not _is_export(archive.read(MANIFEST)):
                return None
            people = table_from_rows(_without(_csv(archive.read("people.csv"), path), DERIVED))
            tables = {
                name: _records(archive.read(f"{name}.csv"), name, path) for name in IMPORTED_TABLES
            }
    except (KeyError, OSError, zipfile.BadZipFile, csv.Error):
        raise DamagedArchiveError(
            N_("The export archive {file} is incomplete or damaged."), file=str(path)
        ) from None
    return ArchiveData(people, tables)


def _without(rows: list[list[CellValue]], names: frozenset[str]) -> list[list[CellValue]]:
    """The rows without the columns of these headers."""
    if not rows:
        return rows
    kept = [i for i, cell in enumerate(rows[0]) if unguard_cell(str(cell)) not in names]
    return [[row[i] for i in kept if i < len(row)] for row in rows]


def _is_export(manifest: bytes) -> bool:
    try:
        document = json.loads(manifest)
    except ValueError:
        return False
    return isinstance(document, dict) and document.get("format") == ARCHIVE_FORMAT


def _csv(data: bytes, path: Path) -> list[list[CellValue]]:
    text, _encoding = decode(data)
    return list(bounded_rows(path, csv.reader(io.StringIO(text, newline=""))))


def _records(data: bytes, table: str, path: Path) -> list[Row]:
    """The rows of one CSV file of the archive; a missing column raises KeyError."""
    rows = _csv(data, path)
    headers = [unguard_cell(str(cell)) for cell in rows[0]] if rows else []
    missing = set(IMPORTED_COLUMNS[table]) - set(headers)
    if missing:
        raise KeyError(sorted(missing)[0])
    return [
        {name: unguard_cell(str(cell)) for name, cell in zip(headers, row, strict=False)}
        | dict.fromkeys(headers[len(row) :], "")
        for row in rows[1:]
        if any(row)
    ]


def apply_archive(
    archive: ArchiveData,
    people_ids: dict[str, int],
    people: PeopleService,
    courses: CoursesService,
    records: RecordsService,
    tick: Callable[[], None],
) -> ArchiveCounts:
    """Re-create links, courses, groups, enrollments, contacts and payments (in the caller's
    transaction)."""
    store = TransferStore(courses.db)
    links = 0
    for row in archive.tables["guardianships"]:
        guardian, student = people_ids.get(row["guardian_id"]), people_ids.get(row["student_id"])
        if guardian and student and guardian not in people.store.guardian_ids(student):
            people.link_guardian(guardian, student, row["relationship"] or None, _yes(row))
            links += 1
        tick()
    course_ids: dict[str, int] = {}
    for row in archive.tables["courses"]:
        course_ids[row["id"]] = _course(row, courses, store)
        tick()
    group_ids: dict[str, int] = {}
    for row in archive.tables["groups"]:
        course = course_ids.get(row["course_id"])
        if course is not None:
            group_ids[row["id"]] = _group(row, course, people_ids, courses, store)
        tick()
    enrollments = 0
    for row in archive.tables["enrollments"]:
        student, group = people_ids.get(row["student_id"]), group_ids.get(row["group_id"])
        if student and group:
            enrollments += _enroll(row, student, group, courses, store)
        tick()
    contacts = sum(_contact(row, people_ids, records, store) for row in _ticked(archive, tick))
    payments = sum(
        _payment(row, people_ids, records, store) for row in _ticked(archive, tick, "payments")
    )
    return ArchiveCounts(links, enrollments, contacts, payments)


def _ticked(
    archive: ArchiveData, tick: Callable[[], None], table: str = "contacts"
) -> Iterator[Row]:
    for row in archive.tables[table]:
        yield row
        tick()


def _contact(row: Row, people_ids: dict[str, int], records: RecordsService,
             store: TransferStore) -> int:  # fmt: skip
    """1 when a contact is added, 0 when it was already there (or names nobody imported)."""
    person = people_ids.get(row["person_id"])
    day = parse_iso_date(row["occurred_on"], "occurred_on")
    if person is None or day is None or store.has_contact(person, day, row["channel"]):
        return 0
    records.add_contact(person, day, row["channel"], row["summary"] or None)
    return 1


def _payment(row: Row, people_ids: dict[str, int], records: RecordsService,
             store: TransferStore) -> int:  # fmt: skip
    """1 when a payment is added, 0 when it was already there (or names nobody imported)."""
    payer = people_ids.get(row["payer_id"])
    day = parse_iso_date(row["paid_on"], "paid_on")
    cents = int(row["amount_cents"] or 0)
    if payer is None or day is None or store.has_payment(payer, day, cents, row["reference"]):
        return 0
    records.add_payment(payer, cents, day, row["reference"] or None, row["purpose"] or None,
                        row["method"] or None)  # fmt: skip
    return 1


def _yes(row: Row) -> bool:
    return row.get("primary_contact", "0") not in ("", "0")


def _course(row: Row, courses: CoursesService, store: TransferStore) -> int:
    level = row["level"] or None
    found = store.find_course(row["subject"], level, row["kind"])
    if found is not None:
        return found
    return courses.add_course(row["subject"], row["kind"], level, row["description"] or None)


def _group(
    row: Row,
    course: int,
    people_ids: dict[str, int],
    courses: CoursesService,
    store: TransferStore,
) -> int:
    starts_on = parse_iso_date(row["starts_on"], "starts_on")
    found = store.find_group(course, row["name"], starts_on)
    if found is not None:
        return found
    return courses.add_group(
        course,
        row["name"],
        people_ids.get(row["tutor_id"]),
        row["schedule"] or None,
        row["place"] or None,
        starts_on,
        parse_iso_date(row["ends_on"], "ends_on"),
    )


def _enroll(
    row: Row, student: int, group: int, courses: CoursesService, store: TransferStore
) -> int:
    """1 when an enrollment is added, 0 when it was already there."""
    starts_on = parse_iso_date(row["starts_on"], "starts_on")
    if starts_on is None or store.find_enrollment(student, group, starts_on) is not None:
        return 0
    ends_on = parse_iso_date(row["ends_on"], "ends_on")
    enrollment = courses.enroll(student, group, starts_on, ends_on)
    status = choice(row["status"] or EnrollmentStatus.ACTIVE.value, "status", EnrollmentStatus)
    store.set_enrollment_state(enrollment, ends_on, status)
    return 1
