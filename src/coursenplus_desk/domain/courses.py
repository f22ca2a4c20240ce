"""Courses, groups (a course given by a tutor at a time and place) and enrollments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from coursenplus_desk.domain.errors import ValidationError
from coursenplus_desk.i18n import N_


class CourseKind(StrEnum):
    PRIVATE = "private"
    GROUP = "group"
    HOLIDAY = "holiday"


COURSE_KIND_LABELS: dict[CourseKind, str] = {
    CourseKind.PRIVATE: N_("private lesson"),
    CourseKind.GROUP: N_("group course"),
    CourseKind.HOLIDAY: N_("holiday course"),
}


class EnrollmentStatus(StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Course:
    id: int
    subject: str
    level: str | None
    kind: CourseKind
    description: str | None = None


@dataclass(frozen=True)
class Group:
    id: int
    course_id: int
    name: str
    tutor_id: int | None
    schedule: str | None
    place: str | None
    starts_on: date | None
    ends_on: date | None


@dataclass(frozen=True)
class Enrollment:
    id: int
    student_id: int
    group_id: int
    starts_on: date
    ends_on: date | None
    status: EnrollmentStatus


def effective_status(
    status: EnrollmentStatus | str | None, ends_on: date | None, today: date
) -> EnrollmentStatus | None:
    """An enrollment still marked active whose last day has passed has ended."""
    if status is None:
        return None
    current = EnrollmentStatus(status)
    if current is EnrollmentStatus.ACTIVE and ends_on is not None and ends_on < today:
        return EnrollmentStatus.COMPLETED
    return current


def check_period(starts_on: date | None, ends_on: date | None, field: str = "ends_on") -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError(field, N_("The end date comes before the start date."))
