"""Every laptop's own audit chain, and the copies of the other laptops' chains it keeps.

A laptop sends its new events in its files, as stored (ids, hashes, the
author's local person id) plus the person's UUID; the copies verify with the
same rules as the laptop's own chain. Pruning moves the author's anchor (older
events go from the copies too); redacting an expired view is repeated on the
copies.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from coursenplus_desk.domain.audit import event_hash
from coursenplus_desk.domain.audit_chain import ChainLink, ChainState
from coursenplus_desk.store.audit_chain import AuditChainStore
from coursenplus_desk.store.database import Database, Row
from coursenplus_desk.store.sync.snapshot import batches

_EVENT_FIELDS = 10
_OWN_EVENTS = (
    "SELECT e.id, e.at, e.actor, e.action, e.person_id, p.uuid, e.details, e.prev_hash, e.hash,"
    " e.redacted FROM audit_event e LEFT JOIN person p ON p.id = e.person_id ORDER BY e.id"
)
_PEER_EVENTS = (
    "SELECT id, at, actor, action, person_id, person_uuid, details, prev_hash, hash, redacted"
    " FROM sync_peer_audit WHERE laptop_id = ? ORDER BY id"
)


class PeerAuditStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    # this laptop's chain, as it travels

    def own_events(self, after_id: int) -> list[list[Any]]:
        rows = self.db.query(
            "SELECT e.*, p.uuid AS person_uuid FROM audit_event e"
            " LEFT JOIN person p ON p.id = e.person_id WHERE e.id > ? ORDER BY e.id",
            (after_id,),
        )
        return [_travelling(row) for row in rows]

    def own_redactions(self, ids: Sequence[int]) -> list[int]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        return [
            int(v)
            for v in self.db.column(
                f"SELECT id FROM audit_event WHERE redacted = 1 AND id IN ({marks})", list(ids)
            )
        ]

    def own_state(self) -> list[Any]:
        state = AuditChainStore(self.db).state()
        return [state.anchor_id, state.anchor_hash, state.head_id, state.head_hash, state.count]

    # the copies

    def receive(
        self, laptop_id: str, events: Sequence[object], state: object, redacted: Sequence[object]
    ) -> None:
        rows = [e for e in events if isinstance(e, list) and len(e) == _EVENT_FIELDS]
        self.db.execute_many(
            "INSERT OR IGNORE INTO sync_peer_audit (laptop_id, id, at, actor, action, person_id,"
            " person_uuid, details, prev_hash, hash, redacted) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [[laptop_id, *row] for row in rows],
        )
        ids = [int(i) for i in redacted if isinstance(i, int)]
        self.db.execute_many(
            "UPDATE sync_peer_audit SET actor = '', person_id = NULL, person_uuid = NULL,"
            " details = '{}', redacted = 1 WHERE laptop_id = ? AND id = ?",
            [(laptop_id, i) for i in ids],
        )
        if isinstance(state, list) and len(state) == 5:
            anchor_id, anchor_hash, head_id, head_hash, count = state
            self.db.execute(
                "DELETE FROM sync_peer_audit WHERE laptop_id = ? AND id <= ?",
                (laptop_id, anchor_id),
            )
            self.db.execute(
                "INSERT INTO sync_peer_chain (laptop_id, anchor_id, anchor_hash, head_id,"
                " head_hash, event_count) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (laptop_id) DO UPDATE SET"
                " anchor_id = excluded.anchor_id, anchor_hash = excluded.anchor_hash,"
                " head_id = excluded.head_id, head_hash = excluded.head_hash,"
                " event_count = excluded.event_count",
                (laptop_id, anchor_id, anchor_hash, head_id, head_hash, count),
            )

    def peers(self) -> list[str]:
        return [str(v) for v in self.db.column("SELECT laptop_id FROM sync_peer_chain ORDER BY 1")]

    def state(self, laptop_id: str) -> ChainState:
        row = self.db.one("SELECT * FROM sync_peer_chain WHERE laptop_id = ?", (laptop_id,))
        if row is None:
            return ChainState()
        return ChainState(
            anchor_id=int(row["anchor_id"]),
            anchor_hash=str(row["anchor_hash"]),
            head_id=int(row["head_id"]),
            head_hash=str(row["head_hash"]),
            count=int(row["event_count"]),
        )

    def links(self, laptop_id: str, batch: int = 2000) -> Iterator[ChainLink]:
        last = -1
        while True:
            rows = self.db.query(
                "SELECT * FROM sync_peer_audit WHERE laptop_id = ? AND id > ? ORDER BY id LIMIT ?",
                (laptop_id, last, batch),
            )
            if not rows:
                return
            for row in rows:
                yield _link(row)
            last = int(rows[-1]["id"])

    def chains(self, own_laptop: str) -> Iterator[list[Any]]:
        """["audit", laptop, chain state, events] for this laptop's chain and each copy,
        a batch of events at a time (for an invitation)."""
        own = self.own_state()
        for rows in batches(self.db, _OWN_EVENTS):
            yield ["audit", own_laptop, own, rows]
        for laptop_id in self.peers():
            state = self.state(laptop_id)
            shown = [
                state.anchor_id,
                state.anchor_hash,
                state.head_id,
                state.head_hash,
                state.count,
            ]
            for rows in batches(self.db, _PEER_EVENTS, (laptop_id,)):
                yield ["audit", laptop_id, shown, rows]


def _travelling(row: Row) -> list[Any]:
    return [
        int(row["id"]), str(row["at"]), str(row["actor"]), str(row["action"]), row["person_id"],
        row["person_uuid"], str(row["details"]), str(row["prev_hash"]), str(row["hash"]),
        int(row["redacted"]),
    ]  # fmt: skip


def _link(row: Row) -> ChainLink:
    recomputed = None
    if not row["redacted"]:
        try:
            recomputed = event_hash(
                str(row["prev_hash"]),
                datetime.fromisoformat(str(row["at"])),
                str(row["actor"]),
                str(row["action"]),
                row["person_id"],
                json.loads(str(row["details"])),
            )
        except (ValueError, TypeError):
            recomputed = ""
    return ChainLink(int(row["id"]), str(row["prev_hash"]), str(row["hash"]), recomputed)
