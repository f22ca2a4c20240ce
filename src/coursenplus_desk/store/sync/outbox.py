"""Publishing: the outbox's marks become rows as they travel, stamped with this file's clock.

Each changed record is read as it is now: a new record travels whole, an
edited one with its changed fields and, for each, the stamp of the value it
replaced (its base). A record that is gone becomes a tombstone; a link or a
setting that is gone becomes "absent".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from coursenplus_desk.store.database import Database
from coursenplus_desk.store.sync.hidden import HELD, HiddenPeople, held_columns
from coursenplus_desk.store.sync.review import ReviewStore
from coursenplus_desk.store.sync.rows import RowStore, decode_key
from coursenplus_desk.store.sync.stamps import StampStore, effective
from coursenplus_desk.store.sync.tables import NAMES_ONLY, PRESENT, KeyKind, Schema, TableShape
from coursenplus_desk.store.sync.tombstones import Origin, TombstoneStore


@dataclass
class Outgoing:
    rows: list[list[Any]] = field(default_factory=list)  # [table, key, present, values, bases]
    tombstones: list[list[Any]] = field(default_factory=list)  # [table, uuid, erased]
    last_mark: int = 0

    @property
    def empty(self) -> bool:
        return not self.rows and not self.tombstones


@dataclass(frozen=True)
class _Marks:
    created: bool
    deleted: bool
    columns: frozenset[str]


def _marks(text: str) -> _Marks:
    names = frozenset(part for part in text.replace("*", ",").replace("-", ",").split(",") if part)
    return _Marks("*" in text, "-" in text, names)


class Publisher:
    def __init__(
        self,
        db: Database,
        schema: Schema,
        rows: RowStore,
        stamps: StampStore,
        graves: TombstoneStore,
    ) -> None:
        self.db = db
        self.schema = schema
        self.rows = rows
        self.stamps = stamps
        self.graves = graves
        self.hidden = HiddenPeople(db, stamps, ReviewStore(db))

    def has_marks(self) -> bool:
        """Changes to publish (a redacted audit event alone waits for the next file)."""
        return (
            self.db.one("SELECT 1 FROM sync_outbox WHERE tbl <> 'audit_event' LIMIT 1") is not None
        )

    def collect(self, stamp: str, origin: Origin) -> Outgoing:
        """Every marked record as it travels; stamps and tombstones recorded here."""
        outgoing = Outgoing(
            last_mark=int(self.db.scalar("SELECT coalesce(max(id), 0) FROM sync_outbox"))
        )
        by_table: dict[str, dict[str, str]] = defaultdict(dict)
        for row in self.db.query(
            "SELECT tbl, key, group_concat(cols, ',') AS marks FROM sync_outbox"
            " WHERE id <= ? GROUP BY tbl, key",
            (outgoing.last_mark,),
        ):
            by_table[str(row["tbl"])][str(row["key"])] = str(row["marks"])
        for shape in self.schema.ordered():
            marked = by_table.get(shape.name)
            if marked:
                self._collect_table(shape, marked, stamp, origin, outgoing)
        return outgoing

    def forget_marks(self, last_mark: int, *, published: bool = True) -> None:
        """Marks up to `last_mark`; when no file was written, audit redactions stay for the next."""
        if published:
            self.db.execute("DELETE FROM sync_outbox WHERE id <= ?", (last_mark,))
        else:
            self.db.execute(
                "DELETE FROM sync_outbox WHERE id <= ? AND tbl <> 'audit_event'", (last_mark,)
            )

    def _collect_table(
        self, shape: TableShape, marked: dict[str, str], stamp: str, origin: Origin, out: Outgoing
    ) -> None:
        keys = [k for k in marked if not self._names_the_dead(shape, k)]
        current = self.rows.read(shape, keys)
        known = self.stamps.many(shape.name, keys)
        new_stamps: list[tuple[str, str, str, str]] = []
        erased = self._erased(shape, [k for k in keys if k not in current])
        for key in keys:
            marks = _marks(marked[key])
            stamps = known.get(key, {})
            values = current.get(key)
            if shape.table.kind is KeyKind.UUID:
                if values is None:
                    self.graves.record(shape.name, key, origin, key in erased)
                    out.tombstones.append([shape.name, key, int(key in erased)])
                    continue
                if marks.created:
                    created = dict(values)
                    if shape.name == "person" and held_columns(values):
                        created[HELD] = self._hold(key, values)
                    out.rows.append([shape.name, key, 1, created, {}])
                    new_stamps.append((shape.name, key, PRESENT, stamp))
                    continue
            elif values is None or marks.created or marks.deleted:
                present = values is not None
                out.rows.append(
                    [
                        shape.name,
                        key,
                        int(present),
                        values or {},
                        {PRESENT: effective(stamps, PRESENT)},
                    ]
                )
                self.stamps.clear_fields(shape.name, key)
                new_stamps.append((shape.name, key, PRESENT, stamp))
                continue
            changed = sorted(marks.columns & set(shape.columns))
            if not changed:
                continue
            changes = {c: values[c] for c in changed}
            bases = {c: effective(stamps, c) for c in changed}
            if shape.name == "person" and "status" in changes and held_columns(values):
                changes[HELD] = self._hold(key, values)
            out.rows.append([shape.name, key, None, changes, bases])
            new_stamps += [(shape.name, key, c, stamp) for c in changed]
        self.stamps.set_rows(new_stamps)

    def _hold(self, key: str, values: dict[str, Any]) -> str:
        held = held_columns(values)
        self.hidden.hold(key, held)
        return ",".join(held)

    def _names_the_dead(self, shape: TableShape, key: str) -> bool:
        if shape.name in NAMES_ONLY:
            return False
        if shape.table.kind is KeyKind.UUID:
            return self.graves.is_dead(key)
        parts = decode_key(key) or []
        return bool(self.graves.dead_among(p for p in parts if isinstance(p, str)))

    def _erased(self, shape: TableShape, keys: list[str]) -> set[str]:
        """Those of these gone records that are in the erasure list (not merely deleted)."""
        if not keys or self.schema.shape("erased_record") is None:
            return set()
        found: set[str] = set()
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                str(v)
                for v in self.db.column(
                    f"SELECT record_uuid FROM erased_record WHERE record_uuid IN ({marks})", chunk
                )
            )
        return found
