"""Many records written at once with explicit ids: the demo generator's rows.

The rows go through the same tables, triggers and search index as any other
write (the search terms by `store.search`, the last interaction by
the triggers of store/last_contact.py); only the statements are fewer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from coursenplus_desk.domain.people import PersonFields
from coursenplus_desk.store import search
from coursenplus_desk.store.database import Database, iso
from coursenplus_desk.store.people import PeopleStore


@dataclass
class BulkRows:
    """People (with the ids they will get) and their history, gathered before writing."""

    people: list[tuple[int, PersonFields, date]] = field(default_factory=list)
    links: list[tuple[int, int, str | None, int]] = field(default_factory=list)
    contacts: list[tuple[int, str, str, str | None]] = field(default_factory=list)
    enrollments: list[tuple[int, int, str, str | None, str]] = field(default_factory=list)
    payments: list[tuple[int, int, str, str, str]] = field(default_factory=list)


def next_person_id(db: Database) -> int:
    """The id the next new person gets: above every id ever handed out (AUTOINCREMENT)."""
    used = db.scalar(
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'person'), 0),"
        " coalesce((SELECT max(id) FROM person), 0))"
    )
    return int(used) + 1


def write(db: Database, rows: BulkRows) -> None:
    """Write the rows, people first; call inside a transaction."""
    people = PeopleStore(db)
    db.execute_many(
        "INSERT INTO person (id, given_name, family_name, birth_date, email, phone, street,"
        " postal_code, city, country, language, created_on, updated_at, sort_key)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [
            (
                person_id, fields.given_name, fields.family_name, iso(fields.birth_date),
                fields.email, fields.phone, fields.street, fields.postal_code, fields.city,
                fields.country, fields.language, iso(created), f"{iso(created)}T09:00:00",
                people.sort_key_of(fields),
            )
            for person_id, fields, created in rows.people
        ],
    )  # fmt: skip
    written = [(person_id, fields) for person_id, fields, _created in rows.people]
    people.write_profiles_and_roles(written)
    search.index(db, written)
    _write_history(db, rows)


def _write_history(db: Database, rows: BulkRows) -> None:
    db.execute_many(
        "INSERT INTO guardianship (guardian_id, student_id, relationship, primary_contact)"
        " VALUES (?, ?, ?, ?)",
        rows.links,
    )
    db.execute_many(
        "INSERT INTO contact_event (person_id, occurred_on, channel, summary) VALUES (?, ?, ?, ?)",
        rows.contacts,
    )
    db.execute_many(
        "INSERT INTO enrollment (student_id, group_id, starts_on, ends_on, status)"
        " VALUES (?, ?, ?, ?, ?)",
        rows.enrollments,
    )
    db.execute_many(
        "INSERT INTO payment (payer_id, amount_cents, paid_on, method, purpose)"
        " VALUES (?, ?, ?, ?, ?)",
        rows.payments,
    )
