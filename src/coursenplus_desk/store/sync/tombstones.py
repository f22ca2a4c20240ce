"""Tombstones: a deleted or erased record stays deleted on every laptop, for ever.

Burying a record also buries what belongs to it (the records whose foreign
key to it cascades: a person's contacts, enrollments, consents…), so records
another laptop made for it concurrently are dropped when they arrive. No
value is kept: the record, its stamps, its history and its review entries go.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from coursenplus_desk.store.database import Database
from coursenplus_desk.store.sync.rows import RowStore, decode_key
from coursenplus_desk.store.sync.snapshot import batches
from coursenplus_desk.store.sync.tables import NAMES_ONLY, KeyKind, Schema


@dataclass(frozen=True)
class Origin:
    """The file that carried a tombstone: its confirmations are counted on it."""

    laptop_id: str
    number: int


class TombstoneStore:
    def __init__(self, db: Database, schema: Schema, rows: RowStore) -> None:
        self.db = db
        self.schema = schema
        self.rows = rows

    def is_dead(self, key: str) -> bool:
        return self.db.one("SELECT 1 FROM sync_tombstone WHERE key = ?", (key,)) is not None

    def dead_among(self, keys: Iterable[str]) -> set[str]:
        wanted = [k for k in keys if isinstance(k, str)]
        dead: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            dead.update(
                str(k)
                for k in self.db.column(
                    f"SELECT key FROM sync_tombstone WHERE key IN ({marks})", chunk
                )
            )
        return dead

    def record(self, table: str, key: str, origin: Origin, erased: bool) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO sync_tombstone (key, tbl, laptop_id, number, erased)"
            " VALUES (?, ?, ?, ?, ?)",
            (key, table, origin.laptop_id, origin.number, int(erased)),
        )

    def bury(self, table: str, uuid: str, origin: Origin, erased: bool) -> list[str]:
        """Delete the record and its dependants here, tombstone them all; the keys buried."""
        shape = self.schema.shape(table)
        if shape is None or shape.table.kind is not KeyKind.UUID:
            return []
        buried: list[str] = []
        for dependent_table, dependent in self._closure(table, uuid):
            self.record(dependent_table, dependent, origin, erased)
            buried.append(dependent)
        self.record(table, uuid, origin, erased)
        buried.append(uuid)
        local_id = self.rows.local_id(table, uuid)
        if local_id is not None:
            if table == "person":
                self.db.execute("DELETE FROM person_search WHERE rowid = ?", (local_id,))
            self.db.execute(f"DELETE FROM {table} WHERE id = ?", (local_id,))
        self.rows.forget_ids()
        return buried

    def _closure(self, table: str, uuid: str) -> list[tuple[str, str]]:
        """Records that cascade from this one, deepest first."""
        local_id = self.rows.local_id(table, uuid)
        if local_id is None:
            return []
        found: list[tuple[str, str]] = []
        for shape, reference in self.schema.referring_to(table):
            if not reference.cascade or shape.table.kind is not KeyKind.UUID:
                continue
            for dependent in self.db.column(
                f'SELECT uuid FROM {shape.name} WHERE "{reference.column}" = ?', (local_id,)
            ):
                found += self._closure(shape.name, str(dependent))
                found.append((shape.name, str(dependent)))
        return found

    def purge_traces(self, keys: Sequence[str]) -> None:
        """Stamps, history and review entries of buried records, links naming them included."""
        self.db.execute_many("DELETE FROM sync_stamp WHERE key = ?", [(k,) for k in keys])
        self.db.execute_many("DELETE FROM sync_history WHERE key = ?", [(k,) for k in keys])
        self.db.execute_many("DELETE FROM sync_review WHERE key = ?", [(k,) for k in keys])
        for key in keys:
            pattern = f'%"{key}"%'
            self.db.execute("DELETE FROM sync_history WHERE key LIKE ?", (pattern,))
            self.db.execute("DELETE FROM sync_review WHERE key LIKE ?", (pattern,))

    def confirmations_origin(self, key: str) -> Origin | None:
        row = self.db.one("SELECT laptop_id, number FROM sync_tombstone WHERE key = ?", (key,))
        return Origin(str(row["laptop_id"]), int(row["number"])) if row else None

    def erasure_origins(self) -> list[Origin]:
        """The file that carried each erased person: their confirmations are counted on it."""
        return [
            Origin(str(r["laptop_id"]), int(r["number"]))
            for r in self.db.query(
                "SELECT laptop_id, number FROM sync_tombstone WHERE erased = 1 AND tbl = 'person'"
            )
        ]

    def all(self) -> Iterator[list[list[Any]]]:
        """[table, key, laptop, number, erased] of every tombstone, a batch at a time."""
        return batches(
            self.db, "SELECT tbl, key, laptop_id, number, erased FROM sync_tombstone ORDER BY key"
        )


def scrub_rows(
    rows: list[list[Any]], dead: set[str], schema: Schema
) -> tuple[list[list[Any]], bool]:
    """A file's rows without any value of a buried record; whether anything was removed.

    A row of a buried record, or naming one in its key or a cascading foreign
    key, is dropped; a foreign key that is only set to NULL on deletion (a
    request file names its subject) is emptied.
    """
    kept: list[list[Any]] = []
    changed = False
    for row in rows:
        table, key, present, values, bases = row
        if table in NAMES_ONLY:
            kept.append(row)
            continue
        shape = schema.shape(table)
        parts = decode_key(key) if shape and shape.table.kind is KeyKind.COLUMNS else None
        if key in dead or (parts and any(p in dead for p in parts if isinstance(p, str))):
            changed = True
            continue
        references = shape.references if shape else {}
        drop = False
        cleaned = dict(values)
        for column, value in values.items():
            reference = references.get(column)
            if reference is not None and isinstance(value, str) and value in dead:
                if reference.cascade:
                    drop = True
                    break
                cleaned[column] = None
        if drop:
            changed = True
            continue
        if cleaned != values:
            changed = True
        kept.append([table, key, present, cleaned, bases])
    return kept, changed
