"""Stamps of shared values: per field when it was edited, per row when it was made or linked.

A value nobody changed since the register began has no stamp (GENESIS). A
field's stamp is its own, else its row's, else GENESIS.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from coursenplus_desk.domain.sync.hlc import GENESIS
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.sync.snapshot import batches
from coursenplus_desk.store.sync.tables import PRESENT

Stamps = dict[str, str]  # column ('' for the row) -> encoded stamp


def effective(stamps: Mapping[str, str], column: str) -> str:
    return stamps.get(column) or stamps.get(PRESENT) or GENESIS


class StampStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def of(self, table: str, key: str) -> Stamps:
        return {
            str(row["col"]): str(row["hlc"])
            for row in self.db.query(
                "SELECT col, hlc FROM sync_stamp WHERE tbl = ? AND key = ?", (table, key)
            )
        }

    def many(self, table: str, keys: Iterable[str]) -> dict[str, Stamps]:
        found: dict[str, Stamps] = {}
        wanted = list(keys)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.query(
                f"SELECT key, col, hlc FROM sync_stamp WHERE tbl = ? AND key IN ({marks})",
                [table, *chunk],
            ):
                found.setdefault(str(row["key"]), {})[str(row["col"])] = str(row["hlc"])
        return found

    def set(self, table: str, key: str, stamps: Mapping[str, str]) -> None:
        self.db.execute_many(
            "INSERT INTO sync_stamp (tbl, key, col, hlc) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (tbl, key, col) DO UPDATE SET hlc = excluded.hlc",
            [(table, key, column, stamp) for column, stamp in stamps.items()],
        )

    def set_rows(self, rows: Iterable[tuple[str, str, str, str]]) -> None:
        """(table, key, column, stamp) for many values at once."""
        self.db.execute_many(
            "INSERT INTO sync_stamp (tbl, key, col, hlc) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (tbl, key, col) DO UPDATE SET hlc = excluded.hlc",
            rows,
        )

    def clear_fields(self, table: str, key: str) -> None:
        self.db.execute(
            "DELETE FROM sync_stamp WHERE tbl = ? AND key = ? AND col <> ''", (table, key)
        )

    def all(self) -> Iterator[list[list[Any]]]:
        """[table, key, column, stamp] of every stamp, a batch at a time."""
        return batches(self.db, "SELECT tbl, key, col, hlc FROM sync_stamp")
