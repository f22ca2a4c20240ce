"""Whole-vault reads for the export, and the look-ups an import needs to avoid duplicates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from coursenplus_desk.domain.courses import EnrollmentStatus
from coursenplus_desk.domain.import_matching import StoredKey
from coursenplus_desk.domain.people import PersonFields, Role, last_contact
from coursenplus_desk.store.database import Database, iso, to_date
from coursenplus_desk.store.people import FIELDS_QUERY, fields_from_row


@dataclass(frozen=True)
class ExportTable:
    name: str
    columns: tuple[str, ...]
    rows: list[dict[str, object]]


# Each exported table and its query; {visible:x} is true when person x may be exported.
_EXPORT_QUERIES: tuple[tuple[str, str], ...] = (
    (
        "people",
        "SELECT p.id, p.uuid, p.given_name, p.family_name,"
        " (SELECT group_concat(role, ', ') FROM (SELECT role FROM person_role r"
        "  WHERE r.person_id = p.id ORDER BY role)) AS roles,"
        " p.status, p.email, p.phone, p.birth_date, p.street, p.postal_code, p.city, p.country,"
        " p.language, s.school, s.school_year, p.notes, p.created_on,"
        " p.last_interaction_on AS last_contact_on"
        " FROM person p LEFT JOIN student_profile s ON s.person_id = p.id"
        " WHERE {visible:p.id} ORDER BY p.id",
    ),
    (
        "guardianships",
        "SELECT guardian_id, student_id, relationship, primary_contact FROM guardianship"
        " WHERE {visible:guardian_id} AND {visible:student_id} ORDER BY student_id, guardian_id",
    ),
    ("courses", "SELECT id, uuid, subject, level, kind, description FROM course ORDER BY id"),
    (
        "groups",
        "SELECT id, uuid, course_id, name,"
        " CASE WHEN {visible:tutor_id} THEN tutor_id END AS tutor_id,"
        " schedule, place, starts_on, ends_on FROM course_group ORDER BY id",
    ),
    (
        "enrollments",
        "SELECT id, uuid, student_id, group_id, starts_on, ends_on, status FROM enrollment"
        " WHERE {visible:student_id} ORDER BY id",
    ),
    (
        "contacts",
        "SELECT id, uuid, person_id, occurred_on, channel, summary FROM contact_event"
        " WHERE {visible:person_id} ORDER BY id",
    ),
    (
        "payments",
        "SELECT id, uuid, payer_id, amount_cents, paid_on, reference, purpose, method,"
        " CASE WHEN {visible:for_person_id} THEN for_person_id END AS for_person_id FROM payment"
        " WHERE payer_id IS NULL OR {visible:payer_id} ORDER BY id",
    ),
    (
        "memberships",
        "SELECT id, uuid, person_id, starts_on, ends_on, fee_cents, paid_on, method, status"
        " FROM membership WHERE {visible:person_id} ORDER BY id",
    ),
    (
        "consents",
        "SELECT id, uuid, person_id, purpose, given_on, method, evidence, confirmed_on,"
        " withdrawn_on,"
        " CASE WHEN {visible:given_by_id} THEN given_by_id END AS given_by_id,"
        " notice_version FROM consent WHERE {visible:person_id} ORDER BY id",
    ),
    (
        "health",
        "SELECT id, person_id, details, consent_id, recorded_on FROM health_record"
        " WHERE {visible:person_id} ORDER BY id",
    ),
    (
        "processor_agreements",
        "SELECT id, person_id, signed_on, reference FROM processor_agreement"
        " WHERE {visible:person_id} ORDER BY id",
    ),
)


class _Visible:
    """Formats {visible:column} as a primary-key look-up of that person's status."""

    def __init__(self, include_restricted: bool) -> None:
        self.statuses = "'active', 'restricted', 'anonymised'" if include_restricted else "'active'"

    def __format__(self, column: str) -> str:
        return (
            f"EXISTS (SELECT 1 FROM person v WHERE v.id = {column}"
            f" AND v.status IN ({self.statuses}))"
        )


ARCHIVE_FORMAT = "coursenplus-desk-export"
ARCHIVE_VERSION = 1
MANIFEST = "export.json"
EXPORT_TABLE_NAMES = tuple(name for name, _sql in _EXPORT_QUERIES)


class TransferStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def export_tables(self, include_restricted: bool, today: date) -> list[ExportTable]:
        visible = _Visible(include_restricted)
        tables = [self._table(name, sql.format(visible=visible)) for name, sql in _EXPORT_QUERIES]
        for row in tables[0].rows:  # people: the stored interaction becomes the last contact
            stored, created = to_date(row["last_contact_on"]), to_date(row["created_on"])
            row["last_contact_on"] = iso(last_contact(stored, created, today)) if created else None
        return tables

    def _table(self, name: str, sql: str) -> ExportTable:
        columns, values = self.db.table(sql)
        rows = [dict(zip(columns, row, strict=True)) for row in values]
        return ExportTable(name, columns, rows)

    def matching_keys(self) -> list[StoredKey]:
        """Every person's id, status and matching values, in id order (one lean query).

        The roles are read from `retention_facts`, where the database keeps each person's
        sorted roles as they change: one join instead of a look-up per person."""
        rows = self.db.tuples(
            "SELECT p.id, p.status, p.given_name, p.family_name, p.email, p.phone,"
            " p.birth_date, f.roles FROM person p"
            " LEFT JOIN retention_facts f ON f.person_id = p.id ORDER BY p.id"
        )
        roles: dict[str | None, frozenset[Role]] = {}  # a few distinct role lists
        days: dict[str | None, date | None] = {None: None, "": None}  # shared by many people
        keys: list[StoredKey] = []
        for person_id, status, given, family, email, phone, birth, joined in rows:
            if joined not in roles:
                roles[joined] = frozenset(Role(v) for v in (joined or "").split(",") if v)
            if birth not in days:
                days[birth] = date.fromisoformat(birth)
            keys.append(
                (person_id, status, given, family, email, phone, days[birth], roles[joined])
            )
        return keys

    def person_fields(self, person_id: int) -> PersonFields | None:
        row = self.db.one(f"{FIELDS_QUERY} WHERE p.id = ?", (person_id,))
        return fields_from_row(row) if row else None

    def people_fields(self, person_ids: Sequence[int]) -> dict[int, PersonFields]:
        """`person_fields` of many people, by id (those that exist), a few queries."""
        found: dict[int, PersonFields] = {}
        for start in range(0, len(person_ids), 500):
            chunk = list(person_ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for row in self.db.query(f"{FIELDS_QUERY} WHERE p.id IN ({marks})", chunk):
                found[int(row["id"])] = fields_from_row(row)
        return found

    def guardianships(self) -> set[tuple[int, int]]:
        return set(self.db.tuples("SELECT guardian_id, student_id FROM guardianship"))

    def find_course(self, subject: str, level: str | None, kind: str) -> int | None:
        value = self.db.scalar(
            "SELECT id FROM course WHERE subject = ? AND level IS ? AND kind = ? ORDER BY id",
            (subject, level, kind),
        )
        return int(value) if value is not None else None

    def find_group(self, course_id: int, name: str, starts_on: date | None) -> int | None:
        value = self.db.scalar(
            "SELECT id FROM course_group WHERE course_id = ? AND name = ? AND starts_on IS ?"
            " ORDER BY id",
            (course_id, name, iso(starts_on)),
        )
        return int(value) if value is not None else None

    def find_enrollment(self, student_id: int, group_id: int, starts_on: date) -> int | None:
        value = self.db.scalar(
            "SELECT id FROM enrollment WHERE student_id = ? AND group_id = ? AND starts_on = ?"
            " ORDER BY id",
            (student_id, group_id, iso(starts_on)),
        )
        return int(value) if value is not None else None

    def has_contact(self, person_id: int, day: date, channel: str) -> bool:
        return (
            self.db.one(
                "SELECT 1 FROM contact_event WHERE person_id = ? AND occurred_on = ?"
                " AND channel = ?",
                (person_id, iso(day), channel),
            )
            is not None
        )

    def has_payment(self, payer_id: int, day: date, cents: int, reference: str) -> bool:
        return (
            self.db.one(
                "SELECT 1 FROM payment WHERE payer_id = ? AND paid_on = ? AND amount_cents = ?"
                " AND coalesce(reference, '') = ?",
                (payer_id, iso(day), cents, reference or ""),
            )
            is not None
        )

    def set_enrollment_state(
        self, enrollment_id: int, ends_on: date | None, status: EnrollmentStatus
    ) -> None:
        self.db.execute(
            "UPDATE enrollment SET ends_on = ?, status = ? WHERE id = ?",
            (iso(ends_on), status.value, enrollment_id),
        )
