"""Rosters given to tutors (disclosures) and tutors' processor agreements."""

from __future__ import annotations

from datetime import date, datetime

from coursenplus_desk.domain.disclosures import (
    Disclosure,
    ProcessorAgreement,
    Roster,
    RosterLine,
    TutorProcessor,
)
from coursenplus_desk.store.database import Database, Row, iso, to_date_required

_NAME = "p.given_name || ' ' || p.family_name"


class DisclosureStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    # Rosters

    def roster_lines(self, group_id: int, on: date) -> list[RosterLine]:
        """The group's students on that day (active, not cancelled), by name; the phone of
        their main parent or guardian (else any guardian with a phone)."""
        rows = self.db.query(
            f"SELECT DISTINCT p.id, {_NAME} AS name, s.school_year,"
            " (SELECT g.phone FROM guardianship gs JOIN person g ON g.id = gs.guardian_id"
            "  WHERE gs.student_id = p.id AND g.status = 'active' AND g.phone IS NOT NULL"
            "  ORDER BY gs.primary_contact DESC, g.sort_key LIMIT 1) AS guardian_phone,"
            " p.sort_key FROM enrollment e JOIN person p ON p.id = e.student_id"
            " LEFT JOIN student_profile s ON s.person_id = p.id"
            " WHERE e.group_id = ? AND e.status <> 'cancelled' AND p.status = 'active'"
            " AND e.starts_on <= ? AND (e.ends_on IS NULL OR e.ends_on >= ?)"
            " ORDER BY p.sort_key, p.id",
            (group_id, iso(on), iso(on)),
        )
        return [
            RosterLine(int(r["id"]), r["name"], r["school_year"] or "", r["guardian_phone"] or "")
            for r in rows
        ]

    def add_roster(self, roster: Roster, sha256: str, now: datetime) -> int:
        disclosure_id = self.db.execute(
            "INSERT INTO disclosure (kind, group_id, group_name, recipient_id, recipient_name,"
            " given_on, guardian_phone, sha256, recorded_at)"
            " VALUES ('roster', ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                roster.group_id, roster.group_name, roster.tutor_id, roster.tutor_name,
                iso(roster.given_on), int(roster.with_guardian_phone), sha256, now.isoformat(),
            ),
        )  # fmt: skip
        self.db.execute_many(
            "INSERT OR IGNORE INTO disclosure_person (disclosure_id, person_id) VALUES (?, ?)",
            [(disclosure_id, line.person_id) for line in roster.lines],
        )
        return disclosure_id

    def of_person(self, person_id: int) -> list[Disclosure]:
        rows = self.db.query(
            "SELECT d.* FROM disclosure d JOIN disclosure_person dp ON dp.disclosure_id = d.id"
            " WHERE dp.person_id = ? ORDER BY d.given_on, d.id",
            (person_id,),
        )
        return [_disclosure(row) for row in rows]

    def of_group(self, group_id: int) -> list[Disclosure]:
        rows = self.db.query(
            "SELECT * FROM disclosure WHERE group_id = ? ORDER BY given_on, id", (group_id,)
        )
        return [_disclosure(row) for row in rows]

    # Processor agreements

    def add_agreement(self, person_id: int, signed_on: date, reference: str, now: datetime) -> int:
        return self.db.execute(
            "INSERT INTO processor_agreement (person_id, signed_on, reference, recorded_at)"
            " VALUES (?, ?, ?, ?)",
            (person_id, iso(signed_on), reference, now.isoformat()),
        )

    def agreement(self, person_id: int) -> ProcessorAgreement | None:
        row = self.db.one(
            "SELECT * FROM processor_agreement WHERE person_id = ?"
            " ORDER BY signed_on DESC, id DESC LIMIT 1",
            (person_id,),
        )
        return _agreement(row) if row else None

    def tutor_processors(self) -> list[TutorProcessor]:
        """Every active tutor, with the groups they give and their latest agreement."""
        rows = self.db.query(
            f"SELECT p.id, {_NAME} AS name,"
            " (SELECT group_concat(name, '\n') FROM (SELECT g.name FROM course_group g"
            "  WHERE g.tutor_id = p.id ORDER BY g.name)) AS groups"
            " FROM person p JOIN person_role r ON r.person_id = p.id AND r.role = 'tutor'"
            " WHERE p.status = 'active' ORDER BY p.sort_key, p.id"
        )
        return [
            TutorProcessor(
                int(r["id"]),
                r["name"],
                tuple((r["groups"] or "").split("\n")) if r["groups"] else (),
                self.agreement(int(r["id"])),
            )
            for r in rows
        ]


def _disclosure(row: Row) -> Disclosure:
    return Disclosure(
        id=int(row["id"]),
        kind=row["kind"],
        group_name=row["group_name"],
        recipient_name=row["recipient_name"],
        given_on=to_date_required(row["given_on"]),
        guardian_phone=bool(row["guardian_phone"]),
    )


def _agreement(row: Row) -> ProcessorAgreement:
    return ProcessorAgreement(
        id=int(row["id"]),
        person_id=int(row["person_id"]),
        signed_on=to_date_required(row["signed_on"]),
        reference=row["reference"],
    )
