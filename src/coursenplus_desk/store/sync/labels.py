"""Who a shared record is about, for the "to review" list: a name, never more."""

from __future__ import annotations

from coursenplus_desk.store.database import Database
from coursenplus_desk.store.sync.rows import RowStore, decode_key
from coursenplus_desk.store.sync.tables import KeyKind, Schema


class RecordLabels:
    def __init__(self, db: Database, schema: Schema, rows: RowStore) -> None:
        self.db = db
        self.schema = schema
        self.rows = rows

    def person_of(self, table: str, key: str) -> int | None:
        """The local id of the person a record is about (itself for a person)."""
        shape = self.schema.shape(table)
        if shape is None:
            return None
        if table == "person":
            return self.rows.local_id("person", key)
        if shape.table.kind is KeyKind.COLUMNS:
            parts = decode_key(key) or []
            for part, reference in zip(parts, shape.key_references, strict=False):
                if reference is not None and reference.table == "person":
                    return self.rows.local_id("person", part)
            return None
        column = next((c for c, r in shape.references.items() if r.table == "person"), None)
        if column is None:
            return None
        value = self.db.scalar(f'SELECT "{column}" FROM {table} WHERE uuid = ?', (key,))
        return int(value) if value is not None else None

    def name(self, person_id: int) -> str:
        row = self.db.one("SELECT given_name, family_name FROM person WHERE id = ?", (person_id,))
        return f"{row['given_name']} {row['family_name']}".strip() if row else ""
