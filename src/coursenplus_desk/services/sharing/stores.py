"""The stores one sync works with, over one vault's connection and its live schema."""

from __future__ import annotations

from coursenplus_desk.store.database import Database
from coursenplus_desk.store.sync.outbox import Publisher
from coursenplus_desk.store.sync.peer_audit import PeerAuditStore
from coursenplus_desk.store.sync.review import ReviewStore
from coursenplus_desk.store.sync.rows import RowStore
from coursenplus_desk.store.sync.stamps import StampStore
from coursenplus_desk.store.sync.state import SyncStateStore
from coursenplus_desk.store.sync.tables import Schema
from coursenplus_desk.store.sync.tombstones import TombstoneStore


class SyncStores:
    def __init__(self, db: Database) -> None:
        self.schema = Schema(db)
        self.rows = RowStore(db, self.schema)
        self.stamps = StampStore(db)
        self.graves = TombstoneStore(db, self.schema, self.rows)
        self.review = ReviewStore(db)
        self.state = SyncStateStore(db)
        self.peers = PeerAuditStore(db)
        self.publisher = Publisher(db, self.schema, self.rows, self.stamps, self.graves)
