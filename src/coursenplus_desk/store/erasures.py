"""Re-applying erasures: the identifiers (never values) in `erased_record`, deleted again.

Only the tables below can be named: a table name read from a file is never
pasted into SQL. Names of tables this version does not know are reported.

People who are restricted or anonymised in the live vault are not erased, but
their cleared fields must not come back either: their live person row (the
truth, with the cleared fields empty) replaces the restored one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from coursenplus_desk.store.database import Database

# Deleting a person cascades to their roles, profile, family links, enrollments,
# contacts, memberships and consents (ON DELETE CASCADE in the schema).
_DELETE = {
    "person": "DELETE FROM person WHERE id = ?",
    "contact_event": "DELETE FROM contact_event WHERE id = ?",
    "enrollment": "DELETE FROM enrollment WHERE id = ?",
    "payment": "DELETE FROM payment WHERE id = ?",
    "membership": "DELETE FROM membership WHERE id = ?",
    "consent": "DELETE FROM consent WHERE id = ?",
    # Expired data-subject request files and their parts (old/new rectification values).
    "data_subject_request": "DELETE FROM data_subject_request WHERE id = ?",
    "request_change": "DELETE FROM request_change WHERE id = ?",
    "request_note": "DELETE FROM request_note WHERE id = ?",
    "request_document": "DELETE FROM request_document WHERE id = ?",
    "request_recipient": "DELETE FROM request_recipient WHERE id = ?",
    # Health information (Art. 9) and tutors' processor agreements.
    "health_record": "DELETE FROM health_record WHERE id = ?",
    "processor_agreement": "DELETE FROM processor_agreement WHERE id = ?",
}

REAPPLIED_TABLES = frozenset(_DELETE)


@dataclass(frozen=True)
class Erasure:
    table_name: str
    record_id: int
    erased_at: str


@dataclass(frozen=True)
class HiddenPerson:
    """A restricted or anonymised person's row as the live vault has it."""

    id: int
    values: dict[str, object]


@dataclass(frozen=True)
class LiveState:
    """What a restore takes from the live vault: its erasures and its hidden people."""

    erasures: list[Erasure] = field(default_factory=list)
    hidden: list[HiddenPerson] = field(default_factory=list)


@dataclass
class ReapplyResult:
    removed: int = 0
    hidden: int = 0
    unknown_tables: set[str] = field(default_factory=set)


def erasures(db: Database) -> list[Erasure]:
    return [
        Erasure(str(row["table_name"]), int(row["record_id"]), str(row["erased_at"]))
        for row in db.query("SELECT * FROM erased_record ORDER BY erased_at, table_name")
    ]


def live_state(db: Database) -> LiveState:
    hidden = [
        HiddenPerson(int(row["id"]), {key: row[key] for key in row.keys()})  # noqa: SIM118
        for row in db.query("SELECT * FROM person WHERE status <> 'active'")
    ]
    return LiveState(erasures(db), hidden)


def reapply_hidden(db: Database, people: Iterable[HiddenPerson], result: ReapplyResult) -> None:
    """Overwrite each hidden person's restored row with the live one; hide it from search."""
    columns = set(db.column("SELECT name FROM pragma_table_info('person')"))
    for person in people:
        values = {k: v for k, v in person.values.items() if k in columns and k != "id"}
        if not values:
            continue
        assignments = ", ".join(f'"{name}" = ?' for name in values)  # names from the schema
        changed = db.connection.execute(
            f"UPDATE person SET {assignments} WHERE id = ?", (*values.values(), person.id)
        ).rowcount
        if changed:
            db.execute("DELETE FROM person_search WHERE rowid = ?", (person.id,))
            result.hidden += 1


def reapply_erasures(db: Database, items: Iterable[Erasure]) -> ReapplyResult:
    """Delete every listed record still present and complete the list; call inside a transaction."""
    result = ReapplyResult()
    for item in items:
        db.execute(
            "INSERT OR IGNORE INTO erased_record (table_name, record_id, erased_at)"
            " VALUES (?, ?, ?)",
            (item.table_name, item.record_id, item.erased_at),
        )
        statement = _DELETE.get(item.table_name)
        if statement is None:
            result.unknown_tables.add(item.table_name)
            continue
        result.removed += int(db.connection.execute(statement, (item.record_id,)).rowcount or 0)
        if item.table_name == "person":
            db.execute("DELETE FROM person_search WHERE rowid = ?", (item.record_id,))
    return result


def compact(db: Database) -> None:
    """Leave no trace of deleted rows: merge the search index, checkpoint, rebuild the file."""
    db.execute("INSERT INTO person_search (person_search) VALUES ('optimize')")
    db.query("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("VACUUM")
    db.query("PRAGMA wal_checkpoint(TRUNCATE)")
