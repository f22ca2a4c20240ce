"""SQL for processing activities and breaches."""

from __future__ import annotations

from datetime import datetime

from coursenplus_desk.domain.register import Activity, Breach, LegalBasis, stored_field
from coursenplus_desk.domain.retention import Category
from coursenplus_desk.store.database import Database, Row, iso, to_date

_ACTIVITY_COLUMNS = {
    "name": "name", "purpose": "purpose", "legal_basis": "legal_basis", "people": "people",
    "data": "data", "recipients": "recipients", "transfers": "transfers",
    "safeguards": "safeguards", "retention": "retention_category", "security": "security",
    "consent_purposes": "consent_purposes", "special_categories": "special_categories",
}  # fmt: skip


class RegisterStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    # Activities

    def activities(self) -> list[Activity]:
        rows = self.db.query("SELECT * FROM processing_activity ORDER BY position, id")
        return [_activity(row) for row in rows]

    def activity(self, activity_id: int) -> Activity | None:
        row = self.db.one("SELECT * FROM processing_activity WHERE id = ?", (activity_id,))
        return None if row is None else _activity(row)

    def add_activity(self, values: dict[str, object]) -> int:
        position = self.db.scalar("SELECT coalesce(max(position), 0) + 1 FROM processing_activity")
        columns = [_ACTIVITY_COLUMNS[key] for key in values]
        marks = ", ".join("?" for _ in columns)
        return self.db.execute(
            f"INSERT INTO processing_activity (position, {', '.join(columns)}) VALUES (?, {marks})",
            (position, *(stored_field(v) for v in values.values())),
        )

    def set_activity_field(self, activity_id: int, key: str, value: object) -> None:
        column = _ACTIVITY_COLUMNS[key]  # a known key: never text from outside
        self.db.execute(
            f"UPDATE processing_activity SET {column} = ? WHERE id = ?",
            (stored_field(value), activity_id),
        )

    def remove_activity(self, activity_id: int) -> None:
        self.db.execute("DELETE FROM processing_activity WHERE id = ?", (activity_id,))

    # Breaches

    def breaches(self) -> list[Breach]:
        rows = self.db.query("SELECT * FROM breach ORDER BY discovered_at, id")
        return [_breach(row) for row in rows]

    def breach(self, breach_id: int) -> Breach | None:
        row = self.db.one("SELECT * FROM breach WHERE id = ?", (breach_id,))
        return None if row is None else _breach(row)

    def add_breach(self, breach: Breach, recorded_at: datetime) -> int:
        return self.db.execute(
            "INSERT INTO breach (discovered_at, nature, data_concerned, people_concerned,"
            " consequences, measures, notified_on, not_notified_reason, people_told_on,"
            " not_told_reason, notified_at, delay_reason, recorded_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                breach.discovered_at.isoformat(), breach.nature, breach.data_concerned,
                breach.people_concerned, breach.consequences, breach.measures,
                iso(breach.notified_on), breach.not_notified_reason, iso(breach.people_told_on),
                breach.not_told_reason, _moment(breach.notified_at), breach.delay_reason,
                recorded_at.isoformat(),
            ),
        )  # fmt: skip

    def update_breach(self, breach: Breach) -> None:
        self.db.execute(
            "UPDATE breach SET discovered_at = ?, nature = ?, data_concerned = ?,"
            " people_concerned = ?, consequences = ?, measures = ?, notified_on = ?,"
            " not_notified_reason = ?, people_told_on = ?, not_told_reason = ?, notified_at = ?,"
            " delay_reason = ? WHERE id = ?",
            (
                breach.discovered_at.isoformat(), breach.nature, breach.data_concerned,
                breach.people_concerned, breach.consequences, breach.measures,
                iso(breach.notified_on), breach.not_notified_reason, iso(breach.people_told_on),
                breach.not_told_reason, _moment(breach.notified_at), breach.delay_reason,
                breach.id,
            ),
        )  # fmt: skip


def _activity(row: Row) -> Activity:
    return Activity(
        id=row["id"],
        position=row["position"],
        name=row["name"],
        purpose=row["purpose"],
        legal_basis=LegalBasis(row["legal_basis"]),
        people=row["people"],
        data=row["data"],
        recipients=row["recipients"],
        transfers=row["transfers"],
        safeguards=row["safeguards"],
        retention=Category(row["retention_category"]),
        security=row["security"],
        consent_purposes=tuple(key for key in row["consent_purposes"].split(",") if key),
        special_categories=row["special_categories"],
    )


def _breach(row: Row) -> Breach:
    return Breach(
        id=row["id"],
        discovered_at=datetime.fromisoformat(row["discovered_at"]),
        nature=row["nature"],
        data_concerned=row["data_concerned"],
        people_concerned=row["people_concerned"],
        consequences=row["consequences"],
        measures=row["measures"],
        notified_on=to_date(row["notified_on"]),
        not_notified_reason=row["not_notified_reason"],
        people_told_on=to_date(row["people_told_on"]),
        not_told_reason=row["not_told_reason"],
        notified_at=datetime.fromisoformat(row["notified_at"]) if row["notified_at"] else None,
        delay_reason=row["delay_reason"],
    )


def _moment(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
