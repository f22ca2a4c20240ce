"""Health information records, one per person, with the consent they rest on."""

from __future__ import annotations

from datetime import date, datetime

from coursenplus_desk.domain.health import HealthRecord
from coursenplus_desk.store.database import Database, iso, to_date, to_date_required
from coursenplus_desk.store.erasure import ErasureStore


class HealthStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, person_id: int) -> HealthRecord | None:
        row = self.db.one(
            "SELECT h.*, c.given_on AS consent_given_on,"
            " CASE WHEN c.given_by_id IS NOT NULL AND c.given_by_id <> h.person_id"
            "  THEN g.given_name || ' ' || g.family_name END AS consent_given_by"
            " FROM health_record h LEFT JOIN consent c ON c.id = h.consent_id"
            " LEFT JOIN person g ON g.id = c.given_by_id WHERE h.person_id = ?",
            (person_id,),
        )
        if row is None:
            return None
        return HealthRecord(
            id=int(row["id"]),
            person_id=int(row["person_id"]),
            details=row["details"],
            consent_id=row["consent_id"],
            recorded_on=to_date_required(row["recorded_on"]),
            consent_given_on=to_date(row["consent_given_on"]),
            consent_given_by=row["consent_given_by"],
        )

    def save(self, person_id: int, details: str, consent_id: int, on: date, now: datetime) -> int:
        existing = self.db.scalar("SELECT id FROM health_record WHERE person_id = ?", (person_id,))
        if existing is not None:
            self.db.execute(
                "UPDATE health_record SET details = ?, consent_id = ?, updated_at = ? WHERE id = ?",
                (details, consent_id, now.isoformat(), existing),
            )
            return int(existing)
        return self.db.execute(
            "INSERT INTO health_record (person_id, details, consent_id, recorded_on, updated_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (person_id, details, consent_id, iso(on), now.isoformat()),
        )

    def erase(self, person_id: int, now: datetime) -> int:
        """Erase the person's health information (listed as erased); how many records."""
        erasure = ErasureStore(self.db)
        ids = erasure.record_ids("health_record", "person_id", person_id)
        return erasure.erase_records("health_record", ids, now)
