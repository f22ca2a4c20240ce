"""Erasure tombstones: which records were erased, by UUID (never values), and applying them.

A tombstone names a record by its UUID, which is never given to another
record, so applying a tombstone to a restored copy can only remove the record
that was erased. Tombstones converted from the time records were named by a
reusable local id are `legacy`: one of those applies to a copy only when the
copy's own list does not already hold it (the copy then predates the erasure,
and the row under that UUID is the erased record, not a newcomer that was
given the same id; see migration 9).

Only the tables below can be named: a table name read from a file is never
pasted into SQL. Names of tables this version does not know are reported.

People who are restricted or anonymised in the live vault are not erased, but
their cleared fields must not come back either: their live person row (the
truth, with the cleared fields empty) replaces the restored one.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from coursenplus_desk.store import search
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.people import PeopleStore

# Deleting a person cascades to their roles, profile, family links, enrollments,
# contacts, memberships and consents (ON DELETE CASCADE in the schema).
ERASABLE_TABLES = frozenset(
    {
        "person",
        "contact_event",
        "enrollment",
        "payment",
        "membership",
        "consent",
        # Expired data-subject request files and their parts (old/new rectification values).
        "data_subject_request",
        "request_change",
        "request_note",
        "request_document",
    }
)
REAPPLIED_TABLES = ERASABLE_TABLES


@dataclass(frozen=True)
class Erasure:
    table_name: str
    record_uuid: str
    erased_at: str
    legacy: bool = False


@dataclass(frozen=True)
class HiddenPerson:
    """A restricted or anonymised person's row as the live vault has it (keyed by UUID)."""

    uuid: str
    values: dict[str, object]


@dataclass(frozen=True)
class ErasureList:
    """The tombstones one place holds (a vault, a backup), and where they come from."""

    source: str
    erasures: tuple[Erasure, ...] = ()


@dataclass(frozen=True)
class LiveState:
    """What a restore takes from the live vault: its erasures and its hidden people."""

    erasures: list[Erasure] = field(default_factory=list)
    hidden: list[HiddenPerson] = field(default_factory=list)
    backup_folder: str | None = None  # where its newer backups are


@dataclass
class ReapplyResult:
    """What applying tombstones removed: counts per (source, table), hidden people, unknowns."""

    removed: Counter[tuple[str, str]] = field(default_factory=Counter)
    hidden: int = 0
    unknown_tables: set[str] = field(default_factory=set)

    @property
    def removed_count(self) -> int:
        return sum(self.removed.values())


def erasures(db: Database) -> list[Erasure]:
    return [
        Erasure(
            str(row["table_name"]),
            str(row["record_uuid"]),
            str(row["erased_at"]),
            bool(row["legacy"]),
        )
        for row in db.query("SELECT * FROM erased_record ORDER BY erased_at, table_name")
    ]


def encode_erasures(items: Iterable[Erasure]) -> bytes:
    """An erasure list as it travels sealed inside a backup (identifiers and times only)."""
    rows = [[e.table_name, e.record_uuid, e.erased_at, int(e.legacy)] for e in items]
    return json.dumps(rows, separators=(",", ":")).encode("utf-8")


def decode_erasures(data: bytes) -> list[Erasure]:
    """The inverse of `encode_erasures`; a list that does not parse is no list (ValueError)."""
    rows = json.loads(data.decode("utf-8"))
    if not isinstance(rows, list):
        raise ValueError("not a list of erasures")
    return [Erasure(str(t), str(u), str(at), bool(legacy)) for t, u, at, legacy in rows]


def tombstone_count(db: Database) -> int:
    return int(db.scalar("SELECT count(*) FROM erased_record"))


def live_state(db: Database) -> LiveState:
    hidden = [
        HiddenPerson(str(row["uuid"]), {key: row[key] for key in row.keys()})  # noqa: SIM118
        for row in db.query("SELECT * FROM person WHERE status <> 'active'")
    ]
    return LiveState(erasures(db), hidden)


