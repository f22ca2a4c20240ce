"""The audit trail table: append-only, hash-chained."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from coursenplus_desk.domain.audit import DETAILS, GENESIS_HASH, AuditEvent, event_hash
from coursenplus_desk.store.database import Database, Row

_ROWS_PER_INSERT = 1000  # 7,000 parameters: well under SQLite's limit of 32,766


class AuditStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def append(
        self,
        at: datetime,
        actor: str,
        action: str,
        person_id: int | None,
        details: dict[str, object],
    ) -> int:
        previous = self.db.scalar("SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1")
        prev_hash = str(previous) if previous else GENESIS_HASH
        digest = event_hash(prev_hash, at, actor, action, person_id, details)
        return self.db.execute(
            "INSERT INTO audit_event (at, actor, action, person_id, details, prev_hash, hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                at.isoformat(),
                actor,
                action,
                person_id,
                DETAILS.encode(details),
                prev_hash,
                digest,
            ),
        )

    def append_many(
        self, events: Sequence[tuple[datetime, str, str, int | None, dict[str, object]]]
    ) -> None:
        """`append` for many events at once (at, actor, action, person id, details): the
        same chain, hashed here and written in one statement."""
        previous = self.db.scalar("SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1")
        prev_hash = str(previous) if previous else GENESIS_HASH
        rows = []
        for at, actor, action, person_id, details in events:
            digest = event_hash(prev_hash, at, actor, action, person_id, details)
            text = DETAILS.encode(details)
            rows.append((at.isoformat(), actor, action, person_id, text, prev_hash, digest))
            prev_hash = digest
        # Many rows per statement: the chain's trigger makes every insert statement keep a
        # statement journal inside a savepoint (an import within a larger transaction).
        for start in range(0, len(rows), _ROWS_PER_INSERT):
            chunk = rows[start : start + _ROWS_PER_INSERT]
            self.db.execute(
                "INSERT INTO audit_event (at, actor, action, person_id, details, prev_hash, hash)"
                " VALUES " + ", ".join(["(?, ?, ?, ?, ?, ?, ?)"] * len(chunk)),
                [value for row in chunk for value in row],
            )

    def newest_id(self) -> int:
        return int(self.db.scalar("SELECT coalesce(max(id), 0) FROM audit_event"))

    def count(self) -> int:
        return int(self.db.scalar("SELECT count(*) FROM audit_event"))

    def changed_since(self, event_id: int, ignored: Sequence[str]) -> bool:
        """Whether an event after `event_id` is more than a view or one of `ignored`."""
        marks = ",".join("?" for _ in ignored)
        found = self.db.scalar(
            f"SELECT 1 FROM audit_event WHERE id > ? AND action NOT IN ({marks})"
            " AND action NOT LIKE '%.view' LIMIT 1",
            (event_id, *ignored),
        )
        return found is not None

    def events(self, person_id: int | None = None, limit: int | None = None) -> list[AuditEvent]:
        sql = "SELECT * FROM audit_event"
        params: list[object] = []
        if person_id is not None:
            sql += " WHERE person_id = ?"
            params.append(person_id)
        sql += " ORDER BY id DESC"
        if limit:
            sql += " LIMIT ?"
            params.append(limit)
        return [_event(row) for row in self.db.query(sql, params)]


def _event(row: Row) -> AuditEvent:
    return AuditEvent(
        id=int(row["id"]),
        at=datetime.fromisoformat(row["at"]),
        actor=row["actor"],
        action=row["action"],
        person_id=row["person_id"],
        details=json.loads(row["details"]),
        prev_hash=row["prev_hash"],
        hash=row["hash"],
    )
