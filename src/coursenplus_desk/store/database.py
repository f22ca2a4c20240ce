"""A thin wrapper over the vault connection: queries, transactions, damage reporting.

Every statement goes through `guard()`, so a damaged or tampered page surfaces
as a clear `VaultUnavailableError` and never as partial data.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

from coursenplus_desk.vault.connection import Connection, guard

Row = Any  # sqlcipher3's Row: indexable by column name
Params = Sequence[object] | dict[str, object]


class Database:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._depth = 0

    def query(self, sql: str, params: Params = ()) -> list[Row]:
        with guard():
            return list(self.connection.execute(sql, params).fetchall())

    def one(self, sql: str, params: Params = ()) -> Row | None:
        with guard():
            return self.connection.execute(sql, params).fetchone()

    def scalar(self, sql: str, params: Params = ()) -> Any:
        row = self.one(sql, params)
        return None if row is None else row[0]

    def column(self, sql: str, params: Params = ()) -> list[Any]:
        # Plain tuples, not named rows: a column can be 100,000 ids, and building a
        # named row per id took as long as the query itself.
        with guard():
            cursor = self.connection.cursor()
            cursor.row_factory = None
            return [row[0] for row in cursor.execute(sql, params)]

    def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; the id of an inserted row (or 0)."""
        with guard():
            cursor = self.connection.execute(sql, params)
            return int(cursor.lastrowid or 0)

    def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        with guard():
            self.connection.executemany(sql, rows)

    def script(self, sql: str) -> None:
        with guard():
            self.connection.executescript(sql)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing; nested calls become savepoints of the outer transaction."""
        if self._depth:
            name = f"sp{self._depth}"
            self.execute(f"SAVEPOINT {name}")
            self._depth += 1
            try:
                yield
            except BaseException:
                self.execute(f"ROLLBACK TO {name}")
                self.execute(f"RELEASE {name}")
                raise
            else:
                self.execute(f"RELEASE {name}")
            finally:
                self._depth -= 1
            return
        self.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self.connection.rollback() if self.connection.in_transaction else None
            raise
        else:
            self.execute("COMMIT")
        finally:
            self._depth = 0


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def to_date(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def to_date_required(value: object) -> date:
    return date.fromisoformat(str(value))