def record_tombstones(db: Database, table: str, uuids: Sequence[str], now: datetime) -> None:
    """List these records as erased; a legacy tombstone of the same record becomes a full one."""
    db.execute_many(
        "INSERT OR REPLACE INTO erased_record (record_uuid, table_name, erased_at, legacy)"
        " VALUES (?, ?, ?, 0)",
        [(uuid, table, now.isoformat()) for uuid in uuids],
    )


def uuids_of(db: Database, table: str, ids: Sequence[int]) -> list[str]:
    if table not in ERASABLE_TABLES:
        raise ValueError(table)
    found: list[str] = []
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        found += db.column(f"SELECT uuid FROM {table} WHERE id IN ({marks})", chunk)
    return found


def applicable(own: Iterable[Erasure], others: Iterable[ErasureList]) -> list[tuple[str, Erasure]]:
    """The tombstones to apply to a copy whose own list is `own`, each with its source.

    The copy's own legacy tombstones were applied when they were made, and a
    legacy tombstone it already holds names a record the copy no longer has.
    """
    own_list = list(own)
    held = {item.record_uuid for item in own_list}
    chosen: dict[str, tuple[str, Erasure]] = {
        item.record_uuid: ("backup", item) for item in own_list if not item.legacy
    }
    for other in others:
        for item in other.erasures:
            if item.legacy and item.record_uuid in held:
                continue
            if item.record_uuid not in chosen or chosen[item.record_uuid][1].legacy:
                chosen[item.record_uuid] = (other.source, item)
    return sorted(chosen.values(), key=lambda pair: (pair[1].erased_at, pair[1].record_uuid))


def apply_erasures(db: Database, items: Iterable[tuple[str, Erasure]]) -> ReapplyResult:
    """Delete every listed record still present and keep its tombstone; inside a transaction."""
    result = ReapplyResult()
    for source, item in items:
        db.execute(
            "INSERT INTO erased_record (record_uuid, table_name, erased_at, legacy)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (record_uuid) DO UPDATE SET"
            " legacy = min(legacy, excluded.legacy)",
            (item.record_uuid, item.table_name, item.erased_at, int(item.legacy)),
        )
        if item.table_name not in ERASABLE_TABLES:
            result.unknown_tables.add(item.table_name)
            continue
        row_id = db.scalar(f"SELECT id FROM {item.table_name} WHERE uuid = ?", (item.record_uuid,))
        if row_id is None:
            continue
        if item.table_name == "person":
            search.unindex(db, [row_id])
        db.execute(f"DELETE FROM {item.table_name} WHERE id = ?", (row_id,))
        result.removed[(source, item.table_name)] += 1
    return result


def reapply_hidden(db: Database, people: Iterable[HiddenPerson], result: ReapplyResult) -> None:
    """Overwrite each restricted or anonymised person's restored row with the live one."""
    columns = set(db.column("SELECT name FROM pragma_table_info('person')"))
    for person in people:
        values = {
            key: value
            for key, value in person.values.items()
            if key in columns and key not in ("id", "uuid", "last_interaction_on")
        }
        row_id = db.scalar("SELECT id FROM person WHERE uuid = ?", (person.uuid,))
        if not values or row_id is None:
            continue
        assignments = ", ".join(f'"{name}" = ?' for name in values)  # names from the schema
        db.execute(f"UPDATE person SET {assignments} WHERE id = ?", (*values.values(), row_id))
        PeopleStore(db).reindex([row_id])
        result.hidden += 1


def removed_by_table(result: ReapplyResult) -> Mapping[str, int]:
    counts: Counter[str] = Counter()
    for (_source, table), count in result.removed.items():
        counts[table] += count
    return dict(counts)


def compact(db: Database) -> None:
    """Leave no trace of deleted rows: merge the search index, checkpoint, rebuild the file."""
    search.optimize(db)
    db.query("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("VACUUM")
    db.query("PRAGMA wal_checkpoint(TRUNCATE)")
