"""Re-key: replace the data key and rewrite the database under it, crash-safely.

The vault folder holds two files that must change together (the database and
the key-slot header) while a rename changes only one. The order below makes
every crash recoverable, and `recover_interrupted_rekey` runs (under the vault
lock) before each unlock:

1. write the new header to `keyslots.json.rekey` (temp + fsync + rename);
2. export the database under the new key to `records.db.rekey` (fsynced);
3. commit point: rename `keyslots.json.rekey` over `keyslots.json`;
4. drop the old database's -wal/-shm and rename `records.db.rekey` over `records.db`.

So `records.db.rekey` without `keyslots.json.rekey` means "committed" (the
pending files are always removed database first). A crash before 3 leaves the
old vault whole (recovery deletes the `.rekey` files); a crash after 3 leaves
the new header with the complete new database beside it (recovery finishes
step 4). Either way a vault that opens with the same passphrase, never neither.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from coursenplus_desk.vault.atomic import sync_folder, write_atomically
from coursenplus_desk.vault.connection import Connection
from coursenplus_desk.vault.export import export_database

PENDING_SUFFIX = ".rekey"


def pending(path: Path) -> Path:
    return path.with_name(path.name + PENDING_SUFFIX)


def prepare_rekey(
    connection: Connection, database: Path, header: Path, new_key: bytes, new_header: bytes
) -> None:
    """Steps 1 and 2: the new header and database beside the current ones; nothing replaced."""
    discard_pending(database, header)
    try:
        write_atomically(pending(header), new_header)
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        export_database(connection, pending(database), new_key)
    except BaseException:
        discard_pending(database, header)
        raise


def commit_rekey(database: Path, header: Path) -> None:
    """Steps 3 and 4; the old connection must be closed first."""
    pending(header).replace(header)
    sync_folder(header.parent)
    finish_database_swap(database)


def finish_database_swap(database: Path) -> None:
    for companion in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            database.with_name(database.name + companion).unlink()
    pending(database).replace(database)
    sync_folder(database.parent)


def discard_pending(database: Path, header: Path) -> None:
    """Database first: a pending database alone would mean "committed"."""
    journal = pending(database).with_name(pending(database).name + "-journal")
    for path in (pending(database), journal, pending(header)):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    sync_folder(database.parent)


def recover_interrupted_rekey(database: Path, header: Path, lock: Path) -> None:
    """Finish or undo a re-key a crash interrupted, and drop half-written key files.

    Nothing to do (the usual case) costs a glob of the vault folder.
    """
    strays = list(header.parent.glob(f".{header.name}*.tmp"))  # a write cut short
    if not (pending(database).exists() or pending(header).exists() or strays):
        return
    import filelock

    guard = filelock.FileLock(str(lock), timeout=0, mode=0o600)
    try:
        guard.acquire()
    except (filelock.Timeout, OSError):
        return  # the program that holds the vault is re-keying it right now
    try:
        for stray in strays:
            with contextlib.suppress(FileNotFoundError):
                stray.unlink()
        if pending(header).exists():
            discard_pending(database, header)  # crashed before the commit point
        elif pending(database).exists():
            finish_database_swap(database)  # crashed after it
    finally:
        guard.release()
