"""Write a small file so that a crash leaves either the old or the new content.

Every file is readable by its owner only (mode 0600 on POSIX): the temporary
file `mkstemp` makes already is, and the rename keeps it.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    import tempfile  # with random: not needed to unlock, which writes no file

    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(temporary).unlink()
        raise
    sync_folder(path.parent)


def write_private(path: Path, data: bytes) -> None:
    """A document or export the person asked for: atomic, and readable by them only."""
    write_atomically(path, data)
    if os.name == "posix":
        path.chmod(PRIVATE_FILE_MODE)


PRIVATE_FILE_MODE = 0o600
PRIVATE_FOLDER_MODE = 0o700


def private_umask() -> None:
    """Files and folders this process creates are its user's alone (logs, locks, settings)."""
    if os.name == "posix":
        os.umask(0o077)


def sync_folder(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a folder for fsync; os.replace is durable enough there.
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
