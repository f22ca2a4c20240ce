"""Shared pieces of the retention tests: a clock that moves, vaults, and a page decrypter.

`plaintext_of_vault` decrypts every page of the SQLCipher files with the raw
data key (AES-256-CBC, a 16-byte IV and a 64-byte HMAC reserved at the end of
each 4096-byte page, the salt in the first 16 bytes of page 1), so a test can
look for erased values in the free pages and WAL frames too, not only in what
SQL still returns.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from coursenplus_desk.domain.people import PersonDraft
from coursenplus_desk.services.workspace import Workspace, create_workspace
from tests.fast_kdf import FAST_KDF

PASSPHRASE = "correct horse battery"
PAGE_SIZE = 4096
RESERVE = 80  # IV (16) + HMAC-SHA512 (64)
SALT = 16
WAL_HEADER = 32
FRAME_HEADER = 24


@dataclass
class MovingClock:
    """A clock the test moves forward, so records get their real past dates."""

    day: date

    def today(self) -> date:
        return self.day

    def now(self) -> datetime:
        return datetime(self.day.year, self.day.month, self.day.day, 12, tzinfo=UTC)

    def move_to(self, day: date) -> None:
        self.day = day

    def move_by(self, days: int) -> None:
        self.day += timedelta(days=days)


def new_workspace(folder: Path, clock: MovingClock) -> Workspace:
    return create_workspace(folder, PASSPHRASE, clock, kdf=FAST_KDF)


def add_person(
    workspace: Workspace,
    given: str,
    family: str,
    *roles: str,
    email: str | None = None,
    phone: str | None = None,
    guardians: tuple[int, ...] = (),
) -> int:
    draft = PersonDraft(
        given_name=given,
        family_name=family,
        roles=roles or ("student",),
        email=email,
        phone=phone,
    )
    return workspace.people.add(draft, guardians)


def data_key(workspace: Workspace) -> bytes:
    return bytes(workspace.vault._data_key)


def _decrypt_page(page: bytes, key: bytes, first: bool) -> bytes:
    iv = page[PAGE_SIZE - RESERVE : PAGE_SIZE - RESERVE + 16]
    body = page[SALT if first else 0 : PAGE_SIZE - RESERVE]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(body) + decryptor.finalize()


def decrypted_database(path: Path, key: bytes) -> bytes:
    raw = path.read_bytes()
    pages = [raw[i : i + PAGE_SIZE] for i in range(0, len(raw), PAGE_SIZE)]
    plain = [_decrypt_page(page, key, index == 0) for index, page in enumerate(pages)]
    # Page 1 decrypts to the SQLite header from byte 16: page size 4096, 80 reserved bytes.
    assert plain[0][0:2] == b"\x10\x00" and plain[0][4] == RESERVE, "not decrypted"
    return b"".join(plain)


def decrypted_wal(path: Path, key: bytes) -> bytes:
    raw = path.read_bytes()
    frames = []
    for offset in range(WAL_HEADER, len(raw), FRAME_HEADER + PAGE_SIZE):
        (page_number,) = struct.unpack(">I", raw[offset : offset + 4])
        page = raw[offset + FRAME_HEADER : offset + FRAME_HEADER + PAGE_SIZE]
        frames.append(_decrypt_page(page, key, page_number == 1))
    return b"".join(frames)


def plaintext_of_vault(folder: Path, key: bytes) -> dict[str, bytes]:
    """Every file of the vault folder: as is, and decrypted where it is the database."""
    files: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        files[path.name] = path.read_bytes()
        if path.name.endswith(".db"):
            files[path.name + " (decrypted)"] = decrypted_database(path, key)
        elif path.name.endswith("-wal") and path.stat().st_size > WAL_HEADER:
            files[path.name + " (decrypted)"] = decrypted_wal(path, key)
    return files


def files_containing(files: dict[str, bytes], value: str) -> list[str]:
    needle = value.encode("utf-8")
    return [name for name, content in files.items() if needle in content]
