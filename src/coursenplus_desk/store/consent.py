"""Consent purposes, consents by purpose, objections and what a mailing needs of people."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from coursenplus_desk.domain.consent import DEFAULT_PURPOSE_LABELS, Contact, Purpose
from coursenplus_desk.domain.people import PersonStatus
from coursenplus_desk.domain.records import Consent
from coursenplus_desk.store.database import Database, iso, to_date
from coursenplus_desk.store.records import _consent as consent_from_row


class ConsentStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def purposes(self, include_retired: bool = False) -> list[Purpose]:
        rows = self.db.query("SELECT * FROM consent_purpose ORDER BY position, key")
        return [
            Purpose(r["key"], r["label"] or DEFAULT_PURPOSE_LABELS.get(r["key"], r["key"]),
                    bool(r["active"]))
            for r in rows
            if include_retired or r["active"]
        ]  # fmt: skip

    def purpose(self, key: str) -> Purpose | None:
        found = [p for p in self.purposes(include_retired=True) if p.key == key]
        return found[0] if found else None

    def insert_purpose(self, key: str, label: str) -> None:
        position = int(self.db.scalar("SELECT coalesce(max(position), 0) + 1 FROM consent_purpose"))
        self.db.execute(
            "INSERT INTO consent_purpose (key, label, position) VALUES (?, ?, ?)",
            (key, label, position),
        )

    def set_purpose_active(self, key: str, active: bool) -> None:
        self.db.execute("UPDATE consent_purpose SET active = ? WHERE key = ?", (int(active), key))

    def consent(self, consent_id: int) -> Consent | None:
        row = self.db.one("SELECT * FROM consent WHERE id = ?", (consent_id,))
        return consent_from_row(row) if row else None

    def for_purpose(self, purpose: str) -> list[Consent]:
        rows = self.db.query(
            "SELECT * FROM consent WHERE purpose = ? AND withdrawn_on IS NULL"
            " AND confirmed_on IS NOT NULL ORDER BY id",
            (purpose,),
        )
        return [consent_from_row(r) for r in rows]

    def unwithdrawn(self, person_id: int, purpose: str) -> list[Consent]:
        rows = self.db.query(
            "SELECT * FROM consent WHERE person_id = ? AND purpose = ? AND withdrawn_on IS NULL"
            " ORDER BY given_on, id",
            (person_id, purpose),
        )
        return [consent_from_row(r) for r in rows]

    def confirm(self, consent_id: int, on: date) -> None:
        self.db.execute(
            "UPDATE consent SET confirmed_on = ? WHERE id = ? AND confirmed_on IS NULL",
            (iso(on), consent_id),
        )

    def given_by_guardians(self, person_id: int) -> list[Consent]:
        rows = self.db.query(
            "SELECT * FROM consent WHERE person_id = ? AND withdrawn_on IS NULL"
            " AND given_by_id IS NOT NULL AND given_by_id <> person_id ORDER BY purpose",
            (person_id,),
        )
        return [consent_from_row(r) for r in rows]

    # Objections (GDPR art. 21), written by the data-subject-requests feature.

    def insert_objection(self, person_id: int, on: date, purpose: str | None) -> int:
        return self.db.execute(
            "INSERT INTO person_objection (person_id, objected_on, purpose) VALUES (?, ?, ?)",
            (person_id, iso(on), purpose),
        )

    def objecting_ids(self, purpose: str | None = None) -> set[int]:
        """People who object to every purpose, or (when given) to this purpose."""
        rows = self.db.column(
            "SELECT DISTINCT person_id FROM person_objection WHERE purpose IS NULL OR purpose = ?",
            (purpose,),
        )
        return {int(v) for v in rows}

    def contacts(self, ids: Iterable[int], purpose: str | None) -> dict[int, Contact]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        objecting = self.objecting_ids(purpose)
        marks = ",".join("?" * len(wanted))
        rows = self.db.query(
            "SELECT id, given_name, family_name, email, language, status, birth_date,"
            " (SELECT group_concat(guardian_id) FROM guardianship g WHERE g.student_id = p.id)"
            f" AS guardians FROM person p WHERE id IN ({marks})",
            wanted,
        )
        return {
            int(r["id"]): Contact(
                id=int(r["id"]),
                given_name=r["given_name"],
                family_name=r["family_name"],
                email=r["email"],
                language=r["language"],
                status=PersonStatus(r["status"]),
                birth_date=to_date(r["birth_date"]),
                objects=int(r["id"]) in objecting,
                guardian_ids=frozenset(int(g) for g in (r["guardians"] or "").split(",") if g),
            )
            for r in rows
        }

    def students_born_between(self, first: date, last: date) -> list[tuple[int, str, date]]:
        """Active students whose birth date lies in [first, last]: (id, full name, birth date)."""
        rows = self.db.query(
            "SELECT p.id, p.given_name || ' ' || p.family_name AS name, p.birth_date"
            " FROM person p JOIN person_role r ON r.person_id = p.id AND r.role = 'student'"
            " WHERE p.status = 'active' AND p.birth_date BETWEEN ? AND ?"
            " ORDER BY p.birth_date, p.sort_key",
            (iso(first), iso(last)),
        )
        return [(int(r["id"]), r["name"], date.fromisoformat(r["birth_date"])) for r in rows]
