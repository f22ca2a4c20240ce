"""The register as one laptop holds it, for an invitation, and loaded into a new vault.

The rows travel with their local ids, so a new vault gets the same ids as
the inviting laptop and foreign keys are copied as they are: loading 100,000
people is bulk inserts, not 100,000 look-ups. Only shared tables travel (of
the settings, the association's own); each laptop builds its search index
itself. Rows are read and written a few thousand at a time, so a register of
any size passes through a bounded amount of memory.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from coursenplus_desk.store.database import Database
from coursenplus_desk.store.people import FIELDS_QUERY, fields_from_row
from coursenplus_desk.store.search import search_terms
from coursenplus_desk.store.sync.rows import quoted
from coursenplus_desk.store.sync.tables import Schema, TableShape

BATCH = 5000


def _columns(db: Database, shape: TableShape) -> list[str]:
    """Every column, derived ones too: they are what the new vault would derive anyway."""
    return [str(c) for c in db.column(f"SELECT name FROM pragma_table_info('{shape.name}')")]


def batches(db: Database, sql: str, params: Sequence[object] = ()) -> Iterator[list[list[Any]]]:
    """A query's rows as plain lists, `BATCH` at a time."""
    for rows in db.batches(sql, list(params), BATCH):
        yield [list(row) for row in rows]


def table_items(db: Database, schema: Schema) -> Iterator[list[Any]]:
    """["rows", table, columns, rows] for every shared table, a batch at a time."""
    for shape in schema.ordered():
        columns = _columns(db, shape)
        sql = f"SELECT {', '.join(quoted(c) for c in columns)} FROM {shape.name}"
        params: list[object] = []
        if shape.table.only_keys:
            marks = ",".join("?" * len(shape.table.only_keys))
            sql += f" WHERE {quoted(shape.table.key_columns[0])} IN ({marks})"
            params = list(shape.table.only_keys)
        for rows in batches(db, sql, params):
            yield ["rows", shape.name, columns, rows]


@contextmanager
def bulk_load(db: Database, schema: Schema) -> Iterator[None]:
    """Inside a transaction: the shared tables' indexes and triggers dropped while rows pour
    in, made again afterwards (one sorted build instead of a million small updates). The
    copied rows already hold what the triggers derive (a person's last interaction)."""
    names = [shape.name for shape in schema.ordered()]
    marks = ",".join("?" * len(names))
    saved = db.query(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger')"
        f" AND sql IS NOT NULL AND tbl_name IN ({marks})",
        names,
    )
    for row in saved:
        db.execute(f"DROP {'INDEX' if row['type'] == 'index' else 'TRIGGER'} {row['name']}")
    yield
    for row in sorted(saved, key=lambda r: r["type"] != "index"):  # indexes first
        db.execute(str(row["sql"]))


def clear_presets(db: Database, schema: Schema) -> None:
    """A new vault's presets (retention periods, register entries) give way to the copy."""
    for shape in reversed(schema.ordered()):
        db.execute(f"DELETE FROM {shape.name}")


def load_rows(
    db: Database, schema: Schema, table: str, columns: Sequence[str], rows: list[Any]
) -> int:
    """One batch of a shared table, as it came; columns this vault lacks are left out."""
    shape = schema.shape(table)
    if shape is None or not rows:
        return 0
    here = set(_columns(db, shape))
    keep = [i for i, c in enumerate(columns) if c in here]
    if not keep:
        return 0
    names = ", ".join(quoted(columns[i]) for i in keep)
    sql = f"INSERT INTO {shape.name} ({names}) VALUES ({','.join('?' * len(keep))})"
    db.execute_many(sql, [[row[i] for i in keep] for row in rows])
    return len(rows)


def index_everyone(db: Database) -> None:
    """The search index of every visible person, from their stored values."""
    db.execute("DELETE FROM person_search")
    for rows in _people(db):
        db.execute_many(
            "INSERT INTO person_search (rowid, terms) VALUES (?, ?)",
            [(int(row["id"]), search_terms(fields_from_row(row))) for row in rows],
        )


def _people(db: Database) -> Iterator[list[Any]]:
    last = 0
    while True:
        rows = db.query(
            f"{FIELDS_QUERY} WHERE p.status = 'active' AND p.id > ? ORDER BY p.id LIMIT ?",
            (last, BATCH),
        )
        if not rows:
            return
        yield rows
        last = int(rows[-1]["id"])
