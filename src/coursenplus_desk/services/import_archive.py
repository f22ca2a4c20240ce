"""Importing this program's own export archive (`export all`) into another vault.

`people.csv` goes through the ordinary spreadsheet import (its `id` column is
each person's reference, so duplicates are merged the same way); then the
archive's family links, courses, groups and enrollments are re-created between
the people as they are numbered in this vault. Courses, groups and enrollments
already present are recognised, so importing an archive twice adds nothing.
Contacts, payments, memberships and consents stay in the archive (not imported).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
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
from coursenplus_desk.store.transfer import ARCHIVE_FORMAT, MANIFEST, TransferStore

# The tables re-created from an archive, with the columns they need.
IMPORTED_COLUMNS = {
    "guardianships": ("guardian_id", "student_id", "relationship", "primary_contact"),
    "courses": ("id", "subject", "level", "kind", "description"),
    "groups": ("id", "course_id", "name", "tutor_id", "schedule", "place", "starts_on", "ends_on"),
    "enrollments": ("student_id", "group_id", "starts_on", "ends_on", "status"),
}
IMPORTED_TABLES = tuple(IMPORTED_COLUMNS)

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
            people = table_from_rows(_csv(archive.read("people.csv"), path))
            tables = {
                name: _records(archive.read(f"{name}.csv"), name, path) for name in IMPORTED_TABLES
            }
    except (KeyError, OSError, zipfile.BadZipFile, csv.Error):
        raise DamagedArchiveError(
            N_("The export archive {file} is incomplete or damaged."), file=str(path)
        ) from None
    return ArchiveData(people, tables)


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
    tick: Callable[[], None],
) -> ArchiveCounts:
    """Re-create links, courses, groups and enrollments; the caller holds the transaction."""
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
    return ArchiveCounts(links, enrollments)


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
