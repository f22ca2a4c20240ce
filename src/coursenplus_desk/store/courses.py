"""Courses, groups and enrollments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coursenplus_desk.domain.courses import Course, CourseKind, Enrollment, EnrollmentStatus, Group
from coursenplus_desk.store.database import Database, Row, iso, to_date, to_date_required


@dataclass(frozen=True)
class GroupMember:
    enrollment: Enrollment
    full_name: str


class CoursesStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def insert_course(
        self, subject: str, level: str | None, kind: CourseKind, description: str | None
    ) -> int:
        return self.db.execute(
            "INSERT INTO course (subject, level, kind, description) VALUES (?, ?, ?, ?)",
            (subject, level, kind.value, description),
        )

    def course(self, course_id: int) -> Course | None:
        row = self.db.one("SELECT * FROM course WHERE id = ?", (course_id,))
        return _course(row) if row else None

    def courses(self) -> list[Course]:
        return [_course(row) for row in self.db.query("SELECT * FROM course ORDER BY subject, id")]

    def insert_group(
        self,
        course_id: int,
        name: str,
        tutor_id: int | None,
        schedule: str | None,
        place: str | None,
        starts_on: date | None,
        ends_on: date | None,
    ) -> int:
        return self.db.execute(
            "INSERT INTO course_group (course_id, name, tutor_id, schedule, place, starts_on,"
            " ends_on) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (course_id, name, tutor_id, schedule, place, iso(starts_on), iso(ends_on)),
        )

    def group(self, group_id: int) -> Group | None:
        row = self.db.one("SELECT * FROM course_group WHERE id = ?", (group_id,))
        return _group(row) if row else None

    def groups(self, course_id: int | None = None) -> list[Group]:
        if course_id is None:
            rows = self.db.query("SELECT * FROM course_group ORDER BY starts_on DESC, name")
        else:
            rows = self.db.query(
                "SELECT * FROM course_group WHERE course_id = ? ORDER BY starts_on DESC, name",
                (course_id,),
            )
        return [_group(row) for row in rows]

    def groups_of_tutor(self, tutor_id: int) -> list[Group]:
        rows = self.db.query(
            "SELECT * FROM course_group WHERE tutor_id = ? ORDER BY starts_on", (tutor_id,)
        )
        return [_group(row) for row in rows]

    def insert_enrollment(
        self, student_id: int, group_id: int, starts_on: date, ends_on: date | None
    ) -> int:
        return self.db.execute(
            "INSERT INTO enrollment (student_id, group_id, starts_on, ends_on, status)"
            " VALUES (?, ?, ?, ?, 'active')",
            (student_id, group_id, iso(starts_on), iso(ends_on)),
        )

    def enrollment(self, enrollment_id: int) -> Enrollment | None:
        row = self.db.one("SELECT * FROM enrollment WHERE id = ?", (enrollment_id,))
        return _enrollment(row) if row else None

    def end_enrollment(self, enrollment_id: int, on: date, status: EnrollmentStatus) -> None:
        self.db.execute(
            "UPDATE enrollment SET ends_on = ?, status = ? WHERE id = ?",
            (iso(on), status.value, enrollment_id),
        )

    def enrollments_of_student(self, student_id: int) -> list[Enrollment]:
        rows = self.db.query(
            "SELECT * FROM enrollment WHERE student_id = ? ORDER BY starts_on", (student_id,)
        )
        return [_enrollment(row) for row in rows]

    def members(self, group_id: int) -> list[GroupMember]:
        rows = self.db.query(
            "SELECT e.*, p.given_name || ' ' || p.family_name AS full_name"
            " FROM enrollment e JOIN person p ON p.id = e.student_id"
            " WHERE e.group_id = ? AND p.status = 'active' ORDER BY p.sort_key",
            (group_id,),
        )
        return [GroupMember(_enrollment(row), row["full_name"]) for row in rows]


def _course(row: Row) -> Course:
    return Course(
        int(row["id"]), row["subject"], row["level"], CourseKind(row["kind"]), row["description"]
    )


def _group(row: Row) -> Group:
    return Group(
        id=int(row["id"]),
        course_id=int(row["course_id"]),
        name=row["name"],
        tutor_id=row["tutor_id"],
        schedule=row["schedule"],
        place=row["place"],
        starts_on=to_date(row["starts_on"]),
        ends_on=to_date(row["ends_on"]),
    )


def _enrollment(row: Row) -> Enrollment:
    return Enrollment(
        id=int(row["id"]),
        student_id=int(row["student_id"]),
        group_id=int(row["group_id"]),
        starts_on=to_date_required(row["starts_on"]),
        ends_on=to_date(row["ends_on"]),
        status=EnrollmentStatus(row["status"]),
    )
