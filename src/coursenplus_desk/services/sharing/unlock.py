"""What unlocking does for the shared register: the capture triggers follow the schema.

Apart from the sharing service on purpose: every command and the desktop program
unlock the vault, and only the sharing commands need the sync engine, whose
import is most of what a read command would otherwise load.
"""

from __future__ import annotations

from coursenplus_desk.store.database import Database
from coursenplus_desk.store.sync import capture
from coursenplus_desk.store.sync.state import SyncStateStore
from coursenplus_desk.store.sync.tables import Schema


def is_shared(db: Database) -> bool:
    return SyncStateStore(db).registration() is not None


def prepare_capture(db: Database) -> None:
    """Capture triggers as the schema is now while the vault is shared; none otherwise."""
    if is_shared(db):
        capture.install_triggers(db, Schema(db))
    else:
        capture.remove_triggers(db)
