"""Reading shared rows as they travel (UUIDs for foreign keys) and writing them back locally.

Table and column names always come from the live schema (`Schema`), never
from a file: a name a file brings is looked up there first.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from coursenplus_desk.store.database import Database
from coursenplus_desk.store.sync.tables import KeyKind, Schema, TableShape

Values = dict[str, Any]
_CHUNK = 500


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _exported(shape: TableShape, column: str, alias: str = "t") -> str:
    reference = shape.references.get(column)
    if reference is None:
        return f"{alias}.{quoted(column)}"
    return f"(SELECT uuid FROM {reference.table} WHERE id = {alias}.{quoted(column)})"


def decode_key(key: str) -> list[Any] | None:
    try:
        parts = json.loads(key)
    except ValueError:
        return None
    return parts if isinstance(parts, list) else None


class RowStore:
    def __init__(self, db: Database, schema: Schema) -> None:
        self.db = db
        self.schema = schema
        self._ids: dict[tuple[str, str], int | None] = {}

    # identities

    def local_id(self, table: str, uuid: object) -> int | None:
        """The local id of the record with this UUID (None: not in this vault)."""
        if not isinstance(uuid, str):
            return None
        cache_key = (table, uuid)
        if cache_key not in self._ids:
            value = self.db.scalar(f"SELECT id FROM {table} WHERE uuid = ?", (uuid,))
            self._ids[cache_key] = None if value is None else int(value)
        return self._ids[cache_key]

    def prefetch_ids(self, table: str, uuids: Sequence[str]) -> None:
        """The local ids of many records at once (those absent are remembered as absent)."""
        wanted = [u for u in uuids if (table, u) not in self._ids]
        for chunk in _chunks(wanted):
            marks = ",".join("?" * len(chunk))
            found = {
                str(row["uuid"]): int(row["id"])
                for row in self.db.query(
                    f"SELECT uuid, id FROM {table} WHERE uuid IN ({marks})", list(chunk)
                )
            }
            for uuid in chunk:
                self._ids[(table, uuid)] = found.get(uuid)

    def forget_ids(self) -> None:
        self._ids.clear()

    def key_values(self, shape: TableShape, key: str) -> list[Any] | None:
        """The local values of a COLUMNS key (people's ids for their UUIDs); None if gone."""
        parts = decode_key(key)
        if parts is None or len(parts) != len(shape.table.key_columns):
            return None
        local: list[Any] = []
        for part, reference in zip(parts, shape.key_references, strict=True):
            if reference is None:
                local.append(part)
                continue
            found = self.local_id(reference.table, part)
            if found is None:
                return None
            local.append(found)
        return local

    # reading, as rows travel

    def read(self, shape: TableShape, keys: Sequence[str]) -> dict[str, Values]:
        """Current shared values of these records, by key; absent records are left out."""
        if shape.table.kind is KeyKind.UUID:
            return self._read_records(shape, keys)
        return self._read_keyed(shape, keys)

    def _read_records(self, shape: TableShape, keys: Sequence[str]) -> dict[str, Values]:
        found: dict[str, Values] = {}
        for chunk in _chunks(list(keys)):
            marks = ",".join("?" * len(chunk))
            for row in self.db.query(
                f"SELECT t.uuid AS uuid{_selected(shape)} FROM {shape.name} t"
                f" WHERE t.uuid IN ({marks})",
                list(chunk),
            ):
                found[str(row["uuid"])] = {c: row[c] for c in shape.columns}
        return found

    def _read_keyed(self, shape: TableShape, keys: Sequence[str]) -> dict[str, Values]:
        found: dict[str, Values] = {}
        for key in keys:
            local = self.key_values(shape, key)
            if local is None:
                continue
            where = " AND ".join(f"t.{quoted(c)} = ?" for c in shape.table.key_columns)
            sql = f"SELECT 1 AS present{_selected(shape)} FROM {shape.name} t WHERE {where}"
            row = self.db.one(sql, local)
            if row is not None:
                found[key] = {c: row[c] for c in shape.columns}
        return found

    # writing, as rows arrive

    def local_values(
        self, shape: TableShape, values: Mapping[str, Any]
    ) -> tuple[Values, list[str]]:
        """Values with foreign keys turned into local ids; the columns whose record is gone."""
        local: Values = {}
        missing: list[str] = []
        for column, value in values.items():
            reference = shape.references.get(column)
            if reference is None or value is None:
                local[column] = value
                continue
            found = self.local_id(reference.table, value)
            if found is None:
                missing.append(column)
                local[column] = None
            else:
                local[column] = found
        return local, missing

    def insert_record(self, shape: TableShape, uuid: str, values: Values) -> int:
        columns = ["uuid", *values]
        marks = ",".join("?" * len(columns))
        names = ", ".join(quoted(c) for c in columns)
        row_id = self.db.execute(
            f"INSERT INTO {shape.name} ({names}) VALUES ({marks})", [uuid, *values.values()]
        )
        self._ids[(shape.name, uuid)] = row_id
        return row_id

    def update_record(self, shape: TableShape, uuid: str, values: Values) -> None:
        if not values:
            return
        assignments = ", ".join(f"{quoted(c)} = ?" for c in values)
        self.db.execute(
            f"UPDATE {shape.name} SET {assignments} WHERE uuid = ?", [*values.values(), uuid]
        )

    def upsert_keyed(self, shape: TableShape, key_values: Sequence[Any], values: Values) -> None:
        keys = shape.table.key_columns
        columns = [*keys, *values]
        names = ", ".join(quoted(c) for c in columns)
        marks = ",".join("?" * len(columns))
        conflict = ", ".join(quoted(c) for c in keys)
        update = ", ".join(f"{quoted(c)} = excluded.{quoted(c)}" for c in values)
        action = f"DO UPDATE SET {update}" if update else "DO NOTHING"
        self.db.execute(
            f"INSERT INTO {shape.name} ({names}) VALUES ({marks})"
            f" ON CONFLICT ({conflict}) {action}",
            [*key_values, *values.values()],
        )

    def update_keyed(self, shape: TableShape, key_values: Sequence[Any], values: Values) -> None:
        if not values:
            return
        assignments = ", ".join(f"{quoted(c)} = ?" for c in values)
        where = " AND ".join(f"{quoted(c)} = ?" for c in shape.table.key_columns)
        self.db.execute(
            f"UPDATE {shape.name} SET {assignments} WHERE {where}", [*values.values(), *key_values]
        )

    def keyed_exists(self, shape: TableShape, key_values: Sequence[Any]) -> bool:
        where = " AND ".join(f"{quoted(c)} = ?" for c in shape.table.key_columns)
        return (
            self.db.one(f"SELECT 1 FROM {shape.name} WHERE {where}", list(key_values)) is not None
        )

    def delete_keyed(self, shape: TableShape, key_values: Sequence[Any]) -> None:
        where = " AND ".join(f"{quoted(c)} = ?" for c in shape.table.key_columns)
        self.db.execute(f"DELETE FROM {shape.name} WHERE {where}", list(key_values))

    def record_exists(self, shape: TableShape, uuid: str) -> bool:
        return self.local_id(shape.name, uuid) is not None


def _selected(shape: TableShape) -> str:
    """`, <column as it travels> AS <column>` for each shared column ('' when none)."""
    return "".join(f", {_exported(shape, c)} AS {quoted(c)}" for c in shape.columns)
