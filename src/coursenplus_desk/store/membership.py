"""Membership applications, confirmations, renewals and the members register."""

from __future__ import annotations

from datetime import date

from coursenplus_desk.domain.membership import Application, RegisterEntry, Renewal
from coursenplus_desk.domain.records import Membership
from coursenplus_desk.store.database import Database, Row, iso, to_date, to_date_required
from coursenplus_desk.store.records import _membership as membership_from_row

_NAME = "p.given_name || ' ' || p.family_name"


class MembershipStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def insert_application(
        self, person_id: int, applied_on: date, starts_on: date, ends_on: date, fee_cents: int
    ) -> int:
        return self.db.execute(
            "INSERT INTO membership (person_id, starts_on, ends_on, fee_cents, status, applied_on)"
            " VALUES (?, ?, ?, ?, 'applied', ?)",
            (person_id, iso(starts_on), iso(ends_on), fee_cents, iso(applied_on)),
        )

    def applications(self) -> list[Application]:
        """Applications waiting for confirmation, the oldest first."""
        rows = self.db.query(
            f"SELECT m.id, m.person_id, {_NAME} AS name, p.email, m.applied_on, m.starts_on,"
            " m.ends_on, m.fee_cents FROM membership m JOIN person p ON p.id = m.person_id"
            " WHERE m.status = 'applied' ORDER BY coalesce(m.applied_on, m.starts_on), m.id"
        )
        return [
            Application(
                int(r["id"]), int(r["person_id"]), r["name"], r["email"], to_date(r["applied_on"]),
                to_date_required(r["starts_on"]), to_date_required(r["ends_on"]),
                int(r["fee_cents"]),
            )
            for r in rows
        ]  # fmt: skip

    def membership(self, membership_id: int) -> Membership | None:
        row = self.db.one("SELECT * FROM membership WHERE id = ?", (membership_id,))
        return membership_from_row(row) if row else None

    def confirm(self, membership_id: int, on: date, paid_on: date, method: str | None) -> None:
        self.db.execute(
            "UPDATE membership SET status = 'confirmed', confirmed_on = ?, paid_on = ?,"
            " method = ? WHERE id = ?",
            (iso(on), iso(paid_on), method, membership_id),
        )

    def delete(self, membership_id: int) -> None:
        self.db.execute("DELETE FROM membership WHERE id = ?", (membership_id,))

    def lapse_ended(self, today: date) -> list[int]:
        """Confirmed memberships ended before today; the people concerned."""
        ids = [
            int(v)
            for v in self.db.column(
                "SELECT DISTINCT person_id FROM membership WHERE status = 'confirmed'"
                " AND ends_on < ?",
                (iso(today),),
            )
        ]
        self.db.execute(
            "UPDATE membership SET status = 'lapsed' WHERE status = 'confirmed' AND ends_on < ?",
            (iso(today),),
        )
        return ids

    def latest_ends(self, first: date, last: date) -> list[Renewal]:
        """People whose latest non-applied membership ends within [first, last]."""
        rows = self.db.query(
            f"SELECT m.person_id, {_NAME} AS name, p.email, m.ends_on, m.status"
            " FROM membership m JOIN person p ON p.id = m.person_id"
            " WHERE p.status = 'active' AND m.status <> 'applied' AND m.ends_on BETWEEN ? AND ?"
            " AND NOT EXISTS (SELECT 1 FROM membership later WHERE later.person_id = m.person_id"
            "  AND later.ends_on > m.ends_on)"
            " ORDER BY m.ends_on, p.sort_key",
            (iso(first), iso(last)),
        )
        return [
            Renewal(int(r["person_id"]), r["name"], r["email"], to_date_required(r["ends_on"]),
                    r["status"])
            for r in rows
        ]  # fmt: skip

    def other_records(self, person_id: int, membership_id: int) -> int:
        """How many other records hold this person (anything but this one application)."""
        return int(
            self.db.scalar(
                "SELECT (SELECT count(*) FROM membership WHERE person_id = :p AND id <> :m)"
                " + (SELECT count(*) FROM enrollment WHERE student_id = :p)"
                " + (SELECT count(*) FROM payment WHERE payer_id = :p)"
                " + (SELECT count(*) FROM consent WHERE person_id = :p OR given_by_id = :p)"
                " + (SELECT count(*) FROM contact_event WHERE person_id = :p)"
                " + (SELECT count(*) FROM guardianship WHERE guardian_id = :p OR student_id = :p)"
                " + (SELECT count(*) FROM course_group WHERE tutor_id = :p)"
                " + (SELECT count(*) FROM member_register WHERE person_id = :p)",
                {"p": person_id, "m": membership_id},
            )
        )

    # The members register

    def open_entry(self, person_id: int) -> int | None:
        value = self.db.scalar(
            "SELECT id FROM member_register WHERE person_id = ? AND left_on IS NULL", (person_id,)
        )
        return None if value is None else int(value)

    def admit(self, person_id: int, admitted_on: date, entered_on: date) -> int:
        return self.db.execute(
            "INSERT INTO member_register (person_id, admitted_on, admission_entered_on)"
            " VALUES (?, ?, ?)",
            (person_id, iso(admitted_on), iso(entered_on)),
        )

    def depart(self, entry_id: int, left_on: date, entered_on: date) -> None:
        self.db.execute(
            "UPDATE member_register SET left_on = ?, departure_entered_on = ? WHERE id = ?",
            (iso(left_on), iso(entered_on), entry_id),
        )

    def register(self) -> list[RegisterEntry]:
        rows = self.db.query(
            f"SELECT r.*, {_NAME} AS name, p.street, p.postal_code, p.city, p.country"
            " FROM member_register r JOIN person p ON p.id = r.person_id"
            " ORDER BY r.admitted_on, r.id"
        )
        return [_entry(r) for r in rows]

    def open_entries_without_current_membership(self, today: date) -> list[tuple[int, date]]:
        """Registered members whose last membership has ended: (entry id, end date)."""
        rows = self.db.query(
            "SELECT r.id, (SELECT max(ends_on) FROM membership m WHERE m.person_id = r.person_id"
            "  AND m.status <> 'applied') AS ended"
            " FROM member_register r WHERE r.left_on IS NULL",
        )
        return [
            (int(r["id"]), to_date_required(r["ended"]))
            for r in rows
            if r["ended"] is not None and to_date_required(r["ended"]) < today
        ]


def _entry(r: Row) -> RegisterEntry:
    address = ", ".join(
        part for part in (r["street"], " ".join(filter(None, (r["postal_code"], r["city"]))),
                          r["country"]) if part
    )  # fmt: skip
    return RegisterEntry(
        id=int(r["id"]),
        person_id=int(r["person_id"]),
        full_name=r["name"],
        address=address,
        admitted_on=to_date_required(r["admitted_on"]),
        admission_entered_on=to_date_required(r["admission_entered_on"]),
        left_on=to_date(r["left_on"]),
        departure_entered_on=to_date(r["departure_entered_on"]),
    )
