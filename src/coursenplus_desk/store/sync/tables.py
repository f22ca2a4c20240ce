"""Which tables the laptops share, how each record is named, and what each table looks like.

A record table is named by its `uuid`. A table without its own identity is
named by its key columns (a link between people by their UUIDs, a setting by
its key), encoded as a JSON array. Integer foreign keys are read from
SQLite's `foreign_key_list` and travel as the UUID of the record they point
to. Columns are read from `table_info`, so a column a migration adds is
shared without further work; the columns each laptop derives for itself are
listed here. Every table of the schema is either shared or declared local
(a test checks it), so a new table cannot be forgotten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from coursenplus_desk.store.database import Database


class KeyKind(StrEnum):
    UUID = "uuid"  # a record with its own identity: deletion is a tombstone
    COLUMNS = "columns"  # a link or a setting: present or absent, last writer wins


@dataclass(frozen=True)
class SharedTable:
    name: str
    kind: KeyKind
    key_columns: tuple[str, ...] = ("uuid",)
    local_columns: frozenset[str] = frozenset()
    # a COLUMNS table shares only the rows whose first key column is one of these
    only_keys: tuple[str, ...] = ()


# Settings that belong to the association; the others belong to one computer.
SHARED_SETTINGS = (
    "organisation",
    "consent.digital_age",
    "audit.view_months",
    "audit.change_months",
)

_PERSON_LOCAL = frozenset({"sort_key", "updated_at", "last_contact_on", "last_interaction_on"})


def _record(name: str, local: frozenset[str] = frozenset()) -> SharedTable:
    return SharedTable(name, KeyKind.UUID, local_columns=local)


def _keyed(name: str, *columns: str, only: tuple[str, ...] = ()) -> SharedTable:
    return SharedTable(name, KeyKind.COLUMNS, key_columns=columns, only_keys=only)


# A table comes after the tables it refers to: rows are applied in this order.
SHARED_TABLES: tuple[SharedTable, ...] = (
    _record("person", _PERSON_LOCAL),
    _keyed("person_role", "person_id", "role"),
    _keyed("student_profile", "person_id"),
    _keyed("guardianship", "guardian_id", "student_id"),
    _record("course"),
    _record("course_group"),
    _record("enrollment"),
    _record("contact_event"),
    _record("payment"),
    _record("membership"),
    _record("consent"),
    _record("health_record"),
    _record("legal_hold"),
    _record("data_subject_request"),
    _record("request_document"),
    _record("request_change"),
    _record("request_note"),
    _record("request_recipient"),
    _record("disclosure"),
    _keyed("disclosure_person", "disclosure_id", "person_id"),
    _record("processor_agreement"),
    _record("person_objection"),
    _record("member_register"),
    _record("processing_activity"),
    _record("breach"),
    _keyed("retention_policy", "category"),
    _keyed("consent_purpose", "key"),
    _keyed("setting", "key", only=SHARED_SETTINGS),
    _keyed("erased_record", "record_uuid"),
)

# Tables each vault keeps for itself: its own audit chain, search index, sync state, and
# the retention facts its own triggers derive from the shared records.
LOCAL_TABLES = frozenset({"audit_event", "audit_chain", "sqlite_sequence", "retention_facts"})
LOCAL_PREFIXES = ("person_search", "sync_", "sqlite_")

# Tables that only name records (the erasure list): they hold no value to scrub, and an
# entry naming a buried record must travel precisely because it is buried.
NAMES_ONLY = frozenset({"erased_record"})

BY_NAME = {table.name: table for table in SHARED_TABLES}
ORDER = {table.name: position for position, table in enumerate(SHARED_TABLES)}

PRESENT = ""  # the pseudo-column of a COLUMNS row's presence (its row stamp)


@dataclass(frozen=True)
class Reference:
    column: str
    table: str  # the table it points to (by its `id`)
    cascade: bool  # the row goes with the record it points to (not ON DELETE SET NULL)


@dataclass(frozen=True)
class TableShape:
    """One shared table as the live schema has it."""

    table: SharedTable
    columns: tuple[str, ...]  # shared value columns (no id, uuid or local column)
    references: dict[str, Reference] = field(default_factory=dict)
    not_null: frozenset[str] = frozenset()

    @property
    def name(self) -> str:
        return self.table.name

    @cached_property
    def key_references(self) -> tuple[Reference | None, ...]:
        return tuple(self.references.get(column) for column in self.table.key_columns)

    @cached_property
    def all_columns(self) -> tuple[str, ...]:
        """Key columns and shared value columns of a COLUMNS table (what an insert names)."""
        if self.table.kind is KeyKind.UUID:
            return self.columns
        return (*self.table.key_columns, *self.columns)


class Schema:
    """The shapes of the shared tables present in this vault, read once per open."""

    def __init__(self, db: Database) -> None:
        present = set(db.column("SELECT name FROM sqlite_master WHERE type = 'table'"))
        self.shapes = {t.name: _shape(db, t) for t in SHARED_TABLES if t.name in present}

    def shape(self, name: str) -> TableShape | None:
        return self.shapes.get(name)

    def ordered(self) -> list[TableShape]:
        return sorted(self.shapes.values(), key=lambda s: ORDER[s.name])

    def referring_to(self, table: str) -> list[tuple[TableShape, Reference]]:
        """Shared tables with a foreign key to `table`, and that key."""
        return [
            (shape, reference)
            for shape in self.ordered()
            for reference in shape.references.values()
            if reference.table == table
        ]


def _shape(db: Database, table: SharedTable) -> TableShape:
    info = db.query(f"SELECT name, \"notnull\", dflt_value FROM pragma_table_info('{table.name}')")
    skipped = {"id", *table.key_columns, *table.local_columns} | (
        {"uuid"} if table.kind is KeyKind.UUID else set()
    )
    columns = tuple(str(row["name"]) for row in info if row["name"] not in skipped)
    not_null = frozenset(
        str(row["name"]) for row in info if row["notnull"] and row["dflt_value"] is None
    )
    references = {
        str(row["from"]): Reference(
            str(row["from"]), str(row["table"]), _goes_along(row["on_delete"])
        )
        for row in db.query(f"SELECT * FROM pragma_foreign_key_list('{table.name}')")
        if row["to"] in (None, "id")
    }
    return TableShape(table, columns, references, not_null - skipped)


def _goes_along(on_delete: object) -> bool:
    """A row that cannot outlive the record it points to (cascade, or deletion refused)."""
    return on_delete not in ("SET NULL", "SET DEFAULT")


def is_local_table(name: str) -> bool:
    return name in LOCAL_TABLES or name.startswith(LOCAL_PREFIXES)
