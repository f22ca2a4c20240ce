"""The SQLCipher connection: raw 32-byte key, safe pragmas, damage reported clearly.

The raw key skips SQLCipher's own PBKDF2 (0.0002 s instead of 0.12 s): our key
slots already did the slow derivation. A wrong key or a tampered page shows
only at the first read, as SQLITE_NOTADB or SQLITE_CORRUPT; `guard` turns
those into a `VaultUnavailableError` wherever they happen.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

from coursenplus_desk.domain.errors import VaultUnavailableError
from coursenplus_desk.i18n import N_

Connection = Any  # sqlcipher3 ships no type information
DatabaseError = sqlcipher.DatabaseError
IntegrityError = sqlcipher.IntegrityError

_DAMAGE_CODES = {"SQLITE_NOTADB", "SQLITE_CORRUPT", "SQLITE_IOERR"}

SAFE_PRAGMAS = (
    "PRAGMA foreign_keys = ON",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA secure_delete = ON",
    "PRAGMA trusted_schema = OFF",
    # Decrypted pages stay in memory: SQLCipher pays for every page read from disk.
    "PRAGMA cache_size = -65536",
)


def damaged_vault() -> VaultUnavailableError:
    return VaultUnavailableError(
        N_(
            "The vault file is damaged or was altered: it cannot be read safely. "
            "Restore it from a backup."
        )
    )


def is_damage(error: BaseException) -> bool:
    name = getattr(error, "sqlite_errorname", "") or ""
    return isinstance(error, DatabaseError) and any(name.startswith(c) for c in _DAMAGE_CODES)


@contextmanager
def guard() -> Iterator[None]:
    """Report a damaged or tampered database as such, never as a crash or as data."""
    try:
        yield
    except DatabaseError as error:
        if is_damage(error):
            raise damaged_vault() from None
        raise
    except MemoryError:
        # SQLCipher reports a page that fails its HMAC while a write reads it as SQLITE_NOMEM,
        # which Python raises as MemoryError: a vault this small never runs out of memory.
        raise damaged_vault() from None


def connect(path: Path, data_key: bytes) -> Connection:
    """Open (or create) the database with the raw key and check that it can be read.

    Any thread may use the connection: its one owner is the store's `Database`,
    whose lock every statement and transaction holds (not the thread that opened it).
    """
    connection = sqlcipher.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
        connection.enable_load_extension(False)
        connection.row_factory = sqlcipher.Row
        with guard():
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            for pragma in SAFE_PRAGMAS:
                connection.execute(pragma).fetchall()
    except BaseException:
        connection.close()
        raise
    return connection


def integrity_problems(connection: Connection) -> list[str]:
    """Every page that fails its HMAC, then SQLite's own structural check; empty when sound."""
    with guard():
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        problems = [str(row[0]) for row in connection.execute("PRAGMA cipher_integrity_check")]
        structural = [str(row[0]) for row in connection.execute("PRAGMA integrity_check")]
    return problems + [line for line in structural if line != "ok"]
