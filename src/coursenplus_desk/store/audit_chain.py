"""Reading the audit chain for verification, and pruning it without breaking it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime

from coursenplus_desk.domain.audit import event_hash
from coursenplus_desk.domain.audit_chain import ChainLink, ChainState
from coursenplus_desk.store.database import Database, Row

# Views are the events that say who looked at whom; they expire sooner than changes.
VIEW_PATTERN = "%.view"


class AuditChainStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def state(self) -> ChainState:
        row = self.db.one("SELECT * FROM audit_chain WHERE id = 1")
        if row is None:
            return ChainState()
        return ChainState(
            anchor_id=int(row["anchor_id"]),
            anchor_hash=str(row["anchor_hash"]),
            head_id=int(row["head_id"]),
            head_hash=str(row["head_hash"]),
            count=int(row["event_count"]),
            reused_id=None if row["reused_id"] is None else int(row["reused_id"]),
        )

    def links(self, batch: int = 2000) -> Iterator[ChainLink]:
        """Every event in id order with its hash recomputed from its stored fields."""
        last = -1
        while True:
            rows = self.db.query(
                "SELECT * FROM audit_event WHERE id > ? ORDER BY id LIMIT ?", (last, batch)
            )
            if not rows:
                return
            for row in rows:
                yield _link(row)
            last = int(rows[-1]["id"])

    def redact_views(self, before: datetime) -> int:
        """Strip who-viewed-whom from views older than `before`; their links stay."""
        return self.db.changes(
            "UPDATE audit_event SET actor = '', person_id = NULL, details = '{}', redacted = 1"
            " WHERE redacted = 0 AND action LIKE ? AND at < ?",
            (VIEW_PATTERN, before.isoformat()),
        )

    def prune_prefix(self, views_before: datetime, changes_before: datetime) -> int:
        """Delete the oldest run of expired events; the last one deleted becomes the anchor."""
        keep_from = self.db.scalar(
            "SELECT min(id) FROM audit_event WHERE"
            " (action LIKE ? AND at >= ?) OR (action NOT LIKE ? AND at >= ?)",
            (VIEW_PATTERN, views_before.isoformat(), VIEW_PATTERN, changes_before.isoformat()),
        )
        head = self.db.scalar("SELECT max(id) FROM audit_event")
        if head is None:
            return 0
        last_pruned = min(int(head) - 1, int(keep_from) - 1 if keep_from is not None else head)
        anchor = self.db.one("SELECT id, hash FROM audit_event WHERE id = ?", (last_pruned,))
        if anchor is None:
            return 0
        removed = int(
            self.db.scalar("SELECT count(*) FROM audit_event WHERE id <= ?", (last_pruned,))
        )
        self.db.execute("DELETE FROM audit_event WHERE id <= ?", (last_pruned,))
        self.db.execute(
            "UPDATE audit_chain SET anchor_id = ?, anchor_hash = ?, event_count = event_count - ?"
            " WHERE id = 1",
            (int(anchor["id"]), str(anchor["hash"]), removed),
        )
        return removed


def _link(row: Row) -> ChainLink:
    recomputed = None
    if not row["redacted"]:
        try:
            recomputed = event_hash(
                row["prev_hash"],
                datetime.fromisoformat(row["at"]),
                row["actor"],
                row["action"],
                row["person_id"],
                json.loads(row["details"]),
            )
        except (ValueError, TypeError):
            recomputed = ""  # unreadable fields: certainly not what was hashed
    return ChainLink(int(row["id"]), str(row["prev_hash"]), str(row["hash"]), recomputed)


def event_hash_of(db: Database, event_id: int) -> str | None:
    """The stored hash of one event (None when it was pruned or never existed)."""
    value = db.scalar("SELECT hash FROM audit_event WHERE id = ?", (event_id,))
    return None if value is None else str(value)
