"""The register as one laptop holds it, for an invitation, and loaded into a new vault.

The rows travel with their local ids, so a new vault gets the same ids as
the inviting laptop and foreign keys are copied as they are: loading 100,000
people is a few bulk inserts, not 100,000 look-ups. Only shared tables travel (of the
settings, the association's own); each laptop builds its search index itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from coursenplus_desk.store.database import Database
from coursenplus_desk.store.people import FIELDS_QUERY, fields_from_row, search_terms
from coursenplus_desk.store.sync.rows import quoted
from coursenplus_desk.store.sync.tables import Schema, TableShape

_BATCH = 5000


def _columns(db: Database, shape: TableShape) -> list[str]:
    """Every column, derived ones too: they are what the new vault would derive anyway."""
    return [str(c) for c in db.column(f"SELECT name FROM pragma_table_info('{shape.name}')")]


def dump_tables(db: Database, schema: Schema) -> dict[str, dict[str, Any]]:
    tables: dict[str, dict[str, Any]] = {}
    for shape in schema.ordered():
        columns = _columns(db, shape)
        sql = f"SELECT {', '.join(quoted(c) for c in columns)} FROM {shape.name}"
        params: list[object] = []
        if shape.table.only_keys:
            marks = ",".join("?" * len(shape.table.only_keys))
            sql += f" WHERE {quoted(shape.table.key_columns[0])} IN ({marks})"
            params = list(shape.table.only_keys)
        cursor = db.connection.cursor()
        cursor.row_factory = None
        rows = [list(row) for row in cursor.execute(sql, params)]
        tables[shape.name] = {"columns": columns, "rows": rows}
    return tables


def load_tables(db: Database, schema: Schema, tables: dict[str, Any]) -> int:
    """Into a new vault (its own defaults replaced); the number of rows loaded."""
    for shape in reversed(schema.ordered()):  # the presets a new vault starts with
        db.execute(f"DELETE FROM {shape.name}")
    loaded = 0
    for shape in schema.ordered():
        table = tables.get(shape.name)
        if not isinstance(table, dict):
            continue
        here = set(db.column(f"SELECT name FROM pragma_table_info('{shape.name}')"))
        columns = [str(c) for c in table.get("columns", [])]
        keep = [i for i, c in enumerate(columns) if c in here]
        names = [columns[i] for i in keep]
        if not names:
            continue
        sql = (
            f"INSERT INTO {shape.name} ({', '.join(quoted(c) for c in names)})"
            f" VALUES ({','.join('?' * len(names))})"
        )
        rows = table.get("rows", [])
        for batch in _batches(rows):
            db.execute_many(sql, [[row[i] for i in keep] for row in batch])
        loaded += len(rows)
    index_everyone(db)
    return loaded


def index_everyone(db: Database) -> None:
    """The search index of every visible person, from their stored values."""
    db.execute("DELETE FROM person_search")
    rows = db.query(f"{FIELDS_QUERY} WHERE p.status = 'active'")
    db.execute_many(
        "INSERT INTO person_search (rowid, terms) VALUES (?, ?)",
        [(int(row["id"]), search_terms(fields_from_row(row))) for row in rows],
    )


def _batches(rows: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(rows), _BATCH):
        yield rows[start : start + _BATCH]
