"""Applying other laptops' rows: last writer wins per field, links by presence, rules checked.

Runs inside the caller's transaction with capture paused. Rows are applied
table by table in `SHARED_TABLES` order (a record before what refers to it).
What cannot be applied is left out and listed for review, never half-written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from coursenplus_desk.domain.sync.hlc import GENESIS, BadStampError, Hlc
from coursenplus_desk.domain.sync.merge import Decision, decide
from coursenplus_desk.domain.text import sort_key
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.people import PeopleStore
from coursenplus_desk.store.sync.hidden import PRECEDENCE, HiddenPeople, is_hidden, take_held
from coursenplus_desk.store.sync.review import ReviewKind, ReviewStore
from coursenplus_desk.store.sync.rows import RowStore, Values
from coursenplus_desk.store.sync.stamps import StampStore, effective
from coursenplus_desk.store.sync.tables import ORDER, PRESENT, KeyKind, Schema, TableShape
from coursenplus_desk.store.sync.tombstones import Origin, TombstoneStore
from coursenplus_desk.vault.connection import IntegrityError

_SCALARS = (str, int, float, type(None))
# A person's values the sort key and the search terms are made of (and who is searchable).
DERIVED_FROM = frozenset({"given_name", "family_name", "email", "phone", "status"})


@dataclass
class MergeCounts:
    applied: int = 0
    conflicts: int = 0
    dropped: int = 0
    buried: list[str] = field(default_factory=list)


def is_valid_row(row: object) -> bool:
    if not isinstance(row, list) or len(row) != 5:
        return False
    table, key, present, values, bases = row
    return (
        isinstance(table, str)
        and isinstance(key, str)
        and present in (None, 0, 1)
        and isinstance(values, dict)
        and isinstance(bases, dict)
        and all(isinstance(v, _SCALARS) for v in values.values())
        and all(isinstance(b, str) for b in bases.values())
    )


def _protective_first(
    decision: Decision, incoming: Any, local: Any, stamp: str, local_stamp: str
) -> Decision:
    """Concurrent status changes: the more protective status wins, then the later stamp."""
    ours = (PRECEDENCE.get(str(local), 0), local_stamp)
    theirs = (PRECEDENCE.get(str(incoming), 0), stamp)
    return Decision(take_incoming=theirs > ours, concurrent=True)


def laptop_of(stamp: str) -> str:
    try:
        return Hlc.decode(stamp).laptop
    except BadStampError:
        return ""


class Merger:
    def __init__(
        self,
        db: Database,
        schema: Schema,
        rows: RowStore,
        stamps: StampStore,
        graves: TombstoneStore,
        review: ReviewStore,
        now: datetime,
    ) -> None:
        self.db = db
        self.schema = schema
        self.rows = rows
        self.stamps = stamps
        self.graves = graves
        self.review = review
        self.now = now
        self.people = PeopleStore(db)
        self.hidden = HiddenPeople(db, stamps, review)
        self._touched_people: set[int] = set()
        self._statuses: dict[int, object] = {}  # people's status, as new records name them

    # tombstones

    def apply_tombstones(self, items: Sequence[object], origin: Origin) -> list[str]:
        buried: list[str] = []
        for item in items:
            if not (isinstance(item, list) and len(item) == 3 and isinstance(item[0], str)):
                continue
            table, key, erased = item
            if isinstance(key, str) and self.schema.shape(table) is not None:
                buried += self.graves.bury(table, key, origin, bool(erased))
        if buried:
            self.graves.purge_traces(buried)
        return buried

    # rows

    def apply_rows(self, rows: Sequence[object], stamp: str) -> MergeCounts:
        counts = MergeCounts()
        valid = [r for r in rows if is_valid_row(r)]
        counts.dropped += len(rows) - len(valid)
        ordered: list[list[Any]] = sorted(
            (r for r in valid if isinstance(r, list)), key=lambda r: ORDER.get(r[0], len(ORDER))
        )
        self.db.execute("SAVEPOINT merge_file")
        try:
            self._prefetch(ordered)
            self._apply_all(ordered, stamp, counts, one_by_one=False)
        except IntegrityError:  # one row this vault refuses: again, each row on its own
            self.db.execute("ROLLBACK TO merge_file")
            self._touched_people.clear()
            self.rows.forget_ids()
            counts = MergeCounts(dropped=counts.dropped)
            self._prefetch(ordered)
            self._apply_all(ordered, stamp, counts, one_by_one=True)
        self.db.execute("RELEASE merge_file")
        self._refresh_people()
        return counts

    def _prefetch(self, rows: list[list[Any]]) -> None:
        """What the rows will look up, a few queries per table instead of several per row."""
        by_table: dict[str, list[str]] = {}
        for table, key, _present, _values, _bases in rows:
            by_table.setdefault(table, []).append(key)
        self._dead: set[str] = set()
        self._stamps: dict[tuple[str, str], dict[str, str]] = {}
        self._current: dict[tuple[str, str], Values] = {}
        for table, keys in by_table.items():
            shape = self.schema.shape(table)
            if shape is None:
                continue
            for key, stamps in self.stamps.many(table, keys).items():
                self._stamps[(table, key)] = stamps
            if shape.table.kind is KeyKind.UUID:
                self._dead |= self.graves.dead_among(keys)
                self.rows.prefetch_ids(table, keys)
                for key, values in self.rows.read(shape, keys).items():
                    self._current[(table, key)] = values
        self._held = self.hidden.holding(by_table.get("person", []))

    def _apply_all(
        self, rows: list[list[Any]], stamp: str, counts: MergeCounts, *, one_by_one: bool
    ) -> None:
        for table, key, present, values, bases in rows:
            shape = self.schema.shape(table)
            if shape is None:
                counts.dropped += 1
                continue
            if one_by_one:
                applied = self._apply_alone(shape, key, present, values, bases, stamp, counts)
            else:
                applied = self._apply_row(shape, key, present, dict(values), bases, stamp, counts)
            counts.applied += int(applied)
            counts.dropped += int(not applied)

    def _apply_alone(
        self,
        shape: TableShape,
        key: str,
        present: int | None,
        values: dict[str, Any],
        bases: dict[str, str],
        stamp: str,
        counts: MergeCounts,
    ) -> bool:
        """One row in its own savepoint: refused by a constraint, it is listed, not applied."""
        self.db.execute("SAVEPOINT merge_row")
        try:
            applied = self._apply_row(shape, key, present, dict(values), bases, stamp, counts)
        except IntegrityError:
            self.db.execute("ROLLBACK TO merge_row")
            self.review.note(ReviewKind.NOT_APPLIED, shape.name, key, self.now,
                             details={"reason": "constraint"})  # fmt: skip
            applied = False
        self.db.execute("RELEASE merge_row")
        return applied

    def _apply_row(
        self,
        shape: TableShape,
        key: str,
        present: int | None,
        values: dict[str, Any],
        bases: dict[str, str],
        stamp: str,
        counts: MergeCounts,
    ) -> bool:
        held = take_held(values) if shape.name == "person" else []
        values = {c: v for c, v in values.items() if c in shape.columns}
        if held and key not in self._dead:
            self.hidden.hold(key, held)
            self._held.add(key)
        if shape.table.kind is KeyKind.UUID:
            if key in self._dead:
                return False
            if present == 1 and not self.rows.record_exists(shape, key):
                return self._create(shape, key, values, stamp, counts)
            if not self.rows.record_exists(shape, key):
                return False
            return self._update(shape, key, values, bases, stamp, counts)
        return self._apply_keyed(shape, key, present, values, bases, stamp, counts)

    def _create(
        self, shape: TableShape, key: str, values: Values, stamp: str, counts: MergeCounts
    ) -> bool:
        local, missing = self.rows.local_values(shape, values)
        gone = [c for c in missing if shape.references[c].cascade]
        if gone:  # it belongs to a record that was deleted here: it goes the same way
            origin = Origin(laptop_of(stamp), 0)
            self.graves.record(shape.name, key, origin, erased=False)
            self._dead.add(key)
            counts.buried.append(key)
            return False
        local.update(self._local_fill(shape, values))
        row_id = self.rows.insert_record(shape, key, local)
        self.stamps.set(shape.name, key, {PRESENT: stamp})
        if shape.name == "person":
            self._touched_people.add(row_id)
        self._check_new_record(shape, key, local)
        return True

    def _update(
        self,
        shape: TableShape,
        key: str,
        values: Values,
        bases: Mapping[str, str],
        stamp: str,
        counts: MergeCounts,
    ) -> bool:
        stamps = self._stamps.get((shape.name, key), {})
        current = self._current.get((shape.name, key), {})
        taken, new_stamps = self._merge_fields(
            shape, key, values, bases, stamp, stamps, current, counts
        )
        if shape.name == "person":
            taken = self.hidden.refuse_filling(key, taken, current.get("status"), self.now)
            new_stamps = {c: h for c, h in new_stamps.items() if c in taken}
        local, missing = self.rows.local_values(shape, taken)
        for column in missing:
            if shape.references[column].cascade:
                local.pop(column)
                new_stamps.pop(column, None)
        self.rows.update_record(shape, key, local)
        self.stamps.set(shape.name, key, new_stamps)
        if shape.name == "person":
            person_id = self.rows.local_id("person", key)
            if person_id is not None:
                if DERIVED_FROM & set(taken):
                    self._touched_people.add(person_id)
                if key in self._held or is_hidden(taken.get("status", current.get("status"))):
                    self.hidden.enforce(key, person_id, stamp, stamps)
        return True

    def _merge_fields(
        self,
        shape: TableShape,
        key: str,
        values: Values,
        bases: Mapping[str, str],
        stamp: str,
        stamps: Mapping[str, str],
        current: Mapping[str, Any],
        counts: MergeCounts,
    ) -> tuple[Values, dict[str, str]]:
        taken: Values = {}
        new_stamps: dict[str, str] = {}
        for column, value in values.items():
            local = effective(stamps, column)
            decision = decide(stamp, bases.get(column, GENESIS), local)
            if decision.concurrent and shape.name == "person" and column == "status":
                decision = _protective_first(decision, value, current.get(column), stamp, local)
            if decision.concurrent and current.get(column) != value:
                counts.conflicts += 1
                self._note_conflict(shape, key, column, decision.take_incoming,
                                    (value, stamp), (current.get(column), local))  # fmt: skip
            if decision.take_incoming:
                taken[column] = value
                new_stamps[column] = stamp
        return taken, new_stamps

    def _note_conflict(
        self,
        shape: TableShape,
        key: str,
        column: str,
        incoming_wins: bool,
        incoming: tuple[Any, str],
        local: tuple[Any, str],
    ) -> None:
        winner, loser = (incoming, local) if incoming_wins else (local, incoming)
        kept = self.review.keep_loser(shape.name, key, column, loser[0], loser[1], self.now)
        self.review.note(
            ReviewKind.CONFLICT,
            shape.name,
            key,
            self.now,
            column=column,
            kept_stamp=winner[1],
            other_id=kept,
            details={"kept_by": laptop_of(winner[1]), "other_by": laptop_of(loser[1])},
        )

    # links and settings

    def _apply_keyed(
        self,
        shape: TableShape,
        key: str,
        present: int | None,
        values: Values,
        bases: Mapping[str, str],
        stamp: str,
        counts: MergeCounts,
    ) -> bool:
        local_key = self.rows.key_values(shape, key)
        if local_key is None or (
            shape.table.only_keys and local_key[0] not in shape.table.only_keys
        ):
            return False
        stamps = self._stamps.get((shape.name, key), {})
        exists = self.rows.keyed_exists(shape, local_key)
        if present is None:
            if not exists:
                return False
            current = self.rows.read(shape, [key]).get(key, {})
            taken, new_stamps = self._merge_fields(
                shape, key, values, bases, stamp, stamps, current, counts
            )
            local, _missing = self.rows.local_values(shape, taken)
            self.rows.update_keyed(shape, local_key, local)
            self.stamps.set(shape.name, key, new_stamps)
            return True
        decision = decide(stamp, bases.get(PRESENT, GENESIS), effective(stamps, PRESENT))
        if present == 1 and exists and decision.concurrent:
            current = self.rows.read(shape, [key]).get(key, {})
            for column, value in values.items():
                if current.get(column) != value:
                    counts.conflicts += 1
                    local_value = (current.get(column), effective(stamps, PRESENT))
                    self._note_conflict(
                        shape, key, column, decision.take_incoming, (value, stamp), local_value
                    )
        if not decision.take_incoming:
            return False
        if present == 1:
            local, _missing = self.rows.local_values(shape, values)
            self.rows.upsert_keyed(shape, local_key, local)
            if shape.name == "guardianship":
                self._check_cycle(key, local_key)
        elif exists:
            self.rows.delete_keyed(shape, local_key)
        self.stamps.clear_fields(shape.name, key)
        self.stamps.set(shape.name, key, {PRESENT: stamp})
        return True

    # rules a merge can break: listed for review

    def _check_new_record(self, shape: TableShape, key: str, local: Values) -> None:
        if shape.name == "enrollment":
            twice = self.db.scalar(
                "SELECT count(*) FROM enrollment WHERE student_id = ? AND group_id = ?"
                " AND status = 'active'",
                (local.get("student_id"), local.get("group_id")),
            )
            if twice and int(twice) > 1:
                self.review.note(ReviewKind.DOUBLE_ENROLLMENT, shape.name, key, self.now)
        person_column = next(
            (r.column for r in shape.references.values() if r.table == "person" and r.cascade),
            None,
        )
        if person_column is not None and local.get(person_column) is not None:
            person_id = int(local[person_column])
            if person_id not in self._statuses:
                self._statuses[person_id] = self.db.scalar(
                    "SELECT status FROM person WHERE id = ?", (person_id,)
                )
            if self._statuses[person_id] not in (None, "active"):
                self.review.note(ReviewKind.RESTRICTED_ADDITION, shape.name, key, self.now)

    def _check_cycle(self, key: str, local_key: Sequence[Any]) -> None:
        guardian, student = int(local_key[0]), int(local_key[1])
        seen: set[int] = set()
        pending = [guardian]
        while pending:
            for parent in self.people.guardian_ids(pending.pop()):
                if parent == student:
                    self.review.note(ReviewKind.CYCLE, "guardianship", key, self.now)
                    return
                if parent not in seen:
                    seen.add(parent)
                    pending.append(parent)

    # what each laptop derives for itself

    def _local_fill(self, shape: TableShape, values: Mapping[str, Any]) -> Values:
        if shape.name != "person":
            return {}
        return {
            "sort_key": sort_key(
                str(values.get("family_name") or ""), str(values.get("given_name") or "")
            ),
            "updated_at": self.now.isoformat(),
        }

    def _refresh_people(self) -> None:
        """Sort keys and search terms of the people this merge touched; hidden people unindexed."""
        for person_id in sorted(self._touched_people):
            fields = self.people.fields(person_id)
            status = self.db.scalar("SELECT status FROM person WHERE id = ?", (person_id,))
            if fields is None or status is None:
                continue
            self.db.execute(
                "UPDATE person SET sort_key = ? WHERE id = ?",
                (sort_key(fields.family_name, fields.given_name), person_id),
            )
        self.people.reindex(list(self._touched_people))  # the search index's one owner
        self._touched_people.clear()
