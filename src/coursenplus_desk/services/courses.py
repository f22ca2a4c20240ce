"""Courses, groups and enrollments (enrollments and groups taught are dated interactions)."""

from __future__ import annotations

from datetime import date

from coursenplus_desk.domain.clock import Clock
from coursenplus_desk.domain.courses import (
    Course,
    CourseKind,
    Enrollment,
    EnrollmentStatus,
    Group,
    check_period,
)
from coursenplus_desk.domain.errors import NotFoundError, RefusedError, ValidationError
from coursenplus_desk.domain.people import Role
from coursenplus_desk.domain.validation import choice, clean_text, require_date, require_name
from coursenplus_desk.i18n import N_
from coursenplus_desk.services.auditor import Auditor
from coursenplus_desk.store.courses import CoursesStore, GroupMember
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.people import PeopleStore


class CoursesService:
    def __init__(self, db: Database, clock: Clock, audit: Auditor) -> None:
        self.db = db
        self.clock = clock
        self.audit = audit
        self.store = CoursesStore(db)
        self.people = PeopleStore(db)

    def add_course(
        self,
        subject: str,
        kind: str | CourseKind = CourseKind.GROUP,
        level: str | None = None,
        description: str | None = None,
    ) -> int:
        checked_subject = require_name(subject, "subject")
        checked_kind = choice(str(kind), "kind", CourseKind)
        level = clean_text(level, "level", max_length=60)
        description = clean_text(description, "description")
        with self.db.transaction():
            course_id = self.store.insert_course(checked_subject, level, checked_kind, description)
            self.audit.record("course.create", course=course_id)
        return course_id

    def add_group(
        self,
        course_id: int,
        name: str,
        tutor_id: int | None = None,
        schedule: str | None = None,
        place: str | None = None,
        starts_on: date | str | None = None,
        ends_on: date | str | None = None,
    ) -> int:
        checked_name = require_name(name, "name")
        start = require_date(starts_on, "starts_on") if starts_on else None
        end = require_date(ends_on, "ends_on") if ends_on else None
        check_period(start, end)
        self.course(course_id)
        if tutor_id is not None and Role.TUTOR not in self.people.roles(tutor_id):
            raise RefusedError(N_("Person {id} is not a tutor."), id=tutor_id)
        with self.db.transaction():
            group_id = self.store.insert_group(
                course_id,
                checked_name,
                tutor_id,
                clean_text(schedule, "schedule", max_length=200),
                clean_text(place, "place", max_length=200),
                start,
                end,
            )
            self.audit.record("group.create", tutor_id, group=group_id)
        return group_id

    def enroll(
        self,
        student_id: int,
        group_id: int,
        starts_on: date | str,
        ends_on: date | str | None = None,
    ) -> int:
        start = require_date(starts_on, "starts_on")
        end = require_date(ends_on, "ends_on") if ends_on else None
        check_period(start, end)
        group = self.group(group_id)
        if Role.STUDENT not in self.people.roles(student_id):
            raise RefusedError(N_("Person {id} is not a student."), id=student_id)
        end = end or group.ends_on
        with self.db.transaction():
            enrollment_id = self.store.insert_enrollment(student_id, group_id, start, end)
            self.audit.record("enrollment.create", student_id, group=group_id)
        return enrollment_id

    def enroll_many(
        self, student_ids: list[int], group_id: int, starts_on: date | str
    ) -> list[int]:
        """Enroll several students in one group: every one, or none if one is refused."""
        if not student_ids:
            raise ValidationError("students", N_("Choose at least one student."))
        with self.db.transaction():
            return [self.enroll(student, group_id, starts_on) for student in student_ids]

    def unenroll(self, enrollment_id: int, on: date | str | None = None) -> None:
        enrollment = self.store.enrollment(enrollment_id)
        if enrollment is None:
            raise NotFoundError(N_("There is no enrollment with number {id}."), id=enrollment_id)
        day = require_date(on, "on") if on else self.clock.today()
        check_period(enrollment.starts_on, day, "on")
        with self.db.transaction():
            self.store.end_enrollment(enrollment_id, day, EnrollmentStatus.COMPLETED)
            self.audit.record("enrollment.end", enrollment.student_id, group=enrollment.group_id)

    def course(self, course_id: int) -> Course:
        course = self.store.course(course_id)
        if course is None:
            raise NotFoundError(N_("There is no course with number {id}."), id=course_id)
        return course

    def group(self, group_id: int) -> Group:
        group = self.store.group(group_id)
        if group is None:
            raise NotFoundError(N_("There is no group with number {id}."), id=group_id)
        return group

    def courses(self) -> list[Course]:
        return self.store.courses()

    def groups(self, course_id: int | None = None) -> list[Group]:
        return self.store.groups(course_id)

    def members(self, group_id: int) -> list[GroupMember]:
        return self.store.members(group_id)

    def enrollments(self, student_id: int) -> list[Enrollment]:
        return self.store.enrollments_of_student(student_id)
