"""Copy the whole database into a new file under a given raw key.

`ATTACH ... KEY` + `sqlcipher_export` is the only safe copy with SQLCipher:
`VACUUM INTO` can produce corrupt or partly plaintext copies
(sqlcipher/sqlcipher#338) and ATTACH without KEY silently reuses the main key.
`sqlcipher_export` does not copy `user_version` (our schema version), so it is
copied explicitly. The copy is fsynced before this returns.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from coursenplus_desk.vault.connection import Connection, guard

_ALIAS = "coursenplus_copy"


def export_database(connection: Connection, target: Path, key: bytes) -> None:
    """Write a complete, encrypted copy of `connection`'s database to the new file `target`."""
    if target.exists():
        raise FileExistsError(target)
    with guard():
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        connection.execute(f"ATTACH DATABASE ? AS {_ALIAS} KEY ?", (str(target), _raw(key)))
        try:
            connection.execute(f"PRAGMA {_ALIAS}.cipher_log_level = NONE")
            connection.execute(f"SELECT sqlcipher_export('{_ALIAS}')").fetchall()
            connection.execute(f"PRAGMA {_ALIAS}.user_version = {version}")
        except BaseException:
            with contextlib.suppress(Exception):
                connection.execute(f"DETACH DATABASE {_ALIAS}")
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
            raise
        connection.execute(f"DETACH DATABASE {_ALIAS}")
    sync_file(target)


def sync_file(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _raw(key: bytes) -> str:
    return f"x'{key.hex()}'"
