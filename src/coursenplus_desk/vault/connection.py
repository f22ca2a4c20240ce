"""The SQLCipher connection: raw 32-byte key, safe pragmas, damage reported clearly.

The raw key skips SQLCipher's own PBKDF2 (0.0002 s instead of 0.12 s): our key
slots already did the slow derivation. A wrong key or a tampered page shows
only at the first read, as SQLITE_NOTADB or SQLITE_CORRUPT; `guard` turns
those into a `VaultDamagedError` wherever they happen, a full disk into a
`DiskFullError`, and a database another program holds into `VaultInUseError`.

The connection holds the database exclusively from its opening to its close
(`locking_mode = EXCLUSIVE` and a first exclusive transaction): a second
program cannot read or write it even if the vault's lock file was deleted. In
that mode WAL needs no shared-memory file either.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

from coursenplus_desk.domain.errors import DiskFullError, VaultDamagedError, VaultInUseError
from coursenplus_desk.i18n import N_

Connection = Any  # sqlcipher3 ships no type information
DatabaseError = sqlcipher.DatabaseError
IntegrityError = sqlcipher.IntegrityError

_DAMAGE_CODES = {"SQLITE_NOTADB", "SQLITE_CORRUPT", "SQLITE_IOERR"}
_BUSY_CODES = {"SQLITE_BUSY", "SQLITE_LOCKED"}
BUSY_TIMEOUT_S = 0.2
_HEX = tuple(b"%02x" % value for value in range(256))

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


def damaged_vault() -> VaultDamagedError:
    return VaultDamagedError(
        N_(
            "The vault file is damaged or was altered: it cannot be read safely. "
            "Restore it from a backup."
        )
    )


def disk_full() -> DiskFullError:
    return DiskFullError(
        N_(
            "The disk is full: nothing was changed. Free some space on the disk that holds "
            "the vault, then try again."
        )
    )


def vault_in_use() -> VaultInUseError:
    return VaultInUseError(
        N_("This vault is already open in another window or program. Close it there first.")
    )


def _error_name(error: BaseException) -> str:
    return str(getattr(error, "sqlite_errorname", "") or "")


def is_damage(error: BaseException) -> bool:
    name = _error_name(error)
    return isinstance(error, DatabaseError) and any(name.startswith(c) for c in _DAMAGE_CODES)


def is_disk_full(error: BaseException) -> bool:
    if isinstance(error, OSError):
        return error.errno in (errno.ENOSPC, errno.EDQUOT)
    return _error_name(error).startswith("SQLITE_FULL") or (
        isinstance(error, DatabaseError) and "database or disk is full" in str(error)
    )


@contextmanager
def guard() -> Iterator[None]:
    """Report a damaged or tampered database as such, never as a crash or as data."""
    try:
        yield
    except DatabaseError as error:
        if is_disk_full(error):
            raise disk_full() from None
        if any(_error_name(error).startswith(code) for code in _BUSY_CODES):
            raise vault_in_use() from None
        if is_damage(error):
            raise damaged_vault() from None
        raise
    except OSError as error:
        if is_disk_full(error):
            raise disk_full() from None
        raise


def connect(path: Path, data_key: bytes | bytearray) -> Connection:
    """Open (or create) the database with the raw key and check that it can be read.

    Any thread may use the connection: its one owner is the store's `Database`,
    whose lock every statement and transaction holds (not the thread that opened it).
    """
    connection = sqlcipher.connect(
        str(path),
        isolation_level=None,
        check_same_thread=False,
        timeout=BUSY_TIMEOUT_S,  # held by another program: say so at once, do not wait
    )
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        _set_key(connection, data_key)
        connection.enable_load_extension(False)
        connection.row_factory = sqlcipher.Row
        connection.execute("PRAGMA locking_mode = EXCLUSIVE").fetchall()
        with guard():
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            for pragma in SAFE_PRAGMAS:
                connection.execute(pragma).fetchall()
            connection.execute("BEGIN EXCLUSIVE")  # taken now, kept until the close
            connection.execute("COMMIT")
    except BaseException:
        connection.close()
        raise
    return connection


def _set_key(connection: Connection, data_key: bytes | bytearray) -> None:
    """`PRAGMA key` with the raw key: built in a bytearray that is zeroed after use.

    SQLite takes the statement as text, so one transient str copy cannot be
    avoided; no other hex copy is made.
    """
    statement = bytearray(b"PRAGMA key = \"x'")
    for byte in data_key:
        statement += _HEX[byte]
    statement += b"'\""
    try:
        connection.execute(statement.decode("ascii"))
    finally:
        statement[:] = bytes(len(statement))


def page_problems(connection: Connection) -> list[str]:
    """Every page that fails its HMAC (any flipped bit anywhere); empty when sound.

    Reads and decrypts each page once: about half a second for 140 MB here.
    """
    with guard():
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        return [str(row[0]) for row in connection.execute("PRAGMA cipher_integrity_check")]


def integrity_problems(connection: Connection) -> list[str]:
    """The pages' HMACs, then SQLite's own structural check (slower: indexes, links)."""
    problems = page_problems(connection)
    with guard():
        structural = [str(row[0]) for row in connection.execute("PRAGMA integrity_check")]
    return problems + [line for line in structural if line != "ok"]
