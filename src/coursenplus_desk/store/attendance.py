"""Who is enrolled in a group over a period (for attendance sheets)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coursenplus_desk.store.database import Database, iso, to_date, to_date_required


@dataclass(frozen=True)
class EnrolledStudent:
    person_id: int
    full_name: str
    starts_on: date
    ends_on: date | None


class AttendanceStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def enrolled_between(self, group_id: int, first: date, last: date) -> list[EnrolledStudent]:
        """Active students with a non-cancelled enrollment overlapping [first, last], by name.

        Two enrollments of one student in the group make one row spanning both.
        """
        rows = self.db.query(
            "SELECT p.id, p.given_name || ' ' || p.family_name AS name,"
            " min(e.starts_on) AS starts_on,"
            " CASE WHEN count(*) = count(e.ends_on) THEN max(e.ends_on) END AS ends_on"
            " FROM enrollment e JOIN person p ON p.id = e.student_id"
            " WHERE e.group_id = ? AND e.status <> 'cancelled' AND p.status = 'active'"
            " AND e.starts_on <= ? AND (e.ends_on IS NULL OR e.ends_on >= ?)"
            " GROUP BY p.id ORDER BY p.sort_key, p.id",
            (group_id, iso(last), iso(first)),
        )
        return [
            EnrolledStudent(int(r["id"]), r["name"], to_date_required(r["starts_on"]),
                            to_date(r["ends_on"]))
            for r in rows
        ]  # fmt: skip
