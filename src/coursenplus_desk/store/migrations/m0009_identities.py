"""Schema 9: ids never handed out twice, a UUID per record, tombstones by UUID.

Before this version a row id could be handed out again once the row with the
largest id was deleted: a person added after an erasure took the erased
person's id, and a restore that re-applied the erasure list (keyed by table
and id) deleted the new person. Each record table is rebuilt with
`ID_COLUMNS` (AUTOINCREMENT ids and a `uuid`), ids kept.

Records that exist before this migration get a UUID derived from the vault's
id, the table and the row id (`legacy_uuid`), so the same record gets the same
UUID in the live vault and in any older backup migrated later; records created
afterwards get random ones. Old tombstones become tombstones of the UUID their
record had, marked `legacy`: because the old id may since have been given to
another record, a legacy tombstone removes a row of a restored copy only when
that copy's own erasure list does not already hold it (the copy predates the
erasure, so the row under that id is the erased record, not a newcomer).

Each table's id sequence starts above every id ever seen for it (rows,
tombstones, and for people the ids the audit trail and request files name),
so an id erased before this version is not handed out again either.
"""

from __future__ import annotations

import uuid

from coursenplus_desk.store.database import Database
from coursenplus_desk.store.migrations.identity import ID_COLUMNS

# Every table of records, in an order where a table comes after those it refers to.
RECORD_TABLES = (
    "person",
    "course",
    "course_group",
    "enrollment",
    "contact_event",
    "payment",
    "membership",
    "consent",
    "legal_hold",
    "data_subject_request",
    "request_document",
    "request_change",
    "request_note",
    "person_objection",
    "member_register",
    "processing_activity",
    "breach",
)

# The old primary key, as every v8 record table spells it.
_OLD_ID = "id INTEGER PRIMARY KEY,"

# Other places that name a person by id: their ids must never be handed out again.
_PERSON_ID_REFERENCES = (
    "SELECT max(person_id) FROM audit_event",
    "SELECT max(person_id) FROM data_subject_request",
    "SELECT max(requester_id) FROM data_subject_request",
)

_TOMBSTONES = """
CREATE TABLE erased_record_v9 (
    record_uuid TEXT PRIMARY KEY,
    table_name TEXT NOT NULL,
    erased_at TEXT NOT NULL,
    -- 1: converted from a tombstone that named its record by local id (before schema 9)
    legacy INTEGER NOT NULL DEFAULT 0 CHECK (legacy IN (0, 1))
) WITHOUT ROWID
"""

_LEGACY_NAMESPACE = uuid.UUID("6f0f4d54-5a53-4c5e-9a43-3a8c2f1f6b1e")


def legacy_uuid(vault_id: str, table: str, record_id: int) -> str:
    """The UUID of a record that existed before schema 9: the same in every copy of the vault."""
    return str(uuid.uuid5(_LEGACY_NAMESPACE, f"{vault_id}/{table}/{record_id}"))


def run(db: Database, vault_id: str) -> None:
    """Inside the migration's transaction, with foreign keys off (tables are rebuilt)."""
    with db.owned():
        db.connection.create_function(
            "cpdesk_legacy_uuid",
            2,
            lambda table, record_id: legacy_uuid(vault_id, str(table), int(record_id)),
            deterministic=True,
        )
    highest = _highest_ids(db)
    for table in RECORD_TABLES:
        _rebuild_with_identity(db, table)
    _rebuild_audit_events(db)
    _convert_tombstones(db)
    for table, seq in highest.items():
        db.execute("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
        db.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, seq))


def _highest_ids(db: Database) -> dict[str, int]:
    """The largest id ever seen per table: the next one handed out must be above it."""
    highest: dict[str, int] = {}
    for table in (*RECORD_TABLES, "audit_event"):
        seen = [db.scalar(f"SELECT max(id) FROM {table}")]
        seen.append(db.scalar("SELECT max(record_id) FROM erased_record WHERE table_name = ?",
                              (table,)))  # fmt: skip
        if table == "person":
            seen += [db.scalar(sql) for sql in _PERSON_ID_REFERENCES]
        highest[table] = max(int(value) for value in [0, *seen] if value is not None)
    return highest


def _schema_of(db: Database, table: str) -> tuple[str, list[str], list[str]]:
    sql = str(db.scalar("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                        (table,)))  # fmt: skip
    dependents = [
        str(value)
        for value in db.column(
            "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger')"
            " AND sql IS NOT NULL ORDER BY type, name",
            (table,),
        )
    ]
    columns = [str(value) for value in db.column(f"SELECT name FROM pragma_table_info('{table}')")]
    return sql, dependents, columns


def _rebuild(db: Database, table: str, new_sql: str, columns: list[str], extra: str) -> None:
    """SQLite's documented way to change a table: a new one, the rows copied, renamed."""
    names = ", ".join(columns)
    db.execute(new_sql)
    db.execute(
        f"INSERT INTO {table}_v9 ({names}{', uuid' if extra else ''})"
        f" SELECT {names}{extra} FROM {table}"
    )
    db.execute(f"DROP TABLE {table}")
    db.execute(f"ALTER TABLE {table}_v9 RENAME TO {table}")


def _rebuild_with_identity(db: Database, table: str) -> None:
    sql, dependents, columns = _schema_of(db, table)
    head = f"CREATE TABLE {table} ("
    if not sql.startswith(head) or _OLD_ID not in sql:
        raise RuntimeError(f"unexpected schema for {table}")
    new_sql = f"CREATE TABLE {table}_v9 (" + sql[len(head) :].replace(_OLD_ID, ID_COLUMNS + ",", 1)
    _rebuild(db, table, new_sql, columns, f", cpdesk_legacy_uuid('{table}', id)")
    for statement in dependents:
        db.execute(statement)


def _rebuild_audit_events(db: Database) -> None:
    """Audit events get AUTOINCREMENT ids (no UUID: each vault keeps its own chain)."""
    sql, dependents, columns = _schema_of(db, "audit_event")
    head = "CREATE TABLE audit_event ("
    new_sql = "CREATE TABLE audit_event_v9 (" + sql[len(head) :].replace(
        _OLD_ID, "id INTEGER PRIMARY KEY AUTOINCREMENT,", 1
    )
    _rebuild(db, "audit_event", new_sql, columns, "")
    for statement in dependents:
        db.execute(statement)


def _convert_tombstones(db: Database) -> None:
    db.execute(_TOMBSTONES)
    db.execute(
        "INSERT OR IGNORE INTO erased_record_v9 (record_uuid, table_name, erased_at, legacy)"
        " SELECT cpdesk_legacy_uuid(table_name, record_id), table_name, erased_at, 1"
        " FROM erased_record"
    )
    db.execute("DROP TABLE erased_record")
    db.execute("ALTER TABLE erased_record_v9 RENAME TO erased_record")
    db.execute("CREATE INDEX erased_record_by_table ON erased_record (table_name, erased_at)")
