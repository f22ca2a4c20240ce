"""Records who did what, when, to whom: ids, actions, counts and field names, never values."""

from __future__ import annotations

from collections.abc import Sequence

from coursenplus_desk.domain.clock import Clock
from coursenplus_desk.store.audit import AuditStore
from coursenplus_desk.store.database import Database


class Auditor:
    def __init__(self, db: Database, clock: Clock, actor: str) -> None:
        self.store = AuditStore(db)
        self.clock = clock
        self.actor = actor

    def record(self, action: str, person_id: int | None = None, **details: object) -> None:
        self.store.append(self.clock.now(), self.actor, action, person_id, dict(details))

    def record_many(self, events: Sequence[tuple[str, int | None, dict[str, object]]]) -> None:
        """`record` for many events (action, person id, details) in one statement."""
        self.store.append_many(
            [
                (self.clock.now(), self.actor, action, person_id, details)
                for action, person_id, details in events
            ]
        )
