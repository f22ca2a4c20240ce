"""Erase, anonymise and restrict a person's records; list erased identifiers; purge the files.

Every function here runs inside the caller's transaction and returns counts
(never values). `purge_files` runs after the commit: SQLCipher zeroes freed
pages but keeps them in the file, and old page images stay in the WAL, until
the WAL is truncated and the database vacuumed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from coursenplus_desk.store import search
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.erasures import record_tombstones, uuids_of
from coursenplus_desk.store.people import PeopleStore

# A person's own records, by the column that names them; deleted with the person.
PERSON_RECORDS: tuple[tuple[str, str], ...] = (
    ("contact_event", "person_id"),
    ("enrollment", "student_id"),
    ("membership", "person_id"),
    ("consent", "person_id"),
    ("payment", "payer_id"),
)

# Records with no id of their own: counted, and gone with the person's row.
LINKS: tuple[tuple[str, str], ...] = (
    ("guardianship", "guardian_id = :id OR student_id = :id"),
    ("student_profile", "person_id = :id"),
    ("person_role", "person_id = :id"),
    ("legal_hold", "person_id = :id"),
)

# What a restricted person keeps: the name and address an invoice needs.
RESTRICTED_CLEARED = ("birth_date", "email", "phone", "language", "notes")
ANONYMISED_CLEARED = (*RESTRICTED_CLEARED, "street", "postal_code", "city", "country")

Counts = dict[str, int]


@dataclass
class Changes:
    """Records erased, and records (or fields) kept without identity, per table."""

    erased: Counts = field(default_factory=dict)
    anonymised: Counts = field(default_factory=dict)

    def add(self, other: Changes) -> Changes:
        for mine, theirs in ((self.erased, other.erased), (self.anonymised, other.anonymised)):
            for table, count in theirs.items():
                if count:
                    mine[table] = mine.get(table, 0) + count
        return self


class ErasureStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def erase_records(self, table: str, ids: Sequence[int], now: datetime) -> int:
        """Delete these rows of `table` and list their UUIDs in `erased_record`."""
        if not ids:
            return 0
        record_tombstones(self.db, table, uuids_of(self.db, table, ids), now)
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            self.db.execute(
                f"DELETE FROM {table} WHERE id IN ({','.join('?' * len(chunk))})", chunk
            )
        return len(ids)

    def record_ids(self, table: str, column: str, person_id: int) -> list[int]:
        return [
            int(v)
            for v in self.db.column(f"SELECT id FROM {table} WHERE {column} = ?", (person_id,))
        ]

    def delete_person(self, person_id: int, now: datetime) -> Changes:
        """The person and everything of theirs, search index included; counts per table."""
        counts: Counts = {}
        for table, column in PERSON_RECORDS:
            ids = self.record_ids(table, column, person_id)
            counts[table] = self.erase_records(table, ids, now)
        counts.update(self._delete_links(person_id, LINKS))
        self.unindex(person_id)
        counts["person"] = self.erase_records("person", [person_id], now)
        return Changes().add(Changes(counts))

    def restrict_person(
        self,
        person_id: int,
        keep: Mapping[str, Sequence[int]],
        now: datetime,
    ) -> Changes:
        """Keep the name, the address and the `keep` records; erase the rest; hide the person."""
        counts: Counts = {}
        for table, column in PERSON_RECORDS:
            kept = set(keep.get(table, ()))
            ids = [i for i in self.record_ids(table, column, person_id) if i not in kept]
            counts[table] = self.erase_records(table, ids, now)
        counts.update(self._delete_links(person_id, LINKS))
        cleared = self._clear(person_id, RESTRICTED_CLEARED, now, "restricted")
        PeopleStore(self.db).reindex([person_id])  # found by name only, for the legal need
        return Changes().add(Changes(counts, {"person_field": cleared}))

    def anonymise_person(self, person_id: int, now: datetime) -> Changes:
        """Remove identity; keep roles, enrollments and memberships for anonymous statistics."""
        counts: Counts = {}
        for table, column in (("contact_event", "person_id"), ("consent", "person_id")):
            counts[table] = self.erase_records(
                table, self.record_ids(table, column, person_id), now
            )
        payments = self.record_ids("payment", "payer_id", person_id)
        anonymised = {"payment": self.anonymise_payments(payments)}
        counts.update(
            self._delete_links(
                person_id,
                (
                    ("guardianship", "guardian_id = :id OR student_id = :id"),
                    ("legal_hold", "person_id = :id"),
                ),
            )
        )
        self.db.execute(
            "UPDATE student_profile SET school = NULL WHERE person_id = ?", (person_id,)
        )
        anonymised["person_field"] = self._clear(person_id, ANONYMISED_CLEARED, now, "anonymised")
        self.db.execute(
            "UPDATE person SET given_name = '', family_name = '', sort_key = '' WHERE id = ?",
            (person_id,),
        )
        self.unindex(person_id)
        return Changes().add(Changes(counts, anonymised))

    def anonymise_payments(self, ids: Sequence[int]) -> int:
        """Keep amount and date (accounting statistics), drop the payer and the free texts."""
        if not ids:
            return 0
        marks = ",".join("?" * len(ids))
        self.db.execute(
            "UPDATE payment SET payer_id = NULL, reference = NULL, purpose = NULL,"
            f" method = NULL WHERE id IN ({marks})",
            list(ids),
        )
        return len(ids)

    def unindex(self, person_id: int) -> None:
        search.unindex(self.db, [person_id])

    def optimize_search(self) -> None:
        search.optimize(self.db)

    def _delete_links(self, person_id: int, links: Sequence[tuple[str, str]]) -> Counts:
        counts: Counts = {}
        for table, where in links:
            counts[table] = self.db.changes(f"DELETE FROM {table} WHERE {where}", {"id": person_id})
        return counts

    def _clear(self, person_id: int, columns: Sequence[str], now: datetime, status: str) -> int:
        assignments = ", ".join(f"{column} = NULL" for column in columns)
        self.db.execute(
            f"UPDATE person SET {assignments}, status = ?, updated_at = ? WHERE id = ?",
            (status, now.isoformat(), person_id),
        )
        return len(columns)


def purge_files(db: Database) -> None:
    """Push erased values out of every file: truncate the WAL, rebuild, truncate again."""
    db.query("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("VACUUM")
    db.query("PRAGMA wal_checkpoint(TRUNCATE)")
