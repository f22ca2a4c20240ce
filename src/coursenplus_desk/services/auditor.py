"""Records who did what, when, to whom: ids, actions, counts and field names, never values.

What a read records about itself (an unlock, a view, a lock), outside any
transaction, is kept in memory when the disk is full and written with the next
event or at the close; `unrecorded` tells the front end that some could not be.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from coursenplus_desk.domain.clock import Clock
from coursenplus_desk.domain.errors import DiskFullError
from coursenplus_desk.store.audit import AuditStore
from coursenplus_desk.store.database import Database

Event = tuple[datetime, str, str, int | None, dict[str, object]]


class Auditor:
    def __init__(self, db: Database, clock: Clock, actor: str) -> None:
        self.store = AuditStore(db)
        self.db = db
        self.clock = clock
        self.actor = actor
        self.pending: list[Event] = []
        self.disk_was_full = False

    @property
    def unrecorded(self) -> int:
        """Events kept in memory because the disk was full."""
        return len(self.pending) if self.disk_was_full else 0

    def record(self, action: str, person_id: int | None = None, **details: object) -> None:
        event = (self.clock.now(), self.actor, action, person_id, dict(details))
        if self.db.in_transaction:
            self.store.append(*event)
            return
        self.pending.append(event)
        self.flush()

    def flush(self) -> None:
        """Write the events kept in memory; on a full disk they stay for the next time."""
        if not self.pending or self.db.in_transaction:
            return
        try:
            with self.db.audit_only():
                if len(self.pending) == 1:
                    self.store.append(*self.pending[0])
                else:
                    self.store.append_many(self.pending)
        except DiskFullError:
            self.disk_was_full = True
            return
        self.pending.clear()

    def record_many(self, events: Sequence[tuple[str, int | None, dict[str, object]]]) -> None:
        """`record` for many events (action, person id, details) in one statement."""
        self.store.append_many(
            [
                (self.clock.now(), self.actor, action, person_id, details)
                for action, person_id, details in events
            ]
        )
