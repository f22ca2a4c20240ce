"""The vault's one connection behind one owner: queries, transactions, damage reporting.

A background job and the GUI use the same connection, so every statement and
every whole transaction holds the database's lock: a transaction started on
one thread runs to its end before a statement of another thread reaches the
connection (otherwise that statement would run inside it, and commit or roll
back with it). The lock is re-entrant, so a transaction's own statements and
nested transactions (savepoints) take it again freely. Nothing else reaches the
connection: the store asks this class for row counts and column names too.

Every statement goes through `guard()`, so a damaged or tampered page surfaces
as a clear `VaultDamagedError` and never as partial data; once one is seen the
database accepts no more writes. `before_write`, when set (the workspace sets
its integrity gate there), runs before anything is written: it checks every
page once, so a damaged vault never accepts a write. Appends to the audit
trail made outside a transaction (what a read records) skip the full check
but not a known damage.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

from coursenplus_desk.domain.errors import VaultDamagedError
from coursenplus_desk.vault.connection import Connection, guard

Row = Any  # sqlcipher3's Row: indexable by column name
Params = Sequence[object] | dict[str, object]
WriteCheck = Callable[[bool], None]  # called with True for a read's own audit event


class Database:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._lock = threading.RLock()
        self._depth = 0  # transactions open, counted under the lock by its owner
        self._unchecked = 0
        self.damaged = False
        self.before_write: WriteCheck | None = None
        self.checked: set[str] = set()  # what was read whole once (the search index)

    @contextmanager
    def owned(self) -> Iterator[None]:
        """Hold the connection: no other thread's statement runs until this ends."""
        try:
            with self._lock, guard():
                yield
        except VaultDamagedError:
            self.damaged = True
            raise

    @contextmanager
    def audit_only(self) -> Iterator[None]:
        """What a read records about itself: written without the full page check."""
        with self._lock:
            self._unchecked += 1
            try:
                yield
            finally:
                self._unchecked -= 1

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the connection for a write; the first one of a transaction passes the gate."""
        with self._lock:
            if self._depth == 0 and self.before_write is not None:
                self.before_write(self._unchecked > 0)
            with self.owned():
                yield

    def query(self, sql: str, params: Params = ()) -> list[Row]:
        with self.owned():
            return list(self.connection.execute(sql, params).fetchall())

    def one(self, sql: str, params: Params = ()) -> Row | None:
        with self.owned():
            return self.connection.execute(sql, params).fetchone()

    def scalar(self, sql: str, params: Params = ()) -> Any:
        row = self.one(sql, params)
        return None if row is None else row[0]

    def column(self, sql: str, params: Params = ()) -> list[Any]:
        # Plain tuples, not named rows: a column can be 100,000 ids, and building a
        # named row per id took as long as the query itself.
        with self.owned():
            cursor = self.connection.cursor()
            cursor.row_factory = None
            return [row[0] for row in cursor.execute(sql, params)]

    def tuples(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        """Plain rows, read by position: for the few queries that read thousands of rows."""
        with self.owned():
            cursor = self.connection.cursor()
            cursor.row_factory = None
            return list(cursor.execute(sql, params))

    def table(self, sql: str, params: Params = ()) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
        """Column names and plain rows of a query (an export writes both)."""
        with self.owned():
            cursor = self.connection.execute(sql, params)
            names = tuple(str(description[0]) for description in cursor.description)
            return names, [tuple(row) for row in cursor.fetchall()]

    def batches(
        self, sql: str, params: Params = (), size: int = 5000
    ) -> Iterator[list[tuple[Any, ...]]]:
        """A long query's plain rows, `size` at a time (the lock is held until the last)."""
        with self.owned():
            cursor = self.connection.cursor()
            cursor.row_factory = None
            cursor.execute(sql, params)
            while rows := cursor.fetchmany(size):
                yield [tuple(row) for row in rows]

    def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; the id of an inserted row (or 0)."""
        with self.writing():
            cursor = self.connection.execute(sql, params)
            return int(cursor.lastrowid or 0)

    def changes(self, sql: str, params: Params = ()) -> int:
        """Run one statement; how many rows it inserted, changed or deleted (itself, not
        the triggers it fired)."""
        with self.writing():
            return int(self.connection.execute(sql, params).rowcount)

    def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        with self.writing():
            self.connection.executemany(sql, rows)

    def script(self, sql: str) -> None:
        with self.writing():
            self.connection.executescript(sql)

    def rollback(self) -> None:
        with self.owned():
            if self.connection.in_transaction:
                self.connection.rollback()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing; nested calls become savepoints of the outer transaction."""
        with self._lock:
            if self._depth:
                yield from self._savepoint()
                return
            self.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield
            except BaseException:
                self.rollback()
                raise
            else:
                self.execute("COMMIT")
            finally:
                self._depth = 0

    def _savepoint(self) -> Iterator[None]:
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


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def to_date(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def to_date_required(value: object) -> date:
    return date.fromisoformat(str(value))
