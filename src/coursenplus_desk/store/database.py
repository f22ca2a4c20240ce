"""A thin wrapper over the vault connection: queries, transactions, damage reporting.

Every statement goes through `guard()`, so a damaged or tampered page surfaces
as a clear `VaultDamagedError` and never as partial data; once one is seen the
database accepts no more writes. `before_write`, when set (the workspace sets
its integrity gate there), runs before anything is written: it checks every
page once, so a damaged vault never accepts a write. Appends to the audit
trail made outside a transaction (what a read records) skip the full check
but not a known damage.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

from coursenplus_desk.domain.errors import VaultDamagedError
from coursenplus_desk.vault.connection import Connection
from coursenplus_desk.vault.connection import guard as _vault_guard

Row = Any  # sqlcipher3's Row: indexable by column name
Params = Sequence[object] | dict[str, object]


WriteCheck = Callable[[bool], None]  # called with True for a read's own audit event


class Database:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._depth = 0
        self._unchecked = 0
        self.damaged = False
        self.before_write: WriteCheck | None = None
        self.checked: set[str] = set()  # what was read whole once (the search index)

    @contextmanager
    def guarded(self) -> Iterator[None]:
        try:
            with _vault_guard():
                yield
        except VaultDamagedError:
            self.damaged = True
            raise

    @contextmanager
    def audit_only(self) -> Iterator[None]:
        """What a read records about itself: written without the full page check."""
        self._unchecked += 1
        try:
            yield
        finally:
            self._unchecked -= 1

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    def _writing(self) -> None:
        if self._depth == 0 and self.before_write is not None:
            self.before_write(self._unchecked > 0)

    def query(self, sql: str, params: Params = ()) -> list[Row]:
        with self.guarded():
            return list(self.connection.execute(sql, params).fetchall())

    def one(self, sql: str, params: Params = ()) -> Row | None:
        with self.guarded():
            return self.connection.execute(sql, params).fetchone()

    def scalar(self, sql: str, params: Params = ()) -> Any:
        row = self.one(sql, params)
        return None if row is None else row[0]

    def column(self, sql: str, params: Params = ()) -> list[Any]:
        # Plain tuples, not named rows: a column can be 100,000 ids, and building a
        # named row per id took as long as the query itself.
        with self.guarded():
            cursor = self.connection.cursor()
            cursor.row_factory = None
            return [row[0] for row in cursor.execute(sql, params)]

    def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; the id of an inserted row (or 0)."""
        self._writing()
        with self.guarded():
            cursor = self.connection.execute(sql, params)
            return int(cursor.lastrowid or 0)

    def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        self._writing()
        with self.guarded():
            self.connection.executemany(sql, rows)

    def script(self, sql: str) -> None:
        self._writing()
        with self.guarded():
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
