"""A batch of writes that reworks each person's retention facts once, at its end.

The triggers of `retention_facts` rework a person's row on every write that
names them: an import writes a role and a family link for each of thousands of
people, and reworking their rows row by row was a seventh of its write. Inside
`batched`, the role and family-link triggers are set aside: connection-local
(temporary) triggers only note whom each write names, and at the end of the
block their fields are computed again in one statement, from the very
definitions (`FIELDS`) the triggers use. The triggers are then put back
exactly as they were. All of it happens inside the caller's transaction: a
rollback, or a crash, leaves the triggers and the facts as they were.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from coursenplus_desk.store.database import Database
from coursenplus_desk.store.retention_facts import FIELDS, SOURCES, Source, trigger_names

# The sources an import writes row by row; the others keep their triggers.
BATCHED = tuple(source for source in SOURCES if source.table in ("person_role", "guardianship"))
_NOTED = "retention_batch"  # a temporary table: the people noted
_PREFIX = "retention_batch_"


@contextmanager
def batched(db: Database, sources: tuple[Source, ...] = BATCHED) -> Iterator[None]:
    """Inside a transaction: the facts the writes of `sources` move are computed once, at
    the end of the block, for the people those writes named."""
    if not db.in_transaction:
        raise RuntimeError("a batch of retention facts needs the caller's transaction")
    saved = _set_aside(db, sources)
    try:
        yield
        _recompute_noted(db, sources)
    finally:  # after an error too: the schema stays whole whatever the caller does next
        _put_back(db, sources, saved)


def _set_aside(db: Database, sources: tuple[Source, ...]) -> dict[str, str]:
    names = [name for source in sources for name in trigger_names(source)]
    marks = ", ".join("?" * len(names))
    saved = {
        str(name): str(sql)
        for name, sql in db.tuples(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})",
            names,
        )
    }
    for name in saved:
        db.execute(f"DROP TRIGGER {name}")
    # No key: a trigger's conflict clause gives way to the one of the statement that fired
    # it (an upsert's), so a person noted twice is simply listed twice.
    db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_NOTED} (person_id INTEGER NOT NULL)")
    for source in sources:
        for statement in _noting_triggers(source):
            db.execute(statement)
    return saved


def _noting_triggers(source: Source) -> list[str]:
    """Temporary triggers that note the people a write of `source` names."""

    def note(row: str) -> str:
        return " ".join(
            f"INSERT INTO temp.{_NOTED} (person_id) SELECT {row}.{owner}"
            f" WHERE {row}.{owner} IS NOT NULL;"
            for owner in source.owners
        )

    table = source.table
    return [
        f"CREATE TEMP TRIGGER {_PREFIX}{table}_insert AFTER INSERT ON main.{table}"
        f" BEGIN {note('NEW')} END",
        f"CREATE TEMP TRIGGER {_PREFIX}{table}_delete AFTER DELETE ON main.{table}"
        f" BEGIN {note('OLD')} END",
        f"CREATE TEMP TRIGGER {_PREFIX}{table}_update AFTER UPDATE ON main.{table}"
        f" BEGIN {note('OLD')} {note('NEW')} END",
    ]


def _recompute_noted(db: Database, sources: tuple[Source, ...]) -> None:
    fields = dict.fromkeys(name for source in sources for name in source.fields)
    person = "retention_facts.person_id"
    assignments = ", ".join(f"{name} = {FIELDS[name].format(id=person)}" for name in fields)
    db.execute(
        f"UPDATE retention_facts SET {assignments}"
        f" WHERE person_id IN (SELECT person_id FROM temp.{_NOTED})"
    )


def _put_back(db: Database, sources: tuple[Source, ...], saved: dict[str, str]) -> None:
    for source in sources:
        for event in ("insert", "delete", "update"):
            db.execute(f"DROP TRIGGER temp.{_PREFIX}{source.table}_{event}")
    db.execute(f"DELETE FROM temp.{_NOTED}")
    for sql in saved.values():
        db.execute(sql)
